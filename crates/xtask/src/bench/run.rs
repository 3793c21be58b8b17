//! The measuring loop of `cargo xtask bench`. Per program: compile for
//! every system; run GHC -O0 once for the reference output; run every
//! system once to check its output against the reference (a wrong answer
//! or a crash makes the cell a failure, never a time); then `runs` rounds,
//! each running every remaining system once, so that machine noise hits
//! all systems alike. The GHCi start-up is timed on an empty program first.
//! A per-operation program (table.rs `operations`) also runs at one
//! operation in every round, for the per-operation table's start-up.

use std::ffi::OsString;
use std::path::Path;

use super::measure::{RunOutcome, run_timed};
use super::program::Program;
use super::results::{Cell, Clock, Results, Row, Timing};
use super::stats::{format_seconds, max_residency, median};
use super::system::{Prepared, System, Tools, prepare};
use super::table::operations;

/// How the loop runs.
#[derive(Debug, Clone)]
pub struct Plan {
    pub systems: Vec<System>,
    pub runs: usize,
    pub quick: bool,
    /// Default limit of one run, in seconds (a program's `-- timeout:` wins).
    pub timeout_seconds: f64,
    /// A cell whose checking run took longer than this keeps that run as
    /// its only sample instead of running `runs` more times.
    pub slow_seconds: f64,
    pub clock: Clock,
}

fn timing(outcome: &RunOutcome) -> Timing {
    Timing {
        wall: outcome.seconds,
        cpu: outcome.cpu_seconds,
    }
}

/// Why `outcome` is not a correct run of a program whose right output is
/// `expected`.
pub fn check_outcome(outcome: &RunOutcome, expected: &str, limit: f64) -> Result<(), String> {
    if let Some(failure) = outcome.failure(limit) {
        return Err(failure);
    }
    if outcome.stdout == expected {
        return Ok(());
    }
    let got: Vec<&str> = outcome.stdout.lines().collect();
    let want: Vec<&str> = expected.lines().collect();
    let line = got
        .iter()
        .zip(&want)
        .position(|(g, w)| g != w)
        .unwrap_or(got.len().min(want.len()));
    let show = |lines: &[&str]| {
        lines
            .get(line)
            .map_or_else(|| "end of output".to_owned(), |l| format!("`{l}`"))
    };
    Err(format!(
        "wrong output at line {}: {} instead of {}",
        line + 1,
        show(&got),
        show(&want)
    ))
}

/// One cell being measured.
struct Live {
    system: System,
    prepared: Prepared,
    samples: Vec<Timing>,
    residency: Option<u64>,
    /// Runs at one operation (per-operation programs only).
    one_operation: Vec<Timing>,
}

fn run_once(live: &Live, args: &[String], dir: &Path, limit: f64) -> Result<RunOutcome, String> {
    let argv: Vec<OsString> = live.prepared.command_line(live.system, args);
    run_timed(&argv, dir, limit)
}

/// Times `runghc` on an empty program; the median of each clock.
pub fn ghci_startup(
    tools: &Tools,
    work_dir: &Path,
    runs: usize,
    limit: f64,
) -> Result<Timing, String> {
    let source = work_dir.join("empty.hs");
    std::fs::write(&source, "main :: IO ()\nmain = return ()\n")
        .map_err(|e| format!("cannot write {}: {e}", source.display()))?;
    let argv: Vec<OsString> = vec![
        tools.runghc.clone().into_os_string(),
        "--ghc-arg=-XHaskell2010".into(),
        source.into_os_string(),
    ];
    let mut samples: Vec<Timing> = Vec::new();
    for _ in 0..runs.max(3) {
        let outcome = run_timed(&argv, work_dir, limit)?;
        if let Some(failure) = outcome.failure(limit) {
            return Err(format!("runghc on an empty program: {failure}"));
        }
        samples.push(timing(&outcome));
    }
    let of = |clock: Clock| median(&samples.iter().map(|&t| clock.pick(t)).collect::<Vec<_>>());
    match (of(Clock::Wall), of(Clock::Cpu)) {
        (Some(wall), Some(cpu)) => Ok(Timing { wall, cpu }),
        _ => Err("no samples".to_owned()),
    }
}

