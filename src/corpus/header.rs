//! Metadata read from an article's own text: a URL line, a dateline marker
//! ("(Xinhua)") or a publication date in the first few lines (the header),
//! an "© Provided by …" credit anywhere, and the title line.

use super::{CorpusConfig, OutletRule};
use crate::dates::{find_dates, find_dates_and_impossible, DateMention};
use aho_corasick::{AhoCorasick, MatchKind};
use chrono::NaiveDate;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A line that is nothing but an http(s) URL (optionally in `<…>`).
static URL_LINE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r#"^\s*<?((?i:https?)://[^\s<>"]+)>?\s*$"#).ok());

/// Parts of a date line that are not words of prose: times, weekday names,
/// time zones.
static DATE_LINE_NOISE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*(?i:[ap]\.?m)\b\.?)?
        | \b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\b\.?
        | \b(?:GMT|UTC|[A-Z]{1,3}T)\b(?:\s*[+-]\d{1,2}(?::?\d{2})?)?
        | (?i:\b[ap]\.?m\b\.?)",
    )
    .ok()
});

static WORD_RE: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"[\p{L}\p{N}]+").ok());

/// Every word [`DATE_LINE_NOISE_RE`] can remove that has a lower-case
/// letter and no digit (weekday names and am/pm, lower-cased; the rest of
/// the noise is digits and capitals). Kept in step with the noise pattern:
/// a test checks that no other such word is ever inside a noise match.
const NOISE_WORDS: [&str; 17] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// Whether the noise of a date line can never remove `word` (a match of
/// [`WORD_RE`]): it has a lower-case letter, no digit, and is not a
/// weekday name or a piece of am/pm.
fn is_prose_word(word: &str) -> bool {
    word.chars().any(char::is_lowercase)
        && !word.chars().any(char::is_numeric)
        && !["am", "pm", "a", "p", "m"].iter().chain(NOISE_WORDS.iter()).any(|noise| noise.eq_ignore_ascii_case(word))
}

/// A date in a URL path: `/2022/01/11/`, `/2022/jan/06/`, `2022-01-11`.
static URL_DATE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)/(?P<y>(?:19|20)\d{2})/(?P<m>0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/(?P<d>0?[1-9]|[12]\d|3[01])(?:[/?#._-]|$)|\b(?P<iy>(?:19|20)\d{2})-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01])\b",
    )
    .ok()
});

/// A year as a whole URL path segment: `/2022/`.
static URL_YEAR_RE: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"/(?P<y>(?:19|20)\d{2})(?:/|$)").ok());

/// Words a date line may hold besides the date, times, weekdays and time
/// zones ("Published", "Last updated on").
const DATE_LINE_MAX_WORDS: usize = 3;
/// How far into a line a dateline's date may start ("NUR-SULTAN/MOSCOW, ").
const DATELINE_MAX_PREFIX: usize = 80;
/// Longest title kept, in characters.
const TITLE_MAX_CHARS: usize = 200;
/// Longest header line examined for a URL, a date or a dateline, in bytes.
/// A real header line is short; a longer one (a dump without line breaks)
/// is body text, and examining it date by date would take quadratic time.
const HEADER_LINE_MAX_BYTES: usize = 1000;

/// What the first lines and the credits of an article say.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Header {
    /// URL from a header line that is only a URL.
    pub url: Option<String>,
    /// Byte range of that line (without its line break), to be masked.
    pub url_line: Option<Range<usize>>,
    /// Outlet whose dateline marker appears in the header.
    pub dateline_outlet: Option<String>,
    /// Outlet named by an outlet pattern anywhere in the text.
    pub pattern_outlet: Option<String>,
    /// The first full date on a date line of the header.
    full_date: Option<NaiveDate>,
    /// The year of the first full date anywhere in the header, read up to
    /// the full date line (after it, it is not used).
    header_year: Option<i32>,
    /// The first header date line whose date has no year, read up to the
    /// full date line (after it, it is not used).
    yearless_line: Option<Range<usize>>,
    /// Where the header has a date line whose date names no day of the
    /// calendar ("February 30, 2022"), in the text; `None` when the header
    /// has a full date line.
    pub impossible_date: Option<Range<usize>>,
}

