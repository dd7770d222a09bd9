//! People an article counts without a number: "A 41-year-old man has been
//! arrested" is one person arrested, "A police officer and a school
//! security guard were killed" two killed.
//!
//! The verb phrase is found first, over the whole document: one of the
//! settings' `implicit_count_verbs` right before a trigger of a people kind
//! ("has been arrested", "were killed"), by a search for the verbs' last
//! words and a trigger matched after each ([`ImplicitGate`]); only the
//! sentences that hold one are read. There the
//! subject before it must open its clause (the sentence, or the words after
//! a comma, "said" or "that") and be nothing but people named with "a" or
//! "an", joined by "and": each ends in a group's term or one of the
//! settings' `people_nouns`, possibly followed by a place phrase ("a man
//! *from Eccles*"). Anything else before the verb ("If a worker is
//! injured", "A total of 12 people were", "A woman who was injured") makes
//! no count.
//!
//! The settings' `object_count_verbs` ("arrested") count the people named
//! after them instead, each with a determiner and a noun of one person
//! ("Police have arrested the ferry's captain, his deputy and the ticket
//! clerk": 3), past names and ages set off by commas; each verb is found
//! over the whole document too (memchr's memmem, before a determiner).

use super::frame::Sentence;
use super::{Mention, Reading};
use crate::model::Quantity;
use crate::rules::compiled::Kind;
use crate::rules::lexicon::{Hit, TermRole};
use crate::rules::prefilter::SearchText;
use crate::rules::spec::{Counts, GroupRole};
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use memchr::memmem;
use std::borrow::Cow;
use std::ops::Range;

/// Words that end the subject's clause, the subject starting after them
/// ("Police said a man had been arrested").
const CLAUSE_OPENERS: [&str; 8] = ["said", "says", "that", "told", "added", "confirmed", "announced", "reported"];

/// Words that cannot stand inside a subject of people named with "a":
/// a relative clause, another verb or a negation before the verb phrase,
/// or a word that makes the person one more of a count ("a *third*
/// person", "a *further* man"), which the article gives elsewhere.
const NOT_IN_SUBJECT: [&str; 28] = [
    "who", "which", "that", "whose", "whom", "was", "were", "is", "are", "has", "have", "had", "been", "not", "no", "than", "when",
    "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "further", "fresh",
];

/// Prepositions that open a place phrase after the person's noun ("a man
/// *from* Eccles", "a resident *of* the block").
const PLACE_OPENERS: [&str; 7] = ["from", "in", "of", "at", "near", "on", "aged"];

/// Most words before a person's noun, its article included ("a
/// 41-year-old local man").
const MAX_WORDS_BEFORE_NOUN: usize = 6;

/// The verb phrases of implicit counts over a whole document. The last
/// words of the verbs ("was", "been", "still") are searched for, one
/// automaton of a few literals over the lowered text; after each, a
/// trigger of a people kind is matched where the next word starts (an
/// anchored automaton), and the whole verb is checked before it. Each
/// object verb is searched for alone, before a determiner.
#[derive(Debug, Clone)]
pub struct ImplicitGate {
    /// The verbs' last words, each followed by a space.
    last_words: AhoCorasick,
    /// The object verbs ([`ImplicitPhrase::object`]), each followed by a
    /// space.
    object_verbs: Vec<memmem::Finder<'static>>,
    /// The people kinds' triggers, lower-case, matched anchored.
    triggers: AhoCorasick,
    /// The verbs, lower-case, single-spaced, longest first.
    verbs: Vec<String>,
}

/// Where an implicit count may be: a verb phrase found by the gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImplicitPhrase {
    /// The verb and the trigger ("has been arrested"), or the object verb
    /// ("arrested") before the people it counts.
    pub range: Range<usize>,
    /// An object verb (settings `object_count_verbs`): the people are
    /// named after it, each with a determiner ("arrested the ferry's
    /// captain, his deputy and the ticket clerk").
    pub object: bool,
}

