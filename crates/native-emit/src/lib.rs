//! The native-code back end (`hsrts build prog.hs -o prog.rs`; the `hsrts`
//! crate re-exports it as `hsrts::emit_rust`). Turns every
//! bytecode object of an image into a Rust function following the calling
//! convention of rts-core's `interp::native` (Note [The native calling
//! convention] there), and the image into a *native image*: the same data
//! with its code streams replaced by stubs (Note [Native images] in
//! docs/design/native-code.md). The Rust file includes the native image
//! with `include_bytes!` and exports `IMAGE` and `CODE`, which
//! `rts_core::loader::load_native` (or `hsrts::exec::run_native_image`)
//! runs — with or without the bytecode interpreter in the build.
//!
//! A crate of its own, depending only on `bytecode`, so that build scripts
//! can generate native programs cheaply (crates/native-tests does, for its
//! tests and for the bench's "hsrts compiled" system).
//!
//! Each function is a loop over a `match` on basic blocks: a block starts
//! at instruction 0, at every jump target and continuation resume point,
//! at every heap check (a safe point resumes there), after every `prim`
//! (a blocked primop resumes after it) and after every instruction that
//! does not fall through. Within a block each instruction becomes one call
//! of an operation on `Code`; jumps and switches become Rust control flow.

use std::collections::BTreeSet;
use std::fmt::{self, Write as _};

use bytecode::{Arg, Args, Image, InfoKind, Instr, Literal, OperandMut, Slot, decode_all};

/// Why a native program could not be generated.
#[derive(Debug)]
pub enum EmitError {
    /// A code stream did not decode (the image is corrupt).
    Decode {
        bco: usize,
        error: bytecode::DecodeError,
    },
    /// The native image failed validation (a bug in this back end).
    Image(bytecode::ImageError),
    /// A continuation info names a bytecode object or offset that is not
    /// an instruction.
    BadResume { info: usize },
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmitError::Decode { bco, error } => {
                write!(f, "bytecode object {bco} does not decode: {error}")
            }
            EmitError::Image(e) => write!(f, "the native image is invalid: {e}"),
            EmitError::BadResume { info } => {
                write!(
                    f,
                    "continuation info {info} does not point at an instruction"
                )
            }
        }
    }
}

impl std::error::Error for EmitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EmitError::Image(e) => Some(e),
            _ => None,
        }
    }
}

/// A generated native program: the Rust source and the native image it
/// includes (to be written beside it under `image_file`).
#[derive(Debug)]
pub struct RustProgram {
    pub source: String,
    pub image: Vec<u8>,
}

/// The message of the `panic` stubs that replace instructions in a native
/// image (seen only if a native image is run by the interpreter).
pub const STUB_MESSAGE: &str = "this bytecode object was compiled to native code";

/// One decoded bytecode object: instructions with jump targets rewritten
/// to instruction indices, and each instruction's code offset.
struct Decoded {
    instrs: Vec<Instr>,
    offsets: Vec<usize>,
    /// code offset -> instruction index (`u32::MAX`: not an instruction).
    index_of: Vec<u32>,
}

fn decode(bco: usize, code: &[u16]) -> Result<Decoded, EmitError> {
    let pairs = decode_all(code).map_err(|error| EmitError::Decode { bco, error })?;
    let mut index_of = vec![u32::MAX; code.len() + 1];
    for (i, (off, _)) in pairs.iter().enumerate() {
        index_of[*off] = i as u32;
    }
    let mut instrs = Vec::with_capacity(pairs.len());
    let mut offsets = Vec::with_capacity(pairs.len());
    for (off, mut instr) in pairs {
        instr.visit_operands_mut(&mut |op| {
            if let OperandMut::Target(t) = op {
                t.0 = index_of.get(t.0 as usize).copied().unwrap_or(u32::MAX);
            }
        });
        offsets.push(off);
        instrs.push(instr);
    }
    Ok(Decoded {
        instrs,
        offsets,
        index_of,
    })
}

