//! The feature vector: every mechanism of the runtime that needs POSIX, as an
//! axis with several implementations chosen at build time.
//!
//! Four axes, each a module whose `mod.rs` states the contract and selects
//! one implementation file (see docs/feature-vector.md):
//!
//! * [`addr`] — where megablocks of heap come from (`addr-mmap`,
//!   `addr-malloc`, `addr-grow`);
//! * [`ctx`] — when the running Haskell thread should yield at a safe point
//!   (`ctx-timer`, `ctx-always`, `ctx-every-n`, `ctx-clock`);
//! * [`intr`] — how a user interrupt (^C) reaches the runtime
//!   (`intr-signal`, `intr-host`, `intr-none`);
//! * [`interp`] — how the bytecode interpreter calls foreign functions
//!   (`interp-libffi`, `interp-static`, `interp-none`).
//!
//! `build.rs` picks one implementation per axis (the target's default for an
//! axis left unnamed) and rejects illegal vectors with `compile_error!`. The
//! rest of the runtime sees only the names each `mod.rs` re-exports; it never
//! tests a feature itself. This crate touches nothing outside the four axes.

pub mod addr;
pub mod ctx;
pub mod interp;
pub mod intr;

// `FEATURE_VECTOR`, and a `compile_error!` for each illegal choice.
include!(concat!(env!("OUT_DIR"), "/feature_vector.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_vector_lists_each_axis_in_order() {
        let parts: Vec<&str> = FEATURE_VECTOR.split(',').collect();
        assert_eq!(
            parts,
            [
                format!("addr-{}", addr::IMPLEMENTATION),
                format!("ctx-{}", ctx::IMPLEMENTATION),
                format!("intr-{}", intr::IMPLEMENTATION),
                format!("interp-{}", interp::IMPLEMENTATION),
            ]
        );
    }

    #[test]
    fn interpreter_flag_agrees_with_the_vector() {
        assert_eq!(
            interp::INTERPRETER,
            !FEATURE_VECTOR.ends_with("interp-none")
        );
    }

    /// The defaults of docs/feature-vector.md, when no feature is named.
    #[test]
    #[cfg(not(any(
        feature = "addr-mmap",
        feature = "addr-malloc",
        feature = "addr-grow",
        feature = "ctx-timer",
        feature = "ctx-always",
        feature = "ctx-every-n",
        feature = "ctx-clock",
        feature = "intr-signal",
        feature = "intr-host",
        feature = "intr-none",
        feature = "interp-libffi",
        feature = "interp-static",
        feature = "interp-none"
    )))]
    fn defaults_follow_the_target() {
        if cfg!(target_os = "linux") {
            assert_eq!(
                FEATURE_VECTOR,
                "addr-mmap,ctx-timer,intr-signal,interp-libffi"
            );
        } else if cfg!(target_arch = "wasm32") {
            assert_eq!(
                FEATURE_VECTOR,
                "addr-malloc,ctx-clock,intr-host,interp-static"
            );
        }
    }
}

// Planted faults (the `fault-*` features) exist to test `cargo xtask
// bisect-features`; see docs/feature-vector.md, "Planted faults". They must
// never reach an optimised build.
#[cfg(all(
    not(debug_assertions),
    any(
        feature = "fault-addr-malloc-misalign",
        feature = "fault-ctx-every-n-never",
        feature = "fault-intr-host-lost",
        feature = "fault-ctx-every-n-late",
        feature = "fault-intr-host-late",
    )
))]
compile_error!(
    "the fault-* features plant bugs for testing bisect-features; never enable them in a release build"
);
