//! The cargo-test steps of `cargo xtask test` and `cargo xtask matrix`: the
//! workspace on the default vector, the runtime crates on one named vector,
//! the wasm32-wasip1 tests under wasmtime, and the program suite (`hsrts`
//! natively, as wasm modules, and with the sanity checker).
//!
//! Every step runs `cargo test --no-fail-fast` in the one shared target
//! directory, so each feature vector's build is cached between runs.

use std::process::Command;
use std::time::Instant;

use crate::Workspace;
use crate::exec::{self, TestCounts};
use crate::report::StepResult;
use crate::setup::WASM_TARGET;
use crate::vector::{self, Vector};

/// The crates whose behaviour depends on the feature vector and that carry
/// the features: their tests run once per vector.
pub const RUNTIME_PACKAGES: &[&str] = &["rts-features", "rts-core", "hsrts-capi"];
/// The crates whose tests run on wasm32-wasip1 under wasmtime.
pub const WASM_PACKAGES: &[&str] = &["rts-features", "rts-core"];

/// Tells hsrts-capi's tests which vector the build must have (see its test
/// `the_build_has_the_vector_that_was_asked_for`).
pub const EXPECTED_VECTOR_VAR: &str = "HSRTS_EXPECTED_FEATURE_VECTOR";

/// The tests of hsrts-tests that drive the `hsrts` executables; the
/// `programs` step runs them (with the executables built once), and the
/// `workspace` step leaves them out.
pub const PROGRAM_SUITE_TESTS: &[&str] = &["hsrts_suite", "cli::"];

fn cargo_test(
    ws: &Workspace,
    step: &str,
    subject: &str,
    expected: Option<&Vector>,
    args: &[&str],
) -> StepResult {
    cargo_test_with_env(ws, step, subject, expected, args, &[])
}

fn cargo_test_with_env(
    ws: &Workspace,
    step: &str,
    subject: &str,
    expected: Option<&Vector>,
    args: &[&str],
    env: &[(&str, std::path::PathBuf)],
) -> StepResult {
    println!("\n== {step}: {subject}");
    let start = Instant::now();
    let cpu_start = crate::report::children_cpu();
    let mut cargo = ws.cargo_command();
    cargo.args(["test", "--no-fail-fast"]).args(args);
    for (name, value) in env {
        cargo.env(name, value);
    }
    if let Some(expected) = expected {
        cargo.env(EXPECTED_VECTOR_VAR, expected.features_arg());
    }
    let (counts, success) = match exec::run(&mut cargo, true) {
        Ok(outcome) => (exec::count_tests(&outcome.lines), outcome.status.success()),
        Err(e) => {
            println!("{e}");
            (TestCounts::default(), false)
        }
    };
    let result = StepResult::from_cargo_test(step, subject, counts, success, start.elapsed());
    let cpu = match (cpu_start, crate::report::children_cpu()) {
        (Some(a), Some(b)) => format!(
            ", {} CPU",
            crate::report::format_duration(b.saturating_sub(a))
        ),
        _ => String::new(),
    };
    println!(
        "== {step}: {subject}: {} passed, {} failed in {}{cpu}",
        result.passed,
        result.failed,
        crate::report::format_duration(result.time)
    );
    result
}

/// `cargo test --workspace` on the host's default vector (xtask runs on
/// Linux; elsewhere the expected-vector check would need that host's
/// default).
pub fn workspace_tests(ws: &Workspace) -> StepResult {
    let default = vector::vector_of(vector::LINUX_DEFAULT);
    let mut args = vec!["--workspace", "--"];
    for test in PROGRAM_SUITE_TESTS {
        args.extend(["--skip", test]);
    }
    cargo_test(ws, "workspace", "default", Some(&default), &args)
}

/// The program suite (tests/all/hsrts_suite.rs) and the `hsrts` command's
/// tests (tests/all/cli.rs): builds `hsrts` (debug) and, for wasm32-wasip1
/// in release mode, the runner and `hsrts.wasm`, then runs those tests with
/// the executables named in the environment (tests/all/tools.rs).
pub fn program_suite(ws: &Workspace) -> StepResult {
    let start = Instant::now();
    let builds: [&[&str]; 2] = [
        &["build", "-p", "hsrts", "--bin", "hsrts"],
        &["build", "--release", "--target", WASM_TARGET, "-p", "hsrts"],
    ];
    for args in builds {
        println!("\n== programs: cargo {}", args.join(" "));
        let mut cargo = ws.cargo_command();
        cargo.args(args);
        let built = exec::run(&mut cargo, true).map_err(|e| e.to_string());
        let failure = match built {
            Ok(outcome) if outcome.status.success() => None,
            Ok(outcome) => Some(format!(
                "cargo {} failed ({})",
                args.join(" "),
                outcome.status
            )),
            Err(e) => Some(e),
        };
        if let Some(e) = failure {
            println!("programs: FAILED: {e}");
            return StepResult::single("programs", "build", Err(e), start.elapsed());
        }
    }
    let wasm_release = ws.target_dir.join(WASM_TARGET).join("release");
    let env = [
        ("HSRTS_BIN", ws.target_dir.join("debug").join("hsrts")),
        ("HSRTS_RUNNER", wasm_release.join("hsrts-runner.wasm")),
        ("HSRTS_WASM", wasm_release.join("hsrts.wasm")),
    ];
    let mut args = vec!["-p", "hsrts-tests", "--test", "all", "--"];
    args.extend(PROGRAM_SUITE_TESTS);
    cargo_test_with_env(
        ws,
        "programs",
        "tests/programs: native, wasm (wasmtime), sanity (-DS)",
        None,
        &args,
        &env,
    )
}

