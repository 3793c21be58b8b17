//! STG: the A-normal form the code generator reads, and its pretty-printer.
//!
//! Every argument is an [`Atom`]; every heap allocation is a `let` whose
//! right-hand side is a closure (function or thunk, with its free variables
//! and update flag) or a saturated constructor; evaluation happens only in
//! `case`. Variables keep their Core ids and reps (see `frontend::core`).

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::rc::Rc;

use frontend::core::{ConId, ForeignCall, Lit, PrimOp, Var, VarId};

/// An argument: a variable or a literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Atom {
    Var(Var),
    Lit(Lit),
}

/// What entering a closure does about updates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateFlag {
    /// A thunk that is overwritten with its value.
    Updatable,
    /// A thunk that need not be updated: its value is cheap to recompute
    /// and evaluating it does no work worth sharing (a partial application
    /// of a known function).
    NoUpdate,
    /// A function: re-entrant, never updated.
    Function,
}

/// A right-hand side of a `let` (or a top-level binding).
#[derive(Clone, Debug, PartialEq)]
pub enum Rhs {
    /// A function (`params` non-empty) or a thunk.
    Closure {
        fvs: Vec<Var>,
        update: UpdateFlag,
        params: Vec<Var>,
        body: Box<Expr>,
    },
    /// A saturated constructor application.
    Con(ConId, Vec<Atom>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Binding {
    NonRec(Var, Rhs),
    Rec(Vec<(Var, Rhs)>),
}

impl Binding {
    pub fn pairs(&self) -> Vec<(&Var, &Rhs)> {
        match self {
            Binding::NonRec(v, r) => vec![(v, r)],
            Binding::Rec(group) => group.iter().map(|(v, r)| (v, r)).collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum AltCon {
    Con(ConId),
    Lit(Lit),
    UnboxedTuple,
    Default,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Alt {
    pub con: AltCon,
    pub binders: Vec<Var>,
    pub rhs: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// Return an atom (entering it if it is an unevaluated pointer).
    Atom(Atom),
    /// Apply a function variable to at least one argument.
    App(Var, Vec<Atom>),
    /// Allocate and return a constructor.
    Con(ConId, Vec<Atom>),
    Prim(PrimOp, Vec<Atom>),
    Foreign(ForeignCall, Vec<Atom>),
    /// Return several unboxed values.
    Tuple(Vec<Atom>),
    Let(Box<Binding>, Box<Expr>),
    Case(Box<Expr>, Var, Vec<Alt>),
}

/// A whole STG program.
#[derive(Clone, Debug, Default)]
pub struct Program {
    pub cons: Vec<frontend::core::DataCon>,
    /// Top-level bindings: closures have no free variables (other top-level
    /// bindings are static) and constructor arguments are top-level
    /// variables or literals.
    pub binds: Vec<Binding>,
    pub main: Option<Var>,
    pub foreign_exports: Vec<frontend::core::ForeignExport>,
}

// ------------------------------------------------------------ free variables

fn atom_fvs(a: &Atom, out: &mut BTreeSet<VarId>) {
    if let Atom::Var(v) = a {
        out.insert(v.id);
    }
}

/// The free variables of an expression (by id; top-level ones included).
pub fn free_vars(e: &Expr) -> BTreeSet<VarId> {
    let mut out = BTreeSet::new();
    expr_fvs(e, &mut out);
    out
}

/// The free variables of every sub-expression of a tree, computed once,
/// bottom up (Note [Free variables once]).
#[derive(Debug, Default)]
pub struct FreeVarMap {
    /// By the address of the sub-expression (compared, never followed).
    sets: HashMap<*const Expr, Rc<BTreeSet<VarId>>>,
}

// Note [Free variables once]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~
// The code generator needs the variables live in each case alternative. A
// `do` block is a chain of cases nested as deep as the block is long, so
// computing each alternative's free variables afresh walked the rest of the
// block at every statement: quadratic in the block's length. A function's
// body is walked once instead, each node's set built from its children's.
// The map is keyed by node address; it lives no longer than the borrow of
// the tree it describes, so a key can never name another node, and an
// expression not in the tree (none today) falls back to `free_vars`.

impl FreeVarMap {
    /// The map of every sub-expression of `e`.
    pub fn of(e: &Expr) -> FreeVarMap {
        let mut m = FreeVarMap::default();
        m.walk(e);
        m
    }

    /// The free variables of `e`.
    pub fn get(&self, e: &Expr) -> Rc<BTreeSet<VarId>> {
        match self.sets.get(&(e as *const Expr)) {
            Some(s) => s.clone(),
            None => Rc::new(free_vars(e)),
        }
    }

    fn walk(&mut self, e: &Expr) -> Rc<BTreeSet<VarId>> {
        let mut out = BTreeSet::new();
        match e {
            Expr::Let(b, body) => {
                out.extend(self.walk(body).iter().copied());
                for (_, r) in b.pairs() {
                    match r {
                        Rhs::Closure { params, body, .. } => {
                            let inner = self.walk(body);
                            let params: BTreeSet<VarId> = params.iter().map(|p| p.id).collect();
                            out.extend(inner.iter().filter(|v| !params.contains(v)));
                        }
                        r => rhs_fvs(r, &mut out),
                    }
                }
                for (v, _) in b.pairs() {
                    out.remove(&v.id);
                }
            }
            Expr::Case(scrut, binder, alts) => {
                for alt in alts {
                    let a = self.walk(&alt.rhs);
                    out.extend(
                        a.iter()
                            .filter(|v| !alt.binders.iter().any(|b| b.id == **v)),
                    );
                }
                out.remove(&binder.id);
                out.extend(self.walk(scrut).iter().copied());
            }
            e => expr_fvs(e, &mut out),
        }
        let out = Rc::new(out);
        self.sets.insert(e as *const Expr, out.clone());
        out
    }
}

/// The free variables of a right-hand side.
pub fn rhs_free_vars(r: &Rhs) -> BTreeSet<VarId> {
    let mut out = BTreeSet::new();
    rhs_fvs(r, &mut out);
    out
}

fn rhs_fvs(r: &Rhs, out: &mut BTreeSet<VarId>) {
    match r {
        Rhs::Con(_, args) => args.iter().for_each(|a| atom_fvs(a, out)),
        Rhs::Closure { params, body, .. } => {
            let mut inner = BTreeSet::new();
            expr_fvs(body, &mut inner);
            for p in params {
                inner.remove(&p.id);
            }
            out.extend(inner);
        }
    }
}

fn expr_fvs(e: &Expr, out: &mut BTreeSet<VarId>) {
    match e {
        Expr::Atom(a) => atom_fvs(a, out),
        Expr::App(f, args) => {
            out.insert(f.id);
            args.iter().for_each(|a| atom_fvs(a, out));
        }
        Expr::Con(_, args) | Expr::Prim(_, args) | Expr::Foreign(_, args) | Expr::Tuple(args) => {
            args.iter().for_each(|a| atom_fvs(a, out))
        }
        Expr::Let(b, body) => {
            let mut inner = BTreeSet::new();
            expr_fvs(body, &mut inner);
            for (_, r) in b.pairs() {
                rhs_fvs(r, &mut inner);
            }
            for (v, _) in b.pairs() {
                inner.remove(&v.id);
            }
            out.extend(inner);
        }
        Expr::Case(scrut, binder, alts) => {
            let mut inner = BTreeSet::new();
            for alt in alts {
                let mut a = BTreeSet::new();
                expr_fvs(&alt.rhs, &mut a);
                for b in &alt.binders {
                    a.remove(&b.id);
                }
                inner.extend(a);
            }
            inner.remove(&binder.id);
            out.extend(inner);
            expr_fvs(scrut, out);
        }
    }
}

// ------------------------------------------------------------ pretty-printer

struct V<'a>(&'a Var);

impl fmt::Display for V<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_{}", self.0.name, self.0.id.0)
    }
}

fn lit_text(l: &Lit) -> String {
    match l {
        Lit::Int(v) => format!("{v}#"),
        Lit::Word(v) => format!("{v}##"),
        Lit::Double(v) => format!("{v:?}##"),
        Lit::Float(v) => format!("{v:?}#"),
        Lit::Char(c) => format!("'\\{c}'#"),
        Lit::String(b) => format!("{:?}#", String::from_utf8_lossy(b)),
        Lit::Integer(s) => s.clone(),
    }
}

impl fmt::Display for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Atom::Var(v) => write!(f, "{}", V(v)),
            Atom::Lit(l) => f.write_str(&lit_text(l)),
        }
    }
}

