//! Allocation: the nursery bump path, large objects, pinned byte arrays,
//! static closures and CAFs, and builders for the runtime's own closures.
//!
//! Note \[Allocation protocol\]
//! `alloc(words)` returns uninitialised words; the caller writes the header
//! and the whole payload before the next collection. It fails with
//! `NurseryFull` when the nursery (or the allocation quota for large objects,
//! one nursery's worth per cycle) is used up: the caller then runs
//! `collect` with its roots and retries. Under `-M`, a request that would
//! take the heap past the limit first asks for a collection (and makes it a
//! major one); if it still does not fit after a major collection the answer
//! is `HeapOverflow`, so memory stays bounded by the limit plus a nursery.

use std::fmt;

use crate::block::{BLOCK_SIZE, BlockFlags, LARGE_OBJECT_THRESHOLD, OutOfMemory};
use crate::builtins;
use crate::closure::{PapArgs, arr_words_size};
use crate::info::{ClosureType, InfoTable};
use crate::word::{ClosurePtr, WORD_BYTES, Word};

use super::{HeapOverflow, Storage};

/// Objects of at least this many words are allocated as large objects.
pub const LARGE_OBJECT_WORDS: usize = LARGE_OBJECT_THRESHOLD / WORD_BYTES;

/// Why an allocation did not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllocError {
    /// The nursery is full: collect, then retry.
    NurseryFull,
    /// The request does not fit under `-M` even after a major collection.
    HeapOverflow(HeapOverflow),
    /// The address-space feature refused memory.
    OutOfMemory(OutOfMemory),
}

impl fmt::Display for AllocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllocError::NurseryFull => f.write_str("the nursery is full; a collection is needed"),
            AllocError::HeapOverflow(h) => h.fmt(f),
            AllocError::OutOfMemory(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for AllocError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AllocError::NurseryFull => None,
            AllocError::HeapOverflow(h) => Some(h),
            AllocError::OutOfMemory(e) => Some(e),
        }
    }
}

impl Storage {
    /// `words` uninitialised words in the nursery (or a large object).
    /// See Note \[Allocation protocol\].
    #[inline]
    pub fn alloc(&mut self, words: usize) -> Result<ClosurePtr, AllocError> {
        let new_hp = self.hp.wrapping_add(words * WORD_BYTES);
        if new_hp <= self.hp_lim && words < LARGE_OBJECT_WORDS {
            let p = self.hp;
            self.hp = new_hp;
            return Ok(ClosurePtr::from_addr(p));
        }
        self.alloc_slow(words)
    }

    /// The current nursery block's bump window `(hp, limit)`. An
    /// interpreter may keep these in locals, like GHC's `Hp`/`HpLim`
    /// registers: allocate `n` words at `hp` while `hp + 8n <= limit` (and
    /// `n` is below [`LARGE_OBJECT_WORDS`]), then hand `hp` back with
    /// [`Storage::set_hp`] before calling anything else on the storage
    /// manager; when the window is exhausted, `set_hp` then `alloc` moves to
    /// the next block (or answers `NurseryFull`).
    #[inline]
    pub fn hp_window(&self) -> (usize, usize) {
        (self.hp, self.hp_lim)
    }

    /// Hand back the bump pointer of a window from [`Storage::hp_window`].
    ///
    /// # Safety
    /// `hp` must lie between the window's start and limit, and every word
    /// below it must hold initialised closures.
    #[inline]
    pub unsafe fn set_hp(&mut self, hp: usize) {
        debug_assert!(hp <= self.hp_lim);
        self.hp = hp;
    }

    #[inline(never)]
    fn alloc_slow(&mut self, words: usize) -> Result<ClosurePtr, AllocError> {
        if words >= LARGE_OBJECT_WORDS {
            return self.alloc_large(words, BlockFlags::LARGE);
        }
        loop {
            self.nursery[self.nursery_index].set_free(self.hp);
            if self.nursery_index + 1 >= self.nursery.len() {
                return Err(AllocError::NurseryFull);
            }
            self.nursery_index += 1;
            let b = self.nursery[self.nursery_index];
            self.hp = b.start();
            self.hp_lim = b.start() + BLOCK_SIZE;
            let new_hp = self.hp + words * WORD_BYTES;
            if new_hp <= self.hp_lim {
                let p = self.hp;
                self.hp = new_hp;
                return Ok(ClosurePtr::from_addr(p));
            }
        }
    }

