//! Simple, obviously-correct Core-to-Core optimisations run before STG
//! conversion: merging directly nested lambdas, beta reduction of
//! saturated applications of literal lambdas, case of a known constructor
//! or literal, and dropping dead lazy `let`s.
//!
//! Every rewrite relies on the Core invariant that variable ids are unique
//! program-wide, so substituting one variable (or literal) for another can
//! never capture; no rewrite duplicates code, so ids stay unique.
//! See Note [What the simplifier may do].

// Note [What the simplifier may do]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// Correctness first. Each rewrite keeps laziness exactly:
// * `(\x y -> b) e1 e2`  ==>  `let x = e1; y = e2 in b` (lazy lets; an atom
//   argument is substituted). Unboxed parameters become strict `let`s, which
//   STG conversion turns into `case`, and an unboxed argument is computed
//   before the call in Core anyway.
// * `case C a b of x { C p q -> e }`  ==>  `let x = C a b; p = a; q = b in e`
//   (again lets, so nothing is evaluated that was not before; the
//   constructor was being built anyway).
// * `case x of { ... }` inside an alternative `C ys` of a case whose binder
//   is `x` (or after `let x = C atoms`) picks the alternative for `C` and
//   substitutes the fields.
// * `let x = e in x` is `e` (for a lazy `x`).
// * A lazy `let` floats inwards past sibling lets that do not use it and
//   into the single case alternative that uses it (never into a lambda, so
//   no sharing is lost; ids are unique, so nothing is captured).
// * `let x = e in b` with `x` not free in `b` and `x` of rep `Ptr` is `b`:
//   a lazy binding nobody demands is never evaluated. Unboxed lets are kept
//   (they may raise, e.g. a division by zero).

use std::collections::{BTreeSet, HashMap, VecDeque};

use frontend::core::{Alt, AltCon, Bind, ConId, Expr, Lit, PrimOp, Rep, Var, VarId};

use crate::inline;
use crate::optimise::{self, OptFacts};

/// Free variables of a Core expression.
pub fn core_free_vars(e: &Expr) -> BTreeSet<VarId> {
    let mut out = BTreeSet::new();
    fvs(e, &mut out);
    out
}

fn fvs(e: &Expr, out: &mut BTreeSet<VarId>) {
    match e {
        Expr::Var(v) => {
            out.insert(v.id);
        }
        Expr::Lit(_) => {}
        Expr::App(f, args) => {
            fvs(f, out);
            args.iter().for_each(|a| fvs(a, out));
        }
        Expr::Lam(params, body) => {
            let mut inner = BTreeSet::new();
            fvs(body, &mut inner);
            params.iter().for_each(|p| {
                inner.remove(&p.id);
            });
            out.extend(inner);
        }
        Expr::Let(b, body) => {
            let mut inner = BTreeSet::new();
            fvs(body, &mut inner);
            let pairs: Vec<(&Var, &Expr)> = match &**b {
                Bind::NonRec(v, r) => {
                    // A non-recursive rhs does not see its own binder.
                    inner.remove(&v.id);
                    fvs(r, &mut inner);
                    vec![]
                }
                Bind::Rec(group) => group.iter().map(|(v, r)| (v, r)).collect(),
            };
            for (_, r) in &pairs {
                fvs(r, &mut inner);
            }
            for (v, _) in &pairs {
                inner.remove(&v.id);
            }
            out.extend(inner);
        }
        Expr::Case(scrut, b, alts) => {
            let mut inner = BTreeSet::new();
            for alt in alts {
                let mut a = BTreeSet::new();
                fvs(&alt.rhs, &mut a);
                alt.binders.iter().for_each(|v| {
                    a.remove(&v.id);
                });
                inner.extend(a);
            }
            inner.remove(&b.id);
            out.extend(inner);
            fvs(scrut, out);
        }
        Expr::ConApp(_, args)
        | Expr::PrimApp(_, args)
        | Expr::Foreign(_, args)
        | Expr::UnboxedTuple(args) => args.iter().for_each(|a| fvs(a, out)),
    }
}

/// Whether `e` uses the variable `id`: as ids are unique program-wide,
/// no binder in `e` can shadow it, so any occurrence is free. Stops at the
/// first one and allocates nothing (`core_free_vars` builds the whole set).
pub fn mentions(e: &Expr, id: VarId) -> bool {
    match e {
        Expr::Var(v) => v.id == id,
        Expr::Lit(_) => false,
        Expr::App(f, args) => mentions(f, id) || args.iter().any(|a| mentions(a, id)),
        Expr::Lam(_, body) => mentions(body, id),
        Expr::Let(b, body) => {
            let in_rhs = match &**b {
                Bind::NonRec(_, r) => mentions(r, id),
                Bind::Rec(group) => group.iter().any(|(_, r)| mentions(r, id)),
            };
            in_rhs || mentions(body, id)
        }
        Expr::Case(scrut, _, alts) => {
            mentions(scrut, id) || alts.iter().any(|a| mentions(&a.rhs, id))
        }
        Expr::ConApp(_, args)
        | Expr::PrimApp(_, args)
        | Expr::Foreign(_, args)
        | Expr::UnboxedTuple(args) => args.iter().any(|a| mentions(a, id)),
    }
}

