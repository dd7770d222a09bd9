//! Number-anchored frames: for each number, the counted noun just after it
//! and the trigger word near it decide the kind and group. Coordinated
//! figures share a trigger ("26 criminals and 18 officers had been
//! killed"); a figure without a noun borrows the group of the figure before
//! it ("317 police … were injured and eight killed").

use super::text::{has_clause_break, single_spaced, token_index};
use super::{Mention, Reading};
use crate::nouns::{looks_plural, singular};
use crate::rules::lexicon::{Hit, TermRole};
use crate::rules::spec::{Counts, GroupRole};
use crate::rules::RuleSet;
use regex::Regex;
use std::borrow::Cow;
use std::cmp::Reverse;
use std::ops::Range;
use std::sync::LazyLock;

/// Everything the frame needs about one sentence.
pub struct Sentence<'a> {
    /// The document text (masked).
    pub text: &'a str,
    /// The sentence's byte range.
    pub range: Range<usize>,
    /// Token start offsets inside the sentence.
    pub tokens: &'a [usize],
    /// Count mentions inside the sentence, in order.
    pub mentions: &'a [Mention],
    /// Lexicon hits inside the sentence, in order.
    pub hits: &'a [Hit],
    /// The rules.
    pub rules: &'a RuleSet,
}

/// A trigger found for a kind.
#[derive(Debug, Clone)]
struct Trigger {
    range: Range<usize>,
    after: bool,
    distance: usize,
    /// After the number past a comma while no trigger of its kind stands
    /// before it: it ranks below any trigger before ("killed 12, injured
    /// 40": 12 is killed, not injured).
    past_comma: bool,
    /// A trigger used as an adjective of the counted noun ("two *injured*
    /// guests died"): it ranks below any trigger that is no such adjective,
    /// before or after the number ("died": killed; "arrested two injured
    /// protesters": arrested).
    inside_noun: bool,
    /// A trigger right after the counted noun, with no word between them: a
    /// participle that tells which people are meant ("rescued 23 people
    /// *trapped* in the coaches"), which ranks below a trigger before the
    /// number: 23 rescued, not trapped.
    modifies_noun: bool,
    /// Inside a relative clause after the counted noun ("12 miners [who had
    /// been *trapped*] were brought out"): it tells which people are meant.
    in_relative: bool,
    /// A plural noun right after the number that is a trigger ("Seven
    /// *survivors* remain in hospital"): it ranks below a trigger of another
    /// kind after it, which says what befell them (in hospital, not
    /// rescued); alone, it is the figure's trigger ("41 survivors").
    as_noun: bool,
}

/// What the noun phrase after a number holds.
#[derive(Debug, Default, Clone)]
struct NounPhrase {
    end: usize,
    last_token: Option<usize>,
    people_group: Option<usize>,
    nouns: Vec<usize>,
    unknown_words: bool,
    /// Where the counted noun no group knows starts: the last unknown word
    /// before any "of" ("7 local *shepherds*", "3 *members* of the family").
    unknown_head: Option<usize>,
    /// Where the last word of the last noun of a `counts: things` kind in
    /// the phrase starts ("12 crew *members*").
    noun_head: Option<usize>,
    /// The head is a noun a things kind counts, taken for people
    /// ([`NounPhrase::as_unknown_noun`]): a count noun, plural or not
    /// ("peacekeepers").
    counted_head: bool,
    /// The number was followed by a pronoun standing for a whole figure
    /// before it: "12 *of them* children", "19 *of whom were* police".
    of_them: bool,
    /// (`end`, `last_token`, `unknown_head`) of the phrase before its first
    /// "and" or "or", when nouns no group lists stood before it: "killed
    /// four *workers* and sent the others home" ends at "workers" when the
    /// word after "and" cannot be what is counted.
    before_and: Option<(usize, Option<usize>, Option<usize>)>,
    /// Where a trigger of a people kind stands as an adjective between the
    /// number and its noun: "two *injured* guests", "five *trapped* miners".
    adjective: Option<usize>,
    /// A relative clause right after the phrase, from its pronoun to where
    /// the main clause goes on ("12 miners [who had been trapped for two
    /// days] were brought out"): see [`Sentence::relative_clause_after`].
    relative: Option<Range<usize>>,
}

impl NounPhrase {
    /// The phrase with its nouns of `counts: things` kinds taken for a noun
    /// no group knows, headed by the last of them: "12 crew members were
    /// detained" counts people when no kind counts the members as things.
    fn as_unknown_noun(&self) -> Option<NounPhrase> {
        let head = self.noun_head?;
        Some(NounPhrase {
            end: self.end,
            last_token: self.last_token,
            people_group: None,
            nouns: Vec::new(),
            unknown_words: true,
            unknown_head: Some(head),
            noun_head: None,
            counted_head: true,
            of_them: self.of_them,
            before_and: None,
            adjective: self.adjective,
            relative: self.relative.clone(),
        })
    }

    /// The phrase as it stood before its first "and" or "or", if it ran on
    /// past one with nouns no group lists.
    fn before_and(&self) -> Option<NounPhrase> {
        let (end, last_token, unknown_head) = self.before_and?;
        Some(NounPhrase { end, last_token, unknown_head, before_and: None, ..self.clone() })
    }
}

/// The rank of kind `k`'s reading by `trigger` (see [`Candidate::rank`]).
fn rank(trigger: Option<&Trigger>, k: usize) -> (bool, bool, bool, bool, bool, bool, usize, Reverse<usize>) {
    match trigger {
        Some(t) => (false, t.past_comma, t.inside_noun, t.as_noun, t.modifies_noun, !t.after, t.distance, Reverse(k)),
        None => (true, false, false, false, false, false, 0, Reverse(k)),
    }
}

/// A word in the possessive: "factory's", "Reuters’s", "workers'".
fn is_possessive_word(word: &str) -> bool {
    let ends_a_word = |stem: &str| stem.chars().next_back().is_some_and(char::is_alphanumeric);
    ["'s", "’s", "s'", "s’"].iter().any(|end| word.strip_suffix(end).is_some_and(ends_a_word))
}

