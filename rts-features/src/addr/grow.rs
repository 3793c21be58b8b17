//! `addr-grow`: an address space that only grows, as a wasm linear memory
//! does.
//!
//! On wasm32 fresh megablocks come from `memory.grow`; on Linux from one
//! large `PROT_NONE` reservation made at first use, committed front to back
//! with `mprotect`. Either way nothing is ever given back: freed megablocks go
//! on a free list (sorted by address, neighbours merged) and later requests
//! are served first-fit from it before the memory grows again. This lets the
//! wasm behaviour be tested on Linux. Touches only the memory it grows.

// Note [Growing to a megablock boundary]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// wasm's `memory.grow` hands out 64 KiB pages at the current end of memory,
// which need not be megablock-aligned (the C heap grows the same memory).
// Each growth therefore asks for the pages up to the next megablock
// boundary as well; those at most 15 pages are left unused. The Linux
// reservation is aligned once, when it is made.

use core::ptr::NonNull;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::{AddrError, AddrFailure, MEGABLOCK_SIZE, request_bytes};

pub const IMPLEMENTATION: &str = "grow";
pub const RETURNS_MEMORY: bool = false;

/// A run of free megablocks: start address and length in megablocks.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: usize,
    count: usize,
}

/// Free runs, sorted by address, never adjacent (merged on free).
static FREE_RUNS: Mutex<Vec<Run>> = Mutex::new(Vec::new());

fn free_runs() -> MutexGuard<'static, Vec<Run>> {
    // The list stays consistent even if a holder panicked: every update is a
    // single push/insert/remove or field store.
    FREE_RUNS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `count` megablock-aligned megablocks: reused if a free run is big enough,
/// otherwise newly grown.
pub fn alloc_megablocks(count: usize) -> Result<NonNull<u8>, AddrError> {
    let bytes = request_bytes(IMPLEMENTATION, count)?;
    let mut runs = free_runs();
    if let Some(i) = runs.iter().position(|run| run.count >= count) {
        let run = &mut runs[i];
        let start = run.start;
        run.start += bytes;
        run.count -= count;
        if run.count == 0 {
            runs.remove(i);
        }
        // Free runs only hold addresses we handed out, never 0.
        return NonNull::new(start as *mut u8).ok_or(AddrError::new(
            IMPLEMENTATION,
            count,
            AddrFailure::OutOfMemory { errno: None },
        ));
    }
    // Grow while holding the lock, so two growers cannot interleave.
    let start = source::grow(bytes).map_err(|errno| {
        AddrError::new(IMPLEMENTATION, count, AddrFailure::OutOfMemory { errno })
    })?;
    drop(runs);
    NonNull::new(start as *mut u8).ok_or(AddrError::new(
        IMPLEMENTATION,
        count,
        AddrFailure::OutOfMemory { errno: None },
    ))
}

/// Puts an allocation on the free list for reuse; the memory stays mapped.
///
/// # Safety
/// `(base, count)` is exactly one earlier successful `alloc_megablocks`
/// result, not yet freed, and nothing uses the memory any more.
pub unsafe fn free_megablocks(base: NonNull<u8>, count: usize) {
    let start = base.as_ptr() as usize;
    let bytes = count * MEGABLOCK_SIZE;
    let mut runs = free_runs();
    let i = runs.partition_point(|run| run.start < start);
    debug_assert!(
        runs.get(i).is_none_or(|next| start + bytes <= next.start),
        "addr-grow: megablocks freed twice or overlapping a free run"
    );
    let merges_left = i > 0 && runs[i - 1].start + runs[i - 1].count * MEGABLOCK_SIZE == start;
    let merges_right = runs.get(i).is_some_and(|next| start + bytes == next.start);
    match (merges_left, merges_right) {
        (true, true) => {
            let right = runs.remove(i);
            runs[i - 1].count += count + right.count;
        }
        (true, false) => runs[i - 1].count += count,
        (false, true) => {
            runs[i].start = start;
            runs[i].count += count;
        }
        (false, false) => runs.insert(i, Run { start, count }),
    }
}

