//! `hs_init` / `hs_exit`: starting and stopping the runtime from C, with
//! GHC's nesting semantics.

// Note [hs_init nesting]
// ~~~~~~~~~~~~~~~~~~~~~~
// As in GHC, `hs_init` may be called several times (for instance by two
// libraries in one program that each start "their" Haskell runtime). Calls
// are counted: only the first starts the runtime, each `hs_exit` undoes one
// `hs_init`, and only the one that brings the count to zero stops it. An
// `hs_exit` with the count already at zero prints GHC's warning
// `too many hs_exit()s` and does nothing else. Starting again after the
// runtime was stopped is not supported (GHC: "reinitializing the RTS after
// shutdown is not currently supported"); it is reported and the process
// exits with status 1, rather than running on a half-torn-down runtime.
//
// The count lives in the runtime's process-wide mutex (runtime.rs), so
// concurrent `hs_init` calls from several threads are safe. The first call
// reads the RTS options and makes the heap; the last `hs_exit` prints the
// `-s` statistics and frees the heap.

use std::ffi::{CStr, c_char, c_int};
use std::fmt;

use rts_core::flags::{self, RtsAction, StatsDestination, StatsLevel};

use crate::misuse::flush_stdout;
use crate::runtime::{Runtime, fatal, with_global};

/// The nesting state (see Note [hs_init nesting]).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Lifecycle {
    /// Outstanding `hs_init` calls.
    count: usize,
    /// The runtime was started and then stopped by the last `hs_exit`.
    stopped: bool,
}

/// What an `hs_init` call must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitAction {
    /// The first call: start the runtime.
    Start,
    /// Already running: only counted.
    Nested,
}

/// What an `hs_exit` call must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitAction {
    /// The last outstanding call: stop the runtime.
    Stop,
    /// Other `hs_init` calls are still outstanding: only counted.
    Nested,
    /// No `hs_init` outstanding: warn, do nothing.
    TooMany,
}

/// `hs_init` after the runtime was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestartError;

impl fmt::Display for RestartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("hs_init: restarting the runtime after the last hs_exit is not supported")
    }
}

impl std::error::Error for RestartError {}

impl Lifecycle {
    pub const fn new() -> Lifecycle {
        Lifecycle {
            count: 0,
            stopped: false,
        }
    }

    /// Counts one `hs_init`.
    pub fn init(&mut self) -> Result<InitAction, RestartError> {
        if self.stopped {
            return Err(RestartError);
        }
        self.count += 1;
        Ok(if self.count == 1 {
            InitAction::Start
        } else {
            InitAction::Nested
        })
    }

    /// Counts one `hs_exit`.
    pub fn exit(&mut self) -> ExitAction {
        match self.count {
            0 => ExitAction::TooMany,
            1 => {
                self.count = 0;
                self.stopped = true;
                ExitAction::Stop
            }
            _ => {
                self.count -= 1;
                ExitAction::Nested
            }
        }
    }

    /// Whether the runtime is running (an `hs_init` is outstanding).
    pub fn is_running(&self) -> bool {
        self.count > 0
    }

    /// Whether the runtime was started and then stopped.
    pub fn was_stopped(&self) -> bool {
        self.stopped
    }
}

/// Whether `hs_init` has been called more often than `hs_exit`.
pub fn runtime_is_running() -> bool {
    with_global(|g| g.lifecycle.is_running())
}

/// `void hs_init(int *argc, char **argv[])`: starts the runtime, or counts a
/// nested call (see Note [hs_init nesting]). The first call reads RTS
/// options (`+RTS ... -RTS`, `GHCRTS`) and removes them from `argv`, as
/// GHC does; see [`start_runtime`].
///
/// # Safety
///
/// `argc` and `argv` are each either null or valid for reads and writes.
/// If both are non-null, `*argv` is either null or points to `*argc` valid
/// pointers, each a NUL-terminated string (the usual contract of `main`'s
/// arguments); the array may be rewritten in place and the strings must
/// stay valid for as long as the program uses them.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hs_init(argc: *mut c_int, argv: *mut *mut *mut c_char) {
    // SAFETY: the caller keeps hs_init's contract, which is init's.
    unsafe { init("hs_init", argc, argv) }
}

