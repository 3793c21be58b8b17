//! A compact printer for the AST, used by the desugaring tests and for
//! debugging. It prints Haskell text with explicit braces and semicolons.
//!
//! Two styles ([`Printer`]): for people, where generated references to
//! library entities (Note [Built-in references]) print with a `%` prefix
//! (`%>>=`, `%True`) so tests can tell them from user names; and as Haskell
//! that GHC accepts (`Prelude.>>=`, generated names `go$1` as `go_1'`), so
//! a desugared program can be run by GHC and its output compared with the
//! original's (see `desugar::ghc_tests`).

use crate::syntax::ast::{
    Assoc, ConFields, DataDecl, Decl, DeclKind, Export, ExportKind, Expr, ExprKind, FieldType,
    ItemSubs, Literal, Match, Module, Name, Pat, PatKind, PragmaKind, QualType, Rhs, RhsBody, Stmt,
    StmtKind, Type, TypeKind,
};

use super::names::is_builtin;

/// An expression for people.
pub fn expr(e: &Expr) -> String {
    Printer::default().expr(e)
}

/// A pattern for people.
pub fn pat(p: &Pat) -> String {
    Printer::default().pat(p)
}

/// A declaration for people.
pub fn decl(d: &Decl) -> String {
    Printer::default().decl(d)
}

/// A whole module as Haskell source for GHC.
pub fn module_as_haskell(m: &Module) -> String {
    Printer { haskell: true }.module(m)
}

/// What GHC's Prelude offers for the hsrts library's compiler-support
/// functions (same first line of the message; GHC's own exception types
/// differ).
fn ghc_stand_in(name: &str) -> Option<&'static str> {
    match name {
        "recSelError" | "recConError" | "patError" => Some("Prelude.error"),
        "errorAt" => Some("(\\_ -> Prelude.error)"),
        _ => None,
    }
}

/// The printing style; see the module comment.
#[derive(Clone, Copy, Debug, Default)]
pub struct Printer {
    pub haskell: bool,
}

fn list(items: impl Iterator<Item = String>, sep: &str) -> String {
    items.collect::<Vec<_>>().join(sep)
}

/// `op a` for an operator variable `op`: the head of a binary application.
fn binary_operator(f: &Expr) -> Option<(&Name, &Expr)> {
    match &f.kind {
        ExprKind::App(op, a) => match &op.kind {
            ExprKind::Var(n) | ExprKind::Con(n) if n.is_operator() && n.name != ":" => Some((n, a)),
            _ => None,
        },
        _ => None,
    }
}

/// A Haskell string or character literal body.
fn escape_haskell(s: &str, quote: char) -> String {
    let mut out = String::new();
    let mut after_numeric = false;
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (' '..='~').contains(&c) => {
                if after_numeric && c.is_ascii_digit() {
                    out.push_str("\\&");
                }
                out.push(c);
            }
            c => {
                out.push_str(&format!("\\{}", c as u32));
                after_numeric = true;
                continue;
            }
        }
        after_numeric = false;
    }
    out
}

impl Printer {
    /// A name in prefix position: `x`, `(+)`, `%map`, `(%>>=)`.
    pub fn name(&self, n: &Name) -> String {
        let text = self.bare(n);
        if n.is_operator() {
            format!("({text})")
        } else {
            text
        }
    }

    fn bare(&self, n: &Name) -> String {
        if is_builtin(n) {
            if !self.haskell {
                format!("%{}", n.name)
            } else if let Some(stand_in) = ghc_stand_in(&n.name) {
                stand_in.to_string()
            } else {
                format!("Prelude.{}", n.name)
            }
        } else if self.haskell && !n.is_operator() && n.name.contains('$') {
            format!("{}'", n.name.replace('$', "_"))
        } else {
            n.display()
        }
    }

