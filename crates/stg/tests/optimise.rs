//! The optimiser (src/optimise.rs): programs from the real front end give
//! the same results on the reference evaluator with and without it, and it
//! removes the dictionary calls and thunks it is meant to remove; plus
//! unit tests of the individual rewrites on hand-built Core.

mod common;

use bytecode::Rep as BRep;
use common::eval::Machine;
use common::*;
use frontend::core::{self, Bind, Expr, Lit, PrimOp, Rep};
use frontend::driver::compile_source;
use frontend::driver::standard::StandardBuiltins;
use stg::{FrontendPrims, Options};

/// Pure `Int` functions that exercise class methods (`Num`, `Ord`, `Eq`,
/// `Integral`), literals, guards, `if`, local functions, sharing and
/// laziness, and only primops the reference evaluator knows.
const PROGRAM: &str = r#"{-# LANGUAGE BangPatterns #-}
nfib :: Int -> Int
nfib n = if n < 2 then 1 else nfib (n - 1) + nfib (n - 2) + 1

tak :: Int -> Int -> Int -> Int
tak x y z = if not (y < x) then z else tak (tak (x - 1) y z) (tak (y - 1) z x) (tak (z - 1) x y)

fac :: Int -> Int
fac n = go n 1
  where go k acc | k <= 1 = acc
                 | otherwise = go (k - 1) (acc * k)

collatz :: Int -> Int
collatz n = steps n 0
  where steps 1 c = c
        steps m c = steps (if even m then m `quot` 2 else 3 * m + 1) (c + 1)

clamp :: Int -> Int
clamp x = max (-5) (min 5 x) + abs x - signum x

shared :: Int -> Int
shared x = let y = x * x + 1 in if y == 2 then y else y + y

lazyPick :: Int -> Int
lazyPick x = pick (x > 3) (x * 2) (nfib (x + 100))
  where pick b t e = if b then t else e

count :: Int -> Int -> Int
count acc n = if n == 0 then acc + 1 else if acc < 0 then 0 else count (acc + 2) (n - 1)

cmp :: Int -> Int
cmp x = case compare x 7 of
  LT -> 1
  EQ -> 2
  GT -> 3

sumTo :: Int -> Int -> Int
sumTo !acc 0 = acc
sumTo !acc k = sumTo (acc + k) (k - 1)

pick :: Int -> Int -> Int
pick d k = if k < 0 then pick d (negate k) else if k == 0 then d else k

pickLazy :: Int -> Int
pickLazy n = pick (nfib (n + 40)) n

main :: IO ()
main = print (nfib 10)
"#;

/// `PROGRAM` through the front end, once per test binary.
fn core_of(src: &'static str) -> &'static core::Program {
    static CORE: std::sync::OnceLock<core::Program> = std::sync::OnceLock::new();
    CORE.get_or_init(|| front_end(src))
}

fn front_end(src: &str) -> core::Program {
    let src = src.to_string();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || compile_source("Main.hs", &src, &StandardBuiltins).expect("front end"))
        .expect("thread")
        .join()
        .expect("front end thread")
}

/// Applies `name` to boxed Int arguments; returns the unboxed result and
/// the evaluator's step count.
fn call(img: &bytecode::Image, name: &str, args: &[i64]) -> (i64, u64) {
    let (r, steps, _) = call_with_stack(img, name, args);
    (r, steps)
}

/// [`call`], also returning the deepest stack (in frames).
fn call_with_stack(img: &bytecode::Image, name: &str, args: &[i64]) -> (i64, u64, usize) {
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
    (fields[0] as i64, m.steps, m.max_stack)
}

fn nfib(n: i64) -> i64 {
    if n < 2 {
        1
    } else {
        nfib(n - 1) + nfib(n - 2) + 1
    }
}

fn tak(x: i64, y: i64, z: i64) -> i64 {
    if y >= x {
        z
    } else {
        tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y))
    }
}

