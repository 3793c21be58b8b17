//! C function pointers for Haskell closures (`foreign import ccall
//! "wrapper"`): the parts every implementation shares. Owns the one
//! *handler* the runtime installs (what a C call of any wrapper runs), and
//! the link-time *trampoline pools* that `interp-static` hands out.
//! See Note [Wrapper function pointers].

// Note [Wrapper function pointers]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A wrapper is a C function pointer of a fixed signature which, when C
// calls it, runs a Haskell closure. This crate knows nothing of Haskell:
// a wrapper is made for a *key* (a number the runtime chooses, naming the
// closure in its own table), and a C call of the wrapper becomes a call of
// the installed [`WrapperHandler`] with that key and the C arguments as
// 64-bit slots (the slot convention of `table.rs`); the handler's result
// slot becomes the C result.
//
// * interp-libffi: each wrapper is a fresh libffi closure (executable
//   trampoline memory) whose user data holds the key and the signature;
//   freeing the wrapper frees the closure. No limit but memory.
// * interp-static (wasm, where code cannot be made at run time): the C
//   file that `hsrts build --emit-c` writes defines, for each signature
//   the program's "wrapper" imports use, a pool of N trampolines (plain C
//   functions) and registers them with `hsrts_register_wrapper_pool`. Each
//   trampoline packs its arguments into slots and calls
//   `hsrts_wrapper_call` with its own address, which is how the runtime
//   finds its key. Making a wrapper takes a free trampoline of the
//   signature; freeing it returns the trampoline. When all N are in use
//   the error says so (N is `--wrapper-pool`).
// * interp-none: no wrappers (no interpreter to run the closure).

use core::ffi::{CStr, c_char};
use std::sync::{Mutex, OnceLock, PoisonError};

use super::{FfiError, MAX_ARGS, Signature};

/// What a C call of a wrapper runs: `key` as given to `make_wrapper`, the
/// C arguments as slots; returns the result slot (ignored for `void`).
/// It must not return normally without a result: on failure it reports
/// and ends the process (C has no way to receive a Haskell exception).
pub type WrapperHandler = fn(key: usize, args: &[u64]) -> u64;

static HANDLER: OnceLock<WrapperHandler> = OnceLock::new();

/// Installs the handler every wrapper calls (the first one installed
/// stays; the runtime installs one before it makes any wrapper).
pub fn set_wrapper_handler(handler: WrapperHandler) {
    let _ = HANDLER.set(handler);
}

/// Runs the installed handler for a C call of wrapper `key`.
#[cfg_attr(
    hsrts_interp = "none",
    allow(dead_code, reason = "interp-none makes no wrappers")
)]
pub(crate) fn dispatch(key: usize, args: &[u64]) -> u64 {
    match HANDLER.get() {
        Some(handler) => handler(key, args),
        None => {
            eprintln!(
                "hsrts: a \"wrapper\" function pointer was called, but no runtime handles them"
            );
            std::process::abort()
        }
    }
}

/// One signature's trampolines, registered by generated C.
struct Pool {
    signature: Signature,
    /// Trampoline addresses.
    slots: Vec<usize>,
    /// The key each trampoline currently stands for (`None`: free).
    keys: Vec<Option<usize>>,
}

static POOLS: Mutex<Vec<Pool>> = Mutex::new(Vec::new());

