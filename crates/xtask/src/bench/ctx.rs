//! `cargo xtask bench --ctx`: the cost of each context-switch
//! implementation (`ctx-timer`, `ctx-always`, `ctx-every-n`, `ctx-clock`;
//! rts-features/src/ctx/). Builds the release `hsrts` once per
//! implementation (the other axes at the Linux defaults, each build in its
//! own target directory under the bench work directory so that they do not
//! evict each other), compiles every program to an image once, runs every
//! image under every build interleaved (each round runs every build once),
//! and tabulates the median time and the overhead against `ctx-timer`. The
//! table also goes into docs/performance.md, section "Context-switch
//! implementations", between its own markers.
//!
//! Note [What the context-switch bench can see]: the interpreter creates
//! its `ContextSwitch` with the first forked thread and asks it only when
//! another thread is runnable (rts-core interp/machine/scheduler.rs), so a
//! single-threaded program (alloc_heavy, binary_trees) pays nothing for
//! any implementation; its ratios measure noise and build-to-build code
//! layout. The thread programs (thread_ring, ping_pong, fork_many) are
//! where the implementations differ, so they are measured too.
//!
//! The reference output of a program is the first run under `ctx-timer`;
//! every other run must print the same, and where the program runs at its
//! test size (`--quick`) the recorded GHC output must match as well.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::BenchOptions;
use super::measure::run_timed;
use super::results::{Cell, Clock, Timing};
use super::run::check_outcome;
use super::stats::{format_seconds, median, ratio};
use crate::{CliError, Workspace};

/// The implementations, the reference (`ctx-timer`, the Linux default)
/// first.
pub const IMPLEMENTATIONS: [&str; 4] = ["ctx-timer", "ctx-always", "ctx-every-n", "ctx-clock"];

/// The implementations a wasm32-wasip1 build can use: `ctx-timer` needs a
/// ticker thread, and wasip1 has no threads.
pub const WASM_CANDIDATES: [&str; 3] = ["ctx-always", "ctx-every-n", "ctx-clock"];

/// The programs measured, in table order.
pub const PROGRAMS: [&str; 5] = [
    "alloc_heavy",
    "binary_trees",
    "thread_ring",
    "ping_pong",
    "fork_many",
];

pub const BEGIN_MARKER: &str = "<!-- cargo xtask bench --ctx: generated section begins -->";
pub const END_MARKER: &str = "<!-- cargo xtask bench --ctx: generated section ends -->";
pub const HEADING: &str = "## Context-switch implementations (`cargo xtask bench --ctx`)";

/// The `--features` of the build of `implementation`: the other axes at
/// their Linux defaults.
pub fn cargo_features(implementation: &str) -> String {
    format!("addr-mmap,{implementation},intr-signal,interp-libffi")
}

/// One program as the context-switch bench runs it.
#[derive(Debug, Clone, PartialEq)]
pub struct CtxProgram {
    pub name: String,
    pub path: PathBuf,
    /// The program's arguments (`-- bench-args:`, or `-- args:` when it has
    /// none or the run is `--quick`).
    pub args: Vec<String>,
    /// Its `-- rts:` options, passed as `+RTS .. -RTS`.
    pub rts: Vec<String>,
    /// GHC's recorded output, when `args` are the ones it was recorded with.
    pub expected: Option<String>,
}

impl CtxProgram {
    pub fn label(&self) -> String {
        let mut label = self.name.clone();
        for word in self.args.iter().chain(&self.rts) {
            label.push(' ');
            label.push_str(word);
        }
        label
    }

    /// The arguments after `hsrts run image`.
    pub fn run_args(&self) -> Vec<String> {
        let mut argv = self.args.clone();
        if !self.rts.is_empty() {
            argv.push("+RTS".to_owned());
            argv.extend(self.rts.iter().cloned());
            argv.push("-RTS".to_owned());
        }
        argv
    }
}

