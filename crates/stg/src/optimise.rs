//! The optimiser: the whole-program driver of the simplifier's optional
//! rewrites (see Note [The optimiser]), and the Core utilities they need —
//! sizes, renaming binders apart, substitution.
//!
//! [`optimise_program`] runs after [`crate::simplify_program`] when
//! [`crate::Options::optimise`] is on. It collects top-level facts (aliases,
//! small functions worth inlining, cheap primops) and simplifies every
//! binding in dependency order, so a function is optimised before it is
//! inlined into its callers.

// Note [The optimiser]
// ~~~~~~~~~~~~~~~~~~~~
// The front end produces Core in which every arithmetic operation is a
// class-method call through a dictionary and every primitive is a call of a
// boxed wrapper: `n < 2` is `(<) $fOrdInt n (fromInteger $fNumInt 2)`. Per
// nfib call that was 11 BCO activations and several thunks. The optimiser
// turns it into direct primop code with these rewrites (all in
// simplify.rs, switched on by `Globals::opt`):
//
// * Specialisation (specialise.rs, first): local functions lose constant
//   dictionary parameters, top-level overloaded functions get a copy per
//   known dictionary they are called with (Note [Constant-argument
//   specialisation], Note [Top-level specialisation]), so that the
//   selections below see known dictionaries.
// * Aliases. A top-level `x = y` (a method field that is just another
//   top-level function, e.g. `$fNumInt$f0 = primIntAdd`) is replaced by `y`
//   at every use. Both denote the same value; `x` was a CAF whose only work
//   is to become `y`.
// * Known-dictionary selection (already in the basic simplifier): a field
//   selector applied to a top-level dictionary constructor is the field; the
//   result is then alias-resolved and may be inlined.
// * Inlining. A top-level function whose body is small (`INLINE_SIZE`) and
//   does not call itself directly is inlined at saturated calls:
//   its binders are renamed apart (Core ids are unique program-wide, so each
//   copy needs fresh ones) and the call is beta-reduced (lazy `let`s for
//   non-atomic arguments, as before). Depth is bounded (`MAX_INLINE_DEPTH`).
//   Unsaturated calls are inlined too (`bindIO m k` becomes a lambda of
//   the token), with beta reduction, pushing arguments into `case`/`let`
//   and the state hack: Note [Inlining IO code] in inline.rs.
// * Literal folding. `integerToInt# <Integer literal>` (what
//   `fromInteger $fNumInt 2` becomes) is the `Int` literal (mod 2^64, as
//   GHC's `fromInteger`), likewise `integerToWord#` and `integerToDouble#`;
//   `case` of any literal with only a default alternative binds it.
//   Arithmetic and comparisons on two Int literals are folded.
// * Impossible defaults. In the default alternative of `case x of { C ->
//   ..; DEFAULT -> e }`, `x` is known not to be `C`; a case whose
//   constructor alternatives and known exclusions cover the whole type
//   loses its default (the front end's `patError` fallbacks after
//   exhaustive matches).
// * Case of case. `case (case s of p -> r ...) of alts` becomes
//   `case s of p -> case r of alts ...` (and `case (let b in e) of alts`
//   becomes `let b in case e of alts`), so that a `Bool` built by an inlined
//   comparison meets the `if` that consumes it. Outer alternatives are
//   copied (renamed apart) into each leaf, so it is done only when the copies
//   are small: each leaf that is a known constructor or literal keeps just
//   the alternative it selects, and the total copied size may exceed the
//   original by at most `CASE_OF_CASE_SLACK`.
// * Let to case. `let x = e in case x of b { alts }` (a lazy `x` demanded at
//   once) becomes `case e of b { alts[b/x] }`: the thunk would be forced
//   immediately anyway, so building it is pure overhead. Evaluation order
//   and laziness are unchanged.
// * Cheap speculation. `let x = C (a +# 1#)` — a constructor whose unboxed
//   field is a cheap, total primop on atoms (`PrimTable::is_cheap`) —
//   becomes `case a +# 1# of r { DEFAULT -> let x = C r in ... }`: computing
//   the field early cannot fail or loop, and `x` becomes a plain
//   constructor instead of a thunk.
// * Case binder swap. Inside the alternatives of `case x of b { .. }`
//   (`x` a boxed variable), `x` is replaced by `b`: the same value, but
//   one code generation knows is evaluated. A later `case x` (the match
//   compiler's re-scrutinise in a default alternative, or a second use of
//   a primop's result) then costs no `eval`, and a closure captures the
//   value rather than the thunk that became it.
// * Identity tuple case. `case e of (# x, y #) -> (# x, y #)` is `e`
//   (`returns_its_tuple`): what a `>>= return`-shaped IO wrapper around a
//   primop or call leaves (`mask_`'s `primMaskAsyncExceptions io`, the
//   child's `catch#` in `forkIO`); in tail position `e` is then a tail
//   call and its caller's frame is not kept only to return its values.
// * Recursive groups float in. `letrec g in case e of alts` with `g` used
//   in one alternative only moves into it (`float_rec_into_alt`), as a
//   lazy `let` does: `enumFromTo`'s local `go` then captures the evaluated
//   (and unboxed) bound instead of evaluating it again per element.
//
// Every rewrite keeps laziness and sharing: nothing that was lazy is
// evaluated (except cheap total primops), and no work is duplicated (the
// inlined functions are copied as code, not as evaluated values).
// `Options { optimise: false }` turns all of this off for bisecting; the test
// crates/stg/tests/optimise.rs checks that programs give the same results
// either way on the reference evaluator.

