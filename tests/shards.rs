//! Map and reduce: splitting a corpus into shards, extracting each shard
//! separately (`claims --format jsonl`) and aligning the merged claims
//! (`align`) gives exactly the report of one run over the whole corpus; and
//! the generator that makes the corpora for it and for the benchmark.

mod common;

use std::path::{Path, PathBuf};

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "txt" || e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn ok(out: std::process::Output) -> Vec<u8> {
    assert!(out.status.success(), "crosscheck failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn run_in(cwd: &Path, args: &[String]) -> Vec<u8> {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(common::run_in(cwd, &refs))
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The bundled corpus, a fixture whose toll is revised down (a claim given
/// as lowered, which the claims stream must carry) and a generated corpus
/// (with near-duplicate copies) under `dir`, as paths relative to `dir`;
/// the bundled manifest comes along.
fn corpus(dir: &Path) -> Vec<PathBuf> {
    for (from, to) in [("corpus/kazakhstan-2022", "bundled"), ("tests/fixtures/other_events/bus", "bus")] {
        std::fs::create_dir_all(dir.join(to)).expect("mkdir");
        for f in std::fs::read_dir(common::root().join(from)).expect("corpus") {
            let f = f.expect("entry").path();
            std::fs::copy(&f, dir.join(to).join(f.file_name().expect("name"))).expect("copy");
        }
    }
    run_in(dir, &strings(&["generate", "--docs", "240", "--seed", "11", "--out", "generated"]));
    files_under(dir).into_iter().map(|p| p.strip_prefix(dir).expect("under dir").to_path_buf()).collect()
}

#[test]
fn shards_extracted_apart_and_aligned_together_give_the_one_run_report() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let files = corpus(dir);
    assert!(files.len() > 200, "{} files", files.len());

    let one = run_in(dir, &strings(&["report", "--format", "json", "bundled", "bus", "generated"]));
    let report: serde_json::Value = serde_json::from_slice(&one).expect("JSON");
    let lowered = report["claims"].as_array().expect("claims").iter().filter(|c| c["lowered"].is_string()).count();
    assert!(lowered >= 1, "the corpus should hold a figure given as lowered");
    let copies = report["documents"].as_array().expect("documents").iter().filter(|d| !d["duplicate_of"].is_null()).count();
    assert!(copies >= 2, "the corpus should hold near-duplicate copies, found {copies}");

    // Three shards, files dealt round-robin, so copies and their originals
    // land in different shards.
    let mut streams = Vec::new();
    for shard in 0..3 {
        let mut args = strings(&["claims", "--format", "jsonl"]);
        args.extend(files.iter().skip(shard).step_by(3).map(|p| p.display().to_string()));
        let lines = run_in(dir, &args);
        let name = format!("shard-{shard}.jsonl");
        std::fs::write(dir.join(&name), lines).expect("write shard");
        streams.push(name);
    }
    for format in ["json", "table", "csv", "markdown", "claimreview"] {
        let mut args = strings(&["align", "--format", format]);
        args.extend(streams.iter().cloned());
        let merged = run_in(dir, &args);
        let single = if format == "json" {
            one.clone()
        } else {
            run_in(dir, &strings(&["report", "--format", format, "bundled", "bus", "generated"]))
        };
        assert!(merged == single, "{format}: the aligned shards differ from one run");
    }
}

/// The map step does not look for copies, even among the files of its own
/// input (the reduce step looks over every stream): its document records
/// say `"duplicate_of":null`, and aligning its one stream still marks the
/// copies, as one run does.
#[test]
fn copies_are_found_by_the_reduce_step_not_the_map_step() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    corpus(dir);
    let inputs = ["bundled", "bus", "generated"];
    let one = run_in(dir, &strings(&[&["report", "--format", "json"][..], &inputs].concat()));
    let report: serde_json::Value = serde_json::from_slice(&one).expect("JSON");
    let copies = report["documents"].as_array().expect("documents").iter().filter(|d| !d["duplicate_of"].is_null()).count();
    assert!(copies >= 2, "the corpus should hold near-duplicate copies, found {copies}");

    let stream = run_in(dir, &strings(&[&["claims", "--format", "jsonl"][..], &inputs].concat()));
    let records: Vec<serde_json::Value> =
        String::from_utf8(stream.clone()).expect("UTF-8").lines().map(|l| serde_json::from_str(l).expect("a record")).collect();
    let documents: Vec<&serde_json::Value> = records.iter().filter(|r| r["type"] == "document").collect();
    assert_eq!(documents.len(), report["documents"].as_array().expect("documents").len());
    assert!(documents.iter().all(|d| d["duplicate_of"].is_null()), "the map step marked a copy");

    std::fs::write(dir.join("all.jsonl"), stream).expect("write stream");
    assert!(run_in(dir, &strings(&["align", "--format", "json", "all.jsonl"])) == one, "the aligned stream differs from one run");
}

/// Writes `articles.jsonl`, `docs` generated articles (seed `seed`), in
/// `dir`, and returns the JSON report of one run over it.
fn generated_articles(dir: &Path, docs: usize, seed: u64) -> Vec<u8> {
    run_in(dir, &strings(&["generate", "--docs", &docs.to_string(), "--seed", &seed.to_string(), "--jsonl", "articles.jsonl"]));
    run_in(dir, &strings(&["report", "--format", "json", "--jsonl", "articles.jsonl"]))
}

#[test]
fn jsonl_input_streams_through_the_map_step() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let one = generated_articles(dir, 60, 3);
    let claims = run_in(dir, &strings(&["claims", "--format", "jsonl", "--jsonl", "articles.jsonl"]));
    let text = String::from_utf8(claims).expect("UTF-8");
    let documents = text.lines().filter(|l| l.starts_with("{\"type\":\"document\"")).count();
    assert_eq!(documents, 60);
    std::fs::write(dir.join("claims.jsonl"), &text).expect("write");
    let merged = run_in(dir, &strings(&["align", "--format", "json", "claims.jsonl"]));
    assert!(merged == one, "align over the streamed claims differs from one run over the JSONL input");
}

