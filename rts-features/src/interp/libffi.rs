//! `interp-libffi`: the bytecode interpreter may call any C function by
//! name, as GHC's interpreter does: first the link-time tables (see
//! `table.rs`), then any symbol of the program or its loaded shared
//! libraries (`dlsym(RTLD_DEFAULT, ..)`), called through libffi with a call
//! interface built once at lookup from the declared signature. Function
//! pointers (`foreign import ccall "dynamic"`) are called the same way.
//! Variadic C functions (`printf`) are not supported: their fixed/variadic
//! split is not part of a `Signature`. Linux only.
//!
//! Like GHC's `base`, which links the C maths library, the first lookup
//! loads `libm` into the global symbol scope, so `sin` or `pow` are found
//! even when the program itself does not link them.
//!
//! Symbols of the executable itself are visible to `dlsym` only if it was
//! linked with `-Wl,--export-dynamic` (this crate's build.rs does that for
//! its own tests); register a table for such functions instead.

use core::ffi::c_void;
use std::ffi::{CStr, CString};
use std::sync::Once;

use libffi::middle::{Arg, Cif, CodePtr, Type};

use super::table::{self, StaticThunk};
use super::{FfiError, FfiType, FfiValue, Signature, check_args};

pub const IMPLEMENTATION: &str = "libffi";
pub const INTERPRETER: bool = true;

/// A function found by name or address, with its call interface.
#[derive(Debug)]
pub struct ForeignFn {
    name: String,
    signature: Signature,
    target: Target,
}

#[derive(Debug)]
enum Target {
    /// Registered in a link-time table.
    Thunk(StaticThunk),
    /// Native code, called through libffi.
    Native { cif: Cif, code: CodePtr },
}

// SAFETY: the `Cif` is fully prepared at construction and only read by
// `ffi_call` afterwards; it owns the type descriptions it points to. The
// code pointer is an address. Nothing here is tied to a thread.
unsafe impl Send for ForeignFn {}
// SAFETY: as above: shared use only reads.
unsafe impl Sync for ForeignFn {}

impl ForeignFn {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn signature(&self) -> &Signature {
        &self.signature
    }
}

fn libffi_type(ty: FfiType) -> Type {
    match ty {
        FfiType::Void => Type::void(),
        FfiType::I8 => Type::i8(),
        FfiType::I16 => Type::i16(),
        FfiType::I32 => Type::i32(),
        FfiType::I64 => Type::i64(),
        FfiType::U8 => Type::u8(),
        FfiType::U16 => Type::u16(),
        FfiType::U32 => Type::u32(),
        FfiType::U64 => Type::u64(),
        FfiType::F32 => Type::f32(),
        FfiType::F64 => Type::f64(),
        FfiType::Ptr => Type::pointer(),
    }
}

fn native(name: String, signature: &Signature, address: *mut c_void) -> ForeignFn {
    let cif = Cif::new(
        signature.args().iter().map(|&ty| libffi_type(ty)),
        libffi_type(signature.result()),
    );
    ForeignFn {
        name,
        signature: signature.clone(),
        target: Target::Native {
            cif,
            code: CodePtr::from_ptr(address),
        },
    }
}

/// Libraries loaded into the global scope before the first `dlsym`.
const DEFAULT_LIBRARIES: [&CStr; 1] = [c"libm.so.6"];

fn load_default_libraries() {
    static LOADED: Once = Once::new();
    LOADED.call_once(|| {
        for library in DEFAULT_LIBRARIES {
            // SAFETY: dlopen of a system library by name; the handle is kept
            // for the life of the process (never dlclose'd).
            let handle =
                unsafe { libc::dlopen(library.as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL) };
            if handle.is_null() {
                log::warn!(
                    "interp-libffi: cannot load {library:?}; its functions will not be found"
                );
            }
        }
    });
}

