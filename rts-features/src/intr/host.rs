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
    // Planted fault `fault-intr-host-lost` (test-only; docs/feature-vector.md,
    // "Planted faults"): the interrupt sets a flag nobody reads.
    #[cfg(feature = "fault-intr-host-lost")]
    let flag = {
        static LOST: AtomicBool = AtomicBool::new(false);
        &LOST
    };
    #[cfg(not(feature = "fault-intr-host-lost"))]
    let flag = &PENDING;
    if flag.swap(true, Ordering::SeqCst) {
        std::process::exit(EXIT_INTERRUPTED);
    }
    // Planted fault `fault-intr-host-late`: the next read of the flag is
    // stale (one half of the fault pair; see `fault-ctx-every-n-late`).
    #[cfg(feature = "fault-intr-host-late")]
    STALE_READS.store(1, Ordering::SeqCst);
}

/// Planted fault `fault-intr-host-late` (test-only): how many reads of the
/// flag still miss a fresh interrupt.
#[cfg(feature = "fault-intr-host-late")]
static STALE_READS: core::sync::atomic::AtomicU32 = core::sync::atomic::AtomicU32::new(0);

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
    #[cfg(feature = "fault-intr-host-late")]
    if STALE_READS.swap(0, Ordering::SeqCst) > 0 {
        return false;
    }
    PENDING.load(Ordering::Relaxed)
}

/// The runtime has acted on the interrupt; the next call is a first one.
pub fn acknowledge() {
    PENDING.store(false, Ordering::SeqCst);
}
