//! `interp-static`: the bytecode interpreter calls only functions found in
//! tables registered at link time (see `table.rs`): no `dlsym`, no libffi,
//! so it works on wasm32 where neither exists. Calls through function
//! pointers are not supported (they would need a thunk per signature).

use super::table::{self, StaticThunk};
use super::{FfiError, FfiValue, Signature, check_args};

pub const IMPLEMENTATION: &str = "static";
pub const INTERPRETER: bool = true;

/// A registered function, ready to call.
#[derive(Debug, Clone)]
pub struct ForeignFn {
    name: String,
    signature: Signature,
    thunk: StaticThunk,
}

impl ForeignFn {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn signature(&self) -> &Signature {
        &self.signature
    }
}

/// Finds `symbol` in the registered tables; its registered signature must
/// equal `signature`.
pub fn lookup(symbol: &str, signature: &Signature) -> Result<ForeignFn, FfiError> {
    match table::find(symbol, signature)? {
        Some(found) => Ok(ForeignFn {
            name: symbol.to_owned(),
            signature: signature.clone(),
            thunk: found.thunk,
        }),
        None => Err(FfiError::NotFound {
            symbol: symbol.to_owned(),
            implementation: IMPLEMENTATION,
            detail: "this build calls only functions registered in a link-time table, \
                     and no registered table has it"
                .to_owned(),
        }),
    }
}

/// Always an error: calls through function pointers need interp-libffi.
pub fn dynamic(_address: usize, _signature: &Signature) -> Result<ForeignFn, FfiError> {
    Err(FfiError::DynamicUnsupported {
        implementation: IMPLEMENTATION,
    })
}

/// Calls `f` with `args`, which must match its signature.
///
/// # Safety
/// The registered thunk really calls a function of `f`'s signature, and
/// that function may be called with these arguments (pointers valid for
/// what it does with them, and so on).
pub unsafe fn call(f: &ForeignFn, args: &[FfiValue]) -> Result<FfiValue, FfiError> {
    check_args(&f.name, &f.signature, args)?;
    // SAFETY: arguments checked against the signature; the rest is the
    // caller's contract.
    Ok(unsafe { table::call_thunk(f.thunk, &f.signature, args) })
}
