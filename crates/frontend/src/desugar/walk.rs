//! The traversal: visits every declaration, right-hand side, statement,
//! expression and pattern of a module bottom-up and hands each sugared node
//! to its translation. Children are desugared before their parent, and the
//! translations only build nodes of the smaller language, so one pass
//! suffices.

use crate::syntax::ast::{Decl, DeclKind, Expr, ExprKind, Module, Pat, PatKind, Rhs, RhsBody, Stmt, StmtKind};

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
        self.decls(&mut module.decls);
    }

    pub(super) fn decls(&mut self, decls: &mut [Decl]) {
        for d in decls {
            self.decl(d);
        }
    }

    fn decl(&mut self, d: &mut Decl) {
        match &mut d.kind {
            DeclKind::FunBind(fb) => {
                for m in &mut fb.matches {
                    m.pats.iter_mut().for_each(|p| self.pat(p));
                    self.rhs(&mut m.rhs);
                }
            }
            DeclKind::PatBind(p, rhs) => {
                self.pat(p);
                self.rhs(rhs);
            }
            DeclKind::Class(c) => self.decls(&mut c.decls),
            DeclKind::Instance(i) => self.decls(&mut i.decls),
            DeclKind::TypeSig(..)
            | DeclKind::Fixity(_)
            | DeclKind::Data(_)
            | DeclKind::Newtype(_)
            | DeclKind::TypeSyn(_)
            | DeclKind::ForeignImport(_)
            | DeclKind::ForeignExport(_) => {}
        }
    }

    pub(super) fn rhs(&mut self, rhs: &mut Rhs) {
        match &mut rhs.body {
            RhsBody::Plain(e) => self.expr(e),
            RhsBody::Guarded(gs) => {
                for g in gs {
                    self.stmts(&mut g.guards);
                    self.expr(&mut g.body);
                }
            }
        }
        self.decls(&mut rhs.wheres);
    }

    pub(super) fn stmts(&mut self, stmts: &mut [Stmt]) {
        for s in stmts {
            match &mut s.kind {
                StmtKind::Bind(p, e) => {
                    self.pat(p);
                    self.expr(e);
                }
                StmtKind::Let(ds) => self.decls(ds),
                StmtKind::Expr(e) => self.expr(e),
            }
        }
    }

    pub(super) fn pat(&mut self, p: &mut Pat) {
        match &mut p.kind {
            PatKind::Var(_) | PatKind::Wildcard | PatKind::Lit { .. } => {}
            PatKind::Con(_, ps) | PatKind::Tuple(ps) | PatKind::List(ps) => ps.iter_mut().for_each(|p| self.pat(p)),
            PatKind::OpSeq(items) => {
                for item in items {
                    if let crate::syntax::ast::PatOpItem::Operand(p) = item {
                        self.pat(p);
                    }
                }
            }
            PatKind::Record(_, fps) => fps.iter_mut().for_each(|fp| self.pat(&mut fp.pat)),
            PatKind::As(_, q) | PatKind::Lazy(q) | PatKind::Bang(q) | PatKind::Paren(q) => self.pat(q),
        }
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

    pub(super) fn expr(&mut self, e: &mut Expr) {
        self.expr_children(e);
        let span = e.span;
        let kind = std::mem::replace(&mut e.kind, ExprKind::Tuple(Vec::new()));
        *e = match kind {
            ExprKind::Paren(inner) => *inner,
            ExprKind::BinOp(l, op, r) => self.binop(*l, op, *r, span),
            ExprKind::Neg(x) => self.negation(*x, span),
            ExprKind::LeftSection(x, op) => self.left_section(*x, op, span),
            ExprKind::RightSection(op, x) => self.right_section(op, *x, span),
            ExprKind::If(c, t, f) => super::names::if_then_else(*c, *t, *f, span),
            ExprKind::ArithSeq { from, then, to } => self.arith_seq(*from, then.map(|b| *b), to.map(|b| *b), span),
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

    fn expr_children(&mut self, e: &mut Expr) {
        match &mut e.kind {
            ExprKind::Var(_) | ExprKind::Con(_) | ExprKind::Lit(_) => {}
            ExprKind::App(f, a) => {
                self.expr(f);
                self.expr(a);
            }
            ExprKind::OpSeq(items) => {
                for item in items {
                    if let crate::syntax::ast::OpSeqItem::Operand(x) = item {
                        self.expr(x);
                    }
                }
            }
            ExprKind::BinOp(l, _, r) => {
                self.expr(l);
                self.expr(r);
            }
            ExprKind::Neg(x)
            | ExprKind::LeftSection(x, _)
            | ExprKind::RightSection(_, x)
            | ExprKind::Paren(x)
            | ExprKind::Typed(x, _) => self.expr(x),
            ExprKind::Lambda(ps, body) => {
                ps.iter_mut().for_each(|p| self.pat(p));
                self.expr(body);
            }
            ExprKind::Let(ds, body) => {
                self.decls(ds);
                self.expr(body);
            }
            ExprKind::If(c, t, f) => {
                self.expr(c);
                self.expr(t);
                self.expr(f);
            }
            ExprKind::Case(scrut, alts) => {
                self.expr(scrut);
                for a in alts {
                    self.pat(&mut a.pat);
                    self.rhs(&mut a.rhs);
                }
            }
            ExprKind::Do(stmts) => self.stmts(stmts),
            ExprKind::Tuple(xs) | ExprKind::List(xs) => xs.iter_mut().for_each(|x| self.expr(x)),
            ExprKind::ArithSeq { from, then, to } => {
                self.expr(from);
                if let Some(t) = then {
                    self.expr(t);
                }
                if let Some(t) = to {
                    self.expr(t);
                }
            }
            ExprKind::ListComp(body, quals) => {
                self.stmts(quals);
                self.expr(body);
            }
            ExprKind::RecordCon(_, fields) => fields.iter_mut().for_each(|f| self.expr(&mut f.value)),
            ExprKind::RecordUpdate(rec, fields) => {
                self.expr(rec);
                fields.iter_mut().for_each(|f| self.expr(&mut f.value));
            }
        }
    }
}
