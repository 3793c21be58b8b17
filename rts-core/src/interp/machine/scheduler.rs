//! The scheduler: creating, parking, switching and ending green threads;
//! safe points (preemption through `rts_features::ctx`, `--chaos-switch`,
//! user interrupts through `rts_features::intr`); the timer queue and
//! sleeping when every thread waits; deadlock detection (resurrected
//! threads get GHC's exceptions, `resurrect_threads`); and the embedder-driven mode
//! (`run_until_blocked`, `run_for` with a time budget, host MVars).
//! Design: docs/design/scheduler.md.

// Note [Cheap switches]
// ~~~~~~~~~~~~~~~~~~~~~~
// What a blocking MVar operation, a wake-up and a switch cost (profiled
// with callgrind on thread_ring and ping_pong; docs/design/scheduler.md):
// * Blocking on an MVar costs the queue links in the heap and nothing
//   else: blocked threads' stacks stay where they are and the collector
//   traces them once their thread is found alive (Note [Blocked threads
//   are weak] in threads.rs), so neither blocking nor waking walks a
//   stack or allocates.
// * A woken thread's results are `Resume::Unit` / `Resume::Value`, not a
//   vector, so a wake-up allocates nothing on the Rust heap.
// * A finished thread's emptied stack vectors go to `Sched::spare_states`
//   (bounded in number and size) and the next fork reuses them.
// * The scheduler reads the clock only when some thread sleeps.
// * Parking and switching swap the running state with the one in the
//   thread's entry (an empty `State` left by the previous switch), so a
//   switch neither builds nor drops a `State` (five vectors). (Moving it
//   with `mem::take` instead measured dearer: docs/design/dispatch.md.)
// * Only the fields every call touches (`slots`, `frames` and three
//   words) are inline in `State`; `args`, `extra`, `saved` and
//   `interrupted` are in a boxed `ColdState`, so each swap moves 10
//   words, not 19. Boxing the whole `State` (a swap of one pointer) saved
//   more per switch but cost every slot access in the loop an extra load
//   (nfib +5% per call): docs/design/dispatch.md, session 10. A finished
//   thread hands its entry's empty state to the machine, so finishing
//   allocates no new box.
// * A thread woken with a result whose stack has a BCO frame on top
//   (blocked in a `prim.call`) is switched to as `Next::Run` of that
//   frame's continuation, not `Next::Return`: the first step of
//   `do_return`, done in `switch_to`, saves a round of `exec`.

// Note [Cheap safe points]
// ~~~~~~~~~~~~~~~~~~~~~~~~~
// `at_safe_point` runs before every call, tail call, enter and failed heap
// check, so it is inlined (`#[inline(always)]`) and split: the rare
// conditions (the first safe point of a slice, a `run_for` budget,
// `--chaos-switch`) are tested together in one branch and handled out of
// line by `at_safe_point_in_full`, which is the complete check in its
// original order. The inline part is that check with those three known
// absent: a user interrupt, then "does any other thread want the
// processor" (run queue, timers, blackhole waiters: three length loads),
// and only then the context-switch implementation (`should_yield`), so
// `ctx-every-n` still counts only the safe points at which another thread
// waits, as before. Measured in docs/performance.md ("Session 5").

// Note [The nothing-can-run fallback]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// When no thread can run and none sleeps, `schedule` runs a major
// collection, which resurrects the unreachable blocked threads (Note
// [Blocked threads are weak] in threads.rs). If that wakes nothing, GHC's
// non-threaded RTS (Schedule.c, scheduleDetectDeadlock) throws
// NonTermination to the main thread alone, for every reason it can be
// blocked (MVar, blackhole, throwTo, STM), ignoring its mask; any other
// blocked thread keeps waiting and may be woken later by main.
// `break_deadlock` does the same. One step of GHC's is left out on
// purpose: when the program has a Haskell signal handler installed (every
// POSIX program does, the top handler's ^C handler), GHC first waits for
// a signal, so by default such a program hangs until ^C; GHC throws
// NonTermination only under `+RTS --install-signal-handlers=no` (what the
// corpus programs deadlock_fallback_* are recorded with) or where there are
// no signals. hsrts throws at once either way: it keeps every entered CAF
// alive, so it reaches this point in some programs whose blocked threads
// GHC's collector finds dead, and hanging there would be worse than a
// `<<loop>>` (docs/design/scheduler.md, "Remaining differences").

// Note [Blackhole waiters queue on the owner]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A thread that enters another thread's BLACKHOLE blocks until that
// thunk is updated (or restored by an asynchronous exception). Only the
// owner, the thread whose update frame holds the blackhole, can do that,
// and only while it runs; so, as GHC queues the waiter on the owner's
// blocking queue (MSG_BLACKHOLE), the waiter goes on its owner's
// `Thread::blackhole_queue`, and the owner's queue is looked at when the
// owner stops running (`park`: it blocks, yields or is switched out;
// `finish_current`: it ends, after every update frame of its was popped).
// The waiters whose blackhole is no longer a BLACKHOLE go to the run
// queue, the others stay queued. Nothing is polled at scheduling
// decisions any more except waiters whose owner could not be found
// (`Sched::blackhole_waiters`; e.g. an owner suspended under a foreign
// call's callback, embed.rs). The owner is found when the waiter blocks
// by looking for the update frame among the parked threads' stacks
// (`blackhole_owner`), so blocking on a blackhole costs a scan of the
// parked stacks; GHC reads it from the blackhole's indirectee, which would
// need a pointer to the owner's TSO in the BLACKHOLE and so a write
// barrier when a thunk is blackholed (not done). A waiter is woken when
// its owner next stops rather than at the update itself; the waiter could
// not run before that anyway, as the owner holds the processor; only its
// place in the run queue can differ from GHC's. `Sched::blackhole_waiting`
// counts all blackhole waiters, so a running owner still offers the
// processor at safe points (as it did when waiters were polled).

