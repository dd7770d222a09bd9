//! The JSON renderer: the [`Report`] as pretty-printed JSON.

use super::model::{claim_entry, document_entry, finding_entry, skipped_entry, summarize, Report, VERSION};
use crate::model::Analysis;
use rayon::prelude::*;
use serde::Serialize;
use std::io::{self, Write};

/// Entries serialised by one task of [`write_analysis`].
const ENTRIES_PER_TASK: usize = 256;
/// Tasks whose output is held before it is written, at most.
const TASKS_IN_FLIGHT: usize = 64;

/// Pretty JSON with a trailing newline.
pub fn render(report: &Report) -> String {
    // The report holds only strings, integers, floats, dates and enums, so
    // serialisation cannot fail; an error is still reported, not panicked.
    match serde_json::to_string_pretty(report) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        Err(e) => format!("{{\"error\": {}}}\n", serde_json::Value::String(e.to_string())),
    }
}

/// The JSON report of `analysis` written to `out` as it is serialised: the
/// same bytes as [`render`] of [`super::model::build`], without holding
/// the text (hundreds of MB for 100,000 articles) or building the whole
/// report first. The entries of each list are built, serialised and freed in
/// parallel, a batch at a time, and written in order; serde_json's pretty
/// layout of a nested value is its own layout with every line indented,
/// and a serialised string never holds a raw line break.
pub fn write_analysis(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"{\n  \"version\": ")?;
    serde_json::to_writer(&mut *out, VERSION)?;
    out.write_all(b",\n  \"summary\": ")?;
    out.write_all(&indented(&serde_json::to_vec_pretty(&summarize(analysis))?, b"\n  "))?;
    write_list(out, "documents", &analysis.documents, document_entry)?;
    write_list(out, "claims", &analysis.claims, claim_entry)?;
    write_list(out, "findings", &analysis.findings, finding_entry)?;
    write_list(out, "skipped", &analysis.skipped, skipped_entry)?;
    out.write_all(b"\n}\n")
}

/// `,\n  "name": [...]` with one entry per item, as serde_json lays out a
/// list two levels deep.
fn write_list<T: Sync, E: Serialize>(out: &mut dyn Write, name: &str, items: &[T], entry: fn(&T) -> E) -> io::Result<()> {
    write!(out, ",\n  \"{name}\": ")?;
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    for (batch_index, batch) in items.chunks(ENTRIES_PER_TASK * TASKS_IN_FLIGHT).enumerate() {
        let parts: Vec<io::Result<Vec<u8>>> = batch
            .par_chunks(ENTRIES_PER_TASK)
            .enumerate()
            .map(|(task, chunk)| {
                let mut part = Vec::new();
                for (i, item) in chunk.iter().enumerate() {
                    if batch_index + task + i > 0 {
                        part.push(b',');
                    }
                    part.extend_from_slice(b"\n    ");
                    part.extend_from_slice(&indented(&serde_json::to_vec_pretty(&entry(item))?, b"\n    "));
                }
                Ok(part)
            })
            .collect();
        for part in parts {
            out.write_all(&part?)?;
        }
    }
    out.write_all(b"\n  ]")
}

/// `json` with every line break followed by `indent`'s spaces (`indent`
/// is a line break and the spaces).
fn indented(json: &[u8], indent: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + json.len() / 8);
    for (i, line) in json.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.extend_from_slice(indent);
        }
        out.extend_from_slice(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::build;
    use crate::report::tests::sample;

    #[test]
    fn pretty_with_trailing_newline() {
        let text = render(&build(&sample()));
        assert!(text.starts_with("{\n  \"version\": \"1\",\n  \"summary\": {\n"));
        assert!(text.ends_with("}\n"));
        assert!(!text.ends_with("\n\n"));
        let back: Report = serde_json::from_str(&text).unwrap();
        assert_eq!(back, build(&sample()));
    }

    #[test]
    fn written_as_rendered() {
        let mut out = Vec::new();
        write_analysis(&sample(), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), render(&build(&sample())));
    }

    #[test]
    fn written_as_rendered_with_empty_and_long_lists() {
        // empty lists, and lists longer than one task and one batch
        let mut empty = sample();
        empty.documents.clear();
        empty.claims.clear();
        empty.findings.clear();
        empty.skipped.clear();
        let mut long = sample();
        let first = long.claims[0].clone();
        long.claims = (0..ENTRIES_PER_TASK * TASKS_IN_FLIGHT * 2 + 7)
            .map(|i| crate::model::Claim { id: format!("c{i}"), quote: format!("“line\nbreak” {i}"), ..first.clone() })
            .collect();
        for analysis in [empty, long] {
            let mut out = Vec::new();
            write_analysis(&analysis, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), render(&build(&analysis)));
        }
    }

    #[test]
    fn deterministic() {
        assert_eq!(render(&build(&sample())), render(&build(&sample())));
    }
}
