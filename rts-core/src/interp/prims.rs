//! The primops this interpreter implements, resolved from their image names
//! (`intAdd#`, ...; the names of the format's primop list,
//! `bytecode::prims`, which the front end's table is generated from) once
//! at load time, and the pure ones' arithmetic. The validator has already
//! checked every call against the list's signatures, so a primop finds the
//! argument words it reads.
//!
//! Pure primops work on unboxed words only and never allocate
//! ([`pure_op`]); the ones that allocate, touch the heap, do IO or unwind
//! are implemented by the interpreter loop (`interp::machine`), which
//! matches on [`Prim`] itself.

macro_rules! prims {
    ($($name:ident = $text:literal),* $(,)?) => {
        /// A primop the runtime implements.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Prim { $($name),* }

        impl Prim {
            /// Every primop of this table.
            pub const ALL: &[Prim] = &[$(Prim::$name),*];

            /// Resolves an image primop name; `None` if not implemented.
            pub fn from_name(name: &str) -> Option<Prim> {
                match name { $($text => Some(Prim::$name),)* _ => None }
            }

            /// The image name.
            pub fn name(self) -> &'static str {
                match self { $(Prim::$name => $text),* }
            }
        }
    };
}

prims! {
    IntAdd = "intAdd#", IntSub = "intSub#", IntMul = "intMul#", IntNegate = "intNegate#",
    IntQuot = "intQuot#", IntRem = "intRem#", IntDiv = "intDiv#", IntMod = "intMod#",
    IntEq = "intEq#", IntNe = "intNe#", IntLt = "intLt#", IntLe = "intLe#", IntGt = "intGt#",
    IntGe = "intGe#", IntAnd = "intAnd#", IntOr = "intOr#", IntXor = "intXor#",
    IntComplement = "intComplement#", IntShiftL = "intShiftL#", IntShiftRA = "intShiftRA#",
    IntShiftRL = "intShiftRL#", IntPopCount = "intPopCount#", IntClz = "intClz#",
    IntCtz = "intCtz#", IntToDouble = "intToDouble#", IntToWord = "intToWord#",
    IntToChar = "intToChar#", CharToInt = "charToInt#", IntToString = "intToString#",
    IntToInteger = "intToInteger#",
    WordAdd = "wordAdd#", WordSub = "wordSub#", WordMul = "wordMul#", WordQuot = "wordQuot#",
    WordRem = "wordRem#", WordEq = "wordEq#", WordNe = "wordNe#", WordLt = "wordLt#",
    WordLe = "wordLe#", WordGt = "wordGt#", WordGe = "wordGe#", WordAnd = "wordAnd#",
    WordOr = "wordOr#", WordXor = "wordXor#", WordComplement = "wordComplement#",
    WordShiftL = "wordShiftL#", WordShiftR = "wordShiftR#", WordPopCount = "wordPopCount#",
    WordToInt = "wordToInt#", WordToDouble = "wordToDouble#", WordToString = "wordToString#",
    WordToInteger = "wordToInteger#",
    CharEq = "charEq#", CharNe = "charNe#", CharLt = "charLt#", CharLe = "charLe#",
    CharGt = "charGt#", CharGe = "charGe#", CharIsUpper = "charIsUpper#",
    CharIsLower = "charIsLower#", CharIsAlpha = "charIsAlpha#",
    CharIsAlphaNum = "charIsAlphaNum#", CharIsSpace = "charIsSpace#",
    CharIsPrint = "charIsPrint#", CharToUpper = "charToUpper#", CharToLower = "charToLower#",
    CharGeneralCategory = "charGeneralCategory#",
    DoubleAdd = "doubleAdd#", DoubleSub = "doubleSub#", DoubleMul = "doubleMul#",
    DoubleDiv = "doubleDiv#", DoubleNegate = "doubleNegate#", DoubleAbs = "doubleAbs#",
    DoubleEq = "doubleEq#", DoubleNe = "doubleNe#", DoubleLt = "doubleLt#", DoubleLe = "doubleLe#",
    DoubleGt = "doubleGt#", DoubleGe = "doubleGe#", DoubleSqrt = "doubleSqrt#",
    DoubleExp = "doubleExp#", DoubleLog = "doubleLog#", DoubleSin = "doubleSin#",
    DoubleCos = "doubleCos#", DoubleTan = "doubleTan#", DoubleAsin = "doubleAsin#",
    DoubleAcos = "doubleAcos#", DoubleAtan = "doubleAtan#", DoubleSinh = "doubleSinh#",
    DoubleCosh = "doubleCosh#", DoubleTanh = "doubleTanh#", DoubleAsinh = "doubleAsinh#",
    DoubleAcosh = "doubleAcosh#", DoubleAtanh = "doubleAtanh#", DoublePow = "doublePow#",
    DoubleAtan2 = "doubleAtan2#", DoubleTruncateToInt = "doubleTruncateToInt#",
    DoubleIsNaN = "doubleIsNaN#", DoubleIsInfinite = "doubleIsInfinite#",
    DoubleIsNegativeZero = "doubleIsNegativeZero#", DoubleShowDigits = "doubleShowDigits#",
    DoubleFromString = "doubleFromString#",
    IntegerAdd = "integerAdd#", IntegerSub = "integerSub#", IntegerMul = "integerMul#",
    IntegerNegate = "integerNegate#", IntegerAbs = "integerAbs#",
    IntegerSignum = "integerSignum#", IntegerQuot = "integerQuot#", IntegerRem = "integerRem#",
    IntegerDiv = "integerDiv#", IntegerMod = "integerMod#", IntegerEq = "integerEq#",
    IntegerNe = "integerNe#", IntegerLt = "integerLt#", IntegerLe = "integerLe#",
    IntegerGt = "integerGt#", IntegerGe = "integerGe#", IntegerCompare = "integerCompare#",
    IntegerToInt = "integerToInt#", IntegerToWord = "integerToWord#",
    IntegerToDouble = "integerToDouble#", IntegerToString = "integerToString#",
    IntegerFromString = "integerFromString#",
    IntegerQuotRem = "integerQuotRem#", IntegerDivMod = "integerDivMod#",
    IntegerAnd = "integerAnd#", IntegerOr = "integerOr#", IntegerXor = "integerXor#",
    IntegerComplement = "integerComplement#", IntegerShiftL = "integerShiftL#",
    IntegerShiftR = "integerShiftR#", IntegerTestBit = "integerTestBit#",
    IntegerPopCount = "integerPopCount#", IntegerGcd = "integerGcd#", IntegerLcm = "integerLcm#",
    DoubleDecode = "doubleDecode#", DoubleEncode = "doubleEncode#",
    Raise = "raise#", Catch = "catch#", RaiseIO = "raiseIO#",
    MaskAsync = "maskAsyncExceptions#", UnmaskAsync = "unmaskAsyncExceptions#",
    MaskUninterruptible = "maskUninterruptible#", GetMaskingState = "getMaskingState#",
    NewMutVar = "newMutVar#", ReadMutVar = "readMutVar#", WriteMutVar = "writeMutVar#",
    SameMutVar = "sameMutVar#", AtomicModifyMutVar = "atomicModifyMutVar#",
    PerformMajorGC = "performMajorGC#", PerformMinorGC = "performMinorGC#",
    HPutChar = "hPutChar#", HFlush = "hFlush#", HSetBuffering = "hSetBuffering#",
    HGetChar = "hGetChar#", HIsEOF = "hIsEOF#",
    GetArgs = "getArgs#", GetProgName = "getProgName#", LookupEnv = "lookupEnv#",
    Exit = "exit#", ReportStackOverflow = "reportStackOverflow#",
    ReportHeapOverflow = "reportHeapOverflow#", RealWorld = "realWorld#",
    UnpackCString = "unpackCString#", GetMonotonicNSec = "getMonotonicNSec#",
    HGetLine = "hGetLine#", HGetChunk = "hGetChunk#", HClose = "hClose#", OpenFile = "openFile#",
    Narrow8Int = "narrow8Int#", Narrow16Int = "narrow16Int#", Narrow32Int = "narrow32Int#",
    Narrow8Word = "narrow8Word#", Narrow16Word = "narrow16Word#", Narrow32Word = "narrow32Word#",
    DoubleRoundFloat = "doubleRoundFloat#", DoubleToFloat = "doubleToFloat#",
    FloatToDouble = "floatToDouble#", FloatShowDigits = "floatShowDigits#",
    AddrToWord = "addrToWord#", WordToAddr = "wordToAddr#",
    ReadAddr = "readAddr#", WriteAddr = "writeAddr#",
    JsffiUsed = "jsffiUsed#", FreeJSVal = "freeJSVal#", ToJSString = "toJSString#",
    FromJSString = "fromJSString#",
    DoubleToBits = "doubleToBits#", DoubleFromBits = "doubleFromBits#",
    FloatToBits = "floatToBits#", FloatFromBits = "floatFromBits#",
    MakeStablePtr = "makeStablePtr#", DeRefStablePtr = "deRefStablePtr#",
    FreeStablePtr = "freeStablePtr#", StablePtrToInt = "stablePtrToInt#",
    IntToStablePtr = "intToStablePtr#", MakeStableName = "makeStableName#",
    StableNameToInt = "stableNameToInt#", EqStableName = "eqStableName#",
    MkWeak = "mkWeak#", MkWeakNoFinalizer = "mkWeakNoFinalizer#", DeRefWeak = "deRefWeak#",
    FinalizeWeak = "finalizeWeak#",
    // Arrays (interp/machine/arrays.rs).
    NewArray = "newArray#", ReadArray = "readArray#", WriteArray = "writeArray#",
    SizeofMutableArray = "sizeofMutableArray#", SizeofArray = "sizeofArray#",
    IndexArray = "indexArray#", UnsafeFreezeArray = "unsafeFreezeArray#",
    UnsafeThawArray = "unsafeThawArray#", FreezeArray = "freezeArray#", ThawArray = "thawArray#",
    CopyArray = "copyArray#", CopyMutableArray = "copyMutableArray#",
    SameMutableArray = "sameMutableArray#",
    NewByteArray = "newByteArray#", NewPinnedByteArray = "newPinnedByteArray#",
    ByteArrayContents = "byteArrayContents#",
    MutableByteArrayContents = "mutableByteArrayContents#",
    SizeofByteArray = "sizeofByteArray#", SizeofMutableByteArray = "sizeofMutableByteArray#",
    UnsafeFreezeByteArray = "unsafeFreezeByteArray#",
    UnsafeThawByteArray = "unsafeThawByteArray#", CopyByteArray = "copyByteArray#",
    CopyMutableByteArray = "copyMutableByteArray#", SetByteArray = "setByteArray#",
    ReadIntArray = "readIntArray#", WriteIntArray = "writeIntArray#", IndexIntArray = "indexIntArray#",
    ReadWordArray = "readWordArray#", WriteWordArray = "writeWordArray#",
    IndexWordArray = "indexWordArray#",
    ReadInt8Array = "readInt8Array#", WriteInt8Array = "writeInt8Array#",
    IndexInt8Array = "indexInt8Array#",
    ReadInt16Array = "readInt16Array#", WriteInt16Array = "writeInt16Array#",
    IndexInt16Array = "indexInt16Array#",
    ReadInt32Array = "readInt32Array#", WriteInt32Array = "writeInt32Array#",
    IndexInt32Array = "indexInt32Array#",
    ReadWord8Array = "readWord8Array#", WriteWord8Array = "writeWord8Array#",
    IndexWord8Array = "indexWord8Array#",
    ReadWord16Array = "readWord16Array#", WriteWord16Array = "writeWord16Array#",
    IndexWord16Array = "indexWord16Array#",
    ReadWord32Array = "readWord32Array#", WriteWord32Array = "writeWord32Array#",
    IndexWord32Array = "indexWord32Array#",
    ReadDoubleArray = "readDoubleArray#", WriteDoubleArray = "writeDoubleArray#",
    IndexDoubleArray = "indexDoubleArray#",
    ReadFloatArray = "readFloatArray#", WriteFloatArray = "writeFloatArray#",
    IndexFloatArray = "indexFloatArray#",
    ReadCharArray = "readCharArray#", WriteCharArray = "writeCharArray#",
    IndexCharArray = "indexCharArray#",
    ReadWideCharArray = "readWideCharArray#", WriteWideCharArray = "writeWideCharArray#",
    IndexWideCharArray = "indexWideCharArray#",
}

