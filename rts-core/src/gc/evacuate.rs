//! The copying engine: evacuation (copy an object to to-space and leave a
//! forwarding pointer), scavenging (evacuate the fields of a copied object)
//! and the Cheney scan that drives both to a fixpoint.
//!
//! Note \[Promotion\]
//! An object's *natural* destination is generation 0 when it is in the
//! nursery (aging: it survives once before promotion), else one generation
//! up, capped at the oldest. Scavenging an object that lives in generation
//! `t` evacuates its fields to at least `t` (GHC's eager promotion), so an
//! old object's young referents follow it up. When a referent is already
//! somewhere younger (copied earlier, or in a generation not collected), the
//! referrer has an old-to-young pointer and goes on its generation's
//! remembered set ("failed to evacuate" in GHC's words).
//!
//! Indirections are removed during evacuation: a field pointing at an IND
//! is redirected to the indirectee. A selector thunk whose selectee is
//! already a constructor is replaced by the selected field (at most
//! [`SELECTOR_DEPTH`] steps, which also stops selector cycles).

use crate::block::{BLOCK_SIZE, BlockFlags, BlockPtr, bdescr};
use crate::closure::{closure_size, for_each_pointer};
use crate::heap::{Storage, mutable};
use crate::info::{ClosureType, InfoTable};
use crate::word::{ClosurePtr, TAG_MASK, WORD_BYTES, Word};

/// How many selector thunks / indirections one evacuation follows.
pub const SELECTOR_DEPTH: usize = 16;

/// "Lives in no generation": statics and null.
pub const NO_GEN: usize = usize::MAX;

/// Where one generation's copies go during a collection.
#[derive(Default)]
pub(crate) struct ToSpace {
    pub blocks: Vec<BlockPtr>,
    pub large: Vec<BlockPtr>,
    hp: usize,
    lim: usize,
    scan_block: usize,
    scan: usize,
}

/// The state of one collection.
pub(crate) struct Collector<'s> {
    pub s: &'s mut Storage,
    /// Generations `0..=max_gen` are being collected.
    pub max_gen: usize,
    pub oldest: usize,
    pub to: Vec<ToSpace>,
    large_todo: Vec<(ClosurePtr, usize)>,
    pub copied_words: usize,
    /// TSOs scavenged since `ThreadTracer::take_scavenged_threads` last
    /// took them (Note [Unreachable threads] in gc/mod.rs).
    pub scavenged_tsos: Vec<ClosurePtr>,
}

#[inline]
fn header_of(p: usize) -> Word {
    // SAFETY: callers pass the address of a closure in the heap.
    unsafe { *(p as *const Word) }
}

impl<'s> Collector<'s> {
    pub fn new(s: &'s mut Storage, max_gen: usize) -> Self {
        let oldest = s.gens.len() - 1;
        let to = (0..=oldest).map(|_| ToSpace::default()).collect();
        Collector {
            s,
            max_gen,
            oldest,
            to,
            large_todo: Vec::new(),
            copied_words: 0,
            scavenged_tsos: Vec::new(),
        }
    }

    #[inline]
    fn natural(&self, bd: BlockPtr) -> usize {
        if bd.has(BlockFlags::NURSERY) {
            0
        } else {
            (bd.generation() + 1).min(self.oldest)
        }
    }

    /// Whether the block is being collected (its objects may move or die).
    #[inline]
    fn collected(&self, bd: BlockPtr) -> bool {
        let f = bd.flags();
        !f.intersects(BlockFlags::STATIC | BlockFlags::TO_SPACE)
            && (f.contains(BlockFlags::NURSERY) || bd.generation() <= self.max_gen)
    }

    fn new_block(&mut self, g: usize) {
        let bd = match self.s.blocks.alloc_group(1, g, BlockFlags::TO_SPACE) {
            Ok(bd) => bd,
            Err(e) => panic!("hsrts: {e} during garbage collection"),
        };
        let ts = &mut self.to[g];
        if let Some(&last) = ts.blocks.last() {
            last.set_free(ts.hp);
        } else {
            ts.scan = bd.start();
        }
        ts.blocks.push(bd);
        ts.hp = bd.start();
        ts.lim = bd.start() + BLOCK_SIZE;
    }

