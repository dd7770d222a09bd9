//! `--timings`: how long each stage of a command took, with the articles'
//! size and throughput, processor time and peak memory, on standard error,
//! so that a desk can measure crosscheck on its own articles and machine.

use clap::Args;
use crosscheck::report::format::number;
use crosscheck::usage;
use std::time::Instant;

/// The `--timings` flag of the commands that time their stages.
#[derive(Debug, Args)]
pub(crate) struct TimingsArg {
    /// After the run, print on standard error the time each stage took, the articles' megabytes and
    /// throughput, processor time and peak memory (the last two on Linux): crosscheck measured on your own
    /// articles and machine. The output itself is unchanged.
    #[arg(long)]
    pub timings: bool,
}

/// The stages of one command, timed as laps: each stage starts where the
/// one before it ended, the first when the command started.
pub(crate) struct Timings {
    /// Whether to print them (`--timings`).
    on: bool,
    /// When the command started.
    start: Instant,
    /// When the last stage ended.
    last: Instant,
    /// Each stage's name and seconds, in order.
    laps: Vec<(&'static str, f64)>,
    /// Articles read and their text's bytes, when the command knows them.
    articles: Option<(usize, Option<usize>)>,
}

impl Timings {
    /// Starts the clock; `on` is `--timings`.
    pub fn new(on: &TimingsArg) -> Self {
        let now = Instant::now();
        Timings { on: on.timings, start: now, last: now, laps: Vec::new(), articles: None }
    }

    /// Ends the stage `name`, begun where the last one ended.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push((name, (now - self.last).as_secs_f64()));
        self.last = now;
    }

    /// Notes the articles the command read, and their text's bytes when known.
    pub fn articles(&mut self, count: usize, text_bytes: Option<usize>) {
        self.articles = Some((count, text_bytes));
    }

    /// Prints the stages on standard error, if `--timings` asked for them.
    pub fn print(&self) {
        if self.on {
            let threads = rayon::current_num_threads();
            let report = self.render(self.start.elapsed().as_secs_f64(), threads, usage::cpu_seconds(), usage::peak_memory_mb());
            let mut stderr = std::io::stderr().lock();
            let _ = std::io::Write::write_all(&mut stderr, report.as_bytes());
        }
    }

    /// The printed lines, from the run's `total` seconds, worker `threads`,
    /// processor seconds and peak memory in MB.
    fn render(&self, total: f64, threads: usize, cpu: Option<f64>, peak_mb: Option<f64>) -> String {
        let plural = if threads == 1 { "" } else { "s" };
        let mut out = format!("timings ({threads} worker thread{plural}):\n");
        for (name, seconds) in &self.laps {
            out.push_str(&format!("  {name:<8} {seconds:>8.3} s\n"));
        }
        out.push_str(&format!("  {:<8} {total:>8.3} s", "total"));
        match self.articles {
            Some((count, Some(bytes))) if total > 0.0 => {
                let mb = bytes as f64 / 1e6;
                let noun = if count == 1 { "article" } else { "articles" };
                out.push_str(&format!(
                    "   {} {noun}, {} MB of text: {} MB/s, {} MB/s per worker thread",
                    number(count as f64),
                    three_digits(mb),
                    three_digits(mb / total),
                    three_digits(mb / total / threads.max(1) as f64)
                ));
            }
            Some((count, _)) => out.push_str(&format!("   {} {}", number(count as f64), if count == 1 { "article" } else { "articles" })),
            None => {}
        }
        out.push('\n');
        match cpu {
            Some(cpu) => out.push_str(&format!("  {:<8} {cpu:>8.2} s   processor time, every thread\n", "CPU")),
            None => out.push_str(&format!("  {:<8} not measured on this system\n", "CPU")),
        }
        match peak_mb {
            Some(mb) => out.push_str(&format!("  {:<8} {mb:>8.0} MB  peak memory\n", "memory")),
            None => out.push_str(&format!("  {:<8} not measured on this system\n", "memory")),
        }
        out
    }
}

/// `x` with about three significant digits (`41.0`, `0.0253`, `412`), so
/// that the five bundled articles' 25 KB are not written `0.0`.
fn three_digits(x: f64) -> String {
    let decimals = if x >= 100.0 {
        0
    } else if x >= 10.0 {
        1
    } else if x >= 1.0 {
        2
    } else if x >= 0.1 {
        3
    } else {
        4
    };
    format!("{x:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laps(articles: Option<(usize, Option<usize>)>) -> Timings {
        let now = Instant::now();
        Timings {
            on: true,
            start: now,
            last: now,
            laps: vec![("rules", 0.0614), ("load", 0.5251), ("extract", 0.692), ("align", 0.058), ("render", 0.0576)],
            articles,
        }
    }

    #[test]
    fn stages_then_the_total_with_throughput() {
        let out = laps(Some((10_000, Some(41_039_775)))).render(1.3941, 2, Some(1.52), Some(142.4));
        assert_eq!(
            out,
            "timings (2 worker threads):\n\
             \x20 rules       0.061 s\n\
             \x20 load        0.525 s\n\
             \x20 extract     0.692 s\n\
             \x20 align       0.058 s\n\
             \x20 render      0.058 s\n\
             \x20 total       1.394 s   10,000 articles, 41.0 MB of text: 29.4 MB/s, 14.7 MB/s per worker thread\n\
             \x20 CPU          1.52 s   processor time, every thread\n\
             \x20 memory        142 MB  peak memory\n"
        );
    }

    #[test]
    fn what_is_not_known_is_said_not_guessed() {
        let out = laps(Some((1, None))).render(0.5, 1, None, None);
        assert!(out.starts_with("timings (1 worker thread):\n"), "{out}");
        assert!(out.contains("  total       0.500 s   1 article\n"), "{out}");
        assert!(out.contains("  CPU      not measured on this system\n"), "{out}");
        assert!(out.contains("  memory   not measured on this system\n"), "{out}");
        let small = laps(Some((5, Some(25_312)))).render(0.0861, 2, None, None);
        assert!(small.contains("5 articles, 0.0253 MB of text: 0.294 MB/s, 0.147 MB/s per worker thread"), "{small}");
        let none = laps(None).render(0.5, 1, None, None);
        assert!(none.contains("  total       0.500 s\n"), "{none}");
    }
}
