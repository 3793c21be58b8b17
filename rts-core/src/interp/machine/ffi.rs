//! Foreign calls: the `ffi.call` instruction (`foreign import ccall`).
//!
//! Owns the marshalling between interpreter words and C values by the call
//! site's foreign types (`bytecode::ForeignCallDesc::arg_types`), finding the
//! C function through the build's interpreter implementation
//! (`rts_features::interp`: libffi + `dlsym`, a link-time static table, or
//! none), the per-site cache of found functions, and the small built-in
//! table of the C functions the library itself imports (malloc, calloc,
//! free, hs_free_fun_ptr); `"wrapper"` sites are ffi/wrapper.rs's. See Note
//! [Foreign calls in the interpreter].

use std::sync::Once;

mod wrapper;

use bytecode::{CallConv, FfiType, ForeignCallDesc, Slot};
use rts_features::interp::{
    self as cffi, FfiError, FfiType as CType, FfiValue, MAX_ARGS, Signature, StaticEntry,
};

use super::memory::STABLE_PTR_BOX;
use super::{Machine, NO_LAYOUT, internal};
use crate::interp::RunError;
use crate::loader::Program;
use crate::word::{ClosurePtr, Word};

// Note [Foreign calls in the interpreter]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// The front end unboxes every argument before the call and re-boxes the
// result after it (typecheck/lower/foreign.rs, Note [Foreign types]), so
// `ffi.call` sees only unboxed words, one per argument, and writes at most
// one unboxed word back. Here each word becomes the C value of its
// foreign type: Int/Word and the 64-bit sized ones as 64-bit integers,
// the smaller sized integers narrowed to their C width, Char as HsChar
// (uint32_t), Bool as HsBool (64-bit, as HsFFI.h says), Double/Float as
// double/float, Ptr/FunPtr as addresses, and a StablePtr (a boxed table
// index, see memory.rs) as its index, which is what the C API hands out.
// Results come back the other way: signed C results sign-extended to the
// 64-bit word, unsigned ones zero-extended, a Bool normalised to 0/1, a
// StablePtr re-boxed (the only allocation, done at the instruction's
// layout, so it may collect).
//
// A static call site finds its function once, at its first call, and keeps
// it in `Program::foreign_fns` (a failed lookup is not cached: it is an
// error that stops the program anyway). A `"dynamic"` site calls the
// function pointer passed as its first argument; the pointer may differ
// per call, so it is prepared on every call (`rts_features::interp::
// dynamic`: libffi, or under interp-static a link-time shim for the
// signature that `hsrts build --emit-c` writes). A `"wrapper"` site makes
// a C function pointer for the Haskell closure it is given (ffi/wrapper.rs,
// Note [Calling a wrapper]). Address imports (`"&sym"`) are not
// implemented yet; `javascript` calls are jsffi.rs's.
//
// Single-threaded RTS: a `safe` call is a GC point (its layout is the
// instruction's), but nothing else runs while C runs, so safe and unsafe
// calls are made the same way here. C may call back into Haskell (through
// a `foreign export` / the C API) during any call: the running frame's
// layout is set and the machine published for the duration (Note
// [Re-entering the machine] in embed.rs).

/// Registers [`BUILTIN_TABLE`] once.
static REGISTER_BUILTINS: Once = Once::new();

fn register_builtins() {
    // Registered for every implementation: interp-libffi looks in tables
    // before `dlsym`, and `hs_free_fun_ptr` must reach the machine that
    // made the wrapper even when no C API is linked (`hsrts run`).
    REGISTER_BUILTINS.call_once(|| cffi::register_static_table(&BUILTIN_TABLE));
}

