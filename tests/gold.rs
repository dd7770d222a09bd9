//! Scores the JSON report over the bundled corpus against the gold file a
//! careful fact-checker wrote (`tests/gold/kazakhstan-2022.yaml`): recall and
//! precision of claims, group and qualifier accuracy, document metadata, and
//! every gold finding.

use serde_json::Value as Json;
use serde_yaml::Value as Yaml;
use std::path::PathBuf;

mod common;

fn stem(file: &str) -> &str {
    file.trim_end_matches(".txt")
}

fn ystr<'a>(v: &'a Yaml, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Yaml::as_str)
}

fn yf64(v: &Yaml, key: &str) -> Option<f64> {
    v.get(key).and_then(|x| x.as_f64().or_else(|| x.as_i64().map(|i| i as f64)))
}

fn jf64(v: &Json, key: &str) -> Option<f64> {
    v.get(key).and_then(Json::as_f64)
}

struct Score {
    gold: usize,
    found: usize,
    extracted: usize,
    correct: usize,
    group_ok: usize,
    qualifier_ok: usize,
    event_ok: usize,
    misses: Vec<String>,
    noise: Vec<String>,
}

fn score(report: &Json, gold: &Yaml) -> Score {
    let claims = report["claims"].as_array().cloned().unwrap_or_default();
    let read: Vec<&Json> = claims.iter().filter(|c| c["parts"].as_array().is_none_or(|p| p.is_empty())).collect();
    let mut gold_kinds: Vec<String> = Vec::new();
    let mut matched_ids: Vec<String> = Vec::new();
    let mut s =
        Score { gold: 0, found: 0, extracted: 0, correct: 0, group_ok: 0, qualifier_ok: 0, event_ok: 0, misses: vec![], noise: vec![] };
    for doc in gold["documents"].as_sequence().into_iter().flatten() {
        let id = stem(ystr(doc, "file").unwrap_or(""));
        for g in doc["claims"].as_sequence().into_iter().flatten() {
            let kind = ystr(g, "kind").unwrap_or("");
            let optional = g.get("optional").and_then(Yaml::as_bool).unwrap_or(false);
            if !gold_kinds.iter().any(|k| k == kind) {
                gold_kinds.push(kind.to_string());
            }
            let value = yf64(g, "value");
            let value_max = yf64(g, "value_max");
            let hit = read.iter().find(|c| {
                c["document"] == id
                    && c["kind"] == kind
                    && jf64(c, "value") == value
                    && (value_max.is_none() || jf64(c, "value_max") == value_max)
                    && !matched_ids.iter().any(|m| Some(m.as_str()) == c["id"].as_str())
            });
            if optional {
                if let Some(c) = hit {
                    matched_ids.push(c["id"].as_str().unwrap_or("").to_string());
                }
                continue;
            }
            s.gold += 1;
            match hit {
                Some(c) => {
                    s.found += 1;
                    matched_ids.push(c["id"].as_str().unwrap_or("").to_string());
                    if c["group"].as_str() == ystr(g, "group") {
                        s.group_ok += 1;
                    }
                    let q = c["qualifier"].as_str().unwrap_or("");
                    let also: Vec<&str> =
                        g.get("also_accept").and_then(Yaml::as_sequence).into_iter().flatten().filter_map(Yaml::as_str).collect();
                    if Some(q) == ystr(g, "qualifier") || also.contains(&q) {
                        s.qualifier_ok += 1;
                    }
                    if c["event"].as_str() == ystr(g, "event") {
                        s.event_ok += 1;
                    }
                }
                None => s.misses.push(format!("{id}: {kind} {value:?} «{}»", ystr(g, "quote").unwrap_or(""))),
            }
        }
    }
    for c in &read {
        if gold_kinds.iter().any(|k| c["kind"].as_str() == Some(k.as_str())) {
            s.extracted += 1;
            if matched_ids.iter().any(|m| Some(m.as_str()) == c["id"].as_str()) {
                s.correct += 1;
            } else {
                s.noise.push(format!("{} {}/{} {} «{}»", c["id"], c["kind"], c["group"], c["value"], c["quote"].as_str().unwrap_or("")));
            }
        }
    }
    s
}

