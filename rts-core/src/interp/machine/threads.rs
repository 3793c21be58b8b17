//! The thread table: one [`Thread`] per live green thread (its Rust-side
//! stack, its heap TSO, why it waits, how it resumes, its masking state and
//! the asynchronous exceptions waiting for it), the run queue and the timer
//! queue ([`Sched`]), and the collector's view of all of it ([`AllRoots`]):
//! which threads are roots and which are reachable only through what they
//! wait on (Note [Blocked threads are weak]). The scheduling loop is in
//! `scheduler.rs`, the primops in `concurrency.rs`; design in
//! docs/design/scheduler.md.

// Note [Blocked threads are weak]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// Deadlock detection (Note [Unreachable threads] in gc/mod.rs) follows
// GHC: a blocked thread is not a root. It is alive exactly when something
// alive can still wake it, i.e. in GHC's heap graph:
//
// * blocked on an MVar: when its TSO is reached (the MVar's wait queue is
//   a chain of TSOs in the heap, so through the MVar; or through its
//   ThreadId held elsewhere);
// * blocked on a blackhole: when its TSO is reached or the blackhole's
//   owner (the thread whose update frame holds it) is alive. As in GHC
//   the waiter is queued on its owner (`Thread::blackhole_queue`, Note
//   [Blackhole waiters queue on the owner] in scheduler.rs); the BLACKHOLE
//   does not name its owner, so the owner is found when the waiter blocks
//   (`Thread::blackhole_owner`) and the edge is followed here. A waiter
//   whose blackhole has already been updated (it wakes when its owner
//   stops running) or whose owner is unknown is treated as a root;
// * in throwTo: when its TSO is reached or its target is alive (GHC keeps
//   the message on the target's blocked-exceptions queue).
//
// And an alive thread keeps alive what it waits on: its MVar (the TSO's
// TSO_BLOCK_INFO field), the owner of its blackhole, its throwTo target.
// Runnable and sleeping threads are roots (run queue, timer queue).
//
// Our stacks live outside the heap (Note [The stack lives outside the
// heap]), so the collector cannot trace a reached TSO's stack by itself:
// `visit_roots` traces the roots' stacks, and `trace_reached_threads`
// (called by the collector after each fixpoint until nothing changes)
// marks the blocked threads that have become alive by the rules above,
// traces their stacks and follows their thread-to-thread edges. The rest
// are resurrected through `visit_weak_threads`, their stacks traced in one
// more round, and `resurrect_threads` in scheduler.rs throws to them.
// Nothing is copied into the heap when a thread blocks, and nothing when it
// wakes (session 3 froze a blocked thread's root words into a heap array
// per blocking MVar operation).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::time::Instant;

use bytecode::Rep;

use super::{ColdState, Frame, NO_LAYOUT, Next, State};
use crate::RootVisitor;
use crate::closure::PapArgs;
use crate::gc::ThreadTracer;
use crate::heap::tso;
use crate::info::{ClosureType, InfoTable};
use crate::loader::Program;
use crate::word::{ClosurePtr, Word};

/// Masking states (`getMaskingState#`'s numbers).
pub(super) const UNMASKED: u8 = 0;
pub(super) const MASKED_INTERRUPTIBLE: u8 = 1;
pub(super) const MASKED_UNINTERRUPTIBLE: u8 = 2;

/// `threadStatus#` numbers: GHC's (its `BlockedStatus` codes for a live
/// thread, 16 and 17 for an ended one), which the library's
/// `GHC.Conc.threadStatus` decodes as GHC's does. The ended ones are also
/// kept in a dead TSO's TSO_WHAT_NEXT.
pub(super) const STATUS_RUNNING: Word = 0;
pub(super) const STATUS_BLOCKED_MVAR: Word = 1;
pub(super) const STATUS_BLOCKED_BLACKHOLE: Word = 2;
pub(super) const STATUS_BLOCKED_DELAY: Word = 5;
pub(super) const STATUS_BLOCKED_THROWTO: Word = 12;
pub(super) const STATUS_BLOCKED_MVAR_READ: Word = 14;
pub(super) const STATUS_FINISHED: Word = 16;
pub(super) const STATUS_DIED: Word = 17;

