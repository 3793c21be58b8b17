//! `rts_mk*` and `rts_get*`: building boxed Haskell values from C values and
//! reading them back, with GHC's names and types (RtsAPI.h).
//!
//! A boxed value is a constructor closure with one non-pointer word, made
//! with the loaded image's own constructor info (`GHC.Types.I#` for `Int`,
//! ...), so the program's code can take it apart. Where the library has no
//! constructor of its own for a type, the value has the representation the
//! library gives it (crates/frontend/src/typecheck/lower/foreign.rs):
//! `IntN` are newtypes of `Int`, `WordN` of `Word`, `Ptr`/`FunPtr` of
//! `Word`, `Float` of `Double`; so each type lists the constructors to try,
//! first found wins (see [`box_constructors`]). Sized integers are stored
//! widened to 64 bits (sign-extended for `IntN`, zero-extended for
//! `WordN`), as the narrowing primops leave them; a `Float` in its own box
//! (`F#`) is its IEEE bits in the low half, in a `D#` the equal `Double`.
//!
//! `rts_get*` accepts exactly the constructors its type may use and reports
//! anything else (another constructor, an unevaluated thunk) as misuse.

use std::ffi::{CStr, c_char};

use bytecode::FfiType;
use rts_core::info::ClosureType;
use rts_core::{ClosurePtr, InfoTable, Word};

use crate::capability::{Capability, HaskellObj, check_token, handle_of, obj_of};
use crate::runtime::{Runtime, fatal, with_capability};

/// The info table of a boxed stable pointer (`StablePtr a` given to or
/// read from Haskell): one non-pointer word, the stable pointer (the
/// table index plus one). The runtime's `makeStablePtr#` must use the same
/// representation; it has no constructor in the image because `StablePtr`
/// is an opaque runtime type.
pub static STABLE_PTR_BOX: InfoTable = InfoTable::constructor("GHC.Types.StablePtr#", 0, 0, 1);

/// The constructors a one-word value of type `t` may be boxed with,
/// preferred first (unqualified names match any module). The types that are
/// not one boxed word have none here: `Bool` is `True`/`False`
/// ([`rts_mkBool`]), a `StablePtr` has its own box ([`STABLE_PTR_BOX`]) and
/// a `JSVal` has no C API.
pub fn box_constructors(t: FfiType) -> &'static [&'static str] {
    match t {
        FfiType::Int => &["GHC.Types.I#"],
        FfiType::Int8 => &["I8#", "GHC.Types.I#"],
        FfiType::Int16 => &["I16#", "GHC.Types.I#"],
        FfiType::Int32 => &["I32#", "GHC.Types.I#"],
        FfiType::Int64 => &["I64#", "GHC.Types.I#"],
        FfiType::Word => &["GHC.Types.W#"],
        FfiType::Word8 => &["W8#", "GHC.Types.W#"],
        FfiType::Word16 => &["W16#", "GHC.Types.W#"],
        FfiType::Word32 => &["W32#", "GHC.Types.W#"],
        FfiType::Word64 => &["W64#", "GHC.Types.W#"],
        FfiType::Char => &["GHC.Types.C#"],
        FfiType::Double => &["GHC.Types.D#"],
        FfiType::Float => &["F#", "GHC.Types.D#"],
        FfiType::Ptr => &["Ptr", "GHC.Types.W#", "GHC.Types.I#"],
        FfiType::FunPtr => &["FunPtr", "GHC.Types.W#", "GHC.Types.I#"],
        FfiType::Bool | FfiType::StablePtr | FfiType::JSVal => &[],
    }
}

/// Follows indirections to the value.
///
/// # Safety
/// `p` must be a live closure.
pub unsafe fn follow(mut p: ClosurePtr) -> ClosurePtr {
    loop {
        p = p.untagged();
        // SAFETY: a live closure; indirectees are live.
        match unsafe { p.info() }.closure_type {
            // SAFETY: payload 0 of an indirection is the indirectee.
            ClosureType::Ind | ClosureType::IndStatic => p = unsafe { p.payload_ptr(0) },
            _ => return p,
        }
    }
}

