//! Allocation throughput of small closures (3-word cons cells) in the
//! nursery, against a plain bump loop writing the same bytes into a buffer
//! of the same size. Each iteration fills a 1 MiB nursery, then collects it
//! with no roots (the cost a program pays per nursery).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hsrts_benches::{NODE, heap};
use rts_core::gc::NoRoots;
use rts_core::{AllocError, ClosurePtr};

const NURSERY: usize = 1 << 20;
const CELL_WORDS: usize = 3;

fn bench(c: &mut Criterion) {
    let cells = (NURSERY / (CELL_WORDS * 8)) as u64;
    let mut g = c.benchmark_group("alloc");
    g.throughput(Throughput::Elements(cells));
    let mut s = heap(NURSERY, 2);
    g.bench_function("nursery_cons_cells", |b| {
        b.iter(|| {
            let mut prev = ClosurePtr::NULL;
            loop {
                match s.alloc(CELL_WORDS) {
                    Ok(p) => {
                        // SAFETY: a fresh 3-word closure.
                        unsafe {
                            p.set_info(&NODE);
                            p.set_payload(0, prev.to_word());
                            p.set_payload(1, prev.to_word());
                        }
                        prev = p;
                    }
                    Err(AllocError::NurseryFull) => break,
                    Err(e) => panic!("{e}"),
                }
            }
            s.collect(&mut NoRoots, false).expect("collect");
            prev
        })
    });
    g.bench_function("nursery_cons_cells_hp_register", |b| {
        b.iter(|| {
            let mut prev = ClosurePtr::NULL;
            'fill: loop {
                let (mut hp, lim) = s.hp_window();
                while hp + CELL_WORDS * 8 <= lim {
                    let p = ClosurePtr::from_addr(hp);
                    // SAFETY: a 3-word closure inside the bump window.
                    unsafe {
                        p.set_info(&NODE);
                        p.set_payload(0, prev.to_word());
                        p.set_payload(1, prev.to_word());
                    }
                    prev = p;
                    hp += CELL_WORDS * 8;
                }
                // SAFETY: every word below `hp` is an initialised closure.
                unsafe { s.set_hp(hp) };
                match s.alloc(CELL_WORDS) {
                    Ok(p) => {
                        // SAFETY: a fresh 3-word closure.
                        unsafe {
                            p.set_info(&NODE);
                            p.set_payload(0, prev.to_word());
                            p.set_payload(1, prev.to_word());
                        }
                        prev = p;
                    }
                    Err(AllocError::NurseryFull) => break 'fill,
                    Err(e) => panic!("{e}"),
                }
            }
            s.collect(&mut NoRoots, false).expect("collect");
            prev
        })
    });
    let mut buf = vec![0u64; NURSERY / 8];
    g.bench_function("reference_bump_loop", |b| {
        b.iter(|| {
            let base = buf.as_mut_ptr();
            let mut hp = 0usize;
            let mut prev = 0u64;
            while hp + CELL_WORDS <= buf.len() {
                // SAFETY: `hp + 3 <= len`.
                unsafe {
                    let p = base.add(hp);
                    *p = &NODE as *const _ as u64;
                    *p.add(1) = prev;
                    *p.add(2) = prev;
                    prev = p as u64;
                }
                hp += CELL_WORDS;
            }
            std::hint::black_box(prev)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
