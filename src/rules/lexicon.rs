//! One Aho-Corasick automaton over every term of every lexicon (group
//! terms, kind nouns and triggers, list intros), so a sentence is scanned
//! for all of them in a single pass; and a case-insensitive regex over the
//! list intros alone, which tells the sentences without a figure that may
//! still hold a list from those that need no lexicon scan at all.
//!
//! Extraction matches terms inside a sentence: a sentence break ends any
//! term.

use crate::rules::prefilter::{SearchText, Superset};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};
use std::ops::Range;

/// What a matched term means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermRole {
    /// A term of group `n`.
    Group(usize),
    /// A counted noun of kind `n`.
    Noun(usize),
    /// A trigger of kind `n`.
    Trigger(usize),
    /// A trigger of kind `n` that counts only a figure after it.
    TriggerBefore(usize),
    /// An intro phrase of list rule `n`.
    ListIntro(usize),
}

/// A term occurrence in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
    /// Index of the term in [`Lexicon::terms`].
    pub term: usize,
}

/// A term and its meanings.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term as written in the rules.
    pub text: String,
    /// True for all-capital terms (acronyms), matched case-sensitively.
    pub case_sensitive: bool,
    /// Every lexicon entry that uses it.
    pub roles: Vec<TermRole>,
}

/// The compiled lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Terms, indexed by pattern id.
    pub terms: Vec<Term>,
    automaton: AhoCorasick,
    /// The list intros alone, in any case (Unicode case folding, which
    /// finds every occurrence the automaton finds in lowered text, and
    /// more), searched in the text's lowered copy where it has one: `None`
    /// when no list rule has an intro.
    intros: Option<Superset>,
}

/// True for acronyms such as "CSTO": matched case-sensitively.
fn is_acronym(term: &str) -> bool {
    term.chars().filter(|c| c.is_alphabetic()).count() >= 2 && term.chars().all(|c| !c.is_lowercase())
}

/// Normalises a term for matching: lower case (unless an acronym),
/// single spaces, curly apostrophes straightened.
fn normalise(term: &str) -> String {
    let t = term.split_whitespace().collect::<Vec<_>>().join(" ").replace('’', "'");
    if is_acronym(&t) {
        t
    } else {
        t.to_lowercase()
    }
}

impl Lexicon {
    /// Builds the automaton from `(term, role)` pairs.
    pub fn new(entries: impl IntoIterator<Item = (String, TermRole)>) -> Result<Self, String> {
        let mut terms: Vec<Term> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (raw, role) in entries {
            let text = normalise(&raw);
            if text.is_empty() {
                continue;
            }
            let case_sensitive = is_acronym(&text);
            let key = (text.clone(), case_sensitive);
            let id = *index.entry(key).or_insert_with(|| {
                terms.push(Term { text, case_sensitive, roles: Vec::new() });
                terms.len() - 1
            });
            if let Some(term) = terms.get_mut(id) {
                if !term.roles.contains(&role) {
                    term.roles.push(role);
                }
            }
        }
        // lower case throughout (acronyms too, checked against the original
        // text after a match), as every text is searched lowered: in ASCII,
        // or wholly where a range has capitals outside ASCII
        // ([`lowered_copy`]). Matching lowered text exactly finds what ASCII
        // case folding finds in the text, with an automaton of half the
        // size (1.3 MB → 655 KB for the default rules' 328 terms), whose
        // table lookups miss the cache less
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(terms.iter().map(|t| t.text.to_lowercase()))
            .map_err(|e| e.to_string())?;
        let intro_terms: Vec<&str> =
            terms.iter().filter(|t| t.roles.iter().any(|r| matches!(r, TermRole::ListIntro(_)))).map(|t| t.text.as_str()).collect();
        let intros = if intro_terms.is_empty() {
            None
        } else {
            let alternation: Vec<String> = intro_terms.iter().map(|t| regex::escape(t)).collect();
            let pattern = format!("(?i:{})", alternation.join("|"));
            Some(Superset::from_pattern(&pattern).ok_or_else(|| format!("the list intros do not compile: {pattern}"))?)
        };
        Ok(Lexicon { terms, automaton, intros })
    }

    /// Every whole-word occurrence of a term in `text`, in order.
    pub fn hits(&self, text: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        self.hits_in(text, 0..text.len(), &mut out);
        out
    }

    /// Every whole-word occurrence of a term lying inside `range` of `text`,
    /// in order, into `out` (cleared first). Whole words are judged against
    /// the whole text, so a range that starts or ends inside a word finds
    /// no term there; offsets are into `text`. An empty `out` for a range
    /// that is out of bounds or not on character boundaries.
    pub fn hits_in(&self, text: &str, range: Range<usize>, out: &mut Vec<Hit>) {
        self.hits_in_lowered(text, None, range, out);
    }

