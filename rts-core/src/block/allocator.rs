//! The block allocator: block groups out of megablocks, with coalescing.
//!
//! Free space is kept at two levels. Wholly free megablocks are a pool
//! (`free_mblocks`); partly used megablocks contribute their free runs of
//! blocks to `free_groups`, ordered by size so a request takes the smallest
//! run that fits (best fit). Freeing a group merges it with free neighbours
//! in its megablock (the neighbour after is found through the descriptor
//! just past the group, the one before through the descriptor just before,
//! which for a free group's last block points at its head); a megablock
//! whose blocks are all free goes back to the pool. When the heap shrinks,
//! [`BlockAllocator::release_free_mblocks`] gives pool megablocks back to the
//! address-space feature, one whole earlier allocation at a time, if it
//! returns memory (`RETURNS_MEMORY`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use rts_features::addr::{self, AddrError, MEGABLOCK_SIZE};

use super::descriptor::{BlockFlags, BlockPtr};
use super::{
    BLOCK_SIZE, BLOCKS_PER_MBLOCK, DESCRIPTOR_SIZE, FIRST_BLOCK, USABLE_BLOCKS, mblock_of,
};

/// The address-space feature refused memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfMemory(pub AddrError);

impl fmt::Display for OutOfMemory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "out of memory: {}", self.0)
    }
}

impl std::error::Error for OutOfMemory {}

/// Hands out block groups; owns every megablock of one heap.
#[derive(Default)]
pub struct BlockAllocator {
    /// Free runs inside partly used megablocks: (blocks, head descriptor).
    free_groups: BTreeSet<(usize, usize)>,
    /// Wholly free megablocks.
    free_mblocks: BTreeSet<usize>,
    /// Every allocation obtained from the address-space feature: base -> count.
    os_allocations: BTreeMap<usize, usize>,
    mblocks_held: usize,
    blocks_in_use: usize,
}

fn descr_at(mb: usize, index: usize) -> BlockPtr {
    BlockPtr::from_descr_addr(mb + index * DESCRIPTOR_SIZE)
}

fn index_of(d: BlockPtr) -> usize {
    (d.descr_addr() - mblock_of(d.descr_addr())) / DESCRIPTOR_SIZE
}

fn block_start(d: BlockPtr) -> usize {
    mblock_of(d.descr_addr()) + index_of(d) * BLOCK_SIZE
}

impl BlockAllocator {
    /// An allocator holding no memory yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Megablocks currently obtained from the address-space feature.
    pub fn mblocks_held(&self) -> usize {
        self.mblocks_held
    }

    /// Data blocks currently handed out in groups.
    pub fn blocks_in_use(&self) -> usize {
        self.blocks_in_use
    }

    /// Wholly free megablocks kept for reuse.
    pub fn free_mblock_count(&self) -> usize {
        self.free_mblocks.len()
    }

