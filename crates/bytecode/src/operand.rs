//! Operand types of the instruction set and how each is laid out in the
//! `u16` code stream.
//!
//! Every operand kind is a small newtype (or a list of them) implementing
//! [`Operand`]: encode into code units, decode with bounds checks, show in
//! the disassembler, and expose itself to visitors so the validator can
//! check ranges and the code generator can renumber slots and patch jump
//! targets without knowing each instruction. See Note [Code stream encoding]
//! in `ops.rs`.

use std::fmt;

use crate::error::DecodeError;
use crate::image::Rep;

/// Reads code units with bounds checks.
#[derive(Debug)]
pub struct CodeReader<'a> {
    code: &'a [u16],
    pos: usize,
}

impl<'a> CodeReader<'a> {
    pub fn new(code: &'a [u16], pos: usize) -> Self {
        CodeReader { code, pos }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn unit(&mut self) -> Result<u16, DecodeError> {
        let unit = *self
            .code
            .get(self.pos)
            .ok_or(DecodeError::Truncated { at: self.pos })?;
        self.pos += 1;
        Ok(unit)
    }

    pub fn word32(&mut self) -> Result<u32, DecodeError> {
        let lo = self.unit()? as u32;
        let hi = self.unit()? as u32;
        Ok(lo | (hi << 16))
    }
}

fn put32(out: &mut Vec<u16>, v: u32) {
    out.push(v as u16);
    out.push((v >> 16) as u16);
}

/// A reference to one operand, for read-only visitors (the validator).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandRef {
    Slot(Slot),
    Info(InfoIdx),
    Lit(LitIdx),
    Static(StaticIdx),
    Foreign(ForeignIdx),
    Prim(PrimIdx),
    Layout(LayoutIdx),
    Target(CodeOff),
    Imm(Imm),
    Words(Words),
    /// The representation of one call argument (its slot is visited too,
    /// unless the rep is `Void`).
    ArgRep(Rep),
}

