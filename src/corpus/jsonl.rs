//! Documents from JSON Lines and from standard input.
//!
//! A JSONL input holds one document per line:
//! `{"text": …, "outlet": …, "url": …, "published": …, "id": …, "event": …}`
//! (`title`, `event_year` and `path` are read too; only `text` is
//! required). Ids default to `line-N` (N is the 1-based line number), paths
//! to `SOURCE:N`: a record cut out of its file and sent down a pipe (a
//! piece of a stream handed to one process of many) keeps where it came
//! from only in its own `path`. A line that is not a
//! JSON object with a non-empty `text` is a [`LineError`]: the reader
//! reports it and goes on with the next line, so one bad record never stops
//! a stream. Blank lines are ignored.
//!
//! Every document goes through the same metadata logic as a file (front
//! matter in the text, then the record's fields, then what the text says,
//! boilerplate masked). The reader is an iterator: it holds one line at a
//! time, so a caller can process any number of documents in bounded memory.

use super::{build_document, CorpusConfig, Meta, DEFAULT_EVENT};
use crate::dates::parse_date;
use crate::model::Document;
use serde_json::Value;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why one JSONL line was not turned into a document.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LineError {
    /// The line could not be read (I/O error or not UTF-8).
    #[error("{source_name}:{line}: cannot read the line: {message}")]
    Read {
        /// The input's name (`-` for stdin).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What went wrong.
        message: String,
    },
    /// The line is not a JSON object.
    #[error("{source_name}:{line}: not a JSON object: {message}")]
    Json {
        /// The input's name.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// The object has no usable `text`.
    #[error("{source_name}:{line}: {message}")]
    Record {
        /// The input's name.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the record.
        message: String,
    },
}

impl LineError {
    /// 1-based line number of the bad line.
    pub fn line(&self) -> usize {
        match self {
            LineError::Read { line, .. } | LineError::Json { line, .. } | LineError::Record { line, .. } => *line,
        }
    }
}

/// One item a [`JsonlReader`] yields.
#[derive(Debug)]
pub struct JsonlItem {
    /// 1-based line number the document came from.
    pub line: usize,
    /// The document, or why the line was skipped.
    pub document: Result<Document, LineError>,
    /// Problems that did not stop the document (a field of the wrong type,
    /// a date that is not a date…), each starting with `source:line:`.
    pub warnings: Vec<String>,
}

/// Reads documents from JSON Lines, one line at a time.
pub struct JsonlReader<'c, R> {
    reader: R,
    source_name: String,
    config: &'c CorpusConfig,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<'c, R: BufRead> JsonlReader<'c, R> {
    /// A reader over `reader`; `source_name` names the input in paths and
    /// messages (`-` for stdin).
    pub fn new(reader: R, source_name: impl Into<String>, config: &'c CorpusConfig) -> Self {
        JsonlReader { reader, source_name: source_name.into(), config, line: 0, buf: Vec::with_capacity(16 * 1024), done: false }
    }
}

impl<R: BufRead> Iterator for JsonlReader<'_, R> {
    type Item = JsonlItem;

    fn next(&mut self) -> Option<JsonlItem> {
        while !self.done {
            self.buf.clear();
            self.line += 1;
            let line = self.line;
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => match parse_line(&self.buf, &self.source_name, line, self.config) {
                    Some(item) => return Some(item),
                    None => continue,
                },
                Err(e) => {
                    // An I/O error ends the input: report it once and stop.
                    self.done = true;
                    let document = Err(LineError::Read { source_name: self.source_name.clone(), line, message: e.to_string() });
                    return Some(JsonlItem { line, document, warnings: Vec::new() });
                }
            }
        }
        None
    }
}

