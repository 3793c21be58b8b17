//! Deterministic collector tests: lists, generations and the remembered
//! set, large and pinned objects, stacks, CAFs, selector thunks, stable
//! pointers and names, weak pointers and finalizers, and the `-M` limit.
//! Every heap here runs the sanity checker after each collection.

use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};

use rts_core::heap::stack::{frames, stack_sp};
use rts_core::heap::weak::CFinalizer;
use rts_core::info::{Bitmap, Entry, InfoTable};
use rts_core::{AllocError, ClosurePtr, ClosureType, GcConfig, Storage, builtins};

static CONS: InfoTable = InfoTable::constructor("Cons", 1, 2, 0);
static INT: InfoTable = InfoTable::constructor("I#", 0, 0, 1);
static PAIR: InfoTable = InfoTable::constructor("Pair", 0, 2, 0);
static THUNK1: InfoTable = InfoTable::thunk("thunk", 1, 0, Entry::Bytecode(0));
static CAF: InfoTable = InfoTable::thunk("caf", 0, 0, Entry::Bytecode(1));
static SEL0: InfoTable = InfoTable::selector_thunk("sel_0", 0);

fn heap(nursery_kib: usize, generations: usize) -> Storage {
    Storage::new(GcConfig {
        nursery_bytes: nursery_kib * 1024,
        generations,
        sanity_checks: true,
        ..GcConfig::default()
    })
    .expect("heap")
}

