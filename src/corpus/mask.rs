//! Blanking out byte ranges while keeping offsets and line numbers.

use regex::Regex;
use std::ops::Range;

use crate::rules::prefilter::{CoreGate, Prefilter, SearchText};

/// Copy of `text` in which every byte inside one of `ranges` is replaced by
/// a space, except newlines. The result has the same byte length and the
/// same line structure as `text`. Ranges are clamped to the text and widened
/// to character boundaries, so the result is always valid UTF-8.
pub fn mask_ranges(text: &str, ranges: &[Range<usize>]) -> String {
    // built from the text's own slices and ASCII bytes, so it is UTF-8
    // without checking it again
    let mut masked = String::with_capacity(text.len());
    let mut done = 0;
    for range in masked_spans(text, ranges) {
        masked.push_str(text.get(done..range.start).unwrap_or_default());
        // the span's line breaks kept, every other byte a space
        let span = text.as_bytes().get(range.clone()).unwrap_or_default();
        let mut blank_from = 0;
        for at in memchr::memchr_iter(b'\n', span).chain(std::iter::once(span.len())) {
            push_spaces(&mut masked, at - blank_from);
            if at < span.len() {
                masked.push('\n');
            }
            blank_from = at + 1;
        }
        done = range.end;
    }
    masked.push_str(text.get(done..).unwrap_or_default());
    masked
}

/// Pushes `n` spaces onto `out`, a slice of them at a time instead of a
/// character at a time.
fn push_spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(SPACES.get(..k).unwrap_or_default());
        n -= k;
    }
}

/// The byte ranges of `text` that [`mask_ranges`] keeps, in order and
/// non-empty: the text between the masked spans. A masked span only ever
/// separates the words of the kept parts, so reading the words of each
/// kept part in turn reads the words of the masked copy without making it.
pub fn unmasked_ranges(text: &str, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let spans = masked_spans(text, ranges);
    let ends = spans.iter().map(|r| r.start).chain(std::iter::once(text.len()));
    let starts = std::iter::once(0).chain(spans.iter().map(|r| r.end));
    starts.zip(ends).filter(|(start, end)| start < end).map(|(start, end)| start..end).collect()
}

/// `ranges` clamped to the text, widened to character boundaries, sorted,
/// with the parts already covered by an earlier range cut off, and empty
/// ones dropped: disjoint, increasing spans of whole characters.
fn masked_spans(text: &str, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let widen = |range: &Range<usize>| {
        let (mut start, mut end) = (range.start.min(text.len()), range.end.min(text.len()));
        while start > 0 && !text.is_char_boundary(start) {
            start -= 1;
        }
        while end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        start..end.max(start)
    };
    let mut widened: Vec<Range<usize>> = ranges.iter().map(widen).collect();
    widened.sort_unstable_by_key(|r| r.start);
    let mut spans = Vec::with_capacity(widened.len());
    let mut done = 0;
    for range in widened {
        let start = range.start.max(done);
        if range.end <= start {
            continue;
        }
        spans.push(start..range.end);
        done = range.end;
    }
    spans
}

/// Longest boilerplate match that is masked, in bytes. Page furniture is
/// short; a longer match is a line-based pattern swallowing text without
/// line breaks (a dump on one line), and masking it would blank the article.
pub(crate) const MAX_BOILERPLATE_BYTES: usize = 10_000;

/// A boilerplate match left unmasked because it is longer than
/// [`MAX_BOILERPLATE_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Oversized {
    /// The boilerplate rule's id.
    pub id: String,
    /// Where it matched.
    pub range: Range<usize>,
}

/// The boilerplate patterns (id, regex), with a gate that finds in one pass
/// which of them may match a text.
#[derive(Debug, Clone, Default)]
pub struct Boilerplate {
    patterns: Vec<(String, Regex)>,
    /// Each pattern's prefilter, in pattern order.
    prefilters: Vec<Prefilter>,
    gate: CoreGate,
}

impl Boilerplate {
    /// Boilerplate from `(id, regex)` pairs.
    pub fn new(patterns: Vec<(String, Regex)>) -> Boilerplate {
        let gate = CoreGate::new(patterns.iter().map(|(_, re)| re.as_str()));
        let prefilters = patterns.iter().map(|(_, re)| Prefilter::new(re.as_str())).collect();
        Boilerplate { patterns, prefilters, gate }
    }

    /// The patterns, in rule order.
    pub fn patterns(&self) -> &[(String, Regex)] {
        &self.patterns
    }

