//! The heap representation of `Integer` (shared by the loader, which
//! builds Integer literals, and the interpreter's Integer primops).

// Note [Integer representation]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// An Integer is one of three constructors, as in GHC's ghc-bignum
// (`IS | IP BigNat# | IN BigNat#`):
// * INTEGER_SMALL (tag 0): one non-pointer word, an i64;
// * INTEGER_POS (tag 1) / INTEGER_NEG (tag 2): one pointer field, an
//   ARR_WORDS byte array holding the magnitude as 64-bit limbs, least
//   significant first, without leading zero limbs.
// Every primop result is normalised: a value that fits in an i64 is always
// INTEGER_SMALL, so a big Integer is never equal to a small one and
// equality can compare representations. The magnitude lives in an
// ordinary byte array, so the collector, the sanity checker and the static
// area need nothing new: the big constructors are plain 1-pointer
// constructors to them. Literals outside i64 are loaded as static big
// Integers (a static ARR_WORDS under a static constructor).

use num_bigint::{BigInt, BigUint, Sign};

use crate::Storage;
use crate::builtins;
use crate::heap::AllocError;
use crate::info::InfoTable;
use crate::word::{ClosurePtr, Word};

/// A small Integer: one non-pointer word holding an `i64`.
pub static INTEGER_SMALL: InfoTable = InfoTable::constructor("Integer(small)", 0, 0, 1);
/// A positive big Integer: a pointer to its magnitude (a byte array).
pub static INTEGER_POS: InfoTable = InfoTable::constructor("Integer(big, positive)", 1, 1, 0);
/// A negative big Integer: a pointer to its magnitude (a byte array).
pub static INTEGER_NEG: InfoTable = InfoTable::constructor("Integer(big, negative)", 2, 1, 0);

/// An Integer read out of the heap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntegerRef {
    Small(i64),
    Big(BigInt),
}

impl IntegerRef {
    pub fn to_big(&self) -> BigInt {
        match self {
            IntegerRef::Small(v) => BigInt::from(*v),
            IntegerRef::Big(b) => b.clone(),
        }
    }
}

/// Reads the Integer object at `p`; `None` if `p` is not an Integer.
///
/// # Safety
/// `p` must be a live, evaluated closure (indirections followed).
pub unsafe fn read_integer(p: ClosurePtr) -> Option<IntegerRef> {
    // SAFETY: the caller passes a live closure.
    let info = unsafe { p.info() };
    if std::ptr::eq(info, &INTEGER_SMALL) {
        // SAFETY: a small Integer's payload word.
        return Some(IntegerRef::Small(unsafe { p.payload(0) } as i64));
    }
    let sign = if std::ptr::eq(info, &INTEGER_POS) {
        Sign::Plus
    } else if std::ptr::eq(info, &INTEGER_NEG) {
        Sign::Minus
    } else {
        return None;
    };
    // SAFETY: a big Integer's field is a live ARR_WORDS: byte count, limbs.
    let digits = unsafe {
        let arr = p.payload_ptr(0).untagged();
        let n = (arr.payload(0) as usize).div_ceil(8);
        let mut d = Vec::with_capacity(2 * n);
        for i in 0..n {
            let w = arr.payload(1 + i);
            d.push(w as u32);
            d.push((w >> 32) as u32);
        }
        d
    };
    Some(IntegerRef::Big(BigInt::from_biguint(
        sign,
        BigUint::new(digits),
    )))
}

/// Fills a big Integer: with `con == None`, the byte array `arr` (of
/// `arr_words_size(8 × limbs.len())` words) with the limbs; with `Some`,
/// the 2-word constructor `con` pointing at `arr` with the sign.
///
/// # Safety
/// `arr` (and `con`) must be fresh areas of those sizes (or `arr` the
/// already filled array when filling `con`).
pub unsafe fn write_big_integer(
    arr: ClosurePtr,
    con: Option<ClosurePtr>,
    limbs: &[u64],
    negative: bool,
) {
    // SAFETY: forwarded to the caller.
    unsafe {
        match con {
            None => {
                arr.set_info(&builtins::ARR_WORDS);
                arr.set_payload(0, (limbs.len() * 8) as Word);
                for (i, l) in limbs.iter().enumerate() {
                    arr.set_payload(1 + i, *l);
                }
            }
            Some(c) => {
                c.set_info(if negative { &INTEGER_NEG } else { &INTEGER_POS });
                c.set_payload(0, arr.to_word());
            }
        }
    }
}

/// A static Integer object for a literal (never collected).
pub fn static_integer(storage: &mut Storage, v: &BigInt) -> Result<ClosurePtr, AllocError> {
    if let Ok(small) = i64::try_from(v) {
        return storage.new_static_closure(&INTEGER_SMALL, &[], &[small as Word]);
    }
    let limbs = v.magnitude().to_u64_digits();
    let arr = storage.alloc_static(crate::closure::arr_words_size(limbs.len() * 8))?;
    // SAFETY: a fresh static area of the byte array's size.
    unsafe { write_big_integer(arr, None, &limbs, false) };
    let info = if v.sign() == Sign::Minus {
        &INTEGER_NEG
    } else {
        &INTEGER_POS
    };
    storage.new_static_closure(info, &[arr], &[])
}
