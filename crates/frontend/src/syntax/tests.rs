//! Parser and fixity-resolution tests: small constructs, layout corner
//! cases, whole realistic programs, and error messages.

use super::ast::*;
use super::*;
use crate::diagnostics::{SourceMap, render_diagnostics};

/// Parses and resolves fixities; panics with the rendered error.
fn parse(src: &str) -> Module {
    let mut sm = SourceMap::new();
    let id = sm.add("t.hs", src);
    let file = sm.get(id).expect("file");
    let m = match parse_module(file) {
        Ok(m) => m,
        Err(ds) => panic!("unexpected parse error:\n{}", render_diagnostics(&sm, &ds)),
    };
    let mut ms = vec![m];
    if let Err(ds) = resolve_fixities(&mut ms) {
        panic!("unexpected fixity error:\n{}", render_diagnostics(&sm, &ds));
    }
    ms.pop().expect("module")
}

/// The rendered error of a program that must be rejected (parse or fixity).
fn error_of(src: &str) -> String {
    let mut sm = SourceMap::new();
    let id = sm.add("t.hs", src);
    let file = sm.get(id).expect("file");
    match parse_module(file) {
        Err(ds) => render_diagnostics(&sm, &ds),
        Ok(m) => {
            let mut ms = vec![m];
            match resolve_fixities(&mut ms) {
                Err(ds) => render_diagnostics(&sm, &ds),
                Ok(()) => panic!("expected an error for:\n{src}\ngot {}", ms[0]),
            }
        }
    }
}

/// The printed declarations of a module, one per line.
fn decls_of(src: &str) -> Vec<String> {
    parse(src).decls.iter().map(|d| d.to_string()).collect()
}

/// The right-hand side of `x = <expr>` printed after resolution.
fn expr(src: &str) -> String {
    let m = parse(&format!("x = {src}"));
    match &m.decls[0].kind {
        DeclKind::FunBind(fb) => match &fb.matches[0].rhs.body {
            RhsBody::Plain(e) => e.to_string(),
            RhsBody::Guarded(_) => panic!("guarded"),
        },
        other => panic!("not a binding: {other:?}"),
    }
}

// ---- expressions and fixity ------------------------------------------------

pub(super) const PRELUDE_FIXITIES: &str = "infixr 9 .\ninfixr 8 ^\ninfixl 7 *, /, `div`\ninfixl 6 +, -\ninfixr 5 ++\ninfix 4 ==, /=, <, <=\ninfixr 3 &&\ninfixr 2 ||\ninfixl 1 >>, >>=\ninfixr 0 $, `seq`\n";

fn expr_with_prelude(src: &str) -> String {
    let m = parse(&format!("{PRELUDE_FIXITIES}x = {src}"));
    let d = m
        .decls
        .iter()
        .find(|d| matches!(d.kind, DeclKind::FunBind(_)))
        .expect("binding");
    match &d.kind {
        DeclKind::FunBind(fb) => match &fb.matches[0].rhs.body {
            RhsBody::Plain(e) => e.to_string(),
            RhsBody::Guarded(_) => panic!("guarded"),
        },
        _ => unreachable!(),
    }
}

#[test]
fn default_fixity_is_infixl_9() {
    assert_eq!(expr("a + b + c"), "(a + b) + c");
    assert_eq!(expr("f x `g` y"), "f x `g` y");
}

#[test]
fn declared_fixities_shape_the_tree() {
    assert_eq!(expr_with_prelude("a + b * c"), "a + (b * c)");
    assert_eq!(expr_with_prelude("a * b + c"), "(a * b) + c");
    assert_eq!(
        expr_with_prelude("x : y : zs ++ ws"),
        "x : (y : (zs ++ ws))"
    );
    assert_eq!(expr_with_prelude("f . g . h $ x"), "(f . (g . h)) $ x");
    assert_eq!(expr_with_prelude("a `div` b * c"), "(a `div` b) * c");
    assert_eq!(expr_with_prelude("m >>= f >> n"), "(m >>= f) >> n");
    assert_eq!(
        expr_with_prelude("a == b && c < d || e"),
        "((a == b) && (c < d)) || e"
    );
}

#[test]
fn cons_is_built_in_infixr_5() {
    // No declaration for `:` anywhere: it is `infixr 5` all the same.
    assert_eq!(expr("x : y : zs"), "x : (y : zs)");
    assert_eq!(
        expr_with_prelude("a + b : c * d : es"),
        "(a + b) : ((c * d) : es)"
    );
    assert_eq!(expr_with_prelude("a == b : cs"), "a == (b : cs)");
    // A left-associative operator of the same precedence cannot be mixed with it.
    assert!(
        error_of("infixl 5 +++\nx = a +++ b : c")
            .contains("cannot mix ‘+++’ [infixl 5] and ‘:’ [infixr 5]")
    );
}

