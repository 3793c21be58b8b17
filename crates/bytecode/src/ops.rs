//! The instruction set, defined once.
//!
//! [`for_each_op!`] is the single list of instructions: opcode number,
//! variant name, mnemonic, operands, whether control can fall through to
//! the next instruction, and a one-line stack effect. From it
//! [`define_instructions!`] generates the [`Opcode`] enum, the decoded
//! [`Instr`] enum, the encoder, the decoder, the operand visitors and the
//! disassembler's text form. `docs/bytecode.md` describes each instruction.
//!
//! The list is exported so the interpreter (rts-core) can generate its own
//! dispatch table from the same source.

// Note [Code stream encoding]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A BCO's code is a `Vec<u16>`: one unit of opcode, then the operands in
// order. Slots, primop indices and immediates take one unit; table indices,
// code offsets and word counts take two (low half first); lists take a count
// unit and then their elements. Jump targets are absolute offsets (in units)
// within the BCO. Nothing outside this module and `operand.rs` knows the
// unit layout: the code generator builds `Instr` values and the interpreter
// may pre-decode into any form it likes (threaded code, wider operands),
// so the encoding can change after the dispatch loop has been measured —
// bump `FORMAT_VERSION` when it does. See docs/design/stg.md.

use crate::arith::BinOp;
use crate::error::DecodeError;
use crate::operand::{
    Args, CodeOff, CodeReader, ForeignIdx, Imm, InfoIdx, LayoutIdx, LitIdx, Operand, OperandMut,
    OperandRef, PrimIdx, Slot, Slots, StaticIdx, Targets, Words,
};

/// Calls `$m!` with the whole instruction list. Each entry is
/// `opcode, Variant, "mnemonic", falls_through, "stack effect", { operand: Type, ... }`.
#[macro_export]
macro_rules! for_each_op {
    ($m:ident) => {
        $m! {
            0x01, Move, "move", true, "slot[dst] := slot[src]",
                { dst: Slot, src: Slot };
            0x02, LoadFv, "load.fv", true, "slot[dst] := payload word `index` of Node (the entered closure); only before the first GC point",
                { dst: Slot, index: Imm };
            0x03, LoadLit, "load.lit", true, "slot[dst] := literal (Int/Word/Double/Float bits; String: Addr of its bytes; Integer: Ptr to its object)",
                { dst: Slot, lit: LitIdx };
            0x04, LoadStatic, "load.static", true, "slot[dst] := pointer to a static closure",
                { dst: Slot, global: StaticIdx };
            0x05, LoadField, "load.field", true, "slot[dst] := payload word `index` of the evaluated object in slot[obj]",
                { dst: Slot, obj: Slot, index: Imm };
            0x10, HeapCheck, "heap.check", true, "GC point: ensure `words` heap words are free; live pointers given by layout",
                { words: Words, layout: LayoutIdx };
            0x11, AllocCon, "alloc.con", true, "slot[dst] := new constructor (payload from slots, payload order); no GC",
                { dst: Slot, info: InfoIdx, fields: Slots };
            0x12, AllocClosure, "alloc.closure", true, "slot[dst] := new function/thunk closure, payload = free variables; no GC",
                { dst: Slot, info: InfoIdx, fvs: Slots };
            0x13, SetField, "set.field", true, "payload word `index` of slot[obj] := slot[src] (letrec knot-tying, before any GC point)",
                { obj: Slot, index: Imm, src: Slot };
            0x20, Eval, "eval", false, "push case frame `ret`; evaluate slot[x] to WHNF; resume at ret with R0 = value (skips the push if already evaluated)",
                { ret: InfoIdx, x: Slot };
            0x21, Call, "call", false, "push case frame `ret`; apply slot[fun] to args (generic apply); resume at ret with results in R0..",
                { ret: InfoIdx, fun: Slot, args: Args };
            0x22, TailCall, "tailcall", false, "pop this frame; apply slot[fun] to args",
                { fun: Slot, args: Args };
            0x23, Enter, "enter", false, "pop this frame; evaluate slot[x] and return its WHNF to the frame below",
                { x: Slot };
            0x24, Return, "return", false, "pop this frame; R0 := slot[x] (an evaluated pointer); return to the frame below",
                { x: Slot };
            0x25, ReturnVals, "return.vals", false, "pop this frame; R0.. := the non-void values; return (unboxed results)",
                { vals: Args };
            0x26, Recv, "recv", true, "slot[dst] := return register R[index]; only at the start of a continuation",
                { dst: Slot, index: Imm };
            0x30, Jump, "jump", false, "pc := target",
                { target: CodeOff };
            0x31, SwitchTag, "switch.tag", false, "pc := targets[constructor tag of the evaluated object in slot[x]]",
                { x: Slot, targets: Targets };
            0x32, JumpIfNeLit, "jump.ne.lit", true, "if slot[x] != literal then pc := target (Int/Word: bits; Double/Float: numeric)",
                { x: Slot, lit: LitIdx, target: CodeOff };
            0x33, JumpUnless, "jump.unless", true, "if not (slot[a] op slot[b]) then pc := target (op a comparison; a fused prim + jump.ne.lit)",
                { op: BinOp, a: Slot, b: Slot, target: CodeOff };
            0x34, JumpUnlessLit, "jump.unless.lit", true, "if not (slot[a] op literal) then pc := target (op a comparison)",
                { op: BinOp, a: Slot, lit: LitIdx, target: CodeOff };
            0x40, Prim, "prim", true, "results := primop(args); may allocate or block: GC point with layout",
                { prim: PrimIdx, layout: LayoutIdx, results: Slots, args: Args };
            0x41, PrimCall, "prim.call", false, "push case frame `ret`; run a primop that may enter code (catch#, raise#, ...); resume at ret",
                { ret: InfoIdx, prim: PrimIdx, args: Args };
            0x42, PrimTail, "prim.tail", false, "pop this frame; run a primop that may enter code; its results go to the frame below",
                { prim: PrimIdx, args: Args };
            0x43, Arith, "arith", true, "slot[dst] := slot[a] op slot[b] (an inline total primop; no GC)",
                { op: BinOp, dst: Slot, a: Slot, b: Slot };
            0x44, ArithLit, "arith.lit", true, "slot[dst] := slot[a] op literal (Int/Word bits, or Double for Double operators; no GC)",
                { op: BinOp, dst: Slot, a: Slot, lit: LitIdx };
            0x48, ForeignCall, "ffi.call", true, "results := foreign call(args); safe calls are GC points with layout",
                { call: ForeignIdx, layout: LayoutIdx, results: Slots, args: Slots };
            0x50, Panic, "panic", false, "internal error (impossible case alternative): stop with the message literal",
                { msg: LitIdx };
        }
    };
}