// Note [Worker/wrapper]
// ~~~~~~~~~~~~~~~~~~~~~
// A recursive (or too big to inline) top-level function whose body starts by
// evaluating some of its parameters, each of a single-constructor type with
// one unboxed field (`Int`, `Word`, `Double`, `Char`):
//
//     f = \x y -> case x of _ { I# a -> rest }
//
// is split into a worker taking the unboxed field and a small wrapper that
// does the evaluation and calls it:
//
//     $wf = \a y -> let x = I# a in rest        -- x dropped if unused
//     f   = \x y -> case x of _ { I# a -> $wf a y }
//
// If every result of the body (each leaf in tail position) is that same
// constructor applied to an atom, or a saturated call of `f` itself, the
// worker returns the unboxed field instead (the "constructed product
// result"): leaves `I# r` become `r`, self-calls `f ..` become
// `case f .. of { I# r -> r }`, and the wrapper re-boxes:
// `case $wf a y of r { DEFAULT -> I# r }`.
//
// The wrapper is then inlined everywhere (the worker body included), so a
// recursive call `f (I# (n -# 1#))` becomes `$wf (n -# 1#)`, and
// `case (case $wf .. of r -> I# r) of I# z -> e` becomes, by case of case,
// `case $wf .. of z -> e`: no boxes, no evaluation of arguments. The
// wrapper evaluates exactly the parameters the original evaluated first,
// in the same order, so strictness and laziness are unchanged. A self
// tail call stays a tail call: STG conversion turns
// `case e of r { DEFAULT -> r }` into `e`.

// Note [Strict parameters]
// ~~~~~~~~~~~~~~~~~~~~~~~~
// A bang pattern (`loop n !acc`) evaluates its parameter with a DEFAULT
// case, and not always at the head of the body: `case n# of { 0# -> case
// acc of ..; DEFAULT -> case acc of .. }`. Such a parameter is unboxed too
// when
// * it is evaluated at the head of the body (`case acc of _ { DEFAULT ->
//   .. }`, among the head cases above), or every path evaluates it first:
//   before it come only lazy `let`s and cases of unboxed atoms or cheap
//   primops, which cannot fail, loop or be observed (`evaluated_first`),
//   so the wrapper evaluating it earlier changes nothing; and
// * its constructor is known: some `case` in the body matches it (or a
//   case binder of it) against a constructor of a single-constructor type
//   with one unboxed field (`scrutinised_con`, `unboxed_box`) — the type
//   Core does not record, read off a use.
// A caller that passes a thunk (`loop (n - 1) (acc + v)`) then meets the
// inlined wrapper's `case`, and let-to-case computes `acc + v` at the call
// instead of allocating a thunk the next iteration would force at once.
// The function was strict in the parameter on every path, so that thunk
// was always forced before anything else: laziness is unchanged.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use frontend::core::{Alt, AltCon, Bind, ConId, DataCon, Expr, Program, Rep, Var, VarId};