/// Registers `count` trampolines of `signature` (text form, `types.rs`).
/// Called by the C file `hsrts build --emit-c` writes, before `hs_init`:
///
/// ```c
/// typedef void (*HsrtsTrampoline)(void);
/// void hsrts_register_wrapper_pool(const char *signature, const HsrtsTrampoline *slots, size_t count);
/// ```
///
/// A malformed signature is reported and ignored; a second pool of the
/// same signature adds its trampolines to the first.
///
/// # Safety
/// `signature` is a NUL-terminated string; `slots` points to `count`
/// function pointers, each a trampoline of that signature that calls
/// [`hsrts_wrapper_call`] with its own address.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hsrts_register_wrapper_pool(
    signature: *const c_char,
    slots: *const Option<unsafe extern "C" fn()>,
    count: usize,
) {
    if signature.is_null() || slots.is_null() || count == 0 {
        return;
    }
    // SAFETY: NUL-terminated (contract).
    let text = unsafe { CStr::from_ptr(signature) }.to_string_lossy();
    let signature = match Signature::parse(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hsrts: wrapper pool ignored: {e}");
            return;
        }
    };
    // SAFETY: `count` readable function pointers (contract).
    let addresses: Vec<usize> = unsafe { std::slice::from_raw_parts(slots, count) }
        .iter()
        .filter_map(|f| f.map(|f| f as usize))
        .collect();
    let mut pools = POOLS.lock().unwrap_or_else(PoisonError::into_inner);
    let pool = match pools.iter_mut().position(|p| p.signature == signature) {
        Some(i) => &mut pools[i],
        None => {
            pools.push(Pool {
                signature,
                slots: Vec::new(),
                keys: Vec::new(),
            });
            let last = pools.len() - 1;
            &mut pools[last]
        }
    };
    for a in addresses {
        if !pool.slots.contains(&a) {
            pool.slots.push(a);
            pool.keys.push(None);
        }
    }
}

/// The entry of every pooled trampoline: `slot` is the trampoline's own
/// address, `args` its arguments as slots, `result` the result slot.
///
/// # Safety
/// `args` points to as many slots as the trampoline's signature has
/// arguments (at most 16) and `result` to one writable slot.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hsrts_wrapper_call(slot: usize, args: *const u64, result: *mut u64) {
    let found = {
        let pools = POOLS.lock().unwrap_or_else(PoisonError::into_inner);
        pools.iter().find_map(|p| {
            let i = p.slots.iter().position(|a| *a == slot)?;
            Some((p.keys[i], p.signature.args().len()))
        })
    };
    let (key, argc) = match found {
        Some((Some(key), argc)) => (key, argc.min(MAX_ARGS)),
        Some((None, _)) => {
            eprintln!(
                "hsrts: a \"wrapper\" function pointer was called after freeHaskellFunPtr freed it"
            );
            std::process::abort()
        }
        None => {
            eprintln!("hsrts: hsrts_wrapper_call from an unregistered trampoline {slot:#x}");
            std::process::abort()
        }
    };
    let args = if argc == 0 || args.is_null() {
        &[][..]
    } else {
        // SAFETY: `argc` readable slots (contract).
        unsafe { std::slice::from_raw_parts(args, argc) }
    };
    let r = dispatch(key, args);
    if !result.is_null() {
        // SAFETY: a writable slot (contract).
        unsafe { *result = r };
    }
}

/// A wrapper backed by a pooled trampoline; dropping it frees the slot.
#[derive(Debug)]
#[cfg_attr(
    not(hsrts_interp = "static"),
    allow(dead_code, reason = "only interp-static uses the pools")
)]
pub struct PoolWrapper {
    address: usize,
}

#[cfg_attr(
    not(hsrts_interp = "static"),
    allow(dead_code, reason = "only interp-static uses the pools")
)]
impl PoolWrapper {
    /// The C function pointer.
    pub fn address(&self) -> usize {
        self.address
    }
}

impl Drop for PoolWrapper {
    fn drop(&mut self) {
        let mut pools = POOLS.lock().unwrap_or_else(PoisonError::into_inner);
        for p in pools.iter_mut() {
            if let Some(i) = p.slots.iter().position(|a| *a == self.address) {
                p.keys[i] = None;
            }
        }
    }
}

/// Takes a free trampoline of `signature` for `key`.
#[cfg_attr(
    not(hsrts_interp = "static"),
    allow(dead_code, reason = "only interp-static uses the pools")
)]
pub(crate) fn pool_take(signature: &Signature, key: usize) -> Result<PoolWrapper, FfiError> {
    let mut pools = POOLS.lock().unwrap_or_else(PoisonError::into_inner);
    let Some(pool) = pools.iter_mut().find(|p| p.signature == *signature) else {
        return Err(FfiError::NoWrapperPool {
            signature: signature.to_string(),
        });
    };
    match pool.keys.iter().position(Option::is_none) {
        Some(i) => {
            pool.keys[i] = Some(key);
            Ok(PoolWrapper {
                address: pool.slots[i],
            })
        }
        None => Err(FfiError::WrapperPoolExhausted {
            signature: signature.to_string(),
            size: pool.slots.len(),
        }),
    }
}
