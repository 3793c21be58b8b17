//! `cargo xtask bisect-features`: given a vector where a test passes and one
//! where it fails, find a minimal set of axes whose switch to the failing
//! vector's implementations still fails (ddmin over axes, `ddmin.rs`), then
//! try the other implementations of each guilty axis. `--random N` samples
//! vectors until one fails and bisects that one, QuickCheck style.
//!
//! A test is a cargo test filter over the runtime crates, or a corpus
//! program (`programs.rs` builds and runs it). Each run builds the vector in
//! the shared target directory, so cargo caches every vector once built.
//! The planted-fault self-test is in `faults.rs`.

use std::collections::BTreeMap;
use std::fmt;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::ddmin::{Verdict, ddmin};
use crate::report::format_duration;
use crate::vector::{self, Axis, Vector};
use crate::{CliError, Workspace, exec, programs};

/// The packages a test filter runs in unless `--package` says otherwise.
pub const DEFAULT_PACKAGES: &[&str] = &["rts-features", "rts-core"];

/// What is being bisected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// `cargo test -p P.. [--test T] --no-default-features --features V,extra -- filter`.
    CargoTest {
        filter: String,
        packages: Vec<String>,
        test_target: Option<String>,
        /// Added to every vector's features (e.g. planted faults,
        /// `rts-features/fault-addr-malloc-misalign`).
        extra_features: Vec<String>,
    },
    /// A corpus program `tests/programs/<name>.hs`, run by `hsrts` built
    /// with the vector.
    Program { name: String },
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::CargoTest {
                filter,
                packages,
                test_target,
                extra_features,
            } => {
                write!(f, "cargo test `{filter}` in {}", packages.join(", "))?;
                if let Some(t) = test_target {
                    write!(f, " (--test {t})")?;
                }
                if !extra_features.is_empty() {
                    write!(f, " with {}", extra_features.join(","))?;
                }
                Ok(())
            }
            Subject::Program { name } => write!(f, "program tests/programs/{name}.hs"),
        }
    }
}

/// One run of the subject on one vector.
#[derive(Debug, Clone)]
pub struct Run {
    pub vector: Vector,
    pub verdict: Verdict,
    pub time: Duration,
}

/// Runs the subject on vectors, remembering every verdict (ddmin may ask
/// twice) and printing one line per run.
pub struct Runner<'a> {
    ws: &'a Workspace,
    subject: Subject,
    cache: BTreeMap<Vector, Verdict>,
    pub runs: Vec<Run>,
}

impl<'a> Runner<'a> {
    pub fn new(ws: &'a Workspace, subject: Subject) -> Self {
        Runner {
            ws,
            subject,
            cache: BTreeMap::new(),
            runs: Vec::new(),
        }
    }

    pub fn verdict(&mut self, v: &Vector) -> Verdict {
        if let Some(known) = self.cache.get(v) {
            return known.clone();
        }
        let start = Instant::now();
        let verdict = match &self.subject {
            Subject::CargoTest {
                filter,
                packages,
                test_target,
                extra_features,
            } => cargo_test_verdict(
                self.ws,
                v,
                filter,
                packages,
                test_target.as_deref(),
                extra_features,
            ),
            Subject::Program { name } => programs::program_verdict(self.ws, v, name),
        };
        let time = start.elapsed();
        println!(
            "run {:>2}: {v}  {}  ({})",
            self.runs.len() + 1,
            describe_verdict(&verdict),
            format_duration(time)
        );
        self.runs.push(Run {
            vector: v.clone(),
            verdict: verdict.clone(),
            time,
        });
        self.cache.insert(v.clone(), verdict.clone());
        verdict
    }
}

pub fn describe_verdict(v: &Verdict) -> String {
    match v {
        Verdict::Pass => "pass".to_owned(),
        Verdict::Fail => "FAIL".to_owned(),
        Verdict::Unresolved(why) => format!("unresolved ({why})"),
    }
}

/// Classifies one `cargo test` run: a failing test (or a crashed test
/// binary) is a failure; a build error or a filter that matched nothing is
/// unresolved.
fn cargo_test_verdict(
    ws: &Workspace,
    v: &Vector,
    filter: &str,
    packages: &[String],
    test_target: Option<&str>,
    extra: &[String],
) -> Verdict {
    let mut features = v.features_arg();
    for e in extra {
        features.push(',');
        features.push_str(e);
    }
    let mut cargo = ws.cargo_command();
    cargo.args(["test", "--no-fail-fast"]);
    for p in packages {
        cargo.args(["-p", p]);
    }
    if let Some(t) = test_target {
        cargo.args(["--test", t]);
    }
    cargo.args([
        "--no-default-features",
        "--features",
        &features,
        "--",
        filter,
    ]);
    let outcome = match exec::run(&mut cargo, false) {
        Ok(o) => o,
        Err(e) => return Verdict::Unresolved(e.to_string()),
    };
    let counts = exec::count_tests(&outcome.lines);
    for line in &outcome.lines {
        if line.starts_with("test ") && line.ends_with("FAILED") {
            println!("        {line}");
        }
    }
    classify(
        counts,
        outcome.status.success(),
        outcome
            .lines
            .iter()
            .any(|l| l.contains("could not compile")),
    )
}

