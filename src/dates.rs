//! Dates in article text: publication datelines ("8 Jan, 2022",
//! "18:51, January 11, 2022", "Jan. 11"), ISO dates, and weekday names
//! resolved against a reference date.
//!
//! Month names are matched case-sensitively (capitalised, as in running
//! English text) so that "may" and "march" as ordinary words are not read as
//! dates. Years must be 19xx or 20xx.

use crate::rules::prefilter::Prefilter;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Weekday};
use regex::{Captures, Regex};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// The date forms `published` takes, said in a warning about a value
/// that is none of them (see [`parse_date`]).
pub const DATE_FORMS: &str = "e.g. 2022-01-08, 8 Jan, 2022 or 2022-01-08T10:00:00+06:00, a year from 1900 to 2099";

/// A date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Byte range in the text.
    pub span: Range<usize>,
    /// The date (year filled from the reference year when absent).
    pub date: NaiveDate,
    /// True when the text gave the year.
    pub has_year: bool,
}

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

/// One regex for all supported shapes; `[\s&&[^\n\r]]` keeps a date on one
/// line.
/// `None` only if the constant pattern failed to compile, which the unit tests
/// rule out; callers then find no dates instead of panicking.
static DATE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let sp = r"[\s&&[^\n\r]]+";
    let pattern = format!(
        r"\b(?P<iy>(?:19|20)\d{{2}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})|\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:{sp}of)?{sp}(?P<m1>{MONTHS})\b\.?(?:,?{sp}(?P<y1>(?:19|20)\d{{2}})\b)?|\b(?P<m2>{MONTHS})\b\.?{sp}(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?{sp}(?P<y2>(?:19|20)\d{{2}})\b)?"
    );
    Regex::new(&pattern).ok()
});

static WEEKDAY_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b").ok());

/// The first three letters of every month name: every date [`DATE_RE`]
/// reads but the ISO ones holds one, in the same case.
static MONTH_STEMS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let mut stems: Vec<&str> = MONTHS.split('|').filter_map(|m| m.get(..3)).collect();
    stems.sort_unstable();
    stems.dedup();
    Regex::new(&stems.join("|")).ok()
});

/// Whether `text` may hold a date: a month name's first three letters, or
/// the `-dd-` of an ISO date. Both are found by literal search, where the
/// date pattern's superset is scanned by a DFA byte by byte: a text with
/// neither is ruled out at once.
fn may_hold_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let iso = || {
        text.match_indices('-').any(|(at, _)| {
            let next = |k: usize| bytes.get(at + k).copied().unwrap_or(0);
            next(1).is_ascii_digit() && next(2).is_ascii_digit() && next(3) == b'-'
        })
    };
    MONTH_STEMS.as_ref().is_none_or(|re| re.is_match(text)) || iso()
}

static WEEKDAY_PREFILTER: LazyLock<Prefilter> =
    LazyLock::new(|| WEEKDAY_RE.as_ref().map_or(Prefilter::None, |re| Prefilter::new(re.as_str())));

