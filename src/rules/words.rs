//! Word-list regexes (`\b(?:said|told|…)\b`) searched fast.
//!
//! A Unicode word boundary (`\b`) stops the regex engine's DFAs on the
//! first byte outside ASCII, and news text is full of curly quotes and
//! dashes: such a regex ran at 65 MB/s over sentences where the same
//! regex with ASCII word boundaries runs at 550 MB/s. So the regex is also
//! compiled with ASCII boundaries (`(?-u:\b)`), and its matches are kept
//! when each is found to lie on Unicode word boundaries too; the exact
//! regex runs otherwise.
//!
//! Why the matches are then the same. Every listed word starts and ends
//! with an ASCII letter or digit, and the text holds neither KELVIN SIGN
//! nor LONG S (the only characters outside ASCII that a case-insensitive
//! ASCII letter matches), so a match of either regex starts and ends with
//! an ASCII word character. Beside such a character, a Unicode boundary is
//! an ASCII one (a character that is not a Unicode word character is not
//! an ASCII one, and a byte of a character outside ASCII is never an ASCII
//! word character), so at each position the exact regex accepts a subset
//! of what the fast one accepts, with the same alternatives in the same
//! order. If the fast regex's leftmost-first match at a position passes the
//! Unicode check, the exact regex accepts it too and accepts nothing
//! earlier there or before; by induction the two find the same matches.

use super::prefilter::holds_ascii_folding;
use regex::{Regex, RegexBuilder};
use std::ops::Range;

/// A regex built from a list of words with Unicode word boundaries, and
/// the same regex with ASCII ones where that is as exact (see the module
/// documentation).
#[derive(Debug, Clone)]
pub struct WordsRegex {
    exact: Regex,
    ascii_bounded: Option<Regex>,
}

impl WordsRegex {
    /// `exact` is `pattern(r"\b")`; the fast regex is `pattern(r"(?-u:\b)")`,
    /// built only when every word starts and ends with an ASCII letter or
    /// digit (and `pattern` puts a boundary only right around the words).
    pub fn new(exact: Regex, words: &[String], pattern: impl Fn(&str) -> String) -> Self {
        let ascii_ends = |w: &String| {
            let ascii_word = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
            ascii_word(w.as_bytes().first()) && ascii_word(w.as_bytes().last())
        };
        let ascii_bounded = (!words.is_empty() && words.iter().all(ascii_ends))
            .then(|| RegexBuilder::new(&pattern(r"(?-u:\b)")).multi_line(true).size_limit(super::compile::REGEX_SIZE_LIMIT).build().ok())
            .flatten();
        WordsRegex { exact, ascii_bounded }
    }

    /// The regex with Unicode word boundaries.
    pub fn exact(&self) -> &Regex {
        &self.exact
    }

    /// The byte ranges of `self.exact().find_iter(text)`.
    pub fn find_ranges(&self, text: &str) -> Vec<Range<usize>> {
        if let Some(fast) = self.ascii_bounded.as_ref().filter(|_| !holds_ascii_folding(text)) {
            let found: Vec<Range<usize>> = fast.find_iter(text).map(|m| m.range()).collect();
            if found.iter().all(|r| on_unicode_boundary(text, r.start) && on_unicode_boundary(text, r.end)) {
                return found;
            }
        }
        self.exact.find_iter(text).map(|m| m.range()).collect()
    }
}

/// Whether byte `at` of `text` (a character boundary) is a Unicode word
/// boundary as the regex engine defines it.
fn on_unicode_boundary(text: &str, at: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(regex_syntax::is_word_character);
    let before = text.get(..at).and_then(|t| t.chars().next_back());
    let after = text.get(at..).and_then(|t| t.chars().next());
    word(before) != word(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> WordsRegex {
        let list: Vec<String> = list.iter().map(|w| w.to_string()).collect();
        let alternation = list.iter().map(|w| regex::escape(w)).collect::<Vec<_>>().join("|");
        let pattern = |b: &str| format!(r"(?i){b}(?P<verb>{alternation}){b}");
        WordsRegex::new(Regex::new(&pattern(r"\b")).unwrap(), &list, pattern)
    }

    fn exact(re: &WordsRegex, text: &str) -> Vec<Range<usize>> {
        re.exact().find_iter(text).map(|m| m.range()).collect()
    }

    #[test]
    fn finds_what_the_exact_regex_finds() {
        let re = words(&["said", "says", "told", "pointed out", "x1"]);
        assert!(re.ascii_bounded.is_some());
        let texts = [
            "He said it, she SAYS it; they told us.",
            "“Nothing,” said the minister — he said: “no”.",
            "Le ministre a dit ésaid, saidé, résaid and said’s and ’said’",
            "naïve said, café told, façade says",
            "saidsaid said_ _said said9 9said",
            "pointed   out and pointed\u{a0}out, pointed outé",
            "x1 éx1 x1é x1",
            "\u{17F}aid and \u{212A}old: long s and Kelvin sign fold to s and k",
            "",
            "said",
            "é",
        ];
        for text in texts {
            assert_eq!(re.find_ranges(text), exact(&re, text), "{text:?}");
        }
        // every word of a generated mix of scripts and punctuation
        let pieces = ["said", "é", " ", "’", "told", "x", "_", "ß", "1", "says", "—", "ſ", "K", "\u{301}", "a"];
        for text in crate::test_support::mixes(&pieces, 3000, 12, 7) {
            assert_eq!(re.find_ranges(&text), exact(&re, &text), "{text:?}");
        }
    }

    #[test]
    fn a_word_that_does_not_start_and_end_in_ascii_gets_no_fast_regex() {
        assert!(words(&["said", "déclaré"]).ascii_bounded.is_none());
        assert!(words(&["said", "-ish"]).ascii_bounded.is_none());
        let re = words(&["said", "déclaré"]);
        assert_eq!(re.find_ranges("il a déclaré, he said"), exact(&re, "il a déclaré, he said"));
    }
}
