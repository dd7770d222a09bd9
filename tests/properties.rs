//! Property tests: invariants that must hold for any input, not only the
//! examples the unit tests name.

use crosscheck::extract::extract_text;
use crosscheck::extract::text::{sentences, sentences_of_lines_at};
use crosscheck::model::{Qualifier, Quantity};
use crosscheck::quantity::{parse_number, scan_numbers};
use crosscheck::rules::{compile, load::builtin_sources, RuleSet};
use proptest::prelude::*;
use std::sync::LazyLock;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| compile(&builtin_sources()).expect("built-in rules compile"));

fn qualifier() -> impl Strategy<Value = Qualifier> {
    prop_oneof![
        Just(Qualifier::Exact),
        Just(Qualifier::AtLeast),
        Just(Qualifier::MoreThan),
        Just(Qualifier::About),
        Just(Qualifier::AtMost),
        Just(Qualifier::FewerThan),
        Just(Qualifier::Range),
    ]
}

/// Words and figures that make sentences the extractor has something to
/// read in: numbers in every style, qualifiers, people nouns, triggers,
/// sources, dates and punctuation.
fn newsy_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("at least"),
        Just("over"),
        Just("about"),
        Just("nearly"),
        Just("more than"),
        Just("up to"),
        Just("26"),
        Just("7,900"),
        Just("7\u{2009}900"),
        Just("2,5"),
        Just("1,300"),
        Just("2 billion-3 billion"),
        Just("eight"),
        Just("twenty-one"),
        Just("a dozen"),
        Just("hundreds of"),
        Just("½"),
        Just("1e308"),
        Just("people"),
        Just("police"),
        Just("security officers"),
        Just("protesters"),
        Just("children"),
        Just("were killed"),
        Just("injured"),
        Just("detained"),
        Just("troops"),
        Just("planes"),
        Just("U.S. dollars"),
        Just("the interior ministry said"),
        Just("according to Tokayev"),
        Just("in December 2011"),
        Just("on Monday"),
        Just("Jan. 11, 2022"),
        Just("COVID-19"),
        Just("F-16"),
        Just("26-year-old"),
        Just(","),
        Just("."),
        Just("–"),
        Just("("),
        Just(")"),
        Just("\n"),
        Just("“"),
        Just("”"),
        Just("including"),
        Just("and"),
        Just("é"),
        Just("😀"),
    ];
    prop::collection::vec(token, 0..40).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn an_interval_is_never_inverted(q in qualifier(), value in -1e15f64..1e15, max in proptest::option::of(-1e15f64..1e15), tolerance in -2.0f64..2.0) {
        let i = Quantity { qualifier: q, value, value_max: max }.interval(tolerance);
        prop_assert!(i.low <= i.high, "{i:?}");
    }

    #[test]
    fn parsing_ignores_surrounding_whitespace(s in "[0-9a-z ,.\\-]{0,24}", left in "[ \t\n]{0,3}", right in "[ \t\n]{0,3}") {
        prop_assert_eq!(parse_number(&format!("{left}{s}{right}")), parse_number(&s));
    }

    #[test]
    fn parsed_numbers_are_sane(s in any::<String>()) {
        if let Some(q) = parse_number(&s) {
            prop_assert!(q.value.is_finite() && q.value >= 0.0);
            prop_assert!(q.value_max.is_none_or(|m| m >= q.value));
        }
    }

    #[test]
    fn number_mentions_lie_inside_the_text_in_order(s in any::<String>()) {
        let mut last = 0;
        for m in scan_numbers(&s) {
            prop_assert!(m.span.start >= last && m.span.start < m.span.end && m.span.end <= s.len());
            prop_assert!(s.is_char_boundary(m.span.start) && s.is_char_boundary(m.span.end));
            last = m.span.end;
        }
    }

    #[test]
    fn extraction_spans_lie_inside_the_text(s in prop_oneof![newsy_text(), any::<String>()]) {
        for c in extract_text(&s, "e-2022", &RULES) {
            let e = &c.evidence;
            prop_assert!(s.get(e.span.clone()).is_some(), "span {:?} of {} bytes", e.span, s.len());
            prop_assert!(s.get(e.sentence.clone()).is_some(), "sentence {:?}", e.sentence);
            prop_assert!(e.sentence.start <= e.span.start && e.span.end <= e.sentence.end, "span {:?} outside sentence {:?}", e.span, e.sentence);
            prop_assert!(e.line >= 1 && e.column >= 1);
            prop_assert!(c.quantity.value.is_finite() && c.quantity.value <= 1e15);
        }
    }

    #[test]
    fn sentences_of_some_lines_are_those_of_the_whole_text(s in prop_oneof![newsy_text(), any::<String>()], picks in prop::collection::vec(any::<prop::sample::Index>(), 0..6)) {
        let abbreviations = RULES.settings.abbreviations.clone();
        let mut positions: Vec<usize> = picks.iter().map(|i| i.index(s.len() + 1)).collect();
        positions.sort_unstable();
        let line_of = |at: usize| s.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
        let lines: Vec<usize> = positions.iter().filter(|&&p| p < s.len()).map(|&p| line_of(p)).collect();
        let expected: Vec<_> = sentences(&s, &abbreviations).into_iter().filter(|r| lines.contains(&line_of(r.start))).collect();
        prop_assert_eq!(sentences_of_lines_at(&s, &abbreviations, &positions), expected);
    }
}
