//! What surrounds a figure: who gave it (attribution), which event it
//! belongs to (scoping by year and place), and the date it holds for.

use crate::dates;
use crate::model::Document;
use crate::rules::lexicon::{Hit, TermRole};
use crate::rules::prefilter::SearchText;
use crate::rules::spec::Counts;
use crate::rules::RuleSet;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::ops::Range;

/// Titles seen with names in a document: "kazakh president" → "Kassym-Jomart Tokayev".
pub type TitleMap = HashMap<String, String>;

/// A document's title map, built the first time a source that may be a
/// title is looked up: most sources cannot be (see
/// [`crate::rules::compiled::Attribution::may_be_title`]), and building the
/// map scans the whole text.
pub struct Titles<'a> {
    search: &'a SearchText<'a>,
    rules: &'a RuleSet,
    map: std::cell::OnceCell<TitleMap>,
}

impl<'a> Titles<'a> {
    /// The titles of the text of `search`, not yet collected.
    pub fn new(search: &'a SearchText<'a>, rules: &'a RuleSet) -> Self {
        Titles { search, rules, map: std::cell::OnceCell::new() }
    }

    /// The name given with title `source` (normalised, lower case) in the text.
    pub fn name(&self, source: &str) -> Option<&str> {
        if !self.rules.attribution.may_be_title(source) {
            return None;
        }
        self.map.get_or_init(|| titles(self.search, self.rules)).get(source).map(String::as_str)
    }
}

/// Collects `<Title> <Name>` pairs of a document (the text of `search`).
pub fn titles(search: &SearchText, rules: &RuleSet) -> TitleMap {
    let mut map = TitleMap::new();
    let Some(re) = &rules.attribution.titles else { return map };
    for (title, name) in re.pairs(search) {
        map.entry(normalise_source(title).to_lowercase()).or_insert_with(|| name.to_string());
    }
    map
}

const LEADING: [&str; 13] =
    ["the ", "and ", "but ", "that ", "as ", "while ", "so ", "also ", "then ", "earlier ", "later ", "meanwhile ", "separately "];
/// Words that may stand between a speaker and the verb, never part of the
/// speaker's name: "Police *had earlier* put the toll at 21".
const TRAILING: [&str; 12] =
    ["had", "has", "have", "earlier", "later", "also", "initially", "previously", "then", "first", "again", "separately"];
/// Words of a record a source keeps: "according to the agency's *latest
/// tally*" is the agency's figure. Only these, so that "Kazakhstan's
/// interior ministry" keeps its name.
const RECORD_WORDS: [&str; 24] = [
    "latest",
    "preliminary",
    "official",
    "updated",
    "new",
    "most",
    "recent",
    "daily",
    "final",
    "own",
    "tally",
    "count",
    "figures",
    "figure",
    "data",
    "statement",
    "estimate",
    "estimates",
    "report",
    "records",
    "numbers",
    "update",
    "toll",
    "website",
];
const PRONOUNS: [&str; 11] = ["he", "she", "it", "they", "we", "i", "you", "who", "which", "this", "reports"];

fn normalise_source(s: &str) -> String {
    let mut s = s.trim().trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    loop {
        let lower = s.to_lowercase();
        match LEADING.iter().find(|p| lower.starts_with(*p)) {
            Some(p) => s = s[p.len()..].trim_start().to_string(),
            None => break,
        }
    }
    while let Some((rest, last)) = s.rsplit_once(char::is_whitespace) {
        if !TRAILING.iter().any(|w| last.eq_ignore_ascii_case(w)) {
            break;
        }
        s = rest.trim_end().to_string();
    }
    if let Some(owner) = owner_of_record(&s) {
        s = owner.to_string();
    }
    s
}

/// "agency's latest tally": the owner ("agency") of a record that
/// [`RECORD_WORDS`] alone name.
fn owner_of_record(source: &str) -> Option<&str> {
    let (owner, record) = source.split_once("'s ").or_else(|| source.split_once("’s "))?;
    let is_record_word = |w: &str| RECORD_WORDS.iter().any(|r| r.eq_ignore_ascii_case(w));
    let all_record_words = record.split_whitespace().all(is_record_word);
    (all_record_words && !owner.trim().is_empty()).then_some(owner.trim())
}

/// The sources a sentence names: (absolute byte offset, source), read once
/// for all the figures of the sentence by [`attribution`].
pub type SentenceSources = Option<Vec<(usize, String)>>;

/// The source of a figure at byte `pos` in `sentence` (absolute range): of
/// the sources the sentence names, the nearest. `sources` keeps them for
/// the sentence's next figure (`None` for a new sentence); `hits` are the
/// sentence's lexicon hits.
pub fn attribution(
    text: &str,
    sentence: Range<usize>,
    pos: usize,
    rules: &RuleSet,
    (titles, hits): (&Titles, &[Hit]),
    sources: &mut SentenceSources,
) -> Option<String> {
    let s = text.get(sentence.clone())?;
    if in_aside(s, pos.saturating_sub(sentence.start)) {
        return None;
    }
    let named = sources.get_or_insert_with(|| sources_named(s, sentence.start, rules, titles, hits));
    named.iter().min_by_key(|(at, _)| at.abs_diff(pos)).map(|(_, source)| source.clone())
}

/// The sources sentence `s` (starting at byte `start`, lexicon `hits`)
/// names, with where.
fn sources_named(s: &str, start: usize, rules: &RuleSet, titles: &Titles, hits: &[Hit]) -> Vec<(usize, String)> {
    let a = &rules.attribution;
    let mut found: Vec<(usize, String)> = Vec::new();
    for re in [&a.before, &a.cited].into_iter().flatten() {
        for src in re.sources(s) {
            found.push((start + src.start(), src.as_str().to_string()));
        }
    }
    if let Some(re) = &a.verbs {
        for verb in re.find_ranges(s) {
            if is_participle(s, start, verb.clone(), rules, hits) {
                continue;
            }
            let before = s.get(..verb.start).unwrap_or("");
            // "the National Institute for Disaster Risk Management (INGD)
            // said": the name before an acronym in brackets, or the acronym
            // when the name is too long to be read as one
            if let Some((name, acronym)) = before_acronym(before) {
                let cut = name
                    .rfind([',', ';', ':', '“', '”', '"', '(', ')', '—', '–'])
                    .map_or(0, |i| i + name.get(i..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8));
                let name = name.get(cut..).unwrap_or("").trim();
                let words = name.split_whitespace().count();
                let source = if (1..=7).contains(&words) { name } else { acronym };
                found.push((start + verb.start, source.to_string()));
                continue;
            }
            let cut = before
                .rfind([',', ';', ':', '“', '”', '"', '(', ')', '—', '–'])
                .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
            let phrase = before.get(cut..).unwrap_or("");
            let words = phrase.split_whitespace().count();
            if words == 0 {
                // "The union, which represents the miners, says …"
                if let Some(subject) = subject_before_relative(before) {
                    found.push((start + verb.start, subject.to_string()));
                    continue;
                }
                // "…, said Maria Lopez, the regional governor."
                if let Some(named) = named_after(s, verb.clone()) {
                    found.push((start + verb.start, named.to_string()));
                }
                continue;
            }
            if words > 7 {
                continue;
            }
            found.push((start + verb.start, phrase.to_string()));
        }
    }
    found
        .into_iter()
        .filter_map(|(at, raw)| {
            let source = normalise_source(&raw);
            let lower = source.to_lowercase();
            // "…, which killed 52 people, and say warnings were ignored":
            // a word that joins clauses is no speaker
            let joining = LEADING.iter().any(|w| w.trim_end() == lower) || TRAILING.contains(&lower.as_str());
            if source.is_empty() || joining || PRONOUNS.contains(&lower.as_str()) || source.chars().any(|c| c.is_ascii_digit()) {
                return None;
            }
            let resolved = titles.name(&lower).map_or(source, str::to_string);
            Some((at, resolved))
        })
        .collect()
}

/// The subject before a relative clause or an appositive set off by
/// commas that ends `before` (the words before a verb of saying): "the
/// metalworkers' union Metabase, which represents employees at the mine, "
/// gives "the metalworkers' union Metabase", "The mayor of Caylloma
/// province, Rómulo Tinta, " gives "The mayor of Caylloma province". One
/// to seven words after the punctuation before them; the clause opens with
/// "which" or "who", or is a name or a title (a capitalised word or a
/// determiner first, at most seven words), and holds no other punctuation.
fn subject_before_relative(before: &str) -> Option<&str> {
    const MARKS: [char; 10] = [',', ';', ':', '“', '”', '"', '(', ')', '—', '–'];
    let clause_end = before.trim_end().strip_suffix(',')?;
    let open = clause_end.rfind(MARKS)?;
    let clause = clause_end.get(open..)?.strip_prefix(',')?.trim_start();
    let relative = ["which ", "who "].iter().any(|r| clause.get(..r.len()).is_some_and(|w| w.eq_ignore_ascii_case(r)));
    // "The mayor of Caylloma province, Rómulo Tinta, said", "Rómulo Tinta,
    // the mayor of Caylloma province, said": a name or a title set off by
    // commas, of one to seven words, renames the subject
    let first = clause.split_whitespace().next().unwrap_or("");
    let renames = clause.split_whitespace().count() <= 7
        && (first.chars().next().is_some_and(char::is_uppercase) || ["the", "a", "an", "its", "their"].contains(&first));
    if !(relative || renames) || clause.contains(MARKS) {
        return None;
    }
    let subject = clause_end.get(..open)?;
    let cut = subject.rfind(MARKS).map_or(0, |i| i + subject.get(i..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8));
    let subject = subject.get(cut..)?.trim();
    (1..=7).contains(&subject.split_whitespace().count()).then_some(subject)
}

/// The name and the acronym of `before` (the words before a verb of
/// saying) when it ends with an acronym in brackets: "The National
/// Institute for Disaster Risk Management (INGD) " gives ("The National
/// Institute for Disaster Risk Management", "INGD"). An acronym is two to
/// ten letters or digits, two of them capitals, with "&" or "-" allowed
/// ("NCS", "UNHCR", "MSF", "IFRC", "AT&T"); "(Reuters)" and "(34)" are not.
fn before_acronym(before: &str) -> Option<(&str, &str)> {
    let inner = before.trim_end().strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let acronym = inner.get(open + 1..)?.trim();
    let capitals = acronym.chars().filter(char::is_ascii_uppercase).count();
    let shaped = (2..=10).contains(&acronym.len())
        && capitals >= 2
        && acronym.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '&' || c == '-' || c.is_ascii_lowercase())
        && acronym.chars().filter(char::is_ascii_lowercase).count() < capitals;
    let name = inner.get(..open)?.trim_end();
    (shaped && !name.is_empty()).then_some((name, acronym))
}

/// Verbs whose next words are their object, not their subject: "told
/// Reuters", "put the toll at". They are never read the other way round.
const TAKE_AN_OBJECT: [&str; 3] = ["told", "put", "puts"];

