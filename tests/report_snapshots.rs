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

#[test]
fn table_fits_a_100_column_terminal() {
    let out = common::run(&["report", "corpus/kazakhstan-2022"]);
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "line wider than 100 columns: {line}");
    }
}
