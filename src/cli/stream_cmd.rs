//! The map and reduce steps on the command line:
//! `claims --format jsonl` writes claims records (the map step) and
//! `align CLAIMS.jsonl...` reads them back into a report (the reduce step).
//! See [`crosscheck::stream`] for the record format.

use super::inputs::{self, is_stdin, open_jsonl, source_name};
use super::output::OutputArgs;
use anyhow::{Context, Result};
use crosscheck::corpus;
use crosscheck::corpus::jsonl::{parse_line, record_path, JsonlItem};
use crosscheck::model::{Analysis, Document};
use crosscheck::report::sanitize::terminal;
use crosscheck::rules::RuleSet;
use crosscheck::stream::{end_line, header_line, map_documents, parse_line_bytes, skipped_line, Reducer, Tally};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

/// Up to a batch's worth of lines of an input, as [`read_lines`] read them.
struct LineBatch {
    lines: Lines,
    /// The line whose read failed, and why: the input ends there.
    failed: Option<(usize, std::io::Error)>,
    /// Whether the input ended (or failed) within this batch.
    last: bool,
}

/// Lines read together, in one buffer: a vector for each line grew from
/// nothing by doubling (seven or more allocations and copies for a claim
/// line, ten for a document record's).
#[derive(Default)]
struct Lines {
    /// The lines' bytes one after another, each with its line end.
    bytes: Vec<u8>,
    /// Each line's 1-based number and where it is in `bytes`.
    spans: Vec<(usize, Range<usize>)>,
}

impl Lines {
    /// Each line's number and bytes, in order.
    fn iter(&self) -> impl Iterator<Item = (usize, &[u8])> {
        self.spans.iter().map(|(n, span)| (*n, self.line(span)))
    }

    /// The bytes of the line at `span`.
    fn line(&self, span: &Range<usize>) -> &[u8] {
        self.bytes.get(span.clone()).unwrap_or_default()
    }

    fn len(&self) -> usize {
        self.spans.len()
    }
}

/// Reads up to `size` lines of `reader`, numbering them on from `*line`
/// (the number of the last line read before), into a buffer of
/// `*capacity` bytes to start with; leaves in `*capacity` this batch's
/// size and an eighth, for the next (batches of one input are alike, so
/// the buffer rarely grows, and a batch a bit larger than the last does
/// not copy it once more). Start each input with 0.
fn read_lines(reader: &mut dyn std::io::BufRead, line: &mut usize, size: usize, capacity: &mut usize) -> LineBatch {
    let mut lines = Lines { bytes: Vec::with_capacity(*capacity), spans: Vec::with_capacity(size) };
    let mut failed = None;
    while lines.len() < size {
        *line += 1;
        let start = lines.bytes.len();
        match reader.read_until(b'\n', &mut lines.bytes) {
            Ok(0) => break,
            Ok(_) => lines.spans.push((*line, start..lines.bytes.len())),
            Err(e) => {
                // what the failed read left is no line
                lines.bytes.truncate(start);
                failed = Some((*line, e));
                break;
            }
        }
    }
    let last = lines.len() < size;
    *capacity = lines.bytes.len() + lines.bytes.len() / 8;
    LineBatch { lines, failed, last }
}

/// Adds every line of one claims stream to `reducer`, in order. Lines are
/// read in batches on a thread of their own, parsed on the rayon pool (a
/// batch a worker), and added on this thread in their order as the batches
/// come back: reading, parsing and adding overlap. Batches read ahead are
/// bounded ([`BATCHES_AHEAD`]), so memory does not grow with the stream. A
/// read that fails ends the stream, listed as skipped at its line.
fn add_stream(mut reader: Box<dyn std::io::BufRead + Send>, name: &str, reducer: &mut Reducer) {
    let (raw_sender, raw) = sync_channel::<(usize, Lines)>(BATCHES_AHEAD);
    let (parsed_sender, parsed) = sync_channel(BATCHES_AHEAD);
    let failed = std::thread::scope(|scope| {
        let read = scope.spawn(move || {
            let mut line = 0;
            let mut capacity = 0;
            for index in 0.. {
                let LineBatch { lines, failed, last } = read_lines(&mut reader, &mut line, REDUCE_BATCH, &mut capacity);
                // the receiver is gone only if the parsers stopped
                if raw_sender.send((index, lines)).is_err() || last {
                    return failed;
                }
            }
            None
        });
        scope.spawn(move || {
            raw.into_iter().par_bridge().for_each_with(parsed_sender, |sender, (index, batch)| {
                let lines: Vec<_> = batch.iter().map(|(n, bytes)| (n, parse_line_bytes(bytes, name, n))).collect();
                let _ = sender.send((index, lines));
            });
        });
        let mut next = 0;
        let mut early = BTreeMap::new();
        for (index, lines) in parsed {
            early.insert(index, lines);
            while let Some(lines) = early.remove(&next) {
                for (n, record) in lines {
                    // a bad line is listed among the skipped inputs, reported
                    // with them (and counted by --fail-on skipped)
                    let _ = reducer.add_parsed(record, name, n);
                }
                next += 1;
            }
        }
        read.join().ok().flatten()
    });
    if let Some((line, e)) = failed {
        reducer.read_failed(name, line, &format!("cannot read the line: {e}"));
    }
}