fn collatz(mut n: i64) -> i64 {
    let mut c = 0;
    while n != 1 {
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        c += 1;
    }
    c
}

#[test]
fn optimised_and_unoptimised_programs_agree_on_the_reference_evaluator() {
    let core = core_of(PROGRAM);
    let plain = stg::compile_with(core, &FrontendPrims, &Options { optimise: false }).unwrap();
    let opt = stg::compile_with(core, &FrontendPrims, &Options::default()).unwrap();
    type Reference = fn(&[i64]) -> i64;
    let cases: Vec<(&str, Vec<Vec<i64>>, Reference)> = vec![
        ("Main.nfib", (0..12).map(|n| vec![n]).collect(), |a| {
            nfib(a[0])
        }),
        (
            "Main.tak",
            vec![vec![6, 3, 1], vec![8, 4, 2], vec![1, 2, 3]],
            |a| tak(a[0], a[1], a[2]),
        ),
        ("Main.fac", (0..15).map(|n| vec![n]).collect(), |a| {
            (1..=a[0]).product()
        }),
        ("Main.collatz", (1..30).map(|n| vec![n]).collect(), |a| {
            collatz(a[0])
        }),
        ("Main.clamp", (-8..8).map(|n| vec![n]).collect(), |a| {
            a[0].clamp(-5, 5) + a[0].abs() - a[0].signum()
        }),
        ("Main.shared", (-3..4).map(|n| vec![n]).collect(), |a| {
            let y = a[0] * a[0] + 1;
            if y == 2 { y } else { y + y }
        }),
        ("Main.lazyPick", (4..9).map(|n| vec![n]).collect(), |a| {
            a[0] * 2
        }),
        (
            "Main.count",
            vec![vec![0, 0], vec![5, 10], vec![-3, 1000]],
            |a| {
                if a[1] == 0 {
                    a[0] + 1
                } else if a[0] < 0 {
                    0
                } else {
                    a[0] + 2 * a[1] + 1
                }
            },
        ),
        (
            "Main.sumTo",
            vec![vec![0, 0], vec![3, 10], vec![-5, 100]],
            |a| a[0] + a[1] * (a[1] + 1) / 2,
        ),
        (
            "Main.pick",
            vec![vec![4, 0], vec![4, 9], vec![4, -9]],
            |a| {
                if a[1] == 0 { a[0] } else { a[1].abs() }
            },
        ),
        // Forcing the lazy argument would take ~10^8 nfib calls.
        ("Main.pickLazy", (1..4).map(|n| vec![n]).collect(), |a| a[0]),
        (
            "Main.cmp",
            (5..10).map(|n| vec![n]).collect(),
            |a| match a[0].cmp(&7) {
                std::cmp::Ordering::Less => 1,
                std::cmp::Ordering::Equal => 2,
                std::cmp::Ordering::Greater => 3,
            },
        ),
    ];
    for (name, inputs, reference) in cases {
        for args in inputs {
            let (a, _) = call(&plain, name, &args);
            let (b, _) = call(&opt, name, &args);
            assert_eq!(a, reference(&args), "{name} {args:?} unoptimised");
            assert_eq!(b, reference(&args), "{name} {args:?} optimised");
        }
    }
}

