//! Extraction: reads claims out of one document with the rules.
//!
//! One pass finds every number ([`crate::quantity::scan_numbers`]) and
//! every place a list intro may start; only the lines that hold one are
//! split into sentences, and only the sentences with a figure or a list
//! intro are scanned for lexicon terms (one Aho-Corasick automaton). In
//! those, idioms and lists read what they match and number frames
//! ([`frame`]) read the rest.
//! Context ([`context`]) adds attribution, event and date; [`derive`](mod@derive) adds
//! totals from parts.

pub mod context;
pub mod derive;
pub mod explain;
pub mod frame;
pub mod implicit;
pub mod patterns;
pub mod text;

use crate::model::{Claim, Document, Evidence, Qualifier, Quantity};
use crate::quantity::{scan_numbers, NumberForm, NumberMention};
use crate::rules::lexicon::{Hit, Lexicon, TermRole};
use crate::rules::prefilter::{Candidates, SearchText};
use crate::rules::spec::Change;
use crate::rules::RuleSet;
use rayon::prelude::*;
use std::ops::Range;

/// A count mention with its qualifier applied.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Span including the qualifier phrase.
    pub span: Range<usize>,
    /// The raw number mention.
    pub number: NumberMention,
    /// The qualified quantity.
    pub quantity: Quantity,
    /// True when preceded by a currency sign.
    pub currency: bool,
    /// True once an idiom has read it.
    pub consumed: bool,
}

/// One reading of a figure before context is added.
#[derive(Debug, Clone)]
pub struct Reading {
    /// Kind index.
    pub kind: usize,
    /// Group id (resolved by the end of the sentence).
    pub group: Option<String>,
    /// The figure.
    pub quantity: Quantity,
    /// The quote's byte range.
    pub quote: Range<usize>,
    /// Rule id.
    pub rule: String,
    /// The mention read, if any (lists read none).
    pub mention: Option<usize>,
    /// How it was read.
    pub how: String,
    /// The words that give the figure as a lowering of an earlier one (an
    /// idiom's `lowered` capture).
    pub lowered: Option<String>,
    /// The words that give the figure as a rise from an earlier one (an
    /// idiom's `raised` capture).
    pub raised: Option<String>,
    /// The figure is one added to a count ("*another* 87 people were
    /// injured"): a count of its own only when the article gives no other
    /// figure of its kind ([`drop_increments_of_given_counts`]).
    pub increment: bool,
}

