//! `-` reads one article from standard input; `--jsonl FILE|-` one article
//! per line, bad lines reported with their number and skipped; `--files-from
//! FILE|-` the article paths a list names, one per line.

use std::io::Write;
use std::process::{Command, Stdio};

mod common;

fn run_stdin(args: &[&str], input: &str) -> std::process::Output {
    run_stdin_bytes(args, input.as_bytes())
}

fn run_stdin_bytes(args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .current_dir(common::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn crosscheck");
    child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
    child.wait_with_output().expect("wait")
}

#[test]
fn dash_reads_one_document_from_stdin() {
    let text = "---\noutlet: Wire\npublished: 2022-01-08\nevent: kazakhstan-2022\n---\nAt least 26 people were killed, police said.\n";
    let out = run_stdin(&["claims", "--format", "json", "-"], text);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"][0]["id"], "stdin");
    assert_eq!(v["documents"][0]["outlet"], "Wire");
    assert_eq!(v["claims"][0]["value"], 26);
    assert_eq!(v["claims"][0]["kind"], "killed");
}

/// A headline with a colon makes the front matter invalid YAML: its lines
/// are still read as `key: value`, said once; of the front matter, only the
/// title's value is read as text (a headline's figure is a claim), never
/// the other keys' values.
#[test]
fn front_matter_with_a_colon_in_the_headline_keeps_its_metadata() {
    let text = "---\ntitle: Plant blast: death toll rises to 18\noutlet: Wire\npublished: 2025-03-15\n---\nAt least 14 people were killed, police said.\n";
    let out = run_stdin(&["claims", "--format", "json", "-"], text);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("front matter is not valid YAML").count(), 1, "{stderr}");
    assert!(stderr.contains("-:2:") && stderr.contains("read line by line as `key: value`"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"][0]["outlet"], "Wire");
    assert_eq!(v["documents"][0]["published"], "2025-03-15");
    let values: Vec<&serde_json::Value> = v["claims"].as_array().unwrap().iter().map(|c| &c["value"]).collect();
    assert_eq!(values, [18, 14], "the headline's figure, then the body's; no date read as a figure");
    assert_eq!(v["claims"][0]["line"], 2, "the headline's figure points at its line");
}

#[test]
fn jsonl_reads_lines_and_skips_bad_ones() {
    let input = concat!(
        "{\"text\": \"At least 26 people were killed.\", \"outlet\": \"A\", \"published\": \"2022-01-08\", \"event\": \"kazakhstan-2022\"}\n",
        "{broken\n",
        "{\"text\": \"At least 30 people were killed.\", \"outlet\": \"B\", \"published\": \"2022-01-08\", \"event\": \"kazakhstan-2022\", \"id\": \"b\"}\n",
    );
    let out = run_stdin(&["report", "--format", "json", "--jsonl", "-"], input);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("-:2: not a JSON object"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v["documents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["b", "line-1"]);
    assert_eq!(v["skipped"][0]["path"], "-:2");
    assert_eq!(v["findings"][0]["verdict"], "agree");
}

#[test]
fn stdin_cannot_be_read_twice() {
    let out = run_stdin(&["report", "-", "--jsonl", "-"], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_map_step_records_a_bad_jsonl_line_and_goes_on() {
    let input = concat!(
        "{\"text\": \"At least 26 people were killed.\", \"id\": \"a\", \"event\": \"e-2022\"}\n",
        "{broken\n",
        "\n",
        "{\"text\": \"At least 30 people were killed.\", \"id\": \"b\", \"event\": \"e-2022\"}\n",
    );
    let out = run_stdin(&["claims", "--format", "jsonl", "--jsonl", "-"], input);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-:2: not a JSON object"));
    let records: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("a JSON record per line")).collect();
    let types: Vec<&str> = records.iter().map(|r| r["type"].as_str().unwrap_or("")).collect();
    // first what made the stream, then the records in input order, then
    // what was written
    assert_eq!(types, ["header", "skipped", "document", "claim", "document", "claim", "end"], "{records:?}");
    assert_eq!(records[0]["crosscheck"], env!("CARGO_PKG_VERSION"));
    assert_eq!(records[6], serde_json::json!({"type": "end", "documents": 2, "claims": 2, "skipped": 1}));
    assert_eq!(records[1]["path"], "-:2");
    assert_eq!(records[2]["id"], "a");
    assert_eq!(records[4]["id"], "b");
}

#[test]
fn stdin_is_decoded_as_a_file_is() {
    let text = "Caf\u{e9} owners said 18 security officers were killed.\n";
    let latin1: Vec<u8> = text.chars().map(|c| c as u8).collect();
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    for (name, bytes) in [("latin-1", latin1), ("utf-16", utf16)] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let file = tmp.path().join("article.txt");
        std::fs::write(&file, &bytes).expect("write");
        let from_file = common::run(&["claims", "--format", "json", file.to_str().expect("UTF-8 path")]);
        let from_stdin = run_stdin_bytes(&["claims", "--format", "json", "-"], &bytes);
        assert!(from_stdin.status.success(), "{name}: {}", String::from_utf8_lossy(&from_stdin.stderr));
        let values = |out: &std::process::Output| -> Vec<serde_json::Value> {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
            v["claims"].as_array().expect("claims").iter().map(|c| c["value"].clone()).collect()
        };
        assert_eq!(values(&from_stdin), values(&from_file), "{name}");
        assert_eq!(values(&from_stdin), [serde_json::json!(18)], "{name}");
        assert!(String::from_utf8_lossy(&from_stdin.stderr).contains("warning: -: "), "{name}: the decoding is said");
    }
    let binary = run_stdin_bytes(&["claims", "-"], b"\x7fELF\x00\x01");
    assert_eq!(binary.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&binary.stderr).contains("skipped -: binary file (NUL byte at offset 4)"));
}

#[test]
fn a_jsonl_input_that_cannot_be_opened_is_skipped_and_the_rest_read() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    std::fs::write(dir.join("ok.txt"), "The interior ministry said 18 security officers were killed.\n").expect("write");
    let report = common::run_in(dir, &["report", "--format", "json", "ok.txt", "--jsonl", "missing.jsonl"]);
    assert!(report.status.success(), "{}", String::from_utf8_lossy(&report.stderr));
    let v: serde_json::Value = serde_json::from_slice(&report.stdout).expect("JSON");
    assert_eq!(v["summary"]["skipped"], 1);
    assert_eq!(v["skipped"][0]["path"], "missing.jsonl");
    assert!(v["skipped"][0]["reason"].as_str().is_some_and(|r| r.starts_with("cannot read: ")), "{v}");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1));
    // the map step records it and goes on with the next input
    std::fs::write(dir.join("one.jsonl"), "{\"id\": \"a\", \"text\": \"Police said 26 people were killed.\"}\n").expect("write");
    let map = common::run_in(dir, &["claims", "--format", "jsonl", "--jsonl", "missing.jsonl", "--jsonl", "one.jsonl"]);
    assert!(map.status.success(), "{}", String::from_utf8_lossy(&map.stderr));
    let stream = String::from_utf8(map.stdout).expect("UTF-8");
    let types: Vec<String> =
        stream.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).expect("record")["type"].to_string()).collect();
    assert_eq!(types, ["\"header\"", "\"skipped\"", "\"document\"", "\"claim\"", "\"end\""]);
    // the reduce step: a missing stream is a skipped input; with nothing
    // else there is no report
    std::fs::write(dir.join("claims.jsonl"), &stream).expect("write");
    let align = common::run_in(dir, &["align", "--format", "json", "lost.jsonl", "claims.jsonl"]);
    assert!(align.status.success(), "{}", String::from_utf8_lossy(&align.stderr));
    let v: serde_json::Value = serde_json::from_slice(&align.stdout).expect("JSON");
    let skipped: Vec<&str> = v["skipped"].as_array().expect("skipped").iter().filter_map(|s| s["path"].as_str()).collect();
    assert_eq!(skipped, ["lost.jsonl", "missing.jsonl"]);
    assert_eq!(common::run_in(dir, &["align", "lost.jsonl"]).status.code(), Some(2));
    // a stream that opens but cannot be read (a folder, on Linux) is
    // skipped from the line that failed; the other streams are read
    std::fs::create_dir(dir.join("folder.jsonl")).expect("mkdir");
    let align = common::run_in(dir, &["align", "--format", "json", "folder.jsonl", "claims.jsonl"]);
    assert!(align.status.success(), "{}", String::from_utf8_lossy(&align.stderr));
    let v: serde_json::Value = serde_json::from_slice(&align.stdout).expect("JSON");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1));
    let skipped: Vec<&str> = v["skipped"].as_array().expect("skipped").iter().filter_map(|s| s["path"].as_str()).collect();
    if cfg!(target_os = "linux") {
        assert_eq!(skipped, ["folder.jsonl:1", "missing.jsonl"]);
        assert!(String::from_utf8_lossy(&align.stderr).contains("skipped folder.jsonl:1: cannot read the line: "));
    }
}

