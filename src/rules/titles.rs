//! The title regex (`Kazakh President Kassym-Jomart Tokayev`), and a
//! hand-written matcher that finds exactly its matches without running it.
//!
//! The regex (built by `compile::titles_pattern`) is
//! `(?P<title>(?:W\s+){0,3}(?i:T))[,]?\s+(?-i:(?P<name>N(?:\s+N){0,2}))`,
//! with `W = \p{Lu}[\p{L}'’-]*`, `N = \p{Lu}[\p{L}-]+` and `T` the titles,
//! longest first, each an escaped phrase whose spaces became `\s+`. Its
//! Unicode classes make the regex engine's lazy DFA build many states, and
//! every worker thread builds its own: it was the largest share of that
//! building (65% at 1k documents) and 3.6% of a 10k run.
//!
//! Why the matcher finds the same matches. Call the maximal runs of
//! characters other than white space tokens (`\s` is Unicode `White_Space`,
//! as [`char::is_whitespace`]). No part of the regex but `\s+` matches
//! white space, and what follows each `\s+` cannot start with white space,
//! so each `\s+` takes the whole run of white space it starts at, and
//! `W`, which must be followed by white space, takes the rest of its token:
//! at a given start, every part of the regex has one way to match, except
//! the choices the regex itself orders: how many `W` (three first), which
//! title (in the alternation's order), and how many further names (as many
//! as match, each the longest it can be: nothing after them can fail). The
//! comma is no choice: after a title followed by one, `\s+` cannot match
//! without it. `TitleMatcher::match_at` tries them in that order, so at a start
//! where the regex matches, it returns the regex's match. A match starts
//! either at a title (no `W`), or at an upper-case letter of the token `k`
//! tokens before a title's (`k` ≤ 3) from which the rest of that token is
//! `[\p{L}'’-]`, with every token between wholly a `W`: the candidates.
//! Trying the candidates in order from the end of the last match finds the
//! leftmost match, as the regex's iteration does.
//!
//! Titles are found by their first words, ASCII case ignored: only when
//! every title is ASCII words joined by single spaces, and the text holds
//! neither KELVIN SIGN nor LONG S (the only characters outside ASCII that
//! a case-insensitive ASCII letter matches). Otherwise the regex runs.

use super::prefilter::SearchText;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};
use regex::Regex;
use regex_syntax::hir::{Class, HirKind};
use std::ops::Range;

/// Most capitalised words the regex allows before a title.
const WORDS_BEFORE: usize = 3;
/// Most further names after the first.
const MORE_NAMES: usize = 2;

/// The title regex, and the matcher that answers for it where it can.
#[derive(Debug, Clone)]
pub struct TitlesRegex {
    exact: Regex,
    fast: Option<TitleMatcher>,
}

impl TitlesRegex {
    /// `exact` is `compile::titles_pattern(titles)` compiled.
    pub fn new(exact: Regex, titles: &[String]) -> Self {
        TitlesRegex { exact, fast: TitleMatcher::new(titles) }
    }

    /// The regex.
    pub fn exact(&self) -> &Regex {
        &self.exact
    }

    /// The `(title, name)` captures of every match of the regex in the
    /// text of `search`, in order.
    pub fn pairs<'t>(&self, search: &SearchText<'t>) -> Vec<(&'t str, &'t str)> {
        let text = search.text();
        match self.fast.as_ref().zip(search.lowered()) {
            Some((fast, lowered)) => fast.pairs(text, lowered),
            None => self
                .exact
                .captures_iter(text)
                .filter_map(|caps| Some((caps.name("title")?.as_str(), caps.name("name")?.as_str())))
                .collect(),
        }
    }
}

/// The regex's matches found by hand (see the module documentation).
#[derive(Debug, Clone)]
struct TitleMatcher {
    /// Every title's first word, lower case, searched in the text's
    /// ASCII-lowercased copy (same offsets): a case-insensitive automaton
    /// walks every byte, this one skips ahead by SIMD.
    first_words: AhoCorasick,
    /// The titles' words, lower case, in the regex's alternation order.
    titles: Vec<Vec<String>>,
    /// `\p{Lu}` and `\p{L}` outside ASCII, as sorted ranges.
    upper: Vec<(char, char)>,
    letter: Vec<(char, char)>,
}

