//! Rule self-tests: every kind, idiom and list may carry `examples:` —
//! texts with the claims they must give (or none). Each case is passed,
//! missing (an expected claim was not read), wrong (read with another
//! group, qualifier or range) or noisy (a claim nobody expected).

use super::spec::ExampleSpec;
use super::RuleSet;
use crate::model::{Claim, Qualifier};
use serde::Serialize;

/// The outcome of one expected or unexpected claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Read as expected.
    Passed,
    /// Expected but not read.
    Missing,
    /// Read with the right kind and value but another group, qualifier or range.
    Wrong,
    /// Read but not expected.
    Noisy,
}

/// One line of a self-test run.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    /// Rule id (`kind/killed`, `idiom/death-toll`, `list/member-list`).
    pub rule: String,
    /// File and line of the rule.
    pub origin: String,
    /// The example text.
    pub text: String,
    /// Outcome.
    pub outcome: Outcome,
    /// What was expected (empty for noisy).
    pub expected: String,
    /// What was read (empty for missing).
    pub got: String,
}

fn describe(kind: &str, group: &str, qualifier: Qualifier, value: f64, value_max: Option<f64>, lowered: bool, raised: bool) -> String {
    let max = value_max.map(|m| format!("–{m}")).unwrap_or_default();
    let lowered = if lowered { " (lowered)" } else { "" };
    let raised = if raised { " (raised)" } else { "" };
    format!("{kind}/{group} {} {value}{max}{lowered}{raised}", qualifier.as_str())
}

fn describe_claim(c: &Claim) -> String {
    describe(&c.kind, &c.group, c.quantity.qualifier, c.quantity.value, c.quantity.value_max, c.lowered.is_some(), c.raised.is_some())
}

/// Whether a claim's group is the one an example expects. An expected
/// group no rule declares is a counted noun, which the extractor names in
/// the singular: `journalists`, as written before groups were singular, is
/// still `journalist`.
fn same_group(rules: &RuleSet, expected: &str, got: &str) -> bool {
    expected == got || (rules.group(expected).is_none() && crate::nouns::singular(expected) == got)
}

/// Runs one example against the whole rule set.
pub fn run_example(rule: &str, origin: &str, example: &ExampleSpec, rules: &RuleSet) -> Vec<CaseResult> {
    let claims: Vec<Claim> =
        crate::extract::extract_text(&example.text, "example", rules).into_iter().filter(|c| !c.is_derived()).collect();
    let mut used = vec![false; claims.len()];
    let mut out = Vec::new();
    let case = |outcome, expected: String, got: String| CaseResult {
        rule: rule.to_string(),
        origin: origin.to_string(),
        text: example.text.clone(),
        outcome,
        expected,
        got,
    };
    for e in &example.expect {
        let qualifier = e.qualifier.unwrap_or(Qualifier::Exact);
        let expected = describe(&e.kind, &e.group, qualifier, e.value, e.value_max, e.lowered == Some(true), e.raised == Some(true));
        let same_value = |c: &Claim| c.kind == e.kind && (c.quantity.value - e.value).abs() < 1e-9;
        let found = claims.iter().enumerate().find(|(i, c)| !used.get(*i).copied().unwrap_or(true) && same_value(c));
        match found {
            Some((i, c)) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                let right = same_group(rules, &e.group, &c.group)
                    && c.quantity.qualifier == qualifier
                    && c.quantity.value_max == e.value_max
                    && e.lowered.is_none_or(|lowered| lowered == c.lowered.is_some())
                    && e.raised.is_none_or(|raised| raised == c.raised.is_some());
                out.push(case(if right { Outcome::Passed } else { Outcome::Wrong }, expected, describe_claim(c)));
            }
            None => {
                let near = claims.iter().filter(|c| c.kind == e.kind).map(describe_claim).collect::<Vec<_>>().join("; ");
                out.push(case(Outcome::Missing, expected, near));
            }
        }
    }
    for (c, was_used) in claims.iter().zip(&used) {
        if !was_used {
            out.push(case(Outcome::Noisy, String::new(), describe_claim(c)));
        }
    }
    if example.expect.is_empty() && out.is_empty() {
        out.push(case(Outcome::Passed, "no claim".to_string(), String::new()));
    }
    out
}

/// Runs every example of every rule, in rule order.
pub fn run_all(rules: &RuleSet) -> Vec<CaseResult> {
    let mut out = Vec::new();
    let origin = |o: &super::compiled::Origin| format!("{}:{}", o.file, o.line);
    for k in &rules.kinds {
        for e in &k.examples {
            out.extend(run_example(&format!("kind/{}", k.id), &origin(&k.origin), e, rules));
        }
    }
    for i in &rules.idioms {
        for e in &i.examples {
            out.extend(run_example(&format!("idiom/{}", i.id), &origin(&i.origin), e, rules));
        }
    }
    for l in &rules.lists {
        for e in &l.examples {
            out.extend(run_example(&format!("list/{}", l.id), &origin(&l.origin), e, rules));
        }
    }
    out
}

/// Rules (kinds, idioms, lists) that produced no claim in `claims`.
pub fn never_fired(rules: &RuleSet, claims: &[Claim]) -> Vec<String> {
    let fired = |prefix: &str, id: &str| {
        claims.iter().any(|c| c.rule == format!("{prefix}/{id}") || (prefix == "frame" && c.kind == id && c.rule.starts_with("frame/")))
    };
    let mut out = Vec::new();
    out.extend(
        rules.kinds.iter().filter(|k| !fired("frame", &k.id) && !claims.iter().any(|c| c.kind == k.id)).map(|k| format!("kind/{}", k.id)),
    );
    out.extend(rules.idioms.iter().filter(|i| !fired("idiom", &i.id)).map(|i| format!("idiom/{}", i.id)));
    out.extend(rules.lists.iter().filter(|l| !fired("list", &l.id)).map(|l| format!("list/{}", l.id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::spec::ExpectedClaim;

    fn example(text: &str, group: &str) -> ExampleSpec {
        let expect = vec![ExpectedClaim {
            kind: "killed".into(),
            group: group.into(),
            qualifier: None,
            value: 2.0,
            value_max: None,
            lowered: None,
            raised: None,
        }];
        ExampleSpec { text: text.into(), expect }
    }

    fn outcomes(example: &ExampleSpec) -> Vec<Outcome> {
        let rules = crate::rules::compile::compile(&crate::rules::load::builtin_sources()).expect("built-in rules");
        run_example("kind/killed", "test", example, &rules).iter().map(|c| c.outcome).collect()
    }

    /// A counted noun's group is its singular; an example written with the
    /// plural, as before, still passes, but another noun does not.
    #[test]
    fn an_expected_counted_noun_is_compared_in_the_singular() {
        let text = "Two journalists were killed in Almaty.";
        assert_eq!(outcomes(&example(text, "journalist")), [Outcome::Passed]);
        assert_eq!(outcomes(&example(text, "journalists")), [Outcome::Passed]);
        assert_eq!(outcomes(&example(text, "reporters")), [Outcome::Wrong]);
        assert_eq!(
            outcomes(&example("Two civilians were killed.", "civilian")),
            [Outcome::Wrong],
            "the singular of a declared id is not that id"
        );
    }
}