#[test]
fn a_broken_claims_line_is_reported_and_the_rest_aligned() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let lines = ok(common::run(&["claims", "--format", "jsonl", "corpus/kazakhstan-2022"]));
    let mut text = String::from_utf8(lines).expect("UTF-8");
    text.push_str("{not a record\n");
    std::fs::write(dir.join("claims.jsonl"), &text).expect("write");
    let out = common::run_in(dir, &["align", "--format", "json", "claims.jsonl"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = text.lines().count();
    assert!(stderr.contains(&format!("claims.jsonl:{last}: not a claims record")), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["documents"].as_array().map(Vec::len), Some(5));
}

#[test]
fn claims_lines_not_utf8_or_orphaned_are_reported_and_the_rest_aligned() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let stream = ok(common::run(&["claims", "--format", "jsonl", "corpus/kazakhstan-2022"]));
    // a claim before any document: an orphan, the first line
    let text = String::from_utf8(stream.clone()).expect("UTF-8");
    let claim = text.lines().find(|l| l.starts_with("{\"type\":\"claim\"")).expect("a claim record");
    let mut bytes = format!("{claim}\n").into_bytes();
    bytes.extend_from_slice(&stream);
    let good_lines = bytes.iter().filter(|&&b| b == b'\n').count();
    // a stray byte on a line of its own, after every record
    bytes.extend_from_slice(b"{\"type\":\"skipped\",\"path\":\"x\xff\",\"reason\":\"r\"}\n");
    std::fs::write(dir.join("claims.jsonl"), &bytes).expect("write");
    let out = common::run_in(dir, &["align", "--format", "json", "claims.jsonl"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("claims.jsonl:{}: not a claims record: not UTF-8 (invalid byte at offset 27)", good_lines + 1)),
        "{stderr}"
    );
    assert!(stderr.contains("claims.jsonl:1: claim `") && stderr.contains("does not follow a record of its document"), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["documents"].as_array().map(Vec::len), Some(5));
    // both lines are skipped inputs of the report, which --fail-on skipped sees
    let skipped: Vec<&str> = report["skipped"].as_array().expect("skipped").iter().filter_map(|s| s["path"].as_str()).collect();
    assert_eq!(skipped, ["claims.jsonl:1".to_string(), format!("claims.jsonl:{}", good_lines + 1)]);
    assert_eq!(report["summary"]["skipped"], 2);
    let gate = common::run_in(dir, &["align", "--fail-on", "skipped", "--format", "json", "claims.jsonl"]);
    assert_eq!(gate.status.code(), Some(1), "{}", String::from_utf8_lossy(&gate.stderr));
    let claims = report["claims"].as_array().map(Vec::len).unwrap_or(0);
    // the same claims as a clean stream gives
    std::fs::write(dir.join("clean.jsonl"), &stream).expect("write");
    let clean_report: serde_json::Value =
        serde_json::from_slice(&common::run_in(dir, &["align", "--format", "json", "clean.jsonl"]).stdout).expect("JSON");
    assert_eq!(clean_report["claims"].as_array().map(Vec::len), Some(claims));
    assert!(claims > 0);
}

