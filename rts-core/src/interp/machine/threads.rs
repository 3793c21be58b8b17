//! The thread table: one [`Thread`] per live green thread (its Rust-side
//! stack, its heap TSO, why it waits, how it resumes, its masking state and
//! the asynchronous exceptions waiting for it), the run queue and the timer
//! queue ([`Sched`]), the collector's view of all of it ([`AllRoots`]), and
//! freezing a blocked thread's roots into the heap (Note [Blocked threads
//! are weak]). The scheduling loop is in `scheduler.rs`, the primops in
//! `concurrency.rs`; design in docs/design/scheduler.md.

// Note [Blocked threads are weak]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// Deadlock detection (Note [Unreachable threads] in gc/mod.rs) needs a
// thread blocked on an MVar to be reachable exactly when its MVar is: the
// MVar's wait queue is a chain of TSOs in the heap (MVAR head/tail, then
// TSO_LINK), so the collector finds the TSO through the MVar. But our
// stacks live outside the heap (Note [The stack lives outside the heap]),
// so a reachable blocked thread's *stack* would not be traced, and making
// every blocked stack a root would keep each MVar alive through the stack
// of the very thread waiting on it (deadlock never detected).
//
// So when a thread blocks on an MVar its stack's root words (exactly the
// words `visit_state` reports, in that order) are copied into a fresh
// MUT_ARR_PTRS hung off TSO_STACK ("frozen"); its Rust-side frames are kept
// but their pointer words are stale until the thread is woken, when they
// are copied back in the same order ("thawed"). While frozen, the thread's
// TSO is passed to the collector only through `visit_weak_threads`: if the
// TSO was reached (through its MVar, a ThreadId held elsewhere, ...) the
// array and so the stack are traced like any heap object; if not, the
// collector resurrects it and we throw BlockedIndefinitelyOnMVar to it.
// Threads blocked for other reasons (sleeping, on a blackhole, in
// throwTo) are roots: a sleeper will wake, and nothing in the heap records
// who waits on a blackhole or a throwTo, so they are never reported as
// deadlocked by the collector (the scheduler's fallback in
// `scheduler.rs` handles "nothing can ever run again").

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::time::Instant;

use bytecode::Rep;

use super::{Frame, NO_LAYOUT, Next, State};
use crate::RootVisitor;
use crate::closure::PapArgs;
use crate::heap::tso;
use crate::info::{ClosureType, InfoTable};
use crate::loader::Program;
use crate::word::{ClosurePtr, Word};

/// Masking states (`getMaskingState#`'s numbers).
pub(super) const UNMASKED: u8 = 0;
pub(super) const MASKED_INTERRUPTIBLE: u8 = 1;
pub(super) const MASKED_UNINTERRUPTIBLE: u8 = 2;

/// `threadStatus#` numbers, also kept in a dead TSO's TSO_WHAT_NEXT.
pub(super) const STATUS_RUNNING: Word = 0;
pub(super) const STATUS_FINISHED: Word = 1;
pub(super) const STATUS_BLOCKED: Word = 2;
pub(super) const STATUS_DIED: Word = 3;

/// A live TSO's TSO_FLAGS holds its thread-table slot plus one (0: dead).
pub(super) const TSO_SLOT: usize = tso::TSO_FLAGS;
/// A dead TSO's final status.
pub(super) const TSO_STATUS: usize = tso::TSO_WHAT_NEXT;
/// The MVar a frozen thread waits on.
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
    /// On an MVar's wait queue, frozen (Note [Blocked threads are weak]).
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
    /// Its root words are in the heap array at TSO_STACK.
    pub(super) frozen: bool,
    /// `Sched::gc_epoch` when it was frozen: if no collection ran since,
    /// its Rust-side words are still exact and thawing copies nothing.
    pub(super) frozen_epoch: u64,
}

impl Thread {
    pub(super) fn new(id: u64, tso: ClosurePtr, mask: u8) -> Thread {
        Thread {
            id,
            tso,
            st: State::default(),
            status: Status::Runnable,
            resume: None,
            mask,
            pending: VecDeque::new(),
            frozen: false,
            frozen_epoch: 0,
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
    /// Slots of threads in `BlockedBlackhole`.
    pub(super) blackhole_waiters: Vec<usize>,
    pub(super) current: usize,
    pub(super) main: usize,
    pub(super) next_id: u64,
    /// Slots the last collection resurrected (Note [Blocked threads are weak]).
    pub(super) resurrected: Vec<usize>,
    /// Collections seen so far (counted in `AllRoots::visit_roots`), so
    /// thawing knows whether a frozen stack's words may have moved.
    pub(super) gc_epoch: u64,
    /// Root words being frozen (reused, so freezing allocates no Vec).
    pub(super) scratch: Vec<Word>,
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
            current: NO_THREAD,
            main: NO_THREAD,
            next_id: 1,
            resurrected: Vec::new(),
            gc_epoch: 0,
            scratch: Vec::new(),
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

    /// Number of live threads.
    pub(super) fn live(&self) -> usize {
        self.threads.len() - self.free.len()
    }
}

/// Reports every root word of a stack, in a fixed order (the order
/// freezing and thawing rely on).
pub(super) fn visit_state(
    st: &mut State,
    program: &Program,
    visit: &mut dyn FnMut(&mut ClosurePtr),
) {
    let State {
        slots,
        frames,
        args,
        extra,
        saved,
    } = st;
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

/// Everything the mutator holds: the running stack, every thread that is
/// not frozen, and the frozen ones as weak threads.
pub(super) struct AllRoots<'a> {
    pub(super) state: &'a mut State,
    pub(super) sched: &'a mut Sched,
    pub(super) program: &'a Program,
    /// Other registers (a thread being created, host values).
    pub(super) extra: &'a mut Vec<ClosurePtr>,
}

impl RootVisitor for AllRoots<'_> {
    fn visit_roots(&mut self, visit: &mut dyn FnMut(&mut ClosurePtr)) {
        // Every collection passes here: frozen stacks may move from now on.
        self.sched.gc_epoch = self.sched.gc_epoch.wrapping_add(1);
        visit_state(self.state, self.program, visit);
        self.extra.iter_mut().for_each(&mut *visit);
        for t in self.sched.threads.iter_mut().flatten() {
            if !t.frozen {
                visit(&mut t.tso);
                visit_state(&mut t.st, self.program, visit);
            }
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
    }

    fn visit_weak_threads(&mut self, visit: &mut dyn FnMut(&mut ClosurePtr) -> bool) {
        let Sched {
            threads,
            resurrected,
            ..
        } = &mut *self.sched;
        for (slot, t) in threads.iter_mut().enumerate() {
            if let Some(t) = t
                && t.frozen
                && visit(&mut t.tso)
            {
                resurrected.push(slot);
            }
        }
    }
}

/// Replaces `out` with the root words of `st`, in `visit_state` order.
pub(super) fn root_words_into(st: &mut State, program: &Program, out: &mut Vec<Word>) {
    out.clear();
    visit_state(st, program, &mut |p| out.push(p.to_word()));
}

/// Writes the `n` words `word(0) .. word(n - 1)` (from the heap array)
/// back over `st`'s root words.
pub(super) fn restore_root_words(
    st: &mut State,
    program: &Program,
    n: usize,
    word: impl Fn(usize) -> Word,
) {
    let mut i = 0;
    visit_state(st, program, &mut |p| {
        if i < n {
            *p = ClosurePtr::from_word(word(i));
        }
        i += 1;
    });
    debug_assert_eq!(i, n, "thawed a different number of roots");
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