/// Extracts every claim of one document, with derived totals, in text order.
pub fn extract_document(doc: &Document, rules: &RuleSet) -> Vec<Claim> {
    let masked = doc.masked();
    let text = masked.as_ref();
    let mentions: Vec<Mention> = scan_numbers(text)
        .into_iter()
        .filter(|m| m.form == NumberForm::Count)
        .map(|m| {
            let (quantity, span) = rules.qualifiers.qualify(text, &m);
            Mention { span, currency: m.currency_sign, quantity, number: m, consumed: false }
        })
        .collect();
    if mentions.is_empty() && rules.lists.is_empty() && rules.implicit_gate.is_none() {
        return Vec::new();
    }
    // lexicon terms are looked up only in the sentences that need them:
    // those with a figure, and those where a list intro occurs
    // one lowered copy of the text for the searches that use it
    let search = SearchText::new(text);
    let intro_starts = rules.lexicon.list_intro_starts(&search);
    // the verb phrases of counts without a number ("a man *was arrested*")
    let implicit_phrases = rules.implicit_gate.as_ref().map(|g| g.phrases_in(&search)).unwrap_or_default();
    let implicit_starts: Vec<usize> = implicit_phrases.iter().map(|p| p.range.start).collect();
    let mut sentence_hits: Vec<Hit> = Vec::new();
    let titles = context::Titles::new(&search, rules);
    // Which idioms may match in a sentence: once the shared gate is built,
    // it searches each sentence read (a few of the document's); before
    // that, each idiom's prefilter answers once for the whole document.
    let idiom_gate = rules.idiom_gate.parts_of(&search);
    let idiom_candidates: Vec<Candidates> = match idiom_gate {
        Some(_) => Vec::new(),
        None => rules.idioms.iter().map(|idiom| idiom.prefilter.candidates_in(&search)).collect(),
    };
    let mut idioms_may: Vec<bool> = Vec::new();
    let mut claims: Vec<Claim> = Vec::new();
    // whether each claim was read as an increment ([`Reading::increment`])
    let mut increments_read: Vec<bool> = Vec::new();
    let mut tokens = Vec::new();
    let mut lines = text::LineIndex::new(&doc.text);
    // buffers reused from sentence to sentence
    let mut local: Vec<Mention> = Vec::new();
    let mut figures: Vec<usize> = Vec::new();
    // only the lines that hold a figure or a list intro have a sentence to read
    let mut wanted: Vec<usize> =
        mentions.iter().map(|m| m.span.start).chain(intro_starts.iter().copied()).chain(implicit_starts.iter().copied()).collect();
    wanted.sort_unstable();
    for sentence in text::sentences_of_lines_at(text, &rules.settings.abbreviations, &wanted) {
        let m_from = mentions.partition_point(|m| m.span.start < sentence.start);
        let m_to = mentions.partition_point(|m| m.span.start < sentence.end);
        let p_from = implicit_phrases.partition_point(|p| p.range.start < sentence.start);
        let p_to = implicit_phrases.partition_point(|p| p.range.start < sentence.end);
        let phrases = implicit_phrases.get(p_from..p_to).unwrap_or(&[]);
        if m_from == m_to && phrases.is_empty() && !Lexicon::starts_inside(&intro_starts, &sentence) {
            continue;
        }
        rules.lexicon.hits_in_search(&search, sentence.clone(), &mut sentence_hits);
        let has_list_intro = sentence_hits.iter().any(|h| rules.lexicon.roles(h).iter().any(|r| matches!(r, TermRole::ListIntro(_))));
        if m_from == m_to && phrases.is_empty() && !has_list_intro {
            continue;
        }
        let sentence_hits = sentence_hits.as_slice();
        local.clear();
        local.extend_from_slice(mentions.get(m_from..m_to).unwrap_or(&[]));
        text::token_starts(text, sentence.clone(), &mut tokens);
        let mut readings = {
            let s = frame::Sentence { text, range: sentence.clone(), tokens: &tokens, mentions: &[], hits: sentence_hits, rules };
            match &idiom_gate {
                Some(gate) => gate.may_match_in(sentence.clone(), rules.idioms.len(), &mut idioms_may),
                None => {
                    idioms_may.clear();
                    idioms_may.extend(idiom_candidates.iter().map(|c| c.may_hold(&sentence)));
                }
            }
            let mut r = s.idioms(&mut local, &idioms_may);
            r.extend(s.lists());
            r.extend(s.implicit_counts(phrases, &local));
            r
        };
        let s = frame::Sentence { text, range: sentence.clone(), tokens: &tokens, mentions: &local, hits: sentence_hits, rules };
        let framed = s.read(&readings);
        // "… told GBN the figure was more than 60": a figure no rule read,
        // given as the one just given, is of its kind
        let restated: Vec<Reading> = framed
            .iter()
            .zip(&local)
            .enumerate()
            .filter(|(i, (read, m))| read.is_none() && !m.consumed && !readings.iter().any(|r| r.mention == Some(*i)))
            .filter_map(|(i, (_, m))| {
                // the figure before it: read in this sentence, or the
                // article's last claim
                let in_sentence =
                    framed.iter().flatten().chain(&readings).filter(|r| r.quote.end <= m.span.start).max_by_key(|r| r.quote.end);
                let before = match in_sentence {
                    Some(r) => rules.kinds.get(r.kind).map(|k| Before {
                        kind: r.kind,
                        id: &k.id,
                        group: r.group.as_deref().unwrap_or(&k.default_group),
                        end: r.quote.end,
                        sentence: sentence.clone(),
                    }),
                    None => claims.last().and_then(|c| {
                        let kind = rules.kinds.iter().position(|k| k.id == c.kind)?;
                        Some(Before { kind, id: &c.kind, group: &c.group, end: c.evidence.span.end, sentence: c.evidence.sentence.clone() })
                    }),
                };
                restated_figure(text, &sentence, i, m, before, rules)
            })
            .collect();
        readings.extend(framed.into_iter().flatten());
        readings.extend(restated);
        readings.sort_by_key(|r| r.quote.start);
        let sentence_text = text.get(sentence.clone()).unwrap_or("");
        let events = context::sentence_events(sentence_text, doc, rules);
        let mut sources: context::SentenceSources = None;
        // the dates the sentence names, read for its first figure
        let mut named_dates: Option<Vec<(usize, chrono::NaiveDate)>> = None;
        // the day the sentence's last figure holds for, for a part after it
        let mut sentence_dated: Option<Option<chrono::NaiveDate>> = None;
        // the stretches that tell what a count changed by, read for its first figure
        let mut increments: Option<Vec<std::ops::Range<usize>>> = None;
        // the figures given as lowered or risen by an earlier one after them
        // ("38 remain in hospital, down from 41"), read for its first figure
        let mut from_earlier: Option<(PhraseMarks, PhraseMarks)> = None;
        figures.clear();
        figures.extend(local.iter().map(|m| m.number.span.start.saturating_sub(sentence.start)));
        for mut r in readings {
            let at = r.mention.and_then(|i| local.get(i)).map_or(r.quote.start, |m| m.number.span.start).saturating_sub(sentence.start);
            // "the toll rose to 17 after two injured guests died": 2 is what
            // the toll grew by, not a count
            let changes = &rules.settings;
            let increments = increments
                .get_or_insert_with(|| context::causes_of_change(sentence_text, &figures, &changes.change_words, &changes.change_causes));
            if increments.iter().any(|r| r.contains(&at)) {
                continue;
            }
            // "carrying 23 million passengers a day": a rate, not a count
            if context::rate_follows(text.get(r.quote.end..sentence.end).unwrap_or(""), &rules.settings.rate_phrases) {
                continue;
            }
            let scope = events.at(sentence_text, at);
            let as_of = if scope.is_some() {
                None
            } else {
                let named = named_dates.get_or_insert_with(|| context::dates_named(sentence_text, doc));
                // "At least 15 people, including three children, are now
                // known to have died in the quake on Tuesday": a part holds
                // for the day of the whole it is read with, right before it
                let whole = sentence_dated.filter(|_| is_part_right_after_comma(sentence_text, at, &rules.settings.part_words));
                whole.unwrap_or_else(|| context::as_of_among(sentence_text, named, doc, at, &figures))
            };
            sentence_dated = Some(as_of);
            r.quote = text::tidy_quote(text, r.quote.clone(), sentence.end);
            let Some(kind) = rules.kinds.get(r.kind) else { continue };
            let (lowered_from, raised_from) = from_earlier.get_or_insert_with(|| {
                let settings = &rules.settings;
                (
                    context::figures_before_phrases(sentence_text, &figures, &settings.lowered_from),
                    context::figures_before_phrases(sentence_text, &figures, &settings.raised_from),
                )
            });
            let marked = |marks: &[(usize, &str)]| marks.iter().find(|&&(f, _)| f == at).map(|&(_, p)| p.to_string());
            let (lowered_from, raised_from) = (marked(lowered_from), marked(raised_from));
            let (line, column) = lines.line_column(r.quote.start);
            // "We recovered six bodies and are still searching": at least 6
            let mut quantity = r.quantity;
            if quantity.qualifier == Qualifier::Exact
                && quantity.value_max.is_none()
                && kind.change == Change::Grows
                && context::in_incomplete_count(sentence_text, at, &rules.settings.incomplete_phrases)
            {
                quantity.qualifier = Qualifier::AtLeast;
            }
            increments_read.push(r.increment);
            claims.push(Claim {
                id: String::new(),
                document: doc.id.clone(),
                kind: kind.id.clone(),
                group: r.group.unwrap_or_else(|| kind.default_group.clone()),
                quantity,
                event: scope.as_ref().map_or_else(|| doc.event.clone(), |(id, _)| id.clone()),
                attribution: context::attribution(text, sentence.clone(), r.quote.start, rules, (&titles, sentence_hits), &mut sources),
                as_of,
                quote: text::single_spaced(doc.text.get(r.quote.clone()).unwrap_or("")),
                evidence: Evidence { span: r.quote.clone(), line, column, sentence: sentence.clone() },
                rule: r.rule,
                parts: Vec::new(),
                event_reason: scope.as_ref().map(|(_, why)| why.clone()),
                how: r.how,
                // "8 people were still missing, revising down its earlier
                // figure": the sentence's one figure is given as lowered
                lowered: r.lowered.or(lowered_from).or_else(|| {
                    (local.len() == 1)
                        .then(|| context::first_phrase_in(sentence_text, &rules.settings.lowering_phrases).map(str::to_string))
                        .flatten()
                }),
                // "bringing the number of people in custody to six"
                raised: r.raised.or(raised_from).or_else(|| context::given_as_risen(sentence_text, at, &rules.settings)),
            });
        }
    }
    drop_increments_of_given_counts(&mut claims, &increments_read, rules);
    for (i, c) in claims.iter_mut().enumerate() {
        c.id = format!("{}:{}", doc.id, i + 1);
    }
    share_change_marks(&mut claims);
    date_restated_headline(&mut claims, doc.published);
    let derived = derive::totals(&claims, rules);
    claims.extend(derived);
    claims
}

