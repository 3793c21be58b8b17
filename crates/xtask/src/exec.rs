//! Running child processes: echo the command, stream its output to ours
//! while keeping a copy, and count the tests in cargo's `test result:` lines.

use std::ffi::OsStr;
use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;

/// What a finished child did.
#[derive(Debug)]
pub struct Outcome {
    pub status: ExitStatus,
    /// stdout and stderr lines, interleaved in arrival order.
    pub lines: Vec<String>,
    /// Only the stdout lines (for programs whose output is checked).
    pub stdout: Vec<String>,
}

/// A child that could not be started at all.
#[derive(Debug)]
pub struct SpawnError {
    pub program: String,
    pub source: std::io::Error,
}

impl fmt::Display for SpawnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot run `{}`: {}", self.program, self.source)
    }
}

impl std::error::Error for SpawnError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Renders a command as a shell-like line for the log.
pub fn describe(cmd: &Command) -> String {
    let mut text = String::new();
    for (key, value) in cmd.get_envs() {
        if let Some(value) = value {
            text.push_str(&format!(
                "{}={} ",
                key.to_string_lossy(),
                value.to_string_lossy()
            ));
        }
    }
    text.push_str(&quote(cmd.get_program()));
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&quote(arg));
    }
    text
}

fn quote(word: &OsStr) -> String {
    let word = word.to_string_lossy();
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=,+:@".contains(c))
    {
        word.into_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Runs `cmd`, echoing `$ command` first and streaming its output (unless
/// `echo_output` is false), and returns its status and output.
pub fn run(cmd: &mut Command, echo_output: bool) -> Result<Outcome, SpawnError> {
    println!("$ {}", describe(cmd));
    let _ = std::io::stdout().flush();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| SpawnError {
            program: cmd.get_program().to_string_lossy().into_owned(),
            source,
        })?;
    let lines = Arc::new(Mutex::new(Vec::new()));
    let stdout_lines = Arc::new(Mutex::new(Vec::new()));
    let mut readers = Vec::new();
    if let Some(out) = child.stdout.take() {
        readers.push(pump(
            out,
            false,
            echo_output,
            Arc::clone(&lines),
            Some(Arc::clone(&stdout_lines)),
        ));
    }
    if let Some(err) = child.stderr.take() {
        readers.push(pump(err, true, echo_output, Arc::clone(&lines), None));
    }
    let status = child.wait().map_err(|source| SpawnError {
        program: cmd.get_program().to_string_lossy().into_owned(),
        source,
    })?;
    for reader in readers {
        let _ = reader.join();
    }
    let take = |shared: Arc<Mutex<Vec<String>>>| {
        std::mem::take(&mut *shared.lock().unwrap_or_else(|p| p.into_inner()))
    };
    Ok(Outcome {
        status,
        lines: take(lines),
        stdout: take(stdout_lines),
    })
}

fn pump(
    source: impl Read + Send + 'static,
    is_stderr: bool,
    echo: bool,
    all: Arc<Mutex<Vec<String>>>,
    own: Option<Arc<Mutex<Vec<String>>>>,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut reader = BufReader::new(source);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            let line = String::from_utf8_lossy(&buf)
                .trim_end_matches(['\n', '\r'])
                .to_owned();
            if echo {
                if is_stderr {
                    eprintln!("{line}");
                } else {
                    println!("{line}");
                }
            }
            all.lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(line.clone());
            if let Some(own) = &own {
                own.lock().unwrap_or_else(|p| p.into_inner()).push(line);
            }
        }
    })
}

/// Test counts summed over cargo's `test result:` lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TestCounts {
    pub passed: u64,
    pub failed: u64,
    /// How many `test result:` lines were seen (one per test binary).
    pub binaries: u64,
}

/// Sums the `N passed; M failed` of every libtest summary line, e.g.
/// `test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s`.
pub fn count_tests<'a>(lines: impl IntoIterator<Item = &'a String>) -> TestCounts {
    let mut counts = TestCounts::default();
    for line in lines {
        let Some(rest) = line.split_once("test result: ").map(|(_, r)| r) else {
            continue;
        };
        counts.binaries += 1;
        for part in rest.split(';') {
            let words: Vec<&str> = part.split_whitespace().collect();
            // The first part is "ok. 12 passed" or "FAILED. 3 passed".
            if let [.., n, what] = words.as_slice() {
                let Ok(n) = n.parse::<u64>() else { continue };
                match *what {
                    "passed" => counts.passed += n,
                    "failed" => counts.failed += n,
                    _ => {}
                }
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_sum_over_binaries() {
        let lines: Vec<String> = [
            "running 3 tests",
            "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s",
            "noise test result mention without colon",
            "test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.50s",
            "test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        assert_eq!(
            count_tests(&lines),
            TestCounts {
                passed: 15,
                failed: 2,
                binaries: 3
            }
        );
    }

    #[test]
    fn run_captures_both_streams_and_status() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo out; echo err >&2; exit 3"]);
        let outcome = run(&mut cmd, false).unwrap();
        assert_eq!(outcome.status.code(), Some(3));
        assert_eq!(outcome.stdout, vec!["out".to_owned()]);
        assert!(outcome.lines.contains(&"err".to_owned()));
        assert_eq!(outcome.lines.len(), 2);
    }

    #[test]
    fn a_missing_program_is_an_error_not_a_panic() {
        let err = run(&mut Command::new("/nonexistent/hsrts-no-such-tool"), false).unwrap_err();
        assert!(err.to_string().contains("hsrts-no-such-tool"), "{err}");
    }

    #[test]
    fn describe_quotes_awkward_words() {
        let mut cmd = Command::new("cargo");
        cmd.args(["test", "--features", "a,b", "it's here"]);
        assert_eq!(describe(&cmd), r"cargo test --features a,b 'it'\''s here'");
    }
}
