//! `ctx-timer`: a ticker thread sets a flag every interval, as GHC's
//! `rts/posix/Ticker.c` does with its timer thread; a safe point only loads
//! the flag. The thread belongs to the `ContextSwitch` and is stopped and
//! joined when it is dropped. Touches nothing but its own thread and flag.
//!
//! If the thread cannot be spawned (thread limit reached), the switch falls
//! back to reading the clock at every safe point and logs a warning, so a
//! program still gets its time slices.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::CtxConfig;

pub const IMPLEMENTATION: &str = "timer";

/// The flag the ticker sets, and the ticker itself.
#[derive(Debug)]
pub struct ContextSwitch {
    tick: Arc<AtomicBool>,
    /// A local "yield now" (`request`, or an interval of zero).
    requested: bool,
    always: bool,
    ticker: Option<Ticker>,
    /// Used only when the ticker could not start.
    fallback: Option<(Duration, Instant)>,
}

#[derive(Debug)]
struct Ticker {
    /// Dropping it wakes the ticker and makes it exit.
    stop: Sender<()>,
    thread: JoinHandle<()>,
}

impl ContextSwitch {
    pub fn new(cfg: &CtxConfig) -> Self {
        let tick = Arc::new(AtomicBool::new(false));
        let always = cfg.interval.is_zero();
        let mut this = Self {
            tick,
            requested: always,
            always,
            ticker: None,
            fallback: None,
        };
        if !always {
            match start_ticker(cfg.interval, Arc::clone(&this.tick)) {
                Ok(ticker) => this.ticker = Some(ticker),
                Err(err) => {
                    log::warn!(
                        "ctx-timer: cannot start the ticker thread ({err}); reading the clock instead"
                    );
                    this.fallback = Some((cfg.interval, Instant::now() + cfg.interval));
                }
            }
        }
        this
    }

    /// True once a tick has happened since the last switch (or a switch was
    /// requested), until [`switched`](Self::switched).
    /// A few loads: inlined into the interpreter's safe points (another
    /// crate), with the clock fallback out of line.
    #[inline(always)]
    pub fn should_yield(&mut self) -> bool {
        if self.requested || self.tick.load(Ordering::Relaxed) {
            return true;
        }
        if self.fallback.is_some() {
            return self.should_yield_by_clock();
        }
        false
    }

    /// `should_yield` without a ticker thread: reads the clock.
    #[cold]
    #[inline(never)]
    fn should_yield_by_clock(&mut self) -> bool {
        if let Some((_, deadline)) = self.fallback {
            self.requested = Instant::now() >= deadline;
        }
        self.requested
    }

    /// Makes the next safe point yield.
    #[inline]
    pub fn request(&mut self) {
        self.requested = true;
    }

    /// Clears the tick: the next slice waits for the next tick.
    #[inline]
    pub fn switched(&mut self) {
        self.tick.store(false, Ordering::Relaxed);
        self.requested = self.always;
        if self.fallback.is_some() {
            self.restart_fallback_slice();
        }
    }

    #[cold]
    #[inline(never)]
    fn restart_fallback_slice(&mut self) {
        if let Some((interval, deadline)) = &mut self.fallback {
            *deadline = Instant::now() + *interval;
        }
    }
}

impl Drop for ContextSwitch {
    fn drop(&mut self) {
        if let Some(Ticker { stop, thread }) = self.ticker.take() {
            drop(stop);
            // The ticker exits as soon as it sees the channel close; it never
            // panics, but do not turn a panic there into one here.
            let _ = thread.join();
        }
    }
}

fn start_ticker(interval: Duration, tick: Arc<AtomicBool>) -> std::io::Result<Ticker> {
    let (stop, stopped) = mpsc::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("hsrts-ticker".into())
        .spawn(move || {
            // Sleeps one interval at a time; wakes early and exits when the
            // sender is dropped.
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(interval) {
                tick.store(true, Ordering::Relaxed);
            }
        })?;
    Ok(Ticker { stop, thread })
}