/// Whether the figure at `at` in `sentence` opens a part set off by a
/// comma and a part word ("…, *including* three children"), with at most a
/// qualifier between.
fn is_part_right_after_comma(sentence: &str, at: usize, part_words: &[String]) -> bool {
    let Some((_, after_comma)) = sentence.get(..at).and_then(|before| before.rsplit_once(',')) else { return false };
    let mut words = after_comma.split_whitespace();
    let opens = words.next().is_some_and(|w| part_words.iter().any(|p| w.eq_ignore_ascii_case(p)));
    opens && words.count() <= 2
}

/// How far back, in bytes from the figure, the claim a restated figure
/// takes its kind from may end: about a paragraph.
const RESTATED_WITHIN: usize = 600;

/// The figure a restated one may restate: its kind (index and id), group,
/// where its quote ends and its sentence.
struct Before<'a> {
    kind: usize,
    id: &'a str,
    group: &'a str,
    end: usize,
    sentence: Range<usize>,
}

/// The reading of mention `m` (at `i` among its sentence's) when a
/// `restating_phrases` phrase stands right before it ("the figure was
/// more than 60", "put the number at 73"): the kind and group of the
/// figure just before (`before`), if it is in the same sentence or the one
/// right before and ends within [`RESTATED_WITHIN`] bytes; never an amount
/// of money.
fn restated_figure(text: &str, sentence: &Range<usize>, i: usize, m: &Mention, before: Option<Before>, rules: &RuleSet) -> Option<Reading> {
    // the figure before is in this sentence or the one right before it
    let adjacent = |b: &Before| {
        b.sentence.start == sentence.start || text.get(b.sentence.end..sentence.start).is_some_and(|gap| gap.trim().is_empty())
    };
    let before =
        before.filter(|b| b.end <= m.span.start && m.span.start - b.end <= RESTATED_WITHIN).filter(adjacent).filter(|_| !m.currency)?;
    let words =
        text.get(sentence.start..m.span.start)?.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '‘' | '\''));
    // the phrase must end where `words` do: it is looked for in their last
    // bytes only (the longest phrase and a wrapped line's spaces)
    let tail = (words.len().saturating_sub(80)..words.len()).find(|&at| words.is_char_boundary(at)).unwrap_or(0);
    let last_words = words.get(tail..)?;
    let (phrase, found) = rules
        .settings
        .restating_phrases
        .iter()
        .find_map(|p| context::phrase_matches(last_words, p).filter(|r| r.end == last_words.len()).last().map(|r| (p, r)))?;
    let quote_start = sentence.start + tail + found.start;
    Some(Reading {
        kind: before.kind,
        group: Some(before.group.to_string()),
        quantity: m.quantity,
        quote: quote_start..m.span.end,
        rule: format!("restated/{}", before.id),
        mention: Some(i),
        how: format!("`{phrase}` before the number: the figure before it ({} {})", before.id, before.group),
        lowered: None,
        raised: None,
        increment: false,
    })
}

