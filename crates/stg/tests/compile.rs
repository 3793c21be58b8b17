//! Core programs compiled to STG and to images: validated, round-tripped
//! through bytes, and checked structurally (free variables, arities, update
//! flags, layouts).

mod common;

use bytecode::{Image, InfoKind, Instr, decode_all};
use common::*;
use frontend::core::{Program, Rep};
use stg::syntax::{self, Binding, Expr, Rhs, UpdateFlag};
use stg::{compile, core_to_stg};

fn image(p: &Program) -> Image {
    image_of(p, &TestPrims)
}

fn info_named<'a>(img: &'a Image, name: &str) -> &'a InfoKind {
    &img.infos
        .iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no info {name}\n{}", bytecode::disasm::image(img)))
        .kind
}

/// All closures bound by `let` anywhere in an expression.
fn closures(e: &Expr, out: &mut Vec<(String, Rhs)>) {
    match e {
        Expr::Let(b, body) => {
            for (v, r) in b.pairs() {
                out.push((v.name.clone(), r.clone()));
                if let Rhs::Closure { body, .. } = r {
                    closures(body, out);
                }
            }
            closures(body, out);
        }
        Expr::Case(s, _, alts) => {
            closures(s, out);
            alts.iter().for_each(|a| closures(&a.rhs, out));
        }
        _ => {}
    }
}

fn top_rhs<'a>(p: &'a syntax::Program, name: &str) -> &'a Rhs {
    p.binds
        .iter()
        .flat_map(|b| b.pairs())
        .find(|(v, _)| v.name == name)
        .map(|(_, r)| r)
        .unwrap()
}

#[test]
fn factorial_compiles() {
    let prog = factorial();
    let stg = core_to_stg(&prog, &TestPrims).unwrap();
    let Rhs::Closure {
        params,
        update,
        fvs,
        ..
    } = top_rhs(&stg, "Main.fac")
    else {
        panic!("fac is not a closure")
    };
    assert_eq!(
        (params.len(), *update, fvs.len()),
        (1, UpdateFlag::Function, 0)
    );
    let img = image(&prog);
    match info_named(&img, "Main.fac") {
        InfoKind::Fun {
            arg_reps,
            ptrs,
            nptrs,
            ..
        } => {
            assert_eq!(arg_reps, &[bytecode::Rep::Int]);
            assert_eq!((*ptrs, *nptrs), (0, 0));
        }
        k => panic!("fac info is {k:?}"),
    }
    // The continuation of the recursive call keeps only n1, an Int: no
    // pointer is live across the call.
    let ret = info_named(&img, "Main.fac.ret0");
    let InfoKind::Ret { layout, .. } = ret else {
        panic!()
    };
    assert!(img.layouts[layout.0 as usize].pointer_slots().is_empty());
    // main is a function of one Void argument (an IO action) and the entry.
    let main = img.static_by_name("Main.main").unwrap();
    assert_eq!(img.entry, Some(main));
    match info_named(&img, "Main.main") {
        InfoKind::Fun { arg_reps, .. } => assert_eq!(arg_reps, &[bytecode::Rep::Void]),
        k => panic!("{k:?}"),
    }
    assert!(img.primops.contains(&"printInt#".to_string()));
    assert!(img.primops.contains(&"*#".to_string()));
}

