//! Near-duplicate detection: copies of one story (syndication, reposts,
//! a page saved twice) count as one source, not several.
//!
//! Each document becomes the set of hashes of its word 5-grams (shingles)
//! over the lower-cased masked text. Two documents are copies when the
//! share of the smaller one's shingles found in the other (containment) is
//! at or above the threshold. Candidate pairs come from an inverted index
//! over a fixed sample of the shingle hashes (those divisible by
//! [`SAMPLE_MODULUS`]), walked only for the sampled shingles of each
//! document that the fewest larger documents hold (prefix filtering), so
//! the work grows with the number of shared rare shingles, not with the
//! number of pairs; only candidates
//! whose sampled overlap can reach the threshold (first bounded from
//! above by a bitmap, then counted) get the exact containment.
//! Documents with identical sets are grouped first, by one hash of each
//! set, and only one of each group is searched: a story copied more often
//! than a shingle may be indexed is still found. Copies are clustered with
//! union-find and each cluster keeps one original.

use crate::model::Document;
use rayon::prelude::*;
use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU16, AtomicU32, Ordering};
use std::thread::LocalKey;

/// Words per shingle.
const SHINGLE_WORDS: usize = 5;
/// Documents with fewer shingles than this are never marked.
pub(crate) const MIN_SHINGLES: usize = 20;
/// Shingle hashes divisible by this are indexed: a fixed ¼ sample, the
/// same for every document, so shared shingles are sampled on both sides.
const SAMPLE_MODULUS: u32 = 4;
/// Sampled shingles found in more documents than this are template text
/// or much-quoted phrases, not evidence of copying; they are left out of
/// the candidate search.
const MAX_POSTINGS: usize = 1000;

/// FNV-1a, 64 bits: deterministic across runs and platforms.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
}

/// SplitMix64 finaliser: spreads the bits so the low bits sample evenly.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Sorted, de-duplicated hashes of the word 5-grams of `text`. Words are
/// runs of letters and digits, lower-cased, so punctuation and typography
/// ("Kazakhstan's" / "Kazakhstan’s") do not matter. Hashes are 32 bits:
/// two documents of a thousand shingles each share a hash by chance with
/// a probability of about 2⁻¹², far below what moves a containment of
/// hundreds of shingles, at half the memory of 64 bits.
///
/// The values are part of the claims stream format (the map step writes
/// them, the reduce step compares them), so they never change between
/// versions: a test checks them against the plain definition.
pub fn shingles(text: &str) -> Vec<u32> {
    shingles_of_segments(std::iter::once(text))
}

/// [`shingles`] of the text made of `segments` with a separator between
/// each two (as [`crate::model::Document::unmasked_segments`] gives them:
/// the same set as over the masked copy, without making it).
pub fn shingles_of_segments<'a>(segments: impl Iterator<Item = &'a str>) -> Vec<u32> {
    let mut shingler = Shingler::default();
    shingler.sort_shingles_of(segments);
    std::mem::take(&mut shingler.hashes)
}

/// Buffers for shingling document after document on one thread.
///
/// A document's set is built and sorted in buffers kept from the last
/// document, then copied out at its exact size: where every set is kept
/// (near-duplicate marking holds all of them at once), the heap holds the
/// sets and nothing more, not a buffer grown by doubling for each.
#[derive(Debug, Default)]
pub(crate) struct Shingler {
    /// The words' hashes of the document in hand, at its start; never
    /// shrunk, so its length is not their count ([`word_hashes_into`]).
    words: Vec<u64>,
    hashes: Vec<u32>,
    scratch: Vec<u32>,
}

impl Shingler {
    /// [`shingles_of_segments`], in a vector of its own exact size.
    pub(crate) fn shingles_of_segments<'a>(&mut self, segments: impl Iterator<Item = &'a str>) -> Vec<u32> {
        self.sort_shingles_of(segments);
        self.hashes.as_slice().to_vec()
    }

    /// Leaves the sorted, de-duplicated shingles of `segments` in `hashes`.
    ///
    /// Two passes: the words' hashes first (of all segments, in order), then
    /// each window of [`SHINGLE_WORDS`] of them, a loop with no branch on
    /// the text, whose windows' multiplications the processor overlaps.
    fn sort_shingles_of<'a>(&mut self, segments: impl Iterator<Item = &'a str>) {
        let mut count = 0;
        for segment in segments {
            count = word_hashes_into(segment, &mut self.words, count);
        }
        let words = self.words.get(..count).unwrap_or_default();
        let hashes = &mut self.hashes;
        hashes.clear();
        hashes.extend(words.windows(SHINGLE_WORDS).map(|window| {
            let h = window.iter().fold(0u64, |h, &w| h.rotate_left(17).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ w);
            (mix(h) >> 32) as u32
        }));
        radix_sort(hashes, &mut self.scratch);
        hashes.dedup();
    }
}

/// FNV-1a offset basis and prime, 64 bits.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// What [`for_each_word_hash`] needs of each byte: the lower-case form of
/// an ASCII letter or digit, [`NOT_WORD`] for any other ASCII byte and
/// [`NOT_ASCII`] for a byte of a character outside ASCII. One load and one
/// comparison a byte, where the ranges of `is_ascii_alphanumeric` and
/// `to_ascii_lowercase` took several branches.
// `b` runs below 256, the table's length (a const block cannot use `get`)
#[allow(clippy::indexing_slicing)]
static WORD_BYTES: [u8; 256] = {
    let mut table = [NOT_WORD; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte >= 0x80 {
            NOT_ASCII
        } else if byte.is_ascii_alphanumeric() {
            byte.to_ascii_lowercase()
        } else {
            NOT_WORD
        };
        b += 1;
    }
    table
};
/// [`WORD_BYTES`] of an ASCII byte that is not a letter or digit.
const NOT_WORD: u8 = 0;
/// [`WORD_BYTES`] of a byte of a character outside ASCII.
const NOT_ASCII: u8 = 0xff;

/// Whether `class` ([`WORD_BYTES`] of a byte) is an ASCII letter or digit:
/// neither [`NOT_WORD`] (0) nor [`NOT_ASCII`] (0xff), the two values that
/// wrap to 0 and 1 when one is added (one comparison, no branch).
fn is_letter_or_digit(class: u8) -> bool {
    class.wrapping_add(1) > 1
}

/// [`WORD_BYTES`] of the byte at `i`, [`NOT_WORD`] past the end.
fn word_byte(bytes: &[u8], i: usize) -> u8 {
    bytes.get(i).map_or(NOT_WORD, |&b| byte_class(b))
}

/// [`WORD_BYTES`] of `byte`.
fn byte_class(byte: u8) -> u8 {
    WORD_BYTES.get(usize::from(byte)).copied().unwrap_or(NOT_ASCII)
}

/// Writes [`word_hash`] of every word of `text` (as [`for_each_word_hash`]
/// finds them) in order into `out` from index `at` on, and returns the
/// index after the last. `out` is a buffer kept from document to document:
/// it is grown to hold every word the text can have (a word and the byte
/// after it take two bytes at least), never shrunk, and its slots past the
/// returned index hold whatever they held.
fn word_hashes_into(text: &str, out: &mut Vec<u64>, at: usize) -> usize {
    let most = at + text.len() / 2 + 1;
    if out.len() <= most {
        out.resize(most + 1, 0);
    }
    if letters_all_ascii(text) {
        return ascii_word_hashes_into(text.as_bytes(), out, at);
    }
    let mut next = at;
    for_each_word_hash(text, |hash| {
        match out.get_mut(next) {
            Some(slot) => *slot = hash,
            None => out.push(hash),
        }
        next += 1;
    });
    next
}

/// Whether every letter and digit of `text` is ASCII: each character
/// outside it (found eight bytes at a time) is punctuation, a space or a
/// mark, as the curly quotes and dashes of most English news are.
fn letters_all_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = crate::ascii::next_non_ascii(bytes, from) {
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else { return false };
        if is_alphanumeric(c) {
            return false;
        }
        from = at + c.len_utf8();
    }
    true
}

/// [`word_hashes_into`] for a text whose letters and digits are all ASCII
/// (every other byte then separates words): one pass with no branch on the
/// text. At every byte the hash so far is written at the next free slot of
/// `out`, which moves on only where a word has just ended, and the hash
/// starts again at each byte that is no letter or digit. [`for_each_word_hash`]
/// leaves its loop at each word's end, a branch the processor cannot
/// predict: over the 10k generated texts its word hashes took 81 ms, this
/// pass 60 ms with the check of [`letters_all_ascii`] (the performance
/// log). `out` must hold a slot for each word and one more
/// ([`word_hashes_into`] sees to it).
fn ascii_word_hashes_into(bytes: &[u8], out: &mut [u64], at: usize) -> usize {
    let mut next = at;
    let mut hash = FNV_OFFSET;
    let mut in_word = false;
    for &byte in bytes {
        let lower = byte_class(byte);
        let is_word = is_letter_or_digit(lower);
        if let Some(slot) = out.get_mut(next) {
            *slot = hash;
        }
        next += usize::from(in_word & !is_word);
        let hashed = (hash ^ u64::from(lower)).wrapping_mul(FNV_PRIME);
        hash = if is_word { hashed } else { FNV_OFFSET };
        in_word = is_word;
    }
    if in_word {
        if let Some(slot) = out.get_mut(next) {
            *slot = hash;
        }
        next += 1;
    }
    next
}

