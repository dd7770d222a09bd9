//! Text reports written as they are made: the Markdown and HTML renderers
//! push their pieces into a [`Sink`], which hands them to a writer a few
//! tens of kilobytes at a time instead of holding the whole report (at
//! 100,000 articles, 200 MB of Markdown and 370 MB of HTML, held in a
//! string that grew by doubling).

use rayon::prelude::*;
use std::fmt;
use std::io::{self, Write};

/// Bytes gathered before they are handed to the writer.
const FLUSH_AT: usize = 32 << 10;
/// Items one task of [`Sink::push_each`] renders.
const ITEMS_PER_TASK: usize = 64;
/// Tasks whose text [`Sink::push_each`] holds before it is pushed, at most.
const TASKS_IN_FLIGHT: usize = 64;

/// A text being written to `to`, piece by piece. Newlines at the end of what
/// has been pushed are held back until more text follows, so that
/// [`Sink::end_with_one_newline`] can still trim them. The first write error
/// is kept, later pieces dropped, and [`Sink::finish`] returns it.
pub(crate) struct Sink<'a> {
    /// Pushed, not yet written.
    pending: String,
    /// Where the text goes.
    to: &'a mut dyn Write,
    /// The first error the writer returned.
    error: Option<io::Error>,
}

impl<'a> Sink<'a> {
    /// A sink writing into `to`.
    pub fn new(to: &'a mut dyn Write) -> Self {
        Sink { pending: String::with_capacity(FLUSH_AT + 1024), to, error: None }
    }

    /// Appends `text`.
    pub fn push_str(&mut self, text: &str) {
        self.pending.push_str(text);
        if self.pending.len() >= FLUSH_AT {
            self.write_settled();
        }
    }

    /// Appends one character.
    pub fn push(&mut self, c: char) {
        self.pending.push(c);
    }

    /// Appends what `render` writes for each of `items`, in their order.
    /// The items are rendered side by side on rayon's threads, a batch of
    /// [`ITEMS_PER_TASK`] × [`TASKS_IN_FLIGHT`] at a time, so that at most a
    /// batch's text is held; a batch of one task's size is rendered here.
    pub fn push_each<T: Sync>(&mut self, items: &[T], render: impl Fn(&T, &mut String) + Sync) {
        for batch in items.chunks(ITEMS_PER_TASK * TASKS_IN_FLIGHT) {
            if batch.len() <= ITEMS_PER_TASK {
                for item in batch {
                    render(item, &mut self.pending);
                }
                if self.pending.len() >= FLUSH_AT {
                    self.write_settled();
                }
                continue;
            }
            let parts: Vec<String> = batch
                .par_chunks(ITEMS_PER_TASK)
                .map(|chunk| {
                    let mut part = String::new();
                    for item in chunk {
                        render(item, &mut part);
                    }
                    part
                })
                .collect();
            for part in parts {
                self.push_str(&part);
            }
        }
    }

    /// Writes everything pending but its trailing newlines.
    fn write_settled(&mut self) {
        let settled = self.pending.trim_end_matches('\n').len();
        if self.error.is_none() {
            if let Err(e) = self.to.write_all(self.pending.as_bytes().get(..settled).unwrap_or_default()) {
                self.error = Some(e);
            }
        }
        self.pending.drain(..settled);
    }

    /// Ends the text with exactly one newline where it ends with several.
    pub fn end_with_one_newline(&mut self) {
        while self.pending.ends_with("\n\n") {
            self.pending.pop();
        }
    }

    /// Writes what is pending; the first write error, if any.
    pub fn finish(mut self) -> io::Result<()> {
        if self.error.is_none() {
            if let Err(e) = self.to.write_all(self.pending.as_bytes()) {
                self.error = Some(e);
            }
        }
        self.error.map_or(Ok(()), Err)
    }
}

impl fmt::Write for Sink<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.push_str(text);
        Ok(())
    }
}

/// The text `write` writes, as a string: for the renderers' string forms.
/// Writing into memory cannot fail, and the pieces are strings, so the bytes
/// are UTF-8 (any that were not would be replaced, never unwrapped).
pub(crate) fn to_string(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
    let mut bytes = Vec::new();
    let _ = write(&mut bytes);
    utf8(bytes)
}

/// Bytes a renderer wrote from strings, as a string (any byte that was not
/// UTF-8 would be replaced, never unwrapped).
pub(crate) fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn written(pieces: &[&str], trim: bool) -> String {
        to_string(|w| {
            let mut sink = Sink::new(w);
            for piece in pieces {
                sink.push_str(piece);
            }
            if trim {
                sink.end_with_one_newline();
            }
            sink.finish()
        })
    }

    #[test]
    fn pieces_arrive_in_order_across_flushes() {
        let big = "x".repeat(FLUSH_AT);
        let pieces = ["a\n", &big, "b\n\n", &big, "\n", "c"];
        assert_eq!(written(&pieces, false), pieces.concat());
    }

    #[test]
    fn trailing_newlines_are_trimmed_even_after_a_flush() {
        let big = "x".repeat(FLUSH_AT);
        // the flush comes with newlines at the end: they wait
        assert_eq!(written(&[&big, "\n\n"], true), format!("{big}\n"));
        assert_eq!(written(&[&(big.clone() + "\n\n"), "\n"], true), format!("{big}\n"));
        assert_eq!(written(&["a\n"], true), "a\n", "one newline stays");
        assert_eq!(written(&["a"], true), "a", "none is not added");
    }

    #[test]
    fn formatted_writes_and_characters_go_through() {
        let text = to_string(|w| {
            let mut sink = Sink::new(w);
            let two = "two";
            let _ = write!(sink, "{}-{two}", 1);
            sink.push('!');
            sink.finish()
        });
        assert_eq!(text, "1-two!");
    }

    #[test]
    fn items_pushed_each_arrive_in_order() {
        for n in [0, 1, ITEMS_PER_TASK, ITEMS_PER_TASK + 1, ITEMS_PER_TASK * TASKS_IN_FLIGHT * 2 + 7] {
            let items: Vec<usize> = (0..n).collect();
            let text = to_string(|w| {
                let mut sink = Sink::new(w);
                sink.push_str("<");
                sink.push_each(&items, |i, s| {
                    let _ = write!(s, "{i},");
                });
                sink.push_str(">");
                sink.finish()
            });
            let expected: String = items.iter().map(|i| format!("{i},")).collect();
            assert_eq!(text, format!("<{expected}>"), "{n} items");
        }
    }

    /// A writer that fails from its second write on.
    struct Failing(usize);

    impl Write for Failing {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0 += 1;
            if self.0 > 1 {
                return Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"));
            }
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_first_write_error_is_returned() {
        let mut failing = Failing(0);
        let mut sink = Sink::new(&mut failing);
        let big = "y".repeat(FLUSH_AT);
        sink.push_str(&big);
        sink.push_str(&big);
        sink.push_str("end");
        let err = sink.finish().expect_err("the writer failed");
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
        assert_eq!(failing.0, 2, "nothing written after the first error");
    }
}