/// Allocate with `f`, collecting (minor) with `roots` when the nursery is full.
#[allow(clippy::ptr_arg)] // a `Vec` is what implements `RootVisitor`
fn alloc_with(
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

fn int(s: &mut Storage, roots: &mut Vec<ClosurePtr>, n: u64) -> ClosurePtr {
    alloc_with(s, roots, |s, _| s.alloc_closure(&INT, &[], &[n]))
}

/// Build the list [0..n) in roots[slot] (roots[slot] starts null).
fn build_list(s: &mut Storage, roots: &mut Vec<ClosurePtr>, slot: usize, n: u64) {
    for i in (0..n).rev() {
        let v = int(s, roots, i);
        roots.push(v);
        let cell = alloc_with(s, roots, |s, r| {
            let v = r[r.len() - 1];
            s.alloc_closure(&CONS, &[v, r[slot]], &[])
        });
        roots.pop();
        roots[slot] = cell;
    }
}

fn read_list(mut p: ClosurePtr) -> Vec<u64> {
    let mut out = Vec::new();
    // SAFETY: `p` is a list built by `build_list`, alive.
    unsafe {
        while !p.is_null() {
            assert_eq!(p.info().name, "Cons");
            out.push(p.payload_ptr(0).payload(0));
            p = p.payload_ptr(1);
        }
    }
    out
}

#[test]
fn a_list_survives_minor_and_major_collections() {
    for g in 1..=3 {
        let mut s = heap(16, g);
        let mut roots = vec![ClosurePtr::NULL];
        build_list(&mut s, &mut roots, 0, 5000);
        assert!(s.stats().collections() > 0, "the build needed collections");
        let expected: Vec<u64> = (0..5000).collect();
        assert_eq!(read_list(roots[0]), expected);
        for major in [false, false, true, false, true] {
            s.collect(&mut roots, major).unwrap();
            assert_eq!(read_list(roots[0]), expected);
        }
        if g > 1 {
            assert_eq!(
                s.generation_of(roots[0]),
                Some(g - 1),
                "promoted to the oldest generation"
            );
        }
        // Drop it: a major collection frees everything.
        roots[0] = ClosurePtr::NULL;
        let summary = s.collect(&mut roots, true).unwrap();
        assert_eq!(summary.live_bytes, 0);
    }
}

#[test]
fn the_write_barrier_keeps_young_objects_alive_through_old_mut_vars() {
    let mut s = heap(8, 2);
    let mut roots = vec![ClosurePtr::NULL];
    roots[0] = alloc_with(&mut s, &mut roots, |s, _| s.new_mut_var(ClosurePtr::NULL));
    s.collect(&mut roots, false).unwrap();
    s.collect(&mut roots, false).unwrap();
    assert_eq!(s.generation_of(roots[0]), Some(1));
    for round in 0..50u64 {
        let v = int(&mut s, &mut roots, round);
        let var = roots[0];
        // SAFETY: `var` is a live MUT_VAR.
        unsafe { var.set_payload(0, v.to_word()) };
        s.record_mutation(var);
        // SAFETY: as above.
        unsafe { assert_eq!(var.info().closure_type, ClosureType::MutVarDirty) };
        s.collect(&mut roots, false).unwrap();
        // SAFETY: the MUT_VAR and its value survived.
        unsafe { assert_eq!(roots[0].payload_ptr(0).payload(0), round) };
        // Garbage between rounds.
        for i in 0..300 {
            int(&mut s, &mut roots, i);
        }
    }
    assert!(s.stats().generations[0].collections > 50);
}

#[test]
fn large_and_pinned_objects_do_not_move() {
    let mut s = heap(16, 2);
    let mut roots = vec![ClosurePtr::NULL; 3];
    let x = int(&mut s, &mut roots, 7);
    roots[2] = x;
    roots[0] = alloc_with(&mut s, &mut roots, |s, r| s.new_array(2000, r[2], false));
    roots[1] = alloc_with(&mut s, &mut roots, |s, _| s.new_byte_array(100, true));
    // SAFETY: a live byte array of 100 bytes.
    unsafe { ((roots[1].addr() + 16) as *mut u8).write(0xAB) };
    let (a, b) = (roots[0], roots[1]);
    for major in [false, false, true, true] {
        s.collect(&mut roots, major).unwrap();
    }
    assert_eq!((roots[0], roots[1]), (a, b), "never copied");
    // SAFETY: live objects.
    unsafe {
        assert_eq!(*((b.addr() + 16) as *const u8), 0xAB);
        assert_eq!(a.payload(0), 2000);
        assert_eq!(a.payload_ptr(1999).payload(0), 7);
        assert_eq!(a.payload(1), a.payload(1999));
    }
    roots[0] = ClosurePtr::NULL;
    roots[1] = ClosurePtr::NULL;
    let before = s.block_allocator().blocks_in_use();
    s.collect(&mut roots, true).unwrap();
    assert!(
        s.block_allocator().blocks_in_use() + 4 <= before,
        "the large array's blocks were freed"
    );
}

#[test]
fn stacks_keep_their_frames_pointers_alive() {
    static CASE: InfoTable = InfoTable::frame(
        "case",
        Bitmap::Small {
            size: 2,
            bits: 0b01,
        },
        Entry::Bytecode(9),
    );
    let mut s = heap(8, 2);
    let mut roots = vec![ClosurePtr::NULL; 2];
    roots[0] = alloc_with(&mut s, &mut roots, |s, _| s.new_stack(200));
    roots[1] = alloc_with(&mut s, &mut roots, |s, r| s.alloc_tso(1, r[0]));
    roots.truncate(2);
    for i in 0..10u64 {
        let v = int(&mut s, &mut roots, 100 + i);
        let st = roots[0];
        // SAFETY: a live stack; the payload matches the frame.
        unsafe {
            if i % 2 == 0 {
                s.push_frame(st, &CASE, &[v.to_word(), i]).unwrap();
            } else {
                s.push_dyn_frame(st, 0b10, &[i, v.to_word()]).unwrap();
            }
        }
        s.collect(&mut roots, i % 3 == 0).unwrap();
    }
    // Only the TSO is needed: the stack is reachable from it.
    let mut only_tso = vec![roots[1]];
    s.collect(&mut only_tso, true).unwrap();
    // SAFETY: live TSO and stack.
    unsafe {
        let st = only_tso[0].payload_ptr(rts_core::heap::tso::TSO_STACK);
        assert_eq!(frames(st).count(), 10);
        for (k, f) in frames(st).enumerate() {
            let i = 9 - k as u64;
            let v = if i % 2 == 0 {
                f.payload(0)
            } else {
                f.payload(1)
            };
            assert_eq!(ClosurePtr::from_word(v).payload(0), 100 + i);
        }
        assert!(stack_sp(st) < 200);
    }
}

#[test]
fn entered_cafs_are_roots_and_statics_are_not_collected() {
    let mut s = heap(8, 2);
    let mut roots = vec![];
    let caf = s.new_static_closure(&CAF, &[], &[]).unwrap();
    let static_int = s.new_static_closure(&INT, &[], &[5]).unwrap();
    let static_pair = s
        .new_static_closure(&PAIR, &[static_int, static_int], &[])
        .unwrap();
    // A static list longer than a block: statics span many blocks.
    let mut list = ClosurePtr::NULL;
    for i in 0..2000 {
        let n = s.new_static_closure(&INT, &[], &[i]).unwrap();
        list = s.new_static_closure(&CONS, &[n, list], &[]).unwrap();
    }
    let v = int(&mut s, &mut roots, 42);
    roots.push(list);
    // SAFETY: `caf` is an unentered static thunk.
    unsafe { s.claim_caf(caf, v) };
    for major in [false, true, false, true] {
        s.collect(&mut roots, major).unwrap();
    }
    // SAFETY: the CAF is an IND_STATIC to a live value.
    unsafe {
        assert_eq!(caf.info().closure_type, ClosureType::IndStatic);
        assert_eq!(caf.payload_ptr(0).payload(0), 42);
        assert_eq!(static_pair.payload_ptr(1).payload(0), 5);
    }
    assert_eq!(s.generation_of(static_pair), None);
    assert_eq!(roots[0], list, "statics do not move");
    assert_eq!(read_list(roots[0]), (0..2000).rev().collect::<Vec<u64>>());
}

#[test]
fn indirections_and_selector_thunks_are_shortcut() {
    let mut s = heap(8, 2);
    let mut roots = vec![ClosurePtr::NULL; 4];
    let a = int(&mut s, &mut roots, 1);
    roots[0] = a;
    let b = int(&mut s, &mut roots, 2);
    roots[1] = b;
    let pair = alloc_with(&mut s, &mut roots, |s, r| {
        s.alloc_closure(&PAIR, &[r[0], r[1]], &[])
    });
    roots[2] = pair;
    roots[3] = alloc_with(&mut s, &mut roots, |s, r| {
        s.alloc_closure(&SEL0, &[r[2]], &[])
    });
    let th = alloc_with(&mut s, &mut roots, |s, _| {
        s.alloc_closure(&THUNK1, &[ClosurePtr::NULL], &[])
    });
    // SAFETY: `th` is a live thunk.
    unsafe { s.update_with_indirection(th, roots[1]) };
    roots.push(th);
    s.collect(&mut roots, false).unwrap();
    // SAFETY: live objects.
    unsafe {
        assert_eq!(roots[3], roots[0], "the selector thunk became its field");
        assert_eq!(roots[4], roots[1], "the indirection is gone");
        assert_eq!(roots[4].payload(0), 2);
    }
}

#[test]
fn stable_pointers_and_names_survive_moves() {
    let mut s = heap(8, 2);
    let mut roots = vec![ClosurePtr::NULL];
    let v = int(&mut s, &mut roots, 99);
    let sp = s.new_stable_ptr(v);
    roots[0] = alloc_with(&mut s, &mut roots, |s, _| {
        let target = s.deref_stable_ptr(sp).unwrap();
        s.make_stable_name(target)
    });
    // SAFETY: a live stable name.
    let idx = unsafe { s.stable_name_index(roots[0]) };
    for major in [false, false, true] {
        s.collect(&mut roots, major).unwrap();
        let target = s.deref_stable_ptr(sp).unwrap();
        // SAFETY: the stable pointer keeps its target alive.
        unsafe { assert_eq!(target.payload(0), 99) };
        let again = alloc_with(&mut s, &mut roots, |s, _| {
            s.make_stable_name(s.deref_stable_ptr(sp).unwrap())
        });
        assert_eq!(again, roots[0], "same object, same stable name object");
        // SAFETY: a live stable name.
        assert_eq!(unsafe { s.stable_name_index(again) }, idx);
    }
    s.free_stable_ptr(sp).unwrap();
    assert!(s.free_stable_ptr(sp).is_err());
    s.collect(&mut roots, true).unwrap();
    // The object died; the name lives (it is a root) but names nothing.
    assert_eq!(s.stable_name_count(), 1);
    roots[0] = ClosurePtr::NULL;
    s.collect(&mut roots, true).unwrap();
    assert_eq!(s.stable_name_count(), 0);
}

static FINALIZED: AtomicUsize = AtomicUsize::new(0);
unsafe extern "C" fn count_finalizer(arg: *mut c_void) {
    FINALIZED.fetch_add(arg as usize, Ordering::SeqCst);
}

#[test]
fn weak_pointers_die_with_their_keys_and_finalize_once() {
    let mut s = heap(8, 2);
    let mut roots = vec![ClosurePtr::NULL; 3];
    roots[0] = alloc_with(&mut s, &mut roots, |s, _| s.new_mut_var(ClosurePtr::NULL)); // key
    roots[1] = int(&mut s, &mut roots, 5); // finalizer stand-in
    // The value refers to the key: the key must still die.
    let value = alloc_with(&mut s, &mut roots, |s, r| {
        s.alloc_closure(&PAIR, &[r[0], r[0]], &[])
    });
    roots.push(value);
    let c = CFinalizer {
        function: count_finalizer,
        argument: 1000 as *mut c_void,
    };
    roots[2] = alloc_with(&mut s, &mut roots, |s, r| {
        s.mk_weak(r[0], r[3], r[1], Some(c))
    });
    roots.truncate(3);
    roots[1] = ClosurePtr::NULL;
    s.collect(&mut roots, true).unwrap();
    // SAFETY: the weak is live.
    let deref = unsafe { s.deref_weak(roots[2]) }.expect("key alive");
    // SAFETY: the value is alive while the key is.
    unsafe { assert_eq!(deref.payload_ptr(0), roots[0]) };
    assert_eq!(FINALIZED.load(Ordering::SeqCst), 0);
    roots[0] = ClosurePtr::NULL;
    s.collect(&mut roots, true).unwrap();
    assert_eq!(
        FINALIZED.load(Ordering::SeqCst),
        1000,
        "C finalizer ran once"
    );
    // SAFETY: the weak object is still reachable (a DEAD_WEAK now).
    unsafe { assert!(s.deref_weak(roots[2]).is_none()) };
    let fins = s.take_finalizers();
    assert_eq!(fins.len(), 1);
    // SAFETY: the finalizer closure was kept alive.
    unsafe { assert_eq!(fins[0].payload(0), 5) };
    s.collect(&mut roots, true).unwrap();
    // SAFETY: as above.
    unsafe { assert_eq!(s.finalize_weak(roots[2]), None) };
    assert_eq!(FINALIZED.load(Ordering::SeqCst), 1000, "never twice");
    assert!(s.take_finalizers().is_empty());
}

static AT_EXIT: AtomicUsize = AtomicUsize::new(0);
unsafe extern "C" fn count_at_exit(arg: *mut c_void) {
    AT_EXIT.fetch_add(arg as usize, Ordering::SeqCst);
}

#[test]
fn c_finalizers_of_live_weaks_run_once_at_exit() {
    let mut s = heap(8, 2);
    let mut roots = vec![ClosurePtr::NULL; 4];
    roots[0] = int(&mut s, &mut roots, 1); // a key that stays alive
    let c = |n| CFinalizer {
        function: count_at_exit,
        argument: n as *mut c_void,
    };
    roots[1] = alloc_with(&mut s, &mut roots, |s, r| {
        s.mk_weak(r[0], r[0], ClosurePtr::NULL, Some(c(1)))
    });
    roots[2] = alloc_with(&mut s, &mut roots, |s, r| {
        s.mk_weak(r[0], r[0], ClosurePtr::NULL, None)
    });
    roots[3] = alloc_with(&mut s, &mut roots, |s, r| {
        s.mk_weak(r[0], r[0], ClosurePtr::NULL, Some(c(10)))
    });
    // One weak is promoted, and one is finalized by hand before the exit.
    s.collect(&mut roots, true).unwrap();
    // SAFETY: a live weak.
    unsafe { assert_eq!(s.finalize_weak(roots[3]), None) };
    assert_eq!(AT_EXIT.load(Ordering::SeqCst), 10);
    let young = alloc_with(&mut s, &mut roots, |s, r| {
        s.mk_weak(r[0], r[0], ClosurePtr::NULL, Some(c(100)))
    });
    roots.push(young);

    assert_eq!(s.run_all_c_finalizers(), 2);
    assert_eq!(
        AT_EXIT.load(Ordering::SeqCst),
        111,
        "each live weak's C finalizer once"
    );
    // SAFETY: the weaks are reachable from the roots.
    unsafe {
        assert!(s.deref_weak(roots[1]).is_none(), "finalized weaks die");
        assert!(s.deref_weak(roots[4]).is_none());
        assert!(
            s.deref_weak(roots[2]).is_some(),
            "a weak with no C finalizer is left alone"
        );
    }
    assert_eq!(s.run_all_c_finalizers(), 0);
    s.collect(&mut roots, true).unwrap();
    assert_eq!(AT_EXIT.load(Ordering::SeqCst), 111, "never twice");
}

#[test]
fn finalize_weak_runs_finalizers_now_and_only_once() {
    let mut s = heap(8, 1);
    let mut roots = vec![ClosurePtr::NULL; 2];
    roots[0] = int(&mut s, &mut roots, 1);
    roots[1] = alloc_with(&mut s, &mut roots, |s, r| s.mk_weak(r[0], r[0], r[0], None));
    // SAFETY: a live weak.
    let f = unsafe { s.finalize_weak(roots[1]) };
    assert_eq!(f, Some(roots[0]));
    // SAFETY: as above.
    unsafe { assert_eq!(s.finalize_weak(roots[1]), None) };
    roots[0] = ClosurePtr::NULL;
    s.collect(&mut roots, true).unwrap();
    assert!(s.take_finalizers().is_empty());
}

#[test]
fn the_heap_limit_gives_heap_overflow_and_memory_stays_bounded() {
    let limit = 4 << 20;
    let mut s = Storage::new(GcConfig {
        nursery_bytes: 64 * 1024,
        max_heap_bytes: Some(limit),
        sanity_checks: false,
        ..GcConfig::default()
    })
    .unwrap();
    // Keep everything: a growing list of 1 KiB arrays.
    let mut roots = vec![ClosurePtr::NULL];
    let mut overflowed = false;
    'outer: for _ in 0..100_000 {
        loop {
            match s.new_array(120, ClosurePtr::NULL, true) {
                Ok(arr) => {
                    roots.push(arr);
                    break;
                }
                Err(AllocError::NurseryFull) => {
                    if s.collect(&mut roots, false).is_err() {
                        overflowed = true;
                        break 'outer;
                    }
                }
                Err(AllocError::HeapOverflow(_)) => {
                    overflowed = true;
                    break 'outer;
                }
                Err(e) => panic!("{e}"),
            }
        }
    }
    assert!(overflowed, "the limit was reached");
    let held = s.block_allocator().mblocks_held() * (1 << 20);
    assert!(
        held <= 3 * limit,
        "memory stays bounded: {held} bytes held for a {limit}-byte limit"
    );
    // Dropping the data makes the program healthy again.
    roots.truncate(1);
    s.collect(&mut roots, true).unwrap();
    assert!(s.new_array(120, ClosurePtr::NULL, true).is_ok());
    s.check_heap().unwrap();
}

