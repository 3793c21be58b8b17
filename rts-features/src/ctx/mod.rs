//! The context-switch axis: when should the running Haskell thread give up
//! its capability at a safe point?
//!
//! The scheduler owns one [`ContextSwitch`] per capability and asks it at
//! every safe point (heap check, loop back-edge). Every implementation file
//! exports the same names with the same inherent API:
//!
//! * `IMPLEMENTATION: &str` — the feature suffix;
//! * `ContextSwitch::new(&CtxConfig) -> ContextSwitch`;
//! * `ContextSwitch::should_yield(&mut self) -> bool` — cheap, `#[inline]`;
//!   once true it stays true until `switched` is called;
//! * `ContextSwitch::request(&mut self)` — make the next `should_yield` true
//!   (the scheduler's "context switch soon", e.g. after waking a thread);
//! * `ContextSwitch::switched(&mut self)` — the scheduler switched threads
//!   (for whatever reason); start counting the next slice from now.
//!
//! Implementations: `timer.rs` (`ctx-timer`, a ticker thread),
//! `always.rs` (`ctx-always`), `every_n.rs` (`ctx-every-n`), `clock.rs`
//! (`ctx-clock`). This module owns the configuration and the selector.

use core::time::Duration;

#[cfg(any(test, hsrts_ctx = "always"))]
#[path = "always.rs"]
mod imp_always;
#[cfg(any(test, hsrts_ctx = "clock"))]
#[path = "clock.rs"]
mod imp_clock;
#[cfg(any(test, hsrts_ctx = "every_n"))]
#[path = "every_n.rs"]
mod imp_every_n;
#[cfg(all(hsrts_has_threads, any(test, hsrts_ctx = "timer")))]
#[path = "timer.rs"]
mod imp_timer;

// The selector: exactly one of these is compiled (build.rs guarantees it).
#[cfg(hsrts_ctx = "always")]
use imp_always as imp;
#[cfg(hsrts_ctx = "clock")]
use imp_clock as imp;
#[cfg(hsrts_ctx = "every_n")]
use imp_every_n as imp;
#[cfg(hsrts_ctx = "timer")]
use imp_timer as imp;

pub use imp::{ContextSwitch, IMPLEMENTATION};

/// GHC's default context-switch interval (`+RTS -C`): 20 ms.
pub const DEFAULT_INTERVAL: Duration = Duration::from_millis(20);

/// The default number of safe points between switches for `ctx-every-n`.
/// GHC has no such mode; this is chosen so that a tight allocating loop
/// (a safe point every few hundred nanoseconds when interpreted) switches
/// at roughly the same sub-millisecond-to-millisecond granularity as the
/// timer would, without measuring anything.
pub const DEFAULT_EVERY_N: u32 = 4096;

/// How a [`ContextSwitch`] decides: the time-based implementations read
/// `interval`, `ctx-every-n` reads `every_n`, `ctx-always` reads neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CtxConfig {
    /// The time slice (`+RTS -C`). Zero means "switch at every safe point",
    /// as GHC's `-C0` means switching as often as possible.
    pub interval: Duration,
    /// Safe points per time slice for `ctx-every-n`; 0 is taken as 1.
    pub every_n: u32,
}

impl Default for CtxConfig {
    fn default() -> Self {
        Self {
            interval: DEFAULT_INTERVAL,
            every_n: DEFAULT_EVERY_N,
        }
    }
}

#[cfg(test)]
mod tests;