fn bundled_report() -> (Json, Yaml) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let report = common::json_report(&[PathBuf::from("corpus/kazakhstan-2022")]);
    let gold: Yaml = serde_yaml::from_str(&std::fs::read_to_string(root.join("tests/gold/kazakhstan-2022.yaml")).expect("gold file"))
        .expect("gold yaml");
    (report, gold)
}

#[test]
fn claims_meet_recall_and_precision_targets() {
    let (report, gold) = bundled_report();
    let s = score(&report, &gold);
    let recall = s.found as f64 / s.gold as f64;
    let precision = s.correct as f64 / s.extracted.max(1) as f64;
    let group = s.group_ok as f64 / s.found.max(1) as f64;
    let qualifier = s.qualifier_ok as f64 / s.found.max(1) as f64;
    let event = s.event_ok as f64 / s.found.max(1) as f64;
    println!("gold claims {}, found {}, recall {recall:.3}", s.gold, s.found);
    println!("extracted on gold kinds {}, correct {}, precision {precision:.3}", s.extracted, s.correct);
    println!("group {group:.3}, qualifier {qualifier:.3}, event {event:.3}");
    println!("missed: {:#?}\nnoise: {:#?}", s.misses, s.noise);
    assert!(recall >= 0.95, "recall {recall:.3} < 0.95; missed {:#?}", s.misses);
    assert!(precision >= 0.90, "precision {precision:.3} < 0.90; noise {:#?}", s.noise);
    assert!(group >= 0.90, "group accuracy {group:.3} < 0.90");
    assert!(qualifier >= 0.90, "qualifier accuracy {qualifier:.3} < 0.90");
    assert!(event >= 0.90, "event accuracy {event:.3} < 0.90");
}

#[test]
fn document_metadata_matches_gold() {
    let (report, gold) = bundled_report();
    let docs = report["documents"].as_array().cloned().unwrap_or_default();
    for g in gold["documents"].as_sequence().into_iter().flatten() {
        let id = stem(ystr(g, "file").unwrap_or(""));
        let d = docs.iter().find(|d| d["id"] == id).unwrap_or_else(|| panic!("document {id} missing"));
        if let Some(p) = ystr(g, "published") {
            assert_eq!(d["published"].as_str(), Some(p), "{id} published");
        }
        let dup = ystr(g, "duplicate_of").map(stem);
        assert_eq!(d["duplicate_of"].as_str(), dup, "{id} duplicate_of");
    }
}

#[test]
fn every_gold_finding_is_reported() {
    let (report, gold) = bundled_report();
    let claims = report["claims"].as_array().cloned().unwrap_or_default();
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    let doc_of = |id: &Json| claims.iter().find(|c| c["id"] == *id).and_then(|c| c["document"].as_str().map(str::to_string));
    let main_event = "kazakhstan-2022";
    let mut missing = Vec::new();
    for g in gold["findings"].as_sequence().into_iter().flatten() {
        let topic = ystr(g, "topic").unwrap_or("");
        let verdict = ystr(g, "verdict").unwrap_or("");
        let files: Vec<String> =
            g["files"].as_sequence().into_iter().flatten().filter_map(Yaml::as_str).map(|f| stem(f).to_string()).collect();
        let ok = if verdict == "not_aligned" {
            // the claim exists, sits in another event, and no main-event finding holds it
            let (kind, group) = topic.split_once('/').unwrap_or((topic, ""));
            let other: Vec<&Json> = claims
                .iter()
                .filter(|c| {
                    files.iter().any(|f| c["document"] == f.as_str())
                        && c["kind"] == kind
                        && c["group"] == group
                        && c["event"] != main_event
                })
                .collect();
            !other.is_empty()
                && findings
                    .iter()
                    .filter(|f| f["event"] == main_event)
                    .all(|f| f["claims"].as_array().into_iter().flatten().all(|id| !other.iter().any(|c| c["id"] == *id)))
        } else {
            findings.iter().any(|f| {
                let docs: Vec<String> = f["claims"].as_array().into_iter().flatten().filter_map(doc_of).collect();
                f["topic"] == topic && f["verdict"] == verdict && f["event"] == main_event && files.iter().all(|x| docs.contains(x))
            })
        };
        if !ok {
            missing.push(format!("{topic} {verdict} {files:?}"));
        }
    }
    assert!(missing.is_empty(), "gold findings missing: {missing:#?}\nfindings: {:#}", Json::Array(findings));
}
