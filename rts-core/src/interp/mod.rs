//! The bytecode interpreter: an eval/apply machine ("Making a fast curry")
//! running a loaded [`Program`](crate::loader::Program) on the real heap of
//! a [`Storage`](crate::Storage).
//!
//! * [`machine`] — the dispatch loop, the stack, calls, returns, updates,
//!   heap checks and GC roots;
//! * [`prims`] — primop names and the pure word primops;
//! * [`native`] — compiled entry code: the calling convention, the
//!   runtime's native entries, the operations compiled programs call;
//! * this module — the public entry points, the output sink and errors.
//!
//! Design and measurements: docs/design/interpreter.md.

pub mod machine;
pub mod prims;

use std::fmt;
use std::io::Write;

/// Compiled entry code (docs/design/native-code.md).
pub use machine::native;
pub use machine::{HostMVar, Machine, Progress, implements_primop};

/// Where `hPutChar#`/`hFlush#` write. Handle 1 is stdout, 2 is stderr.
pub trait OutputSink {
    fn write(&mut self, handle: i64, bytes: &[u8]) -> std::io::Result<()>;
    fn flush(&mut self, handle: i64) -> std::io::Result<()>;
}

/// Writes to the process's real stdout/stderr (the `hsrts` tool).
#[derive(Debug, Default)]
pub struct StdSink;

impl OutputSink for StdSink {
    fn write(&mut self, handle: i64, bytes: &[u8]) -> std::io::Result<()> {
        match handle {
            2 => std::io::stderr().write_all(bytes),
            _ => std::io::stdout().write_all(bytes),
        }
    }
    fn flush(&mut self, handle: i64) -> std::io::Result<()> {
        match handle {
            2 => std::io::stderr().flush(),
            _ => std::io::stdout().flush(),
        }
    }
}

/// Collects output in memory (tests).
#[derive(Debug, Default)]
pub struct BufferSink {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl OutputSink for BufferSink {
    fn write(&mut self, handle: i64, bytes: &[u8]) -> std::io::Result<()> {
        match handle {
            2 => self.stderr.extend_from_slice(bytes),
            _ => self.stdout.extend_from_slice(bytes),
        }
        Ok(())
    }
    fn flush(&mut self, _handle: i64) -> std::io::Result<()> {
        Ok(())
    }
}

/// Interpreter settings.
#[derive(Clone, Debug)]
pub struct InterpConfig {
    /// Maximum stack size in words (`-K`); past it: [`RunError::StackOverflow`].
    pub max_stack_words: usize,
    /// `getProgName`.
    pub prog_name: String,
    /// `getArgs`.
    pub args: Vec<String>,
    /// Stop with [`RunError::StepLimit`] after this many BCO activations
    /// and resumptions (tests and tools that must not hang).
    pub max_steps: Option<u64>,
    /// The context-switch settings (`+RTS -C`, `--ctx-every-n`); see
    /// `RtsFlags::ctx_config`.
    pub ctx: rts_features::ctx::CtxConfig,
    /// `--chaos-switch=SEED` and `--chaos-switch-odds`: switch threads at
    /// random safe points (seed, odds 1 in N).
    pub chaos_switch: Option<(u64, u32)>,
    /// Install the user-interrupt handler (`rts_features::intr`) for
    /// `run_main` and remove it afterwards: ^C then throws UserInterrupt
    /// to the main thread.
    pub install_interrupts: bool,
    /// What handle 0 reads: these bytes, or the process's stdin if `None`.
    pub stdin: Option<Vec<u8>>,
    /// `--chaos-gc=N`: force a collection at every N-th allocation point.
    pub chaos_gc_every: Option<u64>,
    /// `-Mgrace`: bytes allocated after a HeapOverflow before another.
    pub heap_limit_grace_bytes: u64,
}

impl Default for InterpConfig {
    fn default() -> Self {
        InterpConfig {
            // 80 MiB of 8-byte words; GHC's default -K is 80% of memory.
            max_stack_words: 10 << 20,
            prog_name: "main".to_owned(),
            args: Vec::new(),
            max_steps: None,
            ctx: rts_features::ctx::CtxConfig::default(),
            chaos_switch: None,
            install_interrupts: true,
            stdin: None,
            chaos_gc_every: None,
            heap_limit_grace_bytes: crate::flags::DEFAULT_HEAP_LIMIT_GRACE_BYTES as u64,
        }
    }
}

/// How a run ended without an internal error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// The evaluated value returned normally (no `exit#`).
    Returned,
    /// `exit#` with this status.
    Code(i64),
}

/// Why a run failed.
#[derive(Debug)]
pub enum RunError {
    /// An exception reached the bottom of the stack (no catch frame). The
    /// value is not shown: `runMainIO` prints exceptions itself.
    Uncaught,
    /// A thread entered its own blackhole (`<<loop>>`) with no handler.
    NonTermination,
    /// The stack passed `max_stack_words` (`-K`).
    StackOverflow { words: usize },
    /// The heap passed `-M`.
    HeapOverflow,
    /// The address space refused memory.
    OutOfMemory,
    /// A primop (or feature) this runtime does not implement yet.
    Unimplemented(String),
    /// The image broke the writer's contract (a bug in the code generator
    /// or the interpreter), e.g. a tag out of range.
    Internal(String),
    /// Writing output failed.
    Io(std::io::Error),
    /// The image has no entry point.
    NoEntry,
    /// `InterpConfig::max_steps` instructions ran.
    StepLimit,
    /// `peek`/`poke` (`readAddr#`/`writeAddr#`) of a null pointer, an
    /// address this target cannot hold, or an unsupported width.
    BadMemoryAccess(String),
    /// A foreign call failed before reaching C: its function is not found
    /// or cannot be called with its declared type (interp/machine/ffi.rs).
    Foreign {
        /// The call site's entity (`"sin"`, `"dynamic"`).
        entity: String,
        error: rts_features::interp::FfiError,
    },
    /// A JavaScript FFI failure (no JavaScript host, a JSVal used after
    /// `freeJSVal`, a feature not there yet): interp/machine/jsffi.rs.
    JavaScript(String),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Uncaught => f.write_str("uncaught exception"),
            RunError::NonTermination => f.write_str("<<loop>>"),
            RunError::StackOverflow { words } => {
                write!(f, "stack overflow: current size {} bytes", words * 8)
            }
            RunError::HeapOverflow => f.write_str("heap exhausted"),
            RunError::OutOfMemory => f.write_str("out of memory"),
            RunError::Unimplemented(p) => write!(f, "primop {p} is not implemented yet"),
            RunError::Internal(m) => write!(f, "internal error: {m}"),
            RunError::BadMemoryAccess(m) => write!(f, "bad memory access: {m}"),
            RunError::Io(e) => write!(f, "output error: {e}"),
            RunError::NoEntry => f.write_str("the image has no entry point"),
            RunError::StepLimit => f.write_str("step limit reached"),
            RunError::Foreign { entity, error } => {
                write!(f, "foreign call {entity:?} failed: {error}")
            }
            RunError::JavaScript(m) => write!(f, "JavaScript FFI: {m}"),
        }
    }
}

impl std::error::Error for RunError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RunError::Io(e) => Some(e),
            RunError::Foreign { error, .. } => Some(error),
            _ => None,
        }
    }
}
