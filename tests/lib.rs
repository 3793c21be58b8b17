//! The program suite shared by every integration test: loading `tests/programs/`,
//! parsing each program's metadata header, running a program with a timeout, and
//! comparing what it did with the recorded expectation.
//!
//! The corpus format is described in `tests/programs/README.md`. In short: `name.hs`
//! with `name.stdout`, and optionally `name.stderr`, `name.exit` and `name.stdin`;
//! metadata (`-- args:`, `-- rts:`, `-- rts-variants:`, `-- tags:`, `-- timeout:`) in the comment block
//! at the top of `name.hs`. Expected output is recorded from GHC 9.0.2 (`ghc -O0`),
//! never written by hand (see the `ghc_oracle` test and `HSRTS_BLESS`).
//!
//! This crate knows nothing about hsrts itself: a *runner* (a closure from
//! [`Program`] to [`Outcome`]) decides how a program is executed — GHC's binary,
//! `hsrts run`, a wasm module under wasmtime — and [`run_suite`] does the rest.
//! Nothing here touches files outside `tests/programs/` except through
//! [`run_command`], which runs whatever command the caller built.

use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// The placeholder for the program's name in `.stderr` and `.stdout` files.
///
/// GHC's runtime prefixes messages with the executable's name (`prog: <<loop>>`).
/// The recorded files say `<prog>: ...`; [`Program::expected_stdout`] and
/// [`Program::expected_stderr`] substitute the program's name ([`Program::name`],
/// the file stem), so every runner must run the program under that name (GHC: the
/// executable is called `name`; hsrts: `getProgName` returns the stem of `name.hs`).
pub const PROG_PLACEHOLDER: &str = "<prog>";

/// Used when a program's header gives no `-- timeout:`. Generous on purpose: the
/// machine may be shared, and an interpreter is slower than GHC's native code.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The metadata keys a header may use.
pub const META_KEYS: [&str; 6] = [
    "args",
    "bench-args",
    "rts",
    "rts-variants",
    "tags",
    "timeout",
];

/// The directory holding the corpus (`tests/programs`).
pub fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("programs")
}

/// A program's metadata, from the comment block at the top of its source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// Command-line arguments (`-- args: 10 foo`), split on whitespace; no quoting.
    pub args: Vec<String>,
    /// RTS options (`-- rts: -A64k`), passed as `+RTS ... -RTS` after `args`.
    pub rts: Vec<String>,
    /// Extra runs with more RTS options (`-- rts-variants: -A64k | -A64m -G3`):
    /// each variant's words are added after [`Meta::rts`] for one more run
    /// that must give the same output ([`Meta::command_line_variant`]).
    pub rts_variants: Vec<Vec<String>>,
    /// Free-form labels (`-- tags: laziness gc`) for selecting programs.
    pub tags: Vec<String>,
    /// Wall-clock limit for one run (`-- timeout: 5`, seconds).
    pub timeout: Option<Duration>,
    /// The arguments of a full `cargo xtask bench` run (`-- bench-args: 32`);
    /// present on the benchmark programs only, whose `args` are the small
    /// size the tests (and `bench --quick`) use.
    pub bench_args: Option<Vec<String>>,
}

