//! How the C API reports misuse it can detect (a call before `hs_init`, a
//! stale `HaskellObj`, a stable pointer freed twice, the wrong closure type
//! given to `rts_get*`): one clear line on stderr naming the function, then
//! the process aborts. GHC's API has no error status for these, and going
//! on would mean silent heap corruption.

use std::fmt;
use std::io::Write;

/// Prints `hsrts: <site>: <message>` on stderr and aborts the process.
pub fn fatal(site: &str, message: impl fmt::Display) -> ! {
    flush_stdout();
    eprintln!("hsrts: {site}: {message}");
    let _ = std::io::stderr().flush();
    std::process::abort()
}

/// Flushes Rust's stdout (the Haskell program's output) and the C library's
/// stdio buffers, so that output written by C and by Haskell appears in the
/// order it was written. Called before every evaluation and at exit.
pub fn flush_stdout() {
    flush_haskell_stdout();
    unsafe extern "C" {
        fn fflush(stream: *mut std::ffi::c_void) -> std::ffi::c_int;
    }
    // SAFETY: `fflush(NULL)` flushes every open C output stream; it takes no
    // pointer to read and is safe to call at any time.
    unsafe {
        fflush(std::ptr::null_mut());
    }
}

/// Flushes only Rust's stdout (after an evaluation: C's buffers were
/// flushed before it and only Haskell wrote since).
pub fn flush_haskell_stdout() {
    let _ = std::io::stdout().flush();
}