/// The largest variable id in an expression (for making fresh ids).
pub fn max_var_id(e: &Expr) -> u32 {
    fn go(e: &Expr, m: &mut u32) {
        let var = |v: &Var, m: &mut u32| *m = (*m).max(v.id.0);
        match e {
            Expr::Var(v) => var(v, m),
            Expr::Lit(_) => {}
            Expr::App(f, args) => {
                go(f, m);
                args.iter().for_each(|a| go(a, m));
            }
            Expr::Lam(ps, b) => {
                ps.iter().for_each(|p| var(p, m));
                go(b, m);
            }
            Expr::Let(b, body) => {
                match &**b {
                    Bind::NonRec(v, r) => {
                        var(v, m);
                        go(r, m);
                    }
                    Bind::Rec(g) => g.iter().for_each(|(v, r)| {
                        var(v, m);
                        go(r, m);
                    }),
                }
                go(body, m);
            }
            Expr::Case(s, b, alts) => {
                go(s, m);
                var(b, m);
                for a in alts {
                    a.binders.iter().for_each(|v| var(v, m));
                    go(&a.rhs, m);
                }
            }
            Expr::ConApp(_, args)
            | Expr::PrimApp(_, args)
            | Expr::Foreign(_, args)
            | Expr::UnboxedTuple(args) => args.iter().for_each(|a| go(a, m)),
        }
    }
    let mut m = 0;
    go(e, &mut m);
    m
}

/// What the simplifier knows about a variable in scope.
///
/// A scope is cloned for every binder and alternative it meets, so its maps
/// are persistent (`im_rc`): a clone shares the parent's entries and an
/// insert copies only a path, where a `std` map was copied whole — which
/// made a long `do` block, whose scopes nest as deep as it is long,
/// compile in quadratic time and more (a 40-statement block took 19 s).
#[derive(Clone, Debug, Default)]
pub(crate) struct Env {
    /// Variables replaced by atoms (variables or literals).
    subst: ScopeMap<Expr>,
    /// Variables known to be bound to a constructor with these atom fields.
    known_con: ScopeMap<(ConId, Vec<Expr>)>,
    /// Facts about top-level bindings, shared by every scope.
    globals: std::rc::Rc<Globals>,
    /// How many inlined calls this code is nested in.
    inline_depth: u32,
    /// Variables known *not* to be these constructors (in the default
    /// alternative of a case that matched them; optimiser).
    not_con: ScopeMap<Vec<ConId>>,
}

/// A map of the simplifier's scope (`Env`).
type ScopeMap<V> = im_rc::HashMap<VarId, V>;

/// What the simplifier knows about the top-level bindings of a program.
#[derive(Debug, Default)]
pub struct Globals {
    /// Top-level bindings that are constructor applications to atoms
    /// (class dictionaries, constant data).
    top_cons: HashMap<VarId, (ConId, Vec<Expr>)>,
    /// Top-level field selectors `\d -> case d of C x0 .. xn -> xi`: the
    /// constructor and the field index.
    selectors: HashMap<VarId, (ConId, usize)>,
    /// The optimiser's facts; `None` runs only the basic rewrites (see
    /// Note [The optimiser] in optimise.rs).
    pub(crate) opt: Option<OptFacts>,
    /// The family size of every constructor, by `ConId` (optimiser).
    pub(crate) family_sizes: Vec<u32>,
}