    pub fn literal(&self, l: &Literal) -> String {
        match l {
            Literal::Integer(i) => i.decimal.clone(),
            Literal::Frac(f) => f.text.clone(),
            Literal::Char(c) if self.haskell => {
                format!("'{}'", escape_haskell(&c.to_string(), '\''))
            }
            Literal::String(s) if self.haskell => format!("\"{}\"", escape_haskell(s, '"')),
            Literal::Char(c) => format!("{c:?}"),
            Literal::String(s) => format!("{s:?}"),
        }
    }

    fn atom(&self, e: &Expr) -> String {
        let atomic = matches!(
            e.kind,
            ExprKind::Var(_)
                | ExprKind::Con(_)
                | ExprKind::Lit(_)
                | ExprKind::Tuple(_)
                | ExprKind::List(_)
                | ExprKind::Paren(_)
        );
        if atomic {
            self.expr(e)
        } else {
            format!("({})", self.expr(e))
        }
    }

    pub fn expr(&self, e: &Expr) -> String {
        match &e.kind {
            ExprKind::Var(n) | ExprKind::Con(n) => self.name(n),
            ExprKind::Lit(l) => self.literal(l),
            // In Haskell mode `op a b` prints as `(a op b)`: GHC 9.0 types
            // `f $ x` specially (impredicatively), `($) f x` not.
            ExprKind::App(f, b) if self.haskell && binary_operator(f).is_some() => {
                let (op, a) = binary_operator(f).expect("checked");
                format!("({} {} {})", self.atom(a), self.bare(op), self.atom(b))
            }
            ExprKind::App(f, a) => {
                let head = if matches!(f.kind, ExprKind::App(..)) {
                    self.expr(f)
                } else {
                    self.atom(f)
                };
                format!("{head} {}", self.atom(a))
            }
            ExprKind::OpSeq(_) => "<opseq>".to_string(),
            ExprKind::BinOp(l, op, r) => {
                let o = if op.backquoted {
                    format!("`{}`", self.bare(&op.name))
                } else {
                    self.bare(&op.name)
                };
                format!("{} {o} {}", self.atom(l), self.atom(r))
            }
            ExprKind::Neg(x) => format!("-{}", self.atom(x)),
            ExprKind::LeftSection(x, op) => format!("({} {})", self.atom(x), self.bare(&op.name)),
            ExprKind::RightSection(op, x) => format!("({} {})", self.bare(&op.name), self.atom(x)),
            ExprKind::Lambda(ps, body) => {
                format!(
                    "\\{} -> {}",
                    list(ps.iter().map(|p| self.apat(p)), " "),
                    self.expr(body)
                )
            }
            ExprKind::Let(ds, body) => {
                format!("let {{ {} }} in {}", self.decls(ds), self.expr(body))
            }
            ExprKind::If(c, t, f) => format!(
                "if {} then {} else {}",
                self.expr(c),
                self.expr(t),
                self.expr(f)
            ),
            ExprKind::Case(s, alts) => {
                let alts = alts
                    .iter()
                    .map(|a| format!("{}{}", self.pat(&a.pat), self.rhs(&a.rhs, "->")));
                format!("case {} of {{ {} }}", self.expr(s), list(alts, "; "))
            }
            ExprKind::Do(ss) => format!("do {{ {} }}", list(ss.iter().map(|s| self.stmt(s)), "; ")),
            ExprKind::Tuple(xs) => format!("({})", list(xs.iter().map(|x| self.expr(x)), ", ")),
            ExprKind::List(xs) => format!("[{}]", list(xs.iter().map(|x| self.expr(x)), ", ")),
            ExprKind::ArithSeq { from, then, to } => format!(
                "[{}{} ..{}]",
                self.expr(from),
                then.as_ref()
                    .map_or(String::new(), |t| format!(", {}", self.expr(t))),
                to.as_ref()
                    .map_or(String::new(), |t| format!(" {}", self.expr(t)))
            ),
            ExprKind::ListComp(body, qs) => {
                format!(
                    "[{} | {}]",
                    self.expr(body),
                    list(qs.iter().map(|s| self.stmt(s)), ", ")
                )
            }
            ExprKind::Typed(x, t) => format!("({} :: {})", self.expr(x), self.qual_type(t)),
            ExprKind::RecordCon(c, fs) => format!(
                "{} {{ {} }}",
                self.name(c),
                list(
                    fs.iter()
                        .map(|f| format!("{} = {}", self.name(&f.field), self.expr(&f.value))),
                    ", "
                )
            ),
            ExprKind::RecordUpdate(x, fs) => format!(
                "{} {{ {} }}",
                self.atom(x),
                list(
                    fs.iter()
                        .map(|f| format!("{} = {}", self.name(&f.field), self.expr(&f.value))),
                    ", "
                )
            ),
            ExprKind::Paren(x) => format!("({})", self.expr(x)),
        }
    }

