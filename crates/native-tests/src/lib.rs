//! Corpus programs compiled to native code by the Rust back end at build
//! time (build.rs; docs/design/native-code.md): each with its native image
//! and code table (what `hsrts build prog.hs -o prog.rs` produces), its
//! bytecode image (for comparisons with the interpreter) and its header's
//! arguments. The tests in tests/ run them under every feature vector,
//! `interp-none` included; the `hsrts-compiled` binary (feature
//! `bench-programs`) runs them for `cargo xtask bench`.

use rts_core::interp::native::NativeCode;

/// One corpus program compiled by the build script.
#[derive(Debug)]
pub struct CompiledProgram {
    /// The corpus name (tests/programs/NAME.hs).
    pub name: &'static str,
    /// The native image (`NAME.hsimg` beside a generated `NAME.rs`).
    pub image: &'static [u8],
    /// One function per bytecode object.
    pub code: &'static [NativeCode],
    /// The program's ordinary bytecode image (`hsrts build -o NAME.hsbc`).
    pub bytecode: &'static [u8],
    /// The `args:` header line (the test's arguments).
    pub args: &'static [&'static str],
    /// The `bench-args:` header line (`args:` when there is none).
    pub bench_args: &'static [&'static str],
    /// Whether the tests run it (otherwise compiled for the bench only).
    pub tested: bool,
}

include!(concat!(env!("OUT_DIR"), "/programs.rs"));

/// The compiled program called `name`.
pub fn find(name: &str) -> Option<&'static CompiledProgram> {
    PROGRAMS.iter().find(|p| p.name == name)
}
