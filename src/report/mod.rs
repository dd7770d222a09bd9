//! Rendering an [`crate::model::Analysis`]: the serde report model and one
//! renderer per format.
//!
//! - [`model`]: the [`model::Report`] JSON contract and [`model::build`].
//! - [`json`]: pretty JSON (schema: `schema/report.schema.json`).
//! - [`table`]: a terminal table, one row per topic, most severe first.
//! - [`markdown`], [`csv`](mod@csv), [`html`], [`claimreview`]: documents
//!   for a wiki, a spreadsheet, a browser and a fact-check publisher.
//! - [`filter`]: which topics the views for people list (`--only`).
//! - [`explain`]: why one claim was read as it was.
//! - [`diff`]: two JSON reports compared.
//! - [`format`](mod@format): figure formatting (`≥26`, `>1,300`, `2–3 billion`).
//! - [`sanitize`]: article text made safe for a terminal.

pub mod claimreview;
pub mod claims;
pub mod csv;
pub mod diff;
pub mod explain;
pub mod filter;
pub mod format;
pub mod html;
pub mod index;
pub mod json;
pub mod markdown;
pub mod model;
pub mod sanitize;
mod sink;
pub mod table;

use crate::model::Analysis;
pub use filter::VerdictFilter;
use std::fmt;
use std::str::FromStr;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// A terminal table for people.
    #[default]
    Table,
    /// The JSON report for programs.
    Json,
    /// Markdown for a newsroom wiki.
    Markdown,
    /// CSV, one row per claim, for a spreadsheet.
    Csv,
    /// One self-contained HTML page.
    Html,
    /// schema.org ClaimReview JSON-LD drafts for conflicting topics.
    ClaimReview,
}

impl Format {
    /// Every format, for help texts and `--format` value lists.
    pub const ALL: [Format; 6] = [Format::Table, Format::Json, Format::Markdown, Format::Csv, Format::Html, Format::ClaimReview];

    /// The lowercase name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::ClaimReview => "claimreview",
        }
    }

    /// Whether `--only` applies: the views for people (table, Markdown,
    /// HTML) list the topics it lets through; the machine-readable formats
    /// carry every finding.
    pub fn filterable(self) -> bool {
        matches!(self, Format::Table | Format::Markdown | Format::Html)
    }

    /// The usual file extension for this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::ClaimReview => "jsonld",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown format name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}` (expected table, json, markdown, csv, html or claimreview)")]
pub struct ParseFormatError(pub String);

impl FromStr for Format {
    type Err = ParseFormatError;

    /// A format name, case-insensitive.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL.into_iter().find(|f| f.as_str().eq_ignore_ascii_case(s.trim())).ok_or_else(|| ParseFormatError(s.to_string()))
    }
}

/// How to render for the place the output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Columns the table must fit (table and claims listing only).
    pub width: u16,
    /// Colour verdicts with ANSI escapes (table only).
    pub color: bool,
    /// The topics the table, Markdown and HTML list; the other formats
    /// take only [`VerdictFilter::ALL`].
    pub only: VerdictFilter,
}

