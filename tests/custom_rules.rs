//! Rules users add without recompiling: a fresh rules folder declaring a
//! kind the defaults do not know, used by the already-built binary, and
//! edited between runs; and one that takes a trigger word from a built-in
//! kind.

mod common;

use serde_json::Value;
use std::fs;

const ARTICLE_A: &str = "https://www.example-news.com/flood-quarantines\n\
Outbreak forces quarantines\n\
12 March, 2024\n\
Officials said 1,200 residents were quarantined from the valley. \
The regional governor ordered the quarantine of 300 people from the dam area.\n";

const ARTICLE_B: &str = "https://www.other-paper.org/valley-floods\n\
Valley floods\n\
14 March, 2024\n\
More than 2,500 residents were quarantined as the river kept rising, rescuers said.\n";

const RULES_V1: &str = r#"
kinds:
  - id: quarantined
    counts: people
    change: grows
    triggers: [quarantined, relocated]
    examples:
      - text: "Officials said 1,200 residents were quarantined."
        expect: [{kind: quarantined, group: civilians, value: 1200}]
idioms:
  - id: quarantine-of
    kind: quarantined
    group: total
    pattern: 'ordered the quarantine of {quantity}'
    examples:
      - text: "The governor ordered the quarantine of 300 people."
        expect: [{kind: quarantined, group: total, value: 300}]
"#;

/// A fresh folder holding `articles/` with `articles` (name, text) and
/// `my-rules/` with one rule file.
fn project(articles: &[(&str, &str)], rules_file: &str, rules: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    fs::create_dir_all(dir.join("articles")).expect("articles dir");
    fs::create_dir_all(dir.join("my-rules")).expect("rules dir");
    for (name, text) in articles {
        fs::write(dir.join("articles").join(name), text).expect("write article");
    }
    fs::write(dir.join("my-rules").join(rules_file), rules).expect("write rules");
    tmp
}

