//! The disassembler: an image as readable text, for tests, `hsrts info`
//! style tools and debugging. The output is stable enough to grep in tests
//! but is not a format anything parses.

use std::fmt::Write;

use crate::image::{Image, InfoKind, Literal, NamedRef, StaticWord};
use crate::ops::decode_all;

/// The code of one BCO, one instruction per line (`  12: move s1, s0`).
/// Undecodable code is shown up to the error.
pub fn code(code: &[u16]) -> String {
    let mut out = String::new();
    let mut pc = 0;
    while pc < code.len() {
        match crate::ops::Instr::decode(code, pc) {
            Ok((instr, next)) => {
                let _ = writeln!(out, "  {pc:4}: {}", instr.to_text());
                pc = next;
            }
            Err(e) => {
                let _ = writeln!(out, "  {pc:4}: <{e}>");
                break;
            }
        }
    }
    out
}

fn literal(l: &Literal) -> String {
    match l {
        Literal::Int(v) => format!("int {v}"),
        Literal::Word(v) => format!("word {v}"),
        Literal::Double(v) => format!("double {v:?}"),
        Literal::Float(v) => format!("float {v:?}"),
        Literal::String(b) => format!("string {:?}", String::from_utf8_lossy(b)),
        Literal::Integer(s) => format!("integer {s}"),
    }
}

/// The whole image.
pub fn image(img: &Image) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "; bytecode image, format version {}",
        crate::FORMAT_VERSION
    );
    if let Some(e) = img.entry {
        let name = img
            .statics
            .get(e.0 as usize)
            .map_or("?", |s| s.name.as_str());
        let _ = writeln!(out, "entry static#{} ({name})", e.0);
    }
    for (i, l) in img.literals.iter().enumerate() {
        let _ = writeln!(out, "lit#{i} = {}", literal(l));
    }
    for (i, p) in img.primops.iter().enumerate() {
        let _ = writeln!(out, "prim#{i} = {p}");
    }
    for (i, c) in img.cons.iter().enumerate() {
        let fields: Vec<String> = c.fields.iter().map(|r| r.to_string()).collect();
        let _ = writeln!(
            out,
            "con#{i} {} :: {} tag {}/{} fields ({})",
            c.name,
            c.type_name,
            c.tag,
            c.family_size,
            fields.join(", ")
        );
    }
    for (i, l) in img.layouts.iter().enumerate() {
        let ptrs: Vec<String> = l.pointer_slots().iter().map(|s| format!("s{s}")).collect();
        let _ = writeln!(out, "layout#{i} size {} ptrs [{}]", l.size, ptrs.join(", "));
    }
    for (i, info) in img.infos.iter().enumerate() {
        let desc = match &info.kind {
            InfoKind::Con { con } => format!("con con#{con}"),
            InfoKind::Fun {
                bco,
                arg_reps,
                ptrs,
                nptrs,
            } => {
                let reps: Vec<String> = arg_reps.iter().map(|r| r.to_string()).collect();
                format!(
                    "fun bco#{bco} args ({}) payload {ptrs}p+{nptrs}n",
                    reps.join(", ")
                )
            }
            InfoKind::Thunk {
                bco,
                update,
                ptrs,
                nptrs,
            } => {
                format!("thunk bco#{bco} {update:?} payload {ptrs}p+{nptrs}n")
            }
            InfoKind::Ret {
                bco,
                offset,
                layout,
            } => {
                format!("ret bco#{bco} @{offset} layout#{}", layout.0)
            }
        };
        let _ = writeln!(out, "info#{i} {} = {desc}", info.name);
    }
    for (i, s) in img.statics.iter().enumerate() {
        let words: Vec<String> = s
            .payload
            .iter()
            .map(|w| match w {
                StaticWord::Static(t) => format!("static#{}", t.0),
                StaticWord::Lit(l) => format!("lit#{}", l.0),
            })
            .collect();
        let caf = if img.is_caf(crate::StaticIdx(i as u32)) {
            " CAF"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "static#{i} {} = info#{} [{}]{caf}",
            s.name,
            s.info.0,
            words.join(", ")
        );
    }
    for (i, f) in img.foreign_calls.iter().enumerate() {
        let reps: Vec<String> = f.arg_reps.iter().map(|r| r.to_string()).collect();
        let types: Vec<String> = f.arg_types.iter().map(|t| format!("{t:?}")).collect();
        let _ = writeln!(
            out,
            "ffi#{i} {:?} {} {:?} ({}) -> {:?}{} :: ({}) -> {:?}",
            f.conv,
            if f.safe { "safe" } else { "unsafe" },
            f.entity,
            reps.join(", "),
            f.result_rep,
            if f.io { " io" } else { "" },
            types.join(", "),
            f.result_type
        );
    }
    for e in &img.foreign_exports {
        let _ = writeln!(
            out,
            "export {:?} {} = static#{} {:?} -> {:?}",
            e.conv, e.name, e.target.0, e.arg_types, e.result_type
        );
    }
    for s in &img.symbols {
        let target = match s.target {
            NamedRef::Static(i) => format!("static#{}", i.0),
            NamedRef::Info(i) => format!("info#{}", i.0),
        };
        let _ = writeln!(out, "symbol {} = {target}", s.name);
    }
    for (i, b) in img.bcos.iter().enumerate() {
        let _ = writeln!(out, "bco#{i} {} frame {}:", b.name, b.frame_size);
        if decode_all(&b.code).is_err() {
            let _ = writeln!(out, "  ; code does not decode");
        }
        out.push_str(&code(&b.code));
    }
    out
}
