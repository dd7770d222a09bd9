//! YAML front matter at the top of an article: a `---` line, YAML, and a
//! closing `---` (or `...`) line.
//!
//! Known keys fill a [`Meta`]; an unknown key or a value of the wrong shape
//! is a warning, never an error. Broken YAML makes the whole block plain
//! text again.

use super::Meta;
use crate::dates::parse_date;
use serde_yaml::Value;
use std::ops::Range;
use thiserror::Error;

/// The keys front matter may set.
pub(crate) const KNOWN_KEYS: &[&str] = &["outlet", "url", "published", "title", "event", "event_year"];

/// Front matter read from the top of a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FrontMatter {
    /// Byte range of the whole block, delimiters and final newline included.
    pub range: Range<usize>,
    /// Metadata read from the known keys.
    pub meta: Meta,
    /// Problems with single keys, each (1-based file line, 1-based column,
    /// message).
    pub warnings: Vec<(usize, usize, String)>,
}

/// Why a front matter block was not used. The `Display` text is the
/// warning shown to the user (after `file:line: `).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(crate) enum FrontMatterError {
    /// An opening `---` without a closing line.
    #[error("front matter opened on line 1 is never closed (no `---` line); read as plain text")]
    Unclosed,
    /// The YAML does not parse.
    #[error("front matter is not valid YAML: {message}; read as plain text")]
    Yaml {
        /// 1-based line in the file.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The YAML parser's message, without its location suffix.
        message: String,
    },
    /// Valid YAML, but not a `key: value` mapping.
    #[error("front matter is not a list of `key: value` lines; read as plain text")]
    NotMapping,
}

impl FrontMatterError {
    /// 1-based file line and column the problem is reported at.
    pub(crate) fn location(&self) -> (usize, usize) {
        match self {
            FrontMatterError::Yaml { line, column, .. } => (*line, *column),
            FrontMatterError::Unclosed | FrontMatterError::NotMapping => (1, 1),
        }
    }
}

/// The text of a line without its line break and trailing blanks.
fn bare(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r']).trim_end_matches([' ', '\t'])
}

/// Read front matter at the very top of `text`. `Ok(None)` when the text
/// does not start with a `---` line.
pub(crate) fn parse(text: &str) -> Result<Option<FrontMatter>, FrontMatterError> {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok(None);
    };
    if bare(first) != "---" || !first.ends_with('\n') {
        return Ok(None);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut close = None;
    for line in lines {
        let end = offset + line.len();
        if matches!(bare(line), "---" | "...") {
            close = Some((offset, end));
            break;
        }
        offset = end;
    }
    let Some((yaml_end, block_end)) = close else {
        return Err(FrontMatterError::Unclosed);
    };
    let yaml = text.get(yaml_start..yaml_end).unwrap_or("");
    let mapping = match plain_mapping(yaml) {
        Some(mapping) => mapping,
        None => {
            if let Some((line, column)) = super::yaml_guard::too_deep(yaml, super::yaml_guard::MAX_FLOW_DEPTH) {
                // The YAML starts on file line 2.
                return Err(FrontMatterError::Yaml {
                    line: line + 2,
                    column,
                    message: super::yaml_guard::too_deep_message(super::yaml_guard::MAX_FLOW_DEPTH),
                });
            }
            match serde_yaml::from_str(yaml) {
                Ok(Value::Mapping(m)) => m,
                Ok(Value::Null) => serde_yaml::Mapping::new(),
                Ok(_) => return Err(FrontMatterError::NotMapping),
                Err(e) => {
                    // The YAML starts on file line 2.
                    let (line, column) = (e.location().map_or(1, |l| l.line() + 1), e.location().map_or(1, |l| l.column()));
                    let message = yaml_message(&e);
                    let Some(mapping) = line_by_line_mapping(yaml) else {
                        return Err(FrontMatterError::Yaml { line, column, message });
                    };
                    let warning = format!("front matter is not valid YAML: {message}; read line by line as `key: value`");
                    let mut fm = FrontMatter { range: 0..block_end, warnings: vec![(line, column, warning)], ..FrontMatter::default() };
                    apply_mapping(&mut fm, yaml, &mapping);
                    return Ok(Some(fm));
                }
            }
        }
    };
    let mut fm = FrontMatter { range: 0..block_end, ..FrontMatter::default() };
    apply_mapping(&mut fm, yaml, &mapping);
    Ok(Some(fm))
}

