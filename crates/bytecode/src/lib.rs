//! The bytecode image format shared by `stg` (the writer) and `rts-core`
//! (the loader and interpreter).
//!
//! An [`Image`] holds everything a program needs at run time: literal
//! pools, constructor descriptions, stack-frame layouts, bytecode objects,
//! info tables, static closures (CAFs included), foreign-call descriptors,
//! foreign exports, a symbol table for wired-in names and the entry point.
//! The instruction set is defined once in [`ops`] (`for_each_op!`). The
//! binary form ([`wire`]) is versioned; [`Image::load`] reads and validates
//! so the runtime may trust what it gets. This crate has no dependencies
//! and builds for wasm32-wasip1. Format and semantics: docs/bytecode.md.
//! The primop list (`for_each_prim!`, [`prims`]) lives here too: the front
//! end builds its table from it and the validator checks primop calls
//! against it.

pub mod arith;
pub mod disasm;
pub mod error;
pub mod image;
pub mod operand;
pub mod ops;
pub mod prims;
pub mod validate;
pub mod wire;

pub use arith::{BinOp, OpClass};
pub use error::{DecodeError, ImageError};
pub use image::{
    Bco, CallConv, CallbackSig, ConDesc, FORMAT_VERSION, FfiType, ForeignCallDesc, ForeignExport,
    Image, InfoKind, InfoTable, Layout, Literal, MAGIC, NamedRef, Rep, StaticClosure, StaticWord,
    Symbol, UpdateFlag,
};
pub use operand::{
    Arg, Args, CodeOff, ForeignIdx, Imm, InfoIdx, LayoutIdx, LitIdx, OperandMut, OperandRef,
    PrimIdx, Slot, Slots, StaticIdx, Targets, Words,
};
pub use ops::{Instr, Opcode, decode_all, encode_all};
pub use prims::{PRIM_NAMES, PrimSig, prim_signature};
pub use validate::DecodedCode;