/// Month number (1–12) for an English month name or abbreviation.
fn month_number(name: &str) -> Option<u32> {
    let m = match name {
        "January" | "Jan" => 1,
        "February" | "Feb" => 2,
        "March" | "Mar" => 3,
        "April" | "Apr" => 4,
        "May" => 5,
        "June" | "Jun" => 6,
        "July" | "Jul" => 7,
        "August" | "Aug" => 8,
        "September" | "Sept" | "Sep" => 9,
        "October" | "Oct" => 10,
        "November" | "Nov" => 11,
        "December" | "Dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn weekday_from_name(name: &str) -> Option<Weekday> {
    let w = match name {
        "Monday" => Weekday::Mon,
        "Tuesday" => Weekday::Tue,
        "Wednesday" => Weekday::Wed,
        "Thursday" => Weekday::Thu,
        "Friday" => Weekday::Fri,
        "Saturday" => Weekday::Sat,
        "Sunday" => Weekday::Sun,
        _ => return None,
    };
    Some(w)
}

fn group_num(caps: &Captures<'_>, name: &str) -> Option<u32> {
    caps.name(name).and_then(|m| m.as_str().parse().ok())
}

/// The year, month and day one regex match names, and whether the text
/// gave the year (a missing one is `reference_year`); `None` when the match
/// is not read as a date (an ISO date run on into more digits, a yearless
/// date without a reference year). The day need not exist.
fn fields_of(text: &str, caps: &Captures<'_>, reference_year: Option<i32>) -> Option<(i32, u32, u32, bool)> {
    let whole = caps.get(0)?;
    if let Some(y) = caps.name("iy") {
        // ISO dates may be followed by a time ("2022-01-06T10:00") but not by
        // more digits.
        if text.as_bytes().get(whole.end()).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let year: i32 = y.as_str().parse().ok()?;
        return Some((year, group_num(caps, "im")?, group_num(caps, "id")?, true));
    }
    let (d, m, y) = if caps.name("d1").is_some() { ("d1", "m1", "y1") } else { ("d2", "m2", "y2") };
    let month = month_number(caps.name(m)?.as_str())?;
    let day = group_num(caps, d)?;
    match caps.name(y) {
        Some(y) => Some((y.as_str().parse().ok()?, month, day, true)),
        None => Some((reference_year?, month, day, false)),
    }
}

/// Turn one regex match into a mention, if it is a real calendar date and a
/// year is known.
fn mention_from(text: &str, caps: &Captures<'_>, reference_year: Option<i32>) -> Option<DateMention> {
    let (year, month, day, has_year) = fields_of(text, caps, reference_year)?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    Some(DateMention { span: caps.get(0)?.range(), date, has_year })
}

/// Parse a string that is exactly one full date (surrounding whitespace
/// allowed): "2022-01-08", "8 Jan, 2022", "8 January 2022",
/// "January 11, 2022", "Jan. 11, 2022", "Jan 11 2022"; or a timestamp, as
/// CMS exports and feeds write publication times: "2022-01-08T10:00:00Z",
/// "2022-01-08T10:00+06:00", "2022-01-08 10:00", "Sat, 08 Jan 2022
/// 10:00:00 +0600" (the date is the one written, in the timestamp's own
/// time zone: the day the outlet published on). Years run from 1900 to
/// 2099, as in article text: "2500-01-05" and "2500-01-05T10:00:00Z" are
/// typing slips, not dates.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let trimmed = s.trim();
    whole_date(trimmed).or_else(|| timestamp_date(trimmed).filter(|d| (1900..=2099).contains(&d.year())))
}

/// `s` read by the date pattern, when it is one full date with a year.
fn whole_date(s: &str) -> Option<NaiveDate> {
    let caps = DATE_RE.as_ref()?.captures(s)?;
    let mention = mention_from(s, &caps, None)?;
    (mention.span == (0..s.len()) && mention.has_year).then_some(mention.date)
}

/// The date of an RFC 3339, ISO 8601 (to the minute or finer, with or
/// without a zone) or RFC 2822 timestamp, in its own time zone.
fn timestamp_date(s: &str) -> Option<NaiveDate> {
    // every form starts with a digit or a weekday: skip the rest at once
    if !s.as_bytes().first().is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s).or_else(|_| DateTime::parse_from_rfc2822(s)) {
        return Some(t.date_naive());
    }
    const ZONED: [&str; 2] = ["%Y-%m-%dT%H:%M%#z", "%Y-%m-%d %H:%M%#z"];
    if let Some(t) = ZONED.iter().find_map(|f| DateTime::parse_from_str(s, f).ok()) {
        return Some(t.date_naive());
    }
    const LOCAL: [&str; 4] = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"];
    LOCAL.iter().find_map(|f| NaiveDateTime::parse_from_str(s, f).ok()).map(|t| t.date())
}

/// Every date mentioned in `text`, in order. Dates without a year ("Jan. 11")
/// take `reference_year` and have `has_year == false`; without a reference
/// year they are left out. Impossible dates ("31 February") are left out.
pub fn find_dates(text: &str, reference_year: Option<i32>) -> Vec<DateMention> {
    find_dates_and_impossible(text, reference_year).0
}

