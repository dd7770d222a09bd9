//! The CSV report, for a spreadsheet: one row per claim (read and derived)
//! with its document, topic, figure, source, quote and the verdicts of the
//! findings it is part of. Quoting is the `csv` crate's; text cells that a
//! spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first)
//! get a leading `'`.

use super::index::Index;
use super::{format, sanitize};
use crate::model::Analysis;

/// Column names, in order.
pub const HEADER: [&str; 22] = [
    "claim_id",
    "document",
    "outlet",
    "published",
    "url",
    "event",
    "topic",
    "kind",
    "group",
    "qualifier",
    "value",
    "value_max",
    "figure",
    "attribution",
    "as_of",
    "quote",
    "line",
    "column",
    "rule",
    "parts",
    "verdicts",
    "event_reason",
];

/// Errors while writing CSV.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    /// The CSV writer failed.
    #[error("writing CSV")]
    Write(#[from] csv::Error),
    /// The output was not UTF-8 (cannot happen with UTF-8 input).
    #[error("CSV output is not UTF-8")]
    Utf8(#[from] std::string::FromUtf8Error),
}

/// Render one row per claim, with a header row; `\n` line ends.
pub fn render(analysis: &Analysis) -> Result<String, CsvError> {
    let mut bytes = Vec::new();
    write(analysis, &mut bytes)?;
    Ok(String::from_utf8(bytes)?)
}

/// Writes [`render`]'s text to `out` row by row, without holding it all.
pub fn write(analysis: &Analysis, out: &mut dyn std::io::Write) -> Result<(), CsvError> {
    let ix = Index::new(analysis);
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
    w.write_record(HEADER)?;
    for c in &analysis.claims {
        let doc = ix.document(&c.document);
        let verdicts: Vec<&str> = ix.verdicts(&c.id).iter().map(|v| v.as_str()).collect();
        let row: [String; 22] = [
            c.id.clone(),
            c.document.clone(),
            doc.and_then(|d| d.outlet.clone()).unwrap_or_default(),
            doc.and_then(|d| d.published).map(|d| d.to_string()).unwrap_or_default(),
            doc.and_then(|d| d.url.clone()).unwrap_or_default(),
            c.event.clone(),
            format!("{}/{}", c.kind, c.group),
            c.kind.clone(),
            c.group.clone(),
            c.quantity.qualifier.as_str().to_string(),
            plain_number(c.quantity.value),
            c.quantity.value_max.map(plain_number).unwrap_or_default(),
            format::figure(&c.quantity),
            c.attribution.clone().unwrap_or_default(),
            c.as_of.map(|d| d.to_string()).unwrap_or_default(),
            c.quote.clone(),
            c.evidence.line.to_string(),
            c.evidence.column.to_string(),
            c.rule.clone(),
            c.parts.join(" "),
            verdicts.join(" "),
            c.event_reason.clone().unwrap_or_default(),
        ];
        w.write_record(row.iter().map(|cell| cell_text(cell)))?;
    }
    w.flush().map_err(csv::Error::from)?;
    Ok(())
}

/// A number a spreadsheet reads as a number: `2030`, `2000000000`, `2.5`.
fn plain_number(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        v.to_string()
    }
}

/// A cell as written: control characters removed; text a spreadsheet would
/// evaluate as a formula prefixed with `'` (numbers such as `-5` are left).
fn cell_text(cell: &str) -> String {
    let clean = sanitize::terminal(cell);
    let risky = clean.starts_with(['=', '+', '-', '@', '\t', '\r']) && clean.parse::<f64>().is_err();
    if risky {
        format!("'{clean}")
    } else {
        clean.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample;

    fn rows(text: &str) -> Vec<csv::StringRecord> {
        csv::Reader::from_reader(text.as_bytes()).records().collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn one_row_per_claim_with_header() {
        let a = sample();
        let text = render(&a).unwrap();
        assert!(text.starts_with("claim_id,document,outlet,published,url,event,topic,"));
        let rows = rows(&text);
        assert_eq!(rows.len(), a.claims.len());
        let sum = rows.iter().find(|r| &r[0] == "001_9fe7e48c4840678f:sum-1").unwrap();
        assert_eq!(&sum[9], "at_least");
        assert_eq!(&sum[10], "44");
        assert_eq!(&sum[19], "001_9fe7e48c4840678f:3 001_9fe7e48c4840678f:4");
        assert_eq!(&sum[20], "update");
        let damage = rows.iter().find(|r| &r[7] == "damage_usd").unwrap();
        assert_eq!((&damage[10], &damage[11], &damage[12]), ("2000000000", "3000000000", "2–3 billion"));
        let conflict = rows.iter().find(|r| &r[0] == "001_9fe7e48c4840678f:4").unwrap();
        assert_eq!(&conflict[20], "conflict update");
    }

    #[test]
    fn quotes_commas_newlines_and_formulas() {
        let mut a = sample();
        a.claims[0].quote = "said, \"nine\"\nplanes".into();
        a.claims[1].quote = "=HYPERLINK(\"http://evil\")".into();
        a.claims[2].attribution = Some("@cmd".into());
        let text = render(&a).unwrap();
        let rows = rows(&text);
        assert_eq!(&rows[0][15], "said, \"nine\"\nplanes");
        assert_eq!(&rows[1][15], "'=HYPERLINK(\"http://evil\")");
        assert_eq!(&rows[2][13], "'@cmd");
        assert_eq!(cell_text("-5"), "-5");
        assert_eq!(cell_text("-x"), "'-x");
        assert_eq!(cell_text("a\u{1b}[31mb"), "ab");
    }
}