impl Default for RenderOptions {
    /// 100 columns, no colour.
    fn default() -> Self {
        RenderOptions { width: 100, color: false, only: VerdictFilter::ALL }
    }
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Writing CSV failed.
    #[error(transparent)]
    Csv(#[from] csv::CsvError),
    /// Serialising JSON failed.
    #[error("serialising JSON")]
    Json(#[from] serde_json::Error),
    /// Writing the output failed.
    #[error("writing the output")]
    Io(#[from] std::io::Error),
    /// The format does not apply to this output (e.g. HTML for `claims`).
    #[error("format `{format}` is not available for {what} (use {supported})")]
    Unsupported {
        /// The format asked for.
        format: Format,
        /// What was being rendered.
        what: &'static str,
        /// The formats that are.
        supported: &'static str,
    },
    /// A verdict filter asked of a format that is not filtered.
    #[error("format `{0}` carries every finding and is not filtered by verdict (filter the table, markdown or html view)")]
    Unfiltered(Format),
}

/// Render an analysis in the given format.
pub fn render(analysis: &Analysis, format: Format, options: &RenderOptions) -> Result<String, RenderError> {
    if !options.only.is_all() && !format.filterable() {
        return Err(RenderError::Unfiltered(format));
    }
    Ok(match format {
        Format::Table => table::render_with(analysis, options),
        Format::Json => json::render(&model::build(analysis)),
        Format::Markdown => markdown::render_only(analysis, options.only),
        Format::Csv => csv::render(analysis)?,
        Format::Html => html::render_only(analysis, options.only),
        Format::ClaimReview => claimreview::render(analysis)?,
    })
}

/// Writes the report in `format` into `out`: as it is made for JSON, CSV,
/// Markdown, HTML and ClaimReview, whose text at 100,000 articles runs to
/// hundreds of MB; the table is laid out whole first (its columns' widths
/// depend on every row). The same text as [`render`].
pub fn write(analysis: &Analysis, format: Format, options: &RenderOptions, out: &mut dyn std::io::Write) -> Result<(), RenderError> {
    if !options.only.is_all() && !format.filterable() {
        return Err(RenderError::Unfiltered(format));
    }
    match format {
        Format::Table => out.write_all(table::render_with(analysis, options).as_bytes())?,
        Format::Json => write_json(analysis, out)?,
        Format::Markdown => markdown::write_only(analysis, options.only, out)?,
        Format::Csv => write_csv(analysis, out)?,
        Format::Html => html::write_only(analysis, options.only, out)?,
        Format::ClaimReview => claimreview::write(analysis, out)?,
    }
    Ok(())
}

/// Writes the JSON report to `out` as it is serialised (the same text as
/// [`render`] with [`Format::Json`], without holding it all).
pub fn write_json(analysis: &Analysis, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    json::write_analysis(analysis, out)
}

/// Writes the CSV report (the claims rows) to `out` row by row: the same
/// text as [`render`] with [`Format::Csv`], without holding it all.
pub fn write_csv(analysis: &Analysis, out: &mut dyn std::io::Write) -> Result<(), csv::CsvError> {
    csv::write(analysis, out)
}

/// Writes only the claims (the `claims` command) into `out` as they are
/// made: table, JSON or CSV. The same text as [`render_claims`].
pub fn write_claims(analysis: &Analysis, format: Format, options: &RenderOptions, out: &mut dyn std::io::Write) -> Result<(), RenderError> {
    match format {
        Format::Table => claims::write(analysis, options.width, out)?,
        Format::Json => json::write_claims(analysis, out)?,
        Format::Csv => write_csv(analysis, out)?,
        other => return Err(RenderError::Unsupported { format: other, what: "the claims listing", supported: "table, json or csv" }),
    }
    Ok(())
}

/// Renders only the claims (the `claims` command): table, JSON or CSV.
pub fn render_claims(analysis: &Analysis, format: Format, options: &RenderOptions) -> Result<String, RenderError> {
    match format {
        Format::Table => Ok(claims::render(analysis, options.width)),
        Format::Json => Ok(claims::render_json(analysis)),
        Format::Csv => Ok(csv::render(analysis)?),
        other => Err(RenderError::Unsupported { format: other, what: "the claims listing", supported: "table, json or csv" }),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::corpus::Skipped;
    use crate::model::{Claim, Document, Evidence, Finding, Qualifier, Quantity, Topic, Verdict};
    use chrono::NaiveDate;
    use std::path::PathBuf;

    const MAIN: &str = "kazakhstan-2022";
    const SCMP: &str = "001_9fe7e48c4840678f";
    pub(crate) const COPY: &str = "000_bfbfe2e5bbf9f5fe";
    const JPOST: &str = "002_540bc40392fe7a63";
    const GUARDIAN: &str = "003_257f5d5333b407ac";
    const XINHUA: &str = "004_6215933f19a96aa9";

    fn date(m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2022, m, d)
    }

    fn doc(id: &str, outlet: Option<&str>, published: Option<NaiveDate>) -> Document {
        Document {
            id: id.to_string(),
            path: PathBuf::from(format!("corpus/{MAIN}/{id}.txt")),
            outlet: outlet.map(str::to_string),
            url: None,
            published,
            title: Some(format!("Article {id}")),
            event: MAIN.to_string(),
            event_year: Some(2022),
            text: String::new(),
            masked_ranges: Vec::new(),
            duplicate_of: None,
        }
    }

    struct C {
        id: String,
        document: &'static str,
        topic: (&'static str, &'static str),
        quantity: Quantity,
        attribution: Option<&'static str>,
        quote: &'static str,
    }

    fn c(
        document: &'static str,
        n: &str,
        topic: (&'static str, &'static str),
        quantity: Quantity,
        attribution: Option<&'static str>,
        quote: &'static str,
    ) -> C {
        C { id: format!("{document}:{n}"), document, topic, quantity, attribution, quote }
    }

    fn claim(c: C, line: usize) -> Claim {
        Claim {
            id: c.id,
            document: c.document.to_string(),
            kind: c.topic.0.to_string(),
            group: c.topic.1.to_string(),
            quantity: c.quantity,
            event: MAIN.to_string(),
            attribution: c.attribution.map(str::to_string),
            as_of: None,
            quote: c.quote.to_string(),
            evidence: Evidence { span: 100..110, line, column: 5, sentence: 90..140 },
            rule: format!("frame/{}", c.topic.0),
            parts: Vec::new(),
            event_reason: None,
            how: String::new(),
            lowered: None,
            raised: None,
        }
    }

    fn q(qualifier: Qualifier, value: f64) -> Quantity {
        Quantity { qualifier, value, value_max: None }
    }

    fn finding(kind: &str, group: &str, verdict: Verdict, claims: &[&str], note: &str) -> Finding {
        finding_in(MAIN, kind, group, verdict, claims, note)
    }

    fn finding_in(event: &str, kind: &str, group: &str, verdict: Verdict, claims: &[&str], note: &str) -> Finding {
        Finding {
            topic: Topic { event: event.into(), kind: kind.into(), group: group.into() },
            verdict,
            claims: claims.iter().map(|s| s.to_string()).collect(),
            note: note.to_string(),
        }
    }

    /// A hand-built analysis resembling the Kazakhstan 2022 seed corpus.
    pub(crate) fn sample() -> Analysis {
        use Qualifier::*;
        let ex = Quantity::exact;
        let mut copy = doc(COPY, None, None);
        copy.duplicate_of = Some(SCMP.to_string());
        let mut scmp = doc(SCMP, Some("South China Morning Post"), date(1, 8));
        scmp.url = Some("https://www.scmp.com/news/china/article/3162664".into());
        let documents = vec![
            copy,
            scmp,
            doc(JPOST, Some("The Jerusalem Post"), date(1, 7)),
            doc(GUARDIAN, Some("The Guardian"), date(1, 6)),
            doc(XINHUA, Some("Xinhua"), date(1, 11)),
        ];

        let sf = ("killed", "security_forces");
        let ru = Some("Russia's defence ministry");
        let im = Some("interior ministry");
        let tk = Some("Tokayev");
        let read = vec![
            c(COPY, "1", ("aircraft", "unspecified"), ex(9.0), ru, "nine planes"),
            c(SCMP, "1", ("member_states", "csto"), ex(6.0), None, "six post-Soviet states"),
            c(SCMP, "2", ("aircraft", "unspecified"), ex(9.0), ru, "nine planes"),
            c(SCMP, "3", ("killed", "armed_criminals"), q(AtLeast, 26.0), im, "at least 26"),
            c(SCMP, "4", sf, ex(18.0), im, "18 security officers had been killed"),
            c(JPOST, "1", ("member_states", "sco"), ex(9.0), None, "one of the 9 members"),
            c(GUARDIAN, "1", ("member_states", "csto"), ex(6.0), None, "Russia, Belarus, …"),
            c(GUARDIAN, "2", ("injured", "security_forces"), ex(317.0), im, "317 police"),
            c(GUARDIAN, "3", sf, ex(8.0), im, "eight killed"),
            c(GUARDIAN, "4", ("killed", "total"), q(AtLeast, 16.0), None, "at least 16 people"),
            c(XINHUA, "1", ("troops", "csto"), ex(2030.0), tk, "2,030 peacekeeping troops"),
            c(XINHUA, "2", sf, ex(16.0), tk, "16 members of law enforcement"),
            c(XINHUA, "3", ("injured", "security_forces"), q(MoreThan, 1300.0), tk, "over 1,300"),
            c(XINHUA, "4", ("killed", "total"), ex(164.0), Some("Kazakh Health Ministry"), "164 people were killed"),
            c(
                XINHUA,
                "5",
                ("damage_usd", "unspecified"),
                Quantity { qualifier: Range, value: 2e9, value_max: Some(3e9) },
                tk,
                "2 billion-3 billion U.S. dollars",
            ),
        ];
        let mut claims: Vec<Claim> = read.into_iter().enumerate().map(|(i, c)| claim(c, i + 3)).collect();
        // Derived: 26 armed criminals + 18 security officers, after SCMP's reads.
        let mut sum = claim(c(SCMP, "sum-1", ("killed", "total"), q(AtLeast, 44.0), None, "at least 26 … 18"), 7);
        sum.rule = "derive/sum".into();
        sum.parts = vec![format!("{SCMP}:3"), format!("{SCMP}:4")];
        claims.insert(5, sum);
        let other = claims.iter_mut().find(|c| c.id == format!("{GUARDIAN}:4"));
        if let Some(other) = other {
            other.event = "zhanaozen-2011".into();
            other.event_reason = Some("\"in December 2011\" in the sentence".into());
        }
        // The row for troops is the one the JSON tests check `line` on.
        if let Some(troops) = claims.iter_mut().find(|c| c.kind == "troops") {
            troops.evidence.line = 12;
        }
        // An extra read claim on a JSON-only topic keeps the read count at 16.
        claims.push(claim(c(XINHUA, "6", ("arrested", "total"), q(MoreThan, 7900.0), im, "over 7,900"), 20));

        let id = |d: &str, n: &str| format!("{d}:{n}");
        let findings = vec![
            finding(
                "aircraft",
                "unspecified",
                Verdict::SameSource,
                &[&id(COPY, "1"), &id(SCMP, "2")],
                "both copies of one South China Morning Post story",
            ),
            finding("damage_usd", "unspecified", Verdict::SingleSource, &[&id(XINHUA, "5")], "only Xinhua"),
            finding(
                "injured",
                "security_forces",
                Verdict::Update,
                &[&id(GUARDIAN, "2"), &id(XINHUA, "3")],
                "317 (The Guardian, 2022-01-06) rising to over 1,300 (Xinhua, 2022-01-11)",
            ),
            finding("killed", "armed_criminals", Verdict::SingleSource, &[&id(SCMP, "3")], "only South China Morning Post"),
            finding(
                "killed",
                "security_forces",
                Verdict::Update,
                &[&id(GUARDIAN, "3"), &id(SCMP, "4")],
                "8 (The Guardian, 2022-01-06) rising to 18 (South China Morning Post, 2022-01-08)",
            ),
            finding(
                "killed",
                "security_forces",
                Verdict::Conflict,
                &[&id(SCMP, "4"), &id(XINHUA, "2")],
                "18 (South China Morning Post, 2022-01-08) then 16 (Xinhua, 2022-01-11): \
                 a later, lower toll for the same group cannot be an update",
            ),
            finding(
                "killed",
                "total",
                Verdict::Update,
                &[&id(SCMP, "sum-1"), &id(XINHUA, "4")],
                "26 + 18 = 44 (South China Morning Post, 2022-01-08) rising to 164 (Xinhua, \
                 2022-01-11)",
            ),
            finding(
                "member_states",
                "csto",
                Verdict::Agree,
                &[&id(GUARDIAN, "1"), &id(SCMP, "1")],
                "6 (The Guardian) agrees with 6 (South China Morning Post)",
            ),
            finding("member_states", "sco", Verdict::SingleSource, &[&id(JPOST, "1")], "only The Jerusalem Post"),
            finding("troops", "csto", Verdict::SingleSource, &[&id(XINHUA, "1")], "only Xinhua"),
            finding_in("zhanaozen-2011", "killed", "total", Verdict::SingleSource, &[&id(GUARDIAN, "4")], "only The Guardian"),
        ];
        let skipped = vec![Skipped { path: PathBuf::from("corpus/kazakhstan-2022/notes.pdf"), reason: "not UTF-8 text".into() }];
        Analysis { documents, claims, findings, skipped, warnings: Vec::new() }
    }

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.to_string().parse::<Format>(), Ok(f));
        }
        assert_eq!("JSON".parse::<Format>(), Ok(Format::Json));
        assert_eq!("ClaimReview".parse::<Format>(), Ok(Format::ClaimReview));
        assert!("yaml".parse::<Format>().is_err());
        assert_eq!(Format::default(), Format::Table);
    }