/// Why a pure primop did not produce a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrimFail {
    /// Division by zero (raises `divZeroException`).
    DivZero,
    /// `minBound \`quot\` (-1)` and friends (raises `overflowException`).
    Overflow,
    /// An Integer primop was asked to run a primop that is not one.
    NotInteger,
}

fn b(x: bool) -> u64 {
    x as u64
}

fn d(x: u64) -> f64 {
    f64::from_bits(x)
}

fn dw(x: f64) -> u64 {
    x.to_bits()
}

fn ch(x: u64) -> char {
    char::from_u32(x as u32).unwrap_or('\u{FFFD}')
}

/// Whether `pure_op` computes `p` (decided once per image primop at load:
/// the inline fast path of `prim` tries only these). `pure_op` answers
/// `Ok(None)` only for a primop it does not compute, whatever the
/// arguments.
pub fn is_pure(p: Prim) -> bool {
    !matches!(pure_op(p, &[0; 4]), Ok(None))
}

/// Runs a pure word primop: `a` holds the non-void arguments. Returns the
/// single result, `Ok(None)` if `p` is not a pure word primop.
#[inline]
pub fn pure_op(p: Prim, a: &[u64]) -> Result<Option<u64>, PrimFail> {
    use Prim::*;
    let i = |k: usize| a[k] as i64;
    let w = |k: usize| a[k];
    let r = match p {
        IntAdd => i(0).wrapping_add(i(1)) as u64,
        IntSub => i(0).wrapping_sub(i(1)) as u64,
        IntMul => i(0).wrapping_mul(i(1)) as u64,
        IntNegate => i(0).wrapping_neg() as u64,
        IntQuot | IntRem | IntDiv | IntMod => {
            let (x, y) = (i(0), i(1));
            if y == 0 {
                return Err(PrimFail::DivZero);
            }
            if y == -1 {
                match p {
                    IntRem | IntMod => return Ok(Some(0)),
                    _ if x == i64::MIN => return Err(PrimFail::Overflow),
                    _ => {}
                }
            }
            (match p {
                IntQuot => x / y,
                IntRem => x % y,
                IntDiv => {
                    let (q, m) = (x / y, x % y);
                    if m != 0 && ((m < 0) != (y < 0)) {
                        q - 1
                    } else {
                        q
                    }
                }
                _ => {
                    let m = x % y;
                    if m != 0 && ((m < 0) != (y < 0)) {
                        m + y
                    } else {
                        m
                    }
                }
            }) as u64
        }
        IntEq => b(i(0) == i(1)),
        IntNe => b(i(0) != i(1)),
        IntLt => b(i(0) < i(1)),
        IntLe => b(i(0) <= i(1)),
        IntGt => b(i(0) > i(1)),
        IntGe => b(i(0) >= i(1)),
        IntAnd => w(0) & w(1),
        IntOr => w(0) | w(1),
        IntXor => w(0) ^ w(1),
        IntComplement => !w(0),
        IntShiftL => {
            if w(1) >= 64 {
                0
            } else {
                w(0) << w(1)
            }
        }
        IntShiftRA => (i(0) >> w(1).min(63)) as u64,
        IntShiftRL => {
            if w(1) >= 64 {
                0
            } else {
                w(0) >> w(1)
            }
        }
        IntPopCount | WordPopCount => w(0).count_ones() as u64,
        IntClz => w(0).leading_zeros() as u64,
        IntCtz => w(0).trailing_zeros() as u64,
        IntToDouble => dw(i(0) as f64),
        IntToWord | WordToInt | IntToChar | CharToInt => w(0),
        WordAdd => w(0).wrapping_add(w(1)),
        WordSub => w(0).wrapping_sub(w(1)),
        WordMul => w(0).wrapping_mul(w(1)),
        WordQuot | WordRem => {
            if w(1) == 0 {
                return Err(PrimFail::DivZero);
            }
            if p == WordQuot {
                w(0) / w(1)
            } else {
                w(0) % w(1)
            }
        }
        WordEq | CharEq => b(w(0) == w(1)),
        WordNe | CharNe => b(w(0) != w(1)),
        WordLt | CharLt => b(w(0) < w(1)),
        WordLe | CharLe => b(w(0) <= w(1)),
        WordGt | CharGt => b(w(0) > w(1)),
        WordGe | CharGe => b(w(0) >= w(1)),
        WordAnd => w(0) & w(1),
        WordOr => w(0) | w(1),
        WordXor => w(0) ^ w(1),
        WordComplement => !w(0),
        WordShiftL => {
            if w(1) >= 64 {
                0
            } else {
                w(0) << w(1)
            }
        }
        WordShiftR => {
            if w(1) >= 64 {
                0
            } else {
                w(0) >> w(1)
            }
        }
        WordToDouble => dw(w(0) as f64),
        CharIsUpper => b(ch(w(0)).is_uppercase()),
        CharIsLower => b(ch(w(0)).is_lowercase()),
        CharIsAlpha => b(ch(w(0)).is_alphabetic()),
        CharIsAlphaNum => b(ch(w(0)).is_alphanumeric()),
        CharIsSpace => {
            let c = ch(w(0));
            b(c == ' '
                || ('\t'..='\r').contains(&c)
                || c == '\u{a0}'
                || (c as u32 > 0xff && c.is_whitespace()))
        }
        CharIsPrint => b(!ch(w(0)).is_control()),
        CharToUpper => {
            let c = ch(w(0));
            let mut up = c.to_uppercase();
            if up.len() == 1 {
                up.next().unwrap_or(c) as u64
            } else {
                c as u64
            }
        }
        CharToLower => {
            let c = ch(w(0));
            let mut lo = c.to_lowercase();
            if lo.len() == 1 {
                lo.next().unwrap_or(c) as u64
            } else {
                c as u64
            }
        }
        DoubleAdd => dw(d(w(0)) + d(w(1))),
        DoubleSub => dw(d(w(0)) - d(w(1))),
        DoubleMul => dw(d(w(0)) * d(w(1))),
        DoubleDiv => dw(d(w(0)) / d(w(1))),
        DoubleNegate => dw(-d(w(0))),
        DoubleAbs => dw(d(w(0)).abs()),
        DoubleEq => b(d(w(0)) == d(w(1))),
        DoubleNe => b(d(w(0)) != d(w(1))),
        DoubleLt => b(d(w(0)) < d(w(1))),
        DoubleLe => b(d(w(0)) <= d(w(1))),
        DoubleGt => b(d(w(0)) > d(w(1))),
        DoubleGe => b(d(w(0)) >= d(w(1))),
        DoubleSqrt => dw(d(w(0)).sqrt()),
        DoubleExp => dw(d(w(0)).exp()),
        DoubleLog => dw(d(w(0)).ln()),
        DoubleSin => dw(d(w(0)).sin()),
        DoubleCos => dw(d(w(0)).cos()),
        DoubleTan => dw(d(w(0)).tan()),
        DoubleAsin => dw(d(w(0)).asin()),
        DoubleAcos => dw(d(w(0)).acos()),
        DoubleAtan => dw(d(w(0)).atan()),
        DoubleSinh => dw(d(w(0)).sinh()),
        DoubleCosh => dw(d(w(0)).cosh()),
        DoubleTanh => dw(d(w(0)).tanh()),
        DoubleAsinh => dw(d(w(0)).asinh()),
        DoubleAcosh => dw(d(w(0)).acosh()),
        DoubleAtanh => dw(d(w(0)).atanh()),
        DoublePow => dw(d(w(0)).powf(d(w(1)))),
        DoubleAtan2 => dw(d(w(0)).atan2(d(w(1)))),
        DoubleTruncateToInt => d(w(0)) as i64 as u64,
        DoubleIsNaN => b(d(w(0)).is_nan()),
        DoubleIsInfinite => b(d(w(0)).is_infinite()),
        DoubleIsNegativeZero => b(d(w(0)) == 0.0 && d(w(0)).is_sign_negative()),
        Narrow8Int => w(0) as i8 as i64 as u64,
        Narrow16Int => w(0) as i16 as i64 as u64,
        Narrow32Int => w(0) as i32 as i64 as u64,
        Narrow8Word => w(0) as u8 as u64,
        Narrow16Word => w(0) as u16 as u64,
        Narrow32Word => w(0) as u32 as u64,
        DoubleRoundFloat => dw(d(w(0)) as f32 as f64),
        // A Float travels as its binary32 bits in the low half of a word;
        // a Double is its binary64 bits already.
        DoubleToFloat | FloatToBits => (d(w(0)) as f32).to_bits() as u64,
        FloatToDouble | FloatFromBits => dw(f32::from_bits(w(0) as u32) as f64),
        AddrToWord | WordToAddr | DoubleToBits | DoubleFromBits => w(0),
        _ => return Ok(None),
    };
    Ok(Some(r))
}

