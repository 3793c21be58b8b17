//! Patterns: variables, wildcards, literals (negative numeric ones too),
//! constructor applications, infix constructor patterns (left flat for
//! fixity resolution), tuples, lists, as-patterns, lazy `~p`, bang `!p`
//! (BangPatterns) and record patterns.

use super::super::ast::*;
use super::super::lexer::TokenKind;
use super::{PResult, Parser};
use crate::diagnostics::Diagnostic;

impl<'a> Parser<'a> {
    pub(super) fn can_start_pat(&self) -> bool {
        self.can_start_apat() || matches!(self.kind(), TokenKind::VarSym(None, s) if s == "-")
    }

    pub(super) fn can_start_apat(&self) -> bool {
        matches!(
            self.kind(),
            TokenKind::VarId(None, _)
                | TokenKind::ConId(..)
                | TokenKind::Underscore
                | TokenKind::Integer(_)
                | TokenKind::Frac(_)
                | TokenKind::Char(_)
                | TokenKind::String(_)
                | TokenKind::LParen
                | TokenKind::LBracket
                | TokenKind::Tilde
        ) || self.at_prefix_bang()
    }

    fn at_conop(&self) -> bool {
        match self.kind() {
            TokenKind::ConSym(..) => true,
            TokenKind::Backquote => {
                matches!(self.peek(1), TokenKind::ConId(..))
                    && self.peek(2) == &TokenKind::Backquote
            }
            _ => false,
        }
    }

    /// `pat → lpat qconop pat | lpat` (flat; see `PatKind::OpSeq`).
    pub(super) fn pat(&mut self) -> PResult<Pat> {
        self.enter()?;
        let start = self.start();
        let first = self.lpat()?;
        if !self.at_conop() {
            self.leave();
            return Ok(first);
        }
        let mut items = vec![PatOpItem::Operand(first)];
        while self.at_conop() {
            if items.len() > 2 * super::MAX_SPINE {
                return Err(Diagnostic::error(self.span(), "infix pattern too long"));
            }
            items.push(PatOpItem::Operator(self.op()?));
            items.push(PatOpItem::Operand(self.lpat()?));
        }
        self.leave();
        Ok(Pat {
            kind: PatKind::OpSeq(items),
            span: self.span_from(start),
        })
    }

    /// `lpat → apat | - literal | gcon apat1 .. apatn`
    pub(super) fn lpat(&mut self) -> PResult<Pat> {
        let start = self.start();
        if matches!(self.kind(), TokenKind::VarSym(None, s) if s == "-") {
            self.bump();
            return match self.kind() {
                TokenKind::Integer(_) | TokenKind::Frac(_) => {
                    let lit = self.literal().ok_or_else(|| self.unexpected())?;
                    Ok(Pat {
                        kind: PatKind::Lit { lit, negated: true },
                        span: self.span_from(start),
                    })
                }
                _ => Err(self.unexpected()),
            };
        }
        let paren_con = self.at(&TokenKind::LParen)
            && ((matches!(self.peek(1), TokenKind::ConSym(..))
                && self.peek(2) == &TokenKind::RParen)
                || self.peek(1) == &TokenKind::Comma);
        if paren_con {
            // `(:+) a b`, `(,) a b`
            let PatKind::Con(con, _) = self.apat()?.kind else {
                return Err(self.unexpected());
            };
            let mut args = Vec::new();
            while self.can_start_apat() {
                args.push(self.apat()?);
            }
            return Ok(Pat {
                kind: PatKind::Con(con, args),
                span: self.span_from(start),
            });
        }
        if matches!(self.kind(), TokenKind::ConId(..)) && self.peek(1) != &TokenKind::LBrace {
            let con = self.qcon()?;
            let mut args = Vec::new();
            while self.can_start_apat() {
                args.push(self.apat()?);
            }
            return Ok(Pat {
                kind: PatKind::Con(con, args),
                span: self.span_from(start),
            });
        }
        self.apat()
    }

