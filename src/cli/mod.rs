//! Command-line interface: argument parsing and the commands. The only
//! place that prints, and the only place with `anyhow` context.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use crosscheck::report::{self, Format};
use crosscheck::rules::{self, load, RuleSet};
use std::io::Write;
use std::path::PathBuf;

mod generate;
mod inputs;
mod rules_cmd;

/// Cross-verify numeric claims across news outlets.
#[derive(Debug, Parser)]
#[command(name = "crosscheck", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Consistency report over articles: agreements, conflicts, updates, single sources.
    Report(ReportArgs),
    /// List the claims extracted from articles.
    Claims(ReportArgs),
    /// Write a deterministic synthetic corpus (for benchmarks).
    #[command(hide = true)]
    Generate(generate::GenerateArgs),
    /// Inspect, test and export the rules.
    #[command(subcommand)]
    Rules(rules_cmd::RulesCommand),
}

/// Where rules come from.
#[derive(Debug, Args)]
pub struct RuleArgs {
    /// Extra rule folder, loaded after the base set; repeatable, later wins by id.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Do not load the base set (./rules or the built-in rules); only --rules folders.
    #[arg(long)]
    no_default_rules: bool,
}

impl RuleArgs {
    pub(crate) fn load(&self) -> Result<RuleSet> {
        let sources = load::resolve_sources(&self.rules, self.no_default_rules)?;
        Ok(rules::compile(&sources)?)
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Table,
    Json,
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// Article files or folders (read recursively: *.txt, *.md); `-` reads one article from standard input.
    #[arg(value_name = "PATH", required_unless_present = "jsonl")]
    paths: Vec<PathBuf>,
    /// JSON Lines input, one article per line ({"text": …, "outlet": …, "url": …, "published": …, "id": …, "event": …}); `-` is standard input. Repeatable.
    #[arg(long, value_name = "FILE")]
    jsonl: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: FormatArg,
    /// Table width in columns.
    #[arg(long, default_value_t = 100)]
    width: u16,
    #[command(flatten)]
    rules: RuleArgs,
}

/// Runs the parsed command; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Report(args) => report_cmd(&args, false),
        Command::Claims(args) => report_cmd(&args, true),
        Command::Rules(cmd) => rules_cmd::run(cmd),
        Command::Generate(args) => generate::run(&args),
    }
}

fn report_cmd(args: &ReportArgs, claims_only: bool) -> Result<i32> {
    let rules = args.rules.load()?;
    let loaded = inputs::load_all(&args.paths, &args.jsonl, &rules)?;
    let mut analysis = crosscheck::analyze_loaded(loaded, &rules);
    analysis.drop_texts();
    for w in &analysis.warnings {
        eprintln!("warning: {w}");
    }
    for s in &analysis.skipped {
        eprintln!("warning: skipped {}: {}", s.path.display(), s.reason);
    }
    if analysis.documents.is_empty() {
        bail!("no readable article among the {} input(s) given", args.paths.len() + args.jsonl.len());
    }
    let format = match args.format {
        FormatArg::Table => Format::Table,
        FormatArg::Json => Format::Json,
    };
    let out =
        if claims_only { report::render_claims(&analysis, format, args.width) } else { report::render(&analysis, format, args.width) };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes()).context("writing the report to stdout")?;
    Ok(0)
}