/// The speaker named right after a verb of saying that starts its clause
/// (at bytes `verb` of sentence `s`): "…, said Maria Lopez, the regional
/// governor", "…,” said the health ministry", "…, said police spokesman
/// John Smith." The words up to the next punctuation, one to five of them,
/// the first capitalised or an article, or the last capitalised after a
/// first word that starts no phrase of time or place ("said on Monday");
/// never a date ("said Monday") or a verb's object ("told Reuters").
fn named_after(s: &str, verb: Range<usize>) -> Option<&str> {
    let said = s.get(verb.clone())?;
    if TAKE_AN_OBJECT.iter().any(|v| said.eq_ignore_ascii_case(v)) {
        return None;
    }
    let after = s.get(verb.end..)?;
    let end = after.find([',', ';', ':', '“', '”', '"', '(', ')', '—', '–']).unwrap_or(after.len());
    let phrase = after.get(..end)?.trim().trim_end_matches(['.', '!', '?']).trim_end();
    let mut words = phrase.split_whitespace();
    let first = words.next()?;
    const NOT_A_SPEAKER: [&str; 16] =
        ["on", "in", "at", "by", "from", "for", "with", "after", "before", "during", "late", "early", "last", "this", "earlier", "later"];
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let article = ["the", "a", "an"].iter().any(|a| first.eq_ignore_ascii_case(a));
    let rest: Vec<&str> = words.collect();
    let named = rest.last().is_some_and(|w| capitalised(w)) && !NOT_A_SPEAKER.iter().any(|w| first.eq_ignore_ascii_case(w));
    let dated = phrase.split_whitespace().any(|w| MONTHS_AND_DAYS.iter().any(|m| w.eq_ignore_ascii_case(m))) || phrase.contains(" that ");
    ((capitalised(first) || article || named) && rest.len() < 5 && !dated).then_some(phrase)
}

/// Whether the verb at bytes `verb` of sentence `s` (starting at byte
/// `start`) is a participle, not a verb of saying: "the number of people
/// *confirmed* dead", "40 *reported* missing" (a trigger of a people kind
/// follows it at once), "losses are *estimated* at" (a form of "be" stands
/// right before it: the passive names no speaker there).
fn is_participle(s: &str, start: usize, verb: Range<usize>, rules: &RuleSet, hits: &[Hit]) -> bool {
    let word_before = s.get(..verb.start).unwrap_or("").split_whitespace().next_back().unwrap_or("");
    if ["is", "are", "was", "were", "be", "been", "being"].iter().any(|be| word_before.eq_ignore_ascii_case(be)) {
        return true;
    }
    let rest = s.get(verb.end..).unwrap_or("");
    let next_word = start + verb.end + (rest.len() - rest.trim_start().len());
    hits.iter().filter(|h| h.start == next_word).any(|h| is_people_trigger(rules, h))
}

/// Whether a hit's term is a trigger of a kind that counts people.
pub(super) fn is_people_trigger(rules: &RuleSet, hit: &Hit) -> bool {
    rules.lexicon.roles(hit).iter().any(|r| match *r {
        TermRole::Trigger(k) => rules.kinds.get(k).is_some_and(|k| k.counts == Counts::People),
        _ => false,
    })
}

/// True when byte `at` of sentence `s` sits inside an aside set off by a
/// pair of dashes or by parentheses: "the CSTO – a military alliance of
/// Russia, … – would dispatch forces". Such asides are the writer's own
/// background, not the speaker's words.
pub fn in_aside(s: &str, at: usize) -> bool {
    let (Some(before), Some(after)) = (s.get(..at), s.get(at..)) else { return false };
    let before = AsideMarks::of(before);
    // what follows is read only when what precedes opens an aside
    let dash_open = before.dashes % 2 == 1;
    let paren_open = before.opening > before.closing;
    if !dash_open && !paren_open {
        return false;
    }
    let after = AsideMarks::of(after);
    (dash_open && after.dashes >= 1) || (paren_open && after.closing >= 1)
}

/// The marks of asides in a text, counted in one pass: dashes (`–`, `—`,
/// and ` - ` as `str::matches` counts it, without overlaps) and
/// parentheses.
struct AsideMarks {
    dashes: usize,
    opening: usize,
    closing: usize,
}

impl AsideMarks {
    fn of(text: &str) -> AsideMarks {
        let b = text.as_bytes();
        let mut marks = AsideMarks { dashes: 0, opening: 0, closing: 0 };
        let mut i = 0;
        while let Some(&byte) = b.get(i) {
            match byte {
                b'(' => marks.opening += 1,
                b')' => marks.closing += 1,
                0xE2 if crate::ascii::en_or_em_dash_at(b, i) => {
                    marks.dashes += 1;
                    i += 3;
                    continue;
                }
                b' ' if b.get(i + 1..i + 3) == Some(b"- ") => {
                    marks.dashes += 1;
                    i += 3;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        marks
    }
}

const MONTHS_AND_DAYS: [&str; 19] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The days of the week, the end of [`MONTHS_AND_DAYS`].
const DAYS: &[&str] = MONTHS_AND_DAYS.split_at(12).1;

/// The events the clauses of one sentence belong to: where each year the
/// sentence names starts scoping its figures, and which way.
///
/// A year after a marker ("in 2013", "last year") dates the figures after
/// it and, when none comes before them or the one before is past a comma,
/// those before it in their clause ("48 people died in 2013", "11 were
/// hurt in 2019, and three were killed in 2014"); a year a clause or
/// relative clause follows ("since 2009, when 96 drowned", "since a 2019
/// shooting that killed 12") dates only the figures after it: what comes
/// before is this event's ("The 10 deaths make it the deadliest since a
/// 2019 shooting that killed 12"). A year
/// that is the event's own brings the figures after it back to this event
/// ("In 2013, 48 died; in 2026, 60"). A scope does not reach across a
/// semicolon.
#[derive(Debug, Default)]
pub struct SentenceEvents {
    scopes: Vec<EventScope>,
}

/// One year a sentence names, as [`SentenceEvents`] reads it.
#[derive(Debug)]
struct EventScope {
    /// Where the words that name the year start, in bytes of the sentence.
    start: usize,
    /// Whether the year also dates the figures before it.
    backward: bool,
    /// (event id, reason), or `None` for the article's own event year.
    event: Option<(String, String)>,
}

impl SentenceEvents {
    /// The event (id, reason) of a figure at byte `at` of the sentence,
    /// `None` when it is the article's own.
    pub fn at(&self, sentence: &str, at: usize) -> Option<&(String, String)> {
        let between = |a: usize, b: usize, c: char| sentence.get(a.min(b)..a.max(b)).is_some_and(|t| t.contains(c));
        let crosses_semicolon = |a: usize, b: usize| between(a, b, ';');
        let after = self.scopes.iter().find(|s| s.start > at).filter(|after| after.backward);
        let scope = match (self.scopes.iter().rev().find(|s| s.start <= at), after) {
            // "injured in 2019, and three were killed in 2014": a marked year
            // in the figure's own clause wins over one before a comma
            (Some(before), Some(after))
                if between(before.start, at, ',') && !between(at, after.start, ',') && !crosses_semicolon(at, after.start) =>
            {
                after
            }
            (Some(before), _) => before,
            (None, after) => after?,
        };
        if crosses_semicolon(scope.start, at) {
            return None;
        }
        scope.event.as_ref()
    }
}

/// The events of the clauses of `sentence` (see [`SentenceEvents`]).
pub fn sentence_events(sentence: &str, doc: &Document, rules: &RuleSet) -> SentenceEvents {
    let Some(reference) = doc.event_year else { return SentenceEvents::default() };
    // (start, backward, year, the words that name it)
    // the years counted back from publication ("last year", "seven years ago")
    let mut counted: Vec<(usize, bool, i32, &str)> = Vec::new();
    if let (Some(re), Some(published)) = (rules.events.last_year.as_ref(), doc.published) {
        counted.extend(re.find_iter(sentence).map(|m| (m.start(), true, published.year() - 1, m.as_str())));
    }
    // "seven years ago" dates the figures before it too; "six years after
    // a dam burst" only those after it
    let counted_back = [(rules.events.years_ago.as_ref(), true), (rules.events.years_after.as_ref(), false)];
    for (re, backward) in counted_back {
        let (Some(re), Some(published)) = (re.filter(|_| may_count_years(sentence)), doc.published) else { continue };
        for caps in re.captures_iter(sentence) {
            let (Some(whole), Some(back)) = (caps.get(0), years_back(&caps)) else { continue };
            counted.push((whole.start(), backward, published.year() - back, whole.as_str()));
        }
    }
    // The years the sentence names matter only when one of all its years
    // is another than the article's: with no other year in its digits and
    // none counted back, there is nothing to scope (the article's own
    // year, named in most sentences of a news story, is not searched for).
    let other_year = may_hold_year_other_than(sentence, reference);
    let other_counted = counted.iter().any(|&(_, _, year, _)| year != reference);
    let named = named_periods(sentence, rules);
    if !other_year && !other_counted && named.is_empty() {
        return SentenceEvents::default();
    }
    let mut years: Vec<(usize, bool, i32, &str)> = Vec::new();
    if let Some(re) = rules.events.year_regex.as_ref().filter(|_| other_year || may_hold_year(sentence)) {
        for found in re.captures_iter(sentence) {
            let mut caps = found;
            // "the deadliest since 2011": a comparison, which dates nothing;
            // but the year may still open a clause ("the worst since 2009,
            // when 96 drowned"), read from the year on
            if let Some(period) = caps.name("period_year") {
                let before = caps.get(0).map_or(0, |w| w.start());
                let compared = rules.events.comparisons.as_ref().is_some_and(|c| c.find(sentence.get(..before).unwrap_or("")).is_some());
                if compared {
                    match re
                        .captures_at(sentence, period.start())
                        .filter(|c| c.name("clause_year").is_some_and(|y| y.start() == period.start()))
                    {
                        Some(clause) => caps = clause,
                        None => continue,
                    }
                }
            }
            let Some(year) = year_of(&caps).and_then(|y| y.parse::<i32>().ok()) else { continue };
            let Some(whole) = caps.get(0) else { continue };
            let backward = caps.name("year").is_some() || caps.name("subject_year").is_some() || caps.name("period_year").is_some();
            years.push((whole.start(), backward, year, whole.as_str()));
        }
    }
    // the named years first, then those counted back: the stable sort
    // keeps that order for two that start at the same byte
    years.append(&mut counted);
    years.sort_by_key(|&(start, ..)| start);
    if years.iter().all(|&(_, _, year, _)| year == reference) && named.is_empty() {
        return SentenceEvents::default();
    }
    let several = years.len() > 1;
    let scopes = years
        .iter()
        .enumerate()
        .map(|(i, &(start, backward, year, marker))| {
            // the place is looked for in the year's own stretch of the
            // sentence: from the one before it (or the start) to the next
            let from = if i == 0 { 0 } else { start };
            let to = years.get(i + 1).map_or(sentence.len(), |next| next.0);
            let stretch = sentence.get(from..to).unwrap_or("");
            let event = (year != reference).then(|| other_event_named(stretch, year, marker, reference, several, rules));
            EventScope { start, backward, event }
        })
        .collect::<Vec<_>>();
    let mut scopes = scopes;
    if !named.is_empty() {
        scopes.extend(named.into_iter().map(|(start, event)| EventScope { start, backward: true, event: Some(event) }));
        scopes.sort_by_key(|s| s.start);
    }
    SentenceEvents { scopes }
}

/// The periods from a named past event to now in `sentence` ("more than
/// 1,680 students have been kidnapped in Nigeria *since the Chibok
/// abduction*"), each (start, (event id, reason)): a running total, another
/// event than the article's, named `since-<name>`. Not after a comparison
/// word ("the largest abduction since the Chibok kidnapping" dates
/// nothing), nor a month's or a day's name ("since Monday's attack"), nor
/// with a day of this week after it in its clause ("since the Gusau attack
/// on Monday": the article's own event).
fn named_periods(sentence: &str, rules: &RuleSet) -> Vec<(usize, (String, String))> {
    let Some(re) = rules.events.named_period.as_ref() else { return Vec::new() };
    if rules.events.periods_need_since && !may_name_a_period(sentence) {
        return Vec::new();
    }
    re.captures_iter(sentence)
        .filter_map(|caps| {
            let (whole, name) = (caps.get(0)?, caps.name("name")?.as_str());
            let first = name.split([' ', '\'', '’']).next().unwrap_or(name);
            if MONTHS_AND_DAYS.contains(&first) {
                return None;
            }
            let compared = rules.events.comparisons.as_ref().is_some_and(|c| c.find(sentence.get(..whole.start()).unwrap_or("")).is_some());
            // "since the Gusau attack on Monday": a day of this week's, the
            // article's own event
            let rest = sentence.get(whole.end()..).unwrap_or("");
            let clause = rest.split([',', ';', ':']).next().unwrap_or(rest);
            let lowered = clause.to_ascii_lowercase();
            let this_week = clause.split(|c: char| !c.is_alphabetic()).any(|w| DAYS.contains(&w))
                || ["yesterday", "today", "last night", "this week"].iter().any(|d| lowered.contains(d));
            (!compared && !this_week).then(|| {
                let reason = format!("a running total \"{}\", not the article's event", whole.as_str());
                (whole.start(), (format!("since-{}", event_slug(name)), reason))
            })
        })
        .collect()
}

/// Whether `sentence` holds "ince" in any case, as every match of
/// `events.named_period` with the default period word ("since") does: a
/// vectorised search for the "i", where a byte-by-byte scan of every
/// sentence with a figure cost 7 M instructions over the 1k corpus
/// (callgrind). Only when every period word holds "since"
/// (`periods_need_since`).
fn may_name_a_period(sentence: &str) -> bool {
    let b = sentence.as_bytes();
    let followed_by = |at: usize, rest: &[u8]| b.get(at + 1..at + 1 + rest.len()).is_some_and(|r| r.eq_ignore_ascii_case(rest));
    memchr::memchr2_iter(b'i', b'I', b).any(|i| followed_by(i, b"nce"))
}

/// Whether `sentence` holds "year" or "decade" in any case, as every match
/// of `events.years_ago` does (its unit, built by the rule compiler
/// whatever the words): most sentences with a figure have neither, and the
/// regex, which starts with a class of words, cost 8 M instructions over
/// the 1k corpus run over each (callgrind).
fn may_count_years(sentence: &str) -> bool {
    let b = sentence.as_bytes();
    let followed_by = |at: usize, rest: &[u8]| b.get(at + 1..at + 1 + rest.len()).is_some_and(|r| r.eq_ignore_ascii_case(rest));
    memchr::memchr2_iter(b'y', b'Y', b).any(|i| followed_by(i, b"ear"))
        || memchr::memchr2_iter(b'd', b'D', b).any(|i| followed_by(i, b"ecade"))
}

/// How many years a match of `events.years_ago` counts back: its count
/// ("seven", "7", "a") times 1, or 10 for decades; `None` for a count
/// that is no whole number from 1 to 200 ("many years ago"). A count of
/// two words that is no number may be a word and a number ("comes six
/// years after"): its last word is the count.
fn years_back(caps: &regex::Captures) -> Option<i32> {
    let count = caps.name("count")?.as_str();
    let two_words = count.rsplit_once([' ', '-']).map(|(_, last)| last);
    years_counted(count, caps).or_else(|| two_words.and_then(|last| years_counted(last, caps)))
}

/// [`years_back`] for the count `count`.
fn years_counted(count: &str, caps: &regex::Captures) -> Option<i32> {
    let n = if count.eq_ignore_ascii_case("a") || count.eq_ignore_ascii_case("an") {
        1.0
    } else {
        let numbers = crate::quantity::scan_numbers(count);
        let [only] = numbers.as_slice() else { return None };
        if only.span != (0..count.len()) || only.quantity.value_max.is_some() {
            return None;
        }
        only.quantity.value
    };
    let unit = if caps.name("unit")?.as_str().to_ascii_lowercase().starts_with("decade") { 10.0 } else { 1.0 };
    let back = n * unit;
    (back.fract() == 0.0 && (1.0..=200.0).contains(&back)).then_some(back as i32)
}

/// A place or name as a part of an event id: lower-cased, each character
/// that is no letter or digit a hyphen ("Córrego Fundo" → "córrego-fundo").
fn event_slug(name: &str) -> String {
    name.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect()
}

/// The id and reason of another event, year `year`, named by `marker` in
/// `stretch` (a sentence, or a clause of one when `clause`).
fn other_event_named(stretch: &str, year: i32, marker: &str, reference: i32, clause: bool, rules: &RuleSet) -> (String, String) {
    let place = rules.events.place_patterns.iter().find_map(|p| {
        p.captures_iter(stretch)
            .find_map(|c| c.name("place").map(|m| m.as_str().to_string()).filter(|p| !MONTHS_AND_DAYS.contains(&p.as_str())))
    });
    let id = match &place {
        Some(p) => format!("{}-{year}", event_slug(p)),
        None => format!("other-{year}"),
    };
    let place_note = place.map(|p| format!(" in {p}")).unwrap_or_default();
    let part = if clause { "clause" } else { "sentence" };
    (id, format!("the {part} dates it \"{marker}\"{place_note}, not the article's event year {reference}"))
}

/// The year the event pattern read: after a marker, before a clause,
/// after a subject word, or before a relative clause.
fn year_of<'h>(caps: &regex::Captures<'h>) -> Option<&'h str> {
    caps.name("year")
        .or_else(|| caps.name("clause_year"))
        .or_else(|| caps.name("subject_year"))
        .or_else(|| caps.name("relative_year"))
        .or_else(|| caps.name("of_year"))
        .or_else(|| caps.name("joined_year"))
        .or_else(|| caps.name("period_year"))
        .map(|y| y.as_str())
}

/// Whether `sentence` holds `18`, `19` or `20`, as every year the event
/// scoping pattern reads begins (`1[89]\d\d|20\d\d`, built by the rule
/// compiler whatever the markers): most sentences with a figure have none,
/// and the pattern's leading marker (`in`, any case) is found in almost
/// every sentence, so without this the pattern ran over each of them.
fn may_hold_year(sentence: &str) -> bool {
    let bytes = sentence.as_bytes();
    year_starts(bytes).next().is_some()
}

/// Where in `bytes` a year of the event scoping pattern may begin: `18`,
/// `19` or `20`. Only where a `1` or a `2` stands is looked at (a
/// vectorised search between them).
fn year_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'1', b'2', bytes).filter(|&at| matches!(bytes.get(at..at + 2), Some([b'1', b'8' | b'9'] | [b'2', b'0'])))
}

