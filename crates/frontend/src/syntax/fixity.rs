//! Fixity resolution: rewrites the parser's flat operator sequences into
//! trees, using the fixity declarations of every module given (the program
//! and the built-in library), and removes `Paren` nodes.
//!
//! The algorithm is the Haskell 2010 Report's (section 10.6), including
//! prefix negation at precedence 6 and the legality check of sections.
//! See Note [Fixity scopes].

use std::collections::HashMap;

use super::ast::*;
use super::visit_mut::{VisitMut, walk_expr, walk_pat};
use crate::diagnostics::{Diagnostic, Span};

// Note [Fixity scopes]
// ~~~~~~~~~~~~~~~~~~~~
// Fixities are looked up by the operator's *unqualified* text: `M.+` and `+`
// share a fixity. This is what the renamer would give us for every program
// that does not declare two different fixities for equally named operators
// in different modules, which our single-program setting never needs.
// Top-level fixity declarations of all modules (including those inside
// class declarations) form one global table; a fixity declaration in a
// `let`/`where` group scopes over that group (its bindings, the body of the
// `let`, or the right-hand side the `where` belongs to); one in a `do`
// block's `let` statement scopes over the rest of the block. An operator
// without a declaration is `infixl 9`. When two modules declare different
// fixities for the same name, the first module in the slice wins. The list
// constructor `:` is built-in syntax that no source can declare; it is
// `infixr 5` (Haskell 2010 Report, section 4.4.2) whatever the tables say.

/// An operator's fixity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fixity {
    pub assoc: Assoc,
    pub precedence: u8,
}

impl Fixity {
    /// `infixl 9`, for operators without a declaration.
    pub const DEFAULT: Fixity = Fixity {
        assoc: Assoc::Left,
        precedence: 9,
    };

    /// `infixr 5`, the built-in fixity of the list constructor `:`.
    pub const CONS: Fixity = Fixity {
        assoc: Assoc::Right,
        precedence: 5,
    };
}

/// Resolves every operator sequence in `modules` (see the module docs).
/// All errors are reported, not just the first.
pub fn resolve_fixities(modules: &mut [Module]) -> Result<(), Vec<Diagnostic>> {
    let mut global = HashMap::new();
    for m in modules.iter() {
        collect(&m.decls, &mut global, true);
    }
    let mut r = Resolver {
        scopes: vec![global],
        errors: Vec::new(),
    };
    for m in modules.iter_mut() {
        for d in &mut m.decls {
            r.visit_decl(d);
        }
    }
    if r.errors.is_empty() {
        Ok(())
    } else {
        Err(r.errors)
    }
}

/// Fixity declarations of one group (and of class bodies when `classes`).
fn collect(decls: &[Decl], table: &mut HashMap<String, Fixity>, classes: bool) {
    for d in decls {
        match &d.kind {
            DeclKind::Fixity(fx) => {
                for op in &fx.ops {
                    table.entry(op.name.clone()).or_insert(Fixity {
                        assoc: fx.assoc,
                        precedence: fx.precedence,
                    });
                }
            }
            DeclKind::Class(c) if classes => collect(&c.decls, table, false),
            _ => {}
        }
    }
}

fn fixity_text(f: Fixity) -> String {
    let kw = match f.assoc {
        Assoc::Left => "infixl",
        Assoc::Right => "infixr",
        Assoc::None => "infix",
    };
    format!("[{kw} {}]", f.precedence)
}

fn op_text(op: &Op) -> String {
    if op.backquoted {
        format!("`{}`", op.name.display())
    } else {
        op.name.display()
    }
}

/// An operator waiting on the stack during resolution.
enum Pending {
    Binary(Op, Fixity),
    Negate(Span),
}

impl Pending {
    fn fixity(&self) -> Fixity {
        match self {
            Pending::Binary(_, f) => *f,
            Pending::Negate(_) => NEGATION,
        }
    }

    fn describe(&self) -> String {
        match self {
            Pending::Binary(op, f) => format!("‘{}’ {}", op_text(op), fixity_text(*f)),
            // GHC 9.0 quotes this one with `...' (sic).
            Pending::Negate(_) => format!("prefix `-' {}", fixity_text(NEGATION)),
        }
    }
}