/// Boxes `w` as a `kind` in the current lock window.
fn mk(site: &str, cap: *mut Capability, kind: FfiType, w: Word) -> HaskellObj {
    check_token(site, cap);
    with_capability(site, |rt| {
        let info = rt.con(site, box_constructors(kind));
        let w = if kind == FfiType::Float && is_double_box(info) {
            f64::from(f32::from_bits(w as u32)).to_bits()
        } else {
            w
        };
        let p = rt.alloc_con(site, info, &[], &[w]);
        obj_of(rt.new_handle(site, p))
    })
}

/// The evaluated value behind `obj`, checked to be a constructor accepted
/// by `accept`; `what` names the expected type in messages.
fn value_of(
    rt: &mut Runtime,
    site: &str,
    obj: HaskellObj,
    what: &str,
    accept: impl Fn(&mut Runtime, &'static InfoTable) -> bool,
) -> ClosurePtr {
    let p = rt.resolve(site, handle_of(obj));
    // SAFETY: handles keep their closures alive.
    let p = unsafe { follow(p) };
    // SAFETY: as above.
    let info = unsafe { p.info() };
    match info.closure_type {
        ClosureType::Constr if accept(rt, info) => p,
        ClosureType::Constr => fatal(
            site,
            format!(
                "expected a value of type {what}, got the constructor {}",
                info.name
            ),
        ),
        ClosureType::Thunk
        | ClosureType::Ap
        | ClosureType::ThunkSelector
        | ClosureType::Blackhole => fatal(
            site,
            format!("the {what} is not evaluated (evaluate it with rts_eval first)"),
        ),
        t => fatal(
            site,
            format!(
                "expected a value of type {what}, got a {t:?} closure ({})",
                info.name
            ),
        ),
    }
}

/// The word inside a boxed `kind`.
fn get(site: &str, obj: HaskellObj, kind: FfiType) -> Word {
    with_capability(site, |rt| {
        let p = value_of(rt, site, obj, &kind.to_string(), |rt, info| {
            info.ptrs == 0
                && info.nptrs == 1
                && box_constructors(kind).iter().any(|n| {
                    rt.find_con(site, &[n])
                        .is_some_and(|t| std::ptr::eq(t, info))
                })
        });
        // SAFETY: an accepted constructor has one non-pointer word.
        let w = unsafe { p.payload(0) };
        // SAFETY: as above.
        if kind == FfiType::Float && is_double_box(unsafe { p.info() }) {
            Word::from((f64::from_bits(w) as f32).to_bits())
        } else {
            w
        }
    })
}

/// Whether `info` is the `Double` box (a `Float` kept as a `Double`).
fn is_double_box(info: &InfoTable) -> bool {
    info.name == "GHC.Types.D#"
}

macro_rules! mk_and_get {
    ($( $mk:ident, $get:ident, $kind:ident, $cty:ty, |$v:ident| $to_word:expr, |$w:ident| $from_word:expr; )*) => {$(
        #[doc = concat!("`HaskellObj ", stringify!($mk), "(Capability *, ", stringify!($cty), ")`: a boxed `", stringify!($kind), "`.")]
        ///
        /// # Safety
        ///
        /// `cap` is the token `rts_lock` returned to this thread.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $mk(cap: *mut Capability, $v: $cty) -> HaskellObj {
            mk(stringify!($mk), cap, FfiType::$kind, $to_word)
        }

        #[doc = concat!("`", stringify!($cty), " ", stringify!($get), "(HaskellObj)`: the C value of an evaluated `", stringify!($kind), "`.")]
        ///
        /// # Safety
        ///
        /// Called by the thread holding the capability, with a `HaskellObj`
        /// of the current lock window (anything else is reported).
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $get(obj: HaskellObj) -> $cty {
            let $w = get(stringify!($get), obj, FfiType::$kind);
            $from_word
        }
    )*};
}