    #[test]
    fn render_dispatches() {
        let a = sample();
        let o = RenderOptions::default();
        let r = |f| render(&a, f, &o).unwrap();
        assert!(r(Format::Json).starts_with("{\n  \"version\": \"1\""));
        assert!(r(Format::Table).contains("killed/security_forces"));
        assert!(r(Format::Markdown).starts_with("# Crosscheck report"));
        assert!(r(Format::Csv).starts_with("claim_id,"));
        assert!(r(Format::Html).starts_with("<!DOCTYPE html>"));
        assert!(r(Format::ClaimReview).contains("\"@type\": \"ClaimReview\""));
        assert!(!r(Format::Table).contains('\u{1b}'));
        assert!(render(&a, Format::Table, &RenderOptions { color: true, ..o }).unwrap().contains('\u{1b}'));
    }

    #[test]
    fn writing_gives_the_rendered_text() {
        let a = sample();
        let filtered = RenderOptions { only: VerdictFilter::only([crate::model::Verdict::Conflict]), ..RenderOptions::default() };
        for options in [RenderOptions::default(), RenderOptions { width: 60, color: true, ..RenderOptions::default() }, filtered] {
            for format in Format::ALL {
                let rendered = render(&a, format, &options);
                let mut written = Vec::new();
                let result = write(&a, format, &options, &mut written);
                match rendered {
                    Ok(text) => {
                        assert!(result.is_ok(), "{format}");
                        assert_eq!(String::from_utf8(written).unwrap(), text, "{format}");
                    }
                    Err(RenderError::Unfiltered(f)) => {
                        assert!(matches!(result, Err(RenderError::Unfiltered(g)) if g == f), "{format}");
                        assert!(written.is_empty(), "{format}: nothing written before the error");
                    }
                    Err(e) => panic!("{format}: {e}"),
                }
            }
        }
    }

