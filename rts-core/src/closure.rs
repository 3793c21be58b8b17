//! Layout knowledge: the size of every closure and where its pointers are.
//!
//! This is the only module that knows, per [`ClosureType`], how big a
//! closure is and which of its words are pointers; the collector, the sanity
//! checker and the tests all ask here. Layouts (payload word indices):
//!
//! | type | payload |
//! |---|---|
//! | Constr, Fun, Bco, Tso | `ptrs` pointers, then `nptrs` words (from the info table) |
//! | Thunk | as Constr, but at least one word (room for an indirection) |
//! | ThunkSelector | 0: selectee |
//! | Pap, Ap | 0: [`PapArgs`], 1: function, 2..: arguments |
//! | ApStack | 0: frame words `n`, 1: function, 2..2+n: frames |
//! | Ind, IndStatic, Blackhole, MutVar | 0: pointer |
//! | MVar | 0: queue head, 1: queue tail, 2: value |
//! | ArrWords | 0: bytes, then `ceil(bytes / 8)` words |
//! | boxed arrays | 0: elements `n`, then `n` pointers |
//! | Weak, DeadWeak | 0: key, 1: value, 2: finalizer, 3: C fn, 4: C arg |
//! | StableName | 0: index |
//! | Stack | 0: size `n`, 1: sp, 2: dirty, 3..3+n: stack words |
//! | FillerOne | none (one word in all) |
//! | Filler | 0: total words |

use crate::info::{Bitmap, ClosureType, InfoTable};
use crate::word::{ClosurePtr, WORD_BYTES, Word};

/// Payload words before the stack area of a STACK closure.
pub const STACK_HEADER_WORDS: usize = 3;

/// The first payload word of a PAP or AP: how many arguments it holds, the
/// arity still missing (PAP only), and which of the first 32 arguments are
/// *not* pointers (arguments past 32 are always pointers).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct PapArgs {
    pub n_args: u16,
    pub arity: u16,
    pub non_pointer_mask: u32,
}

impl PapArgs {
    /// Encode as a heap word.
    pub fn to_word(self) -> Word {
        self.n_args as Word | (self.arity as Word) << 16 | (self.non_pointer_mask as Word) << 32
    }

    /// Decode a heap word.
    pub fn from_word(w: Word) -> Self {
        PapArgs {
            n_args: w as u16,
            arity: (w >> 16) as u16,
            non_pointer_mask: (w >> 32) as u32,
        }
    }

    /// Whether argument `i` is a pointer.
    pub fn is_pointer(self, i: usize) -> bool {
        i >= 32 || (self.non_pointer_mask >> i) & 1 == 0
    }
}

/// Words needed by a byte array of `bytes` bytes (header and length included).
pub fn arr_words_size(bytes: usize) -> usize {
    2 + bytes.div_ceil(WORD_BYTES)
}

/// The size in words (header included) of the closure at `p` with `info`.
///
/// # Safety
/// `p` must address a closure whose size words are valid, described by
/// `info` (the header may already be a forwarding pointer).
#[inline]
pub unsafe fn closure_size(p: ClosurePtr, info: &InfoTable) -> usize {
    use ClosureType::*;
    // SAFETY: the size words read below are inside the closure.
    unsafe {
        match info.closure_type {
            Constr | Fun | Bco | Tso | Weak | DeadWeak | MutVarClean | MutVarDirty | MVarClean
            | MVarDirty | StableName | Ind | IndStatic | Blackhole => {
                1 + (info.ptrs + info.nptrs) as usize
            }
            Thunk => 1 + ((info.ptrs + info.nptrs) as usize).max(1),
            ThunkSelector => 2,
            Pap | Ap => 3 + PapArgs::from_word(p.payload(0)).n_args as usize,
            ApStack => 3 + p.payload(0) as usize,
            ArrWords => arr_words_size(p.payload(0) as usize),
            t if t.is_ptr_array() => 2 + p.payload(0) as usize,
            Stack => 1 + STACK_HEADER_WORDS + p.payload(0) as usize,
            FillerOne => 1,
            Filler => p.payload(0) as usize,
            // Frames live only inside stacks; see `frame_size`.
            _ => 1,
        }
    }
}

/// The size in words (info word included) of the stack frame at `frame`.
///
/// # Safety
/// `frame` must point at a valid frame (its first word an info pointer).
pub unsafe fn frame_size(frame: *const Word) -> usize {
    // SAFETY: the caller guarantees a valid frame.
    unsafe {
        let info = &*(*frame as usize as *const InfoTable);
        match info.closure_type {
            ClosureType::RetDyn => 3 + *frame.add(1) as usize,
            _ => 1 + info.frame.size(),
        }
    }
}

/// Call `f` on every pointer slot of the stack frames in `[start, end)`.
///
/// # Safety
/// The range must hold a whole number of valid frames.
pub unsafe fn for_each_frame_pointer(
    start: *mut Word,
    end: *mut Word,
    f: &mut impl FnMut(*mut Word),
) {
    let mut frame = start;
    while frame < end {
        // SAFETY: `frame` points at a valid frame inside the range.
        unsafe {
            let info = &*(*frame as usize as *const InfoTable);
            match info.closure_type {
                ClosureType::RetDyn => {
                    let n = *frame.add(1) as usize;
                    let bits = Bitmap::Small {
                        size: n as u32,
                        bits: *frame.add(2),
                    };
                    for i in 0..n {
                        if bits.is_pointer(i) {
                            f(frame.add(3 + i));
                        }
                    }
                }
                _ => {
                    let bitmap = info.frame;
                    for i in 0..bitmap.size() {
                        if bitmap.is_pointer(i) {
                            f(frame.add(1 + i));
                        }
                    }
                }
            }
            frame = frame.add(frame_size(frame));
        }
    }
}

/// Call `f` on the address of every pointer word of the closure at `p`
/// (strongly: the weak pointer's key included; the collector treats weak
/// pointers itself). Null fields are passed too.
///
/// # Safety
/// `p` must address a valid closure described by `info`.
#[inline]
pub unsafe fn for_each_pointer(p: ClosurePtr, info: &InfoTable, f: &mut impl FnMut(*mut Word)) {
    use ClosureType::*;
    let base = p.untagged().addr() as *mut Word;
    // SAFETY: every slot visited lies inside the closure, as its layout
    // (the table above) says.
    unsafe {
        let payload = base.add(1);
        match info.closure_type {
            Constr | Fun | Bco | Tso | Thunk | MutVarClean | MutVarDirty | MVarClean
            | MVarDirty | Ind | IndStatic | Blackhole | Weak | DeadWeak => {
                for i in 0..info.ptrs as usize {
                    f(payload.add(i));
                }
            }
            ThunkSelector => f(payload),
            Pap | Ap => {
                let args = PapArgs::from_word(*payload);
                f(payload.add(1));
                for i in 0..args.n_args as usize {
                    if args.is_pointer(i) {
                        f(payload.add(2 + i));
                    }
                }
            }
            ApStack => {
                let n = *payload as usize;
                f(payload.add(1));
                for_each_frame_pointer(payload.add(2), payload.add(2 + n), f);
            }
            t if t.is_ptr_array() => {
                let n = *payload as usize;
                for i in 0..n {
                    f(payload.add(1 + i));
                }
            }
            Stack => {
                let size = *payload as usize;
                let sp = *payload.add(1) as usize;
                let area = payload.add(STACK_HEADER_WORDS);
                for_each_frame_pointer(area.add(sp), area.add(size), f);
            }
            _ => {}
        }
    }
}