/// Words that open a person named after an object verb.
const DETERMINERS: [&str; 7] = ["the", "his", "her", "its", "their", "a", "an"];

impl ImplicitGate {
    /// The gate of `verbs` (lower-case, single-spaced) before the triggers
    /// of `kinds`' people kinds; `None` when either is empty or the
    /// searches cannot be built.
    pub fn new(verbs: &[String], object_verbs: &[String], kinds: &[Kind]) -> Option<ImplicitGate> {
        let mut triggers: Vec<String> =
            kinds.iter().filter(|k| k.counts == Counts::People).flat_map(|k| k.triggers.iter().map(|t| t.to_lowercase())).collect();
        triggers.sort_unstable();
        triggers.dedup();
        let mut last_words: Vec<&str> = verbs.iter().filter_map(|v| v.split(' ').next_back()).collect();
        last_words.sort_unstable();
        last_words.dedup();
        if last_words.is_empty() || triggers.is_empty() {
            return None;
        }
        let patterns: Vec<String> = last_words.iter().map(|w| format!("{w} ")).collect();
        let last_words = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns).ok()?;
        // a search of each verb alone (memchr's memmem): added to the
        // verbs' automaton, or in one of their own, they cost two to five
        // times as much (callgrind, 1k bench corpus)
        let object_verbs: Vec<memmem::Finder<'static>> =
            object_verbs.iter().map(|w| memmem::Finder::new(format!("{w} ").as_bytes()).into_owned()).collect();
        let triggers = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&triggers)
            .ok()?;
        let mut verbs = verbs.to_vec();
        verbs.sort_by_key(|v| std::cmp::Reverse(v.len()));
        Some(ImplicitGate { last_words, object_verbs, triggers, verbs })
    }

    /// Every verb phrase in the text, whole words, in order: a verb, one
    /// space and a trigger, or an object verb before a determiner. `search`
    /// holds the text and its lowered copy.
    pub fn phrases_in(&self, search: &SearchText) -> Vec<ImplicitPhrase> {
        // ASCII lowering keeps every offset; a text the shared copy is not
        // made for (a character that folds to ASCII) is lowered here
        let lowered: Cow<str> = search.lowered().map_or_else(|| Cow::Owned(search.text().to_ascii_lowercase()), Cow::Borrowed);
        let bytes = lowered.as_bytes();
        let is_word = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80);
        let mut out = Vec::new();
        for found in self.last_words.find_iter(bytes) {
            if found.start() > 0 && is_word(found.start() - 1) {
                continue;
            }
            let input = Input::new(bytes).range(found.end()..).anchored(Anchored::Yes);
            let Some(trigger) = self.triggers.find(input) else { continue };
            if is_word(trigger.end()) {
                continue;
            }
            let before = bytes.get(..found.end() - 1).unwrap_or(&[]);
            let verb = self.verbs.iter().find(|v| before.ends_with(v.as_bytes()) && !is_word((before.len() - v.len()).wrapping_sub(1)));
            if let Some(verb) = verb {
                out.push(ImplicitPhrase { range: before.len() - verb.len()..trigger.end(), object: false });
            }
        }
        for verb in &self.object_verbs {
            for start in verb.find_iter(bytes) {
                let end = start + verb.needle().len();
                let next = bytes.get(end..).unwrap_or(&[]);
                let determined = DETERMINERS.iter().any(|d| next.starts_with(d.as_bytes()) && !is_word(end + d.len()));
                if determined && !(start > 0 && is_word(start - 1)) {
                    out.push(ImplicitPhrase { range: start..end - 1, object: true });
                }
            }
        }
        out.sort_by_key(|p| p.range.start);
        out
    }
}

/// A word of the subject, with its place in the text.
#[derive(Debug, Clone, Copy)]
struct Word<'t> {
    start: usize,
    end: usize,
    /// The word without the punctuation around it.
    bare: &'t str,
}