impl Meta {
    /// Parses the header of `source`: the leading lines that are `--` comments,
    /// `{-# ... #-}` pragmas or blank. A comment of the form `-- word: value` where
    /// `word` is one lowercase word is metadata and must be one of [`META_KEYS`];
    /// every other comment line is free text.
    pub fn parse(source: &str) -> Result<Meta, MetaError> {
        let mut meta = Meta::default();
        let mut seen: Vec<&str> = Vec::new();
        for (index, raw) in source.lines().enumerate() {
            let line_no = index + 1;
            let line = raw.trim();
            if line.is_empty() || (line.starts_with("{-#") && line.ends_with("#-}")) {
                continue;
            }
            let Some(comment) = line.strip_prefix("--") else {
                break;
            };
            let comment = comment.trim_start();
            let Some((key, value)) = comment.split_once(':') else {
                continue;
            };
            let word_like = |b: u8| b.is_ascii_lowercase() || b == b'-';
            if key.is_empty()
                || !key.bytes().all(word_like)
                || !key.as_bytes()[0].is_ascii_lowercase()
            {
                continue;
            }
            let fail = |message: String| MetaError {
                line: line_no,
                message,
            };
            if !META_KEYS.contains(&key) {
                return Err(fail(format!(
                    "unknown metadata key `{key}` (known: {})",
                    META_KEYS.join(", ")
                )));
            }
            if seen.contains(&key) {
                return Err(fail(format!("metadata key `{key}` given twice")));
            }
            seen.push(key);
            let words: Vec<String> = value.split_whitespace().map(str::to_owned).collect();
            match key {
                "args" => meta.args = words,
                "bench-args" => meta.bench_args = Some(words),
                "rts" => {
                    if let Some(bad) = words.iter().find(|w| !w.starts_with('-')) {
                        return Err(fail(format!("RTS option `{bad}` does not start with `-`")));
                    }
                    meta.rts = words;
                }
                "rts-variants" => {
                    let mut variants = Vec::new();
                    for variant in value.split('|') {
                        let words: Vec<String> =
                            variant.split_whitespace().map(str::to_owned).collect();
                        if words.is_empty() {
                            return Err(fail(
                                "empty RTS variant (variants are separated by `|`)".to_owned(),
                            ));
                        }
                        if let Some(bad) = words.iter().find(|w| !w.starts_with('-')) {
                            return Err(fail(format!(
                                "RTS option `{bad}` does not start with `-`"
                            )));
                        }
                        variants.push(words);
                    }
                    meta.rts_variants = variants;
                }
                "tags" => meta.tags = words,
                "timeout" => {
                    let secs: f64 = value
                        .trim()
                        .parse()
                        .ok()
                        .filter(|s: &f64| s.is_finite() && *s > 0.0)
                        .ok_or_else(|| fail(format!("bad timeout `{}`", value.trim())))?;
                    meta.timeout = Some(Duration::from_secs_f64(secs));
                }
                _ => unreachable!("key checked against META_KEYS above"),
            }
        }
        Ok(meta)
    }

    /// The command-line words after the program name: `args`, then
    /// `+RTS <rts> -RTS` if there are RTS options.
    pub fn command_line(&self) -> Vec<String> {
        self.command_line_variant(&[])
    }

    /// [`Meta::command_line`] with `extra` RTS options after [`Meta::rts`]
    /// (a variant from [`Meta::rts_variants`], or a pass's own, e.g. `-DS`).
    pub fn command_line_variant(&self, extra: &[String]) -> Vec<String> {
        let mut words = self.args.clone();
        if !self.rts.is_empty() || !extra.is_empty() {
            words.push("+RTS".to_owned());
            words.extend(self.rts.iter().cloned());
            words.extend(extra.iter().cloned());
            words.push("-RTS".to_owned());
        }
        words
    }

    /// The timeout to use for one run.
    pub fn timeout_or_default(&self) -> Duration {
        self.timeout.unwrap_or(DEFAULT_TIMEOUT)
    }
}

/// A malformed metadata line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaError {
    /// 1-based line number in the source.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for MetaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for MetaError {}

/// One program of the corpus with its expectations.
#[derive(Debug, Clone)]
pub struct Program {
    /// The file stem; also the name the program must run under.
    pub name: String,
    /// Absolute path of `name.hs`.
    pub source_path: PathBuf,
    pub source: String,
    pub meta: Meta,
    /// Contents of `name.stdin`, if present (otherwise stdin is empty).
    pub stdin: Option<Vec<u8>>,
    stdout: Vec<u8>,
    stderr: Option<Vec<u8>>,
    /// Expected exit status (`name.exit`, default 0).
    pub exit: i32,
}

impl Program {
    /// The expected standard output, with [`PROG_PLACEHOLDER`] replaced by the name.
    pub fn expected_stdout(&self) -> Vec<u8> {
        substitute_prog(&self.stdout, &self.name)
    }

    /// The expected standard error, if it is compared for this program.
    pub fn expected_stderr(&self) -> Option<Vec<u8>> {
        self.stderr.as_ref().map(|s| substitute_prog(s, &self.name))
    }

