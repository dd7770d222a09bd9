//! Text geometry: sentences, word tokens, clause breaks, line and column.

use std::ops::Range;

/// Longest sentence, in bytes. Text that runs on longer without a sentence
/// end (a dump without punctuation or line breaks) is cut at the last white
/// space before this length, so that the work per sentence, and per figure
/// in it, stays bounded.
pub const MAX_SENTENCE_BYTES: usize = 2000;

/// Splits text into sentences: at `.`, `!`, `?` followed by white space and
/// a capital letter, quote or end; at blank lines and line ends. A dot after
/// a listed abbreviation ("Jan.", "U.S.") or a single capital does not end
/// a sentence. No sentence is longer than [`MAX_SENTENCE_BYTES`] (plus the
/// closing quotes kept with a sentence end).
pub fn sentences(text: &str, abbreviations: &[String]) -> Vec<Range<usize>> {
    sentences_within(text, abbreviations, MAX_SENTENCE_BYTES)
}

/// [`sentences`], none longer than `max` bytes. The text is not read a
/// byte at a time: `memchr` finds the next line end and the next `.`, `!`
/// or `?`, the only bytes that may end a sentence, and a run longer than
/// `max` before one of them is cut where a scan byte by byte would cut it:
/// at the first character boundary `max` bytes or more past its start.
fn sentences_within(text: &str, abbreviations: &[String], max: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let push = |s: usize, e: usize, out: &mut Vec<Range<usize>>| push_trimmed(text, s..e, out);
    let after = |i: usize| bytes.get(i..).unwrap_or_default();
    // the next line end and the next mark at or after `i`, each kept until
    // passed: a text without line ends is searched for one once, and a long
    // run cut in many places is searched for its next mark once
    let mut newline = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    let mut mark = memchr::memchr3(b'.', b'!', b'?', bytes).unwrap_or(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if newline < i {
            newline = memchr::memchr(b'\n', after(i)).map_or(bytes.len(), |at| i + at);
        }
        if mark < i {
            mark = memchr::memchr3(b'.', b'!', b'?', after(i)).map_or(bytes.len(), |at| i + at);
        }
        let event = mark.min(newline);
        // a run too long: cut at the first boundary from `start + max` on,
        // up to and including the event's byte (the last byte of the text
        // when there is none)
        let cut_from = i.max(start + max);
        let cut_at = (cut_from..=event.min(bytes.len() - 1)).find(|&at| text.is_char_boundary(at));
        if let Some(at) = cut_at {
            let run = text.get(start..at).unwrap_or("");
            let cut = run.rfind(char::is_whitespace).filter(|&w| w > max / 2).map_or(at, |w| start + w);
            push(start, cut, &mut out);
            start = cut;
            if at < event {
                i = at + 1;
                continue;
            }
        }
        if event == bytes.len() {
            break;
        }
        if event == newline {
            push(start, event, &mut out);
            start = event + 1;
            i = event + 1;
        } else if ends_sentence(text, event, abbreviations) {
            let end = after_closers(text, event + 1);
            push(start, end, &mut out);
            start = end;
            i = end;
        } else {
            i = event + 1;
        }
    }
    push(start, bytes.len(), &mut out);
    out
}

/// Appends `range` of `text` to `out` without its leading and trailing
/// white space, unless nothing else is left.
fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = text.get(range.clone()).unwrap_or("");
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

/// Where the closing quotes and brackets from byte `at` end: they stay with
/// the sentence they close.
fn after_closers(text: &str, mut at: usize) -> usize {
    while let Some(c) = text.get(at..).and_then(|r| r.chars().next()).filter(|c| matches!(c, '"' | '\'' | '’' | '”' | ')' | ']')) {
        at += c.len_utf8();
    }
    at
}

/// The [`sentences`] of the lines of `text` that hold one of `positions`
/// (byte offsets, ascending), in order: the same ranges [`sentences`] gives
/// there, since a line end always ends a sentence and nothing before or
/// after a line decides where its sentences end. The other lines are not
/// read.
pub fn sentences_of_lines_at(text: &str, abbreviations: &[String], positions: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // the end of the last line split
    let mut done = 0;
    for &at in positions {
        if at < done || at >= text.len() {
            continue;
        }
        // bytes, so that a position inside a character still finds its line
        let bytes = text.as_bytes();
        let start = bytes.get(..at).and_then(|before| before.iter().rposition(|&b| b == b'\n')).map_or(0, |nl| nl + 1);
        let end = bytes.get(at..).and_then(|after| after.iter().position(|&b| b == b'\n')).map_or(text.len(), |nl| at + nl);
        let line = text.get(start..end).unwrap_or("");
        out.extend(sentences(line, abbreviations).into_iter().map(|r| start + r.start..start + r.end));
        done = end + 1;
    }
    out
}

