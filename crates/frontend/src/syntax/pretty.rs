//! Printing the AST back as Haskell source, for error messages ("In the
//! expression: ...") and tests.
//!
//! The output re-parses to the same tree. Nested infix applications are
//! always parenthesised (`a + (b * c)`), so the printed form also shows how
//! fixity resolution grouped an expression. Layout blocks are printed with
//! explicit braces and semicolons on one line.

use std::fmt::{self, Display, Formatter, Write};

use super::ast::*;

fn name_as_var(n: &Name, f: &mut Formatter<'_>) -> fmt::Result {
    if n.is_operator() {
        write!(f, "({})", n.display())
    } else {
        f.write_str(&n.display())
    }
}

fn op(o: &Op, f: &mut Formatter<'_>) -> fmt::Result {
    if o.backquoted || !o.name.is_operator() {
        write!(f, "`{}`", o.name.display())
    } else {
        f.write_str(&o.name.display())
    }
}

fn sep<T: Display>(items: &[T], s: &str, f: &mut Formatter<'_>) -> fmt::Result {
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(s)?;
        }
        write!(f, "{x}")?;
    }
    Ok(())
}

impl Display for Literal {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Integer(l) => f.write_str(&l.text),
            Literal::Frac(l) => f.write_str(&l.text),
            Literal::Char(c) => write!(f, "{}", haskell_char(*c)),
            Literal::String(s) => write!(f, "{}", haskell_string(s)),
        }
    }
}

/// `'a'`, `'\n'`, `'\''` as Haskell's `show` prints characters.
pub fn haskell_char(c: char) -> String {
    match c {
        '\'' => "'\\''".to_string(),
        '"' => "'\"'".to_string(),
        c => format!("'{}'", escape_char(c, None)),
    }
}

/// A string literal as Haskell's `show` prints it.
pub fn haskell_string(s: &str) -> String {
    let mut out = String::from("\"");
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '"' {
            out.push_str("\\\"");
        } else {
            out.push_str(&escape_char(c, chars.get(i + 1).copied()));
        }
    }
    out.push('"');
    out
}