#[test]
fn the_s_report_counts_this_heap() {
    let mut s = heap(8, 2);
    let mut roots = vec![ClosurePtr::NULL];
    build_list(&mut s, &mut roots, 0, 3000);
    s.collect(&mut roots, true).unwrap();
    let r = s.stats_report();
    assert!(r.contains("bytes allocated in the heap"));
    assert!(s.stats().allocated_bytes >= 3000 * 5 * 8, "{r}");
    assert!(s.stats().max_live_bytes >= 3000 * 5 * 8, "{r}");
    assert!(s.stats().copied_bytes > 0);
    let _ = builtins::IND.name;
}

#[test]
fn the_sanity_checker_finds_a_missing_write_barrier_and_stale_pointers() {
    let mut s = heap(8, 2);
    let mut roots = vec![ClosurePtr::NULL];
    roots[0] = alloc_with(&mut s, &mut roots, |s, _| s.new_mut_var(ClosurePtr::NULL));
    s.collect(&mut roots, false).unwrap();
    s.collect(&mut roots, false).unwrap();
    s.check_heap().unwrap();
    let young = int(&mut s, &mut roots, 3);
    // SAFETY: a live MUT_VAR; the missing barrier is the point of the test.
    unsafe { roots[0].set_payload(0, young.to_word()) };
    let err = s.check_heap().unwrap_err();
    assert!(err.to_string().contains("remembered set"), "{err}");
    s.record_mutation(roots[0]);
    s.check_heap().unwrap();
    // A pointer to an object that a collection freed (it was not a root).
    let dead = int(&mut s, &mut roots, 4);
    s.set_sanity_checks(false);
    s.collect(&mut roots, false).unwrap();
    // SAFETY: as above; `dead` is stale on purpose.
    unsafe { roots[0].set_payload(0, dead.to_word()) };
    s.record_mutation(roots[0]);
    let err = s.check_heap().unwrap_err();
    assert!(
        err.to_string().contains("free") || err.to_string().contains("fill pointer"),
        "{err}"
    );
}