/// [`find_dates`], and in the same search the places written as a date
/// that name no day of the calendar: "February 30, 2022", "Feb. 29,
/// 2023", "2022-02-30", "2022-13-01", "April 31" (a date without a year
/// when it is impossible in `reference_year`; with 2000, a leap year, a
/// yearless "Feb. 29" is a date). A caller that would have used one can
/// say so.
pub fn find_dates_and_impossible(text: &str, reference_year: Option<i32>) -> (Vec<DateMention>, Vec<Range<usize>>) {
    let mut found = Vec::new();
    let mut impossible = Vec::new();
    let Some(re) = DATE_RE.as_ref() else {
        return (found, impossible);
    };
    if !may_hold_date(text) {
        return (found, impossible);
    }
    // On the ASCII stand-in the regex engine's fast DFA runs the whole way,
    // so a superset searched first (as `rules::prefilter` does for rule
    // patterns) would only add a pass.
    let stand_in = ascii_stand_in(text);
    let hay = stand_in.as_deref().unwrap_or(text);
    for caps in re.captures_iter(hay) {
        let (Some((year, month, day, has_year)), Some(whole)) = (fields_of(hay, &caps, reference_year), caps.get(0)) else {
            continue;
        };
        match NaiveDate::from_ymd_opt(year, month, day) {
            Some(date) => found.push(DateMention { span: whole.range(), date, has_year }),
            None => impossible.push(whole.range()),
        }
    }
    (found, impossible)
}

/// `text` as [`DATE_RE`] sees it, in ASCII: each other character becomes
/// as many bytes as it takes, `x` for a word character, a space for white
/// space and `#` for anything else. The pattern's literals are ASCII, and
/// what it asks of other characters is only whether they are word
/// characters (`\b`) or white space (`\s`), so it matches the same spans
/// in both, and the groups it captures are ASCII in both. `None` when
/// `text` holds a digit outside ASCII, which `\d` matches: the pattern is
/// run on `text` itself then.
///
/// Why: on text with a character outside ASCII (curly quotes, dashes), the
/// regex engine's fast DFA gives up at the first such byte, for the
/// Unicode `\b`, and the search is run again by a slower engine from the
/// start. Over the first lines of the 10k generated articles, 18% of them
/// outside ASCII, the search took 72 ms, against 12 ms on stand-ins.
fn ascii_stand_in(text: &str) -> Option<Cow<'_, str>> {
    if text.is_ascii() {
        return Some(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        // the run of ASCII up to the next other character, copied whole
        let ascii = crate::ascii::next_non_ascii(rest.as_bytes(), 0).unwrap_or(rest.len());
        out.push_str(rest.get(..ascii).unwrap_or_default());
        let Some(c) = rest.get(ascii..).and_then(|r| r.chars().next()) else { break };
        let stand_in = match c {
            c if c.is_numeric() => return None,
            c if regex_syntax::is_word_character(c) => 'x',
            c if c.is_whitespace() => ' ',
            _ => '#',
        };
        out.extend(std::iter::repeat_n(stand_in, c.len_utf8()));
        rest = rest.get(ascii + c.len_utf8()..).unwrap_or_default();
    }
    Some(Cow::Owned(out))
}

/// Every capitalised weekday name ("on Monday", "late Tuesday") with its byte
/// range (the name only). Plurals ("on Mondays") are not matched.
pub fn find_weekdays(text: &str) -> Vec<(Range<usize>, Weekday)> {
    let Some(re) = WEEKDAY_RE.as_ref() else {
        return Vec::new();
    };
    WEEKDAY_PREFILTER.find_ranges(re, text).into_iter().filter_map(|r| weekday_from_name(text.get(r.clone())?).map(|w| (r, w))).collect()
}

/// A day named by its distance before publication: "yesterday", "a day
/// earlier", "the previous day", "two days earlier", "a week ago". ASCII
/// word boundaries and spaces (`-u`): with Unicode ones the regex engine's
/// fast DFA cannot run, and this search cost 95 M instructions over the 1k
/// corpus (callgrind), a fifth of extraction.
static DAYS_BACK_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)\b(?:(?P<yesterday>yesterday)|(?:a|one)\s+day\s+(?:earlier|before|ago)|the\s+previous\s+day|(?P<days>two|three|four|five|six|2|3|4|5|6)\s+days\s+(?:earlier|before|ago)|(?P<week>a|one)\s+week\s+(?:earlier|before|ago))\b",
    )
    .ok()
});