// Note [Time budget]
// ~~~~~~~~~~~~~~~~~~
// A browser page freezes while wasm code runs: timers, input and painting
// wait for the call to return. `run_for(budget)` therefore stops at a safe
// point once `budget` has passed with threads still runnable and reports
// `Progress::Yielded`; the JS FFI reactor then asks the event loop for a
// continuation (the ES module's `schedule` hook, a zero-delay timer) and
// calls `run_for` again on the next turn. The check:
// * costs one branch on `Machine::budget` per safe point when no budget is
//   set (run_until_blocked, run_main, the C API: run to completion);
// * reads the clock only every `BUDGET_CLOCK_EVERY` safe points (a host
//   call on wasm), so a budget is overrun by at most that many steps;
// * once spent, parks the running thread at the back of the run queue
//   exactly as a context switch would (`safe_point`, which marks the
//   budget `parked`), and `schedule` returns to the host instead of
//   switching. Only a park ends the run: a spent budget at the run's start
//   (a zero budget) still switches a thread in. Nothing else changes: the
//   thread resumes from its `Resume::Next` at the next run, so a budget
//   never changes what a program computes, only when the host gets
//   control back.
// Every run makes progress: a switched-in thread's first safe point is
// skipped (`fresh_slice`), so even a zero budget runs at least one step.

use std::cmp::Reverse;
use std::time::{Duration, Instant};

use bytecode::Rep;

use super::concurrency::BlockOn;
use super::threads::{
    self, NO_THREAD, PendingThrow, Resume, STATUS_DIED, Status, TSO_SLOT, TSO_STATUS, Thread,
    UNMASKED,
};
use super::{Frame, Machine, NO_LAYOUT, Next, State, internal};
use crate::builtins;
use crate::heap::stable_ptr::StablePtr;
use crate::heap::tso;
use crate::interp::{Exit, RunError};
use crate::word::{ClosurePtr, Word};

/// How [`Machine::run_until_blocked`] stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// `exit#` ran or the main thread (if any) finished: the program is over.
    Exited(Exit),
    /// No thread can run now. `threads`: how many are alive (blocked on
    /// MVars, blackholes, or sleeping); `next_timer`: the earliest
    /// sleeper's deadline (call again then).
    Idle {
        threads: usize,
        next_timer: Option<Instant>,
    },
    /// [`run_for`](Machine::run_for)'s budget ran out while threads could
    /// still run: call again soon, after letting the host's other work
    /// (e.g. the JavaScript event loop) run. `threads`: how many are alive.
    Yielded { threads: usize },
}

/// How many safe points pass between clock reads of a time budget (Note
/// [Time budget]).
const BUDGET_CLOCK_EVERY: u32 = 1024;

/// A running `run_for`'s time budget (Note [Time budget]).
#[derive(Debug)]
pub(super) struct Budget {
    deadline: Instant,
    /// Safe points left before the next clock read.
    countdown: u32,
    spent: bool,
    /// A safe point parked the running thread because the budget is
    /// spent: `schedule` returns to the host.
    parked: bool,
}

impl Budget {
    fn new(budget: Duration) -> Self {
        let now = Instant::now();
        Budget {
            deadline: now
                .checked_add(budget)
                .unwrap_or(now + Duration::from_secs(86_400)),
            countdown: BUDGET_CLOCK_EVERY,
            spent: budget.is_zero(),
            parked: false,
        }
    }

    /// Whether the budget is over (noticed within `BUDGET_CLOCK_EVERY`
    /// calls).
    #[inline]
    fn is_spent(&mut self) -> bool {
        if !self.spent {
            self.countdown -= 1;
            if self.countdown == 0 {
                self.countdown = BUDGET_CLOCK_EVERY;
                self.spent = Instant::now() >= self.deadline;
            }
        }
        self.spent
    }
}

/// An MVar the host holds (through a stable pointer, so the collector
/// keeps it and threads blocked on it are never reported as deadlocked).
#[derive(Debug)]
pub struct HostMVar(StablePtr);

/// The longest the scheduler sleeps at once while waiting for a timer, so
/// a user interrupt is noticed promptly.
const SLEEP_SLICE: Duration = Duration::from_millis(20);

/// At most this many finished threads' stacks are kept for reuse...
const MAX_SPARE_STATES: usize = 64;
/// ... each holding at most this many words of vector capacity (a thread
/// that recursed deeply gives its memory back).
const MAX_SPARE_STATE_WORDS: usize = 4096;

impl<'a> Machine<'a> {
    pub(super) fn with_chaos(mut self) -> Self {
        self.chaos = self
            .config
            .chaos_switch
            .map(|(seed, odds)| crate::flags::chaos::ChaosSwitch::new(seed, odds));
        self
    }

    /// Makes the next safe point switch threads ("context switch soon").
    pub(super) fn ctx_request(&mut self) {
        self.ensure_ctx().request();
    }

