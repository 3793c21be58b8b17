//! Tests of the desugaring passes: parse a snippet, resolve fixities,
//! desugar, and compare the pretty-printed result.

use crate::diagnostics::{Diagnostic, FileId, SourceFile};
use crate::syntax::ast::{DeclKind, Module};
use crate::syntax::{parse_module, resolve_fixities};

use super::{desugar_module, pretty};

fn file(src: &str) -> SourceFile {
    SourceFile::new(FileId(0), "T.hs", src)
}

fn desugar(src: &str) -> Result<Module, Vec<Diagnostic>> {
    let f = file(src);
    let m = parse_module(&f)?;
    let mut ms = vec![m];
    resolve_fixities(&mut ms)?;
    let mut m = ms.pop().expect("one module");
    desugar_module(&mut m, &f)?;
    Ok(m)
}

fn module_text(src: &str) -> String {
    match desugar(src) {
        Ok(m) => m
            .decls
            .iter()
            .map(pretty::decl)
            .collect::<Vec<_>>()
            .join("\n"),
        Err(ds) => panic!("desugaring failed: {ds:?}"),
    }
}

/// The pretty-printed declaration(s) binding `name`.
fn binding(src: &str, name: &str) -> String {
    let m = desugar(src).unwrap_or_else(|ds| panic!("desugaring failed: {ds:?}"));
    let found: Vec<String> = m
        .decls
        .iter()
        .filter(|d| matches!(&d.kind, DeclKind::FunBind(fb) if fb.name.name == name))
        .map(pretty::decl)
        .collect();
    assert!(
        !found.is_empty(),
        "no binding {name} in\n{}",
        m.decls
            .iter()
            .map(pretty::decl)
            .collect::<Vec<_>>()
            .join("\n")
    );
    found.join("\n")
}

fn errors(src: &str) -> Vec<String> {
    match desugar(src) {
        Ok(m) => panic!(
            "expected errors, got\n{}",
            m.decls
                .iter()
                .map(pretty::decl)
                .collect::<Vec<_>>()
                .join("\n")
        ),
        Err(ds) => {
            let f = file(src);
            ds.iter()
                .map(|d| {
                    let (line, col) = f.line_col(d.span.start);
                    format!("{line}:{col}: {}", d.message.lines().next().unwrap_or(""))
                })
                .collect()
        }
    }
}

// ---------------------------------------------------------------- do

#[test]
fn do_statements_become_binds_and_thens() {
    assert_eq!(
        binding(
            "main = do { x <- getLine; putStrLn x; let { y = x }; print y }",
            "main"
        ),
        r"main = (%>>=) getLine (\x -> (%>>) (putStrLn x) (let { y = x } in print y))"
    );
}

#[test]
fn do_with_one_expression_is_the_expression() {
    assert_eq!(binding("main = do { print 1 }", "main"), "main = print 1");
}

#[test]
fn refutable_do_pattern_calls_fail_with_ghc_message() {
    let src = "main = do\n  Just x <- return Nothing\n  print x\n";
    assert_eq!(
        binding(src, "main"),
        r#"main = (%>>=) (return Nothing) (\do$1 -> case do$1 of { Just x -> print x; _ -> %fail "Pattern match failure in do expression at T.hs:2:3-8" })"#
    );
}

#[test]
fn tuple_and_single_constructor_patterns_are_irrefutable() {
    let src = "data P = P Int Int\nmain = do { (a, b) <- f; P c d <- g; ~[e] <- h; return () }";
    let text = binding(src, "main");
    assert!(!text.contains("%fail"), "{text}");
    assert!(
        text.contains(r"\(a, b) ->") && text.contains(r"\(P c d) ->") && text.contains(r"\~[e] ->"),
        "{text}"
    );
}

#[test]
fn do_ending_in_a_bind_is_an_error() {
    // The parser may reject it first; either way it is an error, not a panic.
    assert!(desugar("main = do { x <- getLine }").is_err());
}

// ---------------------------------------------------------------- small sugar

