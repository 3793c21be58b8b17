//! Record syntax, translated to positional constructors:
//!
//! * every field `f` of `data T a = C1 {.., f :: t, ..} | ...` gets a
//!   selector `f :: T a -> t`, one clause per constructor that has the
//!   field, and `f _ = recSelError "No match in record selector f"` when
//!   some constructor lacks it (GHC's message);
//! * construction `C { f = e }` -> `C e1 .. en` in declaration order; a
//!   missing lazy field becomes `recConError "F:L:C-C: Missing field in
//!   record construction f"` (GHC warns and fails the same way at run time); a
//!   missing strict field is a compile-time error, as in GHC;
//! * update `e { f = v }` -> `case e of { C x1 .. xn -> C x1 .. v .. xn; ...;
//!   _ -> patError "F:L:C-C: Non-exhaustive patterns in record update" }` over the
//!   constructors that have every updated field (the values are let-bound
//!   first when there are several such constructors);
//! * patterns `C { f = p }` -> `C _ .. p .. _`.

use crate::diagnostics::Span;
use crate::syntax::ast::{
    DataDecl, Decl, DeclKind, Expr, FieldBind, FieldPat, Name, Pat, PatKind, QualType, Type,
    TypeKind,
};

use super::names::{
    apps, call, case_of, clause, con_expr, con_pat, fun_bind, let_in, lib, string_lit, value_bind,
    var, var_pat, wild,
};
use super::{ConInfo, Desugarer};

/// `T a b` for a data declaration.
pub(super) fn data_type_head(dd: &DataDecl, span: Span) -> Type {
    let mut ty = Type {
        kind: TypeKind::Con(dd.name.clone()),
        span,
    };
    for p in &dd.params {
        let arg = Type {
            kind: TypeKind::Var(p.clone()),
            span,
        };
        ty = Type {
            kind: TypeKind::App(Box::new(ty), Box::new(arg)),
            span,
        };
    }
    ty
}

