//! The runtime's own info tables, as `static`s (they outlive every heap).
//!
//! Mutable objects come in clean/dirty pairs (GHC's `_CLEAN`/`_DIRTY`): the
//! write barrier flips a clean object in an old generation to dirty and puts
//! it on its generation's remembered set, once. The collector flips it back.
//! Loaded programs make their own tables for constructors, functions,
//! thunks and frames; everything else uses these.

use crate::info::{Bitmap, ClosureType as T, InfoTable};

macro_rules! builtin {
    ($(#[$m:meta])* $name:ident = $ty:ident, $ptrs:expr, $nptrs:expr) => {
        $(#[$m])*
        pub static $name: InfoTable = InfoTable::fixed(T::$ty, stringify!($name), $ptrs, $nptrs);
    };
}

builtin!(/// An updated thunk.
    IND = Ind, 1, 0);
builtin!(/// An entered CAF (static).
    IND_STATIC = IndStatic, 1, 0);
builtin!(/// A thunk under evaluation.
    BLACKHOLE = Blackhole, 1, 0);
builtin!(/// Byte arrays (pinned or not: pinning is where it lives).
    ARR_WORDS = ArrWords, 0, 0);
builtin!(MUT_ARR_PTRS_CLEAN = MutArrPtrsClean, 0, 0);
builtin!(MUT_ARR_PTRS_DIRTY = MutArrPtrsDirty, 0, 0);
builtin!(MUT_ARR_PTRS_FROZEN_CLEAN = MutArrPtrsFrozenClean, 0, 0);
builtin!(MUT_ARR_PTRS_FROZEN_DIRTY = MutArrPtrsFrozenDirty, 0, 0);
builtin!(SMALL_MUT_ARR_PTRS_CLEAN = SmallMutArrPtrsClean, 0, 0);
builtin!(SMALL_MUT_ARR_PTRS_DIRTY = SmallMutArrPtrsDirty, 0, 0);
builtin!(
    SMALL_MUT_ARR_PTRS_FROZEN_CLEAN = SmallMutArrPtrsFrozenClean,
    0,
    0
);
builtin!(
    SMALL_MUT_ARR_PTRS_FROZEN_DIRTY = SmallMutArrPtrsFrozenDirty,
    0,
    0
);
builtin!(MUT_VAR_CLEAN = MutVarClean, 1, 0);
builtin!(MUT_VAR_DIRTY = MutVarDirty, 1, 0);
builtin!(MVAR_CLEAN = MVarClean, 3, 0);
builtin!(MVAR_DIRTY = MVarDirty, 3, 0);
builtin!(/// key, value, finalizer; C finalizer function and argument.
    WEAK = Weak, 3, 2);
builtin!(DEAD_WEAK = DeadWeak, 3, 2);
builtin!(STABLE_NAME = StableName, 0, 1);
builtin!(/// Layout in `heap::tso`.
    TSO = Tso, crate::heap::tso::TSO_PTRS, crate::heap::tso::TSO_NPTRS);
builtin!(/// Layout in `heap::stack`.
    STACK = Stack, 0, 0);
builtin!(PAP = Pap, 0, 0);
builtin!(AP = Ap, 0, 0);
builtin!(AP_STACK = ApStack, 0, 0);
builtin!(/// instructions, literals, pointer array; arity, size.
    BCO = Bco, 3, 2);
builtin!(FILLER_ONE = FillerOne, 0, 0);
builtin!(FILLER = Filler, 0, 0);
builtin!(/// A self-describing frame: `[info, n, bitmap, n words]`.
    RET_DYN = RetDyn, 0, 0);

/// An update frame: one pointer, the thunk (blackhole) to update.
pub static UPDATE_FRAME: InfoTable = InfoTable::frame(
    "UPDATE_FRAME",
    Bitmap::Small { size: 1, bits: 1 },
    crate::Entry::None,
);
/// The bottom frame of a non-first stack chunk: a pointer to the previous
/// (older) chunk.
pub static UNDERFLOW_FRAME: InfoTable = InfoTable::frame(
    "UNDERFLOW_FRAME",
    Bitmap::Small { size: 1, bits: 1 },
    crate::Entry::None,
);
/// The bottom frame of a thread's first stack chunk.
pub static STOP_FRAME: InfoTable =
    InfoTable::frame("STOP_FRAME", Bitmap::EMPTY, crate::Entry::None);
