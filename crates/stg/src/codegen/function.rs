//! Compiling one closure body (function or thunk) to a bytecode object.
//!
//! Code is generated with *virtual* slots (arguments first, then locals)
//! and symbolic labels; [`FnGen::finish`] renumbers slots into the frame
//! layout of docs/bytecode.md (locals low, arguments in the highest slots),
//! builds the pointer bitmaps, resolves labels to code offsets and encodes.
//! See Note [Sequels and liveness].

// Note [Heap checks]
// ~~~~~~~~~~~~~~~~~~
// Allocation instructions never trigger a GC: a `heap.check` before them
// reserves the words of a whole chain of `let`s (and of a constructor
// returned at its end), so the objects of a recursive group can be
// allocated and patched (`set.field`) with no GC point in between. The
// words counted per object are the header word plus the payload, a
// thunk's payload being at least one word (docs/design/heap.md).

// Note [Sequels and liveness]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~
// Each expression is compiled for a *sequel*: `Return` (tail position:
// return to the frame below, or tail-call) or `Bind` (put the results in
// these slots and jump to the join label: the scrutinee of a case). A case
// continuation is a label inside the same BCO; the frame stays where it is
// and `eval`/`call` push a one-word header (a `Ret` info table) above it.
//
// At every GC point (heap check, call, eval, primop, foreign call) the
// frame's layout marks the slots that hold *live* pointers: pointer
// variables free in the rest of the code (`live_after` is what the
// enclosing context still needs). Slots are never reused for another
// variable, so a slot holds one rep for its whole life, and dead pointers
// are left out so they do not keep data alive (no space leaks from frames).

use std::collections::{BTreeSet, HashMap, HashSet};

use bytecode::{
    Arg, Args, BinOp, CodeOff, Imm, InfoIdx, InfoKind, Instr, Layout, LayoutIdx, Literal,
    OperandMut, Slot, Slots, UpdateFlag as BcUpdate, Words,
};
use frontend::core::{ConId, Lit, Rep, Var, VarId};

mod alts;

use super::{ImageBuilder, rep};
use crate::error::Result;
use crate::syntax::{Atom, Binding, Expr, FreeVarMap, Rhs, UpdateFlag};

/// Heap words of an object header, as counted by `heap.check` (see
/// docs/bytecode.md, "Heap checks"; docs/design/heap.md).
const HEADER_WORDS: u32 = 1;

/// Words of a closure with `payload` payload words: a thunk has at least
/// one payload word, the room its indirection or blackhole needs.
/// The rep of an inline operator's result (comparisons give an Int 0/1).
fn result_rep(op: BinOp) -> bytecode::Rep {
    use BinOp::*;
    match op {
        WordAdd | WordSub | WordMul => bytecode::Rep::Word,
        DoubleAdd | DoubleSub | DoubleMul | DoubleDiv => bytecode::Rep::Double,
        _ => bytecode::Rep::Int,
    }
}

/// Whether literal `l` can be operator `op`'s immediate operand (the
/// validator's rule: a number of the operator's class).
fn literal_fits(op: BinOp, l: &Lit) -> bool {
    match op.class() {
        bytecode::OpClass::Integral => matches!(l, Lit::Int(_) | Lit::Word(_) | Lit::Char(_)),
        bytecode::OpClass::Double => matches!(l, Lit::Double(_)),
    }
}

// Note [Evaluated free variables]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A closure allocated where one of its free variables is known to be a
// value (a case binder, a constructor, a function; `FnGen::evaluated`)
// treats that variable as evaluated in its own body too: the pointer it
// captures is the one the allocating code holds, and a value stays a value
// (evaluation never turns one back into a thunk, and the collector moves
// it without making it an indirection). Each closure in STG has exactly one
// allocation site, so the set is fixed per closure. An IO action's lambda
// reading an `MVar` that `main` created then needs no `eval` of it. Members
// of a recursive group allocated later than the closure are not in the set
// yet; that only loses the fact, never invents it.

// Note [Compare and branch]
// ~~~~~~~~~~~~~~~~~~~~~~~~~
// A `case` on a comparison compiles to `arith cmp, d, a, b` followed by
// `jump.ne.lit d, 1#, else` (or `0#`, `then`). When `d` is read nowhere
// else in the BCO (slots are never reused, so one count over the whole
// code decides it) and no label sits between the two instructions, the
// pair becomes one `jump.unless cmp, a, b, else` (for `0#`, with the
// negated comparison, which exists for Int/Word/Char but not Double).
// Measured in docs/design/dispatch.md.

