//! The storage manager object, [`Storage`]: configuration, the nursery,
//! the generations, statics and the CAF list, the write barrier, and the
//! side tables (stable pointers, stable names, weak pointers).
//!
//! Submodules: [`alloc`] (allocation paths and closure builders), [`stack`]
//! (the frame format and stack API), [`tso`] (thread object layout),
//! [`stable_ptr`], [`stable_name`], [`weak`], [`mutable`] (clean/dirty
//! states for the write barrier). The collector is in [`crate::gc`].

pub mod alloc;
pub mod mutable;
pub mod stable_name;
pub mod stable_ptr;
pub mod stack;
pub mod tso;
pub mod weak;

use std::fmt;

use crate::block::{BlockAllocator, BlockFlags, BlockPtr, bdescr};
use crate::builtins;
use crate::closure::closure_size;
use crate::stats::Stats;
use crate::word::{ClosurePtr, WORD_BYTES, Word};

pub use alloc::AllocError;

/// The storage manager's settings (`+RTS -A -G -F -M -H -DS`).
#[derive(Clone, Debug)]
pub struct GcConfig {
    /// `-A`: nursery size in bytes (rounded up to whole blocks).
    pub nursery_bytes: usize,
    /// `-G`: number of generations, at least 1.
    pub generations: usize,
    /// `-F`: an old generation is collected when it exceeds this factor
    /// times its live size after its last collection.
    pub old_gen_factor: f64,
    /// `-M`: maximum heap size in bytes; `None` for unlimited.
    pub max_heap_bytes: Option<usize>,
    /// `-H`: suggested heap size; old generations are not collected before
    /// the heap reaches it.
    pub suggested_heap_bytes: usize,
    /// `-DS`: run the sanity checker after every collection (panics with a
    /// report on the first broken invariant).
    pub sanity_checks: bool,
    /// `-S`: keep a line per collection in the statistics.
    pub trace_collections: bool,
}

impl Default for GcConfig {
    fn default() -> Self {
        GcConfig {
            nursery_bytes: 1 << 20,
            generations: 2,
            old_gen_factor: 2.0,
            max_heap_bytes: None,
            suggested_heap_bytes: 0,
            sanity_checks: false,
            trace_collections: false,
        }
    }
}

/// The live data after a major collection exceeds `-M`. The collection
/// itself completed; the heap is consistent. The interpreter turns this into
/// the catchable `HeapOverflow` exception (`Heap exhausted` if uncaught).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeapOverflow {
    /// Bytes live (or requested) when the limit was hit.
    pub live_bytes: usize,
    /// The `-M` limit.
    pub limit_bytes: usize,
}

impl fmt::Display for HeapOverflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "heap overflow: {} bytes needed, the maximum heap size (-M) is {} bytes",
            self.live_bytes, self.limit_bytes
        )
    }
}

impl std::error::Error for HeapOverflow {}

/// One generation's blocks and lists.
#[derive(Default)]
pub struct Generation {
    /// Block groups of copied (small) objects, each filled up to `free`.
    pub blocks: Vec<BlockPtr>,
    /// Large objects and pinned blocks (never copied).
    pub large: Vec<BlockPtr>,
    /// The remembered set: objects here that may point to younger
    /// generations. See Note \[Remembered set\] in `gc`.
    pub mut_list: Vec<ClosurePtr>,
    /// Weak pointer objects that live in this generation.
    pub weaks: Vec<ClosurePtr>,
    /// Collections of this generation so far.
    pub collections: usize,
    /// The generation is collected when its size passes this.
    pub threshold_bytes: usize,
}

impl Generation {
    /// Bytes occupied by objects (small blocks up to their fill pointer,
    /// large groups whole).
    pub fn used_bytes(&self) -> usize {
        let small: usize = self.blocks.iter().map(|b| b.free() - b.start()).sum();
        let large: usize = self.large.iter().map(|b| b.free() - b.start()).sum();
        small + large
    }

    /// Blocks held (small and large).
    pub fn held_blocks(&self) -> usize {
        self.blocks
            .iter()
            .chain(&self.large)
            .map(|b| b.blocks())
            .sum()
    }
}

/// The storage manager. One per runtime instance; not thread-safe (the
/// runtime has one capability).
pub struct Storage {
    pub(crate) config: GcConfig,
    pub(crate) blocks: BlockAllocator,
    // Nursery: the current block's bump pointer and limit, then the blocks.
    pub(crate) hp: usize,
    pub(crate) hp_lim: usize,
    pub(crate) nursery: Vec<BlockPtr>,
    pub(crate) nursery_index: usize,
    /// Bytes of large objects allocated since the last collection.
    pub(crate) large_allocated: usize,
    pub(crate) pinned_current: Option<BlockPtr>,
    pub(crate) gens: Vec<Generation>,
    pub(crate) static_blocks: Vec<BlockPtr>,
    pub(crate) cafs: Vec<ClosurePtr>,
    pub(crate) stable_ptrs: stable_ptr::StablePtrTable,
    pub(crate) stable_names: stable_name::StableNameTable,
    pub(crate) pending_finalizers: Vec<ClosurePtr>,
    pub(crate) want_major: bool,
    pub(crate) major_since_refusal: bool,
    pub(crate) stats: Stats,
}