    /// Check a request of `bytes` more heap against `-M` and the quota.
    /// As GHC's `allocateMightFail`, only a request that alone reaches `-M`
    /// fails; a smaller one is granted even past the limit (after a major
    /// collection, forced once the heap is over it), and that collection
    /// reports the overflow, which goes to the main thread (Note [Heap
    /// overflow goes to the main thread] in docs/design/scheduler.md).
    fn admit(&mut self, bytes: usize) -> Result<(), AllocError> {
        if let Some(limit) = self.config.max_heap_bytes {
            let in_use = self.blocks.blocks_in_use() * BLOCK_SIZE;
            if bytes >= limit {
                return Err(AllocError::HeapOverflow(HeapOverflow {
                    live_bytes: in_use + bytes,
                    limit_bytes: limit,
                }));
            }
            if in_use + bytes > limit && !self.major_since_refusal {
                self.want_major = true;
                return Err(AllocError::NurseryFull);
            }
        }
        let quota = self.nursery.len() * BLOCK_SIZE;
        if self.large_allocated > 0 && self.large_allocated + bytes > quota {
            return Err(AllocError::NurseryFull);
        }
        Ok(())
    }

    /// A large object: its own block group, never copied.
    fn alloc_large(&mut self, words: usize, flags: BlockFlags) -> Result<ClosurePtr, AllocError> {
        let bytes = words * WORD_BYTES;
        let blocks = bytes.div_ceil(BLOCK_SIZE);
        self.admit(blocks * BLOCK_SIZE)?;
        let bd = self
            .blocks
            .alloc_group(blocks, 0, flags | BlockFlags::NURSERY)
            .map_err(AllocError::OutOfMemory)?;
        bd.set_free(bd.start() + bytes);
        self.gens[0].large.push(bd);
        self.large_allocated += bytes;
        self.major_since_refusal = false;
        Ok(ClosurePtr::from_addr(bd.start()))
    }

    /// `words` uninitialised words in a pinned block (never moved).
    fn alloc_pinned(&mut self, words: usize) -> Result<ClosurePtr, AllocError> {
        if words >= LARGE_OBJECT_WORDS {
            return self.alloc_large(words, BlockFlags::LARGE | BlockFlags::PINNED);
        }
        let bytes = words * WORD_BYTES;
        if let Some(bd) = self.pinned_current
            && bd.free() + bytes <= bd.start() + BLOCK_SIZE
        {
            let p = bd.free();
            bd.set_free(p + bytes);
            self.large_allocated += bytes;
            return Ok(ClosurePtr::from_addr(p));
        }
        self.admit(BLOCK_SIZE)?;
        let bd = self
            .blocks
            .alloc_group(1, 0, BlockFlags::PINNED | BlockFlags::NURSERY)
            .map_err(AllocError::OutOfMemory)?;
        self.gens[0].large.push(bd);
        self.pinned_current = Some(bd);
        bd.set_free(bd.start() + bytes);
        self.large_allocated += bytes;
        Ok(ClosurePtr::from_addr(bd.start()))
    }

    /// Bytes allocated in the nursery since the last collection.
    pub(crate) fn nursery_allocated(&self) -> usize {
        let done: usize = self.nursery[..self.nursery_index]
            .iter()
            .map(|b| b.free() - b.start())
            .sum();
        done + (self.hp - self.nursery[self.nursery_index].start())
    }

    /// A closure with a fixed layout (constructor, function, thunk, BCO,
    /// ...): `info`, then `ptrs`, then `nptrs` (thunks get their minimum
    /// payload word).
    pub fn alloc_closure(
        &mut self,
        info: &'static InfoTable,
        ptrs: &[ClosurePtr],
        nptrs: &[Word],
    ) -> Result<ClosurePtr, AllocError> {
        let words = fixed_size(info, ptrs, nptrs);
        let p = self.alloc(words)?;
        // SAFETY: `p` is a fresh closure of `words` words.
        unsafe { write_fixed(p, info, ptrs, nptrs, words) };
        Ok(p)
    }