/// The words of `text[range]`, each without the punctuation around it.
fn words_in(text: &str, range: Range<usize>) -> Vec<Word<'_>> {
    let Some(part) = text.get(range.clone()) else { return Vec::new() };
    part.split_whitespace()
        .filter_map(|w| {
            let offset = w.as_ptr() as usize - part.as_ptr() as usize;
            let trimmed = w.trim_matches(|c: char| !c.is_alphanumeric());
            if trimmed.is_empty() {
                return None;
            }
            let start = range.start + offset + (w.len() - w.trim_start_matches(|c: char| !c.is_alphanumeric()).len());
            Some(Word { start, end: start + trimmed.len(), bare: trimmed })
        })
        .collect()
}

fn is(word: &Word, expected: &str) -> bool {
    word.bare.eq_ignore_ascii_case(expected)
}

fn is_article(word: &Word) -> bool {
    is(word, "a") || is(word, "an")
}

/// The reading of the people of `groups` (one group each) counted by kind
/// `kind` (at `kind_index`): their number, in their one group or, when the
/// groups differ, the kind's default group ("a man and a woman": `total`).
fn people_counted(kind_index: usize, kind: &Kind, groups: &[String], quote: Range<usize>, how: String) -> Option<Reading> {
    let first = groups.first()?;
    let group = if groups.iter().all(|g| g == first) { first.clone() } else { kind.default_group.clone() };
    Some(Reading {
        kind: kind_index,
        group: Some(group),
        quantity: Quantity::exact(groups.len() as f64),
        quote,
        rule: format!("implicit/{}", kind.id),
        mention: None,
        how,
        lowered: None,
        raised: None,
        increment: false,
    })
}

