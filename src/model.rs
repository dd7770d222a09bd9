//! The data model shared by every stage: documents, quantities, claims,
//! findings and the report. Plain owned data with serde derives; no logic
//! beyond small helpers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::PathBuf;

/// One article as loaded from disk, with its metadata and the byte ranges of
/// its text (boilerplate, front matter) that extraction does not read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier: the file stem (or `stdin`, `line-N` for streams).
    pub id: String,
    /// The path as the tool opened it.
    pub path: PathBuf,
    /// Outlet name (from front matter, manifest, URL domain or dateline).
    pub outlet: Option<String>,
    /// Article URL if known.
    pub url: Option<String>,
    /// Publication date if known.
    pub published: Option<NaiveDate>,
    /// Title: front matter `title`, else the first non-empty line.
    pub title: Option<String>,
    /// Event identifier this document reports on (e.g. `kazakhstan-2022`).
    pub event: String,
    /// Reference year for event scoping (publication year, or the event's).
    pub event_year: Option<i32>,
    /// The original text, byte for byte (after UTF-8 decoding).
    #[serde(skip)]
    pub text: String,
    /// Byte ranges of `text` blanked out for extraction (front matter,
    /// boilerplate): see [`Document::masked`]. Kept as ranges, not as a
    /// second copy of the text, which would double the memory of a corpus.
    #[serde(skip)]
    pub masked_ranges: Vec<Range<usize>>,
    /// Id of the document this one is a near-duplicate copy of.
    pub duplicate_of: Option<String>,
}

impl Document {
    /// A document with no metadata: `text` unmasked, the id as its path.
    /// Loaders fill in the rest; tests and bare-text extraction use it as is.
    pub fn from_text(id: &str, event: &str, text: &str) -> Self {
        Document {
            id: id.to_string(),
            path: PathBuf::from(id),
            outlet: None,
            url: None,
            published: None,
            title: None,
            event: event.to_string(),
            event_year: None,
            text: text.to_string(),
            masked_ranges: Vec::new(),
            duplicate_of: None,
        }
    }

    /// The text extraction reads: `text` with every byte in
    /// `masked_ranges` replaced by a space (newlines kept), so it has the
    /// same length and lines and byte offsets still point into `text`.
    /// Borrowed when nothing is masked.
    pub fn masked(&self) -> std::borrow::Cow<'_, str> {
        if self.masked_ranges.is_empty() {
            std::borrow::Cow::Borrowed(&self.text)
        } else {
            std::borrow::Cow::Owned(crate::corpus::mask_ranges(&self.text, &self.masked_ranges))
        }
    }

    /// The parts of the text that [`Document::masked`] keeps, in order:
    /// their words are the words of the masked text, without copying it.
    pub fn unmasked_segments(&self) -> impl Iterator<Item = &str> {
        crate::corpus::unmasked_ranges(&self.text, &self.masked_ranges).into_iter().filter_map(|range| self.text.get(range))
    }

    /// Identifier of the source cluster this document belongs to: the
    /// original it copies, or itself.
    pub fn source_id(&self) -> &str {
        self.duplicate_of.as_deref().unwrap_or(&self.id)
    }
}

/// How a figure was qualified in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// "164 people": exactly n.
    Exact,
    /// "at least 26", "26+", "26 or more": [n, ∞).
    AtLeast,
    /// "over 7,900", "more than 100": (n, ∞).
    MoreThan,
    /// "about 500", "some 500": [n(1−t), n(1+t)].
    About,
    /// "nearly 500", "almost 500": just under, [n(1−t), n].
    Nearly,
    /// "up to 300", "at most 300": [0, n].
    AtMost,
    /// "fewer than 10", "under 10": [0, n).
    FewerThan,
    /// "2 billion-3 billion", "between 20 and 30": [a, b].
    Range,
}

