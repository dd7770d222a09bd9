//! Figure formatting for people: qualifier symbols, thousands separators and
//! humanised large values ("2 billion", "2.5 million").

use crate::model::{Qualifier, Quantity};

/// Scales spelled out in words, largest first.
const SCALES: [(f64, &str); 3] = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")];

/// The symbol written before a figure with this qualifier: `≥` for "at
/// least", `>` for "more than", `~` for "about", `≲` for "nearly" (just
/// under), `≤` for "at most", `<` for "fewer than"; nothing for exact
/// figures and ranges.
pub fn symbol(qualifier: Qualifier) -> &'static str {
    match qualifier {
        Qualifier::Exact | Qualifier::Range => "",
        Qualifier::AtLeast => "≥",
        Qualifier::MoreThan => ">",
        Qualifier::About => "~",
        Qualifier::Nearly => "≲",
        Qualifier::AtMost => "≤",
        Qualifier::FewerThan => "<",
    }
}

/// A number for display: thousands separators (`1,300`), at most two
/// decimals (`2.5`), and values of a million or more that are round in
/// their scale humanised (`2 billion`, `2.5 million`; `1,234,567` stays).
pub fn number(value: f64) -> String {
    let mut out = String::new();
    write_number(&mut out, value);
    out
}

/// Writes [`number`] of `value` at the end of `out`.
pub fn write_number(out: &mut String, value: f64) {
    if !value.is_finite() {
        out.push_str(if value.is_nan() {
            "?"
        } else if value > 0.0 {
            "∞"
        } else {
            "−∞"
        });
        return;
    }
    if value < 0.0 {
        out.push('-');
    }
    match humanise(value.abs()) {
        Some((mantissa, word)) => {
            write_plain(out, mantissa);
            out.push(' ');
            out.push_str(word);
        }
        None => write_plain(out, value.abs()),
    }
}

/// A figure as written with its qualifier: `164`, `≥26`, `>1,300`, `~500`,
/// `≤300`, `<10`, `20–30`, `2–3 billion`.
pub fn figure(quantity: &Quantity) -> String {
    let mut out = String::new();
    write_figure(&mut out, quantity);
    out
}

/// Writes [`figure`] of `quantity` at the end of `out`: the figures of a
/// report's notes and labels go into one buffer, with no string of their
/// own.
pub fn write_figure(out: &mut String, quantity: &Quantity) {
    match quantity.qualifier {
        Qualifier::Range => {
            let low = quantity.value;
            let high = quantity.value_max.unwrap_or(low);
            write_range(out, low, high);
        }
        q => {
            out.push_str(symbol(q));
            write_number(out, quantity.value);
        }
    }
}

/// `low–high`, sharing the scale word when both ends have the same one
/// (`2–3 billion`, not `2 billion–3 billion`).
fn write_range(out: &mut String, low: f64, high: f64) {
    if low.is_finite() && high.is_finite() && low >= 0.0 && high >= 0.0 {
        if let (Some((lo, lo_word)), Some((hi, hi_word))) = (humanise(low), humanise(high)) {
            if lo_word == hi_word {
                write_plain(out, lo);
                out.push('–');
                write_plain(out, hi);
                out.push(' ');
                out.push_str(hi_word);
                return;
            }
        }
    }
    write_number(out, low);
    out.push('–');
    write_number(out, high);
}

/// `(mantissa, scale word)` when a non-negative value of a million or more
/// is round to two decimals in its scale: equal to it within half a cent
/// (what [`write_plain`] shows) or the float error of the product, never a
/// figure off by one ("1,000,000,001" is not "1 billion"). The mantissa is
/// rounded to two decimals.
fn humanise(abs: f64) -> Option<(f64, &'static str)> {
    let (scale, word) = SCALES.iter().copied().find(|(scale, _)| abs >= *scale)?;
    let scaled = abs / scale;
    let rounded = (scaled * 100.0).round() / 100.0;
    let tolerance = (abs * 4.0 * f64::EPSILON).max(0.005);
    if (rounded * scale - abs).abs() < tolerance {
        Some((rounded, word))
    } else {
        None
    }
}

/// 2^53: every integer below it is exact as an `f64`.
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

