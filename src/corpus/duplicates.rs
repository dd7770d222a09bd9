//! Near-duplicate detection: copies of one story (syndication, reposts,
//! a page saved twice) count as one source, not several.
//!
//! Each document becomes the set of hashes of its word 5-grams (shingles)
//! over the lower-cased masked text. Two documents are copies when the
//! share of the smaller one's shingles found in the other (containment) is
//! at or above the threshold. Candidate pairs come from an inverted index
//! over a fixed sample of the shingle hashes (those divisible by
//! [`SAMPLE_MODULUS`]), so the work grows with the number of shared
//! shingles, not with the number of pairs; only candidates get the exact
//! containment. Copies are clustered with union-find and each cluster keeps
//! one original.

use crate::model::Document;
use rayon::prelude::*;
use std::collections::HashMap;

/// Words per shingle.
const SHINGLE_WORDS: usize = 5;
/// Documents with fewer shingles than this are never marked.
pub(crate) const MIN_SHINGLES: usize = 20;
/// Shingle hashes divisible by this are indexed: a fixed ¼ sample, the
/// same for every document, so shared shingles are sampled on both sides.
const SAMPLE_MODULUS: u64 = 4;
/// Sampled shingles found in more documents than this are template text,
/// not evidence of copying; they are left out of the candidate search.
const MAX_POSTINGS: usize = 1000;
/// From this many sampled shingles on, the sampled overlap is a reliable
/// estimate of the containment and is used to drop hopeless candidates.
const ESTIMATE_MIN_SAMPLE: usize = 40;

/// FNV-1a, 64 bits: deterministic across runs and platforms.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// SplitMix64 finaliser: spreads the bits so the low bits sample evenly.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Sorted, de-duplicated hashes of the word 5-grams of `text`. Words are
/// runs of letters and digits, lower-cased, so punctuation and typography
/// ("Kazakhstan's" / "Kazakhstan’s") do not matter.
pub fn shingles(text: &str) -> Vec<u64> {
    let words: Vec<u64> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(word_hash).collect();
    let mut hashes: Vec<u64> = words
        .windows(SHINGLE_WORDS)
        .map(|window| mix(window.iter().fold(0u64, |h, &w| h.rotate_left(17).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ w)))
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// FNV-1a of the lower-cased word, without allocating for ASCII words
/// (the same value as hashing `word.to_lowercase()`).
fn word_hash(word: &str) -> u64 {
    if word.is_ascii() {
        word.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3))
    } else {
        fnv1a(word.to_lowercase().as_bytes())
    }
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

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdentityBuild = std::hash::BuildHasherDefault<IdentityHasher>;

/// |A ∩ B| / min(|A|, |B|) for sorted, de-duplicated sets.
pub(crate) fn containment(a: &[u64], b: &[u64]) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared as f64 / smaller as f64
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
    // Only the samples are kept (a quarter of each set): the full sets of
    // the few candidate pairs are recomputed, which keeps memory at a
    // fraction of the corpus size.
    let samples: Vec<(usize, Vec<u64>)> = documents
        .par_iter()
        .map(|d| {
            let set = shingles(&d.masked());
            (set.len(), sample_of(&set))
        })
        .collect();
    let keys: Vec<OriginalKey> =
        documents.iter().map(|d| OriginalKey { metadata: metadata_count(d), text_len: d.text.len(), id: d.id.clone() }).collect();
    let docs: &[Document] = documents;
    let originals = originals_by(&samples, |i| docs.get(i).map(|d| shingles(&d.masked())).unwrap_or_default(), &keys, threshold);
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
pub fn near_duplicate_originals(sets: &[Vec<u64>], keys: &[OriginalKey], threshold: f64) -> Vec<Option<usize>> {
    let samples: Vec<(usize, Vec<u64>)> = sets.iter().map(|s| (s.len(), sample_of(s))).collect();
    originals_by(&samples, |i| sets.get(i).cloned().unwrap_or_default(), keys, threshold)
}

/// The indexed sample of a shingle set: empty for sets too small to mark.
fn sample_of(set: &[u64]) -> Vec<u64> {
    if set.len() >= MIN_SHINGLES {
        set.iter().copied().filter(|h| h % SAMPLE_MODULUS == 0).collect()
    } else {
        Vec::new()
    }
}

/// Clustering over (set size, sample) per document; `full(i)` gives
/// document `i`'s whole set for the exact containment of candidates.
// Indices are document positions from enumerating `sized_samples` and
// `keys`, which hold one entry per document.
#[allow(clippy::indexing_slicing)]
fn originals_by(
    sized_samples: &[(usize, Vec<u64>)],
    full: impl Fn(usize) -> Vec<u64> + Sync,
    keys: &[OriginalKey],
    threshold: f64,
) -> Vec<Option<usize>> {
    let samples: Vec<&Vec<u64>> = sized_samples.iter().map(|(_, s)| s).collect();
    // Whole sets are made only for documents that are candidates of some
    // pair, and once each (a corpus of wire copies makes many pairs).
    let whole: Vec<std::sync::OnceLock<Vec<u64>>> = (0..samples.len()).map(|_| std::sync::OnceLock::new()).collect();
    let full = |i: usize| -> &Vec<u64> { whole[i].get_or_init(|| full(i)) };

    let mut index: HashMap<u64, Vec<usize>, IdentityBuild> = HashMap::default();
    for (doc, sample) in samples.iter().enumerate() {
        for &h in sample.iter() {
            index.entry(h).or_default().push(doc);
        }
    }

    // For each document, the later documents that are copies of it. Pure
    // per document, so computed in parallel; the pairs are then joined in
    // document order (the clusters do not depend on the order anyway).
    let pairs: Vec<Vec<usize>> = (0..samples.len())
        .into_par_iter()
        .map_init(
            || (vec![0u32; samples.len()], Vec::new()),
            |(counts, touched), doc| {
                let sample = samples[doc];
                for h in sample {
                    let Some(postings) = index.get(h).filter(|p| p.len() <= MAX_POSTINGS) else {
                        continue;
                    };
                    // Postings are in document order: count each pair once,
                    // from its lower index.
                    let from = postings.partition_point(|&o| o <= doc);
                    for &other in &postings[from..] {
                        if counts[other] == 0 {
                            touched.push(other);
                        }
                        counts[other] += 1;
                    }
                }
                touched.sort_unstable();
                let mut copies = Vec::new();
                for &other in touched.iter() {
                    let shared_sampled = counts[other] as usize;
                    counts[other] = 0;
                    let smaller_sample = sample.len().min(samples[other].len());
                    if smaller_sample >= ESTIMATE_MIN_SAMPLE && (shared_sampled as f64) < 0.5 * threshold * smaller_sample as f64 {
                        continue;
                    }
                    if containment(full(doc), full(other)) >= threshold {
                        copies.push(other);
                    }
                }
                touched.clear();
                copies
            },
        )
        .collect();
    let mut sets_uf = UnionFind((0..samples.len()).collect());
    for (doc, copies) in pairs.into_iter().enumerate() {
        for other in copies {
            sets_uf.union(doc, other);
        }
    }

    let mut clusters: HashMap<usize, Vec<usize>> = HashMap::new();
    for doc in 0..samples.len() {
        let root = sets_uf.find(doc);
        clusters.entry(root).or_default().push(doc);
    }
    let mut originals = vec![None; samples.len()];
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
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = mix(x.wrapping_add(0x9e37_79b9_7f4a_7c15));
                WORDS[(x % WORDS.len() as u64) as usize]
            })
            .collect::<Vec<_>>()
            .join(" ")
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
}