impl Globals {
    /// Collects the facts from a program's top-level bindings.
    pub fn of_program(binds: &[Bind]) -> Globals {
        let mut g = Globals::default();
        for b in binds {
            let pairs: Vec<(&Var, &Expr)> = match b {
                Bind::NonRec(v, e) => vec![(v, e)],
                Bind::Rec(group) => group.iter().map(|(v, e)| (v, e)).collect(),
            };
            for (v, e) in pairs {
                match e {
                    Expr::ConApp(c, args) if args.iter().all(is_atom) => {
                        g.top_cons.insert(v.id, (*c, args.clone()));
                    }
                    Expr::Lam(params, body) if params.len() == 1 => {
                        if let Expr::Case(scrut, _, alts) = &**body {
                            if let (
                                Expr::Var(d),
                                [
                                    Alt {
                                        con: AltCon::Con(c),
                                        binders,
                                        rhs: Expr::Var(x),
                                    },
                                ],
                            ) = (&**scrut, alts.as_slice())
                            {
                                if d.id == params[0].id {
                                    if let Some(i) = binders.iter().position(|b| b.id == x.id) {
                                        g.selectors.insert(v.id, (*c, i));
                                    }
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        g
    }
}

impl Env {
    fn known(&self, v: VarId) -> Option<&(ConId, Vec<Expr>)> {
        self.known_con
            .get(&v)
            .or_else(|| self.globals.top_cons.get(&v))
    }

    pub(crate) fn opt(&self) -> Option<&OptFacts> {
        self.globals.opt.as_ref()
    }

    /// A top-level alias resolved (optimiser only).
    fn resolve(&self, e: Expr) -> Expr {
        match (&e, self.opt()) {
            (Expr::Var(v), Some(o)) => o.aliases.get(&v.id).cloned().map_or(e, Expr::Var),
            _ => e,
        }
    }
}

/// `sel d args` where `sel` is a top-level field selector and `d` a known
/// constructor: the field itself, applied to the rest (a selector only
/// evaluates `d`, which is already a value, and returns the field).
fn known_selection(f: &Expr, args: &[Expr], env: &Env) -> Option<Expr> {
    let Expr::Var(sel) = f else { return None };
    let &(con, field) = env.globals.selectors.get(&sel.id)?;
    let Some(Expr::Var(d)) = args.first() else {
        return None;
    };
    let (c, fields) = env.known(d.id)?;
    if *c != con {
        return None;
    }
    let x = fields.get(field)?.clone();
    Some(if args.len() == 1 {
        x
    } else {
        Expr::App(Box::new(x), args[1..].to_vec())
    })
}

pub(crate) fn is_atom(e: &Expr) -> bool {
    matches!(e, Expr::Var(_) | Expr::Lit(_))
}

/// Simplifies an expression (see the module notes).
pub fn simplify(e: Expr) -> Expr {
    simpl(e, &Env::default())
}

/// Simplifies an expression knowing the program's top-level facts.
pub fn simplify_with(e: Expr, globals: std::rc::Rc<Globals>) -> Expr {
    let env = Env {
        globals,
        ..Env::default()
    };
    let e = simpl(e, &env);
    match env.opt() {
        Some(_) => inline::eta_state(e, &env),
        None => e,
    }
}

fn simpl(e: Expr, env: &Env) -> Expr {
    match e {
        Expr::Var(v) => match (env.subst.get(&v.id), env.opt()) {
            // A once-used lambda (Note [Inlining IO code] in inline.rs):
            // a copy with its own binders, so ids stay unique even if the
            // use site was copied.
            (Some(e), Some(opt)) if !is_atom(e) => optimise::freshen(e, opt),
            (e, _) => env.resolve(e.cloned().unwrap_or(Expr::Var(v))),
        },
        Expr::Lit(l) => Expr::Lit(l),
        Expr::Lam(mut params, body) => {
            let mut body = *body;
            // \x -> \y -> e  ==>  \x y -> e
            while let Expr::Lam(more, inner) = body {
                params.extend(more);
                body = *inner;
            }
            let body = simpl(body, env);
            match env.opt() {
                // The body became a lambda (an inlined IO function), or is
                // an IO action the state hack makes one: merge.
                Some(_) => match inline::eta_state(body, env) {
                    Expr::Lam(more, inner) => {
                        params.extend(more);
                        Expr::Lam(params, inner)
                    }
                    body => Expr::Lam(params, Box::new(body)),
                },
                None => Expr::Lam(params, Box::new(body)),
            }
        }
        Expr::App(f, args) => {
            let f = simpl(*f, env);
            let mut args: Vec<Expr> = args.into_iter().map(|a| simpl(a, env)).collect();
            // Arguments that are cheap computations (optimiser): compute
            // them before the call rather than in a thunk.
            let speculated: Vec<(Var, Expr)> = match env.opt() {
                Some(opt) => args
                    .iter_mut()
                    .flat_map(|a| speculate_fields(a, opt))
                    .collect(),
                None => vec![],
            };
            let call = simpl_app(f, args, env);
            wrap_strict(speculated, call)
        }
        Expr::Let(b, body) => simpl_let(*b, *body, env),
        Expr::Case(scrut, b, alts) => simpl_case(simpl(*scrut, env), b, alts, env),
        Expr::ConApp(c, args) => Expr::ConApp(c, args.into_iter().map(|a| simpl(a, env)).collect()),
        Expr::PrimApp(p, args) => {
            let args: Vec<Expr> = args.into_iter().map(|a| simpl(a, env)).collect();
            match env.opt().and_then(|_| fold_prim(&p, &args)) {
                Some(lit) => Expr::Lit(lit),
                None => Expr::PrimApp(p, args),
            }
        }
        Expr::Foreign(fc, args) => {
            Expr::Foreign(fc, args.into_iter().map(|a| simpl(a, env)).collect())
        }
        Expr::UnboxedTuple(args) => {
            Expr::UnboxedTuple(args.into_iter().map(|a| simpl(a, env)).collect())
        }
    }
}

/// An application with simplified head and arguments: known-dictionary
/// selection, then (optimiser) inlining of a small top-level function, then
/// beta reduction of a literal lambda.
pub(crate) fn simpl_app(f: Expr, args: Vec<Expr>, env: &Env) -> Expr {
    if let Some(e) = known_selection(&f, &args, env) {
        return match (env.opt(), e) {
            (Some(_), Expr::App(g, rest)) => simpl_app(env.resolve(*g), rest, env),
            (Some(_), x) => env.resolve(x),
            (None, e) => e,
        };
    }
    if let (Some(opt), Expr::Var(fv)) = (env.opt(), &f) {
        let callee = opt.inline.borrow().get(&fv.id).cloned();
        if let Some(Expr::Lam(..)) = &callee {
            if !args.is_empty() && env.inline_depth < optimise::MAX_INLINE_DEPTH {
                let lam = optimise::freshen(callee.as_ref().unwrap_or_else(|| unreachable!()), opt);
                if let Expr::Lam(mut ps, body) = lam {
                    let inner = Env {
                        inline_depth: env.inline_depth + 1,
                        ..env.clone()
                    };
                    if ps.len() <= args.len() {
                        return beta(ps, *body, args, &inner);
                    }
                    // Unsaturated (Note [Inlining IO code] in inline.rs):
                    // `f a b` is `\s -> body[a/m, b/k]`, the non-atomic
                    // arguments let-bound outside the new lambda.
                    let rest = ps.split_off(args.len());
                    return beta(ps, Expr::Lam(rest, body), args, &inner);
                }
            }
        }
    }
    match f {
        // `(f a) b` is `f a b`: dispatch again, it may now be saturated.
        Expr::App(g, mut first) if env.opt().is_some() => {
            first.extend(args);
            simpl_app(*g, first, env)
        }
        Expr::App(g, mut first) => {
            first.extend(args);
            Expr::App(g, first)
        }
        Expr::Lam(params, body) if args.len() >= params.len() => beta(params, *body, args, env),
        Expr::Lam(mut params, body) if env.opt().is_some() => {
            // A partial application of a literal lambda.
            let rest = params.split_off(args.len());
            beta(params, Expr::Lam(rest, body), args, env)
        }
        f @ (Expr::Case(..) | Expr::Let(..)) if env.opt().is_some() && args.iter().all(is_atom) => {
            inline::push_args(f, args, env)
        }
        f => Expr::App(Box::new(f), args),
    }
}

/// `(\params -> body) args` with at least as many args as params; the
/// arguments are already simplified, the body is not.
fn beta(params: Vec<Var>, body: Expr, mut args: Vec<Expr>, env: &Env) -> Expr {
    let rest = args.split_off(params.len());
    let mut env = env.clone();
    let mut lets = Vec::new();
    for (p, a) in params.into_iter().zip(args) {
        if is_atom(&a)
            || (env.opt().is_some()
                && (inline::is_once_used_lambda(&p, &a, &body)
                    || inline::is_once_used_in_token_lam(&p, &body)))
        {
            env.subst.insert(p.id, a);
        } else {
            if let (Some(_), Expr::ConApp(c, fields)) = (env.opt(), &a) {
                if fields.iter().all(is_atom) {
                    env.known_con.insert(p.id, (*c, fields.clone()));
                }
            }
            lets.push((p, a));
        }
    }
    let mut e = simpl(body, &env);
    for (p, a) in lets.into_iter().rev() {
        e = mk_let(p, a, e, &env);
    }
    if rest.is_empty() {
        e
    } else if env.opt().is_some() {
        // `e` and `rest` are simplified already: only the application is new.
        let env = Env {
            globals: env.globals.clone(),
            inline_depth: env.inline_depth,
            ..Env::default()
        };
        simpl_app(e, rest, &env)
    } else {
        simpl(
            Expr::App(Box::new(e), rest),
            &Env {
                globals: env.globals.clone(),
                ..Env::default()
            },
        )
    }
}

/// `let v = rhs in body` for simplified `rhs` and `body`, applying the
/// structural rules of Note [What the simplifier may do]: drop it if dead,
/// `let x = e in x` is `e`, and float a lazy binding inwards — past
/// sibling `let`s that do not use it and into the one case alternative
/// that does — so it is allocated only on the path that needs it.
fn mk_let(v: Var, rhs: Expr, body: Expr, env: &Env) -> Expr {
    if v.rep != Rep::Ptr {
        return Expr::Let(Box::new(Bind::NonRec(v, rhs)), Box::new(body));
    }
    // Let to case (optimiser): the body demands `v` at once.
    let demanded_at_once =
        matches!(&body, Expr::Case(s, _, _) if matches!(&**s, Expr::Var(x) if x.id == v.id));
    if env.opt().is_some() && demanded_at_once && !matches!(rhs, Expr::Lam(..) | Expr::ConApp(..)) {
        let Expr::Case(_, b, alts) = body else {
            unreachable!("checked above")
        };
        let alts = alts
            .into_iter()
            .map(|a| Alt {
                rhs: optimise::replace_var(a.rhs, v.id, &b),
                ..a
            })
            .collect();
        // Simplify again: the scrutinee may now be a case (case of case).
        return simpl_case(rhs, b, alts, env);
    }
    let uses = |e: &Expr| mentions(e, v.id);
    match body {
        Expr::Var(x) if x.id == v.id => rhs,
        body if !uses(&body) => body,
        Expr::Let(inner, inner_body) if matches!(&*inner, Bind::NonRec(_, r) if !uses(r)) => {
            let Bind::NonRec(y, r) = *inner else {
                unreachable!("matched NonRec")
            };
            Expr::Let(
                Box::new(Bind::NonRec(y, r)),
                Box::new(mk_let(v, rhs, *inner_body, env)),
            )
        }
        Expr::Case(scrut, b, mut alts)
            if !uses(&scrut) && alts.iter().filter(|a| uses(&a.rhs)).count() == 1 =>
        {
            let i = alts
                .iter()
                .position(|a| uses(&a.rhs))
                .unwrap_or_else(|| unreachable!("counted one"));
            let alt_rhs = std::mem::replace(&mut alts[i].rhs, Expr::Lit(Lit::Int(0)));
            alts[i].rhs = mk_let(v, rhs, alt_rhs, env);
            Expr::Case(scrut, b, alts)
        }
        body => Expr::Let(Box::new(Bind::NonRec(v, rhs)), Box::new(body)),
    }
}

fn simpl_let(b: Bind, body: Expr, env: &Env) -> Expr {
    match b {
        Bind::NonRec(v, rhs) => {
            let mut rhs = simpl(rhs, env);
            let mut env = env.clone();
            let speculated = match env.opt() {
                Some(opt) => speculate_fields(&mut rhs, opt),
                None => vec![],
            };
            if !speculated.is_empty() {
                let e = simpl_let(Bind::NonRec(v, rhs), body, &env);
                return wrap_strict(speculated, e);
            }
            if is_atom(&rhs) && !matches!(rhs, Expr::Lit(Lit::String(_))) {
                // let x = y in b  ==>  b[y/x]
                env.subst.insert(v.id, rhs);
                return simpl(body, &env);
            }
            if env.opt().is_some() {
                rhs = inline::eta_state(rhs, &env);
                if inline::is_once_used_lambda(&v, &rhs, &body) {
                    env.subst.insert(v.id, rhs);
                    return simpl(body, &env);
                }
            }
            if let Expr::ConApp(c, args) = &rhs {
                if args.iter().all(is_atom) {
                    env.known_con.insert(v.id, (*c, args.clone()));
                }
            }
            let body = simpl(body, &env);
            mk_let(v, rhs, body, &env)
        }
        Bind::Rec(group) => {
            let (group, body) = match env.opt() {
                Some(_) => match float_rec_into_alt(group, body) {
                    Ok(e) => return simpl(e, env),
                    Err(unchanged) => unchanged,
                },
                None => (group, body),
            };
            let group: Vec<(Var, Expr)> = group
                .into_iter()
                .map(|(v, r)| {
                    let r = simpl(r, env);
                    match env.opt() {
                        Some(_) => (v, inline::eta_state(r, env)),
                        None => (v, r),
                    }
                })
                .collect();
            let body = simpl(body, env);
            let all_ptr = group.iter().all(|(v, _)| v.rep == Rep::Ptr);
            if all_ptr && group.iter().all(|(v, _)| !mentions(&body, v.id)) {
                return body;
            }
            Expr::Let(Box::new(Bind::Rec(group)), Box::new(body))
        }
    }
}

/// `letrec g in case e of { p1 -> r1; p2 -> r2 }` with only `r2` using
/// `g` is `case e of { p1 -> r1; p2 -> letrec g in r2 }` (optimiser), as a
/// lazy `let` floats (Note [What the simplifier may do]): an alternative
/// runs at most once, so nothing is lost, the group is not allocated on
/// the other paths, and inside the alternative its functions capture what
/// the case evaluated (a local `go` of `enumFromTo x y` captures the
/// evaluated `y`, Note [The optimiser]'s case binder swap). Returns the
/// arguments unchanged otherwise.
#[allow(
    clippy::type_complexity,
    clippy::result_large_err,
    reason = "the unchanged arguments, given back for the caller's next rule"
)]
fn float_rec_into_alt(
    group: Vec<(Var, Expr)>,
    body: Expr,
) -> Result<Expr, (Vec<(Var, Expr)>, Expr)> {
    let uses = |e: &Expr| group.iter().any(|(v, _)| mentions(e, v.id));
    let Expr::Case(scrut, b, mut alts) = body else {
        return Err((group, body));
    };
    let using: Vec<usize> = (0..alts.len()).filter(|&i| uses(&alts[i].rhs)).collect();
    let ([i], false) = (using.as_slice(), uses(&scrut)) else {
        return Err((group, Expr::Case(scrut, b, alts)));
    };
    let rhs = std::mem::replace(&mut alts[*i].rhs, Expr::Lit(Lit::Int(0)));
    alts[*i].rhs = Expr::Let(Box::new(Bind::Rec(group)), Box::new(rhs));
    Ok(Expr::Case(scrut, b, alts))
}

fn lit_matches(a: &Lit, b: &Lit) -> bool {
    match (a, b) {
        (Lit::Int(x), Lit::Int(y)) => x == y,
        (Lit::Word(x), Lit::Word(y)) => x == y,
        (Lit::Char(x), Lit::Char(y)) => x == y,
        _ => false,
    }
}

fn simpl_case(scrut: Expr, b: Var, alts: Vec<Alt>, env: &Env) -> Expr {
    let (scrut, b, alts) = match env.opt() {
        Some(opt) => match case_of_case(scrut, b, alts, env, opt) {
            Ok(e) => return e,
            Err(unchanged) => unchanged,
        },
        None => (scrut, b, alts),
    };
    // A literal with only a default alternative (an `Integer` literal, say):
    // bind it (optimiser).
    if let (Some(_), Expr::Lit(l), [alt]) = (env.opt(), &scrut, alts.as_slice()) {
        if alt.con == AltCon::Default && !matches!(l, Lit::String(_)) {
            let mut env = env.clone();
            env.subst.insert(b.id, scrut.clone());
            let alt = alts
                .into_iter()
                .next()
                .unwrap_or_else(|| unreachable!("one alternative"));
            return simpl(alt.rhs, &env);
        }
    }
    // `case (# a, b #) of (# x, y #) -> e` is `e[a/x, b/y]` (optimiser;
    // what a primop wrapper's result meets in an inlined `bindIO`). A
    // non-atomic field is bound as it was: lazily (`let`) if boxed, by a
    // `case` if unboxed (an unboxed tuple's unboxed fields are computed
    // when the tuple is built).
    if let (Some(_), Expr::UnboxedTuple(fields), [alt]) = (env.opt(), &scrut, alts.as_slice()) {
        let matches = alt.con == AltCon::UnboxedTuple
            && fields.len() == alt.binders.len()
            && alt
                .binders
                .iter()
                .zip(fields)
                .all(|(x, f)| is_atom(f) || x.rep != Rep::Void)
            && !mentions(&alt.rhs, b.id);
        if matches {
            let mut env = env.clone();
            let Expr::UnboxedTuple(fields) = scrut else {
                unreachable!("matched above")
            };
            let alt = alts
                .into_iter()
                .next()
                .unwrap_or_else(|| unreachable!("one alternative"));
            let mut rhs = alt.rhs;
            for (binder, field) in alt.binders.into_iter().zip(fields).rev() {
                if is_atom(&field) {
                    env.subst.insert(binder.id, field);
                } else if binder.rep == Rep::Ptr {
                    rhs = Expr::Let(Box::new(Bind::NonRec(binder, field)), Box::new(rhs));
                } else {
                    rhs = Expr::Case(
                        Box::new(field),
                        binder,
                        vec![Alt {
                            con: AltCon::Default,
                            binders: vec![],
                            rhs,
                        }],
                    );
                }
            }
            return simpl(rhs, &env);
        }
    }
    // The constructor (and atom fields) the scrutinee is known to be.
    let known: Option<(ConId, Vec<Expr>)> = match &scrut {
        Expr::ConApp(c, args) if args.iter().all(is_atom) => Some((*c, args.clone())),
        Expr::Var(v) => env.known(v.id).cloned(),
        _ => None,
    };
    if let Some((con, fields)) = known {
        let chosen = alts.iter().position(|a| a.con == AltCon::Con(con));
        let chosen = chosen.or_else(|| alts.iter().position(|a| a.con == AltCon::Default));
        if let Some(i) = chosen {
            let alt = alts
                .into_iter()
                .nth(i)
                .unwrap_or_else(|| unreachable!("index from position"));
            let mut env = env.clone();
            if is_atom(&scrut) {
                env.subst.insert(b.id, scrut.clone());
            }
            if alt.con != AltCon::Default {
                for (binder, field) in alt.binders.iter().zip(&fields) {
                    env.subst.insert(binder.id, field.clone());
                }
            }
            env.known_con.insert(b.id, (con, fields));
            let rhs = simpl(alt.rhs, &env);
            if is_atom(&scrut) {
                return rhs;
            }
            // The binder names the constructor value: a lazy let.
            if mentions(&rhs, b.id) {
                return Expr::Let(Box::new(Bind::NonRec(b, scrut)), Box::new(rhs));
            }
            return rhs;
        }
    }
    if let Expr::Lit(l) = &scrut {
        let chosen = alts
            .iter()
            .position(|a| matches!(&a.con, AltCon::Lit(x) if lit_matches(x, l)))
            .or_else(|| alts.iter().position(|a| a.con == AltCon::Default));
        let decidable = matches!(l, Lit::Int(_) | Lit::Word(_) | Lit::Char(_));
        if let (Some(i), true) = (chosen, decidable) {
            let alt = alts
                .into_iter()
                .nth(i)
                .unwrap_or_else(|| unreachable!("index from position"));
            let mut env = env.clone();
            env.subst.insert(b.id, scrut);
            return simpl(alt.rhs, &env);
        }
    }
    let alts = match env.opt() {
        Some(_) => drop_impossible_default(&scrut, &b, alts, env),
        None => alts,
    };
    let matched: Vec<ConId> = alts
        .iter()
        .filter_map(|a| match a.con {
            AltCon::Con(c) => Some(c),
            _ => None,
        })
        .collect();
    let alts: Vec<Alt> = alts
        .into_iter()
        .map(|alt| {
            let mut env = env.clone();
            if alt.con == AltCon::Default && env.opt().is_some() && !matched.is_empty() {
                // Neither the binder nor a variable scrutinee is one of the
                // matched constructors here.
                let mut not = matched.clone();
                if let Expr::Var(v) = &scrut {
                    not.extend(env.not_con.get(&v.id).into_iter().flatten());
                    env.not_con.insert(v.id, not.clone());
                }
                env.not_con.insert(b.id, not);
            }
            if let (Expr::Var(v), Some(_)) = (&scrut, env.opt()) {
                // The case binder swap (Note [The optimiser]): the
                // variable's value is the evaluated binder from here on.
                if v.rep == Rep::Ptr && b.rep == Rep::Ptr && v.id != b.id {
                    env.subst.insert(v.id, Expr::Var(b.clone()));
                }
            }
            if let AltCon::Con(c) = alt.con {
                let fields: Vec<Expr> = alt.binders.iter().map(|v| Expr::Var(v.clone())).collect();
                env.known_con.insert(b.id, (c, fields.clone()));
                if let Expr::Var(v) = &scrut {
                    env.known_con.insert(v.id, (c, fields));
                }
            }
            Alt {
                rhs: simpl(alt.rhs, &env),
                ..alt
            }
        })
        .collect();
    if env.opt().is_some() {
        if returns_its_tuple(&alts) {
            return scrut;
        }
        return merge_rescrutinee(scrut, b, alts);
    }
    Expr::Case(Box::new(scrut), b, alts)
}

/// Whether `alts` is the one alternative `(# x1, .., xn #) -> (# x1, ..,
/// xn #)`: the case returns what its scrutinee returns, so it is the
/// scrutinee (optimiser; Note [The optimiser]'s identity tuple case). In a
/// tail position the scrutinee then becomes a tail call (`prim.tail`,
/// `call.tail`) instead of a call whose continuation only returns.
fn returns_its_tuple(alts: &[Alt]) -> bool {
    let [alt] = alts else { return false };
    let Expr::UnboxedTuple(fields) = &alt.rhs else {
        return false;
    };
    alt.con == AltCon::UnboxedTuple
        && fields.len() == alt.binders.len()
        && fields
            .iter()
            .zip(&alt.binders)
            .all(|(f, x)| matches!(f, Expr::Var(v) if v.id == x.id))
}

/// `case e of r { DEFAULT -> case r of r2 { alts } }` is
/// `case e of r2 { alts[r2/r] }` (for an unboxed `r`: the value is already
/// computed, so the inner case only chooses). Saves a move per comparison
/// (`case x <# y of r { DEFAULT -> case r of { 0# -> ..; _ -> .. } }` is
/// what the Bool-returning primop wrappers become).
fn merge_rescrutinee(scrut: Expr, b: Var, alts: Vec<Alt>) -> Expr {
    let mergeable = b.rep != Rep::Ptr
        && matches!(alts.as_slice(), [Alt { con: AltCon::Default, rhs: Expr::Case(s, _, _), .. }]
            if matches!(&**s, Expr::Var(x) if x.id == b.id));
    if !mergeable {
        return Expr::Case(Box::new(scrut), b, alts);
    }
    let Some(Alt {
        rhs: Expr::Case(_, b2, inner),
        ..
    }) = alts.into_iter().next()
    else {
        unreachable!("checked above")
    };
    let inner = inner
        .into_iter()
        .map(|a| Alt {
            rhs: optimise::replace_var(a.rhs, b.id, &b2),
            ..a
        })
        .collect();
    Expr::Case(Box::new(scrut), b2, inner)
}

/// The expressions in tail position of `e` (through `let` bodies and case
/// alternatives).
fn leaves<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match e {
        Expr::Let(_, body) => leaves(body, out),
        Expr::Case(_, _, alts) => alts.iter().for_each(|a| leaves(&a.rhs, out)),
        e => out.push(e),
    }
}

/// The alternative a known leaf would select, if it is a constructor
/// application to atoms or a decidable literal.
fn selected_alt<'a>(leaf: &Expr, alts: &'a [Alt]) -> Option<&'a Alt> {
    let default = || alts.iter().find(|a| a.con == AltCon::Default);
    match leaf {
        Expr::ConApp(c, args) if args.iter().all(is_atom) => alts
            .iter()
            .find(|a| a.con == AltCon::Con(*c))
            .or_else(default),
        Expr::Lit(l @ (Lit::Int(_) | Lit::Word(_) | Lit::Char(_))) => alts
            .iter()
            .find(|a| matches!(&a.con, AltCon::Lit(x) if lit_matches(x, l)))
            .or_else(default),
        _ => None,
    }
}

/// Case of case / case of let (Note [The optimiser]): pushes the outer
/// alternatives into the tail positions of a `case` or `let` scrutinee when
/// the copies are small. Returns the arguments unchanged otherwise.
#[allow(
    clippy::result_large_err,
    reason = "the Err is the unchanged input, handed straight back"
)]
fn case_of_case(
    scrut: Expr,
    b: Var,
    alts: Vec<Alt>,
    env: &Env,
    opt: &OptFacts,
) -> Result<Expr, (Expr, Var, Vec<Alt>)> {
    if !matches!(scrut, Expr::Case(..) | Expr::Let(..)) {
        return Err((scrut, b, alts));
    }
    let mut tails = Vec::new();
    leaves(&scrut, &mut tails);
    if tails.len() > 1 {
        let original = optimise::alts_size(&alts);
        let copied: usize = tails
            .iter()
            .map(|t| selected_alt(t, &alts).map_or(original, |a| 1 + optimise::size(&a.rhs)))
            .sum();
        if copied > original + optimise::CASE_OF_CASE_SLACK {
            return Err((scrut, b, alts));
        }
    }
    // What each tail gets, in tail order (Note [Copies in case of case]):
    // a fresh copy, or (`None`) the originals.
    let selected: Vec<Option<&Alt>> = tails.iter().map(|t| selected_alt(t, &alts)).collect();
    let last_unknown = selected.iter().rposition(Option::is_none);
    let mut copies: VecDeque<Option<(Var, Vec<Alt>)>> = selected
        .iter()
        .enumerate()
        .map(|(i, s)| match s {
            Some(alt) => Some(optimise::freshen_alts(&b, std::slice::from_ref(*alt), opt)),
            None if Some(i) != last_unknown => Some(optimise::freshen_alts(&b, &alts, opt)),
            None => None,
        })
        .collect();
    let mut originals = Some((b, alts));
    Ok(push_case(scrut, &mut copies, &mut originals, env))
}

