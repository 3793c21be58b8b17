//! Clean/dirty states of mutable objects, for the write barrier.
//!
//! A mutable object in an old generation is *dirty* exactly when it is on
//! its generation's remembered set. MUT_VAR, MVAR and the arrays show the
//! state in their info pointer (GHC's `_CLEAN`/`_DIRTY` tables); TSO and
//! STACK have a dirty word. Immutable objects (an updated thunk, or an
//! object the collector promoted past what it points to) have no state and
//! are always "clean"; putting one on the remembered set twice is harmless.

use crate::builtins as b;
use crate::closure::STACK_HEADER_WORDS;
use crate::info::ClosureType as T;
use crate::word::ClosurePtr;

/// Whether `p` is dirty (on its remembered set).
///
/// # Safety
/// `p` must be a live, unforwarded closure.
pub unsafe fn is_dirty(p: ClosurePtr) -> bool {
    // SAFETY: the caller guarantees a live closure.
    unsafe {
        match p.info().closure_type {
            T::MutVarDirty
            | T::MVarDirty
            | T::MutArrPtrsDirty
            | T::MutArrPtrsFrozenDirty
            | T::SmallMutArrPtrsDirty
            | T::SmallMutArrPtrsFrozenDirty => true,
            T::Tso => p.payload(super::tso::TSO_DIRTY) != 0,
            T::Stack => p.payload(STACK_HEADER_WORDS - 1) != 0,
            _ => false,
        }
    }
}

/// Set the state of `p` (no effect on objects without one).
///
/// # Safety
/// `p` must be a live, unforwarded closure.
pub unsafe fn set_dirty(p: ClosurePtr, dirty: bool) {
    // SAFETY: the caller guarantees a live closure; each table swapped in
    // has the same layout as the one it replaces.
    unsafe {
        let info = match (p.info().closure_type, dirty) {
            (T::MutVarClean | T::MutVarDirty, d) => {
                if d {
                    &b::MUT_VAR_DIRTY
                } else {
                    &b::MUT_VAR_CLEAN
                }
            }
            (T::MVarClean | T::MVarDirty, d) => {
                if d {
                    &b::MVAR_DIRTY
                } else {
                    &b::MVAR_CLEAN
                }
            }
            (T::MutArrPtrsClean | T::MutArrPtrsDirty, d) => {
                if d {
                    &b::MUT_ARR_PTRS_DIRTY
                } else {
                    &b::MUT_ARR_PTRS_CLEAN
                }
            }
            (T::MutArrPtrsFrozenClean | T::MutArrPtrsFrozenDirty, d) => {
                if d {
                    &b::MUT_ARR_PTRS_FROZEN_DIRTY
                } else {
                    &b::MUT_ARR_PTRS_FROZEN_CLEAN
                }
            }
            (T::SmallMutArrPtrsClean | T::SmallMutArrPtrsDirty, d) => {
                if d {
                    &b::SMALL_MUT_ARR_PTRS_DIRTY
                } else {
                    &b::SMALL_MUT_ARR_PTRS_CLEAN
                }
            }
            (T::SmallMutArrPtrsFrozenClean | T::SmallMutArrPtrsFrozenDirty, d) => {
                if d {
                    &b::SMALL_MUT_ARR_PTRS_FROZEN_DIRTY
                } else {
                    &b::SMALL_MUT_ARR_PTRS_FROZEN_CLEAN
                }
            }
            (T::Tso, d) => {
                p.set_payload(super::tso::TSO_DIRTY, d as u64);
                return;
            }
            (T::Stack, d) => {
                p.set_payload(STACK_HEADER_WORDS - 1, d as u64);
                return;
            }
            _ => return,
        };
        p.set_info(info);
    }
}