    /// Byte ranges of every match of every pattern in `text`, and the
    /// matches too long to mask. One pass of the gate rules out the
    /// patterns that cannot match (most documents have no boilerplate at
    /// all); each remaining one is searched only where a fast superset of
    /// it matches.
    pub(crate) fn ranges(&self, text: &str) -> (Vec<Range<usize>>, Vec<Oversized>) {
        let search = SearchText::new(text);
        let candidates = self.gate.candidates(&search);
        let mut ranges = Vec::new();
        let mut oversized = Vec::new();
        for (((id, re), prefilter), _) in self.patterns.iter().zip(&self.prefilters).zip(&candidates).filter(|(_, &may)| may) {
            for range in prefilter.find_ranges_in(re, &search) {
                if range.len() > MAX_BOILERPLATE_BYTES {
                    oversized.push(Oversized { id: id.clone(), range });
                } else if !range.is_empty() {
                    ranges.push(range);
                }
            }
        }
        (ranges, oversized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_length_and_newlines() {
        let text = "héllo “wörld”\nLoad Error\nend";
        let masked = mask_ranges(text, &[0..3, 8..12, 15..30]);
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked.lines().count(), text.lines().count());
        for (a, b) in text.bytes().zip(masked.bytes()) {
            assert_eq!(a == b'\n', b == b'\n');
        }
        // 0..3 ends inside "é" and is widened to cover it.
        assert!(masked.starts_with("   llo"));
    }

    #[test]
    fn overlapping_unsorted_and_reversed_ranges_mask_each_byte_once() {
        // reference: every byte in a (widened) range becomes a space
        fn byte_by_byte(text: &str, ranges: &[Range<usize>]) -> String {
            let mut bytes = text.as_bytes().to_vec();
            for r in ranges {
                let (mut start, mut end) = (r.start.min(text.len()), r.end.min(text.len()));
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                for b in bytes.iter_mut().take(end).skip(start).filter(|b| **b != b'\n') {
                    *b = b' ';
                }
            }
            String::from_utf8(bytes).unwrap()
        }
        // the long text has runs of more than the 64 spaces written at once
        let long = format!("{}\n{}\n\n{}", "Förord: “26 killed” ".repeat(9), "x".repeat(150), "end ünd — ".repeat(20));
        let mut x = 7u64;
        for (round, text) in std::iter::repeat_n("Förord: “26 killed”\nnext — line\n\nend ünd", 2000)
            .chain(std::iter::repeat_n(long.as_str(), 2000))
            .enumerate()
        {
            let ranges: Vec<Range<usize>> = (0..(x % 4))
                .map(|_| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    let (a, b) = ((x >> 33) as usize % (text.len() + 4), (x >> 13) as usize % (text.len() + 4));
                    a..b
                })
                .collect();
            let masked = mask_ranges(text, &ranges);
            assert_eq!(masked, byte_by_byte(text, &ranges), "round {round}: {ranges:?}");
            // what is kept is exactly the text outside the masked bytes
            let kept = unmasked_ranges(text, &ranges);
            let mut in_kept = vec![false; text.len()];
            for r in &kept {
                assert!(!r.is_empty() && text.get(r.clone()).is_some(), "{r:?} of {ranges:?}");
                in_kept[r.clone()].iter_mut().for_each(|b| *b = true);
            }
            for (i, (a, b)) in text.bytes().zip(masked.bytes()).enumerate() {
                assert!(if in_kept[i] { a == b } else { b == b' ' || b == b'\n' }, "byte {i} of {ranges:?}");
            }
            assert!(kept.windows(2).all(|w| w[0].end < w[1].start), "separated: {kept:?}");
        }
    }

    #[test]
    fn out_of_range_is_clamped() {
        assert_eq!(mask_ranges("abc", &[2..99, 7..9]), "ab ");
    }

    #[test]
    fn boilerplate_matches_are_found() {
        let patterns = vec![("load-error".to_string(), Regex::new(r"(?m)^Load Error$").unwrap())];
        let text = "a\nLoad Error\nb Load Error\n";
        assert_eq!(Boilerplate::new(patterns.clone()).ranges(text), (std::iter::once(2..12).collect::<Vec<_>>(), Vec::new()));
        let masked = mask_ranges(text, &Boilerplate::new(patterns.clone()).ranges(text).0);
        assert_eq!(masked, "a\n          \nb Load Error\n");
    }

    #[test]
    fn oversized_matches_are_not_masked() {
        let patterns = vec![("whole-line".to_string(), Regex::new(r"(?m)^.*cookies.*$").unwrap())];
        let long = format!("{} cookies {}", "word ".repeat(2000), "word ".repeat(2000));
        let text = format!("We use cookies.\n{long}\n");
        let (ranges, oversized) = Boilerplate::new(patterns.clone()).ranges(&text);
        assert_eq!(ranges, vec![0..15]);
        assert_eq!(oversized, vec![Oversized { id: "whole-line".into(), range: 16..16 + long.len() }]);
    }
}
