//! Entry points for the fuzz targets in `fuzz/`: the crate-private
//! parsers of the loader, each run on arbitrary input with its invariants
//! checked. Each function panics when an invariant is broken, which is what
//! a fuzzer reports. Not a stable API.

use super::{document_from_bytes, front_matter, load, manifest, CorpusConfig};
use std::path::Path;

/// Front matter parsing: the block lies inside the text and ends on a
/// character boundary; every location is 1-based; every message is one line.
pub fn front_matter(text: &str) {
    match front_matter::parse(text) {
        Ok(None) => {}
        Ok(Some(fm)) => {
            assert!(fm.range.start == 0 && fm.range.end <= text.len() && text.is_char_boundary(fm.range.end), "{:?}", fm.range);
            for (line, column, message) in &fm.warnings {
                assert!(*line >= 1 && *column >= 1, "{line}:{column}");
                assert!(!message.contains('\n'), "{message:?}");
            }
        }
        Err(e) => {
            let (line, column) = e.location();
            assert!(line >= 1 && column >= 1, "{line}:{column}");
            assert!(!e.to_string().contains('\n'), "{e}");
        }
    }
}

/// Manifest parsing: errors are located (1-based) and every message is one
/// line.
pub fn manifest(text: &str) {
    let mut warnings = Vec::new();
    match manifest::parse(text, Path::new("manifest.yaml"), &mut warnings) {
        Ok(_) => {}
        Err(e) => {
            if let manifest::ManifestError::Invalid { line, column, .. } = &e {
                assert!(*line >= 1 && *column >= 1, "{line}:{column}");
            }
            assert!(!e.to_string().contains('\n'), "{e}");
        }
    }
    for w in &warnings {
        assert!(!w.contains('\n'), "{w:?}");
    }
}

/// Decoding file bytes: a decoded text is never blank; a refusal is one line.
pub fn decode(bytes: &[u8]) {
    match load::decode(bytes.to_vec()) {
        Ok(d) => {
            assert!(!d.text.trim().is_empty());
            assert!(d.note.is_none_or(|n| !n.contains('\n')));
        }
        Err(e) => assert!(!e.to_string().contains('\n'), "{e}"),
    }
}

/// A whole file, as the loader reads it (front matter, header metadata,
/// masking) with `config`, minus the folder's manifest: the masked text
/// keeps the text's length and line breaks; every warning is one line.
pub fn document(bytes: &[u8], config: &CorpusConfig) {
    let path = Path::new("fuzz/input.txt");
    let mut warnings = Vec::new();
    let result = document_from_bytes(path, bytes.to_vec(), config, None, &mut warnings);
    if let Ok(super::Built { document: doc, .. }) = result {
        assert_eq!(doc.masked().len(), doc.text.len());
        assert_eq!(doc.masked().matches('\n').count(), doc.text.matches('\n').count());
        assert!(doc.title.as_ref().is_none_or(|t| t.chars().count() <= 201), "{:?}", doc.title);
    }
    for w in &warnings {
        assert!(!w.contains('\n'), "{w:?}");
    }
}