#[test]
fn a_shrinking_heap_gives_megablocks_back() {
    let mut s = heap(64, 2);
    s.set_sanity_checks(false);
    let mut roots = vec![ClosurePtr::NULL];
    build_list(&mut s, &mut roots, 0, 200_000); // about 8 MB
    s.collect(&mut roots, true).unwrap();
    let big = s.block_allocator().mblocks_held();
    assert!(big >= 8, "{big} megablocks for 8 MB");
    roots[0] = ClosurePtr::NULL;
    s.collect(&mut roots, true).unwrap();
    s.collect(&mut roots, true).unwrap();
    s.check_heap().unwrap();
    let small = s.block_allocator().mblocks_held();
    if rts_features::addr::RETURNS_MEMORY {
        assert!(
            small <= 3,
            "{small} megablocks still held after the heap emptied"
        );
    } else {
        assert_eq!(small, big, "this address-space feature keeps its memory");
    }
}

#[test]
fn paps_keep_non_pointer_arguments_and_ap_stacks_their_frames() {
    use rts_core::closure::PapArgs;
    static FUN: InfoTable = InfoTable::function("f", 3, 0, 0, Entry::Bytecode(2));
    let mut s = heap(8, 2);
    let mut roots = vec![ClosurePtr::NULL; 3];
    roots[0] = alloc_with(&mut s, &mut roots, |s, _| s.alloc_closure(&FUN, &[], &[]));
    roots[1] = int(&mut s, &mut roots, 11);
    let desc = PapArgs {
        n_args: 0,
        arity: 1,
        non_pointer_mask: 0b10,
    };
    roots[2] = alloc_with(&mut s, &mut roots, |s, r| {
        s.new_pap(false, r[0], desc, &[r[1].to_word(), 0xDEAD_BEEF])
    });
    // An AP_STACK holding an update frame and a dynamic frame.
    let st = alloc_with(&mut s, &mut roots, |s, _| s.new_stack(16));
    roots.push(st);
    // SAFETY: a live stack; payloads match the frames.
    let words: Vec<u64> = unsafe {
        s.push_frame(roots[3], &builtins::UPDATE_FRAME, &[roots[1].to_word()])
            .unwrap();
        s.push_dyn_frame(roots[3], 0b01, &[roots[1].to_word(), 77])
            .unwrap();
        let top = frames(roots[3]).next().unwrap().addr;
        let n = rts_core::heap::stack::stack_size(roots[3]) - stack_sp(roots[3]);
        std::slice::from_raw_parts(top, n).to_vec()
    };
    // SAFETY: `words` are whole frames with live pointers.
    let aps = alloc_with(&mut s, &mut roots, |s, r| unsafe {
        s.new_ap_stack(r[0], &words)
    });
    roots[3] = aps;
    roots[1] = ClosurePtr::NULL;
    for major in [false, true, false] {
        s.collect(&mut roots, major).unwrap();
    }
    // SAFETY: live objects with the layouts built above.
    unsafe {
        let pap = roots[2];
        assert_eq!(pap.info().closure_type, ClosureType::Pap);
        assert_eq!(PapArgs::from_word(pap.payload(0)).n_args, 2);
        assert_eq!(pap.payload_ptr(1), roots[0]);
        assert_eq!(pap.payload_ptr(2).payload(0), 11);
        assert_eq!(
            pap.payload(3),
            0xDEAD_BEEF,
            "a non-pointer argument is left alone"
        );
        let aps = roots[3];
        assert_eq!(aps.info().closure_type, ClosureType::ApStack);
        // [RET_DYN, 2, bitmap, ptr, 77, UPDATE_FRAME, ptr]
        let dyn_ptr = aps.payload_ptr(2 + 3);
        let upd_ptr = aps.payload_ptr(2 + 6);
        assert_eq!(dyn_ptr, upd_ptr);
        assert_eq!(dyn_ptr.payload(0), 11);
        assert_eq!(aps.payload(2 + 4), 77);
        assert_ne!(dyn_ptr, ClosurePtr::NULL);
    }
}

