//! Declarations: type signatures, fixities, bindings (function clauses and
//! pattern bindings, with guards and `where`), `data`, `newtype`, `type`,
//! `class`, `instance`, `foreign import`/`export`; and the grouping of
//! consecutive clauses into one [`FunBind`].

use super::super::ast::*;
use super::super::lexer::TokenKind;
use super::{DeclContext, PResult, Parser};
use crate::diagnostics::{Diagnostic, SourceFile};

/// Whether the current token can begin a declaration in `ctx`.
pub(super) fn can_start_decl(p: &Parser<'_>, ctx: DeclContext) -> bool {
    use TokenKind::*;
    match p.kind() {
        Data | Newtype | Type | Class | Instance | Foreign | Default => ctx == DeclContext::Top,
        Infix | Infixl | Infixr => ctx != DeclContext::Instance,
        VarId(None, _)
        | ConId(..)
        | LParen
        | LBracket
        | Underscore
        | Tilde
        | Integer(_)
        | Frac(_)
        | Char(_)
        | String(_) => true,
        VarSym(None, s) if s == "!" || s == "-" => true,
        _ => false,
    }
}

impl<'a> Parser<'a> {
    /// One declaration allowed in `ctx`.
    pub(super) fn decl(&mut self, ctx: DeclContext) -> PResult<Decl> {
        self.enter()?;
        let start = self.start();
        let kind = match self.kind() {
            TokenKind::Data if ctx == DeclContext::Top => self.data_decl(false)?,
            TokenKind::Newtype if ctx == DeclContext::Top => self.data_decl(true)?,
            TokenKind::Type if ctx == DeclContext::Top => self.type_syn()?,
            TokenKind::Class if ctx == DeclContext::Top => self.class_decl()?,
            TokenKind::Instance if ctx == DeclContext::Top => self.instance_decl()?,
            TokenKind::Foreign if ctx == DeclContext::Top => self.foreign_decl()?,
            TokenKind::Default if ctx == DeclContext::Top => self.default_decl()?,
            TokenKind::Infix | TokenKind::Infixl | TokenKind::Infixr
                if ctx != DeclContext::Instance =>
            {
                self.fixity_decl()?
            }
            _ => {
                if let Some(sig) = self.try_type_sig()? {
                    if ctx == DeclContext::Instance {
                        let d = Decl {
                            kind: sig,
                            span: self.span_from(start),
                        };
                        return Err(Diagnostic::error(
                            d.span,
                            format!("Illegal type signature in instance declaration:\n  {d}"),
                        )
                        .with_note("InstanceSigs is not supported by hsrts"));
                    }
                    sig
                } else {
                    self.binding()?
                }
            }
        };
        self.leave();
        Ok(Decl {
            kind,
            span: self.span_from(start),
        })
    }

    /// A block of declarations after `where`/`let`, clauses grouped.
    pub(super) fn decl_block(&mut self, ctx: DeclContext) -> PResult<Vec<Decl>> {
        let decls = self.block(|p| p.decl(ctx), |p| can_start_decl(p, ctx))?;
        group_bindings(decls, self.source)
    }

    fn fixity_decl(&mut self) -> PResult<DeclKind> {
        let assoc = match self.bump_kind() {
            TokenKind::Infixl => Assoc::Left,
            TokenKind::Infixr => Assoc::Right,
            _ => Assoc::None,
        };
        let mut precedence = 9;
        if let TokenKind::Integer(l) = self.kind() {
            match l.value {
                Some(v @ 0..=9) => precedence = v as u8,
                _ => {
                    return Err(
                        self.error(self.span(), format!("Precedence out of range: {}", l.text))
                    );
                }
            }
            self.bump();
        }
        let mut ops = vec![self.op()?.name];
        while self.eat(&TokenKind::Comma) {
            ops.push(self.op()?.name);
        }
        Ok(DeclKind::Fixity(FixityDecl {
            assoc,
            precedence,
            ops,
        }))
    }

