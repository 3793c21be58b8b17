//! Disassembles the BCOs of an image (`hsrts build x.hs -o x.hsbc`) whose
//! names contain one of the given words, with per-opcode static counts:
//!
//! ```text
//! cargo run -p bytecode --example hsbc_dis -- x.hsbc Main.nfib
//! ```

use bytecode::Image;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: hsbc_dis IMAGE.hsbc [NAME...]");
        std::process::exit(2);
    };
    let names: Vec<String> = args.collect();
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let img = match Image::load(&bytes) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    for bco in &img.bcos {
        if names.is_empty() || names.iter().any(|n| bco.name.contains(n.as_str())) {
            println!(
                "{} (frame {}):\n{}",
                bco.name,
                bco.frame_size,
                bytecode::disasm::code(&bco.code)
            );
        }
    }
}
