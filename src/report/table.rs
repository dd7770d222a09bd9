//! The terminal table: a header, a summary, one row per topic (most severe
//! verdict first), topics of other events in a second table, skipped files.
//!
//! Cells are wrapped here, before comfy-table sees them, so figure lines
//! keep a hanging indent and the whole output fits `width` columns. Text
//! from articles is stripped of terminal control sequences
//! ([`super::sanitize`]); colour (verdict cells only) is opt-in.

use super::format;
use super::index::{Index, TopicView};
use super::model::summarize;
use super::sanitize;
use super::{RenderOptions, VerdictFilter};
use crate::model::{Analysis, Claim, Document, Finding, Topic, Verdict};
use comfy_table::{modifiers::UTF8_ROUND_CORNERS, presets::UTF8_FULL, Cell, Color, ContentArrangement, Table};
use std::collections::HashMap;

/// Header of the figures column.
const FIGURES_HEADER: &str = "Figures (outlet · date · source)";
/// Widest the topic column gets before labels wrap at `/`.
const TOPIC_MAX: usize = 22;
/// Widest the verdict column gets before verdict lines wrap.
const VERDICT_MAX: usize = 20;
/// Borders and padding of a three-column table: 4 rules + 2 × 3 padding.
const TABLE_CHROME: usize = 10;
/// Title of the second table.
const OTHER_EVENTS: &str = "Other events (not compared with the main event)";

/// Render the analysis as text tables fitting `width` columns, without
/// colour.
pub fn render(analysis: &Analysis, width: u16) -> String {
    render_styled(analysis, width, false)
}

/// Render the analysis as text tables fitting `width` columns; with
/// `color`, verdict cells are coloured with ANSI escapes (the layout is the
/// same).
pub fn render_styled(analysis: &Analysis, width: u16, color: bool) -> String {
    render_with(analysis, &RenderOptions { width, color, only: VerdictFilter::ALL })
}