/// Drops the claims read from an increment ("another 87 people were
/// injured", `increments[i]` for `claims[i]`) whose kind the article gives
/// another figure of: there, it is what a count grew by ("Another 12 were
/// killed on Saturday, bringing the toll to 40"). So does one right after a
/// share of a count (a `from_shares` kind's figure): it is the rest of that
/// count ("Five remain in critical condition. Another 14 are being treated
/// and are stable"). Else it is the count ("Fourteen people died. Another
/// 87 were injured").
fn drop_increments_of_given_counts(claims: &mut Vec<Claim>, increments: &[bool], rules: &RuleSet) {
    if !increments.contains(&true) {
        return;
    }
    let given = |kind: &str, i: usize| claims.iter().enumerate().any(|(j, c)| j != i && c.kind == kind);
    let after_a_share = |i: usize| {
        let before = i.checked_sub(1).and_then(|j| claims.get(j));
        before.is_some_and(|b| rules.kinds.iter().any(|k| k.id == b.kind && k.from_shares))
    };
    let dropped: Vec<bool> =
        claims.iter().enumerate().map(|(i, c)| increments.get(i) == Some(&true) && (given(&c.kind, i) || after_a_share(i))).collect();
    let mut i = 0;
    claims.retain(|_| {
        let keep = !dropped.get(i).copied().unwrap_or(false);
        i += 1;
        keep
    });
}

