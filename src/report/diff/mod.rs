//! Two JSON reports compared, for reviewing a rule change without Rust:
//! claims added, removed and changed, and topics whose verdicts changed.
//!
//! Claim ids are positional (`doc:3`) and shift when a rule reads one more
//! figure earlier in a document, so claims are matched by where they are:
//! a read claim by (document, line, column), a derived total by (document,
//! kind, group, event); claims left over in one document are then paired
//! by quote. A renumbered claim with nothing else changed is not a change.

pub mod render;

use super::model::{ClaimEntry, Report, VERSION};
use crate::model::Verdict;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A report file that cannot be compared.
#[derive(Debug, thiserror::Error)]
pub enum ReportParseError {
    /// Not a JSON report. (The parser's error is in the message, not
    /// given as the source as well, which would print it twice.)
    #[error("not a crosscheck JSON report: {}", crate::serde_words::plain_message(&.0.to_string(), crate::serde_words::Syntax::Json))]
    Json(serde_json::Error),
    /// JSON, but not an object: a report is one.
    #[error("not a crosscheck JSON report: a report is a JSON object (`{{…}}`), this file starts with `{0}`")]
    NotAnObject(char),
    /// Not UTF-8 text.
    #[error("not a crosscheck JSON report: not UTF-8 (invalid byte at offset {offset})")]
    NotUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// A report of another contract version.
    #[error("report contract version `{found}` is not supported (expected `{VERSION}`)")]
    Version {
        /// The version in the file.
        found: String,
    },
}

/// Parses a JSON report file's bytes: UTF-8, with or without a byte order
/// mark (an editor on Windows may add one), then [`parse_report`].
pub fn parse_report_bytes(bytes: &[u8]) -> Result<Report, ReportParseError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| ReportParseError::NotUtf8 { offset: e.valid_up_to() })?;
    parse_report(text)
}

/// Parses a JSON report (`crosscheck report --format json`) and checks its
/// contract version.
pub fn parse_report(text: &str) -> Result<Report, ReportParseError> {
    // serde would read a struct from an array, and say "expected a string"
    // of its first element
    let start = text.trim_start();
    let other_value = ["true", "false", "null"].iter().any(|word| start.starts_with(word));
    match start.chars().next() {
        Some(first @ ('[' | '"' | '-' | '0'..='9')) => return Err(ReportParseError::NotAnObject(first)),
        Some(first) if other_value => return Err(ReportParseError::NotAnObject(first)),
        _ => {}
    }
    let report: Report = serde_json::from_str(text).map_err(ReportParseError::Json)?;
    if report.version != VERSION {
        return Err(ReportParseError::Version { found: report.version });
    }
    Ok(report)
}

/// What changed between two reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportDiff {
    /// Contract version of this diff (`"1"`).
    pub version: String,
    /// Counts.
    pub summary: DiffSummary,
    /// Claims in the new report only.
    pub added: Vec<ClaimEntry>,
    /// Claims in the old report only.
    pub removed: Vec<ClaimEntry>,
    /// Claims in both whose content changed.
    pub changed: Vec<ClaimChange>,
    /// Topics whose set of verdicts changed.
    pub findings: Vec<VerdictChange>,
}

/// Counts of a diff.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffSummary {
    /// Claims added.
    pub added: usize,
    /// Claims removed.
    pub removed: usize,
    /// Claims changed.
    pub changed: usize,
    /// Topics whose verdicts changed.
    pub verdicts_changed: usize,
}

/// One claim in both reports, changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimChange {
    /// Names of the fields that differ (`group`, `value`, …).
    pub fields: Vec<String>,
    /// The claim in the old report.
    pub old: ClaimEntry,
    /// The claim in the new report.
    pub new: ClaimEntry,
}

/// One topic whose verdicts changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictChange {
    /// Event id.
    pub event: String,
    /// `kind/group`.
    pub topic: String,
    /// Verdicts before (most severe first; empty: no finding).
    pub old: Vec<Verdict>,
    /// Verdicts after.
    pub new: Vec<Verdict>,
}

impl ReportDiff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty() && self.findings.is_empty()
    }
}

/// Where a claim is: its identity across reports.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    /// A read claim: document, line, column, and the how-many-th at that place.
    Read(String, usize, usize, usize),
    /// A derived total: document, event, kind, group.
    Derived(String, String, String, String),
}

