//! Core to STG: A-normal form, closure free variables, update flags.
//!
//! Non-atomic arguments are named: a `Ptr` argument becomes a lazy `let`
//! (a thunk, or a closure/constructor if it is one), an unboxed argument a
//! strict `case` (it is computed before the call, as Core requires). Lambda
//! right-hand sides become function closures, constructor applications with
//! atomic arguments become constructor allocations, everything else a thunk.
//! Top-level constructor arguments that need naming become new top-level
//! bindings. Free variables exclude top-level bindings (those are static).

use std::collections::{BTreeSet, HashMap, HashSet};

use frontend::core::{self as core, Bind, ConId, Lit, Rep, Var, VarId};

use crate::error::{Result, StgError};
use crate::prims::PrimTable;
use crate::simplify::max_var_id;
use crate::syntax::{Alt, AltCon, Atom, Binding, Expr, Program, Rhs, UpdateFlag, free_vars};

/// Something to wrap around an expression once its atoms are named.
enum Pending {
    Let(Binding),
    /// `case scrut of var { DEFAULT -> ... }`: a strict unboxed value.
    Strict(Expr, Var),
}

fn wrap(pending: Vec<Pending>, body: Expr) -> Expr {
    pending.into_iter().rev().fold(body, |body, p| match p {
        Pending::Let(b) => Expr::Let(Box::new(b), Box::new(body)),
        Pending::Strict(scrut, v) => Expr::Case(
            Box::new(scrut),
            v,
            vec![Alt {
                con: AltCon::Default,
                binders: vec![],
                rhs: body,
            }],
        ),
    })
}

pub(crate) struct Converter<'a> {
    prog: &'a core::Program,
    prims: &'a dyn PrimTable,
    next_id: u32,
    top: HashSet<VarId>,
    /// Arity of every top-level function.
    top_arity: HashMap<VarId, usize>,
    subst: HashMap<VarId, Atom>,
    /// The top-level binding being converted, for error messages.
    context: String,
    /// Constant constructor applications lifted to top level.
    lifted: Vec<(Var, Rhs)>,
}

impl<'a> Converter<'a> {
    fn err(&self, message: impl Into<String>) -> StgError {
        StgError::new(self.context.clone(), message)
    }

    fn fresh(&mut self, rep: Rep) -> Var {
        let id = VarId(self.next_id);
        self.next_id += 1;
        Var {
            id,
            name: "sat".into(),
            rep,
        }
    }

    fn subst_var(&self, v: &Var) -> Atom {
        self.subst
            .get(&v.id)
            .cloned()
            .unwrap_or_else(|| Atom::Var(v.clone()))
    }

    /// Best-effort rep of an expression in an argument position; see
    /// Note [Reps of arguments] in docs/design/stg.md.
    fn infer_rep(&self, e: &core::Expr) -> Option<Rep> {
        match e {
            core::Expr::Var(v) => Some(v.rep),
            core::Expr::Lit(l) => Some(l.rep()),
            core::Expr::Lam(..) | core::Expr::ConApp(..) | core::Expr::App(..) => Some(Rep::Ptr),
            core::Expr::Let(_, body) => self.infer_rep(body),
            core::Expr::Case(_, _, alts) => alts.iter().find_map(|a| self.infer_rep(&a.rhs)),
            core::Expr::PrimApp(p, _) => match self.prims.result_reps(&p.0)?.as_slice() {
                [r] => Some(*r),
                _ => None,
            },
            core::Expr::Foreign(fc, _) if !fc.io => fc.result_rep.or(Some(Rep::Void)),
            core::Expr::Foreign(..) | core::Expr::UnboxedTuple(_) => None,
        }
    }

