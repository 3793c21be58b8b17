//! The C values a foreign call passes and returns, and a function's
//! signature. Shared by every interpreter implementation.
//!
//! A signature has a compact text form used by link-time tables (and so by
//! generated C): one letter per argument type, `>`, one letter for the
//! result. `"ld>d"` is `double f(int64_t, double)`, `">v"` is `void f(void)`.
//!
//! | letter | C type | letter | C type |
//! |---|---|---|---|
//! | `b` | `int8_t`  | `B` | `uint8_t`  |
//! | `h` | `int16_t` | `H` | `uint16_t` |
//! | `i` | `int32_t` | `I` | `uint32_t` |
//! | `l` | `int64_t` | `L` | `uint64_t` |
//! | `f` | `float`   | `d` | `double`   |
//! | `p` | any pointer | `v` | `void` (result only) |
//!
//! Values travel through link-time thunks as 64-bit slots: integers sign- or
//! zero-extended to 64 bits, `float` in the low 32 bits, `double` as its
//! bits, pointers zero-extended (as the heap stores them).

use core::fmt;

use super::FfiError;

/// The most arguments a foreign function may take here.
pub const MAX_ARGS: usize = 16;

/// A C type at the foreign-call boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FfiType {
    Void,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    /// Any data or function pointer.
    Ptr,
}

/// Every type with its signature letter, in one list.
const LETTERS: [(FfiType, char); 12] = [
    (FfiType::Void, 'v'),
    (FfiType::I8, 'b'),
    (FfiType::I16, 'h'),
    (FfiType::I32, 'i'),
    (FfiType::I64, 'l'),
    (FfiType::U8, 'B'),
    (FfiType::U16, 'H'),
    (FfiType::U32, 'I'),
    (FfiType::U64, 'L'),
    (FfiType::F32, 'f'),
    (FfiType::F64, 'd'),
    (FfiType::Ptr, 'p'),
];

impl FfiType {
    /// The type's letter in the signature text form.
    pub fn letter(self) -> char {
        LETTERS
            .iter()
            .find(|(ty, _)| *ty == self)
            .map_or('?', |&(_, c)| c)
    }

    /// The type a signature letter stands for.
    pub fn from_letter(letter: char) -> Option<Self> {
        LETTERS
            .iter()
            .find(|&&(_, c)| c == letter)
            .map(|&(ty, _)| ty)
    }
}

impl fmt::Display for FfiType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Void => "void",
            Self::I8 => "int8",
            Self::I16 => "int16",
            Self::I32 => "int32",
            Self::I64 => "int64",
            Self::U8 => "uint8",
            Self::U16 => "uint16",
            Self::U32 => "uint32",
            Self::U64 => "uint64",
            Self::F32 => "float",
            Self::F64 => "double",
            Self::Ptr => "pointer",
        })
    }
}

/// A foreign function's argument and result types.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature {
    args: Vec<FfiType>,
    result: FfiType,
}

impl Signature {
    /// A signature; `Void` is allowed only as the result, and at most
    /// [`MAX_ARGS`] arguments.
    pub fn new(args: &[FfiType], result: FfiType) -> Result<Self, FfiError> {
        let signature = Self {
            args: args.to_vec(),
            result,
        };
        if args.contains(&FfiType::Void) {
            return Err(FfiError::BadSignature {
                text: signature.to_string(),
                reason: "void is not an argument type",
            });
        }
        if args.len() > MAX_ARGS {
            return Err(FfiError::BadSignature {
                text: signature.to_string(),
                reason: "too many arguments (at most 16)",
            });
        }
        Ok(signature)
    }

    /// Parses the text form, e.g. `"ld>d"` (see the module docs).
    pub fn parse(text: &str) -> Result<Self, FfiError> {
        let bad = |reason| FfiError::BadSignature {
            text: text.to_owned(),
            reason,
        };
        let (args, result) = text
            .split_once('>')
            .ok_or(bad("no `>` before the result type"))?;
        let args: Vec<FfiType> = args
            .chars()
            .map(FfiType::from_letter)
            .collect::<Option<_>>()
            .ok_or(bad("unknown type letter (one of v b h i l B H I L f d p)"))?;
        let mut result_letters = result.chars();
        let result = match (result_letters.next(), result_letters.next()) {
            (Some(letter), None) => {
                FfiType::from_letter(letter).ok_or(bad("unknown result type letter"))?
            }
            _ => return Err(bad("the result must be exactly one type letter")),
        };
        Self::new(&args, result).map_err(|_| bad("void argument or more than 16 arguments"))
    }

    pub fn args(&self) -> &[FfiType] {
        &self.args
    }

    pub fn result(&self) -> FfiType {
        self.result
    }
}

/// The text form, which [`Signature::parse`] reads back.
impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for ty in &self.args {
            write!(f, "{}", ty.letter())?;
        }
        write!(f, ">{}", self.result.letter())
    }
}

/// A C value passed to or returned from a foreign function.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FfiValue {
    Void,
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    U8(u8),
    U16(u16),
    U32(u32),
    U64(u64),
    F32(f32),
    F64(f64),
    /// An address (zero-extended on 32-bit targets).
    Ptr(usize),
}

impl FfiValue {
    /// This value's type.
    pub fn ty(&self) -> FfiType {
        match self {
            Self::Void => FfiType::Void,
            Self::I8(_) => FfiType::I8,
            Self::I16(_) => FfiType::I16,
            Self::I32(_) => FfiType::I32,
            Self::I64(_) => FfiType::I64,
            Self::U8(_) => FfiType::U8,
            Self::U16(_) => FfiType::U16,
            Self::U32(_) => FfiType::U32,
            Self::U64(_) => FfiType::U64,
            Self::F32(_) => FfiType::F32,
            Self::F64(_) => FfiType::F64,
            Self::Ptr(_) => FfiType::Ptr,
        }
    }

    /// The value as a 64-bit slot (see the module docs).
    pub fn to_slot(self) -> u64 {
        match self {
            Self::Void => 0,
            Self::I8(v) => v as i64 as u64,
            Self::I16(v) => v as i64 as u64,
            Self::I32(v) => v as i64 as u64,
            Self::I64(v) => v as u64,
            Self::U8(v) => u64::from(v),
            Self::U16(v) => u64::from(v),
            Self::U32(v) => u64::from(v),
            Self::U64(v) => v,
            Self::F32(v) => u64::from(v.to_bits()),
            Self::F64(v) => v.to_bits(),
            Self::Ptr(v) => v as u64,
        }
    }

    /// Reads a value of type `ty` back from a slot (upper bits ignored).
    pub fn from_slot(ty: FfiType, slot: u64) -> Self {
        match ty {
            FfiType::Void => Self::Void,
            FfiType::I8 => Self::I8(slot as i8),
            FfiType::I16 => Self::I16(slot as i16),
            FfiType::I32 => Self::I32(slot as i32),
            FfiType::I64 => Self::I64(slot as i64),
            FfiType::U8 => Self::U8(slot as u8),
            FfiType::U16 => Self::U16(slot as u16),
            FfiType::U32 => Self::U32(slot as u32),
            FfiType::U64 => Self::U64(slot),
            FfiType::F32 => Self::F32(f32::from_bits(slot as u32)),
            FfiType::F64 => Self::F64(f64::from_bits(slot)),
            FfiType::Ptr => Self::Ptr(slot as usize),
        }
    }
}