    /// The context switch, created with the first forked thread.
    fn ensure_ctx(&mut self) -> &mut rts_features::ctx::ContextSwitch {
        let cfg = self.config.ctx;
        self.ctx
            .get_or_insert_with(|| rts_features::ctx::ContextSwitch::new(&cfg))
    }

    // ------------------------------------------------------ thread life

    /// A new TSO for thread `id` (a GC point: everything live must be a root).
    fn new_tso(&mut self, id: u64) -> Result<ClosurePtr, RunError> {
        let words = 1 + (tso::TSO_PTRS + tso::TSO_NPTRS) as usize;
        let p = self.alloc(words)?;
        // SAFETY: a fresh closure of `words` words, filled completely.
        unsafe {
            p.set_info(&builtins::TSO);
            for i in 0..words - 1 {
                p.set_payload(i, 0);
            }
            p.set_payload(tso::TSO_ID, id as Word);
        }
        Ok(p)
    }

    fn add_thread(&mut self, tso: ClosurePtr, id: u64, mask: u8, st: State) -> usize {
        let slot = self.sched.insert(Thread::new(id, tso, mask, st));
        // SAFETY: a live TSO; a non-pointer field.
        unsafe { tso.set_payload(TSO_SLOT, slot as Word + 1) };
        slot
    }

    /// Makes the thread that runs `first` the main thread (`run`).
    pub(super) fn start_main_thread(&mut self, first: Next) -> Result<Next, RunError> {
        let args = std::mem::take(&mut self.st.args);
        self.drop_threads();
        self.st.args = args;
        self.st.frames.push(Frame::Stop);
        let mut first = first;
        let mut held = None;
        threads::visit_next(&mut first, &mut |p| held = Some(*p));
        if let Some(p) = held {
            self.host_roots.push(p);
        }
        let id = self.sched.next_id;
        self.sched.next_id += 1;
        let tso = self.new_tso(id)?;
        if held.is_some() {
            let p = self.host_roots.pop().unwrap_or(ClosurePtr::NULL);
            threads::visit_next(&mut first, &mut |q| *q = p);
        }
        // The running thread's entry holds an empty state (Note [Cheap
        // switches]).
        let slot = self.add_thread(tso, id, UNMASKED, State::default());
        self.sched.current = slot;
        self.sched.main = slot;
        Ok(first)
    }

    /// Forgets every thread (the end of a run: other threads are dropped,
    /// as in GHC when main returns). Keeps `rets`.
    pub(super) fn drop_threads(&mut self) {
        let next_id = self.sched.next_id;
        self.sched = threads::Sched::default();
        self.sched.next_id = next_id;
        self.st = State::default();
        self.host_roots.clear();
    }

    /// A new runnable thread (at the back of the run queue) applying the IO
    /// action `action` to `args` and the `World#` token. Returns its TSO.
    pub(super) fn fork_thread(
        &mut self,
        action: ClosurePtr,
        args: &[ClosurePtr],
        mask: u8,
    ) -> Result<ClosurePtr, RunError> {
        self.ensure_ctx();
        let id = self.sched.next_id;
        self.sched.next_id += 1;
        // The action and its arguments are roots while the TSO is
        // allocated (a GC point), and are read back from there after.
        let base = self.host_roots.len();
        self.host_roots.push(action);
        self.host_roots.extend_from_slice(args);
        let tso = match self.new_tso(id) {
            Ok(tso) => tso,
            Err(e) => {
                self.host_roots.truncate(base);
                return Err(e);
            }
        };
        let st = self.sched.spare_states.pop().unwrap_or_default();
        let slot = self.add_thread(tso, id, mask, st);
        let held = &self.host_roots[base..];
        let t = self
            .sched
            .get_mut(slot)
            .ok_or_else(|| internal("new thread vanished"))?;
        t.st.frames.push(Frame::Stop);
        t.st.args
            .extend(held[1..].iter().map(|p| (Rep::Ptr, p.to_word())));
        t.st.args.push((Rep::Void, 0));
        t.resume = Some(Resume::Next(Next::Apply(held[0])));
        self.host_roots.truncate(base);
        self.sched.run_queue.push_back(slot);
        Ok(tso)
    }

    /// Moves the running thread's stack into its table entry.
    fn park(&mut self) -> Result<(), RunError> {
        // Note [Lazy blackholing] in machine.rs.
        self.thread_paused();
        // Swapped, not moved (Note [Cheap switches]): the entry holds the
        // empty state `switch_to` left there, so nothing is built or dropped.
        let current = self.sched.current;
        let t = self
            .sched
            .get_mut(current)
            .ok_or_else(|| internal("no running thread"))?;
        std::mem::swap(&mut self.st, &mut t.st);
        // Note [Blackhole waiters queue on the owner]: the queue is taken
        // out (only when there is one, so its buffer is kept otherwise),
        // woken, and what still waits is put back.
        let queue =
            (!t.blackhole_queue.is_empty()).then(|| (std::mem::take(&mut t.blackhole_queue), t.id));
        self.sched.current = NO_THREAD;
        if let Some((queue, id)) = queue {
            let left = self.wake_blackhole_waiters(queue, (current, id));
            if let Some(t) = self.sched.get_mut(current) {
                t.blackhole_queue = left;
            }
        }
        Ok(())
    }

