//! The one list of primitive operations (`for_each_prim!`) and the
//! signatures the image validator derives from it.
//!
//! An image names its primops by name (the PRIMOPS section) and passes them
//! arguments with reps; the list below says, for each name, the reps it
//! takes and returns. Both ends of the format use this one list: the front
//! end generates its primop table from it (`frontend::prim::table`, which
//! states the calling convention in Note [Primop calling convention]), and
//! the validator checks every `prim`/`prim.call`/`prim.tail` against
//! [`prim_signature`], so an image cannot hand a primop fewer words or other
//! reps than it reads. See docs/bytecode.md, "What the validator
//! guarantees", and Note [Primop signatures].

use crate::image::Rep;

// Note [Primop signatures]
// ~~~~~~~~~~~~~~~~~~~~~~~~
// The list lives here, in the format crate, rather than in the front end,
// because the format is where the writer (stg, via the front end's table)
// and the reader (rts-core's loader) meet and this crate depends on
// nothing: both derive their view from the same tokens, so the reps a
// primop is compiled with and the reps the validator demands cannot drift.
// The runtime resolves the same names to its own implementations
// (`rts_core::interp::prims`); a test there checks that every name it
// implements has a signature here. Validation looks each image primop up
// once ([`prim_signature`], a `match` on the name) and then compares rep
// slices per instruction: no type string is parsed at load.

/// What a primop takes and returns, in Core reps: `World#` tokens are
/// `Void` (IO primops take it last and return it first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrimSig {
    /// Argument reps, void ones included, in order.
    pub args: &'static [Rep],
    /// Result reps, void ones included, in order.
    pub results: &'static [Rep],
}

impl PrimSig {
    /// How many result words the primop produces (its non-void results):
    /// the `results` of a `prim`, the `R` registers after a `prim.call`.
    pub fn result_words(&self) -> usize {
        self.results.iter().filter(|r| r.has_word()).count()
    }
}

