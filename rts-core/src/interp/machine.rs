//! The eval/apply dispatch loop. Owns the interpreter's stack (a Rust-side
//! stack of frames whose pointer words are reported to the collector
//! precisely, see Note [The stack lives outside the heap]), calls with
//! PAPs, update frames and blackholing, case continuations, heap checks,
//! catch frames and the primops that allocate, do IO or unwind.

// Note [The stack lives outside the heap]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A frame is a Rust enum in `State::frames`; a BCO frame's slots are a
// window of `State::slots`. At a GC point every BCO frame carries the index
// of the layout that is valid for it (the `Ret` layout of a suspended frame,
// the instruction's layout for the running one), and the root visitor
// reports exactly the slots that layout marks, plus update frames'
// updatees, apply frames' pointer arguments, catch handlers and the
// interpreter's registers (pending arguments, `extra`). Slots not marked
// may hold stale pointers; they are never read after the GC point (the
// writer's contract, checked by the reference evaluator in crates/stg).
// This is simpler than STACK objects and the collector still sees the
// stack precisely. Each green thread has its own `State` (threads.rs);
// a thread blocked on an MVar copies its root words into the heap so
// deadlock detection still works (Note [Blocked threads are weak]),
// thunks under evaluation are blackholed lazily (Note [Lazy blackholing])
// and an asynchronous exception freezes the frames above their update
// frames into AP_STACKs (freeze.rs, Note [Freezing interrupted
// evaluations]) or, where it cannot, restores them from the payload copies
// their update frames keep (Note [Restoring thunks on asynchronous
// exceptions]). Reasons: docs/design/scheduler.md.

// Note [Lazy blackholing]
// ~~~~~~~~~~~~~~~~~~~~~~~
// Entering an updatable thunk (or AP) only pushes its update frame; the
// thunk keeps its header and free variables while it is evaluated, as
// under GHC's default lazy blackholing. It must become a BLACKHOLE before
// anything else can enter it, and `blackhole_pending` does that for every
// update frame pushed since its last call:
// * when the thread stops running (`park`: a context switch, blocking,
//   yielding) and when a foreign call's callback parks the whole context
//   (embed.rs): other threads then wait on the blackhole instead of
//   evaluating the thunk a second time, and deadlock detection sees the
//   owner (Note [Blocked threads are weak]);
// * when the stack has grown by `LAZY_BLACKHOLE_WORDS` since the last call
//   (`push_frame`): a thunk that demands itself (`let x = x + 1`) pushes an
//   update frame per round, so within that many words it is blackholed and
//   the next round enters its own blackhole: `<<loop>>`, as GHC finds it
//   at a stack-chunk boundary;
// * before a CAF is entered (CAFs stay eagerly blackholed, so the frames
//   under theirs must be done first: see the `saved` order below);
// * before a collection (`collect_garbage`), as GHC pauses threads before
//   it collects: the collector never sees a thunk under evaluation intact,
//   so nothing it does to thunks (selector-thunk shortcuts, following
//   indirections) can redirect an update frame's updatee to a value.
// Blackholing copies the thunk's info and payload to `State::saved` (the
// frame's `saved`, `len`) and overwrites it with a 2-word BLACKHOLE. A
// frame with `len == 0` has no copy: either its thunk is still intact (not
// yet blackholed; `State::unblackholed` counts these, and they are always
// the topmost `len == 0` update frames) or another update frame of ours
// lower down owns the same thunk (it was entered again while under
// evaluation: a loop, found on the next entry). The frames are processed
// bottom-up so `saved` stays ordered by stack height, and popping a frame
// truncates `saved` to its own copy.
// Cost: entering no longer copies the payload or writes the blackhole and
// its filler; each frame is walked at most once by `blackhole_pending`
// (the count stops the walk at the frames already done).

// Note [Restoring thunks on asynchronous exceptions]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A thunk under evaluation is either still intact (Note [Lazy
// blackholing]) or a BLACKHOLE whose original info and payload its update
// frame keeps on `State::saved` (the pointer words are roots, so the copy
// tracks the collector). When an exception unwinds through the update
// frame:
// * synchronously (raise#, a pure primop failing): the thunk would raise
//   the same exception if evaluated again (evaluation is deterministic),
//   so it becomes RAISE_THUNK, as GHC's raise does;
// * asynchronously (throwTo, killThread, timeout, BlockedIndefinitely...,
//   UserInterrupt): the exception says nothing about the thunk, which must
//   stay re-evaluable. Normally its segment is frozen into an AP_STACK
//   (freeze.rs, Note [Freezing interrupted evaluations]) and the work is
//   kept. Where that is not possible (the pending step is unknown, see
//   there) the thunk is restored: an intact thunk needs nothing; a
//   blackholed one is rebuilt: we allocate a fresh closure with the saved
//   info and payload and update the blackhole with an indirection to it.
// Soundness: a thunk's value depends only on its info (code) and payload
// (free variables), both immutable until the update, so the fresh copy
// denotes the same value as the original; other threads blocked on the
// blackhole see the indirection, enter the copy and evaluate it again (or
// block on it afresh). The work done so far is lost in this fallback;
// that costs time, never meaning. We cannot restore in
// place: after a collection the blackhole may have been copied as a 2-word
// object, so its former payload words are no longer ours.

mod arrays;
#[cfg(not(feature = "interp-none"))]
mod call;
#[cfg(not(feature = "interp-none"))]
mod cold;
mod concurrency;
mod config;
mod embed;
mod freeze;
pub use embed::{in_foreign_call, with_reentered_machine};
mod ffi;
mod integer;
pub mod jsffi;
mod memory;
pub mod native;
mod primops;
mod scheduler;
mod stdio;
mod threads;

/// Whether this interpreter implements the primop named `name` (the
/// general table of `interp::prims` or the concurrency primops).
pub fn implements_primop(name: &str) -> bool {
    super::prims::Prim::from_name(name).is_some() || concurrency::is_concurrency_primop(name)
}

pub use scheduler::{HostMVar, Progress};

use bytecode::Rep;
// Only the bytecode dispatch loop decodes instructions.
#[cfg(not(feature = "interp-none"))]
use bytecode::{Args, Instr};

use super::{Exit, InterpConfig, OutputSink, RunError};
use crate::Storage;
use crate::builtins;
use crate::closure::PapArgs;
use crate::heap::AllocError;
use crate::info::{ClosureType, Entry, InfoTable};
use crate::loader::{LoadedInfo, Program};
use crate::word::{ClosurePtr, WORD_BYTES, Word};

/// Sentinel layout of a running frame between GC points.
const NO_LAYOUT: u32 = u32::MAX;

/// Stack growth (words) after which pending thunks are blackholed, so a
/// thunk that demands itself is found within this many words (Note [Lazy
/// blackholing]). GHC's stack chunk is 32 KiB; a quarter of that is
/// enough and walks no frame twice.
const LAZY_BLACKHOLE_WORDS: usize = 1024;

/// A thunk that raises its payload-0 exception when entered: what a thunk
/// under evaluation becomes when an exception unwinds through its update
/// frame (so entering it again re-raises instead of reporting `<<loop>>`).
static RAISE_THUNK: InfoTable = InfoTable::thunk("raise", 1, 0, native::entries::RAISE_ENTRY);

#[derive(Debug)]
enum Frame {
    /// A BCO activation: slots `[base, base + frame_size)` of `State::slots`.
    Bco {
        bco: u32,
        base: u32,
        layout: u32,
        resume: u32,
    },
    /// Update `updatee` with the returned value. `info` is the thunk's
    /// original info; `State::saved[saved..saved + len]` its original
    /// payload once it has been blackholed, `len == 0` before (Note [Lazy
    /// blackholing], Note [Restoring thunks on asynchronous exceptions]).
    Update {
        updatee: ClosurePtr,
        info: &'static InfoTable,
        saved: u32,
        len: u32,
    },
    /// Arguments still to apply to the returned function.
    Apply(Vec<(Rep, Word)>),
    Catch(ClosurePtr),
    /// Set the thread's masking state to this when returned or unwound
    /// through (pushed by the mask primops and by raising to a handler).
    RestoreMask(u8),
    /// An inline `prim` that blocked: the returned values go to its result
    /// slots in the BCO frame below, which resumes after the instruction.
    PrimResults,
    Stop,
}