    /// Free runs inside partly used megablocks: `(blocks, head)`.
    pub fn free_groups(&self) -> impl Iterator<Item = (usize, BlockPtr)> + '_ {
        self.free_groups
            .iter()
            .map(|&(n, d)| (n, BlockPtr::from_descr_addr(d)))
    }

    /// Wholly free megablocks.
    pub fn free_mblocks(&self) -> impl Iterator<Item = usize> + '_ {
        self.free_mblocks.iter().copied()
    }

    /// Whether `addr` lies in memory this allocator obtained.
    pub fn owns(&self, addr: usize) -> bool {
        self.os_allocations
            .range(..=addr)
            .next_back()
            .is_some_and(|(&base, &count)| addr < base + count * MEGABLOCK_SIZE)
    }

    /// A group of at least `blocks` blocks (exactly `blocks` when it fits in
    /// one megablock), with the given generation and flags. Its fill pointer
    /// is its start.
    pub fn alloc_group(
        &mut self,
        blocks: usize,
        generation: usize,
        flags: BlockFlags,
    ) -> Result<BlockPtr, OutOfMemory> {
        let blocks = blocks.max(1);
        if blocks > USABLE_BLOCKS {
            let mblocks = (FIRST_BLOCK + blocks).div_ceil(BLOCKS_PER_MBLOCK);
            let base = self.take_mblocks(mblocks)?;
            let total = mblocks * BLOCKS_PER_MBLOCK - FIRST_BLOCK;
            let head = descr_at(base, FIRST_BLOCK);
            self.init_group(head, total, generation, flags | BlockFlags::MEGA);
            self.blocks_in_use += total;
            return Ok(head);
        }
        let (size, head) = match self.free_groups.range((blocks, 0)..).next().copied() {
            Some((size, d)) => {
                self.free_groups.remove(&(size, d));
                (size, BlockPtr::from_descr_addr(d))
            }
            None => (USABLE_BLOCKS, descr_at(self.take_mblocks(1)?, FIRST_BLOCK)),
        };
        if size > blocks {
            self.mark_free(head.offset(blocks), size - blocks);
        }
        self.init_group(head, blocks, generation, flags);
        self.blocks_in_use += blocks;
        Ok(head)
    }

    fn init_group(&mut self, head: BlockPtr, blocks: usize, generation: usize, flags: BlockFlags) {
        let start = block_start(head);
        head.init(start, blocks, generation, flags, head);
        // Interior descriptors exist only in the head's megablock.
        let last = blocks.min(BLOCKS_PER_MBLOCK - index_of(head));
        for i in 1..last {
            head.offset(i).init(
                start + i * BLOCK_SIZE,
                0,
                generation,
                BlockFlags::INTERIOR,
                head,
            );
        }
    }

    fn mark_free(&mut self, head: BlockPtr, blocks: usize) {
        head.init(block_start(head), blocks, 0, BlockFlags::FREE, head);
        if blocks > 1 {
            let tail = head.offset(blocks - 1);
            tail.init(
                block_start(tail),
                0,
                0,
                BlockFlags::FREE | BlockFlags::INTERIOR,
                head,
            );
        }
        self.free_groups.insert((blocks, head.descr_addr()));
    }

    /// Give a group back. Neighbouring free runs are merged; a megablock
    /// left wholly free joins the pool.
    pub fn free_group(&mut self, head: BlockPtr) {
        let blocks = head.blocks();
        self.blocks_in_use -= blocks;
        let mb = mblock_of(head.descr_addr());
        if head.has(BlockFlags::MEGA) {
            let mblocks = (FIRST_BLOCK + blocks) / BLOCKS_PER_MBLOCK;
            for i in 0..mblocks {
                self.free_mblocks.insert(mb + i * MEGABLOCK_SIZE);
            }
            return;
        }
        let mut first = index_of(head);
        let mut size = blocks;
        let next = first + size;
        if next < BLOCKS_PER_MBLOCK {
            let n = descr_at(mb, next);
            if n.flags() == BlockFlags::FREE {
                self.free_groups.remove(&(n.blocks(), n.descr_addr()));
                size += n.blocks();
            }
        }
        if first > FIRST_BLOCK {
            let p = descr_at(mb, first - 1);
            if p.has(BlockFlags::FREE) {
                let ph = p.head();
                self.free_groups.remove(&(ph.blocks(), ph.descr_addr()));
                first = index_of(ph);
                size += ph.blocks();
            }
        }
        if size == USABLE_BLOCKS {
            self.free_mblocks.insert(mb);
        } else {
            self.mark_free(descr_at(mb, first), size);
        }
    }

    fn take_mblocks(&mut self, count: usize) -> Result<usize, OutOfMemory> {
        // Reuse a run of `count` contiguous pool megablocks if there is one.
        let mut run_start = 0;
        let mut run_len = 0;
        let mut found = None;
        for &mb in &self.free_mblocks {
            if run_len > 0 && mb == run_start + run_len * MEGABLOCK_SIZE {
                run_len += 1;
            } else {
                run_start = mb;
                run_len = 1;
            }
            if run_len == count {
                found = Some(run_start);
                break;
            }
        }
        if let Some(base) = found {
            for i in 0..count {
                self.free_mblocks.remove(&(base + i * MEGABLOCK_SIZE));
            }
            return Ok(base);
        }
        let base = addr::alloc_megablocks(count).map_err(OutOfMemory)?.as_ptr() as usize;
        self.os_allocations.insert(base, count);
        self.mblocks_held += count;
        Ok(base)
    }

    /// Give wholly free earlier allocations back to the address-space
    /// feature until at most `keep` free megablocks remain in the pool
    /// (nothing happens when the feature does not return memory). Returns
    /// the number of megablocks released.
    pub fn release_free_mblocks(&mut self, keep: usize) -> usize {
        if !addr::RETURNS_MEMORY {
            return 0;
        }
        let mut released = 0;
        let candidates: Vec<(usize, usize)> = self
            .os_allocations
            .iter()
            .filter(|&(&base, &count)| {
                (0..count).all(|i| self.free_mblocks.contains(&(base + i * MEGABLOCK_SIZE)))
            })
            .map(|(&b, &c)| (b, c))
            .collect();
        for (base, count) in candidates {
            if self.free_mblocks.len() < keep + count {
                break;
            }
            for i in 0..count {
                self.free_mblocks.remove(&(base + i * MEGABLOCK_SIZE));
            }
            self.os_allocations.remove(&base);
            self.mblocks_held -= count;
            released += count;
            // SAFETY: (base, count) is exactly one earlier allocation, and no
            // block of it is in use (all its megablocks were in the pool).
            unsafe {
                addr::free_megablocks(core::ptr::NonNull::new_unchecked(base as *mut u8), count)
            };
        }
        released
    }
}

