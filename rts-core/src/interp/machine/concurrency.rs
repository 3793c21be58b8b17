//! The concurrency primops: MVars (FIFO, single wake-up, value handed
//! straight to the woken taker as in GHC), `fork#`, `yield#`,
//! `myThreadId#`, `threadStatus#`, `delay#`, `killThread#` (throwTo), the
//! masking primops and `performMajorGC#` (which must see every thread).
//! They are resolved by image name here, ahead of the general primop
//! table (`dispatch_prim`), so the thread machinery stays in one place.
//! Also: entering a blackhole another thread owns, and restoring a thunk
//! when an asynchronous exception unwinds its update frame.

use std::time::{Duration, Instant};

use bytecode::{Instr, Rep};

use super::threads::{
    self, MASKED_INTERRUPTIBLE, MASKED_UNINTERRUPTIBLE, MVAR_HEAD, MVAR_TAIL, MVAR_VALUE, MVarOp,
    PendingThrow, Status, TSO_MVAR, TSO_PUT_VALUE, TSO_SLOT, TSO_STATUS, UNMASKED,
};
use super::{Frame, Machine, NO_LAYOUT, Next, PrimOut, internal};
use crate::builtins;
use crate::heap::tso;
use crate::info::ClosureType;
use crate::interp::RunError;
use crate::interp::prims::Prim;
use crate::loader::Program;
use crate::word::{ClosurePtr, Word};

macro_rules! conc_prims {
    ($($name:ident = $text:literal),* $(,)?) => {
        /// A primop implemented by this module.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(super) enum Conc { $($name),* }

        fn conc_from_name(name: &str) -> Option<Conc> {
            match name { $($text => Some(Conc::$name),)* _ => None }
        }
    };
}

conc_prims! {
    NewMVar = "newMVar#", TakeMVar = "takeMVar#", PutMVar = "putMVar#",
    ReadMVar = "readMVar#", TryTakeMVar = "tryTakeMVar#", TryPutMVar = "tryPutMVar#",
    TryReadMVar = "tryReadMVar#", SameMVar = "sameMVar#", IsEmptyMVar = "isEmptyMVar#",
    Fork = "fork#", Yield = "yield#", MyThreadId = "myThreadId#", ThrowTo = "killThread#",
    Delay = "delay#", ThreadIdToInt = "threadIdToInt#", ThreadStatus = "threadStatus#",
    MaskAsync = "maskAsyncExceptions#", UnmaskAsync = "unmaskAsyncExceptions#",
    MaskUninterruptible = "maskUninterruptible#", GetMaskingState = "getMaskingState#",
    PerformMajorGC = "performMajorGC#", PerformMinorGC = "performMinorGC#",
}

/// Whether `name` is one of this module's primops.
pub(super) fn is_concurrency_primop(name: &str) -> bool {
    conc_from_name(name).is_some()
}

/// How `dispatch_prim` runs one image primop, decided once at load so
/// that a call tries no family it does not belong to (Note [Primop
/// routes]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Route {
    /// A concurrency primop of this module.
    Conc(Conc),
    /// A stable-pointer, stable-name or weak-pointer primop (memory.rs).
    Memory(Prim),
    /// A memory primop `prim` runs straight from the slots, and whether it
    /// may allocate (`memory::direct_memory_prim`; Note [Direct primop
    /// calls] in cold.rs).
    MemoryDirect(Prim, bool),
    /// `catch#`, `raise#`, `raiseIO#` (primops.rs `exec_control`).
    Control(Prim),
    /// A pure word primop (`prims::pure_op`), which `run_bco` computes
    /// inline; when that fails (division by zero...) it goes the general
    /// way.
    Pure(Prim),
    /// Everything else: `exec_prim` (primops.rs) and the families it tries.
    General,
}

// Note [Primop routes]
// ~~~~~~~~~~~~~~~~~~~~
// `exec_prim` finds a primop's code by trying its families in turn (pure,
// stdio, memory, arrays, then its own match), each a `match` that rejects
// what is not its own. For the primops a concurrent or FFI-heavy program
// calls in its inner loop (MVars, stable pointers, `catch#` under every
// `modifyMVar_` and `bracket`) the rejections cost more than the
// operation, so the family of those is looked up by name once, when the
// machine is made, and `dispatch_prim` jumps straight to it. The pure
// primops (`Route::Pure`) mostly never reach `dispatch_prim` (run_bco
// computes them from the slots, and tries that for no other primop); the
// rest stay on the general path.