/// A mutable reference to an operand that a code generator may rewrite.
#[derive(Debug)]
pub enum OperandMut<'a> {
    Slot(&'a mut Slot),
    Target(&'a mut CodeOff),
}

/// One operand kind.
pub trait Operand: Sized + Clone + fmt::Debug + PartialEq {
    fn encode(&self, out: &mut Vec<u16>);
    fn decode(r: &mut CodeReader<'_>) -> Result<Self, DecodeError>;
    fn visit(&self, f: &mut dyn FnMut(OperandRef));
    fn visit_mut(&mut self, f: &mut dyn FnMut(OperandMut<'_>));
    fn show(&self, out: &mut String);
}

macro_rules! index_operand {
    ($(#[$doc:meta])* $name:ident, $ty:ty, $prefix:literal, $variant:ident, wide: $wide:tt) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub $ty);

        impl Operand for $name {
            fn encode(&self, out: &mut Vec<u16>) {
                index_operand!(@enc $wide, out, self.0);
            }
            fn decode(r: &mut CodeReader<'_>) -> Result<Self, DecodeError> {
                Ok($name(index_operand!(@dec $wide, r)))
            }
            fn visit(&self, f: &mut dyn FnMut(OperandRef)) {
                f(OperandRef::$variant(*self));
            }
            fn visit_mut(&mut self, _f: &mut dyn FnMut(OperandMut<'_>)) {
                index_operand!(@mut $variant, self, _f);
            }
            fn show(&self, out: &mut String) {
                out.push_str(&format!(concat!($prefix, "{}"), self.0));
            }
        }
    };
    (@enc true, $out:ident, $v:expr) => { put32($out, $v) };
    (@enc false, $out:ident, $v:expr) => { $out.push($v) };
    (@dec true, $r:ident) => { $r.word32()? };
    (@dec false, $r:ident) => { $r.unit()? };
    (@mut Slot, $s:ident, $f:ident) => { $f(OperandMut::Slot($s)) };
    (@mut Target, $s:ident, $f:ident) => { $f(OperandMut::Target($s)) };
    (@mut $other:ident, $s:ident, $f:ident) => { let _ = &$s; };
}

index_operand!(
    /// A frame slot (one 64-bit stack word) of the running BCO.
    Slot, u16, "s", Slot, wide: false);
index_operand!(
    /// An index into [`crate::Image::infos`].
    InfoIdx, u32, "info#", Info, wide: true);
index_operand!(
    /// An index into [`crate::Image::literals`].
    LitIdx, u32, "lit#", Lit, wide: true);
index_operand!(
    /// An index into [`crate::Image::statics`].
    StaticIdx, u32, "static#", Static, wide: true);
index_operand!(
    /// An index into [`crate::Image::foreign_calls`].
    ForeignIdx, u32, "ffi#", Foreign, wide: true);
index_operand!(
    /// An index into [`crate::Image::primops`] (primitive operations by name).
    PrimIdx, u16, "prim#", Prim, wide: false);
index_operand!(
    /// An index into [`crate::Image::layouts`].
    LayoutIdx, u32, "layout#", Layout, wide: true);
index_operand!(
    /// A code offset (in code units) inside the same BCO; always the start
    /// of an instruction.
    CodeOff, u32, "@", Target, wide: true);
index_operand!(
    /// A small unsigned immediate (a payload word index).
    Imm, u16, "#", Imm, wide: false);
index_operand!(
    /// A count of heap words.
    Words, u32, "words=", Words, wide: true);

/// A list of slots: a count unit, then one unit per slot.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Slots(pub Vec<Slot>);

impl Operand for Slots {
    fn encode(&self, out: &mut Vec<u16>) {
        out.push(self.0.len() as u16);
        for s in &self.0 {
            s.encode(out);
        }
    }
    fn decode(r: &mut CodeReader<'_>) -> Result<Self, DecodeError> {
        let n = r.unit()?;
        let mut v = Vec::with_capacity(n as usize);
        for _ in 0..n {
            v.push(Slot::decode(r)?);
        }
        Ok(Slots(v))
    }
    fn visit(&self, f: &mut dyn FnMut(OperandRef)) {
        for s in &self.0 {
            s.visit(f);
        }
    }
    fn visit_mut(&mut self, f: &mut dyn FnMut(OperandMut<'_>)) {
        for s in &mut self.0 {
            f(OperandMut::Slot(s));
        }
    }
    fn show(&self, out: &mut String) {
        out.push('[');
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            s.show(out);
        }
        out.push(']');
    }
}

/// One argument of a call or return: its representation and, unless the
/// rep is `Void`, the slot holding it (a `Void` argument's slot unit is 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arg {
    pub rep: Rep,
    pub slot: Slot,
}

/// A list of arguments: a count unit, then two units (rep, slot) per argument.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Args(pub Vec<Arg>);

impl Operand for Args {
    fn encode(&self, out: &mut Vec<u16>) {
        out.push(self.0.len() as u16);
        for a in &self.0 {
            out.push(a.rep.code() as u16);
            out.push(if a.rep == Rep::Void { 0 } else { a.slot.0 });
        }
    }
    fn decode(r: &mut CodeReader<'_>) -> Result<Self, DecodeError> {
        let n = r.unit()?;
        let mut v = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let at = r.pos();
            let code = r.unit()?;
            let rep = u8::try_from(code)
                .ok()
                .and_then(Rep::from_code)
                .ok_or(DecodeError::BadRep { at, code })?;
            let slot = Slot(r.unit()?);
            v.push(Arg { rep, slot });
        }
        Ok(Args(v))
    }
    fn visit(&self, f: &mut dyn FnMut(OperandRef)) {
        for a in &self.0 {
            f(OperandRef::ArgRep(a.rep));
            if a.rep != Rep::Void {
                f(OperandRef::Slot(a.slot));
            }
        }
    }
    fn visit_mut(&mut self, f: &mut dyn FnMut(OperandMut<'_>)) {
        for a in &mut self.0 {
            if a.rep != Rep::Void {
                f(OperandMut::Slot(&mut a.slot));
            }
        }
    }
    fn show(&self, out: &mut String) {
        out.push('(');
        for (i, a) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            if a.rep == Rep::Void {
                out.push_str("void");
            } else {
                out.push_str(&format!("{}:s{}", a.rep, a.slot.0));
            }
        }
        out.push(')');
    }
}

/// A jump table: a count unit, then one 32-bit code offset per entry.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Targets(pub Vec<CodeOff>);

impl Operand for Targets {
    fn encode(&self, out: &mut Vec<u16>) {
        out.push(self.0.len() as u16);
        for t in &self.0 {
            t.encode(out);
        }
    }
    fn decode(r: &mut CodeReader<'_>) -> Result<Self, DecodeError> {
        let n = r.unit()?;
        let mut v = Vec::with_capacity(n as usize);
        for _ in 0..n {
            v.push(CodeOff::decode(r)?);
        }
        Ok(Targets(v))
    }
    fn visit(&self, f: &mut dyn FnMut(OperandRef)) {
        for t in &self.0 {
            t.visit(f);
        }
    }
    fn visit_mut(&mut self, f: &mut dyn FnMut(OperandMut<'_>)) {
        for t in &mut self.0 {
            f(OperandMut::Target(t));
        }
    }
    fn show(&self, out: &mut String) {
        out.push('{');
        for (i, t) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&format!("{i}->@{}", t.0));
        }
        out.push('}');
    }
}