macro_rules! define_instructions {
    ($( $code:literal, $name:ident, $mnem:literal, $falls:literal, $effect:literal,
        { $($field:ident : $ty:ident),* } ; )*) => {
        /// The opcode of an instruction (its first code unit).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u16)]
        pub enum Opcode {
            $( $name = $code, )*
        }

        impl Opcode {
            /// Every opcode, in list order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$name),*];

            pub fn from_unit(unit: u16) -> Option<Opcode> {
                match unit {
                    $( $code => Some(Opcode::$name), )*
                    _ => None,
                }
            }

            pub fn mnemonic(self) -> &'static str {
                match self { $( Opcode::$name => $mnem, )* }
            }

            /// Whether control may continue with the next instruction.
            pub fn falls_through(self) -> bool {
                match self { $( Opcode::$name => $falls, )* }
            }

            /// A one-line description of what the instruction does.
            pub fn stack_effect(self) -> &'static str {
                match self { $( Opcode::$name => $effect, )* }
            }

            /// Operand names and kinds, for documentation and tools.
            pub fn operands(self) -> &'static [(&'static str, &'static str)] {
                match self { $( Opcode::$name => &[$((stringify!($field), stringify!($ty))),*], )* }
            }
        }

        /// A decoded instruction.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Instr {
            $( $name { $($field: $ty),* }, )*
        }

        impl Instr {
            pub fn opcode(&self) -> Opcode {
                match self { $( Instr::$name { .. } => Opcode::$name, )* }
            }

            /// Appends the encoded instruction to `out`.
            pub fn encode(&self, out: &mut Vec<u16>) {
                match self {
                    $( Instr::$name { $($field),* } => {
                        out.push($code);
                        $( $field.encode(out); )*
                    } )*
                }
            }

            /// Decodes the instruction at `pc`; returns it and the next pc.
            pub fn decode(code: &[u16], pc: usize) -> Result<(Instr, usize), DecodeError> {
                let mut r = CodeReader::new(code, pc);
                let unit = r.unit()?;
                let op = Opcode::from_unit(unit).ok_or(DecodeError::BadOpcode { at: pc, unit })?;
                let instr = match op {
                    $( Opcode::$name => Instr::$name { $($field: <$ty as Operand>::decode(&mut r)?),* }, )*
                };
                Ok((instr, r.pos()))
            }

            /// Calls `f` on every operand, in order.
            pub fn visit_operands(&self, f: &mut dyn FnMut(OperandRef)) {
                match self {
                    $( Instr::$name { $($field),* } => { $( $field.visit(f); )* } )*
                }
            }

            /// Calls `f` on every slot and jump-target operand, mutably.
            pub fn visit_operands_mut(&mut self, f: &mut dyn FnMut(OperandMut<'_>)) {
                match self {
                    $( Instr::$name { $($field),* } => { $( $field.visit_mut(f); )* } )*
                }
            }

            /// The instruction in assembler syntax, e.g. `move s1, s0`.
            pub fn to_text(&self) -> String {
                let mut out = String::from(self.opcode().mnemonic());
                let bare = out.len();
                match self {
                    $( Instr::$name { $($field),* } => {
                        $(
                            out.push_str(if out.len() == bare { " " } else { ", " });
                            $field.show(&mut out);
                        )*
                    } )*
                }
                out
            }
        }
    };
}