fn precedence_error(span: Span, a: &Pending, b: &Pending) -> Diagnostic {
    Diagnostic::error(
        span,
        format!(
            "Precedence parsing error\n    cannot mix {} and {} in the same infix expression",
            a.describe(),
            b.describe()
        ),
    )
}

const NEGATION: Fixity = Fixity {
    assoc: Assoc::Left,
    precedence: 6,
};

/// The elements of one sequence, with fixities looked up.
enum Elem<T> {
    Operand(T),
    Operator(Op, Fixity),
    Negate(Span),
}

// Note [Resolving without recursion]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// The Report gives fixity resolution as the mutually recursive `parseNeg` /
// `parse1`, whose recursion depth grows with the length of a
// right-associative chain (`1 : 2 : ... : []`). We compute the same result
// with an explicit operator stack (shunting-yard), so long sequences cannot
// overflow the machine stack. The correspondence:
// * a new operator op2 meets the stack top op1: equal precedence with
//   different or no associativity is the Report's error case (1); op1
//   binding tighter, or equal and both left-associative, is case (2) and
//   reduces op1; otherwise (case 3) op2 is pushed;
// * prefix minus is an operator of precedence 6, left-associative; meeting
//   it right after an operator of precedence >= 6 is the Report's
//   `guard (prec1 < 6)` failure (`a * - b`, `a + - b`, `- - a`).

/// One operator sequence being resolved.
struct Seq<T, B> {
    elems: Vec<Elem<T>>,
    build: B,
    /// The whole sequence, where GHC points precedence errors.
    whole: Span,
}

/// How to build trees of one operand type.
trait Build<T> {
    fn binop(&mut self, l: T, op: Op, r: T) -> T;
    fn negate(&mut self, span: Span, e: T) -> Result<T, Diagnostic>;
}

impl<T, B: Build<T>> Seq<T, B> {
    fn malformed(&self) -> Diagnostic {
        Diagnostic::error(self.whole, "parse error in infix expression")
    }

    fn reduce(&mut self, operands: &mut Vec<T>, op: Pending) -> Result<(), Diagnostic> {
        match op {
            Pending::Binary(op, _) => {
                let (Some(r), Some(l)) = (operands.pop(), operands.pop()) else {
                    return Err(self.malformed());
                };
                operands.push(self.build.binop(l, op, r));
            }
            Pending::Negate(span) => {
                let Some(e) = operands.pop() else {
                    return Err(self.malformed());
                };
                operands.push(self.build.negate(span, e)?);
            }
        }
        Ok(())
    }

    fn run(mut self) -> Result<T, Diagnostic> {
        let mut operands: Vec<T> = Vec::new();
        let mut stack: Vec<Pending> = Vec::new();
        let elems = std::mem::take(&mut self.elems);
        for elem in elems {
            match elem {
                Elem::Operand(e) => operands.push(e),
                Elem::Negate(span) => {
                    let neg = Pending::Negate(span);
                    if let Some(top) = stack.last()
                        && top.fixity().precedence >= 6
                    {
                        return Err(precedence_error(self.whole, top, &neg));
                    }
                    stack.push(neg);
                }
                Elem::Operator(op, f2) => {
                    let new = Pending::Binary(op, f2);
                    while let Some(top) = stack.last() {
                        let f1 = top.fixity();
                        if f1.precedence == f2.precedence
                            && (f1.assoc != f2.assoc || f1.assoc == Assoc::None)
                        {
                            return Err(precedence_error(self.whole, top, &new));
                        }
                        if f1.precedence > f2.precedence
                            || (f1.precedence == f2.precedence && f1.assoc == Assoc::Left)
                        {
                            let Some(top) = stack.pop() else { break };
                            self.reduce(&mut operands, top)?;
                        } else {
                            break;
                        }
                    }
                    stack.push(new);
                }
            }
        }
        while let Some(top) = stack.pop() {
            self.reduce(&mut operands, top)?;
        }
        match (operands.pop(), operands.is_empty()) {
            (Some(e), true) => Ok(e),
            _ => Err(self.malformed()),
        }
    }
}