// Note [Copies in case of case]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A tail whose alternative is known (a constructor or a literal) gets a
// fresh copy of that one alternative, not of them all: after an inlined
// `bindIO` the outer alternatives are the rest of a `do` block, so copying
// them whole for every tail made a long block quadratic, and more (a
// 40-statement block of `try`s took 19 s to compile). The one tail that
// may take any alternative gets the originals, moved; only when several
// tails are unknown (the size check above then keeps the alternatives
// small) do the others get fresh copies.

/// Pushes the outer binder and alternatives into the tail positions of `e`
/// (`case_of_case`): each tail takes the next of `copies`, or `originals`.
fn push_case(
    e: Expr,
    copies: &mut VecDeque<Option<(Var, Vec<Alt>)>>,
    originals: &mut Option<(Var, Vec<Alt>)>,
    env: &Env,
) -> Expr {
    match e {
        Expr::Let(bind, body) => {
            Expr::Let(bind, Box::new(push_case(*body, copies, originals, env)))
        }
        Expr::Case(s, ib, ialts) => {
            let ialts = ialts
                .into_iter()
                .map(|a| {
                    // What the inner alternative knows (as in `simpl_case`).
                    let mut inner = env.clone();
                    if let AltCon::Con(c) = a.con {
                        let fields: Vec<Expr> =
                            a.binders.iter().map(|v| Expr::Var(v.clone())).collect();
                        inner.known_con.insert(ib.id, (c, fields.clone()));
                        if let Expr::Var(v) = &*s {
                            inner.known_con.insert(v.id, (c, fields));
                        }
                    }
                    Alt {
                        rhs: push_case(a.rhs, copies, originals, &inner),
                        ..a
                    }
                })
                .collect();
            Expr::Case(s, ib, ialts)
        }
        leaf => match copies.pop_front().flatten().or_else(|| originals.take()) {
            Some((b, alts)) => simpl_case(leaf, b, alts, env),
            None => unreachable!("a copy for every tail, the originals for one"),
        },
    }
}