    /// Whether the header lists `tag`.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.meta.tags.iter().any(|t| t == tag)
    }

    /// Compares an outcome with the expectations: exit status, stdout, and
    /// stderr when a `.stderr` file exists.
    pub fn check(&self, outcome: &Outcome) -> Result<(), Mismatch> {
        let mut problems = Vec::new();
        if outcome.status != Status::Exited(self.exit) {
            problems.push(format!(
                "exit status: expected {}, got {}",
                self.exit, outcome.status
            ));
        }
        if let Some(diff) = first_difference("stdout", &self.expected_stdout(), &outcome.stdout) {
            problems.push(diff);
        }
        if let Some(expected) = self.expected_stderr() {
            if let Some(diff) = first_difference("stderr", &expected, &outcome.stderr) {
                problems.push(diff);
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Mismatch {
                program: self.name.clone(),
                problems,
                stderr: outcome.stderr.clone(),
            })
        }
    }
}

/// Replaces every [`PROG_PLACEHOLDER`] in `text` with `name`.
pub fn substitute_prog(text: &[u8], name: &str) -> Vec<u8> {
    String::from_utf8_lossy(text)
        .replace(PROG_PLACEHOLDER, name)
        .into_bytes()
}

/// The inverse of [`substitute_prog`] for recording: `name: ` at the start of a
/// line (GHC's message prefix) becomes `<prog>: `. Other occurrences are kept.
pub fn insert_prog_placeholder(text: &[u8], name: &str) -> Vec<u8> {
    let prefix = format!("{name}: ");
    let text = String::from_utf8_lossy(text);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match line.strip_prefix(&prefix) {
            Some(rest) => {
                out.push_str(PROG_PLACEHOLDER);
                out.push_str(": ");
                out.push_str(rest);
            }
            None => out.push_str(line),
        }
    }
    out.into_bytes()
}

fn first_difference(stream: &str, expected: &[u8], actual: &[u8]) -> Option<String> {
    if expected == actual {
        return None;
    }
    let expected = String::from_utf8_lossy(expected);
    let actual = String::from_utf8_lossy(actual);
    let (mut e_lines, mut a_lines) = (expected.split_inclusive('\n'), actual.split_inclusive('\n'));
    let mut line = 1;
    loop {
        match (e_lines.next(), a_lines.next()) {
            (Some(e), Some(a)) if e == a => line += 1,
            (e, a) => {
                return Some(format!(
                    "{stream} differs at line {line}:\n  expected: {:?}\n  actual:   {:?}\n  ({} vs {} bytes)",
                    e.unwrap_or("<end>"),
                    a.unwrap_or("<end>"),
                    expected.len(),
                    actual.len()
                ));
            }
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// The process exited with this code.
    Exited(i32),
    /// Killed by a signal (Unix).
    Signalled(i32),
    /// Killed by the harness after the timeout.
    TimedOut(Duration),
    /// The runner could not run the program at all (for example it failed to compile).
    NotRun(String),
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Exited(code) => write!(f, "{code}"),
            Status::Signalled(sig) => write!(f, "killed by signal {sig}"),
            Status::TimedOut(limit) => write!(f, "timed out after {:.1} s", limit.as_secs_f64()),
            Status::NotRun(why) => write!(f, "not run: {why}"),
        }
    }
}

/// What one run of a program did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: Status,
    /// Wall time of the run.
    pub elapsed: Duration,
}

impl Outcome {
    /// An outcome for a program that could not be run (e.g. a compile error).
    pub fn not_run(why: impl Into<String>) -> Outcome {
        Outcome {
            stdout: Vec::new(),
            stderr: Vec::new(),
            status: Status::NotRun(why.into()),
            elapsed: Duration::ZERO,
        }
    }
}

/// Where a program's run differed from its expectations.
#[derive(Debug, Clone)]
pub struct Mismatch {
    pub program: String,
    pub problems: Vec<String>,
    /// The run's stderr, shown to help diagnose a failure.
    pub stderr: Vec<u8>,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}:", self.program)?;
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        if !self.stderr.is_empty() {
            let text = String::from_utf8_lossy(&self.stderr);
            let shown: String = text.chars().take(600).collect();
            writeln!(f, "  stderr was: {shown:?}")?;
        }
        Ok(())
    }
}

