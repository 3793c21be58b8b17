//! `intr-none`: no user interrupts. Nothing is installed, nothing is ever
//! pending, and SIGINT keeps whatever action it had (by default it ends the
//! process, as for any C program).

use super::IntrError;

pub const IMPLEMENTATION: &str = "none";

/// Installs nothing.
pub fn install() -> Result<(), IntrError> {
    Ok(())
}

/// Nothing to remove.
pub fn uninstall() {}

/// Never.
#[inline]
pub fn pending() -> bool {
    false
}

/// Nothing to acknowledge.
pub fn acknowledge() {}
