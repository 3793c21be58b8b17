//! `interp-static`: the bytecode interpreter calls only functions found in
//! tables registered at link time (see `table.rs`): no `dlsym`, no libffi,
//! so it works on wasm32 where neither exists. Calls through function
//! pointers (`"dynamic"`) go through a *shim* registered for their
//! signature (named by [`table::dynamic_shim_name`]; `hsrts build --emit-c`
//! writes one per signature the program's `"dynamic"` imports use): a
//! thunk whose first slot is the function's address.

use super::table::{self, StaticThunk};
use super::{FfiError, FfiType, FfiValue, MAX_ARGS, Signature, check_args};

pub const IMPLEMENTATION: &str = "static";
pub const INTERPRETER: bool = true;

/// A registered function, ready to call.
#[derive(Debug, Clone)]
pub struct ForeignFn {
    name: String,
    signature: Signature,
    thunk: StaticThunk,
    /// For a call through a function pointer: its address, passed to the
    /// shim `thunk` before the arguments.
    address: Option<usize>,
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
            address: None,
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

/// A function at `address` with `signature`, called through the shim
/// registered for the signature (see the module docs); an error if there
/// is none, or if the address is null.
pub fn dynamic(address: usize, signature: &Signature) -> Result<ForeignFn, FfiError> {
    if address == 0 {
        return Err(FfiError::NotFound {
            symbol: "<null function pointer>".to_owned(),
            implementation: IMPLEMENTATION,
            detail: "cannot call through a null function pointer".to_owned(),
        });
    }
    let shim = table::dynamic_shim_name(signature);
    let mut shim_args = vec![FfiType::Ptr];
    shim_args.extend_from_slice(signature.args());
    let shim_signature = Signature::new(&shim_args, signature.result())?;
    match table::find(&shim, &shim_signature)? {
        Some(found) => Ok(ForeignFn {
            name: format!("<function at {address:#x}>"),
            signature: signature.clone(),
            thunk: found.thunk,
            address: Some(address),
        }),
        None => Err(FfiError::NoDynamicShim {
            signature: signature.to_string(),
        }),
    }
}

/// Calls `f` with `args`, which must match its signature.
///
/// # Safety
/// The registered thunk really calls a function of `f`'s signature, and
/// that function may be called with these arguments (pointers valid for
/// what it does with them, and so on).
pub unsafe fn call(f: &ForeignFn, args: &[FfiValue]) -> Result<FfiValue, FfiError> {
    check_args(&f.name, &f.signature, args)?;
    let Some(address) = f.address else {
        // SAFETY: arguments checked against the signature; the rest is the
        // caller's contract.
        return Ok(unsafe { table::call_thunk(f.thunk, &f.signature, args) });
    };
    // The shim's signature has the address first (at most MAX_ARGS in all,
    // checked by `dynamic`).
    let mut with_address = [FfiValue::Void; MAX_ARGS];
    with_address[0] = FfiValue::Ptr(address);
    with_address[1..=args.len()].copy_from_slice(args);
    // SAFETY: the shim was registered for this signature with the address
    // first; the rest is the caller's contract (the address is a function
    // of `f`'s signature).
    Ok(unsafe { table::call_thunk(f.thunk, &f.signature, &with_address[..=args.len()]) })
}

/// A wrapper is a pooled trampoline (Note [Wrapper function pointers]).
pub use super::wrapper::PoolWrapper as Wrapper;

/// Takes a free trampoline of `signature` for `key`.
pub fn make_wrapper(signature: &Signature, key: usize) -> Result<Wrapper, FfiError> {
    super::wrapper::pool_take(signature, key)
}