/// The words between a counted noun and a trigger after it, past one more
/// person named with "a"/"an" and joined by "and" ("Three soldiers [and a
/// civilian] were killed"): the figure counts the noun before "and" (the
/// person is counted apart, [`super::implicit`]); at most four words name
/// the person, up to the first of the `links`, a plural verb.
fn past_one_more_person<'w>(words: &'w [Cow<'w, str>], links: &[String]) -> &'w [Cow<'w, str>] {
    let [and, article, rest @ ..] = words else { return words };
    if and != "and" || !matches!(&**article, "a" | "an") {
        return words;
    }
    // a plural verb: the two are one subject ("40 people and a journalist
    // *was* injured" is a clause of its own)
    match rest.iter().position(|w| links.iter().any(|l| *l == *w)) {
        Some(at) if (1..=4).contains(&at) && rest.get(at).is_some_and(|w| matches!(&**w, "were" | "are" | "have")) => {
            rest.get(at..).unwrap_or(&[])
        }
        _ => words,
    }
}

/// Whether a mention is a figure of exactly one ("one", "1", "at least
/// one"), not a range.
fn is_one(m: &Mention) -> bool {
    (m.quantity.value - 1.0).abs() < f64::EPSILON && m.quantity.value_max.is_none()
}

/// One candidate reading of a number.
struct Candidate {
    kind: usize,
    group: Option<String>,
    trigger: Option<Trigger>,
    /// Lower ranks first: a trigger over none, not past a comma, no
    /// adjective of the noun over one, no participle right after the noun
    /// over one, after the number over before it, nearer; between kinds
    /// that read the figure equally well, the one declared later (a user's
    /// own kind takes a trigger word from a built-in one, as a later rule
    /// of the same id replaces an earlier one).
    rank: (bool, bool, bool, bool, bool, bool, usize, Reverse<usize>),
}

impl Sentence<'_> {
    /// The word starting at byte `start`, lower-cased (letters, digits,
    /// hyphens and apostrophes).
    fn word_at(&self, start: usize) -> Cow<'_, str> {
        lowercased(self.text.get(start..self.token_end(start)).unwrap_or(""))
    }

    /// Where the word starting at byte `start` ends in the text.
    fn token_end(&self, start: usize) -> usize {
        word_end(self.text, start)
    }

    fn bounds(&self, i: usize) -> (usize, usize) {
        let prev = if i == 0 { self.range.start } else { self.mentions.get(i - 1).map_or(self.range.start, |m| m.number.span.end) };
        let next = self.mentions.get(i + 1).map_or(self.range.end, |m| m.span.start);
        (prev, next)
    }

    /// The age band right after a noun phrase ending at `end`: "aged over
    /// 70", "over the age of 70", "older than 70", "aged 70 and over" are
    /// `over_70`; "under 18", "younger than 18" `under_18`. People of an
    /// age band are a part of everyone, not everyone (a toll "among the
    /// dead were 38 people aged over 70" is no total).
    fn age_band_after(&self, end: usize) -> Option<String> {
        static BAND: LazyLock<Option<Regex>> = LazyLock::new(|| {
            Regex::new(
                r"(?i-u)^[ \t]*(?:aged[ \t]+)?(?:(?P<dir>over|above|older[ \t]+than|under|below|younger[ \t]+than)[ \t]+(?:the[ \t]+age[ \t]+of[ \t]+)?(?P<n>\d{1,3})|(?P<n2>\d{1,3})[ \t]+(?:and|or)[ \t]+(?P<dir2>over|above|older|under|below|younger))\b",
            )
            .ok()
        });
        let caps = BAND.as_ref()?.captures(self.text.get(end..self.range.end)?)?;
        // "aged" or a bound must be there: "38 people over 70" is one,
        // but so is the bare "over"
        let dir = caps.name("dir").or_else(|| caps.name("dir2"))?.as_str().to_ascii_lowercase();
        let n = caps.name("n").or_else(|| caps.name("n2"))?.as_str();
        let side = if dir.starts_with("over") || dir.starts_with("above") || dir.starts_with("older") { "over" } else { "under" };
        Some(format!("{side}_{n}"))
    }

    /// The group of a figure whose counted noun no group lists: the noun's
    /// singular, lower-cased ("journalists" and "journalist" are both
    /// `journalist`, [`crate::nouns::singular`]), so that its singular and
    /// plural figures are compared and figures of different such nouns are
    /// not; `unspecified` when it has no letter or is the id of a declared
    /// group (whose terms do not list it).
    fn unknown_group(&self, np: &NounPhrase) -> String {
        let noun = np.unknown_head.map(|start| self.word_at(start)).unwrap_or_default();
        let noun = noun.trim_end_matches(['\'', '’', '-']);
        let one = singular(noun);
        if !noun.chars().any(char::is_alphabetic) || self.rules.group(noun).is_some() || self.rules.group(&one).is_some() {
            return "unspecified".to_string();
        }
        one.into_owned()
    }

    /// Whether the noun no group lists that ends `np` may count people: a
    /// plural ("shepherds", "firefighters", "fishermen"), or a singular
    /// right after a figure of one ("killed one journalist", not "killed
    /// one week later"), that is not one of the `not_counted` words in
    /// either number ("days", "one week"). A noun a things kind counts,
    /// taken for people ("killed 40 paratroopers"), may.
    fn may_count_people(&self, np: &NounPhrase, m: &Mention) -> bool {
        let Some(head) = np.unknown_head else { return false };
        if np.counted_head {
            return true;
        }
        let noun = self.word_at(head);
        let right_after = self.tokens.get(token_index(self.tokens, m.span.end)) == Some(&head);
        if !(looks_plural(&noun) || (is_one(m) && right_after)) || !noun.chars().all(char::is_alphabetic) {
            return false;
        }
        !self.counts_nobody(&noun)
    }

    /// Whether the word right after `m` is one of the `not_counted` words
    /// ("20 *kilometres* away", "3 *days* later").
    fn measure_follows(&self, m: &Mention) -> bool {
        let next = self.tokens.get(token_index(self.tokens, m.span.end)).copied().filter(|&t| t < self.range.end);
        next.is_some_and(|t| self.text.get(m.span.end..t).is_some_and(|gap| gap.trim().is_empty()) && self.counts_nobody(&self.word_at(t)))
    }

    /// Whether `noun`, in either number, is one of the `not_counted` words
    /// ("villages", "one day").
    fn counts_nobody(&self, noun: &str) -> bool {
        let one = singular(noun);
        self.rules.settings.not_counted.iter().any(|w| *w == one)
    }

    /// The reading of `m` by the people kind `k` with the noun phrase `np`,
    /// if a trigger of the kind reaches it.
    fn people_candidate(&self, k: usize, m: &Mention, np: &NounPhrase, prev_block: usize, next_block: usize) -> Option<Candidate> {
        if m.currency {
            return None;
        }
        let trigger = self.trigger(k, m, np, prev_block, next_block)?;
        // "10,000 people from seven villages have been evacuated": a noun
        // that counts nobody is no people's figure with a trigger after it
        // either
        if trigger.after && np.people_group.is_none() && np.unknown_head.is_some_and(|head| self.counts_nobody(&self.word_at(head))) {
            return None;
        }
        // "The blast at Amasra, 20 kilometres away, killed 41": a measure
        // right after the number, with no people's term, counts nobody
        if np.people_group.is_none() && self.measure_follows(m) {
            return None;
        }
        // "killed 3 days later": after a trigger before the number, a noun
        // no group lists counts people only when it looks like a plural of
        // some ("gunmen killed 7 shepherds") or is the one of a figure of one
        // ("killed one shepherd")
        // "a 16-year-old SS 2 student who was shot … died": a figure of more
        // than one before a noun in the singular counts no people ("SS 2"
        // is a class), whichever side its trigger stands
        if trigger.after && np.people_group.is_none() && np.unknown_words && !np.counted_head && !is_one(m) {
            // the noun before an "and" is the counted one ("Twelve students
            // and a teacher were abducted")
            let head = np.before_and().map_or(np.unknown_head, |before| before.unknown_head).map(|h| self.word_at(h));
            if head.is_some_and(|noun| noun.chars().all(char::is_alphabetic) && !looks_plural(&noun)) {
                return None;
            }
        }
        let cut;
        let np = if np.people_group.is_none() && np.unknown_words && !trigger.after && !self.may_count_people(np, m) {
            // "killed four workers and sent the others home": the word after
            // "and" counts nobody, the noun before it may
            match np.before_and() {
                Some(before) if self.may_count_people(&before, m) => {
                    cut = before;
                    &cut
                }
                _ => return None,
            }
        } else {
            np
        };
        // "two journalists were killed": a noun no group knows is nobody's
        // group, not everyone's; it counts its own people ("journalist"),
        // apart from other such nouns
        let group = self.people_group_of(np);
        Some(Candidate { kind: k, group, rank: rank(Some(&trigger), k), trigger: Some(trigger) })
    }

    fn noun_phrase(&self, m: &Mention, next_block: usize) -> NounPhrase {
        let rules = self.rules;
        let mut np = NounPhrase { end: m.span.end, ..NounPhrase::default() };
        let mut t = token_index(self.tokens, m.span.end);
        if let Some(skipped) = self.of_them_after(t, next_block) {
            np.of_them = true;
            t += skipped;
        }
        let mut past_of = false;
        // The noun must start within `noun_window` words; once found, the
        // phrase may run on through "and"/"of"/"the" and more terms.
        let limit = t + rules.settings.noun_window;
        let hard_limit = limit + 12;
        while t < limit || ((np.people_group.is_some() || !np.nouns.is_empty()) && t < hard_limit) {
            let Some(&start) = self.tokens.get(t) else { break };
            if start >= next_block || has_clause_break(self.text, m.span.end..start) {
                break;
            }
            // "killed 12, police said": a comma before any word of the
            // phrase leaves the number on its own
            let nothing_read = np.people_group.is_none() && np.nouns.is_empty() && !np.unknown_words;
            if nothing_read && self.text.get(m.span.end..start).is_some_and(|gap| gap.contains(',')) {
                break;
            }
            // "12 fishermen, officials said": nor does a comma after words
            // no group lists go on to more of them
            // "12 people, police said, were killed": nor past a group's term
            let read_a_term = np.people_group.is_some() || !np.nouns.is_empty();
            if (np.unknown_words || read_a_term) && self.text.get(np.end..start).is_some_and(|gap| gap.contains(',')) {
                break;
            }
            if let Some(hit) = self.hits.iter().find(|h| h.start == start) {
                let roles = rules.lexicon.roles(hit);
                let mut used = false;
                for role in roles {
                    match *role {
                        TermRole::Group(g) if rules.groups.get(g).is_some_and(|g| g.role == GroupRole::People) => {
                            np.people_group.get_or_insert(g);
                            used = true;
                        }
                        TermRole::Noun(k) => {
                            np.nouns.push(k);
                            let last_word = token_index(self.tokens, hit.end).saturating_sub(1);
                            np.noun_head = self.tokens.get(last_word).copied().filter(|&s| s >= hit.start);
                            used = true;
                        }
                        // "2,030 CSTO troops": an organisation name modifies the noun
                        TermRole::Group(_) => used = true,
                        _ => {}
                    }
                }
                // "two injured guests died": a one-word trigger of a people
                // kind right after the number, before a noun, is the noun's
                // adjective; the phrase reads on to the noun
                if !used && nothing_read && np.adjective.is_none() && self.is_adjective(hit, next_block) {
                    np.adjective = Some(hit.start);
                    t = token_index(self.tokens, hit.end);
                    continue;
                }
                if !used {
                    break; // a trigger or list intro ends the phrase
                }
                np.end = hit.end;
                np.last_token = Some(token_index(self.tokens, hit.end).saturating_sub(1));
                t = token_index(self.tokens, hit.end);
                // keep reading only through "and"/"of" to catch "police and national guard"
                continue;
            }
            let word = self.word_at(start);
            if rules.settings.noun_stops.iter().any(|w| *w == word) {
                break;
            }
            // "killed 12 and injured 40", "killed 12 and left …": a number
            // followed by "and" or "or" counts no noun of its own
            if nothing_read && matches!(&*word, "and" | "or") {
                break;
            }
            // "Twelve students and a teacher were abducted": one more person
            // named with "a" is counted apart ([`super::implicit`])
            if !nothing_read && word == "and" && self.tokens.get(t + 1).is_some_and(|&next| matches!(&*self.word_at(next), "a" | "an")) {
                break;
            }
            // "killed four workers and sent the others home": the head of
            // nouns no group lists before the first "and" or "or", which a
            // trigger before the number falls back on (`people_candidate`)
            if np.unknown_head.is_some() && np.people_group.is_none() && np.nouns.is_empty() && matches!(&*word, "and" | "or") {
                np.before_and.get_or_insert((np.end, np.last_token, np.unknown_head));
            }
            // "3 members of the family": the head stays before "of"; a
            // share's "of" ("two of the miners") comes before its noun
            past_of |= word == "of" && np.unknown_words;
            if !matches!(&*word, "and" | "of" | "or" | "the") {
                if np.people_group.is_some() || !np.nouns.is_empty() {
                    break; // the phrase ended with its noun
                }
                np.unknown_words = true;
                if !past_of {
                    np.unknown_head = Some(start);
                }
                np.end = self.token_end(start);
                np.last_token = Some(t);
            }
            t += 1;
        }
        np
    }

    /// Whether the lexicon hit `hit`, right after a number, is a trigger of
    /// a people kind used as an adjective: one word, and the next word,
    /// with no comma between, is a people group's term or a word no list
    /// stops a noun phrase at, links a trigger by, or counts nobody with
    /// ("two injured *guests*", not "two injured *were*", "12 dead *in*").
    fn is_adjective(&self, hit: &Hit, next_block: usize) -> bool {
        let rules = self.rules;
        let one_word = self.text.get(hit.start..hit.end).is_some_and(|w| w.chars().all(char::is_alphabetic));
        if !one_word || !super::context::is_people_trigger(rules, hit) {
            return false;
        }
        let Some(&next) = self.tokens.get(token_index(self.tokens, hit.end)).filter(|&&s| s < next_block) else { return false };
        if self.text.get(hit.end..next).is_none_or(|gap| !gap.trim().is_empty()) {
            return false;
        }
        if let Some(h) = self.hits.iter().find(|h| h.start == next) {
            return self.is_people_term(h);
        }
        let word = self.word_at(next);
        let listed = |list: &[String]| list.iter().any(|w| *w == word);
        word.chars().all(char::is_alphabetic)
            && !matches!(&*word, "and" | "or" | "of" | "the")
            && !listed(&rules.settings.noun_stops)
            && !listed(&rules.settings.after_links)
            && !self.counts_nobody(&word)
    }

    /// How many words from token `t` (the first after a number) say the
    /// number is a part of a whole figure before it: "of them" and "of
    /// whom", then "were", "was" or "are" if they follow ("12 of them
    /// children", "19 of whom were police officers"). `None` for any other
    /// words, or a comma between.
    fn of_them_after(&self, t: usize, next_block: usize) -> Option<usize> {
        let word = |k: usize| self.tokens.get(t + k).copied().filter(|&s| s < next_block).map(|s| (s, self.word_at(s)));
        let (of_at, of) = word(0)?;
        let (_, pronoun) = word(1)?;
        if of != "of" || !matches!(&*pronoun, "them" | "whom") {
            return None;
        }
        let linked = word(2).is_some_and(|(_, w)| matches!(&*w, "were" | "was" | "are"));
        let skipped = if linked { 3 } else { 2 };
        let end = self.tokens.get(t + skipped - 1).map_or(of_at, |&s| self.token_end(s));
        (!self.text.get(of_at..end).is_some_and(|gap| gap.contains(','))).then_some(skipped)
    }

    fn trigger(&self, kind: usize, m: &Mention, np: &NounPhrase, prev_block: usize, next_block: usize) -> Option<Trigger> {
        let rules = self.rules;
        let is_trigger = |h: &Hit| rules.lexicon.roles(h).contains(&TermRole::Trigger(kind));
        // "Troops rescue 38": a bare verb counts the figure after it only
        let is_trigger_before = |h: &Hit| is_trigger(h) || rules.lexicon.roles(h).contains(&TermRole::TriggerBefore(kind));
        let after_from = np.last_token.map_or_else(|| token_index(self.tokens, m.span.end), |t| t + 1);
        let after = self
            .hits
            .iter()
            .filter(|h| h.start >= m.span.end && h.start < next_block && is_trigger(h))
            .filter(|h| !self.speaks(h))
            .find(|h| !has_clause_break(self.text, m.span.end..h.start))
            .and_then(|h| {
                let to = token_index(self.tokens, h.start);
                // "12 miners who had been trapped for two days were brought
                // out": a trigger inside a relative clause tells which
                // people are meant; one after it is linked from its end
                let in_relative = np.relative.as_ref().is_some_and(|r| h.start < r.end);
                let from = match &np.relative {
                    Some(r) if !in_relative => token_index(self.tokens, r.end),
                    _ => after_from,
                };
                let between = self.tokens.get(from.min(to)..to).unwrap_or(&[]);
                // "Seven survivors remain in hospital": the trigger that is
                // the noun is passed over by the predicate's
                // ("Eleven of the survivors were taken to hospital": a share)
                let noun_trigger = np.last_token.is_none().then(|| self.trigger_as_noun(after_from)).flatten();
                let as_noun = noun_trigger.is_some_and(|(n, _)| n.start == h.start);
                let between = match noun_trigger {
                    Some((n, skipped)) if !as_noun && between.first() == self.tokens.get(after_from) && n.start < h.start => {
                        between.get(skipped..).unwrap_or(&[])
                    }
                    _ => between,
                };
                let words = self.outside_asides(between);
                let words = past_one_more_person(&words, &rules.settings.after_links);
                let linked = words.iter().all(|w| rules.settings.after_links.iter().any(|l| *l == *w));
                let distance = words.len();
                (linked && distance <= rules.settings.window_after).then_some(Trigger {
                    inside_noun: np.adjective == Some(h.start),
                    as_noun,
                    modifies_noun: in_relative || (np.last_token.is_some() && between.is_empty()),
                    in_relative,
                    range: h.start..h.end,
                    after: true,
                    distance,
                    past_comma: false,
                })
            });
        // "killed 12, injured 40": a trigger after a comma is the next
        // clause's when one stands before the number (never past a comma)
        let after_comma = after.as_ref().is_some_and(|t| {
            // past a relative clause, from its end: its commas are its own
            let clause_end = np.relative.as_ref().map(|r| r.end).filter(|&end| end <= t.range.start);
            let from = clause_end.unwrap_or(np.end.max(m.span.end)).min(t.range.start);
            self.text.get(from..t.range.start).is_some_and(|gap| gap.contains(','))
        });
        if after.is_some() && !after_comma {
            return after;
        }
        self.trigger_before(is_trigger_before, m, prev_block).or(after.map(|a| Trigger { past_comma: true, ..a }))
    }

    /// The trigger of a people kind at token `t` that is a plural noun, one
    /// word ("survivors", "evacuees"), or after "of the" there (a share:
    /// "Eleven *of the* survivors"), with the number of words through it:
    /// where it stands right after a number, it is what the number counts.
    fn trigger_as_noun(&self, t: usize) -> Option<(&Hit, usize)> {
        let mut at = t;
        if self.tokens.get(at).is_some_and(|&s| self.word_at(s) == "of") {
            at += 1;
            if self.tokens.get(at).is_some_and(|&s| matches!(&*self.word_at(s), "the" | "those" | "these")) {
                at += 1;
            }
        }
        let start = *self.tokens.get(at)?;
        let hit = self.hits.iter().find(|h| h.start == start)?;
        let word = self.text.get(hit.start..hit.end)?;
        let is_noun = word.chars().all(char::is_alphabetic) && looks_plural(&word.to_lowercase());
        (is_noun && super::context::is_people_trigger(self.rules, hit)).then_some((hit, at - t + 1))
    }

    /// Whether the trigger `h` is the subject of a verb of saying right after
    /// it: "It carried 450 people, *survivors* said" names who said it, not
    /// what befell the 450.
    fn speaks(&self, h: &Hit) -> bool {
        let Some(verbs) = &self.rules.attribution.verbs else { return false };
        let rest = self.text.get(h.end..self.range.end).unwrap_or("");
        let next = rest.trim_start();
        let word = next.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        next.len() < rest.len() && !word.is_empty() && verbs.exact().find(word).is_some_and(|v| v.range() == (0..word.len()))
    }

    /// The nearest trigger before `m` (by `is_trigger`), after `prev_block`,
    /// linked to the number by `before_links` words only, within
    /// `window_before` words, with no clause break and no comma between.
    fn trigger_before(&self, is_trigger: impl Fn(&Hit) -> bool, m: &Mention, prev_block: usize) -> Option<Trigger> {
        let rules = self.rules;
        let h = self
            .hits
            .iter()
            .rev()
            .filter(|h| h.end <= m.span.start && h.start >= prev_block && is_trigger(h))
            .find(|h| !has_clause_break(self.text, h.end..m.span.start))?;
        let (from, to) = (token_index(self.tokens, h.end), token_index(self.tokens, m.span.start));
        let between = self.tokens.get(from..to).unwrap_or(&[]);
        // "Of the 57 dead, 12 were children": a trigger before a comma
        // belongs to the clause before it
        let past_comma = self.text.get(h.end..m.span.start).is_some_and(|gap| gap.contains(','));
        // "arrested the factory's two owners": a possessive names whose
        // figure it is and links like "the" does
        let linked = !past_comma
            && between.iter().all(|&s| {
                let w = self.word_at(s);
                rules.settings.before_links.iter().any(|link| *link == w) || is_possessive_word(&w)
            });
        (linked && between.len() <= rules.settings.window_before).then_some(Trigger {
            range: h.start..h.end,
            after: false,
            distance: between.len(),
            past_comma: false,
            inside_noun: false,
            as_noun: false,
            modifies_noun: false,
            in_relative: false,
        })
    }

    /// An appositive set off by commas right after the counted noun, before
    /// the verb of the figure: who the people are ("Two people[, a shepherd
    /// and his 12-year-old son,] remain missing", "One worker[, 23-year-old
    /// Raju Paswan from Gaya,] is still missing") or a clause about them
    /// that opens with a relative pronoun ("2,500 residents[, who live
    /// within 2 km of the plant,] were evacuated"). Taken as one only when
    /// a link word or a people trigger follows the closing comma, at most
    /// fourteen words, and, but after a pronoun, no verb of saying, being or
    /// having and no figure inside ("12 people, police said, were killed"
    /// is no appositive).
    fn appositive_after(&self, from: usize) -> Option<Range<usize>> {
        const VERBS: [&str; 13] = ["is", "are", "was", "were", "has", "have", "had", "said", "says", "told", "will", "would", "say"];
        const PRONOUNS: [&str; 4] = ["who", "which", "whose", "whom"];
        let settings = &self.rules.settings;
        let rest = self.text.get(from..self.range.end)?;
        let inside = rest.strip_prefix(',')?;
        let close = inside.find(',')?;
        let stretch = inside.get(..close)?;
        let words: Vec<Cow<'_, str>> = stretch.split_whitespace().map(lowercased).collect();
        let first = words.first()?;
        if words.len() > 14 || stretch.contains([';', ':', '(', ')', '"', '“', '”']) || settings.aside_words.iter().any(|w| w == first)
        {
            return None;
        }
        let open = from + 1;
        let end = open + close;
        let relative = PRONOUNS.contains(&&**first);
        if !relative {
            fn bare(word: &str) -> &str {
                word.trim_matches(|c: char| !c.is_alphanumeric())
            }
            let counted = self.mentions.iter().any(|m| m.span.start >= open && m.span.start < end);
            // "12 people, police said, were killed": a source set off by
            // commas is an aside too
            let last = words.last().map_or("", |w| bare(w));
            let source_aside = words.len() <= 5 && matches!(last, "said" | "says" | "say" | "added" | "reported");
            let verb_inside = words.iter().any(|w| VERBS.contains(&bare(w)));
            if counted || matches!(&**first, "and" | "or" | "but") || (verb_inside && !source_aside) {
                return None;
            }
        }
        // the verb of the figure after the closing comma
        let next = *self.tokens.get(token_index(self.tokens, end + 1)).filter(|&&s| s < self.range.end)?;
        let word = self.word_at(next);
        let linked = settings.after_links.iter().any(|l| *l == word)
            || self.hits.iter().any(|h| h.start == next && super::context::is_people_trigger(self.rules, h));
        linked.then_some(open..end + 1)
    }

    /// "225 people, including 19 police officers, were killed": when an
    /// aside (a comma and an `aside_words` word) follows the noun phrase
    /// ending at `from`, the figures inside it do not block the search for
    /// the trigger after it: the block moves to the first mention after the
    /// aside's closing comma.
    fn past_aside(&self, from: usize, next_block: usize) -> usize {
        let Some(rest) = self.text.get(from..self.range.end) else { return next_block };
        let Some(after_comma) = rest.trim_start().strip_prefix(',') else { return next_block };
        let first = after_comma.trim_start();
        let word: String = first.chars().take_while(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
        if !self.rules.settings.aside_words.contains(&word) {
            return next_block;
        }
        let aside_start = self.range.end - first.len();
        let Some(close) = first.find(',') else { return next_block };
        let close = aside_start + close;
        self.mentions.iter().map(|m| m.span.start).find(|&s| s > close).unwrap_or(self.range.end).max(next_block)
    }

    /// The end of a place phrase starting at the token `s`: a `place_words`
    /// preposition, a number and a noun that counts nobody ("from seven
    /// villages", "in 12 provinces"), a name ("of Córrego Fundo",
    /// [`Self::named_place_after`]) or a determiner and a few words ("of
    /// the village", [`Self::determined_place_after`]); "of" leads one as a
    /// preposition of `place_words` does. Such a phrase after a counted
    /// noun neither breaks the link to a trigger after it nor blocks the
    /// search for one ("10,000 people from seven villages have been
    /// evacuated").
    fn place_phrase_at(&self, s: usize) -> Option<usize> {
        let settings = &self.rules.settings;
        // "400 residents [of Córrego Fundo] had been evacuated", "three
        // residents [of the village] were injured": "of" too
        let word = self.word_at(s);
        if word != "of" && !settings.place_words.iter().any(|w| *w == word) {
            return None;
        }
        let end = self.place_after(s)?;
        Some(self.joined_places_after(end))
    }

    /// [`Self::place_phrase_at`] without the places joined after it.
    fn place_after(&self, s: usize) -> Option<usize> {
        if let Some(end) = self.named_place_after(s) {
            return Some(end);
        }
        let after = self.token_end(s);
        if let Some(end) = self.determined_place_after(s) {
            return Some(end);
        }
        let number = self.mentions.iter().find(|m| m.span.start >= after && m.span.start < self.range.end)?;
        let gap = self.text.get(after..number.span.start)?;
        if !gap.trim().is_empty() || number.currency {
            return None;
        }
        let noun = self.tokens.get(token_index(self.tokens, number.span.end)).copied().filter(|&t| t < self.range.end)?;
        let between = self.text.get(number.span.end..noun)?;
        (between.trim().is_empty() && self.counts_nobody(&self.word_at(noun))).then(|| self.token_end(noun))
    }

    /// The end of a place phrase ending at `end` with more places joined
    /// to it by "and" or "of": a name ("of Pires and Lagoa Seca"), a
    /// determiner and a few words ("and the neighbouring communities"), or
    /// one or two plain words that a link word or a noun stop ends ("and
    /// nearby farms had been evacuated"). At most three more.
    fn joined_places_after(&self, mut end: usize) -> usize {
        let settings = &self.rules.settings;
        let token = |k: usize| self.tokens.get(k).copied().filter(|&start| start < self.range.end);
        let listed = |word: &str| settings.after_links.iter().chain(&settings.noun_stops).any(|w| *w == word);
        for _ in 0..3 {
            let t = token_index(self.tokens, end);
            let Some(joiner) = token(t).filter(|&j| matches!(&*self.word_at(j), "and" | "of")) else { break };
            if self.text.get(end..joiner).is_none_or(|gap| !gap.trim().is_empty()) {
                break;
            }
            let plain = || {
                let mut last = None;
                for k in t + 1..t + 3 {
                    let start = token(k)?;
                    let word = self.word_at(start);
                    if listed(&word) {
                        break;
                    }
                    let figure_or_term =
                        self.mentions.iter().any(|m| m.span.contains(&start)) || self.hits.iter().any(|h| h.start == start);
                    if !word.chars().all(char::is_alphabetic) || figure_or_term || matches!(&*word, "and" | "or" | "of") {
                        return None;
                    }
                    last = Some(self.token_end(start));
                }
                let next = last.and_then(|l| token(token_index(self.tokens, l)))?;
                listed(&self.word_at(next)).then_some(last).flatten()
            };
            match self.named_place_after(joiner).or_else(|| self.determined_place_after(joiner)).or_else(plain) {
                Some(more) => end = more,
                None => break,
            }
        }
        end
    }

    /// Whether the word starting at byte `start` starts with a capital.
    fn capitalised_at(&self, start: usize) -> bool {
        self.text.get(start..).and_then(|rest| rest.chars().next()).is_some_and(char::is_uppercase)
    }

    /// The end of a name of one to four capitalised words right after the
    /// word at token `s` ("from *Chandpur*", "of *Córrego Fundo*"), with
    /// single spaces between them and no figure among them.
    fn named_place_after(&self, s: usize) -> Option<usize> {
        const MAX_WORDS: usize = 4;
        let t = token_index(self.tokens, s) + 1;
        let mut last = self.token_end(s);
        let mut end = None;
        for k in t..t + MAX_WORDS {
            let Some(start) = self.tokens.get(k).copied().filter(|&start| start < self.range.end) else { break };
            let capitalised = self.capitalised_at(start);
            let gap_breaks = self.text.get(last..start).is_none_or(|gap| gap != " ");
            if !capitalised || gap_breaks || self.mentions.iter().any(|m| m.span.contains(&start)) {
                break;
            }
            last = self.token_end(start);
            end = Some(last);
        }
        // "of Lakhigam *village*", "of Lakhigam and Luvara *villages*": a
        // word that counts nobody (settings `not_counted`) after the name
        // is part of it
        let after = end.and_then(|e| self.tokens.get(token_index(self.tokens, e)).copied()).filter(|&t| t < self.range.end);
        if let Some(next) = after.filter(|&t| self.text.get(last..t) == Some(" ") && self.counts_nobody(&self.word_at(t))) {
            end = Some(self.token_end(next));
        }
        end
    }

    /// The end of a determiner and one to three words after the place word
    /// at token `s` ("from *the cargo vessel*", "on *the bus*"), up to a
    /// link word, a noun stop, a figure or a comma: the rest of a place
    /// phrase with no number in it.
    fn determined_place_after(&self, s: usize) -> Option<usize> {
        const DETERMINERS: [&str; 9] = ["the", "a", "an", "its", "their", "his", "her", "this", "that"];
        let settings = &self.rules.settings;
        let t = token_index(self.tokens, s) + 1;
        let token = |k: usize| self.tokens.get(k).copied().filter(|&start| start < self.range.end);
        let determiner = token(t)?;
        if !DETERMINERS.contains(&&*self.word_at(determiner)) || self.mentions.iter().any(|m| m.span.contains(&determiner)) {
            return None;
        }
        let mut end = None;
        let mut last = self.token_end(determiner);
        for k in t + 1..t + 4 {
            let Some(start) = token(k) else { break };
            let word = self.word_at(start);
            let stops = settings.after_links.iter().chain(&settings.noun_stops).any(|w| *w == word);
            let gap_breaks = self.text.get(last..start).is_none_or(|gap| !gap.trim().is_empty());
            if stops || gap_breaks || self.mentions.iter().any(|m| m.span.contains(&start)) {
                break;
            }
            last = self.token_end(start);
            end = Some(last);
        }
        end
    }

    /// The block after a counted noun ending at `from`, moved past a place
    /// phrase right after it ([`Self::place_phrase_at`]) to the first
    /// mention after that phrase.
    fn past_place(&self, from: usize, next_block: usize) -> usize {
        let Some(&first) = self.tokens.get(token_index(self.tokens, from)) else { return next_block };
        let Some(end) = self.place_phrase_at(first).filter(|_| first < next_block) else { return next_block };
        if self.text.get(from..first).is_none_or(|gap| !gap.trim().is_empty()) {
            return next_block;
        }
        self.mentions.iter().map(|m| m.span.start).find(|&s| s >= end).unwrap_or(self.range.end).max(next_block)
    }

    /// A relative clause right after a counted noun ending at `from`, from
    /// its pronoun to the word where the main clause goes on: "12 miners
    /// [who had been trapped for two days] were brought out alive", "400
    /// passengers [who were not hurt] were evacuated", "five people [that
    /// were trapped] died". The clause is the pronoun ("who", or "that" and
    /// "which" before a verb of being), its auxiliaries, its verb (one word
    /// or one lexicon term) and up to eight words more, ending at a finite
    /// verb of being or having or at a trigger of a people kind after no
    /// "and", "or", preposition or determiner ("one guard who died of his
    /// *injuries*" has no main verb); or, with no main verb, at a comma, a clause break
    /// or the sentence's end ("killed 12 miners [who were trapped
    /// underground]": killed, the trigger before). `None` past eight words
    /// with neither. A clause with no pronoun opened by a people trigger
    /// ("38 of the students [abducted from the school] have been rescued")
    /// is one only up to a main verb: "rescued 23 people trapped in the
    /// coaches" has none, and its participle ranks as before.
    fn relative_clause_after(&self, from: usize) -> Option<Range<usize>> {
        const AUXILIARIES: [&str; 13] = ["had", "have", "has", "were", "was", "is", "are", "been", "being", "be", "not", "never", "still"];
        const FINITE: [&str; 13] =
            ["were", "was", "are", "is", "have", "has", "had", "remain", "remains", "remained", "will", "would", "could"];
        const NOT_BEFORE_A_VERB: [&str; 20] = [
            "and", "or", "of", "his", "her", "their", "its", "the", "a", "an", "from", "with", "to", "in", "by", "for", "after", "on",
            "at", "into",
        ];
        const MAX_WORDS: usize = 8;
        let t = token_index(self.tokens, from);
        let token = |k: usize| self.tokens.get(k).copied().filter(|&start| start < self.range.end);
        let pronoun = token(t)?;
        if self.text.get(from..pronoun).is_none_or(|gap| !gap.trim().is_empty()) {
            return None;
        }
        // "38 of the students [abducted from the school] have been
        // rescued": a people trigger right after the noun opens a clause
        // with no pronoun, taken as one only when a main verb follows
        let reduced = self.hits.iter().any(|h| h.start == pronoun && super::context::is_people_trigger(self.rules, h));
        let mut k = t + 1;
        if !reduced {
            let first = token(t + 1)?;
            match &*self.word_at(pronoun) {
                "who" => {}
                "that" | "which" if matches!(&*self.word_at(first), "were" | "was" | "are" | "is" | "had" | "have" | "has") => {}
                _ => return None,
            }
            while token(k).is_some_and(|s| AUXILIARIES.contains(&&*self.word_at(s))) {
                k += 1;
            }
        } else {
            k = t;
        }
        // the clause's verb: one word, or a lexicon term ("taken to hospital")
        let verb = token(k)?;
        k = match self.hits.iter().find(|h| h.start == verb) {
            Some(hit) => token_index(self.tokens, hit.end),
            None => k + 1,
        };
        let mut limit = k + MAX_WORDS;
        // where commas are looked for from: past the names set off by
        // commas in a clause with no pronoun ("abducted from Government
        // Secondary School[, Dogon Daji,] in Bakura[,] have been rescued")
        let mut checked_from = pronoun;
        let mut names = 0;
        while k <= limit {
            let Some(start) = token(k) else { return (!reduced).then_some(pronoun..self.range.end) };
            let word = self.word_at(start);
            let clause_ends = |gap: &str| gap.contains(',') || has_clause_break(gap, 0..gap.len());
            if let Some(gap) = self.text.get(checked_from..start).filter(|gap| clause_ends(gap)) {
                if reduced {
                    if names > 0 && FINITE.contains(&&*word) && !has_clause_break(gap, 0..gap.len()) {
                        return Some(pronoun..start);
                    }
                    let next = self.name_set_off_from(k).filter(|_| names < 3)?;
                    names += 1;
                    k = next;
                    checked_from = token(k)?;
                    limit = k + MAX_WORDS;
                    continue;
                }
                let end = gap.find(',').into_iter().chain(gap.find([';', ':', '(', ')', '[', ']', '\n'])).min().unwrap_or(gap.len());
                return Some(pronoun..checked_from + end);
            }
            // "14 people died and another 87 were injured": a verb, no
            // clause; one with no pronoun runs past no "and", "or" or figure
            if reduced && (matches!(&*word, "and" | "or") || self.mentions.iter().any(|m| m.span.contains(&start))) {
                return None;
            }
            // "trapped and injured": one clause; "died of his injuries": a
            // noun after a preposition or determiner, no main verb
            let joined = self.tokens.get(k - 1).is_some_and(|&p| NOT_BEFORE_A_VERB.contains(&&*self.word_at(p)));
            let trigger = self.hits.iter().any(|h| h.start == start && super::context::is_people_trigger(self.rules, h));
            if FINITE.contains(&&*word) || (trigger && !joined) {
                return Some(pronoun..start);
            }
            k += 1;
        }
        None
    }

    /// The token after a name set off by commas that starts at token `k`
    /// (right after a comma): one to six capitalised words, the first of
    /// them maybe a `place_words` preposition, then a comma ("Dogon
    /// Daji,", "in Bakura Local Government Area,").
    fn name_set_off_from(&self, k: usize) -> Option<usize> {
        const MAX_WORDS: usize = 6;
        let token = |k: usize| self.tokens.get(k).copied().filter(|&start| start < self.range.end);
        let place_word = |start: usize| self.rules.settings.place_words.iter().any(|w| *w == self.word_at(start));
        let mut last = None;
        for (n, j) in (k..k + MAX_WORDS).enumerate() {
            let start = token(j)?;
            if let Some(end) = last {
                let gap = self.text.get(end..start)?;
                if gap.trim() == "," {
                    return Some(j);
                }
                if !gap.trim().is_empty() {
                    return None;
                }
            }
            let fits = self.capitalised_at(start) || (n == 0 && place_word(start));
            if !fits || self.mentions.iter().any(|m| m.span.contains(&start)) {
                return None;
            }
            last = Some(self.token_end(start));
        }
        None
    }

    /// "The suspect, 24, had been arrested": a whole number below 130 set
    /// off by commas right after a word, with no word of its own, is an
    /// age, not a count.
    fn is_appositive_age(&self, m: &Mention) -> bool {
        let q = &m.quantity;
        let small = q.value_max.is_none() && q.value.fract() == 0.0 && q.value < 130.0;
        let before = self.text.get(self.range.start..m.span.start).unwrap_or("").trim_end_matches([' ', '\u{a0}']);
        let after = self.text.get(m.span.end..self.range.end).unwrap_or("").trim_start_matches([' ', '\u{a0}']);
        let after_a_word = before.strip_suffix(',').is_some_and(|b| b.chars().next_back().is_some_and(char::is_alphabetic));
        small && !m.currency && after_a_word && after.starts_with(',')
    }

    /// "Another 12 people were killed", "a further 12", "12 more bodies",
    /// "3 additional troops": a number added to an earlier count, not a
    /// count; read as one, it would be compared with the totals.
    fn is_increment(&self, m: &Mention) -> bool {
        const ADDED: [&str; 4] = ["more", "additional", "further", "extra"];
        let next = self.tokens.get(token_index(self.tokens, m.span.end)).copied().filter(|&s| s < self.range.end);
        let added_before = |word: Cow<'_, str>| word == "another" || ADDED.contains(&&*word);
        self.word_before(m).is_some_and(added_before) || next.is_some_and(|s| ADDED.contains(&&*self.word_at(s)))
    }

    /// The word of the sentence right before `m`, lower-cased.
    fn word_before(&self, m: &Mention) -> Option<Cow<'_, str>> {
        let before = token_index(self.tokens, m.span.start);
        let previous = before.checked_sub(1).and_then(|b| self.tokens.get(b)).copied().filter(|&s| s >= self.range.start);
        previous.map(|s| self.word_at(s))
    }

    /// "103 of the deaths", "two of them", "16 of whom": a share of a figure
    /// named elsewhere, not a figure of its own.
    fn is_partitive(&self, m: &Mention) -> bool {
        if m.number.in_words && m.number.quantity.qualifier != crate::model::Qualifier::Exact {
            return false; // "hundreds of", "dozens of": the "of" is part of the number
        }
        let t = token_index(self.tokens, m.span.end);
        let word = |k: usize| self.tokens.get(k).filter(|&&s| s < self.range.end).map(|&s| self.word_at(s));
        word(t).as_deref() == Some("of")
            && matches!(word(t + 1).as_deref(), Some("the" | "them" | "whom" | "those" | "these" | "its" | "their" | "all" | "which"))
    }

    /// The reading of the share `m` ("seven *of them* remain in critical
    /// condition") by a `from_shares` kind whose trigger follows it, if any.
    fn share_of_another_count(&self, m: &Mention, np: &NounPhrase, i: usize) -> Option<Reading> {
        let (prev_block, next_block) = self.bounds(i);
        // the trigger is looked for after "of them", "of whom were"
        let first = token_index(self.tokens, m.span.end);
        let skipped = self.of_them_after(first, next_block)?;
        let np = &NounPhrase { last_token: np.last_token.or(Some(first + skipped - 1)), ..np.clone() };
        let c = self
            .rules
            .kinds
            .iter()
            .enumerate()
            .filter(|(_, kind)| kind.from_shares && kind.counts == Counts::People)
            .filter_map(|(k, _)| self.people_candidate(k, m, np, prev_block, next_block))
            .filter(|c| c.trigger.as_ref().is_some_and(|t| t.after))
            .min_by_key(|c| c.rank)?;
        let trigger = c.trigger.as_ref()?;
        let kind_id = self.rules.kinds.get(c.kind).map_or("", |k| k.id.as_str());
        Some(Reading {
            increment: false,
            lowered: None,
            raised: None,
            kind: c.kind,
            group: c.group,
            quantity: m.quantity,
            quote: m.span.start..trigger.range.end.max(m.span.end),
            rule: format!("frame/{kind_id}"),
            mention: Some(i),
            how: format!("a share of another count, trigger `{}` after the number", self.text.get(trigger.range.clone()).unwrap_or("")),
        })
    }

    /// Whether a partitive's noun phrase ("two of the *guards*") names a
    /// people group other than everyone's: the number then counts that
    /// group's people.
    fn shares_a_named_group(&self, np: &NounPhrase) -> bool {
        !np.of_them
            && np.people_group.and_then(|g| self.rules.groups.get(g)).is_some_and(|g| g.role == GroupRole::People && g.id != "total")
    }

    /// The words of `tokens` outside comma-delimited asides that start with
    /// an `aside_words` word ("5,800 people[, including foreigners,] had
    /// been detained").
    fn outside_asides(&self, tokens: &[usize]) -> Vec<Cow<'_, str>> {
        let mut words = Vec::with_capacity(tokens.len());
        let mut in_aside = false;
        let mut place_end = 0;
        for &s in tokens {
            if s < place_end {
                continue;
            }
            // "10,000 people [from seven villages] were evacuated"
            if let Some(end) = self.place_phrase_at(s) {
                place_end = end;
                continue;
            }
            let word = self.word_at(s);
            let after_comma = self.text.get(..s).is_some_and(|t| t.trim_end().ends_with(','));
            if after_comma {
                in_aside = self.rules.settings.aside_words.iter().any(|w| *w == word);
            }
            if !in_aside {
                words.push(word);
            }
        }
        words
    }

    pub(super) fn organisation_near(&self, pos: usize) -> Option<String> {
        let rules = self.rules;
        self.hits
            .iter()
            .filter_map(|h| {
                rules.lexicon.roles(h).iter().find_map(|r| match *r {
                    TermRole::Group(g) => {
                        rules.groups.get(g).filter(|g| g.role == GroupRole::Organisation).map(|g| (h.start.abs_diff(pos), g.id.clone()))
                    }
                    _ => None,
                })
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, id)| id)
    }

    /// Reads every mention not consumed by an idiom or list; `earlier` are
    /// the sentence's idiom and list readings.
    pub fn read(&self, earlier: &[Reading]) -> Vec<Option<Reading>> {
        let rules = self.rules;
        let mut out: Vec<Option<Reading>> = Vec::with_capacity(self.mentions.len());
        let mut pending: Vec<Option<(usize, NounPhrase)>> = Vec::new();
        // readings of a things kind with no trigger whose noun is also a
        // people term ("3 soldiers"): a people trigger shared with a figure
        // joined by "and" takes them over ([`Sentence::coordinate`])
        let mut replaceable: Vec<bool> = vec![false; self.mentions.len()];
        for (i, m) in self.mentions.iter().enumerate() {
            pending.push(None);
            if m.consumed {
                out.push(None);
                continue;
            }
            // "another 87": read, and kept when the article gives no other
            // figure of its kind ([`Reading::increment`]); "12 more", "a
            // further 12" never
            let increment = self.is_increment(m);
            if increment && self.word_before(m).is_none_or(|w| w != "another") {
                out.push(None);
                continue;
            }
            if self.is_appositive_age(m) {
                out.push(None);
                continue;
            }
            // a partitive read as its group's figure: only by a people trigger
            let mut share_of_group = false;
            // "Eleven of the survivors were taken to hospital": a share of
            // people a trigger names ("survivors"), read only by another
            // kind's trigger after it ("103 of the deaths" stays a share)
            let mut share_of_trigger_noun = false;
            if self.is_partitive(m) {
                // "57 people died, 12 of them children": only a part of a
                // whole before it in the sentence ([`Sentence::included_parts`])
                let (_, next_block) = self.bounds(i);
                let np = self.noun_phrase(m, next_block);
                let counts_unknown_people = np.people_group.is_none() && np.unknown_words && self.may_count_people(&np, m);
                let names_people = np.people_group.is_some() || counts_unknown_people;
                // "38 of the abducted students": a noun no group lists
                // names its own people, as a group does
                let named_group = self.shares_a_named_group(&np) || (counts_unknown_people && !np.of_them);
                // "31 people were injured, seven of them in critical
                // condition": a share read by a `from_shares` kind's trigger
                let share_reading = if np.of_them { self.share_of_another_count(m, &np, i) } else { None };
                share_of_trigger_noun = !named_group
                    && !np.of_them
                    && np.people_group.is_none()
                    && self.trigger_as_noun(token_index(self.tokens, m.span.end)).is_some_and(|(_, through)| through > 1);
                if np.of_them && names_people {
                    if let Some(slot) = pending.last_mut() {
                        *slot = Some((i, np));
                    }
                }
                // "Two of the guards were killed": a share of a group, not of
                // a figure, is that group's figure ("12 of the victims" and
                // "103 of the deaths" stay shares: everyone's terms)
                if let Some(reading) = share_reading {
                    out.push(Some(reading));
                    continue;
                }

                if !named_group && !share_of_trigger_noun {
                    out.push(None);
                    continue;
                }
                share_of_group = true;
            }
            let (prev_block, next_block) = self.bounds(i);
            let mut np = self.noun_phrase(m, next_block);
            // "…her two daughters. All three survived": people named before,
            // counted again, not a count of the event's
            if np.last_token.is_none() && self.word_before(m).is_some_and(|w| w == "all" || w == "both") {
                out.push(None);
                continue;
            }
            let next_block = self.past_aside(np.end.max(m.span.end), next_block);
            let next_block = self.past_place(np.end.max(m.span.end), next_block);
            np.relative = np.last_token.and_then(|_| {
                // an appositive may follow a place phrase ("2,500 residents
                // of Lakhigam village, which lies within 2 km of the plant,")
                let place_end = || self.tokens.get(token_index(self.tokens, np.end)).and_then(|&s| self.place_phrase_at(s));
                self.relative_clause_after(np.end).or_else(|| self.appositive_after(place_end().unwrap_or(np.end)))
            });
            let next_block = match &np.relative {
                Some(r) => self.mentions.iter().map(|m| m.span.start).find(|&s| s >= r.end).unwrap_or(self.range.end).max(next_block),
                None => next_block,
            };
            let mut best: Option<Candidate> = None;
            for (k, kind) in rules.kinds.iter().enumerate() {
                let candidate = match kind.counts {
                    Counts::People => {
                        if np.people_group.is_none() && !np.nouns.is_empty() {
                            continue;
                        }
                        let Some(candidate) = self.people_candidate(k, m, &np, prev_block, next_block) else { continue };
                        candidate
                    }
                    Counts::Things => {
                        let is_money = kind.unit.as_deref() == Some("USD");
                        let named = np.nouns.contains(&k) || (m.currency && is_money);
                        if !named || (m.currency && !is_money) {
                            continue;
                        }
                        let trigger = self.trigger(k, m, &np, prev_block, next_block);
                        if !kind.triggers.is_empty() && trigger.is_none() {
                            continue;
                        }
                        let organisation = self.organisation_near(m.span.start);
                        if kind.needs_organisation && organisation.is_none() {
                            continue;
                        }
                        let group = Some(organisation.unwrap_or_else(|| kind.default_group.clone()));
                        let rank = rank(trigger.as_ref(), k);
                        Candidate { kind: k, group, trigger, rank }
                    }
                };
                if best.as_ref().is_none_or(|b| candidate.rank < b.rank) {
                    best = Some(candidate);
                }
            }
            // "12 crew members were detained", "killed 40 paratroopers": a noun
            // of a things kind that no such kind reads by a trigger counts
            // people when a people trigger follows it or stands right
            // before the number
            if best.as_ref().is_none_or(|b| b.trigger.is_none()) && np.people_group.is_none() {
                let as_people = np.as_unknown_noun().and_then(|as_people| {
                    rules
                        .kinds
                        .iter()
                        .enumerate()
                        .filter(|(_, kind)| kind.counts == Counts::People)
                        .filter_map(|(k, _)| self.people_candidate(k, m, &as_people, prev_block, next_block))
                        .filter(|c| c.trigger.as_ref().is_some_and(|t| t.after || t.distance == 0))
                        .min_by_key(|c| c.rank)
                });
                best = as_people.or(best);
            }
            // "200 of the soldiers were Russian": no trigger, a share of the
            // soldiers counted before, not a count of troops
            let triggered_people =
                best.as_ref().is_some_and(|c| c.trigger.is_some() && rules.kinds.get(c.kind).is_some_and(|k| k.counts == Counts::People));
            // "312 of the inmates who escaped … have been recaptured": a
            // trigger in a relative clause describes the group, it does not
            // count the share
            let through_relative = || {
                best.as_ref().and_then(|c| c.trigger.as_ref()).is_some_and(|t| {
                    // "312 of the inmates [who escaped] were recaptured"
                    t.in_relative
                        || self.text.get(np.end.min(t.range.start)..t.range.start).is_some_and(|gap| {
                            gap.split(|c: char| !c.is_alphabetic())
                                .any(|w| ["who", "whom", "which", "that"].iter().any(|r| w.eq_ignore_ascii_case(r)))
                        })
                })
            };
            let by_the_noun = || best.as_ref().and_then(|c| c.trigger.as_ref()).is_some_and(|t| t.as_noun);
            if share_of_group && (!triggered_people || through_relative() || (share_of_trigger_noun && by_the_noun())) {
                out.push(None);
                continue;
            }
            let untriggered_things =
                best.as_ref().is_some_and(|c| c.trigger.is_none() && rules.kinds.get(c.kind).is_some_and(|k| k.counts == Counts::Things));
            match best {
                Some(c) => {
                    let mut quote = m.span.start..np.end.max(m.span.end);
                    if let Some(t) = &c.trigger {
                        quote = quote.start.min(t.range.start)..quote.end.max(t.range.end);
                    }
                    let kind_id = rules.kinds.get(c.kind).map_or("", |k| k.id.as_str());
                    let how = match &c.trigger {
                        Some(t) => format!(
                            "trigger `{}` {} the number",
                            self.text.get(t.range.clone()).unwrap_or(""),
                            if t.after { "after" } else { "before" }
                        ),
                        None => "counted noun after the number".to_string(),
                    };
                    out.push(Some(Reading {
                        lowered: None,
                        raised: None,
                        increment,
                        kind: c.kind,
                        group: c.group,
                        quantity: m.quantity,
                        quote,
                        rule: format!("frame/{kind_id}"),
                        mention: Some(i),
                        how,
                    }));
                    if untriggered_things && np.people_group.is_some() {
                        if let (Some(flag), Some(slot)) = (replaceable.get_mut(i), pending.last_mut()) {
                            *flag = true;
                            *slot = Some((i, np));
                        }
                    }
                }
                None => {
                    if np.people_group.is_some() || (np.unknown_words && self.may_count_people(&np, m)) {
                        if let Some(slot) = pending.last_mut() {
                            *slot = Some((i, np));
                        }
                    }
                    out.push(None);
                }
            }
        }
        self.coordinate(&mut out, &pending, &replaceable);
        self.share_trigger_before(&mut out, &pending, &replaceable);
        self.included_parts(&mut out, &pending);
        self.earlier_figures(&mut out, earlier);
        self.borrow_groups(&mut out);
        out
    }

    /// "300 people were wounded on Sunday, up from 250 on Saturday": a
    /// figure no rule read, right after "up from", "down from", "revised
    /// from" or "compared with", is an earlier figure of the nearest
    /// reading before it in the sentence (a frame's, or one of the idiom and
    /// list readings `others`), and takes its kind and group.
    fn earlier_figures(&self, out: &mut [Option<Reading>], others: &[Reading]) {
        for i in 0..out.len() {
            if out.get(i).is_some_and(Option::is_some) {
                continue;
            }
            let Some(m) = self.mentions.get(i).filter(|m| !m.consumed) else { continue };
            let before = token_index(self.tokens, m.span.start);
            let token = |k: usize| before.checked_sub(k).and_then(|b| self.tokens.get(b)).copied().filter(|&s| s >= self.range.start);
            let (Some(first), Some(second)) = (token(2), token(1)) else { continue };
            let joined = matches!(
                (&*self.word_at(first), &*self.word_at(second)),
                ("up" | "down" | "revised" | "rising" | "falling" | "increased" | "decreased", "from") | ("compared", "with" | "to")
            );
            if !joined {
                continue;
            }
            let before_it = |r: &&Reading| r.quote.start < m.span.start;
            let framed = out.get(..i).unwrap_or(&[]).iter().flatten();
            let Some(later) = framed.chain(others).filter(before_it).max_by_key(|r| r.quote.start) else { continue };
            let later_counts_people = self.rules.kinds.get(later.kind).is_some_and(|k| k.counts == Counts::People);
            if later_counts_people && m.currency {
                continue;
            }
            let later_quote = single_spaced(self.text.get(later.quote.clone()).unwrap_or(""));
            let reading = Reading {
                increment: false,
                lowered: None,
                raised: None,
                kind: later.kind,
                group: later.group.clone(),
                quantity: m.quantity,
                quote: first..m.span.end,
                rule: later.rule.clone(),
                mention: Some(i),
                how: format!("an earlier figure of «{later_quote}»"),
            };
            if let Some(slot) = out.get_mut(i) {
                *slot = Some(reading);
            }
        }
    }

    /// "26 criminals and 18 officers had been killed": a figure with a
    /// people noun but no trigger takes the kind of the coordinated figure
    /// after it.
    fn coordinate(&self, out: &mut [Option<Reading>], pending: &[Option<(usize, NounPhrase)>], replaceable: &[bool]) {
        for (i, p) in pending.iter().enumerate().rev() {
            let Some((_, np)) = p else { continue };
            if out.get(i).is_some_and(Option::is_some) && !replaceable.get(i).copied().unwrap_or(false) {
                continue;
            }
            let Some(next) = self.mentions.get(i + 1) else { continue };
            let Some(Some(next_reading)) = out.get(i + 1) else { continue };
            // "Fourteen bodies were recovered, including three children, and
            // 27 people were treated": a part of the figure before it
            // (`included_parts`), not a subject of the next clause
            if self.mentions.get(i).is_some_and(|m| self.part_word_before(m).is_some()) {
                continue;
            }
            if self.rules.kinds.get(next_reading.kind).is_none_or(|k| k.counts != Counts::People) {
                continue;
            }
            let from = token_index(self.tokens, np.end);
            let to = token_index(self.tokens, next.span.start);
            let joined = self
                .tokens
                .get(from..to)
                .unwrap_or(&[])
                .iter()
                .all(|&s| matches!(&*self.word_at(s), "and" | "or" | "as" | "well" | "plus"));
            if !joined || has_clause_break(self.text, np.end..next.span.start) {
                continue;
            }
            let Some(m) = self.mentions.get(i) else { continue };
            let group = self.people_group_of(np);
            let (kind, rule) = (next_reading.kind, next_reading.rule.clone());
            let next_quote = single_spaced(self.text.get(next_reading.quote.clone()).unwrap_or(""));
            if let Some(slot) = out.get_mut(i) {
                *slot = Some(Reading {
                    increment: false,
                    lowered: None,
                    raised: None,
                    kind,
                    group,
                    quantity: m.quantity,
                    quote: m.span.start..np.end,
                    rule,
                    mention: Some(i),
                    how: format!("joined by \"and\" to the next figure, «{next_quote}», whose trigger it shares"),
                });
            }
        }
    }

    /// "Troops killed 26 militants and 18 civilians": a figure with a people
    /// noun but no trigger, joined by "and" (or "or", "plus", "as well as")
    /// to the figure before it, shares that figure's trigger when it stands
    /// before the number, and so its kind.
    fn share_trigger_before(&self, out: &mut [Option<Reading>], pending: &[Option<(usize, NounPhrase)>], replaceable: &[bool]) {
        for (i, p) in pending.iter().enumerate() {
            let Some((_, np)) = p else { continue };
            if out.get(i).is_some_and(Option::is_some) && !replaceable.get(i).copied().unwrap_or(false) {
                continue;
            }
            let (Some(m), Some(prev)) = (self.mentions.get(i), i.checked_sub(1).and_then(|b| self.mentions.get(b))) else { continue };
            let Some(Some(prev_reading)) = i.checked_sub(1).and_then(|b| out.get(b)) else { continue };
            let people = self.rules.kinds.get(prev_reading.kind).is_some_and(|k| k.counts == Counts::People);
            // the trigger stands before the figure: its quote starts there
            if !people || prev_reading.quote.start >= prev.span.start || prev_reading.quote.end > m.span.start {
                continue;
            }
            let (from, to) = (token_index(self.tokens, prev_reading.quote.end), token_index(self.tokens, m.span.start));
            let words: Vec<Cow<'_, str>> = self.tokens.get(from..to).unwrap_or(&[]).iter().map(|&s| self.word_at(s)).collect();
            let between = words.join(" ");
            let joined = matches!(between.as_str(), "and" | "or" | "plus" | "as well as");
            if !joined || has_clause_break(self.text, prev_reading.quote.end..m.span.start) {
                continue;
            }
            let trigger_text = self.text.get(prev_reading.quote.start..prev.span.start).unwrap_or("");
            let how = format!(
                "joined by \"{between}\" to the figure before it, whose trigger «{}» it shares",
                single_spaced(trigger_text.trim())
            );
            let (kind, rule) = (prev_reading.kind, prev_reading.rule.clone());
            if let Some(slot) = out.get_mut(i) {
                *slot = Some(Reading {
                    increment: false,
                    lowered: None,
                    raised: None,
                    kind,
                    group: self.people_group_of(np),
                    quantity: m.quantity,
                    quote: m.span.start..np.end,
                    rule,
                    mention: Some(i),
                    how,
                });
            }
        }
    }

    /// The group a people noun phrase names: a declared group's id, or for
    /// a noun no group lists, the noun's own ([`Sentence::unknown_group`]).
    fn people_group_of(&self, np: &NounPhrase) -> Option<String> {
        match np.people_group.and_then(|g| self.rules.groups.get(g)) {
            // "38 people aged over 70": an age band makes everyone a part
            Some(g) if g.id == "total" => Some(self.age_band_after(np.end).map_or_else(|| g.id.clone(), |band| format!("aged_{band}"))),
            Some(g) => Some(g.id.clone()),
            // "about 40 guests and staff": two sorts of people no group
            // lists, joined, are everyone, not the last of them
            None if np.unknown_words && self.joins_two_sorts_of_people(np) => Some("total".to_string()),
            None if np.unknown_words => Some(self.unknown_group(np)),
            None => None,
        }
    }

    /// Whether `np` runs on past "and" or "or" from one noun no group lists
    /// that may count people to another ("guests and staff"), both plural
    /// or collective and neither a `not_counted` word.
    fn joins_two_sorts_of_people(&self, np: &NounPhrase) -> bool {
        let counts_people = |head: usize| {
            let noun = self.word_at(head);
            looks_plural(&noun) && noun.chars().all(char::is_alphabetic) && !self.counts_nobody(&noun)
        };
        let first = np.before_and.and_then(|(_, _, head)| head);
        matches!((first, np.unknown_head), (Some(a), Some(b)) if a != b && counts_people(a) && counts_people(b))
    }

    /// "225 people had died, including 19 police officers": a people figure
    /// with no trigger, introduced by a `part_words` word or followed by
    /// "of them" ("57 people died, 12 of them children"), is a part of the
    /// nearest people figure before it and takes its kind.
    fn included_parts(&self, out: &mut [Option<Reading>], pending: &[Option<(usize, NounPhrase)>]) {
        for (i, p) in pending.iter().enumerate() {
            let Some((_, np)) = p else { continue };
            if out.get(i).is_some_and(Option::is_some) {
                continue;
            }
            let Some(m) = self.mentions.get(i) else { continue };
            let Some(prev_token) = self.part_word_before(m).or_else(|| np.of_them.then_some(m.span.start)) else { continue };
            let whole = out
                .get(..i)
                .unwrap_or(&[])
                .iter()
                .rev()
                .flatten()
                .find(|r| self.rules.kinds.get(r.kind).is_some_and(|k| k.counts == Counts::People));
            let Some(whole) = whole else { continue };
            let (kind, rule) = (whole.kind, whole.rule.clone());
            let whole_quote = single_spaced(self.text.get(whole.quote.clone()).unwrap_or(""));
            let group = self.people_group_of(np);
            if let Some(slot) = out.get_mut(i) {
                *slot = Some(Reading {
                    increment: false,
                    lowered: None,
                    raised: None,
                    kind,
                    group,
                    quantity: m.quantity,
                    quote: prev_token..np.end,
                    rule,
                    mention: Some(i),
                    how: format!("a part of the figure before it, «{whole_quote}»"),
                });
            }
        }
    }

    /// Where the `part_words` word that introduces `m` starts: the word
    /// right before the number ("including 19"), or the one before a
    /// pronoun standing for the whole ("among them 15", "among whom 15").
    fn part_word_before(&self, m: &Mention) -> Option<usize> {
        let is_part_word = |start: usize| self.rules.settings.part_words.iter().any(|w| *w == self.word_at(start));
        let before = token_index(self.tokens, m.span.start);
        let prev = |k: usize| before.checked_sub(k).and_then(|b| self.tokens.get(b)).copied().filter(|&s| s >= self.range.start);
        let word = prev(1)?;
        if is_part_word(word) {
            return Some(word);
        }
        let pronoun = matches!(&*self.word_at(word), "them" | "whom" | "those" | "these");
        prev(2).filter(|&w| pronoun && is_part_word(w))
    }

    /// "… were injured and eight killed": a people figure with no noun
    /// takes the group of the people figure before it in the sentence.
    fn borrow_groups(&self, out: &mut [Option<Reading>]) {
        let mut last_group: Option<String> = None;
        for r in out.iter_mut().flatten() {
            let Some(kind) = self.rules.kinds.get(r.kind) else { continue };
            if kind.counts != Counts::People {
                continue;
            }
            match &r.group {
                Some(g) => last_group = Some(g.clone()),
                None => {
                    r.group = Some(match &last_group {
                        Some(g) => {
                            r.how.push_str(&format!("; group `{g}` borrowed from the figure before"));
                            g.clone()
                        }
                        None => kind.default_group.clone(),
                    });
                }
            }
        }
    }
}

