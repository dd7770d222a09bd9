//! `--timings` through the binary: each command's stages on standard error,
//! in order, adding up to the total, and the output itself unchanged.

mod common;

const CORPUS: &str = "corpus/kazakhstan-2022";

/// Standard output and standard error of a successful run.
fn run(args: &[&str]) -> (Vec<u8>, String) {
    let out = common::run(args);
    let stderr = String::from_utf8(out.stderr).expect("UTF-8 stderr");
    assert!(out.status.success(), "crosscheck {args:?} failed: {stderr}");
    (out.stdout, stderr)
}

/// The timings block of `stderr`: each line's first word and its seconds,
/// when it has some, and the total line whole.
fn stages(stderr: &str) -> (Vec<(String, Option<f64>)>, String) {
    let block = &stderr[stderr.find("timings (").unwrap_or_else(|| panic!("no timings in {stderr:?}"))..];
    let mut lines = block.lines();
    assert!(lines.next().is_some_and(|l| l.ends_with("worker threads):") || l.ends_with("worker thread):")), "{block}");
    let mut stages = Vec::new();
    let mut total = String::new();
    for line in lines {
        let words: Vec<&str> = line.split_whitespace().collect();
        let seconds = (words.get(2) == Some(&"s")).then(|| words[1].parse::<f64>().expect("seconds"));
        if words[0] == "total" {
            total = line.to_string();
        }
        stages.push((words[0].to_string(), seconds));
    }
    (stages, total)
}

/// The stages' names, and checks that the timed ones add up to the total
/// (each printed to the millisecond).
fn names_adding_up(stages: &[(String, Option<f64>)]) -> Vec<&str> {
    let total = stages.iter().find(|(n, _)| n == "total").and_then(|(_, s)| *s).expect("a total in seconds");
    let laps: Vec<f64> = stages.iter().take_while(|(n, _)| n != "total").map(|(_, s)| s.expect("each stage in seconds")).collect();
    let sum: f64 = laps.iter().sum();
    assert!(sum <= total + 0.0005 * laps.len() as f64, "stages {sum} s past the total {total} s");
    assert!(total > 0.0);
    stages.iter().map(|(n, _)| n.as_str()).collect()
}

#[test]
fn report_times_its_stages_and_writes_the_same_report() {
    let (plain, quiet) = run(&["report", CORPUS, "--format", "json"]);
    assert!(!quiet.contains("timings"), "nothing without the flag: {quiet}");
    let (timed, stderr) = run(&["report", CORPUS, "--format", "json", "--timings"]);
    assert_eq!(plain, timed, "the report is the same with --timings");
    let (stages, total) = stages(&stderr);
    assert_eq!(names_adding_up(&stages), ["rules", "load", "extract", "align", "render", "total", "CPU", "memory"]);
    assert!(total.contains(" 5 articles, 0.0") && total.contains(" MB of text: ") && total.ends_with(" MB/s per worker thread"), "{total}");
}

#[test]
fn the_map_and_reduce_steps_time_theirs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let claims = dir.path().join("claims.jsonl");
    let claims = claims.to_str().expect("UTF-8 path");
    let (_, map) = run(&["claims", "--format", "jsonl", CORPUS, "--output", claims, "--timings"]);
    let (stages_of_map, total) = stages(&map);
    assert_eq!(names_adding_up(&stages_of_map), ["rules", "map", "total", "CPU", "memory"]);
    assert!(total.ends_with(" 5 articles"), "{total}");
    let (_, reduce) = run(&["align", claims, "--format", "json", "--timings"]);
    let (stages_of_reduce, total) = stages(&reduce);
    assert_eq!(names_adding_up(&stages_of_reduce), ["rules", "read", "align", "render", "total", "CPU", "memory"]);
    assert!(total.ends_with(" 5 articles"), "{total}");
}

#[test]
fn the_claims_table_times_its_stages() {
    let (plain, _) = run(&["claims", CORPUS, "--width", "120"]);
    let (timed, stderr) = run(&["claims", CORPUS, "--width", "120", "--timings"]);
    assert_eq!(plain, timed);
    let (stages, _) = stages(&stderr);
    assert_eq!(names_adding_up(&stages), ["rules", "load", "extract", "align", "render", "total", "CPU", "memory"]);
}
