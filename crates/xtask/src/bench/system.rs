//! The systems a benchmark program runs under, and how each one turns a
//! `.hs` file into a command line to time. Compilation happens here, once
//! per program and system, and is timed separately from the runs.
//!
//! - GHCi: `runghc --ghc-arg=-XHaskell2010 prog.hs` (its start-up, timed on
//!   an empty program in the same invocation, is subtracted later);
//! - GHC -O0 / -O2: `ghc -O? -rtsopts -XHaskell2010`, then the executable;
//! - hsrts native: `hsrts build prog.hs -o prog.hsbc` (the image alone, so
//!   the front end's time is not in the runs), then `hsrts run prog.hsbc`;
//! - hsrts compiled (optional, `--system hsrts-compiled`): the program as
//!   compiled to Rust by the native back end (what `hsrts build -o prog.rs`
//!   writes) and built with `--release` into `hsrts-compiled`
//!   (crates/native-tests, feature `bench-programs`, whose build script
//!   compiles every benchmark program), run as `hsrts-compiled NAME`. No
//!   compile time is recorded for it (the Rust compiler's time is in the
//!   tool build);
//! - hsrts wasm: `hsrts build prog.hs -o prog.wasm`, then
//!   `wasmtime compile` to a `.cwasm` (so Cranelift's time is not in the
//!   runs either), then `wasmtime run --allow-precompiled prog.cwasm`.
//!
//! Compiled systems get `+RTS -s -RTS` after the program's arguments, for
//! the "maximum residency" line.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::measure::first_meaningful_line;
use super::program::Program;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    Ghci,
    GhcO0,
    GhcO2,
    HsrtsNative,
    HsrtsCompiled,
    HsrtsWasm,
}

impl System {
    /// Every system, in table order.
    pub const ALL: [System; 6] = [
        System::Ghci,
        System::GhcO0,
        System::GhcO2,
        System::HsrtsNative,
        System::HsrtsCompiled,
        System::HsrtsWasm,
    ];

    /// The systems run when none is named: all but "hsrts compiled", whose
    /// tool build (every benchmark program's generated Rust, in release
    /// mode) takes minutes.
    pub const DEFAULT: [System; 5] = [
        System::Ghci,
        System::GhcO0,
        System::GhcO2,
        System::HsrtsNative,
        System::HsrtsWasm,
    ];

    /// The name used on the command line (`--system ghc-O2`).
    pub fn name(self) -> &'static str {
        match self {
            System::Ghci => "ghci",
            System::GhcO0 => "ghc-O0",
            System::GhcO2 => "ghc-O2",
            System::HsrtsNative => "hsrts",
            System::HsrtsCompiled => "hsrts-compiled",
            System::HsrtsWasm => "hsrts-wasm",
        }
    }

    /// The column heading.
    pub fn title(self) -> &'static str {
        match self {
            System::Ghci => "GHCi",
            System::GhcO0 => "GHC -O0",
            System::GhcO2 => "GHC -O2",
            System::HsrtsNative => "hsrts native",
            System::HsrtsCompiled => "hsrts compiled",
            System::HsrtsWasm => "hsrts wasm",
        }
    }

    pub fn from_name(name: &str) -> Option<System> {
        System::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether runs get `+RTS -s -RTS` (GHCi's would report on GHC itself).
    pub fn reports_residency(self) -> bool {
        self != System::Ghci
    }

    pub fn is_hsrts(self) -> bool {
        matches!(
            self,
            System::HsrtsNative | System::HsrtsCompiled | System::HsrtsWasm
        )
    }
}

/// Where the tools are.
#[derive(Debug, Clone)]
pub struct Tools {
    pub ghc: PathBuf,
    pub runghc: PathBuf,
    pub wasmtime: PathBuf,
    /// `None` when hsrts could not be built (the reason is in `hsrts_missing`).
    pub hsrts: Option<PathBuf>,
    pub hsrts_missing: String,
    /// Why the wasm runner could not be built, if it could not.
    pub wasm_runner_missing: Option<String>,
    /// The `hsrts-compiled` runner, or why there is none.
    pub hsrts_compiled: Result<PathBuf, String>,
}

/// A program made ready to run under one system.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The command line without the program's own arguments.
    pub argv: Vec<OsString>,
    /// Time spent compiling (`None` for GHCi).
    pub compile_seconds: Option<f64>,
}

impl Prepared {
    /// The full command line of one run.
    pub fn command_line(&self, system: System, args: &[String]) -> Vec<OsString> {
        let mut argv = self.argv.clone();
        argv.extend(args.iter().map(OsString::from));
        if system.reports_residency() {
            argv.extend(["+RTS", "-s", "-RTS"].map(OsString::from));
        }
        argv
    }
}

