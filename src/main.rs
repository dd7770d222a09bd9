//! The `crosscheck` binary: one exit point that prints the error chain.

/// `eprintln!` that cannot panic: a line for stderr, dropped when stderr
/// cannot take it (closed, a full disk, `2>&1 | head`), where `eprintln!`
/// would panic. Nothing else can be told then anyway.
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod cli;

/// jemalloc instead of the system allocator: the pipeline keeps every text
/// and shingle set of a run while it makes many short-lived strings, and
/// glibc grows each thread's heap one `mprotect` call at a time (README,
/// "Performance": less CPU at the same output).
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use clap::Parser;

fn main() {
    let parsed = cli::Cli::parse();
    let code = match cli::run(parsed) {
        Ok(code) => code,
        // a reader that stopped reading (`| head`) ends the run quietly, as
        // it would end `cat`: nothing was wrong with the input
        Err(err) if closed_pipe(&err) => 0,
        Err(err) => {
            let mut msg = format!("{err}");
            for cause in err.chain().skip(1) {
                msg.push_str(&format!("\n  caused by: {cause}"));
            }
            // errors quote what the user gave (file names, rule values,
            // claim ids): no escape sequence of theirs reaches the terminal
            let msg = crosscheck::report::sanitize::terminal(&msg);
            if msg.starts_with("error: ") {
                stderr_line!("{msg}");
            } else {
                stderr_line!("error: {msg}");
            }
            2
        }
    };
    std::process::exit(code);
}

/// Whether `err` comes from writing to a pipe whose reader has gone.
fn closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}
