//! Array primops: boxed arrays (`newArray#`, `readArray#`, `writeArray#`,
//! freezing, thawing, copying) and byte arrays (`newByteArray#`, the typed
//! reads, writes and indexes, copies). The objects are the storage
//! manager's MUT_ARR_PTRS_* and ARR_WORDS closures (`closure.rs` layouts,
//! `heap::alloc` builders); this module touches only their payloads, the
//! info pointer (clean/dirty/frozen states) and the write barrier.
//!
//! See Note [Array primops].

// Note [Array primops]
// ~~~~~~~~~~~~~~~~~~~~
// * Bounds. As in GHC, checking indices is the library's job (Data.Array's
//   `(!)` reports GHC's "Ix{Int}.index: Index (7) out of range ((0,4))"),
//   so correct programs never pass a bad index. Unlike GHC, the
//   interpreter still checks every index, offset and length against the
//   object's size word, in every build, and stops the program with a
//   `bad memory access` error instead of reading or writing outside the
//   object: one comparison per access is nothing next to the dispatch of
//   the instruction, and a stray write into the heap would surface much
//   later as a GC crash. The argument's closure type is checked as well.
// * Write barrier. Storing a pointer into a boxed array runs
//   `Storage::record_mutation` (heap/mod.rs): an array in an old generation
//   turns MUT_ARR_PTRS_DIRTY and goes on its generation's remembered set, so
//   the next minor collection scans it as a root (Note [Remembered set] in
//   gc). The set records whole arrays, not GHC's 128-element cards: a minor
//   collection rescans every element of each old array written since the
//   last one. Cards would bound that to the written regions; no program
//   of the corpus needs them yet (array_gc writes 512-element arrays).
// * Freezing and thawing are in place and keep the clean/dirty state:
//   MUT_ARR_PTRS_{CLEAN,DIRTY} <-> MUT_ARR_PTRS_FROZEN_{CLEAN,DIRTY}, so an
//   array that is on a remembered set stays consistent with it (the
//   sanity checker, `-DS`, checks "dirty exactly when listed").
// * Byte arrays hold no pointers (ARR_WORDS), so writes need no barrier.
//   Offsets of the typed accessors count elements of the accessed width
//   (GHC's `readInt32Array# a i` reads bytes 4i..4i+3), little-endian.
//   `newByteArray#` zeroes the bytes (GHC leaves them undefined), so no
//   program can observe stale heap contents. Pinned ones (`newPinned...`)
//   never move, so `byteArrayContents#` is a usable address for them.

use super::{Machine, PrimOut, alloc_error, internal};
use crate::builtins;
use crate::heap::AllocError;
use crate::info::ClosureType;
use crate::interp::RunError;
use crate::interp::prims::Prim;
use crate::word::{ClosurePtr, WORD_BYTES, Word};

/// The largest element count or byte size an array may have: its words
/// must be countable in bytes without overflow on every target.
const MAX_ARRAY_WORDS: usize = (isize::MAX as usize) / (2 * WORD_BYTES);

/// What a typed byte-array accessor does with its element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    Read,
    Write,
    Index,
}

/// How an element of a byte array is stored and widened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Elem {
    /// `width` bytes, sign-extended to 64 bits when read.
    Signed(usize),
    /// `width` bytes, zero-extended (also Word#, Char#, WideChar#).
    Unsigned(usize),
    /// A binary32 held in memory, a binary64 in the word.
    Float,
}

impl Elem {
    fn width(self) -> usize {
        match self {
            Elem::Signed(w) | Elem::Unsigned(w) => w,
            Elem::Float => 4,
        }
    }

    /// The 64-bit word of the little-endian `bytes`.
    fn load(self, bytes: &[u8]) -> Word {
        let mut buf = [0u8; 8];
        buf[..bytes.len()].copy_from_slice(bytes);
        let raw = u64::from_le_bytes(buf);
        match self {
            Elem::Signed(w) if w < 8 => {
                let shift = 64 - 8 * w as u32;
                (((raw << shift) as i64) >> shift) as u64
            }
            Elem::Signed(_) | Elem::Unsigned(_) => raw,
            Elem::Float => f64::from(f32::from_bits(raw as u32)).to_bits(),
        }
    }