    /// Wakes the waiters in `queue` (queued on `owner`) whose blackhole
    /// has been updated or restored; returns the others still waiting on
    /// it (stale entries dropped). Note [Blackhole waiters queue on the
    /// owner].
    fn wake_blackhole_waiters(
        &mut self,
        mut queue: Vec<(usize, u64)>,
        owner: (usize, u64),
    ) -> Vec<(usize, u64)> {
        queue.retain(|&(w, wid)| {
            let Some(t) = self.sched.get_mut(w) else {
                return false;
            };
            let Status::BlockedBlackhole(p) = t.status else {
                return false;
            };
            if t.id != wid || t.blackhole_owner != Some(owner) {
                return false;
            }
            if !Self::blackhole_done(p) {
                return true;
            }
            t.status = Status::Runnable;
            t.resume = Some(Resume::Next(Next::Enter(p)));
            t.blackhole_owner = None;
            self.sched.blackhole_waiting -= 1;
            self.sched.run_queue.push_back(w);
            false
        });
        queue
    }

    /// The running thread ended (`code`: finished or died).
    pub(super) fn finish_current(&mut self, code: Word) -> Next {
        let slot = self.sched.current;
        // The entry's empty state becomes the machine's: finishing builds
        // no `State` (its `cold` part is a box).
        let mut empty = None;
        if let Some(t) = self.sched.threads.get_mut(slot).and_then(Option::take) {
            empty = Some(t.st);
            // SAFETY: a live TSO; non-pointer fields.
            unsafe {
                t.tso.set_payload(TSO_SLOT, 0);
                t.tso.set_payload(TSO_STATUS, code);
            }
            self.sched.free.push(slot);
            for p in t.pending {
                if let Some((s, id)) = p.thrower {
                    self.release_thrower(s, id);
                }
            }
            if !t.blackhole_queue.is_empty() {
                // Every update frame of its is gone, so every blackhole it
                // owned is updated or restored (Note [Blackhole waiters
                // queue on the owner]); any waiter left is polled.
                let left = self.wake_blackhole_waiters(t.blackhole_queue, (slot, t.id));
                for (w, _) in left {
                    if let Some(wt) = self.sched.get_mut(w) {
                        wt.blackhole_owner = None;
                    }
                    self.sched.blackhole_waiters.push(w);
                }
            }
        }
        let mut st = std::mem::replace(&mut self.st, empty.unwrap_or_default());
        if self.sched.spare_states.len() < MAX_SPARE_STATES
            && st.capacity_words() <= MAX_SPARE_STATE_WORDS
        {
            st.clear();
            self.sched.spare_states.push(st);
        }
        self.sched.current = NO_THREAD;
        Next::Schedule
    }

    /// A forked thread failed with `e` and no handler: it dies and the
    /// program goes on; on the main thread the error ends the run.
    pub(super) fn thread_died(&mut self, e: RunError) -> Result<Next, RunError> {
        let current = self.sched.current;
        if current == NO_THREAD || current == self.sched.main {
            return Err(e);
        }
        match e {
            RunError::Uncaught
            | RunError::NonTermination
            | RunError::StackOverflow { .. }
            | RunError::HeapOverflow => Ok(self.finish_current(STATUS_DIED)),
            e => Err(e),
        }
    }

    // ----------------------------------------------------------- blocking

    /// Stops the running thread for `on` (its frames are already
    /// suspended) and returns to the scheduler.
    pub(super) fn block_current(&mut self, on: BlockOn) -> Result<Next, RunError> {
        let slot = self.sched.current;
        self.st.args.clear();
        let interruptible = !matches!(on, BlockOn::Yield | BlockOn::Blackhole(_));
        let t = self.cur_thread_mut()?;
        if interruptible && t.mask == threads::MASKED_INTERRUPTIBLE && !t.pending.is_empty() {
            // An interruptible operation delivers what waits for us.
            if let Some(n) = self.deliver_own_pending() {
                return Ok(n);
            }
        }
        match on {
            BlockOn::MVar { mvar, op, value } => {
                // One look-up for both (`enqueue` neither allocates nor
                // reads the status).
                let t = self.cur_thread_mut()?;
                t.status = Status::BlockedMVar(op);
                let tso = t.tso;
                self.enqueue(mvar, tso, value);
            }
            BlockOn::Sleep(deadline) => {
                let seq = self.sched.timer_seq;
                self.sched.timer_seq += 1;
                self.sched.timers.push(Reverse((deadline, seq, slot)));
                self.cur_thread_mut()?.status = Status::Sleeping(seq);
            }
            BlockOn::Yield => {
                let t = self.cur_thread_mut()?;
                t.status = Status::Runnable;
                t.resume = Some(Resume::Unit);
                self.sched.run_queue.push_back(slot);
            }
            BlockOn::ThrowTo { target, exc } => {
                let id = self.cur()?.id;
                let tt = self
                    .sched
                    .get_mut(target)
                    .ok_or_else(|| internal("throwTo to an empty slot"))?;
                tt.pending.push_back(PendingThrow {
                    exc,
                    thrower: Some((slot, id)),
                });
                self.cur_thread_mut()?.status = Status::BlockedThrowTo(target);
            }
            BlockOn::Blackhole(p) => {
                // Note [Blackhole waiters queue on the owner].
                let owner = self.blackhole_owner(p);
                let t = self.cur_thread_mut()?;
                t.status = Status::BlockedBlackhole(p);
                t.blackhole_owner = owner;
                let id = t.id;
                self.sched.blackhole_waiting += 1;
                match owner.and_then(|o| self.sched.same_thread_mut(o)) {
                    Some(o) => o.blackhole_queue.push((slot, id)),
                    None => self.sched.blackhole_waiters.push(slot),
                }
            }
        }
        self.park()?;
        Ok(Next::Schedule)
    }

