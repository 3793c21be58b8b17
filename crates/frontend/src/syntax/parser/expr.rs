//! Expressions and statements: infix sequences (left flat for fixity
//! resolution), application, lambda, `let`, `if`, `case`, `do`, literals,
//! tuples, lists, arithmetic sequences, list comprehensions, sections,
//! record construction and update, type annotations.

use super::super::ast::*;
use super::super::lexer::TokenKind;
use super::{DeclContext, PResult, Parser};
use crate::diagnostics::Diagnostic;

impl<'a> Parser<'a> {
    /// `exp → infixexp :: type | infixexp`
    pub(super) fn exp(&mut self) -> PResult<Expr> {
        self.enter()?;
        let start = self.start();
        let e = self.infix_exp()?;
        let e = if self.eat(&TokenKind::DoubleColon) {
            let t = self.qual_type()?;
            Expr {
                kind: ExprKind::Typed(Box::new(e), t),
                span: self.span_from(start),
            }
        } else {
            e
        };
        self.leave();
        Ok(e)
    }

    fn at_minus(&self) -> bool {
        matches!(self.kind(), TokenKind::VarSym(None, s) if s == "-")
    }

    /// Whether the operator at the cursor is directly followed by `)`, which
    /// makes it the operator of a left section `(e op)`.
    fn op_then_rparen(&self, len: usize) -> bool {
        self.peek(len) == &TokenKind::RParen
    }

    /// Operands, operators and prefix minus, flat.
    pub(super) fn infix_exp(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut items = Vec::new();
        loop {
            if self.at_minus() {
                let s = self.bump().span;
                items.push(OpSeqItem::Negate(s));
                continue;
            }
            if items.len() > 2 * super::MAX_SPINE {
                return Err(Diagnostic::error(self.span(), "infix expression too long"));
            }
            items.push(OpSeqItem::Operand(self.exp10()?));
            match self.op_len() {
                Some(len) if !self.op_then_rparen(len) => {
                    items.push(OpSeqItem::Operator(self.op()?))
                }
                _ => break,
            }
        }
        if items.len() == 1
            && let Some(OpSeqItem::Operand(e)) = items.pop()
        {
            return Ok(e);
        }
        Ok(Expr {
            kind: ExprKind::OpSeq(items),
            span: self.span_from(start),
        })
    }

    fn exp10(&mut self) -> PResult<Expr> {
        let start = self.start();
        let kind = match self.kind() {
            TokenKind::Backslash => {
                self.bump();
                let mut pats = vec![self.apat()?];
                while !self.at(&TokenKind::RArrow) {
                    pats.push(self.apat()?);
                }
                self.expect(&TokenKind::RArrow)?;
                ExprKind::Lambda(pats, Box::new(self.exp()?))
            }
            TokenKind::Let => {
                self.bump();
                let decls = self.decl_block(DeclContext::Local)?;
                self.expect(&TokenKind::In)?;
                ExprKind::Let(decls, Box::new(self.exp()?))
            }
            TokenKind::If => {
                self.bump();
                let c = self.exp()?;
                self.skip_optional_semi();
                self.expect(&TokenKind::Then)?;
                let t = self.exp()?;
                self.skip_optional_semi();
                self.expect(&TokenKind::Else)?;
                let e = self.exp()?;
                ExprKind::If(Box::new(c), Box::new(t), Box::new(e))
            }
            TokenKind::Case => {
                self.bump();
                let scrut = self.exp()?;
                self.expect(&TokenKind::Of)?;
                let ofspan = self.span();
                let alts = self.block(|p| p.alt(), |p| p.can_start_pat())?;
                if alts.is_empty() {
                    return Err(Diagnostic::error(
                        ofspan,
                        "Empty list of alternatives in case expression",
                    ));
                }
                ExprKind::Case(Box::new(scrut), alts)
            }
            TokenKind::Do => {
                let kw = self.bump().span;
                let stmts = self.block(|p| p.stmt(), |p| p.can_start_stmt())?;
                match stmts.last() {
                    None => self.defer(Diagnostic::error(kw, "Empty 'do' block")),
                    Some(Stmt {
                        kind: StmtKind::Expr(_),
                        ..
                    }) => {}
                    Some(s) => {
                        let d = Diagnostic::error(
                            s.span,
                            format!(
                                "The last statement in a 'do' block must be an expression\n  {s}"
                            ),
                        );
                        self.defer(d);
                    }
                }
                ExprKind::Do(stmts)
            }
            _ => return self.fexp(),
        };
        Ok(Expr {
            kind,
            span: self.span_from(start),
        })
    }

    /// `if c; then ..` inside `do` (DoAndIfThenElse, Haskell 2010): the
    /// grammar has an optional `;` before `then` and `else`, so one is
    /// skipped whatever follows (an `if` must go on with `then`/`else`, and
    /// the error then names the real culprit, as GHC's does).
    fn skip_optional_semi(&mut self) {
        if matches!(self.kind(), TokenKind::VSemi | TokenKind::Semi) {
            self.bump();
        }
    }

