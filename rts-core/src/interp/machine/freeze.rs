//! Freezing and thawing interrupted thunk evaluations (GHC's AP_STACK):
//! when an asynchronous exception unwinds through update frames, the frames
//! above each one are copied into an AP_STACK closure that the thunk is
//! updated with; entering it pushes them back and resumes the work. See
//! Note [Freezing interrupted evaluations].

// Note [Freezing interrupted evaluations]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// GHC's `raiseAsync` does not throw away the work of a thunk whose
// evaluation an asynchronous exception interrupts; neither do we.
//
// * The pending step. An exception delivered to a thread that is not
//   running (`deliver_async`: throwTo, killThread, timeout, the deadlock
//   exceptions) replaces how that thread would have continued. Before it
//   does, `capture_interrupted` records that step in the thread's
//   `State::interrupted`, its pointer operands in `State::args` (a root):
//   enter a closure (preempted at an evaluation, or waiting on a
//   blackhole), apply a function to arguments (preempted at a call),
//   return a value or nothing to the top frame (woken, not yet run), re-run
//   a heap check (`Run(pc)`), or re-run a blocked MVar operation (its MVar
//   and put value come from the TSO: nothing happened yet, so running it
//   again is the same operation). Sleeping and throwTo-blocked threads,
//   and exceptions a thread raises in itself (throwTo to itself, a user
//   interrupt, unmasking with one waiting), record nothing: their
//   topmost thunk is restored as before (Note [Restoring thunks on
//   asynchronous exceptions] in machine.rs) and the segments below it
//   are still frozen.
// * Freezing (`freeze_to_handler`, run first by `raise` for an
//   asynchronous exception). For the topmost update frame above the
//   handler, the frames above it become one AP_STACK whose "function" and
//   first record say how to resume the pending step; the updatee is
//   updated with an indirection to it. The step pending for the next
//   segment is then "enter that thunk" (GHC: the AP_STACK is the next
//   segment's function; entering the updated thunk reaches the same
//   object, or its value if another thread finished it meanwhile). Frames
//   of a frozen segment are not run, but a `RestoreMask` frame among them
//   still sets the thread's mask as unwinding through it would (so the
//   handler runs with the same mask as before this change).
// * The format: the AP_STACK's frames are RET_DYN records (closure.rs:
//   `[info, n, bitmap, n words]`, at most 64 words), newest frame first,
//   each record's first word a non-pointer kind word. A BCO frame is one
//   `K_BCO` record (bco, layout, resume and its first slots) followed by
//   `K_SLOTS` records for the rest; slot `i` is a pointer iff the frame's
//   layout marks it (unmarked slots are copied as non-pointers: they are
//   never read before being written, the writer's contract). An `Apply`
//   frame is (rep, word) pairs; `RestoreMask` and `PrimResults` are kind
//   words only. The collector and the sanity checker already trace and
//   check such frames (`for_each_frame_pointer`), so nothing else changed
//   for them; only the payload copy an update frame keeps of a blackholed
//   AP_STACK needs `ap_stack_word_is_pointer`.
// * Thawing (`enter_ap_stack`): push the AP_STACK's own update frame (it
//   is lazily blackholed like any thunk, so a second thread demanding it
//   meanwhile waits on the blackhole), push the frames back oldest first
//   and take the pending step.
// * Not frozen (the fallback of the old behaviour): a segment with a BCO
//   frame without a layout (an inline primop that raised in its own
//   thread), an `Apply` frame of more than 31 arguments, or a pending step
//   not recorded (above).

use bytecode::Rep;

use super::threads::{self, MVarOp, Resume, Status};
use super::{Frame, Machine, NO_LAYOUT, Next, PrimOut, internal};
use crate::builtins;
use crate::interp::RunError;
use crate::word::{ClosurePtr, Word};