mk_and_get! {
    rts_mkInt, rts_getInt, Int, i64, |v| v as Word, |w| w as i64;
    rts_mkInt8, rts_getInt8, Int8, i8, |v| v as i64 as Word, |w| w as i8;
    rts_mkInt16, rts_getInt16, Int16, i16, |v| v as i64 as Word, |w| w as i16;
    rts_mkInt32, rts_getInt32, Int32, i32, |v| v as i64 as Word, |w| w as i32;
    rts_mkInt64, rts_getInt64, Int64, i64, |v| v as Word, |w| w as i64;
    rts_mkWord, rts_getWord, Word, u64, |v| v, |w| w;
    rts_mkWord8, rts_getWord8, Word8, u8, |v| v as Word, |w| w as u8;
    rts_mkWord16, rts_getWord16, Word16, u16, |v| v as Word, |w| w as u16;
    rts_mkWord32, rts_getWord32, Word32, u32, |v| v as Word, |w| w as u32;
    rts_mkWord64, rts_getWord64, Word64, u64, |v| v, |w| w;
    rts_mkChar, rts_getChar, Char, u32, |v| v as Word, |w| w as u32;
    rts_mkDouble, rts_getDouble, Double, f64, |v| v.to_bits(), |w| f64::from_bits(w);
    rts_mkFloat, rts_getFloat, Float, f32, |v| v.to_bits() as Word, |w| f32::from_bits(w as u32);
    rts_mkPtr, rts_getPtr, Ptr, *mut std::ffi::c_void, |v| v as usize as Word, |w| std::ptr::with_exposed_provenance_mut(w as usize);
    rts_mkFunPtr, rts_getFunPtr, FunPtr, Option<unsafe extern "C" fn()>, |v| v.map_or(0, |f| f as usize) as Word, |w| fun_ptr_of(w);
}

/// A C function pointer from its address (NULL is `None`).
fn fun_ptr_of(w: Word) -> Option<unsafe extern "C" fn()> {
    if w == 0 {
        return None;
    }
    let p: *const () = std::ptr::with_exposed_provenance(w as usize);
    // SAFETY: the word was made by `rts_mkFunPtr` (or Haskell's castPtrToFunPtr)
    // from a function pointer of the same size; calling it is the C side's
    // responsibility, as for any FunPtr.
    Some(unsafe { std::mem::transmute::<*const (), unsafe extern "C" fn()>(p) })
}

/// `HaskellObj rts_mkBool(Capability *, HsBool)`: `False` for 0, `True`
/// otherwise.
///
/// # Safety
///
/// `cap` is the token `rts_lock` returned to this thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_mkBool(cap: *mut Capability, b: i64) -> HaskellObj {
    let site = "rts_mkBool";
    check_token(site, cap);
    with_capability(site, |rt| {
        let name = if b != 0 {
            "GHC.Types.True"
        } else {
            "GHC.Types.False"
        };
        let p = rt.nullary(site, name);
        obj_of(rt.new_handle(site, p))
    })
}

/// `HsBool rts_getBool(HaskellObj)`: 1 for `True`, 0 for `False`.
///
/// # Safety
///
/// As the other `rts_get*`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_getBool(obj: HaskellObj) -> i64 {
    let site = "rts_getBool";
    with_capability(site, |rt| {
        let t = rt.find_con(site, &["GHC.Types.True"]);
        let f = rt.find_con(site, &["GHC.Types.False"]);
        let p = value_of(rt, site, obj, "Bool", |_, info| {
            t.is_some_and(|t| std::ptr::eq(t, info)) || f.is_some_and(|f| std::ptr::eq(f, info))
        });
        // SAFETY: an accepted closure is True or False.
        i64::from(t.is_some_and(|t| std::ptr::eq(unsafe { p.info() }, t)))
    })
}

