//! Contract tests of the address-space axis, run against every
//! implementation that builds on the host (mmtk-core mock-VM style: one
//! suite, instantiated once per implementation module).

use core::ptr::NonNull;

use super::{AddrFailure, MEGABLOCK_SIZE};

/// A live allocation in a test: base and megablock count.
type Block = (NonNull<u8>, usize);

fn assert_aligned_and_writable(base: NonNull<u8>, count: usize, tag: u8) {
    let addr = base.as_ptr() as usize;
    assert_eq!(
        addr % MEGABLOCK_SIZE,
        0,
        "{addr:#x} is not megablock-aligned"
    );
    for mb in 0..count {
        for offset in [0, MEGABLOCK_SIZE / 2, MEGABLOCK_SIZE - 1] {
            // SAFETY: inside the `count` megablocks just allocated.
            unsafe { base.as_ptr().add(mb * MEGABLOCK_SIZE + offset).write(tag) };
        }
    }
}

fn assert_still_tagged(base: NonNull<u8>, count: usize, tag: u8) {
    for mb in 0..count {
        for offset in [0, MEGABLOCK_SIZE / 2, MEGABLOCK_SIZE - 1] {
            // SAFETY: inside a live allocation written by
            // `assert_aligned_and_writable`.
            let byte = unsafe { base.as_ptr().add(mb * MEGABLOCK_SIZE + offset).read() };
            assert_eq!(byte, tag, "megablock {mb} of an allocation was overwritten");
        }
    }
}

fn assert_disjoint(blocks: &[Block]) {
    let mut ranges: Vec<(usize, usize)> = blocks
        .iter()
        .map(|&(base, count)| {
            (
                base.as_ptr() as usize,
                base.as_ptr() as usize + count * MEGABLOCK_SIZE,
            )
        })
        .collect();
    ranges.sort_unstable();
    for pair in ranges.windows(2) {
        assert!(
            pair[0].1 <= pair[1].0,
            "allocations overlap: {:x?} and {:x?}",
            pair[0],
            pair[1]
        );
    }
}

