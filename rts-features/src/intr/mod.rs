//! The interrupts axis: how a user interrupt (^C) reaches the runtime.
//!
//! The runtime calls `install()` at start-up and `uninstall()` at shutdown;
//! the scheduler polls `pending()` at safe points and, once it has acted on
//! an interrupt (thrown `UserInterrupt` to the main thread), calls
//! `acknowledge()`. Every implementation file exports the same names:
//!
//! * `IMPLEMENTATION: &str` — the feature suffix;
//! * `fn install() -> Result<(), IntrError>` — idempotent;
//! * `fn uninstall()` — restore what was there before; clears a pending
//!   interrupt;
//! * `fn pending() -> bool` — cheap (one atomic load);
//! * `fn acknowledge()`.
//!
//! Implementations: `signal.rs` (`intr-signal`), `host.rs` (`intr-host`,
//! which exports `hsrts_interrupt`), `none.rs` (`intr-none`).

// Note [A second interrupt exits at once]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// As in GHC (rts/posix/Signals.c: the first ^C asks the program to stop
// cleanly, the next one while that is still under way ends it), an
// interrupt that arrives while an earlier one is still pending (not yet
// acknowledged) ends the process at once with [`EXIT_INTERRUPTED`] (252,
// GHC's exit code of that name). From a signal handler that is `_exit`,
// the only async-signal-safe way; from `hsrts_interrupt` it is an ordinary
// `exit`, which flushes C stdio.

use core::fmt;

/// GHC's exit status for "interrupted by a second ^C" (`EXIT_INTERRUPTED`).
pub const EXIT_INTERRUPTED: i32 = 252;

// Under `cfg(test)` every implementation that builds on the host is
// compiled side by side for the contract tests; otherwise only the chosen
// one is (so `hsrts_interrupt` is exported only by intr-host builds and
// tests).
#[cfg(any(test, hsrts_intr = "host"))]
#[path = "host.rs"]
mod imp_host;
#[cfg(any(test, hsrts_intr = "none"))]
#[path = "none.rs"]
mod imp_none;
#[cfg(all(unix, any(test, hsrts_intr = "signal")))]
#[path = "signal.rs"]
mod imp_signal;

// The selector: exactly one of these is compiled (build.rs guarantees it).
#[cfg(hsrts_intr = "host")]
use imp_host as imp;
#[cfg(hsrts_intr = "none")]
use imp_none as imp;
#[cfg(hsrts_intr = "signal")]
use imp_signal as imp;

pub use imp::{IMPLEMENTATION, acknowledge, install, pending, uninstall};

#[cfg(hsrts_intr = "host")]
pub use imp::hsrts_interrupt;

/// Installing the interrupt handler failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntrError {
    implementation: &'static str,
    errno: Option<i32>,
}

impl IntrError {
    #[cfg_attr(
        not(any(test, hsrts_intr = "signal")),
        allow(dead_code, reason = "only intr-signal can fail")
    )]
    pub(crate) const fn new(implementation: &'static str, errno: Option<i32>) -> Self {
        Self {
            implementation,
            errno,
        }
    }
}

impl fmt::Display for IntrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot install the interrupt handler (intr-{})",
            self.implementation
        )?;
        if let Some(errno) = self.errno {
            write!(f, ": {}", std::io::Error::from_raw_os_error(errno))?;
        }
        Ok(())
    }
}

impl std::error::Error for IntrError {}

#[cfg(test)]
mod tests;