/// Moves cheap primop fields of a constructor application out (Note [The
/// optimiser], cheap speculation): returns the fresh variables and the
/// primops to compute into them first.
fn speculate_fields(rhs: &mut Expr, opt: &OptFacts) -> Vec<(Var, Expr)> {
    let mut out = Vec::new();
    // `case p of r { DEFAULT -> e }` with `p` cheap: compute `p` first.
    while let Expr::Case(s, _, alts) = &*rhs {
        let cheap = matches!(&**s, Expr::PrimApp(p, args)
            if opt.cheap.contains_key(&p.0) && args.iter().all(is_atom));
        if !cheap || !matches!(alts.as_slice(), [a] if a.con == AltCon::Default) {
            break;
        }
        let taken = std::mem::replace(rhs, Expr::Lit(Lit::Int(0)));
        let Expr::Case(s, r, alts) = taken else {
            unreachable!("matched a case")
        };
        out.push((r, *s));
        *rhs = alts
            .into_iter()
            .next()
            .unwrap_or_else(|| unreachable!("one alternative"))
            .rhs;
    }
    let Expr::ConApp(_, args) = rhs else {
        return out;
    };
    for arg in args.iter_mut() {
        let Expr::PrimApp(p, pargs) = &*arg else {
            continue;
        };
        let Some(&rep) = opt.cheap.get(&p.0) else {
            continue;
        };
        if !pargs.iter().all(is_atom) {
            continue;
        }
        let r = opt.fresh("spec", rep);
        let prim = std::mem::replace(arg, Expr::Var(r.clone()));
        out.push((r, prim));
    }
    out
}