impl TitleMatcher {
    /// `None` unless every title is ASCII words joined by single spaces.
    fn new(titles: &[String]) -> Option<Self> {
        let plain = |t: &String| t.is_ascii() && t.split(' ').all(|w| !w.is_empty() && !w.contains(|c: char| c.is_whitespace()));
        if titles.is_empty() || !titles.iter().all(plain) {
            return None;
        }
        // the order `compile::alternation` gives them
        let mut ordered: Vec<&String> = titles.iter().collect();
        ordered.sort_by_key(|t| std::cmp::Reverse(t.len()));
        // lower case: compared ASCII case ignored, and by first byte first
        let titles: Vec<Vec<String>> = ordered.iter().map(|t| t.split(' ').map(str::to_ascii_lowercase).collect()).collect();
        let first: Vec<&str> = titles.iter().filter_map(|words| words.first().map(String::as_str)).collect();
        let first_words = AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostFirst).build(first).ok()?;
        Some(TitleMatcher { first_words, titles, upper: class_ranges(r"\p{Lu}")?, letter: class_ranges(r"\p{L}")? })
    }

    fn is_upper(&self, c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_uppercase()
        } else {
            in_ranges(&self.upper, c)
        }
    }

    fn is_letter(&self, c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_alphabetic()
        } else {
            in_ranges(&self.letter, c)
        }
    }

    /// A character `W` may hold after its first.
    fn continues_word(&self, c: char) -> bool {
        self.is_letter(c) || matches!(c, '\'' | '’' | '-')
    }

    /// The matches in `text`, whose ASCII-lowercased copy is `lowered`.
    fn pairs<'t>(&self, text: &'t str, lowered: &str) -> Vec<(&'t str, &'t str)> {
        // every place a first word starts (a search from just after each)
        let mut titles_at = Vec::new();
        let mut from = 0;
        while let Some(found) = self.first_words.find(Input::new(lowered).span(from..lowered.len())) {
            titles_at.push(found.start());
            // first words are ASCII: the byte after one's start is a character's
            from = found.start() + 1;
        }
        let mut starts = Vec::new();
        for &at in &titles_at {
            self.candidates(text, at, &mut starts);
        }
        starts.sort_unstable();
        starts.dedup();
        let mut pairs = Vec::new();
        let mut done = 0;
        for start in starts {
            if start < done {
                continue;
            }
            if let Some((title, name)) = self.match_at(text, start, &titles_at) {
                pairs.push((text.get(start..title).unwrap_or(""), text.get(name.clone()).unwrap_or("")));
                done = name.end;
            }
        }
        pairs
    }

    /// Where a match holding the title at `at` may start: `at`, and the
    /// places `W` may start one to three tokens before.
    fn candidates(&self, text: &str, at: usize, starts: &mut Vec<usize>) {
        starts.push(at);
        let mut token_start = at;
        for _ in 0..WORDS_BEFORE {
            let before = text.get(..token_start).unwrap_or("");
            let spaced = before.trim_end_matches(char::is_whitespace);
            if spaced.len() == before.len() || spaced.is_empty() {
                return; // no white space before, or nothing before it
            }
            let start = spaced.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
            let token = spaced.get(start..).unwrap_or("");
            // the part of the token a word may span: its tail of word characters
            let tail = token.char_indices().rev().take_while(|&(_, c)| self.continues_word(c)).last().map_or(token.len(), |(i, _)| i);
            let word_starts = token.char_indices().skip_while(|&(i, _)| i < tail).filter(|&(_, c)| self.is_upper(c));
            starts.extend(word_starts.map(|(i, _)| start + i));
            let whole_word = tail == 0 && token.chars().next().is_some_and(|c| self.is_upper(c));
            if !whole_word {
                return;
            }
            token_start = start;
        }
    }

    /// The regex's match starting at `start`, if there is one: where its
    /// title ends, and its name. `titles_at`: where first words start, in
    /// order.
    fn match_at(&self, text: &str, start: usize, titles_at: &[usize]) -> Option<(usize, Range<usize>)> {
        for words in (0..=WORDS_BEFORE).rev() {
            let Some(at) = self.words_at(text, start, words) else { continue };
            if titles_at.binary_search(&at).is_err() {
                continue;
            }
            let first = text.as_bytes().get(at).map(u8::to_ascii_lowercase);
            for title in self.titles.iter().filter(|t| t.first().and_then(|w| w.bytes().next()) == first) {
                let Some(title_end) = title_at(text, at, title) else { continue };
                // `[,]?\s+`: after a comma only the comma can be taken
                let after = title_end + usize::from(text.get(title_end..).is_some_and(|t| t.starts_with(',')));
                let Some(name_start) = spaces_at(text, after) else { continue };
                let Some(mut end) = self.name_at(text, name_start) else { continue };
                for _ in 0..MORE_NAMES {
                    match spaces_at(text, end).and_then(|next| self.name_at(text, next)) {
                        Some(next_end) => end = next_end,
                        None => break,
                    }
                }
                return Some((title_end, name_start..end));
            }
        }
        None
    }

    /// Where `count` words `W`, each with the white space after it, end
    /// when the first starts at `at`.
    fn words_at(&self, text: &str, mut at: usize, count: usize) -> Option<usize> {
        for _ in 0..count {
            let rest = text.get(at..)?;
            let mut chars = rest.char_indices();
            let (_, first) = chars.next()?;
            if !self.is_upper(first) {
                return None;
            }
            let end = chars.find(|&(_, c)| !self.continues_word(c)).map_or(rest.len(), |(i, _)| i);
            at = spaces_at(text, at + end)?;
        }
        Some(at)
    }

    /// The end of a name word (`\p{Lu}[\p{L}-]+`) at `at`.
    fn name_at(&self, text: &str, at: usize) -> Option<usize> {
        let rest = text.get(at..)?;
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        if !self.is_upper(first) {
            return None;
        }
        let end = chars.find(|&(_, c)| !(self.is_letter(c) || c == '-')).map_or(rest.len(), |(i, _)| i);
        (end > first.len_utf8()).then_some(at + end)
    }
}

