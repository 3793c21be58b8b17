//! Random Core — well-formed or not — never panics the compiler, and what
//! it accepts always validates (a writer bug shows up as an error in the
//! "generated image" context, which fails this test).

mod common;

use common::TestPrims;
use frontend::core::*;
use proptest::prelude::*;

const REPS: [Rep; 4] = [Rep::Ptr, Rep::Ptr, Rep::Int, Rep::Void];

fn pool_var(i: u32) -> Var {
    Var {
        id: VarId(100 + i),
        name: format!("v{i}"),
        rep: REPS[(i % 4) as usize],
    }
}

fn lit() -> impl Strategy<Value = Lit> {
    prop_oneof![
        any::<i64>().prop_map(Lit::Int),
        any::<u32>().prop_map(|c| Lit::Char(c % 0x11_0000)),
        Just(Lit::Integer("12345678901234567890".into())),
        Just(Lit::Double(0.5))
    ]
}

fn var() -> impl Strategy<Value = Var> {
    (0u32..12).prop_map(pool_var)
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        var().prop_map(Expr::Var),
        lit().prop_map(Expr::Lit),
        (0u32..3).prop_map(|i| Expr::Var(Var {
            id: VarId(1 + i),
            name: format!("Main.t{i}"),
            rep: Rep::Ptr
        }))
    ];
    leaf.prop_recursive(4, 40, 4, |inner| {
        let alt = (
            prop_oneof![
                (0u32..6).prop_map(|c| AltCon::Con(ConId(c))),
                lit().prop_map(AltCon::Lit),
                Just(AltCon::Default),
                Just(AltCon::UnboxedTuple)
            ],
            proptest::collection::vec(var(), 0..3),
            inner.clone(),
        )
            .prop_map(|(con, binders, rhs)| Alt { con, binders, rhs });
        prop_oneof![
            (
                inner.clone(),
                proptest::collection::vec(inner.clone(), 0..3)
            )
                .prop_map(|(f, a)| Expr::App(Box::new(f), a)),
            (proptest::collection::vec(var(), 1..3), inner.clone())
                .prop_map(|(p, b)| Expr::Lam(p, Box::new(b))),
            (var(), inner.clone(), inner.clone())
                .prop_map(|(x, r, b)| Expr::Let(Box::new(Bind::NonRec(x, r)), Box::new(b))),
            (
                proptest::collection::vec((var(), inner.clone()), 1..3),
                inner.clone()
            )
                .prop_map(|(g, b)| Expr::Let(Box::new(Bind::Rec(g)), Box::new(b))),
            (inner.clone(), var(), proptest::collection::vec(alt, 0..3))
                .prop_map(|(s, b, alts)| Expr::Case(Box::new(s), b, alts)),
            ((0u32..6), proptest::collection::vec(inner.clone(), 0..3))
                .prop_map(|(c, a)| Expr::ConApp(ConId(c), a)),
            (
                prop_oneof![
                    Just("+#"),
                    Just("printInt#"),
                    Just("catch#"),
                    Just("mystery#")
                ],
                proptest::collection::vec(inner.clone(), 0..3)
            )
                .prop_map(|(p, a)| Expr::PrimApp(PrimOp(p.into()), a)),
            proptest::collection::vec(inner, 0..3).prop_map(Expr::UnboxedTuple),
        ]
    })
}

fn program(bodies: Vec<Expr>) -> Program {
    let mut b = common::Builder::new();
    b.con("Main.Pair", "Main.Pair", 0, 1, vec![Rep::Ptr, Rep::Int]);
    for (i, e) in bodies.into_iter().enumerate() {
        let v = Var {
            id: VarId(1 + i as u32),
            name: format!("Main.t{i}"),
            rep: Rep::Ptr,
        };
        // Most bodies are functions of every pool variable, so they are
        // closed and reach the code generator.
        let e = if i % 3 == 2 {
            e
        } else {
            Expr::Lam((0..12).map(pool_var).collect(), Box::new(e))
        };
        b.top(&v, e);
    }
    b.prog
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn random_core_never_panics(bodies in proptest::collection::vec(expr(), 1..4)) {
        let prog = program(bodies);
        match stg::compile(&prog, &TestPrims) {
            Ok(img) => {
                let bytes = img.to_bytes();
                prop_assert_eq!(bytecode::Image::load(&bytes).unwrap(), img);
            }
            Err(e) => prop_assert!(e.context != "generated image", "the writer produced an invalid image: {}", e),
        }
    }
}
