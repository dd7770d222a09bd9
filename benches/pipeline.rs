//! Whole-pipeline benchmark over generated corpora.
//!
//! ```sh
//! cargo bench --bench pipeline -- --sizes 1000,10000,100000 --threads 1,2 --repeat 3
//! ```
//!
//! With `--repeat N` (default 1) each (size, threads) runs N times and the
//! fastest run is reported, with the slowest total beside it: on a shared
//! or virtual machine the fastest run is the one least disturbed by others.
//!
//! For each size, a deterministic corpus (`crosscheck::generate`, seed 1) is
//! written once under the target folder and reused. Each (size, threads)
//! run happens in a fresh child process (this binary re-executed), so its
//! peak RSS (VmHWM) is its own. The child times the stages with `Instant`:
//! load (read, metadata, masking, near-duplicates), extract, align, render
//! (the JSON report, after freeing the texts as the CLI does). A second
//! child times near-duplicate marking alone (already part of load), for
//! scale, outside the totals; a third reads the files alone, with the
//! pipeline's own walk and reader threads and nothing done with the bytes
//! (`corpus::read_only`): the floor under the run, which no work on the
//! text can go below. The parent prints a table, the reading floor against
//! the 50 MB/s-per-core budget, the growth ratios and the speed-ups.
//!
//! "MB/s/core" is the text's megabytes over wall time and worker threads;
//! "CPU s" is the child's user and system time over the timed stages (the
//! rules are compiled before), all threads (the reader threads that load
//! files included), and "MB per CPU s" the text's megabytes over it: the
//! throughput of one busy core. A run cannot take less wall time than its
//! CPU time spread over the processors it may use, so each speed-up is
//! printed with that ceiling: the one-thread time over the two-thread
//! run's CPU seconds shared by two processors (or all of them, unpinned).
//!
//! With `--pin` each run is confined (`taskset`, Linux) to as many
//! processors as it has worker threads. Files are read by reader threads
//! of their own (see `corpus::read_ahead`); unpinned, a one-thread run's
//! readers use the second processor, so "one thread" is not one core.
//! Pinned, the speed-up is that of one core against two.
//!
//! With `--cold` the page cache is emptied before every run (Linux, as
//! root: `/proc/sys/vm/drop_caches`), so every size reads its files from
//! the disk. Without it a run finds whatever the runs before it left in the
//! cache; on a machine whose cache drains within a minute (as this
//! project's VM does) the largest corpus is then read cold and the smaller
//! ones warm, and their growth ratio mixes the two.
//!
//! The host's speed moves between hours on a shared machine, so the bench
//! also times a fixed computation written in it, not in crosscheck (the
//! "host reference", [`host_reference`]), at the start, before each run and
//! at the end, with the processor's model; `--reference` prints it alone.
//! Best of five short tries, it tells a slower processor from a faster one,
//! not a neighbour's load during a long run: the pipeline's own time can
//! move by half from one run to the next, and the reference timed beside
//! it predicts little of that (the performance log, 2026-12-07).
//!
//! Under `cargo test` (no `--bench` argument) it runs one tiny size, so CI
//! checks that it works without timing anything (nor the reference).

/// The binary's allocator (see `src/main.rs`), so the bench measures what
/// `crosscheck` runs.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use crosscheck::generate::{file_path, Generator};
use crosscheck::report;
use crosscheck::rules::{self, load};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One measured run.
#[derive(Debug, Clone, Default)]
struct Run {
    docs: usize,
    threads: usize,
    bytes: usize,
    claims: usize,
    findings: usize,
    load: f64,
    extract: f64,
    align: f64,
    render: f64,
    dedup: f64,
    /// Reading the files alone (no work on them), fastest of the repeats,
    /// and that child's CPU seconds: the floor under `total` and `cpu`.
    read: f64,
    read_cpu: f64,
    /// The slowest total of the repeats (the fastest is reported).
    slowest: f64,
    cpu: f64,
    rss_mb: f64,
    /// The host reference ([`host_reference`]) just before the run's
    /// repeats, in the parent, in seconds.
    reference: f64,
}

impl Run {
    fn total(&self) -> f64 {
        self.load + self.extract + self.align + self.render
    }

    fn to_line(&self) -> String {
        format!(
            "RESULT {} {} {} {} {} {:.6} {:.6} {:.6} {:.6} {:.6} {:.3} {:.1}",
            self.docs,
            self.threads,
            self.bytes,
            self.claims,
            self.findings,
            self.load,
            self.extract,
            self.align,
            self.render,
            self.dedup,
            self.cpu,
            self.rss_mb
        )
    }

