//! Number mentions: digits, number words, scale words, ranges and
//! qualifiers, read into [`Quantity`] intervals. Also classifies numbers
//! that are not counts (years, dates, times, ages, ordinals, identifiers)
//! so the extractor can skip them.
//!
//! The scanner is a single hand-written pass over the bytes (no regex): it
//! stops only at digits and at word starts, so it runs at the speed of a
//! memchr-like loop on prose. Everything it reads is a plain function of the
//! text: no allocation per byte, no panics on any input (all slicing is on
//! char boundaries).

use crate::model::{Qualifier, Quantity};
use std::ops::Range;

/// What a number mention is, beyond its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberForm {
    /// A plain count or amount: the only form that can become a claim.
    Count,
    /// A calendar year ("in 2011", "since 2019").
    Year,
    /// Part of a date ("Jan. 11", "8 Jan, 2022", "January 11, 2022").
    Date,
    /// A time of day ("18:51", "10 am").
    Time,
    /// An age ("81-year-old", "aged 55").
    Age,
    /// An ordinal ("1st", "second", "third").
    Ordinal,
    /// A percentage ("12%", "12 percent").
    Percent,
    /// Glued to letters or a code ("F-16", "COVID-19", "G7", "/2022/01/").
    Identifier,
    /// A measure with a glued unit ("1,700km", "5kg") or a duration
    /// compound ("a 30-year sentence").
    Measure,
    /// A number word used as a pronoun or in an idiom ("one of the",
    /// "no one", "one another").
    Other,
}

/// One number found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMention {
    /// Byte range of the whole mention, including a range's second number
    /// and a glued suffix such as `+`, but NOT a qualifier phrase.
    pub span: Range<usize>,
    /// The value(s) read; qualifier is `Exact`, `Range`, or `AtLeast` for
    /// a glued `+` suffix ("7,900+").
    pub quantity: Quantity,
    /// What kind of number this is.
    pub form: NumberForm,
    /// True when written in words ("eight", "twenty-one").
    pub in_words: bool,
    /// True when directly preceded by a currency sign ("$2bn").
    pub currency_sign: bool,
}

/// A phrase that qualifies a number, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualifierPhrase {
    /// Lower-case phrase, e.g. "at least", "or more".
    pub phrase: String,
    /// The qualifier it sets.
    pub qualifier: Qualifier,
    /// True for phrases after the number ("or more", "or so").
    pub after: bool,
}

/// Numbers above this are not counts of anything a news story reports
/// (and would lose precision as `f64`); they are skipped.
const MAX_VALUE: f64 = 1e15;

/// Reads every number mention in `text`, in text order, with spans that
/// never overlap. Only [`NumberForm::Count`] mentions can become claims; the
/// other forms are returned so callers (and tests) can see why a number was
/// not read as a count.
pub fn scan_numbers(text: &str) -> Vec<NumberMention> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    // An absurd value (beyond MAX_VALUE) is never a figure, whatever form
    // it took: its span is skipped, not re-read piece by piece.
    let sane = |m: &NumberMention| m.quantity.value <= MAX_VALUE && m.quantity.value_max.is_none_or(|v| v <= MAX_VALUE);
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_digit() {
            match scan_digits(text, i) {
                Some(m) => {
                    i = m.span.end.max(i + 1);
                    if sane(&m) {
                        found.push(m);
                    }
                }
                None => i = skip_digits(bytes, i),
            }
        } else if b.is_ascii_alphabetic() {
            // a run of letters is read as a number only from its start, and
            // only when its initial, length and final letter are those of a
            // word a number may start with (most words are ruled out here,
            // before looking back for a word start)
            let end = word_end(bytes, i);
            let number = bytes.get(i..end).is_some_and(may_start_number) && starts_word(text, i);
            match number.then(|| scan_words(text, i)).flatten() {
                Some(m) => {
                    i = m.span.end.max(end);
                    if sane(&m) {
                        found.push(m);
                    }
                }
                None => i = end,
            }
        } else {
            i += 1;
        }
    }
    mark_space_grouped(text, &mut found);
    mark_ratios(text, &mut found);
    found
}

/// "3 out of 4 detainees", "one in five of the victims", "4 in 10 of the
/// injured": a proportion, not two figures, so both numbers become
/// [`NumberForm::Other`]. "in" makes one only before "of" ("killed 5 in 12
/// attacks" is a figure and a number of attacks).
fn mark_ratios(text: &str, found: &mut [NumberMention]) {
    for i in 1..found.len() {
        let (Some(a), Some(b)) = (found.get(i - 1), found.get(i)) else { continue };
        if a.form != NumberForm::Count || b.form != NumberForm::Count {
            continue;
        }
        // at most three words of what lies between are read (the text
        // between two figures can be paragraphs long), and nothing is copied
        let mut between = text.get(a.span.end..b.span.start).unwrap_or("").split_whitespace();
        let is = |word: Option<&str>, expected: &str| word.is_some_and(|w| w.eq_ignore_ascii_case(expected));
        let ratio = match (between.next(), between.next(), between.next()) {
            (first, second @ Some(_), None) => is(first, "out") && is(second, "of"),
            (first @ Some(_), None, None) => is(first, "in") && is(text.get(b.span.end..).unwrap_or("").split_whitespace().next(), "of"),
            _ => false,
        };
        if ratio {
            for m in found.iter_mut().skip(i - 1).take(2) {
                m.form = NumberForm::Other;
            }
        }
    }
}

/// "7 900" with a plain space: a thousands group in some styles, two
/// numbers in others. Neither reading is safe, so both parts become
/// [`NumberForm::Other`] (thin and no-break spaces are separators and never
/// get here).
fn mark_space_grouped(text: &str, found: &mut [NumberMention]) {
    let short_group =
        |m: &NumberMention| text.get(m.span.clone()).is_some_and(|t| (1..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()));
    let three_digits = |m: &NumberMention| {
        let t = text.get(m.span.start..).unwrap_or("").as_bytes();
        t.len() >= 3 && t.iter().take(3).all(u8::is_ascii_digit) && !t.get(3).is_some_and(u8::is_ascii_digit)
    };
    for i in 1..found.len() {
        let (Some(a), Some(b)) = (found.get(i - 1), found.get(i)) else { continue };
        let grouped = a.span.end + 1 == b.span.start
            && text.get(a.span.end..b.span.start) == Some(" ")
            && !a.in_words
            && !b.in_words
            && short_group(a)
            && three_digits(b);
        if grouped {
            for m in found.iter_mut().skip(i - 1).take(2).filter(|m| m.form == NumberForm::Count) {
                m.form = NumberForm::Other;
            }
        }
    }
}

/// Parses a string that is exactly one number ("7,900", "2 billion",
/// "twenty-one", "2-3 million"), ignoring surrounding whitespace.
pub fn parse_number(s: &str) -> Option<Quantity> {
    let trimmed = s.trim();
    let mentions = scan_numbers(trimmed);
    match mentions.as_slice() {
        [m] if m.span == (0..trimmed.len()) => Some(m.quantity),
        _ => None,
    }
}

// ---------------------------------------------------------------- digits

/// One digit group read: value, where it ends, and its shape.
#[derive(Debug, Clone, Copy)]
struct DigitRun {
    value: f64,
    end: usize,
    separators: bool,
    decimal: bool,
    int_digits: usize,
}

fn skip_digits(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// Thousands separators: comma, thin space, narrow no-break space, no-break
/// space. Returns the separator's byte length at `i`, if one is there.
fn separator_len(text: &str, i: usize) -> Option<usize> {
    let rest = text.get(i..)?;
    let c = rest.chars().next()?;
    matches!(c, ',' | '\u{2009}' | '\u{202F}' | '\u{00A0}').then(|| c.len_utf8())
}

/// Reads "7,900", "1 300" (thin space), "2.5", "18" starting at `start`.
fn read_digit_run(text: &str, start: usize) -> Option<DigitRun> {
    let bytes = text.as_bytes();
    let mut end = skip_digits(bytes, start);
    let int_digits_first = end - start;
    let mut clean = String::with_capacity(16);
    clean.push_str(text.get(start..end)?);
    let mut separators = false;
    if int_digits_first <= 3 {
        while let Some(sep) = separator_len(text, end) {
            let group = end + sep;
            let group_end = skip_digits(bytes, group);
            if group_end - group != 3 {
                break;
            }
            clean.push_str(text.get(group..group_end)?);
            end = group_end;
            separators = true;
        }
    }
    let int_digits = clean.len();
    let mut decimal = false;
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        let frac_end = skip_digits(bytes, end + 1);
        clean.push('.');
        clean.push_str(text.get(end + 1..frac_end)?);
        end = frac_end;
        decimal = true;
    } else if !separators && bytes.get(end) == Some(&b',') {
        // a decimal comma, only where it cannot be a thousands separator:
        // one or two digits, then a scale word ("2,5 million")
        let frac_end = skip_digits(bytes, end + 1);
        let digits = frac_end - (end + 1);
        let next = skip_inline_space(text, frac_end);
        let (word, _) = word_at(text, next);
        if (1..=2).contains(&digits) && scale_value(&word.to_ascii_lowercase(), next == frac_end, false).is_some() {
            clean.push('.');
            clean.push_str(text.get(end + 1..frac_end)?);
            end = frac_end;
            decimal = true;
        }
    }
    let value: f64 = clean.parse().ok()?;
    value.is_finite().then_some(DigitRun { value, end, separators, decimal, int_digits })
}

