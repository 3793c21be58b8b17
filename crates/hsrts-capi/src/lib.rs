//! The C API of hsrts: the functions of GHC's `HsFFI.h` (and later
//! `RtsAPI.h`) that hsrts provides, with the same names, types and meaning,
//! plus hsrts's own `hsrts_*` extras. Built as an rlib and as the staticlib
//! `libhsrts.a`; the C declarations are in `include/HsFFI.h` and
//! `include/hsrts.h`, which must be kept in step with this crate.
//!
//! This crate only translates between C and the runtime: it owns the
//! `extern "C"` entry points and the checks that turn C misuse into clear
//! messages. It holds no runtime state of its own except the `hs_init`
//! nesting count ([`lifecycle`]).
//!
//! Today it provides `hs_init`, `hs_exit` and `hsrts_feature_vector`; the
//! rest of DESIGN.md's list arrives with the parts of the runtime they wrap.
//!
//! Every exported function that reads through a pointer is an `unsafe fn`
//! whose `# Safety` section is the contract the C caller must keep.

pub mod extras;
pub mod lifecycle;

pub use extras::{FEATURE_VECTOR_C, hsrts_feature_vector};
pub use lifecycle::{hs_exit, hs_init};