    fn from_line(line: &str) -> Option<Run> {
        let f: Vec<&str> = line.strip_prefix("RESULT ")?.split_whitespace().collect();
        let u = |i: usize| f.get(i).and_then(|s| s.parse::<usize>().ok());
        let x = |i: usize| f.get(i).and_then(|s| s.parse::<f64>().ok());
        Some(Run {
            docs: u(0)?,
            threads: u(1)?,
            bytes: u(2)?,
            claims: u(3)?,
            findings: u(4)?,
            load: x(5)?,
            extract: x(6)?,
            align: x(7)?,
            render: x(8)?,
            dedup: x(9)?,
            read: 0.0,
            read_cpu: 0.0,
            slowest: 0.0,
            reference: 0.0,
            cpu: x(10)?,
            rss_mb: x(11)?,
        })
    }
}

/// User + system CPU seconds of this process so far, every thread (those
/// that ended included), to the microsecond (`crosscheck::usage` reads
/// `/proc`, to the hundredth of a second: enough for `--timings`, not for
/// comparing runs of a tenth of a second).
#[cfg(unix)]
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return 0.0;
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Not measured on this platform.
#[cfg(not(unix))]
fn cpu_seconds() -> f64 {
    0.0
}

/// The corpus of `docs` documents, generated once and reused: in
/// `CROSSCHECK_BENCH_CORPORA` if set (so a bench built into another target
/// folder, as `scripts/pgo.sh` does, reuses the corpora), else in cargo's
/// temporary folder of the target folder this bench was built in.
fn corpus(docs: usize, seed: u64) -> PathBuf {
    let base = std::env::var_os("CROSSCHECK_BENCH_CORPORA").map_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")), PathBuf::from);
    let dir = base.join(format!("bench-corpus-v1/seed{seed}-{docs}"));
    let done = dir.join(".complete");
    if done.exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("generating {docs} documents in {} …", dir.display());
    for (i, doc) in Generator::new(docs, seed).enumerate() {
        let path = file_path(&dir, i, &doc.id);
        if i % 1000 == 0 {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("create corpus folder");
            }
        }
        std::fs::write(&path, doc.file_text()).expect("write document");
    }
    std::fs::write(&done, "").expect("mark corpus complete");
    dir
}

/// The near-duplicate child: loads the corpus (which marks copies) and
/// times marking them again, alone, for scale. A process of its own, so
/// the pipeline child's peak memory is the pipeline's.
fn dedup_child(dir: &Path, threads: usize) -> f64 {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
    let sources = load::resolve_sources(&[], false).expect("rule sources");
    let rules = rules::compile(&sources).expect("rules compile");
    pool.install(|| {
        let mut documents = crosscheck::corpus::load(&[dir.to_path_buf()], &rules.corpus).documents;
        let t0 = Instant::now();
        crosscheck::corpus::mark_near_duplicates(&mut documents, rules.corpus.near_duplicate_threshold);
        t0.elapsed().as_secs_f64()
    })
}

/// The reading child: walks and reads the corpus with the pipeline's own
/// reader and does nothing with the bytes. Its seconds and CPU seconds.
fn read_child(dir: &Path, threads: usize) -> (f64, f64) {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    let tally = pool.install(|| crosscheck::corpus::read_only(&[dir.to_path_buf()]));
    let seconds = t0.elapsed().as_secs_f64();
    assert_eq!(tally.failed, 0, "every file reads");
    (seconds, cpu_seconds() - cpu0)
}

/// A writer that only counts what it is given.
struct ByteCounter(usize);