    /// The field reps of constructor `c`, checking it takes `nargs` fields.
    fn con_field_reps(&self, c: ConId, nargs: usize) -> Result<Vec<Option<Rep>>> {
        let d = self
            .prog
            .cons
            .get(c.0 as usize)
            .ok_or_else(|| self.err(format!("constructor {} does not exist", c.0)))?;
        if d.fields.len() != nargs {
            return Err(self.err(format!(
                "constructor {} applied to {nargs} arguments, has {} fields",
                d.name,
                d.fields.len()
            )));
        }
        Ok(d.fields.iter().map(|r| Some(*r)).collect())
    }

    /// Whether constructor arguments are all literals and top-level values.
    fn is_constant(&self, args: &[Atom]) -> bool {
        args.iter().all(|a| match a {
            Atom::Lit(_) => true,
            Atom::Var(x) => self.top.contains(&x.id) || x.rep == Rep::Void,
        })
    }

    /// Binds a local `let`, except that a constructor applied to literals
    /// and top-level values is a constant: it becomes a static closure
    /// (allocated once, never per call).
    fn push_let(&mut self, v: Var, rhs: Rhs, pending: &mut Vec<Pending>) {
        let constant = match &rhs {
            Rhs::Con(_, args) => self.is_constant(args),
            Rhs::Closure { .. } => false,
        };
        if constant {
            self.top.insert(v.id);
            let name = format!(
                "{}$c{}",
                self.context.trim_start_matches("top-level binding "),
                v.id.0
            );
            self.lifted.push((Var { name, ..v }, rhs));
        } else {
            pending.push(Pending::Let(Binding::NonRec(v, rhs)));
        }
    }

    fn atomize(
        &mut self,
        e: core::Expr,
        expected: Option<Rep>,
        pending: &mut Vec<Pending>,
    ) -> Result<Atom> {
        match e {
            core::Expr::Var(v) => return Ok(self.subst_var(&v)),
            core::Expr::Lit(l) => return Ok(Atom::Lit(l)),
            _ => {}
        }
        let rep = expected
            .or_else(|| self.infer_rep(&e))
            .ok_or_else(|| self.err("cannot tell the representation of an argument (an unboxed tuple or an unknown primop result)"))?;
        let v = self.fresh(rep);
        if rep == Rep::Ptr {
            let (rhs, extra) = self.rhs(e)?;
            pending.extend(extra.into_iter().map(Pending::Let));
            self.push_let(v.clone(), rhs, pending);
        } else {
            let scrut = self.expr(e)?;
            pending.push(Pending::Strict(scrut, v.clone()));
        }
        Ok(Atom::Var(v))
    }

    fn atomize_all(
        &mut self,
        args: Vec<core::Expr>,
        expected: &[Option<Rep>],
        pending: &mut Vec<Pending>,
    ) -> Result<Vec<Atom>> {
        args.into_iter()
            .enumerate()
            .map(|(i, a)| self.atomize(a, expected.get(i).copied().flatten(), pending))
            .collect()
    }

    /// A closure, constructor or thunk for a `Ptr` binding. Returns extra
    /// lazy bindings that must be in scope (they name constructor fields).
    /// In a recursive group those join the group.
    fn rhs(&mut self, e: core::Expr) -> Result<(Rhs, Vec<Binding>)> {
        match e {
            core::Expr::Lam(params, body) => {
                let body = self.expr(*body)?;
                Ok((self.closure(params, body, UpdateFlag::Function), vec![]))
            }
            core::Expr::ConApp(c, args) => {
                let fields = self.con_field_reps(c, args.len())?;
                let mut pending = Vec::new();
                let saved_next = self.next_id;
                let atoms = self.atomize_all(args.clone(), &fields, &mut pending)?;
                let lazy_only = pending.iter().all(|p| matches!(p, Pending::Let(_)));
                if lazy_only {
                    let extra = pending
                        .into_iter()
                        .filter_map(|p| match p {
                            Pending::Let(b) => Some(b),
                            Pending::Strict(..) => None,
                        })
                        .collect();
                    return Ok((Rhs::Con(c, atoms), extra));
                }
                // A field needs evaluating: keep the binding lazy by making
                // the whole constructor application a thunk.
                self.next_id = saved_next;
                let body = self.expr(core::Expr::ConApp(c, args))?;
                Ok((self.closure(vec![], body, UpdateFlag::Updatable), vec![]))
            }
            other => {
                let body = self.expr(other)?;
                let update = if self.is_partial_application(&body) {
                    UpdateFlag::NoUpdate
                } else {
                    UpdateFlag::Updatable
                };
                Ok((self.closure(vec![], body, update), vec![]))
            }
        }
    }

