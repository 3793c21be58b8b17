//! Specialisation of local functions to arguments that never change:
//! the dictionary parameters of generalised `let`/`where` functions
//! (Note [Constant-argument specialisation]). A Core-to-Core pass run by
//! the optimiser before its simplifier, so that the substituted top-level
//! dictionaries meet the known-dictionary selection and inlining there.

// Note [Constant-argument specialisation]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// The front end generalises local bindings without signatures, so
//
//     primes = sieve [2 ..] where sieve (p : xs) = .. x `mod` p /= 0 ..
//
// becomes `letrec sieve = \dIntegral arg -> .. sieve dIntegral .. in
// sieve $fIntegralInt (..)`: every `mod`, `/=` and literal in the loop
// selects a method from a dictionary that is a run-time argument. GHC -O
// specialises such functions; we do the simplest sound version of it.
//
// For a `let` (recursive or not) binding `f = \p0 .. pn -> body`, parameter
// `pi` is *constant* when
//
// * every occurrence of `f` (in the `let` body and in every right-hand side
//   of the group) is the head of a call with more than `i` arguments — `f`
//   never escapes as a value, so we see every call;
// * each call's argument `i` is either one and the same variable `d`, or,
//   in a call inside `f`'s own right-hand side, `pi` itself (a recursive
//   call passing the parameter on unchanged);
// * at least one call passes `d`, and `d` is bound outside the `let` (not
//   anywhere inside it: ids are unique, so `d` then denotes one value at
//   every call) and has `pi`'s rep.
//
// Then every call of `f` passes the value of `d` as `pi`, so `f` is the same
// function with `pi` replaced by `d` and the argument dropped at every call.
// Nothing is evaluated earlier or more often (only a variable moves), and
// no code is copied. If every parameter would go, the last one is kept
// (a function stays a function, so no sharing changes).
//
// Where it must not fire: polymorphic recursion (`f (dList d) ..`), a
// dictionary that differs between calls, a function passed as a value
// (`map (f d)` is a call; `map f` is not and blocks it), a `d` bound
// inside the `let`. The tests in crates/stg/tests/specialise.rs check each.
//
// Inner `let`s are done first, so a local function specialised to an outer
// function's dictionary parameter is specialised again, to the top-level
// dictionary, when the outer one is.
//
// Not done: copying a *top-level* overloaded function for each dictionary
// it is called with (GHC's SPECIALISE); small ones are inlined by the
// optimiser anyway.

use std::collections::{HashMap, HashSet};

use frontend::core::{Alt, Bind, Expr, Program, Var, VarId};

use crate::optimise::{map_children, replace_var};

/// Runs the specialisation over every top-level right-hand side.
pub fn specialise_program(prog: &Program) -> Program {
    let mut out = prog.clone();
    for b in &mut out.binds {
        match b {
            Bind::NonRec(_, e) => take_and(e, specialise),
            Bind::Rec(g) => g.iter_mut().for_each(|(_, e)| take_and(e, specialise)),
        }
    }
    out
}

fn take_and(e: &mut Expr, f: fn(Expr) -> Expr) {
    let taken = std::mem::replace(e, Expr::Lit(frontend::core::Lit::Int(0)));
    *e = f(taken);
}

/// Specialises the local functions of an expression (inner `let`s first).
pub fn specialise(e: Expr) -> Expr {
    match e {
        Expr::Let(b, body) => {
            let b = match *b {
                Bind::NonRec(v, r) => Bind::NonRec(v, specialise(r)),
                Bind::Rec(g) => Bind::Rec(g.into_iter().map(|(v, r)| (v, specialise(r))).collect()),
            };
            specialise_let(b, specialise(*body))
        }
        e => map_children(e, &mut specialise),
    }
}

/// One call of a function: its argument variables (`None` for a
/// non-variable argument), and the group member whose right-hand side
/// contains it (`None`: the `let` body).
struct Call {
    args: Vec<Option<VarId>>,
    inside: Option<VarId>,
}