/// One line's bytes (line number `line` of input `source_name`) made into a
/// document, as [`JsonlReader`] does; `None` for a blank line. Lines are
/// independent, so a caller may read lines on one thread and parse them on
/// many.
pub fn parse_line(bytes: &[u8], source_name: &str, line: usize, config: &CorpusConfig) -> Option<JsonlItem> {
    let bytes = line_content(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let mut warnings = Vec::new();
    let document = match std::str::from_utf8(bytes) {
        Ok(text) => record_document(text, source_name, line, config, &mut warnings),
        Err(e) => Err(LineError::Read {
            source_name: source_name.to_string(),
            line,
            message: format!("not UTF-8 (invalid byte at offset {})", e.valid_up_to()),
        }),
    };
    Some(JsonlItem { line, document, warnings })
}

/// A line as read, without its line end (`\n` or `\r\n`) and without a
/// UTF-8 byte order mark at its start: editors on Windows put one at the
/// start of a file, and `cat` of such files puts it at the start of a line.
pub fn line_content(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    bytes.strip_suffix(b"\r").unwrap_or(bytes)
}

/// The path a JSONL document is shown with: `SOURCE:LINE`.
pub fn record_path(source_name: &str, line: usize) -> PathBuf {
    PathBuf::from(format!("{source_name}:{line}"))
}

/// Turn one JSONL line into a document.
fn record_document(
    line_text: &str,
    source_name: &str,
    line: usize,
    config: &CorpusConfig,
    warnings: &mut Vec<String>,
) -> Result<Document, LineError> {
    let record = |message: String| LineError::Record { source_name: source_name.to_string(), line, message };
    let value: Value = serde_json::from_str(line_text).map_err(|e| LineError::Json {
        source_name: source_name.to_string(),
        line,
        message: crate::serde_words::json_line_message(&e),
    })?;
    let Value::Object(map) = value else {
        return Err(LineError::Json { source_name: source_name.to_string(), line, message: "a JSON value, not an object".into() });
    };
    let text = match map.get("text") {
        Some(Value::String(t)) if !t.trim().is_empty() => t.clone(),
        Some(Value::String(_)) => return Err(record("`text` is empty".into())),
        Some(_) => return Err(record("`text` is not a string".into())),
        None => return Err(record("no `text` field".into())),
    };
    let mut meta = Meta::default();
    let mut id = None;
    let mut given_path = None;
    for (key, value) in &map {
        if key == "text" || value.is_null() {
            continue;
        }
        let Some(s) = value.as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).or_else(|| match value {
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }) else {
            warnings.push(format!("{source_name}:{line}: `{key}` must be a string; ignored"));
            continue;
        };
        match key.as_str() {
            "id" => id = Some(s),
            "path" => given_path = Some(PathBuf::from(s)),
            "outlet" => meta.outlet = Some(s),
            "url" => meta.url = Some(s),
            "title" => meta.title = Some(s),
            "event" => meta.event = Some(s),
            "published" => match parse_date(&s) {
                Some(d) => meta.published = Some(d),
                None => {
                    warnings.push(format!("{source_name}:{line}: `published: {s}` is not a date ({}); ignored", crate::dates::DATE_FORMS))
                }
            },
            "event_year" => match super::front_matter::parse_year(&s) {
                Some(y) => meta.event_year = Some(y),
                None => warnings.push(format!("{source_name}:{line}: `event_year: {s}` is not a year; ignored")),
            },
            _ => warnings.push(format!("{source_name}:{line}: unknown field `{key}` ignored")),
        }
    }
    let id = id.unwrap_or_else(|| format!("line-{line}"));
    let path = given_path.unwrap_or_else(|| record_path(source_name, line));
    let mut doc_warnings = Vec::new();
    let doc = build_document(id, &path, text, &meta, &Meta::default(), || DEFAULT_EVENT.to_string(), config, &mut doc_warnings)
        .map(|built| built.document)
        .map_err(|e| record(e.to_string()))?;
    warnings.extend(doc_warnings.into_iter().map(|w| w.replacen(&format!("{}:", path.display()), &format!("{source_name}:{line}:"), 1)));
    Ok(doc)
}