/// A problem with the corpus itself (missing files, bad metadata, stray files).
#[derive(Debug)]
pub enum CorpusError {
    Io {
        path: PathBuf,
        source: io::Error,
    },
    /// One or more files are malformed; every problem found is listed.
    Invalid(Vec<String>),
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CorpusError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            CorpusError::Invalid(problems) => {
                writeln!(f, "the program corpus is invalid:")?;
                for p in problems {
                    writeln!(f, "  {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for CorpusError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CorpusError::Io { source, .. } => Some(source),
            CorpusError::Invalid(_) => None,
        }
    }
}

/// The file extensions a corpus directory may contain besides `README.md`.
pub const CORPUS_EXTENSIONS: [&str; 5] = ["hs", "stdout", "stderr", "exit", "stdin"];

/// Loads the corpus from [`programs_dir`], sorted by name.
pub fn load_corpus() -> Result<Vec<Program>, CorpusError> {
    load_corpus_from(&programs_dir())
}

/// Loads and validates every program in `dir`: each `.hs` has a `.stdout`, its
/// metadata parses, names are lowercase identifiers (usable as executable names
/// and unique ignoring case), `.exit` holds a non-zero status, and every other
/// file belongs to some program.
pub fn load_corpus_from(dir: &Path) -> Result<Vec<Program>, CorpusError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CorpusError::Io { path, source }
    };
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(io_err(dir))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io_err(dir))?;
    files.sort();
    let mut problems = Vec::new();
    let mut stems = Vec::new();
    for path in &files {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if file_name == "README.md" {
            continue;
        }
        match file_name.rsplit_once('.') {
            Some((stem, ext)) if CORPUS_EXTENSIONS.contains(&ext) => {
                if ext == "hs" {
                    stems.push(stem.to_owned());
                } else if !dir.join(format!("{stem}.hs")).is_file() {
                    problems.push(format!("{file_name}: no {stem}.hs for it"));
                }
            }
            _ => problems.push(format!(
                "{file_name}: not a corpus file (expected .hs/.stdout/.stderr/.exit/.stdin)"
            )),
        }
    }
    let mut programs = Vec::new();
    let mut lower_names: Vec<String> = Vec::new();
    for stem in stems {
        let valid_name = stem.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && stem
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid_name {
            problems.push(format!("{stem}.hs: name must be [a-z][a-z0-9_]*"));
        }
        if lower_names.contains(&stem.to_ascii_lowercase()) {
            problems.push(format!("{stem}.hs: name not unique"));
        }
        lower_names.push(stem.to_ascii_lowercase());
        let source_path = dir.join(format!("{stem}.hs"));
        let source = fs::read_to_string(&source_path).map_err(io_err(&source_path))?;
        let meta = match Meta::parse(&source) {
            Ok(m) => m,
            Err(e) => {
                problems.push(format!("{stem}.hs: {e}"));
                continue;
            }
        };
        let read_opt = |ext: &str| -> Result<Option<Vec<u8>>, CorpusError> {
            let p = dir.join(format!("{stem}.{ext}"));
            match fs::read(&p) {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(CorpusError::Io { path: p, source: e }),
            }
        };
        let Some(stdout) = read_opt("stdout")? else {
            problems.push(format!("{stem}.hs: missing {stem}.stdout"));
            continue;
        };
        let exit = match read_opt("exit")? {
            None => 0,
            Some(bytes) => match String::from_utf8_lossy(&bytes).trim().parse::<i32>() {
                Ok(code) if code != 0 && (1..=255).contains(&code) => code,
                _ => {
                    problems.push(format!("{stem}.exit: must hold one exit status in 1..=255"));
                    continue;
                }
            },
        };
        programs.push(Program {
            name: stem.clone(),
            source_path,
            source,
            meta,
            stdin: read_opt("stdin")?,
            stdout,
            stderr: read_opt("stderr")?,
            exit,
        });
    }
    if problems.is_empty() {
        Ok(programs)
    } else {
        Err(CorpusError::Invalid(problems))
    }
}

