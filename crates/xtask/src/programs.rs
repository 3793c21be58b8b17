//! The program suite over feature vectors (`cargo xtask matrix --programs`)
//! and the program runs of `bisect-features`: builds the `hsrts` tool once
//! per vector, compiles each corpus program to an image once, runs every
//! image under every vector (optionally again under chaos seeds), checks
//! each run against the program's expected files and compares the runs of
//! one program across vectors (differential: any two vectors that disagree
//! are reported, whatever the expectation says).
//!
//! The corpus (metadata, expected files, running with stdin and a timeout)
//! comes from `hsrts-tests`' library, a dependency-free crate, so xtask
//! still builds in seconds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use hsrts_tests::{Outcome, Program, Status};

use crate::ddmin::Verdict;
use crate::report::{self, StepResult};
use crate::vector::Vector;
use crate::{Workspace, exec};

/// Behaviour that legitimately depends on a feature: under `feature`, the
/// program's runs are left out of the expectation check and of the
/// differential comparison. Keep this list short; each entry says why.
pub struct Mark {
    pub program: &'static str,
    pub feature: &'static str,
    pub why: &'static str,
}

/// `Mark::program` for a mark that leaves the whole suite out under its
/// feature.
pub const ALL_PROGRAMS: &str = "*";

/// The marks (see Note [Marks]).
pub const MARKS: &[Mark] = &[
    Mark {
        program: ALL_PROGRAMS,
        feature: "interp-none",
        why: "no interpreter: the loader refuses bytecode images, and every corpus program \
              is one (compiled entry code is tested by its own tests, not by the corpus)",
    },
    Mark {
        program: "ffi_libc",
        feature: "interp-static",
        why: "calls libc functions by name; interp-static calls only functions registered \
              in a link-time table, and `hsrts` registers only malloc/calloc/free",
    },
];

/// Programs left out of the chaos runs because a forced collection every
/// few allocations makes them far slower than the rest of the suite
/// together (they still run plainly in the `programs` step and under
/// `matrix --programs`' plain variant). Each says why.
pub const SLOW_UNDER_CHAOS: &[(&str, &str)] = &[
    (
        "staggered_delays",
        "10,000 sleeping threads: every forced collection walks all their stacks \
         (over 3 minutes under --chaos-gc=97)",
    ),
    (
        "deep_recursion",
        "a stack a million frames deep: every forced collection walks all of it \
         (over 3 minutes under --chaos-gc=97)",
    ),
    (
        "heap_exhausted",
        "grows its live heap to the -M16m limit: every forced collection copies all of it \
         (2 minutes under --chaos-gc=97)",
    ),
];

// Note [Marks]
// ~~~~~~~~~~~~
// A mark names a feature under which a program (or, with ALL_PROGRAMS, the
// whole suite) cannot behave as GHC recorded, by design of that feature:
// `interp-static` cannot call C by name, `interp-none` cannot run bytecode
// at all. A marked run is not made, so it is neither checked against the
// expectation nor compared with the other vectors; the log prints the mark
// with its reason each time. A failure that is a bug is never a mark.

/// Why `program` is left out of `variant`'s runs, if it is.
fn slow_under(variant: &Variant, program: &str) -> Option<&'static str> {
    if variant.group != "chaos" {
        return None;
    }
    SLOW_UNDER_CHAOS
        .iter()
        .find(|(name, _)| *name == program)
        .map(|(_, why)| *why)
}

/// The mark that leaves `program` out under `v`, if any.
fn marked(program: &str, v: &Vector) -> Option<&'static Mark> {
    MARKS.iter().find(|m| {
        (m.program == program || m.program == ALL_PROGRAMS) && v.0.iter().any(|f| f == m.feature)
    })
}

/// The mark that leaves the whole suite out under `v`, if any.
pub fn suite_mark(v: &Vector) -> Option<&'static Mark> {
    MARKS
        .iter()
        .find(|m| m.program == ALL_PROGRAMS && v.0.iter().any(|f| f == m.feature))
}

