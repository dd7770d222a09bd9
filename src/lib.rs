//! crosscheck: cross-verify numeric claims across news outlets.
//!
//! Pipeline: [`corpus`] loads articles → [`extract`] reads claims with the
//! [`rules`] → [`align`] groups claims by topic and judges them → [`report`]
//! renders the result. Only loading (corpus and rules) can fail; the middle
//! stages are pure functions over owned data.

// No unwrap, expect or indexing a user's input could reach (tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

pub mod align;
mod ascii;
pub mod corpus;
pub mod dates;
pub mod extract;
pub mod generate;
pub mod model;
pub mod nouns;
pub mod quantity;
pub mod report;
pub mod rules;
mod serde_words;
pub mod stream;
pub mod usage;

use model::Analysis;
use std::path::PathBuf;

/// Runs the whole pipeline over files and folders with a rule set.
pub fn analyze(paths: &[PathBuf], rules: &rules::RuleSet) -> Analysis {
    analyze_loaded(corpus::load(paths, &rules.corpus), rules)
}

/// Runs extraction and alignment over what a loader produced, keeping its
/// skipped files and warnings.
pub fn analyze_loaded(loaded: corpus::LoadOutcome, rules: &rules::RuleSet) -> Analysis {
    analyze_loaded_in_stages(loaded, rules, |_| {})
}

/// [`analyze_loaded`], calling `stage_done` with each stage's name as it
/// ends (`"extract"`, then `"align"`): for timing them.
pub fn analyze_loaded_in_stages(loaded: corpus::LoadOutcome, rules: &rules::RuleSet, mut stage_done: impl FnMut(&'static str)) -> Analysis {
    let claims = extract::extract_all(&loaded.documents, rules);
    stage_done("extract");
    let findings = align::align(&loaded.documents, &claims, rules);
    stage_done("align");
    Analysis { documents: loaded.documents, claims, findings, skipped: loaded.skipped, warnings: loaded.warnings }
}

/// The parts joined in order, each element moved once into a vector
/// allocated once (a flattening `collect` grows by doubling and moves the
/// elements again each time).
pub(crate) fn join_parts<T>(parts: Vec<Vec<T>>) -> Vec<T> {
    let mut joined = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        joined.extend(part);
    }
    joined
}

/// Helpers shared by the unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    /// `count` texts of `len` pieces each, drawn from `pieces` by a fixed
    /// pseudo-random sequence started at `seed`: the same texts every run.
    pub(crate) fn mixes<'a>(pieces: &'a [&'a str], count: usize, len: usize, seed: u64) -> impl Iterator<Item = String> + 'a {
        let mut state = seed;
        (0..count).map(move |_| {
            let mut text = String::new();
            for _ in 0..len {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            text
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn parts_are_joined_in_order() {
        assert_eq!(super::join_parts(vec![vec![1, 2], vec![], vec![3]]), [1, 2, 3]);
        assert!(super::join_parts(Vec::<Vec<u8>>::new()).is_empty());
    }
}