/// The figures of an article's first sentence with a figure (its headline,
/// or its lede when it has none) that hold as of publication only because
/// nothing in that sentence dates them take the date of the same figure
/// restated later in the article, when that is earlier: "Gunman kills 9 at
/// mall" over a story published on Sunday whose lede says "opened fire …
/// on Saturday afternoon, killing nine people" is Saturday's nine, not a
/// second nine of Sunday's to hold against another outlet's ten of Sunday.
fn date_restated_headline(claims: &mut [Claim], published: Option<chrono::NaiveDate>) {
    let Some(published) = published else { return };
    let Some(first) = claims.iter().map(|c| c.evidence.sentence.start).min() else { return };
    let dated: Vec<(String, String, String, Quantity, chrono::NaiveDate)> = claims
        .iter()
        .filter(|c| c.evidence.sentence.start != first)
        .filter_map(|c| c.as_of.filter(|&d| d < published).map(|d| (c.kind.clone(), c.group.clone(), c.event.clone(), c.quantity, d)))
        .collect();
    for c in claims.iter_mut().filter(|c| c.evidence.sentence.start == first && c.as_of == Some(published)) {
        let same = |d: &&(String, String, String, Quantity, chrono::NaiveDate)| {
            d.0 == c.kind && d.1 == c.group && d.2 == c.event && d.3 == c.quantity
        };
        if let Some(d) = dated.iter().find(same) {
            c.as_of = Some(d.4);
        }
    }
}

/// An article that gives a figure as lowered once ("the toll was revised
/// down to 38") gives the same figure of the same count and event as
/// lowered wherever it repeats it (a headline's "38 confirmed dead"):
/// otherwise the repetition alone would be judged a fall from the higher
/// figures of other outlets. So with a figure given as risen ("bringing the
/// toll to four", then "four people have died").
fn share_change_marks(claims: &mut [Claim]) {
    share_change_words(claims, |c| &mut c.lowered);
    share_change_words(claims, |c| &mut c.raised);
}

/// Gives the words in the field `words` of a claim to every claim of the
/// same count, event and figure that has none.
fn share_change_words(claims: &mut [Claim], words: fn(&mut Claim) -> &mut Option<String>) {
    let given: Vec<(String, String, String, Quantity, String)> = claims
        .iter_mut()
        .filter_map(|c| {
            let w = words(c).clone()?;
            Some((c.kind.clone(), c.group.clone(), c.event.clone(), c.quantity, w))
        })
        .collect();
    if given.is_empty() {
        return;
    }
    for c in claims.iter_mut() {
        if words(c).is_some() {
            continue;
        }
        let same = |l: &&(String, String, String, Quantity, String)| l.0 == c.kind && l.1 == c.group && l.2 == c.event && l.3 == c.quantity;
        if let Some(l) = given.iter().find(same) {
            *words(c) = Some(l.4.clone());
        }
    }
}