impl std::io::Write for ByteCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The child: one timed run of the whole pipeline.
fn child(dir: &Path, threads: usize) -> Run {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
    let sources = load::resolve_sources(&[], false).expect("rule sources");
    let rules = rules::compile(&sources).expect("rules compile");
    pool.install(|| {
        let cpu0 = cpu_seconds();
        let t0 = Instant::now();
        let loaded = crosscheck::corpus::load(&[dir.to_path_buf()], &rules.corpus);
        let t1 = Instant::now();
        let claims = crosscheck::extract::extract_all(&loaded.documents, &rules);
        let t2 = Instant::now();
        let findings = crosscheck::align::align(&loaded.documents, &claims, &rules);
        let t_align = Instant::now();
        let documents = loaded.documents;
        let bytes = documents.iter().map(|d| d.text.len()).sum();
        let docs = documents.len();
        let mut analysis = crosscheck::model::Analysis { documents, claims, findings, skipped: loaded.skipped, warnings: loaded.warnings };
        let t3 = Instant::now();
        analysis.drop_texts(); // as the CLI does
                               // as the CLI writes it: streamed (here into a byte counter)
        let mut counter = ByteCounter(0);
        report::write_json(&analysis, &mut counter).expect("render");
        let out = counter.0;
        let t4 = Instant::now();
        let cpu = cpu_seconds() - cpu0;
        let rss = crosscheck::usage::peak_memory_mb().unwrap_or(0.0);
        std::hint::black_box(out);
        Run {
            docs,
            threads,
            bytes,
            claims: analysis.claims.len(),
            findings: analysis.findings.len(),
            load: (t1 - t0).as_secs_f64(),
            extract: (t2 - t1).as_secs_f64(),
            align: (t_align - t2).as_secs_f64(),
            render: (t4 - t3).as_secs_f64(),
            dedup: 0.0, // measured by its own child
            read: 0.0,  // likewise
            read_cpu: 0.0,
            slowest: 0.0,
            reference: 0.0, // the parent's
            cpu,
            rss_mb: rss,
        }
    })
}

fn list(args: &[String], flag: &str, default: &[usize]) -> Vec<usize> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// Prints the runs, the reading floor, growth and speed-up. `pin`: each run
/// was confined to as many processors as its worker threads; otherwise it
/// could use all `processors`.
fn print_table(runs: &[Run], pin: bool, processors: usize) {
    println!();
    println!(
        "| docs | MB | threads | load s | extract s | align s | render s | total s | (slowest) | docs/s | MB/s | MB/s/core | CPU s | MB per CPU s | peak RSS MB | (dedup s) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in runs {
        let mb = r.bytes as f64 / 1e6;
        let t = r.total();
        println!(
            "| {} | {:.1} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.0} | {:.1} | {:.1} | {:.2} | {:.1} | {:.0} | {:.3} |",
            r.docs,
            mb,
            r.threads,
            r.load,
            r.extract,
            r.align,
            r.render,
            t,
            r.slowest,
            r.docs as f64 / t,
            mb / t,
            mb / t / r.threads as f64,
            r.cpu,
            mb / r.cpu,
            r.rss_mb,
            r.dedup
        );
    }
    println!();
    println!("Reading alone (the same walk and reader threads, nothing done with the bytes): the floor under each run.");
    println!("\"budget\" is the wall time 50 MB/s per core allows the whole run.");
    println!();
    println!("| docs | threads | read s | read CPU s | run total s | read / run | budget s | read / budget | MB/s/core, reading alone |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in runs {
        let mb = r.bytes as f64 / 1e6;
        let budget = mb / 50.0 / r.threads as f64;
        println!(
            "| {} | {} | {:.3} | {:.2} | {:.3} | {:.0}% | {:.3} | {:.0}% | {:.1} |",
            r.docs,
            r.threads,
            r.read,
            r.read_cpu,
            r.total(),
            100.0 * r.read / r.total(),
            budget,
            100.0 * r.read / budget,
            mb / r.read / r.threads as f64
        );
    }
    let mut threads: Vec<usize> = runs.iter().map(|r| r.threads).collect();
    threads.sort_unstable();
    threads.dedup();
    println!();
    for t in &threads {
        let by: Vec<&Run> = runs.iter().filter(|r| r.threads == *t).collect();
        for w in by.windows(2) {
            let (a, b) = (w[0], w[1]);
            let size = b.docs as f64 / a.docs as f64;
            let time = b.total() / a.total();
            println!("growth, {t} thread(s): {} → {} docs ({size:.0}×): time {time:.2}× = {:.2}× linear", a.docs, b.docs, time / size);
        }
    }
    for r in runs.iter().filter(|r| r.threads == 1) {
        if let Some(two) = runs.iter().find(|o| o.docs == r.docs && o.threads == 2) {
            // a run cannot take less wall time than its CPU time spread over every processor it may use
            let usable = if pin { 2 } else { processors.max(2) };
            let ceiling = r.total() / (two.cpu / usable as f64);
            println!(
                "speed-up, {} docs: 1 → 2 threads {:.2}× (ceiling {ceiling:.2}×: the two-thread run's {:.2} CPU s on {usable} processors at best)",
                r.docs,
                r.total() / two.total(),
                two.cpu
            );
        }
    }
}