#[test]
fn a_request_as_large_as_the_limit_fails_at_once() {
    let limit = 1 << 20;
    let mut s = Storage::new(GcConfig {
        nursery_bytes: 64 * 1024,
        max_heap_bytes: Some(limit),
        sanity_checks: true,
        ..GcConfig::default()
    })
    .unwrap();
    match s.new_array(limit / 8, ClosurePtr::NULL, false) {
        Err(AllocError::HeapOverflow(e)) => assert_eq!(e.limit_bytes, limit),
        other => panic!("expected HeapOverflow, got {:?}", other.map(|_| ())),
    }
    // One just under the limit is granted, after the major collection the
    // heap being over the limit with it asks for.
    let mut roots: Vec<ClosurePtr> = vec![];
    let mut collections = 0;
    let granted = loop {
        match s.new_array(limit / 8 - 1024, ClosurePtr::NULL, false) {
            Err(AllocError::NurseryFull) if collections < 2 => {
                collections += 1;
                s.collect(&mut roots, false).unwrap();
            }
            other => break other,
        }
    };
    assert!(granted.is_ok(), "{:?}", granted.map(|_| ()));
}

#[test]
fn large_allocations_past_the_limit_give_heap_overflow() {
    let limit = 2 << 20;
    let mut s = Storage::new(GcConfig {
        nursery_bytes: 64 * 1024,
        max_heap_bytes: Some(limit),
        sanity_checks: true,
        ..GcConfig::default()
    })
    .unwrap();
    let mut roots: Vec<ClosurePtr> = vec![];
    let mut overflow = None;
    let mut collections = 0;
    for _ in 0..10_000 {
        match s.new_array(2000, ClosurePtr::NULL, false) {
            Ok(a) => roots.push(a),
            Err(AllocError::NurseryFull) => {
                collections += 1;
                if let Err(e) = s.collect(&mut roots, false) {
                    overflow = Some(e);
                    break;
                }
            }
            Err(AllocError::HeapOverflow(e)) => {
                overflow = Some(e);
                break;
            }
            Err(e) => panic!("{e}"),
        }
    }
    let e = overflow.expect("the limit was reached");
    assert_eq!(e.limit_bytes, limit);
    assert!(collections > 0);
    // As GHC, a large object is granted past the limit and the next major
    // collection reports the overflow, counting live bytes: blocks in use
    // are then at most the limit, the nursery, that one object, and the
    // unused end of each large object's last block.
    let used = s.block_allocator().blocks_in_use() * 4096;
    let bound = limit + 64 * 1024 + 16 * 1024 + roots.len() * 4096;
    assert!(used <= bound, "{used} bytes in use, bound {bound}");
    assert!(e.to_string().contains("maximum heap size"));
}

