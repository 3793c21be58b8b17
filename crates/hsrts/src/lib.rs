//! The `hsrts` tool as a library: everything the two executables share.
//!
//! * [`cli`] — the `hsrts` command line (subcommands and their arguments);
//! * [`compile`] — Haskell source to image bytes (front end, STG, bytecode),
//!   on a thread with a stack big enough for the front end;
//! * [`exec`] — running an image the way a GHC-compiled program runs: RTS
//!   options, the interpreter, GHC's exit statuses and messages, `+RTS -s`;
//! * [`wasm_module`] — `hsrts build -o prog.wasm`: finding the prebuilt
//!   runner module and splicing an image into it;
//! * [`emit_c`] — `hsrts build --emit-c`: C source with the image and the
//!   `foreign export` stubs, for linking with `libhsrts.a`;
//! * [`emit_rust`] — `hsrts build -o prog.rs`: the native-code back end
//!   (a Rust function per bytecode object; docs/design/native-code.md);
//! * [`reactor`] — `hsrts build --reactor` (JavaScript FFI reactor
//!   modules) and `hsrts post-link`;
//! * [`runner`] — the prebuilt wasm runners both of those start from: one
//!   descriptor each, and the search for it;
//! * [`info`] — `hsrts info`.
//!
//! The executables are `hsrts` (src/main.rs) and `hsrts-runner`
//! (src/bin/hsrts-runner.rs, the wasm command module's `main`).

pub mod cli;
pub mod compile;
pub mod emit_c;
pub mod emit_rust;
pub mod exec;
pub mod info;
pub mod reactor;
pub mod runner;
pub mod wasm_module;
