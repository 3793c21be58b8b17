//! The `jsffi` step of `cargo xtask test`: the JavaScript side of hsrts.
//!
//! 1. Installs what is missing, saying so: Debian's `chromium` (the browser
//!    the tests drive; playwright-core never downloads one) and the npm
//!    packages of tests/jsffi/browser (`npm ci`: playwright-core and the
//!    WASI shim, versions pinned by its package-lock.json).
//! 2. Builds the native `hsrts` (debug) and the wasm32-wasip1 runners
//!    (release): the command runner, shared with the `programs` step's
//!    build, and the JS FFI reactor runner (crates/hsrts-reactor).
//! 3. Runs node's test runner on tests/jsffi/node/ (the JS FFI runtime in
//!    node) and on tests/jsffi/browser/ (headless Chromium), with `HSRTS`,
//!    `HSRTS_RUNNER`, `HSRTS_REACTOR` and `HSRTS_WASM_DIR` naming what step
//!    2 built.
//!
//! Counts come from the TAP summary node prints (`# pass N`, `# fail N`,
//! `# cancelled N`); a run that exits non-zero with no failure counted, or
//! that ran no test, counts as one failure.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::Workspace;
use crate::exec;
use crate::report::StepResult;
use crate::setup::{self, WASM_TARGET};

/// Where the browser tests live (their package.json / package-lock.json).
pub const BROWSER_TESTS: &str = "tests/jsffi/browser";
/// Where helper "jsffi"'s node tests live.
pub const NODE_TESTS: &str = "tests/jsffi/node";
/// The crate of the JS FFI reactor runner.
pub const REACTOR_PACKAGE: &str = "hsrts-reactor";
/// The Chromium the browser tests launch (Debian's package `chromium`).
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// The step: install, build, then the node and browser test runs.
pub fn run_all(ws: &Workspace, install: bool) -> Vec<StepResult> {
    let start = Instant::now();
    if install {
        if let Err(e) = ensure_chromium().and_then(|()| ensure_node_modules(ws)) {
            println!("jsffi: FAILED: {e}");
            return vec![StepResult::single(
                "jsffi",
                "install",
                Err(e),
                start.elapsed(),
            )];
        }
        println!("== jsffi: prerequisites ready in {:.1?}", start.elapsed());
    }
    let build_start = Instant::now();
    if let Err(e) = build_tools(ws) {
        println!("jsffi: FAILED: {e}");
        return vec![StepResult::single(
            "jsffi",
            "build",
            Err(e),
            build_start.elapsed(),
        )];
    }
    println!("== jsffi: built in {:.1?}", build_start.elapsed());
    let env = tool_env(ws);
    vec![
        node_test(
            ws,
            "node: tests/jsffi/node",
            &ws.root.join(NODE_TESTS),
            &env,
        ),
        node_test(
            ws,
            "chromium: tests/jsffi/browser",
            &ws.root.join(BROWSER_TESTS),
            &env,
        ),
    ]
}

