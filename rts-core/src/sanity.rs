//! The sanity checker (`+RTS -DS`): a full walk of the heap that checks
//! every invariant the collector relies on.
//!
//! Checked: block descriptors (every group in a generation list is a head
//! in use with that generation and consistent flags and fill pointer; free
//! runs are free and overlap nothing; the allocator's count of blocks in use
//! matches the lists); every object in every generation, large group and
//! static block (a valid info pointer, not forwarded, a size that fits its
//! block, objects laid end to end); every pointer field (null, or a valid
//! object in a block in use — never a freed block or a leftover from-space;
//! statics point only to statics except entered CAFs); the remembered set
//! (every old-to-young pointer's holder is listed, and listed mutable
//! objects are dirty); stack frames (valid frame info tables, frames that
//! exactly fill the chunk); the stable pointer, stable name, weak, CAF and
//! finalizer tables.

use std::collections::HashSet;
use std::fmt;

use crate::block::{BLOCK_SIZE, BlockFlags, BlockPtr, bdescr};
use crate::closure::{STACK_HEADER_WORDS, closure_size, for_each_pointer, frame_size};
use crate::heap::{Storage, mutable};
use crate::info::{ClosureType, INFO_MAGIC, InfoTable};
use crate::word::{ClosurePtr, TAG_MASK, WORD_BYTES, Word};

/// A broken invariant, described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SanityError(pub String);

impl fmt::Display for SanityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SanityError {}

macro_rules! fail {
    ($($t:tt)*) => { return Err(SanityError(format!($($t)*))) };
}

struct Checker<'a> {
    s: &'a Storage,
    groups: HashSet<usize>,
    mut_lists: Vec<HashSet<usize>>,
    nursery_limits: std::collections::HashMap<usize, usize>,
}

/// The info table of the object at `p`, if its header is a valid one.
fn info_of(p: usize) -> Result<&'static InfoTable, SanityError> {
    // SAFETY: `p` is inside a block group in use (checked by callers).
    let h = unsafe { *(p as *const Word) } as usize;
    if h & 1 == 1 {
        fail!("object {p:#x} is still forwarded (to {:#x})", h - 1);
    }
    if h == 0 || h % 8 != 0 {
        fail!("object {p:#x} has a bad header {h:#x}");
    }
    // SAFETY: an aligned non-null header; the magic check rejects junk
    // (a header pointing outside mapped memory would fault: this is a
    // debugging tool).
    let info = unsafe { &*(h as *const InfoTable) };
    if info.magic != INFO_MAGIC {
        fail!("object {p:#x}: header {h:#x} is not an info table");
    }
    Ok(info)
}