fn escape_char(c: char, next: Option<char>) -> String {
    const NAMES: [&str; 32] = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "a", "b", "t", "n", "v", "f", "r", "SO",
        "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC",
        "FS", "GS", "RS", "US",
    ];
    match c {
        '\\' => "\\\\".to_string(),
        c if (c as u32) < 32 => {
            let name = NAMES[c as usize];
            // "\SO" followed by 'H' must be written "\SO\&H".
            if name == "SO" && next == Some('H') {
                "\\SO\\&".to_string()
            } else {
                format!("\\{name}")
            }
        }
        '\x7f' => "\\DEL".to_string(),
        c if (c as u32) > 127 => {
            let s = format!("\\{}", c as u32);
            if next.is_some_and(|n| n.is_ascii_digit()) {
                format!("{s}\\&")
            } else {
                s
            }
        }
        c => c.to_string(),
    }
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Var(n) | ExprKind::Con(n) => name_as_var(n, f),
            ExprKind::Lit(l) => write!(f, "{l}"),
            ExprKind::App(a, b) => {
                write_fun(a, f)?;
                f.write_char(' ')?;
                write_arg(b, f)
            }
            ExprKind::OpSeq(items) => {
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_char(' ')?;
                    }
                    match it {
                        OpSeqItem::Operand(e) => write_operand(e, f)?,
                        OpSeqItem::Operator(o) => op(o, f)?,
                        OpSeqItem::Negate(_) => f.write_char('-')?,
                    }
                }
                Ok(())
            }
            ExprKind::BinOp(l, o, r) => {
                write_operand(l, f)?;
                f.write_char(' ')?;
                op(o, f)?;
                f.write_char(' ')?;
                write_operand(r, f)
            }
            ExprKind::Neg(e) => {
                f.write_char('-')?;
                write_operand(e, f)
            }
            ExprKind::LeftSection(e, o) => {
                f.write_char('(')?;
                write_operand(e, f)?;
                f.write_char(' ')?;
                op(o, f)?;
                f.write_char(')')
            }
            ExprKind::RightSection(o, e) => {
                f.write_char('(')?;
                op(o, f)?;
                f.write_char(' ')?;
                write_operand(e, f)?;
                f.write_char(')')
            }
            ExprKind::Lambda(ps, b) => {
                f.write_char('\\')?;
                // `\~x` would lex as the operator `\~` (Note [Symbols
                // before a pattern]).
                if ps.first().is_some_and(starts_with_symbol) {
                    f.write_char(' ')?;
                }
                for (i, p) in ps.iter().enumerate() {
                    if i > 0 {
                        f.write_char(' ')?;
                    }
                    write_apat(p, f)?;
                }
                write!(f, " -> {b}")
            }
            ExprKind::Let(ds, b) => {
                f.write_str("let {")?;
                decls(ds, f)?;
                write!(f, "}} in {b}")
            }
            ExprKind::If(c, t, e) => write!(f, "if {c} then {t} else {e}"),
            ExprKind::Case(s, alts) => {
                write!(f, "case {s} of {{")?;
                for (i, a) in alts.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{} ", a.pat)?;
                    rhs(&a.rhs, "->", f)?;
                }
                f.write_char('}')
            }
            ExprKind::Do(stmts) => {
                f.write_str("do {")?;
                sep(stmts, "; ", f)?;
                f.write_char('}')
            }
            ExprKind::Tuple(es) => {
                f.write_char('(')?;
                sep(es, ", ", f)?;
                f.write_char(')')
            }
            ExprKind::List(es) => {
                f.write_char('[')?;
                sep(es, ", ", f)?;
                f.write_char(']')
            }
            ExprKind::ArithSeq { from, then, to } => {
                write!(f, "[{from}")?;
                if let Some(t) = then {
                    write!(f, ", {t}")?;
                }
                f.write_str(" ..")?;
                if let Some(t) = to {
                    write!(f, " {t}")?;
                }
                f.write_char(']')
            }
            ExprKind::ListComp(e, qs) => {
                write!(f, "[{e} | ")?;
                sep(qs, ", ", f)?;
                f.write_char(']')
            }
            ExprKind::Typed(e, t) => write!(f, "{e} :: {t}"),
            ExprKind::RecordCon(c, fs) => {
                name_as_var(c, f)?;
                f.write_str(" {")?;
                sep(fs, ", ", f)?;
                f.write_char('}')
            }
            ExprKind::RecordUpdate(e, fs) => {
                write_arg(e, f)?;
                f.write_str(" {")?;
                sep(fs, ", ", f)?;
                f.write_char('}')
            }
            ExprKind::Paren(e) => write!(f, "({e})"),
        }
    }
}

fn is_atomic(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Var(_)
            | ExprKind::Con(_)
            | ExprKind::Lit(_)
            | ExprKind::Tuple(_)
            | ExprKind::List(_)
            | ExprKind::ArithSeq { .. }
            | ExprKind::ListComp(..)
            | ExprKind::LeftSection(..)
            | ExprKind::RightSection(..)
            | ExprKind::Paren(_)
            | ExprKind::RecordCon(..)
            | ExprKind::RecordUpdate(..)
    )
}

fn write_fun(e: &Expr, f: &mut Formatter<'_>) -> fmt::Result {
    if is_atomic(e) || matches!(e.kind, ExprKind::App(..)) {
        write!(f, "{e}")
    } else {
        write!(f, "({e})")
    }
}

fn write_arg(e: &Expr, f: &mut Formatter<'_>) -> fmt::Result {
    if is_atomic(e) {
        write!(f, "{e}")
    } else {
        write!(f, "({e})")
    }
}

fn write_operand(e: &Expr, f: &mut Formatter<'_>) -> fmt::Result {
    if is_atomic(e) || matches!(e.kind, ExprKind::App(..)) {
        write!(f, "{e}")
    } else {
        write!(f, "({e})")
    }
}

impl Display for FieldBind {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}", self.field.display(), self.value)
    }
}

impl Display for Stmt {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            StmtKind::Bind(p, e) => write!(f, "{p} <- {e}"),
            StmtKind::Let(ds) => {
                f.write_str("let {")?;
                decls(ds, f)?;
                f.write_char('}')
            }
            StmtKind::Expr(e) => write!(f, "{e}"),
        }
    }
}

