//! `manifest.yaml`: metadata for the articles of one folder, for texts that
//! do not carry it themselves.
//!
//! ```yaml
//! event: kazakhstan-2022          # for every article in the folder
//! event_year: 2022
//! documents:
//!   - {file: a.txt, outlet: The Guardian, published: 2022-01-06}
//! ```

use super::front_matter::{parse_year, scalar_text, yaml_message};
use super::Meta;
use crate::dates::parse_date;
use serde::Deserialize;
use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use thiserror::Error;

/// The file name of a folder's manifest.
pub(crate) const MANIFEST_NAME: &str = "manifest.yaml";

/// A manifest as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestSpec {
    event: Option<String>,
    event_year: Option<serde_yaml::Value>,
    #[serde(default)]
    documents: Vec<EntrySpec>,
}

/// One `documents:` entry as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntrySpec {
    file: String,
    outlet: Option<String>,
    url: Option<String>,
    published: Option<serde_yaml::Value>,
    title: Option<String>,
    event: Option<String>,
    event_year: Option<serde_yaml::Value>,
    #[allow(dead_code)]
    note: Option<String>,
}

/// A manifest after checking: folder-wide metadata and per-file metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Manifest {
    /// `event` and `event_year` for every file of the folder.
    pub folder: Meta,
    /// Metadata by file path relative to the manifest's folder.
    entries: HashMap<PathBuf, Meta>,
}

impl Manifest {
    /// The entry for a file in the manifest's folder, by its name.
    pub(crate) fn entry(&self, file_name: &OsStr) -> Option<&Meta> {
        self.entries.get(Path::new(file_name))
    }
}

/// Why a manifest could not be used at all. The `Display` text is the
/// warning shown after `path:line:column: `.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(crate) enum ManifestError {
    /// The file exists but cannot be read as UTF-8 text.
    #[error("manifest cannot be read: {0}; its folder's files are loaded without it")]
    Read(String),
    /// The YAML is broken or does not match the manifest shape.
    #[error("manifest is not valid: {message}; its folder's files are loaded without it")]
    Invalid {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde's message.
        message: String,
    },
}

/// Read `dir/manifest.yaml`. `Ok(None)` when there is none. Problems with
/// single entries are returned as warnings (already prefixed with the
/// manifest path and line).
pub(crate) fn read(dir: &Path) -> (Result<Option<Manifest>, ManifestError>, Vec<String>) {
    let path = dir.join(MANIFEST_NAME);
    match std::fs::metadata(&path) {
        Ok(m) if m.is_file() => {}
        _ => return (Ok(None), Vec::new()),
    }
    let text = match std::fs::read(&path).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => {
            return (Err(ManifestError::Read(format!("not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()))), Vec::new())
        }
        Err(e) => return (Err(ManifestError::Read(e.to_string())), Vec::new()),
    };
    let mut warnings = Vec::new();
    let result = parse(&text, &path, &mut warnings).map(|m| {
        let mut files: Vec<&PathBuf> = m.entries.keys().collect();
        files.sort();
        for file in files {
            if !dir.join(file).is_file() {
                warnings.push(format!(
                    "{}:{}: manifest entry for `{}`: no such file in {}",
                    path.display(),
                    entry_line(&text, &file.to_string_lossy()),
                    file.display(),
                    display_dir(dir)
                ));
            }
        }
        Some(m)
    });
    (result, warnings)
}

fn display_dir(dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        ".".to_string()
    } else {
        dir.display().to_string()
    }
}

/// Parse manifest text; `path` is only used in warnings.
pub(crate) fn parse(text: &str, path: &Path, warnings: &mut Vec<String>) -> Result<Manifest, ManifestError> {
    let spec: ManifestSpec = if text.trim().is_empty() {
        ManifestSpec::default()
    } else if let Some((line, column)) = super::yaml_guard::too_deep(text, super::yaml_guard::MAX_FLOW_DEPTH) {
        return Err(ManifestError::Invalid {
            line: line + 1,
            column,
            message: super::yaml_guard::too_deep_message(super::yaml_guard::MAX_FLOW_DEPTH),
        });
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            ManifestError::Invalid { line, column, message: yaml_message(&e) }
        })?
    };
    let at = |line: usize| format!("{}:{line}", path.display());
    let mut manifest = Manifest::default();
    manifest.folder.event = spec.event.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    manifest.folder.event_year =
        year(spec.event_year.as_ref(), || format!("{}: manifest `event_year`", at(key_line(text, "event_year"))), warnings);
    for entry in spec.documents {
        let name = normalise(&entry.file);
        let line = entry_line(text, &entry.file);
        let label = || format!("{}: manifest entry for `{}`", at(line), entry.file);
        if name.as_os_str().is_empty() {
            warnings.push(format!("{}: `file` is empty; entry ignored", label()));
            continue;
        }
        // Files are looked up by their name in the manifest's own folder:
        // an entry for any other file would never be used.
        if !matches!(name.components().collect::<Vec<_>>().as_slice(), [Component::Normal(_)]) {
            warnings.push(format!(
                "{}: not a file of this folder; a manifest describes only the files beside it (one in a subfolder takes a manifest.yaml of its own there); entry ignored",
                label()
            ));
            continue;
        }
        let published = match entry.published.as_ref().filter(|v| !v.is_null()) {
            None => None,
            Some(v) => match scalar_text(v) {
                None => {
                    warnings.push(format!("{}: `published` must be a single value; ignored", label()));
                    None
                }
                Some(raw) => {
                    let date = parse_date(&raw);
                    if date.is_none() {
                        warnings.push(format!("{}: `published: {raw}` is not a date ({}); ignored", label(), crate::dates::DATE_FORMS));
                    }
                    date
                }
            },
        };
        let meta = Meta {
            outlet: clean(entry.outlet),
            url: clean(entry.url),
            published,
            title: clean(entry.title),
            event: clean(entry.event),
            event_year: year(entry.event_year.as_ref(), label, warnings),
        };
        if manifest.entries.insert(name, meta).is_some() {
            warnings.push(format!("{}: the file is listed twice; the last entry is used", label()));
        }
    }
    Ok(manifest)
}

