//! The error type of the STG pass and the code generator.

use std::fmt;

/// A Core program the back end cannot compile (it breaks an invariant of
/// Note [Core invariants] or uses something not supported yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StgError {
    /// Where: usually the top-level binding being compiled.
    pub context: String,
    pub message: String,
}

impl StgError {
    pub fn new(context: impl Into<String>, message: impl Into<String>) -> Self {
        StgError {
            context: context.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for StgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.context.is_empty() {
            write!(f, "cannot compile: {}", self.message)
        } else {
            write!(f, "cannot compile {}: {}", self.context, self.message)
        }
    }
}

impl std::error::Error for StgError {}

pub type Result<T> = std::result::Result<T, StgError>;
