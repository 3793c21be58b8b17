//! Block descriptors: the per-block record at the start of each megablock.
//!
//! Only the descriptor of the first block of a group (its head) is fully
//! meaningful: it holds the group's start, its fill pointer, its size in
//! blocks, its generation and its flags. The other blocks' descriptors point
//! at the head (`head`), so an interior address still finds its group; the
//! last block of a free group does too, which is how the allocator finds the
//! group before a freed one when coalescing.

use bitflags::bitflags;

bitflags! {
    /// What a block group is used for.
    #[derive(Copy, Clone, Debug, PartialEq, Eq)]
    pub struct BlockFlags: u16 {
        /// On the allocator's free list.
        const FREE = 1 << 0;
        /// A nursery block (reset after every collection).
        const NURSERY = 1 << 1;
        /// Holds one large object; never copied.
        const LARGE = 1 << 2;
        /// Holds pinned byte arrays; never copied.
        const PINNED = 1 << 3;
        /// Holds static closures; never collected.
        const STATIC = 1 << 4;
        /// A large or pinned group already kept alive by this collection.
        const EVACUATED = 1 << 5;
        /// Not a group head: `head` says where the head is.
        const INTERIOR = 1 << 6;
        /// A group spanning several megablocks (see Note \[Block geometry\]).
        const MEGA = 1 << 7;
        /// Allocated by the current collection (to-space).
        const TO_SPACE = 1 << 8;
    }
}

/// The descriptor record (32 bytes on every target).
#[repr(C)]
pub struct BlockDescr {
    start: u64,
    free: u64,
    blocks: u32,
    generation: u16,
    flags: u16,
    head: u64,
}

/// The address of a block descriptor. Copyable and comparable; the accessors
/// read and write the descriptor in place.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
#[repr(transparent)]
pub struct BlockPtr(usize);

// Note: the accessors below are safe functions over raw memory. A
// `BlockPtr` is only made by the block layer (`bdescr` on an address inside
// a group it handed out, or the allocator itself), so the descriptor it
// names is always inside a megablock the allocator owns. Calling `bdescr` on
// an address outside the heap and then reading it is the one misuse; the
// runtime never does it (every closure is inside a block group).
impl BlockPtr {
    pub(crate) fn from_descr_addr(addr: usize) -> Self {
        BlockPtr(addr)
    }

    /// The descriptor's own address.
    pub fn descr_addr(self) -> usize {
        self.0
    }

    #[inline]
    fn d(self) -> *mut BlockDescr {
        self.0 as *mut BlockDescr
    }

    /// First byte of the group.
    #[inline]
    pub fn start(self) -> usize {
        // SAFETY: see the note above the impl: the descriptor is in memory
        // the block allocator owns.
        unsafe { (*self.d()).start as usize }
    }

    /// First free byte (bump pointer) of the group.
    #[inline]
    pub fn free(self) -> usize {
        // SAFETY: as `start`.
        unsafe { (*self.d()).free as usize }
    }

    /// Set the bump pointer.
    #[inline]
    pub fn set_free(self, free: usize) {
        // SAFETY: as `start`.
        unsafe { (*self.d()).free = free as u64 }
    }

    /// Size of the group in blocks (head only).
    #[inline]
    pub fn blocks(self) -> usize {
        // SAFETY: as `start`.
        unsafe { (*self.d()).blocks as usize }
    }

    /// One past the last byte of the group.
    #[inline]
    pub fn end(self) -> usize {
        self.start() + self.blocks() * super::BLOCK_SIZE
    }

    /// The generation number.
    #[inline]
    pub fn generation(self) -> usize {
        // SAFETY: as `start`.
        unsafe { (*self.d()).generation as usize }
    }

    /// Set the generation number.
    #[inline]
    pub fn set_generation(self, g: usize) {
        // SAFETY: as `start`.
        unsafe { (*self.d()).generation = g as u16 }
    }

    /// The flags.
    #[inline]
    pub fn flags(self) -> BlockFlags {
        // SAFETY: as `start`.
        BlockFlags::from_bits_retain(unsafe { (*self.d()).flags })
    }

    /// Replace the flags.
    #[inline]
    pub fn set_flags(self, flags: BlockFlags) {
        // SAFETY: as `start`.
        unsafe { (*self.d()).flags = flags.bits() }
    }

    /// Whether all of `flags` are set.
    #[inline]
    pub fn has(self, flags: BlockFlags) -> bool {
        self.flags().contains(flags)
    }

    /// The head descriptor this one belongs to (itself for a head).
    #[inline]
    pub fn head(self) -> BlockPtr {
        // SAFETY: as `start`.
        BlockPtr(unsafe { (*self.d()).head as usize })
    }

    pub(crate) fn init(
        self,
        start: usize,
        blocks: usize,
        generation: usize,
        flags: BlockFlags,
        head: BlockPtr,
    ) {
        // SAFETY: as `start`.
        unsafe {
            self.d().write(BlockDescr {
                start: start as u64,
                free: start as u64,
                blocks: blocks as u32,
                generation: generation as u16,
                flags: flags.bits(),
                head: head.0 as u64,
            })
        }
    }

    /// The descriptor `n` blocks after this one (same megablock).
    #[inline]
    pub(crate) fn offset(self, n: usize) -> BlockPtr {
        BlockPtr(self.0 + n * super::DESCRIPTOR_SIZE)
    }
}
