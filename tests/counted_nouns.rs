//! A counted noun no group lists is a group of its own, named by the noun
//! in the singular: one outlet's "one journalist" and another's "two
//! journalists", or "three fishermen" and "one fisherman", meet in one
//! finding (`tests/fixtures/counted_nouns`: two test articles written for
//! this, on a storm in a made-up town).

mod common;

use serde_json::Value;

fn report() -> Value {
    common::json_report(&[common::root().join("tests/fixtures/counted_nouns")])
}

fn finding<'a>(r: &'a Value, topic: &str) -> Vec<&'a Value> {
    r["findings"].as_array().into_iter().flatten().filter(|f| f["topic"] == topic).collect()
}

#[test]
fn singular_and_plural_of_an_unlisted_noun_meet_in_one_finding() {
    let r = report();
    // "One journalist was killed" (1 March) and "Two journalists were
    // killed" (3 March): a later, higher toll
    let journalists = finding(&r, "killed/journalist");
    assert_eq!(journalists.len(), 1, "{:#?}", r["findings"]);
    assert_eq!(journalists[0]["verdict"], "update");
    assert_eq!(journalists[0]["claims"].as_array().map(Vec::len), Some(2));
    // "Three fishermen were killed" (1 March), then "the storm killed one
    // fisherman" (3 March): a toll that fell, one of them is wrong
    let fishermen = finding(&r, "killed/fisherman");
    assert_eq!(fishermen.len(), 1, "{:#?}", r["findings"]);
    assert_eq!(fishermen[0]["verdict"], "conflict");
    assert_eq!(fishermen[0]["claims"].as_array().map(Vec::len), Some(2));
    // no plural-named topic is left beside them
    let topics: Vec<&str> = r["findings"].as_array().into_iter().flatten().filter_map(|f| f["topic"].as_str()).collect();
    assert_eq!(topics.len(), 2, "{topics:?}");
}
