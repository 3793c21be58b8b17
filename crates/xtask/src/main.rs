//! `cargo xtask`: the project's automation, in plain Rust with no
//! dependencies so that it builds on a fresh machine in seconds.
//!
//! - `test`: the README's test command (what CI runs): prerequisites, the
//!   workspace tests, the runtime tests on a pairwise covering set of
//!   feature vectors, the wasm32-wasip1 tests under wasmtime, and the C link
//!   test on both targets; then a summary whose last line is
//!   `N passed, N failed`.
//! - `matrix`: the runtime tests over the covering set, or over every vector
//!   with `--all`. (The program-suite matrix and `bisect-features` of the
//!   differential-testing issue extend `matrix.rs`.)
//! - `capi`: only the C link test.
//!
//! Modules: `vector` (axes and vectors), `covering` (the pairwise
//! construction), `steps` (cargo test steps), `capi` (C link test), `setup`
//! (prerequisites), `exec` (child processes), `report` (summary table).

mod capi;
mod covering;
mod exec;
mod matrix;
mod report;
mod setup;
mod steps;
mod vector;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  test      the full test run (what CI runs): installs missing prerequisites,
            then runs the workspace tests, the runtime tests on a pairwise
            covering set of feature vectors, the wasm32-wasip1 tests under
            wasmtime and the C link tests
              --skip-install      do not check or install prerequisites
              --skip STEP         leave out a step (repeatable)
              --only STEP         run only these steps (repeatable)
            steps: workspace, vectors, wasm, capi
  matrix    the runtime tests (rts-features, rts-core, hsrts-capi) over the
            pairwise covering set of feature vectors
              --all               over all vectors instead (slow)
              --vector V          over the one vector V (repeatable), e.g.
                                  addr-grow,ctx-every-n,intr-none,interp-static
              --list              print the vectors and stop
  capi      only the C link test (native and wasm32-wasip1)
  help      this text

Output ends with a summary table and the line `N passed, N failed`; the exit
status is non-zero when anything failed.";

/// Where the workspace is and how to call cargo in it.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub cargo: PathBuf,
    /// The target directory shared by every step (`CARGO_TARGET_DIR` or
    /// `target/`), so builds of each vector are cached.
    pub target_dir: PathBuf,
}

impl Workspace {
    fn locate() -> Workspace {
        // crates/xtask -> the workspace root. (Not canonicalized: the
        // workspace may be reached through a symbolic link.)
        let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir
            .ancestors()
            .nth(2)
            .map_or_else(|| manifest_dir.join("../.."), PathBuf::from);
        let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
        let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) if !dir.is_empty() => root.join(dir),
            _ => root.join("target"),
        };
        Workspace {
            root,
            cargo,
            target_dir,
        }
    }

    /// `cargo` run in the workspace root.
    pub fn cargo_command(&self) -> Command {
        let mut cmd = Command::new(&self.cargo);
        cmd.current_dir(&self.root);
        cmd
    }
}

/// The steps of `cargo xtask test`, in the order they run.
pub const STEPS: &[&str] = &["workspace", "vectors", "wasm", "capi"];

#[derive(Debug)]
struct CliError(String);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}\nrun `cargo xtask help` for the commands and options",
            self.0
        )
    }
}

fn main() -> ExitCode {
    setup::add_cargo_bin_to_path();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ws = Workspace::locate();
    let result = match args.first().map(String::as_str) {
        None | Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some("test") => test_command(&ws, &args[1..]),
        Some("matrix") => matrix::matrix_command(&ws, &args[1..]),
        Some("capi") => reject_extra(&args[1..]).map(|()| {
            let start = std::time::Instant::now();
            matrix::finish(&capi::run_all(&ws), start)
        }),
        Some(other) => Err(CliError(format!("unknown command `{other}`"))),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn reject_extra(args: &[String]) -> Result<(), CliError> {
    match args.first() {
        Some(arg) => Err(CliError(format!("unexpected argument `{arg}`"))),
        None => Ok(()),
    }
}

/// Options of `cargo xtask test`.
#[derive(Debug, PartialEq, Eq)]
struct TestOptions {
    install: bool,
    steps: Vec<&'static str>,
}

fn parse_test_options(args: &[String]) -> Result<TestOptions, CliError> {
    let mut install = true;
    let mut skip: Vec<&'static str> = Vec::new();
    let mut only: Vec<&'static str> = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--skip-install" => install = false,
            "--skip" | "--only" => {
                let value = iter
                    .next()
                    .ok_or_else(|| CliError(format!("{arg} needs a step name")))?;
                let step = STEPS.iter().copied().find(|s| s == value).ok_or_else(|| {
                    CliError(format!(
                        "unknown step `{value}` (steps: {})",
                        STEPS.join(", ")
                    ))
                })?;
                if arg == "--skip" {
                    skip.push(step)
                } else {
                    only.push(step)
                }
            }
            other => return Err(CliError(format!("unknown option `{other}` for `test`"))),
        }
    }
    let steps = STEPS
        .iter()
        .copied()
        .filter(|s| (only.is_empty() || only.contains(s)) && !skip.contains(s))
        .collect();
    Ok(TestOptions { install, steps })
}

fn test_command(ws: &Workspace, args: &[String]) -> Result<ExitCode, CliError> {
    let options = parse_test_options(args)?;
    let start = std::time::Instant::now();
    let axes = vector::read_axes(&ws.root).map_err(|e| CliError(e.to_string()))?;
    if options.install {
        if let Err(e) = setup::ensure_prerequisites(ws) {
            eprintln!("error: prerequisites: {e}");
            let failed =
                report::StepResult::single("setup", "prerequisites", Err(e), start.elapsed());
            return Ok(matrix::finish(&[failed], start));
        }
    }
    let mut results = Vec::new();
    for step in &options.steps {
        match *step {
            "workspace" => results.push(steps::workspace_tests(ws)),
            "vectors" => {
                let vectors = vector::pairwise_vectors(&axes);
                matrix::print_vectors("pairwise covering set", &vectors);
                for v in &vectors {
                    results.push(steps::runtime_tests(ws, "vectors", v));
                }
            }
            "wasm" => {
                results.push(steps::wasm_tests(ws));
                results.push(steps::wasm_tool_info(ws));
            }
            "capi" => results.extend(capi::run_all(ws)),
            _ => unreachable!("steps come from STEPS"),
        }
    }
    Ok(matrix::finish(&results, start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_workspace_root_is_found() {
        let ws = Workspace::locate();
        let manifest = std::fs::read_to_string(ws.root.join("Cargo.toml")).unwrap();
        assert!(manifest.contains("[workspace]"), "{}", ws.root.display());
        assert!(ws.root.join("crates/xtask/Cargo.toml").is_file());
    }

    #[test]
    fn test_options() {
        let all = parse_test_options(&[]).unwrap();
        assert_eq!(
            all,
            TestOptions {
                install: true,
                steps: STEPS.to_vec()
            }
        );
        let some =
            parse_test_options(&strings(&["--skip", "workspace", "--skip-install"])).unwrap();
        assert_eq!(
            some,
            TestOptions {
                install: false,
                steps: vec!["vectors", "wasm", "capi"]
            }
        );
        let only = parse_test_options(&strings(&["--only", "capi", "--only", "wasm"])).unwrap();
        assert_eq!(only.steps, vec!["wasm", "capi"]);
        assert!(parse_test_options(&strings(&["--skip", "everything"])).is_err());
        assert!(parse_test_options(&strings(&["--skip"])).is_err());
        assert!(parse_test_options(&strings(&["--fast"])).is_err());
    }
}
