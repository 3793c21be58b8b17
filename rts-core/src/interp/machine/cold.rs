//! The bytecode loop's cold arms: the parts of `run_bco` (machine.rs) that
//! run rarely or are calls anyway — the general primop path, `prim.call`
//! and `prim.tail`, the slow paths of heap checks and calls (safe points,
//! `apply`), and the loop's error reports — kept out of line so that the
//! loop itself stays small (Note [A small dispatch loop]).

// Note [A small dispatch loop]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// `run_bco` is the interpreter's hottest function. Natively LLVM allocates
// registers well across its large `match`; on wasm, Cranelift compiles the
// same function (once LLVM has inlined everything it calls) into code that
// spills many values to the stack around every dispatch, and the wasm
// build ran 1.6–1.8x the native CPU time (docs/performance.md, "Session
// 6"). So the loop keeps inline only what the common instructions need:
// moves, loads, inline arithmetic, compare-and-branch, allocation into a
// checked heap, the direct call path (call.rs) and returning to a BCO
// continuation. Everything else is a call to an `#[inline(never)]`
// function here that tells the loop what to do next with a `Flow`, and all
// other transfers (`apply`, `enter`, `do_return`) go through one out-of-line
// `continue_inline` call at the bottom of the loop instead of being
// inlined at every instruction that can transfer. Measurements:
// docs/design/dispatch.md, "The dispatch loop on wasm".

use bytecode::{Args, Rep, Slot};

use super::concurrency::{BlockOn, Conc, Route};
use super::threads::{MASKED_INTERRUPTIBLE, MASKED_UNINTERRUPTIBLE, MVarOp, UNMASKED};
use super::{Frame, Machine, NO_LAYOUT, Next, PrimOut, RunError, internal};
use crate::interp::prims::Prim;
use crate::word::{ClosurePtr, Word};

/// A primop that pushes one frame and applies its first argument to the
/// world token (Note [Direct primop calls]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ApplyPrim {
    /// `catch#`: a catch frame with the second argument as handler.
    Catch,
    /// A masking primop: the thread's new masking state.
    Mask(u8),
}

// Note [Direct primop calls]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~
// The general primop path collects the arguments as (rep, word) pairs into
// `st.args` (a GC root, so a primop that allocates can re-read its pointer
// arguments after a collection), dispatches, and copies the results out of
// `rets`. For the stable-pointer primops that is most of the cost of the
// call. Those whose code reads only its word arguments once, before any
// allocation (`memory::direct_memory_prim`: the argument a
// `makeStablePtr#` allocates around is already in the stable-pointer table,
// a root), run straight from the slots into the result slots, and set the
// frame's layout only when they may allocate (and so collect).
//
// The primops that apply their first argument to the world token after
// pushing one frame — `catch#` (a catch frame) and the three masking
// primops (a frame restoring the old state, when the state changes) — take
// the same shortcut when called by `prim.call`/`prim.tail`
// (`prim_apply_direct`): their closure arguments are read from the slots
// (nothing allocates before the frame holds the handler and the action is
// applied), and the action, nearly always a bytecode function of the world
// alone (Note [IO actions as arguments] in the library's GHC.IO), gets its
// frame straight away as a direct call would (Note [Direct calls] in
// call.rs), after the one safe-point test `apply` would have made. Other
// actions (PAPs, thunks) go through `apply` as before. `getMaskingState#`
// and the other concurrency primops that only return values run from the
// slots under a plain `prim` as well (`prim_direct_conc`), and so does
// `fork#`, whose one closure argument `fork_thread` roots while it
// allocates the TSO.

/// What `run_bco` does after a cold arm.
pub(super) enum Flow {
    /// Go on with the next instruction of the running frame.
    Go,
    /// Run the top BCO frame (a new one, or a continuation) from this
    /// instruction.
    Frame(u32),
    /// Take this transfer (`continue_inline`).
    Transfer(Next),
    /// Leave `run_bco` with this result.
    Leave(Option<Next>),
}