/// Keys of a report's claims, in claim order.
fn keys(claims: &[ClaimEntry]) -> Vec<Key> {
    let mut seen: HashMap<(String, usize, usize), usize> = HashMap::new();
    claims
        .iter()
        .map(|c| {
            if c.parts.is_empty() {
                let n = seen.entry((c.document.clone(), c.line, c.column)).or_insert(0);
                *n += 1;
                Key::Read(c.document.clone(), c.line, c.column, *n)
            } else {
                Key::Derived(c.document.clone(), c.event.clone(), c.kind.clone(), c.group.clone())
            }
        })
        .collect()
}

/// What pass 2 pairs a claim by: document, derived or read, quote.
type QuoteKey<'a> = (&'a str, bool, &'a str);

/// The new report's claims by [`QuoteKey`], each list in claim order, so
/// pairing a claim by its quote is a lookup, not a scan of every claim
/// (a scan per unmatched claim was quadratic: 40,000 moved claims took
/// 23 s).
struct QuoteIndex<'a> {
    lists: HashMap<QuoteKey<'a>, std::collections::VecDeque<usize>>,
}

impl<'a> QuoteIndex<'a> {
    fn new(claims: &'a [ClaimEntry]) -> Self {
        let mut lists: HashMap<QuoteKey<'a>, std::collections::VecDeque<usize>> = HashMap::new();
        for (j, c) in claims.iter().enumerate() {
            lists.entry(quote_key(c)).or_default().push_back(j);
        }
        QuoteIndex { lists }
    }

    /// The first claim not yet `taken` with `claim`'s key, removed from
    /// its list (claims taken by pass 1 are dropped on the way: once taken,
    /// a claim stays taken).
    fn take_first(&mut self, claim: &'a ClaimEntry, taken: &[bool]) -> Option<usize> {
        let list = self.lists.get_mut(&quote_key(claim))?;
        while let Some(j) = list.pop_front() {
            if !taken.get(j).copied().unwrap_or(true) {
                return Some(j);
            }
        }
        None
    }
}

fn quote_key(c: &ClaimEntry) -> QuoteKey<'_> {
    (c.document.as_str(), c.parts.is_empty(), c.quote.as_str())
}

/// Compares two reports.
pub fn diff(old: &Report, new: &Report) -> ReportDiff {
    let old_keys = keys(&old.claims);
    let new_keys = keys(&new.claims);
    let new_index: HashMap<&Key, usize> = new_keys.iter().enumerate().map(|(i, k)| (k, i)).collect();

    // Pass 1: same place. Pass 2: same document and quote.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut new_taken = vec![false; new.claims.len()];
    let mut old_left: Vec<usize> = Vec::new();
    for (i, k) in old_keys.iter().enumerate() {
        match new_index.get(k) {
            Some(&j) if !new_taken.get(j).copied().unwrap_or(true) => {
                pairs.push((i, j));
                if let Some(t) = new_taken.get_mut(j) {
                    *t = true;
                }
            }
            _ => old_left.push(i),
        }
    }
    let mut removed_idx = Vec::new();
    let mut by_quote = QuoteIndex::new(&new.claims);
    for i in old_left {
        let Some(o) = old.claims.get(i) else { continue };
        match by_quote.take_first(o, &new_taken) {
            Some(j) => {
                pairs.push((i, j));
                if let Some(t) = new_taken.get_mut(j) {
                    *t = true;
                }
            }
            None => removed_idx.push(i),
        }
    }

    // Part ids compared through the pairing, so renumbering is not a change.
    let old_pos: HashMap<&str, usize> = old.claims.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let paired: HashMap<usize, usize> = pairs.iter().copied().collect();
    let carried = |id: &String| -> Option<String> {
        let j = paired.get(old_pos.get(id.as_str())?)?;
        new.claims.get(*j).map(|c| c.id.clone())
    };
    pairs.sort_unstable();
    let mut changed = Vec::new();
    for (i, j) in pairs {
        let (Some(o), Some(n)) = (old.claims.get(i), new.claims.get(j)) else { continue };
        let parts_moved = o.parts.iter().map(carried).collect::<Vec<_>>() != n.parts.iter().map(|p| Some(p.clone())).collect::<Vec<_>>();
        let fields = changed_fields(o, n, parts_moved);
        if !fields.is_empty() {
            changed.push(ClaimChange { fields, old: o.clone(), new: n.clone() });
        }
    }
    let removed: Vec<ClaimEntry> = removed_idx.iter().filter_map(|&i| old.claims.get(i).cloned()).collect();
    let added: Vec<ClaimEntry> = new.claims.iter().zip(&new_taken).filter(|(_, taken)| !**taken).map(|(c, _)| c.clone()).collect();
    let findings = verdict_changes(old, new);
    ReportDiff {
        version: VERSION.to_string(),
        summary: DiffSummary { added: added.len(), removed: removed.len(), changed: changed.len(), verdicts_changed: findings.len() },
        added,
        removed,
        changed,
        findings,
    }
}

