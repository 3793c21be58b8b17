//! `intr-signal`: a SIGINT handler (installed with `sigaction`) sets an
//! atomic flag; a second SIGINT while the first is pending exits at once
//! (Note [A second interrupt exits at once] in `mod.rs`). `uninstall`
//! restores the disposition that was there before `install`. Touches only
//! the SIGINT disposition.

use core::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use super::{EXIT_INTERRUPTED, IntrError};

pub const IMPLEMENTATION: &str = "signal";

static PENDING: AtomicBool = AtomicBool::new(false);

/// The SIGINT action before `install`, while installed.
static PREVIOUS: Mutex<Option<libc::sigaction>> = Mutex::new(None);

extern "C" fn on_sigint(_signal: libc::c_int) {
    // An atomic swap is lock-free and so async-signal-safe.
    if PENDING.swap(true, Ordering::SeqCst) {
        // SAFETY: `_exit` is async-signal-safe and ends the process.
        unsafe { libc::_exit(EXIT_INTERRUPTED) }
    }
}

/// Installs the SIGINT handler (once; later calls do nothing).
pub fn install() -> Result<(), IntrError> {
    let mut previous = PREVIOUS.lock().unwrap_or_else(PoisonError::into_inner);
    if previous.is_some() {
        return Ok(());
    }
    PENDING.store(false, Ordering::SeqCst);
    // SAFETY: an all-zero `sigaction` is a valid value (empty mask, no
    // flags); we then set the handler, which has the one-argument signature
    // `sa_flags` without SA_SIGINFO calls for.
    let mut action: libc::sigaction = unsafe { core::mem::zeroed() };
    action.sa_sigaction = on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: zeroed storage for the old action, filled in by `sigaction`.
    let mut old: libc::sigaction = unsafe { core::mem::zeroed() };
    // SAFETY: both pointers are to valid `sigaction` values; the handler
    // only touches an atomic and calls `_exit`.
    let rc = unsafe {
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGINT, &action, &mut old)
    };
    if rc != 0 {
        let errno = std::io::Error::last_os_error().raw_os_error();
        return Err(IntrError::new(IMPLEMENTATION, errno));
    }
    *previous = Some(old);
    Ok(())
}

/// Restores the SIGINT action from before `install` and clears a pending
/// interrupt. Does nothing if not installed.
pub fn uninstall() {
    let mut previous = PREVIOUS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(old) = previous.take() {
        // SAFETY: `old` is the action `sigaction` gave us at install time.
        let rc = unsafe { libc::sigaction(libc::SIGINT, &old, core::ptr::null_mut()) };
        if rc != 0 {
            log::warn!(
                "intr-signal: cannot restore the SIGINT action: {}",
                std::io::Error::last_os_error()
            );
        }
    }
    PENDING.store(false, Ordering::SeqCst);
}

/// Whether a SIGINT has arrived and not been acknowledged.
#[inline]
pub fn pending() -> bool {
    PENDING.load(Ordering::Relaxed)
}

/// The runtime has acted on the interrupt; the next SIGINT is a first one.
pub fn acknowledge() {
    PENDING.store(false, Ordering::SeqCst);
}
