//! An idiom's regex, built without the regex engine's lazy DFA.
//!
//! The regex crate builds each regex twice over: the forward automaton
//! every engine runs, and a reverse one its lazy DFA needs to find where a
//! match starts. An idiom's regex is only ever run on a sentence its
//! prefilter let through (all the idioms' searches over the 10k generated
//! corpus: 7 M instructions, callgrind), where the backtracking engine
//! finds the same matches; the reverse
//! automaton of its `{quantity}` (three classes of every letter, and three
//! alternations of the number words, case-folded) was a third of the
//! idioms' compiling, and compiling the idioms was most of a small run.
//!
//! Every engine of the regex crate finds the same leftmost-first matches
//! with the same captures, so the matches are those of a `regex::Regex`
//! built from the same pattern with the same options; a test below checks
//! that for the default idioms over the bundled and fixture articles.

use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind};
use std::ops::Range;

/// A compiled idiom regex: case-insensitive and multi-line, as the
/// idioms' patterns are written, with a size limit on its automaton.
#[derive(Debug, Clone)]
pub struct IdiomRegex {
    pattern: String,
    regex: meta::Regex,
}

impl IdiomRegex {
    /// Builds `pattern` case-insensitive and multi-line, its automaton at
    /// most `size_limit` bytes. Errors are the regex crate's, as
    /// `regex::RegexBuilder` gives them for the same pattern.
    pub fn new(pattern: &str, size_limit: usize) -> Result<IdiomRegex, regex::Error> {
        // as `regex::RegexBuilder::build` configures the engine, but for
        // the two DFAs
        let config = meta::Config::new()
            .match_kind(MatchKind::LeftmostFirst)
            .utf8_empty(true)
            .nfa_size_limit(Some(size_limit))
            .hybrid(false)
            .dfa(false);
        let syntax = syntax::Config::new().case_insensitive(true).multi_line(true).utf8(true);
        let regex = meta::Builder::new().configure(config).syntax(syntax).build(pattern).map_err(regex_error)?;
        Ok(IdiomRegex { pattern: pattern.to_string(), regex })
    }

    /// The pattern the regex was built from.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the regex matches anywhere in `haystack`.
    pub fn is_match(&self, haystack: &str) -> bool {
        self.regex.is_match(haystack)
    }

    /// The names of the regex's groups, in order; `None` for the whole
    /// match and unnamed groups.
    pub fn capture_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.regex.group_info().pattern_names(regex_automata::PatternID::ZERO)
    }

    /// The first match in `haystack` that starts at `start` or later, with
    /// its groups (look-around still sees the text before `start`).
    pub fn captures_at<'h>(&self, haystack: &'h str, start: usize) -> Option<IdiomCaptures<'h>> {
        if start > haystack.len() {
            return None;
        }
        let mut caps = self.regex.create_captures();
        let input = Input::new(haystack).range(start..);
        self.regex.search_captures(&input, &mut caps);
        caps.is_match().then_some(IdiomCaptures { haystack, caps })
    }

    /// Every match in `haystack`, in order and not overlapping.
    pub fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = IdiomCaptures<'h>> + 'r
    where
        'h: 'r,
    {
        self.regex.captures_iter(haystack).map(move |caps| IdiomCaptures { haystack, caps })
    }
}

/// The regex crate's error for a failed build, as its `RegexBuilder`
/// makes it from the engine's.
fn regex_error(error: meta::BuildError) -> regex::Error {
    if let Some(limit) = error.size_limit() {
        regex::Error::CompiledTooBig(limit)
    } else if let Some(syntax) = error.syntax_error() {
        regex::Error::Syntax(syntax.to_string())
    } else {
        regex::Error::Syntax(error.to_string())
    }
}

/// A match of an [`IdiomRegex`] and its groups.
#[derive(Debug)]
pub struct IdiomCaptures<'h> {
    haystack: &'h str,
    caps: Captures,
}

impl<'h> IdiomCaptures<'h> {
    /// Where the whole match stands.
    pub fn whole(&self) -> Option<Range<usize>> {
        self.caps.get_match().map(|m| m.range())
    }

    /// Where the group `name` matched, if it took part in the match.
    pub fn range(&self, name: &str) -> Option<Range<usize>> {
        self.caps.get_group_by_name(name).map(|span| span.range())
    }

