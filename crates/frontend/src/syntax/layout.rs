//! The layout rule: turns the lexer's tokens into a stream with explicit
//! (virtual) braces and semicolons, one token at a time, for the parser.
//!
//! This is the function `L` of the Haskell 2010 Report, section 10.3, run
//! lazily. The one rule that needs the parser, `parse-error(t)`, is the
//! parser's call to [`Layout::close_implicit`]: when the parser cannot accept
//! the current token and the innermost layout context is implicit, it closes
//! that context (inserts a virtual `}`) and carries on with the same token.
//! See Note [Layout as a lazy L].

use super::lexer::{Token, TokenKind};
use crate::diagnostics::Span;

// Note [Layout as a lazy L]
// ~~~~~~~~~~~~~~~~~~~~~~~~~
// The Report defines L over a token stream annotated with `{n}` (after a
// layout keyword `let`/`where`/`do`/`of`, or at the start of a module without
// `module`, when the next token is not `{`) and `<n>` (before the first token
// of each line). We never build the annotated stream: `pending_open` stands
// for a `{n}` before `toks[pos]`, and `marker_done` says whether the `<n>` of
// `toks[pos]` has been dealt with. `force_marker` is the `<n>` that the rule
// `L ({n}:ts) ms = { : } : L (<n>:ts) ms` adds even in the middle of a line.
//
// The state is a handful of integers and a small stack, so it is `Clone`: the
// parser looks ahead and backtracks by copying it. An explicit `}` met while
// the innermost context is implicit cannot be accepted by any parse, so that
// case of parse-error(t) is handled here directly.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Context {
    /// An explicit `{ ... }` (the Report's context 0).
    Explicit,
    /// An implicit block whose items start at this 1-based column.
    Implicit(u32),
}

/// A token of the laid-out stream: a real token (index into the lexer's
/// vector) or a virtual one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LTok {
    Raw(usize),
    VLBrace,
    VRBrace,
    VSemi,
    Eof,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LToken {
    pub tok: LTok,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Layout<'t> {
    toks: &'t [Token],
    eof: Span,
    pos: usize,
    contexts: Vec<Context>,
    pending_open: bool,
    /// The pending `{n}` follows `do` (see Note [Nondecreasing indentation]).
    pending_do: bool,
    queued_close: bool,
    marker_done: bool,
    force_marker: bool,
    nondecreasing: bool,
}

// Note [Nondecreasing indentation]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// GHC (9.0) by default lets a `do` block start at the *same* column as the
// enclosing implicit block (the NondecreasingIndentation extension, on
// unless a `{-# LANGUAGE Haskell2010 #-}` or `Haskell98` pragma asks for the
// strict language), so
//
//     main = do
//       if c then do
//       putStrLn "b"
//       else return ()
//
// is accepted. The Report would open an empty block there. We follow GHC:
// for `do` only, `{n}` opens a block when n >= m; for `let`, `where`, `of`
// the Report's n > m stays.

fn is_layout_keyword(k: &TokenKind) -> bool {
    matches!(
        k,
        TokenKind::Let | TokenKind::Where | TokenKind::Do | TokenKind::Of
    )
}

