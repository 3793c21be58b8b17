//! Collector benchmarks.
//!
//! * `gc_copy`: a major collection of a 64 MB live structure (half a list
//!   of boxed words, half a binary tree) under `-G1`, so every collection
//!   copies all of it; against `memcpy` of the same number of bytes in the
//!   same run (the physical limit). Throughput is in bytes copied.
//! * `minor_gc`: a minor collection of a full nursery holding a small live
//!   set (1,000 cons cells), for several nursery sizes: the pause per MB of
//!   nursery.

use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hsrts_benches::{NODE, alloc_rooted, build_live_structure, heap};
use rts_core::{AllocError, ClosurePtr};

fn live_mb() -> usize {
    std::env::var("HSRTS_BENCH_LIVE_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

fn gc_copy(c: &mut Criterion) {
    let mut s = heap(1 << 20, 1);
    let mut roots = Vec::new();
    let live = build_live_structure(&mut s, &mut roots, live_mb() << 20);
    let mut g = c.benchmark_group("gc_copy");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(live as u64));
    g.bench_function("major_gc_live_structure", |b| {
        b.iter(|| s.collect(&mut roots, true).expect("collect").copied_bytes)
    });
    let src = vec![1u8; live];
    let mut dst = vec![0u8; live];
    g.bench_function("reference_memcpy", |b| {
        b.iter(|| {
            dst.copy_from_slice(&src);
            std::hint::black_box(dst[live / 2])
        })
    });
    g.finish();
}

fn minor_gc(c: &mut Criterion) {
    let mut g = c.benchmark_group("minor_gc");
    for mb in [1usize, 4, 16] {
        let mut s = heap(mb << 20, 2);
        let mut roots = vec![ClosurePtr::NULL];
        g.throughput(Throughput::Bytes((mb << 20) as u64));
        g.bench_function(format!("small_live_set_nursery_{mb}MB"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    // 1,000 live cells at the start of the nursery, then garbage.
                    roots[0] = ClosurePtr::NULL;
                    for _ in 0..1000 {
                        let cell = alloc_rooted(&mut s, &mut roots, |s, r| {
                            s.alloc_closure(&NODE, &[r[0], r[0]], &[])
                        });
                        roots[0] = cell;
                    }
                    loop {
                        match s.alloc_closure(&NODE, &[ClosurePtr::NULL, ClosurePtr::NULL], &[]) {
                            Ok(_) => {}
                            Err(AllocError::NurseryFull) => break,
                            Err(e) => panic!("{e}"),
                        }
                    }
                    let t = Instant::now();
                    s.collect(&mut roots, false).expect("collect");
                    total += t.elapsed();
                }
                total
            })
        });
    }
    g.finish();
}

criterion_group!(benches, gc_copy, minor_gc);
criterion_main!(benches);