/// Fills `fm` from the keys of `mapping`, read from `yaml`; a problem with
/// a key is a warning at its line.
fn apply_mapping(fm: &mut FrontMatter, yaml: &str, mapping: &serde_yaml::Mapping) {
    for (key, value) in mapping {
        let Some(key) = key.as_str() else {
            fm.warnings.push((1, 1, format!("front matter key {} is not a name; ignored", scalar_text(key).unwrap_or_default())));
            continue;
        };
        let (line, column) = key_location(yaml, key);
        if let Err(problem) = apply(&mut fm.meta, key, value) {
            fm.warnings.push((line, column, problem));
        }
    }
}

/// Front matter the YAML parser refused, read as lines of `key: value`
/// when every line that is not blank or a `#` comment is a known key at
/// the line's start, a colon and a value that starts with a letter or a
/// digit, or is wholly inside one pair of quotes. The value is the rest
/// of the line, as written: a headline with a colon (`title: Blast: toll
/// rises to 18`) is the commonest such line, and YAML refuses it. `None`
/// for anything else (brackets, indented or repeated keys, unknown keys):
/// that block is read as plain text, as before.
fn line_by_line_mapping(yaml: &str) -> Option<serde_yaml::Mapping> {
    let mut mapping = serde_yaml::Mapping::new();
    for line in yaml.split_terminator('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if !KNOWN_KEYS.contains(&key) {
            return None;
        }
        let value = rest.trim();
        let quoted = ['"', '\''].into_iter().find_map(|q| value.strip_prefix(q)?.strip_suffix(q)).filter(|inner| !inner.is_empty());
        let value = match quoted {
            Some(inner) => inner,
            None if value.starts_with(char::is_alphanumeric) => value,
            None => return None,
        };
        if mapping.insert(Value::String(key.to_string()), Value::String(value.to_string())).is_some() {
            return None;
        }
    }
    (!mapping.is_empty()).then_some(mapping)
}

/// The mapping `serde_yaml` reads from `yaml` when every line is a plain
/// `key: value` of a known key, read without the YAML parser (whose set-up
/// costs more than the rest of a small document's loading); `None` for
/// anything else, which the parser then reads. A value is taken only in
/// forms whose meaning is plain: text that starts with a letter and holds
/// none of YAML's indicators and is not `true`, `false` or `null` (a
/// string), an ISO date (a string: YAML as `serde_yaml` reads it has no
/// timestamps) or digits without a leading zero (a number).
fn plain_mapping(yaml: &str) -> Option<serde_yaml::Mapping> {
    let mut mapping = serde_yaml::Mapping::new();
    for line in yaml.split_terminator('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let (key, rest) = line.split_once(':')?;
        let value = rest.strip_prefix(' ')?.trim_matches(' ');
        if !KNOWN_KEYS.contains(&key) {
            return None;
        }
        let value = plain_value(value)?;
        // a repeated key is an error for the parser
        if mapping.insert(Value::String(key.to_string()), value).is_some() {
            return None;
        }
    }
    Some(mapping)
}

