//! The serde report: a flat, stable JSON contract built from an
//! [`Analysis`]. Field names and order are part of the contract; whole
//! numbers serialise as JSON integers.

use crate::model::{Analysis, Claim, Document, Finding, Qualifier, Verdict};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Version of the JSON contract.
pub const VERSION: &str = "1";

/// The whole report, in the order the JSON shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Version of the JSON contract (`"1"`).
    pub version: String,
    /// Counts at a glance.
    pub summary: Summary,
    /// Documents read, in input order (sorted by id).
    pub documents: Vec<DocumentEntry>,
    /// Claims, read and derived, in input order.
    pub claims: Vec<ClaimEntry>,
    /// Findings, in input order (event, topic, time).
    pub findings: Vec<FindingEntry>,
    /// Files that could not be read.
    pub skipped: Vec<SkippedEntry>,
}

/// Counts of documents, claims, topics and findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Documents read (copies included).
    pub documents: usize,
    /// Documents that are near-duplicate copies of another.
    pub copies: usize,
    /// Files skipped.
    pub skipped: usize,
    /// Claims read from the text (derived claims not included).
    pub claims: usize,
    /// Claims computed from other claims.
    pub derived: usize,
    /// Distinct (event, kind, group) topics among the findings.
    pub topics: usize,
    /// Findings of any verdict.
    pub findings: usize,
    /// Findings with verdict `agree`.
    pub agree: usize,
    /// Findings with verdict `update`.
    pub update: usize,
    /// Findings with verdict `conflict`.
    pub conflict: usize,
    /// Findings with verdict `same_source`.
    pub same_source: usize,
    /// Findings with verdict `single_source`.
    pub single_source: usize,
}

/// One document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentEntry {
    /// Document id (file stem).
    pub id: String,
    /// The path as given.
    pub path: String,
    /// Outlet name, if known.
    pub outlet: Option<String>,
    /// Article URL, if known.
    pub url: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<NaiveDate>,
    /// Event the document reports on.
    pub event: String,
    /// Id of the document this one copies.
    pub duplicate_of: Option<String>,
    /// Title, if known.
    pub title: Option<String>,
}

/// One claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimEntry {
    /// Claim id.
    pub id: String,
    /// Id of its document.
    pub document: String,
    /// What is counted.
    pub kind: String,
    /// Whose count.
    pub group: String,
    /// How the figure was qualified.
    pub qualifier: Qualifier,
    /// The stated number (low end of a range).
    #[serde(serialize_with = "whole::serialize")]
    pub value: f64,
    /// The high end of a range, else null.
    #[serde(serialize_with = "whole::serialize_option")]
    pub value_max: Option<f64>,
    /// Event the figure belongs to.
    pub event: String,
    /// Who gave the figure, per the article.
    pub attribution: Option<String>,
    /// The date the figure holds for.
    pub as_of: Option<NaiveDate>,
    /// The quoted text.
    pub quote: String,
    /// 1-based line of the mention.
    pub line: usize,
    /// 1-based column (characters) of the mention.
    pub column: usize,
    /// Rule that produced the claim.
    pub rule: String,
    /// Ids of the parts of a derived claim; empty for read claims.
    pub parts: Vec<String>,
    /// Why the claim is in another event than its document's.
    pub event_reason: Option<String>,
    /// The words that give the figure as a lowering of an earlier one
    /// ("revised down"); absent when none did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lowered: Option<String>,
    /// The words that give the figure as a rise from an earlier one ("rose
    /// to"); absent when none did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised: Option<String>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingEntry {
    /// `kind/group`.
    pub topic: String,
    /// Event id of the topic.
    pub event: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Ids of the claims involved, in time order.
    pub claims: Vec<String>,
    /// Human-readable explanation.
    pub note: String,
}

/// One skipped file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedEntry {
    /// The path as given.
    pub path: String,
    /// Why it was skipped.
    pub reason: String,
}

/// Build the report from an analysis, keeping the inputs' order.
pub fn build(analysis: &Analysis) -> Report {
    Report {
        version: VERSION.to_string(),
        summary: summarize(analysis),
        documents: analysis.documents.par_iter().map(document_entry).collect(),
        claims: analysis.claims.par_iter().map(claim_entry).collect(),
        findings: analysis.findings.par_iter().map(finding_entry).collect(),
        skipped: analysis.skipped.iter().map(skipped_entry).collect(),
    }
}

/// A skipped file's entry in the report.
pub(crate) fn skipped_entry(s: &crate::corpus::Skipped) -> SkippedEntry {
    SkippedEntry { path: s.path.display().to_string(), reason: s.reason.clone() }
}