/// `x mod 2^64` of a decimal `Integer` literal (optional leading `-`).
fn integer_mod_2_64(s: &str) -> Option<u64> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let m = digits.bytes().fold(0u64, |m, c| {
        m.wrapping_mul(10).wrapping_add(u64::from(c - b'0'))
    });
    Some(if neg { m.wrapping_neg() } else { m })
}

/// Constant folding of a primop on literals (optimiser).
fn fold_prim(p: &PrimOp, args: &[Expr]) -> Option<Lit> {
    match (p.0.as_str(), args) {
        ("integerToInt#", [Expr::Lit(Lit::Integer(s))]) => {
            integer_mod_2_64(s).map(|m| Lit::Int(m as i64))
        }
        ("integerToWord#", [Expr::Lit(Lit::Integer(s))]) => integer_mod_2_64(s).map(Lit::Word),
        ("integerToDouble#", [Expr::Lit(Lit::Integer(s))]) => {
            s.parse::<f64>().ok().map(Lit::Double)
        }
        (op, [Expr::Lit(Lit::Int(x)), Expr::Lit(Lit::Int(y))]) => {
            let (x, y) = (*x, *y);
            let n = match op {
                "intAdd#" | "+#" => x.wrapping_add(y),
                "intSub#" | "-#" => x.wrapping_sub(y),
                "intMul#" | "*#" => x.wrapping_mul(y),
                "intEq#" => i64::from(x == y),
                "intNe#" => i64::from(x != y),
                "intLt#" => i64::from(x < y),
                "intLe#" => i64::from(x <= y),
                "intGt#" => i64::from(x > y),
                "intGe#" => i64::from(x >= y),
                _ => return None,
            };
            Some(Lit::Int(n))
        }
        ("intNegate#", [Expr::Lit(Lit::Int(x))]) => Some(Lit::Int(x.wrapping_neg())),
        _ => None,
    }
}

