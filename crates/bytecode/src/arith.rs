//! Binary arithmetic and comparison operators that the instruction set
//! carries inline (`arith`, `arith.lit`, `jump.unless`, `jump.unless.lit`),
//! and their meaning, defined once here for the writer (which chooses them
//! from primop names) and the interpreter (which evaluates them).
//!
//! Every operator here is *total* on any two words: wrapping Int/Word
//! arithmetic, bitwise operations, comparisons yielding `0`/`1`, and IEEE
//! Double arithmetic. Operators that can fail (division by zero) or that
//! need more than two words stay general `prim` instructions. Each one
//! means exactly what the primop of the same name (`primop_name`) means in
//! the runtime's primop table; rts-core tests the two against each other.
//! See docs/design/dispatch.md for why these exist.

use std::fmt;

use crate::error::DecodeError;
use crate::operand::{CodeReader, Operand, OperandMut, OperandRef};

macro_rules! bin_ops {
    ($($name:ident = $code:literal, $prim:literal, $mnem:literal, $class:ident;)*) => {
        /// An inline binary operator (one code unit).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u16)]
        pub enum BinOp { $($name = $code),* }

        impl BinOp {
            /// Every operator, in code order.
            pub const ALL: &'static [BinOp] = &[$(BinOp::$name),*];

            pub fn from_code(code: u16) -> Option<BinOp> {
                match code { $($code => Some(BinOp::$name),)* _ => None }
            }

            /// The operator implementing primop `name`, if any.
            pub fn from_primop(name: &str) -> Option<BinOp> {
                match name { $($prim => Some(BinOp::$name),)* _ => None }
            }

            /// The primop this operator stands for.
            pub fn primop_name(self) -> &'static str {
                match self { $(BinOp::$name => $prim),* }
            }

            /// The disassembler's name.
            pub fn mnemonic(self) -> &'static str {
                match self { $(BinOp::$name => $mnem),* }
            }

            /// What its operands are.
            pub fn class(self) -> OpClass {
                match self { $(BinOp::$name => OpClass::$class),* }
            }
        }
    };
}

/// The kind of operands an operator takes (for the validator: an
/// `arith.lit` literal must be of this kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpClass {
    /// Int, Word or Char words.
    Integral,
    Double,
}

bin_ops! {
    IntAdd = 0, "intAdd#", "add", Integral;
    IntSub = 1, "intSub#", "sub", Integral;
    IntMul = 2, "intMul#", "mul", Integral;
    IntAnd = 3, "intAnd#", "and", Integral;
    IntOr = 4, "intOr#", "or", Integral;
    IntXor = 5, "intXor#", "xor", Integral;
    IntEq = 6, "intEq#", "eq", Integral;
    IntNe = 7, "intNe#", "ne", Integral;
    IntLt = 8, "intLt#", "lt", Integral;
    IntLe = 9, "intLe#", "le", Integral;
    IntGt = 10, "intGt#", "gt", Integral;
    IntGe = 11, "intGe#", "ge", Integral;
    WordAdd = 12, "wordAdd#", "wadd", Integral;
    WordSub = 13, "wordSub#", "wsub", Integral;
    WordMul = 14, "wordMul#", "wmul", Integral;
    WordEq = 15, "wordEq#", "weq", Integral;
    WordNe = 16, "wordNe#", "wne", Integral;
    WordLt = 17, "wordLt#", "wlt", Integral;
    WordLe = 18, "wordLe#", "wle", Integral;
    WordGt = 19, "wordGt#", "wgt", Integral;
    WordGe = 20, "wordGe#", "wge", Integral;
    CharEq = 21, "charEq#", "ceq", Integral;
    CharNe = 22, "charNe#", "cne", Integral;
    CharLt = 23, "charLt#", "clt", Integral;
    CharLe = 24, "charLe#", "cle", Integral;
    CharGt = 25, "charGt#", "cgt", Integral;
    CharGe = 26, "charGe#", "cge", Integral;
    DoubleAdd = 27, "doubleAdd#", "dadd", Double;
    DoubleSub = 28, "doubleSub#", "dsub", Double;
    DoubleMul = 29, "doubleMul#", "dmul", Double;
    DoubleDiv = 30, "doubleDiv#", "ddiv", Double;
    DoubleEq = 31, "doubleEq#", "deq", Double;
    DoubleNe = 32, "doubleNe#", "dne", Double;
    DoubleLt = 33, "doubleLt#", "dlt", Double;
    DoubleLe = 34, "doubleLe#", "dle", Double;
    DoubleGt = 35, "doubleGt#", "dgt", Double;
    DoubleGe = 36, "doubleGe#", "dge", Double;
}

