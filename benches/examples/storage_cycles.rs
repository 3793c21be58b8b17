//! The storage-manager benchmarks measured in *CPU time* of this thread
//! (`CLOCK_THREAD_CPUTIME_ID`), for a loaded machine where criterion's
//! wall-clock times include the time the benchmark was descheduled:
//!
//! ```text
//! cargo run --release -p hsrts-benches --example storage_cycles -- stable_ptr 100000000
//! cargo run --release -p hsrts-benches --example storage_cycles -- gc_copy 64 5
//! cargo run --release -p hsrts-benches --example storage_cycles -- alloc 2000
//! cargo run --release -p hsrts-benches --example storage_cycles -- minor_gc 4 200
//! ```

use std::hint::black_box;

use hsrts_benches::{BOX, NODE, build_live_structure, heap};
use rts_core::gc::NoRoots;
use rts_core::{AllocError, ClosurePtr};

/// CPU time of this thread, in seconds.
#[cfg(unix)]
fn cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid timespec to write into.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

#[cfg(not(unix))]
fn cpu_seconds() -> f64 {
    std::time::SystemTime::UNIX_EPOCH
        .elapsed()
        .map_or(0.0, |d| d.as_secs_f64())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "stable_ptr".to_string());
    let count: u64 = args
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000_000);
    match what.as_str() {
        "stable_ptr" => {
            let mut s = heap(1 << 20, 2);
            let obj = s.alloc_closure(&BOX, &[], &[1]).expect("alloc");
            let t = cpu_seconds();
            for _ in 0..count {
                let sp = s.new_stable_ptr(black_box(obj));
                let p = s.deref_stable_ptr(sp).expect("live");
                s.free_stable_ptr(sp).expect("live");
                black_box(p);
            }
            let per = (cpu_seconds() - t) / count as f64 * 1e9;
            println!("stable pointer create+deref+free: {per:.2} ns CPU each");
        }
        "gc_copy" => {
            let mb = count as usize;
            let iters: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
            let mut s = heap(1 << 20, 1);
            let mut roots = Vec::new();
            let live = build_live_structure(&mut s, &mut roots, mb << 20);
            let src = vec![1u8; live];
            let mut dst = vec![0u8; live];
            let (mut gc, mut mc) = (f64::MAX, f64::MAX);
            for _ in 0..iters {
                let t = cpu_seconds();
                s.collect(&mut roots, true).expect("collect");
                gc = gc.min(cpu_seconds() - t);
                let t = cpu_seconds();
                dst.copy_from_slice(&src);
                black_box(&dst);
                mc = mc.min(cpu_seconds() - t);
            }
            let gib = live as f64 / (1u64 << 30) as f64;
            println!(
                "gc_copy: {live} bytes live; GC {:.2} GiB/s, memcpy {:.2} GiB/s (CPU time, best of {iters}): {:.1}% of memcpy",
                gib / gc,
                gib / mc,
                100.0 * mc / gc
            );
        }
        "minor_gc" => {
            // 1,000 live cons cells then garbage up to a full nursery of
            // `count` MiB; CPU time of the minor collection.
            let mb = count as usize;
            let iters: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(200);
            let mut s = heap(mb << 20, 2);
            let mut roots = vec![ClosurePtr::NULL];
            let mut times = Vec::with_capacity(iters);
            for _ in 0..iters {
                roots[0] = ClosurePtr::NULL;
                for _ in 0..1000 {
                    let cell = hsrts_benches::alloc_rooted(&mut s, &mut roots, |s, r| {
                        s.alloc_closure(&NODE, &[r[0], r[0]], &[])
                    });
                    roots[0] = cell;
                }
                while s
                    .alloc_closure(&NODE, &[ClosurePtr::NULL, ClosurePtr::NULL], &[])
                    .is_ok()
                {}
                let t = cpu_seconds();
                s.collect(&mut roots, false).expect("collect");
                times.push(cpu_seconds() - t);
            }
            times.sort_by(f64::total_cmp);
            let median = times[times.len() / 2] * 1e6;
            println!(
                "minor_gc: {mb} MiB nursery, 1,000 live cells: median {median:.1} µs CPU, {:.1} µs per MiB",
                median / mb as f64
            );
        }
        "alloc" => {
            let mut s = heap(1 << 20, 2);
            let mut cells = 0u64;
            let t = cpu_seconds();
            for _ in 0..count {
                let mut prev = ClosurePtr::NULL;
                loop {
                    match s.alloc(3) {
                        Ok(p) => {
                            // SAFETY: a fresh 3-word closure.
                            unsafe {
                                p.set_info(&NODE);
                                p.set_payload(0, prev.to_word());
                                p.set_payload(1, prev.to_word());
                            }
                            prev = p;
                            cells += 1;
                        }
                        Err(AllocError::NurseryFull) => break,
                        Err(e) => panic!("{e}"),
                    }
                }
                s.collect(&mut NoRoots, false).expect("collect");
            }
            let heap_rate = cells as f64 / (cpu_seconds() - t);
            let mut buf = vec![0u64; 1 << 17];
            let t = cpu_seconds();
            let mut written = 0u64;
            for _ in 0..count {
                let base = buf.as_mut_ptr();
                let mut hp = 0;
                let mut prev = 0u64;
                while hp + 3 <= buf.len() {
                    // SAFETY: `hp + 3 <= len`.
                    unsafe {
                        let p = base.add(hp);
                        *p = &NODE as *const _ as u64;
                        *p.add(1) = prev;
                        *p.add(2) = prev;
                        prev = p as u64;
                    }
                    hp += 3;
                    written += 1;
                }
                black_box(prev);
            }
            let bump_rate = written as f64 / (cpu_seconds() - t);
            println!(
                "alloc: {:.0} M cells/s through Storage::alloc (with a minor GC per nursery), bump loop {:.0} M/s: {:.2}",
                heap_rate / 1e6,
                bump_rate / 1e6,
                heap_rate / bump_rate
            );
        }
        other => {
            eprintln!("unknown benchmark {other}: use stable_ptr, gc_copy, alloc or minor_gc");
            std::process::exit(2);
        }
    }
}