#[test]
fn unreachable_blocked_threads_are_resurrected_and_reported() {
    struct Sched {
        runnable: Vec<ClosurePtr>,
        blocked: Vec<ClosurePtr>,
        resurrected: Vec<usize>,
    }
    impl rts_core::RootVisitor for Sched {
        fn visit_roots(&mut self, visit: &mut dyn FnMut(&mut ClosurePtr)) {
            self.runnable.iter_mut().for_each(visit);
        }
        fn visit_weak_threads(&mut self, visit: &mut dyn FnMut(&mut ClosurePtr) -> bool) {
            for (i, t) in self.blocked.iter_mut().enumerate() {
                if visit(t) {
                    self.resurrected.push(i);
                }
            }
        }
    }
    let mut s = heap(8, 2);
    let mut roots = vec![ClosurePtr::NULL; 4];
    // Thread 0 is runnable and holds an MVar on which thread 1 is blocked;
    // thread 2 is blocked on an MVar nobody else holds.
    for i in 0..3 {
        let st = alloc_with(&mut s, &mut roots, |s, _| s.new_stack(32));
        roots[3] = st;
        roots[i] = alloc_with(&mut s, &mut roots, |s, r| s.alloc_tso(i as u64, r[3]));
    }
    let mv1 = alloc_with(&mut s, &mut roots, |s, _| s.new_mvar(ClosurePtr::NULL));
    roots[3] = mv1;
    let mv2 = alloc_with(&mut s, &mut roots, |s, _| s.new_mvar(ClosurePtr::NULL));
    // SAFETY: live TSOs and MVars; TSO_BLOCK_INFO / TSO_LABEL are pointers.
    unsafe {
        use rts_core::heap::tso::{TSO_BLOCK_INFO, TSO_LABEL};
        roots[0].set_payload(TSO_LABEL, roots[3].to_word());
        roots[3].set_payload(0, roots[1].to_word()); // queue head: thread 1
        roots[1].set_payload(TSO_BLOCK_INFO, roots[3].to_word());
        roots[2].set_payload(TSO_BLOCK_INFO, mv2.to_word());
    }
    let mut sched = Sched {
        runnable: vec![roots[0]],
        blocked: vec![roots[1], roots[2]],
        resurrected: vec![],
    };
    s.collect(&mut sched, true).unwrap();
    assert_eq!(sched.resurrected, vec![1], "only thread 2 is deadlocked");
    // SAFETY: all three threads are alive (thread 2 resurrected).
    unsafe {
        assert_eq!(sched.blocked[1].payload(rts_core::heap::tso::TSO_ID), 2);
        assert_eq!(sched.blocked[0].payload(rts_core::heap::tso::TSO_ID), 1);
        assert_eq!(
            sched.blocked[1]
                .payload_ptr(rts_core::heap::tso::TSO_BLOCK_INFO)
                .info()
                .closure_type,
            ClosureType::MVarClean
        );
    }
}

