//! The in-memory form of a bytecode image: every table the loader turns into
//! static closures, info tables and bytecode objects.
//!
//! These types are plain data. [`crate::wire`] serialises them,
//! [`crate::validate`] checks every cross-reference, [`crate::disasm`]
//! prints them. The heap words that the tables describe are 64 bits on
//! every target (see docs/bytecode.md).

use crate::operand::{InfoIdx, LayoutIdx, StaticIdx};

/// Version of the binary format; bump on any change of layout or opcodes.
pub const FORMAT_VERSION: u32 = 4;
/// The first eight bytes of every image.
pub const MAGIC: [u8; 8] = *b"HSRTSBC\0";

/// How a value is represented at run time (mirrors the front end's `Rep`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rep {
    /// A heap pointer, traced by the GC.
    Ptr,
    Int,
    Word,
    Double,
    Float,
    Addr,
    /// No runtime representation: takes no slot and no payload word.
    Void,
}

impl Rep {
    pub const ALL: [Rep; 7] = [
        Rep::Ptr,
        Rep::Int,
        Rep::Word,
        Rep::Double,
        Rep::Float,
        Rep::Addr,
        Rep::Void,
    ];

    /// The byte (or code unit) that encodes this rep.
    pub fn code(self) -> u8 {
        match self {
            Rep::Ptr => 0,
            Rep::Int => 1,
            Rep::Word => 2,
            Rep::Double => 3,
            Rep::Float => 4,
            Rep::Addr => 5,
            Rep::Void => 6,
        }
    }

    pub fn from_code(code: u8) -> Option<Rep> {
        Rep::ALL.get(code as usize).copied()
    }

    /// Whether a value of this rep occupies a 64-bit word.
    pub fn has_word(self) -> bool {
        self != Rep::Void
    }
}

impl std::fmt::Display for Rep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Rep::Ptr => "ptr",
            Rep::Int => "int",
            Rep::Word => "word",
            Rep::Double => "double",
            Rep::Float => "float",
            Rep::Addr => "addr",
            Rep::Void => "void",
        })
    }
}

/// A literal in the pool.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Int(i64),
    Word(u64),
    Double(f64),
    Float(f32),
    /// Static bytes; `load.lit` yields their address (the loader adds a NUL).
    String(Vec<u8>),
    /// An `Integer` constant in decimal (optional leading `-`); the loader
    /// builds one Integer object per literal, and `load.lit` yields it.
    Integer(String),
}

impl Literal {
    /// The rep a slot holding this literal has.
    pub fn rep(&self) -> Rep {
        match self {
            Literal::Int(_) => Rep::Int,
            Literal::Word(_) => Rep::Word,
            Literal::Double(_) => Rep::Double,
            Literal::Float(_) => Rep::Float,
            Literal::String(_) => Rep::Addr,
            Literal::Integer(_) => Rep::Ptr,
        }
    }
}

/// A data constructor.
#[derive(Clone, Debug, PartialEq)]
pub struct ConDesc {
    pub name: String,
    pub type_name: String,
    /// 0-based position in the data type.
    pub tag: u32,
    /// Number of constructors of the data type.
    pub family_size: u32,
    /// Field reps in declaration order.
    pub fields: Vec<Rep>,
}

impl ConDesc {
    /// Number of pointer payload words.
    pub fn ptrs(&self) -> u32 {
        self.fields.iter().filter(|r| **r == Rep::Ptr).count() as u32
    }

    /// Number of non-pointer payload words (`Void` fields take none).
    pub fn nptrs(&self) -> u32 {
        self.fields
            .iter()
            .filter(|r| r.has_word() && **r != Rep::Ptr)
            .count() as u32
    }

    /// The payload word holding field `field`: pointer fields come first, in
    /// declaration order, then the non-pointer ones. `None` for a `Void`
    /// field or an index out of range.
    pub fn payload_index(&self, field: usize) -> Option<u16> {
        let rep = *self.fields.get(field)?;
        if rep == Rep::Void {
            return None;
        }
        let before = &self.fields[..field];
        let index = if rep == Rep::Ptr {
            before.iter().filter(|r| **r == Rep::Ptr).count()
        } else {
            self.ptrs() as usize
                + before
                    .iter()
                    .filter(|r| r.has_word() && **r != Rep::Ptr)
                    .count()
        };
        Some(index as u16)
    }
}

/// A stack-frame layout: the frame's size in words and which words hold
/// live pointers at one GC point. Bit `i` of `bitmap` (word `i / 64`, bit
/// `i % 64`) describes slot `i`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Layout {
    pub size: u32,
    pub bitmap: Vec<u64>,
}

impl Layout {
    pub fn new(size: u32, pointer_slots: impl IntoIterator<Item = u32>) -> Layout {
        let mut bitmap = vec![0u64; size.div_ceil(64) as usize];
        for s in pointer_slots {
            bitmap[(s / 64) as usize] |= 1 << (s % 64);
        }
        Layout { size, bitmap }
    }

    pub fn is_pointer(&self, slot: u32) -> bool {
        slot < self.size && self.bitmap[(slot / 64) as usize] & (1 << (slot % 64)) != 0
    }

