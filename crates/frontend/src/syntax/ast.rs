//! The abstract syntax tree of the Haskell 2010 subset, as produced by the
//! parser and consumed by fixity resolution, the desugaring passes, the
//! renamer and the type checker.
//!
//! Every node carries a [`Span`]. Names are plain strings (see [`Name`]);
//! resolving them to entities is the renamer's job.
//!
//! # Two stages of operator expressions
//!
//! The parser cannot know operator fixities (they may be declared after use,
//! or in another module), so it leaves every infix expression and infix
//! pattern as a *flat sequence* ([`ExprKind::OpSeq`], [`PatKind::OpSeq`]).
//! [`crate::syntax::resolve_fixities`] rewrites each sequence into a tree of
//! [`ExprKind::BinOp`] / [`ExprKind::Neg`] / [`PatKind::Con`] nodes following
//! the Report's algorithm (section 10.6). After that pass no `OpSeq` remains
//! anywhere, no `Paren` remains either, and sections have been checked
//! against precedence. Passes after fixity resolution may treat `OpSeq` and
//! `Paren` as unreachable.
//!
//! # Special names
//!
//! Built-in syntax is named by its text: the unit type/constructor `()`, tuple
//! constructors `(,)`, `(,,)`, ..., the list type/empty list `[]`, cons `:`,
//! and the function type constructor `->`. A parenthesised operator such as
//! `(+)` is just the [`Name`] `+`.
//!
//! # Extensions (`LANGUAGE` pragmas)
//!
//! Accepted: `BangPatterns` (implemented: bang patterns; strict fields `!T`
//! are Haskell 2010 and always allowed), `NoImplicitPrelude` (for the
//! library; the renamer must then not add `import Prelude` — check it with
//! [`Module::has_extension`]), `Haskell2010` and `Haskell98` (they turn off
//! GHC's default NondecreasingIndentation layout rule for `do`), and these,
//! which change nothing for the programs we accept: `ScopedTypeVariables`
//! and `ExplicitForAll` (there is no `forall` syntax, so no program can use
//! them), `ForeignFunctionInterface`, `PatternGuards`, `EmptyDataDecls`,
//! `DoAndIfThenElse`, `RelaxedPolyRec`, `MonoLocalBinds`, `Safe`,
//! `Trustworthy`. Any other extension is a parse error naming it.
//! `OPTIONS_GHC` pragmas are kept and otherwise ignored. Other pragmas
//! (`INLINE`, `UNPACK`, `SPECIALISE`, ...) are comments.

use crate::diagnostics::Span;

/// A possibly qualified name of a variable, constructor, type, class or
/// operator, as written.
///
/// `qual` is the module qualifier (`Data.Map` in `Data.Map.lookup`), `name`
/// the unqualified text without parentheses or backquotes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Name {
    pub qual: Option<String>,
    pub name: String,
    pub span: Span,
}

impl Name {
    pub fn new(name: impl Into<String>, span: Span) -> Name {
        Name {
            qual: None,
            name: name.into(),
            span,
        }
    }

    pub fn qualified(qual: impl Into<String>, name: impl Into<String>, span: Span) -> Name {
        Name {
            qual: Some(qual.into()),
            name: name.into(),
            span,
        }
    }

    /// Constructor-like: starts with an upper-case letter or `:`, or is one of
    /// the special constructors `()`, `[]`, `(,..)`, `->`.
    pub fn is_con(&self) -> bool {
        is_con_name(&self.name)
    }

    /// Symbolic (an operator such as `+`, `:+`, `>>=`) rather than alphanumeric.
    pub fn is_operator(&self) -> bool {
        is_operator_name(&self.name)
    }