/// A live TSO's TSO_FLAGS holds its thread-table slot plus one (0: dead).
pub(super) const TSO_SLOT: usize = tso::TSO_FLAGS;
/// A dead TSO's final status.
pub(super) const TSO_STATUS: usize = tso::TSO_WHAT_NEXT;
/// The MVar a blocked thread waits on.
pub(super) const TSO_MVAR: usize = tso::TSO_BLOCK_INFO;
/// The value a thread blocked in putMVar# is putting.
pub(super) const TSO_PUT_VALUE: usize = tso::TSO_BQ;

/// MVAR payload words.
pub(super) const MVAR_HEAD: usize = 0;
pub(super) const MVAR_TAIL: usize = 1;
pub(super) const MVAR_VALUE: usize = 2;

/// What an MVar waiter does when it is served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MVarOp {
    Take,
    Read,
    Put,
}

#[derive(Debug)]
pub(super) enum Status {
    Runnable,
    /// On an MVar's wait queue (Note [Blocked threads are weak]).
    BlockedMVar(MVarOp),
    /// Entered a blackhole another thread is evaluating; polled by the
    /// scheduler until it is updated.
    BlockedBlackhole(ClosurePtr),
    /// In `throwTo` to the thread in this slot, which has masked
    /// asynchronous exceptions.
    BlockedThrowTo(usize),
    /// In `threadDelay`; the timer entry with this sequence number wakes it.
    Sleeping(u64),
}

impl Status {
    /// This state's `threadStatus#` number (GHC's `why_blocked` code).
    pub(super) fn ghc_code(&self) -> Word {
        match self {
            Status::Runnable => STATUS_RUNNING,
            Status::BlockedMVar(MVarOp::Take | MVarOp::Put) => STATUS_BLOCKED_MVAR,
            Status::BlockedMVar(MVarOp::Read) => STATUS_BLOCKED_MVAR_READ,
            Status::BlockedBlackhole(_) => STATUS_BLOCKED_BLACKHOLE,
            Status::BlockedThrowTo(_) => STATUS_BLOCKED_THROWTO,
            Status::Sleeping(_) => STATUS_BLOCKED_DELAY,
        }
    }
}

/// How a parked thread continues.
#[derive(Debug)]
pub(super) enum Resume {
    /// Go on with this step (preempted at a function entry / evaluation,
    /// a new thread's first application, an exception to raise).
    Next(Next),
    /// Return nothing to the top frame (a blocking primop with no
    /// results: `putMVar#`, `yield#`, `delay#`, `killThread#`).
    Unit,
    /// Return this pointer to the top frame (`takeMVar#`, `readMVar#`).
    /// One variant per shape, so waking allocates nothing.
    Value(ClosurePtr),
}

/// An asynchronous exception waiting for its target to unmask.
#[derive(Debug)]
pub(super) struct PendingThrow {
    pub(super) exc: ClosurePtr,
    /// The slot and id of the thread blocked in `throwTo` (none: the
    /// scheduler itself, e.g. a user interrupt).
    pub(super) thrower: Option<(usize, u64)>,
}

#[derive(Debug)]
pub(super) struct Thread {
    pub(super) id: u64,
    pub(super) tso: ClosurePtr,
    /// Its stack; empty while it runs (then it is `Machine::st`).
    pub(super) st: State,
    pub(super) status: Status,
    /// Set while parked (not running).
    pub(super) resume: Option<Resume>,
    pub(super) mask: u8,
    pub(super) pending: VecDeque<PendingThrow>,
    /// While `BlockedBlackhole`: the slot and id of the thread whose update
    /// frame owns the blackhole (`None`: not found; the waiter is then a
    /// root). Note [Blocked threads are weak].
    pub(super) blackhole_owner: Option<(usize, u64)>,
    /// The threads (slot, id) blocked on blackholes this thread owns,
    /// woken when it stops running (Note [Blackhole waiters queue on the
    /// owner] in scheduler.rs). An entry is stale unless that thread is
    /// still `BlockedBlackhole` with this thread as `blackhole_owner`.
    pub(super) blackhole_queue: Vec<(usize, u64)>,
}

