//! Loading articles: files and folders, YAML front matter, `manifest.yaml`,
//! metadata read from the text, boilerplate masking and near-duplicate
//! detection.
//!
//! Metadata comes from three places, highest priority first:
//! 1. YAML front matter at the top of the file (`front_matter.rs`);
//! 2. the `manifest.yaml` of the file's folder (`manifest.rs`);
//! 3. the text itself (`header.rs`): a URL line, a dateline marker, a date
//!    line, an "© Provided by …" credit, the first line as title.
//!
//! Nothing here fails as a whole: unusable files become [`Skipped`], odd
//! metadata becomes a warning, and the rest is still loaded.

mod batches;
mod duplicates;
mod front_matter;
#[doc(hidden)]
pub mod fuzzing;
mod header;
pub mod jsonl;
mod load;
mod manifest;
mod mask;
mod read_ahead;
mod walk;
pub(crate) mod yaml_guard;

pub use batches::{load_in_batches, Batch, BatchedLoad};
pub use duplicates::{mark_near_duplicates, metadata_count, near_duplicate_originals, shingles, shingles_of_segments, OriginalKey};
pub use header::DatelineMarkers;
pub use mask::{mask_ranges, unmasked_ranges, Boilerplate};

use crate::model::Document;
use chrono::{Datelike, NaiveDate};
use load::ReadError;
use manifest::Manifest;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// What the corpus loader needs from the rules.
#[derive(Debug, Clone)]
pub struct CorpusConfig {
    /// Boilerplate patterns (id, regex). Every match is masked out.
    pub boilerplate: Boilerplate,
    /// Known outlets by domain and dateline marker.
    pub outlets: Vec<OutletRule>,
    /// The dateline markers of `outlets`, searched for together (built
    /// from them by [`DatelineMarkers::new`]).
    pub dateline_markers: DatelineMarkers,
    /// Patterns whose named group `outlet` names the outlet
    /// ("© Provided by The Guardian").
    pub outlet_patterns: Vec<Regex>,
    /// Containment (shared shingles / shingles of the smaller document)
    /// at or above which two documents are copies of one story.
    pub near_duplicate_threshold: f64,
    /// How many non-empty lines at the top count as the header, where a
    /// URL line or a dateline gives metadata.
    pub header_lines: usize,
}

/// A known outlet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutletRule {
    /// Display name ("South China Morning Post").
    pub name: String,
    /// Domains, without `www.` ("scmp.com").
    pub domains: Vec<String>,
    /// Literal dateline markers ("(Xinhua)").
    pub datelines: Vec<String>,
}

/// A file that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The path as given.
    pub path: PathBuf,
    /// Why it was skipped (one line).
    pub reason: String,
}

/// What [`load()`] produced.
#[derive(Debug, Clone, Default)]
pub struct LoadOutcome {
    /// Documents read, sorted by id, near-duplicates marked.
    pub documents: Vec<Document>,
    /// Files that could not be used, with the reason, sorted by path.
    pub skipped: Vec<Skipped>,
    /// Problems that did not stop loading (broken front matter or
    /// manifest, unknown keys, manifest entries without a file…), each
    /// starting with the file and line it is about.
    pub warnings: Vec<String>,
}

/// Metadata from one source (front matter, a manifest entry, the
/// manifest's folder-wide keys).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Meta {
    /// Outlet name.
    pub outlet: Option<String>,
    /// Article URL.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Title.
    pub title: Option<String>,
    /// Event id.
    pub event: Option<String>,
    /// Explicit event year.
    pub event_year: Option<i32>,
}

/// The event used when nothing names one.
pub(crate) const DEFAULT_EVENT: &str = "default";

/// Load articles from files and folders.
///
/// Each path is a file or a folder; folders are walked recursively in
/// sorted order for `.txt` and `.md` files (hidden entries and
/// `manifest.yaml` left out). A file given explicitly is read whatever its
/// extension. Files that are missing, unreadable, binary, not UTF-8 or
/// empty are reported in [`LoadOutcome::skipped`]; everything else is
/// loaded. Never panics.
///
/// A document's id is its file stem; when several files share a stem,
/// their ids get the names of the folders they are in (`a/story`,
/// `b/story`), and ids stay unique. Documents come back sorted by id,
/// with near-duplicates marked by [`mark_near_duplicates`].
pub fn load(paths: &[PathBuf], config: &CorpusConfig) -> LoadOutcome {
    load_found(walk::collect(paths), config)
}

/// What [`read_only`] read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadTally {
    /// Files read whole.
    pub files: usize,
    /// Their bytes.
    pub bytes: usize,
    /// Files that could not be read.
    pub failed: usize,
}

/// Walks `paths` and reads every article file as [`load()`] does (same walk,
/// same reader threads, the current rayon pool's workers taking the bytes),
/// and keeps nothing but the count: what reading alone costs, the floor
/// under a whole run's time, for benchmarks.
pub fn read_only(paths: &[PathBuf]) -> ReadTally {
    let found = walk::collect(paths);
    let read: Vec<Option<usize>> = read_ahead::read_all(&found.files, |_, bytes| bytes.ok().map(|b| std::hint::black_box(b).len()));
    let mut tally = ReadTally::default();
    for bytes in read {
        match bytes {
            Some(n) => {
                tally.files += 1;
                tally.bytes += n;
            }
            None => tally.failed += 1,
        }
    }
    tally
}