#[test]
fn negation_follows_the_report() {
    assert_eq!(expr_with_prelude("- a * b"), "-(a * b)");
    assert_eq!(expr_with_prelude("- a + b"), "(-a) + b");
    assert_eq!(expr_with_prelude("a - b - c"), "(a - b) - c");
    assert_eq!(expr_with_prelude("- a ^ b"), "-(a ^ b)");
    assert_eq!(expr_with_prelude("a == - b"), "a == (-b)");
}

#[test]
fn negative_literals_and_minus() {
    assert_eq!(expr_with_prelude("f (-1) - 2"), "f (-1) - 2");
    assert_eq!(expr_with_prelude("(- 5)"), "-5");
    assert_eq!(expr_with_prelude("(subtract 1)"), "subtract 1");
    assert_eq!(expr_with_prelude("a * (-b)"), "a * (-b)");
    assert_eq!(expr_with_prelude("f x -1"), "f x - 1");
}

#[test]
fn sections() {
    assert_eq!(expr_with_prelude("(+ 1)"), "(+ 1)");
    assert_eq!(expr_with_prelude("(1 +)"), "(1 +)");
    assert_eq!(expr_with_prelude("(a + b +)"), "((a + b) +)");
    assert_eq!(expr_with_prelude("(`div` 2)"), "(`div` 2)");
    assert_eq!(expr_with_prelude("(x `div`)"), "(x `div`)");
}

#[test]
fn operators_as_values() {
    assert_eq!(expr("(+)"), "(+)");
    assert_eq!(expr("(:) 1 []"), "(:) 1 []");
    assert_eq!(expr("(,) 1 2"), "(,) 1 2");
    assert_eq!(expr("(,,)"), "(,,)");
    assert_eq!(expr("()"), "()");
    assert_eq!(expr("M.lookup k M.empty"), "M.lookup k M.empty");
    assert_eq!(expr("a M.+ b"), "a M.+ b");
}

#[test]
fn lists_sequences_and_comprehensions() {
    assert_eq!(expr("[1, 2, 3]"), "[1, 2, 3]");
    assert_eq!(expr("[]"), "[]");
    assert_eq!(expr("[1 ..]"), "[1 ..]");
    assert_eq!(expr("[1..10]"), "[1 .. 10]");
    assert_eq!(expr("[1,3..]"), "[1, 3 ..]");
    assert_eq!(expr("[10,8..0]"), "[10, 8 .. 0]");
    assert_eq!(
        expr("[(x, y) | x <- xs, let y = f x, odd y, Just z <- ys]"),
        "[(x, y) | x <- xs, let {y = f x}, odd y, Just z <- ys]"
    );
}

#[test]
fn lambda_let_if_case() {
    assert_eq!(expr("\\x (Just y) _ -> x"), "\\x (Just y) _ -> x");
    assert_eq!(expr("let y = 1; z = 2 in y"), "let {y = 1; z = 2} in y");
    assert_eq!(expr("if a then b else c"), "if a then b else c");
    assert_eq!(expr("(case x of Just y -> y)"), "case x of {Just y -> y}");
    assert_eq!(expr("f $ \\x -> x"), "f $ (\\x -> x)");
}

#[test]
fn records() {
    assert_eq!(
        expr("P { name = \"a\", age = 3 }"),
        "P {name = \"a\", age = 3}"
    );
    assert_eq!(expr("p { age = 4 }"), "p {age = 4}");
    assert_eq!(expr("f p { age = 4 }"), "f p {age = 4}");
    assert_eq!(expr("C {}"), "C {}");
}

#[test]
fn type_annotations() {
    assert_eq!(expr("read s :: Int"), "read s :: Int");
    assert_eq!(
        expr("(fromIntegral n :: Double) / 2"),
        "(fromIntegral n :: Double) / 2"
    );
}

#[test]
fn literals_keep_their_values() {
    let m = parse("x = (0x10, 1.5e3, 'c', \"s\\n\", 99999999999999999999999999999999999999999)");
    let DeclKind::FunBind(fb) = &m.decls[0].kind else {
        panic!()
    };
    let RhsBody::Plain(Expr {
        kind: ExprKind::Tuple(es),
        ..
    }) = &fb.matches[0].rhs.body
    else {
        panic!()
    };
    let lits: Vec<&Literal> = es
        .iter()
        .map(|e| match &e.kind {
            ExprKind::Lit(l) => l,
            _ => panic!("not a literal"),
        })
        .collect();
    assert!(matches!(
        lits[0],
        Literal::Integer(IntegerLit {
            value: Some(16),
            ..
        })
    ));
    assert!(matches!(lits[1], Literal::Frac(FracLit { value, .. }) if *value == 1500.0));
    assert_eq!(lits[2], &Literal::Char('c'));
    assert_eq!(lits[3], &Literal::String("s\n".into()));
    assert!(
        matches!(lits[4], Literal::Integer(IntegerLit { value: None, decimal, .. }) if decimal.len() == 41)
    );
}