#[test]
fn map_has_thunks_with_exact_free_variables() {
    let prog = lists();
    let stg = core_to_stg(&prog, &TestPrims).unwrap();
    let Rhs::Closure { body, params, .. } = top_rhs(&stg, "Main.map") else {
        panic!()
    };
    assert_eq!(params.len(), 2);
    let mut cs = Vec::new();
    closures(body, &mut cs);
    let mut thunk_fvs: Vec<Vec<String>> = cs
        .iter()
        .filter_map(|(_, r)| match r {
            Rhs::Closure {
                fvs,
                params,
                update,
                ..
            } if params.is_empty() => {
                assert_eq!(*update, UpdateFlag::Updatable);
                let mut names: Vec<String> = fvs.iter().map(|v| v.name.clone()).collect();
                names.sort();
                Some(names)
            }
            _ => None,
        })
        .collect();
    thunk_fvs.sort();
    // `f h` captures {f, h}; `map f t` captures {f, t} (map itself is static).
    assert_eq!(
        thunk_fvs,
        vec![
            vec!["f".to_string(), "h".into()],
            vec!["f".into(), "t".into()]
        ]
    );

    let img = image(&prog);
    // map's frame: args f, xs in the two highest slots. After `eval xs`
    // only f is live (xs is dead; the case binder is what comes back).
    let bco = img.bcos.iter().find(|b| b.name == "Main.map").unwrap();
    let n = bco.frame_size;
    let InfoKind::Ret { layout, .. } = info_named(&img, "Main.map.ret0") else {
        panic!()
    };
    assert_eq!(img.layouts[layout.0 as usize].pointer_slots(), vec![n - 2]);
    // The heap check in the cons branch keeps f, h, t (all pointers) and
    // nothing else: exactly the pointer variables still needed.
    let instrs = decode_all(&bco.code).unwrap();
    let heap_checks: Vec<_> = instrs
        .iter()
        .filter_map(|(_, i)| match i {
            Instr::HeapCheck { layout, words } => Some((layout.0, words.0)),
            _ => None,
        })
        .collect();
    // One heap check covers both thunks and the cons cell.
    assert_eq!(
        heap_checks.len(),
        1,
        "{}",
        bytecode::disasm::code(&bco.code)
    );
    let (cons_layout, words) = heap_checks[0];
    assert_eq!(img.layouts[cons_layout as usize].pointer_slots().len(), 3);
    // two thunks (header + 2 free variables each) and a cons (header + 2)
    assert_eq!(words, 2 * (1 + 2) + 3);
}

#[test]
fn caf_and_letrec() {
    let prog = lists();
    let img = image(&prog);
    let nums = img.static_by_name("Main.nums").unwrap();
    assert!(img.is_caf(nums));
    let map = img.static_by_name("Main.map").unwrap();
    assert!(!img.is_caf(map));
    // ones = let xs1 = 1 : xs1 in xs1 : a CAF whose code allocates the
    // cons and patches its tail to point at itself.
    let bco = img.bcos.iter().find(|b| b.name == "Main.ones").unwrap();
    let instrs: Vec<Instr> = decode_all(&bco.code)
        .unwrap()
        .into_iter()
        .map(|(_, i)| i)
        .collect();
    let alloc = instrs
        .iter()
        .find_map(|i| match i {
            Instr::AllocCon { dst, fields, .. } if fields.0.contains(dst) => Some(*dst),
            _ => None,
        })
        .unwrap();
    assert!(
        instrs.iter().any(
            |i| matches!(i, Instr::SetField { obj, src, .. } if *obj == alloc && *src == alloc)
        )
    );
    assert!(matches!(instrs.last(), Some(Instr::Return { x }) if *x == alloc));
}

