//! Idioms (explicit regexes) and lists (enumerations counted as a number).

use super::frame::Sentence;
use super::{Mention, Reading};
use crate::model::Quantity;
use crate::rules::compiled::Idiom;
use crate::rules::idiom_regex::{IdiomCaptures, IdiomRegex};
use crate::rules::lexicon::{Hit, TermRole};
use crate::rules::spec::{Counts, GroupRole};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A capitalised name, possibly of several words ("Kyrgyzstan", "North Macedonia").
static LIST_ITEM: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\s*(?:the\s+)?\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}").ok());
/// A list separator: a comma, "and", or ", and".
static LIST_SEP: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^\s*(?:,\s*and\b|,|\band\b)").ok());

/// Where the quote of an idiom's match that reads mention `m` starts: at
/// the match, or at the figure (with its qualifier) when the match starts
/// with its `quantity`, which lets up to three words stand before the
/// figure ("officials said eleven of the dead were children"): a pattern
/// that starts with `{quantity}` would quote them.
fn quote_start(found: &IdiomMatch, m: &Mention) -> usize {
    if found.quantity.start == found.whole.start {
        m.span.start
    } else {
        found.whole.start.min(m.span.start)
    }
}

/// An idiom's match in a sentence, in offsets of the document text.
struct IdiomMatch {
    /// The whole match; where a `{group}` ends the pattern, through the
    /// people term found there.
    whole: Range<usize>,
    /// The `quantity` capture.
    quantity: Range<usize>,
    /// Where the `group` capture starts, when it took part in the match.
    group_start: Option<usize>,
    /// The words of the `lowered` capture, when it took part in the match:
    /// the figure is given as a lowering of an earlier one.
    lowered: Option<String>,
    /// The words of the `raised` capture, when it took part in the match:
    /// the figure is given as a rise from an earlier one.
    raised: Option<String>,
}

