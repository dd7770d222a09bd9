//! The loader's parsers on arbitrary bytes: front matter, `manifest.yaml`,
//! decoding, and a whole file read into a document with the built-in rules'
//! corpus settings (header metadata, masking). No panic, locations 1-based,
//! messages one line, masked text as long as the text.
#![no_main]

use crosscheck::corpus::fuzzing;
use crosscheck::rules::{compile, load::builtin_sources, RuleSet};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| compile(&builtin_sources()).expect("built-in rules compile"));

fuzz_target!(|data: &[u8]| {
    fuzzing::decode(data);
    fuzzing::document(data, &RULES.corpus);
    if let Ok(text) = std::str::from_utf8(data) {
        fuzzing::front_matter(text);
        fuzzing::manifest(text);
    }
});