/// Whether `sentence` holds four ASCII digits that read as a year other
/// than `reference`, as every year the event scoping pattern reads and
/// [`sentence_events`] keeps is (`1[89]\d\d|20\d\d`, parsed as a
/// number: a year in other digits is dropped). When it holds none, every
/// year the pattern finds is `reference`.
fn may_hold_year_other_than(sentence: &str, reference: i32) -> bool {
    let bytes = sentence.as_bytes();
    year_starts(bytes).any(|at| match bytes.get(at..at + 4) {
        Some(w @ [_, _, c, d]) if c.is_ascii_digit() && d.is_ascii_digit() => {
            let year = w.iter().fold(0, |y, &digit| y * 10 + i32::from(digit - b'0'));
            year != reference
        }
        _ => false,
    })
}

/// Whether the figure at byte `at` of `sentence` is said to be incomplete:
/// one of `phrases` (lower-case, single-spaced: the `incomplete_phrases`
/// setting) stands, as whole words in any case, in the figure's part of the
/// sentence, between commas (not those inside a number), semicolons, colons,
/// brackets and dashes: "We recovered 6 bodies and are still searching",
/// not "Rescuers are still searching, and 12 died".
pub fn in_incomplete_count(sentence: &str, at: usize, phrases: &[String]) -> bool {
    let part = sentence_part(sentence, at);
    first_phrase_in(sentence.get(part).unwrap_or(""), phrases).is_some()
}

/// The part of `sentence` that byte `at` stands in: between the breaks
/// around it, commas (not those inside a number: "1,200"), semicolons,
/// colons, brackets and dashes.
fn sentence_part(sentence: &str, at: usize) -> std::ops::Range<usize> {
    let bytes = sentence.as_bytes();
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let (mut start, mut end) = (0, sentence.len());
    for (i, c) in sentence.char_indices() {
        let breaks = match c {
            ',' => !(i > 0 && digit_at(i - 1) && digit_at(i + 1)),
            ';' | ':' | '(' | ')' | '—' | '–' => true,
            _ => false,
        };
        if !breaks {
            continue;
        }
        if i < at {
            start = i + c.len_utf8();
        } else {
            end = i;
            break;
        }
    }
    start..end
}

/// The stretches of `sentence` (byte ranges) that tell what a count
/// changed by, not a count: after a `causes` phrase that follows a
/// `changes` phrase and a figure ("the toll rose to 17 *after two injured
/// guests died overnight*", "down from seven *after one patient improved
/// and two died*"), or that opens the sentence before a change and a figure
/// ("*After two more died*, the toll rose to 17"), up to the end of that
/// part of the sentence (a comma not inside a number, a semicolon, a colon,
/// a bracket, a dash). A change with no figure is not one of a count:
/// "tensions rose after police killed 12" keeps its 12. `figures` are the
/// byte offsets of the sentence's figures; phrases are lower-case and
/// single-spaced (the `change_words` and `change_causes` settings), and
/// match whole words in any case.
pub fn causes_of_change(sentence: &str, figures: &[usize], changes: &[String], causes: &[String]) -> Vec<std::ops::Range<usize>> {
    if changes.is_empty() || causes.is_empty() {
        return Vec::new();
    }
    // (start, end) in bytes of each match of one of `phrases`
    let matches = |phrases: &[String]| -> Vec<(usize, usize)> {
        let mut found: Vec<(usize, usize)> = phrases.iter().flat_map(|p| phrase_matches(sentence, p).map(|m| (m.start, m.end))).collect();
        found.sort_unstable();
        found
    };
    let cause_matches = matches(causes);
    if cause_matches.is_empty() {
        return Vec::new();
    }
    let change_matches = matches(changes);
    let part_end = |from: usize| sentence_part(sentence, from).end;
    let opening = sentence.find(|c: char| c.is_alphanumeric());
    cause_matches
        .iter()
        .filter_map(|&(start, end)| {
            let to = part_end(end);
            let figure_between = |from: usize, to: usize| figures.iter().any(|&f| from <= f && f < to);
            let after_a_change = change_matches.iter().any(|&(_, e)| e <= start && figure_between(e, start));
            let opens_before_a_change =
                Some(start) == opening && change_matches.iter().any(|&(s, e)| s >= to && figure_between(e, sentence.len()));
            (after_a_change || opens_before_a_change).then_some(end..to)
        })
        .collect()
}