/// Documents extracted together in one parallel batch of the map step: the
/// most the step holds in memory at once (texts, claims and their lines).
const MAP_BATCH: usize = 1024;
/// Bytes of article text the map step over files keeps from its first
/// pass over them unless told otherwise (`--keep-text`); the files beyond
/// are read again in the second.
pub(crate) const KEPT_TEXT_BYTES: usize = 256 << 20;
/// Claims stream lines a worker of the reduce step parses at a time
/// (about 3.5 MB of the generated corpora's records).
const REDUCE_BATCH: usize = 1024;
/// Batches of the reduce step read ahead of the parsers, and parsed ahead
/// of the one they wait for, at most.
const BATCHES_AHEAD: usize = 4;

/// The map step: claims records for every input, written as they are made.
/// Files and folders are read twice (their ids and the event join need
/// every file): once to list them, then [`MAP_BATCH`] documents at a time,
/// so the texts held in memory do not grow with the corpus beyond
/// `kept_text_bytes` (`corpus::load_in_batches`). No copies are looked
/// for among them: the reduce step does, over every document of every
/// stream. `-` is read whole; `--jsonl` inputs are streamed one batch at a
/// time. Returns the number of documents written. The caller has checked
/// that standard input is asked for once at most
/// ([`inputs::check_stdin_once`]).
pub(crate) fn map(paths: &[PathBuf], jsonl: &[PathBuf], rules: &RuleSet, output: &OutputArgs, kept_text_bytes: usize) -> Result<usize> {
    let mut documents = 0;
    output.stream(|out| {
        out.write_all(header_line(rules).as_bytes()).context("writing claims")?;
        let mut out = MapOutput { out, written: Tally::default() };
        if !paths.is_empty() {
            map_files(paths, rules, kept_text_bytes, &mut out)?;
        }
        for path in jsonl {
            map_jsonl(path, rules, &mut out)?;
        }
        // the end record tells the reduce step this output is whole
        out.out.write_all(end_line(out.written).as_bytes()).context("writing claims")?;
        documents = out.written.documents;
        Ok(())
    })?;
    Ok(documents)
}

/// The map step over files, folders and `-`: the files' warnings and
/// skipped files first, then their documents a batch at a time, in id
/// order, then the document on standard input, whose id is made unique
/// among theirs.
fn map_files(paths: &[PathBuf], rules: &RuleSet, kept_text_bytes: usize, out: &mut MapOutput) -> Result<()> {
    let files: Vec<PathBuf> = paths.iter().filter(|p| !is_stdin(p)).cloned().collect();
    let mut load = corpus::load_in_batches(&files, &rules.corpus, MAP_BATCH, kept_text_bytes);
    let mut warnings = std::mem::take(&mut load.warnings);
    let mut skipped = std::mem::take(&mut load.skipped);
    let mut stdin_document = None;
    if paths.iter().any(|p| is_stdin(p)) {
        stdin_document = inputs::stdin_document(rules, &mut warnings, &mut skipped)?;
    }
    if let Some(doc) = &mut stdin_document {
        let mut used = load.ids().map(String::from).collect();
        inputs::make_id_unique(doc, &mut used, &mut warnings);
    }
    for w in &warnings {
        stderr_line!("warning: {}", terminal(w));
    }
    for s in &skipped {
        out.skip(&s.path.display().to_string(), &s.reason)?;
    }
    for batch in load {
        for s in &batch.skipped {
            out.skip(&s.path.display().to_string(), &s.reason)?;
        }
        out.write_batch(&batch.documents, rules)?;
    }
    if let Some(doc) = stdin_document {
        out.write_batch(std::slice::from_ref(&doc), rules)?;
    }
    Ok(())
}