    /// The pointer slots, ascending.
    pub fn pointer_slots(&self) -> Vec<u32> {
        (0..self.size).filter(|s| self.is_pointer(*s)).collect()
    }
}

/// Whether entering a thunk pushes an update frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateFlag {
    /// Entered possibly many times: blackholed and updated with its value.
    Updatable,
    /// Not updated (no update frame): entered at most once, or cheap to
    /// re-evaluate without duplicating work (its value is a partial
    /// application).
    NoUpdate,
}

/// What kind of object or frame an info table describes.
#[derive(Clone, Debug, PartialEq)]
pub enum InfoKind {
    /// A constructor; payload layout from the [`ConDesc`].
    Con { con: u32 },
    /// A function closure: code in `bco` at offset 0; `arg_reps` gives the
    /// arity (`Void` arguments count) and the argument layout on the stack;
    /// payload = free variables, `ptrs` pointer words then `nptrs` others.
    Fun {
        bco: u32,
        arg_reps: Vec<Rep>,
        ptrs: u32,
        nptrs: u32,
    },
    /// A thunk: code in `bco` at offset 0, payload as for `Fun`.
    Thunk {
        bco: u32,
        update: UpdateFlag,
        ptrs: u32,
        nptrs: u32,
    },
    /// A case-continuation frame: resumes `bco` at `offset`, frame layout
    /// (size and live pointers) given by `layout`.
    Ret {
        bco: u32,
        offset: u32,
        layout: LayoutIdx,
    },
}

/// An info table. `name` is for error messages and the disassembler.
#[derive(Clone, Debug, PartialEq)]
pub struct InfoTable {
    pub name: String,
    pub kind: InfoKind,
}

/// A bytecode object: the code of one closure body (and its continuations).
#[derive(Clone, Debug, PartialEq)]
pub struct Bco {
    pub name: String,
    /// Words of stack frame the code uses (arguments included).
    pub frame_size: u32,
    /// The code stream; see Note [Code stream encoding] in `ops.rs`.
    pub code: Vec<u16>,
}

/// One word of a static closure's payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaticWord {
    /// A pointer to another static closure.
    Static(StaticIdx),
    /// A literal (a pointer if it is an Integer literal).
    Lit(crate::operand::LitIdx),
}

/// A closure that exists before the program starts (a top-level binding, a
/// nullary constructor). A static thunk is a CAF.
#[derive(Clone, Debug, PartialEq)]
pub struct StaticClosure {
    pub name: String,
    pub info: InfoIdx,
    pub payload: Vec<StaticWord>,
}

/// Calling convention of a foreign call or export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallConv {
    CCall,
    JavaScript,
}

/// A foreign call site.
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignCallDesc {
    pub conv: CallConv,
    pub safe: bool,
    /// C symbol, JavaScript source, `"dynamic"` or `"wrapper"`.
    pub entity: String,
    /// Argument reps, without the IO token.
    pub arg_reps: Vec<Rep>,
    pub result_rep: Option<Rep>,
    pub io: bool,
    /// The C type of each marshalled argument, aligned with `arg_reps`
    /// (`Int8` is an `Int` rep but an 8-bit C argument), so the runtime can
    /// build the exact machine signature. A `"wrapper"` import's one argument
    /// (the Haskell function) is not marshalled and has no entry.
    pub arg_types: Vec<FfiType>,
    /// The C result type; `None` for `()`.
    pub result_type: Option<FfiType>,
    /// For a `"wrapper"` import (and only for one): the C signature of the
    /// function pointer it makes, i.e. the marshalled type of the wrapped
    /// Haskell function (format version 4).
    pub callback: Option<CallbackSig>,
}

/// The marshalled type of a Haskell function that a `"wrapper"` import
/// turns into a C function pointer: what the C caller passes and gets back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbackSig {
    pub args: Vec<FfiType>,
    /// `None` for `()`.
    pub result: Option<FfiType>,
    /// Whether the Haskell function's result is in IO.
    pub io: bool,
}

/// A marshalable foreign type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FfiType {
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Word,
    Word8,
    Word16,
    Word32,
    Word64,
    Char,
    Bool,
    Double,
    Float,
    Ptr,
    FunPtr,
    StablePtr,
    JSVal,
}

impl FfiType {
    pub const ALL: [FfiType; 18] = [
        FfiType::Int,
        FfiType::Int8,
        FfiType::Int16,
        FfiType::Int32,
        FfiType::Int64,
        FfiType::Word,
        FfiType::Word8,
        FfiType::Word16,
        FfiType::Word32,
        FfiType::Word64,
        FfiType::Char,
        FfiType::Bool,
        FfiType::Double,
        FfiType::Float,
        FfiType::Ptr,
        FfiType::FunPtr,
        FfiType::StablePtr,
        FfiType::JSVal,
    ];

    pub fn code(self) -> u8 {
        FfiType::ALL.iter().position(|t| *t == self).unwrap_or(0) as u8
    }

    pub fn from_code(code: u8) -> Option<FfiType> {
        FfiType::ALL.get(code as usize).copied()
    }