#[test]
fn sections_negation_and_if() {
    let src = "f = (+ 1)\ng = (1 +)\nh = (`div` 2)\nk = (- 1)\nl = (`elem` g 3)\nm x = if x then -x else 2\n";
    assert_eq!(binding(src, "f"), r"f = \sec$1 -> (+) sec$1 1");
    assert_eq!(binding(src, "g"), "g = (+) 1");
    assert_eq!(binding(src, "h"), r"h = \sec$2 -> div sec$2 2");
    assert_eq!(binding(src, "k"), "k = %negate 1");
    assert_eq!(
        binding(src, "l"),
        r"l = let { sec$4 = g 3 } in \sec$3 -> elem sec$3 sec$4"
    );
    assert_eq!(
        binding(src, "m"),
        "m x = case x of { %True -> %negate x; %False -> 2 }"
    );
}

#[test]
fn negative_literal_patterns_stay_literals() {
    assert_eq!(binding("f (-1) = 0\nf x = x", "f"), "f (-1) = 0; f x = x");
}

#[test]
fn operators_become_applications() {
    let src = "infixl 6 +\ninfixl 7 *\nf x y = x + y * 2";
    assert_eq!(binding(src, "f"), "f x y = (+) x ((*) y 2)");
    assert_eq!(binding("f x = x : []", "f"), "f x = (:) x []");
    assert_eq!(binding("f x = x `div` 2", "f"), "f x = div x 2");
}

#[test]
fn arithmetic_sequences() {
    let src = "a = [1..]\nb = [1,3..]\nc = [1..9]\nd = [1,3..9]";
    assert_eq!(binding(src, "a"), "a = %enumFrom 1");
    assert_eq!(binding(src, "b"), "b = %enumFromThen 1 3");
    assert_eq!(binding(src, "c"), "c = %enumFromTo 1 9");
    assert_eq!(binding(src, "d"), "d = %enumFromThenTo 1 3 9");
}

#[test]
fn strings_stay_literals() {
    assert_eq!(binding("s = \"hi\"", "s"), "s = \"hi\"");
}

// ---------------------------------------------------------------- list comprehensions

#[test]
fn list_comprehension_with_guard() {
    assert_eq!(
        binding("f = [x | x <- xs, odd x]", "f"),
        "f = let { go$1 [] = []; go$1 (x : xs$2) = case odd x of { %True -> (:) x (go$1 xs$2); %False -> go$1 xs$2 } } in go$1 xs"
    );
}

#[test]
fn list_comprehension_nested_generators_let_and_refutable_pattern() {
    assert_eq!(
        binding(
            "f xs = [(x, z) | Just x <- xs, let y = x, z <- [y..x]]",
            "f"
        ),
        "f xs = let { go$1 [] = []; go$1 ((Just x) : xs$2) = let { y = x } in let { go$3 [] = go$1 xs$2; \
         go$3 (z : xs$4) = (:) (x, z) (go$3 xs$4) } in go$3 (%enumFromTo y x); go$1 (_ : xs$2) = go$1 xs$2 } in go$1 xs"
    );
}

#[test]
fn list_comprehension_without_generators() {
    assert_eq!(
        binding("f = [1 | True]", "f"),
        "f = case True of { %True -> (:) 1 []; %False -> [] }"
    );
}

// ---------------------------------------------------------------- records

const RECORD: &str = "data R = A { x :: Int, y :: !Int } | B { x :: Int }\n";

#[test]
fn record_selectors_with_signatures_and_ghc_error() {
    let m = desugar(RECORD).expect("desugars");
    let text: Vec<String> = m.decls.iter().map(pretty::decl).collect();
    assert_eq!(
        text[1..],
        [
            "x :: R -> Int",
            "x (A field$1 _) = field$1; x (B field$2) = field$2",
            "y :: R -> Int",
            r#"y (A _ field$3) = field$3; y _ = %recSelError "No match in record selector y""#,
        ]
    );
}

