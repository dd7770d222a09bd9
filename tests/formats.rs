//! The output formats over the bundled corpus, end to end through the
//! binary: JSON against its schema, CSV through the csv crate, files
//! written with `--output`, colour, exit codes.

mod common;

use serde_json::Value;
use std::process::Command;

const CORPUS: &str = "corpus/kazakhstan-2022";

fn stdout_of(args: &[&str]) -> String {
    let out = common::run(args);
    assert!(out.status.success(), "crosscheck {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn report() -> Value {
    common::json_report(&[common::root().join(CORPUS)])
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(common::root().join("schema/report.schema.json")).expect("schema file");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::draft202012::new(&schema).expect("schema is a valid draft 2020-12 schema")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator.iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

#[test]
fn json_report_validates_against_its_schema() {
    let validator = schema();
    let report = report();
    assert_eq!(report["version"], "1");
    assert!(!report["claims"].as_array().expect("claims").is_empty());
    let errs = errors(&validator, &report);
    assert!(errs.is_empty(), "schema errors:\n{}", errs.join("\n"));
}

/// A claim given as lowered carries its words, which the schema knows.
#[test]
fn a_report_with_a_lowered_figure_validates() {
    let report = common::json_report(&[common::root().join("tests/fixtures/other_events/bus")]);
    assert!(report["claims"].as_array().expect("claims").iter().any(|c| c["lowered"].is_string()), "{report:#}");
    let errs = errors(&schema(), &report);
    assert!(errs.is_empty(), "schema errors:\n{}", errs.join("\n"));
    let mut broken = report.clone();
    if let Some(c) = broken["claims"].as_array_mut().and_then(|cs| cs.iter_mut().find(|c| c["lowered"].is_string())) {
        c["lowered"] = Value::from("");
    }
    assert!(!schema().is_valid(&broken), "an empty `lowered` is no words");
}

/// Breaks a valid report in one way.
type Breaker = Box<dyn Fn(&mut Value)>;

#[test]
fn schema_rejects_broken_reports() {
    let validator = schema();
    let good = report();
    let broken: Vec<(&str, Breaker)> = vec![
        ("no version", Box::new(|v| drop(v.as_object_mut().map(|o| o.remove("version"))))),
        ("version 2", Box::new(|v| v["version"] = "2".into())),
        ("unknown verdict", Box::new(|v| v["findings"][0]["verdict"] = "maybe".into())),
        ("unknown qualifier", Box::new(|v| v["claims"][0]["qualifier"] = "roughly".into())),
        ("extra field", Box::new(|v| v["claims"][0]["extra"] = 1.into())),
        ("negative count", Box::new(|v| v["summary"]["claims"] = (-1).into())),
        ("bad date", Box::new(|v| v["claims"][0]["as_of"] = "8 Jan 2022".into())),
        ("range without high end", Box::new(|v| v["claims"][0]["qualifier"] = "range".into())),
        ("line 0", Box::new(|v| v["claims"][0]["line"] = 0.into())),
    ];
    for (what, break_it) in broken {
        let mut v = good.clone();
        break_it(&mut v);
        assert!(!validator.is_valid(&v), "the schema accepted a report with {what}");
    }
}

#[test]
fn csv_parses_one_row_per_claim() {
    let text = stdout_of(&["report", "--format", "csv", CORPUS]);
    let report = report();
    let claims = report["claims"].as_array().expect("claims");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().expect("header").iter().map(str::to_string).collect();
    assert_eq!(header.len(), 22);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name}"));
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("CSV parses");
    assert_eq!(rows.len(), claims.len());
    for (row, claim) in rows.iter().zip(claims) {
        assert_eq!(row.len(), 22);
        assert_eq!(&row[col("claim_id")], claim["id"].as_str().expect("id"));
        assert_eq!(&row[col("quote")], claim["quote"].as_str().expect("quote"));
        assert_eq!(&row[col("kind")], claim["kind"].as_str().expect("kind"));
        assert_eq!(row[col("value")].parse::<f64>().ok(), claim["value"].as_f64());
        assert_eq!(row[col("line")].parse::<u64>().ok(), claim["line"].as_u64());
    }
    // Every claim of a finding carries its verdict.
    for f in report["findings"].as_array().expect("findings") {
        let verdict = f["verdict"].as_str().expect("verdict");
        for id in f["claims"].as_array().expect("claims") {
            let row = rows.iter().find(|r| &r[0] == id.as_str().expect("id")).expect("row of a finding's claim");
            assert!(row[col("verdicts")].split(' ').any(|v| v == verdict), "{row:?} lacks {verdict}");
        }
    }
}

#[test]
fn claims_listing_as_csv_matches_the_report_csv() {
    assert_eq!(stdout_of(&["claims", "--format", "csv", CORPUS]), stdout_of(&["report", "--format", "csv", CORPUS]));
}

#[test]
fn markdown_and_html_name_every_claim() {
    let report = report();
    let md = stdout_of(&["report", "--format", "markdown", CORPUS]);
    let html = stdout_of(&["report", "--format", "html", CORPUS]);
    for c in report["claims"].as_array().expect("claims") {
        let id = c["id"].as_str().expect("id");
        assert!(md.contains(&format!("`{id}`")), "{id} missing from the markdown");
        assert!(html.contains(&format!("<code>{id}</code>")), "{id} missing from the HTML");
    }
    assert_eq!(html.matches("<mark>").count(), html.matches("</mark>").count());
    assert!(html.matches("<mark>").count() >= report["claims"].as_array().map_or(0, Vec::len));
}

#[test]
fn claimreview_drafts_cover_conflicting_topics() {
    let report = report();
    let mut conflicting: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["verdict"] == "conflict")
        .map(|f| (f["topic"].as_str().unwrap_or("").to_string(), f["event"].as_str().unwrap_or("").to_string()))
        .collect();
    conflicting.sort();
    conflicting.dedup();
    let drafts: Value = serde_json::from_str(&stdout_of(&["report", "--format", "claimreview", CORPUS])).expect("JSON-LD");
    assert_eq!(drafts["@context"], "https://schema.org");
    let graph = drafts["@graph"].as_array().expect("@graph");
    assert_eq!(graph.len(), conflicting.len());
    for (review, (topic, event)) in graph.iter().zip(&conflicting) {
        assert_eq!(review["@type"], "ClaimReview");
        assert_eq!(review["reviewRating"]["alternateName"], "Conflicting reports");
        assert_eq!(review["itemReviewed"]["name"], format!("{topic} · {event}").as_str());
        let appearances = review["itemReviewed"]["appearance"].as_array().expect("appearance");
        assert!(appearances.len() >= 2, "{review}");
        for a in appearances {
            assert!(
                a["publisher"]["name"].is_string() && a["text"].is_string() && a.get("url").is_some() && a.get("datePublished").is_some()
            );
        }
    }
}