/// Runs `command` as one run of `program`: feeds it the program's stdin (or none),
/// collects stdout and stderr, and kills it after `timeout`. The caller sets the
/// executable, the arguments (usually [`Meta::command_line`]) and the directory.
/// `GHCRTS` is removed from the environment: RTS options come from the
/// program's header only, whatever the machine running the tests has set.
pub fn run_command(
    mut command: Command,
    program: &Program,
    timeout: Duration,
) -> io::Result<Outcome> {
    command.env_remove("GHCRTS");
    command.stdin(if program.stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = command.spawn()?;
    let stdin_writer = match (child.stdin.take(), program.stdin.clone()) {
        (Some(mut pipe), Some(bytes)) => Some(thread::spawn(move || {
            // A program may exit without reading all its input; a broken pipe is fine.
            let _ = pipe.write_all(&bytes);
        })),
        _ => None,
    };
    let stdout_reader = spawn_reader(child.stdout.take());
    let stderr_reader = spawn_reader(child.stderr.take());
    let status = wait_with_timeout(&mut child, timeout)?;
    let elapsed = start.elapsed();
    if let Some(w) = stdin_writer {
        let _ = w.join();
    }
    let stdout = stdout_reader.join().unwrap_or_default();
    let stderr = stderr_reader.join().unwrap_or_default();
    Ok(Outcome {
        stdout,
        stderr,
        status,
        elapsed,
    })
}

fn spawn_reader<R: Read + Send + 'static>(pipe: Option<R>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    })
}

fn wait_with_timeout(child: &mut Child, timeout: Duration) -> io::Result<Status> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(exit_status(status));
        }
        if Instant::now() >= deadline {
            // The child may have exited just now; either way it is reaped below.
            let _ = child.kill();
            let _ = child.wait();
            return Ok(Status::TimedOut(timeout));
        }
        thread::sleep(Duration::from_millis(5));
    }
}

#[cfg(unix)]
fn exit_status(status: std::process::ExitStatus) -> Status {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => Status::Exited(code),
        (None, Some(sig)) => Status::Signalled(sig),
        (None, None) => Status::NotRun("unknown exit status".to_owned()),
    }
}

#[cfg(not(unix))]
fn exit_status(status: std::process::ExitStatus) -> Status {
    status.code().map_or(
        Status::NotRun("unknown exit status".to_owned()),
        Status::Exited,
    )
}

/// The result of running the suite.
#[derive(Debug, Default)]
pub struct SuiteReport {
    pub passed: Vec<String>,
    pub failed: Vec<Mismatch>,
    /// Programs left out by the `HSRTS_PROGRAMS` filter.
    pub skipped: usize,
    /// Total wall time of the runs.
    pub elapsed: Duration,
}

impl SuiteReport {
    /// Panics with every mismatch listed if any program failed.
    pub fn assert_all_passed(&self) {
        if !self.failed.is_empty() {
            let mut msg = format!(
                "{} of {} programs failed:\n",
                self.failed.len(),
                self.failed.len() + self.passed.len()
            );
            for m in &self.failed {
                msg.push_str(&m.to_string());
            }
            panic!("{msg}");
        }
    }
}

impl fmt::Display for SuiteReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} passed, {} failed, {} skipped in {:.1} s",
            self.passed.len(),
            self.failed.len(),
            self.skipped,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Whether `program` is selected by the `HSRTS_PROGRAMS` environment variable: a
/// comma-separated list of names or `tag:NAME` entries; unset or empty selects all.
pub fn selected(program: &Program) -> bool {
    match std::env::var("HSRTS_PROGRAMS") {
        Ok(filter) if !filter.trim().is_empty() => {
            filter
                .split(',')
                .map(str::trim)
                .any(|f| match f.strip_prefix("tag:") {
                    Some(tag) => program.has_tag(tag),
                    None => f == program.name,
                })
        }
        _ => true,
    }
}

