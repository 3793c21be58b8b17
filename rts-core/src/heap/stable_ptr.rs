//! The stable pointer table: O(1) create, deref and free, a free list
//! threaded through the table, growth by doubling. Live entries are roots.
//!
//! An entry holds either a closure address (even) or, when free, the index
//! of the next free entry shifted left once with the low bit set. A
//! [`StablePtr`] is the entry index plus one, so 0 is never a valid one (C
//! code may use NULL). Using a freed or never-made stable pointer is a
//! [`StablePtrError`], never a crash.

use std::fmt;

use crate::word::ClosurePtr;

use super::Storage;

/// A stable pointer: a handle to a closure that survives collections.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct StablePtr(pub usize);

/// Misuse of a stable pointer.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum StablePtrError {
    /// Not a stable pointer this table ever made (or NULL).
    Invalid(usize),
    /// Already freed.
    Freed(usize),
}

impl fmt::Display for StablePtrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StablePtrError::Invalid(p) => write!(f, "invalid stable pointer {p:#x}"),
            StablePtrError::Freed(p) => write!(f, "stable pointer {p:#x} used after being freed"),
        }
    }
}

impl std::error::Error for StablePtrError {}

/// End of the free list (fits in an entry shifted left once).
const NO_FREE: usize = usize::MAX >> 1;

/// The table.
pub struct StablePtrTable {
    entries: Vec<usize>,
    free_head: usize,
    live: usize,
}

impl Default for StablePtrTable {
    fn default() -> Self {
        StablePtrTable {
            entries: Vec::with_capacity(64),
            free_head: NO_FREE,
            live: 0,
        }
    }
}

impl StablePtrTable {
    /// Make a stable pointer to `p`.
    #[inline]
    pub fn create(&mut self, p: ClosurePtr) -> StablePtr {
        debug_assert!(p.addr() & 1 == 0, "closure pointers are even");
        self.live += 1;
        if self.free_head != NO_FREE {
            let i = self.free_head;
            let next = self.entries[i] >> 1;
            self.free_head = next;
            self.entries[i] = p.addr();
            StablePtr(i + 1)
        } else {
            self.entries.push(p.addr());
            StablePtr(self.entries.len())
        }
    }

    /// The closure `sp` points to.
    #[inline]
    pub fn deref(&self, sp: StablePtr) -> Result<ClosurePtr, StablePtrError> {
        match sp.0.checked_sub(1).and_then(|i| self.entries.get(i)) {
            Some(&e) if e & 1 == 0 => Ok(ClosurePtr::from_addr(e)),
            Some(_) => Err(StablePtrError::Freed(sp.0)),
            None => Err(StablePtrError::Invalid(sp.0)),
        }
    }

    /// Free `sp`; the index is reused by a later `create`.
    #[inline]
    pub fn free(&mut self, sp: StablePtr) -> Result<(), StablePtrError> {
        let i = sp.0.wrapping_sub(1);
        match self.entries.get_mut(i) {
            Some(e) if *e & 1 == 0 => {
                *e = (self.free_head << 1) | 1;
                self.free_head = i;
                self.live -= 1;
                Ok(())
            }
            Some(_) => Err(StablePtrError::Freed(sp.0)),
            None => Err(StablePtrError::Invalid(sp.0)),
        }
    }

    /// Number of live stable pointers.
    pub fn live(&self) -> usize {
        self.live
    }

    /// Visit every live entry (the collector updates them).
    pub(crate) fn for_each_live(&mut self, mut f: impl FnMut(&mut usize)) {
        for e in &mut self.entries {
            if *e & 1 == 0 {
                f(e);
            }
        }
    }

    /// The live entries (for the sanity checker).
    pub(crate) fn live_entries(&self) -> impl Iterator<Item = ClosurePtr> + '_ {
        self.entries
            .iter()
            .filter(|&&e| e & 1 == 0)
            .map(|&e| ClosurePtr::from_addr(e))
    }
}

impl Storage {
    /// `getStablePtr`: a handle to `p` that survives collections and keeps
    /// `p` alive until freed.
    #[inline]
    pub fn new_stable_ptr(&mut self, p: ClosurePtr) -> StablePtr {
        self.stable_ptrs.create(p)
    }

    /// `deRefStablePtr`.
    #[inline]
    pub fn deref_stable_ptr(&self, sp: StablePtr) -> Result<ClosurePtr, StablePtrError> {
        self.stable_ptrs.deref(sp)
    }

    /// `freeStablePtr`.
    #[inline]
    pub fn free_stable_ptr(&mut self, sp: StablePtr) -> Result<(), StablePtrError> {
        self.stable_ptrs.free(sp)
    }

    /// Number of live stable pointers.
    pub fn stable_ptr_count(&self) -> usize {
        self.stable_ptrs.live()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_deref_free_reuse_and_misuse() {
        let mut t = StablePtrTable::default();
        let a = t.create(ClosurePtr::from_addr(0x1000));
        let b = t.create(ClosurePtr::from_addr(0x2000));
        assert_eq!(t.deref(a), Ok(ClosurePtr::from_addr(0x1000)));
        assert_eq!(t.deref(b), Ok(ClosurePtr::from_addr(0x2000)));
        t.free(a).unwrap();
        assert_eq!(t.deref(a), Err(StablePtrError::Freed(a.0)));
        assert_eq!(t.free(a), Err(StablePtrError::Freed(a.0)));
        assert_eq!(t.deref(StablePtr(0)), Err(StablePtrError::Invalid(0)));
        assert_eq!(t.deref(StablePtr(99)), Err(StablePtrError::Invalid(99)));
        let c = t.create(ClosurePtr::from_addr(0x3000));
        assert_eq!(c, a, "the freed slot is reused");
        t.free(b).unwrap();
        t.free(c).unwrap();
        let d = t.create(ClosurePtr::from_addr(0x4000));
        let e = t.create(ClosurePtr::from_addr(0x5000));
        assert_eq!((d, e), (c, b));
        assert_eq!(t.live(), 2);
        assert_eq!(t.entries.len(), 2);
    }
}
