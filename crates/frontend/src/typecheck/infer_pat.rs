//! Inference for patterns: binds pattern variables (monomorphically) in the
//! local environment and records literal-pattern dictionaries.

use super::state::{Checker, LocalType};
use super::types::{Type, tc};
use crate::diagnostics::Diagnostic;
use crate::rename::ir::{Literal, Pat};

impl Checker {
    pub fn infer_pat(&mut self, p: &Pat, expected: &Type) {
        match p {
            Pat::Var(b) => {
                self.locals
                    .insert(b.id, LocalType::Mono(expected.clone(), None));
            }
            Pat::Wild(_) => {}
            Pat::Lit(lit, occ, span) => {
                let t = match lit {
                    Literal::Int(n) => {
                        self.overloaded_literal(&["Eq", "Num"], *occ, *span, n.to_string())
                    }
                    Literal::BigInt(n) => {
                        self.overloaded_literal(&["Eq", "Num"], *occ, *span, n.clone())
                    }
                    Literal::Frac(x, _) => {
                        self.overloaded_literal(&["Eq", "Fractional"], *occ, *span, x.to_string())
                    }
                    Literal::Char(_) => Type::con(tc::CHAR),
                    Literal::String(_) => Type::list(Type::con(tc::CHAR)),
                };
                self.unify_at(expected, &t, *span);
            }
            Pat::Con(name, args, _, span) => {
                let Some(info) = self.g.cons.get(name).cloned() else {
                    self.error(Diagnostic::error(
                        *span,
                        format!("Data constructor not in scope: {}", super::short_name(name)),
                    ));
                    return;
                };
                if info.arity != args.len() {
                    self.error(Diagnostic::error(
                        *span,
                        format!(
                            "The constructor ‘{}’ should have {} argument{}, but has been given {}",
                            super::short_name(name),
                            info.arity,
                            if info.arity == 1 { "" } else { "s" },
                            args.len()
                        ),
                    ));
                    return;
                }
                let (mut t, _) = self.instantiate(&info.scheme, *span, "a pattern");
                let mut fields = Vec::new();
                for _ in 0..info.arity {
                    let Some((a, r)) = t.as_fun().map(|(a, r)| (a.clone(), r.clone())) else {
                        break;
                    };
                    fields.push(a);
                    t = r;
                }
                self.unify_at(expected, &t, *span);
                for (a, ft) in args.iter().zip(&fields) {
                    self.infer_pat(a, ft);
                }
            }
            Pat::As(b, inner) => {
                self.locals
                    .insert(b.id, LocalType::Mono(expected.clone(), None));
                self.infer_pat(inner, expected);
            }
            Pat::Lazy(inner, _) | Pat::Bang(inner, _) => self.infer_pat(inner, expected),
            Pat::Typed(inner, st, span) => {
                let t = self.convert_sig_type(st, false);
                self.unify_at(&t, expected, *span);
                self.infer_pat(inner, expected);
            }
        }
    }
}