/// `HaskellObj rts_mkStablePtr(Capability *, HsStablePtr)`: a boxed
/// `StablePtr a` (see [`STABLE_PTR_BOX`]). The pointer is not checked here;
/// dereferencing it is.
///
/// # Safety
///
/// `cap` is the token `rts_lock` returned to this thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_mkStablePtr(
    cap: *mut Capability,
    sp: *mut std::ffi::c_void,
) -> HaskellObj {
    let site = "rts_mkStablePtr";
    check_token(site, cap);
    with_capability(site, |rt| {
        let p = rt.alloc_con(site, &STABLE_PTR_BOX, &[], &[sp as usize as Word]);
        obj_of(rt.new_handle(site, p))
    })
}

/// `HsStablePtr rts_getStablePtr(HaskellObj)`.
///
/// # Safety
///
/// As the other `rts_get*`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_getStablePtr(obj: HaskellObj) -> *mut std::ffi::c_void {
    let site = "rts_getStablePtr";
    with_capability(site, |rt| {
        let p = value_of(rt, site, obj, "StablePtr", |_, info| {
            std::ptr::eq(info, &STABLE_PTR_BOX)
        });
        // SAFETY: a STABLE_PTR_BOX has one non-pointer word.
        std::ptr::without_provenance_mut(unsafe { p.payload(0) } as usize)
    })
}

/// `HaskellObj rts_mkString(Capability *, char *)`: the `String` of the
/// NUL-terminated bytes, one `Char` per byte as GHC's (made at once, so
/// the C string may be freed after the call).
///
/// # Safety
///
/// `cap` is the token `rts_lock` returned to this thread; `s` is a valid
/// NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_mkString(cap: *mut Capability, s: *const c_char) -> HaskellObj {
    let site = "rts_mkString";
    check_token(site, cap);
    if s.is_null() {
        fatal(site, "the string is NULL");
    }
    // SAFETY: a valid NUL-terminated string (contract).
    let bytes = unsafe { CStr::from_ptr(s) }.to_bytes();
    with_capability(site, |rt| {
        let p = make_string(rt, site, bytes.iter().map(|&b| u32::from(b)));
        obj_of(rt.new_handle(site, p))
    })
}

/// A `String` of `chars`, built from the end.
pub fn make_string(
    rt: &mut Runtime,
    site: &str,
    chars: impl DoubleEndedIterator<Item = u32>,
) -> ClosurePtr {
    let char_box = rt.con(site, box_constructors(FfiType::Char));
    let cons = rt.con(site, &["GHC.Types.:"]);
    let mut list = [rt.program(site).wired.nil];
    for c in chars.rev() {
        let ch = rt.alloc_con_keeping(site, char_box, &[], &[Word::from(c)], &mut list);
        list[0] = rt.alloc_con(site, cons, &[ch, list[0]], &[]);
    }
    list[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exactly the one-word types have box constructors, and each list ends
    /// with a built-in box (`GHC.Types.*`), which every image has.
    #[test]
    fn one_word_types_and_only_they_have_box_constructors() {
        for t in FfiType::ALL {
            let names = box_constructors(t);
            let one_word = !matches!(t, FfiType::Bool | FfiType::StablePtr | FfiType::JSVal);
            assert_eq!(!names.is_empty(), one_word, "{t}");
            if one_word {
                assert!(
                    names.iter().any(|n| n.starts_with("GHC.Types.")),
                    "{t}: {names:?}"
                );
            }
        }
    }

    /// Messages name the Haskell type as a program writes it.
    #[test]
    fn messages_use_the_haskell_type_names() {
        assert_eq!(FfiType::Int8.to_string(), "Int8");
        assert_eq!(FfiType::FunPtr.to_string(), "FunPtr");
    }
}
