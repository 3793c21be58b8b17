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

use std::collections::{BTreeSet, HashMap};

use frontend::core::{Alt, AltCon, Bind, ConId, Expr, Lit, Rep, Var, VarId};

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
#[derive(Clone, Debug, Default)]
struct Env {
    /// Variables replaced by atoms (variables or literals).
    subst: HashMap<VarId, Expr>,
    /// Variables known to be bound to a constructor with these atom fields.
    known_con: HashMap<VarId, (ConId, Vec<Expr>)>,
    /// Facts about top-level bindings, shared by every scope.
    globals: std::rc::Rc<Globals>,
}

/// What the simplifier knows about the top-level bindings of a program.
#[derive(Clone, Debug, Default)]
pub struct Globals {
    /// Top-level bindings that are constructor applications to atoms
    /// (class dictionaries, constant data).
    top_cons: HashMap<VarId, (ConId, Vec<Expr>)>,
    /// Top-level field selectors `\d -> case d of C x0 .. xn -> xi`: the
    /// constructor and the field index.
    selectors: HashMap<VarId, (ConId, usize)>,
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

fn is_atom(e: &Expr) -> bool {
    matches!(e, Expr::Var(_) | Expr::Lit(_))
}

/// Simplifies an expression (see the module notes).
pub fn simplify(e: Expr) -> Expr {
    simpl(e, &Env::default())
}

/// Simplifies an expression knowing the program's top-level facts.
pub fn simplify_with(e: Expr, globals: std::rc::Rc<Globals>) -> Expr {
    simpl(
        e,
        &Env {
            globals,
            ..Env::default()
        },
    )
}

fn simpl(e: Expr, env: &Env) -> Expr {
    match e {
        Expr::Var(v) => env.subst.get(&v.id).cloned().unwrap_or(Expr::Var(v)),
        Expr::Lit(l) => Expr::Lit(l),
        Expr::Lam(mut params, body) => {
            let mut body = *body;
            // \x -> \y -> e  ==>  \x y -> e
            while let Expr::Lam(more, inner) = body {
                params.extend(more);
                body = *inner;
            }
            Expr::Lam(params, Box::new(simpl(body, env)))
        }
        Expr::App(f, args) => {
            let f = simpl(*f, env);
            let args: Vec<Expr> = args.into_iter().map(|a| simpl(a, env)).collect();
            if let Some(e) = known_selection(&f, &args, env) {
                return e;
            }
            match f {
                Expr::App(g, mut first) => {
                    first.extend(args);
                    Expr::App(g, first)
                }
                Expr::Lam(params, body) if args.len() >= params.len() => {
                    beta(params, *body, args, env)
                }
                f => Expr::App(Box::new(f), args),
            }
        }
        Expr::Let(b, body) => simpl_let(*b, *body, env),
        Expr::Case(scrut, b, alts) => simpl_case(simpl(*scrut, env), b, alts, env),
        Expr::ConApp(c, args) => Expr::ConApp(c, args.into_iter().map(|a| simpl(a, env)).collect()),
        Expr::PrimApp(p, args) => {
            Expr::PrimApp(p, args.into_iter().map(|a| simpl(a, env)).collect())
        }
        Expr::Foreign(fc, args) => {
            Expr::Foreign(fc, args.into_iter().map(|a| simpl(a, env)).collect())
        }
        Expr::UnboxedTuple(args) => {
            Expr::UnboxedTuple(args.into_iter().map(|a| simpl(a, env)).collect())
        }
    }
}

/// `(\params -> body) args` with at least as many args as params; the
/// arguments are already simplified, the body is not.
fn beta(params: Vec<Var>, body: Expr, mut args: Vec<Expr>, env: &Env) -> Expr {
    let rest = args.split_off(params.len());
    let mut env = env.clone();
    let mut lets = Vec::new();
    for (p, a) in params.into_iter().zip(args) {
        if is_atom(&a) {
            env.subst.insert(p.id, a);
        } else {
            lets.push((p, a));
        }
    }
    let mut e = simpl(body, &env);
    for (p, a) in lets.into_iter().rev() {
        e = mk_let(p, a, e);
    }
    if rest.is_empty() {
        e
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
fn mk_let(v: Var, rhs: Expr, body: Expr) -> Expr {
    if v.rep != Rep::Ptr {
        return Expr::Let(Box::new(Bind::NonRec(v, rhs)), Box::new(body));
    }
    let uses = |e: &Expr| core_free_vars(e).contains(&v.id);
    match body {
        Expr::Var(x) if x.id == v.id => rhs,
        body if !uses(&body) => body,
        Expr::Let(inner, inner_body) if matches!(&*inner, Bind::NonRec(_, r) if !uses(r)) => {
            let Bind::NonRec(y, r) = *inner else {
                unreachable!("matched NonRec")
            };
            Expr::Let(
                Box::new(Bind::NonRec(y, r)),
                Box::new(mk_let(v, rhs, *inner_body)),
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
            alts[i].rhs = mk_let(v, rhs, alt_rhs);
            Expr::Case(scrut, b, alts)
        }
        body => Expr::Let(Box::new(Bind::NonRec(v, rhs)), Box::new(body)),
    }
}

fn simpl_let(b: Bind, body: Expr, env: &Env) -> Expr {
    match b {
        Bind::NonRec(v, rhs) => {
            let rhs = simpl(rhs, env);
            let mut env = env.clone();
            if is_atom(&rhs) && !matches!(rhs, Expr::Lit(Lit::String(_))) {
                // let x = y in b  ==>  b[y/x]
                env.subst.insert(v.id, rhs);
                return simpl(body, &env);
            }
            if let Expr::ConApp(c, args) = &rhs {
                if args.iter().all(is_atom) {
                    env.known_con.insert(v.id, (*c, args.clone()));
                }
            }
            let body = simpl(body, &env);
            mk_let(v, rhs, body)
        }
        Bind::Rec(group) => {
            let group: Vec<(Var, Expr)> =
                group.into_iter().map(|(v, r)| (v, simpl(r, env))).collect();
            let body = simpl(body, env);
            let body_fvs = core_free_vars(&body);
            let all_ptr = group.iter().all(|(v, _)| v.rep == Rep::Ptr);
            if all_ptr && group.iter().all(|(v, _)| !body_fvs.contains(&v.id)) {
                return body;
            }
            Expr::Let(Box::new(Bind::Rec(group)), Box::new(body))
        }
    }
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
            if core_free_vars(&rhs).contains(&b.id) {
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
    let alts = alts
        .into_iter()
        .map(|alt| {
            let mut env = env.clone();
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
    Expr::Case(Box::new(scrut), b, alts)
}