    #[inline]
    fn copy(&mut self, p: usize, words: usize, g: usize) -> usize {
        let bytes = words * WORD_BYTES;
        if self.to[g].hp + bytes > self.to[g].lim {
            self.new_block(g);
        }
        let ts = &mut self.to[g];
        let new = ts.hp;
        ts.hp += bytes;
        // SAFETY: `p` is a from-space closure of `words` words; `new` is
        // fresh to-space room for it; they cannot overlap.
        unsafe {
            let (src, dst) = (p as *const Word, new as *mut Word);
            if words <= 8 {
                // Most closures are a few words: a loop beats a memcpy call.
                for i in 0..words {
                    *dst.add(i) = *src.add(i);
                }
            } else {
                std::ptr::copy_nonoverlapping(src, dst, words);
            }
        }
        self.copied_words += words;
        new
    }

    /// Evacuate the object `*slot` points to (to generation `min_gen` or
    /// older) and update the slot. Returns the generation the object now
    /// lives in ([`NO_GEN`] for statics and null).
    ///
    /// # Safety
    /// `slot` must be a valid pointer field.
    #[inline]
    pub unsafe fn evacuate(&mut self, slot: *mut Word, min_gen: usize) -> usize {
        // The fast path: an ordinary object in an ordinary collected block,
        // already forwarded or to be copied. Everything else (null, statics,
        // old generations, large/pinned, indirections, selector thunks) is
        // the general loop below.
        // SAFETY: the caller guarantees the slot.
        let w = unsafe { *slot };
        let p = w as usize & !TAG_MASK;
        if p != 0 {
            let bd = bdescr(p);
            let f = bd.flags();
            let plain = (f - BlockFlags::NURSERY).is_empty();
            if plain && (f.contains(BlockFlags::NURSERY) || bd.generation() <= self.max_gen) {
                let tag = w as usize & TAG_MASK;
                let header = header_of(p);
                if header & 1 == 1 {
                    let new = header as usize - 1;
                    // SAFETY: as above.
                    unsafe { *slot = (new | tag) as Word };
                    return bdescr(new).generation();
                }
                // SAFETY: an unforwarded header is an info pointer.
                let info: &'static InfoTable = unsafe { &*(header as usize as *const InfoTable) };
                if !matches!(
                    info.closure_type,
                    ClosureType::Ind | ClosureType::ThunkSelector
                ) {
                    // SAFETY: `p` is an unforwarded closure described by `info`.
                    let words = unsafe { closure_size(ClosurePtr::from_addr(p), info) };
                    let natural = if f.contains(BlockFlags::NURSERY) {
                        0
                    } else {
                        bd.generation() + 1
                    };
                    let g = natural.max(min_gen).min(self.oldest);
                    let new = self.copy(p, words, g);
                    // SAFETY: forwarding pointer in from-space; slot valid.
                    unsafe {
                        *(p as *mut Word) = (new | 1) as Word;
                        *slot = (new | tag) as Word;
                    }
                    return g;
                }
            }
        }
        // SAFETY: forwarded to the caller.
        unsafe { self.evacuate_general(slot, min_gen) }
    }

