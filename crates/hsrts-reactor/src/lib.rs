//! The reactor runner: the wasm32-wasip1 reactor module (`_initialize`,
//! no `main`) that `hsrts build --reactor` copies, fills with a program's
//! image (through the `hsrts.image_len`/`image_copy` hooks, as the command
//! runner) and gives one wasm export per requested `foreign export
//! javascript` (synthesised wrappers calling the `hsrts_jsffi_export_*`
//! functions here). It implements the runtime's [`JsHost`] with the
//! `ghc_wasm_jsffi` imports of the post-linker's ES module, keeps the one
//! machine alive between calls, runs the scheduler after each call and
//! settles the calls' Promises. The ABI: docs/jsffi.md.
//!
//! Built for the host this crate compiles to nothing useful (the imports
//! exist only on wasm); its logic is tested natively in rts-core's
//! `tests/jsffi.rs` against a mock host and under node in tests/jsffi.

#[cfg(target_family = "wasm")]
mod wasm;

/// Keeps the host build of the crate non-empty and documented.
pub const ROLE: &str = "wasm32-wasip1 reactor runner for `hsrts build --reactor`";