#[test]
fn local_recursive_functions_share_free_variables() {
    let prog = lists();
    // The basic passes: the optimiser would move the body into a worker
    // (`$wMain.evenOdd`, Note [Worker/wrapper]).
    let basic = stg::Options { optimise: false };
    let stg = stg::core_to_stg_with(&prog, &TestPrims, &basic).unwrap();
    let Rhs::Closure { body, .. } = top_rhs(&stg, "Main.evenOdd") else {
        panic!()
    };
    let mut cs = Vec::new();
    closures(body, &mut cs);
    let fvs = |name: &str| -> Vec<String> {
        let (_, r) = cs.iter().find(|(n, _)| n == name).unwrap();
        let Rhs::Closure { fvs, update, .. } = r else {
            panic!()
        };
        assert_eq!(*update, UpdateFlag::Function);
        let mut v: Vec<String> = fvs.iter().map(|v| v.name.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(fvs("ev"), vec!["od", "zz"]);
    assert_eq!(fvs("od"), vec!["ev"]);
    let img = stg::compile_with(&prog, &TestPrims, &basic).unwrap();
    // ev's payload: one pointer (od) then one Int (zz).
    let ev = img
        .infos
        .iter()
        .find(|i| i.name.ends_with(".ev_") || i.name.contains(".ev_"))
        .unwrap();
    assert!(
        matches!(
            ev.kind,
            InfoKind::Fun {
                ptrs: 1,
                nptrs: 1,
                ..
            }
        ),
        "{:?}",
        ev.kind
    );
}

#[test]
fn literal_case_with_default_compiles_to_compare_chain() {
    let img = image(&lists());
    let bco = img.bcos.iter().find(|b| b.name == "Main.classify").unwrap();
    let text = bytecode::disasm::code(&bco.code);
    assert_eq!(text.matches("jump.ne.lit").count(), 2, "{text}");
    assert!(text.contains("prim prim#"), "{text}");
}

#[test]
fn simplifier_removes_known_case_and_dead_let() {
    let mut b = Builder::new();
    let top = b.var("Main.k", Rep::Ptr);
    let x = b.var("x", Rep::Ptr);
    let dead = b.var("dead", Rep::Ptr);
    let s = b.var("s", Rep::Ptr);
    let n = b.var("n", Rep::Int);
    let f = b.var("f", Rep::Ptr);
    let y = b.var("y", Rep::Ptr);
    // let dead = f x in case I# 5# of s { I# n -> (\y -> y) (I# n) }
    let e = lam(
        &[&x, &f],
        let1(
            &dead,
            app(v(&f), vec![v(&x)]),
            case(
                con(INT, vec![int(5)]),
                &s,
                vec![alt_con(
                    INT,
                    &[&n],
                    app(lam(&[&y], v(&y)), vec![con(INT, vec![v(&n)])]),
                )],
            ),
        ),
    );
    b.top(&top, e);
    let stg = core_to_stg(&b.prog, &TestPrims).unwrap();
    let Rhs::Closure { body, .. } = top_rhs(&stg, "Main.k") else {
        panic!()
    };
    // Everything folds to returning the constant I# 5#, a static closure.
    let Expr::Atom(syntax::Atom::Var(k)) = &**body else {
        panic!("{body}")
    };
    let (lifted, rhs) = stg
        .binds
        .iter()
        .flat_map(|b| b.pairs())
        .find(|(x, _)| x.id == k.id)
        .expect("lifted constant");
    let Rhs::Con(c, args) = rhs else {
        panic!("{} is not a constructor", lifted.name)
    };
    assert_eq!(
        (*c, args.as_slice()),
        (INT, &[syntax::Atom::Lit(frontend::core::Lit::Int(5))][..])
    );
    let img = image(&b.prog);
    let s = img.static_by_name(&lifted.name).unwrap();
    assert_eq!(img.statics[s.0 as usize].payload.len(), 1);
}

#[test]
fn lazy_lets_float_into_the_alternative_that_uses_them() {
    let mut b = Builder::new();
    let top = b.var("Main.pick", Rep::Ptr);
    let f = b.var("f", Rep::Ptr);
    let xs = b.var("xs", Rep::Ptr);
    let ys = b.var("ys", Rep::Ptr);
    let h = b.var("h", Rep::Ptr);
    let t = b.var("t", Rep::Ptr);
    let costly = b.var("costly", Rep::Ptr);
    let other = b.var("other", Rep::Ptr);
    // \f xs -> let costly = f xs; other = f f in
    //          case xs of { [] -> costly; h : t -> other }
    let e = lam(
        &[&f, &xs],
        let1(
            &costly,
            app(v(&f), vec![v(&xs)]),
            let1(
                &other,
                app(v(&f), vec![v(&f)]),
                case(
                    v(&xs),
                    &ys,
                    vec![
                        alt_con(NIL, &[], v(&costly)),
                        alt_con(CONS, &[&h, &t], v(&other)),
                    ],
                ),
            ),
        ),
    );
    b.top(&top, e);
    let stg = core_to_stg(&b.prog, &TestPrims).unwrap();
    let Rhs::Closure { body, .. } = top_rhs(&stg, "Main.pick") else {
        panic!()
    };
    // No allocation before the case; each branch tail-calls f directly.
    let Expr::Case(_, _, alts) = &**body else {
        panic!("{body}")
    };
    assert!(
        alts.iter().all(|a| matches!(a.rhs, Expr::App(..))),
        "{body}"
    );
    image(&b.prog);
}

#[test]
fn partial_application_thunk_needs_no_update() {
    let mut b = Builder::new();
    let add = b.var("Main.add", Rep::Ptr);
    let p = b.var("p", Rep::Ptr);
    let q = b.var("q", Rep::Ptr);
    b.top(&add, lam(&[&p, &q], v(&p)));
    let g = b.var("Main.g", Rep::Ptr);
    let a = b.var("a", Rep::Ptr);
    let h = b.var("h", Rep::Ptr);
    // g = \a -> let h = add a in h `seq` h
    let hb = b.var("hb", Rep::Ptr);
    b.top(
        &g,
        lam(
            &[&a],
            let1(
                &h,
                app(v(&add), vec![v(&a)]),
                case(v(&h), &hb, vec![alt_default(v(&hb))]),
            ),
        ),
    );
    // The basic passes only: the optimiser would turn `let h = add a in
    // case h of ..` into `case add a of ..` (no thunk left to look at).
    let basic = stg::Options { optimise: false };
    let stg = stg::core_to_stg_with(&b.prog, &TestPrims, &basic).unwrap();
    let Rhs::Closure { body, .. } = top_rhs(&stg, "Main.g") else {
        panic!()
    };
    let Expr::Let(bind, _) = &**body else {
        panic!("{body}")
    };
    let Binding::NonRec(_, Rhs::Closure { update, .. }) = &**bind else {
        panic!()
    };
    assert_eq!(*update, UpdateFlag::NoUpdate);
    let img = stg::compile_with(&b.prog, &TestPrims, &basic).unwrap();
    assert!(img.infos.iter().any(|i| matches!(
        i.kind,
        InfoKind::Thunk {
            update: bytecode::UpdateFlag::NoUpdate,
            ..
        }
    )));
}

#[test]
fn stg_pretty_printer_shows_structure() {
    let stg = core_to_stg(&lists(), &TestPrims).unwrap();
    let text = stg.to_string();
    assert!(text.contains("letrec Main.map_"), "{text}");
    assert!(
        text.contains("\\{f_") && text.contains(" u [] ->"),
        "{text}"
    );
}

#[test]
fn bad_core_is_an_error_not_a_panic() {
    let mut b = Builder::new();
    let t = b.var("Main.t", Rep::Ptr);
    let x = b.var("x", Rep::Ptr);
    // A constructor applied to the wrong number of fields, and an unbound variable.
    b.top(&t, lam(&[&x], con(INT, vec![])));
    assert!(compile(&b.prog, &TestPrims).is_err());
    let mut b = Builder::new();
    let t = b.var("Main.t", Rep::Ptr);
    let x = b.var("x", Rep::Ptr);
    let unbound = b.var("nowhere", Rep::Ptr);
    b.top(&t, lam(&[&x], v(&unbound)));
    let err = compile(&b.prog, &TestPrims).unwrap_err();
    assert!(err.to_string().contains("free variables"), "{err}");
}

#[test]
#[ignore = "debugging aid: prints the STG and the image of the list programs"]
fn dump_lists() {
    let p = lists();
    println!("{}", core_to_stg(&p, &TestPrims).unwrap());
    println!(
        "{}",
        bytecode::disasm::image(&compile(&p, &TestPrims).unwrap())
    );
}

#[test]
fn pointer_results_of_primops_are_forced_before_a_case_uses_them() {
    let mut b = Builder::new();
    let top = b.var("Main.s", Rep::Ptr);
    let n = b.var("n", Rep::Int);
    let r = b.var("r", Rep::Ptr);
    let h = b.var("h", Rep::Ptr);
    let t = b.var("t", Rep::Ptr);
    // \n -> case mkList# n of r { [] -> []; h : t -> t }
    b.top(
        &top,
        lam(
            &[&n],
            case(
                prim("mkList#", vec![v(&n)]),
                &r,
                vec![
                    alt_con(NIL, &[], con(NIL, vec![])),
                    alt_con(CONS, &[&h, &t], v(&t)),
                ],
            ),
        ),
    );
    let img = image(&b.prog);
    let bco = img.bcos.iter().find(|b| b.name == "Main.s").unwrap();
    let instrs: Vec<Instr> = decode_all(&bco.code)
        .unwrap()
        .into_iter()
        .map(|(_, i)| i)
        .collect();
    let prim_at = instrs
        .iter()
        .position(|i| matches!(i, Instr::Prim { .. }))
        .unwrap();
    let Instr::Prim { results, .. } = &instrs[prim_at] else {
        unreachable!()
    };
    assert!(
        matches!(instrs[prim_at + 1], Instr::Eval { x, .. } if x == results.0[0]),
        "{}",
        bytecode::disasm::code(&bco.code)
    );
}

#[test]
fn selector_of_a_known_dictionary_is_resolved_statically() {
    let mut b = Builder::new();
    let dict_con = b.con("Main.C:Cls", "Main.Cls", 0, 1, vec![Rep::Ptr, Rep::Ptr]);
    let m0 = b.var("Main.m0", Rep::Ptr);
    let p = b.var("p", Rep::Ptr);
    b.top(&m0, lam(&[&p], v(&p)));
    // dict = C:Cls m0 (\q -> q): the second method is an inline lambda.
    let dict = b.var("Main.$fCls", Rep::Ptr);
    let q = b.var("q", Rep::Ptr);
    b.top(&dict, con(dict_con, vec![v(&m0), lam(&[&q], v(&q))]));
    // sel1 = \d -> case d of C:Cls a c -> c
    let sel = b.var("Main.sel1", Rep::Ptr);
    let (d, db, a, c) = (
        b.var("d", Rep::Ptr),
        b.var("db", Rep::Ptr),
        b.var("a", Rep::Ptr),
        b.var("c", Rep::Ptr),
    );
    b.top(
        &sel,
        lam(
            &[&d],
            case(v(&d), &db, vec![alt_con(dict_con, &[&a, &c], v(&c))]),
        ),
    );
    // use = \x -> sel1 dict x
    let user = b.var("Main.use", Rep::Ptr);
    let x = b.var("x", Rep::Ptr);
    b.top(&user, lam(&[&x], app(v(&sel), vec![v(&dict), v(&x)])));
    let basic = stg::Options { optimise: false };
    let stg = stg::core_to_stg_with(&b.prog, &TestPrims, &basic).unwrap();
    let Rhs::Closure { body, .. } = top_rhs(&stg, "Main.use") else {
        panic!()
    };
    // The call goes straight to the dictionary's second method.
    let Expr::App(f, args) = &**body else {
        panic!("{body}")
    };
    assert_eq!(
        (f.name.as_str(), args.len()),
        ("Main.$fCls$f1", 1),
        "{body}"
    );
    // The optimiser goes further: the method `\q -> q` is inlined.
    let stg = core_to_stg(&b.prog, &TestPrims).unwrap();
    let Rhs::Closure { params, body, .. } = top_rhs(&stg, "Main.use") else {
        panic!()
    };
    assert!(
        matches!(&**body, Expr::Atom(syntax::Atom::Var(v)) if v.id == params[0].id),
        "{body}"
    );
    let img = image(&b.prog);
    let mut m = common::eval::Machine::new(&img);
    let user = m.static_ptr("Main.use");
    let nil = m.static_ptr("GHC.Types.[]");
    assert_eq!(m.apply(user, vec![(bytecode::Rep::Ptr, nil)]), vec![nil]);
}

/// Note [Case of a value]: `case n of n1 { 0# -> ..; _ -> .. n1 .. }` on an
/// unboxed `n` names `n`'s slot for `n1`; no `move` is emitted, and the
/// literal test and the subtraction read that slot.
#[test]
fn case_of_a_value_binds_no_new_slot() {
    let img = image(&factorial());
    let bco = img
        .bcos
        .iter()
        .find(|b| b.name == "Main.fac")
        .unwrap_or_else(|| panic!("no Main.fac\n{}", bytecode::disasm::image(&img)));
    let code = decode_all(&bco.code).unwrap();
    let text = bytecode::disasm::image(&img);
    assert!(
        !code.iter().any(|(_, i)| matches!(i, Instr::Move { .. })),
        "{text}"
    );
    let tested = code.iter().find_map(|(_, i)| match i {
        Instr::JumpIfNeLit { x, .. } => Some(*x),
        _ => None,
    });
    // `n1 -# 1` (a primop call with the test primop table) reads it too.
    let subtracted = code.iter().find_map(|(_, i)| match i {
        Instr::Prim { args, .. } => args.0.first().map(|a| a.slot),
        _ => None,
    });
    assert!(tested.is_some(), "{text}");
    assert_eq!(tested, subtracted, "{text}");
}

/// `\a w -> case NEW a w of (# w1, m #) -> let g = \x -> case m of m2 {
/// DEFAULT -> Box m2 } in case m of m1 { DEFAULT -> (# w1, g #) }`: with `NEW =
/// newMutVar#` (a primop whose pointer result is a value) neither `Main.t`
/// nor the closure `g` evaluates `m` (`PrimTable::returns_value`, Note
/// [Evaluated free variables]); with `readMutVar#` (whose result may be a
/// thunk) both do.
#[test]
fn value_results_of_primops_are_not_evaluated_again() {
    let run = |new: &str, dis: bool| {
        let mut b = Builder::new();
        let t = b.var("Main.t", Rep::Ptr);
        let bx = b.con("Main.Box", "Main.Box", 0, 1, vec![Rep::Ptr]);
        let (w, w1, m, m1, m2, g, x) = (
            b.var("w", Rep::Void),
            b.var("w1", Rep::Void),
            b.var("m", Rep::Ptr),
            b.var("m1", Rep::Ptr),
            b.var("m2", Rep::Ptr),
            b.var("g", Rep::Ptr),
            b.var("x", Rep::Ptr),
        );
        let res = b.var("res", Rep::Ptr);
        let arg = b.var("a", Rep::Ptr);
        let body = case(
            prim(new, vec![v(&arg), v(&w)]),
            &res,
            vec![alt_tuple(
                &[&w1, &m],
                let1(
                    &g,
                    lam(
                        &[&x],
                        case(v(&m), &m2, vec![alt_default(con(bx, vec![v(&m2)]))]),
                    ),
                    case(
                        v(&m),
                        &m1,
                        vec![alt_default(frontend::core::Expr::UnboxedTuple(vec![
                            v(&w1),
                            v(&g),
                        ]))],
                    ),
                ),
            )],
        );
        b.top(&t, lam(&[&arg, &w], body));
        // Unoptimised: the case binder swap would hide the free variable.
        let options = stg::Options { optimise: false };
        let img = stg::compile_with(&b.prog, &stg::FrontendPrims, &options).unwrap();
        img.validate().unwrap();
        if dis {
            return vec![(bytecode::disasm::image(&img), 0)];
        }
        img.bcos
            .iter()
            .filter(|b| b.name.starts_with("Main.t"))
            .map(|b| {
                let n = decode_all(&b.code)
                    .unwrap()
                    .iter()
                    .filter(|(_, i)| matches!(i, Instr::Eval { .. }))
                    .count();
                (b.name.clone(), n)
            })
            .collect::<Vec<_>>()
    };
    let evals = |new: &str| run(new, false);
    let dis = |new: &str| run(new, true).remove(0).0;
    let new = evals("newMutVar#");
    assert_eq!(new.len(), 2, "{new:?}");
    assert!(new.iter().all(|(_, n)| *n == 0), "{}", dis("newMutVar#"));
    let read = evals("readMutVar#");
    assert!(read.iter().all(|(_, n)| *n == 1), "{}", dis("readMutVar#"));
}