/// The second half of [`load()`]: reads the files a walk listed. Anything can
/// happen to a file between the two (it may vanish, or become unreadable):
/// such a file is skipped with the reason, like one found so at listing.
fn load_found(found: walk::Found, config: &CorpusConfig) -> LoadOutcome {
    let mut skipped = found.skipped;
    let mut warnings = found.warnings;
    // Manifests first, once per folder (in file order); then the files in
    // parallel, results gathered back in file order.
    let by_dir = manifests_of(&found.files, &mut warnings);
    let read: Vec<(Result<Built, ReadError>, Vec<String>)> =
        read_ahead::read_all(&found.files, |path, bytes| build_file(path, bytes, config, &by_dir));
    let mut documents = Vec::with_capacity(read.len());
    let mut implicit = Vec::new();
    for (path, (result, file_warnings)) in found.files.iter().zip(read) {
        warnings.extend(file_warnings);
        match result {
            Ok(built) => {
                if !built.explicit_event {
                    implicit.push((documents.len(), built.body_start));
                }
                documents.push(built.document);
            }
            Err(e) => skipped.push(Skipped { path: path.clone(), reason: e.to_string() }),
        }
    }
    let implicit_at: HashSet<usize> = implicit.iter().map(|&(i, _)| i).collect();
    let named = NamedEvent::of(
        documents.iter().enumerate().filter(|(i, _)| !implicit_at.contains(i)).map(|(_, d)| (d.event.as_str(), d.event_year)),
    );
    if let Some(named) = &named {
        for &(i, body_start) in &implicit {
            if let Some(doc) = documents.get_mut(i) {
                named.join(doc, body_start, config);
            }
        }
    }
    assign_ids(&mut documents);
    documents.sort_by(|a, b| a.id.cmp(&b.id));
    mark_near_duplicates(&mut documents, config.near_duplicate_threshold);
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    LoadOutcome { documents, skipped, warnings: without_repeats(warnings) }
}

/// The manifest of the folder of each of `files`, each read (and warned
/// about, into `warnings`) once, in file order.
fn manifests_of(files: &[PathBuf], warnings: &mut Vec<String>) -> HashMap<PathBuf, Option<Manifest>> {
    let mut manifests = Manifests::default();
    let mut by_dir: HashMap<PathBuf, Option<Manifest>> = HashMap::new();
    for path in files {
        let dir = path.parent().unwrap_or(Path::new(""));
        if !by_dir.contains_key(dir) {
            let manifest = manifests.get(dir, warnings).cloned();
            by_dir.insert(dir.to_path_buf(), manifest);
        }
    }
    by_dir
}

/// The document of the file at `path` from its bytes (or why there is none),
/// and the file's warnings.
fn build_file(
    path: &Path,
    bytes: std::io::Result<Vec<u8>>,
    config: &CorpusConfig,
    by_dir: &HashMap<PathBuf, Option<Manifest>>,
) -> (Result<Built, ReadError>, Vec<String>) {
    let mut warnings = Vec::new();
    let manifest = by_dir.get(path.parent().unwrap_or(Path::new(""))).and_then(Option::as_ref);
    let built = bytes.map_err(ReadError::from).and_then(|bytes| document_from_bytes(path, bytes, config, manifest, &mut warnings));
    (built, warnings)
}

/// `warnings` in order, each once.
fn without_repeats(mut warnings: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    warnings.retain(|w| seen.insert(w.clone()));
    warnings
}

/// The one event front matter or manifests name in a run, which documents
/// whose event nobody named (it came from their folder's name) join: other
/// outlets' articles dropped next to a described corpus are compared with
/// it. Their event year, and a yearless dateline's date, are then read
/// again with that event's year.
struct NamedEvent {
    /// The event.
    event: String,
    /// Its year: the event id's suffix, else the one year its documents
    /// give, if they agree.
    year: Option<i32>,
}

impl NamedEvent {
    /// The event of `named` (the event and event year of each document
    /// that names its event), when they name exactly one.
    fn of<'a>(named: impl Iterator<Item = (&'a str, Option<i32>)>) -> Option<NamedEvent> {
        let named: std::collections::BTreeSet<(&str, Option<i32>)> = named.collect();
        let mut events = named.iter().map(|(e, _)| *e).collect::<Vec<_>>();
        events.dedup();
        let [event] = events.as_slice() else { return None };
        let year = year_suffix(event).or_else(|| {
            let years: std::collections::BTreeSet<i32> = named.iter().filter_map(|(_, y)| *y).collect();
            (years.len() == 1).then(|| years.into_iter().next()).flatten()
        });
        Some(NamedEvent { event: event.to_string(), year })
    }

    /// `doc`, whose event nobody named and whose body starts at
    /// `body_start`, joins this event.
    fn join(&self, doc: &mut Document, body_start: usize, config: &CorpusConfig) {
        doc.event = self.event.clone();
        if doc.published.is_none() {
            doc.published = header::scan(&doc.text, body_start, config).published(&doc.text, doc.url.as_deref(), self.year);
        }
        doc.event_year = self.year.or_else(|| doc.published.map(|d| d.year()));
    }
}

/// Manifests by folder, each read (and warned about) once.
#[derive(Default)]
struct Manifests(HashMap<PathBuf, Option<Manifest>>);

impl Manifests {
    fn get(&mut self, dir: &Path, warnings: &mut Vec<String>) -> Option<&Manifest> {
        let key =
            std::fs::canonicalize(if dir.as_os_str().is_empty() { Path::new(".") } else { dir }).unwrap_or_else(|_| dir.to_path_buf());
        self.0
            .entry(key)
            .or_insert_with(|| {
                let (result, entry_warnings) = manifest::read(dir);
                let path = dir.join(manifest::MANIFEST_NAME);
                let manifest = match result {
                    Ok(m) => m,
                    Err(e @ manifest::ManifestError::Invalid { line, column, .. }) => {
                        warnings.push(format!("{}:{line}:{column}: {e}", path.display()));
                        None
                    }
                    Err(e) => {
                        warnings.push(format!("{}: {e}", path.display()));
                        None
                    }
                };
                warnings.extend(entry_warnings);
                manifest
            })
            .as_ref()
    }
}

