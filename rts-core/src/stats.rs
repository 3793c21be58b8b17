//! GC statistics and the `+RTS -s` / `-S` reports, in GHC's layout.
//!
//! The storage manager records one [`GcRecord`] per collection; the
//! mutator time is the wall time since the [`Stats`] were created minus the
//! time spent collecting (the runtime has one capability, so CPU and wall
//! time are reported alike: `std::time::Instant` is what works on every
//! target, wasm32-wasip1 included).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// One collection.
#[derive(Copy, Clone, Debug)]
pub struct GcRecord {
    /// The oldest generation collected.
    pub generation: usize,
    /// Bytes allocated since the previous collection.
    pub allocated_bytes: usize,
    pub copied_bytes: usize,
    /// Live bytes afterwards.
    pub live_bytes: usize,
    pub major: bool,
    pub elapsed: Duration,
    /// Memory held from the address-space feature afterwards.
    pub heap_bytes: usize,
    /// Bytes of the generations' blocks not holding live data afterwards.
    pub slop_bytes: usize,
}

/// Per-generation counters.
#[derive(Copy, Clone, Debug, Default)]
pub struct GenStats {
    pub collections: usize,
    pub time: Duration,
    pub max_pause: Duration,
}

/// Everything `+RTS -s` reports.
#[derive(Clone, Debug)]
pub struct Stats {
    pub started: Instant,
    pub allocated_bytes: u64,
    pub copied_bytes: u64,
    pub max_live_bytes: usize,
    pub current_live_bytes: usize,
    /// Major collections (residency samples).
    pub major_collections: usize,
    pub max_heap_bytes: usize,
    pub max_slop_bytes: usize,
    pub gc_time: Duration,
    pub generations: Vec<GenStats>,
    /// `-S` lines, one per collection (when tracing).
    pub trace: Vec<String>,
    cumulative: Duration,
}

impl Stats {
    /// Fresh counters for `generations` generations; the clock starts now.
    pub fn new(generations: usize) -> Self {
        Stats {
            started: Instant::now(),
            allocated_bytes: 0,
            copied_bytes: 0,
            max_live_bytes: 0,
            current_live_bytes: 0,
            major_collections: 0,
            max_heap_bytes: 0,
            max_slop_bytes: 0,
            gc_time: Duration::ZERO,
            generations: vec![GenStats::default(); generations],
            trace: Vec::new(),
            cumulative: Duration::ZERO,
        }
    }

    /// Add a collection.
    pub fn record(&mut self, r: GcRecord, trace: bool) {
        self.allocated_bytes += r.allocated_bytes as u64;
        self.copied_bytes += r.copied_bytes as u64;
        self.current_live_bytes = r.live_bytes;
        if r.major {
            self.major_collections += 1;
            self.max_live_bytes = self.max_live_bytes.max(r.live_bytes);
        }
        self.max_heap_bytes = self.max_heap_bytes.max(r.heap_bytes);
        self.max_slop_bytes = self.max_slop_bytes.max(r.slop_bytes);
        self.gc_time += r.elapsed;
        let g = &mut self.generations[r.generation];
        g.collections += 1;
        g.time += r.elapsed;
        g.max_pause = g.max_pause.max(r.elapsed);
        if trace {
            let total = self.started.elapsed();
            self.trace.push(format!(
                "{:>9} {:>9} {:>9} {:>6.3} {:>6.3} {:>8.3} {:>8.3} {:>4} {:>4}  (Gen: {:>2})",
                r.allocated_bytes,
                r.copied_bytes,
                r.live_bytes,
                r.elapsed.as_secs_f64(),
                r.elapsed.as_secs_f64(),
                total.as_secs_f64(),
                total.as_secs_f64(),
                0,
                0,
                r.generation
            ));
        }
        self.cumulative += r.elapsed;
    }

    /// Total collections.
    pub fn collections(&self) -> usize {
        self.generations.iter().map(|g| g.collections).sum()
    }

