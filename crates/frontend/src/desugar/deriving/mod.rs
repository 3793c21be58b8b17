//! `deriving` clauses, turned into ordinary `instance` declarations whose
//! behaviour matches GHC's derived instances (GHC is the output oracle).
//!
//! One file per class: `eq`, `ord`, `show`, `enum_bounded`. This file picks
//! the generator, builds the instance head and its context, and reports
//! classes that cannot be derived.
//!
//! The context has one constraint `C a` per type parameter `a` that occurs
//! in a constructor field other than as the head of a type application
//! (`data T a b = K a Int` derives `instance Show a => Show (T a b)`). GHC
//! infers the smallest context by simplifying `C t` for every field type
//! `t`; for Haskell 2010 data types the two agree except for fields such as
//! `f a` with a higher-kinded parameter, which GHC rejects anyway.

mod enum_bounded;
mod eq;
mod ord;
mod show;

use crate::diagnostics::Span;
use crate::syntax::ast::{
    DataDecl, Decl, DeclKind, Expr, InstanceDecl, Match, Name, Pat, Pred, Type, TypeKind,
};

use super::names::{builtin, con_pat, var, var_pat};
use super::records::data_type_head;
use super::{Desugarer, argument_type_vars};

/// The classes `deriving` supports.
const DERIVABLE: &[&str] = &["Eq", "Ord", "Show", "Enum", "Bounded"];

impl Desugarer<'_> {
    /// The instances for `deriving (classes)` on `dd`.
    pub(super) fn derive_instances(&mut self, dd: &DataDecl, classes: &[Name]) -> Vec<Decl> {
        let mut out = Vec::new();
        for class in classes {
            let span = class.span;
            let methods = match class.name.as_str() {
                "Eq" => Some(self.derive_eq(dd, span)),
                "Ord" => Some(self.derive_ord(dd, span)),
                "Show" => Some(self.derive_show(dd, span)),
                "Enum" => self.derive_enum(dd, span),
                "Bounded" => self.derive_bounded(dd, span),
                other => {
                    self.error(
                        span,
                        format!(
                            "Can't make a derived instance of ‘{other} {}’:\n  hsrts can derive only {}",
                            dd.name.name,
                            DERIVABLE.join(", ")
                        ),
                    );
                    None
                }
            };
            if let Some(decls) = methods {
                out.push(instance(dd, &class.name, decls, span));
            }
        }
        out
    }

    /// `C x1 .. xn` with fresh variables, and the variables.
    pub(super) fn con_with_vars(
        &mut self,
        con: &Name,
        arity: usize,
        hint: &str,
        span: Span,
    ) -> (Pat, Vec<String>) {
        let vars: Vec<String> = (0..arity).map(|_| self.fresh(hint)).collect();
        let pats = vars.iter().map(|v| var_pat(v, span)).collect();
        (
            con_pat(
                &Name {
                    span,
                    ..con.clone()
                },
                pats,
                span,
            ),
            vars,
        )
    }
}

/// `instance (C a, ...) => C (T a ..) where decls`, `C` the library class.
fn instance(dd: &DataDecl, class: &str, decls: Vec<Decl>, span: Span) -> Decl {
    let mut vars = Vec::new();
    for c in &dd.cons {
        for t in c.fields.types() {
            argument_type_vars(&t.ty, &mut vars);
        }
    }
    let context = dd
        .params
        .iter()
        .filter(|p| vars.contains(&p.name))
        .map(|p| Pred {
            class: builtin(class, span),
            ty: Type {
                kind: TypeKind::Var(Name { span, ..p.clone() }),
                span,
            },
            span,
        })
        .collect();
    let ty = data_type_head(dd, span);
    Decl {
        kind: DeclKind::Instance(InstanceDecl {
            context,
            class: builtin(class, span),
            ty,
            decls,
        }),
        span,
    }
}

/// A method clause `name pats = body`.
fn method_clause(pats: Vec<Pat>, body: Expr, span: Span) -> Match {
    super::names::clause(pats, body, span)
}

/// The variables `xs` as expressions.
fn vars(xs: &[String], span: Span) -> Vec<Expr> {
    xs.iter().map(|x| var(x, span)).collect()
}

/// How a constructor name is written in prefix position: `C`, `(:+)`.
fn prefix_name(con: &Name) -> String {
    if con.is_operator() {
        format!("({})", con.name)
    } else {
        con.name.clone()
    }
}
