//! `cargo xtask bench`: the benchmark programs (tests/programs/ with a
//! `-- bench-args:` line)
//! under hsrts (native and on wasmtime) side by side with GHC (GHCi, -O0,
//! -O2), in one invocation, interleaved; median times, ratio tables,
//! maximum residency, and docs/performance.md with an SVG chart.
//!
//! Modules: `program` (the programs and their headers), `system` (how each
//! system compiles and runs a program), `measure` (one timed process),
//! `run` (the interleaved loop and output checking), `results` (what was
//! measured), `stats` (median, ratios, `+RTS -s` parsing), `table` and
//! `chart` (Markdown and SVG), `doc` (docs/performance.md), `tools`
//! (GHC, hsrts, machine context).
//!
//! Not part of `cargo xtask test` (it takes minutes); its functions are
//! unit-tested by `cargo test -p xtask`.

mod chart;
mod ctx;
mod doc;
pub(crate) mod measure;
mod program;
mod results;
mod run;
mod stats;
mod system;
mod table;
mod tools;

use std::process::ExitCode;

use crate::{CliError, Workspace};
use results::{Cell, Clock};
use run::Plan;
use system::System;

/// Options of `cargo xtask bench`.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchOptions {
    pub runs: usize,
    pub only: Vec<String>,
    pub systems: Vec<System>,
    pub quick: bool,
    pub timeout_seconds: f64,
    pub build: bool,
    pub write_docs: bool,
    pub clock: Clock,
    pub slow_seconds: f64,
    /// `--ctx`: measure the context-switch implementations instead (ctx.rs).
    pub ctx: bool,
    /// `--capi`: measure the cost of a call from C instead (capi.rs).
    pub capi: bool,
}

/// Serialises the tests that time child processes: CPU time is measured
/// over all of this process's children, so concurrent tests would count
/// each other's work.
#[cfg(test)]
pub static TIMED_CHILDREN: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub fn parse_bench_options(args: &[String]) -> Result<BenchOptions, CliError> {
    let mut runs = None;
    let mut only = Vec::new();
    let mut systems = Vec::new();
    let mut quick = false;
    let mut timeout_seconds = 300.0;
    let mut build = true;
    let mut write = None;
    let mut clock = Clock::Cpu;
    let mut slow_seconds = 60.0;
    let mut ctx = false;
    let mut capi = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |what: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| CliError(format!("{arg} needs {what}")))
        };
        match arg.as_str() {
            "--runs" => {
                let n = value("a number")?;
                runs = Some(
                    n.parse::<usize>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| CliError(format!("--runs {n}: not a positive number")))?,
                );
            }
            "--only" => only.push(value("a program name")?),
            "--system" => {
                let name = value("a system name")?;
                let system = System::from_name(&name).ok_or_else(|| {
                    let names: Vec<&str> = System::ALL.iter().map(|s| s.name()).collect();
                    CliError(format!(
                        "unknown system `{name}` (systems: {})",
                        names.join(", ")
                    ))
                })?;
                if !systems.contains(&system) {
                    systems.push(system);
                }
            }
            "--quick" => quick = true,
            "--ctx" => ctx = true,
            "--capi" => capi = true,
            "--timeout" => {
                let t = value("seconds")?;
                timeout_seconds = t
                    .parse::<f64>()
                    .ok()
                    .filter(|t| t.is_finite() && *t > 0.0)
                    .ok_or_else(|| CliError(format!("--timeout {t}: not a positive number")))?;
            }
            "--clock" => {
                clock = match value("cpu or wall")?.as_str() {
                    "cpu" => Clock::Cpu,
                    "wall" => Clock::Wall,
                    other => {
                        return Err(CliError(format!("--clock {other}: expected cpu or wall")));
                    }
                }
            }
            "--slow" => {
                let t = value("seconds")?;
                slow_seconds = t
                    .parse::<f64>()
                    .ok()
                    .filter(|t| t.is_finite() && *t >= 0.0)
                    .ok_or_else(|| CliError(format!("--slow {t}: not a number of seconds")))?;
            }
            "--no-build" => build = false,
            "--write" => write = Some(true),
            "--no-write" => write = Some(false),
            other => return Err(CliError(format!("unknown option `{other}` for `bench`"))),
        }
    }
    let full = !quick && only.is_empty() && systems.is_empty();
    if systems.is_empty() {
        systems = System::DEFAULT.to_vec();
    } else {
        systems.sort_by_key(|s| System::ALL.iter().position(|a| a == s));
    }
    Ok(BenchOptions {
        runs: runs.unwrap_or(if quick { 1 } else { 5 }),
        only,
        systems,
        quick,
        timeout_seconds,
        build,
        write_docs: write.unwrap_or(full),
        clock,
        slow_seconds,
        ctx,
        capi,
    })
}