/// `void hs_init_with_rtsopts(int *argc, char **argv[])`: as [`hs_init`]
/// (hsrts always reads every RTS option; GHC's `-rtsopts` levels do not
/// apply).
///
/// # Safety
///
/// As [`hs_init`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hs_init_with_rtsopts(argc: *mut c_int, argv: *mut *mut *mut c_char) {
    // SAFETY: the same contract as hs_init.
    unsafe { init("hs_init_with_rtsopts", argc, argv) }
}

/// Reads `argv` as strings (lossily: RTS options are ASCII).
///
/// # Safety
///
/// As [`hs_init`].
unsafe fn read_argv(site: &str, argc: *mut c_int, argv: *mut *mut *mut c_char) -> Vec<String> {
    if argc.is_null() || argv.is_null() {
        return Vec::new();
    }
    // SAFETY: both pointers are non-null and valid for reads (contract).
    let (count, vector) = unsafe { (*argc, *argv) };
    if count < 0 || (count > 0 && vector.is_null()) {
        eprintln!(
            "{site}: invalid arguments (argc = {count}, argv is null: {})",
            vector.is_null()
        );
        std::process::exit(1);
    }
    (0..count as usize)
        .map(|i| {
            // SAFETY: `vector` holds `count` pointers (contract).
            let s = unsafe { *vector.add(i) };
            if s.is_null() {
                String::new()
            } else {
                // SAFETY: each is a NUL-terminated string (contract).
                unsafe { CStr::from_ptr(s) }.to_string_lossy().into_owned()
            }
        })
        .collect()
}

/// Leaves only the program name and `program_args` in `argv` (GHC removes
/// the RTS options it has read). The program arguments are, in order, a
/// subsequence of the original words, so each is matched to the first
/// remaining word with the same text.
///
/// # Safety
///
/// As [`hs_init`]; `words` were read from this `argv`.
unsafe fn remove_rts_options(
    argc: *mut c_int,
    argv: *mut *mut *mut c_char,
    words: &[String],
    program_args: &[String],
) {
    if argc.is_null() || argv.is_null() || words.is_empty() {
        return;
    }
    // SAFETY: non-null and valid (contract); `words.len()` pointers.
    let vector = unsafe { *argv };
    let mut kept = 1;
    let mut wanted = program_args.iter().peekable();
    for (i, word) in words.iter().enumerate().skip(1) {
        if wanted.peek().is_some_and(|w| *w == word) {
            wanted.next();
            // SAFETY: `kept <= i < words.len()`: both inside the array.
            unsafe { *vector.add(kept) = *vector.add(i) };
            kept += 1;
        }
    }
    if kept < words.len() {
        // SAFETY: inside the array; C's convention ends argv with NULL.
        unsafe {
            *vector.add(kept) = std::ptr::null_mut();
            *argc = kept as c_int;
        }
    }
}

/// # Safety
///
/// As [`hs_init`].
unsafe fn init(site: &str, argc: *mut c_int, argv: *mut *mut *mut c_char) {
    // SAFETY: hs_init's contract.
    let words = unsafe { read_argv(site, argc, argv) };
    match with_global(|g| g.lifecycle.init()) {
        Ok(InitAction::Nested) => {}
        Ok(InitAction::Start) => {
            let program_args = start_runtime(&words);
            // SAFETY: hs_init's contract; `words` came from this argv.
            unsafe { remove_rts_options(argc, argv, &words, &program_args) };
        }
        Err(e) => {
            eprintln!("{site}: {e}");
            std::process::exit(1);
        }
    }
}