impl Thread {
    pub(super) fn new(id: u64, tso: ClosurePtr, mask: u8, st: State) -> Thread {
        Thread {
            id,
            tso,
            st,
            status: Status::Runnable,
            resume: None,
            mask,
            pending: VecDeque::new(),
            blackhole_owner: None,
            blackhole_queue: Vec::new(),
        }
    }
}

/// No thread is running (between threads, or before `run`).
pub(super) const NO_THREAD: usize = usize::MAX;

/// The scheduler's state: the thread table, run queue and timers.
#[derive(Debug)]
pub(super) struct Sched {
    pub(super) threads: Vec<Option<Thread>>,
    pub(super) free: Vec<usize>,
    pub(super) run_queue: VecDeque<usize>,
    /// (deadline, sequence, slot); an entry is stale unless the slot's
    /// thread is `Sleeping` with that sequence number.
    pub(super) timers: BinaryHeap<Reverse<(Instant, u64, usize)>>,
    pub(super) timer_seq: u64,
    /// Slots of threads in `BlockedBlackhole` whose blackhole's owner is
    /// unknown: polled at every scheduling decision. The others wait in
    /// their owner's `Thread::blackhole_queue`.
    pub(super) blackhole_waiters: Vec<usize>,
    /// How many threads are in `BlockedBlackhole` (polled or queued).
    pub(super) blackhole_waiting: usize,
    pub(super) current: usize,
    pub(super) main: usize,
    pub(super) next_id: u64,
    /// Slots the last collection resurrected (Note [Blocked threads are weak]).
    pub(super) resurrected: Vec<usize>,
    /// During a collection: which slots' threads are alive (traced).
    pub(super) gc_alive: Vec<bool>,
    /// During a collection: alive threads whose thread-to-thread edges
    /// are still to be followed.
    pub(super) gc_work: Vec<usize>,
    /// During a collection: whether `trace_reached_threads` has yet to
    /// look at every thread once.
    pub(super) gc_first_round: bool,
    /// TSOs the collector reported scanned (reused buffer).
    pub(super) gc_scanned: Vec<ClosurePtr>,
    /// Stacks of finished threads, emptied, kept for new threads so a
    /// fork does not grow fresh vectors from nothing (Note [Cheap
    /// switches] in scheduler.rs).
    pub(super) spare_states: Vec<State>,
}

impl Default for Sched {
    fn default() -> Self {
        Sched {
            threads: Vec::new(),
            free: Vec::new(),
            run_queue: VecDeque::new(),
            timers: BinaryHeap::new(),
            timer_seq: 0,
            blackhole_waiters: Vec::new(),
            blackhole_waiting: 0,
            current: NO_THREAD,
            main: NO_THREAD,
            next_id: 1,
            resurrected: Vec::new(),
            gc_alive: Vec::new(),
            gc_work: Vec::new(),
            gc_first_round: false,
            gc_scanned: Vec::new(),
            spare_states: Vec::new(),
        }
    }
}

impl Sched {
    /// Puts a thread in a free slot.
    pub(super) fn insert(&mut self, t: Thread) -> usize {
        match self.free.pop() {
            Some(s) => {
                self.threads[s] = Some(t);
                s
            }
            None => {
                self.threads.push(Some(t));
                self.threads.len() - 1
            }
        }
    }

    pub(super) fn get(&self, slot: usize) -> Option<&Thread> {
        self.threads.get(slot).and_then(Option::as_ref)
    }

    pub(super) fn get_mut(&mut self, slot: usize) -> Option<&mut Thread> {
        self.threads.get_mut(slot).and_then(Option::as_mut)
    }

