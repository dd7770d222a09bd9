//! Command-line interface: argument parsing and the commands. The only
//! place that prints, and the only place with `anyhow` context.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use crosscheck::model::{Analysis, Verdict};
use crosscheck::report::diff::{self, render as diff_render};
use crosscheck::report::{self, explain, Format, RenderOptions, VerdictFilter};
use crosscheck::rules::{self, load, RuleSet};
use output::{ColorChoice, OutputArgs};
use std::path::PathBuf;
use timings::{Timings, TimingsArg};

mod generate;
mod inputs;
mod output;
mod rules_cmd;
mod stream_cmd;
mod timings;

/// Cross-verify numeric claims across news outlets.
///
/// Exit codes: 0 ok; 1 findings or changes under --fail-on / --fail-on-change,
/// or a failed rule self-test; 2 a usage, rule or input error.
#[derive(Debug, Parser)]
#[command(name = "crosscheck", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Worker threads (default: one per processor, or RAYON_NUM_THREADS). Files are read by up to eight
    /// threads of their own besides. One thread per process when several crosscheck processes share a machine.
    #[arg(long, short = 'j', global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Consistency report over articles: agreements, conflicts, updates, single sources.
    Report(ReportArgs),
    /// List the claims extracted from articles.
    Claims(ClaimsArgs),
    /// Explain one claim: sentence, rule, lexicon entries, qualifier, value, topic or event.
    Explain(ExplainArgs),
    /// Compare two JSON reports: claims added, removed, changed; verdicts changed.
    Diff(DiffArgs),
    /// The reduce step: a report from claims streams (`claims --format jsonl`) made elsewhere.
    Align(AlignArgs),
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
    /// Extra rule folder or file, loaded after the base set; repeatable, later wins by id.
    #[arg(long = "rules", value_name = "DIR_OR_FILE")]
    rules: Vec<PathBuf>,
    /// Do not load the base set (./rules or the built-in rules); only --rules folders.
    #[arg(long, requires = "rules")]
    no_default_rules: bool,
}

impl RuleArgs {
    pub(crate) fn load(&self) -> Result<RuleSet> {
        let sources = load::resolve_sources(&self.rules, self.no_default_rules)?;
        Ok(rules::compile(&sources)?)
    }
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// Terminal table (colour on a terminal unless NO_COLOR).
    Table,
    /// The JSON report contract (schema/report.schema.json).
    Json,
    /// Markdown for a wiki: findings table and per-topic detail.
    Markdown,
    /// CSV, one row per claim.
    Csv,
    /// One self-contained HTML page.
    Html,
    /// schema.org ClaimReview JSON-LD drafts, one per conflicting topic.
    #[value(name = "claimreview")]
    ClaimReview,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Csv => Format::Csv,
            FormatArg::Html => Format::Html,
            FormatArg::ClaimReview => Format::ClaimReview,
        }
    }
}

/// A verdict named on the command line (`--only`, `--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum VerdictArg {
    /// Figures that cannot both be true.
    Conflict,
    /// A later figure superseding an earlier one.
    Update,
    /// A figure only one outlet gives.
    #[value(name = "single_source", alias = "single-source")]
    SingleSource,
    /// A figure only copies of one story give.
    #[value(name = "same_source", alias = "same-source")]
    SameSource,
    /// Independent sources giving compatible figures.
    Agree,
}

impl From<VerdictArg> for Verdict {
    fn from(v: VerdictArg) -> Self {
        match v {
            VerdictArg::Conflict => Verdict::Conflict,
            VerdictArg::Update => Verdict::Update,
            VerdictArg::SingleSource => Verdict::SingleSource,
            VerdictArg::SameSource => Verdict::SameSource,
            VerdictArg::Agree => Verdict::Agree,
        }
    }
}

/// `--fail-on` values: the verdicts that make `report` exit 1 (every one
/// but `agree`), and `skipped`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FailOn {
    /// Findings with this verdict.
    Verdict(VerdictArg),
    /// An input file or line that could not be read.
    Skipped,
}

impl ValueEnum for FailOn {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            FailOn::Verdict(VerdictArg::Conflict),
            FailOn::Verdict(VerdictArg::Update),
            FailOn::Verdict(VerdictArg::SingleSource),
            FailOn::Verdict(VerdictArg::SameSource),
            FailOn::Skipped,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        match self {
            FailOn::Verdict(v) => v.to_possible_value(),
            FailOn::Skipped => Some(
                clap::builder::PossibleValue::new("skipped")
                    .help("An input file or line that could not be read (the report covers the rest)"),
            ),
        }
    }
}

