//! The default rules on events of other sorts than the bundled corpus's
//! unrest: a ferry disaster, a protest and an earthquake, three articles
//! each (`tests/fixtures/other_events`). The articles are fictional, written
//! for these tests in the styles of wire, broadcast and local coverage; each
//! phrasing asserted here was unread or misread before the rule or code
//! change that its assertion names.

mod common;

use serde_json::Value;

fn report(folder: &str) -> Value {
    common::json_report(&[common::root().join("tests/fixtures/other_events").join(folder)])
}

fn claims<'a>(r: &'a Value, doc: &str) -> Vec<&'a Value> {
    r["claims"].as_array().into_iter().flatten().filter(|c| c["document"] == doc).collect()
}

/// The claim of `doc` with this kind, group, qualifier and value.
fn find<'a>(r: &'a Value, doc: &str, kind: &str, group: &str, qualifier: &str, value: f64) -> Option<&'a Value> {
    claims(r, doc)
        .into_iter()
        .find(|c| c["kind"] == kind && c["group"] == group && c["qualifier"] == qualifier && c["value"].as_f64() == Some(value))
}

/// The verdicts of the findings on `topic`.
fn verdicts(r: &Value, topic: &str) -> Vec<String> {
    r["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["topic"] == topic)
        .filter_map(|f| f["verdict"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_ferry_disaster() {
    let r = report("ferry");
    let all = |doc: &str| format!("{:#?}", claims(&r, doc));
    // a headline's death toll with a long place and a present tense
    assert!(find(&r, "ferry-broadcaster", "killed", "total", "exact", 58.0).is_some(), "{}", all("ferry-broadcaster"));
    // "the number of people confirmed dead ..., the interior ministry said":
    // "confirmed" before "dead" is no verb of saying
    let confirmed = claims(&r, "ferry-broadcaster")
        .into_iter()
        .find(|c| c["value"].as_f64() == Some(58.0) && c["quote"].as_str().is_some_and(|q| q.starts_with("number of")));
    assert_eq!(confirmed.map(|c| &c["attribution"]), Some(&Value::from("interior ministry")), "{}", all("ferry-broadcaster"));
    // "Eleven of the dead were children": the idiom of-the-dead
    assert!(find(&r, "ferry-wire", "killed", "children", "exact", 11.0).is_some(), "{}", all("ferry-wire"));
    // missing and rescued people
    assert!(find(&r, "ferry-wire", "missing", "passenger", "exact", 47.0).is_some(), "{}", all("ferry-wire"));
    assert!(find(&r, "ferry-broadcaster", "missing", "total", "about", 30.0).is_some());
    assert!(find(&r, "ferry-wire", "rescued", "total", "exact", 212.0).is_some());
    assert!(find(&r, "ferry-agency", "rescued", "children", "exact", 15.0).is_some(), "'among them 15 children' is a part");
    // "two crew members were detained": a things noun counting people
    assert!(find(&r, "ferry-wire", "arrested", "member", "exact", 2.0).is_some());
    // "since 2009, when 96 people drowned" is another event
    let drowned = find(&r, "ferry-wire", "killed", "total", "exact", 96.0).expect("the 2009 toll is read");
    assert_eq!(drowned["event"], "other-2009");
    assert!(verdicts(&r, "rescued/total").contains(&"conflict".to_string()), "212 then 209 rescued");
}

#[test]
fn a_protest() {
    let r = report("protest");
    // crowd estimates, each with who gave it
    let police = find(&r, "protest-a", "crowd", "total", "exact", 35000.0).expect("'police put the turnout at 35,000'");
    assert_eq!(police["attribution"], "police");
    let organisers = find(&r, "protest-a", "crowd", "total", "exact", 120000.0).expect("'120,000 people marched'");
    assert_eq!(organisers["attribution"], "Organisers");
    assert!(find(&r, "protest-b", "crowd", "total", "more_than", 100000.0).is_some(), "'more than 100,000 took part'");
    assert!(verdicts(&r, "crowd/total").contains(&"conflict".to_string()), "a crowd's size does not change: estimates conflict");
    // "after Friday's protest has risen to 260, ... said on Saturday": the
    // possessive names the protest, Saturday dates the figure
    let arrested = find(&r, "protest-c", "arrested", "total", "exact", 260.0).expect("the number-detained idiom");
    assert_eq!(arrested["as_of"], "2026-05-02");
    // "taken to hospital" is an injury
    assert!(find(&r, "protest-a", "injured", "protesters", "exact", 11.0).is_some());
}

#[test]
fn an_earthquake() {
    let r = report("quake");
    assert!(find(&r, "quake-a", "displaced", "total", "more_than", 12000.0).is_some(), "evacuated");
    assert!(find(&r, "quake-c", "displaced", "total", "about", 14000.0).is_some(), "left homeless");
    // "…, up from 9,000 on Thursday": an earlier figure, dated by its own day
    let earlier = find(&r, "quake-c", "displaced", "total", "exact", 9000.0).expect("the earlier figure");
    assert_eq!(earlier["as_of"], "2026-08-20");
    assert!(find(&r, "quake-a", "buildings_damaged", "unspecified", "exact", 3400.0).is_some());
    assert!(find(&r, "quake-b", "buildings_damaged", "unspecified", "about", 4000.0).is_some());
    // "losses at between $1 billion and $1.5 billion": a range whose second
    // number repeats the currency sign
    let losses = find(&r, "quake-b", "damage_usd", "unspecified", "range", 1e9).expect("the losses range");
    assert_eq!(losses["value_max"].as_f64(), Some(1.5e9));
    assert_eq!(verdicts(&r, "damage_usd/unspecified"), ["agree"], "$1.2 billion lies in $1–1.5 billion");
    // magnitudes and aftershocks are no claims
    assert!(r["claims"].as_array().into_iter().flatten().all(|c| c["value"].as_f64() != Some(7.1) && c["value"].as_f64() != Some(3.0)));
}
