//! Kind checking (Haskell 2010 4.6): infers the kind of every type
//! constructor, synonym and class variable from the declarations, then
//! checks that every type written in the program is well kinded — a
//! constructor field, a signature, an annotation, a foreign declaration's
//! type has kind `*`; an instance head has its class's kind; each
//! application applies a constructor of arrow kind to an argument of the
//! kind it expects. Errors read like GHC's ("Expecting one more argument to
//! ‘Maybe’", "Expected kind ‘* -> *’, but ‘Int’ has kind ‘*’").
//!
//! Type inference itself (`unify`) works without kinds; this pass only
//! rejects the programs that kinds rule out. See Note [Kind inference].

use std::collections::HashMap;
use std::fmt;

use crate::diagnostics::Diagnostic;
use crate::prim::BUILTIN_TYPES;
use crate::rename::ir::{self, Bind, Expr, Guard, Pat, Rhs, SType, SigType};

// Note [Kind inference]
// ~~~~~~~~~~~~~~~~~~~~~
// All data types, newtypes, synonyms and classes of the program (library
// included) form ONE inference group: each gets a kind with unknowns for
// its parameters, the constructor fields, synonym right-hand sides and
// method signatures are checked against them, and unknowns left at the end
// default to `*`. Haskell 2010 instead defaults per strongly connected
// group, which rejects a few more programs (`data T a = T` then a use of
// `T Maybe` in another group); we accept those. There are no kind
// signatures and no polymorphic kinds. Instances and signatures are checked
// afterwards against the defaulted kinds; a signature's own type variables
// get fresh unknowns (defaulting to `*` is never needed to accept).

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Star,
    Arrow(Box<Kind>, Box<Kind>),
    Var(u32),
}

impl Kind {
    fn arrow(a: Kind, b: Kind) -> Kind {
        Kind::Arrow(Box::new(a), Box::new(b))
    }
    fn arrows(args: Vec<Kind>, res: Kind) -> Kind {
        args.into_iter()
            .rev()
            .fold(res, |acc, a| Kind::arrow(a, acc))
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Unknowns print as `*`, what they default to.
            Kind::Star | Kind::Var(_) => f.write_str("*"),
            Kind::Arrow(a, b) => match **a {
                Kind::Arrow(..) => write!(f, "({a}) -> {b}"),
                _ => write!(f, "{a} -> {b}"),
            },
        }
    }
}

struct KindChecker {
    subst: Vec<Option<Kind>>,
    /// Kinds of type constructors and synonyms, by qualified name.
    tycons: HashMap<String, Kind>,
    /// Kind of each class's variable.
    classes: HashMap<String, Kind>,
    errors: Vec<Diagnostic>,
}

/// Checks the kinds of every declaration and type in `prog`.
pub fn check(prog: &ir::Program) -> Vec<Diagnostic> {
    let mut k = KindChecker {
        subst: Vec::new(),
        tycons: HashMap::new(),
        classes: HashMap::new(),
        errors: Vec::new(),
    };
    k.declarations(prog);
    k.uses(prog);
    k.errors
}

impl KindChecker {
    fn fresh(&mut self) -> Kind {
        self.subst.push(None);
        Kind::Var(self.subst.len() as u32 - 1)
    }

    /// Follows solved unknowns at the top.
    fn shallow(&self, k: &Kind) -> Kind {
        let mut k = k.clone();
        while let Kind::Var(v) = k {
            match &self.subst[v as usize] {
                Some(next) => k = next.clone(),
                None => break,
            }
        }
        k
    }

    fn zonk(&self, k: &Kind) -> Kind {
        match self.shallow(k) {
            Kind::Arrow(a, b) => Kind::arrow(self.zonk(&a), self.zonk(&b)),
            other => other,
        }
    }

    fn occurs(&self, v: u32, k: &Kind) -> bool {
        match self.shallow(k) {
            Kind::Var(w) => v == w,
            Kind::Arrow(a, b) => self.occurs(v, &a) || self.occurs(v, &b),
            Kind::Star => false,
        }
    }