    fn fexp(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut f = self.aexp()?;
        let mut args = 0;
        while self.can_start_aexp() {
            args += 1;
            if args > super::MAX_SPINE {
                return Err(Diagnostic::error(
                    self.span(),
                    "application has too many arguments",
                ));
            }
            let a = self.aexp()?;
            f = Expr {
                kind: ExprKind::App(Box::new(f), Box::new(a)),
                span: self.span_from(start),
            };
        }
        Ok(f)
    }

    pub(super) fn can_start_aexp(&self) -> bool {
        matches!(
            self.kind(),
            TokenKind::VarId(..)
                | TokenKind::ConId(..)
                | TokenKind::Integer(_)
                | TokenKind::Frac(_)
                | TokenKind::Char(_)
                | TokenKind::String(_)
                | TokenKind::LParen
                | TokenKind::LBracket
        )
    }

    pub(super) fn literal(&mut self) -> Option<Literal> {
        let lit = match self.kind() {
            TokenKind::Integer(l) => Literal::Integer(l.clone()),
            TokenKind::Frac(l) => Literal::Frac(l.clone()),
            TokenKind::Char(c) => Literal::Char(*c),
            TokenKind::String(s) => Literal::String(s.clone()),
            _ => return None,
        };
        self.bump();
        Some(lit)
    }

    /// An atomic expression, with record construction/update braces.
    fn aexp(&mut self) -> PResult<Expr> {
        self.enter()?;
        let start = self.start();
        let mut e = match self.kind() {
            TokenKind::VarId(q, n) => {
                let span = self.bump().span;
                Expr {
                    kind: ExprKind::Var(self.name_of(q, n, span)),
                    span,
                }
            }
            TokenKind::ConId(q, n) => {
                let span = self.bump().span;
                let name = self.name_of(q, n, span);
                if self.at(&TokenKind::LBrace) {
                    let fields = self.field_binds()?;
                    Expr {
                        kind: ExprKind::RecordCon(name, fields),
                        span: self.span_from(start),
                    }
                } else {
                    Expr {
                        kind: ExprKind::Con(name),
                        span,
                    }
                }
            }
            TokenKind::LParen => self.paren_exp()?,
            TokenKind::LBracket => self.bracket_exp()?,
            _ => match self.literal() {
                Some(l) => Expr {
                    kind: ExprKind::Lit(l),
                    span: self.span_from(start),
                },
                None => return Err(self.unexpected()),
            },
        };
        while self.at(&TokenKind::LBrace) {
            let open = self.span();
            let fields = self.field_binds()?;
            if fields.is_empty() {
                return Err(Diagnostic::error(open, "Empty record update"));
            }
            e = Expr {
                kind: ExprKind::RecordUpdate(Box::new(e), fields),
                span: self.span_from(start),
            };
        }
        self.leave();
        Ok(e)
    }

    /// `{ f = e, ... }`
    fn field_binds(&mut self) -> PResult<Vec<FieldBind>> {
        self.field_assignments(Self::exp, |field, value, span| FieldBind {
            field,
            value,
            span,
        })
    }

    fn special_con(&self, name: &str, start: u32) -> Expr {
        let span = self.span_from(start);
        Expr {
            kind: ExprKind::Con(Name::new(name, span)),
            span,
        }
    }

    /// After `(`: unit, tuple constructors, `(op)`, sections, parenthesised
    /// expressions and tuples.
    fn paren_exp(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.expect(&TokenKind::LParen)?;
        if self.eat(&TokenKind::RParen) {
            return Ok(self.special_con("()", start));
        }
        if self.at(&TokenKind::Comma) {
            let mut n = 1;
            while self.eat(&TokenKind::Comma) {
                n += 1;
            }
            self.expect(&TokenKind::RParen)?;
            return Ok(self.special_con(&format!("({})", ",".repeat(n - 1)), start));
        }
        // `(op)`
        if let TokenKind::VarSym(q, n) | TokenKind::ConSym(q, n) = self.kind()
            && self.peek(1) == &TokenKind::RParen
        {
            let span = self.bump().span;
            self.bump();
            let name = self.name_of(q, n, span);
            let kind = if name.is_con() {
                ExprKind::Con(name)
            } else {
                ExprKind::Var(name)
            };
            return Ok(Expr {
                kind,
                span: self.span_from(start),
            });
        }
        // Right section `(op e)`; `(- e)` is negation.
        if self.op_len().is_some() && !self.at_minus() {
            let op = self.op()?;
            let e = self.infix_exp()?;
            self.expect(&TokenKind::RParen)?;
            return Ok(Expr {
                kind: ExprKind::RightSection(op, Box::new(e)),
                span: self.span_from(start),
            });
        }
        let e = self.exp()?;
        if let Some(len) = self.op_len()
            && self.op_then_rparen(len)
        {
            let op = self.op()?;
            self.expect(&TokenKind::RParen)?;
            return Ok(Expr {
                kind: ExprKind::LeftSection(Box::new(e), op),
                span: self.span_from(start),
            });
        }
        if self.at(&TokenKind::Comma) {
            let mut es = vec![e];
            while self.eat(&TokenKind::Comma) {
                es.push(self.exp()?);
            }
            self.expect(&TokenKind::RParen)?;
            return Ok(Expr {
                kind: ExprKind::Tuple(es),
                span: self.span_from(start),
            });
        }
        self.expect(&TokenKind::RParen)?;
        Ok(Expr {
            kind: ExprKind::Paren(Box::new(e)),
            span: self.span_from(start),
        })
    }

