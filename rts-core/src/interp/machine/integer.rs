//! `Integer` primops: small Integers (one `i64`, `INTEGER_SMALL`) and big
//! ones (`INTEGER_POS`/`INTEGER_NEG` holding their magnitude in a byte
//! array), see Note [Integer representation] in `loader::integer`.
//!
//! Arithmetic on two small operands stays in `i64` when it cannot
//! overflow; everything else goes through `num_bigint::BigInt`, and every
//! result is normalised back to a small Integer when it fits.

use num_bigint::{BigInt, Sign};
use num_traits::{ToPrimitive, Zero};

use super::{Machine, Next, PrimOut, internal};
use crate::interp::RunError;
use crate::interp::prims::{Prim, PrimFail};
use crate::loader::integer::{IntegerRef, read_integer, write_big_integer};
use crate::word::{ClosurePtr, Word};

/// What an Integer primop produces.
#[derive(Debug, PartialEq)]
pub(crate) enum IntegerOut {
    Small(i64),
    Integer(BigInt),
    Pair(BigInt, BigInt),
    Word(Word),
    Text(String),
}

/// Haskell's `divMod`: the quotient rounded towards negative infinity.
pub(crate) fn div_mod(x: &BigInt, y: &BigInt) -> (BigInt, BigInt) {
    let (q, r) = (x / y, x % y);
    if !r.is_zero() && (r.sign() == Sign::Minus) != (y.sign() == Sign::Minus) {
        (q - 1, r + y)
    } else {
        (q, r)
    }
}

fn gcd(x: &BigInt, y: &BigInt) -> BigInt {
    let (mut m, mut n) = (x.magnitude().clone(), y.magnitude().clone());
    while !n.is_zero() {
        let r = &m % &n;
        m = n;
        n = r;
    }
    BigInt::from(m)
}

fn popcount(x: &BigInt) -> i64 {
    let ones: u64 = x
        .magnitude()
        .to_u64_digits()
        .iter()
        .map(|d| u64::from(d.count_ones()))
        .sum();
    if x.sign() == Sign::Minus {
        -(ones as i64)
    } else {
        ones as i64
    }
}

/// The low 64 bits of `x` in two's complement (`integerToInt#`/`Word#`).
pub(crate) fn low_word(x: &BigInt) -> Word {
    let lo = x.magnitude().to_u64_digits().first().copied().unwrap_or(0);
    if x.sign() == Sign::Minus {
        lo.wrapping_neg()
    } else {
        lo
    }
}

/// `fromInteger :: Integer -> Double` as GHC 9.0 computes it: a small
/// Integer is rounded to nearest (`int2Double#`), a big one is truncated
/// towards zero to 53 bits (GMP's `mpn_get_d`), so `fromInteger (10^23)`
/// is `9.999999999999999e22` as in GHC. See Note [Integer to Double].
pub(crate) fn integer_to_double(x: &BigInt) -> f64 {
    // Note [Integer to Double]
    // ~~~~~~~~~~~~~~~~~~~~~~~~
    // GHC's big-Integer conversion (integer-gmp/ghc-bignum with GMP) keeps
    // the top 53 bits of the magnitude and drops the rest, where correct
    // rounding would round up about half the time. Our oracle is GHC's
    // output, so we truncate the same way.
    if let Some(v) = x.to_i64() {
        return v as f64;
    }
    let bits = x.bits();
    let shift = bits.saturating_sub(53);
    let top = (x.magnitude() >> shift).to_u64().unwrap_or(0) as f64;
    let mut v = top;
    let mut e = shift;
    while e > 0 && v.is_finite() {
        let k = e.min(1000);
        v *= 2f64.powi(k as i32);
        e -= k;
    }
    if x.sign() == Sign::Minus { -v } else { v }
}

/// `m × 2^e` rounded to a double (GHC's `encodeFloat`).
pub(crate) fn encode_double(m: &BigInt, e: i64) -> f64 {
    // Keep at most 1024 significant bits so the conversion cannot overflow
    // before scaling; the dropped bits are far below double precision.
    let bits = m.bits() as i64;
    let (m, e) = if bits > 1024 {
        (m >> (bits - 1024) as usize, e.saturating_add(bits - 1024))
    } else {
        (m.clone(), e)
    };
    let mut x = m.to_f64().unwrap_or(f64::NAN);
    let mut e = e.clamp(-100_000, 100_000);
    while e > 0 {
        let k = e.min(1000);
        x *= 2f64.powi(k as i32);
        e -= k;
    }
    while e < 0 {
        let k = (-e).min(1000);
        x /= 2f64.powi(k as i32);
        e += k;
    }
    x
}