/// Count documents, claims, topics and findings by verdict.
pub fn summarize(analysis: &Analysis) -> Summary {
    let derived = analysis.claims.iter().filter(|c| c.is_derived()).count();
    let topics: BTreeSet<_> = analysis.findings.iter().map(|f| &f.topic).collect();
    let count = |v: Verdict| analysis.findings.iter().filter(|f| f.verdict == v).count();
    Summary {
        documents: analysis.documents.len(),
        copies: analysis.documents.iter().filter(|d| d.duplicate_of.is_some()).count(),
        skipped: analysis.skipped.len(),
        claims: analysis.claims.len() - derived,
        derived,
        topics: topics.len(),
        findings: analysis.findings.len(),
        agree: count(Verdict::Agree),
        update: count(Verdict::Update),
        conflict: count(Verdict::Conflict),
        same_source: count(Verdict::SameSource),
        single_source: count(Verdict::SingleSource),
    }
}

/// A document's entry in the report (also the metadata of a claims
/// stream's document record).
pub fn document_entry(d: &Document) -> DocumentEntry {
    DocumentEntry {
        id: d.id.clone(),
        path: d.path.display().to_string(),
        outlet: d.outlet.clone(),
        url: d.url.clone(),
        published: d.published,
        event: d.event.clone(),
        duplicate_of: d.duplicate_of.clone(),
        title: d.title.clone(),
    }
}

/// A claim's entry in the report.
pub(crate) fn claim_entry(c: &Claim) -> ClaimEntry {
    ClaimEntry {
        id: c.id.clone(),
        document: c.document.clone(),
        kind: c.kind.clone(),
        group: c.group.clone(),
        qualifier: c.quantity.qualifier,
        value: c.quantity.value,
        value_max: c.quantity.value_max,
        event: c.event.clone(),
        attribution: c.attribution.clone(),
        as_of: c.as_of,
        quote: c.quote.clone(),
        line: c.evidence.line,
        column: c.evidence.column,
        rule: c.rule.clone(),
        parts: c.parts.clone(),
        event_reason: c.event_reason.clone(),
        lowered: c.lowered.clone(),
        raised: c.raised.clone(),
    }
}

/// A finding's entry in the report.
pub(crate) fn finding_entry(f: &Finding) -> FindingEntry {
    FindingEntry {
        topic: f.topic.label(),
        event: f.topic.event.clone(),
        verdict: f.verdict,
        claims: f.claims.clone(),
        note: f.note.clone(),
    }
}

/// A document, claim or finding serialised as its entry is
/// ([`document_entry`], [`claim_entry`], [`finding_entry`]): the same
/// fields in the same order, borrowed from the analysis instead of copied
/// into an entry first. The streamed JSON report writes these; a test
/// checks them against the entries.
pub(crate) struct View<'a, T>(pub &'a T);

impl Serialize for View<'_, Document> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let d = self.0;
        let mut s = serializer.serialize_struct("DocumentEntry", 8)?;
        s.serialize_field("id", &d.id)?;
        s.serialize_field("path", &d.path.display().to_string())?;
        s.serialize_field("outlet", &d.outlet)?;
        s.serialize_field("url", &d.url)?;
        s.serialize_field("published", &d.published)?;
        s.serialize_field("event", &d.event)?;
        s.serialize_field("duplicate_of", &d.duplicate_of)?;
        s.serialize_field("title", &d.title)?;
        s.end()
    }
}

impl Serialize for View<'_, Claim> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let c = self.0;
        let mut s = serializer.serialize_struct("ClaimEntry", 16 + usize::from(c.lowered.is_some()) + usize::from(c.raised.is_some()))?;
        s.serialize_field("id", &c.id)?;
        s.serialize_field("document", &c.document)?;
        s.serialize_field("kind", &c.kind)?;
        s.serialize_field("group", &c.group)?;
        s.serialize_field("qualifier", &c.quantity.qualifier)?;
        s.serialize_field("value", &whole::Whole(c.quantity.value))?;
        s.serialize_field("value_max", &c.quantity.value_max.map(whole::Whole))?;
        s.serialize_field("event", &c.event)?;
        s.serialize_field("attribution", &c.attribution)?;
        s.serialize_field("as_of", &c.as_of)?;
        s.serialize_field("quote", &c.quote)?;
        s.serialize_field("line", &c.evidence.line)?;
        s.serialize_field("column", &c.evidence.column)?;
        s.serialize_field("rule", &c.rule)?;
        s.serialize_field("parts", &c.parts)?;
        s.serialize_field("event_reason", &c.event_reason)?;
        match &c.lowered {
            Some(words) => s.serialize_field("lowered", words)?,
            None => s.skip_field("lowered")?,
        }
        match &c.raised {
            Some(words) => s.serialize_field("raised", words)?,
            None => s.skip_field("raised")?,
        }
        s.end()
    }
}

