//! RTS options, GHC style: `+RTS ... -RTS` on the command line, the
//! `GHCRTS` environment variable and a built-in `-with-rtsopts` string,
//! turned into one [`RtsFlags`] value that the rest of the runtime reads.
//!
//! This module owns only the options: their syntax, defaults, validation,
//! the `-?` usage text and the `+RTS --info` report. It touches no runtime
//! state; the storage manager and the scheduler get their configuration
//! from [`RtsFlags::gc_config`] and [`RtsFlags::ctx_config`], and the chaos
//! options come with the small deterministic deciders of [`chaos`].
//! docs/rts-options.md is the user-facing reference.
//!
//! * [`split`] — separates program arguments from RTS words;
//! * [`options`] — applies one RTS word to an [`RtsFlags`];
//! * [`value`] — sizes, counts and decimals in GHC's syntax;
//! * [`report`] — usage text, `--info`, error reports;
//! * [`chaos`] — the deciders behind `--chaos-gc` / `--chaos-switch`.
//!
//! Note [Where RTS options come from]
//! As in GHC, three sources are read in this order, a later setting
//! overriding an earlier one: the program's built-in options (`-with-rtsopts`,
//! or the string given to `hs_init_with_rtsopts`), then `GHCRTS` (split on
//! whitespace, every word an RTS option), then the command line. hsrts
//! behaves as a GHC program linked with `-rtsopts`: every option is allowed
//! from every source.

pub mod chaos;
pub mod error;
pub mod options;
pub mod report;
pub mod split;
pub mod value;

#[cfg(test)]
mod tests;

use std::time::Duration;

pub use error::{RTS_OPTION_ERROR_EXIT, RtsOptError, RtsOptErrorKind};
pub use report::{error_report, help_report, program_name, rts_info, usage};

use crate::heap::GcConfig;
use rts_features::ctx::CtxConfig;

/// GHC's default `-A` (allocation area) in 9.0: 1 MiB. GHC 9.2+ may differ;
/// we follow 9.0.2, the oracle installed here.
pub const DEFAULT_NURSERY_BYTES: usize = 1 << 20;
/// Default `-Mgrace`: 1 MiB, GHC's.
pub const DEFAULT_HEAP_LIMIT_GRACE_BYTES: usize = 1 << 20;
/// Our default `-K`. GHC (since 7.8) allows 80% of physical memory, which
/// in effect means "until memory runs out"; we use a fixed 512 MiB so the
/// limit is the same on every machine and on wasm32 (4 GiB of address
/// space in all), while deep but finite recursion still works. GHC before
/// 7.8 used 8 MiB. See docs/rts-options.md.
pub const DEFAULT_MAX_STACK_BYTES: usize = 512 << 20;
/// GHC's default `-ki` (initial stack of a thread): 1 KiB.
pub const DEFAULT_INITIAL_STACK_BYTES: usize = 1 << 10;
/// GHC's default `-kc` (stack chunk size): 32 KiB.
pub const DEFAULT_STACK_CHUNK_BYTES: usize = 32 << 10;
/// GHC's default `-kb` (stack chunk buffer): 1 KiB.
pub const DEFAULT_STACK_CHUNK_BUFFER_BYTES: usize = 1 << 10;
/// GHC's default `-G`: 2 generations.
pub const DEFAULT_GENERATIONS: usize = 2;
/// GHC's default `-F`: 2.
pub const DEFAULT_OLD_GEN_FACTOR: f64 = 2.0;
/// GHC's default `-C`: 20 ms.
pub const DEFAULT_CONTEXT_SWITCH_INTERVAL: Duration = rts_features::ctx::DEFAULT_INTERVAL;
/// GHC's default `-V`: 10 ms.
pub const DEFAULT_TICK_INTERVAL: Duration = Duration::from_millis(10);
/// Default `--ctx-every-n` (hsrts only).
pub const DEFAULT_CTX_EVERY_N: u32 = rts_features::ctx::DEFAULT_EVERY_N;
/// Default `--chaos-switch-odds` (hsrts only): with `--chaos-switch`, a
/// safe point switches with probability 1/16.
pub const DEFAULT_CHAOS_SWITCH_ODDS: u32 = 16;

/// How much GC statistics to print at exit (`-s`, `-S`). A later option
/// replaces an earlier one, as in GHC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatsLevel {
    /// Nothing (the default).
    #[default]
    None,
    /// `-s`: the summary at exit.
    Summary,
    /// `-S`: a line per collection, then the summary.
    Verbose,
}

/// Where `-s` / `-S` output goes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum StatsDestination {
    /// Standard error (no file given, or `-sstderr`).
    #[default]
    Stderr,
    /// The named file, created or truncated at exit (`-s<file>`).
    File(String),
}