    /// [`Lexicon::hits_in`] over the text of `search`, whose lowered copy
    /// (made once for the document's searches) serves every range: no
    /// range needs a copy of its own.
    pub fn hits_in_search(&self, search: &SearchText, range: Range<usize>, out: &mut Vec<Hit>) {
        self.hits_in_lowered(search.text(), search.lowered(), range, out);
    }

    /// [`Lexicon::hits_in`], given `text`'s ASCII-lowercased copy if there is
    /// one.
    fn hits_in_lowered(&self, text: &str, ascii_lowered: Option<&str>, range: Range<usize>, out: &mut Vec<Hit>) {
        out.clear();
        if range.start > range.end || range.end > text.len() || !text.is_char_boundary(range.start) || !text.is_char_boundary(range.end) {
            return;
        }
        // a range with capitals outside ASCII ("Ärzte", "MÉDICOS") is
        // searched in a copy lowered wholly, whose offsets are mapped back
        // to the text's; any other in the text lowered in ASCII, which
        // keeps every offset
        let lowered = lowered_copy(text, range.clone());
        let own_copy;
        let (haystack, shift) = match (&lowered, ascii_lowered.filter(|l| l.len() == text.len())) {
            (Some((copy, _)), _) => (Input::new(copy.as_str()), 0),
            (None, Some(whole)) => (Input::new(whole).range(range.clone()), 0),
            (None, None) => {
                own_copy = text.get(range.clone()).unwrap_or_default().to_ascii_lowercase();
                (Input::new(own_copy.as_str()), range.start)
            }
        };
        let is_word = |c: char| c.is_alphanumeric();
        for m in self.automaton.find_iter(haystack) {
            let (start, end) = match &lowered {
                Some((_, at)) => match original_span(at, m.start(), m.end()) {
                    Some(span) => span,
                    None => continue,
                },
                None => (shift + m.start(), shift + m.end()),
            };
            let Some(term) = self.terms.get(m.pattern().as_usize()) else { continue };
            let first_is_word = term.text.chars().next().is_some_and(is_word);
            let last_is_word = term.text.chars().next_back().is_some_and(is_word);
            let before_ok = !first_is_word || !text.get(..start).and_then(|t| t.chars().next_back()).is_some_and(is_word);
            let after_ok = !last_is_word || !text.get(end..).and_then(|t| t.chars().next()).is_some_and(is_word);
            if !(before_ok && after_ok) {
                continue;
            }
            if term.case_sensitive && text.get(start..end) != Some(term.text.as_str()) {
                continue;
            }
            out.push(Hit { start, end, term: m.pattern().as_usize() });
        }
    }

    /// Where an occurrence of a list intro starts in `text`, in order: every
    /// position where one does (whole word or not, in any case), each once.
    /// A range of the text can hold a list-intro hit of
    /// [`Lexicon::hits_in`] only if one of these lies inside it. `search`
    /// is the text with its lowered copy, shared with the document's other
    /// searches.
    pub fn list_intro_starts(&self, search: &SearchText) -> Vec<usize> {
        let Some(intros) = &self.intros else { return Vec::new() };
        // the lowered copy has the text's offsets
        // `Superset::from_pattern` built the plain regex: it can be picked
        let Some((intros, text)) = intros.pick(search) else { return Vec::new() };
        let mut starts = Vec::new();
        let mut from = 0;
        // the leftmost occurrence at or after `from`, then again one
        // character after its start: occurrences that overlap are all found
        while let Some(m) = intros.find_at(text, from) {
            starts.push(m.start());
            from = m.start() + text.get(m.start()..).and_then(|rest| rest.chars().next()).map_or(1, char::len_utf8);
        }
        starts
    }

    /// Whether one of `starts` (ascending) lies inside `range`.
    pub fn starts_inside(starts: &[usize], range: &Range<usize>) -> bool {
        starts.get(starts.partition_point(|&s| s < range.start)).is_some_and(|&s| s < range.end)
    }

    /// The roles of a hit's term.
    pub fn roles(&self, hit: &Hit) -> &[TermRole] {
        self.terms.get(hit.term).map(|t| t.roles.as_slice()).unwrap_or(&[])
    }
}