    /// The entry of the thread `(slot, id)` (a blackhole owner, as
    /// recorded by a waiter), if that slot still holds that thread.
    pub(super) fn same_thread_mut(&mut self, (slot, id): (usize, u64)) -> Option<&mut Thread> {
        self.get_mut(slot).filter(|t| t.id == id)
    }

    /// Number of live threads.
    pub(super) fn live(&self) -> usize {
        self.threads.len() - self.free.len()
    }
}

/// Reports every root word of a stack.
pub(super) fn visit_state(
    st: &mut State,
    program: &Program,
    visit: &mut dyn FnMut(&mut ClosurePtr),
) {
    let State {
        slots,
        frames,
        cold,
        ..
    } = st;
    let ColdState {
        args, extra, saved, ..
    } = &mut **cold;
    for f in frames.iter_mut() {
        match f {
            Frame::Bco { base, layout, .. } => {
                if *layout == NO_LAYOUT {
                    debug_assert!(false, "GC with a running frame that has no layout");
                    continue;
                }
                let l = &program.layouts[*layout as usize];
                for (wi, bits) in l.bitmap.iter().enumerate() {
                    let mut bits = *bits;
                    while bits != 0 {
                        let s = wi * 64 + bits.trailing_zeros() as usize;
                        bits &= bits - 1;
                        let w = &mut slots[*base as usize + s];
                        #[cfg(debug_assertions)]
                        debug_assert_ne!(
                            *w,
                            super::FRESH_SLOT_POISON,
                            "layout marks an unwritten slot"
                        );
                        let mut p = ClosurePtr::from_word(*w);
                        visit(&mut p);
                        *w = p.to_word();
                    }
                }
            }
            Frame::Update {
                updatee,
                info,
                saved: at,
                len,
            } => {
                visit(updatee);
                let words = &mut saved[*at as usize..(*at + *len) as usize];
                for i in 0..words.len() {
                    if saved_word_is_pointer(info, words, i) {
                        let mut p = ClosurePtr::from_word(words[i]);
                        visit(&mut p);
                        words[i] = p.to_word();
                    }
                }
            }
            Frame::Catch(p) => visit(p),
            Frame::Apply(a) => visit_args(a, visit),
            Frame::RestoreMask(_) | Frame::PrimResults | Frame::Stop => {}
        }
    }
    visit_args(args, visit);
    extra.iter_mut().for_each(visit);
}

/// Whether word `i` of a thunk's or AP's saved payload is a pointer.
pub(super) fn saved_word_is_pointer(info: &InfoTable, words: &[Word], i: usize) -> bool {
    match info.closure_type {
        ClosureType::ApStack => super::freeze::ap_stack_word_is_pointer(words, i),
        ClosureType::Ap => match i {
            0 => false,
            1 => true,
            _ => PapArgs::from_word(words[0]).is_pointer(i - 2),
        },
        _ => i < info.ptrs as usize,
    }
}

pub(super) fn visit_args(args: &mut [(Rep, Word)], visit: &mut dyn FnMut(&mut ClosurePtr)) {
    for (r, w) in args {
        if *r == Rep::Ptr {
            let mut p = ClosurePtr::from_word(*w);
            visit(&mut p);
            *w = p.to_word();
        }
    }
}

pub(super) fn visit_next(n: &mut Next, visit: &mut dyn FnMut(&mut ClosurePtr)) {
    match n {
        Next::Enter(p) | Next::Apply(p) | Next::Raise(p) | Next::RaiseAsync(p) => visit(p),
        Next::Run(_) | Next::Return | Next::Schedule => {}
    }
}

fn visit_resume(r: &mut Resume, visit: &mut dyn FnMut(&mut ClosurePtr)) {
    match r {
        Resume::Next(n) => visit_next(n, visit),
        Resume::Unit => {}
        Resume::Value(p) => visit(p),
    }
}