/// Calls `$callback!` with the whole primop list. Each entry is
/// `Variant = id, "core#", "primHaskell", "Haskell type", [arg reps] -> [result reps], Effect, Returns, "doc";`.
/// `Returns` is `Value` when every pointer result is in WHNF (an object the
/// primop allocates or looks up: a new `MVar`, `IORef`, thread, stable
/// pointer, array), `Any` when one may be a thunk (a stored user value, as
/// `readMutVar#` and `takeMVar#` return) or is not known to be a value.
#[macro_export]
macro_rules! for_each_prim {
    ($callback:ident) => {
        $callback! {
            // ---- Int (64-bit, two's complement, wrapping) ----
            IntAdd = 0, "intAdd#", "primIntAdd", "Int -> Int -> Int", [Int, Int] -> [Int], Pure, Any, "x + y, wrapping";
            IntSub = 1, "intSub#", "primIntSub", "Int -> Int -> Int", [Int, Int] -> [Int], Pure, Any, "x - y, wrapping";
            IntMul = 2, "intMul#", "primIntMul", "Int -> Int -> Int", [Int, Int] -> [Int], Pure, Any, "x * y, wrapping (low 64 bits)";
            IntNegate = 3, "intNegate#", "primIntNegate", "Int -> Int", [Int] -> [Int], Pure, Any, "-x, wrapping (negate minBound == minBound)";
            IntQuot = 4, "intQuot#", "primIntQuot", "Int -> Int -> Int", [Int, Int] -> [Int], CanFail, Any, "x `quot` y (toward zero); y == 0 raises divZeroException; minBound `quot` (-1) raises overflowException";
            IntRem = 5, "intRem#", "primIntRem", "Int -> Int -> Int", [Int, Int] -> [Int], CanFail, Any, "x `rem` y (sign of x); y == 0 raises divZeroException; y == -1 gives 0";
            IntDiv = 6, "intDiv#", "primIntDiv", "Int -> Int -> Int", [Int, Int] -> [Int], CanFail, Any, "x `div` y (toward -inf); y == 0 raises divZeroException; minBound `div` (-1) raises overflowException";
            IntMod = 7, "intMod#", "primIntMod", "Int -> Int -> Int", [Int, Int] -> [Int], CanFail, Any, "x `mod` y (sign of y); y == 0 raises divZeroException; y == -1 gives 0";
            IntEq = 8, "intEq#", "primIntEq", "Int -> Int -> Bool", [Int, Int] -> [Int], Pure, Any, "x == y as 0/1";
            IntNe = 9, "intNe#", "primIntNe", "Int -> Int -> Bool", [Int, Int] -> [Int], Pure, Any, "x /= y as 0/1";
            IntLt = 10, "intLt#", "primIntLt", "Int -> Int -> Bool", [Int, Int] -> [Int], Pure, Any, "x < y (signed) as 0/1";
            IntLe = 11, "intLe#", "primIntLe", "Int -> Int -> Bool", [Int, Int] -> [Int], Pure, Any, "x <= y (signed) as 0/1";
            IntGt = 12, "intGt#", "primIntGt", "Int -> Int -> Bool", [Int, Int] -> [Int], Pure, Any, "x > y (signed) as 0/1";
            IntGe = 13, "intGe#", "primIntGe", "Int -> Int -> Bool", [Int, Int] -> [Int], Pure, Any, "x >= y (signed) as 0/1";
            IntAnd = 14, "intAnd#", "primIntAnd", "Int -> Int -> Int", [Int, Int] -> [Int], Pure, Any, "bitwise and";
            IntOr = 15, "intOr#", "primIntOr", "Int -> Int -> Int", [Int, Int] -> [Int], Pure, Any, "bitwise or";
            IntXor = 16, "intXor#", "primIntXor", "Int -> Int -> Int", [Int, Int] -> [Int], Pure, Any, "bitwise exclusive or";
            IntComplement = 17, "intComplement#", "primIntComplement", "Int -> Int", [Int] -> [Int], Pure, Any, "bitwise not";
            IntShiftL = 18, "intShiftL#", "primIntShiftL", "Int -> Int -> Int", [Int, Int] -> [Int], Pure, Any, "x shifted left by n bits, 0 <= n; n >= 64 gives 0";
            IntShiftRA = 19, "intShiftRA#", "primIntShiftRA", "Int -> Int -> Int", [Int, Int] -> [Int], Pure, Any, "arithmetic right shift by n >= 0; n >= 64 gives 0 or -1 by sign";
            IntShiftRL = 20, "intShiftRL#", "primIntShiftRL", "Int -> Int -> Int", [Int, Int] -> [Int], Pure, Any, "logical right shift by n >= 0; n >= 64 gives 0";
            IntPopCount = 21, "intPopCount#", "primIntPopCount", "Int -> Int", [Int] -> [Int], Pure, Any, "number of one bits in the 64-bit pattern";
            IntClz = 22, "intClz#", "primIntClz", "Int -> Int", [Int] -> [Int], Pure, Any, "leading zero bits of the 64-bit pattern (64 for 0)";
            IntCtz = 23, "intCtz#", "primIntCtz", "Int -> Int", [Int] -> [Int], Pure, Any, "trailing zero bits of the 64-bit pattern (64 for 0)";
            IntToDouble = 24, "intToDouble#", "primIntToDouble", "Int -> Double", [Int] -> [Double], Pure, Any, "nearest Double (ties to even)";
            IntToWord = 25, "intToWord#", "primIntToWord", "Int -> Word", [Int] -> [Word], Pure, Any, "same 64-bit pattern";
            IntToChar = 26, "intToChar#", "primIntToChar", "Int -> Char", [Int] -> [Int], Pure, Any, "code point, unchecked (the library checks 0..0x10FFFF)";
            CharToInt = 27, "charToInt#", "primCharToInt", "Char -> Int", [Int] -> [Int], Pure, Any, "code point";
            IntToString = 28, "intToString#", "primIntToString", "Int -> String", [Int] -> [Ptr], Pure, Any, "decimal digits with a leading '-' if negative (GHC's show)";
            IntToInteger = 29, "intToInteger#", "primIntToInteger", "Int -> Integer", [Int] -> [Ptr], Pure, Any, "the same value as an Integer";
            // ---- Word (64-bit unsigned, wrapping) ----
            WordAdd = 30, "wordAdd#", "primWordAdd", "Word -> Word -> Word", [Word, Word] -> [Word], Pure, Any, "x + y mod 2^64";
            WordSub = 31, "wordSub#", "primWordSub", "Word -> Word -> Word", [Word, Word] -> [Word], Pure, Any, "x - y mod 2^64";
            WordMul = 32, "wordMul#", "primWordMul", "Word -> Word -> Word", [Word, Word] -> [Word], Pure, Any, "x * y mod 2^64";
            WordQuot = 33, "wordQuot#", "primWordQuot", "Word -> Word -> Word", [Word, Word] -> [Word], CanFail, Any, "unsigned division; y == 0 raises divZeroException";
            WordRem = 34, "wordRem#", "primWordRem", "Word -> Word -> Word", [Word, Word] -> [Word], CanFail, Any, "unsigned remainder; y == 0 raises divZeroException";
            WordEq = 35, "wordEq#", "primWordEq", "Word -> Word -> Bool", [Word, Word] -> [Int], Pure, Any, "x == y as 0/1";
            WordNe = 36, "wordNe#", "primWordNe", "Word -> Word -> Bool", [Word, Word] -> [Int], Pure, Any, "x /= y as 0/1";
            WordLt = 37, "wordLt#", "primWordLt", "Word -> Word -> Bool", [Word, Word] -> [Int], Pure, Any, "x < y (unsigned) as 0/1";
            WordLe = 38, "wordLe#", "primWordLe", "Word -> Word -> Bool", [Word, Word] -> [Int], Pure, Any, "x <= y (unsigned) as 0/1";
            WordGt = 39, "wordGt#", "primWordGt", "Word -> Word -> Bool", [Word, Word] -> [Int], Pure, Any, "x > y (unsigned) as 0/1";
            WordGe = 40, "wordGe#", "primWordGe", "Word -> Word -> Bool", [Word, Word] -> [Int], Pure, Any, "x >= y (unsigned) as 0/1";
            WordAnd = 41, "wordAnd#", "primWordAnd", "Word -> Word -> Word", [Word, Word] -> [Word], Pure, Any, "bitwise and";
            WordOr = 42, "wordOr#", "primWordOr", "Word -> Word -> Word", [Word, Word] -> [Word], Pure, Any, "bitwise or";
            WordXor = 43, "wordXor#", "primWordXor", "Word -> Word -> Word", [Word, Word] -> [Word], Pure, Any, "bitwise exclusive or";
            WordComplement = 44, "wordComplement#", "primWordComplement", "Word -> Word", [Word] -> [Word], Pure, Any, "bitwise not";
            WordShiftL = 45, "wordShiftL#", "primWordShiftL", "Word -> Int -> Word", [Word, Int] -> [Word], Pure, Any, "left shift by n >= 0; n >= 64 gives 0";
            WordShiftR = 46, "wordShiftR#", "primWordShiftR", "Word -> Int -> Word", [Word, Int] -> [Word], Pure, Any, "logical right shift by n >= 0; n >= 64 gives 0";
            WordPopCount = 47, "wordPopCount#", "primWordPopCount", "Word -> Int", [Word] -> [Int], Pure, Any, "number of one bits";
            WordToInt = 48, "wordToInt#", "primWordToInt", "Word -> Int", [Word] -> [Int], Pure, Any, "same 64-bit pattern";
            WordToDouble = 49, "wordToDouble#", "primWordToDouble", "Word -> Double", [Word] -> [Double], Pure, Any, "nearest Double (ties to even)";
            WordToInteger = 50, "wordToInteger#", "primWordToInteger", "Word -> Integer", [Word] -> [Ptr], Pure, Any, "the same value as an Integer";
            WordToString = 51, "wordToString#", "primWordToString", "Word -> String", [Word] -> [Ptr], Pure, Any, "decimal digits";
            // ---- Char (Char# has rep Int: a Unicode scalar value) ----
            CharEq = 52, "charEq#", "primCharEq", "Char -> Char -> Bool", [Int, Int] -> [Int], Pure, Any, "same code point as 0/1";
            CharNe = 53, "charNe#", "primCharNe", "Char -> Char -> Bool", [Int, Int] -> [Int], Pure, Any, "different code points as 0/1";
            CharLt = 54, "charLt#", "primCharLt", "Char -> Char -> Bool", [Int, Int] -> [Int], Pure, Any, "code point order as 0/1";
            CharLe = 55, "charLe#", "primCharLe", "Char -> Char -> Bool", [Int, Int] -> [Int], Pure, Any, "code point order as 0/1";
            CharGt = 56, "charGt#", "primCharGt", "Char -> Char -> Bool", [Int, Int] -> [Int], Pure, Any, "code point order as 0/1";
            CharGe = 57, "charGe#", "primCharGe", "Char -> Char -> Bool", [Int, Int] -> [Int], Pure, Any, "code point order as 0/1";
            CharIsUpper = 58, "charIsUpper#", "primCharIsUpper", "Char -> Bool", [Int] -> [Int], Pure, Any, "general category Lu or Lt (non-ASCII only is asked; the library does ASCII)";
            CharIsLower = 59, "charIsLower#", "primCharIsLower", "Char -> Bool", [Int] -> [Int], Pure, Any, "general category Ll";
            CharIsAlpha = 60, "charIsAlpha#", "primCharIsAlpha", "Char -> Bool", [Int] -> [Int], Pure, Any, "general category Lu, Ll, Lt, Lm or Lo";
            CharIsAlphaNum = 61, "charIsAlphaNum#", "primCharIsAlphaNum", "Char -> Bool", [Int] -> [Int], Pure, Any, "a letter (as primCharIsAlpha) or general category Nd, Nl, No";
            CharIsSpace = 62, "charIsSpace#", "primCharIsSpace", "Char -> Bool", [Int] -> [Int], Pure, Any, "general category Zs (the library handles ASCII white space)";
            CharIsPrint = 63, "charIsPrint#", "primCharIsPrint", "Char -> Bool", [Int] -> [Int], Pure, Any, "not a control, format, surrogate, private-use, unassigned, line or paragraph separator";
            CharToUpper = 64, "charToUpper#", "primCharToUpper", "Char -> Char", [Int] -> [Int], Pure, Any, "simple (one-to-one) Unicode upper-case mapping";
            CharToLower = 65, "charToLower#", "primCharToLower", "Char -> Char", [Int] -> [Int], Pure, Any, "simple (one-to-one) Unicode lower-case mapping";
            CharGeneralCategory = 66, "charGeneralCategory#", "primCharGeneralCategory", "Char -> Int", [Int] -> [Int], Pure, Any, "index of the Unicode general category in Data.Char.GeneralCategory order (Lu = 0 ... Cn = 29)";
            // ---- Double (IEEE 754 binary64) ----
            DoubleAdd = 67, "doubleAdd#", "primDoubleAdd", "Double -> Double -> Double", [Double, Double] -> [Double], Pure, Any, "x + y";
            DoubleSub = 68, "doubleSub#", "primDoubleSub", "Double -> Double -> Double", [Double, Double] -> [Double], Pure, Any, "x - y";
            DoubleMul = 69, "doubleMul#", "primDoubleMul", "Double -> Double -> Double", [Double, Double] -> [Double], Pure, Any, "x * y";
            DoubleDiv = 70, "doubleDiv#", "primDoubleDiv", "Double -> Double -> Double", [Double, Double] -> [Double], Pure, Any, "x / y (IEEE: division by zero gives an infinity or NaN, never an exception)";
            DoubleNegate = 71, "doubleNegate#", "primDoubleNegate", "Double -> Double", [Double] -> [Double], Pure, Any, "-x (flips the sign bit)";
            DoubleAbs = 72, "doubleAbs#", "primDoubleAbs", "Double -> Double", [Double] -> [Double], Pure, Any, "|x| (clears the sign bit)";
            DoubleEq = 73, "doubleEq#", "primDoubleEq", "Double -> Double -> Bool", [Double, Double] -> [Int], Pure, Any, "IEEE equality (NaN /= NaN) as 0/1";
            DoubleNe = 74, "doubleNe#", "primDoubleNe", "Double -> Double -> Bool", [Double, Double] -> [Int], Pure, Any, "IEEE inequality as 0/1";
            DoubleLt = 75, "doubleLt#", "primDoubleLt", "Double -> Double -> Bool", [Double, Double] -> [Int], Pure, Any, "IEEE x < y as 0/1";
            DoubleLe = 76, "doubleLe#", "primDoubleLe", "Double -> Double -> Bool", [Double, Double] -> [Int], Pure, Any, "IEEE x <= y as 0/1";
            DoubleGt = 77, "doubleGt#", "primDoubleGt", "Double -> Double -> Bool", [Double, Double] -> [Int], Pure, Any, "IEEE x > y as 0/1";
            DoubleGe = 78, "doubleGe#", "primDoubleGe", "Double -> Double -> Bool", [Double, Double] -> [Int], Pure, Any, "IEEE x >= y as 0/1";
            DoubleSqrt = 79, "doubleSqrt#", "primDoubleSqrt", "Double -> Double", [Double] -> [Double], Pure, Any, "square root (correctly rounded)";
            DoubleExp = 80, "doubleExp#", "primDoubleExp", "Double -> Double", [Double] -> [Double], Pure, Any, "e^x (libm)";
            DoubleLog = 81, "doubleLog#", "primDoubleLog", "Double -> Double", [Double] -> [Double], Pure, Any, "natural logarithm (libm)";
            DoubleSin = 82, "doubleSin#", "primDoubleSin", "Double -> Double", [Double] -> [Double], Pure, Any, "sine (libm)";
            DoubleCos = 83, "doubleCos#", "primDoubleCos", "Double -> Double", [Double] -> [Double], Pure, Any, "cosine (libm)";
            DoubleTan = 84, "doubleTan#", "primDoubleTan", "Double -> Double", [Double] -> [Double], Pure, Any, "tangent (libm)";
            DoubleAsin = 85, "doubleAsin#", "primDoubleAsin", "Double -> Double", [Double] -> [Double], Pure, Any, "arc sine (libm)";
            DoubleAcos = 86, "doubleAcos#", "primDoubleAcos", "Double -> Double", [Double] -> [Double], Pure, Any, "arc cosine (libm)";
            DoubleAtan = 87, "doubleAtan#", "primDoubleAtan", "Double -> Double", [Double] -> [Double], Pure, Any, "arc tangent (libm)";
            DoubleSinh = 88, "doubleSinh#", "primDoubleSinh", "Double -> Double", [Double] -> [Double], Pure, Any, "hyperbolic sine (libm)";
            DoubleCosh = 89, "doubleCosh#", "primDoubleCosh", "Double -> Double", [Double] -> [Double], Pure, Any, "hyperbolic cosine (libm)";
            DoubleTanh = 90, "doubleTanh#", "primDoubleTanh", "Double -> Double", [Double] -> [Double], Pure, Any, "hyperbolic tangent (libm)";
            DoubleAsinh = 91, "doubleAsinh#", "primDoubleAsinh", "Double -> Double", [Double] -> [Double], Pure, Any, "inverse hyperbolic sine (libm)";
            DoubleAcosh = 92, "doubleAcosh#", "primDoubleAcosh", "Double -> Double", [Double] -> [Double], Pure, Any, "inverse hyperbolic cosine (libm)";
            DoubleAtanh = 93, "doubleAtanh#", "primDoubleAtanh", "Double -> Double", [Double] -> [Double], Pure, Any, "inverse hyperbolic tangent (libm)";
            DoublePow = 94, "doublePow#", "primDoublePow", "Double -> Double -> Double", [Double, Double] -> [Double], Pure, Any, "x ** y (libm pow)";
            DoubleAtan2 = 95, "doubleAtan2#", "primDoubleAtan2", "Double -> Double -> Double", [Double, Double] -> [Double], Pure, Any, "atan2 y x (libm), the first argument is y";
            DoubleTruncateToInt = 96, "doubleTruncateToInt#", "primDoubleTruncateToInt", "Double -> Int", [Double] -> [Int], Pure, Any, "truncate toward zero; NaN and out-of-range give minBound (x86-64 cvttsd2si, as GHC there)";
            DoubleDecode = 97, "doubleDecode#", "primDoubleDecode", "Double -> (Integer, Int)", [Double] -> [Ptr, Int], Pure, Any, "decodeFloat: (m, e) with x = m * 2^e and 2^52 <= |m| < 2^53, or (0, 0) for 0 (GHC's result for NaN/Infinity too)";
            DoubleEncode = 98, "doubleEncode#", "primDoubleEncode", "Integer -> Int -> Double", [Ptr, Int] -> [Double], Pure, Any, "encodeFloat: m * 2^e, correctly rounded";
            DoubleIsNaN = 99, "doubleIsNaN#", "primDoubleIsNaN", "Double -> Bool", [Double] -> [Int], Pure, Any, "x is a NaN, as 0/1";
            DoubleIsInfinite = 100, "doubleIsInfinite#", "primDoubleIsInfinite", "Double -> Bool", [Double] -> [Int], Pure, Any, "x is +/-Infinity, as 0/1";
            DoubleIsNegativeZero = 101, "doubleIsNegativeZero#", "primDoubleIsNegativeZero", "Double -> Bool", [Double] -> [Int], Pure, Any, "x is -0.0, as 0/1";
            DoubleShowDigits = 102, "doubleShowDigits#", "primDoubleShowDigits", "Double -> (String, Int)", [Double] -> [Ptr, Int], Pure, Any, "GHC's floatToDigits 10 for finite x >= 0: the shortest digits ds (no leading zero) and e with x = 0.ds * 10^e that read back as x; (\"0\", 0) for 0";
            DoubleFromString = 103, "doubleFromString#", "primDoubleFromString", "String -> Double", [Ptr] -> [Double], Pure, Any, "nearest Double to a decimal literal (digits, optional .digits, optional e[+-]digits; no sign); the library passes only such strings";
            // ---- Integer (rep Ptr: an evaluated runtime bignum object) ----
            IntegerAdd = 104, "integerAdd#", "primIntegerAdd", "Integer -> Integer -> Integer", [Ptr, Ptr] -> [Ptr], Pure, Any, "x + y";
            IntegerSub = 105, "integerSub#", "primIntegerSub", "Integer -> Integer -> Integer", [Ptr, Ptr] -> [Ptr], Pure, Any, "x - y";
            IntegerMul = 106, "integerMul#", "primIntegerMul", "Integer -> Integer -> Integer", [Ptr, Ptr] -> [Ptr], Pure, Any, "x * y";
            IntegerNegate = 107, "integerNegate#", "primIntegerNegate", "Integer -> Integer", [Ptr] -> [Ptr], Pure, Any, "-x";
            IntegerAbs = 108, "integerAbs#", "primIntegerAbs", "Integer -> Integer", [Ptr] -> [Ptr], Pure, Any, "|x|";
            IntegerSignum = 109, "integerSignum#", "primIntegerSignum", "Integer -> Integer", [Ptr] -> [Ptr], Pure, Any, "-1, 0 or 1";
            IntegerQuot = 110, "integerQuot#", "primIntegerQuot", "Integer -> Integer -> Integer", [Ptr, Ptr] -> [Ptr], CanFail, Any, "quotient toward zero; y == 0 raises divZeroException";
            IntegerRem = 111, "integerRem#", "primIntegerRem", "Integer -> Integer -> Integer", [Ptr, Ptr] -> [Ptr], CanFail, Any, "remainder with the sign of x; y == 0 raises divZeroException";
            IntegerDiv = 112, "integerDiv#", "primIntegerDiv", "Integer -> Integer -> Integer", [Ptr, Ptr] -> [Ptr], CanFail, Any, "quotient toward -inf; y == 0 raises divZeroException";
            IntegerMod = 113, "integerMod#", "primIntegerMod", "Integer -> Integer -> Integer", [Ptr, Ptr] -> [Ptr], CanFail, Any, "remainder with the sign of y; y == 0 raises divZeroException";
            IntegerQuotRem = 114, "integerQuotRem#", "primIntegerQuotRem", "Integer -> Integer -> (Integer, Integer)", [Ptr, Ptr] -> [Ptr, Ptr], CanFail, Any, "(quot, rem) at once; y == 0 raises divZeroException";
            IntegerDivMod = 115, "integerDivMod#", "primIntegerDivMod", "Integer -> Integer -> (Integer, Integer)", [Ptr, Ptr] -> [Ptr, Ptr], CanFail, Any, "(div, mod) at once; y == 0 raises divZeroException";
            IntegerEq = 116, "integerEq#", "primIntegerEq", "Integer -> Integer -> Bool", [Ptr, Ptr] -> [Int], Pure, Any, "x == y as 0/1";
            IntegerNe = 117, "integerNe#", "primIntegerNe", "Integer -> Integer -> Bool", [Ptr, Ptr] -> [Int], Pure, Any, "x /= y as 0/1";
            IntegerLt = 118, "integerLt#", "primIntegerLt", "Integer -> Integer -> Bool", [Ptr, Ptr] -> [Int], Pure, Any, "x < y as 0/1";
            IntegerLe = 119, "integerLe#", "primIntegerLe", "Integer -> Integer -> Bool", [Ptr, Ptr] -> [Int], Pure, Any, "x <= y as 0/1";
            IntegerGt = 120, "integerGt#", "primIntegerGt", "Integer -> Integer -> Bool", [Ptr, Ptr] -> [Int], Pure, Any, "x > y as 0/1";
            IntegerGe = 121, "integerGe#", "primIntegerGe", "Integer -> Integer -> Bool", [Ptr, Ptr] -> [Int], Pure, Any, "x >= y as 0/1";
            IntegerCompare = 122, "integerCompare#", "primIntegerCompare", "Integer -> Integer -> Int", [Ptr, Ptr] -> [Int], Pure, Any, "-1, 0 or 1 as x <, ==, > y";
            IntegerToInt = 123, "integerToInt#", "primIntegerToInt", "Integer -> Int", [Ptr] -> [Int], Pure, Any, "x mod 2^64 as a signed Int (wraps, as GHC's fromInteger)";
            IntegerToWord = 124, "integerToWord#", "primIntegerToWord", "Integer -> Word", [Ptr] -> [Word], Pure, Any, "x mod 2^64";
            IntegerToDouble = 125, "integerToDouble#", "primIntegerToDouble", "Integer -> Double", [Ptr] -> [Double], Pure, Any, "nearest Double (ties to even); +/-Infinity beyond the range";
            IntegerToString = 126, "integerToString#", "primIntegerToString", "Integer -> String", [Ptr] -> [Ptr], Pure, Any, "decimal digits with a leading '-' if negative";
            IntegerFromString = 127, "integerFromString#", "primIntegerFromString", "String -> Integer", [Ptr] -> [Ptr], Pure, Any, "an optional '-' then decimal digits (the library passes only such strings)";
            IntegerAnd = 128, "integerAnd#", "primIntegerAnd", "Integer -> Integer -> Integer", [Ptr, Ptr] -> [Ptr], Pure, Any, "bitwise and (two's complement, infinite sign extension)";
            IntegerOr = 129, "integerOr#", "primIntegerOr", "Integer -> Integer -> Integer", [Ptr, Ptr] -> [Ptr], Pure, Any, "bitwise or (two's complement)";
            IntegerXor = 130, "integerXor#", "primIntegerXor", "Integer -> Integer -> Integer", [Ptr, Ptr] -> [Ptr], Pure, Any, "bitwise exclusive or (two's complement)";
            IntegerComplement = 131, "integerComplement#", "primIntegerComplement", "Integer -> Integer", [Ptr] -> [Ptr], Pure, Any, "-x - 1";
            IntegerShiftL = 132, "integerShiftL#", "primIntegerShiftL", "Integer -> Int -> Integer", [Ptr, Int] -> [Ptr], Pure, Any, "x * 2^n, n >= 0";
            IntegerShiftR = 133, "integerShiftR#", "primIntegerShiftR", "Integer -> Int -> Integer", [Ptr, Int] -> [Ptr], Pure, Any, "floor (x / 2^n), n >= 0";
            IntegerTestBit = 134, "integerTestBit#", "primIntegerTestBit", "Integer -> Int -> Bool", [Ptr, Int] -> [Int], Pure, Any, "bit n (n >= 0) of the two's complement form, as 0/1";
            IntegerPopCount = 135, "integerPopCount#", "primIntegerPopCount", "Integer -> Int", [Ptr] -> [Int], Pure, Any, "one bits of x >= 0; -(one bits of -x) for x < 0 (as GHC)";
            IntegerGcd = 136, "integerGcd#", "primIntegerGcd", "Integer -> Integer -> Integer", [Ptr, Ptr] -> [Ptr], Pure, Any, "greatest common divisor, >= 0 (gcd 0 0 == 0)";
            IntegerLcm = 137, "integerLcm#", "primIntegerLcm", "Integer -> Integer -> Integer", [Ptr, Ptr] -> [Ptr], Pure, Any, "least common multiple, >= 0 (0 if either is 0)";
            // ---- exceptions and masking ----
            Raise = 138, "raise#", "primRaise", "e -> a", [Ptr] -> [Ptr], Raise, Any, "throw the (SomeException) value to the innermost catch frame; with none, the thread dies";
            Catch = 139, "catch#", "primCatch", "IO a -> (e -> IO a) -> IO a", [Ptr, Ptr, Void] -> [Void, Ptr], Io, Any, "run the action with a catch frame; on an exception run the handler on it (async exceptions masked, as GHC)";
            RaiseIO = 140, "raiseIO#", "primRaiseIO", "e -> IO a", [Ptr, Void] -> [Void, Ptr], Io, Any, "throw the exception when this action runs (throwIO)";
            MaskAsync = 141, "maskAsyncExceptions#", "primMaskAsyncExceptions", "IO a -> IO a", [Ptr, Void] -> [Void, Ptr], Io, Any, "run the action with asynchronous exceptions masked (interruptibly)";
            UnmaskAsync = 142, "unmaskAsyncExceptions#", "primUnmaskAsyncExceptions", "IO a -> IO a", [Ptr, Void] -> [Void, Ptr], Io, Any, "run the action unmasked; pending async exceptions are raised on entry";
            MaskUninterruptible = 143, "maskUninterruptible#", "primMaskUninterruptible", "IO a -> IO a", [Ptr, Void] -> [Void, Ptr], Io, Any, "run the action with asynchronous exceptions masked, even in blocking operations";
            GetMaskingState = 144, "getMaskingState#", "primGetMaskingState", "IO Int", [Void] -> [Void, Int], Io, Any, "0 unmasked, 1 masked interruptible, 2 masked uninterruptible";
            // ---- IORef ----
            NewIORef = 145, "newMutVar#", "primNewIORef", "a -> IO (IORef a)", [Ptr, Void] -> [Void, Ptr], Io, Value, "a new mutable variable holding the value (unevaluated)";
            ReadIORef = 146, "readMutVar#", "primReadIORef", "IORef a -> IO a", [Ptr, Void] -> [Void, Ptr], Io, Any, "the current content (not evaluated)";
            WriteIORef = 147, "writeMutVar#", "primWriteIORef", "IORef a -> a -> IO ()", [Ptr, Ptr, Void] -> [Void], Io, Any, "replace the content (with a GC write barrier)";
            AtomicModifyIORef = 148, "atomicModifyMutVar#", "primAtomicModifyIORef", "IORef a -> (a -> (a, b)) -> IO b", [Ptr, Ptr, Void] -> [Void, Ptr], Io, Any, "atomically: old := content; p := thunk (f old); content := thunk (fst p); return thunk (snd p) (fst/snd are wired-in)";
            EqIORef = 149, "sameMutVar#", "primEqIORef", "IORef a -> IORef a -> Bool", [Ptr, Ptr] -> [Int], Pure, Any, "the same variable (pointer equality) as 0/1";
            // ---- MVar ----
            NewEmptyMVar = 150, "newMVar#", "primNewEmptyMVar", "IO (MVar a)", [Void] -> [Void, Ptr], Io, Value, "a new empty MVar";
            TakeMVar = 151, "takeMVar#", "primTakeMVar", "MVar a -> IO a", [Ptr, Void] -> [Void, Ptr], Io, Any, "take the value, blocking (FIFO, interruptible) while empty";
            PutMVar = 152, "putMVar#", "primPutMVar", "MVar a -> a -> IO ()", [Ptr, Ptr, Void] -> [Void], Io, Any, "put a value, blocking (FIFO, interruptible) while full";
            ReadMVar = 153, "readMVar#", "primReadMVar", "MVar a -> IO a", [Ptr, Void] -> [Void, Ptr], Io, Any, "read the value without taking it, blocking while empty (atomic)";
            TryTakeMVar = 154, "tryTakeMVar#", "primTryTakeMVar", "MVar a -> IO (Bool, a)", [Ptr, Void] -> [Void, Int, Ptr], Io, Any, "(1, value) having taken it, or (0, any valid pointer) if empty";
            TryPutMVar = 155, "tryPutMVar#", "primTryPutMVar", "MVar a -> a -> IO Bool", [Ptr, Ptr, Void] -> [Void, Int], Io, Any, "put if empty: 1 if put, 0 if it was full";
            TryReadMVar = 156, "tryReadMVar#", "primTryReadMVar", "MVar a -> IO (Bool, a)", [Ptr, Void] -> [Void, Int, Ptr], Io, Any, "(1, value) if full, or (0, any valid pointer) if empty";
            EqMVar = 157, "sameMVar#", "primEqMVar", "MVar a -> MVar a -> Bool", [Ptr, Ptr] -> [Int], Pure, Any, "the same MVar (pointer equality) as 0/1";
            IsEmptyMVar = 158, "isEmptyMVar#", "primIsEmptyMVar", "MVar a -> IO Bool", [Ptr, Void] -> [Void, Int], Io, Any, "1 if empty now";
            // ---- threads ----
            ForkIO = 159, "fork#", "primForkIO", "IO () -> IO ThreadId", [Ptr, Void] -> [Void, Ptr], Io, Value, "a new thread running the action (the library wraps it in the child handler); it inherits the masking state";
            Yield = 160, "yield#", "primYield", "IO ()", [Void] -> [Void], Io, Any, "move the current thread to the back of the run queue";
            MyThreadId = 161, "myThreadId#", "primMyThreadId", "IO ThreadId", [Void] -> [Void, Ptr], Io, Value, "the current thread";
            ThrowTo = 162, "killThread#", "primThrowTo", "ThreadId -> e -> IO ()", [Ptr, Ptr, Void] -> [Void], Io, Any, "raise the exception in the thread; blocks while the target is masked (interruptible); to oneself, raises at once";
            ThreadDelay = 163, "delay#", "primThreadDelay", "Int -> IO ()", [Int, Void] -> [Void], Io, Any, "sleep at least n microseconds (n <= 0: yield)";
            ThreadIdToInt = 164, "threadIdToInt#", "primThreadIdToInt", "ThreadId -> Int", [Ptr] -> [Int], Pure, Any, "the thread's number (show: ThreadId n); unique for the run";
            ThreadStatus = 165, "threadStatus#", "primThreadStatus", "ThreadId -> IO Int", [Ptr, Void] -> [Void, Int], Io, Any, "GHC's numbers: 0 running/runnable; blocked: 1 MVar take/put, 14 MVar read, 2 blackhole, 5 delay, 12 throwTo; 16 finished, 17 died of an exception";
            // ---- memory: GC, stable pointers and names, weak pointers ----
            PerformGC = 166, "performMajorGC#", "primPerformGC", "IO ()", [Void] -> [Void], Io, Any, "a major collection (runs due finalizers afterwards)";
            PerformMinorGC = 167, "performMinorGC#", "primPerformMinorGC", "IO ()", [Void] -> [Void], Io, Any, "a minor collection";
            MakeStablePtr = 168, "makeStablePtr#", "primMakeStablePtr", "a -> IO (StablePtr a)", [Ptr, Void] -> [Void, Ptr], Io, Value, "a new stable pointer keeping the value alive until freed";
            DeRefStablePtr = 169, "deRefStablePtr#", "primDeRefStablePtr", "StablePtr a -> IO a", [Ptr, Void] -> [Void, Ptr], Io, Any, "the value; a freed pointer is a clear runtime error";
            FreeStablePtr = 170, "freeStablePtr#", "primFreeStablePtr", "StablePtr a -> IO ()", [Ptr, Void] -> [Void], Io, Any, "release the entry; double free is a clear runtime error";
            MakeStableName = 171, "makeStableName#", "primMakeStableName", "a -> IO (StableName a)", [Ptr, Void] -> [Void, Ptr], Io, Value, "the stable name of the object (the same object gives an equal name; not evaluated)";
            StableNameToInt = 172, "stableNameToInt#", "primStableNameToInt", "StableName a -> Int", [Ptr] -> [Int], Pure, Any, "hashStableName: the name's number";
            EqStableName = 173, "eqStableName#", "primEqStableName", "StableName a -> StableName b -> Bool", [Ptr, Ptr] -> [Int], Pure, Any, "the same name as 0/1";
            MkWeak = 174, "mkWeak#", "primMkWeak", "k -> v -> IO () -> IO (Weak v)", [Ptr, Ptr, Ptr, Void] -> [Void, Ptr], Io, Value, "a weak pointer from key to value with a finalizer run (in its own thread) after the key dies";
            MkWeakNoFinalizer = 175, "mkWeakNoFinalizer#", "primMkWeakNoFinalizer", "k -> v -> IO (Weak v)", [Ptr, Ptr, Void] -> [Void, Ptr], Io, Value, "a weak pointer from key to value without a finalizer";
            DeRefWeak = 176, "deRefWeak#", "primDeRefWeak", "Weak v -> IO (Bool, v)", [Ptr, Void] -> [Void, Int, Ptr], Io, Any, "(1, value) while the key is alive, else (0, any valid pointer)";
            FinalizeWeak = 177, "finalizeWeak#", "primFinalizeWeak", "Weak v -> IO (Bool, IO ())", [Ptr, Void] -> [Void, Int, Ptr], Io, Any, "kill the weak pointer now; (1, finalizer) for the caller to run if it had one not yet run, else (0, any valid pointer)";
            // ---- handles, files, environment, exit (handles are small Ints: 0 stdin, 1 stdout, 2 stderr) ----
            HPutChar = 178, "hPutChar#", "primHPutChar", "Int -> Char -> IO Int", [Int, Int, Void] -> [Void, Int], Io, Any, "append the character (UTF-8) to the handle's buffer, flushing per its buffering mode; 0 ok, -2 not open for writing";
            HGetChar = 179, "hGetChar#", "primHGetChar", "Int -> IO Int", [Int, Void] -> [Void, Int], Io, Any, "the next character's code point; -1 at end of file, -2 not open for reading (the thread blocks, not the runtime, where possible)";
            HGetLine = 180, "hGetLine#", "primHGetLine", "Int -> IO (Int, String)", [Int, Void] -> [Void, Int, Ptr], Io, Any, "(0, line without its newline); (-1, _) at end of file with nothing read; (-2, _) not open for reading";
            HGetChunk = 181, "hGetChunk#", "primHGetChunk", "Int -> IO String", [Int, Void] -> [Void, Ptr], Io, Any, "the characters available now (at least one, blocking for them), \"\" at end of file or on a closed handle; for lazy hGetContents";
            HFlush = 182, "hFlush#", "primHFlush", "Int -> IO ()", [Int, Void] -> [Void], Io, Any, "write out the handle's buffer";
            HClose = 183, "hClose#", "primHClose", "Int -> IO ()", [Int, Void] -> [Void], Io, Any, "flush and close (closing twice is allowed)";
            HIsEOF = 184, "hIsEOF#", "primHIsEOF", "Int -> IO Bool", [Int, Void] -> [Void, Int], Io, Any, "1 if no more input (may block to find out)";
            HSetBuffering = 185, "hSetBuffering#", "primHSetBuffering", "Int -> Int -> IO ()", [Int, Int, Void] -> [Void], Io, Any, "0 NoBuffering, 1 LineBuffering, 2 BlockBuffering";
            OpenFile = 186, "openFile#", "primOpenFile", "String -> Int -> IO Int", [Ptr, Int, Void] -> [Void, Int], Io, Any, "open path with mode 0 read, 1 write (truncate), 2 append, 3 read-write: a new handle >= 3, or -1 does not exist, -2 permission denied, -3 resource busy, -4 other error";
            GetArgs = 187, "getArgs#", "primGetArgs", "IO [String]", [Void] -> [Void, Ptr], Io, Any, "the program's arguments (RTS options removed)";
            GetProgName = 188, "getProgName#", "primGetProgName", "IO String", [Void] -> [Void, Ptr], Io, Any, "the program name as GHC reports it (file name without directory or .wasm/.hs suffix)";
            LookupEnv = 189, "lookupEnv#", "primLookupEnv", "String -> IO (Bool, String)", [Ptr, Void] -> [Void, Int, Ptr], Io, Any, "(1, value) if the environment variable is set, else (0, \"\")";
            Exit = 190, "exit#", "primExit", "Int -> IO ()", [Int, Void] -> [Void], Io, Any, "flush stdout and stderr and end the process with the status; a negative status -n means die of signal n (GHC's behaviour after UserInterrupt)";
            ReportStackOverflow = 191, "reportStackOverflow#", "primReportStackOverflow", "IO ()", [Void] -> [Void], Io, Any, "print GHC's 'Stack space overflow: current size N bytes.' lines (prog: prefix, the -K size) to stderr";
            ReportHeapOverflow = 192, "reportHeapOverflow#", "primReportHeapOverflow", "IO ()", [Void] -> [Void], Io, Any, "print GHC's 'Heap exhausted;' lines (prog: prefix, the -M size) to stderr";
            // ---- Core-only (no Haskell wrapper; the front end emits them directly) ----
            RealWorld = 193, "realWorld#", "", "", [] -> [Void], Pure, Any, "the World# token (no runtime representation), for unsafePerformIO";
            UnpackCString = 194, "unpackCString#", "", "", [Addr] -> [Ptr], Pure, Any, "the [Char] of a string literal's NUL-terminated UTF-8 bytes (may be built eagerly)";
            // ---- clock ----
            GetMonotonicNSec = 195, "getMonotonicNSec#", "primGetMonotonicNSec", "IO Int", [Void] -> [Void, Int], Io, Any, "nanoseconds of a monotonic clock (for timing programs)";
            // ---- stable pointers as addresses (Foreign.StablePtr casts) ----
            StablePtrToInt = 196, "stablePtrToInt#", "primStablePtrToInt", "StablePtr a -> Int", [Ptr] -> [Int], Pure, Any, "castStablePtrToPtr: the pointer's table entry as a nonzero number, the same for the same entry (freed or not) and different for entries live at the same time";
            IntToStablePtr = 197, "intToStablePtr#", "primIntToStablePtr", "Int -> StablePtr a", [Int] -> [Ptr], Pure, Value, "castPtrToStablePtr: the stable pointer whose stablePtrToInt# is the number (equal to the original under eq); dereferencing a number that names no live entry is a clear runtime error";
            // ---- sized integers (Data.Int, Data.Word: newtypes over Int/Word kept narrowed) ----
            Narrow8Int = 198, "narrow8Int#", "primNarrow8Int", "Int -> Int", [Int] -> [Int], Pure, Any, "sign-extend the low 8 bits of x (Int8's wrap-around)";
            Narrow16Int = 199, "narrow16Int#", "primNarrow16Int", "Int -> Int", [Int] -> [Int], Pure, Any, "sign-extend the low 16 bits of x";
            Narrow32Int = 200, "narrow32Int#", "primNarrow32Int", "Int -> Int", [Int] -> [Int], Pure, Any, "sign-extend the low 32 bits of x";
            Narrow8Word = 201, "narrow8Word#", "primNarrow8Word", "Word -> Word", [Word] -> [Word], Pure, Any, "x .&. 0xff (zero-extend the low 8 bits)";
            Narrow16Word = 202, "narrow16Word#", "primNarrow16Word", "Word -> Word", [Word] -> [Word], Pure, Any, "x .&. 0xffff";
            Narrow32Word = 203, "narrow32Word#", "primNarrow32Word", "Word -> Word", [Word] -> [Word], Pure, Any, "x .&. 0xffffffff";
            // ---- Float (a newtype over Double holding binary32 values; Float# only at the FFI) ----
            DoubleToFloat = 204, "doubleToFloat#", "", "", [Double] -> [Float], Pure, Any, "the nearest binary32 (round to nearest, ties to even; NaN stays NaN, out of range gives infinity); for foreign calls";
            FloatToDouble = 205, "floatToDouble#", "", "", [Float] -> [Double], Pure, Any, "the same value as a binary64 (exact); for foreign results";
            DoubleRoundFloat = 206, "doubleRoundFloat#", "primDoubleRoundFloat", "Double -> Double", [Double] -> [Double], Pure, Any, "(double)(float)x: x rounded to the nearest binary32 value (ties to even), as a Double";
            FloatShowDigits = 207, "floatShowDigits#", "primFloatShowDigits", "Double -> (String, Int)", [Double] -> [Ptr, Int], Pure, Any, "as doubleShowDigits# but for binary32: x (a binary32 value held in a Double, finite, >= 0) as the shortest digits ds and e with x = 0.ds * 10^e that read back as the same binary32 (GHC's floatToDigits 10 at Float); (\"0\", 0) for 0";
            // ---- Ptr/FunPtr (a newtype over Word; Addr# only at the FFI) ----
            WordToAddr = 208, "wordToAddr#", "", "", [Word] -> [Addr], Pure, Any, "the address with this number (pointers are zero-extended in 64 bits); for foreign calls";
            AddrToWord = 209, "addrToWord#", "", "", [Addr] -> [Word], Pure, Any, "the address's number, zero-extended; for foreign results";
            // ---- JavaScript FFI (GHC.Wasm.Prim; the runtime side is issue 9) ----
            JSFFIUsed = 210, "jsffiUsed#", "primJSFFIUsed", "IO Bool", [Void] -> [Void, Int], Io, Any, "1 if the running program is a wasm module linked with the JavaScript FFI (isJSFFIUsed), else 0";
            FreeJSVal = 211, "freeJSVal#", "primFreeJSVal", "JSVal -> IO ()", [Ptr, Void] -> [Void], Io, Any, "release the JSVal's JavaScript-side table entry now; a second free or any later use of it is a clear runtime error";
            ToJSString = 212, "toJSString#", "primToJSString", "String -> JSVal", [Ptr] -> [Ptr], Pure, Any, "a new JavaScript string with these characters (argument fully evaluated); outside a JS FFI build a clear runtime error";
            FromJSString = 213, "fromJSString#", "primFromJSString", "JSVal -> String", [Ptr] -> [Ptr], Pure, Any, "the characters of a JavaScript string (lone surrogates become U+FFFD); outside a JS FFI build a clear runtime error";
            // ---- raw memory (Foreign.Storable; addresses are Ptr's Word) ----
            ReadAddr = 214, "readAddr#", "primReadAddr", "Word -> Int -> IO Word", [Word, Int, Void] -> [Void, Word], Io, Any, "the n-byte (n = 1, 2, 4 or 8) little-endian value at address a, zero-extended (a bad address is undefined behaviour, as in C)";
            WriteAddr = 215, "writeAddr#", "primWriteAddr", "Word -> Int -> Word -> IO ()", [Word, Int, Word, Void] -> [Void], Io, Any, "store the low n bytes (n = 1, 2, 4 or 8) of v little-endian at address a";
            DoubleToBits = 216, "doubleToBits#", "primDoubleToBits", "Double -> Word", [Double] -> [Word], Pure, Any, "the IEEE binary64 bit pattern (castDoubleToWord64)";
            DoubleFromBits = 217, "doubleFromBits#", "primDoubleFromBits", "Word -> Double", [Word] -> [Double], Pure, Any, "the binary64 value with this bit pattern (castWord64ToDouble)";
            FloatToBits = 218, "floatToBits#", "primFloatToBits", "Double -> Word", [Double] -> [Word], Pure, Any, "the binary32 bit pattern of x rounded to binary32, zero-extended (castFloatToWord32)";
            FloatFromBits = 219, "floatFromBits#", "primFloatFromBits", "Word -> Double", [Word] -> [Double], Pure, Any, "the binary32 value whose pattern is the low 32 bits, as a Double (castWord32ToFloat)";
            // ---- boxed arrays (Array#/MutableArray#; see Note [Array primops] in rts-core interp/machine/arrays.rs) ----
            NewArray = 220, "newArray#", "primNewArray", "Int -> a -> IO (PrimMutableArray a)", [Int, Ptr, Void] -> [Void, Ptr], Io, Value, "a new mutable array of n >= 0 elements, each the (unevaluated) value; n < 0 is a runtime error";
            ReadArray = 221, "readArray#", "primReadArray", "PrimMutableArray a -> Int -> IO a", [Ptr, Int, Void] -> [Void, Ptr], Io, Any, "element i (not evaluated); an index outside 0..n-1 is a runtime error, never a stray read";
            WriteArray = 222, "writeArray#", "primWriteArray", "PrimMutableArray a -> Int -> a -> IO ()", [Ptr, Int, Ptr, Void] -> [Void], Io, Any, "store the value (unevaluated) at index i, with the GC write barrier; a bad index is a runtime error";
            SizeofMutableArray = 223, "sizeofMutableArray#", "primSizeofMutableArray", "PrimMutableArray a -> Int", [Ptr] -> [Int], Pure, Any, "the number of elements";
            SizeofArray = 224, "sizeofArray#", "primSizeofArray", "PrimArray a -> Int", [Ptr] -> [Int], Pure, Any, "the number of elements";
            IndexArray = 225, "indexArray#", "primIndexArray", "PrimArray a -> Int -> IO a", [Ptr, Int, Void] -> [Void, Ptr], Io, Any, "element i of an immutable array, not evaluated (IO only so the element may be a thunk: a pure primop's Ptr result must be in WHNF; the library runs it under unsafePerformIO); a bad index is a runtime error";
            UnsafeFreezeArray = 226, "unsafeFreezeArray#", "primUnsafeFreezeArray", "PrimMutableArray a -> IO (PrimArray a)", [Ptr, Void] -> [Void, Ptr], Io, Value, "the same array, now immutable (no copy)";
            UnsafeThawArray = 227, "unsafeThawArray#", "primUnsafeThawArray", "PrimArray a -> IO (PrimMutableArray a)", [Ptr, Void] -> [Void, Ptr], Io, Value, "the same array, mutable again (no copy)";
            FreezeArray = 228, "freezeArray#", "primFreezeArray", "PrimMutableArray a -> Int -> Int -> IO (PrimArray a)", [Ptr, Int, Int, Void] -> [Void, Ptr], Io, Value, "a new immutable array holding a copy of the n elements from offset o; a range outside the source is a runtime error";
            ThawArray = 229, "thawArray#", "primThawArray", "PrimArray a -> Int -> Int -> IO (PrimMutableArray a)", [Ptr, Int, Int, Void] -> [Void, Ptr], Io, Value, "a new mutable array holding a copy of the n elements from offset o";
            CopyArray = 230, "copyArray#", "primCopyArray", "PrimArray a -> Int -> PrimMutableArray a -> Int -> Int -> IO ()", [Ptr, Int, Ptr, Int, Int, Void] -> [Void], Io, Any, "copy n elements from src[so..] to dst[do..] (ranges checked; runtime error if outside)";
            CopyMutableArray = 231, "copyMutableArray#", "primCopyMutableArray", "PrimMutableArray a -> Int -> PrimMutableArray a -> Int -> Int -> IO ()", [Ptr, Int, Ptr, Int, Int, Void] -> [Void], Io, Any, "copy n elements between mutable arrays; the ranges may overlap (memmove)";
            SameMutableArray = 232, "sameMutableArray#", "primSameMutableArray", "PrimMutableArray a -> PrimMutableArray a -> Bool", [Ptr, Ptr] -> [Int], Pure, Any, "the same array (pointer equality) as 0/1";
            // ---- byte arrays (ByteArray#/MutableByteArray#; offsets count elements of the accessed type, as GHC) ----
            NewByteArray = 233, "newByteArray#", "primNewByteArray", "Int -> IO PrimMutableByteArray", [Int, Void] -> [Void, Ptr], Io, Value, "a new byte array of n >= 0 bytes, zeroed (GHC leaves it uninitialised); may move in a GC";
            NewPinnedByteArray = 234, "newPinnedByteArray#", "primNewPinnedByteArray", "Int -> IO PrimMutableByteArray", [Int, Void] -> [Void, Ptr], Io, Value, "as newByteArray#, but it never moves, so its address may be taken";
            ByteArrayContents = 235, "byteArrayContents#", "primByteArrayContents", "PrimByteArray -> Word", [Ptr] -> [Word], Pure, Any, "the address of the first byte (meaningful for pinned arrays only, while the array is alive)";
            MutableByteArrayContents = 236, "mutableByteArrayContents#", "primMutableByteArrayContents", "PrimMutableByteArray -> Word", [Ptr] -> [Word], Pure, Any, "the address of the first byte of a mutable (pinned) byte array";
            SizeofByteArray = 237, "sizeofByteArray#", "primSizeofByteArray", "PrimByteArray -> Int", [Ptr] -> [Int], Pure, Any, "the size in bytes";
            SizeofMutableByteArray = 238, "sizeofMutableByteArray#", "primSizeofMutableByteArray", "PrimMutableByteArray -> Int", [Ptr] -> [Int], Pure, Any, "the size in bytes";
            UnsafeFreezeByteArray = 239, "unsafeFreezeByteArray#", "primUnsafeFreezeByteArray", "PrimMutableByteArray -> IO PrimByteArray", [Ptr, Void] -> [Void, Ptr], Io, Value, "the same byte array, now immutable (no copy)";
            UnsafeThawByteArray = 240, "unsafeThawByteArray#", "primUnsafeThawByteArray", "PrimByteArray -> IO PrimMutableByteArray", [Ptr, Void] -> [Void, Ptr], Io, Value, "the same byte array, mutable again (no copy; GHC does this with unsafeCoerce#)";
            CopyByteArray = 241, "copyByteArray#", "primCopyByteArray", "PrimByteArray -> Int -> PrimMutableByteArray -> Int -> Int -> IO ()", [Ptr, Int, Ptr, Int, Int, Void] -> [Void], Io, Any, "copy n bytes from src[so..] to dst[do..] (ranges checked)";
            CopyMutableByteArray = 242, "copyMutableByteArray#", "primCopyMutableByteArray", "PrimMutableByteArray -> Int -> PrimMutableByteArray -> Int -> Int -> IO ()", [Ptr, Int, Ptr, Int, Int, Void] -> [Void], Io, Any, "copy n bytes between mutable byte arrays; the ranges may overlap (memmove)";
            SetByteArray = 243, "setByteArray#", "primSetByteArray", "PrimMutableByteArray -> Int -> Int -> Int -> IO ()", [Ptr, Int, Int, Int, Void] -> [Void], Io, Any, "set n bytes from offset o to the low 8 bits of v";
            ReadIntArray = 244, "readIntArray#", "primReadIntArray", "PrimMutableByteArray -> Int -> IO Int", [Ptr, Int, Void] -> [Void, Int], Io, Any, "element i read as a 64-bit Int (little-endian); a bad index is a runtime error";
            WriteIntArray = 245, "writeIntArray#", "primWriteIntArray", "PrimMutableByteArray -> Int -> Int -> IO ()", [Ptr, Int, Int, Void] -> [Void], Io, Any, "store element i as a 64-bit Int (the low bits, little-endian)";
            IndexIntArray = 246, "indexIntArray#", "primIndexIntArray", "PrimByteArray -> Int -> Int", [Ptr, Int] -> [Int], Pure, Any, "element i of an immutable byte array as a 64-bit Int";
            ReadWordArray = 247, "readWordArray#", "primReadWordArray", "PrimMutableByteArray -> Int -> IO Word", [Ptr, Int, Void] -> [Void, Word], Io, Any, "element i read as a 64-bit Word (little-endian); a bad index is a runtime error";
            WriteWordArray = 248, "writeWordArray#", "primWriteWordArray", "PrimMutableByteArray -> Int -> Word -> IO ()", [Ptr, Int, Word, Void] -> [Void], Io, Any, "store element i as a 64-bit Word (the low bits, little-endian)";
            IndexWordArray = 249, "indexWordArray#", "primIndexWordArray", "PrimByteArray -> Int -> Word", [Ptr, Int] -> [Word], Pure, Any, "element i of an immutable byte array as a 64-bit Word";
            ReadInt8Array = 250, "readInt8Array#", "primReadInt8Array", "PrimMutableByteArray -> Int -> IO Int", [Ptr, Int, Void] -> [Void, Int], Io, Any, "element i read as an 8-bit signed value, sign-extended (little-endian); a bad index is a runtime error";
            WriteInt8Array = 251, "writeInt8Array#", "primWriteInt8Array", "PrimMutableByteArray -> Int -> Int -> IO ()", [Ptr, Int, Int, Void] -> [Void], Io, Any, "store element i as an 8-bit signed value (the low bits, little-endian)";
            IndexInt8Array = 252, "indexInt8Array#", "primIndexInt8Array", "PrimByteArray -> Int -> Int", [Ptr, Int] -> [Int], Pure, Any, "element i of an immutable byte array as an 8-bit signed value, sign-extended";
            ReadInt16Array = 253, "readInt16Array#", "primReadInt16Array", "PrimMutableByteArray -> Int -> IO Int", [Ptr, Int, Void] -> [Void, Int], Io, Any, "element i read as a 16-bit signed value, sign-extended (little-endian); a bad index is a runtime error";
            WriteInt16Array = 254, "writeInt16Array#", "primWriteInt16Array", "PrimMutableByteArray -> Int -> Int -> IO ()", [Ptr, Int, Int, Void] -> [Void], Io, Any, "store element i as a 16-bit signed value (the low bits, little-endian)";
            IndexInt16Array = 255, "indexInt16Array#", "primIndexInt16Array", "PrimByteArray -> Int -> Int", [Ptr, Int] -> [Int], Pure, Any, "element i of an immutable byte array as a 16-bit signed value, sign-extended";
            ReadInt32Array = 256, "readInt32Array#", "primReadInt32Array", "PrimMutableByteArray -> Int -> IO Int", [Ptr, Int, Void] -> [Void, Int], Io, Any, "element i read as a 32-bit signed value, sign-extended (little-endian); a bad index is a runtime error";
            WriteInt32Array = 257, "writeInt32Array#", "primWriteInt32Array", "PrimMutableByteArray -> Int -> Int -> IO ()", [Ptr, Int, Int, Void] -> [Void], Io, Any, "store element i as a 32-bit signed value (the low bits, little-endian)";
            IndexInt32Array = 258, "indexInt32Array#", "primIndexInt32Array", "PrimByteArray -> Int -> Int", [Ptr, Int] -> [Int], Pure, Any, "element i of an immutable byte array as a 32-bit signed value, sign-extended";
            ReadWord8Array = 259, "readWord8Array#", "primReadWord8Array", "PrimMutableByteArray -> Int -> IO Word", [Ptr, Int, Void] -> [Void, Word], Io, Any, "element i read as an 8-bit value, zero-extended (little-endian); a bad index is a runtime error";
            WriteWord8Array = 260, "writeWord8Array#", "primWriteWord8Array", "PrimMutableByteArray -> Int -> Word -> IO ()", [Ptr, Int, Word, Void] -> [Void], Io, Any, "store element i as an 8-bit value (the low bits, little-endian)";
            IndexWord8Array = 261, "indexWord8Array#", "primIndexWord8Array", "PrimByteArray -> Int -> Word", [Ptr, Int] -> [Word], Pure, Any, "element i of an immutable byte array as an 8-bit value, zero-extended";
            ReadWord16Array = 262, "readWord16Array#", "primReadWord16Array", "PrimMutableByteArray -> Int -> IO Word", [Ptr, Int, Void] -> [Void, Word], Io, Any, "element i read as a 16-bit value, zero-extended (little-endian); a bad index is a runtime error";
            WriteWord16Array = 263, "writeWord16Array#", "primWriteWord16Array", "PrimMutableByteArray -> Int -> Word -> IO ()", [Ptr, Int, Word, Void] -> [Void], Io, Any, "store element i as a 16-bit value (the low bits, little-endian)";
            IndexWord16Array = 264, "indexWord16Array#", "primIndexWord16Array", "PrimByteArray -> Int -> Word", [Ptr, Int] -> [Word], Pure, Any, "element i of an immutable byte array as a 16-bit value, zero-extended";
            ReadWord32Array = 265, "readWord32Array#", "primReadWord32Array", "PrimMutableByteArray -> Int -> IO Word", [Ptr, Int, Void] -> [Void, Word], Io, Any, "element i read as a 32-bit value, zero-extended (little-endian); a bad index is a runtime error";
            WriteWord32Array = 266, "writeWord32Array#", "primWriteWord32Array", "PrimMutableByteArray -> Int -> Word -> IO ()", [Ptr, Int, Word, Void] -> [Void], Io, Any, "store element i as a 32-bit value (the low bits, little-endian)";
            IndexWord32Array = 267, "indexWord32Array#", "primIndexWord32Array", "PrimByteArray -> Int -> Word", [Ptr, Int] -> [Word], Pure, Any, "element i of an immutable byte array as a 32-bit value, zero-extended";
            ReadDoubleArray = 268, "readDoubleArray#", "primReadDoubleArray", "PrimMutableByteArray -> Int -> IO Double", [Ptr, Int, Void] -> [Void, Double], Io, Any, "element i read as a binary64 Double (little-endian); a bad index is a runtime error";
            WriteDoubleArray = 269, "writeDoubleArray#", "primWriteDoubleArray", "PrimMutableByteArray -> Int -> Double -> IO ()", [Ptr, Int, Double, Void] -> [Void], Io, Any, "store element i as a binary64 Double (the low bits, little-endian)";
            IndexDoubleArray = 270, "indexDoubleArray#", "primIndexDoubleArray", "PrimByteArray -> Int -> Double", [Ptr, Int] -> [Double], Pure, Any, "element i of an immutable byte array as a binary64 Double";
            ReadFloatArray = 271, "readFloatArray#", "primReadFloatArray", "PrimMutableByteArray -> Int -> IO Double", [Ptr, Int, Void] -> [Void, Double], Io, Any, "element i read as a binary32 Float (as a Double holding a binary32 value) (little-endian); a bad index is a runtime error";
            WriteFloatArray = 272, "writeFloatArray#", "primWriteFloatArray", "PrimMutableByteArray -> Int -> Double -> IO ()", [Ptr, Int, Double, Void] -> [Void], Io, Any, "store element i as a binary32 Float (as a Double holding a binary32 value) (the low bits, little-endian)";
            IndexFloatArray = 273, "indexFloatArray#", "primIndexFloatArray", "PrimByteArray -> Int -> Double", [Ptr, Int] -> [Double], Pure, Any, "element i of an immutable byte array as a binary32 Float (as a Double holding a binary32 value)";
            ReadCharArray = 274, "readCharArray#", "primReadCharArray", "PrimMutableByteArray -> Int -> IO Char", [Ptr, Int, Void] -> [Void, Int], Io, Any, "element i read as an 8-bit (Latin-1) character (little-endian); a bad index is a runtime error";
            WriteCharArray = 275, "writeCharArray#", "primWriteCharArray", "PrimMutableByteArray -> Int -> Char -> IO ()", [Ptr, Int, Int, Void] -> [Void], Io, Any, "store element i as an 8-bit (Latin-1) character (the low bits, little-endian)";
            IndexCharArray = 276, "indexCharArray#", "primIndexCharArray", "PrimByteArray -> Int -> Char", [Ptr, Int] -> [Int], Pure, Any, "element i of an immutable byte array as an 8-bit (Latin-1) character";
            ReadWideCharArray = 277, "readWideCharArray#", "primReadWideCharArray", "PrimMutableByteArray -> Int -> IO Char", [Ptr, Int, Void] -> [Void, Int], Io, Any, "element i read as a 32-bit character (little-endian); a bad index is a runtime error";
            WriteWideCharArray = 278, "writeWideCharArray#", "primWriteWideCharArray", "PrimMutableByteArray -> Int -> Char -> IO ()", [Ptr, Int, Int, Void] -> [Void], Io, Any, "store element i as a 32-bit character (the low bits, little-endian)";
            IndexWideCharArray = 279, "indexWideCharArray#", "primIndexWideCharArray", "PrimByteArray -> Int -> Char", [Ptr, Int] -> [Int], Pure, Any, "element i of an immutable byte array as a 32-bit character";
        }
    };
}

