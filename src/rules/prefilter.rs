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
//! `\b` at its edges since a line break is not a word character. A
//! pattern that is a whole line around an inner part (`^.*INNER.*$`) is
//! answered on such a line by `INNER` alone (`whole_line_inner`).
//! Results are identical to a search of the whole text; only the work
//! changes.
//!
//! This holds for regexes built the way the rule compiler builds them
//! (multi-line, optionally case-insensitive, `.` not matching a line break
//! unless the pattern says `(?s)`).
//!
//! A superset is case-insensitive, and the regex engine's fast literal
//! search does not serve case-insensitive literals well (each letter is a
//! class of two). So a superset is also kept *lowered*
//! ([`ascii_lowered`]), to search the text's ASCII-lowercased copy
//! ([`SearchText`]) case-sensitively: several times faster, with the same
//! offsets and lines.

use regex::{Regex, RegexSet};
use regex_syntax::hir::{Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition};
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::OnceLock;

/// The two characters outside ASCII that case-fold to ASCII letters:
/// KELVIN SIGN (k) and LATIN SMALL LETTER LONG S (s).
const FOLDS_TO_ASCII: [char; 2] = ['\u{212A}', '\u{17F}'];

/// Whether `text` holds a character outside ASCII that case-folds to an
/// ASCII letter ([`FOLDS_TO_ASCII`]).
///
/// One pass over the bytes for the last byte of either character's UTF-8
/// form (both rare in any text), each checked against the bytes before
/// it, where asking for each character took a pass of its own.
pub(crate) fn holds_ascii_folding(text: &str) -> bool {
    // two characters, two bytes to search for at once (memchr2)
    let [first, second] = FOLDS_TO_ASCII;
    let (mut first_buffer, mut second_buffer) = ([0u8; 4], [0u8; 4]);
    let forms = [first.encode_utf8(&mut first_buffer).as_bytes(), second.encode_utf8(&mut second_buffer).as_bytes()];
    let [Some(&first_last), Some(&second_last)] = forms.map(<[u8]>::last) else { return false };
    let bytes = text.as_bytes();
    let ends_with = |end: usize, form: &[u8]| end.checked_sub(form.len()).and_then(|start| bytes.get(start..end)) == Some(form);
    memchr::memchr2_iter(first_last, second_last, bytes).any(|at| forms.iter().any(|form| ends_with(at + 1, form)))
}

/// A text to search, with its ASCII-lowercased copy made on first use.
///
/// ASCII lowercasing keeps every byte offset, line break and word
/// character where it was, so what a lowered pattern matches in the copy
/// lies at the same offsets in the text. No copy is made of a text that
/// holds one of the non-ASCII characters that case-fold to ASCII letters
/// (KELVIN SIGN, LONG S): a case-insensitive `k` or `s` matches them, and
/// lowering cannot show that, so such a text is searched as it is.
#[derive(Debug)]
pub struct SearchText<'a> {
    text: &'a str,
    lowered: OnceCell<Option<String>>,
}

impl<'a> SearchText<'a> {
    /// `text`, not yet lowered.
    pub fn new(text: &'a str) -> Self {
        SearchText { text, lowered: OnceCell::new() }
    }

    /// The text as it is.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The ASCII-lowercased copy, or `None` for a text that must be searched
    /// as it is.
    pub(crate) fn lowered(&self) -> Option<&str> {
        self.lowered.get_or_init(|| (!holds_ascii_folding(self.text)).then(|| self.text.to_ascii_lowercase())).as_deref()
    }
}

/// Shortest literal a lowered pattern must start with to be searched in
/// the lowered copy (see [`Superset::new`]).
const MIN_PREFIX_BYTES: usize = 3;

/// A superset regex, and the same as it matches ASCII-lowercased text.
#[derive(Debug, Clone)]
pub struct Superset {
    /// The superset as a pattern. Its regex (`plain`) is built the first
    /// time a text needs it: with a lowered form, only a text that cannot
    /// be lowered does ([`SearchText::lowered`]), and building it was more
    /// than a third of the rules' compile time (case-insensitive Unicode
    /// classes).
    plain_pattern: String,
    /// The regex of `plain_pattern`; `None` inside when it does not compile
    /// (too large), and then every place may match.
    plain: OnceLock<Option<Regex>>,
    /// `None` when it does not compile or would not pay (then `plain`
    /// serves every text).
    lowered: Option<Regex>,
}

impl Superset {
    /// `pattern` (in the default syntax) and its lowered form; `None` when
    /// it does not compile, as it is or lowered. Both are built at once.
    pub fn from_pattern(pattern: &str) -> Option<Superset> {
        let superset = Superset::new(&regex_syntax::Parser::new().parse(pattern).ok()?)?;
        superset.plain()?;
        Some(superset)
    }

    /// The superset of `hir`; its plain regex is built when first needed.
    fn new(hir: &Hir) -> Option<Superset> {
        let plain_pattern = hir.to_string();
        let lowered = ascii_lowered(hir);
        // Lowering pays where the lowered pattern starts with literals the
        // engine can search for; one that may start with a digit or any
        // letter is searched as fast (and with less work) as it is.
        let prefixes = regex_syntax::hir::literal::Extractor::new().extract(&lowered);
        let searchable = prefixes.is_finite() && prefixes.min_literal_len().is_some_and(|n| n >= MIN_PREFIX_BYTES);
        let lowered = if searchable { Regex::new(&lowered.to_string()).ok() } else { None };
        Some(Superset { plain_pattern, plain: OnceLock::new(), lowered })
    }