/// Runs every selected program of the corpus through `runner` and checks each
/// outcome against its expectations. This is the entry point later sessions use
/// to run the suite under hsrts natively and under wasmtime, for example:
///
/// ```ignore
/// let report = run_suite(|p| {
///     let mut cmd = Command::new(hsrts_exe);
///     cmd.arg("run").arg(&p.source_path).args(p.meta.command_line());
///     run_command(cmd, p, p.meta.timeout_or_default()).unwrap_or_else(|e| Outcome::not_run(e.to_string()))
/// });
/// report.assert_all_passed();
/// ```
///
/// The runner must run the program under the name [`Program::name`] (see
/// [`PROG_PLACEHOLDER`]), pass [`Meta::command_line`] and feed [`Program::stdin`];
/// [`run_command`] does the last two. Runs are sequential. Panics if the corpus
/// itself is invalid (that is the `corpus` test's business, but a suite run over
/// a broken corpus must not pass).
pub fn run_suite(runner: impl Fn(&Program) -> Outcome) -> SuiteReport {
    let programs = load_corpus().unwrap_or_else(|e| panic!("{e}"));
    let mut report = SuiteReport::default();
    let start = Instant::now();
    for program in &programs {
        if !selected(program) {
            report.skipped += 1;
            continue;
        }
        let outcome = runner(program);
        match program.check(&outcome) {
            Ok(()) => report.passed.push(program.name.clone()),
            Err(m) => report.failed.push(m),
        }
    }
    report.elapsed = start.elapsed();
    report
}

/// [`run_suite`] with `jobs` programs running at once (the machine may have few
/// cores; two is a good default). The report lists programs in corpus order.
pub fn run_suite_parallel(jobs: usize, runner: impl Fn(&Program) -> Outcome + Sync) -> SuiteReport {
    let programs = load_corpus().unwrap_or_else(|e| panic!("{e}"));
    let (chosen, left_out): (Vec<Program>, Vec<Program>) = programs.into_iter().partition(selected);
    let start = Instant::now();
    let outcomes = parallel_map(jobs, &chosen, |p| runner(p));
    let mut report = SuiteReport {
        skipped: left_out.len(),
        ..SuiteReport::default()
    };
    for (program, outcome) in chosen.iter().zip(&outcomes) {
        match program.check(outcome) {
            Ok(()) => report.passed.push(program.name.clone()),
            Err(m) => report.failed.push(m),
        }
    }
    report.elapsed = start.elapsed();
    report
}