impl Machine<'_> {
    /// After a primop that returned its values to the frame below the one
    /// just popped or suspended: resume it in place when it is a BCO
    /// frame, else return through `do_return`.
    fn resume_top(&mut self) -> Flow {
        if let Some(Frame::Bco { layout, resume, .. }) = self.st.frames.last_mut() {
            *layout = NO_LAYOUT;
            return Flow::Frame(*resume);
        }
        Flow::Transfer(Next::Return)
    }

    /// How a primop's non-value outcome leaves the loop.
    fn prim_elsewhere(&mut self, out: PrimOut) -> Result<Flow, RunError> {
        Ok(match out {
            PrimOut::Values => self.resume_top(),
            PrimOut::Block(on) => Flow::Leave(Some(self.block_current(on)?)),
            PrimOut::Next(n) => Flow::Transfer(n),
            PrimOut::Exit(c) => Flow::Leave(self.exit(c)?),
        })
    }

    /// Runs the direct concurrency primop `c` (`prim.call`/`prim.tail`,
    /// the frame already suspended or popped) on its words `a`.
    /// `takeMVar#` and `putMVar#` go from the MVar straight to
    /// `block_current` or to the continuation, with no `PrimOut` between
    /// (Note [Cheap switches] in scheduler.rs).
    #[inline]
    fn conc_direct(&mut self, c: Conc, a: &[Word; 4]) -> Result<Flow, RunError> {
        let mvar = ClosurePtr::from_word(a[0]);
        let (op, value) = match c {
            Conc::TakeMVar => match self.mvar_take_now(mvar)? {
                Some(v) => {
                    self.rets.clear();
                    self.rets.push(v.to_word());
                    return Ok(self.resume_top());
                }
                None => (MVarOp::Take, ClosurePtr::NULL),
            },
            Conc::PutMVar => {
                let v = ClosurePtr::from_word(a[1]);
                if self.mvar_put_now(mvar, v)? {
                    self.rets.clear();
                    return Ok(self.resume_top());
                }
                (MVarOp::Put, v)
            }
            _ => {
                let out = self.exec_conc(c, a)?;
                return self.prim_elsewhere(out);
            }
        };
        let next = self.block_current(BlockOn::MVar { mvar, op, value })?;
        Ok(Flow::Leave(Some(next)))
    }

    /// `prim`'s general path (the fast path for pure primops is inline in
    /// the loop): `pc` is the instruction after it.
    #[inline(never)]
    pub(super) fn prim_general(
        &mut self,
        pc: u32,
        base: usize,
        prim: u16,
        layout: u32,
        results: &[Slot],
        args: &Args,
    ) -> Result<Flow, RunError> {
        let route = self.prim_routes.get(prim as usize);
        if let Some(&Route::MemoryDirect(p, allocates)) = route {
            return self.prim_direct_memory(base, p, allocates, layout, results, args);
        }
        if let Some(&Route::Conc(
            c @ (Conc::GetMaskingState
            | Conc::MyThreadId
            | Conc::ThreadIdToInt
            | Conc::ThreadStatus
            | Conc::SameMVar
            | Conc::IsEmptyMVar),
        )) = route
        {
            return self.prim_direct_conc(base, c, results, args);
        }
        if let Some(&Route::Conc(Conc::Fork)) = route {
            // The TSO's allocation may collect: the frame gets its layout,
            // and `fork_thread` keeps the action a root.
            self.set_layout(layout);
            let flow = self.prim_direct_conc(base, Conc::Fork, results, args)?;
            self.set_layout(NO_LAYOUT);
            return Ok(flow);
        }
        self.prim_collected(pc, base, prim, layout, results, args)
    }

    /// `prim` of a concurrency primop that only reads its word arguments
    /// and returns values (no blocking, no wake-up; `fork#` allocates, with
    /// the frame's layout set by the caller): from the slots, as under
    /// `prim.call` (Note [Direct primop calls]).
    #[inline]
    fn prim_direct_conc(
        &mut self,
        base: usize,
        c: Conc,
        results: &[Slot],
        args: &Args,
    ) -> Result<Flow, RunError> {
        if c == Conc::GetMaskingState {
            // Under every `modifyMVar_`/`withMVar`/`bracket`: the state is
            // read here, without `exec_conc`'s dispatch or `rets`.
            let mask = self.cur()?.mask;
            store_results(&mut self.st.slots, base, results, &[mask as Word])?;
            return Ok(Flow::Go);
        }
        let a = self.slot_words(base, args);
        let PrimOut::Values = self.exec_conc(c, &a)? else {
            return Err(internal("direct concurrency primop did not return values"));
        };
        store_results(&mut self.st.slots, base, results, &self.rets)?;
        Ok(Flow::Go)
    }

    /// The primop `prim` if `prim_apply_direct` runs it.
    #[inline]
    fn direct_apply(&self, prim: u16) -> Option<ApplyPrim> {
        match self.prim_routes.get(prim as usize)? {
            Route::Control(Prim::Catch) => Some(ApplyPrim::Catch),
            Route::Conc(Conc::MaskAsync) => Some(ApplyPrim::Mask(MASKED_INTERRUPTIBLE)),
            Route::Conc(Conc::MaskUninterruptible) => Some(ApplyPrim::Mask(MASKED_UNINTERRUPTIBLE)),
            Route::Conc(Conc::UnmaskAsync) => Some(ApplyPrim::Mask(UNMASKED)),
            _ => None,
        }
    }

    /// `catch#` or a masking primop under `prim.call` (`ret`: its
    /// continuation) or `prim.tail` (`None`): the frame it pushes, then
    /// its action applied to the world token, a bytecode function's frame
    /// pushed directly when it can be (Note [Direct primop calls]). The
    /// same steps, in the same order, as `exec_control`/`exec_conc`
    /// followed by `continue_inline`'s `Apply`.
    #[inline(never)]
    fn prim_apply_direct(
        &mut self,
        base: usize,
        ret: Option<u32>,
        op: ApplyPrim,
        args: &Args,
    ) -> Result<Flow, RunError> {
        let a = self.slot_words(base, args);
        let io = ClosurePtr::from_word(a[0]);
        match ret {
            Some(ret) => self.suspend(ret)?,
            None => self.pop_bco(),
        }
        self.st.args.clear();
        match op {
            ApplyPrim::Catch => self.push_frame(Frame::Catch(ClosurePtr::from_word(a[1])))?,
            ApplyPrim::Mask(new) => {
                if let Some(n) = self.change_mask(new)? {
                    self.st.args.push((Rep::Void, 0));
                    return Ok(Flow::Transfer(n));
                }
            }
        }
        if self.at_safe_point() {
            self.st.args.push((Rep::Void, 0));
            return self.safe_point(Next::Apply(io)).map(Flow::Leave);
        }
        if self.apply_to_world_direct(io)? {
            return Ok(Flow::Frame(0));
        }
        self.st.args.push((Rep::Void, 0));
        self.apply(io).map(Flow::Transfer)
    }

    /// `prim_general` through `st.args` and `rets` (out of line, so that
    /// the direct path above pays for none of its registers).
    #[inline(never)]
    fn prim_collected(
        &mut self,
        pc: u32,
        base: usize,
        prim: u16,
        layout: u32,
        results: &[Slot],
        args: &Args,
    ) -> Result<Flow, RunError> {
        self.collect_args(base, args);
        self.set_layout(layout);
        let out = self.dispatch_prim(prim)?;
        self.set_layout(NO_LAYOUT);
        match out {
            PrimOut::Block(on) => {
                // Suspend this frame after the instruction; the results
                // arrive through `Frame::PrimResults`.
                if let Some(Frame::Bco {
                    layout: l, resume, ..
                }) = self.st.frames.last_mut()
                {
                    *l = layout;
                    *resume = pc;
                }
                self.st.frames.push(Frame::PrimResults);
                Ok(Flow::Leave(Some(self.block_current(on)?)))
            }
            PrimOut::Values => {
                self.st.args.clear();
                store_results(&mut self.st.slots, base, results, &self.rets)?;
                Ok(Flow::Go)
            }
            PrimOut::Next(n) => Ok(Flow::Leave(Some(n))),
            PrimOut::Exit(c) => self.exit(c).map(Flow::Leave),
        }
    }

    /// `prim` of a memory primop that reads only its word arguments: no
    /// `st.args`, no `rets` (Note [Direct primop calls]).
    #[inline]
    fn prim_direct_memory(
        &mut self,
        base: usize,
        p: Prim,
        allocates: bool,
        layout: u32,
        results: &[Slot],
        args: &Args,
    ) -> Result<Flow, RunError> {
        // Missing arguments read as 0, as `arg` does (a malformed image
        // gets an error from the primop, not a panic here).
        let a = self.slot_words(base, args);
        if allocates {
            self.set_layout(layout);
        }
        let values = self.memory_values(p, &a)?;
        if allocates {
            self.set_layout(NO_LAYOUT);
        }
        let Some((vals, count)) = values else {
            return Err(internal("direct memory primop not run"));
        };
        if count < results.len() {
            return Err(internal("primop returned too few results"));
        }
        for (s, v) in results.iter().zip(vals) {
            self.st.slots[base + s.0 as usize] = v;
        }
        Ok(Flow::Go)
    }

    /// `prim.call`: the continuation `ret` is the running frame, which
    /// resumes in place when the primop returns values.
    #[inline(never)]
    pub(super) fn prim_call(
        &mut self,
        base: usize,
        ret: u32,
        prim: u16,
        args: &Args,
    ) -> Result<Flow, RunError> {
        if let Some(c) = self.direct_conc(prim) {
            let a = self.slot_words(base, args);
            self.st.args.clear();
            self.suspend(ret)?;
            return self.conc_direct(c, &a);
        }
        if let Some(op) = self.direct_apply(prim) {
            return self.prim_apply_direct(base, Some(ret), op, args);
        }
        self.collect_args(base, args);
        self.suspend(ret)?;
        let out = self.dispatch_prim(prim)?;
        if let PrimOut::Values = out {
            self.st.args.clear();
        }
        self.prim_elsewhere(out)
    }

    /// `prim.tail`: pops the running frame, then as `prim_call`.
    #[inline(never)]
    pub(super) fn prim_tail(
        &mut self,
        base: usize,
        prim: u16,
        args: &Args,
    ) -> Result<Flow, RunError> {
        if let Some(c) = self.direct_conc(prim) {
            let a = self.slot_words(base, args);
            self.st.args.clear();
            self.pop_bco();
            return self.conc_direct(c, &a);
        }
        if let Some(op) = self.direct_apply(prim) {
            return self.prim_apply_direct(base, None, op, args);
        }
        self.collect_args(base, args);
        self.pop_bco();
        let out = self.dispatch_prim(prim)?;
        if let PrimOut::Values = out {
            self.st.args.clear();
        }
        self.prim_elsewhere(out)
    }

    /// `heap.check` when the window is too small (or under --chaos-gc):
    /// `pc` is the instruction after the check.
    #[inline(never)]
    pub(super) fn heap_check_slow(
        &mut self,
        pc: u32,
        words: usize,
        layout: u32,
    ) -> Result<Flow, RunError> {
        self.set_layout(layout);
        self.heap_check(words)?;
        if self.at_safe_point() {
            // A failed heap check is a safe point too (as GHC's HpLim): the
            // frame keeps the check's layout and re-runs the check when
            // resumed.
            if let Some(Frame::Bco { resume, .. }) = self.st.frames.last_mut() {
                *resume = pc - 1;
            }
            return self.safe_point(Next::Run(pc - 1)).map(Flow::Leave);
        }
        self.set_layout(NO_LAYOUT);
        Ok(Flow::Go)
    }

    /// `call` when a safe point asks for attention (the frame is already
    /// suspended).
    #[inline(never)]
    pub(super) fn call_at_safe_point(
        &mut self,
        f: ClosurePtr,
        base: usize,
        args: &Args,
    ) -> Result<Option<Next>, RunError> {
        self.collect_args(base, args);
        self.safe_point(Next::Apply(f))
    }

    /// `call`'s general path: `apply` with the arguments collected.
    #[inline(never)]
    pub(super) fn call_general(
        &mut self,
        f: ClosurePtr,
        base: usize,
        args: &Args,
    ) -> Result<Next, RunError> {
        self.collect_args(base, args);
        self.apply(f)
    }

    /// `call.tail`'s general path, or its safe point (`safe`): pops the
    /// running frame first.
    #[inline(never)]
    pub(super) fn tail_call_general(
        &mut self,
        f: ClosurePtr,
        base: usize,
        args: &Args,
        safe: bool,
    ) -> Result<Flow, RunError> {
        self.collect_args(base, args);
        self.pop_bco();
        if safe {
            return self.safe_point(Next::Apply(f)).map(Flow::Leave);
        }
        self.apply(f).map(Flow::Transfer)
    }

    /// The error for `panic` (an impossible case alternative) in `bco`.
    #[cold]
    #[inline(never)]
    pub(super) fn impossible_alternative(&self, bco: u32) -> RunError {
        internal(format!(
            "impossible case alternative reached in {}",
            self.program.bcos[bco as usize].name
        ))
    }
}

/// Writes a primop's values into its result slots (`base`-relative).
#[inline]
fn store_results(
    slots: &mut [Word],
    base: usize,
    results: &[Slot],
    values: &[Word],
) -> Result<(), RunError> {
    if values.len() < results.len() {
        return Err(internal("primop returned too few results"));
    }
    for (s, &v) in results.iter().zip(values) {
        slots[base + s.0 as usize] = v;
    }
    Ok(())
}