    /// The thread (slot, id) whose update frame owns the blackhole `p`,
    /// among the parked threads (the running thread's own frames were
    /// checked by `enter_blackhole`). Note [Blocked threads are weak].
    fn blackhole_owner(&self, p: ClosurePtr) -> Option<(usize, u64)> {
        let p = p.untagged().addr();
        self.sched
            .threads
            .iter()
            .enumerate()
            .find_map(|(slot, t)| {
                let t = t.as_ref()?;
                t.st.frames
                    .iter()
                    .any(|f| matches!(f, Frame::Update { updatee, .. } if updatee.untagged().addr() == p))
                    .then_some((slot, t.id))
            })
    }

    /// Wakes a thread blocked on an MVar with the operation's result
    /// (`Resume::Unit` or `Resume::Value`).
    pub(super) fn wake_with(&mut self, slot: usize, result: Resume) -> Result<(), RunError> {
        let t = self
            .sched
            .get_mut(slot)
            .ok_or_else(|| internal("waking an empty slot"))?;
        t.status = Status::Runnable;
        t.resume = Some(result);
        self.sched.run_queue.push_back(slot);
        Ok(())
    }

    /// Raises `exc` in the (not running) thread `slot` now, taking it off
    /// whatever it waits on.
    pub(super) fn deliver_async(&mut self, slot: usize, exc: ClosurePtr) -> Result<(), RunError> {
        self.capture_interrupted(slot); // freeze.rs: the step `exc` replaces
        let (status, tso, id) = {
            let t = self
                .sched
                .get_mut(slot)
                .ok_or_else(|| internal("exception to an empty slot"))?;
            (
                std::mem::replace(&mut t.status, Status::Runnable),
                t.tso,
                t.id,
            )
        };
        match status {
            Status::Runnable => {
                if let Some(t) = self.sched.get_mut(slot) {
                    t.resume = Some(Resume::Next(Next::RaiseAsync(exc)));
                }
                return Ok(());
            }
            Status::BlockedMVar(_) => {
                // SAFETY: a thread blocked on an MVar has it in its TSO.
                let mvar = unsafe { tso.payload_ptr(threads::TSO_MVAR) };
                if !mvar.is_null() {
                    self.unlink(mvar, tso);
                }
            }
            Status::Sleeping(_) => {}
            Status::BlockedThrowTo(target) => {
                if let Some(tt) = self.sched.get_mut(target) {
                    tt.pending.retain(|p| p.thrower != Some((slot, id)));
                }
            }
            Status::BlockedBlackhole(_) => {
                self.sched.blackhole_waiting -= 1;
                let owner = self.sched.get(slot).and_then(|t| t.blackhole_owner);
                match owner.and_then(|o| self.sched.same_thread_mut(o)) {
                    Some(o) => o.blackhole_queue.retain(|&(w, _)| w != slot),
                    None => self.sched.blackhole_waiters.retain(|s| *s != slot),
                }
            }
        }
        if let Some(t) = self.sched.get_mut(slot) {
            t.resume = Some(Resume::Next(Next::RaiseAsync(exc)));
        }
        self.sched.run_queue.push_back(slot);
        Ok(())
    }

    /// After a collection: throw to the threads it found unreachable, as
    /// GHC's `resurrectThreads` does: BlockedIndefinitelyOnMVar to MVar
    /// waiters, NonTermination to blackhole waiters, nothing to threads in
    /// throwTo (their target was resurrected too; it carries on, and they
    /// are released when it unmasks or ends). Blackhole waiters go first,
    /// and a waiter whose owner was resurrected earlier in the same round
    /// gets nothing (GHC: the owner's exception updates the blackhole and
    /// wakes it; here the owner restores the thunk and wakes its queue
    /// when it stops). Matches GHC
    /// 9.0.2 on tests/programs/deadlock_blackhole_{owner,cycle} and
    /// deadlock_throwto_masked.
    pub(super) fn resurrect_threads(&mut self) -> Result<(), RunError> {
        let mut dead = std::mem::take(&mut self.sched.resurrected);
        if dead.is_empty() {
            return Ok(());
        }
        let waiting_on_blackhole = |sched: &threads::Sched, s: usize| {
            matches!(
                sched.get(s).map(|t| &t.status),
                Some(Status::BlockedBlackhole(_))
            )
        };
        dead.sort_by_key(|&s| (!waiting_on_blackhole(&self.sched, s), s));
        let mut thrown: Vec<(usize, u64)> = Vec::new();
        for &slot in &dead {
            let Some(t) = self.sched.get(slot) else {
                continue;
            };
            let exc = match t.status {
                Status::BlockedMVar(_) => self
                    .excs
                    .blocked_mvar
                    .ok_or_else(|| internal("GHC.Exception.blockedIndefinitelyOnMVar missing"))?,
                Status::BlockedBlackhole(_) => {
                    if t.blackhole_owner.is_some_and(|o| thrown.contains(&o)) {
                        continue;
                    }
                    self.excs
                        .non_termination
                        .ok_or_else(|| internal("NonTermination missing"))?
                }
                Status::BlockedThrowTo(_) | Status::Runnable | Status::Sleeping(_) => continue,
            };
            thrown.push((slot, t.id));
            self.deliver_async(slot, exc)?;
        }
        Ok(())
    }