impl BinOp {
    /// The operator's value on two words (comparisons give 0 or 1).
    #[inline(always)]
    pub fn eval(self, a: u64, b: u64) -> u64 {
        use BinOp::*;
        let (i, j) = (a as i64, b as i64);
        let (x, y) = (f64::from_bits(a), f64::from_bits(b));
        match self {
            IntAdd | WordAdd => a.wrapping_add(b),
            IntSub | WordSub => a.wrapping_sub(b),
            IntMul | WordMul => a.wrapping_mul(b),
            IntAnd => a & b,
            IntOr => a | b,
            IntXor => a ^ b,
            IntEq | WordEq | CharEq => (a == b) as u64,
            IntNe | WordNe | CharNe => (a != b) as u64,
            IntLt => (i < j) as u64,
            IntLe => (i <= j) as u64,
            IntGt => (i > j) as u64,
            IntGe => (i >= j) as u64,
            WordLt | CharLt => (a < b) as u64,
            WordLe | CharLe => (a <= b) as u64,
            WordGt | CharGt => (a > b) as u64,
            WordGe | CharGe => (a >= b) as u64,
            DoubleAdd => (x + y).to_bits(),
            DoubleSub => (x - y).to_bits(),
            DoubleMul => (x * y).to_bits(),
            DoubleDiv => (x / y).to_bits(),
            DoubleEq => (x == y) as u64,
            DoubleNe => (x != y) as u64,
            DoubleLt => (x < y) as u64,
            DoubleLe => (x <= y) as u64,
            DoubleGt => (x > y) as u64,
            DoubleGe => (x >= y) as u64,
        }
    }

    /// Whether the result is a truth value (0 or 1).
    pub fn is_comparison(self) -> bool {
        use BinOp::*;
        self.negated().is_some()
            || matches!(
                self,
                DoubleEq | DoubleNe | DoubleLt | DoubleLe | DoubleGt | DoubleGe
            )
    }

    /// The operator with its operands exchanged (`a op b == b op' a`), for
    /// the symmetric Int/Word/Char operators and all comparisons. Not for
    /// Double arithmetic (kept in source order, NaN bits included).
    pub fn swapped(self) -> Option<BinOp> {
        use BinOp::*;
        Some(match self {
            IntAdd | IntMul | IntAnd | IntOr | IntXor | WordAdd | WordMul => self,
            IntEq | IntNe | WordEq | WordNe | CharEq | CharNe | DoubleEq | DoubleNe => self,
            IntLt => IntGt,
            IntGt => IntLt,
            IntLe => IntGe,
            IntGe => IntLe,
            WordLt => WordGt,
            WordGt => WordLt,
            WordLe => WordGe,
            WordGe => WordLe,
            CharLt => CharGt,
            CharGt => CharLt,
            CharLe => CharGe,
            CharGe => CharLe,
            DoubleLt => DoubleGt,
            DoubleGt => DoubleLt,
            DoubleLe => DoubleGe,
            DoubleGe => DoubleLe,
            _ => return None,
        })
    }