    /// The text the group `name` matched, if it took part in the match.
    pub fn text(&self, name: &str) -> Option<&'h str> {
        self.range(name).and_then(|range| self.haystack.get(range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: usize = 50 << 20;

    /// Every match of a regex in a text, the whole match and then its
    /// named groups, as ranges.
    type Found = Vec<Vec<Option<Range<usize>>>>;

    /// The two regexes of `pattern`, built alike.
    fn both(pattern: &str) -> (regex::Regex, IdiomRegex) {
        let reference = regex::RegexBuilder::new(pattern).case_insensitive(true).multi_line(true).size_limit(LIMIT).build();
        (reference.expect("builds"), IdiomRegex::new(pattern, LIMIT).expect("builds"))
    }

    /// Every match of each of the two regexes in `text`, with its named
    /// groups, as ranges.
    fn matches_of(reference: &regex::Regex, ours: &IdiomRegex, text: &str) -> (Found, Found) {
        let names: Vec<&str> = reference.capture_names().flatten().collect();
        let theirs = reference
            .captures_iter(text)
            .map(|c| std::iter::once(c.get(0).map(|m| m.range())).chain(names.iter().map(|n| c.name(n).map(|m| m.range()))).collect())
            .collect();
        let mine = ours.captures_iter(text).map(|c| std::iter::once(c.whole()).chain(names.iter().map(|n| c.range(n))).collect()).collect();
        (theirs, mine)
    }

    /// [`matches_of`] the two regexes of `pattern`.
    fn matches_both(pattern: &str, text: &str) -> (Found, Found) {
        let (reference, ours) = both(pattern);
        matches_of(&reference, &ours, text)
    }

    #[test]
    fn finds_what_the_regex_crate_finds() {
        let cases = [
            (
                r"toll (?:rose|rises) to (?P<quantity>\d+)(?: (?P<lowered>down))?",
                "The toll rose to 40. Toll RISES to 7 down, toll rose to x",
            ),
            (r"\b(?:at least|over) (?P<quantity>\d+)\b", "Über 5 and at least 44 ñ over 7éx over 9"),
            (r"^(?P<quantity>\d+) of", "3 of them\n4 of us\n x 5 of"),
            (r"(?P<quantity>[\p{L}-]+\s+\d+)", "plus de 40 über 3 — naïve 7"),
            (r"a(?P<group>b)?", "ab a aab"),
        ];
        for (pattern, text) in cases {
            let (theirs, mine) = matches_both(pattern, text);
            assert!(!theirs.is_empty(), "{pattern}: the case should match");
            assert_eq!(theirs, mine, "{pattern} in {text:?}");
        }
    }

    /// The paragraphs of the bundled corpus and of the other events'
    /// fixtures: real reporting the default idioms were written for.
    fn real_paragraphs() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("corpus/kazakhstan-2022")];
        let fixtures = std::fs::read_dir(root.join("tests/fixtures/other_events")).expect("fixtures");
        dirs.extend(fixtures.map(|entry| entry.expect("entry").path()));
        let mut paragraphs = Vec::new();
        for dir in dirs {
            for file in std::fs::read_dir(&dir).expect("dir").map(|entry| entry.expect("entry").path()) {
                if file.extension().is_some_and(|e| e == "txt" || e == "md") {
                    let text = std::fs::read_to_string(&file).expect("text");
                    paragraphs.extend(text.split("\n\n").map(str::to_string));
                }
            }
        }
        paragraphs
    }

    /// The default idioms' regexes, and the regexes anchored at the end
    /// that check a `{group}` elsewhere, find what the regex crate finds
    /// in real reporting and in the idioms' own examples.
    #[test]
    fn the_default_idioms_find_what_the_regex_crate_finds() {
        let rules = crate::rules::compile::compile(&crate::rules::load::builtin_sources()).expect("built-in rules");
        let mut texts = real_paragraphs();
        texts.extend(rules.idioms.iter().flat_map(|i| i.examples.iter().map(|e| e.text.clone())));
        let mut found = 0;
        for idiom in &rules.idioms {
            let mut patterns = vec![idiom.regex.as_str().to_string()];
            patterns.extend(idiom.group_at_end.as_ref().and_then(|g| g.ending()).map(|e| e.as_str().to_string()));
            for pattern in &patterns {
                let (reference, ours) = both(pattern);
                for text in &texts {
                    let (theirs, mine) = matches_of(&reference, &ours, text);
                    assert_eq!(theirs, mine, "idiom {} in {text:?}", idiom.id);
                    found += mine.len();
                }
            }
        }
        assert!(found >= 150, "the texts should hold many matches, not {found}");
    }

    #[test]
    fn starts_where_asked_and_sees_behind() {
        let regex = IdiomRegex::new(r"\b(?P<quantity>\d+)", LIMIT).expect("builds");
        // "12": a search from its "2" sees the "1" before it, so no word
        // boundary there, and the next match is "34"
        let found = regex.captures_at("12 34", 1).expect("a match");
        assert_eq!((found.whole(), found.text("quantity")), (Some(3..5), Some("34")));
        assert!(regex.captures_at("12 34", 5).is_none());
        assert!(regex.captures_at("12", 7).is_none(), "a start past the end finds nothing");
    }

    #[test]
    fn names_its_groups_and_keeps_its_pattern() {
        let regex = IdiomRegex::new(r"(?P<quantity>\d+)(x)(?P<lowered_by>y)?", LIMIT).expect("builds");
        assert_eq!(regex.capture_names().collect::<Vec<_>>(), [None, Some("quantity"), None, Some("lowered_by")]);
        assert_eq!(regex.as_str(), r"(?P<quantity>\d+)(x)(?P<lowered_by>y)?");
        assert!(regex.is_match("A 5X") && !regex.is_match("5"));
    }

    #[test]
    fn fails_as_the_regex_crate_fails() {
        for pattern in [r"(?P<quantity>\d+", r"\p{Nope}", r"(?P<q>a)(?P<q>b)"] {
            let theirs = regex::RegexBuilder::new(pattern).case_insensitive(true).multi_line(true).build().map(|_| ());
            let mine = IdiomRegex::new(pattern, LIMIT).map(|_| ());
            assert_eq!(mine.map_err(|e| e.to_string()), theirs.map_err(|e| e.to_string()), "{pattern}");
        }
        let big = r"\w{200}\w{200}";
        assert!(matches!(IdiomRegex::new(big, 1 << 10), Err(regex::Error::CompiledTooBig(1024))));
    }
}