/// Builds `hsrts` with exactly `v` and copies it to a per-vector path (the
/// build itself is cached by cargo in the shared target directory).
pub fn hsrts_for(ws: &Workspace, v: &Vector) -> Result<PathBuf, String> {
    let mut cargo = ws.cargo_command();
    cargo.args([
        "build",
        "-p",
        "hsrts",
        "--no-default-features",
        "--features",
        &v.features_arg(),
    ]);
    let built = exec::run(&mut cargo, false).map_err(|e| e.to_string())?;
    if !built.status.success() {
        let tail: Vec<&String> = built.lines.iter().rev().take(15).collect();
        for line in tail.iter().rev() {
            println!("  {line}");
        }
        return Err(format!("building hsrts with {v} failed"));
    }
    let exe = ws.target_dir.join("debug").join("hsrts");
    let dir = ws.target_dir.join("xtask-hsrts");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let copy = dir.join(format!("hsrts-{}", v.features_arg().replace(',', "+")));
    std::fs::copy(&exe, &copy).map_err(|e| format!("copying {}: {e}", exe.display()))?;
    Ok(copy)
}

/// Whether this `hsrts` has the `run` command (it is being written while
/// this module is).
pub fn has_run_command(hsrts: &Path) -> bool {
    Command::new(hsrts)
        .arg("help")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("run FILE"))
}

/// Runs `file` (source or image) with `hsrts` as one run of `program`, with
/// `extra_rts` as a further `+RTS .. -RTS` block.
fn run_program(hsrts: &Path, file: &Path, program: &Program, extra_rts: &[String]) -> Outcome {
    let mut cmd = Command::new(hsrts);
    cmd.arg("run").arg(file).args(program.meta.command_line());
    if !extra_rts.is_empty() {
        cmd.arg("+RTS").args(extra_rts).arg("-RTS");
    }
    if let Some(dir) = program.source_path.parent() {
        cmd.current_dir(dir);
    }
    hsrts_tests::run_command(
        cmd,
        program,
        program.meta.timeout_or_default() * TIMEOUT_FACTOR,
    )
    .unwrap_or_else(|e| Outcome::not_run(e.to_string()))
}

/// `bisect-features` on a corpus program: pass when `hsrts` built with `v`
/// runs it as expected.
pub fn program_verdict(ws: &Workspace, v: &Vector, name: &str) -> Verdict {
    let programs = match hsrts_tests::load_corpus() {
        Ok(p) => p,
        Err(e) => return Verdict::Unresolved(format!("corpus: {e}")),
    };
    let Some(program) = programs.iter().find(|p| p.name == name) else {
        return Verdict::Unresolved(format!("no program `{name}` in tests/programs"));
    };
    let hsrts = match hsrts_for(ws, v) {
        Ok(h) => h,
        Err(e) => return Verdict::Unresolved(e),
    };
    if !has_run_command(&hsrts) {
        return Verdict::Unresolved("hsrts run not available".to_owned());
    }
    // By its bare file name (run_program runs in the program's directory),
    // so that source locations in messages read as GHC recorded them.
    let file = program
        .source_path
        .file_name()
        .map_or_else(|| program.source_path.clone(), PathBuf::from);
    let outcome = run_program(&hsrts, &file, program, &[]);
    match program.check(&outcome) {
        Ok(()) => Verdict::Pass,
        Err(m) => {
            print!("{m}");
            Verdict::Fail
        }
    }
}

/// One way of running the suite: plain, or under a chaos seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub name: String,
    pub rts: Vec<String>,
    /// The differential comparison compares the runs of one program within
    /// a group: `plain`, or `chaos` for every seed together (a seed changes
    /// when collections and switches happen, never what a program prints).
    pub group: String,
}

impl Variant {
    pub fn plain() -> Variant {
        Variant {
            name: "plain".to_owned(),
            rts: Vec::new(),
            group: "plain".to_owned(),
        }
    }

