//! Debugging aid (ignored): prints the STG of chosen top-level bindings of a
//! Haskell program.
//!
//! `DUMP_SRC=tests/programs/nfib.hs DUMP_NAMES=Main.nfib,GHC.Num.- cargo test
//! -p stg --test dump -- --ignored --nocapture` (names match as prefixes;
//! `DUMP_NOOPT=1` dumps without the optimiser, `DUMP_BC=1` prints bytecode,
//! `DUMP_SIZE=1` prints code and image sizes).

use frontend::driver::compile_source;
use frontend::driver::standard::StandardBuiltins;
use stg::{FrontendPrims, Options};

#[test]
#[ignore = "debugging aid: prints STG"]
fn dump_stg() {
    let Ok(path) = std::env::var("DUMP_SRC") else {
        return;
    };
    let names = std::env::var("DUMP_NAMES").unwrap_or_else(|_| "Main.".into());
    let names: Vec<&str> = names.split(',').collect();
    let src = std::fs::read_to_string(&path).expect("DUMP_SRC readable");
    let options = Options {
        optimise: std::env::var_os("DUMP_NOOPT").is_none(),
    };
    let core = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || compile_source("Main.hs", &src, &StandardBuiltins).expect("front end"))
        .expect("thread")
        .join()
        .expect("front end thread");
    if std::env::var_os("DUMP_SIZE").is_some() {
        // Sizes only: code bytes over all BCOs, and the whole image.
        let img = stg::compile_with(&core, &FrontendPrims, &options).expect("stg");
        let code: usize = img.bcos.iter().map(|b| b.code.len()).sum();
        println!(
            "{} BCOs, {code} code bytes, image {} bytes",
            img.bcos.len(),
            img.to_bytes().len()
        );
        return;
    }
    if std::env::var_os("DUMP_BC").is_some() {
        // Bytecode instead of STG: every BCO whose name contains a name.
        let img = stg::compile_with(&core, &FrontendPrims, &options).expect("stg");
        for bco in img
            .bcos
            .iter()
            .filter(|b| names.iter().any(|n| b.name.contains(n)))
        {
            println!("{}:\n{}", bco.name, bytecode::disasm::code(&bco.code));
        }
        return;
    }
    let stg = stg::core_to_stg_with(&core, &FrontendPrims, &options).expect("stg");
    for b in &stg.binds {
        if b.pairs()
            .iter()
            .any(|(v, _)| names.iter().any(|n| v.name.starts_with(n)))
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
