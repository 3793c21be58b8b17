//! Integer primops against `i128` arithmetic (an independent oracle) for
//! operands that fit it, algebraic laws for bigger ones, and the heap
//! representation round trip.

use super::*;
use crate::loader::integer::{IntegerRef, read_integer, static_integer};
use proptest::prelude::*;

fn big(v: i128) -> BigInt {
    BigInt::from(v)
}

fn int_of(o: Result<IntegerOut, PrimFail>) -> BigInt {
    match o {
        Ok(IntegerOut::Integer(v)) => v,
        Ok(IntegerOut::Small(v)) => BigInt::from(v),
        other => panic!("expected an Integer, got {other:?}"),
    }
}

fn op(p: Prim, x: i128, y: i128) -> BigInt {
    int_of(integer_op(p, &big(x), &big(y), 0))
}

/// Floor division in i128 (Haskell's `div`/`mod`), written independently.
fn floor_div_mod(x: i128, y: i128) -> (i128, i128) {
    let q = x.div_euclid(y);
    let r = x.rem_euclid(y);
    if y < 0 && r != 0 {
        (q - 1, r + y)
    } else {
        (q, r)
    }
}

/// GHC's Integer → Double: round an i64, truncate a bigger value to 53
/// significant bits (written independently of `integer_to_double`).
fn truncated_f64(x: i128) -> f64 {
    if let Ok(v) = i64::try_from(x) {
        return v as f64;
    }
    let m = x.unsigned_abs();
    let drop = (128 - m.leading_zeros()).saturating_sub(53);
    let v = ((m >> drop) << drop) as f64;
    if x < 0 { -v } else { v }
}

#[test]
fn integer_to_double_truncates_big_values_like_ghc() {
    // 2^74 - 2^20: 54 one bits; truncation keeps 53, rounding would carry.
    let x = (BigInt::from(1) << 74usize) - (BigInt::from(1) << 20usize);
    assert_eq!(integer_to_double(&x), (((1u128 << 53) - 1) << 21) as f64);
    assert_eq!(integer_to_double(&BigInt::from(i64::MAX)), 2f64.powi(63));
    assert_eq!(
        integer_to_double(&(BigInt::from(1) << 2000usize)),
        f64::INFINITY
    );
}

/// Values spread over small, near-64-bit and near-128-bit magnitudes.
fn wide() -> impl Strategy<Value = i128> {
    prop_oneof![
        any::<i8>().prop_map(i128::from),
        any::<i64>().prop_map(i128::from),
        (any::<i64>(), 0u32..62).prop_map(|(v, s)| i128::from(v) << s),
    ]
}

