//! Names shared by the three parties of the JavaScript FFI: the runtime
//! (the reactor runner, rts-core), the reactor builder (`hsrts build
//! --reactor`) and the generated ES module. docs/jsffi.md, "The ABI",
//! gives each one's type and meaning.

/// The custom section holding the snippets and export signatures.
pub const SECTION_NAME: &str = "hsrts_jsffi";
/// The section's magic and format version (first 8 bytes).
pub const SECTION_MAGIC: &[u8; 4] = b"HSJS";
pub const SECTION_VERSION: u32 = 1;

/// The wasm import module the ES module's default export provides.
pub const IMPORT_MODULE: &str = "ghc_wasm_jsffi";

/// Imports (JavaScript functions the runtime calls).
/// `(id: i32, args: i32, ret: i32)`: run import `id` with its arguments in
/// 8-byte slots at `args`, write the result slot at `ret`.
pub const IMPORT_CALL: &str = "call";
/// `(key: i32)`: drop a table entry (a dead or freed JSVal).
pub const IMPORT_RELEASE: &str = "release";
/// `(key: i32) -> i32`: `freeJSVal`: drop a table entry; if it is a
/// "wrapper" callback's function, mark it dead and return its stable
/// pointer (else 0), which the runtime frees.
pub const IMPORT_FREE: &str = "free";
/// `(ptr: i32, len: i32) -> i32`: a new JavaScript string from UTF-8.
pub const IMPORT_STRING_NEW: &str = "string_new";
/// `(key: i32) -> i32`: encode the string at `key` as UTF-8, keep the bytes,
/// return their length.
pub const IMPORT_STRING_ENCODE: &str = "string_encode";
/// `(ptr: i32)`: copy the bytes kept by the last `string_encode` to `ptr`.
pub const IMPORT_STRING_COPY: &str = "string_copy";
/// `(export: i32) -> i32`: a new pending Promise for a call of export
/// number `export`; returns its key.
pub const IMPORT_PROMISE_NEW: &str = "promise_new";
/// `(key: i32) -> externref`: the Promise object of `key` (the value a
/// synthesised export returns).
pub const IMPORT_PROMISE_TAKE: &str = "promise_take";
/// `(key: i32, ret: i32)`: resolve with the result slot at `ret`.
pub const IMPORT_PROMISE_RESOLVE: &str = "promise_resolve";
/// `(key: i32, msg: i32)`: reject with a `WebAssembly.RuntimeError` whose
/// message is the JavaScript string `msg` (a table key).
pub const IMPORT_PROMISE_REJECT: &str = "promise_reject";
/// `(value: externref) -> i32`: a new table key for a value (JSVal
/// arguments of exports).
pub const IMPORT_NEW_KEY: &str = "new_key";
/// `(delay_ms: f64)`: ask the event loop to call the `resume` export;
/// `0` = a continuation on the next turn (the time budget ran out).
pub const IMPORT_SCHEDULE: &str = "schedule";

/// Exports of the runner that the builder calls from the synthesised
/// export wrappers (`begin`, `arg_*` are kept in the module: the ES
/// module's callbacks use them too; `run` is removed).
/// `(export: i32)`: start collecting the arguments of a call of `export`.
pub const EXPORT_BEGIN: &str = "hsrts_jsffi_export_begin";
/// `(value: i64)`: the next argument, an integer slot.
pub const EXPORT_ARG_I64: &str = "hsrts_jsffi_export_arg_i64";
/// `(value: f64)`: the next argument, a floating slot.
pub const EXPORT_ARG_F64: &str = "hsrts_jsffi_export_arg_f64";
/// `() -> i32`: start the call; returns the Promise's key.
pub const EXPORT_RUN: &str = "hsrts_jsffi_export_run";

/// Exports of the runner that the ES module calls (kept in the module).
/// `()`: run Haskell threads for another time slice (after `schedule`).
pub const EXPORT_RESUME: &str = "hsrts_jsffi_resume";
/// `(sp: i32)`: the Promise of an async import settled; `sp` is the
/// stable pointer `GHC.Wasm.Prim.jsffiAwait` passed to `__hsrts.await`.
pub const EXPORT_SETTLED: &str = "hsrts_jsffi_settled";
/// `(ms: f64)`: set the scheduler's time budget per run (default 10 ms,
/// `DEFAULT_BUDGET` of crates/hsrts-reactor); `0` or less (or NaN) = run
/// until no thread can run.
pub const EXPORT_BUDGET: &str = "hsrts_jsffi_budget";
/// `(call: i32, sp: i32, promise: i32)`: a "wrapper" callback was called
/// from JavaScript; arguments collected with `EXPORT_BEGIN`/`EXPORT_ARG_*`,
/// `promise` a pending Promise key the ES module made.
pub const EXPORT_CALLBACK_RUN: &str = "hsrts_jsffi_callback_run";
/// `(sp: i32)`: a callback's JavaScript function was collected
/// (FinalizationRegistry): free its stable pointer.
pub const EXPORT_CALLBACK_FREE: &str = "hsrts_jsffi_callback_free";
/// `() -> i32`: number of live stable pointers (for tests).
pub const EXPORT_STABLE_PTRS: &str = "hsrts_jsffi_stable_ptrs";
