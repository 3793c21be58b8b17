//! From Haskell source to image bytes: the front end, then STG and the
//! bytecode writer. The front end recurses as deep as the program is nested,
//! so the work runs on a thread with a large stack ([`with_big_stack`]).
//!
//! Note [The front end's stack]
//! Natively the pipeline runs on a fresh thread with [`BIG_STACK_BYTES`] of
//! stack (reserved address space; only touched pages cost memory). wasm32-wasip1
//! has no threads, so there the main stack itself is made big instead: the
//! linker flag `-zstack-size` in .cargo/config.toml gives every wasm32-wasip1
//! executable of the workspace a 256 MiB stack (linear memory is reserved, not
//! committed, by wasmtime, so the size costs nothing until used).

use std::fmt;
use std::path::Path;

use frontend::driver::compile_source;
use frontend::driver::standard::StandardBuiltins;

/// Stack size of the compile thread on native targets.
pub const BIG_STACK_BYTES: usize = 512 << 20;

/// Why a program did not compile.
#[derive(Debug)]
pub enum CompileError {
    /// The source file could not be read.
    Read {
        path: String,
        source: std::io::Error,
    },
    /// The front end rejected the program; the text holds every diagnostic,
    /// each starting `file:line:col: error:`.
    Frontend(String),
    /// The STG stage or the bytecode writer failed (a compiler bug, or a
    /// construct it does not support yet).
    Backend(String),
    /// The compile thread could not be started or died.
    Thread(String),
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompileError::Read { path, source } => write!(f, "{path}: cannot read: {source}"),
            CompileError::Frontend(text) => f.write_str(text.trim_end()),
            CompileError::Backend(text) => write!(f, "code generation failed: {text}"),
            CompileError::Thread(text) => write!(f, "the compiler thread failed: {text}"),
        }
    }
}

impl std::error::Error for CompileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CompileError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Compiles `source` (named `name` in messages) to the bytes of an image.
/// Runs on the calling thread: use [`with_big_stack`] around it.
pub fn source_to_image(name: &str, source: &str) -> Result<Vec<u8>, CompileError> {
    let core = compile_source(name, source, &StandardBuiltins)
        .map_err(|e| CompileError::Frontend(e.to_string()))?;
    let image = stg::compile(&core, &stg::FrontendPrims)
        .map_err(|e| CompileError::Backend(e.to_string()))?;
    Ok(image.to_bytes())
}

/// Reads and compiles the file at `path`; messages name it as given.
pub fn file_to_image(path: &str) -> Result<Vec<u8>, CompileError> {
    let source = std::fs::read_to_string(Path::new(path)).map_err(|source| CompileError::Read {
        path: path.to_owned(),
        source,
    })?;
    with_big_stack(|| source_to_image(path, &source))?
}

/// Runs `work` where the stack is big (Note [The front end's stack]).
pub fn with_big_stack<T: Send>(work: impl FnOnce() -> T + Send) -> Result<T, CompileError> {
    if cfg!(target_os = "wasi") {
        return Ok(work());
    }
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("hsrts-compile".to_owned())
            .stack_size(BIG_STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(|e| CompileError::Thread(e.to_string()))?;
        handle.join().map_err(|panic| {
            let text = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "panicked".to_owned());
            CompileError::Thread(text)
        })
    })
}

/// Whether `bytes` are an image (by its magic number, not a file name).
pub fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(&bytecode::MAGIC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_to_an_image() {
        let bytes = with_big_stack(|| source_to_image("t.hs", "main :: IO ()\nmain = print 1\n"))
            .expect("thread")
            .expect("compiles");
        assert!(is_image(&bytes));
        assert!(!is_image(b"main = print 1"));
    }

    #[test]
    fn errors_carry_the_file_name_and_position() {
        let err = with_big_stack(|| {
            source_to_image("dir/bad.hs", "main :: IO ()\nmain = putStrLn 'x'\n")
        })
        .expect("thread")
        .expect_err("a type error");
        let text = err.to_string();
        assert!(text.starts_with("dir/bad.hs:2:"), "{text}");
        assert!(text.contains("error"), "{text}");
    }
}