fn atoms(args: &[Atom]) -> String {
    args.iter()
        .map(|a| a.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn vars(vs: &[Var]) -> String {
    vs.iter()
        .map(|v| V(v).to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn write_rhs(out: &mut String, r: &Rhs, ind: usize) {
    match r {
        Rhs::Con(c, args) => out.push_str(&format!("Con#{} [{}]", c.0, atoms(args))),
        Rhs::Closure {
            fvs,
            update,
            params,
            body,
        } => {
            let flag = match update {
                UpdateFlag::Updatable => "u",
                UpdateFlag::NoUpdate => "n",
                UpdateFlag::Function => "r",
            };
            out.push_str(&format!(
                "\\{{{}}} {flag} [{}] ->\n",
                vars(fvs),
                vars(params)
            ));
            out.push_str(&" ".repeat(ind + 2));
            write_expr(out, body, ind + 2);
        }
    }
}

fn write_binding(out: &mut String, b: &Binding, ind: usize) {
    let (kw, pairs) = match b {
        Binding::NonRec(..) => ("let", b.pairs()),
        Binding::Rec(..) => ("letrec", b.pairs()),
    };
    out.push_str(kw);
    for (i, (v, r)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&" ".repeat(ind + kw.len()));
        }
        out.push_str(&format!(" {} = ", V(v)));
        write_rhs(out, r, ind + kw.len() + 1);
    }
}

fn write_expr(out: &mut String, e: &Expr, ind: usize) {
    let nl = |out: &mut String, n: usize| {
        out.push('\n');
        out.push_str(&" ".repeat(n));
    };
    match e {
        Expr::Atom(a) => out.push_str(&a.to_string()),
        Expr::App(fun, args) => out.push_str(&format!("{} {}", V(fun), atoms(args))),
        Expr::Con(c, args) => out.push_str(&format!("Con#{} [{}]", c.0, atoms(args))),
        Expr::Prim(p, args) => out.push_str(&format!("{} [{}]", p.0, atoms(args))),
        Expr::Foreign(fc, args) => {
            out.push_str(&format!("ccall {:?} [{}]", fc.entity, atoms(args)))
        }
        Expr::Tuple(args) => out.push_str(&format!("(# {} #)", atoms(args))),
        Expr::Let(b, body) => {
            write_binding(out, b, ind);
            nl(out, ind);
            out.push_str("in ");
            write_expr(out, body, ind + 3);
        }
        Expr::Case(scrut, b, alts) => {
            out.push_str("case ");
            write_expr(out, scrut, ind + 5);
            out.push_str(&format!(" of {} {{", V(b)));
            for alt in alts {
                nl(out, ind + 2);
                let head = match &alt.con {
                    AltCon::Con(c) => format!("Con#{}", c.0),
                    AltCon::Lit(l) => lit_text(l),
                    AltCon::UnboxedTuple => "(#..#)".to_string(),
                    AltCon::Default => "DEFAULT".to_string(),
                };
                out.push_str(&format!("{head} {} -> ", vars(&alt.binders)));
                write_expr(out, &alt.rhs, ind + 4);
            }
            nl(out, ind);
            out.push('}');
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        write_expr(&mut s, self, 0);
        f.write_str(&s)
    }
}

impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in &self.binds {
            let mut s = String::new();
            write_binding(&mut s, b, 0);
            writeln!(f, "{s}")?;
        }
        Ok(())
    }
}