/// A publication time as CMS exports and feeds write it is read as the day
/// it names, in its own zone, from front matter, a manifest and a JSON line
/// alike (it was refused: "is not a date; ignored").
#[test]
fn a_timestamp_is_read_as_its_date() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    std::fs::create_dir(dir.join("m")).expect("mkdir");
    let body = "At least 26 people were killed, police said.\n";
    std::fs::write(dir.join("front.txt"), format!("---\npublished: 2022-01-08T05:30:00+06:00\n---\n{body}")).expect("write");
    std::fs::write(dir.join("m/a.txt"), body).expect("write");
    std::fs::write(dir.join("m/manifest.yaml"), "documents:\n  - file: a.txt\n    published: Sun, 09 Jan 2022 10:00:00 +0600\n")
        .expect("write");
    std::fs::write(dir.join("lines.jsonl"), format!("{{\"text\": {:?}, \"published\": \"2022-01-10 08:15\"}}\n", body)).expect("write");
    let out = common::run_in(dir, &["report", "--format", "json", "front.txt", "m", "--jsonl", "lines.jsonl"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("not a date"), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let mut dates: Vec<String> =
        report["documents"].as_array().expect("documents").iter().map(|d| d["published"].as_str().unwrap_or("none").to_string()).collect();
    dates.sort();
    assert_eq!(dates, ["2022-01-08", "2022-01-09", "2022-01-10"], "{stderr}");
}

/// A date line whose date names no day ("Feb 30, 2022") is reported with
/// its place and what the article is dated instead; it had left the
/// article undated without a word. A date given in front matter needs no
/// warning: the date line is not read then.
#[test]
fn an_impossible_dateline_date_is_reported() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let body = "At least 164 people were killed in the unrest, the health ministry said.\n";
    std::fs::write(dir.join("undated.txt"), format!("Toll rises\n\nALMATY, Feb 30, 2022 (Reuters) - {body}")).expect("write");
    std::fs::write(
        dir.join("by_url.txt"),
        format!("https://example.org/2022/01/10/toll\nToll rises\n\nALMATY, 2022-02-30 (Reuters) - {body}"),
    )
    .expect("write");
    std::fs::write(
        dir.join("given.txt"),
        format!("---\npublished: 2022-01-08\n---\nToll rises\n\nALMATY, Feb 30, 2022 (Reuters) - {body}"),
    )
    .expect("write");
    std::fs::write(dir.join("fine.txt"), format!("Toll rises\n\nALMATY, Feb 3, 2022 (Reuters) - {body}")).expect("write");
    let out = common::run_in(dir, &["report", "--format", "json", "."]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("not a day of the calendar")).collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    assert!(
        stderr.contains("undated.txt:3:9: the date line's `Feb 30, 2022` is not a day of the calendar; ignored, the article is undated"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "by_url.txt:4:9: the date line's `2022-02-30` is not a day of the calendar; ignored, the article is dated 2022-01-10"
        ),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let published = |id: &str| {
        report["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .find(|d| d["id"] == id)
            .map(|d| d["published"].clone())
            .unwrap_or_default()
    };
    assert_eq!(published("undated"), serde_json::Value::Null);
    assert_eq!(published("given"), "2022-01-08");
    assert_eq!(published("fine"), "2022-02-03");
}

/// The map step over files and `-` writes the document on standard input
/// after the files', its id made unique among theirs, and the reduce step
/// gives the report of one run over the same inputs.
#[test]
fn the_map_step_gives_stdin_an_id_of_its_own() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("wire");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("stdin.txt"), "At least 30 people were killed, officials said on Jan. 7, 2022.\n").expect("write");
    std::fs::write(dir.join("a.txt"), "At least 26 people were killed, police said on Jan. 7, 2022.\n").expect("write");
    let text = "---\noutlet: Wire\npublished: 2022-01-08\n---\nAt least 26 people were killed, police said.\n";
    let folder = dir.display().to_string();

    let out = run_stdin(&["claims", "--format", "jsonl", "-", &folder], text);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("id `stdin` is taken; renamed `stdin~2`"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("a JSON record per line")).collect();
    let ids: Vec<&str> = records.iter().filter(|r| r["type"] == "document").map(|r| r["id"].as_str().unwrap_or("")).collect();
    assert_eq!(ids, ["a", "stdin", "stdin~2"]);

    let stream = tmp.path().join("claims.jsonl");
    std::fs::write(&stream, &out.stdout).expect("write stream");
    let aligned = common::run(&["align", "--format", "json", &stream.display().to_string()]);
    assert!(aligned.status.success(), "{}", String::from_utf8_lossy(&aligned.stderr));
    let one = run_stdin(&["report", "--format", "json", "-", &folder], text);
    assert!(one.status.success(), "{}", String::from_utf8_lossy(&one.stderr));
    assert!(aligned.stdout == one.stdout, "the aligned stream differs from one run");
}

