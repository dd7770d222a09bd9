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

/// `message` with serde's Rust type names replaced by the shape they stand
/// for: `struct X with N elements` → `a list of N values`, `struct X`,
/// `tuple struct X` and `map` kinds → a mapping, `enum X` → a value name.
pub(crate) fn plain_message(message: &str, syntax: Syntax) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("expected ") {
        let (before, after) = rest.split_at(at + "expected ".len());
        out.push_str(before);
        rest = after;
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
