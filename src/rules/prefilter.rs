//! Cheap superset prefilters for rule regexes.
//!
//! The regex crate's fast engines (lazy DFA, literal search) give up on a
//! pattern with a Unicode word boundary (`\b`) as soon as the text holds a
//! non-ASCII byte (a curly quote is enough), and fall back to a
//! backtracker that is one to two orders of magnitude slower. News text is
//! full of curly quotes and dashes. So before running such a pattern over
//! a whole document, the pipeline asks a *superset* of it: the same pattern
//! with every look-around assertion (`\b`, `^`, `$`…) dropped and parsed
//! case-insensitively. Dropping an assertion or ignoring case only adds
//! matches, so where the superset does not match, the pattern cannot match
//! either.
//!
//! When the pattern can never match a line break (most rule patterns are
//! line patterns), its matches lie inside single lines, and the exact
//! pattern only needs to run on the lines where the superset matched; a
//! line is searched as its own text, which changes nothing for `^`, `$` or
//! `\b` at its edges since a line break is not a word character. Results
//! are identical to a search of the whole text; only the work changes.
//!
//! This holds for regexes built the way the rule compiler builds them
//! (multi-line, optionally case-insensitive, `.` not matching a line break
//! unless the pattern says `(?s)`).

use regex::{Regex, RegexSet};
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Repetition};
use std::ops::Range;

/// How to search a pattern cheaply.
#[derive(Debug, Clone)]
pub enum Prefilter {
    /// No Unicode word boundary: the exact regex is as fast as a superset.
    None,
    /// Run the exact regex only when the superset matches somewhere.
    Gate(Regex),
    /// Run the exact regex only on the lines where the superset matches.
    Lines(Regex),
}

/// Where the exact pattern has to look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Candidates {
    /// The whole text.
    All,
    /// Nowhere: the pattern does not match.
    Nothing,
    /// Only these lines (byte ranges without their line break), in order.
    Lines(Vec<Range<usize>>),
}

impl Prefilter {
    /// The prefilter for `pattern` (see the module docs).
    pub fn new(pattern: &str) -> Prefilter {
        let parse = |case_insensitive: bool| {
            regex_syntax::ParserBuilder::new().multi_line(true).case_insensitive(case_insensitive).build().parse(pattern).ok()
        };
        let (Some(exact), Some(loose)) = (parse(false), parse(true)) else { return Prefilter::None };
        // Line anchors and ASCII word boundaries keep the fast engines.
        if !exact.properties().look_set().contains_word_unicode() {
            return Prefilter::None;
        }
        let non_empty = exact.properties().minimum_len().is_some_and(|n| n > 0);
        if non_empty && !can_match_newline(&loose) {
            // Only the line matters, so the core (without `.*` at the ends)
            // is enough to find it, and faster.
            let core = core_of(&drop_looks(&loose)).unwrap_or_else(|| drop_looks(&loose));
            let Ok(superset) = Regex::new(&core.to_string()) else { return Prefilter::None };
            Prefilter::Lines(superset)
        } else {
            let Ok(superset) = Regex::new(&drop_looks(&loose).to_string()) else { return Prefilter::None };
            Prefilter::Gate(superset)
        }
    }

    /// Where the exact pattern may match in `text`.
    pub fn candidates(&self, text: &str) -> Candidates {
        match self {
            Prefilter::None => Candidates::All,
            Prefilter::Gate(s) => {
                if s.is_match(text) {
                    Candidates::All
                } else {
                    Candidates::Nothing
                }
            }
            Prefilter::Lines(s) => {
                let mut lines: Vec<Range<usize>> = Vec::new();
                for m in s.find_iter(text) {
                    if lines.last().is_some_and(|l| l.end >= m.start()) {
                        continue;
                    }
                    let start = text.get(..m.start()).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
                    let end = text.get(m.start()..).and_then(|t| t.find('\n')).map_or(text.len(), |i| m.start() + i);
                    lines.push(start..end);
                }
                if lines.is_empty() {
                    Candidates::Nothing
                } else {
                    Candidates::Lines(lines)
                }
            }
        }
    }

