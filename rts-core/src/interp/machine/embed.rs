//! Entry points for embedders (the C API in crates/hsrts-capi): run an IO
//! action to completion and hand back its result (which `run_io` does
//! not), allocate and collect on the machine's behalf, keep one machine
//! alive across calls, and re-enter the machine from C code that Haskell
//! called (callbacks). See Note [Re-entering the machine].

// Note [Re-entering the machine]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A C function called by `ffi.call` may call back into Haskell (a
// `foreign export`, through the C API: `rts_lock`, `rts_mk*`,
// `rts_evalIO`, ...). The machine is then in the middle of an instruction:
// `foreign_call` holds `&mut self`, the calling thread's frames are in
// `st`, other threads in `sched`. We run the callback on the *same*
// machine (one heap, one stdout, one set of resolved tables):
//
// * `foreign_call` publishes a raw pointer to itself in the thread-local
//   `REENTRY` for exactly the duration of the C call (restoring the
//   previous value afterwards, so callbacks nest: C -> H -> C -> H ...),
//   and sets the running frame's layout to the instruction's, so the
//   frame is precise if a collection happens during the callback. It does
//   not touch `self` until the C call returns, so the pointer is the only
//   path to the machine meanwhile. [`with_reentered_machine`] hands it to
//   the embedder.
// * [`Machine::nested`] parks the interrupted execution context (running
//   stack, thread table, registers; [`Suspended`]) on `Machine::suspended`
//   and runs the callback as a fresh run (its own main thread). The run's
//   end drops only its own threads; the parked context is then put back
//   and the C function returns to the interrupted instruction.
// * Collections during the callback see the parked contexts as roots
//   ([`with_suspended`]). All their threads, blocked ones included, are
//   treated as roots for the duration, so no deadlock is detected in a
//   parked context while a callback runs.
//
// Consequences (documented in docs/capi.md): during a callback only the
// callback's own threads run (threads of the interrupted context wait
// until the C function returns, as if the C call were `unsafe`); threads
// the callback forks and leaves running are dropped when it returns, as
// when `main` returns.

use std::cell::Cell;

use super::threads::{AllRoots, Sched};
use super::{Exit, Machine, RunError, State, alloc_error};
use crate::Storage;
use crate::gc::RootVisitor;
use crate::heap::AllocError;
use crate::loader::Program;
use crate::word::{ClosurePtr, Word};

thread_local! {
    /// The machine whose `ffi.call` is running C code on this thread
    /// (null: none). Note [Re-entering the machine].
    static REENTRY: Cell<*mut ()> = const { Cell::new(std::ptr::null_mut()) };
}

/// An execution context parked while a callback runs on the same machine.
#[derive(Debug)]
pub(super) struct Suspended {
    st: State,
    sched: Sched,
    rets: Vec<Word>,
    node: Vec<Word>,
    host_roots: Vec<ClosurePtr>,
    exit_code: Option<i64>,
    idle: bool,
    fresh_slice: bool,
}

/// Publishes `machine` as the one re-entrant callbacks on this thread use
/// until the returned guard is dropped (Note [Re-entering the machine]).
pub(super) fn publish_for_callbacks(machine: *mut Machine<'_>) -> ReentryGuard {
    let previous = REENTRY.with(|r| r.replace(machine.cast()));
    ReentryGuard { previous }
}

/// Restores the previously published machine (or none) when dropped.
pub(super) struct ReentryGuard {
    previous: *mut (),
}

impl Drop for ReentryGuard {
    fn drop(&mut self) {
        REENTRY.with(|r| r.set(self.previous));
    }
}

/// Whether the calling thread is inside a foreign call made by Haskell
/// code (so C API calls on this thread are callbacks).
pub fn in_foreign_call() -> bool {
    REENTRY.with(|r| !r.get().is_null())
}

/// Runs `f` on the machine whose foreign call is running on this thread,
/// or returns `None` when there is none (Note [Re-entering the machine]).
///
/// Do not use the machine that made the call through any other path while
/// `f` runs (the C API never does: it holds no other reference to a
/// machine during an evaluation).
pub fn with_reentered_machine<R>(f: impl for<'m> FnOnce(&mut Machine<'m>) -> R) -> Option<R> {
    let p = REENTRY.with(Cell::get);
    if p.is_null() {
        return None;
    }
    // SAFETY: `foreign_call` published this pointer, derived from its own
    // `&mut self`, for the duration of a C call on this thread, and does
    // not use `self` until the call returns (and the pointer is
    // withdrawn), so this is the only live path to the machine. The
    // lifetime is erased; `f` is generic over it and cannot keep anything
    // that borrows the machine.
    let machine = unsafe { &mut *p.cast::<Machine<'static>>() };
    Some(f(machine))
}

/// The collector's view of the running context plus the parked ones.
pub(super) struct WithSuspended<'a> {
    current: AllRoots<'a>,
    suspended: &'a mut [Suspended],
    program: &'a Program,
}

/// Adds the parked contexts (if any) to `current`'s roots.
pub(super) fn with_suspended<'a>(
    current: AllRoots<'a>,
    suspended: &'a mut [Suspended],
    program: &'a Program,
) -> WithSuspended<'a> {
    WithSuspended {
        current,
        suspended,
        program,
    }
}