/// Runs an Integer primop on operands already read out of the heap: `x`
/// and `y` are the Integer arguments (`y` is zero for unary ones), `n` the
/// word argument of shifts, `testBit` and `encodeDouble`.
pub(crate) fn integer_op(p: Prim, x: &BigInt, y: &BigInt, n: Word) -> Result<IntegerOut, PrimFail> {
    use IntegerOut::{Integer, Pair, Text};
    use Prim::*;
    let flag = |b: bool| IntegerOut::Word(b as Word);
    if matches!(
        p,
        IntegerQuot | IntegerRem | IntegerDiv | IntegerMod | IntegerQuotRem | IntegerDivMod
    ) && y.is_zero()
    {
        return Err(PrimFail::DivZero);
    }
    Ok(match p {
        IntegerAdd => Integer(x + y),
        IntegerSub => Integer(x - y),
        IntegerMul => Integer(x * y),
        IntegerNegate => Integer(-x),
        IntegerAbs => Integer(BigInt::from(x.magnitude().clone())),
        IntegerSignum => Integer(BigInt::from(match x.sign() {
            Sign::Minus => -1,
            Sign::NoSign => 0,
            Sign::Plus => 1,
        })),
        IntegerQuot => Integer(x / y),
        IntegerRem => Integer(x % y),
        IntegerDiv => Integer(div_mod(x, y).0),
        IntegerMod => Integer(div_mod(x, y).1),
        IntegerQuotRem => Pair(x / y, x % y),
        IntegerDivMod => {
            let (q, r) = div_mod(x, y);
            Pair(q, r)
        }
        IntegerEq => flag(x == y),
        IntegerNe => flag(x != y),
        IntegerLt => flag(x < y),
        IntegerLe => flag(x <= y),
        IntegerGt => flag(x > y),
        IntegerGe => flag(x >= y),
        IntegerCompare => IntegerOut::Word(x.cmp(y) as i64 as Word),
        IntegerToInt | IntegerToWord => IntegerOut::Word(low_word(x)),
        IntegerToDouble => IntegerOut::Word(integer_to_double(x).to_bits()),
        IntegerToString => Text(x.to_string()),
        IntegerAnd => Integer(x & y),
        IntegerOr => Integer(x | y),
        IntegerXor => Integer(x ^ y),
        IntegerComplement => Integer(!x),
        IntegerShiftL => {
            if x.is_zero() {
                Integer(BigInt::zero())
            } else {
                Integer(x << (n as usize))
            }
        }
        // BigInt's `>>` rounds towards negative infinity, as Haskell's.
        IntegerShiftR => Integer(x >> (n as usize)),
        IntegerTestBit => flag(if n >= 1 << 40 {
            x.sign() == Sign::Minus
        } else {
            x.bit(n)
        }),
        IntegerPopCount => IntegerOut::Word(popcount(x) as Word),
        IntegerGcd => Integer(gcd(x, y)),
        IntegerLcm => {
            if x.is_zero() || y.is_zero() {
                Integer(BigInt::zero())
            } else {
                let g = gcd(x, y);
                Integer(BigInt::from((x / g * y).magnitude().clone()))
            }
        }
        DoubleEncode => IntegerOut::Word(encode_double(x, n as i64).to_bits()),
        _ => return Err(PrimFail::NotInteger),
    })
}

/// The fast path: both operands small and the result computable in
/// `i64`. `None` means "take the general path".
#[inline]
fn small_op(p: Prim, x: i64, y: i64) -> Option<Result<IntegerOut, PrimFail>> {
    use Prim::*;
    let int = |v: Option<i64>| v.map(|v| Ok(IntegerOut::Small(v)));
    let flag = |b: bool| Some(Ok(IntegerOut::Word(b as Word)));
    match p {
        IntegerEq => flag(x == y),
        IntegerNe => flag(x != y),
        IntegerLt => flag(x < y),
        IntegerLe => flag(x <= y),
        IntegerGt => flag(x > y),
        IntegerGe => flag(x >= y),
        IntegerCompare => Some(Ok(IntegerOut::Word(x.cmp(&y) as i64 as Word))),
        IntegerToInt | IntegerToWord => Some(Ok(IntegerOut::Word(x as Word))),
        IntegerToDouble => Some(Ok(IntegerOut::Word((x as f64).to_bits()))),
        IntegerToString => Some(Ok(IntegerOut::Text(x.to_string()))),
        IntegerAdd => int(x.checked_add(y)),
        IntegerSub => int(x.checked_sub(y)),
        IntegerMul => int(x.checked_mul(y)),
        _ => None,
    }
}

