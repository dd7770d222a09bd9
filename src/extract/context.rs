//! What surrounds a figure: who gave it (attribution), which event it
//! belongs to (scoping by year and place), and the date it holds for.

use crate::dates;
use crate::model::Document;
use crate::rules::RuleSet;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::ops::Range;

/// Titles seen with names in a document: "kazakh president" → "Kassym-Jomart Tokayev".
pub type TitleMap = HashMap<String, String>;

/// Collects `<Title> <Name>` pairs of a document.
pub fn titles(text: &str, rules: &RuleSet) -> TitleMap {
    let mut map = TitleMap::new();
    let Some(re) = &rules.attribution.titles else { return map };
    for caps in re.captures_iter(text) {
        let (Some(title), Some(name)) = (caps.name("title"), caps.name("name")) else { continue };
        let title = normalise_source(title.as_str()).to_lowercase();
        map.entry(title).or_insert_with(|| name.as_str().to_string());
    }
    map
}

const LEADING: [&str; 9] = ["the ", "and ", "but ", "that ", "as ", "while ", "so ", "also ", "then "];
const PRONOUNS: [&str; 12] = ["he", "she", "it", "they", "we", "i", "you", "who", "which", "this", "officials", "reports"];

fn normalise_source(s: &str) -> String {
    let mut s = s.trim().trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    loop {
        let lower = s.to_lowercase();
        match LEADING.iter().find(|p| lower.starts_with(*p)) {
            Some(p) => s = s[p.len()..].trim_start().to_string(),
            None => break,
        }
    }
    s
}

/// The source of a figure at byte `pos` in `sentence` (absolute range).
pub fn attribution(text: &str, sentence: Range<usize>, pos: usize, rules: &RuleSet, titles: &TitleMap) -> Option<String> {
    let s = text.get(sentence.clone())?;
    if in_aside(s, pos.saturating_sub(sentence.start)) {
        return None;
    }
    let a = &rules.attribution;
    let mut found: Vec<(usize, String)> = Vec::new();
    for re in [&a.before, &a.cited].into_iter().flatten() {
        for caps in re.captures_iter(s) {
            if let Some(src) = caps.name("source") {
                found.push((sentence.start + src.start(), src.as_str().to_string()));
            }
        }
    }
    if let Some(re) = &a.verbs {
        for caps in re.captures_iter(s) {
            let Some(verb) = caps.name("verb") else { continue };
            let before = s.get(..verb.start()).unwrap_or("");
            let cut = before
                .rfind([',', ';', ':', '“', '”', '"', '(', ')', '—', '–'])
                .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
            let phrase = before.get(cut..).unwrap_or("");
            let words: Vec<&str> = phrase.split_whitespace().collect();
            if words.is_empty() || words.len() > 7 {
                continue;
            }
            found.push((sentence.start + verb.start(), phrase.to_string()));
        }
    }
    found
        .into_iter()
        .filter_map(|(at, raw)| {
            let source = normalise_source(&raw);
            let lower = source.to_lowercase();
            if source.is_empty() || PRONOUNS.contains(&lower.as_str()) || source.chars().any(|c| c.is_ascii_digit()) {
                return None;
            }
            let resolved = titles.get(&lower).cloned().unwrap_or(source);
            Some((at.abs_diff(pos), resolved))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, s)| s)
}

/// True when byte `at` of sentence `s` sits inside an aside set off by a
/// pair of dashes or by parentheses: "the CSTO – a military alliance of
/// Russia, … – would dispatch forces". Such asides are the writer's own
/// background, not the speaker's words.
pub fn in_aside(s: &str, at: usize) -> bool {
    let (Some(before), Some(after)) = (s.get(..at), s.get(at..)) else { return false };
    let dashes = |t: &str| t.matches(['–', '—']).count() + t.matches(" - ").count();
    let open_parens = before.matches('(').count() > before.matches(')').count();
    (dashes(before) % 2 == 1 && dashes(after) >= 1) || (open_parens && after.contains(')'))
}