#[test]
fn record_construction_is_positional_with_missing_field_errors() {
    let src = format!("{RECORD}g = A {{ y = 2 }}\nk = B {{}}\n");
    assert_eq!(
        binding(&src, "g"),
        r#"g = A (%recConError "T.hs:2:5-15: Missing field in record construction x") 2"#
    );
    assert_eq!(
        binding(&src, "k"),
        r#"k = B (%recConError "T.hs:3:5-8: Missing field in record construction x")"#
    );
}

#[test]
fn record_construction_errors() {
    let src = format!(
        "{RECORD}a = A {{ x = 1 }}\nb = B {{ y = 1 }}\nc = B {{ x = 1, x = 2 }}\nd = C {{ x = 1 }}\n"
    );
    assert_eq!(
        errors(&src),
        [
            "2:5: Constructor ‘A’ does not have the required strict field(s): ‘y’",
            "3:9: Constructor ‘B’ does not have field ‘y’",
            "4:16: duplicate field name ‘x’ in record construction",
            "5:5: Not in scope: data constructor ‘C’",
        ]
    );
}

#[test]
fn record_update_is_a_case_over_constructors_with_the_fields() {
    let src = format!("{RECORD}f r = r {{ x = 1 }}\ng r = r {{ y = 2 }}\n");
    assert_eq!(
        binding(&src, "f"),
        "f r = let { upd$4 = 1 } in case r of { A old$5 old$6 -> A upd$4 old$6; B old$7 -> B upd$4 }"
    );
    assert_eq!(
        binding(&src, "g"),
        r#"g r = case r of { A old$8 old$9 -> A old$8 2; _ -> %patError "T.hs:3:7-17: Non-exhaustive patterns in record update" }"#
    );
}

#[test]
fn record_update_without_a_matching_constructor_is_an_error() {
    let src =
        "data R = A { x :: Int } | B { y :: Int }\nf r = r { x = 1, y = 2 }\ng r = r { z = 1 }\n";
    assert_eq!(
        errors(src),
        [
            "2:7: No constructor has all these fields: ‘x’, ‘y’",
            "3:11: Not in scope: record field ‘z’",
        ]
    );
}

#[test]
fn record_patterns_become_positional() {
    let src = format!("{RECORD}h (A {{ y = q }}) = q\nh B {{}} = 0\n");
    assert_eq!(binding(&src, "h"), "h (A _ q) = q; h (B _) = 0");
}

// ---------------------------------------------------------------- deriving

fn instance(src: &str, class: &str) -> String {
    let m = desugar(src).unwrap_or_else(|ds| panic!("desugaring failed: {ds:?}"));
    m.decls
        .iter()
        .filter(|d| matches!(&d.kind, DeclKind::Instance(i) if i.class.name == class))
        .map(pretty::decl)
        .next()
        .unwrap_or_else(|| panic!("no {class} instance"))
}

const COLOR: &str = "data C = Red | Green | Blue deriving (Eq, Ord, Show, Enum, Bounded)";

#[test]
fn derived_eq_is_structural() {
    assert_eq!(
        instance(COLOR, "Eq"),
        "instance %Eq C where { (==) Red Red = %True; (==) Green Green = %True; (==) Blue Blue = %True; (==) _ _ = %False }"
    );
    assert_eq!(
        instance("data T a = Leaf | Node (T a) a deriving Eq", "Eq"),
        "instance (%Eq a) => %Eq (T a) where { (==) Leaf Leaf = %True; (==) (Node a$1 a$2) (Node b$3 b$4) = \
         (%&&) ((%==) a$1 b$3) ((%==) a$2 b$4); (==) _ _ = %False }"
    );
}

#[test]
fn derived_ord_compares_tags_then_fields() {
    assert_eq!(
        instance(COLOR, "Ord"),
        "instance %Ord C where { compare a$1 b$2 = %compare (tag$3 a$1) (tag$3 b$2) where \
         { tag$3 :: C -> %Int; tag$3 Red = 0; tag$3 Green = 1; tag$3 Blue = 2 } }"
    );
    assert_eq!(
        instance("data P = P Int Bool Char deriving Ord", "Ord"),
        "instance %Ord P where { compare (P a$1 a$2 a$3) (P b$4 b$5 b$6) = case %compare a$1 b$4 of \
         { %LT -> %LT; %EQ -> case %compare a$2 b$5 of { %LT -> %LT; %EQ -> %compare a$3 b$6; %GT -> %GT }; %GT -> %GT } }"
    );
}

