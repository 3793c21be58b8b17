//! The contract of the *selected* implementations, through the public API
//! the rest of the runtime uses (`rts_features::{addr, ctx, intr}`).
//!
//! The unit contract tests (`src/<axis>/tests.rs`) compile every
//! implementation side by side, whatever the vector, so a bug in one
//! implementation fails them under every vector. These tests see only the
//! implementation the vector chose, so they fail exactly under the vectors
//! that contain a faulty implementation: the shape of failure that
//! `cargo xtask bisect-features` isolates. Its self-test plants faults (the
//! `fault-*` features) and bisects with these tests; each test name starts
//! with the axis it checks (`cross_` for several), so a name prefix is a
//! ready-made filter. Cheap to build: the library plus this one file.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rts_features::{addr, ctx, intr};

/// Interrupt state is process-wide: its tests take turns.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Delivers one user interrupt the way the selected implementation receives
/// it; false where there is no way (`intr-none`).
fn raise_interrupt() -> bool {
    #[cfg(hsrts_intr = "host")]
    {
        intr::hsrts_interrupt();
        true
    }
    #[cfg(all(unix, hsrts_intr = "signal"))]
    {
        // SAFETY: `raise` delivers SIGINT to this thread before returning;
        // the caller installed the handler, so the process survives.
        let rc = unsafe { libc::raise(libc::SIGINT) };
        assert_eq!(rc, 0, "raise(SIGINT)");
        true
    }
    #[cfg(not(any(hsrts_intr = "host", hsrts_intr = "signal")))]
    {
        false
    }
}

#[test]
fn addr_megablocks_are_aligned_and_writable() {
    for count in [1usize, 3] {
        let base = addr::alloc_megablocks(count).expect("allocation");
        let address = base.as_ptr() as usize;
        assert_eq!(
            address % addr::MEGABLOCK_SIZE,
            0,
            "{count} megablock(s) from addr-{} at {address:#x}: not aligned to {} bytes",
            addr::IMPLEMENTATION,
            addr::MEGABLOCK_SIZE
        );
        let bytes = count * addr::MEGABLOCK_SIZE;
        // SAFETY: the allocation is `bytes` long, readable and writable.
        unsafe {
            base.as_ptr().write(0xA5);
            base.as_ptr().add(bytes - 1).write(0x5A);
            assert_eq!(base.as_ptr().read(), 0xA5);
            assert_eq!(base.as_ptr().add(bytes - 1).read(), 0x5A);
            addr::free_megablocks(base, count);
        }
    }
}

#[test]
fn ctx_slices_end_where_the_implementation_promises() {
    const N: u32 = 5;
    let cfg = ctx::CtxConfig {
        interval: Duration::from_secs(3600),
        every_n: N,
    };
    let mut switch = ctx::ContextSwitch::new(&cfg);
    let mut switch_points = Vec::new();
    for point in 1..=3 * N {
        if switch.should_yield() {
            switch_points.push(point);
            switch.switched();
        }
    }
    let expected: Vec<u32> = match ctx::IMPLEMENTATION {
        "every-n" => vec![N, 2 * N, 3 * N],
        "always" => (1..=3 * N).collect(),
        // An hour-long slice does not end in a few safe points.
        _ => Vec::new(),
    };
    assert_eq!(
        switch_points,
        expected,
        "ctx-{}: switch points",
        ctx::IMPLEMENTATION
    );
    switch.request();
    assert!(
        switch.should_yield(),
        "request() must make the next safe point yield"
    );
}

#[test]
fn intr_an_interrupt_is_pending_until_acknowledged() {
    let _serial = serial();
    intr::install().expect("install");
    if raise_interrupt() {
        assert!(
            intr::pending(),
            "intr-{}: the interrupt was lost",
            intr::IMPLEMENTATION
        );
        intr::acknowledge();
        assert!(!intr::pending());
    } else {
        assert!(!intr::pending());
    }
    intr::uninstall();
}

/// A scheduler looks for a user interrupt when it switches threads. An
/// interrupt raised at the start of a slice must therefore be seen within
/// two slices (one to finish the slice, one of slack). With `ctx-every-n`
/// a slice is N safe points; the others run with a zero interval here, so
/// every safe point ends a slice.
#[test]
fn cross_an_interrupt_is_seen_within_two_slices() {
    const N: u32 = 64;
    let _serial = serial();
    intr::install().expect("install");
    let mut switch = ctx::ContextSwitch::new(&ctx::CtxConfig {
        interval: Duration::ZERO,
        every_n: N,
    });
    if !raise_interrupt() {
        intr::uninstall();
        return;
    }
    let mut seen_at = None;
    for point in 1..=8 * N {
        if switch.should_yield() {
            switch.switched();
            if intr::pending() {
                seen_at = Some(point);
                break;
            }
        }
    }
    intr::acknowledge();
    intr::uninstall();
    let bound = if ctx::IMPLEMENTATION == "every-n" {
        2 * N
    } else {
        2
    };
    match seen_at {
        Some(point) => assert!(
            point <= bound,
            "ctx-{} with intr-{}: the interrupt was seen at safe point {point}, \
             later than two slices ({bound})",
            ctx::IMPLEMENTATION,
            intr::IMPLEMENTATION
        ),
        None => panic!(
            "ctx-{} with intr-{}: the interrupt was never seen",
            ctx::IMPLEMENTATION,
            intr::IMPLEMENTATION
        ),
    }
}
