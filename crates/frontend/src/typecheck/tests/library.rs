//! Programs compiled with the real built-in library (`crate::prim`).

use crate::StandardBuiltins;
use crate::driver::{compile_source, infer_types};

fn compile_ok(src: &str) -> crate::core::Program {
    compile_source("prog.hs", src, &StandardBuiltins).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn hello_world() {
    let p = compile_ok("main :: IO ()\nmain = putStrLn \"Hello, world!\"\n");
    assert!(p.main.is_some());
}

#[test]
fn inferred_types_with_the_prelude() {
    let ts = infer_types(
        "prog.hs",
        "f xs = map (+ 1) xs\ng = sum [1, 2, 3]\nmain = print (f [1 :: Int], g)\n",
        &StandardBuiltins,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ts[0], "f :: Num a => [a] -> [a]");
    assert_eq!(ts[1], "g :: Integer");
}

/// Compiles every program of the shared corpus (`tests/programs/*.hs`) to
/// linted Core. Run with `--ignored --nocapture` to see each failure.
#[test]
#[ignore = "survey of the whole corpus; slow in debug builds"]
fn corpus_survey() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    let mut failed = Vec::new();
    let mut total = 0;
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "hs"))
    {
        total += 1;
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if let Err(e) = compile_source(&name, &text, &StandardBuiltins) {
            let first: String = e.to_string().lines().take(6).collect::<Vec<_>>().join("\n");
            println!("--- {name}\n{first}");
            failed.push(name);
        }
    }
    println!("{} of {total} failed: {failed:?}", failed.len());
}

// ---- requests of the library to the renamer and typer ------------------

use super::core_out::any_node;
use crate::core::{Bind, Expr, Lit, Program};

/// Whether any binding of the user's module `Main` (its values, and its
/// instances' dictionaries `$f<Class>@Main.<Type>`) contains a node for
/// which `f` holds.
fn main_module_has(p: &Program, f: &mut dyn FnMut(&Expr) -> bool) -> bool {
    let users = |name: &str| name.starts_with("Main.") || name.contains("@Main.");
    p.binds.iter().any(|b| match b {
        Bind::NonRec(v, e) => users(&v.name) && any_node(e, f),
        Bind::Rec(g) => g.iter().any(|(v, e)| users(&v.name) && any_node(e, f)),
    })
}

fn has_string(p: &Program, s: &str) -> bool {
    main_module_has(
        p,
        &mut |e| matches!(e, Expr::Lit(Lit::String(b)) if b == s.as_bytes()),
    )
}

fn mentions(p: &Program, global: &str) -> bool {
    main_module_has(p, &mut |e| matches!(e, Expr::Var(v) if v.name == global))
}

#[test]
fn error_and_undefined_in_user_code_get_their_call_site() {
    let src = "main :: IO ()\nmain = do\n  let f = error\n  if 1 > 2 then error (\"sum too big: \" ++ show 3) else return ()\n  print (map f [\"x\"] :: [Int], undefined :: Int)\n";
    let p = compile_ok(src);
    // Applied, unapplied, and `undefined`: each at the column of the name.
    assert!(has_string(&p, "prog.hs:4:17 in main:Main"));
    assert!(has_string(&p, "prog.hs:3:11 in main:Main"));
    assert!(has_string(&p, "prog.hs:5:32 in main:Main"));
    assert!(mentions(&p, "GHC.Base.errorAt"));
    assert!(mentions(&p, "GHC.Base.undefinedAt"));
    assert!(!mentions(&p, "GHC.Base.error"));
    assert!(!mentions(&p, "GHC.Base.undefined"));
}

#[test]
fn a_user_defined_error_is_left_alone() {
    let src = "module Main where\nimport Prelude hiding (error)\nerror :: String -> Int\nerror = length\nmain = print (error \"abc\", let undefined = 2 in undefined + 1)\n";
    let p = compile_ok(src);
    assert!(mentions(&p, "Main.error"));
    assert!(!mentions(&p, "GHC.Base.errorAt"));
    assert!(!mentions(&p, "GHC.Base.undefinedAt"));
}

#[test]
fn exception_instances_without_a_body_get_their_type_tag() {
    let with = "import Control.Exception\ndata Boom = Boom deriving Show\ninstance Exception Boom\nmain = throwIO Boom\n";
    assert!(has_string(&compile_ok(with), "Main.Boom"));
    // The tag comes from the instance, not from elsewhere in the program.
    let without = "import Control.Exception\ndata Boom = Boom deriving Show\nmain = print Boom\n";
    assert!(!has_string(&compile_ok(without), "Main.Boom"));
}