/// Calls `each` with [`word_hash`] of every word of `text` in order, where
/// a word is a maximal run of alphanumeric characters: the words of
/// `text.split(|c: char| !c.is_alphanumeric())`. ASCII is scanned a byte at
/// a time, hashing as it goes; a word with any other character is found
/// and hashed character by character.
fn for_each_word_hash(text: &str, mut each: impl FnMut(u64)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let class = word_byte(bytes, i);
        if class == NOT_WORD {
            i += 1;
        } else if class != NOT_ASCII {
            let start = i;
            let mut hash = FNV_OFFSET;
            let mut lower = class;
            while is_letter_or_digit(lower) {
                hash = (hash ^ u64::from(lower)).wrapping_mul(FNV_PRIME);
                i += 1;
                lower = word_byte(bytes, i);
            }
            if lower == NOT_ASCII {
                // the word may go on with a letter outside ASCII
                let end = word_end(text, i);
                if end > i {
                    hash = text.get(start..end).map_or(hash, word_hash);
                    i = end;
                }
            }
            each(hash);
        } else {
            let end = word_end(text, i);
            if end > i {
                if let Some(word) = text.get(i..end) {
                    each(word_hash(word));
                }
                i = end;
            } else {
                // a character that is not alphanumeric: skip it whole
                i += text.get(i..).and_then(|rest| rest.chars().next()).map_or(1, char::len_utf8);
            }
        }
    }
}

/// Where the run of alphanumeric characters starting at byte `from` (a
/// character boundary) ends.
fn word_end(text: &str, from: usize) -> usize {
    let rest = text.get(from..).unwrap_or_default();
    from + rest.find(|c: char| !is_alphanumeric(c)).unwrap_or(rest.len())
}

/// `c.is_alphanumeric()`, answered at once for the typographic quotes,
/// dashes and spaces news text is full of (the General Punctuation block,
/// U+2000–U+206F, has no letter or digit) instead of by a table search.
fn is_alphanumeric(c: char) -> bool {
    !('\u{2000}'..='\u{206f}').contains(&c) && c.is_alphanumeric()
}

/// FNV-1a of the lower-cased word, without allocating for ASCII words
/// (the same value as hashing `word.to_lowercase()`).
fn word_hash(word: &str) -> u64 {
    if word.is_ascii() {
        word.bytes().fold(FNV_OFFSET, |h, b| (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(FNV_PRIME))
    } else {
        fnv1a(word.to_lowercase().as_bytes())
    }
}

/// Sorts `values` in increasing order. A document's few hundred to few
/// thousand shingles, uniformly spread hashes, are sorted by their top 16
/// bits only (two counting passes, least significant byte first), which
/// leaves them in order but for the few that share those bits (about three
/// pairs in a set of 635), put right by one insertion pass. Larger sets, or
/// a set whose values bunch up in the top bits so that the insertion pass
/// has more to do than [`INSERTION_MOVES_PER_VALUE`] allows, are sorted on
/// all four bytes. Faster than a comparison sort for such sets, and than
/// four counting passes.
fn radix_sort(values: &mut Vec<u32>, scratch: &mut Vec<u32>) {
    if values.len() < 64 {
        values.sort_unstable();
        return;
    }
    if values.len() <= TOP_BITS_SORT_MAX {
        radix_passes::<2>(values, scratch);
        let budget = values.len() * INSERTION_MOVES_PER_VALUE;
        if insertion_finish(values, budget) {
            return;
        }
    }
    radix_passes::<0>(values, scratch);
}

/// Sets up to this size are sorted on their top 16 bits, then by insertion
/// ([`radix_sort`]): a bucket of the 65,536 then holds one value on
/// average, at most.
const TOP_BITS_SORT_MAX: usize = 1 << 16;
/// The insertion pass of [`radix_sort`] gives up after this many moves a
/// value on average (values spread uniformly take far fewer than one).
const INSERTION_MOVES_PER_VALUE: usize = 4;

/// Stable counting sort of `values` on each of their bytes from `FIRST`
/// (0, the least significant, to 3) up: one counting pass for all of
/// them, and no pass over a byte all values share. The bytes are a
/// constant, so the counting loop is unrolled.
fn radix_passes<const FIRST: usize>(values: &mut Vec<u32>, scratch: &mut Vec<u32>) {
    // u32 counts: a set of 2^32 or more hashes is out of reach (it would
    // be 16 GB), and the four tables fill half the cache lines of usize
    let Ok(len) = u32::try_from(values.len()) else {
        values.sort_unstable();
        return;
    };
    let mut counts = [[0u32; 256]; 4];
    for &v in values.iter() {
        for (byte, count) in counts.iter_mut().enumerate().skip(FIRST) {
            if let Some(c) = count.get_mut(((v >> (8 * byte)) & 0xff) as usize) {
                *c += 1;
            }
        }
    }
    // every slot is written by each pass below: what the last document
    // left in the kept part of `scratch` needs no zeroing
    scratch.truncate(values.len());
    scratch.resize(values.len(), 0);
    for (byte, count) in counts.iter_mut().enumerate().skip(FIRST) {
        if count.contains(&len) {
            continue; // every value has the same byte here
        }
        let mut next = 0;
        for c in count.iter_mut() {
            (*c, next) = (next, next + *c);
        }
        for &v in values.iter() {
            // each count was the start of its byte's run: below the length
            if let Some(at) = count.get_mut(((v >> (8 * byte)) & 0xff) as usize) {
                if let Some(slot) = scratch.get_mut(*at as usize) {
                    *slot = v;
                }
                *at += 1;
            }
        }
        std::mem::swap(values, scratch);
    }
}

/// Insertion sort of `values`, giving up (with `false`, the values then in
/// some order) once it has moved more than `budget` of them.
// `j` runs from `i` (below the length) down to 1, and `j - 1` from there
#[allow(clippy::indexing_slicing)]
fn insertion_finish(values: &mut [u32], budget: usize) -> bool {
    let mut moves = 0;
    for i in 1..values.len() {
        let v = values[i];
        if values[i - 1] <= v {
            continue;
        }
        let mut j = i;
        while j > 0 && values[j - 1] > v {
            values[j] = values[j - 1];
            j -= 1;
        }
        values[j] = v;
        moves += i - j;
        if moves > budget {
            return false;
        }
    }
    true
}

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u32(&mut self, n: u32) {
        // spread the (already uniform) 32 bits over the 64 the table uses
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type IdentityBuild = std::hash::BuildHasherDefault<IdentityHasher>;

/// |A ∩ B| / min(|A|, |B|) for sorted, de-duplicated sets.
#[cfg(test)]
fn containment(a: &[u32], b: &[u32]) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    overlap(a, b) as f64 / smaller as f64
}

/// Disjoint sets over document indices.
struct UnionFind(Vec<usize>);

// Every index is a document position below the length it was built with.
#[allow(clippy::indexing_slicing)]
impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index becomes the root: deterministic.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// How much metadata a document carries: url, outlet, published.
pub fn metadata_count(d: &Document) -> usize {
    usize::from(d.url.is_some()) + usize::from(d.outlet.is_some()) + usize::from(d.published.is_some())
}

/// Mark copies of one story: within each cluster of documents whose
/// shingle containment reaches `threshold`, the original is the one with
/// the most metadata (url, outlet, published), then the longest text, then
/// the smallest id; every other member gets `duplicate_of = Some(original)`.
/// All other documents get `duplicate_of = None`. Documents with fewer than
/// 20 shingles are never marked. The result does not depend on the order
/// of `documents`.
pub fn mark_near_duplicates(documents: &mut [Document], threshold: f64) {
    // Each text is shingled once: its whole set is kept for the exact
    // containments (4 bytes a word, about two thirds of the text's size,
    // during this pass only), which costs less than shingling candidates
    // again where many documents share much of their text, as on a day of
    // one big story.
    let sets: Vec<Vec<u32>> = documents
        .par_iter()
        .with_max_len(crate::extract::DOCUMENTS_PER_RUN)
        .map_init(Shingler::default, |shingler, d| shingler.shingles_of_segments(d.unmasked_segments()))
        .collect();
    let keys: Vec<OriginalKey> =
        documents.iter().map(|d| OriginalKey { metadata: metadata_count(d), text_len: d.text.len(), id: d.id.clone() }).collect();
    let originals = near_duplicate_originals(&sets, &keys, threshold);
    drop(sets);
    let ids: Vec<Option<String>> = originals.iter().map(|o| o.and_then(|i| documents.get(i)).map(|d| d.id.clone())).collect();
    for (doc, original) in documents.iter_mut().zip(ids) {
        doc.duplicate_of = original;
    }
}

/// What decides which member of a cluster of copies is the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginalKey {
    /// How many of url, outlet, published the document has.
    pub metadata: usize,
    /// Length of its text in bytes.
    pub text_len: usize,
    /// Its id.
    pub id: String,
}

/// The near-duplicate clustering of [`mark_near_duplicates`] over
/// precomputed shingle sets (as [`shingles`] makes them): for each
/// document, the index of the original it copies, or `None`. Used by the
/// reduce step, which has the sets but not the texts.
pub fn near_duplicate_originals(sets: &[Vec<u32>], keys: &[OriginalKey], threshold: f64) -> Vec<Option<usize>> {
    // each set's hash and sample size from one read of it: together the
    // sets are larger than the caches
    let (hashes, sampled): (Vec<u64>, Vec<usize>) = sets.par_iter().map(|s| (set_hash(s), sample_of(s).count())).unzip();
    let twin_of = identical_sets(sets, &hashes, keys);
    // one document of each group of identical sets takes part in the search
    // for copies; the others join its cluster
    let sample_lens: Vec<usize> =
        sampled.iter().zip(&twin_of).enumerate().map(|(doc, (&n, &twin))| if twin == doc { n } else { 0 }).collect();
    originals_by(&sample_lens, sets, &twin_of, keys, threshold)
}

/// For each document, the document with the smallest id whose shingle set
/// is the same (itself when there is none, and for sets too small to mark),
/// given each set's [`set_hash`].
///
/// Identical sets are copies however many there are: a wire story picked
/// up by thousands of sites has every shingle in thousands of documents,
/// more than [`MAX_POSTINGS`], so the search over rare shingles would find
/// none of its copies. One hash of each set finds them in linear time.
// Indices are document positions from enumerating `sets`, and `keys`
// holds one entry per document.
#[allow(clippy::indexing_slicing)]
fn identical_sets(sets: &[Vec<u32>], hashes: &[u64], keys: &[OriginalKey]) -> Vec<usize> {
    // groups by hash; a group's first document has the smallest id, the
    // others are checked against it (hashes of different sets may collide)
    let mut by_id: Vec<usize> = (0..sets.len()).filter(|&doc| sets[doc].len() >= MIN_SHINGLES).collect();
    by_id.sort_by(|&a, &b| (hashes[a], &keys[a].id, a).cmp(&(hashes[b], &keys[b].id, b)));
    let mut twin_of: Vec<usize> = (0..sets.len()).collect();
    for group in by_id.chunk_by(|&a, &b| hashes[a] == hashes[b]) {
        for (i, &doc) in group.iter().enumerate() {
            if let Some(&twin) = group[..i].iter().find(|&&other| twin_of[other] == other && sets[other] == sets[doc]) {
                twin_of[doc] = twin;
            }
        }
    }
    twin_of
}