fn prev_char(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

fn next_char(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₸' | '₽' | '₹')
}

/// The form forced by what stands right before the number, if any.
fn form_from_prefix(text: &str, start: usize) -> Option<NumberForm> {
    let c = prev_char(text, start)?;
    if c.is_alphanumeric() {
        return Some(NumberForm::Identifier);
    }
    let before = prev_char(text, start - c.len_utf8());
    match c {
        // "COVID-19", "F-16"; a lone minus sign makes a negative number,
        // which counts nothing
        '-' | '–' | '−' => Some(if before.is_some_and(char::is_alphanumeric) { NumberForm::Identifier } else { NumberForm::Other }),
        // "2,5" with no scale word after it, "1,23": not a figure we can read
        ',' if before.is_some_and(|b| b.is_ascii_digit()) => Some(NumberForm::Identifier),
        // "1'000" (a Swiss grouping), "10^400": the digits belong to the
        // number before, which is not read either
        '\'' | '’' if before.is_some_and(|b| b.is_ascii_digit()) => Some(NumberForm::Identifier),
        '^' => Some(NumberForm::Identifier),
        '/' | '_' | '#' | '@' | ':' | '+' | '.' | '=' | '\\' | '&' | '№' => Some(NumberForm::Identifier),
        _ => {
            // "Channel 7", "Flight 370", "phase 2": a label, not a count
            let (w, _) = word_before(text, start, true)?;
            is_label_word(&w.to_ascii_lowercase()).then_some(NumberForm::Identifier)
        }
    }
}

/// Scale word value ("million" → 1e6); `glued` allows the short forms.
fn scale_value(word: &str, glued: bool, currency: bool) -> Option<f64> {
    let v = match word {
        "thousand" => 1e3,
        "million" | "mln" | "mn" => 1e6,
        "billion" | "bn" | "bln" => 1e9,
        "trillion" | "tn" | "trn" => 1e12,
        "k" if glued => 1e3,
        "m" if glued && currency => 1e6,
        "b" if glued && currency => 1e9,
        _ => return None,
    };
    Some(v)
}

/// Scale words beyond [`scale_value`]'s ("9 quintillion"): whatever
/// figure they scale is beyond [`MAX_VALUE`], so the number before them is
/// not read (and must not be read unscaled, as "9").
fn is_huge_scale(lower: &str) -> bool {
    matches!(
        lower,
        "quadrillion"
            | "quadrillions"
            | "quintillion"
            | "quintillions"
            | "sextillion"
            | "septillion"
            | "octillion"
            | "nonillion"
            | "decillion"
            | "googol"
            | "googolplex"
            | "zillion"
            | "zillions"
            | "gazillion"
            | "bazillion"
            | "bajillion"
            | "jillion"
            | "kajillion"
            | "squillion"
    )
}

/// True when the word after `end` (past spaces and tabs) is a
/// [`is_huge_scale`] word.
fn huge_scale_follows(text: &str, end: usize) -> bool {
    let (word, _) = word_at(text, skip_inline_space(text, end));
    // lowered on the stack: a word such as "people" follows most figures
    word.len() >= 6 && is_huge_scale(ShortLower::new(word).as_str())
}

/// Where a digit run ending at `i` goes on with a separator no figure uses
/// and more digits: "1'000", "1_000", "1,0000", "1000,000", "10^400". `None`
/// when it does not.
fn odd_grouping_end(text: &str, mut i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let start = i;
    while let Some(c) = next_char(text, i) {
        let after = i + c.len_utf8();
        if !(matches!(c, ',' | '\'' | '’' | '_' | '^') && bytes.get(after).is_some_and(u8::is_ascii_digit)) {
            break;
        }
        i = skip_digits(bytes, after);
    }
    (i > start).then_some(i)
}

fn is_glued_unit(word: &str) -> bool {
    matches!(
        word,
        "km" | "kms"
            | "m"
            | "cm"
            | "mm"
            | "mi"
            | "ft"
            | "kg"
            | "kgs"
            | "g"
            | "t"
            | "lb"
            | "lbs"
            | "ha"
            | "sqkm"
            | "kmh"
            | "mph"
            | "kph"
            | "mw"
            | "gw"
            | "kw"
            | "kwh"
            | "l"
            | "ml"
            | "h"
            | "hr"
            | "hrs"
            | "min"
            | "mins"
            | "sec"
            | "x"
            | "gb"
            | "mb"
            | "tb"
    )
}

/// Words that make the number after them a label ("Channel 7").
fn is_label_word(lower: &str) -> bool {
    matches!(
        lower,
        "channel"
            | "route"
            | "flight"
            | "article"
            | "chapter"
            | "section"
            | "page"
            | "room"
            | "gate"
            | "terminal"
            | "platform"
            | "highway"
            | "bus"
            | "tram"
            | "apollo"
            | "boeing"
            | "airbus"
            | "no"
            | "nos"
            | "number"
            | "episode"
            | "season"
            | "level"
            | "phase"
            | "stage"
            | "grade"
            | "version"
            | "item"
            | "paragraph"
            | "clause"
            | "resolution"
            | "act"
            | "district"
            | "block"
            | "building"
            | "apartment"
            | "floor"
            | "tier"
            | "category"
            | "type"
            | "model"
            | "sars"
    )
}

fn is_month(word: &str) -> bool {
    matches!(
        word,
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
    )
}

/// Where the run of ASCII letters starting at `i` ends.
fn word_end(bytes: &[u8], i: usize) -> usize {
    crate::ascii::letters_end(bytes, i)
}

/// True when `i` starts a word (not preceded by a letter, digit or `'`).
fn starts_word(text: &str, i: usize) -> bool {
    prev_char(text, i).is_none_or(|c| !(c.is_alphanumeric() || c == '\'' || c == '’'))
}

/// The ASCII word at `i` and where it ends (empty if none).
fn word_at(text: &str, i: usize) -> (&str, usize) {
    let end = word_end(text.as_bytes(), i);
    (text.get(i..end).unwrap_or(""), end)
}

/// Skips spaces and tabs (not newlines) from `i`; at most one line.
fn skip_inline_space(text: &str, mut i: usize) -> usize {
    while let Some(c) = next_char(text, i) {
        if c == ' ' || c == '\t' || c == '\u{00A0}' || c == '\u{2009}' || c == '\u{202F}' {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// The word just before byte `i` (skipping spaces, and a `.` after it when
/// `allow_dot`), with its start.
fn word_before(text: &str, i: usize, allow_dot: bool) -> Option<(&str, usize)> {
    let head = text.get(..i)?;
    let mut trimmed = head.trim_end_matches([' ', '\t', '\u{00A0}']);
    if allow_dot {
        trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
    }
    let start = trimmed.rfind(|c: char| !c.is_ascii_alphabetic()).map_or(0, |p| p + 1);
    let w = trimmed.get(start..)?;
    (!w.is_empty()).then_some((w, start))
}

/// Words after which a four-digit number from 1800 to 2100 is a year
/// ("in 2011", "since 1991", "the 2022 unrest").
const YEAR_WORDS: &[&str] = &[
    "in", "since", "of", "by", "until", "till", "from", "before", "after", "during", "for", "the", "early", "late", "mid", "around",
    "through", "to", "and", "or", "between", "than", "year", "summer", "winter", "spring", "autumn", "fall", "circa", "at", "on", "this",
    "that", "its", "their", "his", "her", "a", "an",
];

/// True when a year-like number (1800–2100, no separator) stands where a
/// figure does: after a word that is not a year cue and before a lower-case
/// word ("said 1900 people", "detained 2050 protesters"), not "in 2011
/// police fired" or "January 2022".
fn counted_like_a_figure(text: &str, start: usize, end: usize) -> bool {
    let Some((before, _)) = word_before(text, start, false) else { return false };
    let lower = before.to_ascii_lowercase();
    if before.chars().next().is_some_and(char::is_uppercase) && is_month(before) || YEAR_WORDS.contains(&lower.as_str()) {
        return false;
    }
    if text.get(..start).is_some_and(|h| !h.ends_with(' ')) {
        return false;
    }
    let rest = text.get(end..).unwrap_or("");
    rest.strip_prefix(' ').and_then(|r| r.chars().next()).is_some_and(|c| c.is_ascii_lowercase())
}

/// Reads a mention starting with a digit at `start`.
fn scan_digits(text: &str, start: usize) -> Option<NumberMention> {
    let bytes = text.as_bytes();
    let currency_sign = prev_char(text, start).is_some_and(is_currency);
    let span_start = if currency_sign { start - prev_char(text, start).map_or(0, char::len_utf8) } else { start };
    let run = read_digit_run(text, start)?;
    let mk = |end: usize, quantity: Quantity, form: NumberForm| NumberMention {
        span: span_start..end,
        quantity,
        form,
        in_words: false,
        currency_sign,
    };
    if let Some(form) = form_from_prefix(text, span_start) {
        let end = glued_tail_end(text, run.end);
        return Some(mk(end, Quantity::exact(run.value), form));
    }
    // "2,5" or "1,23" without a scale word (a decimal comma or a typo),
    // "1,0000", "1'000", "1_000", "10^400": too ambiguous to read as a figure
    if let Some(odd_end) = odd_grouping_end(text, run.end) {
        return Some(mk(odd_end, Quantity::exact(run.value), NumberForm::Identifier));
    }
    // ISO date 2022-01-06
    if run.int_digits == 4 && !run.separators && !run.decimal {
        let t = text.get(run.end..).unwrap_or("").as_bytes();
        if let [b'-', m1, m2, b'-', d1, d2, ..] = t {
            if [m1, m2, d1, d2].iter().all(|b| b.is_ascii_digit()) {
                return Some(mk(run.end + 6, Quantity::exact(run.value), NumberForm::Date));
            }
        }
    }
    // time of day 18:51
    if run.int_digits <= 2 && !run.separators && !run.decimal && bytes.get(run.end) == Some(&b':') {
        let m_end = skip_digits(bytes, run.end + 1);
        if m_end - (run.end + 1) == 2 {
            return Some(mk(m_end, Quantity::exact(run.value), NumberForm::Time));
        }
    }
    let mut value = run.value;
    let mut end = run.end;
    let mut form = NumberForm::Count;
    let mut scaled = false;
    // glued suffix
    match next_char(text, end) {
        Some('%') => return Some(mk(end + 1, Quantity::exact(value), NumberForm::Percent)),
        Some(c) if c.is_ascii_alphabetic() => {
            let (word, w_end) = word_at(text, end);
            let lower = word.to_ascii_lowercase();
            if let Some(scale) = scale_value(&lower, true, currency_sign) {
                value *= scale;
                end = w_end;
                scaled = true;
            } else {
                let f = match lower.as_str() {
                    "st" | "nd" | "rd" | "th" => NumberForm::Ordinal,
                    "s" if run.int_digits == 4 => NumberForm::Year,
                    "am" | "pm" => NumberForm::Time,
                    w if is_glued_unit(w) => NumberForm::Measure,
                    _ => NumberForm::Identifier,
                };
                return Some(mk(glued_tail_end(text, w_end), Quantity::exact(value), f));
            }
        }
        Some('-') => {
            let (word, _) = word_at(text, end + 1);
            let lower = word.to_ascii_lowercase();
            match lower.as_str() {
                "year" | "years" | "month" | "day" | "week" | "hour" | "minute" => {
                    let tail = text.get(end..).unwrap_or("");
                    let age = tail.starts_with("-year-old") || tail.starts_with("-years-old") || tail.starts_with("-year old");
                    let f = if age { NumberForm::Age } else { NumberForm::Measure };
                    return Some(mk(end + 1 + word.len(), Quantity::exact(value), f));
                }
                "km" | "kilometre" | "kilometer" | "mile" | "metre" | "meter" | "kg" | "tonne" | "ton" | "foot" | "inch" => {
                    return Some(mk(end + 1 + word.len(), Quantity::exact(value), NumberForm::Measure));
                }
                _ => {}
            }
        }
        _ => {}
    }
    if !scaled {
        // spaced suffix: scale, percent, time, age, month
        let after = skip_inline_space(text, end);
        let (word, w_end) = word_at(text, after);
        if after > end && !word.is_empty() {
            let lower = word.to_ascii_lowercase();
            if let Some(scale) = scale_value(&lower, false, currency_sign) {
                value *= scale;
                end = w_end;
                scaled = true;
                // "5 thousand million": a larger scale word after the first
                // scales the figure again
                let (next, next_end) = word_at(text, skip_inline_space(text, end));
                if let Some(more) = scale_value(&next.to_ascii_lowercase(), false, currency_sign).filter(|&more| more > scale) {
                    value *= more;
                    end = next_end;
                }
            } else if lower == "percent" || lower == "pc" {
                return Some(mk(w_end, Quantity::exact(value), NumberForm::Percent));
            } else if lower == "per" && text.get(w_end..).is_some_and(|t| t.starts_with(" cent")) {
                return Some(mk(w_end + 5, Quantity::exact(value), NumberForm::Percent));
            } else if run.value <= 24.0 && !run.decimal && is_clock_word(text, after) {
                let clock_end = clock_word_end(text, after);
                return Some(mk(clock_end, Quantity::exact(value), NumberForm::Time));
            } else if (lower == "years" || lower == "year") && text.get(w_end..).is_some_and(|t| t.starts_with(" old")) {
                return Some(mk(w_end + 4, Quantity::exact(value), NumberForm::Age));
            } else if is_month(word) && run.int_digits <= 2 && !run.decimal {
                form = NumberForm::Date;
            } else if lower == "of" && run.int_digits <= 2 {
                let m_start = skip_inline_space(text, w_end);
                if is_month(word_at(text, m_start).0) {
                    form = NumberForm::Date;
                }
            }
        }
    }
    if form == NumberForm::Count && !scaled {
        if let Some((w, _)) = word_before(text, span_start, true) {
            if is_month(w) && run.int_digits <= 2 && !run.decimal {
                form = NumberForm::Date;
            } else if matches!(w.to_ascii_lowercase().as_str(), "aged" | "age" | "ages") {
                form = NumberForm::Age;
            }
        }
        if form == NumberForm::Count
            && run.int_digits == 4
            && !run.separators
            && !run.decimal
            && (1800.0..=2100.0).contains(&run.value)
            && !counted_like_a_figure(text, span_start, end)
        {
            form = NumberForm::Year;
        }
    }
    if value > MAX_VALUE {
        return None;
    }
    if form == NumberForm::Count && run.decimal && (!scaled || value < 1.0) {
        // "7.5", "2.3 people", "0.0000001 million": nobody counts people in
        // fractions; a figure with a decimal point and no scale word, or
        // below one once scaled, is a measure
        form = NumberForm::Measure;
    }
    let mut quantity = Quantity::exact(value);
    if form == NumberForm::Age {
        // "aged 20 to 40": both ends are ages, the second no count
        if let Some(tail) = read_range_tail(text, span_start, end, value, scaled, false) {
            end = tail.end();
        }
    }
    if form == NumberForm::Count {
        if let Some(tail) = read_range_tail(text, span_start, end, value, scaled, false) {
            let RangeTail::Range { scale, high, end: r_end } = tail else {
                return Some(mk(tail.end(), quantity, NumberForm::Other));
            };
            quantity = Quantity { qualifier: Qualifier::Range, value: quantity.value, value_max: Some(high) };
            if !scaled {
                // "2-3 million": the scale of the second number applies to both
                quantity.value *= scale;
            }
            end = r_end;
        } else if bytes.get(end) == Some(&b'+') && !bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric) {
            quantity.qualifier = Qualifier::AtLeast;
            end += 1;
        }
    }
    if huge_scale_follows(text, end) {
        return None;
    }
    Some(mk(end, quantity, form))
}

/// Skips the rest of a glued token (letters, digits, `-`, `.` followed by
/// an alphanumeric) so "COVID-19s" or "F-16Vs" is one identifier.
fn glued_tail_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_alphanumeric()
            || ((b == b'-' || b == b'.' || b == b'/' || b == b':') && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric))
        {
            i += 1;
        } else {
            break;
        }
    }
    i
}