    /// The plain regex, built on first use; `None` when it does not compile.
    fn plain(&self) -> Option<&Regex> {
        self.plain.get_or_init(|| Regex::new(&self.plain_pattern).ok()).as_ref()
    }

    /// The regex and the text to run it on: the lowered ones when there is
    /// a lowered copy of the text. Its matches are at least those of the
    /// pattern in the text, at the same offsets. `None` when the superset
    /// cannot be searched (its plain regex is too large to build): every
    /// place may match then.
    pub fn pick<'t>(&self, text: &'t SearchText) -> Option<(&Regex, &'t str)> {
        // the copy is made only for a pattern that has a lowered form
        if let Some(re) = &self.lowered {
            if let Some(lowered) = text.lowered() {
                return Some((re, lowered));
            }
        }
        Some((self.plain()?, text.text))
    }

    fn is_match(&self, text: &SearchText) -> bool {
        self.pick(text).is_none_or(|(re, hay)| re.is_match(hay))
    }
}

/// How to search a pattern cheaply.
#[derive(Debug, Clone)]
pub enum Prefilter {
    /// No Unicode word boundary (nor a wide count in a line pattern): the
    /// exact regex is as fast as a superset.
    None,
    /// Run the exact regex only when the superset matches somewhere.
    Gate(Superset),
    /// Run the exact regex only on the lines where the superset matches.
    Lines {
        /// Finds the lines to search.
        superset: Superset,
        /// For a pattern that is a whole line around an inner part
        /// (`^.*INNER.*$`), the inner part alone, which answers on a line.
        whole_line: Option<WholeLine>,
    },
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

impl Candidates {
    /// Whether the exact pattern may match inside `range` (which lies
    /// within one line): false only where it cannot.
    pub fn may_hold(&self, range: &Range<usize>) -> bool {
        match self {
            Candidates::All => true,
            Candidates::Nothing => false,
            Candidates::Lines(lines) => {
                // the first line that ends at or after the range's start
                let at = lines.partition_point(|l| l.end < range.start);
                lines.get(at).is_some_and(|l| l.start <= range.end)
            }
        }
    }
}

impl Prefilter {
    /// The prefilter for `pattern` (see the module docs).
    pub fn new(pattern: &str) -> Prefilter {
        // The pattern read case-insensitively is all a gate needs: reading
        // it as written too (a third of building an idiom's prefilter) is
        // left to line patterns. Case folding adds characters to classes and
        // changes no emptiness, look-around or repetition, so the two
        // readings agree on everything decided from `loose` here (a test
        // holds them to it), and one parses where the other does.
        let Some(loose) = parse_rule_pattern(pattern, true) else { return Prefilter::None };
        let non_empty = loose.properties().minimum_len().is_some_and(|n| n > 0);
        let line_pattern = non_empty && !can_match_newline(&loose);
        // Line anchors and ASCII word boundaries keep the fast engines; a
        // wide counted repetition (`[^\n]{10,250}`) makes the lazy DFA
        // count, state by state, wherever it could start, so a line pattern
        // with one is still searched only on its candidate lines.
        let word_unicode = loose.properties().look_set().contains_word_unicode();
        if !line_pattern {
            if !word_unicode {
                return Prefilter::None;
            }
            return Superset::new(&drop_looks(&loose)).map_or(Prefilter::None, Prefilter::Gate);
        }
        let Some(exact) = parse_rule_pattern(pattern, false) else { return Prefilter::None };
        if !word_unicode && widest_count(&exact) <= WIDE_COUNT {
            return Prefilter::None;
        }
        // Only the line matters, so the core (without `.*` at the ends) is
        // enough to find it, and faster.
        let core = core_of(&drop_looks(&loose)).unwrap_or_else(|| drop_looks(&loose));
        let whole_line = WholeLine::new(&exact, &loose);
        Superset::new(&core).map_or(Prefilter::None, |superset| Prefilter::Lines { superset, whole_line })
    }

    /// Where the exact pattern may match in `text`.
    pub fn candidates(&self, text: &str) -> Candidates {
        self.candidates_in(&SearchText::new(text))
    }

