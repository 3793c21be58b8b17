//! The C API of hsrts: the functions of GHC's `HsFFI.h` and `RtsAPI.h`
//! that hsrts provides, with the same names, types and meaning, plus
//! hsrts's own `hsrts_*` extras. Built as an rlib and as the staticlib
//! `libhsrts.a`; the C declarations are in `include/HsFFI.h`,
//! `include/RtsAPI.h` and `include/hsrts.h`, which must be kept in step
//! with this crate. User guide: docs/capi.md.
//!
//! This crate translates between C and the runtime and turns detectable C
//! misuse into clear messages ([`misuse`]). It holds the process-wide
//! runtime ([`runtime`]: heap, program, flags, the capability and the
//! `HaskellObj` handle table).
//!
//! - [`lifecycle`] — `hs_init`, `hs_init_with_rtsopts`, `hs_exit`;
//! - [`capability`] — `rts_lock`, `rts_unlock`;
//! - [`marshal`] — `rts_mk*`, `rts_get*`;
//! - [`stable`] — stable pointers, `hs_perform_gc`, `hs_try_putmvar`;
//! - [`eval`] — `rts_apply`, `rts_eval*`, scheduler status;
//! - [`image`] — `hsrts_set_image`, `hsrts_load_image`, `hsrts_main`;
//! - [`extras`] — `hsrts_feature_vector`.
//!
//! Every exported function that reads through a pointer is an `unsafe fn`
//! whose `# Safety` section is the contract the C caller must keep.

pub mod capability;
pub mod eval;
pub mod extras;
pub mod image;
pub mod lifecycle;
pub mod marshal;
pub mod misuse;
pub mod runtime;
pub mod stable;

pub use extras::{FEATURE_VECTOR_C, hsrts_feature_vector};
pub use lifecycle::{hs_exit, hs_init, hs_init_with_rtsopts};
