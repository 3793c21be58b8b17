//! The bytecode loop's call and return path: the transfers `run_bco` makes
//! without leaving to `Machine::exec` (Note [Staying in the loop]) and the
//! fast calls of a known function of exact arity, whose arguments go from
//! the caller's slots straight into the new frame (Note [Direct calls]).
//! Measurements: docs/design/dispatch.md, "The call path".

// Note [Staying in the loop]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~
// `exec` is a trampoline: every call, return, enter and apply used to
// leave `run_bco` with a `Next`, go round `exec`'s match and come back into
// `run_bco`, which fetched the top frame, its code and base again. For a
// step whose result is "run the top BCO frame" (a call that pushed a
// frame, a return that resumed a continuation, a thunk entered) the loop
// now takes the step itself (`continue_inline`) and goes on with the new
// frame's locals. It does exactly what `exec` would, in the same order:
// * `Apply`/`Enter` consult `at_safe_point` once and, when it asks for
//   attention, call `safe_point` and leave (so chaos switching, interrupts
//   and time budgets see the same safe points as before);
// * `Return` goes through `do_return` (update frames, apply frames, mask
//   restoration, ...);
// * every other step (raise, schedule, exit, errors) leaves to `exec`.
// The activation counter (`steps`, which `max_steps` bounds) is counted for
// every frame run or resumed, as before. Haskell recursion still never
// becomes Rust recursion: this is a loop, not a call.

// Note [Direct calls]
// ~~~~~~~~~~~~~~~~~~~
// `call f args` (and `call.tail`) where `f` is a FUN whose arity is the
// number of arguments is most calls. The general path collects the
// arguments into `st.args` (a vector of (rep, word)), dispatches on the
// closure type in `apply`, and `push_bco` copies them into the new frame.
// The direct path checks the same conditions (`Fun`, bytecode entry,
// arity = argument count) and copies the words from the caller's slots to
// the new frame's top slots, where the format puts arguments. Anything
// else (PAPs, thunks, over- and under-application, native entries) takes
// the general path, unchanged. A tail call's arguments live in the frame
// it pops, so they are copied to a small local buffer first (up to
// `TAIL_ARGS_INLINE` words; more take the general path).

// Note [Reusing the frame in a tail call]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A direct tail call pops the running frame and pushes the callee's. When
// the callee's frame has the size of the running one (a loop calling
// itself: thread_ring's worker, every `go` of a recursive helper), the
// running frame, which is on top, is taken over in place instead: its
// BCO, layout and resumption point are rewritten and the arguments copied
// (through the local buffer, as they may overlap) into its top slots. The
// other slots keep stale words, which is what a new frame holds anyway
// (Note [Frames are not zeroed] in machine.rs; debug builds poison them
// here too). Nothing else differs from pop + push: the slot and frame
// counts, hence the stack check and the lazy-blackholing mark, are
// unchanged, and the frame below is untouched. The words go from the
// buffer to the frame through `copy_arg_words`, not `copy_from_slice`:
// a slice copy of a length known only at run time is a `memcpy` call,
// which for the 0-2 words of a typical loop cost more than the copy
// (about 20 instructions a call, twice per ping_pong round trip and once
// per thread_ring hop; docs/performance.md, "Session 10: ping_pong and
// thread_ring").

// Note [Evaluation in the loop]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// Evaluating a thunk is a round trip: `eval` suspends the frame, pushes an
// update frame and the thunk's BCO frame; the thunk's code returns a
// value; the update frame overwrites the thunk with an indirection; the
// suspended frame resumes at its continuation. Both ends are taken in
// `run_bco` itself, the common cases without `continue_inline`/`exec`:
// * `eval` of a bytecode THUNK consults `at_safe_point` once (as `exec`
//   does before entering) and calls `enter_thunk`, the same code `enter`
//   runs for it; other closures (APs, blackholes, AP_STACKs, native
//   thunks) go through `enter` as before;
// * `return` pops the update frames on top of the stack itself
//   (`resume_after_return`, with `update_thunk`, the code `do_return`
//   runs for them) and resumes the BCO frame under them; so are the
//   catch frames (dropped) and the mask-restoring frames (the state set)
//   that `catch#` and the masks leave under every `modifyMVar` and
//   `bracket`, except a `RestoreMask` that unmasks with an exception
//   pending, which `do_return` delivers; a return to any other frame goes
//   through `do_return`.
// The order of effects is the one `exec` had: nothing else happens between
// popping an update frame and resuming the frame below it.

use bytecode::{Args, Rep};

use super::{Frame, Machine, NO_LAYOUT, Next, RunError, deref};
use crate::info::{ClosureType, Entry};
use crate::loader::LoadedInfo;
use crate::word::{ClosurePtr, Word};

