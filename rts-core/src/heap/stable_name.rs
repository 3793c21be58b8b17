//! Stable names: the same object always gets the same name, across moves.
//!
//! The table maps an object's current address to an entry; an entry holds
//! the object's address (weakly: it does not keep the object alive) and its
//! STABLE_NAME closure (weakly too). After every collection the collector
//! calls `StableNameTable::after_gc`: addresses are updated to where the
//! objects moved, an entry whose STABLE_NAME closure died is freed (nobody
//! can compare against it any more), and an entry whose object died but
//! whose name lives keeps the name with a null address. Indirections are
//! followed before naming, so a thunk and the value it was updated with get
//! the same name once the indirection is gone.

use std::collections::HashMap;

use crate::builtins;
use crate::info::ClosureType;
use crate::word::{ClosurePtr, Word};

use super::{AllocError, Storage};

#[derive(Copy, Clone)]
struct Entry {
    object: usize,
    name: usize,
}

/// The table.
#[derive(Default)]
pub struct StableNameTable {
    entries: Vec<Entry>,
    free: Vec<usize>,
    by_address: HashMap<usize, usize>,
}

impl StableNameTable {
    /// Number of entries in use.
    pub fn live(&self) -> usize {
        self.entries.len() - self.free.len()
    }

    /// Rebuild after a collection. `forward(p)` is `Some(new address)` when
    /// the object at `p` survived, `None` when it died.
    pub(crate) fn after_gc(&mut self, mut forward: impl FnMut(usize) -> Option<usize>) {
        self.by_address.clear();
        for (i, e) in self.entries.iter_mut().enumerate() {
            if e.name == 0 {
                continue;
            }
            match forward(e.name) {
                None => {
                    *e = Entry { object: 0, name: 0 };
                    self.free.push(i);
                }
                Some(name) => {
                    e.name = name;
                    e.object = if e.object == 0 {
                        0
                    } else {
                        forward(e.object).unwrap_or(0)
                    };
                    if e.object != 0 {
                        self.by_address.insert(e.object, i);
                    }
                }
            }
        }
    }

    /// The (object, name) pairs in use, for the sanity checker.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (usize, ClosurePtr, ClosurePtr)> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.name != 0)
            .map(|(i, e)| {
                (
                    i,
                    ClosurePtr::from_addr(e.object),
                    ClosurePtr::from_addr(e.name),
                )
            })
    }
}

impl Storage {
    /// `makeStableName#`: the STABLE_NAME closure for `p` (the same one
    /// while it lives). May need a collection first (`NurseryFull`).
    pub fn make_stable_name(&mut self, p: ClosurePtr) -> Result<ClosurePtr, AllocError> {
        let mut obj = p.untagged();
        // SAFETY: `p` is a live closure; indirections point at live closures.
        unsafe {
            while matches!(
                obj.info().closure_type,
                ClosureType::Ind | ClosureType::IndStatic
            ) {
                obj = obj.payload_ptr(0).untagged();
            }
        }
        if let Some(&i) = self.stable_names.by_address.get(&obj.addr()) {
            return Ok(ClosurePtr::from_addr(self.stable_names.entries[i].name));
        }
        let name = self.alloc(2)?;
        let t = &mut self.stable_names;
        let index = match t.free.pop() {
            Some(i) => i,
            None => {
                t.entries.push(Entry { object: 0, name: 0 });
                t.entries.len() - 1
            }
        };
        t.entries[index] = Entry {
            object: obj.addr(),
            name: name.addr(),
        };
        t.by_address.insert(obj.addr(), index);
        // SAFETY: `name` is a fresh two-word closure.
        unsafe {
            name.set_info(&builtins::STABLE_NAME);
            name.set_payload(0, index as Word);
        }
        Ok(name)
    }

    /// `stableNameToInt#`: the number of a STABLE_NAME closure.
    ///
    /// # Safety
    /// `name` must be a live STABLE_NAME closure.
    pub unsafe fn stable_name_index(&self, name: ClosurePtr) -> usize {
        // SAFETY: forwarded to the caller.
        unsafe { name.untagged().payload(0) as usize }
    }

    /// Number of stable names in use.
    pub fn stable_name_count(&self) -> usize {
        self.stable_names.live()
    }
}
