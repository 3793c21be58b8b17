//! Error types: decoding a code stream, reading an image, validating one.

use std::fmt;

/// A code stream that does not decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The stream ends inside an instruction that starts before `at`.
    Truncated { at: usize },
    /// `unit` at offset `at` is no opcode.
    BadOpcode { at: usize, unit: u16 },
    /// A rep code unit that names no rep.
    BadRep { at: usize, code: u16 },
    /// An operator unit that names no inline operator (`arith::BinOp`).
    BadBinOp { at: usize, unit: u16 },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Truncated { at } => {
                write!(f, "code ends inside an instruction (unit {at})")
            }
            DecodeError::BadOpcode { at, unit } => {
                write!(f, "unknown opcode {unit:#06x} at unit {at}")
            }
            DecodeError::BadRep { at, code } => write!(f, "unknown rep code {code} at unit {at}"),
            DecodeError::BadBinOp { at, unit } => {
                write!(f, "unknown arithmetic operator {unit} at unit {at}")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Why an image was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageError {
    /// The bytes do not start with the image magic.
    BadMagic,
    /// The image was written by another version of the format.
    UnsupportedVersion { found: u32, expected: u32 },
    /// The bytes end before `what` (at byte `at`).
    Truncated { at: usize, what: &'static str },
    /// A malformed field while reading bytes.
    Malformed { at: usize, message: String },
    /// A code stream did not decode.
    Code { bco: usize, error: DecodeError },
    /// The image reads but is inconsistent (a bad index, offset, operand,
    /// bitmap); `context` says where.
    Invalid { context: String, message: String },
}

impl ImageError {
    pub(crate) fn invalid(context: impl Into<String>, message: impl Into<String>) -> Self {
        ImageError::Invalid {
            context: context.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageError::BadMagic => f.write_str("not a bytecode image (bad magic)"),
            ImageError::UnsupportedVersion { found, expected } => write!(
                f,
                "bytecode image format version {found} is not supported (this runtime reads version {expected})"
            ),
            ImageError::Truncated { at, what } => {
                write!(f, "bytecode image is truncated: {what} at byte {at}")
            }
            ImageError::Malformed { at, message } => {
                write!(f, "malformed bytecode image at byte {at}: {message}")
            }
            ImageError::Code { bco, error } => write!(f, "bytecode object {bco}: {error}"),
            ImageError::Invalid { context, message } => {
                write!(f, "invalid bytecode image: {context}: {message}")
            }
        }
    }
}

impl std::error::Error for ImageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImageError::Code { error, .. } => Some(error),
            _ => None,
        }
    }
}
