//! The block layer: megablocks from the address-space feature, carved into
//! 4 KiB blocks that each have a descriptor, grouped into block groups.
//!
//! Note \[Block geometry\]
//! As in GHC: a megablock is 1 MiB (`rts_features::addr::MEGABLOCK_SIZE`),
//! a block 4 KiB, so a megablock has 256 blocks. The descriptors of all 256
//! blocks sit at the start of the megablock (32 bytes each: 8 KiB), using up
//! its first two blocks; the other 254 blocks hold data. The descriptor of
//! any address inside a block is found by masking alone:
//! `mblock(p) + ((p - mblock(p)) >> 12) * 32`, which is what makes "which
//! generation is this object in" a couple of instructions in the collector.
//!
//! A group of more than 254 blocks (a large object bigger than ~1 MiB) gets
//! several contiguous megablocks; only the first has descriptors (the head
//! of the group describes the whole group), the rest is data. Objects are
//! always referred to by their first word, which lies in the first
//! megablock, so masking still finds the head descriptor. The same rule
//! holds inside a megablock: every object starts in the *head* block of
//! its group (small objects live in single-block groups; a group of several
//! blocks holds exactly one object at its start), because only the head
//! descriptor carries the generation and flags.
//!
//! Every closure the runtime handles lives in some block group, statics
//! included (they are in blocks flagged `STATIC`, never collected), so the
//! collector never needs a "is this address in the heap?" test.

pub mod allocator;
pub mod descriptor;

pub use allocator::{BlockAllocator, OutOfMemory};
pub use descriptor::{BlockFlags, BlockPtr};

use rts_features::addr::{MEGABLOCK_SHIFT, MEGABLOCK_SIZE};

/// log2 of [`BLOCK_SIZE`].
pub const BLOCK_SHIFT: u32 = 12;
/// Bytes in a block.
pub const BLOCK_SIZE: usize = 1 << BLOCK_SHIFT;
/// Words in a block.
pub const BLOCK_WORDS: usize = BLOCK_SIZE / crate::WORD_BYTES;
/// Blocks (data and descriptor) in a megablock.
pub const BLOCKS_PER_MBLOCK: usize = 1 << (MEGABLOCK_SHIFT - BLOCK_SHIFT);
/// Bytes of one block descriptor.
pub const DESCRIPTOR_SIZE: usize = 32;
/// Index of the first data block of a megablock (the ones before hold the
/// descriptors).
pub const FIRST_BLOCK: usize = (BLOCKS_PER_MBLOCK * DESCRIPTOR_SIZE).div_ceil(BLOCK_SIZE);
/// Data blocks in a megablock.
pub const USABLE_BLOCKS: usize = BLOCKS_PER_MBLOCK - FIRST_BLOCK;
/// Objects of at least this many bytes are "large": allocated in their own
/// block group and never copied (GHC's threshold: 8/10 of a block).
pub const LARGE_OBJECT_THRESHOLD: usize = BLOCK_SIZE * 8 / 10;

const _: () = assert!(core::mem::size_of::<descriptor::BlockDescr>() == DESCRIPTOR_SIZE);
const _: () = assert!(MEGABLOCK_SIZE == BLOCKS_PER_MBLOCK * BLOCK_SIZE);

/// The megablock containing `addr`.
#[inline]
pub fn mblock_of(addr: usize) -> usize {
    addr & !(MEGABLOCK_SIZE - 1)
}

/// The descriptor of the block containing `addr` (for an object, the head
/// of its group; see Note \[Block geometry\]).
#[inline]
pub fn bdescr(addr: usize) -> BlockPtr {
    let mb = mblock_of(addr);
    let index = (addr - mb) >> BLOCK_SHIFT;
    BlockPtr::from_descr_addr(mb + index * DESCRIPTOR_SIZE)
}