/// A thread's stack and registers.
///
/// The fields every call touches are inline; the others are boxed in
/// `cold` and read through `Deref` (`st.args` is `st.cold.args`), so
/// that a thread switch, which swaps the running `State` with the one in
/// the thread's entry, moves 10 words, not 19 (Note [Cheap switches] in
/// scheduler.rs).
#[derive(Debug, Default)]
struct State {
    slots: Vec<Word>,
    frames: Vec<Frame>,
    /// Update frames pushed since the last `blackhole_pending` and still on
    /// the stack (Note [Lazy blackholing]).
    unblackholed: u32,
    /// `push_frame` calls `blackhole_pending` when the stack's words exceed
    /// this (Note [Lazy blackholing]).
    blackhole_mark: usize,
    /// Words at the start of `slots`' allocation that have been written at
    /// least once (Note [Frames are not zeroed]).
    slots_written: usize,
    cold: Box<ColdState>,
}

/// The part of a `State` that a switch moves by pointer.
#[derive(Debug, Default)]
struct ColdState {
    /// Pending arguments of an application / a primop (roots).
    args: Vec<(Rep, Word)>,
    /// Other pointer registers live across an allocation (roots).
    extra: Vec<ClosurePtr>,
    /// Payload copies of the thunks under evaluation (see `Frame::Update`).
    saved: Vec<Word>,
    /// The step an asynchronous exception delivered to this (parked)
    /// thread interrupted, its operands in `args` (freeze.rs, Note
    /// [Freezing interrupted evaluations]).
    interrupted: Option<freeze::Interrupted>,
}

impl std::ops::Deref for State {
    type Target = ColdState;
    fn deref(&self) -> &ColdState {
        &self.cold
    }
}

impl std::ops::DerefMut for State {
    fn deref_mut(&mut self) -> &mut ColdState {
        &mut self.cold
    }
}

/// What the loop does next.
#[derive(Clone, Copy, Debug)]
enum Next {
    /// Run the top BCO frame at instruction `pc`.
    Run(u32),
    /// Evaluate a closure, returning its WHNF to the top frame.
    Enter(ClosurePtr),
    /// Apply a function to `State::args`.
    Apply(ClosurePtr),
    /// Return `rets` to the top frame.
    Return,
    /// Raise an exception.
    Raise(ClosurePtr),
    /// Raise an asynchronous exception (thunks under evaluation are
    /// restored, not poisoned).
    RaiseAsync(ClosurePtr),
    /// The running thread has stopped (blocked, yielded, finished): run
    /// the scheduler.
    Schedule,
}

/// The interpreter for one program on one storage manager.
pub struct Machine<'a> {
    storage: &'a mut Storage,
    program: &'a Program,
    out: &'a mut dyn OutputSink,
    config: InterpConfig,
    st: State,
    rets: Vec<Word>,
    /// Free variables of the entered closure (for `load.fv`).
    node: Vec<Word>,
    /// Set by `exit#`.
    exit_code: Option<i64>,
    /// BCO activations and resumptions so far (statistics, and what
    /// `InterpConfig::max_steps` bounds).
    pub steps: u64,
    sched: threads::Sched,
    /// Created at the first `fork#` (a timer implementation starts a
    /// thread; a single-threaded program never needs one).
    ctx: Option<rts_features::ctx::ContextSwitch>,
    chaos: Option<crate::flags::chaos::ChaosSwitch>,
    /// How each image primop is run, by index (concurrency.rs `Route`).
    prim_routes: Vec<concurrency::Route>,
    /// Pointers the host or the scheduler holds across an allocation.
    host_roots: Vec<ClosurePtr>,
    excs: concurrency::Exceptions,
    /// `run_until_blocked` mode: an idle scheduler returns to the host
    /// instead of declaring a deadlock.
    embedded: bool,
    /// Set when `schedule` returned to the host (embedded mode).
    idle: bool,
    /// `run_for`'s time budget, while one runs (scheduler.rs).
    budget: Option<scheduler::Budget>,
    /// A thread was just switched in: its first safe point does not
    /// switch again (with `ctx-always` it would never make progress).
    fresh_slice: bool,
    /// stdin and files (stdio.rs).
    stdio: stdio::Stdio,
    /// `--chaos-gc` (config.rs).
    chaos_gc: Option<crate::flags::chaos::ChaosGc>,
    /// Bytes allocated when HeapOverflow was last thrown (`-Mgrace`,
    /// `heap_overflow_due` in scheduler.rs).
    heap_overflow_thrown_at: Option<u64>,
    /// Execution contexts parked while a callback from C runs (embed.rs,
    /// Note [Re-entering the machine]); roots.
    suspended: Vec<embed::Suspended>,
    /// Empty argument vectors for `Frame::Apply`, reused so that applying
    /// a thunk or over-applying a function does not allocate (at most
    /// `SPARE_ARG_VECTORS`; never roots: always empty).
    spare_args: Vec<Vec<(Rep, Word)>>,
}

/// How many empty argument vectors `Machine::spare_args` keeps.
const SPARE_ARG_VECTORS: usize = 16;

#[cold]
#[inline(never)]
fn internal(msg: impl Into<String>) -> RunError {
    RunError::Internal(msg.into())
}

fn alloc_error(e: AllocError) -> RunError {
    match e {
        AllocError::HeapOverflow(_) => RunError::HeapOverflow,
        AllocError::OutOfMemory(_) => RunError::OutOfMemory,
        AllocError::NurseryFull => internal("nursery full outside a GC point"),
    }
}

// Note [Frames are not zeroed]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A new BCO frame's slots are not cleared: a slot is read only after the
// frame's own code wrote it (the writer's contract), and the collector
// and the sanity checker read only the slots the frame's layout marks,
// which are live, hence written (threads.rs `visit_state`). Zeroing cost a
// `memset` per call natively and a `memory.fill` libcall per call on
// wasmtime (docs/performance.md, "Session 7"). The slots' memory must
// still be initialised for Rust: `State::slots_written` counts the words
// of the allocation that were ever written (by an earlier frame, or by
// `grow_slots_fresh`, which zeroes the spare capacity once when a frame
// first reaches it). The slot stack grows only through `grow_slots`, so
// the one reallocation is the `reserve` in `grow_slots_fresh`, after which
// everything past the length is zeroed again (Vec promises nothing about
// spare capacity across a reallocation); `truncate` and `clear` keep the
// allocation. Debug builds fill every new frame with
// `FRESH_SLOT_POISON`, and `visit_state` asserts that no slot a layout
// marks holds it, so a layout naming an unwritten slot fails the tests
// instead of tracing a stale pointer.

/// What debug builds write into a new frame's slots (odd, so never an
/// aligned closure pointer; Note [Frames are not zeroed]).
#[cfg(debug_assertions)]
pub(super) const FRESH_SLOT_POISON: Word = 0xdead_0bad_f00d_0bad;

#[cfg(debug_assertions)]
fn poison_fresh_frame(slots: &mut [Word]) {
    slots.fill(FRESH_SLOT_POISON);
}

/// Follows indirections (IND, IND_STATIC, updated BLACKHOLEs do not occur).
///
/// # Safety
/// `p` must be a live closure.
#[inline]
unsafe fn deref(mut p: ClosurePtr) -> ClosurePtr {
    loop {
        p = p.untagged();
        // SAFETY: the caller passes a live closure; indirectees are live.
        let t = unsafe { p.info() }.closure_type;
        if matches!(t, ClosureType::Ind | ClosureType::IndStatic) {
            // SAFETY: as above.
            p = unsafe { p.payload_ptr(0) };
        } else {
            return p;
        }
    }
}

/// An instruction's arguments as (rep, word) pairs read from the frame at
/// `base` (a void argument is 0 and reads no slot): what `collect_args`
/// copies into `st.args` and `slot_words` reads directly.
#[cfg(not(feature = "interp-none"))]
#[inline]
fn arg_words<'a>(
    slots: &'a [Word],
    base: usize,
    args: &'a Args,
) -> impl ExactSizeIterator<Item = (Rep, Word)> + 'a {
    args.0.iter().map(move |a| {
        let w = if a.rep == Rep::Void {
            0
        } else {
            slots[base + a.slot.0 as usize]
        };
        (a.rep, w)
    })
}

