//! Info tables: what every closure's header points at.
//!
//! An info table says what kind of closure it describes ([`ClosureType`]),
//! its layout (pointer words first, then non-pointer words; arrays carry
//! their own size word), a constructor tag, a function arity, a selector
//! field, a stack-frame bitmap, and an [`Entry`] the interpreter fills in.
//!
//! Note \[Info tables outlive the heap\]
//! A header word is a plain address of an `InfoTable`, so info tables never
//! move and never die while a heap that may refer to them exists. The
//! runtime's own tables are Rust `static`s ([`crate::builtins`]); the tables
//! of a loaded program are created at load time with [`InfoTable::leak`]
//! (or any arena the runtime keeps for its whole life). Every table carries
//! [`INFO_MAGIC`] so the sanity checker can tell an info pointer from junk.
//!
//! Note \[Forwarding pointers\]
//! Info tables are 8-byte aligned, so an info pointer has its low bit clear.
//! During a collection the collector overwrites the header of a copied
//! closure with the address of the copy plus 1; a set low bit means
//! "forwarded". Outside a collection no header has its low bit set.

use crate::word::Word;

/// The value of [`InfoTable::magic`] in every valid info table.
pub const INFO_MAGIC: u32 = 0x1F0_7AB1;

/// What a closure is. The collector dispatches on this alone.
#[repr(u16)]
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ClosureType {
    /// A saturated constructor: `ptrs` pointers then `nptrs` words.
    Constr,
    /// A function closure (code plus free variables: `ptrs`, `nptrs`).
    Fun,
    /// An unevaluated updatable closure; at least one payload word so it can
    /// be overwritten by an indirection.
    Thunk,
    /// A selector thunk `case x of C .. y .. -> y`: payload 0 is `x`,
    /// [`InfoTable::selector`] is the field. The collector may shortcut it.
    ThunkSelector,
    /// A partial application: `[args word, fun, args...]`. See `closure::pap`.
    Pap,
    /// A generic application thunk, same layout as [`ClosureType::Pap`].
    Ap,
    /// A suspended chunk of stack: `[size, fun, frames...]`.
    ApStack,
    /// An indirection to payload 0 (an updated thunk).
    Ind,
    /// An entered CAF: a static closure indirecting to payload 0.
    IndStatic,
    /// A thunk under evaluation; payload 0 is the owner TSO or, after the
    /// update, the value.
    Blackhole,
    /// A byte array: payload 0 is the length in bytes, then the bytes.
    ArrWords,
    /// Boxed array (mutable, clean/dirty; frozen, clean/dirty): payload 0 is
    /// the element count, then the elements.
    MutArrPtrsClean,
    MutArrPtrsDirty,
    MutArrPtrsFrozenClean,
    MutArrPtrsFrozenDirty,
    /// Small boxed arrays: the same layout as the big ones.
    SmallMutArrPtrsClean,
    SmallMutArrPtrsDirty,
    SmallMutArrPtrsFrozenClean,
    SmallMutArrPtrsFrozenDirty,
    /// A mutable variable: payload 0 is the value.
    MutVarClean,
    MutVarDirty,
    /// An MVar: payload 0/1 are the head/tail of the blocked-thread queue,
    /// payload 2 the value (null when empty).
    MVarClean,
    MVarDirty,
    /// A weak pointer: key, value, finalizer, then the C finalizer words.
    Weak,
    /// A weak pointer whose key died or that was finalized.
    DeadWeak,
    /// A stable name: payload 0 is its index in the stable name table.
    StableName,
    /// A thread state object; layout in `heap::tso`.
    Tso,
    /// A stack chunk; layout in `heap::stack`.
    Stack,
    /// A bytecode object: `ptrs`/`nptrs` from the info table.
    Bco,
    /// Unused words left when a closure is overwritten by a smaller one:
    /// one word (`FillerOne`) or payload 0 words in all (`Filler`).
    FillerOne,
    Filler,
    /// A stack frame with a fixed layout given by [`InfoTable::frame`].
    RetFrame,
    /// A stack frame that describes itself: `[info, n, bitmap, n words]`.
    RetDyn,
}

impl ClosureType {
    /// Whether a closure of this type is mutable and therefore subject to
    /// the write barrier (remembered set).
    pub fn is_mutable(self) -> bool {
        use ClosureType::*;
        matches!(
            self,
            MutArrPtrsClean
                | MutArrPtrsDirty
                | MutArrPtrsFrozenDirty
                | SmallMutArrPtrsClean
                | SmallMutArrPtrsDirty
                | SmallMutArrPtrsFrozenDirty
                | MutVarClean
                | MutVarDirty
                | MVarClean
                | MVarDirty
                | Tso
                | Stack
        )
    }

    /// Whether this is a stack frame type (only found inside stacks).
    pub fn is_frame(self) -> bool {
        matches!(self, ClosureType::RetFrame | ClosureType::RetDyn)
    }

    /// Whether this is a boxed array type (big or small, any state).
    pub fn is_ptr_array(self) -> bool {
        use ClosureType::*;
        matches!(
            self,
            MutArrPtrsClean
                | MutArrPtrsDirty
                | MutArrPtrsFrozenClean
                | MutArrPtrsFrozenDirty
                | SmallMutArrPtrsClean
                | SmallMutArrPtrsDirty
                | SmallMutArrPtrsFrozenClean
                | SmallMutArrPtrsFrozenDirty
        )
    }
}

