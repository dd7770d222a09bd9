//! Runs of ASCII letters and digits, and bytes outside ASCII, found eight
//! bytes at a time.
//!
//! The whole-text scans (number mentions, shingles) spend most of their
//! time walking over words. Classifying a byte at a time costs a branch per
//! letter, and the branch at a word's end is mispredicted as often as word
//! lengths vary. Here eight bytes are classified together in a `u64`, and
//! the first byte outside the run is the lowest set bit of a mask.

/// The high bit of each of eight bytes.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Every bit but the high bit of each byte.
const LOW_BITS: u64 = !HIGH_BITS;

/// One in each byte.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte whose value is in `low..=high` (both below
/// 0x80), set; every other bit clear. The high bit is cleared before the
/// two additions, so neither carries into the next byte; a byte that had it
/// set is outside the range.
fn bytes_in(chunk: u64, low: u8, high: u8) -> u64 {
    let seven_bits = chunk & LOW_BITS;
    let at_least_low = seven_bits + ONES * u64::from(0x80 - low);
    let past_high = seven_bits + ONES * u64::from(0x7f - high);
    at_least_low & !past_high & !chunk & HIGH_BITS
}

/// The high bit of each byte of `chunk` that is an ASCII letter, set.
pub(crate) fn letters(chunk: u64) -> u64 {
    // `| 0x20` folds upper case onto lower case, and moves no other byte
    // into `a..=z`
    bytes_in(chunk | 0x2020_2020_2020_2020, b'a', b'z')
}

/// The high bit of each byte of `chunk` that is an ASCII letter or digit, set.
fn alphanumerics(chunk: u64) -> u64 {
    letters(chunk) | bytes_in(chunk, b'0', b'9')
}

