//! The recursive-descent parser: laid-out tokens to the AST of `ast.rs`.
//!
//! This file holds the token cursor (look-ahead, backtracking, layout
//! blocks, error messages), the module header, imports and pragmas. The
//! grammar itself is split by category: `decl.rs` (declarations and
//! right-hand sides), `expr.rs` (expressions and statements), `pat.rs`
//! (patterns), `ty.rs` (types and contexts).
//!
//! The parser stops at the first error, like GHC's parser. Every recursive
//! production goes through [`Parser::enter`], which bounds nesting depth so
//! that hostile input cannot overflow the stack (see Note [Nesting limit]).

mod decl;
mod expr;
mod pat;
mod ty;

use std::cell::Cell;

use super::ast::*;
use super::layout::{LTok, LToken, Layout};
use super::lexer::{Lexed, RawPragma, Token, TokenKind};
use crate::diagnostics::{Diagnostic, FileId, SourceFile, Span};

pub(super) type PResult<T> = Result<T, Diagnostic>;

// Note [Nesting limit]
// ~~~~~~~~~~~~~~~~~~~~
// Recursive descent uses the machine stack, and so do the later passes that
// walk the tree. Brackets, `let`, `case`, lambdas etc. nested deeper than
// MAX_NESTING are a parse error ("expression nested too deeply"), which no
// human-written program meets and which keeps every thread with the default
// 2 MiB stack safe. Long *flat* sequences (`a + b + ... `, long lists, long
// `do` blocks) are flat vectors and not limited; but a sequence of
// operators or an application `f a1 .. an` becomes a tree as deep as it is
// long, so those are limited to MAX_SPINE elements.
const MAX_NESTING: u32 = 200;

/// Most operands in one infix sequence or arguments in one application:
/// the trees built from them are as deep as they are long (see Note
/// [Nesting limit]).
pub(super) const MAX_SPINE: usize = 10_000;

/// LANGUAGE extensions that are accepted; see the module docs of `ast.rs`.
pub const ACCEPTED_EXTENSIONS: &[&str] = &[
    "BangPatterns",
    "NoImplicitPrelude",
    "Haskell2010",
    "Haskell98",
    "ScopedTypeVariables",
    "ExplicitForAll",
    "ForeignFunctionInterface",
    "PatternGuards",
    "EmptyDataDecls",
    "DoAndIfThenElse",
    "RelaxedPolyRec",
    "MonoLocalBinds",
    "Safe",
    "Trustworthy",
];

static VLBRACE: TokenKind = TokenKind::VLBrace;
static VRBRACE: TokenKind = TokenKind::VRBrace;
static VSEMI: TokenKind = TokenKind::VSemi;
static EOF: TokenKind = TokenKind::Eof;

pub(super) struct Parser<'a> {
    file: FileId,
    source: &'a SourceFile,
    toks: &'a [Token],
    layout: Layout<'a>,
    cur: LToken,
    /// End offset of the last real token consumed.
    prev_end: u32,
    depth: u32,
    bang_patterns: bool,
    /// Looks at the current token left before the parser gives up; see
    /// Note [Parser fuel].
    fuel: Cell<u64>,
    /// Errors GHC reports after parsing (in its renamer), such as an empty
    /// `do` block: a syntax error found later wins over these, as in GHC.
    deferred: Vec<Diagnostic>,
}

// Note [Parser fuel]
// ~~~~~~~~~~~~~~~~~~
// Every loop in the parser either consumes a token or stops, so parsing
// terminates; as a guard against a mistake in that argument (an infinite
// loop on some input would hang the compiler), every look at the current
// token costs one unit of fuel, and the budget is a generous multiple of
// the input size. When it runs out the parser sees end of input from then
// on, so every production fails quickly, and the error reported is
// "parser gave up". No real program comes near the budget.
const FUEL_PER_TOKEN: u64 = 4000;

