//! Reading one file into text: the checks that make a file unusable.

use std::io;
use thiserror::Error;

/// Why a file could not be read as an article. The `Display` text is the
/// one-line `Skipped::reason`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(crate) enum ReadError {
    /// The path does not exist (or vanished while loading).
    #[error("no such file or directory")]
    NotFound,
    /// Any other I/O problem.
    #[error("cannot read: {0}")]
    Io(String),
    /// The file holds NUL bytes.
    #[error("binary file (NUL byte at offset {0})")]
    Binary(usize),
    /// Too much of the file is not UTF-8 for it to be UTF-8 text with a few
    /// stray bytes (another encoding, or not text at all).
    #[error("not UTF-8 text ({invalid} of {total} bytes invalid, the first at byte offset {offset}, line {line}); convert it to UTF-8")]
    NotText {
        /// Invalid bytes.
        invalid: usize,
        /// Bytes in the file.
        total: usize,
        /// Offset of the first invalid byte.
        offset: usize,
        /// 1-based line of the first invalid byte.
        line: usize,
    },
    /// Nothing but whitespace.
    #[error("empty")]
    Empty,
    /// Front matter and nothing else.
    #[error("empty (front matter only)")]
    FrontMatterOnly,
    /// Not a regular file or folder (socket, device, …).
    #[error("not a regular file or directory")]
    NotAFile,
}

impl From<io::Error> for ReadError {
    fn from(err: io::Error) -> Self {
        match err.kind() {
            io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Io(err.to_string()),
        }
    }
}

/// Above this share of invalid bytes (one in ten) a file that is not
/// UTF-8 is skipped instead of decoded with replacement characters.
const MAX_INVALID_SHARE: f64 = 0.1;

/// Article text and, when it had to be repaired, a note saying how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    /// The text.
    pub text: String,
    /// What was done to decode it (a one-line warning), if anything.
    pub note: Option<String>,
}

/// Decode file bytes into article text.
///
/// - A UTF-16 file with a byte-order mark is decoded as UTF-16 (noted).
/// - A NUL byte makes the file binary: skipped.
/// - Valid UTF-8 is read as it is; a leading byte-order mark is dropped.
/// - UTF-8 with a few invalid bytes (at most one in ten: a stray
///   Windows-1252 quote, a Latin-1 "é") is decoded lossily: each invalid
///   sequence becomes one U+FFFD, so line numbers, and the columns of
///   single-byte encodings, stay those of the file; the note names the
///   count and the first offending byte offset and line.
/// - More invalid bytes than that: skipped as not UTF-8 text.
/// - Nothing but whitespace: skipped as empty.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<Decoded, ReadError> {
    let (mut text, note) = if let Some(decoded) = decode_utf16(&bytes) {
        decoded
    } else {
        // a vectorised search (the slice's own `contains` goes a word at
        // a time, a tenth of the speed)
        if let Some(at) = memchr::memchr(0, &bytes) {
            return Err(ReadError::Binary(at));
        }
        match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(e) => {
                let bytes = e.into_bytes();
                let (text, invalid, offset) = decode_lossy(&bytes);
                let line = bytes.get(..offset).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count()) + 1;
                let total = bytes.len();
                if invalid as f64 > total as f64 * MAX_INVALID_SHARE {
                    return Err(ReadError::NotText { invalid, total, offset, line });
                }
                let note = format!(
                    "not valid UTF-8: {invalid} invalid byte{}, the first at byte offset {offset} (line {line}); read with each invalid sequence replaced by U+FFFD",
                    if invalid == 1 { "" } else { "s" }
                );
                (text, Some(note))
            }
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(Decoded { text, note })
}

/// UTF-8 with every invalid sequence replaced by U+FFFD; the number of
/// invalid bytes and the offset of the first.
fn decode_lossy(bytes: &[u8]) -> (String, usize, usize) {
    let mut text = String::with_capacity(bytes.len());
    let (mut invalid, mut first, mut offset) = (0, None, 0);
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            first.get_or_insert(offset);
            invalid += chunk.invalid().len();
            offset += chunk.invalid().len();
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    (text, invalid, first.unwrap_or(0))
}

/// A file that starts with a UTF-16 byte-order mark, decoded (unpaired
/// surrogates and an odd last byte become U+FFFD), with a note.
fn decode_utf16(bytes: &[u8]) -> Option<(String, Option<String>)> {
    let (little, name) = match bytes {
        [0xFF, 0xFE, ..] => (true, "UTF-16LE"),
        [0xFE, 0xFF, ..] => (false, "UTF-16BE"),
        _ => return None,
    };
    let body = bytes.get(2..).unwrap_or(&[]);
    let units = body.chunks_exact(2).map(|p| {
        let pair = [p.first().copied().unwrap_or(0), p.get(1).copied().unwrap_or(0)];
        if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut text: String = char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
    if body.len() % 2 == 1 {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    let note = format!("decoded from {name} (byte-order mark); byte offsets in the report are those of the UTF-8 text");
    Some((text, Some(note)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Result<Decoded, ReadError> {
        Ok(Decoded { text: text.to_string(), note: None })
    }

    #[test]
    fn classifies_bad_content() {
        assert_eq!(decode(b"ab\0cd".to_vec()), Err(ReadError::Binary(2)));
        assert_eq!(decode(b" \n\t\n".to_vec()), Err(ReadError::Empty));
        assert_eq!(decode(Vec::new()), Err(ReadError::Empty));
        assert_eq!(decode("\u{feff}hi".as_bytes().to_vec()), ok("hi"));
        assert_eq!(decode(b"\xff\xfe".to_vec()), Err(ReadError::Empty), "a UTF-16 byte-order mark alone");
    }

    #[test]
    fn a_few_invalid_bytes_are_replaced_with_a_note() {
        let out = decode(b"Caf\xe9 cr\xe8me\nAt least 12 people were killed in the caf\xe9.\n".to_vec()).unwrap();
        assert_eq!(out.text, "Caf\u{fffd} cr\u{fffd}me\nAt least 12 people were killed in the caf\u{fffd}.\n");
        assert_eq!(
            out.note.as_deref(),
            Some(
                "not valid UTF-8: 3 invalid bytes, the first at byte offset 3 (line 1); read with each invalid sequence replaced by U+FFFD"
            )
        );
    }

    #[test]
    fn mostly_invalid_bytes_are_skipped() {
        let koi8: Vec<u8> = b"\n\xf0\xd2\xc9\xd7\xc5\xd4 \xcd\xc9\xd2".to_vec();
        assert_eq!(decode(koi8), Err(ReadError::NotText { invalid: 9, total: 11, offset: 1, line: 2 }));
        assert_eq!(
            ReadError::NotText { invalid: 9, total: 11, offset: 1, line: 2 }.to_string(),
            "not UTF-8 text (9 of 11 bytes invalid, the first at byte offset 1, line 2); convert it to UTF-8"
        );
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("5 killed\n".encode_utf16().flat_map(u16::to_le_bytes));
        let out = decode(le).unwrap();
        assert_eq!(out.text, "5 killed\n");
        assert!(out.note.is_some_and(|n| n.starts_with("decoded from UTF-16LE")));
        let mut be = vec![0xFE, 0xFF];
        be.extend("é".encode_utf16().flat_map(u16::to_be_bytes));
        be.push(0x41);
        assert_eq!(decode(be).unwrap().text, "é\u{fffd}");
    }
}
