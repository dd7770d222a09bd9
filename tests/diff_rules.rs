//! `crosscheck diff` after a one-line rule change names exactly the claims
//! and verdicts that changed. The expected sets are computed here from the
//! two JSON reports, independently of the diff's own matching.

mod common;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const CORPUS: &str = "corpus/kazakhstan-2022";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create rules copy");
    for entry in std::fs::read_dir(from).expect("read rules") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy rule file");
        }
    }
}

fn write_report(args: &[&str], path: &Path) -> Value {
    let mut all = vec!["report", "--format", "json", "--output", path.to_str().expect("UTF-8 path")];
    all.extend_from_slice(args);
    all.push(CORPUS);
    let out = common::run(&all);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_str(&std::fs::read_to_string(path).expect("report written")).expect("JSON")
}

/// A claim's content without its positional id: what a reviewer cares about.
fn content(c: &Value) -> String {
    let mut c = c.clone();
    if let Some(o) = c.as_object_mut() {
        o.remove("id");
        o.remove("parts");
    }
    c.to_string()
}

/// Where a read claim is (document, line, column).
fn place(c: &Value) -> (String, u64, u64) {
    (c["document"].as_str().unwrap_or("").to_string(), c["line"].as_u64().unwrap_or(0), c["column"].as_u64().unwrap_or(0))
}

fn verdicts(report: &Value) -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut map: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for f in report["findings"].as_array().expect("findings") {
        let key = (f["event"].as_str().unwrap_or("").to_string(), f["topic"].as_str().unwrap_or("").to_string());
        map.entry(key).or_default().insert(f["verdict"].as_str().unwrap_or("").to_string());
    }
    map
}

