//! The executables the hsrts tests drive, found or built once per test run:
//! `hsrts` (a debug build), `hsrts.wasm` and the wasm runner that `hsrts
//! build -o prog.wasm` needs (release builds for wasm32-wasip1), and
//! `wasmtime`.
//!
//! Each can be named by an environment variable (`cargo xtask test --only
//! programs` builds them first and sets these): `HSRTS_BIN` (hsrts),
//! `HSRTS_RUNNER` (hsrts-runner.wasm), `HSRTS_WASM` (hsrts.wasm), `WASMTIME`
//! (default: `wasmtime` on PATH, then ~/.cargo/bin). Otherwise the test runs
//! `cargo build` itself, into this test's own target directory.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// The Cargo target directory this test binary was built in
/// (`<target>/<profile>/deps/all-<hash>`).
fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        let dir = PathBuf::from(dir);
        return if dir.is_absolute() {
            dir
        } else {
            workspace_root().join(dir)
        };
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// Runs `cargo build` with `args`; panics with cargo's output on failure.
fn cargo_build(args: &[&str]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    eprintln!("hsrts tests: building: cargo build {}", args.join(" "));
    let out = Command::new(&cargo)
        .arg("build")
        .args(args)
        .current_dir(workspace_root())
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cargo}: {e}"));
    assert!(
        out.status.success(),
        "cargo build {} failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn from_env_or_build(var: &str, built: PathBuf, args: &[&str]) -> PathBuf {
    if let Some(path) = std::env::var_os(var) {
        return PathBuf::from(path);
    }
    cargo_build(args);
    assert!(
        built.is_file(),
        "cargo built nothing at {}",
        built.display()
    );
    built
}

/// `hsrts` as the tests run it: `$HSRTS_BIN`, else the debug build (debug
/// assertions on; the interpreter is fast enough for the corpus's sizes, and
/// one build serves every pass).
pub fn hsrts() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        from_env_or_build(
            "HSRTS_BIN",
            target_dir().join("debug").join("hsrts"),
            &["-p", "hsrts", "--bin", "hsrts"],
        )
    })
}

/// The wasm runner (release, wasm32-wasip1).
pub fn runner_wasm() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        from_env_or_build(
            "HSRTS_RUNNER",
            target_dir()
                .join("wasm32-wasip1")
                .join("release")
                .join("hsrts-runner.wasm"),
            &[
                "--release",
                "--target",
                "wasm32-wasip1",
                "-p",
                "hsrts",
                "--bin",
                "hsrts-runner",
            ],
        )
    })
}

/// `hsrts` for wasm32-wasip1 (`hsrts.wasm`, release).
pub fn hsrts_wasm() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        from_env_or_build(
            "HSRTS_WASM",
            target_dir()
                .join("wasm32-wasip1")
                .join("release")
                .join("hsrts.wasm"),
            &[
                "--release",
                "--target",
                "wasm32-wasip1",
                "-p",
                "hsrts",
                "--bin",
                "hsrts",
            ],
        )
    })
}

/// The `wasmtime` executable, if there is one.
pub fn wasmtime() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("WASMTIME") {
        return Some(PathBuf::from(path));
    }
    let on_path = Command::new("wasmtime")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if on_path {
        return Some(PathBuf::from("wasmtime"));
    }
    let home = std::env::var_os("HOME")?;
    let cargo_bin = Path::new(&home).join(".cargo/bin/wasmtime");
    cargo_bin.is_file().then_some(cargo_bin)
}

/// A fresh scratch directory for one test.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = target_dir()
        .join("hsrts-tests-scratch")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}
