//! The `crosscheck` binary: one exit point that prints the error chain.

mod cli;

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
