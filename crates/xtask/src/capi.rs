//! The C link test: `tests/capi/feature_vector.c` is linked with the
//! staticlib `libhsrts.a` natively (gcc) and for wasm32-wasi (Debian's
//! clang-14 against wasi-libc, run under wasmtime). The program prints
//! `hsrts_feature_vector()` between `hs_init` and `hs_exit`; its output must
//! equal the vector the library was built with, and it must exit 0.
//!
//! Three builds: native with no feature named (must report the Linux
//! default of DESIGN.md), native with the wasm defaults named explicitly (a
//! mixed vector: the output follows the build, not the host), and
//! wasm32-wasip1 with no feature named (must report the wasm default).
//!
//! With each build, the embedding tests (tests/capi/README.md): the C file
//! for `tests/capi/exports.hs` is generated once (`hsrts build --emit-c --no-main`), compiled per
//! target, and linked into `exports.c` (calls every kind of export; stdout
//! must equal `exports.stdout`), `rtsopts.c` (`+RTS -s`, nesting, a bad
//! option) and
//! `misuse.c` (each case must die printing its message); likewise
//! `tests/capi/callback.hs` for `callback.c` (C -> Haskell -> C -> Haskell
//! through imports and exports; stdout must equal `callback.stdout`), and
//! `tests/capi/wrapper.hs` (generated with `--wrapper-pool 4`) for
//! `wrapper.c` ("wrapper" function pointers given to qsort, made and freed
//! more often than the pool holds; stdout must equal `wrapper.stdout`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::Workspace;
use crate::exec;
use crate::report::StepResult;
use crate::setup::WASM_TARGET;
use crate::vector::{self, Vector};

/// The C source, relative to the workspace root.
const PROGRAM: &str = "tests/capi/feature_vector.c";
/// The headers, relative to the workspace root.
const INCLUDE: &str = "crates/hsrts-capi/include";
/// The Haskell side of the embedding tests, relative to the root.
const EXPORTS_HS: &str = "tests/capi/exports.hs";
/// The Haskell side of the callback test, relative to the root.
const CALLBACK_HS: &str = "tests/capi/callback.hs";
/// The Haskell side of the "wrapper" test, relative to the root.
const WRAPPER_HS: &str = "tests/capi/wrapper.hs";
/// `--wrapper-pool` for [`WRAPPER_HS`]: smaller than the number of
/// wrappers the test makes and frees, so interp-static builds reuse slots.
const WRAPPER_POOL: &str = "4";
/// The misuse cases of `tests/capi/misuse.c` and the message each prints.
pub const MISUSE_CASES: &[(&str, &str)] = &[
    ("before_init", "hsrts: rts_lock: called before hs_init"),
    (
        "after_exit",
        "hsrts: rts_lock: called after the last hs_exit",
    ),
    (
        "double_free",
        "hsrts: hs_free_stable_ptr: stable pointer 0x2 was already freed",
    ),
    (
        "never_issued",
        "hsrts: freeStablePtr: invalid stable pointer 0x1092",
    ),
    (
        "stale_object",
        "is not a HaskellObj of the current rts_lock window",
    ),
    (
        "wrong_type",
        "hsrts: rts_getInt: expected a value of type Int, got the constructor GHC.Types.D#",
    ),
    ("unevaluated", "hsrts: rts_getInt: the Int is not evaluated"),
    (
        "nested_lock",
        "hsrts: rts_lock: this thread already holds the capability",
    ),
    (
        "without_lock",
        "hsrts: rts_getInt: called without holding the capability",
    ),
    (
        "wrong_capability",
        "is not the Capability that rts_lock returned",
    ),
];
/// Native libraries a Rust staticlib needs on linux-gnu (rustc's
/// `--print native-static-libs`), plus libffi for `interp-libffi`.
pub const NATIVE_LIBS: &[&str] = &[
    "-lffi",
    "-lgcc_s",
    "-lutil",
    "-lrt",
    "-lpthread",
    "-lm",
    "-ldl",
    "-lc",
];
/// Debian's wasm toolchain: clang-14 with wasi-libc under /usr.
const WASI_CC: &str = "clang-14";
const WASI_CFLAGS: &[&str] = &[
    "--target=wasm32-wasi",
    "--sysroot=/usr",
    "-I/usr/include/wasm32-wasi",
    "-fuse-ld=lld",
];

