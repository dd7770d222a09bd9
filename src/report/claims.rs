//! The `claims` listing: every extracted claim per document, for checking
//! what the rules read before looking at verdicts. Article text is stripped
//! of terminal control sequences.

use super::format::figure;
use super::sanitize::terminal;
use super::sink::{self, Sink};
use crate::model::Analysis;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use std::collections::HashMap;

/// A table of claims grouped by document: figure, topic, source, date,
/// line:column and the quote.
pub fn render(analysis: &Analysis, width: u16) -> String {
    sink::to_string(|to| write(analysis, width, to))
}

/// [`render`], written into `to` a document at a time.
pub fn write(analysis: &Analysis, width: u16, to: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = Sink::new(to);
    // each document's claims, in claim order, gathered once (a scan of all
    // claims per document was quadratic: 40,000 articles took 26 s)
    let mut by_document: HashMap<&str, Vec<&crate::model::Claim>> = HashMap::new();
    for c in &analysis.claims {
        by_document.entry(c.document.as_str()).or_default().push(c);
    }
    for doc in &analysis.documents {
        let claims = by_document.remove(doc.id.as_str()).unwrap_or_default();
        let outlet = doc.outlet.as_deref().unwrap_or("unknown outlet");
        let date = doc.published.map_or_else(|| "undated".to_string(), |d| d.to_string());
        let copy = doc.duplicate_of.as_ref().map(|o| format!(" · copy of {o}")).unwrap_or_default();
        let line = format!("{} · {outlet} · {date}{copy} · {} claims\n", doc.path.display(), claims.len());
        out.push_str(&terminal(&line));
        if claims.is_empty() {
            out.push('\n');
            continue;
        }
        let mut table = Table::new();
        table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_width(width);
        table.set_header(["id", "figure", "topic", "source · as of", "at", "quote"]);
        for c in claims {
            let id = c.id.rsplit(':').next().unwrap_or(&c.id).to_string();
            let event = if c.event == doc.event { String::new() } else { format!("\n[{}]", c.event) };
            let source = c.attribution.clone().unwrap_or_else(|| "—".into());
            let as_of = c.as_of.map_or_else(|| "undated".into(), |d| d.to_string());
            table.add_row([
                id,
                figure(&c.quantity),
                terminal(&format!("{}/{}{event}", c.kind, c.group)).into_owned(),
                terminal(&format!("{source}\n{as_of}")).into_owned(),
                format!("{}:{}", c.evidence.line, c.evidence.column),
                terminal(&c.quote).into_owned(),
            ]);
        }
        out.push_str(&format!("{table}\n\n"));
    }
    out.finish()
}

/// The claims as JSON: the report's documents and claims, no findings
/// (every object's keys in alphabetical order).
pub fn render_json(analysis: &Analysis) -> String {
    sink::to_string(|to| super::json::write_claims(analysis, to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample;

    /// The listing as it was first made: the report's documents and claims
    /// gathered into one `serde_json::Value` and pretty-printed.
    #[test]
    fn json_is_the_value_pretty_printed() {
        let a = sample();
        let report = crate::report::model::build(&a);
        let value = serde_json::json!({ "version": report.version, "documents": report.documents, "claims": report.claims });
        assert_eq!(render_json(&a), serde_json::to_string_pretty(&value).unwrap() + "\n");
    }

    #[test]
    fn article_text_is_stripped_of_escapes() {
        let mut a = sample();
        a.claims[0].quote = "nine \u{1b}[2Jplanes".into();
        a.claims[0].attribution = Some("\u{1b}]0;x\u{7}ministry".into());
        a.documents[0].outlet = Some("Out\u{1b}[31mlet".into());
        let text = render(&a, 100);
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("nine planes") && text.contains("ministry") && text.contains("Outlet"));
    }

    #[test]
    fn a_topic_from_rules_or_front_matter_is_stripped_of_escapes() {
        let mut a = sample();
        a.claims[0].event = "other-\u{1b}]0;title\u{7}2011".into();
        a.claims[0].group = "g\u{202e}x".into();
        let text = render(&a, 100);
        assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{text}");
        assert!(text.contains("[other-2011]"), "{text}");
    }

    /// Each document's claims are gathered once, not by a scan of every
    /// claim per document (40,000 articles took 26 s).
    #[test]
    fn many_documents_are_listed_in_linear_time() {
        let mut a = sample();
        let (doc, claim) = (a.documents[1].clone(), a.claims[1].clone());
        let n = 30_000;
        a.documents = (0..n).map(|i| crate::model::Document { id: format!("d{i}"), ..doc.clone() }).collect();
        // one listed document's claims, then claims of documents not loaded
        a.claims = (0..n)
            .map(|i| crate::model::Claim {
                id: format!("d{}:{i}", if i < 10 { 0 } else { i + n }),
                document: format!("d{}", if i < 10 { 0 } else { i + n }),
                ..claim.clone()
            })
            .collect();
        let start = std::time::Instant::now();
        let text = render(&a, 100);
        let took = start.elapsed().as_secs_f64();
        assert_eq!(text.matches(" · 10 claims\n").count(), 1);
        assert_eq!(text.matches(" · 0 claims\n").count(), n - 1);
        assert!(took < 3.0, "{n} documents took {took:.1}s");
    }
}