/// Fuses comparisons with the branch on their result: Note [Compare and
/// branch].
/// `ret_labels`: labels that return frames resume at (kept, as are
/// labels that some jump targets; the others go first).
fn fuse_compare_and_branch(items: &mut Vec<Item>, literals: &[Literal], ret_labels: &[u32]) {
    let mut uses: HashMap<u16, u32> = HashMap::new();
    let mut targeted: HashSet<u32> = ret_labels.iter().copied().collect();
    for item in items.iter() {
        if let Item::Instr(i) = item {
            i.visit_operands(&mut |op| match op {
                bytecode::OperandRef::Slot(s) => *uses.entry(s.0).or_default() += 1,
                bytecode::OperandRef::Target(t) => {
                    targeted.insert(t.0);
                }
                _ => {}
            });
        }
    }
    items.retain(|item| !matches!(item, Item::Label(l) if !targeted.contains(l)));
    let truth = |lit: &bytecode::LitIdx| match literals.get(lit.0 as usize) {
        Some(Literal::Int(v)) if *v == 0 || *v == 1 => Some(*v == 1),
        Some(Literal::Word(v)) if *v <= 1 => Some(*v == 1),
        _ => None,
    };
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    for item in std::mem::take(items) {
        if let Item::Instr(Instr::JumpIfNeLit { x, lit, target }) = &item
            && let Some(Item::Instr(prev)) = out.last()
        {
            let (op, dst) = match prev {
                Instr::Arith { op, dst, .. } | Instr::ArithLit { op, dst, .. } => (*op, *dst),
                _ => (BinOp::IntAdd, Slot(u16::MAX)),
            };
            let op = match truth(lit) {
                Some(true) => Some(op),
                Some(false) => op.negated(),
                None => None,
            };
            if let Some(op) = op
                && op.is_comparison()
                && dst == *x
                && uses.get(&x.0) == Some(&2)
            {
                let fused = match prev {
                    Instr::Arith { a, b, .. } => Instr::JumpUnless {
                        op,
                        a: *a,
                        b: *b,
                        target: *target,
                    },
                    Instr::ArithLit { a, lit, .. } => Instr::JumpUnlessLit {
                        op,
                        a: *a,
                        lit: *lit,
                        target: *target,
                    },
                    _ => unreachable!("matched above"),
                };
                out.pop();
                out.push(Item::Instr(fused));
                continue;
            }
        }
        out.push(item);
    }
    *items = out;
}

fn closure_words(is_thunk: bool, payload: u32) -> u32 {
    HEADER_WORDS + if is_thunk { payload.max(1) } else { payload }
}

enum Item {
    Instr(Instr),
    Label(u32),
}

#[derive(Clone)]
enum Sequel {
    Return,
    /// Results (one per result component; `None` for `Void`) and the label
    /// to continue at.
    Bind {
        dsts: Vec<Option<u16>>,
        join: u32,
    },
}

struct FnGen<'g, 'p> {
    b: &'g mut ImageBuilder<'p>,
    bco: u32,
    name: String,
    items: Vec<Item>,
    labels: u32,
    /// Virtual slots: `0..args` are the arguments.
    slots: u32,
    args: u32,
    env: HashMap<VarId, (u16, Rep)>,
    evaluated: HashSet<VarId>,
    /// Pointer virtual slots of each GC point, indexed by placeholder
    /// layout number.
    layouts: Vec<BTreeSet<u16>>,
    /// Return info tables: (info, label, placeholder layout).
    rets: Vec<(InfoIdx, u32, u32)>,
    /// The next constructor allocation was covered by an earlier heap check.
    con_prechecked: bool,
    /// The free variables of the body's sub-expressions (Note [Free
    /// variables once] in syntax.rs).
    free: FreeVarMap,
}

/// Payload order of free variables: pointers first, `Void` ones dropped.
fn payload_order(fvs: &[Var]) -> Vec<&Var> {
    let mut out: Vec<&Var> = fvs.iter().filter(|v| v.rep == Rep::Ptr).collect();
    out.extend(
        fvs.iter()
            .filter(|v| v.rep != Rep::Ptr && v.rep != Rep::Void),
    );
    out
}