    fn stmt(&self, s: &Stmt) -> String {
        match &s.kind {
            StmtKind::Bind(p, e) => format!("{} <- {}", self.pat(p), self.expr(e)),
            StmtKind::Let(ds) => format!("let {{ {} }}", self.decls(ds)),
            StmtKind::Expr(e) => self.expr(e),
        }
    }

    fn apat(&self, p: &Pat) -> String {
        match &p.kind {
            PatKind::Con(_, args) if !args.is_empty() => format!("({})", self.pat(p)),
            PatKind::Lit { negated: true, .. } => format!("({})", self.pat(p)),
            _ => self.pat(p),
        }
    }

    pub fn pat(&self, p: &Pat) -> String {
        match &p.kind {
            PatKind::Var(n) => self.name(n),
            PatKind::Wildcard => "_".to_string(),
            PatKind::Lit { lit, negated } => {
                format!("{}{}", if *negated { "-" } else { "" }, self.literal(lit))
            }
            PatKind::Con(c, args) if c.name == ":" && args.len() == 2 => {
                format!("{} : {}", self.apat(&args[0]), self.apat(&args[1]))
            }
            PatKind::Con(c, args) => {
                let mut s = self.name(c);
                for a in args {
                    s.push(' ');
                    s.push_str(&self.apat(a));
                }
                s
            }
            PatKind::OpSeq(_) => "<opseq>".to_string(),
            PatKind::Record(c, fs) => format!(
                "{} {{ {} }}",
                self.name(c),
                list(
                    fs.iter()
                        .map(|f| format!("{} = {}", self.name(&f.field), self.pat(&f.pat))),
                    ", "
                )
            ),
            PatKind::Tuple(ps) => format!("({})", list(ps.iter().map(|p| self.pat(p)), ", ")),
            PatKind::List(ps) => format!("[{}]", list(ps.iter().map(|p| self.pat(p)), ", ")),
            PatKind::As(n, q) => format!("{}@{}", self.name(n), self.apat(q)),
            PatKind::Lazy(q) => format!("~{}", self.apat(q)),
            PatKind::Bang(q) => format!("!{}", self.apat(q)),
            PatKind::Paren(q) => format!("({})", self.pat(q)),
        }
    }

    fn rhs(&self, r: &Rhs, eq: &str) -> String {
        let mut s = match &r.body {
            RhsBody::Plain(e) => format!(" {eq} {}", self.expr(e)),
            RhsBody::Guarded(gs) => gs
                .iter()
                .map(|g| {
                    format!(
                        " | {} {eq} {}",
                        list(g.guards.iter().map(|s| self.stmt(s)), ", "),
                        self.expr(&g.body)
                    )
                })
                .collect(),
        };
        if !r.wheres.is_empty() {
            s.push_str(&format!(" where {{ {} }}", self.decls(&r.wheres)));
        }
        s
    }

    fn clause(&self, n: &Name, m: &Match) -> String {
        let mut s = self.name(n);
        for p in &m.pats {
            s.push(' ');
            s.push_str(&self.apat(p));
        }
        s + &self.rhs(&m.rhs, "=")
    }

    pub fn decls(&self, ds: &[Decl]) -> String {
        list(ds.iter().map(|d| self.decl(d)), "; ")
    }