/// The raise verb that gives the figure at byte `at` of `sentence` as
/// risen ("*bringing* the number of people in custody to six"), lower-cased:
/// the `risen_before` pattern of the settings, matched against the text
/// before the figure.
pub fn given_as_risen(sentence: &str, at: usize, settings: &crate::rules::compiled::Settings) -> Option<String> {
    let re = settings.risen_before.as_ref()?;
    let before = sentence.get(..at)?;
    // the pattern ends with "to" and at most three words before the
    // figure: without a "to" in the last 40 bytes it cannot match
    let near = (before.len().saturating_sub(40)..=before.len()).find(|&i| before.is_char_boundary(i)).unwrap_or(0);
    phrase_matches(before.get(near..)?, "to").next()?;
    re.captures(before).and_then(|c| c.name("verb")).map(|v| v.as_str().to_lowercase())
}

/// The figures (byte offsets in `sentence`, among `figures`) that a
/// phrase of `phrases` follows, each with the phrase: the one before each
/// match, as whole words in any case ("38 remain in hospital, *down from*
/// 41": 38 is given as lowered from 41).
pub fn figures_before_phrases<'p>(sentence: &str, figures: &[usize], phrases: &'p [String]) -> Vec<(usize, &'p str)> {
    if figures.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for p in phrases {
        for m in phrase_matches(sentence, p) {
            if let Some(&before) = figures.iter().filter(|&&f| f < m.start).max() {
                out.push((before, p.as_str()));
            }
        }
    }
    out
}

/// Whether `after`, the text right after a figure's quote, opens with one
/// of the rate phrases `rates` ("23 million passengers *a day*"), not one
/// followed by a word that makes it a time ("killed *a day after* the
/// vote", "*a year ago*").
pub fn rate_follows(after: &str, rates: &[String]) -> bool {
    const TIMES: [&str; 7] = ["after", "before", "later", "earlier", "ago", "since", "of"];
    let rest = after.trim_start();
    rates.iter().any(|rate| {
        phrase_at_start(rest, rate).is_some_and(|end| {
            let next = rest.get(end..).unwrap_or("").trim_start();
            let word = next.split(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("");
            !TIMES.iter().any(|t| word.eq_ignore_ascii_case(t))
        })
    })
}

/// The first of `phrases` that `text` holds as whole words in any case
/// ([`phrase_matches`]): a lowering phrase ("8 were still missing,
/// *revising down* its earlier figure", which lowers the sentence's figure
/// when it has only one), an incomplete-count phrase.
pub fn first_phrase_in<'p>(text: &str, phrases: &'p [String]) -> Option<&'p str> {
    phrases.iter().find(|p| phrase_matches(text, p).next().is_some()).map(String::as_str)
}

/// Where `phrase` (lower-case, single-spaced) stands in `sentence` as
/// whole words, in any ASCII case (other characters as written), a space of
/// the phrase matching any run of white space ("down\nfrom" in a wrapped
/// line): byte ranges, without a lower-cased copy, as these searches run
/// for each sentence with a figure.
pub fn phrase_matches<'a>(sentence: &'a str, phrase: &'a str) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let (bytes, p) = (sentence.as_bytes(), phrase.as_bytes());
    let edge = move |i: usize| is_edge(bytes, i);
    let match_at = move |i: usize| phrase_end_from(bytes, p, i);
    // the candidates: where the first byte stands, in either ASCII case
    // (memchr's scan, not a test of every byte)
    let first = p.first().copied().unwrap_or(0);
    let candidates = memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), bytes).filter(move |_| !p.is_empty());
    candidates.filter(move |&i| i == 0 || edge(i - 1)).filter_map(move |i| match_at(i).filter(|&end| edge(end)).map(|end| i..end))
}

/// Whether byte `i` of `bytes` is no letter or digit (or is past the end):
/// where a whole word may start or end.
fn is_edge(bytes: &[u8], i: usize) -> bool {
    bytes.get(i).is_none_or(|b| !b.is_ascii_alphanumeric() && b.is_ascii())
}

/// The end of a match of the phrase `p` (lower-case, single-spaced) in
/// `bytes` from byte `i`, in any ASCII case, a space matching any run of
/// white space; `None` when none starts there.
fn phrase_end_from(bytes: &[u8], p: &[u8], i: usize) -> Option<usize> {
    let mut at = i;
    for &c in p {
        if c == b' ' {
            let run = bytes.get(at..)?.iter().take_while(|b| b.is_ascii_whitespace()).count();
            if run == 0 {
                return None;
            }
            at += run;
        } else if bytes.get(at)?.eq_ignore_ascii_case(&c) {
            at += 1;
        } else {
            return None;
        }
    }
    Some(at)
}

/// Where `phrase` ends when `text` opens with it as whole words
/// ([`phrase_matches`], tried at the first byte only).
fn phrase_at_start(text: &str, phrase: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    phrase_end_from(bytes, phrase.as_bytes(), 0).filter(|&end| !phrase.is_empty() && is_edge(bytes, end))
}

/// The date a figure at byte `at` of `sentence` holds for: the date or
/// weekday named in the sentence nearest to it (a date no later than
/// publication; a weekday as the last such day on or before publication),
/// else the publication date. A date belongs to the figure next to it: one with
/// another figure (`figures`, byte offsets in the sentence) between them
/// does not count ("deployed 250 rescuers, up from 120 on Monday": Monday
/// dates the 120, not the 250).
pub fn as_of(sentence: &str, doc: &Document, at: usize, figures: &[usize]) -> Option<NaiveDate> {
    as_of_among(sentence, &dates_named(sentence, doc), doc, at, figures)
}

/// The dates and weekdays `sentence` names, each with the byte where it
/// starts, read against the publication date of `doc` (none without one):
/// what [`as_of`] chooses from, read once for all the figures of a
/// sentence. A weekday in the possessive ("after Friday's protest",
/// "Monday night's quake") names the event, not the day a figure holds
/// for, and is left out; so is a date or weekday in a phrase or clause
/// that starts with "since" ("30,000 have been evacuated since Sunday",
/// "has burned 18,000 hectares since it broke out on Sunday": running
/// totals, as of publication) or that looks ahead ("300 personnel are
/// expected to finish on Friday", "will arrive on Friday": a plan). Days
/// named by their distance ("up from 14 a day earlier", "yesterday") count
/// back from publication.
pub fn dates_named(sentence: &str, doc: &Document) -> Vec<(usize, NaiveDate)> {
    let Some(published) = doc.published else { return Vec::new() };
    let dates_nothing = |start: usize| {
        let before = sentence.get(..start).unwrap_or("");
        let clause = before.rfind([',', ';', ':', '(', ')', '—', '–']).map_or(before, |i| before.get(i..).unwrap_or(""));
        let words: Vec<&str> = clause.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
        let near = words.get(words.len().saturating_sub(LOOK_AHEAD_REACH)..).unwrap_or(&[]);
        starts_a_period(&words) || looks_ahead(near) || tells_of_one(&words)
    };
    let mut found: Vec<(usize, NaiveDate)> = dates::find_dates(sentence, Some(published.year_ce().1 as i32))
        .into_iter()
        .filter(|d| !dates_nothing(d.span.start))
        .map(|d| (d.span.start, d.date))
        .collect();
    found.extend(
        dates::find_weekdays(sentence)
            .into_iter()
            .filter(|(span, _)| !is_possessive(sentence.get(span.end..).unwrap_or("")) && !dates_nothing(span.start))
            .map(|(span, wd)| (span.start, dates::weekday_on_or_before(published, wd))),
    );
    found.extend(
        dates::find_days_back(sentence)
            .into_iter()
            .filter(|(span, _)| !dates_nothing(span.start))
            .filter_map(|(span, days)| published.checked_sub_days(chrono::Days::new(days)).map(|d| (span.start, d))),
    );
    found
}

/// Whether the words of a clause before a date make it the start of a
/// period: "since".
fn starts_a_period(words: &[&str]) -> bool {
    words.iter().any(|w| w.eq_ignore_ascii_case("since"))
}

/// How many words before a date [`looks_ahead`] reads: "will" further back
/// is another verb's ("Moldova will not be another Ukraine, the minister
/// said early on Thursday" with its comma lost).
const LOOK_AHEAD_REACH: usize = 6;

/// Whether the words of a clause before a date make it a time ahead, a
/// plan and not the day a figure holds for: "will", or "expected",
/// "scheduled", "set", "plans" or "planned" before "to" or "for"
/// ("operations involving 300 personnel are expected to end on Friday").
/// Not "due to", which gives a cause as often ("due to heavy rain on
/// Friday").
fn looks_ahead(words: &[&str]) -> bool {
    let is = |w: &str, word: &str| w.eq_ignore_ascii_case(word);
    words.iter().any(|w| is(w, "will"))
        || words.windows(2).any(|pair| {
            let [first, second] = pair else { return false };
            ["expected", "scheduled", "set", "plans", "planned"].iter().any(|m| is(first, m)) && (is(second, "to") || is(second, "for"))
        })
}

/// Whether the words of a clause before a date start by singling out one
/// of the people counted before it ("35 rescued since Monday, *including*
/// a boy pulled out on Tuesday night", "19 rescued, *the last of them*
/// pulled out late on Monday"): the date is that one's, not the count's.
fn tells_of_one(words: &[&str]) -> bool {
    let starts = |phrase: &[&str]| words.len() >= phrase.len() && words.iter().zip(phrase).all(|(w, p)| w.eq_ignore_ascii_case(p));
    starts(&["including"])
        || starts(&["the", "last", "of", "them"])
        || starts(&["the", "first", "of", "them"])
        || starts(&["one", "of", "them"])
}

/// Whether the figure at byte `at` stands in a clause in the present tense
/// joined after the date at byte `date` (", and", ", but", ", while" or a
/// semicolon between them): "A body was found on Monday night, and one
/// person *is still* missing" holds as of publication, not Monday. A
/// clause in the past tense keeps the date ("On Monday police arrested 12,
/// and 40 were injured").
fn in_present_clause_after(sentence: &str, date: usize, at: usize) -> bool {
    const JOINS: [&str; 4] = [", and ", ", but ", ", while ", "; "];
    const PRESENT: [&str; 7] = ["is", "are", "remain", "remains", "still", "now", "currently"];
    let Some(gap) = sentence.get(date..at) else { return false };
    let gap = gap.to_ascii_lowercase();
    let Some(join) = JOINS.iter().filter_map(|j| gap.rfind(j)).max() else { return false };
    let from = date + join + 2;
    let rest = sentence.get(at..).unwrap_or("");
    let to = at + rest.find([',', ';', '.']).unwrap_or(rest.len());
    let clause = sentence.get(from..to).unwrap_or("");
    clause.split(|c: char| !c.is_alphabetic()).any(|w| PRESENT.iter().any(|p| w.eq_ignore_ascii_case(p)))
}

/// Whether the text after a weekday makes it a possessive: "'s" at once
/// ("Friday's") or after a part of the day ("Friday night's").
fn is_possessive(after: &str) -> bool {
    let possessive = |s: &str| s.starts_with("'s") || s.starts_with("’s");
    if possessive(after) {
        return true;
    }
    let rest = after.trim_start();
    ["morning", "afternoon", "evening", "night"]
        .iter()
        .any(|part| rest.get(..part.len()).is_some_and(|w| w.eq_ignore_ascii_case(part)) && rest.get(part.len()..).is_some_and(possessive))
}