/// Compiles a closure; returns its info table. `evaluated` are the free
/// variables known to be values where the closure is allocated (Note
/// [Evaluated free variables]).
pub(super) fn compile_closure(
    b: &mut ImageBuilder<'_>,
    name: &str,
    fvs: &[Var],
    evaluated: HashSet<VarId>,
    update: UpdateFlag,
    params: &[Var],
    body: &Expr,
) -> Result<InfoIdx> {
    let bco = b.reserve_bco(name);
    let mut g = FnGen {
        b,
        bco,
        name: name.to_string(),
        items: vec![],
        labels: 0,
        slots: 0,
        args: 0,
        env: HashMap::new(),
        evaluated,
        layouts: vec![],
        rets: vec![],
        con_prechecked: false,
        free: FreeVarMap::of(body),
    };
    for p in params {
        if p.rep != Rep::Void {
            let s = g.new_slot()?;
            g.env.insert(p.id, (s, p.rep));
        }
    }
    g.args = g.slots;
    let order = payload_order(fvs);
    for (i, v) in order.iter().enumerate() {
        let s = g.new_slot()?;
        g.env.insert(v.id, (s, v.rep));
        g.emit(Instr::LoadFv {
            dst: Slot(s),
            index: Imm(i as u16),
        });
    }
    g.compile(body, Sequel::Return, &BTreeSet::new())?;
    g.finish()?;
    let ptrs = order.iter().filter(|v| v.rep == Rep::Ptr).count() as u32;
    let nptrs = order.len() as u32 - ptrs;
    let kind = if params.is_empty() {
        let update = if update == UpdateFlag::NoUpdate {
            BcUpdate::NoUpdate
        } else {
            BcUpdate::Updatable
        };
        InfoKind::Thunk {
            bco,
            update,
            ptrs,
            nptrs,
        }
    } else {
        InfoKind::Fun {
            bco,
            arg_reps: params.iter().map(|p| rep(p.rep)).collect(),
            ptrs,
            nptrs,
        }
    };
    Ok(b.info(name.to_string(), kind))
}

impl FnGen<'_, '_> {
    fn new_slot(&mut self) -> Result<u16> {
        let s = u16::try_from(self.slots)
            .map_err(|_| self.b.err("a closure needs more than 65536 frame slots"))?;
        self.slots += 1;
        Ok(s)
    }

    fn bind_var(&mut self, v: &Var) -> Result<Option<u16>> {
        if v.rep == Rep::Void {
            return Ok(None);
        }
        let s = self.new_slot()?;
        self.env.insert(v.id, (s, v.rep));
        Ok(Some(s))
    }

    fn label(&mut self) -> u32 {
        self.labels += 1;
        self.labels - 1
    }

    fn emit(&mut self, i: Instr) {
        self.items.push(Item::Instr(i));
    }

    fn place(&mut self, l: u32) {
        self.items.push(Item::Label(l));
    }

    /// A layout placeholder for the live pointer variables in `live`,
    /// plus `extra` slots (e.g. pointer arguments of a primop).
    fn layout(&mut self, live: &BTreeSet<VarId>, extra: &[u16]) -> LayoutIdx {
        let mut set: BTreeSet<u16> = live
            .iter()
            .filter_map(|v| self.env.get(v))
            .filter(|(_, r)| *r == Rep::Ptr)
            .map(|(s, _)| *s)
            .collect();
        set.extend(extra);
        self.layouts.push(set);
        LayoutIdx(self.layouts.len() as u32 - 1)
    }

    /// A return frame resuming at a new label (placed by the caller).
    fn ret(&mut self, live: &BTreeSet<VarId>) -> (InfoIdx, u32) {
        let layout = self.layout(live, &[]);
        let label = self.label();
        let info = self.b.info(
            format!("{}.ret{}", self.name, self.rets.len()),
            InfoKind::Ret {
                bco: self.bco,
                offset: 0,
                layout: LayoutIdx(0),
            },
        );
        self.rets.push((info, label, layout.0));
        (info, label)
    }