impl<'a> Machine<'a> {
    /// The image's descriptor of `ffi.call` number `call`.
    pub(super) fn foreign_call_desc(&self, call: u32) -> Result<&'a ForeignCallDesc, RunError> {
        let program: &'a Program = self.program;
        program
            .foreign_calls
            .get(call as usize)
            .ok_or_else(|| internal(format!("foreign call {call} out of range")))
    }

    /// Runs `ffi.call` number `call` of the image: reads `args` from the
    /// frame at `base`, calls, and writes the result (if any) to `results`.
    pub(super) fn foreign_call(
        &mut self,
        base: usize,
        call: u32,
        layout: u32,
        results: &[Slot],
        args: &[Slot],
    ) -> Result<(), RunError> {
        let program = self.program;
        let desc = self.foreign_call_desc(call)?;
        if desc.conv == CallConv::JavaScript {
            return self.js_foreign_call(base, call, layout, results, args);
        }
        if desc.conv != CallConv::CCall {
            return Err(RunError::Unimplemented(format!(
                "ffi.call of a javascript import ({:?}) in the interpreter",
                desc.entity
            )));
        }
        if CallSite::parse(&desc.entity) == CallSite::Wrapper {
            // Note [Calling a wrapper] in ffi/wrapper.rs.
            let (Some(callback), [function]) = (&desc.callback, args) else {
                return Err(internal(
                    "a \"wrapper\" call site without its callback signature or function",
                ));
            };
            let function = ClosurePtr::from_word(self.slot(base, *function));
            let address = self.make_wrapper(&desc.entity, callback, function)?;
            match results {
                [slot] => self.st.slots[base + slot.0 as usize] = address,
                _ => return Err(internal("a \"wrapper\" call site without a result slot")),
            }
            return Ok(());
        }
        if args.len() != desc.arg_types.len() {
            // Only a "wrapper" import has an argument without a foreign type.
            return Err(unsupported_site(&desc.entity));
        }
        let foreign_err = |error: FfiError| RunError::Foreign {
            entity: desc.entity.clone(),
            error,
        };
        let mut values = [FfiValue::Void; MAX_ARGS];
        if args.len() > MAX_ARGS {
            return Err(foreign_err(FfiError::BadSignature {
                text: desc.entity.clone(),
                reason: "too many arguments (at most 16)",
            }));
        }
        for (i, (slot, ty)) in args.iter().zip(&desc.arg_types).enumerate() {
            let word = self.slot(base, *slot);
            values[i] = to_c(*ty, word)?;
        }
        // The C function may call back into Haskell: the running frame is
        // precise during the call and the machine reachable from C (Note
        // [Re-entering the machine] in embed.rs).
        self.set_layout(layout);
        let reentry = super::embed::publish_for_callbacks(self);
        let result = Self::call_c(program, desc, call, &values[..args.len()]);
        drop(reentry);
        self.set_layout(NO_LAYOUT);
        let result = result?;
        let word = match desc.result_type {
            None => None,
            Some(FfiType::StablePtr) => {
                let FfiValue::Ptr(index) = result else {
                    return Err(internal("a StablePtr result that is not a pointer"));
                };
                self.set_layout(layout);
                let boxed = self.alloc(2);
                self.set_layout(NO_LAYOUT);
                let p = boxed?;
                // SAFETY: a fresh 2-word object: header and one payload word.
                unsafe {
                    p.set_info(&STABLE_PTR_BOX);
                    p.set_payload(0, index as Word);
                }
                Some(p.to_word())
            }
            Some(FfiType::Bool) => Some((from_c(result) != 0) as Word),
            Some(_) => Some(from_c(result)),
        };
        match (results, word) {
            ([], _) => {}
            ([slot], Some(w)) => self.st.slots[base + slot.0 as usize] = w,
            _ => return Err(internal("foreign call result slots do not match its type")),
        }
        Ok(())
    }

    /// Finds and calls the C function of site `call` with `values`. Takes
    /// no `self`: a callback may be using the machine meanwhile (Note
    /// [Re-entering the machine] in embed.rs).
    fn call_c(
        program: &Program,
        desc: &bytecode::ForeignCallDesc,
        call: u32,
        values: &[FfiValue],
    ) -> Result<FfiValue, RunError> {
        let foreign_err = |error: FfiError| RunError::Foreign {
            entity: desc.entity.clone(),
            error,
        };
        Ok(match CallSite::parse(&desc.entity) {
            CallSite::Static(symbol) => {
                let cell = program
                    .foreign_fns
                    .get(call as usize)
                    .ok_or_else(|| internal(format!("foreign call {call} has no cache slot")))?;
                let f = match cell.get() {
                    Some(f) => f,
                    None => {
                        register_builtins();
                        let signature =
                            signature(&desc.arg_types, desc.result_type).map_err(foreign_err)?;
                        let found = cffi::lookup(symbol, &signature).map_err(foreign_err)?;
                        // A lost race would leave an equal function in place.
                        let _ = cell.set(found);
                        cell.get()
                            .ok_or_else(|| internal("foreign function cache not filled"))?
                    }
                };
                // SAFETY: the arguments match the signature the program
                // declared for the symbol (checked again by `call`); that the
                // C function really has that type is the program's promise,
                // as with any foreign import.
                unsafe { cffi::call(f, values) }.map_err(foreign_err)?
            }
            CallSite::Dynamic => {
                let (Some(FfiType::FunPtr), Some(FfiValue::Ptr(address))) =
                    (desc.arg_types.first(), values.first().copied())
                else {
                    return Err(internal(
                        "a \"dynamic\" foreign call without a FunPtr first argument",
                    ));
                };
                let signature =
                    signature(&desc.arg_types[1..], desc.result_type).map_err(foreign_err)?;
                let f = cffi::dynamic(address, &signature).map_err(foreign_err)?;
                // SAFETY: as above; the address is the program's FunPtr of
                // the declared type.
                unsafe { cffi::call(&f, &values[1..]) }.map_err(foreign_err)?
            }
            CallSite::Wrapper | CallSite::Address(_) => {
                return Err(unsupported_site(&desc.entity));
            }
        })
    }
}