    /// An atomic pattern.
    pub(super) fn apat(&mut self) -> PResult<Pat> {
        self.enter()?;
        let start = self.start();
        let kind = match self.kind() {
            TokenKind::VarId(None, n) => {
                let span = self.bump().span;
                let name = Name::new(n.clone(), span);
                if self.eat(&TokenKind::At) {
                    PatKind::As(name, Box::new(self.apat()?))
                } else {
                    PatKind::Var(name)
                }
            }
            TokenKind::ConId(..) => {
                let con = self.qcon()?;
                if self.at(&TokenKind::LBrace) {
                    PatKind::Record(con, self.field_pats()?)
                } else {
                    PatKind::Con(con, Vec::new())
                }
            }
            TokenKind::Underscore => {
                self.bump();
                PatKind::Wildcard
            }
            TokenKind::Tilde => {
                self.bump();
                PatKind::Lazy(Box::new(self.apat()?))
            }
            TokenKind::VarSym(None, s) if s == "!" && self.at_prefix_bang() => {
                self.bump();
                let inner = self.apat()?;
                if !self.bang_patterns {
                    let bang = Pat {
                        kind: PatKind::Bang(Box::new(inner)),
                        span: self.span_from(start),
                    };
                    return Err(Diagnostic::error(
                        bang.span,
                        format!("Illegal bang-pattern (use BangPatterns):\n{bang}"),
                    ));
                }
                PatKind::Bang(Box::new(inner))
            }
            TokenKind::LParen => self.paren_pat()?,
            TokenKind::LBracket => {
                self.bump();
                let mut pats = Vec::new();
                if !self.at(&TokenKind::RBracket) {
                    pats.push(self.pat()?);
                    while self.eat(&TokenKind::Comma) {
                        pats.push(self.pat()?);
                    }
                }
                self.expect(&TokenKind::RBracket)?;
                if pats.is_empty() {
                    PatKind::Con(Name::new("[]", self.span_from(start)), Vec::new())
                } else {
                    PatKind::List(pats)
                }
            }
            _ => match self.literal() {
                Some(lit) => PatKind::Lit {
                    lit,
                    negated: false,
                },
                None => return Err(self.unexpected()),
            },
        };
        self.leave();
        Ok(Pat {
            kind,
            span: self.span_from(start),
        })
    }

    fn paren_pat(&mut self) -> PResult<PatKind> {
        let start = self.start();
        self.expect(&TokenKind::LParen)?;
        if self.eat(&TokenKind::RParen) {
            return Ok(PatKind::Con(
                Name::new("()", self.span_from(start)),
                Vec::new(),
            ));
        }
        if self.at(&TokenKind::Comma) {
            let mut n = 1;
            while self.eat(&TokenKind::Comma) {
                n += 1;
            }
            self.expect(&TokenKind::RParen)?;
            let name = Name::new(format!("({})", ",".repeat(n - 1)), self.span_from(start));
            return Ok(PatKind::Con(name, Vec::new()));
        }
        // `(+)` as a variable, `(:)` as a constructor.
        if let TokenKind::VarSym(q, n) | TokenKind::ConSym(q, n) = self.kind()
            && self.peek(1) == &TokenKind::RParen
        {
            let span = self.bump().span;
            self.bump();
            let name = self.name_of(q, n, span);
            if name.is_con() {
                return Ok(PatKind::Con(name, Vec::new()));
            }
            if name.qual.is_some() {
                return Err(Diagnostic::error(
                    span,
                    "Qualified name in binding position",
                ));
            }
            return Ok(PatKind::Var(name));
        }
        let p = self.pat()?;
        if self.at(&TokenKind::DoubleColon) {
            return Err(Diagnostic::error(
                self.span(),
                "Pattern type signatures `(p :: t)` are not supported by hsrts",
            )
            .with_note(
                "give the type in a signature instead, e.g. `handler :: SomeException -> IO ()`",
            ));
        }
        if self.at(&TokenKind::Comma) {
            let mut ps = vec![p];
            while self.eat(&TokenKind::Comma) {
                ps.push(self.pat()?);
            }
            self.expect(&TokenKind::RParen)?;
            return Ok(PatKind::Tuple(ps));
        }
        self.expect(&TokenKind::RParen)?;
        Ok(PatKind::Paren(Box::new(p)))
    }

    /// `{ f = p, ... }`
    fn field_pats(&mut self) -> PResult<Vec<FieldPat>> {
        self.field_assignments(Self::pat, |field, pat, span| FieldPat { field, pat, span })
    }
}