fn decls(ds: &[Decl], f: &mut Formatter<'_>) -> fmt::Result {
    sep(ds, "; ", f)
}

fn rhs(r: &Rhs, arrow: &str, f: &mut Formatter<'_>) -> fmt::Result {
    match &r.body {
        RhsBody::Plain(e) => write!(f, "{arrow} {e}")?,
        RhsBody::Guarded(gs) => {
            for (i, g) in gs.iter().enumerate() {
                if i > 0 {
                    f.write_char(' ')?;
                }
                f.write_str("| ")?;
                sep(&g.guards, ", ", f)?;
                write!(f, " {arrow} {}", g.body)?;
            }
        }
    }
    if !r.wheres.is_empty() {
        f.write_str(" where {")?;
        decls(&r.wheres, f)?;
        f.write_char('}')?;
    }
    Ok(())
}

impl Display for Decl {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            DeclKind::TypeSig(ns, t) => {
                for (i, n) in ns.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    name_as_var(n, f)?;
                }
                write!(f, " :: {t}")
            }
            DeclKind::Fixity(fx) => {
                let kw = match fx.assoc {
                    Assoc::Left => "infixl",
                    Assoc::Right => "infixr",
                    Assoc::None => "infix",
                };
                write!(f, "{kw} {} ", fx.precedence)?;
                for (i, n) in fx.ops.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    if n.is_operator() {
                        f.write_str(&n.name)?
                    } else {
                        write!(f, "`{}`", n.name)?
                    }
                }
                Ok(())
            }
            DeclKind::FunBind(fb) => {
                for (i, m) in fb.matches.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    if m.infix && m.pats.len() == 2 {
                        let o = Op {
                            name: fb.name.clone(),
                            backquoted: !fb.name.is_operator(),
                        };
                        write!(f, "{} ", m.pats[0])?;
                        op(&o, f)?;
                        write!(f, " {} ", m.pats[1])?;
                    } else {
                        name_as_var(&fb.name, f)?;
                        for p in &m.pats {
                            f.write_char(' ')?;
                            write_apat(p, f)?;
                        }
                        f.write_char(' ')?;
                    }
                    rhs(&m.rhs, "=", f)?;
                }
                Ok(())
            }
            DeclKind::PatBind(p, r) => {
                write!(f, "{p} ")?;
                rhs(r, "=", f)
            }
            DeclKind::Data(d) | DeclKind::Newtype(d) => {
                let kw = if matches!(self.kind, DeclKind::Data(_)) {
                    "data"
                } else {
                    "newtype"
                };
                write!(f, "{kw} ")?;
                context(&d.context, f)?;
                f.write_str(&d.name.name)?;
                for p in &d.params {
                    write!(f, " {}", p.name)?;
                }
                for (i, c) in d.cons.iter().enumerate() {
                    f.write_str(if i == 0 { " = " } else { " | " })?;
                    write!(f, "{c}")?;
                }
                if !d.deriving.is_empty() {
                    f.write_str(" deriving (")?;
                    let names: Vec<String> = d.deriving.iter().map(Name::display).collect();
                    f.write_str(&names.join(", "))?;
                    f.write_char(')')?;
                }
                Ok(())
            }
            DeclKind::TypeSyn(t) => {
                write!(f, "type {}", t.name.name)?;
                for p in &t.params {
                    write!(f, " {}", p.name)?;
                }
                write!(f, " = {}", t.rhs)
            }
            DeclKind::Class(c) => {
                f.write_str("class ")?;
                context(&c.context, f)?;
                write!(f, "{} {} where {{", c.name.name, c.param.name)?;
                decls(&c.decls, f)?;
                f.write_char('}')
            }
            DeclKind::Instance(i) => {
                f.write_str("instance ")?;
                context(&i.context, f)?;
                write!(f, "{} ", i.class.display())?;
                write_atype(&i.ty, f)?;
                f.write_str(" where {")?;
                decls(&i.decls, f)?;
                f.write_char('}')
            }
            DeclKind::ForeignImport(fi) => {
                write!(f, "foreign import {} ", conv(fi.conv))?;
                if let Some(s) = fi.safety {
                    f.write_str(match s {
                        Safety::Safe => "safe ",
                        Safety::Unsafe => "unsafe ",
                        Safety::Interruptible => "interruptible ",
                    })?;
                }
                if let Some(e) = &fi.entity {
                    write!(f, "{} ", haskell_string(e))?;
                }
                name_as_var(&fi.name, f)?;
                write!(f, " :: {}", fi.ty)
            }
            DeclKind::ForeignExport(fe) => {
                write!(f, "foreign export {} ", conv(fe.conv))?;
                if let Some(e) = &fe.entity {
                    write!(f, "{} ", haskell_string(e))?;
                }
                name_as_var(&fe.name, f)?;
                write!(f, " :: {}", fe.ty)
            }
            DeclKind::Default(ts) => {
                let ts: Vec<String> = ts.iter().map(|t| t.to_string()).collect();
                write!(f, "default ({})", ts.join(", "))
            }
        }
    }
}