/// A folder of two articles and a subfolder of one, in a temporary folder.
fn three_articles() -> (tempfile::TempDir, Vec<String>) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let sub = tmp.path().join("wire");
    std::fs::create_dir_all(&sub).expect("mkdir");
    let files = [
        (tmp.path().join("a.txt"), "At least 26 people were killed, police said on Jan. 7, 2022.\n"),
        (tmp.path().join("b one.txt"), "At least 30 people were killed, officials said on Jan. 8, 2022.\n"),
        (sub.join("c.txt"), "More than 1,000 people were injured, the ministry said on Jan. 8, 2022.\n"),
    ];
    for (path, text) in &files {
        std::fs::write(path, text).expect("write article");
    }
    let paths = [files[0].0.clone(), files[1].0.clone(), sub];
    (tmp, paths.iter().map(|p| p.display().to_string()).collect())
}

/// `--files-from` reads the files and folders a list names (CRLF ends and
/// blank lines too, or NUL-separated) as if they were given as arguments:
/// the same claims stream from a list file or a NUL-separated list, the
/// same report from a list on standard input.
#[test]
fn files_from_reads_the_listed_paths_as_arguments() {
    let (tmp, paths) = three_articles();
    let list = tmp.path().join("list.txt");
    std::fs::write(&list, format!("{}\r\n\n{}\n{}\n", paths[0], paths[1], paths[2])).expect("write list");
    let list = list.display().to_string();

    let mut by_args = vec!["claims", "--format", "jsonl"];
    by_args.extend(paths.iter().map(String::as_str));
    let by_args = common::run(&by_args);
    assert!(by_args.status.success(), "{}", String::from_utf8_lossy(&by_args.stderr));
    let by_list = common::run(&["claims", "--format", "jsonl", "--files-from", &list]);
    assert!(by_list.status.success(), "{}", String::from_utf8_lossy(&by_list.stderr));
    let documents = String::from_utf8_lossy(&by_list.stdout).lines().filter(|l| l.contains(r#""type":"document""#)).count();
    assert_eq!(documents, 3, "every listed article read");
    assert!(by_list.stdout == by_args.stdout, "the list's claims stream differs from the arguments'");
    // NUL-separated, as `find -print0` writes it
    let by_nul = run_stdin(&["claims", "--format", "jsonl", "--files-from", "-"], &format!("{}\0{}\0{}\0", paths[0], paths[1], paths[2]));
    assert!(by_nul.status.success(), "{}", String::from_utf8_lossy(&by_nul.stderr));
    assert!(by_nul.stdout == by_args.stdout, "the NUL-separated list's claims stream differs from the arguments'");

    // arguments and a list together read all of them
    let one = common::json_report(&paths.iter().map(std::path::PathBuf::from).collect::<Vec<_>>());
    let listed = run_stdin(&["report", "--format", "json", &paths[0], "--files-from", "-"], &format!("{}\n{}\n", paths[1], paths[2]));
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("report is JSON");
    assert_eq!(listed, one);
}

/// A listed path that cannot be read is skipped like an argument, the rest
/// read; a list that cannot be read, a list naming nothing, and standard
/// input asked for twice are errors (exit 2) before anything is read.
#[test]
fn files_from_skips_a_missing_article_and_refuses_a_missing_list() {
    let (tmp, paths) = three_articles();
    let missing = tmp.path().join("gone.txt").display().to_string();
    let out = run_stdin(&["report", "--format", "json", "--files-from", "-"], &format!("{}\n{missing}\n", paths[0]));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("skipped") && stderr.contains("gone.txt"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("report is JSON");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1));

    let no_list = tmp.path().join("no-list.txt").display().to_string();
    let out = common::run(&["report", "--files-from", &no_list]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("reading the path list") && stderr.contains("no-list.txt"), "{stderr}");

    let out = run_stdin(&["claims", "--files-from", "-"], "\n\r\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("name no file or folder"), "{}", String::from_utf8_lossy(&out.stderr));

    for twice in [
        &["report", "--files-from", "-", "-"][..],
        &["report", "--files-from", "-", "--jsonl", "-"],
        &["report", "--files-from", "-", "--files-from", "-"],
    ] {
        let out = run_stdin(twice, "");
        assert_eq!(out.status.code(), Some(2), "{twice:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("standard input can be read only once"), "{twice:?}");
    }
}