fn classify(counts: exec::TestCounts, success: bool, compile_error: bool) -> Verdict {
    if counts.failed > 0 {
        Verdict::Fail
    } else if compile_error {
        Verdict::Unresolved("build error".to_owned())
    } else if !success {
        // A test binary that crashed (abort, signal) before its summary.
        Verdict::Fail
    } else if counts.passed == 0 {
        Verdict::Unresolved("no test matched the filter".to_owned())
    } else {
        Verdict::Pass
    }
}

/// The result of a bisection.
#[derive(Debug, Clone)]
pub struct Bisection {
    pub from: Vector,
    pub to: Vector,
    /// The minimal failing vector: `from` with the guilty axes switched.
    pub minimal: Vector,
    /// The guilty axes (indices into the axes), 1-minimal.
    pub axes: Vec<usize>,
    /// For each guilty axis, each of its implementations tried in the
    /// minimal vector and the verdict.
    pub implementations: Vec<(usize, Vec<(String, Verdict)>)>,
}

/// Why a bisection could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BisectError {
    FromFails(Vector, Verdict),
    ToPasses(Vector, Verdict),
}

impl fmt::Display for BisectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BisectError::FromFails(v, verdict) => write!(
                f,
                "the test does not pass on the starting vector {v} ({}): nothing to bisect \
                 (it does not depend on the features; or pick --from)",
                describe_verdict(verdict)
            ),
            BisectError::ToPasses(v, verdict) => write!(
                f,
                "the test does not fail on the target vector {v} ({}): nothing to bisect (pick --to)",
                describe_verdict(verdict)
            ),
        }
    }
}

/// Bisects between `from` (should pass) and `to` (should fail).
pub fn bisect(
    runner: &mut Runner<'_>,
    axes: &[Axis],
    from: &Vector,
    to: &Vector,
) -> Result<Bisection, BisectError> {
    let at_from = runner.verdict(from);
    if at_from != Verdict::Pass {
        return Err(BisectError::FromFails(from.clone(), at_from));
    }
    let at_to = runner.verdict(to);
    if !at_to.fails() {
        return Err(BisectError::ToPasses(to.clone(), at_to));
    }
    let differing: Vec<usize> = (0..axes.len()).filter(|&i| from.0[i] != to.0[i]).collect();
    let switched = |set: &[usize]| {
        let mut v = from.clone();
        for &i in set {
            v.0[i] = to.0[i].clone();
        }
        v
    };
    let guilty = ddmin(&differing, &mut |set: &[usize]| {
        runner.verdict(&switched(set))
    });
    let minimal = switched(&guilty);
    let mut implementations = Vec::new();
    for &i in &guilty {
        let mut tried = Vec::new();
        for feature in &axes[i].features {
            if *feature == from.0[i] {
                continue;
            }
            let mut v = minimal.clone();
            v.0[i] = feature.clone();
            tried.push((feature.clone(), runner.verdict(&v)));
        }
        implementations.push((i, tried));
    }
    Ok(Bisection {
        from: from.clone(),
        to: to.clone(),
        minimal,
        axes: guilty,
        implementations,
    })
}