/// The point of the optimiser: nfib's per-call work. Measured in evaluator
/// steps (instructions), which do not depend on the machine's load.
#[test]
fn optimiser_cuts_nfib_steps_by_more_than_half() {
    let core = core_of(PROGRAM);
    let plain = stg::compile_with(core, &FrontendPrims, &Options { optimise: false }).unwrap();
    let opt = stg::compile_with(core, &FrontendPrims, &Options::default()).unwrap();
    let run = |img: &bytecode::Image| {
        let mut m = Machine::new(img);
        let f = m.static_ptr("Main.nfib");
        let arg = m.alloc_con("GHC.Types.I#", vec![15]);
        let heap_before = m.allocated();
        let r = m.apply(f, vec![(BRep::Ptr, arg)]);
        m.eval(r[0]);
        (m.steps, m.allocated() - heap_before)
    };
    let (before, allocs_before) = run(&plain);
    let (after, allocs_after) = run(&opt);
    let calls = nfib(15) as f64;
    eprintln!(
        "nfib 15 per call: {:.1} steps, {:.2} allocations unoptimised; \
         {:.1} steps, {:.2} allocations optimised",
        before as f64 / calls,
        allocs_before as f64 / calls,
        after as f64 / calls,
        allocs_after as f64 / calls
    );
    assert!(after * 2 < before, "{before} -> {after}");
    // Only the final result is boxed.
    assert!(allocs_after <= 1, "{allocs_after} allocations");
}

/// No dictionary selection, wrapper call or thunk is left in nfib.
#[test]
fn nfib_is_direct_primop_code() {
    let core = core_of(PROGRAM);
    let stg = stg::core_to_stg_with(core, &FrontendPrims, &Options::default()).unwrap();
    let nfib = stg
        .binds
        .iter()
        .find(|b| b.pairs().iter().any(|(v, _)| v.name == "Main.nfib"))
        .expect("nfib");
    let text = stg::syntax::Program {
        binds: vec![nfib.clone()],
        ..Default::default()
    }
    .to_string();
    assert!(text.contains("intLt#"), "{text}");
    assert!(text.contains("intSub#"), "{text}");
    assert!(!text.contains("$f"), "dictionary method left:\n{text}");
    assert!(!text.contains("Hsrts.Prim."), "wrapper call left:\n{text}");
    assert!(!text.contains(" u []"), "thunk left:\n{text}");
}

fn optimise(prog: &core::Program) -> core::Program {
    stg::optimise::optimise_program(&stg::simplify_program(prog), &FrontendPrims)
}

fn rhs_of<'p>(prog: &'p core::Program, name: &str) -> &'p Expr {
    prog.binds
        .iter()
        .find_map(|b| match b {
            Bind::NonRec(v, e) if v.name == name => Some(e),
            Bind::Rec(g) => g.iter().find(|(v, _)| v.name == name).map(|(_, e)| e),
            _ => None,
        })
        .expect("binding")
}

/// Every variable bound in `e`, with repeats.
fn binders(e: &Expr, out: &mut Vec<u32>) {
    stg::optimise::walk(e, &mut |e| match e {
        Expr::Lam(ps, _) => out.extend(ps.iter().map(|p| p.id.0)),
        Expr::Let(b, _) => match &**b {
            Bind::NonRec(v, _) => out.push(v.id.0),
            Bind::Rec(g) => out.extend(g.iter().map(|(v, _)| v.id.0)),
        },
        Expr::Case(_, b, alts) => {
            out.push(b.id.0);
            alts.iter()
                .for_each(|a| out.extend(a.binders.iter().map(|v| v.id.0)));
        }
        _ => {}
    });
}