/// [`as_of`] of the figure at byte `at` of `sentence`, choosing among
/// `named` (the sentence's [`dates_named`]).
pub fn as_of_among(sentence: &str, named: &[(usize, NaiveDate)], doc: &Document, at: usize, figures: &[usize]) -> Option<NaiveDate> {
    let published = doc.published?;
    let reachable = |start: usize| {
        let (lo, hi) = if start < at { (start, at) } else { (at, start) };
        let figure_between = figures.iter().any(|&f| f != at && lo < f && f < hi);
        let clause_between = start < at && in_present_clause_after(sentence, start, at);
        !(figure_between || clause_between)
    };
    let nearest = named
        .iter()
        .filter(|&&(start, d)| d <= published && reachable(start))
        .min_by_key(|&&(start, _)| start.abs_diff(at))
        .map(|&(_, d)| d);
    nearest.or(Some(published))
}

use chrono::Datelike;

#[cfg(test)]
mod tests {
    use super::{as_of, in_aside, may_hold_year, may_hold_year_other_than, sentence_events, titles, SearchText};
    use crate::model::Document;
    use crate::rules::compile::{compile, RuleSource};
    use crate::rules::load;
    use chrono::NaiveDate;

    #[test]
    fn an_incomplete_count_is_read_in_the_figures_part_of_the_sentence() {
        use super::in_incomplete_count;
        let phrases = vec!["still searching".to_string(), "search continues".to_string()];
        let at = |s: &str, n: &str| s.find(n).unwrap_or(usize::MAX);
        let s = "We have recovered six bodies and we are STILL  searching for others.";
        assert!(in_incomplete_count(s, at(s, "six"), &phrases));
        // another part of the sentence: after a comma, a semicolon, a dash
        let s = "Rescuers are still searching, police said, and 12 people have died.";
        assert!(!in_incomplete_count(s, at(s, "12"), &phrases));
        let s = "12 people died; the search continues.";
        assert!(!in_incomplete_count(s, at(s, "12"), &phrases));
        let s = "Rescuers were still searching — 12 people have died.";
        assert!(!in_incomplete_count(s, at(s, "12"), &phrases));
        let s = "12 people died (still searching).";
        assert!(!in_incomplete_count(s, at(s, "12"), &phrases));
        // a comma inside a number is no break
        let s = "Some 1,200 bodies were found and the search continues.";
        assert!(in_incomplete_count(s, at(s, "1,200"), &phrases));
        // whole words only, and nothing without phrases
        let s = "12 died as stillsearching went on.";
        assert!(!in_incomplete_count(s, at(s, "12"), &phrases));
        assert!(!in_incomplete_count("12 died and still searching", 0, &[]));
    }

    /// The figures after "after" or "following" that a change and a figure
    /// precede tell what a count changed by; those in a sentence whose
    /// change has no figure, or in another part of it, do not.
    #[test]
    fn the_cause_of_a_change_is_read_after_a_change_and_a_figure() {
        use super::causes_of_change;
        let changes: Vec<String> = ["rose", "down from"].map(String::from).to_vec();
        let causes: Vec<String> = ["after", "following"].map(String::from).to_vec();
        let figures = |s: &str, ns: &[&str]| ns.iter().filter_map(|n| s.find(n)).collect::<Vec<_>>();
        let inside = |s: &str, ns: &[&str], n: &str| {
            let at = s.find(n).unwrap_or(usize::MAX);
            causes_of_change(s, &figures(s, ns), &changes, &causes).iter().any(|r| r.contains(&at))
        };
        let s = "The toll ROSE to 17 on Saturday AFTER two injured guests died, officials said, and 40 are in hospital.";
        assert!(inside(s, &["17", "two", "40"], "two"));
        assert!(!inside(s, &["17", "two", "40"], "17"), "the change itself");
        assert!(!inside(s, &["17", "two", "40"], "40"), "another part of the sentence");
        let s = "Five remain in critical condition, down from seven following one death and two discharges.";
        assert!(inside(s, &["Five", "seven", "one", "two"], "one"));
        assert!(inside(s, &["Five", "seven", "one", "two"], "two"));
        // fronted: the cause opens the sentence, the change and its figure follow
        let s = "After two more patients died, the toll rose to 17.";
        assert!(inside(s, &["two", "17"], "two"));
        let s = "After two more patients died, officials said 17 were dead.";
        assert!(!inside(s, &["two", "17"], "two"), "no change");
        // a change with no figure before the cause is not one of a count
        let s = "Tensions rose after police killed 12 protesters.";
        assert!(!inside(s, &["12"], "12"));
        // a comma inside a number does not end the cause; whole words only
        let s = "The toll rose to 1,017 after 1,200 more bodies were found.";
        assert!(inside(s, &["1,017", "1,200"], "1,200"));
        let s = "The toll rose to 17 afterwards; 2 died.";
        assert!(!inside(s, &["17", "2"], "2"));
        assert!(causes_of_change(s, &figures(s, &["17"]), &[], &causes).is_empty());
    }

    /// The raise pattern is built from the raise verbs and count nouns in
    /// force, each from whichever file set it last.
    #[test]
    fn the_raise_pattern_takes_each_list_from_the_file_that_set_it() {
        use super::given_as_risen;
        let s = "Police arrested two more, lifting the number of people in custody to nine.";
        let at = s.find("nine").unwrap_or(0);
        let rules = compile(&load::builtin_sources()).unwrap();
        assert_eq!(given_as_risen(s, at, &rules.settings), None, "no built-in verb \"lifting\"");
        let mut sources = load::builtin_sources();
        sources.push(RuleSource { name: "mine.yaml".into(), text: "settings:\n  raise_verbs: [lifting]\n".into() });
        let rules = compile(&sources).unwrap();
        assert_eq!(given_as_risen(s, at, &rules.settings).as_deref(), Some("lifting"), "the built-in count nouns stay");
        let s = "It brought the number of arrests to 12.";
        assert_eq!(given_as_risen(s, s.find("12").unwrap_or(0), &rules.settings), None, "the user's verbs replace the built-in ones");
    }

    /// A phrase matches whole words in any ASCII case, its spaces any run
    /// of white space; the lowering and the "down from" marks use it.
    #[test]
    fn phrases_match_whole_words_in_any_case() {
        use super::{figures_before_phrases, first_phrase_in, phrase_matches};
        let all = |s: &str, p: &str| phrase_matches(s, p).map(|m| (m.start, m.end)).collect::<Vec<(usize, usize)>>();
        assert_eq!(all("38 remain, Down\n  From 41", "down from"), [(11, 22)]);
        assert!(all("countdown from 41", "down from").is_empty());
        assert!(all("down fromage", "down from").is_empty());
        assert_eq!(all("after, After; AFTER", "after"), [(0, 5), (7, 12), (14, 19)]);
        assert!(all("", "after").is_empty());
        assert!(all("after", "").is_empty());
        let phrases = vec!["revising down".to_string()];
        assert_eq!(first_phrase_in("8 missing, Revising  down its figure", &phrases), Some("revising down"));
        assert_eq!(first_phrase_in("8 missing, revisingdown", &phrases), None);
        let from = vec!["down from".to_string()];
        let s = "38 remain in hospital, down from 41 on Friday, and 7 are critical";
        assert_eq!(figures_before_phrases(s, &[0, 33, 50], &from), [(0, "down from")]);
    }

    /// An acronym in brackets before a verb of saying is read with the
    /// name before it; a bracketed word that is no acronym is not.
    #[test]
    fn an_acronym_in_brackets_ends_a_name() {
        use super::before_acronym;
        assert_eq!(before_acronym("The National Institute (INGD) "), Some(("The National Institute", "INGD")));
        assert_eq!(before_acronym("the ministry (MoH)"), Some(("the ministry", "MoH")));
        assert_eq!(before_acronym("the Red Cross (IFRC-2)"), Some(("the Red Cross", "IFRC-2")));
        for no in ["the agency (Reuters) ", "the suspect (34) ", "(INGD) ", "the agency (I) ", "the agency (INGD", "the agency INGD"] {
            assert_eq!(before_acronym(no), None, "{no:?}");
        }
    }

    /// The default rules' `according to X` and `cited X as saying`, searched
    /// with their unbounded form first, find the sources their exact
    /// regexes (`{2,80}?`) find, over random texts with sources of every
    /// length around the bound, the lists' words, runs of white space and
    /// the characters that end a source.
    #[test]
    fn sources_are_those_of_the_exact_regexes() {
        let rules = compile(&load::resolve_sources(&[], false).unwrap()).unwrap();
        let a = &rules.attribution;
        let regexes = [a.before.as_ref().unwrap(), a.cited.as_ref().unwrap()];
        assert!(regexes.iter().all(|r| r.exact.as_str().contains("{2,80}?")), "the bound is where the test expects it");
        const PIECES: &[&str] = &[
            "according to ",
            "According  to\t",
            "citing ",
            "as reported by ",
            "cited ",
            "quoted ",
            " as saying",
            " as  saying ",
            "police",
            " the regional governor of a province that is very far away indeed",
            " ",
            "   ",
            ",",
            ".",
            ";",
            ":",
            "“",
            "”",
            "(",
            ")",
            "é",
            "Алматы",
            "x",
            "\n",
        ];
        let (mut found, mut long) = (0, 0);
        for text in (0..40).flat_map(|len| crate::test_support::mixes(PIECES, 60, len, len as u64 + 11)) {
            for re in regexes {
                let got: Vec<(usize, &str)> = re.sources(&text).iter().map(|m| (m.start(), m.as_str())).collect();
                let want: Vec<(usize, &str)> =
                    re.exact.captures_iter(&text).filter_map(|c| c.name("source")).map(|m| (m.start(), m.as_str())).collect();
                assert_eq!(got, want, "{text:?}");
                found += got.len();
                long += got.iter().filter(|(_, s)| s.chars().count() > 60).count();
            }
        }
        assert!(found > 300 && long > 20, "the texts hold sources, long ones too: {found}, {long}");
    }

    /// "since Sunday" starts the period a running total covers: the figure
    /// holds as of publication.
    #[test]
    fn a_day_after_since_does_not_date_the_figure() {
        let mut doc = Document::from_text("d", "e", "");
        doc.published = NaiveDate::from_ymd_opt(2026, 8, 12); // a Wednesday
        let published = doc.published;
        let s = "30,000 people have been evacuated since Sunday.";
        assert_eq!(as_of(s, &doc, s.find("30,000").unwrap(), &[]), published);
        let s = "Police have arrested 40 people since August 3.";
        assert_eq!(as_of(s, &doc, s.find("40").unwrap(), &[]), published);
        let s = "The blaze has burned 18,000 hectares since it broke out on Sunday.";
        assert_eq!(as_of(s, &doc, s.find("18,000").unwrap(), &[]), published, "in a clause that starts with since");
        let s = "Police arrested 40 people on Sunday.";
        assert_eq!(as_of(s, &doc, s.find("40").unwrap(), &[]), NaiveDate::from_ymd_opt(2026, 8, 9), "not after since");
        let s = "Since the fire began, police arrested 40 people on Sunday.";
        assert_eq!(as_of(s, &doc, s.find("40").unwrap(), &[]), NaiveDate::from_ymd_opt(2026, 8, 9), "the since clause ended");
    }