#[test]
fn diff_names_exactly_what_a_one_line_rule_change_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = dir.path().join("rules");
    copy_dir(&common::root().join("rules"), &rules);
    // The one-line change: "wounded" is no longer a trigger of `injured`.
    let kinds = rules.join("kinds.yaml");
    let text = std::fs::read_to_string(&kinds).expect("kinds.yaml");
    let changed = text.replacen("triggers: [injured, wounded, hurt,", "triggers: [injured, hurt,", 1);
    assert_ne!(changed, text, "the line to change is in rules/kinds.yaml");
    let differing: Vec<(&str, &str)> = text.lines().zip(changed.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(differing.len(), 1, "exactly one line changes");
    std::fs::write(&kinds, changed).expect("write kinds.yaml");

    let old_path = dir.path().join("old.json");
    let new_path = dir.path().join("new.json");
    let old = write_report(&[], &old_path);
    let new = write_report(&["--no-default-rules", "--rules", rules.to_str().expect("UTF-8")], &new_path);

    // Expected, from the two reports: read claims by place and content.
    let read = |r: &Value| -> BTreeMap<(String, u64, u64), String> {
        r["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .filter(|c| c["parts"] == Value::Array(vec![]))
            .map(|c| (place(c), content(c)))
            .collect()
    };
    let (old_read, new_read) = (read(&old), read(&new));
    let want_removed: BTreeSet<_> = old_read.keys().filter(|k| !new_read.contains_key(*k)).cloned().collect();
    let want_added: BTreeSet<_> = new_read.keys().filter(|k| !old_read.contains_key(*k)).cloned().collect();
    let want_changed: BTreeSet<_> =
        old_read.iter().filter(|(k, v)| new_read.get(*k).is_some_and(|n| n != *v)).map(|(k, _)| k.clone()).collect();
    let derived = |r: &Value| -> BTreeMap<String, String> {
        r["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .filter(|c| c["parts"] != Value::Array(vec![]))
            .map(|c| (format!("{}|{}|{}|{}", c["document"], c["event"], c["kind"], c["group"]), content(c)))
            .collect()
    };
    let (old_derived, new_derived) = (derived(&old), derived(&new));
    let (old_verdicts, new_verdicts) = (verdicts(&old), verdicts(&new));
    let mut want_topics: BTreeSet<(String, String)> = old_verdicts.keys().chain(new_verdicts.keys()).cloned().collect();
    want_topics.retain(|t| old_verdicts.get(t) != new_verdicts.get(t));
    assert!(!(want_removed.is_empty() && want_added.is_empty() && want_changed.is_empty()), "the rule change changes at least one claim");
    assert!(!want_topics.is_empty(), "the rule change changes at least one verdict");

    // The diff, as JSON.
    let out = common::run(&["diff", "--format", "json", old_path.to_str().expect("p"), new_path.to_str().expect("p")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let d: Value = serde_json::from_slice(&out.stdout).expect("diff JSON");
    let places = |list: &Value| -> BTreeSet<(String, u64, u64)> {
        list.as_array().expect("list").iter().filter(|c| c["parts"] == Value::Array(vec![])).map(place).collect()
    };
    let changed_places: BTreeSet<_> = d["changed"]
        .as_array()
        .expect("changed")
        .iter()
        .filter(|c| c["old"]["parts"] == Value::Array(vec![]))
        .map(|c| place(&c["new"]))
        .collect();
    assert_eq!(places(&d["removed"]), want_removed);
    assert_eq!(places(&d["added"]), want_added);
    assert_eq!(changed_places, want_changed);
    // Derived totals: named when they appear, disappear or change.
    let derived_named =
        d["added"].as_array().into_iter().chain(d["removed"].as_array()).flatten().filter(|c| c["parts"] != Value::Array(vec![])).count()
            + d["changed"].as_array().expect("changed").iter().filter(|c| c["old"]["parts"] != Value::Array(vec![])).count();
    let derived_differ = old_derived
        .keys()
        .chain(new_derived.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|k| old_derived.get(*k) != new_derived.get(*k))
        .count();
    assert_eq!(derived_named, derived_differ);
    let topics: BTreeSet<(String, String)> = d["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (f["event"].as_str().unwrap_or("").to_string(), f["topic"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(topics, want_topics);
    for f in d["findings"].as_array().expect("findings") {
        let key = (f["event"].as_str().unwrap_or("").to_string(), f["topic"].as_str().unwrap_or("").to_string());
        let as_set =
            |v: &Value| v.as_array().expect("verdicts").iter().filter_map(|x| x.as_str().map(str::to_string)).collect::<BTreeSet<_>>();
        assert_eq!(as_set(&f["old"]), old_verdicts.get(&key).cloned().unwrap_or_default());
        assert_eq!(as_set(&f["new"]), new_verdicts.get(&key).cloned().unwrap_or_default());
    }

    // The table names the same claims and topics; --fail-on-change exits 1.
    let out = common::run(&["diff", "--fail-on-change", old_path.to_str().expect("p"), new_path.to_str().expect("p")]);
    assert_eq!(out.status.code(), Some(1));
    let table = String::from_utf8(out.stdout).expect("UTF-8");
    for c in d["removed"].as_array().into_iter().chain(d["added"].as_array()).flatten() {
        assert!(table.contains(c["id"].as_str().expect("id")), "{table}");
    }
    for (_, topic) in &want_topics {
        assert!(table.contains(topic.as_str()), "{topic} missing from\n{table}");
    }

    // The same report twice: no change, exit 0 even with --fail-on-change.
    let same = common::run(&["diff", "--fail-on-change", old_path.to_str().expect("p"), old_path.to_str().expect("p")]);
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).contains("No changes."));
}

/// A report saved with a byte order mark (a Windows editor's) is read; a
/// report that is not what the contract says is refused in plain words:
/// what was expected, not the Rust type, and for bad bytes where they are.
#[test]
fn diff_reads_a_marked_report_and_says_what_a_bad_one_lacks() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let old = tmp.path().join("old.json");
    let report = write_report(&[], &old);
    let text = std::fs::read_to_string(&old).expect("report");
    let path = |name: &str, bytes: &[u8]| {
        let p = tmp.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        p.to_str().expect("UTF-8 path").to_string()
    };
    let old = old.to_str().expect("UTF-8 path");
    let bom = path("bom.json", &[b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat());
    let out = common::run(&["diff", old, &bom]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No changes."));

    let with = |pointer: &str, value: Value| {
        let mut changed = report.clone();
        if let Some(field) = changed.pointer_mut(pointer) {
            *field = value;
        }
        changed
    };
    for (name, value, says) in [
        ("line.json", with("/claims/0/line", serde_json::json!(-3)), "expected a whole number (0 or more)"),
        ("value.json", with("/claims/0/value", serde_json::json!("8")), "expected a number"),
        ("date.json", with("/documents/0/published", serde_json::json!("2022-02-30")), "not a date of the calendar (expected YYYY-MM-DD)"),
    ] {
        let p = path(name, serde_json::to_string_pretty(&value).expect("JSON").as_bytes());
        let out = common::run(&["diff", old, &p]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert!(!stderr.contains("usize") && !stderr.contains("f64"), "{stderr}");
    }
    let latin1 = path("latin1.json", b"{\"version\": \"caf\xe9\"}");
    let stderr = String::from_utf8_lossy(&common::run(&["diff", old, &latin1]).stderr).into_owned();
    assert!(stderr.contains("not UTF-8 (invalid byte at offset 16)"), "{stderr}");
}