    /// After `[`: lists, arithmetic sequences, comprehensions.
    fn bracket_exp(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.expect(&TokenKind::LBracket)?;
        if self.eat(&TokenKind::RBracket) {
            return Ok(self.special_con("[]", start));
        }
        let first = self.exp()?;
        let kind = match self.kind() {
            TokenKind::DotDot => {
                self.bump();
                let to = if self.at(&TokenKind::RBracket) {
                    None
                } else {
                    Some(Box::new(self.exp()?))
                };
                self.expect(&TokenKind::RBracket)?;
                ExprKind::ArithSeq {
                    from: Box::new(first),
                    then: None,
                    to,
                }
            }
            TokenKind::Bar => {
                self.bump();
                let mut quals = vec![self.stmt()?];
                while self.eat(&TokenKind::Comma) {
                    quals.push(self.stmt()?);
                }
                self.expect(&TokenKind::RBracket)?;
                ExprKind::ListComp(Box::new(first), quals)
            }
            TokenKind::Comma => {
                self.bump();
                let second = self.exp()?;
                if self.eat(&TokenKind::DotDot) {
                    let to = if self.at(&TokenKind::RBracket) {
                        None
                    } else {
                        Some(Box::new(self.exp()?))
                    };
                    self.expect(&TokenKind::RBracket)?;
                    ExprKind::ArithSeq {
                        from: Box::new(first),
                        then: Some(Box::new(second)),
                        to,
                    }
                } else {
                    let mut es = vec![first, second];
                    while self.eat(&TokenKind::Comma) {
                        es.push(self.exp()?);
                    }
                    self.expect(&TokenKind::RBracket)?;
                    ExprKind::List(es)
                }
            }
            _ => {
                self.expect(&TokenKind::RBracket)?;
                ExprKind::List(vec![first])
            }
        };
        Ok(Expr {
            kind,
            span: self.span_from(start),
        })
    }

    /// A case alternative `pat rhs`.
    fn alt(&mut self) -> PResult<Alt> {
        let start = self.start();
        let pat = self.pat()?;
        let rhs = self.rhs(&TokenKind::RArrow)?;
        Ok(Alt {
            pat,
            rhs,
            span: self.span_from(start),
        })
    }

    fn can_start_stmt(&self) -> bool {
        self.can_start_aexp()
            || self.can_start_pat()
            || matches!(
                self.kind(),
                TokenKind::Let
                    | TokenKind::If
                    | TokenKind::Case
                    | TokenKind::Do
                    | TokenKind::Backslash
            )
            || self.at_minus()
    }

    /// A `do` statement, comprehension qualifier or guard: `p <- e`,
    /// `let decls`, or `e`.
    pub(super) fn stmt(&mut self) -> PResult<Stmt> {
        let start = self.start();
        if self.at(&TokenKind::Let) {
            self.bump();
            let decls = self.decl_block(DeclContext::Local)?;
            if self.eat(&TokenKind::In) {
                // `let ... in e` used as an expression statement.
                let body = self.exp()?;
                let e = Expr {
                    kind: ExprKind::Let(decls, Box::new(body)),
                    span: self.span_from(start),
                };
                let e = self.continue_exp(e, start)?;
                return Ok(Stmt {
                    kind: StmtKind::Expr(e),
                    span: self.span_from(start),
                });
            }
            return Ok(Stmt {
                kind: StmtKind::Let(decls),
                span: self.span_from(start),
            });
        }
        if self.can_start_pat() {
            let snap = self.snapshot();
            match self.pat() {
                Ok(p) if self.at(&TokenKind::LArrow) => {
                    self.bump();
                    let e = self.exp()?;
                    return Ok(Stmt {
                        kind: StmtKind::Bind(p, e),
                        span: self.span_from(start),
                    });
                }
                _ => self.restore(snap),
            }
        }
        let e = self.exp()?;
        Ok(Stmt {
            kind: StmtKind::Expr(e),
            span: self.span_from(start),
        })
    }

    /// A type annotation after a `let ... in` statement expression.
    fn continue_exp(&mut self, e: Expr, start: u32) -> PResult<Expr> {
        if self.eat(&TokenKind::DoubleColon) {
            let t = self.qual_type()?;
            return Ok(Expr {
                kind: ExprKind::Typed(Box::new(e), t),
                span: self.span_from(start),
            });
        }
        Ok(e)
    }
}