use crate::prims::PrimTable;
use crate::simplify::{self, Globals, max_var_id};

/// Largest body (in [`size`] units) of a function that is inlined.
pub const INLINE_SIZE: usize = 24;
/// How deeply inlined code may inline further.
pub const MAX_INLINE_DEPTH: u32 = 6;
/// How much larger than the original the copied alternatives of a
/// case-of-case may be.
pub const CASE_OF_CASE_SLACK: usize = 12;

/// What the optimiser's rewrites know beyond the basic simplifier's facts.
#[derive(Debug, Default)]
pub struct OptFacts {
    /// Top-level variables that are other top-level variables.
    pub(crate) aliases: HashMap<VarId, Var>,
    /// Small top-level functions (already optimised lambdas), by name.
    pub(crate) inline: RefCell<HashMap<VarId, Expr>>,
    /// Cheap primops and their result rep.
    pub(crate) cheap: HashMap<String, Rep>,
    /// The next fresh variable id.
    pub(crate) next_id: Cell<u32>,
}

impl OptFacts {
    /// A fresh variable with the given name and rep.
    pub(crate) fn fresh(&self, name: &str, rep: Rep) -> Var {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        Var {
            id: VarId(id),
            name: name.to_string(),
            rep,
        }
    }
}

fn pairs(b: &Bind) -> Vec<(&Var, &Expr)> {
    match b {
        Bind::NonRec(v, e) => vec![(v, e)],
        Bind::Rec(g) => g.iter().map(|(v, e)| (v, e)).collect(),
    }
}

