//! Claims as JSON Lines: the map and reduce steps of a run split over
//! processes or machines.
//!
//! The **map** step ([`map_documents`]) turns documents into records, one
//! JSON object per line: a `document` record (metadata, text length and
//! the document's shingle set, so near-duplicates can still be found
//! across shards), then one `claim` record per claim. It needs one
//! document at a time, so it runs on any slice of a corpus, in bounded
//! memory. The **reduce** step ([`Reducer`]) reads the records of every
//! shard, re-runs near-duplicate detection over all shingle sets, and
//! aligns the claims: it needs every claim of a topic (event, kind, group)
//! together, which in practice means all claims in one place. Its result
//! is the same [`Analysis`] one run over the whole corpus gives, except
//! the document texts (the report never shows them).
//!
//! Each map step's output starts with a `header` record: the crosscheck
//! version and the fingerprint of the rules ([`crate::rules::fingerprint`])
//! that read the claims after it. The reduce step warns when its streams
//! were made with different rules, or with other rules than its own. It
//! ends with an `end` record counting the records written, so that the
//! reduce step can tell a whole output from one cut short (a map process
//! killed, a full disk, a copy interrupted) or one that lost lines on the
//! way: such a stream is listed among the skipped inputs, and the rest of
//! it is used.

use crate::corpus::{self, OriginalKey, Skipped};
use crate::model::{Analysis, Claim, Document};
use crate::report::model::{document_entry, DocumentEntry};
use crate::rules::RuleSet;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;
use thiserror::Error;

/// One line of a claims JSONL stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    /// What made the records after it (the map step writes one first).
    Header(HeaderRecord),
    /// A document (before its claims).
    Document(DocumentRecord),
    /// A claim of the last document.
    Claim(Claim),
    /// An input that could not be used.
    Skipped(SkippedRecord),
    /// The end of one map step's output: what it wrote since its header.
    End(Tally),
}

/// Records of each kind one map step wrote (in its `end` record), or that
/// arrived of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Document records.
    pub documents: usize,
    /// Claim records.
    pub claims: usize,
    /// Skipped-input records.
    pub skipped: usize,
}

impl Tally {
    /// Counts one record in.
    fn count(&mut self, record: &Record) {
        match record {
            Record::Document(_) => self.documents += 1,
            Record::Claim(_) => self.claims += 1,
            Record::Skipped(_) => self.skipped += 1,
            Record::Header(_) | Record::End(_) => {}
        }
    }
}

/// The crosscheck and the rules that made the records after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderRecord {
    /// The crosscheck version that extracted the claims.
    pub crosscheck: String,
    /// The fingerprint of the rules it extracted them with
    /// ([`RuleSet::fingerprint`]).
    pub rules: String,
}

impl HeaderRecord {
    /// The header of what this build makes with `rules`.
    pub fn of(rules: &RuleSet) -> Self {
        HeaderRecord { crosscheck: env!("CARGO_PKG_VERSION").to_string(), rules: rules.fingerprint.clone() }
    }

    /// How a warning names it: `rules 0123456789abcdef (crosscheck 0.1.0)`.
    fn described(&self) -> String {
        format!("rules {} (crosscheck {})", self.rules, self.crosscheck)
    }
}

/// A document's metadata (as in the report) and its near-duplicate sketch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Id, path, outlet, url, published, title, event and `duplicate_of`
    /// (`null` as the map step writes it: copies are looked for by the
    /// reduce step, over all documents, from the shingles; a value a
    /// stream gives is not used).
    #[serde(flatten)]
    pub meta: DocumentEntry,
    /// Reference year for event scoping.
    pub event_year: Option<i32>,
    /// Length of the text in bytes (decides which copy is the original).
    pub text_len: usize,
    /// The shingle set ([`corpus::shingles`]) as base64 of little-endian
    /// `u32`s.
    pub shingle_hashes: String,
}

/// A skipped input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRecord {
    /// The path (or `source:line`).
    pub path: String,
    /// Why.
    pub reason: String,
}