    /// `f a b` with `f` a top-level function of greater arity: its value
    /// is a partial application, cheap to rebuild, so no update is needed.
    fn is_partial_application(&self, body: &Expr) -> bool {
        match body {
            Expr::App(f, args) => self.top_arity.get(&f.id).is_some_and(|&n| n > args.len()),
            _ => false,
        }
    }

    fn closure(&self, params: Vec<Var>, body: Expr, update: UpdateFlag) -> Rhs {
        let mut fvs: BTreeSet<VarId> = free_vars(&body);
        for p in &params {
            fvs.remove(&p.id);
        }
        let mut named = HashMap::new();
        collect_vars(&body, &mut named);
        let fvs: Vec<Var> = fvs
            .into_iter()
            .filter(|id| !self.top.contains(id))
            .filter_map(|id| named.get(&id).cloned())
            .collect();
        Rhs::Closure {
            fvs,
            update,
            params,
            body: Box::new(body),
        }
    }

    fn binding(&mut self, b: Bind, pending: &mut Vec<Pending>) -> Result<()> {
        match b {
            Bind::NonRec(v, e) => {
                if let core::Expr::Var(y) = &e {
                    let a = self.subst_var(y);
                    self.subst.insert(v.id, a);
                    return Ok(());
                }
                if let core::Expr::Lit(l) = &e {
                    if !matches!(l, Lit::String(_)) {
                        self.subst.insert(v.id, Atom::Lit(l.clone()));
                        return Ok(());
                    }
                }
                if v.rep == Rep::Ptr {
                    let (rhs, extra) = self.rhs(e)?;
                    pending.extend(extra.into_iter().map(Pending::Let));
                    self.push_let(v, rhs, pending);
                } else {
                    // An unboxed let is strict.
                    let scrut = self.expr(e)?;
                    pending.push(Pending::Strict(scrut, v));
                }
            }
            Bind::Rec(group) => {
                let mut out = Vec::new();
                for (v, e) in group {
                    if v.rep != Rep::Ptr {
                        return Err(
                            self.err(format!("recursive binding {} is not of rep ptr", v.name))
                        );
                    }
                    let (rhs, extra) = self.rhs(e)?;
                    for b in extra {
                        if let Binding::NonRec(x, r) = b {
                            out.push((x, r));
                        }
                    }
                    out.push((v, rhs));
                }
                pending.push(Pending::Let(Binding::Rec(out)));
            }
        }
        Ok(())
    }