#[test]
fn output_file_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.html");
    let p = path.to_str().expect("UTF-8 path");
    let first = common::run(&["report", "--format", "html", "--output", p, CORPUS]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(first.stdout.is_empty());
    let html = std::fs::read_to_string(&path).expect("written");
    assert_eq!(html, stdout_of(&["report", "--format", "html", CORPUS]));

    std::fs::write(&path, "keep me").expect("write");
    let again = common::run(&["report", "--format", "html", "-o", p, CORPUS]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists (use --force"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "keep me");

    let forced = common::run(&["report", "--format", "html", "-o", p, "--force", CORPUS]);
    assert!(forced.status.success());
    assert_eq!(std::fs::read_to_string(&path).expect("read"), html);
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    assert_eq!(names.len(), 1, "temporary files left: {names:?}");
}

#[test]
fn fail_on_exits_1_only_when_such_a_finding_exists() {
    let report = report();
    let has = |verdict: &str| report["findings"].as_array().expect("findings").iter().any(|f| f["verdict"] == verdict);
    for verdict in ["conflict", "update", "single_source", "same_source"] {
        let out = common::run(&["report", "--format", "json", "--fail-on", verdict, CORPUS]);
        let want = if has(verdict) { 1 } else { 0 };
        assert_eq!(out.status.code(), Some(want), "--fail-on {verdict}: {}", String::from_utf8_lossy(&out.stderr));
        // The report is still written.
        assert!(serde_json::from_slice::<Value>(&out.stdout).is_ok());
        if want == 1 {
            assert!(String::from_utf8_lossy(&out.stderr).contains("(--fail-on)"));
        }
    }
    assert!(has("conflict"), "the bundled corpus has a conflict");
    let out = common::run(&["report", "--fail-on", "update,conflict", CORPUS]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(common::run(&["report", CORPUS]).status.code(), Some(0));
}

/// The topics (`event` and `kind/group`) with a finding of one of `verdicts`.
fn topics_with(report: &Value, verdicts: &[&str]) -> std::collections::BTreeSet<(String, String)> {
    let findings = report["findings"].as_array().expect("findings");
    let chosen = findings.iter().filter(|f| verdicts.iter().any(|v| f["verdict"] == *v));
    chosen.map(|f| (f["event"].as_str().unwrap_or_default().to_string(), f["topic"].as_str().unwrap_or_default().to_string())).collect()
}

/// `--only` lists in the table, Markdown and HTML views the topics with a
/// finding of the verdicts asked, and only those; each view says how many
/// of all it lists and keeps the summary of the whole analysis.
#[test]
fn only_lists_the_topics_with_the_verdicts_asked() {
    let report = report();
    let all = topics_with(&report, &["conflict", "update", "agree", "single_source", "same_source"]);
    let full_table = stdout_of(&["report", CORPUS]);
    for verdicts in [vec!["conflict"], vec!["conflict", "update"], vec!["agree"], vec!["same_source", "single_source"]] {
        let want = topics_with(&report, &verdicts);
        assert!(!want.is_empty() && want.len() < all.len(), "{verdicts:?} should pick some topics of the bundled corpus, not all");
        let only = verdicts.join(",");
        let listing = format!("Listing {} of {} topics: those with ", want.len(), all.len());

        let markdown = stdout_of(&["report", "--format", "markdown", "--only", &only, CORPUS]);
        let listed: std::collections::BTreeSet<(String, String)> = markdown
            .lines()
            .filter_map(|l| l.strip_prefix("### `"))
            .filter_map(|l| l.split_once("` · "))
            .map(|(label, rest)| (rest.split(" <a ").next().unwrap_or_default().to_string(), label.to_string()))
            .collect();
        assert_eq!(listed, want, "markdown --only {only}");
        assert!(markdown.contains(&format!("_{listing}")), "{markdown}");

        let html = stdout_of(&["report", "--format", "html", "--only", &only, CORPUS]);
        assert_eq!(html.matches("<article class=\"topic ").count(), want.len(), "html --only {only}");
        assert!(html.contains(&format!("<p class=\"listing\">{listing}")), "html --only {only}");

        let table = stdout_of(&["report", "--only", &only, CORPUS]);
        assert!(table.contains(&listing), "{table}");
        // the header and summary are those of the whole analysis
        let head = |t: &str| t.lines().take(3).collect::<Vec<_>>().join("\n");
        assert_eq!(head(&table), head(&full_table));
        // each table's first row follows its header's rule, each next row a row rule
        let rows = table.lines().filter(|l| l.starts_with('╞') || l.starts_with('├')).count();
        assert_eq!(rows, want.len(), "table rows --only {only}:\n{table}");
    }
    // --fail-on still sees every finding
    let out = common::run(&["report", "--only", "agree", "--fail-on", "conflict", CORPUS]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A filtered view that lists nothing says so, not that there are no
/// findings.
#[test]
fn only_a_verdict_nobody_has_lists_nothing_and_says_so() {
    let fixture = "tests/fixtures/counted_nouns";
    let report = common::json_report(&[common::root().join(fixture)]);
    assert!(topics_with(&report, &["same_source"]).is_empty() && !topics_with(&report, &["conflict"]).is_empty());
    for format in ["table", "markdown", "html"] {
        let text = stdout_of(&["report", "--format", format, "--only", "same_source", fixture]);
        assert!(text.contains("No topic to list.") && !text.contains("No findings."), "{format}:\n{text}");
        assert!(text.contains("Listing 0 of "), "{format}");
    }
}

/// The machine-readable formats carry every finding: `--only` with one of
/// them is a usage error, before any input is read.
#[test]
fn only_is_refused_for_the_machine_readable_formats() {
    for format in ["json", "csv", "claimreview"] {
        for command in ["report", "align"] {
            let out = common::run(&[command, "--format", format, "--only", "conflict", "no/such/input"]);
            assert_eq!(out.status.code(), Some(2), "{command} {format}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("--only lists topics in the table, markdown and html reports"), "{command} {format}: {err}");
        }
    }
}

#[test]
fn usage_and_input_errors_exit_2() {
    for args in [
        vec!["report", "--format", "yaml", CORPUS],
        vec!["report", "--fail-on", "maybe", CORPUS],
        vec!["report", "no/such/folder"],
        vec!["report", "--force", CORPUS],
        vec!["claims", "--format", "html", CORPUS],
        vec!["explain", "nope:1", CORPUS],
        vec!["diff", "no-such-old.json", "no-such-new.json"],
        vec!["diff", "Cargo.toml", "Cargo.toml"],
        vec!["bogus"],
    ] {
        let out = common::run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn unknown_claim_id_suggests_ids() {
    let out = common::run(&["explain", "001_9fe7e48c4840678f:99", CORPUS]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no claim `001_9fe7e48c4840678f:99`") && err.contains("001_9fe7e48c4840678f:1"), "{err}");
}

/// An empty id (or one of blanks) is said to be empty, with how to list
/// the ids, not "no claim ``"; the exit code is that of an unknown id.
#[test]
fn an_empty_claim_id_is_said_to_be_empty() {
    for id in ["", "  "] {
        let out = common::run(&["explain", id, CORPUS]);
        assert_eq!(out.status.code(), Some(2), "{id:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("error: the claim id is empty"), "{id:?}: {err}");
        assert!(err.contains("crosscheck claims"), "{id:?}: how to list the ids: {err}");
        assert!(err.contains("001_9fe7e48c4840678f:1"), "{id:?}: ids to choose from: {err}");
        assert!(!err.contains("no claim"), "{id:?}: {err}");
    }
}

#[test]
fn explain_every_claim_with_claims_explain() {
    let report = report();
    let text = stdout_of(&["claims", "--explain", CORPUS]);
    for c in report["claims"].as_array().expect("claims") {
        assert!(text.contains(&format!("Claim {} · ", c["id"].as_str().expect("id"))), "{c}");
    }
    assert!(text.contains("  lexicon    "));
    assert!(text.contains("  qualifier  "));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = stdout_of(&["report", CORPUS]);
    assert!(!plain.contains('\u{1b}'), "piped output is never coloured");
    let coloured = stdout_of(&["report", "--color", "always", CORPUS]);
    assert!(coloured.contains("\u{1b}["));
    assert!(!stdout_of(&["report", "--color", "never", CORPUS]).contains('\u{1b}'));
}

/// Runs the binary on a pseudo-terminal with `script`, so `auto` colour and
/// NO_COLOR are tested as a person sees them.
#[test]
fn no_color_is_honoured_on_a_terminal() {
    if !std::path::Path::new("/usr/bin/script").exists() {
        eprintln!("skipped: /usr/bin/script (util-linux) is not installed");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_crosscheck");
    let run = |no_color: Option<&str>| {
        let mut cmd = Command::new("/usr/bin/script");
        cmd.args(["-qec", &format!("{bin} report --width 100 {CORPUS}"), "/dev/null"]).current_dir(common::root());
        cmd.env("TERM", "xterm");
        match no_color {
            Some(v) => cmd.env("NO_COLOR", v),
            None => cmd.env_remove("NO_COLOR"),
        };
        let out = cmd.output().expect("run script");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run(None).contains("\u{1b}["), "a terminal gets colour");
    assert!(!run(Some("1")).contains("\u{1b}["), "NO_COLOR=1 turns it off");
    assert!(run(Some("")).contains("\u{1b}["), "an empty NO_COLOR is ignored");
}
