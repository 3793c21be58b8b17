//! The one mutable traversal of the surface AST, shared by fixity
//! resolution (`syntax::fixity`) and the desugarer (`desugar::walk`).
//!
//! [`VisitMut`] has one hook per node kind (declaration list, declaration,
//! right-hand side, statement list, expression, pattern). Each hook's default
//! visits the node's children through the matching `walk_*` function; an
//! implementation overrides a hook to rewrite the node before or after (or
//! instead of) walking its children, calling `walk_*` itself where it wants
//! the default descent. Two more hooks, [`VisitMut::enter_group`] and
//! [`VisitMut::leave_group`], bracket every binding group's scope (see
//! Note [Binding group scopes]).

use super::ast::{
    Decl, DeclKind, Expr, ExprKind, Name, OpSeqItem, Pat, PatKind, PatOpItem, Rhs, RhsBody, Stmt,
    StmtKind,
};

// Note [Binding group scopes]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A local binding group scopes over:
// * `let ds in e`: `ds` and `e`;
// * a `where` group: its declarations and the right-hand side (guards and
//   bodies) it belongs to;
// * a `let` statement of a `do` block or a list comprehension: itself, the
//   statements after it and (for a comprehension) the head.
// The walker calls `enter_group(ds)` before visiting a group's declarations
// and `leave_group()` once the scope ends, always in matching pairs, so a
// visitor that keeps per-scope state (fixity declarations) can keep a
// stack. Top-level groups are not bracketed: callers see them whole.

/// A mutable visitor of the surface AST. See the module docs.
pub trait VisitMut {
    fn visit_decls(&mut self, decls: &mut [Decl]) {
        walk_decls(self, decls)
    }
    fn visit_decl(&mut self, d: &mut Decl) {
        walk_decl(self, d)
    }
    fn visit_rhs(&mut self, rhs: &mut Rhs) {
        walk_rhs(self, rhs)
    }
    fn visit_stmts(&mut self, stmts: &mut [Stmt]) {
        walk_stmts(self, stmts, None)
    }
    fn visit_expr(&mut self, e: &mut Expr) {
        walk_expr(self, e)
    }
    fn visit_pat(&mut self, p: &mut Pat) {
        walk_pat(self, p)
    }
    /// A local binding group's scope begins (Note [Binding group scopes]).
    fn enter_group(&mut self, _decls: &[Decl]) {}
    /// The innermost group's scope ends.
    fn leave_group(&mut self) {}
}

pub fn walk_decls<V: VisitMut + ?Sized>(v: &mut V, decls: &mut [Decl]) {
    for d in decls {
        v.visit_decl(d);
    }
}

/// The children of a declaration: patterns and right-hand sides of
/// bindings, the bodies of classes and instances.
pub fn walk_decl<V: VisitMut + ?Sized>(v: &mut V, d: &mut Decl) {
    match &mut d.kind {
        DeclKind::FunBind(fb) => {
            for m in &mut fb.matches {
                for p in &mut m.pats {
                    v.visit_pat(p);
                }
                v.visit_rhs(&mut m.rhs);
            }
        }
        DeclKind::PatBind(p, rhs) => {
            v.visit_pat(p);
            v.visit_rhs(rhs);
        }
        DeclKind::Class(c) => v.visit_decls(&mut c.decls),
        DeclKind::Instance(i) => v.visit_decls(&mut i.decls),
        DeclKind::TypeSig(..)
        | DeclKind::Fixity(_)
        | DeclKind::Data(_)
        | DeclKind::Newtype(_)
        | DeclKind::TypeSyn(_)
        | DeclKind::ForeignImport(_)
        | DeclKind::ForeignExport(_)
        | DeclKind::Default(_) => {}
    }
}

/// The `where` group (in scope over the whole right-hand side), then the
/// guards and bodies.
pub fn walk_rhs<V: VisitMut + ?Sized>(v: &mut V, rhs: &mut Rhs) {
    v.enter_group(&rhs.wheres);
    v.visit_decls(&mut rhs.wheres);
    match &mut rhs.body {
        RhsBody::Plain(e) => v.visit_expr(e),
        RhsBody::Guarded(gs) => {
            for g in gs {
                v.visit_stmts(&mut g.guards);
                v.visit_expr(&mut g.body);
            }
        }
    }
    v.leave_group();
}

