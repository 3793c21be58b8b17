//! Heap words and closure pointers.
//!
//! Note \[Heap words are 64 bits\]
//! Every slot of a heap object is a 64-bit [`Word`] on every target, wasm32
//! included: one heap layout and one image format for all targets, and
//! `Int`/`Word` behave as on x86-64 GHC. On wasm32 a machine pointer is 32
//! bits; it is stored zero-extended in a 64-bit slot and truncated when read
//! back (the heap lives below 4 GiB there, so nothing is lost).
//!
//! Note \[Pointer tags\]
//! Closures are 8-byte aligned, so the low three bits of a pointer field are
//! free. The interpreter may use them as GHC does (constructor tag or arity);
//! the collector strips the tag to find the object and puts the same tag back
//! on the updated field. A pointer field whose value is 0 is "null" and is
//! skipped by the collector (empty MVar queues, absent finalizers).

/// One heap slot: 64 bits on every target. See Note \[Heap words are 64 bits\].
pub type Word = u64;

/// Bytes in a [`Word`].
pub const WORD_BYTES: usize = 8;

/// Mask of the tag bits of a pointer field. See Note \[Pointer tags\].
pub const TAG_MASK: usize = 7;

/// The address of a closure (its header word), possibly tagged.
///
/// A plain address: creating one is safe, reading through one is not (the
/// `unsafe` accessors below say what they need). The collector moves
/// closures, so a `ClosurePtr` held across a collection must be a root.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct ClosurePtr(usize);

impl core::fmt::Debug for ClosurePtr {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "ClosurePtr({:#x})", self.0)
    }
}

impl ClosurePtr {
    /// The null pointer (an empty field).
    pub const NULL: ClosurePtr = ClosurePtr(0);

    /// A pointer from a raw address.
    #[inline]
    pub const fn from_addr(addr: usize) -> Self {
        ClosurePtr(addr)
    }

    /// A pointer from a heap word (zero-extended address).
    #[inline]
    pub const fn from_word(w: Word) -> Self {
        ClosurePtr(w as usize)
    }

    /// The address, tag included.
    #[inline]
    pub const fn addr(self) -> usize {
        self.0
    }

    /// The heap word for this pointer (zero-extended, tag included).
    #[inline]
    pub const fn to_word(self) -> Word {
        self.0 as Word
    }

    /// Whether this is the null pointer (tag ignored).
    #[inline]
    pub const fn is_null(self) -> bool {
        self.0 & !TAG_MASK == 0
    }

    /// The tag bits. See Note \[Pointer tags\].
    #[inline]
    pub const fn tag(self) -> usize {
        self.0 & TAG_MASK
    }

    /// The same pointer without its tag.
    #[inline]
    pub const fn untagged(self) -> Self {
        ClosurePtr(self.0 & !TAG_MASK)
    }

    /// The same object with tag `tag` (0..=7).
    #[inline]
    pub const fn with_tag(self, tag: usize) -> Self {
        ClosurePtr((self.0 & !TAG_MASK) | (tag & TAG_MASK))
    }

    #[inline]
    fn slot(self, index: usize) -> *mut Word {
        (self.untagged().0 as *mut Word).wrapping_add(index)
    }

    /// Word `index` of the closure (0 is the header).
    ///
    /// # Safety
    /// The pointer must address a live closure of at least `index + 1` words.
    #[inline]
    pub unsafe fn word(self, index: usize) -> Word {
        // SAFETY: the caller guarantees the slot is inside a live closure.
        unsafe { self.slot(index).read() }
    }

    /// Overwrite word `index` of the closure (0 is the header).
    ///
    /// # Safety
    /// As [`ClosurePtr::word`]; and the write must keep the closure valid
    /// (mutations of old objects also need [`crate::Storage::record_mutation`]).
    #[inline]
    pub unsafe fn set_word(self, index: usize, value: Word) {
        // SAFETY: the caller guarantees the slot is inside a live closure.
        unsafe { self.slot(index).write(value) }
    }

    /// Payload word `index` (word `index + 1`).
    ///
    /// # Safety
    /// As [`ClosurePtr::word`].
    #[inline]
    pub unsafe fn payload(self, index: usize) -> Word {
        // SAFETY: forwarded to the caller.
        unsafe { self.word(index + 1) }
    }

    /// Overwrite payload word `index`.
    ///
    /// # Safety
    /// As [`ClosurePtr::set_word`].
    #[inline]
    pub unsafe fn set_payload(self, index: usize, value: Word) {
        // SAFETY: forwarded to the caller.
        unsafe { self.set_word(index + 1, value) }
    }

    /// Payload word `index` read as a pointer.
    ///
    /// # Safety
    /// As [`ClosurePtr::word`].
    #[inline]
    pub unsafe fn payload_ptr(self, index: usize) -> ClosurePtr {
        // SAFETY: forwarded to the caller.
        ClosurePtr::from_word(unsafe { self.payload(index) })
    }

    /// The info table of the closure.
    ///
    /// # Safety
    /// The pointer must address a live closure that is not forwarded (its
    /// header is an info pointer), i.e. any closure outside a collection.
    #[inline]
    pub unsafe fn info(self) -> &'static crate::InfoTable {
        // SAFETY: outside a collection the header is an info pointer to a
        // table that outlives the heap (Note [Info tables outlive the heap]).
        unsafe { &*(self.word(0) as usize as *const crate::InfoTable) }
    }

    /// Replace the closure's info pointer.
    ///
    /// # Safety
    /// As [`ClosurePtr::set_word`]; the new layout must fit in the closure
    /// (use [`crate::Storage::overwrite`] to shrink a closure).
    #[inline]
    pub unsafe fn set_info(self, info: &'static crate::InfoTable) {
        // SAFETY: forwarded to the caller.
        unsafe { self.set_word(0, info as *const crate::InfoTable as usize as Word) }
    }
}