/// A saved cursor for backtracking.
#[derive(Clone)]
pub(super) struct Snapshot<'a> {
    layout: Layout<'a>,
    cur: LToken,
    prev_end: u32,
    depth: u32,
    deferred: usize,
}

/// Which kind of block a declaration list is in (what it may contain).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DeclContext {
    Top,
    Local,
    Class,
    Instance,
}

impl<'a> Parser<'a> {
    pub(super) fn new(source: &'a SourceFile, lexed: &'a Lexed, module: bool) -> Parser<'a> {
        let file = source.id;
        // GHC's default language has NondecreasingIndentation; naming the
        // standard language turns it off (Note [Nondecreasing indentation]).
        let strict_language = lexed.pragmas.iter().any(|p| {
            p.word == "LANGUAGE"
                && p.body
                    .split(',')
                    .any(|e| matches!(e.trim(), "Haskell2010" | "Haskell98"))
        });
        let mut layout = if module {
            Layout::new(&lexed.tokens, lexed.eof, !strict_language)
        } else {
            Layout::fragment(&lexed.tokens, lexed.eof)
        };
        let cur = layout.next_token();
        let fuel = Cell::new(FUEL_PER_TOKEN * (lexed.tokens.len() as u64 + 16));
        Parser {
            file,
            source,
            toks: &lexed.tokens,
            layout,
            cur,
            prev_end: 0,
            depth: 0,
            bang_patterns: false,
            fuel,
            deferred: Vec::new(),
        }
    }

    // ---- the cursor ----------------------------------------------------

    fn kind_of(&self, t: LTok) -> &'a TokenKind {
        match t {
            LTok::Raw(i) => &self.toks[i].kind,
            LTok::VLBrace => &VLBRACE,
            LTok::VRBrace => &VRBRACE,
            LTok::VSemi => &VSEMI,
            LTok::Eof => &EOF,
        }
    }

    /// The current token's kind.
    pub(super) fn kind(&self) -> &'a TokenKind {
        let fuel = self.fuel.get();
        if fuel == 0 {
            return &EOF;
        }
        self.fuel.set(fuel - 1);
        self.kind_of(self.cur.tok)
    }

    /// Whether the fuel ran out (see Note [Parser fuel]); the caller then
    /// replaces whatever error came out.
    pub(in crate::syntax) fn gave_up(&self) -> bool {
        self.fuel.get() == 0
    }

    pub(super) fn span(&self) -> Span {
        self.cur.span
    }

    pub(super) fn start(&self) -> u32 {
        self.cur.span.start
    }

    /// Span from `start` to the end of the last consumed token.
    pub(super) fn span_from(&self, start: u32) -> Span {
        Span::new(self.file, start, self.prev_end.max(start))
    }

    pub(super) fn bump(&mut self) -> LToken {
        let t = self.cur;
        if let LTok::Raw(_) = t.tok {
            self.prev_end = t.span.end;
        }
        self.cur = self.layout.next_token();
        t
    }

    pub(super) fn at(&self, k: &TokenKind) -> bool {
        self.kind() == k
    }

    pub(super) fn eat(&mut self, k: &TokenKind) -> bool {
        if self.at(k) {
            self.bump();
            true
        } else {
            false
        }
    }

    pub(super) fn expect(&mut self, k: &TokenKind) -> PResult<Span> {
        if self.at(k) {
            Ok(self.bump().span)
        } else {
            Err(self.unexpected())
        }
    }

    /// The kind of the `n`-th token after the current one (`n >= 1`).
    pub(super) fn peek(&self, n: usize) -> &'a TokenKind {
        let mut l = self.layout.clone();
        let mut t = self.cur.tok;
        for _ in 0..n {
            t = l.next_token().tok;
        }
        self.kind_of(t)
    }

    pub(super) fn snapshot(&self) -> Snapshot<'a> {
        Snapshot {
            layout: self.layout.clone(),
            cur: self.cur,
            prev_end: self.prev_end,
            depth: self.depth,
            deferred: self.deferred.len(),
        }
    }

    pub(super) fn restore(&mut self, s: Snapshot<'a>) {
        self.layout = s.layout;
        self.cur = s.cur;
        self.prev_end = s.prev_end;
        self.depth = s.depth;
        self.deferred.truncate(s.deferred);
    }

    /// Records an error to report if the whole input parses.
    pub(super) fn defer(&mut self, d: Diagnostic) {
        self.deferred.push(d);
    }

    /// The deferred errors (see [`Parser::defer`]).
    pub(in crate::syntax) fn take_deferred(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.deferred)
    }

    /// Enters a nested production; see Note [Nesting limit].
    pub(super) fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(Diagnostic::error(
                self.span(),
                "expression nested too deeply",
            ));
        }
        Ok(())
    }

    pub(super) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// "parse error on input ‘t’", GHC's message for an unexpected token.
    pub(super) fn unexpected(&self) -> Diagnostic {
        let k = self.kind();
        if k.is_virtual() {
            Diagnostic::error(
                self.span(),
                "parse error (possibly incorrect indentation or mismatched brackets)",
            )
        } else {
            Diagnostic::error(
                self.span(),
                format!("parse error on input ‘{}’", k.describe()),
            )
        }
    }

    pub(super) fn error(&self, span: Span, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::error(span, msg)
    }

    /// Whether the current token is `!` in prefix position (`f !x`, `(!x)`):
    /// no space after it, and space or an opening bracket before it.
    pub(super) fn at_prefix_bang(&self) -> bool {
        let (LTok::Raw(i), TokenKind::VarSym(None, s)) = (self.cur.tok, self.kind()) else {
            return false;
        };
        if s != "!" {
            return false;
        }
        let t = &self.toks[i];
        if t.space_after {
            return false;
        }
        t.space_before
            || i == 0
            || matches!(
                self.toks[i - 1].kind,
                TokenKind::LParen
                    | TokenKind::LBracket
                    | TokenKind::Comma
                    | TokenKind::Semi
                    | TokenKind::LBrace
            )
    }

    // ---- layout blocks -------------------------------------------------

    /// Parses `{ item ; ... }` with explicit or virtual braces. `can_start`
    /// says whether the current token may begin an item; when an implicit
    /// block meets a token it cannot use, the block is closed (the Report's
    /// parse-error(t) rule).
    pub(super) fn block<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> PResult<T>,
        can_start: impl Fn(&Self) -> bool,
    ) -> PResult<Vec<T>> {
        let mut items = Vec::new();
        if self.eat(&TokenKind::LBrace) {
            loop {
                while self.eat(&TokenKind::Semi) {}
                if self.eat(&TokenKind::RBrace) {
                    break;
                }
                items.push(item(self)?);
                if self.eat(&TokenKind::Semi) {
                    continue;
                }
                self.expect(&TokenKind::RBrace)?;
                break;
            }
            return Ok(items);
        }
        if !self.eat(&TokenKind::VLBrace) {
            return Err(self.unexpected());
        }
        loop {
            while self.eat(&TokenKind::VSemi) || self.eat(&TokenKind::Semi) {}
            if self.eat(&TokenKind::VRBrace) {
                break;
            }
            if !can_start(self) {
                if self.layout.close_implicit() {
                    break;
                }
                return Err(self.unexpected());
            }
            items.push(item(self)?);
            if matches!(self.kind(), TokenKind::VSemi | TokenKind::Semi) {
                continue;
            }
            if self.eat(&TokenKind::VRBrace) {
                break;
            }
            if self.layout.close_implicit() {
                break;
            }
            return Err(self.unexpected());
        }
        Ok(items)
    }

    // ---- names -----------------------------------------------------------

    pub(super) fn name_of(&self, qual: &Option<String>, name: &str, span: Span) -> Name {
        Name {
            qual: qual.clone(),
            name: name.to_string(),
            span,
        }
    }

    /// `{ f = x, ... }`: the fields of a record construction, update or
    /// pattern. `value` parses what follows each `=` (an expression or a
    /// pattern) and `field` makes the item from the field's name, that
    /// value and the span of the whole `f = x`.
    pub(super) fn field_assignments<T, F>(
        &mut self,
        mut value: impl FnMut(&mut Self) -> PResult<T>,
        mut field: impl FnMut(Name, T, Span) -> F,
    ) -> PResult<Vec<F>> {
        self.expect(&TokenKind::LBrace)?;
        let mut out = Vec::new();
        loop {
            if self.eat(&TokenKind::RBrace) {
                break;
            }
            let start = self.start();
            let name = match self.kind() {
                TokenKind::VarId(q, n) => {
                    let span = self.bump().span;
                    self.name_of(q, n, span)
                }
                _ => return Err(self.unexpected()),
            };
            self.expect(&TokenKind::Equals)?;
            let v = value(self)?;
            out.push(field(name, v, self.span_from(start)));
            if !self.at(&TokenKind::RBrace) {
                self.expect(&TokenKind::Comma)?;
            }
        }
        Ok(out)
    }

    /// An unqualified variable: `x` or `(+)`.
    pub(super) fn var(&mut self) -> PResult<Name> {
        match self.kind() {
            TokenKind::VarId(None, n) => {
                let span = self.bump().span;
                Ok(Name::new(n.clone(), span))
            }
            TokenKind::LParen => {
                if let TokenKind::VarSym(None, s) = self.peek(1)
                    && self.peek(2) == &TokenKind::RParen
                {
                    let start = self.start();
                    self.bump();
                    self.bump();
                    self.bump();
                    return Ok(Name::new(s.clone(), self.span_from(start)));
                }
                Err(self.unexpected())
            }
            _ => Err(self.unexpected()),
        }
    }

    /// A constructor or type name, possibly qualified: `T`, `M.T`.
    pub(super) fn qcon(&mut self) -> PResult<Name> {
        match self.kind() {
            TokenKind::ConId(q, n) => {
                let span = self.bump().span;
                Ok(self.name_of(q, n, span))
            }
            _ => Err(self.unexpected()),
        }
    }

    /// An unqualified constructor/type/class name.
    pub(super) fn con(&mut self) -> PResult<Name> {
        match self.kind() {
            TokenKind::ConId(None, n) => {
                let span = self.bump().span;
                Ok(Name::new(n.clone(), span))
            }
            _ => Err(self.unexpected()),
        }
    }

    /// A module name `A.B.C` (lexed as a qualified constructor).
    pub(super) fn mod_name(&mut self) -> PResult<ModName> {
        match self.kind() {
            TokenKind::ConId(q, n) => {
                let span = self.bump().span;
                let name = match q {
                    Some(q) => format!("{q}.{n}"),
                    None => n.clone(),
                };
                Ok(ModName { name, span })
            }
            _ => Err(self.unexpected()),
        }
    }

    /// Length in tokens of the operator at the cursor (`+`, `:+`, `` `f` ``),
    /// or `None`.
    pub(super) fn op_len(&self) -> Option<usize> {
        match self.kind() {
            TokenKind::VarSym(..) | TokenKind::ConSym(..) => Some(1),
            TokenKind::Backquote => match (self.peek(1), self.peek(2)) {
                (TokenKind::VarId(..) | TokenKind::ConId(..), TokenKind::Backquote) => Some(3),
                _ => None,
            },
            _ => None,
        }
    }

    /// Consumes an operator (see [`Parser::op_len`]).
    pub(super) fn op(&mut self) -> PResult<Op> {
        match self.kind() {
            TokenKind::VarSym(q, n) | TokenKind::ConSym(q, n) => {
                let span = self.bump().span;
                Ok(Op {
                    name: self.name_of(q, n, span),
                    backquoted: false,
                })
            }
            TokenKind::Backquote => {
                let start = self.start();
                self.bump();
                let (q, n) = match self.kind() {
                    TokenKind::VarId(q, n) | TokenKind::ConId(q, n) => (q, n),
                    _ => return Err(self.unexpected()),
                };
                let inner = self.bump().span;
                self.expect(&TokenKind::Backquote)?;
                let _ = self.span_from(start);
                Ok(Op {
                    name: self.name_of(q, n, inner),
                    backquoted: true,
                })
            }
            _ => Err(self.unexpected()),
        }
    }

    // ---- module ----------------------------------------------------------

    pub(super) fn module(&mut self, pragmas: &[RawPragma]) -> PResult<Module> {
        let pragmas = self.pragmas(pragmas)?;
        self.bang_patterns = pragmas.iter().any(|p| match &p.kind {
            PragmaKind::Language(exts) => exts.iter().any(|e| e.name == "BangPatterns"),
            _ => false,
        });
        let start = self.start();
        let mut name = None;
        let mut exports = None;
        if self.eat(&TokenKind::Module) {
            name = Some(self.mod_name()?);
            if self.at(&TokenKind::LParen) {
                exports = Some(self.export_list(true)?);
            }
            self.expect(&TokenKind::Where)?;
        }
        let mut imports = Vec::new();
        let mut decls = Vec::new();
        let mut seen_decl = false;
        let items = self.block(
            |p| {
                if p.at(&TokenKind::Import) {
                    if seen_decl {
                        return Err(p.unexpected());
                    }
                    return p.import().map(TopItem::Import);
                }
                seen_decl = true;
                p.decl(DeclContext::Top).map(TopItem::Decl)
            },
            |p| decl::can_start_decl(p, DeclContext::Top) || p.at(&TokenKind::Import),
        )?;
        for item in items {
            match item {
                TopItem::Import(i) => imports.push(i),
                TopItem::Decl(d) => decls.push(d),
            }
        }
        if !self.at(&TokenKind::Eof) {
            return Err(self.unexpected());
        }
        let decls = decl::group_bindings(decls, self.source)?;
        Ok(Module {
            name,
            exports,
            imports,
            pragmas,
            decls,
            span: self.span_from(start),
        })
    }

    fn pragmas(&self, raw: &[RawPragma]) -> PResult<Vec<Pragma>> {
        let mut out = Vec::new();
        for p in raw {
            if p.word == "LANGUAGE" {
                let mut exts = Vec::new();
                let mut offset = p.body_span.start as usize;
                for part in p.body.split(',') {
                    let lead = part.len() - part.trim_start().len();
                    let name = part.trim();
                    let s = offset + lead;
                    let span = Span::new(self.file, s as u32, (s + name.len()) as u32);
                    offset += part.len() + 1;
                    if name.is_empty() {
                        continue;
                    }
                    if !ACCEPTED_EXTENSIONS.contains(&name) {
                        return Err(Diagnostic::error(
                            span,
                            format!("Unsupported extension: {name}"),
                        )
                        .with_note(format!(
                            "hsrts accepts only these LANGUAGE pragmas: {}",
                            ACCEPTED_EXTENSIONS.join(", ")
                        )));
                    }
                    exts.push(ModName {
                        name: name.to_string(),
                        span,
                    });
                }
                out.push(Pragma {
                    kind: PragmaKind::Language(exts),
                    span: p.span,
                });
            } else {
                out.push(Pragma {
                    kind: PragmaKind::OptionsGhc(p.body.trim().to_string()),
                    span: p.span,
                });
            }
        }
        Ok(out)
    }

    /// `( item, ... )` of an export list (`exports`) or an import list.
    fn export_list(&mut self, exports: bool) -> PResult<Vec<Export>> {
        self.expect(&TokenKind::LParen)?;
        let mut items = Vec::new();
        loop {
            while self.eat(&TokenKind::Comma) {}
            if self.eat(&TokenKind::RParen) {
                break;
            }
            let start = self.start();
            let kind = match self.kind() {
                TokenKind::Module if exports => {
                    self.bump();
                    ExportKind::Module(self.mod_name()?)
                }
                TokenKind::VarId(q, n) => {
                    let span = self.bump().span;
                    ExportKind::Var(self.name_of(q, n, span))
                }
                TokenKind::LParen => {
                    self.bump();
                    let name = match self.kind() {
                        TokenKind::VarSym(q, n) | TokenKind::ConSym(q, n) => {
                            let span = self.bump().span;
                            self.name_of(q, n, span)
                        }
                        _ => return Err(self.unexpected()),
                    };
                    self.expect(&TokenKind::RParen)?;
                    if name.is_con() {
                        ExportKind::Type(name, ItemSubs::None)
                    } else {
                        ExportKind::Var(name)
                    }
                }
                TokenKind::ConId(..) => {
                    let name = self.qcon()?;
                    let subs = if self.eat(&TokenKind::LParen) {
                        if self.eat(&TokenKind::DotDot) {
                            self.expect(&TokenKind::RParen)?;
                            ItemSubs::All
                        } else {
                            let mut subs = Vec::new();
                            loop {
                                while self.eat(&TokenKind::Comma) {}
                                if self.eat(&TokenKind::RParen) {
                                    break;
                                }
                                match self.kind() {
                                    TokenKind::VarId(None, n) | TokenKind::ConId(None, n) => {
                                        let span = self.bump().span;
                                        subs.push(Name::new(n.clone(), span));
                                    }
                                    TokenKind::LParen => {
                                        self.bump();
                                        match self.kind() {
                                            TokenKind::VarSym(None, n)
                                            | TokenKind::ConSym(None, n) => {
                                                let span = self.bump().span;
                                                subs.push(Name::new(n.clone(), span));
                                            }
                                            _ => return Err(self.unexpected()),
                                        }
                                        self.expect(&TokenKind::RParen)?;
                                    }
                                    _ => return Err(self.unexpected()),
                                }
                            }
                            ItemSubs::Some(subs)
                        }
                    } else {
                        ItemSubs::None
                    };
                    ExportKind::Type(name, subs)
                }
                _ => return Err(self.unexpected()),
            };
            items.push(Export {
                kind,
                span: self.span_from(start),
            });
            if !self.at(&TokenKind::RParen) {
                self.expect(&TokenKind::Comma)?;
            }
        }
        Ok(items)
    }

    fn import(&mut self) -> PResult<Import> {
        let start = self.start();
        self.expect(&TokenKind::Import)?;
        let qualified = self.eat_varid("qualified");
        let module = self.mod_name()?;
        let as_name = if self.eat_varid("as") {
            Some(self.mod_name()?)
        } else {
            None
        };
        let hiding = self.eat_varid("hiding");
        let items = if self.at(&TokenKind::LParen) {
            Some(self.export_list(false)?)
        } else if hiding {
            return Err(self.unexpected());
        } else {
            None
        };
        Ok(Import {
            module,
            qualified,
            as_name,
            hiding,
            items,
            span: self.span_from(start),
        })
    }

    /// Consumes the unqualified variable `word` (a special identifier such
    /// as `qualified`, `as`, `hiding`, `safe`).
    pub(super) fn eat_varid(&mut self, word: &str) -> bool {
        match self.kind() {
            TokenKind::VarId(None, n) if n == word => {
                self.bump();
                true
            }
            _ => false,
        }
    }
}

// Short-lived (one per top-level item while the body is parsed), so the
// size difference between the variants does not matter.
#[allow(clippy::large_enum_variant)]
enum TopItem {
    Import(Import),
    Decl(Decl),
}

impl<'a> Parser<'a> {
    /// A whole input that is just a type (for [`crate::syntax::parse_qual_type`]).
    pub(in crate::syntax) fn qual_type_fragment(&mut self) -> PResult<QualType> {
        let t = self.qual_type()?;
        if !self.at(&TokenKind::Eof) {
            return Err(self.unexpected());
        }
        Ok(t)
    }
}
