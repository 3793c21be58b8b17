//! The weak-pointer phase of a collection.
//!
//! Note \[Weak pointers\]
//! A weak pointer's key, value and finalizer are not traced when the WEAK
//! closure is scavenged. After the roots are traced, every weak of the
//! collected generations is examined: if its key has been reached, the weak
//! itself is kept (even if nothing else refers to it), its key field is
//! updated, and its value and finalizer are traced, which may reach more
//! keys; this repeats until no more weaks come alive. The weaks left have
//! dead keys: each becomes DEAD_WEAK, its Haskell finalizer is traced and
//! queued (a root until the scheduler takes it), and its C finalizer is
//! returned to run when the collection is over. So a key reachable only from
//! its own weak's value or finalizer still dies, and each finalizer is
//! queued exactly once (a DEAD_WEAK is dropped from the lists).
//!
//! Weaks in generations that are not collected are not examined; if they
//! point to younger objects they are on the remembered set and traced
//! strongly from there (as GHC does), so their keys die at the next
//! collection of their own generation.

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

    /// Run the weak phase over `weaks` (the weak lists of the collected
    /// generations). Returns the C finalizers to run after the collection.
    pub fn process_weaks(&mut self, weaks: Vec<ClosurePtr>) -> Vec<CFinalizer> {
        let mut pending = weaks;
        loop {
            let mut progressed = false;
            let mut still_dead = Vec::new();
            for w in pending {
                let cur = self.current(w);
                // SAFETY: `cur` is a valid weak closure (copied or not).
                let (ty, key) =
                    unsafe { (cur.info().closure_type, cur.payload(WEAK_KEY) as usize) };
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
                self.s.gens[g].weaks.push(nw);
                progressed = true;
            }
            pending = still_dead;
            if !progressed {
                break;
            }
            self.scan_to_fixpoint();
        }
        let mut c_finalizers = Vec::new();
        for w in pending {
            let cur = self.current(w);
            // SAFETY: `cur` is a valid WEAK closure.
            unsafe {
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