impl Sentence<'_> {
    /// The implicit counts of the sentence, one a verb phrase of
    /// `phrases` (the gate's, those inside the sentence) whose subject is
    /// people named with "a"/"an". `mentions` are the sentence's figures:
    /// a subject with one is read by the frames.
    pub fn implicit_counts(&self, phrases: &[ImplicitPhrase], mentions: &[Mention]) -> Vec<Reading> {
        phrases
            .iter()
            .filter_map(|phrase| match phrase.object {
                true => self.objects_counted(phrase.range.clone(), mentions),
                false => self.implicit_count(phrase.range.clone(), mentions),
            })
            .collect()
    }

    /// The people kind whose trigger starts inside `phrase`.
    fn people_kind_in(&self, phrase: &Range<usize>) -> Option<usize> {
        self.hits.iter().filter(|h| h.start >= phrase.start && h.start < phrase.end).find_map(|h| {
            self.rules.lexicon.roles(h).iter().find_map(|r| match *r {
                TermRole::Trigger(k) if self.rules.kinds.get(k).is_some_and(|k| k.counts == Counts::People) => Some(k),
                _ => None,
            })
        })
    }

    /// The people an object verb counts: those named after it, each with a
    /// determiner and a noun of one person (settings `people_nouns`),
    /// joined by commas and "and", past the names and ages set off by
    /// commas after each ("arrested the company's managing director, Ketan
    /// Shah, 56, and its plant manager, Nilesh Patel, 44": 2).
    fn objects_counted(&self, verb: Range<usize>, mentions: &[Mention]) -> Option<Reading> {
        let kind_index = self.people_kind_in(&verb)?;
        let kind = self.rules.kinds.get(kind_index)?;
        let rest = self.text.get(verb.end..self.range.end)?;
        // the list ends at the clause's end
        let end = verb.end + rest.find([';', ':', '.', '(', '"', '“', '”', '—', '–']).unwrap_or(rest.len());
        let words = words_in(self.text, verb.end..end);
        let mut groups: Vec<String> = Vec::new();
        // where each person's words are
        let mut spans: Vec<Range<usize>> = Vec::new();
        let mut last_end = verb.end;
        let mut i = 0;
        while let Some(first) = words.get(i) {
            let is_determiner = DETERMINERS.iter().any(|d| is(first, d));
            // a name or an age set off by commas after a person
            let set_off = !groups.is_empty() && self.text.get(last_end..first.start).is_some_and(|gap| gap.contains(','));
            if !is_determiner {
                let name_or_age = first.bare.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
                if set_off && name_or_age {
                    // up to the next comma, all capitalised words or a number
                    let next_comma = self.text.get(first.start..end).and_then(|t| t.find(',')).map_or(end, |c| first.start + c);
                    let part: Vec<&Word> = words.iter().skip(i).take_while(|w| w.start < next_comma).collect();
                    let plain = part.iter().all(|w| w.bare.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()));
                    if !plain || part.len() > 4 {
                        break;
                    }
                    i += part.len();
                    continue;
                }
                if is(first, "and") && !groups.is_empty() {
                    i += 1;
                    continue;
                }
                break;
            }
            // the person's words: up to a comma or "and"
            let person: Vec<Word> = words
                .iter()
                .skip(i)
                .enumerate()
                .take_while(|(k, w)| {
                    *k == 0 || (!is(w, "and") && self.text.get(first.start..w.start).is_some_and(|gap| !gap.contains(',')))
                })
                .map(|(_, w)| *w)
                .collect();
            let Some((group, head_end)) = self.person_group(&person, true) else { break };
            groups.push(group);
            last_end = head_end;
            spans.push(first.start..person.last().map_or(head_end, |w| w.end));
            i += person.len();
        }
        // a figure among them is the frames' ("arrested the two owners")
        if groups.is_empty() || mentions.iter().any(|m| spans.iter().any(|s| s.contains(&m.span.start))) {
            return None;
        }
        let verb_text = self.text.get(verb.clone()).unwrap_or("");
        let how = format!("{} named with a determiner after `{verb_text}`", groups.len());
        people_counted(kind_index, kind, &groups, verb.start..last_end, how)
    }

    fn implicit_count(&self, phrase: Range<usize>, mentions: &[Mention]) -> Option<Reading> {
        // the trigger ending the phrase, of a people kind
        let kind_index = self.people_kind_in(&phrase)?;
        let kind = self.rules.kinds.get(kind_index)?;
        let words = self.clause_before(phrase.start)?;
        let (subject, groups) = match self.people_named(&words) {
            Some(groups) => (words.first()?.start..words.last()?.end, groups),
            // "Three soldiers and a civilian were killed", "Two people died
            // and a man was arrested": the people after the last "and"
            None => {
                let last_and = words.iter().rposition(|w| is(w, "and"))?;
                let rest = words.get(last_and + 1..)?;
                let (first, last) = (rest.first()?, rest.last()?);
                (first.start..last.end, self.people_named(rest)?)
            }
        };
        // a figure among them is read by the frames ("A total of 12 people")
        if mentions.iter().any(|m| m.span.start < subject.end && m.span.end > subject.start) {
            return None;
        }
        let verb = self.text.get(phrase.clone()).unwrap_or("");
        let how = format!("{} named with \"a\"/\"an\" before `{verb}`", groups.len());
        people_counted(kind_index, kind, &groups, subject.start..phrase.end, how)
    }

    /// The groups of the people `words` name, each with "a"/"an", joined by
    /// "and"; `None` if the words are anything else.
    fn people_named(&self, words: &[Word]) -> Option<Vec<String>> {
        words.split(|w| is(w, "and")).map(|person| self.person_group(person, false).map(|(group, _)| group)).collect()
    }

    /// The people group whose term `hit` is, if any.
    fn group_of_people_term(&self, hit: &Hit) -> Option<String> {
        self.rules.lexicon.roles(hit).iter().find_map(|r| match *r {
            TermRole::Group(g) => self.rules.groups.get(g).filter(|g| g.role == GroupRole::People).map(|g| g.id.clone()),
            _ => None,
        })
    }

    /// The words of the clause before a verb phrase at `verb`: from the
    /// clause's start (the sentence's, or after a comma, a colon, a dash, a
    /// quotation mark or a word such as "said"), past an aside set off by
    /// commas (", aged 41,").
    fn clause_before(&self, verb: usize) -> Option<Vec<Word<'_>>> {
        let before = self.text.get(self.range.start..verb)?;
        let mut end = before.trim_end().len();
        // "A man, 41, was arrested": the aside is skipped
        if before.get(..end)?.ends_with(',') {
            let inner = before.get(..end - 1)?;
            let opened = inner.rfind(',')?;
            let aside = words_in(before, opened + 1..end - 1);
            if aside.is_empty() || aside.len() > 3 {
                return None;
            }
            end = opened;
        }
        let clause_start = before
            .get(..end)?
            .rfind([',', ';', ':', '(', '—', '–', '"', '“', '”'])
            .map_or(0, |i| i + before.get(i..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8));
        let mut words = words_in(self.text, self.range.start + clause_start..self.range.start + end);
        if let Some(cut) = words.iter().rposition(|w| CLAUSE_OPENERS.iter().any(|o| is(w, o))) {
            words.drain(..=cut);
        }
        (!words.is_empty()).then_some(words)
    }

    /// The group of one person named with "a"/"an" ("a 41-year-old man
    /// from Eccles": `man`; "a school security guard": `guards`), if the
    /// words are nothing else.
    fn person_group(&self, words: &[Word], object: bool) -> Option<(String, usize)> {
        let (article, rest) = words.split_first()?;
        let opens = if object { DETERMINERS.iter().any(|d| is(article, d)) } else { is_article(article) };
        if !opens || rest.iter().any(|w| NOT_IN_SUBJECT.iter().any(|s| is(w, s))) {
            return None;
        }
        // the noun ends the words, or stands before a place phrase
        let head_at = rest.iter().position(|w| PLACE_OPENERS.iter().any(|p| is(w, p))).unwrap_or(rest.len());
        if head_at == 0 || head_at > MAX_WORDS_BEFORE_NOUN {
            return None;
        }
        let head = rest.get(head_at - 1)?;
        let noun = head.bare.to_lowercase();
        // after an object verb, only a noun of one person: "the police",
        // "the crew" are many
        let one_person = crate::nouns::singular(&noun) == noun && self.rules.settings.people_nouns.contains(&noun);
        // a group's term ending at the noun ("school security guard")
        let group = self.hits.iter().filter(|h| h.end == head.end && h.start >= article.end).find_map(|h| self.group_of_people_term(h));
        if let Some(group) = group.filter(|_| !object || one_person) {
            return Some((group, head.end));
        }
        // the noun must be in the singular: "a man", not "a dozen men"
        if !one_person {
            return None;
        }
        // "a police inspector": a group's term right before the noun
        let before = head_at.checked_sub(2).and_then(|i| rest.get(i)).map(|w| w.end);
        let modified = before
            .and_then(|end| self.hits.iter().filter(|h| h.end == end && h.start >= article.end).find_map(|h| self.group_of_people_term(h)));
        Some((modified.unwrap_or(noun), head.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn rules() -> RuleSet {
        crate::rules::compile::compile(&crate::rules::load::builtin_sources()).expect("built-in rules")
    }

    /// (kind, group, value) of each claim read from `text`.
    fn read(rules: &RuleSet, text: &str) -> Vec<(String, String, f64)> {
        crate::extract::extract_text(text, "e", rules).into_iter().map(|c| (c.kind, c.group, c.quantity.value)).collect()
    }

    fn claim(kind: &str, group: &str, value: f64) -> (String, String, f64) {
        (kind.to_string(), group.to_string(), value)
    }

    #[test]
    fn people_named_with_a_are_counted_one_each() {
        let rules = rules();
        assert_eq!(read(&rules, "A 41-year-old man has been arrested."), [claim("arrested", "man", 1.0)]);
        assert_eq!(read(&rules, "Police said a British tourist was still missing."), [claim("missing", "tourist", 1.0)]);
        // a group's term, alone or after another ("a police inspector")
        assert_eq!(read(&rules, "A police inspector was killed."), [claim("killed", "security_forces", 1.0)]);
        assert_eq!(read(&rules, "A police officer and a school guard were killed."), [claim("killed", "total", 2.0)]);
        // past an aside and a place phrase
        assert_eq!(read(&rules, "A man from Eccles, aged 41, was arrested."), [claim("arrested", "man", 1.0)]);
        // the clause after "and" with a verb of its own
        assert_eq!(read(&rules, "A fire engine was damaged and a firefighter was injured."), [claim("injured", "firefighter", 1.0)]);
    }

    #[test]
    fn anything_else_before_the_verb_counts_nobody() {
        let rules = rules();
        for text in [
            "If a worker is injured, the company pays.",
            "A woman who was injured said she heard a bang.",
            "A car was damaged.",
            "A number of people were injured.",
            "A third man has been arrested.",
            "The man was arrested.",
            "A police dog was killed.",
            "A man was not injured.",
        ] {
            assert_eq!(read(&rules, text), [], "{text}");
        }
        // a figure with "a" is the frames' ("a dozen"), not one person
        assert_eq!(read(&rules, "A dozen men were arrested."), [claim("arrested", "man", 12.0)]);
    }

    /// An object verb counts the people named after it with a determiner,
    /// past names and ages set off by commas; not a body of people, nor
    /// one a figure counts.
    #[test]
    fn people_named_after_an_object_verb_are_counted() {
        let rules = rules();
        let three = "Police have arrested the ferry's captain, his deputy and the ticket clerk, a spokesman said.";
        assert_eq!(read(&rules, three), [claim("arrested", "total", 3.0)]);
        let named = "Police arrested the company's managing director, Ketan Shah, 56, and its plant manager, Nilesh Patel, 44, on Sunday.";
        assert_eq!(read(&rules, named), [claim("arrested", "total", 2.0)]);
        assert_eq!(read(&rules, "Police detained a 41-year-old man."), [claim("arrested", "man", 1.0)]);
        assert_eq!(read(&rules, "Police arrested the police chief."), [claim("arrested", "security_forces", 1.0)]);
        assert_eq!(read(&rules, "Police arrested the crew."), []);
        assert_eq!(read(&rules, "Police arrested the factory's two owners."), [claim("arrested", "owner", 2.0)]);
        assert_eq!(read(&rules, "He was arrested the next day."), []);
    }

    /// The gate finds the verb phrases as whole words only, in any case.
    #[test]
    fn the_gate_finds_whole_verb_phrases() {
        let rules = rules();
        let gate = rules.implicit_gate.as_ref().expect("the default rules have a gate");
        let text = "He WAS KILLED. Swas killed. A man was killedx. They have been arrested";
        let found: Vec<&str> = gate.phrases_in(&SearchText::new(text)).into_iter().filter_map(|p| text.get(p.range)).collect();
        assert_eq!(found, ["WAS KILLED", "have been arrested"]);
    }

    #[test]
    fn words_keep_their_place_without_punctuation() {
        let text = "Police said \"a man, 41, was held\"";
        let words = words_in(text, 0..text.len());
        let bare: Vec<&str> = words.iter().map(|w| w.bare).collect();
        assert_eq!(bare, ["Police", "said", "a", "man", "41", "was", "held"]);
        for w in &words {
            assert_eq!(text.get(w.start..w.end), Some(w.bare));
        }
    }
}
