//! `intr-host`: the embedder (a JavaScript host, a C program, wasmtime's
//! embedder) calls the exported `hsrts_interrupt()` to interrupt the
//! program; a second call while the first is pending exits at once (Note [A
//! second interrupt exits at once] in `mod.rs`). Calls before `install` or
//! after `uninstall` are ignored. Touches nothing outside this file.

use core::sync::atomic::{AtomicBool, Ordering};

use super::{EXIT_INTERRUPTED, IntrError};

pub const IMPLEMENTATION: &str = "host";

static INSTALLED: AtomicBool = AtomicBool::new(false);
static PENDING: AtomicBool = AtomicBool::new(false);

/// Interrupts the running program, as ^C would.
///
/// The first call makes the runtime throw `UserInterrupt` to the main
/// thread at its next safe point; a second call before the runtime has done
/// so ends the process with exit status 252 (GHC's `EXIT_INTERRUPTED`).
/// Ignored while no runtime is listening (before `hs_init`, after `hs_exit`).
/// Safe to call from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn hsrts_interrupt() {
    if !INSTALLED.load(Ordering::SeqCst) {
        return;
    }
    if PENDING.swap(true, Ordering::SeqCst) {
        std::process::exit(EXIT_INTERRUPTED);
    }
}

/// Starts listening to `hsrts_interrupt`. Cannot fail.
pub fn install() -> Result<(), IntrError> {
    if !INSTALLED.swap(true, Ordering::SeqCst) {
        PENDING.store(false, Ordering::SeqCst);
    }
    Ok(())
}

/// Stops listening and clears a pending interrupt.
pub fn uninstall() {
    INSTALLED.store(false, Ordering::SeqCst);
    PENDING.store(false, Ordering::SeqCst);
}

/// Whether `hsrts_interrupt` was called and not acknowledged.
#[inline]
pub fn pending() -> bool {
    PENDING.load(Ordering::Relaxed)
}

/// The runtime has acted on the interrupt; the next call is a first one.
pub fn acknowledge() {
    PENDING.store(false, Ordering::SeqCst);
}
