//! Whole-document extraction with the built-in rules on arbitrary text:
//! no panic; every claim's evidence span and sentence lie inside the text on
//! character boundaries; lines and columns are 1-based; values are finite.
#![no_main]

use crosscheck::extract::extract_text;
use crosscheck::rules::{compile, load::builtin_sources, RuleSet};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| compile(&builtin_sources()).expect("built-in rules compile"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for claim in extract_text(text, "fuzz-2022", &RULES) {
        let e = &claim.evidence;
        assert!(text.get(e.span.clone()).is_some(), "span {:?} of {}", e.span, text.len());
        assert!(text.get(e.sentence.clone()).is_some(), "sentence {:?}", e.sentence);
        assert!(e.line >= 1 && e.column >= 1, "{}:{}", e.line, e.column);
        assert!(claim.quantity.value.is_finite(), "{:?}", claim.quantity);
        let interval = claim.quantity.interval(0.1);
        assert!(interval.low <= interval.high, "{interval:?}");
    }
});
