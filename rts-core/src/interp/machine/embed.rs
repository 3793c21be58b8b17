//! Entry points for embedders (the C API in crates/hsrts-capi): run an IO
//! action to completion and hand back its result, which `run_io` does not.

use super::{Exit, Machine, RunError};
use crate::word::ClosurePtr;

impl Machine<'_> {
    /// Runs an IO action (applies it to the `World#` token) and returns how
    /// it ended with its result: `Some(value)` (not evaluated further) when
    /// it returned, `None` after `exit#`.
    pub fn run_io_value(
        &mut self,
        action: ClosurePtr,
    ) -> Result<(Exit, Option<ClosurePtr>), RunError> {
        match self.run_io(action)? {
            Exit::Returned => {
                // An IO action returns `(# World#, a #)`; the `Void`
                // component takes no register, so `a` is the first.
                let value = self.rets.first().map(|w| ClosurePtr::from_word(*w));
                Ok((Exit::Returned, value))
            }
            code @ Exit::Code(_) => Ok((code, None)),
        }
    }
}