    fn bump_kind(&mut self) -> &'a TokenKind {
        let k = self.kind();
        self.bump();
        k
    }

    /// `x, y, (+) :: type`, or `None` (cursor unchanged) if this is not a
    /// signature.
    fn try_type_sig(&mut self) -> PResult<Option<DeclKind>> {
        if !matches!(self.kind(), TokenKind::VarId(None, _) | TokenKind::LParen) {
            return Ok(None);
        }
        let snap = self.snapshot();
        let mut names = Vec::new();
        loop {
            match self.var() {
                Ok(n) => names.push(n),
                Err(_) => {
                    self.restore(snap);
                    return Ok(None);
                }
            }
            if !self.eat(&TokenKind::Comma) {
                break;
            }
        }
        if !self.eat(&TokenKind::DoubleColon) {
            self.restore(snap);
            return Ok(None);
        }
        let ty = self.qual_type()?;
        Ok(Some(DeclKind::TypeSig(names, ty)))
    }

    /// A function clause or a pattern binding. See Note [Parsing a binding's
    /// left-hand side].
    fn binding(&mut self) -> PResult<DeclKind> {
        let start = self.start();
        if self.at_prefix_bang() || self.at(&TokenKind::Tilde) {
            let pat = self.pat()?;
            let rhs = self.rhs(&TokenKind::Equals)?;
            return Ok(DeclKind::PatBind(pat, rhs));
        }
        let mut segs: Vec<Vec<Pat>> = Vec::new();
        let mut ops: Vec<Op> = Vec::new();
        loop {
            segs.push(self.lhs_segment()?);
            if self.op_len().is_some() {
                ops.push(self.op()?);
            } else {
                break;
            }
        }
        let var_ops: Vec<usize> = ops
            .iter()
            .enumerate()
            .filter(|(_, o)| !o.is_con())
            .map(|(i, _)| i)
            .collect();
        if var_ops.len() > 1 {
            let o = &ops[var_ops[1]];
            return Err(self.error(
                o.name.span,
                format!("parse error on input ‘{}’", o.name.display()),
            ));
        }
        if let Some(&i) = var_ops.first() {
            let op = ops[i].clone();
            if op.name.qual.is_some() {
                return Err(self.error(
                    op.name.span,
                    format!("Qualified name in binding position: {}", op.name.display()),
                ));
            }
            let left = self.build_pat(&mut segs[..=i].to_vec(), &ops[..i])?;
            let right = self.build_pat(&mut segs[i + 1..].to_vec(), &ops[i + 1..])?;
            let rhs = self.rhs(&TokenKind::Equals)?;
            let m = Match {
                pats: vec![left, right],
                rhs,
                infix: true,
                span: self.span_from(start),
            };
            return Ok(DeclKind::FunBind(FunBind {
                name: op.name,
                matches: vec![m],
            }));
        }
        if ops.is_empty()
            && let PatKind::Var(name) = &segs[0][0].kind
        {
            let name = name.clone();
            let pats = segs[0].split_off(1);
            let rhs = self.rhs(&TokenKind::Equals)?;
            let m = Match {
                pats,
                rhs,
                infix: false,
                span: self.span_from(start),
            };
            return Ok(DeclKind::FunBind(FunBind {
                name,
                matches: vec![m],
            }));
        }
        let pat = self.build_pat(&mut segs, &ops)?;
        let rhs = self.rhs(&TokenKind::Equals)?;
        Ok(DeclKind::PatBind(pat, rhs))
    }

    /// One or more atomic patterns (the first may be the function name), or
    /// a negative literal.
    fn lhs_segment(&mut self) -> PResult<Vec<Pat>> {
        if matches!(self.kind(), TokenKind::VarSym(None, s) if s == "-") {
            return Ok(vec![self.lpat()?]);
        }
        let mut pats = vec![self.apat()?];
        while self.can_start_apat() {
            pats.push(self.apat()?);
        }
        Ok(pats)
    }

    /// Turns left-hand-side segments joined by constructor operators into one
    /// pattern.
    fn build_pat(&self, segs: &mut [Vec<Pat>], ops: &[Op]) -> PResult<Pat> {
        let mut pats = Vec::new();
        for seg in segs.iter_mut() {
            pats.push(self.pat_from_apats(std::mem::take(seg))?);
        }
        if ops.is_empty() {
            return pats.pop().ok_or_else(|| self.unexpected());
        }
        let span = pats[0].span.to(pats[pats.len() - 1].span);
        let mut items = Vec::new();
        let mut ops = ops.iter();
        for p in pats {
            items.push(PatOpItem::Operand(p));
            if let Some(o) = ops.next() {
                items.push(PatOpItem::Operator(o.clone()));
            }
        }
        Ok(Pat {
            kind: PatKind::OpSeq(items),
            span,
        })
    }

    /// `C p1 .. pn` from atomic patterns (a single one stands for itself).
    pub(super) fn pat_from_apats(&self, mut apats: Vec<Pat>) -> PResult<Pat> {
        if apats.len() <= 1 {
            return apats.pop().ok_or_else(|| self.unexpected());
        }
        let span = apats[0].span.to(apats[apats.len() - 1].span);
        let args = apats.split_off(1);
        match apats.pop().map(|p| p.kind) {
            Some(PatKind::Con(name, existing)) if existing.is_empty() && !name.is_operator() => {
                Ok(Pat {
                    kind: PatKind::Con(name, args),
                    span,
                })
            }
            _ => Err(Diagnostic::error(span, "Parse error in pattern")),
        }
    }

    /// `= e` or `| g = e ...` (`->` in case alternatives), then `where`.
    pub(super) fn rhs(&mut self, arrow: &TokenKind) -> PResult<Rhs> {
        let start = self.start();
        let body = if self.at(&TokenKind::Bar) {
            let mut guarded = Vec::new();
            while self.at(&TokenKind::Bar) {
                let gstart = self.start();
                self.bump();
                let mut guards = vec![self.stmt()?];
                while self.eat(&TokenKind::Comma) {
                    guards.push(self.stmt()?);
                }
                self.expect(arrow)?;
                let body = self.exp()?;
                guarded.push(GuardedExpr {
                    guards,
                    body,
                    span: self.span_from(gstart),
                });
            }
            RhsBody::Guarded(guarded)
        } else {
            self.expect(arrow)?;
            RhsBody::Plain(self.exp()?)
        };
        let wheres = if self.eat(&TokenKind::Where) {
            self.decl_block(DeclContext::Local)?
        } else {
            Vec::new()
        };
        Ok(Rhs {
            body,
            wheres,
            span: self.span_from(start),
        })
    }

    // ---- type-level declarations -----------------------------------------

    /// `T a b` (after `data`, `type`, ...): the name and parameters.
    fn simple_type_head(&self, t: &Type) -> PResult<(Name, Vec<Name>)> {
        let mut params = Vec::new();
        let mut t = t;
        loop {
            match &t.kind {
                TypeKind::App(f, a) => {
                    match &a.kind {
                        TypeKind::Var(v) => params.push(v.clone()),
                        _ => {
                            return Err(Diagnostic::error(
                                a.span,
                                "Malformed head of type or class declaration",
                            ));
                        }
                    }
                    t = f;
                }
                TypeKind::Con(c)
                    if c.qual.is_none() && !c.name.starts_with(['(', '[']) && c.name != "->" =>
                {
                    params.reverse();
                    return Ok((c.clone(), params));
                }
                _ => {
                    return Err(Diagnostic::error(
                        t.span,
                        "Malformed head of type or class declaration",
                    ));
                }
            }
        }
    }

    /// `[context =>] head`, both parsed as types.
    fn context_and_head(&mut self) -> PResult<(Vec<Pred>, Type)> {
        let t = self.btype()?;
        if self.eat(&TokenKind::DArrow) {
            let ctx = self.type_to_context(t)?;
            Ok((ctx, self.btype()?))
        } else {
            Ok((Vec::new(), t))
        }
    }

    fn data_decl(&mut self, newtype: bool) -> PResult<DeclKind> {
        let kw = self.bump().span;
        let (context, head) = self.context_and_head()?;
        let (name, params) = self.simple_type_head(&head)?;
        let mut cons = Vec::new();
        if self.eat(&TokenKind::Equals) {
            cons.push(self.constructor()?);
            while self.eat(&TokenKind::Bar) {
                cons.push(self.constructor()?);
            }
        }
        let deriving = self.deriving()?;
        let decl = DataDecl {
            context,
            name,
            params,
            cons,
            deriving,
        };
        if newtype {
            let ok = decl.cons.len() == 1 && decl.cons[0].fields.types().len() == 1;
            if !ok {
                return Err(Diagnostic::error(
                    kw.to(self.span_from(kw.start)),
                    "A newtype must have exactly one constructor with exactly one field",
                ));
            }
            return Ok(DeclKind::Newtype(decl));
        }
        Ok(DeclKind::Data(decl))
    }

    fn deriving(&mut self) -> PResult<Vec<Name>> {
        let mut out = Vec::new();
        if !self.eat(&TokenKind::Deriving) {
            return Ok(out);
        }
        if self.eat(&TokenKind::LParen) {
            if self.eat(&TokenKind::RParen) {
                return Ok(out);
            }
            out.push(self.qcon()?);
            while self.eat(&TokenKind::Comma) {
                out.push(self.qcon()?);
            }
            self.expect(&TokenKind::RParen)?;
        } else {
            out.push(self.qcon()?);
        }
        Ok(out)
    }

    /// A field type with an optional strictness mark `!`.
    fn field_atype(&mut self) -> PResult<FieldType> {
        let start = self.start();
        let strict = matches!(self.kind(), TokenKind::VarSym(None, s) if s == "!");
        if strict {
            self.bump();
        }
        let ty = self.atype()?;
        Ok(FieldType {
            ty,
            strict,
            span: self.span_from(start),
        })
    }

    fn can_start_field(&self) -> bool {
        self.can_start_atype() || matches!(self.kind(), TokenKind::VarSym(None, s) if s == "!")
    }

    /// `(:+)` at the cursor: a constructor operator written prefix.
    fn at_paren_consym(&self) -> bool {
        self.at(&TokenKind::LParen)
            && matches!(self.peek(1), TokenKind::ConSym(None, _))
            && self.peek(2) == &TokenKind::RParen
    }

    fn constructor(&mut self) -> PResult<ConDecl> {
        let start = self.start();
        let prefix_op = if self.at_paren_consym() {
            self.bump();
            let TokenKind::ConSym(_, n) = self.kind() else {
                return Err(self.unexpected());
            };
            let span = self.bump().span;
            self.bump();
            Some(Name::new(n.clone(), span))
        } else {
            None
        };
        let record_name = match prefix_op {
            Some(ref n) if self.at(&TokenKind::LBrace) => Some(n.clone()),
            None if matches!(self.kind(), TokenKind::ConId(None, _))
                && self.peek(1) == &TokenKind::LBrace =>
            {
                Some(self.con()?)
            }
            _ => None,
        };
        if let Some(name) = record_name {
            let fields = self.record_fields()?;
            return Ok(ConDecl {
                name,
                fields: ConFields::Record(fields),
                infix: false,
                span: self.span_from(start),
            });
        }
        if let Some(name) = prefix_op {
            let mut fields = Vec::new();
            while self.can_start_field() {
                fields.push(self.field_atype()?);
            }
            return Ok(ConDecl {
                name,
                fields: ConFields::Positional(fields),
                infix: false,
                span: self.span_from(start),
            });
        }
        let mut items = vec![self.field_atype()?];
        while self.can_start_field() {
            items.push(self.field_atype()?);
        }
        let is_conop = match self.kind() {
            TokenKind::ConSym(None, _) => true,
            TokenKind::Backquote => matches!(self.peek(1), TokenKind::ConId(None, _)),
            _ => false,
        };
        if is_conop {
            let op = self.op()?;
            let left = self.fields_as_one(items)?;
            let mut right = vec![self.field_atype()?];
            while self.can_start_field() {
                right.push(self.field_atype()?);
            }
            let right = self.fields_as_one(right)?;
            return Ok(ConDecl {
                name: op.name,
                fields: ConFields::Positional(vec![left, right]),
                infix: true,
                span: self.span_from(start),
            });
        }
        let first = items.remove(0);
        match first.ty.kind {
            TypeKind::Con(name)
                if !first.strict && name.qual.is_none() && !name.name.starts_with(['(', '[']) =>
            {
                Ok(ConDecl {
                    name,
                    fields: ConFields::Positional(items),
                    infix: false,
                    span: self.span_from(start),
                })
            }
            _ => Err(Diagnostic::error(
                first.span,
                "Cannot parse data constructor in a data/newtype declaration",
            )),
        }
    }

    /// `{ a, b :: T, c :: !U }` of a record constructor.
    fn record_fields(&mut self) -> PResult<Vec<RecordField>> {
        self.expect(&TokenKind::LBrace)?;
        let mut fields = Vec::new();
        loop {
            if self.eat(&TokenKind::RBrace) {
                break;
            }
            let fstart = self.start();
            let mut names = vec![self.var()?];
            while self.eat(&TokenKind::Comma) {
                names.push(self.var()?);
            }
            self.expect(&TokenKind::DoubleColon)?;
            let tstart = self.start();
            let ty = if matches!(self.kind(), TokenKind::VarSym(None, s) if s == "!") {
                self.field_atype()?
            } else {
                let ty = self.type_()?;
                FieldType {
                    ty,
                    strict: false,
                    span: self.span_from(tstart),
                }
            };
            fields.push(RecordField {
                names,
                ty,
                span: self.span_from(fstart),
            });
            if !self.at(&TokenKind::RBrace) {
                self.expect(&TokenKind::Comma)?;
            }
        }
        Ok(fields)
    }

    /// The operand of an infix constructor declaration: `!t` or a btype.
    fn fields_as_one(&self, mut items: Vec<FieldType>) -> PResult<FieldType> {
        if items.len() == 1 {
            return items.pop().ok_or_else(|| self.unexpected());
        }
        if let Some(s) = items.iter().find(|f| f.strict) {
            return Err(Diagnostic::error(
                s.span,
                "Unexpected strictness annotation",
            ));
        }
        let mut iter = items.into_iter();
        let first = iter.next().ok_or_else(|| self.unexpected())?;
        let mut ty = first.ty;
        for f in iter {
            let span = ty.span.to(f.ty.span);
            ty = Type {
                kind: TypeKind::App(Box::new(ty), Box::new(f.ty)),
                span,
            };
        }
        let span = ty.span;
        Ok(FieldType {
            ty,
            strict: false,
            span,
        })
    }

    fn type_syn(&mut self) -> PResult<DeclKind> {
        self.bump();
        let head = self.btype()?;
        let (name, params) = self.simple_type_head(&head)?;
        self.expect(&TokenKind::Equals)?;
        let rhs = self.type_()?;
        Ok(DeclKind::TypeSyn(TypeSynDecl { name, params, rhs }))
    }

    fn class_decl(&mut self) -> PResult<DeclKind> {
        self.bump();
        let (context, head) = self.context_and_head()?;
        let (name, mut params) = self.simple_type_head(&head)?;
        if params.len() != 1 {
            let which = if params.is_empty() { "No" } else { "Too many" };
            return Err(Diagnostic::error(
                head.span,
                format!("{which} parameters for class ‘{}’", name.name),
            )
            .with_note("multi-parameter classes are not supported by hsrts"));
        }
        let param = params.remove(0);
        let decls = if self.eat(&TokenKind::Where) {
            self.decl_block(DeclContext::Class)?
        } else {
            Vec::new()
        };
        Ok(DeclKind::Class(ClassDecl {
            context,
            name,
            param,
            decls,
        }))
    }

    fn instance_decl(&mut self) -> PResult<DeclKind> {
        self.bump();
        let (context, head) = self.context_and_head()?;
        let (class, ty) = match head.kind {
            TypeKind::App(c, t) => match c.kind {
                TypeKind::Con(name) => (name, *t),
                _ => return Err(Diagnostic::error(head.span, "Malformed instance head")),
            },
            _ => return Err(Diagnostic::error(head.span, "Malformed instance head")),
        };
        let decls = if self.eat(&TokenKind::Where) {
            self.decl_block(DeclContext::Instance)?
        } else {
            Vec::new()
        };
        Ok(DeclKind::Instance(InstanceDecl {
            context,
            class,
            ty,
            decls,
        }))
    }

    /// `default (t1, ..., tn)`.
    fn default_decl(&mut self) -> PResult<DeclKind> {
        self.bump();
        self.expect(&TokenKind::LParen)?;
        let mut types = Vec::new();
        if !self.eat(&TokenKind::RParen) {
            loop {
                types.push(self.type_()?);
                if self.eat(&TokenKind::RParen) {
                    break;
                }
                self.expect(&TokenKind::Comma)?;
            }
        }
        Ok(DeclKind::Default(types))
    }

    fn foreign_decl(&mut self) -> PResult<DeclKind> {
        self.bump();
        let import = if self.eat(&TokenKind::Import) {
            true
        } else if self.eat_varid("export") {
            false
        } else {
            return Err(self.unexpected());
        };
        let conv = match self.kind() {
            TokenKind::VarId(None, c) if c == "ccall" => CallConv::CCall,
            TokenKind::VarId(None, c) if c == "capi" => CallConv::CApi,
            TokenKind::VarId(None, c) if c == "javascript" => CallConv::JavaScript,
            TokenKind::VarId(None, c) => {
                return Err(self.error(self.span(), format!("Unsupported calling convention: {c}")));
            }
            _ => return Err(self.unexpected()),
        };
        self.bump();
        let mut safety = None;
        if import {
            for (w, s) in [
                ("safe", Safety::Safe),
                ("unsafe", Safety::Unsafe),
                ("interruptible", Safety::Interruptible),
            ] {
                if safety.is_none() && self.eat_varid(w) {
                    safety = Some(s);
                }
            }
        }
        let entity = match self.kind() {
            TokenKind::String(s) => {
                self.bump();
                Some(s.clone())
            }
            _ => None,
        };
        let name = self.var()?;
        self.expect(&TokenKind::DoubleColon)?;
        let ty = self.qual_type()?;
        Ok(if import {
            DeclKind::ForeignImport(ForeignImport {
                conv,
                safety,
                entity,
                name,
                ty,
            })
        } else {
            DeclKind::ForeignExport(ForeignExport {
                conv,
                entity,
                name,
                ty,
            })
        })
    }
}