fn is_clock_word(text: &str, i: usize) -> bool {
    clock_word_end(text, i) > i
}

fn clock_word_end(text: &str, i: usize) -> usize {
    let rest = text.get(i..).unwrap_or("");
    for w in ["a.m.", "p.m.", "a.m", "p.m", "am", "pm", "o'clock", "o’clock", "GMT", "UTC", "hrs", "local time"] {
        if let Some(tail) = rest.get(..w.len()) {
            if tail.eq_ignore_ascii_case(w) && !rest[w.len()..].chars().next().is_some_and(char::is_alphanumeric) {
                return i + w.len();
            }
        }
    }
    i
}

/// After a first number ending at `end`, reads a range's second number:
/// "10-15", "2 billion-3 billion", "2-3 million", "10 to 15" (not after
/// "from" or "by"), "between 20 and 30", "two or three", "40 or 50" (a
/// first number in digits takes a second in digits only). Returns
/// the second number's scale and value, and where it ends; or that the
/// second number is not above the first ("3-2 million", "won 3-1",
/// "between 30 and 20"), a score or a slip that is no figure at all.
fn read_range_tail(text: &str, start: usize, end: usize, low: f64, low_scaled: bool, words: bool) -> Option<RangeTail> {
    let after = skip_inline_space(text, end);
    let c = next_char(text, after)?;
    let prev = word_before(text, start, false).map(|(w, _)| w.to_ascii_lowercase());
    let second_start = if matches!(c, '-' | '–' | '—') {
        skip_inline_space(text, after + c.len_utf8())
    } else {
        let (w, w_end) = word_at(text, after);
        let ok = match w {
            // "rose from 8 to 18", "rose by 12 to 40": a change, no range
            "to" => !matches!(prev.as_deref(), Some("from" | "by")),
            "and" => prev.as_deref() == Some("between"),
            // "two or three"; "40 or 50" with digits on both sides
            "or" => words || next_char(text, skip_inline_space(text, w_end)).is_some_and(|c| c.is_ascii_digit()),
            _ => false,
        };
        if !ok {
            return None;
        }
        let s = skip_inline_space(text, w_end);
        if s == w_end {
            return None;
        }
        s
    };
    // "between $1 billion and $1.5 billion", "$10-$15": the second number
    // may repeat the currency sign the first one starts with
    let second_start = match next_char(text, second_start) {
        Some(sign) if is_currency(sign) && next_char(text, start) == Some(sign) => second_start + sign.len_utf8(),
        _ => second_start,
    };
    let second = if next_char(text, second_start).is_some_and(|c| c.is_ascii_digit()) {
        let run = read_digit_run(text, second_start)?;
        if run.int_digits == 4 && !run.separators && (1800.0..=2100.0).contains(&run.value) && low >= 1800.0 {
            return None; // 2021-2022: years
        }
        let (mut v, mut e, mut scale) = (run.value, run.end, 1.0);
        let sp = skip_inline_space(text, e);
        let glued = sp == e;
        let (word, w_end) = word_at(text, sp);
        if let Some(s) = scale_value(&word.to_ascii_lowercase(), glued, false) {
            v *= s;
            e = w_end;
            scale = s;
        } else if !word.is_empty() && glued {
            return None; // "10-15km", "9-11s": not a plain range
        }
        if next_char(text, e).is_some_and(|c| c == '%' || c == ':' || c == '-' || c == '/') {
            return None;
        }
        ((scale, v), e)
    } else {
        // the second number of a range is not read as a range itself: "one
        // to two to three …" recursed once per word, and a long enough line
        // of them overflowed the stack
        let m = scan_words_no_range(text, second_start)?;
        if m.form != NumberForm::Count || m.quantity.qualifier != Qualifier::Exact {
            return None;
        }
        ((1.0, m.quantity.value), m.span.end)
    };
    let ((scale, high), second_end) = second;
    // "2-3 million": an unscaled first number takes the second's scale
    let low = if low_scaled { low } else { low * scale };
    if high > MAX_VALUE {
        return None;
    }
    if high <= low {
        return Some(RangeTail::NotAbove { end: second_end });
    }
    Some(RangeTail::Range { scale, high, end: second_end })
}