/// Where the word starting at byte `start` of `text` ends: the first
/// character that is not alphanumeric, `-`, `'` or `’`. Runs of ASCII
/// letters and digits are stepped over eight bytes at a time, with the
/// hyphens and apostrophes between them; at the first byte outside ASCII
/// the search goes on character by character.
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    loop {
        i = crate::ascii::alphanumerics_end(bytes, i);
        match bytes.get(i) {
            Some(b'-' | b'\'') => i += 1,
            Some(b) if !b.is_ascii() => break,
            _ => return i,
        }
    }
    let rest = text.get(i..).unwrap_or("");
    i + rest.find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '\'' | '’'))).unwrap_or(rest.len())
}

/// `word` in lower case, borrowed when it is ASCII with no capital (most
/// words of a text): the phrase readers look at every word near a figure,
/// and copying each to the heap was a sixth of [`Sentence::word_at`]'s
/// instructions (callgrind, 10k generated documents: 108 → 89 M).
fn lowercased(word: &str) -> Cow<'_, str> {
    if !word.is_ascii() {
        Cow::Owned(word.to_lowercase())
    } else if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

#[cfg(test)]
mod tests {
    use super::{is_possessive_word, lowercased, word_end};
    use std::borrow::Cow;

    #[test]
    fn a_word_ends_where_the_plain_definition_says() {
        let plain = |text: &str, start: usize| {
            let rest = &text[start..];
            start + rest.find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '\'' | '’'))).unwrap_or(rest.len())
        };
        let pieces = ["police", " ", "O'Brien", "’s", "covid-19", ",", "Ölgii", "é", "ж", "—", "\u{a0}", "2,000", ".", "٣", "x", "’", "\n"];
        let mut seed = 7u64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..6 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            for (start, _) in text.char_indices() {
                assert_eq!(word_end(&text, start), plain(&text, start), "{text:?} from {start}");
            }
            assert_eq!(word_end(&text, text.len()), text.len());
        }
    }

    #[test]
    fn words_are_lowered_as_before_and_borrowed_when_already_lower() {
        // the definition it replaces: ASCII lowered byte by byte, other
        // words by Unicode's rules
        let old = |w: &str| if w.is_ascii() { w.to_ascii_lowercase() } else { w.to_lowercase() };
        let words = [
            "police",
            "Police",
            "POLICE",
            "",
            "x",
            "Ölgii",
            "ölgii",
            "ǅemal",
            "İstanbul",
            "ΣΟΦΙΑ",
            "covid-19",
            "iPhone",
            "O'Brien",
            "o’brien",
            "1,200",
        ];
        for w in words {
            assert_eq!(lowercased(w), old(w), "{w}");
            let borrowed = matches!(lowercased(w), Cow::Borrowed(_));
            assert_eq!(borrowed, w.is_ascii() && !w.bytes().any(|b| b.is_ascii_uppercase()), "{w}");
        }
    }

    #[test]
    fn possessives_are_told_from_other_words() {
        for word in ["factory's", "reuters’s", "workers'", "workers’", "ministry's"] {
            assert!(is_possessive_word(word), "{word}");
        }
        for word in ["'s", "s'", "its", "the", "it's-", "owners", "o'neill"] {
            assert!(!is_possessive_word(word), "{word}");
        }
    }
}