impl Sentence<'_> {
    /// Idiom matches in the sentence; marks the mentions they read.
    /// `may_match` tells, for each idiom in order, whether it may match in
    /// the sentence (its prefilters' answer; false only where it cannot).
    pub fn idioms(&self, mentions: &mut [Mention], may_match: &[bool]) -> Vec<Reading> {
        let mut out = Vec::new();
        let Some(sentence) = self.text.get(self.range.clone()) else { return out };
        for (idiom, _) in self.rules.idioms.iter().zip(may_match).filter(|(_, &may)| may) {
            for found in self.idiom_matches(idiom, sentence) {
                out.extend(self.idiom_reading(idiom, &found, mentions));
            }
        }
        out
    }

    /// The matches of an idiom's regex in `sentence` (the sentence's text),
    /// in order and not overlapping. Where `{group}` ends the pattern
    /// ([`Idiom::group_at_end`]), a match holds only where a people term
    /// starts at its `group` capture, and the search goes on after that
    /// term. Where none does, the other places the pattern can end at a
    /// people term from the same start are tried, nearest first; with none,
    /// the match is dropped and the search goes on one character after its
    /// start, so a later match in the sentence is still found.
    fn idiom_matches(&self, idiom: &Idiom, sentence: &str) -> Vec<IdiomMatch> {
        let Some(at_end) = &idiom.group_at_end else {
            return idiom.regex.captures_iter(sentence).filter_map(|caps| self.idiom_match(idiom, &caps, None)).collect();
        };
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(caps) = idiom.regex.captures_at(sentence, from) {
            let Some(start) = caps.whole().map(|w| w.start) else { break };
            let term = caps.range("group").and_then(|g| self.people_term_at(self.range.start + g.start));
            let held = match term {
                Some(term) => Some((caps, term)),
                None => at_end.ending().and_then(|ending| self.people_term_elsewhere(ending, sentence, start)),
            };
            match held {
                Some((caps, term)) => {
                    out.extend(self.idiom_match(idiom, &caps, Some(term.end)));
                    from = (term.end - self.range.start).max(caps.whole().map_or(0, |w| w.end));
                }
                None => from = start + sentence.get(start..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8),
            }
            if from > sentence.len() {
                break;
            }
        }
        out
    }

    /// The captures of a match of `ending` (an idiom's regex anchored at
    /// the end of the text, [`crate::rules::compiled::GroupAtEnd::ending`]) from `start` in
    /// `sentence` whose `group` stands at a people term, and that term's
    /// hit: the nearest such term after `start` the pattern reaches.
    fn people_term_elsewhere<'s>(&self, ending: &IdiomRegex, sentence: &'s str, start: usize) -> Option<(IdiomCaptures<'s>, &Hit)> {
        let after = self.range.start + start;
        let first = self.hits.partition_point(|h| h.start <= after);
        self.hits.get(first..)?.iter().filter(|h| self.is_people_term(h)).find_map(|h| {
            // the text through the term's first character: `ending` puts the
            // stand-in of `{group}` there
            let at = h.start.checked_sub(self.range.start)?;
            let first_char = sentence.get(at..)?.chars().next()?;
            let caps = ending.captures_at(sentence.get(..at + first_char.len_utf8())?, start)?;
            (caps.whole()?.start == start).then_some((caps, h))
        })
    }

    /// A regex match as an [`IdiomMatch`] in document offsets, its whole
    /// match ending at `end` when given; `None` without a `quantity`.
    fn idiom_match(&self, idiom: &Idiom, caps: &IdiomCaptures, end: Option<usize>) -> Option<IdiomMatch> {
        let at = |m: Range<usize>| self.range.start + m.start..self.range.start + m.end;
        let quantity = at(caps.range("quantity")?);
        let whole = caps.whole().map_or(quantity.clone(), at);
        Some(IdiomMatch {
            whole: whole.start..end.unwrap_or(whole.end),
            quantity,
            group_start: caps.range("group").map(|g| self.range.start + g.start),
            lowered: idiom
                .lowered_groups
                .iter()
                .find_map(|name| caps.text(name))
                .map(|l| crate::extract::text::single_spaced(l).to_lowercase()),
            raised: idiom
                .raised_groups
                .iter()
                .find_map(|name| caps.text(name))
                .map(|l| crate::extract::text::single_spaced(l).to_lowercase()),
        })
    }

    /// The lexicon hit that starts at `start`, if one does.
    fn hit_at(&self, start: usize) -> Option<&Hit> {
        self.hits.get(self.hits.partition_point(|h| h.start < start)).filter(|h| h.start == start)
    }

    /// The hit of a people term that starts at `start`: the longest term
    /// there, as the lexicon finds them, when it belongs to a people group.
    fn people_term_at(&self, start: usize) -> Option<&Hit> {
        self.hit_at(start).filter(|h| self.is_people_term(h))
    }

    /// Whether a hit's term belongs to a people group.
    pub(super) fn is_people_term(&self, hit: &Hit) -> bool {
        let groups = &self.rules.groups;
        let people = |r: &TermRole| matches!(*r, TermRole::Group(g) if groups.get(g).is_some_and(|g| g.role == GroupRole::People));
        self.rules.lexicon.roles(hit).iter().any(people)
    }

    /// The group of the term that starts at `start`: the first group of
    /// the lexicon hit there, if any.
    fn group_at(&self, start: usize) -> Option<String> {
        let hit = self.hit_at(start)?;
        self.rules.lexicon.roles(hit).iter().find_map(|r| match *r {
            TermRole::Group(g) => self.rules.groups.get(g).map(|g| g.id.clone()),
            _ => None,
        })
    }

    /// The reading of an idiom's match, which reads the first mention not
    /// yet read inside its `quantity` (marked read); `None` when there is
    /// none.
    fn idiom_reading(&self, idiom: &Idiom, found: &IdiomMatch, mentions: &mut [Mention]) -> Option<Reading> {
        let (qs, qe) = (found.quantity.start, found.quantity.end);
        let mi = mentions.iter().position(|m| m.number.span.start >= qs && m.number.span.end <= qe && !m.consumed)?;
        let kind = self.rules.kinds.iter().position(|k| k.id == idiom.kind)?;
        // "the toll rose to $5": money counts no people
        let counts_people = self.rules.kinds.get(kind).is_some_and(|k| k.counts == Counts::People);
        if counts_people && mentions.get(mi).is_some_and(|m| m.currency) {
            return None;
        }
        let group = idiom.group.clone().or_else(|| self.group_at(found.group_start?));
        let m = mentions.get_mut(mi)?;
        m.consumed = true;
        Some(Reading {
            increment: false,
            lowered: found.lowered.clone(),
            raised: found.raised.clone(),
            kind,
            group: Some(
                group.unwrap_or_else(|| self.rules.kinds.get(kind).map_or_else(|| "unspecified".into(), |k| k.default_group.clone())),
            ),
            quantity: m.quantity,
            quote: quote_start(found, m)..found.whole.end.max(m.span.end),
            rule: format!("idiom/{}", idiom.id),
            mention: Some(mi),
            how: format!("idiom pattern `{}`", idiom.pattern),
        })
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
                    increment: false,
                    lowered: None,
                    raised: None,
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
            "injured, 40 were ",
            "arrested, 7 were ",
            "twelve of the dead were ",
            "3 of those injured WERE ",
            "Detained, ",
            "hurt, ",
            "of the dead ",
            "OF THOSE WOUNDED ",
            "of the ",
            "victims ",
            "were ",
            "soldiers",
            "police officers ",
            "Police\nOfficers ",
            "of their own ",
            "turnout at ",
            "Crowd Of ",
            "revised the toll to ",
            "claimed ",
            "claimed 154 lives ",
            "COST nine more lives",
            "Cost ",
            "lives ",
            "LIVES OF ",
            "took the lives of ",
            "missing ",
            "Number of Missing Was ",
            "number of people missing rose to ",
            "evacuees ",
            "Number Of Evacuees Rose To ",
            "number of people evacuated was ",
            "In Evacuation Shelters ",
            "number of displaced people was ",
            "was revised down to ",
            "carrying ",
            "Carried ",
            "passengers ",
            "Raised Its Death Toll At ",
            "dead, 22 were women and 9 were ",
            "Injured, 40 Were Children, And Twelve Were ",
            "Sent 300 People To Hospital",
            "were taken to ",
            "Rushed To A Local Hospital ",
            "General Hospital",
            "injured, ",
            "12 of them critically",
            "Wounded, 3 Of Whom Were Seriously",
            "was ",
            "is ",
            "at ",
            "of ",
            "the ",
            "toll ",
            "Toll Remained ",
            "is thought to be ",
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
        // the shared gate, built at once (a run builds it after 8 MB)
        let gate = crate::rules::prefilter::PrefilterSet::used_after(rules.idioms.iter().map(|i| &i.prefilter), 0);
        let mut matched = vec![0; rules.idioms.len()];
        for text in (1..=40).step_by(3).flat_map(|len| crate::test_support::mixes(PIECES, 900, len, len as u64)) {
            let search = SearchText::new(&text);
            let may_match = gate.may_match(&search, rules.idioms.len());
            let parts = gate.parts_of(&search);
            let mut in_sentence = Vec::new();
            for (n, idiom) in rules.idioms.iter().enumerate() {
                let candidates = idiom.prefilter.candidates_in(&search);
                for range in sentences(&text, &[]) {
                    if idiom.regex.is_match(&text[range.clone()]) {
                        matched[n] += 1;
                        assert!(candidates.may_hold(&range), "{}: {:?} in {text:?}", idiom.id, &text[range]);
                        assert!(may_match[n], "the shared gate, {}: {:?} in {text:?}", idiom.id, &text[range]);
                        if let Some(parts) = &parts {
                            parts.may_match_in(range.clone(), rules.idioms.len(), &mut in_sentence);
                            assert!(in_sentence[n], "the shared gate on the sentence, {}: {:?} in {text:?}", idiom.id, &text[range]);
                        }
                    }
                }
            }
        }
        assert!(matched.iter().all(|&n| n > 20), "the random texts match every idiom: {matched:?}");
    }

    /// (rule, group, value, quote) of every idiom claim in `text`.
    fn idiom_claims(text: &str, rules: &RuleSet) -> Vec<(String, String, f64, String)> {
        crate::extract::extract_text(text, "e", rules)
            .into_iter()
            .filter(|c| c.rule.starts_with("idiom/"))
            .map(|c| (c.rule, c.group, c.quantity.value, c.quote))
            .collect()
    }

    fn claim(rule: &str, group: &str, value: f64, quote: &str) -> (String, String, f64, String) {
        (format!("idiom/{rule}"), group.to_string(), value, quote.to_string())
    }

    #[test]
    fn a_group_that_ends_the_pattern_is_the_people_term_there() {
        let rules = rules();
        assert!(rules.idioms.iter().any(|i| i.id == "among-killed" && i.group_at_end.is_some()));
        // the claim's quote runs to the end of the term
        assert_eq!(
            idiom_claims("Among those killed, 12 were police officers.", &rules),
            [claim("among-killed", "security_forces", 12.0, "killed, 12 were police officers")]
        );
        assert_eq!(
            idiom_claims("The army said it had lost 4 soldiers.", &rules),
            [claim("lost-people", "security_forces", 4.0, "lost 4 soldiers")]
        );
    }

    #[test]
    fn a_match_without_a_people_term_does_not_hide_a_later_one() {
        let rules = rules();
        assert_eq!(
            idiom_claims("Of the dead, 12 were identified and among those killed, 4 were soldiers.", &rules),
            [claim("among-killed", "security_forces", 4.0, "killed, 4 were soldiers")]
        );
        assert_eq!(
            idiom_claims("The party lost 4 seats while the army lost 3 soldiers.", &rules),
            [claim("lost-people", "security_forces", 3.0, "lost 3 soldiers")]
        );
    }

    /// The regex puts `{group}` at "our" (the figure takes the `of`), where
    /// no term starts; from the same start the pattern also reaches
    /// "troops", as the inlined terms did.
    #[test]
    fn another_place_the_pattern_reaches_a_people_term_is_tried() {
        let rules = rules();
        for owner in ["its", "their", "our"] {
            let text = format!("The unit lost 5 of {owner} own troops.");
            let quote = format!("lost 5 of {owner} own troops");
            assert_eq!(idiom_claims(&text, &rules), [claim("lost-people", "security_forces", 5.0, &quote)]);
        }
    }

    /// Two groups, one's term the start of the other's, the shorter first:
    /// the inlined alternation matched the shorter term, the group came
    /// from the lexicon's hit there, the longest term; so it still does.
    #[test]
    fn the_longest_people_term_gives_the_group() {
        let mut sources = crate::rules::load::builtin_sources();
        sources.push(crate::rules::compile::RuleSource {
            name: "mine.yaml".into(),
            text: "groups:\n  - {id: juniors, role: people, terms: [junior]}\n  - {id: junior_doctors, role: people, terms: [junior doctors]}\n"
                .into(),
        });
        let rules = crate::rules::compile::compile(&sources).expect("rules");
        let text = "Among those killed, 3 were junior doctors.";
        assert_eq!(idiom_claims(text, &rules), [claim("among-killed", "junior_doctors", 3.0, "killed, 3 were junior doctors")]);
        let inlined = crate::rules::compile::with_groups_inlined(&rules);
        assert_eq!(idiom_claims(text, &inlined), [claim("among-killed", "junior_doctors", 3.0, "killed, 3 were junior")]);
    }

    #[test]
    fn a_word_that_is_no_people_term_gives_no_claim() {
        let rules = rules();
        assert!(idiom_claims("Of the dead, 12 were identified.", &rules).is_empty());
        assert!(idiom_claims("The ruling party lost 4 seats.", &rules).is_empty());
        // a people term ("lives") only starts the word: the inlined terms
        // read a killed figure here
        assert!(idiom_claims("The farmer lost 40 livestock in the storm.", &rules).is_empty());
        let inlined = crate::rules::compile::with_groups_inlined(&rules);
        assert_eq!(idiom_claims("The farmer lost 40 livestock in the storm.", &inlined).len(), 1);
        // the longest term there is a noun of another kind
        assert!(idiom_claims("The police lost 4 police cars.", &rules).is_empty());
    }

    /// `{quantity}` lets three words stand before the figure, where a
    /// pattern that starts with it starts its match: the quote starts at
    /// the figure and its qualifier.
    #[test]
    fn a_pattern_that_starts_with_the_figure_is_quoted_from_it() {
        let rules = rules();
        assert_eq!(
            idiom_claims("Officials said eleven of the dead were children.", &rules),
            [claim("of-the-dead", "children", 11.0, "eleven of the dead were children")]
        );
        assert_eq!(
            idiom_claims("The ministry said at least 12 of those killed were police officers.", &rules),
            [claim("of-the-dead", "security_forces", 12.0, "at least 12 of those killed were police officers")]
        );
    }

    /// Over random texts made of whole words, the idioms read what they
    /// read with every people term inlined in their regex: the same
    /// claims, each quote running on to the end of the longest term.
    #[test]
    fn checking_the_group_in_the_lexicon_reads_what_the_inlined_terms_read() {
        let rules = rules();
        let inlined = crate::rules::compile::with_groups_inlined(&rules);
        const PIECES: &[&str] = &[
            "Among those killed, ",
            "Of the 57 dead, ",
            "killed, 12 were ",
            "dead, seven were also ",
            "lost 5 of our own ",
            "lost at least 26 ",
            "killed, ",
            "Dead, ",
            "victims, ",
            "died, ",
            "lost ",
            "losing ",
            "12 ",
            "four ",
            "at least 26 ",
            "twenty-one ",
            "were ",
            "WAS ",
            "also ",
            "of ",
            "their ",
            "its ",
            "own ",
            "police ",
            "officers ",
            "Police Officers ",
            "soldiers ",
            "children ",
            "identified ",
            "seats ",
            "national guard ",
            "servicemen ",
            "law enforcement officers ",
            "people ",
            "the military ",
            "riot police ",
            "and ",
            ", ",
            ". ",
            "\n",
            "injured ",
        ];
        let (mut claims, mut longer) = (0, 0);
        for text in (4..=30).step_by(2).flat_map(|len| crate::test_support::mixes(PIECES, 400, len, len as u64)) {
            let new = crate::extract::extract_text(&text, "e", &rules);
            let old = crate::extract::extract_text(&text, "e", &inlined);
            assert_eq!(new.len(), old.len(), "{text:?}");
            for (n, o) in new.iter().zip(&old) {
                let key = |c: &crate::model::Claim| (c.rule.clone(), c.kind.clone(), c.group.clone(), c.quantity, c.evidence.span.start);
                assert_eq!(key(n), key(o), "{text:?}");
                assert!(n.quote.starts_with(&o.quote), "{:?} against {:?} in {text:?}", n.quote, o.quote);
                claims += usize::from(n.rule.starts_with("idiom/"));
                longer += usize::from(n.quote.len() > o.quote.len());
            }
        }
        assert!(claims > 1000 && longer > 200, "the texts read {claims} idiom claims, {longer} with a longer quote");
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
