//! Haskell source through the real front end (with its library) to a
//! validated image.

mod common;

use frontend::driver::compile_source;
use frontend::driver::standard::StandardBuiltins;
use stg::FrontendPrims;

fn compile(src: &str) -> bytecode::Image {
    let core = compile_source("Main.hs", src, &StandardBuiltins)
        .unwrap_or_else(|e| panic!("front end: {e}"));
    common::image_of(&core, &FrontendPrims)
}

#[test]
fn hello_world_compiles_to_a_valid_image() {
    let img = compile("main :: IO ()\nmain = putStrLn \"hello\"\n");
    assert!(img.entry.is_some());
    eprintln!(
        "{} BCOs, {} infos, {} statics, {} code units",
        img.bcos.len(),
        img.infos.len(),
        img.statics.len(),
        img.bcos.iter().map(|b| b.code.len()).sum::<usize>()
    );
}

#[test]
fn nfib_compiles_to_a_valid_image() {
    let src = "nfib :: Int -> Int\nnfib n = if n < 2 then 1 else nfib (n - 1) + nfib (n - 2) + 1\n\nmain :: IO ()\nmain = print (nfib 20)\n";
    let img = compile(src);
    let bco = img
        .bcos
        .iter()
        .find(|b| b.name == "Main.nfib")
        .expect("nfib has a BCO");
    eprintln!("{}", bytecode::disasm::code(&bco.code));
    // The optimiser's worker (Note [Worker/wrapper] in optimise.rs).
    let worker = img
        .bcos
        .iter()
        .find(|b| b.name == "$wMain.nfib")
        .expect("nfib has a worker");
    eprintln!("{}", bytecode::disasm::code(&worker.code));
}

#[test]
#[ignore = "debugging aid: prints nfib's STG"]
fn dump_nfib() {
    let src = "nfib :: Int -> Int\nnfib n = if n < 2 then 1 else nfib (n - 1) + nfib (n - 2) + 1\n\nmain :: IO ()\nmain = print (nfib 20)\n";
    let core = compile_source("Main.hs", src, &StandardBuiltins).unwrap();
    let stg = stg::core_to_stg(&core, &FrontendPrims).unwrap();
    for b in &stg.binds {
        for (v, _) in b.pairs() {
            if v.name == "Main.nfib"
                || v.name.starts_with("$fGHC.Num.Num@GHC.Types.Int")
                || v.name == "GHC.Num.-"
            {
                let text = stg::syntax::Program {
                    binds: vec![b.clone()],
                    ..Default::default()
                }
                .to_string();
                println!("{text}");
            }
        }
    }
}

#[test]
fn nfib_runs_on_the_reference_evaluator() {
    let src = "nfib :: Int -> Int\nnfib n = if n < 2 then 1 else nfib (n - 1) + nfib (n - 2) + 1\n\nmain :: IO ()\nmain = print (nfib 20)\n";
    let img = compile(src);
    let mut m = common::eval::Machine::new(&img);
    let nfib = m.static_ptr("Main.nfib");
    for (n, want) in [(0u64, 1u64), (1, 1), (2, 3), (10, 177), (15, 1973)] {
        let arg = m.alloc_con("GHC.Types.I#", vec![n]);
        let r = m.apply(nfib, vec![(bytecode::Rep::Ptr, arg)]);
        let r = m.eval(r[0]);
        assert_eq!(
            m.con_of(r),
            ("GHC.Types.I#".to_string(), vec![want]),
            "nfib {n}"
        );
    }
    assert!(m.gc_points > 1000);
}

/// Inline operators (docs/design/dispatch.md): nfib's worker does its
/// arithmetic and its test with `arith*`/`jump.unless*`, never the general
/// `prim`, and loads no literal into a slot on its recursive path.
#[test]
fn nfib_worker_uses_inline_operators() {
    use bytecode::Instr;
    let src = "nfib :: Int -> Int\nnfib n = if n < 2 then 1 else nfib (n - 1) + nfib (n - 2) + 1\n\nmain :: IO ()\nmain = print (nfib 20)\n";
    let img = compile(src);
    let worker = img
        .bcos
        .iter()
        .find(|b| b.name == "$wMain.nfib")
        .expect("nfib has a worker");
    let code: Vec<Instr> = bytecode::decode_all(&worker.code)
        .expect("decodes")
        .into_iter()
        .map(|(_, i)| i)
        .collect();
    let count = |f: &dyn Fn(&Instr) -> bool| code.iter().filter(|i| f(i)).count();
    assert_eq!(
        count(&|i| matches!(i, Instr::Prim { .. } | Instr::PrimTail { .. })),
        0,
        "{code:?}"
    );
    assert_eq!(count(&|i| matches!(i, Instr::JumpUnlessLit { .. })), 1);
    assert_eq!(count(&|i| matches!(i, Instr::JumpIfNeLit { .. })), 0);
    assert_eq!(count(&|i| matches!(i, Instr::ArithLit { .. })), 3);
    assert_eq!(count(&|i| matches!(i, Instr::Arith { .. })), 1);
    // Only the base case's `1` is loaded.
    assert_eq!(count(&|i| matches!(i, Instr::LoadLit { .. })), 1);
}

/// A literal first operand: symmetric operators and flipped comparisons
/// take it as an immediate; `-` keeps its order. Checked on the reference
/// evaluator against Rust for both branches.
#[test]
fn literal_operands_on_either_side_keep_their_meaning() {
    let src = "g :: Int -> Int\ng x = if 3 < x then 2 * x + (x - 1) else 10 - x\n\nh :: Int -> Int\nh x = if x <= 3 then 0 else 1\n\nmain :: IO ()\nmain = print (g 1 + h 2)\n";
    let img = compile(src);
    let mut m = common::eval::Machine::new(&img);
    for (name, f) in [
        (
            "Main.g",
            (|x: i64| if 3 < x { 2 * x + (x - 1) } else { 10 - x }) as fn(i64) -> i64,
        ),
        ("Main.h", |x: i64| if x <= 3 { 0 } else { 1 }),
    ] {
        let fun = m.static_ptr(name);
        for x in -4i64..8 {
            let arg = m.alloc_con("GHC.Types.I#", vec![x as u64]);
            let r = m.apply(fun, vec![(bytecode::Rep::Ptr, arg)]);
            let r = m.eval(r[0]);
            assert_eq!(
                m.con_of(r),
                ("GHC.Types.I#".to_string(), vec![f(x) as u64]),
                "{name} {x}"
            );
        }
    }
}