/// The calls of `f` in `e`, or `None` if `f` occurs other than as the head
/// of a call.
fn calls_of(f: VarId, e: &Expr, inside: Option<VarId>, out: &mut Vec<Call>) -> Option<()> {
    match e {
        Expr::Var(v) => (v.id != f).then_some(()),
        Expr::Lit(_) => Some(()),
        Expr::App(g, args) => {
            match &**g {
                Expr::Var(v) if v.id == f => out.push(Call {
                    args: args
                        .iter()
                        .map(|a| match a {
                            Expr::Var(x) => Some(x.id),
                            _ => None,
                        })
                        .collect(),
                    inside,
                }),
                g => calls_of(f, g, inside, out)?,
            }
            args.iter().try_for_each(|a| calls_of(f, a, inside, out))
        }
        Expr::Lam(_, body) => calls_of(f, body, inside, out),
        Expr::Let(b, body) => {
            match &**b {
                Bind::NonRec(_, r) => calls_of(f, r, inside, out)?,
                Bind::Rec(g) => g
                    .iter()
                    .try_for_each(|(_, r)| calls_of(f, r, inside, out))?,
            }
            calls_of(f, body, inside, out)
        }
        Expr::Case(s, _, alts) => {
            calls_of(f, s, inside, out)?;
            alts.iter()
                .try_for_each(|a| calls_of(f, &a.rhs, inside, out))
        }
        Expr::ConApp(_, args)
        | Expr::PrimApp(_, args)
        | Expr::Foreign(_, args)
        | Expr::UnboxedTuple(args) => args.iter().try_for_each(|a| calls_of(f, a, inside, out)),
    }
}

/// Every variable bound anywhere in `e` (lambda parameters, `let` and
/// `case` binders, alternative fields).
fn binders(e: &Expr, out: &mut HashSet<VarId>) {
    crate::optimise::walk(e, &mut |e| match e {
        Expr::Lam(ps, _) => out.extend(ps.iter().map(|p| p.id)),
        Expr::Let(b, _) => match &**b {
            Bind::NonRec(v, _) => {
                out.insert(v.id);
            }
            Bind::Rec(g) => out.extend(g.iter().map(|(v, _)| v.id)),
        },
        Expr::Case(_, b, alts) => {
            out.insert(b.id);
            for a in alts {
                out.extend(a.binders.iter().map(|v| v.id));
            }
        }
        _ => {}
    });
}

/// The constant parameters of `f = \params -> ..` given all its calls
/// (Note [Constant-argument specialisation]): parameter index and the
/// variable it always is.
fn constant_params(
    f: VarId,
    params: &[Var],
    calls: &[Call],
    bound_inside: &HashSet<VarId>,
    vars: &HashMap<VarId, Var>,
) -> Vec<(usize, Var)> {
    let mut out = Vec::new();
    for (i, p) in params.iter().enumerate() {
        let mut constant: Option<VarId> = None;
        let ok = calls.iter().all(|c| match c.args.get(i) {
            Some(Some(x)) if *x == p.id && c.inside == Some(f) => true,
            Some(Some(x)) if constant.is_none_or(|d| d == *x) => {
                constant = Some(*x);
                true
            }
            _ => false,
        });
        let Some(d) = constant.filter(|_| ok) else {
            continue;
        };
        if bound_inside.contains(&d) {
            continue;
        }
        if let Some(dv) = vars.get(&d).filter(|dv| dv.rep == p.rep) {
            out.push((i, dv.clone()));
        }
    }
    // A function stays a function: keep at least one parameter.
    if out.len() == params.len() {
        out.pop();
    }
    out
}

/// The variables that occur as call arguments (to recover a `Var` from an
/// id).
fn arg_vars(e: &Expr, out: &mut HashMap<VarId, Var>) {
    crate::optimise::walk(e, &mut |e| {
        if let Expr::App(_, args) = e {
            for a in args {
                if let Expr::Var(v) = a {
                    out.entry(v.id).or_insert_with(|| v.clone());
                }
            }
        }
    });
}

