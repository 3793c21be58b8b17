//! The generational copying collector.
//!
//! [`Storage::collect`] runs one collection of generations `0..=n`:
//!
//! 1. choose `n` (the oldest generation over its threshold, or all for a
//!    major collection) and detach the collected generations' blocks,
//!    remembered sets and weak lists (from-space);
//! 2. trace the roots: the remembered sets of the older generations, the
//!    CAF list, the stable pointer table, queued finalizers, and the
//!    caller's [`RootVisitor`] (thread objects, whose stacks are traced
//!    frame by frame through their layouts);
//! 3. scan to-space to a fixpoint (Cheney), then the weak phase
//!    (Note \[Weak pointers\] in `weak`);
//! 4. update the stable name table, free from-space, reset the nursery,
//!    record statistics, check `-M`, give free megablocks back, run the
//!    sanity checker if enabled, then run C finalizers.
//!
//! Note \[Remembered set\]
//! Each generation g ≥ 1 has a list of its objects that may point to a
//! younger generation. The mutator adds to it through the write barrier
//! ([`Storage::record_mutation`]) when it writes into a mutable object or
//! updates a thunk in an old generation; the collector adds objects it
//! promoted ahead of their referents (Note \[Promotion\] in `evacuate`). A
//! collection of generations `0..=n` traces the lists of generations above
//! `n` as roots and rebuilds them: an entry stays only if it still points
//! younger. Generation 0 needs no list (it is always collected together
//! with the nursery). Mutable objects carry a clean/dirty state so each is
//! listed once (`heap::mutable`).

//! Note \[Returning memory\]
//! After a collection, wholly free megablocks beyond what the next
//! collection would need to copy today's live data (plus a nursery's worth)
//! go back to the address-space feature, where it returns memory
//! (`RETURNS_MEMORY`). So a heap that shrinks gives memory back, while a
//! steady heap does not pay for fresh pages (and their page faults) on
//! every major collection.

//! Note \[Unreachable threads\]
//! A thread blocked on an MVar, a blackhole or in `throwTo` that nothing
//! reachable can wake is deadlocked. As in GHC, the scheduler does not
//! pass such threads as roots. After the roots are traced to a fixpoint
//! the collector asks the [`RootVisitor`] which of them have become
//! reachable ([`RootVisitor::trace_reached_threads`], given a
//! [`ThreadTracer`] that answers "was this closure reached?" and traces
//! more), scans again, and repeats until no more threads come alive: a
//! thread's reachability may depend on what another thread's stack holds.
//! The threads still unreached are then passed to
//! [`RootVisitor::visit_weak_threads`], which resurrects them (traced from
//! there on) so the scheduler can throw to them; one more round of
//! `trace_reached_threads` traces their stacks. Weak pointers whose keys
//! are alive are traced in the same fixpoint before that (so a thread
//! reachable from a live weak's value is not resurrected), and again
//! after it (so keys reachable from resurrected threads stay alive); only
//! then do the remaining weaks die (Note [Weak pointers] in gc/weak.rs).
//! (GHC's `tidyThreadList`/`resurrectUnreachableThreads` in MarkWeak.c do
//! the same with heap stacks; our stacks live outside the heap, so the
//! visitor traces them itself.)

pub mod evacuate;
pub mod weak;

use std::time::Instant;

use crate::block::BlockFlags;
use crate::heap::{HeapOverflow, Storage};
use crate::stats::GcRecord;
use crate::word::{ClosurePtr, Word};

use evacuate::Collector;

/// The mutator's roots: everything it holds that points into the heap
/// (thread objects, registers, the interpreter's own tables). The collector
/// calls `visit` on each root slot and may rewrite it.
pub trait RootVisitor {
    fn visit_roots(&mut self, visit: &mut dyn FnMut(&mut ClosurePtr));