    /// The general case of [`Collector::evacuate`].
    ///
    /// # Safety
    /// As [`Collector::evacuate`].
    #[inline(never)]
    unsafe fn evacuate_general(&mut self, slot: *mut Word, min_gen: usize) -> usize {
        let mut depth = 0;
        loop {
            // SAFETY: the caller guarantees the slot.
            let w = unsafe { *slot };
            let p = w as usize & !TAG_MASK;
            if p == 0 {
                return NO_GEN;
            }
            let tag = w as usize & TAG_MASK;
            let bd = bdescr(p);
            if !self.collected(bd) {
                return if bd.has(BlockFlags::STATIC) {
                    NO_GEN
                } else {
                    bd.generation()
                };
            }
            if bd
                .flags()
                .intersects(BlockFlags::LARGE | BlockFlags::PINNED)
            {
                self.evacuate_large(bd, p, min_gen);
                return bd.generation();
            }
            let header = header_of(p);
            if header & 1 == 1 {
                let new = header as usize - 1;
                // SAFETY: as above.
                unsafe { *slot = (new | tag) as Word };
                return bdescr(new).generation();
            }
            // SAFETY: an unforwarded header is an info pointer.
            let info: &'static InfoTable = unsafe { &*(header as usize as *const InfoTable) };
            if depth < SELECTOR_DEPTH {
                match info.closure_type {
                    ClosureType::Ind => {
                        // SAFETY: an IND has one payload word; `slot` valid.
                        unsafe { *slot = ClosurePtr::from_addr(p).payload(0) };
                        depth += 1;
                        continue;
                    }
                    ClosureType::ThunkSelector => {
                        if let Some(field) = self.select(p, info) {
                            // SAFETY: as above.
                            unsafe { *slot = field };
                            depth += 1;
                            continue;
                        }
                    }
                    _ => {}
                }
            }
            // SAFETY: `p` is an unforwarded closure described by `info`.
            let words = unsafe { closure_size(ClosurePtr::from_addr(p), info) };
            let g = self.natural(bd).max(min_gen).min(self.oldest);
            let new = self.copy(p, words, g);
            // SAFETY: the from-space header becomes a forwarding pointer
            // (Note [Forwarding pointers]); `slot` valid.
            unsafe {
                *(p as *mut Word) = (new | 1) as Word;
                *slot = (new | tag) as Word;
            }
            return g;
        }
    }

    fn evacuate_large(&mut self, bd: BlockPtr, p: usize, min_gen: usize) {
        if bd.has(BlockFlags::EVACUATED) {
            return;
        }
        let g = self.natural(bd).max(min_gen).min(self.oldest);
        let flags = (bd.flags() | BlockFlags::EVACUATED) - BlockFlags::NURSERY;
        bd.set_flags(flags);
        bd.set_generation(g);
        self.to[g].large.push(bd);
        if !flags.contains(BlockFlags::PINNED) {
            self.large_todo.push((ClosurePtr::from_addr(p), g));
        }
    }

    /// The field a selector thunk selects, if its selectee is already a
    /// constructor (through indirections and forwarding).
    fn select(&self, p: usize, info: &InfoTable) -> Option<Word> {
        // SAFETY: a selector thunk's payload 0 is its selectee.
        let mut sel = unsafe { ClosurePtr::from_addr(p).payload(0) } as usize & !TAG_MASK;
        for _ in 0..SELECTOR_DEPTH {
            if sel == 0 {
                return None;
            }
            let mut h = header_of(sel);
            if h & 1 == 1 {
                sel = h as usize - 1;
                h = header_of(sel);
            }
            // SAFETY: `h` is now an info pointer (to-space copies have one).
            let si: &InfoTable = unsafe { &*(h as usize as *const InfoTable) };
            match si.closure_type {
                ClosureType::Constr if info.selector < si.ptrs => {
                    // SAFETY: the field index is within the pointer fields.
                    return Some(unsafe {
                        ClosurePtr::from_addr(sel).payload(info.selector as usize)
                    });
                }
                ClosureType::Ind | ClosureType::IndStatic => {
                    // SAFETY: an indirection's payload 0 is its target.
                    sel = unsafe { ClosurePtr::from_addr(sel).payload(0) } as usize & !TAG_MASK;
                }
                _ => return None,
            }
        }
        None
    }

    /// Scavenge the object at `p`, which lives in generation `g`: evacuate
    /// its fields, then fix its remembered-set state (Note \[Promotion\]).
    /// `strong_weak`: treat a WEAK's fields as strong (remembered-set
    /// entries; otherwise the weak phase owns them). Returns its size.
    ///
    /// # Safety
    /// `p` must be a valid, unforwarded closure in generation `g`.
    pub unsafe fn scavenge(&mut self, p: ClosurePtr, g: usize, strong_weak: bool) -> usize {
        // SAFETY: the caller guarantees a valid closure.
        let info = unsafe { p.info() };
        // SAFETY: as above.
        let size = unsafe { closure_size(p, info) };
        let mut failed = false;
        if matches!(
            info.closure_type,
            ClosureType::Constr | ClosureType::Fun | ClosureType::Thunk
        ) {
            // The common case, without the general layout dispatch.
            let base = (p.untagged().addr() as *mut Word).wrapping_add(1);
            for i in 0..info.ptrs as usize {
                // SAFETY: the first `ptrs` payload words are pointer fields.
                failed |= unsafe { self.evacuate(base.add(i), g) } < g;
            }
        } else if info.closure_type != ClosureType::Weak || strong_weak {
            if info.closure_type == ClosureType::Tso {
                // Its thread may be a blocked one just found reachable
                // (Note [Unreachable threads] in gc/mod.rs).
                self.scavenged_tsos.push(p);
            }
            // SAFETY: the pointer fields of a valid closure are valid slots.
            unsafe {
                for_each_pointer(p, info, &mut |slot| {
                    let tg = self.evacuate(slot, g);
                    failed |= tg < g;
                });
            }
        }
        if failed || info.closure_type.is_mutable() {
            self.remember(p, g, failed);
        }
        size
    }