impl<'t> Layout<'t> {
    /// Starts the stream; a module that does not begin with `module` or `{`
    /// gets an implicit block around its body.
    pub fn new(toks: &'t [Token], eof: Span, nondecreasing: bool) -> Layout<'t> {
        let pending_open = !matches!(
            toks.first().map(|t| &t.kind),
            Some(TokenKind::Module | TokenKind::LBrace)
        );
        Layout {
            toks,
            eof,
            pos: 0,
            contexts: Vec::new(),
            pending_open,
            pending_do: false,
            queued_close: false,
            marker_done: pending_open,
            force_marker: false,
            nondecreasing,
        }
    }

    /// Like [`Layout::new`] for a fragment (a type string): no implicit block.
    pub fn fragment(toks: &'t [Token], eof: Span) -> Layout<'t> {
        Layout {
            toks,
            eof,
            pos: 0,
            contexts: Vec::new(),
            pending_open: false,
            pending_do: false,
            queued_close: false,
            marker_done: true,
            force_marker: false,
            nondecreasing: false,
        }
    }

    fn here(&self) -> Span {
        match self.toks.get(self.pos) {
            Some(t) => t.span.start_point(),
            None => self.eof,
        }
    }

    fn virt(&self, tok: LTok) -> LToken {
        LToken {
            tok,
            span: self.here(),
        }
    }

    /// The next token of the laid-out stream. After the end it keeps
    /// returning `Eof`.
    pub fn next_token(&mut self) -> LToken {
        if self.queued_close {
            self.queued_close = false;
            self.force_marker = true;
            self.marker_done = false;
            return self.virt(LTok::VRBrace);
        }
        if self.pending_open {
            self.pending_open = false;
            let n = self.toks.get(self.pos).map_or(0, |t| t.col);
            let fits = match self.contexts.last() {
                Some(Context::Implicit(m)) => {
                    n > *m || (n == *m && self.pending_do && self.nondecreasing)
                }
                _ => n > 0,
            };
            if fits {
                self.contexts.push(Context::Implicit(n));
                self.marker_done = true;
            } else {
                self.queued_close = true;
            }
            return self.virt(LTok::VLBrace);
        }
        let Some(t) = self.toks.get(self.pos) else {
            return match self.contexts.last() {
                Some(Context::Implicit(_)) => {
                    self.contexts.pop();
                    self.virt(LTok::VRBrace)
                }
                _ => self.virt(LTok::Eof),
            };
        };
        if (t.first_on_line || self.force_marker) && !self.marker_done {
            let n = t.col;
            match self.contexts.last() {
                Some(Context::Implicit(m)) if n == *m => {
                    self.marker_done = true;
                    self.force_marker = false;
                    return self.virt(LTok::VSemi);
                }
                Some(Context::Implicit(m)) if n < *m => {
                    self.contexts.pop();
                    return self.virt(LTok::VRBrace);
                }
                _ => {
                    self.marker_done = true;
                    self.force_marker = false;
                }
            }
        }
        if t.kind == TokenKind::RBrace && matches!(self.contexts.last(), Some(Context::Implicit(_)))
        {
            self.contexts.pop();
            return self.virt(LTok::VRBrace);
        }
        let index = self.pos;
        self.pos += 1;
        self.marker_done = false;
        self.force_marker = false;
        match &t.kind {
            TokenKind::LBrace => self.contexts.push(Context::Explicit),
            TokenKind::RBrace if self.contexts.last() == Some(&Context::Explicit) => {
                self.contexts.pop();
            }
            k if is_layout_keyword(k) => {
                self.pending_open = self
                    .toks
                    .get(self.pos)
                    .is_none_or(|n| n.kind != TokenKind::LBrace);
                self.pending_do = t.kind == TokenKind::Do;
                // The `{n}` replaces the `<n>` of the next token.
            }
            _ => {}
        }
        LToken {
            tok: LTok::Raw(index),
            span: t.span,
        }
    }

    /// The parse-error(t) rule: closes the innermost context if it is
    /// implicit. Returns whether it did.
    pub fn close_implicit(&mut self) -> bool {
        if matches!(self.contexts.last(), Some(Context::Implicit(_))) {
            self.contexts.pop();
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lexer::lex;
    use super::*;
    use crate::diagnostics::{FileId, SourceFile};

    /// The laid-out stream as text: virtual tokens as `{v`, `}v`, `;v`.
    fn laid_out(src: &str) -> String {
        let f = SourceFile::new(FileId(0), "t.hs", src);
        let lexed = lex(&f).expect("lexes");
        let mut l = Layout::new(&lexed.tokens, lexed.eof, true);
        let mut out = Vec::new();
        for _ in 0..10_000 {
            let t = l.next_token();
            out.push(match t.tok {
                LTok::Raw(i) => lexed.tokens[i].kind.describe(),
                LTok::VLBrace => "{v".into(),
                LTok::VRBrace => "}v".into(),
                LTok::VSemi => ";v".into(),
                LTok::Eof => break,
            });
        }
        out.join(" ")
    }

    #[test]
    fn module_body_and_where_blocks() {
        assert_eq!(
            laid_out("module M where\nf x = y\n  where y = x\ng = 1\n"),
            "module M where {v f x = y where {v y = x }v ;v g = 1 }v"
        );
    }

    #[test]
    fn no_header_opens_implicit_block() {
        assert_eq!(
            laid_out("main = do\n  a\n  b\n"),
            "{v main = do {v a ;v b }v }v"
        );
    }

    #[test]
    fn explicit_braces_suppress_layout() {
        assert_eq!(
            laid_out("f = do { a;\nb }\ng = 2"),
            "{v f = do { a ; b } ;v g = 2 }v"
        );
    }

    #[test]
    fn empty_block_when_next_token_not_indented() {
        // `where` with nothing indented after it: `{` `}` then the <n> rule.
        assert_eq!(
            laid_out("f = x where\ng = 1"),
            "{v f = x where {v }v ;v g = 1 }v"
        );
    }

    #[test]
    fn do_may_start_at_the_enclosing_column() {
        assert_eq!(
            laid_out("main = do\n  if c then do\n  b\n  else e\n"),
            "{v main = do {v if c then do {v b ;v else e }v }v }v"
        );
        // Not for `where`/`let`/`of`.
        assert_eq!(
            laid_out("f = case x of\ny -> 1"),
            "{v f = case x of {v }v ;v y -> 1 }v"
        );
    }

    #[test]
    fn implicit_close_for_explicit_brace() {
        assert_eq!(
            laid_out("f = do { let x = 1 }"),
            "{v f = do { let {v x = 1 }v } }v"
        );
    }

    #[test]
    fn close_implicit_pops_only_implicit() {
        let f = SourceFile::new(FileId(0), "t.hs", "f = let x = 1 in x");
        let lexed = lex(&f).expect("lexes");
        let mut l = Layout::new(&lexed.tokens, lexed.eof, true);
        let mut seen = Vec::new();
        loop {
            let t = l.next_token();
            if let LTok::Raw(i) = t.tok
                && lexed.tokens[i].kind == TokenKind::In
            {
                assert!(l.close_implicit(), "let block closes at `in`");
            }
            seen.push(t.tok);
            if t.tok == LTok::Eof {
                break;
            }
        }
        // Only the module block remains to be closed at the end.
        assert_eq!(seen.iter().filter(|t| **t == LTok::VRBrace).count(), 1);
        assert!(!l.close_implicit());
    }
}
