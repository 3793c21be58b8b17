//! Types and contexts: `(Eq a, Show a) => a -> [Maybe a] -> (a, Int)`.

use super::super::ast::*;
use super::super::lexer::TokenKind;
use super::{PResult, Parser};
use crate::diagnostics::Diagnostic;

impl<'a> Parser<'a> {
    /// `[context =>] type`
    pub(super) fn qual_type(&mut self) -> PResult<QualType> {
        let start = self.start();
        let t = self.type_()?;
        if self.eat(&TokenKind::DArrow) {
            let context = self.type_to_context(t)?;
            let ty = self.type_()?;
            return Ok(QualType {
                context,
                ty,
                span: self.span_from(start),
            });
        }
        Ok(QualType {
            context: Vec::new(),
            ty: t,
            span: self.span_from(start),
        })
    }

    /// `btype [-> type]`
    pub(super) fn type_(&mut self) -> PResult<Type> {
        self.enter()?;
        let start = self.start();
        let b = self.btype()?;
        let t = if self.eat(&TokenKind::RArrow) {
            let r = self.type_()?;
            Type {
                kind: TypeKind::Fun(Box::new(b), Box::new(r)),
                span: self.span_from(start),
            }
        } else {
            b
        };
        self.leave();
        Ok(t)
    }

    pub(super) fn btype(&mut self) -> PResult<Type> {
        let start = self.start();
        let mut t = self.atype()?;
        while self.can_start_atype() {
            let a = self.atype()?;
            t = Type {
                kind: TypeKind::App(Box::new(t), Box::new(a)),
                span: self.span_from(start),
            };
        }
        Ok(t)
    }

    pub(super) fn can_start_atype(&self) -> bool {
        matches!(
            self.kind(),
            TokenKind::VarId(None, _)
                | TokenKind::ConId(..)
                | TokenKind::LParen
                | TokenKind::LBracket
        )
    }

    pub(super) fn atype(&mut self) -> PResult<Type> {
        self.enter()?;
        let start = self.start();
        let kind = match self.kind() {
            TokenKind::VarId(None, n) => {
                if n == "forall" {
                    return Err(Diagnostic::error(
                        self.span(),
                        "explicit ‘forall’ is not supported by hsrts",
                    ));
                }
                let span = self.bump().span;
                TypeKind::Var(Name::new(n.clone(), span))
            }
            TokenKind::ConId(..) => TypeKind::Con(self.qcon()?),
            TokenKind::LParen => {
                self.bump();
                if self.eat(&TokenKind::RParen) {
                    TypeKind::Con(Name::new("()", self.span_from(start)))
                } else if self.at(&TokenKind::RArrow) && self.peek(1) == &TokenKind::RParen {
                    self.bump();
                    self.bump();
                    TypeKind::Con(Name::new("->", self.span_from(start)))
                } else if self.at(&TokenKind::Comma) {
                    let mut n = 1;
                    while self.eat(&TokenKind::Comma) {
                        n += 1;
                    }
                    self.expect(&TokenKind::RParen)?;
                    TypeKind::Con(Name::new(
                        format!("({})", ",".repeat(n - 1)),
                        self.span_from(start),
                    ))
                } else {
                    let t = self.type_()?;
                    if self.at(&TokenKind::Comma) {
                        let mut ts = vec![t];
                        while self.eat(&TokenKind::Comma) {
                            ts.push(self.type_()?);
                        }
                        self.expect(&TokenKind::RParen)?;
                        TypeKind::Tuple(ts)
                    } else {
                        self.expect(&TokenKind::RParen)?;
                        self.leave();
                        return Ok(Type {
                            kind: t.kind,
                            span: self.span_from(start),
                        });
                    }
                }
            }
            TokenKind::LBracket => {
                self.bump();
                if self.eat(&TokenKind::RBracket) {
                    TypeKind::Con(Name::new("[]", self.span_from(start)))
                } else {
                    let t = self.type_()?;
                    self.expect(&TokenKind::RBracket)?;
                    TypeKind::List(Box::new(t))
                }
            }
            _ => return Err(self.unexpected()),
        };
        self.leave();
        Ok(Type {
            kind,
            span: self.span_from(start),
        })
    }

    /// Reinterprets a parsed type as a context: `C t`, `(C1 t1, C2 t2)`, `()`.
    pub(super) fn type_to_context(&self, t: Type) -> PResult<Vec<Pred>> {
        match t.kind {
            TypeKind::Tuple(ts) => ts.into_iter().map(|t| self.type_to_pred(t)).collect(),
            TypeKind::Con(ref c) if c.name == "()" => Ok(Vec::new()),
            _ => Ok(vec![self.type_to_pred(t)?]),
        }
    }

    fn type_to_pred(&self, t: Type) -> PResult<Pred> {
        let span = t.span;
        if let TypeKind::App(c, arg) = t.kind
            && let TypeKind::Con(class) = c.kind
        {
            return Ok(Pred {
                class,
                ty: *arg,
                span,
            });
        }
        Err(Diagnostic::error(
            span,
            "Malformed context: expected a class applied to one type (multi-parameter classes are not supported)",
        ))
    }
}