impl Machine<'_> {
    /// Reads Integer argument `i` (a live, evaluated Integer object).
    fn integer_arg(&self, w: Word) -> Result<IntegerRef, RunError> {
        // SAFETY: the primop's wrapper passes an evaluated Integer.
        unsafe { read_integer(super::deref(ClosurePtr::from_word(w))) }
            .ok_or_else(|| internal("Integer primop on a non-Integer"))
    }

    /// Allocates an Integer object for `v` (small when it fits).
    pub(super) fn integer_value(&mut self, v: &BigInt) -> Result<ClosurePtr, RunError> {
        if let Some(small) = v.to_i64() {
            return self.small_integer_object(small);
        }
        let digits = v.magnitude().to_u64_digits();
        let arr = self.alloc(crate::closure::arr_words_size(digits.len() * 8))?;
        // SAFETY: a fresh area of the byte array's size.
        unsafe { write_big_integer(arr, None, &digits, false) };
        self.st.extra.push(arr);
        let con = self.alloc(2)?;
        let arr = self.st.extra.pop().unwrap_or(arr);
        // SAFETY: a fresh 2-word area; `arr` is the filled magnitude.
        unsafe {
            write_big_integer(arr, Some(con), &digits, v.sign() == Sign::Minus);
        }
        Ok(con)
    }

    pub(super) fn small_integer_object(&mut self, v: i64) -> Result<ClosurePtr, RunError> {
        let p = self.alloc(2)?;
        // SAFETY: a fresh 2-word constructor.
        unsafe {
            p.set_info(&crate::loader::INTEGER_SMALL);
            p.set_payload(0, v as Word);
        }
        Ok(p)
    }

    /// Runs an Integer primop whose non-void arguments are `a`.
    pub(super) fn exec_integer(&mut self, p: Prim, a: &[Word]) -> Result<PrimOut, RunError> {
        use Prim::*;
        let unary = matches!(
            p,
            IntegerNegate
                | IntegerAbs
                | IntegerSignum
                | IntegerToInt
                | IntegerToWord
                | IntegerToDouble
                | IntegerToString
                | IntegerComplement
                | IntegerShiftL
                | IntegerShiftR
                | IntegerTestBit
                | IntegerPopCount
                | DoubleEncode
        );
        let x = self.integer_arg(a[0])?;
        let (y, n) = if unary {
            (IntegerRef::Small(0), a.get(1).copied().unwrap_or(0))
        } else {
            (self.integer_arg(a[1])?, 0)
        };
        let fast = match (&x, &y) {
            (IntegerRef::Small(x), IntegerRef::Small(y)) => small_op(p, *x, *y),
            _ => None,
        };
        let out = match fast {
            Some(r) => r,
            None => integer_op(p, &x.to_big(), &y.to_big(), n),
        };
        let out = match out {
            Ok(o) => o,
            Err(PrimFail::DivZero) => {
                let exc = self
                    .program
                    .div_zero
                    .ok_or_else(|| internal("divZeroException missing"))?;
                return Ok(PrimOut::Next(Next::Raise(exc)));
            }
            Err(_) => return Err(internal(format!("{} is not an Integer primop", p.name()))),
        };
        self.rets.clear();
        match out {
            IntegerOut::Small(v) => {
                let o = self.small_integer_object(v)?;
                self.rets.clear();
                self.rets.push(o.to_word());
            }
            IntegerOut::Integer(v) => {
                let o = self.integer_value(&v)?;
                self.rets.clear();
                self.rets.push(o.to_word());
            }
            IntegerOut::Pair(q, r) => {
                let q = self.integer_value(&q)?;
                self.st.extra.push(q);
                let r = self.integer_value(&r)?;
                let q = self.st.extra.pop().unwrap_or(q);
                self.rets.clear();
                self.rets.push(q.to_word());
                self.rets.push(r.to_word());
            }
            IntegerOut::Word(w) => self.rets.push(w),
            IntegerOut::Text(s) => {
                let l = self.make_string(&s)?;
                self.rets.clear();
                self.rets.push(l.to_word());
            }
        }
        Ok(PrimOut::Values)
    }
}

#[cfg(test)]
mod tests;