macro_rules! define_signatures {
    ($($variant:ident = $id:literal, $core:literal, $hs:literal, $ty:literal,
       [$($arg:ident),*] -> [$($res:ident),*], $effect:ident, $returns:ident, $doc:literal;)*) => {
        /// The signature of the primop an image names `name`; `None` for a
        /// name that is no primop of the format.
        pub fn prim_signature(name: &str) -> Option<PrimSig> {
            match name {
                $($core => Some(PrimSig {
                    args: &[$(Rep::$arg),*],
                    results: &[$(Rep::$res),*],
                }),)*
                _ => None,
            }
        }

        /// Every primop name of the list, in order.
        pub const PRIM_NAMES: &[&str] = &[$($core),*];
    };
}

for_each_prim!(define_signatures);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_has_its_signature() {
        assert!(PRIM_NAMES.len() > 200);
        for name in PRIM_NAMES {
            assert!(prim_signature(name).is_some(), "{name}");
        }
        let add = prim_signature("intAdd#").expect("intAdd#");
        assert_eq!(add.args, &[Rep::Int, Rep::Int]);
        assert_eq!(add.results, &[Rep::Int]);
        let catch = prim_signature("catch#").expect("catch#");
        assert_eq!(catch.args, &[Rep::Ptr, Rep::Ptr, Rep::Void]);
        assert_eq!(catch.result_words(), 1);
        assert_eq!(prim_signature("+#"), None);
    }
}