/// What [`read_range_tail`] read after a first number.
#[derive(Debug, Clone, Copy)]
enum RangeTail {
    /// A range: the scale of its second number, its high end, and where it
    /// ends.
    Range { scale: f64, high: f64, end: usize },
    /// Two numbers joined as a range whose second is not above the first;
    /// where the second ends.
    NotAbove { end: usize },
}

impl RangeTail {
    /// Where the second number ends.
    fn end(self) -> usize {
        match self {
            RangeTail::Range { end, .. } | RangeTail::NotAbove { end } => end,
        }
    }
}

// ----------------------------------------------------------------- words

/// A number word's role.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Word {
    Unit(f64),
    Ten(f64),
    Hundred,
    Scale(f64),
    Dozen,
}

/// A short word in ASCII lower case, kept on the stack: scanning looks up
/// every word of a text as a number word, and a heap copy of each was a
/// good part of the scan's cost. Number words are short; a word longer than
/// [`ShortLower::MAX`] bytes, or not ASCII, reads as "", which is none.
struct ShortLower {
    bytes: [u8; ShortLower::MAX],
    len: usize,
}

impl ShortLower {
    /// Longest word kept.
    const MAX: usize = 16;

    fn new(word: &str) -> Self {
        let mut bytes = [0u8; Self::MAX];
        if word.len() > Self::MAX || !word.is_ascii() {
            return ShortLower { bytes, len: 0 };
        }
        for (lower, b) in bytes.iter_mut().zip(word.bytes()) {
            *lower = b.to_ascii_lowercase();
        }
        ShortLower { bytes, len: word.len() }
    }

    fn as_str(&self) -> &str {
        self.bytes.get(..self.len).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
    }

    /// The word's bytes as one number, zero past its end: equal keys are
    /// equal words (no word holds a zero byte), and a word that was too long
    /// or not ASCII has key 0, which no listed word has.
    fn key(&self) -> u128 {
        u128::from_le_bytes(self.bytes)
    }

    /// [`ShortLower::key`] of an ASCII lower-case word of at most
    /// [`ShortLower::MAX`] bytes, at compile time.
    // An index out of bounds fails the build where it is evaluated.
    #[allow(clippy::indexing_slicing)]
    const fn key_of(word: &[u8]) -> u128 {
        let mut bytes = [0u8; Self::MAX];
        let mut i = 0;
        while i < word.len() {
            bytes[i] = word[i];
            i += 1;
        }
        u128::from_le_bytes(bytes)
    }
}

/// Every number word and its role: the one list both [`number_word_of`] and
/// the scan's first-word filter ([`FIRST_WORD_SHAPES`]) read.
const NUMBER_WORDS: [(&str, Word); 34] = [
    ("zero", Word::Unit(0.0)),
    ("one", Word::Unit(1.0)),
    ("two", Word::Unit(2.0)),
    ("three", Word::Unit(3.0)),
    ("four", Word::Unit(4.0)),
    ("five", Word::Unit(5.0)),
    ("six", Word::Unit(6.0)),
    ("seven", Word::Unit(7.0)),
    ("eight", Word::Unit(8.0)),
    ("nine", Word::Unit(9.0)),
    ("ten", Word::Unit(10.0)),
    ("eleven", Word::Unit(11.0)),
    ("twelve", Word::Unit(12.0)),
    ("thirteen", Word::Unit(13.0)),
    ("fourteen", Word::Unit(14.0)),
    ("fifteen", Word::Unit(15.0)),
    ("sixteen", Word::Unit(16.0)),
    ("seventeen", Word::Unit(17.0)),
    ("eighteen", Word::Unit(18.0)),
    ("nineteen", Word::Unit(19.0)),
    ("twenty", Word::Ten(20.0)),
    ("thirty", Word::Ten(30.0)),
    ("forty", Word::Ten(40.0)),
    ("fifty", Word::Ten(50.0)),
    ("sixty", Word::Ten(60.0)),
    ("seventy", Word::Ten(70.0)),
    ("eighty", Word::Ten(80.0)),
    ("ninety", Word::Ten(90.0)),
    ("hundred", Word::Hundred),
    ("thousand", Word::Scale(1e3)),
    ("million", Word::Scale(1e6)),
    ("billion", Word::Scale(1e9)),
    ("trillion", Word::Scale(1e12)),
    ("dozen", Word::Dozen),
];

/// Vague plural quantities ("dozens of", "hundreds of") and their lower
/// bound.
const VAGUE_PLURALS: [(&str, f64); 5] = [("dozens", 24.0), ("scores", 40.0), ("hundreds", 200.0), ("thousands", 2000.0), ("millions", 2e6)];

/// The articles that may open "a dozen", "a hundred", "a million".
const ARTICLES: [&str; 2] = ["a", "an"];

/// The role of a number word lower-cased into a [`ShortLower`]:
/// one comparison of 128-bit keys per listed word, where comparing strings
/// called `memcmp` for each word of the same length.
fn number_word_of(lower: &ShortLower) -> Option<Word> {
    let key = lower.key();
    NUMBER_WORD_KEYS.iter().position(|&k| k == key).and_then(|i| NUMBER_WORDS.get(i)).map(|&(_, role)| role)
}

/// [`ShortLower::key`] of each of [`NUMBER_WORDS`], in order.
// Evaluated at compile time: an index out of bounds fails the build.
#[allow(clippy::indexing_slicing)]
const NUMBER_WORD_KEYS: [u128; NUMBER_WORDS.len()] = {
    let mut keys = [0u128; NUMBER_WORDS.len()];
    let mut i = 0;
    while i < NUMBER_WORDS.len() {
        keys[i] = ShortLower::key_of(NUMBER_WORDS[i].0.as_bytes());
        i += 1;
    }
    keys
};

/// The lower bound of a lower-case vague plural ("hundreds" of).
fn vague_plural(lower: &str) -> Option<f64> {
    VAGUE_PLURALS.iter().find(|(w, _)| *w == lower).map(|&(_, bound)| bound)
}

/// Longest word a number in words may start with.
const FIRST_WORD_MAX: usize = 9;

/// For each initial letter (`a` to `z`) and length, bit `l` is set when
/// some word a number in words may start with (a number word, a vague
/// plural or an article) has that initial, that length and final letter
/// `a + l`. Built from the lists above, so it cannot disagree with them.
// Evaluated at compile time: an index out of bounds fails the build.
#[allow(clippy::indexing_slicing)]
const FIRST_WORD_SHAPES: [[u32; FIRST_WORD_MAX + 1]; 26] = {
    let mut shapes = [[0u32; FIRST_WORD_MAX + 1]; 26];
    let mut i = 0;
    while i < NUMBER_WORDS.len() {
        mark_shape(&mut shapes, NUMBER_WORDS[i].0);
        i += 1;
    }
    let mut i = 0;
    while i < VAGUE_PLURALS.len() {
        mark_shape(&mut shapes, VAGUE_PLURALS[i].0);
        i += 1;
    }
    let mut i = 0;
    while i < ARTICLES.len() {
        mark_shape(&mut shapes, ARTICLES[i]);
        i += 1;
    }
    shapes
};

/// Sets the bit of `word`'s (initial, length, final letter) in `shapes`
/// (lower-case ASCII words of at most [`FIRST_WORD_MAX`] letters, as every
/// listed one is).
// Only called while building a constant: a word that breaks the assertion
// or an index out of bounds fails the build, not a run.
#[allow(clippy::indexing_slicing)]
const fn mark_shape(shapes: &mut [[u32; FIRST_WORD_MAX + 1]; 26], word: &str) {
    let bytes = word.as_bytes();
    let last = bytes.len() - 1;
    assert!(!bytes.is_empty() && bytes.len() <= FIRST_WORD_MAX && bytes[0].is_ascii_lowercase() && bytes[last].is_ascii_lowercase());
    shapes[(bytes[0] - b'a') as usize][bytes.len()] |= 1 << (bytes[last] - b'a');
}

/// Whether `word` (ASCII letters) has the initial, length and final letter
/// of a word a number in words may start with: most words of a text do
/// not ("the" has the initial and length of "two" and "ten", not their
/// ends), and skip the lowering and the lookups.
fn may_start_number(word: &[u8]) -> bool {
    let (Some(first), Some(last)) = (word.first(), word.last()) else { return false };
    let letter = |b: &u8| usize::from(b.to_ascii_lowercase().wrapping_sub(b'a'));
    let shapes = FIRST_WORD_SHAPES.get(letter(first)).and_then(|by_length| by_length.get(word.len()));
    shapes.is_some_and(|&ends| ends.checked_shr(letter(last) as u32).is_some_and(|bits| bits & 1 != 0))
}

/// Reads a number in words starting at `start` ("eight", "twenty-one",
/// "two hundred and fifty", "a dozen", "hundreds of").
fn scan_words(text: &str, start: usize) -> Option<NumberMention> {
    scan_words_in(text, start, true)
}

/// [`scan_words`] without reading a range's second number after it.
fn scan_words_no_range(text: &str, start: usize) -> Option<NumberMention> {
    scan_words_in(text, start, false)
}