    fn unify(&mut self, a: &Kind, b: &Kind) -> bool {
        match (self.shallow(a), self.shallow(b)) {
            (Kind::Star, Kind::Star) => true,
            (Kind::Var(v), Kind::Var(w)) if v == w => true,
            (Kind::Var(v), k) | (k, Kind::Var(v)) => {
                if self.occurs(v, &k) {
                    return false;
                }
                self.subst[v as usize] = Some(k);
                true
            }
            (Kind::Arrow(a1, b1), Kind::Arrow(a2, b2)) => {
                self.unify(&a1, &a2) && self.unify(&b1, &b2)
            }
            _ => false,
        }
    }

    /// Sets every unsolved unknown to `*`.
    fn default_all(&mut self) {
        for i in 0..self.subst.len() {
            if self.subst[i].is_none() {
                self.subst[i] = Some(Kind::Star);
            }
        }
    }

    fn declarations(&mut self, prog: &ir::Program) {
        for t in BUILTIN_TYPES {
            self.tycons.insert(
                t.name.to_string(),
                Kind::arrows(vec![Kind::Star; t.params.len()], Kind::Star),
            );
        }
        self.tycons.insert(
            "->".to_string(),
            Kind::arrows(vec![Kind::Star, Kind::Star], Kind::Star),
        );
        // Kinds with unknowns for every declared constructor first (the
        // group may be mutually recursive), then the bodies.
        let mut params: HashMap<String, Vec<Kind>> = HashMap::new();
        for d in &prog.data {
            let ps: Vec<Kind> = d.params.iter().map(|_| self.fresh()).collect();
            self.tycons
                .insert(d.name.clone(), Kind::arrows(ps.clone(), Kind::Star));
            params.insert(d.name.clone(), ps);
        }
        let mut syn_results = HashMap::new();
        for s in &prog.synonyms {
            let ps: Vec<Kind> = s.params.iter().map(|_| self.fresh()).collect();
            let res = self.fresh();
            self.tycons
                .insert(s.name.clone(), Kind::arrows(ps.clone(), res.clone()));
            params.insert(s.name.clone(), ps);
            syn_results.insert(s.name.clone(), res);
        }
        for c in &prog.classes {
            let k = self.fresh();
            self.classes.insert(c.name.clone(), k);
        }
        for d in &prog.data {
            let mut vars: HashMap<String, Kind> = d
                .params
                .iter()
                .cloned()
                .zip(params[&d.name].clone())
                .collect();
            for c in &d.cons {
                for f in &c.fields {
                    self.expect_type(f, &mut vars);
                }
            }
        }
        for s in &prog.synonyms {
            let mut vars: HashMap<String, Kind> = s
                .params
                .iter()
                .cloned()
                .zip(params[&s.name].clone())
                .collect();
            if let Some(k) = self.infer(&s.rhs, &mut vars) {
                let want = syn_results[&s.name].clone();
                if !self.unify(&k, &want) {
                    self.mismatch(&s.rhs, &want, &k);
                }
            }
        }
        for c in &prog.classes {
            let ck = self.classes[&c.name].clone();
            for sup in &c.supers {
                if let Some(sk) = self.classes.get(sup).cloned()
                    && !self.unify(&ck, &sk)
                {
                    let (ck, sk) = (self.zonk(&ck), self.zonk(&sk));
                    self.errors.push(Diagnostic::error(
                        c.span,
                        format!(
                            "The class variable of ‘{}’ has kind ‘{ck}’, but its superclass ‘{}’ expects kind ‘{sk}’",
                            short(&c.name),
                            short(sup)
                        ),
                    ));
                }
            }
            for (_, sig) in &c.methods {
                let mut vars = HashMap::from([(c.tyvar.clone(), ck.clone())]);
                self.sig_with(sig, &mut vars);
            }
        }
        self.default_all();
    }

    /// Instances, signatures, annotations and foreign declarations.
    fn uses(&mut self, prog: &ir::Program) {
        for i in &prog.instances {
            let mut vars = HashMap::new();
            if let Some(want) = self.classes.get(&i.class).cloned()
                && let Some(have) = self.infer(&i.head, &mut vars)
                && !self.unify(&want, &have)
            {
                let (want, have) = (self.zonk(&want), self.zonk(&have));
                self.errors.push(
                    Diagnostic::error(
                        i.head.span(),
                        format!(
                            "Expected kind ‘{want}’, but ‘{}’ has kind ‘{have}’",
                            show(&i.head)
                        ),
                    )
                    .with_note(format!(
                        "In the instance declaration for ‘{} {}’",
                        short(&i.class),
                        show_atomic(&i.head)
                    )),
                );
            }
            for (class, t) in &i.context {
                self.pred(class, t, &mut vars);
            }
            self.binds(&i.methods);
        }
        for c in &prog.classes {
            self.binds(&c.defaults);
        }
        self.binds(&prog.binds);
        for f in &prog.foreign_imports {
            self.sig(&f.sig);
        }
        for f in &prog.foreign_exports {
            self.sig(&f.sig);
        }
    }