impl Qualifier {
    /// The snake_case name used in rules and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::AtLeast => "at_least",
            Qualifier::MoreThan => "more_than",
            Qualifier::About => "about",
            Qualifier::Nearly => "nearly",
            Qualifier::AtMost => "at_most",
            Qualifier::FewerThan => "fewer_than",
            Qualifier::Range => "range",
        }
    }
}

/// A stated figure as an interval. `value` is the number as written (low end
/// of a range), `value_max` the high end of a range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// How the figure was qualified.
    pub qualifier: Qualifier,
    /// The stated number (the low end of a range).
    pub value: f64,
    /// The high end of a range, if a range.
    pub value_max: Option<f64>,
}

/// A closed-or-open interval used to compare quantities.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound (may be infinite).
    pub high: f64,
    /// True when the lower bound itself is excluded ("more than n").
    pub low_open: bool,
    /// True when the upper bound itself is excluded ("fewer than n").
    pub high_open: bool,
}

impl Interval {
    /// True when the two intervals share at least one point.
    pub fn overlaps(&self, other: &Interval) -> bool {
        let below = |a: &Interval, b: &Interval| {
            // a lies entirely below b
            a.high < b.low || (a.high == b.low && (a.high_open || b.low_open))
        };
        !(below(self, other) || below(other, self))
    }
}

impl Quantity {
    /// An exact figure.
    pub fn exact(value: f64) -> Self {
        Quantity { qualifier: Qualifier::Exact, value, value_max: None }
    }

    /// The interval this figure allows, with `tolerance` (a fraction, e.g.
    /// 0.1) applied to approximate figures.
    pub fn interval(&self, tolerance: f64) -> Interval {
        let v = self.value;
        let closed = |low, high| Interval { low, high, low_open: false, high_open: false };
        match self.qualifier {
            Qualifier::Exact => closed(v, v),
            Qualifier::AtLeast => closed(v, f64::INFINITY),
            Qualifier::MoreThan => Interval { low_open: true, ..closed(v, f64::INFINITY) },
            Qualifier::About => {
                let (a, b) = (v * (1.0 - tolerance), v * (1.0 + tolerance));
                closed(a.min(b), a.max(b))
            }
            Qualifier::Nearly => {
                let a = v * (1.0 - tolerance);
                closed(a.min(v), a.max(v))
            }
            Qualifier::AtMost => closed(0.0_f64.min(v), v.max(0.0)),
            Qualifier::FewerThan => Interval { high_open: true, ..closed(0.0_f64.min(v), v.max(0.0)) },
            // a range is ordered even if written high to low
            Qualifier::Range => {
                let w = self.value_max.unwrap_or(v);
                closed(v.min(w), v.max(w))
            }
        }
    }

    /// The band the figure *states*, ignoring open ends: used to tell a
    /// later, higher figure (an update) from one that merely fits an
    /// "at least" bound.
    pub fn stated_band(&self, tolerance: f64) -> (f64, f64) {
        match self.qualifier {
            Qualifier::About => (self.value * (1.0 - tolerance), self.value * (1.0 + tolerance)),
            Qualifier::Nearly => (self.value * (1.0 - tolerance), self.value),
            Qualifier::Range => (self.value, self.value_max.unwrap_or(self.value)),
            _ => (self.value, self.value),
        }
    }
}

/// Where a claim's evidence is in its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Byte range of the matched mention in the document text.
    pub span: Range<usize>,
    /// 1-based line of the mention's start.
    pub line: usize,
    /// 1-based column (in characters) of the mention's start.
    pub column: usize,
    /// Byte range of the sentence that holds the mention.
    pub sentence: Range<usize>,
}

