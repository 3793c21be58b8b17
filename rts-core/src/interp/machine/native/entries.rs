//! The runtime's own native entry code: what entering a built-in closure
//! does, for info tables whose entry is [`Entry::Native`]. The index in
//! `Entry::Native(i)` is a position in [`ENTRIES`]; the constants below
//! name them. See Note [The native calling convention] in `native.rs`.

use super::super::{Machine, Next};
use crate::info::Entry;
use crate::interp::RunError;
use crate::word::ClosurePtr;

/// A built-in entry: called with the entered closure (`node`, already
/// dereferenced), returns the loop's next step.
pub(in crate::interp::machine) type EntryFn =
    for<'m, 'a> fn(&'m mut Machine<'a>, ClosurePtr) -> Result<Next, RunError>;

/// `Entry::Native(RAISE)`: a thunk whose payload 0 is an exception; entering
/// it raises that exception (what a thunk under evaluation becomes when a
/// synchronous exception unwinds through its update frame).
pub const RAISE: u32 = 0;

/// The entry of a thunk made by [`RAISE`].
pub const RAISE_ENTRY: Entry = Entry::Native(RAISE);

/// Every built-in entry, by index.
pub(in crate::interp::machine) static ENTRIES: [EntryFn; 1] = [enter_raise_thunk];

fn enter_raise_thunk(_m: &mut Machine<'_>, node: ClosurePtr) -> Result<Next, RunError> {
    // SAFETY: a RAISE thunk holds its exception in payload 0 (its only
    // word), and `node` is live (the loop just dereferenced it).
    Ok(Next::Raise(unsafe { node.payload_ptr(0) }))
}

impl Machine<'_> {
    /// Enters `node`, whose info table's entry is `Entry::Native(index)`.
    pub(in crate::interp::machine) fn enter_native(
        &mut self,
        index: u32,
        node: ClosurePtr,
    ) -> Result<Next, RunError> {
        let entry = ENTRIES.get(index as usize).ok_or_else(|| {
            super::super::internal(format!("native entry {index} does not exist"))
        })?;
        entry(self, node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_entry_is_in_the_table() {
        assert!((RAISE as usize) < ENTRIES.len());
        assert_eq!(RAISE_ENTRY, Entry::Native(RAISE));
    }
}
