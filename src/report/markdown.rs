//! The Markdown report, for a newsroom wiki: summary, a findings table
//! (one row per finding) and per-topic detail (one row per claim, with the
//! quote and a link to the article). Everything from articles is escaped,
//! so a quote cannot break the table or inject HTML or links.

use super::filter::VerdictFilter;
use super::format;
use super::index::{topic_pieces, Index, TopicPiece, TopicView};
use super::model::summarize;
use super::sanitize;
use super::sink::{self, Sink};
use crate::model::{Analysis, Claim, Finding, Topic, Verdict};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// Render the analysis as CommonMark/GFM with a trailing newline.
pub fn render(analysis: &Analysis) -> String {
    render_only(analysis, VerdictFilter::ALL)
}

/// [`render`], listing only the topics `only` lets through (the summary
/// counts every topic; a filtered report says how many it lists).
pub fn render_only(analysis: &Analysis, only: VerdictFilter) -> String {
    sink::to_string(|to| write_only(analysis, only, to))
}

/// [`render_only`], written into `to` as it is made.
pub fn write_only(analysis: &Analysis, only: VerdictFilter, to: &mut dyn std::io::Write) -> std::io::Result<()> {
    let ix = Index::new(analysis);
    let (topics, judged) = ix.listed_topics(only);
    let anchors = Anchors::new(&topics);
    let mut out = Sink::new(to);
    let event = ix.main_event().unwrap_or("(no event)").to_string();
    out.push_str(&format!("# Crosscheck report: {}\n\n", esc(&event)));
    summary(analysis, &mut out);
    if let Some(line) = only.listing_line(topics.len(), judged) {
        out.push_str(&format!("_{line}_\n\n"));
    }

    out.push_str("## Findings\n\n");
    let findings: Vec<&Finding> = topics.iter().flat_map(|t| t.findings.iter().copied()).collect();
    if findings.is_empty() {
        out.push_str(&format!("{}\n\n", only.nothing_listed()));
    } else {
        out.push_str("| Topic | Verdict | Figures | Note |\n| --- | --- | --- | --- |\n");
        out.push_each(&findings, |f, out| {
            let anchor = anchors.of(&f.topic);
            let figures: Vec<String> = f.claims.iter().filter_map(|id| ix.claim(id)).map(|c| figure_with_origin(&ix, c)).collect();
            let _ = writeln!(
                out,
                "| [`{}`](#{anchor}){} | {} | {} | {} |",
                code(&f.topic.label()),
                other_event_suffix(&ix, f),
                verdict_label(f.verdict),
                figures.join(" → "),
                esc(&f.note)
            );
        });
        out.push('\n');
    }

    let (main, other): (Vec<&TopicView>, Vec<&TopicView>) = topics.iter().partition(|t| !ix.is_other_event(&t.topic));
    out.push_str("## Topics\n\n");
    topics_section(&ix, &main, &anchors, &mut out);
    if !other.is_empty() {
        out.push_str("## Other events (not compared with the main event)\n\n");
        topics_section(&ix, &other, &anchors, &mut out);
    }
    if !analysis.skipped.is_empty() {
        out.push_str("## Skipped files\n\n");
        for s in &analysis.skipped {
            out.push_str(&format!("- `{}`: {}\n", code(&s.path.display().to_string()), esc(&s.reason)));
        }
        out.push('\n');
    }
    // One trailing newline.
    out.end_with_one_newline();
    out.finish()
}

fn summary(analysis: &Analysis, out: &mut Sink) {
    let s = summarize(analysis);
    let dates: Vec<_> = analysis.documents.iter().filter_map(|d| d.published).collect();
    if let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) {
        out.push_str(&format!("Articles dated {first} to {last}. "));
    }
    out.push_str(&format!(
        "{} ({}), {} (+{} derived), {}, {}.\n\n",
        format::plural(s.documents, "document", "documents"),
        format::plural(s.copies, "copy", "copies"),
        format::plural(s.claims, "claim", "claims"),
        s.derived,
        format::plural(s.topics, "topic", "topics"),
        format::plural(s.skipped, "skipped file", "skipped files")
    ));
    out.push_str("| Verdict | Findings |\n| --- | ---: |\n");
    for (v, n) in [
        (Verdict::Conflict, s.conflict),
        (Verdict::Update, s.update),
        (Verdict::Agree, s.agree),
        (Verdict::SameSource, s.same_source),
        (Verdict::SingleSource, s.single_source),
    ] {
        out.push_str(&format!("| {} | {n} |\n", verdict_label(v)));
    }
    out.push('\n');
}

