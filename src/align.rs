//! Alignment: claims grouped by topic (event, kind, group) with a hash map,
//! never compared all-pairs; within a topic, independent sources are put in
//! time order and each figure is judged against the one before it from
//! another source. Runs of one verdict become one finding.

use crate::model::{Claim, Document, Finding, Topic, Verdict};
use crate::rules::spec::Change;
use crate::rules::RuleSet;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Topics a worker takes at a time.
const TOPICS_PER_RUN: usize = 16;

/// A topic borrowed from its claims: (event, kind, group), ordered as
/// [`Topic`] is.
type TopicKey<'a> = (&'a str, &'a str, &'a str);

/// Judges every topic. Findings are sorted by topic, then time.
pub fn align(documents: &[Document], claims: &[Claim], rules: &RuleSet) -> Vec<Finding> {
    let docs: HashMap<&str, &Document> = documents.iter().map(|d| (d.id.as_str(), d)).collect();
    // grouped by borrowed keys; a topic's owned key is made once per group
    let mut topics: HashMap<TopicKey<'_>, Vec<&Claim>> = HashMap::new();
    for c in claims {
        topics.entry((c.event.as_str(), c.kind.as_str(), c.group.as_str())).or_default().push(c);
    }
    let mut sorted: Vec<(TopicKey<'_>, Vec<&Claim>)> = topics.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // topics are judged independently: in parallel, gathered in topic
    // order; they are uneven (one can hold thousands of claims), so they
    // are handed out a few at a time and no thread is left with a long run
    let per_topic: Vec<Vec<Finding>> = sorted
        .par_iter()
        .with_max_len(TOPICS_PER_RUN)
        .map(|((event, kind, group), topic_claims)| {
            let topic = Topic { event: event.to_string(), kind: kind.to_string(), group: group.to_string() };
            let mut findings = Vec::new();
            judge_topic(&topic, topic_claims, &docs, rules, &mut findings);
            findings
        })
        .collect();
    crate::join_parts(per_topic)
}

/// A figure's label in notes: value, outlet, date, source.
fn label(c: &Claim, docs: &HashMap<&str, &Document>) -> String {
    let doc = docs.get(c.document.as_str());
    let outlet = doc.and_then(|d| d.outlet.clone()).unwrap_or_else(|| c.document.clone());
    let date = c.as_of.map_or_else(|| "undated".to_string(), |d| d.format("%Y-%m-%d").to_string());
    // a derived total's `how` starts with its sum ("≥26 armed_criminals + 18 security_forces")
    let parts = if c.is_derived() { format!(" = {}", c.how.split(';').next().unwrap_or("")) } else { String::new() };
    let source = c.attribution.as_ref().map(|a| format!(", {a}")).unwrap_or_default();
    format!("{}{parts} ({outlet}, {date}{source})", crate::report::format::figure(&c.quantity))
}

fn cluster(c: &Claim, docs: &HashMap<&str, &Document>) -> String {
    docs.get(c.document.as_str()).map_or_else(|| c.document.clone(), |d| d.source_id().to_string())
}

fn judge_topic(topic: &Topic, claims: &[&Claim], docs: &HashMap<&str, &Document>, rules: &RuleSet, out: &mut Vec<Finding>) {
    let mut clusters: Vec<String> = claims.iter().map(|c| cluster(c, docs)).collect();
    clusters.sort();
    clusters.dedup();
    let ids = |cs: &[&Claim]| cs.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    if clusters.len() <= 1 {
        let mut documents: Vec<&str> = claims.iter().map(|c| c.document.as_str()).collect();
        documents.sort();
        documents.dedup();
        let first = claims.first().map(|c| label(c, docs)).unwrap_or_default();
        let (verdict, note) = if documents.len() > 1 {
            (
                Verdict::SameSource,
                format!(
                    "{first}: found in {} copies of one story ({}): one source, not independent confirmation",
                    documents.len(),
                    documents.join(", ")
                ),
            )
        } else {
            (Verdict::SingleSource, format!("{first}: no other outlet reports this figure: unconfirmed"))
        };
        out.push(Finding { topic: topic.clone(), verdict, claims: ids(claims), note });
        return;
    }
    // Compare originals only; copies join the findings of their original.
    // Everything below is linear in the topic's claims (hash sets and maps
    // instead of scans), with the same result as pairwise comparisons.
    let is_copy = |c: &Claim| docs.get(c.document.as_str()).is_some_and(|d| d.duplicate_of.is_some());
    let cluster_of: HashMap<&str, String> = claims.iter().map(|c| (c.id.as_str(), cluster(c, docs))).collect();
    let cluster_id = |c: &Claim| cluster_of.get(c.id.as_str()).map_or("", String::as_str);
    let with_original: HashSet<&str> = claims.iter().filter(|c| !is_copy(c)).map(|c| cluster_id(c)).collect();
    let mut chain: Vec<&Claim> = claims.iter().copied().filter(|c| !is_copy(c) || !with_original.contains(cluster_id(c))).collect();
    chain.sort_by(|a, b| {
        (a.as_of.is_none(), a.as_of, &a.document, a.evidence.span.start).cmp(&(
            b.as_of.is_none(),
            b.as_of,
            &b.document,
            b.evidence.span.start,
        ))
    });
    let in_chain: HashSet<&str> = chain.iter().map(|c| c.id.as_str()).collect();
    let copies: Vec<&Claim> = claims.iter().copied().filter(|c| !in_chain.contains(c.id.as_str())).collect();
    // copies by cluster, as positions in `copies`
    let mut copies_by_cluster: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in copies.iter().enumerate() {
        copies_by_cluster.entry(cluster_id(c)).or_default().push(i);
    }

    let kind = rules.kind(&topic.kind);
    let change = kind.map_or(Change::Any, |k| k.change);
    let tolerance = rules.tolerance(&topic.kind);
    // (verdict, earlier, later, note) for each figure against the latest
    // earlier one from another source; for a count that only grows, against
    // the highest earlier one, so a vaguer figure in between ("at least
    // 350" between 400 and 380) cannot hide a fall.
    // The pairs are chosen in time order (each depends on the figures
    // before it), then judged and labelled in parallel: a topic can hold
    // thousands of claims, and the notes are most of its cost.
    let low = |c: &Claim| c.quantity.stated_band(tolerance).0;
    let mut highest = HighestTwo::default();
    // the latest claim from another cluster than the run of one cluster
    // that ends the chain so far, so finding it does not scan the run
    let mut before_run: Option<&Claim> = None;
    let mut pairs: Vec<(&Claim, &Claim)> = Vec::new();
    for (i, later) in chain.iter().enumerate() {
        let later_cluster = cluster_id(later);
        let previous = i.checked_sub(1).and_then(|p| chain.get(p)).copied();
        if let Some(previous) = previous.filter(|p| cluster_id(p) != later_cluster) {
            before_run = Some(previous);
        }
        let reference = match change {
            Change::Grows => highest.excluding(later_cluster, &cluster_id),
            _ => before_run,
        };
        highest.add(later, low(later), &cluster_id);
        if let Some(earlier) = reference {
            pairs.push((earlier, later));
        }
    }
    let steps: Vec<(Verdict, &Claim, &Claim, String)> = pairs
        .par_iter()
        .map(|&(earlier, later)| {
            let (verdict, why) = judge(earlier, later, change, tolerance, &topic.kind);
            (verdict, earlier, later, format!("{} → {}: {why}", label(earlier, docs), label(later, docs)))
        })
        .collect();
    // merge runs of one verdict
    for run in steps.chunk_by(|a, b| a.0 == b.0) {
        let Some(&(verdict, ..)) = run.first() else { continue };
        let mut members: Vec<&Claim> = Vec::new();
        let mut member_ids: HashSet<&str> = HashSet::new();
        for (_, e, l, _) in run {
            for c in [*e, *l] {
                if member_ids.insert(c.id.as_str()) {
                    members.push(c);
                }
            }
        }
        // the figures each member cluster gives
        let mut figures: HashMap<&str, Vec<crate::model::Quantity>> = HashMap::new();
        for m in &members {
            figures.entry(cluster_id(m)).or_default().push(m.quantity);
        }
        let mut joining: Vec<usize> = figures.keys().filter_map(|k| copies_by_cluster.get(k)).flatten().copied().collect();
        joining.sort_unstable();
        for copy in joining.into_iter().filter_map(|k| copies.get(k)) {
            let same_figure = figures.get(cluster_id(copy)).is_some_and(|qs| qs.contains(&copy.quantity));
            if same_figure && member_ids.insert(copy.id.as_str()) {
                members.push(copy);
            }
        }
        // one note per distinct comparison: an article repeating its figure
        // (headline and body) does not repeat the arithmetic
        let mut seen_notes: HashSet<&str> = HashSet::with_capacity(run.len());
        let notes: Vec<&str> = run.iter().map(|s| s.3.as_str()).filter(|n| seen_notes.insert(n)).collect();
        let note = notes.join("; ");
        out.push(Finding { topic: topic.clone(), verdict, claims: ids(&members), note });
    }
}

/// The claims with the highest stated figures so far from two different
/// sources (the latest wins a tie): the highest earlier figure from another
/// source than a given one, in constant time.
#[derive(Default)]
struct HighestTwo<'a> {
    first: Option<(&'a Claim, f64)>,
    second: Option<(&'a Claim, f64)>,
}

impl<'a> HighestTwo<'a> {
    fn add<'s>(&mut self, c: &'a Claim, low: f64, cluster: &impl Fn(&Claim) -> &'s str) {
        let same = |other: Option<(&Claim, f64)>| other.is_some_and(|(o, _)| cluster(o) == cluster(c));
        match (self.first, self.second) {
            (Some((_, f)), _) if same(self.first) => {
                if low >= f {
                    self.first = Some((c, low));
                }
            }
            (Some((_, f)), _) if low >= f => {
                self.second = self.first;
                self.first = Some((c, low));
            }
            (None, _) => self.first = Some((c, low)),
            (_, Some((_, s))) if same(self.second) => {
                if low >= s {
                    self.second = Some((c, low));
                }
            }
            (_, Some((_, s))) if low < s => {}
            _ => self.second = Some((c, low)),
        }
    }

    fn excluding<'s>(&self, source: &str, cluster: &impl Fn(&Claim) -> &'s str) -> Option<&'a Claim> {
        match self.first {
            Some((c, _)) if cluster(c) != source => Some(c),
            _ => self.second.map(|(c, _)| c),
        }
    }
}