/// A hash of a shingle set for grouping equal sets: of its length, the sum
/// of its elements and the sum of their squares. One multiplication an
/// element and no chain of dependent steps, so the processor does several
/// elements at once (mixing each element, as before, took 6.8 ms at 10k
/// documents). Different sets rarely agree on all three, and those that do
/// are compared whole.
fn set_hash(set: &[u32]) -> u64 {
    let (sum, squares) = set.iter().fold((0u64, 0u64), |(sum, squares), &x| {
        let x = u64::from(x);
        // below 2^64: a square of 32 bits
        (sum.wrapping_add(x), squares.wrapping_add(x * x))
    });
    mix(mix(set.len() as u64 ^ sum) ^ squares)
}

/// The indexed sample of a shingle set: nothing for sets too small to mark.
fn sample_of(set: &[u32]) -> impl Iterator<Item = u32> + '_ {
    let kept = if set.len() >= MIN_SHINGLES { set } else { &[] };
    kept.iter().copied().filter(|h| h % SAMPLE_MODULUS == 0)
}

/// Writes the first `slot.len()` sampled elements of `set` into `slot`:
/// [`sample_of`] `set` when the slot has its length (none for a set too
/// small to mark). No branch on which elements are sampled: each is written
/// at the next free place, which moves on only past a sampled one. A
/// quarter of them are, as their hashes fall, and a branch on each was
/// mispredicted about one time in four (the filter took 18 ms of the search
/// at 10k documents).
fn write_sample(set: &[u32], slot: &mut [u32]) {
    let mut len = 0;
    for &h in set {
        if let Some(value) = slot.get_mut(len) {
            *value = h;
        }
        len += usize::from(h % SAMPLE_MODULUS == 0);
    }
}

/// How many of its `indexed` sampled shingles (those not too common to
/// index) a document must share with a document at least as large before
/// their exact containment is computed.
///
/// A copy contains the smaller document's text, common phrases and rare
/// ones alike, so the share of its indexed shingles found in the other
/// estimates the containment. A copy at the threshold `t` shares at least
/// `t·u − 2√u` of `u` of them except with a probability below 10⁻⁴ (four
/// standard deviations of the sampling error, whose variance is at most
/// 1/(4u)). Stories that merely quote the same sentences share their
/// common shingles, not their rare ones, and fall short.
fn required_overlap(indexed: usize, threshold: f64) -> usize {
    overlap_floor(indexed, threshold, 2.0)
}

/// How many of the `sampled` shingles of its whole sample a document must
/// share with a larger one before their exact containment is computed.
///
/// The sample is each shingle kept with probability ¼, decided by its
/// hash, so given its size it is a random `s`-subset of the document's
/// `4s` or so shingles: the shared ones in it follow a hypergeometric law
/// of variance `s·c(1−c)·¾` at most, `3s/16`. A copy at the threshold `t`
/// shares at least `t·s − √(3s)` of them (four standard deviations) except
/// with a probability below 10⁻⁴.
fn required_sample_overlap(sampled: usize, threshold: f64) -> usize {
    overlap_floor(sampled, threshold, 3f64.sqrt())
}

/// `⌈t·n − k√n⌉`, within `1..=n`.
fn overlap_floor(n: usize, threshold: f64, k: f64) -> usize {
    let n = n as f64;
    // at most `n`, so the conversion cannot overflow
    (threshold * n - k * n.sqrt()).ceil().clamp(1.0, n.max(1.0)) as usize
}

/// Whether `containment(a, b) >= threshold`, stopping the merge as soon as
/// the answer is known.
fn contains_at_least(a: &[u32], b: &[u32], threshold: f64) -> bool {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return false;
    }
    let reaches = |shared: usize| shared as f64 / smaller as f64 >= threshold;
    // the fewest shared elements that reach the threshold, with the same
    // rounding as the division (at most `smaller`: no overflow)
    let mut floor = (threshold * smaller as f64).ceil().clamp(0.0, smaller as f64) as usize;
    while floor > 0 && reaches(floor - 1) {
        floor -= 1;
    }
    while floor <= smaller && !reaches(floor) {
        floor += 1;
    }
    floor <= smaller && overlap_reaches(a, b, floor)
}

/// Candidates whose bitmaps are bounded in one pass
/// ([`Bitmap::overlap_bounds`]).
const BOUND_GROUP: usize = 8;

/// Bits of a [`Bitmap`], in 64-bit words.
const BITMAP_WORDS: usize = 16;

/// A 1,024-bit summary of a set of shingle hashes: one bit per element,
/// chosen by the hash's top 10 bits. Counting the elements of another set
/// whose bit is set bounds the overlap of the two from above (every shared
/// element is counted, plus chance collisions). The bitmaps of all
/// documents fit in the processor's cache where their samples do not, so
/// most candidate pairs are ruled out without reading the larger
/// document's sample.
struct Bitmap([u64; BITMAP_WORDS]);

impl Bitmap {
    fn of(set: &[u32]) -> Self {
        let mut words = [0u64; BITMAP_WORDS];
        for &h in set {
            if let Some(word) = words.get_mut((h >> 28) as usize) {
                *word |= 1 << ((h >> 22) & 63);
            }
        }
        Bitmap(words)
    }

    /// At least |`set` ∩ the summarised set|.
    #[cfg(test)]
    fn overlap_bound(&self, set: &[u32]) -> usize {
        Bitmap::overlap_bounds(&[self], set)[0]
    }

    /// A bound from above on |`set` ∩ each summarised set|, for several
    /// bitmaps in one pass.
    ///
    /// The bitmaps are those of candidates, scattered in memory: reading
    /// them side by side lets the processor fetch them all at once, where
    /// one after the other it waits for each in turn (at 100k documents the
    /// bound over 5 M candidates was bound by those waits, not by the bit
    /// tests).
    fn overlap_bounds<const N: usize>(bitmaps: &[&Bitmap; N], set: &[u32]) -> [usize; N] {
        let mut bounds = [0usize; N];
        for &h in set {
            let (word, bit) = ((h >> 28) as usize, (h >> 22) & 63);
            for (bound, bitmap) in bounds.iter_mut().zip(bitmaps) {
                // `h >> 28` < 16 = BITMAP_WORDS: always in bounds
                #[allow(clippy::indexing_slicing)]
                let word = bitmap.0[word];
                *bound += ((word >> bit) & 1) as usize;
            }
        }
        bounds
    }
}

/// Shared elements of two sorted, de-duplicated sets.
#[cfg(test)]
fn overlap(a: &[u32], b: &[u32]) -> usize {
    // branch-free steps: which side advances is data, not a jump
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        shared += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    shared
}

/// Elements of each set compared at a time by [`overlap_reaches`]. Over
/// pairs of 131-element samples sharing 80 (a microbenchmark, x86-64's
/// baseline vector instructions), sixteen took 0.58 of the time of the
/// element-by-element merge, and eight 1.12 of it.
const MERGE_BLOCK: usize = 16;

/// Whether two sorted, de-duplicated sets share at least `floor` elements;
/// stops as soon as the elements left cannot make up the difference.
///
/// Merges block by block while both sides have [`MERGE_BLOCK`] elements
/// left: every element of one block is compared with every element of the
/// other (a loop the compiler turns into vector comparisons, without the
/// unpredictable branch of an element-by-element merge), then the block
/// whose last element is smaller moves on (both, on a tie): none of its
/// elements can be in the other set's later blocks, which hold only values
/// above the other block's last. So the two blocks holding a shared element
/// meet, and meet once, and each shared element is counted once. The rest
/// goes element by element.
fn overlap_reaches(a: &[u32], b: &[u32], floor: usize) -> bool {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (block_at(a, i), block_at(b, j)) {
        if shared >= floor {
            return true;
        }
        // the elements from the current blocks on bound what can still be
        // found (some of them may already be counted: still a bound)
        if shared + (a.len() - i).min(b.len() - j) < floor {
            return false;
        }
        shared += block_overlap(x, y);
        let (last_x, last_y) = (x[MERGE_BLOCK - 1], y[MERGE_BLOCK - 1]);
        i += MERGE_BLOCK * usize::from(last_x <= last_y);
        j += MERGE_BLOCK * usize::from(last_y <= last_x);
    }
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        if shared >= floor {
            return true;
        }
        if shared + (a.len() - i).min(b.len() - j) < floor {
            return false;
        }
        shared += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    shared >= floor
}

/// The [`MERGE_BLOCK`] elements of `set` from `at`, if there are as many.
fn block_at(set: &[u32], at: usize) -> Option<&[u32; MERGE_BLOCK]> {
    set.get(at..at + MERGE_BLOCK).and_then(|block| block.try_into().ok())
}

/// Equal pairs between two blocks of distinct elements: the shared ones.
fn block_overlap(x: &[u32; MERGE_BLOCK], y: &[u32; MERGE_BLOCK]) -> usize {
    let mut equal = [0u32; MERGE_BLOCK];
    for &v in x {
        for (count, &w) in equal.iter_mut().zip(y) {
            *count += u32::from(v == w);
        }
    }
    equal.iter().sum::<u32>() as usize
}