/// The programs of [`PROGRAMS`] (those named in `only`, when not empty)
/// from the corpus.
pub fn load_programs(quick: bool, only: &[String]) -> Result<Vec<CtxProgram>, String> {
    let corpus = hsrts_tests::load_corpus().map_err(|e| e.to_string())?;
    if let Some(unknown) = only.iter().find(|n| !PROGRAMS.contains(&n.as_str())) {
        return Err(format!(
            "`{unknown}` is not a context-switch benchmark program (programs: {})",
            PROGRAMS.join(", ")
        ));
    }
    let mut programs = Vec::new();
    for name in PROGRAMS {
        if !only.is_empty() && !only.iter().any(|n| n == name) {
            continue;
        }
        let program = corpus
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| format!("no program {name}.hs in the corpus"))?;
        let (args, expected) = match (&program.meta.bench_args, quick) {
            (Some(bench_args), false) => (bench_args.clone(), None),
            _ => (
                program.meta.args.clone(),
                Some(String::from_utf8_lossy(&program.expected_stdout()).into_owned()),
            ),
        };
        programs.push(CtxProgram {
            name: name.to_owned(),
            path: program.source_path.clone(),
            args,
            rts: program.meta.rts.clone(),
            expected,
        });
    }
    Ok(programs)
}

/// One program's measurements: a cell per implementation, in
/// [`IMPLEMENTATIONS`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct CtxRow {
    pub label: String,
    pub cells: Vec<Cell>,
}

impl CtxRow {
    fn median(&self, index: usize, clock: Clock) -> Option<f64> {
        median(&self.cells.get(index)?.seconds(clock))
    }

    /// `implementation / ctx-timer` for the implementation at `index`.
    pub fn overhead(&self, index: usize, clock: Clock) -> Option<f64> {
        ratio(self.median(index, clock), self.median(0, clock))
    }
}

fn markdown(header: &[String], rows: &[Vec<String>]) -> String {
    let mut text = format!("| {} |\n", header.join(" | "));
    text.push('|');
    for i in 0..header.len() {
        text.push_str(if i == 0 { "---|" } else { "--:|" });
    }
    text.push('\n');
    for row in rows {
        text.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    text
}

/// An overhead ratio as a signed percentage: `1.048` is `+4.8%`, `0.97`
/// is `-3.0%` (a ratio like `1.0×` would hide the few per cent this bench
/// is about).
pub fn format_overhead(ratio: f64) -> String {
    format!("{:+.1}%", (ratio - 1.0) * 100.0)
}

/// Median seconds per program and implementation, each with its overhead
/// against `ctx-timer` (`+5.0%`: 5 % slower).
pub fn ctx_table(rows: &[CtxRow], clock: Clock) -> String {
    let mut header = vec!["program".to_owned()];
    header.extend(IMPLEMENTATIONS.iter().map(|i| format!("`{i}`")));
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let mut cells = vec![row.label.clone()];
            for (index, cell) in row.cells.iter().enumerate() {
                let text = match (row.median(index, clock), cell.reason()) {
                    (Some(seconds), _) if index == 0 => format_seconds(seconds),
                    (Some(seconds), _) => match row.overhead(index, clock) {
                        Some(r) => format!("{} ({})", format_seconds(seconds), format_overhead(r)),
                        None => format_seconds(seconds),
                    },
                    (None, Some(reason)) => reason,
                    (None, None) => "—".to_owned(),
                };
                cells.push(text);
            }
            cells
        })
        .collect();
    markdown(&header, &body)
}

/// The geometric mean of the overheads of the implementation at `index`
/// over the rows where it and `ctx-timer` were measured, and how many rows
/// that is.
pub fn mean_overhead(rows: &[CtxRow], index: usize, clock: Clock) -> Option<(f64, usize)> {
    let ratios: Vec<f64> = rows
        .iter()
        .filter_map(|r| r.overhead(index, clock))
        .collect();
    if ratios.is_empty() {
        return None;
    }
    let log_sum: f64 = ratios.iter().map(|r| r.ln()).sum();
    Some(((log_sum / ratios.len() as f64).exp(), ratios.len()))
}

/// The largest run-to-run spread, `(max - min) / median`, of any measured
/// cell: how far apart two runs of the same build can be, for judging
/// which overheads are noise.
pub fn largest_spread(rows: &[CtxRow], clock: Clock) -> Option<f64> {
    rows.iter()
        .flat_map(|r| &r.cells)
        .filter_map(|cell| {
            let seconds = cell.seconds(clock);
            let mid = median(&seconds)?;
            let max = seconds.iter().copied().fold(f64::MIN, f64::max);
            let min = seconds.iter().copied().fold(f64::MAX, f64::min);
            (mid > 0.0).then(|| (max - min) / mid)
        })
        .max_by(f64::total_cmp)
}

