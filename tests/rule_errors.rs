//! Broken rule files: each yields its exact, snapshotted message with file,
//! line and column, exit code 2, and no panic; nothing is silently ignored.

mod common;

#[test]
fn each_broken_rule_file_gives_a_located_error() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!("fixtures/bad_rules/*.yaml", |path| {
            let rel = path.strip_prefix(common::root()).expect("fixture under the repo");
            let rel = rel.to_string_lossy().replace('\\', "/");
            let out = common::run(&["rules", "check", "--rules", &rel]);
            let stderr = String::from_utf8_lossy(&out.stderr).to_string();
            assert_eq!(out.status.code(), Some(2), "{rel}: expected exit 2, got {:?}\n{stderr}", out.status.code());
            assert!(!stderr.contains("panicked"), "{rel} panicked: {stderr}");
            assert!(stderr.contains(&format!("{rel}:")), "{rel}: the message must name the file: {stderr}");
            insta::assert_snapshot!(stderr);
        });
    });
}

#[test]
fn several_errors_in_one_file_are_all_reported() {
    let out = common::run(&["rules", "check", "--rules", "tests/fixtures/bad_rules/several_errors.yaml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let count = stderr.lines().filter(|l| l.starts_with("error: ")).count();
    assert!(count >= 4, "expected at least 4 errors, got {count}:\n{stderr}");
}

/// serde stops at a file's first type error; every one is still reported,
/// each at its own line.
#[test]
fn several_type_errors_in_one_file_are_all_located() {
    let out = common::run(&["rules", "check", "--rules", "tests/fixtures/several_type_errors/rules.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let located: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error: ")).filter_map(|l| l.split(": ").nth(1)).collect();
    let expected = [
        "tests/fixtures/several_type_errors/rules.yaml:3:11",
        "tests/fixtures/several_type_errors/rules.yaml:8:5",
        "tests/fixtures/several_type_errors/rules.yaml:13:13",
        "tests/fixtures/several_type_errors/rules.yaml:20:18",
    ];
    assert_eq!(located, expected, "{stderr}");
    assert!(stderr.contains("did you mean `triggers`?"), "{stderr}");
    assert!(stderr.contains("missing field `group`"), "{stderr}");
}

#[test]
fn default_rules_check_clean() {
    let out = common::run(&["rules", "check"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