/// The report printed at the end of a bisection.
pub fn render(b: &Bisection, axes: &[Axis], runs: &[Run], total: Duration) -> String {
    let mut out = String::new();
    out.push_str(&format!("\npassing vector: {}\n", b.from));
    out.push_str(&format!("failing vector: {}\n", b.to));
    out.push_str(&format!("minimal failing vector: {}\n", b.minimal));
    let names: Vec<String> = b
        .axes
        .iter()
        .map(|&i| format!("{} ({} -> {})", axes[i].name, b.from.0[i], b.to.0[i]))
        .collect();
    out.push_str(&format!("guilty axes: {}\n", names.join(", ")));
    for (i, tried) in &b.implementations {
        let fails: Vec<&str> = tried
            .iter()
            .filter(|(_, v)| v.fails())
            .map(|(f, _)| f.as_str())
            .collect();
        let others: Vec<String> = tried
            .iter()
            .filter(|(_, v)| !v.fails())
            .map(|(f, v)| format!("{f} ({})", describe_verdict(v)))
            .collect();
        out.push_str(&format!(
            "  axis {}: fails with {}; not with {} (the rest of the minimal vector fixed)\n",
            axes[*i].name,
            if fails.is_empty() {
                "none".to_owned()
            } else {
                fails.join(", ")
            },
            if others.is_empty() {
                "-".to_owned()
            } else {
                others.join(", ")
            }
        ));
    }
    let build_time: Duration = runs.iter().map(|r| r.time).sum();
    let failing: Vec<String> = runs
        .iter()
        .filter(|r| r.verdict.fails())
        .map(|r| r.vector.to_string())
        .collect();
    out.push_str(&format!("failing runs: {}\n", failing.len()));
    out.push_str(&format!(
        "{} runs ({} in builds and tests), total {}",
        runs.len(),
        format_duration(build_time),
        format_duration(total)
    ));
    out
}

/// Options of `bisect-features`.
#[derive(Debug, PartialEq, Eq)]
struct Options {
    test: Option<String>,
    from: Option<String>,
    to: Option<String>,
    random: Option<u32>,
    seed: u64,
    packages: Vec<String>,
    test_target: Option<String>,
    extra_features: Vec<String>,
    self_test: bool,
}

fn parse_options(args: &[String]) -> Result<Options, CliError> {
    let mut o = Options {
        test: None,
        from: None,
        to: None,
        random: None,
        seed: 1,
        packages: Vec::new(),
        test_target: None,
        extra_features: Vec::new(),
        self_test: false,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |what: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| CliError(format!("{arg} needs {what}")))
        };
        match arg.as_str() {
            "--from" => o.from = Some(value("a vector")?),
            "--to" => o.to = Some(value("a vector")?),
            "--random" => {
                let n = value("a number")?;
                o.random = Some(
                    n.parse()
                        .map_err(|_| CliError(format!("bad --random `{n}`")))?,
                );
            }
            "--seed" => {
                let s = value("a number")?;
                o.seed = s
                    .parse()
                    .map_err(|_| CliError(format!("bad --seed `{s}`")))?;
            }
            "--package" | "-p" => o.packages.push(value("a package")?),
            "--test" => o.test_target = Some(value("a test target")?),
            "--with" => o
                .extra_features
                .extend(value("features")?.split(',').map(str::to_owned)),
            "--self-test" => o.self_test = true,
            other if other.starts_with('-') => {
                return Err(CliError(format!(
                    "unknown option `{other}` for `bisect-features`"
                )));
            }
            other => {
                if o.test.replace(other.to_owned()).is_some() {
                    return Err(CliError(format!("a second test `{other}`: give one")));
                }
            }
        }
    }
    if o.self_test && o.test.is_some() {
        return Err(CliError("--self-test takes no test".to_owned()));
    }
    if !o.self_test && o.test.is_none() {
        return Err(CliError(
            "bisect-features needs a test (a cargo test filter or a program name)".to_owned(),
        ));
    }
    Ok(o)
}

/// A test names a corpus program when `tests/programs/<name>.hs` exists (or
/// it is given as that path); otherwise it is a cargo test filter.
fn subject_of(ws: &Workspace, o: &Options, test: &str) -> Subject {
    let relative = test.strip_prefix("tests/programs/").unwrap_or(test);
    let stem = relative.strip_suffix(".hs").unwrap_or(relative);
    let is_program = o.packages.is_empty()
        && o.test_target.is_none()
        && o.extra_features.is_empty()
        && ws
            .root
            .join("tests/programs")
            .join(format!("{stem}.hs"))
            .is_file();
    if is_program {
        Subject::Program {
            name: stem.to_owned(),
        }
    } else {
        Subject::CargoTest {
            filter: test.to_owned(),
            packages: if o.packages.is_empty() {
                DEFAULT_PACKAGES.iter().map(|s| (*s).to_owned()).collect()
            } else {
                o.packages.clone()
            },
            test_target: o.test_target.clone(),
            extra_features: o.extra_features.clone(),
        }
    }
}