#[test]
fn the_generator_never_replaces_a_file_or_fills_a_folder_unasked() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    std::fs::write(dir.join("mine.jsonl"), "my own notes\n").expect("write");
    let refused = common::run_in(dir, &["generate", "--docs", "5", "--jsonl", "mine.jsonl"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("mine.jsonl already exists (use --force to replace it)"));
    assert_eq!(std::fs::read_to_string(dir.join("mine.jsonl")).expect("read"), "my own notes\n", "left as it was");
    // asked: replaced whole, the same lines as a new file gets
    ok(common::run_in(dir, &["generate", "--docs", "5", "--jsonl", "mine.jsonl", "--force"]));
    ok(common::run_in(dir, &["generate", "--docs", "5", "--jsonl", "new.jsonl"]));
    let replaced = std::fs::read(dir.join("mine.jsonl")).expect("read");
    assert_eq!(replaced, std::fs::read(dir.join("new.jsonl")).expect("read"));
    assert_eq!(replaced.iter().filter(|&&b| b == b'\n').count(), 5);
    // a folder with anything in it is refused, --force or not
    std::fs::create_dir(dir.join("folder")).expect("mkdir");
    std::fs::write(dir.join("folder/keep.txt"), "x").expect("write");
    for extra in [&[][..], &["--force"][..]] {
        let args: Vec<&str> = ["generate", "--docs", "5", "--out", "folder"].iter().chain(extra).copied().collect();
        assert_eq!(common::run_in(dir, &args).status.code(), Some(2), "{args:?}");
    }
    assert_eq!(std::fs::read_dir(dir.join("folder")).expect("read dir").count(), 1);
}

#[test]
fn a_byte_order_mark_or_crlf_line_ends_lose_no_record() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let stream = ok(common::run(&["claims", "--format", "jsonl", "corpus/kazakhstan-2022"]));
    std::fs::write(dir.join("plain.jsonl"), &stream).expect("write");
    // a BOM before the first record, Windows line ends throughout
    let mut marked = b"\xEF\xBB\xBF".to_vec();
    for line in stream.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        marked.extend_from_slice(line);
        marked.extend_from_slice(b"\r\n");
    }
    std::fs::write(dir.join("marked.jsonl"), &marked).expect("write");
    let plain = run_in(dir, &strings(&["align", "--format", "json", "plain.jsonl"]));
    let out = common::run_in(dir, &["align", "--format", "json", "marked.jsonl"]);
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout == plain, "the same report as from the plain stream");
    // the map step's input likewise
    std::fs::write(dir.join("articles.jsonl"), "\u{feff}{\"id\": \"x\", \"text\": \"Police said 18 people were killed.\"}\r\n")
        .expect("write");
    let claims = common::run_in(dir, &["claims", "--format", "jsonl", "--jsonl", "articles.jsonl"]);
    assert!(claims.status.success() && claims.stderr.is_empty(), "{}", String::from_utf8_lossy(&claims.stderr));
    assert!(String::from_utf8_lossy(&claims.stdout).contains("\"type\":\"claim\""));
}