fn quote_list(names: &[&Name]) -> String {
    names
        .iter()
        .map(|n| format!("‘{}’", n.name))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Desugarer<'_> {
    /// The selector functions (with their signatures) of a data declaration.
    pub(super) fn record_selectors(&mut self, dd: &DataDecl) -> Vec<Decl> {
        let mut seen: Vec<&Name> = Vec::new();
        for c in &dd.cons {
            for f in c.fields.names() {
                if !seen.iter().any(|s| s.name == f.name) {
                    seen.push(f);
                }
            }
        }
        let mut out = Vec::new();
        for field in seen {
            let span = field.span;
            let mut field_ty = None;
            let mut clauses = Vec::new();
            for c in &dd.cons {
                let names = c.fields.names();
                let Some(pos) = names.iter().position(|n| n.name == field.name) else {
                    continue;
                };
                if field_ty.is_none() {
                    field_ty = c.fields.types().get(pos).map(|t| t.ty.clone());
                }
                let x = self.fresh("field");
                let args = (0..names.len())
                    .map(|i| {
                        if i == pos {
                            var_pat(&x, span)
                        } else {
                            wild(span)
                        }
                    })
                    .collect();
                clauses.push(clause(
                    vec![con_pat(&c.name, args, span)],
                    var(&x, span),
                    span,
                ));
            }
            if clauses.len() < dd.cons.len() {
                let message = format!("No match in record selector {}", field.name);
                clauses.push(clause(
                    vec![wild(span)],
                    call(lib::REC_SEL_ERROR, [string_lit(&message, span)], span),
                    span,
                ));
            }
            if let Some(fty) = field_ty {
                let ty = Type {
                    kind: TypeKind::Fun(Box::new(data_type_head(dd, span)), Box::new(fty)),
                    span,
                };
                let sig = QualType {
                    context: Vec::new(),
                    ty,
                    span,
                };
                out.push(Decl {
                    kind: DeclKind::TypeSig(vec![field.clone()], sig),
                    span,
                });
            }
            out.push(fun_bind(field.clone(), clauses, span));
        }
        out
    }

    /// Looks up a constructor used with record syntax, reporting if unknown.
    fn record_constructor(&mut self, con: &Name) -> Option<ConInfo> {
        let found = self.env.con(con).cloned();
        if found.is_none() {
            self.error(
                con.span,
                format!("Not in scope: data constructor ‘{}’", con.display()),
            );
        }
        found
    }

    /// Argument positions of the named fields of `info`, in the order given;
    /// reports unknown and repeated fields.
    fn field_positions<'n>(
        &mut self,
        info: &ConInfo,
        fields: impl Iterator<Item = &'n Name>,
        what: &str,
    ) -> Vec<Option<usize>> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for f in fields {
            if seen.contains(&f.name.as_str()) {
                self.error(
                    f.span,
                    format!("duplicate field name ‘{}’ in record {what}", f.name),
                );
                out.push(None);
                continue;
            }
            seen.push(&f.name);
            let pos = info.field_position(&f.name);
            if pos.is_none() {
                self.error(
                    f.span,
                    format!(
                        "Constructor ‘{}’ does not have field ‘{}’",
                        info.name.name, f.name
                    ),
                );
            }
            out.push(pos);
        }
        out
    }

    pub(super) fn record_con(&mut self, con: Name, fields: Vec<FieldBind>, span: Span) -> Expr {
        let Some(info) = self.record_constructor(&con) else {
            return con_expr(&con);
        };
        let positions =
            self.field_positions(&info, fields.iter().map(|f| &f.field), "construction");
        let mut args: Vec<Option<Expr>> = vec![None; info.arity];
        for (fb, pos) in fields.into_iter().zip(positions) {
            if let Some(p) = pos {
                args[p] = Some(fb.value);
            }
        }
        let missing_strict: Vec<&Name> = (0..info.arity)
            .filter(|&i| args[i].is_none() && info.strict[i])
            .filter_map(|i| info.fields.get(i))
            .collect();
        if !missing_strict.is_empty()
            || (info.fields.is_empty()
                && info.strict.iter().any(|&s| s)
                && args.iter().any(Option::is_none))
        {
            let list = quote_list(&missing_strict);
            self.error(
                span,
                format!(
                    "Constructor ‘{}’ does not have the required strict field(s): {list}",
                    info.name.name
                ),
            );
        }
        let location = self.location(span);
        let args = args.into_iter().enumerate().map(|(i, a)| {
            a.unwrap_or_else(|| {
                let field = info
                    .fields
                    .get(i)
                    .map_or(String::new(), |f| format!(" {}", f.name));
                let message = format!("{location}: Missing field in record construction{field}");
                call(lib::REC_CON_ERROR, [string_lit(&message, span)], span)
            })
        });
        apps(con_expr(&con), args.collect::<Vec<_>>(), span)
    }

    pub(super) fn record_update(&mut self, rec: Expr, fields: Vec<FieldBind>, span: Span) -> Expr {
        let names: Vec<&Name> = fields.iter().map(|f| &f.field).collect();
        let Some(first) = names.first() else {
            return rec;
        };
        let Some(data) = self.env.type_of_field(first) else {
            self.error(
                first.span,
                format!("Not in scope: record field ‘{}’", first.name),
            );
            return rec;
        };
        let type_index = data.cons.first().map_or(usize::MAX, |c| c.type_index);
        let candidates: Vec<ConInfo> = data
            .cons
            .iter()
            .filter(|c| names.iter().all(|f| c.field_position(&f.name).is_some()))
            .cloned()
            .collect();
        let total = data.cons.len();
        for f in &names {
            if self
                .env
                .type_of_field(f)
                .and_then(|d| d.cons.first())
                .map(|c| c.type_index)
                != Some(type_index)
            {
                self.error(
                    f.span,
                    format!(
                        "Not in scope: record field ‘{}’ of type ‘{}’",
                        f.name, data.decl.name.name
                    ),
                );
            }
        }
        if candidates.is_empty() {
            self.error(
                span,
                format!(
                    "No constructor has all these fields: {}",
                    quote_list(&names)
                ),
            );
            return rec;
        }
        for (i, f) in names.iter().enumerate() {
            if names[..i].iter().any(|g| g.name == f.name) {
                self.error(
                    f.span,
                    format!("duplicate field name ‘{}’ in record update", f.name),
                );
            }
        }
        // The new values, let-bound when more than one alternative uses them.
        let mut binds = Vec::new();
        let values: Vec<(String, Expr)> = fields
            .into_iter()
            .map(|fb| {
                if candidates.len() > 1 {
                    let v = self.fresh("upd");
                    let vspan = fb.value.span;
                    binds.push(value_bind(&v, fb.value, vspan));
                    (fb.field.name, var(&v, vspan))
                } else {
                    (fb.field.name, fb.value)
                }
            })
            .collect();
        let mut alts = Vec::new();
        for c in &candidates {
            let vars: Vec<String> = (0..c.arity).map(|_| self.fresh("old")).collect();
            let pats = vars.iter().map(|v| var_pat(v, span)).collect();
            let args = (0..c.arity).map(|i| {
                let field = &c.fields[i].name;
                match values.iter().find(|(f, _)| f == field) {
                    Some((_, v)) => v.clone(),
                    None => var(&vars[i], span),
                }
            });
            let built = apps(
                con_expr(&Name {
                    span,
                    ..c.name.clone()
                }),
                args.collect::<Vec<_>>(),
                span,
            );
            alts.push((
                con_pat(
                    &Name {
                        span,
                        ..c.name.clone()
                    },
                    pats,
                    span,
                ),
                built,
            ));
        }
        if candidates.len() < total {
            let message = format!(
                "{}: Non-exhaustive patterns in record update",
                self.location(span)
            );
            alts.push((
                wild(span),
                call(lib::PAT_ERROR, [string_lit(&message, span)], span),
            ));
        }
        let body = case_of(rec, alts, span);
        if binds.is_empty() {
            body
        } else {
            let_in(binds, body, span)
        }
    }

    pub(super) fn record_pat(&mut self, con: Name, fields: Vec<FieldPat>, span: Span) -> Pat {
        let Some(info) = self.record_constructor(&con) else {
            return Pat {
                kind: PatKind::Con(con, Vec::new()),
                span,
            };
        };
        let positions = self.field_positions(&info, fields.iter().map(|f| &f.field), "pattern");
        let mut args: Vec<Pat> = (0..info.arity).map(|_| wild(span)).collect();
        for (fp, pos) in fields.into_iter().zip(positions) {
            if let Some(p) = pos {
                args[p] = fp.pat;
            }
        }
        Pat {
            kind: PatKind::Con(con, args),
            span,
        }
    }
}