    // -------------------------------------------------------- safe points

    /// Whether the step about to run should go through `safe_point`.
    /// Inlined at every call, return and heap-check site: in the common
    /// cases it is a few loads and one branch (Note [Cheap safe points]).
    #[inline(always)]
    pub(super) fn at_safe_point(&mut self) -> bool {
        if self.fresh_slice | self.budget.is_some() | self.chaos.is_some() {
            return self.at_safe_point_in_full();
        }
        if rts_features::intr::pending() {
            return true;
        }
        if self.sched.run_queue.is_empty()
            & self.sched.timers.is_empty()
            & (self.sched.blackhole_waiting == 0)
        {
            return false;
        }
        match &mut self.ctx {
            Some(c) => c.should_yield(),
            None => false,
        }
    }

    /// `at_safe_point` with every condition, in their order: the first
    /// safe point of a slice, a time budget or `--chaos-switch`.
    #[inline(never)]
    fn at_safe_point_in_full(&mut self) -> bool {
        if self.fresh_slice {
            self.fresh_slice = false;
            return false;
        }
        if rts_features::intr::pending() {
            return true;
        }
        if let Some(b) = &mut self.budget
            && b.is_spent()
        {
            return true;
        }
        let others = !self.sched.run_queue.is_empty()
            || !self.sched.timers.is_empty()
            || self.sched.blackhole_waiting != 0;
        if !others {
            return false;
        }
        let chaos = self.chaos.as_mut().is_some_and(|c| c.should_switch());
        chaos || self.ctx.as_mut().is_some_and(|c| c.should_yield())
    }

    /// A safe point that asked for attention: deliver a user interrupt,
    /// switch threads, or go on with `next`.
    pub(super) fn safe_point(&mut self, next: Next) -> Result<Option<Next>, RunError> {
        if rts_features::intr::pending() {
            rts_features::intr::acknowledge();
            if let Some(n) = self.interrupt_main()? {
                return Ok(Some(n));
            }
            if !self.at_safe_point() {
                return self.step_after_safe_point(next);
            }
        }
        let slot = self.sched.current;
        let t = self.cur_thread_mut()?;
        t.status = Status::Runnable;
        t.resume = Some(Resume::Next(next));
        self.park()?;
        self.sched.run_queue.push_back(slot);
        if let Some(b) = &mut self.budget {
            b.parked = b.spent;
        }
        Ok(Some(Next::Schedule))
    }

    fn step_after_safe_point(&mut self, next: Next) -> Result<Option<Next>, RunError> {
        match next {
            Next::Enter(p) => self.enter(p).map(Some),
            Next::Apply(f) => self.apply(f).map(Some),
            n => Ok(Some(n)),
        }
    }

    /// Throws UserInterrupt to the main thread; if that is the running
    /// thread and it is unmasked, returns the step raising it.
    fn interrupt_main(&mut self) -> Result<Option<Next>, RunError> {
        let Some(exc) = self.excs.user_interrupt else {
            return Ok(None);
        };
        self.throw_to_main(exc)
    }

    /// After a collection that left more live data than `-M`: throws
    /// HeapOverflow to the main thread, as GHC's `scheduleDoGC` does (to
    /// the top handler's thread, whichever thread ran out; that thread
    /// carries on). With no main thread (embedded) the running thread gets
    /// it as `RunError::HeapOverflow`, as before; so does an unmasked main
    /// thread that is running (it raises at its allocation). Note [Heap
    /// overflow goes to the main thread] in docs/design/scheduler.md.
    pub(super) fn heap_overflow_to_main(&mut self) -> Result<(), RunError> {
        let main = self.sched.main;
        let Some(exc) = self
            .program
            .heap_overflow
            .filter(|_| self.sched.get(main).is_some())
        else {
            return Err(RunError::HeapOverflow);
        };
        match self.throw_to_main(exc)? {
            Some(_) => Err(RunError::HeapOverflow),
            None => Ok(()),
        }
    }

    /// Whether a collection that left the heap over `-M` throws
    /// HeapOverflow: the first time, and then only once the program has
    /// allocated more than `-Mgrace` since the last throw (GHC's
    /// `scheduleDoGC`). In between the heap may stay over the limit.
    pub(super) fn heap_overflow_due(&mut self) -> bool {
        let allocated = self.storage.stats().allocated_bytes;
        let due = self
            .heap_overflow_thrown_at
            .is_none_or(|at| allocated - at > self.config.heap_limit_grace_bytes);
        if due {
            self.heap_overflow_thrown_at = Some(allocated);
        }
        due
    }

    /// Throws `exc` to the main thread as `throwTo` would (queued while it
    /// is masked); if that is the running thread and it is unmasked,
    /// returns the step raising it.
    fn throw_to_main(&mut self, exc: ClosurePtr) -> Result<Option<Next>, RunError> {
        let main = self.sched.main;
        let current = self.sched.current;
        let Some(t) = self.sched.get_mut(main) else {
            return Ok(None);
        };
        if main == current {
            if t.mask == UNMASKED {
                return Ok(Some(Next::RaiseAsync(exc)));
            }
            t.pending.push_back(PendingThrow { exc, thrower: None });
            return Ok(None);
        }
        let deliverable = t.mask == UNMASKED
            || (t.mask == threads::MASKED_INTERRUPTIBLE
                && matches!(
                    t.status,
                    Status::BlockedMVar(_) | Status::Sleeping(_) | Status::BlockedThrowTo(_)
                ));
        if deliverable {
            self.deliver_async(main, exc)?;
        } else {
            t.pending.push_back(PendingThrow { exc, thrower: None });
        }
        Ok(None)
    }

