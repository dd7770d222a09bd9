//! A check made before YAML from an article or a manifest goes to the
//! parser.
//!
//! The YAML scanner under `serde_yaml` (libyaml) walks its stack of open
//! flow collections (`[`, `{`) at every token, so text that opens many
//! of them costs time quadratic in its length: 80,000 `[` take half a
//! minute, a megabyte of them the better part of an hour. `serde_yaml`
//! refuses nesting deeper than 128 levels, but only once the scanner is
//! done. So deeper bracket nesting is refused here first, in one pass.

/// Deepest bracket nesting passed to the parser: `serde_yaml`'s own
/// recursion limit, so no YAML it would accept is refused.
pub(crate) const MAX_FLOW_DEPTH: usize = 128;

/// Deepest bracket count passed to the parser for a rule file. Rule files
/// quote regexes, whose `[` may be unbalanced (`'[^\[]'`), and brackets are
/// counted quoted or not, so their limit is wider: deep enough that no
/// rule file is refused for its regexes, low enough that the scanner's
/// cost stays a few milliseconds (nesting past 128 is still refused by
/// `serde_yaml` itself, with its own message).
pub(crate) const RULES_FLOW_DEPTH: usize = 1024;

/// Where `yaml` first opens more than `limit` brackets (`[` or `{`) not yet
/// closed, as a 0-based line and a 1-based column (in characters); `None`
/// when it never does. Brackets are counted wherever they are, quoted or
/// not: a count can only be too high, and only text with more than `limit`
/// unclosed brackets is ever refused.
pub(crate) fn too_deep(yaml: &str, limit: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (at, byte) in yaml.bytes().enumerate() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    let before = yaml.get(..at).unwrap_or_default();
                    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                    let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
                    return Some((before.matches('\n').count(), column));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The message for YAML refused by [`too_deep`] at `limit`.
pub(crate) fn too_deep_message(limit: usize) -> String {
    format!("brackets `[`/`{{` nested more than {limit} levels deep")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_brackets_are_found_at_the_first_too_many() {
        let deep = format!("a: x\nb: é{}{}\n", "[".repeat(MAX_FLOW_DEPTH + 1), "]".repeat(MAX_FLOW_DEPTH + 1));
        assert_eq!(too_deep(&deep, MAX_FLOW_DEPTH), Some((1, 4 + MAX_FLOW_DEPTH + 1)));
        let limit = format!("b: é{}{}\n", "{".repeat(MAX_FLOW_DEPTH), "}".repeat(MAX_FLOW_DEPTH));
        assert_eq!(too_deep(&limit, MAX_FLOW_DEPTH), None, "nesting serde_yaml accepts");
        let many = "[a]".repeat(10_000) + &"] ".repeat(500);
        assert_eq!(too_deep(&many, MAX_FLOW_DEPTH), None, "closed brackets, and closing ones alone, are not depth");
        assert_eq!(too_deep("", MAX_FLOW_DEPTH), None);
    }
}