/// Render the analysis as text tables as `options` say: width, colour and
/// the topics listed (the summary counts every topic; a filtered table
/// says how many it lists).
pub fn render_with(analysis: &Analysis, options: &RenderOptions) -> String {
    let width = options.width;
    let width_chars = usize::from(width).max(40);
    let view = View { ix: Index::new(analysis), color: options.color };
    let main = view.ix.main_event();
    let mut out: Vec<String> = Vec::new();

    out.extend(wrap(&sanitize::terminal(&header_line(analysis, main)), width_chars, 2));
    for line in summary_lines(analysis) {
        out.extend(wrap(&line, width_chars, 2));
    }

    // main event first, most severe first
    let (rows, judged) = view.ix.listed_topics(options.only);
    if let Some(line) = options.only.listing_line(rows.len(), judged) {
        out.extend(wrap(&line, width_chars, 2));
    }
    let (other_rows, main_rows): (Vec<&TopicView>, Vec<&TopicView>) = rows.iter().partition(|r| view.ix.is_other_event(&r.topic));
    if rows.is_empty() {
        out.push(String::new());
        out.push(if options.only.is_all() { "No claims to compare." } else { options.only.nothing_listed() }.to_string());
    }
    if !main_rows.is_empty() {
        out.push(String::new());
        out.push(view.table(&main_rows, main, width));
    }
    if !other_rows.is_empty() {
        out.push(String::new());
        out.extend(wrap(OTHER_EVENTS, width_chars, 2));
        out.push(view.table(&other_rows, main, width));
    }

    if !analysis.skipped.is_empty() {
        out.push(String::new());
        out.push(format!("Skipped {}:", format::plural(analysis.skipped.len(), "file", "files")));
        for s in &analysis.skipped {
            let line = sanitize::terminal(&format!("{}: {}", s.path.display(), s.reason)).into_owned();
            out.extend(wrap(&line, width_chars - 2, 2).into_iter().map(|l| format!("  {l}")));
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// The event most documents report on (ties: the first in id order);
/// without documents, the event of the first finding or claim.
pub fn main_event(analysis: &Analysis) -> Option<String> {
    // (count, first position) by event: a hash map, as every document may
    // name an event of its own (a scan of the list per document was
    // quadratic: 60,000 one-document events took 12 s)
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (at, d) in analysis.documents.iter().enumerate() {
        counts.entry(d.event.as_str()).or_insert((0, at)).0 += 1;
    }
    // the most documents; of those, the event seen first
    let best = counts.into_iter().max_by_key(|&(_, (n, first))| (n, std::cmp::Reverse(first))).map(|(e, _)| e.to_string());
    best.or_else(|| analysis.findings.first().map(|f| f.topic.event.clone())).or_else(|| analysis.claims.first().map(|c| c.event.clone()))
}

fn header_line(analysis: &Analysis, main: Option<&str>) -> String {
    let event = main.unwrap_or("(no event)");
    let dates: Vec<_> = analysis.documents.iter().filter_map(|d| d.published).collect();
    match (dates.iter().min(), dates.iter().max()) {
        (Some(first), Some(last)) if first != last => {
            format!("Event: {event} · articles dated {first} to {last}")
        }
        (Some(first), _) => format!("Event: {event} · articles dated {first}"),
        _ => format!("Event: {event}"),
    }
}

fn summary_lines(analysis: &Analysis) -> Vec<String> {
    let s = summarize(analysis);
    let mut first = format::plural(s.documents, "document", "documents");
    if s.copies > 0 {
        first.push_str(&format!(" ({})", format::plural(s.copies, "copy", "copies")));
    }
    first.push_str(&format!(" · {}", format::plural(s.claims, "claim", "claims")));
    if s.derived > 0 {
        first.push_str(&format!(" (+{} derived)", s.derived));
    }
    first.push_str(&format!(" · {}", format::plural(s.topics, "topic", "topics")));
    if s.skipped > 0 {
        first.push_str(&format!(" · {} skipped", s.skipped));
    }
    let counts = [
        (s.conflict, format::plural(s.conflict, "conflict", "conflicts")),
        (s.update, format::plural(s.update, "update", "updates")),
        (s.agree, format!("{} agree", s.agree)),
        (s.same_source, format!("{} same source", s.same_source)),
        (s.single_source, format!("{} single source", s.single_source)),
    ];
    let parts: Vec<String> = counts.into_iter().filter(|(n, _)| *n > 0).map(|(_, text)| text).collect();
    let second = if parts.is_empty() {
        "No findings.".to_string()
    } else {
        format!("{}: {}", format::plural(s.findings, "finding", "findings"), parts.join(" · "))
    };
    vec![first, second]
}

/// The table's lookups over the analysis.
struct View<'a> {
    ix: Index<'a>,
    color: bool,
}

impl<'a> View<'a> {
    fn table(&self, rows: &[&TopicView<'a>], main: Option<&str>, width: u16) -> String {
        let budget = usize::from(width).saturating_sub(TABLE_CHROME);
        let topics: Vec<Vec<String>> = rows.iter().map(|r| topic_cell(&r.topic, main)).collect();
        let verdicts: Vec<Vec<String>> = rows.iter().map(|r| self.verdict_cell(r)).collect();
        let topic_w = column_width(&topics, "Topic");
        let verdict_w = column_width(&verdicts, "Verdict");
        let figures_w = budget.saturating_sub(topic_w + verdict_w).max(16);

        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL)
            .apply_modifier(UTF8_ROUND_CORNERS)
            .force_no_tty()
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width)
            .set_header(vec!["Topic", FIGURES_HEADER, "Verdict"]);
        if self.color {
            table.enforce_styling();
        }
        for ((row, topic), verdict) in rows.iter().zip(topics).zip(verdicts) {
            let figures = self.figures_cell(row, figures_w);
            let mut verdict = Cell::new(verdict.join("\n"));
            if let Some(color) = row.worst().map(verdict_color) {
                verdict = verdict.fg(color);
            }
            table.add_row(vec![Cell::new(topic.join("\n")), Cell::new(figures.join("\n")), verdict]);
        }
        table.to_string()
    }

    fn figures_cell(&self, row: &TopicView<'a>, width: usize) -> Vec<String> {
        let figures: Vec<String> = row.claims.iter().map(|c| self.ix.figure(c)).collect();
        let pad = figures.iter().map(|f| f.chars().count()).max().unwrap_or(0);
        let mut lines = Vec::new();
        for (c, fig) in row.claims.iter().zip(&figures) {
            let segments = self.details(c);
            let indent = pad + 2;
            if width >= indent + 12 {
                let details = wrap_segments(&segments, width - indent);
                for (i, line) in details.iter().enumerate() {
                    let head = if i == 0 { fig.as_str() } else { "" };
                    lines.push(format!("{head:<pad$}  {line}").trim_end().to_string());
                }
                if details.is_empty() {
                    lines.push(fig.clone());
                }
            } else {
                // Too narrow for a hanging indent: figure, then details.
                lines.extend(wrap(fig, width, 2));
                for line in wrap_segments(&segments, width.saturating_sub(2).max(1)) {
                    lines.push(format!("  {line}"));
                }
            }
        }
        lines
    }

    /// `[outlet, date, source]`, the missing ones left out, safe for a
    /// terminal.
    fn details(&self, c: &Claim) -> Vec<String> {
        self.raw_details(c).into_iter().map(|s| sanitize::terminal(&s).into_owned()).collect()
    }

    fn raw_details(&self, c: &Claim) -> Vec<String> {
        let doc = self.ix.document(&c.document);
        let mut out = vec![self.outlet(doc, &c.document)];
        if let Some(date) = c.as_of.or(doc.and_then(|d| d.published)) {
            out.push(date.to_string());
        }
        if let Some(source) = self.ix.source(c) {
            out.push(source);
        }
        // a figure given as a lowering of an earlier one says so, since
        // its update is a fall
        if let Some(words) = &c.lowered {
            out.push(format!("↓ {words}"));
        }
        out
    }

    /// Outlet name, else the short document id; copies say what they copy.
    fn outlet(&self, doc: Option<&Document>, id: &str) -> String {
        let Some(doc) = doc else {
            return short_id(id);
        };
        match (&doc.outlet, &doc.duplicate_of) {
            (Some(name), None) => name.clone(),
            (None, None) => short_id(&doc.id),
            (Some(name), Some(original)) => format!("{name} (copy of {})", short_id(original)),
            (None, Some(original)) => {
                let of = self.ix.document(original).and_then(|o| o.outlet.clone()).unwrap_or_else(|| short_id(original));
                format!("{} (copy of {of})", short_id(&doc.id))
            }
        }
    }

    /// One line per finding, most severe first: `CONFLICT 18 → 16`.
    fn verdict_cell(&self, row: &TopicView<'a>) -> Vec<String> {
        if row.findings.is_empty() {
            return vec!["—".to_string()];
        }
        // the topic's findings come most severe first
        row.findings.iter().flat_map(|f| self.verdict_lines(f)).flat_map(|line| wrap(&line, VERDICT_MAX, 2)).collect()
    }

    /// `CONFLICT 18 → 16`, `AGREE 6 = 6`, `SAME SOURCE` + `2 copies`.
    fn verdict_lines(&self, f: &Finding) -> Vec<String> {
        let name = f.verdict.as_str().replace('_', " ").to_uppercase();
        let figures: Vec<String> = f.claims.iter().filter_map(|id| self.ix.claim(id)).map(|c| format::figure(&c.quantity)).collect();
        let mut chain = figures.clone();
        chain.dedup();
        let arithmetic = match f.verdict {
            Verdict::Conflict | Verdict::Update if chain.len() > 1 => chain.join(" → "),
            Verdict::Agree if figures.len() > 1 => figures.join(if chain.len() == 1 { " = " } else { " ≈ " }),
            Verdict::SameSource => {
                let mut docs: Vec<&str> = f.claims.iter().filter_map(|id| self.ix.claim(id)).map(|c| c.document.as_str()).collect();
                docs.sort_unstable();
                docs.dedup();
                if docs.len() > 1 {
                    return vec![name, format!("{} copies", docs.len())];
                }
                String::new()
            }
            _ => String::new(),
        };
        // two sources of one article that disagree ([`crate::align`])
        let mut documents = f.claims.iter().filter_map(|id| self.ix.claim(id)).map(|c| c.document.as_str());
        let first = documents.next();
        let one_article = f.verdict == Verdict::Conflict && f.claims.len() > 1 && documents.all(|d| Some(d) == first);
        let arithmetic = if one_article { format!("{arithmetic} (one article)") } else { arithmetic };
        if arithmetic.is_empty() {
            vec![name]
        } else {
            vec![format!("{name} {arithmetic}")]
        }
    }
}

/// The colour of a verdict in a coloured table.
fn verdict_color(v: Verdict) -> Color {
    match v {
        Verdict::Conflict => Color::Red,
        Verdict::Update => Color::Yellow,
        Verdict::Agree => Color::Green,
        Verdict::SameSource => Color::Blue,
        Verdict::SingleSource => Color::Magenta,
    }
}

/// `kind/group`, wrapped after the `/` when too wide, and the event on its
/// own line when it is not the main event; safe for a terminal (an event
/// comes from an article's front matter, a kind or group from a rule file).
fn topic_cell(topic: &Topic, main: Option<&str>) -> Vec<String> {
    let clean = |s: &str| sanitize::terminal(s).into_owned();
    let (kind, group) = (clean(&topic.kind), clean(&topic.group));
    let label = format!("{kind}/{group}");
    let mut lines = if label.chars().count() <= TOPIC_MAX {
        vec![label]
    } else {
        let mut lines = wrap(&format!("{kind}/"), TOPIC_MAX, 0);
        lines.extend(wrap(&group, TOPIC_MAX, 0));
        lines
    };
    if main.is_some_and(|m| m != topic.event) {
        lines.extend(wrap(&clean(&topic.event), TOPIC_MAX, 0));
    }
    lines
}

/// The widest line of a column, header included.
fn column_width(cells: &[Vec<String>], header: &str) -> usize {
    cells.iter().flatten().map(|l| l.chars().count()).chain(std::iter::once(header.chars().count())).max().unwrap_or(0)
}

/// `001_9fe7e48c4840678f` → `001_9fe7…`; other long ids cut at 12 chars.
fn short_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 12 {
        return id.to_string();
    }
    let keep = match chars.iter().position(|&c| c == '_') {
        Some(p) if p < 8 => p + 5,
        _ => 12,
    };
    let mut out: String = chars.iter().take(keep).collect();
    out.push('…');
    out
}