    /// The slot holding an atom, loading statics and literals into a fresh
    /// slot; `None` for a `Void` value.
    fn atom(&mut self, a: &Atom) -> Result<Option<(u16, Rep)>> {
        match a {
            Atom::Var(v) if v.rep == Rep::Void => Ok(None),
            Atom::Var(v) => {
                if let Some(&(s, r)) = self.env.get(&v.id) {
                    return Ok(Some((s, r)));
                }
                let Some(&global) = self.b.top.get(&v.id) else {
                    return Err(self
                        .b
                        .err(format!("variable {}_{} is not in scope", v.name, v.id.0)));
                };
                let s = self.new_slot()?;
                self.emit(Instr::LoadStatic {
                    dst: Slot(s),
                    global,
                });
                Ok(Some((s, Rep::Ptr)))
            }
            Atom::Lit(l) => {
                let r = l.rep();
                let lit = self.b.lit(l);
                let s = self.new_slot()?;
                self.emit(Instr::LoadLit { dst: Slot(s), lit });
                Ok(Some((s, r)))
            }
        }
    }

    fn args(&mut self, atoms: &[Atom]) -> Result<Args> {
        let mut out = Vec::new();
        for a in atoms {
            out.push(match self.atom(a)? {
                None => Arg {
                    rep: bytecode::Rep::Void,
                    slot: Slot(0),
                },
                Some((s, r)) => Arg {
                    rep: rep(r),
                    slot: Slot(s),
                },
            });
        }
        Ok(Args(out))
    }

    /// Emits a primop that has an inline operator (`bytecode::BinOp`) as
    /// `arith`/`arith.lit` (a literal second operand, or a literal first
    /// operand of a symmetric operator, becomes an immediate). `false`: not
    /// such a primop here, nothing emitted. See docs/design/dispatch.md.
    fn inline_arith(&mut self, prim: &str, args: &[Atom], dsts: &[Option<u16>]) -> Result<bool> {
        let Some(op) = BinOp::from_primop(prim) else {
            return Ok(false);
        };
        let [x, y] = args else { return Ok(false) };
        let [Some(dst)] = dsts else { return Ok(false) };
        let dst = *dst;
        let (op, x, y) = match (x, y) {
            (Atom::Lit(_), Atom::Var(_)) => match op.swapped() {
                Some(swapped) => (swapped, y, x),
                None => (op, x, y),
            },
            _ => (op, x, y),
        };
        if let Atom::Lit(l) = y
            && literal_fits(op, l)
        {
            let Some((a, _)) = self.atom(x)? else {
                return Ok(false);
            };
            let lit = self.b.lit(l);
            self.emit(Instr::ArithLit {
                op,
                dst: Slot(dst),
                a: Slot(a),
                lit,
            });
            return Ok(true);
        }
        let (Some((a, _)), Some((b, _))) = (self.atom(x)?, self.atom(y)?) else {
            return Err(self.b.err(format!("void operand of {prim}")));
        };
        self.emit(Instr::Arith {
            op,
            dst: Slot(dst),
            a: Slot(a),
            b: Slot(b),
        });
        Ok(true)
    }

    fn is_evaluated(&self, a: &Atom) -> bool {
        match a {
            Atom::Var(v) => self.evaluated.contains(&v.id) || self.b.top_values.contains(&v.id),
            Atom::Lit(_) => true,
        }
    }

    /// After a result is in `dsts`, continue at the join label.
    fn finish_bind(&mut self, sequel: &Sequel) {
        if let Sequel::Bind { join, .. } = sequel {
            self.emit(Instr::Jump {
                target: CodeOff(*join),
            });
        }
    }

    /// Receives `n` results of a call/eval into the non-void destinations.
    fn receive(&mut self, dsts: &[Option<u16>]) {
        for (i, s) in dsts.iter().flatten().enumerate() {
            self.emit(Instr::Recv {
                dst: Slot(*s),
                index: Imm(i as u16),
            });
        }
    }

