//! The weak-pointer phase of a collection.
//!
//! Note \[Weak pointers\]
//! A weak pointer's key, value and finalizer are not traced when the WEAK
//! closure is scavenged. After the roots are traced, the collector follows
//! GHC's phases (rts/sm/MarkWeak.c, `traverseWeakPtrList`; checked against
//! GHC 9.0.2 by tests/weak_order.rs):
//!
//! 1. Weak pointers and threads together, to a fixpoint: a weak whose key
//!    has been reached is kept (even if nothing else refers to it), its key
//!    field updated, its value and finalizer traced ([`Collector::tidy_weaks`]);
//!    a blocked thread that has been reached has its stack traced. So a
//!    blocked thread reachable only from the value of a weak whose key is
//!    alive is alive.
//! 2. The blocked threads still unreached are resurrected (kept, and told
//!    later: Note \[Unreachable threads\] in gc/mod.rs).
//! 3. Weak pointers again, to a fixpoint: a key reachable only from a
//!    resurrected thread keeps its weak alive.
//! 4. The weaks left have dead keys ([`Collector::collect_dead_weaks`]):
//!    each becomes DEAD_WEAK, its Haskell finalizer is traced and queued (a
//!    root until the scheduler takes it), and its C finalizer is returned
//!    to run when the collection is over. So a key reachable only from its
//!    own weak's value or finalizer still dies, a blocked thread reachable
//!    only from a dead weak's finalizer is resurrected (before its
//!    finalizer could wake it, as in GHC), and each finalizer is queued
//!    exactly once (a DEAD_WEAK is dropped from the lists).
//!
//! Weaks in generations that are not collected are not examined; if they
//! point to younger objects they are on the remembered set and traced
//! strongly from there (as GHC does), so their keys die at the next
//! collection of their own generation.
//!
//! Note \[Weak list order\]
//! The order finalizers run in is GHC's: GHC keeps each generation's weak
//! pointers in a linked list, prepends a new weak, moves a surviving one to
//! the head of its new generation's list (walking the old list from its
//! head), and runs the finalizers of one collection in the order of the
//! old list (head first). A generation's `weaks` vector is that list with
//! its head at the end: `mk_weak` and survival push, the walks go from
//! the end. So the finalizers of weaks made since the last collection run
//! newest first.

use crate::heap::weak::{CFinalizer, WEAK_FINALIZER, WEAK_KEY, WEAK_VALUE, kill};
use crate::info::ClosureType;
use crate::word::{ClosurePtr, Word};

use super::evacuate::Collector;

impl Collector<'_> {
    /// Where the weak closure first seen at `w` is now (its copy if it was
    /// reached, otherwise `w`).
    fn current(&self, w: ClosurePtr) -> ClosurePtr {
        // SAFETY: `w` is a weak closure in from-space or a non-moving block.
        let h = unsafe { w.word(0) };
        if h & 1 == 1 {
            ClosurePtr::from_addr(h as usize - 1)
        } else {
            w
        }
    }

    /// One pass of GHC's `tidyWeakList` over `weaks` (the weak lists of
    /// the collected generations, in list order: see Note [Weak list
    /// order]): every weak whose key has been reached is kept, its fields
    /// traced, and it moves to the weak list of its (new) generation; the
    /// others stay in `weaks`. Returns whether any weak was kept (then the
    /// caller scans to a fixpoint and calls this again).
    pub fn tidy_weaks(&mut self, weaks: &mut Vec<ClosurePtr>) -> bool {
        let mut progressed = false;
        let mut still_dead = Vec::new();
        // The list's head is the vector's end.
        for w in std::mem::take(weaks).into_iter().rev() {
            let cur = self.current(w);
            // SAFETY: `cur` is a valid weak closure (copied or not).
            let (ty, key) = unsafe { (cur.info().closure_type, cur.payload(WEAK_KEY) as usize) };
            if ty != ClosureType::Weak {
                continue; // finalized by finalizeWeak#; drop it.
            }
            if self.forwarded(key).is_none() {
                still_dead.push(w);
                continue;
            }
            let mut slot = w.to_word();
            // SAFETY: a local slot holding a valid pointer.
            let g = unsafe { self.evacuate(&mut slot, 0) };
            let nw = ClosurePtr::from_word(slot);
            let mut failed = false;
            for field in [WEAK_KEY, WEAK_VALUE, WEAK_FINALIZER] {
                let field_slot = (nw.addr() as *mut Word).wrapping_add(1 + field);
                // SAFETY: a pointer field of the (copied) weak.
                failed |= unsafe { self.evacuate(field_slot, g) } < g;
            }
            self.remember(nw, g, failed);
            // Pushed at the end: the new list's head (GHC prepends).
            self.s.gens[g].weaks.push(nw);
            progressed = true;
        }
        still_dead.reverse();
        *weaks = still_dead;
        progressed
    }

    /// GHC's `collectDeadWeakPtrs`: the weaks left in `weaks` have dead
    /// keys. Each becomes DEAD_WEAK; its Haskell finalizer is traced and
    /// queued in the order GHC runs them (the list's order, head first);
    /// its C finalizer is returned to run after the collection.
    pub fn collect_dead_weaks(&mut self, weaks: Vec<ClosurePtr>) -> Vec<CFinalizer> {
        let mut c_finalizers = Vec::new();
        for w in weaks.into_iter().rev() {
            let cur = self.current(w);
            // SAFETY: `cur` is a valid weak closure.
            unsafe {
                if cur.info().closure_type != ClosureType::Weak {
                    continue;
                }
                let finalizer = cur.payload(WEAK_FINALIZER);
                if let Some(c) = CFinalizer::read(cur) {
                    c_finalizers.push(c);
                }
                kill(cur);
                if finalizer != 0 {
                    let mut slot = finalizer;
                    self.evacuate(&mut slot, 0);
                    self.s.pending_finalizers.push(ClosurePtr::from_word(slot));
                }
            }
        }
        self.scan_to_fixpoint();
        c_finalizers
    }
}