/// The header lines: the first `count` non-empty lines from `start`, as
/// (byte range without line break, text).
fn header_lines(text: &str, start: usize, count: usize) -> Vec<(Range<usize>, &str)> {
    lines_from(text, start).filter(|(_, l)| !l.trim().is_empty()).take(count).collect()
}

/// Lines from byte `start` (a char boundary), with their ranges.
fn lines_from(text: &str, start: usize) -> impl Iterator<Item = (Range<usize>, &str)> {
    let body = text.get(start..).unwrap_or("");
    let mut offset = start;
    body.split_inclusive('\n').map(move |raw| {
        let line = raw.trim_end_matches(['\n', '\r']);
        let range = offset..offset + line.len();
        offset += raw.len();
        (range, line)
    })
}

/// The URL if `line` is nothing but a URL with a plausible host.
fn url_of_line(line: &str) -> Option<&str> {
    // the pattern's URL starts after white space and one optional `<`, with
    // `http` in any case (none of h, t, p folds to a letter outside ASCII):
    // most header lines are ruled out here without running it
    let rest = line.trim_start();
    let rest = rest.strip_prefix('<').unwrap_or(rest);
    if !rest.get(..4).is_some_and(|scheme| scheme.eq_ignore_ascii_case("http")) {
        return None;
    }
    let caps = URL_LINE_RE.as_ref()?.captures(line)?;
    let url = caps.get(1)?.as_str();
    host_of(url).map(|_| url)
}

/// Lower-cased host of an http(s) URL, without `www.`, port or user.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?.to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    let host = host.strip_prefix("www.").unwrap_or(host);
    let valid = host.contains('.')
        && host.split('.').all(|label| !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    valid.then(|| host.to_string())
}

/// The outlet a URL belongs to: the configured outlet whose domain is the
/// URL's host or a parent of it (the longest such domain wins), else the
/// host itself.
pub(crate) fn outlet_for_url(url: &str, outlets: &[OutletRule]) -> Option<String> {
    let host = host_of(url)?;
    let mut best: Option<(&str, usize)> = None;
    for outlet in outlets {
        for domain in &outlet.domains {
            let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
            let domain = domain.strip_prefix("www.").unwrap_or(&domain);
            if domain.is_empty() {
                continue;
            }
            let matches = host == domain || host.strip_suffix(domain).is_some_and(|sub| sub.ends_with('.'));
            if matches && best.is_none_or(|(_, len)| domain.len() > len) {
                best = Some((outlet.name.as_str(), domain.len()));
            }
        }
    }
    Some(best.map_or(host, |(name, _)| name.to_string()))
}

/// The date a URL path carries (`/2022/01/11/`), and failing that the year
/// of a `/2022/` path segment.
pub(crate) fn url_date(url: &str) -> (Option<NaiveDate>, Option<i32>) {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let date = URL_DATE_RE.as_ref().and_then(|re| {
        re.captures_iter(path).find_map(|c| {
            let (y, m, d) = if c.name("y").is_some() { ("y", "m", "d") } else { ("iy", "im", "id") };
            let year = c.name(y)?.as_str().parse().ok()?;
            let month = month_of(c.name(m)?.as_str())?;
            let day = c.name(d)?.as_str().parse().ok()?;
            NaiveDate::from_ymd_opt(year, month, day)
        })
    });
    let year = date.map(|d| chrono::Datelike::year(&d)).or_else(|| URL_YEAR_RE.as_ref()?.captures(path)?.name("y")?.as_str().parse().ok());
    (date, year)
}

fn month_of(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    const NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let lower = s.to_ascii_lowercase();
    NAMES.iter().position(|n| *n == lower).and_then(|i| u32::try_from(i + 1).ok())
}

