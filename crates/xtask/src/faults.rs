//! `cargo xtask bisect-features --self-test`: proves that bisection finds
//! planted faults. Each scenario enables test-only `fault-*` features of
//! rts-features (each plants a bug in one implementation file; see
//! docs/feature-vector.md, "Planted faults"), bisects one of the
//! selected-implementation tests (`rts-features/tests/selected_vector.rs`)
//! from the Linux defaults to a vector containing the faulty
//! implementations, and checks that the guilty axes are exactly the planted
//! ones, and that on each guilty axis only the faulty implementation fails.

use std::process::ExitCode;
use std::time::Instant;

use crate::Workspace;
use crate::bisect::{self, Runner, Subject};
use crate::report::StepResult;
use crate::vector::{self, Axis, Vector};

/// One planted-fault experiment.
#[derive(Debug)]
pub struct Scenario {
    /// The `fault-*` features of rts-features to enable.
    pub faults: &'static [&'static str],
    /// The test filter in `selected_vector` that notices them.
    pub filter: &'static str,
    /// The failing end of the bisection.
    pub to: &'static [&'static str],
    /// The features bisection must blame: exactly these axes, switched to
    /// exactly these implementations.
    pub guilty: &'static [&'static str],
}

/// A vector of portable implementations only, each the one the faults live in.
const PORTABLE: &[&str] = &["addr-malloc", "ctx-every-n", "intr-host", "interp-static"];

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        faults: &["fault-addr-malloc-misalign"],
        filter: "addr_",
        to: vector::WASM_DEFAULT,
        guilty: &["addr-malloc"],
    },
    Scenario {
        faults: &["fault-ctx-every-n-never"],
        filter: "ctx_",
        to: PORTABLE,
        guilty: &["ctx-every-n"],
    },
    Scenario {
        faults: &["fault-intr-host-lost"],
        filter: "intr_",
        to: vector::WASM_DEFAULT,
        guilty: &["intr-host"],
    },
    // The pair: each fault alone stays within the test's slack.
    Scenario {
        faults: &["fault-ctx-every-n-late", "fault-intr-host-late"],
        filter: "cross_",
        to: PORTABLE,
        guilty: &["ctx-every-n", "intr-host"],
    },
];

/// The integration test the scenarios bisect (cheap: the library and one file).
const TEST_TARGET: &str = "selected_vector";

/// Runs one scenario; `Err` says what bisection got wrong.
pub fn run_scenario(ws: &Workspace, axes: &[Axis], s: &Scenario) -> Result<(), String> {
    let subject = Subject::CargoTest {
        filter: s.filter.to_owned(),
        packages: vec!["rts-features".to_owned()],
        test_target: Some(TEST_TARGET.to_owned()),
        extra_features: s
            .faults
            .iter()
            .map(|f| format!("rts-features/{f}"))
            .collect(),
    };
    println!("\n== bisect self-test: {}", s.faults.join(" + "));
    let start = Instant::now();
    let mut runner = Runner::new(ws, subject);
    let from = vector::vector_of(vector::LINUX_DEFAULT);
    let to = vector::vector_of(s.to);
    let b = bisect::bisect(&mut runner, axes, &from, &to).map_err(|e| e.to_string())?;
    println!(
        "{}",
        bisect::render(&b, axes, &runner.runs, start.elapsed())
    );
    check_blame(axes, &b.minimal, &from, &b.implementations, s.guilty)
}

