//! The runtime proper. This crate owns the storage manager (heap objects,
//! the block allocator, allocation, the generational copying collector,
//! stable pointers, stable names, weak pointers, the sanity checker and GC
//! statistics); the interpreter and the scheduler are built on it later.
//!
//! Map of the storage manager (docs/design/heap.md and docs/design/gc.md
//! explain the design):
//!
//! * [`word`] — `Word` (64 bits everywhere) and [`ClosurePtr`];
//! * [`info`] — info tables: closure types, layouts, frame bitmaps, entries;
//! * [`builtins`] — the runtime's own info tables (MUT_VAR, IND, frames, ...);
//! * [`closure`] — sizes and pointer fields of every closure type;
//! * [`block`] — megablocks, block descriptors, block groups, free lists;
//! * [`heap`] — the [`Storage`] object: configuration, nursery, generations,
//!   allocation, statics and CAFs, the write barrier, stacks, stable
//!   pointers/names, weak pointers;
//! * [`gc`] — the copying collector;
//! * [`sanity`] — the `+RTS -DS`-style heap checker;
//! * [`stats`] — `+RTS -s` / `-S` statistics.

pub mod block;
pub mod builtins;
pub mod closure;
pub mod flags;
pub mod gc;
pub mod heap;
pub mod info;
pub mod interp;
pub mod loader;
pub mod sanity;
pub mod stats;
pub mod word;

pub use gc::RootVisitor;
pub use heap::{AllocError, GcConfig, HeapOverflow, Storage};
pub use info::{Bitmap, ClosureType, Entry, InfoTable};
pub use word::{ClosurePtr, WORD_BYTES, Word};