/// How a thread interrupted by an asynchronous exception would have gone
/// on; pointer operands in `State::args` (Note [Freezing interrupted
/// evaluations]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Interrupted {
    /// Evaluate `args[0]`.
    Enter,
    /// Apply the last of `args` to the others.
    Apply,
    /// Return `args[0]` to the top frame.
    ReturnValue,
    /// Return nothing to the top frame.
    ReturnUnit,
    /// Run the top BCO frame at this instruction.
    Run(u32),
    /// Run this MVar operation again on `args[0]` (put: `args[1]`).
    MVar(MVarOp),
}

// Record kinds (the low byte of a record's first word).
const K_BCO: Word = 1;
const K_SLOTS: Word = 2;
const K_APPLY: Word = 3;
const K_MASK: Word = 4;
const K_PRIM_RESULTS: Word = 5;
const K_PENDING: Word = 6;

// Pending steps of a `K_PENDING` record (bits 8..16).
const P_RETURN_VALUE: Word = 1;
const P_RETURN_UNIT: Word = 2;
const P_RUN: Word = 3;
const P_MVAR: Word = 4;

/// Payload words of one RET_DYN record.
const RECORD_WORDS: usize = 64;
/// Apply frames with more arguments are not frozen (two words each after
/// the kind word).
const MAX_APPLY_ARGS: usize = (RECORD_WORDS - 1) / 2;

fn rep_code(r: Rep) -> Word {
    Rep::ALL.iter().position(|x| *x == r).unwrap_or(0) as Word
}

fn rep_of(code: Word) -> Rep {
    Rep::ALL.get(code as usize).copied().unwrap_or(Rep::Word)
}

fn mvar_op_code(op: MVarOp) -> Word {
    match op {
        MVarOp::Take => 0,
        MVarOp::Read => 1,
        MVarOp::Put => 2,
    }
}

/// Whether word `i` of a saved copy of an AP_STACK's payload (`words`:
/// frame words `n`, function, records) is a pointer.
pub(super) fn ap_stack_word_is_pointer(words: &[Word], i: usize) -> bool {
    if i == 1 {
        return true;
    }
    let mut j = 2;
    while j + 2 < words.len() && j <= i {
        let n = words[j + 1] as usize;
        if i >= j + 3 && i < j + 3 + n {
            return (words[j + 2] >> (i - j - 3)) & 1 == 1;
        }
        j += 3 + n;
    }
    false
}

/// Builds RET_DYN records into a flat word vector.
struct Records {
    words: Vec<Word>,
}

impl Records {
    /// One record of `payload` words with pointer bits `bits`.
    fn push(&mut self, bits: u64, payload: &[Word]) {
        debug_assert!(payload.len() <= RECORD_WORDS);
        self.words.push(builtins::RET_DYN.header_word());
        self.words.push(payload.len() as Word);
        self.words.push(bits);
        self.words.extend_from_slice(payload);
    }
}