/// Measures one program under every system of the plan.
pub fn measure_program(program: &Program, plan: &Plan, tools: &Tools, work_dir: &Path) -> Row {
    let label = program.label(plan.quick);
    println!("== {label}");
    let args = program.args_for(plan.quick);
    // Per-operation programs take the operation count as their first argument.
    let one_operation_args: Option<Vec<String>> = operations(&label).map(|_| {
        let mut one = args.to_vec();
        one[0] = "1".to_owned();
        one
    });
    let limit = plan.timeout_seconds;
    let run_dir = work_dir.join("run");
    let _ = std::fs::create_dir_all(&run_dir);
    let mut cells: Vec<(System, Cell)> = Vec::new();

    // The reference output: GHC -O0, the oracle the program suite uses.
    let reference = prepare(System::GhcO0, program, tools, work_dir).and_then(|prepared| {
        let live = Live {
            system: System::GhcO0,
            prepared,
            samples: Vec::new(),
            residency: None,
            one_operation: Vec::new(),
        };
        let outcome = run_once(&live, args, &run_dir, limit)?;
        match outcome.failure(limit) {
            Some(failure) => Err(format!("GHC -O0 reference run: {failure}")),
            None => Ok(outcome.stdout),
        }
    });
    let expected = match reference {
        Ok(stdout) => stdout,
        Err(why) => {
            println!("   no reference output: {why}");
            let cells = plan
                .systems
                .iter()
                .map(|&s| (s, Cell::NotRun(format!("no reference output ({why})"))))
                .collect();
            return Row {
                label,
                cells,
                one_operation: Vec::new(),
            };
        }
    };

    // Compile and check every system.
    let mut live: Vec<Live> = Vec::new();
    for &system in &plan.systems {
        let prepared = match prepare(system, program, tools, work_dir) {
            Ok(prepared) => prepared,
            Err(why) => {
                println!("   {:<13} fails to build: {why}", system.title());
                cells.push((system, Cell::Failed(why)));
                continue;
            }
        };
        let cell = Live {
            system,
            prepared,
            samples: Vec::new(),
            residency: None,
            one_operation: Vec::new(),
        };
        let checked = run_once(&cell, args, &run_dir, limit)
            .and_then(|outcome| check_outcome(&outcome, &expected, limit).map(|()| outcome));
        match checked {
            Ok(outcome) if outcome.seconds > plan.slow_seconds => {
                println!(
                    "   {:<13} checked; {} s is slow, keeping it as the only run",
                    system.title(),
                    format_seconds(outcome.seconds)
                );
                cells.push((
                    system,
                    Cell::Measured {
                        samples: vec![timing(&outcome)],
                        residency: max_residency(outcome.stderr.lines()),
                        compile_seconds: cell.prepared.compile_seconds,
                    },
                ));
            }
            Ok(_) => live.push(cell),
            Err(why) => {
                let why = if system.is_hsrts() && program.needs_threads() {
                    format!("{why} (needs threads: issue 6)")
                } else {
                    why
                };
                println!("   {:<13} fails: {why}", system.title());
                cells.push((system, Cell::Failed(why)));
            }
        }
    }

    // Interleaved timed rounds.
    let mut failed: Vec<(System, String)> = Vec::new();
    for _ in 0..plan.runs {
        for cell in live.iter_mut() {
            if failed.iter().any(|(s, _)| *s == cell.system) {
                continue;
            }
            let checked = run_once(cell, args, &run_dir, limit)
                .and_then(|outcome| check_outcome(&outcome, &expected, limit).map(|()| outcome));
            match checked {
                Ok(outcome) => {
                    cell.samples.push(timing(&outcome));
                    if let Some(bytes) = max_residency(outcome.stderr.lines()) {
                        cell.residency = Some(bytes);
                    }
                }
                Err(why) => failed.push((cell.system, format!("in a timed run: {why}"))),
            }
            if let Some(one) = &one_operation_args
                && cell.system != System::Ghci
            {
                // Its output differs from the reference's; only success counts.
                let succeeded = run_once(cell, one, &run_dir, limit)
                    .and_then(|outcome| outcome.failure(limit).map_or(Ok(outcome), Err));
                match succeeded {
                    Ok(outcome) => cell.one_operation.push(timing(&outcome)),
                    Err(why) => println!("   {:<13} at one operation: {why}", cell.system.title()),
                }
            }
        }
    }
    let mut one_operation = Vec::new();
    for cell in live {
        if !cell.one_operation.is_empty() {
            one_operation.push((cell.system, cell.one_operation));
        }
        let result = match failed.iter().find(|(s, _)| *s == cell.system) {
            Some((_, why)) => Cell::Failed(why.clone()),
            None => Cell::Measured {
                samples: cell.samples,
                residency: cell.residency,
                compile_seconds: cell.prepared.compile_seconds,
            },
        };
        if let (Some(wall), Some(cpu)) = (
            median(&result.seconds(Clock::Wall)),
            median(&result.seconds(Clock::Cpu)),
        ) {
            println!(
                "   {:<13} median {} s wall, {} s CPU",
                cell.system.title(),
                format_seconds(wall),
                format_seconds(cpu)
            );
        }
        cells.push((cell.system, result));
    }
    // Table order.
    cells.sort_by_key(|(s, _)| plan.systems.iter().position(|p| p == s));
    Row {
        label,
        cells,
        one_operation,
    }
}