fn clean(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn year(value: Option<&serde_yaml::Value>, label: impl Fn() -> String, warnings: &mut Vec<String>) -> Option<i32> {
    let value = value.filter(|v| !v.is_null())?;
    let Some(raw) = scalar_text(value) else {
        warnings.push(format!("{}: `event_year` must be a single value; ignored", label()));
        return None;
    };
    let year = parse_year(&raw);
    if year.is_none() {
        warnings.push(format!("{}: `event_year: {raw}` is not a year; ignored", label()));
    }
    year
}

/// `./a.txt` and `a.txt` name the same file.
fn normalise(file: &str) -> PathBuf {
    Path::new(file.trim()).components().filter(|c| !matches!(c, Component::CurDir)).collect()
}

/// 1-based line of the entry naming `file` (its `file:` key, with or
/// without quotes and leading `./`), 1 if not found.
fn entry_line(text: &str, file: &str) -> usize {
    fn bare(mut s: &str) -> &str {
        s = s.trim_start().trim_start_matches(['"', '\'']);
        while let Some(rest) = s.strip_prefix("./") {
            s = rest;
        }
        s
    }
    let name = bare(file.trim());
    text.lines()
        .position(|l| {
            l.split("file:").nth(1).is_some_and(|rest| {
                bare(rest)
                    .strip_prefix(name)
                    .is_some_and(|after| after.chars().next().is_none_or(|c| matches!(c, '"' | '\'' | ',' | '}' | ' ' | '\t' | '#' | '\r')))
            })
        })
        .map_or(1, |i| i + 1)
}

/// 1-based line of the first top-level `key:`, 1 if not found.
fn key_line(text: &str, key: &str) -> usize {
    text.lines().position(|l| l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':'))).map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn parse_ok(text: &str) -> (Manifest, Vec<String>) {
        let mut w = Vec::new();
        let m = parse(text, Path::new("d/manifest.yaml"), &mut w).unwrap();
        (m, w)
    }

    #[test]
    fn reads_folder_and_entries() {
        let (m, w) = parse_ok(
            "event: some-event-2020\nevent_year: 2020\ndocuments:\n  - file: a.txt\n    outlet: The Guardian\n    published: 2022-01-06\n    note: whatever\n  - {file: ./b.md, url: 'https://x.org/a', title: T, event: other, event_year: 2011}\n",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(m.folder.event.as_deref(), Some("some-event-2020"));
        assert_eq!(m.folder.event_year, Some(2020));
        let a = m.entry(OsStr::new("a.txt")).unwrap();
        assert_eq!(a.outlet.as_deref(), Some("The Guardian"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2022, 1, 6));
        let b = m.entry(OsStr::new("b.md")).unwrap();
        assert_eq!(b.url.as_deref(), Some("https://x.org/a"));
        assert_eq!(b.title.as_deref(), Some("T"));
        assert_eq!(b.event.as_deref(), Some("other"));
        assert_eq!(b.event_year, Some(2011));
        assert!(m.entry(OsStr::new("c.txt")).is_none());
    }

    #[test]
    fn unknown_field_is_located() {
        let mut w = Vec::new();
        let err = parse("event: e\ndocuments:\n  - file: a.txt\n    outlett: X\n", Path::new("m.yaml"), &mut w).unwrap_err();
        match &err {
            ManifestError::Invalid { line, column, message } => {
                assert_eq!(*line, 4);
                assert!(*column >= 5, "{column}");
                assert!(message.contains("unknown field `outlett`"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("files are loaded without it"));
    }

    #[test]
    fn broken_yaml_is_located() {
        let mut w = Vec::new();
        let err = parse("event: e\ndocuments:\n  - file: a.txt\n    outlet: [unclosed\n", Path::new("m.yaml"), &mut w).unwrap_err();
        assert!(matches!(err, ManifestError::Invalid { line: 4.., .. }), "{err:?}");
        let err = parse("event: [x]\n", Path::new("m.yaml"), &mut w).unwrap_err();
        assert!(matches!(&err, ManifestError::Invalid { line: 1, column: 8, message } if message.contains("invalid type")), "{err:?}");
    }

    #[test]
    fn bad_values_are_warnings() {
        let (m, w) = parse_ok("documents:\n  - file: a.txt\n    published: someday\n    outlet: X\n  - file: a.txt\n");
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].starts_with("d/manifest.yaml:2: manifest entry for `a.txt`: `published: someday` is not a date"), "{}", w[0]);
        assert!(w[1].contains("listed twice"));
        let (_, w) = parse_ok("event_year: {y: 1}\ndocuments:\n  - file: a.txt\n    published: [2022, 1, 8]\n");
        assert_eq!(
            w,
            [
                "d/manifest.yaml:1: manifest `event_year`: `event_year` must be a single value; ignored",
                "d/manifest.yaml:3: manifest entry for `a.txt`: `published` must be a single value; ignored"
            ]
        );
        // the last entry wins
        assert_eq!(m.entry(OsStr::new("a.txt")).unwrap().outlet, None);
    }

    #[test]
    fn entries_for_files_outside_the_folder_are_said_and_ignored() {
        let (m, w) = parse_ok(
            "documents:\n  - file: a.txt.bak\n  - file: a.txt\n    outlet: A\n  - file: sub/b.txt\n    outlet: B\n  - {file: ../../etc/passwd, outlet: C}\n  - file: '/etc/hostname'\n  - file: ./c.txt\n",
        );
        assert_eq!(m.entry(OsStr::new("a.txt")).and_then(|e| e.outlet.as_deref()), Some("A"));
        assert!(m.entry(OsStr::new("c.txt")).is_some(), "./c.txt is a file of the folder");
        assert!(m.entry(OsStr::new("b.txt")).is_none());
        let outside = "not a file of this folder; a manifest describes only the files beside it";
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0].starts_with(&format!("d/manifest.yaml:5: manifest entry for `sub/b.txt`: {outside}")), "{}", w[0]);
        assert!(w[1].starts_with(&format!("d/manifest.yaml:7: manifest entry for `../../etc/passwd`: {outside}")), "{}", w[1]);
        assert!(w[2].starts_with(&format!("d/manifest.yaml:8: manifest entry for `/etc/hostname`: {outside}")), "{}", w[2]);
        assert_eq!(entry_line("documents:\n  - file: a.txt.bak\n  - file: \"./a.txt\"\n", "a.txt"), 3, "not the entry it prefixes");
    }

    #[test]
    fn empty_manifest_is_fine() {
        let (m, w) = parse_ok("");
        assert!(w.is_empty());
        assert_eq!(m, Manifest::default());
    }

    #[test]
    fn missing_files_are_warned_about() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        std::fs::write(dir.path().join(MANIFEST_NAME), "documents:\n  - file: a.txt\n  - file: gone.txt\n").unwrap();
        let (m, w) = read(dir.path());
        assert!(m.unwrap().is_some());
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains(":3: manifest entry for `gone.txt`: no such file"), "{}", w[0]);
        let none = tempfile::tempdir().unwrap();
        assert_eq!(read(none.path()).0, Ok(None));
    }
}
