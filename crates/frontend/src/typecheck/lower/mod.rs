//! Elaboration of the checked program to Core.
//!
//! Dictionaries become ordinary values (Note [Dictionary representation]),
//! patterns become nested `case`s ([`matching`]), literals become boxed
//! constants or `fromInteger`/`fromRational` calls, and every top-level
//! entity (bindings, method selectors, default methods, instance
//! dictionaries, foreign imports) becomes a Core binding named by its
//! qualified name. Top-level bindings are emitted in dependency order, one
//! `Rec` per strongly connected group.

// Note [Dictionary representation]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A class `C` with superclasses S1..Sk and methods m1..mn has one data
// constructor `C:Dict` with k + n pointer fields: the superclass
// dictionaries first, then the methods. A method selector is a top-level
// function `mi = \d -> case d of C:Dict f1 .. f(k+n) -> f(k+i)`. A method
// whose type has its own constraints (`foo :: Show b => a -> b -> String`)
// stores a function that takes those dictionaries first, so `foo d1 d2 x y`
// works by plain application. An instance `instance ctx => C (T a)` is a
// top-level `$fC@T = \ctx_dicts -> letrec d = C:Dict supers.. methods.. in d`
// (without context, the constructor application itself, a static value).
// A missing method is its class's default method applied to `d`, or a call
// of the wired-in `noMethodBindingError`.

pub mod expr;
pub mod foreign;
pub mod matching;
pub mod toplevel;

use std::collections::HashMap;

use super::state::{Checker, GroupId};
use crate::core::{self, ConId, DataCon, Expr, Lit, Rep, Var, VarId};
use crate::diagnostics::{Diagnostic, SourceMap, Span};
use crate::rename::ir::{self, NameId};

/// Names the elaborator needs from the library (qualified), resolved by the
/// driver from `crate::prim::WIRED_IN`.
#[derive(Clone, Debug, Default)]
pub struct WiredNames {
    pub pat_error: String,
    pub no_method: String,
    pub eq: String,
    pub from_integer: String,
    pub from_rational: String,
    pub ratio_con: String,
    pub true_con: String,
    pub false_con: String,
    /// `exceptionTypeTag` (filled in Exception instances that omit it).
    pub exception_type_tag: String,
}

/// A built-in data type for the constructor table.
#[derive(Clone, Debug)]
pub struct BuiltinData {
    pub type_name: String,
    /// (constructor, field reps), in tag order.
    pub cons: Vec<(String, Vec<Rep>)>,
}

pub struct Lowerer<'a> {
    pub c: &'a Checker,
    pub prog: &'a ir::Program,
    pub sources: &'a SourceMap,
    pub wired: &'a WiredNames,
    pub next_var: u32,
    pub cons: Vec<DataCon>,
    pub con_ids: HashMap<String, ConId>,
    /// Top-level values by qualified name.
    pub globals: HashMap<String, Var>,
    pub env: HashMap<NameId, Var>,
    /// Dictionary parameters in scope, by group.
    pub params: HashMap<GroupId, Vec<Var>>,
    pub errors: Vec<Diagnostic>,
}

impl<'a> Lowerer<'a> {
    pub fn new(
        c: &'a Checker,
        prog: &'a ir::Program,
        sources: &'a SourceMap,
        wired: &'a WiredNames,
        builtins: &[BuiltinData],
    ) -> Self {
        let mut l = Lowerer {
            c,
            prog,
            sources,
            wired,
            next_var: prog.next_name.max(1),
            cons: Vec::new(),
            con_ids: HashMap::new(),
            globals: HashMap::new(),
            env: HashMap::new(),
            params: HashMap::new(),
            errors: Vec::new(),
        };
        for b in builtins {
            let family_size = b.cons.len() as u32;
            for (tag, (name, reps)) in b.cons.iter().enumerate() {
                l.add_con(DataCon {
                    name: name.clone(),
                    type_name: b.type_name.clone(),
                    tag: tag as u32,
                    family_size,
                    fields: reps.clone(),
                });
            }
        }
        for d in &prog.data {
            if d.newtype {
                continue;
            }
            let family_size = d.cons.len() as u32;
            for (tag, con) in d.cons.iter().enumerate() {
                l.add_con(DataCon {
                    name: con.name.clone(),
                    type_name: d.name.clone(),
                    tag: tag as u32,
                    family_size,
                    fields: vec![Rep::Ptr; con.fields.len()],
                });
            }
        }
        let mut classes: Vec<&super::env::ClassInfo> = c.g.classes.values().collect();
        classes.sort_by(|a, b| a.name.cmp(&b.name));
        for cls in classes {
            l.add_con(DataCon {
                name: cls.dict_con.clone(),
                type_name: cls.name.clone(),
                tag: 0,
                family_size: 1,
                fields: vec![Rep::Ptr; cls.field_count()],
            });
        }
        l
    }