/// Statements in order (a generator's expression before its pattern), each
/// `let` statement's group in scope over the rest and over `tail` (a list
/// comprehension's head), which is visited last.
pub fn walk_stmts<V: VisitMut + ?Sized>(v: &mut V, stmts: &mut [Stmt], tail: Option<&mut Expr>) {
    let mut groups = 0;
    for s in stmts {
        match &mut s.kind {
            StmtKind::Bind(p, e) => {
                v.visit_expr(e);
                v.visit_pat(p);
            }
            StmtKind::Let(ds) => {
                v.enter_group(ds);
                groups += 1;
                v.visit_decls(ds);
            }
            StmtKind::Expr(e) => v.visit_expr(e),
        }
    }
    if let Some(t) = tail {
        v.visit_expr(t);
    }
    for _ in 0..groups {
        v.leave_group();
    }
}

/// The children of an expression, left to right. An application spine
/// `f a1 .. an` is taken apart and rebuilt, so a long one costs no recursion.
pub fn walk_expr<V: VisitMut + ?Sized>(v: &mut V, e: &mut Expr) {
    match &mut e.kind {
        ExprKind::Var(_) | ExprKind::Con(_) | ExprKind::Lit(_) => {}
        ExprKind::App(..) => {
            let span = e.span;
            let mut head = std::mem::replace(
                e,
                Expr {
                    kind: ExprKind::Con(Name::new("()", span)),
                    span,
                },
            );
            let mut args = Vec::new();
            while let ExprKind::App(f, a) = head.kind {
                args.push((*a, head.span));
                head = *f;
            }
            v.visit_expr(&mut head);
            while let Some((mut a, app_span)) = args.pop() {
                v.visit_expr(&mut a);
                head = Expr {
                    kind: ExprKind::App(Box::new(head), Box::new(a)),
                    span: app_span,
                };
            }
            *e = head;
        }
        ExprKind::OpSeq(items) => {
            for item in items {
                if let OpSeqItem::Operand(x) = item {
                    v.visit_expr(x);
                }
            }
        }
        ExprKind::BinOp(l, _, r) => {
            v.visit_expr(l);
            v.visit_expr(r);
        }
        ExprKind::Neg(x)
        | ExprKind::LeftSection(x, _)
        | ExprKind::RightSection(_, x)
        | ExprKind::Paren(x)
        | ExprKind::Typed(x, _) => v.visit_expr(x),
        ExprKind::Lambda(ps, body) => {
            for p in ps {
                v.visit_pat(p);
            }
            v.visit_expr(body);
        }
        ExprKind::Let(ds, body) => {
            v.enter_group(ds);
            v.visit_decls(ds);
            v.visit_expr(body);
            v.leave_group();
        }
        ExprKind::If(c, t, f) => {
            v.visit_expr(c);
            v.visit_expr(t);
            v.visit_expr(f);
        }
        ExprKind::Case(scrut, alts) => {
            v.visit_expr(scrut);
            for a in alts {
                v.visit_pat(&mut a.pat);
                v.visit_rhs(&mut a.rhs);
            }
        }
        ExprKind::Do(stmts) => v.visit_stmts(stmts),
        ExprKind::Tuple(xs) | ExprKind::List(xs) => {
            for x in xs {
                v.visit_expr(x);
            }
        }
        ExprKind::ArithSeq { from, then, to } => {
            v.visit_expr(from);
            if let Some(t) = then {
                v.visit_expr(t);
            }
            if let Some(t) = to {
                v.visit_expr(t);
            }
        }
        ExprKind::ListComp(body, quals) => walk_stmts(v, quals, Some(body)),
        ExprKind::RecordCon(_, fields) => {
            for f in fields {
                v.visit_expr(&mut f.value);
            }
        }
        ExprKind::RecordUpdate(rec, fields) => {
            v.visit_expr(rec);
            for f in fields {
                v.visit_expr(&mut f.value);
            }
        }
    }
}

