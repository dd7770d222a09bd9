//! The `crosscheck` binary: one exit point that prints the error chain.

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
        Err(err) => {
            let mut msg = format!("{err}");
            for cause in err.chain().skip(1) {
                msg.push_str(&format!("\n  caused by: {cause}"));
            }
            if msg.starts_with("error: ") {
                eprintln!("{msg}");
            } else {
                eprintln!("error: {msg}");
            }
            2
        }
    };
    std::process::exit(code);
}
