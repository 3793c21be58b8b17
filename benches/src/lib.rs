//! Shared helpers for the benchmarks: building heaps and object graphs for
//! the storage-manager benchmarks (`benches/storage_*.rs`).

use rts_core::info::InfoTable;
use rts_core::{AllocError, ClosurePtr, GcConfig, Storage};

/// A two-field constructor (a cons cell or a tree node).
pub static NODE: InfoTable = InfoTable::constructor("Node", 1, 2, 0);
/// A boxed word.
pub static BOX: InfoTable = InfoTable::constructor("Box", 0, 0, 1);

/// A heap with nursery `nursery_bytes`, `generations` generations.
pub fn heap(nursery_bytes: usize, generations: usize) -> Storage {
    Storage::new(GcConfig {
        nursery_bytes,
        generations,
        ..GcConfig::default()
    })
    .expect("heap")
}

/// Allocate a closure with `f`, collecting with `roots` when the nursery is
/// full.
#[allow(clippy::ptr_arg)] // a `Vec` is what implements `RootVisitor`
pub fn alloc_rooted(
    s: &mut Storage,
    roots: &mut Vec<ClosurePtr>,
    mut f: impl FnMut(&mut Storage, &[ClosurePtr]) -> Result<ClosurePtr, AllocError>,
) -> ClosurePtr {
    loop {
        match f(s, roots) {
            Ok(p) => return p,
            Err(AllocError::NurseryFull) => {
                s.collect(roots, false).expect("collect");
            }
            Err(e) => panic!("{e}"),
        }
    }
}

/// Build about `bytes` of live data in `roots[0]`: half a linked list of
/// boxed words, half a complete binary tree. Returns the live bytes.
pub fn build_live_structure(s: &mut Storage, roots: &mut Vec<ClosurePtr>, bytes: usize) -> usize {
    roots.clear();
    roots.push(ClosurePtr::NULL); // the list
    roots.push(ClosurePtr::NULL); // scratch
    // List cells: 3 words + a 2-word box = 40 bytes per element.
    let elems = bytes / 2 / 40;
    for i in 0..elems {
        let b = alloc_rooted(s, roots, |s, _| s.alloc_closure(&BOX, &[], &[i as u64]));
        roots[1] = b;
        let cell = alloc_rooted(s, roots, |s, r| s.alloc_closure(&NODE, &[r[1], r[0]], &[]));
        roots[0] = cell;
    }
    // A complete tree of 24-byte nodes, built level by level from the
    // leaves; every level stays rooted while the next is built.
    let mut count = (bytes / 2 / 24).next_power_of_two() / 2;
    let start = roots.len();
    for _ in 0..count {
        let leaf = alloc_rooted(s, roots, |s, _| {
            s.alloc_closure(&NODE, &[ClosurePtr::NULL, ClosurePtr::NULL], &[])
        });
        roots.push(leaf);
    }
    while count > 1 {
        for i in 0..count / 2 {
            let (l, r) = (start + 2 * i, start + 2 * i + 1);
            let n = alloc_rooted(s, roots, |s, rs| {
                s.alloc_closure(&NODE, &[rs[l], rs[r]], &[])
            });
            roots.push(n);
        }
        roots.drain(start..start + count);
        count /= 2;
    }
    roots[1] = ClosurePtr::NULL;
    let summary = s.collect(roots, true).expect("collect");
    summary.live_bytes
}