impl FailOn {
    /// The verdict this value fails on; `None` for `skipped`.
    fn verdict(self) -> Option<Verdict> {
        match self {
            FailOn::Verdict(v) => Some(v.into()),
            FailOn::Skipped => None,
        }
    }
}

#[derive(Debug, Args)]
struct Input {
    /// Article files or folders (read recursively: *.txt, *.md); `-` reads one article from standard input.
    #[arg(value_name = "PATH", required_unless_present_any = ["jsonl", "files_from"])]
    paths: Vec<PathBuf>,
    /// JSON Lines input, one article per line ({"text": …, "outlet": …, "url": …, "published": …, "id": …, "event": …, "path": …}); `-` is standard input. Repeatable. A record's path defaults to FILE:LINE.
    #[arg(long, value_name = "FILE")]
    jsonl: Vec<PathBuf>,
    /// Article files or folders listed in FILE, one per line (`-` is standard input), read as if given as
    /// PATHs after the others: for lists longer than a command line holds, as a map step's slice of a corpus
    /// is. Blank lines are skipped; a list with NUL bytes (`find -print0`) is split at them instead. Repeatable.
    #[arg(long, value_name = "FILE")]
    files_from: Vec<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
}

impl Input {
    /// The article paths: the PATH arguments, then those the `--files-from`
    /// lists name, in order. Standard input is read once at most: by `-`,
    /// `--jsonl -` or `--files-from -`.
    fn paths(&self) -> Result<Vec<PathBuf>> {
        inputs::check_stdin_once(&self.paths, &self.jsonl, &self.files_from)?;
        let mut paths = self.paths.clone();
        for list in &self.files_from {
            paths.extend(inputs::read_path_list(list)?);
        }
        if paths.is_empty() && self.jsonl.is_empty() {
            bail!("no article to read: the --files-from list(s) name no file or folder");
        }
        Ok(paths)
    }

    /// How many inputs were given, for a message: paths and JSON Lines inputs.
    fn count(paths: &[PathBuf], jsonl: &[PathBuf]) -> usize {
        paths.len() + jsonl.len()
    }
}

#[derive(Debug, Args)]
struct ReportArgs {
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    show: ReportOutput,
    #[command(flatten)]
    timings: TimingsArg,
}

#[derive(Debug, Args)]
struct AlignArgs {
    /// Claims streams written by `claims --format jsonl` (`-` is standard input), one per shard, or several
    /// concatenated. An output cut short (no end record) or that lost lines is listed as skipped; streams made
    /// with other rules than each other or than this run are named in a warning.
    #[arg(value_name = "CLAIMS_JSONL", required = true)]
    streams: Vec<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
    #[command(flatten)]
    show: ReportOutput,
    #[command(flatten)]
    timings: TimingsArg,
}

/// How a report is shown: format, width, colour, --fail-on and where it goes.
#[derive(Debug, Args)]
struct ReportOutput {
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: FormatArg,
    /// Table width in columns (default: the terminal's, else 100).
    #[arg(long)]
    width: Option<u16>,
    /// Colour the table's verdicts.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Exit 1 when a finding has this verdict (repeatable or comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "VERDICT")]
    fail_on: Vec<FailOn>,
    /// List only the topics with a finding of this verdict, each shown whole (repeatable or comma-separated;
    /// table, markdown and html). The summary still counts everything; --fail-on still sees every finding.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "VERDICT")]
    only: Vec<VerdictArg>,
    #[command(flatten)]
    output: OutputArgs,
}

impl ReportOutput {
    /// The topics to list.
    fn filter(&self) -> VerdictFilter {
        VerdictFilter::only(self.only.iter().map(|&o| Verdict::from(o)))
    }

    /// Refuses, before any input is read, a verdict filter for a format
    /// that is not filtered.
    fn check(&self) -> Result<()> {
        let format = Format::from(self.format);
        if !self.filter().is_all() && !format.filterable() {
            bail!(
                "--only lists topics in the table, markdown and html reports; the {format} report carries every \
                 finding, for a program to select from (jq for JSON, a spreadsheet's filter for CSV)"
            );
        }
        Ok(())
    }
}

/// `diff --format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormatArg {
    /// Tables of changed claims and verdicts.
    Table,
    /// The changes as JSON.
    Json,
}

/// `claims --format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ClaimsFormatArg {
    /// One table per document.
    Table,
    /// Documents and claims as JSON.
    Json,
    /// One row per claim.
    Csv,
    /// Claims records, one JSON object per line, streamed (the map step; read back by `align`).
    Jsonl,
}

