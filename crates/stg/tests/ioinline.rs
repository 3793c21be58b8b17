//! The optimiser's rewrites that see through the IO monad (Note [Inlining
//! IO code] in src/inline.rs): unsaturated inlining, beta reduction,
//! pushing arguments into `case`/`let`, the state hack, and their effect
//! on a real `do` loop from the front end. Hand-built programs run on the
//! reference evaluator with and without the optimiser and must agree.

mod common;

use bytecode::Rep as BRep;
use common::eval::Machine;
use common::*;
use frontend::core::{self, Bind, Expr, Rep, Var};
use frontend::driver::compile_source;
use frontend::driver::standard::StandardBuiltins;
use stg::{FrontendPrims, Options, PrimTable};

/// The front end's primops plus `printInt#` (the reference evaluator's
/// output primop).
struct Prims;

impl PrimTable for Prims {
    fn result_reps(&self, name: &str) -> Option<Vec<Rep>> {
        match name {
            "printInt#" => Some(vec![Rep::Void]),
            _ => FrontendPrims.result_reps(name),
        }
    }
    fn arg_reps(&self, name: &str) -> Option<Vec<Rep>> {
        match name {
            "printInt#" => Some(vec![Rep::Int, Rep::Void]),
            _ => FrontendPrims.arg_reps(name),
        }
    }
    fn enters_code(&self, name: &str) -> bool {
        FrontendPrims.enters_code(name)
    }
    fn is_cheap(&self, name: &str) -> bool {
        FrontendPrims.is_cheap(name)
    }
}

/// The IO combinators as the library defines them after newtype erasure.
struct Io {
    b: Builder,
    bind_io: Var,
    then_io: Var,
    print_io: Var,
    /// `sumTo :: Int -> Int`, recursive (never inlined): the expensive
    /// pure work of the sharing test.
    sum_to: Var,
}

impl Io {
    fn new() -> Io {
        let mut b = Builder::new();
        let s = |b: &mut Builder, n: &str| b.var(n, Rep::Void);
        // bindIO = \m k s -> case m s of (# s1, r #) -> k r s1
        let bind_io = b.var("GHC.Base.bindIO", Rep::Ptr);
        let (m, k, w, w1, r, sb) = (
            b.var("m", Rep::Ptr),
            b.var("k", Rep::Ptr),
            s(&mut b, "s"),
            s(&mut b, "s1"),
            b.var("r", Rep::Ptr),
            s(&mut b, "sb"),
        );
        b.top(
            &bind_io,
            lam(
                &[&m, &k, &w],
                case(
                    app(v(&m), vec![v(&w)]),
                    &sb,
                    vec![alt_tuple(&[&w1, &r], app(v(&k), vec![v(&r), v(&w1)]))],
                ),
            ),
        );
        // thenIO = \m k s -> case m s of (# s1, _ #) -> k s1
        let then_io = b.var("GHC.Base.thenIO", Rep::Ptr);
        let (m, k, w, w1, r, sb) = (
            b.var("m", Rep::Ptr),
            b.var("k", Rep::Ptr),
            s(&mut b, "s"),
            s(&mut b, "s1"),
            b.var("r", Rep::Ptr),
            s(&mut b, "sb"),
        );
        b.top(
            &then_io,
            lam(
                &[&m, &k, &w],
                case(
                    app(v(&m), vec![v(&w)]),
                    &sb,
                    vec![alt_tuple(&[&w1, &r], app(v(&k), vec![v(&w1)]))],
                ),
            ),
        );
        // printIO = \n s -> case n of I# k -> case printInt# k s of (# s1 #) -> (# s1, () #)
        let print_io = b.var("Main.printIO", Rep::Ptr);
        let (n, nb, i, w) = (
            b.var("n", Rep::Ptr),
            b.var("nb", Rep::Ptr),
            b.var("i", Rep::Int),
            s(&mut b, "s"),
        );
        let body = case(
            v(&n),
            &nb,
            vec![alt_con(INT, &[&i], print_int(&mut b, &i, &w))],
        );
        b.top(&print_io, lam(&[&n, &w], body));
        // sumTo = \n -> case n of I# k -> case k of 0# -> I# 0#; _ -> case sumTo (I# (k -# 1#)) of I# r -> I# (k +# r)
        let sum_to = b.var("Main.sumTo", Rep::Ptr);
        let (n, nb, k, kb, rb, r) = (
            b.var("n", Rep::Ptr),
            b.var("nb", Rep::Ptr),
            b.var("k", Rep::Int),
            b.var("kb", Rep::Int),
            b.var("rb", Rep::Ptr),
            b.var("r", Rep::Int),
        );
        let rec_call = app(
            v(&sum_to),
            vec![con(INT, vec![prim("intSub#", vec![v(&k), int(1)])])],
        );
        let body = case(
            v(&n),
            &nb,
            vec![alt_con(
                INT,
                &[&k],
                case(
                    v(&k),
                    &kb,
                    vec![
                        alt_lit(core::Lit::Int(0), con(INT, vec![int(0)])),
                        alt_default(case(
                            rec_call,
                            &rb,
                            vec![alt_con(
                                INT,
                                &[&r],
                                con(INT, vec![prim("intAdd#", vec![v(&k), v(&r)])]),
                            )],
                        )),
                    ],
                ),
            )],
        );
        b.prog
            .binds
            .push(Bind::Rec(vec![(sum_to.clone(), lam(&[&n], body))]));
        Io {
            b,
            bind_io,
            then_io,
            print_io,
            sum_to,
        }
    }

