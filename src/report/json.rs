//! The JSON renderer: the [`Report`] as pretty-printed JSON.

use super::model::Report;

/// Pretty JSON with a trailing newline.
pub fn render(report: &Report) -> String {
    // The report holds only strings, integers, floats, dates and enums, so
    // serialisation cannot fail; an error is still reported, not panicked.
    match serde_json::to_string_pretty(report) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        Err(e) => format!("{{\"error\": {}}}\n", serde_json::Value::String(e.to_string())),
    }
}

/// The same pretty JSON written to `out` as it is serialised, without
/// holding the whole text (hundreds of MB for 100,000 articles).
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::build;
    use crate::report::tests::sample;

    #[test]
    fn pretty_with_trailing_newline() {
        let text = render(&build(&sample()));
        assert!(text.starts_with("{\n  \"version\": \"1\",\n  \"summary\": {\n"));
        assert!(text.ends_with("}\n"));
        assert!(!text.ends_with("\n\n"));
        let back: Report = serde_json::from_str(&text).unwrap();
        assert_eq!(back, build(&sample()));
    }

    #[test]
    fn written_as_rendered() {
        let mut out = Vec::new();
        write(&build(&sample()), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), render(&build(&sample())));
    }

    #[test]
    fn deterministic() {
        assert_eq!(render(&build(&sample())), render(&build(&sample())));
    }
}
