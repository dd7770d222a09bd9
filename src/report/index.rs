//! Lookups shared by the table, Markdown, CSV, HTML and ClaimReview
//! reports and `explain`: documents and claims by id, the verdicts a
//! claim takes part in, topics ordered main event first and most severe
//! first, and a claim's sentence split into plain and highlighted segments.

use super::filter::VerdictFilter;
use super::format;
use crate::model::{Analysis, Claim, Document, Finding, Topic, Verdict};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// One topic with its findings and claims (claims in date order).
#[derive(Debug, Clone)]
pub struct TopicView<'a> {
    /// The topic.
    pub topic: Topic,
    /// Findings on it, most severe first.
    pub findings: Vec<&'a Finding>,
    /// Claims on it, earliest first (undated last).
    pub claims: Vec<&'a Claim>,
}

impl TopicView<'_> {
    /// The most severe verdict, if any finding judged the topic.
    pub fn worst(&self) -> Option<Verdict> {
        self.findings.iter().map(|f| f.verdict).max_by_key(|v| v.severity())
    }
}

/// A piece of a report's topics: a topic's opening (heading, verdicts),
/// one of its claims, or its end. The Markdown and HTML renderers render
/// pieces side by side ([`super::sink::Sink::push_each`]), whatever the
/// sizes of the topics.
#[derive(Debug, Clone, Copy)]
pub enum TopicPiece<'t, 'a> {
    /// A topic's opening.
    Opening(&'t TopicView<'a>),
    /// One of its claims.
    Claim(&'a Claim),
    /// Its end.
    Closing,
}

/// The pieces of `topics`, in order: each opened, its claims, closed.
pub fn topic_pieces<'t, 'a>(topics: &[&'t TopicView<'a>]) -> Vec<TopicPiece<'t, 'a>> {
    topics
        .iter()
        .flat_map(|&t| {
            std::iter::once(TopicPiece::Opening(t))
                .chain(t.claims.iter().map(|&c| TopicPiece::Claim(c)))
                .chain(std::iter::once(TopicPiece::Closing))
        })
        .collect()
}

/// A piece of a sentence, highlighted when it is (part of) the quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The text, whitespace collapsed to single spaces.
    pub text: String,
    /// True inside the claim's quote (or one of its parts' quotes).
    pub highlight: bool,
}

/// Lookups over one analysis.
#[derive(Debug)]
pub struct Index<'a> {
    /// The analysis indexed.
    pub analysis: &'a Analysis,
    documents: HashMap<&'a str, &'a Document>,
    claims: HashMap<&'a str, &'a Claim>,
    verdicts: HashMap<&'a str, Vec<Verdict>>,
    /// The main event ([`super::table::main_event`]), found once: renderers
    /// ask for every topic and finding whether it is another event.
    main_event: Option<String>,
}

impl<'a> Index<'a> {
    /// Indexes an analysis.
    pub fn new(analysis: &'a Analysis) -> Self {
        let mut verdicts: HashMap<&str, Vec<Verdict>> = HashMap::new();
        for f in &analysis.findings {
            for id in &f.claims {
                let list = verdicts.entry(id.as_str()).or_default();
                if !list.contains(&f.verdict) {
                    list.push(f.verdict);
                }
            }
        }
        for list in verdicts.values_mut() {
            list.sort_by_key(|v| std::cmp::Reverse(v.severity()));
        }
        Index {
            analysis,
            documents: analysis.documents.iter().map(|d| (d.id.as_str(), d)).collect(),
            claims: analysis.claims.iter().map(|c| (c.id.as_str(), c)).collect(),
            verdicts,
            main_event: super::table::main_event(analysis),
        }
    }

    /// The event most documents report on.
    pub fn main_event(&self) -> Option<&str> {
        self.main_event.as_deref()
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&'a Document> {
        self.documents.get(id).copied()
    }