/// `case p1 of r1 { DEFAULT -> .. case pn of rn { DEFAULT -> e } }`.
fn wrap_strict(prims: Vec<(Var, Expr)>, e: Expr) -> Expr {
    prims.into_iter().rev().fold(e, |e, (r, prim)| {
        Expr::Case(
            Box::new(prim),
            r,
            vec![Alt {
                con: AltCon::Default,
                binders: vec![],
                rhs: e,
            }],
        )
    })
}

/// Drops the default alternative of a case whose constructor alternatives,
/// together with the constructors the scrutinee is known not to be, cover
/// the whole data type: it cannot be reached. This removes the front end's
/// pattern-match-failure fallbacks (`DEFAULT -> patError ..`) after
/// exhaustive matches, which also makes functions small enough to inline.
fn drop_impossible_default(scrut: &Expr, b: &Var, alts: Vec<Alt>, env: &Env) -> Vec<Alt> {
    let Some(default_at) = alts.iter().position(|a| a.con == AltCon::Default) else {
        return alts;
    };
    let mut covered: Vec<ConId> = alts
        .iter()
        .filter_map(|a| match a.con {
            AltCon::Con(c) => Some(c),
            _ => None,
        })
        .collect();
    let Some(&first) = covered.first() else {
        return alts;
    };
    if let Expr::Var(v) = scrut {
        covered.extend(env.not_con.get(&v.id).into_iter().flatten());
    }
    covered.extend(env.not_con.get(&b.id).into_iter().flatten());
    covered.sort_unstable();
    covered.dedup();
    let family = env.globals.family_sizes.get(first.0 as usize).copied();
    if family.is_some_and(|n| covered.len() as u32 >= n) {
        let mut alts = alts;
        alts.remove(default_at);
        return alts;
    }
    alts
}
