//! The image loader: turns a validated [`bytecode::Image`] into what the
//! interpreter runs on the real heap — runtime info tables (leaked: they
//! outlive every heap), pre-decoded bytecode objects, literal words, static
//! closures (CAFs included) and primops resolved by name.
//!
//! Design: docs/design/interpreter.md. The loader trusts what
//! `Image::validate` guarantees (docs/bytecode.md, "What the validator
//! guarantees") and checks the rest: Integer literal text, wired-in
//! constructors.

use std::fmt;

use bytecode::{Image, InfoKind, Instr, Literal, OperandMut, Rep, StaticWord, UpdateFlag};

use crate::Storage;
use crate::heap::AllocError;
use crate::info::{Entry, InfoTable};
use crate::interp::machine::native::NativeCode;
use crate::interp::prims::Prim;
use crate::word::{ClosurePtr, Word};

pub mod integer;

/// Why an image could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// `Image::load` / `validate` rejected it.
    Image(bytecode::ImageError),
    /// An `Integer` literal whose text is not a decimal number.
    IntegerNotSupported(String),
    /// A constructor the runtime builds itself is missing from the image.
    MissingWired(&'static str),
    /// The storage manager could not allocate the static closures.
    Alloc(AllocError),
    /// This build has no bytecode interpreter (`interp-none`) and the image
    /// is bytecode. The text is [`NO_INTERPRETER`].
    NoInterpreter,
    /// [`load_native`] was given code that does not fit the image.
    NativeMismatch(String),
}

/// What loading bytecode says in a build without the interpreter
/// (`interp-none`); `hsrts run` prints it after `prog: hsrts: cannot load
/// the program: ` and exits with status 1.
pub const NO_INTERPRETER: &str = "this hsrts was built without the bytecode interpreter (interp-none); \
     it runs only programs compiled to native code (hsrts build prog.hs -o prog.rs)";

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Every `ImageError` says itself that the image is at fault.
            LoadError::Image(e) => write!(f, "{e}"),
            LoadError::IntegerNotSupported(s) => {
                write!(f, "Integer literal {s:?} is not a decimal number")
            }
            LoadError::MissingWired(n) => write!(f, "the image does not define `{n}`"),
            LoadError::Alloc(e) => write!(f, "allocating static closures: {e}"),
            LoadError::NoInterpreter => f.write_str(NO_INTERPRETER),
            LoadError::NativeMismatch(m) => write!(f, "compiled code does not fit the image: {m}"),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Image(e) => Some(e),
            _ => None,
        }
    }
}

impl From<bytecode::ImageError> for LoadError {
    fn from(e: bytecode::ImageError) -> Self {
        LoadError::Image(e)
    }
}

impl From<AllocError> for LoadError {
    fn from(e: AllocError) -> Self {
        LoadError::Alloc(e)
    }
}

/// An image info table, as the interpreter needs it.
#[derive(Debug)]
pub enum LoadedInfo {
    Con {
        table: &'static InfoTable,
    },
    Fun {
        table: &'static InfoTable,
        bco: u32,
        arg_reps: Box<[Rep]>,
    },
    Thunk {
        table: &'static InfoTable,
        bco: u32,
        updatable: bool,
    },
    /// A case continuation: resume `bco` at instruction index `resume`;
    /// the suspended frame's live pointers are `layout`.
    Ret {
        bco: u32,
        resume: u32,
        layout: u32,
    },
}

/// A bytecode object, pre-decoded: jump targets are instruction indices.
#[derive(Debug)]
pub struct LoadedBco {
    pub name: String,
    pub frame_size: u32,
    pub code: BcoCode,
}

/// A BCO's decoded instructions, with the invariant the interpreter's
/// dispatch loop relies on to walk them by pointer without bounds checks
/// (Note [Walking the code]): the code is not empty, its last instruction
/// does not fall through, and every jump target is an index inside it;
/// and to read its slots without bounds checks (Note [Unchecked slots]):
/// every slot operand is below [`BcoCode::slot_bound`]. Only
/// [`predecode`] makes one: it checks the first three and computes the
/// bound; reads go through `Deref` to `[Instr]`.
#[derive(Debug)]
pub struct BcoCode {
    code: Box<[Instr]>,
    slot_bound: u32,
}

