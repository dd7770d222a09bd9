//! Where articles come from on the command line: files and folders, `-`
//! (one document on standard input) and `--jsonl FILE|-` (one document per
//! line).

use anyhow::{bail, Context, Result};
use crosscheck::corpus::jsonl::{text_document, JsonlReader};
use crosscheck::corpus::{self, LoadOutcome, Skipped};
use crosscheck::model::Document;
use crosscheck::rules::RuleSet;
use std::collections::HashSet;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// True for the `-` path (standard input).
pub(crate) fn is_stdin(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// Opens a JSONL input (`-` is standard input) as a buffered reader.
pub(crate) fn open_jsonl(path: &Path) -> Result<Box<dyn std::io::BufRead + Send>> {
    if is_stdin(path) {
        Ok(Box::new(BufReader::with_capacity(1 << 20, std::io::stdin())))
    } else {
        let f = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        Ok(Box::new(BufReader::with_capacity(1 << 20, f)))
    }
}

/// Why a JSONL input that could not be opened is skipped: the system's
/// reason, as for an article file ("cannot read: No such file or directory").
pub(crate) fn cannot_open(err: &anyhow::Error) -> String {
    format!("cannot read: {}", err.root_cause())
}

/// The name a JSONL input is shown with.
pub(crate) fn source_name(path: &Path) -> String {
    path.display().to_string()
}

/// Loads every input into memory: files and folders through the corpus
/// loader, then stdin and JSONL documents; ids made unique, documents
/// sorted by id, near-duplicates marked over all of them. Bad JSONL lines
/// are reported on stderr and listed as skipped. The caller has checked
/// that standard input is asked for once at most ([`check_stdin_once`]).
pub(crate) fn load_all(paths: &[PathBuf], jsonl: &[PathBuf], rules: &RuleSet) -> Result<LoadOutcome> {
    let files: Vec<PathBuf> = paths.iter().filter(|p| !is_stdin(p)).cloned().collect();
    let mut loaded = if files.is_empty() { LoadOutcome::default() } else { corpus::load(&files, &rules.corpus) };
    let mut extra = Vec::new();
    if paths.iter().any(|p| is_stdin(p)) {
        extra.extend(stdin_document(rules, &mut loaded.warnings, &mut loaded.skipped)?);
    }
    for path in jsonl {
        // one that cannot be opened is skipped, like an unreadable article
        let reader = match open_jsonl(path) {
            Ok(reader) => reader,
            Err(e) => {
                loaded.skipped.push(Skipped { path: path.clone(), reason: cannot_open(&e) });
                continue;
            }
        };
        for item in JsonlReader::new(reader, source_name(path), &rules.corpus) {
            loaded.warnings.extend(item.warnings);
            match item.document {
                Ok(doc) => extra.push(doc),
                Err(e) => {
                    // reported on stderr with the other skipped inputs
                    let reason = e.to_string();
                    let reason = reason.split_once(": ").map_or(reason.clone(), |(_, r)| r.to_string());
                    loaded.skipped.push(Skipped { path: corpus::jsonl::record_path(&source_name(path), e.line()), reason });
                }
            }
        }
    }
    if !extra.is_empty() {
        let mut used: HashSet<String> = loaded.documents.iter().map(|d| d.id.clone()).collect();
        for mut doc in extra {
            make_id_unique(&mut doc, &mut used, &mut loaded.warnings);
            loaded.documents.push(doc);
        }
        loaded.documents.sort_by(|a, b| a.id.cmp(&b.id));
        corpus::mark_near_duplicates(&mut loaded.documents, rules.corpus.near_duplicate_threshold);
    }
    Ok(loaded)
}

/// The document on standard input (`-`), or `None` with the reason in
/// `skipped` when it cannot be used.
pub(crate) fn stdin_document(rules: &RuleSet, warnings: &mut Vec<String>, skipped: &mut Vec<Skipped>) -> Result<Option<Document>> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
    Ok(match text_document(bytes, &rules.corpus, warnings) {
        Ok(doc) => Some(doc),
        Err(reason) => {
            skipped.push(Skipped { path: "-".into(), reason });
            None
        }
    })
}