/// The topics, each with its table of claims.
fn topics_section(ix: &Index, topics: &[&TopicView], anchors: &Anchors, out: &mut Sink) {
    out.push_each(&topic_pieces(topics), |piece, out| match piece {
        TopicPiece::Opening(t) => topic_opening(t, anchors, out),
        TopicPiece::Claim(c) => claim_row(ix, c, out),
        TopicPiece::Closing => out.push('\n'),
    });
}

fn topic_opening(t: &TopicView, anchors: &Anchors, out: &mut String) {
    let _ = write!(out, "### `{}` · {} <a id=\"{}\"></a>\n\n", code(&t.topic.label()), esc(&t.topic.event), anchors.of(&t.topic));
    if t.findings.is_empty() {
        out.push_str("Not judged.\n\n");
    }
    for f in &t.findings {
        let _ = writeln!(out, "- {}: {}", verdict_label(f.verdict), esc(&f.note));
    }
    if !t.findings.is_empty() {
        out.push('\n');
    }
    out.push_str("| Figure | Outlet | Date | Source | Quote | Claim |\n| --- | --- | --- | --- | --- | --- |\n");
}

fn claim_row(ix: &Index, c: &Claim, out: &mut String) {
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | “{}” | `{}` line {} |",
        esc(&ix.figure(c)),
        outlet_cell(ix, c),
        ix.date(c).map_or_else(|| "undated".to_string(), |d| d.to_string()),
        ix.source(c).map_or_else(|| "—".to_string(), |s| esc(&s)),
        esc(&c.quote),
        code(&c.id),
        c.evidence.line
    );
    if let Some(reason) = &c.event_reason {
        let _ = writeln!(out, "| | | | | *another event: {}* | |", esc(reason));
    }
}

/// `18 (South China Morning Post, 2022-01-08)`.
fn figure_with_origin(ix: &Index, c: &Claim) -> String {
    let date = ix.date(c).map(|d| format!(", {d}")).unwrap_or_default();
    format!("{} ({}{date})", esc(&ix.figure(c)), esc(&ix.origin(&c.document)))
}

/// The outlet, linked to the article when its URL is http(s).
fn outlet_cell(ix: &Index, c: &Claim) -> String {
    let name = esc(&ix.outlet(&c.document));
    let doc = ix.document(&c.document);
    let copy = doc.and_then(|d| d.duplicate_of.as_deref()).map(|o| format!(" (copy of {})", esc(&ix.outlet(o)))).unwrap_or_default();
    match doc.and_then(|d| d.url.as_deref()).filter(|u| super::html::is_web_url(u)) {
        Some(url) => format!("[{name}](<{}>){copy}", url_in_angle_brackets(url)),
        None => format!("{name}{copy}"),
    }
}

/// ` (zhanaozen-2011)` for a finding on another event, else nothing.
fn other_event_suffix(ix: &Index, f: &Finding) -> String {
    if ix.is_other_event(&f.topic) {
        format!(" ({})", esc(&f.topic.event))
    } else {
        String::new()
    }
}

/// `**CONFLICT**`, `**SINGLE SOURCE**`.
fn verdict_label(v: Verdict) -> String {
    format!("**{}**", v.as_str().replace('_', " ").to_uppercase())
}

/// A stable anchor id: `topic-<event>-<kind>-<group>`, lower-case
/// alphanumerics, `-` and `_` only. Topics whose names differ only in
/// punctuation or case get the same one: [`Anchors`] makes them unique.
pub fn anchor(event: &str, label: &str) -> String {
    let raw = format!("topic-{event}-{label}");
    raw.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c.to_ascii_lowercase() } else { '-' }).collect()
}

/// The anchor ids of one report's topics, unique within the page: each
/// topic's [`anchor`], and for a topic whose anchor an earlier one (in
/// report order) already has, that anchor with `-2`, `-3`… appended. The
/// same topics always get the same ids, and links and sections ask here.
#[derive(Debug, Default)]
pub struct Anchors {
    ids: HashMap<Topic, String>,
}

impl Anchors {
    /// The ids of `topics`, given in the order the report shows them.
    pub fn new(topics: &[TopicView]) -> Self {
        let mut used: HashSet<String> = HashSet::new();
        let mut ids = HashMap::new();
        for t in topics {
            if ids.contains_key(&t.topic) {
                continue;
            }
            let base = anchor(&t.topic.event, &t.topic.label());
            let mut id = base.clone();
            let mut n = 1;
            while used.contains(&id) {
                n += 1;
                id = format!("{base}-{n}");
            }
            used.insert(id.clone());
            ids.insert(t.topic.clone(), id);
        }
        Anchors { ids }
    }

    /// The id of `topic`; its plain [`anchor`] if it is not one of the
    /// report's topics.
    pub fn of(&self, topic: &Topic) -> String {
        self.ids.get(topic).cloned().unwrap_or_else(|| anchor(&topic.event, &topic.label()))
    }
}

