//! Stacks: the frame format and the API to build and walk stack chunks.
//!
//! Note \[Stack frames\]
//! A STACK closure is `[info, size, sp, dirty, size stack words]`. The stack
//! grows downwards, as in GHC: `sp` is the index (in the stack area) of the
//! most recently pushed frame, `size` when empty. Every word in `[sp, size)`
//! belongs to exactly one frame, and each frame starts with a return-info
//! pointer:
//!
//! * `RetFrame` frames: the info table's [`crate::Bitmap`] gives the number
//!   of words after the info word and which of them are pointers (a small
//!   bitmap inline, a large one by reference). Update frames, case
//!   continuations, catch frames, underflow frames are all of this kind;
//!   the interpreter makes one table per continuation shape.
//! * `RetDyn` frames describe themselves: `[info, n, bitmap, n words]`, for
//!   pushes whose shape is known only at run time (n ≤ 64).
//!
//! The collector scans a stack with this alone. A stack chunk is an
//! ordinary heap object (usually a large one, since chunks are bigger than
//! the large-object threshold, so it is never copied but can be); a thread
//! whose chunk is full pushes an `UNDERFLOW_FRAME` pointing at the old chunk
//! as the bottom frame of a new one, up to `-K`, and raises StackOverflow
//! past it (the interpreter's job). Writing to a stack needs the write
//! barrier; `push_frame` calls it.

use std::fmt;

use crate::builtins;
use crate::closure::{STACK_HEADER_WORDS, frame_size};
use crate::info::{ClosureType, InfoTable};
use crate::word::{ClosurePtr, Word};

use super::{AllocError, Storage};

/// A push did not fit in the stack chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StackFull {
    /// Words the frame needs.
    pub needed: usize,
    /// Words free in the chunk.
    pub available: usize,
}

impl fmt::Display for StackFull {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "stack chunk full: a frame of {} words, {} free",
            self.needed, self.available
        )
    }
}

impl std::error::Error for StackFull {}

/// One frame of a stack, as seen by a walk.
#[derive(Copy, Clone, Debug)]
pub struct Frame {
    /// The return-info table.
    pub info: &'static InfoTable,
    /// Address of the frame's info word.
    pub addr: *mut Word,
    /// Words in the frame, info word included.
    pub size: usize,
}

impl Frame {
    /// Word `i` after the info word (for RetDyn frames: after `n` and the
    /// bitmap).
    ///
    /// # Safety
    /// `i` must be inside the frame and the stack still unchanged.
    pub unsafe fn payload(&self, i: usize) -> Word {
        let skip = if self.info.closure_type == ClosureType::RetDyn {
            3
        } else {
            1
        };
        // SAFETY: forwarded to the caller.
        unsafe { *self.addr.add(skip + i) }
    }
}

/// Words in the stack area of `stack`.
///
/// # Safety
/// `stack` must be a live STACK closure.
pub unsafe fn stack_size(stack: ClosurePtr) -> usize {
    // SAFETY: forwarded to the caller.
    unsafe { stack.payload(0) as usize }
}

/// The stack pointer (index into the stack area) of `stack`.
///
/// # Safety
/// `stack` must be a live STACK closure.
pub unsafe fn stack_sp(stack: ClosurePtr) -> usize {
    // SAFETY: forwarded to the caller.
    unsafe { stack.payload(1) as usize }
}

fn area(stack: ClosurePtr) -> *mut Word {
    (stack.untagged().addr() as *mut Word).wrapping_add(1 + STACK_HEADER_WORDS)
}

/// The frames of `stack`, newest first.
///
/// # Safety
/// `stack` must be a live STACK closure, unchanged while iterating.
pub unsafe fn frames(stack: ClosurePtr) -> impl Iterator<Item = Frame> {
    // SAFETY: forwarded to the caller.
    let (mut sp, size) = unsafe { (stack_sp(stack), stack_size(stack)) };
    let base = area(stack);
    std::iter::from_fn(move || {
        if sp >= size {
            return None;
        }
        // SAFETY: `sp` is the start of a frame inside the stack area.
        unsafe {
            let addr = base.add(sp);
            let info = &*(*addr as usize as *const InfoTable);
            let n = frame_size(addr);
            sp += n;
            Some(Frame {
                info,
                addr,
                size: n,
            })
        }
    })
}

impl Storage {
    /// A new, empty stack chunk of `words` stack words.
    pub fn new_stack(&mut self, words: usize) -> Result<ClosurePtr, AllocError> {
        let p = self.alloc(1 + STACK_HEADER_WORDS + words)?;
        // SAFETY: `p` is a fresh closure of the right size.
        unsafe {
            p.set_info(&builtins::STACK);
            p.set_payload(0, words as Word);
            p.set_payload(1, words as Word);
            p.set_payload(2, 0);
        }
        Ok(p)
    }