/// What the program should do after its options are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RtsAction {
    /// Run the program.
    #[default]
    Run,
    /// `-?`: print [`help_report`] on stderr and exit with status 1 without
    /// running the program (GHC's behaviour).
    ShowUsage,
    /// `--info`: print [`rts_info`] on stdout and exit with status 0.
    ShowInfo,
}

/// Every RTS option's value. `RtsFlags::default()` is what a program gets
/// with no options; each field says its option and its default.
#[derive(Debug, Clone, PartialEq)]
pub struct RtsFlags {
    /// `-A<size>`: the allocation area (nursery) in bytes.
    /// Default 1 MiB (GHC 9.0's). At least 8 KiB.
    pub nursery_bytes: usize,
    /// `-M<size>`: maximum heap size in bytes; `None` = unlimited (default).
    /// Going past it raises `HeapOverflow` (`Heap exhausted`, exit 251).
    pub max_heap_bytes: Option<usize>,
    /// `-Mgrace=<size>`: once HeapOverflow has been thrown, how many more
    /// bytes the program may allocate before it is thrown again while the
    /// heap is still over `-M`. Default 1 MiB (GHC's).
    pub heap_limit_grace_bytes: usize,
    /// `-H<size>`: suggested heap size in bytes; `None` (default) = none.
    pub suggested_heap_bytes: Option<usize>,
    /// `-K<size>`: maximum stack size of a thread in bytes; beyond it the
    /// thread gets `StackOverflow`. Default [`DEFAULT_MAX_STACK_BYTES`].
    pub max_stack_bytes: usize,
    /// `-ki<size>` (or `-k<size>`): a new thread's first stack, in bytes.
    /// Default 1 KiB. The runtime rounds stack sizes up to what a frame
    /// needs.
    pub initial_stack_bytes: usize,
    /// `-kc<size>`: size of the stack chunks a growing stack adds. Default
    /// 32 KiB.
    pub stack_chunk_bytes: usize,
    /// `-kb<size>`: how much of the old chunk to carry into a new one when
    /// a stack overflows its chunk. Default 1 KiB.
    pub stack_chunk_buffer_bytes: usize,
    /// `-G<n>`: number of generations, 1 to 64. Default 2.
    pub generations: usize,
    /// `-F<factor>`: an old generation is collected when it has grown to
    /// this factor times its live size at its last collection. Default 2.
    pub old_gen_factor: f64,
    /// `-C<secs>`: the context-switch time slice (for `ctx-timer` and
    /// `ctx-clock`). Default 20 ms; `-C` or `-C0` means "as often as
    /// possible".
    pub context_switch_interval: Duration,
    /// `-V<secs>`: the master tick interval (the resolution of `-C` for
    /// `ctx-timer`). Default 10 ms; `-V` or `-V0` disables the ticker.
    pub tick_interval: Duration,
    /// `-s[file]` / `-S[file]`: statistics at exit. Default none.
    pub stats: StatsLevel,
    /// Where `stats` go. Default stderr.
    pub stats_destination: StatsDestination,
    /// `-T`: collect statistics for the program to read, without printing.
    pub collect_stats: bool,
    /// `-DS`: run the heap sanity checker after every collection.
    pub sanity_checks: bool,
    /// `--ctx-every-n=<N>`: safe points per time slice for `ctx-every-n`
    /// (hsrts only; ignored by the other context-switch implementations).
    /// Default [`DEFAULT_CTX_EVERY_N`].
    pub ctx_every_n: u32,
    /// `--chaos-gc=<N>`: force a collection at every N-th allocation safe
    /// point (hsrts only). `None` (default) = off.
    pub chaos_gc_every: Option<u64>,
    /// `--chaos-switch=<seed>`: context switch at pseudo-random safe points
    /// drawn from this seed, in addition to the normal ones (hsrts only).
    /// `None` (default) = off.
    pub chaos_switch_seed: Option<u64>,
    /// `--chaos-switch-odds=<N>`: with `--chaos-switch`, each safe point
    /// switches with probability 1/N. Default 16.
    pub chaos_switch_odds: u32,
    /// `--install-signal-handlers=<yes|no>`: whether the runtime installs
    /// its ^C handler (UserInterrupt to the main thread). Default yes, as
    /// GHC; with `no` SIGINT keeps its default action.
    pub install_signal_handlers: bool,
}