/// `inc = \a -> case a of I# n -> I# (n +# 1#)`, inlined twice into
/// `twice = \x -> inc (inc x)`: the copies get distinct binders, and the
/// result is direct code with the known constructor cased away.
#[test]
fn inlining_renames_binders_apart_and_cases_known_constructors() {
    let mut b = Builder::new();
    let inc = b.var("Main.inc", Rep::Ptr);
    let a = b.var("a", Rep::Ptr);
    let ab = b.var("ab", Rep::Ptr);
    let n = b.var("n", Rep::Int);
    b.top(
        &inc,
        lam(
            &[&a],
            case(
                v(&a),
                &ab,
                vec![alt_con(
                    INT,
                    &[&n],
                    con(INT, vec![prim("intAdd#", vec![v(&n), int(1)])]),
                )],
            ),
        ),
    );
    let twice = b.var("Main.twice", Rep::Ptr);
    let x = b.var("x", Rep::Ptr);
    b.top(
        &twice,
        lam(&[&x], app(v(&inc), vec![app(v(&inc), vec![v(&x)])])),
    );
    let out = optimise(&b.prog);
    let body = rhs_of(&out, "Main.twice");
    assert!(!core::Expr::eq(body, rhs_of(&b.prog, "Main.twice")));
    let mut calls = 0;
    stg::optimise::walk(body, &mut |e| {
        if matches!(e, Expr::App(..)) {
            calls += 1;
        }
    });
    assert_eq!(calls, 0, "{body:?}");
    let mut ids = Vec::new();
    binders(body, &mut ids);
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "binders repeated: {body:?}");
    let mut outside = Vec::new();
    binders(rhs_of(&out, "Main.inc"), &mut outside);
    assert!(ids.iter().all(|i| !outside.contains(i)));
    // With the optimiser off, the calls stay.
    let plain = stg::simplify_program(&b.prog);
    assert!(
        matches!(rhs_of(&plain, "Main.twice"), Expr::Lam(_, body) if matches!(**body, Expr::App(..)))
    );
}

/// `integerToInt# 12345678901234567890` folds to the Int literal mod 2^64,
/// and arithmetic on Int literals folds.
#[test]
fn literal_folding() {
    let mut b = Builder::new();
    let k = b.var("Main.k", Rep::Ptr);
    let r = b.var("r", Rep::Int);
    let big = Expr::PrimApp(
        PrimOp("integerToInt#".into()),
        vec![Expr::Lit(Lit::Integer("-12345678901234567890".into()))],
    );
    b.top(
        &k,
        case(
            big,
            &r,
            vec![alt_default(con(
                INT,
                vec![prim("intMul#", vec![v(&r), int(2)])],
            ))],
        ),
    );
    let out = optimise(&b.prog);
    let want = (-12345678901234567890i128 as i64).wrapping_mul(2);
    assert_eq!(rhs_of(&out, "Main.k"), &con(INT, vec![int(want)]));
}

/// `let t = f x in case t of I# n -> ...` becomes `case f x of t ...`, and
/// `case (case c of {0# -> False; _ -> True}) of {True -> a; False -> b}`
/// becomes `case c of {0# -> b; _ -> a}`.
#[test]
fn let_to_case_and_case_of_case() {
    let mut b = Builder::new();
    let fls = b.con("GHC.Types.False", "GHC.Types.Bool", 0, 2, vec![]);
    let tru = b.con("GHC.Types.True", "GHC.Types.Bool", 1, 2, vec![]);
    let f = b.var("Main.f", Rep::Ptr);
    let g = b.var("Main.g", Rep::Ptr);
    let x = b.var("x", Rep::Ptr);
    let t = b.var("t", Rep::Ptr);
    let tb = b.var("tb", Rep::Ptr);
    let n = b.var("n", Rep::Int);
    let c = b.var("c", Rep::Int);
    let cb = b.var("cb", Rep::Int);
    let bb = b.var("bb", Rep::Ptr);
    // f is opaque (recursive), so `f x` is a real call.
    b.prog.binds.push(Bind::Rec(vec![(
        f.clone(),
        lam(&[&x], app(v(&f), vec![v(&x)])),
    )]));
    let test = case(
        case(
            v(&n),
            &cb,
            vec![
                alt_lit(Lit::Int(0), con(fls, vec![])),
                alt_default(con(tru, vec![])),
            ],
        ),
        &bb,
        vec![alt_con(tru, &[], int(1)), alt_con(fls, &[], int(2))],
    );
    let body = let1(
        &t,
        app(v(&f), vec![v(&x)]),
        case(v(&t), &tb, vec![alt_con(INT, &[&n], con(INT, vec![test]))]),
    );
    let _ = c;
    b.top(&g, lam(&[&x], body));
    let out = optimise(&b.prog);
    let Expr::Lam(_, body) = rhs_of(&out, "Main.g") else {
        panic!("g is a function")
    };
    let Expr::Case(scrut, _, alts) = &**body else {
        panic!("let to case: {body:?}")
    };
    assert!(matches!(&**scrut, Expr::App(..)), "{scrut:?}");
    let Expr::ConApp(_, fields) = &alts[0].rhs else {
        panic!("{:?}", alts[0].rhs)
    };
    let Expr::Case(s, _, inner) = &fields[0] else {
        panic!("case of case: {:?}", fields[0])
    };
    assert_eq!(**s, v(&n));
    assert_eq!(inner[0].rhs, int(2));
    assert_eq!(inner[1].rhs, int(1));
}