impl Serialize for View<'_, Finding> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let f = self.0;
        let mut s = serializer.serialize_struct("FindingEntry", 5)?;
        s.serialize_field("topic", &f.topic.label())?;
        s.serialize_field("event", &f.topic.event)?;
        s.serialize_field("verdict", &f.verdict)?;
        s.serialize_field("claims", &f.claims)?;
        s.serialize_field("note", &f.note)?;
        s.end()
    }
}

/// Serialise whole `f64`s as JSON integers (`2030`, not `2030.0`;
/// `2000000000`, not `2e9`); other values as floats.
mod whole {
    use serde::Serializer;

    /// Largest integer an `f64` holds exactly (2^53).
    const EXACT_LIMIT: f64 = 9_007_199_254_740_992.0;

    pub fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        let v = *value;
        if v.is_finite() && v.fract() == 0.0 && v.abs() <= EXACT_LIMIT {
            // In range and whole: the cast is exact.
            serializer.serialize_i64(v as i64)
        } else {
            serializer.serialize_f64(v)
        }
    }

    /// A value serialised by [`serialize`].
    pub struct Whole(pub f64);

    impl serde::Serialize for Whole {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize(&self.0, serializer)
        }
    }

    pub fn serialize_option<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serialize(v, serializer),
            None => serializer.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample;
    use serde_json::Value;

    fn json() -> Value {
        let report = build(&sample());
        serde_json::to_value(&report).unwrap()
    }

    fn keys(v: &Value) -> Vec<&str> {
        v.as_object().unwrap().keys().map(String::as_str).collect()
    }

    #[test]
    fn views_serialise_as_the_entries() {
        let mut analysis = sample();
        // every optional field both set and unset, a range and a fraction
        let mut full = analysis.claims[0].clone();
        full.attribution = Some("the “ministry”".into());
        full.as_of = NaiveDate::from_ymd_opt(2022, 1, 6);
        full.event_reason = Some("a 2011 toll".into());
        full.parts = vec!["a:1".into(), "a:2".into()];
        full.lowered = Some("revised down".into());
        full.raised = Some("rose".into());
        full.quantity = crate::model::Quantity { qualifier: Qualifier::Range, value: 2.5e9, value_max: Some(3e9) };
        let mut bare = full.clone();
        (bare.attribution, bare.as_of, bare.event_reason, bare.parts, bare.lowered, bare.raised) =
            (None, None, None, Vec::new(), None, None);
        bare.quantity = crate::model::Quantity { qualifier: Qualifier::About, value: 0.75, value_max: None };
        analysis.claims.extend([full, bare]);
        let mut document = analysis.documents[0].clone();
        (document.outlet, document.url, document.published, document.duplicate_of, document.title) = (
            Some("Outlet".into()),
            Some("https://example.org/a".into()),
            NaiveDate::from_ymd_opt(2022, 1, 7),
            Some("x".into()),
            Some("T".into()),
        );
        let mut bare_document = document.clone();
        (bare_document.outlet, bare_document.url, bare_document.published, bare_document.duplicate_of, bare_document.title) =
            (None, None, None, None, None);
        analysis.documents.extend([document, bare_document]);
        assert!(!analysis.findings.is_empty());
        fn text<T: Serialize>(value: &T) -> String {
            serde_json::to_string(value).unwrap()
        }
        for d in &analysis.documents {
            assert_eq!(text(&View(d)), text(&document_entry(d)));
        }
        for c in &analysis.claims {
            assert_eq!(text(&View(c)), text(&claim_entry(c)));
        }
        for f in &analysis.findings {
            assert_eq!(text(&View(f)), text(&finding_entry(f)));
        }
    }

    #[test]
    fn exact_field_names_in_order() {
        let text = serde_json::to_string(&build(&sample())).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["version"], "1");
        // serde_json's map is sorted unless preserve_order; check the text.
        let order = ["\"version\":\"1\"", "\"summary\":{", "\"documents\":[", "\"claims\":[{\"id\"", "\"findings\":[", "\"skipped\":["];
        let positions: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");

        let mut summary = keys(&v["summary"]);
        summary.sort_unstable();
        let mut want = vec![
            "documents",
            "copies",
            "skipped",
            "claims",
            "derived",
            "topics",
            "findings",
            "agree",
            "update",
            "conflict",
            "same_source",
            "single_source",
        ];
        want.sort_unstable();
        assert_eq!(summary, want);

        let mut doc = keys(&v["documents"][0]);
        doc.sort_unstable();
        let mut want = vec!["id", "path", "outlet", "url", "published", "event", "duplicate_of", "title"];
        want.sort_unstable();
        assert_eq!(doc, want);

        let mut claim = keys(&v["claims"][0]);
        claim.sort_unstable();
        let mut want = vec![
            "id",
            "document",
            "kind",
            "group",
            "qualifier",
            "value",
            "value_max",
            "event",
            "attribution",
            "as_of",
            "quote",
            "line",
            "column",
            "rule",
            "parts",
            "event_reason",
        ];
        want.sort_unstable();
        assert_eq!(claim, want);

        let mut finding = keys(&v["findings"][0]);
        finding.sort_unstable();
        assert_eq!(finding, vec!["claims", "event", "note", "topic", "verdict"]);

        let mut skipped = keys(&v["skipped"][0]);
        skipped.sort_unstable();
        assert_eq!(skipped, vec!["path", "reason"]);
    }

    #[test]
    fn summary_counts() {
        let s = build(&sample()).summary;
        assert_eq!(s.documents, 5);
        assert_eq!(s.copies, 1);
        assert_eq!(s.skipped, 1);
        assert_eq!(s.claims, 16);
        assert_eq!(s.derived, 1);
        assert_eq!(s.topics, 10);
        assert_eq!(s.findings, 11);
        assert_eq!((s.conflict, s.update, s.agree, s.same_source, s.single_source), (1, 3, 1, 1, 5));
    }

    #[test]
    fn whole_numbers_are_integers() {
        let text = serde_json::to_string(&build(&sample())).unwrap();
        assert!(text.contains("\"value\":2030,"), "{text}");
        assert!(text.contains("\"value\":2000000000,\"value_max\":3000000000,"));
        assert!(!text.contains("2030.0"));
        assert!(!text.contains("e9"));
        let v = json();
        let troops = v["claims"].as_array().unwrap().iter().find(|c| c["kind"] == "troops").unwrap();
        assert!(troops["value"].is_u64());
        assert!(troops["value_max"].is_null());
    }

    #[test]
    fn non_whole_numbers_stay_floats() {
        let mut a = sample();
        a.claims[0].quantity.value = 2.5;
        let v = serde_json::to_value(build(&a)).unwrap();
        assert_eq!(v["claims"][0]["value"], 2.5);
    }

    #[test]
    fn claims_dates_parts_and_qualifiers() {
        let v = json();
        let claims = v["claims"].as_array().unwrap();
        let range = claims.iter().find(|c| c["kind"] == "damage_usd").unwrap();
        assert_eq!(range["qualifier"], "range");
        assert_eq!(range["value_max"], 3_000_000_000u64);
        let sum = claims.iter().find(|c| c["rule"] == "derive/sum").unwrap();
        assert_eq!(sum["qualifier"], "at_least");
        assert_eq!(sum["value"], 44);
        assert_eq!(sum["parts"].as_array().unwrap().len(), 2);
        let read = claims.iter().find(|c| c["kind"] == "troops").unwrap();
        assert_eq!(read["parts"], Value::Array(vec![]));
        assert_eq!(read["line"], 12);
        let other = claims.iter().find(|c| c["event"] == "zhanaozen-2011").unwrap();
        assert!(other["event_reason"].is_string());
        let docs = v["documents"].as_array().unwrap();
        assert_eq!(docs[0]["published"], Value::Null);
        assert_eq!(docs[0]["duplicate_of"], "001_9fe7e48c4840678f");
        assert_eq!(docs[1]["published"], "2022-01-08");
        assert_eq!(docs[1]["path"], "corpus/kazakhstan-2022/001_9fe7e48c4840678f.txt");
        let finding = &v["findings"][0];
        assert_eq!(finding["topic"], "aircraft/unspecified");
        assert_eq!(finding["event"], "kazakhstan-2022");
        assert_eq!(finding["verdict"], "same_source");
    }

    #[test]
    fn round_trips() {
        let report = build(&sample());
        let text = serde_json::to_string(&report).unwrap();
        let back: Report = serde_json::from_str(&text).unwrap();
        assert_eq!(back, report);
    }
}
