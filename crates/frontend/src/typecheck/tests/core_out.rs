//! Whole programs to Core, checked structurally (and by the Core lint,
//! which `compile_source` runs on everything it produces).

use super::mini::core;
use crate::core::{AltCon, Bind, Expr, Program};

fn compiled(src: &str) -> Program {
    core(src).unwrap_or_else(|e| panic!("{e}"))
}

fn binding<'p>(p: &'p Program, name: &str) -> &'p Expr {
    p.binds
        .iter()
        .find_map(|b| match b {
            Bind::NonRec(v, e) if v.name == name => Some(e),
            Bind::Rec(g) => g.iter().find(|(v, _)| v.name == name).map(|(_, e)| e),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no binding {name}"))
}

pub(super) fn any_node(e: &Expr, f: &mut dyn FnMut(&Expr) -> bool) -> bool {
    if f(e) {
        return true;
    }
    match e {
        Expr::App(g, args) => any_node(g, f) || args.iter().any(|a| any_node(a, f)),
        Expr::Lam(_, b) => any_node(b, f),
        Expr::Let(b, body) => {
            let inner = match &**b {
                Bind::NonRec(_, e) => any_node(e, f),
                Bind::Rec(g) => g.iter().any(|(_, e)| any_node(e, f)),
            };
            inner || any_node(body, f)
        }
        Expr::Case(s, _, alts) => any_node(s, f) || alts.iter().any(|a| any_node(&a.rhs, f)),
        Expr::ConApp(_, args)
        | Expr::PrimApp(_, args)
        | Expr::Foreign(_, args)
        | Expr::UnboxedTuple(args) => args.iter().any(|a| any_node(a, f)),
        Expr::Var(_) | Expr::Lit(_) => false,
    }
}

#[test]
fn hello_world_has_main() {
    let p = compiled("main = putStrLn \"hello\"\n");
    let main = p.main.as_ref().expect("main");
    assert_eq!(main.name, "Main.main");
    assert!(p.top_level("Main.main").is_some());
    // The string literal is unpacked from static bytes.
    assert!(any_node(
        binding(&p, "Main.main"),
        &mut |e| matches!(e, Expr::PrimApp(op, _) if op.0 == "unpackCString#")
    ));
}

#[test]
fn classes_become_dictionaries() {
    let src = "class Show a => Pretty a where\n  pretty :: a -> String\n  pretty x = show x\n\
               data Color = Red | Green\ninstance Show Color where\n  show Red = \"Red\"\n  show Green = \"Green\"\n\
               instance Pretty Color\ninstance Pretty a => Pretty [a] where\n  pretty xs = concatMap pretty xs\n\
               main = putStrLn (pretty [Red, Green])\n";
    let p = compiled(src);
    let dict = p
        .con_by_name("Main.Pretty:Dict")
        .expect("dictionary constructor");
    // One superclass field and one method.
    assert_eq!(p.con(dict).fields.len(), 2);
    // The selector is a case on the dictionary.
    assert!(
        matches!(binding(&p, "Main.pretty"), Expr::Lam(ps, body) if ps.len() == 1 && matches!(**body, Expr::Case(..)))
    );
    // The instance with a context is a function of the element dictionary.
    assert!(matches!(binding(&p, "$fMain.Pretty@GHC.Types.[]"), Expr::Lam(ps, _) if ps.len() == 1));
    // Without context: the constructor application itself.
    assert!(matches!(binding(&p, "$fMain.Pretty@Main.Color"), Expr::ConApp(c, _) if *c == dict));
    // The default method is used for the missing method.
    assert!(p.top_level("$dmMain.pretty").is_some());
}

#[test]
fn strict_fields_are_evaluated_and_newtypes_erased() {
    let src = "newtype Age = Age Int\ndata P = P !Int Int\nmk a b = P a b\ngrow (Age n) = Age (n + 1)\nmain = print 1\n";
    let p = compiled(src);
    assert!(
        p.con_by_name("Main.Age").is_none(),
        "newtype constructors are erased"
    );
    let mk = binding(&p, "Main.mk");
    let pc = p.con_by_name("Main.P").expect("P");
    // `case a of s -> P s b`
    assert!(any_node(
        mk,
        &mut |e| matches!(e, Expr::Case(_, _, alts) if alts.len() == 1 && alts[0].con == AltCon::Default
        && matches!(&alts[0].rhs, Expr::ConApp(c, _) if *c == pc))
    ));
}

#[test]
fn literal_patterns_use_fast_paths_and_eq() {
    let src = "f :: Int -> Int\nf 0 = 1\nf n = n\ng 'x' = True\ng _ = False\nh :: Integer -> Bool\nh 5 = True\nh _ = False\nmain = print (f 2)\n";
    let p = compiled(src);
    // Int literal pattern: a literal alternative on the unboxed field.
    assert!(any_node(
        binding(&p, "Main.f"),
        &mut |e| matches!(e, Expr::Case(_, _, alts) if alts.iter().any(|a| matches!(a.con, AltCon::Lit(crate::core::Lit::Int(0)))))
    ));
    assert!(any_node(
        binding(&p, "Main.g"),
        &mut |e| matches!(e, Expr::Case(_, _, alts) if alts.iter().any(|a| matches!(a.con, AltCon::Lit(crate::core::Lit::Char(120)))))
    ));
    // Integer literal pattern: `==` from Eq.
    let eq = p.top_level("Prelude.==").expect("==").id;
    assert!(any_node(
        binding(&p, "Main.h"),
        &mut |e| matches!(e, Expr::Var(v) if v.id == eq)
    ));
}

#[test]
fn pattern_failure_names_the_function() {
    let p = compiled("f (Just x) = x\nmain = print (f (Just 1))\n");
    let f = binding(&p, "Main.f");
    let mut found = false;
    any_node(f, &mut |e| {
        if let Expr::Lit(crate::core::Lit::String(s)) = e {
            found |= String::from_utf8_lossy(s)
                == "t.hs:1:1-14: Non-exhaustive patterns in function f\n";
        }
        false
    });
    assert!(found, "{f:?}");
}

#[test]
fn a_larger_program_passes_the_lint() {
    let src = "{-# LANGUAGE BangPatterns #-}\nmodule Main where\nimport Data.Maybe (fromMaybe)\n\
        data Tree a = Leaf | Node (Tree a) a (Tree a)\n\
        insert :: Ord a => a -> Tree a -> Tree a\ninsert x Leaf = Node Leaf x Leaf\ninsert x t@(Node l y r)\n  | x < y = Node (insert x l) y r\n  | x > y = Node l y (insert x r)\n  | otherwise = t\n\
        toList Leaf = []\ntoList (Node l x r) = toList l ++ [x] ++ toList r\n\
        sumStrict = go 0\n  where go !acc [] = acc\n        go !acc (x:xs) = go (acc + x) xs\n\
        swap ~(a, b) = (b, a)\n\
        classify n | n < 0 = \"neg\" | n == 0 = \"zero\" | otherwise = \"pos\"\n\
        main = do\n  let t = foldr insert Leaf [3, 1, 2 :: Int]\n  print (toList t)\n  print (sumStrict [1, 2, 3 :: Int])\n  print (fst (swap (1 :: Int, 'c')))\n  putStrLn (classify (fromMaybe 0 (Just (-5 :: Int))))\n  case toList t of\n    (x:_) | x > 10 -> putStrLn \"big\"\n    _ -> return ()\n";
    let p = compiled(src);
    assert!(p.main.is_some());
    // Every top-level name is qualified and unique (the lint checks
    // uniqueness); user bindings are in module Main.
    assert!(p.top_level("Main.insert").is_some() && p.top_level("Main.toList").is_some());
}

#[test]
fn pattern_bindings_share_one_thunk() {
    let src = "f x = let (n, r) = (x, not x)\n          m = if r then n else x\n      in (m, n, r)\ng ~(a, b) = (b, a)\nmain = print (fst (g (1 :: Int, 'c')))\n";
    let p = compiled(src);
    assert!(p.top_level("Main.f").is_some());
}

#[test]
fn foreign_imports_marshal_and_exports_are_listed() {
    let src = "foreign import ccall unsafe \"sin\" c_sin :: Double -> Double\n\
               foreign import ccall \"putchar\" putchar :: Int -> IO Int\n\
               foreign import ccall \"flag\" flag :: Bool -> IO ()\n\
               triple :: Int -> Int\ntriple x = x * 3\nforeign export ccall \"hs_triple\" triple :: Int -> Int\n\
               main = putchar 65 >> flag True\n";
    let p = compiled(src);
    let sin = binding(&p, "Main.c_sin");
    assert!(any_node(
        sin,
        &mut |e| matches!(e, Expr::Foreign(c, args) if c.entity == "sin" && !c.io && args.len() == 1
        && c.arg_reps == vec![crate::core::Rep::Double] && c.result_rep == Some(crate::core::Rep::Double))
    ));
    let pc = binding(&p, "Main.putchar");
    // IO: the lambda takes the argument and the world token.
    assert!(matches!(pc, Expr::Lam(ps, _) if ps.len() == 2 && ps[1].rep == crate::core::Rep::Void));
    assert!(any_node(
        pc,
        &mut |e| matches!(e, Expr::Foreign(c, args) if c.io && args.len() == 2)
    ));
    assert_eq!(p.foreign_exports.len(), 1);
    let ex = &p.foreign_exports[0];
    assert_eq!(ex.name, "hs_triple");
    assert_eq!(ex.target.name, "Main.triple");
    assert_eq!(ex.arg_types, vec![crate::core::FfiType::Int]);
    assert_eq!(ex.result_type, Some(crate::core::FfiType::Int));
    assert!(!ex.io);
}

#[test]
fn foreign_types_are_checked() {
    let e = core("foreign import ccall \"f\" f :: Maybe Int -> Int\nmain = print (f Nothing)\n")
        .unwrap_err();
    assert!(
        e.contains("Unacceptable argument type in foreign declaration"),
        "{e}"
    );
    let e = core("g :: Int -> Int\ng x = x\nforeign export ccall \"g\" g :: Double -> Double\nmain = print 1\n").unwrap_err();
    assert!(e.contains("Couldn't match"), "{e}");
}

#[test]
fn huge_integer_literals_stay_exact() {
    let p = compiled("big = 123456789012345678901234567890123456789012345\nmain = print big\n");
    let mut found = false;
    any_node(binding(&p, "Main.big"), &mut |e| {
        found |= matches!(e, Expr::Lit(crate::core::Lit::Integer(s)) if s == "123456789012345678901234567890123456789012345");
        false
    });
    assert!(found);
}