/// Runs the optimiser over a program (see Note [The optimiser]).
pub fn optimise_program(prog: &Program, prims: &dyn PrimTable) -> Program {
    // Local functions first lose their constant dictionary parameters, so
    // that the selections below see known dictionaries.
    // Overloaded top-level functions get copies for the known dictionaries
    // they are called with, whose fields are then named like every
    // dictionary's (Note [Top-level specialisation]).
    // Local specialisation runs before (it exposes known dictionaries in
    // calls of top-level functions) and after (copies' local functions).
    use crate::specialise::{specialise_program, specialise_top_level};
    let prog = &specialise_program(prog);
    let prog = &crate::name_top_level_fields(&specialise_top_level(prog));
    let mut out = specialise_program(prog);
    let mut next = prog.main.as_ref().map_or(0, |m| m.id.0);
    let mut prim_names = HashSet::new();
    let mut top = HashMap::new();
    for b in &prog.binds {
        for (v, e) in pairs(b) {
            next = next.max(v.id.0).max(max_var_id(e));
            collect_prims(e, &mut prim_names);
            top.insert(v.id, e);
        }
    }
    let cheap = prim_names
        .into_iter()
        .filter(|p| prims.is_cheap(p))
        .filter_map(|p| match prims.result_reps(&p)?.as_slice() {
            [r] => Some((p, *r)),
            _ => None,
        })
        .collect();
    let mut aliases = HashMap::new();
    for (&x, e) in &top {
        let Expr::Var(mut y) = (*e).clone() else {
            continue;
        };
        // Follow the chain (bounded, in case of a cycle `x = y; y = x`).
        let mut steps = 0;
        while let Some(Expr::Var(z)) = top.get(&y.id).map(|e| &**e) {
            if steps > 16 || z.id == x {
                break;
            }
            y = z.clone();
            steps += 1;
        }
        if top.contains_key(&y.id) && y.id != x {
            aliases.insert(x, y);
        }
    }
    let mut globals = Globals::of_program(&out.binds);
    globals.family_sizes = prog.cons.iter().map(|c| c.family_size).collect();
    globals.opt = Some(OptFacts {
        aliases,
        inline: RefCell::new(HashMap::new()),
        cheap,
        next_id: Cell::new(next + 1),
    });
    let globals = Rc::new(globals);
    let Some(facts) = &globals.opt else {
        unreachable!("set above")
    };
    let simplify = |e: &mut Expr| {
        let taken = std::mem::replace(e, Expr::Lit(frontend::core::Lit::Int(0)));
        *e = simplify::simplify_with(taken, globals.clone());
    };
    for b in &mut out.binds {
        let was_rec = matches!(b, Bind::Rec(_));
        let mut members = match std::mem::replace(b, Bind::Rec(vec![])) {
            Bind::NonRec(v, e) => vec![(v, e)],
            Bind::Rec(g) => g,
        };
        let mut inlinable = HashSet::new();
        for (v, e) in &mut members {
            simplify(e);
            if let Expr::Lam(_, body) = &*e {
                let fvs = simplify::core_free_vars(body);
                // Not directly self-recursive. A member of a recursive
                // group that calls the group only through others (`&&`
                // calls `patError`, which reaches `&&` through `show`) may
                // be inlined: the unrolling is bounded by the depth limit.
                if size(body) <= INLINE_SIZE && !fvs.contains(&v.id) {
                    facts.inline.borrow_mut().insert(v.id, e.clone());
                    inlinable.insert(v.id);
                }
            }
        }
        // Worker/wrapper: split, make the wrappers inlinable, then simplify
        // the workers again so that their calls of wrappers are inlined.
        let mut split = Vec::new();
        for (v, e) in &mut members {
            if inlinable.contains(&v.id) {
                continue;
            }
            if let Some((worker, worker_rhs, wrapper_rhs)) = worker_wrapper(v, e, &prog.cons, facts)
            {
                facts.inline.borrow_mut().insert(v.id, wrapper_rhs.clone());
                *e = wrapper_rhs;
                split.push((worker, worker_rhs));
            }
        }
        if split.is_empty() {
            *b = if was_rec {
                Bind::Rec(members)
            } else {
                let (v, e) = members.pop().unwrap_or_else(|| unreachable!("one member"));
                Bind::NonRec(v, e)
            };
            continue;
        }
        for (_, e) in &mut split {
            simplify(e);
        }
        split.extend(members);
        *b = Bind::Rec(split);
    }
    out
}

/// A single-constructor type's constructor with one unboxed field: its
/// field rep.
fn unboxed_box(cons: &[DataCon], c: ConId) -> Option<Rep> {
    let d = cons.get(c.0 as usize)?;
    match d.fields.as_slice() {
        [r] if d.family_size == 1 && !matches!(r, Rep::Ptr | Rep::Void) => Some(*r),
        _ => None,
    }
}

