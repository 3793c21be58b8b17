//! `ctx-always`: switch at every safe point. The most aggressive
//! interleaving, for flushing out scheduling bugs; no clock, no thread.

use super::CtxConfig;

pub const IMPLEMENTATION: &str = "always";

/// Says "yield" at every safe point.
#[derive(Debug, Default)]
pub struct ContextSwitch {
    _private: (),
}

impl ContextSwitch {
    pub fn new(_cfg: &CtxConfig) -> Self {
        Self { _private: () }
    }

    /// Always true.
    #[inline]
    pub fn should_yield(&mut self) -> bool {
        true
    }

    /// Nothing to do: the next call is true anyway.
    #[inline]
    pub fn request(&mut self) {}

    /// Nothing to reset.
    #[inline]
    pub fn switched(&mut self) {}
}
