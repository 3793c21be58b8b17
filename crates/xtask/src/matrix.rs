//! `cargo xtask matrix`: tests over many feature vectors, and the shared end
//! of every command (summary table, exit status).
//!
//! Today a vector's check is the runtime crates' tests
//! (`steps::runtime_tests`). The differential-testing issue adds, per
//! vector, a build of the program-suite runner and a comparison of every
//! program's output across vectors; that belongs here, as another check in
//! `check_vector`, reusing the same vector sets and summary.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use crate::report::{self, StepResult};
use crate::vector::{self, Vector};
use crate::{CliError, Workspace, setup, steps};

/// Which vectors `matrix` runs.
#[derive(Debug, PartialEq, Eq)]
enum Selection {
    Pairwise,
    All,
    Named(Vec<String>),
}

#[derive(Debug, PartialEq, Eq)]
struct MatrixOptions {
    selection: Selection,
    list_only: bool,
}

fn parse_options(args: &[String]) -> Result<MatrixOptions, CliError> {
    let mut all = false;
    let mut named = Vec::new();
    let mut list_only = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--all" => all = true,
            "--list" => list_only = true,
            "--vector" => {
                let value = iter
                    .next()
                    .ok_or_else(|| CliError("--vector needs a feature list".to_owned()))?;
                named.push(value.clone());
            }
            other => return Err(CliError(format!("unknown option `{other}` for `matrix`"))),
        }
    }
    let selection = match (all, named.is_empty()) {
        (true, false) => return Err(CliError("--all and --vector exclude each other".to_owned())),
        (true, true) => Selection::All,
        (false, false) => Selection::Named(named),
        (false, true) => Selection::Pairwise,
    };
    Ok(MatrixOptions {
        selection,
        list_only,
    })
}

pub fn matrix_command(ws: &Workspace, args: &[String]) -> Result<ExitCode, CliError> {
    let options = parse_options(args)?;
    let start = Instant::now();
    let axes = vector::read_axes(&ws.root).map_err(|e| CliError(e.to_string()))?;
    let (title, vectors) = match &options.selection {
        Selection::Pairwise => ("pairwise covering set", vector::pairwise_vectors(&axes)),
        Selection::All => ("every vector", vector::all_vectors(&axes)),
        Selection::Named(names) => {
            let parsed: Result<Vec<Vector>, _> = names
                .iter()
                .map(|n| vector::parse_vector(&axes, n))
                .collect();
            (
                "named vectors",
                parsed.map_err(|e| CliError(e.to_string()))?,
            )
        }
    };
    print_vectors(title, &vectors);
    if options.list_only {
        return Ok(ExitCode::SUCCESS);
    }
    let results: Vec<StepResult> = vectors.iter().map(|v| check_vector(ws, v)).collect();
    Ok(finish(&results, start))
}

/// Everything `matrix` checks on one vector.
fn check_vector(ws: &Workspace, v: &Vector) -> StepResult {
    steps::runtime_tests(ws, "matrix", v)
}

pub fn print_vectors(title: &str, vectors: &[Vector]) {
    // Written, not `println!`ed: `cargo xtask matrix --list | head` closes
    // the pipe early, which is not an error worth a panic.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{title}: {} vectors", vectors.len());
    for (i, v) in vectors.iter().enumerate() {
        if writeln!(out, "  {:>3}  {v}", i + 1).is_err() {
            return;
        }
    }
}

/// Prints the summary (its last line is `N passed, N failed`) and turns the
/// results into the exit status.
pub fn finish(results: &[StepResult], start: Instant) -> ExitCode {
    if let Some(version) = setup::wasmtime_version() {
        println!("\n(wasmtime: {version})");
    }
    println!("\n{}", report::summary(results, start.elapsed()));
    if results.iter().all(StepResult::ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn matrix_options() {
        assert_eq!(parse_options(&[]).unwrap().selection, Selection::Pairwise);
        assert_eq!(
            parse_options(&strings(&["--all"])).unwrap().selection,
            Selection::All
        );
        let named = parse_options(&strings(&["--vector", "a", "--vector", "b", "--list"])).unwrap();
        assert_eq!(
            named,
            MatrixOptions {
                selection: Selection::Named(strings(&["a", "b"])),
                list_only: true
            }
        );
        assert!(parse_options(&strings(&["--all", "--vector", "a"])).is_err());
        assert!(parse_options(&strings(&["--vector"])).is_err());
        assert!(parse_options(&strings(&["--quick"])).is_err());
    }
}