const MONTHS_AND_DAYS: [&str; 19] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Another event the sentence dates the figure to: (event id, reason).
pub fn other_event(sentence: &str, doc: &Document, rules: &RuleSet) -> Option<(String, String)> {
    let re = rules.events.year_regex.as_ref()?;
    let reference = doc.event_year?;
    let caps =
        re.captures_iter(sentence).find(|c| c.name("year").and_then(|y| y.as_str().parse::<i32>().ok()).is_some_and(|y| y != reference))?;
    let year = caps.name("year")?.as_str();
    let marker = caps.get(0).map_or("", |m| m.as_str());
    let place = rules.events.place_patterns.iter().find_map(|p| {
        p.captures_iter(sentence)
            .find_map(|c| c.name("place").map(|m| m.as_str().to_string()).filter(|p| !MONTHS_AND_DAYS.contains(&p.as_str())))
    });
    let slug = |s: &str| s.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect::<String>();
    let id = match &place {
        Some(p) => format!("{}-{year}", slug(p)),
        None => format!("other-{year}"),
    };
    let place_note = place.map(|p| format!(" in {p}")).unwrap_or_default();
    Some((id, format!("the sentence dates it \"{marker}\"{place_note}, not the article's event year {reference}")))
}

/// The date a figure at byte `at` of `sentence` holds for: the date or
/// weekday named in the sentence nearest to it (a date no later than
/// publication; a weekday as the last such day on or before publication),
/// else the publication date. A date belongs to the figure next to it: one with
/// another figure (`figures`, byte offsets in the sentence) between them
/// does not count ("deployed 250 rescuers, up from 120 on Monday": Monday
/// dates the 120, not the 250).
pub fn as_of(sentence: &str, doc: &Document, at: usize, figures: &[usize]) -> Option<NaiveDate> {
    let published = doc.published?;
    let reachable = |start: usize| {
        let (lo, hi) = if start < at { (start, at) } else { (at, start) };
        !figures.iter().any(|&f| f != at && lo < f && f < hi)
    };
    let nearest = |found: Vec<(usize, NaiveDate)>| {
        found
            .into_iter()
            .filter(|&(start, d)| d <= published && reachable(start))
            .min_by_key(|&(start, _)| start.abs_diff(at))
            .map(|(_, d)| d)
    };
    let mut found: Vec<(usize, NaiveDate)> =
        dates::find_dates(sentence, Some(published.year_ce().1 as i32)).into_iter().map(|d| (d.span.start, d.date)).collect();
    found.extend(dates::find_weekdays(sentence).into_iter().map(|(span, wd)| (span.start, dates::weekday_on_or_before(published, wd))));
    nearest(found).or(Some(published))
}

use chrono::Datelike;

#[cfg(test)]
mod tests {
    use super::{as_of, in_aside};
    use crate::model::Document;
    use chrono::NaiveDate;

    #[test]
    fn a_date_dates_the_figure_next_to_it() {
        let mut doc = Document::from_text("d", "e", "");
        doc.published = NaiveDate::from_ymd_opt(2025, 3, 11); // a Tuesday
        let s = "Authorities deployed 250 rescuers overnight, up from 120 on Monday.";
        let figures = [s.find("250").unwrap(), s.find("120").unwrap()];
        let monday = NaiveDate::from_ymd_opt(2025, 3, 10);
        assert_eq!(as_of(s, &doc, figures[0], &figures), doc.published, "Monday is the 120's");
        assert_eq!(as_of(s, &doc, figures[1], &figures), monday);
        let s = "On Monday, 120 rescuers were deployed; on January 8 there were 90.";
        let figures = [s.find("120").unwrap(), s.find("90").unwrap()];
        assert_eq!(as_of(s, &doc, figures[0], &figures), monday);
        assert_eq!(as_of(s, &doc, figures[1], &figures), NaiveDate::from_ymd_opt(2025, 1, 8));
    }

    #[test]
    fn asides_are_dash_pairs_or_parentheses() {
        let s = "The PM said the CSTO – an alliance of Russia and Belarus – would act (with 2,000 troops) soon.";
        assert!(in_aside(s, s.find("Russia").unwrap()));
        assert!(!in_aside(s, s.find("would").unwrap()));
        assert!(in_aside(s, s.find("2,000").unwrap()));
        assert!(!in_aside(s, s.find("PM").unwrap()));
        assert!(!in_aside("a – b", 4), "one dash opens no aside after it");
        assert!(!in_aside(s, 9999));
    }
}
