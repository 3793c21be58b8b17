//! `cargo xtask matrix`: tests over many feature vectors, and the shared end
//! of every command (summary table, exit status).
//!
//! A vector's check is the runtime crates' tests (`steps::runtime_tests`);
//! with `--programs` it is the program suite instead, run by `hsrts` built
//! with the vector and compared across vectors (`programs.rs`), plainly and
//! under each `--chaos SEED`.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use crate::programs::{self, Variant};
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
    /// Run the program suite instead of the runtime crates' tests.
    programs: bool,
    /// Chaos seeds: each adds a run of the program suite under
    /// `+RTS --chaos-gc=N --chaos-switch=SEED -RTS`.
    chaos_seeds: Vec<u64>,
}

/// `--chaos-gc` used with every `--chaos SEED`: a forced collection every
/// this many allocation safe points (often enough to move every young
/// object, rarely enough that the suite stays fast).
pub const CHAOS_GC_EVERY: u32 = 97;

fn parse_options(args: &[String]) -> Result<MatrixOptions, CliError> {
    let mut all = false;
    let mut named = Vec::new();
    let mut list_only = false;
    let mut programs = false;
    let mut chaos_seeds = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--all" => all = true,
            "--list" => list_only = true,
            "--programs" => programs = true,
            "--chaos" => {
                let value = iter
                    .next()
                    .ok_or_else(|| CliError("--chaos needs a seed".to_owned()))?;
                chaos_seeds.push(
                    value
                        .parse()
                        .map_err(|_| CliError(format!("bad --chaos seed `{value}`")))?,
                );
            }
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
    if !chaos_seeds.is_empty() && !programs {
        return Err(CliError("--chaos needs --programs".to_owned()));
    }
    Ok(MatrixOptions {
        selection,
        list_only,
        programs,
        chaos_seeds,
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
    let results: Vec<StepResult> = if options.programs {
        let mut variants = vec![Variant::plain()];
        variants.extend(
            options
                .chaos_seeds
                .iter()
                .map(|&seed| Variant::chaos(seed, CHAOS_GC_EVERY)),
        );
        programs::program_matrix(ws, &vectors, &variants)
    } else {
        vectors.iter().map(|v| check_vector(ws, v)).collect()
    };
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
                list_only: true,
                programs: false,
                chaos_seeds: Vec::new(),
            }
        );
        let chaos =
            parse_options(&strings(&["--programs", "--chaos", "1", "--chaos", "2"])).unwrap();
        assert!(chaos.programs);
        assert_eq!(chaos.chaos_seeds, vec![1, 2]);
        assert!(parse_options(&strings(&["--chaos", "1"])).is_err());
        assert!(parse_options(&strings(&["--programs", "--chaos", "x"])).is_err());
        assert!(parse_options(&strings(&["--all", "--vector", "a"])).is_err());
        assert!(parse_options(&strings(&["--vector"])).is_err());
        assert!(parse_options(&strings(&["--quick"])).is_err());
    }
}