fn ends_sentence(text: &str, dot: usize, abbreviations: &[String]) -> bool {
    let after = text.get(dot + 1..).unwrap_or("");
    let rest = after.trim_start_matches(['"', '\'', '’', '”', ')', ']']);
    let Some(first_ws) = rest.chars().next() else { return true };
    if !first_ws.is_whitespace() {
        return false;
    }
    let next = rest.trim_start_matches([' ', '\t', '\u{a0}']);
    match next.chars().next() {
        None | Some('\n') => return true,
        Some(c) if c.is_uppercase() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[') => {}
        Some(_) => return false,
    }
    if text.as_bytes().get(dot) != Some(&b'.') {
        return true;
    }
    // the word before the dot
    let before = text.get(..dot).unwrap_or("");
    let in_word = |c: char| c.is_alphanumeric() || c == '.';
    let word = before.char_indices().rev().take_while(|&(_, c)| in_word(c)).last().map_or("", |(at, _)| before.get(at..).unwrap_or(""));
    let mut chars = word.chars();
    if chars.next().is_some_and(char::is_uppercase) && chars.next().is_none() {
        return false;
    }
    // abbreviations are lower case; an ASCII word is compared without a copy
    if word.is_ascii() {
        !abbreviations.iter().any(|a| a.eq_ignore_ascii_case(word))
    } else {
        !abbreviations.contains(&word.to_lowercase())
    }
}

/// True for characters that belong to words (letters, digits).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// `s` with every run of whitespace made one space and none at the ends
/// (quotes span line breaks), in one allocation.
pub fn single_spaced(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Start offsets of the word tokens of `text[range]`: runs of letters and
/// digits, joined across `-`, `'`, `’`, `,` and `.` between word characters
/// ("post-Soviet", "7,900", "U.S").
pub fn token_starts(text: &str, range: Range<usize>, out: &mut Vec<usize>) {
    out.clear();
    let Some(slice) = text.get(range.clone()) else { return };
    let bytes = slice.as_bytes();
    // a token every five bytes or so in prose: room for them at once, not
    // grown by doubling (`out` is kept from sentence to sentence)
    out.reserve(slice.len() / 4);
    // whether the character at byte `at` (a character boundary) is a word
    // character: an ASCII byte answers at once, another is decoded
    let word_char_at = |at: usize| match bytes.get(at) {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => slice.get(at..).and_then(|rest| rest.chars().next()).is_some_and(is_word_char),
        None => false,
    };
    let mut in_word = false;
    let mut prev_joiner = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // an ASCII byte is its own character (spaces and punctuation, most
        // of what lies between words, are read without decoding)
        let (c, next) = if b.is_ascii() {
            (char::from(b), i + 1)
        } else {
            let Some(c) = slice.get(i..).and_then(|rest| rest.chars().next()) else { break };
            (c, i + c.len_utf8())
        };
        if is_word_char(c) {
            if !in_word && !prev_joiner {
                out.push(range.start + i);
            }
            in_word = true;
            prev_joiner = false;
            // the ASCII letters and digits that go on with the word change
            // nothing: skipped at once
            i = crate::ascii::alphanumerics_end(bytes, next);
            continue;
        }
        prev_joiner = in_word && matches!(c, '-' | '\'' | '’' | ',' | '.') && word_char_at(next);
        in_word = false;
        i = next;
    }
}

/// Index of the token that holds or follows byte `pos`.
pub fn token_index(starts: &[usize], pos: usize) -> usize {
    starts.partition_point(|&s| s < pos)
}

/// True when a clause break (; : ( ) [ ] – — or a spaced hyphen) lies in
/// `text[range]`.
pub fn has_clause_break(text: &str, range: Range<usize>) -> bool {
    let Some(s) = text.get(range) else { return true };
    let bytes = s.as_bytes();
    // one pass over the bytes, no character decoded: the dashes are the
    // only marks outside ASCII, and in UTF-8 no other character holds
    // their bytes
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b';' | b':' | b'(' | b')' | b'[' | b']' | b'\n' => true,
        0xE2 => crate::ascii::en_or_em_dash_at(bytes, i),
        // a hyphen with a space on either side, both inside the range
        b'-' => i > 0 && bytes.get(i - 1) == Some(&b' ') && bytes.get(i + 1) == Some(&b' '),
        _ => false,
    })
}