macro_rules! addr_contract_tests {
    ($imp:ident) => {
        mod $imp {
            use super::*;
            use crate::addr::$imp::{alloc_megablocks, free_megablocks};

            /// Tests of one implementation run one at a time, so that
            /// implementation-specific checks (like `grow`'s reuse) see
            /// only their own allocations.
            pub(super) static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

            pub(super) fn serial() -> std::sync::MutexGuard<'static, ()> {
                SERIAL
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
            }

            #[test]
            fn allocations_are_aligned_writable_and_disjoint() {
                let _serial = serial();
                let counts = [1usize, 3, 1, 7, 2];
                let mut blocks = Vec::new();
                for (i, &count) in counts.iter().enumerate() {
                    let base = alloc_megablocks(count).expect("allocation");
                    assert_aligned_and_writable(base, count, i as u8 + 1);
                    blocks.push((base, count));
                }
                assert_disjoint(&blocks);
                for (i, &(base, count)) in blocks.iter().enumerate() {
                    assert_still_tagged(base, count, i as u8 + 1);
                }
                for (base, count) in blocks {
                    // SAFETY: each block is one live allocation, freed once.
                    unsafe { free_megablocks(base, count) };
                }
            }

            /// 200 rounds of 4 MiB: 800 MiB in total, which only works
            /// if returned memory is really given back or reused.
            #[test]
            fn memory_is_reusable_after_return() {
                let _serial = serial();
                for round in 0..200u32 {
                    let base = alloc_megablocks(4).expect("allocation after frees");
                    assert_aligned_and_writable(base, 4, round as u8);
                    // SAFETY: freed once, right after allocation.
                    unsafe { free_megablocks(base, 4) };
                }
            }

            /// Freeing some blocks and allocating again gives blocks that
            /// do not overlap the ones still live, and the live ones keep
            /// their contents.
            #[test]
            fn reused_memory_is_disjoint_from_live_memory() {
                let _serial = serial();
                let blocks: Vec<Block> = (1..=6)
                    .map(|c| (alloc_megablocks(c).expect("allocation"), c))
                    .collect();
                for (i, &(base, count)) in blocks.iter().enumerate() {
                    assert_aligned_and_writable(base, count, 100 + i as u8);
                }
                let mut kept = Vec::new();
                for (i, (base, count)) in blocks.into_iter().enumerate() {
                    if i % 2 == 0 {
                        // SAFETY: one live allocation, freed once.
                        unsafe { free_megablocks(base, count) };
                    } else {
                        kept.push((base, count, 100 + i as u8));
                    }
                }
                let fresh: Vec<Block> = (1..=6)
                    .map(|c| (alloc_megablocks(c).expect("reallocation"), c))
                    .collect();
                for &(base, count) in &fresh {
                    assert_aligned_and_writable(base, count, 0xee);
                }
                for &(base, count, tag) in &kept {
                    assert_still_tagged(base, count, tag);
                }
                let mut all: Vec<Block> = kept.iter().map(|&(b, c, _)| (b, c)).collect();
                all.extend(fresh);
                assert_disjoint(&all);
                for (base, count) in all {
                    // SAFETY: each block is one live allocation, freed once.
                    unsafe { free_megablocks(base, count) };
                }
            }

            #[test]
            fn metadata_names_the_implementation() {
                let module = stringify!($imp);
                assert_eq!(
                    Some(crate::addr::$imp::IMPLEMENTATION),
                    module.strip_prefix("imp_")
                );
                // A wasm memory never shrinks, whatever the implementation.
                if cfg!(target_arch = "wasm32") {
                    assert!(!crate::addr::$imp::RETURNS_MEMORY);
                }
            }

            #[test]
            fn zero_and_absurd_requests_are_errors() {
                let zero = alloc_megablocks(0).expect_err("zero megablocks");
                assert_eq!(zero.reason(), AddrFailure::ZeroCount);
                assert!(zero.to_string().contains("at least one"), "{zero}");
                let huge = alloc_megablocks(usize::MAX / 2).expect_err("absurd request");
                assert_eq!(huge.reason(), AddrFailure::TooLarge);
                // On 64-bit targets: 2^40 megablocks (1 EiB) fit in the
                // address space but no system can provide them. On wasm32
                // (where the whole 4 GiB memory could be granted) 4095
                // megablocks exceed what a 32-bit size can describe.
                let (too_many, expected_oom) = if cfg!(target_pointer_width = "64") {
                    (1usize << 40, true)
                } else {
                    (4095, false)
                };
                let err = alloc_megablocks(too_many).expect_err("more memory than exists");
                if expected_oom {
                    assert!(
                        matches!(err.reason(), AddrFailure::OutOfMemory { .. }),
                        "{err:?}"
                    );
                } else {
                    assert_eq!(err.reason(), AddrFailure::TooLarge);
                }
                assert!(err.to_string().contains("cannot obtain"), "{err}");
            }

            #[cfg(unix)]
            #[test]
            fn concurrent_allocations_are_disjoint() {
                let _serial = serial();
                let threads: Vec<_> = (0..4u8)
                    .map(|t| {
                        std::thread::spawn(move || {
                            let mut mine = Vec::new();
                            for i in 0..8 {
                                let count = 1 + (i % 3);
                                let base = alloc_megablocks(count).expect("allocation");
                                assert_aligned_and_writable(base, count, t);
                                mine.push((base.as_ptr() as usize, count));
                            }
                            mine
                        })
                    })
                    .collect();
                let mut all: Vec<Block> = Vec::new();
                for (t, handle) in threads.into_iter().enumerate() {
                    for (addr, count) in handle.join().expect("thread") {
                        let base = NonNull::new(addr as *mut u8).expect("non-null");
                        assert_still_tagged(base, count, t as u8);
                        all.push((base, count));
                    }
                }
                assert_disjoint(&all);
                for (base, count) in all {
                    // SAFETY: each block is one live allocation, freed once.
                    unsafe { free_megablocks(base, count) };
                }
            }
        }
    };
}

#[cfg(unix)]
addr_contract_tests!(imp_mmap);
addr_contract_tests!(imp_malloc);
addr_contract_tests!(imp_grow);

/// `addr-grow` never gives memory back, so it must reuse what was freed:
/// allocating and freeing the same size again and again must not grow the
/// address space.
#[test]
fn grow_reuses_freed_megablocks_instead_of_growing() {
    use super::imp_grow::{alloc_megablocks, free_megablocks, grown_bytes};
    let _serial = imp_grow::serial();
    let first = alloc_megablocks(8).expect("allocation");
    // SAFETY: one live allocation, freed once.
    unsafe { free_megablocks(first, 8) };
    let before = grown_bytes();
    for _ in 0..100 {
        let base = alloc_megablocks(8).expect("allocation from the free list");
        assert_aligned_and_writable(base, 8, 7);
        // SAFETY: one live allocation, freed once.
        unsafe { free_megablocks(base, 8) };
    }
    let after = grown_bytes();
    // On wasm the C heap shares the memory and may grow a little meanwhile;
    // growing for any one of the 100 requests would add 8 MiB.
    assert!(
        after - before < 8 * MEGABLOCK_SIZE,
        "grew by {} bytes",
        after - before
    );
}

/// The error stays small enough to return by value cheaply.
#[test]
fn the_error_is_small() {
    assert!(core::mem::size_of::<super::AddrError>() <= 5 * core::mem::size_of::<usize>());
}