/// The runtime crates' tests with exactly `vector` selected.
///
/// The interpreter's corpus test is left out here (it runs once, in the
/// workspace step): running the corpus under every vector is the program
/// matrix's job (`cargo xtask matrix --programs`), which compares the
/// vectors with each other as well, and it would double this step's time.
pub fn runtime_tests(ws: &Workspace, step: &str, vector: &Vector) -> StepResult {
    let features = vector.features_arg();
    let mut args = Vec::new();
    for package in RUNTIME_PACKAGES {
        args.extend(["-p", package]);
    }
    if vector.0.iter().any(|f| f == NATIVE_ONLY_FEATURE) {
        args.extend(["-p", NATIVE_PACKAGE]);
    }
    args.extend(["--no-default-features", "--features", &features]);
    args.extend(["--", "--skip", CORPUS_TEST]);
    cargo_test(ws, step, &features, Some(vector), &args)
}

/// Programs compiled to native code at build time (crates/native-tests):
/// tested in the workspace step on the default vector and here on every
/// vector with [`NATIVE_ONLY_FEATURE`], where native code is the only way a
/// program runs (each such vector costs the build script's run and an
/// unoptimised build of the generated Rust, about half a minute of CPU).
pub const NATIVE_PACKAGE: &str = "native-tests";
/// The feature that leaves the bytecode interpreter out.
const NATIVE_ONLY_FEATURE: &str = "interp-none";

/// rts-core's test that runs the asserted corpus programs one by one.
const CORPUS_TEST: &str = "corpus_programs_match_ghc";

/// The wasm32-wasip1 tests, run by the cargo runner configured in
/// `.cargo/config.toml` (wasmtime).
pub fn wasm_tests(ws: &Workspace) -> StepResult {
    let mut args = vec!["--target", WASM_TARGET];
    for package in WASM_PACKAGES {
        args.extend(["-p", package]);
    }
    cargo_test(
        ws,
        "wasm",
        &format!("{WASM_TARGET} default (wasmtime)"),
        None,
        &args,
    )
}

/// Builds the `hsrts` tool for wasm32-wasip1 and checks that `hsrts.wasm
/// info`, run under wasmtime, reports the wasm default vector.
pub fn wasm_tool_info(ws: &Workspace) -> StepResult {
    println!("\n== wasm: hsrts.wasm info (wasmtime)");
    let start = Instant::now();
    let expected = vector::vector_of(vector::WASM_DEFAULT);
    let outcome = (|| {
        let mut build = ws.cargo_command();
        build.args(["build", "-p", "hsrts", "--target", WASM_TARGET]);
        let built = exec::run(&mut build, true).map_err(|e| e.to_string())?;
        if !built.status.success() {
            return Err(format!(
                "building hsrts for {WASM_TARGET} failed ({})",
                built.status
            ));
        }
        let module = ws
            .target_dir
            .join(WASM_TARGET)
            .join("debug")
            .join("hsrts.wasm");
        let mut run = Command::new("wasmtime");
        run.arg("run").arg(&module).arg("info");
        let ran = exec::run(&mut run, true).map_err(|e| e.to_string())?;
        if !ran.status.success() {
            return Err(format!("`hsrts.wasm info` failed ({})", ran.status));
        }
        check_info_vector(&ran.stdout, &expected)
    })();
    if let Err(e) = &outcome {
        println!("hsrts.wasm info: FAILED: {e}");
    }
    StepResult::single(
        "wasm",
        &format!("hsrts.wasm info ({expected})"),
        outcome,
        start.elapsed(),
    )
}

/// Finds the `("Feature vector", "...")` line of `hsrts info` output and
/// compares it with `expected`.
fn check_info_vector(stdout: &[String], expected: &Vector) -> Result<(), String> {
    let key = "(\"Feature vector\", \"";
    let found = stdout.iter().find_map(|line| {
        let (_, rest) = line.split_once(key)?;
        rest.strip_suffix("\")")
    });
    match found {
        Some(v) if v == expected.features_arg() => Ok(()),
        Some(v) => Err(format!("`hsrts info` reports `{v}`, expected `{expected}`")),
        None => Err(format!(
            "no feature vector line in `hsrts info` output {stdout:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_vector_line_is_found_and_compared() {
        let v = vector::vector_of(vector::WASM_DEFAULT);
        let out = |vector: &str| {
            vec![
                " [(\"hsrts version\", \"0.1.0\")".to_owned(),
                format!(" ,(\"Feature vector\", \"{vector}\")"),
                " ]".to_owned(),
            ]
        };
        assert_eq!(
            check_info_vector(&out("addr-malloc,ctx-clock,intr-host,interp-static"), &v),
            Ok(())
        );
        assert!(
            check_info_vector(&out("addr-mmap,ctx-clock,intr-host,interp-static"), &v).is_err()
        );
        assert!(check_info_vector(&[" ]".to_owned()], &v).is_err());
    }
}
