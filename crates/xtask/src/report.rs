//! Results of the steps of `cargo xtask test` / `matrix` and the summary
//! table printed at the end. The very last line printed is
//! `N passed, N failed`; CI reads it.

use std::time::Duration;

use crate::exec::TestCounts;

/// One row of the summary: a step (e.g. `vectors`) on one subject (a
/// feature vector, a target).
#[derive(Debug, Clone)]
pub struct StepResult {
    pub step: String,
    pub subject: String,
    pub passed: u64,
    pub failed: u64,
    pub time: Duration,
    /// Why the step failed beyond its test counts (a build error, a wrong
    /// output), if it did.
    pub error: Option<String>,
}

impl StepResult {
    /// A step that ran `cargo test`: counts from its `test result:` lines; a
    /// non-zero exit with no failing test (a build error, a crashed test
    /// binary) counts as one failure so it cannot pass unnoticed.
    pub fn from_cargo_test(
        step: &str,
        subject: &str,
        counts: TestCounts,
        success: bool,
        time: Duration,
    ) -> Self {
        let mut result = StepResult {
            step: step.to_owned(),
            subject: subject.to_owned(),
            passed: counts.passed,
            failed: counts.failed,
            time,
            error: None,
        };
        if !success && counts.failed == 0 {
            result.failed = 1;
            result.error = Some("cargo test exited with failure (build error or crashed test binary); see the log above".to_owned());
        } else if success && counts.binaries == 0 {
            result.failed = 1;
            result.error = Some("no `test result:` line: no tests ran".to_owned());
        }
        result
    }

    /// A check that is one test: passed or failed with a reason.
    pub fn single(step: &str, subject: &str, outcome: Result<(), String>, time: Duration) -> Self {
        let (passed, failed, error) = match outcome {
            Ok(()) => (1, 0, None),
            Err(e) => (0, 1, Some(e)),
        };
        StepResult {
            step: step.to_owned(),
            subject: subject.to_owned(),
            passed,
            failed,
            time,
            error,
        }
    }

    pub fn ok(&self) -> bool {
        self.failed == 0
    }
}

/// The user + system CPU time of this process's finished (waited-for)
/// children, from `/proc/self/stat` (Linux; `None` elsewhere). The
/// difference of two readings is what the children in between cost, which,
/// unlike wall time, does not grow when others share the machine.
pub fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may
    // contain spaces; cutime and cstime are fields 16 and 17 (1-based),
    // so 14th and 15th after the `)`.
    let (_, rest) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    // Linux reports these in USER_HZ, which is 100 on every architecture.
    let total = ticks(13)? + ticks(14)?;
    Some(Duration::from_millis(total * 10))
}

/// Formats a duration as `12.3s` or `4m05s`.
pub fn format_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        let whole = d.as_secs();
        format!("{}m{:02}s", whole / 60, whole % 60)
    }
}

/// Renders the summary table, the failures' reasons, the total time and, last,
/// `N passed, N failed`.
pub fn summary(results: &[StepResult], total: Duration) -> String {
    let step_w = results
        .iter()
        .map(|r| r.step.len())
        .chain(["step".len()])
        .max()
        .unwrap_or(4);
    let subj_w = results
        .iter()
        .map(|r| r.subject.len())
        .chain(["vector / target".len()])
        .max()
        .unwrap_or(8);
    let mut out = String::new();
    let header = format!(
        "{:<step_w$}  {:<subj_w$}  {:>6}  {:>6}  {:>8}  {}",
        "step", "vector / target", "passed", "failed", "time", "status"
    );
    out.push_str(&header);
    out.push('\n');
    out.push_str(&"-".repeat(header.len()));
    out.push('\n');
    for r in results {
        out.push_str(&format!(
            "{:<step_w$}  {:<subj_w$}  {:>6}  {:>6}  {:>8}  {}\n",
            r.step,
            r.subject,
            r.passed,
            r.failed,
            format_duration(r.time),
            if r.ok() { "ok" } else { "FAILED" }
        ));
    }
    let failures: Vec<&StepResult> = results.iter().filter(|r| !r.ok()).collect();
    if !failures.is_empty() {
        out.push_str("\nfailures:\n");
        for r in failures {
            out.push_str(&format!(
                "  {} {}: {}\n",
                r.step,
                r.subject,
                r.error
                    .as_deref()
                    .unwrap_or("failing tests; see the log above")
            ));
        }
    }
    let passed: u64 = results.iter().map(|r| r.passed).sum();
    let failed: u64 = results.iter().map(|r| r.failed).sum();
    out.push_str(&format!("\ntotal time {}\n", format_duration(total)));
    out.push_str(&format!("{passed} passed, {failed} failed"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(passed: u64, failed: u64, binaries: u64) -> TestCounts {
        TestCounts {
            passed,
            failed,
            binaries,
        }
    }

    #[test]
    fn a_build_failure_counts_as_a_failure() {
        let r = StepResult::from_cargo_test("vectors", "v", counts(0, 0, 0), false, Duration::ZERO);
        assert_eq!((r.passed, r.failed), (0, 1));
        assert!(!r.ok());
        let r = StepResult::from_cargo_test("vectors", "v", counts(7, 2, 2), false, Duration::ZERO);
        assert_eq!((r.passed, r.failed), (7, 2));
        let r = StepResult::from_cargo_test("vectors", "v", counts(0, 0, 0), true, Duration::ZERO);
        assert!(
            !r.ok(),
            "a run with no test binaries must not pass silently"
        );
        let r = StepResult::from_cargo_test("vectors", "v", counts(5, 0, 1), true, Duration::ZERO);
        assert!(r.ok());
    }

    #[test]
    fn children_cpu_grows_with_a_busy_child() {
        let Some(before) = children_cpu() else {
            return; // not Linux
        };
        // A child that burns about 0.3 s of CPU.
        let status = std::process::Command::new("sh")
            .args(["-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"])
            .status()
            .unwrap();
        assert!(status.success());
        let after = children_cpu().unwrap();
        assert!(after > before, "{before:?} -> {after:?}");
    }

    #[test]
    fn the_last_line_is_the_total() {
        let results = vec![
            StepResult::from_cargo_test(
                "workspace",
                "default",
                counts(10, 0, 3),
                true,
                Duration::from_secs(3),
            ),
            StepResult::single(
                "capi",
                "wasm32-wasip1",
                Err("wrong output".to_owned()),
                Duration::from_millis(1500),
            ),
            StepResult::single("capi", "native", Ok(()), Duration::from_secs(75)),
        ];
        let text = summary(&results, Duration::from_secs(80));
        assert_eq!(text.lines().last(), Some("11 passed, 1 failed"));
        assert!(text.contains("wrong output"));
        assert!(text.contains("1m15s"));
        assert!(text.contains("FAILED"));
    }
}