/// Runs a build step, returning its wall time or why it failed.
fn build_step(command: &mut Command) -> Result<f64, String> {
    let start = Instant::now();
    let output = command.stdin(Stdio::null()).output().map_err(|e| {
        format!(
            "cannot run `{}`: {e}",
            command.get_program().to_string_lossy()
        )
    })?;
    let seconds = start.elapsed().as_secs_f64();
    if output.status.success() {
        return Ok(seconds);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let program = Path::new(command.get_program())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let reason = first_meaningful_line(&stderr)
        .or_else(|| first_meaningful_line(&stdout))
        .unwrap_or_else(|| format!("status {}", output.status));
    Err(format!("{program}: {reason}"))
}

/// Compiles `program` for `system` under `work_dir` (one subdirectory per
/// system) and returns the command line to time.
pub fn prepare(
    system: System,
    program: &Program,
    tools: &Tools,
    work_dir: &Path,
) -> Result<Prepared, String> {
    let dir = work_dir.join(system.name()).join(&program.name);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let source = program.path.as_os_str().to_owned();
    match system {
        System::Ghci => Ok(Prepared {
            argv: vec![
                tools.runghc.clone().into_os_string(),
                "--ghc-arg=-XHaskell2010".into(),
                source,
            ],
            compile_seconds: None,
        }),
        System::GhcO0 | System::GhcO2 => {
            let level = if system == System::GhcO0 {
                "-O0"
            } else {
                "-O2"
            };
            let exe = dir.join(&program.name);
            let seconds = build_step(
                Command::new(&tools.ghc)
                    .args([level, "-rtsopts", "-XHaskell2010", "-outputdir"])
                    .arg(&dir)
                    .arg("-o")
                    .arg(&exe)
                    .arg(&source),
            )?;
            Ok(Prepared {
                argv: vec![exe.into_os_string()],
                compile_seconds: Some(seconds),
            })
        }
        System::HsrtsCompiled => {
            let runner = tools.hsrts_compiled.as_ref().map_err(Clone::clone)?;
            Ok(Prepared {
                argv: vec![runner.clone().into_os_string(), program.name.clone().into()],
                compile_seconds: None,
            })
        }
        System::HsrtsNative | System::HsrtsWasm => {
            let hsrts = tools
                .hsrts
                .as_ref()
                .ok_or_else(|| tools.hsrts_missing.clone())?;
            if system == System::HsrtsNative {
                let image = dir.join(format!("{}.hsbc", program.name));
                let seconds = build_step(
                    Command::new(hsrts)
                        .arg("build")
                        .arg(&source)
                        .arg("-o")
                        .arg(&image),
                )?;
                return Ok(Prepared {
                    argv: vec![
                        hsrts.clone().into_os_string(),
                        "run".into(),
                        image.into_os_string(),
                    ],
                    compile_seconds: Some(seconds),
                });
            }
            if let Some(why) = &tools.wasm_runner_missing {
                return Err(why.clone());
            }
            let module = dir.join(format!("{}.wasm", program.name));
            let precompiled = dir.join(format!("{}.cwasm", program.name));
            let seconds = build_step(
                Command::new(hsrts)
                    .arg("build")
                    .arg(&source)
                    .arg("-o")
                    .arg(&module),
            )?;
            build_step(
                Command::new(&tools.wasmtime)
                    .arg("compile")
                    .arg(&module)
                    .arg("-o")
                    .arg(&precompiled),
            )?;
            Ok(Prepared {
                argv: vec![
                    tools.wasmtime.clone().into_os_string(),
                    "run".into(),
                    "--allow-precompiled".into(),
                    precompiled.into_os_string(),
                ],
                compile_seconds: Some(seconds),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for system in System::ALL {
            assert_eq!(System::from_name(system.name()), Some(system));
        }
        assert_eq!(System::from_name("ghc"), None);
    }

    #[test]
    fn command_lines_carry_rts_options_only_where_they_mean_something() {
        let prepared = Prepared {
            argv: vec!["prog".into()],
            compile_seconds: None,
        };
        let args = vec!["32".to_owned()];
        assert_eq!(
            prepared.command_line(System::Ghci, &args),
            ["prog", "32"].map(OsString::from)
        );
        assert_eq!(
            prepared.command_line(System::GhcO2, &args),
            ["prog", "32", "+RTS", "-s", "-RTS"].map(OsString::from)
        );
    }

    #[test]
    fn hsrts_cells_say_why_hsrts_is_missing() {
        let tools = Tools {
            ghc: "ghc".into(),
            runghc: "runghc".into(),
            wasmtime: "wasmtime".into(),
            hsrts: None,
            hsrts_missing: "cargo build failed".into(),
            wasm_runner_missing: None,
            hsrts_compiled: Err("not built".into()),
        };
        let program = Program {
            name: "nfib".into(),
            path: "nfib.hs".into(),
            args: vec![],
            quick_args: vec![],
            tags: vec![],
        };
        let dir = std::env::temp_dir().join(format!("xtask-bench-prepare-{}", std::process::id()));
        let err = prepare(System::HsrtsWasm, &program, &tools, &dir).unwrap_err();
        assert_eq!(err, "cargo build failed");
        let err = prepare(System::HsrtsCompiled, &program, &tools, &dir).unwrap_err();
        assert_eq!(err, "not built");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_failing_build_step_reports_its_first_error_line() {
        let err = build_step(
            Command::new("sh").args(["-c", "echo; echo 'prog.hs:3: parse error' >&2; exit 1"]),
        )
        .unwrap_err();
        assert_eq!(err, "sh: prog.hs:3: parse error");
    }
}