/// The map step's output: records written, counted for its end record.
struct MapOutput<'a> {
    out: &'a mut dyn Write,
    written: Tally,
}

impl MapOutput<'_> {
    /// Reports a skipped input on stderr and records it in the stream.
    fn skip(&mut self, at: &str, reason: &str) -> Result<()> {
        stderr_line!("warning: skipped {}: {}", terminal(at), terminal(reason));
        self.out.write_all(skipped_line(at, reason).as_bytes()).context("writing claims")?;
        self.written.skipped += 1;
        Ok(())
    }

    /// Extracts the claims of `batch` and writes their records.
    fn write_batch(&mut self, batch: &[Document], rules: &RuleSet) -> Result<()> {
        for (lines, claims) in map_documents(batch, rules) {
            self.out.write_all(lines.as_bytes()).context("writing claims")?;
            self.written.documents += 1;
            self.written.claims += claims;
        }
        Ok(())
    }
}

/// Streams one JSONL input through the map step: lines are read on this
/// thread in batches of [`MAP_BATCH`], then parsed and extracted in
/// parallel, and written in input order.
fn map_jsonl(path: &Path, rules: &RuleSet, out: &mut MapOutput) -> Result<()> {
    let name = source_name(path);
    let mut reader = match open_jsonl(path) {
        Ok(reader) => reader,
        Err(e) => return out.skip(&name, &inputs::cannot_open(&e)),
    };
    let mut line = 0;
    let mut capacity = 0;
    let mut done = false;
    while !done {
        let LineBatch { lines: raw, failed, last } = read_lines(&mut reader, &mut line, MAP_BATCH, &mut capacity);
        if let Some((at, e)) = failed {
            // an I/O error ends this input: said once, recorded
            out.skip(&record_path(&name, at).display().to_string(), &format!("cannot read the line: {e}"))?;
        }
        done = last;
        let items: Vec<JsonlItem> =
            raw.spans.par_iter().filter_map(|(n, span)| parse_line(raw.line(span), &name, *n, &rules.corpus)).collect();
        drop(raw);
        let mut batch: Vec<Document> = Vec::with_capacity(items.len());
        for item in items {
            for w in &item.warnings {
                stderr_line!("warning: {}", terminal(w));
            }
            match item.document {
                Ok(doc) => batch.push(doc),
                Err(e) => {
                    // the message starts with `source:line: `, which `at` says
                    let message = e.to_string();
                    let reason = message.split_once(": ").map_or(message.as_str(), |(_, r)| r);
                    out.skip(&record_path(&name, e.line()).display().to_string(), reason)?;
                }
            }
        }
        out.write_batch(&batch, rules)?;
    }
    Ok(())
}

/// The reduce step: every record of every claims stream (`-` is standard
/// input), in order, into one analysis. A line that is not a record is
/// left out and listed among the skipped inputs; the rest is used.
/// `stage_done` is called with each stage's name as it ends: `"read"` (the
/// streams), then `"align"` (copies, topics, findings).
pub(crate) fn reduce(streams: &[PathBuf], rules: &RuleSet, mut stage_done: impl FnMut(&'static str)) -> Result<Analysis> {
    if streams.iter().filter(|p| is_stdin(p)).count() > 1 {
        anyhow::bail!("standard input can be read only once");
    }
    let mut reducer = Reducer::new();
    for path in streams {
        let name = source_name(path);
        // a stream that cannot be opened or read to its end is a skipped
        // input of the report, like an unreadable article
        let reader = match open_jsonl(path) {
            Ok(reader) => reader,
            Err(e) => {
                reducer.skip(&name, &inputs::cannot_open(&e));
                continue;
            }
        };
        add_stream(reader, &name, &mut reducer);
        reducer.end_stream();
    }
    stage_done("read");
    let analysis = reducer.finish(rules);
    stage_done("align");
    Ok(analysis)
}