/// One build of the C link test.
#[derive(Debug, Clone)]
pub struct CapiCase {
    /// Short name, used for the output folder and the summary.
    pub name: &'static str,
    /// `None` for the host.
    pub target: Option<&'static str>,
    /// Features named on the command line; `None` builds with none named.
    pub features: Option<Vector>,
    /// The feature vector the program must print.
    pub expected: Vector,
}

/// The three cases described in the module comment.
pub fn cases() -> Vec<CapiCase> {
    vec![
        CapiCase {
            name: "native-default",
            target: None,
            features: None,
            expected: vector::vector_of(vector::LINUX_DEFAULT),
        },
        CapiCase {
            name: "native-mixed",
            target: None,
            features: Some(vector::vector_of(vector::WASM_DEFAULT)),
            expected: vector::vector_of(vector::WASM_DEFAULT),
        },
        CapiCase {
            name: "wasm-default",
            target: Some(WASM_TARGET),
            features: None,
            expected: vector::vector_of(vector::WASM_DEFAULT),
        },
    ]
}

/// Runs every case; two summary rows each (the link test, the embedding
/// tests).
pub fn run_all(ws: &Workspace) -> Vec<StepResult> {
    println!("\n== capi: generating the C files for {EXPORTS_HS} and {CALLBACK_HS}");
    let start = Instant::now();
    let generated = generate_exports(ws);
    let mut rows = Vec::new();
    if let Err(e) = &generated {
        println!("capi generate: FAILED: {e}");
        rows.push(StepResult::single(
            "capi",
            "emit-c exports.hs",
            Err(e.clone()),
            start.elapsed(),
        ));
    }
    for case in cases() {
        println!("\n== capi: {} (expect `{}`)", case.name, case.expected);
        let start = Instant::now();
        let library = build_library(ws, &case);
        let outcome = library
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|lib| run_case(ws, &case, lib));
        report(&case, "link", &outcome);
        let subject = format!("{} ({})", case.name, case.expected);
        rows.push(StepResult::single(
            "capi",
            &subject,
            outcome,
            start.elapsed(),
        ));

        let start = Instant::now();
        let outcome = match (&library, &generated) {
            (Ok(lib), Ok(dir)) => run_embedding(ws, &case, lib, dir),
            (Err(e), _) | (_, Err(e)) => Err(format!("not run: {e}")),
        };
        report(&case, "embedding", &outcome);
        let subject = format!("{} embedding", case.name);
        rows.push(StepResult::single(
            "capi",
            &subject,
            outcome,
            start.elapsed(),
        ));
    }
    rows
}

fn report(case: &CapiCase, what: &str, outcome: &Result<(), String>) {
    match outcome {
        Ok(()) => println!("capi {} {what}: ok", case.name),
        Err(e) => println!("capi {} {what}: FAILED: {e}", case.name),
    }
}

fn run_case(ws: &Workspace, case: &CapiCase, library: &Path) -> Result<(), String> {
    let out_dir = ws.target_dir.join("capi-test").join(case.name);
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let source = ws.root.join(PROGRAM);
    let include = ws.root.join(INCLUDE);
    // `hsrts_interrupt` exists only in intr-host builds; check it links there.
    let defines: &[&str] = if case.expected.0.iter().any(|f| f == "intr-host") {
        &["-DHSRTS_TEST_INTR_HOST"]
    } else {
        &[]
    };
    let mut run = match case.target {
        None => {
            let exe = out_dir.join("feature_vector");
            let mut cc = Command::new("gcc");
            cc.arg("-Wall")
                .arg("-Werror")
                .args(defines)
                .arg("-I")
                .arg(&include)
                .arg(&source)
                .arg(library);
            cc.args(NATIVE_LIBS).arg("-o").arg(&exe);
            compile(&mut cc)?;
            Command::new(exe)
        }
        Some(_) => {
            let module = out_dir.join("feature_vector.wasm");
            let mut cc = Command::new(WASI_CC);
            cc.args(WASI_CFLAGS)
                .arg("-Wall")
                .arg("-Werror")
                .args(defines)
                .arg("-I")
                .arg(&include);
            cc.arg(&source).arg(library).arg("-o").arg(&module);
            compile(&mut cc)?;
            let mut wasmtime = Command::new("wasmtime");
            wasmtime.arg("run").arg(module);
            wasmtime
        }
    };
    let outcome = exec::run(&mut run, true).map_err(|e| e.to_string())?;
    check_output(&outcome.stdout, outcome.status.code(), &case.expected)
}