/// Tidies a quote's span: drops trailing commas, semicolons and spaces
/// («death toll rose to 164,»), and widens it over a closing quotation mark
/// right after it when the quote opened one and did not close it («at least
/// 26 “armed criminals”»), never past `limit`.
pub fn tidy_quote(text: &str, quote: Range<usize>, limit: usize) -> Range<usize> {
    tidy_quote_counting(text, quote, limit, false)
}

/// [`tidy_quote`]; with `every_quote`, the quotation marks are counted in
/// every quote, not only in one where a vectorised pass finds a byte they
/// start with (the definition the tests hold the shortcut to).
fn tidy_quote_counting(text: &str, quote: Range<usize>, limit: usize, every_quote: bool) -> Range<usize> {
    let Some(inner) = text.get(quote.clone()) else { return quote };
    // a dateline's dash before the figure ("KERSTOW, March 10 - More than
    // 2,000…") is no part of the quote
    let lead = inner.len() - inner.trim_start_matches(['-', '–', '—', ' ', '\t']).len();
    let inner = inner.get(lead..).unwrap_or(inner);
    let trimmed = inner.trim_end_matches([',', ';', ':', ' ', '\t', '\n']);
    let quote = quote.start + lead..quote.start + lead + trimmed.len();
    let inner = trimmed;
    // every mark below is `"` or starts with one of these two bytes (“ ” ‘ ’
    // with 0xE2, « » with 0xC2): a quote with none of the three is left as
    // it is after one vectorised pass, not seven counts
    if !every_quote && memchr::memchr3(b'"', 0xE2, 0xC2, inner.as_bytes()).is_none() {
        return quote;
    }
    let pairs = [('“', '”'), ('‘', '’'), ('«', '»')];
    for (open, close) in pairs {
        if inner.matches(open).count() > inner.matches(close).count() {
            if let Some(c) = text.get(quote.end..limit.max(quote.end)).and_then(|t| t.chars().next()).filter(|c| *c == close) {
                return quote.start..quote.end + c.len_utf8();
            }
        }
    }
    if inner.matches('"').count() % 2 == 1 && text.get(quote.end..limit.max(quote.end)).is_some_and(|t| t.starts_with('"')) {
        return quote.start..quote.end + 1;
    }
    quote
}

/// Line and column lookups for many positions of one text, in time that
/// does not grow with the text's size: line starts are found by binary
/// search, and the column is counted from the previous lookup when it is on
/// the same line and not behind it (positions come mostly in text order).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of every line, found on the first lookup
    /// (many documents have no claim to place).
    starts: Vec<usize>,
    /// The last lookup: (byte position, line, column).
    last: Option<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'a str) -> Self {
        LineIndex { text, starts: Vec::new(), last: None }
    }

    /// 1-based line and column (in characters) of byte `pos`; the same as
    /// [`line_column`]. A position past the end or inside a character is
    /// clamped back to a character boundary.
    pub fn line_column(&mut self, pos: usize) -> (usize, usize) {
        let mut pos = pos.min(self.text.len());
        while !self.text.is_char_boundary(pos) {
            pos -= 1;
        }
        if self.starts.is_empty() {
            // the memchr crate's search is vectorised; `match_indices` of a
            // char searched a word at a time
            self.starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1)).collect();
        }
        let line = self.starts.partition_point(|&s| s <= pos).max(1);
        let line_start = self.starts.get(line - 1).copied().unwrap_or(0);
        let (from, column) = match self.last {
            Some((p, l, c)) if l == line && p <= pos => (p, c),
            _ => (line_start, 1),
        };
        let column = column + self.text.get(from..pos).map_or(0, |s| s.chars().count());
        self.last = Some((pos, line, column));
        (line, column)
    }
}

/// 1-based line and column (in characters) of byte `pos`. For many
/// positions in one text, use a [`LineIndex`].
pub fn line_column(text: &str, pos: usize) -> (usize, usize) {
    let before = text.get(..pos).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before.get(line_start..).map(|s| s.chars().count()).unwrap_or(0) + 1;
    (line, column)
}