#[test]
fn a_repeated_document_id_is_renamed_as_one_run_renames_it_and_a_shard_given_twice_counts_once() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    // two articles with one id; each has parts that add up to a total
    let lines = [
        r#"{"id":"x","outlet":"A","published":"2022-01-08","event":"k-2022","text":"Police said at least 26 armed criminals and 18 security officers had been killed."}"#,
        r#"{"id":"x","outlet":"B","published":"2022-01-09","event":"k-2022","text":"The ministry said 30 armed criminals and 19 security officers had been killed."}"#,
    ];
    std::fs::write(dir.join("articles.jsonl"), lines.join("\n") + "\n").expect("write");
    let one = run_in(dir, &strings(&["report", "--format", "json", "--jsonl", "articles.jsonl"]));
    let claims = run_in(dir, &strings(&["claims", "--format", "jsonl", "--jsonl", "articles.jsonl"]));
    std::fs::write(dir.join("claims.jsonl"), &claims).expect("write");
    let out = common::run_in(dir, &["align", "--format", "json", "claims.jsonl"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("claims.jsonl:6: id `x` is taken; renamed `x~2`"));
    assert!(out.stdout == one, "align renames as the one run does, claim ids and a total's parts included");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let total = report["claims"].as_array().expect("claims").iter().find(|c| c["id"] == "x~2:sum-1").expect("the renamed total");
    assert_eq!(total["parts"], serde_json::json!(["x~2:1", "x~2:2"]));
    // the same shard given twice: each document once
    let twice = common::run_in(dir, &["align", "--format", "json", "claims.jsonl", "claims.jsonl"]);
    assert!(twice.stdout == one, "a shard given twice counts once");
    let stderr = String::from_utf8_lossy(&twice.stderr);
    assert!(stderr.contains("claims.jsonl:2: document `x` given twice; this copy is left out"), "{stderr}");
    assert!(stderr.contains("claims.jsonl:6: document `x` given twice; this copy is left out"), "{stderr}");
}

/// Runs the binary from `cwd` with `input` on its standard input, as a
/// streaming engine runs its map step (Spark's `RDD.pipe`, GNU parallel's
/// `--pipe`); fails the test on a failed run.
fn run_piped(cwd: &Path, args: &[&str], input: Vec<u8>) -> Vec<u8> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run crosscheck");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer thread").expect("write stdin");
    ok(out)
}

#[test]
fn pieces_of_a_jsonl_stream_piped_apart_keep_the_paths_their_records_give() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let one = generated_articles(dir, 90, 5);
    let text = std::fs::read_to_string(dir.join("articles.jsonl")).expect("read");
    let plain: Vec<String> = text.lines().map(str::to_string).collect();
    // each record carries the path one run over the file shows for it
    let with_paths: Vec<String> = plain
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let mut record: serde_json::Value = serde_json::from_str(line).expect("a generated record");
            record["path"] = serde_json::json!(format!("articles.jsonl:{}", i + 1));
            record.to_string()
        })
        .collect();
    // pieces of 31 lines, each piped into a map process of its own, as an
    // engine hands them out; then one reduce over all of their claims
    let map_and_reduce = |lines: &[String]| -> serde_json::Value {
        let mut streams = Vec::new();
        for (n, piece) in lines.chunks(31).enumerate() {
            let claims = run_piped(dir, &["claims", "--format", "jsonl", "--jsonl", "-"], (piece.join("\n") + "\n").into_bytes());
            let name = format!("piece-{n}.jsonl");
            std::fs::write(dir.join(&name), claims).expect("write piece");
            streams.push(name);
        }
        let mut args = strings(&["align", "--format", "json"]);
        args.extend(streams);
        serde_json::from_slice(&run_in(dir, &args)).expect("JSON")
    };
    let one: serde_json::Value = serde_json::from_slice(&one).expect("JSON");
    assert_eq!(map_and_reduce(&with_paths), one, "records that give their path: the one-run report");

    // without it, a document is shown where its process read it: a line of
    // a piece of the stream, not of the file
    let mut piped = map_and_reduce(&plain);
    let documents = piped["documents"].as_array_mut().expect("documents");
    assert_eq!(documents.len(), 90);
    for document in documents.iter_mut() {
        let path = document["path"].as_str().expect("a path");
        let line: usize = path.strip_prefix("-:").and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("a piped path: {path}"));
        assert!((1..=31).contains(&line), "{path}");
        document["path"] = serde_json::json!("articles.jsonl:?");
    }
    let mut one_without_paths = one;
    for document in one_without_paths["documents"].as_array_mut().expect("documents") {
        document["path"] = serde_json::json!("articles.jsonl:?");
    }
    assert_eq!(piped, one_without_paths, "only the documents' paths differ");
}