// ---- patterns ----------------------------------------------------------------

#[test]
fn patterns() {
    let d = decls_of(
        "{-# LANGUAGE BangPatterns #-}\nf (x:xs) [a, b] (p, q) n@(Just _) ~(u, v) !w (-1) 'c' \"s\" C { fld = z } = 0",
    );
    assert_eq!(
        d[0],
        "f (x : xs) [a, b] (p, q) n@(Just _) ~(u, v) !w (-1) 'c' \"s\" C {fld = z} = 0"
    );
    let d = decls_of("infixr 5 :+\ndata T = Int :+ T | E\ng (a :+ b :+ c) = a");
    assert_eq!(d[2], "g (a :+ (b :+ c)) = a");
}

#[test]
fn bang_patterns_need_the_extension() {
    let e = error_of("f !x = x");
    assert!(e.contains("Illegal bang-pattern"), "{e}");
    // Without a prefix occurrence `!` is an ordinary operator.
    assert_eq!(decls_of("a ! b = a")[0], "a ! b = a");
}

#[test]
fn binding_forms() {
    let d = decls_of("x = 1\n(a, b) = p\nJust y = m\nx <+> y = x\nh x y = 2\na `op` b = a");
    assert_eq!(d[0], "x = 1");
    assert_eq!(d[1], "(a, b) = p");
    assert_eq!(d[2], "Just y = m");
    assert_eq!(d[3], "x <+> y = x");
    assert_eq!(d[4], "h x y = 2");
    assert_eq!(d[5], "a `op` b = a");
}

#[test]
fn clauses_are_grouped() {
    let m = parse("f 0 = 1\nf n = n * f (n - 1)\ng = 2\nf2 [] = 0\nf2 (_:xs) = 1 + f2 xs");
    assert_eq!(m.decls.len(), 3);
    let DeclKind::FunBind(fb) = &m.decls[0].kind else {
        panic!()
    };
    assert_eq!(fb.matches.len(), 2);
    // GHC 9.0.2 prints exactly this.
    let e = error_of("f 0 = 1\nf a b = 2");
    assert_eq!(
        e,
        "t.hs:1:1: error:\n    Equations for ‘f’ have different numbers of arguments\n      t.hs:1:1-7\n      t.hs:2:1-9\n  |\n1 | f 0 = 1\n  | ^^^^^^^...\n"
    );
}

#[test]
fn guards_and_where() {
    let d = decls_of(
        "classify n\n  | n < 0 = \"neg\"\n  | n == 0, True = \"zero\"\n  | Just m <- half n = show m\n  | otherwise = big\n  where big = \"big\"\n        half k = Nothing",
    );
    assert_eq!(
        d[0],
        "classify n | n < 0 = \"neg\" | n == 0, True = \"zero\" | Just m <- half n = show m | otherwise = big where {big = \"big\"; half k = Nothing}"
    );
}

// ---- layout ------------------------------------------------------------------

#[test]
fn layout_let_in_on_one_line_and_nested_blocks() {
    let src = "main = do\n  let x = 1\n      y = 2\n  print (let z = 3 in z)\n  case x of\n    1 -> putStrLn \"one\"\n    _ -> do\n      putStrLn \"other\"\n      return ()\n  where helper = 4\n";
    let d = decls_of(src);
    assert_eq!(
        d[0],
        "main = do {let {x = 1; y = 2}; print (let {z = 3} in z); case x of {1 -> putStrLn \"one\"; _ -> do {putStrLn \"other\"; return ()}}} where {helper = 4}"
    );
}

#[test]
fn layout_parse_error_rule_closes_blocks() {
    assert_eq!(expr("[y | let y = 1, y > 0]"), "[y | let {y = 1}, y > 0]");
    assert_eq!(expr("(do a; b)"), "do {a; b}");
    assert_eq!(
        expr("if c then do a else do b"),
        "if c then do {a} else do {b}"
    );
    // `where` at the column of the case alternatives closes them.
    let d = decls_of("f x = case x of\n  1 -> y\n  where y = 2");
    assert_eq!(d[0], "f x = case x of {1 -> y} where {y = 2}");
}

#[test]
fn do_and_if_then_else() {
    let d = decls_of("main = do\n  if c\n  then a\n  else b\n  c");
    assert_eq!(d[0], "main = do {if c then a else b; c}");
}

#[test]
fn explicit_braces() {
    let d = decls_of("module M where { f = do { a ; b } ; g = let { x = 1 } in x }");
    assert_eq!(d, vec!["f = do {a; b}", "g = let {x = 1} in x"]);
}

#[test]
fn operator_at_line_start_continues_expression() {
    let d = decls_of("f = a\n  + b\n  + c\n");
    assert_eq!(d[0], "f = (a + b) + c");
}