/// Splits `f = rhs` into a worker and a wrapper (Note [Worker/wrapper]):
/// the worker's variable and right-hand side, and the wrapper's
/// right-hand side (which replaces `rhs` under the name `f`).
fn worker_wrapper(
    f: &Var,
    rhs: &Expr,
    cons: &[DataCon],
    facts: &OptFacts,
) -> Option<(Var, Expr, Expr)> {
    let Expr::Lam(params, body) = rhs else {
        return None;
    };
    // The parameters evaluated first, in order, with their constructors.
    let mut strict: Vec<(usize, ConId, Rep)> = Vec::new();
    let mut e = &**body;
    while let Expr::Case(s, _, alts) = e {
        let (Expr::Var(x), [alt]) = (&**s, alts.as_slice()) else {
            break;
        };
        let Some(i) = params.iter().position(|p| p.id == x.id) else {
            break;
        };
        // A bang's DEFAULT case: the constructor from a use
        // (Note [Strict parameters]).
        let c = match alt.con {
            AltCon::Con(c) => Some(c),
            AltCon::Default if x.rep == Rep::Ptr => scrutinised_con(body, x),
            _ => None,
        };
        let Some((c, rep)) = c.and_then(|c| Some((c, unboxed_box(cons, c)?))) else {
            break;
        };
        if strict.iter().any(|(j, _, _)| *j == i) {
            break;
        }
        strict.push((i, c, rep));
        e = &alt.rhs;
    }
    // A boxed parameter evaluated first on every path from here
    // (Note [Strict parameters]).
    let first = params.iter().enumerate().find_map(|(i, p)| {
        let fresh = p.rep == Rep::Ptr && !strict.iter().any(|(j, _, _)| *j == i);
        if !(fresh && evaluated_first(e, p, facts)) {
            return None;
        }
        let c = scrutinised_con(body, p)?;
        unboxed_box(cons, c).map(|rep| (i, c, rep))
    });
    strict.extend(first);
    if strict.is_empty() {
        return None;
    }
    // Constructed product result?
    let mut tails = Vec::new();
    tail_exprs(body, &mut tails);
    let is_self_call = |t: &Expr| {
        matches!(t, Expr::App(g, args) if matches!(&**g, Expr::Var(g) if g.id == f.id)
            && args.len() == params.len())
    };
    let result_con = tails.iter().find_map(|t| match t {
        Expr::ConApp(c, args)
            if args.len() == 1 && matches!(args[0], Expr::Var(_) | Expr::Lit(_)) =>
        {
            unboxed_box(cons, *c).map(|r| (*c, r))
        }
        _ => None,
    });
    let cpr = result_con.filter(|(c, _)| {
        tails.iter().all(|t| {
            is_self_call(t)
                || matches!(t, Expr::ConApp(d, args) if d == c && args.len() == 1
                && matches!(args[0], Expr::Var(_) | Expr::Lit(_)))
        })
    });

    let worker = facts.fresh(&format!("$w{}", f.name), Rep::Ptr);
    // Worker parameters: the unboxed field for each strict parameter.
    let mut worker_params = params.clone();
    let mut fields = Vec::new();
    for &(i, c, rep) in &strict {
        let y = facts.fresh(&format!("{}#", params[i].name), rep);
        worker_params[i] = y.clone();
        fields.push((params[i].clone(), c, y));
    }
    let mut worker_body = (**body).clone();
    if let Some((c, rep)) = cpr {
        worker_body = map_tails(worker_body, &mut |t| match t {
            Expr::ConApp(_, mut args) => args.pop().unwrap_or_else(|| unreachable!("one field")),
            call => {
                let b = facts.fresh("res", Rep::Ptr);
                let r = facts.fresh("res#", rep);
                Expr::Case(
                    Box::new(call),
                    b,
                    vec![Alt {
                        con: AltCon::Con(c),
                        binders: vec![r.clone()],
                        rhs: Expr::Var(r),
                    }],
                )
            }
        });
    }
    for (x, c, y) in fields.iter().rev() {
        worker_body = Expr::Let(
            Box::new(Bind::NonRec(
                x.clone(),
                Expr::ConApp(*c, vec![Expr::Var(y.clone())]),
            )),
            Box::new(worker_body),
        );
    }
    let worker_rhs = Expr::Lam(worker_params, Box::new(worker_body));

    // The wrapper.
    let wrapper_params: Vec<Var> = params.iter().map(|p| facts.fresh(&p.name, p.rep)).collect();
    let mut args: Vec<Expr> = wrapper_params
        .iter()
        .map(|p| Expr::Var(p.clone()))
        .collect();
    let mut unboxed = Vec::new();
    for &(i, c, rep) in &strict {
        let y = facts.fresh(&format!("{}#", params[i].name), rep);
        args[i] = Expr::Var(y.clone());
        unboxed.push((i, c, y));
    }
    let mut call = Expr::App(Box::new(Expr::Var(worker.clone())), args);
    if let Some((c, rep)) = cpr {
        let r = facts.fresh("res#", rep);
        call = Expr::Case(
            Box::new(call),
            r.clone(),
            vec![Alt {
                con: AltCon::Default,
                binders: vec![],
                rhs: Expr::ConApp(c, vec![Expr::Var(r)]),
            }],
        );
    }
    for (i, c, y) in unboxed.into_iter().rev() {
        let b = facts.fresh(&wrapper_params[i].name, Rep::Ptr);
        call = Expr::Case(
            Box::new(Expr::Var(wrapper_params[i].clone())),
            b,
            vec![Alt {
                con: AltCon::Con(c),
                binders: vec![y],
                rhs: call,
            }],
        );
    }
    Some((
        worker,
        worker_rhs,
        Expr::Lam(wrapper_params, Box::new(call)),
    ))
}

