//! STG to a bytecode [`Image`]: the image-wide tables (literals, primop
//! names, layouts, info tables, static closures, foreign calls, symbols)
//! and the top-level bindings. Closure bodies are compiled by
//! [`function`]. Calling convention and frame layout: docs/bytecode.md.

mod function;

use std::collections::{HashMap, HashSet};

use bytecode::{
    Bco, ConDesc, ForeignCallDesc, ForeignExport, Image, InfoIdx, InfoKind, InfoTable, Layout,
    LayoutIdx, LitIdx, Literal, NamedRef, PrimIdx, StaticClosure, StaticIdx, StaticWord, Symbol,
};
use frontend::core::{self as core, ConId, Lit, VarId};

use crate::error::{Result, StgError};
use crate::prims::PrimTable;
use crate::syntax::{Atom, Program, Rhs};

/// Converts a front-end rep to the image's.
pub fn rep(r: core::Rep) -> bytecode::Rep {
    match r {
        core::Rep::Ptr => bytecode::Rep::Ptr,
        core::Rep::Int => bytecode::Rep::Int,
        core::Rep::Word => bytecode::Rep::Word,
        core::Rep::Double => bytecode::Rep::Double,
        core::Rep::Float => bytecode::Rep::Float,
        core::Rep::Addr => bytecode::Rep::Addr,
        core::Rep::Void => bytecode::Rep::Void,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum LitKey {
    Int(i64),
    Word(u64),
    Double(u64),
    Float(u32),
    String(Vec<u8>),
    Integer(String),
}

fn literal(l: &Lit) -> Literal {
    match l {
        Lit::Int(v) => Literal::Int(*v),
        Lit::Char(c) => Literal::Int(*c as i64),
        Lit::Word(v) => Literal::Word(*v),
        Lit::Double(v) => Literal::Double(*v),
        Lit::Float(v) => Literal::Float(*v),
        Lit::String(b) => Literal::String(b.clone()),
        Lit::Integer(s) => Literal::Integer(s.clone()),
    }
}

fn lit_key(l: &Literal) -> LitKey {
    match l {
        Literal::Int(v) => LitKey::Int(*v),
        Literal::Word(v) => LitKey::Word(*v),
        Literal::Double(v) => LitKey::Double(v.to_bits()),
        Literal::Float(v) => LitKey::Float(v.to_bits()),
        Literal::String(b) => LitKey::String(b.clone()),
        Literal::Integer(s) => LitKey::Integer(s.clone()),
    }
}

/// Builds an image: interns table entries and compiles closures.
pub(crate) struct ImageBuilder<'p> {
    pub(crate) img: Image,
    pub(crate) prog: &'p Program,
    pub(crate) prims: &'p dyn PrimTable,
    lits: HashMap<LitKey, LitIdx>,
    primops: HashMap<String, PrimIdx>,
    layouts: HashMap<Layout, LayoutIdx>,
    /// Static closure of every top-level binding.
    pub(crate) top: HashMap<VarId, StaticIdx>,
    /// Top-level bindings that are values (functions, constructors): a
    /// pointer to them needs no evaluation.
    pub(crate) top_values: std::collections::HashSet<VarId>,
    /// Static closure of every constructor without payload words.
    pub(crate) nullary: HashMap<ConId, StaticIdx>,
    /// The top-level binding being compiled (for names and errors).
    pub(crate) context: String,
}

impl<'p> ImageBuilder<'p> {
    pub(crate) fn err(&self, message: impl Into<String>) -> StgError {
        StgError::new(self.context.clone(), message)
    }

    pub(crate) fn lit(&mut self, l: &Lit) -> LitIdx {
        self.literal(literal(l))
    }

    pub(crate) fn literal(&mut self, l: Literal) -> LitIdx {
        let key = lit_key(&l);
        if let Some(i) = self.lits.get(&key) {
            return *i;
        }
        let i = LitIdx(self.img.literals.len() as u32);
        self.img.literals.push(l);
        self.lits.insert(key, i);
        i
    }

    pub(crate) fn primop(&mut self, name: &str) -> Result<PrimIdx> {
        if let Some(i) = self.primops.get(name) {
            return Ok(*i);
        }
        let n = u16::try_from(self.img.primops.len())
            .map_err(|_| self.err("more than 65536 distinct primops"))?;
        self.img.primops.push(name.to_string());
        self.primops.insert(name.to_string(), PrimIdx(n));
        Ok(PrimIdx(n))
    }

    pub(crate) fn layout(&mut self, l: Layout) -> LayoutIdx {
        if let Some(i) = self.layouts.get(&l) {
            return *i;
        }
        let i = LayoutIdx(self.img.layouts.len() as u32);
        self.img.layouts.push(l.clone());
        self.layouts.insert(l, i);
        i
    }

    pub(crate) fn info(&mut self, name: String, kind: InfoKind) -> InfoIdx {
        let i = InfoIdx(self.img.infos.len() as u32);
        self.img.infos.push(InfoTable { name, kind });
        i
    }

    pub(crate) fn foreign_call(&mut self, fc: &core::ForeignCall) -> bytecode::ForeignIdx {
        let desc = ForeignCallDesc {
            conv: fc.conv,
            safe: fc.safe,
            entity: fc.entity.clone(),
            arg_reps: fc.arg_reps.iter().map(|r| rep(*r)).collect(),
            result_rep: fc.result_rep.map(rep),
            io: fc.io,
            arg_types: fc.arg_types.clone(),
            result_type: fc.result_type,
            callback: fc.callback.as_ref().map(|cb| bytecode::CallbackSig {
                args: cb.args.clone(),
                result: cb.result,
                io: cb.io,
            }),
        };
        if let Some(i) = self.img.foreign_calls.iter().position(|d| *d == desc) {
            return bytecode::ForeignIdx(i as u32);
        }
        self.img.foreign_calls.push(desc);
        bytecode::ForeignIdx(self.img.foreign_calls.len() as u32 - 1)
    }

    /// Reserves a BCO slot (filled when its code is finished).
    pub(crate) fn reserve_bco(&mut self, name: &str) -> u32 {
        self.img.bcos.push(Bco {
            name: name.to_string(),
            frame_size: 0,
            code: vec![],
        });
        self.img.bcos.len() as u32 - 1
    }

    pub(crate) fn con(&self, c: ConId) -> Result<&'p core::DataCon> {
        self.prog
            .cons
            .get(c.0 as usize)
            .ok_or_else(|| self.err(format!("constructor {} does not exist", c.0)))
    }
}