    /// The `-S` header.
    pub fn trace_header() -> &'static str {
        "    Alloc    Copied     Live     GC     GC      TOT      TOT  Page Flts\n    bytes     bytes     bytes   user   elap     user     elap\n"
    }

    /// The `+RTS -s` report. `allocated_now` is what the nursery holds
    /// since the last collection (counted as allocated, as GHC does at exit).
    pub fn report(&self, allocated_now: usize) -> String {
        let total = self.started.elapsed();
        let gc = self.gc_time;
        let mutator = total.saturating_sub(gc);
        let allocated = self.allocated_bytes + allocated_now as u64;
        let mut s = String::new();
        let _ = writeln!(s, "{:>16} bytes allocated in the heap", commas(allocated));
        let _ = writeln!(
            s,
            "{:>16} bytes copied during GC",
            commas(self.copied_bytes)
        );
        if self.major_collections > 0 {
            let _ = writeln!(
                s,
                "{:>16} bytes maximum residency ({} sample(s))",
                commas(self.max_live_bytes as u64),
                self.major_collections
            );
        }
        let _ = writeln!(
            s,
            "{:>16} bytes maximum slop",
            commas(self.max_slop_bytes as u64)
        );
        let _ = writeln!(
            s,
            "{:>16} MiB total memory in use (0 MB lost due to fragmentation)",
            self.max_heap_bytes / (1 << 20)
        );
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "                                     Tot time (elapsed)  Avg pause  Max pause"
        );
        for (i, g) in self.generations.iter().enumerate() {
            let avg = if g.collections == 0 {
                0.0
            } else {
                g.time.as_secs_f64() / g.collections as f64
            };
            let _ = writeln!(
                s,
                "  Gen {:>2}     {:>5} colls, {:>5} par   {:>6.3}s  {:>6.3}s     {:>6.4}s    {:>6.4}s",
                i,
                g.collections,
                0,
                g.time.as_secs_f64(),
                g.time.as_secs_f64(),
                avg,
                g.max_pause.as_secs_f64()
            );
        }
        let _ = writeln!(s);
        for (name, t) in [
            ("INIT", Duration::ZERO),
            ("MUT", mutator),
            ("GC", gc),
            ("EXIT", Duration::ZERO),
            ("Total", total),
        ] {
            let _ = writeln!(
                s,
                "  {:<7} time  {:>7.3}s  ({:>7.3}s elapsed)",
                name,
                t.as_secs_f64(),
                t.as_secs_f64()
            );
        }
        let _ = writeln!(s);
        let gc_pct = if total.is_zero() {
            0.0
        } else {
            100.0 * gc.as_secs_f64() / total.as_secs_f64()
        };
        let _ = writeln!(
            s,
            "  %GC     time     {:>5.1}%  ({:.1}% elapsed)",
            gc_pct, gc_pct
        );
        let _ = writeln!(s);
        let rate = if mutator.is_zero() {
            0
        } else {
            (allocated as f64 / mutator.as_secs_f64()) as u64
        };
        let _ = writeln!(s, "  Alloc rate    {} bytes per MUT second", commas(rate));
        let _ = writeln!(s);
        let prod = 100.0 - gc_pct;
        let _ = writeln!(
            s,
            "  Productivity {:>5.1}% of total user, {:.1}% of total elapsed",
            prod, prod
        );
        s
    }
}

/// `1234567` -> `"1,234,567"`.
pub fn commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl crate::Storage {
    /// The `+RTS -s` report for this heap.
    pub fn stats_report(&self) -> String {
        self.stats
            .report(self.nursery_allocated() + self.large_allocated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_group_thousands() {
        assert_eq!(commas(0), "0");
        assert_eq!(commas(999), "999");
        assert_eq!(commas(1000), "1,000");
        assert_eq!(commas(1234567), "1,234,567");
    }

    #[test]
    fn report_counts_collections_and_residency() {
        let mut s = Stats::new(2);
        let r = |g, live, major| GcRecord {
            generation: g,
            allocated_bytes: 1000,
            copied_bytes: 10,
            live_bytes: live,
            major,
            elapsed: Duration::from_micros(5),
            heap_bytes: 1 << 20,
            slop_bytes: 123_456,
        };
        s.record(r(0, 500, false), true);
        s.record(r(1, 700, true), true);
        s.record(r(0, 900, false), true);
        let rep = s.report(0);
        assert!(
            rep.contains("           3,000 bytes allocated in the heap"),
            "{rep}"
        );
        assert!(
            rep.contains("700 bytes maximum residency (1 sample(s))"),
            "{rep}"
        );
        assert!(rep.contains("Gen  0         2 colls"), "{rep}");
        assert!(rep.contains("         123,456 bytes maximum slop"), "{rep}");
        assert!(rep.contains("Gen  1         1 colls"), "{rep}");
        assert_eq!(s.trace.len(), 3);
        assert!(
            !Stats::new(1).report(0).contains("residency"),
            "no sample, no residency line"
        );
        assert!(s.trace[1].ends_with("(Gen:  1)"));
    }
}