/// [`scan_words`], reading a range after the number when `range`.
fn scan_words_in(text: &str, start: usize, range: bool) -> Option<NumberMention> {
    let (first, first_end) = word_at(text, start);
    if !may_start_number(first.as_bytes()) {
        return None;
    }
    let short = ShortLower::new(first);
    let lower = short.as_str();
    let mk = |end: usize, quantity: Quantity, form: NumberForm| NumberMention {
        span: start..end,
        quantity,
        form,
        in_words: true,
        currency_sign: false,
    };
    if let Some(v) = vague_plural(lower) {
        let of_start = skip_inline_space(text, first_end);
        let (of, of_end) = word_at(text, of_start);
        let at_least = Quantity { qualifier: Qualifier::AtLeast, value: v, value_max: None };
        if of_start > first_end && of.eq_ignore_ascii_case("of") {
            return Some(mk(of_end, at_least, NumberForm::Count));
        }
        // "Hundreds were arrested", "thousands have fled": the subject of
        // a verb of being or having; elsewhere ("in the thousands", "left
        // thousands homeless") the plural is not read
        let verb = ["were", "are", "have", "had"];
        if of_start > first_end && verb.iter().any(|w| of.eq_ignore_ascii_case(w)) {
            return Some(mk(first_end, at_least, NumberForm::Count));
        }
        return None;
    }
    // "a dozen", "a hundred", "a million"
    let mut pos = start;
    let mut leading_a = false;
    if ARTICLES.contains(&lower) {
        let next = skip_inline_space(text, first_end);
        let (w, _) = word_at(text, next);
        match number_word_of(&ShortLower::new(w)) {
            Some(Word::Hundred | Word::Scale(_) | Word::Dozen) if next > first_end => {
                pos = next;
                leading_a = true;
            }
            _ => return None,
        }
    } else {
        number_word_of(&short)?;
    }
    let mut total = 0.0;
    let mut current: f64 = if leading_a { 1.0 } else { 0.0 };
    let mut end = pos;
    let mut last: Option<Word> = None;
    let mut count = 0usize;
    // the scale of the last group read ("two million | three thousand"),
    // which the next group's must be below, and whether the group being
    // read had its "hundred": without both, "one hundred one hundred …" or
    // "thousand one thousand one …" ran on to the end of the line, and was
    // read again from each of its words (quadratic)
    let mut group_scale: Option<f64> = None;
    let mut hundred_in_group = false;
    loop {
        let (w, w_end) = word_at(text, pos);
        let Some(word) = number_word_of(&ShortLower::new(w)) else { break };
        let fits = match (last, word) {
            (None, _) => true,
            (Some(Word::Ten(_)), Word::Unit(u)) => u < 10.0 && u > 0.0,
            (Some(Word::Unit(_) | Word::Ten(_)), Word::Hundred) => !hundred_in_group,
            (Some(Word::Unit(_) | Word::Ten(_) | Word::Hundred), Word::Scale(b)) => group_scale.is_none_or(|g| b < g),
            (Some(Word::Hundred), Word::Unit(_) | Word::Ten(_)) => true,
            (Some(Word::Scale(_)), Word::Unit(_) | Word::Ten(_)) => true,
            (Some(Word::Scale(a)), Word::Scale(b)) => b > a,
            _ => false,
        };
        if !fits {
            break;
        }
        match word {
            Word::Unit(v) | Word::Ten(v) => current += v,
            Word::Hundred => {
                current = current.max(1.0) * 100.0;
                hundred_in_group = true;
            }
            Word::Dozen => current = current.max(1.0) * 12.0,
            // "a thousand trillion": a scale right after a scale
            // multiplies everything read so far
            Word::Scale(s) if matches!(last, Some(Word::Scale(_))) => {
                total *= s;
                group_scale = group_scale.map(|g| g * s);
            }
            Word::Scale(s) => {
                total += current.max(1.0) * s;
                current = 0.0;
                group_scale = Some(s);
                hundred_in_group = false;
            }
        }
        last = Some(word);
        count += 1;
        end = w_end;
        // continue with " ", "-" or " and " before another number word
        let mut next = end;
        match next_char(text, next) {
            Some('-') => next += 1,
            Some(' ') => {
                next = skip_inline_space(text, next);
                let (a, a_end) = word_at(text, next);
                if a.eq_ignore_ascii_case("and") && matches!(last, Some(Word::Hundred | Word::Scale(_))) {
                    let after_and = skip_inline_space(text, a_end);
                    if matches!(number_word_of(&ShortLower::new(word_at(text, after_and).0)), Some(Word::Unit(_) | Word::Ten(_))) {
                        next = after_and;
                    }
                }
            }
            _ => break,
        }
        if number_word_of(&ShortLower::new(word_at(text, next).0)).is_none() {
            break;
        }
        pos = next;
    }
    let value = total + current;
    // a scale word, "hundred" or "dozen" without a number or "a" before it
    // ("million people", "½ million", the "million" of a figure that was
    // not read, "thousand one") is no number
    let bare_multiplier = !leading_a && matches!(number_word_of(&short), Some(Word::Scale(_) | Word::Hundred | Word::Dozen));
    if count == 0 || bare_multiplier || value > MAX_VALUE || huge_scale_follows(text, end) {
        return None;
    }
    let mut quantity = Quantity::exact(value);
    let mut form = NumberForm::Count;
    let single_one = count == 1 && lower == "one";
    if single_one && one_is_pronoun(text, start, end) {
        form = NumberForm::Other;
    }
    let tail = text.get(end..).unwrap_or("");
    if tail.starts_with("-year-old") || tail.starts_with("-years-old") || tail.starts_with("-year old") {
        return Some(mk(end + 9, quantity, NumberForm::Age));
    }
    if tail.starts_with(" years old") {
        return Some(mk(end + 10, quantity, NumberForm::Age));
    }
    if tail.starts_with(" percent") || tail.starts_with(" per cent") {
        let len = if tail.starts_with(" percent") { 8 } else { 9 };
        return Some(mk(end + len, quantity, NumberForm::Percent));
    }
    if tail.starts_with(" o'clock") || tail.starts_with(" o’clock") {
        let len = " o'clock".len() + usize::from(tail.starts_with(" o’clock")) * 2;
        return Some(mk(end + len, quantity, NumberForm::Time));
    }
    if form == NumberForm::Count && range {
        match read_range_tail(text, start, end, value, false, true) {
            Some(RangeTail::Range { high, end: r_end, .. }) => {
                quantity = Quantity { qualifier: Qualifier::Range, value, value_max: Some(high) };
                end = r_end;
            }
            Some(RangeTail::NotAbove { end: r_end }) => return Some(mk(r_end, quantity, NumberForm::Other)),
            None => {}
        }
    }
    Some(mk(end, quantity, form))
}

/// "one of the", "no one", "the one", "one another", "one day": a pronoun
/// or idiom, not a count.
fn one_is_pronoun(text: &str, start: usize, end: usize) -> bool {
    let after = skip_inline_space(text, end);
    let (next, next_end) = word_at(text, after);
    let next = next.to_ascii_lowercase();
    // "six remain in hospital, one of them in serious condition": a share
    // of a figure just given, which the frame reads as one
    if next == "of" {
        let (pronoun, _) = word_at(text, skip_inline_space(text, next_end));
        if pronoun.eq_ignore_ascii_case("them") || pronoun.eq_ignore_ascii_case("whom") {
            return false;
        }
    }
    if matches!(next.as_str(), "of" | "another" | "day" | "time" | "way" | "who" | "that" | "which" | "thing" | "side" | "hand") {
        return true;
    }
    if next_char(text, end).is_some_and(|c| matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | '’' | '\'')) {
        return true;
    }
    let prev = word_before(text, start, false).map(|(w, _)| w.to_ascii_lowercase());
    matches!(prev.as_deref(), Some("no" | "the" | "any" | "every" | "each" | "this" | "that" | "which" | "someone" | "anyone"))
}

// ------------------------------------------------------------ qualifiers

/// `word` without the opening brackets, quotes and dashes before it: they
/// are not part of a qualifier phrase ("(at least 3)"). None of them
/// changes when lowered.
fn strip_opening(word: &str) -> &str {
    word.trim_start_matches(['(', '[', '"', '“', '‘', '\'', '—', '–'])
}

/// Whether `word` lowered (as `str::to_lowercase` does) is `lowered`,
/// without a copy when `word` is ASCII: then only ASCII letters change.
fn same_lowered(word: &str, lowered: &str) -> bool {
    if word.is_ascii() {
        ascii_same_lowered(word, lowered)
    } else {
        word.to_lowercase() == lowered
    }
}

/// [`same_lowered`] for an ASCII `word`.
#[inline]
fn ascii_same_lowered(word: &str, lowered: &str) -> bool {
    word.len() == lowered.len() && word.bytes().zip(lowered.bytes()).all(|(w, l)| w.to_ascii_lowercase() == l)
}

/// Qualifier phrases compiled for lookup around a number.
#[derive(Debug, Clone, Default)]
pub struct QualifierLexicon {
    /// Phrases before the number, as lower-case words, longest first.
    before: Vec<(Vec<String>, Qualifier)>,
    /// Phrases after the number, lower-case, longest first.
    after: Vec<(String, Qualifier)>,
    /// The last word of every phrase before the number, each once: the word
    /// right before a number must be one of them for any phrase to match.
    last_words: Vec<String>,
}

