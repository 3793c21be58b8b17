//! The GHC oracle: compiles every corpus program with GHC (`ghc -O0`) and checks
//! that GHC's stdout, stderr (where recorded) and exit status equal the recorded
//! files. With `HSRTS_BLESS=1` it records them instead — the only way expected
//! output is made (see tests/programs/README.md).
//!
//! Compiled executables are cached under `$CARGO_TARGET_TMPDIR/ghc-oracle/`, keyed
//! by a hash of GHC's version, the flags and the source, so a rerun only runs them.
//! Without `ghc` on PATH the test prints a note and passes; so it does with a
//! GHC other than the one the files were recorded with ([`RECORDED_WITH`]):
//! other versions word messages differently (CallStack lines, Show instances),
//! and a machine's GHC must not decide whether the suite passes.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::Hasher;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use hsrts_tests::{
    Outcome, Program, Status, insert_prog_placeholder, load_corpus, parallel_map, programs_dir,
    run_command, selected,
};

/// The flags every program is compiled with. `-rtsopts` lets `-- rts:` options through.
const GHC_FLAGS: [&str; 4] = ["-O0", "-rtsopts", "-XHaskell2010", "-v0"];

/// The GHC version whose output the corpus records (tests/programs/README.md);
/// the comparison runs only with it (recording with `HSRTS_BLESS=1` runs with
/// any, to move the corpus to another version on purpose).
const RECORDED_WITH: &str = "9.0.2";

/// Compile/run jobs at once (the machine has two cores).
const JOBS: usize = 2;

/// Writes straight to the process's stderr, past libtest's output capture, so the
/// note and the timing are visible in a plain `cargo test` run.
fn note(message: &str) {
    let _ = writeln!(io::stderr(), "{message}");
}

fn ghc_version() -> Option<String> {
    let out = Command::new("ghc").arg("--numeric-version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn cache_root() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ghc-oracle")
}

/// A stable key for one compilation. `DefaultHasher::new()` uses fixed keys; a
/// change of its algorithm between Rust releases only costs a recompilation.
fn cache_key(version: &str, program: &Program) -> String {
    let mut h = DefaultHasher::new();
    h.write(version.as_bytes());
    for f in GHC_FLAGS {
        h.write(f.as_bytes());
    }
    h.write(program.source.as_bytes());
    format!("{}-{:016x}", program.name, h.finish())
}

/// Compiles `program` (or finds it in the cache) and returns the executable, named
/// after the program so that GHC's messages say `name: ...`.
fn compile(version: &str, program: &Program) -> Result<PathBuf, String> {
    let dir = cache_root().join(cache_key(version, program));
    let exe = dir.join(&program.name);
    if exe.is_file() {
        return Ok(exe);
    }
    let build = cache_root().join(format!(
        "{}.build-{}",
        cache_key(version, program),
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&build);
    fs::create_dir_all(&build).map_err(|e| format!("{}: {e}", build.display()))?;
    // Compile a copy named `name.hs` in the build directory: GHC's CallStack and
    // pattern-match messages then name the file as `name.hs`, as recorded.
    let source = format!("{}.hs", program.name);
    fs::write(build.join(&source), &program.source).map_err(|e| e.to_string())?;
    let out = Command::new("ghc")
        .args(GHC_FLAGS)
        .arg(&source)
        .arg("-o")
        .arg(&program.name)
        .current_dir(&build)
        .output()
        .map_err(|e| format!("running ghc: {e}"))?;
    if !out.status.success() {
        let _ = fs::remove_dir_all(&build);
        return Err(format!(
            "ghc failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    match fs::rename(&build, &dir) {
        Ok(()) => {}
        // Another run cached it first; use theirs.
        Err(_) if exe.is_file() => {
            let _ = fs::remove_dir_all(&build);
        }
        Err(e) => return Err(format!("caching {}: {e}", dir.display())),
    }
    Ok(exe)
}

fn run_with_ghc(version: &str, program: &Program) -> Outcome {
    let exe = match compile(version, program) {
        Ok(exe) => exe,
        Err(why) => return Outcome::not_run(why),
    };
    let mut cmd = Command::new(&exe);
    cmd.args(program.meta.command_line());
    cmd.current_dir(exe.parent().unwrap_or(Path::new(".")));
    run_command(cmd, program, program.meta.timeout_or_default())
        .unwrap_or_else(|e| Outcome::not_run(e.to_string()))
}

/// Records GHC's outcome as the program's expected files.
fn bless(program: &Program, outcome: &Outcome) -> Result<(), String> {
    let Status::Exited(code) = outcome.status else {
        return Err(format!(
            "{}: cannot record: {}",
            program.name, outcome.status
        ));
    };
    let dir = programs_dir();
    let path = |ext: &str| dir.join(format!("{}.{ext}", program.name));
    let write = |p: PathBuf, bytes: &[u8]| {
        fs::write(&p, bytes).map_err(|e| format!("{}: {e}", p.display()))
    };
    write(
        path("stdout"),
        &insert_prog_placeholder(&outcome.stdout, &program.name),
    )?;
    if !outcome.stderr.is_empty() || path("stderr").exists() {
        write(
            path("stderr"),
            &insert_prog_placeholder(&outcome.stderr, &program.name),
        )?;
    }
    if code != 0 {
        write(path("exit"), format!("{code}\n").as_bytes())?;
    } else if path("exit").exists() {
        fs::remove_file(path("exit")).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// In bless mode a new program has no `.stdout` yet; give it an empty one so the
/// corpus loads, and let the recording overwrite it.
fn create_missing_stdout_files() {
    let Ok(entries) = fs::read_dir(programs_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "hs") && !path.with_extension("stdout").exists() {
            let _ = fs::write(path.with_extension("stdout"), b"");
        }
    }
}

#[test]
fn ghc_oracle() {
    let Some(version) = ghc_version() else {
        note("note: ghc not found; GHC oracle skipped (apt-get install ghc to enable it)");
        return;
    };
    let blessing = std::env::var("HSRTS_BLESS").is_ok_and(|v| v == "1");
    if !blessing && version != RECORDED_WITH {
        note(&format!(
            "note: ghc {version} is not GHC {RECORDED_WITH}, which recorded the corpus; GHC oracle skipped"
        ));
        return;
    }
    if blessing {
        create_missing_stdout_files();
    }
    let programs: Vec<Program> = load_corpus()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .filter(selected)
        .collect();
    let start = Instant::now();
    let outcomes = parallel_map(JOBS, &programs, |p| run_with_ghc(&version, p));
    let elapsed = start.elapsed();
    let mut failures = Vec::new();
    for (program, outcome) in programs.iter().zip(&outcomes) {
        let result = if blessing {
            bless(program, outcome)
        } else {
            program.check(outcome).map_err(|m| m.to_string())
        };
        if let Err(e) = result {
            failures.push(e);
        }
    }
    let slowest = programs
        .iter()
        .zip(&outcomes)
        .max_by_key(|(_, o)| o.elapsed)
        .map(|(p, o)| format!("; slowest run {} {:.2} s", p.name, o.elapsed.as_secs_f64()))
        .unwrap_or_default();
    note(&format!(
        "note: GHC {version} oracle: {} programs {} in {:.1} s{slowest}",
        programs.len(),
        if blessing { "recorded" } else { "checked" },
        elapsed.as_secs_f64()
    ));
    assert!(
        failures.is_empty(),
        "{} of {} programs disagree with GHC:\n{}",
        failures.len(),
        programs.len(),
        failures.join("\n")
    );
}