/// Generates the native program for `image`. `image_file` is the name the
/// native image will have beside the Rust file (for `include_bytes!`);
/// `source_name` is mentioned in the header comment.
pub fn generate(
    image: &Image,
    image_file: &str,
    source_name: &str,
) -> Result<RustProgram, EmitError> {
    let decoded = image
        .bcos
        .iter()
        .enumerate()
        .map(|(i, b)| decode(i, &b.code))
        .collect::<Result<Vec<_>, _>>()?;

    // Resume index of every continuation info.
    let mut resume_of = vec![None; image.infos.len()];
    let mut resumes: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); image.bcos.len()];
    for (i, info) in image.infos.iter().enumerate() {
        if let InfoKind::Ret { bco, offset, .. } = info.kind {
            let idx = decoded
                .get(bco as usize)
                .and_then(|d| d.index_of.get(offset as usize))
                .copied()
                .filter(|&x| x != u32::MAX)
                .ok_or(EmitError::BadResume { info: i })?;
            resume_of[i] = Some(idx);
            resumes[bco as usize].insert(idx);
        }
    }

    let reachable = reachable_bcos(image, &decoded);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Generated by `hsrts build -o *.rs` (crates/native-emit) from {source_name}.\n\
         // Do not edit. Native code for {} bytecode objects; the data is in {image_file}.\n\
         // See docs/design/native-code.md.\n\
         #![allow(unused_mut, unused_variables, unreachable_code, unreachable_patterns, clippy::all)]\n\
         \n\
         use rts_core::interp::native::prelude::*;\n\
         \n\
         /// The native image: info tables, statics, literals, layouts.\n\
         pub static IMAGE: &[u8] = include_bytes!({image_file:?});\n\
         \n\
         /// The compiled code, one function per bytecode object.\n\
         pub static CODE: &[NativeCode] = &[",
        image.bcos.len()
    );
    for (i, &live) in reachable.iter().enumerate() {
        if live {
            let _ = writeln!(out, "    bco_{i},");
        } else {
            let _ = writeln!(out, "    not_compiled,");
        }
    }
    out.push_str("];\n");
    for (i, d) in decoded.iter().enumerate() {
        if reachable[i] {
            emit_function(&mut out, i, &image.bcos[i].name, d, &resumes[i], &resume_of);
        }
    }

    let native = native_image(image, &decoded, &reachable)?;
    Ok(RustProgram {
        source: out,
        image: native.to_bytes(),
    })
}

/// Names of statics the runtime itself looks up (rts-core: the loader,
/// `runMainIO`, the concurrency exceptions): roots of [`reachable_bcos`]
/// besides the entry and the foreign exports.
fn is_runtime_root(name: &str) -> bool {
    name.starts_with("GHC.TopHandler.")
        || name.starts_with("GHC.Exception.")
        || name == "GHC.Base.fst"
        || name == "GHC.Base.snd"
}

/// Which bytecode objects can run: those reachable from the entry, the
/// foreign exports and the runtime's roots through static closures, info
/// tables and the statics and infos code refers to. The image carries the
/// whole library; compiling only what can run keeps the Rust small. The
/// others get `not_compiled`, an error if ever called (it cannot be).
fn reachable_bcos(image: &Image, decoded: &[Decoded]) -> Vec<bool> {
    enum Item {
        Static(u32),
        Info(u32),
        Bco(u32),
    }
    let mut seen_static = vec![false; image.statics.len()];
    let mut seen_info = vec![false; image.infos.len()];
    let mut seen_bco = vec![false; image.bcos.len()];
    let mut work: Vec<Item> = Vec::new();
    work.extend(image.entry.map(|e| Item::Static(e.0)));
    work.extend(
        image
            .foreign_exports
            .iter()
            .map(|e| Item::Static(e.target.0)),
    );
    for (i, s) in image.statics.iter().enumerate() {
        if is_runtime_root(&s.name) {
            work.push(Item::Static(i as u32));
        }
    }
    while let Some(item) = work.pop() {
        match item {
            Item::Static(s) => {
                let Some(seen) = seen_static.get_mut(s as usize) else {
                    continue;
                };
                if std::mem::replace(seen, true) {
                    continue;
                }
                let st = &image.statics[s as usize];
                work.push(Item::Info(st.info.0));
                for w in &st.payload {
                    if let bytecode::StaticWord::Static(t) = w {
                        work.push(Item::Static(t.0));
                    }
                }
            }
            Item::Info(i) => {
                let Some(seen) = seen_info.get_mut(i as usize) else {
                    continue;
                };
                if std::mem::replace(seen, true) {
                    continue;
                }
                match image.infos[i as usize].kind {
                    InfoKind::Fun { bco, .. }
                    | InfoKind::Thunk { bco, .. }
                    | InfoKind::Ret { bco, .. } => work.push(Item::Bco(bco)),
                    InfoKind::Con { .. } => {}
                }
            }
            Item::Bco(b) => {
                let Some(seen) = seen_bco.get_mut(b as usize) else {
                    continue;
                };
                if std::mem::replace(seen, true) {
                    continue;
                }
                for instr in &decoded[b as usize].instrs {
                    instr.visit_operands(&mut |op| match op {
                        bytecode::OperandRef::Static(s) => work.push(Item::Static(s.0)),
                        bytecode::OperandRef::Info(i) => work.push(Item::Info(i.0)),
                        _ => {}
                    });
                }
            }
        }
    }
    seen_bco
}