/// Reads the first element of each set's first two merge blocks (64 bytes
/// apart: two lines of memory) and folds them into a value for the caller
/// to hand to [`std::hint::black_box`], so that the reads are made: sets
/// read one after another this way are fetched from memory side by side.
/// (A few percent of the search for copies at 100k documents; the reads
/// are of elements the merges read next anyway.)
fn read_starts<'a>(sets: impl Iterator<Item = &'a [u32]>) -> u32 {
    sets.fold(0, |folded, set| folded ^ set.first().copied().unwrap_or(0) ^ set.get(MERGE_BLOCK).copied().unwrap_or(0))
}

/// Sets stored one after another in one buffer.
struct PackedSets {
    /// Where each set starts in `values`, and one past the last.
    starts: Vec<usize>,
    values: Vec<u32>,
}

impl PackedSets {
    /// Sets of the given lengths, each written in place by `fill` (given
    /// its number and its slot, in parallel): no set is built apart first.
    fn filled(lens: impl Iterator<Item = usize>, fill: impl Fn(usize, &mut [u32]) + Sync) -> Self {
        let mut starts = vec![0];
        let mut end = 0;
        for len in lens {
            end += len;
            starts.push(end);
        }
        let mut values = vec![0u32; end];
        let mut slots: Vec<&mut [u32]> = Vec::with_capacity(starts.len());
        let mut rest = values.as_mut_slice();
        for pair in starts.windows(2) {
            let len = match pair {
                [start, end] => (end - start).min(rest.len()),
                _ => 0,
            };
            let (slot, after) = std::mem::take(&mut rest).split_at_mut(len);
            slots.push(slot);
            rest = after;
        }
        slots.into_par_iter().enumerate().with_max_len(crate::extract::DOCUMENTS_PER_RUN).for_each(|(i, slot)| fill(i, slot));
        PackedSets { starts, values }
    }

    /// How many sets there are.
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Where set `i` starts in `values`.
    fn start(&self, i: usize) -> usize {
        self.starts.get(i).copied().unwrap_or(self.values.len())
    }

    /// The positions of set `i`'s elements in `values`.
    fn elements(&self, i: usize) -> Range<usize> {
        self.start(i)..self.start(i + 1)
    }

    /// Set `i` (empty past the last).
    fn get(&self, i: usize) -> &[u32] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&start), Some(&end)) => self.values.get(start..end).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// The postings of the indexed sampled shingles (those in at most
/// [`MAX_POSTINGS`] samples), and where each sample element's own list
/// goes on past its document.
///
/// `ranks` holds the lists one after another: for each indexed shingle,
/// the ranks whose sample holds it, in increasing order. For the element
/// at position `e` of the packed samples, `after[e]` is where the ranks
/// after its own start in `ranks`, and `later[e]` how many there are
/// ([`NOT_INDEXED`] for a shingle too common to index). The search for
/// copies reads each of its document's elements once, so knowing these at
/// build time spares it a hash lookup and a binary search over the list
/// per element (cache misses both, a fifth of the search at 100k
/// documents). Positions fit in u32 like ranks: the postings hold one
/// entry per indexed sample element (33 a document in the generated 100k
/// corpus), so 4 billion of them is far beyond what one process loads.
///
/// The shingles are split by their top bits into one shard per thread,
/// built side by side in two passes over the samples in rank order (so
/// each list comes out sorted): the first counts each shingle's
/// documents and notes each element's list in `after`, the second writes
/// the lists into the shard's part of `ranks` and puts each element's
/// place in them over its list number. A shard writes only its own elements' `after` and `later`,
/// through atomics, as the elements of a sample are spread over shards.
struct Postings {
    ranks: Vec<u32>,
    after: Vec<AtomicU32>,
    later: Vec<AtomicU16>,
}

/// [`Postings::later`] of an element whose shingle is too common to index.
const NOT_INDEXED: u16 = u16::MAX;
// an indexed list's count of later ranks never reads as NOT_INDEXED
const _: () = assert!(MAX_POSTINGS < NOT_INDEXED as usize);

/// One shard's lists while [`Postings`] is built.
struct ShardLists {
    /// For each list, where its next rank goes in the shard's part of the
    /// postings and where the list ends; `None` for a shingle too common
    /// to index.
    cursors: Vec<Option<(u32, u32)>>,
    /// Length of the shard's part of the postings.
    len: usize,
}

impl ShardLists {
    /// The lists of the shingles the sample `elements` hold (their
    /// positions and shingles, each shingle once per sample that holds
    /// it), laid out one after another. Each element's list number is
    /// written at its position in `list_of_element`, so the second pass
    /// needs no second lookup of its shingle.
    fn counted(elements: impl Iterator<Item = (usize, u32)>, list_of_element: &[AtomicU32]) -> Self {
        let mut list_of: HashMap<u32, u32, IdentityBuild> = HashMap::default();
        let mut counts: Vec<u32> = Vec::new();
        for (element, h) in elements {
            let next = counts.len() as u32;
            let list = *list_of.entry(h).or_insert(next);
            match counts.get_mut(list as usize) {
                Some(count) => *count += 1,
                None => counts.push(1),
            }
            if let Some(slot) = list_of_element.get(element) {
                slot.store(list, Ordering::Relaxed);
            }
        }
        let mut next = 0u32;
        let cursors = counts
            .iter()
            .map(|&count| {
                (count as usize <= MAX_POSTINGS).then(|| {
                    let start = next;
                    next += count;
                    (start, next)
                })
            })
            .collect();
        ShardLists { cursors, len: next as usize }
    }

    /// The cursor and end of list `list` (`None` if too common to index).
    fn cursor(&mut self, list: u32) -> Option<&mut (u32, u32)> {
        self.cursors.get_mut(list as usize)?.as_mut()
    }
}

impl Postings {
    fn new(ranked: &PackedSets) -> Self {
        let bits = rayon::current_num_threads().next_power_of_two().trailing_zeros().min(MAX_SHARD_BITS);
        let shift = 32 - bits;
        let shard_of = |h: u32| h.checked_shr(shift).unwrap_or(0) as usize;
        let ranks = ranked.len();
        // each rank's elements of one shard, with their positions
        let shard_elements = |shard: usize| {
            (0..ranks).flat_map(move |rank| {
                let first = ranked.start(rank);
                ranked.get(rank).iter().enumerate().filter(move |&(_, &h)| shard_of(h) == shard).map(move |(i, &h)| (rank, first + i, h))
            })
        };
        // each element's list number until the second pass puts its
        // place in the postings there
        let after: Vec<AtomicU32> = (0..ranked.values.len()).map(|_| AtomicU32::new(0)).collect();
        let shards: Vec<ShardLists> = (0..1usize << bits)
            .into_par_iter()
            .map(|shard| ShardLists::counted(shard_elements(shard).map(|(_, element, h)| (element, h)), &after))
            .collect();
        let mut postings = vec![0u32; shards.iter().map(|lists| lists.len).sum()];
        let later: Vec<AtomicU16> = (0..ranked.values.len()).map(|_| AtomicU16::new(NOT_INDEXED)).collect();
        // each shard's part of `postings`, and where it starts
        let mut parts = Vec::with_capacity(shards.len());
        let (mut rest, mut base) = (postings.as_mut_slice(), 0usize);
        for lists in &shards {
            let len = lists.len.min(rest.len());
            let (part, tail) = std::mem::take(&mut rest).split_at_mut(len);
            parts.push((part, base));
            base += len;
            rest = tail;
        }
        parts.into_par_iter().zip(shards).enumerate().for_each(|(shard, ((part, base), mut lists))| {
            for (rank, element, _) in shard_elements(shard) {
                let list = after.get(element).map_or(u32::MAX, |a| a.load(Ordering::Relaxed));
                let Some((cursor, end)) = lists.cursor(list) else {
                    continue; // too common to index
                };
                if let Some(slot) = part.get_mut(*cursor as usize) {
                    *slot = rank as u32;
                }
                *cursor += 1;
                if let (Some(a), Some(l)) = (after.get(element), later.get(element)) {
                    a.store((base + *cursor as usize) as u32, Ordering::Relaxed);
                    // at most MAX_POSTINGS: fits
                    l.store((*end - *cursor) as u16, Ordering::Relaxed);
                }
            }
        });
        Postings { ranks: postings, after, later }
    }

    /// For each indexed element among `elements` (positions in the packed
    /// samples), how many larger documents hold its shingle and where
    /// their ranks start.
    fn later_lists(&self, elements: Range<usize>) -> impl Iterator<Item = (u16, u32)> + '_ {
        let later = self.later.get(elements.clone()).unwrap_or_default();
        let after = self.after.get(elements).unwrap_or_default();
        later
            .iter()
            .zip(after)
            .map(|(l, a)| (l.load(Ordering::Relaxed), a.load(Ordering::Relaxed)))
            .filter(|&(later, _)| later != NOT_INDEXED)
    }

    /// The `later` ranks starting at `after` in the postings.
    fn list(&self, later: u16, after: u32) -> &[u32] {
        let start = after as usize;
        self.ranks.get(start..start + usize::from(later)).unwrap_or_default()
    }
}

/// At most 2^this shards of [`Postings`].
const MAX_SHARD_BITS: u32 = 6;

/// Whether `count` passes `keep`; a count that does not is set to zero
/// (its document leaves the candidates).
fn keep_or_reset(count: &mut u32, keep: impl Fn(u32) -> bool) -> bool {
    let kept = keep(*count);
    if !kept {
        *count = 0;
    }
    kept
}

/// A postings list's count of later ranks and its start in one integer
/// that sorts as the pair does (by count, then start).
fn pack_list(later: u16, after: u32) -> u64 {
    u64::from(later) << 32 | u64::from(after)
}

/// The pair [`pack_list`] packed.
fn unpack_list(list: u64) -> (u16, u32) {
    // the high half holds a u16 and the low one a u32: both conversions fit
    ((list >> 32) as u16, list as u32)
}

/// Documents a worker takes at a time in the search for copies.
const PAIRS_RUN: usize = 64;