/// How many bytes the address space has grown by so far (for tests).
#[cfg(test)]
pub(crate) fn grown_bytes() -> usize {
    source::grown_bytes()
}

/// Fresh memory from `memory.grow`. See Note [Growing to a megablock boundary].
#[cfg(target_arch = "wasm32")]
mod source {
    use core::arch::wasm32::{memory_grow, memory_size};

    use super::MEGABLOCK_SIZE;

    const WASM_PAGE: usize = 64 * 1024;

    #[cfg(test)]
    pub(super) fn grown_bytes() -> usize {
        memory_size(0) * WASM_PAGE
    }

    /// The address of `bytes` fresh, megablock-aligned bytes.
    /// The caller holds the free-list lock.
    pub(super) fn grow(bytes: usize) -> Result<usize, Option<i32>> {
        let end = memory_size(0) * WASM_PAGE;
        let gap = end.next_multiple_of(MEGABLOCK_SIZE) - end;
        let pages = (gap + bytes) / WASM_PAGE;
        let previous_pages = memory_grow(0, pages);
        if previous_pages == usize::MAX {
            return Err(None);
        }
        // Recompute from what memory.grow reports, in case the C heap grew in
        // between; we asked for enough pages either way only if it did not,
        // so check.
        let old_end = previous_pages * WASM_PAGE;
        let start = old_end.next_multiple_of(MEGABLOCK_SIZE);
        if start + bytes > old_end + pages * WASM_PAGE {
            return Err(None);
        }
        Ok(start)
    }
}

/// Fresh memory from one reservation that only grows.
#[cfg(not(target_arch = "wasm32"))]
mod source {
    use std::sync::Mutex;

    use super::MEGABLOCK_SIZE;
    use crate::addr::last_errno;

    /// Reservation sizes tried in turn: GHC reserves 1 TiB for its heap; a
    /// smaller one is taken where `ulimit -v` or the kernel refuses.
    const RESERVATION_SIZES: [usize; 5] = [1 << 40, 1 << 38, 1 << 36, 1 << 34, 1 << 32];

    struct Reservation {
        base: usize,
        size: usize,
        committed: usize,
    }

    static RESERVATION: Mutex<Option<Reservation>> = Mutex::new(None);

    #[cfg(test)]
    pub(super) fn grown_bytes() -> usize {
        let guard = RESERVATION
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        guard.as_ref().map_or(0, |r| r.committed)
    }

    fn reserve() -> Result<Reservation, Option<i32>> {
        let mut errno = None;
        for size in RESERVATION_SIZES {
            let mapped = size + MEGABLOCK_SIZE;
            // SAFETY: an anonymous inaccessible mapping at a kernel-chosen
            // address affects no existing memory.
            let raw = unsafe {
                libc::mmap(
                    core::ptr::null_mut(),
                    mapped,
                    libc::PROT_NONE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                    -1,
                    0,
                )
            };
            if raw == libc::MAP_FAILED {
                errno = last_errno();
                continue;
            }
            let base = (raw as usize).next_multiple_of(MEGABLOCK_SIZE);
            return Ok(Reservation {
                base,
                size,
                committed: 0,
            });
        }
        Err(errno)
    }

    /// The address of `bytes` fresh, megablock-aligned bytes.
    pub(super) fn grow(bytes: usize) -> Result<usize, Option<i32>> {
        let mut guard = RESERVATION
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if guard.is_none() {
            *guard = Some(reserve()?);
        }
        let Some(reservation) = guard.as_mut() else {
            return Err(None);
        };
        if bytes > reservation.size - reservation.committed {
            return Err(Some(libc::ENOMEM));
        }
        let start = reservation.base + reservation.committed;
        // SAFETY: `[start, start + bytes)` lies inside our reservation and
        // has never been handed out; making it accessible touches nothing
        // else.
        let rc = unsafe {
            libc::mprotect(
                start as *mut libc::c_void,
                bytes,
                libc::PROT_READ | libc::PROT_WRITE,
            )
        };
        if rc != 0 {
            return Err(last_errno());
        }
        reservation.committed += bytes;
        Ok(start)
    }
}