// ---- declarations --------------------------------------------------------------

#[test]
fn data_newtype_type() {
    let d = decls_of(
        "data Shape = Circle !Double | Rect Double Double deriving (Eq, Show)\nnewtype Age = Age Int deriving Show\ndata P a = P { name :: String, age, h :: !Int, xs :: [a] }\ntype Pair a b = (a, b)\ndata Void\ndata C = Int :* Int",
    );
    assert_eq!(
        d[0],
        "data Shape = Circle !Double | Rect Double Double deriving (Eq, Show)"
    );
    assert_eq!(d[1], "newtype Age = Age Int deriving (Show)");
    assert_eq!(
        d[2],
        "data P a = P {name :: String, age, h :: !Int, xs :: [a]}"
    );
    assert_eq!(d[3], "type Pair a b = (a, b)");
    assert_eq!(d[4], "data Void");
    assert_eq!(d[5], "data C = Int :* Int");
    let d = decls_of(
        "data A = (:%) { l :: Int, r :: Int }\ndata B = (:&) Int Int\nf ((:&) a b) = a\ng ((,) x y) = x",
    );
    assert_eq!(
        d,
        vec![
            "data A = (:%) {l :: Int, r :: Int}",
            "data B = (:&) Int Int",
            "f (a :& b) = a",
            "g ((,) x y) = x"
        ]
    );
    let e = error_of("newtype N = N Int Int");
    assert!(
        e.contains("exactly one constructor with exactly one field"),
        "{e}"
    );
}

#[test]
fn classes_and_instances() {
    let d = decls_of(
        "class (Eq a) => Container f where\n  empty :: f a\n  insert :: a -> f a -> f a\n  infixr 5 `insert`\n  single :: a -> f a\n  single x = insert x empty\ninstance Show a => Show (Tree a) where\n  show Leaf = \"L\"\n  show (Node l x r) = show x",
    );
    assert_eq!(
        d[0],
        "class (Eq a) => Container f where {empty :: f a; insert :: a -> f a -> f a; infixr 5 `insert`; single :: a -> f a; single x = insert x empty}"
    );
    assert_eq!(
        d[1],
        "instance (Show a) => Show (Tree a) where {show Leaf = \"L\"; show (Node l x r) = show x}"
    );
    let e = error_of("instance Show T where\n  show :: T -> String\n  show _ = \"\"");
    assert!(e.contains("InstanceSigs"), "{e}");
}

#[test]
fn signatures_and_contexts() {
    let d = decls_of(
        "f, g :: (Eq a, Show a) => a -> [a] -> IO ()\nh :: Num a => (a -> a) -> Maybe (Either a b) -> (Int, Char)\n(+++) :: [a] -> [a] -> [a]",
    );
    assert_eq!(d[0], "f, g :: (Eq a, Show a) => a -> [a] -> IO ()");
    assert_eq!(
        d[1],
        "h :: (Num a) => (a -> a) -> Maybe (Either a b) -> (Int, Char)"
    );
    assert_eq!(d[2], "(+++) :: [a] -> [a] -> [a]");
}

#[test]
fn foreign_declarations() {
    let d = decls_of(
        "foreign import ccall unsafe \"math.h sin\" c_sin :: Double -> Double\nforeign import ccall \"getpid\" getpid :: IO Int\nforeign import javascript safe \"$1 + $2\" jsAdd :: Int -> Int -> IO Int\nforeign export ccall \"hs_fact\" fact :: Int -> Int\nforeign import ccall exit :: Int -> IO ()",
    );
    assert_eq!(
        d[0],
        "foreign import ccall unsafe \"math.h sin\" c_sin :: Double -> Double"
    );
    assert_eq!(d[1], "foreign import ccall \"getpid\" getpid :: IO Int");
    assert_eq!(
        d[2],
        "foreign import javascript safe \"$1 + $2\" jsAdd :: Int -> Int -> IO Int"
    );
    assert_eq!(d[3], "foreign export ccall \"hs_fact\" fact :: Int -> Int");
    assert_eq!(d[4], "foreign import ccall exit :: Int -> IO ()");
}

#[test]
fn module_header_imports_and_pragmas() {
    let m = parse(
        "{-# LANGUAGE BangPatterns #-}\n{-# OPTIONS_GHC -O2 -Wall #-}\nmodule Main (main, T(..), C(m1, (<+>)), module M, (+++)) where\nimport Data.List (sortBy, foldl')\nimport qualified Data.Map as M\nimport Prelude hiding (lookup)\nimport Data.Char\nmain = return ()",
    );
    assert_eq!(m.name_text(), "Main");
    assert!(m.has_extension("BangPatterns"));
    assert!(!m.has_extension("ScopedTypeVariables"));
    assert_eq!(
        m.pragmas[1].kind,
        PragmaKind::OptionsGhc("-O2 -Wall".into())
    );
    assert_eq!(m.exports.as_ref().map(Vec::len), Some(5));
    assert_eq!(m.imports.len(), 4);
    assert_eq!(m.imports[0].module.name, "Data.List");
    assert_eq!(m.imports[0].items.as_ref().map(Vec::len), Some(2));
    assert!(m.imports[1].qualified);
    assert_eq!(
        m.imports[1].as_name.as_ref().map(|n| n.name.as_str()),
        Some("M")
    );
    assert!(m.imports[2].hiding);
    assert!(m.imports[3].items.is_none());
    let headerless = parse("main = print 1");
    assert!(headerless.name.is_none());
    assert_eq!(headerless.name_text(), "Main");
}