pub fn bench_command(ws: &Workspace, args: &[String]) -> Result<ExitCode, CliError> {
    let options = parse_bench_options(args)?;
    if options.capi {
        return Ok(if crate::capi::bench_command(ws) {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    if options.ctx {
        let mut command_line = String::from("cargo xtask bench");
        for arg in args {
            command_line.push(' ');
            command_line.push_str(arg);
        }
        let all_measured = ctx::ctx_command(ws, &options, command_line)?;
        return Ok(if all_measured {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    let start = std::time::Instant::now();
    let mut programs = program::load_programs().map_err(CliError)?;
    if !options.only.is_empty() {
        if let Some(unknown) = options
            .only
            .iter()
            .find(|n| !programs.iter().any(|p| &&p.name == n))
        {
            let names: Vec<&str> = programs.iter().map(|p| p.name.as_str()).collect();
            return Err(CliError(format!(
                "no benchmark program `{unknown}` (programs: {})",
                names.join(", ")
            )));
        }
        programs.retain(|p| options.only.contains(&p.name));
    }
    let ghc_version = tools::ensure_ghc().map_err(CliError)?;
    println!("ghc {ghc_version}");
    let want_hsrts = options.systems.iter().any(|s| s.is_hsrts());
    let want_wasm = options.systems.contains(&System::HsrtsWasm);
    let want_compiled = options.systems.contains(&System::HsrtsCompiled);
    let mut tools = tools::find_tools(ws, want_hsrts, want_wasm, options.build);
    if want_compiled {
        tools.hsrts_compiled = tools::hsrts_compiled_binary(ws, options.build);
        if let Err(why) = &tools.hsrts_compiled {
            println!("hsrts compiled unavailable: {why}");
        }
    }
    if want_hsrts && tools.hsrts.is_none() {
        println!("hsrts unavailable: {}", tools.hsrts_missing);
    }
    if let Some(why) = &tools.wasm_runner_missing {
        println!("hsrts wasm unavailable: {why}");
    }
    let mut command_line = String::from("cargo xtask bench");
    for arg in args {
        command_line.push(' ');
        command_line.push_str(arg);
    }
    let mut context = tools::context(ws, &tools, command_line);
    let work_dir = ws.target_dir.join("bench");
    std::fs::create_dir_all(&work_dir)
        .map_err(|e| CliError(format!("cannot create {}: {e}", work_dir.display())))?;
    let plan = Plan {
        systems: options.systems.clone(),
        runs: options.runs,
        quick: options.quick,
        timeout_seconds: options.timeout_seconds,
        slow_seconds: options.slow_seconds,
        clock: options.clock,
    };
    let results = run::measure_all(&programs, &plan, &tools, &work_dir);
    context.load_after = tools::load_average();

    println!(
        "\nmedian {}:\n{}",
        results.clock.describe(),
        table::times_table(&results)
    );
    println!(
        "ratios (system / reference; below 1× is faster):\n{}",
        table::ratio_table(&results)
    );
    println!("maximum residency:\n{}", table::residency_table(&results));
    let per_operation = table::per_operation_table(&results);
    if !per_operation.is_empty() {
        println!("per operation (start-up taken off):\n{per_operation}");
    }
    if options.write_docs {
        doc::write_docs(&ws.root.join("docs"), &results, &context).map_err(CliError)?;
        println!("wrote docs/performance.md and docs/{}", doc::CHART_FILE);
    }
    let cells: Vec<&Cell> = results
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|(_, c)| c))
        .collect();
    let failed = cells
        .iter()
        .filter(|c| !matches!(c, Cell::Measured { .. }))
        .count();
    println!(
        "{} measured, {failed} failed or not run ({:.0} s)",
        cells.len() - failed,
        start.elapsed().as_secs_f64()
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<BenchOptions, CliError> {
        parse_bench_options(&args.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn defaults_are_a_full_run_that_writes_the_docs() {
        let options = parse(&[]).unwrap();
        assert_eq!(options.runs, 5);
        assert_eq!(options.systems, System::DEFAULT.to_vec());
        assert!(options.write_docs && options.build && !options.quick);
        assert_eq!(options.clock, Clock::Cpu);
        assert_eq!(parse(&["--clock", "wall"]).unwrap().clock, Clock::Wall);
        assert!(!options.ctx);
        let ctx = parse(&["--ctx", "--runs", "7"]).unwrap();
        assert!(ctx.ctx && ctx.write_docs && ctx.runs == 7);
        assert!(!parse(&["--ctx", "--only", "fork_many"]).unwrap().write_docs);
    }

    #[test]
    fn partial_runs_do_not_write_unless_asked() {
        let quick = parse(&["--quick"]).unwrap();
        assert_eq!(quick.runs, 1);
        assert!(!quick.write_docs);
        let only = parse(&["--only", "nfib", "--runs", "3"]).unwrap();
        assert_eq!((only.runs, only.only.clone()), (3, vec!["nfib".to_owned()]));
        assert!(!only.write_docs);
        assert!(parse(&["--only", "nfib", "--write"]).unwrap().write_docs);
        assert!(!parse(&["--no-write"]).unwrap().write_docs);
    }

    #[test]
    fn systems_are_kept_in_table_order() {
        let options = parse(&[
            "--system", "hsrts", "--system", "ghc-O0", "--system", "hsrts",
        ])
        .unwrap();
        assert_eq!(options.systems, vec![System::GhcO0, System::HsrtsNative]);
    }

    #[test]
    fn bad_options_are_errors() {
        for bad in [
            &["--runs", "0"][..],
            &["--runs"],
            &["--system", "ghc"],
            &["--timeout", "never"],
            &["--fast"],
            &["--clock", "sundial"],
            &["--slow", "-1"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