/// The sub-patterns of a pattern, left to right.
pub fn walk_pat<V: VisitMut + ?Sized>(v: &mut V, p: &mut Pat) {
    match &mut p.kind {
        PatKind::Var(_) | PatKind::Wildcard | PatKind::Lit { .. } => {}
        PatKind::Con(_, ps) | PatKind::Tuple(ps) | PatKind::List(ps) => {
            for q in ps {
                v.visit_pat(q);
            }
        }
        PatKind::OpSeq(items) => {
            for item in items {
                if let PatOpItem::Operand(q) = item {
                    v.visit_pat(q);
                }
            }
        }
        PatKind::Record(_, fps) => {
            for fp in fps {
                v.visit_pat(&mut fp.pat);
            }
        }
        PatKind::As(_, q) | PatKind::Lazy(q) | PatKind::Bang(q) | PatKind::Paren(q) => {
            v.visit_pat(q)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{FileId, SourceFile};
    use crate::syntax::parse_module;

    fn parsed(src: &str) -> crate::syntax::ast::Module {
        parse_module(&SourceFile::new(FileId(0), "t.hs", src)).unwrap_or_else(|e| panic!("{e:?}"))
    }

    /// Counts nodes and checks that groups are entered and left in pairs.
    #[derive(Default)]
    struct Census {
        exprs: usize,
        pats: usize,
        depth: usize,
        max_depth: usize,
        vars_at_depth: Vec<(String, usize)>,
    }

    impl VisitMut for Census {
        fn visit_expr(&mut self, e: &mut Expr) {
            self.exprs += 1;
            if let ExprKind::Var(n) = &e.kind {
                self.vars_at_depth.push((n.name.clone(), self.depth));
            }
            walk_expr(self, e)
        }
        fn visit_pat(&mut self, p: &mut Pat) {
            self.pats += 1;
            walk_pat(self, p)
        }
        fn enter_group(&mut self, _decls: &[Decl]) {
            self.depth += 1;
            self.max_depth = self.max_depth.max(self.depth);
        }
        fn leave_group(&mut self) {
            self.depth -= 1;
        }
    }

    #[test]
    fn groups_bracket_their_scopes() {
        let src = "f x = [h | a <- x, let b = a, let c = b, let h = z] ++ w\n  where w = let q = 1 in q\ng = do { let { y = 2 }; return y }\nz = 3\n";
        let mut m = parsed(src);
        let mut c = Census::default();
        c.visit_decls(&mut m.decls);
        assert_eq!(c.depth, 0, "every enter_group has its leave_group");
        // where (1) + three comprehension lets (4) + the last let's own
        // right-hand side (every right-hand side opens its where group).
        assert_eq!(c.max_depth, 5);
        // The comprehension's head `h` is inside all three of its lets.
        let depth_of = |n: &str| {
            c.vars_at_depth
                .iter()
                .find(|(v, _)| v == n)
                .map(|(_, d)| *d)
        };
        assert_eq!(depth_of("h"), Some(4));
        assert_eq!(depth_of("w"), Some(1), "the body is in the where scope");
        assert_eq!(depth_of("q"), Some(3), "w's right-hand side, then the let");
        assert_eq!(depth_of("y"), Some(2), "after a do block's let");
        // The patterns: f's `x` and the generator's `a` (let bindings of
        // variables are function bindings, not patterns).
        assert_eq!(c.pats, 2);
    }

    #[test]
    fn long_application_spines_do_not_recurse() {
        let args = " 1".repeat(crate::syntax::parser::MAX_SPINE - 1);
        let src = format!("main = f{args}\n");
        let mut m = parsed(&src);
        let mut c = Census::default();
        // On the test thread's ordinary stack (the front end proper runs on
        // a big one): the spine is walked without recursion.
        c.visit_decls(&mut m.decls);
        assert_eq!(c.exprs, crate::syntax::parser::MAX_SPINE + 1);
    }
}