#[test]
fn unsupported_extension_is_named() {
    let e = error_of("{-# LANGUAGE TupleSections, BangPatterns #-}\nmain = return ()");
    assert!(e.starts_with("t.hs:1:14: error:"), "{e}");
    assert!(e.contains("Unsupported extension: TupleSections"), "{e}");
}

// ---- types from strings ----------------------------------------------------------

#[test]
fn parse_type_strings() {
    let t = parse_qual_type("Num a => a -> a -> a").expect("type");
    assert_eq!(t.to_string(), "(Num a) => a -> a -> a");
    let t = parse_type("Int -> [Char] -> IO ()").expect("type");
    assert_eq!(t.to_string(), "Int -> [Char] -> IO ()");
    let t = parse_type("(a -> b) -> (->) a b").expect("type");
    assert_eq!(t.to_string(), "(a -> b) -> (->) a b");
    assert!(parse_type("Int ->").is_err());
    assert!(parse_type("Eq a => a").is_err());
    assert!(parse_type("Int )").is_err());
}

// ---- errors ------------------------------------------------------------------------

#[test]
fn parse_error_message_is_ghc_style() {
    let e = error_of("main = print 1\nx = = 1\n");
    assert_eq!(
        e,
        "t.hs:2:5: error: parse error on input ‘=’\n  |\n2 | x = = 1\n  |     ^\n"
    );
}

#[test]
fn indentation_errors_say_so() {
    let e = error_of("f = (1,\n2)");
    assert!(
        e.contains("possibly incorrect indentation or mismatched brackets"),
        "{e}"
    );
    let e = error_of("f = (1");
    assert!(
        e.contains("possibly incorrect indentation or mismatched brackets"),
        "{e}"
    );
}

#[test]
fn precedence_errors() {
    let e = error_of("infix 4 ==\nx = a == b == c");
    assert!(e.contains("Precedence parsing error"), "{e}");
    assert!(
        e.contains("cannot mix ‘==’ [infix 4] and ‘==’ [infix 4] in the same infix expression"),
        "{e}"
    );
    let e = error_of("infixl 6 +\nx = a + - b");
    assert!(
        e.contains("cannot mix ‘+’ [infixl 6] and prefix `-' [infixl 6]"),
        "{e}"
    );
    let e = error_of("infixl 6 +\ninfixl 7 *\nx = (* a + b)");
    assert!(e.contains("of a section"), "{e}");
}