/// Whether a closure of this type is in WHNF: everything except thunks,
/// applications, indirections and blackholes (so primitive objects —
/// MUT_VARs, arrays, MVars, ... — returned by primops evaluate to
/// themselves).
fn is_value(t: ClosureType) -> bool {
    !matches!(
        t,
        ClosureType::Thunk
            | ClosureType::ThunkSelector
            | ClosureType::Ap
            | ClosureType::ApStack
            | ClosureType::Ind
            | ClosureType::IndStatic
            | ClosureType::Blackhole
    )
}

impl<'a> Machine<'a> {
    pub fn new(
        storage: &'a mut Storage,
        program: &'a Program,
        out: &'a mut dyn OutputSink,
        config: InterpConfig,
    ) -> Self {
        Machine {
            storage,
            program,
            out,
            config,
            st: State::default(),
            rets: Vec::with_capacity(8),
            node: Vec::with_capacity(16),
            exit_code: None,
            steps: 0,
            sched: threads::Sched::default(),
            ctx: None,
            chaos: None,
            prim_routes: concurrency::resolve(program),
            host_roots: Vec::new(),
            excs: concurrency::Exceptions::find(program),
            embedded: false,
            idle: false,
            budget: None,
            fresh_slice: false,
            stdio: stdio::Stdio::default(),
            chaos_gc: None,
            heap_overflow_thrown_at: None,
            suspended: Vec::new(),
            spare_args: Vec::new(),
        }
        .with_chaos()
    }

    /// Runs the program's entry (`Main.main`, an IO action) wrapped in
    /// `GHC.TopHandler.runMainIO` when the image has it.
    ///
    /// Other threads forked by the program run too; the end of the main
    /// thread ends the run (the others are dropped, as in GHC). With
    /// `InterpConfig::install_interrupts`, ^C (or `hsrts_interrupt()`)
    /// throws UserInterrupt to the main thread meanwhile.
    pub fn run_main(&mut self) -> Result<Exit, RunError> {
        let main = self.program.entry.ok_or(RunError::NoEntry)?;
        let installed = self.config.install_interrupts && rts_features::intr::install().is_ok();
        let r = match self.program.static_named("GHC.TopHandler.runMainIO") {
            Some(run) => {
                self.st.args = vec![(Rep::Ptr, main.to_word()), (Rep::Void, 0)];
                self.run(Next::Apply(run))
            }
            None => self.run_io(main),
        };
        if installed {
            rts_features::intr::uninstall();
        }
        r
    }

    /// Runs an IO action (applies it to the `World#` token).
    pub fn run_io(&mut self, action: ClosurePtr) -> Result<Exit, RunError> {
        self.st.args = vec![(Rep::Void, 0)];
        self.run(Next::Apply(action))
    }

    /// Evaluates a closure to WHNF and returns it.
    pub fn eval(&mut self, p: ClosurePtr) -> Result<ClosurePtr, RunError> {
        self.run(Next::Enter(p))?;
        Ok(ClosurePtr::from_word(self.rets[0]))
    }

    fn run(&mut self, first: Next) -> Result<Exit, RunError> {
        let first = self.start_main_thread(first)?;
        let r = self.exec(first);
        self.drop_threads();
        r
    }

    // ---------------------------------------------------------------- GC

    /// Pushes the update frame of the updatable thunk or AP `p` (info
    /// `info`), which is entered now and blackholed later (Note [Lazy
    /// blackholing]).
    #[inline]
    fn push_update_frame(
        &mut self,
        p: ClosurePtr,
        info: &'static InfoTable,
    ) -> Result<(), RunError> {
        let saved = self.st.saved.len() as u32;
        self.push_frame(Frame::Update {
            updatee: p,
            info,
            saved,
            len: 0,
        })?;
        self.st.unblackholed += 1;
        Ok(())
    }

    /// Blackholes the thunks whose update frames were pushed since the last
    /// call, keeping a copy of each one's payload (Note [Lazy blackholing]).
    /// Allocates nothing on the heap. The test is inline (a switch usually
    /// finds nothing pending), the walk out of line.
    #[inline(always)]
    fn blackhole_pending(&mut self) {
        if self.st.unblackholed != 0 {
            self.blackhole_pending_frames();
        }
    }

    /// `blackhole_pending` with frames pending.
    #[inline(never)]
    fn blackhole_pending_frames(&mut self) {
        let State {
            frames,
            cold,
            unblackholed,
            ..
        } = &mut self.st;
        let saved = &mut cold.saved;
        if *unblackholed == 0 {
            return;
        }
        // The lowest pending frame: the pending ones are the topmost
        // `len == 0` update frames.
        let mut pending = *unblackholed;
        let mut lowest = frames.len();
        for (i, f) in frames.iter().enumerate().rev() {
            if pending == 0 {
                break;
            }
            if let Frame::Update { len: 0, .. } = f {
                pending -= 1;
                lowest = i;
            }
        }
        *unblackholed = 0;
        // Bottom-up, so `saved` stays ordered by stack height.
        for f in &mut frames[lowest..] {
            let Frame::Update {
                updatee,
                info,
                saved: at,
                len,
            } = f
            else {
                continue;
            };
            if *len != 0 {
                continue;
            }
            *at = saved.len() as u32;
            let p = updatee.untagged();
            // SAFETY: the updatee is a live closure (a root of this frame).
            if !std::ptr::eq(unsafe { p.info() }, *info) {
                // Blackholed by a lower frame of ours (entered again while
                // under evaluation) or already overwritten: nothing to keep.
                continue;
            }
            let words = if info.closure_type == ClosureType::Ap {
                // SAFETY: an AP's layout (closure.rs): desc, fun, args.
                2 + unsafe { PapArgs::from_word(p.payload(0)) }.n_args as usize
            } else if info.closure_type == ClosureType::ApStack {
                // SAFETY: an AP_STACK's layout (closure.rs): n, fun, frames.
                2 + unsafe { p.payload(0) } as usize
            } else {
                // A thunk has at least one payload word (closure.rs).
                ((info.ptrs + info.nptrs) as usize).max(1)
            };
            for i in 0..words {
                // SAFETY: word `i` of the intact closure's payload.
                saved.push(unsafe { p.payload(i) });
            }
            *len = words as u32;
            // SAFETY: `p` is an intact thunk or AP (at least 2 words) whose
            // payload was copied above; the 2-word BLACKHOLE fits and the
            // rest becomes filler.
            unsafe {
                self.storage.overwrite(p, &builtins::BLACKHOLE, 2);
                p.set_payload(0, 0);
            }
        }
    }

    fn gc(&mut self) -> Result<(), RunError> {
        self.collect_garbage(false)
    }

    /// The last collection, once the program has ended: GHC's `hs_exit`
    /// kills the remaining threads and runs a major collection
    /// (`exitScheduler`). It shows in `+RTS -s` (a generation-1 collection
    /// and a residency sample, even for a program that never filled its
    /// nursery) and runs the C finalizers of the weak pointers that die in
    /// it, then those of the weak pointers still alive
    /// (`runAllCFinalizers`); Haskell finalizers never run at exit, as in
    /// GHC. `-M` is not checked: the program is over.
    pub fn collect_at_exit(&mut self) {
        self.drop_threads();
        let _ = self.collect_from_roots(true);
        self.storage.run_all_c_finalizers();
    }

    /// One collection with every root the machine holds: threads, host
    /// roots and suspended evaluations. Whether the live data outgrew `-M`.
    fn collect_from_roots(&mut self, major: bool) -> bool {
        let roots = threads::AllRoots {
            state: &mut self.st,
            sched: &mut self.sched,
            program: self.program,
            extra: &mut self.host_roots,
        };
        let mut roots = embed::with_suspended(roots, &mut self.suspended, self.program);
        self.storage.collect(&mut roots, major).is_err()
    }

    /// Collects with every thread's roots, then throws
    /// BlockedIndefinitelyOnMVar to the threads found unreachable and, if
    /// the live data outgrew `-M`, HeapOverflow to the main thread (GHC's
    /// order in `scheduleDoGC`). The Haskell finalizers of the weak
    /// pointers it found dead are started first (`schedule_finalizers`).
    pub(super) fn collect_garbage(&mut self, major: bool) -> Result<(), RunError> {
        // The collector sees no thunk under evaluation intact (Note [Lazy
        // blackholing]).
        self.blackhole_pending();
        self.sched.resurrected.clear();
        let overflow = self.collect_from_roots(major);
        // GHC queues the finalizers' thread before the resurrected threads.
        let resurrected = std::mem::take(&mut self.sched.resurrected);
        self.schedule_finalizers()?;
        self.sched.resurrected = resurrected;
        self.resurrect_threads()?;
        if overflow && self.heap_overflow_due() {
            self.heap_overflow_to_main()?;
        }
        Ok(())
    }

