//! The validator: after [`Image::validate`] succeeds the runtime may trust
//! every index, offset, opcode, operand and bitmap in the image without
//! checking again (see docs/bytecode.md, "What the validator guarantees").

use crate::arith::{BinOp, OpClass};
use crate::error::ImageError;
use crate::image::{FfiType, Image, InfoKind, Literal, NamedRef, Rep, StaticWord};
use crate::operand::{Args, InfoIdx, LayoutIdx, OperandRef, StaticIdx};
use crate::ops::{Instr, Opcode, decode_all};
use crate::prims::{PrimSig, prim_signature};

/// Every BCO's code decoded, in image order: (code offset, instruction)
/// pairs. [`Image::validate_decoded`] returns it so that a loader does not
/// decode the code a second time.
pub type DecodedCode = Vec<Vec<(usize, Instr)>>;

// Note [Validation cost]
// ~~~~~~~~~~~~~~~~~~~~~~
// Every program pays for validation at start-up, so the success path does no
// work that only an error needs: error contexts ("BCO 12 (Main.go)") are
// closures, formatted only when a check fails, and each BCO is decoded once
// (its instruction starts serve the return-frame checks and the jump-target
// checks alike; the decoded code is handed on to the loader). The checks
// themselves are the same as when every context was built eagerly.

// Note [Checked primop calls]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~
// The runtime reads a primop's arguments straight from the slots an
// instruction names (its fast paths do not look at the reps), so an image
// that gave `readMutVar#` an Int, or one word too few, would make it
// follow a number as a pointer. The validator therefore checks each
// `prim`, `prim.call` and `prim.tail` against the primop's signature
// (crate::prims, the list the front end compiles with):
// * the arguments are exactly the signature's reps, in order, void ones
//   included (an `Args` operand carries a rep per argument);
// * `prim` names one result slot per non-void result;
// * `prim`'s layout is the frame's pointer map while the primop runs, so
//   its pointer arguments must be marked in it and its other word
//   arguments must not: a layout that disagrees with the reps would make
//   the collector miss a pointer or trace a number;
// * after `prim.call`, the `recv`s that open the continuation read only
//   result registers the primop fills.
// A name that is not in the list is left alone: no runtime implements it,
// so running it is an error (`RunError::Unimplemented`) that reads no
// argument. (Test writers use such names for primops of their own.)
// What stays the writer's contract: slots have no checked rep between
// instructions, so a `ptr` argument whose slot was last written with an
// Int passes (only `prim`'s layout can contradict it), and the results of
// `prim.tail` go to whatever frame is below.

impl Image {
    /// Checks every cross-reference of the image.
    pub fn validate(&self) -> Result<(), ImageError> {
        self.validate_decoded().map(|_| ())
    }

    /// [`Image::validate`], returning the decoded code of every BCO
    /// (Note [Validation cost]).
    pub fn validate_decoded(&self) -> Result<DecodedCode, ImageError> {
        self.validate_cons()?;
        self.validate_layouts()?;
        let decoded = self
            .bcos
            .iter()
            .enumerate()
            .map(|(b, bco)| {
                decode_all(&bco.code).map_err(|error| ImageError::Code { bco: b, error })
            })
            .collect::<Result<DecodedCode, _>>()?;
        self.validate_infos(&decoded)?;
        let sigs = self.primop_signatures();
        for (b, instrs) in decoded.iter().enumerate() {
            self.validate_bco(b, instrs, &decoded, &sigs)?;
        }
        self.validate_statics()?;
        self.validate_foreign()?;
        for s in &self.symbols {
            let ok = match s.target {
                NamedRef::Static(i) => (i.0 as usize) < self.statics.len(),
                NamedRef::Info(i) => (i.0 as usize) < self.infos.len(),
            };
            if !ok {
                return Err(ImageError::invalid(
                    format!("symbol {}", s.name),
                    "refers past its table",
                ));
            }
        }
        if let Some(e) = self.entry {
            self.check_static(e, &|| "entry point".into())?;
        }
        Ok(decoded)
    }

    fn check_static(&self, s: StaticIdx, ctx: &dyn Fn() -> String) -> Result<(), ImageError> {
        if (s.0 as usize) < self.statics.len() {
            Ok(())
        } else {
            Err(ImageError::invalid(
                ctx(),
                format!("static closure {} out of range", s.0),
            ))
        }
    }

