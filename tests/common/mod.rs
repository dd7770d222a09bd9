//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the built `crosscheck` binary with `args` from `cwd`.
pub fn run_in(cwd: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_crosscheck")).args(args).current_dir(cwd).output().expect("run crosscheck")
}

/// Runs the built binary from the repository root.
pub fn run(args: &[&str]) -> std::process::Output {
    run_in(&root(), args)
}

/// The JSON report of the real binary over `paths` (built-in rules).
pub fn json_report(paths: &[PathBuf]) -> serde_json::Value {
    let mut args: Vec<String> = vec!["report".into(), "--format".into(), "json".into()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&refs);
    assert!(out.status.success(), "crosscheck failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("report is JSON")
}