    fn compile(&mut self, e: &Expr, sequel: Sequel, live_after: &BTreeSet<VarId>) -> Result<()> {
        match e {
            Expr::Atom(a) => self.compile_atom(a, &sequel, live_after),
            Expr::App(f, args) => {
                let (fun, _) = self
                    .atom(&Atom::Var(f.clone()))?
                    .ok_or_else(|| self.b.err("applying a void value"))?;
                let args = self.args(args)?;
                match &sequel {
                    Sequel::Return => self.emit(Instr::TailCall {
                        fun: Slot(fun),
                        args,
                    }),
                    Sequel::Bind { dsts, .. } => {
                        let (ret, label) = self.ret(live_after);
                        self.emit(Instr::Call {
                            ret,
                            fun: Slot(fun),
                            args,
                        });
                        self.place(label);
                        self.receive(dsts);
                        self.finish_bind(&sequel);
                    }
                }
                Ok(())
            }
            Expr::Con(c, args) => {
                let dst = match &sequel {
                    Sequel::Bind { dsts, .. } => dsts.first().copied().flatten(),
                    Sequel::Return => None,
                };
                let dst = match dst {
                    Some(d) => d,
                    None => self.new_slot()?,
                };
                let mut live = (*self.free.get(e)).clone();
                live.extend(live_after.iter().copied());
                self.alloc_con(dst, *c, args, &live)?;
                match &sequel {
                    Sequel::Return => self.emit(Instr::Return { x: Slot(dst) }),
                    Sequel::Bind { .. } => self.finish_bind(&sequel),
                }
                Ok(())
            }
            Expr::Prim(p, args) => {
                if let Sequel::Bind { dsts, .. } = &sequel
                    && self.inline_arith(&p.0, args, dsts)?
                {
                    self.finish_bind(&sequel);
                    return Ok(());
                }
                if matches!(sequel, Sequel::Return) && BinOp::from_primop(&p.0).is_some() {
                    // In tail position: compute into a fresh slot, return it.
                    let dst = self.new_slot()?;
                    if self.inline_arith(&p.0, args, &[Some(dst)])? {
                        let op = BinOp::from_primop(&p.0);
                        self.emit(Instr::ReturnVals {
                            vals: Args(vec![Arg {
                                rep: op.map_or(bytecode::Rep::Int, result_rep),
                                slot: Slot(dst),
                            }]),
                        });
                        return Ok(());
                    }
                }
                let prim = self.b.primop(&p.0)?;
                let enters = self.b.prims.enters_code(&p.0);
                let arg_list = self.args(args)?;
                // The validator rejects a call that does not match the
                // primop's signature; say so here, as a compile error.
                if let Some(sig) = bytecode::prim_signature(&p.0)
                    && !arg_list
                        .0
                        .iter()
                        .map(|a| a.rep)
                        .eq(sig.args.iter().copied())
                {
                    return Err(self.b.err(format!(
                        "primop {} applied to {} arguments of the wrong reps (it takes {:?})",
                        p.0,
                        arg_list.0.len(),
                        sig.args
                    )));
                }
                match &sequel {
                    Sequel::Return => self.emit(Instr::PrimTail {
                        prim,
                        args: arg_list,
                    }),
                    Sequel::Bind { dsts, .. } if enters => {
                        let (ret, label) = self.ret(live_after);
                        self.emit(Instr::PrimCall {
                            ret,
                            prim,
                            args: arg_list,
                        });
                        self.place(label);
                        self.receive(dsts);
                        self.finish_bind(&sequel);
                    }
                    Sequel::Bind { dsts, .. } => {
                        let ptr_args: Vec<u16> = arg_list
                            .0
                            .iter()
                            .filter(|a| a.rep == bytecode::Rep::Ptr)
                            .map(|a| a.slot.0)
                            .collect();
                        let layout = self.layout(live_after, &ptr_args);
                        let results = Slots(dsts.iter().flatten().map(|s| Slot(*s)).collect());
                        self.emit(Instr::Prim {
                            prim,
                            layout,
                            results,
                            args: arg_list,
                        });
                        self.finish_bind(&sequel);
                    }
                }
                Ok(())
            }
            Expr::Foreign(fc, args) => {
                let call = self.b.foreign_call(fc);
                let value_args: &[Atom] = if fc.io && !args.is_empty() {
                    &args[..args.len() - 1]
                } else {
                    args
                };
                let loaded = self.args(value_args)?;
                let arg_slots: Vec<u16> = loaded
                    .0
                    .iter()
                    .filter(|a| a.rep != bytecode::Rep::Void)
                    .map(|a| a.slot.0)
                    .collect();
                let ptr_args: Vec<u16> = loaded
                    .0
                    .iter()
                    .filter(|a| a.rep == bytecode::Rep::Ptr)
                    .map(|a| a.slot.0)
                    .collect();
                let returns_word = fc.result_rep.is_some_and(|r| r != Rep::Void);
                let result = match (&sequel, returns_word) {
                    (_, false) => None,
                    (Sequel::Bind { dsts, .. }, true) => {
                        // (# World#, r #) in IO, r otherwise.
                        let idx = if fc.io { 1 } else { 0 };
                        match dsts.get(idx).copied().flatten() {
                            Some(s) => Some(s),
                            None => Some(self.new_slot()?),
                        }
                    }
                    (Sequel::Return, true) => Some(self.new_slot()?),
                };
                let layout = self.layout(live_after, &ptr_args);
                self.emit(Instr::ForeignCall {
                    call,
                    layout,
                    results: Slots(result.iter().map(|s| Slot(*s)).collect()),
                    args: Slots(arg_slots.into_iter().map(Slot).collect()),
                });
                match &sequel {
                    Sequel::Bind { .. } => self.finish_bind(&sequel),
                    Sequel::Return => {
                        let mut vals = Vec::new();
                        if fc.io {
                            vals.push(Arg {
                                rep: bytecode::Rep::Void,
                                slot: Slot(0),
                            });
                        }
                        if let (Some(s), Some(r)) = (result, fc.result_rep) {
                            vals.push(Arg {
                                rep: rep(r),
                                slot: Slot(s),
                            });
                        }
                        self.emit(Instr::ReturnVals { vals: Args(vals) });
                    }
                }
                Ok(())
            }
            Expr::Tuple(atoms) => {
                match &sequel {
                    Sequel::Return => {
                        let vals = self.args(atoms)?;
                        self.emit(Instr::ReturnVals { vals });
                    }
                    Sequel::Bind { dsts, .. } => {
                        for (a, d) in atoms.iter().zip(dsts.clone()) {
                            if let (Some(d), Some((s, _))) = (d, self.atom(a)?) {
                                self.emit(Instr::Move {
                                    dst: Slot(d),
                                    src: Slot(s),
                                });
                            }
                        }
                        self.finish_bind(&sequel);
                    }
                }
                Ok(())
            }
            Expr::Let(..) => {
                // One heap check for a chain of lets (and a constructor
                // returned at its end): see Note [Heap checks].
                let mut chain = Vec::new();
                let mut rest = e;
                while let Expr::Let(b, body) = rest {
                    chain.push(&**b);
                    rest = body;
                }
                let mut words: u32 = chain.iter().map(|b| self.let_words(b)).sum();
                let final_con = match rest {
                    Expr::Con(c, _) if !self.b.nullary.contains_key(c) => {
                        let d = &self.b.img.cons[c.0 as usize];
                        Some(HEADER_WORDS + d.ptrs() + d.nptrs())
                    }
                    _ => None,
                };
                words += final_con.unwrap_or(0);
                if words > 0 {
                    let mut live = (*self.free.get(e)).clone();
                    live.extend(live_after.iter().copied());
                    let layout = self.layout(&live, &[]);
                    self.emit(Instr::HeapCheck {
                        words: Words(words),
                        layout,
                    });
                }
                for b in chain {
                    self.compile_let(b)?;
                }
                self.con_prechecked = final_con.is_some();
                self.compile(rest, sequel, live_after)
            }
            Expr::Case(scrut, binder, alts) => {
                self.compile_case(scrut, binder, alts, sequel, live_after)
            }
        }
    }