#[test]
fn streams_made_with_other_rules_are_named_in_a_warning() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let articles = [
        r#"{"id":"a","outlet":"A","published":"2022-01-08","event":"k-2022","text":"Police said at least 26 people had been killed."}"#,
        r#"{"id":"b","outlet":"B","published":"2022-01-09","event":"k-2022","text":"The ministry said 30 people had been killed."}"#,
    ];
    std::fs::write(dir.join("a.jsonl"), articles[0].to_string() + "\n").expect("write");
    std::fs::write(dir.join("b.jsonl"), articles[1].to_string() + "\n").expect("write");
    // a folder holding the built-in rules as `rules dump` writes them, and
    // one where a rule file was added
    for folder in ["dumped", "edited"] {
        std::fs::create_dir(dir.join(folder)).expect("mkdir");
        run_in(&dir.join(folder), &strings(&["rules", "dump", "rules"]));
    }
    std::fs::write(dir.join("edited/rules/wire.yaml"), "outlets:\n  - {name: Example Wire, domains: [examplewire.test]}\n").expect("write");
    let map = |cwd: &Path, input: &str, out: &str| {
        let claims = run_in(cwd, &strings(&["claims", "--format", "jsonl", "--jsonl", input]));
        std::fs::write(dir.join(out), claims).expect("write claims");
    };
    map(dir, "a.jsonl", "built-in.jsonl");
    map(&dir.join("edited"), "../b.jsonl", "edited.jsonl");
    let header = |name: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(dir.join(name)).expect("read");
        serde_json::from_str(text.lines().next().expect("a first line")).expect("JSON")
    };
    let (built_in, edited) = (header("built-in.jsonl"), header("edited.jsonl"));
    assert_eq!(built_in["type"], "header");
    assert_ne!(built_in["rules"], edited["rules"]);
    let fingerprint = |h: &serde_json::Value| h["rules"].as_str().expect("a fingerprint").to_string();
    let (built_in, edited) = (fingerprint(&built_in), fingerprint(&edited));

    // the report is made either way; what is said about it differs
    let align = |cwd: &Path, streams: &[&str]| -> String {
        let mut args = vec!["align", "--format", "json"];
        args.extend_from_slice(streams);
        let out = common::run_in(cwd, &args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stderr).expect("UTF-8")
    };
    // the same rules, built in or dumped: nothing to say
    assert_eq!(align(dir, &["built-in.jsonl"]), "");
    assert_eq!(align(&dir.join("dumped"), &["../built-in.jsonl"]), "");
    // other rules than this run's
    let said = align(&dir.join("edited"), &["../built-in.jsonl"]);
    assert!(
        said.contains(&format!("the claims were extracted with rules {built_in} (crosscheck "))
            && said.contains(&format!("this run loaded rules {edited} ")),
        "{said}"
    );
    // streams made with different rules, and one with no header
    let text = std::fs::read_to_string(dir.join("edited.jsonl")).expect("read");
    std::fs::write(dir.join("unheaded.jsonl"), text.lines().skip(1).map(|l| format!("{l}\n")).collect::<String>()).expect("write");
    let said = align(dir, &["built-in.jsonl", "edited.jsonl"]);
    assert!(said.contains("the claims streams were made with different rules: "), "{said}");
    assert!(
        said.contains(&format!("built-in.jsonl with rules {built_in} ")) && said.contains(&format!("edited.jsonl with rules {edited} ")),
        "{said}"
    );
    let said = align(dir, &["built-in.jsonl", "unheaded.jsonl"]);
    assert!(said.contains("unheaded.jsonl without a header"), "{said}");
    // a stream given alone without its header: nothing to compare
    assert_eq!(align(dir, &["unheaded.jsonl"]), "");
}

