//! Idioms (explicit regexes) and lists (enumerations counted as a number).

use super::frame::Sentence;
use super::{Mention, Reading};
use crate::model::Quantity;
use crate::rules::lexicon::TermRole;
use crate::rules::prefilter::Candidates;
use crate::rules::spec::Counts;
use regex::Regex;
use std::sync::LazyLock;

/// A capitalised name, possibly of several words ("Kyrgyzstan", "North Macedonia").
static LIST_ITEM: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\s*(?:the\s+)?\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}").ok());
/// A list separator: a comma, "and", or ", and".
static LIST_SEP: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^\s*(?:,\s*and\b|,|\band\b)").ok());

impl Sentence<'_> {
    /// Idiom matches in the sentence; marks the mentions they read.
    /// `candidates` tells, for each idiom in order, where in the document
    /// it may match (its prefilter's answer, asked once per document).
    pub fn idioms(&self, mentions: &mut [Mention], candidates: &[Candidates]) -> Vec<Reading> {
        let mut out = Vec::new();
        let Some(sentence) = self.text.get(self.range.clone()) else { return out };
        for (idiom, _) in self.rules.idioms.iter().zip(candidates).filter(|(_, c)| c.may_hold(&self.range)) {
            for caps in idiom.regex.captures_iter(sentence) {
                let Some(q) = caps.name("quantity") else { continue };
                let (qs, qe) = (self.range.start + q.start(), self.range.start + q.end());
                let Some(mi) = mentions.iter().position(|m| m.number.span.start >= qs && m.number.span.end <= qe && !m.consumed) else {
                    continue;
                };
                let Some(kind) = self.rules.kinds.iter().position(|k| k.id == idiom.kind) else { continue };
                // "the toll rose to $5": money counts no people
                let counts_people = self.rules.kinds.get(kind).is_some_and(|k| k.counts == Counts::People);
                if counts_people && mentions.get(mi).is_some_and(|m| m.currency) {
                    continue;
                }
                let group = idiom.group.clone().or_else(|| {
                    let g = caps.name("group")?;
                    let start = self.range.start + g.start();
                    self.hits.iter().find(|h| h.start == start).and_then(|h| {
                        self.rules.lexicon.roles(h).iter().find_map(|r| match *r {
                            TermRole::Group(g) => self.rules.groups.get(g).map(|g| g.id.clone()),
                            _ => None,
                        })
                    })
                });
                let whole = caps.get(0).map_or(qs..qe, |w| self.range.start + w.start()..self.range.start + w.end());
                let Some(m) = mentions.get_mut(mi) else { continue };
                m.consumed = true;
                out.push(Reading {
                    kind,
                    group: Some(
                        group.unwrap_or_else(|| {
                            self.rules.kinds.get(kind).map_or_else(|| "unspecified".into(), |k| k.default_group.clone())
                        }),
                    ),
                    quantity: m.quantity,
                    quote: whole.start.min(m.span.start)..whole.end.max(m.span.end),
                    rule: format!("idiom/{}", idiom.id),
                    mention: Some(mi),
                    how: format!("idiom pattern `{}`", idiom.pattern),
                });
            }
        }
        out
    }

    /// Enumerations after a list intro ("an alliance of A, B, C and D").
    pub fn lists(&self) -> Vec<Reading> {
        let mut out = Vec::new();
        let (Some(item), Some(sep)) = (LIST_ITEM.as_ref(), LIST_SEP.as_ref()) else { return out };
        for hit in self.hits {
            for role in self.rules.lexicon.roles(hit) {
                let TermRole::ListIntro(li) = *role else { continue };
                let Some(rule) = self.rules.lists.get(li) else { continue };
                let Some(kind) = self.rules.kinds.iter().position(|k| k.id == rule.kind) else { continue };
                let mut pos = hit.end;
                let mut items = 0usize;
                let mut closed = false;
                let mut end = pos;
                while let Some(rest) = self.text.get(pos..self.range.end) {
                    let Some(m) = item.find(rest) else { break };
                    items += 1;
                    pos += m.end();
                    end = pos;
                    let Some(rest) = self.text.get(pos..self.range.end) else { break };
                    match sep.find(rest) {
                        Some(s) => {
                            if s.as_str().contains("and") {
                                closed = true;
                            } else if closed {
                                break;
                            }
                            pos += s.end();
                        }
                        None => break,
                    }
                    if closed && items > 0 {
                        // the item after "and" is the last one
                        if let Some(m) = self.text.get(pos..self.range.end).and_then(|r| item.find(r)) {
                            items += 1;
                            end = pos + m.end();
                        }
                        break;
                    }
                }
                if !closed || items < rule.min_items {
                    continue;
                }
                let group = self
                    .organisation_near(hit.start)
                    .unwrap_or_else(|| self.rules.kinds.get(kind).map_or_else(|| "unspecified".into(), |k| k.default_group.clone()));
                out.push(Reading {
                    kind,
                    group: Some(group),
                    quantity: Quantity::exact(items as f64),
                    quote: hit.start..end,
                    rule: format!("list/{}", rule.id),
                    mention: None,
                    how: format!("a list of {items} names after `{}`", self.text.get(hit.start..hit.end).unwrap_or("")),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleSet;

    fn rules() -> RuleSet {
        crate::rules::compile::compile(&crate::rules::load::builtin_sources()).expect("built-in rules")
    }

    /// An idiom is asked of a sentence only where its prefilter, asked of
    /// the whole document, says it may match: that must hold of every
    /// sentence the idiom's regex matches, for the built-in idioms and one
    /// of a user's.
    #[test]
    fn every_sentence_an_idiom_matches_is_a_candidate() {
        use crate::extract::text::sentences;
        use crate::rules::prefilter::{Prefilter, SearchText};
        let mut sources = crate::rules::load::builtin_sources();
        sources.push(crate::rules::compile::RuleSource {
            name: "mine.yaml".into(),
            text: "idioms:\n  - {id: toll-stood, kind: killed, pattern: 'toll\\b.{0,20}\\bstood at {quantity}'}\n".into(),
        });
        let rules = crate::rules::compile::compile(&sources).expect("rules");
        assert!(rules.idioms.iter().all(|i| !matches!(i.prefilter, Prefilter::None)), "the idioms are gated");
        const PIECES: &[&str] = &[
            "the death toll ",
            "Death Toll ",
            "number of ",
            "Number Of ",
            "people ",
            "killed ",
            "dead ",
            "rose to ",
            "has risen ",
            "stood at ",
            "wounded ",
            "arrested ",
            "detainees ",
            "lost ",
            "LOST ",
            "killed, 12 were ",
            "Dead, twenty WERE ",
            "were ",
            "soldiers",
            "police officers ",
            "Police\nOfficers ",
            "of their own ",
            "turnout at ",
            "Crowd Of ",
            "was ",
            "is ",
            "at ",
            "of ",
            "the ",
            "toll ",
            "164 ",
            "twenty-one ",
            "at least 26 ",
            "“",
            "”",
            ". ",
            ", ",
            "\n",
            "é",
            "\u{212A}",
            "ſ",
        ];
        let mut matched = vec![0; rules.idioms.len()];
        for text in (1..=40).step_by(3).flat_map(|len| crate::test_support::mixes(PIECES, 900, len, len as u64)) {
            let search = SearchText::new(&text);
            for (n, idiom) in rules.idioms.iter().enumerate() {
                let candidates = idiom.prefilter.candidates_in(&search);
                for range in sentences(&text, &[]) {
                    if idiom.regex.is_match(&text[range.clone()]) {
                        matched[n] += 1;
                        assert!(candidates.may_hold(&range), "{}: {:?} in {text:?}", idiom.id, &text[range]);
                    }
                }
            }
        }
        assert!(matched.iter().all(|&n| n > 20), "the random texts match every idiom: {matched:?}");
    }

    /// (value, group) of every list claim in `text`.
    fn lists(text: &str) -> Vec<(f64, String)> {
        crate::extract::extract_text(text, "e", &rules())
            .into_iter()
            .filter(|c| c.rule.starts_with("list/"))
            .map(|c| (c.quantity.value, c.group))
            .collect()
    }

    #[test]
    fn a_closed_list_of_names_is_counted() {
        let text = "The CSTO, a military alliance of Russia, Belarus, Armenia, Kazakhstan, Kyrgyzstan, and Tajikistan, met.";
        assert_eq!(lists(text), vec![(6.0, "csto".to_string())]);
        // without the Oxford comma, and with multi-word names
        let text = "The SCO consists of China, India, Russia, North Macedonia and Pakistan.";
        assert_eq!(lists(text), vec![(5.0, "sco".to_string())]);
    }

    #[test]
    fn open_or_short_lists_are_not_counted() {
        assert!(lists("The CSTO consists of Russia and Belarus.").is_empty(), "below min_items");
        assert!(lists("The CSTO consists of Russia, Belarus, Armenia, among others.").is_empty(), "no closing `and`");
        assert!(lists("The alliance of convenience fell apart.").is_empty());
    }
}