    /// `Mod.name` or `name`.
    pub fn display(&self) -> String {
        match &self.qual {
            Some(q) => format!("{q}.{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// See [`Name::is_con`].
pub fn is_con_name(s: &str) -> bool {
    match s.chars().next() {
        Some(c) if c.is_uppercase() || c == ':' => true,
        Some('(') | Some('[') => true,
        _ => s == "->",
    }
}

/// See [`Name::is_operator`]. Special names (`()`, `[]`, `(,)`) are not operators.
pub fn is_operator_name(s: &str) -> bool {
    match s.chars().next() {
        Some(c) => !(c.is_alphanumeric() || c == '_' || c == '(' || c == '['),
        None => false,
    }
}

/// A module name such as `Data.List`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ModName {
    pub name: String,
    pub span: Span,
}

/// A whole source file.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// `None` when there is no `module` header (then the module is `Main`
    /// exporting `main`, as in the Report).
    pub name: Option<ModName>,
    /// `None` when there is no export list.
    pub exports: Option<Vec<Export>>,
    pub imports: Vec<Import>,
    /// File-header pragmas (before the `module` keyword or first declaration).
    pub pragmas: Vec<Pragma>,
    pub decls: Vec<Decl>,
    pub span: Span,
}

impl Module {
    /// Whether `{-# LANGUAGE ext #-}` is on.
    pub fn has_extension(&self, ext: &str) -> bool {
        self.pragmas.iter().any(|p| match &p.kind {
            PragmaKind::Language(exts) => exts.iter().any(|e| e.name == ext),
            _ => false,
        })
    }

    /// The module's name, `Main` if it has no header.
    pub fn name_text(&self) -> &str {
        self.name.as_ref().map_or("Main", |n| n.name.as_str())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pragma {
    pub kind: PragmaKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PragmaKind {
    /// `{-# LANGUAGE A, B #-}`: the extension names, each with its span.
    Language(Vec<ModName>),
    /// `{-# OPTIONS_GHC -Wall -O2 #-}` (also `OPTIONS`): the raw option text.
    OptionsGhc(String),
}

/// An item of an export list.
#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    pub kind: ExportKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExportKind {
    /// A variable or `(operator)`, or an item of an import list.
    Var(Name),
    /// A type or class, with its constructors/methods: `T`, `T(..)`, `T(A, b)`.
    Type(Name, ItemSubs),
    /// `module M` (exports only).
    Module(ModName),
}

/// What comes with a type or class in an import/export list.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemSubs {
    /// `T`
    None,
    /// `T(..)`
    All,
    /// `T(A, f, (+))`
    Some(Vec<Name>),
}

/// `import qualified M as N hiding (x, T(..))`.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    pub module: ModName,
    pub qualified: bool,
    pub as_name: Option<ModName>,
    pub hiding: bool,
    /// `None` when there is no parenthesised list; with `hiding`, the list of
    /// hidden names. Items use [`ExportKind::Var`] and [`ExportKind::Type`].
    pub items: Option<Vec<Export>>,
    pub span: Span,
}

// ---------------------------------------------------------------------------
// Declarations

#[derive(Clone, Debug, PartialEq)]
pub struct Decl {
    pub kind: DeclKind,
    pub span: Span,
}

/// Declarations. The same type is used at top level, in `let`/`where`, and
/// in class and instance bodies; the parser only produces the kinds each
/// place allows (`let`/`where`: signatures, fixities, bindings; class:
/// signatures, fixities, default bindings; instance: bindings).
#[derive(Clone, Debug, PartialEq)]
pub enum DeclKind {
    /// `f, g :: Ctx => t`
    TypeSig(Vec<Name>, QualType),
    /// `infixl 6 +, -`
    Fixity(FixityDecl),
    /// A function or variable binding: all consecutive clauses of one name
    /// are grouped here by the parser. `x = e` (no arguments) is a `FunBind`
    /// whose single match has no patterns — a *simple pattern binding* for
    /// the monomorphism restriction.
    FunBind(FunBind),
    /// A binding of a non-variable pattern: `(a, b) = e`, `Just x = e`,
    /// `!x = e`, `~(a, b) = e`.
    PatBind(Pat, Rhs),
    /// `data` declaration.
    Data(DataDecl),
    /// `newtype` declaration (exactly one constructor with one field).
    Newtype(DataDecl),
    /// `type T a b = t`
    TypeSyn(TypeSynDecl),
    Class(ClassDecl),
    Instance(InstanceDecl),
    ForeignImport(ForeignImport),
    ForeignExport(ForeignExport),
    /// `default (t1, ..., tn)` (Haskell 2010 4.3.4); `default ()` too.
    Default(Vec<Type>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Assoc {
    Left,
    Right,
    None,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FixityDecl {
    pub assoc: Assoc,
    /// 0..=9; 9 when omitted.
    pub precedence: u8,
    /// The operators (a backquoted name such as `div` appears as `div`).
    pub ops: Vec<Name>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunBind {
    pub name: Name,
    /// One per clause, in source order; all have the same number of patterns
    /// (checked by the parser).
    pub matches: Vec<Match>,
}

/// One clause `f p1 .. pn rhs` (or `p1 `op` p2 rhs` with `infix`).
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub pats: Vec<Pat>,
    pub rhs: Rhs,
    /// Written infix: `x <+> y = ...`.
    pub infix: bool,
    pub span: Span,
}

/// A right-hand side: `= e` or guarded `| g = e ...`, with its `where`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rhs {
    pub body: RhsBody,
    /// The `where` declarations (empty if none); they scope over all guards.
    pub wheres: Vec<Decl>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RhsBody {
    Plain(Expr),
    /// Tried in order; falling off the end falls through to the next clause
    /// (or alternative).
    Guarded(Vec<GuardedExpr>),
}

/// `| g1, g2 = e` (or `-> e` in case alternatives).
#[derive(Clone, Debug, PartialEq)]
pub struct GuardedExpr {
    /// Guards: [`StmtKind::Expr`] is a boolean guard, [`StmtKind::Bind`] a
    /// pattern guard `p <- e`, [`StmtKind::Let`] a `let` guard.
    pub guards: Vec<Stmt>,
    pub body: Expr,
    pub span: Span,
}

/// `data`/`newtype` declarations.
#[derive(Clone, Debug, PartialEq)]
pub struct DataDecl {
    /// Datatype context `data Eq a => Set a = ...` (rare; kept for errors).
    pub context: Vec<Pred>,
    pub name: Name,
    pub params: Vec<Name>,
    /// Empty for `data Void` (EmptyDataDecls is Haskell 2010).
    pub cons: Vec<ConDecl>,
    /// Class names in `deriving (Eq, Show)` / `deriving Show`.
    pub deriving: Vec<Name>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConDecl {
    pub name: Name,
    pub fields: ConFields,
    /// Declared infix: `data T = Int :+ Int` or ``a `Foo` b``.
    pub infix: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ConFields {
    Positional(Vec<FieldType>),
    /// `C { a, b :: !Int, c :: T }`: one entry per `names :: type` group.
    Record(Vec<RecordField>),
}

impl ConFields {
    /// Field types in order, record groups expanded (one per field name).
    pub fn types(&self) -> Vec<&FieldType> {
        match self {
            ConFields::Positional(ts) => ts.iter().collect(),
            ConFields::Record(rs) => rs
                .iter()
                .flat_map(|r| r.names.iter().map(move |_| &r.ty))
                .collect(),
        }
    }

    /// Field names in order (empty for positional constructors).
    pub fn names(&self) -> Vec<&Name> {
        match self {
            ConFields::Positional(_) => Vec::new(),
            ConFields::Record(rs) => rs.iter().flat_map(|r| r.names.iter()).collect(),
        }
    }
}

/// A constructor field's type with its strictness mark.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldType {
    pub ty: Type,
    /// Written `!t`.
    pub strict: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordField {
    pub names: Vec<Name>,
    pub ty: FieldType,
    pub span: Span,
}

/// `type T a b = t`
#[derive(Clone, Debug, PartialEq)]
pub struct TypeSynDecl {
    pub name: Name,
    pub params: Vec<Name>,
    pub rhs: Type,
}

/// `class (Super a) => C a where { sigs; fixities; default methods }`
#[derive(Clone, Debug, PartialEq)]
pub struct ClassDecl {
    pub context: Vec<Pred>,
    pub name: Name,
    pub param: Name,
    pub decls: Vec<Decl>,
}

/// `instance (Ctx) => C (T a b) where { method bindings }`
#[derive(Clone, Debug, PartialEq)]
pub struct InstanceDecl {
    pub context: Vec<Pred>,
    pub class: Name,
    /// The instance head type, e.g. `Maybe a`, `[a]`, `Int`, `(a, b)`.
    pub ty: Type,
    pub decls: Vec<Decl>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CallConv {
    CCall,
    CApi,
    JavaScript,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Safety {
    Safe,
    Unsafe,
    Interruptible,
}

/// `foreign import ccall unsafe "sin" c_sin :: Double -> Double`
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignImport {
    pub conv: CallConv,
    /// `None` when not written (the Report's default is `safe`).
    pub safety: Option<Safety>,
    /// The entity string without quotes; `None` when omitted (then the
    /// Haskell name is the C symbol).
    pub entity: Option<String>,
    pub name: Name,
    pub ty: QualType,
}

/// `foreign export ccall "hs_f" f :: Int -> IO Int`
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignExport {
    pub conv: CallConv,
    pub entity: Option<String>,
    pub name: Name,
    pub ty: QualType,
}

// ---------------------------------------------------------------------------
// Types

#[derive(Clone, Debug, PartialEq)]
pub struct Type {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// A type variable `a`.
    Var(Name),
    /// A type constructor: `Int`, `Maybe`, `M.T`, and the specials `()`,
    /// `[]`, `(,)`, `->` when written as `()`, `[]`, `(,)`, `(->)`.
    Con(Name),
    /// `t1 t2`
    App(Box<Type>, Box<Type>),
    /// `t1 -> t2`
    Fun(Box<Type>, Box<Type>),
    /// `[t]`
    List(Box<Type>),
    /// `(t1, ..., tn)`, n >= 2.
    Tuple(Vec<Type>),
}

/// A class constraint `C t` (single-parameter classes only).
#[derive(Clone, Debug, PartialEq)]
pub struct Pred {
    pub class: Name,
    pub ty: Type,
    pub span: Span,
}

/// A type with a context: `(Eq a, Show a) => a -> String`. The context is
/// empty when none is written. Type variables are implicitly quantified.
#[derive(Clone, Debug, PartialEq)]
pub struct QualType {
    pub context: Vec<Pred>,
    pub ty: Type,
    pub span: Span,
}

// ---------------------------------------------------------------------------
// Literals

/// A literal as written. Numeric literals are overloaded in Haskell
/// (`fromInteger`/`fromRational`); the exact value is kept.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Integer(IntegerLit),
    Frac(FracLit),
    /// A Unicode scalar value (surrogate code points are rejected by the lexer).
    Char(char),
    String(String),
}

/// An integer literal (decimal, `0x`, `0o`): never negative; negation is
/// a separate node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntegerLit {
    /// The source text, e.g. `0xFF`.
    pub text: String,
    /// The value in decimal digits without leading zeros (`"255"`; `"0"` for zero).
    pub decimal: String,
    /// The value if it fits in an `i128`.
    pub value: Option<i128>,
}

/// A fractional literal `1.5`, `2e-3`, `1.0e10`.
#[derive(Clone, Debug, PartialEq)]
pub struct FracLit {
    /// The source text.
    pub text: String,
    /// The value rounded to the nearest double.
    pub value: f64,
}

// ---------------------------------------------------------------------------
// Expressions

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// An operator occurrence in an expression, section or pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct Op {
    /// `+`, `:`, `div` (for `` `div` ``), `M.op`.
    pub name: Name,
    /// Written in backquotes.
    pub backquoted: bool,
}

impl Op {
    pub fn is_con(&self) -> bool {
        self.name.is_con()
    }
}

/// An element of an unresolved infix expression.
#[derive(Clone, Debug, PartialEq)]
pub enum OpSeqItem {
    Operand(Expr),
    Operator(Op),
    /// Prefix minus (Report: `- e` is `negate e`, precedence 6); the span is
    /// that of the `-`.
    Negate(Span),
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A variable: `x`, `M.f`, `(+)`.
    Var(Name),
    /// A constructor: `Just`, `()`, `[]`, `(,)`, `(:)`.
    Con(Name),
    Lit(Literal),
    /// `f x`
    App(Box<Expr>, Box<Expr>),
    /// Unresolved infix expression: operands, operators and prefix minus in
    /// source order (before [`crate::syntax::resolve_fixities`]).
    OpSeq(Vec<OpSeqItem>),
    /// Resolved binary operator application `lhs op rhs`.
    BinOp(Box<Expr>, Op, Box<Expr>),
    /// Prefix negation `- e` (resolved). A negative literal `-1` is
    /// `Neg(Lit 1)`.
    Neg(Box<Expr>),
    /// `(e op)`, meaning `\y -> e op y` (Report: `(op) e`).
    LeftSection(Box<Expr>, Op),
    /// `(op e)`, meaning `\x -> x op e`. `(- e)` is negation, never a section.
    RightSection(Op, Box<Expr>),
    /// `\p1 .. pn -> e`
    Lambda(Vec<Pat>, Box<Expr>),
    /// `let decls in e`
    Let(Vec<Decl>, Box<Expr>),
    /// `if c then t else e`
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `case e of alts`
    Case(Box<Expr>, Vec<Alt>),
    /// `do { stmts }`; the last statement is an [`StmtKind::Expr`] (checked by
    /// the parser).
    Do(Vec<Stmt>),
    /// `(e1, ..., en)`, n >= 2.
    Tuple(Vec<Expr>),
    /// `[e1, ..., en]`, n >= 0.
    List(Vec<Expr>),
    /// `[from ..]`, `[from, then ..]`, `[from .. to]`, `[from, then .. to]`.
    ArithSeq {
        from: Box<Expr>,
        then: Option<Box<Expr>>,
        to: Option<Box<Expr>>,
    },
    /// `[e | quals]`: generators ([`StmtKind::Bind`]), guards
    /// ([`StmtKind::Expr`]) and `let`s.
    ListComp(Box<Expr>, Vec<Stmt>),
    /// `e :: t`
    Typed(Box<Expr>, QualType),
    /// `C { f = e, ... }` (also `C {}`).
    RecordCon(Name, Vec<FieldBind>),
    /// `e { f = e, ... }` (at least one field).
    RecordUpdate(Box<Expr>, Vec<FieldBind>),
    /// `(e)`: kept by the parser so that fixity resolution sees the user's
    /// grouping; [`crate::syntax::resolve_fixities`] removes every `Paren`
    /// (replacing it by its contents), so later passes never see one.
    Paren(Box<Expr>),
}

/// `f = e` inside record construction or update.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldBind {
    pub field: Name,
    pub value: Expr,
    pub span: Span,
}

/// A `case` alternative `p | g -> e ... where ...`.
#[derive(Clone, Debug, PartialEq)]
pub struct Alt {
    pub pat: Pat,
    /// Uses `->` in the source; same structure as a binding's right side.
    pub rhs: Rhs,
    pub span: Span,
}

/// A statement of `do`, a list comprehension qualifier, or a guard.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `p <- e`
    Bind(Pat, Expr),
    /// `let decls`
    Let(Vec<Decl>),
    /// `e`
    Expr(Expr),
}

// ---------------------------------------------------------------------------
// Patterns

#[derive(Clone, Debug, PartialEq)]
pub struct Pat {
    pub kind: PatKind,
    pub span: Span,
}

/// An element of an unresolved infix pattern (constructor operators only).
#[derive(Clone, Debug, PartialEq)]
pub enum PatOpItem {
    Operand(Pat),
    /// A constructor operator such as `:` or `:+`, or a backquoted constructor.
    Operator(Op),
}

#[derive(Clone, Debug, PartialEq)]
pub enum PatKind {
    /// `x`
    Var(Name),
    /// `_`
    Wildcard,
    /// A literal; `negated` for `-1`, `-2.5` (numeric literals only).
    Lit { lit: Literal, negated: bool },
    /// `C p1 .. pn` (n may be 0), including resolved infix `p1 : p2` and the
    /// specials `()` and `[]`.
    Con(Name, Vec<Pat>),
    /// Unresolved infix pattern (before fixity resolution).
    OpSeq(Vec<PatOpItem>),
    /// `C { f = p, ... }` (also `C {}`).
    Record(Name, Vec<FieldPat>),
    /// `(p1, ..., pn)`, n >= 2.
    Tuple(Vec<Pat>),
    /// `[p1, ..., pn]`
    List(Vec<Pat>),
    /// `x@p`
    As(Name, Box<Pat>),
    /// `~p`
    Lazy(Box<Pat>),
    /// `!p` (BangPatterns)
    Bang(Box<Pat>),
    /// `(p)`; removed by [`crate::syntax::resolve_fixities`] like
    /// [`ExprKind::Paren`].
    Paren(Box<Pat>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldPat {
    pub field: Name,
    pub pat: Pat,
    pub span: Span,
}
