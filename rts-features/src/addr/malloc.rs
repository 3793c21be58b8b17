//! `addr-malloc`: megablocks from the C allocator.
//!
//! On POSIX targets this is `posix_memalign`/`free`. On other targets
//! (wasm32-wasip1) it is `std::alloc::System` with a megablock-aligned
//! layout: on wasm32-wasip1 that allocator *is* wasi-libc's `malloc` family
//! (`aligned_alloc`/`free`), the same heap C code linked into the module
//! uses, and the layout is rebuilt from `count` on free, so nothing is lost by
//! going through std instead of declaring the C functions ourselves.
//! Freed megablocks return to the allocator; whether the allocator returns
//! them to the OS is its business (glibc unmaps large chunks; a wasm memory
//! never shrinks). Touches nothing else.

use core::ptr::NonNull;

use super::{AddrError, AddrFailure, MEGABLOCK_SIZE, request_bytes};

pub const IMPLEMENTATION: &str = "malloc";
/// True where the allocator can hand large chunks back (glibc `munmap`s
/// them); false on wasm32, whose linear memory never shrinks.
pub const RETURNS_MEMORY: bool = !cfg!(target_arch = "wasm32");

/// `count` megablock-aligned megablocks from the C allocator.
pub fn alloc_megablocks(count: usize) -> Result<NonNull<u8>, AddrError> {
    let bytes = request_bytes(IMPLEMENTATION, count)?;
    let base = imp::alloc(bytes + FAULT_SKEW).map_err(|errno| {
        AddrError::new(IMPLEMENTATION, count, AddrFailure::OutOfMemory { errno })
    })?;
    // SAFETY: the allocation has `FAULT_SKEW` bytes more than asked for, so
    // the skewed pointer and the `bytes` after it are inside it.
    Ok(unsafe { base.add(FAULT_SKEW) })
}

// Planted fault `fault-addr-malloc-misalign` (test-only; docs/feature-vector.md,
// "Planted faults"): the result lies one 4 KiB page past the megablock
// boundary the contract promises. The extra page is allocated, so the fault
// breaks alignment only, never memory safety. Without the feature the skew
// is the constant 0 and the code is the plain allocation.
#[cfg(feature = "fault-addr-malloc-misalign")]
const FAULT_SKEW: usize = 4096;
#[cfg(not(feature = "fault-addr-malloc-misalign"))]
const FAULT_SKEW: usize = 0;

/// Returns an allocation to the C allocator.
///
/// # Safety
/// `(base, count)` is exactly one earlier successful `alloc_megablocks`
/// result, not yet freed, and nothing uses the memory any more.
pub unsafe fn free_megablocks(base: NonNull<u8>, count: usize) {
    // SAFETY: forwarded caller contract; `alloc_megablocks` returned the
    // allocation's start plus `FAULT_SKEW` (0 unless a fault is planted).
    unsafe { imp::free(base.sub(FAULT_SKEW), count * MEGABLOCK_SIZE + FAULT_SKEW) }
}

#[cfg(unix)]
mod imp {
    use core::ptr::NonNull;

    use super::MEGABLOCK_SIZE;

    pub(super) fn alloc(bytes: usize) -> Result<NonNull<u8>, Option<i32>> {
        let mut out: *mut libc::c_void = core::ptr::null_mut();
        // SAFETY: `out` is a valid place for the result; the alignment is a
        // power of two and a multiple of `sizeof(void *)`.
        let rc = unsafe { libc::posix_memalign(&mut out, MEGABLOCK_SIZE, bytes) };
        if rc != 0 {
            return Err(Some(rc));
        }
        NonNull::new(out.cast::<u8>()).ok_or(None)
    }

    /// # Safety
    /// `base` came from `alloc` and is not yet freed.
    pub(super) unsafe fn free(base: NonNull<u8>, _bytes: usize) {
        // SAFETY: by the caller's contract `base` is a live posix_memalign
        // result.
        unsafe { libc::free(base.as_ptr().cast()) }
    }
}

#[cfg(not(unix))]
mod imp {
    use core::ptr::NonNull;
    use std::alloc::{GlobalAlloc, Layout, System};

    use super::MEGABLOCK_SIZE;

    fn layout(bytes: usize) -> Option<Layout> {
        Layout::from_size_align(bytes, MEGABLOCK_SIZE).ok()
    }

    pub(super) fn alloc(bytes: usize) -> Result<NonNull<u8>, Option<i32>> {
        let layout = layout(bytes).ok_or(None)?;
        // SAFETY: the layout has a non-zero size (`request_bytes` rejects 0).
        NonNull::new(unsafe { System.alloc(layout) }).ok_or(None)
    }

    /// # Safety
    /// `base` came from `alloc(bytes)` and is not yet freed.
    pub(super) unsafe fn free(base: NonNull<u8>, bytes: usize) {
        if let Some(layout) = layout(bytes) {
            // SAFETY: `base` was allocated by `System` with this very layout
            // (same size, same alignment), by the caller's contract.
            unsafe { System.dealloc(base.as_ptr(), layout) }
        }
    }
}