impl fmt::Debug for Storage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Storage")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Storage {
    /// A heap with the given configuration (its nursery is allocated now).
    pub fn new(config: GcConfig) -> Result<Storage, crate::block::OutOfMemory> {
        let mut config = config;
        config.generations = config.generations.max(1);
        let nursery_blocks = config
            .nursery_bytes
            .div_ceil(crate::block::BLOCK_SIZE)
            .max(1);
        let mut blocks = BlockAllocator::new();
        let mut nursery = Vec::with_capacity(nursery_blocks);
        for _ in 0..nursery_blocks {
            nursery.push(blocks.alloc_group(1, 0, BlockFlags::NURSERY)?);
        }
        let gens = (0..config.generations)
            .map(|_| Generation {
                threshold_bytes: (nursery_blocks * crate::block::BLOCK_SIZE * 2)
                    .max(config.suggested_heap_bytes),
                ..Generation::default()
            })
            .collect();
        let first = nursery[0];
        Ok(Storage {
            hp: first.start(),
            hp_lim: first.start() + crate::block::BLOCK_SIZE,
            nursery,
            nursery_index: 0,
            large_allocated: 0,
            pinned_current: None,
            gens,
            static_blocks: Vec::new(),
            cafs: Vec::new(),
            stable_ptrs: stable_ptr::StablePtrTable::default(),
            stable_names: stable_name::StableNameTable::default(),
            pending_finalizers: Vec::new(),
            want_major: false,
            major_since_refusal: false,
            stats: Stats::new(config.generations),
            blocks,
            config,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &GcConfig {
        &self.config
    }

    /// Turn the sanity checker on or off.
    pub fn set_sanity_checks(&mut self, on: bool) {
        self.config.sanity_checks = on;
    }

    /// The statistics so far.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// The block allocator (for inspection).
    pub fn block_allocator(&self) -> &BlockAllocator {
        &self.blocks
    }

    /// The generations, youngest first (for inspection).
    pub fn generations(&self) -> &[Generation] {
        &self.gens
    }

    /// The generation the object at `p` lives in, or `None` for a static.
    /// Nursery objects are in generation 0.
    pub fn generation_of(&self, p: ClosurePtr) -> Option<usize> {
        let bd = bdescr(p.untagged().addr());
        if bd.has(BlockFlags::STATIC) {
            None
        } else {
            Some(bd.generation())
        }
    }

    /// Whether `p` points into this heap's memory (the nursery, a
    /// generation, or the static area).
    pub fn contains(&self, p: ClosurePtr) -> bool {
        !p.is_null() && self.blocks.owns(p.untagged().addr())
    }

    /// Bytes of live data in the generations (not the nursery).
    pub fn live_bytes(&self) -> usize {
        self.gens.iter().map(Generation::used_bytes).sum()
    }

    /// The write barrier: call after storing a pointer into the mutable
    /// object `obj` (MUT_VAR, MVAR, arrays, TSO, STACK) or after updating a
    /// thunk in place. Cheap when `obj` is young or already recorded.
    /// See Note \[Remembered set\] in `gc`.
    #[inline]
    pub fn record_mutation(&mut self, obj: ClosurePtr) {
        let obj = obj.untagged();
        let bd = bdescr(obj.addr());
        let g = bd.generation();
        if g == 0 || bd.has(BlockFlags::STATIC) {
            return;
        }
        // SAFETY: `obj` is a live closure (the caller just wrote to it).
        unsafe {
            if mutable::is_dirty(obj) {
                return;
            }
            mutable::set_dirty(obj, true);
        }
        self.gens[g].mut_list.push(obj);
    }

    /// Replace the closure at `p` by a closure of `new_words` words with
    /// header `info` (the caller writes the payload), turning the words left
    /// over into a filler so the heap stays walkable.
    ///
    /// # Safety
    /// `p` must be a live closure of at least `new_words` words.
    pub unsafe fn overwrite(
        &mut self,
        p: ClosurePtr,
        info: &'static crate::InfoTable,
        new_words: usize,
    ) {
        let p = p.untagged();
        // SAFETY: the caller guarantees a live closure.
        unsafe {
            let old = closure_size(p, p.info());
            p.set_info(info);
            fill_slop(
                p.addr() + new_words * WORD_BYTES,
                old.saturating_sub(new_words),
            );
        }
    }

    /// Update the thunk (or blackhole) `thunk` with its value: it becomes
    /// an indirection to `value`, and the write barrier runs.
    ///
    /// # Safety
    /// `thunk` must be a live THUNK, AP, THUNK_SELECTOR or BLACKHOLE.
    pub unsafe fn update_with_indirection(&mut self, thunk: ClosurePtr, value: ClosurePtr) {
        // SAFETY: thunks have room for an indirection (closure.rs layouts).
        unsafe {
            self.overwrite(thunk, &builtins::IND, 2);
            thunk.untagged().set_payload(0, value.to_word());
        }
        self.record_mutation(thunk);
    }
}

/// Write a filler over `words` words at `addr` (nothing for 0).
pub(crate) fn fill_slop(addr: usize, words: usize) {
    let p = ClosurePtr::from_addr(addr);
    // SAFETY: the caller owns `words` words at `addr` (dead space).
    unsafe {
        match words {
            0 => {}
            1 => p.set_info(&builtins::FILLER_ONE),
            n => {
                p.set_info(&builtins::FILLER);
                p.set_payload(0, n as Word);
            }
        }
    }
}

// The C API and the scheduler may keep the heap in a global behind a lock,
// so it must stay `Send` (it holds addresses, never references).
const _: fn() = || {
    fn send<T: Send>() {}
    send::<Storage>();
};