    /// Threads that are *not* roots and were not found reachable
    /// (Note [Unreachable threads]). The collector calls `visit` on each
    /// thread's slot: it updates the slot and returns `true` when the
    /// thread was unreachable and has been resurrected, so the scheduler
    /// can raise `BlockedIndefinitelyOnMVar` (or similar) in it. The
    /// default has none.
    fn visit_weak_threads(&mut self, visit: &mut dyn FnMut(&mut ClosurePtr) -> bool) {
        let _ = visit;
    }

    /// Called after the roots (and each round's discoveries) have been
    /// traced to a fixpoint: trace, through `tracer`, whatever belongs to
    /// threads that have become reachable since the last call (their
    /// stacks), and return whether anything was traced (then the collector
    /// scans and calls again). Note [Unreachable threads]. The default
    /// traces nothing (stacks in the heap need no help).
    fn trace_reached_threads(&mut self, tracer: &mut dyn ThreadTracer) -> bool {
        let _ = tracer;
        false
    }
}

/// What [`RootVisitor::trace_reached_threads`] may ask of the collector.
pub trait ThreadTracer {
    /// Where the closure `p` is now if this collection has reached it (or
    /// does not collect its generation); `None` if it has not been reached
    /// (yet).
    fn reached(&self, p: ClosurePtr) -> Option<ClosurePtr>;

    /// Traces the root slot `p` (copies its closure if needed and updates
    /// the slot).
    fn trace(&mut self, p: &mut ClosurePtr);

    /// Moves into `out` the TSOs the collector has scanned since the last
    /// call (their new addresses), so a visitor need not test every
    /// thread in every round: a chain of threads each reachable only from
    /// the previous one's stack (a thread ring) takes one round per
    /// thread. Old-generation TSOs that a minor collection does not copy
    /// are not reported; `reached` answers for them.
    fn take_scavenged_threads(&mut self, out: &mut Vec<ClosurePtr>);
}

impl ThreadTracer for Collector<'_> {
    fn reached(&self, p: ClosurePtr) -> Option<ClosurePtr> {
        self.forwarded(p.addr())
            .map(|a| ClosurePtr::from_addr(a | p.tag()))
    }

    fn trace(&mut self, p: &mut ClosurePtr) {
        let mut w = p.to_word();
        // SAFETY: a local slot holding a live closure pointer (a thread's
        // root).
        unsafe { self.evacuate(&mut w, 0) };
        *p = ClosurePtr::from_word(w);
    }

    fn take_scavenged_threads(&mut self, out: &mut Vec<ClosurePtr>) {
        out.append(&mut self.scavenged_tsos);
    }
}

impl RootVisitor for Vec<ClosurePtr> {
    fn visit_roots(&mut self, visit: &mut dyn FnMut(&mut ClosurePtr)) {
        self.iter_mut().for_each(visit);
    }
}

/// No roots at all (every dynamic object not held otherwise dies).
#[derive(Debug, Default)]
pub struct NoRoots;

impl RootVisitor for NoRoots {
    fn visit_roots(&mut self, _visit: &mut dyn FnMut(&mut ClosurePtr)) {}
}

/// What one collection did.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct GcSummary {
    /// The oldest generation collected.
    pub generation: usize,
    /// Whether it was a major (all generations) collection.
    pub major: bool,
    /// Bytes copied.
    pub copied_bytes: usize,
    /// Bytes live in all generations afterwards.
    pub live_bytes: usize,
}

impl Storage {
    /// `performGC`: a collection of the young generations (older ones too
    /// if they have outgrown their thresholds).
    pub fn perform_gc(&mut self, roots: &mut dyn RootVisitor) -> Result<GcSummary, HeapOverflow> {
        self.collect(roots, false)
    }

    /// `performMajorGC`: collect every generation.
    pub fn perform_major_gc(
        &mut self,
        roots: &mut dyn RootVisitor,
    ) -> Result<GcSummary, HeapOverflow> {
        self.collect(roots, true)
    }

