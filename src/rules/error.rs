//! Rule errors: every problem names its file, line, column, rule id and
//! field, says what is wrong and how to fix it. Problems are collected, not
//! stopped at, so one run reports all of them.

use std::fmt;

/// One problem in a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    /// The file, as shown to the user (`rules/kinds.yaml`, `builtin:…`).
    pub file: String,
    /// 1-based line (0 when the problem has no line, as a path that cannot
    /// be read: then the file alone is shown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// Id of the rule concerned, when known.
    pub rule: Option<String>,
    /// Field concerned, when known.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl fmt::Display for RuleProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // a problem with no line (a path that cannot be read) names the file alone
        match (self.line, self.column) {
            (0, _) => write!(f, "error: {}: ", self.file)?,
            (line, 0) => write!(f, "error: {}:{line}: ", self.file)?,
            (line, column) => write!(f, "error: {}:{line}:{column}: ", self.file)?,
        }
        match (&self.rule, &self.field) {
            (Some(rule), Some(field)) => write!(f, "rule `{rule}`, field `{field}`: ")?,
            (Some(rule), None) => write!(f, "rule `{rule}`: ")?,
            (None, Some(field)) => write!(f, "field `{field}`: ")?,
            (None, None) => {}
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// All problems found while loading a rule set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RuleErrors {
    /// The problems, in file order.
    pub problems: Vec<RuleProblem>,
}

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        let n = self.problems.len();
        write!(f, "\n{n} rule error{}", if n == 1 { "" } else { "s" })
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // one row of the table at a time: prev[j] is the distance between the
    // first i characters of a and the first j of b
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev.get(j).map_or(usize::MAX, |d| d + usize::from(ca != *cb));
            let delete = prev.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let insert = cur.last().map_or(usize::MAX, |d| d + 1);
            cur.push(substitute.min(delete).min(insert));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// The candidate closest to `word`, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Finds the line and column of `id: <id>` in a YAML text, and of `field:`
/// after it when a field is named: good enough to point a user at the rule.
pub fn locate(text: &str, id: &str, field: Option<&str>) -> (usize, usize) {
    let mut found: Option<(usize, usize)> = None;
    for (n, line) in text.lines().enumerate() {
        // block style `- id: x` or flow style `- {id: x, …}`
        let trimmed = line.trim_start_matches([' ', '-', '{']);
        let indent = line.len() - trimmed.len();
        if found.is_none() {
            for key in ["id:", "name:"] {
                if let Some(rest) = trimmed.strip_prefix(key) {
                    // a trailing comment is no part of the id: `id: evacuated  # unique`
                    let rest = rest.split(" #").next().unwrap_or(rest);
                    let rest = rest.split([',', '}']).next().unwrap_or(rest);
                    let value = rest.trim().trim_matches(['"', '\'']);
                    if value == id {
                        found = Some((n + 1, indent + 1));
                        if field.is_none() {
                            return (n + 1, indent + 1);
                        }
                    }
                }
            }
        } else if let Some(field) = field {
            let t = line.trim_start();
            if t.starts_with(&format!("{field}:")) {
                return (n + 1, line.len() - t.len() + 1);
            }
            if line.trim_start().starts_with("- id:") || line.trim_start().starts_with("- name:") {
                break;
            }
        }
    }
    found.unwrap_or((0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["triggers", "nouns", "counts"];
        assert_eq!(closest("trigers", fields), Some("triggers"));
        assert_eq!(closest("colour", fields), None);
    }

    #[test]
    fn locates_rule_and_field() {
        let text = "kinds:\n  - id: a\n    counts: people\n  - id: b\n    counts: things\n    nouns: [x]\n";
        assert_eq!(locate(text, "b", None), (4, 5));
        assert_eq!(locate(text, "b", Some("nouns")), (6, 5));
        assert_eq!(locate(text, "a", Some("nouns")), (2, 5));
        let commented = "kinds:\n  - id: evacuated  # required, unique\n    counts: people\n";
        assert_eq!(locate(commented, "evacuated", None), (2, 5));
        let flow = "outlet_patterns:\n  - {id: provided, pattern: 'Provided by'}\n";
        assert_eq!(locate(flow, "provided", None), (2, 6));
    }
}