/// Names of the fields that differ; `parts_differ` is decided by the caller
/// through the pairing of claims.
fn changed_fields(o: &ClaimEntry, n: &ClaimEntry, parts_differ: bool) -> Vec<String> {
    let mut fields = Vec::new();
    let mut check = |name: &str, differs: bool| {
        if differs {
            fields.push(name.to_string());
        }
    };
    check("kind", o.kind != n.kind);
    check("group", o.group != n.group);
    check("qualifier", o.qualifier != n.qualifier);
    check("value", o.value != n.value);
    check("value_max", o.value_max != n.value_max);
    check("event", o.event != n.event);
    check("attribution", o.attribution != n.attribution);
    check("as_of", o.as_of != n.as_of);
    check("quote", o.quote != n.quote);
    check("line", o.line != n.line);
    check("column", o.column != n.column);
    check("rule", o.rule != n.rule);
    check("parts", parts_differ);
    check("event_reason", o.event_reason != n.event_reason);
    check("lowered", o.lowered != n.lowered);
    check("raised", o.raised != n.raised);
    fields
}

/// Verdicts per (event, topic), most severe first, each once.
fn verdicts(report: &Report) -> BTreeMap<(String, String), Vec<Verdict>> {
    let mut map: BTreeMap<(String, String), Vec<Verdict>> = BTreeMap::new();
    for f in &report.findings {
        let list = map.entry((f.event.clone(), f.topic.clone())).or_default();
        if !list.contains(&f.verdict) {
            list.push(f.verdict);
        }
    }
    for list in map.values_mut() {
        list.sort_by_key(|v| (std::cmp::Reverse(v.severity()), *v));
    }
    map
}

