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
// The count lives in one process-wide mutex, so concurrent `hs_init` calls
// from several threads are safe. The runtime's own start and stop work
// (flags from `argv`, the storage manager, the scheduler) is not wired in
// yet: today a started runtime only records that it is started.

use std::ffi::{c_char, c_int};
use std::fmt;
use std::sync::Mutex;

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
}

static LIFECYCLE: Mutex<Lifecycle> = Mutex::new(Lifecycle::new());

fn with_lifecycle<R>(f: impl FnOnce(&mut Lifecycle) -> R) -> R {
    // A panic while holding the lock cannot leave the count half-updated
    // (every update is a single assignment), so a poisoned lock is usable.
    let mut guard = LIFECYCLE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    f(&mut guard)
}

/// Whether `hs_init` has been called more often than `hs_exit`.
pub fn runtime_is_running() -> bool {
    with_lifecycle(|l| l.is_running())
}

/// `void hs_init(int *argc, char **argv[])`: starts the runtime, or counts a
/// nested call (see Note [hs_init nesting]).
///
/// The arguments are accepted for GHC compatibility and checked, but not yet
/// used: RTS options in `argv` are not processed yet.
///
/// # Safety
///
/// `argc` and `argv` are each either null or valid for reads. If both are
/// non-null, `*argv` is either null or points to `*argc` valid pointers,
/// each a NUL-terminated string (the usual contract of `main`'s arguments);
/// they must stay valid for the duration of the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hs_init(argc: *mut c_int, argv: *mut *mut *mut c_char) {
    if !argc.is_null() && !argv.is_null() {
        // SAFETY: both pointers are non-null and valid for reads (contract).
        let (count, vector) = unsafe { (*argc, *argv) };
        if count < 0 || (count > 0 && vector.is_null()) {
            eprintln!(
                "hs_init: invalid arguments (argc = {count}, argv is null: {})",
                vector.is_null()
            );
            std::process::exit(1);
        }
    }
    match with_lifecycle(Lifecycle::init) {
        Ok(InitAction::Start | InitAction::Nested) => {}
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

/// `void hs_exit(void)`: undoes one `hs_init`; the last one stops the
/// runtime (see Note [hs_init nesting]).
#[unsafe(no_mangle)]
pub extern "C" fn hs_exit() {
    match with_lifecycle(Lifecycle::exit) {
        ExitAction::Stop | ExitAction::Nested => {}
        ExitAction::TooMany => eprintln!("hs_exit: warning: too many hs_exit()s"),
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
