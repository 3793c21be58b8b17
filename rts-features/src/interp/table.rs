//! Tables of foreign functions registered at link time, for interpreters
//! that cannot (or need not) find C symbols at run time.
//!
//! A table is a static array of [`StaticEntry`]: a function's name, its
//! signature in text form (see `types.rs`), and a *thunk* with one uniform C
//! signature, `void thunk(const uint64_t *args, uint64_t *result)`, that
//! unpacks the 64-bit argument slots, calls the function and packs its
//! result. Rust registers a table with [`register_static_table`]; generated
//! C calls the exported `hsrts_register_static_table` with the same layout:
//!
//! ```c
//! typedef void (*HsrtsThunk)(const uint64_t *args, uint64_t *result);
//! typedef struct { const char *name; const char *signature; HsrtsThunk thunk; } HsrtsStaticEntry;
//! void hsrts_register_static_table(const HsrtsStaticEntry *entries, size_t count);
//! ```
//!
//! `interp-static` looks only here; `interp-libffi` looks here before
//! `dlsym`; `interp-none` never looks. Registration is global and
//! thread-safe; a table registered twice is kept once; the first table
//! registered that names a symbol wins.

use core::ffi::{CStr, c_char};
use std::sync::{Mutex, PoisonError};

use super::{FfiError, FfiValue, MAX_ARGS, Signature};

/// The uniform calling convention of link-time thunks: `args` points to one
/// 64-bit slot per argument, the thunk writes the result slot (any value
/// for a `void` result).
pub type StaticThunk = unsafe extern "C" fn(args: *const u64, result: *mut u64);

/// One function of a link-time table. `#[repr(C)]`: generated C builds
/// arrays of it.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct StaticEntry {
    name: *const c_char,
    signature: *const c_char,
    thunk: StaticThunk,
}

// SAFETY: the two pointers point to immutable NUL-terminated strings that
// live for the whole program (`&'static CStr` from Rust; by the contract of
// `hsrts_register_static_table` from C), so sharing entries between threads
// is sound.
unsafe impl Sync for StaticEntry {}
// SAFETY: as above.
unsafe impl Send for StaticEntry {}

impl StaticEntry {
    /// An entry for `name` with the given signature text (e.g. `c"ld>d"`).
    /// The signature is checked at lookup, where a bad one is an error
    /// naming this entry.
    pub const fn new(name: &'static CStr, signature: &'static CStr, thunk: StaticThunk) -> Self {
        Self {
            name: name.as_ptr(),
            signature: signature.as_ptr(),
            thunk,
        }
    }

    fn name(&self) -> &'static CStr {
        // SAFETY: a NUL-terminated string living for the whole program (see
        // the `Sync` impl).
        unsafe { CStr::from_ptr(self.name) }
    }

    fn signature_text(&self) -> &'static CStr {
        // SAFETY: as for `name`.
        unsafe { CStr::from_ptr(self.signature) }
    }
}

/// A table as registered: address and length (a raw slice from C).
#[derive(Clone, Copy)]
struct Table {
    entries: &'static [StaticEntry],
}

static TABLES: Mutex<Vec<Table>> = Mutex::new(Vec::new());

/// Registers a link-time table; later lookups will find its functions.
pub fn register_static_table(table: &'static [StaticEntry]) {
    let mut tables = TABLES.lock().unwrap_or_else(PoisonError::into_inner);
    let already = tables.iter().any(|t| {
        core::ptr::eq(t.entries.as_ptr(), table.as_ptr()) && t.entries.len() == table.len()
    });
    if !already && !table.is_empty() {
        tables.push(Table { entries: table });
    }
}

/// The C entry point of [`register_static_table`].
///
/// # Safety
/// `entries` points to `count` valid `HsrtsStaticEntry` values (or `count`
/// is 0) that, like the strings they point to, are never modified or freed
/// while the program runs; each `name` and `signature` is NUL-terminated
/// and each `thunk` has the uniform thunk signature.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hsrts_register_static_table(entries: *const StaticEntry, count: usize) {
    if entries.is_null() || count == 0 {
        return;
    }
    // SAFETY: by the caller's contract, `count` valid entries that live and
    // stay unchanged for the rest of the program.
    let table: &'static [StaticEntry] = unsafe { core::slice::from_raw_parts(entries, count) };
    register_static_table(table);
}

/// The name a link-time table gives the shim that calls function pointers
/// of `signature` (`foreign import ccall "dynamic"` under interp-static):
/// `dynamic:` then the signature's text, e.g. `dynamic:ld>d`. The shim's
/// own registered signature has a pointer (the function's address) first:
/// `pld>d`.
pub fn dynamic_shim_name(signature: &Signature) -> String {
    format!("dynamic:{signature}")
}

/// A function found in a registered table.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub(crate) thunk: StaticThunk,
}

/// Looks `symbol` up in the registered tables. `Ok(None)`: not there.
/// A bad or different registered signature is an error.
pub(crate) fn find(symbol: &str, requested: &Signature) -> Result<Option<Found>, FfiError> {
    let tables = TABLES.lock().unwrap_or_else(PoisonError::into_inner);
    let entry = tables
        .iter()
        .flat_map(|t| t.entries.iter())
        .find(|entry| entry.name().to_bytes() == symbol.as_bytes());
    let Some(entry) = entry else { return Ok(None) };
    let text = entry.signature_text().to_string_lossy();
    let registered = Signature::parse(&text)?;
    if registered != *requested {
        return Err(FfiError::SignatureMismatch {
            symbol: symbol.to_owned(),
            registered: registered.to_string(),
            requested: requested.to_string(),
        });
    }
    Ok(Some(Found { thunk: entry.thunk }))
}

/// Calls a thunk with arguments already checked against `signature`.
///
/// # Safety
/// `thunk` is a thunk for a function of `signature` (it reads
/// `signature.args().len()` slots and writes one), and calling that
/// function with these arguments is sound.
pub(crate) unsafe fn call_thunk(
    thunk: StaticThunk,
    signature: &Signature,
    args: &[FfiValue],
) -> FfiValue {
    let mut slots = [0u64; MAX_ARGS];
    for (slot, arg) in slots.iter_mut().zip(args) {
        *slot = arg.to_slot();
    }
    let mut result = 0u64;
    // SAFETY: `slots` holds every argument (a signature has at most MAX_ARGS)
    // and `result` is a writable slot; the rest is the caller's contract.
    unsafe { thunk(slots.as_ptr(), &mut result) };
    FfiValue::from_slot(signature.result(), result)
}