    /// The claim with this id.
    pub fn claim(&self, id: &str) -> Option<&'a Claim> {
        self.claims.get(id).copied()
    }

    /// Verdicts of the findings a claim takes part in, most severe first.
    pub fn verdicts(&self, claim_id: &str) -> &[Verdict] {
        self.verdicts.get(claim_id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Outlet name of a document, else its id.
    pub fn outlet(&self, document_id: &str) -> String {
        self.document(document_id).and_then(|d| d.outlet.clone()).unwrap_or_else(|| document_id.to_string())
    }

    /// Who published a figure, for a compact list of figures: the outlet,
    /// or for a copy with no outlet of its own `copy of` its original's.
    pub fn origin(&self, document_id: &str) -> String {
        let doc = self.document(document_id);
        match doc.and_then(|d| d.outlet.clone().or_else(|| d.duplicate_of.as_deref().map(|o| format!("copy of {}", self.outlet(o))))) {
            Some(name) => name,
            None => document_id.to_string(),
        }
    }

    /// The date a claim holds for: its own, else its document's, else (for
    /// a copy) its original's.
    pub fn date(&self, c: &Claim) -> Option<NaiveDate> {
        let doc = self.document(&c.document);
        c.as_of.or(doc.and_then(|d| d.published)).or_else(|| self.document(doc?.duplicate_of.as_deref()?)?.published)
    }

    /// The figure as written (`≥26`); a derived one with its sum
    /// (`≥44 = 26 + 18`).
    pub fn figure(&self, c: &Claim) -> String {
        let fig = format::figure(&c.quantity);
        if !c.is_derived() {
            return fig;
        }
        let parts: Vec<String> =
            c.parts.iter().map(|id| self.claim(id).map_or_else(|| "?".to_string(), |p| format::number(p.quantity.value))).collect();
        format!("{fig} = {}", parts.join(" + "))
    }

    /// The claim's attribution; for a derived claim without one, the one
    /// all its parts share.
    pub fn source(&self, c: &Claim) -> Option<String> {
        if c.attribution.is_some() || !c.is_derived() {
            return c.attribution.clone();
        }
        let mut sources = c.parts.iter().map(|id| self.claim(id).and_then(|p| p.attribution.as_deref()));
        let first = sources.next()??;
        sources.all(|s| s == Some(first)).then(|| first.to_string())
    }

    /// Every topic (from findings and claims), main event first, then most
    /// severe verdict first, then by label.
    pub fn topics(&self) -> Vec<TopicView<'a>> {
        let main = self.main_event();
        let mut by_topic: BTreeMap<Topic, TopicView<'a>> = BTreeMap::new();
        let empty = |topic: &Topic| TopicView { topic: topic.clone(), findings: Vec::new(), claims: Vec::new() };
        for f in &self.analysis.findings {
            by_topic.entry(f.topic.clone()).or_insert_with(|| empty(&f.topic)).findings.push(f);
        }
        for c in &self.analysis.claims {
            let topic = Topic { event: c.event.clone(), kind: c.kind.clone(), group: c.group.clone() };
            by_topic.entry(topic.clone()).or_insert_with(|| empty(&topic)).claims.push(c);
        }
        let mut topics: Vec<TopicView<'a>> = by_topic.into_values().collect();
        for t in &mut topics {
            t.findings.sort_by_key(|f| std::cmp::Reverse(f.verdict.severity()));
            t.claims.sort_by_key(|c| {
                let date = self.date(c);
                (date.is_none(), date)
            });
        }
        topics.sort_by(|a, b| {
            let other = |t: &TopicView| main.is_some_and(|m| m != t.topic.event);
            other(a)
                .cmp(&other(b))
                .then_with(|| b.worst().map(Verdict::severity).cmp(&a.worst().map(Verdict::severity)))
                .then_with(|| a.topic.label().cmp(&b.topic.label()))
                .then_with(|| a.topic.event.cmp(&b.topic.event))
        });
        topics
    }

    /// The topics `only` lets through, in [`Index::topics`]'s order, and
    /// how many topics a finding judged (what a filtered view lists them
    /// out of).
    pub fn listed_topics(&self, only: VerdictFilter) -> (Vec<TopicView<'a>>, usize) {
        let mut topics = self.topics();
        let judged = topics.iter().filter(|t| !t.findings.is_empty()).count();
        topics.retain(|t| only.lists(t.findings.iter().copied()));
        (topics, judged)
    }

    /// True when the topic belongs to another event than the main one.
    pub fn is_other_event(&self, topic: &Topic) -> bool {
        self.main_event().is_some_and(|m| m != topic.event)
    }

    /// Byte ranges to highlight for a claim: its quote, or its parts'.
    fn highlights(&self, c: &Claim) -> Vec<Range<usize>> {
        if c.is_derived() {
            c.parts.iter().filter_map(|id| self.claim(id)).map(|p| p.evidence.span.clone()).collect()
        } else {
            vec![c.evidence.span.clone()]
        }
    }

    /// The claim's sentence from the original text, split into plain and
    /// highlighted segments, whitespace collapsed. `None` when the text is
    /// not at hand (a report rebuilt from JSON) or the range is invalid.
    pub fn sentence(&self, c: &Claim) -> Option<Vec<Segment>> {
        let doc = self.document(&c.document)?;
        let range = c.evidence.sentence.clone();
        let text = doc.text.get(range.clone())?;
        if text.trim().is_empty() {
            return None;
        }
        Some(segments(text, range.start, &self.highlights(c)))
    }
}