impl RootVisitor for WithSuspended<'_> {
    fn visit_roots(&mut self, visit: &mut dyn FnMut(&mut ClosurePtr)) {
        self.current.visit_roots(visit);
        for s in self.suspended.iter_mut() {
            let mut parked = AllRoots {
                state: &mut s.st,
                sched: &mut s.sched,
                program: self.program,
                extra: &mut s.host_roots,
            };
            parked.visit_all_as_roots(visit);
        }
    }

    fn trace_reached_threads(&mut self, tracer: &mut dyn crate::gc::ThreadTracer) -> bool {
        self.current.trace_reached_threads(tracer)
    }

    fn visit_weak_threads(&mut self, visit: &mut dyn FnMut(&mut ClosurePtr) -> bool) {
        self.current.visit_weak_threads(visit);
    }
}

impl<'a> Machine<'a> {
    /// Runs an IO action (applies it to the `World#` token) and returns how
    /// it ended with its result: `Some(value)` (not evaluated further) when
    /// it returned, `None` after `exit#`.
    pub fn run_io_value(
        &mut self,
        action: ClosurePtr,
    ) -> Result<(Exit, Option<ClosurePtr>), RunError> {
        match self.run_io(action)? {
            Exit::Returned => {
                // An IO action returns `(# World#, a #)`; the `Void`
                // component takes no register, so `a` is the first.
                let value = self.rets.first().map(|w| ClosurePtr::from_word(*w));
                Ok((Exit::Returned, value))
            }
            code @ Exit::Code(_) => Ok((code, None)),
        }
    }

    /// Runs `f` (an evaluation: `eval`, `run_io_value`) as a callback in
    /// the middle of a foreign call: the interrupted context is parked for
    /// the duration and restored afterwards (Note [Re-entering the
    /// machine]). Also correct when nothing is running.
    pub fn nested<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        // The callback may demand thunks this context is evaluating
        // (Note [Lazy blackholing] in machine.rs).
        self.thread_paused();
        let parked = Suspended {
            st: std::mem::take(&mut self.st),
            sched: std::mem::take(&mut self.sched),
            rets: std::mem::take(&mut self.rets),
            node: std::mem::take(&mut self.node),
            host_roots: std::mem::take(&mut self.host_roots),
            exit_code: self.exit_code.take(),
            idle: std::mem::replace(&mut self.idle, false),
            fresh_slice: std::mem::replace(&mut self.fresh_slice, false),
        };
        // Thread ids stay unique across the contexts.
        self.sched.next_id = parked.sched.next_id;
        self.suspended.push(parked);
        let r = f(self);
        let Some(parked) = self.suspended.pop() else {
            unreachable!("pushed above; nested calls pop what they push")
        };
        let next_id = self.sched.next_id;
        self.st = parked.st;
        self.sched = parked.sched;
        self.sched.next_id = self.sched.next_id.max(next_id);
        self.rets = parked.rets;
        self.node = parked.node;
        self.host_roots = parked.host_roots;
        self.exit_code = parked.exit_code;
        self.idle = parked.idle;
        self.fresh_slice = parked.fresh_slice;
        r
    }

    /// The storage manager (for embedders that allocate between runs;
    /// allocation that may collect must go through
    /// [`Machine::host_alloc`], which knows the machine's roots).
    pub fn storage_mut(&mut self) -> &mut Storage {
        self.storage
    }

    /// The program the machine runs.
    pub fn program(&self) -> &'a Program {
        self.program
    }

    /// Sets `-K` (the stack limit in words) for the following runs.
    pub fn set_max_stack_words(&mut self, words: usize) {
        self.config.max_stack_words = words;
    }

    /// The stack limit in words.
    pub fn max_stack_words(&self) -> usize {
        self.config.max_stack_words
    }

    /// Allocates with `make` on behalf of the host, collecting (with every
    /// root of the machine, including parked contexts) when the nursery is
    /// full. `roots` are kept alive and updated across a collection; `make`
    /// receives their current values.
    pub fn host_alloc(
        &mut self,
        roots: &mut [ClosurePtr],
        mut make: impl FnMut(&mut Storage, &[ClosurePtr]) -> Result<ClosurePtr, AllocError>,
    ) -> Result<ClosurePtr, RunError> {
        for attempt in 0..3 {
            match make(self.storage, roots) {
                Ok(p) => return Ok(p),
                Err(AllocError::NurseryFull) => {
                    let base = self.host_roots.len();
                    self.host_roots.extend_from_slice(roots);
                    let collected = self.collect_garbage(attempt > 0);
                    roots.copy_from_slice(&self.host_roots[base..]);
                    self.host_roots.truncate(base);
                    collected?;
                }
                Err(e) => return Err(alloc_error(e)),
            }
        }
        Err(RunError::HeapOverflow)
    }

    /// A collection on behalf of the host (`hs_perform_gc`), with every
    /// root of the machine.
    pub fn host_collect(&mut self, major: bool) -> Result<(), RunError> {
        self.collect_garbage(major)
    }
}