#[test]
fn derived_show_prefix_record_and_infix() {
    assert_eq!(
        instance("data T a = Leaf | Node a Int deriving Show", "Show"),
        r#"instance (%Show a) => %Show (T a) where { showsPrec _ Leaf = %showString "Leaf"; showsPrec d$3 (Node x$1 x$2) = %showParen ((%>=) d$3 11) ((%.) (%showString "Node ") ((%.) (%showsPrec 11 x$1) ((%.) (%showString " ") (%showsPrec 11 x$2)))) }"#
    );
    assert_eq!(
        instance(
            "data R = R { f :: Int, (<+>) :: Int } deriving Show",
            "Show"
        ),
        r#"instance %Show R where { showsPrec d$5 (R x$3 x$4) = %showParen ((%>=) d$5 11) ((%.) (%showString "R {f = ") ((%.) (%showsPrec 0 x$3) ((%.) (%showString ", (<+>) = ") ((%.) (%showsPrec 0 x$4) (%showString "}"))))) }"#
    );
    assert_eq!(
        instance(
            "infixr 5 :|\ndata N a = a :| [a] | Int `Foo` a deriving Show",
            "Show"
        ),
        r#"instance (%Show a) => %Show (N a) where { showsPrec d$3 ((:|) x$1 x$2) = %showParen ((%>=) d$3 6) ((%.) (%showsPrec 6 x$1) ((%.) (%showString " :| ") (%showsPrec 6 x$2))); showsPrec d$6 (Foo x$4 x$5) = %showParen ((%>=) d$6 10) ((%.) (%showsPrec 10 x$4) ((%.) (%showString " `Foo` ") (%showsPrec 10 x$5))) }"#
    );
}

#[test]
fn derived_enum_uses_ghc_messages() {
    let text = instance(COLOR, "Enum");
    for expected in [
        "fromEnum Red = 0; fromEnum Green = 1; fromEnum Blue = 2",
        r#"toEnum n$4 = case n$4 of { 0 -> Red; 1 -> Green; 2 -> Blue; _ -> %errorAt "T.hs:1:54 in main:Main" ((%++) "toEnum{C}: tag (" ((%++) (%show n$4) ") is outside of enumeration's range (0,2)")) }"#,
        r#"succ x$5 = case x$5 of { Blue -> %errorAt "T.hs:1:54 in main:Main" "succ{C}: tried to take `succ' of last tag in enumeration"; _ -> %toEnum ((%+) (%fromEnum x$5) 1) }"#,
        r#"pred x$6 = case x$6 of { Red -> %errorAt "T.hs:1:54 in main:Main" "pred{C}: tried to take `pred' of first tag in enumeration"; _ -> %toEnum ((%-) (%fromEnum x$6) 1) }"#,
        "enumFrom x$7 = %map %toEnum (%enumFromTo (%fromEnum x$7) 2)",
        "enumFromThen x$7 y$8 = %map %toEnum (%enumFromThenTo (%fromEnum x$7) (%fromEnum y$8) (case (%>=) (%fromEnum y$8) (%fromEnum x$7) of { %True -> 2; %False -> 0 }))",
    ] {
        assert!(text.contains(expected), "missing {expected}\nin {text}");
    }
}

#[test]
fn derived_bounded_for_enumerations_and_products() {
    assert_eq!(
        instance(COLOR, "Bounded"),
        "instance %Bounded C where { minBound = Red; maxBound = Blue }"
    );
    assert_eq!(
        instance("data P a b = P a Int deriving Bounded", "Bounded"),
        "instance (%Bounded a) => %Bounded (P a b) where { minBound = P %minBound %minBound; maxBound = P %maxBound %maxBound }"
    );
}

