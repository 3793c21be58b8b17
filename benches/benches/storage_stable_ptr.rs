//! Stable pointer create + deref + free, the triple GHC -O2 does in about
//! 4 ns on this machine (goal: 4 ns or less).

use criterion::{Criterion, criterion_group, criterion_main};
use hsrts_benches::{BOX, heap};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let mut s = heap(1 << 20, 2);
    let obj = s.alloc_closure(&BOX, &[], &[1]).expect("alloc");
    // A table with some history, as in a running program.
    let keep: Vec<_> = (0..1000).map(|_| s.new_stable_ptr(obj)).collect();
    c.bench_function("stable_ptr/create_deref_free", |b| {
        b.iter(|| {
            let sp = s.new_stable_ptr(black_box(obj));
            let p = s.deref_stable_ptr(sp).expect("live");
            s.free_stable_ptr(sp).expect("live");
            black_box(p)
        })
    });
    black_box(keep);
}

criterion_group!(benches, bench);
criterion_main!(benches);