    /// A new MUT_VAR holding `value`.
    pub fn new_mut_var(&mut self, value: ClosurePtr) -> Result<ClosurePtr, AllocError> {
        self.alloc_closure(&builtins::MUT_VAR_CLEAN, &[value], &[])
    }

    /// A new MVAR holding `value` (null for an empty MVar).
    pub fn new_mvar(&mut self, value: ClosurePtr) -> Result<ClosurePtr, AllocError> {
        self.alloc_closure(
            &builtins::MVAR_CLEAN,
            &[ClosurePtr::NULL, ClosurePtr::NULL, value],
            &[],
        )
    }

    /// A new mutable boxed array of `n` copies of `init` (`small`: a
    /// SmallArray#, otherwise an Array#).
    pub fn new_array(
        &mut self,
        n: usize,
        init: ClosurePtr,
        small: bool,
    ) -> Result<ClosurePtr, AllocError> {
        let p = self.alloc(2 + n)?;
        let info = if small {
            &builtins::SMALL_MUT_ARR_PTRS_CLEAN
        } else {
            &builtins::MUT_ARR_PTRS_CLEAN
        };
        // SAFETY: `p` is a fresh closure of 2 + n words.
        unsafe {
            p.set_info(info);
            p.set_payload(0, n as Word);
            for i in 0..n {
                p.set_payload(1 + i, init.to_word());
            }
        }
        Ok(p)
    }

    /// A new byte array of `bytes` bytes, zeroed; `pinned` ones never move.
    pub fn new_byte_array(&mut self, bytes: usize, pinned: bool) -> Result<ClosurePtr, AllocError> {
        let words = arr_words_size(bytes);
        let p = if pinned {
            self.alloc_pinned(words)?
        } else {
            self.alloc(words)?
        };
        // SAFETY: `p` is a fresh closure of `words` words.
        unsafe {
            p.set_info(&builtins::ARR_WORDS);
            p.set_payload(0, bytes as Word);
            for i in 1..words - 1 {
                p.set_payload(i, 0);
            }
        }
        Ok(p)
    }

    /// A partial application (`ap == false`) or an AP thunk (`ap == true`)
    /// of `fun` to `args`; `args.non_pointer_mask` says which are not
    /// pointers.
    pub fn new_pap(
        &mut self,
        ap: bool,
        fun: ClosurePtr,
        args_desc: PapArgs,
        args: &[Word],
    ) -> Result<ClosurePtr, AllocError> {
        let desc = PapArgs {
            n_args: args.len() as u16,
            ..args_desc
        };
        let p = self.alloc(3 + args.len())?;
        // SAFETY: `p` is a fresh closure of 3 + n words.
        unsafe {
            p.set_info(if ap { &builtins::AP } else { &builtins::PAP });
            p.set_payload(0, desc.to_word());
            p.set_payload(1, fun.to_word());
            for (i, a) in args.iter().enumerate() {
                p.set_payload(2 + i, *a);
            }
        }
        Ok(p)
    }

    /// An AP_STACK of `fun` over `frames`, a copy of whole stack frames
    /// (stack format, newest first), as raising an asynchronous exception
    /// makes from the top of a thread's stack.
    ///
    /// # Safety
    /// `frames` must be a whole number of valid frames whose pointer words
    /// are live closures.
    pub unsafe fn new_ap_stack(
        &mut self,
        fun: ClosurePtr,
        frames: &[Word],
    ) -> Result<ClosurePtr, AllocError> {
        let p = self.alloc(3 + frames.len())?;
        // SAFETY: `p` is a fresh closure of 3 + n words.
        unsafe {
            p.set_info(&builtins::AP_STACK);
            p.set_payload(0, frames.len() as Word);
            p.set_payload(1, fun.to_word());
            for (i, w) in frames.iter().enumerate() {
                p.set_payload(2 + i, *w);
            }
        }
        Ok(p)
    }