impl BcoCode {
    /// One more than the largest slot index any instruction names (0 when
    /// none does): a frame with at least this many slots holds every slot
    /// the code reads or writes.
    #[inline]
    pub fn slot_bound(&self) -> usize {
        self.slot_bound as usize
    }
}

impl std::ops::Deref for BcoCode {
    type Target = [Instr];
    fn deref(&self) -> &[Instr] {
        &self.code
    }
}

// Note [Walking the code]
// ~~~~~~~~~~~~~~~~~~~~~~~
// `run_bco` (interp/machine.rs) fetches instructions through a raw pointer
// into the running BCO's `BcoCode`, advanced by one per instruction and set
// to `start + target` by a jump, instead of indexing `code[pc]`. On wasm,
// Cranelift compiled `code[pc]` as a reload of the slice and `pc`, a bounds
// check and a multiply by the instruction size per instruction; the pointer
// is one value, one add. It is sound because of `BcoCode`'s invariant:
// * a frame is entered (or resumed) at an index `run_bco` checks against
//   the length, once per activation;
// * within a frame control moves only by falling through or by a jump; a
//   jump's target is inside the code (checked here, at load), and falling
//   through never passes the end because the last instruction does not
//   fall through (it is a transfer or a jump), so the pointer is at most
//   one past the end and is never read there;
// * the one other in-frame move, `eval` of a value resuming at its return
//   info's index, is checked against the length where it happens.
// The validator already guarantees all of this for images it accepted
// (docs/bytecode.md); the loader re-checks the two code properties because
// the loop's memory safety must not depend on which path built a program,
// at the cost of one comparison per jump target at load.
//
// Natively only: on wasm the loop keeps the checked `code.get(pc)` fetch,
// because the pointer walk (and an unchecked index) made Cranelift's code
// for the loop slower, not faster (docs/performance.md, "Session 8: the
// loop on wasm").

// Note [Unchecked slots]
// ~~~~~~~~~~~~~~~~~~~~~~
// The running frame's slots are read and written by `run_bco` without a
// bounds check per access, on every target (docs/performance.md,
// "Session 10": unlike the unchecked fetch, this made wasm faster too).
// An instruction names a slot by its index in the frame; the validator
// checks every slot operand, those inside `Args` included, against the
// BCO's frame size ("slot N outside a frame of M", validate.rs
// `check_operand`). The loop does not lean on that, nor on `frame_size`
// (a public field): `predecode` computes `BcoCode::slot_bound`, one more
// than the largest slot operand of the code, and `run_bco` checks
// `base + slot_bound <= slots.len()` when it makes a frame the running one
// and again whenever a cold step that may have moved the stack returns
// to the same frame, and derives the frame pointer it reads and writes
// slots through (`slots.as_mut_ptr() + base`) at each check. Between two
// checks the loop's inline code touches the slot stack only through that
// pointer (the steps that push, pop or grow it leave the frame or end in
// a check), so the pointer is still valid and `base + slot` inside the
// stack.

/// A literal as `load.lit` and `jump.ne.lit` use it.
#[derive(Clone, Copy, Debug)]
pub struct LoadedLit {
    pub word: Word,
    /// Compare numerically as a Double (`jump.ne.lit`): NaN ≠ NaN, 0 = -0.
    pub is_double: bool,
    pub is_float: bool,
}

/// The constructors the runtime builds itself (strings, booleans, boxes).
#[derive(Debug, Clone, Copy)]
pub struct Wired {
    pub nil: ClosurePtr,
    pub cons: &'static InfoTable,
    pub char_box: &'static InfoTable,
}

