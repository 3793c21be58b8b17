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
pub const CHAOS_GC_EVERY: u32 = 499;

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

/// The chaos seeds of CI's `vectors` step; see Note [Chaos seeds in CI].
pub const CI_CHAOS_SEEDS: &[u64] = &[1, 2];

// Note [Chaos seeds in CI]
// ~~~~~~~~~~~~~~~~~~~~~~~~
// The `vectors` step of `cargo xtask test` runs, for each vector of the
// pairwise covering set, the runtime crates' tests and then the program
// suite with `hsrts` built with the same features (back to back, so the
// runtime crates are compiled once for both). The suite runs under chaos
// only: `+RTS --chaos-gc=499 --chaos-switch=SEED`. The plain run is the
// `programs` step's (default vector, natively, on wasm and with -DS), and
// a chaos run checks everything a plain run does (the same expected output)
// while also shaking GC timing and thread interleaving.
//
// The seeds alternate over the vectors that run the suite (vectors under
// `interp-none` have no interpreter and are left out by a mark): each vector
// runs under one seed and each seed runs on half the vectors. Two seeds on
// every vector would double the step's run time for little: a seed is not
// tied to a feature, and the runs of all seeds are compared with each other
// (differential group `chaos`), so a seed-dependent output still shows. For
// both seeds (or more) on every vector, run
// `cargo xtask matrix --programs --chaos 1 --chaos 2` (plus a plain run).

/// The chaos variant for the `n`-th vector that runs the suite.
pub fn ci_chaos_variant(n: usize) -> Variant {
    Variant::chaos(CI_CHAOS_SEEDS[n % CI_CHAOS_SEEDS.len()], CHAOS_GC_EVERY)
}

/// The `vectors` step of `cargo xtask test`: on each vector of the pairwise
/// covering set, the runtime crates' tests, then the program suite under
/// one chaos seed; finally the differential comparison of every chaos run.
pub fn vectors_step(ws: &Workspace, vectors: &[Vector]) -> Vec<StepResult> {
    let start = Instant::now();
    let cpu_start = report::children_cpu();
    let mut results = Vec::new();
    let mut programs = programs::ProgramMatrix::new(ws);
    let mut suites = 0;
    for v in vectors {
        results.push(steps::runtime_tests(ws, "vectors", v));
        let variant = ci_chaos_variant(suites);
        if programs::ProgramMatrix::runs_under(v) {
            suites += 1;
        }
        results.extend(programs.run_vector(ws, v, &[variant]));
    }
    results.extend(programs.differential());
    let cpu = match (cpu_start, report::children_cpu()) {
        (Some(a), Some(b)) => format!(", {} CPU", report::format_duration(b.saturating_sub(a))),
        _ => String::new(),
    };
    println!(
        "\n== vectors: {} vectors (runtime tests + program suite under chaos) in {}{cpu}",
        vectors.len(),
        report::format_duration(start.elapsed())
    );
    results
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
    fn ci_chaos_seeds_alternate_over_the_vectors_that_run_the_suite() {
        let seeds: Vec<Vec<String>> = (0..4).map(|n| ci_chaos_variant(n).rts).collect();
        assert_eq!(seeds[0], seeds[2]);
        assert_eq!(seeds[1], seeds[3]);
        assert_ne!(seeds[0], seeds[1]);
        for n in 0..4 {
            let v = ci_chaos_variant(n);
            assert_eq!(v.group, "chaos");
            assert!(v.rts.contains(&format!("--chaos-gc={CHAOS_GC_EVERY}")));
        }
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