#[test]
fn align_reads_a_long_stream_in_parallel_as_one_line_after_another() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    run_in(dir, &strings(&["generate", "--docs", "700", "--seed", "9", "--jsonl", "articles.jsonl"]));
    let claims = run_in(dir, &strings(&["claims", "--format", "jsonl", "--jsonl", "articles.jsonl"]));
    // the stream twice over (every document of the second copy is left out,
    // in order, with a warning each), with bad lines far apart: several
    // thousand lines, read in batches and parsed on several threads
    let text = String::from_utf8(claims).expect("UTF-8");
    let mut lines: Vec<&str> = text.lines().chain(text.lines()).collect();
    assert!(lines.len() > 6000, "{} lines", lines.len());
    let mut bad = Vec::new();
    // each later than the one before, which keeps its place
    for at in [1500, 3100, lines.len() - 2] {
        lines.insert(at, "{\"type\": \"nothing\"}");
        bad.push(format!("stream.jsonl:{}", at + 1));
    }
    let stream = lines.join("\n") + "\n";
    std::fs::write(dir.join("stream.jsonl"), &stream).expect("write");
    let out = common::run_in(dir, &["align", "--format", "json", "stream.jsonl"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // the library, one line after another
    let rules = crosscheck::rules::compile(&crosscheck::rules::load::builtin_sources()).expect("built-in rules");
    let mut reducer = crosscheck::stream::Reducer::new();
    for (n, line) in stream.lines().enumerate() {
        let _ = reducer.add_line_bytes(line.as_bytes(), "stream.jsonl", n + 1);
    }
    reducer.end_stream();
    let analysis = reducer.finish(&rules);
    let mut expected = Vec::new();
    crosscheck::report::write_json(&analysis, &mut expected).expect("render");
    assert!(out.stdout == expected, "the report of the lines added one by one");
    let skipped: Vec<String> = analysis.skipped.iter().map(|s| s.path.display().to_string()).collect();
    assert_eq!(skipped, bad);
    let said = String::from_utf8_lossy(&out.stderr);
    let warned: Vec<&str> = said.lines().filter(|l| l.contains("given twice")).collect();
    let expected: Vec<String> = analysis.warnings.iter().filter(|w| w.contains("given twice")).map(|w| format!("warning: {w}")).collect();
    assert_eq!(warned, expected, "the same warnings in the same order");
    assert_eq!(warned.len(), 700);
}

#[test]
fn a_map_output_cut_short_or_missing_lines_is_listed_as_skipped_and_the_rest_used() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    run_in(dir, &strings(&["generate", "--docs", "50", "--seed", "4", "--jsonl", "articles.jsonl"]));
    let text = std::fs::read_to_string(dir.join("articles.jsonl")).expect("read");
    let half = |parity: usize| -> String { text.lines().skip(parity).step_by(2).map(|l| format!("{l}\n")).collect() };
    let halves = [half(0), half(1)];
    std::fs::write(dir.join("a.jsonl"), &halves[0]).expect("write");
    std::fs::write(dir.join("b.jsonl"), &halves[1]).expect("write");
    let map = |input: &str| String::from_utf8(run_in(dir, &strings(&["claims", "--format", "jsonl", "--jsonl", input]))).expect("UTF-8");
    let (a, b) = (map("a.jsonl"), map("b.jsonl"));
    let end: serde_json::Value = serde_json::from_str(a.lines().last().expect("a last line")).expect("JSON");
    let count = |stream: &str, kind: &str| stream.lines().filter(|l| l.starts_with(&format!("{{\"type\":\"{kind}\""))).count();
    assert_eq!(end, serde_json::json!({"type": "end", "documents": count(&a, "document"), "claims": count(&a, "claim"), "skipped": 0}));

    let align = |name: &str, stream: &str, extra: &[&str]| -> (Option<i32>, serde_json::Value) {
        std::fs::write(dir.join(name), stream).expect("write");
        let mut args = vec!["align", "--format", "json", name];
        args.extend_from_slice(extra);
        let out = common::run_in(dir, &args);
        (out.status.code(), serde_json::from_slice(&out.stdout).expect("JSON"))
    };
    let skipped = |report: &serde_json::Value| -> Vec<(String, String)> {
        let list = report["skipped"].as_array().expect("skipped");
        list.iter().map(|s| (s["path"].as_str().unwrap_or("").to_string(), s["reason"].as_str().unwrap_or("").to_string())).collect()
    };
    // whole outputs, one after the other in one file: nothing to say
    let (code, report) = align("both.jsonl", &(a.clone() + &b), &["--fail-on", "skipped"]);
    assert_eq!(code, Some(0));
    assert_eq!(report["documents"].as_array().map(Vec::len), Some(50));

    // cut short: what arrived is used, and the output is listed
    let lines: Vec<&str> = a.lines().collect();
    let cut: String = lines.iter().take(lines.len() * 3 / 5).map(|l| format!("{l}\n")).collect();
    let (code, report) = align("cut.jsonl", &cut, &["--fail-on", "skipped"]);
    assert_eq!(code, Some(1), "--fail-on skipped sees it");
    assert_eq!(report["documents"].as_array().map(Vec::len), Some(count(&cut, "document")));
    let listed = skipped(&report);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].0, "cut.jsonl");
    assert!(listed[0].1.starts_with("the map step output from line 1 has no end record (the stream ends after "), "{listed:?}");
    // ... also when another output follows it in the same stream
    let (_, report) = align("cut-then-b.jsonl", &(cut.clone() + &b), &[]);
    let listed = skipped(&report);
    assert_eq!(listed.len(), 1, "{listed:?}");
    let b_header = cut.lines().count() + 1;
    assert!(listed[0].1.contains(&format!("(another header at line {b_header} begins after ")), "{listed:?}");

    // a claim line lost on the way: the end record says so
    let at = lines.iter().position(|l| l.starts_with("{\"type\":\"claim\"")).expect("a claim");
    let lost: String = lines.iter().enumerate().filter(|&(i, _)| i != at).map(|(_, l)| format!("{l}\n")).collect();
    let (_, report) = align("lost.jsonl", &lost, &[]);
    let listed = skipped(&report);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].0, format!("lost.jsonl:{}", lines.len() - 1));
    let (documents, claims) = (count(&a, "document"), count(&a, "claim"));
    assert!(
        listed[0].1.starts_with(&format!(
            "the map step wrote {documents} documents, {claims} claims and 0 skipped inputs here (its header at line 1), \
             and {documents} documents, {} claims and 0 skipped inputs arrived",
            claims - 1
        )),
        "{listed:?}"
    );
}