    // ---------------------------------------------------------- schedule

    /// Picks the next thread to run and switches to it. `None`: in
    /// embedded mode, nothing can run (see `run_until_blocked`).
    pub(super) fn schedule(&mut self) -> Result<Option<Next>, RunError> {
        if self.budget.as_ref().is_some_and(|b| b.parked) {
            // Back to the host (Note [Time budget]).
            self.idle = true;
            return Ok(None);
        }
        loop {
            if !self.sched.timers.is_empty() {
                // Only then read the clock (a host call on wasm).
                self.wake_sleepers(Instant::now());
            }
            self.poll_blackholes();
            if rts_features::intr::pending() {
                rts_features::intr::acknowledge();
                self.interrupt_main()?;
            }
            if let Some(slot) = self.sched.run_queue.pop_front() {
                return self.switch_to(slot).map(Some);
            }
            if let Some(Reverse((deadline, _, _))) = self.sched.timers.peek().copied() {
                if self.embedded {
                    self.idle = true;
                    return Ok(None);
                }
                let now = Instant::now();
                if deadline > now {
                    // Natively nanosleep; on wasm32-wasip1 std's sleep is a
                    // poll_oneoff clock subscription (docs/design/scheduler.md).
                    std::thread::sleep((deadline - now).min(SLEEP_SLICE));
                }
                continue;
            }
            if self.embedded {
                self.idle = true;
                return Ok(None);
            }
            if self.sched.live() == 0 {
                return Err(internal(
                    "no threads left and the main thread did not finish",
                ));
            }
            // Every thread waits and no timer will wake one: find the
            // unreachable ones (Note [Blocked threads are weak]).
            self.collect_garbage(true)?;
            if self.sched.run_queue.is_empty() {
                self.break_deadlock()?;
            }
            if self.sched.run_queue.is_empty() {
                return Err(internal("deadlock that no exception can break"));
            }
        }
    }

    /// Nothing can run, nothing sleeps, and the major collection just run
    /// resurrected nothing: every blocked thread can still be woken by
    /// something alive (an MVar held by a stable pointer or a CAF, a
    /// blackhole whose owner waits on such an MVar). As GHC's non-threaded
    /// RTS (`scheduleDetectDeadlock`), throw NonTermination (`<<loop>>`) to
    /// the main thread only, whatever it is blocked on (an MVar, a
    /// blackhole or a throwTo) and whatever its masking state; the other
    /// blocked threads stay blocked. Note [The nothing-can-run fallback].
    fn break_deadlock(&mut self) -> Result<(), RunError> {
        let main = self.sched.main;
        let blocked = matches!(
            self.sched.get(main).map(|t| &t.status),
            Some(Status::BlockedMVar(_) | Status::BlockedBlackhole(_) | Status::BlockedThrowTo(_))
        );
        if !blocked {
            // No main thread here to throw to (GHC: "main thread blocked
            // in a strange way"); the caller reports the deadlock.
            return Ok(());
        }
        let exc = self
            .excs
            .non_termination
            .ok_or_else(|| internal("NonTermination missing"))?;
        self.deliver_async(main, exc)
    }

    fn switch_to(&mut self, slot: usize) -> Result<Next, RunError> {
        self.sched.current = slot;
        let t = self
            .sched
            .get_mut(slot)
            .ok_or_else(|| internal("switching to an empty slot"))?;
        // Swapped (Note [Cheap switches]): `self.st` is the empty state the
        // previous thread's park or finish left; it waits in this entry.
        std::mem::swap(&mut self.st, &mut t.st);
        let resume = t.resume.take();
        if let Some(c) = &mut self.ctx {
            c.switched();
        }
        self.fresh_slice = true;
        match resume {
            Some(Resume::Next(n)) => return Ok(n),
            Some(Resume::Unit) => self.rets.clear(),
            Some(Resume::Value(p)) => {
                self.rets.clear();
                self.rets.push(p.to_word());
            }
            None => return Err(internal("a runnable thread without a resumption")),
        }
        // The return's common case (`do_return`'s first step, which is all
        // `exec` would do next) taken here: a BCO frame on top resumes at
        // once (Note [Cheap switches]).
        if let Some(Frame::Bco { layout, resume, .. }) = self.st.frames.last_mut() {
            *layout = NO_LAYOUT;
            return Ok(Next::Run(*resume));
        }
        Ok(Next::Return)
    }

    fn wake_sleepers(&mut self, now: Instant) {
        while let Some(Reverse((deadline, seq, slot))) = self.sched.timers.peek().copied() {
            if deadline > now {
                break;
            }
            self.sched.timers.pop();
            if let Some(t) = self.sched.get_mut(slot)
                && matches!(t.status, Status::Sleeping(s) if s == seq)
            {
                t.status = Status::Runnable;
                t.resume = Some(Resume::Unit);
                self.sched.run_queue.push_back(slot);
            }
        }
    }

