//! Turning the paths given on the command line into the list of article
//! files: folders are walked recursively, in sorted order, for `.txt` and
//! `.md` files; hidden files and folders are left out.

use super::load::ReadError;
use super::manifest::MANIFEST_NAME;
use super::Skipped;
use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Extensions of article files found in folders (compared ignoring case).
const EXTENSIONS: &[&str] = &["txt", "md"];
/// Deepest folder nesting walked.
const MAX_DEPTH: usize = 64;

/// The files to read, and what could not be used.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// Files in a deterministic order, each once, as the tool will open them.
    pub files: Vec<PathBuf>,
    /// Paths that could not be used.
    pub skipped: Vec<Skipped>,
    /// Notes for the user.
    pub warnings: Vec<String>,
}

/// What makes two paths one file: its device and inode on Unix (from the
/// `stat` the walk makes anyway), its canonical path elsewhere.
#[derive(Debug, PartialEq, Eq, Hash)]
enum FileKey {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

/// The key of the file at `path`, whose (symlink-following) metadata is
/// `metadata`.
#[cfg(unix)]
fn file_key(_path: &Path, metadata: &std::fs::Metadata) -> FileKey {
    use std::os::unix::fs::MetadataExt;
    FileKey::Inode(metadata.dev(), metadata.ino())
}

/// The key of the file at `path`, whose (symlink-following) metadata is
/// `metadata`.
#[cfg(not(unix))]
fn file_key(path: &Path, _metadata: &std::fs::Metadata) -> FileKey {
    FileKey::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// The key of a regular file listed in a folder on device `dev`, from the
/// listing alone (its inode comes with the name, and a file lies on its
/// folder's device): no `stat` per file.
#[cfg(unix)]
fn listed_key(dev: Option<u64>, entry: &std::fs::DirEntry) -> Option<FileKey> {
    use std::os::unix::fs::DirEntryExt;
    dev.map(|dev| FileKey::Inode(dev, entry.ino()))
}

/// Elsewhere the key needs the canonical path: `None`, the caller stats.
#[cfg(not(unix))]
fn listed_key(_dev: Option<u64>, _entry: &std::fs::DirEntry) -> Option<FileKey> {
    None
}

/// The device of folder `dir` (Unix), for [`listed_key`].
fn device_of(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(dir).ok().map(|m| m.dev())
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

fn skip(path: &Path, reason: impl ToString) -> Skipped {
    Skipped { path: path.to_path_buf(), reason: reason.to_string() }
}

fn is_hidden(name: &OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn is_article_name(name: &OsStr) -> bool {
    let path = Path::new(name);
    name != MANIFEST_NAME
        && path.extension().and_then(OsStr::to_str).is_some_and(|ext| EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext)))
}

/// Collect the article files under `paths`.
pub(crate) fn collect(paths: &[PathBuf]) -> Found {
    let mut found = Found::default();
    let mut walker = Walker { visited: HashSet::new(), found: &mut found, files: Vec::new() };
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => walker.found.skipped.push(skip(path, ReadError::from(e))),
            Ok(m) if m.is_dir() => walker.walk(path, 0),
            Ok(m) if m.is_file() => {
                if path.file_name().is_some_and(|n| n == MANIFEST_NAME) {
                    walker
                        .found
                        .warnings
                        .push(format!("{}: a folder manifest, not an article; it gives metadata to the files beside it", path.display()));
                } else {
                    walker.files.push((path.clone(), file_key(path, &m)));
                }
            }
            Ok(_) => walker.found.skipped.push(skip(path, ReadError::NotAFile)),
        }
    }
    let files = std::mem::take(&mut walker.files);
    dedupe(&mut found, files);
    found
}

struct Walker<'a> {
    /// Canonical folders already walked (symlink loops, repeated arguments).
    visited: HashSet<PathBuf>,
    found: &'a mut Found,
    /// Article files found so far, with their keys.
    files: Vec<(PathBuf, FileKey)>,
}

