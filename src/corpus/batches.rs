//! Loading articles a batch at a time, for the map step: the texts held in
//! memory do not grow with the number of files.
//!
//! A document's id needs the stems of all the other files, and a document
//! whose event nobody named joins the one event the others name: both are
//! known only once every file has been read. So the files are read twice.
//! The first pass builds every document as [`load()`](super::load()) does
//! (warnings, skipped files, ids, the named event) and keeps texts up to a
//! budget; the second hands the documents over in id order, a batch at a
//! time, reading again the files whose texts were not kept. Under the
//! budget, no file is read twice.

use super::manifest::Manifest;
use super::{build_file, manifests_of, read_ahead, stem, unique_ids, walk, without_repeats, Built, CorpusConfig, NamedEvent, Skipped};
use crate::model::Document;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Documents handed over together by [`BatchedLoad`].
#[derive(Debug, Default)]
pub struct Batch {
    /// The documents, in id order (and after those of the batch before).
    pub documents: Vec<Document>,
    /// Files read in the first pass that could not be read or used in the
    /// second (changed or removed in between), with the reason.
    pub skipped: Vec<Skipped>,
}

/// A load whose documents come a batch at a time ([`load_in_batches`]):
/// an iterator of [`Batch`]es, with what the first pass found.
pub struct BatchedLoad<'c> {
    /// Files and paths that could not be used, sorted by path.
    pub skipped: Vec<Skipped>,
    /// Problems that did not stop loading, each once, as [`load()`](super::load())
    /// gives them. The second pass adds none: a file is read again only
    /// to be built as before.
    pub warnings: Vec<String>,
    /// The documents still to hand over, in id order.
    pending: std::vec::IntoIter<Listed>,
    /// The event documents whose event nobody named join.
    named: Option<NamedEvent>,
    /// The manifests, for the files read again.
    manifests: HashMap<PathBuf, Option<Manifest>>,
    config: &'c CorpusConfig,
    /// Documents a batch.
    batch: usize,
}

/// A document the first pass listed: its id and path, and the document
/// itself when its text was kept (the event join done). What a document
/// not kept leaves in memory is these two names.
struct Listed {
    /// The document's id ([`unique_ids`]).
    id: String,
    /// The file, as the walk listed it.
    path: PathBuf,
    /// The document, when its text was kept.
    held: Option<Box<Document>>,
}

/// What the first pass keeps of a file it could use.
struct FirstRead {
    /// Its event and event year, when something named its event; `None`
    /// when the event came from its folder's name.
    named: Option<(String, Option<i32>)>,
    /// The document and where its body starts, when its text is kept.
    held: Option<(Box<Document>, usize)>,
}

