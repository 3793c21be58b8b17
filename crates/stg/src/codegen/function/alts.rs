//! Compiling `case`: the scrutinee with a `Bind` sequel, then the
//! dispatch on the result (`switch.tag` for constructors, a chain of
//! `jump.ne.lit` for literals) and the alternatives. Part of [`super`].

use std::collections::BTreeSet;

use bytecode::{CodeOff, Imm, Instr, Slot};
use frontend::core::{Lit, Rep, Var, VarId};

use super::{FnGen, Sequel};
use crate::error::Result;
use crate::syntax::{Alt, AltCon, Expr};

// Note [Case of a value]
// ~~~~~~~~~~~~~~~~~~~~~~
// `case x of b { alts }` where `x` needs no evaluation (an evaluated pointer,
// an unboxed value, a literal) binds `b` to `x`'s own slot rather than
// moving `x` into a fresh one: the move was dead whenever the alternatives
// do not mention `b` (the common default alternative, often just before a
// loop's self tail call), and a copy otherwise. Sharing a slot is sound
// because slots are written once: two names for one slot always hold the
// same value, and a count of a slot's uses (Note [Compare and branch])
// still counts every use of that value.

impl FnGen<'_, '_> {
    pub(super) fn compile_case(
        &mut self,
        scrut: &Expr,
        binder: &Var,
        alts: &[Alt],
        sequel: Sequel,
        live_after: &BTreeSet<VarId>,
    ) -> Result<()> {
        // Variables the alternatives need, besides what they bind.
        let mut live_alts: BTreeSet<VarId> = BTreeSet::new();
        for alt in alts {
            let a = self.free.get(&alt.rhs);
            live_alts.extend(
                a.iter()
                    .filter(|v| !alt.binders.iter().any(|b| b.id == **v)),
            );
        }
        live_alts.remove(&binder.id);
        live_alts.extend(live_after.iter().copied());
        if let Expr::Atom(a) = scrut
            && (binder.rep != Rep::Ptr || self.is_evaluated(a))
            && !matches!(
                alts,
                [Alt {
                    con: AltCon::UnboxedTuple,
                    ..
                }]
            )
        {
            // Note [Case of a value]: the binder names the atom's slot.
            if let Some((s, _)) = self.atom(a)? {
                self.env.insert(binder.id, (s, binder.rep));
            }
            if binder.rep == Rep::Ptr {
                self.evaluated.insert(binder.id);
            }
            return self.compile_alts(binder, alts, sequel, live_after);
        }
        let dsts: Vec<Option<u16>> = match alts {
            [
                Alt {
                    con: AltCon::UnboxedTuple,
                    binders,
                    ..
                },
            ] => {
                let mut d = Vec::new();
                for b in binders {
                    d.push(self.bind_var(b)?);
                }
                d
            }
            _ => vec![self.bind_var(binder)?],
        };
        let join = self.label();
        self.compile(
            scrut,
            Sequel::Bind {
                dsts: dsts.clone(),
                join,
            },
            &live_alts,
        )?;
        self.place(join);
        let is_tuple = matches!(
            alts,
            [Alt {
                con: AltCon::UnboxedTuple,
                ..
            }]
        );
        // A primop whose pointer results are values (`newMVar#`,
        // `makeStablePtr#`; `PrimTable::returns_value`) needs no `eval` of
        // them, here or later.
        let returns_value = matches!(scrut, Expr::Prim(p, _) if self.b.prims.returns_value(&p.0));
        if returns_value
            && is_tuple
            && let [Alt { binders, .. }] = alts
        {
            let ptrs = binders.iter().filter(|b| b.rep == Rep::Ptr);
            self.evaluated.extend(ptrs.map(|b| b.id));
        }
        if binder.rep == Rep::Ptr
            && !is_tuple
            && !returns_value
            && matches!(scrut, Expr::Prim(..) | Expr::Foreign(..))
        {
            // A primop or foreign call may return an unevaluated pointer,
            // but a case binder is always in WHNF (Note [Core invariants]).
            if let Some(Some(d)) = dsts.first() {
                let (ret, label) = self.ret(&live_alts);
                self.emit(Instr::Eval { ret, x: Slot(*d) });
                self.place(label);
                self.emit(Instr::Recv {
                    dst: Slot(*d),
                    index: Imm(0),
                });
            }
        }
        if binder.rep == Rep::Ptr {
            self.evaluated.insert(binder.id);
        }
        self.compile_alts(binder, alts, sequel, live_after)
    }