/// Splits `text` (which starts at byte `offset` of its document) into
/// segments, highlighting bytes inside any of `spans`; whitespace runs
/// become one space and the ends are trimmed.
pub fn segments(text: &str, offset: usize, spans: &[Range<usize>]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    // where a whitespace run began, once something precedes it: one space
    // there if more text follows
    let mut space_at: Option<usize> = None;
    for (i, ch) in text.char_indices() {
        if ch.is_whitespace() {
            if space_at.is_none() && !out.is_empty() {
                space_at = Some(offset + i);
            }
            continue;
        }
        if let Some(at) = space_at.take() {
            push_highlighted(&mut out, ' ', spans.iter().any(|s| s.contains(&at)));
        }
        let at = offset + i;
        push_highlighted(&mut out, ch, spans.iter().any(|s| s.contains(&at)));
    }
    out
}

/// Appends `ch` to the last segment if it is highlighted alike, else starts one.
fn push_highlighted(out: &mut Vec<Segment>, ch: char, highlight: bool) {
    match out.last_mut() {
        Some(last) if last.highlight == highlight => last.text.push(ch),
        _ => out.push(Segment { text: ch.to_string(), highlight }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample;

    #[test]
    fn verdicts_and_figures() {
        let a = sample();
        let ix = Index::new(&a);
        assert_eq!(ix.verdicts("001_9fe7e48c4840678f:4"), [Verdict::Conflict, Verdict::Update]);
        assert!(ix.verdicts("nope").is_empty());
        let sum = ix.claim("001_9fe7e48c4840678f:sum-1").unwrap();
        assert_eq!(ix.figure(sum), "≥44 = 26 + 18");
        assert_eq!(ix.source(sum).as_deref(), Some("interior ministry"));
        assert_eq!(ix.outlet("004_6215933f19a96aa9"), "Xinhua");
        assert_eq!(ix.outlet("unknown"), "unknown");
        assert_eq!(ix.origin("unknown"), "unknown");
        assert_eq!(ix.origin("004_6215933f19a96aa9"), "Xinhua");
        assert_eq!(ix.origin(crate::report::tests::COPY), "copy of South China Morning Post");
    }

    #[test]
    fn copies_take_their_originals_date() {
        let a = sample();
        let ix = Index::new(&a);
        let copy = ix.claim("000_bfbfe2e5bbf9f5fe:1").unwrap();
        assert_eq!(ix.date(copy), NaiveDate::from_ymd_opt(2022, 1, 8));
    }

    #[test]
    fn topics_main_event_then_severity() {
        let a = sample();
        let ix = Index::new(&a);
        let labels: Vec<String> = ix.topics().iter().map(|t| t.topic.label()).collect();
        assert_eq!(labels.first().map(String::as_str), Some("killed/security_forces"));
        // The other event's topic comes last even though it is judged.
        let last = ix.topics().pop().unwrap();
        assert_eq!(last.topic.event, "zhanaozen-2011");
        assert!(ix.is_other_event(&last.topic));
    }

    /// `n` documents, each on an event of its own with one judged claim.
    fn one_event_each(n: usize) -> Analysis {
        let mut a = sample();
        let (doc, claim, finding) = (a.documents[1].clone(), a.claims[1].clone(), a.findings[0].clone());
        a.documents = (0..n).map(|i| Document { id: format!("d{i}"), event: format!("ev-{i}"), ..doc.clone() }).collect();
        a.claims =
            (0..n).map(|i| Claim { id: format!("d{i}:1"), document: format!("d{i}"), event: format!("ev-{i}"), ..claim.clone() }).collect();
        a.findings = a
            .claims
            .iter()
            .map(|c| Finding {
                topic: Topic { event: c.event.clone(), kind: c.kind.clone(), group: c.group.clone() },
                verdict: Verdict::SingleSource,
                claims: vec![c.id.clone()],
                ..finding.clone()
            })
            .collect();
        a
    }

    /// Documents that each name an event of their own: the main event is
    /// counted once, with a hash map, not once per topic and finding with
    /// a scan of the events so far (5,000 such articles took 10 minutes
    /// as Markdown).
    #[test]
    fn thousands_of_events_render_in_linear_time() {
        let a = one_event_each(2_000);
        let start = std::time::Instant::now();
        let (md, html) = (crate::report::markdown::render(&a), crate::report::html::render(&a));
        let took = start.elapsed().as_secs_f64();
        assert!(md.starts_with("# Crosscheck report: ev-0\n") && html.contains("<span class=\"event\">ev-0</span>"));
        assert!(took < 3.0, "2,000 one-document events took {took:.1}s");
        let a = one_event_each(50_000);
        let start = std::time::Instant::now();
        assert_eq!(super::super::table::main_event(&a).as_deref(), Some("ev-0"));
        let took = start.elapsed().as_secs_f64();
        assert!(took < 2.0, "the main event of 50,000 took {took:.1}s");
    }

    #[test]
    fn segments_highlight_and_collapse() {
        let text = "Police said  at least 26\n“armed criminals” died.";
        let start = text.find("at least").unwrap();
        let end = text.find(" died").unwrap();
        let quote = 100 + start..100 + end;
        let segs = segments(text, 100, std::slice::from_ref(&quote));
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, "Police said at least 26 “armed criminals” died.");
        assert_eq!(segs.len(), 3);
        assert_eq!(segs[1], Segment { text: "at least 26 “armed criminals”".into(), highlight: true });
        assert!(!segs[0].highlight && !segs[2].highlight);
        assert_eq!(segs[0].text, "Police said ");
        assert_eq!(segs[2].text, " died.");
    }

    #[test]
    fn segments_two_spans_and_edges() {
        let segs = segments("18 and 26 dead", 0, &[0..2, 7..9]);
        let shown: Vec<(&str, bool)> = segs.iter().map(|s| (s.text.as_str(), s.highlight)).collect();
        assert_eq!(shown, [("18", true), (" and ", false), ("26", true), (" dead", false)]);
        assert!(segments("   ", 0, &[]).is_empty());
    }

    /// The first `segments`, character by character through a list of
    /// (character, offset): the reference the single pass is held to.
    fn segments_by_characters(text: &str, offset: usize, spans: &[Range<usize>]) -> Vec<Segment> {
        let mut chars: Vec<(char, usize)> = Vec::new();
        let mut in_space = false;
        for (i, ch) in text.char_indices() {
            if ch.is_whitespace() {
                if !in_space && !chars.is_empty() {
                    chars.push((' ', offset + i));
                }
                in_space = true;
            } else {
                chars.push((ch, offset + i));
                in_space = false;
            }
        }
        if chars.last().is_some_and(|(c, _)| *c == ' ') {
            chars.pop();
        }
        let mut out: Vec<Segment> = Vec::new();
        for (ch, at) in chars {
            push_highlighted(&mut out, ch, spans.iter().any(|s| s.contains(&at)));
        }
        out
    }

    #[test]
    fn segments_match_the_character_by_character_reference() {
        let alphabet = ['a', 'b', ' ', ' ', '\n', '\t', '\u{a0}', '\u{2003}', '“', 'é', '7'];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        for _ in 0..5_000 {
            let text: String = (0..next(24)).map(|_| alphabet[next(alphabet.len())]).collect();
            let offset = next(3) * 50;
            let spans: Vec<Range<usize>> = (0..next(3))
                .map(|_| {
                    let start = offset + next(text.len() + 2);
                    start..start + next(12)
                })
                .collect();
            assert_eq!(segments(&text, offset, &spans), segments_by_characters(&text, offset, &spans), "{text:?} {offset} {spans:?}");
        }
    }
}
