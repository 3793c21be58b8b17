//! `ctx-clock`: read the monotonic clock at safe points and yield when the
//! time slice is over. Needs no thread and no signal, so it works under
//! wasm32-wasip1 (where the clock is a WASI host call).
//!
//! Reading the clock costs a system call (natively, usually a vDSO read) or
//! a host call (wasm), far more than the rest of a safe point, so the clock
//! is read only every `READ_CLOCK_EVERY` safe points: the slice overruns by
//! at most that many safe points, a few microseconds of work in a tight
//! loop. A program whose safe points are far apart (a long foreign call)
//! overruns more; that is inherent to any clock read at safe points.
//!
//! A switch does not read the clock either: it only forgets the deadline,
//! and the next clock read (`READ_CLOCK_EVERY` safe points later) starts
//! the new slice. So a thread that blocks soon after it is switched in (a
//! thread-ring hop, an MVar ping-pong) costs no clock read at all, and a
//! slice is at most `READ_CLOCK_EVERY` safe points longer than `-C`.

use std::time::Instant;

use super::CtxConfig;

pub const IMPLEMENTATION: &str = "clock";

/// Safe points between two clock reads (a power of two: one mask test).
pub const READ_CLOCK_EVERY: u32 = 64;

/// The time slice and the moment it ends.
#[derive(Debug)]
pub struct ContextSwitch {
    interval: std::time::Duration,
    /// When the slice ends; `None` right after a switch, until the next
    /// clock read starts the slice.
    deadline: Option<Instant>,
    /// Safe points since the last clock read.
    countdown: u32,
    due: bool,
}

impl ContextSwitch {
    pub fn new(cfg: &CtxConfig) -> Self {
        Self {
            interval: cfg.interval,
            deadline: Some(Instant::now() + cfg.interval),
            countdown: 0,
            due: cfg.interval.is_zero(),
        }
    }

    /// True once the slice is over (noticed within `READ_CLOCK_EVERY` safe
    /// points), until [`switched`](Self::switched).
    /// Inlined into the interpreter's safe points (another crate); the
    /// clock read is out of line.
    #[inline(always)]
    pub fn should_yield(&mut self) -> bool {
        if self.due {
            return true;
        }
        self.countdown += 1;
        if self.countdown >= READ_CLOCK_EVERY {
            return self.read_clock();
        }
        false
    }

    /// Every `READ_CLOCK_EVERY` safe points: start or check the slice.
    #[cold]
    #[inline(never)]
    fn read_clock(&mut self) -> bool {
        self.countdown = 0;
        let now = Instant::now();
        match self.deadline {
            Some(deadline) => self.due = now >= deadline,
            None => self.deadline = Some(now + self.interval),
        }
        self.due
    }

    /// Makes the next safe point yield.
    #[inline]
    pub fn request(&mut self) {
        self.due = true;
    }

    /// Starts a new slice (timed from the next clock read; no clock read
    /// here).
    #[inline]
    pub fn switched(&mut self) {
        self.deadline = None;
        self.countdown = 0;
        self.due = self.interval.is_zero();
    }
}