    /// Allocates `words` (at a GC point: every live pointer must be in a
    /// root — a frame, `st.args` or `st.extra`).
    fn alloc(&mut self, words: usize) -> Result<ClosurePtr, RunError> {
        self.chaos_gc_point()?;
        loop {
            match self.storage.alloc(words) {
                Ok(p) => return Ok(p),
                Err(AllocError::NurseryFull) => self.gc()?,
                Err(e) => return Err(alloc_error(e)),
            }
        }
    }

    /// `heap.check`: make sure `words` words can be bump-allocated without
    /// a collection. See docs/design/interpreter.md, "Heap checks".
    fn heap_check(&mut self, words: usize) -> Result<(), RunError> {
        self.chaos_gc_point()?;
        let (hp, lim) = self.storage.hp_window();
        if hp + words * WORD_BYTES <= lim {
            return Ok(());
        }
        if words >= crate::heap::alloc::LARGE_OBJECT_WORDS {
            return Err(internal(format!(
                "heap check of {words} words is larger than a nursery block"
            )));
        }
        let p = self.alloc(words)?;
        // SAFETY: `alloc` took a fresh block and returned its start (the
        // window did not fit `words`); handing it back leaves nothing
        // uninitialised below the bump pointer.
        unsafe { self.storage.set_hp(p.addr()) };
        Ok(())
    }

    /// An allocation covered by an earlier `heap.check`.
    #[inline]
    fn alloc_checked(&mut self, words: usize) -> Result<ClosurePtr, RunError> {
        self.storage
            .alloc(words)
            .map_err(|_| internal("allocation not covered by its heap check"))
    }

    // ------------------------------------------------------------ stack

    fn set_layout(&mut self, l: u32) {
        if let Some(Frame::Bco { layout, .. }) = self.st.frames.last_mut() {
            *layout = l;
        }
    }

    fn suspend(&mut self, ret: u32) -> Result<(), RunError> {
        let LoadedInfo::Ret {
            resume: r,
            layout: l,
            ..
        } = self.program.infos[ret as usize]
        else {
            return Err(internal("continuation is not a return info"));
        };
        if let Some(Frame::Bco { layout, resume, .. }) = self.st.frames.last_mut() {
            *layout = l;
            *resume = r;
        }
        Ok(())
    }

    fn pop_bco(&mut self) {
        if let Some(Frame::Bco { base, .. }) = self.st.frames.pop() {
            self.st.slots.truncate(base as usize);
        }
    }

    /// Pushes `f`; the check is one comparison (the mark is never above the
    /// limit) and the rest is out of line.
    #[inline(always)]
    fn push_frame(&mut self, f: Frame) -> Result<(), RunError> {
        let used = self.st.slots.len() + self.st.frames.len();
        if used > self.st.blackhole_mark.min(self.config.max_stack_words) {
            return self.push_frame_slow(f, used);
        }
        self.st.frames.push(f);
        Ok(())
    }

    /// The running thread stops running (a switch, blocking, a callback
    /// parking its context): its thunks under evaluation become blackholes
    /// (Note [Lazy blackholing]).
    pub(super) fn thread_paused(&mut self) {
        self.blackhole_pending();
        let used = self.st.slots.len() + self.st.frames.len();
        self.st.blackhole_mark = used + LAZY_BLACKHOLE_WORDS;
    }

    /// `push_frame` past the blackholing mark or the stack limit.
    #[cold]
    #[inline(never)]
    fn push_frame_slow(&mut self, f: Frame, used: usize) -> Result<(), RunError> {
        if used > self.config.max_stack_words {
            return Err(RunError::StackOverflow {
                words: self.config.max_stack_words,
            });
        }
        self.blackhole_pending();
        self.st.blackhole_mark = used + LAZY_BLACKHOLE_WORDS;
        self.st.frames.push(f);
        Ok(())
    }

    /// Pushes a frame for `bco` with `st.args`' non-void words in its top
    /// slots and clears `st.args`.
    fn push_bco(&mut self, bco: u32) -> Result<(), RunError> {
        let size = self.program.bcos[bco as usize].frame_size as usize;
        let base = self.st.slots.len();
        let words = self.st.args.iter().filter(|(r, _)| *r != Rep::Void).count();
        if words > size {
            return Err(internal(format!(
                "{} argument words for {} (frame of {size} slots); args {:?}",
                words, self.program.bcos[bco as usize].name, self.st.args
            )));
        }
        self.grow_slots(size);
        let mut i = base + size - words;
        let State { slots, cold, .. } = &mut self.st;
        for (r, w) in cold.args.drain(..) {
            if r != Rep::Void {
                slots[i] = w;
                i += 1;
            }
        }
        self.push_frame(Frame::Bco {
            bco,
            base: base as u32,
            layout: NO_LAYOUT,
            resume: 0,
        })
    }

    /// Pushes a frame for `bco`, which takes no arguments (a thunk's).
    #[inline]
    fn push_bco_no_args(&mut self, bco: u32) -> Result<(), RunError> {
        let size = self.program.bcos[bco as usize].frame_size as usize;
        let base = self.st.slots.len();
        self.grow_slots(size);
        self.push_frame(Frame::Bco {
            bco,
            base: base as u32,
            layout: NO_LAYOUT,
            resume: 0,
        })
    }

    /// Adds `size` slots on top of the slot stack (a new frame's). Their
    /// contents are unspecified (Note [Frames are not zeroed]): only words
    /// never written before are zeroed, out of line.
    #[inline]
    fn grow_slots(&mut self, size: usize) {
        let st = &mut self.st;
        let new_len = st.slots.len() + size;
        if new_len > st.slots_written.min(st.slots.capacity()) {
            return self.grow_slots_fresh(size);
        }
        // SAFETY: `new_len` is within the capacity, and every word below
        // `slots_written` has been written (Note [Frames are not zeroed]).
        unsafe { st.slots.set_len(new_len) };
        #[cfg(debug_assertions)]
        poison_fresh_frame(&mut st.slots[new_len - size..]);
    }

    /// `grow_slots` past the words written so far: makes room and zeroes
    /// the whole spare capacity once, so later frames up to the capacity
    /// take the fast path (amortised: the capacity grows geometrically).
    #[cold]
    #[inline(never)]
    fn grow_slots_fresh(&mut self, size: usize) {
        let slots = &mut self.st.slots;
        slots.reserve(size);
        let old = slots.len();
        for w in slots.spare_capacity_mut() {
            w.write(0);
        }
        self.st.slots_written = slots.capacity();
        // SAFETY: `reserve` made room for `size` more words and the loop
        // initialised all of them.
        unsafe { slots.set_len(old + size) };
        #[cfg(debug_assertions)]
        poison_fresh_frame(&mut slots[old..]);
    }

    /// The BCO of a bytecode THUNK's info and whether it is updatable;
    /// `None` for anything else.
    #[inline]
    pub(super) fn bytecode_thunk(&self, info: &InfoTable) -> Option<(u32, bool)> {
        if info.closure_type != ClosureType::Thunk {
            return None;
        }
        let Entry::Bytecode(i) = info.entry else {
            return None;
        };
        match self.program.infos.get(i as usize)? {
            LoadedInfo::Thunk { bco, updatable, .. } => Some((*bco, *updatable)),
            _ => None,
        }
    }

    /// Enters the bytecode thunk `p` (`bytecode_thunk(info)` gave `bco`
    /// and `updatable`): its update frame (CAFs: Note [Lazy blackholing])
    /// and its BCO's frame, to run from instruction 0.
    #[inline]
    pub(super) fn enter_thunk(
        &mut self,
        p: ClosurePtr,
        info: &'static InfoTable,
        bco: u32,
        updatable: bool,
    ) -> Result<(), RunError> {
        self.load_node(p, info);
        if updatable {
            // Statics are never in a generation; the static thunks are the
            // CAFs.
            let is_caf = self.storage.generation_of(p).is_none()
                && self.program.cafs.binary_search(&p.addr()).is_ok();
            if is_caf {
                self.enter_caf(p, info)?;
            } else {
                self.push_update_frame(p, info)?;
            }
        }
        // A thunk takes no arguments (`st.args` may still hold a finished
        // primop's).
        self.st.args.clear();
        self.push_bco_no_args(bco)
    }