/// The lower-cased words of `text[range]`.
pub fn words(text: &str, range: Range<usize>) -> Vec<String> {
    text.get(range)
        .unwrap_or("")
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_line_column() {
        let text = "ab\nçé x\n\n  y z\nlast";
        let mut index = LineIndex::new(text);
        let positions: Vec<usize> = (0..=text.len()).filter(|&p| text.is_char_boundary(p)).collect();
        for &p in positions.iter().chain(positions.iter().rev()) {
            assert_eq!(index.line_column(p), line_column(text, p), "at {p}");
        }
    }

    #[test]
    fn run_on_text_is_cut_into_bounded_sentences() {
        let text = "killed 5 people and ".repeat(2000);
        let all = sentences(&text, &[]);
        assert!(all.len() > 10, "{}", all.len());
        for s in &all {
            assert!(s.len() <= MAX_SENTENCE_BYTES, "{s:?}");
            assert!(text.get(s.clone()).is_some());
        }
        let covered: usize = all.iter().map(|s| text[s.clone()].split_whitespace().count()).sum();
        assert_eq!(covered, text.split_whitespace().count(), "no word is lost at a cut");
    }

    /// [`sentences_within`] by its definition, a byte at a time.
    fn sentences_byte_by_byte(text: &str, abbreviations: &[String], max: usize) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut start = 0;
        let push = |s: usize, e: usize, out: &mut Vec<Range<usize>>| push_trimmed(text, s..e, out);
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if i - start >= max && text.is_char_boundary(i) {
                let run = text.get(start..i).unwrap_or("");
                let cut = run.rfind(char::is_whitespace).filter(|&w| w > max / 2).map_or(i, |w| start + w);
                push(start, cut, &mut out);
                start = cut;
            }
            if b == b'\n' {
                push(start, i, &mut out);
                start = i + 1;
            } else if matches!(b, b'.' | b'!' | b'?') && ends_sentence(text, i, abbreviations) {
                let end = after_closers(text, i + 1);
                push(start, end, &mut out);
                start = end;
                i = end;
                continue;
            }
            i += 1;
        }
        push(start, bytes.len(), &mut out);
        out
    }

    #[test]
    fn sentences_are_those_of_the_byte_by_byte_scan() {
        const ALPHABET: &[&str] =
            &["word", "Word", " ", " ", "  ", "\n", ".", "!", "?", "\"", "’", ")", "Jan", "é", "ж", "中", "😀", "\u{a0}"];
        let abbreviations = abbr();
        let texts = (0..60).flat_map(|len| crate::test_support::mixes(ALPHABET, 50, len, 7 + len as u64));
        for (round, text) in texts.enumerate() {
            let max = [8, 11, 16, 25, 40, MAX_SENTENCE_BYTES][round % 6];
            assert_eq!(
                sentences_within(&text, &abbreviations, max),
                sentences_byte_by_byte(&text, &abbreviations, max),
                "max {max}: {text:?}"
            );
        }
    }

    fn abbr() -> Vec<String> {
        ["jan", "u.s", "mr"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn splits_sentences_but_not_abbreviations() {
        let t = "On Jan. 11 it rose. The U.S. Secretary said 2 billion-3 billion U.S. dollars. Next\nline here";
        let s: Vec<&str> = sentences(t, &abbr()).into_iter().map(|r| &t[r]).collect();
        assert_eq!(s, ["On Jan. 11 it rose.", "The U.S. Secretary said 2 billion-3 billion U.S. dollars.", "Next", "line here"]);
    }

    #[test]
    fn abbreviations_match_in_any_case_and_script_and_single_capitals_end_nothing() {
        let abbr: Vec<String> = ["str", "ул"].iter().map(|s| s.to_string()).collect();
        let t = "Main STR. Nine. Ленина УЛ. Two. J. Doe came. A x. B";
        let s: Vec<&str> = sentences(t, &abbr).into_iter().map(|r| &t[r]).collect();
        assert_eq!(s, ["Main STR. Nine.", "Ленина УЛ. Two.", "J. Doe came.", "A x.", "B"]);
    }

    /// [`token_starts`] by its definition, a character at a time.
    fn token_starts_by_characters(text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let (mut in_word, mut prev_joiner) = (false, false);
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if is_word_char(c) {
                if !in_word && !prev_joiner {
                    out.push(i);
                }
                (in_word, prev_joiner) = (true, false);
            } else {
                prev_joiner = in_word && matches!(c, '-' | '\'' | '’' | ',' | '.') && chars.peek().is_some_and(|(_, n)| is_word_char(*n));
                in_word = false;
            }
        }
        out
    }

    #[test]
    fn token_starts_are_those_of_the_definition() {
        const ALPHABET: &[&str] =
            &["a", "Z", "q", "7", "0", " ", " ", "\n", ".", ",", "'", "-", "’", "é", "ж", "٣", "²", "\u{301}", "–", "中", "😀"];
        for text in (0..300).flat_map(|len| crate::test_support::mixes(ALPHABET, 1, len, len as u64)) {
            let mut starts = Vec::new();
            token_starts(&text, 0..text.len(), &mut starts);
            assert_eq!(starts, token_starts_by_characters(&text), "{text:?}");
        }
        // long ASCII words, where runs are skipped eight bytes at a time
        let text = "Unprecedentedly-long counterrevolutionaries, 1234567890123 x.y";
        let mut starts = Vec::new();
        token_starts(text, 0..text.len(), &mut starts);
        assert_eq!(starts, token_starts_by_characters(text));
    }

    #[test]
    fn tokens_join_numbers_and_hyphens() {
        let t = "six post-Soviet states, 7,900 “armed criminals”";
        let mut starts = Vec::new();
        token_starts(t, 0..t.len(), &mut starts);
        let words: Vec<&str> = starts.iter().map(|&s| t[s..].split([' ', '”']).next().unwrap()).collect();
        assert_eq!(words, ["six", "post-Soviet", "states,", "7,900", "armed", "criminals"]);
    }

    #[test]
    fn quotes_are_tidied() {
        let t = "said at least 26 “armed criminals” and the toll rose to 164, officials said";
        let open = t.find("at least").unwrap()..t.find('”').unwrap();
        assert_eq!(&t[tidy_quote(t, open, t.len())], "at least 26 “armed criminals”");
        let comma = t.find("the toll").unwrap()..t.find(" officials").unwrap();
        assert_eq!(&t[tidy_quote(t, comma, t.len())], "the toll rose to 164");
        let closed = 0..4;
        assert_eq!(tidy_quote(t, closed.clone(), t.len()), closed);
        assert_eq!(tidy_quote(t, 5..999, t.len()), 5..999, "out of range spans are left alone");
        let d = "KERSTOW, March 10 - More than 2,000 residents were evacuated.";
        let dash = d.find(" - ").unwrap()..d.find('.').unwrap();
        assert_eq!(&d[tidy_quote(d, dash, d.len())], "More than 2,000 residents were evacuated");
    }

    /// Random texts of the marks, their neighbours in UTF-8 (other
    /// characters starting with the same bytes) and plain words: every
    /// quote of every one tidied as when each mark is counted.
    #[test]
    fn quotes_are_tidied_as_when_every_mark_is_counted() {
        const PIECES: &[&str] = &["“", "”", "‘", "’", "«", "»", "\"", "—", "–", "€", "©", "é", "a", "12", " ", ",", "-", "\n"];
        for text in (0..60).flat_map(|len| crate::test_support::mixes(PIECES, 20, len, len as u64 + 7)) {
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for (k, &start) in bounds.iter().enumerate() {
                for &end in bounds.iter().skip(k).step_by(3) {
                    for limit in [end, text.len()] {
                        assert_eq!(
                            tidy_quote(&text, start..end, limit),
                            tidy_quote_counting(&text, start..end, limit, true),
                            "{text:?} {start}..{end}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn line_and_column_count_characters() {
        let t = "ab\n“c” 16";
        assert_eq!(line_column(t, t.find("16").unwrap()), (2, 5));
    }

    #[test]
    fn clause_breaks_are_those_of_the_character_definition() {
        let by_characters = |s: &str| s.contains([';', ':', '(', ')', '[', ']', '–', '—', '\n']) || s.contains(" - ");
        const PIECES: &[&str] = &["a", " ", "-", " - ", ";", ":", "(", ")", "[", "]", "\n", "–", "—", "‐", "€", "é", ",", "x-y", "⁓"];
        for text in (0..=8).flat_map(|len| crate::test_support::mixes(PIECES, 2_000, len, 11 + len as u64)) {
            let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            for (k, &start) in ends.iter().enumerate() {
                for &end in &ends[k..] {
                    assert_eq!(has_clause_break(&text, start..end), by_characters(&text[start..end]), "{:?}", &text[start..end]);
                }
            }
        }
    }

    #[test]
    fn clause_breaks() {
        assert!(has_clause_break("a; b", 0..4));
        assert!(!has_clause_break("a, b", 0..4));
    }
}
