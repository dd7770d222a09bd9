//! Alignment: claims grouped by topic (event, kind, group) with a hash map,
//! never compared all-pairs; within a topic, independent sources are put in
//! time order and each figure is judged against the one before it from
//! another source. Runs of one verdict become one finding.

use crate::model::{Claim, Document, Finding, Topic, Verdict};
use crate::rules::spec::Change;
use crate::rules::RuleSet;
use chrono::Datelike;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Topics a worker takes at a time.
const TOPICS_PER_RUN: usize = 16;

/// A topic borrowed from its claims: (event, kind, group), ordered as
/// [`Topic`] is.
type TopicKey<'a> = (&'a str, &'a str, &'a str);

/// A claim with what alignment needs of its document, looked up once.
#[derive(Clone, Copy)]
struct Placed<'a> {
    claim: &'a Claim,
    /// Its document (absent if the claims came without it).
    document: Option<&'a Document>,
    /// The story it belongs to: its document's original if the document
    /// is a copy, else its document ([`Document::source_id`]).
    cluster: &'a str,
    /// Whether its document is a copy of another.
    copy: bool,
}

/// Judges every topic. Findings are sorted by topic, then time.
pub fn align(documents: &[Document], claims: &[Claim], rules: &RuleSet) -> Vec<Finding> {
    let docs: HashMap<&str, &Document> = documents.iter().map(|d| (d.id.as_str(), d)).collect();
    // grouped by borrowed keys; a topic's owned key is made once per group.
    // A document's claims come one after another, so its lookup is reused.
    let mut topics: HashMap<TopicKey<'_>, Vec<Placed<'_>>> = HashMap::new();
    let mut last: Option<(&str, Option<&Document>)> = None;
    for c in claims {
        let document = match last {
            Some((id, document)) if id == c.document => document,
            _ => docs.get(c.document.as_str()).copied(),
        };
        last = Some((c.document.as_str(), document));
        let placed = Placed {
            claim: c,
            document,
            cluster: document.map_or(c.document.as_str(), Document::source_id),
            copy: document.is_some_and(|d| d.duplicate_of.is_some()),
        };
        topics.entry((c.event.as_str(), c.kind.as_str(), c.group.as_str())).or_default().push(placed);
    }
    let mut sorted: Vec<(TopicKey<'_>, Vec<Placed<'_>>)> = topics.into_iter().collect();
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
            judge_topic(&topic, topic_claims, rules, &mut findings);
            within_one_article(&topic, topic_claims, rules, &mut findings);
            findings
        })
        .collect();
    crate::join_parts(per_topic)
}

/// The ids of `claims`, in order.
fn ids<'a>(claims: impl Iterator<Item = &'a Placed<'a>>) -> Vec<String> {
    claims.map(|p| p.claim.id.clone()).collect()
}

/// A figure's label in notes: value, outlet, date, source.
fn label(p: &Placed<'_>) -> String {
    let mut out = String::new();
    write_label(&mut out, p);
    out
}

/// Writes [`label`] of `p` at the end of `out`.
fn write_label(out: &mut String, p: &Placed<'_>) {
    use std::fmt::Write as _;
    let c = p.claim;
    let outlet = p.document.and_then(|d| d.outlet.as_deref()).unwrap_or(&c.document);
    crate::report::format::write_figure(out, &c.quantity);
    // a derived total's `how` starts with its sum ("≥26 armed_criminals + 18 security_forces")
    if c.is_derived() {
        out.push_str(" = ");
        out.push_str(c.how.split(';').next().unwrap_or(""));
    }
    out.push_str(" (");
    out.push_str(outlet);
    out.push_str(", ");
    match c.as_of {
        None => out.push_str("undated"),
        // what `%Y-%m-%d` writes for a four-digit year, without parsing the format each time
        Some(d) if (0..=9999).contains(&d.year()) => push_date(out, d.year().unsigned_abs(), d.month(), d.day()),
        // other years as chrono writes them (a sign, five digits or more)
        Some(d) => {
            let _ = write!(out, "{}", d.format("%Y-%m-%d"));
        }
    }
    if let Some(source) = &c.attribution {
        out.push_str(", ");
        out.push_str(source);
    }
    out.push(')');
}

