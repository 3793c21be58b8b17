//! The interpreter axis: whether the runtime includes the bytecode
//! interpreter, and how it calls foreign (C) functions.
//!
//! One call interface for every implementation. Shared here: the types of
//! C values ([`FfiType`], [`FfiValue`]), a function's [`Signature`], the
//! error type, and the table of functions registered at link time
//! ([`table`]: [`StaticEntry`], [`register_static_table`], and the C entry
//! point `hsrts_register_static_table`). Every implementation file exports:
//!
//! * `IMPLEMENTATION: &str`; `INTERPRETER: bool` (false only for
//!   `interp-none`);
//! * `ForeignFn` with `name(&self) -> &str` and
//!   `signature(&self) -> &Signature`;
//! * `fn lookup(symbol: &str, signature: &Signature) -> Result<ForeignFn,
//!   FfiError>` — the signature is the one the `foreign import` declares;
//! * `fn dynamic(address: usize, signature: &Signature) -> Result<ForeignFn,
//!   FfiError>` — a call through a function pointer (`foreign import ccall
//!   "dynamic"`);
//! * `unsafe fn call(f: &ForeignFn, args: &[FfiValue]) -> Result<FfiValue,
//!   FfiError>` — checks the arguments against the signature (a mismatch is
//!   an error, not undefined behaviour), then calls;
//! * `Wrapper` (with `address(&self) -> usize`; dropping it frees it) and
//!   `fn make_wrapper(signature: &Signature, key: usize) -> Result<Wrapper,
//!   FfiError>` — a C function pointer that runs the installed
//!   [`WrapperHandler`] with `key` (`foreign import ccall "wrapper"`; see
//!   Note [Wrapper function pointers] in `wrapper.rs`).
//!
//! Implementations: `libffi.rs` (`interp-libffi`: registered tables first,
//! then any C symbol via `dlsym`, called through libffi), `static_table.rs`
//! (`interp-static`: registered tables only), `none.rs` (`interp-none`: no
//! interpreter; every lookup is an error that says so).

use core::fmt;

#[cfg_attr(
    hsrts_interp = "none",
    allow(
        dead_code,
        reason = "interp-none looks nothing up, but still accepts registrations"
    )
)]
pub mod table;
mod types;
pub mod wrapper;

pub use table::{StaticEntry, StaticThunk, dynamic_shim_name, register_static_table};
pub use types::{FfiType, FfiValue, MAX_ARGS, Signature};
pub use wrapper::{WrapperHandler, set_wrapper_handler};

#[cfg(all(target_os = "linux", any(test, hsrts_interp = "libffi")))]
#[path = "libffi.rs"]
mod imp_libffi;
#[cfg(any(test, hsrts_interp = "none"))]
#[cfg_attr(
    all(test, not(hsrts_interp = "none")),
    allow(
        dead_code,
        reason = "its ForeignFn is uninhabited, so tests cannot call its methods"
    )
)]
#[path = "none.rs"]
mod imp_none;
#[cfg(any(test, hsrts_interp = "static"))]
#[path = "static_table.rs"]
mod imp_static;

// The selector: exactly one of these is compiled (build.rs guarantees it).
#[cfg(hsrts_interp = "libffi")]
use imp_libffi as imp;
#[cfg(hsrts_interp = "none")]
use imp_none as imp;
#[cfg(hsrts_interp = "static")]
use imp_static as imp;

pub use imp::{
    ForeignFn, IMPLEMENTATION, INTERPRETER, Wrapper, call, dynamic, lookup, make_wrapper,
};