impl Checker<'_> {
    fn group_of(&self, p: usize) -> Result<BlockPtr, SanityError> {
        if !self.s.block_allocator().owns(p) {
            fail!("pointer {p:#x} is outside the heap");
        }
        let bd = bdescr(p);
        if !self.groups.contains(&bd.descr_addr()) {
            fail!(
                "pointer {p:#x} is into a block that is free or not a group head ({:?})",
                bd.flags()
            );
        }
        // The current nursery block's fill pointer lags behind `hp`.
        let limit = self
            .nursery_limits
            .get(&bd.descr_addr())
            .copied()
            .unwrap_or(bd.free());
        if p >= limit {
            fail!(
                "pointer {p:#x} is past its block's fill pointer {:#x}",
                bd.free()
            );
        }
        Ok(bd)
    }

    fn check_pointer(
        &self,
        holder: usize,
        holder_gen: Option<usize>,
        target: Word,
    ) -> Result<(), SanityError> {
        let t = target as usize & !TAG_MASK;
        if t == 0 {
            return Ok(());
        }
        let bd = self.group_of(t)?;
        let info = info_of(t)?;
        if info.closure_type.is_frame() {
            fail!("{holder:#x} points at a stack frame {t:#x}");
        }
        let target_gen = (!bd.has(BlockFlags::STATIC)).then(|| bd.generation());
        match (holder_gen, target_gen) {
            // A static may point into the heap only if it is an entered CAF.
            (None, Some(_)) if !self.s.cafs.iter().any(|c| c.addr() == holder) => {
                fail!("static {holder:#x} points into the heap ({t:#x}) and is not an entered CAF");
            }
            (Some(hg), Some(tg)) if tg < hg && !self.mut_lists[hg].contains(&holder) => {
                fail!(
                    "{holder:#x} (generation {hg}) points to {t:#x} (generation {tg}) but is not on the remembered set"
                );
            }
            _ => {}
        }
        Ok(())
    }

    fn check_stack_frames(
        &self,
        start: *const Word,
        end: *const Word,
        at: usize,
    ) -> Result<(), SanityError> {
        let mut f = start;
        while f < end {
            // SAFETY: `f` is inside the stack area.
            let h = unsafe { *f } as usize;
            if h == 0 || h % 8 != 0 {
                fail!("stack {at:#x}: bad frame header {h:#x}");
            }
            // SAFETY: as in `info_of`.
            let info = unsafe { &*(h as *const InfoTable) };
            if info.magic != INFO_MAGIC || !info.closure_type.is_frame() {
                fail!(
                    "stack {at:#x}: frame at {:#x} has no frame info table",
                    f as usize
                );
            }
            // SAFETY: a valid frame header.
            f = f.wrapping_add(unsafe { frame_size(f) });
        }
        if f != end {
            fail!("stack {at:#x}: frames overrun the chunk");
        }
        Ok(())
    }

    fn check_object(
        &self,
        p: usize,
        generation: Option<usize>,
        limit: usize,
    ) -> Result<usize, SanityError> {
        let info = info_of(p)?;
        if info.closure_type.is_frame() {
            fail!("a stack frame info table heads the heap object {p:#x}");
        }
        let obj = ClosurePtr::from_addr(p);
        // SAFETY: a valid info table; size words are inside the object.
        let size = unsafe { closure_size(obj, info) };
        if size == 0 || p + size * WORD_BYTES > limit {
            fail!(
                "object {p:#x} ({}) of {size} words overruns its block (limit {limit:#x})",
                info.name
            );
        }
        // SAFETY: as above.
        unsafe {
            match info.closure_type {
                ClosureType::Stack => {
                    let n = obj.payload(0) as usize;
                    let sp = obj.payload(1) as usize;
                    if sp > n {
                        fail!("stack {p:#x}: sp {sp} beyond size {n}");
                    }
                    let area = (p as *const Word).add(1 + STACK_HEADER_WORDS);
                    self.check_stack_frames(area.add(sp), area.add(n), p)?;
                }
                ClosureType::ApStack => {
                    let n = obj.payload(0) as usize;
                    let area = (p as *const Word).add(3);
                    self.check_stack_frames(area, area.add(n), p)?;
                }
                _ => {}
            }
        }
        let mut result = Ok(());
        // SAFETY: a checked object; frames were checked above.
        unsafe {
            for_each_pointer(obj, info, &mut |slot| {
                if result.is_ok() {
                    result = self.check_pointer(p, generation, *slot);
                }
            });
        }
        result?;
        if let Some(g) = generation
            && g > 0
            && info.closure_type.is_mutable()
        {
            // SAFETY: a checked object.
            let dirty = unsafe { mutable::is_dirty(obj) };
            if dirty != self.mut_lists[g].contains(&p) {
                fail!(
                    "object {p:#x} ({}) in generation {g}: dirty = {dirty} but listed = {}",
                    info.name,
                    !dirty
                );
            }
        }
        Ok(size)
    }

    fn walk_group(&self, bd: BlockPtr, generation: Option<usize>) -> Result<(), SanityError> {
        let mut p = bd.start();
        while p < bd.free() {
            p += self.check_object(p, generation, bd.free())? * WORD_BYTES;
        }
        Ok(())
    }
}

