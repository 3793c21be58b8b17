//! `ctx-every-n`: switch every N safe points. Deterministic: the same
//! program switches at the same points on every run and every target, which
//! makes scheduling reproducible in tests. No clock, no thread.

use super::CtxConfig;

pub const IMPLEMENTATION: &str = "every-n";

// Planted fault `fault-ctx-every-n-late` (test-only; docs/feature-vector.md,
// "Planted faults"): a slice lasts 2N safe points instead of N. One half of
// the fault pair: alone it stays within the slack of the cross-axis test
// `an_interrupt_is_seen_within_two_slices`. 1 without the feature.
#[cfg(feature = "fault-ctx-every-n-late")]
const FAULT_SLICES: u32 = 2;
#[cfg(not(feature = "fault-ctx-every-n-late"))]
const FAULT_SLICES: u32 = 1;

/// Counts safe points since the last switch.
#[derive(Debug)]
pub struct ContextSwitch {
    /// Safe points seen since the last switch, saturating at `every_n`.
    seen: u32,
    every_n: u32,
}

impl ContextSwitch {
    pub fn new(cfg: &CtxConfig) -> Self {
        Self {
            seen: 0,
            every_n: cfg.every_n.max(1),
        }
    }

    /// True at the N-th safe point after the last switch, and at every one
    /// after it until [`switched`](Self::switched).
    #[inline]
    pub fn should_yield(&mut self) -> bool {
        if self.seen < self.slice() {
            // Planted fault `fault-ctx-every-n-never` (test-only;
            // docs/feature-vector.md, "Planted faults"): safe points are not
            // counted, so only `request` ever makes one yield.
            #[cfg(not(feature = "fault-ctx-every-n-never"))]
            {
                self.seen += 1;
            }
        }
        self.seen >= self.slice()
    }

    /// Makes the next safe point yield.
    #[inline]
    pub fn request(&mut self) {
        self.seen = self.slice();
    }

    /// Starts a new count.
    #[inline]
    pub fn switched(&mut self) {
        self.seen = 0;
    }

    /// Safe points in a slice: `every_n` (twice that with the planted fault
    /// `fault-ctx-every-n-late`).
    #[inline]
    fn slice(&self) -> u32 {
        self.every_n.saturating_mul(FAULT_SLICES)
    }
}
