//! The address-space axis: where the storage manager's megablocks come from.
//!
//! Contract (every implementation file exports exactly these names):
//!
//! * `IMPLEMENTATION: &str` — the feature suffix, e.g. `"mmap"`;
//! * `RETURNS_MEMORY: bool` — whether `free_megablocks` gives memory back to
//!   the operating system (or host) rather than keeping it for reuse;
//! * `fn alloc_megablocks(count) -> Result<NonNull<u8>, AddrError>` — `count`
//!   contiguous megablocks, aligned to [`MEGABLOCK_SIZE`], readable and
//!   writable, contents unspecified. Thread-safe.
//! * `unsafe fn free_megablocks(base, count)` — give back exactly one earlier
//!   allocation. Thread-safe.
//!
//! Implementations: `mmap.rs` (`addr-mmap`), `malloc.rs` (`addr-malloc`),
//! `grow.rs` (`addr-grow`). This module owns the megablock geometry and the
//! error type; it chooses one implementation and re-exports it.

// Note [Megablock size]
// ~~~~~~~~~~~~~~~~~~~~~
// A megablock is 1 MiB (`MEGABLOCK_SHIFT` = 20) on every target. GHC's RTS
// uses 1 MiB megablocks (MBLOCK_SHIFT 20) and the block allocator above us
// follows GHC's layout, so the same block descriptors and the same "address
// -> megablock" masking work on every target. wasm32 pages are 64 KiB, so a
// megablock is exactly 16 pages and `memory.grow` can deliver it without
// waste except for the first alignment gap; Linux pages (4 KiB) divide it
// too. A smaller megablock on wasm would save at most one megablock of
// tail per program, which does not justify a second heap geometry (heap
// words are 64 bits on every target for the same reason: one layout).

use core::fmt;

/// log2 of [`MEGABLOCK_SIZE`]. See Note [Megablock size].
pub const MEGABLOCK_SHIFT: u32 = 20;

/// The unit of memory this axis hands out: 1 MiB, aligned to its size.
pub const MEGABLOCK_SIZE: usize = 1 << MEGABLOCK_SHIFT;

// Under `cfg(test)` every implementation that builds on the host is
// compiled side by side, so the contract tests in `tests.rs` run against all
// of them; otherwise only the chosen one is.
#[cfg(any(test, hsrts_addr = "grow"))]
#[path = "grow.rs"]
mod imp_grow;
#[cfg(any(test, hsrts_addr = "malloc"))]
#[path = "malloc.rs"]
mod imp_malloc;
#[cfg(all(unix, any(test, hsrts_addr = "mmap")))]
#[path = "mmap.rs"]
mod imp_mmap;

// The selector: exactly one of these is compiled (build.rs guarantees it).
#[cfg(hsrts_addr = "grow")]
use imp_grow as imp;
#[cfg(hsrts_addr = "malloc")]
use imp_malloc as imp;
#[cfg(hsrts_addr = "mmap")]
use imp_mmap as imp;

pub use imp::{IMPLEMENTATION, RETURNS_MEMORY, alloc_megablocks, free_megablocks};

/// Why megablocks could not be obtained. Small: two words and a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddrError {
    implementation: &'static str,
    requested_megablocks: usize,
    reason: AddrFailure,
}

/// The cause inside an [`AddrError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddrFailure {
    /// A request for zero megablocks.
    ZeroCount,
    /// `count * MEGABLOCK_SIZE` does not fit in the address space.
    TooLarge,
    /// The operating system, allocator or host refused; `errno` if it gave one.
    OutOfMemory { errno: Option<i32> },
}

impl AddrError {
    pub(crate) const fn new(
        implementation: &'static str,
        requested_megablocks: usize,
        reason: AddrFailure,
    ) -> Self {
        Self {
            implementation,
            requested_megablocks,
            reason,
        }
    }

    /// How many megablocks were asked for.
    pub fn requested_megablocks(&self) -> usize {
        self.requested_megablocks
    }

    /// Why the request failed.
    pub fn reason(&self) -> AddrFailure {
        self.reason
    }
}

impl fmt::Display for AddrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot obtain {} megablock(s) of {} KiB (addr-{}): ",
            self.requested_megablocks,
            MEGABLOCK_SIZE / 1024,
            self.implementation
        )?;
        match self.reason {
            AddrFailure::ZeroCount => f.write_str("a request must be for at least one megablock"),
            AddrFailure::TooLarge => f.write_str("the size does not fit in the address space"),
            AddrFailure::OutOfMemory { errno: None } => f.write_str("out of memory"),
            AddrFailure::OutOfMemory { errno: Some(errno) } => {
                write!(
                    f,
                    "out of memory ({})",
                    std::io::Error::from_raw_os_error(errno)
                )
            }
        }
    }
}

impl std::error::Error for AddrError {}

/// `count * MEGABLOCK_SIZE`, or the error every implementation gives for a
/// zero or oversized request.
pub(crate) fn request_bytes(
    implementation: &'static str,
    count: usize,
) -> Result<usize, AddrError> {
    if count == 0 {
        return Err(AddrError::new(
            implementation,
            count,
            AddrFailure::ZeroCount,
        ));
    }
    count
        .checked_mul(MEGABLOCK_SIZE)
        .filter(|&bytes| bytes <= isize::MAX as usize - MEGABLOCK_SIZE)
        .ok_or(AddrError::new(implementation, count, AddrFailure::TooLarge))
}

/// The last OS error number, for error messages.
#[cfg(all(unix, any(test, not(hsrts_addr = "malloc"))))]
pub(crate) fn last_errno() -> Option<i32> {
    std::io::Error::last_os_error().raw_os_error()
}

#[cfg(test)]
mod tests;