    fn compile_atom(
        &mut self,
        a: &Atom,
        sequel: &Sequel,
        live_after: &BTreeSet<VarId>,
    ) -> Result<()> {
        let evaluated = self.is_evaluated(a);
        let loaded = self.atom(a)?;
        match (sequel, loaded) {
            (Sequel::Return, None) => self.emit(Instr::ReturnVals {
                vals: Args(vec![Arg {
                    rep: bytecode::Rep::Void,
                    slot: Slot(0),
                }]),
            }),
            (Sequel::Return, Some((s, Rep::Ptr))) => {
                if evaluated {
                    self.emit(Instr::Return { x: Slot(s) });
                } else {
                    self.emit(Instr::Enter { x: Slot(s) });
                }
            }
            (Sequel::Return, Some((s, r))) => self.emit(Instr::ReturnVals {
                vals: Args(vec![Arg {
                    rep: rep(r),
                    slot: Slot(s),
                }]),
            }),
            (Sequel::Bind { dsts, .. }, loaded) => {
                let dst = dsts.first().copied().flatten();
                match (dst, loaded) {
                    (Some(d), Some((s, Rep::Ptr))) if !evaluated => {
                        let (ret, label) = self.ret(live_after);
                        self.emit(Instr::Eval { ret, x: Slot(s) });
                        self.place(label);
                        self.emit(Instr::Recv {
                            dst: Slot(d),
                            index: Imm(0),
                        });
                    }
                    (Some(d), Some((s, _))) => self.emit(Instr::Move {
                        dst: Slot(d),
                        src: Slot(s),
                    }),
                    _ => {}
                }
                self.finish_bind(sequel);
            }
        }
        Ok(())
    }