/// The days before publication that `text` names by their distance
/// ("up from 14 *a day earlier*": 1), each with the bytes that name it.
pub fn find_days_back(text: &str) -> Vec<(Range<usize>, u64)> {
    let Some(re) = DAYS_BACK_RE.as_ref() else { return Vec::new() };
    re.captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let days = match (caps.name("days"), caps.name("week")) {
                (Some(n), _) => match n.as_str().to_ascii_lowercase().as_str() {
                    "two" | "2" => 2,
                    "three" | "3" => 3,
                    "four" | "4" => 4,
                    "five" | "5" => 5,
                    _ => 6,
                },
                (None, Some(_)) => 7,
                (None, None) => 1,
            };
            Some((whole.range(), days))
        })
        .collect()
}

/// The latest date on or before `reference` that falls on `weekday`: "on
/// Monday" in an article published on Wednesday 2022-01-12 is 2022-01-10.
pub fn weekday_on_or_before(reference: NaiveDate, weekday: Weekday) -> NaiveDate {
    let back = (7 + reference.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    reference.checked_sub_days(chrono::Days::new(u64::from(back))).unwrap_or(reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`find_dates`] by its definition: the pattern run on the text itself.
    fn find_dates_on_the_text(text: &str, reference_year: Option<i32>) -> Vec<DateMention> {
        let re = DATE_RE.as_ref().unwrap();
        re.captures_iter(text).filter_map(|caps| mention_from(text, &caps, reference_year)).collect()
    }

    #[test]
    fn days_named_by_their_distance_before_publication() {
        let days = |t: &str| find_days_back(t).into_iter().map(|(r, d)| (t[r].to_string(), d)).collect::<Vec<_>>();
        assert_eq!(days("up from 14 a day earlier"), [("a day earlier".to_string(), 1)]);
        assert_eq!(days("Yesterday, 12 died"), [("Yesterday".to_string(), 1)]);
        assert_eq!(days("on the previous day"), [("the previous day".to_string(), 1)]);
        assert_eq!(days("three days earlier"), [("three days earlier".to_string(), 3)]);
        assert_eq!(days("2 days ago"), [("2 days ago".to_string(), 2)]);
        assert_eq!(days("a week earlier"), [("a week earlier".to_string(), 7)]);
        assert!(days("the day before the vote").is_empty(), "a day before an event, not before publication");
        assert!(days("days earlier, many days before").is_empty());
    }

    #[test]
    fn stand_ins_are_those_of_the_character_definition() {
        // the definition: every character in turn
        let by_characters = |text: &str| -> Option<String> {
            let mut out = String::new();
            for c in text.chars() {
                let stand_in = match c {
                    c if c.is_ascii() => c,
                    c if c.is_numeric() => return None,
                    c if regex_syntax::is_word_character(c) => 'x',
                    c if c.is_whitespace() => ' ',
                    _ => '#',
                };
                out.extend(std::iter::repeat_n(stand_in, c.len_utf8()));
            }
            Some(out)
        };
        const PIECES: &[&str] = &["Jan", " 8", ",", "é", "ж", "中", "’", "\u{a0}", "\u{3000}", "٣", "😀", "2022", "\n", "x"];
        for text in (0..=9).flat_map(|len| crate::test_support::mixes(PIECES, 1_500, len, 3 + len as u64)) {
            assert_eq!(ascii_stand_in(&text).map(|s| s.into_owned()), by_characters(&text), "{text:?}");
        }
    }

    #[test]
    fn dates_found_on_ascii_stand_ins_are_those_found_on_the_text() {
        #[rustfmt::skip]
        const PIECES: &[&str] = &[
            "Jan", "January", "Dec", "May", ".", ",", " ", " ", "\u{a0}", "\u{2009}", "\u{3000}", "11", "8", "2022", "1999",
            "-01-", "st", "of", "é", "ж", "中", "’", "“", "–", "€", "٣", "²", "½", "\u{301}", "x", "\n", "2022-01-08",
        ];
        let mut found = 0;
        for text in (1..=12).flat_map(|len| crate::test_support::mixes(PIECES, 1_700, len, len as u64)) {
            let want = find_dates_on_the_text(&text, Some(2000));
            found += want.len();
            assert_eq!(find_dates(&text, Some(2000)), want, "{text:?}");
        }
        assert!(found > 1000, "the random texts hold dates: {found}");
    }

    #[test]
    fn the_date_gate_passes_every_text_with_a_date() {
        let re = DATE_RE.as_ref().unwrap();
        let pieces = [
            "2022-01-08",
            "2022-1-8",
            "-08-",
            "20",
            "22",
            "-",
            "8",
            "11",
            "th",
            " ",
            " of ",
            "January",
            "Jan",
            "Jan.",
            "Sept",
            "May",
            "may",
            "MARCH",
            "Dec",
            ",",
            "\n",
            "\u{a0}",
            "1999",
            "word",
            "é",
        ];
        let mut dated = 0;
        for text in crate::test_support::mixes(&pieces, 20_000, 7, 3) {
            if re.is_match(&text) {
                dated += 1;
                assert!(may_hold_date(&text), "{text:?}");
            }
        }
        assert!(dated > 1000, "the generated texts hold dates ({dated})");
        assert!(!may_hold_date("On 8 may 2022, 1,200 - 13 people") && !may_hold_date(""));
        assert!(may_hold_date("x 2022-01-08") && may_hold_date("in Sept"));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn patterns_compile() {
        assert!(DATE_RE.is_some());
        assert!(WEEKDAY_RE.is_some());
    }

    #[test]
    fn parses_supported_shapes() {
        assert_eq!(parse_date("2022-01-08"), Some(d(2022, 1, 8)));
        assert_eq!(parse_date("8 Jan, 2022"), Some(d(2022, 1, 8)));
        assert_eq!(parse_date("8 January 2022"), Some(d(2022, 1, 8)));
        assert_eq!(parse_date("January 11, 2022"), Some(d(2022, 1, 11)));
        assert_eq!(parse_date("Jan. 11, 2022"), Some(d(2022, 1, 11)));
        assert_eq!(parse_date("Jan 11 2022"), Some(d(2022, 1, 11)));
        assert_eq!(parse_date("  11th of September 2001 "), Some(d(2001, 9, 11)));
        assert_eq!(parse_date("Sept. 3, 2021"), Some(d(2021, 9, 3)));
    }

    #[test]
    fn rejects_non_dates() {
        assert_eq!(parse_date(""), None);
        // years outside 1900..=2099, written as a date or as a timestamp
        for slip in ["2500-01-05", "2500-01-05T10:00:00Z", "1850-01-05 10:00", "Sat, 05 Jan 2500 10:00:00 +0000"] {
            assert_eq!(parse_date(slip), None, "{slip}");
        }
        assert_eq!(parse_date("2099-12-31T23:00:00Z"), NaiveDate::from_ymd_opt(2099, 12, 31));
        assert!(DATE_FORMS.contains("1900 to 2099"));
    }

    #[test]
    fn finds_dates_that_name_no_day() {
        let found = |t: &str| find_dates_and_impossible(t, Some(2000)).1.into_iter().map(|r| t[r].to_string()).collect::<Vec<_>>();
        assert_eq!(found("ALMATY, February 30, 2022 (Reuters) -"), vec!["February 30, 2022"]);
        assert_eq!(found("Feb. 29, 2023 and 2022-02-30 and 2022-13-01"), vec!["Feb. 29, 2023", "2022-02-30", "2022-13-01"]);
        assert_eq!(found("NUR-SULTAN, April 31 (Xinhua) --"), vec!["April 31"]);
        assert_eq!(found("31 June"), vec!["31 June"]);
        // real days, leap days and what is not a date at all
        assert!(found("Feb. 29, 2024; Feb 29; January 11, 2022; 2022-01-08T10:00").is_empty());
        assert!(found("2022-02-301 items, 30 Febs, May 30").is_empty());
        for t in ["February 30, 2022", "2022-02-30", "April 31"] {
            assert!(find_dates(t, Some(2022)).is_empty(), "{t}");
        }
    }

    #[test]
    fn parses_a_timestamp_as_the_date_it_names() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        for (text, date) in [
            ("2022-01-08T10:00:00Z", d(2022, 1, 8)),
            ("2022-01-08T10:00:00.123+06:00", d(2022, 1, 8)),
            // the day of the outlet's own zone, not of UTC (2022-01-07 23:30 UTC)
            ("2022-01-08T05:30:00+06:00", d(2022, 1, 8)),
            ("2022-01-08 23:59:59-05:00", d(2022, 1, 8)),
            ("2022-01-08T10:00+06:00", d(2022, 1, 8)),
            ("2022-01-08T10:00", d(2022, 1, 8)),
            ("2022-01-08 10:00", d(2022, 1, 8)),
            ("2022-01-08T10:00:00", d(2022, 1, 8)),
            (" Sat, 08 Jan 2022 10:00:00 +0600 ", d(2022, 1, 8)),
        ] {
            assert_eq!(parse_date(text), Some(date), "{text}");
        }
        for not_a_date in ["2022-02-30T10:00:00Z", "2022-01-08T25:00", "2022-01-08T", "2022-01-08 noon", "10:00", "T10:00"] {
            assert_eq!(parse_date(not_a_date), None, "{not_a_date}");
        }
        assert_eq!(parse_date("Jan. 11"), None, "no year");
        assert_eq!(parse_date("30 February 2022"), None);
        assert_eq!(parse_date("2022-13-01"), None);
        assert_eq!(parse_date("January 2022"), None);
        assert_eq!(parse_date("on 8 Jan, 2022"), None, "must be the whole string");
        assert_eq!(parse_date("Janet 11, 2022"), None);
        assert_eq!(parse_date("8 may 2022"), None, "lowercase month is a word");
    }

    #[test]
    fn finds_dates_in_text() {
        let text = "18:51, January 11, 2022\nNUR-SULTAN/MOSCOW, Jan. 11 (Xinhua) -- on Jan. 5, 2022. Also 8 Jan, 2022.";
        let found = find_dates(text, Some(2022));
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found[0].date, d(2022, 1, 11));
        assert_eq!(&text[found[0].span.clone()], "January 11, 2022");
        assert!(found[0].has_year);
        assert_eq!(found[1].date, d(2022, 1, 11));
        assert_eq!(&text[found[1].span.clone()], "Jan. 11");
        assert!(!found[1].has_year);
        assert_eq!(found[2].date, d(2022, 1, 5));
        assert_eq!(&text[found[2].span.clone()], "Jan. 5, 2022");
        assert_eq!(found[3].date, d(2022, 1, 8));
        assert_eq!(&text[found[3].span.clone()], "8 Jan, 2022");
    }

    #[test]
    fn yearless_dates_need_a_reference_year() {
        assert!(find_dates("on Jan. 11 the", None).is_empty());
        let found = find_dates("on Jan. 11 the", Some(2021));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].date, d(2021, 1, 11));
    }

    #[test]
    fn does_not_read_numbers_as_days() {
        assert!(find_dates("deployed 2,030 troops and 250 pieces in 2022", Some(2022)).is_empty());
        assert!(find_dates("164 March", Some(2022)).is_empty());
        assert!(find_dates("Jan\n11, 2022", None).is_empty(), "dates stay on one line");
    }

    #[test]
    fn iso_dates_in_text() {
        let found = find_dates("published: 2022-01-06T10:00", None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].date, d(2022, 1, 6));
        assert!(find_dates("id 2022-01-061", None).is_empty());
    }

    #[test]
    fn finds_weekdays() {
        let text = "held a session on Monday; violence erupted late Tuesday. Mondays are quiet.";
        let found = find_weekdays(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1, Weekday::Mon);
        assert_eq!(&text[found[0].0.clone()], "Monday");
        assert_eq!(found[1].1, Weekday::Tue);
        assert_eq!(&text[found[1].0.clone()], "Tuesday");
        assert!(find_weekdays("monday").is_empty());
    }

    #[test]
    fn resolves_weekdays_backwards() {
        // 2022-01-11 is a Tuesday.
        let tue = d(2022, 1, 11);
        assert_eq!(weekday_on_or_before(tue, Weekday::Tue), tue);
        assert_eq!(weekday_on_or_before(tue, Weekday::Mon), d(2022, 1, 10));
        assert_eq!(weekday_on_or_before(tue, Weekday::Wed), d(2022, 1, 5));
        assert_eq!(weekday_on_or_before(d(2022, 1, 8), Weekday::Tue), d(2022, 1, 4));
    }
}