#[test]
fn deriving_errors_name_the_class_and_position() {
    assert_eq!(
        errors("data T = A Int | B deriving (Enum, Bounded, Read)"),
        [
            "1:30: Can't make a derived instance of ‘Enum T’:",
            "1:36: Can't make a derived instance of ‘Bounded T’:",
            "1:45: Can't make a derived instance of ‘Read T’:",
        ]
    );
    let f = file("data T = A Int | B deriving (Read)");
    let ds = desugar("data T = A Int | B deriving (Read)").expect_err("Read is not derivable");
    assert!(
        ds[0]
            .render_in(Some(&f))
            .contains("Can't make a derived instance of ‘Read T’"),
        "{ds:?}"
    );
}

#[test]
fn deriving_clause_is_removed_and_context_skips_phantoms() {
    let m = desugar("data Ph a b = Ph a deriving (Eq, Show)").expect("desugars");
    let DeclKind::Data(dd) = &m.decls[0].kind else {
        panic!("data first")
    };
    assert!(dd.deriving.is_empty());
    assert!(
        instance("data Ph a b = Ph a deriving (Eq, Show)", "Show")
            .starts_with("instance (%Show a) => %Show (Ph a b)")
    );
}

#[test]
fn generated_nodes_point_at_their_source() {
    let src = "data C = Red deriving (Show)\n";
    let m = desugar(src).expect("desugars");
    let DeclKind::Instance(i) = &m.decls[1].kind else {
        panic!("instance second")
    };
    let f = file(src);
    assert_eq!(f.slice(m.decls[1].span), "Show");
    assert_eq!(f.slice(i.decls[0].span), "Show");
}

#[test]
fn whole_module_prints() {
    let text = module_text("f = 1");
    assert_eq!(text, "f = 1");
}

// ---------------------------------------------------------------- whole programs

fn program(
    sources: &[(&str, &str)],
) -> (
    crate::diagnostics::SourceMap,
    Result<Vec<Module>, Vec<Diagnostic>>,
) {
    let mut sm = crate::diagnostics::SourceMap::new();
    let ids: Vec<_> = sources
        .iter()
        .map(|(name, text)| sm.add(*name, *text))
        .collect();
    let mut modules = Vec::new();
    for id in ids {
        match parse_module(sm.get(id).expect("added")) {
            Ok(m) => modules.push(m),
            Err(d) => return (sm, Err(d)),
        }
    }
    if let Err(d) = resolve_fixities(&mut modules) {
        return (sm, Err(d));
    }
    let result = super::desugar_program(&mut modules, &sm).map(|()| modules);
    (sm, result)
}

#[test]
fn program_record_syntax_uses_other_modules_types_and_prefers_its_own() {
    let lib = "module Lib where\ndata Cfg = Cfg { depth :: Int, name :: String }\ndata K = Mk { kf :: Int }\n";
    let user =
        "module Main where\ndata K = Mk Int Int\nc = Cfg { name = \"x\", depth = 1 }\nk = Mk { }\n";
    let (_, result) = program(&[("Lib.hs", lib), ("Main.hs", user)]);
    let modules = result.expect("desugars");
    let main = &modules[1];
    let text: Vec<String> = main.decls.iter().map(pretty::decl).collect();
    assert!(text.contains(&"c = Cfg 1 \"x\"".to_string()), "{text:?}");
    // `Mk {}` is Main's two-field `Mk`, not Lib's record.
    assert!(
        text.iter().any(
            |t| t.starts_with("k = Mk (%recConError") && t.matches("%recConError").count() == 2
        ),
        "{text:?}"
    );
}

/// The built-in library (`crates/frontend/lib`) desugars without errors.
#[test]
fn library_desugars() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "hs") {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lib"),
        &mut paths,
    );
    if paths.is_empty() {
        eprintln!("note: no library sources found; nothing to desugar");
        return;
    }
    paths.sort();
    let texts: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(p).expect("read library"),
            )
        })
        .collect();
    let sources: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let (sm, result) = program(&sources);
    match result {
        Ok(modules) => assert_eq!(modules.len(), paths.len()),
        Err(d) => panic!("{}", crate::diagnostics::render_diagnostics(&sm, &d)),
    }
}