    unsafe fn push_words(&mut self, stack: ClosurePtr, words: &[Word]) -> Result<(), StackFull> {
        // SAFETY: the caller guarantees a live STACK.
        let sp = unsafe { stack_sp(stack) };
        if sp < words.len() {
            return Err(StackFull {
                needed: words.len(),
                available: sp,
            });
        }
        let new_sp = sp - words.len();
        // SAFETY: `[new_sp, sp)` is inside the stack area.
        unsafe {
            std::ptr::copy_nonoverlapping(words.as_ptr(), area(stack).add(new_sp), words.len());
            stack.set_payload(1, new_sp as Word);
        }
        self.record_mutation(stack);
        Ok(())
    }

    /// Push a frame described by `info` (a `RetFrame` table) with the
    /// words after its info word.
    ///
    /// # Safety
    /// `stack` must be a live STACK; `payload` must match `info.frame`
    /// (its length and, where the bitmap says pointer, valid closures).
    pub unsafe fn push_frame(
        &mut self,
        stack: ClosurePtr,
        info: &'static InfoTable,
        payload: &[Word],
    ) -> Result<(), StackFull> {
        assert_eq!(
            info.closure_type,
            ClosureType::RetFrame,
            "{} is not a frame",
            info.name
        );
        assert_eq!(
            payload.len(),
            info.frame.size(),
            "frame {}: wrong size",
            info.name
        );
        let mut words = Vec::with_capacity(1 + payload.len());
        words.push(info.header_word());
        words.extend_from_slice(payload);
        // SAFETY: forwarded to the caller.
        unsafe { self.push_words(stack, &words) }
    }

    /// Push a self-describing frame: bit `i` of `pointers` says whether
    /// `payload[i]` is a pointer (at most 64 words).
    ///
    /// # Safety
    /// As [`Storage::push_frame`].
    pub unsafe fn push_dyn_frame(
        &mut self,
        stack: ClosurePtr,
        pointers: u64,
        payload: &[Word],
    ) -> Result<(), StackFull> {
        assert!(
            payload.len() <= 64,
            "a RET_DYN frame holds at most 64 words"
        );
        let mut words = vec![
            builtins::RET_DYN.header_word(),
            payload.len() as Word,
            pointers,
        ];
        words.extend_from_slice(payload);
        // SAFETY: forwarded to the caller.
        unsafe { self.push_words(stack, &words) }
    }

    /// Pop the newest frame; `None` on an empty stack.
    ///
    /// # Safety
    /// `stack` must be a live STACK.
    pub unsafe fn pop_frame(&mut self, stack: ClosurePtr) -> Option<Frame> {
        // SAFETY: forwarded to the caller.
        unsafe {
            let top = frames(stack).next()?;
            stack.set_payload(1, (stack_sp(stack) + top.size) as Word);
            Some(top)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::GcConfig;
    use crate::info::{Bitmap, Entry};

    #[test]
    fn frames_push_walk_and_pop() {
        static CASE: InfoTable = InfoTable::frame(
            "case_k",
            Bitmap::Small {
                size: 3,
                bits: 0b101,
            },
            Entry::Bytecode(4),
        );
        let mut s = Storage::new(GcConfig::default()).unwrap();
        let st = s.new_stack(64).unwrap();
        let a = s.new_mut_var(ClosurePtr::NULL).unwrap();
        // SAFETY: `st` is a live stack; payloads match the frame shapes.
        unsafe {
            s.push_frame(st, &builtins::STOP_FRAME, &[]).unwrap();
            s.push_frame(st, &CASE, &[a.to_word(), 42, a.to_word()])
                .unwrap();
            s.push_dyn_frame(st, 0b10, &[7, a.to_word()]).unwrap();
            let fs: Vec<Frame> = frames(st).collect();
            assert_eq!(fs.len(), 3);
            assert_eq!(fs[0].info.closure_type, ClosureType::RetDyn);
            assert_eq!(fs[0].size, 5);
            assert_eq!(fs[0].payload(0), 7);
            assert_eq!(fs[1].info.name, "case_k");
            assert_eq!(fs[1].payload(1), 42);
            assert_eq!(fs[2].info.name, "STOP_FRAME");
            assert_eq!(stack_sp(st), 64 - 1 - 4 - 5);
            let top = s.pop_frame(st).unwrap();
            assert_eq!(top.size, 5);
            assert_eq!(frames(st).count(), 2);
            let err = s.push_dyn_frame(st, 0, &[0; 60]).unwrap_err();
            assert_eq!(err.needed, 63);
        }
    }
}