/// Writes a non-negative finite number with thousands separators and up
/// to two decimals, trailing zeros trimmed.
fn write_plain(out: &mut String, abs: f64) {
    let rounded = (abs * 100.0).round() / 100.0;
    let whole = rounded.trunc();
    let cents = ((rounded - whole) * 100.0).round() as u64;
    // an integer below 2^53 is exact in a `u64`, whose digits are written
    // without the float formatter's exact-precision path (a big-number
    // fallback, 2 µs a figure over the 65,000 labels of a 10k-article run)
    if whole < EXACT_INTEGERS {
        write_grouped(out, itoa::Buffer::new().format(whole as u64));
    } else {
        write_grouped(out, &format!("{whole:.0}"));
    }
    if cents > 0 && cents < 100 {
        // two digits with the trailing zero trimmed: `.05`, `.5`, `.25`
        out.push('.');
        out.push(char::from(b'0' + (cents / 10) as u8));
        if !cents.is_multiple_of(10) {
            out.push(char::from(b'0' + (cents % 10) as u8));
        }
    }
}

/// Writes ASCII `digits` with a comma between groups of three: `1234567`
/// → `1,234,567`.
fn write_grouped(out: &mut String, digits: &str) {
    let len = digits.len();
    out.reserve(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
}

/// `1 copy`, `2 copies`: a count with the noun in the right number.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(qualifier: Qualifier, value: f64, value_max: Option<f64>) -> Quantity {
        Quantity { qualifier, value, value_max }
    }

    #[test]
    fn qualifier_symbols() {
        assert_eq!(figure(&Quantity::exact(164.0)), "164");
        assert_eq!(figure(&q(Qualifier::AtLeast, 26.0, None)), "≥26");
        assert_eq!(figure(&q(Qualifier::MoreThan, 1300.0, None)), ">1,300");
        assert_eq!(figure(&q(Qualifier::About, 500.0, None)), "~500");
        assert_eq!(figure(&q(Qualifier::AtMost, 300.0, None)), "≤300");
        assert_eq!(figure(&q(Qualifier::FewerThan, 10.0, None)), "<10");
    }

    #[test]
    fn ranges() {
        assert_eq!(figure(&q(Qualifier::Range, 2e9, Some(3e9))), "2–3 billion");
        assert_eq!(figure(&q(Qualifier::Range, 20.0, Some(30.0))), "20–30");
        assert_eq!(figure(&q(Qualifier::Range, 500_000.0, Some(2e6))), "500,000–2 million");
        assert_eq!(figure(&q(Qualifier::Range, 1.5e6, Some(2.5e6))), "1.5–2.5 million");
        // A malformed range without a high end still prints.
        assert_eq!(figure(&q(Qualifier::Range, 7.0, None)), "7–7");
    }

    #[test]
    fn thousands_and_decimals() {
        assert_eq!(number(0.0), "0");
        assert_eq!(number(999.0), "999");
        assert_eq!(number(1000.0), "1,000");
        assert_eq!(number(7900.0), "7,900");
        assert_eq!(number(2030.0), "2,030");
        assert_eq!(number(123_456.0), "123,456");
        assert_eq!(number(1_234_567.0), "1,234,567");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1234.25), "1,234.25");
        assert_eq!(number(0.333), "0.33");
        assert_eq!(number(-1500.0), "-1,500");
        // the integer path writes what the float formatter writes, on
        // either side of 2^53 and up to the largest value a figure may have
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let spread = (0..2000).map(|i| {
            x = x.rotate_left(17).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            (x % 10u64.pow(1 + i % 18)) as f64
        });
        let edges = [EXACT_INTEGERS - 2.0, EXACT_INTEGERS - 1.0, EXACT_INTEGERS, EXACT_INTEGERS + 2.0, 1e15, 1e16, 1e20, 0.995, 1.005];
        let plain = |v: f64| {
            let mut out = String::new();
            write_plain(&mut out, v);
            out
        };
        for v in spread.chain(edges) {
            let rounded = (v * 100.0).round() / 100.0;
            assert_eq!(plain(v).replace(',', "").split('.').next(), Some(format!("{:.0}", rounded.trunc()).as_str()), "{v}");
        }
    }

    /// The figure as it was written before [`write_figure`]: each part a
    /// string of its own, decimals by the formatter.
    fn figure_by_strings(quantity: &Quantity) -> String {
        fn plain(abs: f64) -> String {
            let rounded = (abs * 100.0).round() / 100.0;
            let whole = rounded.trunc();
            let cents = ((rounded - whole) * 100.0).round() as u64;
            let digits = format!("{whole:.0}");
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(c);
            }
            if cents > 0 && cents < 100 {
                out.push('.');
                out.push_str(format!("{cents:02}").trim_end_matches('0'));
            }
            out
        }
        fn humanise(abs: f64) -> Option<(String, &'static str)> {
            let (scale, word) = SCALES.iter().copied().find(|(scale, _)| abs >= *scale)?;
            let rounded = (abs / scale * 100.0).round() / 100.0;
            ((rounded * scale - abs).abs() < (abs * 4.0 * f64::EPSILON).max(0.005)).then(|| (plain(rounded), word))
        }
        fn number(value: f64) -> String {
            if !value.is_finite() {
                return (if value.is_nan() {
                    "?"
                } else if value > 0.0 {
                    "∞"
                } else {
                    "−∞"
                })
                .to_string();
            }
            let sign = if value < 0.0 { "-" } else { "" };
            match humanise(value.abs()) {
                Some((mantissa, word)) => format!("{sign}{mantissa} {word}"),
                None => format!("{sign}{}", plain(value.abs())),
            }
        }
        match quantity.qualifier {
            Qualifier::Range => {
                let (low, high) = (quantity.value, quantity.value_max.unwrap_or(quantity.value));
                if low.is_finite() && high.is_finite() && low >= 0.0 && high >= 0.0 {
                    if let (Some((lo, lo_word)), Some((hi, hi_word))) = (humanise(low), humanise(high)) {
                        if lo_word == hi_word {
                            return format!("{lo}–{hi} {hi_word}");
                        }
                    }
                }
                format!("{}–{}", number(low), number(high))
            }
            q => format!("{}{}", symbol(q), number(quantity.value)),
        }
    }

    /// Figures of every qualifier, whole and with decimals, small and
    /// humanised, negative and not finite, are written as when each part
    /// was a string of its own, into a buffer that already holds text too.
    #[test]
    fn figures_are_written_as_when_each_part_was_a_string() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let qualifiers = [
            Qualifier::Exact,
            Qualifier::Range,
            Qualifier::AtLeast,
            Qualifier::MoreThan,
            Qualifier::About,
            Qualifier::Nearly,
            Qualifier::AtMost,
            Qualifier::FewerThan,
        ];
        let special =
            [0.0, -0.0, 0.005, 0.995, 1.005, 999_999.995, 1e6, 2.5e9, 1e15, EXACT_INTEGERS + 2.0, f64::NAN, f64::INFINITY, -f64::INFINITY];
        for i in 0..20_000u64 {
            let mut value = |k: u64| match (next() >> 61, k % 3) {
                (0, _) => special[(next() % special.len() as u64) as usize],
                (1, _) => (next() % 1000) as f64 * 10f64.powi((next() % 13) as i32),
                (2, _) => (next() % 100_000) as f64 / 100.0,
                (3, 0) => -((next() % 10_000) as f64),
                _ => (next() % 10u64.pow(1 + (next() % 15) as u32)) as f64,
            };
            let q = Quantity { qualifier: qualifiers[(i % 8) as usize], value: value(i), value_max: (i % 5 != 0).then(|| value(i + 1)) };
            let mut out = String::from("≥ before ");
            write_figure(&mut out, &q);
            assert_eq!(out, format!("≥ before {}", figure_by_strings(&q)), "{q:?}");
            assert_eq!(figure(&q), figure_by_strings(&q), "{q:?}");
        }
    }

    #[test]
    fn humanised() {
        assert_eq!(number(2e9), "2 billion");
        assert_eq!(number(2.5e6), "2.5 million");
        assert_eq!(number(1e6), "1 million");
        assert_eq!(number(2.03e6), "2.03 million");
        assert_eq!(number(1.2e12), "1.2 trillion");
        assert_eq!(number(1500e12), "1,500 trillion");
        assert_eq!(number(1.23e9), "1.23 billion");
        assert_eq!(number(999.99e12), "999.99 trillion");
    }

    #[test]
    fn a_figure_off_round_by_one_is_written_out() {
        // were "1 billion", "1 trillion" and "1,000 trillion": two figures
        // that differ showed the same (a CONFLICT 1 billion → 1 billion)
        assert_eq!(number(1_000_000_001.0), "1,000,000,001");
        assert_eq!(number(1_000_000_001_000.0), "1,000,000,001,000");
        assert_eq!(number(999_999_999_999_999.0), "999,999,999,999,999");
        assert_eq!(number(999_999_999_999.0), "999,999,999,999");
    }

    #[test]
    fn non_finite() {
        assert_eq!(number(f64::NAN), "?");
        assert_eq!(number(f64::INFINITY), "∞");
    }
}