/// One document from the bytes of a whole text (the `-` path: standard
/// input), decoded as a file's are. Its id is `stdin`, its path `-`; front
/// matter and the text's own metadata apply as for a file, and the event is
/// `default` unless one is named. The error is the reason it is skipped.
pub fn text_document(bytes: Vec<u8>, config: &CorpusConfig, warnings: &mut Vec<String>) -> Result<Document, String> {
    // decoded as a file is: UTF-16 with a BOM, a few stray bytes replaced
    // (with a warning), binary or another encoding refused
    let super::load::Decoded { text, note } = super::load::decode(bytes).map_err(|e| e.to_string())?;
    if let Some(note) = note {
        warnings.push(format!("-: {note}"));
    }
    build_document("stdin".into(), Path::new("-"), text, &Meta::default(), &Meta::default(), || DEFAULT_EVENT.to_string(), config, warnings)
        .map(|built| built.document)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn config() -> CorpusConfig {
        CorpusConfig {
            boilerplate: crate::corpus::Boilerplate::new(vec![("load-error".into(), Regex::new(r"(?m)^\s*Load Error\s*$").unwrap())]),
            outlets: vec![],
            dateline_markers: Default::default(),
            outlet_patterns: vec![],
            near_duplicate_threshold: 0.7,
            header_lines: 8,
        }
    }

    #[test]
    fn reads_records_and_reports_bad_lines() {
        let input = concat!(
            "{\"text\": \"At least 5 people were killed.\\nLoad Error\", \"outlet\": \"A\", \"published\": \"2022-01-08\", \"event\": \"x-2022\"}\n",
            "\n",
            "not json\n",
            "{\"text\": \"\"}\n",
            "{\"text\": \"Ten killed.\", \"id\": \"mine\", \"published\": \"soon\", \"extra\": 1}\n",
            "[1, 2]\n",
            "{\"text\": 5}\n",
        );
        let cfg = config();
        let items: Vec<JsonlItem> = JsonlReader::new(input.as_bytes(), "in.jsonl", &cfg).collect();
        assert_eq!(items.iter().map(|i| i.line).collect::<Vec<_>>(), [1, 3, 4, 5, 6, 7]);
        let first = items[0].document.as_ref().unwrap();
        assert_eq!(first.id, "line-1");
        assert_eq!(first.outlet.as_deref(), Some("A"));
        assert_eq!(first.event, "x-2022");
        assert_eq!(first.event_year, Some(2022));
        assert_eq!(first.path, PathBuf::from("in.jsonl:1"));
        assert!(!first.masked().contains("Load Error"));
        assert_eq!(first.masked().len(), first.text.len());
        let errors: Vec<String> = items.iter().filter_map(|i| i.document.as_ref().err()).map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors[0].starts_with("in.jsonl:3: not a JSON object"), "{errors:?}");
        assert_eq!(errors[1], "in.jsonl:4: `text` is empty");
        assert!(errors[3].contains("in.jsonl:7"));
        let mine = items[3].document.as_ref().unwrap();
        assert_eq!(mine.id, "mine");
        assert_eq!(mine.event, "default");
        assert_eq!(mine.published, None);
        assert_eq!(items[3].warnings.len(), 2, "{:?}", items[3].warnings);
    }

    #[test]
    fn a_line_is_read_without_its_end_or_a_byte_order_mark() {
        assert_eq!(line_content(b"{}\n"), b"{}");
        assert_eq!(line_content(b"{}\r\n"), b"{}");
        assert_eq!(line_content(b"\xEF\xBB\xBF{}\r\n"), b"{}");
        assert_eq!(line_content(b"{}"), b"{}", "the last line may have no end");
        assert_eq!(line_content(b"\xEF\xBB{}"), b"\xEF\xBB{}", "half a mark is left for the UTF-8 check");
        assert_eq!(line_content(b""), b"");
    }

    #[test]
    fn a_record_keeps_the_path_it_gives_and_its_line_names_its_problems() {
        let input = concat!(
            "{\"text\": \"Ten killed.\", \"path\": \"dumps/2026-11-22.jsonl:17\", \"published\": \"soon\"}\n",
            "{\"text\": \"Ten killed.\", \"path\": 7}\n",
            "{\"text\": \"Ten killed.\", \"path\": [\"a\"]}\n",
        );
        let cfg = config();
        let items: Vec<JsonlItem> = JsonlReader::new(input.as_bytes(), "-", &cfg).collect();
        let paths: Vec<PathBuf> = items.iter().map(|i| i.document.as_ref().unwrap().path.clone()).collect();
        assert_eq!(paths, [PathBuf::from("dumps/2026-11-22.jsonl:17"), PathBuf::from("7"), PathBuf::from("-:3")]);
        assert_eq!(items[0].document.as_ref().unwrap().id, "line-1", "a path is not an id");
        // a problem is named where the line is, whatever path the record gives
        assert_eq!(items[0].warnings.len(), 1, "{:?}", items[0].warnings);
        assert!(items[0].warnings[0].starts_with("-:1: `published: soon` is not a date"), "{:?}", items[0].warnings);
        assert_eq!(items[2].warnings, ["-:3: `path` must be a string; ignored"]);
    }

    #[test]
    fn invalid_utf8_is_one_bad_line() {
        let input: &[u8] = b"{\"text\": \"a\xff\"}\n{\"text\": \"ok text\"}\n";
        let cfg = config();
        let items: Vec<JsonlItem> = JsonlReader::new(input, "-", &cfg).collect();
        assert_eq!(items.len(), 2);
        assert!(items[0].document.as_ref().is_err_and(|e| e.line() == 1));
        assert_eq!(items[1].document.as_ref().map(|d| d.id.clone()), Ok("line-2".to_string()));
    }

    #[test]
    fn stdin_text_is_one_document() {
        let cfg = config();
        let mut w = Vec::new();
        let d = text_document(b"---\noutlet: B\n---\nEight were killed.".to_vec(), &cfg, &mut w).unwrap();
        assert_eq!((d.id.as_str(), d.outlet.as_deref(), d.path.as_path()), ("stdin", Some("B"), Path::new("-")));
        assert!(w.is_empty());
        assert_eq!(text_document(b"  \n".to_vec(), &cfg, &mut w).unwrap_err(), "empty");
        // decoded as files are: a stray byte is replaced, with a warning
        let d = text_document(b"Caf\xe9 owners said eight were killed.".to_vec(), &cfg, &mut w).unwrap();
        assert!(d.text.starts_with("Caf\u{fffd} owners"));
        assert!(w.iter().any(|w| w.starts_with("-: not valid UTF-8: 1 invalid byte")), "{w:?}");
        // UTF-16 with its BOM
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Eight were killed.".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(text_document(utf16, &cfg, &mut w).unwrap().text, "Eight were killed.");
        // binary is said to be binary
        assert!(text_document(b"\x00\x01ELF".to_vec(), &cfg, &mut w).unwrap_err().starts_with("binary file"));
    }
}