    /// After scavenging `p` (in generation `g`): put it on the remembered
    /// set if it points to a younger generation, and set its clean/dirty
    /// state to match.
    pub fn remember(&mut self, p: ClosurePtr, g: usize, failed: bool) {
        let dirty = failed && g > 0;
        // SAFETY: `p` is a valid, unforwarded closure.
        unsafe { mutable::set_dirty(p, dirty) };
        if dirty {
            self.s.gens[g].mut_list.push(p);
        }
    }

    fn scan_gen(&mut self, g: usize) -> bool {
        let mut did = false;
        loop {
            let ts = &self.to[g];
            if ts.scan_block >= ts.blocks.len() {
                return did;
            }
            let last = ts.scan_block + 1 == ts.blocks.len();
            // Copies made while scanning only add objects after `limit`
            // (in this block or in new ones), so a snapshot is safe.
            let limit = if last {
                ts.hp
            } else {
                ts.blocks[ts.scan_block].free()
            };
            let mut scan = ts.scan;
            if scan < limit {
                while scan < limit {
                    // SAFETY: to-space holds valid copies, laid end to end.
                    let size = unsafe { self.scavenge(ClosurePtr::from_addr(scan), g, false) };
                    scan += size * WORD_BYTES;
                }
                self.to[g].scan = scan;
                did = true;
            } else if !last {
                let ts = &mut self.to[g];
                ts.scan_block += 1;
                ts.scan = ts.blocks[ts.scan_block].start();
            } else {
                return did;
            }
        }
    }

    /// Scavenge until nothing is left to scan.
    pub fn scan_to_fixpoint(&mut self) {
        loop {
            let mut did = false;
            for g in 0..=self.oldest {
                did |= self.scan_gen(g);
            }
            while let Some((p, g)) = self.large_todo.pop() {
                // SAFETY: a live large object, not moved, in generation `g`.
                unsafe { self.scavenge(p, g, false) };
                did = true;
            }
            if !did {
                return;
            }
        }
    }

    /// Whether the object at `p` survived (so far), and where it is now.
    /// Indirections are followed. `None`: not (yet) reachable.
    pub fn forwarded(&self, p: usize) -> Option<usize> {
        let mut p = p & !TAG_MASK;
        for _ in 0..SELECTOR_DEPTH {
            if p == 0 {
                return None;
            }
            let bd = bdescr(p);
            if !self.collected(bd) {
                return Some(p);
            }
            if bd
                .flags()
                .intersects(BlockFlags::LARGE | BlockFlags::PINNED)
            {
                return bd.has(BlockFlags::EVACUATED).then_some(p);
            }
            let h = header_of(p);
            if h & 1 == 1 {
                return Some(h as usize - 1);
            }
            // SAFETY: an unforwarded header is an info pointer.
            let info: &InfoTable = unsafe { &*(h as usize as *const InfoTable) };
            if info.closure_type == ClosureType::Ind {
                // SAFETY: an IND's payload 0 is its target.
                p = unsafe { ClosurePtr::from_addr(p).payload(0) } as usize & !TAG_MASK;
            } else {
                return None;
            }
        }
        None
    }

    /// Finish: give the last to-space block its fill pointer.
    pub fn seal(&mut self) {
        for ts in &mut self.to {
            if let Some(&last) = ts.blocks.last() {
                last.set_free(ts.hp);
            }
        }
    }
}
