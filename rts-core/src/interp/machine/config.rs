//! Interpreter settings from parsed RTS flags, and `--chaos-gc`: a forced
//! collection at every N-th allocation point (heap checks and the
//! allocations primops make), to shake out missing GC roots.

use super::Machine;
use crate::flags::RtsFlags;
use crate::flags::chaos::ChaosGc;
use crate::interp::{InterpConfig, RunError};
use crate::word::WORD_BYTES;

impl InterpConfig {
    /// The settings `flags` gives: `-K` (stack limit), `-C`/`--ctx-every-n`
    /// (context switches), `--chaos-switch[-odds]`, `--chaos-gc`,
    /// `--install-signal-handlers` (`install_interrupts`), `-Mgrace`; the other
    /// fields keep their defaults. The heap's settings are
    /// [`RtsFlags::gc_config`].
    pub fn from_rts_flags(flags: &RtsFlags) -> InterpConfig {
        InterpConfig {
            max_stack_words: (flags.max_stack_bytes / WORD_BYTES).max(1),
            ctx: flags.ctx_config(),
            chaos_switch: flags
                .chaos_switch_seed
                .map(|seed| (seed, flags.chaos_switch_odds)),
            chaos_gc_every: flags.chaos_gc_every,
            install_interrupts: flags.install_signal_handlers,
            heap_limit_grace_bytes: flags.heap_limit_grace_bytes as u64,
            ..InterpConfig::default()
        }
    }
}

impl Machine<'_> {
    /// An allocation point: with `--chaos-gc=N`, collect every N-th time.
    #[inline]
    pub(super) fn chaos_gc_point(&mut self) -> Result<(), RunError> {
        if self.config.chaos_gc_every.is_none() {
            return Ok(());
        }
        let every = self.config.chaos_gc_every.unwrap_or(1);
        let chaos = self.chaos_gc.get_or_insert_with(|| ChaosGc::every(every));
        if chaos.should_collect() {
            // Every live pointer is in a root at an
            // allocation point (the contract of `alloc`/`heap_check`).
            self.gc()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::parse_rts_args;

    #[test]
    fn flags_reach_the_interpreter_config() {
        let parsed = parse_rts_args(
            &[
                "prog",
                "+RTS",
                "-K1m",
                "--chaos-gc=7",
                "--chaos-switch=3",
                "--install-signal-handlers=no",
                "-Mgrace=2m",
                "-RTS",
            ],
            None,
            None,
        )
        .expect("valid flags");
        let c = InterpConfig::from_rts_flags(&parsed.flags);
        assert_eq!(c.max_stack_words, (1 << 20) / 8);
        assert_eq!(c.chaos_gc_every, Some(7));
        assert_eq!(c.chaos_switch.map(|(s, _)| s), Some(3));
        assert!(!c.install_interrupts);
        assert_eq!(c.heap_limit_grace_bytes, 2 << 20);
    }
}
