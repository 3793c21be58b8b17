//! The Markdown tables of `cargo xtask bench`: median times, ratios of the
//! hsrts systems against GHCi, GHC -O0 and GHC -O2 (with the issue's
//! goals marked), and maximum residency. The same text is printed and
//! written into docs/performance.md.
//!
//! A ratio is `time of the system / time of the reference`: below 1 the
//! system is faster.

use super::results::{Results, Row};
use super::stats::{format_bytes, format_ratio, format_seconds, ratio};
use super::system::System;

/// A goal of issue 5: `system / reference` must be at most `limit`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Goal {
    pub system: System,
    pub reference: System,
    pub limit: f64,
}

/// hsrts native at least 3× faster than GHCi and within 3× of GHC -O0;
/// hsrts on wasmtime within 1.5× of hsrts native.
pub const TIME_GOALS: [Goal; 3] = [
    Goal {
        system: System::HsrtsNative,
        reference: System::Ghci,
        limit: 1.0 / 3.0,
    },
    Goal {
        system: System::HsrtsNative,
        reference: System::GhcO0,
        limit: 3.0,
    },
    Goal {
        system: System::HsrtsWasm,
        reference: System::HsrtsNative,
        limit: 1.5,
    },
];

/// Max residency within 1.5× of GHC's.
pub const RESIDENCY_LIMIT: f64 = 1.5;

fn goal_for(system: System, reference: System) -> Option<Goal> {
    TIME_GOALS
        .into_iter()
        .find(|g| g.system == system && g.reference == reference)
}

/// A ratio cell, marked ✓ or ✗ when a goal applies.
fn ratio_cell(value: Option<f64>, limit: Option<f64>) -> String {
    let Some(value) = value else {
        return "—".to_owned();
    };
    let text = format_ratio(value);
    match limit {
        Some(limit) if value <= limit => format!("{text} ✓"),
        Some(_) => format!("{text} ✗"),
        None => text,
    }
}

fn markdown(header: &[String], rows: &[Vec<String>]) -> String {
    let mut text = format!("| {} |\n", header.join(" | "));
    text.push('|');
    for (i, _) in header.iter().enumerate() {
        text.push_str(if i == 0 { "---|" } else { "--:|" });
    }
    text.push('\n');
    for row in rows {
        text.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    text
}

fn time_cell(results: &Results, row: &Row, system: System) -> String {
    match results.seconds(row, system) {
        Some(s) if s.at_floor => "≈0 (start-up dominates)".to_owned(),
        Some(s) => {
            // A slow cell keeps its checking run as its only sample.
            let count = row.cell(system).map_or(0, |c| c.samples().len());
            if count < results.runs {
                format!(
                    "{} ({count} run{})",
                    format_seconds(s.value),
                    if count == 1 { "" } else { "s" }
                )
            } else {
                format_seconds(s.value)
            }
        }
        None => match row.cell(system).and_then(|c| c.reason()) {
            Some(reason) => reason,
            None if system == System::Ghci && results.ghci_startup.is_none() => {
                "— (start-up not measured)".to_owned()
            }
            None => "—".to_owned(),
        },
    }
}

/// Median seconds per program and system (marked when a slow cell has
/// fewer runs than asked for), plus hsrts's compile time.
pub fn times_table(results: &Results) -> String {
    let mut header = vec!["program".to_owned()];
    header.extend(results.systems.iter().map(|s| s.title().to_owned()));
    let compile = results.has(System::HsrtsNative);
    if compile {
        header.push("hsrts compile".to_owned());
    }
    let rows: Vec<Vec<String>> = results
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![row.label.clone()];
            cells.extend(results.systems.iter().map(|&s| time_cell(results, row, s)));
            if compile {
                let seconds = row
                    .cell(System::HsrtsNative)
                    .and_then(|c| c.compile_seconds());
                cells.push(seconds.map_or_else(|| "—".to_owned(), format_seconds));
            }
            cells
        })
        .collect();
    markdown(&header, &rows)
}

/// The `(system, reference)` pairs of the ratio table that both ran.
fn ratio_columns(results: &Results) -> Vec<(System, System)> {
    let mut columns = Vec::new();
    for system in [
        System::HsrtsNative,
        System::HsrtsCompiled,
        System::HsrtsWasm,
    ] {
        for reference in [System::Ghci, System::GhcO0, System::GhcO2] {
            if results.has(system) && results.has(reference) {
                columns.push((system, reference));
            }
        }
    }
    for system in [System::HsrtsCompiled, System::HsrtsWasm] {
        if results.has(System::HsrtsNative) && results.has(system) {
            columns.push((system, System::HsrtsNative));
        }
    }
    // GHC against itself, for scale.
    for (system, reference) in [
        (System::GhcO0, System::Ghci),
        (System::GhcO2, System::GhcO0),
    ] {
        if results.has(system) && results.has(reference) {
            columns.push((system, reference));
        }
    }
    columns
}