#[test]
fn lexical_errors_have_positions() {
    let e = error_of("main = putStrLn \"abc\n");
    assert!(e.starts_with("t.hs:1:21: error:"), "{e}");
    assert!(
        e.contains("lexical error in string/character literal at character '\\n'"),
        "{e}"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let src = format!("x = {}1{}", "(".repeat(5000), ")".repeat(5000));
    let e = error_of(&src);
    assert!(e.contains("nested too deeply"), "{e}");
    let src = format!("x = {}", "[".repeat(5000));
    assert!(error_of(&src).contains("nested too deeply"));
}

#[test]
fn do_block_must_end_in_expression() {
    let e = error_of("main = do\n  x <- getLine\n");
    assert!(
        e.contains("The last statement in a 'do' block must be an expression"),
        "{e}"
    );
}

// ---- whole programs ---------------------------------------------------------------

pub(super) const PROGRAM_1: &str = r#"module Main where

import Data.List (sortBy)
import qualified Data.Map as Map

-- | A binary tree.
data Tree a = Leaf | Node (Tree a) a (Tree a)
  deriving (Show, Eq)

data Person = Person
  { name :: String
  , age  :: !Int
  } deriving Show

infixr 5 +++
(+++) :: [a] -> [a] -> [a]
xs +++ ys = foldr (:) ys xs

insert :: Ord a => a -> Tree a -> Tree a
insert x Leaf = Node Leaf x Leaf
insert x t@(Node l y r)
  | x < y     = Node (insert x l) y r
  | x > y     = Node l y (insert x r)
  | otherwise = t

toList :: Tree a -> [a]
toList Leaf = []
toList (Node l x r) = toList l +++ [x] +++ toList r

collatz :: Int -> [Int]
collatz 1 = [1]
collatz n
  | even n = n : collatz (n `div` 2)
  | otherwise = n : collatz (3 * n + 1)

main :: IO ()
main = do
  let t = foldr insert Leaf [5, 3, 8, 1, -4 :: Int]
      people = [Person { name = "ann", age = 31 }, Person "bob" 25]
  print (toList t)
  mapM_ (putStrLn . name) (sortBy (\a b -> compare (age a) (age b)) people)
  let older = map (\p -> p { age = age p + 1 }) people
  print [ (n, a) | Person { name = n, age = a } <- older, a > 26 ]
  print (map (subtract 1) [1..5], map (*2) [10,8..0], sum [x * y | x <- [1..3], y <- [x..3]])
  n <- return (length (collatz 27))
  if n > 100
    then putStrLn "long"
    else putStrLn "short"
  case Map.lookup "k" (Map.fromList [("k", 1 :: Int)]) of
    Just v | v > 0 -> print v
           | otherwise -> return ()
    Nothing -> return ()
  where
    unused = ()
"#;

#[test]
fn whole_program_with_everything_nested() {
    let m = parse(PROGRAM_1);
    assert_eq!(m.imports.len(), 2);
    let names: Vec<String> = m
        .decls
        .iter()
        .filter_map(|d| match &d.kind {
            DeclKind::FunBind(fb) => Some(format!("{}/{}", fb.name.name, fb.matches.len())),
            DeclKind::Data(dd) => Some(format!("data {}", dd.name.name)),
            _ => None,
        })
        .collect();
    assert_eq!(
        names,
        vec![
            "data Tree",
            "data Person",
            "+++/1",
            "insert/2",
            "toList/2",
            "collatz/2",
            "main/1"
        ]
    );
    let main = m.decls.last().expect("main").to_string();
    assert!(main.contains("let {t = foldr insert Leaf [5, 3, 8, 1, -4 :: Int]; people = [Person {name = \"ann\", age = 31}, Person \"bob\" 25]}"), "{main}");
    assert!(main.contains("(subtract 1)"), "{main}");
    assert!(main.contains("map (* 2) [10, 8 .. 0]"), "{main}");
    assert!(
        main.contains("if n > 100 then putStrLn \"long\" else putStrLn \"short\""),
        "{main}"
    );
    assert!(
        main.contains("Just v | v > 0 -> print v | otherwise -> return ()"),
        "{main}"
    );
    assert!(main.ends_with("where {unused = ()}"), "{main}");
    let concat = m
        .decls
        .iter()
        .find(|d| d.to_string().starts_with("toList Leaf"))
        .expect("toList")
        .to_string();
    assert!(
        concat.contains("toList l +++ ([x] +++ toList r)"),
        "{concat}"
    );
}

pub(super) const PROGRAM_2: &str = r#"{-# LANGUAGE BangPatterns #-}
import Control.Monad (forM_, when)
import Data.IORef

class Shape a where
  area :: a -> Double
  perimeter :: a -> Double
  describe :: a -> String
  describe x = "shape of area " ++ show (area x)

data Circle = Circle Double
data Square = Square { side :: Double }

instance Shape Circle where
  area (Circle r) = pi * r ^ 2
  perimeter (Circle r) = 2 * pi * r

instance Shape Square where
  area s = side s * side s
  perimeter = (* 4) . side

mean :: [Double] -> Double
mean = go 0 0
  where
    go !s !n [] = s / fromIntegral (n :: Int)
    go !s !n (x:xs) = go (s + x) (n + 1) xs

main :: IO ()
main = do
  ref <- newIORef (0 :: Int)
  forM_ [1 .. 10] $ \i ->
    when (odd i) $
      modifyIORef ref (+ i)
  total <- readIORef ref
  putStrLn $ "total: " ++ show total
  let xs = [1.5, -2.0, 3.25e1]
  print (mean xs, negate 1, - 2, (subtract 3) 4)
  print $ let y = 2; z = y * y in z - 1
"#;

#[test]
fn whole_program_with_classes_and_bangs() {
    let m = parse(PROGRAM_2);
    assert!(m.has_extension("BangPatterns"));
    assert_eq!(m.imports.len(), 2);
    let text: Vec<String> = m.decls.iter().map(|d| d.to_string()).collect();
    assert!(
        text[0].starts_with("class Shape a where {area :: a -> Double;"),
        "{}",
        text[0]
    );
    assert!(
        text[0].contains("describe x = \"shape of area \" ++ show (area x)"),
        "{}",
        text[0]
    );
    let mean = text.iter().find(|t| t.starts_with("mean =")).expect("mean");
    assert!(
        mean.contains("go !s !n [] = s / fromIntegral (n :: Int); go !s !n (x : xs)"),
        "{mean}"
    );
    let main = text.last().expect("main");
    assert!(
        main.contains("forM_ [1 .. 10] $ (\\i -> when (odd i) $ modifyIORef ref (+ i))"),
        "{main}"
    );
    assert!(main.contains("[1.5, -2.0, 3.25e1]"), "{main}");
    assert!(
        main.contains("print (mean xs, negate 1, -2, subtract 3 4)"),
        "{main}"
    );
}

/// Parses every module of the built-in library (run with `--ignored`; the
/// library is written by others and may be mid-edit).
#[test]
#[ignore]
fn library_modules_parse() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "hs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    let lib = std::env::var("HSRTS_LIB_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lib"));
    walk(&lib, &mut files);
    files.sort();
    assert!(!files.is_empty(), "no .hs files under {}", lib.display());
    let mut sm = SourceMap::new();
    let mut modules = Vec::new();
    let mut failures = String::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        let id = sm.add(f.display().to_string(), text);
        match parse_module(sm.get(id).expect("file")) {
            Ok(m) => modules.push(m),
            Err(ds) => failures.push_str(&render_diagnostics(&sm, &ds)),
        }
    }
    if let Err(ds) = resolve_fixities(&mut modules) {
        failures.push_str(&render_diagnostics(&sm, &ds));
    }
    assert!(failures.is_empty(), "{} files:\n{failures}", files.len());
}