/// Check the whole heap. See the module documentation.
pub fn check_heap(s: &Storage) -> Result<(), SanityError> {
    let mut groups = HashSet::new();
    let mut counted = 0;
    let mut add = |bd: BlockPtr, what: &str| -> Result<(), SanityError> {
        if bd.has(BlockFlags::FREE) || bd.has(BlockFlags::INTERIOR) {
            fail!(
                "{what} group {:#x} is free or not a head ({:?})",
                bd.start(),
                bd.flags()
            );
        }
        if !groups.insert(bd.descr_addr()) {
            fail!("{what} group {:#x} is listed twice", bd.start());
        }
        if bd.free() < bd.start() || bd.free() > bd.end() {
            fail!(
                "{what} group {:#x}: fill pointer {:#x} out of range",
                bd.start(),
                bd.free()
            );
        }
        counted += bd.blocks();
        Ok(())
    };
    for bd in &s.nursery {
        if !bd.has(BlockFlags::NURSERY) || bd.generation() != 0 {
            fail!(
                "nursery block {:#x} has flags {:?} generation {}",
                bd.start(),
                bd.flags(),
                bd.generation()
            );
        }
        add(*bd, "nursery")?;
    }
    for bd in &s.static_blocks {
        if !bd.has(BlockFlags::STATIC) {
            fail!("static block {:#x} not flagged static", bd.start());
        }
        add(*bd, "static")?;
    }
    for (g, generation) in s.gens.iter().enumerate() {
        for bd in &generation.blocks {
            let bad = BlockFlags::NURSERY
                | BlockFlags::LARGE
                | BlockFlags::PINNED
                | BlockFlags::TO_SPACE
                | BlockFlags::EVACUATED
                | BlockFlags::STATIC;
            if bd.generation() != g || bd.flags().intersects(bad) {
                fail!(
                    "generation {g} block {:#x}: generation {} flags {:?}",
                    bd.start(),
                    bd.generation(),
                    bd.flags()
                );
            }
            add(*bd, "generation")?;
        }
        for bd in &generation.large {
            let ok = bd
                .flags()
                .intersects(BlockFlags::LARGE | BlockFlags::PINNED)
                && !bd
                    .flags()
                    .intersects(BlockFlags::EVACUATED | BlockFlags::TO_SPACE)
                && (g == 0 || !bd.has(BlockFlags::NURSERY));
            if bd.generation() != g || !ok {
                fail!(
                    "generation {g} large group {:#x}: generation {} flags {:?}",
                    bd.start(),
                    bd.generation(),
                    bd.flags()
                );
            }
            add(*bd, "large")?;
        }
    }
    if counted != s.blocks.blocks_in_use() {
        fail!(
            "lists hold {counted} blocks, the allocator says {} are in use",
            s.blocks.blocks_in_use()
        );
    }
    for (n, head) in s.blocks.free_groups() {
        if !head.has(BlockFlags::FREE) || head.blocks() != n {
            fail!(
                "free run {:#x} of {n} blocks has flags {:?}, size {}",
                head.start(),
                head.flags(),
                head.blocks()
            );
        }
        for i in 0..n {
            let b = bdescr(head.start() + i * BLOCK_SIZE);
            if groups.contains(&b.descr_addr()) {
                fail!("free run {:#x} overlaps a group in use", head.start());
            }
        }
    }
    for mb in s.blocks.free_mblocks() {
        if groups.iter().any(|&d| crate::block::mblock_of(d) == mb) {
            fail!("free megablock {mb:#x} holds a group in use");
        }
    }

    let mut mut_lists = vec![HashSet::new(); s.gens.len()];
    for (g, generation) in s.gens.iter().enumerate() {
        for p in &generation.mut_list {
            let bd = bdescr(p.addr());
            if !groups.contains(&bd.descr_addr()) || bd.generation() != g {
                fail!(
                    "remembered set of generation {g} lists {:#x}, which is not in generation {g}",
                    p.addr()
                );
            }
            mut_lists[g].insert(p.addr());
        }
    }
    let nursery_limits = s
        .nursery
        .iter()
        .enumerate()
        .map(|(i, bd)| {
            let limit = match i.cmp(&s.nursery_index) {
                std::cmp::Ordering::Less => bd.free(),
                std::cmp::Ordering::Equal => s.hp,
                std::cmp::Ordering::Greater => bd.start(),
            };
            (bd.descr_addr(), limit)
        })
        .collect();
    let c = Checker {
        s,
        groups,
        mut_lists,
        nursery_limits,
    };
    for bd in &s.static_blocks {
        c.walk_group(*bd, None)?;
    }
    for (g, generation) in s.gens.iter().enumerate() {
        for bd in generation.blocks.iter().chain(&generation.large) {
            c.walk_group(*bd, Some(g))?;
        }
        for w in &generation.weaks {
            let t = info_of(w.addr())?.closure_type;
            if !matches!(t, ClosureType::Weak | ClosureType::DeadWeak)
                || bdescr(w.addr()).generation() != g
            {
                fail!("weak list of generation {g} holds {:#x} ({t:?})", w.addr());
            }
            c.group_of(w.addr())?;
        }
    }
    for p in s.stable_ptrs.live_entries() {
        c.check_pointer(0, Some(0), p.to_word())?;
    }
    for (i, obj, name) in s.stable_names.entries() {
        c.check_pointer(0, Some(0), obj.to_word())?;
        c.check_pointer(0, Some(0), name.to_word())?;
        // SAFETY: checked just above.
        let idx = unsafe { name.payload(0) } as usize;
        if info_of(name.addr())?.closure_type != ClosureType::StableName || idx != i {
            fail!(
                "stable name entry {i} names {:#x}, which is not stable name {i}",
                name.addr()
            );
        }
    }
    for caf in &s.cafs {
        if info_of(caf.addr())?.closure_type != ClosureType::IndStatic {
            fail!("CAF list entry {:#x} is not an IND_STATIC", caf.addr());
        }
    }
    for f in &s.pending_finalizers {
        c.check_pointer(0, Some(0), f.to_word())?;
    }
    Ok(())
}

impl Storage {
    /// Run the sanity checker now.
    pub fn check_heap(&self) -> Result<(), SanityError> {
        check_heap(self)
    }
}