    /// Run one collection (see the module documentation). `Err` only
    /// after a major collection that left more live data than `-M`; the
    /// collection itself is complete either way.
    pub fn collect(
        &mut self,
        roots: &mut dyn RootVisitor,
        major: bool,
    ) -> Result<GcSummary, HeapOverflow> {
        let started = Instant::now();
        let oldest = self.gens.len() - 1;
        let n = if major || self.want_major {
            oldest
        } else {
            (1..=oldest)
                .rev()
                .find(|&g| self.gens[g].used_bytes() > self.gens[g].threshold_bytes)
                .unwrap_or(0)
        };
        let allocated = self.nursery_allocated() + self.large_allocated;
        self.nursery[self.nursery_index].set_free(self.hp);
        self.pinned_current = None;

        // 1. Detach from-space.
        let mut from_blocks = Vec::new();
        let mut from_large = Vec::new();
        let mut old_weaks = Vec::new();
        for g in 0..=n {
            let generation = &mut self.gens[g];
            from_blocks.append(&mut generation.blocks);
            from_large.append(&mut generation.large);
            // Older generations' lists first: the walk (from the end,
            // Note [Weak list order] in gc/weak.rs) meets generation 0 first.
            let mut younger = std::mem::take(&mut generation.weaks);
            std::mem::swap(&mut old_weaks, &mut younger);
            old_weaks.append(&mut younger);
            generation.mut_list.clear();
            generation.collections += 1;
        }

        let mut c = Collector::new(self, n);
        // 2. Roots.
        for g in n + 1..=oldest {
            let list = std::mem::take(&mut c.s.gens[g].mut_list);
            for obj in list {
                // SAFETY: remembered-set entries are live closures of
                // generation g, which is not collected (they do not move).
                unsafe { c.scavenge(obj, g, true) };
            }
        }
        for i in 0..c.s.cafs.len() {
            let slot = (c.s.cafs[i].addr() as *mut Word).wrapping_add(1);
            // SAFETY: an entered CAF's payload 0 is a pointer field.
            unsafe { c.evacuate(slot, 0) };
        }
        let mut stable = std::mem::take(&mut c.s.stable_ptrs);
        stable.for_each_live(|e| {
            let mut w = *e as Word;
            // SAFETY: a local slot holding a live closure pointer.
            unsafe { c.evacuate(&mut w, 0) };
            *e = w as usize;
        });
        c.s.stable_ptrs = stable;
        let mut finalizers = std::mem::take(&mut c.s.pending_finalizers);
        evacuate_roots(&mut c, &mut finalizers);
        roots.visit_roots(&mut |p| {
            let mut w = p.to_word();
            // SAFETY: a local slot holding a root pointer.
            unsafe { c.evacuate(&mut w, 0) };
            *p = ClosurePtr::from_word(w);
        });

        // 3. Fixpoint, then GHC's phases (Note [Weak pointers] in
        // gc/weak.rs): weaks with live keys and reached threads, the
        // unreachable threads (Note [Unreachable threads]), weaks again,
        // dead weaks.
        let mut weaks = old_weaks;
        c.scan_to_fixpoint();
        while roots.trace_reached_threads(&mut c) || c.tidy_weaks(&mut weaks) {
            c.scan_to_fixpoint();
        }
        roots.visit_weak_threads(&mut |t| {
            let reached = c.forwarded(t.addr());
            if let Some(new) = reached {
                *t = ClosurePtr::from_addr(new | t.tag());
            } else {
                let mut w = t.to_word();
                // SAFETY: a local slot holding a thread pointer.
                unsafe { c.evacuate(&mut w, 0) };
                *t = ClosurePtr::from_word(w);
            }
            reached.is_none()
        });
        c.scan_to_fixpoint();
        while roots.trace_reached_threads(&mut c) || c.tidy_weaks(&mut weaks) {
            c.scan_to_fixpoint();
        }
        let c_finalizers = c.collect_dead_weaks(weaks);
        finalizers.append(&mut c.s.pending_finalizers);
        c.s.pending_finalizers = finalizers;
        c.seal();

        // 4. Stable names, then free from-space.
        let mut names = std::mem::take(&mut c.s.stable_names);
        names.after_gc(|p| c.forwarded(p));
        c.s.stable_names = names;
        let copied_words = c.copied_words;
        let to = std::mem::take(&mut c.to);
        drop(c);
        for bd in from_blocks {
            self.blocks.free_group(bd);
        }
        for bd in from_large {
            if !bd.has(BlockFlags::EVACUATED) {
                self.blocks.free_group(bd);
            }
        }
        for (g, ts) in to.into_iter().enumerate() {
            for bd in ts.blocks {
                bd.set_flags(bd.flags() - BlockFlags::TO_SPACE);
                self.gens[g].blocks.push(bd);
            }
            for bd in ts.large {
                bd.set_flags(bd.flags() - BlockFlags::EVACUATED);
                self.gens[g].large.push(bd);
            }
        }
        for bd in &self.nursery {
            bd.set_free(bd.start());
        }
        self.nursery_index = 0;
        self.hp = self.nursery[0].start();
        self.hp_lim = self.hp + crate::block::BLOCK_SIZE;
        self.large_allocated = 0;

        // Thresholds, -M, shrinking.
        let live_bytes = self.live_bytes();
        let factor = self.config.old_gen_factor.max(1.0);
        let floor = (self.nursery.len() * crate::block::BLOCK_SIZE * 2)
            .max(self.config.suggested_heap_bytes);
        for g in 1..=n {
            let used = self.gens[g].used_bytes();
            self.gens[g].threshold_bytes = ((used as f64 * factor) as usize).max(floor);
        }
        let major_done = n == oldest;
        self.want_major = false;
        self.major_since_refusal = major_done;
        let in_use = self.blocks.blocks_in_use() * crate::block::BLOCK_SIZE;
        let mut result = Ok(());
        if let Some(limit) = self.config.max_heap_bytes {
            if major_done && live_bytes > limit {
                result = Err(HeapOverflow {
                    live_bytes,
                    limit_bytes: limit,
                });
            } else if !major_done && in_use > limit {
                self.want_major = true;
            }
        }
        // Keep enough free megablocks for the next collection to copy what
        // is live now (Note [Returning memory]); give the rest back.
        let mblock = rts_features::addr::MEGABLOCK_SIZE;
        let keep =
            live_bytes.div_ceil(mblock) + self.nursery.len() / crate::block::USABLE_BLOCKS + 1;
        self.blocks.release_free_mblocks(keep);

        let summary = GcSummary {
            generation: n,
            major: major_done,
            copied_bytes: copied_words * 8,
            live_bytes,
        };
        self.stats.record(
            GcRecord {
                generation: n,
                allocated_bytes: allocated,
                copied_bytes: copied_words * 8,
                live_bytes,
                major: major_done,
                elapsed: started.elapsed(),
                heap_bytes: self.blocks.mblocks_held() * rts_features::addr::MEGABLOCK_SIZE,
                slop_bytes: self
                    .gens
                    .iter()
                    .map(|g| g.held_blocks() * crate::block::BLOCK_SIZE)
                    .sum::<usize>()
                    .saturating_sub(live_bytes),
            },
            self.config.trace_collections,
        );
        if self.config.sanity_checks
            && let Err(e) = crate::sanity::check_heap(self)
        {
            panic!("hsrts: sanity check failed after a collection of generation {n}: {e}");
        }
        for f in c_finalizers {
            // SAFETY: the finalizer was registered with `mk_weak`, whose
            // caller vouched for its contract; it runs once (the weak is dead).
            unsafe { f.run() };
        }
        result.map(|()| summary)
    }
}

fn evacuate_roots(c: &mut Collector<'_>, roots: &mut [ClosurePtr]) {
    for p in roots {
        let mut w = p.to_word();
        // SAFETY: a local slot holding a root pointer.
        unsafe { c.evacuate(&mut w, 0) };
        *p = ClosurePtr::from_word(w);
    }
}