/// Writes `exports_hs.c` / `exports_hs.h` for [`EXPORTS_HS`] and
/// `callback_hs.c` / `callback_hs.h` for [`CALLBACK_HS`] into a folder of
/// the target directory and returns the folder.
fn generate_exports(ws: &Workspace) -> Result<PathBuf, String> {
    let dir = ws.target_dir.join("capi-test").join("generated");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (source, output, extra) in [
        (EXPORTS_HS, "exports_hs.c", &[][..]),
        (CALLBACK_HS, "callback_hs.c", &[][..]),
        (
            WRAPPER_HS,
            "wrapper_hs.c",
            &["--wrapper-pool", WRAPPER_POOL][..],
        ),
    ] {
        let mut cargo = ws.cargo_command();
        cargo
            .args(["run", "-q", "-p", "hsrts", "--bin", "hsrts", "--", "build"])
            .arg(ws.root.join(source))
            .args(["--emit-c", "--no-main"])
            .args(extra)
            .arg("-o")
            .arg(dir.join(output));
        let outcome = exec::run(&mut cargo, true).map_err(|e| e.to_string())?;
        if !outcome.status.success() {
            return Err(format!(
                "generating the C file for {source} failed ({})",
                outcome.status
            ));
        }
    }
    Ok(dir)
}

/// The C compiler for a case, with the headers of the API and of the
/// generated file on its include path.
fn c_compiler(ws: &Workspace, case: &CapiCase, generated: &Path) -> Command {
    let mut cc = match case.target {
        None => Command::new("gcc"),
        Some(_) => {
            let mut cc = Command::new(WASI_CC);
            // `-fuse-ld=lld` is unused when only compiling (`-c`).
            cc.args(WASI_CFLAGS)
                .arg("-Wno-unused-command-line-argument");
            cc
        }
    };
    cc.args(["-Wall", "-Werror", "-O1", "-I"])
        .arg(ws.root.join(INCLUDE))
        .arg("-I")
        .arg(generated);
    cc
}

/// How to run a built test program with `args`.
fn runner(case: &CapiCase, exe: &Path, args: &[&str]) -> Command {
    match case.target {
        None => {
            let mut cmd = Command::new(exe);
            cmd.args(args);
            cmd
        }
        Some(_) => {
            let mut cmd = Command::new("wasmtime");
            cmd.arg("run").arg(exe).args(args);
            cmd
        }
    }
}