/// Whether every path through `e` evaluates `p` before anything but
/// lazy `let`s and `case`s of unboxed atoms or cheap primops (which cannot
/// fail or loop): then evaluating `p` first changes nothing
/// (Note [Strict parameters]).
fn evaluated_first(e: &Expr, p: &Var, facts: &OptFacts) -> bool {
    match e {
        Expr::Case(s, _, alts) => {
            let pure_scrutinee = match &**s {
                Expr::Var(x) if x.id == p.id => return true,
                Expr::Var(x) => x.rep != Rep::Ptr,
                Expr::Lit(_) => true,
                Expr::PrimApp(op, args) => {
                    facts.cheap.contains_key(&op.0) && args.iter().all(simplify::is_atom)
                }
                _ => false,
            };
            pure_scrutinee
                && !alts.is_empty()
                && alts.iter().all(|a| evaluated_first(&a.rhs, p, facts))
        }
        Expr::Let(b, body) => {
            let lazy = match &**b {
                Bind::NonRec(v, _) => v.rep == Rep::Ptr,
                Bind::Rec(g) => g.iter().all(|(v, _)| v.rep == Rep::Ptr),
            };
            lazy && evaluated_first(body, p, facts)
        }
        _ => false,
    }
}

/// A constructor some `case` in `e` matches `p` against (directly, or
/// through the binder of a `case` of `p`): `p`'s type has it.
fn scrutinised_con(e: &Expr, p: &Var) -> Option<ConId> {
    let mut names = HashSet::from([p.id]);
    let mut found = None;
    walk(e, &mut |e| {
        if let Expr::Case(s, b, alts) = e {
            if matches!(&**s, Expr::Var(x) if names.contains(&x.id)) {
                names.insert(b.id);
                found = found.or_else(|| {
                    alts.iter().find_map(|a| match a.con {
                        AltCon::Con(c) => Some(c),
                        _ => None,
                    })
                });
            }
        }
    });
    found
}

/// The expressions in tail position (through `let` bodies and case
/// alternatives).
fn tail_exprs<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match e {
        Expr::Let(_, body) => tail_exprs(body, out),
        Expr::Case(_, _, alts) if !alts.iter().any(|a| a.con == AltCon::UnboxedTuple) => {
            alts.iter().for_each(|a| tail_exprs(&a.rhs, out))
        }
        e => out.push(e),
    }
}

/// Rewrites the expressions in tail position (the ones [`tail_exprs`]
/// lists).
fn map_tails(e: Expr, f: &mut dyn FnMut(Expr) -> Expr) -> Expr {
    match e {
        Expr::Let(b, body) => Expr::Let(b, Box::new(map_tails(*body, f))),
        Expr::Case(s, b, alts) if !alts.iter().any(|a| a.con == AltCon::UnboxedTuple) => {
            Expr::Case(
                s,
                b,
                alts.into_iter()
                    .map(|a| Alt {
                        rhs: map_tails(a.rhs, f),
                        ..a
                    })
                    .collect(),
            )
        }
        e => f(e),
    }
}

