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

use bytecode::{Args, Slot};

use super::{Frame, Machine, NO_LAYOUT, Next, PrimOut, RunError, internal};
use crate::word::ClosurePtr;

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
                if self.rets.len() < results.len() {
                    return Err(internal("primop returned too few results"));
                }
                for (i, s) in results.iter().enumerate() {
                    self.st.slots[base + s.0 as usize] = self.rets[i];
                }
                Ok(Flow::Go)
            }
            PrimOut::Next(n) => Ok(Flow::Leave(Some(n))),
            PrimOut::Exit(c) => self.exit(c).map(Flow::Leave),
        }
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
