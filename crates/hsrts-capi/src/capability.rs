//! `rts_lock` / `rts_unlock` and the C-visible types they hand out: the
//! `Capability *` token and `HaskellObj` handles (Note [HaskellObj handles]
//! in runtime.rs).
//!
//! hsrts has one capability. `rts_lock` waits for it and returns the token
//! every `rts_mk*` / `rts_eval*` call must pass back; `rts_unlock` gives it
//! back and ends the lock window, after which the window's `HaskellObj`
//! values are stale.

use crate::runtime::{acquire_capability, fatal, release_capability};

/// GHC's `Capability` (opaque to C).
#[repr(C)]
pub struct Capability {
    _opaque: [u8; 0],
}

/// GHC's `StgClosure` (opaque to C); `HaskellObj` points to one.
#[repr(C)]
pub struct StgClosure {
    _opaque: [u8; 0],
}

/// `HaskellObj`: a handle, not an address (Note [HaskellObj handles]).
pub type HaskellObj = *mut StgClosure;

/// What the one capability's token points to.
static TOKEN: u64 = 0;

/// The token `rts_lock` returns.
pub fn token() -> *mut Capability {
    (&raw const TOKEN).cast::<Capability>().cast_mut()
}

/// Reports a `Capability *` that is not the token.
pub fn check_token(site: &str, cap: *mut Capability) {
    if cap != token() {
        fatal(
            site,
            format!("{cap:p} is not the Capability that rts_lock returned"),
        );
    }
}

/// The handle number of a `HaskellObj`.
pub fn handle_of(obj: HaskellObj) -> usize {
    obj.addr()
}

/// A `HaskellObj` for a handle number (never dereferenced by anyone).
pub fn obj_of(handle: usize) -> HaskellObj {
    std::ptr::without_provenance_mut(handle)
}

/// `Capability *rts_lock(void)`: takes the capability, waiting while
/// another thread holds it. Calling it again before `rts_unlock` on the
/// same thread is reported (it would deadlock).
#[unsafe(no_mangle)]
pub extern "C" fn rts_lock() -> *mut Capability {
    acquire_capability("rts_lock");
    token()
}

/// `void rts_unlock(Capability *)`: gives the capability back; the lock
/// window's `HaskellObj` values become stale.
///
/// # Safety
///
/// `cap` is the token `rts_lock` returned to this thread (checked).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_unlock(cap: *mut Capability) {
    check_token("rts_unlock", cap);
    release_capability("rts_unlock");
}