/// A claims stream that cannot be read.
#[derive(Debug, Error)]
pub enum StreamError {
    /// A line is not a record.
    #[error("{source_name}:{line}: not a claims record: {message}")]
    Record {
        /// The input's name.
        source_name: String,
        /// 1-based line.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// A claim before any document, or for another document.
    #[error("{source_name}:{line}: claim `{claim}` does not follow a record of its document `{document}`")]
    Orphan {
        /// The input's name.
        source_name: String,
        /// 1-based line.
        line: usize,
        /// Claim id.
        claim: String,
        /// The document it names.
        document: String,
    },
    /// The shingles of a document are not valid base64.
    #[error("{source_name}:{line}: the shingles of document `{id}` are not valid base64 of 32-bit hashes")]
    Shingles {
        /// The input's name.
        source_name: String,
        /// 1-based line.
        line: usize,
        /// Document id.
        id: String,
    },
    /// A line is not UTF-8.
    #[error("{source_name}:{line}: not a claims record: not UTF-8 (invalid byte at offset {offset})")]
    NotUtf8 {
        /// The input's name.
        source_name: String,
        /// 1-based line.
        line: usize,
        /// Where in the line the first invalid byte is.
        offset: usize,
    },
    /// Reading failed.
    #[error("{source_name}: {message}")]
    Io {
        /// The input's name.
        source_name: String,
        /// The I/O error.
        message: String,
    },
}

/// The map step over a batch of documents: for each, in order, its
/// document record and its claim records, as JSON lines (each ending in a
/// newline), and its number of claims. Documents are processed in
/// parallel; the output order is the input order whatever the thread count.
pub fn map_documents(documents: &[Document], rules: &RuleSet) -> Vec<(String, usize)> {
    documents
        .par_iter()
        .with_max_len(crate::extract::DOCUMENTS_PER_RUN)
        .map(|doc| {
            let claims = crate::extract::extract_document(doc, rules);
            let count = claims.len();
            let mut out = String::with_capacity(8192 + claims.len() * 512);
            push_line(&mut out, &Record::Document(document_record(doc)));
            for c in claims {
                push_line(&mut out, &Record::Claim(c));
            }
            (out, count)
        })
        .collect()
}

/// The header record line the map step starts its output with.
pub fn header_line(rules: &RuleSet) -> String {
    line_of(&Record::Header(HeaderRecord::of(rules)))
}

/// The end record line the map step closes its output with.
pub fn end_line(written: Tally) -> String {
    line_of(&Record::End(written))
}

/// A skipped input as a record line.
pub fn skipped_line(path: &str, reason: &str) -> String {
    line_of(&Record::Skipped(SkippedRecord { path: path.to_string(), reason: reason.to_string() }))
}

/// One record as a line of its own.
fn line_of(record: &Record) -> String {
    let mut out = String::new();
    push_line(&mut out, record);
    out
}

fn push_line(out: &mut String, record: &Record) {
    // Records hold only strings, numbers, dates and enums: serialising
    // cannot fail, and a failure would only drop this one line.
    if let Ok(line) = serde_json::to_string(record) {
        out.push_str(&line);
        out.push('\n');
    }
}

/// The document record of a loaded document.
pub fn document_record(doc: &Document) -> DocumentRecord {
    DocumentRecord {
        meta: document_entry(doc),
        event_year: doc.event_year,
        text_len: doc.text.len(),
        shingle_hashes: encode_hashes(&corpus::shingles_of_segments(doc.unmasked_segments())),
    }
}

/// Collects records from any number of claims streams and builds the
/// analysis: documents sorted by id, near-duplicates recomputed over every
/// shingle set, claims in document order, findings aligned over all claims.
///
/// A document id seen before is either the same document given twice (the
/// same path, text length and shingles: a shard passed twice), left out
/// with a warning, or another document that has the same id (two JSONL
/// records with one id, files with one name in two shards), renamed `id~2`
/// (then `~3`…) with a warning, as a run over all the inputs at once
/// renames it; its claims' ids follow.
#[derive(Debug, Default)]
pub struct Reducer {
    /// The documents read, in stream order, each with where its claims are
    /// in `claims`.
    documents: Vec<Pending>,
    /// Every claim kept, in stream order.
    claims: Vec<Claim>,
    skipped: Vec<Skipped>,
    warnings: Vec<String>,
    /// Every id in use (the documents' own, and renamed ones).
    ids: HashSet<String>,
    /// For each id a stream gave, where its documents are in `documents`
    /// (the first, and any renamed for having that id too).
    given: HashMap<String, Vec<usize>>,
    /// The id the stream gave the current document (its claims name it).
    current: Option<String>,
    /// The id the current document was renamed to, if it was.
    renamed: Option<String>,
    dropping: bool,
    /// Each header read, with the streams it came in (in the order first
    /// seen), and the streams with records but no header.
    made_by: Vec<(HeaderRecord, Vec<String>)>,
    unheaded: Vec<String>,
    /// The stream being read: its name, and whether it gave a header.
    stream: Option<(String, bool)>,
    /// The map step output being read, until its end record.
    output: Option<Output>,
}

/// A document read by the [`Reducer`], until [`Reducer::finish`].
#[derive(Debug)]
struct Pending {
    /// The document, without its text.
    document: Document,
    /// The length of its text in bytes.
    text_len: usize,
    /// Its shingle set.
    shingles: Vec<u32>,
    /// Where its claims are in [`Reducer::claims`]. Claims follow their
    /// document in a stream, so each belongs to the last document read: no
    /// lookup by id (a copy of the id and a hash of it for each claim, on
    /// the one thread that adds the records in order), and the claims of
    /// one document lie side by side.
    claims: Range<usize>,
}

/// A map step output being read: from its header (or, the header lost,
/// from its first record) to its end record.
#[derive(Debug)]
struct Output {
    /// The stream it is in.
    source: String,
    /// The line of its header, or of its first record.
    from: usize,
    /// Whether its header arrived.
    headed: bool,
    /// The records that arrived of it.
    arrived: Tally,
}

impl Reducer {
    /// An empty reducer.
    pub fn new() -> Self {
        Reducer::default()
    }