proptest! {
    #[test]
    fn ring_ops_match_i128(x in wide(), y in wide()) {
        prop_assert_eq!(op(Prim::IntegerAdd, x, y), big(x + y));
        prop_assert_eq!(op(Prim::IntegerSub, x, y), big(x - y));
        if let Some(m) = x.checked_mul(y) {
            prop_assert_eq!(op(Prim::IntegerMul, x, y), big(m));
        }
        prop_assert_eq!(op(Prim::IntegerNegate, x, 0), big(-x));
        prop_assert_eq!(op(Prim::IntegerAbs, x, 0), big(x.abs()));
        prop_assert_eq!(op(Prim::IntegerSignum, x, 0), big(x.signum()));
    }

    #[test]
    fn division_matches_i128(x in wide(), y in wide()) {
        if y == 0 {
            prop_assert_eq!(integer_op(Prim::IntegerQuot, &big(x), &big(0), 0), Err(PrimFail::DivZero));
            prop_assert_eq!(integer_op(Prim::IntegerDivMod, &big(x), &big(0), 0), Err(PrimFail::DivZero));
        } else {
            prop_assert_eq!(op(Prim::IntegerQuot, x, y), big(x / y));
            prop_assert_eq!(op(Prim::IntegerRem, x, y), big(x % y));
            let (q, r) = floor_div_mod(x, y);
            prop_assert_eq!(op(Prim::IntegerDiv, x, y), big(q));
            prop_assert_eq!(op(Prim::IntegerMod, x, y), big(r));
            prop_assert_eq!(
                integer_op(Prim::IntegerDivMod, &big(x), &big(y), 0),
                Ok(IntegerOut::Pair(big(q), big(r)))
            );
            prop_assert_eq!(
                integer_op(Prim::IntegerQuotRem, &big(x), &big(y), 0),
                Ok(IntegerOut::Pair(big(x / y), big(x % y)))
            );
        }
    }

    #[test]
    fn comparisons_show_and_read_match_i128(x in wide(), y in wide()) {
        let w = |p| integer_op(p, &big(x), &big(y), 0);
        prop_assert_eq!(w(Prim::IntegerLt), Ok(IntegerOut::Word((x < y) as Word)));
        prop_assert_eq!(w(Prim::IntegerEq), Ok(IntegerOut::Word((x == y) as Word)));
        prop_assert_eq!(w(Prim::IntegerGe), Ok(IntegerOut::Word((x >= y) as Word)));
        prop_assert_eq!(w(Prim::IntegerCompare), Ok(IntegerOut::Word(x.cmp(&y) as i64 as Word)));
        prop_assert_eq!(w(Prim::IntegerToString), Ok(IntegerOut::Text(x.to_string())));
        prop_assert_eq!(x.to_string().parse::<BigInt>().ok(), Some(big(x)));
        prop_assert_eq!(w(Prim::IntegerToInt), Ok(IntegerOut::Word(x as u64)));
        prop_assert_eq!(w(Prim::IntegerToDouble), Ok(IntegerOut::Word(truncated_f64(x).to_bits())));
    }

    #[test]
    fn bits_match_i128(x in wide(), y in wide(), n in 0u64..100) {
        prop_assert_eq!(op(Prim::IntegerAnd, x, y), big(x & y));
        prop_assert_eq!(op(Prim::IntegerOr, x, y), big(x | y));
        prop_assert_eq!(op(Prim::IntegerXor, x, y), big(x ^ y));
        prop_assert_eq!(op(Prim::IntegerComplement, x, 0), big(!x));
        prop_assert_eq!(int_of(integer_op(Prim::IntegerShiftR, &big(x), &big(0), n)), big(x >> n.min(127)));
        let s = n.min(40);
        prop_assert_eq!(int_of(integer_op(Prim::IntegerShiftL, &big(x), &big(0), s)), big(x) * (BigInt::from(1) << s as usize));
        prop_assert_eq!(
            integer_op(Prim::IntegerTestBit, &big(x), &big(0), n),
            Ok(IntegerOut::Word(((x >> n.min(127)) & 1) as Word))
        );
        let pc = if x >= 0 { x.count_ones() as i64 } else { -(x.unsigned_abs().count_ones() as i64) };
        prop_assert_eq!(integer_op(Prim::IntegerPopCount, &big(x), &big(0), 0), Ok(IntegerOut::Word(pc as Word)));
    }

    #[test]
    fn big_operands_obey_the_division_laws(a in any::<i128>(), b in any::<i128>(), c in any::<i64>()) {
        let x = BigInt::from(a) * BigInt::from(b) + BigInt::from(c);
        let y = BigInt::from(b) + BigInt::from(c);
        prop_assume!(!y.is_zero());
        let Ok(IntegerOut::Pair(q, r)) = integer_op(Prim::IntegerDivMod, &x, &y, 0) else {
            panic!("divMod");
        };
        prop_assert_eq!(&q * &y + &r, x.clone());
        prop_assert!(r.is_zero() || (r.sign() == y.sign() && r.magnitude() < y.magnitude()));
        let Ok(IntegerOut::Pair(q, r)) = integer_op(Prim::IntegerQuotRem, &x, &y, 0) else {
            panic!("quotRem");
        };
        prop_assert_eq!(&q * &y + &r, x.clone());
        prop_assert!(r.is_zero() || (r.sign() == x.sign() && r.magnitude() < y.magnitude()));
        let g = int_of(integer_op(Prim::IntegerGcd, &x, &y, 0));
        prop_assert!((&x % &g).is_zero() && (&y % &g).is_zero());
        let l = int_of(integer_op(Prim::IntegerLcm, &x, &y, 0));
        prop_assert_eq!(&l * &g, (&x * &y).magnitude().clone().into());
    }

    #[test]
    fn heap_representation_round_trips(a in any::<i128>(), b in any::<i128>()) {
        let mut storage = crate::Storage::new(crate::GcConfig::default()).expect("storage");
        for v in [BigInt::from(a), BigInt::from(a) * BigInt::from(b), BigInt::from(a as i64)] {
            let p = static_integer(&mut storage, &v).expect("static Integer");
            // SAFETY: a live static Integer.
            let back = unsafe { read_integer(p) }.expect("an Integer");
            let expected = match i64::try_from(&v) {
                Ok(s) => IntegerRef::Small(s),
                Err(_) => IntegerRef::Big(v.clone()),
            };
            prop_assert_eq!(back, expected);
        }
    }
}

#[test]
fn lcm_and_gcd_of_zero() {
    assert_eq!(op(Prim::IntegerGcd, 0, 0), big(0));
    assert_eq!(op(Prim::IntegerGcd, -12, 18), big(6));
    assert_eq!(op(Prim::IntegerLcm, 0, 5), big(0));
    assert_eq!(op(Prim::IntegerLcm, -4, 6), big(12));
}

#[test]
fn encode_double_scales_big_mantissas() {
    assert_eq!(encode_double(&BigInt::from(3), -1), 1.5);
    assert_eq!(encode_double(&(BigInt::from(1) << 2000usize), -2000), 1.0);
    assert_eq!(encode_double(&BigInt::from(1), 2000), f64::INFINITY);
}

#[test]
fn low_word_wraps_like_from_integer() {
    let two64: BigInt = BigInt::from(1) << 64usize;
    assert_eq!(low_word(&(two64.clone() + BigInt::from(5))), 5);
    let negative = -(two64 + BigInt::from(5));
    assert_eq!(low_word(&negative), (-5i64) as u64);
}
