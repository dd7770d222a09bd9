//! The JSON renderer: the [`Report`] as pretty-printed JSON.

use super::model::{skipped_entry, summarize, Report, View, VERSION};
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
/// parallel, a batch at a time, and written in order, each laid out as
/// serde_json's pretty printer lays it out where it is nested (`Nested`).
pub fn write_analysis(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"{\n  \"version\": ")?;
    serde_json::to_writer(&mut *out, VERSION)?;
    out.write_all(b",\n  \"summary\": ")?;
    write_nested(&mut *out, &summarize(analysis), 1)?;
    write_list(out, Member::Later("documents"), &analysis.documents, View)?;
    write_list(out, Member::Later("claims"), &analysis.claims, View)?;
    write_list(out, Member::Later("findings"), &analysis.findings, View)?;
    write_list(out, Member::Later("skipped"), &analysis.skipped, skipped_entry)?;
    out.write_all(b"\n}\n")
}

/// The `claims` listing as JSON (`{"claims", "documents", "version"}`, every
/// object's keys in alphabetical order, as a `serde_json::Value` holds
/// them) written to `out` as it is serialised, an entry at a time.
pub fn write_claims(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"{")?;
    write_list(out, Member::First("claims"), &analysis.claims, |c| Sorted(View(c)))?;
    write_list(out, Member::Later("documents"), &analysis.documents, |d| Sorted(View(d)))?;
    out.write_all(b",\n  \"version\": ")?;
    serde_json::to_writer(&mut *out, VERSION)?;
    out.write_all(b"\n}\n")
}

/// A member of the top-level object: the first, or one after a comma.
enum Member<'a> {
    First(&'a str),
    Later(&'a str),
}

/// `value` serialised with every object's keys in alphabetical order, as
/// through a `serde_json::Value` (which is what it goes through).
struct Sorted<V>(V);

impl<V: Serialize> Serialize for Sorted<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_json::to_value(&self.0).map_err(serde::ser::Error::custom)?.serialize(serializer)
    }
}

/// `,\n  "name": [...]` (no comma for the first member) with one entry per
/// item, as serde_json lays out a list two levels deep.
fn write_list<'a, T: Sync, E: Serialize>(out: &mut dyn Write, member: Member<'_>, items: &'a [T], entry: fn(&'a T) -> E) -> io::Result<()> {
    match member {
        Member::First(name) => write!(out, "\n  \"{name}\": ")?,
        Member::Later(name) => write!(out, ",\n  \"{name}\": ")?,
    }
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
                    write_nested(&mut part, &entry(item), 2)?;
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

/// Writes `value` to `out` as serde_json's pretty printer writes it
/// `level` levels deep in a document.
fn write_nested<W: Write, V: Serialize + ?Sized>(out: W, value: &V, level: usize) -> io::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(out, Nested { level, has_value: false }))?;
    Ok(())
}

/// serde_json's `PrettyFormatter` (two spaces), starting `level` levels
/// deep: the layout a value has nested in a pretty document, written in
/// place instead of re-indenting the value's own pretty text.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Nested {
    fn indent<W: ?Sized + Write>(&self, writer: &mut W) -> io::Result<()> {
        (0..self.level).try_for_each(|_| writer.write_all(b"  "))
    }

    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level = self.level.saturating_sub(1);
        if self.has_value {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        writer.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(writer)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.item(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.item(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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
