//! Which topics the views for people (table, Markdown, HTML) list: all of
//! them, or only those with a finding of some verdicts ("what do I have to
//! check today": conflicts and updates out of thousands of topics).
//!
//! A listed topic is shown whole, every figure and every verdict on it,
//! since a conflict is read against the figures that agree. The summary
//! counts stay those of the whole analysis, and the view says how many
//! topics it lists. The machine-readable formats are not filtered: they
//! are the record of the run, and a program selects from them.

use crate::model::{Finding, Verdict};

/// The verdicts, in the order the filter names them.
const VERDICTS: [Verdict; 5] = [Verdict::Conflict, Verdict::Update, Verdict::SingleSource, Verdict::SameSource, Verdict::Agree];

/// A set of verdicts: a topic is listed when one of its findings has one
/// of them. The empty set lists every topic, also those no finding judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct VerdictFilter {
    /// One bit per verdict ([`bit`]).
    bits: u8,
}

impl VerdictFilter {
    /// Lists every topic.
    pub const ALL: VerdictFilter = VerdictFilter { bits: 0 };

    /// Lists the topics with a finding of one of `verdicts` (every topic
    /// when there are none).
    pub fn only(verdicts: impl IntoIterator<Item = Verdict>) -> Self {
        let bits = verdicts.into_iter().fold(0, |bits, v| bits | bit(v));
        VerdictFilter { bits }
    }

    /// True when every topic is listed.
    pub fn is_all(self) -> bool {
        self.bits == 0
    }

    /// True when a topic with these findings is listed.
    pub fn lists<'a>(self, findings: impl IntoIterator<Item = &'a Finding>) -> bool {
        self.is_all() || findings.into_iter().any(|f| bit(f.verdict) & self.bits != 0)
    }

    /// The verdicts, for a sentence: `a conflict or an update`.
    pub fn describe(self) -> String {
        let names: Vec<&str> = VERDICTS.into_iter().filter(|&v| bit(v) & self.bits != 0).map(with_article).collect();
        match names.split_last() {
            None => "any finding".to_string(),
            Some((last, [])) => (*last).to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        }
    }

    /// What a view says where it lists nothing: `No findings.`, or for a
    /// filtered view `No topic to list.` (the analysis may have findings
    /// of other verdicts).
    pub fn nothing_listed(self) -> &'static str {
        if self.is_all() {
            "No findings."
        } else {
            "No topic to list."
        }
    }

    /// The line a filtered view shows under its summary: `Listing 3 of 15
    /// topics: those with a conflict or an update.`; `None` when every
    /// topic is listed.
    pub fn listing_line(self, listed: usize, topics: usize) -> Option<String> {
        if self.is_all() {
            return None;
        }
        let noun = if topics == 1 { "topic" } else { "topics" };
        Some(format!("Listing {listed} of {topics} {noun}: those with {}.", self.describe()))
    }
}

/// The verdict's bit (a match, so that a new verdict must be given one).
fn bit(v: Verdict) -> u8 {
    match v {
        Verdict::Conflict => 1,
        Verdict::Update => 1 << 1,
        Verdict::SingleSource => 1 << 2,
        Verdict::SameSource => 1 << 3,
        Verdict::Agree => 1 << 4,
    }
}

/// `a conflict`, `an update`, `a single-source finding`…
fn with_article(v: Verdict) -> &'static str {
    match v {
        Verdict::Conflict => "a conflict",
        Verdict::Update => "an update",
        Verdict::SingleSource => "a single-source finding",
        Verdict::SameSource => "a same-source finding",
        Verdict::Agree => "an agreement",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Topic;

    fn finding(verdict: Verdict) -> Finding {
        let topic = Topic { event: "e".into(), kind: "killed".into(), group: "total".into() };
        Finding { topic, verdict, claims: Vec::new(), note: String::new() }
    }

    #[test]
    fn lists_topics_with_a_chosen_verdict_and_all_without_a_choice() {
        let (conflict, agree, update) = (finding(Verdict::Conflict), finding(Verdict::Agree), finding(Verdict::Update));
        let filter = VerdictFilter::only([Verdict::Conflict, Verdict::Update]);
        assert!(filter.lists([&agree, &conflict]), "a topic with a conflict among others");
        assert!(filter.lists([&update]));
        assert!(!filter.lists([&agree]));
        assert!(!filter.lists([]), "a topic no finding judged");
        assert!(VerdictFilter::ALL.lists([]) && VerdictFilter::ALL.lists([&agree]));
        assert_eq!(VerdictFilter::only([]), VerdictFilter::ALL);
        for v in VERDICTS {
            let only = VerdictFilter::only([v]);
            for w in VERDICTS {
                assert_eq!(only.lists([&finding(w)]), v == w, "{v:?} against {w:?}");
            }
        }
    }

    #[test]
    fn says_what_it_lists() {
        let two = VerdictFilter::only([Verdict::Update, Verdict::Conflict, Verdict::Update]);
        assert_eq!(two.describe(), "a conflict or an update");
        assert_eq!(VerdictFilter::only([Verdict::Agree]).describe(), "an agreement");
        let three = VerdictFilter::only([Verdict::SingleSource, Verdict::SameSource, Verdict::Conflict]);
        assert_eq!(three.describe(), "a conflict, a single-source finding or a same-source finding");
        assert_eq!(two.listing_line(3, 15).as_deref(), Some("Listing 3 of 15 topics: those with a conflict or an update."));
        assert_eq!(two.listing_line(0, 1).as_deref(), Some("Listing 0 of 1 topic: those with a conflict or an update."));
        assert_eq!(VerdictFilter::ALL.listing_line(15, 15), None);
        assert_eq!((VerdictFilter::ALL.nothing_listed(), two.nothing_listed()), ("No findings.", "No topic to list."));
    }
}
