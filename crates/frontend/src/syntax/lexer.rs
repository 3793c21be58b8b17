//! The lexer: source text to a vector of tokens, each with its span, its
//! layout column and whether it starts a line (what the layout rule in
//! `layout.rs` needs).
//!
//! Follows the Haskell 2010 lexical syntax (Report chapter 2): nested
//! comments, `--` comments (but `-->` is an operator), qualified names,
//! decimal/octal/hexadecimal integers, fractional literals with exponents,
//! character and string literals with every escape (`\n`, `\^A`, `\NUL`,
//! `\1234`, `\x7F`, `\o17`, `\&`, string gaps). Pragmas `{-# LANGUAGE .. #-}`
//! and `{-# OPTIONS_GHC .. #-}` before the first token are collected; every
//! other pragma is a comment.

use super::ast::{FracLit, IntegerLit};
use crate::diagnostics::{Diagnostic, FileId, SourceFile, Span, TAB_STOP};

#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind {
    /// `x`, `M.x` (qualifier first).
    VarId(Option<String>, String),
    /// `T`, `M.T`.
    ConId(Option<String>, String),
    /// `+`, `M.+`; includes `-` and `!`.
    VarSym(Option<String>, String),
    /// `:+`, `:`, `M.:+`.
    ConSym(Option<String>, String),
    Integer(IntegerLit),
    Frac(FracLit),
    Char(char),
    String(String),
    // Special characters.
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Semi,
    LBrace,
    RBrace,
    Backquote,
    // Reserved identifiers.
    Case,
    Class,
    Data,
    Default,
    Deriving,
    Do,
    Else,
    Foreign,
    If,
    Import,
    In,
    Infix,
    Infixl,
    Infixr,
    Instance,
    Let,
    Module,
    Newtype,
    Of,
    Then,
    Type,
    Where,
    Underscore,
    // Reserved operators (`:` is a ConSym, `-` and `!` are VarSyms).
    DotDot,
    DoubleColon,
    Equals,
    Backslash,
    Bar,
    LArrow,
    RArrow,
    At,
    Tilde,
    DArrow,
    // Produced by the layout algorithm, never by the lexer.
    VLBrace,
    VRBrace,
    VSemi,
    Eof,
}

impl TokenKind {
    /// How the token is quoted in "parse error on input ‘x’".
    pub fn describe(&self) -> String {
        use TokenKind::*;
        let q = |q: &Option<std::string::String>, n: &str| match q {
            Some(q) => format!("{q}.{n}"),
            None => n.to_string(),
        };
        match self {
            VarId(m, n) | ConId(m, n) | VarSym(m, n) | ConSym(m, n) => q(m, n),
            Integer(l) => l.text.clone(),
            Frac(l) => l.text.clone(),
            Char(c) => format!("{c:?}"),
            String(s) => format!("{s:?}"),
            LParen => "(".into(),
            RParen => ")".into(),
            LBracket => "[".into(),
            RBracket => "]".into(),
            Comma => ",".into(),
            Semi => ";".into(),
            LBrace => "{".into(),
            RBrace => "}".into(),
            Backquote => "`".into(),
            Case => "case".into(),
            Class => "class".into(),
            Data => "data".into(),
            Default => "default".into(),
            Deriving => "deriving".into(),
            Do => "do".into(),
            Else => "else".into(),
            Foreign => "foreign".into(),
            If => "if".into(),
            Import => "import".into(),
            In => "in".into(),
            Infix => "infix".into(),
            Infixl => "infixl".into(),
            Infixr => "infixr".into(),
            Instance => "instance".into(),
            Let => "let".into(),
            Module => "module".into(),
            Newtype => "newtype".into(),
            Of => "of".into(),
            Then => "then".into(),
            Type => "type".into(),
            Where => "where".into(),
            Underscore => "_".into(),
            DotDot => "..".into(),
            DoubleColon => "::".into(),
            Equals => "=".into(),
            Backslash => "\\".into(),
            Bar => "|".into(),
            LArrow => "<-".into(),
            RArrow => "->".into(),
            At => "@".into(),
            Tilde => "~".into(),
            DArrow => "=>".into(),
            VLBrace => "virtual {".into(),
            VRBrace => "virtual }".into(),
            VSemi => "virtual ;".into(),
            Eof => "end of input".into(),
        }
    }