    fn print(&self, e: Expr) -> Expr {
        app(v(&self.print_io), vec![e])
    }
}

fn optimise(prog: &core::Program) -> core::Program {
    stg::optimise::optimise_program(&stg::simplify_program(prog), &Prims)
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

/// The applications in `e` whose head is one of `names`.
fn calls_of(e: &Expr, names: &[&Var]) -> usize {
    let mut n = 0;
    stg::optimise::walk(e, &mut |e| {
        if let Expr::App(f, _) = e {
            if matches!(&**f, Expr::Var(f) if names.iter().any(|x| x.id == f.id)) {
                n += 1;
            }
        }
    });
    n
}

/// Runs the IO action `name` (a function of Int arguments then the token)
/// on the reference evaluator: its output and step count.
fn run_io(prog: &core::Program, optimise: bool, name: &str, args: &[i64]) -> (Vec<String>, u64) {
    let img =
        stg::compile_with(prog, &Prims, &Options { optimise }).unwrap_or_else(|e| panic!("{e}"));
    img.validate().unwrap_or_else(|e| panic!("{e}"));
    let mut m = Machine::new(&img);
    let f = m.static_ptr(name);
    let mut args: Vec<(BRep, u64)> = args
        .iter()
        .map(|&a| (BRep::Ptr, m.alloc_con("GHC.Types.I#", vec![a as u64])))
        .collect();
    args.push((BRep::Void, 0));
    m.apply(f, args);
    (m.output.clone(), m.steps)
}

/// `act = \x -> bindIO (printIO x) (\u -> thenIO (printIO x) (printIO x))`:
/// every combinator is under-saturated at its use, and all are inlined, so
/// `act` becomes one function of `x` and the token with three `printInt#`
/// and no calls left; it prints the same as without the optimiser.
#[test]
fn unsaturated_io_combinators_are_inlined_away() {
    let mut io = Io::new();
    let act = io.b.var("Main.act", Rep::Ptr);
    let (x, u) = (io.b.var("x", Rep::Ptr), io.b.var("u", Rep::Ptr));
    let rest = app(v(&io.then_io), vec![io.print(v(&x)), io.print(v(&x))]);
    let body = app(v(&io.bind_io), vec![io.print(v(&x)), lam(&[&u], rest)]);
    io.b.top(&act, lam(&[&x], body));
    let out = optimise(&io.b.prog);
    // Worker/wrapper may split `act` (it is strict in `x`): look at the
    // worker if there is one.
    let has_worker = out.binds.iter().any(|b| match b {
        Bind::NonRec(v, _) => v.name == "$wMain.act",
        Bind::Rec(g) => g.iter().any(|(v, _)| v.name == "$wMain.act"),
    });
    let rhs = rhs_of(&out, if has_worker { "$wMain.act" } else { "Main.act" });
    let Expr::Lam(params, body) = rhs else {
        panic!("act is a function: {rhs:?}")
    };
    assert_eq!(
        params.iter().map(|p| p.rep).collect::<Vec<_>>()[1..],
        [Rep::Void],
        "act takes x and the token: {rhs:?}"
    );
    let mut calls = 0;
    let mut prints = 0;
    let mut lams = 0;
    stg::optimise::walk(body, &mut |e| match e {
        Expr::App(..) => calls += 1,
        Expr::Lam(..) => lams += 1,
        Expr::PrimApp(p, _) if p.0 == "printInt#" => prints += 1,
        _ => {}
    });
    assert_eq!((calls, lams, prints), (0, 0, 3), "{body:?}");
    assert_eq!(
        run_io(&io.b.prog, true, "Main.act", &[7]).0,
        vec!["7", "7", "7"]
    );
    assert_eq!(
        run_io(&io.b.prog, false, "Main.act", &[7]).0,
        vec!["7", "7", "7"]
    );
}

/// Sharing: `twice = \n -> let a = printIO (sumTo n) in thenIO a a`. The
/// unsaturated `printIO (sumTo n)` is inlined, and its non-atomic argument
/// must stay let-bound outside the new lambda: `sumTo n` is computed once
/// although the action runs twice. Measured on the evaluator: running it
/// twice costs one `sumTo` more than printing, not two.
#[test]
fn inlined_argument_is_computed_once_when_the_action_runs_twice() {
    let mut io = Io::new();
    let twice = io.b.var("Main.twice", Rep::Ptr);
    let once = io.b.var("Main.once", Rep::Ptr);
    for (f, runs) in [(&twice, 2), (&once, 1)] {
        let n = io.b.var("n", Rep::Ptr);
        let a = io.b.var("a", Rep::Ptr);
        let sum = app(v(&io.sum_to), vec![v(&n)]);
        let print = io.print(sum);
        let body = if runs == 2 {
            app(v(&io.then_io), vec![v(&a), v(&a)])
        } else {
            v(&a)
        };
        io.b.top(f, lam(&[&n], let1(&a, print, body)));
    }
    let out = optimise(&io.b.prog);
    assert_eq!(
        calls_of(rhs_of(&out, "Main.twice"), &[&io.print_io, &io.then_io]),
        0
    );
    let n = 2000;
    let total = (n * (n + 1) / 2).to_string();
    let (out_twice, steps_twice) = run_io(&io.b.prog, true, "Main.twice", &[n]);
    let (out_once, steps_once) = run_io(&io.b.prog, true, "Main.once", &[n]);
    assert_eq!(out_twice, vec![total.clone(), total.clone()]);
    assert_eq!(out_once, vec![total.clone()]);
    assert_eq!(run_io(&io.b.prog, false, "Main.twice", &[n]).0, out_twice);
    // One sumTo is at least `n` steps; a second print is a handful.
    assert!(
        steps_twice < steps_once + 100,
        "sumTo ran twice: {steps_once} steps once, {steps_twice} twice"
    );
    assert!(steps_once > n as u64, "sumTo ran: {steps_once}");
}

/// Pushing an argument into `case` and `let`, then beta:
/// `pick = \b s -> (case b of I# k -> case k of 0# -> printIO 1; _ ->
/// let y = I# k in printIO y) s` becomes a `case` whose alternatives are
/// direct `printInt#` code, with no application left.
#[test]
fn arguments_are_pushed_into_case_and_let() {
    let mut io = Io::new();
    let pick = io.b.var("Main.pick", Rep::Ptr);
    let (bx, bb, k, kb, y, w) = (
        io.b.var("b", Rep::Ptr),
        io.b.var("bb", Rep::Ptr),
        io.b.var("k", Rep::Int),
        io.b.var("kb", Rep::Int),
        io.b.var("y", Rep::Ptr),
        io.b.var("w", Rep::Void),
    );
    let scrut = case(
        v(&bx),
        &bb,
        vec![alt_con(
            INT,
            &[&k],
            case(
                v(&k),
                &kb,
                vec![
                    alt_lit(core::Lit::Int(0), io.print(con(INT, vec![int(1)]))),
                    alt_default(let1(&y, con(INT, vec![v(&k)]), io.print(v(&y)))),
                ],
            ),
        )],
    );
    io.b.top(&pick, lam(&[&bx, &w], app(scrut, vec![v(&w)])));
    let out = optimise(&io.b.prog);
    let rhs = rhs_of(&out, "Main.pick");
    let mut calls = 0;
    stg::optimise::walk(rhs, &mut |e| {
        if matches!(e, Expr::App(..)) {
            calls += 1
        }
    });
    assert_eq!(calls, 0, "{rhs:?}");
    assert_eq!(run_io(&io.b.prog, true, "Main.pick", &[0]).0, vec!["1"]);
    assert_eq!(run_io(&io.b.prog, true, "Main.pick", &[5]).0, vec!["5"]);
}

/// The state hack: `choose = \b -> case b of I# k -> case k of 0# ->
/// printIO b; _ -> thenIO (printIO b) (printIO b)` (a function of `b`
/// returning an IO action chosen by a cheap `case`) becomes a function of
/// `b` and the token. A `case` on an expensive call is not moved under the
/// token lambda: `chooseX = \b -> case sumTo b of ...` keeps arity 1, so
/// the sum is computed once per action value, not once per run.
#[test]
fn state_hack_eta_expands_only_over_cheap_code() {
    let mut io = Io::new();
    let choose = io.b.var("Main.choose", Rep::Ptr);
    let choose_x = io.b.var("Main.chooseX", Rep::Ptr);
    for (f, expensive) in [(&choose, false), (&choose_x, true)] {
        let (bx, bb, k, kb) = (
            io.b.var("b", Rep::Ptr),
            io.b.var("bb", Rep::Ptr),
            io.b.var("k", Rep::Int),
            io.b.var("kb", Rep::Int),
        );
        let scrut = if expensive {
            app(v(&io.sum_to), vec![v(&bx)])
        } else {
            v(&bx)
        };
        let both = app(v(&io.then_io), vec![io.print(v(&bx)), io.print(v(&bx))]);
        let body = case(
            scrut,
            &bb,
            vec![alt_con(
                INT,
                &[&k],
                case(
                    v(&k),
                    &kb,
                    vec![
                        alt_lit(core::Lit::Int(0), io.print(v(&bx))),
                        alt_default(both),
                    ],
                ),
            )],
        );
        io.b.top(f, lam(&[&bx], body));
    }
    let out = optimise(&io.b.prog);
    let arity = |name: &str| match rhs_of(&out, name) {
        Expr::Lam(ps, _) => ps.iter().map(|p| p.rep).collect::<Vec<_>>(),
        e => panic!("{name} is a function: {e:?}"),
    };
    assert_eq!(arity("Main.choose"), vec![Rep::Ptr, Rep::Void]);
    assert_eq!(arity("Main.chooseX"), vec![Rep::Ptr]);
    for (f, runs) in [("Main.choose", 2), ("Main.chooseX", 2)] {
        for n in [0, 3] {
            let want = if n == 0 { 1 } else { runs };
            let (got, _) = run_io(&io.b.prog, true, f, &[n]);
            assert_eq!(got.len(), want, "{f} {n}: {got:?}");
            assert_eq!(got, run_io(&io.b.prog, false, f, &[n]).0);
        }
    }
}

/// The front end's `do` loop: `loop = do { n <- readIORef r; if n == 0
/// then return () else writeIORef r (n - 1) >> loop }` ends up a known
/// local function of the token whose recursive call is a direct tail call:
/// no bindIO/thenIO call and no closure allocated per iteration.
#[test]
fn local_io_loop_becomes_a_direct_tail_call() {
    const SRC: &str = r#"
import Data.IORef

countDown :: IORef Int -> IO ()
countDown r = loop
  where
    loop = do
      n <- readIORef r
      if n == 0 then return () else writeIORef r (n - 1) >> loop

main :: IO ()
main = do
  r <- newIORef 10
  countDown r
  readIORef r >>= print
"#;
    let src = SRC.to_string();
    let core = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || compile_source("Main.hs", &src, &StandardBuiltins).expect("front end"))
        .expect("thread")
        .join()
        .expect("front end thread");
    let stg = stg::core_to_stg_with(&core, &FrontendPrims, &Options::default()).unwrap();
    let bind = stg
        .binds
        .iter()
        .find(|b| b.pairs().iter().any(|(v, _)| v.name == "Main.countDown"))
        .expect("countDown");
    let text = stg::syntax::Program {
        binds: vec![bind.clone()],
        ..Default::default()
    }
    .to_string();
    eprintln!("{text}");
    assert!(text.contains("readMutVar#"), "{text}");
    assert!(text.contains("writeMutVar#"), "{text}");
    assert!(!text.contains("bindIO"), "bindIO call left:\n{text}");
    assert!(!text.contains("thenIO"), "thenIO call left:\n{text}");
    // Two functions (countDown and loop), no thunk, no other closure.
    assert_eq!(
        text.matches("\\{").count(),
        2,
        "closures allocated:\n{text}"
    );
    assert!(!text.contains(" u ["), "thunk left:\n{text}");
    // loop calls itself directly with the new token, in tail position.
    let loop_name = text
        .split("letrec ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .expect("a local loop");
    assert!(
        text.contains(&format!("-> {loop_name} w")),
        "no direct self tail call of {loop_name}:\n{text}"
    );
}
