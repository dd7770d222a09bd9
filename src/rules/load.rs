//! Where rule files come from: the built-in set (the repo's `rules/`
//! folder, compiled into the binary) and folders given at run time.

use super::compile::RuleSource;
use super::error::{RuleErrors, RuleProblem};
use std::path::{Path, PathBuf};

/// The built-in rule files: (file name, text), in the order a folder of
/// them loads (by name, [`dir_sources`]): the built-in set, the repo's
/// `rules/` folder and a `rules dump` copy load alike and have one
/// fingerprint ([`crate::rules::fingerprint`]).
pub const BUILTIN: &[(&str, &str)] = &[
    ("attribution.yaml", include_str!("../../rules/attribution.yaml")),
    ("boilerplate.yaml", include_str!("../../rules/boilerplate.yaml")),
    ("events.yaml", include_str!("../../rules/events.yaml")),
    ("groups.yaml", include_str!("../../rules/groups.yaml")),
    ("idioms.yaml", include_str!("../../rules/idioms.yaml")),
    ("kinds.yaml", include_str!("../../rules/kinds.yaml")),
    ("lists.yaml", include_str!("../../rules/lists.yaml")),
    ("outlets.yaml", include_str!("../../rules/outlets.yaml")),
    ("qualifiers.yaml", include_str!("../../rules/qualifiers.yaml")),
    ("settings.yaml", include_str!("../../rules/settings.yaml")),
];

/// The built-in rule files as sources named `builtin:rules/<file>`.
pub fn builtin_sources() -> Vec<RuleSource> {
    BUILTIN.iter().map(|(name, text)| RuleSource { name: format!("builtin:rules/{name}"), text: (*text).to_string() }).collect()
}

/// Reads every `*.yaml`/`*.yml` file of a folder, sorted by name.
pub fn dir_sources(dir: &Path) -> Result<Vec<RuleSource>, RuleErrors> {
    let problem = |message: String| RuleErrors {
        problems: vec![RuleProblem {
            file: dir.display().to_string(),
            line: 0,
            column: 0,
            rule: None,
            field: None,
            message,
            help: Some("pass a folder that holds rule files (*.yaml)".to_string()),
        }],
    };
    let entries = std::fs::read_dir(dir).map_err(|e| problem(format!("cannot read the rules folder: {e}")))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    paths.sort();
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        match std::fs::read(&p).map(String::from_utf8) {
            Ok(Ok(text)) => sources.push(RuleSource { name: p.display().to_string(), text }),
            Ok(Err(e)) => problems.push(not_utf8(&p, &e)),
            Err(e) => problems.push(RuleProblem {
                file: p.display().to_string(),
                line: 0,
                column: 0,
                rule: None,
                field: None,
                message: format!("cannot read: {e}"),
                help: None,
            }),
        }
    }
    if problems.is_empty() {
        Ok(sources)
    } else {
        Err(RuleErrors { problems })
    }
}

/// Reads one rule file.
pub fn file_source(path: &Path) -> Result<Vec<RuleSource>, RuleErrors> {
    let problem = |message: String, help: &str| RuleErrors {
        problems: vec![RuleProblem {
            file: path.display().to_string(),
            line: 0,
            column: 0,
            rule: None,
            field: None,
            message,
            help: Some(help.to_string()),
        }],
    };
    let bytes = std::fs::read(path).map_err(|e| problem(format!("cannot read: {e}"), "check the path and its permissions"))?;
    let text = String::from_utf8(bytes).map_err(|e| RuleErrors { problems: vec![not_utf8(path, &e)] })?;
    Ok(vec![RuleSource { name: path.display().to_string(), text }])
}

/// A rule file that is not UTF-8, located at its first invalid byte.
fn not_utf8(path: &Path, e: &std::string::FromUtf8Error) -> RuleProblem {
    let offset = e.utf8_error().valid_up_to();
    let (line, column) = super::position::line_column_of_offset(e.as_bytes(), offset);
    RuleProblem {
        file: path.display().to_string(),
        line,
        column,
        rule: None,
        field: None,
        message: format!("not UTF-8 (invalid byte at offset {offset})"),
        help: Some("save the file as UTF-8".to_string()),
    }
}

/// Which rules to load: the base set (a `rules/` folder in the current
/// directory if present, else the built-in set; none with `no_default`),
/// then every extra folder in order, later definitions overriding earlier
/// ones by id.
pub fn resolve_sources(extra: &[PathBuf], no_default: bool) -> Result<Vec<RuleSource>, RuleErrors> {
    let mut sources = Vec::new();
    if !no_default {
        let local = Path::new("rules");
        if local.is_dir() && local.join("kinds.yaml").is_file() {
            sources.extend(dir_sources(local)?);
        } else {
            sources.extend(builtin_sources());
        }
    }
    for path in extra {
        if path.is_file() {
            sources.extend(file_source(path)?);
        } else if path.is_dir() {
            sources.extend(dir_sources(path)?);
        } else {
            return Err(RuleErrors { problems: vec![not_a_rules_path(path)] });
        }
    }
    Ok(sources)
}

/// A `--rules` path that is neither a file nor a folder: missing, a
/// dangling link, unreadable, or a FIFO or device (never opened).
fn not_a_rules_path(path: &Path) -> RuleProblem {
    let (message, help) = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            ("no such file or folder".to_string(), "check the path: --rules takes a rule file (*.yaml) or a folder of them")
        }
        Err(e) => (format!("cannot read: {e}"), "check the path and its permissions"),
        Ok(_) => ("not a file or a folder".to_string(), "--rules takes a rule file (*.yaml) or a folder of them"),
    };
    RuleProblem { file: path.display().to_string(), line: 0, column: 0, rule: None, field: None, message, help: Some(help.to_string()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_compile() {
        let set = crate::rules::compile(&builtin_sources());
        assert!(set.is_ok(), "{}", set.err().map(|e| e.to_string()).unwrap_or_default());
    }

    #[test]
    fn repo_rules_folder_matches_builtin_set() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let on_disk = dir_sources(&dir).expect("the repo's rules folder");
        assert_eq!(on_disk.len(), BUILTIN.len(), "every rules/*.yaml file must be listed in BUILTIN");
        // file for file, in the same order: one rule set, one fingerprint
        let name = |source: &RuleSource| source.name.rsplit(['/', '\\']).next().map(str::to_string);
        let builtin = builtin_sources();
        assert_eq!(on_disk.iter().map(name).collect::<Vec<_>>(), builtin.iter().map(name).collect::<Vec<_>>());
        assert!(on_disk.iter().zip(&builtin).all(|(a, b)| a.text == b.text));
        let fingerprint = |sources: &[RuleSource]| crate::rules::compile(sources).map(|set| set.fingerprint).ok();
        assert_eq!(fingerprint(&on_disk), fingerprint(&builtin));
        assert!(fingerprint(&builtin).is_some());
    }
}