fn verdict_changes(old: &Report, new: &Report) -> Vec<VerdictChange> {
    let (old, new) = (verdicts(old), verdicts(new));
    let mut topics: Vec<&(String, String)> = old.keys().chain(new.keys()).collect();
    topics.sort_unstable();
    topics.dedup();
    topics
        .into_iter()
        .filter_map(|t| {
            let o = old.get(t).cloned().unwrap_or_default();
            let n = new.get(t).cloned().unwrap_or_default();
            (o != n).then(|| VerdictChange { event: t.0.clone(), topic: t.1.clone(), old: o, new: n })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::build;
    use crate::report::tests::sample;

    #[test]
    fn identical_reports_have_no_diff() {
        let r = build(&sample());
        let d = diff(&r, &r);
        assert!(d.is_empty());
        assert_eq!(d.summary, DiffSummary::default());
    }

    #[test]
    fn renumbering_is_not_a_change() {
        let old = build(&sample());
        let mut new = old.clone();
        // A new claim read early in SCMP shifts its ids by one.
        let scmp = "001_9fe7e48c4840678f";
        for c in new.claims.iter_mut().filter(|c| c.document == scmp && c.parts.is_empty()) {
            let n: usize = c.id.rsplit(':').next().unwrap().parse().unwrap();
            c.id = format!("{scmp}:{}", n + 1);
        }
        for c in new.claims.iter_mut().filter(|c| !c.parts.is_empty()) {
            for p in &mut c.parts {
                let n: usize = p.rsplit(':').next().unwrap().parse().unwrap();
                *p = format!("{scmp}:{}", n + 1);
            }
        }
        let mut extra = new.claims[1].clone();
        extra.id = format!("{scmp}:1");
        extra.line = 2;
        extra.kind = "troops".into();
        new.claims.insert(1, extra);
        let d = diff(&old, &new);
        assert_eq!(d.added.len(), 1, "{d:#?}");
        assert!(d.removed.is_empty() && d.changed.is_empty(), "{d:#?}");
    }

    #[test]
    fn changed_group_and_verdict() {
        let old = build(&sample());
        let mut new = old.clone();
        let c = new.claims.iter_mut().find(|c| c.id == "004_6215933f19a96aa9:2").unwrap();
        c.group = "total".into();
        new.findings.retain(|f| f.verdict != Verdict::Conflict);
        new.claims.retain(|c| c.id != "002_540bc40392fe7a63:1");
        let d = diff(&old, &new);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].fields, ["group"]);
        assert_eq!(d.removed.len(), 1);
        assert_eq!(d.removed[0].id, "002_540bc40392fe7a63:1");
        assert_eq!(
            d.findings,
            [VerdictChange {
                event: "kazakhstan-2022".into(),
                topic: "killed/security_forces".into(),
                old: vec![Verdict::Conflict, Verdict::Update],
                new: vec![Verdict::Update],
            }]
        );
        assert_eq!(d.summary, DiffSummary { added: 0, removed: 1, changed: 1, verdicts_changed: 1 });
    }

    #[test]
    fn moved_quote_is_matched_by_quote() {
        let old = build(&sample());
        let mut new = old.clone();
        new.claims[3].column += 4;
        let d = diff(&old, &new);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].fields, ["column"]);
    }

    /// 40,000 claims that all moved 100 lines down: each is paired by its
    /// quote with a lookup, not a scan of the other report (23 s before).
    #[test]
    fn many_moved_claims_are_compared_in_linear_time() {
        let template = build(&sample()).claims[0].clone();
        let report = |shift: usize| {
            let mut r = build(&sample());
            r.claims = (0..40_000)
                .map(|i| ClaimEntry {
                    id: format!("doc{}:{}", i / 10, i % 10 + 1),
                    document: format!("doc{}", i / 10),
                    quote: format!("{i} people killed"),
                    line: i % 10 + 1 + 100 * shift,
                    ..template.clone()
                })
                .collect();
            r
        };
        let (old, new) = (report(0), report(1));
        let start = std::time::Instant::now();
        let d = diff(&old, &new);
        let took = start.elapsed().as_secs_f64();
        assert_eq!((d.removed.len(), d.added.len(), d.changed.len()), (0, 0, 40_000));
        assert!(d.changed.iter().all(|c| c.fields == ["line"]));
        assert!(took < 5.0, "40,000 moved claims took {took:.1}s");
    }

    /// A figure now given as lowered is a changed claim, named by its field.
    #[test]
    fn a_lowering_read_or_lost_is_a_change() {
        let old = build(&sample());
        let mut new = old.clone();
        new.claims[0].lowered = Some("revised down".into());
        let d = diff(&old, &new);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].fields, ["lowered"]);
        // and it survives the report's JSON, as the diff command reads it
        let text = serde_json::to_string(&new).unwrap();
        assert_eq!(parse_report(&text).unwrap().claims[0].lowered.as_deref(), Some("revised down"));
    }

    #[test]
    fn parses_only_version_1() {
        let text = serde_json::to_string(&build(&sample())).unwrap();
        assert!(parse_report(&text).is_ok());
        let v2 = text.replacen("\"version\":\"1\"", "\"version\":\"2\"", 1);
        assert_eq!(parse_report(&v2).unwrap_err().to_string(), "report contract version `2` is not supported (expected `1`)");
        assert!(parse_report("{}").unwrap_err().to_string().starts_with("not a crosscheck JSON report"));
        for (text, first) in [("[1, 2]", '['), (" 42", '4'), ("\"a\"", '"'), ("null", 'n')] {
            let err = parse_report(text).unwrap_err();
            assert!(matches!(err, ReportParseError::NotAnObject(c) if c == first), "{text}: {err}");
            assert!(err.to_string().contains("a report is a JSON object"), "{err}");
        }
        // the parser's message once: in the text, not again as the source
        let err = parse_report("{oops").unwrap_err();
        assert!(std::error::Error::source(&err).is_none());
        assert!(err.to_string().contains("at line 1 column 2"), "{err}");
        // not JSON at all is the parser's to say
        assert!(matches!(parse_report("not json"), Err(ReportParseError::Json(_))));
    }

    #[test]
    fn a_byte_order_mark_is_read_and_bad_bytes_are_located() {
        let text = serde_json::to_string(&build(&sample())).unwrap();
        let with_bom = [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat();
        assert!(parse_report_bytes(&with_bom).is_ok());
        let err = parse_report_bytes(b"{\"version\": \"\xff\"}").unwrap_err();
        assert_eq!(err.to_string(), "not a crosscheck JSON report: not UTF-8 (invalid byte at offset 13)");
    }
}