/// Starts the runtime for `argv` (program name first): reads the RTS
/// options (printing GHC's messages and exiting for errors, `-?` and
/// `--info`), makes the heap and loads the image registered with
/// `hsrts_set_image`, if any. Returns the program's own arguments.
fn start_runtime(argv: &[String]) -> Vec<String> {
    let argv0 = argv.first().map_or("haskell", String::as_str);
    let prog = flags::program_name(argv0).to_owned();
    let rest = argv.get(1..).unwrap_or(&[]);
    let parsed = match flags::parse_rts_args_from_env(rest, None) {
        Ok(p) => p,
        Err(e) => {
            eprint!("{}", flags::error_report(&prog, &e));
            std::process::exit(flags::RTS_OPTION_ERROR_EXIT);
        }
    };
    match parsed.action {
        RtsAction::Run => {}
        RtsAction::ShowUsage => {
            eprint!("{}", flags::help_report(&prog));
            std::process::exit(flags::RTS_OPTION_ERROR_EXIT);
        }
        RtsAction::ShowInfo => {
            print!("{}", flags::rts_info(""));
            std::process::exit(0);
        }
    }
    let mut runtime = match Runtime::start(parsed.flags, prog, parsed.program_args.clone()) {
        Ok(rt) => rt,
        Err(e) => fatal("hs_init", e),
    };
    let pending = with_global(|g| g.pending_image.take());
    if let Some(bytes) = pending
        && let Err(e) = runtime.load_image(&bytes)
    {
        eprintln!("hs_init: {e}");
        std::process::exit(1);
    }
    with_global(|g| g.runtime = Some(Box::new(runtime)));
    parsed.program_args
}

/// `void hs_exit(void)`: undoes one `hs_init`; the last one stops the
/// runtime (see Note [hs_init nesting]): a last major collection, as GHC's,
/// then the `+RTS -s` statistics if they were asked for.
#[unsafe(no_mangle)]
pub extern "C" fn hs_exit() {
    let (action, runtime) = with_global(|g| {
        let action = g.lifecycle.exit();
        let runtime = if action == ExitAction::Stop {
            g.runtime.take()
        } else {
            None
        };
        (action, runtime)
    });
    match action {
        ExitAction::Stop => {
            flush_stdout();
            if let Some(mut rt) = runtime {
                rt.collect_at_exit();
                report_statistics(&mut rt);
            }
        }
        ExitAction::Nested => {}
        ExitAction::TooMany => eprintln!("hs_exit: warning: too many hs_exit()s"),
    }
}

/// Prints the `-s` / `-S` summary where the flags say.
pub fn report_statistics(rt: &mut Runtime) {
    if rt.flags.stats == StatsLevel::None {
        return;
    }
    let report = rt.with_storage(|s| s.stats_report());
    match &rt.flags.stats_destination {
        StatsDestination::Stderr => eprint!("{report}"),
        StatsDestination::File(path) => {
            if let Err(e) = std::fs::write(path, report) {
                eprintln!("hs_exit: cannot write statistics to {path}: {e}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_nest_and_only_the_last_exit_stops() {
        let mut l = Lifecycle::new();
        assert!(!l.is_running());
        assert_eq!(l.init(), Ok(InitAction::Start));
        assert_eq!(l.init(), Ok(InitAction::Nested));
        assert_eq!(l.init(), Ok(InitAction::Nested));
        assert_eq!(l.exit(), ExitAction::Nested);
        assert_eq!(l.exit(), ExitAction::Nested);
        assert!(l.is_running());
        assert_eq!(l.exit(), ExitAction::Stop);
        assert!(!l.is_running());
    }

    #[test]
    fn too_many_exits_are_only_a_warning() {
        let mut l = Lifecycle::new();
        assert_eq!(l.exit(), ExitAction::TooMany);
        assert_eq!(
            l.init(),
            Ok(InitAction::Start),
            "a stray hs_exit must not stop a later start"
        );
        assert_eq!(l.exit(), ExitAction::Stop);
        assert_eq!(l.exit(), ExitAction::TooMany);
    }

    #[test]
    fn restarting_after_the_last_exit_is_refused() {
        let mut l = Lifecycle::new();
        assert_eq!(l.init(), Ok(InitAction::Start));
        assert_eq!(l.exit(), ExitAction::Stop);
        assert_eq!(l.init(), Err(RestartError));
        assert!(RestartError.to_string().contains("not supported"));
    }
}