/// A document as read, with what [`NamedEvent::join`] needs.
pub(crate) struct Built {
    /// The document.
    pub document: Document,
    /// Whether front matter, a manifest or a JSONL record named its event.
    pub explicit_event: bool,
    /// Where its body starts (after the front matter).
    pub body_start: usize,
}

/// A file's bytes made into a document (its id is the file stem for now):
/// decoded (lossily, with a warning naming the first bad byte), then built
/// with its manifest entry.
fn document_from_bytes(
    path: &Path,
    bytes: Vec<u8>,
    config: &CorpusConfig,
    manifest: Option<&Manifest>,
    warnings: &mut Vec<String>,
) -> Result<Built, ReadError> {
    let load::Decoded { text, note } = load::decode(bytes)?;
    if let Some(note) = note {
        warnings.push(format!("{}: {note}", path.display()));
    }
    let (entry, folder) = match (manifest, path.file_name()) {
        (Some(m), Some(name)) => (m.entry(name).cloned().unwrap_or_default(), m.folder.clone()),
        (Some(m), None) => (Meta::default(), m.folder.clone()),
        (None, _) => (Meta::default(), Meta::default()),
    };
    build_document(stem(path), path, text, &entry, &folder, || folder_event(path), config, warnings)
}

/// Turn a text into a document: front matter, then `entry` and `folder`
/// metadata (a manifest entry and its folder-wide keys, or a JSONL record),
/// then what the text itself says; boilerplate masked. `fallback_event`
/// names the event when nothing else does.
#[allow(clippy::too_many_arguments)]
pub(crate) fn build_document(
    id: String,
    path: &Path,
    text: String,
    entry: &Meta,
    folder: &Meta,
    fallback_event: impl FnOnce() -> String,
    config: &CorpusConfig,
    warnings: &mut Vec<String>,
) -> Result<Built, ReadError> {
    let front = match front_matter::parse(&text) {
        Ok(front) => front,
        Err(e) => {
            let (line, column) = e.location();
            warnings.push(format!("{}:{line}:{column}: {e}", path.display()));
            None
        }
    };
    let (fm, fm_range) = match front {
        Some(f) => {
            warnings.extend(f.warnings.iter().map(|(line, column, w)| format!("{}:{line}:{column}: {w}", path.display())));
            (f.meta, Some(f.range))
        }
        None => (Meta::default(), None),
    };
    let body_start = fm_range.as_ref().map_or(0, |r| r.end);
    if text.get(body_start..).unwrap_or("").trim().is_empty() {
        return Err(ReadError::FrontMatterOnly);
    }

    let header = header::scan(&text, body_start, config);
    // the front matter is masked but for a one-line title's value: a
    // headline's figures are claims too ("title: Cyclone kills at least nine")
    let fm_masked = match (&fm_range, &fm.title) {
        (Some(range), Some(title)) => front_matter_around_title(&text, range.clone(), title),
        (Some(range), None) => vec![range.clone()],
        _ => Vec::new(),
    };
    let mut ranges: Vec<_> = fm_masked.into_iter().chain(header.url_line.clone()).collect();
    let (boilerplate, oversized) = config.boilerplate.ranges(&text);
    ranges.extend(boilerplate);
    if let Some(first) = oversized.first() {
        let (line, column) = crate::extract::text::line_column(&text, first.range.start);
        let more = match oversized.len() {
            1 => String::new(),
            n => format!(" ({} more such matches)", n - 1),
        };
        warnings.push(format!(
            "{}:{line}:{column}: boilerplate rule `{}` matched {} bytes, more than {}: not masked, read as text{more}",
            path.display(),
            first.id,
            first.range.len(),
            mask::MAX_BOILERPLATE_BYTES
        ));
    }
    ranges.retain(|r| !r.is_empty());

    let named_event = fm.event.clone().or_else(|| entry.event.clone()).or_else(|| folder.event.clone());
    let explicit_event = named_event.is_some();
    let event = named_event.unwrap_or_else(fallback_event);
    // An explicit year counts only from a source at least as strong as the
    // one that named the event: a manifest's year is not the year of an
    // event named in the front matter.
    let layers = [&fm, entry, folder];
    let event_layer = layers.iter().position(|m| m.event.is_some()).unwrap_or(layers.len());
    let explicit_year = layers.iter().take(event_layer + 1).find_map(|m| m.event_year);
    let known_year = explicit_year.or_else(|| year_suffix(&event));

    let url = fm.url.clone().or_else(|| entry.url.clone()).or_else(|| header.url.clone());
    let outlet = fm
        .outlet
        .clone()
        .or_else(|| entry.outlet.clone())
        .or_else(|| header.pattern_outlet.clone())
        .or_else(|| url.as_deref().and_then(|u| header::outlet_for_url(u, &config.outlets)))
        .or_else(|| header.dateline_outlet.clone());
    let given = fm.published.or(entry.published);
    let published = given.or_else(|| header.published(&text, url.as_deref(), known_year));
    if let (None, Some(span)) = (given, &header.impossible_date) {
        warnings.push(impossible_date_warning(path, &text, span, published));
    }
    let title = fm.title.clone().or_else(|| entry.title.clone()).or_else(|| header::title(&text, &ranges, body_start));
    let event_year = known_year.or_else(|| published.map(|d| d.year()));

    let document = Document {
        id,
        path: path.to_path_buf(),
        outlet: outlet.and_then(one_line),
        url,
        published,
        title: title.and_then(one_line),
        event: one_line(event).unwrap_or_else(|| DEFAULT_EVENT.to_string()),
        event_year,
        text,
        masked_ranges: ranges,
        duplicate_of: None,
    };
    Ok(Built { document, explicit_event, body_start })
}