    fn poll_blackholes(&mut self) {
        if self.sched.blackhole_waiters.is_empty() {
            return;
        }
        let waiters = std::mem::take(&mut self.sched.blackhole_waiters);
        for slot in waiters {
            let Some(t) = self.sched.get_mut(slot) else {
                continue;
            };
            match t.status {
                Status::BlockedBlackhole(p) if Self::blackhole_done(p) => {
                    t.status = Status::Runnable;
                    t.resume = Some(Resume::Next(Next::Enter(p)));
                    self.sched.blackhole_waiting -= 1;
                    self.sched.run_queue.push_back(slot);
                }
                Status::BlockedBlackhole(_) => self.sched.blackhole_waiters.push(slot),
                _ => {}
            }
        }
    }

    // ----------------------------------------------------- embedder API

    /// Runs threads until none can run (all finished, blocked or
    /// sleeping) or the program exits, then returns to the host. Start
    /// threads with [`spawn_io`](Self::spawn_io); wake them with
    /// [`try_put_host_mvar`](Self::try_put_host_mvar). Unlike
    /// [`run_main`](Self::run_main), an idle program is not a deadlock:
    /// the host may still put into its MVars.
    pub fn run_until_blocked(&mut self) -> Result<Progress, RunError> {
        self.run_embedded(None)
    }

    /// [`run_until_blocked`](Self::run_until_blocked) that also returns
    /// once `budget` has passed with threads still runnable:
    /// [`Progress::Yielded`], and the next call goes on where this one
    /// stopped (Note [Time budget]). The JS FFI reactor uses it so that a
    /// long computation does not freeze the page.
    pub fn run_for(&mut self, budget: Duration) -> Result<Progress, RunError> {
        self.run_embedded(Some(budget))
    }

    fn run_embedded(&mut self, budget: Option<Duration>) -> Result<Progress, RunError> {
        self.embedded = true;
        self.idle = false;
        self.budget = budget.map(Budget::new);
        let r = self.exec(Next::Schedule);
        let parked = self.budget.take().is_some_and(|b| b.parked);
        if self.idle {
            self.idle = false;
            if parked {
                return r.map(|_| Progress::Yielded {
                    threads: self.sched.live(),
                });
            }
            let next_timer = self.sched.timers.peek().map(|Reverse((d, _, _))| *d);
            return r.map(|_| Progress::Idle {
                threads: self.sched.live(),
                next_timer,
            });
        }
        let exit = r?;
        self.drop_threads();
        Ok(Progress::Exited(exit))
    }

    /// Starts a thread running the IO action `f a1 .. an` (each `ai` a
    /// closure; e.g. a host MVar from [`host_mvar_closure`]
    /// (Self::host_mvar_closure)). It runs at the next
    /// [`run_until_blocked`](Self::run_until_blocked). Returns its thread
    /// number.
    pub fn spawn_io(&mut self, f: ClosurePtr, args: &[ClosurePtr]) -> Result<u64, RunError> {
        if self.sched.current != NO_THREAD {
            return Err(internal("spawn_io while a thread is running"));
        }
        let tso = self.fork_thread(f, args, UNMASKED)?;
        // SAFETY: a live TSO.
        Ok(unsafe { tso.payload(tso::TSO_ID) })
    }

    /// A new empty MVar held by the host.
    pub fn new_host_mvar(&mut self) -> Result<HostMVar, RunError> {
        let m = self.alloc(4)?;
        // SAFETY: a fresh 4-word MVAR: empty queue, no value.
        unsafe {
            m.set_info(&builtins::MVAR_CLEAN);
            for i in 0..3 {
                m.set_payload(i, 0);
            }
        }
        Ok(HostMVar(self.storage.new_stable_ptr(m)))
    }

    /// The host MVar's closure (valid until the next allocation).
    pub fn host_mvar_closure(&self, m: &HostMVar) -> Result<ClosurePtr, RunError> {
        self.storage
            .deref_stable_ptr(m.0)
            .map_err(|e| internal(format!("host MVar: {e:?}")))
    }

    /// `hs_try_putmvar`: puts `value` if the MVar is empty (waking its
    /// first taker, and any readers); false if it was full.
    pub fn try_put_host_mvar(&mut self, m: &HostMVar, value: ClosurePtr) -> Result<bool, RunError> {
        let mvar = self.host_mvar_closure(m)?;
        // SAFETY: a live MVAR.
        if unsafe { mvar.payload(threads::MVAR_VALUE) } != 0 {
            return Ok(false);
        }
        self.mvar_put_empty(mvar, value)?;
        Ok(true)
    }

    /// Takes the host MVar's value, if full (the first blocked putter, if
    /// any, refills it and wakes).
    pub fn try_take_host_mvar(&mut self, m: &HostMVar) -> Result<Option<ClosurePtr>, RunError> {
        let mvar = self.host_mvar_closure(m)?;
        // SAFETY: a live MVAR.
        let v = unsafe { mvar.payload(threads::MVAR_VALUE) };
        if v == 0 {
            return Ok(None);
        }
        self.mvar_after_take(mvar)?;
        Ok(Some(ClosurePtr::from_word(v)))
    }

    /// Releases a host MVar.
    pub fn free_host_mvar(&mut self, m: HostMVar) {
        let _ = self.storage.free_stable_ptr(m.0);
    }

    /// How many threads are alive (running, runnable or blocked).
    pub fn live_threads(&self) -> usize {
        self.sched.live()
    }
}