/// A worker's buffers for the search for copies: the candidates' counts by
/// rank (zero outside a document's turn), the live candidates and those
/// passing the bitmap bound.
#[derive(Default)]
struct SearchBuffers {
    counts: Vec<u32>,
    live: Vec<usize>,
    passing: Vec<usize>,
    lists: Vec<u64>,
}

thread_local! {
    /// Each thread's [`SearchBuffers`], between two runs of documents of
    /// one search (freed at its end).
    static SEARCH_BUFFERS: Cell<SearchBuffers> = Cell::new(SearchBuffers::default());
}

/// A thread's value taken out of its thread-local `slot` for one run of
/// work (a rayon job) and put back when dropped, so the next run on that
/// thread reuses its allocations instead of making them again. A value
/// dropped while the thread panics is not put back (it may be half
/// updated); the next run then starts from a default one, as does a run
/// nested inside another on the same thread.
struct Kept<T: Default + 'static> {
    value: T,
    slot: &'static LocalKey<Cell<T>>,
}

impl<T: Default + 'static> Kept<T> {
    /// This thread's kept value (a default one if there is none).
    fn take(slot: &'static LocalKey<Cell<T>>) -> Self {
        Kept { value: slot.take(), slot }
    }
}

impl<T: Default + 'static> Drop for Kept<T> {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.slot.set(std::mem::take(&mut self.value));
        }
    }
}

impl<T: Default + 'static> std::ops::Deref for Kept<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Default + 'static> std::ops::DerefMut for Kept<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