/// True when the date `span` makes `line` a date line: either the line is
/// the date plus at most a few words ("Published 8 Jan, 2022 10:30 GMT"),
/// or a dateline ("NUR-SULTAN, Jan. 11 (Xinhua) --": only capitals and
/// punctuation before the date, a credit or dash after it).
fn is_date_line(line: &str, span: &Range<usize>) -> bool {
    let (Some(before), Some(after)) = (line.get(..span.start), line.get(span.end..)) else {
        return false;
    };
    let after_trim = after.trim_start();
    let dateline = before.len() <= DATELINE_MAX_PREFIX
        && !before.chars().any(char::is_lowercase)
        && (after_trim.is_empty() || ["(", "--", "—", "–", "-", "/", "|"].iter().any(|p| after_trim.starts_with(p)));
    if dateline {
        return true;
    }
    let (Some(noise), Some(word)) = (DATE_LINE_NOISE_RE.as_ref(), WORD_RE.as_ref()) else {
        return false;
    };
    // words the noise can never remove decide most lines (a paragraph has
    // plenty) without a copy of the line; counting stops at one too many
    let too_many = DATE_LINE_MAX_WORDS + 1;
    let prose = |part: &str, limit: usize| word.find_iter(part).filter(|w| is_prose_word(w.as_str())).take(limit).count();
    let before_prose = prose(before, too_many);
    if before_prose + prose(after, too_many - before_prose) >= too_many {
        return false;
    }
    let rest = format!("{before} {after}");
    let rest = noise.replace_all(&rest, " ");
    word.find_iter(&rest).count() <= DATE_LINE_MAX_WORDS
}

/// The first date on `line` that makes it a date line. Dates without a year
/// need `reference_year`.
fn date_of_line(line: &str, reference_year: Option<i32>) -> Option<DateMention> {
    find_dates(line, reference_year).into_iter().find(|m| is_date_line(line, &m.span))
}

/// True when `line` is a date line, with or without a year.
fn is_any_date_line(line: &str) -> bool {
    // 2000 is a leap year, so a yearless "Feb. 29" still reads as a date.
    date_of_line(line, Some(2000)).is_some()
}

/// Read the header of `text` (which starts at byte `start`, after any front
/// matter) and the outlet credits of the whole text.
pub(crate) fn scan(text: &str, start: usize, config: &CorpusConfig) -> Header {
    let mut header = Header::default();
    let lines = header_lines(text, start, config.header_lines);
    for (range, line) in &lines {
        if line.len() > HEADER_LINE_MAX_BYTES {
            continue;
        }
        if header.url.is_none() {
            if let Some(url) = url_of_line(line) {
                header.url = Some(url.to_string());
                header.url_line = Some(range.clone());
                continue;
            }
        }
        if header.dateline_outlet.is_none() {
            header.dateline_outlet = config.dateline_markers.outlet_on(line).map(str::to_string);
        }
        // a full date line decides the date: the year and the yearless line
        // are only read without one (see `published`)
        if header.full_date.is_some() {
            continue;
        }
        // every date has a digit (its day or its year)
        if !crate::ascii::has_digit(line.as_bytes()) {
            continue;
        }
        // one search finds the dates with and without a year (2000, a leap
        // year, stands in for a missing one and is never used)
        let (dates, impossible) = find_dates_and_impossible(line, Some(2000));
        if header.impossible_date.is_none() {
            header.impossible_date =
                impossible.into_iter().find(|span| is_date_line(line, span)).map(|span| range.start + span.start..range.start + span.end);
        }
        let mut full = dates.iter().filter(|m| m.has_year);
        if header.header_year.is_none() {
            header.header_year = full.clone().next().map(|m| chrono::Datelike::year(&m.date));
        }
        if header.full_date.is_none() {
            header.full_date = full.find(|m| is_date_line(line, &m.span)).map(|m| m.date);
        }
        if header.yearless_line.is_none() && dates.iter().find(|m| is_date_line(line, &m.span)).is_some_and(|m| !m.has_year) {
            header.yearless_line = Some(range.clone());
        }
    }
    if header.full_date.is_some() {
        header.impossible_date = None;
    }
    header.pattern_outlet = pattern_outlet(text.get(start..).unwrap_or(""), &config.outlet_patterns, &config.outlets);
    header
}