fn report(dir: &std::path::Path) -> Value {
    let out = common::run_in(dir, &["report", "--format", "json", "--rules", "my-rules", "articles"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

fn quarantined(report: &Value) -> Vec<(String, f64)> {
    report["claims"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["kind"] == "quarantined")
        .map(|c| (c["group"].as_str().unwrap_or("").to_string(), c["value"].as_f64().unwrap_or(0.0)))
        .collect()
}

#[test]
fn a_new_kind_from_yaml_is_extracted_compared_and_editable() {
    let tmp = project(&[("a.txt", ARTICLE_A), ("b.txt", ARTICLE_B)], "quarantined.yaml", RULES_V1);
    let dir = tmp.path();

    // The rule's own examples pass.
    let test = common::run_in(dir, &["rules", "test", "--rules", "my-rules"]);
    assert!(test.status.success(), "{}", String::from_utf8_lossy(&test.stdout));

    let first = report(dir);
    let claims = quarantined(&first);
    assert!(claims.contains(&("civilians".to_string(), 1200.0)), "{claims:?}");
    assert!(claims.contains(&("total".to_string(), 300.0)), "idiom claim missing: {claims:?}");
    assert!(claims.contains(&("civilians".to_string(), 2500.0)), "{claims:?}");
    let update = first["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["topic"] == "quarantined/civilians")
        .expect("a finding for quarantined/civilians");
    assert_eq!(update["verdict"], "update", "1,200 on 12 March then >2,500 on 14 March: {update}");

    // Edit the YAML: drop the trigger "quarantined"; the next run changes.
    fs::write(dir.join("my-rules/quarantined.yaml"), RULES_V1.replace("triggers: [quarantined, relocated]", "triggers: [relocated]"))
        .expect("edit rules");
    let second = report(dir);
    let claims = quarantined(&second);
    assert_eq!(claims, vec![("total".to_string(), 300.0)], "only the idiom should still fire");
}

#[test]
fn a_wrong_example_fails_rules_test_and_names_the_case() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    fs::create_dir_all(dir.join("my-rules")).expect("rules dir");
    fs::write(dir.join("my-rules/quarantined.yaml"), RULES_V1.replace("value: 1200", "value: 1300")).expect("write rules");
    let out = common::run_in(dir, &["rules", "test", "--rules", "my-rules"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("MISSING kind/quarantined"), "{stdout}");
    assert!(stdout.contains("NOISY"), "the 1,200 read instead must show as noisy: {stdout}");
}

/// A kind of people sheltering, whose trigger "took refuge" the built-in
/// `displaced` also has.
const SHELTERED: &str = r#"
kinds:
  - id: sheltered
    counts: people
    change: any
    triggers: [took refuge, sheltering]
    examples:
      - text: "Officials said 1,200 residents took refuge in the school."
        expect: [{kind: sheltered, group: civilians, value: 1200}]
idioms:
  - id: sheltering-in
    kind: sheltered
    group: total
    pattern: 'sheltering in \w+ (?:schools|churches) were {quantity}'
    examples:
      - text: "Those sheltering in local schools were 300 people."
        expect: [{kind: sheltered, group: total, value: 300}]
"#;

/// A user's kind that shares a trigger word with a built-in one takes the
/// figures both read equally well (the later declared kind wins, as a
/// later rule of one id replaces an earlier one), and `rules test` names
/// the built-in examples it now reads otherwise.
#[test]
fn a_users_kind_takes_a_trigger_word_from_a_built_in_one() {
    let article = "Shelters\n\nOfficials said 1,200 residents took refuge in the town hall.\n";
    let tmp = project(&[("a.txt", article)], "sheltered.yaml", SHELTERED);
    let dir = tmp.path();
    let r = report(dir);
    let kinds: Vec<&str> = r["claims"].as_array().into_iter().flatten().filter_map(|c| c["kind"].as_str()).collect();
    assert_eq!(kinds, ["sheltered"], "the built-in `displaced` also reads 'took refuge'");
    let test = common::run_in(dir, &["rules", "test", "--rules", "my-rules"]);
    let stdout = String::from_utf8_lossy(&test.stdout);
    assert_eq!(test.status.code(), Some(1), "{stdout}");
    assert!(stdout.lines().any(|l| l.starts_with("NOISY   kind/displaced") && l.contains("unexpected sheltered/")), "{stdout}");
}

#[test]
fn default_rules_pass_their_own_examples() {
    let out = common::run(&["rules", "test"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn rules_dump_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let target = tmp.path().join("r");
    let first = common::run(&["rules", "dump", target.to_str().expect("utf-8 path")]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    fs::write(target.join("kinds.yaml"), "# mine\n").expect("edit");
    let second = common::run(&["rules", "dump", target.to_str().expect("utf-8 path")]);
    assert_eq!(second.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&second.stderr).contains("refusing to overwrite"));
    assert_eq!(fs::read_to_string(target.join("kinds.yaml")).expect("read"), "# mine\n", "the user's file is untouched");
}

#[test]
fn no_default_rules_without_rules_of_ones_own_is_a_usage_error() {
    // no rules at all would read no claim and pass any --fail-on gate
    let out = common::run(&["report", "--no-default-rules", "--fail-on", "conflict", "corpus/kazakhstan-2022"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--rules"), "{}", String::from_utf8_lossy(&out.stderr));
    for args in [&["claims", "--no-default-rules", "corpus/kazakhstan-2022"][..], &["rules", "check", "--no-default-rules"][..]] {
        assert_eq!(common::run(args).status.code(), Some(2), "{args:?}");
    }
}

/// A rule file's own text (ids, terms, triggers, example sentences, even
/// its file name) is shown by `rules list` and `rules test` without the
/// escape sequences, control characters and bidi overrides it holds.
#[test]
fn rules_list_and_test_print_no_escape_sequences_from_rule_files() {
    let rules = r#"
kinds:
  - id: "fled\e[31m"
    counts: people
    change: any
    triggers: ["fled\e[2J\e[1;1H", "ran\x07 away"]
    examples:
      - text: "\e]0;pwned title\a200 refugees\x9b31m fled\e[2J the town\u202e."
        expect: [{kind: "fled\e[31m", group: "civ\e[0m", value: 200}]
groups:
  - id: "civ\e[0m"
    role: people
    terms: ["refugees\e[5m", "evacu\x7fees"]
"#;
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    fs::create_dir_all(dir.join("my-rules")).expect("rules dir");
    fs::create_dir_all(dir.join("articles")).expect("articles dir");
    fs::write(dir.join("my-rules/escapes.yaml"), rules).expect("write rules");
    fs::write(dir.join("articles/a.txt"), ARTICLE_B).expect("write an article");
    #[cfg(unix)]
    fs::write(dir.join("my-rules/name\u{1b}[31m.yaml"), "# empty\n").expect("write rules with an escape in the name");
    let unsafe_chars = ['\u{1b}', '\u{7}', '\u{7f}', '\u{9b}', '\u{202e}'];
    for args in [&["rules", "list", "--rules", "my-rules"][..], &["rules", "test", "--rules", "my-rules", "--coverage", "articles"][..]] {
        let out = common::run_in(dir, args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{args:?}");
        // the rules were read: their text is shown, cleaned
        assert!(stdout.contains("kind/fled "), "{args:?}: {stdout}");
        for c in unsafe_chars {
            assert!(!stdout.contains(c), "{args:?}: {:?} in stdout:\n{stdout:?}", c);
        }
    }
    let test = String::from_utf8_lossy(&common::run_in(dir, &["rules", "test", "--rules", "my-rules", "--coverage", "articles"]).stdout)
        .to_string();
    assert!(test.contains("«200 refugees fled the town.»"), "{test}");
    assert!(test.contains("never fired: kind/fled\n"), "{test}");
}