    fn load_node(&mut self, p: ClosurePtr, info: &InfoTable) {
        let n = (info.ptrs + info.nptrs) as usize;
        self.node.clear();
        self.node.reserve(n);
        // One capacity check for the whole payload, not one per word.
        let dst = self.node.as_mut_ptr();
        for i in 0..n {
            // SAFETY: `reserve` made room for `n` words at `dst`; `p` is a
            // live closure with this info's payload.
            unsafe { dst.add(i).write(p.payload(i)) };
        }
        // SAFETY: the loop initialised the first `n` words.
        unsafe { self.node.set_len(n) };
    }

    // -------------------------------------------------------- eval/apply

    fn enter(&mut self, p: ClosurePtr) -> Result<Next, RunError> {
        // SAFETY: `p` came from a slot, register or field: a live closure.
        let p = unsafe { deref(p) };
        // SAFETY: as above.
        let info = unsafe { p.info() };
        match info.closure_type {
            t if is_value(t) => {
                self.rets.clear();
                self.rets.push(p.to_word());
                Ok(Next::Return)
            }
            ClosureType::Blackhole => self.enter_blackhole(p),
            // An interrupted evaluation (freeze.rs).
            ClosureType::ApStack => self.enter_ap_stack(p),
            ClosureType::Thunk => {
                if let Entry::Native(i) = info.entry {
                    // Built-in code (native/entries.rs), e.g. RAISE_THUNK.
                    return self.enter_native(i, p);
                }
                let Some((bco, updatable)) = self.bytecode_thunk(info) else {
                    return Err(internal("thunk without a bytecode thunk info"));
                };
                self.enter_thunk(p, info, bco, updatable)?;
                Ok(Next::Run(0))
            }
            ClosureType::Ap => {
                // SAFETY: an AP's layout (closure.rs): desc, fun, args.
                let (desc, fun) = unsafe { (PapArgs::from_word(p.payload(0)), p.payload_ptr(1)) };
                self.st.args.clear();
                for i in 0..desc.n_args as usize {
                    let rep = if desc.is_pointer(i) {
                        Rep::Ptr
                    } else {
                        Rep::Word
                    };
                    // SAFETY: argument word `i` of the AP.
                    self.st.args.push((rep, unsafe { p.payload(2 + i) }));
                }
                self.push_update_frame(p, info)?;
                Ok(Next::Apply(fun))
            }
            t => Err(internal(format!(
                "entering a {t:?} closure ({})",
                info.name
            ))),
        }
    }

    /// Enters the CAF `p` (its free variables are in `node`): it becomes an
    /// IND_STATIC to a fresh blackhole, which its update frame updates.
    /// Eagerly blackholed, so the frames under it are blackholed first
    /// (Note [Lazy blackholing]).
    fn enter_caf(&mut self, p: ClosurePtr, info: &'static InfoTable) -> Result<(), RunError> {
        self.blackhole_pending();
        let saved = self.st.saved.len() as u32;
        let len = self.node.len().max(1) as u32;
        self.st.saved.extend_from_slice(&self.node);
        if self.node.is_empty() {
            self.st.saved.push(0);
        }
        self.st.extra.push(p);
        let bh = self.alloc(2)?;
        let p = self.st.extra.pop().unwrap_or(p);
        // SAFETY: fresh 2-word closure; `p` is an unentered static thunk
        // (it would be an IND_STATIC otherwise).
        unsafe {
            bh.set_info(&builtins::BLACKHOLE);
            bh.set_payload(0, 0);
            self.storage.claim_caf(p, bh);
        }
        self.push_frame(Frame::Update {
            updatee: bh,
            info,
            saved,
            len,
        })
    }

    fn apply(&mut self, f: ClosurePtr) -> Result<Next, RunError> {
        let mut f = f;
        loop {
            // SAFETY: `f` is a live closure.
            f = unsafe { deref(f) };
            // SAFETY: as above.
            let info = unsafe { f.info() };
            match info.closure_type {
                ClosureType::Fun => {
                    let Entry::Bytecode(i) = info.entry else {
                        return Err(internal("function without bytecode"));
                    };
                    let LoadedInfo::Fun {
                        bco, ref arg_reps, ..
                    } = self.program.infos[i as usize]
                    else {
                        return Err(internal("function with a non-function info"));
                    };
                    let arity = arg_reps.len();
                    let m = self.st.args.len();
                    if m == arity {
                        self.load_node(f, info);
                        self.push_bco(bco)?;
                        return Ok(Next::Run(0));
                    } else if m < arity {
                        return self.make_pap(f, arity);
                    } else {
                        let mut rest = self.spare_args.pop().unwrap_or_default();
                        rest.extend(self.st.args.drain(arity..));
                        self.push_frame(Frame::Apply(rest))?;
                    }
                }
                ClosureType::Pap => {
                    // SAFETY: a PAP's layout (closure.rs): desc, fun, args.
                    let (desc, fun) =
                        unsafe { (PapArgs::from_word(f.payload(0)), f.payload_ptr(1)) };
                    // SAFETY: the PAP's function is a live FUN.
                    let finfo = unsafe { fun.info() };
                    let Entry::Bytecode(i) = finfo.entry else {
                        return Err(internal("PAP of a non-bytecode function"));
                    };
                    let LoadedInfo::Fun { ref arg_reps, .. } = self.program.infos[i as usize]
                    else {
                        return Err(internal("PAP of a non-function"));
                    };
                    let held = arg_reps.len() - desc.arity as usize;
                    // The PAP's arguments go in front of the pending ones,
                    // in place (no new vector per application).
                    let args = &mut self.st.args;
                    let m = args.len();
                    args.resize(m + held, (Rep::Void, 0));
                    args.copy_within(0..m, held);
                    let mut w = 0;
                    for (slot, r) in args[..held].iter_mut().zip(&arg_reps[..held]) {
                        *slot = if *r == Rep::Void {
                            (Rep::Void, 0)
                        } else {
                            w += 1;
                            // SAFETY: word `w - 1` of the PAP's arguments.
                            (*r, unsafe { f.payload(2 + w - 1) })
                        };
                    }
                    f = fun;
                }
                ClosureType::Thunk
                | ClosureType::Ap
                | ClosureType::ApStack
                | ClosureType::Blackhole => {
                    let fresh = self.spare_args.pop().unwrap_or_default();
                    let args = std::mem::replace(&mut self.st.args, fresh);
                    self.push_frame(Frame::Apply(args))?;
                    return Ok(Next::Enter(f));
                }
                t => return Err(internal(format!("applying a {t:?} ({})", info.name))),
            }
        }
    }

    fn make_pap(&mut self, f: ClosurePtr, arity: usize) -> Result<Next, RunError> {
        let m = self.st.args.len();
        let mut mask = 0u32;
        let mut words = 0usize;
        for (r, _) in &self.st.args {
            if *r == Rep::Void {
                continue;
            }
            if *r != Rep::Ptr {
                if words >= 32 {
                    return Err(internal("PAP with a non-pointer past argument 32"));
                }
                mask |= 1 << words;
            }
            words += 1;
        }
        self.st.extra.push(f);
        let p = self.alloc(3 + words)?;
        let f = self.st.extra.pop().unwrap_or(f);
        let desc = PapArgs {
            n_args: words as u16,
            arity: (arity - m) as u16,
            non_pointer_mask: mask,
        };
        // SAFETY: a fresh closure of 3 + words words, filled completely.
        unsafe {
            p.set_info(&builtins::PAP);
            p.set_payload(0, desc.to_word());
            p.set_payload(1, f.to_word());
            let mut i = 0;
            for (r, w) in self.st.args.drain(..) {
                if r != Rep::Void {
                    p.set_payload(2 + i, w);
                    i += 1;
                }
            }
        }
        self.rets.clear();
        self.rets.push(p.to_word());
        Ok(Next::Return)
    }

    // -------------------------------------------------------------- loop

