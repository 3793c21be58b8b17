//! The JavaScript FFI's runtime half: `ffi.call` of a `foreign import
//! javascript` (routed here from ffi.rs), JSVal objects and their release,
//! and the JS primops (`freeJSVal#`, `toJSString#`, `fromJSString#`,
//! `jsffiUsed#`).
//!
//! The JavaScript side is reached through a [`JsHost`] installed per OS
//! thread with [`set_js_host`]: on wasm the reactor runner installs one
//! backed by the `ghc_wasm_jsffi` imports (the generated ES module);
//! tests install a mock. Without a host a JavaScript call is a clear
//! error. Design and ABI: docs/jsffi.md.

use std::cell::RefCell;
use std::ffi::c_void;

use bytecode::{CallConv, FfiType, Slot};

use super::{Machine, NO_LAYOUT, internal};

mod callback;
mod export;
use crate::heap::weak::CFinalizer;
use crate::info::InfoTable;
use crate::interp::RunError;
use crate::word::{ClosurePtr, Word};
pub use export::{JsExportCall, JsSettled, RUN_EXPORT, RUN_PURE_EXPORT};

/// Number of live stable pointers of a machine's storage (tests watch it
/// return to its start after callbacks and interrupted waits are freed).
pub fn stable_ptr_count(m: &mut Machine<'_>) -> usize {
    m.storage_mut().stable_ptr_count()
}

// Note [JSVal objects]
// ~~~~~~~~~~~~~~~~~~~~
// A JSVal is a 2-word heap object [JSVAL_BOX, key]: `key` (a u32, never 0)
// names an entry of the JavaScript side's table. Each JSVal made by the
// runtime gets a weak pointer whose key and value are the object itself
// and whose C finalizer is `release_key(key)`: when a collection finds the
// JSVal dead, the finalizer queues the key, and the queue is flushed to
// the host (`release`) before the next JavaScript call or when the host
// asks (`flush_released`) — never from inside the collector. `freeJSVal#`
// releases the key at once and sets the object's key to 0, so any later
// use is caught here ("used after freeJSVal") before reaching JavaScript;
// its weak's finalizer still runs later and releases the key a second
// time, which the host ignores: the table never reuses a key (keys count
// up), so a late release can never hit a newer value.

// Note [Would block]
// ~~~~~~~~~~~~~~~~~~~
// The guide: a Haskell thread that represents a function exported through
// the C FFI cannot force an async import's thunk; doing so throws
// `WouldBlockException`. Such a thread here is the main thread of a
// `run_io`/`eval` run (embed.rs; the C API runs every export call that
// way, nested or not), which must finish before the run returns to its C
// caller, so it cannot wait for the event loop. GHC.Wasm.Prim.jsffiAwait
// asks `__hsrts.await(p, sp)` to watch the Promise, and that import
// returns a Bool: the runtime answers False itself, without calling
// JavaScript, when the running thread is bound (`bound_to_c_export`), and
// the library then frees its stable pointer and throws. Threads of
// JavaScript exports and callbacks (`spawn_io`) and forked threads wait.

/// The library's import that starts waiting for a Promise (the runtime
/// answers it itself for threads bound to a C export: Note [Would block]).
pub const AWAIT_SNIPPET: &str = "__hsrts.await($1, $2)";

/// Snippets of the library's own imports (GHC.Wasm.Prim's async support)
/// start with this; they do not make `isJSFFIUsed` true.
pub const INTERNAL_PREFIX: &str = "__hsrts.";

/// The info table of JSVal objects (one non-pointer word: the key).
pub static JSVAL_BOX: InfoTable = InfoTable::constructor("GHC.Types.JSVal#", 0, 0, 1);

/// The JavaScript side, as the runtime sees it. Argument and result
/// values travel as 8-byte slots (docs/jsffi.md, "Slots").
pub trait JsHost {
    /// Runs import `id` (the image's foreign-call index) on `args` and
    /// returns its result slot (0 for `()`). A sync import's JavaScript
    /// exception does not return (it unwinds the wasm stack).
    fn call(&mut self, id: u32, args: &[u64]) -> Result<u64, String>;
    /// Drops table entry `key`; keys already dropped are ignored.
    fn release(&mut self, key: u32);
    /// A new JavaScript string; returns its key.
    fn string_new(&mut self, text: &str) -> u32;
    /// The JavaScript string (or `String(value)`) at `key`.
    fn string_read(&mut self, key: u32) -> Result<String, String>;
    /// `freeJSVal`: drops entry `key` like [`JsHost::release`]; when it is
    /// a "wrapper" callback's function, also marks the function dead and
    /// returns the stable pointer it held, which the runtime then frees
    /// (Note [JavaScript callbacks] in jsffi/callback.rs).
    fn free(&mut self, key: u32) -> Option<usize> {
        self.release(key);
        None
    }
}