    /// The little-endian bytes to store for the word `v` (its low bits).
    fn store(self, v: Word) -> [u8; 8] {
        match self {
            Elem::Float => u64::from((f64::from_bits(v) as f32).to_bits()).to_le_bytes(),
            _ => v.to_le_bytes(),
        }
    }
}

/// The access and element of a typed byte-array primop.
fn byte_accessor(p: Prim) -> Option<(Access, Elem)> {
    use Access::*;
    use Elem::*;
    use Prim::*;
    Some(match p {
        ReadIntArray => (Read, Signed(8)),
        WriteIntArray => (Write, Signed(8)),
        IndexIntArray => (Index, Signed(8)),
        ReadWordArray => (Read, Unsigned(8)),
        WriteWordArray => (Write, Unsigned(8)),
        IndexWordArray => (Index, Unsigned(8)),
        ReadInt8Array => (Read, Signed(1)),
        WriteInt8Array => (Write, Signed(1)),
        IndexInt8Array => (Index, Signed(1)),
        ReadInt16Array => (Read, Signed(2)),
        WriteInt16Array => (Write, Signed(2)),
        IndexInt16Array => (Index, Signed(2)),
        ReadInt32Array => (Read, Signed(4)),
        WriteInt32Array => (Write, Signed(4)),
        IndexInt32Array => (Index, Signed(4)),
        ReadWord8Array | ReadCharArray => (Read, Unsigned(1)),
        WriteWord8Array | WriteCharArray => (Write, Unsigned(1)),
        IndexWord8Array | IndexCharArray => (Index, Unsigned(1)),
        ReadWord16Array => (Read, Unsigned(2)),
        WriteWord16Array => (Write, Unsigned(2)),
        IndexWord16Array => (Index, Unsigned(2)),
        ReadWord32Array | ReadWideCharArray => (Read, Unsigned(4)),
        WriteWord32Array | WriteWideCharArray => (Write, Unsigned(4)),
        IndexWord32Array | IndexWideCharArray => (Index, Unsigned(4)),
        ReadDoubleArray => (Read, Unsigned(8)),
        WriteDoubleArray => (Write, Unsigned(8)),
        IndexDoubleArray => (Index, Unsigned(8)),
        ReadFloatArray => (Read, Float),
        WriteFloatArray => (Write, Float),
        IndexFloatArray => (Index, Float),
        _ => return None,
    })
}

fn bad(msg: String) -> RunError {
    RunError::BadMemoryAccess(msg)
}

/// `[off, off + len)` inside `0..size`, as `usize`s; else a clear error.
fn check_range(what: &str, off: Word, len: Word, size: usize) -> Result<(usize, usize), RunError> {
    let (o, n) = (off as i64, len as i64);
    if o < 0 || n < 0 || (o as u64).saturating_add(n as u64) > size as u64 {
        return Err(bad(format!(
            "{what}: range [{o}, {o} + {n}) is outside an array of {size}"
        )));
    }
    Ok((o as usize, n as usize))
}

/// A requested array size, checked: not negative, not absurd.
fn checked_size(what: &str, n: Word) -> Result<usize, RunError> {
    let n = n as i64;
    match usize::try_from(n) {
        Ok(n) if n <= MAX_ARRAY_WORDS => Ok(n),
        _ => Err(bad(format!("{what}: bad size {n}"))),
    }
}

/// The boxed array behind an argument word, checked to be one.
///
/// # Safety
/// `w` must be a live closure pointer.
unsafe fn boxed_array(what: &str, w: Word, mutable: bool) -> Result<(ClosurePtr, usize), RunError> {
    // SAFETY: the caller passes a live closure.
    unsafe {
        let p = super::deref(ClosurePtr::from_word(w));
        let t = p.info().closure_type;
        let ok = match t {
            ClosureType::MutArrPtrsClean | ClosureType::MutArrPtrsDirty => true,
            ClosureType::MutArrPtrsFrozenClean | ClosureType::MutArrPtrsFrozenDirty => !mutable,
            _ => false,
        };
        if !ok {
            return Err(internal(format!("{what} on a {t:?} closure")));
        }
        Ok((p, p.payload(0) as usize))
    }
}