/// A loaded program. Its static closures live in the `Storage` it was
/// loaded into; use it only with that storage.
#[derive(Debug)]
pub struct Program {
    pub infos: Vec<LoadedInfo>,
    pub bcos: Vec<LoadedBco>,
    pub layouts: Vec<bytecode::Layout>,
    pub literals: Vec<LoadedLit>,
    pub statics: Vec<ClosurePtr>,
    /// Resolved primops; `None`: a name this runtime does not implement.
    /// Images carry the whole library, so such a name is an error only
    /// when it runs (`RunError::Unimplemented` names it); see
    /// [`Program::unimplemented_primops`].
    pub prims: Vec<Option<Prim>>,
    pub prim_names: Vec<String>,
    /// Addresses of the static thunks (CAFs), sorted.
    pub cafs: Vec<usize>,
    /// `GHC.Exception.divZeroException` and `overflowException`, if present.
    pub div_zero: Option<ClosurePtr>,
    pub overflow: Option<ClosurePtr>,
    /// `GHC.Exception.nonTermination`, `stackOverflow`, `heapOverflow`.
    pub non_termination: Option<ClosurePtr>,
    pub stack_overflow: Option<ClosurePtr>,
    pub heap_overflow: Option<ClosurePtr>,
    /// `GHC.Base.fst` / `snd` (for `atomicModifyMutVar#`'s lazy results).
    pub tuple_fst: Option<ClosurePtr>,
    pub tuple_snd: Option<ClosurePtr>,
    pub entry: Option<ClosurePtr>,
    pub wired: Wired,
    /// Named statics (for finding `GHC.TopHandler.runMainIO` etc.).
    pub static_names: Vec<String>,
    /// The image's foreign call sites (operands of `ffi.call`), and each
    /// site's C function once its first call has looked it up
    /// (interp/machine/ffi.rs).
    pub foreign_calls: Vec<bytecode::ForeignCallDesc>,
    pub foreign_fns: Vec<std::sync::OnceLock<rts_features::interp::ForeignFn>>,
    /// Compiled code, one function per bytecode object, when the program
    /// was loaded with [`load_native`]; `None`: the interpreter runs `bcos`.
    pub native: Option<&'static [NativeCode]>,
    /// String literal bytes (each NUL-terminated); `load.lit` hands out
    /// their addresses, so they must not move: one buffer, filled within
    /// its capacity and never grown.
    _strings: Vec<u8>,
}

pub use integer::{INTEGER_NEG, INTEGER_POS, INTEGER_SMALL};

// Note [Info tables in one allocation]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// Every program loads the whole library: thousands of info tables, each
// living for the rest of the process (Note [Info tables outlive the heap]
// in info.rs). They are built into one vector that is leaked as a whole,
// one allocation instead of one per table, and the string literals share
// one buffer likewise: start-up is dominated by small allocations
// (docs/performance.md, "Session 8: start-up"). Nothing depends on a
// table being an allocation of its own: the heap stores only its address.

/// Rewrites every jump target of a decoded BCO from a code offset to an
/// instruction index. `index_of` is the BCO's offset → index map, filled
/// in here: one entry per code unit and one past the end, all `u32::MAX`
/// on entry.
///
/// Fails (naming the BCO) unless the result has [`BcoCode`]'s invariant.
fn predecode(
    name: &str,
    decoded: Vec<(usize, Instr)>,
    index_of: &mut [u32],
) -> Result<BcoCode, LoadError> {
    for (i, (off, _)) in decoded.iter().enumerate() {
        index_of[*off] = i as u32;
    }
    let len = decoded.len();
    let mut bad_target = false;
    let mut slot_bound = 0u32;
    let mut out = Vec::with_capacity(len);
    for (_, mut instr) in decoded {
        instr.visit_operands_mut(&mut |op| match op {
            OperandMut::Target(t) => {
                t.0 = index_of.get(t.0 as usize).copied().unwrap_or(u32::MAX);
                bad_target |= t.0 as usize >= len;
            }
            OperandMut::Slot(s) => slot_bound = slot_bound.max(u32::from(s.0) + 1),
        });
        out.push(instr);
    }
    let problem = match out.last() {
        None => Some("empty code"),
        Some(last) if last.opcode().falls_through() => Some("code falls off its end"),
        Some(_) if bad_target => Some("a jump target is not an instruction"),
        Some(_) => None,
    };
    if let Some(message) = problem {
        return Err(LoadError::Image(bytecode::ImageError::Invalid {
            context: format!("BCO {name}"),
            message: message.to_string(),
        }));
    }
    Ok(BcoCode {
        code: out.into_boxed_slice(),
        slot_bound,
    })
}