/// The outlets' dateline markers ("(Xinhua)", "/TASS/"), searched for
/// together: one automaton over every marker, which finds the earliest
/// place a marker starts on a line and, where several start there, the
/// first listed (outlets in order, each outlet's markers in order).
#[derive(Debug, Clone, Default)]
pub struct DatelineMarkers {
    /// Leftmost-first automaton over the non-empty markers; `None` when
    /// there are none.
    searcher: Option<AhoCorasick>,
    /// The outlet's name of each marker, by pattern id.
    outlet_of: Vec<String>,
}

impl DatelineMarkers {
    /// The markers of `outlets`, empty ones left out. Fails (with the
    /// automaton builder's message) only for marker sets too large for it.
    pub fn new(outlets: &[OutletRule]) -> Result<Self, String> {
        let (outlet_of, markers): (Vec<String>, Vec<&str>) =
            outlets.iter().flat_map(|o| o.datelines.iter().filter(|d| !d.is_empty()).map(move |d| (o.name.clone(), d.as_str()))).unzip();
        let searcher = if markers.is_empty() {
            None
        } else {
            Some(AhoCorasick::builder().match_kind(MatchKind::LeftmostFirst).build(&markers).map_err(|e| e.to_string())?)
        };
        Ok(DatelineMarkers { searcher, outlet_of })
    }

    /// The name of the outlet whose marker appears first on `line`.
    fn outlet_on(&self, line: &str) -> Option<&str> {
        let found = self.searcher.as_ref()?.find(line)?;
        self.outlet_of.get(found.pattern().as_usize()).map(String::as_str)
    }
}

/// The outlet named by the first outlet pattern that matches, spelled as a
/// configured outlet when it names one.
fn pattern_outlet(text: &str, patterns: &[Regex], outlets: &[OutletRule]) -> Option<String> {
    patterns.iter().find_map(|re| {
        let name = re.captures_iter(text).find_map(|c| {
            let whole = c.get(0)?;
            let outlet = c.name("outlet")?;
            // A credit names the outlet on its own line: a match that runs
            // on into the next line ("Provided by\n…") names nothing.
            let on_one_line = !text.get(whole.start()..outlet.start())?.contains('\n');
            Some(outlet.as_str().trim()).filter(|s| on_one_line && !s.is_empty())
        })?;
        let known = outlets.iter().find(|o| o.name.eq_ignore_ascii_case(name));
        Some(known.map_or_else(|| shorten(name), |o| o.name.clone()))
    })
}

impl Header {
    /// The publication date the text gives: a full date on a header date
    /// line; else a yearless header date ("Jan. 11") with the year of a full
    /// date elsewhere in the header, of the URL path, or `fallback_year`;
    /// else a date in the URL path.
    pub(crate) fn published(&self, text: &str, url: Option<&str>, fallback_year: Option<i32>) -> Option<NaiveDate> {
        if self.full_date.is_some() {
            return self.full_date;
        }
        let (url_date, url_year) = url.map(url_date).unwrap_or_default();
        let yearless = self.yearless_line.as_ref().and_then(|range| {
            let line = text.get(range.clone())?;
            let year = self.header_year.or(url_year).or(fallback_year)?;
            date_of_line(line, Some(year)).map(|m| m.date)
        });
        yearless.or(url_date)
    }
}