fn conv(c: CallConv) -> &'static str {
    match c {
        CallConv::CCall => "ccall",
        CallConv::CApi => "capi",
        CallConv::JavaScript => "javascript",
    }
}

impl Display for ConDecl {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.fields {
            ConFields::Positional(ts) if self.infix && ts.len() == 2 => {
                write!(f, "{} ", ts[0])?;
                op(
                    &Op {
                        name: self.name.clone(),
                        backquoted: !self.name.is_operator(),
                    },
                    f,
                )?;
                write!(f, " {}", ts[1])
            }
            ConFields::Positional(ts) => {
                name_as_var(&self.name, f)?;
                for t in ts {
                    write!(f, " {t}")?;
                }
                Ok(())
            }
            ConFields::Record(rs) => {
                name_as_var(&self.name, f)?;
                f.write_str(" {")?;
                for (i, r) in rs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    let names: Vec<String> = r.names.iter().map(|n| n.name.clone()).collect();
                    write!(f, "{} :: ", names.join(", "))?;
                    if r.ty.strict {
                        write!(f, "{}", r.ty)?;
                    } else {
                        write!(f, "{}", r.ty.ty)?;
                    }
                }
                f.write_char('}')
            }
        }
    }
}

impl Display for FieldType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.strict {
            f.write_char('!')?;
        }
        write_atype(&self.ty, f)
    }
}

fn context(ps: &[Pred], f: &mut Formatter<'_>) -> fmt::Result {
    if ps.is_empty() {
        return Ok(());
    }
    f.write_char('(')?;
    sep(ps, ", ", f)?;
    f.write_str(") => ")
}

impl Display for Pred {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.class.display())?;
        write_atype(&self.ty, f)
    }
}

impl Display for QualType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        context(&self.context, f)?;
        write!(f, "{}", self.ty)
    }
}

fn write_atype(t: &Type, f: &mut Formatter<'_>) -> fmt::Result {
    match t.kind {
        TypeKind::App(..) | TypeKind::Fun(..) => write!(f, "({t})"),
        _ => write!(f, "{t}"),
    }
}

impl Display for Type {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            TypeKind::Var(n) => f.write_str(&n.name),
            TypeKind::Con(n) if n.name == "->" => f.write_str("(->)"),
            TypeKind::Con(n) => f.write_str(&n.display()),
            TypeKind::App(a, b) => {
                if matches!(a.kind, TypeKind::Fun(..)) {
                    write!(f, "({a})")?
                } else {
                    write!(f, "{a}")?
                }
                f.write_char(' ')?;
                write_atype(b, f)
            }
            TypeKind::Fun(a, b) => {
                if matches!(a.kind, TypeKind::Fun(..)) {
                    write!(f, "({a})")?
                } else {
                    write!(f, "{a}")?
                }
                write!(f, " -> {b}")
            }
            TypeKind::List(t) => write!(f, "[{t}]"),
            TypeKind::Tuple(ts) => {
                f.write_char('(')?;
                sep(ts, ", ", f)?;
                f.write_char(')')
            }
        }
    }
}