struct ExprBuild;

impl Build<Expr> for ExprBuild {
    fn binop(&mut self, l: Expr, op: Op, r: Expr) -> Expr {
        let span = l.span.to(r.span);
        Expr {
            kind: ExprKind::BinOp(Box::new(l), op, Box::new(r)),
            span,
        }
    }
    fn negate(&mut self, span: Span, e: Expr) -> Result<Expr, Diagnostic> {
        let span = span.to(e.span);
        Ok(Expr {
            kind: ExprKind::Neg(Box::new(e)),
            span,
        })
    }
}

struct PatBuild;

impl Build<Pat> for PatBuild {
    fn binop(&mut self, l: Pat, op: Op, r: Pat) -> Pat {
        let span = l.span.to(r.span);
        Pat {
            kind: PatKind::Con(op.name, vec![l, r]),
            span,
        }
    }
    fn negate(&mut self, span: Span, _e: Pat) -> Result<Pat, Diagnostic> {
        Err(Diagnostic::error(span, "Parse error in pattern"))
    }
}

fn placeholder(span: Span) -> Expr {
    Expr {
        kind: ExprKind::Var(Name::new("", span)),
        span,
    }
}

fn is_placeholder(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Var(n) if n.name.is_empty())
}

struct Resolver {
    scopes: Vec<HashMap<String, Fixity>>,
    errors: Vec<Diagnostic>,
}

impl Resolver {
    fn fixity(&self, op: &Op) -> Fixity {
        if op.name.name == ":" && !op.backquoted {
            return Fixity::CONS;
        }
        for s in self.scopes.iter().rev() {
            if let Some(f) = s.get(&op.name.name) {
                return *f;
            }
        }
        Fixity::DEFAULT
    }

    fn push_group(&mut self, decls: &[Decl]) {
        let mut t = HashMap::new();
        collect(decls, &mut t, false);
        self.scopes.push(t);
    }

    fn expr(&mut self, e: &mut Expr) {
        let span = e.span;
        match &mut e.kind {
            ExprKind::OpSeq(_) => {
                let ExprKind::OpSeq(items) =
                    std::mem::replace(&mut e.kind, ExprKind::Con(Name::new("()", span)))
                else {
                    return;
                };
                match self.resolve_seq(items, span) {
                    Ok(r) => *e = r,
                    Err(d) => self.errors.push(d),
                }
            }
            ExprKind::LeftSection(..) => {
                let ExprKind::LeftSection(x, op) =
                    std::mem::replace(&mut e.kind, ExprKind::Con(Name::new("()", span)))
                else {
                    return;
                };
                match self.left_section(*x, op, span) {
                    Ok(k) => e.kind = k,
                    Err(d) => self.errors.push(d),
                }
            }
            ExprKind::RightSection(..) => {
                let ExprKind::RightSection(op, x) =
                    std::mem::replace(&mut e.kind, ExprKind::Con(Name::new("()", span)))
                else {
                    return;
                };
                match self.right_section(op, *x, span) {
                    Ok(k) => e.kind = k,
                    Err(d) => self.errors.push(d),
                }
            }
            ExprKind::Paren(_) => {
                let ExprKind::Paren(inner) =
                    std::mem::replace(&mut e.kind, ExprKind::Con(Name::new("()", span)))
                else {
                    return;
                };
                *e = *inner;
                self.expr(e);
            }
            _ => walk_expr(self, e),
        }
    }

    /// Resolves operands, then the sequence itself.
    fn resolve_seq(&mut self, items: Vec<OpSeqItem>, span: Span) -> Result<Expr, Diagnostic> {
        let mut elems = Vec::with_capacity(items.len());
        for it in items {
            elems.push(match it {
                OpSeqItem::Operand(mut x) => {
                    self.expr(&mut x);
                    Elem::Operand(x)
                }
                OpSeqItem::Operator(op) => {
                    let f = self.fixity(&op);
                    Elem::Operator(op, f)
                }
                OpSeqItem::Negate(s) => Elem::Negate(s),
            });
        }
        Seq {
            elems,
            build: ExprBuild,
            whole: span,
        }
        .run()
    }