/// Specialises the functions bound by one `let` (already specialised
/// inside).
fn specialise_let(b: Bind, body: Expr) -> Expr {
    let (rec, members) = match b {
        Bind::NonRec(v, r) => (false, vec![(v, r)]),
        Bind::Rec(g) => (true, g),
    };
    let rebuild = |members: Vec<(Var, Expr)>, body: Expr| {
        let b = if rec {
            Bind::Rec(members)
        } else {
            let mut members = members;
            let (v, r) = members.pop().unwrap_or_else(|| unreachable!("one member"));
            Bind::NonRec(v, r)
        };
        Expr::Let(Box::new(b), Box::new(body))
    };
    if !members.iter().any(|(_, r)| matches!(r, Expr::Lam(..))) {
        return rebuild(members, body);
    }
    let mut bound_inside = HashSet::new();
    let mut vars = HashMap::new();
    binders(&body, &mut bound_inside);
    arg_vars(&body, &mut vars);
    for (v, r) in &members {
        bound_inside.insert(v.id);
        binders(r, &mut bound_inside);
        arg_vars(r, &mut vars);
    }
    // Per member: the parameters to drop, with their replacements.
    let mut plan: HashMap<VarId, Vec<(usize, Var)>> = HashMap::new();
    for (f, r) in &members {
        let Expr::Lam(params, _) = r else { continue };
        let mut calls = Vec::new();
        let seen = calls_of(f.id, &body, None, &mut calls).and_then(|()| {
            members
                .iter()
                .filter(|_| rec)
                .try_for_each(|(g, gr)| calls_of(f.id, gr, Some(g.id), &mut calls))
        });
        if seen.is_none() || calls.is_empty() {
            continue;
        }
        let drop = constant_params(f.id, params, &calls, &bound_inside, &vars);
        if !drop.is_empty() {
            plan.insert(f.id, drop);
        }
    }
    if plan.is_empty() {
        return rebuild(members, body);
    }
    let members = members
        .into_iter()
        .map(|(f, r)| {
            let r = drop_call_args(r, &plan);
            let r = match (plan.get(&f.id), r) {
                (Some(drop), Expr::Lam(params, lam_body)) => {
                    let mut lam_body = *lam_body;
                    let mut kept = Vec::new();
                    for (i, p) in params.into_iter().enumerate() {
                        match drop.iter().find(|(j, _)| *j == i) {
                            Some((_, d)) => lam_body = replace_var(lam_body, p.id, d),
                            None => kept.push(p),
                        }
                    }
                    Expr::Lam(kept, Box::new(lam_body))
                }
                (_, r) => r,
            };
            (f, r)
        })
        .collect();
    rebuild(members, drop_call_args(body, &plan))
}

/// Removes the dropped arguments from every call of a specialised function.
fn drop_call_args(e: Expr, plan: &HashMap<VarId, Vec<(usize, Var)>>) -> Expr {
    let go = |e: Expr| drop_call_args(e, plan);
    match e {
        Expr::App(f, args) => {
            let args: Vec<Expr> = args.into_iter().map(go).collect();
            match (*f, args) {
                (Expr::Var(fv), args) if plan.contains_key(&fv.id) => {
                    let drop = &plan[&fv.id];
                    let kept: Vec<Expr> = args
                        .into_iter()
                        .enumerate()
                        .filter(|(i, _)| !drop.iter().any(|(j, _)| j == i))
                        .map(|(_, a)| a)
                        .collect();
                    if kept.is_empty() {
                        Expr::Var(fv)
                    } else {
                        Expr::App(Box::new(Expr::Var(fv)), kept)
                    }
                }
                (f, args) => Expr::App(Box::new(go(f)), args),
            }
        }
        e => map_children(e, &mut |c| drop_call_args(c, plan)),
    }
}

// Note [Top-level specialisation]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A top-level overloaded function called with a known instance dictionary,
// `even $fIntegralInt i`, gets a copy for that dictionary (GHC's
// SPECIALISE, done automatically): `$seven@$fIntegralInt = \n -> body`
// with the dictionary parameter replaced by the dictionary, and the call
// becomes `$seven@$fIntegralInt i`. The copy's binders are renamed apart
// (ids stay unique) and the copy is rewritten like every other binding, so
// its own recursive calls (which pass the parameter on, now the
// dictionary) call the copy. A dictionary *function* applied to a
// dictionary (`$fOrd[] $fOrdChar`, built at every use before) becomes a
// top-level constant (a CAF) evaluated once: more sharing, same value.
// Once its fields are named (`name_top_level_fields` in lib.rs), it is a
// known dictionary like any other.
//
// What counts as a known dictionary: a top-level constructor application
// whose name starts with `$f` (the front end's name for instances and
// their superclass fields). Copies are limited to functions of at most
// `SPECIALISE_SIZE` and to `MAX_COPIES` per program, so code growth is
// bounded; one copy per (function, dictionary arguments) pair.
// Correctness: the copy is the original function partially applied to the
// dictionaries, beta-reduced; the dictionaries are top-level values, so
// nothing is evaluated at a different time.