/// `system / reference` for every hsrts system against GHCi, GHC -O0, GHC
/// -O2, wasm against native, and GHC -O0 against GHCi and -O2 against -O0
/// for scale; goals marked.
pub fn ratio_table(results: &Results) -> String {
    let columns = ratio_columns(results);
    let mut header = vec!["program".to_owned()];
    header.extend(columns.iter().map(|(s, r)| {
        let goal = goal_for(*s, *r).map_or(String::new(), |g| {
            format!(" (goal ≤ {})", format_ratio(g.limit))
        });
        format!("{} / {}{goal}", s.title(), r.title())
    }));
    let rows: Vec<Vec<String>> = results
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![row.label.clone()];
            cells.extend(columns.iter().map(|&(s, r)| {
                let value = ratio(results.value(row, s), results.value(row, r));
                ratio_cell(value, goal_for(s, r).map(|g| g.limit))
            }));
            cells
        })
        .collect();
    markdown(&header, &rows)
}

/// Maximum residency from `+RTS -s`, and hsrts native's against GHC's.
pub fn residency_table(results: &Results) -> String {
    let shown: Vec<System> = results
        .systems
        .iter()
        .copied()
        .filter(|s| s.reports_residency())
        .collect();
    let references: Vec<System> = [System::GhcO0, System::GhcO2]
        .into_iter()
        .filter(|r| results.has(*r) && results.has(System::HsrtsNative))
        .collect();
    let mut header = vec!["program".to_owned()];
    header.extend(shown.iter().map(|s| s.title().to_owned()));
    header.extend(references.iter().map(|r| {
        format!(
            "hsrts native / {} (goal ≤ {})",
            r.title(),
            format_ratio(RESIDENCY_LIMIT)
        )
    }));
    let residency = |row: &Row, s: System| row.cell(s).and_then(|c| c.residency());
    let rows: Vec<Vec<String>> = results
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![row.label.clone()];
            cells.extend(
                shown
                    .iter()
                    .map(|&s| residency(row, s).map_or_else(|| "—".to_owned(), format_bytes)),
            );
            cells.extend(references.iter().map(|&r| {
                let as_f64 = |b: Option<u64>| b.map(|b| b as f64);
                let value = ratio(
                    as_f64(residency(row, System::HsrtsNative)),
                    as_f64(residency(row, r)),
                );
                ratio_cell(value, Some(RESIDENCY_LIMIT))
            }));
            cells
        })
        .collect();
    markdown(&header, &rows)
}

/// The unit of work of a per-operation benchmark (issue 6's four) and how
/// many a run does: the first argument of `thread_ring` (hops), `ping_pong`
/// (round trips), `fork_many` (threads) and `stable_ptr_loop` (create +
/// deref + free), read from a row label such as `ping_pong 300000`.
pub fn operations(label: &str) -> Option<(&'static str, u64)> {
    let mut words = label.split_whitespace();
    let unit = match words.next()? {
        "thread_ring" => "hop",
        "ping_pong" => "round trip",
        "fork_many" => "thread",
        "stable_ptr_loop" => "iteration",
        _ => return None,
    };
    let count: u64 = words.next()?.parse().ok()?;
    (count > 1).then_some((unit, count))
}

/// Nanoseconds (or microseconds past 10 µs) with three significant digits.
pub fn format_nanoseconds(ns: f64) -> String {
    if ns >= 10_000.0 {
        format!("{} µs", format_seconds(ns / 1000.0))
    } else {
        format!("{} ns", format_seconds(ns))
    }
}

/// Seconds per operation of `system` on `row`: (time at `count` − time at
/// one operation) / (`count` − 1), so start-up is not counted; `None` when
/// either run is missing or noise made the difference negative.
pub fn seconds_per_operation(
    results: &Results,
    row: &Row,
    system: System,
    count: u64,
) -> Option<f64> {
    let all = results.value(row, system)?;
    let one = results.one_operation(row, system)?;
    (all > one).then(|| (all - one) / (count - 1) as f64)
}