/// The image with each code stream replaced by stubs: `prim` instructions
/// kept, every other instruction a `panic`, so instruction indices (and
/// therefore resume points) are unchanged. An unreachable object's code is
/// one `panic` (its continuations all point at it).
fn native_image(
    image: &Image,
    decoded: &[Decoded],
    reachable: &[bool],
) -> Result<Image, EmitError> {
    let mut native = image.clone();
    let stub_lit = bytecode::LitIdx(native.literals.len() as u32);
    native
        .literals
        .push(Literal::String(STUB_MESSAGE.as_bytes().to_vec()));
    let mut new_offset_of: Vec<Vec<u32>> = Vec::with_capacity(decoded.len());
    for ((b, d), &live) in native.bcos.iter_mut().zip(decoded).zip(reachable) {
        let mut code = Vec::new();
        let mut offsets = vec![u32::MAX; d.index_of.len()];
        if !live {
            Instr::Panic { msg: stub_lit }.encode(&mut code);
            offsets.iter_mut().for_each(|o| *o = 0);
            b.code = code;
            new_offset_of.push(offsets);
            continue;
        }
        for (instr, &old) in d.instrs.iter().zip(&d.offsets) {
            offsets[old] = code.len() as u32;
            match instr {
                // Re-encode from the original (its operands hold no targets).
                Instr::Prim { .. } => instr.encode(&mut code),
                _ => Instr::Panic { msg: stub_lit }.encode(&mut code),
            }
        }
        b.code = code;
        new_offset_of.push(offsets);
    }
    for info in &mut native.infos {
        if let InfoKind::Ret { bco, offset, .. } = &mut info.kind {
            *offset = new_offset_of[*bco as usize][*offset as usize];
        }
    }
    native.validate().map_err(EmitError::Image)?;
    Ok(native)
}

/// Block leaders of one bytecode object (see the module comment).
fn leaders(d: &Decoded, resumes: &BTreeSet<u32>) -> BTreeSet<u32> {
    let mut set = BTreeSet::new();
    set.insert(0);
    set.extend(resumes.iter().copied());
    for (i, instr) in d.instrs.iter().enumerate() {
        let i = i as u32;
        instr.visit_operands(&mut |op| {
            if let bytecode::OperandRef::Target(t) = op {
                set.insert(t.0);
            }
        });
        match instr {
            Instr::HeapCheck { .. } => {
                set.insert(i);
            }
            Instr::Prim { .. } => {
                set.insert(i + 1);
            }
            _ => {}
        }
        if !instr.opcode().falls_through() {
            set.insert(i + 1);
        }
    }
    set.retain(|&i| (i as usize) < d.instrs.len());
    set
}

fn args_text(args: &Args) -> String {
    let parts: Vec<String> = args.0.iter().map(arg_text).collect();
    format!("&[{}]", parts.join(", "))
}

fn arg_text(a: &Arg) -> String {
    format!("arg(Rep::{:?}, {})", a.rep, a.slot.0)
}

fn slots_text(slots: &[Slot]) -> String {
    let parts: Vec<String> = slots.iter().map(|s| s.0.to_string()).collect();
    format!("&[{}]", parts.join(", "))
}

