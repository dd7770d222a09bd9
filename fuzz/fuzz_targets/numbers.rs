//! The number scanner, the qualifier lexicon and `parse_number` on
//! arbitrary text: no panic; spans in bounds, on character boundaries,
//! ordered and disjoint; values finite, ranges ordered, no absurd value.
#![no_main]

use crosscheck::quantity::{parse_number, scan_numbers};
use crosscheck::rules::{compile, load::builtin_sources, RuleSet};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| compile(&builtin_sources()).expect("built-in rules compile"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mentions = scan_numbers(text);
    let mut last_end = 0;
    for m in &mentions {
        let span = m.span.clone();
        assert!(span.start >= last_end && span.start < span.end && span.end <= text.len(), "{span:?} after {last_end} in {}", text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?}");
        last_end = span.end;
        let q = m.quantity;
        assert!(q.value.is_finite() && q.value >= 0.0 && q.value <= 1e15, "{q:?} from {:?}", &text[span.clone()]);
        if let Some(max) = q.value_max {
            assert!(max.is_finite() && max >= q.value && max <= 1e15, "{q:?}");
        }
        let (qualified, wide) = RULES.qualifiers.qualify(text, m);
        assert!(wide.start <= span.start && wide.end >= span.end && wide.end <= text.len(), "{wide:?} around {span:?}");
        assert!(text.is_char_boundary(wide.start) && text.is_char_boundary(wide.end), "{wide:?}");
        let interval = qualified.interval(0.1);
        assert!(interval.low <= interval.high, "{interval:?} for {qualified:?}");
    }
    if let Some(q) = parse_number(text) {
        assert!(q.value.is_finite(), "{q:?}");
        assert_eq!(parse_number(&format!("  {text}\n")), Some(q), "surrounding white space changes the reading");
    }
});