/// The host reference's input: 8 MB of pseudo-random lowercase words of one
/// to ten letters, each followed by a space, the same on every run.
fn reference_text() -> Vec<u8> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut text = Vec::with_capacity(8_000_000 + 16);
    while text.len() < 8_000_000 {
        let r = next();
        let letters = 1 + (r % 10) as usize;
        text.extend((0..letters).map(|i| b'a' + ((r >> (8 + 5 * i)) % 26) as u8));
        text.push(b' ');
    }
    text
}

/// The host reference: a fixed computation written here, not in crosscheck,
/// so that no change to crosscheck moves it. It hashes every word of `text`
/// (a multiply a byte, a branch at each word's end, as scanning text does),
/// sorts the hashes and counts the distinct ones (memory the allocator must
/// fetch from the kernel, as the pipeline's buffers do). Best of five, in
/// seconds: the machine behind a benchmark changes between days, and this
/// tells a slower processor from slower code.
fn host_reference(text: &[u8]) -> f64 {
    let once = || {
        let t0 = Instant::now();
        let mut hashes: Vec<u32> = Vec::new();
        for word in text.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
            let h = word.iter().fold(0x8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
            hashes.push((h >> 32) as u32);
        }
        hashes.sort_unstable();
        hashes.dedup();
        std::hint::black_box(hashes.len());
        t0.elapsed().as_secs_f64()
    };
    (0..5).map(|_| once()).fold(f64::INFINITY, f64::min)
}

/// The processor's model and clock as `/proc/cpuinfo` gives them (Linux),
/// for the record: the machine behind a benchmark changes between days.
fn processor_model() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field = |name: &str| {
        info.lines().find_map(|l| {
            let (key, value) = l.split_once(':')?;
            (key.trim() == name).then(|| value.trim().to_string())
        })
    };
    match (field("model name"), field("cpu MHz")) {
        (Some(model), Some(mhz)) => format!("{model}, {mhz} MHz"),
        (Some(model), None) => model,
        _ => "not known (no /proc/cpuinfo)".to_string(),
    }
}

/// Prints the host reference taken at the start, before each run and at the
/// end, and its spread over the bench.
fn print_reference(runs: &[Run], first: f64, last: f64) {
    let before: Vec<String> = runs.iter().map(|r| format!("{} docs/{}t {:.3}", r.docs, r.threads, r.reference)).collect();
    let all = runs.iter().map(|r| r.reference).chain([first, last]);
    let (low, high) = all.fold((f64::INFINITY, 0.0_f64), |(lo, hi), x| (lo.min(x), hi.max(x)));
    println!();
    println!(
        "host reference (a fixed computation written in the bench, not in crosscheck; best of 5; lower is a faster host): \
         {first:.3} s at the start; before the runs: {}; {last:.3} s at the end; spread {:.0}%",
        before.join(", "),
        100.0 * (high / low - 1.0)
    );
}

/// Empties the page cache (Linux, as root), so the next run reads its files
/// from the disk, whatever ran before.
fn drop_page_cache() {
    let synced = Command::new("sync").status().is_ok_and(|s| s.success());
    let dropped = std::fs::write("/proc/sys/vm/drop_caches", "1").is_ok();
    assert!(synced && dropped, "--cold empties the page cache through /proc/sys/vm/drop_caches: Linux, as root");
}

/// The command that runs this binary as a child with `threads` workers;
/// with `pin`, under `taskset` on the first `threads` processors, so that
/// the reader threads share the workers' cores instead of using idle ones.
fn child_command(exe: &Path, threads: usize, pin: bool) -> Command {
    if pin {
        let mut command = Command::new("taskset");
        command.arg("-c").arg(format!("0-{}", threads.max(1) - 1)).arg(exe);
        command
    } else {
        Command::new(exe)
    }
}