/// Worker/wrapper (Note [Worker/wrapper]): nfib's worker takes and returns
/// an unboxed Int and calls itself directly; a self tail call in a worker
/// stays a tail call (constant stack), as it is without the optimiser.
#[test]
fn worker_wrapper_unboxes_and_keeps_tail_calls() {
    let core = core_of(PROGRAM);
    let stg = stg::core_to_stg_with(core, &FrontendPrims, &Options::default()).unwrap();
    let worker = stg
        .binds
        .iter()
        .flat_map(|b| b.pairs())
        .find(|(v, _)| v.name == "$wMain.nfib")
        .map(|(_, r)| r.clone())
        .expect("nfib has a worker");
    let stg::syntax::Rhs::Closure { params, body, .. } = &worker else {
        panic!("worker is a function")
    };
    assert_eq!(
        params.iter().map(|p| p.rep).collect::<Vec<_>>(),
        vec![Rep::Int]
    );
    let text = body.to_string();
    assert!(!text.contains("Con#"), "no boxes in the worker:\n{text}");

    let plain = stg::compile_with(core, &FrontendPrims, &Options { optimise: false }).unwrap();
    let opt = stg::compile_with(core, &FrontendPrims, &Options::default()).unwrap();
    let (r, _, deep_plain) = call_with_stack(&plain, "Main.count", &[0, 2000]);
    assert_eq!(r, 4001);
    let (r, _, deep_opt) = call_with_stack(&opt, "Main.count", &[0, 2000]);
    assert_eq!(r, 4001);
    assert!(
        deep_opt < 20,
        "count's loop grows the stack: {deep_opt} frames (unoptimised {deep_plain})"
    );
}

/// `and = \a b -> case a of a1 { True -> b; DEFAULT -> case a1 of
/// { False -> False; DEFAULT -> fail } }` (the front end's shape for an
/// exhaustive match with a pattern-match-failure fallback): the inner
/// default is impossible and goes, so only `True`/`False` remain.
#[test]
fn impossible_default_after_exhaustive_match_is_dropped() {
    let mut b = Builder::new();
    let fls = b.con("GHC.Types.False", "GHC.Types.Bool", 0, 2, vec![]);
    let tru = b.con("GHC.Types.True", "GHC.Types.Bool", 1, 2, vec![]);
    let fail = b.var("Main.fail", Rep::Ptr);
    b.prog.binds.push(Bind::Rec(vec![(fail.clone(), v(&fail))]));
    let and = b.var("Main.and", Rep::Ptr);
    let (x, y, a1, a2) = (
        b.var("x", Rep::Ptr),
        b.var("y", Rep::Ptr),
        b.var("a1", Rep::Ptr),
        b.var("a2", Rep::Ptr),
    );
    let body = case(
        v(&x),
        &a1,
        vec![
            alt_con(tru, &[], v(&y)),
            alt_default(case(
                v(&a1),
                &a2,
                vec![alt_con(fls, &[], con(fls, vec![])), alt_default(v(&fail))],
            )),
        ],
    );
    b.top(&and, lam(&[&x, &y], body));
    let out = optimise(&b.prog);
    let mut mentions_fail = false;
    stg::optimise::walk(rhs_of(&out, "Main.and"), &mut |e| {
        mentions_fail |= matches!(e, Expr::Var(x) if x.id == fail.id);
    });
    assert!(!mentions_fail, "{:?}", rhs_of(&out, "Main.and"));
    // Without the optimiser the fallback stays.
    let plain = stg::simplify_program(&b.prog);
    let mut mentions_fail = false;
    stg::optimise::walk(rhs_of(&plain, "Main.and"), &mut |e| {
        mentions_fail |= matches!(e, Expr::Var(x) if x.id == fail.id);
    });
    assert!(mentions_fail);
}