#[derive(Debug, Args)]
struct ClaimsArgs {
    #[command(flatten)]
    input: Input,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ClaimsFormatArg,
    /// Table width in columns (default: the terminal's, else 100).
    #[arg(long)]
    width: Option<u16>,
    /// Explain every claim (sentence, rule, lexicon, qualifier, topic) instead of listing them.
    #[arg(long, conflicts_with = "format")]
    explain: bool,
    /// With `--format jsonl` over files and folders: megabytes of article text kept in memory from the
    /// first read of the files [default: 256]. The files past it are read a second time, a batch at a
    /// time; 0 reads every file twice and holds the least. Refused where there is no file to read twice.
    #[arg(long, value_name = "MB")]
    keep_text: Option<usize>,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    timings: TimingsArg,
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// The claim id, as listed by `claims` or the JSON report (`001_9fe7e48c4840678f:3`).
    #[arg(value_name = "CLAIM_ID")]
    claim: String,
    #[command(flatten)]
    input: Input,
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The report before (`report --format json`).
    old: PathBuf,
    /// The report after.
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: DiffFormatArg,
    /// Table width in columns (default: the terminal's, else 100).
    #[arg(long)]
    width: Option<u16>,
    /// Exit 1 when anything changed.
    #[arg(long)]
    fail_on_change: bool,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the parsed command; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    if let Some(threads) = cli.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(threads))
            .build_global()
            .with_context(|| format!("starting {threads} worker thread(s)"))?;
    }
    match cli.command {
        Command::Report(args) => report_cmd(&args),
        Command::Claims(args) => claims_cmd(&args),
        Command::Explain(args) => explain_cmd(&args),
        Command::Diff(args) => diff_cmd(&args),
        Command::Align(args) => align_cmd(&args),
        Command::Rules(cmd) => rules_cmd::run(cmd),
        Command::Generate(args) => generate::run(&args),
    }
}

/// Loads rules and articles; an input without any readable article is an
/// error. Its stages are laps of `timings`: rules, load, extract, align.
fn analyze(input: &Input, timings: &mut Timings) -> Result<(RuleSet, Analysis)> {
    let paths = input.paths()?;
    let rules = input.rules.load()?;
    timings.lap("rules");
    let loaded = inputs::load_all(&paths, &input.jsonl, &rules)?;
    timings.articles(loaded.documents.len(), Some(loaded.documents.iter().map(|d| d.text.len()).sum()));
    timings.lap("load");
    let analysis = crosscheck::analyze_loaded_in_stages(loaded, &rules, |stage| timings.lap(stage));
    warn(&analysis);
    if analysis.documents.is_empty() {
        bail!("no readable article among the {} input(s) given", Input::count(&paths, &input.jsonl));
    }
    count_skipped(&analysis);
    Ok((rules, analysis))
}

/// Says how many inputs were skipped, if any, after they were listed.
fn count_skipped(analysis: &Analysis) {
    if !analysis.skipped.is_empty() {
        let (n, read) = (analysis.skipped.len(), analysis.documents.len());
        stderr_line!("crosscheck: {n} input(s) skipped (listed above); the report covers the {read} article(s) read");
    }
}

/// Prints the analysis' warnings and skipped inputs on stderr, one line each.
fn warn(analysis: &Analysis) {
    for w in &analysis.warnings {
        stderr_line!("warning: {}", report::sanitize::terminal(w));
    }
    for s in &analysis.skipped {
        stderr_line!(
            "warning: skipped {}: {}",
            report::sanitize::terminal(&s.path.display().to_string()),
            report::sanitize::terminal(&s.reason)
        );
    }
}

fn report_cmd(args: &ReportArgs) -> Result<i32> {
    args.show.check()?;
    let mut timings = Timings::new(&args.timings);
    let (_, mut analysis) = analyze(&args.input, &mut timings)?;
    // Only the HTML report shows the sentences around quotes; the others
    // free the texts before rendering (at scale, most of the memory).
    if Format::from(args.show.format) != Format::Html {
        analysis.drop_texts();
    }
    let code = show_report(&analysis, &args.show)?;
    timings.lap("render");
    leave_for_exit(analysis);
    timings.print();
    Ok(code)
}

/// Leaves `analysis` to be freed with the process, which ends next: freeing
/// its millions of small allocations one by one took 1–2% of a report's
/// time and frees nothing the process still needs.
fn leave_for_exit(analysis: Analysis) {
    std::mem::forget(analysis);
}

fn align_cmd(args: &AlignArgs) -> Result<i32> {
    args.show.check()?;
    let mut timings = Timings::new(&args.timings);
    let rules = args.rules.load()?;
    timings.lap("rules");
    let analysis = stream_cmd::reduce(&args.streams, &rules, |stage| timings.lap(stage))?;
    warn(&analysis);
    if analysis.documents.is_empty() {
        bail!("no document record in the {} claims stream(s) given", args.streams.len());
    }
    timings.articles(analysis.documents.len(), None);
    count_skipped(&analysis);
    let code = show_report(&analysis, &args.show)?;
    timings.lap("render");
    leave_for_exit(analysis);
    timings.print();
    Ok(code)
}

