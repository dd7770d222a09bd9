//! Derived totals: parts in one article add up to a figure for the whole
//! ("26 armed criminals and 18 security officers killed" ⇒ at least 44
//! killed), when the article gives no figure for the whole itself.

use crate::model::{Claim, Evidence, Qualifier, Quantity};
use crate::rules::RuleSet;
use std::collections::BTreeMap;

/// Derived claims for one document's claims.
pub fn totals(claims: &[Claim], rules: &RuleSet) -> Vec<Claim> {
    // (event, kind, whole) -> part group -> the largest part claim
    let mut parts: BTreeMap<(&str, &str, &str), BTreeMap<&str, &Claim>> = BTreeMap::new();
    for c in claims {
        let Some(whole) = rules.group(&c.group).and_then(|g| g.part_of.as_deref()) else { continue };
        let slot = parts.entry((c.event.as_str(), c.kind.as_str(), whole)).or_default().entry(c.group.as_str()).or_insert(c);
        if c.quantity.value > slot.quantity.value {
            *slot = c;
        }
    }
    let mut out = Vec::new();
    for ((event, kind, whole), by_group) in parts {
        if by_group.len() < 2 || claims.iter().any(|c| c.event == event && c.kind == kind && c.group == whole) {
            continue;
        }
        let members: Vec<&Claim> = by_group.into_values().collect();
        let Some(first) = members.first() else { continue };
        let sum: f64 = members.iter().map(|c| c.quantity.value).sum();
        let sentence_start = members.iter().map(|c| c.evidence.sentence.start).min().unwrap_or(0);
        let sentence_end = members.iter().map(|c| c.evidence.sentence.end).max().unwrap_or(0);
        let attributions: Vec<&Option<String>> = members.iter().map(|c| &c.attribution).collect();
        let attribution = if attributions.windows(2).all(|w| w.first() == w.last()) { first.attribution.clone() } else { None };
        out.push(Claim {
            id: format!("{}:sum-{}", first.document, out.len() + 1),
            document: first.document.clone(),
            kind: kind.to_string(),
            group: whole.to_string(),
            quantity: Quantity { qualifier: Qualifier::AtLeast, value: sum, value_max: None },
            event: event.to_string(),
            attribution,
            as_of: members.iter().filter_map(|c| c.as_of).max(),
            quote: members.iter().map(|c| c.quote.as_str()).collect::<Vec<_>>().join(" + "),
            evidence: Evidence {
                span: first.evidence.span.clone(),
                line: first.evidence.line,
                column: first.evidence.column,
                sentence: sentence_start..sentence_end,
            },
            rule: "derive/sum".to_string(),
            parts: members.iter().map(|c| c.id.clone()).collect(),
            event_reason: first.event_reason.clone(),
            lowered: None,
            raised: None,
            how: format!(
                "{}; the sum of {} parts of `{whole}`, and at least that, since other groups may be missing",
                members
                    .iter()
                    .map(|c| format!("{} {}", crate::report::format::figure(&c.quantity), c.group))
                    .collect::<Vec<_>>()
                    .join(" + "),
                members.len()
            ),
        });
    }
    out
}