/// The case binder swap: `head0 = \x -> case x of b { [] -> 0; DEFAULT ->
/// case x of b2 { (:) h t -> h } }` (the match compiler's re-scrutinise of
/// the same variable). Inside the outer case `x` is the evaluated `b`, so
/// the inner case scrutinises `b` (no second evaluation); without the
/// optimiser it still scrutinises `x`.
#[test]
fn case_binder_swap_rescrutinises_the_evaluated_binder() {
    let mut b = Builder::new();
    let nil = b.con("GHC.Types.[]", "GHC.Types.List", 0, 2, vec![]);
    let cons = b.con(
        "GHC.Types.:",
        "GHC.Types.List",
        1,
        2,
        vec![Rep::Ptr, Rep::Ptr],
    );
    let f = b.var("Main.head0", Rep::Ptr);
    let (x, b1, b2, h, t) = (
        b.var("x", Rep::Ptr),
        b.var("b", Rep::Ptr),
        b.var("b2", Rep::Ptr),
        b.var("h", Rep::Ptr),
        b.var("t", Rep::Ptr),
    );
    let body = case(
        v(&x),
        &b1,
        vec![
            alt_con(nil, &[], int(0)),
            alt_default(case(v(&x), &b2, vec![alt_con(cons, &[&h, &t], v(&h))])),
        ],
    );
    b.top(&f, lam(&[&x], body));
    let inner_scrutinee = |e: &Expr| {
        let Expr::Lam(_, body) = e else {
            panic!("a lambda: {e:?}")
        };
        let Expr::Case(_, _, alts) = &**body else {
            panic!("a case: {body:?}")
        };
        match alts.iter().find_map(|a| match &a.rhs {
            Expr::Case(s, _, _) => Some(&**s),
            _ => None,
        }) {
            Some(Expr::Var(s)) => s.id,
            other => panic!("an inner case of a variable: {other:?}"),
        }
    };
    let out = optimise(&b.prog);
    assert_eq!(inner_scrutinee(rhs_of(&out, "Main.head0")), b1.id);
    let plain = stg::simplify_program(&b.prog);
    assert_eq!(inner_scrutinee(rhs_of(&plain, "Main.head0")), x.id);
}

/// Note [Strict parameters]: `sumTo !acc k` gets a worker taking both
/// unboxed, and its recursive call builds no thunk for `acc + k`; `pick d
/// k`, lazy in `d` when `k > 0`, keeps `d` boxed.
#[test]
fn bang_parameter_is_unboxed_and_lazy_one_is_not() {
    let core = core_of(PROGRAM);
    let stg = stg::core_to_stg_with(core, &FrontendPrims, &Options::default()).unwrap();
    let worker = |name: &str| {
        let rhs = stg
            .binds
            .iter()
            .flat_map(|b| b.pairs())
            .find(|(v, _)| v.name == name)
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| panic!("{name} exists"));
        let stg::syntax::Rhs::Closure { params, body, .. } = &rhs else {
            panic!("{name} is a function")
        };
        (
            params.iter().map(|p| p.rep).collect::<Vec<_>>(),
            body.to_string(),
        )
    };
    let (reps, text) = worker("$wMain.sumTo");
    assert_eq!(reps, vec![Rep::Int, Rep::Int], "{text}");
    assert!(!text.contains(" u []"), "thunk left:\n{text}");
    let (reps, _) = worker("$wMain.pick");
    assert_eq!(reps, vec![Rep::Ptr, Rep::Int]);
}