    /// [`Reducer::add_line`] over a line's bytes as read (its line end and a
    /// byte order mark at its start left out): a line that is not UTF-8 is
    /// one bad line, like a line that is not JSON, and the lines after it
    /// are still read.
    pub fn add_line_bytes(&mut self, bytes: &[u8], source_name: &str, line: usize) -> Result<(), StreamError> {
        self.add_parsed(parse_line_bytes(bytes, source_name, line), source_name, line)
    }

    /// Adds one line of input `source_name` (1-based `line`). Blank lines
    /// are ignored. A line that cannot be used is listed among the
    /// analysis' skipped inputs (as `SOURCE:LINE`, as the map step lists a
    /// bad article line), so that `--fail-on skipped` sees it, and the
    /// error is returned.
    pub fn add_line(&mut self, text: &str, source_name: &str, line: usize) -> Result<(), StreamError> {
        self.add_parsed(parse_line(text, source_name, line), source_name, line)
    }

    /// Adds line `line` of `source_name` as [`parse_line_bytes`] parsed it
    /// (`None`: a blank line), as [`Reducer::add_line_bytes`] would: lines
    /// parsed apart (on many threads) and added in their order give what
    /// adding them one by one gives.
    pub fn add_parsed(
        &mut self,
        parsed: Result<Option<ParsedLine>, StreamError>,
        source_name: &str,
        line: usize,
    ) -> Result<(), StreamError> {
        let added = match parsed {
            Ok(Some(record)) => self.add_record(record, source_name, line),
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        if let Err(e) = &added {
            self.skip_line(source_name, line, e);
        }
        added
    }

    /// Lists an input (a stream, or `SOURCE:LINE`) the caller could not
    /// read among the skipped inputs, with the reason.
    pub fn skip(&mut self, input: &str, reason: &str) {
        self.skipped.push(Skipped { path: PathBuf::from(input), reason: reason.to_string() });
    }

    /// Lists line `line` of the stream being read, `source_name`, as the
    /// line its reading failed at (`reason`): the stream ends there. That
    /// says why a map step output in it has no end record, which is then
    /// not listed a second time.
    pub fn read_failed(&mut self, source_name: &str, line: usize, reason: &str) {
        self.skip(&format!("{source_name}:{line}"), reason);
        self.output = None;
    }

    /// Lists line `line` of `source_name` as skipped, for `error`.
    fn skip_line(&mut self, source_name: &str, line: usize, error: &StreamError) {
        let message = error.to_string();
        let at = format!("{source_name}:{line}");
        let reason = message.strip_prefix(&format!("{at}: ")).unwrap_or(&message);
        self.skip(&at, reason);
    }

    /// [`Reducer::add_parsed`] without the listing of a bad line.
    fn add_record(&mut self, record: ParsedLine, source_name: &str, line: usize) -> Result<(), StreamError> {
        let ParsedLine(record, shingles) = record;
        if !matches!(record, Record::Header(_) | Record::End(_)) {
            let output = self.output.get_or_insert_with(|| Output {
                source: source_name.to_string(),
                from: line,
                headed: false,
                arrived: Tally::default(),
            });
            output.arrived.count(&record);
        }
        let headed = matches!(record, Record::Header(_));
        match &mut self.stream {
            Some((_, seen)) => *seen |= headed,
            None => self.stream = Some((source_name.to_string(), headed)),
        }
        match record {
            Record::Header(header) => {
                self.cut_short(line);
                self.output = Some(Output { source: source_name.to_string(), from: line, headed: true, arrived: Tally::default() });
                let source = source_name.to_string();
                match self.made_by.iter_mut().find(|(h, _)| *h == header) {
                    Some((_, sources)) if !sources.contains(&source) => sources.push(source),
                    Some(_) => {}
                    None => self.made_by.push((header, vec![source])),
                }
            }
            Record::Document(d) => {
                let DocumentRecord { meta: m, event_year, text_len, shingle_hashes: _ } = d;
                let shingles =
                    shingles.ok_or_else(|| StreamError::Shingles { source_name: source_name.to_string(), line, id: m.id.clone() })?;
                self.current = Some(m.id.clone());
                self.renamed = None;
                self.dropping = false;
                let mut id = m.id;
                let given = self.given.get(&id).map(Vec::as_slice).unwrap_or_default();
                if self.ids.contains(&id) || !given.is_empty() {
                    let same = given
                        .iter()
                        .filter_map(|&at| self.documents.get(at))
                        .any(|p| p.document.path.as_os_str() == m.path.as_str() && p.text_len == text_len && p.shingles == shingles);
                    if same {
                        self.dropping = true;
                        self.warnings.push(format!("{source_name}:{line}: document `{id}` given twice; this copy is left out"));
                        return Ok(());
                    }
                    let free = crate::corpus::renamed_id(&id, &self.ids);
                    self.warnings.push(format!("{source_name}:{line}: id `{id}` is taken; renamed `{free}`"));
                    self.renamed = Some(free.clone());
                    id = free;
                }
                self.ids.insert(id.clone());
                if let Some(stream_id) = &self.current {
                    self.given.entry(stream_id.clone()).or_default().push(self.documents.len());
                }
                let doc = Document {
                    id,
                    path: PathBuf::from(m.path),
                    outlet: m.outlet,
                    url: m.url,
                    published: m.published,
                    title: m.title,
                    event: m.event,
                    event_year,
                    text: String::new(),
                    masked_ranges: Vec::new(),
                    duplicate_of: m.duplicate_of,
                };
                let at = self.claims.len();
                self.documents.push(Pending { document: doc, text_len, shingles, claims: at..at });
            }
            Record::Claim(c) => {
                if self.current.as_deref() != Some(c.document.as_str()) {
                    return Err(StreamError::Orphan { source_name: source_name.to_string(), line, claim: c.id, document: c.document });
                }
                if !self.dropping {
                    let mut c = c;
                    if let Some(new) = &self.renamed {
                        rename_claim(&mut c, new);
                    }
                    if let Some(pending) = self.documents.last_mut() {
                        self.claims.push(c);
                        pending.claims.end = self.claims.len();
                    }
                }
            }
            Record::Skipped(s) => self.skipped.push(Skipped { path: PathBuf::from(s.path), reason: s.reason }),
            Record::End(written) => {
                // what arrived since the header, or since the last end
                // or the stream's start when the header was lost
                let output = self.output.take();
                let arrived = output.as_ref().map_or(Tally::default(), |o| o.arrived);
                if arrived != written {
                    let counted = match &output {
                        Some(o) if o.headed => format!("its header at line {}", o.from),
                        Some(o) => format!("its header missing, counted from line {}", o.from),
                        None => "its header missing".to_string(),
                    };
                    self.skip(
                        &format!("{source_name}:{line}"),
                        &format!(
                            "the map step wrote {} here ({counted}), and {} arrived: lines were lost or added on the way",
                            described(written),
                            described(arrived)
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    /// Ends a stream: the next claim must follow a document record again.
    pub fn end_stream(&mut self) {
        self.cut_short(0);
        self.current = None;
        self.renamed = None;
        self.dropping = false;
        if let Some((name, false)) = self.stream.take() {
            self.unheaded.push(name);
        }
    }

    /// Lists the map step output being read, if any, as cut short: its end
    /// record never came (a new header at `line` of the same stream, or
    /// the stream's end when `line` is 0).
    fn cut_short(&mut self, line: usize) {
        // records with neither a header nor an end (a stream made by hand,
        // or both lost) are not known as a map step output
        let Some(Output { source, from, headed: true, arrived }) = self.output.take() else { return };
        let at = if line == 0 { "the stream ends".to_string() } else { format!("another header at line {line} begins") };
        self.skip(
            &source,
            &format!(
                "the map step output from line {from} has no end record ({at} after {}): \
                 it stopped before it finished (killed, out of disk space?) or was cut; \
                 the articles it had not yet written are missing",
                described(arrived)
            ),
        );
    }

    /// What to tell about the rules the streams were made with: nothing
    /// when every header names `rules` (or no stream has one: made by hand
    /// or by an older crosscheck, nothing to compare).
    fn made_by_warnings(&self, rules: &RuleSet) -> Vec<String> {
        let own = HeaderRecord::of(rules);
        match self.made_by.as_slice() {
            [] => Vec::new(),
            [(header, _)] if self.unheaded.is_empty() => {
                if *header == own {
                    return Vec::new();
                }
                vec![format!(
                    "the claims were extracted with {}, and this run loaded {}: the claims stay as they were read; \
                     kinds, tolerances and the near-duplicate threshold are this run's",
                    header.described(),
                    own.described()
                )]
            }
            made_by => {
                let mut groups: Vec<String> =
                    made_by.iter().map(|(header, sources)| format!("{} with {}", some_of(sources), header.described())).collect();
                if !self.unheaded.is_empty() {
                    groups.push(format!("{} without a header", some_of(&self.unheaded)));
                }
                vec![format!(
                    "the claims streams were made with different rules: {}; this run loaded {}. \
                     Claims read by different rules may not compare: extract them again with one rule set",
                    groups.join("; "),
                    own.described()
                )]
            }
        }
    }

    /// The analysis over everything added.
    pub fn finish(mut self, rules: &RuleSet) -> Analysis {
        self.end_stream();
        let made_by = self.made_by_warnings(rules);
        self.warnings.extend(made_by);
        self.documents.sort_by(|a, b| a.document.id.cmp(&b.document.id));
        let sets: Vec<Vec<u32>> = self.documents.iter_mut().map(|p| std::mem::take(&mut p.shingles)).collect();
        let keys: Vec<OriginalKey> = self
            .documents
            .iter()
            .map(|p| OriginalKey { metadata: corpus::metadata_count(&p.document), text_len: p.text_len, id: p.document.id.clone() })
            .collect();
        let originals = corpus::near_duplicate_originals(&sets, &keys, rules.corpus.near_duplicate_threshold);
        let ids: Vec<String> = self.documents.iter().map(|p| p.document.id.clone()).collect();
        let claims = in_document_order(self.claims, self.documents.iter().map(|p| p.claims.clone()));
        let mut documents: Vec<Document> = Vec::with_capacity(self.documents.len());
        for (pending, original) in self.documents.into_iter().zip(originals) {
            let mut document = pending.document;
            document.duplicate_of = original.and_then(|i| ids.get(i).cloned());
            documents.push(document);
        }
        let findings = crate::align::align(&documents, &claims, rules);
        self.skipped.sort_by(|a, b| a.path.cmp(&b.path));
        Analysis { documents, claims, findings, skipped: self.skipped, warnings: self.warnings }
    }
}

/// `claims` in the order of `ranges` (each document's claims, as places in
/// `claims`, the documents in their final order). Where that is already
/// their order, as when the streams list their documents sorted by id (a
/// map step over files does), the vector comes back as it is: gathering
/// them anew moved every claim (357 k at 100,000 documents) to fresh
/// memory, on one thread, after the search for copies. Claims outside
/// every range are left out.
fn in_document_order(claims: Vec<Claim>, ranges: impl Iterator<Item = Range<usize>> + Clone) -> Vec<Claim> {
    let in_order = ranges.clone().try_fold(0, |end, range| (range.start == end).then_some(range.end)) == Some(claims.len());
    if in_order {
        return claims;
    }
    let mut slots: Vec<Option<Claim>> = claims.into_iter().map(Some).collect();
    let mut ordered = Vec::with_capacity(slots.len());
    for range in ranges {
        ordered.extend(slots.get_mut(range).unwrap_or_default().iter_mut().filter_map(Option::take));
    }
    ordered
}

/// A line of a claims stream, parsed by [`parse_line_bytes`] for
/// [`Reducer::add_parsed`]: the record, and a document record's shingles
/// decoded (`None` when they are not valid base64 of 32-bit hashes; the
/// record keeps an empty string in their place).
#[derive(Debug)]
pub struct ParsedLine(Record, Option<Vec<u32>>);

/// Parses one line of a claims stream as read (its line end and a byte
/// order mark at its start left out; `None` for a blank line). Pure: lines
/// can be parsed on many threads and added in order with
/// [`Reducer::add_parsed`].
pub fn parse_line_bytes(bytes: &[u8], source_name: &str, line: usize) -> Result<Option<ParsedLine>, StreamError> {
    match std::str::from_utf8(crate::corpus::jsonl::line_content(bytes)) {
        Ok(text) => parse_line(text, source_name, line),
        Err(e) => Err(StreamError::NotUtf8 { source_name: source_name.to_string(), line, offset: e.valid_up_to() }),
    }
}

/// [`parse_line_bytes`] over a line's text.
fn parse_line(text: &str, source_name: &str, line: usize) -> Result<Option<ParsedLine>, StreamError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let mut record = match claim_written_by_map_step(text) {
        Some(claim) => Record::Claim(claim),
        None => serde_json::from_str(text).map_err(|e| StreamError::Record {
            source_name: source_name.to_string(),
            line,
            message: crate::serde_words::json_line_message(&e),
        })?,
    };
    let shingles = match &mut record {
        Record::Document(d) => decode_hashes(&std::mem::take(&mut d.shingle_hashes)),
        _ => None,
    };
    Ok(Some(ParsedLine(record, shingles)))
}

/// How the map step starts a claim record: its type first.
const CLAIM_START: &str = r#"{"type":"claim","#;

/// A claim record as the map step writes it (its type first, and once),
/// read straight into a [`Claim`], which ignores the `type` key as it
/// ignores any key it does not know. Through [`Record`], an internally
/// tagged enum, serde first copies every key and value of the line into a
/// buffer to find the tag, then reads the claim from that copy: a quarter
/// of the reduce step's instructions went there. `None` for any other
/// line, and for one this cannot read, which [`Record`] then reads or
/// explains as before.
fn claim_written_by_map_step(text: &str) -> Option<Claim> {
    let rest = text.strip_prefix(CLAIM_START)?;
    // a second `type` key (a line made by hand) is left to `Record`, which
    // refuses it. `"type"` then a colon can only be a key (a quote inside a
    // string is escaped)
    let bytes = rest.as_bytes();
    let second_type = TYPE_KEY.find_iter(bytes).any(|at| {
        let after = bytes.get(at + 6..).unwrap_or_default();
        after.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b':')
    });
    if second_type || escapes_a_letter_of_type(bytes) {
        return None;
    }
    serde_json::from_str(text).ok()
}

/// The search for `"type"` in [`claim_written_by_map_step`], built once
/// rather than for each line.
static TYPE_KEY: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(br#""type""#));

/// Whether `bytes` hold an escape that may stand for a letter of `type`
/// (`\u0074`, `\u0079`, `\u0070`, `\u0065`: all start `\u006` or `\u007`),
/// with which a hand-made line can spell a second `type` key that a search
/// for `"type"` does not find (`"\u0074ype"`). The map step escapes only
/// control characters (`\u0000` to `\u001f`), so its lines never have one.
fn escapes_a_letter_of_type(bytes: &[u8]) -> bool {
    // a backslash is rare in a claim line: found by `memchr`, with no
    // searcher to build for each line as a substring search has
    memchr::memchr_iter(b'\\', bytes).any(|at| matches!(bytes.get(at + 1..at + 5), Some(br"u006" | br"u007")))
}

/// `3 documents, 12 claims and 1 skipped input`.
fn described(tally: Tally) -> String {
    use crate::report::format::plural;
    format!(
        "{}, {} and {}",
        plural(tally.documents, "document", "documents"),
        plural(tally.claims, "claim", "claims"),
        plural(tally.skipped, "skipped input", "skipped inputs")
    )
}

/// The first few of `names`, and how many more: a warning stays one line
/// however many streams (a Spark job writes one per partition).
fn some_of(names: &[String]) -> String {
    const SHOWN: usize = 3;
    let shown = names.iter().take(SHOWN).map(String::as_str).collect::<Vec<_>>().join(", ");
    match names.len().saturating_sub(SHOWN) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// `claim` of a document renamed `new`: its document, and the ids made
/// from the old one (its own, and its parts' for a derived total:
/// `OLD:4` becomes `NEW:4`), as extraction would have made them.
fn rename_claim(claim: &mut Claim, new: &str) {
    let old = format!("{}:", claim.document);
    let renamed = |id: &str| id.strip_prefix(&old).map_or_else(|| id.to_string(), |rest| format!("{new}:{rest}"));
    claim.id = renamed(&claim.id);
    for part in &mut claim.parts {
        *part = renamed(part);
    }
    claim.document = new.to_string();
}

/// Base64 (standard alphabet, padded) of the hashes as little-endian bytes.
pub fn encode_hashes(hashes: &[u32]) -> String {
    let bytes: Vec<u8> = hashes.iter().flat_map(|h| h.to_le_bytes()).collect();
    STANDARD.encode(bytes)
}

/// The inverse of [`encode_hashes`]; `None` for anything else.
pub fn decode_hashes(text: &str) -> Option<Vec<u32>> {
    let bytes = STANDARD.decode(text).ok()?;
    if bytes.len() % 4 != 0 {
        return None;
    }
    // every chunk has four bytes: the fallback is never taken, and the
    // iterator's exact length lets `collect` allocate once
    Some(bytes.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap_or_default())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Claims already in document order come back as they are, the same
    /// vector; in any other order they are gathered document by document.
    #[test]
    fn claims_are_put_in_document_order_only_when_they_are_not() {
        let rules = crate::rules::compile(&crate::rules::load::builtin_sources()).expect("built-in rules");
        let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/kazakhstan-2022");
        let loaded = corpus::load(&[bundled], &rules.corpus);
        let claims: Vec<Claim> = loaded.documents.iter().flat_map(|d| crate::extract::extract_document(d, &rules)).take(6).collect();
        assert_eq!(claims.len(), 6);
        let ids = |claims: &[Claim]| claims.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        let original = ids(&claims);
        let pick = |at: &[usize]| at.iter().map(|&i| original[i].clone()).collect::<Vec<_>>();

        let kept = in_document_order(claims.clone(), [0..2, 2..5, 5..6].into_iter());
        assert_eq!(ids(&kept), original);
        let same = in_document_order(claims.clone(), [0..0, 0..6, 6..6].into_iter());
        assert_eq!(ids(&same), original);
        let moved = claims.clone();
        let moved_at = moved.as_ptr();
        assert!(std::ptr::eq(in_document_order(moved, std::iter::once(0..6)).as_ptr(), moved_at), "not moved");

        assert_eq!(ids(&in_document_order(claims.clone(), [2..5, 0..2, 5..6].into_iter())), pick(&[2, 3, 4, 0, 1, 5]));
        assert_eq!(ids(&in_document_order(claims.clone(), [5..6, 0..5].into_iter())), pick(&[5, 0, 1, 2, 3, 4]));
        // a claim outside every range is left out, in order or not
        assert_eq!(ids(&in_document_order(claims.clone(), [0..2, 3..6].into_iter())), pick(&[0, 1, 3, 4, 5]));
        assert_eq!(ids(&in_document_order(claims, std::iter::once(0..5))), pick(&[0, 1, 2, 3, 4]));
    }

    #[test]
    fn hashes_round_trip() {
        for n in 0..5 {
            let hashes: Vec<u32> = (0..n).map(|i| 0x0123_4567u32.wrapping_mul(i + 7)).collect();
            assert_eq!(decode_hashes(&encode_hashes(&hashes)), Some(hashes));
        }
        assert_eq!(decode_hashes("not base64!"), None);
        assert_eq!(decode_hashes("AAAA"), None, "3 bytes are no u32");
    }

    #[test]
    fn a_line_that_is_not_utf8_is_one_bad_line() {
        let mut reducer = Reducer::new();
        let skipped = br#"{"type":"skipped","path":"a.txt","reason":"unreadable"}"#;
        assert!(reducer.add_line_bytes(skipped, "s.jsonl", 1).is_ok());
        let err = reducer.add_line_bytes(b"{\"type\":\"sk\xffipped\"}", "s.jsonl", 2).unwrap_err();
        assert!(matches!(err, StreamError::NotUtf8 { line: 2, offset: 11, .. }), "{err:?}");
        assert_eq!(err.to_string(), "s.jsonl:2: not a claims record: not UTF-8 (invalid byte at offset 11)");
        // the line after it is read as ever; blank lines are nothing
        assert!(reducer.add_line_bytes(br#"{"type":"skipped","path":"b.txt","reason":"empty"}"#, "s.jsonl", 3).is_ok());
        assert!(reducer.add_line_bytes(b"  \r\n", "s.jsonl", 4).is_ok());
        // the bad line is a skipped input itself, between the two records
        let paths: Vec<String> = reducer.skipped.iter().map(|s| s.path.display().to_string()).collect();
        assert_eq!(paths, ["a.txt", "s.jsonl:2", "b.txt"]);
    }

    /// A claim line as the map step writes it is read straight into its
    /// claim, to the same record as through [`Record`]; a line made
    /// otherwise is read, or refused, through [`Record`] as before.
    #[test]
    fn claim_lines_read_straight_give_what_record_gives() {
        let rules = crate::rules::compile(&crate::rules::load::builtin_sources()).expect("built-in rules");
        let folders = ["corpus/kazakhstan-2022", "tests/fixtures/counted_nouns"];
        let paths: Vec<PathBuf> = folders.iter().map(|f| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(f)).collect();
        let loaded = corpus::load(&paths, &rules.corpus);
        let mut claim_lines = Vec::new();
        for (text, _) in map_documents(&loaded.documents, &rules) {
            for line in text.lines().filter(|l| l.starts_with(CLAIM_START)) {
                claim_lines.push(line.to_string());
                let through_record: Record = serde_json::from_str(line).expect("a record");
                assert!(claim_written_by_map_step(line).is_some(), "read straight: {line}");
                let parsed = parse_line(line, "s.jsonl", 1).expect("parsed").expect("not blank");
                assert_eq!(parsed.0, through_record, "{line}");
            }
        }
        assert!(claim_lines.len() > 20, "{}", claim_lines.len());
        // a second type key, after the first or spaced out: refused, as
        // `Record` refuses it
        for second in [r#","type":"claim"}"#, r#","type" : "document"}"#, r#","\u0074ype":"claim"}"#, r#","typ\u0065":"claim"}"#] {
            let claim = claim_lines[0].trim_end().strip_suffix('}').expect("an object");
            let line = format!("{claim}{second}");
            assert!(claim_written_by_map_step(&line).is_none(), "{line}");
            let err = parse_line(&line, "s.jsonl", 7).expect_err("a duplicate type");
            assert!(err.to_string().contains("duplicate field `type`"), "{err}");
        }
        // the map step's escapes of control characters keep the straight read
        let claim = claim_lines[0].trim_end().strip_suffix('}').expect("an object");
        assert!(claim_written_by_map_step(&format!(r#"{claim},"note":"a\u001f\u0000b"}}"#)).is_some());
        // a claim line that is not a claim: the error `Record` gives
        let broken = r#"{"type":"claim","id":"d:1"}"#;
        let record_error = serde_json::from_str::<Record>(broken).expect_err("no claim");
        let err = parse_line(broken, "s.jsonl", 3).expect_err("no claim").to_string();
        assert!(err.contains(&crate::serde_words::json_line_message(&record_error)), "{err}");
    }

    #[test]
    fn every_line_lost_or_cut_from_a_map_output_is_noticed() {
        let rules = crate::rules::compile(&crate::rules::load::builtin_sources()).expect("built-in rules");
        let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/kazakhstan-2022");
        let loaded = corpus::load(&[bundled], &rules.corpus);
        // the map step's output, line by line, as the CLI writes it
        let mut written = Tally::default();
        let mut lines = vec![header_line(&rules)];
        for (text, claims) in map_documents(&loaded.documents, &rules) {
            written.documents += 1;
            written.claims += claims;
            lines.extend(text.lines().map(|l| format!("{l}\n")));
        }
        lines.push(end_line(written));
        assert!(written.documents == 5 && written.claims > 10, "{written:?}");
        // where the reduce step says a map step output is not whole
        let noticed = |lines: &[String]| -> Vec<String> {
            let mut reducer = Reducer::new();
            for (n, line) in lines.iter().enumerate() {
                let _ = reducer.add_line_bytes(line.as_bytes(), "s.jsonl", n + 1);
            }
            reducer.end_stream();
            reducer.skipped.iter().filter(|s| s.reason.contains("map step")).map(|s| s.path.display().to_string()).collect()
        };
        assert!(noticed(&lines).is_empty());
        let last = lines.len() - 1;
        for lost in 0..lines.len() {
            let mut arrived = lines.clone();
            arrived.remove(lost);
            let said = noticed(&arrived);
            match lost {
                // its header alone lost: every record arrived
                0 => assert!(said.is_empty(), "{said:?}"),
                at if at == last => assert_eq!(said, ["s.jsonl"]),
                _ => assert_eq!(said, [format!("s.jsonl:{last}")], "line {} lost", lost + 1),
            }
        }
        for cut in 1..lines.len() {
            assert_eq!(noticed(&lines[..cut]), ["s.jsonl"], "cut after line {cut}");
        }
        // without its header, a line lost more is still counted at the end;
        // so is everything lost but the end
        for lost in 1..last {
            let arrived: Vec<String> = lines.iter().enumerate().filter(|&(i, _)| i != 0 && i != lost).map(|(_, l)| l.clone()).collect();
            assert_eq!(noticed(&arrived), [format!("s.jsonl:{}", last - 1)], "the header and line {} lost", lost + 1);
        }
        assert_eq!(noticed(&lines[last..]), ["s.jsonl:1"]);
        // records with neither header nor end are not a map step output
        assert!(noticed(&lines[1..last]).is_empty());
    }

    #[test]
    fn an_output_without_its_end_is_listed_once_whatever_ended_it() {
        let header = r#"{"type":"header","crosscheck":"0.1.0","rules":"0123456789abcdef"}"#;
        let skipped = r#"{"type":"skipped","path":"a.txt","reason":"unreadable"}"#;
        let listed = |reducer: &Reducer| -> Vec<(String, String)> {
            reducer.skipped.iter().map(|s| (s.path.display().to_string(), s.reason.clone())).collect()
        };
        // the stream just ends
        let mut reducer = Reducer::new();
        for (n, line) in [header, skipped].into_iter().enumerate() {
            assert!(reducer.add_line(line, "s.jsonl", n + 1).is_ok());
        }
        reducer.end_stream();
        let said = listed(&reducer);
        assert_eq!(said.len(), 2, "{said:?}");
        assert_eq!(said[1].0, "s.jsonl");
        assert!(said[1].1.starts_with("the map step output from line 1 has no end record (the stream ends after 0 documents"), "{said:?}");
        // its reading fails: that is the reason, said once
        let mut reducer = Reducer::new();
        for (n, line) in [header, skipped].into_iter().enumerate() {
            assert!(reducer.add_line(line, "s.jsonl", n + 1).is_ok());
        }
        reducer.read_failed("s.jsonl", 3, "cannot read the line: Input/output error");
        reducer.end_stream();
        assert_eq!(listed(&reducer)[1..], [("s.jsonl:3".to_string(), "cannot read the line: Input/output error".to_string())]);
        // a whole output: nothing listed but its own skipped input
        let mut reducer = Reducer::new();
        let end = r#"{"type":"end","documents":0,"claims":0,"skipped":1}"#;
        for (n, line) in [header, skipped, end].into_iter().enumerate() {
            assert!(reducer.add_line(line, "s.jsonl", n + 1).is_ok());
        }
        reducer.end_stream();
        assert_eq!(listed(&reducer), [("a.txt".to_string(), "unreadable".to_string())]);
    }
}