#[test]
fn precedence_error_renders_like_ghc() {
    // Output of GHC 9.0.2 for the same program.
    let e = error_of("infix 4 ==\nmain = print (1 == 2 == 3)\n");
    assert_eq!(
        e,
        "t.hs:2:15: error:\n    Precedence parsing error\n        cannot mix ‘==’ [infix 4] and ‘==’ [infix 4] in the same infix expression\n  |\n2 | main = print (1 == 2 == 3)\n  |               ^^^^^^^^^^^\n"
    );
}

#[test]
fn long_operator_chains_resolve_without_deep_recursion() {
    let n = 3000;
    let src = format!("x = {}[]", "1 : ".repeat(n));
    let m = parse(&src);
    let DeclKind::FunBind(fb) = &m.decls[0].kind else {
        panic!("binding")
    };
    let RhsBody::Plain(mut e) = fb.matches[0].rhs.body.clone() else {
        panic!("plain")
    };
    let mut depth = 0;
    while let ExprKind::BinOp(_, _, r) = e.kind {
        depth += 1;
        e = *r;
    }
    assert_eq!(depth, n);
}

#[test]
fn errors_match_ghc_output() {
    // Each expected text is GHC 9.0.2's output for the same file.
    let cases: [(&str, &str); 4] = [
        (
            "f = (1",
            "t.hs:1:7: error:\n    parse error (possibly incorrect indentation or mismatched brackets)\n  |\n1 | f = (1\n  |       ^\n",
        ),
        (
            "f x = case x of\n  1 -> 2\n   3 -> 4\n",
            "t.hs:3:6: error: parse error on input ‘->’\n  |\n3 |    3 -> 4\n  |      ^^\n",
        ),
        (
            "f = let x = 1\nin x",
            "t.hs:2:1: error:\n    parse error (possibly incorrect indentation or mismatched brackets)\n  |\n2 | in x\n  | ^\n",
        ),
        (
            "import Data.List\nx = 1\nimport Data.Char",
            "t.hs:3:1: error: parse error on input ‘import’\n  |\n3 | import Data.Char\n  | ^^^^^^\n",
        ),
    ];
    for (src, want) in cases {
        assert_eq!(error_of(src), want, "for {src:?}");
    }
    let e = error_of("f !x = x\n");
    assert!(
        e.starts_with("t.hs:1:3: error:\n    Illegal bang-pattern (use BangPatterns):\n    !x\n"),
        "{e}"
    );
    assert!(e.ends_with("1 | f !x = x\n  |   ^^\n"), "{e}");
    let e = error_of("main = do\n  x <- getLine\n");
    assert!(
        e.starts_with("t.hs:2:3: error:\n    The last statement in a 'do' block must be an expression\n      x <- getLine\n"),
        "{e}"
    );
}

#[test]
fn nondecreasing_indentation_for_do_like_ghc() {
    let d = decls_of(
        "main = do\n  putStrLn \"a\"\n  if True then do\n  putStrLn \"b\"\n  else return ()\n",
    );
    assert_eq!(
        d[0],
        "main = do {putStrLn \"a\"; if True then do {putStrLn \"b\"} else return ()}"
    );
    let e = error_of(
        "{-# LANGUAGE Haskell2010 #-}\nmain = do\n  putStrLn \"a\"\n  if True then do\n  putStrLn \"b\"\n  else return ()\n",
    );
    // GHC's message for the same program (the empty `do` is not the error).
    assert!(
        e.starts_with("t.hs:5:3: error: parse error on input ‘putStrLn’"),
        "{e}"
    );
    let e = error_of("main = do\n");
    assert!(e.contains("Empty 'do' block"), "{e}");
}