/// Loads the articles of `paths` as [`load()`](super::load()) does (same walk,
/// same documents, same ids, same skipped files and warnings) but for
/// near-duplicates, which are not looked for, and hands the documents over
/// in id order, `batch` at a time (at least one), as the returned iterator
/// is advanced. Texts of up to `kept_text_bytes` bytes in all are kept from
/// the first pass; the other files are read again, a batch at a time.
/// Never panics.
///
/// A file changed between the two passes is built from its new bytes with
/// the id of the first pass; one that can no longer be read or used is
/// listed in its batch's [`Batch::skipped`].
pub fn load_in_batches<'c>(paths: &[PathBuf], config: &'c CorpusConfig, batch: usize, kept_text_bytes: usize) -> BatchedLoad<'c> {
    let found = walk::collect(paths);
    let mut skipped = found.skipped;
    let mut warnings = found.warnings;
    let manifests = manifests_of(&found.files, &mut warnings);
    let held_bytes = AtomicUsize::new(0);
    let read = read_ahead::read_all(&found.files, |path, bytes| {
        let (built, file_warnings) = build_file(path, bytes, config, &manifests);
        let first = built.map(|Built { document, explicit_event, body_start }| {
            let named = explicit_event.then(|| (document.event.clone(), document.event_year));
            // which texts are kept depends on the order the workers take
            // them in; the documents handed over do not
            let len = document.text.len();
            let held = held_bytes.fetch_add(len, Ordering::Relaxed).saturating_add(len) <= kept_text_bytes;
            FirstRead { named, held: held.then(|| (Box::new(document), body_start)) }
        });
        (first, file_warnings)
    });
    let mut listed = Vec::with_capacity(read.len());
    let mut firsts = Vec::with_capacity(read.len());
    for (path, (result, file_warnings)) in found.files.into_iter().zip(read) {
        warnings.extend(file_warnings);
        match result {
            Ok(first) => {
                listed.push(Listed { id: String::new(), path, held: None });
                firsts.push(first);
            }
            Err(e) => skipped.push(Skipped { path, reason: e.to_string() }),
        }
    }
    let named = NamedEvent::of(firsts.iter().filter_map(|f| f.named.as_ref()).map(|(event, year)| (event.as_str(), *year)));
    for (entry, first) in listed.iter_mut().zip(firsts) {
        if let Some((mut document, body_start)) = first.held {
            if let (None, Some(named)) = (&first.named, &named) {
                named.join(&mut document, body_start, config);
            }
            entry.held = Some(document);
        }
    }
    let stems: Vec<String> = listed.iter().map(|l| stem(&l.path)).collect();
    let ids = unique_ids(&stems.iter().zip(&listed).map(|(stem, l)| (stem.as_str(), l.path.as_path())).collect::<Vec<_>>());
    for (entry, id) in listed.iter_mut().zip(ids) {
        entry.id = id;
    }
    listed.sort_by(|a, b| a.id.cmp(&b.id));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    BatchedLoad { skipped, warnings: without_repeats(warnings), pending: listed.into_iter(), named, manifests, config, batch: batch.max(1) }
}

impl BatchedLoad<'_> {
    /// The ids of the documents still to hand over, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.pending.as_slice().iter().map(|p| p.id.as_str())
    }
}