/// Which wasm candidate the numbers favour: the lowest mean overhead over
/// the rows where every candidate was measured (so that the means compare
/// like with like). `None` when no row has every candidate.
pub fn favoured_for_wasm(rows: &[CtxRow], clock: Clock) -> Option<(&'static str, f64)> {
    let indices: Vec<usize> = WASM_CANDIDATES
        .iter()
        .filter_map(|c| IMPLEMENTATIONS.iter().position(|i| i == c))
        .collect();
    let complete: Vec<CtxRow> = rows
        .iter()
        .filter(|r| indices.iter().all(|&i| r.overhead(i, clock).is_some()))
        .cloned()
        .collect();
    indices
        .iter()
        .filter_map(|&i| Some((IMPLEMENTATIONS[i], mean_overhead(&complete, i, clock)?.0)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// The summary lines under the table: mean overheads and the favoured wasm
/// default.
pub fn summary(rows: &[CtxRow], clock: Clock) -> String {
    let mut text = String::from("Geometric mean overhead against `ctx-timer`:");
    let mut any = false;
    for (index, implementation) in IMPLEMENTATIONS.iter().enumerate().skip(1) {
        if let Some((mean, count)) = mean_overhead(rows, index, clock) {
            text.push_str(&format!(
                " `{implementation}` {} ({count} program{}),",
                format_overhead(mean),
                if count == 1 { "" } else { "s" }
            ));
            any = true;
        }
    }
    if any {
        text.pop();
        text.push_str(".\n");
    } else {
        text.push_str(" none measured.\n");
    }
    if let Some(spread) = largest_spread(rows, clock) {
        text.push_str(&format!(
            "Largest run-to-run spread ((max - min) / median) of any cell: {:.1}%.\n",
            spread * 100.0
        ));
    }
    match favoured_for_wasm(rows, clock) {
        Some((implementation, mean)) => text.push_str(&format!(
            "Of the implementations a wasm32-wasip1 build can use ({}), these numbers favour \
             `{implementation}` (mean overhead {} against `ctx-timer`).\n",
            WASM_CANDIDATES.map(|c| format!("`{c}`")).join(", "),
            format_overhead(mean)
        )),
        None => text.push_str("No program was measured under every wasm candidate.\n"),
    }
    text
}

/// `document` with the text between this bench's markers replaced by
/// `generated` (appended under [`HEADING`] when the markers are absent).
pub fn splice(document: &str, generated: &str) -> String {
    let block = format!("{BEGIN_MARKER}\n{generated}{END_MARKER}\n");
    if let (Some(begin), Some(end)) = (document.find(BEGIN_MARKER), document.find(END_MARKER))
        && begin < end
    {
        let after = &document[end + END_MARKER.len()..];
        let after = after.strip_prefix('\n').unwrap_or(after);
        return format!("{}{block}{after}", &document[..begin]);
    }
    let mut text = document.trim_end().to_owned();
    text.push_str(&format!("\n\n{HEADING}\n\n{block}"));
    text
}

/// Builds the release `hsrts` for `implementation` into its own target
/// directory under `work_dir`; returns the binary.
fn build(
    ws: &Workspace,
    implementation: &str,
    work_dir: &Path,
    run_cargo: bool,
) -> Result<PathBuf, String> {
    let target_dir = work_dir.join("ctx").join(implementation);
    let binary = target_dir.join("release").join("hsrts");
    if run_cargo {
        println!("building hsrts with {implementation}");
        let mut command = ws.cargo_command();
        command
            .args(["build", "--release", "-p", "hsrts", "--bin", "hsrts"])
            .args(["--no-default-features", "--features"])
            .arg(cargo_features(implementation))
            .arg("--target-dir")
            .arg(&target_dir);
        super::tools::cargo_build(command, &format!("building hsrts with {implementation}"))?;
    }
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!("no hsrts binary at {}", binary.display()))
    }
}

/// Compiles `program` to an image with `hsrts`.
fn compile(hsrts: &Path, program: &CtxProgram, dir: &Path) -> Result<PathBuf, String> {
    let image = dir.join(format!("{}.hsbc", program.name));
    let argv: Vec<OsString> = vec![
        hsrts.as_os_str().to_owned(),
        "build".into(),
        program.path.as_os_str().to_owned(),
        "-o".into(),
        image.as_os_str().to_owned(),
    ];
    let outcome = run_timed(&argv, dir, 600.0)?;
    match outcome.failure(600.0) {
        Some(why) => Err(format!("hsrts build {}: {why}", program.name)),
        None => Ok(image),
    }
}

/// Measures one program under every build.
fn measure_program(
    program: &CtxProgram,
    builds: &[Result<PathBuf, String>],
    options: &BenchOptions,
    work_dir: &Path,
) -> CtxRow {
    let label = program.label();
    println!("== {label}");
    let dir = work_dir.join("ctx-run");
    let _ = std::fs::create_dir_all(&dir);
    let limit = options.timeout_seconds;
    let not_run = |why: String| CtxRow {
        label: label.clone(),
        cells: IMPLEMENTATIONS
            .iter()
            .map(|_| Cell::NotRun(why.clone()))
            .collect(),
    };
    let Some(compiler) = builds.iter().find_map(|b| b.as_ref().ok()) else {
        return not_run("no hsrts build".to_owned());
    };
    let image = match compile(compiler, program, &dir) {
        Ok(image) => image,
        Err(why) => {
            println!("   {why}");
            return not_run(why);
        }
    };
    let mut argv_tail: Vec<OsString> = vec!["run".into(), image.into_os_string()];
    argv_tail.extend(program.run_args().into_iter().map(OsString::from));
    let mut expected = program.expected.clone();
    let mut samples: Vec<Vec<Timing>> = vec![Vec::new(); builds.len()];
    let mut failed: Vec<Option<String>> =
        builds.iter().map(|b| b.as_ref().err().cloned()).collect();
    // One checking run (not timed), then the interleaved timed rounds.
    for round in 0..=options.runs {
        for (index, build) in builds.iter().enumerate() {
            let Ok(hsrts) = build else { continue };
            if failed[index].is_some() {
                continue;
            }
            let mut argv = vec![hsrts.as_os_str().to_owned()];
            argv.extend(argv_tail.iter().cloned());
            let outcome = run_timed(&argv, &dir, limit);
            let checked = outcome.and_then(|outcome| match &expected {
                Some(want) => check_outcome(&outcome, want, limit).map(|()| outcome),
                None => match outcome.failure(limit) {
                    Some(why) => Err(why),
                    None => {
                        expected = Some(outcome.stdout.clone());
                        Ok(outcome)
                    }
                },
            });
            match checked {
                Ok(outcome) if round > 0 => samples[index].push(Timing {
                    wall: outcome.seconds,
                    cpu: outcome.cpu_seconds,
                }),
                Ok(_) => {}
                Err(why) => {
                    println!("   {:<12} fails: {why}", IMPLEMENTATIONS[index]);
                    failed[index] = Some(why);
                }
            }
        }
    }
    let cells: Vec<Cell> = samples
        .into_iter()
        .zip(failed)
        .map(|(samples, failed)| match failed {
            Some(why) => Cell::Failed(why),
            None => Cell::Measured {
                samples,
                residency: None,
                compile_seconds: None,
            },
        })
        .collect();
    let row = CtxRow { label, cells };
    for (index, implementation) in IMPLEMENTATIONS.iter().enumerate() {
        if let Some(seconds) = row.median(index, options.clock) {
            println!(
                "   {implementation:<12} median {} s",
                format_seconds(seconds)
            );
        }
    }
    row
}

/// `cargo xtask bench --ctx`.
pub fn ctx_command(
    ws: &Workspace,
    options: &BenchOptions,
    command_line: String,
) -> Result<bool, CliError> {
    let start = std::time::Instant::now();
    let programs = load_programs(options.quick, &options.only).map_err(CliError)?;
    let work_dir = ws.target_dir.join("bench");
    std::fs::create_dir_all(&work_dir)
        .map_err(|e| CliError(format!("cannot create {}: {e}", work_dir.display())))?;
    let builds: Vec<Result<PathBuf, String>> = IMPLEMENTATIONS
        .iter()
        .map(|i| build(ws, i, &work_dir, options.build))
        .collect();
    for (implementation, build) in IMPLEMENTATIONS.iter().zip(&builds) {
        if let Err(why) = build {
            println!("{implementation} unavailable: {why}");
        }
    }
    let load_before = super::tools::load_average();
    let rows: Vec<CtxRow> = programs
        .iter()
        .map(|p| measure_program(p, &builds, options, &work_dir))
        .collect();
    let load_after = super::tools::load_average();
    let table = ctx_table(&rows, options.clock);
    let summary = summary(&rows, options.clock);
    println!(
        "\nmedian {} (overhead against ctx-timer):\n{table}\n{summary}",
        options.clock.describe()
    );
    if options.write_docs {
        let date = std::process::Command::new("date")
            .args(["-u", "+%Y-%m-%d %H:%M UTC"])
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_else(|| "unknown date".to_owned());
        let section = format!(
            "Measured {date} with `{command_line}` ({} timed runs per cell, interleaved: each \
             round runs every build once; median {}; load average {load_before} before, \
             {load_after} after). Each build is the release `hsrts` with \
             `--no-default-features --features addr-mmap,<ctx>,intr-signal,interp-libffi`; \
             cells are seconds and, in brackets, the change against `ctx-timer`.\n\n\
             {table}\n{summary}\n\
             The interpreter consults the context switch only when another thread is \
             runnable (Note [What the context-switch bench can see] in \
             crates/xtask/src/bench/ctx.rs), so the single-threaded programs show noise \
             only; the thread programs carry the difference.\n",
            options.runs,
            options.clock.describe()
        );
        let path = ws.root.join("docs").join("performance.md");
        let document = std::fs::read_to_string(&path)
            .map_err(|e| CliError(format!("cannot read {}: {e}", path.display())))?;
        std::fs::write(&path, splice(&document, &section))
            .map_err(|e| CliError(format!("cannot write {}: {e}", path.display())))?;
        println!("wrote docs/performance.md");
    }
    let failed = rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| !matches!(c, Cell::Measured { .. }))
        .count();
    println!(
        "{failed} cells failed or not run ({:.0} s)",
        start.elapsed().as_secs_f64()
    );
    Ok(failed == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(seconds: &[f64]) -> Cell {
        Cell::Measured {
            samples: seconds
                .iter()
                .map(|&s| Timing {
                    wall: s * 2.0,
                    cpu: s,
                })
                .collect(),
            residency: None,
            compile_seconds: None,
        }
    }

    fn row(label: &str, cells: Vec<Cell>) -> CtxRow {
        CtxRow {
            label: label.to_owned(),
            cells,
        }
    }

    #[test]
    fn every_build_keeps_the_linux_defaults_on_the_other_axes() {
        assert_eq!(IMPLEMENTATIONS[0], "ctx-timer");
        assert_eq!(
            cargo_features("ctx-clock"),
            "addr-mmap,ctx-clock,intr-signal,interp-libffi"
        );
        for candidate in WASM_CANDIDATES {
            assert!(IMPLEMENTATIONS.contains(&candidate));
        }
    }

    #[test]
    fn overheads_are_against_ctx_timer() {
        let r = row(
            "p",
            vec![
                measured(&[1.0, 2.0, 3.0]),
                measured(&[4.0]),
                measured(&[2.2, 1.9, 2.1]),
                Cell::Failed("exit 1".into()),
            ],
        );
        assert_eq!(r.overhead(0, Clock::Cpu), Some(1.0));
        assert_eq!(r.overhead(1, Clock::Cpu), Some(2.0));
        assert!((r.overhead(2, Clock::Cpu).unwrap() - 1.05).abs() < 1e-9);
        assert_eq!(r.overhead(3, Clock::Cpu), None);
        let table = ctx_table(&[r], Clock::Cpu);
        assert!(
            table.starts_with("| program | `ctx-timer` | `ctx-always` |"),
            "{table}"
        );
        assert!(
            table.contains("| p | 2.00 | 4.00 (+100.0%) | 2.10 (+5.0%) | fails: exit 1 |"),
            "{table}"
        );
        assert_eq!(format_overhead(0.97), "-3.0%");
    }

    #[test]
    fn the_favoured_wasm_default_has_the_lowest_mean_overhead() {
        let rows = [
            row(
                "a",
                vec![
                    measured(&[1.0]),
                    measured(&[4.0]),
                    measured(&[1.0]),
                    measured(&[2.0]),
                ],
            ),
            row(
                "b",
                vec![
                    measured(&[1.0]),
                    measured(&[1.0]),
                    measured(&[4.0]),
                    measured(&[1.0]),
                ],
            ),
        ];
        let (mean, count) = mean_overhead(&rows, 1, Clock::Cpu).unwrap();
        assert_eq!(count, 2);
        assert!((mean - 2.0).abs() < 1e-9);
        let (best, mean) = favoured_for_wasm(&rows, Clock::Cpu).unwrap();
        assert_eq!(best, "ctx-clock");
        assert!((mean - 2f64.sqrt()).abs() < 1e-9);
        let text = summary(&rows, Clock::Cpu);
        assert!(text.contains("`ctx-always` +100.0% (2 programs)"), "{text}");
        assert!(text.contains("favour `ctx-clock`"), "{text}");
        // Every cell has one sample: no spread.
        assert!(
            text.contains("spread ((max - min) / median) of any cell: 0.0%"),
            "{text}"
        );
        let spread_rows = [row(
            "c",
            vec![measured(&[1.0, 1.1, 1.2]), measured(&[2.0, 2.0, 2.2])],
        )];
        let spread = largest_spread(&spread_rows, Clock::Cpu).unwrap();
        assert!((spread - 0.2 / 1.1).abs() < 1e-9, "{spread}");
        assert_eq!(largest_spread(&[], Clock::Cpu), None);
    }

    #[test]
    fn a_row_missing_a_candidate_does_not_decide_the_default() {
        let rows = [
            row(
                "a",
                vec![
                    measured(&[1.0]),
                    measured(&[1.0]),
                    measured(&[2.0]),
                    measured(&[2.0]),
                ],
            ),
            // ctx-every-n failed here: with it, ctx-clock's mean would win.
            row(
                "b",
                vec![
                    measured(&[1.0]),
                    measured(&[9.0]),
                    Cell::Failed("timed out".into()),
                    measured(&[1.0]),
                ],
            ),
        ];
        assert_eq!(
            favoured_for_wasm(&rows, Clock::Cpu).unwrap().0,
            "ctx-always"
        );
        assert_eq!(favoured_for_wasm(&[], Clock::Cpu), None);
        assert!(summary(&[], Clock::Cpu).contains("none measured"));
    }

    #[test]
    fn splicing_replaces_only_this_section() {
        let first = splice("# Performance\n\nintro\n", "table 1\n");
        assert!(first.contains(&format!(
            "{HEADING}\n\n{BEGIN_MARKER}\ntable 1\n{END_MARKER}\n"
        )));
        let edited = format!("{first}\n## Later\n");
        let second = splice(&edited, "table 2\n");
        assert!(second.contains("table 2\n") && !second.contains("table 1"));
        assert!(second.ends_with("\n## Later\n"), "{second}");
        assert_eq!(second.matches(HEADING).count(), 1);
        // The programs bench's markers are different and left alone.
        let other = format!(
            "{}\nx\n{}\n",
            super::super::doc::BEGIN_MARKER,
            super::super::doc::END_MARKER
        );
        let spliced = splice(&other, "t\n");
        assert!(spliced.starts_with(&other.trim_end().to_owned()));
    }

    #[test]
    fn programs_come_from_the_corpus_with_their_rts_options() {
        let programs = load_programs(false, &[]).unwrap();
        let names: Vec<&str> = programs.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, PROGRAMS);
        let alloc = &programs[0];
        // alloc_heavy has no bench size: it runs at its test size and is
        // checked against GHC's recorded output.
        assert!(alloc.expected.is_some());
        assert_eq!(alloc.rts, ["-A64m"]);
        assert_eq!(alloc.run_args(), ["200000", "+RTS", "-A64m", "-RTS"]);
        let trees = &programs[1];
        assert_eq!(trees.label(), "binary_trees 16");
        assert!(trees.expected.is_none());
        let quick = load_programs(true, &["binary_trees".to_owned()]).unwrap();
        assert_eq!(quick.len(), 1);
        assert_eq!(quick[0].args, ["10"]);
        assert!(quick[0].expected.is_some());
        assert!(load_programs(false, &["nfib".to_owned()]).is_err());
    }
}
