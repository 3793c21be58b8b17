//! Installing what `cargo xtask test` needs on a fresh machine, saying what
//! it does: the wasm32-wasip1 Rust target, Debian's clang-14, lld-14,
//! wasi-libc, clang's wasm32 runtime library and libffi-dev, and wasmtime. Each is checked first and only
//! installed when missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Workspace;
use crate::exec;

/// The wasmtime release the project is tested with.
pub const WASMTIME_VERSION: &str = "48.0.8";
/// Debian packages for the C link tests and the libffi interpreter FFI.
/// `libclang-rt-14-dev-wasm32` holds clang's wasm32 runtime library
/// (`libclang_rt.builtins-wasm32.a`), without which clang-14 cannot link
/// for wasm32-wasi.
pub const DEBIAN_PACKAGES: &[&str] = &[
    "clang-14",
    "lld-14",
    "wasi-libc",
    "libclang-rt-14-dev-wasm32",
    "libffi-dev",
];
pub const WASM_TARGET: &str = "wasm32-wasip1";

/// Makes sure every prerequisite is present; returns what went wrong.
pub fn ensure_prerequisites(ws: &Workspace) -> Result<(), String> {
    println!("== checking prerequisites");
    add_cargo_bin_to_path();
    ensure_rust_target()?;
    ensure_debian_packages()?;
    ensure_wasmtime(ws)?;
    println!("== prerequisites present");
    Ok(())
}

/// `cargo install` puts tools in `~/.cargo/bin`, which a CI shell may not
/// have on PATH; our children (cargo's wasm runner) need it there.
pub fn add_cargo_bin_to_path() {
    let Some(bin) = cargo_home().map(|home| home.join("bin")) else {
        return;
    };
    let path = std::env::var_os("PATH").unwrap_or_default();
    if std::env::split_paths(&path).any(|p| p == bin) {
        return;
    }
    let mut parts: Vec<PathBuf> = std::env::split_paths(&path).collect();
    parts.push(bin);
    if let Ok(joined) = std::env::join_paths(parts) {
        // SAFETY: xtask is single-threaded at this point (called before any
        // child process or thread is started), so nothing reads the
        // environment concurrently.
        unsafe { std::env::set_var("PATH", joined) };
    }
}

fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
}

pub(crate) fn run_checked(cmd: &mut Command) -> Result<(), String> {
    let outcome = exec::run(cmd, true).map_err(|e| e.to_string())?;
    if outcome.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{}` failed ({})",
            exec::describe(cmd),
            outcome.status
        ))
    }
}

fn quiet_output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn ensure_rust_target() -> Result<(), String> {
    let installed = quiet_output(Command::new("rustup").args(["target", "list", "--installed"]));
    match installed {
        Some(list) if list.lines().any(|l| l.trim() == WASM_TARGET) => {
            println!("rust target {WASM_TARGET}: installed");
            Ok(())
        }
        Some(_) => {
            println!("rust target {WASM_TARGET}: missing, installing");
            run_checked(Command::new("rustup").args(["target", "add", WASM_TARGET]))
        }
        None => {
            // No rustup (a distribution's Rust): we cannot add targets, so
            // check the sysroot directly.
            let sysroot = quiet_output(Command::new("rustc").args(["--print", "sysroot"]))
                .unwrap_or_default();
            let lib = Path::new(sysroot.trim())
                .join("lib/rustlib")
                .join(WASM_TARGET);
            if lib.is_dir() {
                Ok(())
            } else {
                Err(format!(
                    "rustup is not available and the Rust target {WASM_TARGET} is not installed"
                ))
            }
        }
    }
}

fn debian_package_installed(package: &str) -> bool {
    quiet_output(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]))
        .is_some_and(|status| status.contains("install ok installed"))
}

pub(crate) fn is_root() -> bool {
    quiet_output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

fn ensure_debian_packages() -> Result<(), String> {
    if quiet_output(Command::new("dpkg-query").arg("--version")).is_none() {
        println!(
            "not a Debian system (no dpkg-query): make sure the equivalents of {} are installed",
            DEBIAN_PACKAGES.join(", ")
        );
        return Ok(());
    }
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .iter()
        .copied()
        .filter(|p| !debian_package_installed(p))
        .collect();
    if missing.is_empty() {
        println!("debian packages {}: installed", DEBIAN_PACKAGES.join(", "));
        return Ok(());
    }
    println!(
        "debian packages missing: {}; installing",
        missing.join(", ")
    );
    if !is_root() {
        return Err(format!(
            "installing packages needs root; run `sudo apt-get update && sudo apt-get install -y {}` and try again",
            missing.join(" ")
        ));
    }
    run_checked(Command::new("apt-get").args(["update"]))?;
    run_checked(
        Command::new("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "--no-install-recommends"])
            .args(&missing),
    )
}

/// The wasmtime version on PATH, if any.
pub fn wasmtime_version() -> Option<String> {
    quiet_output(Command::new("wasmtime").arg("--version")).map(|v| v.trim().to_owned())
}

fn ensure_wasmtime(ws: &Workspace) -> Result<(), String> {
    if let Some(version) = wasmtime_version() {
        if !version.contains(WASMTIME_VERSION) {
            println!("note: tested with wasmtime {WASMTIME_VERSION}, found `{version}`; using it");
        } else {
            println!("wasmtime: {version}");
        }
        return Ok(());
    }
    println!(
        "wasmtime: not on PATH; installing wasmtime-cli {WASMTIME_VERSION} with cargo (takes several minutes)"
    );
    run_checked(Command::new(&ws.cargo).args([
        "install",
        &format!("wasmtime-cli@{WASMTIME_VERSION}"),
        "--locked",
    ]))?;
    wasmtime_version()
        .map(|_| ())
        .ok_or_else(|| "wasmtime was installed but is still not runnable from PATH".to_owned())
}