/// Largest function (in [`crate::optimise::size`] units) copied per
/// dictionary.
pub const SPECIALISE_SIZE: usize = 400;
/// Most copies made for one program.
pub const MAX_COPIES: usize = 300;

struct TopSpec<'p> {
    /// Top-level functions that may be copied: parameters and body.
    functions: HashMap<VarId, (&'p Var, &'p Expr)>,
    /// Known instance dictionaries.
    dicts: HashMap<VarId, Var>,
    /// Copies made: (function, fixed parameters) -> the copy's variable.
    copies: HashMap<(VarId, Vec<(usize, VarId)>), Var>,
    /// The index of each top-level binding's group in the program.
    group_of: HashMap<VarId, usize>,
    /// Copies still to be rewritten, with the group they follow.
    pending: Vec<(usize, Var, Expr)>,
    facts: crate::optimise::OptFacts,
}

// Note [Where copies go]
// ~~~~~~~~~~~~~~~~~~~~~~
// The optimiser simplifies top-level groups in program order, and a call
// is inlined only if its callee was simplified before it. A copy is the
// original with its dictionaries substituted, and the point of making it
// is that the methods it selects from them are inlined: so it goes right
// after the later of the original's group and the dictionaries' groups
// (whose named fields are the methods, `name_top_level_fields`). Placed
// after the original only, `$smapM_@$fMonadIO` came before the IO
// instance in GHC.Base, and every step of the loop called IO's `>>` out of
// line. Top-level order has no other meaning (every top-level binding
// sees every other).

/// Copies top-level overloaded functions for the known dictionaries they
/// are called with (Note [Top-level specialisation]). The copies are
/// placed after the group of the function they copy or of a dictionary they
/// fix, whichever comes last (Note [Where copies go]).
pub fn specialise_top_level(prog: &Program) -> Program {
    let mut next = prog.main.as_ref().map_or(0, |m| m.id.0);
    let mut functions = HashMap::new();
    let mut dicts = HashMap::new();
    for b in &prog.binds {
        let pairs: Vec<(&Var, &Expr)> = match b {
            Bind::NonRec(v, e) => vec![(v, e)],
            Bind::Rec(g) => g.iter().map(|(v, e)| (v, e)).collect(),
        };
        for (v, e) in pairs {
            next = next.max(v.id.0).max(crate::simplify::max_var_id(e));
            match e {
                Expr::Lam(..) if crate::optimise::size(e) <= SPECIALISE_SIZE && !is_selector(e) => {
                    functions.insert(v.id, (v, e));
                }
                Expr::ConApp(c, _)
                    if prog
                        .cons
                        .get(c.0 as usize)
                        .is_some_and(|c| c.name.ends_with(":Dict")) =>
                {
                    dicts.insert(v.id, v.clone());
                }
                _ => {}
            }
        }
    }
    let facts = crate::optimise::OptFacts::default();
    facts.next_id.set(next + 1);
    let mut spec = TopSpec {
        functions,
        dicts,
        copies: HashMap::new(),
        group_of: prog
            .binds
            .iter()
            .enumerate()
            .flat_map(|(i, b)| match b {
                Bind::NonRec(v, _) => vec![(v.id, i)],
                Bind::Rec(g) => g.iter().map(|(v, _)| (v.id, i)).collect(),
            })
            .collect(),
        pending: Vec::new(),
        facts,
    };
    let mut out = prog.clone();
    // Last binding first: the program's own code comes after the library
    // (dependency order), so its calls get copies before `MAX_COPIES` is
    // reached. The copies are rewritten too (they may call further copies,
    // themselves included), then each is placed after the group it follows
    // (Note [Where copies go]).
    let mut done: HashMap<usize, Vec<(Var, Expr)>> = HashMap::new();
    let reachable = reachable_from_roots(prog);
    for b in out.binds.iter_mut().rev() {
        let live = match &*b {
            Bind::NonRec(v, _) => reachable.as_ref().is_none_or(|r| r.contains(&v.id)),
            Bind::Rec(g) => g
                .iter()
                .any(|(v, _)| reachable.as_ref().is_none_or(|r| r.contains(&v.id))),
        };
        if !live {
            continue;
        }
        match b {
            Bind::NonRec(_, e) => take_and_with(e, &mut spec),
            Bind::Rec(g) => g.iter_mut().for_each(|(_, e)| take_and_with(e, &mut spec)),
        }
        while let Some((after, v, e)) = spec.pending.pop() {
            let e = spec.rewrite(e);
            done.entry(after).or_default().push((v, e));
        }
    }
    if done.is_empty() {
        return out;
    }
    let mut binds = Vec::with_capacity(out.binds.len() + done.len());
    for (i, b) in out.binds.into_iter().enumerate() {
        binds.push(b);
        if let Some(mut copies) = done.remove(&i) {
            copies.sort_by_key(|(v, _)| v.id);
            binds.push(Bind::Rec(copies));
        }
    }
    out.binds = binds;
    out
}