/// Threads whose stacks live outside the heap (as the interpreter's do):
/// the collector finds which blocked threads are reachable round by round
/// through `trace_reached_threads`, even along a chain where each thread
/// is reachable only through the previous one's stack, and resurrects the
/// rest (Note [Unreachable threads] in gc/mod.rs).
#[test]
fn blocked_threads_with_stacks_outside_the_heap_are_traced_to_a_fixpoint() {
    use rts_core::gc::ThreadTracer;
    use rts_core::heap::tso::{TSO_BLOCK_INFO, TSO_ID};

    struct OffHeapThread {
        tso: ClosurePtr,
        /// The thread's stack: root words outside the heap.
        stack: Vec<ClosurePtr>,
        alive: bool,
    }
    struct Sched {
        runnable_stack: Vec<ClosurePtr>,
        blocked: Vec<OffHeapThread>,
        resurrected: Vec<usize>,
        rounds: usize,
    }
    impl rts_core::RootVisitor for Sched {
        fn visit_roots(&mut self, visit: &mut dyn FnMut(&mut ClosurePtr)) {
            self.runnable_stack.iter_mut().for_each(visit);
        }
        fn trace_reached_threads(&mut self, tracer: &mut dyn ThreadTracer) -> bool {
            self.rounds += 1;
            let mut scanned = Vec::new();
            tracer.take_scavenged_threads(&mut scanned);
            let mut traced = false;
            for t in self.blocked.iter_mut().filter(|t| !t.alive) {
                if tracer.reached(t.tso).is_some() {
                    t.alive = true;
                    tracer.trace(&mut t.tso);
                    t.stack.iter_mut().for_each(|p| tracer.trace(p));
                    traced = true;
                }
            }
            traced
        }
        fn visit_weak_threads(&mut self, visit: &mut dyn FnMut(&mut ClosurePtr) -> bool) {
            for (i, t) in self.blocked.iter_mut().enumerate() {
                if !t.alive && visit(&mut t.tso) {
                    self.resurrected.push(i);
                }
            }
        }
    }

    let mut s = heap(8, 2);
    // roots[0..3]: TSOs of B, C, D; roots[4..7]: MVars 1, 2, 3; roots[7]
    // scratch, then an MVar only C holds.
    let mut roots = vec![ClosurePtr::NULL; 8];
    for i in 0..3 {
        let st = alloc_with(&mut s, &mut roots, |s, _| s.new_stack(32));
        roots[7] = st;
        roots[i] = alloc_with(&mut s, &mut roots, |s, r| s.alloc_tso(10 + i as u64, r[7]));
    }
    for i in 4..7 {
        roots[i] = alloc_with(&mut s, &mut roots, |s, _| s.new_mvar(ClosurePtr::NULL));
    }
    // A value only C's off-heap stack holds.
    roots[7] = alloc_with(&mut s, &mut roots, |s, _| s.new_mvar(ClosurePtr::NULL));
    // SAFETY: live TSOs and MVars; payload 0 of an MVAR is its queue head.
    unsafe {
        for (tso, mvar) in [(0, 4), (1, 5), (2, 6)] {
            roots[mvar].set_payload(0, roots[tso].to_word());
            roots[tso].set_payload(TSO_BLOCK_INFO, roots[mvar].to_word());
        }
    }
    // A (runnable) holds MVar 1, on which B waits; B's stack holds MVar 2,
    // on which C waits; C's stack holds the extra value. D waits on MVar 3,
    // which nothing holds.
    let mut sched = Sched {
        runnable_stack: vec![roots[4]],
        blocked: vec![
            OffHeapThread {
                tso: roots[0],
                stack: vec![roots[5]],
                alive: false,
            },
            OffHeapThread {
                tso: roots[1],
                stack: vec![roots[7]],
                alive: false,
            },
            OffHeapThread {
                tso: roots[2],
                stack: vec![],
                alive: false,
            },
        ],
        resurrected: vec![],
        rounds: 0,
    };
    drop(roots);
    s.collect(&mut sched, true).unwrap();
    assert_eq!(sched.resurrected, vec![2], "only D is deadlocked");
    assert!(
        sched.rounds >= 3,
        "C is found only after B's stack is traced"
    );
    // SAFETY: every thread and everything its stack holds survived.
    unsafe {
        for (i, t) in sched.blocked.iter().enumerate() {
            assert_eq!(t.tso.payload(TSO_ID), 10 + i as u64);
        }
        assert_eq!(
            sched.blocked[0].stack[0].info().closure_type,
            ClosureType::MVarClean
        );
        assert_eq!(
            sched.blocked[1].stack[0].info().closure_type,
            ClosureType::MVarClean
        );
        assert_eq!(
            sched.blocked[0].stack[0].payload_ptr(0).payload(TSO_ID),
            11,
            "MVar 2's queue still names C"
        );
    }
    // The sanity checker agrees that nothing dangles.
    rts_core::sanity::check_heap(&s).unwrap();
}