    fn context(&self, preds: &[crate::syntax::ast::Pred]) -> String {
        if preds.is_empty() {
            return String::new();
        }
        format!(
            "({}) => ",
            list(
                preds
                    .iter()
                    .map(|p| format!("{} {}", self.name(&p.class), self.atype(&p.ty))),
                ", "
            )
        )
    }

    pub fn decl(&self, d: &Decl) -> String {
        match &d.kind {
            DeclKind::TypeSig(ns, t) => {
                format!(
                    "{} :: {}",
                    list(ns.iter().map(|n| self.name(n)), ", "),
                    self.qual_type(t)
                )
            }
            DeclKind::Fixity(f) => {
                let kw = match f.assoc {
                    Assoc::Left => "infixl",
                    Assoc::Right => "infixr",
                    Assoc::None => "infix",
                };
                let ops = f.ops.iter().map(|o| {
                    if o.is_operator() {
                        self.bare(o)
                    } else {
                        format!("`{}`", self.bare(o))
                    }
                });
                format!("{kw} {} {}", f.precedence, list(ops, ", "))
            }
            DeclKind::FunBind(fb) => {
                list(fb.matches.iter().map(|m| self.clause(&fb.name, m)), "; ")
            }
            DeclKind::PatBind(p, r) => self.pat(p) + &self.rhs(r, "="),
            DeclKind::Data(dd) => self.data("data", dd),
            DeclKind::Newtype(dd) => self.data("newtype", dd),
            DeclKind::TypeSyn(t) => {
                let params = list(t.params.iter().map(|p| format!(" {}", p.name)), "");
                format!("type {}{params} = {}", self.name(&t.name), self.ty(&t.rhs))
            }
            DeclKind::Class(c) => format!(
                "class {}{} {} where {{ {} }}",
                self.context(&c.context),
                self.name(&c.name),
                c.param.name,
                self.decls(&c.decls)
            ),
            DeclKind::Instance(i) => format!(
                "instance {}{} {} where {{ {} }}",
                self.context(&i.context),
                self.name(&i.class),
                self.atype(&i.ty),
                self.decls(&i.decls)
            ),
            DeclKind::ForeignImport(f) => format!("foreign import {}", self.name(&f.name)),
            DeclKind::ForeignExport(f) => format!("foreign export {}", self.name(&f.name)),
            DeclKind::Default(ts) => format!("default ({} types)", ts.len()),
        }
    }

    fn field_type(&self, f: &FieldType) -> String {
        if f.strict {
            format!("!{}", self.atype(&f.ty))
        } else {
            self.atype(&f.ty)
        }
    }

    fn data(&self, keyword: &str, dd: &DataDecl) -> String {
        let params = list(dd.params.iter().map(|p| format!(" {}", p.name)), "");
        let mut s = format!(
            "{keyword} {}{}{params}",
            self.context(&dd.context),
            self.name(&dd.name)
        );
        let cons = dd.cons.iter().map(|c| match &c.fields {
            ConFields::Positional(ts) if c.infix && ts.len() == 2 => {
                let op = if c.name.is_operator() {
                    c.name.name.clone()
                } else {
                    format!("`{}`", c.name.name)
                };
                format!(
                    "{} {op} {}",
                    self.field_type(&ts[0]),
                    self.field_type(&ts[1])
                )
            }
            ConFields::Positional(ts) => {
                format!(
                    "{}{}",
                    self.name(&c.name),
                    list(ts.iter().map(|t| format!(" {}", self.field_type(t))), "")
                )
            }
            // Once desugared, a record constructor is positional and its
            // selectors are ordinary functions.
            ConFields::Record(_) if self.haskell => format!(
                "{}{}",
                self.name(&c.name),
                list(
                    c.fields
                        .types()
                        .into_iter()
                        .map(|t| format!(" {}", self.field_type(t))),
                    ""
                )
            ),
            ConFields::Record(rs) => format!(
                "{} {{ {} }}",
                self.name(&c.name),
                list(
                    rs.iter().map(|r| format!(
                        "{} :: {}",
                        list(r.names.iter().map(|n| self.name(n)), ", "),
                        if r.ty.strict {
                            format!("!{}", self.atype(&r.ty.ty))
                        } else {
                            self.ty(&r.ty.ty)
                        }
                    )),
                    ", "
                )
            ),
        });
        let cons = list(cons, " | ");
        if !cons.is_empty() {
            s.push_str(" = ");
            s.push_str(&cons);
        }
        if !dd.deriving.is_empty() {
            s.push_str(&format!(
                " deriving ({})",
                list(dd.deriving.iter().map(|n| self.name(n)), ", ")
            ));
        }
        s
    }