/// Finds `symbol` in the registered tables, else with `dlsym`.
pub fn lookup(symbol: &str, signature: &Signature) -> Result<ForeignFn, FfiError> {
    if let Some(found) = table::find(symbol, signature)? {
        return Ok(ForeignFn {
            name: symbol.to_owned(),
            signature: signature.clone(),
            target: Target::Thunk(found.thunk),
        });
    }
    load_default_libraries();
    let c_symbol = CString::new(symbol).map_err(|_| FfiError::BadSymbolName {
        symbol: symbol.to_owned(),
    })?;
    // SAFETY: dlerror/dlsym with a NUL-terminated name; RTLD_DEFAULT searches
    // the global symbol scope. dlerror() is called first to clear a stale
    // error. (dlerror's state is per thread in glibc.)
    let (address, error) = unsafe {
        libc::dlerror();
        let address = libc::dlsym(libc::RTLD_DEFAULT, c_symbol.as_ptr());
        let error = libc::dlerror();
        let error =
            (!error.is_null()).then(|| CStr::from_ptr(error).to_string_lossy().into_owned());
        (address, error)
    };
    if address.is_null() {
        return Err(FfiError::NotFound {
            symbol: symbol.to_owned(),
            implementation: IMPLEMENTATION,
            detail: error.unwrap_or_else(|| {
                "the symbol is null in the program and its shared libraries".to_owned()
            }),
        });
    }
    Ok(native(symbol.to_owned(), signature, address))
}

/// A function at `address` with `signature` (`foreign import ccall
/// "dynamic"`). A null address is an error.
pub fn dynamic(address: usize, signature: &Signature) -> Result<ForeignFn, FfiError> {
    if address == 0 {
        return Err(FfiError::NotFound {
            symbol: "<null function pointer>".to_owned(),
            implementation: IMPLEMENTATION,
            detail: "cannot call through a null function pointer".to_owned(),
        });
    }
    Ok(native(
        format!("<function at {address:#x}>"),
        signature,
        address as *mut c_void,
    ))
}

/// Calls `f` with `args`, which must match its signature.
///
/// # Safety
/// `f` really is a C function of its signature, and it may be called with
/// these arguments (pointers valid for what it does with them, and so on).
pub unsafe fn call(f: &ForeignFn, args: &[FfiValue]) -> Result<FfiValue, FfiError> {
    check_args(&f.name, &f.signature, args)?;
    let (cif, code) = match &f.target {
        Target::Thunk(thunk) => {
            // SAFETY: arguments checked; the rest is the caller's contract.
            return Ok(unsafe { table::call_thunk(*thunk, &f.signature, args) });
        }
        Target::Native { cif, code } => (cif, *code),
    };
    // Each `Arg` points into `args`, which outlives the call.
    let ffi_args: Vec<Arg> = args
        .iter()
        .map(|arg| match arg {
            FfiValue::Void => Arg::new(&()),
            FfiValue::I8(v) => Arg::new(v),
            FfiValue::I16(v) => Arg::new(v),
            FfiValue::I32(v) => Arg::new(v),
            FfiValue::I64(v) => Arg::new(v),
            FfiValue::U8(v) => Arg::new(v),
            FfiValue::U16(v) => Arg::new(v),
            FfiValue::U32(v) => Arg::new(v),
            FfiValue::U64(v) => Arg::new(v),
            FfiValue::F32(v) => Arg::new(v),
            FfiValue::F64(v) => Arg::new(v),
            FfiValue::Ptr(v) => Arg::new(v),
        })
        .collect();
    // SAFETY: the Cif was built from `f.signature`, the arguments were
    // checked against it (so each `Arg` points to a value of the C type the
    // Cif expects; `usize` is pointer-sized), and `R` below is the Rust type
    // of the result; the rest is the caller's contract.
    let value = unsafe {
        match f.signature.result() {
            FfiType::Void => {
                cif.call::<()>(code, &ffi_args);
                FfiValue::Void
            }
            FfiType::I8 => FfiValue::I8(cif.call(code, &ffi_args)),
            FfiType::I16 => FfiValue::I16(cif.call(code, &ffi_args)),
            FfiType::I32 => FfiValue::I32(cif.call(code, &ffi_args)),
            FfiType::I64 => FfiValue::I64(cif.call(code, &ffi_args)),
            FfiType::U8 => FfiValue::U8(cif.call(code, &ffi_args)),
            FfiType::U16 => FfiValue::U16(cif.call(code, &ffi_args)),
            FfiType::U32 => FfiValue::U32(cif.call(code, &ffi_args)),
            FfiType::U64 => FfiValue::U64(cif.call(code, &ffi_args)),
            FfiType::F32 => FfiValue::F32(cif.call(code, &ffi_args)),
            FfiType::F64 => FfiValue::F64(cif.call(code, &ffi_args)),
            FfiType::Ptr => FfiValue::Ptr(cif.call(code, &ffi_args)),
        }
    };
    Ok(value)
}