/// `apt-get install -y chromium` when /usr/bin/chromium is absent (needs
/// root, as the other Debian packages of `setup` do).
fn ensure_chromium() -> Result<(), String> {
    if Path::new(CHROMIUM).exists() {
        println!("chromium: {CHROMIUM}");
        return Ok(());
    }
    if !setup::is_root() {
        return Err(format!(
            "no {CHROMIUM}; installing it needs root: run `sudo apt-get update && sudo apt-get install -y chromium`"
        ));
    }
    println!("chromium: missing, installing Debian's package (takes a minute or two)");
    let start = Instant::now();
    setup::run_checked(Command::new("apt-get").arg("update"))?;
    setup::run_checked(
        Command::new("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "chromium"]),
    )?;
    if !Path::new(CHROMIUM).exists() {
        return Err(format!(
            "apt-get installed chromium but {CHROMIUM} is still missing"
        ));
    }
    println!("chromium: installed in {:.1?}", start.elapsed());
    Ok(())
}

/// `npm ci` in tests/jsffi/browser when its node_modules is absent.
/// `PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD` makes sure nothing tries to fetch a
/// browser (playwright-core has no install script, so this is a guard).
fn ensure_node_modules(ws: &Workspace) -> Result<(), String> {
    let dir = ws.root.join(BROWSER_TESTS);
    if dir.join("node_modules").is_dir() {
        println!("npm packages of {BROWSER_TESTS}: installed");
        return Ok(());
    }
    println!("npm packages of {BROWSER_TESTS}: missing, running npm ci");
    setup::run_checked(
        Command::new("npm")
            .current_dir(&dir)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .args(["ci", "--no-audit", "--no-fund"]),
    )
}

/// The native `hsrts` and, for wasm32-wasip1 in release mode, every binary
/// of crates/hsrts (the command-module runner `hsrts-runner.wasm`,
/// `hsrts.wasm`) and the reactor runner of crates/hsrts-reactor
/// (`hsrts_reactor.wasm`, what `hsrts build --reactor` starts from).
fn build_tools(ws: &Workspace) -> Result<(), String> {
    let builds: [&[&str]; 2] = [
        &["build", "-p", "hsrts", "--bin", "hsrts"],
        &[
            "build",
            "--release",
            "--target",
            WASM_TARGET,
            "-p",
            "hsrts",
            "-p",
            REACTOR_PACKAGE,
        ],
    ];
    for args in builds {
        let mut cargo = ws.cargo_command();
        cargo.args(args);
        setup::run_checked(&mut cargo)?;
    }
    Ok(())
}

/// What the node tests are told: the `hsrts` binary, the command-module
/// and reactor runners (hsrts also finds them by itself next to its target
/// directory; naming them keeps a stale runner elsewhere from being used),
/// and the directory of all the wasm runners.
fn tool_env(ws: &Workspace) -> Vec<(&'static str, PathBuf)> {
    let wasm_release = ws.target_dir.join(WASM_TARGET).join("release");
    vec![
        ("HSRTS", ws.target_dir.join("debug").join("hsrts")),
        ("HSRTS_RUNNER", wasm_release.join("hsrts-runner.wasm")),
        ("HSRTS_REACTOR", wasm_release.join("hsrts_reactor.wasm")),
        ("HSRTS_WASM_DIR", wasm_release),
    ]
}

/// `node --single-threaded-gc --test --test-reporter=tap DIR`, counted from
/// its summary.
fn node_test(ws: &Workspace, subject: &str, dir: &Path, env: &[(&str, PathBuf)]) -> StepResult {
    println!("\n== jsffi: {subject}");
    let start = Instant::now();
    if !dir.is_dir() {
        let e = format!("{} does not exist", dir.display());
        println!("jsffi: FAILED: {e}");
        return StepResult::single("jsffi", subject, Err(e), start.elapsed());
    }
    let mut node = Command::new("node");
    node.current_dir(&ws.root)
        // Passed on to the test processes; see Note [node 20 needs
        // --single-threaded-gc] in examples/jsffi/node/loader.mjs.
        .args(["--single-threaded-gc", "--test", "--test-reporter=tap"])
        .arg(dir);
    for (name, value) in env {
        node.env(name, value);
    }
    let (counts, success, error) = match exec::run(&mut node, true) {
        Ok(outcome) => (tap_counts(&outcome.lines), outcome.status.success(), None),
        Err(e) => (TapCounts::default(), false, Some(e.to_string())),
    };
    // Skipped tests (e.g. the JS FFI tests of an hsrts without `build
    // --reactor`) are neither passes nor failures: the subject says so.
    let subject = match counts.skipped {
        0 => subject.to_owned(),
        n => format!("{subject} ({n} skipped)"),
    };
    let mut result = StepResult {
        step: "jsffi".to_owned(),
        subject: subject.clone(),
        passed: counts.pass,
        failed: counts.fail + counts.cancelled,
        time: start.elapsed(),
        error,
    };
    if result.error.is_none() && !success && result.failed == 0 {
        result.failed = 1;
        result.error = Some("node --test exited with failure; see the log above".to_owned());
    } else if result.error.is_none() && counts.pass + counts.fail + counts.cancelled == 0 {
        result.failed = 1;
        result.error = Some("node --test ran no test".to_owned());
    }
    println!(
        "== jsffi: {subject}: {} passed, {} failed",
        result.passed, result.failed
    );
    result
}

/// The totals of a TAP run of node's test runner.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct TapCounts {
    pass: u64,
    fail: u64,
    cancelled: u64,
    skipped: u64,
}

/// Reads node's closing `# pass N` / `# fail N` / `# cancelled N` /
/// `# skipped N` lines
/// (the last of each wins: they appear once, at the end).
fn tap_counts<'a>(lines: impl IntoIterator<Item = &'a String>) -> TapCounts {
    let mut counts = TapCounts::default();
    for line in lines {
        let Some(rest) = line.strip_prefix("# ") else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let (Some(what), Some(n), None) = (words.next(), words.next(), words.next()) else {
            continue;
        };
        let Ok(n) = n.parse::<u64>() else { continue };
        match what {
            "pass" => counts.pass = n,
            "fail" => counts.fail = n,
            "cancelled" => counts.cancelled = n,
            "skipped" => counts.skipped = n,
            _ => {}
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn tap_summary_is_counted() {
        let out = lines(
            "TAP version 13\n# Subtest: a\nok 1 - a\n# a diagnostic: 3 ms\n\
             1..5\n# tests 5\n# suites 1\n# pass 3\n# fail 1\n# cancelled 1\n# skipped 2\n# todo 0\n# duration_ms 12.5",
        );
        assert_eq!(
            tap_counts(&out),
            TapCounts {
                pass: 3,
                fail: 1,
                cancelled: 1,
                skipped: 2,
            }
        );
    }

    #[test]
    fn output_without_a_summary_counts_nothing() {
        let out = lines("# args_progname: 250 ms in the page\nnot ok 1 - x\n# pass the salt");
        assert_eq!(tap_counts(&out), TapCounts::default());
    }

    #[test]
    fn a_missing_test_directory_is_a_failure() {
        let ws = Workspace {
            root: PathBuf::from("/nonexistent-hsrts-root"),
            cargo: PathBuf::from("cargo"),
            target_dir: PathBuf::from("/nonexistent-hsrts-root/target"),
        };
        let result = node_test(&ws, "x", &ws.root.join(NODE_TESTS), &[]);
        assert_eq!((result.passed, result.failed), (0, 1));
        assert!(result.error.unwrap().contains("does not exist"));
    }
}
