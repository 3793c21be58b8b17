//! What one `cargo xtask bench` invocation measured: a row per program, a
//! cell per system, and the GHCi start-up time. The tables and the chart
//! read everything through `Results::seconds`, which picks the clock (CPU
//! or wall, Note [CPU time on a shared machine] in measure.rs) and applies
//! the median and the start-up subtraction in one place.

use super::stats::{median, minus_startup};
use super::system::System;

/// The two times of one run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    pub wall: f64,
    pub cpu: f64,
}

/// Which of the two times the tables use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    Cpu,
    Wall,
}

impl Clock {
    pub fn pick(self, timing: Timing) -> f64 {
        match self {
            Clock::Cpu => timing.cpu,
            Clock::Wall => timing.wall,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Clock::Cpu => "CPU seconds (user + system)",
            Clock::Wall => "wall-clock seconds",
        }
    }
}

/// One program under one system.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Correct output; the times of each timed run.
    Measured {
        samples: Vec<Timing>,
        residency: Option<u64>,
        compile_seconds: Option<f64>,
    },
    /// Did not compile, crashed, timed out or printed a wrong answer.
    Failed(String),
    /// Not attempted (e.g. the reference output is missing).
    NotRun(String),
}

impl Cell {
    pub fn samples(&self) -> &[Timing] {
        match self {
            Cell::Measured { samples, .. } => samples,
            _ => &[],
        }
    }

    /// One clock's seconds of every timed run.
    pub fn seconds(&self, clock: Clock) -> Vec<f64> {
        self.samples().iter().map(|&t| clock.pick(t)).collect()
    }

    pub fn residency(&self) -> Option<u64> {
        match self {
            Cell::Measured { residency, .. } => *residency,
            _ => None,
        }
    }

    pub fn compile_seconds(&self) -> Option<f64> {
        match self {
            Cell::Measured {
                compile_seconds, ..
            } => *compile_seconds,
            _ => None,
        }
    }

    /// Why there is no time, for a table cell.
    pub fn reason(&self) -> Option<String> {
        match self {
            Cell::Measured { .. } => None,
            Cell::Failed(why) => Some(format!("fails: {why}")),
            Cell::NotRun(why) => Some(format!("not run: {why}")),
        }
    }
}

/// One program's results.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// `nfib 32`.
    pub label: String,
    pub cells: Vec<(System, Cell)>,
    /// Per-operation programs only (table.rs `operations`): each system's
    /// times of the same program doing one operation, run in the same
    /// rounds, so that start-up can be taken off the per-operation cost.
    pub one_operation: Vec<(System, Vec<Timing>)>,
}

impl Row {
    pub fn cell(&self, system: System) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|(s, _)| *s == system)
            .map(|(_, c)| c)
    }
}

/// Everything measured, in table order.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub systems: Vec<System>,
    pub rows: Vec<Row>,
    /// Median times of `runghc` on an empty program.
    pub ghci_startup: Option<Timing>,
    /// The clock of the tables and the chart.
    pub clock: Clock,
    /// Timed runs per cell that were asked for.
    pub runs: usize,
}

/// A cell's time as the tables show it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seconds {
    pub value: f64,
    /// GHCi only: the run was no longer than the start-up, so the value is
    /// the floor of `minus_startup`.
    pub at_floor: bool,
}

impl Results {
    /// The median time of `system` on `row`, GHCi's with its start-up taken
    /// off (no GHCi time at all when the start-up was not measured).
    pub fn seconds(&self, row: &Row, system: System) -> Option<Seconds> {
        let median = median(&row.cell(system)?.seconds(self.clock))?;
        if system != System::Ghci {
            return Some(Seconds {
                value: median,
                at_floor: false,
            });
        }
        let startup = self.clock.pick(self.ghci_startup?);
        let (value, at_floor) = minus_startup(median, startup);
        Some(Seconds { value, at_floor })
    }

    /// Just the number of `seconds`.
    pub fn value(&self, row: &Row, system: System) -> Option<f64> {
        self.seconds(row, system).map(|s| s.value)
    }

    /// The median time of `system` on `row` doing one operation.
    pub fn one_operation(&self, row: &Row, system: System) -> Option<f64> {
        let (_, samples) = row.one_operation.iter().find(|(s, _)| *s == system)?;
        median(
            &samples
                .iter()
                .map(|&t| self.clock.pick(t))
                .collect::<Vec<_>>(),
        )
    }

    pub fn has(&self, system: System) -> bool {
        self.systems.contains(&system)
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A small result set shared by the table and chart tests.
    pub fn sample_results() -> Results {
        // Wall times as given; CPU times 90 % of them.
        let measured = |samples: &[f64], residency: Option<u64>| Cell::Measured {
            samples: samples
                .iter()
                .map(|&wall| Timing {
                    wall,
                    cpu: wall * 0.9,
                })
                .collect(),
            residency,
            compile_seconds: Some(0.5),
        };
        Results {
            systems: System::DEFAULT.to_vec(),
            rows: vec![
                Row {
                    label: "nfib 32".into(),
                    cells: vec![
                        (System::Ghci, measured(&[1.8, 1.7, 1.75], None)),
                        (System::GhcO0, measured(&[0.14, 0.13, 0.12], Some(40_000))),
                        (System::GhcO2, measured(&[0.01, 0.008, 0.009], Some(40_000))),
                        (
                            System::HsrtsNative,
                            measured(&[0.5, 0.4, 0.45], Some(50_000)),
                        ),
                        (System::HsrtsWasm, Cell::Failed("exit 1: boom".into())),
                    ],
                    one_operation: Vec::new(),
                },
                Row {
                    label: "sieve 5000".into(),
                    cells: vec![
                        (System::Ghci, measured(&[0.1, 0.1, 0.1], None)),
                        (System::GhcO0, measured(&[0.25], Some(2_000_000))),
                        (System::GhcO2, measured(&[0.11], Some(1_000_000))),
                        (System::HsrtsNative, measured(&[2.5], Some(4_000_000))),
                        (System::HsrtsWasm, measured(&[3.0], None)),
                    ],
                    one_operation: Vec::new(),
                },
            ],
            ghci_startup: Some(Timing {
                wall: 0.15,
                cpu: 0.135,
            }),
            clock: Clock::Wall,
            runs: 3,
        }
    }

    #[test]
    fn ghci_times_lose_the_startup() {
        let results = sample_results();
        let nfib = &results.rows[0];
        let ghci = results.seconds(nfib, System::Ghci).unwrap();
        assert!((ghci.value - 1.6).abs() < 1e-9 && !ghci.at_floor);
        assert_eq!(results.value(nfib, System::GhcO0), Some(0.13));
        assert_eq!(results.value(nfib, System::HsrtsWasm), None);
        let sieve = &results.rows[1];
        assert!(results.seconds(sieve, System::Ghci).unwrap().at_floor);
        let cpu = Results {
            clock: Clock::Cpu,
            ..results.clone()
        };
        let ghci_cpu = cpu.value(nfib, System::Ghci).unwrap();
        assert!((ghci_cpu - 1.44).abs() < 1e-9, "{ghci_cpu}");
        assert!((cpu.value(nfib, System::GhcO0).unwrap() - 0.117).abs() < 1e-9);
        let no_startup = Results {
            ghci_startup: None,
            ..results.clone()
        };
        assert_eq!(no_startup.value(nfib, System::Ghci), None);
    }
}
