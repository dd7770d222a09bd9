//! Snapshots of the report over the bundled corpus: a changed rule shows up
//! here as a reviewed diff (`cargo insta review`).

mod common;

fn snapshot(name: &str, args: &[&str]) {
    let out = common::run(args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn json_report_over_bundled_corpus() {
    snapshot("report_kazakhstan_json", &["report", "--format", "json", "corpus/kazakhstan-2022"]);
}

#[test]
fn table_report_over_bundled_corpus() {
    snapshot("report_kazakhstan_table", &["report", "corpus/kazakhstan-2022"]);
}

/// The view of a desk that checks only what moved: topics with a conflict
/// or an update, each whole.
#[test]
fn table_of_conflicts_and_updates_over_bundled_corpus() {
    snapshot("report_kazakhstan_table_only_conflict_update", &["report", "--only", "conflict,update", "corpus/kazakhstan-2022"]);
}

#[test]
fn markdown_report_over_bundled_corpus() {
    snapshot("report_kazakhstan_markdown", &["report", "--format", "markdown", "corpus/kazakhstan-2022"]);
}

#[test]
fn csv_report_over_bundled_corpus() {
    snapshot("report_kazakhstan_csv", &["report", "--format", "csv", "corpus/kazakhstan-2022"]);
}

#[test]
fn html_report_over_bundled_corpus() {
    snapshot("report_kazakhstan_html", &["report", "--format", "html", "corpus/kazakhstan-2022"]);
}

#[test]
fn claimreview_drafts_over_bundled_corpus() {
    snapshot("report_kazakhstan_claimreview", &["report", "--format", "claimreview", "corpus/kazakhstan-2022"]);
}

/// `explain` of a derived total names its parts and the sum.
#[test]
fn explain_a_derived_total() {
    let report = common::json_report(&[common::root().join("corpus/kazakhstan-2022")]);
    let claims = report["claims"].as_array().expect("claims");
    let derived = claims.iter().find(|c| c["rule"] == "derive/sum").expect("the bundled corpus has a derived total");
    let id = derived["id"].as_str().expect("id");
    let parts: Vec<&str> = derived["parts"].as_array().expect("parts").iter().filter_map(|p| p.as_str()).collect();
    assert!(parts.len() >= 2, "{derived}");
    let out = common::run(&["explain", id, "corpus/kazakhstan-2022"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    for part in &parts {
        assert!(text.contains(part), "part {part} missing from\n{text}");
    }
    assert!(text.contains("  sum        "), "{text}");
    snapshot("explain_kazakhstan_derived_total", &["explain", id, "corpus/kazakhstan-2022"]);
}

#[test]
fn table_fits_a_100_column_terminal() {
    let out = common::run(&["report", "corpus/kazakhstan-2022"]);
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "line wider than 100 columns: {line}");
    }
}