#[test]
fn let_in_inside_do_follows_layout_like_ghc() {
    // GHC 9.0.2: `in` at the statement column is a parse error; indented
    // one more column it continues the `let` statement.
    let e = error_of("main = do\n  let x = 1\n  in print x\n");
    assert!(
        e.starts_with("t.hs:3:3: error: parse error on input ‘in’"),
        "{e}"
    );
    let d = decls_of("main = do\n  let x = 1\n   in print x\n");
    assert_eq!(d[0], "main = do {let {x = 1} in print x}");
}

/// The layout example of the Haskell 2010 Report, section 10.3.
#[test]
fn report_layout_example() {
    let src = "module AStack( Stack, push, pop, top, size ) where\ndata Stack a = Empty\n             | MkStack a (Stack a)\n\npush :: a -> Stack a -> Stack a\npush x s = MkStack x s\n\nsize :: Stack a -> Int\nsize s = length (stkToLst s)  where\n           stkToLst  Empty         = []\n           stkToLst (MkStack x s)  = x:xs where xs = stkToLst s\n\npop :: Stack a -> (a, Stack a)\npop (MkStack x s)\n  = (x, case s of r -> i r where i x = x) -- (pop Empty) is an error\n\ntop :: Stack a -> a\ntop (MkStack x s) = x                     -- (top Empty) is an error\n";
    let d = decls_of(src);
    assert_eq!(d.len(), 9);
    assert_eq!(
        d[4],
        "size s = length (stkToLst s) where {stkToLst Empty = []; stkToLst (MkStack x s) = x : xs where {xs = stkToLst s}}"
    );
    assert_eq!(
        d[6],
        "pop (MkStack x s) = (x, case s of {r -> i r where {i x = x}})"
    );
}

#[test]
fn pattern_type_signatures_are_a_clear_error() {
    let e = error_of(
        "{-# LANGUAGE ScopedTypeVariables #-}\nmain = catch a (\\(e :: SomeException) -> return ())",
    );
    assert!(e.contains("Pattern type signatures"), "{e}");
}

#[test]
fn very_long_spines_are_errors_not_crashes() {
    let src = format!("x = f{}", " a".repeat(10_050));
    assert!(error_of(&src).contains("too many arguments"));
    let src = format!("x = a{}", " + a".repeat(10_050));
    assert!(error_of(&src).contains("infix expression too long"));
    // Just under the limit is fine.
    let m = parse(&format!("x = f{}", " a".repeat(5000)));
    assert_eq!(m.decls.len(), 1);
}

#[test]
fn empty_and_comment_only_files() {
    assert!(parse("").decls.is_empty());
    assert!(parse("-- nothing here\n{- at all -}\n").decls.is_empty());
    assert_eq!(parse("module M where\n").name_text(), "M");
}

#[test]
fn adjacent_duplicate_variable_is_reported_like_ghc() {
    let e = error_of("x = 1\nx = 2\nmain = print x\n");
    assert_eq!(
        e,
        "t.hs:2:1: error:\n    Multiple declarations of ‘x’\n    Declared at: t.hs:1:1\n                 t.hs:2:1\n  |\n2 | x = 2\n  | ^\n"
    );
}

#[test]
fn default_declarations() {
    let d = decls_of("default (Integer, Double)\ndefault ()\ndefault (Maybe Int, [Char])\n");
    assert_eq!(
        d,
        vec![
            "default (Integer, Double)",
            "default ()",
            "default (Maybe Int, [Char])"
        ]
    );
    assert!(error_of("default Int\n").contains("t.hs:1:9: error"));
    assert!(error_of("default (Int,)\n").contains("t.hs:1:14: error"));
    assert!(error_of("f = 1 where default (Int)\n").contains("t.hs:1:13: error"));
}

#[test]
fn javascript_foreign_declarations_keep_their_snippets() {
    let d = decls_of(
        "foreign import javascript unsafe \"document.body.append($1)\" js_append :: JSVal -> IO ()\n\
         foreign import javascript \"wrapper\" js_cb :: (Int -> IO ()) -> IO JSVal\n\
         foreign import javascript safe \"dynamic\" js_call :: JSVal -> IO Int\n\
         foreign export javascript \"hs_step\" step :: Int -> IO Int\n",
    );
    assert_eq!(
        d[0],
        "foreign import javascript unsafe \"document.body.append($1)\" js_append :: JSVal -> IO ()"
    );
    assert_eq!(
        d[1],
        "foreign import javascript \"wrapper\" js_cb :: (Int -> IO ()) -> IO JSVal"
    );
    assert_eq!(
        d[2],
        "foreign import javascript safe \"dynamic\" js_call :: JSVal -> IO Int"
    );
    assert_eq!(
        d[3],
        "foreign export javascript \"hs_step\" step :: Int -> IO Int"
    );
}