/// The byte array behind an argument word: the closure, its size in bytes
/// and the address of its first byte.
///
/// # Safety
/// `w` must be a live closure pointer.
unsafe fn byte_array(what: &str, w: Word) -> Result<(ClosurePtr, usize, *mut u8), RunError> {
    // SAFETY: the caller passes a live closure.
    unsafe {
        let p = super::deref(ClosurePtr::from_word(w));
        let t = p.info().closure_type;
        if t != ClosureType::ArrWords {
            return Err(internal(format!("{what} on a {t:?} closure")));
        }
        let data = (p.addr() + 2 * WORD_BYTES) as *mut u8;
        Ok((p, p.payload(0) as usize, data))
    }
}

impl Machine<'_> {
    fn array_rets(&mut self, vals: &[Word]) -> PrimOut {
        self.rets.clear();
        self.rets.extend_from_slice(vals);
        PrimOut::Values
    }

    /// A new boxed array of `n` elements, all `fill` (a closure read from
    /// `st.args` *after* the allocation), with `info`.
    fn alloc_boxed_array(
        &mut self,
        n: usize,
        info: &'static crate::InfoTable,
    ) -> Result<ClosurePtr, RunError> {
        let p = self.alloc(2 + n)?;
        // SAFETY: a fresh closure of 2 + n words; the caller fills the
        // elements before the next allocation (they are nulls until then,
        // which the collector skips).
        unsafe {
            p.set_info(info);
            p.set_payload(0, n as Word);
            std::ptr::write_bytes((p.addr() + 2 * WORD_BYTES) as *mut Word, 0, n);
        }
        Ok(p)
    }

    fn new_byte_array(&mut self, n: usize, pinned: bool) -> Result<ClosurePtr, RunError> {
        self.chaos_gc_point()?;
        loop {
            match self.storage.new_byte_array(n, pinned) {
                Ok(p) => return Ok(p),
                Err(AllocError::NurseryFull) => self.gc()?,
                Err(e) => return Err(alloc_error(e)),
            }
        }
    }

    /// Runs an array primop; `None` if `p` is not one.
    pub(super) fn exec_arrays(&mut self, p: Prim) -> Result<Option<PrimOut>, RunError> {
        if let Some((access, elem)) = byte_accessor(p) {
            return self.byte_access(p, access, elem).map(Some);
        }
        use Prim::*;
        let out = match p {
            NewArray => {
                let n = checked_size("newArray#", self.arg(0))?;
                let arr = self.alloc_boxed_array(n, &builtins::MUT_ARR_PTRS_CLEAN)?;
                let fill = self.arg(1);
                // SAFETY: the fresh array has n element slots.
                unsafe {
                    for i in 0..n {
                        arr.set_payload(1 + i, fill);
                    }
                }
                self.array_rets(&[arr.to_word()])
            }
            ReadArray | IndexArray => {
                // SAFETY: the argument is a live (evaluated) array.
                let (arr, size) = unsafe { boxed_array(p.name(), self.arg(0), p == ReadArray)? };
                let (i, _) = check_range(p.name(), self.arg(1), 1, size)?;
                // SAFETY: i < size, inside the array.
                let v = unsafe { arr.payload(1 + i) };
                self.array_rets(&[v])
            }
            WriteArray => {
                // SAFETY: the argument is a live mutable array.
                let (arr, size) = unsafe { boxed_array(p.name(), self.arg(0), true)? };
                let (i, _) = check_range(p.name(), self.arg(1), 1, size)?;
                // SAFETY: i < size; the barrier follows the store.
                unsafe { arr.set_payload(1 + i, self.arg(2)) };
                self.storage.record_mutation(arr);
                self.array_rets(&[])
            }
            SizeofMutableArray | SizeofArray => {
                // SAFETY: the argument is a live array.
                let (_, size) =
                    unsafe { boxed_array(p.name(), self.arg(0), p == SizeofMutableArray)? };
                self.array_rets(&[size as Word])
            }
            UnsafeFreezeArray | UnsafeThawArray => {
                let freeze = p == UnsafeFreezeArray;
                // SAFETY: the argument is a live array.
                let (arr, _) = unsafe { boxed_array(p.name(), self.arg(0), freeze)? };
                // SAFETY: a live array; the four tables share one layout and
                // the clean/dirty state (remembered-set membership) is kept.
                unsafe {
                    let dirty = crate::heap::mutable::is_dirty(arr);
                    arr.set_info(match (freeze, dirty) {
                        (true, false) => &builtins::MUT_ARR_PTRS_FROZEN_CLEAN,
                        (true, true) => &builtins::MUT_ARR_PTRS_FROZEN_DIRTY,
                        (false, false) => &builtins::MUT_ARR_PTRS_CLEAN,
                        (false, true) => &builtins::MUT_ARR_PTRS_DIRTY,
                    });
                }
                self.array_rets(&[arr.to_word()])
            }
            FreezeArray | ThawArray => {
                let freeze = p == FreezeArray;
                // SAFETY: the argument is a live array (checked again below,
                // after the allocation may have moved it).
                let (_, size) = unsafe { boxed_array(p.name(), self.arg(0), freeze)? };
                let (_, n) = check_range(p.name(), self.arg(1), self.arg(2), size)?;
                let info = if freeze {
                    &builtins::MUT_ARR_PTRS_FROZEN_CLEAN
                } else {
                    &builtins::MUT_ARR_PTRS_CLEAN
                };
                let copy = self.alloc_boxed_array(n, info)?;
                // SAFETY: st.args were updated by any collection.
                let (src, _) = unsafe { boxed_array(p.name(), self.arg(0), freeze)? };
                let off = self.arg(1) as usize;
                // SAFETY: [off, off + n) is inside src (checked); the copy is
                // fresh (young: no barrier needed) with room for n.
                unsafe {
                    std::ptr::copy_nonoverlapping(
                        (src.addr() + (2 + off) * WORD_BYTES) as *const Word,
                        (copy.addr() + 2 * WORD_BYTES) as *mut Word,
                        n,
                    );
                }
                self.array_rets(&[copy.to_word()])
            }
            CopyArray | CopyMutableArray => {
                // SAFETY: the arguments are live arrays.
                let (src, src_size) =
                    unsafe { boxed_array(p.name(), self.arg(0), p == CopyMutableArray)? };
                // SAFETY: as above.
                let (dst, dst_size) = unsafe { boxed_array(p.name(), self.arg(2), true)? };
                let n = self.arg(4);
                let (so, n) = check_range(p.name(), self.arg(1), n, src_size)?;
                let (d, _) = check_range(p.name(), self.arg(3), n as Word, dst_size)?;
                // SAFETY: both ranges are inside their arrays (checked);
                // `copy` allows overlap (copyMutableArray# on one array).
                unsafe {
                    std::ptr::copy(
                        (src.addr() + (2 + so) * WORD_BYTES) as *const Word,
                        (dst.addr() + (2 + d) * WORD_BYTES) as *mut Word,
                        n,
                    );
                }
                if n > 0 {
                    self.storage.record_mutation(dst);
                }
                self.array_rets(&[])
            }
            SameMutableArray => {
                // SAFETY: live closures (evaluated arguments).
                let same = unsafe {
                    super::deref(ClosurePtr::from_word(self.arg(0)))
                        == super::deref(ClosurePtr::from_word(self.arg(1)))
                };
                self.array_rets(&[same as Word])
            }
            NewByteArray | NewPinnedByteArray => {
                let n = checked_size(p.name(), self.arg(0))?;
                // The builder zeroes the bytes (heap::alloc).
                let arr = self.new_byte_array(n, p == NewPinnedByteArray)?;
                self.array_rets(&[arr.to_word()])
            }
            ByteArrayContents | MutableByteArrayContents => {
                // SAFETY: a live byte array.
                let (_, _, data) = unsafe { byte_array(p.name(), self.arg(0))? };
                self.array_rets(&[data as usize as Word])
            }
            SizeofByteArray | SizeofMutableByteArray => {
                // SAFETY: a live byte array.
                let (_, size, _) = unsafe { byte_array(p.name(), self.arg(0))? };
                self.array_rets(&[size as Word])
            }
            UnsafeFreezeByteArray | UnsafeThawByteArray => {
                // Byte arrays have one closure type whatever their state.
                // SAFETY: a live byte array.
                let (arr, _, _) = unsafe { byte_array(p.name(), self.arg(0))? };
                self.array_rets(&[arr.to_word()])
            }
            CopyByteArray | CopyMutableByteArray => {
                // SAFETY: live byte arrays.
                let (_, src_size, src) = unsafe { byte_array(p.name(), self.arg(0))? };
                // SAFETY: as above.
                let (_, dst_size, dst) = unsafe { byte_array(p.name(), self.arg(2))? };
                let (so, n) = check_range(p.name(), self.arg(1), self.arg(4), src_size)?;
                let (d, _) = check_range(p.name(), self.arg(3), n as Word, dst_size)?;
                // SAFETY: both ranges are inside their arrays (checked);
                // `copy` allows overlap.
                unsafe { std::ptr::copy(src.add(so), dst.add(d), n) };
                self.array_rets(&[])
            }
            SetByteArray => {
                // SAFETY: a live byte array.
                let (_, size, data) = unsafe { byte_array(p.name(), self.arg(0))? };
                let (o, n) = check_range(p.name(), self.arg(1), self.arg(2), size)?;
                // SAFETY: the range is inside the array (checked).
                unsafe { std::ptr::write_bytes(data.add(o), self.arg(3) as u8, n) };
                self.array_rets(&[])
            }
            _ => return Ok(None),
        };
        Ok(Some(out))
    }

    /// `read<T>Array#`, `write<T>Array#`, `index<T>Array#`.
    fn byte_access(&mut self, p: Prim, access: Access, elem: Elem) -> Result<PrimOut, RunError> {
        // SAFETY: a live byte array (evaluated argument).
        let (_, size, data) = unsafe { byte_array(p.name(), self.arg(0))? };
        let width = elem.width();
        let i = self.arg(1) as i64;
        let in_range = i >= 0
            && (i as u64).checked_mul(width as u64).is_some_and(|start| {
                start
                    .checked_add(width as u64)
                    .is_some_and(|end| end <= size as u64)
            });
        if !in_range {
            return Err(bad(format!(
                "{}: index {i} is outside a byte array of {size} bytes",
                p.name()
            )));
        }
        let start = i as usize * width;
        // SAFETY: [start, start + width) is inside the array's bytes
        // (checked above); byte slices need no alignment.
        let bytes = unsafe { std::slice::from_raw_parts_mut(data.add(start), width) };
        Ok(match access {
            Access::Read | Access::Index => {
                let v = elem.load(bytes);
                self.array_rets(&[v])
            }
            Access::Write => {
                let v = elem.store(self.arg(2));
                bytes.copy_from_slice(&v[..width]);
                self.array_rets(&[])
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_widen_like_ghc() {
        assert_eq!(Elem::Signed(1).load(&[0xff]), u64::MAX);
        assert_eq!(Elem::Unsigned(1).load(&[0xff]), 0xff);
        assert_eq!(Elem::Signed(2).load(&[0x00, 0x80]) as i64, -32768);
        assert_eq!(Elem::Signed(4).load(&[1, 0, 0, 0]), 1);
        assert_eq!(Elem::Unsigned(4).load(&[0xff; 4]), 0xffff_ffff);
        let f = Elem::Float.store(1.5f64.to_bits());
        assert_eq!(f64::from_bits(Elem::Float.load(&f[..4])), 1.5);
        assert_eq!(&Elem::Signed(2).store((-2i64) as u64)[..2], &[0xfe, 0xff]);
    }

    #[test]
    fn ranges_are_checked() {
        assert_eq!(check_range("t", 2, 3, 5).ok(), Some((2, 3)));
        assert!(check_range("t", 3, 3, 5).is_err());
        assert!(check_range("t", (-1i64) as u64, 1, 5).is_err());
        assert!(check_range("t", 0, (-1i64) as u64, 5).is_err());
        assert!(check_range("t", u64::MAX / 2, u64::MAX / 2, 5).is_err());
        assert_eq!(check_range("t", 5, 0, 5).ok(), Some((5, 0)));
        assert!(checked_size("t", (-3i64) as u64).is_err());
        assert!(checked_size("t", u64::MAX / 2).is_err());
    }

    #[test]
    fn every_byte_accessor_is_classified() {
        let n = Prim::ALL
            .iter()
            .filter(|p| {
                let name = p.name();
                name.ends_with("Array#")
                    && (name.starts_with("read")
                        || name.starts_with("write")
                        || name.starts_with("index"))
                    && !matches!(p, Prim::ReadArray | Prim::WriteArray | Prim::IndexArray)
            })
            .filter(|p| byte_accessor(**p).is_none())
            .count();
        assert_eq!(n, 0);
    }
}