/// The report and the map step's output are the same whatever the number
/// of worker threads (`--threads`, before or after the command): the
/// documents are worked on in parallel, the output is in one order. A
/// thread count of 0 is refused.
#[test]
fn output_is_the_same_on_any_number_of_threads() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    run_in(dir, &strings(&["generate", "--docs", "400", "--seed", "5", "--out", "articles"]));
    let report = |threads: &str| run_in(dir, &strings(&["report", "--threads", threads, "--format", "json", "articles"]));
    let claims = |threads: &str| run_in(dir, &strings(&["-j", threads, "claims", "--format", "jsonl", "articles"]));
    let (one_report, one_claims) = (report("1"), claims("1"));
    let parsed: serde_json::Value = serde_json::from_slice(&one_report).expect("JSON report");
    assert!(parsed["findings"].as_array().is_some_and(|f| f.len() > 100), "a generated corpus with many findings");
    for threads in ["2", "3", "8"] {
        assert!(report(threads) == one_report, "report on {threads} threads differs from one thread's");
        assert!(claims(threads) == one_claims, "claims stream on {threads} threads differs from one thread's");
    }
    let out = common::run_in(dir, &["report", "--threads", "0", "articles"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'0' for '--threads <N>'"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The map step over files reads them twice when their texts are more than
/// it keeps (`corpus::load_in_batches`, `--keep-text`): documents read
/// again, a few at a time, make the records of one map step, byte for
/// byte. The binary keeps every text of a corpus this small by default;
/// `--keep-text 0` keeps none, and so do the library's batches of seven
/// documents here.
#[test]
fn files_read_again_in_batches_make_the_map_steps_records() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    corpus(dir);
    let inputs: Vec<PathBuf> = ["bundled", "bus", "generated"].iter().map(|p| dir.join(p)).collect();
    let mut args = strings(&["claims", "--format", "jsonl"]);
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    let mapped = run_in(dir, &args);
    let mut none_kept = strings(&["claims", "--format", "jsonl", "--keep-text", "0"]);
    none_kept.extend(inputs.iter().map(|p| p.display().to_string()));
    assert!(run_in(dir, &none_kept) == mapped, "--keep-text 0 makes other records");
    let refused = common::run_in(dir, &["claims", "--keep-text", "0", "bundled"]);
    assert_eq!(refused.status.code(), Some(2), "--keep-text without --format jsonl");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--keep-text is for the map step"));
    // nor with no file or folder to read twice: it would do nothing
    let stream = dir.join("docs.jsonl");
    std::fs::write(&stream, "{\"text\": \"Police said 12 people were killed.\"}\n").expect("write stream");
    let jsonl_only = common::run_in(dir, &["claims", "--format", "jsonl", "--keep-text", "10", "--jsonl", "docs.jsonl"]);
    assert_eq!(jsonl_only.status.code(), Some(2), "--keep-text over JSON Lines only");
    assert!(String::from_utf8_lossy(&jsonl_only.stderr).contains("--keep-text is for files and folders"));
    let with_files = common::run_in(dir, &["claims", "--format", "jsonl", "--keep-text", "10", "--jsonl", "docs.jsonl", "bus"]);
    assert_eq!(with_files.status.code(), Some(0), "{}", String::from_utf8_lossy(&with_files.stderr));

    let rules = crosscheck::rules::compile(&crosscheck::rules::load::builtin_sources()).expect("built-in rules");
    let mut load = crosscheck::corpus::load_in_batches(&inputs, &rules.corpus, 7, 0);
    let mut written = crosscheck::stream::Tally::default();
    let mut lines = crosscheck::stream::header_line(&rules);
    for s in std::mem::take(&mut load.skipped) {
        lines.push_str(&crosscheck::stream::skipped_line(&s.path.display().to_string(), &s.reason));
        written.skipped += 1;
    }
    let mut batches = 0;
    for batch in load {
        assert!(batch.skipped.is_empty(), "{:?}", batch.skipped);
        for (records, claims) in crosscheck::stream::map_documents(&batch.documents, &rules) {
            lines.push_str(&records);
            written.documents += 1;
            written.claims += claims;
        }
        batches += 1;
    }
    lines.push_str(&crosscheck::stream::end_line(written));
    assert!(batches > 30, "{batches} batches");
    assert!(written.documents > 200 && written.claims > 500, "{written:?}");
    assert!(lines.as_bytes() == mapped.as_slice(), "documents read again in batches make other records");
}