// Note [Parsing a binding's left-hand side]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// `f x y = ...`, `x : xs = ...`, `x <+> y = ...`, `Just z = ...` and
// `(a, b) = ...` all start alike. We read the left side as segments of
// atomic patterns separated by operators, then decide:
// * exactly one *variable* operator (`<+>`, `` `op` ``): an infix definition
//   of that operator; the segments on each side (joined by constructor
//   operators) are its two argument patterns;
// * no operator and the first atom is a variable: a function clause
//   `f p1 .. pn` (n = 0 for `x = e`);
// * otherwise a pattern binding (constructor application or infix
//   constructor pattern).
// More than one variable operator is a parse error, as in GHC.

/// Merges consecutive clauses of the same function into one [`FunBind`] and
/// checks that they have the same number of arguments.
pub(in crate::syntax) fn group_bindings(
    decls: Vec<Decl>,
    source: &SourceFile,
) -> PResult<Vec<Decl>> {
    let mut out: Vec<Decl> = Vec::new();
    for d in decls {
        if let DeclKind::FunBind(fb) = &d.kind
            && let Some(Decl {
                kind: DeclKind::FunBind(prev),
                span,
            }) = out.last_mut()
            && prev.name.name == fb.name.name
            && !fb.matches.is_empty()
            && !prev.matches.is_empty()
        {
            let new_arity = fb.matches[0].pats.len();
            if prev.matches[0].pats.len() != new_arity || new_arity == 0 {
                if new_arity == 0 {
                    let msg = format!(
                        "Multiple declarations of ‘{}’\nDeclared at: {}\n             {}",
                        fb.name.name,
                        source.describe_span(prev.name.span),
                        source.describe_span(fb.name.span)
                    );
                    return Err(Diagnostic::error(fb.name.span, msg));
                }
                let first = prev.matches.first().map_or(*span, |m| m.span);
                let msg = format!(
                    "Equations for ‘{}’ have different numbers of arguments\n  {}\n  {}",
                    fb.name.name,
                    source.describe_span(first),
                    source.describe_span(d.span)
                );
                return Err(Diagnostic::error(span.to(d.span), msg));
            }
            *span = span.to(d.span);
            if let DeclKind::FunBind(fb) = d.kind {
                prev.matches.extend(fb.matches);
            }
            continue;
        }
        out.push(d);
    }
    Ok(out)
}
