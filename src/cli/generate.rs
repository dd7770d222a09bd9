//! `crosscheck generate` (hidden): a deterministic synthetic corpus.

use super::output::write_file_with;
use anyhow::{bail, Context, Result};
use clap::Args;
use crosscheck::generate::{file_path, Generator};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of documents.
    #[arg(long)]
    docs: usize,
    /// Seed: the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write `dNNN/ID.txt` files into (must be empty or absent).
    #[arg(long, value_name = "DIR", required_unless_present = "jsonl", conflicts_with = "jsonl")]
    out: Option<PathBuf>,
    /// Write JSON Lines to FILE instead (`-` for stdout; refuses an existing file without --force).
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// Replace the --jsonl FILE if it exists.
    #[arg(long, conflicts_with = "out")]
    force: bool,
}

pub fn run(args: &GenerateArgs) -> Result<i32> {
    let docs = Generator::new(args.docs, args.seed);
    if let Some(dir) = &args.out {
        if dir.exists() && std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?.next().is_some() {
            bail!("{} is not empty: give a new or empty folder", dir.display());
        }
        for (i, doc) in docs.enumerate() {
            let path = file_path(dir, i, &doc.id);
            if i % 1000 == 0 {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
                }
            }
            std::fs::write(&path, doc.file_text()).with_context(|| format!("writing {}", path.display()))?;
        }
    } else if let Some(file) = &args.jsonl {
        let write = |out: &mut dyn Write| -> Result<()> {
            for doc in docs {
                out.write_all(doc.jsonl().as_bytes()).context("writing JSON Lines")?;
            }
            out.flush().context("writing JSON Lines")
        };
        if file.as_os_str() == "-" {
            write(&mut std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock()))?;
        } else {
            // as every output file: written whole beside it, then renamed
            // into place; an existing file only with --force
            write_file_with(file, args.force, write)?;
        }
    }
    Ok(0)
}
