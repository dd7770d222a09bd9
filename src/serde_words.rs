//! Serde's error messages in a user's words: serde names the Rust type it
//! wanted ("expected struct RuleFile"), which means nothing to someone who
//! wrote a YAML rule file, a manifest or a JSON line. These helpers say what
//! the value should look like instead.

/// How a mapping is called in the input's own language.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Syntax {
    /// YAML (`key: value` lines).
    Yaml,
    /// JSON (`{"key": value}`).
    Json,
}

impl Syntax {
    fn mapping(self) -> &'static str {
        match self {
            Syntax::Yaml => "a mapping (`key: value` lines)",
            Syntax::Json => "a JSON object (`{\"key\": value}`)",
        }
    }
}

/// Rust's number types as serde names them (`expected usize`), and what
/// they stand for in a user's words.
const NUMBER_TYPES: [(&str, &str); 12] = [
    ("usize", "a whole number (0 or more)"),
    ("u128", "a whole number (0 or more)"),
    ("u64", "a whole number (0 or more)"),
    ("u32", "a whole number (0 or more)"),
    ("u16", "a whole number (0 or more)"),
    ("u8", "a whole number (0 or more)"),
    ("isize", "a whole number"),
    ("i64", "a whole number"),
    ("i32", "a whole number"),
    ("i16", "a whole number"),
    ("f64", "a number"),
    ("f32", "a number"),
];

/// chrono's messages for a date string it cannot read (they do not say
/// that a date was expected), and what they mean.
const DATE_MESSAGES: [(&str, &str); 5] = [
    ("input is out of range", "not a date of the calendar (expected YYYY-MM-DD)"),
    ("input contains invalid characters", "not a date (expected YYYY-MM-DD)"),
    ("premature end of input", "not a whole date (expected YYYY-MM-DD)"),
    ("trailing input", "more than a date (expected YYYY-MM-DD)"),
    ("no possible date and time matching input", "not a date of the calendar (expected YYYY-MM-DD)"),
];