    pub(crate) fn expr(&mut self, e: core::Expr) -> Result<Expr> {
        Ok(match e {
            core::Expr::Var(v) => Expr::Atom(self.subst_var(&v)),
            core::Expr::Lit(l) => Expr::Atom(Atom::Lit(l)),
            core::Expr::App(f, args) => {
                let (mut f, mut all_args) = (*f, args);
                while let core::Expr::App(g, inner) = f {
                    let mut merged = inner;
                    merged.extend(all_args);
                    all_args = merged;
                    f = *g;
                }
                let mut pending = Vec::new();
                let head = self.atomize(f, Some(Rep::Ptr), &mut pending)?;
                let Atom::Var(head) = head else {
                    return Err(self.err("a literal is applied as a function"));
                };
                if all_args.is_empty() {
                    return Ok(wrap(pending, Expr::Atom(Atom::Var(head))));
                }
                let args = self.atomize_all(all_args, &[], &mut pending)?;
                wrap(pending, Expr::App(head, args))
            }
            core::Expr::Lam(params, body) => {
                let f = self.fresh(Rep::Ptr);
                let body = self.expr(*body)?;
                let rhs = self.closure(params, body, UpdateFlag::Function);
                Expr::Let(
                    Box::new(Binding::NonRec(f.clone(), rhs)),
                    Box::new(Expr::Atom(Atom::Var(f))),
                )
            }
            core::Expr::Let(b, body) => {
                let mut pending = Vec::new();
                self.binding(*b, &mut pending)?;
                let body = self.expr(*body)?;
                wrap(pending, body)
            }
            core::Expr::Case(scrut, b, alts) => {
                let scrut = self.expr(*scrut)?;
                let alts = alts
                    .into_iter()
                    .map(|a| {
                        let con = match a.con {
                            core::AltCon::Con(c) => AltCon::Con(c),
                            core::AltCon::Lit(l) => AltCon::Lit(l),
                            core::AltCon::UnboxedTuple => AltCon::UnboxedTuple,
                            core::AltCon::Default => AltCon::Default,
                        };
                        Ok(Alt {
                            con,
                            binders: a.binders,
                            rhs: self.expr(a.rhs)?,
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                // `case e of r { DEFAULT -> r }` is `e` (every STG
                // expression position evaluates): keeps the calls of
                // unboxed-result workers tail calls (Note [Worker/wrapper]
                // in optimise.rs).
                if let [
                    Alt {
                        con: AltCon::Default,
                        binders,
                        rhs: Expr::Atom(Atom::Var(r)),
                    },
                ] = alts.as_slice()
                {
                    if binders.is_empty() && r.id == b.id {
                        return Ok(scrut);
                    }
                }
                Expr::Case(Box::new(scrut), b, alts)
            }
            core::Expr::ConApp(c, args) => {
                let fields = self.con_field_reps(c, args.len())?;
                let mut pending = Vec::new();
                let atoms = self.atomize_all(args, &fields, &mut pending)?;
                if !atoms.is_empty() && self.is_constant(&atoms) {
                    // A constant: return the static closure.
                    let v = self.fresh(Rep::Ptr);
                    self.push_let(v.clone(), Rhs::Con(c, atoms), &mut pending);
                    return Ok(wrap(pending, Expr::Atom(Atom::Var(v))));
                }
                wrap(pending, Expr::Con(c, atoms))
            }
            core::Expr::PrimApp(p, args) => {
                let expected: Vec<Option<Rep>> = self
                    .prims
                    .arg_reps(&p.0)
                    .map(|r| r.into_iter().map(Some).collect())
                    .unwrap_or_default();
                let mut pending = Vec::new();
                let atoms = self.atomize_all(args, &expected, &mut pending)?;
                wrap(pending, Expr::Prim(p, atoms))
            }
            core::Expr::Foreign(fc, args) => {
                let mut expected: Vec<Option<Rep>> = fc.arg_reps.iter().map(|r| Some(*r)).collect();
                if fc.io {
                    expected.push(Some(Rep::Void));
                }
                let mut pending = Vec::new();
                let atoms = self.atomize_all(args, &expected, &mut pending)?;
                wrap(pending, Expr::Foreign(fc, atoms))
            }
            core::Expr::UnboxedTuple(args) => {
                let mut pending = Vec::new();
                let atoms = self.atomize_all(args, &[], &mut pending)?;
                wrap(pending, Expr::Tuple(atoms))
            }
        })
    }
}

/// Every variable bound or used in an expression, by id (to recover the
/// `Var` of a free-variable id).
fn collect_vars(e: &Expr, out: &mut HashMap<VarId, Var>) {
    let add = |v: &Var, out: &mut HashMap<VarId, Var>| {
        out.entry(v.id).or_insert_with(|| v.clone());
    };
    let atoms = |args: &[Atom], out: &mut HashMap<VarId, Var>| {
        for a in args {
            if let Atom::Var(v) = a {
                out.entry(v.id).or_insert_with(|| v.clone());
            }
        }
    };
    match e {
        Expr::Atom(a) => atoms(std::slice::from_ref(a), out),
        Expr::App(f, args) => {
            add(f, out);
            atoms(args, out);
        }
        Expr::Con(_, args) | Expr::Prim(_, args) | Expr::Foreign(_, args) | Expr::Tuple(args) => {
            atoms(args, out)
        }
        Expr::Let(b, body) => {
            for (v, r) in b.pairs() {
                add(v, out);
                match r {
                    Rhs::Con(_, args) => atoms(args, out),
                    Rhs::Closure { fvs, body, .. } => {
                        fvs.iter().for_each(|v| add(v, out));
                        collect_vars(body, out);
                    }
                }
            }
            collect_vars(body, out);
        }
        Expr::Case(s, b, alts) => {
            collect_vars(s, out);
            add(b, out);
            for a in alts {
                a.binders.iter().for_each(|v| add(v, out));
                collect_vars(&a.rhs, out);
            }
        }
    }
}

/// Converts a (simplified) Core program to STG.
pub fn program_to_stg(prog: &core::Program, prims: &dyn PrimTable) -> Result<Program> {
    let mut top = HashSet::new();
    let mut top_arity = HashMap::new();
    let mut max_id = prog.main.as_ref().map_or(0, |v| v.id.0);
    for b in &prog.binds {
        let pairs: Vec<(&Var, &core::Expr)> = match b {
            Bind::NonRec(v, e) => vec![(v, e)],
            Bind::Rec(g) => g.iter().map(|(v, e)| (v, e)).collect(),
        };
        for (v, e) in pairs {
            top.insert(v.id);
            max_id = max_id.max(v.id.0).max(max_var_id(e));
            if let core::Expr::Lam(ps, _) = e {
                top_arity.insert(v.id, ps.len());
            }
        }
    }
    let mut cv = Converter {
        prog,
        prims,
        next_id: max_id + 1,
        top,
        top_arity,
        subst: HashMap::new(),
        context: String::new(),
        lifted: Vec::new(),
    };
    let mut binds = Vec::new();
    for b in &prog.binds {
        let (pairs, rec) = match b {
            Bind::NonRec(v, e) => (vec![(v.clone(), e.clone())], false),
            Bind::Rec(g) => (g.clone(), true),
        };
        let mut group = Vec::new();
        for (v, e) in pairs {
            cv.context = format!("top-level binding {}", v.name);
            if v.rep != Rep::Ptr {
                return Err(cv.err(format!(
                    "top-level bindings must have rep ptr, this one has rep {}",
                    v.rep
                )));
            }
            let (rhs, extra) = match e {
                core::Expr::Var(_) | core::Expr::Lit(_) => {
                    // An alias or a literal: a CAF that returns it.
                    let body = cv.expr(e)?;
                    (cv.closure(vec![], body, UpdateFlag::Updatable), vec![])
                }
                e => cv.rhs(e)?,
            };
            for extra in extra {
                // Named constructor fields become top-level bindings too.
                if let Binding::NonRec(x, r) = extra {
                    cv.top.insert(x.id);
                    group.push((x, r));
                }
            }
            group.push((v, rhs));
        }
        // Free variables were computed before the new top-level names were
        // known: drop those from every closure of the group.
        for (_, rhs) in &mut group {
            if let Rhs::Closure { fvs, .. } = rhs {
                fvs.retain(|f| !cv.top.contains(&f.id));
                if !fvs.is_empty() {
                    return Err(cv.err("a top-level closure has local free variables"));
                }
            }
        }
        if rec || group.len() > 1 {
            binds.push(Binding::Rec(group));
        } else if let Some((v, r)) = group.pop() {
            binds.push(Binding::NonRec(v, r));
        }
    }
    if !cv.lifted.is_empty() {
        binds.push(Binding::Rec(std::mem::take(&mut cv.lifted)));
    }
    Ok(Program {
        cons: prog.cons.clone(),
        binds,
        main: prog.main.clone(),
        foreign_exports: prog.foreign_exports.clone(),
    })
}
