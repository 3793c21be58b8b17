//! Contract tests of the context-switch axis, one suite run against every
//! implementation that builds on the host. Timing bounds are for liveness
//! only (a 10 ms slice must be seen within a minute): a loaded CI machine
//! may not schedule the ticker thread for seconds, and a correct
//! implementation returns as soon as the slice ends anyway.

use std::time::{Duration, Instant};

use super::CtxConfig;

/// The bound within which a 10 ms slice must end (and 50 timers with
/// hour-long slices must be dropped).
const GENEROUS: Duration = Duration::from_secs(60);

fn config(interval_ms: u64, every_n: u32) -> CtxConfig {
    CtxConfig {
        interval: Duration::from_millis(interval_ms),
        every_n,
    }
}

macro_rules! ctx_contract_tests {
    ($imp:ident, always_yields = $always:expr) => {
        mod $imp {
            use super::*;
            use crate::ctx::$imp::{ContextSwitch, IMPLEMENTATION};

            /// Calls `should_yield` (with short pauses) until it is true;
            /// the time it took, or `None` past the generous bound.
            fn time_until_yield(ctx: &mut ContextSwitch) -> Option<Duration> {
                let start = Instant::now();
                while start.elapsed() < GENEROUS {
                    for _ in 0..100 {
                        if ctx.should_yield() {
                            return Some(start.elapsed());
                        }
                    }
                    std::thread::sleep(Duration::from_micros(200));
                }
                None
            }

            #[test]
            fn name_matches_the_module() {
                assert_eq!(
                    Some(IMPLEMENTATION.replace('-', "_").as_str()),
                    stringify!($imp).strip_prefix("imp_")
                );
            }

            #[test]
            fn a_short_slice_ends_within_a_generous_bound() {
                let mut ctx = ContextSwitch::new(&config(10, 50));
                for slice in 0..3 {
                    assert!(
                        time_until_yield(&mut ctx).is_some(),
                        "slice {slice} never ended"
                    );
                    ctx.switched();
                }
            }

            #[test]
            fn once_due_it_stays_due_until_switched() {
                let mut ctx = ContextSwitch::new(&config(10, 50));
                assert!(time_until_yield(&mut ctx).is_some());
                for _ in 0..1000 {
                    assert!(
                        ctx.should_yield(),
                        "a due switch was forgotten before `switched`"
                    );
                }
            }

            #[test]
            fn a_long_slice_does_not_end_early() {
                let mut ctx = ContextSwitch::new(&config(3_600_000, 1_000_000));
                let yields = (0..10_000).filter(|_| ctx.should_yield()).count();
                if $always {
                    assert_eq!(yields, 10_000);
                } else {
                    assert_eq!(yields, 0, "yielded inside a one-hour / million-point slice");
                }
            }

            #[test]
            fn request_makes_the_next_safe_point_yield() {
                let mut ctx = ContextSwitch::new(&config(3_600_000, 1_000_000));
                ctx.request();
                assert!(ctx.should_yield());
                ctx.switched();
                if !$always {
                    assert!(!ctx.should_yield(), "still due after `switched`");
                }
            }

            #[test]
            fn a_zero_interval_switches_at_every_safe_point() {
                let mut ctx = ContextSwitch::new(&config(0, 0));
                for _ in 0..3 {
                    for _ in 0..100 {
                        assert!(ctx.should_yield());
                    }
                    ctx.switched();
                }
            }
        }
    };
}

#[cfg(hsrts_has_threads)]
ctx_contract_tests!(imp_timer, always_yields = false);
ctx_contract_tests!(imp_always, always_yields = true);
ctx_contract_tests!(imp_every_n, always_yields = false);
ctx_contract_tests!(imp_clock, always_yields = false);

#[test]
fn every_n_switches_exactly_every_n_safe_points() {
    for n in [1u32, 2, 7, 100] {
        let mut ctx = super::imp_every_n::ContextSwitch::new(&config(3_600_000, n));
        let mut switch_points = Vec::new();
        for point in 1..=(n * 10) {
            if ctx.should_yield() {
                switch_points.push(point);
                ctx.switched();
            }
        }
        let expected: Vec<u32> = (1..=10).map(|k| k * n).collect();
        assert_eq!(switch_points, expected, "every_n = {n}");
    }
}

#[test]
fn clock_reads_the_clock_only_every_few_safe_points() {
    use super::imp_clock::{ContextSwitch, READ_CLOCK_EVERY};
    let mut ctx = ContextSwitch::new(&config(1, 0));
    std::thread::sleep(Duration::from_millis(5));
    // The slice is over, but it is noticed only at the next clock read.
    for _ in 1..READ_CLOCK_EVERY {
        assert!(!ctx.should_yield());
    }
    assert!(ctx.should_yield());
}

#[test]
fn clock_starts_a_slice_at_the_first_clock_read_after_a_switch() {
    use super::imp_clock::{ContextSwitch, READ_CLOCK_EVERY};
    let mut ctx = ContextSwitch::new(&config(1, 0));
    ctx.switched();
    // Longer than the slice, but the switch read no clock: the slice has
    // not started yet, and the next read only starts it.
    std::thread::sleep(Duration::from_millis(5));
    for _ in 0..READ_CLOCK_EVERY {
        assert!(!ctx.should_yield(), "the slice was timed from the switch");
    }
    std::thread::sleep(Duration::from_millis(5));
    for _ in 1..READ_CLOCK_EVERY {
        assert!(!ctx.should_yield());
    }
    assert!(
        ctx.should_yield(),
        "the slice started at the read never ended"
    );
}

#[cfg(hsrts_has_threads)]
#[test]
fn dropping_a_timer_stops_its_ticker_promptly() {
    let start = Instant::now();
    for _ in 0..50 {
        let ctx = super::imp_timer::ContextSwitch::new(&config(3_600_000, 1));
        drop(ctx);
    }
    assert!(
        start.elapsed() < GENEROUS,
        "drop waited for the ticker's hour-long sleep"
    );
}