/// What a libffi closure's handler needs: the runtime's key and the C
/// signature (to read the arguments).
#[derive(Debug)]
struct WrapperData {
    key: usize,
    signature: Signature,
}

/// A C function pointer made with a libffi closure (Note [Wrapper function
/// pointers] in wrapper.rs); dropping it frees the closure.
#[derive(Debug)]
pub struct Wrapper {
    /// Always `Some` until dropped (taken first in `drop`, so the closure
    /// goes before the data it points to).
    closure: Option<libffi::middle::Closure<'static>>,
    data: *mut WrapperData,
    address: usize,
}

// SAFETY: the closure's code and data are immutable once made; the raw
// pointer is owned by the wrapper alone.
unsafe impl Send for Wrapper {}

impl Wrapper {
    /// The C function pointer.
    pub fn address(&self) -> usize {
        self.address
    }
}

impl Drop for Wrapper {
    fn drop(&mut self) {
        drop(self.closure.take());
        // SAFETY: made by `Box::into_raw` in `make_wrapper`; the closure
        // that referred to it is gone, so this is the last use.
        drop(unsafe { Box::from_raw(self.data) });
    }
}

/// Makes a C function pointer of `signature` that calls the installed
/// handler with `key`.
pub fn make_wrapper(signature: &Signature, key: usize) -> Result<Wrapper, FfiError> {
    let cif = Cif::new(
        signature.args().iter().map(|&ty| libffi_type(ty)),
        libffi_type(signature.result()),
    );
    let data = Box::into_raw(Box::new(WrapperData {
        key,
        signature: signature.clone(),
    }));
    // SAFETY: `data` stays valid until the wrapper is dropped, which drops
    // the closure first.
    let closure = libffi::middle::Closure::new(cif, wrapper_entry, unsafe { &*data });
    let address = *closure.code_ptr() as usize;
    Ok(Wrapper {
        closure: Some(closure),
        data,
        address,
    })
}

/// The handler of every libffi wrapper closure: reads the C arguments into
/// slots, runs the installed handler, writes the result.
///
/// # Safety
/// Called by libffi only, for a closure made by `make_wrapper`: `args`
/// holds one pointer per argument of `data.signature`, each to a value of
/// its C type, and `result` is libffi's result buffer (at least a 64-bit
/// `ffi_arg`, as libffi widens small integer results).
unsafe extern "C" fn wrapper_entry(
    _cif: &libffi::low::ffi_cif,
    result: &mut u64,
    args: *const *const c_void,
    data: &WrapperData,
) {
    let mut slots = [0u64; super::MAX_ARGS];
    let types = data.signature.args();
    for (i, (slot, ty)) in slots.iter_mut().zip(types).enumerate() {
        // SAFETY: by the contract, `args[i]` points to a value of type `ty`.
        let value = unsafe {
            let p = *args.add(i);
            match ty {
                FfiType::Void => FfiValue::Void,
                FfiType::I8 => FfiValue::I8(*p.cast()),
                FfiType::I16 => FfiValue::I16(*p.cast()),
                FfiType::I32 => FfiValue::I32(*p.cast()),
                FfiType::I64 => FfiValue::I64(*p.cast()),
                FfiType::U8 => FfiValue::U8(*p.cast()),
                FfiType::U16 => FfiValue::U16(*p.cast()),
                FfiType::U32 => FfiValue::U32(*p.cast()),
                FfiType::U64 => FfiValue::U64(*p.cast()),
                FfiType::F32 => FfiValue::F32(*p.cast()),
                FfiType::F64 => FfiValue::F64(*p.cast()),
                FfiType::Ptr => FfiValue::Ptr(*p.cast()),
            }
        };
        *slot = value.to_slot();
    }
    let r = super::wrapper::dispatch(data.key, &slots[..types.len()]);
    // The slot is already sign- or zero-extended to 64 bits (what libffi
    // expects of an integer result narrower than `ffi_arg`); a float's bits
    // are in its low half, which is where a little-endian buffer keeps an
    // `f32` (the Linux targets of interp-libffi are little-endian).
    if data.signature.result() != FfiType::Void {
        *result = r;
    }
}