    #[test]
    fn the_claims_listing_written_is_the_one_rendered() {
        let a = sample();
        let options = RenderOptions { width: 80, ..RenderOptions::default() };
        for format in Format::ALL {
            let mut written = Vec::new();
            match (render_claims(&a, format, &options), write_claims(&a, format, &options, &mut written)) {
                (Ok(text), Ok(())) => assert_eq!(String::from_utf8(written).unwrap(), text, "{format}"),
                (Err(RenderError::Unsupported { .. }), Err(RenderError::Unsupported { .. })) => assert!(written.is_empty()),
                (rendered, result) => panic!("{format}: {rendered:?} against {result:?}"),
            }
        }
    }

    #[test]
    fn only_the_views_for_people_are_filtered() {
        let a = sample();
        let only = RenderOptions { only: VerdictFilter::only([crate::model::Verdict::Conflict]), ..RenderOptions::default() };
        let table = render(&a, Format::Table, &only).unwrap();
        assert!(table.contains("killed/security_forces") && !table.contains("member_states/sco"), "{table}");
        assert!(table.contains(" · 10 topics · ") && table.contains("Listing 1 of 10 topics: those with a conflict."), "{table}");
        for format in [Format::Markdown, Format::Html] {
            let text = render(&a, format, &only).unwrap();
            assert!(text.contains("killed/security_forces") && !text.contains("member_states/sco"), "{format}");
        }
        for format in [Format::Json, Format::Csv, Format::ClaimReview] {
            let err = render(&a, format, &only).unwrap_err();
            assert!(matches!(err, RenderError::Unfiltered(f) if f == format), "{format}: {err}");
        }
    }

    #[test]
    fn claims_listing_formats() {
        let a = sample();
        let o = RenderOptions::default();
        assert!(render_claims(&a, Format::Csv, &o).unwrap().starts_with("claim_id,"));
        let err = render_claims(&a, Format::Html, &o).unwrap_err();
        assert_eq!(err.to_string(), "format `html` is not available for the claims listing (use table, json or csv)");
    }
}