// Note [Symbols before a pattern]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A lazy or bang pattern prints with a leading `~` or `!`, and symbol
// characters in a row lex as one operator: `\~x`, `x@~y`, `~!x` and `~~x`
// would not parse back. After `\` the printer puts a space; after `@`,
// `~` and `!` it puts the inner pattern in parentheses (`x@(~y)`), which
// also reads as GHC (9.0 and later) wants it.

/// Whether `p` prints with a leading symbol character.
fn starts_with_symbol(p: &Pat) -> bool {
    matches!(p.kind, PatKind::Lazy(_) | PatKind::Bang(_))
}

/// Writes `p` right after a symbol character (`@`, `~`, `!`).
fn write_apat_after_symbol(p: &Pat, f: &mut Formatter<'_>) -> fmt::Result {
    if starts_with_symbol(p) {
        write!(f, "({p})")
    } else {
        write_apat(p, f)
    }
}

fn write_apat(p: &Pat, f: &mut Formatter<'_>) -> fmt::Result {
    match &p.kind {
        PatKind::Con(_, args) if !args.is_empty() => write!(f, "({p})"),
        PatKind::OpSeq(_) => write!(f, "({p})"),
        PatKind::Lit { negated: true, .. } => write!(f, "({p})"),
        _ => write!(f, "{p}"),
    }
}

impl Display for Pat {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            PatKind::Var(n) => name_as_var(n, f),
            PatKind::Wildcard => f.write_char('_'),
            PatKind::Lit { lit, negated } => {
                if *negated {
                    f.write_char('-')?;
                }
                write!(f, "{lit}")
            }
            PatKind::Con(c, args) if c.is_operator() && args.len() == 2 => {
                write_apat(&args[0], f)?;
                write!(f, " {} ", c.display())?;
                write_apat(&args[1], f)
            }
            PatKind::Con(c, args) => {
                name_as_var(c, f)?;
                for a in args {
                    f.write_char(' ')?;
                    write_apat(a, f)?;
                }
                Ok(())
            }
            PatKind::OpSeq(items) => {
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_char(' ')?;
                    }
                    match it {
                        PatOpItem::Operand(p) => write_apat(p, f)?,
                        PatOpItem::Operator(o) => op(o, f)?,
                    }
                }
                Ok(())
            }
            PatKind::Record(c, fs) => {
                name_as_var(c, f)?;
                f.write_str(" {")?;
                for (i, fp) in fs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{} = {}", fp.field.display(), fp.pat)?;
                }
                f.write_char('}')
            }
            PatKind::Tuple(ps) => {
                f.write_char('(')?;
                sep(ps, ", ", f)?;
                f.write_char(')')
            }
            PatKind::List(ps) => {
                f.write_char('[')?;
                sep(ps, ", ", f)?;
                f.write_char(']')
            }
            PatKind::As(n, p) => {
                write!(f, "{}@", n.name)?;
                write_apat_after_symbol(p, f)
            }
            PatKind::Lazy(p) => {
                f.write_char('~')?;
                write_apat_after_symbol(p, f)
            }
            PatKind::Bang(p) => {
                f.write_char('!')?;
                write_apat_after_symbol(p, f)
            }
            PatKind::Paren(p) => write!(f, "({p})"),
        }
    }
}

impl Display for Module {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for p in &self.pragmas {
            match &p.kind {
                PragmaKind::Language(exts) => {
                    let names: Vec<&str> = exts.iter().map(|e| e.name.as_str()).collect();
                    writeln!(f, "{{-# LANGUAGE {} #-}}", names.join(", "))?;
                }
                PragmaKind::OptionsGhc(o) => writeln!(f, "{{-# OPTIONS_GHC {o} #-}}")?,
            }
        }
        if let Some(n) = &self.name {
            write!(f, "module {} where ", n.name)?;
        }
        f.write_char('{')?;
        for (i, imp) in self.imports.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "import {}", imp.module.name)?;
        }
        if !self.imports.is_empty() && !self.decls.is_empty() {
            f.write_str("; ")?;
        }
        decls(&self.decls, f)?;
        f.write_char('}')
    }
}
