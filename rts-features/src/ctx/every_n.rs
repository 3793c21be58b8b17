//! `ctx-every-n`: switch every N safe points. Deterministic: the same
//! program switches at the same points on every run and every target, which
//! makes scheduling reproducible in tests. No clock, no thread.

use super::CtxConfig;

pub const IMPLEMENTATION: &str = "every-n";

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
        if self.seen < self.every_n {
            self.seen += 1;
        }
        self.seen >= self.every_n
    }

    /// Makes the next safe point yield.
    #[inline]
    pub fn request(&mut self) {
        self.seen = self.every_n;
    }

    /// Starts a new count.
    #[inline]
    pub fn switched(&mut self) {
        self.seen = 0;
    }
}