    /// `words` words in the static area (never collected). Statics may
    /// point only at statics, except entered CAFs (see [`Storage::claim_caf`]).
    pub fn alloc_static(&mut self, words: usize) -> Result<ClosurePtr, AllocError> {
        let bytes = words * WORD_BYTES;
        if let Some(&bd) = self.static_blocks.last()
            && bd.free() + bytes <= bd.end()
        {
            let p = bd.free();
            bd.set_free(p + bytes);
            return Ok(ClosurePtr::from_addr(p));
        }
        // One block at a time (a bigger object gets a group of its own):
        // every object must start in the head block of its group, whose
        // descriptor is the one that says STATIC (Note [Block geometry]).
        let blocks = bytes.div_ceil(BLOCK_SIZE).max(1);
        let bd = self
            .blocks
            .alloc_group(blocks, 0, BlockFlags::STATIC)
            .map_err(AllocError::OutOfMemory)?;
        bd.set_free(bd.start() + bytes);
        self.static_blocks.push(bd);
        Ok(ClosurePtr::from_addr(bd.start()))
    }

    /// A static closure with a fixed layout (a top-level constructor,
    /// function, or a CAF when `info` is a thunk).
    pub fn new_static_closure(
        &mut self,
        info: &'static InfoTable,
        ptrs: &[ClosurePtr],
        nptrs: &[Word],
    ) -> Result<ClosurePtr, AllocError> {
        let words = fixed_size(info, ptrs, nptrs);
        let p = self.alloc_static(words)?;
        // SAFETY: `p` is a fresh static closure of `words` words.
        unsafe { write_fixed(p, info, ptrs, nptrs, words) };
        Ok(p)
    }

    /// Enter the CAF `caf` (a static thunk): it becomes an IND_STATIC to
    /// `target` (normally a fresh BLACKHOLE owned by the entering thread,
    /// which the update frame later updates) and joins the CAF list, whose
    /// entries are roots for ever after (no SRTs: entered CAFs are never
    /// reverted).
    ///
    /// # Safety
    /// `caf` must be a static THUNK closure not yet entered.
    pub unsafe fn claim_caf(&mut self, caf: ClosurePtr, target: ClosurePtr) {
        let caf = caf.untagged();
        // SAFETY: a static thunk has room for the indirectee (min payload 1).
        unsafe {
            debug_assert_eq!(caf.info().closure_type, ClosureType::Thunk);
            caf.set_info(&builtins::IND_STATIC);
            caf.set_payload(0, target.to_word());
        }
        self.cafs.push(caf);
    }

    /// The entered CAFs.
    pub fn cafs(&self) -> &[ClosurePtr] {
        &self.cafs
    }
}

fn fixed_size(info: &InfoTable, ptrs: &[ClosurePtr], nptrs: &[Word]) -> usize {
    assert_eq!(
        ptrs.len(),
        info.ptrs as usize,
        "{}: pointer count",
        info.name
    );
    assert_eq!(
        nptrs.len(),
        info.nptrs as usize,
        "{}: non-pointer count",
        info.name
    );
    let payload = ptrs.len() + nptrs.len();
    1 + if info.closure_type == ClosureType::Thunk {
        payload.max(1)
    } else {
        payload
    }
}

/// # Safety
/// `p` must be `words` writable words.
unsafe fn write_fixed(
    p: ClosurePtr,
    info: &'static InfoTable,
    ptrs: &[ClosurePtr],
    nptrs: &[Word],
    words: usize,
) {
    // SAFETY: forwarded to the caller.
    unsafe {
        p.set_info(info);
        for (i, q) in ptrs.iter().enumerate() {
            p.set_payload(i, q.to_word());
        }
        for (i, w) in nptrs.iter().enumerate() {
            p.set_payload(ptrs.len() + i, *w);
        }
        for i in ptrs.len() + nptrs.len()..words - 1 {
            p.set_payload(i, 0);
        }
    }
}
