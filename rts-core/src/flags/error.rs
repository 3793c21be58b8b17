//! [`RtsOptError`]: why a set of RTS options was rejected. It names the
//! offending word and says what was wrong in a form a user can act on; the
//! wording of the two commonest errors ("unknown RTS option", "unexpected
//! RTS argument") is GHC's, so scripts that grep for them keep working.

use std::fmt;

/// The exit status of a program whose RTS options were rejected, or that was
/// asked for `-?`; GHC uses 1 for both.
pub const RTS_OPTION_ERROR_EXIT: i32 = 1;

/// An RTS option (or a word of `GHCRTS` / `-with-rtsopts`) was rejected.
#[derive(Debug, Clone, PartialEq)]
pub struct RtsOptError {
    /// The whole word as the user wrote it, e.g. `-A1x`.
    option: Box<str>,
    kind: RtsOptErrorKind,
}

/// What was wrong with the option. Sizes are in bytes unless said otherwise.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum RtsOptErrorKind {
    /// No such option (GHC: `unknown RTS option: -X`).
    Unknown,
    /// A word that is not an option inside an RTS block (GHC: `unexpected
    /// RTS argument: b`), e.g. a program argument after `+RTS` without a
    /// closing `-RTS`.
    UnexpectedArgument,
    /// The value is not a size: digits, an optional fraction, and an
    /// optional `k`/`m`/`g`/`w` suffix.
    NotASize,
    /// The size is well formed but outside the option's range.
    SizeOutOfRange {
        /// Smallest accepted value, in bytes.
        min: u64,
        /// Largest accepted value, in bytes.
        max: u64,
    },
    /// The value is not a whole number.
    NotANumber,
    /// The number is outside the option's range.
    NumberOutOfRange {
        /// Smallest accepted value.
        min: u64,
        /// Largest accepted value.
        max: u64,
    },
    /// The value is not a non-negative decimal number (of seconds, or a
    /// factor).
    NotADecimal,
    /// The value must be greater than zero (`-F0`).
    NotPositive,
    /// The option takes no value but was given one (GHC: `flag -T given an
    /// argument when none was expected`).
    UnexpectedValue,
    /// The option needs a value and has none.
    MissingValue,
    /// `-D` with a debug letter other than `S`.
    UnsupportedDebugFlag,
    /// `-M` is smaller than `-A`: the allocation area alone would not fit.
    MaxHeapBelowNursery,
}

impl RtsOptError {
    /// An error of `kind` about the word `option`.
    pub fn new(option: &str, kind: RtsOptErrorKind) -> Self {
        RtsOptError {
            option: option.into(),
            kind,
        }
    }

    /// The rejected word as written.
    pub fn option(&self) -> &str {
        &self.option
    }

    /// What was wrong with it.
    pub fn kind(&self) -> RtsOptErrorKind {
        self.kind
    }

    /// Whether GHC follows this message with the usage text: it does for
    /// words it could not make sense of at all, not for bad values of an
    /// option it knows.
    pub fn wants_usage(&self) -> bool {
        matches!(
            self.kind,
            RtsOptErrorKind::Unknown | RtsOptErrorKind::UnexpectedArgument
        )
    }
}

impl fmt::Display for RtsOptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use RtsOptErrorKind as K;
        let opt = &self.option;
        match self.kind {
            K::Unknown => write!(f, "unknown RTS option: {opt}"),
            K::UnexpectedArgument => write!(f, "unexpected RTS argument: {opt}"),
            K::NotASize => write!(
                f,
                "error in RTS option {opt}: expected a size such as 64k, 4m, 1.5g or 8192"
            ),
            K::SizeOutOfRange { min, max } => write!(
                f,
                "error in RTS option {opt}: size outside allowed range ({min} - {max})"
            ),
            K::NotANumber => write!(f, "error in RTS option {opt}: expected a whole number"),
            K::NumberOutOfRange { min, max } => write!(
                f,
                "error in RTS option {opt}: number outside allowed range ({min} - {max})"
            ),
            K::NotADecimal => write!(
                f,
                "error in RTS option {opt}: expected a non-negative decimal number such as 0.02"
            ),
            K::NotPositive => write!(
                f,
                "error in RTS option {opt}: the value must be greater than 0"
            ),
            K::UnexpectedValue => write!(
                f,
                "flag {} given an argument when none was expected: {opt}",
                flag_name(opt)
            ),
            K::MissingValue => write!(f, "error in RTS option {opt}: a value is required"),
            K::UnsupportedDebugFlag => write!(
                f,
                "error in RTS option {opt}: the only debug flag is -DS (sanity checking)"
            ),
            K::MaxHeapBelowNursery => write!(
                f,
                "error in RTS option {opt}: maximum heap size (-M) is smaller than the allocation area size (-A)"
            ),
        }
    }
}

impl std::error::Error for RtsOptError {}

/// The option name of a word for messages: `-Tx` → `-T`, `--info=x` →
/// `--info`.
fn flag_name(word: &str) -> &str {
    if let Some(eq) = word.find('=') {
        return &word[..eq];
    }
    if word.starts_with("--") {
        return word;
    }
    // `-` plus one character (any char boundary is fine).
    match word.char_indices().nth(2) {
        Some((end, _)) => &word[..end],
        None => word,
    }
}