for_each_op!(define_instructions);

/// Encodes a sequence of instructions into a code stream.
pub fn encode_all(instrs: &[Instr]) -> Vec<u16> {
    let mut out = Vec::new();
    for i in instrs {
        i.encode(&mut out);
    }
    out
}

/// Decodes a whole code stream into `(offset, instruction)` pairs.
pub fn decode_all(code: &[u16]) -> Result<Vec<(usize, Instr)>, DecodeError> {
    let mut pc = 0;
    // Most instructions are 2-4 units long: reserve for that, not to grow
    // the vector many times over (every program decodes all its code at
    // start-up).
    let mut out = Vec::with_capacity(code.len() / 3 + 1);
    while pc < code.len() {
        let (instr, next) = Instr::decode(code, pc)?;
        out.push((pc, instr));
        pc = next;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::Rep;
    use crate::operand::Arg;

    #[test]
    fn opcodes_are_distinct_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &op in Opcode::ALL {
            assert!(seen.insert(op as u16), "duplicate opcode {op:?}");
            assert_eq!(Opcode::from_unit(op as u16), Some(op));
        }
        assert_eq!(Opcode::from_unit(0), None);
    }

    #[test]
    fn encode_decode_round_trip() {
        let instrs = vec![
            Instr::Move {
                dst: Slot(1),
                src: Slot(2),
            },
            Instr::HeapCheck {
                words: Words(70000),
                layout: LayoutIdx(3),
            },
            Instr::Call {
                ret: InfoIdx(0x1234_5678),
                fun: Slot(4),
                args: Args(vec![
                    Arg {
                        rep: Rep::Ptr,
                        slot: Slot(1),
                    },
                    Arg {
                        rep: Rep::Void,
                        slot: Slot(0),
                    },
                    Arg {
                        rep: Rep::Double,
                        slot: Slot(9),
                    },
                ]),
            },
            Instr::SwitchTag {
                x: Slot(0),
                targets: Targets(vec![CodeOff(0), CodeOff(99_999)]),
            },
            Instr::Prim {
                prim: PrimIdx(7),
                layout: LayoutIdx(0),
                results: Slots(vec![Slot(5), Slot(6)]),
                args: Args(vec![]),
            },
            Instr::Return { x: Slot(3) },
        ];
        let code = encode_all(&instrs);
        let back: Vec<Instr> = decode_all(&code)
            .unwrap()
            .into_iter()
            .map(|(_, i)| i)
            .collect();
        assert_eq!(back, instrs);
        assert_eq!(
            instrs[2].to_text(),
            "call info#305419896, s4, (ptr:s1, void, double:s9)"
        );
    }

    #[test]
    fn truncated_instruction_is_an_error() {
        let code = encode_all(&[Instr::HeapCheck {
            words: Words(1),
            layout: LayoutIdx(2),
        }]);
        for cut in 0..code.len() {
            assert!(decode_all(&code[..cut]).is_err() || cut == 0);
        }
    }
}
