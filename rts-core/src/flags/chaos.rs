//! The deciders behind the chaos options (`--chaos-gc`,
//! `--chaos-switch`): small deterministic counters that the storage manager
//! and the scheduler consult at their safe points, so that GC-timing and
//! thread-ordering bugs show up on ordinary programs. They hold no runtime
//! state and work under every feature vector; the same flags give the same
//! decisions on every target, so a failing seed reproduces anywhere.
//!
//! Note [Chaos is extra, never less]
//! A chaos decision only ever *adds* a collection or a context switch at a
//! point where one is already allowed; it never suppresses one the normal
//! policy asked for. A correct program must give the same output with any
//! chaos setting; a difference is a runtime bug.

use super::RtsFlags;

/// `--chaos-gc=<n>`: says yes at every n-th allocation safe point.
#[derive(Debug, Clone)]
pub struct ChaosGc {
    every: u64,
    countdown: u64,
}

impl ChaosGc {
    /// The decider for `flags`, or `None` when `--chaos-gc` is off.
    pub fn from_flags(flags: &RtsFlags) -> Option<Self> {
        flags.chaos_gc_every.map(Self::every)
    }

    /// Says yes once every `n` calls (`n` = 0 is taken as 1).
    pub fn every(n: u64) -> Self {
        let every = n.max(1);
        ChaosGc {
            every,
            countdown: every,
        }
    }

    /// Called at each allocation safe point: should a collection be forced
    /// here?
    #[inline]
    pub fn should_collect(&mut self) -> bool {
        self.countdown -= 1;
        if self.countdown == 0 {
            self.countdown = self.every;
            true
        } else {
            false
        }
    }
}

/// `--chaos-switch=<seed>`: says yes at pseudo-random safe points, each
/// with probability 1/odds, from a SplitMix64 stream of the seed.
#[derive(Debug, Clone)]
pub struct ChaosSwitch {
    state: u64,
    odds: u64,
}

impl ChaosSwitch {
    /// The decider for `flags`, or `None` when `--chaos-switch` is off.
    pub fn from_flags(flags: &RtsFlags) -> Option<Self> {
        flags
            .chaos_switch_seed
            .map(|seed| Self::new(seed, flags.chaos_switch_odds))
    }

    /// A decider with this seed that says yes with probability 1/`odds`
    /// (`odds` = 0 is taken as 1: always).
    pub fn new(seed: u64, odds: u32) -> Self {
        ChaosSwitch {
            state: seed,
            odds: u64::from(odds.max(1)),
        }
    }

    /// Called at each safe point: should the running thread be switched
    /// out here?
    #[inline]
    pub fn should_switch(&mut self) -> bool {
        self.next_u64() % self.odds == 0
    }

    /// SplitMix64 (Steele, Lea and Flood): a full-period 64-bit generator
    /// whose every seed, 0 included, gives a good stream.
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}