impl Default for RtsFlags {
    fn default() -> Self {
        RtsFlags {
            nursery_bytes: DEFAULT_NURSERY_BYTES,
            max_heap_bytes: None,
            heap_limit_grace_bytes: DEFAULT_HEAP_LIMIT_GRACE_BYTES,
            suggested_heap_bytes: None,
            max_stack_bytes: DEFAULT_MAX_STACK_BYTES,
            initial_stack_bytes: DEFAULT_INITIAL_STACK_BYTES,
            stack_chunk_bytes: DEFAULT_STACK_CHUNK_BYTES,
            stack_chunk_buffer_bytes: DEFAULT_STACK_CHUNK_BUFFER_BYTES,
            generations: DEFAULT_GENERATIONS,
            old_gen_factor: DEFAULT_OLD_GEN_FACTOR,
            context_switch_interval: DEFAULT_CONTEXT_SWITCH_INTERVAL,
            tick_interval: DEFAULT_TICK_INTERVAL,
            stats: StatsLevel::None,
            stats_destination: StatsDestination::Stderr,
            collect_stats: false,
            sanity_checks: false,
            ctx_every_n: DEFAULT_CTX_EVERY_N,
            chaos_gc_every: None,
            chaos_switch_seed: None,
            chaos_switch_odds: DEFAULT_CHAOS_SWITCH_ODDS,
            install_signal_handlers: true,
        }
    }
}

impl RtsFlags {
    /// The storage manager's configuration. Fields the flags do not set keep
    /// `GcConfig::default()`.
    #[allow(
        clippy::needless_update,
        reason = "keeps compiling when the storage manager adds a field"
    )]
    pub fn gc_config(&self) -> GcConfig {
        GcConfig {
            nursery_bytes: self.nursery_bytes,
            generations: self.generations,
            old_gen_factor: self.old_gen_factor,
            max_heap_bytes: self.max_heap_bytes,
            suggested_heap_bytes: self.suggested_heap_bytes.unwrap_or(0),
            sanity_checks: self.sanity_checks,
            trace_collections: self.stats == StatsLevel::Verbose,
            ..GcConfig::default()
        }
    }

    /// The context-switch feature's configuration (`-C`, `--ctx-every-n`).
    pub fn ctx_config(&self) -> CtxConfig {
        CtxConfig {
            interval: self.context_switch_interval,
            every_n: self.ctx_every_n,
        }
    }

    /// Whether the runtime must keep statistics (`-s`, `-S` or `-T`).
    pub fn wants_stats(&self) -> bool {
        self.collect_stats || self.stats != StatsLevel::None
    }

    /// Checks relations between options that no single option can (run
    /// once all sources are applied): `-M` must hold at least `-A`.
    pub fn validate(&self) -> Result<(), RtsOptError> {
        let too_small = self.max_heap_bytes.filter(|&max| max < self.nursery_bytes);
        if let Some(max) = too_small {
            return Err(RtsOptError::new(
                &format!("-M{max}"),
                RtsOptErrorKind::MaxHeapBelowNursery,
            ));
        }
        Ok(())
    }
}

/// The result of reading a program's arguments: what to run it with.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedArgs {
    /// The arguments the program sees (`getArgs`), without argv\[0\].
    pub program_args: Vec<String>,
    /// The RTS options from all sources.
    pub flags: RtsFlags,
    /// Run, or print usage / info instead.
    pub action: RtsAction,
}

/// Reads RTS options from the built-in `rtsopts` string (as GHC's
/// `-with-rtsopts`, may be `None`), then `ghcrts` (the value of `GHCRTS`,
/// `None` if unset), then `argv` (the arguments after the program name),
/// and returns the program's own arguments with the combined flags.
///
/// Parsing stops at the first `-?` or `--info` (the action says which) or
/// the first error. See [`split::split_argv`] for the `+RTS`/`-RTS`/`--RTS`
/// rules.
pub fn parse_rts_args<S: AsRef<str>>(
    argv: &[S],
    ghcrts: Option<&str>,
    rtsopts: Option<&str>,
) -> Result<ParsedArgs, RtsOptError> {
    let mut flags = RtsFlags::default();
    let split = split::split_argv(argv);
    let words = rtsopts
        .into_iter()
        .chain(ghcrts)
        .flat_map(str::split_whitespace)
        .chain(split.rts_words.iter().map(String::as_str));
    for word in words {
        let action = flags.apply(word)?;
        if action != RtsAction::Run {
            return Ok(ParsedArgs {
                program_args: split.program_args,
                flags,
                action,
            });
        }
    }
    flags.validate()?;
    Ok(ParsedArgs {
        program_args: split.program_args,
        flags,
        action: RtsAction::Run,
    })
}

/// [`parse_rts_args`] with `GHCRTS` read from the environment (a value that
/// is not UTF-8 is read lossily, so its bad words are reported as unknown
/// options).
pub fn parse_rts_args_from_env<S: AsRef<str>>(
    argv: &[S],
    rtsopts: Option<&str>,
) -> Result<ParsedArgs, RtsOptError> {
    let ghcrts = std::env::var_os("GHCRTS").map(|v| v.to_string_lossy().into_owned());
    parse_rts_args(argv, ghcrts.as_deref(), rtsopts)
}