    fn validate_cons(&self) -> Result<(), ImageError> {
        for c in &self.cons {
            if c.tag >= c.family_size {
                return Err(ImageError::invalid(
                    format!("constructor {}", c.name),
                    format!("tag {} not below family size {}", c.tag, c.family_size),
                ));
            }
            if c.fields.len() > u16::MAX as usize {
                return Err(ImageError::invalid(
                    format!("constructor {}", c.name),
                    "too many fields",
                ));
            }
        }
        Ok(())
    }

    fn validate_layouts(&self) -> Result<(), ImageError> {
        for (i, l) in self.layouts.iter().enumerate() {
            let ctx = || format!("layout {i}");
            if l.size > u16::MAX as u32 + 1 {
                return Err(ImageError::invalid(
                    ctx(),
                    "frame larger than the slot space",
                ));
            }
            if l.bitmap.len() != l.size.div_ceil(64) as usize {
                return Err(ImageError::invalid(
                    ctx(),
                    "bitmap length does not match frame size",
                ));
            }
            if l.size % 64 != 0 {
                if let Some(last) = l.bitmap.last() {
                    if last >> (l.size % 64) != 0 {
                        return Err(ImageError::invalid(
                            ctx(),
                            "bitmap marks slots past the frame",
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    fn bco_frame(&self, bco: u32, ctx: &dyn Fn() -> String) -> Result<u32, ImageError> {
        self.bcos
            .get(bco as usize)
            .map(|b| b.frame_size)
            .ok_or_else(|| ImageError::invalid(ctx(), format!("BCO {bco} out of range")))
    }

    fn layout_for(
        &self,
        l: LayoutIdx,
        frame: u32,
        ctx: &dyn Fn() -> String,
    ) -> Result<(), ImageError> {
        let layout = self
            .layouts
            .get(l.0 as usize)
            .ok_or_else(|| ImageError::invalid(ctx(), format!("layout {} out of range", l.0)))?;
        if layout.size != frame {
            return Err(ImageError::invalid(
                ctx(),
                format!(
                    "layout {} has size {} but the frame has {frame} slots",
                    l.0, layout.size
                ),
            ));
        }
        Ok(())
    }

    fn validate_infos(&self, decoded: &DecodedCode) -> Result<(), ImageError> {
        for (i, info) in self.infos.iter().enumerate() {
            let ctx = || format!("info table {i} ({})", info.name);
            match &info.kind {
                InfoKind::Con { con } => {
                    if *con as usize >= self.cons.len() {
                        return Err(ImageError::invalid(ctx(), "constructor out of range"));
                    }
                }
                InfoKind::Fun {
                    bco,
                    arg_reps,
                    ptrs,
                    nptrs,
                } => {
                    let frame = self.bco_frame(*bco, &ctx)?;
                    if arg_reps.is_empty() {
                        return Err(ImageError::invalid(ctx(), "a function has arity 0"));
                    }
                    let words = arg_reps.iter().filter(|r| r.has_word()).count() as u32;
                    if words > frame {
                        return Err(ImageError::invalid(
                            ctx(),
                            "arguments do not fit in the frame",
                        ));
                    }
                    check_payload(*ptrs, *nptrs, &ctx)?;
                }
                InfoKind::Thunk {
                    bco, ptrs, nptrs, ..
                } => {
                    self.bco_frame(*bco, &ctx)?;
                    check_payload(*ptrs, *nptrs, &ctx)?;
                }
                InfoKind::Ret {
                    bco,
                    offset,
                    layout,
                } => {
                    let frame = self.bco_frame(*bco, &ctx)?;
                    self.layout_for(*layout, frame, &ctx)?;
                    let instrs = &decoded[*bco as usize];
                    if instrs
                        .binary_search_by_key(&(*offset as usize), |(pc, _)| *pc)
                        .is_err()
                    {
                        return Err(ImageError::invalid(
                            ctx(),
                            format!("offset {offset} is not an instruction"),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The signature of every primop the image names, by `prim#` index
    /// (Note [Primop signatures] in prims.rs): one look-up per name.
    fn primop_signatures(&self) -> Vec<Option<PrimSig>> {
        self.primops
            .iter()
            .map(|name| prim_signature(name))
            .collect()
    }

    fn validate_bco(
        &self,
        b: usize,
        instrs: &[(usize, Instr)],
        decoded: &DecodedCode,
        sigs: &[Option<PrimSig>],
    ) -> Result<(), ImageError> {
        let bco = &self.bcos[b];
        let ctx = || format!("BCO {b} ({})", bco.name);
        match instrs.last() {
            None => return Err(ImageError::invalid(ctx(), "empty code")),
            Some((_, last)) if last.opcode().falls_through() => {
                return Err(ImageError::invalid(ctx(), "code falls off its end"));
            }
            Some(_) => {}
        }
        for (pc, instr) in instrs {
            let ictx = || format!("{} at {pc} ({})", ctx(), instr.to_text());
            let mut err = None;
            instr.visit_operands(&mut |op| {
                if err.is_some() {
                    return;
                }
                err = self
                    .check_operand(op, bco.frame_size, b, instrs)
                    .err()
                    .map(|m| ImageError::invalid(ictx(), m));
            });
            if let Some(e) = err {
                return Err(e);
            }
            self.check_instr(instr, b)
                .and_then(|()| self.check_prim(instr, decoded, sigs))
                .map_err(|m| ImageError::invalid(ictx(), m))?;
        }
        Ok(())
    }

    fn check_operand(
        &self,
        op: OperandRef,
        frame: u32,
        b: usize,
        instrs: &[(usize, Instr)],
    ) -> Result<(), String> {
        let range = |i: u32, n: usize, what: &str| {
            if (i as usize) < n {
                Ok(())
            } else {
                Err(format!("{what} {i} out of range"))
            }
        };
        match op {
            OperandRef::Slot(s) => {
                if (s.0 as u32) < frame {
                    Ok(())
                } else {
                    Err(format!("slot {} outside a frame of {frame}", s.0))
                }
            }
            OperandRef::Info(i) => range(i.0, self.infos.len(), "info table"),
            OperandRef::Lit(i) => range(i.0, self.literals.len(), "literal"),
            OperandRef::Static(i) => range(i.0, self.statics.len(), "static closure"),
            OperandRef::Foreign(i) => range(i.0, self.foreign_calls.len(), "foreign call"),
            OperandRef::Prim(i) => range(i.0 as u32, self.primops.len(), "primop"),
            OperandRef::Layout(i) => {
                let l = self
                    .layouts
                    .get(i.0 as usize)
                    .ok_or_else(|| format!("layout {} out of range", i.0))?;
                if l.size == frame {
                    Ok(())
                } else {
                    Err(format!("layout {} does not describe this frame", i.0))
                }
            }
            OperandRef::Target(t) => {
                if instrs
                    .binary_search_by_key(&(t.0 as usize), |(pc, _)| *pc)
                    .is_ok()
                {
                    Ok(())
                } else {
                    Err(format!(
                        "jump target {} is not an instruction in BCO {b}",
                        t.0
                    ))
                }
            }
            OperandRef::Imm(_) | OperandRef::Words(_) | OperandRef::ArgRep(_) => Ok(()),
        }
    }

    /// An inline operator's literal operand must be a number of its class.
    fn operator_literal(&self, op: BinOp, lit: crate::LitIdx) -> Result<(), String> {
        match (op.class(), &self.literals[lit.0 as usize]) {
            (OpClass::Integral, Literal::Int(_) | Literal::Word(_))
            | (OpClass::Double, Literal::Double(_)) => Ok(()),
            (_, l) => Err(format!("operator {op} with literal {l:?}")),
        }
    }

    /// Checks that tie operands together (kinds of info tables, arities).
    fn check_instr(&self, instr: &Instr, b: usize) -> Result<(), String> {
        let ret_here = |ret: InfoIdx| match &self.infos[ret.0 as usize].kind {
            InfoKind::Ret { bco, .. } if *bco as usize == b => Ok(()),
            _ => Err(format!("info {} is not a return frame of this BCO", ret.0)),
        };
        match instr {
            Instr::Eval { ret, .. } | Instr::Call { ret, .. } | Instr::PrimCall { ret, .. } => {
                ret_here(*ret)
            }
            Instr::AllocCon { info, fields, .. } => match &self.infos[info.0 as usize].kind {
                InfoKind::Con { con } => {
                    let c = &self.cons[*con as usize];
                    if fields.0.len() as u32 == c.ptrs() + c.nptrs() {
                        Ok(())
                    } else {
                        Err(format!(
                            "constructor {} has {} payload words",
                            c.name,
                            c.ptrs() + c.nptrs()
                        ))
                    }
                }
                _ => Err(format!("info {} is not a constructor", info.0)),
            },
            Instr::AllocClosure { info, fvs, .. } => match &self.infos[info.0 as usize].kind {
                InfoKind::Fun { ptrs, nptrs, .. } | InfoKind::Thunk { ptrs, nptrs, .. } => {
                    if fvs.0.len() as u32 == ptrs + nptrs {
                        Ok(())
                    } else {
                        Err(format!("closure has {} payload words", ptrs + nptrs))
                    }
                }
                _ => Err(format!("info {} is not a function or thunk", info.0)),
            },
            Instr::JumpIfNeLit { lit, .. } => match self.literals[lit.0 as usize] {
                Literal::Int(_) | Literal::Word(_) | Literal::Double(_) | Literal::Float(_) => {
                    Ok(())
                }
                _ => Err("case on a literal that is not a number".into()),
            },
            Instr::Arith { .. } => Ok(()),
            Instr::ArithLit { op, lit, .. } => self.operator_literal(*op, *lit),
            Instr::JumpUnless { op, .. } => comparison(*op),
            Instr::JumpUnlessLit { op, lit, .. } => {
                comparison(*op)?;
                self.operator_literal(*op, *lit)
            }
            Instr::Panic { msg } => match self.literals[msg.0 as usize] {
                Literal::String(_) => Ok(()),
                _ => Err("panic message is not a string literal".into()),
            },
            Instr::ForeignCall {
                call,
                results,
                args,
                ..
            } => {
                let f = &self.foreign_calls[call.0 as usize];
                let want_args = f.arg_reps.iter().filter(|r| r.has_word()).count();
                let want_results = f.result_rep.is_some_and(Rep::has_word) as usize;
                if args.0.len() != want_args || results.0.len() != want_results {
                    Err(format!(
                        "foreign call takes {want_args} arguments and {want_results} results"
                    ))
                } else {
                    Ok(())
                }
            }
            _ => Ok(()),
        }
    }

    /// A primop instruction passes exactly the reps its primop takes and
    /// reads no more results than it returns (Note [Checked primop calls]).
    fn check_prim(
        &self,
        instr: &Instr,
        decoded: &DecodedCode,
        sigs: &[Option<PrimSig>],
    ) -> Result<(), String> {
        let (prim, args) = match instr {
            Instr::Prim { prim, args, .. }
            | Instr::PrimCall { prim, args, .. }
            | Instr::PrimTail { prim, args } => (prim, args),
            _ => return Ok(()),
        };
        let name = &self.primops[prim.0 as usize];
        // A name outside the list has no implementation in any runtime:
        // running it is an error that reads no argument.
        let Some(sig) = sigs[prim.0 as usize] else {
            return Ok(());
        };
        check_prim_args(name, sig, args)?;
        match instr {
            Instr::Prim {
                layout, results, ..
            } => {
                if results.0.len() != sig.result_words() {
                    return Err(format!(
                        "{name} returns {} result words, {} result slots given",
                        sig.result_words(),
                        results.0.len()
                    ));
                }
                // The layout is the frame's pointer map while the primop
                // runs (it may collect): pointer arguments must be in it
                // (or the collector would not update them), other
                // arguments must not (or it would trace a number).
                let map = &self.layouts[layout.0 as usize];
                for (k, a) in args.0.iter().enumerate() {
                    if a.rep.has_word() && map.is_pointer(a.slot.0 as u32) != (a.rep == Rep::Ptr) {
                        return Err(format!(
                            "argument {k} of {name} (rep {}, slot {}) {} a pointer in layout {}",
                            a.rep,
                            a.slot.0,
                            if a.rep == Rep::Ptr { "is not" } else { "is" },
                            layout.0
                        ));
                    }
                }
                Ok(())
            }
            Instr::PrimCall { ret, .. } => {
                // The continuation's `recv`s read the results (validate_infos
                // has checked that the offset is an instruction of this BCO).
                let InfoKind::Ret { bco, offset, .. } = self.infos[ret.0 as usize].kind else {
                    return Ok(());
                };
                let code = &decoded[bco as usize];
                let start = code
                    .binary_search_by_key(&(offset as usize), |(pc, _)| *pc)
                    .unwrap_or(code.len());
                for (pc, i) in &code[start..] {
                    let Instr::Recv { index, .. } = i else { break };
                    if index.0 as usize >= sig.result_words() {
                        return Err(format!(
                            "{name} returns {} result words, its continuation at {pc} reads R{}",
                            sig.result_words(),
                            index.0
                        ));
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn validate_statics(&self) -> Result<(), ImageError> {
        for (i, s) in self.statics.iter().enumerate() {
            let ctx = || format!("static closure {i} ({})", s.name);
            let (ptrs, nptrs) = self.payload_words(s.info).ok_or_else(|| {
                ImageError::invalid(ctx(), "info table out of range or a return frame")
            })?;
            if s.payload.len() as u32 != ptrs + nptrs {
                return Err(ImageError::invalid(
                    ctx(),
                    format!(
                        "payload of {} words, layout wants {}",
                        s.payload.len(),
                        ptrs + nptrs
                    ),
                ));
            }
            for (w, word) in s.payload.iter().enumerate() {
                let pointer_word = (w as u32) < ptrs;
                let is_pointer = match word {
                    StaticWord::Static(t) => {
                        self.check_static(*t, &ctx)?;
                        true
                    }
                    StaticWord::Lit(l) => {
                        self.literals
                            .get(l.0 as usize)
                            .ok_or_else(|| {
                                ImageError::invalid(ctx(), format!("literal {} out of range", l.0))
                            })?
                            .rep()
                            == Rep::Ptr
                    }
                };
                if is_pointer != pointer_word {
                    return Err(ImageError::invalid(
                        ctx(),
                        format!("payload word {w} has the wrong kind"),
                    ));
                }
            }
        }
        Ok(())
    }

    fn validate_foreign(&self) -> Result<(), ImageError> {
        for (i, f) in self.foreign_calls.iter().enumerate() {
            let ctx = || format!("foreign call {i} ({})", f.entity);
            // A "wrapper" import's one argument is the Haskell function: a
            // heap pointer with no foreign type.
            let wrapper = f.entity.trim() == "wrapper";
            let marshalled = if wrapper && f.arg_types.is_empty() {
                if f.arg_reps != [Rep::Ptr] {
                    return Err(ImageError::invalid(
                        ctx(),
                        "a wrapper takes exactly one pointer argument",
                    ));
                }
                &[][..]
            } else {
                &f.arg_reps[..]
            };
            match (wrapper, &f.callback) {
                (true, None) => {
                    return Err(ImageError::invalid(
                        ctx(),
                        "a wrapper has no callback signature",
                    ));
                }
                (false, Some(_)) => {
                    return Err(ImageError::invalid(
                        ctx(),
                        "only a wrapper has a callback signature",
                    ));
                }
                _ => {}
            }
            if marshalled.len() != f.arg_types.len() {
                return Err(ImageError::invalid(
                    ctx(),
                    format!(
                        "{} argument reps but {} foreign types",
                        marshalled.len(),
                        f.arg_types.len()
                    ),
                ));
            }
            for (n, (r, t)) in marshalled.iter().zip(&f.arg_types).enumerate() {
                if t.call_rep() != *r {
                    return Err(ImageError::invalid(
                        ctx(),
                        format!("argument {n} has rep {r} but foreign type {t:?}"),
                    ));
                }
            }
            if f.result_rep != f.result_type.map(FfiType::call_rep) {
                return Err(ImageError::invalid(
                    ctx(),
                    format!(
                        "result rep {:?} does not match foreign type {:?}",
                        f.result_rep, f.result_type
                    ),
                ));
            }
        }
        for (i, e) in self.foreign_exports.iter().enumerate() {
            self.check_static(e.target, &|| format!("foreign export {i} ({})", e.name))?;
        }
        Ok(())
    }
}

/// `jump.unless` needs an operator whose result is a truth value.
fn comparison(op: BinOp) -> Result<(), String> {
    if op.is_comparison() {
        Ok(())
    } else {
        Err(format!(
            "jump.unless with operator {op}, which is not a comparison"
        ))
    }
}

/// The arguments of a primop instruction are exactly the reps it takes.
fn check_prim_args(name: &str, sig: PrimSig, args: &Args) -> Result<(), String> {
    let given = args.0.iter().map(|a| a.rep);
    if args.0.len() != sig.args.len() || !given.clone().eq(sig.args.iter().copied()) {
        let show = |reps: &mut dyn Iterator<Item = Rep>| {
            reps.map(|r| r.to_string()).collect::<Vec<_>>().join(", ")
        };
        return Err(format!(
            "{name} takes ({}), given ({})",
            show(&mut sig.args.iter().copied()),
            show(&mut given.clone())
        ));
    }
    Ok(())
}

fn check_payload(ptrs: u32, nptrs: u32, ctx: &dyn Fn() -> String) -> Result<(), ImageError> {
    if ptrs as u64 + nptrs as u64 > u16::MAX as u64 {
        return Err(ImageError::invalid(ctx(), "payload too large"));
    }
    Ok(())
}

/// Whether an opcode ends a basic block.
pub fn is_terminator(op: Opcode) -> bool {
    !op.falls_through()
}