    /// A date does not reach a figure in a present-tense clause joined after it.
    #[test]
    fn a_date_does_not_reach_a_present_clause_joined_after_it() {
        let mut doc = Document::from_text("d", "e", "");
        doc.published = NaiveDate::from_ymd_opt(2025, 9, 23); // a Tuesday
        let monday = NaiveDate::from_ymd_opt(2025, 9, 22);
        let s = "The body of one more passenger was found on Monday night, and one person is still missing, officials said.";
        assert_eq!(as_of(s, &doc, s.find("one person").unwrap(), &[]), doc.published);
        let s = "On Monday police arrested 12 people, and 40 were injured.";
        assert_eq!(as_of(s, &doc, s.find("40").unwrap(), &[]), monday, "a past clause keeps the date");
        let s = "On Monday night 40 people are still missing.";
        assert_eq!(as_of(s, &doc, s.find("40").unwrap(), &[]), monday, "no join between");
    }

    /// "a day earlier" counts back from publication, and dates the figure
    /// next to it only.
    #[test]
    fn a_day_named_by_its_distance_dates_the_figure_next_to_it() {
        let mut doc = Document::from_text("d", "e", "");
        doc.published = NaiveDate::from_ymd_opt(2026, 8, 5);
        let s = "The toll rose to 21, up from 14 a day earlier.";
        let figures = [s.find("21").unwrap(), s.find("14").unwrap()];
        assert_eq!(as_of(s, &doc, figures[0], &figures), doc.published);
        assert_eq!(as_of(s, &doc, figures[1], &figures), NaiveDate::from_ymd_opt(2026, 8, 4));
        let s = "Yesterday police said 40 people had been detained.";
        assert_eq!(as_of(s, &doc, s.find("40").unwrap(), &[]), NaiveDate::from_ymd_opt(2026, 8, 4));
    }

    /// A day ahead is a plan's: the figure holds as of publication.
    #[test]
    fn a_day_in_a_clause_that_looks_ahead_does_not_date_the_figure() {
        let mut doc = Document::from_text("d", "e", "");
        doc.published = NaiveDate::from_ymd_opt(2026, 5, 20); // a Wednesday
        let published = doc.published;
        let friday_before = NaiveDate::from_ymd_opt(2026, 5, 15);
        for s in [
            "Rescue operations involving some 300 personnel are expected to end on Friday.",
            "Another 300 soldiers will arrive on Friday.",
            "The 300 troops are scheduled to leave on Friday.",
            "A vote on the 300 seats is set for Friday.",
            "The 300 troops are scheduled to leave the country on Friday.",
        ] {
            assert_eq!(as_of(s, &doc, s.find("300").unwrap(), &[]), published, "{s}");
        }
        for s in [
            "Police arrested 300 people on Friday.",
            "Due to heavy rain on Friday, 300 people were evacuated.",
            "Moldova will not be another Ukraine the prime minister of Armenia said early on Friday that 300 troops were sent.",
        ] {
            assert_eq!(as_of(s, &doc, s.find("300").unwrap(), &[]), friday_before, "{s}");
        }
    }

    /// A day in a clause that singles out one of those counted ("including
    /// a boy pulled out on Tuesday night") is that one's, not the count's.
    #[test]
    fn a_day_that_singles_out_one_of_those_counted_does_not_date_the_count() {
        let mut doc = Document::from_text("d", "e", "");
        doc.published = NaiveDate::from_ymd_opt(2026, 5, 20); // a Wednesday
        let published = doc.published;
        for s in [
            "Rescuers have recovered 35 people alive, including a three-year-old boy pulled from a kitchen on Tuesday night.",
            "Nineteen people were rescued alive, the last of them a bricklayer pulled out late on Monday.",
            "Nineteen people were rescued alive, one of them on Monday.",
        ] {
            let at = s.find("35").or_else(|| s.find("Nineteen")).unwrap();
            assert_eq!(as_of(s, &doc, at, &[]), published, "{s}");
        }
        let s = "Nineteen people were rescued alive, officials said on Monday.";
        assert_eq!(as_of(s, &doc, s.find("Nineteen").unwrap(), &[]), NaiveDate::from_ymd_opt(2026, 5, 18), "{s}");
    }

    #[test]
    fn a_weekday_in_the_possessive_names_the_event_not_the_date() {
        let mut doc = Document::from_text("d", "e", "");
        doc.published = NaiveDate::from_ymd_opt(2026, 5, 3); // a Sunday
        let saturday = NaiveDate::from_ymd_opt(2026, 5, 2);
        let s = "The number arrested after Friday's protest has risen to 260, prosecutors said on Saturday.";
        assert_eq!(as_of(s, &doc, s.find("260").unwrap(), &[]), saturday);
        let s = "Friday night’s quake killed 12 people, officials said on Saturday.";
        assert_eq!(as_of(s, &doc, s.find("12").unwrap(), &[]), saturday);
        let s = "On Friday, 12 people were killed.";
        assert_eq!(as_of(s, &doc, s.find("12").unwrap(), &[]), NaiveDate::from_ymd_opt(2026, 5, 1), "not a possessive");
    }

    #[test]
    fn a_date_dates_the_figure_next_to_it() {
        let mut doc = Document::from_text("d", "e", "");
        doc.published = NaiveDate::from_ymd_opt(2025, 3, 11); // a Tuesday
        let s = "Authorities deployed 250 rescuers overnight, up from 120 on Monday.";
        let figures = [s.find("250").unwrap(), s.find("120").unwrap()];
        let monday = NaiveDate::from_ymd_opt(2025, 3, 10);
        assert_eq!(as_of(s, &doc, figures[0], &figures), doc.published, "Monday is the 120's");
        assert_eq!(as_of(s, &doc, figures[1], &figures), monday);
        let s = "On Monday, 120 rescuers were deployed; on January 8 there were 90.";
        let figures = [s.find("120").unwrap(), s.find("90").unwrap()];
        assert_eq!(as_of(s, &doc, figures[0], &figures), monday);
        assert_eq!(as_of(s, &doc, figures[1], &figures), NaiveDate::from_ymd_opt(2025, 1, 8));
    }

