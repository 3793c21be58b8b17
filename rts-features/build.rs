//! Chooses the feature vector: exactly one implementation per axis.
//!
//! For every axis this script looks at the Cargo features that were named,
//! picks the target's default when none was, and reports an illegal vector
//! (two implementations of one axis, or a POSIX-only implementation on
//! wasm32) as a `compile_error!` that names the features and says why. The
//! choice is handed to the crate as meaning-level cfgs (declared with
//! `rustc-check-cfg`, so a typo is a warning) and as a generated Rust file
//! holding `FEATURE_VECTOR`. See docs/feature-vector.md.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

/// One axis of the vector: its cfg name, its implementations (in the order
/// the docs list them) and the defaults.
struct Axis {
    /// The cfg key and feature prefix, e.g. `addr` gives cfg `hsrts_addr`
    /// and features `addr-mmap`, `addr-malloc`, ...
    name: &'static str,
    implementations: &'static [Implementation],
    linux_default: &'static str,
    portable_default: &'static str,
}

struct Implementation {
    name: &'static str,
    /// Why the implementation needs POSIX, or `None` if it runs everywhere.
    posix_only: Option<&'static str>,
}

const fn everywhere(name: &'static str) -> Implementation {
    Implementation {
        name,
        posix_only: None,
    }
}

const fn posix(name: &'static str, why: &'static str) -> Implementation {
    Implementation {
        name,
        posix_only: Some(why),
    }
}

const AXES: &[Axis] = &[
    Axis {
        name: "addr",
        implementations: &[
            posix(
                "mmap",
                "it maps and unmaps memory with mmap/munmap, which wasm32 does not have",
            ),
            everywhere("malloc"),
            everywhere("grow"),
        ],
        linux_default: "mmap",
        portable_default: "malloc",
    },
    Axis {
        name: "ctx",
        implementations: &[
            posix(
                "timer",
                "it runs a ticker thread, and wasm32-wasip1 has no threads (use ctx-clock)",
            ),
            everywhere("always"),
            everywhere("every-n"),
            everywhere("clock"),
        ],
        linux_default: "timer",
        portable_default: "clock",
    },
    Axis {
        name: "intr",
        implementations: &[
            posix(
                "signal",
                "it installs a SIGINT handler with sigaction, and wasm32 has no signals (use intr-host)",
            ),
            everywhere("host"),
            everywhere("none"),
        ],
        linux_default: "signal",
        portable_default: "host",
    },
    Axis {
        name: "interp",
        implementations: &[
            posix(
                "libffi",
                "it finds C symbols with dlsym and calls them through libffi, and wasm32 has neither (use interp-static)",
            ),
            everywhere("static"),
            everywhere("none"),
        ],
        linux_default: "libffi",
        portable_default: "static",
    },
];

fn feature_is_on(axis: &str, implementation: &str) -> bool {
    let var = format!(
        "CARGO_FEATURE_{}_{}",
        axis.to_uppercase(),
        implementation.to_uppercase().replace('-', "_")
    );
    env::var_os(var).is_some()
}

/// The cfg value for an implementation: `every-n` becomes `every_n`.
fn cfg_value(implementation: &str) -> String {
    implementation.replace('-', "_")
}

/// `a and b`, `a, b and c`.
fn join_names(names: &[String]) -> String {
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let target_os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let target_family = env::var("CARGO_CFG_TARGET_FAMILY").unwrap_or_default();
    let is_wasm = target_arch.starts_with("wasm");
    let is_unix = target_family.split(',').any(|f| f == "unix");
    let is_linux = target_os == "linux";

    let mut errors: Vec<String> = Vec::new();
    let mut chosen: Vec<(&'static str, &'static str)> = Vec::new();

    for axis in AXES {
        let named: Vec<&Implementation> = axis
            .implementations
            .iter()
            .filter(|i| feature_is_on(axis.name, i.name))
            .collect();
        if named.len() > 1 {
            let list: Vec<String> = named
                .iter()
                .map(|i| format!("`{}-{}`", axis.name, i.name))
                .collect();
            errors.push(format!(
                "features {} are {} enabled, but the {} axis takes exactly one implementation; \
                 enable only one of them (see docs/feature-vector.md)",
                join_names(&list),
                if list.len() == 2 { "both" } else { "all" },
                axis.name
            ));
        }
        let default = if is_linux {
            axis.linux_default
        } else {
            axis.portable_default
        };
        let mut pick = named.first().map_or(default, |i| i.name);
        let implementation = axis
            .implementations
            .iter()
            .find(|i| i.name == pick)
            .expect("the default is one of the axis's implementations");
        if let Some(why) = implementation.posix_only {
            if !is_unix {
                errors.push(format!(
                    "feature `{}-{}` needs POSIX: {}; target `{}` is not a POSIX target",
                    axis.name,
                    pick,
                    why,
                    env::var("TARGET").unwrap_or_default()
                ));
                // Carry on with the portable default so the error above is
                // the only one the user sees.
                pick = axis.portable_default;
            }
        }
        // libffi is a dependency on Linux only (see Cargo.toml).
        if axis.name == "interp" && pick == "libffi" && !is_linux && is_unix {
            errors.push(
                "feature `interp-libffi` is only wired up for Linux targets (its libffi \
                 dependency is declared for target_os = \"linux\")"
                    .to_string(),
            );
            pick = axis.portable_default;
        }
        chosen.push((axis.name, pick));
    }

    // Meaning-level cfgs: one `hsrts_<axis> = "<implementation>"` per axis,
    // plus a few derived facts callers can test directly.
    for axis in AXES {
        let values: Vec<String> = axis
            .implementations
            .iter()
            .map(|i| format!("\"{}\"", cfg_value(i.name)))
            .collect();
        println!(
            "cargo::rustc-check-cfg=cfg(hsrts_{}, values({}))",
            axis.name,
            values.join(", ")
        );
    }
    println!("cargo::rustc-check-cfg=cfg(hsrts_has_interpreter)");
    println!("cargo::rustc-check-cfg=cfg(hsrts_has_posix)");
    println!("cargo::rustc-check-cfg=cfg(hsrts_has_threads)");
    for (axis, pick) in &chosen {
        println!("cargo::rustc-cfg=hsrts_{}=\"{}\"", axis, cfg_value(pick));
    }
    if chosen
        .iter()
        .any(|&(axis, pick)| axis == "interp" && pick != "none")
    {
        println!("cargo::rustc-cfg=hsrts_has_interpreter");
    }
    if is_unix {
        println!("cargo::rustc-cfg=hsrts_has_posix");
    }
    if !is_wasm {
        println!("cargo::rustc-cfg=hsrts_has_threads");
    }
    // The libffi contract tests look up a `#[no_mangle]` function of the
    // test binary itself with dlsym, which needs the executable to export
    // its symbols. This affects only binaries linked from this package
    // (its tests), never its dependents.
    if is_linux {
        println!("cargo::rustc-link-arg=-Wl,--export-dynamic");
    }

    let vector: Vec<String> = chosen
        .iter()
        .map(|(axis, pick)| format!("{axis}-{pick}"))
        .collect();
    let mut generated = String::new();
    for error in &errors {
        writeln!(generated, "compile_error!({error:?});").unwrap();
    }
    writeln!(
        generated,
        "/// The built feature vector, one `axis-implementation` per axis in the order\n\
         /// addr, ctx, intr, interp, joined with commas.\n\
         pub const FEATURE_VECTOR: &str = {:?};",
        vector.join(",")
    )
    .unwrap();
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("feature_vector.rs"), generated).expect("write feature_vector.rs");
}