/// Writes `year-month-day` as `%Y-%m-%d` writes a year of four digits,
/// without the formatting machinery (a label a figure, 65,000 of them at
/// 10,000 articles).
fn push_date(out: &mut String, year: u32, month: u32, day: u32) {
    push_padded(out, year, 4);
    out.push('-');
    push_padded(out, month, 2);
    out.push('-');
    push_padded(out, day, 2);
}

/// The last `width` decimal digits of `n`, zero-padded.
fn push_padded(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
}

/// The note of one comparison: both labels and the reason.
fn step_note(earlier: &Placed<'_>, later: &Placed<'_>, why: &str) -> String {
    let mut note = String::with_capacity(160);
    write_label(&mut note, earlier);
    note.push_str(" → ");
    write_label(&mut note, later);
    note.push_str(": ");
    note.push_str(why);
    note
}

// Positions index `claims` and `cluster_of` (one entry per claim) and
// cluster numbers index `clusters`, whose entries they come from.
#[allow(clippy::indexing_slicing)]
fn judge_topic(topic: &Topic, claims: &[Placed<'_>], rules: &RuleSet, out: &mut Vec<Finding>) {
    let mut clusters: Vec<&str> = claims.iter().map(|p| p.cluster).collect();
    clusters.sort_unstable();
    clusters.dedup();
    if clusters.len() <= 1 {
        let mut documents: Vec<&str> = claims.iter().map(|p| p.claim.document.as_str()).collect();
        documents.sort();
        documents.dedup();
        let first = claims.first().map(label).unwrap_or_default();
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
        out.push(Finding { topic: topic.clone(), verdict, claims: ids(claims.iter()), note });
        return;
    }
    // Compare originals only; copies join the findings of their original.
    // Everything below is linear in the topic's claims (each claim's
    // cluster numbered once, then flags and lists by number), with the same
    // result as pairwise comparisons.
    let cluster_of: Vec<usize> = claims.iter().map(|p| clusters.binary_search(&p.cluster).unwrap_or(0)).collect();
    let mut with_original = vec![false; clusters.len()];
    for (p, &cluster) in claims.iter().zip(&cluster_of) {
        with_original[cluster] |= !p.copy;
    }
    let mut chain: Vec<usize> = (0..claims.len()).filter(|&i| !claims[i].copy || !with_original[cluster_of[i]]).collect();
    // of the figures for one day, those given as earlier ones ("had
    // earlier said around 200") first and those given as risen ("rose to")
    // last, lowest first: by their own account they are the day's earlier
    // and later counts, each risen from the one before
    let earlier_flags: Vec<bool> = claims.iter().map(|p| given_earlier(p, rules)).collect();
    let risen_value = |c: &Claim| c.raised.as_ref().map(|_| c.quantity.value);
    chain.sort_by(|&a, &b| {
        let (earlier_a, earlier_b) = (earlier_flags[a], earlier_flags[b]);
        let (a, b) = (claims[a].claim, claims[b].claim);
        (a.as_of.is_none(), a.as_of, !earlier_a, a.raised.is_some())
            .cmp(&(b.as_of.is_none(), b.as_of, !earlier_b, b.raised.is_some()))
            .then_with(|| risen_value(a).unwrap_or(0.0).total_cmp(&risen_value(b).unwrap_or(0.0)))
            .then_with(|| (&a.document, a.evidence.span.start).cmp(&(&b.document, b.evidence.span.start)))
    });
    let mut in_chain = vec![false; claims.len()];
    for &i in &chain {
        in_chain[i] = true;
    }
    // the copies by cluster, in claim order
    let mut copies_by_cluster: Vec<Vec<usize>> = vec![Vec::new(); clusters.len()];
    for i in (0..claims.len()).filter(|&i| !in_chain[i]) {
        copies_by_cluster[cluster_of[i]].push(i);
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
    let low = |i: usize| claims[i].claim.quantity.stated_band(tolerance).0;
    let mut highest = HighestTwo::default();
    // the latest claim from another cluster than the run of one cluster
    // that ends the chain so far, so finding it does not scan the run
    let mut before_run: Option<usize> = None;
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (n, &later) in chain.iter().enumerate() {
        let later_cluster = cluster_of[later];
        let previous = n.checked_sub(1).and_then(|p| chain.get(p)).copied();
        if let Some(previous) = previous.filter(|&p| cluster_of[p] != later_cluster) {
            before_run = Some(previous);
        }
        let reference = match change {
            Change::Grows => highest.excluding(later_cluster, &cluster_of),
            _ => before_run,
        };
        if claims[later].claim.lowered.is_some() {
            // a figure given as lowered replaces the higher ones before it:
            // the figures after it are judged against it
            highest = HighestTwo::default();
        }
        highest.add(later, low(later), &cluster_of);
        if let Some(earlier) = reference {
            pairs.push((earlier, later));
        }
    }
    let steps: Vec<(Verdict, usize, usize, String)> = pairs
        .par_iter()
        .map(|&(earlier, later)| {
            let (e, l) = (&claims[earlier], &claims[later]);
            // a figure its article gives as an earlier one is earlier than
            // the day's others, though dated the same day
            let before = earlier_flags[earlier] && !earlier_flags[later];
            let (verdict, why) = judge_in_order(e.claim, l.claim, before, change, tolerance, &topic.kind);
            (verdict, earlier, later, step_note(e, l, &why))
        })
        .collect();
    // merge runs of one verdict; `member` marks a run's claims, and is
    // cleared after each run
    let mut member = vec![false; claims.len()];
    for run in steps.chunk_by(|a, b| a.0 == b.0) {
        let Some(&(verdict, ..)) = run.first() else { continue };
        let mut members: Vec<usize> = Vec::new();
        for &(_, e, l, _) in run {
            for i in [e, l] {
                if !std::mem::replace(&mut member[i], true) {
                    members.push(i);
                }
            }
        }
        // the figures each member cluster gives, by cluster
        let mut figures: Vec<(usize, usize)> = members.iter().map(|&i| (cluster_of[i], i)).collect();
        figures.sort_unstable();
        let figures_of = |cluster: usize| {
            let from = figures.partition_point(|&(c, _)| c < cluster);
            let to = figures.partition_point(|&(c, _)| c <= cluster);
            figures[from..to].iter().map(|&(_, i)| claims[i].claim.quantity)
        };
        let mut joining: Vec<usize> = figures
            .chunk_by(|a, b| a.0 == b.0)
            .filter_map(|same| same.first())
            .flat_map(|&(c, _)| copies_by_cluster[c].iter().copied())
            .collect();
        joining.sort_unstable();
        for copy in joining {
            let same_figure = figures_of(cluster_of[copy]).any(|q| q == claims[copy].claim.quantity);
            if same_figure && !std::mem::replace(&mut member[copy], true) {
                members.push(copy);
            }
        }
        for &i in &members {
            member[i] = false;
        }
        // one note per distinct comparison: an article repeating its figure
        // (headline and body) does not repeat the arithmetic
        let mut seen_notes: HashSet<&str> = HashSet::with_capacity(run.len());
        let notes: Vec<&str> = run.iter().map(|s| s.3.as_str()).filter(|n| seen_notes.insert(n)).collect();
        let note = notes.join("; ");
        out.push(Finding { topic: topic.clone(), verdict, claims: ids(members.iter().map(|&i| &claims[i])), note });
    }
}

/// Whether the sentence of `p` gives its figure as an earlier one, by a
/// word of settings `earlier_words` before the end of its quote ("The
/// civil defence chief had *earlier* said around 200 could be missing";
/// not the 23 of "has risen to 23, up from nine a day earlier", whose
/// nine is dated the day before).
fn given_earlier(p: &Placed<'_>, rules: &RuleSet) -> bool {
    let evidence = &p.claim.evidence;
    let before = evidence.sentence.start..evidence.span.end.clamp(evidence.sentence.start, evidence.sentence.end);
    let sentence = p.document.and_then(|d| d.text.get(before)).unwrap_or("");
    crate::extract::context::first_phrase_in(sentence, &rules.settings.earlier_words).is_some()
}

/// Conflicts inside one article: two figures of the topic for the same day
/// that its article gives from two different named sources ("17 dead,
/// police said … the fire service put the toll at 15") and that cannot
/// both be right. Across articles such a pair is judged by
/// [`judge_topic`]; inside one, nothing else compares them. A figure given
/// as risen above one before it in the text or lowered below it, or a
/// figure given as an earlier one (settings `earlier_words`), is the
/// article's own revision, not a disagreement.
/// Linear in the topic's claims but for the figures of one article and day
/// (a handful), which are compared pairwise.
fn within_one_article(topic: &Topic, claims: &[Placed<'_>], rules: &RuleSet, out: &mut Vec<Finding>) {
    let named = |p: &&Placed<'_>| !p.copy && p.claim.attribution.as_deref().is_some_and(|a| !a.trim().is_empty());
    // "12 had died by noon; the toll has since risen to 17": a figure given
    // as risen above one before it in the text, or lowered below it, is the
    // article's own revision; so is a figure given as an earlier one ("The
    // toll has risen to 26. Earlier the ministry had put it at 21")
    // `x` stands before `y` in the text
    let revision = |x: &Placed<'_>, y: &Placed<'_>| {
        let (before, after) = (x.claim.quantity.value, y.claim.quantity.value);
        let revised = (y.claim.raised.is_some() && after > before) || (y.claim.lowered.is_some() && after < before);
        revised || given_earlier(x, rules) || given_earlier(y, rules)
    };
    let mut by_day: Vec<&Placed<'_>> = claims.iter().filter(named).collect();
    if by_day.len() < 2 {
        return;
    }
    by_day.sort_by(|a, b| {
        (&a.claim.document, a.claim.as_of, a.claim.evidence.span.start).cmp(&(
            &b.claim.document,
            b.claim.as_of,
            b.claim.evidence.span.start,
        ))
    });
    let change = rules.kind(&topic.kind).map_or(Change::Any, |k| k.change);
    let tolerance = rules.tolerance(&topic.kind);
    // one source, in any case, compared without a lowered copy
    let same_source = |a: &Placed<'_>, b: &Placed<'_>| {
        let (x, y) = (a.claim.attribution.as_deref().unwrap_or("").trim(), b.claim.attribution.as_deref().unwrap_or("").trim());
        x.chars().flat_map(char::to_lowercase).eq(y.chars().flat_map(char::to_lowercase))
    };
    for day in by_day.chunk_by(|a, b| a.claim.document == b.claim.document && a.claim.as_of == b.claim.as_of) {
        // the day's first pair that disagrees, in text order
        let conflict = day.iter().enumerate().find_map(|(n, earlier)| {
            day.iter().skip(n + 1).find_map(|later| {
                if same_source(later, earlier) {
                    return None;
                }
                let (verdict, why) = judge(earlier.claim, later.claim, change, tolerance, &topic.kind);
                (verdict == Verdict::Conflict && !revision(earlier, later)).then_some((*earlier, *later, why))
            })
        });
        if let Some((earlier, later, why)) = conflict {
            let note = format!("within one article, two sources: {}", step_note(earlier, later, &why));
            out.push(Finding { topic: topic.clone(), verdict: Verdict::Conflict, claims: ids([earlier, later].into_iter()), note });
        }
    }
}

/// The claims (positions) with the highest stated figures so far from two
/// different sources (the latest wins a tie): the highest earlier figure
/// from another source than a given one, in constant time.
#[derive(Default)]
struct HighestTwo {
    first: Option<(usize, f64)>,
    second: Option<(usize, f64)>,
}

impl HighestTwo {
    fn add(&mut self, c: usize, low: f64, cluster_of: &[usize]) {
        let cluster = |i: usize| cluster_of.get(i);
        let same = |other: Option<(usize, f64)>| other.is_some_and(|(o, _)| cluster(o) == cluster(c));
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

    fn excluding(&self, source: usize, cluster_of: &[usize]) -> Option<usize> {
        match self.first {
            Some((c, _)) if cluster_of.get(c) != Some(&source) => Some(c),
            _ => self.second.map(|(c, _)| c),
        }
    }
}

/// Judges a later figure against an earlier one (by as_of; undated or
/// same-day figures are simultaneous). Returns the verdict and its reason.
///
/// A figure its article gives as lowered ([`Claim::lowered`]: "the toll
/// was revised down to 20") and lower than the other is an update, whatever
/// the kind's [`Change`]: the source says it corrected a higher figure. Of
/// two simultaneous figures, the lowered one is the later by its own
/// account. So is, of two simultaneous figures, a later one given as risen
/// ([`Claim::raised`]: "the toll rose to 17") and higher than the earlier:
/// the chain puts such figures last among those of their day.
pub fn judge(earlier: &Claim, later: &Claim, change: Change, tolerance: f64, kind: &str) -> (Verdict, String) {
    judge_in_order(earlier, later, false, change, tolerance, kind)
}

/// [`judge`], with `known_before`: `earlier` is known to be the earlier
/// figure even when both hold for the same day (its article gives it as an
/// earlier one), so the pair is judged as a change over time.
fn judge_in_order(earlier: &Claim, later: &Claim, known_before: bool, change: Change, tolerance: f64, kind: &str) -> (Verdict, String) {
    let (a, b) = (earlier.quantity, later.quantity);
    let overlap = a.interval(tolerance).overlaps(&b.interval(tolerance));
    let simultaneous = !known_before && (earlier.as_of.is_none() || later.as_of.is_none() || earlier.as_of == later.as_of);
    let later_above = b.stated_band(tolerance).0 > a.stated_band(tolerance).1;
    fn lowered_below<'c>(lower: &'c Claim, higher: &Claim, tolerance: f64) -> Option<&'c str> {
        let below = lower.quantity.stated_band(tolerance).1 < higher.quantity.stated_band(tolerance).0;
        lower.lowered.as_deref().filter(|_| below)
    }
    let revision = |words: &str| {
        (
            Verdict::Update,
            format!("the lower figure is given as lowered (\"{words}\"): a revision of the higher one; check why it was lowered"),
        )
    };
    if simultaneous {
        return if overlap {
            (Verdict::Agree, "the figures are compatible".to_string())
        } else if let Some(words) = lowered_below(later, earlier, tolerance).or_else(|| lowered_below(earlier, later, tolerance)) {
            revision(words)
        } else if let Some(words) = later.raised.as_deref().filter(|_| later_above) {
            (
                Verdict::Update,
                format!("the higher figure is given as risen (\"{words}\"): a later count than the lower one the same day; check the time of each"),
            )
        } else {
            (Verdict::Conflict, "different figures for the same time cannot both be right".to_string())
        };
    }
    if let Some(words) = lowered_below(later, earlier, tolerance).filter(|_| !overlap) {
        return revision(words);
    }
    match change {
        Change::Grows if later_above => (Verdict::Update, format!("a later, higher figure; {kind} only grows")),
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

    /// Dates of four-digit years, every month's first and last days and
    /// leap days among them, are written as chrono's `%Y-%m-%d` writes them.
    #[test]
    fn label_dates_are_those_of_the_date_format() {
        for year in (0..=9999).step_by(7).chain([0, 1, 9, 10, 99, 100, 999, 1000, 2000, 2022, 9999]) {
            for month in 1..=12 {
                let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap();
                let last = first.checked_add_months(chrono::Months::new(1)).unwrap_or(NaiveDate::MAX).pred_opt().unwrap();
                for d in [first, last] {
                    let mut out = String::from("x ");
                    push_date(&mut out, d.year().unsigned_abs(), d.month(), d.day());
                    assert_eq!(out, format!("x {}", d.format("%Y-%m-%d")));
                }
            }
        }
    }

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
            lowered: None,
            raised: None,
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
    fn labels_write_dates_as_the_iso_format_does() {
        let document = doc("d", None);
        for (year, month, day) in [(2022, 1, 6), (0, 12, 31), (7, 3, 9), (9999, 12, 31), (10_000, 1, 1), (-1, 6, 15), (-12_345, 2, 28)] {
            let date = NaiveDate::from_ymd_opt(year, month, day).expect("a valid date");
            let c = Claim { as_of: Some(date), ..claim("d:1", "d", exact(9.0), None) };
            let placed = Placed { claim: &c, document: Some(&document), cluster: "d", copy: false };
            assert_eq!(label(&placed), format!("9 (d, {})", date.format("%Y-%m-%d")), "{year}-{month}-{day}");
        }
        let undated = claim("d:1", "d", exact(9.0), None);
        let with_source = Claim { attribution: Some("the ministry".into()), ..undated.clone() };
        let placed = |c| Placed { claim: c, document: None, cluster: "d", copy: false };
        assert_eq!(label(&placed(&undated)), "9 (d, undated)");
        assert_eq!(label(&placed(&with_source)), "9 (d, undated, the ministry)");
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
        let nearly = |v| Quantity { qualifier: crate::model::Qualifier::Nearly, value: v, value_max: None };
        assert_eq!(verdict(nearly(30.0), Some(6), exact(28.0), Some(6), Change::Fixed), Verdict::Agree, "nearly 30 covers 28");
        assert_eq!(verdict(nearly(30.0), Some(6), exact(30.0), Some(6), Change::Fixed), Verdict::Agree, "nearly 30 may round 30");
        assert_eq!(verdict(nearly(30.0), Some(6), exact(32.0), Some(6), Change::Fixed), Verdict::Conflict, "nearly 30 is under 30");
        assert_eq!(verdict(nearly(30.0), Some(6), exact(32.0), Some(8), Change::Grows), Verdict::Update, "32 two days after nearly 30");
        assert_eq!(verdict(about(30.0), Some(6), exact(32.0), Some(6), Change::Fixed), Verdict::Agree, "about 30 covers 32");
        assert_eq!(verdict(at_least(16.0), None, exact(18.0), Some(6), Change::Grows), Verdict::Agree);
    }

    #[test]
    fn counts_that_may_change_or_never_change() {
        assert_eq!(verdict(exact(2030.0), Some(6), exact(3000.0), Some(8), Change::Any), Verdict::Update);
        assert_eq!(verdict(exact(3000.0), Some(6), exact(2030.0), Some(8), Change::Any), Verdict::Update);
        assert_eq!(verdict(exact(6.0), Some(6), exact(7.0), Some(8), Change::Fixed), Verdict::Conflict);
    }

    /// Two named sources of one article that differ on the same day are a
    /// conflict; the article's own revisions are not, nor are figures of
    /// one source, other days or copies.
    #[test]
    fn two_sources_of_one_article_that_differ_are_a_conflict() {
        let rules = crate::rules::compile::compile(&crate::rules::load::builtin_sources()).expect("built-in rules");
        let text = "The toll is 17, police said. The fire service put it at 15. Earlier officials said 12 had died.";
        let article = Document { text: text.into(), ..doc("a", None) };
        let sentence = |needle: &str| {
            let start = text.find(needle).unwrap_or(0);
            let end = text[start..].find('.').map_or(text.len(), |e| start + e + 1);
            start..end
        };
        let said = |id: &str, value: f64, source: &str, needle: &str| {
            let at = sentence(needle);
            Claim {
                attribution: Some(source.into()),
                evidence: Evidence { span: at.clone(), line: 1, column: 1, sentence: at },
                ..claim(id, "a", exact(value), Some(8))
            }
        };
        let conflicts = |claims: &[Claim]| {
            align(std::slice::from_ref(&article), claims, &rules).into_iter().filter(|f| f.verdict == Verdict::Conflict).collect::<Vec<_>>()
        };
        let police = said("a:1", 17.0, "police", "The toll");
        let fire = said("a:2", 15.0, "the fire service", "The fire");
        let found = conflicts(&[police.clone(), fire.clone()]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].claims, ["a:1", "a:2"]);
        assert!(found[0].note.starts_with("within one article"), "{}", found[0].note);
        // one source twice, two days, or an earlier figure: no conflict
        assert!(conflicts(&[police.clone(), Claim { attribution: Some("Police".into()), ..fire.clone() }]).is_empty());
        assert!(conflicts(&[police.clone(), Claim { as_of: NaiveDate::from_ymd_opt(2022, 1, 7), ..fire.clone() }]).is_empty());
        assert!(conflicts(&[police.clone(), said("a:3", 12.0, "officials", "Earlier")]).is_empty());
        // the later figure in the text given as risen above the earlier one
        let risen = Claim { raised: Some("rose".into()), ..fire.clone() };
        let lower_first = Claim { quantity: exact(12.0), ..police.clone() };
        assert!(conflicts(&[lower_first.clone(), Claim { quantity: exact(17.0), ..risen.clone() }]).is_empty());
        // an unnamed figure is the article's own, not a source's
        assert!(conflicts(&[police, Claim { attribution: None, ..fire }]).is_empty());
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

    /// A figure its article gives as lowered ("revised down to 16") is a
    /// revision of a higher one, not a contradiction; a lowered figure that
    /// is not lower, or a lower one not given as lowered, is judged as
    /// before.
    #[test]
    fn a_figure_given_as_lowered_is_an_update() {
        let lowered = |q: Quantity, day: Option<u32>| Claim { lowered: Some("revised down".into()), ..claim("b", "y", q, day) };
        let judged = |a: Quantity, da: Option<u32>, b: &Claim| judge(&claim("a", "x", a, da), b, Change::Grows, 0.1, "killed");
        let (v, why) = judged(exact(18.0), Some(8), &lowered(exact(16.0), Some(11)));
        assert_eq!(v, Verdict::Update);
        assert!(why.contains("revised down"), "{why}");
        assert_eq!(judged(exact(18.0), Some(8), &lowered(exact(16.0), Some(8))).0, Verdict::Update, "the same day");
        assert_eq!(judged(exact(18.0), None, &lowered(exact(16.0), None)).0, Verdict::Update, "undated");
        assert_eq!(judged(exact(18.0), Some(8), &lowered(exact(18.0), Some(11))).0, Verdict::Agree, "not lower");
        assert_eq!(judged(exact(16.0), Some(8), &lowered(exact(18.0), Some(11))).0, Verdict::Update, "higher: grows");
        // the earlier of two simultaneous figures may be the lowered one
        let earlier = lowered(exact(16.0), Some(8));
        assert_eq!(judge(&earlier, &claim("c", "z", exact(18.0), Some(8)), Change::Grows, 0.1, "killed").0, Verdict::Update);
        assert_eq!(judge(&earlier, &claim("c", "z", exact(18.0), Some(8)), Change::Fixed, 0.1, "killed").0, Verdict::Update);
        // lowered the day before a higher figure: that one grows from it
        assert_eq!(judge(&earlier, &claim("c", "z", exact(18.0), Some(9)), Change::Grows, 0.1, "killed").0, Verdict::Update);
    }

    /// Of two figures for the same day, a higher later one given as risen
    /// ("bringing the toll to four") is an update; a lower one, or a higher
    /// one not so given, is still a conflict; and the chain puts the risen
    /// figure last among its day's, whatever its document's name.
    /// A figure known to be the earlier one (its article gives it as an
    /// earlier count) is judged against the same day's as a change over
    /// time: 21 then 25 is an update, not two figures for one time.
    #[test]
    fn a_figure_given_as_earlier_is_judged_as_before_the_day_s_others() {
        let (earlier, later) = (claim("a", "x", exact(21.0), Some(8)), claim("b", "y", exact(25.0), Some(8)));
        assert_eq!(judge(&earlier, &later, Change::Grows, 0.1, "killed").0, Verdict::Conflict);
        assert_eq!(judge_in_order(&earlier, &later, true, Change::Grows, 0.1, "killed").0, Verdict::Update);
        // a fall after it is still a fall
        let lower = claim("b", "y", exact(15.0), Some(8));
        assert_eq!(judge_in_order(&earlier, &lower, true, Change::Grows, 0.1, "killed").0, Verdict::Conflict);
    }

    #[test]
    fn a_figure_given_as_risen_is_the_later_of_its_day() {
        let raised =
            |id: &str, doc: &str, q: Quantity, day: Option<u32>| Claim { raised: Some("bringing".into()), ..claim(id, doc, q, day) };
        let (v, why) = judge(&claim("a", "x", exact(3.0), Some(8)), &raised("b", "y", exact(4.0), Some(8)), Change::Grows, 0.1, "killed");
        assert_eq!(v, Verdict::Update);
        assert!(why.contains("bringing"), "{why}");
        let lower = judge(&claim("a", "x", exact(5.0), Some(8)), &raised("b", "y", exact(4.0), Some(8)), Change::Grows, 0.1, "killed");
        assert_eq!(lower.0, Verdict::Conflict, "risen, but lower");
        let plain = judge(&claim("a", "x", exact(3.0), Some(8)), &claim("b", "y", exact(4.0), Some(8)), Change::Grows, 0.1, "killed");
        assert_eq!(plain.0, Verdict::Conflict, "not given as risen");
        let rules = crate::rules::compile::compile(&crate::rules::load::builtin_sources()).expect("built-in rules");
        let docs = [doc("a", None), doc("b", None), doc("c", None)];
        // "a" sorts first by name, but its figure is the day's later one
        let claims =
            [raised("a:1", "a", exact(4.0), Some(8)), claim("b:1", "b", exact(3.0), Some(8)), claim("c:1", "c", exact(5.0), Some(9))];
        let findings = align(&docs, &claims, &rules);
        let summary: Vec<(Verdict, Vec<String>)> = findings.iter().map(|f| (f.verdict, f.claims.clone())).collect();
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(summary, [(Verdict::Update, ids(&["b:1", "a:1", "c:1"]))]);
        // two risen figures of one day: the lower first, whatever the names
        let claims = [raised("a:1", "a", exact(43.0), Some(8)), raised("b:1", "b", exact(41.0), Some(8))];
        let findings = align(&docs, &claims, &rules);
        let summary: Vec<(Verdict, Vec<String>)> = findings.iter().map(|f| (f.verdict, f.claims.clone())).collect();
        assert_eq!(summary, [(Verdict::Update, ids(&["b:1", "a:1"]))]);
    }

    /// After a figure given as lowered, later ones are judged against it,
    /// not against the higher figures it replaced.
    #[test]
    fn a_lowered_figure_replaces_the_higher_ones_before_it() {
        let rules = crate::rules::compile::compile(&crate::rules::load::builtin_sources()).expect("built-in rules");
        let docs = [doc("a", None), doc("b", None), doc("c", None)];
        let claims = [
            claim("a:1", "a", exact(18.0), Some(8)),
            Claim { lowered: Some("revised down".into()), ..claim("b:1", "b", exact(16.0), Some(9)) },
            claim("c:1", "c", exact(16.0), Some(10)),
        ];
        let findings = align(&docs, &claims, &rules);
        let summary: Vec<(Verdict, Vec<String>)> = findings.iter().map(|f| (f.verdict, f.claims.clone())).collect();
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(summary, [(Verdict::Update, ids(&["a:1", "b:1"])), (Verdict::Agree, ids(&["b:1", "c:1"]))]);
        // without the lowering, both later figures fall from 18
        let plain = [claims[0].clone(), claim("b:1", "b", exact(16.0), Some(9)), claims[2].clone()];
        assert!(align(&docs, &plain, &rules).iter().all(|f| f.verdict == Verdict::Conflict));
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