    fn sig(&mut self, sig: &SigType) {
        self.sig_with(sig, &mut HashMap::new());
    }

    fn sig_with(&mut self, sig: &SigType, vars: &mut HashMap<String, Kind>) {
        for (class, t) in &sig.context {
            self.pred(class, t, vars);
        }
        self.expect_type(&sig.ty, vars);
    }

    /// `C t`: `t` has the kind of `C`'s variable.
    fn pred(&mut self, class: &str, t: &SType, vars: &mut HashMap<String, Kind>) {
        let Some(want) = self.classes.get(class).cloned() else {
            return;
        };
        if let Some(have) = self.infer(t, vars)
            && !self.unify(&want, &have)
        {
            self.mismatch(t, &want, &have);
        }
    }

    fn binds(&mut self, binds: &[Bind]) {
        for b in binds {
            match b {
                Bind::Fun { clauses, sig, .. } => {
                    if let Some(s) = sig {
                        self.sig(s);
                    }
                    for c in clauses {
                        c.pats.iter().for_each(|p| self.pat(p));
                        self.rhs(&c.rhs);
                    }
                }
                Bind::Pat { pat, rhs, .. } => {
                    self.pat(pat);
                    self.rhs(rhs);
                }
            }
        }
    }

    fn rhs(&mut self, rhs: &Rhs) {
        for (guards, e) in &rhs.guarded {
            for g in guards {
                match g {
                    Guard::Bool(e) => self.expr(e),
                    Guard::Pat(p, e) => {
                        self.pat(p);
                        self.expr(e);
                    }
                    Guard::Let(bs) => self.binds(bs),
                }
            }
            self.expr(e);
        }
        self.binds(&rhs.wheres);
    }

    fn expr(&mut self, e: &Expr) {
        // Application spines iteratively (they can be long).
        let mut e = e;
        loop {
            match e {
                Expr::Var(..) | Expr::Con(..) | Expr::Lit(..) => return,
                Expr::App(f, a, _) => {
                    self.expr(a);
                    e = f;
                }
                Expr::Lam(ps, body, _) => {
                    ps.iter().for_each(|p| self.pat(p));
                    e = body;
                }
                Expr::Let(bs, body, _) => {
                    self.binds(bs);
                    e = body;
                }
                Expr::Case(s, alts, _) => {
                    for a in alts {
                        self.pat(&a.pat);
                        self.rhs(&a.rhs);
                    }
                    e = s;
                }
                Expr::Typed(x, sig, _) => {
                    self.sig(sig);
                    e = x;
                }
            }
        }
    }

    fn pat(&mut self, p: &Pat) {
        match p {
            Pat::Var(_) | Pat::Wild(_) | Pat::Lit(..) => {}
            Pat::Con(_, ps, _, _) => ps.iter().for_each(|q| self.pat(q)),
            Pat::As(_, q) | Pat::Lazy(q, _) | Pat::Bang(q, _) => self.pat(q),
            Pat::Typed(q, t, _) => {
                self.pat(q);
                self.expect_type(t, &mut HashMap::new());
            }
        }
    }

    /// `t` must be a type (kind `*`).
    fn expect_type(&mut self, t: &SType, vars: &mut HashMap<String, Kind>) {
        let Some(k) = self.infer(t, vars) else { return };
        if self.unify(&k, &Kind::Star) {
            return;
        }
        let k = self.zonk(&k);
        let mut missing = 0;
        let mut r = &k;
        while let Kind::Arrow(_, b) = r {
            missing += 1;
            r = b;
        }
        let msg = if missing > 0 && *r == Kind::Star {
            let n = match missing {
                1 => "one more argument".to_string(),
                2 => "two more arguments".to_string(),
                3 => "three more arguments".to_string(),
                n => format!("{n} more arguments"),
            };
            format!(
                "Expecting {n} to ‘{}’\nExpected a type, but ‘{}’ has kind ‘{k}’",
                show(t),
                show(t)
            )
        } else {
            format!("Expected a type, but ‘{}’ has kind ‘{k}’", show(t))
        };
        self.errors.push(Diagnostic::error(t.span(), msg));
    }