/// The standard output of one run of this binary as the child `flag`
/// (`--child`, `--child-dedup`, `--child-read`) over `dir`; with `cold`,
/// from an empty page cache.
fn child_output(exe: &Path, flag: &str, dir: &Path, threads: usize, cold: bool, pin: bool) -> String {
    if cold {
        drop_page_cache();
    }
    let out = child_command(exe, threads, pin).arg(flag).arg(dir).arg(threads.to_string()).output().expect("run child");
    assert!(out.status.success(), "child {flag} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One run of the pipeline child.
fn measure(exe: &Path, dir: &Path, threads: usize, cold: bool, pin: bool) -> Run {
    child_output(exe, "--child", dir, threads, cold, pin).lines().find_map(Run::from_line).expect("child result")
}

/// One run of the near-duplicate child: its seconds.
fn measure_dedup(exe: &Path, dir: &Path, threads: usize, cold: bool, pin: bool) -> f64 {
    let out = child_output(exe, "--child-dedup", dir, threads, cold, pin);
    out.lines().find_map(|l| l.strip_prefix("DEDUP ")?.trim().parse().ok()).expect("dedup child result")
}

/// One run of the reading child: its seconds and CPU seconds.
fn measure_read(exe: &Path, dir: &Path, threads: usize, cold: bool, pin: bool) -> (f64, f64) {
    let out = child_output(exe, "--child-read", dir, threads, cold, pin);
    out.lines()
        .find_map(|l| {
            let mut f = l.strip_prefix("READ ")?.split_whitespace().map(|x| x.parse::<f64>().ok());
            Some((f.next()??, f.next()??))
        })
        .expect("reading child result")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child-read") {
        let dir = PathBuf::from(args.get(i + 1).expect("child corpus"));
        let threads: usize = args.get(i + 2).and_then(|t| t.parse().ok()).expect("child threads");
        let (seconds, cpu) = read_child(&dir, threads);
        println!("READ {seconds:.6} {cpu:.3}");
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--child-dedup") {
        let dir = PathBuf::from(args.get(i + 1).expect("child corpus"));
        let threads: usize = args.get(i + 2).and_then(|t| t.parse().ok()).expect("child threads");
        println!("DEDUP {:.6}", dedup_child(&dir, threads));
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--child") {
        let dir = PathBuf::from(args.get(i + 1).expect("child corpus"));
        let threads: usize = args.get(i + 2).and_then(|t| t.parse().ok()).expect("child threads");
        println!("{}", child(&dir, threads).to_line());
        return;
    }
    if args.iter().any(|a| a == "--reference") {
        println!("REFERENCE {:.6}", host_reference(&reference_text()));
        return;
    }
    let benching = args.iter().any(|a| a == "--bench");
    // not under `cargo test`, whose build is not optimised
    let reference_input = if benching { reference_text() } else { Vec::new() };
    let reference = || if benching { host_reference(&reference_input) } else { 0.0 };
    let (sizes, threads) = if benching {
        (list(&args, "--sizes", &[1000, 10000]), list(&args, "--threads", &[1, 2]))
    } else {
        // `cargo test`: one tiny run, to check the bench works
        (list(&args, "--sizes", &[50]), list(&args, "--threads", &[2]))
    };
    let seed = list(&args, "--seed", &[1]).first().copied().unwrap_or(1) as u64;
    let repeat = list(&args, "--repeat", &[1]).first().copied().unwrap_or(1).max(1);
    let cold = args.iter().any(|a| a == "--cold");
    let pin = args.iter().any(|a| a == "--pin");
    let exe = std::env::current_exe().expect("own path");
    let mut runs = Vec::new();
    let first_reference = reference();
    for &size in &sizes {
        let dir = corpus(size, seed);
        for &t in &threads {
            let reference = reference();
            let mut tries: Vec<Run> = (0..repeat).map(|_| measure(&exe, &dir, t, cold, pin)).collect();
            tries.sort_by(|a, b| a.total().total_cmp(&b.total()));
            let slowest = tries.last().map_or(0.0, Run::total);
            // memory is not noise: the highest peak of the repeats
            let rss_mb = tries.iter().map(|r| r.rss_mb).fold(0.0, f64::max);
            let mut run = tries.swap_remove(0);
            run.slowest = slowest;
            run.rss_mb = rss_mb;
            run.reference = reference;
            run.dedup = (0..repeat).map(|_| measure_dedup(&exe, &dir, t, cold, pin)).fold(f64::INFINITY, f64::min);
            let reads: Vec<(f64, f64)> = (0..repeat).map(|_| measure_read(&exe, &dir, t, cold, pin)).collect();
            (run.read, run.read_cpu) = reads.into_iter().fold((f64::INFINITY, 0.0), |best, r| if r.0 < best.0 { r } else { best });
            assert_eq!(run.docs, size, "every generated document loads");
            eprintln!("{size} docs, {t} thread(s): {:.3} s (slowest of {repeat}: {slowest:.3} s)", run.total());
            runs.push(run);
        }
    }
    print_table(&runs, pin, std::thread::available_parallelism().map_or(1, usize::from));
    if benching {
        print_reference(&runs, first_reference, reference());
    }
    println!("machine: {}, {} processors available", processor_model(), std::thread::available_parallelism().map_or(1, usize::from));
    println!("page cache: {}", if cold { "emptied before every run (--cold)" } else { "as the runs before left it" });
    println!(
        "processors: {}",
        if pin { "each run pinned to as many as its worker threads (--pin, taskset)" } else { "all, whatever the worker threads" }
    );
}
