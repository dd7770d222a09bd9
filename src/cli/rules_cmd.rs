//! `crosscheck rules …`: list, check, test and dump the rule set.

use super::output::to_stdout;
use super::RuleArgs;
use anyhow::{bail, Context, Result};
use clap::Subcommand;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use crosscheck::report::sanitize;
use crosscheck::rules::selftest::{self, Outcome};
use crosscheck::rules::{load, RuleSet};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Show every kind, group, idiom, list and pattern with the file it came from, and the rules' fingerprint.
    List {
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Load and check the rules; report every error with file, line and column (when none, the rules' fingerprint).
    Check {
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Run every rule's examples; exit 1 if any case fails.
    Test {
        #[command(flatten)]
        rules: RuleArgs,
        /// Also list rules that never fire on this corpus.
        #[arg(long, value_name = "CORPUS")]
        coverage: Option<PathBuf>,
    },
    /// Write the built-in rule files into DIR as a starting point (never overwrites).
    Dump {
        /// Target folder (created if missing).
        dir: PathBuf,
    },
}

pub fn run(cmd: RulesCommand) -> Result<i32> {
    match cmd {
        RulesCommand::List { rules } => {
            to_stdout(&list(&rules.load()?))?;
            Ok(0)
        }
        RulesCommand::Check { rules } => {
            let set = rules.load()?;
            to_stdout(&format!(
                "ok: {} kinds, {} groups, {} idioms, {} lists, {} outlets, {} boilerplate patterns from {} files; fingerprint {}\n",
                set.kinds.len(),
                set.groups.len(),
                set.idioms.len(),
                set.lists.len(),
                set.corpus.outlets.len(),
                set.corpus.boilerplate.patterns().len(),
                set.files.len(),
                set.fingerprint
            ))?;
            Ok(0)
        }
        RulesCommand::Test { rules, coverage } => test(&rules.load()?, coverage),
        RulesCommand::Dump { dir } => dump(&dir),
    }
}

/// A rule file's own text (ids, words, patterns, example sentences, file
/// names) made safe for a terminal, as the reports make article text:
/// escape sequences, control characters and bidi overrides removed.
fn clean(text: &str) -> String {
    sanitize::terminal(text).into_owned()
}

fn list(set: &RuleSet) -> String {
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_width(100);
    table.set_header(["rule", "what", "from"]);
    // cleaned before the table measures them: widths are of what is shown
    let mut row = |cells: [String; 3]| {
        table.add_row(cells.map(|c| clean(&c)));
    };
    let at = |o: &crosscheck::rules::compiled::Origin| format!("{}:{}", o.file, o.line);
    for k in &set.kinds {
        let triggers = k.triggers.iter().chain(&k.triggers_before).map(String::as_str).collect::<Vec<_>>().join(", ");
        let what = if k.nouns.is_empty() { triggers } else { format!("{} | {triggers}", k.nouns.join(", ")) };
        row([format!("kind/{}", k.id), what, at(&k.origin)]);
    }
    for g in &set.groups {
        row([format!("group/{}", g.id), g.terms.join(" = "), at(&g.origin)]);
    }
    for i in &set.idioms {
        row([format!("idiom/{}", i.id), i.pattern.clone(), at(&i.origin)]);
    }
    for l in &set.lists {
        row([format!("list/{}", l.id), l.intro.join(", "), at(&l.origin)]);
    }
    for (id, re) in set.corpus.boilerplate.patterns() {
        row([format!("boilerplate/{id}"), re.as_str().to_string(), String::new()]);
    }
    for o in &set.corpus.outlets {
        row([format!("outlet/{}", o.name), [o.domains.clone(), o.datelines.clone()].concat().join(", "), String::new()]);
    }
    format!("{table}\nfiles: {}\nfingerprint: {}\n", clean(&set.files.join(", ")), set.fingerprint)
}

fn test(set: &RuleSet, coverage: Option<PathBuf>) -> Result<i32> {
    let results = selftest::run_all(set);
    let mut text = String::new();
    let mut failed = 0;
    for r in &results {
        let label = match r.outcome {
            Outcome::Passed => "passed",
            Outcome::Missing => "MISSING",
            Outcome::Wrong => "WRONG",
            Outcome::Noisy => "NOISY",
        };
        if r.outcome != Outcome::Passed {
            failed += 1;
        }
        let detail = match r.outcome {
            Outcome::Passed => r.expected.clone(),
            Outcome::Missing => format!("expected {}; got {}", r.expected, if r.got.is_empty() { "nothing" } else { &r.got }),
            Outcome::Wrong => format!("expected {}; got {}", r.expected, r.got),
            Outcome::Noisy => format!("unexpected {}", r.got),
        };
        text.push_str(&format!(
            "{label:<7} {:<28} {}\n        «{}» ({})\n",
            clean(&r.rule),
            clean(&detail),
            clean(&r.text),
            clean(&r.origin)
        ));
    }
    let mut code = i32::from(failed > 0);
    text.push_str(&format!("\n{} passed, {} failed\n", results.len() - failed, failed));
    if let Some(corpus) = coverage {
        let analysis = crosscheck::analyze(std::slice::from_ref(&corpus), set);
        if analysis.documents.is_empty() {
            to_stdout(&text)?;
            bail!("no readable article in {}", corpus.display());
        }
        let silent = selftest::never_fired(set, &analysis.claims);
        text.push_str(&format!(
            "coverage over {} ({} documents, {} claims):\n",
            clean(&corpus.display().to_string()),
            analysis.documents.len(),
            analysis.claims.len()
        ));
        if silent.is_empty() {
            text.push_str("  every rule fired at least once\n");
        } else {
            for s in &silent {
                text.push_str(&format!("  never fired: {}\n", clean(s)));
            }
        }
        code = code.max(0);
    }
    to_stdout(&text)?;
    Ok(code)
}

fn dump(dir: &std::path::Path) -> Result<i32> {
    let existing: Vec<String> =
        load::BUILTIN.iter().filter(|(name, _)| dir.join(name).exists()).map(|(name, _)| dir.join(name).display().to_string()).collect();
    if !existing.is_empty() {
        bail!("refusing to overwrite existing files: {}", existing.join(", "));
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut wrote = String::new();
    for (name, text) in load::BUILTIN {
        let path = dir.join(name);
        // create_new: never overwrite, even if a file appeared since the check
        let mut file =
            std::fs::OpenOptions::new().write(true).create_new(true).open(&path).with_context(|| format!("creating {}", path.display()))?;
        std::io::Write::write_all(&mut file, text.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
        wrote.push_str(&format!("wrote {}\n", path.display()));
    }
    // every file first: a closed stdout cannot stop the dump half-way
    to_stdout(&wrote)?;
    Ok(0)
}