    /// The kind of `t`; `None` after reporting an error inside it.
    fn infer(&mut self, t: &SType, vars: &mut HashMap<String, Kind>) -> Option<Kind> {
        match t {
            SType::Var(v, _) => Some(match vars.get(v) {
                Some(k) => k.clone(),
                None => {
                    let k = self.fresh();
                    vars.insert(v.clone(), k.clone());
                    k
                }
            }),
            // Unknown names are the type checker's to report.
            SType::Con(name, _) => Some(match self.tycons.get(name) {
                Some(k) => k.clone(),
                None => self.fresh(),
            }),
            SType::App(f, a) => {
                let kf = self.infer(f, vars)?;
                let ka = self.infer(a, vars)?;
                let res = self.fresh();
                match self.shallow(&kf) {
                    Kind::Arrow(want_arg, r) => {
                        if !self.unify(&want_arg, &ka) {
                            self.mismatch(a, &want_arg, &ka);
                            return None;
                        }
                        Some(*r)
                    }
                    _ => {
                        let want = Kind::arrow(ka.clone(), res.clone());
                        if !self.unify(&kf, &want) {
                            self.mismatch(f, &want, &kf);
                            return None;
                        }
                        Some(res)
                    }
                }
            }
        }
    }

    fn mismatch(&mut self, t: &SType, want: &Kind, have: &Kind) {
        let (want, have) = (self.zonk(want), self.zonk(have));
        let msg = if want == Kind::Star && matches!(have, Kind::Arrow(..)) {
            let mut missing = 0;
            let mut r = &have;
            while let Kind::Arrow(_, b) = r {
                missing += 1;
                r = b;
            }
            let n = if missing == 1 {
                "one more argument".to_string()
            } else {
                format!("{missing} more arguments")
            };
            format!(
                "Expecting {n} to ‘{}’\nExpected a type, but ‘{}’ has kind ‘{have}’",
                show(t),
                show(t)
            )
        } else {
            format!(
                "Expected kind ‘{want}’, but ‘{}’ has kind ‘{have}’",
                show(t)
            )
        };
        self.errors.push(Diagnostic::error(t.span(), msg));
    }
}

fn short(name: &str) -> &str {
    super::short_name(name)
}

/// A type as the user would write it (short names).
fn show(t: &SType) -> String {
    let mut args = Vec::new();
    let mut head = t;
    while let SType::App(f, a) = head {
        args.push(&**a);
        head = f;
    }
    args.reverse();
    let h = match head {
        SType::Var(v, _) => v.clone(),
        SType::Con(c, _) => {
            let s = short(c);
            if s == "->" && args.len() == 2 {
                let l = match args[0] {
                    a @ SType::App(f, _) if matches!(&**f, SType::App(g, _) if matches!(&**g, SType::Con(n, _) if n == "->")) =>
                    {
                        format!("({})", show(a))
                    }
                    a => show(a),
                };
                return format!("{l} -> {}", show(args[1]));
            }
            if s == "[]" && args.len() == 1 {
                return format!("[{}]", show(args[0]));
            }
            if s.starts_with("(,") && args.len() == s.len() - 1 {
                let items: Vec<String> = args.iter().map(|a| show(a)).collect();
                return format!("({})", items.join(", "));
            }
            if s == "->" {
                "(->)".to_string()
            } else {
                s.to_string()
            }
        }
        SType::App(..) => String::new(),
    };
    let mut out = h;
    for a in args {
        out.push(' ');
        out.push_str(&show_atomic(a));
    }
    out
}

fn show_atomic(t: &SType) -> String {
    let s = show(t);
    let atomic = matches!(t, SType::Var(..) | SType::Con(..))
        || s.starts_with('(') && s.ends_with(')')
        || s.starts_with('[');
    if atomic { s } else { format!("({s})") }
}