    fn seq_items(x: Expr) -> Vec<OpSeqItem> {
        match x.kind {
            ExprKind::OpSeq(items) => items,
            _ => vec![OpSeqItem::Operand(x)],
        }
    }

    fn section_error(&self, op: &Op, inner: Option<&Op>, span: Span) -> Diagnostic {
        let f = self.fixity(op);
        let mut msg = format!(
            "The operator ‘{}’ {} of a section\n    must have lower precedence than that of the operand,",
            op_text(op),
            fixity_text(f)
        );
        if let Some(i) = inner {
            msg.push_str(&format!(
                "\n      namely ‘{}’ {}",
                op_text(i),
                fixity_text(self.fixity(i))
            ));
        }
        Diagnostic::error(span, msg)
    }

    /// `(x op)`: legal iff `x op y` parses as `(x) op y`.
    fn left_section(&mut self, x: Expr, op: Op, span: Span) -> Result<ExprKind, Diagnostic> {
        let mut items = Self::seq_items(x);
        items.push(OpSeqItem::Operator(op.clone()));
        items.push(OpSeqItem::Operand(placeholder(span)));
        match self.resolve_seq(items, span)? {
            Expr {
                kind: ExprKind::BinOp(l, o, r),
                ..
            } if is_placeholder(&r) && o == op => Ok(ExprKind::LeftSection(l, o)),
            Expr {
                kind: ExprKind::BinOp(_, inner, _),
                ..
            } => Err(self.section_error(&op, Some(&inner), span)),
            _ => Err(self.section_error(&op, None, span)),
        }
    }

    /// `(op x)`: legal iff `y op x` parses as `y op (x)`.
    fn right_section(&mut self, op: Op, x: Expr, span: Span) -> Result<ExprKind, Diagnostic> {
        let mut items = vec![
            OpSeqItem::Operand(placeholder(span)),
            OpSeqItem::Operator(op.clone()),
        ];
        items.extend(Self::seq_items(x));
        match self.resolve_seq(items, span)? {
            Expr {
                kind: ExprKind::BinOp(l, o, r),
                ..
            } if is_placeholder(&l) && o == op => Ok(ExprKind::RightSection(o, r)),
            Expr {
                kind: ExprKind::BinOp(_, inner, _),
                ..
            } => Err(self.section_error(&op, Some(&inner), span)),
            _ => Err(self.section_error(&op, None, span)),
        }
    }

    fn pat(&mut self, p: &mut Pat) {
        let span = p.span;
        match &mut p.kind {
            PatKind::OpSeq(_) => {
                let PatKind::OpSeq(items) = std::mem::replace(&mut p.kind, PatKind::Wildcard)
                else {
                    return;
                };
                let mut elems = Vec::with_capacity(items.len());
                for it in items {
                    elems.push(match it {
                        PatOpItem::Operand(mut x) => {
                            self.pat(&mut x);
                            Elem::Operand(x)
                        }
                        PatOpItem::Operator(op) => {
                            let f = self.fixity(&op);
                            Elem::Operator(op, f)
                        }
                    });
                }
                match (Seq {
                    elems,
                    build: PatBuild,
                    whole: span,
                })
                .run()
                {
                    Ok(r) => *p = r,
                    Err(d) => self.errors.push(d),
                }
            }
            PatKind::Paren(_) => {
                let PatKind::Paren(inner) = std::mem::replace(&mut p.kind, PatKind::Wildcard)
                else {
                    return;
                };
                *p = *inner;
                self.pat(p);
            }
            _ => walk_pat(self, p),
        }
    }
}

/// The shared walker does the descent; the resolver rewrites operator
/// sequences, sections and parentheses, and keeps a stack of fixity scopes.
impl VisitMut for Resolver {
    fn visit_expr(&mut self, e: &mut Expr) {
        self.expr(e)
    }
    fn visit_pat(&mut self, p: &mut Pat) {
        self.pat(p)
    }
    fn enter_group(&mut self, decls: &[Decl]) {
        self.push_group(decls)
    }
    fn leave_group(&mut self) {
        self.scopes.pop();
    }
}
