//! `addr-mmap`: megablocks mapped with `mmap` and returned with `munmap`.
//!
//! `mmap` only promises page alignment, so each request maps one megablock
//! more than asked, then unmaps the unaligned head and the surplus tail.
//! Freed megablocks go straight back to the kernel. Touches only the
//! mappings it creates.

use core::ptr::NonNull;

use super::{AddrError, AddrFailure, MEGABLOCK_SIZE, last_errno, request_bytes};

pub const IMPLEMENTATION: &str = "mmap";
pub const RETURNS_MEMORY: bool = true;

/// `count` fresh, zeroed, megablock-aligned megablocks.
pub fn alloc_megablocks(count: usize) -> Result<NonNull<u8>, AddrError> {
    let bytes = request_bytes(IMPLEMENTATION, count)?;
    let mapped = bytes + MEGABLOCK_SIZE;
    // SAFETY: an anonymous private mapping at an address of the kernel's
    // choosing affects no existing memory.
    let raw = unsafe {
        libc::mmap(
            core::ptr::null_mut(),
            mapped,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if raw == libc::MAP_FAILED {
        let errno = last_errno();
        return Err(AddrError::new(
            IMPLEMENTATION,
            count,
            AddrFailure::OutOfMemory { errno },
        ));
    }
    let start = raw as usize;
    let aligned = start.next_multiple_of(MEGABLOCK_SIZE);
    let head = aligned - start;
    let tail = mapped - head - bytes;
    // SAFETY: the head `[start, aligned)` and the tail `[aligned + bytes,
    // start + mapped)` lie inside the mapping just created and outside the
    // range we hand out; both lengths are multiples of the page size because
    // `start`, `MEGABLOCK_SIZE` and `bytes` are.
    unsafe {
        if head > 0 {
            libc::munmap(raw, head);
        }
        if tail > 0 {
            libc::munmap((aligned + bytes) as *mut libc::c_void, tail);
        }
    }
    // `aligned` lies inside a successful mapping, so it is not null.
    NonNull::new(aligned as *mut u8).ok_or(AddrError::new(
        IMPLEMENTATION,
        count,
        AddrFailure::OutOfMemory { errno: None },
    ))
}

/// Unmaps an allocation.
///
/// # Safety
/// `(base, count)` is exactly one earlier successful `alloc_megablocks`
/// result, not yet freed, and nothing uses the memory any more.
pub unsafe fn free_megablocks(base: NonNull<u8>, count: usize) {
    // SAFETY: by the caller's contract the range is one live mapping of
    // `count` megablocks that we created and nobody uses.
    let rc = unsafe { libc::munmap(base.as_ptr().cast(), count * MEGABLOCK_SIZE) };
    if rc != 0 {
        log::warn!(
            "munmap of {count} megablock(s) at {base:p} failed: {:?}",
            last_errno()
        );
    }
}
