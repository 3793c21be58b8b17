//! Constant-argument specialisation (src/specialise.rs): where it fires,
//! where it must not, and that programs from the real front end whose local
//! loops were generalised over dictionaries give the same results with it
//! and lose their dictionary selections.

mod common;

use bytecode::Rep as BRep;
use common::eval::Machine;
use common::*;
use frontend::core::{self, Bind, Expr, Rep, Var};
use frontend::driver::compile_source;
use frontend::driver::standard::StandardBuiltins;
use stg::specialise::specialise;
use stg::{FrontendPrims, Options};

/// The parameters of the function bound by the outermost `let` of `e`,
/// and its calls' argument counts, in a walk order.
fn let_params(e: &Expr, f: &Var) -> Vec<String> {
    let Expr::Let(b, _) = e else {
        panic!("not a let: {e:?}")
    };
    let rhs = match &**b {
        Bind::NonRec(v, r) if v.id == f.id => r,
        Bind::Rec(g) => &g.iter().find(|(v, _)| v.id == f.id).expect("member").1,
        _ => panic!("no binding of {}", f.name),
    };
    let Expr::Lam(ps, _) = rhs else {
        panic!("not a lambda: {rhs:?}")
    };
    ps.iter().map(|p| p.name.clone()).collect()
}

/// The argument lists of every call of `f` in `e`.
fn calls(e: &Expr, f: &Var) -> Vec<Vec<Expr>> {
    let mut out = Vec::new();
    stg::optimise::walk(e, &mut |e| {
        if let Expr::App(g, args) = e {
            if matches!(&**g, Expr::Var(g) if g.id == f.id) {
                out.push(args.clone());
            }
        }
    });
    out
}

fn mentions(e: &Expr, x: &Var) -> bool {
    let mut found = false;
    stg::optimise::walk(e, &mut |e| {
        found |= matches!(e, Expr::Var(y) if y.id == x.id)
    });
    found
}

/// `letrec f = \d n -> case n of I# k -> sel d (f d (I# (k -# 1#))) in f D m`:
/// `d` is always the top-level `D`, so `f` loses it and `sel D ..` remains.
#[test]
fn recursive_local_function_loses_its_constant_dictionary() {
    let mut b = Builder::new();
    let dict = b.var("Main.$fD", Rep::Ptr);
    let sel = b.var("Main.sel", Rep::Ptr);
    let f = b.var("f", Rep::Ptr);
    let d = b.var("d", Rep::Ptr);
    let n = b.var("n", Rep::Ptr);
    let nb = b.var("nb", Rep::Ptr);
    let k = b.var("k", Rep::Int);
    let m = b.var("m", Rep::Ptr);
    let body = case(
        v(&n),
        &nb,
        vec![alt_con(
            INT,
            &[&k],
            app(
                v(&sel),
                vec![
                    v(&d),
                    app(
                        v(&f),
                        vec![v(&d), con(INT, vec![prim("-#", vec![v(&k), int(1)])])],
                    ),
                ],
            ),
        )],
    );
    let e = letrec(
        vec![(&f, lam(&[&d, &n], body))],
        app(v(&f), vec![v(&dict), v(&m)]),
    );
    let out = specialise(e);
    assert_eq!(let_params(&out, &f), vec!["n".to_string()], "{out:?}");
    for args in calls(&out, &f) {
        assert_eq!(args.len(), 1, "dictionary argument left: {out:?}");
    }
    assert!(!mentions(&out, &d), "parameter left: {out:?}");
    let sel_calls = calls(&out, &sel);
    assert_eq!(sel_calls.len(), 1);
    assert_eq!(sel_calls[0][0], v(&dict), "{out:?}");
}

/// The same function called with two different dictionaries keeps its
/// parameter.
#[test]
fn dictionary_that_differs_between_calls_is_kept() {
    let mut b = Builder::new();
    let d1 = b.var("Main.$fD1", Rep::Ptr);
    let d2 = b.var("Main.$fD2", Rep::Ptr);
    let f = b.var("f", Rep::Ptr);
    let d = b.var("d", Rep::Ptr);
    let x = b.var("x", Rep::Ptr);
    let pair = b.var("Main.pair", Rep::Ptr);
    let e = let1(
        &f,
        lam(&[&d, &x], app(v(&d), vec![v(&x)])),
        app(
            v(&pair),
            vec![
                app(v(&f), vec![v(&d1), int(1)]),
                app(v(&f), vec![v(&d2), int(2)]),
            ],
        ),
    );
    let out = specialise(e.clone());
    assert_eq!(out, e);
}