/// The top-level bindings reachable from `main` and the foreign exports
/// (`None` for a program without `main`: then every binding counts). Only
/// their calls get copies, so the library's unused code does not grow the
/// image.
fn reachable_from_roots(prog: &Program) -> Option<HashSet<VarId>> {
    let main = prog.main.as_ref()?;
    let mut rhs: HashMap<VarId, &Expr> = HashMap::new();
    for b in &prog.binds {
        match b {
            Bind::NonRec(v, e) => {
                rhs.insert(v.id, e);
            }
            Bind::Rec(g) => g.iter().for_each(|(v, e)| {
                rhs.insert(v.id, e);
            }),
        }
    }
    let mut seen = HashSet::new();
    let mut todo: Vec<VarId> = std::iter::once(main.id)
        .chain(prog.foreign_exports.iter().map(|x| x.target.id))
        .collect();
    while let Some(v) = todo.pop() {
        if !seen.insert(v) {
            continue;
        }
        if let Some(e) = rhs.get(&v) {
            todo.extend(
                crate::simplify::core_free_vars(e)
                    .into_iter()
                    .filter(|x| rhs.contains_key(x) && !seen.contains(x)),
            );
        }
    }
    Some(seen)
}

/// A method selector `\d -> case d of C .. -> xi` (the simplifier selects
/// from known dictionaries itself; a copy would only be an alias).
fn is_selector(e: &Expr) -> bool {
    let Expr::Lam(ps, body) = e else { return false };
    matches!((ps.as_slice(), &**body), ([p], Expr::Case(s, _, alts))
        if matches!(&**s, Expr::Var(d) if d.id == p.id)
            && matches!(alts.as_slice(), [a] if matches!(a.rhs, Expr::Var(_))))
}

fn take_and_with(e: &mut Expr, spec: &mut TopSpec<'_>) {
    let taken = std::mem::replace(e, Expr::Lit(frontend::core::Lit::Int(0)));
    *e = spec.rewrite(taken);
}