    fn exec(&mut self, first: Next) -> Result<Exit, RunError> {
        let mut next = first;
        loop {
            let step = match next {
                // Bytecode or compiled code (native.rs).
                Next::Run(pc) => self.run_code(pc),
                // Safe points: function entry and evaluation (every loop
                // goes through one, see run_bco).
                Next::Enter(p) => {
                    if self.at_safe_point() {
                        self.safe_point(next)
                    } else {
                        self.enter(p).map(Some)
                    }
                }
                Next::Apply(f) => {
                    if self.at_safe_point() {
                        self.safe_point(next)
                    } else {
                        self.apply(f).map(Some)
                    }
                }
                Next::Return => self.do_return(),
                Next::Raise(e) => self.raise(e, false).map(Some),
                Next::RaiseAsync(e) => self.raise(e, true).map(Some),
                Next::Schedule => self.schedule(),
            };
            next = match step {
                Ok(Some(n)) => n,
                Ok(None) => {
                    if let Some(c) = self.exit_code.take() {
                        return Ok(Exit::Code(c));
                    }
                    if self.sched.current == self.sched.main {
                        return Ok(Exit::Returned);
                    }
                    if self.sched.current == threads::NO_THREAD {
                        // `schedule` in embedded mode: nothing can run.
                        return Ok(Exit::Returned);
                    }
                    self.finish_current(threads::STATUS_FINISHED)
                }
                Err(e) => match self.as_exception(e) {
                    Ok(n) => n,
                    Err(e) => self.thread_died(e)?,
                },
            };
        }
    }

    /// `<<loop>>`, stack and heap overflow become the library's exception
    /// closures when a catch frame can handle them; otherwise they stay
    /// Rust errors (so an uncaught one keeps its specific `RunError`).
    fn as_exception(&mut self, e: RunError) -> Result<Next, RunError> {
        let exc = match e {
            RunError::NonTermination => self.program.non_termination,
            RunError::StackOverflow { .. } => self.program.stack_overflow,
            RunError::HeapOverflow => self.program.heap_overflow,
            _ => None,
        };
        match exc {
            Some(x) if self.st.frames.iter().any(|f| matches!(f, Frame::Catch(_))) => {
                Ok(Next::Raise(x))
            }
            _ => Err(e),
        }
    }

    fn do_return(&mut self) -> Result<Option<Next>, RunError> {
        loop {
            // The common case first: resume the continuation on top.
            if let Some(Frame::Bco { layout, resume, .. }) = self.st.frames.last_mut() {
                *layout = NO_LAYOUT;
                return Ok(Some(Next::Run(*resume)));
            }
            match self.st.frames.pop() {
                None | Some(Frame::Stop) => return Ok(None),
                Some(Frame::Update {
                    updatee,
                    saved,
                    len,
                    ..
                }) => self.update_thunk(updatee, saved, len)?,
                Some(Frame::Catch(_)) => {}
                Some(Frame::RestoreMask(m)) => {
                    if let Some(n) = self.set_mask(m) {
                        return Ok(Some(n));
                    }
                }
                Some(Frame::PrimResults) => return self.prim_results().map(Some),
                Some(Frame::Apply(args)) => {
                    let mut old = std::mem::replace(&mut self.st.args, args);
                    if self.spare_args.len() < SPARE_ARG_VECTORS {
                        old.clear();
                        self.spare_args.push(old);
                    }
                    let f = ClosurePtr::from_word(self.rets[0]);
                    return Ok(Some(Next::Apply(f)));
                }
                Some(Frame::Bco { .. }) => {
                    return Err(internal("do_return popped a BCO frame"));
                }
            }
        }
    }

    /// The work of an update frame (`updatee`, `saved`, `len`) just popped:
    /// `updatee` becomes an indirection to the returned value `rets[0]`.
    #[inline]
    fn update_thunk(&mut self, updatee: ClosurePtr, saved: u32, len: u32) -> Result<(), RunError> {
        let Some(&v) = self.rets.first() else {
            return Err(internal("update without a value"));
        };
        if len == 0 {
            // Not blackholed (or another frame's): nothing saved (Note
            // [Lazy blackholing]).
            self.st.unblackholed = self.st.unblackholed.saturating_sub(1);
        } else {
            self.st.saved.truncate(saved as usize);
        }
        // SAFETY: `updatee` is the thunk under evaluation (or its
        // blackhole) this frame owns; `v` a value.
        unsafe {
            self.storage
                .update_with_indirection(updatee, ClosurePtr::from_word(v))
        };
        Ok(())
    }

    /// Unwinds to the innermost catch frame and applies its handler, with
    /// asynchronous exceptions masked (restored when the handler returns),
    /// as GHC's raise does. `async_`: Note [Restoring thunks on
    /// asynchronous exceptions].
    fn raise(&mut self, exc: ClosurePtr, async_: bool) -> Result<Next, RunError> {
        let mut exc = exc;
        if async_ {
            // Thunks under evaluation above the handler keep their work
            // (freeze.rs, Note [Freezing interrupted evaluations]).
            exc = self.freeze_to_handler(exc)?;
        } else {
            self.st.interrupted = None;
        }
        loop {
            if async_ && let Some(&Frame::Update { len, .. }) = self.st.frames.last() {
                if len == 0 {
                    // The thunk is intact, or a lower frame restores it
                    // (Note [Lazy blackholing]).
                    self.st.frames.pop();
                    self.st.unblackholed = self.st.unblackholed.saturating_sub(1);
                } else {
                    exc = self.restore_thunk(exc)?;
                }
                continue;
            }
            match self.st.frames.pop() {
                None | Some(Frame::Stop) => {
                    self.st.frames.push(Frame::Stop);
                    self.st.args.clear();
                    self.st.args.push((Rep::Ptr, exc.to_word()));
                    return Err(RunError::Uncaught);
                }
                Some(Frame::Bco { base, .. }) => self.st.slots.truncate(base as usize),
                Some(Frame::Apply(_)) | Some(Frame::PrimResults) => {}
                Some(Frame::RestoreMask(m)) => self.cur_mut_mask(m),
                Some(Frame::Update {
                    updatee: p,
                    saved,
                    len,
                    ..
                }) => {
                    if len == 0 {
                        self.st.unblackholed = self.st.unblackholed.saturating_sub(1);
                    } else {
                        self.st.saved.truncate(saved as usize);
                    }
                    // SAFETY: `p` is the thunk under evaluation (at least 2
                    // words) or its 2-word BLACKHOLE, owned by this frame;
                    // it becomes a thunk re-raising `exc` (2 words).
                    unsafe {
                        self.storage.overwrite(p, &RAISE_THUNK, 2);
                        p.set_payload(0, exc.to_word());
                    }
                    self.storage.record_mutation(p);
                }
                Some(Frame::Catch(handler)) => {
                    self.st.args.clear();
                    self.st.args.push((Rep::Ptr, exc.to_word()));
                    self.st.args.push((Rep::Void, 0));
                    self.mask_for_handler()?;
                    return Ok(Next::Apply(handler));
                }
            }
        }
    }
}

/// What a primop did.
enum PrimOut {
    /// Its non-void results are in `rets`.
    Values,
    /// It continues elsewhere (apply, raise).
    Next(Next),
    /// `exit#`.
    Exit(i64),
    /// The thread must wait (concurrency primops only; the instruction
    /// suspends its frame, then `Machine::block_current`).
    Block(concurrency::BlockOn),
}