impl Iterator for BatchedLoad<'_> {
    type Item = Batch;

    fn next(&mut self) -> Option<Batch> {
        let chunk: Vec<Listed> = self.pending.by_ref().take(self.batch).collect();
        if chunk.is_empty() {
            return None;
        }
        let again: Vec<PathBuf> = chunk.iter().filter(|p| p.held.is_none()).map(|p| p.path.clone()).collect();
        let (config, manifests) = (self.config, &self.manifests);
        let mut rebuilt = read_ahead::read_all(&again, |path, bytes| build_file(path, bytes, config, manifests).0).into_iter();
        let mut batch = Batch { documents: Vec::with_capacity(chunk.len()), skipped: Vec::new() };
        for Listed { id, path, held } in chunk {
            if let Some(mut document) = held {
                document.id = id;
                batch.documents.push(*document);
                continue;
            }
            match rebuilt.next() {
                Some(Ok(built)) => {
                    let mut doc = built.document;
                    doc.id = id;
                    if let (false, Some(named)) = (built.explicit_event, &self.named) {
                        named.join(&mut doc, built.body_start, config);
                    }
                    batch.documents.push(doc);
                }
                Some(Err(e)) => batch.skipped.push(Skipped { path, reason: e.to_string() }),
                // one result a path read again
                None => {}
            }
        }
        Some(batch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn config() -> CorpusConfig {
        crate::rules::compile(&crate::rules::load::builtin_sources()).expect("built-in rules").corpus
    }

    /// Every document of a batched load, and its skipped files and warnings.
    fn batched(paths: &[PathBuf], config: &CorpusConfig, batch: usize, held: usize) -> (Vec<Document>, Vec<Skipped>, Vec<String>) {
        let mut load = load_in_batches(paths, config, batch, held);
        let (mut skipped, warnings) = (std::mem::take(&mut load.skipped), std::mem::take(&mut load.warnings));
        let mut documents = Vec::new();
        for b in load {
            assert!(b.documents.len() <= batch.max(1), "a batch holds at most its size");
            documents.extend(b.documents);
            skipped.extend(b.skipped);
        }
        (documents, skipped, warnings)
    }

    /// A folder of articles that exercises ids, the event join and
    /// skipping: two files share a stem, one has only front matter, one is
    /// binary, one names the event and two leave it to their folder.
    fn corpus() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let write = |name: &str, text: &[u8]| {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
            fs::write(path, text).expect("a file");
        };
        write("a/story.txt", b"---\noutlet: Reuters\nevent: unrest-2022\n---\nAt least 26 people were killed on Jan. 6, police said.\n");
        write("b/story.txt", b"ALMATY, Jan. 7 (Xinhua) -- Over 7,900 people were arrested.\n");
        write("b/other.md", b"Eight people were killed, officials said on Jan. 8.\n");
        write("c/only-front.txt", b"---\nevent: unrest-2022\n---\n\n");
        write("c/binary.txt", b"abc\0def");
        write("c/late.txt", b"---\npublished: 2022-01-09\n---\nNine planes landed in Almaty.\n");
        dir
    }

    #[test]
    fn documents_come_in_batches_as_one_load_gives_them() {
        let dir = corpus();
        let config = config();
        let paths = vec![dir.path().to_path_buf()];
        let whole = super::super::load(&paths, &config);
        assert!(whole.documents.iter().all(|d| d.duplicate_of.is_none()), "no copies, which a batched load does not look for");
        assert!(whole.documents.iter().any(|d| d.event == "unrest-2022" && d.path.ends_with("b/other.md")), "the join is exercised");
        assert!(whole.documents.iter().any(|d| d.id == "a/story"), "ids from folders are exercised");
        let dateline = whole.documents.iter().find(|d| d.id == "b/story").expect("b/story");
        assert_eq!(dateline.published, chrono::NaiveDate::from_ymd_opt(2022, 1, 7), "a yearless dateline read with the event's year");
        assert_eq!(whole.skipped.len(), 2, "{:?}", whole.skipped);
        for held in [0, 60, usize::MAX] {
            for size in [0, 1, 2, 1024] {
                let (documents, skipped, warnings) = batched(&paths, &config, size, held);
                assert_eq!(skipped, whole.skipped, "held {held}, batch {size}");
                assert_eq!(warnings, whole.warnings, "held {held}, batch {size}");
                assert_eq!(documents.len(), whole.documents.len(), "held {held}, batch {size}");
                for (got, want) in documents.iter().zip(&whole.documents) {
                    assert_eq!(got, want, "held {held}, batch {size}");
                    assert_eq!(got.text, want.text);
                    assert_eq!(got.masked_ranges, want.masked_ranges);
                }
            }
        }
    }

    #[test]
    fn a_file_gone_before_its_batch_is_skipped_there() {
        let dir = corpus();
        let config = config();
        let mut load = load_in_batches(&[dir.path().to_path_buf()], &config, 1, 0);
        let ids: Vec<String> = load.ids().map(String::from).collect();
        let first = load.next().expect("a first batch");
        assert_eq!(first.documents.len(), 1);
        fs::remove_file(dir.path().join("c/late.txt")).expect("removed");
        let rest: Vec<Batch> = load.collect();
        let gone: Vec<&Skipped> = rest.iter().flat_map(|b| &b.skipped).collect();
        assert_eq!(gone.len(), 1, "{gone:?}");
        assert!(gone[0].path.ends_with("c/late.txt"));
        assert_eq!(gone[0].reason, "no such file or directory");
        let handed: usize = rest.iter().map(|b| b.documents.len()).sum();
        assert_eq!(1 + handed + 1, ids.len(), "every other document is handed over");
    }
}