/// Judges a later figure against an earlier one (by as_of; undated or
/// same-day figures are simultaneous). Returns the verdict and its reason.
pub fn judge(earlier: &Claim, later: &Claim, change: Change, tolerance: f64, kind: &str) -> (Verdict, String) {
    let (a, b) = (earlier.quantity, later.quantity);
    let overlap = a.interval(tolerance).overlaps(&b.interval(tolerance));
    let simultaneous = earlier.as_of.is_none() || later.as_of.is_none() || earlier.as_of == later.as_of;
    if simultaneous {
        return if overlap {
            (Verdict::Agree, "the figures are compatible".to_string())
        } else {
            (Verdict::Conflict, "different figures for the same time cannot both be right".to_string())
        };
    }
    let (_, a_high) = a.stated_band(tolerance);
    let (b_low, _) = b.stated_band(tolerance);
    let higher = b_low > a_high;
    match change {
        Change::Grows if higher => (Verdict::Update, format!("a later, higher figure; {kind} only grows")),
        Change::Grows if overlap => (Verdict::Agree, "the later figure is compatible with the earlier one".to_string()),
        Change::Grows => (Verdict::Conflict, format!("a later, lower figure; {kind} never decreases, so one of them is wrong")),
        Change::Any if overlap => (Verdict::Agree, "the figures are compatible".to_string()),
        Change::Any => (Verdict::Update, format!("the figure changed over time ({kind} may go up or down)")),
        Change::Fixed if overlap => (Verdict::Agree, "the figures are compatible".to_string()),
        Change::Fixed => (Verdict::Conflict, format!("{kind} does not change over time, so the figures contradict each other")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Quantity};
    use chrono::NaiveDate;

    fn claim(id: &str, doc: &str, quantity: Quantity, day: Option<u32>) -> Claim {
        Claim {
            id: id.into(),
            document: doc.into(),
            kind: "killed".into(),
            group: "security_forces".into(),
            quantity,
            event: "e".into(),
            attribution: None,
            as_of: day.and_then(|d| NaiveDate::from_ymd_opt(2022, 1, d)),
            quote: String::new(),
            evidence: Evidence { span: 0..1, line: 1, column: 1, sentence: 0..1 },
            rule: "test".into(),
            parts: Vec::new(),
            event_reason: None,
            how: String::new(),
        }
    }

    fn doc(id: &str, copy_of: Option<&str>) -> Document {
        Document { duplicate_of: copy_of.map(str::to_string), ..Document::from_text(id, "e", "") }
    }

    fn exact(v: f64) -> Quantity {
        Quantity::exact(v)
    }

    fn at_least(v: f64) -> Quantity {
        Quantity { qualifier: crate::model::Qualifier::AtLeast, value: v, value_max: None }
    }

    fn about(v: f64) -> Quantity {
        Quantity { qualifier: crate::model::Qualifier::About, value: v, value_max: None }
    }

    fn verdict(a: Quantity, da: Option<u32>, b: Quantity, db: Option<u32>, change: Change) -> Verdict {
        judge(&claim("a", "x", a, da), &claim("b", "y", b, db), change, 0.1, "killed").0
    }

    #[test]
    fn tolls_that_only_grow() {
        assert_eq!(verdict(exact(8.0), Some(6), exact(18.0), Some(8), Change::Grows), Verdict::Update);
        assert_eq!(verdict(exact(18.0), Some(8), exact(16.0), Some(11), Change::Grows), Verdict::Conflict);
        assert_eq!(
            verdict(
                exact(317.0),
                Some(6),
                Quantity { qualifier: crate::model::Qualifier::MoreThan, value: 1300.0, value_max: None },
                Some(11),
                Change::Grows
            ),
            Verdict::Update
        );
        assert_eq!(
            verdict(at_least(26.0), Some(6), exact(30.0), Some(8), Change::Grows),
            Verdict::Update,
            "≥26 then 30: a later, higher figure"
        );
        assert_eq!(verdict(at_least(26.0), Some(6), exact(26.0), Some(8), Change::Grows), Verdict::Agree, "≥26 then 26: the same figure");
        assert_eq!(
            verdict(at_least(26.0), Some(6), exact(30.0), Some(6), Change::Grows),
            Verdict::Agree,
            "≥26 and 30 the same day: compatible"
        );
        assert_eq!(verdict(about(500.0), Some(6), exact(520.0), Some(8), Change::Grows), Verdict::Agree, "~500 covers 520");
    }

    #[test]
    fn same_day_figures_agree_or_conflict() {
        assert_eq!(verdict(exact(6.0), Some(6), exact(6.0), Some(6), Change::Fixed), Verdict::Agree);
        assert_eq!(verdict(exact(18.0), Some(6), exact(16.0), Some(6), Change::Grows), Verdict::Conflict);
        assert_eq!(verdict(exact(18.0), None, exact(16.0), Some(6), Change::Grows), Verdict::Conflict, "undated is simultaneous");
        assert_eq!(verdict(at_least(16.0), None, exact(18.0), Some(6), Change::Grows), Verdict::Agree);
    }

    #[test]
    fn counts_that_may_change_or_never_change() {
        assert_eq!(verdict(exact(2030.0), Some(6), exact(3000.0), Some(8), Change::Any), Verdict::Update);
        assert_eq!(verdict(exact(3000.0), Some(6), exact(2030.0), Some(8), Change::Any), Verdict::Update);
        assert_eq!(verdict(exact(6.0), Some(6), exact(7.0), Some(8), Change::Fixed), Verdict::Conflict);
    }

    #[test]
    fn copies_of_one_story_are_one_source() {
        let rules = crate::rules::compile::compile(&crate::rules::load::builtin_sources()).expect("built-in rules");
        let docs = [doc("orig", None), doc("copy", Some("orig")), doc("other", None)];
        let claims = [claim("orig:1", "orig", exact(9.0), Some(8)), claim("copy:1", "copy", exact(9.0), None)];
        let findings = align(&docs, &claims, &rules);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].verdict, Verdict::SameSource);
        let alone = align(&docs, &claims[..1], &rules);
        assert_eq!(alone[0].verdict, Verdict::SingleSource);
        // an independent outlet turns the copies into one side of an agreement
        let mut more = claims.to_vec();
        more.push(claim("other:1", "other", exact(9.0), Some(9)));
        let findings = align(&docs, &more, &rules);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].verdict, Verdict::Agree);
        assert_eq!(findings[0].claims.len(), 3, "the copy joins its original's finding: {:?}", findings[0].claims);
    }

    #[test]
    fn a_toll_chain_gives_an_update_then_a_conflict() {
        let rules = crate::rules::compile::compile(&crate::rules::load::builtin_sources()).expect("built-in rules");
        let docs = [doc("g", None), doc("s", None), doc("x", None)];
        let claims =
            [claim("g:1", "g", exact(8.0), Some(6)), claim("s:1", "s", exact(18.0), Some(8)), claim("x:1", "x", exact(16.0), Some(11))];
        let findings = align(&docs, &claims, &rules);
        let verdicts: Vec<Verdict> = findings.iter().map(|f| f.verdict).collect();
        assert_eq!(verdicts, [Verdict::Update, Verdict::Conflict]);
        assert!(findings[1].note.contains("18") && findings[1].note.contains("16"), "{}", findings[1].note);
    }

    #[test]
    fn a_vaguer_figure_in_between_does_not_hide_a_fall() {
        // 350 and 400 on day 10, "at least 350" and 380 on day 11: 380 is
        // below the earlier 400, a fall in a toll
        let rules = crate::rules::compile::compile(&crate::rules::load::builtin_sources()).expect("built-in rules");
        let docs = [doc("a", None), doc("b", None), doc("c", None), doc("d", None)];
        let claims = [
            claim("a:1", "a", exact(350.0), Some(10)),
            claim("b:1", "b", exact(400.0), Some(10)),
            claim("c:1", "c", at_least(350.0), Some(11)),
            claim("d:1", "d", exact(380.0), Some(11)),
        ];
        let findings = align(&docs, &claims, &rules);
        let fall = findings.iter().find(|f| f.verdict == Verdict::Conflict && f.claims.contains(&"d:1".to_string()));
        let fall = fall.unwrap_or_else(|| panic!("no conflict for 400 → 380: {findings:#?}"));
        assert!(fall.claims.contains(&"b:1".to_string()) && fall.note.contains("400") && fall.note.contains("380"), "{}", fall.note);
        // copies never stand in for another source
        let claims = [claim("a:1", "a", exact(400.0), Some(10)), claim("a:2", "a", exact(380.0), Some(11))];
        assert!(align(&docs, &claims, &rules).iter().all(|f| f.verdict == Verdict::SingleSource));
    }

    #[test]
    fn a_figure_is_judged_against_the_latest_one_from_another_source() {
        // troops may change either way: each figure meets the latest earlier
        // one from another outlet, past the run of its own outlet's figures
        let rules = crate::rules::compile::compile(&crate::rules::load::builtin_sources()).expect("built-in rules");
        let docs = [doc("a", None), doc("b", None), doc("c", None)];
        let troops = |id: &str, d: &str, v: f64, day: u32| Claim {
            kind: "troops".into(),
            group: "total".into(),
            ..claim(id, d, exact(v), Some(day))
        };
        let claims = [
            troops("a:1", "a", 5.0, 6),
            troops("a:2", "a", 7.0, 6),
            troops("b:1", "b", 7.0, 8),
            troops("b:2", "b", 7.0, 8),
            troops("c:1", "c", 9.0, 9),
        ];
        let findings = align(&docs, &claims, &rules);
        let summary: Vec<(Verdict, Vec<String>)> = findings.iter().map(|f| (f.verdict, f.claims.clone())).collect();
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(summary, [(Verdict::Agree, ids(&["a:2", "b:1", "b:2"])), (Verdict::Update, ids(&["b:2", "c:1"]))]);
    }
}