impl Machine<'_> {
    #[inline]
    fn slot(&self, base: usize, s: bytecode::Slot) -> Word {
        self.st.slots[base + s.0 as usize]
    }

    /// The first four non-void argument words of an instruction, read
    /// straight from the slots (missing ones read as 0); for the primops
    /// that need no `st.args` (Note [Direct primop calls] in cold.rs).
    #[cfg(not(feature = "interp-none"))]
    #[inline]
    fn slot_words(&self, base: usize, args: &Args) -> [Word; 4] {
        primops::first_words(arg_words(&self.st.slots, base, args)).0
    }

    #[cfg(not(feature = "interp-none"))]
    fn collect_args(&mut self, base: usize, args: &Args) {
        // One `extend` over an exact-size iterator: a single capacity check
        // for all the arguments, not one per `push`.
        self.st.args.clear();
        let State { slots, cold, .. } = &mut self.st;
        cold.args.extend(arg_words(slots, base, args));
    }

    /// Runs the top BCO frame from instruction `pc` until control leaves
    /// it. `None`: the program exited (`exit#`). Not built with
    /// `interp-none` (compiled code runs instead: native.rs). Only the
    /// common instructions are inline; the rest is in cold.rs (Note [A
    /// small dispatch loop]).
    #[cfg(not(feature = "interp-none"))]
    fn run_bco(&mut self, mut pc: u32) -> Result<Option<Next>, RunError> {
        let program = self.program;
        // Each turn of the outer loop makes the top BCO frame the running
        // one (its number, slot base and code in locals) and runs it until
        // it calls, returns or leaves. Counted per activation/resumption,
        // not per instruction (cheaper; every loop goes through a call, as
        // there are no backward jumps without one — the writer has no
        // let-no-escape loops yet).
        'frame: loop {
            let Some(&Frame::Bco { bco, base, .. }) = self.st.frames.last() else {
                return Err(internal("running without a BCO frame"));
            };
            let base = base as usize;
            let code = &program.bcos[bco as usize].code;
            // The running frame's slots, `[base, frame_end)`, are inside
            // the slot stack: checked here and after every cold step that
            // stays in the frame, so that slot operands are read and
            // written unchecked (Note [Unchecked slots] in loader/mod.rs).
            let frame_end = base + code.slot_bound();
            // Slot `s` of the running frame is `fp.add(s)`: derived from
            // the slot stack here and after every cold step that stays in
            // the frame (which may have moved the stack), together with
            // the check. On both targets (unlike the fetch below: here wasm
            // is faster without the bounds checks too).
            let mut fp: *mut Word;
            macro_rules! check_frame {
                () => {{
                    if frame_end > self.st.slots.len() {
                        return Err(internal("a frame's slots outside the slot stack"));
                    }
                    // SAFETY: `base <= frame_end <= slots.len()` (just
                    // checked): inside the allocation or one past it.
                    fp = unsafe { self.st.slots.as_mut_ptr().add(base) };
                }};
            }
            check_frame!();
            // Slot operand `$s` of the running frame: read, written.
            macro_rules! get {
                ($s:expr) => {{
                    let i = $s.0 as usize;
                    debug_assert!(base + i < frame_end);
                    // (Some uses are inside an `unsafe` block already.)
                    #[allow(unused_unsafe)]
                    // SAFETY: `$s` is a slot operand of `code`, so below
                    // `code.slot_bound()`, and `frame_end <= slots.len()`
                    // holds with `fp` derived since the last change to the
                    // slot stack (`check_frame!`; Note [Unchecked slots]).
                    let v = unsafe { *fp.add(i) };
                    v
                }};
            }
            macro_rules! set {
                ($s:expr, $v:expr) => {{
                    let v = $v;
                    let i = $s.0 as usize;
                    debug_assert!(base + i < frame_end);
                    // SAFETY: as for `get!`.
                    unsafe { *fp.add(i) = v };
                }};
            }
            // How instructions are fetched differs by target (Note
            // [Walking the code] in loader/mod.rs): natively the frame runs
            // from index `pc`, checked once here, through a pointer `ip`;
            // on wasm the index `pc` itself, checked per instruction (the
            // pointer walk measured slower there).
            #[cfg(not(target_family = "wasm"))]
            if pc as usize >= code.len() {
                return Err(internal("ran off the end of a BCO"));
            }
            #[cfg(not(target_family = "wasm"))]
            let start = code.as_ptr();
            // SAFETY: `pc` is an index inside `code` (checked above).
            #[cfg(not(target_family = "wasm"))]
            let mut ip = unsafe { start.add(pc as usize) };
            // The next instruction, stepping past it.
            #[cfg(not(target_family = "wasm"))]
            macro_rules! fetch {
                () => {{
                    // SAFETY: `ip` points at an instruction of `code`: it
                    // starts at a checked index, jumps land on
                    // instructions, and it never falls through past the
                    // last one, which leaves the frame (Note [Walking the
                    // code]).
                    let instr = unsafe { &*ip };
                    // SAFETY: at most one past the end of `code` (as above).
                    ip = unsafe { ip.add(1) };
                    instr
                }};
            }
            #[cfg(target_family = "wasm")]
            macro_rules! fetch {
                () => {{
                    let Some(instr) = code.get(pc as usize) else {
                        return Err(internal("ran off the end of a BCO"));
                    };
                    pc += 1;
                    instr
                }};
            }
            // The index of the instruction after the one running (the `pc`
            // a suspended frame resumes at).
            #[cfg(not(target_family = "wasm"))]
            macro_rules! pc_after {
                () => {
                    // SAFETY: `ip` points into `code` or one past its end,
                    // so it and `start` are in one allocation.
                    unsafe { ip.offset_from(start) as u32 }
                };
            }
            #[cfg(target_family = "wasm")]
            macro_rules! pc_after {
                () => {
                    pc
                };
            }
            // A jump inside the frame to index `$target`.
            #[cfg(not(target_family = "wasm"))]
            macro_rules! jump {
                ($target:expr) => {
                    // SAFETY: a jump target is an index inside the code
                    // (`BcoCode`'s invariant).
                    ip = unsafe { start.add($target as usize) }
                };
            }
            #[cfg(target_family = "wasm")]
            macro_rules! jump {
                ($target:expr) => {
                    pc = $target
                };
            }
            self.steps += 1;
            if self.steps > self.config.max_steps.unwrap_or(u64::MAX) {
                return Err(RunError::StepLimit);
            }
            // What a cold arm asks for (cold.rs).
            macro_rules! flow {
                ($flow:expr) => {
                    match $flow? {
                        cold::Flow::Go => check_frame!(),
                        cold::Flow::Frame(new_pc) => {
                            pc = new_pc;
                            continue 'frame;
                        }
                        cold::Flow::Transfer(next) => break next,
                        cold::Flow::Leave(out) => return Ok(out),
                    }
                };
            }
            // A return whose continuation is the BCO frame below (under
            // any update frames) resumes it here; anything else (apply,
            // catch... frames) goes through `do_return` (Note [Evaluation
            // in the loop] in call.rs).
            macro_rules! return_to_top {
                () => {{
                    if let Some(resume) = self.resume_after_return()? {
                        pc = resume;
                        continue 'frame;
                    }
                    break Next::Return;
                }};
            }
            // The inner loop runs instructions; it breaks with a transfer
            // that leaves the frame, taken below without leaving `run_bco`
            // when it leads to a BCO frame (Note [Staying in the loop]).
            let next = loop {
                match fetch!() {
                    Instr::Move { dst, src } => {
                        let v = get!(src);
                        set!(dst, v);
                    }
                    Instr::LoadFv { dst, index } => {
                        let Some(&v) = self.node.get(index.0 as usize) else {
                            return Err(internal("load.fv past the payload"));
                        };
                        set!(dst, v);
                    }
                    Instr::LoadLit { dst, lit } => {
                        set!(dst, program.literals[lit.0 as usize].word);
                    }
                    Instr::LoadStatic { dst, global } => {
                        set!(dst, program.statics[global.0 as usize].to_word());
                    }
                    Instr::LoadField { dst, obj, index } => {
                        // SAFETY: slot[obj] is an evaluated constructor
                        // (writer's contract); the index is inside its
                        // payload.
                        let v = unsafe {
                            let p = deref(ClosurePtr::from_word(get!(obj)));
                            p.payload(index.0 as usize)
                        };
                        set!(dst, v);
                    }
                    Instr::HeapCheck { words, layout } => {
                        let (hp, lim) = self.storage.hp_window();
                        // Under --chaos-gc every check takes the slow path,
                        // where the chaos decider is consulted (else it only
                        // ever saw checks that failed anyway).
                        let chaos = self.config.chaos_gc_every.is_some();
                        if chaos || hp + words.0 as usize * WORD_BYTES > lim {
                            flow!(self.heap_check_slow(pc_after!(), words.0 as usize, layout.0));
                        }
                    }
                    Instr::AllocCon { dst, info, fields } => {
                        let LoadedInfo::Con { table } = program.infos[info.0 as usize] else {
                            return Err(internal("alloc.con of a non-constructor"));
                        };
                        let p = self.alloc_checked(1 + fields.0.len())?;
                        // SAFETY: a fresh closure of 1 + fields words, filled.
                        unsafe {
                            p.set_info(table);
                            for (i, s) in fields.0.iter().enumerate() {
                                p.set_payload(i, get!(s));
                            }
                        }
                        set!(dst, p.to_word());
                    }
                    Instr::AllocClosure { dst, info, fvs } => {
                        let table = match program.infos[info.0 as usize] {
                            LoadedInfo::Fun { table, .. } | LoadedInfo::Thunk { table, .. } => {
                                table
                            }
                            _ => return Err(internal("alloc.closure of a non-closure")),
                        };
                        let n = fvs.0.len();
                        let min = if table.closure_type == ClosureType::Thunk {
                            1
                        } else {
                            0
                        };
                        let p = self.alloc_checked(1 + n.max(min))?;
                        // SAFETY: a fresh closure of 1 + max(n, min) words,
                        // filled.
                        unsafe {
                            p.set_info(table);
                            if n == 0 && min == 1 {
                                p.set_payload(0, 0);
                            }
                            for (i, s) in fvs.0.iter().enumerate() {
                                p.set_payload(i, get!(s));
                            }
                        }
                        set!(dst, p.to_word());
                    }
                    Instr::SetField { obj, index, src } => {
                        let p = ClosurePtr::from_word(get!(obj));
                        // SAFETY: a closure allocated since the last GC
                        // point (letrec knot), so young: no write barrier
                        // needed.
                        unsafe { p.set_payload(index.0 as usize, get!(src)) };
                    }
                    Instr::Eval { ret, x } => {
                        // SAFETY: slots hold live closures.
                        let p = unsafe { deref(ClosurePtr::from_word(get!(x))) };
                        // SAFETY: as above.
                        let info = unsafe { p.info() };
                        if is_value(info.closure_type) {
                            self.rets.clear();
                            self.rets.push(p.to_word());
                            let LoadedInfo::Ret { resume, .. } = program.infos[ret.0 as usize]
                            else {
                                return Err(internal("eval with a non-return info"));
                            };
                            // (On wasm the fetch checks every index.)
                            #[cfg(not(target_family = "wasm"))]
                            if resume as usize >= code.len() {
                                return Err(internal("eval resumes past the end of its BCO"));
                            }
                            jump!(resume);
                        } else {
                            self.suspend(ret.0)?;
                            // A bytecode thunk is entered here, with the
                            // safe point `exec` would consult (Note
                            // [Evaluation in the loop] in call.rs).
                            if let Some((thunk_bco, updatable)) = self.bytecode_thunk(info) {
                                if self.at_safe_point() {
                                    return self.safe_point(Next::Enter(p));
                                }
                                self.enter_thunk(p, info, thunk_bco, updatable)?;
                                pc = 0;
                                continue 'frame;
                            }
                            break Next::Enter(p);
                        }
                    }
                    Instr::Call { ret, fun, args } => {
                        let f = ClosurePtr::from_word(get!(fun));
                        self.suspend(ret.0)?;
                        // The safe point `exec` would consult before
                        // applying; then the direct path (Note [Direct
                        // calls] in call.rs) or the general one.
                        if self.at_safe_point() {
                            return self.call_at_safe_point(f, base, args);
                        }
                        if self.call_direct(f, base, args)? {
                            pc = 0;
                            continue 'frame;
                        }
                        break self.call_general(f, base, args)?;
                    }
                    Instr::TailCall { fun, args } => {
                        let f = ClosurePtr::from_word(get!(fun));
                        let safe = self.at_safe_point();
                        if !safe && self.tail_call_direct(f, base, args)? {
                            pc = 0;
                            continue 'frame;
                        }
                        flow!(self.tail_call_general(f, base, args, safe));
                    }
                    Instr::Enter { x } => {
                        let p = ClosurePtr::from_word(get!(x));
                        self.pop_bco();
                        break Next::Enter(p);
                    }
                    Instr::Return { x } => {
                        self.rets.clear();
                        self.rets.push(get!(x));
                        self.pop_bco();
                        return_to_top!();
                    }
                    Instr::ReturnVals { vals } => {
                        self.rets.clear();
                        for a in &vals.0 {
                            if a.rep != Rep::Void {
                                self.rets.push(get!(a.slot));
                            }
                        }
                        self.pop_bco();
                        return_to_top!();
                    }
                    Instr::Recv { dst, index } => {
                        let Some(&v) = self.rets.get(index.0 as usize) else {
                            return Err(internal("recv of a missing return value"));
                        };
                        set!(dst, v);
                    }
                    Instr::Jump { target } => jump!(target.0),
                    // Inline total primops and compare-and-branch
                    // (docs/design/dispatch.md): no argument vectors, no GC.
                    Instr::Arith { op, dst, a, b } => {
                        let v = op.eval(get!(a), get!(b));
                        set!(dst, v);
                    }
                    Instr::ArithLit { op, dst, a, lit } => {
                        let l = program.literals[lit.0 as usize].word;
                        let v = op.eval(get!(a), l);
                        set!(dst, v);
                    }
                    Instr::JumpUnless { op, a, b, target } => {
                        if op.eval(get!(a), get!(b)) == 0 {
                            jump!(target.0);
                        }
                    }
                    Instr::JumpUnlessLit { op, a, lit, target } => {
                        let l = program.literals[lit.0 as usize].word;
                        if op.eval(get!(a), l) == 0 {
                            jump!(target.0);
                        }
                    }
                    Instr::SwitchTag { x, targets } => {
                        // SAFETY: slot[x] is an evaluated constructor.
                        let tag = unsafe { deref(ClosurePtr::from_word(get!(x))).info().con_tag };
                        let Some(target) = targets.0.get(tag as usize) else {
                            return Err(internal("constructor tag out of range in switch.tag"));
                        };
                        jump!(target.0);
                    }
                    Instr::JumpIfNeLit { x, lit, target } => {
                        let l = program.literals[lit.0 as usize];
                        let v = get!(x);
                        let ne = if l.is_double {
                            f64::from_bits(v) != f64::from_bits(l.word)
                        } else if l.is_float {
                            f32::from_bits(v as u32) != f32::from_bits(l.word as u32)
                        } else {
                            v != l.word
                        };
                        if ne {
                            jump!(target.0);
                        }
                    }
                    Instr::Prim {
                        prim,
                        layout,
                        results,
                        args,
                    } => {
                        // Fast path: a pure primop (total or not) on at most
                        // four words with one result computes straight from
                        // the slots; anything else (a failure included)
                        // takes the general path (cold.rs).
                        // docs/design/dispatch.md.
                        if results.0.len() == 1
                            && args.0.len() <= 4
                            && let Some(&concurrency::Route::Pure(p)) =
                                self.prim_routes.get(prim.0 as usize)
                        {
                            let mut a = [0 as Word; 4];
                            let mut n = 0;
                            for arg in &args.0 {
                                if arg.rep != Rep::Void {
                                    a[n] = get!(arg.slot);
                                    n += 1;
                                }
                            }
                            if let Ok(Some(v)) = crate::interp::prims::pure_op(p, &a[..n]) {
                                set!(results.0[0], v);
                                continue;
                            }
                        }
                        flow!(self.prim_general(
                            pc_after!(),
                            base,
                            prim.0,
                            layout.0,
                            &results.0,
                            args
                        ));
                    }
                    Instr::PrimCall { ret, prim, args } => {
                        flow!(self.prim_call(base, ret.0, prim.0, args));
                    }
                    Instr::PrimTail { prim, args } => {
                        flow!(self.prim_tail(base, prim.0, args));
                    }
                    Instr::ForeignCall {
                        call,
                        layout,
                        results,
                        args,
                    } => {
                        self.foreign_call(base, call.0, layout.0, &results.0, &args.0)?;
                        check_frame!();
                    }
                    Instr::Panic { .. } => return Err(self.impossible_alternative(bco)),
                }
            };
            // A transfer out of the running frame.
            match self.continue_inline(next)? {
                call::Continue::Run(new_pc) => pc = new_pc,
                call::Continue::Leave(out) => return Ok(out),
            }
        }
    }

    #[cfg(not(feature = "interp-none"))]
    fn exit(&mut self, code: i64) -> Result<Option<Next>, RunError> {
        self.exit_code = Some(code);
        Ok(None)
    }
}