/// The embedding tests of one case (see the module comment).
fn run_embedding(
    ws: &Workspace,
    case: &CapiCase,
    library: &Path,
    generated: &Path,
) -> Result<(), String> {
    let out_dir = ws.target_dir.join("capi-test").join(case.name);
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let ext = if case.target.is_some() { ".wasm" } else { "" };
    // The generated files are large (the image): compile each once.
    let compile_generated = |name: &str| -> Result<PathBuf, String> {
        let object = out_dir.join(format!("{name}_hs.o"));
        let mut cc = c_compiler(ws, case, generated);
        cc.arg("-c")
            .arg(generated.join(format!("{name}_hs.c")))
            .arg("-o")
            .arg(&object);
        compile(&mut cc)?;
        Ok(object)
    };
    let object = compile_generated("exports")?;
    let callback_object = compile_generated("callback")?;
    let wrapper_object = compile_generated("wrapper")?;
    let build_with = |name: &str, object: &Path| -> Result<PathBuf, String> {
        let exe = out_dir.join(format!("{name}{ext}"));
        let mut cc = c_compiler(ws, case, generated);
        cc.arg(ws.root.join("tests/capi").join(format!("{name}.c")))
            .arg(object)
            .arg(library);
        if case.target.is_none() {
            cc.args(NATIVE_LIBS);
        }
        cc.arg("-o").arg(&exe);
        compile(&mut cc)?;
        Ok(exe)
    };
    let build = |name: &str| build_with(name, &object);
    let mut failures = Vec::new();

    // callback.c: C -> Haskell -> C -> Haskell, collections in between
    // (a small nursery), a failing export inside a callback.
    let exe = build_with("callback", &callback_object)?;
    let expected = std::fs::read_to_string(ws.root.join("tests/capi/callback.stdout"))
        .map_err(|e| format!("cannot read callback.stdout: {e}"))?;
    let args = ["+RTS", "-A64k", "-M8m", "-RTS"];
    let outcome = exec::run(&mut runner(case, &exe, &args), true).map_err(|e| e.to_string())?;
    if let Err(e) = check_lines(&outcome.stdout, outcome.status.code(), &expected) {
        failures.push(format!("callback: {e} (stderr: {:?})", outcome.lines));
    }
    if !outcome
        .lines
        .iter()
        .any(|l| l.ends_with(": hsFail: uncaught exception"))
    {
        failures.push("callback: the failing export was not reported on stderr".to_owned());
    }

    // wrapper.c: "wrapper" function pointers given to qsort and freed, more
    // of them than the interp-static pool holds; a small nursery so the
    // callbacks collect while C holds the pointers.
    let exe = build_with("wrapper", &wrapper_object)?;
    let expected = std::fs::read_to_string(ws.root.join("tests/capi/wrapper.stdout"))
        .map_err(|e| format!("cannot read wrapper.stdout: {e}"))?;
    let args = ["+RTS", "-A64k", "-M8m", "-RTS"];
    let outcome = exec::run(&mut runner(case, &exe, &args), true).map_err(|e| e.to_string())?;
    if let Err(e) = check_lines(&outcome.stdout, outcome.status.code(), &expected) {
        failures.push(format!("wrapper: {e} (stderr: {:?})", outcome.lines));
    }

    // exports.c: stdout exactly as recorded; the throwing export reported.
    let exe = build("exports")?;
    let expected = std::fs::read_to_string(ws.root.join("tests/capi/exports.stdout"))
        .map_err(|e| format!("cannot read exports.stdout: {e}"))?;
    let outcome = exec::run(&mut runner(case, &exe, &["+RTS", "-M8m", "-RTS"]), true)
        .map_err(|e| e.to_string())?;
    if let Err(e) = check_lines(&outcome.stdout, outcome.status.code(), &expected) {
        failures.push(format!("exports: {e}"));
    }
    if !outcome
        .lines
        .iter()
        .any(|l| l.ends_with(": checked: uncaught exception"))
    {
        failures.push("exports: the failing export was not reported on stderr".to_owned());
    }

    // rtsopts.c: RTS options removed from argv; -s statistics at exit.
    let exe = build("rtsopts")?;
    let args = ["one", "+RTS", "-s", "-A64k", "-RTS", "two"];
    let outcome = exec::run(&mut runner(case, &exe, &args), true).map_err(|e| e.to_string())?;
    let expected = "argc = 3: one two\nhello from Haskell, 3\nstill running: triple(5) = 15\n";
    if let Err(e) = check_lines(&outcome.stdout, outcome.status.code(), expected) {
        failures.push(format!("rtsopts: {e}"));
    }
    if !outcome
        .lines
        .iter()
        .any(|l| l.contains("bytes allocated in the heap"))
    {
        failures.push("rtsopts: no +RTS -s statistics on stderr".to_owned());
    }

    // A bad RTS option: GHC's message and exit status 1, before any
    // Haskell runs.
    let outcome = exec::run(&mut runner(case, &exe, &["+RTS", "-Zbogus", "-RTS"]), true)
        .map_err(|e| e.to_string())?;
    if outcome.status.code() != Some(1)
        || !outcome
            .lines
            .iter()
            .any(|l| l.contains("unknown RTS option: -Zbogus"))
        || !outcome.stdout.is_empty()
    {
        failures.push(format!(
            "rtsopts -Zbogus: expected exit 1 and `unknown RTS option: -Zbogus`, got {:?} {:?}",
            outcome.status.code(),
            outcome.lines
        ));
    }

    // misuse.c: every case dies with its message.
    let exe = build("misuse")?;
    for (name, message) in MISUSE_CASES {
        let outcome =
            exec::run(&mut runner(case, &exe, &[name]), true).map_err(|e| e.to_string())?;
        if let Err(e) = check_misuse(&outcome.lines, outcome.status.success(), message) {
            failures.push(format!("misuse {name}: {e}"));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}

/// A program's stdout must be exactly `expected` (lines) and it must exit 0.
pub fn check_lines(stdout: &[String], code: Option<i32>, expected: &str) -> Result<(), String> {
    if code != Some(0) {
        return Err(format!("exited with {code:?}, expected 0"));
    }
    let expected: Vec<&str> = expected.lines().collect();
    if stdout
        .iter()
        .map(String::as_str)
        .eq(expected.iter().copied())
    {
        Ok(())
    } else {
        Err(format!("printed {stdout:?}, expected {expected:?}"))
    }
}

/// A misuse case must fail and print `message`.
pub fn check_misuse(lines: &[String], succeeded: bool, message: &str) -> Result<(), String> {
    if succeeded {
        return Err("the program exited successfully: the misuse was not detected".to_owned());
    }
    if lines.iter().any(|l| l.contains(message)) {
        Ok(())
    } else {
        Err(format!("expected the message {message:?}, got {lines:?}"))
    }
}

fn compile(cc: &mut Command) -> Result<(), String> {
    let outcome = exec::run(cc, true).map_err(|e| e.to_string())?;
    if outcome.status.success() {
        Ok(())
    } else {
        Err(format!(
            "compiling/linking the C program failed ({})",
            outcome.status
        ))
    }
}

/// Builds `libhsrts.a` for the case and returns its path.
fn build_library(ws: &Workspace, case: &CapiCase) -> Result<PathBuf, String> {
    let mut cargo = ws.cargo_command();
    cargo.args(["build", "-p", "hsrts-capi"]);
    if let Some(target) = case.target {
        cargo.args(["--target", target]);
    }
    if let Some(features) = &case.features {
        cargo.args([
            "--no-default-features",
            "--features",
            &features.features_arg(),
        ]);
    }
    let outcome = exec::run(&mut cargo, true).map_err(|e| e.to_string())?;
    if !outcome.status.success() {
        return Err(format!("building hsrts-capi failed ({})", outcome.status));
    }
    let library = library_path(&ws.target_dir, case.target);
    if library.is_file() {
        Ok(library)
    } else {
        Err(format!(
            "cargo succeeded but {} does not exist",
            library.display()
        ))
    }
}

/// Where cargo puts the debug staticlib for `target` (`None` = host).
pub fn library_path(target_dir: &Path, target: Option<&str>) -> PathBuf {
    library_path_for(target_dir, target, "debug")
}

/// Where cargo puts the staticlib of `profile` (`debug`, `release`).
pub fn library_path_for(target_dir: &Path, target: Option<&str>, profile: &str) -> PathBuf {
    let mut dir = target_dir.to_path_buf();
    if let Some(target) = target {
        dir.push(target);
    }
    dir.join(profile).join("libhsrts.a")
}

/// The program must exit 0 and print exactly the expected vector, on one line.
pub fn check_output(stdout: &[String], code: Option<i32>, expected: &Vector) -> Result<(), String> {
    if code != Some(0) {
        return Err(format!("the C program exited with {code:?}, expected 0"));
    }
    let expected = expected.features_arg();
    match stdout {
        [line] if *line == expected => Ok(()),
        _ => Err(format!(
            "the C program printed {stdout:?}, expected exactly [{expected:?}]"
        )),
    }
}

/// One target of `cargo xtask bench --capi`.
struct BenchTarget {
    name: &'static str,
    target: Option<&'static str>,
}

const BENCH_TARGETS: [BenchTarget; 2] = [
    BenchTarget {
        name: "native (gcc -O2, interp-libffi)",
        target: None,
    },
    BenchTarget {
        name: "wasm32-wasi under wasmtime (clang-14 -O2, interp-static)",
        target: Some(WASM_TARGET),
    },
];

/// Calls of each kind per run of `bench_call`.
const BENCH_CALLS: &str = "300000";

/// `cargo xtask bench --capi`: the cost of a call C -> exported Haskell
/// `Int -> Int` -> C (`tests/capi/bench_call.c`, export `triple`) against
/// a plain C call in the same run, natively and under wasmtime, with
/// release builds of `libhsrts.a`. Prints the table docs/capi.md and
/// docs/performance.md quote; returns whether every target was measured.
pub fn bench_command(ws: &Workspace) -> bool {
    let mut rows = Vec::new();
    let generated = match generate_exports(ws) {
        Ok(dir) => dir,
        Err(e) => {
            println!("bench --capi: {e}");
            return false;
        }
    };
    for t in &BENCH_TARGETS {
        println!("\n== bench --capi: {}", t.name);
        match bench_target(ws, t, &generated) {
            Ok(row) => rows.push((t.name, Ok(row))),
            Err(e) => {
                println!("bench --capi {}: FAILED: {e}", t.name);
                rows.push((t.name, Err(e)));
            }
        }
    }
    println!("\n| target | plain C call | C -> Haskell export -> C | ratio |");
    println!("|---|---|---|---|");
    let mut all = true;
    for (name, row) in &rows {
        match row {
            Ok((c_ns, hs_ns)) => println!(
                "| {name} | {c_ns:.1} ns | {hs_ns:.0} ns | {:.0} |",
                hs_ns / c_ns.max(1e-3)
            ),
            Err(e) => {
                all = false;
                println!("| {name} | failed: {e} | | |");
            }
        }
    }
    all
}

/// Builds and runs `bench_call` for one target: (C ns, Haskell ns) per call.
fn bench_target(ws: &Workspace, t: &BenchTarget, generated: &Path) -> Result<(f64, f64), String> {
    let mut cargo = ws.cargo_command();
    cargo.args(["build", "--release", "-p", "hsrts-capi"]);
    if let Some(target) = t.target {
        cargo.args(["--target", target]);
    }
    let outcome = exec::run(&mut cargo, true).map_err(|e| e.to_string())?;
    if !outcome.status.success() {
        return Err(format!("building hsrts-capi failed ({})", outcome.status));
    }
    let library = library_path_for(&ws.target_dir, t.target, "release");
    let out_dir = ws.target_dir.join("capi-bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let sources = [
        ws.root.join("tests/capi/bench_call.c"),
        generated.join("exports_hs.c"),
    ];
    let argv: Vec<std::ffi::OsString> = match t.target {
        None => {
            let exe = out_dir.join("bench_call");
            let mut cc = Command::new("gcc");
            cc.args(["-O2", "-I"])
                .arg(ws.root.join(INCLUDE))
                .arg("-I")
                .arg(generated)
                .args(&sources)
                .arg(&library)
                .args(NATIVE_LIBS)
                .arg("-o")
                .arg(&exe);
            compile(&mut cc)?;
            vec![exe.into()]
        }
        Some(_) => {
            let module = out_dir.join("bench_call.wasm");
            let mut cc = Command::new(WASI_CC);
            cc.args(WASI_CFLAGS)
                .args(["-O2", "-I"])
                .arg(ws.root.join(INCLUDE))
                .arg("-I")
                .arg(generated)
                .args(&sources)
                .arg(&library)
                .arg("-o")
                .arg(&module);
            compile(&mut cc)?;
            vec!["wasmtime".into(), "run".into(), module.into()]
        }
    };
    // The Haskell calls are timed by the process's CPU time (user +
    // system) with N calls minus that with one call (start-up, loading,
    // wasmtime's compilation): a busy machine stretches wall time, and
    // WASI has no CPU clock. The C calls are too fast for that; their
    // time is the program's own measurement.
    let run = |n: &str| -> Result<crate::bench::measure::RunOutcome, String> {
        let mut full = argv.clone();
        full.push(n.into());
        let outcome = crate::bench::measure::run_timed(&full, &out_dir, 600.0)?;
        if outcome.code != Some(0) {
            return Err(format!(
                "bench_call {n} failed ({:?}): {}",
                outcome.code,
                outcome.stderr.trim()
            ));
        }
        Ok(outcome)
    };
    // The first run may compile the module (wasmtime's cache): the
    // baseline is a second, warm run.
    let _warm_up = run("1")?;
    let base = run("1")?;
    let timed = run(BENCH_CALLS)?;
    let lines: Vec<String> = timed.stdout.lines().map(str::to_owned).collect();
    println!("{}", timed.stdout.trim_end());
    let (c_ns, in_program_ns) = parse_bench_output(&lines)?;
    let calls: f64 = BENCH_CALLS.parse().unwrap_or(1.0);
    let hs_ns = (timed.cpu_seconds - base.cpu_seconds) * 1e9 / calls;
    if hs_ns <= 0.0 {
        return Err(format!(
            "the run with {BENCH_CALLS} calls took no more CPU time than the run with 1 \
             ({:.3} s against {:.3} s): not measurable",
            timed.cpu_seconds, base.cpu_seconds
        ));
    }
    println!(
        "process CPU: {hs_ns:.0} ns per Haskell call (the program's own clock said {in_program_ns:.0} ns)"
    );
    Ok((c_ns, hs_ns))
}

/// (C ns, Haskell ns) from `bench_call`'s output.
pub fn parse_bench_output(stdout: &[String]) -> Result<(f64, f64), String> {
    let number = |label: &str| -> Result<f64, String> {
        stdout
            .iter()
            .find_map(|l| l.strip_prefix(label))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<f64>().ok())
            .ok_or_else(|| format!("no `{label}` line in {stdout:?}"))
    };
    Ok((number("C function:")?, number("Haskell export:")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_must_match_exactly() {
        let v = vector::vector_of(vector::WASM_DEFAULT);
        let line = |s: &str| vec![s.to_owned()];
        assert!(
            check_output(
                &line("addr-malloc,ctx-clock,intr-host,interp-static"),
                Some(0),
                &v
            )
            .is_ok()
        );
        assert!(
            check_output(
                &line("addr-mmap,ctx-clock,intr-host,interp-static"),
                Some(0),
                &v
            )
            .is_err()
        );
        assert!(
            check_output(
                &line("addr-malloc,ctx-clock,intr-host,interp-static"),
                Some(1),
                &v
            )
            .is_err()
        );
        assert!(check_output(&[], Some(0), &v).is_err());
        let two = vec![
            "addr-malloc,ctx-clock,intr-host,interp-static".to_owned(),
            "x".to_owned(),
        ];
        assert!(check_output(&two, Some(0), &v).is_err());
    }

    #[test]
    fn output_checks_need_exact_lines_and_success() {
        let out = vec!["a".to_owned(), "b".to_owned()];
        assert!(check_lines(&out, Some(0), "a\nb\n").is_ok());
        assert!(check_lines(&out, Some(1), "a\nb\n").is_err());
        assert!(check_lines(&out, Some(0), "a\n").is_err());
        assert!(check_lines(&out, Some(0), "a\nc\n").is_err());
        let lines = vec!["hsrts: rts_lock: called before hs_init (...)".to_owned()];
        assert!(check_misuse(&lines, false, "called before hs_init").is_ok());
        assert!(check_misuse(&lines, true, "called before hs_init").is_err());
        assert!(check_misuse(&lines, false, "after the last hs_exit").is_err());
        let names: Vec<&str> = MISUSE_CASES.iter().map(|(n, _)| *n).collect();
        let mut unique = names.clone();
        unique.dedup();
        assert_eq!(names, unique);
    }

    #[test]
    fn bench_output_is_parsed() {
        let out: Vec<String> = [
            "calls: 10",
            "C function:             2.5 ns/call",
            "Haskell export:       800.0 ns/call",
            "ratio:                  320",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(parse_bench_output(&out), Ok((2.5, 800.0)));
        assert!(parse_bench_output(&out[..2]).is_err());
    }

    #[test]
    fn the_cases_cover_both_targets_and_a_named_vector() {
        let cases = cases();
        assert!(
            cases
                .iter()
                .any(|c| c.target.is_none() && c.features.is_none())
        );
        assert!(
            cases
                .iter()
                .any(|c| c.target.is_none() && c.features.is_some())
        );
        assert!(cases.iter().any(|c| c.target == Some(WASM_TARGET)));
        for case in &cases {
            if let Some(features) = &case.features {
                assert_eq!(
                    features, &case.expected,
                    "a named vector must be reported as named"
                );
            }
        }
    }
}