/// The title: the first non-empty line of `text` from `start`, read with the
/// `masked` byte ranges blanked out (as [`super::mask_ranges`] does), that
/// is not a URL line or a date line, trimmed and cut to about 200
/// characters. Only the lines read until the title are masked, each on its
/// own: the title is near the top, so a masked copy of the whole text would
/// be work thrown away.
pub(crate) fn title(text: &str, masked: &[Range<usize>], start: usize) -> Option<String> {
    let body = text.get(start..).unwrap_or("");
    let mut offset = start;
    body.split_inclusive('\n').find_map(|raw| {
        let (line_start, line_end) = (offset, offset + raw.len());
        offset = line_end;
        // the masked ranges over this line, relative to it
        let over_line: Vec<Range<usize>> = masked
            .iter()
            .filter(|r| r.start < line_end && r.end > line_start)
            .map(|r| r.start.max(line_start) - line_start..r.end.min(line_end) - line_start)
            .collect();
        let raw = if over_line.is_empty() {
            std::borrow::Cow::Borrowed(raw)
        } else {
            std::borrow::Cow::Owned(super::mask_ranges(raw, &over_line))
        };
        let line = raw.trim_end_matches(['\n', '\r']);
        let is_title =
            !line.trim().is_empty() && (line.len() > HEADER_LINE_MAX_BYTES || (url_of_line(line).is_none() && !is_any_date_line(line)));
        is_title.then(|| shorten(line.trim()))
    })
}