    /// The title map is only built for sources that may be titles, so a key
    /// the test turns down would be a title lost.
    #[test]
    fn every_key_of_a_title_map_may_be_a_title() {
        let extra = "attribution:\n  titles: [\"press secretary.\", \"İmam\", \"chief – of staff\"]\n";
        let mut sources = load::builtin_sources();
        sources.push(RuleSource { name: "extra.yaml".into(), text: extra.into() });
        let rules = compile(&sources).unwrap();
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/kazakhstan-2022");
        let mut texts: Vec<String> =
            std::fs::read_dir(folder).unwrap().filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok()).collect();
        texts.push(
            "The Press Secretary. Jane Doe spoke. Our İMAM Ali Veli prayed. The Chief – of\nStaff Bob Roe and \
             Kazakh Foreign Minister Mukhtar Tileuberdi met."
                .into(),
        );
        let keys: Vec<String> = texts.iter().flat_map(|t| titles(&SearchText::new(t), &rules).into_keys()).collect();
        for key in ["press secretary", "our i\u{307}mam", "chief – of\nstaff", "kazakh foreign minister"] {
            assert!(keys.iter().any(|k| k == key), "{key:?} not in {keys:?}");
        }
        for key in &keys {
            assert!(rules.attribution.may_be_title(key), "{key:?}");
        }
        assert!(!rules.attribution.may_be_title("the interior ministry"));
        assert!(!rules.attribution.may_be_title("tokayev"));
        // a title of punctuation alone cannot be tested for: every source may be one
        sources.push(RuleSource { name: "odd.yaml".into(), text: "attribution:\n  titles: [\"--\"]\n".into() });
        assert!(compile(&sources).unwrap().attribution.may_be_title("tokayev"));
    }

    /// The year gate must pass every sentence the event pattern matches,
    /// whatever markers the rules give it.
    #[test]
    fn every_sentence_the_year_pattern_matches_passes_the_year_gate() {
        let mut sources = load::builtin_sources();
        sources.push(RuleSource { name: "markers.yaml".into(), text: "events:\n  year_markers: [since, \"as of\", '2', 'x20']\n".into() });
        let rules = compile(&sources).unwrap();
        let re = rules.events.year_regex.as_ref().unwrap();
        #[rustfmt::skip]
        const PIECES: &[&str] = &[
            "in ", "In ", "during ", "back in ", "since ", "as of ", "2 ", "x20 ", "the ", "late ", "mid-", "December ",
            "Jan. ", "8, ", "2022", "1986", "2011", "1899", "20٢٢", "1", "2", "0", "8", "9", "٢", " ", "é", ".", ", when",
            "The ", "A ", "“", "fire", ", and ", ", in which", "since ",
        ];
        let mut matched = 0;
        let mut other = 0;
        for text in (1..=14).flat_map(|len| crate::test_support::mixes(PIECES, 2_200, len, len as u64)) {
            if re.is_match(&text) {
                matched += 1;
                assert!(may_hold_year(&text), "{text:?}");
            }
            // every year read from a match that is not 2022 passes the
            // gate of years other than 2022
            for caps in re.captures_iter(&text) {
                if let Some(year) = super::year_of(&caps).and_then(|y| y.parse::<i32>().ok()).filter(|&y| y != 2022) {
                    other += 1;
                    assert!(may_hold_year_other_than(&text, 2022), "{year} in {text:?}");
                }
            }
        }
        assert!(matched > 500, "the random sentences match: {matched}");
        assert!(other > 300, "the random sentences name other years: {other}");
        assert!(!may_hold_year_other_than("In 2022, 2022 people; 20٢٢ and 1 9 9 9", 2022));
        assert!(may_hold_year_other_than("in 2022 as in 1999", 2022));
        assert!(may_hold_year_other_than("x120231", 2022), "2023 is read inside longer digits too");
        assert!(!may_hold_year("In March 2l, 1 in 9 were 1 8 years old"));
    }

    #[test]
    fn the_year_gates_answer_as_their_windowed_definitions() {
        // the definitions before the gates jumped between `1`s and `2`s
        let holds_year = |s: &str| s.as_bytes().windows(2).any(|pair| matches!(pair, [b'1', b'8' | b'9'] | [b'2', b'0']));
        let other_year = |s: &str, reference: i32| {
            s.as_bytes().windows(4).any(|w| match w {
                [a @ (b'1' | b'2'), b, c, d]
                    if matches!((a, b), (b'1', b'8' | b'9') | (b'2', b'0')) && c.is_ascii_digit() && d.is_ascii_digit() =>
                {
                    w.iter().fold(0, |y, &digit| y * 10 + i32::from(digit - b'0')) != reference
                }
                _ => false,
            })
        };
        const PIECES: &[&str] = &["1", "2", "0", "8", "9", "22", "2022", "1999", "٢", " ", "x", "12", "20", "18"];
        for text in (0..=10).flat_map(|len| crate::test_support::mixes(PIECES, 3_000, len, 7 + len as u64)) {
            assert_eq!(may_hold_year(&text), holds_year(&text), "{text:?}");
            for reference in [2022, 1999, 2012] {
                assert_eq!(may_hold_year_other_than(&text, reference), other_year(&text, reference), "{text:?} against {reference}");
            }
        }
    }

    /// The event id [`sentence_events`] gives the figure `figure` (its
    /// first occurrence) of a sentence of an article about a 2026 event,
    /// under the built-in rules (compiled once per call of this).
    fn scoping_in_2026() -> impl Fn(&str, &str) -> Option<String> {
        let rules = compile(&load::builtin_sources()).unwrap();
        let mut doc = Document::from_text("d", "e", "");
        doc.event_year = Some(2026);
        doc.published = NaiveDate::from_ymd_opt(2026, 6, 16);
        move |s: &str, figure: &str| {
            let at = s.find(figure).unwrap_or_else(|| panic!("{figure:?} in {s:?}"));
            sentence_events(s, &doc, &rules).at(s, at).map(|(id, _)| id.clone())
        }
    }

    /// A subject word, a year and a word opening a sentence date it ("The
    /// 2019 fire killed 85 people"); the same words later in a sentence are
    /// often a comparison, and do not.
    #[test]
    fn a_year_opening_the_sentence_dates_it() {
        let scoped = scoping_in_2026();
        assert_eq!(scoped("The 2019 fire killed 85 people.", "85").as_deref(), Some("other-2019"));
        assert_eq!(scoped("A 2011 crash on the same line killed 43.", "43").as_deref(), Some("other-2011"));
        assert_eq!(scoped("“The 2019 fire killed 85 people,” he said.", "85").as_deref(), Some("other-2019"));
        assert_eq!(scoped("The toll of 25 is the highest since the 2011 crash.", "25"), None, "a comparison");
        assert_eq!(scoped("The 2026 fire killed 12 people.", "12"), None, "the article's own year");
        assert_eq!(scoped("The 2019, 2020 and 2021 fires killed 40.", "40"), None, "a year and a comma");
    }

    /// A rate phrase right after a figure makes it a rate; one that opens a
    /// time ("a day after") does not.
    #[test]
    fn a_rate_phrase_after_a_figure_is_told_from_a_time() {
        let rates: Vec<String> = ["a day", "per year", "every week"].map(String::from).to_vec();
        assert!(super::rate_follows(" a day on more than 68,000 km of track.", &rates));
        assert!(super::rate_follows(" Per  Year, officials said", &rates));
        assert!(super::rate_follows(" every week.", &rates));
        assert!(!super::rate_follows(" a day after the vote.", &rates));
        assert!(!super::rate_follows(" a daylong march", &rates), "whole words only");
        assert!(!super::rate_follows(", a day on", &rates), "right after the figure only");
        assert!(!super::rate_follows(" on a day of protests", &rates));
    }

    /// A subject word and a year anywhere, with a relative clause after a
    /// few words, date the clause: it tells what happened then. The figures
    /// before it are this event's.
    #[test]
    fn a_relative_clause_after_a_year_dates_the_clause() {
        let scoped = scoping_in_2026();
        assert_eq!(scoped("It followed a 2019 shooting that killed 12 people.", "12").as_deref(), Some("other-2019"));
        assert_eq!(
            scoped("It was the deadliest since the 2011 disaster near the capital that claimed 154 lives.", "154").as_deref(),
            Some("other-2011")
        );
        assert_eq!(scoped("It was the worst since the 2011 crash, which killed 43.", "43").as_deref(), Some("other-2011"));
        assert_eq!(scoped("The toll of 25 is the highest since the 2011 crash.", "25"), None, "no relative clause");
        let far = "The 25 dead make it the worst since the 2011 crash on the old coastal line through the hills that is now closed.";
        assert_eq!(scoped(far, "25"), None, "too far");
        assert_eq!(scoped("The 12 killed were the most since the 2026 storm that hit the coast.", "12"), None, "the article's own year");
        let both = "The 10 deaths make it the deadliest since a 2019 shooting in Easton that killed 12.";
        assert_eq!(scoped(both, "10"), None, "before the year: this event's");
        assert_eq!(scoped(both, "12").as_deref(), Some("easton-2019"));
        let which = "It revived memories of the 2009 Chandni Chowk market fire, in which 40 people died.";
        assert_eq!(scoped(which, "40").as_deref(), Some("other-2009"), "a relative of two words");
        // a month before the year; an aside between commas before the relative
        let aside = "Residents recall the October 2022 blast at Amasra, 20 kilometres away, in which 41 miners were killed.";
        assert_eq!(scoped(aside, "41").as_deref(), Some("amasra-2022"));
        assert_eq!(scoped("The October 2022 blast at Amasra killed 41 miners.", "41").as_deref(), Some("amasra-2022"));
        let joined = "The toll is the highest since the 2019 floods, and 40 people who were rescued are safe.";
        assert_eq!(scoped(joined, "40"), None, "a clause after one comma is no aside");
        // an event named by "of" and its year (`year_of`)
        let of = "It was the worst accident since the MV Nyerere disaster of 2018, in which 228 people died.";
        assert_eq!(scoped(of, "228").as_deref(), Some("other-2018"));
        assert_eq!(scoped("The floods of 2019 were worse, and 12 people died on Monday.", "12"), None, "no relative clause");
    }

    /// "since" and a year start a running total of another event, unless a
    /// comparison word stands before them; a season "last winter" dates the
    /// sentence to the year before publication.
    #[test]
    fn a_period_since_a_year_is_another_event_unless_compared() {
        let scoped = scoping_in_2026();
        let s = "Armed gangs have killed thousands of people in the region since 2011, officials said.";
        assert_eq!(scoped(s, "thousands").as_deref(), Some("other-2011"));
        assert_eq!(scoped("Since March 2019, 40 people have died on this road.", "40").as_deref(), Some("other-2019"));
        assert_eq!(scoped("The 26 deaths make it the deadliest attack since 2011.", "26"), None, "a comparison");
        assert_eq!(scoped("It is the worst toll since 2015: 26 dead.", "26"), None, "a comparison before");
        assert_eq!(scoped("Police have arrested 300 people since January 2026.", "300"), None, "the article's own year");
        assert_eq!(scoped("Last winter, avalanches in the region killed three people.", "three").as_deref(), Some("other-2025"));
    }

    /// A clause joined after a comma and opening with a subject word and a
    /// year is dated like a sentence that opens so; the figures before it
    /// keep the year that dated them.
    #[test]
    fn a_joined_clause_opening_with_a_year_dates_the_clause() {
        let scoped = scoping_in_2026();
        let s = "In 2009, a fire at the market killed 40 people, and a 2011 blaze at a private hospital in the city killed 89.";
        assert_eq!(scoped(s, "40").as_deref(), Some("other-2009"));
        assert_eq!(scoped(s, "89").as_deref(), Some("other-2011"));
        let s = "The fire killed 12 people, while the 2019 blaze on the same street killed 30.";
        assert_eq!(scoped(s, "12"), None, "before the joined year: this event's");
        assert_eq!(scoped(s, "30").as_deref(), Some("other-2019"));
        let s = "The fire killed 12 people and the 2019 blaze killed 30.";
        assert_eq!(scoped(s, "30"), None, "no comma: a comparison may follow");
        let s = "The fire killed 12 people, and the 2026 count of 30 injured is provisional.";
        assert_eq!(scoped(s, "30"), None, "the article's own year");
    }

    /// "last year" is the year before publication, unless that is the
    /// event's own.
    #[test]
    fn last_year_is_the_year_before_publication() {
        let rules = compile(&load::builtin_sources()).unwrap();
        let mut doc = Document::from_text("d", "e", "");
        doc.event_year = Some(2026);
        doc.published = NaiveDate::from_ymd_opt(2026, 6, 16);
        let s = "More than 2,000 people died crossing the Mediterranean last year.";
        let event = |doc: &Document, s: &str| sentence_events(s, doc, &rules).at(s, 10).map(|(id, _)| id.clone());
        assert_eq!(event(&doc, s).as_deref(), Some("other-2025"));
        doc.published = NaiveDate::from_ymd_opt(2027, 1, 5);
        assert_eq!(event(&doc, s), None, "published the year after the event: last year is the event's");
        doc.published = None;
        assert_eq!(event(&doc, s), None, "no publication date, no last year");
        doc.published = NaiveDate::from_ymd_opt(2026, 6, 16);
        assert_eq!(event(&doc, "At least 36 people died in the sinking."), None);
    }

    /// A year followed by a comma and a clause word dates the clause, as a
    /// marker before it does; a year with neither does not.
    #[test]
    fn a_clause_after_a_year_dates_the_clause() {
        let scoped = scoping_in_2026();
        assert_eq!(scoped("It was the worst accident since 2009, when 96 people drowned.", "96").as_deref(), Some("other-2009"));
        assert_eq!(scoped("In 2009, when 96 people drowned, the port was closed.", "96").as_deref(), Some("other-2009"));
        assert_eq!(scoped("Under the 2009 rules, when applied, the toll was cut to 12.", "12"), None, "no comma right after the year");
        assert_eq!(scoped("It was the worst accident since 2009, killing 41 people.", "41"), None, "no clause word");
        assert_eq!(scoped("Since March 2026, when 41 people died, the port has been shut.", "41"), None, "the article's own year");
        let both = "The 40 deaths make it the worst accident since 2009, when 96 people drowned.";
        assert_eq!(scoped(both, "40"), None, "before the year: this event's");
    }

    /// "Seven years ago" and "a decade ago" count back from publication
    /// (2026 here); a count that is no number dates nothing.
    #[test]
    fn years_ago_count_back_from_publication() {
        let scoped = scoping_in_2026();
        let ago = "Seven years ago, 52 people died in a similar disaster in the Dessa valley.";
        assert_eq!(scoped(ago, "52").as_deref(), Some("other-2019"));
        assert_eq!(scoped("Some 40 people died there 12 years ago.", "40").as_deref(), Some("other-2014"));
        assert_eq!(scoped("A decade ago, 30 miners were killed.", "30").as_deref(), Some("other-2016"));
        assert_eq!(scoped("Two decades ago, 30 miners were killed.", "30").as_deref(), Some("other-2006"));
        assert_eq!(scoped("A year ago, 30 miners were killed.", "30").as_deref(), Some("other-2025"));
        assert_eq!(scoped("Many years ago, 30 miners were killed.", "30"), None);
        assert_eq!(scoped("The 30 miners killed in the blast had started work years ago.", "30"), None);
        assert_eq!(scoped("Twenty-one years ago, 30 miners were killed.", "30").as_deref(), Some("other-2005"));
        // a word before the count is not read as a part of it
        assert_eq!(scoped("Some 52 people died in a similar disaster six years ago.", "52").as_deref(), Some("other-2020"));
    }

    /// The period gate passes every sentence the named-period pattern
    /// matches, in any case.
    #[test]
    fn every_sentence_the_named_period_pattern_matches_passes_its_gate() {
        let rules = compile(&load::builtin_sources()).unwrap();
        let re = rules.events.named_period.as_ref().unwrap();
        assert!(rules.events.periods_need_since);
        #[rustfmt::skip]
        const PIECES: &[&str] = &["since ", "SINCE ", "Since ", "sin", "ce ", "the ", "Chibok ", "Kankara ", "abduction", "É", "attack ", ". ", ", "];
        let mut matched = 0;
        for text in (1..=6).flat_map(|len| crate::test_support::mixes(PIECES, 3_000, len, len as u64)) {
            if re.is_match(&text) {
                matched += 1;
                assert!(super::may_name_a_period(&text), "{text:?}");
            }
        }
        assert!(matched > 100, "the random sentences match: {matched}");
    }

    /// A subject before a relative clause or an appositive set off by
    /// commas speaks for the verb of saying after it.
    #[test]
    fn a_subject_before_a_relative_clause_is_the_speaker() {
        let subject = super::subject_before_relative;
        assert_eq!(
            subject("But the metalworkers' union Metabase, which represents employees at the mine, "),
            Some("But the metalworkers' union Metabase"),
            "the joining word is dropped later, as for any source"
        );
        assert_eq!(subject("Officials, who spoke on condition of anonymity, "), Some("Officials"));
        assert_eq!(subject("The blast, which killed 52 people, and "), None, "no comma right before the verb");
        assert_eq!(subject("Officials, including the mayor, "), None, "no relative clause");
        assert_eq!(subject("The union, which, it says, represents employees, "), None, "a clause with commas inside");
        // a name or a title set off by commas renames the subject
        assert_eq!(subject("The mayor of Caylloma province, Rómulo Tinta, "), Some("The mayor of Caylloma province"));
        assert_eq!(subject("Rómulo Tinta, the mayor of Caylloma province, "), Some("Rómulo Tinta"));
        assert_eq!(subject("Officials, standing by the river, "), None, "neither a name nor a title");
    }

    /// A running total since a named past event belongs to another event,
    /// `since-<name>`; not after a comparison word, nor with a day of this
    /// week in its clause, nor since a day's name.
    #[test]
    fn a_running_total_since_a_named_event_is_another_event() {
        let scoped = scoping_in_2026();
        let since = "According to Unicef, more than 1,680 students have been kidnapped in Nigeria since the Chibok abduction.";
        assert_eq!(scoped(since, "1,680").as_deref(), Some("since-chibok"));
        let compared = "It is the largest abduction since the Chibok kidnapping, when 276 girls were abducted.";
        assert_eq!(scoped(compared, "276"), None, "a comparison dates nothing");
        assert_eq!(scoped("Since the Gusau attack on Monday, police have arrested 14 suspects.", "14"), None, "this week's");
        assert_eq!(scoped("Since Monday's attack, 40 people have been arrested.", "40"), None, "a day's name");
        assert_eq!(scoped("Since the attack, 40 people have been arrested.", "40"), None, "no name");
    }

    /// "Six years after" dates what follows it, counted back from
    /// publication (2026 here); a figure before it stays in this event.
    #[test]
    fn years_after_date_only_the_figures_after_them() {
        let scoped = scoping_in_2026();
        let after = "The disaster comes six years after a tailings dam burst in Brumadinho, killing 270 people.";
        assert_eq!(scoped(after, "270").as_deref(), Some("brumadinho-2020"));
        let both = "At least 14 people died on Tuesday, six years after a dam burst in Brumadinho killed 270.";
        assert_eq!(scoped(both, "14"), None, "before the count of years: this event's");
        assert_eq!(scoped(both, "270").as_deref(), Some("brumadinho-2020"));
        assert_eq!(scoped("Two days after the blast, 12 people died in hospital.", "12"), None, "days are no years");
    }

    /// The years-ago gate must pass every sentence the years-ago or
    /// years-after pattern matches, in any case.
    #[test]
    fn every_sentence_the_years_ago_pattern_matches_passes_its_gate() {
        let rules = compile(&load::builtin_sources()).unwrap();
        let ago = rules.events.years_ago.as_ref().unwrap();
        let after = rules.events.years_after.as_ref().unwrap();
        #[rustfmt::skip]
        const PIECES: &[&str] = &[
            "seven ", "7 ", "a ", "An ", "twenty-one ", "years ", "YEARS ", "Year ", "decade ", "DeCaDes ", "ago", "AGO",
            "after", "AFTER ", "yea", "rs ", "dec", "ade ", ".", ", ", "é", "\u{212A}", "ſ",
        ];
        let mut matched = 0;
        for text in (1..=8).flat_map(|len| crate::test_support::mixes(PIECES, 3_000, len, len as u64)) {
            if ago.is_match(&text) || after.is_match(&text) {
                matched += 1;
                assert!(super::may_count_years(&text), "{text:?}");
            }
        }
        assert!(matched > 300, "the random sentences match: {matched}");
        assert!(!super::may_count_years("Seven yeas ago, 30 died in the dekade."));
    }

    /// Each year a marker names dates the figures after it, up to the next
    /// year; the first also those before it. The article's own year and a
    /// semicolon end another year's reach.
    #[test]
    fn each_marked_year_dates_its_own_clause() {
        let scoped = scoping_in_2026();
        let two = "In 2013, 48 pilgrims died in a crush at Mecca, and in 2005 more than 300 died at Mina.";
        assert_eq!(scoped(two, "48").as_deref(), Some("mecca-2013"));
        assert_eq!(scoped(two, "300").as_deref(), Some("mina-2005"));
        assert_eq!(scoped("At least 48 people died in 2013.", "48").as_deref(), Some("other-2013"), "a figure before the year");
        let own = "In 2013, 48 died, while in 2026 the toll is 60.";
        assert_eq!(scoped(own, "48").as_deref(), Some("other-2013"));
        assert_eq!(scoped(own, "60"), None, "after the article's own year");
        let own_clause = "Eleven workers were injured at the plant in 2019, and three were killed in 2014.";
        assert_eq!(scoped(own_clause, "Eleven").as_deref(), Some("other-2019"));
        assert_eq!(scoped(own_clause, "three").as_deref(), Some("other-2014"), "its own clause's year");
        let both = "In 2014, a leak at the same plant killed 3 workers; in 2019, 11 were hurt.";
        assert_eq!(scoped(both, "3 workers").as_deref(), Some("other-2014"), "the year after is past a semicolon");
        assert_eq!(scoped(both, "11").as_deref(), Some("other-2019"));
        let semicolon = "In 2013, 48 died; this time 60 did.";
        assert_eq!(scoped(semicolon, "60"), None, "across a semicolon");
        let last = "The 36 dead compare with more than 2,000 who died crossing last year.";
        assert_eq!(scoped(last, "2,000").as_deref(), Some("other-2025"), "before \"last year\" in its clause");
    }

    /// Asserts the source of the first claim of each text under the
    /// built-in rules.
    fn assert_sources(cases: &[(&str, Option<&str>)]) {
        let rules = compile(&load::builtin_sources()).unwrap();
        for (text, expected) in cases {
            let source = crate::extract::extract_text(text, "e", &rules).first().and_then(|c| c.attribution.clone());
            assert_eq!(source.as_deref(), *expected, "{text}");
        }
    }

    /// A verb of saying right before a people trigger is a participle
    /// ("confirmed dead"): the words before it are no source.
    #[test]
    fn a_participle_names_no_source() {
        assert_sources(&[
            ("The number of people confirmed dead has risen to 58, the interior ministry said.", Some("interior ministry")),
            ("Twelve passengers were reported missing.", None),
            ("The ministry reported 12 people missing.", Some("ministry")), // a verb before a figure still is one
            ("The ministry confirmed that 12 people died.", Some("ministry")),
            ("Losses are estimated at $1.5 billion.", None), // a passive
            ("Twelve deaths were reported on Monday.", None),
        ]);
    }

    /// A speaker named after the verb that starts its clause is the
    /// source; a date, a verb's object or a lower-case phrase is not.
    #[test]
    fn a_speaker_named_after_the_verb_is_the_source() {
        assert_sources(&[
            ("At least 20 people were killed, said Maria Lopez, the governor.", Some("Maria Lopez")),
            ("“We counted 40 bodies,” said the health ministry.", Some("health ministry")),
            ("At least 46 people were killed, added Mr. Smith.", Some("Mr. Smith")),
            ("Six were hurt, said police spokesman John Smith.", Some("police spokesman John Smith")),
            ("Six were hurt, said on Tuesday Reuters.", None),      // a phrase of time
            ("At least 44 people were killed, said Monday.", None), // a date
            ("At least 42 people were killed, said on Monday the agency.", None), // lower case
            ("At least 43 people were killed, told Reuters a witness.", None), // an object
            ("At least 45 people were killed, said the ministry that runs the hospitals.", None),
            // the words before the verb still come first
            ("At least 18 people were killed, hospital officials told Reuters.", Some("hospital officials")),
        ]);
    }

    /// Words between the speaker and the verb are not the speaker's.
    #[test]
    fn an_adverb_or_auxiliary_before_the_verb_is_not_the_source() {
        assert_sources(&[
            ("Police had earlier put the death toll at 21.", Some("Police")),
            ("Earlier the interior ministry had said 21 people died.", Some("interior ministry")),
            ("The ministry has also said 21 people died.", Some("ministry")),
            ("Hospital officials said 21 people died.", Some("Hospital officials")),
        ]);
    }

    /// "the agency's latest tally" is the agency's; "Kazakhstan's interior
    /// ministry" keeps its name.
    #[test]
    fn a_record_is_its_owners() {
        assert_sources(&[
            ("At least 45 people have died, according to the agency's latest tally.", Some("agency")),
            ("At least 45 people have died, according to the health ministry’s figures.", Some("health ministry")),
            ("At least 45 people have died, according to Kazakhstan's interior ministry.", Some("Kazakhstan's interior ministry")),
        ]);
    }

    /// A word that joins clauses before a verb of saying is no speaker.
    #[test]
    fn a_joining_word_is_no_source() {
        assert_sources(&[
            ("Residents recall the 2019 slide, which killed 52 people, and say warnings were ignored.", None),
            ("The slide killed 52 people, but say officials the warnings were ignored.", None),
            ("The slide killed 52 people, residents say.", Some("residents")),
        ]);
    }

    /// Unnamed officials are a source, as "authorities" are: the figure is
    /// attributed, not the writer's own.
    #[test]
    fn officials_are_a_source() {
        assert_sources(&[
            ("At least 13 people were killed, officials said.", Some("officials")),
            ("At least 16 people were killed, according to officials.", Some("officials")),
            ("Thirty-eight people died, officials say.", Some("officials")),
            ("Police say 38 people died.", Some("Police")),
            ("At least 16 people were killed, they said.", None), // a pronoun is not
        ]);
    }

    #[test]
    fn asides_are_dash_pairs_or_parentheses() {
        let s = "The PM said the CSTO – an alliance of Russia and Belarus – would act (with 2,000 troops) soon.";
        assert!(in_aside(s, s.find("Russia").unwrap()));
        assert!(!in_aside(s, s.find("would").unwrap()));
        assert!(in_aside(s, s.find("2,000").unwrap()));
        assert!(!in_aside(s, s.find("PM").unwrap()));
        assert!(!in_aside("a – b", 4), "one dash opens no aside after it");
        assert!(!in_aside(s, 9999));
        // the same answers as counting with `str::matches`, at every byte
        let counted = |s: &str, at: usize| {
            let (Some(before), Some(after)) = (s.get(..at), s.get(at..)) else { return false };
            let dashes = |t: &str| t.matches(['–', '—']).count() + t.matches(" - ").count();
            let open_parens = before.matches('(').count() > before.matches(')').count();
            (dashes(before) % 2 == 1 && dashes(after) >= 1) || (open_parens && after.contains(')'))
        };
        const PIECES: &[&str] = &["a", " ", " - ", "-", " -", "- ", "–", "—", "(", ")", "é", "“", "x - - y"];
        for text in (1..=9).flat_map(|len| crate::test_support::mixes(PIECES, 400, len, len as u64)) {
            for at in 0..=text.len() + 1 {
                assert_eq!(in_aside(&text, at), counted(&text, at), "{text:?} at {at}");
            }
        }
    }
}