impl Drop for BlockAllocator {
    fn drop(&mut self) {
        for (&base, &count) in &self.os_allocations {
            // SAFETY: each entry is one earlier allocation; the heap that
            // owned this allocator is gone, so nothing refers to it.
            unsafe {
                addr::free_megablocks(core::ptr::NonNull::new_unchecked(base as *mut u8), count)
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_coalesce_back_into_a_free_megablock() {
        let mut a = BlockAllocator::new();
        let g1 = a.alloc_group(3, 0, BlockFlags::empty()).unwrap();
        let g2 = a.alloc_group(5, 1, BlockFlags::empty()).unwrap();
        let g3 = a.alloc_group(1, 0, BlockFlags::NURSERY).unwrap();
        assert_eq!(a.mblocks_held(), 1);
        assert_eq!(a.blocks_in_use(), 9);
        assert_eq!(g2.start(), g1.end());
        assert_eq!(
            super::super::bdescr(g2.start() + 5 * BLOCK_SIZE - 8),
            g2.offset(4)
        );
        assert_eq!(super::super::bdescr(g2.start() + 4 * BLOCK_SIZE).head(), g2);
        assert_eq!(g2.generation(), 1);
        a.free_group(g2);
        a.free_group(g1);
        // g1 and g2 merged into one run of 8 before g3.
        assert!(a.free_groups().any(|(n, d)| n == 8 && d == g1));
        let again = a.alloc_group(8, 0, BlockFlags::empty()).unwrap();
        assert_eq!(again, g1);
        a.free_group(again);
        a.free_group(g3);
        assert_eq!(a.free_mblock_count(), 1);
        assert_eq!(a.free_groups().count(), 0);
        assert_eq!(a.blocks_in_use(), 0);
    }

    #[test]
    fn huge_groups_span_megablocks_and_are_released() {
        let mut a = BlockAllocator::new();
        let big = a.alloc_group(600, 0, BlockFlags::LARGE).unwrap();
        assert!(big.blocks() >= 600);
        assert!(big.has(BlockFlags::MEGA));
        assert_eq!(a.mblocks_held(), 3);
        // The whole group is writable.
        // SAFETY: the group is ours and at least 600 blocks long.
        unsafe { ((big.start() + 600 * BLOCK_SIZE - 8) as *mut u64).write(7) };
        a.free_group(big);
        assert_eq!(a.free_mblock_count(), 3);
        let released = a.release_free_mblocks(0);
        if addr::RETURNS_MEMORY {
            assert_eq!(released, 3);
            assert_eq!(a.mblocks_held(), 0);
        } else {
            assert_eq!(released, 0);
        }
    }

    #[test]
    fn best_fit_reuses_freed_runs() {
        let mut a = BlockAllocator::new();
        let gs: Vec<_> = (0..20)
            .map(|i| a.alloc_group(1 + i % 4, 0, BlockFlags::empty()).unwrap())
            .collect();
        for g in gs.iter().step_by(2) {
            a.free_group(*g);
        }
        let before = a.mblocks_held();
        let g = a.alloc_group(1, 0, BlockFlags::empty()).unwrap();
        assert_eq!(a.mblocks_held(), before);
        assert!(gs.contains(&g));
        assert!(a.owns(g.start()));
        assert!(!a.owns(0x10));
    }
}