/// `text[range]` lowered, with the offset in `text` of the character each
/// of its bytes comes from (and `range.end` for its end); `None` when the
/// range holds no capital outside ASCII, which the automaton folds itself.
fn lowered_copy(text: &str, range: Range<usize>) -> Option<(String, Vec<usize>)> {
    let part = text.get(range.clone())?;
    if !part.chars().any(|c| !c.is_ascii() && c.is_uppercase()) {
        return None;
    }
    let mut copy = String::with_capacity(part.len() + 8);
    let mut at = Vec::with_capacity(part.len() + 9);
    let mut chars = part.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        // as `str::to_lowercase` lowers the terms: a capital sigma ending
        // a word is a final sigma ("ΑΣΤΥΝΟΜΙΚΌΣ" is "αστυνομικός")
        let word_final =
            c == 'Σ' && previous.is_some_and(char::is_alphabetic) && !chars.peek().is_some_and(|&(_, next)| next.is_alphabetic());
        if word_final {
            copy.push('ς');
        } else {
            copy.extend(c.to_lowercase());
        }
        at.resize(copy.len(), range.start + i);
        previous = Some(c);
    }
    at.push(range.end);
    Some((copy, at))
}

/// The span in the original text of a match at `start..end` of a lowered
/// copy; `None` when the match starts or ends inside what one character
/// lowered to ("İ" is "i" and a combining dot).
fn original_span(at: &[usize], start: usize, end: usize) -> Option<(usize, usize)> {
    let starts_a_character = start == 0 || at.get(start) != at.get(start - 1);
    let ends_a_character = at.get(end) != at.get(end.checked_sub(1)?);
    (starts_a_character && ends_a_character).then_some((*at.get(start)?, *at.get(end)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_outside_ascii_match_in_any_case() {
        let lex = Lexicon::new([
            ("ärzte".to_string(), TermRole::Group(0)),
            ("médicos".to_string(), TermRole::Group(1)),
            ("Straße".to_string(), TermRole::Trigger(2)),
            ("ΣΥΝΕΛΉΦΘΗΣΑΝ".to_string(), TermRole::Trigger(3)),
            ("CSTO".to_string(), TermRole::Group(4)),
            ("αστυνομικός".to_string(), TermRole::Group(5)),
        ])
        .unwrap();
        let text = "Ärzte, ÄRZTE, MÉDICOS, Médicos, STRAẞE: ΣΥΝΕΛΉΦΘΗΣΑΝ, συνελήφθησαν, İ CSTO csto ärzte";
        let hits: Vec<_> = lex.hits(text).iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(hits, ["Ärzte", "ÄRZTE", "MÉDICOS", "Médicos", "STRAẞE", "ΣΥΝΕΛΉΦΘΗΣΑΝ", "CSTO", "ärzte"]);
        // a capital sigma that ends a word lowers to a final sigma
        let greek = "ΑΣΤΥΝΟΜΙΚΌΣ, Αστυνομικός, ΑΣΤΥΝΟΜΙΚΌΣΑ";
        let hits: Vec<_> = lex.hits(greek).iter().map(|h| &greek[h.start..h.end]).collect();
        assert_eq!(hits, ["ΑΣΤΥΝΟΜΙΚΌΣ", "Αστυνομικός"]);
        // the same offsets when a range of the text is searched
        let from = text.find("ΣΥΝ").unwrap();
        let mut out = Vec::new();
        lex.hits_in(text, from..text.len(), &mut out);
        let hits: Vec<_> = out.iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(hits, ["ΣΥΝΕΛΉΦΘΗΣΑΝ", "CSTO", "ärzte"]);
    }

    #[test]
    fn matches_whole_words_longest_first() {
        let lex = Lexicon::new([
            ("police".to_string(), TermRole::Group(0)),
            ("members of law enforcement".to_string(), TermRole::Group(0)),
            ("members".to_string(), TermRole::Noun(1)),
            ("CSTO".to_string(), TermRole::Group(2)),
        ])
        .unwrap();
        let text = "16 Members of law enforcement, policemen, 9 members of the CSTO, csto";
        let hits: Vec<_> = lex.hits(text).iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(hits, ["Members of law enforcement", "members", "CSTO"]);
    }

    fn lexicon() -> Lexicon {
        Lexicon::new([
            ("police".to_string(), TermRole::Group(0)),
            ("security forces".to_string(), TermRole::Group(0)),
            ("alliance of".to_string(), TermRole::ListIntro(0)),
            ("members are".to_string(), TermRole::ListIntro(0)),
            ("its members are".to_string(), TermRole::ListIntro(0)),
        ])
        .unwrap()
    }

    fn found_in(lex: &Lexicon, text: &str, range: Range<usize>) -> Vec<String> {
        let mut out = vec![Hit { start: 0, end: 0, term: 0 }];
        lex.hits_in(text, range, &mut out);
        out.iter().map(|h| text[h.start..h.end].to_string()).collect()
    }

    #[test]
    fn lowered_text_matched_exactly_finds_what_ascii_case_folding_finds() {
        // the automaton matches lowered text exactly; the one it replaced
        // folded ASCII case over the text itself. Both over random texts of
        // the default terms' words in random case, with characters outside
        // ASCII (a Kelvin sign among them: such a text has no lowered copy
        // of the document, and each range is lowered on its own)
        let lex = crate::rules::compile(&crate::rules::load::builtin_sources()).unwrap().lexicon;
        assert!(lex.terms.len() > 100, "the default terms: {}", lex.terms.len());
        let folding = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(lex.terms.iter().map(|t| t.text.to_lowercase()))
            .unwrap();
        let mut words: Vec<String> = lex.terms.iter().flat_map(|t| t.text.split(' ').map(str::to_string).collect::<Vec<_>>()).collect();
        words.extend(["“", "—", "\u{212A}", "É", "x", ",", "the"].map(str::to_string));
        let mut x = 11u64;
        let mut next = |n: usize| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize % n
        };
        for round in 0..300 {
            let mut text = String::new();
            for _ in 0..next(40) {
                let word = &words[next(words.len())];
                let cased: String = match next(3) {
                    0 => word.to_ascii_uppercase(),
                    1 => word.chars().enumerate().map(|(i, c)| if i % 2 == 0 { c.to_ascii_uppercase() } else { c }).collect(),
                    _ => word.clone(),
                };
                text.push_str(&cased);
                text.push(if next(4) == 0 { '\n' } else { ' ' });
            }
            let folded: Vec<(usize, usize, usize)> =
                folding.find_iter(&text).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
            let lowered = text.to_ascii_lowercase();
            let exact: Vec<(usize, usize, usize)> =
                lex.automaton.find_iter(&lowered).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
            assert_eq!(exact, folded, "round {round}: {text:?}");
            // and the hits, by range, with and without the document's copy
            let search = SearchText::new(&text);
            let cuts = [0, next(text.len() + 1), text.len()];
            for range in [cuts[0]..cuts[2], cuts[0]..cuts[1], cuts[1]..cuts[2]] {
                let (mut by_range, mut by_search) = (Vec::new(), Vec::new());
                lex.hits_in(&text, range.clone(), &mut by_range);
                lex.hits_in_search(&search, range.clone(), &mut by_search);
                assert_eq!(by_range, by_search, "round {round}, {range:?}: {text:?}");
            }
        }
    }

    #[test]
    fn hits_in_a_range_lie_inside_it_and_are_whole_words_of_the_whole_text() {
        let lex = lexicon();
        let text = "Police came. Security forces fired; the police left.";
        assert_eq!(found_in(&lex, text, 0..text.len()), ["Police", "Security forces", "police"]);
        // the second sentence alone
        assert_eq!(found_in(&lex, text, 13..text.len()), ["Security forces", "police"]);
        // a term running past the end of the range is not in it
        assert_eq!(found_in(&lex, text, 13..25), Vec::<String>::new());
        // a range that starts inside a word: "olice" is not the word "police"
        assert_eq!(found_in(&lex, text, 1..12), Vec::<String>::new());
        // out of bounds, reversed or off a character boundary: nothing, no panic
        assert!(found_in(&lex, text, 0..1000).is_empty());
        let (from, to) = (9, 3);
        assert!(found_in(&lex, text, from..to).is_empty());
        assert!(found_in(&lex, "é police", 1..8).is_empty());
    }

    #[test]
    fn every_start_of_a_list_intro_is_found_overlapping_and_in_any_case() {
        let lex = lexicon();
        let text = "An ALLIANCE OF states. Its members are A, B and C; allianceof";
        let starts = lex.list_intro_starts(&SearchText::new(text));
        // "Its members are" and "members are" overlap: both starts are kept
        assert_eq!(starts, [3, 23, 27]);
        assert!(Lexicon::starts_inside(&starts, &(0..22)));
        assert!(Lexicon::starts_inside(&starts, &(23..50)));
        assert!(!Lexicon::starts_inside(&starts, &(4..22)));
        assert!(!Lexicon::starts_inside(&starts, &(28..text.len())));
        // LONG S folds to `s`: such a text is searched as it is, not lowered
        let long_s = "An alliance of states; it con\u{17F}ists of A, B and C";
        let lex_consists =
            Lexicon::new([("alliance of", 0), ("consists of", 0)].map(|(t, i)| (t.to_string(), TermRole::ListIntro(i)))).unwrap();
        assert_eq!(lex_consists.list_intro_starts(&SearchText::new(long_s)), [3, 26]);
        // no list rule: nothing to look for
        let plain = Lexicon::new([("police".to_string(), TermRole::Group(0))]).unwrap();
        assert!(plain.list_intro_starts(&SearchText::new(text)).is_empty());
    }
}