/// Figures of a sentence (byte offsets) each with the phrase after it
/// that marks it ([`context::figures_before_phrases`]).
type PhraseMarks<'p> = Vec<(usize, &'p str)>;

/// Documents a worker takes at a time. Left to rayon's own splitting, the
/// work is cut into a few large runs, and at 100k documents on two threads
/// one thread extracted the last of them alone for half a second.
pub const DOCUMENTS_PER_RUN: usize = 32;

/// Extracts claims from every document in parallel; the result is in
/// document order, then text order, whatever the thread count.
pub fn extract_all(documents: &[Document], rules: &RuleSet) -> Vec<Claim> {
    crate::join_parts(documents.par_iter().with_max_len(DOCUMENTS_PER_RUN).map(|d| extract_document(d, rules)).collect())
}

/// Extracts claims from a bare text (rule self-tests, stdin snippets).
pub fn extract_text(text: &str, event: &str, rules: &RuleSet) -> Vec<Claim> {
    extract_document(&Document::from_text("example", event, text), rules)
}

#[cfg(test)]
mod tests {
    use super::extract_text;
    use crate::rules::{compile::compile, load};

    /// (kind, value) of each claim the rules read in `text`.
    fn kinds_read(rules: &crate::rules::RuleSet, text: &str) -> Vec<(String, f64)> {
        extract_text(text, "e", rules).into_iter().map(|c| (c.kind, c.quantity.value)).collect()
    }

    /// A (kind, value) pair as [`kinds_read`] gives it.
    fn kind(kind: &str, value: f64) -> (String, f64) {
        (kind.to_string(), value)
    }

    /// A figure an article gives as lowered is lowered wherever the
    /// article repeats it, and only that figure.
    #[test]
    fn a_lowering_holds_for_every_mention_of_the_figure() {
        let rules = compile(&load::builtin_sources()).unwrap();
        let text =
            "The death toll was revised down to 38.\n\nOfficials said 38 people had died and 12 were injured. Earlier, 40 people died.";
        let claims = extract_text(text, "e", &rules);
        let lowered = |value: f64| claims.iter().filter(|c| c.quantity.value == value).map(|c| c.lowered.as_deref()).collect::<Vec<_>>();
        assert_eq!(lowered(38.0), [Some("revised down"), Some("revised down")], "{claims:#?}");
        assert_eq!(lowered(12.0), [None]);
        assert_eq!(lowered(40.0), [None]);
    }

    /// A place phrase whose number counts nobody ("from seven villages")
    /// links a counted noun to its trigger after it; a number that counts
    /// someone, or a place phrase before the noun, does not.
    #[test]
    fn a_place_phrase_neither_breaks_nor_blocks_the_link_to_a_trigger() {
        let rules = compile(&load::builtin_sources()).unwrap();
        let read =
            |text: &str| extract_text(text, "e", &rules).into_iter().map(|c| (c.kind, c.group, c.quantity.value)).collect::<Vec<_>>();
        let people = |kind: &str, group: &str, value: f64| (kind.to_string(), group.to_string(), value);
        assert_eq!(read("About 2,000 residents in 12 districts were displaced."), [people("displaced", "civilians", 2000.0)]);
        assert_eq!(read("Some 300 people across three provinces have been evacuated."), [people("evacuated", "total", 300.0)]);
        // "two families" may count people: no place phrase, and the 40 is
        // held apart from the trigger
        assert!(read("Officials said 40 people from two families were killed.").iter().all(|c| c.2 != 40.0));
        // a trigger before the number is not reached past it either way
        assert_eq!(read("Gunmen from two villages killed 12 people."), [people("killed", "total", 12.0)]);
    }