/// Clustering over each document's sample; `sets` holds the whole sets for
/// the exact containment of candidates, and `twin_of` each document's
/// identical twin searched in its place ([`identical_sets`]), whose cluster
/// it joins.
///
/// A pair is looked at from its document with the smaller sample (ties: the
/// smaller id), `A`, which needs [`required_overlap`] `r` shared indexed
/// shingles. Prefix filtering (as in set-similarity joins) finds every such
/// pair without walking the postings of A's most common shingles: if A
/// shares `r` of its `u` indexed shingles with B, it shares at least one of
/// any `u − r + 1` of them, so only the postings of the `u − r + 1` held
/// by the fewest larger documents are walked. Each document found so gets
/// the exact count over these shingles (the same whichever ones were
/// walked first: the copies found do not depend on that order); those
/// reaching `r` are bounded, then counted, over the whole samples
/// ([`required_sample_overlap`]), and those reaching that get the exact
/// containment.
// Indices are document positions from enumerating `samples` and `keys`,
// which hold one entry per document.
#[allow(clippy::indexing_slicing)]
fn originals_by(sample_lens: &[usize], sets: &[Vec<u32>], twin_of: &[usize], keys: &[OriginalKey], threshold: f64) -> Vec<Option<usize>> {
    // Documents by rank: ordered by sample size, then id (so the result
    // does not depend on the order documents come in), then index. The index
    // holds ranks in increasing order, so the documents larger than the
    // one at rank `r` are the postings after `r`. Ranks fit in u32 (a
    // corpus of 4 billion files is out of reach of one process anyway).
    let mut by_rank: Vec<usize> = (0..sample_lens.len()).collect();
    by_rank.par_sort_by(|&a, &b| (sample_lens[a], &keys[a].id, a).cmp(&(sample_lens[b], &keys[b].id, b)));
    // samples and bitmaps by rank, side by side in memory: a posting
    // (a rank) reaches a candidate's in one read, where a vector per
    // document took a read of the vector and one of its elements, both
    // cache misses for a random candidate
    let ranked = PackedSets::filled(by_rank.iter().map(|&doc| sample_lens[doc]), |rank, slot| write_sample(&sets[by_rank[rank]], slot));
    let index = Postings::new(&ranked);
    let bitmaps: Vec<Bitmap> = (0..by_rank.len()).into_par_iter().map(|rank| Bitmap::of(ranked.get(rank))).collect();

    // For each document, the larger ones that are copies of it. Pure per
    // document, so computed in parallel; the pairs are then joined in rank
    // order (the clusters do not depend on the order anyway). The work per
    // document is uneven (the smaller ones have more candidates), so it is
    // handed out in small runs: left to rayon's own splitting, one thread
    // finished the last large run alone.
    let pairs: Vec<(usize, Vec<usize>)> = (0..by_rank.len())
        .into_par_iter()
        .with_max_len(PAIRS_RUN)
        .map_init(
            // `counts` is zero for every document outside `live`, before
            // and after each document's turn: one array to touch per posting;
            // `passing` holds the candidates whose bitmap bound passes. The
            // buffers are the worker's own, kept from run to run: a fresh
            // zeroed `counts` for each run of PAIRS_RUN documents made the
            // zeroing grow with the square of the corpus (625 MB at 100k)
            || {
                let mut buffers = Kept::take(&SEARCH_BUFFERS);
                if buffers.counts.len() < by_rank.len() {
                    buffers.counts.resize(by_rank.len(), 0);
                }
                buffers
            },
            |buffers, rank| {
                let SearchBuffers { counts, live, passing, lists } = &mut **buffers;
                let doc = by_rank[rank];
                // where a postings list (ranks, increasing) passes this document
                let sample = ranked.get(rank);
                lists.clear();
                lists.extend(index.later_lists(ranked.elements(rank)).map(|(later, after)| pack_list(later, after)));
                if lists.is_empty() {
                    return (doc, Vec::new());
                }
                // the lists with the fewest larger documents first (ties by
                // where they start): one comparison of integers each, where
                // sorting them as pairs took a quarter of the search at 1k
                // documents
                lists.sort_unstable();
                let indexed: &[u64] = lists;
                let need = required_overlap(indexed.len(), threshold);
                let prefix = indexed.len() - need + 1;
                live.clear();
                // the largest count of a candidate so far
                let mut most = 0u32;
                for (i, &list) in indexed.iter().enumerate() {
                    let (later, after) = unpack_list(list);
                    let postings = index.list(later, after);
                    if i < prefix {
                        // the shingles held by the fewest larger documents:
                        // every one of them is a candidate. Each posting is
                        // written at the end of `live`, which grows past it
                        // only when it is new: no branch on whether it is
                        // (63% of them are at 10k generated documents, 72%
                        // at 100k, in no order to predict)
                        let mut len = live.len();
                        live.resize(len + postings.len(), 0);
                        for &other in postings {
                            let count = &mut counts[other as usize];
                            live[len] = other as usize;
                            len += usize::from(*count == 0);
                            *count += 1;
                            most = most.max(*count);
                        }
                        live.truncate(len);
                        continue;
                    }
                    // the rest only add to the candidates' counts, and stop
                    // once no candidate can reach `need` with the shingles
                    // left (positional filtering). Walking the postings
                    // (short, in order) costs less than looking the shingle
                    // up in each candidate's sample (a cache miss at every
                    // step of the search), or than dropping the candidates
                    // that fall behind as they do, even for few candidates.
                    let left = (indexed.len() - i) as u32;
                    if most + left < need as u32 {
                        break;
                    }
                    for &other in postings {
                        let count = &mut counts[other as usize];
                        // only the candidates have a count
                        *count += u32::from(*count > 0);
                        most = most.max(*count);
                    }
                }
                live.retain(|&other| keep_or_reset(&mut counts[other], |c| c >= need as u32));
                // the whole samples (common shingles too) estimate the
                // containment better; only a possible copy gets the exact one
                let floor = required_sample_overlap(sample.len(), threshold);
                passing.clear();
                for group in live.chunks(BOUND_GROUP) {
                    let mut bitmaps_of_group = [&bitmaps[rank]; BOUND_GROUP];
                    for (slot, &other) in bitmaps_of_group.iter_mut().zip(group) {
                        *slot = &bitmaps[other];
                    }
                    let bounds = Bitmap::overlap_bounds(&bitmaps_of_group, sample);
                    passing.extend(group.iter().zip(bounds).filter(|&(_, bound)| bound >= floor).map(|(&other, _)| other));
                }
                // the candidates' samples lie scattered in memory: the start
                // of each sample of a group is read first, so the processor
                // fetches them side by side, and the merges find them in the
                // cache instead of each waiting for its first read in turn
                let mut copies = Vec::new();
                for group in passing.chunks(BOUND_GROUP) {
                    std::hint::black_box(read_starts(group.iter().map(|&other| ranked.get(other))));
                    copies.extend(
                        group
                            .iter()
                            .copied()
                            .filter(|&other| overlap_reaches(sample, ranked.get(other), floor))
                            .map(|other| by_rank[other])
                            .filter(|&other| contains_at_least(&sets[doc], &sets[other], threshold)),
                    );
                }
                for &other in live.iter() {
                    counts[other] = 0;
                }
                (doc, copies)
            },
        )
        .collect();
    // the buffers hold an array of corpus size on each thread: freed with
    // the search, not kept for the life of the thread
    rayon::broadcast(|_| drop(SEARCH_BUFFERS.take()));
    let mut sets_uf = UnionFind((0..by_rank.len()).collect());
    for (doc, &twin) in twin_of.iter().enumerate() {
        sets_uf.union(doc, twin);
    }
    for (doc, copies) in pairs {
        for other in copies {
            sets_uf.union(doc, other);
        }
    }

    let mut clusters: HashMap<usize, Vec<usize>> = HashMap::new();
    for doc in 0..by_rank.len() {
        let root = sets_uf.find(doc);
        clusters.entry(root).or_default().push(doc);
    }
    let mut originals = vec![None; by_rank.len()];
    for members in clusters.values().filter(|m| m.len() > 1) {
        let original = members.iter().copied().min_by(|&a, &b| {
            let (ka, kb) = (&keys[a], &keys[b]);
            kb.metadata.cmp(&ka.metadata).then(kb.text_len.cmp(&ka.text_len)).then(ka.id.cmp(&kb.id))
        });
        let Some(original) = original else { continue };
        for &m in members.iter().filter(|&&m| m != original) {
            originals[m] = Some(original);
        }
    }
    originals
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn doc(id: &str, text: &str) -> Document {
        Document {
            id: id.into(),
            path: PathBuf::from(format!("{id}.txt")),
            outlet: None,
            url: None,
            published: None,
            title: None,
            event: "e".into(),
            event_year: None,
            text: text.into(),
            masked_ranges: Vec::new(),
            duplicate_of: None,
        }
    }

    /// Deterministic pseudo-random prose of `n` words.
    fn prose(seed: u64, n: usize) -> String {
        const WORDS: &[&str] = &[
            "the",
            "police",
            "said",
            "protesters",
            "in",
            "city",
            "government",
            "troops",
            "killed",
            "people",
            "airport",
            "president",
            "alliance",
            "forces",
            "were",
            "on",
            "after",
            "gas",
            "prices",
            "rose",
            "capital",
            "streets",
            "building",
            "ministry",
            "reported",
            "injured",
            "night",
            "morning",
            "official",
            "statement",
        ];
        let mut next = numbers_below(seed);
        (0..n).map(|_| WORDS[next(WORDS.len() as u64) as usize]).collect::<Vec<_>>().join(" ")
    }

    /// The plain definition of [`shingles`]: the words of the text split at
    /// every character that is not alphanumeric, each lower-cased and
    /// hashed, five at a time.
    fn shingles_by_definition(text: &str) -> Vec<u32> {
        let words: Vec<u64> =
            text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| fnv1a(w.to_lowercase().as_bytes())).collect();
        let mut hashes: Vec<u32> = words
            .windows(SHINGLE_WORDS)
            .map(|w| (mix(w.iter().fold(0u64, |h, &w| h.rotate_left(17).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ w)) >> 32) as u32)
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        hashes
    }

    /// Deterministic text over ASCII, letters and digits from other
    /// scripts, marks, typographic punctuation and whitespace.
    fn mixed_text(seed: u64, chars: usize) -> String {
        const ALPHABET: &[char] = &[
            'a', 'B', 'z', 'Q', '7', '0', ' ', ' ', ' ', '\n', '.', ',', '\'', '-', 'é', 'É', 'ß', 'İ', 'Σ', 'ς', 'ж', 'Ж', '٣', '²', '½',
            '\u{301}', '’', '–', '\u{a0}', '中', '😀', 'ǅ', 'ﬁ',
        ];
        let mut next = numbers_below(seed);
        (0..chars).map(|_| ALPHABET[next(ALPHABET.len() as u64) as usize]).collect()
    }

    #[test]
    fn shingles_are_the_plain_definition() {
        for seed in 0..400 {
            let text = mixed_text(seed, 20 + (seed as usize * 7) % 600);
            assert_eq!(shingles(&text), shingles_by_definition(&text), "seed {seed}: {text:?}");
        }
        for text in [
            "Kazakhstan’s troops, at the AIRPORT today: naïve café-goers said ΣΟΦΟΣ ΟΔΟΣ again and again",
            "İstanbul ǅemal ﬁnal ٣٤ ½ ² x ab́c d e f g h",
            "",
            "   ",
            "one two three four",
        ] {
            assert_eq!(shingles(text), shingles_by_definition(text), "{text:?}");
        }
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/kazakhstan-2022");
        let mut read = 0;
        for entry in std::fs::read_dir(&corpus).expect("bundled corpus").flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            assert_eq!(shingles(&text), shingles_by_definition(&text), "{}", entry.path().display());
            read += usize::from(!text.is_empty());
        }
        assert!(read >= 5, "bundled articles read: {read}");
    }

    /// Texts whose letters and digits are all ASCII, among the curly
    /// quotes, dashes, spaces and marks outside it that news is full of,
    /// take the one-pass word hashing: the words of the character
    /// definition, also where a text starts or ends inside a word, after
    /// another segment in the buffer, and in a buffer kept from longer
    /// texts of the other path.
    #[test]
    fn ascii_letter_texts_hash_their_words_by_the_definition() {
        const ALPHABET: &[char] =
            &['a', 'B', 'z', 'Q', '7', '0', ' ', ' ', '\n', '.', ',', '\'', '-', '’', '“', '”', '–', '—', '\u{a0}', '\u{301}', '…', '°'];
        let by_definition = |text: &str| -> Vec<u64> {
            text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| fnv1a(w.to_lowercase().as_bytes())).collect()
        };
        let mut buffer = Vec::new();
        let mut seen_ascii_path = 0;
        for seed in 0..800u64 {
            let mut next = numbers_below(seed);
            let text: String = (0..(seed as usize * 13) % 700).map(|_| ALPHABET[next(ALPHABET.len() as u64) as usize]).collect();
            assert!(letters_all_ascii(&text), "{text:?}");
            seen_ascii_path += usize::from(!text.is_ascii());
            let n = word_hashes_into(&text, &mut buffer, 0);
            assert_eq!(buffer.get(..n), Some(by_definition(&text).as_slice()), "seed {seed}: {text:?}");
            assert_eq!(shingles(&text), shingles_by_definition(&text), "seed {seed}: {text:?}");
            // after a segment of the other path, in the same buffer
            let other = mixed_text(seed, 300);
            let first = word_hashes_into(&other, &mut buffer, 0);
            let n = word_hashes_into(&text, &mut buffer, first);
            let both = by_definition(&format!("{other} {text}"));
            assert_eq!(buffer.get(..n), Some(both.as_slice()), "seed {seed}: {other:?} then {text:?}");
        }
        assert!(seen_ascii_path > 700, "texts with characters outside ASCII: {seen_ascii_path}");
        for text in ["word", "  two words", "ends inside a wor", "’quoted’", "a", ""] {
            let n = word_hashes_into(text, &mut buffer, 0);
            assert_eq!(buffer.get(..n), Some(by_definition(text).as_slice()), "{text:?}");
        }
        assert!(!letters_all_ascii("naïve café") && !letters_all_ascii("٣ people") && !letters_all_ascii("x\u{10FFFF}y中"));
        assert!(letters_all_ascii("Tokayev’s “shoot to kill” — order\u{a0}…"));
    }

    #[test]
    fn shingle_values_do_not_change() {
        // part of the claims stream format: the map step of one version
        // and the reduce step of another must agree
        let text = "Security forces said at least 26 people were killed";
        assert_eq!(shingles(text), [1_123_423_156, 1_404_665_145, 3_065_649_391, 4_143_044_934, 4_236_173_344]);
    }

    #[test]
    fn shingles_of_segments_separate_the_segments() {
        let segments = ["Security forces said at le", "ast 26 people were killed in Almaty"];
        assert_eq!(shingles_of_segments(segments.into_iter()), shingles(&segments.join(" ")));
        assert_eq!(shingles_of_segments(std::iter::empty()), Vec::<u32>::new());
        // over a document's kept parts: the set of its masked copy
        for seed in 0..200u64 {
            let text = mixed_text(seed, 400);
            let ranges: Vec<std::ops::Range<usize>> = (0..seed % 6)
                .map(|i| {
                    let x = mix(seed * 31 + i);
                    let start = (x % text.len() as u64) as usize;
                    start..start + (x >> 40) as usize % 60
                })
                .collect();
            let kept = crate::corpus::unmasked_ranges(&text, &ranges);
            let segments = kept.iter().filter_map(|r| text.get(r.clone()));
            assert_eq!(shingles_of_segments(segments), shingles(&crate::corpus::mask_ranges(&text, &ranges)), "seed {seed}: {ranges:?}");
        }
    }

    #[test]
    fn general_punctuation_has_no_letter_or_digit() {
        for c in '\u{2000}'..='\u{206f}' {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
        for c in ['a', 'é', 'ж', '٣', '²', '\u{2070}', '\u{2071}'] {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn radix_sort_sorts() {
        // one scratch for every call, as a shingler keeps it: what an
        // earlier, longer sort left in it must not leak into a later one
        let mut scratch = Vec::new();
        for len in [0usize, 1, 2, 63, 64, 65, 300, 1000, 5000, 70_000, 200, 70] {
            for spread in [u32::MAX, 0xff, 0xff00, 0x00ff_00ff, 0, 0xffff_0000, 0x0000_ffff, 0xf000_ffff, 0xffff_fff0] {
                let mut next = numbers_below(len as u64 ^ u64::from(spread));
                let mut values: Vec<u32> = (0..len).map(|_| next(1 << 32) as u32 & spread).collect();
                let mut expected = values.clone();
                expected.sort_unstable();
                radix_sort(&mut values, &mut scratch);
                assert_eq!(values, expected, "len {len}, spread {spread:#x}");
            }
        }
    }

    #[test]
    fn a_written_sample_is_the_sample() {
        // sets of every size around the smallest marked one, and elements
        // of every remainder, so that the last ones written are sampled or
        // not; a slot filled with a mark first, so a place left unwritten
        // shows
        let mut next = numbers_below(11);
        for len in (0..=MIN_SHINGLES + 2).chain([64, 65, 300, 1000]) {
            for _ in 0..20 {
                let set: Vec<u32> = (0..len).map(|_| next(1 << 32) as u32).collect();
                let expected: Vec<u32> = sample_of(&set).collect();
                let mut slot = vec![1u32; expected.len()];
                write_sample(&set, &mut slot);
                assert_eq!(slot, expected, "set of {len}: {set:?}");
            }
        }
    }

    #[test]
    fn packed_lists_sort_as_their_pairs() {
        let mut next = numbers_below(5);
        let mut pairs: Vec<(u16, u32)> = (0..2000)
            .map(|i| {
                let x = next(u64::MAX);
                // few counts, so that many pairs tie on the count; the ends
                // of both ranges too
                let later = match i % 50 {
                    0 => NOT_INDEXED - 1,
                    1 => 0,
                    _ => (x % 7) as u16,
                };
                let after = if i % 61 == 0 { u32::MAX } else { (x >> 32) as u32 };
                (later, after)
            })
            .collect();
        let mut packed: Vec<u64> = pairs.iter().map(|&(later, after)| pack_list(later, after)).collect();
        pairs.sort_unstable();
        packed.sort_unstable();
        let unpacked: Vec<(u16, u32)> = packed.into_iter().map(unpack_list).collect();
        assert_eq!(unpacked, pairs);
    }

    #[test]
    fn the_insertion_pass_sorts_within_its_budget_and_gives_up_past_it() {
        // two neighbours swapped in 64 places: 64 moves
        let mut nearly: Vec<u32> = (0..1000).collect();
        for k in 0..64 {
            nearly.swap(k * 15, k * 15 + 1);
        }
        assert!(insertion_finish(&mut nearly, 64));
        assert!(nearly.windows(2).all(|w| w[0] <= w[1]));
        let mut swapped = vec![2, 1, 4, 3];
        assert!(!insertion_finish(&mut swapped, 1), "two moves over a budget of one");
        // reversed: 499,500 moves to sort, given up after about 4,000
        let mut reversed: Vec<u32> = (0..1000).rev().collect();
        assert!(!insertion_finish(&mut reversed, 4000));
        let mut sorted_prefix = 0;
        while reversed.get(sorted_prefix + 1).is_some_and(|&next| reversed[sorted_prefix] <= next) {
            sorted_prefix += 1;
        }
        assert!(sorted_prefix < 200, "stopped early, not after sorting {sorted_prefix} values");
    }

    #[test]
    fn a_shingler_reused_gives_each_document_its_own_set() {
        let texts: Vec<String> = (0..40).map(|seed| prose(seed, 20 + (seed as usize * 37) % 400)).collect();
        let mut shingler = Shingler::default();
        for text in texts.iter().chain(texts.iter().rev()) {
            let set = shingler.shingles_of_segments(std::iter::once(text.as_str()));
            assert_eq!(set, shingles(text));
            assert_eq!(set.capacity(), set.len(), "kept at its exact size");
        }
    }

    #[test]
    fn shingles_ignore_case_and_punctuation() {
        assert_eq!(shingles("Kazakhstan's troops, at the AIRPORT today"), shingles("kazakhstan’s troops at the airport – today"));
        assert_eq!(shingles("a b c d e").len(), 1);
        assert!(shingles("a b c d").is_empty());
        assert_eq!(shingles("a b c d e a b c d e").len(), 5, "deduplicated");
    }

    #[test]
    fn containment_of_sets() {
        assert_eq!(containment(&[1, 2, 3, 4], &[2, 3, 4, 5, 6, 7]), 0.75);
        assert_eq!(containment(&[], &[1]), 0.0);
    }

    #[test]
    fn shortened_copy_is_marked_and_the_richer_one_is_original() {
        let full = prose(1, 400);
        let cut: String = full.split(' ').skip(50).take(250).collect::<Vec<_>>().join(" ");
        let mut long = doc("b-long", &full);
        long.url = Some("https://x.example/a".into());
        long.outlet = Some("X".into());
        let mut docs = vec![doc("a-short", &format!("Some Headline\n{cut}")), long, doc("c-other", &prose(2, 400))];
        mark_near_duplicates(&mut docs, 0.7);
        assert_eq!(docs[0].duplicate_of.as_deref(), Some("b-long"));
        assert_eq!(docs[1].duplicate_of, None);
        assert_eq!(docs[2].duplicate_of, None, "different texts are not copies");
    }

    #[test]
    fn metadata_beats_length_and_length_beats_id() {
        let text = prose(3, 300);
        let mut rich = doc("z", &text[..text.len() / 2 + 200]);
        rich.published = chrono::NaiveDate::from_ymd_opt(2022, 1, 1);
        let mut docs = vec![doc("a", &text), rich];
        mark_near_duplicates(&mut docs, 0.7);
        assert_eq!(docs[0].duplicate_of.as_deref(), Some("z"));
        // same metadata: the longer text wins, then the smaller id
        let mut docs = vec![doc("b", &text), doc("a", &text[..text.len() - 40]), doc("c", &text)];
        mark_near_duplicates(&mut docs, 0.7);
        assert_eq!(docs[0].duplicate_of, None);
        assert_eq!(docs[1].duplicate_of.as_deref(), Some("b"));
        assert_eq!(docs[2].duplicate_of.as_deref(), Some("b"));
    }

    #[test]
    fn a_story_copied_more_often_than_a_shingle_is_indexed_is_still_one_source() {
        // every shingle of the story is in more documents than the index
        // takes, so only the grouping of identical sets can find the copies
        let copies = MAX_POSTINGS + 200;
        let story = prose(6, 300);
        let mut docs: Vec<Document> = (0..copies).map(|i| doc(&format!("copy{i:05}"), &story)).collect();
        let mut near = doc("near", &format!("{story} one more sentence"));
        near.url = Some("https://x.example/story".into());
        docs.push(near);
        docs.push(doc("other", &prose(7, 300)));
        let mut reversed = docs.clone();
        reversed.reverse();
        mark_near_duplicates(&mut docs, 0.7);
        let marked = docs.iter().filter(|d| d.duplicate_of.as_deref() == Some("near")).count();
        assert_eq!(marked, copies, "every identical copy joins the near copy that has metadata");
        assert_eq!(docs[copies].duplicate_of, None);
        assert_eq!(docs[copies + 1].duplicate_of, None, "a different text is not a copy");
        mark_near_duplicates(&mut reversed, 0.7);
        reversed.reverse();
        assert_eq!(docs, reversed, "the order documents come in does not matter");
    }

    #[test]
    fn sets_that_share_a_hash_are_twins_only_when_equal() {
        // {0, 3, 5, 6} and {1, 2, 4, 7} have the same sum and the same sum of
        // squares, and so have their unions over shifted copies: two
        // different sets of one hash
        let shifted = |base: [u32; 4]| -> Vec<u32> { (0..6u32).flat_map(|i| base.map(|x| x + 8 * i)).collect() };
        let (a, b) = (shifted([0, 3, 5, 6]), shifted([1, 2, 4, 7]));
        assert!(a.len() >= MIN_SHINGLES && a != b);
        assert_eq!(set_hash(&a), set_hash(&b));
        let sets = vec![a.clone(), b.clone(), a, b];
        let keys: Vec<OriginalKey> =
            ["a", "b", "c", "d"].iter().map(|id| OriginalKey { metadata: 0, text_len: 0, id: id.to_string() }).collect();
        let hashes: Vec<u64> = sets.iter().map(|s| set_hash(s)).collect();
        assert_eq!(identical_sets(&sets, &hashes, &keys), vec![0, 1, 0, 1]);
    }

    #[test]
    fn short_documents_are_never_marked() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let mut docs = vec![doc("a", text), doc("b", text)];
        mark_near_duplicates(&mut docs, 0.7);
        assert!(docs.iter().all(|d| d.duplicate_of.is_none()));
    }

    #[test]
    fn order_does_not_matter_and_marks_are_reset() {
        let text = prose(4, 200);
        let mut a = vec![doc("x", &text), doc("y", &text), doc("w", &prose(5, 200))];
        a[2].duplicate_of = Some("stale".into());
        let mut b = a.clone();
        b.reverse();
        mark_near_duplicates(&mut a, 0.7);
        mark_near_duplicates(&mut b, 0.7);
        b.reverse();
        assert_eq!(a, b);
        assert_eq!(a[0].duplicate_of, None);
        assert_eq!(a[1].duplicate_of.as_deref(), Some("x"));
        assert_eq!(a[2].duplicate_of, None);
    }

    /// Connected components of the graph of pairs whose exact containment
    /// reaches `threshold`, compared pair by pair.
    fn brute_force_components(sets: &[Vec<u32>], threshold: f64) -> UnionFind {
        let mut uf = UnionFind((0..sets.len()).collect());
        for (i, a) in sets.iter().enumerate() {
            for (j, b) in sets.iter().enumerate().skip(i + 1) {
                if a.len() >= MIN_SHINGLES && b.len() >= MIN_SHINGLES && containment(a, b) >= threshold {
                    uf.union(i, j);
                }
            }
        }
        uf
    }

    /// Deterministic pseudo-random numbers from `seed`, each below the
    /// bound it is asked with.
    fn numbers_below(seed: u64) -> impl FnMut(u64) -> u64 {
        let mut x = seed;
        move |n| {
            x = mix(x.wrapping_add(0x9e37_79b9_7f4a_7c15));
            x % n
        }
    }

    #[test]
    fn agrees_with_comparing_every_pair() {
        // 400 stories over a small vocabulary (they share many phrases),
        // with copies of every kind: whole, trimmed, cut to a part, merged
        // into a longer story, edited here and there, and partial overlaps
        // below the threshold.
        let mut next = numbers_below(7);
        let mut texts: Vec<String> = Vec::new();
        for i in 0..400u64 {
            let text = match (i, next(8)) {
                (0..=99, _) | (_, 0) => prose(1_000 + i, 60 + next(300) as usize),
                (_, kind) => {
                    let source = texts[next(texts.len() as u64) as usize].clone();
                    let words: Vec<&str> = source.split(' ').collect();
                    let n = words.len();
                    match kind {
                        1 => source.clone(),
                        2 => words[n / 10..].join(" "),
                        3 => words[n / 4..n * 3 / 4].join(" "),
                        4 => format!("{source} {}", prose(5_000 + i, 100)),
                        // edited: one word in 40 or in 80 changed
                        6 | 7 => {
                            let every = if kind == 6 { 40 } else { 80 };
                            words
                                .iter()
                                .enumerate()
                                .map(|(k, w)| if k % every == every / 2 { "edited" } else { w })
                                .collect::<Vec<_>>()
                                .join(" ")
                        }
                        _ => format!("{} {}", words[..n / 2].join(" "), prose(9_000 + i, n / 2)),
                    }
                }
            };
            texts.push(text);
        }
        let sets: Vec<Vec<u32>> = texts.iter().map(|t| shingles(t)).collect();
        let keys: Vec<OriginalKey> =
            (0..sets.len()).map(|i| OriginalKey { metadata: 0, text_len: texts[i].len(), id: format!("d{i:03}") }).collect();
        let originals = near_duplicate_originals(&sets, &keys, 0.7);

        // every mark is backed by a chain of exact containments
        let mut exact = brute_force_components(&sets, 0.7);
        for (i, original) in originals.iter().enumerate() {
            if let Some(o) = original {
                assert_eq!(exact.find(i), exact.find(*o), "d{i:03} marked as a copy of d{o:03}");
            }
        }
        // and every clear copy (containment ≥ 0.9) is found
        let cluster = |i: usize| originals[i].unwrap_or(i);
        let mut clear = 0;
        for i in 0..sets.len() {
            for j in i + 1..sets.len() {
                let big_enough = sets[i].len() >= MIN_SHINGLES && sets[j].len() >= MIN_SHINGLES;
                if big_enough && containment(&sets[i], &sets[j]) >= 0.9 {
                    clear += 1;
                    assert_eq!(cluster(i), cluster(j), "d{i:03} and d{j:03} are copies");
                }
            }
        }
        assert!(clear > 100, "the corpus has copies to find: {clear}");
        let marked = originals.iter().filter(|o| o.is_some()).count();
        assert!(marked > 100 && marked < 300, "{marked}");
    }

    /// Sets and keys of `n` stories, every third one a trimmed copy of an
    /// earlier one.
    fn stories_with_copies(n: u64, seed: u64) -> (Vec<Vec<u32>>, Vec<OriginalKey>) {
        let mut texts: Vec<String> = Vec::new();
        for i in 0..n {
            let text = if i % 3 == 2 { texts[(i / 2) as usize][20..].to_string() } else { prose(seed + i, 120) };
            texts.push(text);
        }
        let sets = texts.iter().map(|t| shingles(t)).collect();
        let keys = (0..n as usize).map(|i| OriginalKey { metadata: 0, text_len: texts[i].len(), id: format!("d{i:03}") }).collect();
        (sets, keys)
    }

    #[test]
    fn a_search_frees_its_buffers_on_every_thread() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        let (sets, keys) = stories_with_copies(300, 40_000);
        let first = pool.install(|| near_duplicate_originals(&sets, &keys, 0.7));
        assert!(first.iter().filter(|o| o.is_some()).count() >= 50, "the corpus has copies to find");
        let left = pool.broadcast(|_| {
            let buffers = SEARCH_BUFFERS.take();
            buffers.counts.capacity() + buffers.live.capacity() + buffers.passing.capacity()
        });
        assert_eq!(left, [0, 0], "nothing kept after the search");
        assert_eq!(pool.install(|| near_duplicate_originals(&sets, &keys, 0.7)), first);
    }

    #[test]
    fn a_kept_value_comes_back_unless_its_thread_panicked() {
        thread_local! {
            static SLOT: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
        }
        std::thread::spawn(|| {
            Kept::take(&SLOT).push(1);
            let mut kept = Kept::take(&SLOT);
            assert_eq!(*kept, [1], "put back when dropped");
            // nested: the outer one holds the value, the inner one starts empty
            assert!(Kept::take(&SLOT).is_empty());
            kept.push(2);
            drop(kept);
            let dropped_in_panic = std::panic::catch_unwind(|| {
                let mut kept = Kept::take(&SLOT);
                kept.push(3);
                panic!("half updated");
            });
            assert!(dropped_in_panic.is_err());
            assert!(Kept::take(&SLOT).is_empty(), "a value dropped while panicking is not reused");
        })
        .join()
        .unwrap();
    }

    #[test]
    fn many_documents_stay_fast() {
        let mut docs: Vec<Document> = (0..2000).map(|i| doc(&format!("d{i:04}"), &prose(100 + i, 300))).collect();
        docs.push(doc("copy", &docs[7].text.clone()));
        let start = std::time::Instant::now();
        mark_near_duplicates(&mut docs, 0.7);
        assert!(start.elapsed().as_secs() < 20);
        let marked: Vec<_> = docs.iter().filter(|d| d.duplicate_of.is_some()).map(|d| d.id.as_str()).collect();
        assert_eq!(marked, vec!["d0007"], "equal metadata and length: the smaller id `copy` stays original");
    }

    #[test]
    fn copies_of_stories_made_mostly_of_common_phrases_are_found() {
        // 5,000 stories, each made of 250 shingles drawn from 1,000 common
        // ones (each in more documents than MAX_POSTINGS, so not indexed)
        // and 100 of its own; one story is copied. Stories share about a
        // fifth of their text, the copy all of it.
        let mut next = numbers_below(1);
        let mut sets: Vec<Vec<u32>> = (0..5_000u32)
            .map(|d| {
                let mut set: Vec<u32> =
                    (0..250).map(|_| 4 * next(1_000) as u32).chain((0..100).map(|k| 4 * (1_000_000 + d * 100 + k))).collect();
                set.sort_unstable();
                set.dedup();
                set
            })
            .collect();
        sets.push(sets[7].clone());
        let keys: Vec<OriginalKey> = (0..sets.len()).map(|i| OriginalKey { metadata: 0, text_len: 1, id: format!("d{i:04}") }).collect();
        let originals = near_duplicate_originals(&sets, &keys, 0.7);
        let marked: Vec<(usize, usize)> = originals.iter().enumerate().filter_map(|(i, o)| o.map(|o| (i, o))).collect();
        assert_eq!(marked, vec![(5_000, 7)]);
    }

    #[test]
    fn required_overlap_allows_for_the_sampling_error() {
        assert_eq!(required_overlap(0, 0.7), 1);
        assert_eq!(required_overlap(4, 0.7), 1, "a few shingles: one shared is enough to look");
        assert_eq!(required_overlap(100, 0.7), 50, "70 expected, minus four standard deviations");
        assert!(required_overlap(10_000, 0.7) > 6_500);
    }

    #[test]
    fn sample_overlap_allows_for_a_smaller_sampling_error() {
        assert_eq!(required_sample_overlap(100, 0.7), 53, "70 expected, minus √300");
        assert!(required_sample_overlap(100, 0.7) > required_overlap(100, 0.7));
        assert_eq!(required_sample_overlap(0, 0.7), 1);
    }

    #[test]
    fn containment_test_stops_early_with_the_same_answer() {
        let sets: Vec<Vec<u32>> = (0..40u64).map(|seed| shingles(&prose(seed % 7, 60 + seed as usize * 3))).collect();
        for a in &sets {
            for b in &sets {
                for t in [0.0, 0.3, 0.5, 0.7, 0.71, 0.9, 1.0] {
                    let exact = !a.is_empty() && !b.is_empty() && containment(a, b) >= t;
                    assert_eq!(contains_at_least(a, b, t), exact, "t={t}");
                }
            }
        }
    }

    #[test]
    fn block_merge_decides_as_the_plain_count() {
        // sets of every size around the block's, sparse and dense in one
        // another, with every floor that can be asked
        let mut next = numbers_below(11);
        for _ in 0..3_000 {
            let (len_a, len_b, range) = (next(90) as usize, next(90) as usize, 1 + next(270) as u32);
            let mut set = |len: usize| {
                let mut s: Vec<u32> = (0..len).map(|_| next(range as u64) as u32).collect();
                s.sort_unstable();
                s.dedup();
                s
            };
            let (a, b) = (set(len_a), set(len_b));
            let shared = overlap(&a, &b);
            for floor in 0..=a.len().min(b.len()) + 1 {
                assert_eq!(overlap_reaches(&a, &b, floor), shared >= floor, "{a:?} {b:?} floor {floor}");
                assert_eq!(overlap_reaches(&b, &a, floor), shared >= floor, "{b:?} {a:?} floor {floor}");
            }
        }
    }

    #[test]
    fn bitmap_bounds_the_overlap_from_above() {
        let sets: Vec<Vec<u32>> = (0..30u64).map(|seed| shingles(&prose(seed % 5, 100 + seed as usize * 20))).collect();
        let mut tight = 0;
        for a in &sets {
            let bitmap = Bitmap::of(a);
            for b in &sets {
                let bound = bitmap.overlap_bound(b);
                assert!(bound >= overlap(a, b));
                tight += usize::from(bound < b.len());
            }
        }
        assert!(tight > 0, "the bound rules something out");
    }

    #[test]
    fn postings_list_the_larger_documents_holding_each_shingle() {
        // 1,500 samples over 400 shingles, with one shingle in every sample
        // (too common to index), one in as many as may be indexed and one
        // in one more, and some in only one
        let mut next = numbers_below(3);
        let samples: Vec<Vec<u32>> = (0..1_500)
            .map(|i| {
                let mut sample: Vec<u32> = (0..next(40)).map(|_| 4 * (1 + next(400) as u32)).collect();
                sample.push(0);
                sample.push(4 * (1_000 + i));
                if (i as usize) < MAX_POSTINGS {
                    sample.push(4 * 900);
                }
                if (i as usize) <= MAX_POSTINGS {
                    sample.push(4 * 901);
                }
                sample.sort_unstable();
                sample.dedup();
                sample
            })
            .collect();
        let mut holders: HashMap<u32, Vec<u32>> = HashMap::new();
        for (rank, sample) in samples.iter().enumerate() {
            for &h in sample {
                holders.entry(h).or_default().push(rank as u32);
            }
        }
        assert!(holders.values().any(|r| r.len() > MAX_POSTINGS) && holders.values().any(|r| r.len() == 1));
        let ranked = PackedSets::filled(samples.iter().map(Vec::len), |i, slot| slot.copy_from_slice(&samples[i]));
        // one shard, and several (each thread builds its own)
        for threads in [1, 3, 8] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
            let index = pool.install(|| Postings::new(&ranked));
            for (rank, sample) in samples.iter().enumerate() {
                let expected: Vec<Vec<u32>> = sample
                    .iter()
                    .map(|h| &holders[h])
                    .filter(|ranks| ranks.len() <= MAX_POSTINGS)
                    .map(|ranks| ranks.iter().copied().filter(|&r| r > rank as u32).collect())
                    .collect();
                let listed: Vec<Vec<u32>> =
                    index.later_lists(ranked.elements(rank)).map(|(later, after)| index.list(later, after).to_vec()).collect();
                assert_eq!(listed, expected, "{threads} threads, rank {rank}");
            }
        }
    }
}
