//! Stable pointers for C (`getStablePtr`, `deRefStablePtr`,
//! `freeStablePtr`, `hs_free_stable_ptr`), `hs_perform_gc`,
//! `hs_try_putmvar` and `hs_free_fun_ptr`.
//!
//! An `HsStablePtr` is the storage manager's stable pointer (table index
//! plus one), so it can be passed to Haskell (`rts_mkStablePtr`) and back.
//! Freeing one twice, or using one after it was freed, or passing a
//! `HaskellObj` where a stable pointer belongs, is reported (runtime.rs
//! keeps what it issued).

use std::ffi::{c_int, c_void};

use rts_core::Word;
use rts_core::info::ClosureType;

use crate::capability::Capability;
use crate::capability::{HaskellObj, handle_of, obj_of};
use crate::marshal::follow;
use crate::runtime::{fatal, holds_capability, with_capability, with_runtime};

/// `HsStablePtr getStablePtr(HaskellObj)`: a stable pointer to the value,
/// valid until freed (across lock windows and collections).
///
/// # Safety
///
/// Called by the thread holding the capability with a `HaskellObj` of the
/// current lock window (checked).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn getStablePtr(obj: HaskellObj) -> *mut c_void {
    let site = "getStablePtr";
    with_capability(site, |rt| {
        let p = rt.resolve(site, handle_of(obj));
        std::ptr::without_provenance_mut(rt.issue_stable_ptr(p))
    })
}

/// `HaskellObj deRefStablePtr(HsStablePtr)`: the value, as a `HaskellObj`
/// of the current lock window.
///
/// # Safety
///
/// Called by the thread holding the capability; `sp` is a stable pointer
/// not yet freed (checked where possible).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn deRefStablePtr(sp: *mut c_void) -> HaskellObj {
    let site = "deRefStablePtr";
    with_capability(site, |rt| {
        let p = rt.deref_stable_ptr(site, sp.addr());
        obj_of(rt.new_handle(site, p))
    })
}

/// `void freeStablePtr(HsStablePtr)`.
///
/// # Safety
///
/// `sp` is a stable pointer not yet freed (checked where possible).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn freeStablePtr(sp: *mut c_void) {
    with_runtime("freeStablePtr", |rt| {
        rt.free_stable_ptr("freeStablePtr", sp.addr())
    });
}

/// `void hs_free_stable_ptr(HsStablePtr)`: as `freeStablePtr`.
///
/// # Safety
///
/// As [`freeStablePtr`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hs_free_stable_ptr(sp: *mut c_void) {
    with_runtime("hs_free_stable_ptr", |rt| {
        rt.free_stable_ptr("hs_free_stable_ptr", sp.addr())
    });
}

/// `void hs_perform_gc(void)`: a major collection now. Values held by C
/// (handles of the current lock window, stable pointers) survive it.
/// Callable with or without the capability.
#[unsafe(no_mangle)]
pub extern "C" fn hs_perform_gc() {
    let site = "hs_perform_gc";
    if holds_capability() {
        with_runtime(site, |rt| rt.perform_gc());
    } else {
        let cap: *mut Capability = crate::capability::rts_lock();
        with_runtime(site, |rt| rt.perform_gc());
        // SAFETY: `cap` is the token just returned to this thread.
        unsafe { crate::capability::rts_unlock(cap) };
    }
}

/// `void hs_try_putmvar(int capability, HsStablePtr sp)`: puts `()` into the
/// `MVar ()` that `sp` refers to if it is empty (does nothing if it is
/// full), then frees `sp`, as GHC does. No Haskell thread can be blocked on
/// the MVar between calls into Haskell (hsrts runs Haskell only inside
/// `rts_eval*` today), so there is no thread to wake. `capability` is
/// ignored (hsrts has one).
///
/// # Safety
///
/// `sp` is a stable pointer to an `MVar ()`, not yet freed (checked).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hs_try_putmvar(capability: c_int, sp: *mut c_void) {
    let _ = capability;
    let site = "hs_try_putmvar";
    let locked_here = !holds_capability();
    let cap = if locked_here {
        crate::capability::rts_lock()
    } else {
        crate::capability::token()
    };
    with_runtime(site, |rt| {
        // SAFETY: stable pointers keep their closures alive.
        let mvar = unsafe { follow(rt.deref_stable_ptr(site, sp.addr())) };
        // SAFETY: as above.
        let info = unsafe { mvar.info() };
        if !matches!(
            info.closure_type,
            ClosureType::MVarClean | ClosureType::MVarDirty
        ) {
            fatal(
                site,
                format!("the stable pointer refers to a {}, not an MVar", info.name),
            );
        }
        // SAFETY: an MVar's payload 2 is its value (null when empty).
        if unsafe { mvar.payload(2) } == 0 {
            let unit = rt.nullary(site, "GHC.Tuple.()");
            // SAFETY: as above; the unit closure is static.
            unsafe { mvar.set_payload(2, unit.to_word() as Word) };
            rt.with_storage(|s| s.record_mutation(mvar));
        }
        rt.free_stable_ptr(site, sp.addr());
    });
    if locked_here {
        // SAFETY: `cap` is the token rts_lock returned to this thread.
        unsafe { crate::capability::rts_unlock(cap) };
    }
}

/// `void hs_free_fun_ptr(HsFunPtr)`: frees a function pointer made by
/// `foreign import ccall "wrapper"` and the stable pointer to its Haskell
/// function (rts-core `ffi/wrapper.rs`). NULL does nothing; a pointer that
/// is not a live wrapper (never made, or freed already) is misuse.
#[unsafe(no_mangle)]
pub extern "C" fn hs_free_fun_ptr(fp: Option<unsafe extern "C" fn()>) {
    let Some(f) = fp else {
        return;
    };
    let site = "hs_free_fun_ptr";
    let addr = f as usize;
    let freed = with_runtime(site, |rt| rt.with_machine(site, |m| m.free_fun_ptr(addr)));
    if let Err(e) = freed {
        fatal(site, e.to_string());
    }
}