impl QualifierLexicon {
    /// Compiles phrases; matching is case-insensitive and whitespace between
    /// words may be any run of spaces.
    pub fn new(phrases: Vec<QualifierPhrase>) -> Self {
        let mut before = Vec::new();
        let mut after = Vec::new();
        for p in phrases {
            let phrase = p.phrase.trim().to_lowercase();
            if phrase.is_empty() {
                continue;
            }
            if p.after {
                after.push((phrase.split_whitespace().collect::<Vec<_>>().join(" "), p.qualifier));
            } else {
                before.push((phrase.split_whitespace().map(str::to_string).collect::<Vec<_>>(), p.qualifier));
            }
        }
        before.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| b.0.join(" ").len().cmp(&a.0.join(" ").len())));
        after.sort_by_key(|a| std::cmp::Reverse(a.0.len()));
        let mut last_words: Vec<String> = before.iter().filter_map(|(words, _)| words.last().cloned()).collect();
        last_words.sort_unstable();
        last_words.dedup();
        QualifierLexicon { before, after, last_words }
    }

    /// Applies the qualifier phrase around `mention`: returns the qualified
    /// quantity and the span widened to cover the phrase. A range keeps its
    /// qualifier (its span takes in a leading "between"/"from"); a glued
    /// `+` stays `at_least`.
    pub fn qualify(&self, text: &str, mention: &NumberMention) -> (Quantity, Range<usize>) {
        let mut quantity = mention.quantity;
        let mut span = mention.span.clone();
        if quantity.qualifier == Qualifier::Range {
            if let Some((w, w_start)) = word_before(text, span.start, false) {
                if w.eq_ignore_ascii_case("between") || w.eq_ignore_ascii_case("from") {
                    span.start = w_start;
                }
            }
            return (quantity, span);
        }
        if quantity.qualifier != Qualifier::Exact {
            return (quantity, span);
        }
        if let Some((q, start)) = self.match_before(text, span.start) {
            quantity.qualifier = q;
            span.start = start;
            return (quantity, span);
        }
        if let Some((q, end)) = self.match_after(text, span.end) {
            quantity.qualifier = q;
            span.end = end;
        }
        (quantity, span)
    }

    /// The longest phrase ending right before `at` (words separated by
    /// spaces), and where it starts.
    fn match_before(&self, text: &str, at: usize) -> Option<(Qualifier, usize)> {
        let max_words = self.before.first().map_or(0, |p| p.0.len());
        if max_words == 0 {
            return None;
        }
        // previous words as written, nearest first: (word, start); compared
        // with the phrases' lower-case words without a copy (`same_lowered`).
        // Nothing is allocated before the nearest word passes the gate.
        let mut words: Vec<(&str, usize)> = Vec::new();
        let mut cursor = at;
        let head = text.get(..at)?;
        for _ in 0..max_words {
            let h = head.get(..cursor)?;
            let trimmed = h.trim_end();
            // a line break ends the sentence: no qualifier reaches across it
            if h.get(trimmed.len()..).is_some_and(|gap| gap.contains('\n')) {
                break;
            }
            if trimmed.len() == h.len() && cursor != at {
                break;
            }
            if cursor == at && trimmed.len() == h.len() {
                break; // the number is glued to what precedes it
            }
            let start = trimmed.rfind(char::is_whitespace).map_or(0, |p| p + 1);
            let raw = trimmed.get(start..)?;
            if raw.is_empty() {
                break;
            }
            // the nearest word ends every phrase that matches (stripped of
            // an opening bracket or quote when the phrase is one word)
            if words.is_empty() && !self.may_end_phrase(raw) {
                return None;
            }
            words.push((raw, start));
            cursor = start;
        }
        for (phrase, q) in &self.before {
            let n = phrase.len();
            if words.len() < n {
                continue;
            }
            let mut ok = true;
            let mut first_start = 0;
            for (k, pw) in phrase.iter().enumerate() {
                // phrase word k is text word n-1-k (nearest first)
                let Some(&(tw, ts)) = words.get(n - 1 - k) else {
                    ok = false;
                    break;
                };
                let (tw, ts) = if k == 0 {
                    let stripped = strip_opening(tw);
                    (stripped, ts + (tw.len() - stripped.len()))
                } else {
                    (tw, ts)
                };
                if !same_lowered(tw, pw) {
                    ok = false;
                    break;
                }
                if k == 0 {
                    first_start = ts;
                }
            }
            if ok {
                return Some((*q, first_start));
            }
        }
        None
    }

    /// Whether `word`, or `word` without an opening bracket or quote,
    /// lowered, is the last word of a phrase before the number: one lowered
    /// comparison per listed last word, a length comparison for most.
    fn may_end_phrase(&self, word: &str) -> bool {
        let is_last = |w: &str| {
            if w.is_ascii() {
                self.last_words.iter().any(|l| ascii_same_lowered(w, l))
            } else {
                self.last_words.contains(&w.to_lowercase())
            }
        };
        let stripped = strip_opening(word);
        is_last(word) || (stripped.len() != word.len() && is_last(stripped))
    }

    /// The longest phrase starting right after `at`, and where it ends.
    fn match_after(&self, text: &str, at: usize) -> Option<(Qualifier, usize)> {
        let rest = text.get(at..)?;
        for (phrase, q) in &self.after {
            let glued = phrase.starts_with('-');
            let skip = if glued { 0 } else { rest.len() - rest.trim_start_matches([' ', '\t']).len() };
            if !glued && skip == 0 {
                continue;
            }
            let Some(cand) = rest.get(skip..skip + phrase.len()) else { continue };
            if !cand.eq_ignore_ascii_case(phrase) {
                continue;
            }
            let end = skip + phrase.len();
            if rest.get(end..).and_then(|t| t.chars().next()).is_some_and(char::is_alphanumeric) {
                continue;
            }
            return Some((*q, at + end));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_word_filter_lets_every_listed_word_through_in_any_case() {
        let listed = NUMBER_WORDS.iter().map(|(w, _)| *w).chain(VAGUE_PLURALS.iter().map(|(w, _)| *w)).chain(ARTICLES);
        for word in listed {
            assert!(may_start_number(word.as_bytes()), "{word}");
            assert!(may_start_number(word.to_ascii_uppercase().as_bytes()), "{word}");
            let capitalised = format!("{}{}", word[..1].to_ascii_uppercase(), &word[1..]);
            assert!(may_start_number(capitalised.as_bytes()), "{word}");
        }
        // words of a shape no listed word has: skipped before any lookup
        for word in ["to", "of", "and", "said", "fourth", "police", "Kazakhstan", "", "yesterday", "the", "The", "at", "tent", "fives"] {
            assert!(!may_start_number(word.as_bytes()), "{word}");
        }
        // same shape as a listed word, rejected later by the lookup
        assert!(may_start_number(b"tan") && number_word_of(&ShortLower::new("tan")).is_none());
        assert_eq!(counts("Eight, TWENTY-ONE and a Dozen; hundreds of them"), [8.0, 21.0, 12.0, 200.0]);
    }

    #[test]
    fn short_words_are_lowered_on_the_stack_and_long_ones_read_as_none() {
        assert_eq!(ShortLower::new("SevenTEEN").as_str(), "seventeen");
        assert_eq!(ShortLower::new("abcdefghijklmnop").as_str(), "abcdefghijklmnop");
        assert_eq!(ShortLower::new("abcdefghijklmnopq").as_str(), "");
        assert_eq!(ShortLower::new("Été").as_str(), "");
        assert_eq!(ShortLower::new("").as_str(), "");
    }

    /// (text of the mention, value, value_max, qualifier, form) for every
    /// mention in `text`.
    fn scan(text: &str) -> Vec<(String, f64, Option<f64>, Qualifier, NumberForm)> {
        scan_numbers(text)
            .into_iter()
            .map(|m| (text[m.span.clone()].to_string(), m.quantity.value, m.quantity.value_max, m.quantity.qualifier, m.form))
            .collect()
    }

    fn counts(text: &str) -> Vec<f64> {
        scan_numbers(text).into_iter().filter(|m| m.form == NumberForm::Count).map(|m| m.quantity.value).collect()
    }

    fn lexicon() -> QualifierLexicon {
        let p = |phrase: &str, qualifier, after| QualifierPhrase { phrase: phrase.into(), qualifier, after };
        QualifierLexicon::new(vec![
            p("at least", Qualifier::AtLeast, false),
            p("more than", Qualifier::MoreThan, false),
            p("no more than", Qualifier::AtMost, false),
            p("over", Qualifier::MoreThan, false),
            p("about", Qualifier::About, false),
            p("nearly", Qualifier::Nearly, false),
            p("up to", Qualifier::AtMost, false),
            p("fewer than", Qualifier::FewerThan, false),
            p("or more", Qualifier::AtLeast, true),
            p("-plus", Qualifier::AtLeast, true),
        ])
    }

    fn qualified(text: &str) -> Vec<(String, Qualifier, f64)> {
        let lex = lexicon();
        scan_numbers(text)
            .iter()
            .filter(|m| m.form == NumberForm::Count)
            .map(|m| {
                let (q, span) = lex.qualify(text, m);
                (text[span].to_string(), q.qualifier, q.value)
            })
            .collect()
    }

    #[test]
    fn digits_with_separators_and_decimals() {
        assert_eq!(counts("over 7,900 were arrested"), vec![7900.0]);
        assert_eq!(counts("2,030 troops and 250 pieces"), vec![2030.0, 250.0]);
        assert_eq!(counts("1\u{202F}300 wounded"), vec![1300.0]);
        assert_eq!(counts("1\u{00A0}300 wounded"), vec![1300.0]);
        assert_eq!(counts("2.5 million people"), vec![2_500_000.0]);
        assert!(counts("12,34 is not grouped").is_empty(), "a stray comma makes the figure unreadable");
        assert_eq!(counts("1,234,567 votes"), vec![1_234_567.0]);
    }

    #[test]
    fn every_listed_number_word_is_found_by_its_key_in_any_case() {
        for (word, role) in NUMBER_WORDS {
            for written in [word.to_string(), word.to_uppercase(), format!("{}{}", word[..1].to_uppercase(), &word[1..])] {
                assert_eq!(number_word_of(&ShortLower::new(&written)), Some(role), "{written}");
            }
        }
        for not_listed in ["", "on", "ones", "tw", "twoo", "milliony", "a", "hundreds", "seventeenth", "ｏｎｅ"] {
            assert_eq!(number_word_of(&ShortLower::new(not_listed)), None, "{not_listed}");
        }
    }

    #[test]
    fn number_words() {
        assert_eq!(counts("eight killed"), vec![8.0]);
        assert_eq!(counts("Nine planes"), vec![9.0]);
        assert_eq!(counts("six post-Soviet states"), vec![6.0]);
        assert_eq!(counts("twenty-one people"), vec![21.0]);
        assert_eq!(counts("two hundred and fifty troops"), vec![250.0]);
        assert_eq!(counts("one hundred thousand people"), vec![100_000.0]);
        assert_eq!(counts("a dozen officers"), vec![12.0]);
        assert_eq!(counts("a million dollars"), vec![1e6]);
        assert_eq!(counts("three million"), vec![3e6]);
        assert!(counts("someone, anyone, tone, often").is_empty());
    }

    #[test]
    fn scale_words() {
        assert_eq!(counts("2 billion dollars"), vec![2e9]);
        assert_eq!(counts("$2bn in damage"), vec![2e9]);
        assert_eq!(counts("$5m fund"), vec![5e6]);
        assert_eq!(counts("3 thousand"), vec![3000.0]);
        assert_eq!(counts("10k runners"), vec![10_000.0]);
        let m = &scan_numbers("cost $2bn")[0];
        assert!(m.currency_sign);
        assert_eq!(m.span, 5..9);
    }

    #[test]
    fn ranges() {
        let r = scan("2 billion-3 billion U.S. dollars");
        assert_eq!(r, vec![("2 billion-3 billion".into(), 2e9, Some(3e9), Qualifier::Range, NumberForm::Count)]);
        let r = scan("2-3 million people");
        assert_eq!(r[0].1, 2e6);
        assert_eq!(r[0].2, Some(3e6));
        let r = scan("10 to 15 people");
        assert_eq!((r[0].1, r[0].2, r[0].3), (10.0, Some(15.0), Qualifier::Range));
        let r = scan("rose from 8 to 18");
        assert_eq!(r.len(), 2, "from X to Y is a change, not a range: {r:?}");
        let r = scan("the toll rose by 12 to 40");
        assert_eq!(r.len(), 2, "by X to Y is a change, not a range: {r:?}");
        let r = scan("between 20 and 30 people");
        assert_eq!((r[0].1, r[0].2), (20.0, Some(30.0)));
        let r = scan("two or three officers");
        assert_eq!((r[0].1, r[0].2), (2.0, Some(3.0)));
        let r = scan("maybe 40 or 50 people");
        assert_eq!((r[0].0.as_str(), r[0].1, r[0].2, r[0].3), ("40 or 50", 40.0, Some(50.0), Qualifier::Range));
        assert_eq!(scan("in 2019 or 2020")[0].4, NumberForm::Year, "years");
        assert_eq!(scan("12 or 15% of them").len(), 2, "a share is no range's end");
        assert_eq!(scan("50 or 40 people")[0].4, NumberForm::Other, "a lower second number: no figure, as for \"30-20\"");
        let r = scan("won 3-1 at home");
        assert_eq!(r.len(), 1, "a lower second number is no range: {r:?}");
        assert_eq!((r[0].0.as_str(), r[0].4), ("3-1", NumberForm::Other), "nor a figure");
        assert_eq!(scan("in 2021-2022")[0].4, NumberForm::Year);
        let q = qualified("between 20 and 30 people");
        assert_eq!(q[0].0, "between 20 and 30");
        let r = scan("between $1 billion and $1.5 billion");
        assert_eq!((r[0].0.as_str(), r[0].1, r[0].2), ("$1 billion and $1.5 billion", 1e9, Some(1.5e9)), "a repeated sign: {r:?}");
        let r = scan("$10-$15");
        assert_eq!((r[0].1, r[0].2), (10.0, Some(15.0)));
        assert_eq!(scan("10-$15").len(), 2, "a sign only the second number has starts another figure");
    }

    #[test]
    fn proportions_are_no_figures() {
        let forms = |t: &str| scan(t).into_iter().map(|m| m.4).collect::<Vec<_>>();
        assert_eq!(forms("3 out of 4 detainees"), [NumberForm::Other, NumberForm::Other]);
        assert_eq!(forms("One in five of the victims"), [NumberForm::Other, NumberForm::Other]);
        assert_eq!(forms("4 in 10 of the injured"), [NumberForm::Other, NumberForm::Other]);
        assert_eq!(forms("killed 5 in 12 attacks"), [NumberForm::Count, NumberForm::Count], "a figure and a count of attacks");
        assert_eq!(forms("3 OUT\n  of 4 detainees"), [NumberForm::Other, NumberForm::Other], "any case, any spaces");
        assert_eq!(forms("4 in\t10 OF them"), [NumberForm::Other, NumberForm::Other]);
        assert_eq!(forms("3 out of the 4"), [NumberForm::Count, NumberForm::Count], "more words between");
        assert_eq!(forms("3 of 4 detainees"), [NumberForm::Count, NumberForm::Count]);
        assert_eq!(forms("3, in 4 of them"), [NumberForm::Count, NumberForm::Count], "a comma is a word between");
        assert_eq!(forms("4 in 10"), [NumberForm::Count, NumberForm::Count], "nothing after");
    }

    #[test]
    fn glued_plus_is_at_least() {
        let r = scan("7,900+ arrests");
        assert_eq!((r[0].0.as_str(), r[0].3), ("7,900+", Qualifier::AtLeast));
        assert_eq!(scan("call +7 727")[0].4, NumberForm::Identifier);
    }

    #[test]
    fn non_counts_are_classified() {
        let form = |t: &str| scan(t).into_iter().map(|m| m.4).collect::<Vec<_>>();
        assert_eq!(form("in 2011 police"), vec![NumberForm::Year]);
        assert_eq!(form("the 1990s"), vec![NumberForm::Year]);
        assert_eq!(form("18:51, today"), vec![NumberForm::Time]);
        assert_eq!(form("at 10 am"), vec![NumberForm::Time]);
        assert_eq!(form("at 10pm"), vec![NumberForm::Time]);
        assert_eq!(form("an 81-year-old man"), vec![NumberForm::Age]);
        assert_eq!(form("he is 55 years old"), vec![NumberForm::Age]);
        assert_eq!(form("aged 55"), vec![NumberForm::Age]);
        assert_eq!(form("aged 20 to 40"), vec![NumberForm::Age], "a range of ages");
        assert_eq!(form("aged 20-40"), vec![NumberForm::Age]);
        assert_eq!(form("the 3rd day"), vec![NumberForm::Ordinal]);
        assert_eq!(form("up 12% and 3 percent and 4 per cent"), vec![NumberForm::Percent; 3]);
        assert_eq!(form("COVID-19 and F-16 and G7"), vec![NumberForm::Identifier; 3]);
        assert!(form("https://x.com/news/2022/01/11/a_5").iter().all(|f| *f == NumberForm::Identifier));
        assert_eq!(form("a 1,700km border"), vec![NumberForm::Measure]);
        assert_eq!(form("8 Jan, 2022"), vec![NumberForm::Date, NumberForm::Year]);
        assert_eq!(form("Jan. 11 (Xinhua)"), vec![NumberForm::Date]);
        assert_eq!(form("January 11, 2022"), vec![NumberForm::Date, NumberForm::Year]);
        assert_eq!(form("the 11th of September"), vec![NumberForm::Ordinal]);
        assert_eq!(form("on 5 of March"), vec![NumberForm::Date]);
        assert_eq!(form("2022-01-06 report"), vec![NumberForm::Date]);
        assert_eq!(form("one of the 9 members"), vec![NumberForm::Other, NumberForm::Count]);
        assert_eq!(form("no one was hurt"), vec![NumberForm::Other]);
        // a share of a figure just given counts one
        assert_eq!(form("six in hospital, one of them critical"), vec![NumberForm::Count, NumberForm::Count]);
        assert_eq!(form("one of whom died"), vec![NumberForm::Count]);
        assert_eq!(form("one person died"), vec![NumberForm::Count]);
        assert_eq!(form("a 30-year sentence"), vec![NumberForm::Measure]);
    }

    #[test]
    fn vague_plurals() {
        let r = scan("Hundreds were arrested and thousands have fled");
        assert_eq!(r.iter().map(|m| (m.0.as_str(), m.1)).collect::<Vec<_>>(), [("Hundreds", 200.0), ("thousands", 2000.0)]);
        assert!(scan("The storm left thousands homeless").is_empty(), "only before a verb of being or having");
        let r = scan("hundreds of protesters");
        assert_eq!((r[0].0.as_str(), r[0].1, r[0].3), ("hundreds of", 200.0, Qualifier::AtLeast));
        assert!(scan("thousands-strong protest").is_empty());
    }

    #[test]
    fn qualifiers_before_and_after() {
        assert_eq!(qualified("at least 26 died"), vec![("at least 26".into(), Qualifier::AtLeast, 26.0)]);
        assert_eq!(qualified("Over 1,270 businesses"), vec![("Over 1,270".into(), Qualifier::MoreThan, 1270.0)]);
        assert_eq!(qualified("no more than 5"), vec![("no more than 5".into(), Qualifier::AtMost, 5.0)]);
        assert_eq!(qualified("about 500 police vehicles"), vec![("about 500".into(), Qualifier::About, 500.0)]);
        assert_eq!(qualified("(at least 3)"), vec![("at least 3".into(), Qualifier::AtLeast, 3.0)]);
        assert_eq!(qualified("10 or more"), vec![("10 or more".into(), Qualifier::AtLeast, 10.0)]);
        // a line break ends a sentence; the qualifier stays on its side
        assert_eq!(qualified("killed at least \n eight"), vec![("eight".into(), Qualifier::Exact, 8.0)]);
        assert_eq!(qualified("a 100-plus crowd"), vec![("100-plus".into(), Qualifier::AtLeast, 100.0)]);
        assert_eq!(qualified("at least \t26"), vec![("at least \t26".into(), Qualifier::AtLeast, 26.0)]);
        assert_eq!(qualified("more than eight"), vec![("more than eight".into(), Qualifier::MoreThan, 8.0)]);
        assert_eq!(qualified("clover 5"), vec![("5".into(), Qualifier::Exact, 5.0)]);
        assert_eq!(qualified("it was over. 5 more"), vec![("5".into(), Qualifier::Exact, 5.0)]);
        // the qualifier does not spread to a second number
        let q = qualified("at least 26 criminals and 18 officers");
        assert_eq!(q[1], ("18".into(), Qualifier::Exact, 18.0));
        assert_eq!(qualified("more than $2bn"), vec![("more than $2bn".into(), Qualifier::MoreThan, 2e9)]);
    }

    /// The phrase lookup before a number as it was written before
    /// `same_lowered`: every previous word lowered into a `String`.
    fn match_before_by_copies(lex: &QualifierLexicon, text: &str, at: usize) -> Option<(Qualifier, usize)> {
        let max_words = lex.before.first().map_or(0, |p| p.0.len());
        let mut words: Vec<(String, usize)> = Vec::new();
        let mut cursor = at;
        let head = text.get(..at)?;
        for _ in 0..max_words {
            let h = head.get(..cursor)?;
            let trimmed = h.trim_end();
            if h.get(trimmed.len()..).is_some_and(|gap| gap.contains('\n')) || trimmed.len() == h.len() {
                break;
            }
            let start = trimmed.rfind(char::is_whitespace).map_or(0, |p| p + 1);
            let raw = trimmed.get(start..)?;
            if raw.is_empty() {
                break;
            }
            words.push((raw.to_lowercase(), start));
            cursor = start;
        }
        lex.before.iter().find_map(|(phrase, q)| {
            let n = phrase.len();
            let mut first_start = 0;
            for (k, pw) in phrase.iter().enumerate() {
                let (tw, ts) = words.get(n.checked_sub(1 + k)?)?;
                let (tw, ts) = if k == 0 {
                    let stripped = tw.trim_start_matches(['(', '[', '"', '“', '‘', '\'', '—', '–']);
                    (stripped, ts + (tw.len() - stripped.len()))
                } else {
                    (tw.as_str(), *ts)
                };
                if tw != pw {
                    return None;
                }
                if k == 0 {
                    first_start = ts;
                }
            }
            Some((*q, first_start))
        })
    }

    #[test]
    fn qualifier_words_are_compared_as_lowered_copies_would_be() {
        let phrase = |p: &str| QualifierPhrase { phrase: p.into(), qualifier: Qualifier::About, after: false };
        let lex = QualifierLexicon::new(
            ["at least", "more than", "as many as", "около", "İyi", "ΣΧΕΔΟΝ", "straße", "up to", "i̇"].into_iter().map(phrase).collect(),
        );
        let words = [
            "at",
            "AT",
            "At",
            "least",
            "LEAST",
            "more",
            "than",
            "As",
            "many",
            "as",
            "около",
            "ОКОЛО",
            "İyi",
            "iyi",
            "İYİ",
            "σχεδον",
            "ΣΧΕΔΟΝ",
            "σχεδόν",
            "STRASSE",
            "straße",
            "Straße",
            "up",
            "To",
            "(at",
            "“около",
            "—",
            "x",
            "İ",
            "i̇",
            "\n",
            "  ",
        ];
        let mut rng = crate::generate::Rng::new(7);
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..rng.below(6) {
                text.push_str(words[rng.below(words.len())]);
                text.push(' ');
            }
            let at = text.len();
            text.push_str("26 people");
            assert_eq!(lex.match_before(&text, at), match_before_by_copies(&lex, &text, at), "{text:?}");
        }
        // the non-ASCII phrases are found in other cases
        assert_eq!(lex.match_before("ОКОЛО 5", 11), Some((Qualifier::About, 0)));
        assert_eq!(lex.match_before("σχεδον 5", 13), Some((Qualifier::About, 0)));
    }

    #[test]
    fn parse_number_reads_whole_strings() {
        assert_eq!(parse_number(" 7,900 ").map(|q| q.value), Some(7900.0));
        assert_eq!(parse_number("twenty-one").map(|q| q.value), Some(21.0));
        assert_eq!(parse_number("2-3 million").and_then(|q| q.value_max), Some(3e6));
        assert_eq!(parse_number("7,900 people"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn hostile_numbers_are_read_right_or_not_at_all() {
        assert!(counts("999,999,999,999,999,999,999 killed").is_empty(), "absurd values are dropped");
        assert!(counts("1e308 killed").is_empty());
        assert!(counts("-5 killed and −3 hurt").is_empty(), "negative counts are not claims");
        assert!(counts("2.5 people").is_empty(), "fractional people are not a count");
        assert_eq!(counts("2,5 million dollars"), vec![2_500_000.0], "decimal comma before a scale word");
        assert!(counts("2,5 and 1,23").is_empty(), "ambiguous decimal commas are not read");
        assert_eq!(counts("1,2,3"), Vec::<f64>::new());
        assert_eq!(counts("7\u{2009}900 arrested"), vec![7900.0]);
        assert!(counts("٣ ٤ ½").is_empty(), "non-ASCII digits and fractions are not read");
        let form = |t: &str| scan(t).into_iter().map(|m| m.4).collect::<Vec<_>>();
        assert_eq!(form("Channel 7 reported"), vec![NumberForm::Identifier]);
        assert_eq!(form("Flight 370"), vec![NumberForm::Identifier]);
        assert_eq!(form("a 26-year-old man"), vec![NumberForm::Age]);
        assert_eq!(form("a 1,700km border"), vec![NumberForm::Measure]);
    }

    #[test]
    fn scale_words_are_read_whole_or_not_at_all() {
        // a scale word alone was read as one of it: "½ million people" and
        // the rest of a figure too large to read were "1 million"
        assert!(counts("½ million people and million people and hundred people and dozen people").is_empty());
        assert!(counts("999,999 trillion people").is_empty());
        assert!(counts("12345678901234567890.5 million people").is_empty());
        // a scale past trillion was dropped and the figure read unscaled
        assert!(counts("9 quintillion people, nine quintillion people, 2-3 zillion people").is_empty());
        // a scale after a scale multiplies ("a thousand trillion" was 1e12 + 1e3)
        assert_eq!(counts("a thousand trillion people"), [1e15]);
        assert_eq!(counts("two thousand million dollars"), [2e9]);
        assert_eq!(counts("5 thousand million dollars"), [5e9]);
        assert_eq!(counts("one million two hundred thousand three hundred and four"), [1_200_304.0]);
        // fractions of a person once scaled
        assert!(counts("0.0000001 million people").is_empty());
        assert_eq!(counts("0.5 million people"), [500_000.0]);
    }

    #[test]
    fn number_words_stop_where_a_number_would_restart() {
        assert_eq!(counts("one hundred one hundred"), [101.0]);
        assert_eq!(counts("thousand one thousand one"), [1001.0], "the second \"one thousand one\"");
        assert_eq!(counts("two million three million"), [2_000_003.0], "the last \"million\" stands alone");
        // was quadratic: each word re-read the rest of the line
        let line = "one hundred ".repeat(20_000);
        let start = std::time::Instant::now();
        assert_eq!(counts(&line).len(), 10_000);
        assert!(start.elapsed().as_secs_f64() < 2.0, "{:?}", start.elapsed());
    }

    #[test]
    fn a_chain_of_ranges_in_words_is_read_without_recursion() {
        // each second number read its own range: 200,000 of them
        // overflowed the stack (and each word re-read the rest: quadratic)
        let words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
        let mut chain = String::from("one");
        for i in 0..100_000 {
            chain.push_str(" to ");
            chain.push_str(words[(i + 1) % words.len()]);
        }
        let start = std::time::Instant::now();
        let found = scan_numbers(&chain);
        assert!(start.elapsed().as_secs_f64() < 2.0, "{:?}", start.elapsed());
        assert_eq!(found.first().map(|m| (m.quantity.value, m.quantity.value_max)), Some((1.0, Some(2.0))));
        let r = scan("two or three or four people");
        assert_eq!((r[0].0.as_str(), r[0].1, r[0].2), ("two or three", 2.0, Some(3.0)));
    }

    #[test]
    fn digits_run_on_by_an_odd_separator_are_not_figures() {
        for text in ["10^400 people", "1'000 people", "1’000 people", "1_000 people", "1,0000 people", "1000,000 people"] {
            assert!(counts(text).is_empty(), "{text}: {:?}", scan(text));
        }
        assert_eq!(counts("in the 1990's 40 people"), [40.0]);
    }

    #[test]
    fn a_range_whose_second_number_is_not_above_the_first_is_no_figure() {
        for text in ["3-2 million people", "3 billion-2 billion dollars", "between 30 and 20 people", "won 3-1", "three or two people"] {
            assert!(counts(text).is_empty(), "{text}: {:?}", scan(text));
        }
        assert_eq!(counts("2-3 million people"), [2e6]);
    }

    #[test]
    fn huge_and_odd_inputs_do_not_panic() {
        assert!(counts(&"9".repeat(400)).is_empty());
        assert!(counts("1e999 and 99999999999999999999 things").iter().all(|v| *v < MAX_VALUE));
        // a year-like number where a figure stands is a figure
        assert_eq!(counts("Police said 1900 people were detained"), [1900.0]);
        assert!(counts("In December 2011 police fired on protesters").is_empty());
        assert!(counts("in 2011 police fired; the 2022 unrest; January 2022 was cold; 2022 saw unrest").is_empty());
        // a plain space between digit groups is ambiguous: no count
        assert!(counts("Police said 7 900 people were arrested").is_empty(), "{:?}", counts("Police said 7 900 people were arrested"));
        assert_eq!(counts("7\u{2009}900 and 7\u{a0}900 people"), [7900.0, 7900.0]);
        assert_eq!(counts("in 2022 300 people"), [300.0], "a year is no short group");
        // found by the `numbers` fuzz target: a digit run glued to letters
        // (an identifier) was returned with its absurd value
        let glued = format!("Kazak{}hstan", "2".repeat(57));
        assert!(scan_numbers(&glued).iter().all(|m| m.quantity.value <= MAX_VALUE), "{:?}", scan_numbers(&glued));
        for text in [
            "",
            "-",
            "+",
            ",",
            "1,",
            "1.",
            ".5",
            "$",
            "€1",
            "1-",
            "1 to",
            "between 1 and",
            "a",
            "a dozen",
            "½ 5",
            "٣ ٤",
            "1\u{202F}",
            "twenty-",
            "hundred hundred",
            "a a a",
            "one-one",
        ] {
            let _ = scan(text);
            let _ = qualified(text);
        }
    }
}