thread_local! {
    static HOST: RefCell<Option<Box<dyn JsHost>>> = const { RefCell::new(None) };
    static RELEASED: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// Installs the JavaScript host for machines on this OS thread; returns
/// the one it replaces.
pub fn set_js_host(host: Option<Box<dyn JsHost>>) -> Option<Box<dyn JsHost>> {
    HOST.with(|h| std::mem::replace(&mut *h.borrow_mut(), host))
}

/// Whether a JavaScript host is installed on this thread.
pub fn has_js_host() -> bool {
    HOST.with(|h| h.borrow().is_some())
}

fn with_host<R>(f: impl FnOnce(&mut dyn JsHost) -> Result<R, RunError>) -> Result<R, RunError> {
    HOST.with(|h| match h.borrow_mut().as_deref_mut() {
        Some(host) => f(host),
        None => Err(RunError::JavaScript(
            "a JavaScript FFI call outside a JavaScript host (build the program with \
             `hsrts build --reactor` and load it with the post-linker's ES module)"
                .to_owned(),
        )),
    })
}

/// The weak pointer's C finalizer: queue `key` for release.
///
/// # Safety
/// `arg` is a key smuggled as a pointer-sized integer; nothing is read.
unsafe extern "C" fn release_key(arg: *mut c_void) {
    RELEASED.with(|r| r.borrow_mut().push(arg as usize as u32));
}

/// The C finalizer that releases `key`.
fn finalizer_for(key: u32) -> CFinalizer {
    CFinalizer {
        function: release_key,
        argument: key as usize as *mut c_void,
    }
}

/// Hands the keys of JSVals found dead to the host. Returns how many.
pub fn flush_released() -> usize {
    let keys = RELEASED.with(|r| std::mem::take(&mut *r.borrow_mut()));
    if keys.is_empty() {
        return 0;
    }
    HOST.with(|h| {
        if let Some(host) = h.borrow_mut().as_deref_mut() {
            for k in &keys {
                host.release(*k);
            }
        }
    });
    keys.len()
}

/// The key of a JSVal object (following indirections); `Ok(None)` after
/// `freeJSVal`.
///
/// # Safety
/// `w` is a live closure.
unsafe fn jsval_key(w: Word) -> Result<Option<u32>, RunError> {
    // SAFETY: the caller passes a live closure.
    unsafe {
        let p = super::deref(ClosurePtr::from_word(w));
        if !std::ptr::eq(p.info(), &JSVAL_BOX) {
            return Err(internal("a JSVal argument that is not a JSVal object"));
        }
        let key = p.payload(0) as u32;
        Ok((key != 0).then_some(key))
    }
}

fn used_after_free() -> RunError {
    RunError::JavaScript(
        "JSVal used after freeJSVal (freeJSVal may be applied at most once, and the value \
         not used afterwards)"
            .to_owned(),
    )
}

impl Machine<'_> {
    /// Whether the program uses the JavaScript FFI (`isJSFFIUsed`): it has
    /// a javascript foreign call site.
    pub(super) fn js_ffi_used(&self) -> bool {
        self.program
            .foreign_calls
            .iter()
            .any(|c| c.conv == CallConv::JavaScript && !c.entity.starts_with(INTERNAL_PREFIX))
    }

    /// The ES module's `hsrts_jsffi_settled(sp)`: the Promise an async
    /// import's thread waits for settled; fill the MVar behind stable
    /// pointer `sp` (GHC.Wasm.Prim.jsffiAwait) so the thread wakes.
    pub fn js_wake(&mut self, sp: usize) -> Result<(), RunError> {
        let mvar = self
            .storage
            .deref_stable_ptr(crate::heap::stable_ptr::StablePtr(sp))
            .map_err(|e| {
                internal(format!(
                    "hsrts_jsffi_settled: bad stable pointer {sp}: {e:?}"
                ))
            })?;
        // SAFETY: a live MVAR (the stable pointer keeps it).
        if unsafe { mvar.payload(super::threads::MVAR_VALUE) } != 0 {
            return Err(internal("hsrts_jsffi_settled: the MVar is already full"));
        }
        // The value is `()`, never looked at; any closure would do.
        let unit = self.program.static_named("GHC.Tuple.()").unwrap_or(mvar);
        self.mvar_put_empty(mvar, unit)
    }

    /// A new JSVal object for table key `key`, with the weak pointer that
    /// releases the key when it dies (Note [JSVal objects]). May collect:
    /// the caller's pointers must be rooted.
    pub fn new_jsval(&mut self, key: u32) -> Result<ClosurePtr, RunError> {
        // The box (2 words) and its WEAK (header + 5) in one window.
        self.heap_check(2 + 6)?;
        let boxed = self.alloc_checked(2)?;
        // SAFETY: a fresh 2-word object.
        unsafe {
            boxed.set_info(&JSVAL_BOX);
            boxed.set_payload(0, Word::from(key));
        }
        let finalizer = finalizer_for(key);
        self.storage
            .mk_weak(boxed, boxed, ClosurePtr::from_word(0), Some(finalizer))
            .map_err(|_| internal("no room for a JSVal's weak pointer after a heap check"))?;
        Ok(boxed)
    }

    /// The table key of the JSVal `p` (for embedders), or an error after
    /// `freeJSVal`.
    pub fn jsval_key(&self, p: ClosurePtr) -> Result<u32, RunError> {
        // SAFETY: the embedder passes a live closure.
        unsafe { jsval_key(p.to_word()) }?.ok_or_else(used_after_free)
    }

    /// `ffi.call` of a javascript import (from `foreign_call`).
    pub(super) fn js_foreign_call(
        &mut self,
        base: usize,
        call: u32,
        layout: u32,
        results: &[Slot],
        args: &[Slot],
    ) -> Result<(), RunError> {
        let desc = self.foreign_call_desc(call)?;
        if desc.entity.trim() == "wrapper" {
            return self.js_make_callback(base, call, layout, results, args);
        }
        if desc.entity == AWAIT_SNIPPET && self.bound_to_c_export() {
            // Note [Would block]: "cannot wait", without asking JavaScript.
            if let [slot] = results {
                self.st.slots[base + slot.0 as usize] = 0;
            }
            return Ok(());
        }
        if args.len() != desc.arg_types.len() {
            return Err(internal(
                "a javascript call whose arguments do not match its type",
            ));
        }
        let mut slots = Vec::with_capacity(args.len());
        for (slot, ty) in args.iter().zip(&desc.arg_types) {
            let w = self.slot(base, *slot);
            slots.push(to_slot(*ty, w)?);
        }
        flush_released();
        let result = with_host(|host| {
            host.call(call, &slots).map_err(|e| {
                RunError::JavaScript(format!("JavaScript import {:?}: {e}", desc.entity))
            })
        })?;
        let word = match desc.result_type {
            None => None,
            Some(FfiType::JSVal) => {
                self.set_layout(layout);
                let made = self.new_jsval(result as u32);
                self.set_layout(NO_LAYOUT);
                Some(made?.to_word())
            }
            Some(t) => Some(from_slot(t, result)),
        };
        match (results, word) {
            ([], _) => {}
            ([slot], Some(w)) => self.st.slots[base + slot.0 as usize] = w,
            _ => {
                return Err(internal(
                    "javascript call result slots do not match its type",
                ));
            }
        }
        Ok(())
    }

    /// `freeJSVal#`: release the key now and mark the object freed.
    pub(super) fn free_jsval(&mut self, v: Word) -> Result<(), RunError> {
        // SAFETY: the primop's argument is an evaluated JSVal.
        let key = unsafe { jsval_key(v) }?.ok_or_else(used_after_free)?;
        // SAFETY: as above; `jsval_key` checked the info table.
        unsafe { super::deref(ClosurePtr::from_word(v)).set_payload(0, 0) };
        let callback = with_host(|host| Ok(host.free(key)))?;
        if let Some(sp) = callback {
            self.js_callback_free(sp)?;
        }
        Ok(())
    }

    /// Whether the running thread is bound to a C export: the main thread
    /// of a `run_io`/`eval` run (the C API's `rts_evalIO` and callbacks
    /// through `nested`), not a thread `spawn_io` started for a JavaScript
    /// export or one forked (Note [Would block]).
    pub(super) fn bound_to_c_export(&self) -> bool {
        self.sched.main != super::threads::NO_THREAD && self.sched.current == self.sched.main
    }

    /// `toJSString#`: a JavaScript string of an evaluated `[Char]`.
    pub(super) fn js_string_of_list(&mut self, s: Word) -> Result<ClosurePtr, RunError> {
        let text = self.read_string(s)?;
        let key = with_host(|host| Ok(host.string_new(&text)))?;
        self.new_jsval(key)
    }

    /// `fromJSString#`: the characters of the JavaScript string `v`.
    pub(super) fn list_of_js_string(&mut self, v: Word) -> Result<ClosurePtr, RunError> {
        // SAFETY: the primop's argument is an evaluated JSVal.
        let key = unsafe { jsval_key(v) }?.ok_or_else(used_after_free)?;
        let text = with_host(|host| {
            host.string_read(key)
                .map_err(|e| RunError::JavaScript(format!("fromJSString: {e}")))
        })?;
        self.make_string(&text)
    }
}

