//! The thread state object's layout. The scheduler owns the meaning of the
//! fields; the storage manager only needs to know which are pointers.
//!
//! Pointer fields (payload 0..TSO_PTRS): the current stack chunk, the link
//! to the next thread in a queue, what the thread is blocked on, threads
//! blocked throwing to it, a blocking queue, a label. Non-pointer fields
//! follow: id, what_next, why_blocked, flags, the dirty word, spare.

use crate::builtins;
use crate::word::{ClosurePtr, Word};

use super::{AllocError, Storage};

/// Pointer payload words of a TSO.
pub const TSO_PTRS: u32 = 6;
/// Non-pointer payload words of a TSO.
pub const TSO_NPTRS: u32 = 6;

/// Payload index: the current stack chunk (a STACK).
pub const TSO_STACK: usize = 0;
/// Payload index: next thread in whatever queue the thread is on.
pub const TSO_LINK: usize = 1;
/// Payload index: the object the thread is blocked on.
pub const TSO_BLOCK_INFO: usize = 2;
/// Payload index: queue of threads blocked in `throwTo` to this thread.
pub const TSO_BLOCKED_EXCEPTIONS: usize = 3;
/// Payload index: blocking queue (threads waiting on a blackhole it owns).
pub const TSO_BQ: usize = 4;
/// Payload index: a label (any closure, or null).
pub const TSO_LABEL: usize = 5;
/// Payload index: the thread id.
pub const TSO_ID: usize = 6;
/// Payload index: what to do next (scheduler-defined).
pub const TSO_WHAT_NEXT: usize = 7;
/// Payload index: why the thread is blocked (scheduler-defined).
pub const TSO_WHY_BLOCKED: usize = 8;
/// Payload index: flags (scheduler-defined).
pub const TSO_FLAGS: usize = 9;
/// Payload index: the dirty word (see `heap::mutable`).
pub const TSO_DIRTY: usize = 10;

impl Storage {
    /// A new TSO for thread `id` running on `stack`; every other field is
    /// zero (null).
    pub fn alloc_tso(&mut self, id: u64, stack: ClosurePtr) -> Result<ClosurePtr, AllocError> {
        let words = 1 + (TSO_PTRS + TSO_NPTRS) as usize;
        let p = self.alloc(words)?;
        // SAFETY: `p` is a fresh closure of `words` words.
        unsafe {
            p.set_info(&builtins::TSO);
            for i in 0..words - 1 {
                p.set_payload(i, 0);
            }
            p.set_payload(TSO_STACK, stack.to_word());
            p.set_payload(TSO_ID, id as Word);
        }
        Ok(p)
    }
}