fn emit_function(
    out: &mut String,
    index: usize,
    name: &str,
    d: &Decoded,
    resumes: &BTreeSet<u32>,
    resume_of: &[Option<u32>],
) {
    let blocks = leaders(d, resumes);
    let _ = writeln!(
        out,
        "\n/// {}\nfn bco_{index}(m: &mut Machine<'_>, pc: u32) -> NativeResult {{\n    \
         let mut c = Code::enter(m)?;\n    let mut pc = pc;\n    loop {{\n        match pc {{",
        name.replace('\n', " ")
    );
    let starts: Vec<u32> = blocks.iter().copied().collect();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(d.instrs.len() as u32);
        let _ = writeln!(out, "            {start} => {{");
        let mut falls = true;
        for i in start..end {
            let instr = &d.instrs[i as usize];
            emit_instr(out, name, i, instr, resume_of);
            falls = instr.opcode().falls_through();
        }
        if falls {
            let _ = writeln!(out, "                pc = {end};");
        }
        out.push_str("            }\n");
    }
    out.push_str("            _ => return Err(c.bad_resume(pc)),\n        }\n    }\n}\n");
}

fn emit_instr(out: &mut String, name: &str, i: u32, instr: &Instr, resume_of: &[Option<u32>]) {
    const IND: &str = "                ";
    let leave = |call: String| format!("if let Flow::Leave(r) = {call}? {{ return Ok(r); }}");
    let resume = |ret: u32| {
        resume_of
            .get(ret as usize)
            .copied()
            .flatten()
            .unwrap_or(u32::MAX)
    };
    let line = match instr {
        Instr::Move { dst, src } => format!("c.mov({}, {});", dst.0, src.0),
        Instr::LoadFv { dst, index } => format!("c.load_fv({}, {})?;", dst.0, index.0),
        Instr::LoadLit { dst, lit } => format!("c.load_lit({}, {});", dst.0, lit.0),
        Instr::LoadStatic { dst, global } => format!("c.load_static({}, {});", dst.0, global.0),
        Instr::LoadField { dst, obj, index } => {
            format!("c.load_field({}, {}, {});", dst.0, obj.0, index.0)
        }
        Instr::HeapCheck { words, layout } => {
            leave(format!("c.heap_check({}, {}, {i})", words.0, layout.0))
        }
        Instr::AllocCon { dst, info, fields } => format!(
            "c.alloc_con({}, {}, {})?;",
            dst.0,
            info.0,
            slots_text(&fields.0)
        ),
        Instr::AllocClosure { dst, info, fvs } => format!(
            "c.alloc_closure({}, {}, {})?;",
            dst.0,
            info.0,
            slots_text(&fvs.0)
        ),
        Instr::SetField { obj, index, src } => {
            format!("c.set_field({}, {}, {});", obj.0, index.0, src.0)
        }
        Instr::Eval { ret, x } => format!(
            "{} pc = {}; continue;",
            leave(format!("c.eval({}, {})", ret.0, x.0)),
            resume(ret.0)
        ),
        Instr::Call { ret, fun, args } => {
            format!("return c.call({}, {}, {});", ret.0, fun.0, args_text(args))
        }
        Instr::TailCall { fun, args } => {
            format!("return c.tail_call({}, {});", fun.0, args_text(args))
        }
        Instr::Enter { x } => format!("return c.enter_slot({});", x.0),
        Instr::Return { x } => format!("return c.ret({});", x.0),
        Instr::ReturnVals { vals } => format!("return c.return_vals({});", args_text(vals)),
        Instr::Recv { dst, index } => format!("c.recv({}, {})?;", dst.0, index.0),
        Instr::Jump { target } => format!("pc = {}; continue;", target.0),
        Instr::SwitchTag { x, targets } => {
            let mut s = format!("pc = match c.tag({}) {{ ", x.0);
            for (tag, t) in targets.0.iter().enumerate() {
                let _ = write!(s, "{tag} => {}, ", t.0);
            }
            s.push_str("_ => return Err(c.bad_tag()) }; continue;");
            s
        }
        Instr::JumpIfNeLit { x, lit, target } => format!(
            "if c.ne_lit({}, {}) {{ pc = {}; continue; }}",
            x.0, lit.0, target.0
        ),
        Instr::JumpUnless { op, a, b, target } => format!(
            "if c.unless(BinOp::{op:?}, {}, {}) {{ pc = {}; continue; }}",
            a.0, b.0, target.0
        ),
        Instr::JumpUnlessLit { op, a, lit, target } => format!(
            "if c.unless_lit(BinOp::{op:?}, {}, {}) {{ pc = {}; continue; }}",
            a.0, lit.0, target.0
        ),
        Instr::Arith { op, dst, a, b } => {
            format!("c.arith(BinOp::{op:?}, {}, {}, {});", dst.0, a.0, b.0)
        }
        Instr::ArithLit { op, dst, a, lit } => {
            format!("c.arith_lit(BinOp::{op:?}, {}, {}, {});", dst.0, a.0, lit.0)
        }
        Instr::Prim {
            prim,
            layout,
            results,
            args,
        } => leave(format!(
            "c.prim({}, {}, {}, {}, {i})",
            prim.0,
            layout.0,
            slots_text(&results.0),
            args_text(args)
        )),
        Instr::PrimCall { ret, prim, args } => format!(
            "return c.prim_call({}, {}, {});",
            ret.0,
            prim.0,
            args_text(args)
        ),
        Instr::PrimTail { prim, args } => {
            format!("return c.prim_tail({}, {});", prim.0, args_text(args))
        }
        Instr::ForeignCall {
            call,
            layout,
            results,
            args,
        } => format!(
            "c.foreign_call({}, {}, {}, {})?;",
            call.0,
            layout.0,
            slots_text(&results.0),
            slots_text(&args.0)
        ),
        Instr::Panic { .. } => format!("return Err(c.panic({name:?}));"),
    };
    let _ = writeln!(out, "{IND}{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compiles `source` with the front end and STG on a thread with a big
    /// stack (as `hsrts::compile::with_big_stack` does).
    fn image_of(source: &str) -> Image {
        let source = source.to_owned();
        let image = std::thread::Builder::new()
            .stack_size(512 << 20)
            .spawn(move || {
                let core = frontend::driver::compile_source(
                    "t.hs",
                    &source,
                    &frontend::driver::standard::StandardBuiltins,
                )
                .expect("front end");
                stg::compile(&core, &stg::FrontendPrims).expect("stg")
            })
            .expect("thread")
            .join()
            .expect("compiles");
        Image::load(&image.to_bytes()).expect("loads")
    }

    #[test]
    fn native_image_keeps_only_stubs_and_prims() {
        let image = image_of("main :: IO ()\nmain = print (sum [1 .. 10 :: Int])\n");
        let program = generate(&image, "t.hsimg", "t.hs").expect("generates");
        let native = Image::load(&program.image).expect("the native image validates");
        assert_eq!(native.bcos.len(), image.bcos.len());
        for b in &native.bcos {
            for (_, i) in decode_all(&b.code).expect("decodes") {
                assert!(
                    matches!(i, Instr::Panic { .. } | Instr::Prim { .. }),
                    "{} keeps {}",
                    b.name,
                    i.to_text()
                );
            }
        }
        assert!(program.source.contains("pub static CODE: &[NativeCode]"));
        let compiled = program.source.matches("\nfn bco_").count();
        let stubs = program.source.matches("    not_compiled,\n").count();
        assert_eq!(
            compiled + stubs,
            image.bcos.len(),
            "one entry per bytecode object"
        );
        assert!(
            compiled > 0 && stubs > 0,
            "{compiled} compiled, {stubs} not"
        );
    }

    #[test]
    fn generation_is_deterministic() {
        let image = image_of("main :: IO ()\nmain = putStrLn \"hi\"\n");
        let a = generate(&image, "t.hsimg", "t.hs").expect("generates");
        let b = generate(&image, "t.hsimg", "t.hs").expect("generates");
        assert_eq!(a.source, b.source);
        assert_eq!(a.image, b.image);
    }

    #[test]
    fn leaders_split_at_targets_resumes_and_safe_points() {
        let d = Decoded {
            instrs: vec![
                Instr::HeapCheck {
                    words: bytecode::Words(2),
                    layout: bytecode::LayoutIdx(0),
                },
                Instr::Jump {
                    target: bytecode::CodeOff(3),
                },
                Instr::Return { x: Slot(0) },
                Instr::Return { x: Slot(1) },
            ],
            offsets: vec![0, 3, 6, 8],
            index_of: vec![],
        };
        let set = leaders(&d, &BTreeSet::from([2]));
        assert_eq!(set.into_iter().collect::<Vec<_>>(), vec![0, 2, 3]);
    }
}