/// Polymorphic recursion: the recursive call passes a dictionary built
/// from the parameter (`f (dList d) ..`), not the parameter itself.
#[test]
fn polymorphic_recursion_is_not_specialised() {
    let mut b = Builder::new();
    let dict = b.var("Main.$fD", Rep::Ptr);
    let dlist = b.var("Main.$fDList", Rep::Ptr);
    let f = b.var("f", Rep::Ptr);
    let d = b.var("d", Rep::Ptr);
    let d2 = b.var("d2", Rep::Ptr);
    let x = b.var("x", Rep::Ptr);
    let y = b.var("y", Rep::Ptr);
    let rhs = lam(
        &[&d, &x],
        let1(
            &d2,
            app(v(&dlist), vec![v(&d)]),
            app(v(&f), vec![v(&d2), v(&x)]),
        ),
    );
    let e = letrec(vec![(&f, rhs)], app(v(&f), vec![v(&dict), v(&y)]));
    let out = specialise(e);
    // `x` is passed on unchanged, so it is constant (`y`) and goes; `d`
    // is not.
    assert_eq!(let_params(&out, &f), vec!["d".to_string()], "{out:?}");
    assert!(calls(&out, &f).contains(&vec![v(&d2)]), "{out:?}");
    assert!(calls(&out, &f).contains(&vec![v(&dict)]), "{out:?}");
}

/// `f` passed as a value (`map f`): not every call is visible.
#[test]
fn escaping_function_is_not_specialised() {
    let mut b = Builder::new();
    let dict = b.var("Main.$fD", Rep::Ptr);
    let map = b.var("Main.map", Rep::Ptr);
    let f = b.var("f", Rep::Ptr);
    let d = b.var("d", Rep::Ptr);
    let x = b.var("x", Rep::Ptr);
    let xs = b.var("xs", Rep::Ptr);
    let e = let1(
        &f,
        lam(&[&d, &x], app(v(&d), vec![v(&x)])),
        app(v(&map), vec![v(&f), app(v(&f), vec![v(&dict), v(&xs)])]),
    );
    let out = specialise(e.clone());
    assert_eq!(out, e);
}

/// The constant is bound inside the `let` body (under a lambda), so it is
/// not one value for every call.
#[test]
fn constant_bound_inside_the_let_is_not_substituted() {
    let mut b = Builder::new();
    let f = b.var("f", Rep::Ptr);
    let d = b.var("d", Rep::Ptr);
    let x = b.var("x", Rep::Ptr);
    let e2 = b.var("e", Rep::Ptr);
    let e = let1(
        &f,
        lam(&[&d, &x], app(v(&d), vec![v(&x)])),
        lam(&[&e2], app(v(&f), vec![v(&e2), int(3)])),
    );
    let out = specialise(e.clone());
    assert_eq!(out, e);
}

/// Partial applications count as calls as long as they pass the
/// dictionary; a call that passes only the dictionary keeps a parameter
/// so the function stays a function.
#[test]
fn only_parameter_is_kept() {
    let mut b = Builder::new();
    let dict = b.var("Main.$fD", Rep::Ptr);
    let f = b.var("f", Rep::Ptr);
    let d = b.var("d", Rep::Ptr);
    let e = let1(
        &f,
        lam(&[&d], app(v(&d), vec![int(1)])),
        app(v(&f), vec![v(&dict)]),
    );
    let out = specialise(e.clone());
    assert_eq!(out, e);
}