    /// The comparison that is true exactly when this one is false, for
    /// Int/Word/Char comparisons (not for Double ones: with a NaN operand
    /// both `<` and `>=` are false).
    pub fn negated(self) -> Option<BinOp> {
        use BinOp::*;
        Some(match self {
            IntEq => IntNe,
            IntNe => IntEq,
            IntLt => IntGe,
            IntGe => IntLt,
            IntGt => IntLe,
            IntLe => IntGt,
            WordEq => WordNe,
            WordNe => WordEq,
            WordLt => WordGe,
            WordGe => WordLt,
            WordGt => WordLe,
            WordLe => WordGt,
            CharEq => CharNe,
            CharNe => CharEq,
            CharLt => CharGe,
            CharGe => CharLt,
            CharGt => CharLe,
            CharLe => CharGt,
            _ => return None,
        })
    }
}

impl fmt::Display for BinOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.mnemonic())
    }
}

impl Operand for BinOp {
    fn encode(&self, out: &mut Vec<u16>) {
        out.push(*self as u16);
    }
    fn decode(r: &mut CodeReader<'_>) -> Result<Self, DecodeError> {
        let at = r.pos();
        let unit = r.unit()?;
        BinOp::from_code(unit).ok_or(DecodeError::BadBinOp { at, unit })
    }
    fn visit(&self, _f: &mut dyn FnMut(OperandRef)) {}
    fn visit_mut(&mut self, _f: &mut dyn FnMut(OperandMut<'_>)) {}
    fn show(&self, out: &mut String) {
        out.push_str(self.mnemonic());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_names_are_unique() {
        let mut names = std::collections::HashSet::new();
        for (k, &op) in BinOp::ALL.iter().enumerate() {
            assert_eq!(op as usize, k, "codes are dense");
            assert_eq!(BinOp::from_code(op as u16), Some(op));
            assert_eq!(BinOp::from_primop(op.primop_name()), Some(op));
            assert!(names.insert(op.mnemonic()));
        }
        assert_eq!(BinOp::from_code(BinOp::ALL.len() as u16), None);
        assert_eq!(
            BinOp::from_primop("intQuot#"),
            None,
            "may fail: stays a prim"
        );
    }

    #[test]
    fn negation_is_the_complement_on_integral_words() {
        let samples = [0u64, 1, 2, u64::MAX, i64::MIN as u64, i64::MAX as u64, 0x41];
        for &op in BinOp::ALL {
            let Some(neg) = op.negated() else { continue };
            assert!(op.is_comparison());
            for &a in &samples {
                for &b in &samples {
                    assert_eq!(op.eval(a, b), 1 - neg.eval(a, b), "{op} {a} {b}");
                }
            }
        }
    }

    #[test]
    fn swapping_exchanges_the_operands() {
        let samples = [0u64, 1, 7, u64::MAX, i64::MIN as u64, 2.5f64.to_bits()];
        for &op in BinOp::ALL {
            let Some(sw) = op.swapped() else { continue };
            for &a in &samples {
                for &b in &samples {
                    assert_eq!(op.eval(a, b), sw.eval(b, a), "{op} {a} {b}");
                }
            }
        }
        assert_eq!(BinOp::IntSub.swapped(), None);
    }

    #[test]
    fn signed_and_unsigned_comparisons_differ() {
        let minus_one = -1i64 as u64;
        assert_eq!(BinOp::IntLt.eval(minus_one, 0), 1);
        assert_eq!(BinOp::WordLt.eval(minus_one, 0), 0);
        assert_eq!(BinOp::IntAdd.eval(i64::MAX as u64, 1), i64::MIN as u64);
        let nan = f64::NAN.to_bits();
        assert_eq!(BinOp::DoubleLt.eval(nan, 0), 0);
        assert_eq!(BinOp::DoubleGe.eval(nan, 0), 0);
        assert!(BinOp::DoubleLt.is_comparison() && BinOp::DoubleLt.negated().is_none());
        assert!(!BinOp::DoubleAdd.is_comparison() && !BinOp::IntAdd.is_comparison());
        assert_eq!(
            f64::from_bits(BinOp::DoubleDiv.eval(1.0f64.to_bits(), 4.0f64.to_bits())),
            0.25
        );
    }
}
