//! Finding (or installing) the tools a benchmark run needs, building the
//! release `hsrts`, and collecting the context printed with the numbers:
//! date, machine, load and versions.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::doc::Context;
use super::system::Tools;
use crate::Workspace;
use crate::exec;

/// The first line of a command's stdout when it succeeds.
fn first_line(command: &mut Command) -> Option<String> {
    let output = command
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned)
}

/// GHC's version, or an error that says how to get GHC. When GHC is
/// missing on a Debian machine and we are root, installs Debian's `ghc`.
pub fn ensure_ghc() -> Result<String, String> {
    if let Some(version) = first_line(Command::new("ghc").arg("--numeric-version")) {
        return Ok(version);
    }
    let how = "install GHC (Debian/Ubuntu: `sudo apt-get install ghc`; elsewhere: https://www.haskell.org/ghcup/) and try again";
    let is_root = first_line(Command::new("id").arg("-u")).is_some_and(|uid| uid == "0");
    let has_apt = first_line(Command::new("apt-get").arg("--version")).is_some();
    if !(is_root && has_apt) {
        return Err(format!("ghc is not on PATH; {how}"));
    }
    println!("ghc is not on PATH; installing Debian's ghc");
    for args in [
        &["update"][..],
        &["install", "-y", "--no-install-recommends", "ghc"][..],
    ] {
        let mut command = Command::new("apt-get");
        command.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        let outcome = exec::run(&mut command, true).map_err(|e| e.to_string())?;
        if !outcome.status.success() {
            return Err(format!("`{}` failed; {how}", exec::describe(&command)));
        }
    }
    first_line(Command::new("ghc").arg("--numeric-version"))
        .ok_or_else(|| format!("ghc was installed but does not run; {how}"))
}

/// Runs a `cargo build` command; on failure, says which (`what`) with its
/// first error line.
pub fn cargo_build(mut command: Command, what: &str) -> Result<(), String> {
    let outcome = exec::run(&mut command, false).map_err(|e| e.to_string())?;
    if outcome.status.success() {
        return Ok(());
    }
    let error = outcome
        .lines
        .iter()
        .find(|l| l.starts_with("error"))
        .cloned()
        .unwrap_or_else(|| outcome.status.to_string());
    Err(format!("{what} failed: {error}"))
}

/// Builds the release `hsrts` (unless `build` is false) and returns its
/// path, or why there is none.
pub fn hsrts_binary(ws: &Workspace, build: bool) -> Result<PathBuf, String> {
    let binary = ws.target_dir.join("release").join("hsrts");
    if build {
        let mut command = ws.cargo_command();
        command
            .args(["build", "--release", "-p", "hsrts"])
            .env("CARGO_TARGET_DIR", &ws.target_dir);
        cargo_build(command, "`cargo build --release -p hsrts`")?;
    }
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!("no hsrts binary at {}", binary.display()))
    }
}

/// Builds the wasm32-wasip1 runner that `hsrts build -o prog.wasm` splices
/// the image into (`hsrts` finds it next to its own target directory).
fn build_wasm_runner(ws: &Workspace) -> Result<(), String> {
    let mut command = ws.cargo_command();
    command
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-wasip1",
            "-p",
            "hsrts",
            "--bin",
            "hsrts-runner",
        ])
        .env("CARGO_TARGET_DIR", &ws.target_dir);
    cargo_build(command, "building the wasm runner")
}

/// Every tool, with hsrts (and for wasm its runner) built when wanted.
pub fn find_tools(ws: &Workspace, want_hsrts: bool, want_wasm: bool, build: bool) -> Tools {
    let (hsrts, hsrts_missing) = if want_hsrts {
        match hsrts_binary(ws, build) {
            Ok(path) => (Some(path), String::new()),
            Err(why) => (None, why),
        }
    } else {
        (None, "hsrts not selected".to_owned())
    };
    let wasm_runner_missing = if want_wasm && hsrts.is_some() && build {
        build_wasm_runner(ws).err()
    } else {
        None
    };
    Tools {
        ghc: "ghc".into(),
        runghc: "runghc".into(),
        wasmtime: "wasmtime".into(),
        hsrts,
        hsrts_missing,
        wasm_runner_missing,
        hsrts_compiled: Err("hsrts compiled not selected".to_owned()),
    }
}

/// Builds `hsrts-compiled` (crates/native-tests with `bench-programs`:
/// every benchmark program compiled to Rust, in release mode) unless
/// `build` is false, and returns its path, or why there is none.
pub fn hsrts_compiled_binary(ws: &Workspace, build: bool) -> Result<PathBuf, String> {
    let binary = ws.target_dir.join("release").join("hsrts-compiled");
    if build {
        println!("building hsrts-compiled (every benchmark program compiled to Rust; slow)");
        let mut command = ws.cargo_command();
        command
            .args(["build", "--release", "-p", "native-tests"])
            .args(["--features", "bench-programs", "--bin", "hsrts-compiled"])
            .env("CARGO_TARGET_DIR", &ws.target_dir);
        cargo_build(command, "building hsrts-compiled")?;
    }
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!("no hsrts-compiled binary at {}", binary.display()))
    }
}

/// The three load averages of /proc/loadavg, e.g. `0.52 0.61 0.70`.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned())
}

/// The context of a run, except `load_after` (filled in at the end).
pub fn context(ws: &Workspace, tools: &Tools, command: String) -> Context {
    let date = first_line(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]))
        .unwrap_or_else(|| "unknown date".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let machine = format!(
        "{} ({cores} cores, {} {})",
        cpu_model(),
        std::env::consts::ARCH,
        std::env::consts::OS
    );
    let mut versions = Vec::new();
    let mut add = |tool: &str, version: Option<String>| {
        versions.push((
            tool.to_owned(),
            version.unwrap_or_else(|| "unavailable".to_owned()),
        ));
    };
    add(
        "ghc",
        first_line(Command::new(&tools.ghc).arg("--numeric-version")),
    );
    add(
        "wasmtime",
        first_line(Command::new(&tools.wasmtime).arg("--version")),
    );
    add("rustc", first_line(Command::new("rustc").arg("--version")));
    if let Some(hsrts) = &tools.hsrts {
        add("hsrts", first_line(Command::new(hsrts).arg("version")));
    }
    let git = |args: &[&str]| first_line(Command::new("git").current_dir(&ws.root).args(args));
    let dirty = git(&["status", "--porcelain"]).is_some();
    let commit = git(&["rev-parse", "--short", "HEAD"]).map(|c| {
        if dirty {
            format!("{c} + uncommitted changes")
        } else {
            c
        }
    });
    add("commit", commit);
    Context {
        date,
        machine,
        load_before: load_average(),
        load_after: String::new(),
        versions,
        command,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_average_has_three_numbers_on_linux() {
        let load = load_average();
        if cfg!(target_os = "linux") {
            let numbers: Vec<f64> = load.split(' ').map(|n| n.parse().unwrap()).collect();
            assert_eq!(numbers.len(), 3, "{load}");
        }
    }

    #[test]
    fn first_line_of_a_failing_command_is_none() {
        assert_eq!(
            first_line(Command::new("sh").args(["-c", "echo x; exit 1"])),
            None
        );
        assert_eq!(
            first_line(Command::new("sh").args(["-c", "echo; echo ' y '"])),
            Some("y".into())
        );
    }
}