/// Measures every program.
pub fn measure_all(programs: &[Program], plan: &Plan, tools: &Tools, work_dir: &Path) -> Results {
    let ghci_startup = if plan.systems.contains(&System::Ghci) {
        match ghci_startup(tools, work_dir, plan.runs, plan.timeout_seconds) {
            Ok(startup) => {
                println!(
                    "GHCi start-up (runghc, empty program): {} s wall, {} s CPU",
                    format_seconds(startup.wall),
                    format_seconds(startup.cpu)
                );
                Some(startup)
            }
            Err(why) => {
                println!("GHCi start-up not measured: {why}");
                None
            }
        }
    } else {
        None
    };
    let rows = programs
        .iter()
        .map(|p| measure_program(p, plan, tools, work_dir))
        .collect();
    Results {
        systems: plan.systems.clone(),
        rows,
        ghci_startup,
        runs: plan.runs,
        clock: plan.clock,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(code: i32, stdout: &str) -> RunOutcome {
        RunOutcome {
            seconds: 0.1,
            cpu_seconds: 0.1,
            code: Some(code),
            timed_out: false,
            stdout: stdout.to_owned(),
            stderr: "oops\n".to_owned(),
        }
    }

    #[test]
    fn a_wrong_answer_is_a_failure_naming_the_line() {
        assert_eq!(check_outcome(&outcome(0, "a\nb\n"), "a\nb\n", 5.0), Ok(()));
        assert_eq!(
            check_outcome(&outcome(0, "a\nc\n"), "a\nb\n", 5.0).unwrap_err(),
            "wrong output at line 2: `c` instead of `b`"
        );
        assert_eq!(
            check_outcome(&outcome(0, "a\n"), "a\nb\n", 5.0).unwrap_err(),
            "wrong output at line 2: end of output instead of `b`"
        );
        assert_eq!(
            check_outcome(&outcome(1, "a\nb\n"), "a\nb\n", 5.0).unwrap_err(),
            "exit 1: oops"
        );
    }

    /// The whole loop on a fake "system": a shell script standing in for
    /// GHC -O0's executable cannot be arranged without GHC, so this test
    /// runs only where GHC is installed, on the smallest program.
    #[test]
    fn one_program_under_ghc_is_measured_and_checked() {
        if super::super::tools::ensure_ghc().is_err()
            || std::env::var_os("XTASK_BENCH_SKIP_GHC").is_some()
        {
            eprintln!("ghc not available; skipped");
            return;
        }
        let programs = super::super::program::load_programs().unwrap();
        let tak = programs.iter().find(|p| p.name == "tak").unwrap();
        let _serial = super::super::TIMED_CHILDREN
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let work = std::env::temp_dir().join(format!("xtask-bench-loop-{}", std::process::id()));
        std::fs::create_dir_all(&work).unwrap();
        let tools = Tools {
            ghc: "ghc".into(),
            runghc: "runghc".into(),
            wasmtime: "wasmtime".into(),
            hsrts: None,
            hsrts_missing: "hsrts not selected".into(),
            wasm_runner_missing: None,
            hsrts_compiled: Err("not built".into()),
        };
        let plan = Plan {
            systems: vec![System::GhcO0, System::HsrtsNative],
            runs: 2,
            quick: true,
            timeout_seconds: 120.0,
            slow_seconds: 60.0,
            clock: Clock::Cpu,
        };
        let row = measure_program(tak, &plan, &tools, &work);
        assert_eq!(row.label, "tak 18 12 6");
        let ghc = row.cell(System::GhcO0).unwrap();
        assert_eq!(ghc.samples().len(), 2, "{row:?}");
        assert!(ghc.residency().is_some_and(|b| b > 0), "{row:?}");
        assert!(ghc.compile_seconds().is_some());
        assert_eq!(
            row.cell(System::HsrtsNative),
            Some(&Cell::Failed("hsrts not selected".into()))
        );
        let _ = std::fs::remove_dir_all(work);
    }
}