/// One extracted (or derived) claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Stable id: `<document id>:<n>`, or `<document id>:sum-<n>` when derived.
    pub id: String,
    /// Id of the document it comes from.
    pub document: String,
    /// What is counted (`killed`, `troops`, …).
    pub kind: String,
    /// Whose count (`total`, `security_forces`, …).
    pub group: String,
    /// The figure.
    pub quantity: Quantity,
    /// Event the figure belongs to.
    pub event: String,
    /// Who the article says gave the figure.
    pub attribution: Option<String>,
    /// The date the figure holds for.
    pub as_of: Option<NaiveDate>,
    /// The quoted text the claim was read from.
    pub quote: String,
    /// Where the quote is.
    pub evidence: Evidence,
    /// Id of the rule (frame, idiom, list or `derive/sum`) that produced it.
    pub rule: String,
    /// For derived claims: the ids of the parts that add up to it.
    pub parts: Vec<String>,
    /// Why the claim sits in another event than its document's, if it does.
    pub event_reason: Option<String>,
    /// How the rule read it (trigger, noun, borrowed group…), for `explain`.
    #[serde(default)]
    pub how: String,
    /// The words that give the figure as a lowering of an earlier one
    /// ("revised down", "fell"), when the rule that read it found them: a
    /// later, lower figure that says so is an update, not a contradiction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lowered: Option<String>,
    /// The words that give the figure as a rise from an earlier one ("rose
    /// to", "bringing the toll to"), when the rule that read it found them:
    /// of two figures for the same day, a higher one that says so is the
    /// later count, an update rather than a contradiction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised: Option<String>,
}

impl Analysis {
    /// Frees the documents' texts: nothing after extraction reads them
    /// (claims carry their quotes), and at scale they are most of the
    /// memory a report would otherwise hold while rendering.
    pub fn drop_texts(&mut self) {
        for d in &mut self.documents {
            d.text = String::new();
            d.masked_ranges = Vec::new();
        }
    }
}

impl Claim {
    /// True when the claim was computed from other claims, not read.
    pub fn is_derived(&self) -> bool {
        !self.parts.is_empty()
    }
}

/// A comparison topic: claims about the same count of the same event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Topic {
    /// Event id.
    pub event: String,
    /// Kind id.
    pub kind: String,
    /// Group id.
    pub group: String,
}

impl Topic {
    /// `kind/group`, as shown in reports.
    pub fn label(&self) -> String {
        format!("{}/{}", self.kind, self.group)
    }
}

/// The outcome of comparing claims on one topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Independent sources give compatible figures.
    Agree,
    /// A later figure supersedes an earlier one in an allowed direction.
    Update,
    /// The figures cannot both be true.
    Conflict,
    /// Only copies of one story carry the figure.
    SameSource,
    /// One independent source only: unconfirmed.
    SingleSource,
}

impl Verdict {
    /// The snake_case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Agree => "agree",
            Verdict::Update => "update",
            Verdict::Conflict => "conflict",
            Verdict::SameSource => "same_source",
            Verdict::SingleSource => "single_source",
        }
    }

    /// How urgently a fact-checker should look: higher first.
    pub fn severity(self) -> u8 {
        match self {
            Verdict::Conflict => 4,
            Verdict::Update => 3,
            Verdict::SingleSource => 2,
            Verdict::SameSource => 1,
            Verdict::Agree => 0,
        }
    }
}

/// One verdict about a set of claims on a topic, with the arithmetic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The topic compared.
    pub topic: Topic,
    /// The verdict.
    pub verdict: Verdict,
    /// Ids of the claims involved, in time order.
    pub claims: Vec<String>,
    /// Human-readable explanation with figures and dates.
    pub note: String,
}

/// Everything the pipeline produced, before rendering.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    /// Documents read, sorted by id.
    pub documents: Vec<Document>,
    /// Claims (read and derived), sorted by document then position.
    pub claims: Vec<Claim>,
    /// Findings, sorted by event, topic, then time.
    pub findings: Vec<Finding>,
    /// Files that could not be read, with the reason.
    pub skipped: Vec<crate::corpus::Skipped>,
    /// Problems that did not stop a file from loading (broken front matter,
    /// a manifest entry for a missing file), one line each, `file:line:`
    /// first.
    pub warnings: Vec<String>,
}