/// Renders and writes a report; 1 when a finding has a `--fail-on` verdict.
fn show_report(analysis: &Analysis, show: &ReportOutput) -> Result<i32> {
    let options = RenderOptions { width: show.output.width(show.width), color: show.output.color(show.color), only: show.filter() };
    // written as it is made: for 100,000 articles, hundreds of MB
    show.output.stream(|w| Ok(report::write(analysis, show.format.into(), &options, w)?))?;
    let fail_on: Vec<Verdict> = show.fail_on.iter().filter_map(|f| f.verdict()).collect();
    let failing: Vec<_> = analysis.findings.iter().filter(|f| fail_on.contains(&f.verdict)).collect();
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for f in failing {
        match counts.iter_mut().find(|(v, _)| *v == f.verdict.as_str()) {
            Some((_, n)) => *n += 1,
            None => counts.push((f.verdict.as_str(), 1)),
        }
    }
    if show.fail_on.contains(&FailOn::Skipped) && !analysis.skipped.is_empty() {
        counts.push(("skipped", analysis.skipped.len()));
    }
    if counts.is_empty() {
        return Ok(0);
    }
    let said: Vec<String> = counts.iter().map(|(v, n)| format!("{n} {v}")).collect();
    stderr_line!("crosscheck: failing on {} (--fail-on)", said.join(", "));
    Ok(1)
}

fn claims_cmd(args: &ClaimsArgs) -> Result<i32> {
    let mut timings = Timings::new(&args.timings);
    let format = match args.format {
        ClaimsFormatArg::Jsonl => {
            let paths = args.input.paths()?;
            if args.keep_text.is_some() && paths.iter().all(|p| inputs::is_stdin(p)) {
                bail!("--keep-text is for files and folders; JSON Lines and standard input are read in batches already");
            }
            let rules = args.input.rules.load()?;
            timings.lap("rules");
            let kept_text_bytes = args.keep_text.map_or(stream_cmd::KEPT_TEXT_BYTES, |mb| mb.saturating_mul(1 << 20));
            let written = stream_cmd::map(&paths, &args.input.jsonl, &rules, &args.output, kept_text_bytes)?;
            if written == 0 {
                bail!("no readable article among the {} input(s) given", Input::count(&paths, &args.input.jsonl));
            }
            // reading, extracting and writing go batch by batch: one stage
            timings.lap("map");
            timings.articles(written, None);
            timings.print();
            return Ok(0);
        }
        ClaimsFormatArg::Table => Format::Table,
        ClaimsFormatArg::Json => Format::Json,
        ClaimsFormatArg::Csv => Format::Csv,
    };
    if args.keep_text.is_some() {
        bail!("--keep-text is for the map step, `claims --format jsonl`; the other formats hold every article");
    }
    let (rules, mut analysis) = analyze(&args.input, &mut timings)?;
    if args.explain {
        args.output.stream(|w| explain::write_all(&analysis, &rules, w).context("writing the explanations"))?;
    } else {
        // the listing shows no article text: freed first, as `report` does
        analysis.drop_texts();
        let options = RenderOptions { width: args.output.width(args.width), ..RenderOptions::default() };
        args.output.stream(|w| Ok(report::write_claims(&analysis, format, &options, w)?))?;
    }
    timings.lap("render");
    leave_for_exit(analysis);
    timings.print();
    Ok(0)
}

fn explain_cmd(args: &ExplainArgs) -> Result<i32> {
    let (rules, analysis) = analyze(&args.input, &mut Timings::new(&TimingsArg { timings: false }))?;
    let out = explain::explain(&analysis, &rules, &args.claim)?;
    OutputArgs { output: None, force: false }.write(&out)?;
    Ok(0)
}

fn diff_cmd(args: &DiffArgs) -> Result<i32> {
    let read = |path: &PathBuf| -> Result<report::model::Report> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        diff::parse_report_bytes(&bytes).with_context(|| format!("reading {}", path.display()))
    };
    let (old, new) = (read(&args.old)?, read(&args.new)?);
    let d = diff::diff(&old, &new);
    let out = match args.format {
        DiffFormatArg::Table => diff_render::table(&d, args.output.width(args.width)),
        DiffFormatArg::Json => diff_render::json(&d)?,
    };
    args.output.write(&out)?;
    Ok(if args.fail_on_change && !d.is_empty() { 1 } else { 0 })
}