    /// The rep a foreign call passes or returns a value of this type in
    /// (the front end's marshalling: sized integers, `Char` and `Bool` travel
    /// as `Int`/`Word` words, pointers as `Addr`, `StablePtr` and `JSVal` as
    /// heap objects).
    pub fn call_rep(self) -> Rep {
        match self {
            FfiType::Int
            | FfiType::Int8
            | FfiType::Int16
            | FfiType::Int32
            | FfiType::Int64
            | FfiType::Char
            | FfiType::Bool => Rep::Int,
            FfiType::Word
            | FfiType::Word8
            | FfiType::Word16
            | FfiType::Word32
            | FfiType::Word64 => Rep::Word,
            FfiType::Double => Rep::Double,
            FfiType::Float => Rep::Float,
            FfiType::Ptr | FfiType::FunPtr => Rep::Addr,
            FfiType::StablePtr | FfiType::JSVal => Rep::Ptr,
        }
    }

    /// How the runtime boxes a value of this type that it hands to Haskell
    /// code (an argument of a C callback or of a JavaScript export): the
    /// constructor and its one payload word, given the value as a word (a
    /// `Float` as its binary32 bits, which becomes a `D#` of the equal
    /// Double, as the front end represents Float; others as they are).
    /// `None` for the types boxed another way: `Bool` (a nullary
    /// constructor), `StablePtr` (the runtime's own box) and `JSVal`.
    pub fn boxed(self, word: u64) -> Option<(&'static str, u64)> {
        match self {
            FfiType::Int | FfiType::Int8 | FfiType::Int16 | FfiType::Int32 | FfiType::Int64 => {
                Some(("GHC.Types.I#", word))
            }
            FfiType::Word
            | FfiType::Word8
            | FfiType::Word16
            | FfiType::Word32
            | FfiType::Word64
            | FfiType::Ptr
            | FfiType::FunPtr => Some(("GHC.Types.W#", word)),
            FfiType::Char => Some(("GHC.Types.C#", word)),
            FfiType::Double => Some(("GHC.Types.D#", word)),
            FfiType::Float => Some((
                "GHC.Types.D#",
                f64::from(f32::from_bits(word as u32)).to_bits(),
            )),
            FfiType::Bool | FfiType::StablePtr | FfiType::JSVal => None,
        }
    }
}

/// The Haskell type's name, as a program writes it (`Int8`, `Ptr`,
/// `JSVal`), for messages: the variants are named after the types.
impl std::fmt::Display for FfiType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self, f)
    }
}

/// A `foreign export`: `name` calls the static closure `target`.
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignExport {
    pub conv: CallConv,
    pub name: String,
    pub target: StaticIdx,
    pub arg_types: Vec<FfiType>,
    pub result_type: Option<FfiType>,
    pub io: bool,
}

/// What a name in the symbol table refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamedRef {
    Static(StaticIdx),
    Info(InfoIdx),
}

/// A name the runtime may look up (wired-in closures and constructors).
#[derive(Clone, Debug, PartialEq)]
pub struct Symbol {
    pub name: String,
    pub target: NamedRef,
}

/// A whole program image.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Image {
    pub literals: Vec<Literal>,
    /// Primitive operations used, by name; `prim#i` operands index this.
    pub primops: Vec<String>,
    pub cons: Vec<ConDesc>,
    pub layouts: Vec<Layout>,
    pub bcos: Vec<Bco>,
    pub infos: Vec<InfoTable>,
    pub statics: Vec<StaticClosure>,
    pub foreign_calls: Vec<ForeignCallDesc>,
    pub foreign_exports: Vec<ForeignExport>,
    pub symbols: Vec<Symbol>,
    /// `Main.main` (an IO action: a function of one `Void` argument).
    pub entry: Option<StaticIdx>,
}

impl Image {
    /// The (pointer, non-pointer) payload word counts of objects with this
    /// info table; `None` for a return frame or a bad index.
    pub fn payload_words(&self, info: InfoIdx) -> Option<(u32, u32)> {
        match &self.infos.get(info.0 as usize)?.kind {
            InfoKind::Con { con } => self.cons.get(*con as usize).map(|c| (c.ptrs(), c.nptrs())),
            InfoKind::Fun { ptrs, nptrs, .. } | InfoKind::Thunk { ptrs, nptrs, .. } => {
                Some((*ptrs, *nptrs))
            }
            InfoKind::Ret { .. } => None,
        }
    }

    /// Whether static closure `s` is a CAF (its info table is a thunk's).
    pub fn is_caf(&self, s: StaticIdx) -> bool {
        self.statics
            .get(s.0 as usize)
            .and_then(|c| self.infos.get(c.info.0 as usize))
            .is_some_and(|i| matches!(i.kind, InfoKind::Thunk { .. }))
    }

    /// Finds a symbol by name.
    pub fn symbol(&self, name: &str) -> Option<NamedRef> {
        self.symbols
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.target)
    }

    /// Finds a static closure by name.
    pub fn static_by_name(&self, name: &str) -> Option<StaticIdx> {
        self.statics
            .iter()
            .position(|s| s.name == name)
            .map(|i| StaticIdx(i as u32))
    }
}