/// The slot of an argument word of foreign type `t` (docs/jsffi.md,
/// "Slots"): integers sign- or zero-extended to 64 bits, Float widened to
/// a double's bits, a JSVal as its key.
fn to_slot(t: FfiType, w: Word) -> Result<u64, RunError> {
    Ok(match t {
        FfiType::Int8 => w as i8 as i64 as u64,
        FfiType::Int16 => w as i16 as i64 as u64,
        FfiType::Int32 => w as i32 as i64 as u64,
        FfiType::Word8 => w & 0xff,
        FfiType::Word16 => w & 0xffff,
        FfiType::Word32 | FfiType::Char => w & 0xffff_ffff,
        FfiType::Bool => u64::from(w != 0),
        FfiType::Float => f64::from(f32::from_bits(w as u32)).to_bits(),
        FfiType::StablePtr => {
            // SAFETY: an evaluated StablePtr box (front end contract).
            unsafe {
                let p = super::deref(ClosurePtr::from_word(w));
                if !std::ptr::eq(p.info(), &super::memory::STABLE_PTR_BOX) {
                    return Err(internal("a StablePtr argument that is not one"));
                }
                p.payload(0)
            }
        }
        // SAFETY: an evaluated JSVal (front end contract).
        FfiType::JSVal => u64::from(unsafe { jsval_key(w) }?.ok_or_else(used_after_free)?),
        FfiType::Int
        | FfiType::Int64
        | FfiType::Word
        | FfiType::Word64
        | FfiType::Double
        | FfiType::Ptr
        | FfiType::FunPtr => w,
    })
}