    fn alloc_con(
        &mut self,
        dst: u16,
        c: ConId,
        args: &[Atom],
        live: &BTreeSet<VarId>,
    ) -> Result<()> {
        if let Some(&global) = self.b.nullary.get(&c) {
            self.emit(Instr::LoadStatic {
                dst: Slot(dst),
                global,
            });
            return Ok(());
        }
        let desc = self
            .b
            .img
            .cons
            .get(c.0 as usize)
            .cloned()
            .ok_or_else(|| self.b.err("unknown constructor"))?;
        let words = desc.ptrs() + desc.nptrs();
        if !std::mem::take(&mut self.con_prechecked) {
            let layout = self.layout(live, &[]);
            self.emit(Instr::HeapCheck {
                words: Words(HEADER_WORDS + words),
                layout,
            });
        }
        let fields = self.con_fields(&desc, args)?;
        self.emit(Instr::AllocCon {
            dst: Slot(dst),
            info: InfoIdx(c.0),
            fields: Slots(fields.into_iter().map(Slot).collect()),
        });
        Ok(())
    }

    /// The slots of a constructor's fields in payload order.
    fn con_fields(&mut self, desc: &bytecode::ConDesc, args: &[Atom]) -> Result<Vec<u16>> {
        let mut placed: Vec<(u16, u16)> = Vec::new();
        super::check_fields(self.b, desc, args)?;
        for (i, a) in args.iter().enumerate() {
            let Some(pos) = desc.payload_index(i) else {
                continue;
            };
            let (s, _) = self
                .atom(a)?
                .ok_or_else(|| self.b.err("a void value in a non-void field"))?;
            placed.push((pos, s));
        }
        placed.sort_by_key(|(p, _)| *p);
        Ok(placed.into_iter().map(|(_, s)| s).collect())
    }

    /// Heap words a binding group allocates.
    fn let_words(&self, b: &Binding) -> u32 {
        b.pairs()
            .iter()
            .map(|(_, rhs)| match rhs {
                Rhs::Con(c, _) if self.b.nullary.contains_key(c) => 0,
                Rhs::Con(c, _) => {
                    let d = &self.b.img.cons[c.0 as usize];
                    HEADER_WORDS + d.ptrs() + d.nptrs()
                }
                Rhs::Closure { fvs, params, .. } => {
                    closure_words(params.is_empty(), payload_order(fvs).len() as u32)
                }
            })
            .sum()
    }

