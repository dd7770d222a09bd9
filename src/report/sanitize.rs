//! Making article text safe to print to a terminal: ANSI escape sequences,
//! other control characters and bidirectional overrides are removed, so a
//! crafted article cannot move the cursor, recolour, retitle or reorder
//! what a fact-checker sees.

use std::borrow::Cow;

/// ESC, the start of every ANSI escape sequence.
const ESC: char = '\u{1b}';
/// BEL, which ends an OSC sequence.
const BEL: char = '\u{7}';

/// True for characters that are removed: C0 controls except newline and
/// tab, DEL, C1 controls, and bidirectional embedding/override/isolate
/// marks (U+202A–U+202E, U+2066–U+2069).
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `s` holds a character [`terminal`] removes or changes (an
/// unsafe one, or a tab), read byte by byte: C0 controls but newline, DEL,
/// C1 controls (`C2 80`–`C2 9F` in UTF-8) and the bidirectional marks
/// (`E2 80 AA`–`E2 80 AE`, `E2 81 A6`–`E2 81 A9`). Decoding every
/// character to ask the same took most of the time of escaping a report's
/// text.
fn needs_cleaning(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\n' => false,
        0..=0x1f | 0x7f => true,
        0xc2 => bytes.get(i + 1).is_some_and(|next| (0x80..=0x9f).contains(next)),
        0xe2 => matches!((bytes.get(i + 1), bytes.get(i + 2)), (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))),
        _ => false,
    })
}

/// `s` with escape sequences and unsafe characters removed and tabs turned
/// into spaces; borrowed when nothing needed removing.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !needs_cleaning(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ESC => skip_escape(&mut chars),
            // C1 CSI: parameters and a final byte follow, as after "ESC [".
            '\u{9b}' => skip_csi(&mut chars),
            '\t' => out.push(' '),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Skips the rest of an escape sequence after ESC: CSI (`ESC [` … final
/// byte), OSC/DCS/APC/PM (`ESC ]` … BEL or `ESC \`), or a two-character
/// sequence.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | '_' | '^' | 'X') => {
            while let Some(c) = chars.next() {
                if c == BEL || c == '\u{9c}' {
                    break;
                }
                if c == ESC {
                    // `ESC \` (string terminator) ends it; a lone ESC too.
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        _ => {}
    }
}

/// Skips CSI parameters and intermediates up to and including the final
/// byte (`@` to `~`).
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
        if !(' '..='?').contains(&c) {
            // Not a CSI character: the sequence was malformed; stop here.
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(terminal("18 security officers — “killed”\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn strips_csi_osc_and_controls() {
        assert_eq!(terminal("\u{1b}[31mred\u{1b}[0m text"), "red text");
        assert_eq!(terminal("a\u{1b}[2J\u{1b}[1;1Hb"), "ab");
        assert_eq!(terminal("\u{1b}]0;pwned title\u{7}after"), "after");
        assert_eq!(terminal("\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\"), "link");
        assert_eq!(terminal("bell\u{7} cr\r del\u{7f} nul\u{0}"), "bell cr del nul");
        assert_eq!(terminal("c1\u{9b}31mcsi"), "c1csi");
        assert_eq!(terminal("tab\there"), "tab here");
        assert_eq!(terminal("keep\nnewlines"), "keep\nnewlines");
    }

    #[test]
    fn strips_bidi_overrides() {
        assert_eq!(terminal("16\u{202e}61 killed\u{2066}x\u{2069}"), "1661 killedx");
    }

    /// Every character from U+0000 to U+3000, and some past it, alone and
    /// between others: the byte-level test agrees with asking each
    /// character.
    #[test]
    fn the_byte_test_agrees_with_the_characters() {
        let by_characters = |s: &str| s.chars().any(|c| is_unsafe(c) || c == '\t');
        let chars = (0..=0x3000u32).chain([0xfeff, 0x1f600, 0x10ffff]).filter_map(char::from_u32);
        for c in chars {
            for s in [c.to_string(), format!("a{c}b"), format!("\u{2028}{c}"), format!("{c}\u{202a}")] {
                assert_eq!(needs_cleaning(&s), by_characters(&s), "{:?}", s);
            }
        }
    }

    #[test]
    fn truncated_sequences_do_not_panic() {
        assert_eq!(terminal("end\u{1b}"), "end");
        assert_eq!(terminal("end\u{1b}["), "end");
        assert_eq!(terminal("end\u{1b}]title"), "end");
    }
}