/// Join segments with ` · `, starting a new line rather than splitting a
/// segment; a segment wider than `width` is word-wrapped on its own.
fn wrap_segments(segments: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for seg in segments {
        let candidate = if current.is_empty() { seg.clone() } else { format!("{current} · {seg}") };
        if candidate.chars().count() <= width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            // Keep the separator at the line end when it fits.
            if current.chars().count() + 2 <= width {
                current.push_str(" ·");
            }
            lines.push(current);
        }
        let mut pieces = wrap(seg, width, 0);
        current = pieces.pop().unwrap_or_default();
        lines.extend(pieces);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Greedy word wrap to `width` characters; continuation lines are indented
/// by `indent` spaces; words wider than a line are split.
fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let width = width.max(1);
    let indent = if indent * 2 >= width { 0 } else { indent };
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut len = 0;
    // No word on the current line yet.
    let mut fresh = true;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while !word.is_empty() {
            let need = if fresh { word.len() } else { word.len() + 1 };
            if len + need <= width {
                if !fresh {
                    current.push(' ');
                    len += 1;
                }
                current.extend(word.iter());
                len += word.len();
                fresh = false;
                break;
            }
            if !fresh {
                lines.push(std::mem::replace(&mut current, " ".repeat(indent)));
                len = indent;
                fresh = true;
                continue;
            }
            // Alone on a line and still too wide: split the word.
            let take = width.saturating_sub(len).max(1).min(word.len());
            let rest = word.split_off(take);
            current.extend(word.iter());
            lines.push(std::mem::replace(&mut current, " ".repeat(indent)));
            len = indent;
            word = rest;
        }
    }
    if !fresh || lines.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample;

    fn assert_fits(text: &str, width: usize) {
        for line in text.lines() {
            let n = line.chars().count();
            assert!(n <= width, "line of {n} chars > {width}:\n{line}\n\n{text}");
        }
    }

    #[test]
    fn fits_100_columns() {
        assert_fits(&render(&sample(), 100), 100);
    }

    #[test]
    fn fits_narrower_terminals() {
        for width in [60u16, 72, 80, 120] {
            assert_fits(&render(&sample(), width), usize::from(width));
        }
    }

    #[test]
    fn rows_ordered_by_severity_then_label() {
        let text = render(&sample(), 100);
        let pos = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle} missing from\n{text}"));
        let order = [
            "killed/security_forces", // conflict
            "injured/",               // update (label wrapped)
            "killed/total ",          // update (main event)
            "damage_usd/unspecified", // single source…
            "killed/armed_criminals",
            "member_states/sco",
            "troops/csto",
            "aircraft/unspecified", // same source
            "member_states/csto",   // agree
            "arrested/total",       // not judged
        ];
        let positions: Vec<usize> = order.iter().map(|n| pos(n)).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}\n{text}");
    }

    #[test]
    fn other_event_in_second_table() {
        let text = render(&sample(), 100);
        let title = text.find(OTHER_EVENTS).expect("second table title");
        let other = text.find("zhanaozen-2011").expect("other event shown");
        assert!(other > title);
        // Only one Zhanaozen figure, and it is under the title.
        assert_eq!(text.matches("zhanaozen-2011").count(), 1);
        assert!(text[title..].contains("≥16"));
        assert!(!text[..title].contains("≥16"));
    }

    #[test]
    fn verdicts_with_arithmetic() {
        let text = render(&sample(), 100);
        for needle in [
            "CONFLICT 18 → 16",
            "UPDATE 8 → 18",
            "UPDATE ≥44 → 164",
            "UPDATE 317 → >1,300",
            "AGREE 6 = 6",
            "SAME SOURCE  ",
            "2 copies",
            "SINGLE SOURCE",
        ] {
            assert!(text.contains(needle), "{needle} missing from\n{text}");
        }
        // Conflict listed before the update in the same row.
        assert!(text.find("CONFLICT 18 → 16") < text.find("UPDATE 8 → 18"));
    }

    #[test]
    fn figures_outlets_and_copies() {
        let text = render(&sample(), 100);
        for needle in
            ["≥44 = 26 + 18", "2–3 billion", "2,030", "Xinhua · 2022-01-11 · Tokayev", "000_bfbf… (copy of South China Morning Post)"]
        {
            assert!(text.contains(needle), "{needle} missing from\n{text}");
        }
    }

    #[test]
    fn a_lowered_figure_says_so() {
        let mut a = sample();
        let text = render(&a, 100);
        assert!(!text.contains('↓'), "{text}");
        if let Some(c) = a.claims.first_mut() {
            c.lowered = Some("revised down".into());
        }
        let text = render(&a, 100);
        assert!(text.contains("↓ revised down"), "{text}");
    }

    #[test]
    fn header_summary_and_skipped() {
        let text = render(&sample(), 100);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Event: kazakhstan-2022 · articles dated 2022-01-06 to 2022-01-11");
        assert_eq!(lines[1], "5 documents (1 copy) · 16 claims (+1 derived) · 10 topics · 1 skipped");
        assert_eq!(lines[2], "11 findings: 1 conflict · 3 updates · 1 agree · 1 same source · 5 single source");
        assert!(text.contains("Skipped 1 file:\n  corpus/kazakhstan-2022/notes.pdf: not UTF-8"));
        assert!(text.ends_with('\n'));
    }

    #[test]
    fn empty_analysis() {
        let text = render(&Analysis::default(), 100);
        assert!(text.contains("No claims to compare."));
        assert!(text.contains("No findings."));
    }

    #[test]
    fn topics_from_front_matter_or_rules_are_stripped_of_escapes() {
        let mut a = sample();
        for c in a.claims.iter_mut().filter(|c| c.event != "kazakhstan-2022") {
            c.event = "zz\u{1b}[31m\u{202e}RED\u{1b}]0;title\u{7}".into();
            c.group = "g\u{1b}[2J".into();
        }
        for f in a.findings.iter_mut().filter(|f| f.topic.event != "kazakhstan-2022") {
            f.topic.event = "zz\u{1b}[31m\u{202e}RED\u{1b}]0;title\u{7}".into();
            f.topic.group = "g\u{1b}[2J".into();
        }
        let text = render(&a, 100);
        assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{text}");
        assert!(text.contains("killed/g") && text.contains("zzRED"), "{text}");
        assert_fits(&text, 100);
    }

    #[test]
    fn main_event_is_the_commonest() {
        let mut a = sample();
        assert_eq!(main_event(&a).as_deref(), Some("kazakhstan-2022"));
        for d in a.documents.iter_mut().take(3) {
            d.event = "other".into();
        }
        assert_eq!(main_event(&a).as_deref(), Some("other"));
    }

    #[test]
    fn wrapping_helpers() {
        assert_eq!(wrap("aaa bbb ccc", 7, 2), vec!["aaa bbb", "  ccc"]);
        assert_eq!(wrap("abcdefghij", 4, 0), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10, 0), vec![""]);
        let segs: Vec<String> = ["The Guardian", "2022-01-06", "interior ministry"].iter().map(|s| s.to_string()).collect();
        assert_eq!(wrap_segments(&segs, 30), vec!["The Guardian · 2022-01-06 ·", "interior ministry"]);
        assert_eq!(short_id("001_9fe7e48c4840678f"), "001_9fe7…");
        assert_eq!(short_id("stdin"), "stdin");
    }

    #[test]
    fn colour_only_when_asked() {
        let plain = render(&sample(), 100);
        assert!(!plain.contains('\u{1b}'));
        let coloured = render_styled(&sample(), 100, true);
        assert!(coloured.contains("\u{1b}["), "{coloured}");
        // Same text once the escapes are stripped.
        assert_eq!(sanitize::terminal(&coloured), plain);
    }

    #[test]
    fn article_text_cannot_drive_the_terminal() {
        let mut a = sample();
        a.documents[1].outlet = Some("Evil\u{1b}]0;title\u{7} \u{1b}[2JOutlet".into());
        a.claims[4].attribution = Some("the \u{1b}[31mministry\u{9b}0m".into());
        a.skipped[0].reason = "bad\u{1b}[1A".into();
        let text = render(&a, 100);
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
        assert!(text.contains("Evil Outlet"));
        assert!(text.contains("the ministry"));
    }

    #[test]
    fn snapshot() {
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("../../snapshots");
        settings.bind(|| insta::assert_snapshot!("table_kazakhstan_100", render(&sample(), 100)));
    }
}