/// The route of each image primop index.
pub(super) fn resolve(program: &Program) -> Vec<Route> {
    program
        .prim_names
        .iter()
        .zip(&program.prims)
        .map(|(n, p)| match (conc_from_name(n), p) {
            (Some(c), _) => Route::Conc(c),
            (None, Some(p)) if super::memory::is_memory_prim(*p) => {
                match super::memory::direct_memory_prim(*p) {
                    Some(allocates) => Route::MemoryDirect(*p, allocates),
                    None => Route::Memory(*p),
                }
            }
            (None, Some(p)) if super::primops::is_control_prim(*p) => Route::Control(*p),
            (None, Some(p)) if crate::interp::prims::is_pure(*p) => Route::Pure(*p),
            _ => Route::General,
        })
        .collect()
}

/// The library's exception closures the scheduler throws.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Exceptions {
    pub(super) blocked_mvar: Option<ClosurePtr>,
    pub(super) user_interrupt: Option<ClosurePtr>,
    pub(super) non_termination: Option<ClosurePtr>,
}

impl Exceptions {
    pub(super) fn find(program: &Program) -> Exceptions {
        Exceptions {
            blocked_mvar: program.static_named("GHC.Exception.blockedIndefinitelyOnMVar"),
            user_interrupt: program.static_named("GHC.Exception.userInterrupt"),
            non_termination: program.non_termination,
        }
    }
}

/// Why the running thread stops.
#[derive(Clone, Copy, Debug)]
pub(super) enum BlockOn {
    /// Wait in `mvar`'s queue (`value`: what a putter puts).
    MVar {
        mvar: ClosurePtr,
        op: MVarOp,
        value: ClosurePtr,
    },
    Sleep(Instant),
    Yield,
    /// Wait until the thread in slot `target` accepts `exc`.
    ThrowTo {
        target: usize,
        exc: ClosurePtr,
    },
    Blackhole(ClosurePtr),
}

/// Reads a pointer field of a live heap object.
///
/// # Safety
/// `p` must be a live closure with a payload word `i`.
unsafe fn field(p: ClosurePtr, i: usize) -> ClosurePtr {
    // SAFETY: the caller's contract.
    ClosurePtr::from_word(unsafe { p.untagged().payload(i) })
}

/// Writes a field of a live heap object (the caller runs the barrier).
///
/// # Safety
/// `p` must be a live closure with a payload word `i`.
unsafe fn set_field(p: ClosurePtr, i: usize, v: Word) {
    // SAFETY: the caller's contract.
    unsafe { p.untagged().set_payload(i, v) }
}

/// The thread-table slot of a TSO (`None`: the thread has ended).
pub(super) fn tso_slot(t: ClosurePtr) -> Option<usize> {
    // SAFETY: ThreadId# values are live TSOs.
    let w = unsafe { t.untagged().payload(TSO_SLOT) };
    (w != 0).then(|| w as usize - 1)
}

fn same(a: ClosurePtr, b: ClosurePtr) -> bool {
    a.untagged().addr() == b.untagged().addr()
}