#[test]
fn no_implicit_prelude_is_honoured() {
    let bare = "{-# LANGUAGE NoImplicitPrelude #-}\nmodule Main where\nmain = putStrLn \"hi\"\n";
    let e = compile_source("prog.hs", bare, &StandardBuiltins)
        .expect_err("Prelude must not be in scope");
    assert!(
        e.to_string().contains("Variable not in scope: putStrLn"),
        "{e}"
    );
    let explicit = "{-# LANGUAGE NoImplicitPrelude #-}\nmodule Main where\nimport Prelude (putStrLn)\nmain = putStrLn \"hi\"\n";
    compile_ok(explicit);
    let partial = "{-# LANGUAGE NoImplicitPrelude #-}\nmodule Main where\nimport Prelude (putStrLn)\nmain = putStrLn (show 1)\n";
    let e =
        compile_source("prog.hs", partial, &StandardBuiltins).expect_err("show is not imported");
    assert!(e.to_string().contains("Variable not in scope: show"), "{e}");
}

// ---- `default` declarations (Haskell 2010 4.3.4) ------------------------

#[test]
fn default_declarations_choose_the_defaulted_types() {
    let ts = infer_types(
        "prog.hs",
        "import Data.Int\ndefault (Int8, Float)\ng = 2 / 3\nh = 2 ^ 7\nk = (2 :: Int) ^ 70\nmain = print (g, h, k)\n",
        &StandardBuiltins,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ts[0], "g :: Float");
    assert_eq!(ts[1], "h :: Int8");
    assert_eq!(ts[2], "k :: Int", "the exponent defaults to Int8 silently");
}

#[test]
fn empty_default_declaration_leaves_user_code_ambiguous_but_not_the_library() {
    let e = compile_source(
        "prog.hs",
        "default ()\nmain = print (1 + 2)\n",
        &StandardBuiltins,
    )
    .expect_err("ambiguous");
    let e = e.to_string();
    assert!(
        e.contains("prog.hs:2:") && e.contains("Ambiguous type variable"),
        "{e}"
    );
    // The library's own defaulting (e.g. inside (^), showFloat) is untouched.
    compile_ok(
        "import Data.List\ndefault ()\nmain = print (2 ^ (10 :: Int) :: Int, sort [3, 1 :: Int], 1.5 :: Double)\n",
    );
}

#[test]
fn bad_default_declarations_are_rejected() {
    let cases = [
        (
            "default (Bool)\nmain = return ()\n",
            "prog.hs:1:10: error:\n    No instance for (Num Bool) arising from the 'default' declaration",
        ),
        (
            "default (Int)\ndefault (Double)\nmain = return ()\n",
            "prog.hs:2:1: error: Multiple default declarations",
        ),
        ("default (Int\nmain = return ()\n", "prog.hs:2:1: error:"),
    ];
    for (src, want) in cases {
        let e = compile_source("prog.hs", src, &StandardBuiltins)
            .expect_err(src)
            .to_string();
        assert!(e.contains(want), "{src}\n--- got:\n{e}");
    }
}

#[test]
fn fractional_literals_at_other_types_are_the_exact_decimal() {
    // `fromRational (1 :% 400)`, not the binary value of the Double 0.0025.
    let p = compile_ok(
        "import Data.Ratio\nx :: Rational\nx = 2.5e-3\ny :: Rational\ny = -1.0e-40\nmain = print (x, y)\n",
    );
    let ints = |name: &str| {
        let mut found = Vec::new();
        for b in &p.binds {
            if let crate::core::Bind::NonRec(v, e) = b
                && v.name == name
            {
                super::core_out::any_node(e, &mut |n| {
                    if let crate::core::Expr::Lit(crate::core::Lit::Integer(s)) = n {
                        found.push(s.clone());
                    }
                    false
                });
            }
        }
        found
    };
    assert_eq!(ints("Main.x"), vec!["1".to_string(), "400".to_string()]);
    // `-1.0e-40` is `negate (fromRational (1 :% 10^40))`, as Haskell 2010 says.
    assert_eq!(
        ints("Main.y"),
        vec!["1".to_string(), format!("1{}", "0".repeat(40))]
    );
}