/// Applies `f` to every item on `jobs` threads (at least one), keeping the order.
pub fn parallel_map<T: Sync, R: Send>(
    jobs: usize,
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    thread::scope(|s| {
        for _ in 0..jobs.max(1) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_metadata_parses() {
        let src = "{-# LANGUAGE BangPatterns #-}\n-- A program: with a colon.\n-- args: 10 x\n-- rts: -A64k -K1m\n-- tags: gc  laziness\n-- timeout: 2.5\nmodule Main where\n-- args: ignored after the header\n";
        let m = Meta::parse(src).expect("valid header");
        assert_eq!(m.args, ["10", "x"]);
        assert_eq!(m.rts, ["-A64k", "-K1m"]);
        assert_eq!(m.tags, ["gc", "laziness"]);
        assert_eq!(m.timeout, Some(Duration::from_millis(2500)));
        assert_eq!(
            m.command_line(),
            ["10", "x", "+RTS", "-A64k", "-K1m", "-RTS"]
        );
        assert!(m.rts_variants.is_empty());
        let v = Meta::parse("-- args: 3\n-- rts-variants: -A64k | -A64m -G3\n").expect("variants");
        assert_eq!(v.rts_variants, [vec!["-A64k"], vec!["-A64m", "-G3"]]);
        assert_eq!(
            v.command_line_variant(&v.rts_variants[1]),
            ["3", "+RTS", "-A64m", "-G3", "-RTS"]
        );
        assert_eq!(v.command_line(), ["3"]);
        assert!(Meta::parse("-- rts-variants: -A64k ||\n").is_err());
        assert!(Meta::parse("-- rts-variants: A64k\n").is_err());
        assert!(Meta::parse("-- rts-variant: -A64k\n").is_err());
    }

    #[test]
    fn bad_metadata_is_rejected_with_its_line() {
        assert_eq!(Meta::parse("-- arg: 1\n").unwrap_err().line, 1);
        assert!(
            Meta::parse("-- x\n-- timeout: soon\n")
                .unwrap_err()
                .message
                .contains("timeout")
        );
        assert!(
            Meta::parse("-- tags: a\n-- tags: b\n")
                .unwrap_err()
                .message
                .contains("twice")
        );
        assert!(Meta::parse("-- rts: A64k\n").is_err());
    }

    #[test]
    fn placeholder_round_trips_only_at_line_starts() {
        let text = b"nfib: boom\nnfib 20 = 3\n  nfib: not a prefix\n";
        let recorded = insert_prog_placeholder(text, "nfib");
        assert_eq!(
            recorded,
            b"<prog>: boom\nnfib 20 = 3\n  nfib: not a prefix\n"
        );
        assert_eq!(substitute_prog(&recorded, "nfib"), text);
    }

    #[test]
    fn corpus_loader_reports_every_problem() {
        let dir = std::env::temp_dir().join(format!("hsrts-corpus-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        let files: [(&str, &str); 9] = [
            ("good.hs", "-- tags: x\n-- args: 3\nmain = print 3\n"),
            ("good.stdout", "3\n"),
            ("good.exit", "2\n"),
            ("nostdout.hs", "main = return ()\n"),
            ("orphan.stdout", ""),
            ("Upper.hs", "main = return ()\n"),
            ("Upper.stdout", ""),
            ("zeroexit.hs", "main = return ()\n"),
            ("zeroexit.exit", "0\n"),
        ];
        for (name, text) in files {
            fs::write(dir.join(name), text).expect("write");
        }
        fs::write(dir.join("zeroexit.stdout"), "").expect("write");
        let err = load_corpus_from(&dir).expect_err("the corpus is broken");
        let _ = fs::remove_dir_all(&dir);
        let CorpusError::Invalid(problems) = err else {
            panic!("expected Invalid, got {err}")
        };
        let text = problems.join("\n");
        for needle in [
            "missing nostdout.stdout",
            "orphan.stdout: no orphan.hs",
            "Upper.hs: name",
            "zeroexit.exit",
        ] {
            assert!(text.contains(needle), "`{needle}` not reported in:\n{text}");
        }
        assert_eq!(problems.len(), 4, "{text}");
    }

    fn program_with_stdin(stdin: Option<&str>) -> Program {
        Program {
            name: "t".to_owned(),
            source_path: PathBuf::from("t.hs"),
            source: String::new(),
            meta: Meta::default(),
            stdin: stdin.map(|s| s.as_bytes().to_vec()),
            stdout: b"abc".to_vec(),
            stderr: None,
            exit: 0,
        }
    }

    #[cfg(unix)]
    #[test]
    fn run_command_feeds_stdin_and_enforces_the_timeout() {
        let p = program_with_stdin(Some("abc"));
        let out = run_command(Command::new("cat"), &p, Duration::from_secs(20)).expect("cat runs");
        assert_eq!(out.status, Status::Exited(0));
        assert!(p.check(&out).is_ok());
        let mut sh = Command::new("sh");
        sh.args(["-c", "echo oops >&2; exit 3"]);
        let out =
            run_command(sh, &program_with_stdin(None), Duration::from_secs(20)).expect("sh runs");
        assert_eq!(
            (out.status.clone(), out.stderr.as_slice()),
            (Status::Exited(3), &b"oops\n"[..])
        );
        assert!(p.check(&out).is_err());
        let mut sleep = Command::new("sleep");
        sleep.arg("30");
        let out = run_command(sleep, &p, Duration::from_millis(200)).expect("sleep runs");
        assert!(
            matches!(out.status, Status::TimedOut(_)),
            "{:?}",
            out.status
        );
        assert!(out.elapsed < Duration::from_secs(10));
    }

    #[test]
    fn parallel_map_keeps_order() {
        let items: Vec<u32> = (0..50).collect();
        assert_eq!(
            parallel_map(3, &items, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert!(parallel_map(2, &[] as &[u32], |x| *x).is_empty());
    }

    #[test]
    fn difference_names_the_first_differing_line() {
        let d = first_difference("stdout", b"a\nb\nc\n", b"a\nB\nc\n").expect("differs");
        assert!(d.contains("line 2"), "{d}");
        assert!(first_difference("stdout", b"same", b"same").is_none());
        let d = first_difference("stdout", b"a\n", b"a\nextra\n").expect("differs");
        assert!(d.contains("<end>"), "{d}");
    }
}