/// Issue 6's goals per operation: hsrts native faster than GHC -O0 on all
/// four programs and within 2× of GHC -O2 on thread ring and ping-pong;
/// hsrts on wasmtime within 1.5× of native.
fn per_operation_goal(label: &str, system: System, reference: System) -> Option<f64> {
    match (system, reference) {
        (System::HsrtsNative, System::GhcO0) => Some(1.0),
        (System::HsrtsNative, System::GhcO2)
            if label.starts_with("thread_ring ") || label.starts_with("ping_pong ") =>
        {
            Some(2.0)
        }
        (System::HsrtsWasm, System::HsrtsNative) => Some(1.5),
        _ => None,
    }
}

/// Per-operation cost of the per-operation benchmarks (start-up taken off,
/// `seconds_per_operation`) for every system but GHCi, then hsrts native
/// against GHC -O0 and -O2 and wasm against native with issue 6's goals
/// marked; empty when no such benchmark was measured.
pub fn per_operation_table(results: &Results) -> String {
    let shown: Vec<System> = results
        .systems
        .iter()
        .copied()
        .filter(|&s| s != System::Ghci)
        .collect();
    let compared = [
        (System::HsrtsNative, System::GhcO0),
        (System::HsrtsNative, System::GhcO2),
        (System::HsrtsWasm, System::HsrtsNative),
    ]
    .into_iter()
    .filter(|(s, r)| results.has(*s) && results.has(*r))
    .collect::<Vec<_>>();
    let rows: Vec<Vec<String>> = results
        .rows
        .iter()
        .filter_map(|row| {
            let (unit, count) = operations(&row.label)?;
            let per = |system| seconds_per_operation(results, row, system, count);
            let mut cells = vec![row.label.clone(), unit.to_owned()];
            cells.extend(shown.iter().map(|&s| {
                per(s).map_or_else(
                    || "—".to_owned(),
                    |seconds| format_nanoseconds(seconds * 1e9),
                )
            }));
            cells.extend(compared.iter().map(|&(s, r)| {
                ratio_cell(ratio(per(s), per(r)), per_operation_goal(&row.label, s, r))
            }));
            Some(cells)
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let mut header = vec!["program".to_owned(), "per".to_owned()];
    header.extend(shown.iter().map(|s| s.title().to_owned()));
    header.extend(
        compared
            .iter()
            .map(|(s, r)| format!("{} / {}", s.title(), r.title())),
    );
    markdown(&header, &rows)
}

#[cfg(test)]
mod tests {
    use super::super::results::tests::sample_results;
    use super::super::results::{Cell, Timing};
    use super::*;

    fn line_of<'a>(table: &'a str, label: &str) -> &'a str {
        table
            .lines()
            .find(|l| l.starts_with(&format!("| {label} |")))
            .unwrap_or_else(|| panic!("no row {label} in\n{table}"))
    }

    #[test]
    fn times_show_medians_failures_and_the_startup_floor() {
        let table = times_table(&sample_results());
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0],
            "| program | GHCi | GHC -O0 | GHC -O2 | hsrts native | hsrts wasm | hsrts compile |"
        );
        assert_eq!(lines[1], "|---|--:|--:|--:|--:|--:|--:|");
        assert_eq!(
            line_of(&table, "nfib 32"),
            "| nfib 32 | 1.60 | 0.130 | 0.0090 | 0.450 | fails: exit 1: boom | 0.500 |"
        );
        let sieve = line_of(&table, "sieve 5000");
        assert!(sieve.contains("≈0 (start-up dominates)"), "{sieve}");
        assert!(sieve.contains("| 0.250 (1 run) |"), "{sieve}");
    }

    #[test]
    fn ratios_are_system_over_reference_with_goals_marked() {
        let table = ratio_table(&sample_results());
        let header = table.lines().next().unwrap();
        assert!(
            header.contains("hsrts native / GHCi (goal ≤ 0.33×)"),
            "{header}"
        );
        assert!(
            header.contains("hsrts wasm / hsrts native (goal ≤ 1.5×)"),
            "{header}"
        );
        // nfib: native 0.45 s; GHCi 1.6 s, -O0 0.13 s, -O2 0.009 s.
        assert!(
            line_of(&table, "nfib 32")
                == "| nfib 32 | 0.28× ✓ | 3.5× ✗ | 50× | — | — | — | — | 0.081× | 0.069× |",
            "{table}"
        );
        // sieve: wasm 3.0 over native 2.5 = 1.2, within 1.5.
        assert!(
            line_of(&table, "sieve 5000").contains("| 1.2× ✓ |"),
            "{table}"
        );
        let ghc_only = Results {
            systems: vec![System::Ghci, System::GhcO0, System::GhcO2],
            ..sample_results()
        };
        let header = ratio_table(&ghc_only).lines().next().unwrap().to_owned();
        assert_eq!(header, "| program | GHC -O0 / GHCi | GHC -O2 / GHC -O0 |");
    }

    #[test]
    fn compiled_code_is_compared_with_ghc_and_with_the_interpreter() {
        let mut results = sample_results();
        results.systems = System::ALL.to_vec();
        let seconds = |s: f64| Cell::Measured {
            samples: vec![Timing {
                wall: s,
                cpu: s * 0.9,
            }],
            residency: None,
            compile_seconds: None,
        };
        results.rows[0]
            .cells
            .push((System::HsrtsCompiled, seconds(0.15)));
        let table = ratio_table(&results);
        let header = table.lines().next().unwrap();
        assert!(header.contains("| hsrts compiled / GHC -O0 |"), "{header}");
        assert!(
            header.contains("| hsrts compiled / hsrts native |"),
            "{header}"
        );
        // nfib: compiled 0.15 s over native 0.45 s and over -O0 0.13 s.
        let nfib = line_of(&table, "nfib 32");
        assert!(nfib.contains("| 0.33× |"), "{table}");
        assert!(nfib.contains("| 1.2× |"), "{table}");
        // sieve has no compiled cell.
        assert!(line_of(&table, "sieve 5000").contains("| — |"), "{table}");
    }

    #[test]
    fn residency_compares_native_with_both_ghcs() {
        let table = residency_table(&sample_results());
        assert!(!table.lines().next().unwrap().contains("GHCi"));
        assert_eq!(
            line_of(&table, "sieve 5000"),
            "| sieve 5000 | 1.9 MiB | 977 KiB | 3.8 MiB | — | 2.0× ✗ | 4.0× ✗ |"
        );
        assert!(line_of(&table, "nfib 32").ends_with("| 1.2× ✓ | 1.2× ✓ |"));
    }
    #[test]
    fn per_operation_benchmarks_take_start_up_off() {
        assert_eq!(operations("thread_ring 300000"), Some(("hop", 300_000)));
        assert_eq!(operations("fork_many 100000"), Some(("thread", 100_000)));
        assert_eq!(
            operations("stable_ptr_loop 1000000"),
            Some(("iteration", 1_000_000))
        );
        assert_eq!(operations("ping_pong"), None);
        assert_eq!(operations("ping_pong 1"), None);
        assert_eq!(operations("nfib 32"), None);
        assert_eq!(format_nanoseconds(25.04), "25.0 ns");
        assert_eq!(format_nanoseconds(41_000.0), "41.0 µs");
        assert_eq!(per_operation_table(&sample_results()), "");
        let mut results = sample_results();
        let row = &mut results.rows[0];
        row.label = "ping_pong 1000001".into();
        // Wall medians at 1,000,001: -O0 0.13 s, -O2 0.009 s, native 0.45 s.
        let one = |wall: f64| vec![Timing { wall, cpu: wall }];
        row.one_operation = vec![
            (System::GhcO0, one(0.01)),
            (System::GhcO2, one(0.004)),
            (System::HsrtsNative, one(0.05)),
            (System::HsrtsWasm, one(0.07)),
        ];
        let table = per_operation_table(&results);
        assert!(
            table.starts_with(
                "| program | per | GHC -O0 | GHC -O2 | hsrts native | hsrts wasm | \
                 hsrts native / GHC -O0 | hsrts native / GHC -O2 | hsrts wasm / hsrts native |"
            ),
            "{table}"
        );
        // (0.45 − 0.05) s / 10^6 = 400 ns against (0.13 − 0.01) s / 10^6 =
        // 120 ns and 5.00 ns; the wasm cell failed.
        assert_eq!(
            line_of(&table, "ping_pong 1000001"),
            "| ping_pong 1000001 | round trip | 120 ns | 5.00 ns | 400 ns | — | 3.3× ✗ | 80× ✗ | — |"
        );
        assert_eq!(table.lines().count(), 3);
        // fork_many has no goal against GHC -O2; a run at one operation that
        // took longer than the full run gives no figure.
        results.rows[0].label = "fork_many 1000001".into();
        results.rows[0].one_operation[0].1 = one(0.2);
        let table = per_operation_table(&results);
        assert_eq!(
            line_of(&table, "fork_many 1000001"),
            "| fork_many 1000001 | thread | — | 5.00 ns | 400 ns | — | — | 80× | — |"
        );
    }
}