    /// An appositive set off by commas after the counted noun (who the
    /// people are, a clause opened by a pronoun, or a source that said it)
    /// neither breaks nor blocks the link to the figure's verb after it; a
    /// clause with a verb of its own does.
    #[test]
    fn an_appositive_after_the_noun_is_passed_over() {
        let rules = compile(&load::builtin_sources()).unwrap();
        let read = |text: &str| kinds_read(&rules, text);
        assert_eq!(read("Two people, a shepherd and his 12-year-old son, remain missing."), [kind("missing", 2.0)]);
        assert_eq!(read("One worker, 23-year-old Raju Paswan from Gaya in Bihar, is still missing."), [kind("missing", 1.0)]);
        let relative = "About 2,500 residents of Lakhigam and Luvara villages, which lie within 2 km of the plant, were evacuated.";
        assert_eq!(read(relative), [kind("evacuated", 2500.0)]);
        assert_eq!(read("Twelve people, police said, had been killed."), [kind("killed", 12.0)]);
        // a clause of its own, and a figure inside, are no appositive
        assert_eq!(read("Gunmen killed 12 people, injured 40, and burned homes."), [kind("killed", 12.0), kind("injured", 40.0)]);
        assert_eq!(read("Two people, and their dog was found, remain missing."), []);
    }

    /// A part set off by a comma and a part word holds for the day of the
    /// figure it is read with, whatever day the sentence names after it.
    #[test]
    fn a_part_holds_for_the_day_of_its_whole() {
        let rules = compile(&load::builtin_sources()).unwrap();
        let text = "At least 15 people, including three children, are now known to have died in the quake that hit on Tuesday.";
        let mut doc = crate::model::Document::from_text("d", "e", text);
        doc.published = chrono::NaiveDate::from_ymd_opt(2026, 9, 17); // a Thursday
        let days: Vec<_> = super::extract_document(&doc, &rules).into_iter().map(|c| (c.quantity.value, c.as_of)).collect();
        assert_eq!(days, [(15.0, doc.published), (3.0, doc.published)]);
        let part = |sentence: &str| {
            let at = sentence.rfind("three").unwrap_or(0);
            super::is_part_right_after_comma(sentence, at, &["including".to_string()])
        };
        assert!(part("12 died, including at least three"));
        assert!(!part("12 died, and three"));
        assert!(!part("12 died, including children, and three"));
    }

    /// A figure no rule reads, after a restating phrase ("the figure was"),
    /// is of the kind and group of the claim right before it, in its
    /// sentence or the one before; not further, and never money.
    #[test]
    fn a_restated_figure_takes_the_kind_of_the_one_before() {
        let rules = compile(&load::builtin_sources()).unwrap();
        let read =
            |text: &str| extract_text(text, "e", &rules).into_iter().map(|c| (c.kind, c.group, c.quantity.value)).collect::<Vec<_>>();
        let claim = |kind: &str, group: &str, value: f64| (kind.to_string(), group.to_string(), value);
        let mp = "The Red Cross said 58 people were still missing. But the MP told GBN the figure was \"more than 60\".";
        assert_eq!(read(mp), [claim("missing", "total", 58.0), claim("missing", "total", 60.0)]);
        let same = "The Red Cross said 58 people were still missing, but the MP told GBN the figure was \"more than 60\".";
        assert_eq!(read(same), [claim("missing", "total", 58.0), claim("missing", "total", 60.0)], "in the same sentence");
        let put = "Officials said 60 residents were rescued. Firefighters had put the figure at about 70.";
        assert_eq!(read(put), [claim("rescued", "civilians", 60.0), claim("rescued", "civilians", 70.0)]);
        let far = "Officials said 60 people were rescued. The company said its profits fell. The figure was 12.";
        assert_eq!(read(far), [claim("rescued", "total", 60.0)], "a sentence between");
        assert_eq!(read("The figure was 12."), [], "no claim before");
        let money = "Officials said 60 people were rescued. The figure was $12 million.";
        assert_eq!(read(money), [claim("rescued", "total", 60.0)], "money");
    }