/// Where the run of bytes `class` marks, starting at `i`, ends: eight bytes
/// at a time, then byte by byte over the last few.
fn run_end(bytes: &[u8], mut i: usize, class: fn(u64) -> u64, member: fn(&u8) -> bool) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
        let outside = !class(u64::from_le_bytes(chunk)) & HIGH_BITS;
        if outside != 0 {
            return i + (outside.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(member) {
        i += 1;
    }
    i
}

/// Where the run of ASCII letters starting at `i` ends (`i` itself when
/// there is none).
pub(crate) fn letters_end(bytes: &[u8], i: usize) -> usize {
    run_end(bytes, i, letters, u8::is_ascii_alphabetic)
}

/// Where the run of ASCII letters and digits starting at `i` ends.
pub(crate) fn alphanumerics_end(bytes: &[u8], i: usize) -> usize {
    run_end(bytes, i, alphanumerics, u8::is_ascii_alphanumeric)
}

/// Whether an en dash (`–`, U+2013) or an em dash (`—`, U+2014) starts at
/// byte `i` of `bytes` (UTF-8: E2 80 93 and E2 80 94; no other character
/// holds those bytes).
pub(crate) fn en_or_em_dash_at(bytes: &[u8], i: usize) -> bool {
    matches!(bytes.get(i..i + 3), Some([0xE2, 0x80, 0x93 | 0x94]))
}

/// Where the first byte outside ASCII at or after `i` stands, if one does:
/// eight bytes at a time, then byte by byte over the last few.
pub(crate) fn next_non_ascii(bytes: &[u8], mut i: usize) -> Option<usize> {
    while let Some(chunk) = bytes.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
        let high = u64::from_le_bytes(chunk) & HIGH_BITS;
        if high != 0 {
            return Some(i + (high.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes.get(i..)?.iter().position(|b| !b.is_ascii()).map(|at| i + at)
}

/// Whether `bytes` holds an ASCII digit: eight bytes at a time, then byte
/// by byte over the last few.
pub(crate) fn has_digit(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    let found = chunks.by_ref().any(|chunk| <[u8; 8]>::try_from(chunk).is_ok_and(|c| bytes_in(u64::from_le_bytes(c), b'0', b'9') != 0));
    found || chunks.remainder().iter().any(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value, at every place of an eight-byte chunk and of the
    /// byte-by-byte tail after it, ends a run exactly where the plain
    /// definition does.
    #[test]
    fn runs_end_where_the_plain_definition_ends_them() {
        for b in 0..=255u8 {
            assert_eq!(letters(u64::from_le_bytes([b; 8])) != 0, b.is_ascii_alphabetic(), "byte {b:#04x}");
            assert_eq!(alphanumerics(u64::from_le_bytes([b; 8])) != 0, b.is_ascii_alphanumeric(), "byte {b:#04x}");
            for at in 0..12 {
                let mut bytes = vec![b'a'; 12];
                bytes[at] = b;
                let plain = |member: fn(&u8) -> bool| bytes.iter().position(|b| !member(b)).unwrap_or(bytes.len());
                assert_eq!(letters_end(&bytes, 0), plain(u8::is_ascii_alphabetic), "byte {b:#04x} at {at}");
                assert_eq!(alphanumerics_end(&bytes, 0), plain(u8::is_ascii_alphanumeric), "byte {b:#04x} at {at}");
            }
        }
    }

    /// Calls `check` with every text of 1 to 19 `x`s with one byte
    /// replaced, by every byte value at every place (two eight-byte chunks
    /// and the tail after them), with that byte and its place.
    fn each_byte_at_each_place(mut check: impl FnMut(&[u8], u8, usize)) {
        for b in 0..=255u8 {
            for len in 0..20 {
                for at in 0..len {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = b;
                    check(&bytes, b, at);
                }
            }
        }
    }

    /// Every byte value, alone or among letters, at every place of two
    /// chunks and the tail after them, is a digit exactly when the plain
    /// test says so.
    #[test]
    fn a_digit_is_found_wherever_it_stands() {
        each_byte_at_each_place(|bytes, b, at| {
            assert_eq!(has_digit(bytes), b.is_ascii_digit(), "byte {b:#04x} at {at} of {}", bytes.len());
        });
        assert!(!has_digit(b""));
        assert!(has_digit("Jan. 11, 2022 — Almaty".as_bytes()));
        assert!(!has_digit("Tokayev’s order: “shoot to kill”".as_bytes()));
    }

    /// Every byte value, among ASCII letters, at every place of two chunks
    /// and the tail after them, searched from every start, is found where
    /// the plain search finds the first byte outside ASCII.
    #[test]
    fn the_first_byte_outside_ascii_is_found_wherever_it_stands() {
        each_byte_at_each_place(|bytes, b, at| {
            for from in 0..=bytes.len() + 1 {
                let plain = bytes.get(from..).and_then(|rest| rest.iter().position(|b| !b.is_ascii())).map(|p| from + p);
                assert_eq!(next_non_ascii(bytes, from), plain, "byte {b:#04x} at {at} of {}, from {from}", bytes.len());
            }
        });
        assert_eq!(next_non_ascii("Tokayev’s order".as_bytes(), 0), Some(7));
        assert_eq!(next_non_ascii("Tokayev’s order: “shoot”".as_bytes(), 8), Some(8));
        assert_eq!(next_non_ascii("Tokayev’s order: “shoot”".as_bytes(), 10), Some(19));
        assert_eq!(next_non_ascii(b"plain ASCII only", 0), None);
    }

    #[test]
    fn a_run_ends_at_the_first_byte_outside_it() {
        assert_eq!(letters_end(b"Seventeen people", 0), 9);
        assert_eq!(letters_end(b"covid19", 0), 5);
        assert_eq!(alphanumerics_end(b"covid19 cases", 0), 7);
        assert_eq!(alphanumerics_end("Almaty’s".as_bytes(), 0), 6);
        assert_eq!(letters_end(b"abc", 3), 3);
        assert_eq!(letters_end(b"abc", 9), 9);
    }
}