/// What a call site's entity string names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CallSite<'e> {
    /// A C function by name.
    Static(&'e str),
    /// `"dynamic"`: call the function pointer passed first.
    Dynamic,
    /// `"wrapper"`: make a function pointer for a Haskell closure.
    Wrapper,
    /// `"&sym"`: the address of a C symbol.
    Address(&'e str),
}

impl<'e> CallSite<'e> {
    /// Reads an entity as GHC's user guide writes it: an optional `static`,
    /// an optional header name (`math.h`, ignored), then the symbol
    /// (`&` in front for an address import).
    fn parse(entity: &'e str) -> CallSite<'e> {
        let mut words = entity.split_whitespace().peekable();
        match words.peek() {
            Some(&"dynamic") => return CallSite::Dynamic,
            Some(&"wrapper") => return CallSite::Wrapper,
            Some(&"static") => {
                words.next();
            }
            _ => {}
        }
        let symbol = words.find(|w| !w.ends_with(".h")).unwrap_or("");
        match symbol.strip_prefix('&') {
            Some(rest) => CallSite::Address(rest.trim_start()),
            None => CallSite::Static(symbol),
        }
    }
}

fn unsupported_site(entity: &str) -> RunError {
    RunError::Unimplemented(match CallSite::parse(entity) {
        CallSite::Wrapper => "ffi.call \"wrapper\" with an argument that is not the one \
                               Haskell function"
            .to_owned(),
        CallSite::Address(sym) => format!("ffi.call \"&{sym}\" (address imports)"),
        _ => format!("ffi.call {entity:?} with an argument of no foreign type"),
    })
}

/// The C type a foreign type is passed as (HsFFI.h's sizes).
fn c_type(t: FfiType) -> Result<CType, FfiError> {
    Ok(match t {
        FfiType::Int | FfiType::Int64 | FfiType::Bool => CType::I64,
        FfiType::Int8 => CType::I8,
        FfiType::Int16 => CType::I16,
        FfiType::Int32 => CType::I32,
        FfiType::Word | FfiType::Word64 => CType::U64,
        FfiType::Word8 => CType::U8,
        FfiType::Word16 => CType::U16,
        FfiType::Word32 | FfiType::Char => CType::U32,
        FfiType::Double => CType::F64,
        FfiType::Float => CType::F32,
        FfiType::Ptr | FfiType::FunPtr | FfiType::StablePtr => CType::Ptr,
        FfiType::JSVal => {
            return Err(FfiError::BadSignature {
                text: "JSVal".to_owned(),
                reason: "JSVal is not a C type",
            });
        }
    })
}

fn signature(args: &[FfiType], result: Option<FfiType>) -> Result<Signature, FfiError> {
    let args = args
        .iter()
        .map(|t| c_type(*t))
        .collect::<Result<Vec<_>, _>>()?;
    let result = result.map_or(Ok(CType::Void), c_type)?;
    Signature::new(&args, result)
}

/// The C value of an argument word of foreign type `t`.
fn to_c(t: FfiType, w: Word) -> Result<FfiValue, RunError> {
    let ty = c_type(t).map_err(|e| internal(format!("a C call with a JSVal argument: {e}")))?;
    if t == FfiType::StablePtr {
        // SAFETY: a StablePtr argument is a pointer-rep word the front end
        // evaluated before the call: a live box (or an indirection to one).
        let index = unsafe {
            let p = super::deref(ClosurePtr::from_word(w));
            if !std::ptr::eq(p.info(), &STABLE_PTR_BOX) {
                return Err(internal("a StablePtr foreign argument that is not one"));
            }
            p.payload(0)
        };
        return Ok(FfiValue::Ptr(index as usize));
    }
    // Truncating casts narrow to the C width (the front end keeps sized
    // values in range already).
    Ok(match ty {
        CType::I8 => FfiValue::I8(w as i8),
        CType::I16 => FfiValue::I16(w as i16),
        CType::I32 => FfiValue::I32(w as i32),
        CType::I64 => FfiValue::I64(w as i64),
        CType::U8 => FfiValue::U8(w as u8),
        CType::U16 => FfiValue::U16(w as u16),
        CType::U32 => FfiValue::U32(w as u32),
        CType::U64 => FfiValue::U64(w),
        CType::F32 => FfiValue::F32(f32::from_bits(w as u32)),
        CType::F64 => FfiValue::F64(f64::from_bits(w)),
        CType::Ptr => FfiValue::Ptr(w as usize),
        CType::Void => FfiValue::Void,
    })
}

/// The word of a C result: signed values sign-extended, unsigned ones and
/// addresses zero-extended, floats as their bits (a Float in the low 32).
fn from_c(v: FfiValue) -> Word {
    match v {
        FfiValue::Void => 0,
        FfiValue::I8(x) => x as i64 as Word,
        FfiValue::I16(x) => x as i64 as Word,
        FfiValue::I32(x) => x as i64 as Word,
        FfiValue::I64(x) => x as Word,
        FfiValue::U8(x) => x as Word,
        FfiValue::U16(x) => x as Word,
        FfiValue::U32(x) => x as Word,
        FfiValue::U64(x) => x,
        FfiValue::F32(x) => x.to_bits() as Word,
        FfiValue::F64(x) => x.to_bits(),
        FfiValue::Ptr(p) => p as Word,
    }
}

// The built-in table: the C functions the library imports
// (lib/Foreign/Marshal/Alloc.hs), so library code runs on interp-static
// too. Thunks follow `rts_features::interp::StaticThunk`.

unsafe extern "C" {
    fn malloc(size: usize) -> *mut core::ffi::c_void;
    fn calloc(count: usize, size: usize) -> *mut core::ffi::c_void;
    fn free(p: *mut core::ffi::c_void);
}

/// `void *malloc(size_t)`, as `Word -> IO (Ptr a)`.
///
/// # Safety
/// `args` points to one slot and `result` to one writable slot.
unsafe extern "C" fn malloc_thunk(args: *const u64, result: *mut u64) {
    // SAFETY: by the thunk contract; malloc accepts any size.
    unsafe { *result = malloc(*args as usize) as usize as u64 }
}

/// `void *calloc(size_t, size_t)`, as `Word -> Word -> IO (Ptr a)`.
///
/// # Safety
/// `args` points to two slots and `result` to one writable slot.
unsafe extern "C" fn calloc_thunk(args: *const u64, result: *mut u64) {
    // SAFETY: by the thunk contract; calloc accepts any sizes.
    unsafe { *result = calloc(*args as usize, *args.add(1) as usize) as usize as u64 }
}

/// `void free(void *)`, as `Ptr a -> IO ()`.
///
/// # Safety
/// `args` points to one slot holding a pointer malloc/calloc returned (or
/// null), not yet freed.
unsafe extern "C" fn free_thunk(args: *const u64, _result: *mut u64) {
    // SAFETY: by the thunk contract and the caller's promise about the
    // pointer (as in C, freeing twice is the program's error).
    unsafe { free(*args as usize as *mut core::ffi::c_void) }
}

/// `void hs_free_fun_ptr(HsFunPtr)` as the library's `freeHaskellFunPtr`
/// calls it: frees a "wrapper" function pointer on the machine making the
/// call (ffi/wrapper.rs). A pointer that is not a live wrapper is reported
/// and ends the process (as misuse of the C API does).
///
/// # Safety
/// `args` points to one slot.
unsafe extern "C" fn hs_free_fun_ptr_thunk(args: *const u64, _result: *mut u64) {
    // SAFETY: by the thunk contract.
    let address = unsafe { *args } as usize;
    match super::embed::with_reentered_machine(|m| m.free_fun_ptr(address)) {
        Some(Ok(())) => {}
        Some(Err(e)) => {
            eprintln!("hsrts: freeHaskellFunPtr: {e}");
            std::process::abort()
        }
        None => {
            eprintln!("hsrts: hs_free_fun_ptr called outside a Haskell foreign call");
            std::process::abort()
        }
    }
}

static BUILTIN_TABLE: [StaticEntry; 4] = [
    StaticEntry::new(c"malloc", c"L>p", malloc_thunk),
    StaticEntry::new(c"calloc", c"LL>p", calloc_thunk),
    StaticEntry::new(c"free", c"p>v", free_thunk),
    StaticEntry::new(c"hs_free_fun_ptr", c"p>v", hs_free_fun_ptr_thunk),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_parse_as_the_user_guide_writes_them() {
        assert_eq!(CallSite::parse("sin"), CallSite::Static("sin"));
        assert_eq!(
            CallSite::parse("static math.h sin"),
            CallSite::Static("sin")
        );
        assert_eq!(CallSite::parse("math.h cos"), CallSite::Static("cos"));
        assert_eq!(CallSite::parse("dynamic"), CallSite::Dynamic);
        assert_eq!(CallSite::parse("wrapper"), CallSite::Wrapper);
        assert_eq!(CallSite::parse("&free"), CallSite::Address("free"));
        assert_eq!(
            CallSite::parse("static stdlib.h &free"),
            CallSite::Address("free")
        );
    }

    #[test]
    fn narrow_arguments_and_widen_results() {
        let minus_one = (-1i64) as Word;
        assert_eq!(to_c(FfiType::Int8, minus_one).ok(), Some(FfiValue::I8(-1)));
        assert_eq!(
            to_c(FfiType::Word16, 0x1_2345).ok(),
            Some(FfiValue::U16(0x2345))
        );
        assert_eq!(
            to_c(FfiType::Char, 0x1F600).ok(),
            Some(FfiValue::U32(0x1F600))
        );
        assert_eq!(to_c(FfiType::Bool, 1).ok(), Some(FfiValue::I64(1)));
        assert_eq!(
            to_c(FfiType::Double, 2.5f64.to_bits()).ok(),
            Some(FfiValue::F64(2.5))
        );
        assert_eq!(
            to_c(FfiType::Float, 1.5f32.to_bits() as Word).ok(),
            Some(FfiValue::F32(1.5))
        );
        assert_eq!(from_c(FfiValue::I8(-2)), (-2i64) as Word);
        assert_eq!(from_c(FfiValue::I32(-7)), (-7i64) as Word);
        assert_eq!(from_c(FfiValue::U8(0xff)), 0xff);
        assert_eq!(from_c(FfiValue::U32(u32::MAX)), u32::MAX as Word);
        assert_eq!(from_c(FfiValue::F32(0.25)), 0.25f32.to_bits() as Word);
    }

    #[test]
    fn signatures_follow_hsffi_sizes() {
        let s = signature(
            &[FfiType::Int, FfiType::Char, FfiType::Ptr, FfiType::Float],
            Some(FfiType::Word8),
        );
        assert_eq!(s.map(|s| s.to_string()).ok().as_deref(), Some("lIpf>B"));
        let none = signature(&[], None);
        assert_eq!(none.map(|s| s.to_string()).ok().as_deref(), Some(">v"));
        assert!(signature(&[FfiType::JSVal], None).is_err());
    }
}
