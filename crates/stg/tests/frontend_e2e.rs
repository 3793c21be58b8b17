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