/// A pointer bitmap: `size` words, bit `i` set when word `i` is a pointer.
/// Used for stack frames (the words after the frame's info word).
#[derive(Copy, Clone, Debug)]
pub enum Bitmap {
    /// Up to 64 words, inline.
    Small { size: u32, bits: u64 },
    /// Any size; `bits[i / 64] >> (i % 64)` is word `i`.
    Large { size: u32, bits: &'static [u64] },
}

impl Bitmap {
    /// The empty bitmap.
    pub const EMPTY: Bitmap = Bitmap::Small { size: 0, bits: 0 };

    /// Number of words described.
    #[inline]
    pub fn size(&self) -> usize {
        match *self {
            Bitmap::Small { size, .. } | Bitmap::Large { size, .. } => size as usize,
        }
    }

    /// Whether word `i` (< size) is a pointer.
    #[inline]
    pub fn is_pointer(&self, i: usize) -> bool {
        match *self {
            Bitmap::Small { bits, .. } => i < 64 && (bits >> i) & 1 == 1,
            Bitmap::Large { bits, .. } => {
                bits.get(i / 64).is_some_and(|w| (w >> (i % 64)) & 1 == 1)
            }
        }
    }
}

/// How a closure is entered. The storage manager never looks at this; the
/// interpreter defines what the numbers mean.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// Not enterable by code (data, or handled by the interpreter by type).
    None,
    /// Bytecode: an index into the loaded image's bytecode objects.
    Bytecode(u32),
    /// Native code: an index into the interpreter's table of Rust entry
    /// functions.
    Native(u32),
}

/// An info table. See Note \[Info tables outlive the heap\].
#[repr(C, align(8))]
#[derive(Debug)]
pub struct InfoTable {
    /// Always [`INFO_MAGIC`].
    pub magic: u32,
    /// The closure type.
    pub closure_type: ClosureType,
    /// Pointer words of the payload (fixed layouts).
    pub ptrs: u32,
    /// Non-pointer words after the pointers (fixed layouts).
    pub nptrs: u32,
    /// Constructor tag (0-based), for [`ClosureType::Constr`].
    pub con_tag: u32,
    /// Arity, for [`ClosureType::Fun`].
    pub arity: u32,
    /// Selected field, for [`ClosureType::ThunkSelector`].
    pub selector: u32,
    /// Layout of the words after the info word, for [`ClosureType::RetFrame`].
    pub frame: Bitmap,
    /// How to enter it.
    pub entry: Entry,
    /// A name for diagnostics.
    pub name: &'static str,
}

impl InfoTable {
    const fn base(closure_type: ClosureType, name: &'static str) -> InfoTable {
        InfoTable {
            magic: INFO_MAGIC,
            closure_type,
            ptrs: 0,
            nptrs: 0,
            con_tag: 0,
            arity: 0,
            selector: 0,
            frame: Bitmap::EMPTY,
            entry: Entry::None,
            name,
        }
    }

    /// A table for a closure type with a fixed layout of `ptrs` pointers and
    /// `nptrs` non-pointers (also used by the builtins for MUT_VAR etc.).
    pub const fn fixed(
        closure_type: ClosureType,
        name: &'static str,
        ptrs: u32,
        nptrs: u32,
    ) -> InfoTable {
        let mut t = InfoTable::base(closure_type, name);
        t.ptrs = ptrs;
        t.nptrs = nptrs;
        t
    }

    /// A constructor with tag `con_tag`.
    pub const fn constructor(name: &'static str, con_tag: u32, ptrs: u32, nptrs: u32) -> InfoTable {
        let mut t = InfoTable::fixed(ClosureType::Constr, name, ptrs, nptrs);
        t.con_tag = con_tag;
        t
    }

    /// A function of `arity` arguments with the given free variables.
    pub const fn function(
        name: &'static str,
        arity: u32,
        ptrs: u32,
        nptrs: u32,
        entry: Entry,
    ) -> InfoTable {
        let mut t = InfoTable::fixed(ClosureType::Fun, name, ptrs, nptrs);
        t.arity = arity;
        t.entry = entry;
        t
    }

    /// A thunk with the given free variables.
    pub const fn thunk(name: &'static str, ptrs: u32, nptrs: u32, entry: Entry) -> InfoTable {
        let mut t = InfoTable::fixed(ClosureType::Thunk, name, ptrs, nptrs);
        t.entry = entry;
        t
    }

    /// A selector thunk selecting payload field `field` of its argument.
    pub const fn selector_thunk(name: &'static str, field: u32) -> InfoTable {
        let mut t = InfoTable::fixed(ClosureType::ThunkSelector, name, 1, 0);
        t.selector = field;
        t
    }

    /// A stack frame whose words after the info word are described by
    /// `frame`. See Note \[Stack frames\] in `heap::stack`.
    pub const fn frame(name: &'static str, frame: Bitmap, entry: Entry) -> InfoTable {
        let mut t = InfoTable::base(ClosureType::RetFrame, name);
        t.frame = frame;
        t.entry = entry;
        t
    }

    /// Move a table to the heap for the rest of the process and return it.
    /// This is how a loader makes tables that outlive the heap.
    pub fn leak(self) -> &'static InfoTable {
        Box::leak(Box::new(self))
    }

    /// The header word that points at this table.
    #[inline]
    pub fn header_word(&'static self) -> Word {
        self as *const InfoTable as usize as Word
    }
}