/// Everything the mutator holds: the running stack, the threads that are
/// roots, and the blocked ones as weak threads (Note [Blocked threads are
/// weak]).
pub(super) struct AllRoots<'a> {
    pub(super) state: &'a mut State,
    pub(super) sched: &'a mut Sched,
    pub(super) program: &'a Program,
    /// Other registers (a thread being created, host values).
    pub(super) extra: &'a mut Vec<ClosurePtr>,
}

/// Reports every root word a thread holds: its TSO, stack, resumption,
/// pending exceptions and the blackhole it waits on.
fn visit_thread(t: &mut Thread, program: &Program, visit: &mut dyn FnMut(&mut ClosurePtr)) {
    visit(&mut t.tso);
    visit_state(&mut t.st, program, visit);
    if let Some(r) = &mut t.resume {
        visit_resume(r, visit);
    }
    for p in &mut t.pending {
        visit(&mut p.exc);
    }
    if let Status::BlockedBlackhole(p) = &mut t.status {
        visit(p);
    }
}

/// Whether a thread is a root whatever else is reachable: it runs, can
/// run, or will wake by itself (a timer, an updated blackhole, a blackhole
/// whose owner we could not name).
fn is_root_thread(t: &Thread, tracer: Option<&dyn ThreadTracer>) -> bool {
    match t.status {
        Status::Runnable | Status::Sleeping(_) => true,
        Status::BlockedMVar(_) | Status::BlockedThrowTo(_) => false,
        Status::BlockedBlackhole(p) => {
            t.blackhole_owner.is_none() || tracer.is_some_and(|tr| !still_blackhole(p, tr))
        }
    }
}

/// Whether `p` (a blackhole a thread waits on) is still a BLACKHOLE, read
/// in the middle of a collection (through its copy if it was reached).
fn still_blackhole(p: ClosurePtr, tracer: &dyn ThreadTracer) -> bool {
    let now = tracer.reached(p).unwrap_or(p);
    // SAFETY: `now` is either the closure's copy or the uncopied original
    // (from-space is intact until the collection ends); both have a valid
    // info pointer. A reached IND was followed to its target.
    unsafe { now.untagged().info() }.closure_type == ClosureType::Blackhole
}

impl AllRoots<'_> {
    /// Reports every thread as a root (a context parked while a callback
    /// runs: Note [Re-entering the machine] in embed.rs).
    pub(super) fn visit_all_as_roots(&mut self, visit: &mut dyn FnMut(&mut ClosurePtr)) {
        visit_state(self.state, self.program, visit);
        self.extra.iter_mut().for_each(&mut *visit);
        for t in self.sched.threads.iter_mut().flatten() {
            visit_thread(t, self.program, visit);
        }
    }

    /// Marks slot `s` alive, traces it and queues its edges.
    fn make_alive(&mut self, s: usize, tracer: &mut dyn ThreadTracer) {
        if self.sched.gc_alive[s] {
            return;
        }
        self.sched.gc_alive[s] = true;
        if let Some(t) = self.sched.threads[s].as_mut() {
            visit_thread(t, self.program, &mut |p| tracer.trace(p));
            self.sched.gc_work.push(s);
        }
    }

    /// The live thread `(slot, id)`'s slot, if that thread still exists.
    fn live_slot(&self, (slot, id): (usize, u64)) -> Option<usize> {
        self.sched.get(slot).filter(|t| t.id == id).map(|_| slot)
    }

    /// The threads that slot `s`, being alive, keeps alive (beyond what
    /// its stack and TSO reach in the heap).
    fn edges_of(&self, s: usize, tracer: &dyn ThreadTracer, out: &mut Vec<usize>) {
        let Some(t) = self.sched.get(s) else { return };
        match t.status {
            Status::BlockedBlackhole(p) if still_blackhole(p, tracer) => {
                out.extend(t.blackhole_owner.and_then(|o| self.live_slot(o)));
            }
            Status::BlockedThrowTo(target) => out.push(target),
            _ => {}
        }
        out.extend(
            t.pending
                .iter()
                .filter_map(|p| p.thrower.and_then(|th| self.live_slot(th))),
        );
        for &(w, wid) in &t.blackhole_queue {
            if let Some(wt) = self.sched.get(w)
                && wt.id == wid
                && matches!(wt.status, Status::BlockedBlackhole(_))
                && wt.blackhole_owner == Some((s, t.id))
            {
                out.push(w);
            }
        }
    }
}