impl Machine<'_> {
    /// Called by `deliver_async` before it replaces the (not running)
    /// thread `slot`'s continuation: records the step it would have taken.
    pub(super) fn capture_interrupted(&mut self, slot: usize) {
        let Some(t) = self.sched.get_mut(slot) else {
            return;
        };
        let st = &mut t.st;
        let kind = match (&t.status, &t.resume) {
            // An earlier exception's capture stands (it is raised first).
            (_, Some(Resume::Next(Next::RaiseAsync(_) | Next::Raise(_)))) => return,
            (Status::Runnable, Some(Resume::Next(Next::Enter(p)))) => {
                st.args.clear();
                st.args.push((Rep::Ptr, p.to_word()));
                Interrupted::Enter
            }
            (Status::Runnable, Some(Resume::Next(Next::Apply(f)))) => {
                st.args.push((Rep::Ptr, f.to_word()));
                Interrupted::Apply
            }
            (Status::Runnable, Some(Resume::Next(Next::Run(pc)))) => {
                st.args.clear();
                Interrupted::Run(*pc)
            }
            (Status::Runnable, Some(Resume::Unit)) => {
                st.args.clear();
                Interrupted::ReturnUnit
            }
            (Status::Runnable, Some(Resume::Value(v))) => {
                st.args.clear();
                st.args.push((Rep::Ptr, v.to_word()));
                Interrupted::ReturnValue
            }
            (Status::BlockedMVar(op), _) => {
                // SAFETY: a thread blocked on an MVar has the MVar and its
                // put value (null unless putting) in its TSO.
                let (mvar, value) = unsafe {
                    (
                        t.tso.payload(threads::TSO_MVAR),
                        t.tso.payload(threads::TSO_PUT_VALUE),
                    )
                };
                if mvar == 0 {
                    st.interrupted = None;
                    return;
                }
                st.args.clear();
                st.args.push((Rep::Ptr, mvar));
                st.args.push(if value == 0 {
                    (Rep::Word, 0)
                } else {
                    (Rep::Ptr, value)
                });
                Interrupted::MVar(*op)
            }
            (Status::BlockedBlackhole(p), _) => {
                st.args.clear();
                st.args.push((Rep::Ptr, p.to_word()));
                Interrupted::Enter
            }
            _ => {
                st.interrupted = None;
                return;
            }
        };
        st.interrupted = Some(kind);
    }

    /// For an asynchronous exception: freezes (or, where that is not
    /// possible, restores) every thunk under evaluation above the
    /// innermost handler, innermost first. Returns `exc` (it may have
    /// moved). Note [Freezing interrupted evaluations].
    pub(super) fn freeze_to_handler(&mut self, exc: ClosurePtr) -> Result<ClosurePtr, RunError> {
        let mut exc = exc;
        let mut pending = self.st.interrupted.take();
        loop {
            let frames = &self.st.frames;
            let Some(u) = frames
                .iter()
                .rposition(|f| matches!(f, Frame::Update { .. }))
            else {
                break;
            };
            if frames[u + 1..]
                .iter()
                .any(|f| matches!(f, Frame::Catch(_) | Frame::Stop))
            {
                break;
            }
            let Frame::Update { updatee, .. } = frames[u] else {
                return Err(internal("update frame vanished"));
            };
            // Kept as a root across the allocations below.
            self.st.extra.push(updatee);
            match pending {
                Some(k) if self.segment_freezable(u, k) => exc = self.freeze_segment(u, k, exc)?,
                _ => exc = self.restore_segment(u, exc)?,
            }
            let updatee = self
                .st
                .extra
                .pop()
                .ok_or_else(|| internal("freeze lost its updatee"))?;
            // The next segment resumes by entering this one's thunk.
            self.st.args.clear();
            self.st.args.push((Rep::Ptr, updatee.to_word()));
            pending = Some(Interrupted::Enter);
        }
        Ok(exc)
    }

    /// Whether the frames above the update frame at `u`, with `pending` on
    /// top, can be encoded.
    fn segment_freezable(&self, u: usize, pending: Interrupted) -> bool {
        let seg = &self.st.frames[u + 1..];
        if let Interrupted::Run(_) = pending
            && !matches!(seg.last(), Some(Frame::Bco { .. }))
        {
            return false;
        }
        let operands = match pending {
            Interrupted::Enter | Interrupted::ReturnValue => 1,
            Interrupted::MVar(_) => 2,
            Interrupted::Apply => 1,
            Interrupted::ReturnUnit | Interrupted::Run(_) => 0,
        };
        if self.st.args.len() < operands {
            return false;
        }
        if pending == Interrupted::Apply
            && (self.st.args.last().map(|a| a.0) != Some(Rep::Ptr)
                || self.st.args.len() - 1 > MAX_APPLY_ARGS)
        {
            return false;
        }
        seg.iter().all(|f| match f {
            Frame::Bco { layout, bco, .. } => {
                *layout != NO_LAYOUT
                    && (self.program.layouts[*layout as usize].size as usize)
                        <= self.program.bcos[*bco as usize].frame_size as usize
            }
            Frame::Apply(args) => args.len() <= MAX_APPLY_ARGS,
            Frame::RestoreMask(_) | Frame::PrimResults => true,
            Frame::Update { .. } | Frame::Catch(_) | Frame::Stop => false,
        })
    }

    /// Encodes the segment above `u` and the pending step into records;
    /// returns them with the AP_STACK's function.
    fn encode_segment(&self, u: usize, pending: Interrupted) -> (Vec<Word>, ClosurePtr) {
        let mut r = Records { words: Vec::new() };
        let args = &self.st.args;
        let arg_ptr = |i: usize| ClosurePtr::from_word(args.get(i).map_or(0, |a| a.1));
        let updatee = match self.st.frames[u] {
            Frame::Update { updatee, .. } => updatee,
            _ => ClosurePtr::NULL,
        };
        let fun = match pending {
            Interrupted::Enter => arg_ptr(0),
            Interrupted::Apply => {
                let n = args.len() - 1;
                push_apply(&mut r, &args[..n]);
                arg_ptr(n)
            }
            Interrupted::ReturnValue => {
                r.push(0, &[K_PENDING | P_RETURN_VALUE << 8]);
                arg_ptr(0)
            }
            Interrupted::ReturnUnit => {
                r.push(0, &[K_PENDING | P_RETURN_UNIT << 8]);
                updatee
            }
            Interrupted::Run(pc) => {
                r.push(0, &[K_PENDING | P_RUN << 8 | (pc as Word) << 32]);
                updatee
            }
            Interrupted::MVar(op) => {
                let (rep, value) = args[1];
                let bits = u64::from(rep == Rep::Ptr) << 1;
                r.push(
                    bits,
                    &[K_PENDING | P_MVAR << 8 | mvar_op_code(op) << 16, value],
                );
                arg_ptr(0)
            }
        };
        for f in self.st.frames[u + 1..].iter().rev() {
            match f {
                Frame::Bco {
                    bco,
                    base,
                    layout,
                    resume,
                } => {
                    let size = self.program.bcos[*bco as usize].frame_size as usize;
                    let bitmap = &self.program.layouts[*layout as usize].bitmap;
                    let slots = &self.st.slots[*base as usize..*base as usize + size];
                    let is_ptr =
                        |i: usize| bitmap.get(i / 64).is_some_and(|w| (w >> (i % 64)) & 1 == 1);
                    let mut payload = vec![
                        K_BCO | (*bco as Word) << 8,
                        *layout as Word | (*resume as Word) << 32,
                    ];
                    let mut bits = 0u64;
                    let mut i = 0;
                    while i < size {
                        if payload.len() == RECORD_WORDS {
                            r.push(bits, &payload);
                            payload.clear();
                            payload.push(K_SLOTS);
                            bits = 0;
                        }
                        if is_ptr(i) {
                            bits |= 1 << payload.len();
                        }
                        payload.push(slots[i]);
                        i += 1;
                    }
                    r.push(bits, &payload);
                }
                Frame::Apply(a) => push_apply(&mut r, a),
                Frame::RestoreMask(m) => r.push(0, &[K_MASK | (*m as Word) << 8]),
                Frame::PrimResults => r.push(0, &[K_PRIM_RESULTS]),
                // Excluded by `segment_freezable`.
                Frame::Update { .. } | Frame::Catch(_) | Frame::Stop => {}
            }
        }
        (r.words, fun)
    }

    /// Freezes the segment above the update frame at `u` into an AP_STACK,
    /// updates the thunk with it and pops the segment and the frame.
    fn freeze_segment(
        &mut self,
        u: usize,
        pending: Interrupted,
        exc: ClosurePtr,
    ) -> Result<ClosurePtr, RunError> {
        // The size first: allocating may collect (the frames stay roots and
        // their contents move), so the words are encoded afterwards.
        let n = self.encode_segment(u, pending).0.len();
        self.st.extra.push(exc);
        let ap = self.alloc(3 + n)?;
        let exc = self
            .st
            .extra
            .pop()
            .ok_or_else(|| internal("freeze lost its exception"))?;
        let (words, fun) = self.encode_segment(u, pending);
        if words.len() != n {
            return Err(internal("AP_STACK size changed while allocating"));
        }
        // SAFETY: a fresh closure of 3 + n words, filled completely:
        // whole RET_DYN records whose pointer words are live closures.
        unsafe {
            ap.set_info(&builtins::AP_STACK);
            ap.set_payload(0, n as Word);
            ap.set_payload(1, fun.to_word());
            for (i, w) in words.iter().enumerate() {
                ap.set_payload(2 + i, *w);
            }
        }
        // Frames above `u`: a frozen RestoreMask sets the mask as unwinding
        // through it would.
        while self.st.frames.len() > u + 1 {
            match self.st.frames.pop() {
                Some(Frame::Bco { base, .. }) => self.st.slots.truncate(base as usize),
                Some(Frame::RestoreMask(m)) => self.cur_mut_mask(m),
                _ => {}
            }
        }
        let Some(Frame::Update {
            updatee,
            saved,
            len,
            ..
        }) = self.st.frames.pop()
        else {
            return Err(internal("freezing without an update frame"));
        };
        if len == 0 {
            self.st.unblackholed = self.st.unblackholed.saturating_sub(1);
        } else {
            self.st.saved.truncate(saved as usize);
        }
        // SAFETY: `updatee` is the thunk (or its blackhole) this frame
        // owned; the AP_STACK denotes its value.
        unsafe { self.storage.update_with_indirection(updatee, ap) };
        Ok(exc)
    }

    /// The old behaviour for a segment that cannot be frozen: unwind it
    /// and restore the thunk (Note [Restoring thunks on asynchronous
    /// exceptions]).
    fn restore_segment(&mut self, u: usize, exc: ClosurePtr) -> Result<ClosurePtr, RunError> {
        while self.st.frames.len() > u + 1 {
            match self.st.frames.pop() {
                Some(Frame::Bco { base, .. }) => self.st.slots.truncate(base as usize),
                Some(Frame::RestoreMask(m)) => self.cur_mut_mask(m),
                _ => {}
            }
        }
        let Some(&Frame::Update { len, .. }) = self.st.frames.last() else {
            return Err(internal("restoring without an update frame"));
        };
        if len == 0 {
            // The thunk is intact, or a lower frame restores it (Note
            // [Lazy blackholing]).
            self.st.frames.pop();
            self.st.unblackholed = self.st.unblackholed.saturating_sub(1);
            Ok(exc)
        } else {
            self.restore_thunk(exc)
        }
    }

    /// Enters the AP_STACK `p`: pushes its update frame and its frames and
    /// takes its pending step (Note [Freezing interrupted evaluations]).
    pub(super) fn enter_ap_stack(&mut self, p: ClosurePtr) -> Result<Next, RunError> {
        // SAFETY: `p` is a live AP_STACK.
        let info = unsafe { p.info() };
        self.push_update_frame(p, info)?;
        // SAFETY: an AP_STACK's layout (closure.rs): n, function, n words.
        let (n, fun) = unsafe { (p.payload(0) as usize, p.payload_ptr(1)) };
        // SAFETY: as above; nothing below allocates on the heap, so the
        // words stay put.
        let words: Vec<Word> = (0..n).map(|i| unsafe { p.payload(2 + i) }).collect();
        // Records: (start of payload, length).
        let mut recs = Vec::new();
        let mut j = 0;
        while j + 3 <= n {
            let m = words[j + 1] as usize;
            if j + 3 + m > n || m == 0 {
                return Err(internal("malformed AP_STACK"));
            }
            recs.push((j + 3, m));
            j += 3 + m;
        }
        let mut pending = None;
        // Frames newest first; BCO frames gather their slot records.
        enum Thawed {
            Bco {
                bco: u32,
                layout: u32,
                resume: u32,
                slots: Vec<Word>,
            },
            Other(Frame),
        }
        let mut frames: Vec<Thawed> = Vec::new();
        for &(at, m) in &recs {
            let rec = &words[at..at + m];
            let kind = rec[0] & 0xff;
            match kind {
                K_PENDING => pending = Some((rec[0], rec.get(1).copied().unwrap_or(0))),
                K_BCO => frames.push(Thawed::Bco {
                    bco: (rec[0] >> 8) as u32,
                    layout: rec[1] as u32,
                    resume: (rec[1] >> 32) as u32,
                    slots: rec[2..].to_vec(),
                }),
                K_SLOTS => match frames.last_mut() {
                    Some(Thawed::Bco { slots, .. }) => slots.extend_from_slice(&rec[1..]),
                    _ => return Err(internal("AP_STACK slots without a BCO frame")),
                },
                K_APPLY => {
                    let mut a = self.spare_args.pop().unwrap_or_default();
                    a.extend(rec[1..].chunks_exact(2).map(|c| (rep_of(c[0]), c[1])));
                    frames.push(Thawed::Other(Frame::Apply(a)));
                }
                K_MASK => frames.push(Thawed::Other(Frame::RestoreMask((rec[0] >> 8) as u8))),
                K_PRIM_RESULTS => frames.push(Thawed::Other(Frame::PrimResults)),
                _ => return Err(internal("unknown AP_STACK record")),
            }
        }
        for f in frames.into_iter().rev() {
            match f {
                Thawed::Bco {
                    bco,
                    layout,
                    resume,
                    slots,
                } => {
                    // Through `grow_slots`, which keeps `slots_written`
                    // true (Note [Frames are not zeroed] in machine.rs).
                    let base = self.st.slots.len();
                    self.grow_slots(slots.len());
                    self.st.slots[base..].copy_from_slice(&slots);
                    self.push_frame(Frame::Bco {
                        bco,
                        base: base as u32,
                        layout,
                        resume,
                    })?;
                }
                Thawed::Other(f) => self.push_frame(f)?,
            }
        }
        let Some((w0, w1)) = pending else {
            return Ok(Next::Enter(fun));
        };
        match (w0 >> 8) & 0xff {
            P_RETURN_VALUE => {
                self.rets.clear();
                self.rets.push(fun.to_word());
                Ok(Next::Return)
            }
            P_RETURN_UNIT => {
                self.rets.clear();
                Ok(Next::Return)
            }
            P_RUN => Ok(Next::Run((w0 >> 32) as u32)),
            P_MVAR => self.rerun_mvar_op((w0 >> 16) & 0xff, fun, w1),
            _ => Err(internal("unknown AP_STACK pending step")),
        }
    }

    /// Runs a blocked MVar operation again (its results go to the top
    /// frame, as when it first ran).
    fn rerun_mvar_op(&mut self, op: Word, mvar: ClosurePtr, value: Word) -> Result<Next, RunError> {
        use super::concurrency::{Conc, Route};
        let conc = match op {
            0 => Conc::TakeMVar,
            1 => Conc::ReadMVar,
            _ => Conc::PutMVar,
        };
        let idx = self
            .prim_routes
            .iter()
            .position(|r| *r == Route::Conc(conc))
            .ok_or_else(|| internal("resuming an MVar operation the image lacks"))?;
        self.st.args.clear();
        self.st.args.push((Rep::Ptr, mvar.to_word()));
        if conc == Conc::PutMVar {
            self.st.args.push((Rep::Ptr, value));
        }
        self.st.args.push((Rep::Void, 0));
        match self.dispatch_prim(idx as u16)? {
            PrimOut::Values => {
                self.st.args.clear();
                Ok(Next::Return)
            }
            PrimOut::Block(on) => self.block_current(on),
            PrimOut::Next(n) => Ok(n),
            PrimOut::Exit(_) => Err(internal("an MVar operation exited")),
        }
    }
}

/// An `Apply` frame's arguments as one record.
fn push_apply(r: &mut Records, args: &[(Rep, Word)]) {
    let mut payload = vec![K_APPLY];
    let mut bits = 0u64;
    for (rep, w) in args {
        payload.push(rep_code(*rep));
        if *rep == Rep::Ptr {
            bits |= 1 << payload.len();
        }
        payload.push(*w);
    }
    r.push(bits, &payload);
}