/// The result word of a slot of foreign type `t` (not JSVal, which needs
/// an allocation).
fn from_slot(t: FfiType, v: u64) -> Word {
    match t {
        FfiType::Int8 => v as i8 as i64 as Word,
        FfiType::Int16 => v as i16 as i64 as Word,
        FfiType::Int32 => v as i32 as i64 as Word,
        FfiType::Word8 => v & 0xff,
        FfiType::Word16 => v & 0xffff,
        FfiType::Word32 | FfiType::Char => v & 0xffff_ffff,
        FfiType::Bool => Word::from(v != 0),
        FfiType::Float => (f64::from_bits(v) as f32).to_bits() as Word,
        _ => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_extend_and_narrow() {
        assert_eq!(
            to_slot(FfiType::Int8, (-3i64) as u64).unwrap(),
            (-3i64) as u64
        );
        assert_eq!(to_slot(FfiType::Word8, 0x1ff).unwrap(), 0xff);
        assert_eq!(to_slot(FfiType::Bool, 7).unwrap(), 1);
        let f = 1.5f32.to_bits() as u64;
        assert_eq!(f64::from_bits(to_slot(FfiType::Float, f).unwrap()), 1.5);
        assert_eq!(
            from_slot(FfiType::Float, 2.25f64.to_bits()),
            2.25f32.to_bits() as u64
        );
        assert_eq!(from_slot(FfiType::Int32, 0xffff_ffff), (-1i64) as u64);
        assert_eq!(from_slot(FfiType::Bool, 5), 1);
        assert_eq!(from_slot(FfiType::Int, 42), 42);
    }
}