/// Loads a serialised image (validating it) into `storage`. The code the
/// validator decoded is the code loaded: it is decoded once.
pub fn load_bytes(storage: &mut Storage, bytes: &[u8]) -> Result<Program, LoadError> {
    let (image, decoded) = Image::load_decoded(bytes)?;
    if !rts_features::interp::INTERPRETER {
        return Err(LoadError::NoInterpreter);
    }
    load_image(storage, image, decoded)
}

/// Loads an image that `Image::validate` has accepted into `storage`, to
/// run on the bytecode interpreter. Without one (`interp-none`) this is
/// [`LoadError::NoInterpreter`].
pub fn load(storage: &mut Storage, image: &Image) -> Result<Program, LoadError> {
    if !rts_features::interp::INTERPRETER {
        return Err(LoadError::NoInterpreter);
    }
    let decoded = image
        .bcos
        .iter()
        .enumerate()
        .map(|(bco, b)| {
            bytecode::decode_all(&b.code)
                .map_err(|error| LoadError::Image(bytecode::ImageError::Code { bco, error }))
        })
        .collect::<Result<_, _>>()?;
    load_image(storage, image.clone(), decoded)
}

/// Loads a program compiled to native code (`hsrts build prog.hs -o prog.rs`):
/// the serialised image holds its data (info tables, statics, literals,
/// layouts) and `code` one function per bytecode object. The image's code
/// streams must be the writer's stubs (Note [Native images] in
/// docs/design/native-code.md): only `panic` and `prim` instructions, the
/// latter kept because a blocked primop's results are found from it. Works
/// with and without the interpreter.
pub fn load_native(
    storage: &mut Storage,
    bytes: &[u8],
    code: &'static [NativeCode],
) -> Result<Program, LoadError> {
    let (image, decoded) = Image::load_decoded(bytes)?;
    if code.len() != image.bcos.len() {
        return Err(LoadError::NativeMismatch(format!(
            "{} functions for {} bytecode objects",
            code.len(),
            image.bcos.len()
        )));
    }
    let mut program = load_image(storage, image, decoded)?;
    if let Some(b) = program.bcos.iter().find(|b| {
        b.code
            .iter()
            .any(|i| !matches!(i, Instr::Panic { .. } | Instr::Prim { .. }))
    }) {
        return Err(LoadError::NativeMismatch(format!(
            "bytecode object {} still holds bytecode",
            b.name
        )));
    }
    program.native = Some(code);
    Ok(program)
}