    /// Byte ranges of every match of `re` (whose pattern this prefilter was
    /// built from) in `text`, as `re.find_iter(text)` gives them.
    pub fn find_ranges(&self, re: &Regex, text: &str) -> Vec<Range<usize>> {
        match self.candidates(text) {
            Candidates::All => re.find_iter(text).map(|m| m.range()).collect(),
            Candidates::Nothing => Vec::new(),
            Candidates::Lines(lines) => lines
                .into_iter()
                .flat_map(|l| {
                    let base = l.start;
                    re.find_iter(text.get(l).unwrap_or("")).map(move |m| base + m.start()..base + m.end())
                })
                .collect(),
        }
    }
}

/// One pass over a text that tells which of many patterns may match it.
///
/// Each pattern is reduced to a *core*: its look-free
/// superset (see [`Prefilter`]) with the repetitions at either end of its
/// top-level sequence dropped and bounded repetitions left unbounded. Where
/// a pattern matches, its core matches a part of that match, so a text in
/// which the core does not occur cannot hold a match. All cores go into one
/// [`RegexSet`], searched once per text instead of once per pattern.
/// A pattern whose core could match the empty string (or that does not
/// parse) is always a candidate.
#[derive(Debug, Clone, Default)]
pub struct CoreGate {
    /// The cores of the gated patterns.
    set: Option<RegexSet>,
    /// For each pattern, its index in `set`, or `None` when not gated.
    slots: Vec<Option<usize>>,
}

impl CoreGate {
    /// The gate for `patterns` (in the multi-line syntax of rule patterns).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> CoreGate {
        let mut cores = Vec::new();
        let slots = patterns
            .into_iter()
            .map(|pattern| {
                let core = core_pattern(pattern)?;
                cores.push(core);
                Some(cores.len() - 1)
            })
            .collect::<Vec<_>>();
        match RegexSet::new(&cores) {
            Ok(set) if !cores.is_empty() => CoreGate { set: Some(set), slots },
            // too big to build (or nothing gated): every pattern is a candidate
            _ => CoreGate { set: None, slots: slots.iter().map(|_| None).collect() },
        }
    }

    /// For each pattern (in the order given to [`CoreGate::new`]), whether
    /// it may match `text`.
    pub fn candidates(&self, text: &str) -> Vec<bool> {
        let hits = self.set.as_ref().map(|s| s.matches(text));
        self.slots
            .iter()
            .map(|slot| match (slot, &hits) {
                (Some(i), Some(hits)) => hits.matched(*i),
                _ => true,
            })
            .collect()
    }
}

/// The core of `pattern` (see [`CoreGate`]) as a pattern, or `None` when
/// it has none worth searching for.
fn core_pattern(pattern: &str) -> Option<String> {
    let exact = regex_syntax::ParserBuilder::new().multi_line(true).build().parse(pattern).ok()?;
    core_of(&drop_looks(&exact)).map(|core| core.to_string())
}

/// `hir` (already without look-around) with bounded repetitions loosened
/// and the repetitions at either end of its top-level sequence dropped; a
/// match of `hir` contains a match of the result. `None` when the result
/// could match the empty string.
fn core_of(hir: &Hir) -> Option<Hir> {
    let mut hir = loosen_repetitions(hir);
    if let HirKind::Concat(parts) = hir.kind() {
        let is_edge = |h: &Hir| matches!(h.kind(), HirKind::Repetition(_) | HirKind::Empty);
        let start = parts.iter().position(|h| !is_edge(h))?;
        let end = parts.iter().rposition(|h| !is_edge(h))?;
        hir = Hir::concat(parts.get(start..=end)?.to_vec());
    }
    hir.properties().minimum_len().is_some_and(|n| n > 0).then_some(hir)
}

/// `hir` with every bounded repetition made unbounded (`{2,80}` → `{2,}`),
/// which only adds matches and keeps the automaton small.
fn loosen_repetitions(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Repetition(r) => {
            let max = if r.max.is_some_and(|m| m > 1) { None } else { r.max };
            Hir::repetition(Repetition { sub: Box::new(loosen_repetitions(&r.sub)), max, ..r.clone() })
        }
        HirKind::Capture(c) => Hir::capture(Capture { sub: Box::new(loosen_repetitions(&c.sub)), ..c.clone() }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(loosen_repetitions).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(loosen_repetitions).collect()),
        _ => hir.clone(),
    }
}