/// The minimal vector differs from `from` exactly on the guilty features,
/// and on each guilty axis only the guilty implementation fails.
fn check_blame(
    axes: &[Axis],
    minimal: &Vector,
    from: &Vector,
    implementations: &[(usize, Vec<(String, crate::ddmin::Verdict)>)],
    guilty: &[&str],
) -> Result<(), String> {
    let switched: Vec<&str> = minimal
        .0
        .iter()
        .zip(&from.0)
        .filter(|(m, f)| m != f)
        .map(|(m, _)| m.as_str())
        .collect();
    if switched != guilty {
        return Err(format!(
            "bisection blamed {switched:?} (minimal vector {minimal}), the planted faults are in {guilty:?}"
        ));
    }
    for (axis, tried) in implementations {
        let failing: Vec<&str> = tried
            .iter()
            .filter(|(_, v)| v.fails())
            .map(|(f, _)| f.as_str())
            .collect();
        let expected: Vec<&str> = guilty
            .iter()
            .copied()
            .filter(|g| axes[*axis].features.iter().any(|f| f == g))
            .collect();
        if failing != expected {
            return Err(format!(
                "on axis {} the implementations that fail are {failing:?}, expected {expected:?}",
                axes[*axis].name
            ));
        }
    }
    Ok(())
}

/// Every scenario, as rows of the usual summary.
pub fn self_test_results(ws: &Workspace, axes: &[Axis]) -> Vec<StepResult> {
    SCENARIOS
        .iter()
        .map(|s| {
            let start = Instant::now();
            let outcome = run_scenario(ws, axes, s);
            if let Err(e) = &outcome {
                println!("bisect self-test {}: FAILED: {e}", s.faults.join(" + "));
            }
            StepResult::single("bisect", &s.faults.join(" + "), outcome, start.elapsed())
        })
        .collect()
}

pub fn self_test_command(ws: &Workspace, axes: &[Axis]) -> ExitCode {
    let start = Instant::now();
    let results = self_test_results(ws, axes);
    crate::matrix::finish(&results, start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest_faults() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let text = std::fs::read_to_string(root.join("rts-features/Cargo.toml")).unwrap();
        text.lines()
            .filter_map(|l| l.split_once('=').map(|(n, _)| n.trim().to_owned()))
            .filter(|n| n.starts_with(vector::FAULT_PREFIX))
            .collect()
    }

    #[test]
    fn every_planted_fault_has_a_scenario_and_every_scenario_a_fault() {
        let declared = manifest_faults();
        assert!(declared.len() >= 5, "{declared:?}");
        for f in &declared {
            assert!(
                SCENARIOS.iter().any(|s| s.faults.contains(&f.as_str())),
                "fault {f} is never bisected"
            );
        }
        for s in SCENARIOS {
            for f in s.faults {
                assert!(declared.iter().any(|d| d == f), "{f} is not in [features]");
            }
        }
    }

    #[test]
    fn scenarios_name_real_vectors_and_guilty_features() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let axes = vector::read_axes(&root).unwrap();
        for s in SCENARIOS {
            let to = vector::parse_vector(&axes, &s.to.join(",")).unwrap();
            for g in s.guilty {
                assert!(to.0.iter().any(|f| f == g), "{g} not in {to}");
            }
        }
    }

    #[test]
    fn blame_is_checked_exactly() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let axes = vector::read_axes(&root).unwrap();
        let from = vector::vector_of(vector::LINUX_DEFAULT);
        let mut minimal = from.clone();
        minimal.0[0] = "addr-malloc".to_owned();
        use crate::ddmin::Verdict::{Fail, Pass};
        let tried = vec![(
            0,
            vec![
                ("addr-malloc".to_owned(), Fail),
                ("addr-grow".to_owned(), Pass),
            ],
        )];
        assert_eq!(
            check_blame(&axes, &minimal, &from, &tried, &["addr-malloc"]),
            Ok(())
        );
        assert!(check_blame(&axes, &minimal, &from, &tried, &["addr-grow"]).is_err());
        assert!(
            check_blame(
                &axes,
                &minimal,
                &from,
                &tried,
                &["addr-malloc", "ctx-every-n"]
            )
            .is_err()
        );
        let both_fail = vec![(
            0,
            vec![
                ("addr-malloc".to_owned(), Fail),
                ("addr-grow".to_owned(), Fail),
            ],
        )];
        assert!(check_blame(&axes, &minimal, &from, &both_fail, &["addr-malloc"]).is_err());
    }
}