impl Walker<'_> {
    fn walk(&mut self, dir: &Path, depth: usize) {
        let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if self.visited.contains(&key) {
            // A folder reached twice: a symlink back into the tree (a loop)
            // or a folder named twice. Walked once; a symlink is said.
            if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
                self.found.warnings.push(format!(
                    "{}: a symlink to {}, which is already read (a loop or a second way in); not read again",
                    dir.display(),
                    key.display()
                ));
            }
            return;
        }
        self.visited.insert(key);
        if depth > MAX_DEPTH {
            self.found.warnings.push(format!("{}: folders nested deeper than {MAX_DEPTH} levels are not read", dir.display()));
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.found.skipped.push(skip(dir, ReadError::from(e)));
                return;
            }
        };
        let dev = device_of(dir);
        // (name, key when the listing says it is a regular file)
        let mut names: Vec<(std::ffi::OsString, Option<FileKey>)> = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => {
                    let regular = entry.file_type().is_ok_and(|t| t.is_file());
                    let key = if regular { listed_key(dev, &entry) } else { None };
                    names.push((entry.file_name(), key));
                }
                Err(e) => self.found.skipped.push(skip(dir, ReadError::from(e))),
            }
        }
        names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (name, listed) in names {
            if is_hidden(&name) {
                continue;
            }
            let path = dir.join(&name);
            if let Some(key) = listed {
                // a regular file (not a link): its type and key came with
                // the listing
                if is_article_name(&name) {
                    self.files.push((path, key));
                }
                continue;
            }
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => self.walk(&path, depth + 1),
                Ok(m) if m.is_file() => {
                    if is_article_name(&name) {
                        let key = file_key(&path, &m);
                        self.files.push((path, key));
                    }
                }
                // Sockets, FIFOs and devices are never read (a FIFO would
                // block); one with an article's name is reported.
                Ok(_) => {
                    if is_article_name(&name) {
                        self.found.skipped.push(skip(&path, ReadError::NotAFile));
                    }
                }
                Err(e) => {
                    if is_article_name(&name) {
                        self.found.skipped.push(skip(&path, ReadError::from(e)));
                    }
                }
            }
        }
    }
}

/// Keep each file once (a folder and a file inside it may both be given,
/// or a file and a link to it).
fn dedupe(found: &mut Found, files: Vec<(PathBuf, FileKey)>) {
    let mut seen: HashSet<FileKey> = HashSet::with_capacity(files.len());
    let mut kept = Vec::with_capacity(files.len());
    for (path, key) in files {
        if seen.insert(key) {
            kept.push(path);
        } else {
            found.warnings.push(format!("{}: given more than once; read once", path.display()));
        }
    }
    found.files = kept;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn walks_sorted_and_filters() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/sub")).unwrap();
        fs::create_dir_all(root.join(".hidden")).unwrap();
        for f in ["b/sub/z.txt", "b/a.MD", "c.txt", "a.txt", "notes.pdf", ".secret.txt", ".hidden/x.txt", "manifest.yaml"] {
            fs::write(root.join(f), "x").unwrap();
        }
        let found = collect(&[root.to_path_buf(), root.join("a.txt"), root.join("missing.txt")]);
        let rel: Vec<_> = found.files.iter().map(|p| p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")).collect();
        assert_eq!(rel, vec!["a.txt", "b/a.MD", "b/sub/z.txt", "c.txt"]);
        assert_eq!(found.skipped.len(), 1);
        assert_eq!(found.skipped[0].path, root.join("missing.txt"));
        assert_eq!(found.skipped[0].reason, "no such file or directory");
        assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
        assert!(found.warnings[0].contains("given more than once"));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_reached_through_a_link_or_a_relative_path_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::write(root.join("sub/a.txt"), "x").unwrap();
        fs::write(root.join("sub/b.txt"), "y").unwrap();
        std::os::unix::fs::symlink(root.join("sub/a.txt"), root.join("link.txt")).unwrap();
        fs::hard_link(root.join("sub/b.txt"), root.join("hard.txt")).unwrap();
        let found = collect(&[root.to_path_buf(), root.join("sub/../sub/a.txt")]);
        let rel: Vec<_> = found.files.iter().map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(rel, vec!["hard.txt", "link.txt"], "the first path found to each file is kept");
        assert_eq!(found.warnings.len(), 3, "{:?}", found.warnings);
        assert!(found.warnings.iter().all(|w| w.contains("given more than once")));
    }

    #[test]
    fn explicit_files_keep_their_spelling() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("story.html"), "x").unwrap();
        fs::write(dir.path().join(MANIFEST_NAME), "x").unwrap();
        let given = dir.path().join("story.html");
        let found = collect(&[given.clone(), dir.path().join(MANIFEST_NAME)]);
        assert_eq!(found.files, vec![given], "an explicit file is read whatever its extension");
        assert!(found.warnings[0].contains("not an article"));
    }
}
