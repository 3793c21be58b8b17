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
use crate::report::StepResult;
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

/// Today only the program that calls C by name needs marks.
pub const MARKS: &[Mark] = &[
    Mark {
        program: "ffi_libc",
        feature: "interp-static",
        why: "calls libc functions by name; interp-static calls only functions registered \
              in a link-time table, and `hsrts` registers only malloc/calloc/free",
    },
    Mark {
        program: "ffi_libc",
        feature: "interp-none",
        why: "foreign calls need the interpreter's FFI",
    },
];

fn marked(program: &str, v: &Vector) -> Option<&'static Mark> {
    MARKS
        .iter()
        .find(|m| m.program == program && v.0.iter().any(|f| f == m.feature))
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
    hsrts_tests::run_command(cmd, program, program.meta.timeout_or_default())
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
    let outcome = run_program(&hsrts, &program.source_path, program, &[]);
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
}

impl Variant {
    pub fn plain() -> Variant {
        Variant {
            name: "plain".to_owned(),
            rts: Vec::new(),
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

/// Groups the vectors of one program's runs by what they observed; more
/// than one group is a differential failure.
fn disagreements(runs: &[(Vector, Outcome)]) -> Vec<Vec<Vector>> {
    let mut groups: Vec<(Observation<'_>, Vec<Vector>)> = Vec::new();
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

/// The program suite over `vectors` under every variant.
pub fn program_matrix(ws: &Workspace, vectors: &[Vector], variants: &[Variant]) -> Vec<StepResult> {
    let mut results = Vec::new();
    let programs: Vec<Program> = match hsrts_tests::load_corpus() {
        Ok(all) => all.into_iter().filter(hsrts_tests::selected).collect(),
        Err(e) => {
            return vec![StepResult::single(
                "programs",
                "corpus",
                Err(e.to_string()),
                Duration::ZERO,
            )];
        }
    };
    println!("{} programs (HSRTS_PROGRAMS selects)", programs.len());
    // Every run, by (variant, program): the vector and its outcome.
    let mut runs: BTreeMap<(usize, String), Vec<(Vector, Outcome)>> = BTreeMap::new();
    let images_dir = ws.target_dir.join("xtask-images");
    let mut images: Option<BTreeMap<String, Result<PathBuf, String>>> = None;
    for v in vectors {
        println!("\n== programs: {v}");
        let start = Instant::now();
        let hsrts = match hsrts_for(ws, v) {
            Ok(h) => h,
            Err(e) => {
                results.push(StepResult::single(
                    "programs",
                    &v.to_string(),
                    Err(e),
                    start.elapsed(),
                ));
                continue;
            }
        };
        if !has_run_command(&hsrts) {
            results.push(StepResult::single(
                "programs",
                &v.to_string(),
                Err("hsrts run not available".to_owned()),
                start.elapsed(),
            ));
            continue;
        }
        // Images are vector-independent: compile them once, with the first
        // hsrts that can.
        let images = images.get_or_insert_with(|| compile_images(&hsrts, &images_dir, &programs));
        // The first variant's row includes the vector's build.
        let mut row_start = start;
        for (vi, variant) in variants.iter().enumerate() {
            if vi > 0 {
                row_start = Instant::now();
            }
            let outcomes = hsrts_tests::parallel_map(2, &programs, |p| match &images[&p.name] {
                Ok(image) => run_program(&hsrts, image, p, &variant.rts),
                Err(e) => Outcome::not_run(e.clone()),
            });
            let (mut passed, mut failed, mut names) = (0, 0, Vec::new());
            for (p, outcome) in programs.iter().zip(outcomes) {
                if let Some(mark) = marked(&p.name, v) {
                    println!("{}: left out under {}: {}", p.name, mark.feature, mark.why);
                } else {
                    match p.check(&outcome) {
                        Ok(()) => passed += 1,
                        Err(m) => {
                            print!("{m}");
                            failed += 1;
                            names.push(p.name.clone());
                        }
                    }
                    runs.entry((vi, p.name.clone()))
                        .or_default()
                        .push((v.clone(), outcome));
                }
            }
            println!(
                "== programs: {v} ({}): {passed} passed, {failed} failed",
                variant.name
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
    }
    for (vi, variant) in variants.iter().enumerate() {
        let (mut agree, mut differ) = (0, Vec::new());
        for ((i, name), program_runs) in &runs {
            if *i != vi {
                continue;
            }
            let groups = disagreements(program_runs);
            if groups.is_empty() {
                agree += 1;
            } else {
                let text: Vec<String> = groups
                    .iter()
                    .map(|g| {
                        g.iter()
                            .map(Vector::to_string)
                            .collect::<Vec<_>>()
                            .join(" | ")
                    })
                    .collect();
                println!(
                    "differential: {name} ({}): vectors disagree: [{}]",
                    variant.name,
                    text.join("] vs [")
                );
                differ.push(name.clone());
            }
        }
        results.push(StepResult {
            step: "differential".to_owned(),
            subject: format!("{} vectors ({})", vectors.len(), variant.name),
            passed: agree,
            failed: differ.len() as u64,
            time: Duration::ZERO,
            error: (!differ.is_empty())
                .then(|| format!("vectors disagree on: {}", differ.join(" "))),
        });
    }
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
        let out = Command::new(hsrts)
            .arg("build")
            .arg(&p.source_path)
            .arg("-o")
            .arg(&image)
            .output();
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

    #[test]
    fn marks_say_why() {
        for m in MARKS {
            assert!(!m.why.trim().is_empty(), "{}", m.program);
            assert!(m.feature.contains('-'), "{}", m.feature);
        }
    }
}
