//! `interp-none`: no bytecode interpreter, only compiled entry code. Every
//! lookup is an error saying so; a `ForeignFn` cannot exist.

use core::convert::Infallible;

use super::{FfiError, FfiValue, Signature};

pub const IMPLEMENTATION: &str = "none";
pub const INTERPRETER: bool = false;

/// Uninhabited: no foreign function can be looked up in this build.
#[derive(Debug, Clone)]
pub struct ForeignFn {
    never: Infallible,
}

impl ForeignFn {
    pub fn name(&self) -> &str {
        match self.never {}
    }

    pub fn signature(&self) -> &Signature {
        match self.never {}
    }
}

/// Always [`FfiError::NoInterpreter`].
pub fn lookup(_symbol: &str, _signature: &Signature) -> Result<ForeignFn, FfiError> {
    Err(FfiError::NoInterpreter)
}

/// Always [`FfiError::NoInterpreter`].
pub fn dynamic(_address: usize, _signature: &Signature) -> Result<ForeignFn, FfiError> {
    Err(FfiError::NoInterpreter)
}

/// Cannot be called: there is no `ForeignFn`.
///
/// # Safety
/// None needed; kept `unsafe` so every implementation has the same
/// signature.
pub unsafe fn call(f: &ForeignFn, _args: &[FfiValue]) -> Result<FfiValue, FfiError> {
    match f.never {}
}

/// No wrappers without an interpreter (uninhabited).
#[derive(Debug)]
pub struct Wrapper {
    never: Infallible,
}

impl Wrapper {
    pub fn address(&self) -> usize {
        match self.never {}
    }
}

pub fn make_wrapper(_signature: &Signature, _key: usize) -> Result<Wrapper, FfiError> {
    Err(FfiError::NoInterpreter)
}