    /// `+RTS --chaos-gc=N --chaos-switch=SEED -RTS`: a forced collection at
    /// every N-th allocation safe point and switches at random safe points.
    pub fn chaos(seed: u64, gc_every: u32) -> Variant {
        Variant {
            name: format!("chaos seed {seed}"),
            rts: vec![
                format!("--chaos-gc={gc_every}"),
                format!("--chaos-switch={seed}"),
            ],
            group: "chaos".to_owned(),
        }
    }
}

/// What one run showed: exit status, stdout, stderr.
type Observation<'a> = (String, &'a [u8], &'a [u8]);

/// The observable result of one run, for comparison across vectors.
fn observation(o: &Outcome) -> Observation<'_> {
    let status = match &o.status {
        Status::Exited(c) => format!("exit {c}"),
        other => other.to_string(),
    };
    (status, &o.stdout, &o.stderr)
}

/// Groups the runs of one program (labelled by who ran them: vector and
/// variant) by what they observed; more than one group is a differential
/// failure.
fn disagreements<L: Clone>(runs: &[(L, Outcome)]) -> Vec<Vec<L>> {
    let mut groups: Vec<(Observation<'_>, Vec<L>)> = Vec::new();
    for (v, o) in runs {
        let seen = observation(o);
        match groups.iter_mut().find(|(key, _)| *key == seen) {
            Some((_, vs)) => vs.push(v.clone()),
            None => groups.push((seen, vec![v.clone()])),
        }
    }
    if groups.len() <= 1 {
        Vec::new()
    } else {
        groups.into_iter().map(|(_, vs)| vs).collect()
    }
}

/// How much longer than a program's `-- timeout:` one run may take here:
/// `hsrts` is a debug build, chaos multiplies the collections, and the
/// machine may be shared.
const TIMEOUT_FACTOR: u32 = 6;

/// The program suite over many vectors, collecting every run so that the
/// runs of one program can be compared across vectors at the end
/// ([`ProgramMatrix::differential`]). The `vectors` step of `cargo xtask
/// test` calls [`ProgramMatrix::run_vector`] right after each vector's
/// runtime tests (same features, so the runtime crates' build is shared);
/// `cargo xtask matrix --programs` calls it for each vector in turn.
pub struct ProgramMatrix {
    programs: Vec<Program>,
    /// Why the corpus could not be loaded, if it could not.
    corpus_error: Option<String>,
    images_dir: PathBuf,
    /// Compiled once, by the first vector's `hsrts` (images do not depend
    /// on the vector).
    images: Option<BTreeMap<String, Result<PathBuf, String>>>,
    /// Every run, by (comparison group, program): who ran it, and how it went.
    runs: BTreeMap<(String, String), Vec<(String, Outcome)>>,
    /// The vectors that ran the suite, and those a suite-wide mark left out.
    vectors_run: usize,
    vectors_marked: usize,
}

impl ProgramMatrix {
    pub fn new(ws: &Workspace) -> ProgramMatrix {
        let (programs, corpus_error) = match hsrts_tests::load_corpus() {
            Ok(all) => (
                all.into_iter().filter(hsrts_tests::selected).collect(),
                None,
            ),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        println!("{} programs (HSRTS_PROGRAMS selects)", programs.len());
        ProgramMatrix {
            programs,
            corpus_error,
            images_dir: ws.target_dir.join("xtask-images"),
            images: None,
            runs: BTreeMap::new(),
            vectors_run: 0,
            vectors_marked: 0,
        }
    }

    /// Whether the suite runs under `v` at all (see [`suite_mark`]).
    pub fn runs_under(v: &Vector) -> bool {
        suite_mark(v).is_none()
    }

    /// Builds `hsrts` with `v` and runs the suite under every variant: one
    /// summary row per variant (the first includes the build), or one row
    /// saying why the vector was left out.
    pub fn run_vector(
        &mut self,
        ws: &Workspace,
        v: &Vector,
        variants: &[Variant],
    ) -> Vec<StepResult> {
        let start = Instant::now();
        if let Some(e) = &self.corpus_error {
            return vec![StepResult::single(
                "programs",
                "corpus",
                Err(e.clone()),
                Duration::ZERO,
            )];
        }
        if let Some(mark) = suite_mark(v) {
            println!(
                "\n== programs: {v}: left out under {}: {}",
                mark.feature, mark.why
            );
            self.vectors_marked += 1;
            return Vec::new();
        }
        println!("\n== programs: {v}");
        let hsrts = match hsrts_for(ws, v) {
            Ok(h) => h,
            Err(e) => {
                return vec![StepResult::single(
                    "programs",
                    &v.to_string(),
                    Err(e),
                    start.elapsed(),
                )];
            }
        };
        if !has_run_command(&hsrts) {
            return vec![StepResult::single(
                "programs",
                &v.to_string(),
                Err("hsrts run not available".to_owned()),
                start.elapsed(),
            )];
        }
        self.vectors_run += 1;
        let programs = &self.programs;
        let images_dir = &self.images_dir;
        let images = self
            .images
            .get_or_insert_with(|| compile_images(&hsrts, images_dir, programs));
        let mut results = Vec::new();
        if self.vectors_run == 1 && variants.iter().any(|v| v.group == "chaos") {
            results.push(chaos_effect(&hsrts, programs, images));
        }
        // The first variant's row includes the vector's build.
        let mut row_start = start;
        for (vi, variant) in variants.iter().enumerate() {
            if vi > 0 {
                row_start = Instant::now();
            }
            let cpu_start = report::children_cpu();
            let outcomes = hsrts_tests::parallel_map(2, programs, |p| match &images[&p.name] {
                _ if slow_under(variant, &p.name).is_some() => Outcome::not_run("left out"),
                Ok(image) => run_program(&hsrts, image, p, &variant.rts),
                Err(e) => Outcome::not_run(e.clone()),
            });
            let (mut passed, mut failed, mut names) = (0, 0, Vec::new());
            let mut times: Vec<(Duration, &str)> = Vec::new();
            for (p, outcome) in programs.iter().zip(outcomes) {
                if let Some(why) = slow_under(variant, &p.name) {
                    println!("{}: left out of the chaos runs: {why}", p.name);
                    continue;
                }
                if let Some(mark) = marked(&p.name, v) {
                    println!("{}: left out under {}: {}", p.name, mark.feature, mark.why);
                    continue;
                }
                times.push((outcome.elapsed, &p.name));
                match p.check(&outcome) {
                    Ok(()) => passed += 1,
                    Err(m) => {
                        print!("{m}");
                        failed += 1;
                        names.push(p.name.clone());
                    }
                }
                self.runs
                    .entry((variant.group.clone(), p.name.clone()))
                    .or_default()
                    .push((format!("{v} ({})", variant.name), outcome));
            }
            times.sort_by(|a, b| b.cmp(a));
            let slowest: Vec<String> = times
                .iter()
                .take(3)
                .map(|(t, name)| format!("{name} {}", report::format_duration(*t)))
                .collect();
            println!(
                "== programs: {v} ({}): {passed} passed, {failed} failed in {}{} (slowest: {})",
                variant.name,
                report::format_duration(row_start.elapsed()),
                cpu_note(cpu_start),
                slowest.join(", ")
            );
            results.push(StepResult {
                step: "programs".to_owned(),
                subject: format!("{v} ({})", variant.name),
                passed,
                failed,
                time: row_start.elapsed(),
                error: (!names.is_empty()).then(|| format!("not as expected: {}", names.join(" "))),
            });
        }
        results
    }

    /// One `differential` row per comparison group: a program passes when
    /// every run of it in the group observed the same exit status, stdout
    /// and stderr, whatever its expectation says (a program without
    /// expected files is compared too).
    pub fn differential(&self) -> Vec<StepResult> {
        let mut groups: Vec<&str> = self.runs.keys().map(|(g, _)| g.as_str()).collect();
        groups.dedup();
        let mut results = Vec::new();
        for group in groups {
            let (mut agree, mut differ) = (0, Vec::new());
            for ((g, name), program_runs) in &self.runs {
                if g != group {
                    continue;
                }
                let split = disagreements(program_runs);
                if split.is_empty() {
                    agree += 1;
                } else {
                    let text: Vec<String> = split.iter().map(|who| who.join(" | ")).collect();
                    println!(
                        "differential: {name} ({group}): runs disagree: [{}]",
                        text.join("] vs [")
                    );
                    differ.push(name.clone());
                }
            }
            results.push(StepResult {
                step: "differential".to_owned(),
                subject: format!("{} vectors ({group})", self.vectors_run),
                passed: agree,
                failed: differ.len() as u64,
                time: Duration::ZERO,
                error: (!differ.is_empty())
                    .then(|| format!("runs disagree on: {}", differ.join(" "))),
            });
        }
        if self.vectors_marked > 0 {
            println!(
                "programs: {} of {} vectors left out by a suite-wide mark (see above)",
                self.vectors_marked,
                self.vectors_marked + self.vectors_run
            );
        }
        results
    }
}

/// The corpus program that [`chaos_effect`] runs: quick, and allocating
/// through heap checks (12 MB; 11 collections plainly, about 2,600 under
/// `--chaos-gc=97`, about 500 under `--chaos-gc=499`). Not `nfib`: the optimiser unboxes it to 9 KB.
const CHAOS_PROBE: &str = "queens";

/// Checks that `--chaos-gc` has an effect: `CHAOS_PROBE` under
/// `--chaos-gc=CHAOS_GC_EVERY` must make more collections (`+RTS -s`,
/// generation 0) than without. (It once made exactly as many: the
/// interpreter's heap-check fast path skipped the chaos decider.)
fn chaos_effect(
    hsrts: &Path,
    programs: &[Program],
    images: &BTreeMap<String, Result<PathBuf, String>>,
) -> StepResult {
    let start = Instant::now();
    let subject = format!("--chaos-gc has an effect ({CHAOS_PROBE})");
    let (Some(program), Some(Ok(image))) = (
        programs.iter().find(|p| p.name == CHAOS_PROBE),
        images.get(CHAOS_PROBE),
    ) else {
        println!("chaos effect: {CHAOS_PROBE} is not selected; not checked");
        return StepResult::single("programs", &subject, Ok(()), start.elapsed());
    };
    let collections = |extra: &[String]| -> Result<u64, String> {
        let mut rts = vec!["-s".to_owned()];
        rts.extend_from_slice(extra);
        let outcome = run_program(hsrts, image, program, &rts);
        program.check(&outcome).map_err(|m| m.to_string())?;
        gen0_collections(&String::from_utf8_lossy(&outcome.stderr))
            .ok_or_else(|| "no `Gen  0 ... colls` line in `+RTS -s` output".to_owned())
    };
    let chaos_rts = [format!("--chaos-gc={}", crate::matrix::CHAOS_GC_EVERY)];
    let outcome = collections(&[]).and_then(|plain| {
        let chaos = collections(&chaos_rts)?;
        println!(
            "chaos effect: {CHAOS_PROBE}: {plain} collections plainly, {chaos} under {}",
            chaos_rts[0]
        );
        if chaos > plain {
            Ok(())
        } else {
            Err(format!(
                "{} made {chaos} collections, no more than without it ({plain})",
                chaos_rts[0]
            ))
        }
    });
    StepResult::single("programs", &subject, outcome, start.elapsed())
}

/// The generation-0 collection count of `+RTS -s` output
/// (`  Gen  0   12 colls, ...`).
fn gen0_collections(stats: &str) -> Option<u64> {
    stats.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("Gen")?.trim_start();
        let rest = rest.strip_prefix('0')?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

/// `, N CPU-seconds` spent by finished child processes since `since` (the
/// measure that does not depend on what else the machine is doing), or
/// nothing where it is not known.
fn cpu_note(since: Option<Duration>) -> String {
    match (since, report::children_cpu()) {
        (Some(a), Some(b)) => format!(" ({} CPU)", report::format_duration(b.saturating_sub(a))),
        _ => String::new(),
    }
}

/// The program suite over `vectors` under every variant, then the
/// differential rows (`cargo xtask matrix --programs`).
pub fn program_matrix(ws: &Workspace, vectors: &[Vector], variants: &[Variant]) -> Vec<StepResult> {
    let mut matrix = ProgramMatrix::new(ws);
    let mut results = Vec::new();
    for v in vectors {
        results.extend(matrix.run_vector(ws, v, variants));
    }
    results.extend(matrix.differential());
    results
}

/// `hsrts build prog.hs -o DIR/prog.hsbc` for every program (the image is
/// named after the program so that it runs under the program's name).
fn compile_images(
    hsrts: &Path,
    dir: &Path,
    programs: &[Program],
) -> BTreeMap<String, Result<PathBuf, String>> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        let why = format!("{}: {e}", dir.display());
        return programs
            .iter()
            .map(|p| (p.name.clone(), Err(why.clone())))
            .collect();
    }
    let compiled = hsrts_tests::parallel_map(2, programs, |p| {
        let image = dir.join(format!("{}.hsbc", p.name));
        // Compiled in the program's directory under its bare file name, as
        // GHC compiled it when the output was recorded: source locations in
        // messages (`pattern_fail.hs:(10,1)-(11,19)`, `error, called at
        // uncaught_error.hs:10:22`) then read the same.
        let mut cmd = Command::new(hsrts);
        if let (Some(dir), Some(file)) = (p.source_path.parent(), p.source_path.file_name()) {
            cmd.current_dir(dir).arg("build").arg(file);
        } else {
            cmd.arg("build").arg(&p.source_path);
        }
        let out = cmd.arg("-o").arg(&image).output();
        match out {
            Ok(o) if o.status.success() => Ok(image),
            Ok(o) => Err(format!(
                "hsrts build failed: {}",
                String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .next()
                    .unwrap_or("")
            )),
            Err(e) => Err(format!("cannot run hsrts build: {e}")),
        }
    });
    programs
        .iter()
        .map(|p| p.name.clone())
        .zip(compiled)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vector::vector_of;

    fn outcome(code: i32, out: &str) -> Outcome {
        Outcome {
            stdout: out.as_bytes().to_vec(),
            stderr: Vec::new(),
            status: Status::Exited(code),
            elapsed: Duration::from_millis(5),
        }
    }

    #[test]
    fn agreeing_runs_are_not_reported_and_any_difference_is() {
        let a = vector_of(&["addr-mmap"]);
        let b = vector_of(&["addr-grow"]);
        let c = vector_of(&["addr-malloc"]);
        // Elapsed time differs between runs; it is not an observation.
        let mut slow = outcome(0, "1\n");
        slow.elapsed = Duration::from_secs(3);
        let same = vec![(a.clone(), outcome(0, "1\n")), (b.clone(), slow)];
        assert!(disagreements(&same).is_empty());
        let status = vec![
            (a.clone(), outcome(0, "1\n")),
            (b.clone(), outcome(1, "1\n")),
        ];
        assert_eq!(disagreements(&status).len(), 2);
        let output = vec![
            (a.clone(), outcome(0, "1\n")),
            (b.clone(), outcome(0, "2\n")),
            (c.clone(), outcome(0, "1\n")),
        ];
        assert_eq!(disagreements(&output), vec![vec![a, c], vec![b]]);
    }

    #[test]
    fn chaos_variant_passes_both_options() {
        let v = Variant::chaos(42, 7);
        assert_eq!(
            v.rts,
            vec!["--chaos-gc=7".to_owned(), "--chaos-switch=42".to_owned()]
        );
        assert!(Variant::plain().rts.is_empty());
    }

    fn matrix_with(runs: &[(&str, &str, &str, Outcome)]) -> ProgramMatrix {
        let mut m = ProgramMatrix {
            programs: Vec::new(),
            corpus_error: None,
            images_dir: PathBuf::new(),
            images: None,
            runs: BTreeMap::new(),
            vectors_run: 2,
            vectors_marked: 0,
        };
        for (group, program, who, outcome) in runs {
            m.runs
                .entry(((*group).to_owned(), (*program).to_owned()))
                .or_default()
                .push(((*who).to_owned(), outcome.clone()));
        }
        m
    }

    #[test]
    fn differential_rows_count_programs_per_group_whatever_the_expectation() {
        // `p` agrees everywhere (even though exit 1 may not be what its
        // expectation says: the comparison does not look at it); `q`
        // differs between two chaos runs of different vectors and seeds.
        let m = matrix_with(&[
            ("chaos", "p", "v1 (seed 1)", outcome(1, "x\n")),
            ("chaos", "p", "v2 (seed 2)", outcome(1, "x\n")),
            ("chaos", "q", "v1 (seed 1)", outcome(0, "1\n")),
            ("chaos", "q", "v2 (seed 2)", outcome(0, "2\n")),
            ("plain", "q", "v1 (plain)", outcome(0, "1\n")),
        ]);
        let rows = m.differential();
        assert_eq!(rows.len(), 2);
        let chaos = rows.iter().find(|r| r.subject.contains("chaos")).unwrap();
        assert_eq!((chaos.passed, chaos.failed), (1, 1));
        assert!(chaos.error.as_deref().unwrap().contains('q'));
        let plain = rows.iter().find(|r| r.subject.contains("plain")).unwrap();
        assert_eq!((plain.passed, plain.failed), (1, 0));
        // A differing stderr alone is a disagreement too.
        let mut noisy = outcome(0, "1\n");
        noisy.stderr = b"warning\n".to_vec();
        let m = matrix_with(&[
            ("chaos", "r", "v1", outcome(0, "1\n")),
            ("chaos", "r", "v2", noisy),
        ]);
        assert_eq!(m.differential()[0].failed, 1);
    }

    #[test]
    fn interp_none_leaves_the_whole_suite_out_and_others_do_not() {
        let none = vector_of(&["addr-mmap", "ctx-timer", "intr-signal", "interp-none"]);
        let libffi = vector_of(&["addr-mmap", "ctx-timer", "intr-signal", "interp-libffi"]);
        let table = vector_of(&["addr-mmap", "ctx-timer", "intr-signal", "interp-static"]);
        assert!(suite_mark(&none).is_some());
        assert!(!ProgramMatrix::runs_under(&none));
        assert!(marked("nfib", &none).is_some());
        assert!(ProgramMatrix::runs_under(&libffi) && ProgramMatrix::runs_under(&table));
        assert!(marked("nfib", &table).is_none());
        assert!(marked("ffi_libc", &table).is_some());
        assert!(marked("ffi_libc", &libffi).is_none());
    }

    #[test]
    fn gen0_collections_are_read_from_rts_statistics() {
        let stats = "     840,063,376 bytes allocated in the heap\n\
                     \n  Gen  0       812 colls,     0 par    0.1s   0.1s  0.0001s  0.0010s\n\
                     \n  Gen  1         3 colls,     0 par    0.0s   0.0s  0.0001s  0.0010s\n";
        assert_eq!(gen0_collections(stats), Some(812));
        assert_eq!(gen0_collections("  Gen  1  3 colls\n"), None);
        assert_eq!(gen0_collections("nothing"), None);
    }

    #[test]
    fn slow_programs_are_left_out_of_chaos_runs_only() {
        assert!(slow_under(&Variant::chaos(1, 97), "staggered_delays").is_some());
        assert!(slow_under(&Variant::plain(), "staggered_delays").is_none());
        assert!(slow_under(&Variant::chaos(1, 97), "hello").is_none());
        let corpus = hsrts_tests::load_corpus().unwrap();
        for (name, why) in SLOW_UNDER_CHAOS {
            assert!(corpus.iter().any(|p| p.name == *name), "no program {name}");
            assert!(!why.trim().is_empty());
        }
    }

    #[test]
    fn marks_say_why() {
        for m in MARKS {
            assert!(!m.why.trim().is_empty(), "{}", m.program);
            assert!(m.feature.contains('-'), "{}", m.feature);
        }
    }
}