/// GHC's `floatToDigits 10` for a finite `x >= 0`: the digits and the
/// exponent `e` with `x = 0.ds × 10^e`. See Note [Shortest digits as GHC].
pub fn show_digits(x: f64) -> (String, i64) {
    if x == 0.0 {
        return ("0".to_owned(), 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (m, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    };
    float_digits(m, e, 53, -1074)
}

/// [`show_digits`] for a binary32 value (`floatToDigits 10` at `Float`).
pub fn show_digits_f32(x: f32) -> (String, i64) {
    if x == 0.0 {
        return ("0".to_owned(), 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 23) & 0xff) as i64;
    let frac = u64::from(bits & ((1 << 23) - 1));
    let (m, e) = if exp == 0 {
        (frac, -149)
    } else {
        (frac | (1 << 23), exp - 150)
    };
    float_digits(m, e, 24, -149)
}

// Note [Shortest digits as GHC]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// `show` on Double prints the digits of Burger and Dybvig's free-format
// algorithm ("Printing Floating-Point Numbers Quickly and Accurately",
// 1996) as GHC's `floatToDigits` runs it: with *exclusive* bounds, so a
// decimal lying exactly half-way between two doubles is never chosen even
// when reading it back would round to ours. Rust's shortest formatting
// (and most others) include the bound for even mantissas, which differs
// in rare cases: 1e23 is the midpoint of two doubles, GHC shows
// `9.999999999999999e22`. Exact integer arithmetic (BigInt) throughout.

/// The algorithm for `x = m × 2^e` (`m < 2^p`, `e >= min_exp`).
fn float_digits(m: u64, e: i64, p: u32, min_exp: i64) -> (String, i64) {
    use num_bigint::BigInt;
    use num_traits::{One, ToPrimitive, Zero};
    let pow2 = |k: i64| BigInt::one() << (k as usize);
    let ten = BigInt::from(10);
    let pow10 = |k: i64| ten.pow(k as u32);
    let f = BigInt::from(m);
    let hidden = BigInt::from(1u64 << (p - 1));
    // r/s is x scaled; mup/mdn the distances to the neighbours (halved).
    let (r, s, mup, mdn): (BigInt, BigInt, BigInt, BigInt) = if e >= 0 {
        let be = pow2(e);
        if f == hidden {
            (&f * &be * 4, BigInt::from(4), &be * 2, be)
        } else {
            (&f * &be * 2, BigInt::from(2), be.clone(), be)
        }
    } else if e > min_exp && f == hidden {
        (&f * 4, pow2(-e + 1) * 2, BigInt::from(2), BigInt::one())
    } else {
        (&f * 2, pow2(-e) * 2, BigInt::one(), BigInt::one())
    };
    // k: the least n with r + mup <= 10^n × s, from an estimate below it.
    let approx = (m as f64).log10() + e as f64 * std::f64::consts::LOG10_2;
    let mut k = approx.floor() as i64 - 1;
    loop {
        let fits = if k >= 0 {
            &r + &mup <= pow10(k) * &s
        } else {
            pow10(-k) * (&r + &mup) <= s
        };
        if fits {
            break;
        }
        k += 1;
    }
    let (mut rn, sn, mut mupn, mut mdnn) = if k >= 0 {
        (r, s * pow10(k), mup, mdn)
    } else {
        let bk = pow10(-k);
        (r * &bk, s, mup * &bk, mdn * bk)
    };
    let mut digits = String::new();
    loop {
        let scaled = &rn * 10;
        let dn = BigInt::to_u32(&(&scaled / &sn)).unwrap_or(0);
        rn = scaled % &sn;
        mupn *= 10;
        mdnn *= 10;
        let low = rn < mdnn;
        let high = &rn + &mupn > sn;
        let digit = match (low, high) {
            (true, false) => Some(dn),
            (false, true) => Some(dn + 1),
            (true, true) => Some(if &rn * 2 < sn { dn } else { dn + 1 }),
            (false, false) => None,
        };
        match digit {
            Some(d) => {
                digits.push(char::from_digit(d, 10).unwrap_or('0'));
                break;
            }
            None => digits.push(char::from_digit(dn, 10).unwrap_or('0')),
        }
        if rn.is_zero() && digits.len() > 40 {
            break;
        }
    }
    (digits, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in [Prim::IntAdd, Prim::HPutChar, Prim::Catch] {
            assert_eq!(Prim::from_name(p.name()), Some(p));
        }
        assert_eq!(Prim::from_name("noSuch#"), None);
    }

    #[test]
    fn every_runtime_primop_has_a_format_signature() {
        // The validator checks calls against `bytecode::prim_signature`;
        // a primop the runtime implements under a name the list lacks
        // could never be called by a valid image.
        for &p in Prim::ALL {
            assert!(
                bytecode::prim_signature(p.name()).is_some(),
                "{} has no signature in bytecode::prims",
                p.name()
            );
        }
    }

    #[test]
    fn pure_ops_read_only_the_words_their_signature_passes() {
        // After validation a pure primop gets exactly its signature's
        // argument words; `pure_op` must not index past them.
        for &p in Prim::ALL.iter().filter(|&&p| is_pure(p)) {
            let sig = bytecode::prim_signature(p.name()).expect("signature");
            let words = sig.args.iter().filter(|r| r.has_word()).count();
            assert_eq!(sig.result_words(), 1, "{}", p.name());
            assert!(
                !matches!(pure_op(p, &vec![3; words]), Ok(None)),
                "{}",
                p.name()
            );
        }
    }

    #[test]
    fn is_pure_agrees_with_pure_op() {
        // `is_pure` decides by one probe; `pure_op` must then compute
        // every pure primop for other arguments too, and nothing else.
        let probes: [[u64; 4]; 3] = [[1, 2, 3, 4], [u64::MAX, 7, 0, 1], [0x41, 0, 63, 2]];
        let mut pure = 0;
        for &p in Prim::ALL {
            let expected = is_pure(p);
            pure += expected as usize;
            for a in &probes {
                assert_eq!(!matches!(pure_op(p, a), Ok(None)), expected, "{}", p.name());
            }
        }
        assert!(pure > 10 && pure < Prim::ALL.len());
        assert!(is_pure(Prim::IntAdd) && !is_pure(Prim::MakeStablePtr));
    }

    #[test]
    fn division_follows_haskell() {
        let q = |p, x: i64, y: i64| pure_op(p, &[x as u64, y as u64]).map(|r| r.map(|v| v as i64));
        assert_eq!(q(Prim::IntDiv, -7, 2), Ok(Some(-4)));
        assert_eq!(q(Prim::IntMod, -7, 2), Ok(Some(1)));
        assert_eq!(q(Prim::IntQuot, -7, 2), Ok(Some(-3)));
        assert_eq!(q(Prim::IntRem, -7, 2), Ok(Some(-1)));
        assert_eq!(q(Prim::IntDiv, 7, -2), Ok(Some(-4)));
        assert_eq!(q(Prim::IntMod, 7, -2), Ok(Some(-1)));
        assert_eq!(q(Prim::IntDiv, 1, 0), Err(PrimFail::DivZero));
        assert_eq!(q(Prim::IntQuot, i64::MIN, -1), Err(PrimFail::Overflow));
        assert_eq!(q(Prim::IntMod, i64::MIN, -1), Ok(Some(0)));
    }

    #[test]
    fn shortest_digits() {
        assert_eq!(show_digits(0.1), ("1".to_owned(), 0));
        assert_eq!(show_digits(123.5), ("1235".to_owned(), 3));
        assert_eq!(show_digits(1.0e-3), ("1".to_owned(), -2));
        assert_eq!(show_digits_f32(0.1), ("1".to_owned(), 0));
        assert_eq!(show_digits_f32(1.25e-3), ("125".to_owned(), -2));
        // The midpoint case where GHC differs from shortest-round-trip.
        assert_eq!(show_digits(1e23), ("9999999999999999".to_owned(), 23));
        assert_eq!(show_digits(f64::MAX).1, 309);
        assert_eq!(show_digits(5e-324), ("5".to_owned(), -323));
        assert_eq!(show_digits(2.0), ("2".to_owned(), 1));
        // Rust's shortest is 5.39455957185873e16, exactly half-way between
        // this double and the next; GHC prints 5.3945595718587296e16.
        assert_eq!(
            show_digits(5.39455957185873e16),
            ("53945595718587296".to_owned(), 17)
        );
        assert!(is_half_way(5.39455957185873e16, "539455957185873", 2));
        assert!(!is_half_way(0.1, "1", -1));
        assert!(is_half_way(1e23, "1", 23));
    }

    proptest::proptest! {
        #[test]
        fn shown_digits_read_back(bits in proptest::prelude::any::<u64>()) {
            let x = f64::from_bits(bits).abs();
            if x.is_finite() && x > 0.0 {
                let (ds, e) = show_digits(x);
                let back: f64 = format!("0.{ds}e{e}").parse().unwrap_or(f64::NAN);
                proptest::prop_assert_eq!(back, x);
                // Rust's shortest round-trip digits are at least as short;
                // GHC's can be longer only when Rust's lie exactly half-way
                // to a neighbour (Note [Shortest digits as GHC]).
                let sci = format!("{x:e}");
                let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
                let shortest = mantissa.replace('.', "");
                proptest::prop_assert!(ds.len() >= shortest.len() && ds.len() <= 17);
                if ds.len() > shortest.len() {
                    let exp: i64 = exp.parse().unwrap_or(0);
                    let q = exp + 1 - shortest.len() as i64;
                    proptest::prop_assert!(is_half_way(x, &shortest, q), "{ds} vs {sci}");
                }
            }
        }
    }

    /// Whether `digits × 10^q` is exactly half-way between `x` and one of
    /// its neighbouring doubles.
    fn is_half_way(x: f64, digits: &str, q: i64) -> bool {
        use num_bigint::BigInt;
        let bits = x.to_bits();
        let (exp, frac) = ((bits >> 52) & 0x7ff, bits & ((1 << 52) - 1));
        let (m, e) = if exp == 0 {
            (frac, -1074)
        } else {
            (frac | (1 << 52), exp as i64 - 1075)
        };
        // The neighbours' midpoints, as odd × 2^t: above (2m+1)·2^(e-1);
        // below (2m-1)·2^(e-1), or (4m-1)·2^(e-2) at a power of two.
        let mut midpoints = vec![
            (BigInt::from(2 * m + 1), e - 1),
            (BigInt::from(2 * m - 1), e - 1),
        ];
        if frac == 0 && exp > 1 {
            midpoints.push((BigInt::from(4 * m - 1), e - 2));
        }
        let decimal: BigInt = digits.parse().unwrap_or_default();
        midpoints.into_iter().any(|(odd, t)| {
            // decimal·10^q == odd·2^t, both sides scaled to integers.
            let mut lhs =
                (decimal.clone() * BigInt::from(10).pow(q.max(0) as u32)) << (-t).max(0) as usize;
            let rhs = (odd * BigInt::from(10).pow((-q).max(0) as u32)) << t.max(0) as usize;
            lhs -= rhs;
            lhs == BigInt::default()
        })
    }

    #[test]
    fn narrowing_wraps_like_sized_ints() {
        let n = |p, x: i64| pure_op(p, &[x as u64]).ok().flatten().map(|v| v as i64);
        assert_eq!(n(Prim::Narrow8Int, 128), Some(-128));
        assert_eq!(n(Prim::Narrow16Int, 65535), Some(-1));
        assert_eq!(n(Prim::Narrow32Int, 1 << 31), Some(-(1 << 31)));
        assert_eq!(n(Prim::Narrow8Word, -1), Some(255));
        assert_eq!(n(Prim::Narrow32Word, -1), Some(u32::MAX as i64));
    }
}