impl RootVisitor for AllRoots<'_> {
    fn visit_roots(&mut self, visit: &mut dyn FnMut(&mut ClosurePtr)) {
        visit_state(self.state, self.program, visit);
        self.extra.iter_mut().for_each(&mut *visit);
        let Sched {
            threads,
            gc_alive,
            gc_work,
            gc_first_round,
            ..
        } = &mut *self.sched;
        gc_alive.clear();
        gc_alive.resize(threads.len(), false);
        gc_work.clear();
        *gc_first_round = true;
        for (slot, t) in threads.iter_mut().enumerate() {
            if let Some(t) = t
                && is_root_thread(t, None)
            {
                gc_alive[slot] = true;
                gc_work.push(slot);
                visit_thread(t, self.program, visit);
            }
        }
    }

    fn trace_reached_threads(&mut self, tracer: &mut dyn ThreadTracer) -> bool {
        let mut traced = false;
        let mut scanned = std::mem::take(&mut self.sched.gc_scanned);
        scanned.clear();
        tracer.take_scavenged_threads(&mut scanned);
        if self.sched.gc_first_round {
            // Every blocked thread once (old TSOs a minor collection does
            // not copy, blackholes updated since the waiter blocked); after
            // that only the TSOs the collector has scanned since.
            self.sched.gc_first_round = false;
            for s in 0..self.sched.threads.len() {
                if self.sched.gc_alive[s] {
                    continue;
                }
                let Some(t) = self.sched.get(s) else { continue };
                if tracer.reached(t.tso).is_some() || is_root_thread(t, Some(&*tracer)) {
                    self.make_alive(s, tracer);
                    traced = true;
                }
            }
        } else {
            for &tso in &scanned {
                // SAFETY: a TSO the collector has just scanned; TSO_SLOT is
                // a non-pointer word (slot + 1 while the thread lives).
                let word = unsafe { tso.untagged().payload(TSO_SLOT) } as usize;
                if let Some(s) = word.checked_sub(1)
                    && !self.sched.gc_alive.get(s).copied().unwrap_or(true)
                {
                    self.make_alive(s, tracer);
                    traced = true;
                }
            }
        }
        self.sched.gc_scanned = scanned;
        let mut edges = Vec::new();
        while let Some(s) = self.sched.gc_work.pop() {
            edges.clear();
            self.edges_of(s, &*tracer, &mut edges);
            for &e in &edges {
                if !self.sched.gc_alive.get(e).copied().unwrap_or(true) {
                    self.make_alive(e, tracer);
                    traced = true;
                }
            }
        }
        traced
    }

    fn visit_weak_threads(&mut self, visit: &mut dyn FnMut(&mut ClosurePtr) -> bool) {
        let Sched {
            threads,
            resurrected,
            gc_alive,
            ..
        } = &mut *self.sched;
        for (slot, t) in threads.iter_mut().enumerate() {
            if let Some(t) = t
                && !gc_alive[slot]
                && visit(&mut t.tso)
            {
                resurrected.push(slot);
            }
        }
    }
}

impl State {
    /// Empties the stack, keeping its vectors' capacity (a finished
    /// thread's stack reused for a new one).
    pub(super) fn clear(&mut self) {
        self.slots.clear();
        self.frames.clear();
        self.args.clear();
        self.extra.clear();
        self.saved.clear();
        self.unblackholed = 0;
        self.blackhole_mark = 0;
    }

    /// Words of capacity held (a bound on what the spare pool keeps).
    pub(super) fn capacity_words(&self) -> usize {
        self.slots.capacity()
            + self.frames.capacity() * 3
            + self.args.capacity() * 2
            + self.extra.capacity()
            + self.saved.capacity()
    }
}