/// At most [`TITLE_MAX_CHARS`] characters, cut at a word break with "…".
pub(crate) fn shorten(s: &str) -> String {
    match s.char_indices().nth(TITLE_MAX_CHARS) {
        None => s.to_string(),
        Some((cut, _)) => {
            let head = &s[..cut];
            let head = head.rfind(char::is_whitespace).filter(|&i| i > cut / 2).map_or(head, |i| &head[..i]);
            format!("{}…", head.trim_end())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    fn outlets() -> Vec<OutletRule> {
        let o = |name: &str, domains: &[&str], datelines: &[&str]| OutletRule {
            name: name.into(),
            domains: domains.iter().map(|s| s.to_string()).collect(),
            datelines: datelines.iter().map(|s| s.to_string()).collect(),
        };
        vec![
            o("Wire", &["wire.example"], &["(Wire)"]),
            o("Agency", &["agency.example", "en.agency.example"], &["(Agency)"]),
            o("Agency English", &["english.agency.example"], &[]),
        ]
    }

    fn config() -> CorpusConfig {
        CorpusConfig {
            boilerplate: Default::default(),
            dateline_markers: DatelineMarkers::new(&outlets()).unwrap(),
            outlets: outlets(),
            outlet_patterns: vec![Regex::new(r"(?m)©\s*Provided by\s+(?P<outlet>[^\n]+?)\s*$").unwrap()],
            near_duplicate_threshold: 0.7,
            header_lines: 8,
        }
    }

    #[test]
    fn the_first_dateline_marker_on_a_line_names_the_outlet() {
        let mut o = outlets();
        o.push(OutletRule { name: "Slash".into(), domains: vec![], datelines: vec!["/SL/".into(), String::new()] });
        let markers = DatelineMarkers::new(&o).unwrap();
        let outlet = |line: &str| markers.outlet_on(line).map(str::to_string);
        assert_eq!(outlet("ALMATY, Jan. 6 (Agency) -- Troops (Wire)").as_deref(), Some("Agency"));
        assert_eq!(outlet("MOSCOW, Jan. 6 /SL/ (Wire) said").as_deref(), Some("Slash"));
        assert_eq!(outlet("(Wire)").as_deref(), Some("Wire"));
        assert_eq!(outlet("A line (with brackets) / slashes but no marker"), None);
        assert_eq!(outlet("No marker byte at all"), None);
        assert_eq!(outlet(""), None);
    }

    #[test]
    fn dateline_outlet_is_the_earliest_substring_match() {
        // the plain definition: every marker searched, the earliest wins,
        // and at one place the outlet listed first
        fn by_definition(line: &str, outlets: &[OutletRule]) -> Option<String> {
            outlets
                .iter()
                .flat_map(|o| o.datelines.iter().filter(|d| !d.is_empty()).filter_map(move |d| line.find(d.as_str()).map(|at| (at, o))))
                .min_by_key(|(at, _)| *at)
                .map(|(_, o)| o.name.clone())
        }
        let rule = |name: &str, markers: &[&str]| OutletRule {
            name: name.into(),
            domains: vec![],
            datelines: markers.iter().map(|m| m.to_string()).collect(),
        };
        let o = vec![rule("Paren", &["(P)", "(PP)"]), rule("Long", &["(PP) x"]), rule("Guillemet", &["«G»"]), rule("Slash", &["/S/"])];
        let markers = DatelineMarkers::new(&o).unwrap();
        let pieces = ["(P)", "(PP) x", "(PP)", "«G»", "«", "/S/", "/", "(", " ", "é", "x", "P)"];
        for line in crate::test_support::mixes(&pieces, 2000, 6, 11) {
            assert_eq!(markers.outlet_on(&line).map(str::to_string), by_definition(&line, &o), "{line:?}");
        }
    }

    #[test]
    fn url_to_outlet() {
        let o = outlets();
        assert_eq!(outlet_for_url("https://www.wire.example/a/b", &o).as_deref(), Some("Wire"));
        assert_eq!(outlet_for_url("https://news.wire.example/a", &o).as_deref(), Some("Wire"), "subdomain");
        assert_eq!(outlet_for_url("http://WWW.Agency.Example:8080/x", &o).as_deref(), Some("Agency"));
        assert_eq!(outlet_for_url("https://english.agency.example/x", &o).as_deref(), Some("Agency English"), "longest domain wins");
        assert_eq!(outlet_for_url("https://notwire.example/x", &o).as_deref(), Some("notwire.example"), "not a subdomain");
        assert_eq!(outlet_for_url("https://www.unknown-paper.org/story", &o).as_deref(), Some("unknown-paper.org"));
        assert_eq!(outlet_for_url("ftp://wire.example/x", &o), None);
        assert_eq!(outlet_for_url("https://localhost/x", &o), None);
    }

    /// [`url_of_line`] by its definition: the line pattern alone.
    fn url_of_line_by_pattern(line: &str) -> Option<&str> {
        let url = URL_LINE_RE.as_ref().unwrap().captures(line)?.get(1)?.as_str();
        host_of(url).map(|_| url)
    }

    #[test]
    fn url_lines_are_those_of_the_pattern() {
        #[rustfmt::skip]
        const PIECES: &[&str] = &[
            "https://", "HTTP://", "hTtPs://", "http:/", "ftp://", "wire.example", "/2022/01", "?x=1", "<", ">", " ", "\t", "\u{a0}",
            "\u{2003}", "é", "K", "\u{212A}", "ſ", "\"", "see ", "h", "t", "p", "s", "https://www.wire.example/2022/01/11/story",
            "<HTTPS://a.example>",
        ];
        let mut urls = 0;
        for line in (1..=8).flat_map(|len| crate::test_support::mixes(PIECES, 3_000, len, len as u64)) {
            let want = url_of_line_by_pattern(&line);
            urls += usize::from(want.is_some());
            assert_eq!(url_of_line(&line), want, "{line:?}");
        }
        assert!(urls > 300, "the random lines hold URLs: {urls}");
    }

    #[test]
    fn url_line_gives_url_and_is_located() {
        let text = "Title\n  https://www.wire.example/2022/01/11/story?x=1  \n8 Jan, 2022\nBody.";
        let h = scan(text, 0, &config());
        assert_eq!(h.url.as_deref(), Some("https://www.wire.example/2022/01/11/story?x=1"));
        assert_eq!(&text[h.url_line.clone().unwrap()], "  https://www.wire.example/2022/01/11/story?x=1  ");
        assert_eq!(h.published(text, h.url.as_deref(), None), d(2022, 1, 8), "the header date beats the URL date");
        assert!(url_of_line("see https://wire.example/x").is_none(), "only whole-line URLs");
    }

    #[test]
    fn header_dates() {
        let cases = [
            ("Title\nBy Someone\n8 Jan, 2022\nBody text here.", d(2022, 1, 8)),
            ("Title\n\n18:51, January 11, 2022\n\nBody.", d(2022, 1, 11)),
            ("Title\nPublished: Saturday, 8 January 2022 10:30 GMT\nBody.", d(2022, 1, 8)),
            ("Title\nLast updated on Jan. 9, 2022, 3:15 p.m.\nBody.", d(2022, 1, 9)),
            ("Title\nALMATY, Jan. 6, 2022 (Wire) -- Body of the story.", d(2022, 1, 6)),
            // a date inside prose is not a publication date
            ("Title\nOfficials said that on Jan. 5, 2022 protests began in the west.\nBody.", None),
        ];
        for (text, want) in cases {
            let h = scan(text, 0, &config());
            assert_eq!(h.published(text, None, None), want, "{text:?}");
        }
    }

    #[test]
    fn yearless_dateline_takes_a_year_from_elsewhere() {
        let text = "Title\nNUR-SULTAN/MOSCOW, Jan. 11 (Agency) -- Several countries said.";
        let h = scan(text, 0, &config());
        assert_eq!(h.published(text, None, None), None, "no year anywhere");
        assert_eq!(h.published(text, Some("https://agency.example/world/2022/01/11/c_1.htm"), None), d(2022, 1, 11));
        assert_eq!(h.published(text, Some("https://agency.example/2021/story"), None), d(2021, 1, 11), "year-only path segment");
        assert_eq!(h.published(text, None, Some(2020)), d(2020, 1, 11), "fallback year");
        let with_full = "Title\nThe 2022 Report: Jan. 3, 2022 edition and more words here\nNUR-SULTAN, Jan. 11 (Agency) -- Text.";
        let h = scan(with_full, 0, &config());
        assert_eq!(h.published(with_full, None, None), d(2022, 1, 11), "year of a full date elsewhere in the header");
        assert_eq!(h.dateline_outlet.as_deref(), Some("Agency"));
        // the full date line wins in either order, and lines after it are
        // still read for the dateline outlet
        let full_first = "Title\nJan. 3, 2022\nNUR-SULTAN, Jan. 11 (Agency) -- Text.";
        let h = scan(full_first, 0, &config());
        assert_eq!(h.published(full_first, None, None), d(2022, 1, 3));
        assert_eq!(h.dateline_outlet.as_deref(), Some("Agency"));
        let yearless_first = "Title\nNUR-SULTAN, Jan. 11 (Agency) -- Text.\nJan. 3, 2022";
        assert_eq!(scan(yearless_first, 0, &config()).published(yearless_first, None, None), d(2022, 1, 3));
    }

    #[test]
    fn url_dates() {
        assert_eq!(url_date("https://x.example/world/2022/jan/06/story"), (d(2022, 1, 6), Some(2022)));
        assert_eq!(url_date("https://x.example/a/2022-01-07/story"), (d(2022, 1, 7), Some(2022)));
        assert_eq!(url_date("https://x.example/article/3162664/story"), (None, None));
        assert_eq!(url_date("https://2022.example/story"), (None, None), "the host is not the path");
    }

    #[test]
    fn datelines_and_patterns() {
        let text = "Headline\nBEIJING, Jan. 5 (Wire) -- Text (Agency) more.\n\nLater text.\n© Provided by wire\n";
        let h = scan(text, 0, &config());
        assert_eq!(h.dateline_outlet.as_deref(), Some("Wire"), "earliest marker wins");
        assert_eq!(h.pattern_outlet.as_deref(), Some("Wire"), "spelled as the configured outlet");
        let text = "Headline\nBody\n\n© Provided by Some Paper  \n";
        assert_eq!(scan(text, 0, &config()).pattern_outlet.as_deref(), Some("Some Paper"));
        let text = "Headline\n© Provided by\nThe next line\n";
        assert_eq!(scan(text, 0, &config()).pattern_outlet, None, "a credit does not run into the next line");
        let mut short = config();
        short.header_lines = 1;
        let text = "Headline\n(Wire) -- text";
        assert_eq!(scan(text, 0, &short).dateline_outlet, None, "only header lines count");
    }

    #[test]
    fn header_starts_after_front_matter() {
        let text = "---\ntitle: x\n---\nhttps://wire.example/a\nTitle\n";
        let h = scan(text, 17, &config());
        assert_eq!(h.url.as_deref(), Some("https://wire.example/a"));
        assert_eq!(h.url_line, Some(17..39));
    }

    #[test]
    fn titles_read_masked_lines_as_a_masked_copy_would() {
        let text = "Cookie notice here\r\nPhotograph: x\nThe Real Title — “ünï”\r\nBody";
        assert_eq!(title(text, &[0..18, 20..33], 0).as_deref(), Some("The Real Title — “ünï”"));
        // against the title of the whole masked copy, for one range of
        // every start and end (inside characters and line breaks too)
        for a in 0..=text.len() {
            for b in a..=text.len() {
                let one = a..b;
                let range = std::slice::from_ref(&one);
                let whole = crate::corpus::mask_ranges(text, range);
                assert_eq!(title(text, range, 0), title(&whole, &[], 0), "{a}..{b}");
            }
        }
    }

    #[test]
    fn titles() {
        assert_eq!(title("\n  https://x.example/a\n8 Jan, 2022\n  The Title  \nBody", &[], 0).as_deref(), Some("The Title"));
        assert_eq!(title("   \n\n", &[], 0), None);
        let long = "word ".repeat(100);
        let t = title(&long, &[], 0).unwrap();
        assert!(t.chars().count() <= TITLE_MAX_CHARS + 1);
        assert!(t.ends_with("word…"));
        let unbroken = "é".repeat(300);
        assert_eq!(shorten(&unbroken).chars().count(), TITLE_MAX_CHARS + 1);
    }

    #[test]
    fn noise_never_removes_a_prose_word() {
        let (Some(noise), Some(word)) = (DATE_LINE_NOISE_RE.as_ref(), WORD_RE.as_ref()) else { panic!("patterns compile") };
        let samples = [
            "Published Monday, Jan. 10, 2022 10:30 a.m. GMT +3 updated Tues 9.15pm EST",
            "Wed 11:05:09 AM UTC-05:00 Thurs. 7:45 P.M. Sat Sun Fri Thu Thur Tuesday Wednesday Saturday Sunday",
            "10:30amber Sundays Monday's am pm a.m p.m. AM PM Mon. 4:20 am, 12.00 CET",
        ];
        for sample in samples {
            for m in noise.find_iter(sample) {
                for w in word.find_iter(m.as_str()) {
                    assert!(!is_prose_word(w.as_str()), "{:?} removed as noise in {sample:?}", w.as_str());
                }
            }
        }
        // the prose words of a long line decide it at once, as the full count would
        let paragraph = "President Tokayev said on Jan. 11, 2022 that the troops would leave within two days";
        let span = paragraph.find("Jan.").unwrap()..paragraph.find(" that").unwrap();
        assert!(!is_date_line(paragraph, &span));
        let dateline = "Tuesday 11 January 2022 10.31 GMT";
        assert!(is_date_line(dateline, &(8..23)));
    }

    #[test]
    fn static_patterns_compile() {
        assert!(
            URL_LINE_RE.is_some() && DATE_LINE_NOISE_RE.is_some() && WORD_RE.is_some() && URL_DATE_RE.is_some() && URL_YEAR_RE.is_some()
        );
    }
}
