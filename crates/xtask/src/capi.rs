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
/// Native libraries a Rust staticlib needs on linux-gnu (rustc's
/// `--print native-static-libs`), plus libffi for `interp-libffi`.
const NATIVE_LIBS: &[&str] = &[
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

/// Runs every case; one summary row each.
pub fn run_all(ws: &Workspace) -> Vec<StepResult> {
    cases()
        .iter()
        .map(|case| {
            println!("\n== capi: {} (expect `{}`)", case.name, case.expected);
            let start = Instant::now();
            let outcome = run_case(ws, case);
            if let Err(e) = &outcome {
                println!("capi {}: FAILED: {e}", case.name);
            } else {
                println!("capi {}: ok", case.name);
            }
            let subject = format!("{} ({})", case.name, case.expected);
            StepResult::single("capi", &subject, outcome, start.elapsed())
        })
        .collect()
}

fn run_case(ws: &Workspace, case: &CapiCase) -> Result<(), String> {
    let library = build_library(ws, case)?;
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
                .arg(&library);
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
            cc.arg(&source).arg(&library).arg("-o").arg(&module);
            compile(&mut cc)?;
            let mut wasmtime = Command::new("wasmtime");
            wasmtime.arg("run").arg(module);
            wasmtime
        }
    };
    let outcome = exec::run(&mut run, true).map_err(|e| e.to_string())?;
    check_output(&outcome.stdout, outcome.status.code(), &case.expected)
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
    let mut dir = target_dir.to_path_buf();
    if let Some(target) = target {
        dir.push(target);
    }
    dir.join("debug").join("libhsrts.a")
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
