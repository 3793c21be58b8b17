//! The traversal: the shared walker (`syntax::visit_mut`) visits every
//! declaration, right-hand side, statement, expression and pattern of a
//! module, and the hooks here hand each sugared node to its translation
//! bottom-up. Children are desugared before their parent, and the
//! translations only build nodes of the smaller language, so one pass
//! suffices.

use crate::syntax::ast::{DeclKind, Expr, ExprKind, Module, Pat, PatKind};
use crate::syntax::visit_mut::{VisitMut, walk_expr, walk_pat};

use super::Desugarer;

impl Desugarer<'_> {
    pub(super) fn module(&mut self, module: &mut Module) {
        self.module_name = module.name_text().to_string();
        let mut generated = Vec::new();
        for d in &mut module.decls {
            if let DeclKind::Data(dd) | DeclKind::Newtype(dd) = &mut d.kind {
                generated.extend(self.record_selectors(dd));
                let classes = std::mem::take(&mut dd.deriving);
                generated.extend(self.derive_instances(dd, &classes));
            }
        }
        module.decls.extend(generated);
        self.visit_decls(&mut module.decls);
    }

    /// After the sub-patterns: drops parentheses, translates records.
    fn pat(&mut self, p: &mut Pat) {
        walk_pat(self, p);
        let span = p.span;
        match std::mem::replace(&mut p.kind, PatKind::Wildcard) {
            PatKind::Paren(inner) => *p = *inner,
            PatKind::Record(con, fields) => *p = self.record_pat(con, fields, span),
            kind @ PatKind::OpSeq(_) => {
                self.error(span, "internal error: operator pattern reached the desugarer before fixity resolution");
                p.kind = kind;
            }
            kind => p.kind = kind,
        }
    }

    /// After the children: translates each sugared form.
    fn expr(&mut self, e: &mut Expr) {
        walk_expr(self, e);
        let span = e.span;
        let kind = std::mem::replace(&mut e.kind, ExprKind::Tuple(Vec::new()));
        *e = match kind {
            ExprKind::Paren(inner) => *inner,
            ExprKind::BinOp(l, op, r) => self.binop(*l, op, *r, span),
            ExprKind::Neg(x) => self.negation(*x, span),
            ExprKind::LeftSection(x, op) => self.left_section(*x, op, span),
            ExprKind::RightSection(op, x) => self.right_section(op, *x, span),
            ExprKind::If(c, t, f) => super::names::if_then_else(*c, *t, *f, span),
            ExprKind::ArithSeq { from, then, to } => {
                self.arith_seq(*from, then.map(|b| *b), to.map(|b| *b), span)
            }
            ExprKind::Do(stmts) => self.do_block(stmts, span),
            ExprKind::ListComp(body, quals) => self.list_comp(*body, quals, span),
            ExprKind::RecordCon(con, fields) => self.record_con(con, fields, span),
            ExprKind::RecordUpdate(rec, fields) => self.record_update(*rec, fields, span),
            kind @ ExprKind::OpSeq(_) => {
                self.error(span, "internal error: operator expression reached the desugarer before fixity resolution");
                Expr { kind, span }
            }
            kind => Expr { kind, span },
        };
    }
}

impl VisitMut for Desugarer<'_> {
    fn visit_expr(&mut self, e: &mut Expr) {
        self.expr(e)
    }
    fn visit_pat(&mut self, p: &mut Pat) {
        self.pat(p)
    }
}