/// Escapes text for inline Markdown inside a table cell: control
/// characters removed, whitespace collapsed; the punctuation that can
/// start emphasis, code, links, HTML or a cell break backslash-escaped
/// (`( ) # !` are inert once `[`, `]` and line starts are out of reach);
/// `&` as an entity.
pub fn esc(text: &str) -> String {
    let clean = sanitize::terminal(text);
    let mut out = String::with_capacity(clean.len());
    for word in clean.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
    }
    out
}

/// Text inside a code span: backticks and pipes cannot be escaped there,
/// so they are replaced; control characters removed.
fn code(text: &str) -> String {
    sanitize::terminal(text).split_whitespace().collect::<Vec<_>>().join(" ").replace('`', "'").replace('|', "¦")
}

/// A URL inside `<…>`: spaces, `<`, `>`, `|` and `\\` percent-encoded.
fn url_in_angle_brackets(url: &str) -> String {
    url.chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '<' => "%3C".to_string(),
            '>' => "%3E".to_string(),
            '|' => "%7C".to_string(),
            // `\>` would escape the closing bracket and break the link
            '\\' => "%5C".to_string(),
            c if c.is_control() => String::new(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample;

    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(
            esc("a|b *c* <script>x</script> [l](http://e) & `t`"),
            "a\\|b \\*c\\* \\<script\\>x\\</script\\> \\[l\\](http://e) &amp; \\`t\\`"
        );
        assert_eq!(esc("line\nbreak\u{1b}[31m"), "line break");
        assert_eq!(code("a`b|c"), "a'b¦c");
        assert_eq!(anchor("kazakhstan-2022", "killed/security_forces"), "topic-kazakhstan-2022-killed-security_forces");
    }

    #[test]
    fn anchors_of_look_alike_topics_are_unique() {
        let text = render(&crate::report::html::tests::sample_with_look_alike_events());
        let ids: Vec<&str> = text.split("<a id=\"").skip(1).filter_map(|p| p.split('"').next()).collect();
        let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
        for link in text.split("](#").skip(1).filter_map(|p| p.split(')').next()) {
            assert!(unique.contains(link), "a link to no id: #{link}");
        }
        // the findings table links each event's row to its own section
        for event in ["kazakhstan.2022", "Kazakhstan 2022"] {
            let heading = format!("### `killed/security_forces` · {} <a id=\"", esc(event));
            let id = text.split(&heading).nth(1).and_then(|p| p.split('"').next()).unwrap();
            assert!(text.contains(&format!("| [`killed/security_forces`](#{id}) ({}) |", esc(event))), "{event}: #{id}\n{text}");
        }
    }

    #[test]
    fn a_backslash_cannot_escape_the_end_of_a_link() {
        let mut a = sample();
        let scmp = a.documents.iter_mut().find(|d| d.url.is_some()).unwrap();
        scmp.url = Some("https://x.org/a\\".into());
        let text = render(&a);
        assert!(text.contains("[South China Morning Post](<https://x.org/a%5C>)"), "{text}");
        assert_eq!(url_in_angle_brackets("https://x.org/a\\b c|"), "https://x.org/a%5Cb%20c%7C");
    }

    #[test]
    fn findings_table_and_topics() {
        let mut a = sample();
        a.claims[1].quote = "evil | quote <b>".into();
        let text = render(&a);
        assert!(text.starts_with("# Crosscheck report: kazakhstan-2022\n"));
        assert!(text.contains("| Topic | Verdict | Figures | Note |"));
        assert!(text.contains(
            "| [`killed/security_forces`](#topic-kazakhstan-2022-killed-security_forces) | **CONFLICT** | 18 (South China Morning Post, 2022-01-08) → 16 (Xinhua, 2022-01-11) |"
        ));
        assert!(text.contains("### `killed/security_forces` · kazakhstan-2022"));
        assert!(text.contains("“evil \\| quote \\<b\\>”"));
        assert!(text.contains("[South China Morning Post](<https://www.scmp.com/news/china/article/3162664>)"));
        assert!(text.contains("## Other events (not compared with the main event)"));
        assert!(text.contains("*another event: \"in December 2011\" in the sentence*"));
        assert!(text.contains("## Skipped files\n\n- `corpus/kazakhstan-2022/notes.pdf`: not UTF-8 text\n"));
        assert!(text.ends_with(")\n") || text.ends_with("|\n") || text.ends_with("text\n"));
        // Every table row has the same number of unescaped pipes as its header.
        for line in text.lines().filter(|l| l.starts_with("| ")) {
            let pipes = line.replace("\\|", "").matches('|').count();
            assert!(pipes == 3 || pipes == 5 || pipes == 7, "{pipes} pipes in {line}");
        }
    }
}