/// The warning for a header date line whose date names no day of the
/// calendar: where it is, what it says, and what the article's date is
/// instead.
fn impossible_date_warning(path: &Path, text: &str, span: &Range<usize>, published: Option<NaiveDate>) -> String {
    let (line, column) = crate::extract::text::line_column(text, span.start);
    let written = text.get(span.clone()).unwrap_or_default();
    let instead = match published {
        Some(date) => format!("the article is dated {date} from the rest of its header or its URL"),
        None => "the article is undated (give `published` in front matter or a manifest)".to_string(),
    };
    format!("{}:{line}:{column}: the date line's `{written}` is not a day of the calendar; ignored, {instead}", path.display())
}

/// A name shown on one line of a table or a heading: each run of white
/// space (line ends and tabs included) made one space, none at either end;
/// `None` when nothing else is left. Metadata may come from YAML's quoted
/// strings (`outlet: "A\nB"`), a manifest or a JSON line, where a line end
/// would break the claims table's heading and the report's rows.
fn one_line(name: String) -> Option<String> {
    let plain =
        !name.starts_with(' ') && !name.ends_with(' ') && !name.contains("  ") && !name.chars().any(|c| c.is_whitespace() && c != ' ');
    if plain {
        return (!name.is_empty()).then_some(name);
    }
    let joined = name.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// The file stem as text.
fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(|| path.to_string_lossy().into_owned(), |s| s.to_string_lossy().into_owned())
}

/// The event named after the folder a file is in (slugified), or
/// `default`.
fn folder_event(path: &Path) -> String {
    let parent = path.parent().unwrap_or(Path::new(""));
    let name = parent.file_name().map(|n| n.to_string_lossy().into_owned()).or_else(|| {
        // "x.txt" or "../x.txt": name the folder itself.
        let dir = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
        std::fs::canonicalize(dir).ok()?.file_name().map(|n| n.to_string_lossy().into_owned())
    });
    name.map(|n| slugify(&n)).filter(|s| !s.is_empty()).unwrap_or_else(|| DEFAULT_EVENT.to_string())
}

/// Lower-case letters and digits, other runs turned into one `-`.
fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// The parts of the front matter at `range` of `text` to mask around the
/// value of its one-line `title:` key, when that value, unquoted, is
/// `title`; the whole range otherwise (a title over several lines, or one
/// YAML rewrote).
fn front_matter_around_title(text: &str, range: Range<usize>, title: &str) -> Vec<Range<usize>> {
    let whole = vec![range.clone()];
    let Some(block) = text.get(range.clone()) else { return whole };
    let Some(line_at) = block.find("\ntitle:").map(|i| i + 1) else { return whole };
    let line_end = block.get(line_at..).and_then(|l| l.find('\n')).map_or(block.len(), |e| line_at + e);
    let Some(value) = block.get(line_at + "title:".len()..line_end) else { return whole };
    let trimmed = value.trim();
    let unquoted = ['"', '\''].into_iter().find_map(|q| trimmed.strip_prefix(q)?.strip_suffix(q)).unwrap_or(trimmed);
    if unquoted.trim() != title.trim() || unquoted.is_empty() {
        return whole;
    }
    let Some(offset) = value.find(unquoted) else { return whole };
    let start = range.start + line_at + "title:".len() + offset;
    vec![range.start..start, start + unquoted.len()..range.end]
}

/// The year ending an event id: `kazakhstan-2022` → 2022.
fn year_suffix(event: &str) -> Option<i32> {
    let (_, tail) = event.rsplit_once(['-', '_'])?;
    front_matter::parse_year(tail)
}

/// Make the documents' ids unique ([`unique_ids`] of their stems and paths).
fn assign_ids(documents: &mut [Document]) {
    let ids = unique_ids(&documents.iter().map(|d| (d.id.as_str(), d.path.as_path())).collect::<Vec<_>>());
    for (document, id) in documents.iter_mut().zip(ids) {
        document.id = id;
    }
}

/// The unique id of each document, in order, from its file stem and its
/// path. Documents sharing a stem take as many of their folders' names as
/// needed to tell them apart (`a/story`, `b/story`); anything still equal
/// gets `~2`, `~3`… in path order.
// Every index here comes from enumerating `stems_and_paths` itself.
#[allow(clippy::indexing_slicing)]
fn unique_ids(stems_and_paths: &[(&str, &Path)]) -> Vec<String> {
    let mut ids: Vec<String> = stems_and_paths.iter().map(|(stem, _)| stem.to_string()).collect();
    let mut by_stem: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (stem, _)) in stems_and_paths.iter().enumerate() {
        by_stem.entry(stem).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = by_stem.into_values().filter(|g| g.len() > 1).collect();
    groups.sort();
    for group in groups {
        let folders: Vec<Vec<String>> = group.iter().map(|&i| folder_names(stems_and_paths[i].1)).collect();
        let deepest = folders.iter().map(Vec::len).max().unwrap_or(0);
        let ids_with = |depth: usize| -> Vec<String> {
            group
                .iter()
                .zip(&folders)
                .map(|(&i, names)| {
                    let from = names.len().saturating_sub(depth);
                    let mut parts: Vec<&str> = names[from..].iter().map(String::as_str).collect();
                    parts.push(stems_and_paths[i].0);
                    parts.join("/")
                })
                .collect()
        };
        let chosen = (1..=deepest.max(1))
            .map(ids_with)
            .find(|ids| ids.iter().collect::<HashSet<_>>().len() == ids.len())
            .unwrap_or_else(|| ids_with(1));
        for (&i, id) in group.iter().zip(chosen) {
            ids[i] = id;
        }
    }
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by(|&a, &b| stems_and_paths[a].1.cmp(stems_and_paths[b].1));
    let mut used = HashSet::new();
    for i in order {
        let id = unused_id(&ids[i], &used);
        used.insert(id.clone());
        ids[i] = id;
    }
    ids
}

