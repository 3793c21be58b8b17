//! `cargo xtask dist`: the C API as a folder per target that a C
//! toolchain can use without the source tree:
//!
//! ```text
//! dist/<target>/lib/libhsrts.a        the runtime (staticlib)
//! dist/<target>/lib/link-flags.txt    what to add to the link line
//! dist/<target>/include/HsFFI.h, RtsAPI.h, hsrts.h
//! dist/<target>/include/hsrts_features.h   the feature vector as macros
//! ```
//!
//! Targets: the host (`x86_64-unknown-linux-gnu` on the CI machine) and
//! `wasm32-wasip1`, each with its default feature vector (DESIGN.md).
//! `--debug` builds the dev profile instead of release (quicker; tests).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::capi::{NATIVE_LIBS, library_path_for};
use crate::setup::WASM_TARGET;
use crate::vector::{self, Vector};
use crate::{CliError, Workspace, exec};

/// Headers shipped, from `crates/hsrts-capi/include`.
const HEADERS: &[&str] = &["HsFFI.h", "RtsAPI.h", "hsrts.h"];

/// Options of `cargo xtask dist`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistOptions {
    pub out: PathBuf,
    pub release: bool,
}

/// Parses `[--out DIR] [--debug]`; `DIR` defaults to `dist` in the root.
pub fn parse_options(root: &Path, args: &[String]) -> Result<DistOptions, CliError> {
    let mut options = DistOptions {
        out: root.join("dist"),
        release: true,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--debug" => options.release = false,
            "--out" => {
                let dir = iter
                    .next()
                    .ok_or_else(|| CliError("--out needs a folder".to_owned()))?;
                options.out = root.join(dir);
            }
            other => return Err(CliError(format!("unknown option `{other}` for `dist`"))),
        }
    }
    Ok(options)
}

/// `cargo xtask dist`.
pub fn dist_command(ws: &Workspace, args: &[String]) -> Result<ExitCode, CliError> {
    let options = parse_options(&ws.root, args)?;
    let host = host_triple(ws).map_err(CliError)?;
    let targets: [(Option<&str>, String, Vector); 2] = [
        (None, host, vector::vector_of(vector::LINUX_DEFAULT)),
        (
            Some(WASM_TARGET),
            WASM_TARGET.to_owned(),
            vector::vector_of(vector::WASM_DEFAULT),
        ),
    ];
    for (target, name, vector) in &targets {
        let dir = options.out.join(name);
        make_target(ws, &options, *target, &dir, vector).map_err(CliError)?;
        println!("dist: {}", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn make_target(
    ws: &Workspace,
    options: &DistOptions,
    target: Option<&str>,
    dir: &Path,
    vector: &Vector,
) -> Result<(), String> {
    let mut cargo = ws.cargo_command();
    cargo.args(["build", "-p", "hsrts-capi"]);
    if options.release {
        cargo.arg("--release");
    }
    if let Some(t) = target {
        cargo.args(["--target", t]);
    }
    let outcome = exec::run(&mut cargo, true).map_err(|e| e.to_string())?;
    if !outcome.status.success() {
        return Err(format!("building hsrts-capi failed ({})", outcome.status));
    }
    let profile = if options.release { "release" } else { "debug" };
    let library = library_path_for(&ws.target_dir, target, profile);
    let lib_dir = dir.join("lib");
    let include_dir = dir.join("include");
    for d in [&lib_dir, &include_dir] {
        std::fs::create_dir_all(d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
    }
    copy(&library, &lib_dir.join("libhsrts.a"))?;
    let flags = if target.is_none() {
        NATIVE_LIBS.join(" ")
    } else {
        String::new()
    };
    write(&lib_dir.join("link-flags.txt"), &format!("{flags}\n"))?;
    let source_include = ws.root.join("crates/hsrts-capi/include");
    for h in HEADERS {
        copy(&source_include.join(h), &include_dir.join(h))?;
    }
    write(
        &include_dir.join("hsrts_features.h"),
        &features_header(vector),
    )
}

/// `hsrts_features.h` for a vector (see hsrts.h).
pub fn features_header(vector: &Vector) -> String {
    let mut s = String::from(
        "/* hsrts_features.h -- written by `cargo xtask dist`: the feature vector\n * libhsrts.a in ../lib was built with (see hsrts.h). */\n\n#ifndef HSRTS_FEATURES_H\n#define HSRTS_FEATURES_H\n\n",
    );
    s.push_str(&format!(
        "#define HSRTS_FEATURE_VECTOR \"{}\"\n",
        vector.features_arg()
    ));
    for f in &vector.0 {
        let name: String = f
            .chars()
            .map(|c| {
                if c == '-' {
                    '_'
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect();
        s.push_str(&format!("#define HSRTS_FEATURE_{name} 1\n"));
    }
    s.push_str("\n#endif /* HSRTS_FEATURES_H */\n");
    s
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The host's target triple (`rustc -vV`).
fn host_triple(ws: &Workspace) -> Result<String, String> {
    let rustc = ws.cargo.with_file_name("rustc");
    let rustc = if rustc.is_file() {
        rustc
    } else {
        PathBuf::from("rustc")
    };
    let out = std::process::Command::new(rustc)
        .arg("-vV")
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .ok_or_else(|| "rustc -vV printed no host triple".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_features_header_defines_the_vector() {
        let h = features_header(&vector::vector_of(vector::WASM_DEFAULT));
        assert!(h.contains(
            "#define HSRTS_FEATURE_VECTOR \"addr-malloc,ctx-clock,intr-host,interp-static\""
        ));
        assert!(h.contains("#define HSRTS_FEATURE_INTR_HOST 1"));
        assert!(h.contains("#define HSRTS_FEATURE_ADDR_MALLOC 1"));
        assert!(!h.contains("ADDR_MMAP"));
    }

    #[test]
    fn options_parse() {
        let root = Path::new("/r");
        assert_eq!(
            parse_options(root, &[]).ok(),
            Some(DistOptions {
                out: PathBuf::from("/r/dist"),
                release: true
            })
        );
        let args = ["--debug".to_owned(), "--out".to_owned(), "x".to_owned()];
        assert_eq!(
            parse_options(root, &args).ok(),
            Some(DistOptions {
                out: PathBuf::from("/r/x"),
                release: false
            })
        );
        assert!(parse_options(root, &["--bad".to_owned()]).is_err());
        assert!(parse_options(root, &["--out".to_owned()]).is_err());
    }
}
