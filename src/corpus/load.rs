//! Reading one file into text: the checks that make a file unusable.

use std::io;
use std::path::Path;
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
    /// The file is not valid UTF-8.
    #[error("not UTF-8 (invalid byte at offset {0})")]
    NotUtf8(usize),
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

/// Read and decode a file. A leading UTF-8 byte-order mark is dropped.
pub(crate) fn read_text(path: &Path) -> Result<String, ReadError> {
    decode(std::fs::read(path)?)
}

/// Decode file bytes into article text, rejecting binary, non-UTF-8 and
/// empty content.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ReadError::Binary(offset));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8(e.utf8_error().valid_up_to()))?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_bad_content() {
        assert_eq!(decode(b"ab\0cd".to_vec()), Err(ReadError::Binary(2)));
        assert_eq!(decode(b"abc\xffdef".to_vec()), Err(ReadError::NotUtf8(3)));
        assert_eq!(decode(b" \n\t\n".to_vec()), Err(ReadError::Empty));
        assert_eq!(decode(Vec::new()), Err(ReadError::Empty));
        assert_eq!(decode("\u{feff}hi".as_bytes().to_vec()), Ok("hi".to_string()));
        assert_eq!(ReadError::NotUtf8(1234).to_string(), "not UTF-8 (invalid byte at offset 1234)");
    }
}