/// Gives `doc` an id none of `used` has (`story~2`, `story~3`…, with a
/// warning), and adds it to `used`.
pub(crate) fn make_id_unique(doc: &mut Document, used: &mut HashSet<String>, warnings: &mut Vec<String>) {
    let id = corpus::unused_id(&doc.id, used);
    if id != doc.id {
        warnings.push(format!("{}: id `{}` is taken; renamed `{id}`", doc.path.display(), doc.id));
        doc.id = id;
    }
    used.insert(doc.id.clone());
}

/// Standard input can be read once: two of `-`, `--jsonl -` and
/// `--files-from -` (or one of them twice) are an error.
pub(crate) fn check_stdin_once(paths: &[PathBuf], jsonl: &[PathBuf], lists: &[PathBuf]) -> Result<()> {
    let n = [paths, jsonl, lists].iter().map(|given| given.iter().filter(|p| is_stdin(p)).count()).sum::<usize>();
    if n > 1 {
        bail!(
            "standard input can be read only once: give `-` as a path, `--jsonl -` or `--files-from -`, \
             one of them, once"
        );
    }
    Ok(())
}

/// The paths a `--files-from` list names (`-` is standard input); an
/// unreadable list is an error, as the inputs it holds are unknown.
pub(crate) fn read_path_list(list: &Path) -> Result<Vec<PathBuf>> {
    let mut bytes = Vec::new();
    if is_stdin(list) {
        std::io::stdin().read_to_end(&mut bytes).context("reading the path list on standard input")?;
    } else {
        bytes = std::fs::read(list).with_context(|| format!("reading the path list {}", list.display()))?;
    }
    listed_paths(&bytes).with_context(|| format!("reading the path list {}", source_name(list)))
}

/// The paths of a list, one a line: a line's end may be `\r\n`, blank lines
/// are skipped, and every other byte is the path's (spaces included). A
/// list holding a NUL byte (`find -print0`) is split at NULs instead, and
/// only there, so a path may hold a line break (no path holds a NUL). A
/// line `-` names the file `-` in the current folder, not standard input.
/// On Unix a path is any bytes, as file names are; elsewhere it must be
/// UTF-8.
fn listed_paths(bytes: &[u8]) -> Result<Vec<PathBuf>> {
    let nul_separated = memchr::memchr(0, bytes).is_some();
    let separator = if nul_separated { 0 } else { b'\n' };
    let mut paths = Vec::new();
    for (n, line) in bytes.split(|&b| b == separator).enumerate() {
        let line = if nul_separated { line } else { line.strip_suffix(b"\r").unwrap_or(line) };
        if line.is_empty() {
            continue;
        }
        let path = path_of_bytes(line).with_context(|| format!("path {}: not UTF-8", n + 1))?;
        paths.push(if is_stdin(&path) { Path::new(".").join("-") } else { path });
    }
    Ok(paths)
}

/// A path from its bytes (any bytes on Unix).
#[cfg(unix)]
fn path_of_bytes(bytes: &[u8]) -> Result<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    Ok(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
}

/// A path from its bytes, which must be UTF-8.
#[cfg(not(unix))]
fn path_of_bytes(bytes: &[u8]) -> Result<PathBuf> {
    Ok(PathBuf::from(std::str::from_utf8(bytes)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_list_is_read_line_by_line() {
        let list = b"a.txt\r\n\n  spaced name.txt\nfolder/\n-\n\r\nlast";
        let paths = listed_paths(list).unwrap();
        let expected: Vec<PathBuf> = ["a.txt", "  spaced name.txt", "folder/", "./-", "last"].iter().map(PathBuf::from).collect();
        assert_eq!(paths, expected);
        assert!(listed_paths(b"").unwrap().is_empty());
        assert!(listed_paths(b"\n\r\n\n").unwrap().is_empty());
    }

    #[test]
    fn a_list_with_nul_bytes_is_split_at_them_only() {
        let paths = listed_paths(b"two\nlines.txt\0a.txt\r\0\0-\0").unwrap();
        let expected: Vec<PathBuf> = ["two\nlines.txt", "a.txt\r", "./-"].iter().map(PathBuf::from).collect();
        assert_eq!(paths, expected);
    }

    #[cfg(unix)]
    #[test]
    fn a_listed_path_may_hold_any_bytes_on_unix() {
        use std::os::unix::ffi::OsStrExt;
        let paths = listed_paths(b"caf\xe9.txt\nok.txt\n").unwrap();
        assert_eq!(paths[0].as_os_str().as_bytes(), b"caf\xe9.txt");
        assert_eq!(paths[1], PathBuf::from("ok.txt"));
    }
}
