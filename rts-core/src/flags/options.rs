//! Applying one RTS word to an [`RtsFlags`]: the table of every option
//! hsrts knows, its syntax and its range. A later word overrides an earlier
//! one. docs/rts-options.md documents the same table for users; keep the
//! two, and the usage text in [`super::report`], in step.
//!
//! Short options carry their value glued on (`-A4m`, `-sfile`), as in GHC;
//! hsrts's own long options use `--name=value`.

use super::error::{RtsOptError, RtsOptErrorKind as K};
use super::value::{parse_count, parse_decimal, parse_seconds, parse_size};
use super::{RtsAction, RtsFlags, StatsDestination, StatsLevel};

/// Smallest `-A`: two blocks, GHC's minimum.
const MIN_NURSERY_BYTES: u64 = 8 << 10;
/// Smallest `-M` and `-H`: one block, GHC's minimum.
const MIN_HEAP_BYTES: u64 = 4 << 10;
/// Smallest stack sizes (`-K`, `-ki`, `-kc`, `-kb`): one word, GHC's
/// minimum. The runtime rounds them up to what its frames need.
const MIN_STACK_BYTES: u64 = 8;
/// Largest `-G`. GHC has no limit (and crashes at `-G99` in 9.0.2); more
/// than a handful of generations never helps, and a bound keeps a typo
/// from asking the storage manager for billions of generations.
pub const MAX_GENERATIONS: u64 = 64;
/// Largest byte size on this target: sizes must fit a `usize`.
const MAX_BYTES: u64 = usize::MAX as u64;

impl RtsFlags {
    /// Applies one RTS word (e.g. `-A4m`), returning what the program
    /// should do next: [`RtsAction::Run`] for a setting, or the action of
    /// `-?` / `--info`.
    pub fn apply(&mut self, word: &str) -> Result<RtsAction, RtsOptError> {
        let err = |kind| RtsOptError::new(word, kind);
        if let Some(long) = word.strip_prefix("--") {
            return self.apply_long(word, long);
        }
        let Some(rest) = word.strip_prefix('-') else {
            return Err(err(K::UnexpectedArgument));
        };
        let mut chars = rest.chars();
        let Some(letter) = chars.next() else {
            return Err(err(K::Unknown));
        };
        let value = chars.as_str();
        let size = |min| {
            parse_size(value, min, MAX_BYTES)
                .map(|v| v as usize)
                .map_err(err)
        };
        match letter {
            '?' => {
                no_value(word, value)?;
                return Ok(RtsAction::ShowUsage);
            }
            'A' => self.nursery_bytes = size(MIN_NURSERY_BYTES)?,
            'M' => match value.strip_prefix("grace=") {
                // GHC's least -Mgrace is one block, like -M's.
                Some(grace) => {
                    self.heap_limit_grace_bytes = parse_size(grace, MIN_HEAP_BYTES, MAX_BYTES)
                        .map(|v| v as usize)
                        .map_err(err)?
                }
                None => self.max_heap_bytes = Some(size(MIN_HEAP_BYTES)?),
            },
            'H' if value.is_empty() => return Err(err(K::MissingValue)),
            'H' => self.suggested_heap_bytes = Some(size(MIN_HEAP_BYTES)?),
            'K' => self.max_stack_bytes = size(MIN_STACK_BYTES)?,
            'k' => self.apply_stack_size(word, value)?,
            'G' => {
                let n = parse_count(value, 1, MAX_GENERATIONS).map_err(err)?;
                self.generations = n as usize;
            }
            'F' => {
                let factor = parse_decimal(value).map_err(err)?;
                if factor <= 0.0 {
                    return Err(err(K::NotPositive));
                }
                self.old_gen_factor = factor;
            }
            'C' => self.context_switch_interval = seconds_or_zero(value).map_err(err)?,
            'V' => self.tick_interval = seconds_or_zero(value).map_err(err)?,
            's' => self.set_stats(StatsLevel::Summary, value),
            'S' => self.set_stats(StatsLevel::Verbose, value),
            'T' => {
                no_value(word, value)?;
                self.collect_stats = true;
            }
            'D' if value == "S" => self.sanity_checks = true,
            'D' => return Err(err(K::UnsupportedDebugFlag)),
            _ => return Err(err(K::Unknown)),
        }
        Ok(RtsAction::Run)
    }

    /// `--info`, `--install-signal-handlers` and hsrts's own `--name=value`
    /// options.
    fn apply_long(&mut self, word: &str, long: &str) -> Result<RtsAction, RtsOptError> {
        let err = |kind| RtsOptError::new(word, kind);
        let (name, value) = match long.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (long, None),
        };
        let needs_value = || value.ok_or_else(|| err(K::MissingValue));
        match name {
            "info" if value.is_none() => return Ok(RtsAction::ShowInfo),
            "ctx-every-n" => {
                let n = parse_count(needs_value()?, 1, u64::from(u32::MAX)).map_err(err)?;
                self.ctx_every_n = n as u32;
            }
            "chaos-gc" => {
                let n = parse_count(needs_value()?, 1, u64::MAX).map_err(err)?;
                self.chaos_gc_every = Some(n);
            }
            "chaos-switch" => {
                let seed = parse_count(needs_value()?, 0, u64::MAX).map_err(err)?;
                self.chaos_switch_seed = Some(seed);
            }
            "chaos-switch-odds" => {
                let n = parse_count(needs_value()?, 1, u64::from(u32::MAX)).map_err(err)?;
                self.chaos_switch_odds = n as u32;
            }
            // GHC's spelling; like GHC, any value but yes/no is unknown.
            "install-signal-handlers" => match value {
                Some("yes") => self.install_signal_handlers = true,
                Some("no") => self.install_signal_handlers = false,
                _ => return Err(err(K::Unknown)),
            },
            _ => return Err(err(K::Unknown)),
        }
        Ok(RtsAction::Run)
    }

    /// `-k<size>` (= `-ki`), `-ki<size>`, `-kc<size>`, `-kb<size>`.
    fn apply_stack_size(&mut self, word: &str, value: &str) -> Result<(), RtsOptError> {
        let (field, size_text) = match value.as_bytes().first() {
            Some(b'i') => (&mut self.initial_stack_bytes, &value[1..]),
            Some(b'c') => (&mut self.stack_chunk_bytes, &value[1..]),
            Some(b'b') => (&mut self.stack_chunk_buffer_bytes, &value[1..]),
            _ => (&mut self.initial_stack_bytes, value),
        };
        let bytes = parse_size(size_text, MIN_STACK_BYTES, MAX_BYTES)
            .map_err(|kind| RtsOptError::new(word, kind))?;
        *field = bytes as usize;
        Ok(())
    }

    /// `-s` / `-S` with an optional file (`stderr` names standard error).
    fn set_stats(&mut self, level: StatsLevel, file: &str) {
        self.stats = level;
        self.stats_destination = match file {
            "" | "stderr" => StatsDestination::Stderr,
            name => StatsDestination::File(name.to_owned()),
        };
    }
}

/// `-C` / `-V` with no value mean zero, as in GHC.
fn seconds_or_zero(value: &str) -> Result<std::time::Duration, K> {
    if value.is_empty() {
        Ok(std::time::Duration::ZERO)
    } else {
        parse_seconds(value)
    }
}

/// Rejects a value glued to an option that takes none (`-Tx`).
fn no_value(word: &str, value: &str) -> Result<(), RtsOptError> {
    if value.is_empty() {
        Ok(())
    } else {
        Err(RtsOptError::new(word, K::UnexpectedValue))
    }
}