    pub fn qual_type(&self, t: &QualType) -> String {
        format!("{}{}", self.context(&t.context), self.ty(&t.ty))
    }

    fn atype(&self, t: &Type) -> String {
        match &t.kind {
            TypeKind::App(..) | TypeKind::Fun(..) => format!("({})", self.ty(t)),
            _ => self.ty(t),
        }
    }

    pub fn ty(&self, t: &Type) -> String {
        match &t.kind {
            TypeKind::Var(n) | TypeKind::Con(n) => self.bare(n),
            TypeKind::App(f, a) => format!("{} {}", self.ty(f), self.atype(a)),
            TypeKind::Fun(a, b) => {
                let l = if matches!(a.kind, TypeKind::Fun(..)) {
                    format!("({})", self.ty(a))
                } else {
                    self.ty(a)
                };
                format!("{l} -> {}", self.ty(b))
            }
            TypeKind::List(x) => format!("[{}]", self.ty(x)),
            TypeKind::Tuple(ts) => format!("({})", list(ts.iter().map(|t| self.ty(t)), ", ")),
        }
    }

    fn export(&self, e: &Export) -> String {
        match &e.kind {
            ExportKind::Var(n) => self.name(n),
            ExportKind::Type(n, subs) => {
                let subs = match subs {
                    ItemSubs::None => String::new(),
                    ItemSubs::All => "(..)".to_string(),
                    ItemSubs::Some(ns) => {
                        format!("({})", list(ns.iter().map(|n| self.name(n)), ", "))
                    }
                };
                format!("{}{subs}", self.name(n))
            }
            ExportKind::Module(m) => format!("module {}", m.name),
        }
    }

    /// A whole module: header, imports, and one declaration per line.
    pub fn module(&self, m: &Module) -> String {
        let mut out = String::new();
        for p in &m.pragmas {
            match &p.kind {
                PragmaKind::Language(exts) => {
                    out.push_str(&format!(
                        "{{-# LANGUAGE {} #-}}\n",
                        list(exts.iter().map(|e| e.name.clone()), ", ")
                    ));
                }
                PragmaKind::OptionsGhc(opts) => {
                    out.push_str(&format!("{{-# OPTIONS_GHC {opts} #-}}\n"))
                }
            }
        }
        if let Some(name) = &m.name {
            out.push_str(&format!("module {}", name.name));
            if let Some(es) = &m.exports {
                out.push_str(&format!(
                    " ({})",
                    list(es.iter().map(|e| self.export(e)), ", ")
                ));
            }
            out.push_str(" where\n");
        }
        for i in &m.imports {
            out.push_str("import ");
            if i.qualified {
                out.push_str("qualified ");
            }
            out.push_str(&i.module.name);
            if let Some(a) = &i.as_name {
                out.push_str(&format!(" as {}", a.name));
            }
            if i.hiding {
                out.push_str(" hiding");
            }
            if let Some(items) = &i.items {
                out.push_str(&format!(
                    " ({})",
                    list(items.iter().map(|e| self.export(e)), ", ")
                ));
            }
            out.push('\n');
        }
        for d in &m.decls {
            out.push_str(&self.decl(d));
            out.push('\n');
        }
        out
    }
}