    /// Allocates a binding group; the caller has done the heap check.
    fn compile_let(&mut self, b: &Binding) -> Result<()> {
        let pairs = b.pairs();
        // Slots for every binder first: a recursive group refers to them.
        let mut dsts = Vec::new();
        for (v, _) in &pairs {
            dsts.push(
                self.bind_var(v)?
                    .ok_or_else(|| self.b.err("a let binds a void value"))?,
            );
        }
        let group: HashMap<VarId, usize> = pairs
            .iter()
            .enumerate()
            .map(|(i, (v, _))| (v.id, i))
            .collect();
        let recursive = matches!(b, Binding::Rec(_));
        // Payload words that refer to a binder allocated later (or itself).
        let mut patches: Vec<(u16, u16, u16)> = Vec::new();
        for (i, (v, rhs)) in pairs.iter().enumerate() {
            let forward = |x: &VarId| recursive && group.get(x).is_some_and(|&j| j >= i);
            match rhs {
                Rhs::Con(c, args) => {
                    if let Some(&global) = self.b.nullary.get(c) {
                        self.emit(Instr::LoadStatic {
                            dst: Slot(dsts[i]),
                            global,
                        });
                    } else {
                        let desc = self.b.img.cons[c.0 as usize].clone();
                        let fields = self.con_fields(&desc, args)?;
                        for (f, a) in args.iter().enumerate() {
                            if let (Atom::Var(x), Some(pos)) = (a, desc.payload_index(f)) {
                                if forward(&x.id) {
                                    patches.push((dsts[i], pos, dsts[group[&x.id]]));
                                }
                            }
                        }
                        self.emit(Instr::AllocCon {
                            dst: Slot(dsts[i]),
                            info: InfoIdx(c.0),
                            fields: Slots(fields.into_iter().map(Slot).collect()),
                        });
                    }
                    self.evaluated.insert(v.id);
                }
                Rhs::Closure {
                    fvs,
                    update,
                    params,
                    body,
                } => {
                    let name = format!("{}.{}_{}", self.name, v.name, v.id.0);
                    let evaluated = fvs
                        .iter()
                        .filter(|x| self.evaluated.contains(&x.id))
                        .map(|x| x.id)
                        .collect();
                    let info =
                        compile_closure(self.b, &name, fvs, evaluated, *update, params, body)?;
                    let order = payload_order(fvs);
                    let mut slots = Vec::new();
                    for (pos, x) in order.iter().enumerate() {
                        let (s, _) = self
                            .atom(&Atom::Var((*x).clone()))?
                            .ok_or_else(|| self.b.err("void free variable"))?;
                        if forward(&x.id) {
                            patches.push((dsts[i], pos as u16, dsts[group[&x.id]]));
                        }
                        slots.push(Slot(s));
                    }
                    self.emit(Instr::AllocClosure {
                        dst: Slot(dsts[i]),
                        info,
                        fvs: Slots(slots),
                    });
                    if !params.is_empty() {
                        self.evaluated.insert(v.id);
                    }
                }
            }
        }
        for (obj, index, src) in patches {
            self.emit(Instr::SetField {
                obj: Slot(obj),
                index: Imm(index),
                src: Slot(src),
            });
        }
        Ok(())
    }

    /// Renumbers slots, builds layouts, resolves labels and stores the BCO.
    fn finish(mut self) -> Result<()> {
        // Drop `jump L` immediately followed by `L:`.
        let mut items: Vec<Item> = Vec::new();
        for item in std::mem::take(&mut self.items) {
            if let (Item::Label(l), Some(Item::Instr(Instr::Jump { target }))) =
                (&item, items.last())
            {
                if target.0 == *l {
                    items.pop();
                }
            }
            items.push(item);
        }
        let ret_labels: Vec<u32> = self.rets.iter().map(|(_, label, _)| *label).collect();
        fuse_compare_and_branch(&mut items, &self.b.img.literals, &ret_labels);
        let frame = self.slots.max(1);
        let locals = frame - self.args;
        let args = self.args;
        let remap = move |v: u16| -> u16 {
            let v = v as u32;
            (if v < args { locals + v } else { v - args }) as u16
        };
        let mut layouts = Vec::new();
        for set in &self.layouts {
            layouts.push(
                self.b
                    .layout(Layout::new(frame, set.iter().map(|s| remap(*s) as u32))),
            );
        }
        // Label offsets.
        let mut offsets = HashMap::new();
        let mut pc = 0u32;
        let mut scratch = Vec::new();
        for item in &items {
            match item {
                Item::Label(l) => {
                    offsets.insert(*l, pc);
                }
                Item::Instr(i) => {
                    scratch.clear();
                    i.encode(&mut scratch);
                    pc += scratch.len() as u32;
                }
            }
        }
        let mut code = Vec::new();
        for item in items {
            let Item::Instr(mut i) = item else { continue };
            i.visit_operands_mut(&mut |op| match op {
                OperandMut::Slot(s) => s.0 = remap(s.0),
                OperandMut::Target(t) => t.0 = offsets[&t.0],
            });
            match &mut i {
                Instr::HeapCheck { layout, .. }
                | Instr::Prim { layout, .. }
                | Instr::ForeignCall { layout, .. } => {
                    *layout = layouts[layout.0 as usize];
                }
                _ => {}
            }
            i.encode(&mut code);
        }
        for (info, label, layout) in &self.rets {
            self.b.img.infos[info.0 as usize].kind = InfoKind::Ret {
                bco: self.bco,
                offset: offsets[label],
                layout: layouts[*layout as usize],
            };
        }
        let bco = &mut self.b.img.bcos[self.bco as usize];
        bco.frame_size = frame;
        bco.code = code;
        Ok(())
    }
}