pub fn bisect_command(ws: &Workspace, args: &[String]) -> Result<ExitCode, CliError> {
    let o = parse_options(args)?;
    let axes = vector::read_axes(&ws.root).map_err(|e| CliError(e.to_string()))?;
    if o.self_test {
        return Ok(crate::faults::self_test_command(ws, &axes));
    }
    let start = Instant::now();
    let parse = |v: &Option<String>, default: &[&str]| match v {
        Some(names) => vector::parse_vector(&axes, names).map_err(|e| CliError(e.to_string())),
        None => Ok(vector::vector_of(default)),
    };
    let from = parse(&o.from, vector::LINUX_DEFAULT)?;
    let test = o.test.clone().unwrap_or_default();
    let subject = subject_of(ws, &o, &test);
    println!("bisect-features: {subject}");
    let mut runner = Runner::new(ws, subject);
    let to = match o.random {
        None => parse(&o.to, vector::WASM_DEFAULT)?,
        Some(n) => {
            let all = vector::all_vectors(&axes);
            println!(
                "sampling {n} random vectors of {} (seed {})",
                all.len(),
                o.seed
            );
            let mut rng = SplitMix64(o.seed);
            let mut found = None;
            for _ in 0..n {
                let v = &all[(rng.next() % all.len() as u64) as usize];
                if runner.verdict(v).fails() {
                    found = Some(v.clone());
                    break;
                }
            }
            match found {
                Some(v) => {
                    println!("first failure: {v}; shrinking");
                    v
                }
                None => {
                    println!(
                        "\nno failure in {n} random vectors (seed {}), {}",
                        o.seed,
                        format_duration(start.elapsed())
                    );
                    return Ok(ExitCode::SUCCESS);
                }
            }
        }
    };
    match bisect(&mut runner, &axes, &from, &to) {
        Ok(b) => {
            println!("{}", render(&b, &axes, &runner.runs, start.elapsed()));
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// A small deterministic generator (SplitMix64) for `--random`: the same
/// seed samples the same vectors on every machine.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn options() {
        let o = parse_options(&strings(&[
            "addr_",
            "--to",
            "a",
            "--random",
            "5",
            "--seed",
            "9",
            "-p",
            "rts-features",
            "--with",
            "x,y",
        ]))
        .unwrap();
        assert_eq!(o.test.as_deref(), Some("addr_"));
        assert_eq!(o.to.as_deref(), Some("a"));
        assert_eq!((o.random, o.seed), (Some(5), 9));
        assert_eq!(o.packages, strings(&["rts-features"]));
        assert_eq!(o.extra_features, strings(&["x", "y"]));
        assert!(parse_options(&[]).is_err());
        assert!(parse_options(&strings(&["a", "b"])).is_err());
        assert!(parse_options(&strings(&["a", "--random", "many"])).is_err());
        assert!(parse_options(&strings(&["--self-test", "a"])).is_err());
        assert!(parse_options(&strings(&["--self-test"])).unwrap().self_test);
    }

    #[test]
    fn verdicts_from_cargo_test() {
        let counts = |passed, failed, binaries| exec::TestCounts {
            passed,
            failed,
            binaries,
        };
        assert_eq!(classify(counts(3, 0, 1), true, false), Verdict::Pass);
        assert_eq!(classify(counts(2, 1, 1), false, false), Verdict::Fail);
        assert_eq!(classify(counts(0, 0, 0), false, false), Verdict::Fail);
        assert!(matches!(
            classify(counts(0, 0, 0), false, true),
            Verdict::Unresolved(_)
        ));
        assert!(matches!(
            classify(counts(0, 0, 2), true, false),
            Verdict::Unresolved(_)
        ));
    }

    #[test]
    fn a_program_name_or_path_is_a_program_else_a_filter() {
        let ws = Workspace::locate();
        let o = parse_options(&strings(&["x"])).unwrap();
        // Any corpus program will do.
        let dir = ws.root.join("tests/programs");
        let name = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .find_map(|f| f.strip_suffix(".hs").map(str::to_owned))
            .unwrap();
        let want = Subject::Program { name: name.clone() };
        assert_eq!(subject_of(&ws, &o, &name), want);
        assert_eq!(
            subject_of(&ws, &o, &format!("tests/programs/{name}.hs")),
            want
        );
        match subject_of(&ws, &o, "addr::tests") {
            Subject::CargoTest {
                filter, packages, ..
            } => {
                assert_eq!(filter, "addr::tests");
                assert_eq!(packages, strings(DEFAULT_PACKAGES));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn splitmix_is_deterministic_and_spread() {
        let a: Vec<u64> = (0..4).scan(SplitMix64(7), |r, _| Some(r.next())).collect();
        let b: Vec<u64> = (0..4).scan(SplitMix64(7), |r, _| Some(r.next())).collect();
        assert_eq!(a, b);
        let mut seen = std::collections::BTreeSet::new();
        let mut r = SplitMix64(1);
        for _ in 0..200 {
            seen.insert(r.next() % 108);
        }
        assert!(seen.len() > 60, "{}", seen.len());
    }
}