    /// A trigger that is the counted noun ("survivors") counts the figure
    /// only when no trigger of another kind after it says what befell them;
    /// a share of such people ("of the survivors") is read by that trigger
    /// only.
    #[test]
    fn a_trigger_that_is_the_noun_gives_way_to_the_predicate() {
        let rules = compile(&load::builtin_sources()).unwrap();
        let read = |text: &str| kinds_read(&rules, text);
        assert_eq!(read("Seven survivors remain in hospital."), [kind("in_hospital", 7.0)]);
        assert_eq!(read("Seven survivors remain in critical condition."), [kind("critical", 7.0)]);
        assert_eq!(read("Rescuers pulled 41 survivors from the water."), [kind("rescued", 41.0)]);
        assert_eq!(read("Eleven of the survivors were taken to hospital."), [kind("injured", 11.0)]);
        assert_eq!(read("Two of the evacuees were injured."), [kind("injured", 2.0)]);
        assert_eq!(read("12 of the survivors were children."), []);
        assert_eq!(read("103 of the deaths were in Almaty."), []);
    }

    /// A trigger inside a relative clause after the counted noun tells which
    /// people are meant; the main clause's trigger, or one before the
    /// number, says what befell them.
    #[test]
    fn a_relative_clause_names_the_people_and_the_main_verb_counts_them() {
        let rules = compile(&load::builtin_sources()).unwrap();
        let read = |text: &str| kinds_read(&rules, text);
        assert_eq!(read("About 400 passengers who were not hurt were evacuated."), [kind("evacuated", 400.0)]);
        // past a figure inside the clause ("two days")
        assert_eq!(read("Twelve miners who had been trapped for two days were brought out alive."), [kind("rescued", 12.0)]);
        assert_eq!(read("Five people who were trapped in the rubble died in hospital."), [kind("killed", 5.0)]);
        // no main verb: a trigger before the number over one in the clause
        assert_eq!(read("The blast killed 12 miners who were trapped underground."), [kind("killed", 12.0)]);
        // no other trigger: the clause's own
        assert_eq!(read("Crews are trying to reach 12 miners who were trapped underground."), [kind("trapped", 12.0)]);
        // "of his injuries" is no main verb: the guard died
        assert_eq!(read("The dead included one guard who died of his injuries in hospital."), [kind("killed", 1.0)]);
        // a clause with no pronoun, opened by a participle, up to a main verb
        assert_eq!(read("Thirty-eight of the students abducted from the school have been rescued."), [kind("rescued", 38.0)]);
        assert_eq!(read("Five workers trapped underground were rescued on Tuesday."), [kind("rescued", 5.0)]);
        // names set off by commas inside such a clause
        let set_off = "Thirty-eight students abducted from the school, Dogon Daji, in Bakura, have been rescued by troops.";
        assert_eq!(read(set_off), [kind("rescued", 38.0)]);
        // no main verb: the participle ranks below the trigger before
        assert_eq!(read("The army rescued 23 people trapped in the coaches."), [kind("rescued", 23.0)]);
        // a verb, not a clause
        assert_eq!(read("Fourteen people died and another 87 were injured."), [kind("killed", 14.0), kind("injured", 87.0)]);
        // a figure of more than one before a noun in the singular counts no
        // people, even with a main verb after the clause ("SS 2" is a class)
        assert_eq!(read("A 16-year-old SS 2 student who was shot during the attack died."), []);
    }

    /// A headline's figure restated, with a date, later in the article
    /// takes that date; a figure of its own, or one restated undated, keeps
    /// the publication day.
    #[test]
    fn a_headline_restated_later_takes_the_date_of_the_restatement() {
        let rules = compile(&load::builtin_sources()).unwrap();
        let published = chrono::NaiveDate::from_ymd_opt(2026, 9, 20); // a Sunday
        let dates = |text: &str| {
            let mut doc = crate::model::Document::from_text("d", "e", text);
            doc.published = published;
            super::extract_document(&doc, &rules).into_iter().map(|c| (c.quantity.value, c.as_of)).collect::<Vec<_>>()
        };
        let saturday = chrono::NaiveDate::from_ymd_opt(2026, 9, 19);
        let restated = "Gunman kills 9 at mall\n\nA gunman opened fire on Saturday afternoon, killing nine people.";
        assert_eq!(dates(restated), [(9.0, saturday), (9.0, saturday)]);
        let other = "Gunman kills 10 at mall\n\nA gunman opened fire on Saturday afternoon, killing nine people.";
        assert_eq!(dates(other), [(10.0, published), (9.0, saturday)]);
    }
}