fn collect_prims(e: &Expr, out: &mut HashSet<String>) {
    walk(e, &mut |e| {
        if let Expr::PrimApp(p, _) = e {
            out.insert(p.0.clone());
        }
    });
}

/// Calls `f` on every sub-expression (pre-order).
pub fn walk(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(e);
    match e {
        Expr::Var(_) | Expr::Lit(_) => {}
        Expr::App(g, args) => {
            walk(g, f);
            args.iter().for_each(|a| walk(a, f));
        }
        Expr::Lam(_, b) => walk(b, f),
        Expr::Let(b, body) => {
            match &**b {
                Bind::NonRec(_, r) => walk(r, f),
                Bind::Rec(g) => g.iter().for_each(|(_, r)| walk(r, f)),
            }
            walk(body, f);
        }
        Expr::Case(s, _, alts) => {
            walk(s, f);
            alts.iter().for_each(|a| walk(&a.rhs, f));
        }
        Expr::ConApp(_, args)
        | Expr::PrimApp(_, args)
        | Expr::Foreign(_, args)
        | Expr::UnboxedTuple(args) => args.iter().for_each(|a| walk(a, f)),
    }
}

/// The size of an expression: its number of nodes and alternatives.
pub fn size(e: &Expr) -> usize {
    let mut n = 0;
    walk(e, &mut |e| {
        n += 1 + match e {
            Expr::Case(_, _, alts) => alts.len(),
            _ => 0,
        }
    });
    n
}

/// The size of a list of alternatives.
pub fn alts_size(alts: &[Alt]) -> usize {
    alts.iter().map(|a| 1 + size(&a.rhs)).sum()
}

/// A copy of `e` with every variable it binds renamed to a fresh id (free
/// variables are kept), so that the copy can live next to the original
/// without breaking the uniqueness of ids.
pub fn freshen(e: &Expr, facts: &OptFacts) -> Expr {
    let mut map = HashMap::new();
    rename(e, facts, &mut map)
}

/// [`freshen`] for a list of alternatives and the case binder they see.
pub fn freshen_alts(b: &Var, alts: &[Alt], facts: &OptFacts) -> (Var, Vec<Alt>) {
    let mut map = HashMap::new();
    let b = bind_fresh(b, facts, &mut map);
    let alts = alts
        .iter()
        .map(|a| {
            let binders = a
                .binders
                .iter()
                .map(|v| bind_fresh(v, facts, &mut map))
                .collect();
            Alt {
                con: a.con.clone(),
                binders,
                rhs: rename(&a.rhs, facts, &mut map),
            }
        })
        .collect();
    (b, alts)
}

fn bind_fresh(v: &Var, facts: &OptFacts, map: &mut HashMap<VarId, Var>) -> Var {
    let fresh = facts.fresh(&v.name, v.rep);
    map.insert(v.id, fresh.clone());
    fresh
}