/// `decoded` is every BCO's code, decoded (by the validator or by [`load`]).
/// The image is consumed: its names move into the program rather than
/// being copied (every program pays for loading at start-up).
fn load_image(
    storage: &mut Storage,
    mut image: Image,
    decoded: bytecode::DecodedCode,
) -> Result<Program, LoadError> {
    let prims = image
        .primops
        .iter()
        .map(|n| Prim::from_name(n))
        .collect::<Vec<_>>();

    // A return frame resumes at an instruction index: translate each Ret
    // info's code offset while its BCO's offset → index map is at hand. One
    // map buffer serves every BCO in turn (the maps of all BCOs together
    // are half a megabyte of fresh pages for the standard library).
    let mut rets: Vec<(u32, u32, usize)> = image
        .infos
        .iter()
        .enumerate()
        .filter_map(|(i, info)| match info.kind {
            InfoKind::Ret { bco, offset, .. } => Some((bco, offset, i)),
            _ => None,
        })
        .collect();
    rets.sort_unstable();
    let mut rets = rets.into_iter().peekable();
    let mut resume_of = vec![0u32; image.infos.len()];
    let mut index_of: Vec<u32> = Vec::new();
    let mut bcos = Vec::with_capacity(image.bcos.len());
    for (i, (b, instrs)) in std::mem::take(&mut image.bcos)
        .into_iter()
        .zip(decoded)
        .enumerate()
    {
        index_of.clear();
        index_of.resize(b.code.len() + 1, u32::MAX);
        let code = predecode(&b.name, instrs, &mut index_of)?;
        while let Some((_, offset, info)) = rets.next_if(|&(bco, _, _)| bco as usize == i) {
            resume_of[info] = index_of[offset as usize];
        }
        bcos.push(LoadedBco {
            name: b.name,
            frame_size: b.frame_size,
            code,
        });
    }

    // Every table in one leaked allocation (Note [Info tables in one
    // allocation]); a return frame's info has no runtime table.
    let mut tables = Vec::with_capacity(image.infos.len());
    for (i, info) in image.infos.iter_mut().enumerate() {
        if matches!(info.kind, InfoKind::Ret { .. }) {
            continue;
        }
        let name: &'static str = Box::leak(std::mem::take(&mut info.name).into_boxed_str());
        tables.push(match &info.kind {
            InfoKind::Con { con } => {
                let c = &image.cons[*con as usize];
                InfoTable::constructor(name, c.tag, c.ptrs(), c.nptrs())
            }
            InfoKind::Fun {
                arg_reps,
                ptrs,
                nptrs,
                ..
            } => InfoTable::function(
                name,
                arg_reps.len() as u32,
                *ptrs,
                *nptrs,
                Entry::Bytecode(i as u32),
            ),
            InfoKind::Thunk { ptrs, nptrs, .. } => {
                InfoTable::thunk(name, *ptrs, *nptrs, Entry::Bytecode(i as u32))
            }
            InfoKind::Ret { .. } => continue,
        });
    }
    let tables: &'static [InfoTable] = tables.leak();
    // The tables in order, one for each info but a return frame's: the
    // loop above pushed exactly one for each of those.
    let mut next_table = tables.iter();
    let mut infos = Vec::with_capacity(image.infos.len());
    for (i, info) in image.infos.iter_mut().enumerate() {
        let mut table = || {
            next_table
                .next()
                .expect("one table for each info that is not a return frame")
        };
        let loaded = match &mut info.kind {
            InfoKind::Con { .. } => LoadedInfo::Con { table: table() },
            InfoKind::Fun { bco, arg_reps, .. } => LoadedInfo::Fun {
                table: table(),
                bco: *bco,
                arg_reps: std::mem::take(arg_reps).into_boxed_slice(),
            },
            InfoKind::Thunk { bco, update, .. } => LoadedInfo::Thunk {
                table: table(),
                bco: *bco,
                updatable: *update == UpdateFlag::Updatable,
            },
            InfoKind::Ret { bco, layout, .. } => LoadedInfo::Ret {
                bco: *bco,
                resume: resume_of[i],
                layout: layout.0,
            },
        };
        infos.push(loaded);
    }

    // String literals, NUL-terminated, in one buffer allocated at its final
    // size so it never moves (`load.lit` hands out addresses into it).
    let string_bytes = image
        .literals
        .iter()
        .map(|lit| match lit {
            Literal::String(bytes) => bytes.len() + 1,
            _ => 0,
        })
        .sum();
    let mut strings: Vec<u8> = Vec::with_capacity(string_bytes);
    let mut literals = Vec::with_capacity(image.literals.len());
    for lit in &image.literals {
        let (word, is_double, is_float) = match lit {
            Literal::Int(v) => (*v as Word, false, false),
            Literal::Word(v) => (*v, false, false),
            Literal::Double(v) => (v.to_bits(), true, false),
            Literal::Float(v) => (v.to_bits() as Word, false, true),
            Literal::String(bytes) => {
                // Within the capacity reserved above: no reallocation.
                let addr = strings.as_ptr().wrapping_add(strings.len()) as usize as Word;
                strings.extend_from_slice(bytes);
                strings.push(0);
                (addr, false, false)
            }
            Literal::Integer(text) => {
                let v: num_bigint::BigInt = text
                    .parse()
                    .map_err(|_| LoadError::IntegerNotSupported(text.clone()))?;
                let p = integer::static_integer(storage, &v)?;
                (p.to_word(), false, false)
            }
        };
        literals.push(LoadedLit {
            word,
            is_double,
            is_float,
        });
    }

    // Statics: allocate all, then fill (payloads may point forwards).
    let table_of = |info: u32| match &infos[info as usize] {
        LoadedInfo::Con { table }
        | LoadedInfo::Fun { table, .. }
        | LoadedInfo::Thunk { table, .. } => Some(*table),
        LoadedInfo::Ret { .. } => None,
    };
    let mut statics = Vec::with_capacity(image.statics.len());
    for s in &image.statics {
        let table = table_of(s.info.0).ok_or(LoadError::MissingWired("static return frame"))?;
        let payload = (table.ptrs + table.nptrs) as usize;
        let min = if matches!(infos[s.info.0 as usize], LoadedInfo::Thunk { .. }) {
            1
        } else {
            0
        };
        let words = 1 + payload.max(min);
        let p = storage.alloc_static(words)?;
        // SAFETY: a fresh static closure of `words` words; zero the payload
        // so it is well formed until filled below.
        unsafe {
            p.set_info(table);
            for w in 0..words - 1 {
                p.set_payload(w, 0);
            }
        }
        statics.push(p);
    }
    for (s, &p) in image.statics.iter().zip(&statics) {
        for (i, w) in s.payload.iter().enumerate() {
            let v = match w {
                StaticWord::Static(t) => statics[t.0 as usize].to_word(),
                StaticWord::Lit(l) => literals[l.0 as usize].word,
            };
            // SAFETY: `i` is inside the payload (validator: payload length
            // equals the info's layout).
            unsafe { p.set_payload(i, v) };
        }
    }

    let con_table = |name: &'static str| match image.symbol(name) {
        Some(bytecode::NamedRef::Info(i)) => match &infos[i.0 as usize] {
            LoadedInfo::Con { table } => Ok(*table),
            _ => Err(LoadError::MissingWired(name)),
        },
        _ => Err(LoadError::MissingWired(name)),
    };
    let cons = con_table("GHC.Types.:")?;
    let char_box = con_table("GHC.Types.C#")?;
    let nil_table = con_table("GHC.Types.[]")?;
    // SAFETY: every static was initialised above.
    let nil = match statics
        .iter()
        .find(|p| std::ptr::eq(unsafe { p.info() }, nil_table))
    {
        Some(p) => *p,
        None => storage.new_static_closure(nil_table, &[], &[])?,
    };

    let cafs = {
        let mut v: Vec<usize> = image
            .statics
            .iter()
            .zip(&statics)
            .filter(|(s, _)| matches!(infos[s.info.0 as usize], LoadedInfo::Thunk { .. }))
            .map(|(_, p)| p.addr())
            .collect();
        v.sort_unstable();
        v
    };
    let div_zero = find_static(&image, &statics, "GHC.Exception.divZeroException");
    let overflow = find_static(&image, &statics, "GHC.Exception.overflowException");
    let non_termination = find_static(&image, &statics, "GHC.Exception.nonTermination");
    let stack_overflow = find_static(&image, &statics, "GHC.Exception.stackOverflow");
    let heap_overflow = find_static(&image, &statics, "GHC.Exception.heapOverflow");
    let tuple_fst = find_static(&image, &statics, "GHC.Base.fst");
    let tuple_snd = find_static(&image, &statics, "GHC.Base.snd");
    Ok(Program {
        infos,
        bcos,
        layouts: image.layouts,
        literals,
        entry: image.entry.map(|e| statics[e.0 as usize]),
        static_names: image.statics.into_iter().map(|s| s.name).collect(),
        statics,
        prims,
        prim_names: image.primops,
        cafs,
        div_zero,
        overflow,
        non_termination,
        stack_overflow,
        heap_overflow,
        tuple_fst,
        tuple_snd,
        wired: Wired {
            nil,
            cons,
            char_box,
        },
        foreign_fns: image
            .foreign_calls
            .iter()
            .map(|_| std::sync::OnceLock::new())
            .collect(),
        foreign_calls: image.foreign_calls,
        native: None,
        _strings: strings,
    })
}

fn find_static(image: &Image, statics: &[ClosurePtr], name: &str) -> Option<ClosurePtr> {
    image.static_by_name(name).map(|s| statics[s.0 as usize])
}

impl Program {
    /// The image's primop names this runtime does not implement.
    pub fn unimplemented_primops(&self) -> impl Iterator<Item = &str> {
        self.prims
            .iter()
            .zip(&self.prim_names)
            .filter(|(p, _)| p.is_none())
            .map(|(_, n)| n.as_str())
    }

    /// The static closure named `name` (a top-level binding).
    pub fn static_named(&self, name: &str) -> Option<ClosurePtr> {
        self.static_names
            .iter()
            .position(|n| n == name)
            .map(|i| self.statics[i])
    }
}