    /// [`Prefilter::candidates`] in a text that may already have its
    /// lowered copy.
    pub fn candidates_in(&self, search: &SearchText) -> Candidates {
        match self {
            Prefilter::None => Candidates::All,
            Prefilter::Gate(s) => {
                if s.is_match(search) {
                    Candidates::All
                } else {
                    Candidates::Nothing
                }
            }
            Prefilter::Lines { superset, .. } => {
                // the lowered copy has the text's offsets and line breaks
                let Some((re, text)) = superset.pick(search) else { return Candidates::All };
                let mut lines: Vec<Range<usize>> = Vec::new();
                for m in re.find_iter(text) {
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
        self.find_ranges_in(re, &SearchText::new(text))
    }

    /// [`Prefilter::find_ranges`] in a text that may already have its
    /// lowered copy.
    pub fn find_ranges_in(&self, re: &Regex, search: &SearchText) -> Vec<Range<usize>> {
        let text = search.text;
        match self.candidates_in(search) {
            Candidates::All => re.find_iter(text).map(|m| m.range()).collect(),
            Candidates::Nothing => Vec::new(),
            Candidates::Lines(lines) => match self {
                Prefilter::Lines { whole_line: Some(inner), .. } => {
                    lines.into_iter().filter(|l| text.get(l.clone()).is_some_and(|line| inner.is_match(re, line))).collect()
                }
                _ => lines
                    .into_iter()
                    .flat_map(|l| {
                        let base = l.start;
                        re.find_iter(text.get(l).unwrap_or("")).map(move |m| base + m.start()..base + m.end())
                    })
                    .collect(),
            },
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
///
/// A case-insensitive core is slow in the set (the set cannot skip ahead to
/// a literal, and its letters are classes of two): it is searched on its
/// own instead, lowered, in the text's lowered copy ([`SearchText`]).
#[derive(Debug, Clone, Default)]
pub struct CoreGate {
    /// The case-sensitive cores.
    set: Option<RegexSet>,
    /// The case-insensitive cores.
    singles: Vec<Superset>,
    /// How each pattern is gated.
    slots: Vec<Slot>,
}

/// How [`CoreGate`] decides on one pattern.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// Always a candidate.
    Always,
    /// A candidate when this core of the set matches.
    InSet(usize),
    /// A candidate when this single core matches.
    Single(usize),
}

impl CoreGate {
    /// The gate for `patterns` (in the multi-line syntax of rule patterns).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> CoreGate {
        let mut cores = Vec::new();
        let mut singles = Vec::new();
        let slots: Vec<Slot> = patterns
            .into_iter()
            .map(|pattern| {
                let Some(core) = core_hir(pattern) else { return Slot::Always };
                if folds_case(&core) {
                    if let Some(single) = Superset::new(&core) {
                        singles.push(single);
                        return Slot::Single(singles.len() - 1);
                    }
                }
                cores.push(core.to_string());
                Slot::InSet(cores.len() - 1)
            })
            .collect();
        let set = match RegexSet::new(&cores) {
            Ok(set) if !cores.is_empty() => Some(set),
            // too big to build (or nothing in it): those are candidates
            _ => None,
        };
        CoreGate { set, singles, slots }
    }

    /// For each pattern (in the order given to [`CoreGate::new`]), whether
    /// it may match `text`.
    pub fn candidates(&self, text: &SearchText) -> Vec<bool> {
        let hits = self.set.as_ref().map(|s| s.matches(text.text));
        self.slots
            .iter()
            .map(|slot| match (slot, &hits) {
                (Slot::InSet(i), Some(hits)) => hits.matched(*i),
                (Slot::Single(i), _) => self.singles.get(*i).is_none_or(|s| s.is_match(text)),
                _ => true,
            })
            .collect()
    }
}

/// One pass for many [`Prefilter`]s: the lowered supersets of all of them
/// in one set, searched in a text's lowered copy, whole
/// ([`PrefilterSet::may_match`]) or part by part ([`PrefilterSet::parts_of`]:
/// the extractor asks it about each sentence it reads, a few of each
/// document's). A prefilter whose superset does not match there has
/// nothing to look at. With a dozen idioms, their supersets scanned the
/// text a dozen times.
///
/// Building the set costs about 100 M instructions, so it is built, and
/// used, only once the texts asked about add up to [`GATE_AFTER_BYTES`]
/// (before that, each prefilter answers for the whole text on its own):
/// a run over ten articles, or the rules' self-test, does not pay for it.
/// The answers are the same either way.
#[derive(Debug, Clone, Default)]
pub struct PrefilterSet {
    /// The lowered supersets of those that have one, in one set once built.
    patterns: Vec<String>,
    /// For each prefilter in order, its place in the set; `None` for one
    /// that is always asked (no superset, or no lowered form).
    slots: Vec<Option<usize>>,
    /// Bytes of text asked about, and the set once they reach `after`.
    state: std::sync::Arc<GateState>,
    /// How many bytes of text are asked about before the set is built.
    after: usize,
}

/// Texts searched through the gate of [`PrefilterSet`], at most [`GATE_AFTER_BYTES`] of them.
pub const GATE_AFTER_BYTES: usize = 8 << 20;

/// What a [`PrefilterSet`] has seen, shared by its clones.
#[derive(Debug, Default)]
struct GateState {
    bytes: std::sync::atomic::AtomicUsize,
    set: OnceLock<Option<RegexSet>>,
}

impl PrefilterSet {
    /// The set of `prefilters`, in their order, used once texts of
    /// [`GATE_AFTER_BYTES`] have been asked about.
    pub fn new<'a>(prefilters: impl IntoIterator<Item = &'a Prefilter>) -> PrefilterSet {
        Self::used_after(prefilters, GATE_AFTER_BYTES)
    }

    /// [`PrefilterSet::new`], used once texts of `after` bytes have been
    /// asked about (0: at once).
    pub fn used_after<'a>(prefilters: impl IntoIterator<Item = &'a Prefilter>, after: usize) -> PrefilterSet {
        let mut patterns: Vec<String> = Vec::new();
        let slots = prefilters
            .into_iter()
            .map(|p| {
                let lowered = match p {
                    Prefilter::Gate(s) | Prefilter::Lines { superset: s, .. } => s.lowered.as_ref()?,
                    Prefilter::None => return None,
                };
                patterns.push(lowered.as_str().to_string());
                Some(patterns.len() - 1)
            })
            .collect();
        PrefilterSet { patterns, slots, state: Default::default(), after }
    }

    /// The set, built on first use; `None` until texts of `after` bytes
    /// have been asked about (counting `len` more), or when it does not
    /// build.
    fn set(&self, len: usize) -> Option<&RegexSet> {
        let seen = self.state.bytes.fetch_add(len, std::sync::atomic::Ordering::Relaxed).saturating_add(len);
        if seen < self.after && self.state.set.get().is_none() {
            return None;
        }
        self.state.set.get_or_init(|| RegexSet::new(&self.patterns).ok().filter(|_| !self.patterns.is_empty())).as_ref()
    }

    /// For each prefilter, whether its superset may match somewhere in
    /// `text`: false only where it cannot (every one may when the text has
    /// no lowered copy, or the set is not built yet or did not build).
    pub fn may_match(&self, text: &SearchText, count: usize) -> Vec<bool> {
        let matched = self.set(text.text.len()).zip(text.lowered()).map(|(set, lowered)| set.matches(lowered));
        (0..count)
            .map(|i| match (self.slots.get(i).copied().flatten(), &matched) {
                (Some(at), Some(matched)) => matched.matched(at),
                _ => true,
            })
            .collect()
    }

    /// The gate for parts of `text` asked about one by one, instead of the
    /// whole text at once ([`PrefilterSet::may_match`]): where only a few
    /// sentences of a document can hold a match (those with a figure), the
    /// set searches them alone, not the rest. `None` where
    /// [`PrefilterSet::may_match`] would answer "may" for every prefilter
    /// (the set not built yet or not built, or no lowered copy); the text's
    /// bytes count towards building the set either way.
    pub fn parts_of<'s, 't>(&'s self, text: &'t SearchText) -> Option<PartsGate<'s, 't>> {
        let set = self.set(text.text.len())?;
        Some(PartsGate { set, slots: &self.slots, lowered: text.lowered()? })
    }
}

/// [`PrefilterSet`] asked about the parts of one text (the sentences an
/// idiom can match in), each searched on its own: see
/// [`PrefilterSet::parts_of`].
#[derive(Debug)]
pub struct PartsGate<'s, 't> {
    set: &'s RegexSet,
    slots: &'s [Option<usize>],
    lowered: &'t str,
}

impl PartsGate<'_, '_> {
    /// For each of `count` prefilters, into `out`: whether its superset may
    /// match inside `range` of the text (false only where it cannot). A
    /// pattern whose matches lie inside such a part (a regex run on the
    /// part alone) can only match where its superset does.
    pub fn may_match_in(&self, range: Range<usize>, count: usize, out: &mut Vec<bool>) {
        let matched = self.lowered.get(range).map(|part| self.set.matches(part));
        out.clear();
        out.extend((0..count).map(|i| match (self.slots.get(i).copied().flatten(), &matched) {
            (Some(at), Some(matched)) => matched.matched(at),
            _ => true,
        }));
    }
}

/// The core of `pattern` (see [`CoreGate`]), or `None` when it has none
/// worth searching for.
fn core_hir(pattern: &str) -> Option<Hir> {
    let exact = parse_rule_pattern(pattern, false)?;
    core_of(&drop_looks(&exact))
}

/// True when `hir` matches some ASCII letter in either case (a
/// case-insensitive part).
fn folds_case(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let (_, mut lowered) = unicode_capitals(c);
            lowered.intersect(c);
            !lowered.ranges().is_empty()
        }
        HirKind::Class(Class::Bytes(c)) => {
            let (_, mut lowered) = byte_capitals(c);
            lowered.intersect(c);
            !lowered.ranges().is_empty()
        }
        HirKind::Empty | HirKind::Look(_) | HirKind::Literal(_) => false,
        HirKind::Repetition(r) => folds_case(&r.sub),
        HirKind::Capture(c) => folds_case(&c.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(folds_case),
    }
}

/// All ASCII capitals, and those of `c` as lowercase letters.
fn unicode_capitals(c: &ClassUnicode) -> (ClassUnicode, ClassUnicode) {
    let capitals = ClassUnicode::new([ClassUnicodeRange::new('A', 'Z')]);
    let mut of_c = c.clone();
    of_c.intersect(&capitals);
    let lowered = of_c.ranges().iter().map(|r| ClassUnicodeRange::new(r.start().to_ascii_lowercase(), r.end().to_ascii_lowercase()));
    (capitals, ClassUnicode::new(lowered))
}

/// [`unicode_capitals`] for a class of bytes.
fn byte_capitals(c: &ClassBytes) -> (ClassBytes, ClassBytes) {
    let capitals = ClassBytes::new([ClassBytesRange::new(b'A', b'Z')]);
    let mut of_c = c.clone();
    of_c.intersect(&capitals);
    let lowered = of_c.ranges().iter().map(|r| ClassBytesRange::new(r.start().to_ascii_lowercase(), r.end().to_ascii_lowercase()));
    (capitals, ClassBytes::new(lowered))
}

/// `hir` as it matches ASCII-lowercased text: each literal lowercased, each
/// class replaced by its image under ASCII lowercasing, without the two
/// characters that fold to ASCII letters (see [`SearchText`], which never
/// lowers a text that holds them). Wherever `hir` matches a text without
/// them, the result matches the lowered text at the same offsets: line
/// breaks and word characters do not change, so neither do look-arounds.
pub fn ascii_lowered(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Literal(l) => Hir::literal(l.0.to_ascii_lowercase()),
        HirKind::Class(Class::Unicode(c)) => Hir::class(Class::Unicode(lowered_class(c))),
        HirKind::Class(Class::Bytes(c)) => {
            let (capitals, lowered) = byte_capitals(c);
            let mut out = c.clone();
            out.difference(&capitals);
            out.union(&lowered);
            Hir::class(Class::Bytes(out))
        }
        HirKind::Empty | HirKind::Look(_) => hir.clone(),
        HirKind::Repetition(r) => Hir::repetition(Repetition { sub: Box::new(ascii_lowered(&r.sub)), ..r.clone() }),
        HirKind::Capture(c) => Hir::capture(Capture { sub: Box::new(ascii_lowered(&c.sub)), ..c.clone() }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(ascii_lowered).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(ascii_lowered).collect()),
    }
}

/// The image of class `c` under ASCII lowercasing, without the characters
/// that fold to ASCII letters ([`FOLDS_TO_ASCII`]): each range split at
/// most once around `A`–`Z` and around each of those characters, and the
/// pieces normalised once. (Rule patterns parsed case-insensitively are
/// made of thousands of small classes, one per letter: the set operations
/// this replaces allocated five classes for each, a third of compiling
/// the default rules.)
fn lowered_class(c: &ClassUnicode) -> ClassUnicode {
    let mut pieces: Vec<ClassUnicodeRange> = Vec::with_capacity(c.ranges().len() + 4);
    for r in c.ranges() {
        let (start, end) = (r.start(), r.end());
        // below `A`, the capitals lowered, above `Z`: `@` and `[` are
        // the characters on either side of the capitals
        if start < 'A' {
            pieces.push(ClassUnicodeRange::new(start, end.min('@')));
        }
        if start <= 'Z' && end >= 'A' {
            pieces.push(ClassUnicodeRange::new(start.max('A').to_ascii_lowercase(), end.min('Z').to_ascii_lowercase()));
        }
        if end > 'Z' {
            let above = start.max('[');
            let mut from = Some(above);
            let mut folds = FOLDS_TO_ASCII;
            folds.sort_unstable();
            for fold in folds {
                match from {
                    Some(f) if f <= fold && fold <= end => {
                        if f < fold {
                            pieces.push(ClassUnicodeRange::new(f, char::from_u32(u32::from(fold) - 1).unwrap_or(f)));
                        }
                        from = char::from_u32(u32::from(fold) + 1).filter(|&next| next <= end);
                    }
                    _ => {}
                }
            }
            if let Some(f) = from {
                pieces.push(ClassUnicodeRange::new(f, end));
            }
        }
    }
    ClassUnicode::new(pieces)
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

/// The inner part of a pattern that matches whole lines around it:
/// `INNER` of `^.*INNER.*$` (multi-line anchors, `.` any character but a
/// line break, greedy or lazy), as rule patterns for boilerplate lines are
/// written (`(?i)^.*\b(?:privacy policy|…)\b.*$`).
///
/// Searched in a line as its own text, such a pattern can only match the
/// whole line (`^` holds only at its start and `$` only at its end), and
/// does exactly when `INNER` matches somewhere in it: the `.*` on either
/// side take whatever is left, as the line holds no line break. The look-
/// arounds inside `INNER` see the same line either way. So `INNER` alone
/// answers, and keeps the regex engine's literal search; the whole
/// pattern, with a Unicode `\b` in a line with a curly quote, runs on a
/// backtracker from the line's start (13 to 20 times slower over the
/// generated corpus's privacy and newsletter lines).
fn whole_line_inner(exact: &Hir) -> Option<Hir> {
    let HirKind::Concat(parts) = exact.kind() else { return None };
    let any_but_line_break = Hir::dot(regex_syntax::hir::Dot::AnyCharExceptLF);
    let is_dot_star = |h: &Hir| matches!(h.kind(), HirKind::Repetition(r) if r.min == 0 && r.max.is_none() && *r.sub == any_but_line_break);
    let is_look = |h: &Hir, look: Look| matches!(h.kind(), HirKind::Look(l) if *l == look);
    match parts.as_slice() {
        [start, lead, inner @ .., trail, end]
            if !inner.is_empty()
                && is_look(start, Look::StartLF)
                && is_look(end, Look::EndLF)
                && is_dot_star(lead)
                && is_dot_star(trail) =>
        {
            Some(Hir::concat(inner.to_vec()))
        }
        _ => None,
    }
}

/// Above this upper bound, a counted repetition is wide ([`Prefilter::new`]).
const WIDE_COUNT: u32 = 16;

/// The largest upper bound of a counted repetition in `hir` (0 if none).
fn widest_count(hir: &Hir) -> u32 {
    match hir.kind() {
        HirKind::Repetition(r) => r.max.filter(|&max| max > 1).unwrap_or(0).max(widest_count(&r.sub)),
        HirKind::Capture(c) => widest_count(&c.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().map(widest_count).max().unwrap_or(0),
        _ => 0,
    }
}

/// The inner part of a whole-line pattern (`^.*INNER.*$`), as the
/// pattern reads and case-insensitively: the pattern's regex may have been
/// built either way (the rule compiler builds some case-insensitive), and
/// the pattern's text does not say which.
#[derive(Debug, Clone)]
pub struct WholeLine {
    exact: Regex,
    /// `None` when the same as `exact` (a pattern with its own `(?i)`).
    loose: Option<Regex>,
}

impl WholeLine {
    /// The inner parts of `exact` and `loose` (the pattern parsed as it
    /// reads and case-insensitively), if it is a whole-line pattern.
    fn new(exact: &Hir, loose: &Hir) -> Option<Self> {
        let inner_exact = whole_line_inner(exact)?;
        let inner_loose = whole_line_inner(loose)?;
        let loose = if inner_loose == inner_exact { None } else { Some(Regex::new(&inner_loose.to_string()).ok()?) };
        Some(WholeLine { exact: Regex::new(&inner_exact.to_string()).ok()?, loose })
    }

    /// Whether `re`, the pattern's regex, matches `line` (a line searched as
    /// its own text). The inner part as the pattern reads matches only where
    /// the regex does, built either way; where it does not, the
    /// case-insensitive one rules the line out for both; between the two,
    /// only the regex can tell.
    fn is_match(&self, re: &Regex, line: &str) -> bool {
        if self.exact.is_match(line) {
            return true;
        }
        match &self.loose {
            None => false,
            Some(loose) => loose.is_match(line) && re.is_match(line),
        }
    }
}

/// `pattern` parsed as a rule pattern is (multi-line), read
/// case-insensitively or as written; `None` when it does not parse.
fn parse_rule_pattern(pattern: &str, case_insensitive: bool) -> Option<Hir> {
    regex_syntax::ParserBuilder::new().multi_line(true).case_insensitive(case_insensitive).build().parse(pattern).ok()
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

    #[test]
    fn ascii_folding_found_in_one_pass_as_by_each_character() {
        // the characters, their neighbours in UTF-8 (same last byte, same
        // lead bytes) and bytes that share only a last byte with them
        let pieces = [
            "\u{212A}", "\u{17F}", "\u{212B}", "\u{2129}", "\u{17E}", "\u{13F}", "\u{AA}", "\u{BF}", "\u{FF3F}", "ª", "k", "s", "é", " ",
            "\u{2084}", "\u{C5}",
        ];
        let mut x = 7u64;
        for len in 0..400usize {
            let text: String = (0..len % 9)
                .map(|_| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    pieces[(x >> 33) as usize % pieces.len()]
                })
                .collect();
            let by_each = FOLDS_TO_ASCII.iter().any(|&c| text.contains(c));
            assert_eq!(holds_ascii_folding(&text), by_each, "{text:?}");
        }
        assert!(holds_ascii_folding("\u{212A}") && holds_ascii_folding("x\u{17F}") && !holds_ascii_folding("\u{BF}\u{AA}"));
    }

    fn same(pattern: &str, texts: &[&str]) {
        let re = regex::RegexBuilder::new(pattern).multi_line(true).build().unwrap();
        let p = Prefilter::new(pattern);
        for t in texts {
            let want: Vec<Range<usize>> = re.find_iter(t).map(|m| m.range()).collect();
            assert_eq!(p.find_ranges(&re, t), want, "{pattern} on {t:?}");
        }
    }

    #[test]
    fn candidates_hold_a_range_inside_one_of_their_lines() {
        let lines = Candidates::Lines(vec![0..10, 20..30, 40..50]);
        for (range, held) in
            [(0..4, true), (3..10, true), (12..18, false), (20..30, true), (31..39, false), (45..47, true), (51..60, false)]
        {
            assert_eq!(lines.may_hold(&range), held, "{range:?}");
        }
        assert!(Candidates::All.may_hold(&(5..6)));
        assert!(!Candidates::Nothing.may_hold(&(5..6)));
    }

    #[test]
    fn same_matches_as_the_exact_regex() {
        let texts = [
            "We use cookies.\n“Privacy Policy” here\nnothing\nxprivacy policyx",
            "nothing here – “quoted”",
            "a\nPhotograph: AP\nb. (Reuters)\n  Load Error  \n",
            "Troops stand guard. (Xinhua)\nA (long) text. (AP) goes on\nShort. (AP)",
            "",
            "Load Error",
        ];
        for p in [
            r"(?i)^.*\b(?:privacy policy|use cookies)\b.*$",
            r"^.*\bPhotograph: .*$",
            r"^\s*Load Error\s*$",
            r"^.*[.!?]\s*\([^()\n]{2,80}\)\s*$",
            r"^[^\n]{10,250}[.!?][ \t]*\([^()\n]{2,80}\)[ \t]*$",
            r"\bno\b",
            "plain",
        ] {
            same(p, &texts);
        }
    }

    /// Texts from pieces that lowering could get wrong: both cases, the
    /// characters that case-fold to ASCII letters, other cased letters,
    /// word edges and line breaks.
    fn tricky_texts(count: usize) -> Vec<String> {
        let pieces = [
            "cookies",
            "COOKIES",
            "Coo\u{212A}ies",
            "\u{17F}ign up",
            "Sign Up",
            "PRIVACY policy",
            "Privacy\nPolicy",
            "Photograph: AP",
            "photograph: ap",
            "İstanbul",
            "STRASSE",
            "straße",
            "Élysée",
            "ÉLYSÉE",
            "Load Error",
            "load error",
            "“quoted”",
            " ",
            "\n",
            "x",
            "9",
            "_",
            ".",
            "(Reuters)",
            "K",
            "k",
        ];
        let mut x = 11u64;
        (0..count)
            .map(|_| {
                let mut next = |n: usize| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    (x >> 33) as usize % n
                };
                let n = 1 + next(8);
                (0..n).map(|_| pieces[next(pieces.len())]).collect::<String>()
            })
            .collect()
    }

    /// Patterns whose supersets are case-insensitive, with and without
    /// their own `(?i)`, word edges, anchors and classes.
    const TRICKY_PATTERNS: [&str; 16] = [
        r"(?i)^.*\b(?:privacy policy|use cookies|cookies)\b.*$",
        r"(?i)^.*?\b(?:privacy policy|sign up)\b.*?$",
        r"^.*\b(Photograph|K): .*$",
        r"(?i)^.*\bcookies\b.+$",
        r"(?i)^.*\bcoo\B.*$",
        r"^.*\bPhotograph: .*$",
        r"^[^\n]{2,250}[.!?][ \t]*\([^()\n]{2,80}\)[ \t]*$",
        r"(?i)\bsign up\b",
        r"\bLoad\s+Error\b",
        r"(?i)\bkelvin|\bKOO",
        r"\bÉlysée\b",
        r"(?i)\bélysée\b",
        r"(?i)^\s*strasse\s*$",
        r"\b[A-Z][a-z]+ [A-Z]",
        r"(?i)[^a-z\n]{3}",
        r"(?i:\bsign) Up\b",
    ];

    #[test]
    fn lowered_search_finds_what_the_exact_regex_finds() {
        let texts = tricky_texts(600);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        for p in TRICKY_PATTERNS {
            same(p, &refs);
        }
        let gate = CoreGate::new(TRICKY_PATTERNS);
        let mut ruled_out = 0;
        for text in &texts {
            let may = gate.candidates(&SearchText::new(text));
            for (pattern, may) in TRICKY_PATTERNS.iter().zip(may) {
                let matches = regex::RegexBuilder::new(pattern).multi_line(true).build().unwrap().is_match(text);
                assert!(may || !matches, "{pattern} matches {text:?} but was ruled out");
                ruled_out += usize::from(!may);
            }
        }
        assert!(ruled_out > 1000, "the gate rules out something: {ruled_out}");
    }

    /// What [`Prefilter::new`] decides from the pattern read
    /// case-insensitively alone is the same read as written: whether it
    /// parses, whether it can match the empty string, its Unicode word
    /// boundaries and its widest count.
    #[test]
    fn case_folding_changes_nothing_a_gate_is_decided_on() {
        let more = [
            r"(?i)\bpolice\b",
            r"\bK\b|\u{212A}",
            r"(?-i:\bKelvin)",
            r"\bſ",
            r"(?i:a|)",
            r"[^\s\S]",
            r"(?i)[^\s\S]x",
            r"\p{Lu}{3,9}\b",
            r"(?i)\p{Ll}{2,80}?",
            r"^(?i:Load)\s*Error\s*$",
            r"(?-u:\b)x\b",
            r"(?i)(?:[\p{L}-]+\s+){0,3}\d",
            r"(unclosed",
            r"[z-a]",
            r"(?-u:\xFF)",
            "",
        ];
        for pattern in TRICKY_PATTERNS.iter().chain(&more) {
            let (exact, loose) = (parse_rule_pattern(pattern, false), parse_rule_pattern(pattern, true));
            assert_eq!(exact.is_some(), loose.is_some(), "{pattern}");
            let (Some(exact), Some(loose)) = (exact, loose) else { continue };
            let non_empty = |h: &Hir| h.properties().minimum_len().is_some_and(|n| n > 0);
            assert_eq!(non_empty(&exact), non_empty(&loose), "{pattern}");
            assert_eq!(
                exact.properties().look_set().contains_word_unicode(),
                loose.properties().look_set().contains_word_unicode(),
                "{pattern}"
            );
            assert_eq!(widest_count(&exact), widest_count(&loose), "{pattern}");
        }
    }

    #[test]
    fn characters_that_fold_to_ascii_are_not_lost() {
        // KELVIN SIGN and LONG S match `k` and `s` case-insensitively
        let text = "We use coo\u{212A}ie\u{17F} here";
        let p = r"(?i)^.*\b(?:use cookies)\b.*$";
        same(p, &[text]);
        assert!(SearchText::new(text).lowered().is_none());
        assert_eq!(SearchText::new("ÉCOLE “Cookies”").lowered(), Some("École “cookies”"));
        let gate = CoreGate::new([p]);
        assert_eq!(gate.candidates(&SearchText::new(text)), [true]);
        assert_eq!(gate.candidates(&SearchText::new("We USE COOKIES")), [true]);
        assert_eq!(gate.candidates(&SearchText::new("We use biscuits")), [false]);
    }

    /// The definition [`lowered_class`] replaced: set operations.
    fn lowered_class_by_sets(c: &ClassUnicode) -> ClassUnicode {
        let (capitals, lowered) = unicode_capitals(c);
        let mut out = c.clone();
        out.difference(&capitals);
        out.union(&lowered);
        out.difference(&ClassUnicode::new(FOLDS_TO_ASCII.map(|c| ClassUnicodeRange::new(c, c))));
        out
    }

    #[test]
    fn a_lowered_class_is_the_set_definition() {
        let class_of = |p: &str| match regex_syntax::ParserBuilder::new().case_insensitive(true).build().parse(p).unwrap().into_kind() {
            HirKind::Class(Class::Unicode(c)) => c,
            other => panic!("{p}: {other:?}"),
        };
        let named = r"\w \s \W \p{L} \p{Lu} [^,.;:“”()] k s [a-z] [@-\[] [A-Z] [Z-a] é [\x00-\x{10FFFF}] [^k] [^s] [0-9]";
        let folding = ["[\u{17F}-\u{212A}]", "[\u{17F}\u{212A}]", "[\u{180}-\u{2129}]"];
        for p in named.split(' ').chain(folding) {
            let c = class_of(p);
            assert_eq!(lowered_class(&c), lowered_class_by_sets(&c), "{p}");
        }
        // classes of random ranges around the edges that matter
        let edges: Vec<char> = "\0 0?@ABKSYZ[\\`akz{é\u{17E}\u{17F}\u{180}\u{2129}\u{212A}\u{212B}\u{10FFFF}".chars().collect();
        let mut state = 5u64;
        let mut next = |n: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        for _ in 0..3000 {
            let ranges: Vec<ClassUnicodeRange> = (0..1 + next(4))
                .map(|_| ClassUnicodeRange::new(edges[next(edges.len() as u64) as usize], edges[next(edges.len() as u64) as usize]))
                .collect();
            let c = ClassUnicode::new(ranges);
            assert_eq!(lowered_class(&c), lowered_class_by_sets(&c), "{c:?}");
        }
    }

    #[test]
    fn lowered_patterns() {
        let lowered = |p: &str| {
            let hir = regex_syntax::ParserBuilder::new().case_insensitive(true).build().parse(p).unwrap();
            ascii_lowered(&hir).to_string()
        };
        let re = |p: &str| Regex::new(&lowered(p)).unwrap();
        assert!(re("Cookies").is_match("cookies") && !re("Cookies").is_match("Cookies"), "{}", lowered("Cookies"));
        assert!(
            re("Élysée").is_match("élysée") && re("Élysée").is_match(&"ÉLYSÉE".to_ascii_lowercase()),
            "non-ASCII letters keep both cases"
        );
        assert!(!re("k").is_match("\u{212A}"), "texts with the Kelvin sign are never lowered");
        // lowered only where the engine can then search for literals
        assert!(Superset::from_pattern("(?i)privacy policy|use cookies").unwrap().lowered.is_some());
        assert!(Superset::from_pattern(r"(?i)\d{1,2} (?:jan|feb)").unwrap().lowered.is_none());
        assert!(Superset::from_pattern(r"(?i)\w+ said").unwrap().lowered.is_none());
        assert!(folds_case(&regex_syntax::Parser::new().parse("(?i)ab").unwrap()));
        assert!(!folds_case(&regex_syntax::Parser::new().parse("Ab[0-9]").unwrap()));
        assert!(!folds_case(&regex_syntax::Parser::new().parse("(?i)[0-9]+ é").unwrap()));
    }

    #[test]
    fn whole_lines_of_a_regex_built_case_insensitive() {
        // the rule compiler may build a pattern without `(?i)` with the
        // case-insensitive flag; the pattern's text does not show it
        let texts = tricky_texts(600);
        for pattern in [r"^.*\bcookies\b.*$", r"^.*\b(?:Photograph|K): .*$", r"^.*\bsign Up\b.*?$"] {
            let p = Prefilter::new(pattern);
            assert!(matches!(p, Prefilter::Lines { whole_line: Some(WholeLine { loose: Some(_), .. }), .. }), "{pattern}");
            for case_insensitive in [false, true] {
                let re = regex::RegexBuilder::new(pattern).multi_line(true).case_insensitive(case_insensitive).build().unwrap();
                for t in texts.iter().map(String::as_str).chain(["We use COOKIES here", "Sign up\nSIGN UP now"]) {
                    let want: Vec<Range<usize>> = re.find_iter(t).map(|m| m.range()).collect();
                    assert_eq!(p.find_ranges(&re, t), want, "{pattern} (case-insensitive: {case_insensitive}) on {t:?}");
                }
            }
        }
    }

    #[test]
    fn kinds_of_prefilter() {
        assert!(
            matches!(Prefilter::new(r"(?i)^.*\bcookies\b.*$"), Prefilter::Lines { whole_line: Some(WholeLine { loose: None, .. }), .. }),
            "with its own (?i), one inner part serves both ways"
        );
        assert!(matches!(Prefilter::new(r"(?i)^.*\bcookies\b.+$"), Prefilter::Lines { whole_line: None, .. }));
        assert!(matches!(Prefilter::new(r"(?i)^[ \t]*\bcookies\b.*$"), Prefilter::Lines { whole_line: None, .. }));
        assert!(matches!(Prefilter::new(r"^\s*Load Error\s*$"), Prefilter::None), "line anchors keep the fast engines");
        assert!(matches!(Prefilter::new(r"^[^\n]{10,250}[.!?] \([^()\n]{2,80}\)$"), Prefilter::Lines { whole_line: None, .. }));
        assert!(matches!(Prefilter::new(r"^[^\n]{1,16}[.!?]$"), Prefilter::None), "narrow counts keep the fast engines");
        assert!(matches!(Prefilter::new(r"[\s\S]{1,250}[.!?]$"), Prefilter::None), "may span lines");
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
            let may = gate.candidates(&SearchText::new(text));
            for (pattern, may) in patterns.iter().zip(may) {
                let matches = regex::RegexBuilder::new(pattern).multi_line(true).build().is_ok_and(|re| re.is_match(text));
                assert!(may || !matches, "{pattern} matches {text:?} but was ruled out");
            }
        }
        // the gate does rule out: only the always-candidates stay
        assert_eq!(gate.candidates(&SearchText::new("nothing at all")), [false, false, false, false, true, true]);
    }
}