/// Inner functions specialised to an outer function's parameter are
/// specialised again when the outer one is.
#[test]
fn nested_functions_reach_the_top_level_dictionary() {
    let mut b = Builder::new();
    let dict = b.var("Main.$fD", Rep::Ptr);
    let outer = b.var("outer", Rep::Ptr);
    let od = b.var("od", Rep::Ptr);
    let ox = b.var("ox", Rep::Ptr);
    let inner = b.var("inner", Rep::Ptr);
    let id = b.var("id", Rep::Ptr);
    let ix = b.var("ix", Rep::Ptr);
    let y = b.var("y", Rep::Ptr);
    let inner_rhs = lam(
        &[&id, &ix],
        app(v(&id), vec![app(v(&inner), vec![v(&id), v(&ix)])]),
    );
    let outer_rhs = lam(
        &[&od, &ox],
        letrec(
            vec![(&inner, inner_rhs)],
            app(v(&inner), vec![v(&od), v(&ox)]),
        ),
    );
    let e = letrec(
        vec![(&outer, outer_rhs)],
        app(v(&outer), vec![v(&dict), v(&y)]),
    );
    let out = specialise(e);
    assert!(!mentions(&out, &od), "{out:?}");
    assert!(!mentions(&out, &id), "{out:?}");
    assert!(mentions(&out, &dict), "{out:?}");
}

/// Local loops generalised by the front end (no signatures), with the
/// `Integral`, `Num`, `Eq` and `Ord` methods the benchmark programs use.
const PROGRAM: &str = r#"
sumMultiples :: Int -> Int -> Int
sumMultiples k n = go 1 0
  where go i acc = if i > n then acc else go (i + 1) (if i `rem` k == 0 then acc + i else acc)

countDown :: Int -> Int
countDown n = loop n
  where loop 0 = 0
        loop j = 1 + loop (j - 1)

evens :: Int -> Int
evens n = length (filter keep [1 .. n])
  where keep x = x `rem` 2 == 0

main :: IO ()
main = print (sumMultiples 3 10)
"#;

fn front_end(src: &str) -> core::Program {
    let src = src.to_string();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || compile_source("Main.hs", &src, &StandardBuiltins).expect("front end"))
        .expect("thread")
        .join()
        .expect("front end thread")
}

fn call(img: &bytecode::Image, name: &str, args: &[i64]) -> i64 {
    let mut m = Machine::new(img);
    let f = m.static_ptr(name);
    let args = args
        .iter()
        .map(|&a| (BRep::Ptr, m.alloc_con("GHC.Types.I#", vec![a as u64])))
        .collect();
    let r = m.apply(f, args);
    let r = m.eval(r[0]);
    let (con, fields) = m.con_of(r);
    assert_eq!(con, "GHC.Types.I#", "{name} returns an Int");
    fields[0] as i64
}

#[test]
fn generalised_local_loops_become_primop_code_and_agree() {
    let core = front_end(PROGRAM);
    let plain = stg::compile_with(&core, &FrontendPrims, &Options { optimise: false }).unwrap();
    let opt = stg::compile_with(&core, &FrontendPrims, &Options::default()).unwrap();
    for (k, n) in [(3, 10), (1, 0), (7, 100), (2, 33)] {
        let expected: i64 = (1..=n).filter(|i| i % k == 0).sum();
        assert_eq!(call(&plain, "Main.sumMultiples", &[k, n]), expected);
        assert_eq!(call(&opt, "Main.sumMultiples", &[k, n]), expected);
    }
    for n in [0, 1, 5, 40] {
        assert_eq!(call(&plain, "Main.countDown", &[n]), n);
        assert_eq!(call(&opt, "Main.countDown", &[n]), n);
    }
    let stg = stg::core_to_stg_with(&core, &FrontendPrims, &Options::default()).unwrap();
    for name in ["Main.sumMultiples", "Main.countDown"] {
        let bind = stg
            .binds
            .iter()
            .find(|b| b.pairs().iter().any(|(v, _)| v.name == name))
            .expect("binding");
        let text = stg::syntax::Program {
            binds: vec![bind.clone()],
            ..Default::default()
        }
        .to_string();
        assert!(!text.contains("dict"), "dictionary left in {name}:\n{text}");
        assert!(
            !text.contains("$fGHC"),
            "method call left in {name}:\n{text}"
        );
        assert!(
            text.contains("intSub#") || text.contains("intAdd#"),
            "{text}"
        );
    }
}