/// `message` with serde's Rust type names replaced by the shape they stand
/// for: `struct X with N elements` → `a list of N values`, `struct X`,
/// `tuple struct X` and `map` kinds → a mapping, `enum X` → a value name,
/// `usize`, `f64`… → a (whole) number; serde's ` as u128` after a number
/// too large for its field is left out, and chrono's messages for a bad
/// date say that a date was expected.
pub(crate) fn plain_message(message: &str, syntax: Syntax) -> String {
    let mut message = message.replace("` as u128,", "`,").replace("` as i128,", "`,");
    if let Some((meant, tail)) = DATE_MESSAGES.iter().find_map(|(said, meant)| Some((meant, message.strip_prefix(said)?))) {
        message = format!("{meant}{tail}");
    }
    let mut out = String::with_capacity(message.len());
    let mut rest = message.as_str();
    while let Some(at) = rest.find("expected ") {
        let (before, after) = rest.split_at(at + "expected ".len());
        out.push_str(before);
        rest = after;
        if let Some((tail, words)) = number_type(rest) {
            out.push_str(words);
            rest = tail;
            continue;
        }
        let (kind, tail) = if let Some(t) = rest.strip_prefix("tuple struct ") {
            ("tuple", t)
        } else if let Some(t) = rest.strip_prefix("struct ") {
            ("struct", t)
        } else if let Some(t) = rest.strip_prefix("enum ") {
            ("enum", t)
        } else {
            continue;
        };
        let name_len = tail.find(|c: char| !c.is_ascii_alphanumeric() && c != '_').unwrap_or(tail.len());
        if name_len == 0 {
            continue;
        }
        let (_, tail) = tail.split_at(name_len);
        let elements = tail
            .strip_prefix(" with ")
            .and_then(|t| t.split_once(" element"))
            .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        match (kind, elements) {
            (_, Some((count, after))) => {
                out.push_str(&format!("a list of {count} values"));
                rest = after.strip_prefix('s').unwrap_or(after);
            }
            ("enum", None) => {
                out.push_str("one of the value names this field takes");
                rest = tail;
            }
            _ => {
                out.push_str(syntax.mapping());
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The rest after a Rust number type name that `text` starts with (a
/// whole word), with the words for it.
fn number_type(text: &str) -> Option<(&str, &'static str)> {
    NUMBER_TYPES.iter().find_map(|(name, words)| {
        let tail = text.strip_prefix(name)?;
        let whole_word = !tail.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        whole_word.then_some((tail, *words))
    })
}

/// A YAML parser message without serde_yaml's ` at line L column C` (the
/// caller names the place as `file:line:column`), in the user's words.
pub(crate) fn yaml_message(err: &serde_yaml::Error) -> String {
    let mut message = err.to_string();
    if let Some(at) = message.find(" at line ") {
        message.truncate(at);
    }
    plain_message(&message, Syntax::Yaml)
}

/// A JSON line's parser message without serde_json's ` at line 1 column C`
/// (the line is the caller's to name): ` at column C` is kept.
pub(crate) fn json_line_message(err: &serde_json::Error) -> String {
    let mut message = err.to_string();
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    let message = plain_message(&message, Syntax::Json);
    if err.column() > 0 {
        format!("{message} (at column {})", err.column())
    } else {
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_shape_not_the_rust_type() {
        assert_eq!(
            plain_message("invalid type: sequence, expected struct RuleFile", Syntax::Yaml),
            "invalid type: sequence, expected a mapping (`key: value` lines)"
        );
        assert_eq!(
            plain_message("invalid type: integer `3`, expected struct Summary", Syntax::Json),
            "invalid type: integer `3`, expected a JSON object (`{\"key\": value}`)"
        );
        assert_eq!(
            plain_message("invalid length 0, expected struct Quantity with 3 elements", Syntax::Json),
            "invalid length 0, expected a list of 3 values"
        );
        assert_eq!(
            plain_message("invalid type: map, expected enum Change", Syntax::Yaml),
            "invalid type: map, expected one of the value names this field takes"
        );
        assert_eq!(
            plain_message("invalid type: map, expected tuple struct Pair", Syntax::Yaml),
            "invalid type: map, expected a mapping (`key: value` lines)"
        );
    }

    #[test]
    fn names_numbers_and_dates_not_rust_types() {
        assert_eq!(
            plain_message("invalid type: floating point `1e+25`, expected usize at line 1 column 9", Syntax::Json),
            "invalid type: floating point `1e+25`, expected a whole number (0 or more) at line 1 column 9"
        );
        assert_eq!(
            plain_message("invalid type: integer `99999999999999999999` as u128, expected usize", Syntax::Yaml),
            "invalid type: integer `99999999999999999999`, expected a whole number (0 or more)"
        );
        assert_eq!(
            plain_message("invalid type: string \"8\", expected f64", Syntax::Json),
            "invalid type: string \"8\", expected a number"
        );
        assert_eq!(
            plain_message("input is out of range at line 1 column 379", Syntax::Json),
            "not a date of the calendar (expected YYYY-MM-DD) at line 1 column 379"
        );
        assert_eq!(plain_message("expected u8x", Syntax::Json), "expected u8x");
    }

    #[test]
    fn leaves_other_messages_alone() {
        for message in [
            "invalid type: integer `5`, expected a sequence",
            "unknown variant `zzz`, expected one of `document`, `claim`",
            "expected structure",
            "expected struct ",
            "expected ",
            "",
        ] {
            assert_eq!(plain_message(message, Syntax::Yaml), message);
        }
    }

    #[test]
    fn a_json_line_error_names_its_column_only() {
        let err = serde_json::from_str::<serde_json::Value>("{\"a\": }").unwrap_err();
        let message = json_line_message(&err);
        assert!(message.ends_with("(at column 7)"), "{message}");
        assert!(!message.contains("line"), "{message}");
    }
}