fn rename(e: &Expr, facts: &OptFacts, map: &mut HashMap<VarId, Var>) -> Expr {
    let go = |e: &Expr, map: &mut HashMap<VarId, Var>| rename(e, facts, map);
    match e {
        Expr::Var(v) => Expr::Var(map.get(&v.id).cloned().unwrap_or_else(|| v.clone())),
        Expr::Lit(l) => Expr::Lit(l.clone()),
        Expr::App(f, args) => Expr::App(
            Box::new(go(f, map)),
            args.iter().map(|a| go(a, map)).collect(),
        ),
        Expr::Lam(ps, body) => {
            let ps = ps.iter().map(|p| bind_fresh(p, facts, map)).collect();
            Expr::Lam(ps, Box::new(go(body, map)))
        }
        Expr::Let(b, body) => {
            let b = match &**b {
                Bind::NonRec(v, r) => {
                    let r = go(r, map);
                    Bind::NonRec(bind_fresh(v, facts, map), r)
                }
                Bind::Rec(g) => {
                    let vs: Vec<Var> = g.iter().map(|(v, _)| bind_fresh(v, facts, map)).collect();
                    Bind::Rec(
                        vs.into_iter()
                            .zip(g)
                            .map(|(v, (_, r))| (v, go(r, map)))
                            .collect(),
                    )
                }
            };
            Expr::Let(Box::new(b), Box::new(go(body, map)))
        }
        Expr::Case(s, b, alts) => {
            let s = go(s, map);
            let b = bind_fresh(b, facts, map);
            let alts = alts
                .iter()
                .map(|a| {
                    let binders = a
                        .binders
                        .iter()
                        .map(|v| bind_fresh(v, facts, map))
                        .collect();
                    Alt {
                        con: a.con.clone(),
                        binders,
                        rhs: go(&a.rhs, map),
                    }
                })
                .collect();
            Expr::Case(Box::new(s), b, alts)
        }
        Expr::ConApp(c, args) => Expr::ConApp(*c, args.iter().map(|a| go(a, map)).collect()),
        Expr::PrimApp(p, args) => {
            Expr::PrimApp(p.clone(), args.iter().map(|a| go(a, map)).collect())
        }
        Expr::Foreign(fc, args) => {
            Expr::Foreign(fc.clone(), args.iter().map(|a| go(a, map)).collect())
        }
        Expr::UnboxedTuple(args) => Expr::UnboxedTuple(args.iter().map(|a| go(a, map)).collect()),
    }
}

/// Replaces free occurrences of `from` by `to` (ids are unique, so there
/// is no shadowing to respect).
pub fn replace_var(e: Expr, from: VarId, to: &Var) -> Expr {
    let mut map = HashMap::new();
    map.insert(from, to.clone());
    // `rename` with no binder renaming: use a facts-free walk.
    replace(e, &map)
}

fn replace(e: Expr, map: &HashMap<VarId, Var>) -> Expr {
    match e {
        Expr::Var(v) => Expr::Var(map.get(&v.id).cloned().unwrap_or(v)),
        e => map_children(e, &mut |c| replace(c, map)),
    }
}

/// Rebuilds `e` with `f` applied to each of its immediate subexpressions
/// (binders, alternatives' patterns and call descriptors unchanged): the
/// one place that knows Core's shape, for rewrites that treat every node
/// alike but a few.
pub fn map_children(e: Expr, f: &mut impl FnMut(Expr) -> Expr) -> Expr {
    match e {
        Expr::Var(_) | Expr::Lit(_) => e,
        Expr::App(fun, args) => {
            let fun = f(*fun);
            Expr::App(Box::new(fun), args.into_iter().map(&mut *f).collect())
        }
        Expr::Lam(ps, body) => Expr::Lam(ps, Box::new(f(*body))),
        Expr::Let(b, body) => {
            let b = match *b {
                Bind::NonRec(v, r) => Bind::NonRec(v, f(r)),
                Bind::Rec(g) => Bind::Rec(g.into_iter().map(|(v, r)| (v, f(r))).collect()),
            };
            Expr::Let(Box::new(b), Box::new(f(*body)))
        }
        Expr::Case(s, b, alts) => {
            let s = f(*s);
            let alts = alts
                .into_iter()
                .map(|a| Alt { rhs: f(a.rhs), ..a })
                .collect();
            Expr::Case(Box::new(s), b, alts)
        }
        Expr::ConApp(c, args) => Expr::ConApp(c, args.into_iter().map(f).collect()),
        Expr::PrimApp(p, args) => Expr::PrimApp(p, args.into_iter().map(f).collect()),
        Expr::Foreign(fc, args) => Expr::Foreign(fc, args.into_iter().map(f).collect()),
        Expr::UnboxedTuple(args) => Expr::UnboxedTuple(args.into_iter().map(f).collect()),
    }
}