/// `base` when `used` does not hold it, else [`renamed_id`].
pub fn unused_id(base: &str, used: &HashSet<String>) -> String {
    if used.contains(base) {
        renamed_id(base, used)
    } else {
        base.to_string()
    }
}

/// The first of `base~2`, `base~3`… that `used` does not hold.
pub fn renamed_id(base: &str, used: &HashSet<String>) -> String {
    let mut n = 2;
    loop {
        let id = format!("{base}~{n}");
        if !used.contains(&id) {
            return id;
        }
        n += 1;
    }
}

/// Names of the folders holding `path`, outermost first, from the real
/// (canonical) path when it can be resolved.
fn folder_names(path: &Path) -> Vec<String> {
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let parent = real.parent().unwrap_or(Path::new(""));
    parent
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            std::path::Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_name_is_shown_on_one_line() {
        let one = |s: &str| super::one_line(s.to_string());
        assert_eq!(one("Reuters").as_deref(), Some("Reuters"));
        assert_eq!(one("The Diplomat").as_deref(), Some("The Diplomat"));
        assert_eq!(one("Line1\nLine2\r\n\tthree").as_deref(), Some("Line1 Line2 three"));
        assert_eq!(one(" Al  Jazeera\u{a0}").as_deref(), Some("Al Jazeera"));
        assert_eq!(one(" \n\t"), None);
        assert_eq!(one(""), None);
    }

    use super::*;
    use std::fs;

    #[test]
    fn an_id_taken_gets_the_first_free_number() {
        let used: HashSet<String> = ["a", "a~2", "b~2"].iter().map(|s| s.to_string()).collect();
        assert_eq!(unused_id("c", &used), "c");
        assert_eq!(unused_id("a", &used), "a~3");
        assert_eq!(unused_id("b", &used), "b", "a free id stays as it is");
        assert_eq!(renamed_id("b", &used), "b~3", "renamed even when free");
        assert_eq!(renamed_id("c", &used), "c~2");
    }

    fn outlet(name: &str, domains: &[&str], datelines: &[&str]) -> OutletRule {
        OutletRule {
            name: name.into(),
            domains: domains.iter().map(|s| s.to_string()).collect(),
            datelines: datelines.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn config() -> CorpusConfig {
        let outlets = vec![outlet("Daily Example", &["daily.example"], &[]), outlet("Wire Service", &["wire.example"], &["(Wire)"])];
        CorpusConfig {
            boilerplate: Boilerplate::new(vec![
                ("load-error".into(), Regex::new(r"(?m)^\s*Load Error\s*$").unwrap()),
                ("provided-by".into(), Regex::new(r"(?m)^\s*©\s*Provided by .*$").unwrap()),
            ]),
            dateline_markers: DatelineMarkers::new(&outlets).unwrap(),
            outlets,
            outlet_patterns: vec![Regex::new(r"(?m)©\s*Provided by\s+(?P<outlet>[^\n]+?)\s*$").unwrap()],
            near_duplicate_threshold: 0.7,
            header_lines: 8,
        }
    }

    fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, content).unwrap();
        path
    }

    fn by_id<'a>(out: &'a LoadOutcome, id: &str) -> &'a Document {
        out.documents
            .iter()
            .find(|d| d.id == id)
            .unwrap_or_else(|| panic!("no document {id}: {:?}", out.documents.iter().map(|d| &d.id).collect::<Vec<_>>()))
    }

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn read_only_reads_what_load_would_and_counts_it() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", "one");
        write(dir.path(), "sub/b.md", [0xff_u8, 0xfe, 0, 1]); // not text: read all the same
        write(dir.path(), "notes.pdf", "left out by the walk");
        write(dir.path(), ".hidden.txt", "left out by the walk");
        let tally = read_only(&[dir.path().to_path_buf()]);
        assert_eq!(tally, ReadTally { files: 2, bytes: 7, failed: 0 });
        assert_eq!(read_only(&[dir.path().join("missing")]), ReadTally::default(), "a missing path is the walk's to skip");
    }

    #[test]
    fn bad_files_are_skipped_and_the_rest_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "good.txt", "A title\nSome body text.\n");
        write(root, "latin1.txt", b"caf\xe9 au lait\n");
        write(root, "koi8.txt", b"\xf0\xd2\xc9\xd7\xc5\xd4\n");
        write(root, "binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0");
        write(root, "empty.md", "  \n\n");
        write(root, "only-front.md", "---\ntitle: x\n---\n\n");
        let missing = root.join("missing.txt");
        let out = load(&[root.to_path_buf(), missing.clone()], &config());
        let ids: Vec<&str> = out.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["good", "latin1"]);
        assert_eq!(out.documents[1].text, "caf\u{fffd} au lait\n", "a stray byte is replaced, the rest read");
        let latin1 = root.join("latin1.txt").display().to_string();
        assert_eq!(out.warnings, vec![format!("{latin1}: not valid UTF-8: 1 invalid byte, the first at byte offset 3 (line 1); read with each invalid sequence replaced by U+FFFD")]);
        let reasons: Vec<(String, &str)> =
            out.skipped.iter().map(|s| (s.path.file_name().unwrap().to_string_lossy().into_owned(), s.reason.as_str())).collect();
        assert_eq!(
            reasons,
            vec![
                ("binary.txt".to_string(), "binary file (NUL byte at offset 8)"),
                ("empty.md".to_string(), "empty"),
                ("koi8.txt".to_string(), "not UTF-8 text (6 of 7 bytes invalid, the first at byte offset 0, line 1); convert it to UTF-8"),
                ("missing.txt".to_string(), "no such file or directory"),
                ("only-front.md".to_string(), "empty (front matter only)"),
            ]
        );
        assert!(out.skipped.iter().all(|s| !s.reason.contains('\n')));
        assert_eq!(out.skipped.iter().find(|s| s.reason.starts_with("no such")).unwrap().path, missing, "the path as given");
    }

    /// Files that vanish, or turn into something unreadable, after the walk
    /// listed them and before they are read: the real second half of
    /// `load` runs on the earlier listing.
    #[test]
    fn files_gone_between_listing_and_reading_are_skipped_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "kept.txt", "A title\nSome body text.\n");
        write(root, "vanishes.txt", "A title\nGone soon.\n");
        write(root, "sub/also-vanishes.md", "A title\nGone soon.\n");
        write(root, "becomes-a-folder.txt", "A title\nReplaced.\n");
        let found = walk::collect(&[root.to_path_buf()]);
        assert_eq!(found.files.len(), 4, "{:?}", found.files);
        fs::remove_file(root.join("vanishes.txt")).unwrap();
        fs::remove_dir_all(root.join("sub")).unwrap();
        fs::remove_file(root.join("becomes-a-folder.txt")).unwrap();
        fs::create_dir(root.join("becomes-a-folder.txt")).unwrap();
        let out = load_found(found, &config());
        assert_eq!(out.documents.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["kept"]);
        let reasons: Vec<(PathBuf, &str)> = out.skipped.iter().map(|s| (s.path.clone(), s.reason.as_str())).collect();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert!(reasons.contains(&(root.join("vanishes.txt"), "no such file or directory")), "{reasons:?}");
        assert!(reasons.contains(&(root.join("sub").join("also-vanishes.md"), "no such file or directory")), "{reasons:?}");
        let folder = reasons.iter().find(|(p, _)| p == &root.join("becomes-a-folder.txt")).unwrap();
        assert!(folder.1.starts_with("cannot read: "), "{folder:?}");
        assert!(out.skipped.iter().all(|s| !s.reason.contains('\n')));
    }

    #[test]
    fn nothing_at_all() {
        let out = load(&[], &config());
        assert!(out.documents.is_empty() && out.skipped.is_empty() && out.warnings.is_empty());
    }

    #[test]
    fn paths_are_as_given_and_ids_are_stems() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "my-event/b.txt", "Second\nBody.");
        write(dir.path(), "my-event/nested/a.md", "First\nBody.");
        let folder = dir.path().join("my-event");
        let out = load(std::slice::from_ref(&folder), &config());
        let ids: Vec<_> = out.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "b"]);
        assert_eq!(out.documents[0].path, folder.join("nested").join("a.md"));
        assert_eq!(out.documents[1].path, folder.join("b.txt"));
        assert_eq!(out.documents[0].event, "nested", "the folder the file is in");
        assert_eq!(out.documents[1].event, "my-event");
        assert_eq!(out.documents[1].title.as_deref(), Some("Second"));
    }

    #[test]
    fn duplicate_stems_get_folder_names() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "x/one/story.txt", "Title one\nBody one.");
        write(dir.path(), "x/two/story.md", "Title two\nBody two.");
        write(dir.path(), "y/one/story.txt", "Title three\nBody three.");
        write(dir.path(), "x/story-2.txt", "Other\nBody.");
        let out = load(&[dir.path().join("x"), dir.path().join("y")], &config());
        let ids: Vec<_> = out.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, vec!["story-2", "x/one/story", "x/two/story", "y/one/story"]);
        // names that stay equal get a counter
        let mut docs: Vec<Document> = ["a/s.txt", "a/s.md", "a/s.txt"]
            .iter()
            .map(|p| Document { path: PathBuf::from(p), ..Document::from_text("s", "e", "") })
            .collect();
        assign_ids(&mut docs);
        let ids: HashSet<_> = docs.iter().map(|d| d.id.clone()).collect();
        assert_eq!(ids.len(), 3, "{docs:?}");
    }

    #[test]
    fn front_matter_beats_manifest_beats_text() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("folder-name");
        write(
            &root,
            "manifest.yaml",
            "event: manifest-event-2021\ndocuments:\n  - {file: fm.txt, outlet: Manifest Outlet, published: 2021-05-05, title: Manifest title}\n  - {file: mf.txt, outlet: Manifest Outlet, published: 2021-05-05}\n",
        );
        let text_header = "https://www.daily.example/news/2020/03/04/story\nText title\n4 March 2020\nBody text.\n";
        write(&root, "fm.txt", format!("---\noutlet: Front Outlet\npublished: 2020-01-02\nevent: front-event\n---\n{text_header}"));
        write(&root, "mf.txt", text_header);
        write(&root, "tx.txt", text_header);
        let out = load(std::slice::from_ref(&root), &config());
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);

        let fm = by_id(&out, "fm");
        assert_eq!(fm.outlet.as_deref(), Some("Front Outlet"));
        assert_eq!(fm.published, date(2020, 1, 2));
        assert_eq!(fm.title.as_deref(), Some("Manifest title"), "front matter has none: the manifest's");
        assert_eq!(fm.event, "front-event");
        assert_eq!(fm.event_year, Some(2020), "the published year: the manifest's year belongs to another event");
        assert_eq!(fm.url.as_deref(), Some("https://www.daily.example/news/2020/03/04/story"), "the text fills the rest");

        let mf = by_id(&out, "mf");
        assert_eq!(mf.outlet.as_deref(), Some("Manifest Outlet"));
        assert_eq!(mf.published, date(2021, 5, 5));
        assert_eq!(mf.title.as_deref(), Some("Text title"));
        assert_eq!(mf.event, "manifest-event-2021");
        assert_eq!(mf.event_year, Some(2021), "from the event id");

        let tx = by_id(&out, "tx");
        assert_eq!(tx.outlet.as_deref(), Some("Daily Example"));
        assert_eq!(tx.published, date(2020, 3, 4));
        assert_eq!(tx.event, "manifest-event-2021", "the manifest's folder-wide event");
    }

    #[test]
    fn unnamed_articles_join_the_one_named_event() {
        let dir = tempfile::tempdir().unwrap();
        let named = dir.path().join("described");
        write(&named, "manifest.yaml", "event: unrest-2022\n");
        write(&named, "a.txt", "First story\nBody text here.\n");
        let other = dir.path().join("other-outlets");
        write(&other, "wire.txt", "Headline of the wire\nMOSCOW, January 10. /WIRE/.\n\nBody text.\n");
        let out = load(&[named, other.clone()], &config());
        let wire = by_id(&out, "wire");
        assert_eq!(wire.event, "unrest-2022", "joins the only named event");
        assert_eq!(wire.event_year, Some(2022));
        assert_eq!(wire.published, date(2022, 1, 10), "a yearless dateline takes the event's year");
        // alone, the folder names the event
        let alone = load(&[other], &config());
        assert_eq!(by_id(&alone, "wire").event, "other-outlets");
    }

    #[test]
    fn event_defaults_to_the_folder_name() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("Some Folder_2019");
        write(&root, "a.txt", "Title\nBody.\n");
        write(&root, "b.txt", "---\nevent_year: 2018\n---\nTitle\nBody.\n");
        let out = load(std::slice::from_ref(&root), &config());
        let a = by_id(&out, "a");
        assert_eq!(a.event, "some-folder-2019");
        assert_eq!(a.event_year, Some(2019));
        let b = by_id(&out, "b");
        assert_eq!(b.event, "some-folder-2019");
        assert_eq!(b.event_year, Some(2018), "an explicit year wins");
        assert_eq!(slugify("  Éire: Vote!! "), "éire-vote");
        assert_eq!(slugify("***"), "");
        assert_eq!(year_suffix("zhanaozen-2011"), Some(2011));
        assert_eq!(year_suffix("event"), None);
    }

    #[test]
    fn broken_metadata_gives_warnings_not_errors() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "manifest.yaml", "event: e\ndocuments:\n  - file: a.txt\n    outlett: X\n");
        write(root, "a.txt", "---\ntitle: [broken\n---\nReal title\nBody.\n");
        write(root, "b.txt", "---\nauthor: Someone\noutlet: Paper\n---\nTitle\nBody.\n");
        let out = load(&[root.to_path_buf()], &config());
        assert_eq!(out.documents.len(), 2);
        let a = by_id(&out, "a");
        assert_eq!(a.title.as_deref(), Some("---"), "broken front matter is plain text");
        assert_eq!(a.masked(), a.text, "and not masked");
        let b = by_id(&out, "b");
        assert_eq!(b.outlet.as_deref(), Some("Paper"));
        assert_eq!(b.title.as_deref(), Some("Title"));
        assert_eq!(out.warnings.len(), 3, "{:#?}", out.warnings);
        let manifest = root.join("manifest.yaml").display().to_string();
        assert!(
            out.warnings
                .iter()
                .any(|w| w.starts_with(&format!("{manifest}:4:5: manifest is not valid: documents[0]: unknown field `outlett`"))),
            "{:#?}",
            out.warnings
        );
        let a_path = root.join("a.txt").display().to_string();
        assert!(
            out.warnings.iter().any(|w| w.starts_with(&format!("{a_path}:3:1: front matter is not valid YAML"))),
            "{:#?}",
            out.warnings
        );
        let b_path = root.join("b.txt").display().to_string();
        assert!(
            out.warnings.iter().any(|w| w.starts_with(&format!("{b_path}:2:1: unknown front matter key `author`"))),
            "{:#?}",
            out.warnings
        );
        assert_eq!(a.event, root.file_name().map(|n| slugify(&n.to_string_lossy())).unwrap(), "the broken manifest gives no event");
    }

    #[test]
    fn masking_blanks_front_matter_url_line_and_boilerplate() {
        let dir = tempfile::tempdir().unwrap();
        let text =
            "---\ntitle: T\n---\nhttps://wire.example/a/b\nHeadline\nBody one.\n  Load Error  \n© Provided by Some Paper\nBody two é.\n";
        let path = write(dir.path(), "m.txt", text);
        let out = load(&[path], &config());
        let d = &out.documents[0];
        assert_eq!(d.text, text);
        assert_eq!(d.masked().len(), text.len());
        assert_eq!(d.masked().lines().count(), text.lines().count());
        let masked = d.masked();
        let kept: Vec<&str> = masked.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        // the title's value is read as a headline; the rest of the front matter is not
        assert_eq!(kept, vec!["T", "Headline", "Body one.", "Body two é."]);
        assert_eq!(d.outlet.as_deref(), Some("Some Paper"), "a credit names the outlet over the URL's domain");
        assert_eq!(d.url.as_deref(), Some("https://wire.example/a/b"));
        assert_eq!(d.title.as_deref(), Some("T"));
    }

    /// A one-line title's value is the only part of the front matter
    /// read, quoted or not; a title YAML folds over several lines is not.
    #[test]
    fn a_one_line_title_is_read_and_the_rest_of_the_front_matter_masked() {
        let kept = |text: &str| {
            let masked = mask_ranges(text, &front_matter_around_title(text, 0..text.find("---\nBody").unwrap_or(0) + 4, "Toll: 18"));
            masked.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect::<Vec<_>>()
        };
        assert_eq!(kept("---\noutlet: X\ntitle: Toll: 18\n---\nBody"), ["Toll: 18", "Body"]);
        assert_eq!(kept("---\ntitle: \"Toll: 18\"\noutlet: X\n---\nBody"), ["Toll: 18", "Body"]);
        assert_eq!(kept("---\ntitle: >-\n  Toll: 18\n---\nBody"), ["Body"], "folded over lines");
        assert_eq!(kept("---\ntitle: Another\n---\nBody"), ["Body"], "not the title read");
    }

    #[test]
    fn dateline_outlet_and_yearless_date() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("unrest-2022");
        write(&root, "w.txt", "Headline here\n\nCAPITAL, Jan. 11 (Wire) -- Several countries voiced support.\n");
        let out = load(&[root], &config());
        let d = &out.documents[0];
        assert_eq!(d.outlet.as_deref(), Some("Wire Service"));
        assert_eq!(d.published, date(2022, 1, 11), "the year of the folder's event");
        assert_eq!(d.event_year, Some(2022));
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let inputs: &[&str] = &[
            "---\n",
            "---\n---",
            "---\r\n\r\n",
            "\r\r\r x",
            "é\n8 Jan, 2022é\nJan. 11 (Wire)é -- ü",
            "https://\nhttps://é.example/x\nhttp://a.b:99999/é\nTitle",
            "---\n: :\n- [\n---\nx",
            "---\npublished: [1, 2]\nevent_year: 99999\nevent: ''\n---\nbody",
            "Feb. 29 (Wire) -- text\n",
            "© Provided by \n© Provided by   \nx",
        ];
        for (i, text) in inputs.iter().enumerate() {
            write(root, &format!("f{i}.txt"), text);
        }
        write(root, "manifest.yaml", "documents: 5\n");
        write(root, "long.txt", "word ".repeat(50_000));
        let mut config = config();
        config.header_lines = 1000;
        let out = load(&[root.to_path_buf()], &config);
        assert_eq!(out.documents.len() + out.skipped.len(), inputs.len() + 1, "{:?}", out.skipped);
        for d in &out.documents {
            assert_eq!(d.masked().len(), d.text.len());
        }
    }

    #[test]
    fn loads_the_bundled_corpus() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let rules = crate::rules::compile(&crate::rules::load::builtin_sources()).expect("built-in rules");
        let folder = root.join("corpus/kazakhstan-2022");
        let out = load(std::slice::from_ref(&folder), &rules.corpus);
        assert!(out.skipped.is_empty(), "{:?}", out.skipped);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        let ids: Vec<_> = out.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            vec!["000_bfbfe2e5bbf9f5fe", "001_9fe7e48c4840678f", "002_540bc40392fe7a63", "003_257f5d5333b407ac", "004_6215933f19a96aa9"]
        );
        for d in &out.documents {
            assert_eq!(d.event, "kazakhstan-2022", "{}", d.id);
            assert_eq!(d.event_year, Some(2022), "{}", d.id);
            assert_eq!(d.masked().len(), d.text.len());
            assert_eq!(d.path, folder.join(format!("{}.txt", d.id)));
            assert!(d.title.is_some(), "{}", d.id);
        }
        let [d0, d1, d2, d3, d4] = &out.documents[..] else { panic!("five documents") };
        assert_eq!(d0.duplicate_of.as_deref(), Some("001_9fe7e48c4840678f"));
        assert_eq!(d0.published, None);
        assert!(out.documents[1..].iter().all(|d| d.duplicate_of.is_none()));

        assert!(
            d1.url.as_deref().is_some_and(|u| u.starts_with("https://www.scmp.com/news/china/diplomacy/article/3162664/")),
            "{:?}",
            d1.url
        );
        assert_eq!(d1.outlet.as_deref(), Some("South China Morning Post"));
        assert_eq!(d1.published, date(2022, 1, 8));
        assert!(d1.title.as_deref().is_some_and(|t| t.starts_with("Chinese-led Shanghai Cooperation Organisation")));
        assert!(!d1.masked().contains("https://"), "the URL line is masked");
        assert!(!d1.masked().contains("Additional reporting by"), "boilerplate is masked");

        assert_eq!(d2.outlet.as_deref(), Some("The Jerusalem Post"));
        assert_eq!(d2.published, date(2022, 1, 7));
        assert_eq!(d3.outlet.as_deref(), Some("The Guardian"));
        assert_eq!(d3.published, date(2022, 1, 6));
        assert!(!d3.masked().contains("Load Error"));

        assert_eq!(d4.outlet.as_deref(), Some("Xinhua"));
        assert_eq!(d4.published, date(2022, 1, 11));
        assert!(!d4.masked().contains("Agree and continue"));
    }
}
