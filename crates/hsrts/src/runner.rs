//! The prebuilt wasm32-wasip1 runners that `hsrts build` splices a program's
//! image into: the command runner (`hsrts build -o prog.wasm`,
//! [`crate::wasm_module`]) and the reactor runner (`hsrts build --reactor`,
//! [`crate::reactor`]). Each is described once by a [`Runner`] (file name,
//! environment variable, build command); this module owns the search for
//! one and the error that says where it looked and how to build it.
//! docs/design/wasm-module.md lists the places searched.

use std::fmt;
use std::path::{Path, PathBuf};

/// A prebuilt runner module: what it is called and how a user gets one.
#[derive(Debug, PartialEq, Eq)]
pub struct Runner {
    /// What messages call it ("wasm runner").
    pub what: &'static str,
    /// Its file name in a Cargo target directory.
    pub file: &'static str,
    /// The environment variable that names it explicitly.
    pub env: &'static str,
    /// The command that builds it.
    pub build_command: &'static str,
}

/// The command runner: the runtime with a `main` that runs an embedded
/// image (src/bin/hsrts-runner.rs).
pub static COMMAND_RUNNER: Runner = Runner {
    what: "wasm runner",
    file: "hsrts-runner.wasm",
    env: "HSRTS_RUNNER",
    build_command: "cargo build --release --target wasm32-wasip1 -p hsrts --bin hsrts-runner",
};

/// The reactor runner: a cdylib with the JavaScript FFI's entry points
/// (crates/hsrts-reactor).
pub static REACTOR_RUNNER: Runner = Runner {
    what: "reactor runner",
    file: "hsrts_reactor.wasm",
    env: "HSRTS_REACTOR",
    build_command: "cargo build --release --target wasm32-wasip1 -p hsrts-reactor",
};

/// Every runner, for the search's "next to another runner" rule.
static ALL_RUNNERS: [&Runner; 2] = [&COMMAND_RUNNER, &REACTOR_RUNNER];

/// A runner that could not be had.
#[derive(Debug)]
pub enum RunnerError {
    /// None of the candidates exists; the paths looked at, in order.
    NotFound {
        runner: &'static Runner,
        looked: Vec<PathBuf>,
    },
    /// The runner exists but could not be read.
    Read {
        runner: &'static Runner,
        path: PathBuf,
        source: std::io::Error,
    },
}

impl fmt::Display for RunnerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunnerError::NotFound { runner, looked } => {
                write!(f, "the {} `{}` was not found", runner.what, runner.file)?;
                if !looked.is_empty() {
                    write!(f, " (looked at:")?;
                    for p in looked {
                        write!(f, " {}", p.display())?;
                    }
                    write!(f, ")")?;
                }
                write!(
                    f,
                    ".\nBuild it with `{}`, or set {} to its path.",
                    runner.build_command, runner.env
                )
            }
            RunnerError::Read {
                runner,
                path,
                source,
            } => write!(
                f,
                "cannot read the {} {}: {source}",
                runner.what,
                path.display()
            ),
        }
    }
}

impl std::error::Error for RunnerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RunnerError::Read { source, .. } => Some(source),
            RunnerError::NotFound { .. } => None,
        }
    }
}

impl Runner {
    /// Where the runner may be, in order: `$env` (and then only there);
    /// next to another runner named by its variable (the runners are built
    /// into one directory); next to this executable; in a Cargo target
    /// directory (this executable's, or `$CARGO_TARGET_DIR`) under
    /// `wasm32-wasip1/{release,debug}/`.
    pub fn candidates(&self) -> Vec<PathBuf> {
        if let Some(path) = std::env::var_os(self.env) {
            return vec![PathBuf::from(path)];
        }
        let mut out = Vec::new();
        let mut push = |p: PathBuf| {
            if !out.contains(&p) {
                out.push(p);
            }
        };
        for other in ALL_RUNNERS.iter().filter(|r| r.env != self.env) {
            if let Some(path) = std::env::var_os(other.env) {
                push(PathBuf::from(path).with_file_name(self.file));
            }
        }
        let mut target_dirs: Vec<PathBuf> = Vec::new();
        if let Ok(exe) = std::env::current_exe() {
            if let Some(dir) = exe.parent() {
                push(dir.join(self.file));
                // target/<profile>/hsrts or target/<profile>/deps/...: walk up.
                target_dirs.extend(dir.ancestors().skip(1).take(3).map(Path::to_path_buf));
            }
        }
        if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
            target_dirs.push(PathBuf::from(dir));
        }
        for dir in target_dirs {
            for profile in ["release", "debug"] {
                push(dir.join("wasm32-wasip1").join(profile).join(self.file));
            }
        }
        out
    }

    /// The runner's path: the first of [`Runner::candidates`] that exists.
    pub fn find(&'static self) -> Result<PathBuf, RunnerError> {
        let looked = self.candidates();
        match looked.iter().find(|p| p.is_file()) {
            Some(path) => Ok(path.clone()),
            None => Err(RunnerError::NotFound {
                runner: self,
                looked,
            }),
        }
    }

    /// The bytes of the runner [`Runner::find`] finds.
    pub fn read(&'static self) -> Result<Vec<u8>, RunnerError> {
        let path = self.find()?;
        std::fs::read(&path).map_err(|source| RunnerError::Read {
            runner: self,
            path,
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_runner_says_where_it_looked_and_how_to_build_it() {
        for runner in ALL_RUNNERS {
            let looked = PathBuf::from("/x").join(runner.file);
            let text = RunnerError::NotFound {
                runner,
                looked: vec![looked.clone()],
            }
            .to_string();
            assert!(text.contains(runner.build_command), "{text}");
            assert!(text.contains(&looked.display().to_string()), "{text}");
            assert!(text.contains(runner.env), "{text}");
            assert!(text.contains(runner.what), "{text}");
        }
    }

    #[test]
    fn runners_are_distinct_and_searched_by_their_own_file_name() {
        assert_ne!(COMMAND_RUNNER.file, REACTOR_RUNNER.file);
        assert_ne!(COMMAND_RUNNER.env, REACTOR_RUNNER.env);
        for runner in ALL_RUNNERS {
            // With the variable set, only it is searched; without, every
            // candidate has the runner's own file name. (Which applies
            // depends on the environment the tests run in; both are checked
            // against it.)
            let candidates = runner.candidates();
            match std::env::var_os(runner.env) {
                Some(path) => assert_eq!(candidates, vec![PathBuf::from(path)]),
                None => assert!(
                    candidates
                        .iter()
                        .all(|p| p.file_name() == Some(runner.file.as_ref())),
                    "{candidates:?}"
                ),
            }
        }
    }

    #[test]
    fn an_unreadable_runner_names_its_path_and_keeps_the_cause() {
        let err = RunnerError::Read {
            runner: &REACTOR_RUNNER,
            path: PathBuf::from("/y/hsrts_reactor.wasm"),
            source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        assert!(err.to_string().contains("/y/hsrts_reactor.wasm"), "{err}");
        assert!(std::error::Error::source(&err).is_some());
    }
}
