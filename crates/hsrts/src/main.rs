//! The `hsrts` command-line tool. Today it has one real subcommand, `info`;
//! `run` and `build` (DESIGN.md, "How a program flows") slot into
//! [`cli::Command`] and get a module each, as `info` has.
//!
//! This file only turns the parsed command into work and the outcome into
//! an exit status; parsing is in [`cli`], each subcommand in its module.

mod cli;
mod info;

use std::process::ExitCode;

use cli::Command;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::parse(&args) {
        Ok(Command::Info) => {
            print!("{}", info::render(&info::fields()));
            ExitCode::SUCCESS
        }
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!("hsrts {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("hsrts: {e}");
            eprintln!("{}", cli::USAGE);
            ExitCode::from(cli::USAGE_ERROR_STATUS)
        }
    }
}