    /// Whether the token is produced by layout or is the end of input (GHC
    /// then says "possibly incorrect indentation or mismatched brackets").
    pub fn is_virtual(&self) -> bool {
        matches!(
            self,
            TokenKind::VLBrace | TokenKind::VRBrace | TokenKind::VSemi | TokenKind::Eof
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
    /// 1-based column (tabs to multiples of 8), for the layout rule.
    pub col: u32,
    /// The first token on its line.
    pub first_on_line: bool,
    /// Whitespace (or a comment, or start of file) immediately before.
    pub space_before: bool,
    /// Whitespace (or a comment, or end of file) immediately after.
    pub space_after: bool,
}

/// A header pragma as lexed: the pragma word and the rest of its text.
#[derive(Clone, Debug, PartialEq)]
pub struct RawPragma {
    pub word: String,
    pub body: String,
    /// Span of the body text (for naming one extension inside it).
    pub body_span: Span,
    pub span: Span,
}

pub struct Lexed {
    pub tokens: Vec<Token>,
    pub pragmas: Vec<RawPragma>,
    /// Span for the end of input.
    pub eof: Span,
}

/// Lexes the whole file, stopping at the first lexical error.
pub fn lex(file: &SourceFile) -> Result<Lexed, Diagnostic> {
    let mut lx = Lexer {
        src: &file.text,
        bytes: file.text.as_bytes(),
        pos: 0,
        file: file.id,
        tokens: Vec::new(),
        pragmas: Vec::new(),
        line_start: 0,
        line_has_token: false,
        col_cache: (0, 0),
    };
    lx.run()?;
    let end = file.text.len() as u32;
    if let Some(last) = lx.tokens.last_mut()
        && last.span.end == end
    {
        last.space_after = true;
    }
    Ok(Lexed {
        tokens: lx.tokens,
        pragmas: lx.pragmas,
        eof: Span::new(file.id, end, end),
    })
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    file: FileId,
    tokens: Vec<Token>,
    pragmas: Vec<RawPragma>,
    line_start: usize,
    line_has_token: bool,
    /// A byte offset on the current line and its column (see `column_at`).
    col_cache: (usize, u32),
}

/// ASCII symbol characters of the Report, plus non-ASCII symbols.
pub fn is_symbol_char(c: char) -> bool {
    match c {
        '!' | '#' | '$' | '%' | '&' | '*' | '+' | '.' | '/' | '<' | '=' | '>' | '?' | '@'
        | '\\' | '^' | '|' | '-' | '~' | ':' => true,
        c if c.is_ascii() => false,
        c => !(c.is_alphanumeric() || c.is_whitespace() || c.is_control()),
    }
}

fn is_ident_start_lower(c: char) -> bool {
    c == '_' || (c.is_lowercase()) || (c.is_alphabetic() && !c.is_uppercase() && !c.is_ascii())
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '\''
}

const ASCII_ESCAPES: [(&str, u32); 34] = [
    ("NUL", 0),
    ("SOH", 1),
    ("STX", 2),
    ("ETX", 3),
    ("EOT", 4),
    ("ENQ", 5),
    ("ACK", 6),
    ("BEL", 7),
    ("BS", 8),
    ("HT", 9),
    ("LF", 10),
    ("VT", 11),
    ("FF", 12),
    ("CR", 13),
    ("SO", 14),
    ("SI", 15),
    ("DLE", 16),
    ("DC1", 17),
    ("DC2", 18),
    ("DC3", 19),
    ("DC4", 20),
    ("NAK", 21),
    ("SYN", 22),
    ("ETB", 23),
    ("CAN", 24),
    ("EM", 25),
    ("SUB", 26),
    ("ESC", 27),
    ("FS", 28),
    ("GS", 29),
    ("RS", 30),
    ("US", 31),
    ("SP", 32),
    ("DEL", 127),
];

enum Escape {
    Char(char),
    /// `\&`: nothing (strings only).
    Empty,
}

impl<'a> Lexer<'a> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start as u32, end as u32)
    }

    fn peek_char(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.src.get(at..).and_then(|s| s.chars().next())
    }

    fn error_at(&self, at: usize, msg: impl Into<String>) -> Diagnostic {
        let end = at + self.char_at(at).map_or(0, char::len_utf8);
        Diagnostic::error(self.span(at, end), msg)
    }

    fn run(&mut self) -> Result<(), Diagnostic> {
        // A byte-order mark, and a `#!` line (scripts), are ignored like GHC.
        if self.src.starts_with('\u{feff}') {
            self.pos = 3;
            self.line_start = 3;
        }
        if self.src[self.pos..].starts_with("#!") {
            while let Some(c) = self.peek_char() {
                if c == '\n' {
                    break;
                }
                self.pos += c.len_utf8();
            }
        }
        let mut space_before = true;
        loop {
            let before = self.pos;
            self.skip_whitespace_and_comments()?;
            if self.pos != before {
                space_before = true;
            }
            let Some(c) = self.peek_char() else {
                return Ok(());
            };
            let start = self.pos;
            let col = self.column_at(start) + 1;
            let first_on_line = !self.line_has_token;
            let kind = self.token(c)?;
            if self.pos <= start {
                return Err(self.error_at(start, "lexical error"));
            }
            self.line_has_token = true;
            if let Some(prev) = self.tokens.last_mut() {
                prev.space_after = space_before;
            }
            self.tokens.push(Token {
                kind,
                span: self.span(start, self.pos),
                col,
                first_on_line,
                space_before,
                space_after: false,
            });
            space_before = false;
        }
    }

    /// 0-based column of byte `at` on the current line, computed from the
    /// previous token's column (not from the line start, which would make
    /// long lines quadratic).
    fn column_at(&mut self, at: usize) -> u32 {
        if self.col_cache.0 < self.line_start || self.col_cache.0 > at {
            self.col_cache = (self.line_start, 0);
        }
        let (from, mut col) = self.col_cache;
        for c in self.src[from..at].chars() {
            col = if c == '\t' {
                col + TAB_STOP - col % TAB_STOP
            } else {
                col + 1
            };
        }
        self.col_cache = (at, col);
        col
    }

    fn newline_at(&mut self, after: usize) {
        self.line_start = after;
        self.line_has_token = false;
    }

    fn skip_whitespace_and_comments(&mut self) -> Result<(), Diagnostic> {
        loop {
            let Some(c) = self.peek_char() else {
                return Ok(());
            };
            if c == '\n' || (c == '\r' && self.bytes.get(self.pos + 1) != Some(&b'\n')) {
                self.pos += 1;
                self.newline_at(self.pos);
            } else if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else if self.src[self.pos..].starts_with("{-") {
                self.block_comment()?;
            } else if self.src[self.pos..].starts_with("--") {
                // A run of two or more dashes not followed by a symbol char.
                let mut end = self.pos;
                while self.bytes.get(end) == Some(&b'-') {
                    end += 1;
                }
                match self.char_at(end) {
                    Some(c) if is_symbol_char(c) => return Ok(()),
                    _ => {}
                }
                while let Some(c) = self.peek_char() {
                    if c == '\n' || c == '\r' {
                        break;
                    }
                    self.pos += c.len_utf8();
                }
            } else {
                return Ok(());
            }
        }
    }

    fn block_comment(&mut self) -> Result<(), Diagnostic> {
        let start = self.pos;
        let is_pragma = self.src[self.pos..].starts_with("{-#");
        self.pos += 2;
        let mut depth = 1usize;
        while depth > 0 {
            let rest = &self.src[self.pos..];
            if rest.is_empty() {
                return Err(Diagnostic::error(
                    self.span(start, start + 2),
                    "unterminated `{-'",
                ));
            }
            if rest.starts_with("{-") {
                depth += 1;
                self.pos += 2;
            } else if rest.starts_with("-}") {
                depth -= 1;
                self.pos += 2;
            } else {
                let c = rest.chars().next().unwrap_or(' ');
                self.pos += c.len_utf8();
                if c == '\n' || (c == '\r' && self.bytes.get(self.pos) != Some(&b'\n')) {
                    self.newline_at(self.pos);
                }
            }
        }
        if is_pragma && self.tokens.is_empty() {
            self.header_pragma(start, self.pos);
        }
        Ok(())
    }

    /// Records `{-# WORD body #-}` if WORD is LANGUAGE or OPTIONS_GHC/OPTIONS.
    fn header_pragma(&mut self, start: usize, end: usize) {
        let inner_start = start + 3;
        let inner_end = if self.src[..end].ends_with("#-}") && end >= inner_start + 3 {
            end - 3
        } else {
            end - 2
        };
        if inner_end < inner_start {
            return;
        }
        let inner = &self.src[inner_start..inner_end];
        let trimmed = inner.trim_start();
        let word_off = inner_start + (inner.len() - trimmed.len());
        let word_len = trimmed
            .find(|c: char| c.is_whitespace())
            .unwrap_or(trimmed.len());
        let word = &trimmed[..word_len];
        let upper = word.to_ascii_uppercase();
        if upper == "LANGUAGE" || upper == "OPTIONS_GHC" || upper == "OPTIONS" {
            let body_start = word_off + word_len;
            self.pragmas.push(RawPragma {
                word: upper,
                body: self.src[body_start..inner_end].to_string(),
                body_span: self.span(body_start, inner_end),
                span: self.span(start, end),
            });
        }
    }

    fn token(&mut self, c: char) -> Result<TokenKind, Diagnostic> {
        use TokenKind::*;
        let start = self.pos;
        let special = match c {
            '(' => Some(LParen),
            ')' => Some(RParen),
            '[' => Some(LBracket),
            ']' => Some(RBracket),
            ',' => Some(Comma),
            ';' => Some(Semi),
            '{' => Some(LBrace),
            '}' => Some(RBrace),
            '`' => Some(Backquote),
            _ => None,
        };
        if let Some(k) = special {
            self.pos += 1;
            return Ok(k);
        }
        if c == '"' {
            return self.string_lit();
        }
        if c == '\'' {
            return self.char_lit();
        }
        if c.is_ascii_digit() {
            return self.number();
        }
        if c.is_uppercase() {
            return Ok(self.qualified_or_con());
        }
        if is_ident_start_lower(c) {
            let name = self.ident();
            return Ok(reserved_or_var(None, name));
        }
        if is_symbol_char(c) {
            let sym = self.symbol();
            return Ok(reserved_op_or_sym(None, sym));
        }
        Err(self.error_at(start, format!("lexical error at character {c:?}")))
    }

    fn ident(&mut self) -> String {
        let start = self.pos;
        while let Some(c) = self.peek_char() {
            if !is_ident_char(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        self.src[start..self.pos].to_string()
    }

    fn symbol(&mut self) -> String {
        let start = self.pos;
        while let Some(c) = self.peek_char() {
            if !is_symbol_char(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        self.src[start..self.pos].to_string()
    }

    /// `Con`, `M.Con`, `M.var`, `M.+`, `A.B.C` (module qualifiers are
    /// conids joined by dots without spaces).
    fn qualified_or_con(&mut self) -> TokenKind {
        let mut quals: Vec<String> = Vec::new();
        loop {
            let con = self.ident();
            // A dot directly followed by an identifier or symbol continues
            // a qualified name.
            if self.bytes.get(self.pos) == Some(&b'.') {
                let after = self.pos + 1;
                match self.char_at(after) {
                    Some(n) if n.is_uppercase() => {
                        quals.push(con);
                        self.pos = after;
                        continue;
                    }
                    Some(n) if is_ident_start_lower(n) => {
                        let save = self.pos;
                        self.pos = after;
                        let name = self.ident();
                        if !matches!(reserved_or_var(None, name.clone()), TokenKind::VarId(..)) {
                            // `M.where` is not a qualified name: `M` `.` `where`.
                            self.pos = save;
                            return con_token(quals, con);
                        }
                        quals.push(con);
                        return TokenKind::VarId(Some(quals.join(".")), name);
                    }
                    Some(n) if is_symbol_char(n) => {
                        let save = self.pos;
                        self.pos = after;
                        let sym = self.symbol();
                        if is_reserved_op(&sym) && sym != ":" {
                            self.pos = save;
                            return con_token(quals, con);
                        }
                        quals.push(con);
                        let q = quals.join(".");
                        return if sym.starts_with(':') {
                            TokenKind::ConSym(Some(q), sym)
                        } else {
                            TokenKind::VarSym(Some(q), sym)
                        };
                    }
                    _ => {}
                }
            }
            return con_token(quals, con);
        }
    }

    fn number(&mut self) -> Result<TokenKind, Diagnostic> {
        let start = self.pos;
        let b = self.bytes;
        if b[start] == b'0' && start + 2 <= b.len() {
            let (radix, ok): (u32, fn(u8) -> bool) = match b.get(start + 1) {
                Some(b'x' | b'X') => (16, |c: u8| c.is_ascii_hexdigit()),
                Some(b'o' | b'O') => (8, |c: u8| (b'0'..=b'7').contains(&c)),
                _ => (10, |_| false),
            };
            if radix != 10 && b.get(start + 2).is_some_and(|&c| ok(c)) {
                let mut end = start + 2;
                while b.get(end).is_some_and(|&c| ok(c)) {
                    end += 1;
                }
                self.pos = end;
                let text = self.src[start..end].to_string();
                let lit = integer_lit(text.clone(), &text[2..], radix);
                return Ok(TokenKind::Integer(lit));
            }
        }
        let mut end = start;
        while b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        let int_end = end;
        let mut is_frac = false;
        if b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
            end += 1;
            while b.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            is_frac = true;
        }
        if matches!(b.get(end), Some(b'e' | b'E')) {
            let mut e = end + 1;
            if matches!(b.get(e), Some(b'+' | b'-')) {
                e += 1;
            }
            if b.get(e).is_some_and(u8::is_ascii_digit) {
                while b.get(e).is_some_and(u8::is_ascii_digit) {
                    e += 1;
                }
                end = e;
                is_frac = true;
            }
        }
        self.pos = end;
        let text = self.src[start..end].to_string();
        if is_frac {
            let value = text.parse::<f64>().unwrap_or(f64::INFINITY);
            Ok(TokenKind::Frac(FracLit { text, value }))
        } else {
            let digits = self.src[start..int_end].to_string();
            Ok(TokenKind::Integer(integer_lit(text, &digits, 10)))
        }
    }

    fn char_lit(&mut self) -> Result<TokenKind, Diagnostic> {
        let start = self.pos;
        self.pos += 1;
        let c = match self.peek_char() {
            None | Some('\n') | Some('\r') | Some('\'') => {
                return Err(self.error_at(
                    self.pos.min(self.src.len()),
                    "lexical error in character literal",
                ));
            }
            Some('\\') => match self.escape(false)? {
                Escape::Char(c) => c,
                Escape::Empty => {
                    return Err(self.error_at(start, "lexical error in character literal"));
                }
            },
            Some(c) => {
                self.pos += c.len_utf8();
                c
            }
        };
        if self.peek_char() != Some('\'') {
            return Err(self.error_at(
                self.pos.min(self.src.len()),
                "lexical error in character literal",
            ));
        }
        self.pos += 1;
        Ok(TokenKind::Char(c))
    }

    fn string_lit(&mut self) -> Result<TokenKind, Diagnostic> {
        let start = self.pos;
        self.pos += 1;
        let mut s = String::new();
        loop {
            match self.peek_char() {
                None => {
                    return Err(Diagnostic::error(
                        self.span(self.pos, self.pos),
                        "lexical error in string/character literal at end of input",
                    ));
                }
                Some(c @ ('\n' | '\r')) => {
                    let _ = start;
                    return Err(Diagnostic::error(
                        self.span(self.pos, self.pos + 1),
                        format!("lexical error in string/character literal at character {c:?}"),
                    ));
                }
                Some('"') => {
                    self.pos += 1;
                    return Ok(TokenKind::String(s));
                }
                Some('\\') => match self.escape(true)? {
                    Escape::Char(c) => s.push(c),
                    Escape::Empty => {}
                },
                Some(c) => {
                    s.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    /// At a backslash: one escape sequence (or a string gap / `\&` when
    /// `in_string`).
    fn escape(&mut self, in_string: bool) -> Result<Escape, Diagnostic> {
        let esc_start = self.pos;
        self.pos += 1;
        let bad = |lx: &Self| {
            Diagnostic::error(
                lx.span(esc_start, (lx.pos + 1).min(lx.src.len())),
                "lexical error in string/character literal",
            )
        };
        let Some(c) = self.peek_char() else {
            return Err(bad(self));
        };
        let simple = match c {
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'f' => Some('\x0c'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\x0b'),
            '\\' => Some('\\'),
            '"' => Some('"'),
            '\'' => Some('\''),
            _ => None,
        };
        if let Some(ch) = simple {
            self.pos += 1;
            return Ok(Escape::Char(ch));
        }
        if c == '&' && in_string {
            self.pos += 1;
            return Ok(Escape::Empty);
        }
        if c.is_whitespace() && in_string {
            // String gap: backslash, whitespace (incl. newlines), backslash.
            while let Some(w) = self.peek_char() {
                if !w.is_whitespace() {
                    break;
                }
                self.pos += w.len_utf8();
                if w == '\n' || (w == '\r' && self.bytes.get(self.pos) != Some(&b'\n')) {
                    self.newline_at(self.pos);
                }
            }
            if self.peek_char() != Some('\\') {
                return Err(bad(self));
            }
            self.pos += 1;
            return Ok(Escape::Empty);
        }
        if c == '^' {
            self.pos += 1;
            let Some(x) = self.peek_char() else {
                return Err(bad(self));
            };
            if ('@'..='_').contains(&x) {
                self.pos += 1;
                return Ok(Escape::Char(char::from(x as u8 - b'@')));
            }
            return Err(bad(self));
        }
        let (radix, digits_start) = match c {
            'x' => (16, self.pos + 1),
            'o' => (8, self.pos + 1),
            c if c.is_ascii_digit() => (10, self.pos),
            _ => {
                // ASCII control names, longest match first (SOH before SO).
                let rest = &self.src[self.pos..];
                let best = ASCII_ESCAPES
                    .iter()
                    .filter(|(n, _)| rest.starts_with(n))
                    .max_by_key(|(n, _)| n.len());
                if let Some((n, v)) = best {
                    self.pos += n.len();
                    return Ok(Escape::Char(char::from(*v as u8)));
                }
                return Err(bad(self));
            }
        };
        let mut end = digits_start;
        let mut value: u64 = 0;
        while let Some(d) = self
            .bytes
            .get(end)
            .and_then(|&b| (b as char).to_digit(radix))
        {
            value = value.saturating_mul(radix as u64).saturating_add(d as u64);
            end += 1;
        }
        if end == digits_start {
            return Err(bad(self));
        }
        self.pos = end;
        if value > 0x10FFFF {
            return Err(Diagnostic::error(
                self.span(esc_start, end),
                "numeric escape sequence out of range",
            ));
        }
        match char::from_u32(value as u32) {
            Some(ch) => Ok(Escape::Char(ch)),
            None => Err(Diagnostic::error(
                self.span(esc_start, end),
                "surrogate code points (\\xD800-\\xDFFF) are not supported in literals",
            )),
        }
    }
}

fn con_token(quals: Vec<String>, con: String) -> TokenKind {
    if quals.is_empty() {
        TokenKind::ConId(None, con)
    } else {
        TokenKind::ConId(Some(quals.join(".")), con)
    }
}

fn reserved_or_var(qual: Option<String>, name: String) -> TokenKind {
    use TokenKind::*;
    let k = match name.as_str() {
        "case" => Case,
        "class" => Class,
        "data" => Data,
        "default" => Default,
        "deriving" => Deriving,
        "do" => Do,
        "else" => Else,
        "foreign" => Foreign,
        "if" => If,
        "import" => Import,
        "in" => In,
        "infix" => Infix,
        "infixl" => Infixl,
        "infixr" => Infixr,
        "instance" => Instance,
        "let" => Let,
        "module" => Module,
        "newtype" => Newtype,
        "of" => Of,
        "then" => Then,
        "type" => Type,
        "where" => Where,
        "_" => Underscore,
        _ => return VarId(qual, name),
    };
    if qual.is_some() {
        return VarId(qual, name);
    }
    k
}

fn is_reserved_op(s: &str) -> bool {
    matches!(
        s,
        ".." | ":" | "::" | "=" | "\\" | "|" | "<-" | "->" | "@" | "~" | "=>"
    )
}

fn reserved_op_or_sym(qual: Option<String>, sym: String) -> TokenKind {
    use TokenKind::*;
    match sym.as_str() {
        ".." => DotDot,
        "::" => DoubleColon,
        "=" => Equals,
        "\\" => Backslash,
        "|" => Bar,
        "<-" => LArrow,
        "->" => RArrow,
        "@" => At,
        "~" => Tilde,
        "=>" => DArrow,
        _ if sym.starts_with(':') => ConSym(qual, sym),
        _ => VarSym(qual, sym),
    }
}

/// Builds an integer literal from its digits in `radix`.
fn integer_lit(text: String, digits: &str, radix: u32) -> IntegerLit {
    let decimal = to_decimal(digits, radix);
    let value = decimal.parse::<i128>().ok();
    IntegerLit {
        text,
        decimal,
        value,
    }
}

/// Converts a digit string in `radix` to decimal, exactly (any length).
fn to_decimal(digits: &str, radix: u32) -> String {
    // Little-endian limbs in base 10^9.
    const BASE: u64 = 1_000_000_000;
    let mut limbs: Vec<u64> = vec![0];
    for d in digits.chars().filter_map(|c| c.to_digit(radix)) {
        let mut carry = d as u64;
        for limb in limbs.iter_mut() {
            let v = *limb * radix as u64 + carry;
            *limb = v % BASE;
            carry = v / BASE;
        }
        while carry > 0 {
            limbs.push(carry % BASE);
            carry /= BASE;
        }
    }
    let mut out = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&limb.to_string());
        } else {
            out.push_str(&format!("{limb:09}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        let f = SourceFile::new(FileId(0), "t.hs", src);
        lex(&f)
            .expect("lexes")
            .tokens
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    fn lex_err(src: &str) -> String {
        let f = SourceFile::new(FileId(0), "t.hs", src);
        match lex(&f) {
            Ok(_) => panic!("expected a lexical error for {src:?}"),
            Err(d) => d.message,
        }
    }

    fn var(s: &str) -> TokenKind {
        TokenKind::VarId(None, s.into())
    }
    fn sym(s: &str) -> TokenKind {
        TokenKind::VarSym(None, s.into())
    }

    #[test]
    fn identifiers_keywords_and_qualified_names() {
        use TokenKind::*;
        assert_eq!(
            kinds("let x' = M.f Data.Map.Map M.+ in_ _ f.g"),
            vec![
                Let,
                var("x'"),
                Equals,
                VarId(Some("M".into()), "f".into()),
                ConId(Some("Data.Map".into()), "Map".into()),
                VarSym(Some("M".into()), "+".into()),
                var("in_"),
                Underscore,
                var("f"),
                sym("."),
                var("g"),
            ]
        );
        assert_eq!(
            kinds("Just . f"),
            vec![ConId(None, "Just".into()), sym("."), var("f")]
        );
        assert_eq!(
            kinds("x:xs"),
            vec![var("x"), ConSym(None, ":".into()), var("xs")]
        );
    }

    #[test]
    fn comments_and_dash_operators() {
        use TokenKind::*;
        assert_eq!(kinds("a -- comment\nb"), vec![var("a"), var("b")]);
        assert_eq!(kinds("a --> b"), vec![var("a"), sym("-->"), var("b")]);
        assert_eq!(
            kinds("a {- x {- nested -} y -} b"),
            vec![var("a"), var("b")]
        );
        assert_eq!(kinds("a ---- b"), vec![var("a")]);
        assert_eq!(kinds("x |-- y"), vec![var("x"), sym("|--"), var("y")]);
        assert_eq!(kinds("a->b"), vec![var("a"), RArrow, var("b")]);
        assert!(lex_err("a {- b").contains("unterminated"));
    }

    #[test]
    fn numbers() {
        let ks =
            kinds("42 0x1F 0o17 1.5 1e3 2.5e-2 7.x 123456789012345678901234567890123456789012");
        let ints: Vec<(String, Option<i128>)> = ks
            .iter()
            .filter_map(|k| match k {
                TokenKind::Integer(l) => Some((l.decimal.clone(), l.value)),
                _ => None,
            })
            .collect();
        assert_eq!(ints[0], ("42".into(), Some(42)));
        assert_eq!(ints[1], ("31".into(), Some(31)));
        assert_eq!(ints[2], ("15".into(), Some(15)));
        assert_eq!(ints[3], ("7".into(), Some(7)));
        assert_eq!(ints[4].0, "123456789012345678901234567890123456789012");
        assert_eq!(ints[4].1, None);
        let fracs: Vec<f64> = ks
            .iter()
            .filter_map(|k| match k {
                TokenKind::Frac(l) => Some(l.value),
                _ => None,
            })
            .collect();
        assert_eq!(fracs, vec![1.5, 1000.0, 0.025]);
        assert_eq!(
            to_decimal("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", 16),
            u128::MAX.to_string()
        );
        assert_eq!(to_decimal("000", 10), "0");
    }

    #[test]
    fn char_and_string_escapes() {
        use TokenKind::*;
        assert_eq!(
            kinds(r"'a' '\n' '\'' '\x41' '\65' '\o101' '\^A' '\NUL' '\SOH' '\SO' '\DEL'"),
            vec![
                Char('a'),
                Char('\n'),
                Char('\''),
                Char('A'),
                Char('A'),
                Char('A'),
                Char('\u{1}'),
                Char('\0'),
                Char('\u{1}'),
                Char('\u{e}'),
                Char('\u{7f}'),
            ]
        );
        assert_eq!(kinds(r#""a\tb\"c\\""#), vec![String("a\tb\"c\\".into())]);
        assert_eq!(kinds(r#""\1234\&5""#), vec![String("\u{4d2}5".into())]);
        assert_eq!(kinds("\"ab\\\n   \\cd\""), vec![String("abcd".into())]);
        assert_eq!(kinds(r#""\SO\&H""#), vec![String("\u{e}H".into())]);
        assert!(lex_err(r#""abc"#).contains("string"));
        assert!(lex_err(r"'\q'").contains("literal"));
        assert!(lex_err(r"'\xD800'").contains("surrogate"));
        assert!(lex_err(r"'\1114112'").contains("out of range"));
        // Primes in identifiers are not character literals.
        assert_eq!(kinds("f' x''"), vec![var("f'"), var("x''")]);
    }

    #[test]
    fn columns_and_line_starts() {
        let f = SourceFile::new(FileId(0), "t.hs", "f x =\n  \tx + 1\n");
        let toks = lex(&f).expect("lexes").tokens;
        let x2 = &toks[3];
        assert_eq!(x2.kind, var("x"));
        assert_eq!(x2.col, 9);
        assert!(x2.first_on_line);
        assert!(!toks[4].first_on_line);
        assert!(toks[0].first_on_line);
    }

    #[test]
    fn header_pragmas_are_collected_and_others_ignored() {
        let src = "{-# LANGUAGE BangPatterns, ScopedTypeVariables #-}\n{-# OPTIONS_GHC -O2 #-}\nmodule M where\n{-# INLINE f #-}\nf = 1";
        let f = SourceFile::new(FileId(0), "t.hs", src);
        let l = lex(&f).expect("lexes");
        assert_eq!(l.pragmas.len(), 2);
        assert_eq!(l.pragmas[0].word, "LANGUAGE");
        assert_eq!(
            l.pragmas[0].body.trim(),
            "BangPatterns, ScopedTypeVariables"
        );
        assert_eq!(l.pragmas[1].word, "OPTIONS_GHC");
        assert_eq!(l.tokens[0].kind, TokenKind::Module);
        assert_eq!(l.tokens.len(), 6);
    }

    #[test]
    fn bom_and_shebang_are_skipped() {
        assert_eq!(kinds("\u{feff}x"), vec![var("x")]);
        assert_eq!(kinds("#!/usr/bin/env runghc\nmain"), vec![var("main")]);
        let f = SourceFile::new(FileId(0), "t.hs", "\u{feff}f = 1");
        assert_eq!(lex(&f).expect("lexes").tokens[0].col, 1);
    }

    #[test]
    fn spacing_flags_for_bang_patterns() {
        let f = SourceFile::new(FileId(0), "t.hs", "f !x = a ! b");
        let t = lex(&f).expect("lexes").tokens;
        assert!(t[1].space_before && !t[1].space_after);
        assert!(t[5].space_before && t[5].space_after);
    }
}