/// Tail calls with at most this many argument words take the direct path.
const TAIL_ARGS_INLINE: usize = 8;

/// Copies `src` to `dst` (the same length): up to two words, the usual
/// cases, without a `memcpy` call (Note [Reusing the frame in a tail
/// call]).
#[inline(always)]
fn copy_arg_words(dst: &mut [Word], src: &[Word]) {
    match (dst, src) {
        (_, []) => {}
        ([d], [s]) => *d = *s,
        ([d0, d1], [s0, s1]) => {
            *d0 = *s0;
            *d1 = *s1;
        }
        (dst, src) => dst.copy_from_slice(src),
    }
}

/// What `run_bco` does after a transfer (Note [Staying in the loop]).
pub(super) enum Continue {
    /// Run the (new) top BCO frame from this instruction.
    Run(u32),
    /// Leave the loop with this result for `exec`.
    Leave(Option<Next>),
}

impl Machine<'_> {
    /// Takes transfer `next` as `exec` would, for as long as it leads to
    /// running a BCO frame; see Note [Staying in the loop]. Out of line:
    /// `run_bco` calls it from one place (Note [A small dispatch loop] in
    /// cold.rs).
    #[inline(never)]
    pub(super) fn continue_inline(&mut self, next: Next) -> Result<Continue, RunError> {
        let mut next = next;
        loop {
            next = match next {
                Next::Run(pc) => return Ok(Continue::Run(pc)),
                Next::Return => match self.do_return()? {
                    Some(n) => n,
                    None => return Ok(Continue::Leave(None)),
                },
                Next::Apply(f) => {
                    if self.at_safe_point() {
                        return self.safe_point(next).map(Continue::Leave);
                    }
                    self.apply(f)?
                }
                Next::Enter(p) => {
                    if self.at_safe_point() {
                        return self.safe_point(next).map(Continue::Leave);
                    }
                    self.enter(p)?
                }
                n => return Ok(Continue::Leave(Some(n))),
            };
        }
    }

    /// After a return popped the running frame: takes the update, catch
    /// and mask-restoring frames on top as `do_return` would (Note
    /// [Evaluation in the loop]) and gives where the BCO frame under them
    /// resumes. `None`: another kind of frame is on top, or a pending
    /// exception to deliver (for `do_return`).
    #[inline(always)]
    pub(super) fn resume_after_return(&mut self) -> Result<Option<u32>, RunError> {
        loop {
            match self.st.frames.last_mut() {
                Some(Frame::Bco { layout, resume, .. }) => {
                    *layout = NO_LAYOUT;
                    return Ok(Some(*resume));
                }
                Some(&mut Frame::Update {
                    updatee,
                    saved,
                    len,
                    ..
                }) => {
                    self.st.frames.pop();
                    self.update_thunk(updatee, saved, len)?;
                }
                Some(Frame::Catch(_)) => {
                    self.st.frames.pop();
                }
                Some(&mut Frame::RestoreMask(m)) => {
                    // Unless unmasking delivers an exception (`do_return`
                    // raises it).
                    if !self.restore_mask_quietly(m) {
                        return Ok(None);
                    }
                }
                _ => return Ok(None),
            }
        }
    }

    /// The function a direct call can enter: `f` (a live closure) is a
    /// bytecode FUN taking exactly `n_args` arguments. Returns its BCO.
    #[inline]
    fn direct_target(&self, f: ClosurePtr, n_args: usize) -> Option<(ClosurePtr, u32)> {
        // SAFETY: `f` came from a slot: a live closure.
        let f = unsafe { deref(f) };
        // SAFETY: as above.
        let info = unsafe { f.info() };
        if info.closure_type != ClosureType::Fun {
            return None;
        }
        let Entry::Bytecode(i) = info.entry else {
            return None;
        };
        match self.program.infos.get(i as usize)? {
            LoadedInfo::Fun { bco, arg_reps, .. } if arg_reps.len() == n_args => Some((f, *bco)),
            _ => None,
        }
    }

    /// Pushes a frame of `size` slots (the frame size of `bco`) whose top
    /// slots receive the argument words written by `fill(slots, top)`
    /// (top = index one past the frame's last slot). The caller has
    /// checked that the words fit the frame.
    #[inline]
    fn push_direct_frame(
        &mut self,
        bco: u32,
        size: usize,
        fill: impl FnOnce(&mut [Word], usize),
    ) -> Result<(), RunError> {
        let new_base = self.st.slots.len();
        // The same limit as `push_frame` after `push_bco` grew the slots.
        if new_base + size + self.st.frames.len() > self.config.max_stack_words {
            return Err(RunError::StackOverflow {
                words: self.config.max_stack_words,
            });
        }
        self.grow_slots(size);
        fill(&mut self.st.slots, new_base + size);
        self.st.frames.push(Frame::Bco {
            bco,
            base: new_base as u32,
            layout: NO_LAYOUT,
            resume: 0,
        });
        Ok(())
    }

    /// Applies `f` to the world token alone by the direct path when `f` is
    /// a bytecode function of that one argument (an IO action as `catch#`
    /// and the masks run it; Note [Direct primop calls] in cold.rs):
    /// `true`: its frame is pushed (run it from 0); `false`: nothing
    /// changed, apply it with `[void]` in `st.args`. The safe point is the
    /// caller's.
    pub(super) fn apply_to_world_direct(&mut self, f: ClosurePtr) -> Result<bool, RunError> {
        let Some((f, bco)) = self.direct_target(f, 1) else {
            return Ok(false);
        };
        // SAFETY: `f` is a live FUN (direct_target).
        let info = unsafe { f.info() };
        self.load_node(f, info);
        self.st.args.clear();
        let size = self.program.bcos[bco as usize].frame_size as usize;
        self.push_direct_frame(bco, size, |_, _| {})?;
        Ok(true)
    }

    /// `call`'s direct path (Note [Direct calls]): the caller's frame at
    /// `base` is already suspended. `true`: the callee's frame is pushed
    /// (run it from 0); `false`: nothing changed, take the general path.
    pub(super) fn call_direct(
        &mut self,
        f: ClosurePtr,
        base: usize,
        args: &Args,
    ) -> Result<bool, RunError> {
        let Some((f, bco)) = self.direct_target(f, args.0.len()) else {
            return Ok(false);
        };
        let size = self.program.bcos[bco as usize].frame_size as usize;
        // The argument words fit the frame; counted only when the
        // arguments (void ones included) outnumber its slots.
        if args.0.len() > size && args.0.iter().filter(|a| a.rep != Rep::Void).count() > size {
            // The general path reports it.
            return Ok(false);
        }
        // Pushing the frame may fail (stack overflow) after `node` is
        // loaded; `node` is only read by the callee, so that is harmless.
        // SAFETY: `f` is a live FUN (direct_target).
        let info = unsafe { f.info() };
        self.load_node(f, info);
        self.st.args.clear();
        // The last argument word goes to the top slot, the one before it
        // below, and so on.
        self.push_direct_frame(bco, size, |slots, mut to| {
            for a in args.0.iter().rev() {
                if a.rep != Rep::Void {
                    to -= 1;
                    slots[to] = slots[base + a.slot.0 as usize];
                }
            }
        })?;
        Ok(true)
    }

    /// `call.tail`'s direct path: pops the running frame (at `base`) and
    /// pushes the callee's. Same results as `call_direct`; on `false`
    /// nothing changed.
    pub(super) fn tail_call_direct(
        &mut self,
        f: ClosurePtr,
        base: usize,
        args: &Args,
    ) -> Result<bool, RunError> {
        let Some((f, bco)) = self.direct_target(f, args.0.len()) else {
            return Ok(false);
        };
        let size = self.program.bcos[bco as usize].frame_size as usize;
        let mut buf = [0 as Word; TAIL_ARGS_INLINE];
        let mut n = 0;
        for a in &args.0 {
            if a.rep != Rep::Void {
                if n == TAIL_ARGS_INLINE {
                    return Ok(false);
                }
                buf[n] = self.st.slots[base + a.slot.0 as usize];
                n += 1;
            }
        }
        if n > size {
            return Ok(false);
        }
        // SAFETY: `f` is a live FUN (direct_target).
        let info = unsafe { f.info() };
        self.load_node(f, info);
        self.st.args.clear();
        if self.st.slots.len() == base + size
            && let Some(Frame::Bco {
                bco: b,
                layout,
                resume,
                ..
            }) = self.st.frames.last_mut()
        {
            // The running frame (on top, `size` slots) becomes the
            // callee's (Note [Reusing the frame in a tail call]).
            *b = bco;
            *layout = NO_LAYOUT;
            *resume = 0;
            let frame = &mut self.st.slots[base..];
            #[cfg(debug_assertions)]
            super::poison_fresh_frame(frame);
            copy_arg_words(&mut frame[size - n..], &buf[..n]);
            return Ok(true);
        }
        self.pop_bco();
        self.push_direct_frame(bco, size, |slots, top| {
            copy_arg_words(&mut slots[top - n..top], &buf[..n]);
        })?;
        Ok(true)
    }
}