    fn compile_alts(
        &mut self,
        binder: &Var,
        alts: &[Alt],
        sequel: Sequel,
        live_after: &BTreeSet<VarId>,
    ) -> Result<()> {
        let default = alts.iter().find(|a| a.con == AltCon::Default);
        let con_alts: Vec<&Alt> = alts
            .iter()
            .filter(|a| matches!(a.con, AltCon::Con(_)))
            .collect();
        let lit_alts: Vec<&Alt> = alts
            .iter()
            .filter(|a| matches!(a.con, AltCon::Lit(_)))
            .collect();
        if let [
            alt @ Alt {
                con: AltCon::UnboxedTuple,
                ..
            },
        ] = alts
        {
            return self.compile(&alt.rhs, sequel, live_after);
        }
        if !con_alts.is_empty() {
            let (x, _) = *self
                .env
                .get(&binder.id)
                .ok_or_else(|| self.b.err("case binder without a slot"))?;
            let AltCon::Con(first) = con_alts[0].con else {
                unreachable!("filtered")
            };
            let family = self.b.con(first)?.family_size as usize;
            let targets_needed = con_alts.len() + default.is_some() as usize;
            if targets_needed == 1 {
                return self.con_alt(x, con_alts.first().copied().or(default), sequel, live_after);
            }
            let labels: Vec<u32> = con_alts.iter().map(|_| self.label()).collect();
            let default_label = self.label();
            let mut targets = vec![CodeOff(default_label); family];
            for (alt, l) in con_alts.iter().zip(&labels) {
                let AltCon::Con(c) = alt.con else {
                    unreachable!("filtered")
                };
                let tag = self.b.con(c)?.tag as usize;
                if let Some(t) = targets.get_mut(tag) {
                    *t = CodeOff(*l);
                }
            }
            self.emit(Instr::SwitchTag {
                x: Slot(x),
                targets: bytecode::Targets(targets),
            });
            for (alt, l) in con_alts.iter().zip(&labels) {
                self.place(*l);
                self.con_alt(x, Some(alt), sequel.clone(), live_after)?;
            }
            self.place(default_label);
            return self.con_alt(x, default, sequel, live_after);
        }
        if !lit_alts.is_empty() {
            let (x, _) = *self
                .env
                .get(&binder.id)
                .ok_or_else(|| self.b.err("case binder without a slot"))?;
            for alt in lit_alts {
                let AltCon::Lit(l) = &alt.con else {
                    unreachable!("filtered")
                };
                if !matches!(
                    l,
                    Lit::Int(_) | Lit::Word(_) | Lit::Char(_) | Lit::Double(_) | Lit::Float(_)
                ) {
                    return Err(self
                        .b
                        .err("case alternatives on string or Integer literals are not supported"));
                }
                let lit = self.b.lit(l);
                let next = self.label();
                self.emit(Instr::JumpIfNeLit {
                    x: Slot(x),
                    lit,
                    target: CodeOff(next),
                });
                self.compile(&alt.rhs, sequel.clone(), live_after)?;
                self.place(next);
            }
            return self.con_alt(x, default, sequel, live_after);
        }
        match default {
            Some(d) => self.compile(&d.rhs, sequel, live_after),
            None => self.impossible(),
        }
    }

    /// One constructor alternative (or the default, or nothing: impossible).
    fn con_alt(
        &mut self,
        x: u16,
        alt: Option<&Alt>,
        sequel: Sequel,
        live_after: &BTreeSet<VarId>,
    ) -> Result<()> {
        let Some(alt) = alt else {
            return self.impossible();
        };
        if let AltCon::Con(c) = alt.con {
            let desc = self.b.img.cons[c.0 as usize].clone();
            let used = self.free.get(&alt.rhs);
            for (i, b) in alt.binders.iter().enumerate() {
                if !used.contains(&b.id) {
                    continue;
                }
                let Some(pos) = desc.payload_index(i) else {
                    continue;
                };
                if let Some(s) = self.bind_var(b)? {
                    self.emit(Instr::LoadField {
                        dst: Slot(s),
                        obj: Slot(x),
                        index: Imm(pos),
                    });
                }
            }
        }
        self.compile(&alt.rhs, sequel, live_after)
    }

    fn impossible(&mut self) -> Result<()> {
        let msg = self.b.literal(bytecode::Literal::String(
            format!("{}: impossible case alternative", self.name).into_bytes(),
        ));
        self.emit(Instr::Panic { msg });
        Ok(())
    }
}
