//! A rule set's fingerprint: which rules a claims stream was extracted with.
//!
//! Claims extracted in one place are aligned in another (the map and reduce
//! steps, `claims --format jsonl` and `align`). When the two load different
//! rules (a `rules/` folder in one working directory and not in the other,
//! an edited lexicon, another version's built-in rules), the claims were
//! read by rules the report does not show. The fingerprint names a rule set
//! by what its files say, not by where they are or how they are written: a
//! hash of every file as parsed (comments, layout, quoting and key order
//! aside; a rule's examples included), in the order they load, since a
//! later file overrides an earlier one.

use super::spec::RuleFile;

/// FNV-1a, 64 bits: the same value on every platform and in every version
/// of Rust, which `std`'s hashers do not promise.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;
/// Written after each file: a byte no JSON text holds, so two files never
/// hash as one.
const FILE_END: u8 = 0xff;

/// The fingerprint of `files` (parsed rule files, in load order): 16
/// lower-case hex digits.
pub fn fingerprint<'a>(files: impl IntoIterator<Item = &'a RuleFile>) -> String {
    let mut hash = FNV_OFFSET;
    for file in files {
        // the spec holds strings, numbers, booleans and lists, no maps: its
        // JSON is one text for one spec. Serialising cannot fail on such
        // values; if it did, the debug form still tells specs apart
        let json = serde_json::to_vec(file).unwrap_or_else(|e| format!("{e}: {file:?}").into_bytes());
        for &byte in json.iter().chain(std::iter::once(&FILE_END)) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(yaml: &str) -> RuleFile {
        serde_yaml::from_str(yaml).expect("a rule file")
    }

    #[test]
    fn what_a_file_says_counts_not_how_it_is_written() {
        let plain =
            parsed("kinds:\n  - id: killed\n    counts: people\n    change: grows\n    triggers: [killed, dead]\n    tolerance: 0.05\n");
        let written_otherwise = parsed(concat!(
            "# the death toll\n",
            "kinds:\n",
            "- tolerance: 0.050   # five per cent\n",
            "  triggers:\n",
            "    - \"killed\"\n",
            "    - dead\n",
            "  change: grows\n",
            "  id: 'killed'\n",
            "  counts: people\n",
        ));
        assert_eq!(fingerprint([&plain]), fingerprint([&written_otherwise]));
        assert_eq!(fingerprint([&plain]).len(), 16);
        assert!(fingerprint([&plain]).chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));

        let wider =
            parsed("kinds:\n  - id: killed\n    counts: people\n    change: grows\n    triggers: [killed, dead]\n    tolerance: 0.1\n");
        let more_terms = parsed(
            "kinds:\n  - id: killed\n    counts: people\n    change: grows\n    triggers: [killed, dead, died]\n    tolerance: 0.05\n",
        );
        for other in [&wider, &more_terms] {
            assert_ne!(fingerprint([&plain]), fingerprint([other]));
        }
    }

    #[test]
    fn the_order_of_files_and_where_one_ends_count() {
        let a = parsed("kinds:\n  - id: killed\n    counts: people\n    change: grows\n    triggers: [killed]\n");
        let b = parsed("kinds:\n  - id: killed\n    counts: people\n    change: grows\n    triggers: [dead]\n");
        assert_ne!(fingerprint([&a, &b]), fingerprint([&b, &a]), "a later file overrides an earlier one");
        assert_ne!(fingerprint([&a]), fingerprint([&a, &RuleFile::default()]), "an empty file is still a file");
        assert_eq!(fingerprint([&a, &b]), fingerprint([&a, &b]));
    }
}