/// Checks that constructor arguments have the reps of its fields.
pub(crate) fn check_fields(b: &ImageBuilder<'_>, desc: &ConDesc, args: &[Atom]) -> Result<()> {
    if args.len() != desc.fields.len() {
        return Err(b.err(format!(
            "constructor {} given {} fields, has {}",
            desc.name,
            args.len(),
            desc.fields.len()
        )));
    }
    for (i, (a, want)) in args.iter().zip(&desc.fields).enumerate() {
        let have = match a {
            Atom::Var(v) => rep(v.rep),
            Atom::Lit(l) => rep(l.rep()),
        };
        if have != *want {
            return Err(b.err(format!(
                "field {i} of constructor {} has rep {want}, given a value of rep {have}",
                desc.name
            )));
        }
    }
    Ok(())
}

/// Compiles an STG program to an image (validated before it is returned).
pub fn program_to_image(prog: &Program, prims: &dyn PrimTable) -> Result<Image> {
    let mut b = ImageBuilder {
        img: Image::default(),
        prog,
        prims,
        lits: HashMap::new(),
        primops: HashMap::new(),
        layouts: HashMap::new(),
        top: HashMap::new(),
        top_values: Default::default(),
        nullary: HashMap::new(),
        context: String::new(),
    };
    // Constructors: info table i describes constructor i.
    for (i, c) in prog.cons.iter().enumerate() {
        b.img.cons.push(ConDesc {
            name: c.name.clone(),
            type_name: c.type_name.clone(),
            tag: c.tag,
            family_size: c.family_size,
            fields: c.fields.iter().map(|r| rep(*r)).collect(),
        });
        let info = b.info(c.name.clone(), InfoKind::Con { con: i as u32 });
        b.img.symbols.push(Symbol {
            name: c.name.clone(),
            target: NamedRef::Info(info),
        });
    }
    for (i, c) in prog.cons.iter().enumerate() {
        if c.fields.iter().all(|r| *r == core::Rep::Void) {
            let s = StaticIdx(b.img.statics.len() as u32);
            b.img.statics.push(StaticClosure {
                name: c.name.clone(),
                info: InfoIdx(i as u32),
                payload: vec![],
            });
            b.nullary.insert(ConId(i as u32), s);
        }
    }
    // Every top-level binding gets its static closure first, so that any
    // binding can refer to any other.
    let mut tops = Vec::new();
    for bind in &prog.binds {
        for (v, rhs) in bind.pairs() {
            let s = StaticIdx(b.img.statics.len() as u32);
            b.img.statics.push(StaticClosure {
                name: v.name.clone(),
                info: InfoIdx(0),
                payload: vec![],
            });
            b.top.insert(v.id, s);
            if matches!(rhs, Rhs::Con(..))
                || matches!(rhs, Rhs::Closure { params, .. } if !params.is_empty())
            {
                b.top_values.insert(v.id);
            }
            b.img.symbols.push(Symbol {
                name: v.name.clone(),
                target: NamedRef::Static(s),
            });
            tops.push((v, rhs, s));
        }
    }
    for (v, rhs, s) in tops {
        b.context = format!("top-level binding {}", v.name);
        let (info, payload) = match rhs {
            Rhs::Closure {
                fvs,
                update,
                params,
                body,
            } => {
                if !fvs.is_empty() {
                    return Err(b.err("a top-level closure has free variables"));
                }
                (
                    function::compile_closure(
                        &mut b,
                        &v.name,
                        fvs,
                        HashSet::new(),
                        *update,
                        params,
                        body,
                    )?,
                    vec![],
                )
            }
            Rhs::Con(c, args) => {
                let con = b.con(*c)?;
                let desc = b.img.cons[c.0 as usize].clone();
                check_fields(&b, &desc, args)?;
                let mut words: Vec<(u16, StaticWord)> = Vec::new();
                for (i, a) in args.iter().enumerate() {
                    let Some(pos) = desc.payload_index(i) else {
                        continue;
                    };
                    let w = match a {
                        Atom::Var(x) => match b.top.get(&x.id) {
                            Some(t) => StaticWord::Static(*t),
                            None => {
                                return Err(b.err(format!(
                                    "field {} of static {} is not top-level",
                                    x.name, con.name
                                )));
                            }
                        },
                        Atom::Lit(l) => StaticWord::Lit(b.lit(l)),
                    };
                    words.push((pos, w));
                }
                words.sort_by_key(|(p, _)| *p);
                (InfoIdx(c.0), words.into_iter().map(|(_, w)| w).collect())
            }
        };
        b.img.statics[s.0 as usize] = StaticClosure {
            name: v.name.clone(),
            info,
            payload,
        };
    }
    b.context.clear();
    if let Some(m) = &prog.main {
        b.img.entry = Some(
            *b.top
                .get(&m.id)
                .ok_or_else(|| b.err(format!("main {} is not a top-level binding", m.name)))?,
        );
    }
    for e in &prog.foreign_exports {
        let target = *b.top.get(&e.target.id).ok_or_else(|| {
            b.err(format!(
                "foreign export {} names no top-level binding",
                e.name
            ))
        })?;
        b.img.foreign_exports.push(ForeignExport {
            conv: e.conv,
            name: e.name.clone(),
            target,
            arg_types: e.arg_types.clone(),
            result_type: e.result_type,
            io: e.io,
        });
    }
    b.img
        .validate()
        .map_err(|e| StgError::new("generated image", e.to_string()))?;
    Ok(b.img)
}