/// The end of the run of white space at `at`, if there is one.
fn spaces_at(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let end = rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len());
    (end > 0).then_some(at + end)
}

/// The end of `title`'s words at `at`, ASCII case ignored, with runs of
/// white space between them.
fn title_at(text: &str, mut at: usize, title: &[String]) -> Option<usize> {
    for (i, word) in title.iter().enumerate() {
        if i > 0 {
            at = spaces_at(text, at)?;
        }
        let end = at.checked_add(word.len())?;
        if !text.as_bytes().get(at..end)?.eq_ignore_ascii_case(word.as_bytes()) {
            return None;
        }
        at = end;
    }
    Some(at)
}

/// The ranges of the Unicode class `pattern` (`\p{…}`), from the regex
/// parser, so they are the regex's own.
fn class_ranges(pattern: &str) -> Option<Vec<(char, char)>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => Some(class.ranges().iter().map(|r| (r.start(), r.end())).collect()),
        _ => None,
    }
}

fn in_ranges(ranges: &[(char, char)], c: char) -> bool {
    let after = ranges.partition_point(|&(start, _)| start <= c);
    after.checked_sub(1).and_then(|i| ranges.get(i)).is_some_and(|&(_, end)| c <= end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compile::titles_pattern;

    fn titles_regex(titles: &[&str]) -> TitlesRegex {
        let titles: Vec<String> = titles.iter().map(|t| t.to_string()).collect();
        TitlesRegex::new(Regex::new(&titles_pattern(&titles)).unwrap(), &titles)
    }

    fn by_regex<'t>(re: &TitlesRegex, text: &'t str) -> Vec<(&'t str, &'t str)> {
        re.exact().captures_iter(text).map(|caps| (caps.name("title").unwrap().as_str(), caps.name("name").unwrap().as_str())).collect()
    }

    #[test]
    fn the_matcher_finds_what_the_regex_finds() {
        let re = titles_regex(&[
            "president",
            "prime minister",
            "deputy prime minister",
            "minister",
            "secretary of state",
            "spokesman",
            "spokeswoman",
            "mayor",
            "vice-president",
            "secretary", // a prefix of a longer title: the order of the alternatives matters
        ]);
        assert!(re.fast.is_some());
        let pieces = [
            "Kazakh",
            "President",
            "PRESIDENT",
            "president",
            "Prime",
            "prime",
            "Minister",
            "minister",
            "Deputy",
            "Secretary",
            "of",
            "State",
            "Spokesman",
            "spokeswoman",
            "Kassym-Jomart",
            "Tokayev",
            "Tokayev’s",
            "O'Neil",
            "Ni",
            "N",
            "A",
            "Smith",
            "Jones",
            "Vicepresident",
            "(President",
            "President,",
            "Vice-President",
            "said",
            "the",
            "7,900",
            "Ärger",
            "Éric",
            "Ölund",
            "ǅemal",
            "Ⅻ",
            "Ⓐbc",
            "e\u{301}",
            "’",
            "-",
            ",",
            ".",
            "(",
            "\u{17F}pokesman",
            "Mini\u{212A}",
            "ex-president",
            "McDonald",
            "MAYOR",
            "Mayoral",
            // long titles and names, so every choice of the regex is exercised
            "Former Deputy Prime Minister Ni Jones Smith",
            "Secretary\nof  State, Éric Ölund Jones",
            "Kazakh Prime Minister Ölund Smith Ni",
            "The Kazakh Foreign President Tokayev",
            "President ,Smith",
            "President,  Smith-Jones",
            "Secretary Of State Smith",
            "Of",
            "Secretary State",
            // a match may start inside the token where the last one ended
            "President Smith'Kazakh Minister Jones",
            "Mayor Ni’Deputy Mayor Ölund",
        ];
        let gaps = [" ", " ", " ", "  ", "\n", "\t", "\u{a0}", "\u{2003}", "", ", "];
        let mut state = 0x853c_49e6_748f_ea9b_u64;
        let mut matched = 0;
        for _ in 0..8_000 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let mut s = state;
            let mut text = String::new();
            for _ in 0..(state >> 59) + 2 {
                s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[((s >> 33) % pieces.len() as u64) as usize]);
                text.push_str(gaps[((s >> 20) % gaps.len() as u64) as usize]);
            }
            let expected = by_regex(&re, &text);
            matched += expected.len();
            assert_eq!(re.pairs(&SearchText::new(&text)), expected, "{text:?}");
        }
        assert!(matched > 1200, "the generated texts hold titles with names: {matched}");
    }

    #[test]
    fn the_matcher_agrees_on_generated_articles_with_the_default_rules() {
        let rules = crate::rules::compile(&crate::rules::load::resolve_sources(&[], false).unwrap()).unwrap();
        let re = rules.attribution.titles.as_ref().unwrap();
        assert!(re.fast.is_some(), "the default titles are searched by hand");
        let mut matched = 0;
        for doc in crate::generate::Generator::new(300, 3) {
            let text = doc.file_text();
            let expected = by_regex(re, &text);
            matched += expected.len();
            assert_eq!(re.pairs(&SearchText::new(&text)), expected);
        }
        assert!(matched > 100, "{matched}");
    }

    #[test]
    fn titles_it_cannot_match_by_hand_leave_the_regex_to_run() {
        assert!(titles_regex(&["présidente"]).fast.is_none(), "outside ASCII");
        assert!(titles_regex(&["president", "prime  minister"]).fast.is_none(), "two spaces");
        assert!(titles_regex(&[" president"]).fast.is_none(), "a leading space");
        assert!(titles_regex(&["chief\tof staff"]).fast.is_none(), "a tab");
        let re = titles_regex(&["spokesman"]);
        let text = "the \u{17F}pokesman John Smith said";
        assert_eq!(re.pairs(&SearchText::new(text)), vec![("\u{17F}pokesman", "John Smith")], "long s folds to s: the regex runs");
    }

    #[test]
    fn classes_are_the_regex_parsers() {
        let re = titles_regex(&["mayor"]);
        let fast = re.fast.as_ref().unwrap();
        let (upper, letter) = (Regex::new(r"\A\p{Lu}\z").unwrap(), Regex::new(r"\A\p{L}\z").unwrap());
        for c in ['A', 'Ö', 'ǅ', 'Σ', 'Ⅻ', 'Ⓐ', 'a', 'é', '1', '\u{301}', 'ß', '\u{10400}', '\u{1E900}', '\u{10FFFF}'] {
            let s = c.to_string();
            assert_eq!(fast.is_upper(c), upper.is_match(&s), "{c}");
            assert_eq!(fast.is_letter(c), letter.is_match(&s), "{c}");
        }
        // every character, against the regex engine's own reading
        for c in (0..=0x10FFFF_u32).step_by(7).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(fast.is_upper(c), upper.is_match(&s), "{c:?}");
            assert_eq!(fast.is_letter(c), letter.is_match(&s), "{c:?}");
        }
    }
}