/// A value of [`plain_mapping`], or `None` when its meaning is not plain.
fn plain_value(value: &str) -> Option<Value> {
    let bytes = value.as_bytes();
    let first = *bytes.first()?;
    if first.is_ascii_alphabetic() {
        let plain_byte = |(i, &b): (usize, &u8)| {
            b.is_ascii_alphanumeric()
                || matches!(b, b' ' | b'-' | b'_' | b'.' | b'/' | b',' | b'(' | b')')
                // not `: `, nor a colon ending the value: both end a key
                || (b == b':' && bytes.get(i + 1).is_some_and(|next| !matches!(next, b' ' | b'\t')))
        };
        let special = matches!(value, "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "null" | "Null" | "NULL");
        return (!special && bytes.iter().enumerate().all(plain_byte)).then(|| Value::String(value.to_string()));
    }
    let iso_date =
        bytes.len() == 10 && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    if iso_date {
        return Some(Value::String(value.to_string()));
    }
    let number = bytes.len() <= 18 && first != b'0' && bytes.iter().all(u8::is_ascii_digit);
    if number {
        return value.parse::<u64>().ok().map(|n| Value::Number(n.into()));
    }
    None
}

/// The serde_yaml message without its " at line L column C" suffix, on
/// one line.
pub(crate) fn yaml_message(err: &serde_yaml::Error) -> String {
    let message = crate::serde_words::yaml_message(err);
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 1-based file line and column of `key:` in the front matter YAML (which
/// starts on file line 2); line 1, column 1 when not found.
fn key_location(yaml: &str, key: &str) -> (usize, usize) {
    yaml.lines()
        .enumerate()
        .find_map(|(i, l)| {
            let t = l.trim_start();
            t.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
                .then(|| (i + 2, l[..l.len() - t.len()].chars().count() + 1))
        })
        .unwrap_or((1, 1))
}

/// A scalar as text: strings as they are, numbers and booleans printed.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Set one key of `meta`, or say why the value is not usable.
fn apply(meta: &mut Meta, key: &str, value: &Value) -> Result<(), String> {
    if value.is_null() {
        return if KNOWN_KEYS.contains(&key) { Ok(()) } else { Err(unknown(key)) };
    }
    let text =
        || scalar_text(value).filter(|s| !s.is_empty()).ok_or_else(|| format!("front matter `{key}` must be a single value; ignored"));
    match key {
        "outlet" => meta.outlet = Some(text()?),
        "url" => meta.url = Some(text()?),
        "title" => meta.title = Some(text()?),
        "event" => meta.event = Some(text()?),
        "published" => {
            let raw = text()?;
            meta.published = Some(
                parse_date(&raw)
                    .ok_or_else(|| format!("front matter `published: {raw}` is not a date ({}); ignored", crate::dates::DATE_FORMS))?,
            );
        }
        "event_year" => {
            let raw = text()?;
            meta.event_year = Some(parse_year(&raw).ok_or_else(|| format!("front matter `event_year: {raw}` is not a year; ignored"))?);
        }
        _ => return Err(unknown(key)),
    }
    Ok(())
}

fn unknown(key: &str) -> String {
    format!("unknown front matter key `{key}` ignored (known keys: {})", KNOWN_KEYS.join(", "))
}

/// A four-digit year between 1000 and 2999.
pub(crate) fn parse_year(raw: &str) -> Option<i32> {
    let raw = raw.trim();
    let year: i32 = raw.parse().ok()?;
    (raw.len() == 4 && (1000..3000).contains(&year)).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn reads_known_keys() {
        let text = "---\noutlet: Reuters\nurl: https://www.reuters.com/world/x\npublished: 8 Jan, 2022\ntitle: A title\nevent: some-event\nevent_year: 2021\n---\nBody line.\n";
        let fm = parse(text).unwrap().unwrap();
        assert_eq!(&text[fm.range.clone()], &text[..text.find("Body").unwrap()]);
        assert_eq!(fm.meta.outlet.as_deref(), Some("Reuters"));
        assert_eq!(fm.meta.url.as_deref(), Some("https://www.reuters.com/world/x"));
        assert_eq!(fm.meta.published, NaiveDate::from_ymd_opt(2022, 1, 8));
        assert_eq!(fm.meta.title.as_deref(), Some("A title"));
        assert_eq!(fm.meta.event.as_deref(), Some("some-event"));
        assert_eq!(fm.meta.event_year, Some(2021));
        assert!(fm.warnings.is_empty());
    }

    #[test]
    fn iso_date_crlf_and_dots_close() {
        let text = "---\r\npublished: 2022-01-06\r\n...\r\nBody";
        let fm = parse(text).unwrap().unwrap();
        assert_eq!(fm.meta.published, NaiveDate::from_ymd_opt(2022, 1, 6));
        assert_eq!(fm.range, 0..text.find("Body").unwrap());
    }

    #[test]
    fn no_front_matter() {
        assert_eq!(parse("Title\n---\nx: y\n---\n"), Ok(None));
        assert_eq!(parse("---"), Ok(None), "no line break after the opening");
        assert_eq!(parse(""), Ok(None));
    }

    #[test]
    fn unknown_and_bad_values_are_warnings() {
        let text = "---\noutlet: AP\nauthor: Someone\npublished: yesterday\nevent_year: soon\n---\nBody";
        let fm = parse(text).unwrap().unwrap();
        assert_eq!(fm.meta.outlet.as_deref(), Some("AP"));
        assert_eq!(fm.meta.published, None);
        assert_eq!(fm.meta.event_year, None);
        assert_eq!(fm.warnings.len(), 3, "{:?}", fm.warnings);
        assert_eq!((fm.warnings[0].0, fm.warnings[0].1), (3, 1));
        assert!(fm.warnings[0].2.contains("unknown front matter key `author`"));
        assert_eq!(fm.warnings[1].0, 4);
        assert!(fm.warnings[1].2.contains("not a date"));
        assert_eq!(fm.warnings[2].0, 5);
    }

    #[test]
    fn broken_yaml_is_an_error_with_a_line() {
        let text = "---\noutlet: AP\ntitle: [unclosed\nevent: x\n---\nBody";
        match parse(text) {
            Err(e @ FrontMatterError::Yaml { .. }) => {
                assert!(e.location().0 >= 3, "{e:?}");
                assert!(e.location().1 >= 1, "{e:?}");
                assert!(e.to_string().starts_with("front matter is not valid YAML"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(parse("---\noutlet: AP\nBody without end\n"), Err(FrontMatterError::Unclosed));
        assert_eq!(parse("---\n- a\n- b\n---\nBody"), Err(FrontMatterError::NotMapping));
    }

    #[test]
    fn a_headline_with_a_colon_is_read_line_by_line() {
        let text = "---\ntitle: Dahej blast: death toll rises to 18\noutlet: Example Times\nurl: https://example.com/a:b\npublished: 2025-03-15\n---\nBody";
        let fm = parse(text).unwrap().unwrap();
        assert_eq!(fm.meta.title.as_deref(), Some("Dahej blast: death toll rises to 18"));
        assert_eq!(fm.meta.outlet.as_deref(), Some("Example Times"));
        assert_eq!(fm.meta.url.as_deref(), Some("https://example.com/a:b"));
        assert_eq!(fm.meta.published, NaiveDate::from_ymd_opt(2025, 3, 15));
        assert_eq!(fm.range, 0..text.find("Body").unwrap());
        // said, at the parser's place, once
        assert_eq!(fm.warnings.len(), 1, "{:?}", fm.warnings);
        assert_eq!(fm.warnings[0].0, 2);
        assert!(
            fm.warnings[0].2.starts_with("front matter is not valid YAML: ")
                && fm.warnings[0].2.ends_with("read line by line as `key: value`")
        );
        // a quoted value loses its quotes; comments and blank lines pass;
        // a bad value is still a warning of its own
        let text = "---\n# from the CMS\ntitle: 'Toll: 18': update\n\ntitle2: x\n---\nBody";
        assert!(matches!(parse(text), Err(FrontMatterError::Yaml { .. })), "an unknown key: plain text");
        let text = "---\ntitle: \"Toll: 18\"\n\n# note: x\npublished: soon: maybe\n---\nBody";
        let fm = parse(text).unwrap().unwrap();
        assert_eq!(fm.meta.title.as_deref(), Some("Toll: 18"));
        assert_eq!(fm.meta.published, None);
        assert_eq!(fm.warnings.len(), 2, "{:?}", fm.warnings);
        assert!(fm.warnings[1].2.contains("not a date"), "{:?}", fm.warnings);
        assert_eq!(fm.warnings[1].0, 5);
    }

    #[test]
    fn broken_yaml_not_of_key_value_lines_stays_plain_text() {
        for yaml in [
            "outlet: [unclosed\npublished: 2022-01-09",
            "title: a: b\n  indented: c",
            "title: a: b\ntitle: again",
            "title: a: b\n- item",
            "title: a: b\noutlet: *anchor",
            "title: a: b\nauthor: Someone",
        ] {
            let text = format!("---\n{yaml}\n---\nBody");
            assert!(matches!(parse(&text), Err(FrontMatterError::Yaml { .. })), "{yaml:?}: {:?}", parse(&text));
        }
    }

    #[test]
    fn empty_block_is_fine() {
        let fm = parse("---\n---\nBody").unwrap().unwrap();
        assert_eq!(fm.range, 0..8);
        assert_eq!(fm.meta, Meta::default());
    }

    #[test]
    fn plain_lines_read_as_the_yaml_parser_reads_them() {
        // lines built from pieces YAML gives a meaning to; wherever the
        // plain reading answers, it must be the parser's
        let keys = ["outlet", "url", "published", "title", "event", "event_year", "author", "true", "#outlet", " outlet"];
        let separators = [":", ": ", ":  ", ":\t", " : "];
        let pieces = [
            "Reuters",
            "AP",
            "2022",
            "0123",
            "2022-01-08",
            "2022-1-8",
            "true",
            "True",
            "null",
            "~",
            "yes",
            "inf",
            "nan",
            ".inf",
            "1e3",
            "0x1F",
            "https://www.reuters.com/world/x",
            "a: b",
            "a:",
            "a #b",
            "a#b",
            "'q'",
            "\"q\"",
            "[x]",
            "{x}",
            "&a",
            "*a",
            "!t",
            "|",
            ">",
            "%",
            "@",
            "`",
            "?",
            "-",
            "- x",
            "a, b",
            "(x)",
            "Ünï",
            "a  b",
            " ",
            "",
            "kazakhstan-2022",
            "99999999999999999999",
            "18446744073709551616",
        ];
        let (mut plain, mut total) = (0, 0);
        let mut x = 3u64;
        let mut next = |n: usize| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize % n
        };
        for _ in 0..20_000 {
            let lines: Vec<String> = (0..1 + next(3))
                .map(|_| {
                    let value: String =
                        (0..1 + next(2)).map(|_| pieces[next(pieces.len())]).collect::<Vec<_>>().join(["", " ", "-"][next(3)]);
                    // half the keys and separators are the plain ones
                    let key = keys[if next(2) == 0 { next(6) } else { next(keys.len()) }];
                    let separator = separators[if next(2) == 0 { 1 } else { next(separators.len()) }];
                    format!("{key}{separator}{value}{}", ["", " ", "\r"][next(3)])
                })
                .collect();
            let yaml = lines.join("\n") + "\n";
            total += 1;
            if let Some(mapping) = plain_mapping(&yaml) {
                plain += 1;
                let parsed: Result<Value, _> = serde_yaml::from_str(&yaml);
                assert_eq!(parsed.ok(), Some(Value::Mapping(mapping)), "{yaml:?}");
            }
        }
        // the plain reading is not vacuous, nor taken for everything
        assert!(plain > total / 40 && plain < total / 2, "{plain} of {total}");
        let typical =
            "outlet: Reuters\nurl: https://www.reuters.com/world/x\npublished: 2022-01-08\nevent: kazakhstan-2022\nevent_year: 2022\n";
        assert_eq!(plain_mapping(typical).map(|m| m.len()), Some(5));
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("2022"), Some(2022));
        assert_eq!(parse_year("22"), None);
        assert_eq!(parse_year("20221"), None);
    }
}