    fn add_con(&mut self, d: DataCon) {
        if self.con_ids.contains_key(&d.name) {
            return;
        }
        let id = ConId(self.cons.len() as u32);
        self.con_ids.insert(d.name.clone(), id);
        self.cons.push(d);
    }

    pub fn fresh(&mut self, name: &str, rep: Rep) -> Var {
        self.next_var += 1;
        Var {
            id: VarId(self.next_var),
            name: name.to_string(),
            rep,
        }
    }

    pub fn error(&mut self, span: Span, msg: impl Into<String>) {
        self.errors.push(Diagnostic::error(span, msg));
    }

    pub fn con_id(&mut self, name: &str, span: Span) -> ConId {
        match self.con_ids.get(name) {
            Some(id) => *id,
            None => {
                self.error(
                    span,
                    format!("internal error: constructor {name} has no Core representation"),
                );
                ConId(0)
            }
        }
    }

    /// A global by qualified name.
    pub fn global(&mut self, name: &str, span: Span) -> Expr {
        match self.globals.get(name) {
            Some(v) => Expr::Var(v.clone()),
            None => {
                self.error(span, format!("internal error: no Core binding for {name}"));
                Expr::Lit(Lit::Int(0))
            }
        }
    }

    /// A string literal as a Haskell `[Char]`.
    pub fn string_expr(&mut self, s: &str) -> Expr {
        if !s.contains('\0') {
            return Expr::PrimApp(
                core::PrimOp("unpackCString#".into()),
                vec![Expr::Lit(Lit::String(s.as_bytes().to_vec()))],
            );
        }
        let nil = self.con_id(super::types::tc::NIL, Span::default());
        let cons = self.con_id(super::types::tc::CONS, Span::default());
        let chr = self.con_id(super::types::tc::C_HASH, Span::default());
        s.chars().rev().fold(Expr::ConApp(nil, vec![]), |acc, c| {
            Expr::ConApp(
                cons,
                vec![Expr::ConApp(chr, vec![Expr::Lit(Lit::Char(c as u32))]), acc],
            )
        })
    }

    /// `file:line:col-col` (GHC's span format) for run-time messages.
    pub fn location(&self, span: Span) -> String {
        let Some(f) = self.sources.get(span.file) else {
            return "<builtin>".into();
        };
        let (l1, c1) = f.line_col(span.start);
        let (l2, c2) = f.line_col(span.end.max(span.start + 1) - 1);
        if l1 == l2 {
            if c1 == c2 {
                format!("{}:{l1}:{c1}", f.name)
            } else {
                format!("{}:{l1}:{c1}-{c2}", f.name)
            }
        } else {
            format!("{}:({l1},{c1})-({l2},{c2})", f.name)
        }
    }

    /// A call of the wired-in pattern-match failure function.
    pub fn pat_error(&mut self, span: Span, what: &str) -> Expr {
        // GHC's message ends in a newline (base's `untangle`), so the
        // top handler's output ends in an empty line.
        let msg = format!("{}: {what}\n", self.location(span));
        let f = self.wired.pat_error.clone();
        let fun = self.global(&f, span);
        let s = self.string_expr(&msg);
        Expr::App(Box::new(fun), vec![s])
    }

    /// Binds `e` to a variable unless it already is one; returns the
    /// bindings to wrap around the use and the atom.
    pub fn atomize(&mut self, e: Expr, hint: &str) -> (Option<(Var, Expr)>, Expr) {
        match e {
            Expr::Var(_) => (None, e),
            other => {
                let v = self.fresh(hint, Rep::Ptr);
                (Some((v.clone(), other)), Expr::Var(v))
            }
        }
    }
}

/// Wraps `body` in a non-recursive `let` when `bind` is present.
pub fn wrap_let(bind: Option<(Var, Expr)>, body: Expr) -> Expr {
    match bind {
        Some((v, e)) => Expr::Let(Box::new(core::Bind::NonRec(v, e)), Box::new(body)),
        None => body,
    }
}