impl TopSpec<'_> {
    /// The copy of `f` with the given parameters fixed, made on first use.
    fn copy_of(&mut self, f: VarId, fixed: Vec<(usize, VarId)>) -> Option<Var> {
        if let Some(c) = self.copies.get(&(f, fixed.clone())) {
            return Some(c.clone());
        }
        if self.copies.len() >= MAX_COPIES {
            return None;
        }
        let &(fv, rhs) = self.functions.get(&f)?;
        let Expr::Lam(params, body) = crate::optimise::freshen(rhs, &self.facts) else {
            return None;
        };
        let mut body = *body;
        let mut kept = Vec::new();
        let mut name = format!("$s{}", fv.name);
        for (i, p) in params.into_iter().enumerate() {
            match fixed.iter().find(|(j, _)| *j == i) {
                Some(_) if p.rep != frontend::core::Rep::Ptr => return None,
                Some(&(_, d)) => {
                    let dv = self.dicts.get(&d)?.clone();
                    name.push('@');
                    name.push_str(&dv.name);
                    body = replace_var(body, p.id, &dv);
                }
                None => kept.push(p),
            }
        }
        let copy = self.facts.fresh(&name, frontend::core::Rep::Ptr);
        let rhs = if kept.is_empty() {
            // A dictionary function's `letrec d = C:Dict .. in d` becomes
            // the constructor itself, `d` being the copy (a top-level
            // knot instead of a local one), so it is a known dictionary.
            match body {
                Expr::Let(b, res) => match (*b, *res) {
                    (Bind::Rec(mut g), Expr::Var(r))
                        if g.len() == 1
                            && g[0].0.id == r.id
                            && matches!(g[0].1, Expr::ConApp(..)) =>
                    {
                        let (d, con) = g.pop().unwrap_or_else(|| unreachable!("one member"));
                        replace_var(con, d.id, &copy)
                    }
                    (b, res) => Expr::Let(Box::new(b), Box::new(res)),
                },
                body => body,
            }
        } else {
            Expr::Lam(kept, Box::new(body))
        };
        // After the function and the dictionaries, whichever comes last
        // (Note [Where copies go]).
        let after = std::iter::once(f)
            .chain(fixed.iter().map(|&(_, d)| d))
            .filter_map(|v| self.group_of.get(&v).copied())
            .max()?;
        self.copies.insert((f, fixed), copy.clone());
        self.pending.push((after, copy.clone(), rhs));
        Some(copy)
    }

    /// Rewrites every call of a copyable function with known dictionary
    /// arguments into a call of its copy.
    fn rewrite(&mut self, e: Expr) -> Expr {
        match e {
            Expr::Var(_) | Expr::Lit(_) => e,
            Expr::App(f, args) => {
                let args: Vec<Expr> = args.into_iter().map(|a| self.rewrite(a)).collect();
                let f = match *f {
                    Expr::Var(fv) => fv,
                    f => return Expr::App(Box::new(self.rewrite(f)), args),
                };
                let arity = match self.functions.get(&f.id) {
                    Some((_, Expr::Lam(ps, _))) => ps.len(),
                    _ => 0,
                };
                let fixed: Vec<(usize, VarId)> = args
                    .iter()
                    .take(arity)
                    .enumerate()
                    .filter_map(|(i, a)| match a {
                        Expr::Var(d) if self.dicts.contains_key(&d.id) => Some((i, d.id)),
                        _ => None,
                    })
                    .collect();
                if fixed.is_empty() {
                    return Expr::App(Box::new(Expr::Var(f)), args);
                }
                let Some(copy) = self.copy_of(f.id, fixed.clone()) else {
                    return Expr::App(Box::new(Expr::Var(f)), args);
                };
                let rest: Vec<Expr> = args
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| !fixed.iter().any(|(j, _)| j == i))
                    .map(|(_, a)| a)
                    .collect();
                if rest.is_empty() {
                    Expr::Var(copy)
                } else {
                    Expr::App(Box::new(Expr::Var(copy)), rest)
                }
            }
            Expr::Lam(ps, body) => Expr::Lam(ps, Box::new(self.rewrite(*body))),
            Expr::Let(b, body) => {
                let b = match *b {
                    Bind::NonRec(v, r) => Bind::NonRec(v, self.rewrite(r)),
                    Bind::Rec(g) => {
                        Bind::Rec(g.into_iter().map(|(v, r)| (v, self.rewrite(r))).collect())
                    }
                };
                Expr::Let(Box::new(b), Box::new(self.rewrite(*body)))
            }
            Expr::Case(s, b, alts) => Expr::Case(
                Box::new(self.rewrite(*s)),
                b,
                alts.into_iter()
                    .map(|a| Alt {
                        rhs: self.rewrite(a.rhs),
                        ..a
                    })
                    .collect(),
            ),
            Expr::ConApp(c, args) => {
                Expr::ConApp(c, args.into_iter().map(|a| self.rewrite(a)).collect())
            }
            Expr::PrimApp(p, args) => {
                Expr::PrimApp(p, args.into_iter().map(|a| self.rewrite(a)).collect())
            }
            Expr::Foreign(fc, args) => {
                Expr::Foreign(fc, args.into_iter().map(|a| self.rewrite(a)).collect())
            }
            Expr::UnboxedTuple(args) => {
                Expr::UnboxedTuple(args.into_iter().map(|a| self.rewrite(a)).collect())
            }
        }
    }
}
