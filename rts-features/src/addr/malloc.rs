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
    imp::alloc(bytes)
        .map_err(|errno| AddrError::new(IMPLEMENTATION, count, AddrFailure::OutOfMemory { errno }))
}

/// Returns an allocation to the C allocator.
///
/// # Safety
/// `(base, count)` is exactly one earlier successful `alloc_megablocks`
/// result, not yet freed, and nothing uses the memory any more.
pub unsafe fn free_megablocks(base: NonNull<u8>, count: usize) {
    // SAFETY: forwarded caller contract.
    unsafe { imp::free(base, count * MEGABLOCK_SIZE) }
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