impl Machine<'_> {
    /// Runs primop `idx`: the concurrency ones here, the rest in primops.rs.
    /// Note [Primop routes].
    pub(super) fn dispatch_prim(&mut self, idx: u16) -> Result<PrimOut, RunError> {
        match self.prim_routes.get(idx as usize).copied() {
            Some(Route::Conc(c)) => {
                let (a, _) = self.word_args();
                self.exec_conc(c, &a)
            }
            Some(Route::Memory(p) | Route::MemoryDirect(p, _)) => {
                let (a, n) = self.word_args();
                match self.exec_memory(p, &a[..n])? {
                    Some(out) => Ok(out),
                    None => self.exec_prim(idx),
                }
            }
            Some(Route::Control(p)) => {
                let (a, n) = self.word_args();
                self.exec_control(p, &a[..n])
            }
            _ => self.exec_prim(idx),
        }
    }

    fn cret(&mut self, vals: &[Word]) -> PrimOut {
        self.rets.clear();
        self.rets.extend_from_slice(vals);
        PrimOut::Values
    }

    pub(super) fn cur(&self) -> Result<&threads::Thread, RunError> {
        self.sched
            .get(self.sched.current)
            .ok_or_else(|| internal("no running thread"))
    }

    pub(super) fn cur_thread_mut(&mut self) -> Result<&mut threads::Thread, RunError> {
        self.sched
            .get_mut(self.sched.current)
            .ok_or_else(|| internal("no running thread"))
    }

    /// The concurrency primop `prim` if `prim.call`/`prim.tail` may run it
    /// straight from the slots (Note [Direct primop calls] in cold.rs):
    /// these do not read `st.args`, and whatever of their arguments must
    /// outlive the call (a blocked putter's value, `fork#`'s action while
    /// its TSO is allocated) is kept by the MVar queue or `fork_thread`,
    /// not by `st.args`. Only `fork#` allocates, after the frame is
    /// suspended or popped.
    #[cfg(not(feature = "interp-none"))]
    #[inline]
    pub(super) fn direct_conc(&self, prim: u16) -> Option<Conc> {
        use Conc::*;
        match self.prim_routes.get(prim as usize) {
            Some(&Route::Conc(
                c @ (TakeMVar | PutMVar | ReadMVar | TryTakeMVar | TryPutMVar | TryReadMVar
                | SameMVar | IsEmptyMVar | Yield | MyThreadId | ThreadIdToInt | ThreadStatus
                | Delay | GetMaskingState | Fork),
            )) => Some(c),
            _ => None,
        }
    }

    /// Runs concurrency primop `c` on its first four non-void arguments
    /// `a` (the masks and `killThread#` also find their closures in
    /// `st.args`, a root; `fork#` roots its action in `fork_thread`).
    pub(super) fn exec_conc(&mut self, c: Conc, a: &[Word; 4]) -> Result<PrimOut, RunError> {
        use Conc::*;
        let a0 = ClosurePtr::from_word(a[0]);
        Ok(match c {
            NewMVar => {
                let m = self.alloc(4)?;
                // SAFETY: a fresh 4-word MVAR: empty queue, no value.
                unsafe {
                    m.set_info(&builtins::MVAR_CLEAN);
                    for i in 0..3 {
                        m.set_payload(i, 0);
                    }
                }
                self.cret(&[m.to_word()])
            }
            TakeMVar | TryTakeMVar => {
                if let Some(v) = self.mvar_take_now(a0)? {
                    if c == TakeMVar {
                        self.cret(&[v.to_word()])
                    } else {
                        self.cret(&[1, v.to_word()])
                    }
                } else if c == TakeMVar {
                    PrimOut::Block(BlockOn::MVar {
                        mvar: a0,
                        op: MVarOp::Take,
                        value: ClosurePtr::NULL,
                    })
                } else {
                    self.cret(&[0, a0.to_word()])
                }
            }
            ReadMVar | TryReadMVar => {
                // SAFETY: a live MVAR.
                let v = unsafe { field(a0, MVAR_VALUE) };
                match (v.is_null(), c) {
                    (false, ReadMVar) => self.cret(&[v.to_word()]),
                    (false, _) => self.cret(&[1, v.to_word()]),
                    (true, ReadMVar) => PrimOut::Block(BlockOn::MVar {
                        mvar: a0,
                        op: MVarOp::Read,
                        value: ClosurePtr::NULL,
                    }),
                    (true, _) => self.cret(&[0, a0.to_word()]),
                }
            }
            PutMVar | TryPutMVar => {
                let v = ClosurePtr::from_word(a[1]);
                match (self.mvar_put_now(a0, v)?, c) {
                    (false, PutMVar) => PrimOut::Block(BlockOn::MVar {
                        mvar: a0,
                        op: MVarOp::Put,
                        value: v,
                    }),
                    (false, _) => self.cret(&[0]),
                    (true, PutMVar) => self.cret(&[]),
                    (true, _) => self.cret(&[1]),
                }
            }
            SameMVar => {
                let b = ClosurePtr::from_word(a[1]);
                self.cret(&[same(a0, b) as Word])
            }
            IsEmptyMVar => {
                // SAFETY: a live MVAR.
                let empty = unsafe { field(a0, MVAR_VALUE) }.is_null();
                self.cret(&[empty as Word])
            }
            Fork => {
                let mask = self.cur()?.mask;
                let tso = self.fork_thread(a0, &[], mask)?;
                self.ctx_request();
                self.cret(&[tso.to_word()])
            }
            Yield => PrimOut::Block(BlockOn::Yield),
            MyThreadId => {
                let t = self.cur()?.tso;
                self.cret(&[t.to_word()])
            }
            ThreadIdToInt => {
                // SAFETY: a live TSO.
                let id = unsafe { a0.untagged().payload(tso::TSO_ID) };
                self.cret(&[id])
            }
            ThreadStatus => {
                let s = match tso_slot(a0).and_then(|s| self.sched.get(s)) {
                    Some(t) => t.status.ghc_code(),
                    // SAFETY: a live TSO.
                    None => unsafe { a0.untagged().payload(TSO_STATUS) },
                };
                self.cret(&[s])
            }
            Delay => {
                let us = a[0] as i64;
                if us <= 0 {
                    PrimOut::Block(BlockOn::Yield)
                } else {
                    let d = Duration::from_micros(us as u64);
                    let now = Instant::now();
                    PrimOut::Block(BlockOn::Sleep(now.checked_add(d).unwrap_or(now + d / 2)))
                }
            }
            ThrowTo => {
                let exc = ClosurePtr::from_word(a[1]);
                self.throw_to(a0, exc)?
            }
            MaskAsync | MaskUninterruptible | UnmaskAsync => {
                let new = match c {
                    MaskAsync => MASKED_INTERRUPTIBLE,
                    MaskUninterruptible => MASKED_UNINTERRUPTIBLE,
                    _ => UNMASKED,
                };
                self.st.args.clear();
                self.st.args.push((Rep::Void, 0));
                match self.change_mask(new)? {
                    Some(n) => PrimOut::Next(n),
                    None => PrimOut::Next(Next::Apply(a0)),
                }
            }
            GetMaskingState => {
                let m = self.cur()?.mask;
                self.cret(&[m as Word])
            }
            PerformMajorGC | PerformMinorGC => {
                self.collect_garbage(c == PerformMajorGC)?;
                self.cret(&[])
            }
        })
    }

    // ------------------------------------------------------------ MVars

    /// Takes the value of `mvar` if it is full (then the first blocked
    /// putter, if any, refills it); `None`: it is empty.
    #[inline]
    pub(super) fn mvar_take_now(
        &mut self,
        mvar: ClosurePtr,
    ) -> Result<Option<ClosurePtr>, RunError> {
        // SAFETY: an MVar# argument is a live MVAR.
        let v = unsafe { field(mvar, MVAR_VALUE) };
        if v.is_null() {
            return Ok(None);
        }
        self.mvar_after_take(mvar)?;
        Ok(Some(v))
    }

    /// Puts `v` into `mvar` if it is empty (`mvar_put_empty`); `false`: it
    /// is full.
    #[inline]
    pub(super) fn mvar_put_now(
        &mut self,
        mvar: ClosurePtr,
        v: ClosurePtr,
    ) -> Result<bool, RunError> {
        // SAFETY: an MVar# argument is a live MVAR.
        if !unsafe { field(mvar, MVAR_VALUE) }.is_null() {
            return Ok(false);
        }
        self.mvar_put_empty(mvar, v)?;
        Ok(true)
    }

    /// The value of a full `mvar` was taken: the first blocked putter's
    /// value goes in (and it wakes), or the MVar becomes empty.
    pub(super) fn mvar_after_take(&mut self, mvar: ClosurePtr) -> Result<(), RunError> {
        let next = match self.pop_waiter(mvar)? {
            Some((slot, put)) => {
                self.wake_with(slot, threads::Resume::Unit)?;
                put.to_word()
            }
            None => 0,
        };
        // SAFETY: a live MVAR; the barrier follows.
        unsafe { set_field(mvar, MVAR_VALUE, next) };
        self.storage.record_mutation(mvar.untagged());
        Ok(())
    }

    /// Puts `v` into the empty `mvar`: blocked readers get it, then the
    /// first blocked taker takes it; otherwise it stays in the MVar.
    pub(super) fn mvar_put_empty(
        &mut self,
        mvar: ClosurePtr,
        v: ClosurePtr,
    ) -> Result<(), RunError> {
        while let Some((slot, _)) = self.pop_waiter(mvar)? {
            let op = match self.sched.get(slot).map(|t| &t.status) {
                Some(Status::BlockedMVar(op)) => *op,
                _ => return Err(internal("an MVar queue holds a thread not blocked on it")),
            };
            self.wake_with(slot, threads::Resume::Value(v))?;
            match op {
                MVarOp::Read => continue,
                MVarOp::Take => return Ok(()),
                MVarOp::Put => return Err(internal("a putter waits on an empty MVar")),
            }
        }
        // SAFETY: a live MVAR; the barrier follows.
        unsafe { set_field(mvar, MVAR_VALUE, v.to_word()) };
        self.storage.record_mutation(mvar.untagged());
        Ok(())
    }

    /// Removes the first waiter of `mvar`: its slot and (for a putter) the
    /// value it puts.
    fn pop_waiter(&mut self, mvar: ClosurePtr) -> Result<Option<(usize, ClosurePtr)>, RunError> {
        // SAFETY: a live MVAR.
        let head = unsafe { field(mvar, MVAR_HEAD) };
        if head.is_null() {
            return Ok(None);
        }
        let slot = tso_slot(head).ok_or_else(|| internal("a dead thread in an MVar queue"))?;
        // SAFETY: live MVAR and queued TSOs. Unlinking the head needs no
        // walk (`unlink` handles any position); the TSO's fields are
        // cleared (non-pointers or null: no barrier), the MVar's barrier
        // follows.
        let put = unsafe {
            let put = field(head, TSO_PUT_VALUE);
            let next = field(head, tso::TSO_LINK);
            set_field(mvar, MVAR_HEAD, next.to_word());
            if next.is_null() {
                set_field(mvar, MVAR_TAIL, 0);
            }
            set_field(head, tso::TSO_LINK, 0);
            set_field(head, TSO_MVAR, 0);
            set_field(head, TSO_PUT_VALUE, 0);
            put
        };
        self.storage.record_mutation(mvar.untagged());
        Ok(Some((slot, put)))
    }

    /// Appends `tso` to `mvar`'s queue.
    pub(super) fn enqueue(&mut self, mvar: ClosurePtr, tso: ClosurePtr, value: ClosurePtr) {
        // SAFETY: live MVAR and TSOs; barriers after each store.
        unsafe {
            set_field(tso, tso::TSO_LINK, 0);
            set_field(tso, TSO_MVAR, mvar.untagged().to_word());
            set_field(tso, TSO_PUT_VALUE, value.to_word());
            self.storage.record_mutation(tso.untagged());
            let tail = field(mvar, MVAR_TAIL);
            if tail.is_null() {
                set_field(mvar, MVAR_HEAD, tso.to_word());
            } else {
                set_field(tail, tso::TSO_LINK, tso.to_word());
                self.storage.record_mutation(tail.untagged());
            }
            set_field(mvar, MVAR_TAIL, tso.to_word());
        }
        self.storage.record_mutation(mvar.untagged());
    }

    /// Removes `tso` from `mvar`'s queue (wherever it is).
    pub(super) fn unlink(&mut self, mvar: ClosurePtr, tso: ClosurePtr) {
        // SAFETY: live MVAR and TSOs; barriers after the stores.
        unsafe {
            let mut prev = ClosurePtr::NULL;
            let mut cur = field(mvar, MVAR_HEAD);
            while !cur.is_null() && !same(cur, tso) {
                prev = cur;
                cur = field(cur, tso::TSO_LINK);
            }
            if cur.is_null() {
                return;
            }
            let next = field(tso, tso::TSO_LINK);
            if prev.is_null() {
                set_field(mvar, MVAR_HEAD, next.to_word());
            } else {
                set_field(prev, tso::TSO_LINK, next.to_word());
                self.storage.record_mutation(prev.untagged());
            }
            if same(field(mvar, MVAR_TAIL), tso) {
                set_field(mvar, MVAR_TAIL, prev.to_word());
            }
            set_field(tso, tso::TSO_LINK, 0);
            set_field(tso, TSO_MVAR, 0);
            set_field(tso, TSO_PUT_VALUE, 0);
        }
        self.storage.record_mutation(mvar.untagged());
    }

    // -------------------------------------------- asynchronous exceptions

    fn throw_to(&mut self, target: ClosurePtr, exc: ClosurePtr) -> Result<PrimOut, RunError> {
        let Some(slot) = tso_slot(target) else {
            return Ok(self.cret(&[]));
        };
        if slot == self.sched.current {
            return Ok(PrimOut::Next(Next::RaiseAsync(exc)));
        }
        let t = self
            .sched
            .get(slot)
            .ok_or_else(|| internal("a TSO names an empty slot"))?;
        let deliverable = t.mask == UNMASKED
            || (t.mask == MASKED_INTERRUPTIBLE
                && matches!(
                    t.status,
                    Status::BlockedMVar(_) | Status::Sleeping(_) | Status::BlockedThrowTo(_)
                ));
        if deliverable {
            self.deliver_async(slot, exc)?;
            Ok(self.cret(&[]))
        } else {
            Ok(PrimOut::Block(BlockOn::ThrowTo { target: slot, exc }))
        }
    }

    /// Sets the running thread's masking state; when that unmasks with an
    /// exception waiting, returns the step that raises it.
    pub(super) fn set_mask(&mut self, m: u8) -> Option<Next> {
        let t = self.sched.get_mut(self.sched.current)?;
        t.mask = m;
        if m == UNMASKED && !t.pending.is_empty() {
            return self.deliver_own_pending();
        }
        None
    }

    /// A masking primop's work before it applies its action: when the
    /// state changes, a frame restoring the old one and the new state.
    /// `Some(step)`: unmasking delivers a pending exception instead.
    #[inline(always)]
    pub(super) fn change_mask(&mut self, new: u8) -> Result<Option<Next>, RunError> {
        let old = self.cur()?.mask;
        if old == new {
            return Ok(None);
        }
        self.push_frame(Frame::RestoreMask(old))?;
        Ok(self.set_mask(new))
    }

    /// A returning `RestoreMask(m)` frame (on top) when it raises nothing:
    /// pops it and sets the state (`true`); `false` when `set_mask(m)`
    /// would deliver a pending exception (nothing changed). Out of line:
    /// `run_bco`'s return path calls it (Note [A small dispatch loop] in
    /// cold.rs).
    #[cfg(not(feature = "interp-none"))]
    #[inline(never)]
    pub(super) fn restore_mask_quietly(&mut self, m: u8) -> bool {
        if let Some(t) = self.sched.get_mut(self.sched.current) {
            if m == UNMASKED && !t.pending.is_empty() {
                return false;
            }
            t.mask = m;
        }
        self.st.frames.pop();
        true
    }

    /// Sets the masking state while unwinding (no delivery).
    pub(super) fn cur_mut_mask(&mut self, m: u8) {
        if let Some(t) = self.sched.get_mut(self.sched.current) {
            t.mask = m;
        }
    }

    /// A handler runs with asynchronous exceptions masked; the mask comes
    /// off when it returns.
    pub(super) fn mask_for_handler(&mut self) -> Result<(), RunError> {
        let Some(t) = self.sched.get_mut(self.sched.current) else {
            return Ok(());
        };
        if t.mask == UNMASKED {
            t.mask = MASKED_INTERRUPTIBLE;
            self.push_frame(Frame::RestoreMask(UNMASKED))?;
        }
        Ok(())
    }

    /// Takes the running thread's first waiting asynchronous exception,
    /// releasing its thrower; returns the step raising it.
    pub(super) fn deliver_own_pending(&mut self) -> Option<Next> {
        let t = self.sched.get_mut(self.sched.current)?;
        let PendingThrow { exc, thrower } = t.pending.pop_front()?;
        if let Some((slot, id)) = thrower {
            self.release_thrower(slot, id);
        }
        Some(Next::RaiseAsync(exc))
    }

    /// The thread `(slot, id)` blocked in throwTo may go on.
    pub(super) fn release_thrower(&mut self, slot: usize, id: u64) {
        if let Some(t) = self.sched.get_mut(slot)
            && t.id == id
            && matches!(t.status, Status::BlockedThrowTo(_))
        {
            t.status = Status::Runnable;
            t.resume = Some(threads::Resume::Unit);
            self.sched.run_queue.push_back(slot);
        }
    }

    // ------------------------------------------------------- blackholes

    /// A BLACKHOLE: ours is `<<loop>>`; another thread's means waiting
    /// until that thread updates it.
    pub(super) fn enter_blackhole(&mut self, p: ClosurePtr) -> Result<Next, RunError> {
        let ours = self
            .st
            .frames
            .iter()
            .any(|f| matches!(f, Frame::Update { updatee, .. } if same(*updatee, p)));
        if ours || self.sched.current == threads::NO_THREAD || self.sched.live() <= 1 {
            return Err(RunError::NonTermination);
        }
        self.st.args.clear();
        self.block_current(BlockOn::Blackhole(p))
    }

    /// Whether the blackhole a thread waits on has been updated.
    pub(super) fn blackhole_done(p: ClosurePtr) -> bool {
        // SAFETY: a live closure (a root of the waiting thread).
        let p = unsafe { super::deref(p) };
        // SAFETY: as above.
        unsafe { p.info() }.closure_type != ClosureType::Blackhole
    }

    /// The top frame is an update frame and an asynchronous exception is
    /// unwinding: rebuild the thunk (Note [Restoring thunks on
    /// asynchronous exceptions]). Returns `exc` (it may have moved).
    pub(super) fn restore_thunk(&mut self, exc: ClosurePtr) -> Result<ClosurePtr, RunError> {
        let Some(&Frame::Update { len, .. }) = self.st.frames.last() else {
            return Err(internal("restore_thunk without an update frame"));
        };
        self.st.extra.push(exc);
        // The frame stays on the stack while allocating: its payload copy
        // is a root.
        let fresh = self.alloc(1 + len as usize)?;
        let exc = self.st.extra.pop().unwrap_or(exc);
        let Some(Frame::Update {
            updatee,
            info,
            saved,
            len,
        }) = self.st.frames.pop()
        else {
            return Err(internal("update frame vanished"));
        };
        // SAFETY: a fresh closure of 1 + len words, filled completely with
        // the thunk's original header and payload.
        unsafe {
            fresh.set_info(info);
            for i in 0..len as usize {
                fresh.set_payload(i, self.st.saved[saved as usize + i]);
            }
        }
        self.st.saved.truncate(saved as usize);
        // SAFETY: `updatee` is the blackhole this frame owned.
        unsafe { self.storage.update_with_indirection(updatee, fresh) };
        Ok(exc)
    }

    /// Returning to `Frame::PrimResults`: store the values in the blocked
    /// instruction's result slots and resume after it.
    pub(super) fn prim_results(&mut self) -> Result<Next, RunError> {
        let Some(&Frame::Bco {
            bco, base, resume, ..
        }) = self.st.frames.last()
        else {
            return Err(internal("prim results without a BCO frame"));
        };
        let code = &self.program.bcos[bco as usize].code;
        let Some(Instr::Prim { results, .. }) =
            (resume as usize).checked_sub(1).and_then(|i| code.get(i))
        else {
            return Err(internal("prim results for a non-prim instruction"));
        };
        if self.rets.len() < results.0.len() {
            return Err(internal("woken with too few results"));
        }
        for (i, s) in results.0.iter().enumerate() {
            self.st.slots[base as usize + s.0 as usize] = self.rets[i];
        }
        self.set_layout(NO_LAYOUT);
        Ok(Next::Run(resume))
    }
}