/// `f = \x y -> letrec g = \i -> g i in case x of { False -> y; True -> g
/// y }`: the group is used in one alternative only and moves into it, so
/// the `False` path allocates nothing.
#[test]
fn recursive_group_floats_into_its_only_alternative() {
    let mut b = Builder::new();
    let fls = b.con("GHC.Types.False", "GHC.Types.Bool", 0, 2, vec![]);
    let tru = b.con("GHC.Types.True", "GHC.Types.Bool", 1, 2, vec![]);
    let f = b.var("Main.f", Rep::Ptr);
    let (x, y, g, i, xb) = (
        b.var("x", Rep::Ptr),
        b.var("y", Rep::Ptr),
        b.var("g", Rep::Ptr),
        b.var("i", Rep::Ptr),
        b.var("xb", Rep::Ptr),
    );
    let body = letrec(
        vec![(&g, lam(&[&i], app(v(&g), vec![v(&i)])))],
        case(
            v(&x),
            &xb,
            vec![
                alt_con(fls, &[], v(&y)),
                alt_con(tru, &[], app(v(&g), vec![v(&y)])),
            ],
        ),
    );
    b.top(&f, lam(&[&x, &y], body));
    let head = |e: &Expr| match e {
        Expr::Lam(_, body) => match &**body {
            Expr::Case(..) => "case",
            Expr::Let(..) => "let",
            _ => "other",
        },
        _ => "not a lambda",
    };
    assert_eq!(head(rhs_of(&optimise(&b.prog), "Main.f")), "case");
    assert_eq!(
        head(rhs_of(&stg::simplify_program(&b.prog), "Main.f")),
        "let"
    );
}

/// The identity tuple case: `run = \io s -> case io s of b { (# s1, r #) ->
/// (# s1, r #) }` is `io s` (the call becomes a tail call); a case whose
/// tuple differs from its binders (`(# s1, x #)`)
/// stays, and without the optimiser the identity case stays too.
#[test]
fn identity_tuple_case_is_its_scrutinee() {
    let mut b = Builder::new();
    let (io, s, bnd, s1, r, x) = (
        b.var("io", Rep::Ptr),
        b.var("s", Rep::Void),
        b.var("b", Rep::Ptr),
        b.var("s1", Rep::Void),
        b.var("r", Rep::Ptr),
        b.var("x", Rep::Ptr),
    );
    let body = |fields: Vec<Expr>| {
        case(
            app(v(&io), vec![v(&s)]),
            &bnd,
            vec![alt_tuple(&[&s1, &r], Expr::UnboxedTuple(fields))],
        )
    };
    let (same, other) = (b.var("Main.same", Rep::Ptr), b.var("Main.other", Rep::Ptr));
    b.top(&same, lam(&[&io, &s], body(vec![v(&s1), v(&r)])));
    b.top(&other, lam(&[&io, &x, &s], body(vec![v(&s1), v(&x)])));
    let body_of = |p: &core::Program, name: &str| match rhs_of(p, name) {
        Expr::Lam(_, body) => (**body).clone(),
        e => panic!("a lambda: {e:?}"),
    };
    let out = optimise(&b.prog);
    assert!(
        matches!(body_of(&out, "Main.same"), Expr::App(f, _) if matches!(*f, Expr::Var(ref g) if g.id == io.id)),
        "{:?}",
        body_of(&out, "Main.same")
    );
    assert!(matches!(body_of(&out, "Main.other"), Expr::Case(..)));
    let plain = stg::simplify_program(&b.prog);
    assert!(matches!(body_of(&plain, "Main.same"), Expr::Case(..)));
}