/// `hir` with every look-around assertion replaced by the empty match.
fn drop_looks(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Repetition(r) => Hir::repetition(Repetition { sub: Box::new(drop_looks(&r.sub)), ..r.clone() }),
        HirKind::Capture(c) => Hir::capture(Capture { sub: Box::new(drop_looks(&c.sub)), ..c.clone() }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(drop_looks).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(drop_looks).collect()),
        _ => hir.clone(),
    }
}

/// True when some match of `hir` may contain a line break.
fn can_match_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(l) => l.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(c)) => c.ranges().iter().any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(c)) => c.ranges().iter().any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Repetition(r) => can_match_newline(&r.sub),
        HirKind::Capture(c) => can_match_newline(&c.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(can_match_newline),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(pattern: &str, texts: &[&str]) {
        let re = regex::RegexBuilder::new(pattern).multi_line(true).build().unwrap();
        let p = Prefilter::new(pattern);
        for t in texts {
            let want: Vec<Range<usize>> = re.find_iter(t).map(|m| m.range()).collect();
            assert_eq!(p.find_ranges(&re, t), want, "{pattern} on {t:?}");
        }
    }

    #[test]
    fn same_matches_as_the_exact_regex() {
        let texts = [
            "We use cookies.\n“Privacy Policy” here\nnothing\nxprivacy policyx",
            "nothing here – “quoted”",
            "a\nPhotograph: AP\nb. (Reuters)\n  Load Error  \n",
            "",
            "Load Error",
        ];
        for p in [
            r"(?i)^.*\b(?:privacy policy|use cookies)\b.*$",
            r"^.*\bPhotograph: .*$",
            r"^\s*Load Error\s*$",
            r"^.*[.!?]\s*\([^()\n]{2,80}\)\s*$",
            r"\bno\b",
            "plain",
        ] {
            same(p, &texts);
        }
    }

    #[test]
    fn kinds_of_prefilter() {
        assert!(matches!(Prefilter::new(r"(?i)^.*\bcookies\b.*$"), Prefilter::Lines(_)));
        assert!(matches!(Prefilter::new(r"^\s*Load Error\s*$"), Prefilter::None), "line anchors keep the fast engines");
        assert!(matches!(Prefilter::new(r"\bLoad\s+Error\b"), Prefilter::Gate(_)), "\\s may span lines");
        assert!(matches!(Prefilter::new("plain literal"), Prefilter::None));
        assert!(matches!(Prefilter::new("(unclosed"), Prefilter::None));
        assert_eq!(Prefilter::new(r"\bcookies\b").candidates("no match – “here”"), Candidates::Nothing);
    }

    #[test]
    fn the_core_gate_never_rules_out_a_pattern_that_matches() {
        let patterns = [
            r"(?i)^.*\b(?:privacy policy|use cookies)\b.*$",
            r"^.*\bPhotograph: .*$",
            r"^\s*Load Error\s*$",
            r"^[^\n]{10,250}[.!?][ \t]*\([^()\n]{2,80}\)[ \t]*$",
            r"^\s*$",
            "(unclosed",
        ];
        let gate = CoreGate::new(patterns);
        let texts = [
            "We USE COOKIES.\nnothing",
            "a line\nPhotograph: AP\n",
            "  Load Error  \n",
            "Police stand guard in the square. (Xinhua)",
            "nothing at all – “quoted”",
            "",
        ];
        for text in texts {
            let may = gate.candidates(text);
            for (pattern, may) in patterns.iter().zip(may) {
                let matches = regex::RegexBuilder::new(pattern).multi_line(true).build().is_ok_and(|re| re.is_match(text));
                assert!(may || !matches, "{pattern} matches {text:?} but was ruled out");
            }
        }
        // the gate does rule out: only the always-candidates stay
        assert_eq!(gate.candidates("nothing at all"), [false, false, false, false, true, true]);
    }
}
