//! Running one benchmark process: wall-clock time from spawn to exit, CPU
//! time (user + system, from `getrusage(RUSAGE_CHILDREN)` before and after
//! reaping it), stdout and stderr captured in files (no reader threads
//! competing with the program for the CPU), and a watchdog that kills the
//! process when it exceeds its time limit.
//!
//! Note [CPU time on a shared machine]: the machine this project is
//! measured on has 2 cores shared by several engineers' builds, so a run's
//! wall-clock time includes the time it waited for a core (often several
//! times the real cost). CPU time does not, although cache and memory
//! bandwidth sharing still affect it. The tables use CPU time by default
//! and show the wall-clock medians too (`--clock wall` switches).

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What one finished (or killed) run did.
#[derive(Debug)]
pub struct RunOutcome {
    /// Wall-clock seconds from spawn to exit.
    pub seconds: f64,
    /// User + system CPU seconds of the process (and of the children it
    /// waited for); the wall time where the platform cannot tell.
    pub cpu_seconds: f64,
    /// The exit code; `None` when a signal ended the process.
    pub code: Option<i32>,
    pub timed_out: bool,
    pub stdout: String,
    pub stderr: String,
}

impl RunOutcome {
    /// Why this run cannot count as a correct run, if it cannot.
    pub fn failure(&self, limit: f64) -> Option<String> {
        if self.timed_out {
            return Some(format!("timed out after {limit:.0} s"));
        }
        if self.code == Some(0) {
            return None;
        }
        let status = match self.code {
            Some(code) => format!("exit {code}"),
            None => "killed by a signal".to_owned(),
        };
        Some(match first_meaningful_line(&self.stderr) {
            Some(line) => format!("{status}: {line}"),
            None => status,
        })
    }
}

/// The first non-blank line of `text`, shortened to fit a table cell.
pub fn first_meaningful_line(text: &str) -> Option<String> {
    const MAX: usize = 100;
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let mut short: String = line.chars().take(MAX).collect();
    if line.chars().count() > MAX {
        short.push('…');
    }
    // A `|` would end a Markdown table cell.
    Some(short.replace('|', "/"))
}

/// Runs `argv` (program and its arguments) in `work_dir` with stdin closed,
/// killing it after `limit_seconds`. Output goes through files in
/// `work_dir` named `run.stdout` / `run.stderr`.
pub fn run_timed(
    argv: &[OsString],
    work_dir: &Path,
    limit_seconds: f64,
) -> Result<RunOutcome, String> {
    let (program, args) = argv.split_first().ok_or("empty command line")?;
    let stdout_path = work_dir.join("run.stdout");
    let stderr_path = work_dir.join("run.stderr");
    let create = |path: &Path| {
        std::fs::File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))
    };
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(work_dir)
        .stdin(Stdio::null())
        .stdout(create(&stdout_path)?)
        .stderr(create(&stderr_path)?);
    let cpu_before = children_cpu_seconds();
    let start = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run `{}`: {e}", program.to_string_lossy()))?;
    let pid = child.id();
    let (done, finished) = mpsc::channel::<()>();
    let limit = Duration::from_secs_f64(limit_seconds);
    // The watchdog kills by process id. The id cannot be reused before the
    // main thread has reaped the child, and the main thread signals the
    // watchdog right after reaping, so it only ever names our child.
    let watchdog = std::thread::spawn(move || {
        if finished.recv_timeout(limit) == Err(mpsc::RecvTimeoutError::Timeout) {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .stderr(Stdio::null())
                .status();
            true
        } else {
            false
        }
    });
    let status = child.wait();
    let seconds = start.elapsed().as_secs_f64();
    let cpu_seconds = match (cpu_before, children_cpu_seconds()) {
        (Some(before), Some(after)) => after - before,
        _ => seconds,
    };
    let _ = done.send(());
    let timed_out = watchdog.join().unwrap_or(false);
    let status = status.map_err(|e| format!("waiting for `{}`: {e}", program.to_string_lossy()))?;
    let read = |path: &Path| {
        std::fs::read(path)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    Ok(RunOutcome {
        seconds,
        cpu_seconds,
        code: status.code(),
        timed_out,
        stdout: read(&stdout_path)?,
        stderr: read(&stderr_path)?,
    })
}

/// User + system CPU seconds of every child this process has reaped.
#[cfg(unix)]
fn children_cpu_seconds() -> Option<f64> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `usage` is a valid, writable `rusage`; getrusage only writes
    // into it and reports failure through its return value.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) };
    if rc != 0 {
        return None;
    }
    // SAFETY: getrusage succeeded, so it filled the structure (and it was
    // zeroed before, so every field is initialised either way).
    let usage = unsafe { usage.assume_init() };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Some(seconds(usage.ru_utime) + seconds(usage.ru_stime))
}

#[cfg(not(unix))]
fn children_cpu_seconds() -> Option<f64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-bench-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn output_status_and_time_are_captured() {
        let _serial = super::super::TIMED_CHILDREN
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let dir = scratch("capture");
        let outcome = run_timed(
            &argv(&["sh", "-c", "echo out; echo err >&2; sleep 0.2; exit 3"]),
            &dir,
            30.0,
        )
        .unwrap();
        assert_eq!(outcome.stdout, "out\n");
        assert_eq!(outcome.stderr, "err\n");
        assert_eq!(outcome.code, Some(3));
        assert!(!outcome.timed_out);
        assert!(
            outcome.seconds >= 0.2 && outcome.seconds < 20.0,
            "{}",
            outcome.seconds
        );
        assert_eq!(outcome.failure(30.0).unwrap(), "exit 3: err");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn cpu_time_counts_work_not_waiting() {
        let _serial = super::super::TIMED_CHILDREN
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let dir = scratch("cpu");
        let sleeper = run_timed(&argv(&["sleep", "0.3"]), &dir, 30.0).unwrap();
        assert!(sleeper.seconds >= 0.3, "{}", sleeper.seconds);
        assert!(sleeper.cpu_seconds < 0.2, "{}", sleeper.cpu_seconds);
        let busy = "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done";
        let worker = run_timed(&argv(&["sh", "-c", busy]), &dir, 60.0).unwrap();
        assert!(worker.cpu_seconds > 0.02, "{}", worker.cpu_seconds);
        assert!(worker.cpu_seconds <= worker.seconds + 0.05, "{worker:?}");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_run_past_its_limit_is_killed() {
        let _serial = super::super::TIMED_CHILDREN
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let dir = scratch("limit");
        let outcome = run_timed(&argv(&["sleep", "30"]), &dir, 0.3).unwrap();
        assert!(outcome.timed_out);
        assert!(outcome.seconds < 20.0, "{}", outcome.seconds);
        assert!(outcome.failure(0.3).unwrap().contains("timed out"));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_missing_program_is_an_error() {
        let _serial = super::super::TIMED_CHILDREN
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let dir = scratch("missing");
        let err = run_timed(&argv(&["/nonexistent/no-such-benchmark"]), &dir, 5.0).unwrap_err();
        assert!(err.contains("no-such-benchmark"), "{err}");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn long_error_lines_are_shortened_for_a_cell() {
        let long = format!("\n\n  {} | end\n", "x".repeat(300));
        let line = first_meaningful_line(&long).unwrap();
        assert!(line.ends_with('…') && line.chars().count() == 101, "{line}");
        assert!(!line.contains('|'));
        assert_eq!(first_meaningful_line("  \n"), None);
    }
}