/// Why a foreign function cannot be found or called.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FfiError {
    /// This build has no interpreter (`interp-none`).
    NoInterpreter,
    /// No function of that name is known to this implementation.
    NotFound {
        symbol: String,
        implementation: &'static str,
        detail: String,
    },
    /// The symbol name contains a NUL byte.
    BadSymbolName { symbol: String },
    /// A registered entry's signature differs from the one the call site
    /// declares.
    SignatureMismatch {
        symbol: String,
        registered: String,
        requested: String,
    },
    /// A signature string or type list is malformed.
    BadSignature { text: String, reason: &'static str },
    /// Calls through function pointers need `interp-libffi`.
    DynamicUnsupported { implementation: &'static str },
    /// interp-static: no shim for calls through function pointers of this
    /// signature is registered (`table::dynamic_shim_name`).
    NoDynamicShim { signature: String },
    /// interp-static: no trampolines of this signature are registered
    /// (`hsrts build --emit-c` writes them for the program's "wrapper"
    /// imports).
    NoWrapperPool { signature: String },
    /// interp-static: every trampoline of this signature is in use.
    WrapperPoolExhausted { signature: String, size: usize },
    /// A call passed the wrong number of arguments.
    ArityMismatch {
        symbol: String,
        expected: usize,
        got: usize,
    },
    /// A call passed an argument of the wrong type.
    ArgumentType {
        symbol: String,
        index: usize,
        expected: FfiType,
        got: FfiType,
    },
}

impl fmt::Display for FfiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoInterpreter => f.write_str(
                "foreign calls need the interpreter, which this build does not include (interp-none)",
            ),
            Self::NotFound { symbol, implementation, detail } => {
                write!(f, "foreign function `{symbol}` not found (interp-{implementation}): {detail}")
            }
            Self::BadSymbolName { symbol } => {
                write!(f, "foreign function name {symbol:?} contains a NUL byte")
            }
            Self::SignatureMismatch { symbol, registered, requested } => write!(
                f,
                "foreign function `{symbol}` is registered with signature `{registered}`, \
                 but the call site declares `{requested}`"
            ),
            Self::BadSignature { text, reason } => write!(f, "bad foreign signature `{text}`: {reason}"),
            Self::DynamicUnsupported { implementation } => write!(
                f,
                "calls through a function pointer (foreign import \"dynamic\") need interp-libffi; \
                 this build has interp-{implementation}"
            ),
            Self::NoDynamicShim { signature } => write!(
                f,
                "no shim for calls through a function pointer of signature `{signature}` is \
                 registered (interp-static calls function pointers only through shims made at \
                 link time; `hsrts build --emit-c` writes one per signature of the program's \
                 \"dynamic\" imports)"
            ),
            Self::NoWrapperPool { signature } => write!(
                f,
                "no \"wrapper\" trampolines of signature `{signature}` are registered \
                 (interp-static makes C function pointers for Haskell closures only from \
                 trampolines that `hsrts build --emit-c` writes per \"wrapper\" signature)"
            ),
            Self::WrapperPoolExhausted { signature, size } => write!(
                f,
                "all {size} \"wrapper\" trampolines of signature `{signature}` are in use \
                 (free some with freeHaskellFunPtr, or build with a larger \
                 `hsrts build --emit-c --wrapper-pool N`)"
            ),
            Self::ArityMismatch { symbol, expected, got } => write!(
                f,
                "foreign function `{symbol}` takes {expected} argument(s), but {got} were passed"
            ),
            Self::ArgumentType { symbol, index, expected, got } => write!(
                f,
                "argument {index} of foreign function `{symbol}` should be {expected}, not {got}"
            ),
        }
    }
}

impl std::error::Error for FfiError {}

/// Checks `args` against `f`'s signature before a call.
#[cfg_attr(
    hsrts_interp = "none",
    allow(dead_code, reason = "interp-none makes no calls")
)]
pub(crate) fn check_args(
    name: &str,
    signature: &Signature,
    args: &[FfiValue],
) -> Result<(), FfiError> {
    if args.len() != signature.args().len() {
        return Err(FfiError::ArityMismatch {
            symbol: name.to_owned(),
            expected: signature.args().len(),
            got: args.len(),
        });
    }
    for (index, (value, &expected)) in args.iter().zip(signature.args()).enumerate() {
        if value.ty() != expected {
            return Err(FfiError::ArgumentType {
                symbol: name.to_owned(),
                index,
                expected,
                got: value.ty(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
