//! The binary form of an [`Image`]: magic, version, then sections in a fixed
//! order, each with its id and byte length. All integers little-endian.
//! Byte-level layout: docs/bytecode.md. Reading never panics and never
//! allocates more than the input could describe: counts are checked against
//! the bytes left before anything is reserved.

use crate::error::ImageError;
use crate::image::{
    Bco, CallConv, CallbackSig, ConDesc, FORMAT_VERSION, FfiType, ForeignCallDesc, ForeignExport,
    Image, InfoKind, InfoTable, Layout, Literal, MAGIC, NamedRef, Rep, StaticClosure, StaticWord,
    Symbol, UpdateFlag,
};
use crate::operand::{InfoIdx, LayoutIdx, LitIdx, StaticIdx};
use crate::validate::DecodedCode;

/// Section ids, in the order they must appear.
pub mod section {
    pub const LITERALS: u32 = 1;
    pub const PRIMOPS: u32 = 2;
    pub const CONS: u32 = 3;
    pub const LAYOUTS: u32 = 4;
    pub const BCOS: u32 = 5;
    pub const INFOS: u32 = 6;
    pub const STATICS: u32 = 7;
    pub const FOREIGN_CALLS: u32 = 8;
    pub const FOREIGN_EXPORTS: u32 = 9;
    pub const SYMBOLS: u32 = 10;
    pub const ENTRY: u32 = 11;
    pub const COUNT: u32 = 11;
}

// ---------------------------------------------------------------- writing

struct Writer {
    out: Vec<u8>,
}

impl Writer {
    fn u8(&mut self, v: u8) {
        self.out.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    fn bool(&mut self, v: bool) {
        self.u8(v as u8);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u32(b.len() as u32);
        self.out.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn rep(&mut self, r: Rep) {
        self.u8(r.code());
    }
    fn reps(&mut self, rs: &[Rep]) {
        self.u32(rs.len() as u32);
        for r in rs {
            self.rep(*r);
        }
    }
    fn conv(&mut self, c: CallConv) {
        self.u8(match c {
            CallConv::CCall => 0,
            CallConv::JavaScript => 1,
        });
    }
    fn ffi_opt(&mut self, t: Option<FfiType>) {
        self.u8(t.map_or(0xff, FfiType::code));
    }
    fn rep_opt(&mut self, r: Option<Rep>) {
        self.u8(r.map_or(0xff, Rep::code));
    }
    fn section(&mut self, id: u32, body: impl FnOnce(&mut Writer)) {
        self.u32(id);
        let len_at = self.out.len();
        self.u32(0);
        body(self);
        let len = (self.out.len() - len_at - 4) as u32;
        self.out[len_at..len_at + 4].copy_from_slice(&len.to_le_bytes());
    }
}

impl Image {
    /// Serialises the image.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer { out: Vec::new() };
        w.out.extend_from_slice(&MAGIC);
        w.u32(FORMAT_VERSION);
        w.u32(section::COUNT);
        w.section(section::LITERALS, |w| {
            w.u32(self.literals.len() as u32);
            for l in &self.literals {
                match l {
                    Literal::Int(v) => {
                        w.u8(0);
                        w.u64(*v as u64)
                    }
                    Literal::Word(v) => {
                        w.u8(1);
                        w.u64(*v)
                    }
                    Literal::Double(v) => {
                        w.u8(2);
                        w.u64(v.to_bits())
                    }
                    Literal::Float(v) => {
                        w.u8(3);
                        w.u32(v.to_bits())
                    }
                    Literal::String(b) => {
                        w.u8(4);
                        w.bytes(b)
                    }
                    Literal::Integer(s) => {
                        w.u8(5);
                        w.str(s)
                    }
                }
            }
        });
        w.section(section::PRIMOPS, |w| {
            w.u32(self.primops.len() as u32);
            for p in &self.primops {
                w.str(p);
            }
        });
        w.section(section::CONS, |w| {
            w.u32(self.cons.len() as u32);
            for c in &self.cons {
                w.str(&c.name);
                w.str(&c.type_name);
                w.u32(c.tag);
                w.u32(c.family_size);
                w.reps(&c.fields);
            }
        });
        w.section(section::LAYOUTS, |w| {
            w.u32(self.layouts.len() as u32);
            for l in &self.layouts {
                w.u32(l.size);
                w.u32(l.bitmap.len() as u32);
                for b in &l.bitmap {
                    w.u64(*b);
                }
            }
        });
        w.section(section::BCOS, |w| {
            w.u32(self.bcos.len() as u32);
            for b in &self.bcos {
                w.str(&b.name);
                w.u32(b.frame_size);
                w.u32(b.code.len() as u32);
                for u in &b.code {
                    w.u16(*u);
                }
            }
        });
        w.section(section::INFOS, |w| {
            w.u32(self.infos.len() as u32);
            for i in &self.infos {
                w.str(&i.name);
                match &i.kind {
                    InfoKind::Con { con } => {
                        w.u8(0);
                        w.u32(*con);
                    }
                    InfoKind::Fun {
                        bco,
                        arg_reps,
                        ptrs,
                        nptrs,
                    } => {
                        w.u8(1);
                        w.u32(*bco);
                        w.reps(arg_reps);
                        w.u32(*ptrs);
                        w.u32(*nptrs);
                    }
                    InfoKind::Thunk {
                        bco,
                        update,
                        ptrs,
                        nptrs,
                    } => {
                        w.u8(2);
                        w.u32(*bco);
                        w.u8(match update {
                            UpdateFlag::Updatable => 0,
                            UpdateFlag::NoUpdate => 1,
                        });
                        w.u32(*ptrs);
                        w.u32(*nptrs);
                    }
                    InfoKind::Ret {
                        bco,
                        offset,
                        layout,
                    } => {
                        w.u8(3);
                        w.u32(*bco);
                        w.u32(*offset);
                        w.u32(layout.0);
                    }
                }
            }
        });
        w.section(section::STATICS, |w| {
            w.u32(self.statics.len() as u32);
            for s in &self.statics {
                w.str(&s.name);
                w.u32(s.info.0);
                w.u32(s.payload.len() as u32);
                for p in &s.payload {
                    match p {
                        StaticWord::Static(i) => {
                            w.u8(0);
                            w.u32(i.0)
                        }
                        StaticWord::Lit(i) => {
                            w.u8(1);
                            w.u32(i.0)
                        }
                    }
                }
            }
        });
        w.section(section::FOREIGN_CALLS, |w| {
            w.u32(self.foreign_calls.len() as u32);
            for f in &self.foreign_calls {
                w.conv(f.conv);
                w.bool(f.safe);
                w.str(&f.entity);
                w.reps(&f.arg_reps);
                w.rep_opt(f.result_rep);
                w.bool(f.io);
                w.u32(f.arg_types.len() as u32);
                for t in &f.arg_types {
                    w.u8(t.code());
                }
                w.ffi_opt(f.result_type);
                match &f.callback {
                    None => w.bool(false),
                    Some(cb) => {
                        w.bool(true);
                        w.u32(cb.args.len() as u32);
                        for t in &cb.args {
                            w.u8(t.code());
                        }
                        w.ffi_opt(cb.result);
                        w.bool(cb.io);
                    }
                }
            }
        });
        w.section(section::FOREIGN_EXPORTS, |w| {
            w.u32(self.foreign_exports.len() as u32);
            for e in &self.foreign_exports {
                w.conv(e.conv);
                w.str(&e.name);
                w.u32(e.target.0);
                w.u32(e.arg_types.len() as u32);
                for t in &e.arg_types {
                    w.u8(t.code());
                }
                w.ffi_opt(e.result_type);
                w.bool(e.io);
            }
        });
        w.section(section::SYMBOLS, |w| {
            w.u32(self.symbols.len() as u32);
            for s in &self.symbols {
                w.str(&s.name);
                match s.target {
                    NamedRef::Static(i) => {
                        w.u8(0);
                        w.u32(i.0)
                    }
                    NamedRef::Info(i) => {
                        w.u8(1);
                        w.u32(i.0)
                    }
                }
            }
        });
        w.section(section::ENTRY, |w| match self.entry {
            None => w.u8(0),
            Some(s) => {
                w.u8(1);
                w.u32(s.0)
            }
        });
        w.out
    }

    /// Reads an image. This checks the byte-level structure only; call
    /// [`Image::validate`] (or use [`Image::load`]) before trusting it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Image, ImageError> {
        let mut r = Reader { bytes, pos: 0 };
        if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
            return Err(ImageError::BadMagic);
        }
        r.pos = MAGIC.len();
        let version = r.u32("format version")?;
        if version != FORMAT_VERSION {
            return Err(ImageError::UnsupportedVersion {
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        let count = r.u32("section count")?;
        if count != section::COUNT {
            return Err(r.malformed(format!(
                "expected {} sections, found {count}",
                section::COUNT
            )));
        }
        let mut image = Image::default();
        for id in 1..=section::COUNT {
            let at = r.pos;
            let found = r.u32("section id")?;
            if found != id {
                return Err(ImageError::Malformed {
                    at,
                    message: format!("expected section {id}, found section {found}"),
                });
            }
            let len = r.u32("section length")? as usize;
            let start = r.pos;
            if bytes.len() - start < len {
                return Err(ImageError::Truncated {
                    at: start,
                    what: "section body",
                });
            }
            let mut s = Reader {
                bytes: &bytes[..start + len],
                pos: start,
            };
            read_section(&mut s, id, &mut image)?;
            if s.pos != start + len {
                return Err(ImageError::Malformed {
                    at: s.pos,
                    message: format!("section {id} has {} unread bytes", start + len - s.pos),
                });
            }
            r.pos = start + len;
        }
        if r.pos != bytes.len() {
            return Err(r.malformed(format!("{} trailing bytes", bytes.len() - r.pos)));
        }
        Ok(image)
    }

    /// Reads and validates an image: what the loader calls.
    pub fn load(bytes: &[u8]) -> Result<Image, ImageError> {
        let image = Image::from_bytes(bytes)?;
        image.validate()?;
        Ok(image)
    }

    /// [`Image::load`], also returning every BCO's decoded code (what the
    /// validator decoded anyway; Note [Validation cost]).
    pub fn load_decoded(bytes: &[u8]) -> Result<(Image, DecodedCode), ImageError> {
        let image = Image::from_bytes(bytes)?;
        let decoded = image.validate_decoded()?;
        Ok((image, decoded))
    }
}

// ---------------------------------------------------------------- reading

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn malformed(&self, message: String) -> ImageError {
        ImageError::Malformed {
            at: self.pos,
            message,
        }
    }

    fn take(&mut self, n: usize, what: &'static str) -> Result<&[u8], ImageError> {
        if self.bytes.len() - self.pos < n {
            return Err(ImageError::Truncated { at: self.pos, what });
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, ImageError> {
        Ok(self.take(1, what)?[0])
    }

    fn u32(&mut self, what: &'static str) -> Result<u32, ImageError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self, what: &'static str) -> Result<u64, ImageError> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    fn bool(&mut self, what: &'static str) -> Result<bool, ImageError> {
        match self.u8(what)? {
            0 => Ok(false),
            1 => Ok(true),
            v => Err(ImageError::Malformed {
                at: self.pos - 1,
                message: format!("{what}: bad boolean {v}"),
            }),
        }
    }

    /// A count of items each at least `min_item_bytes` long; rejects counts
    /// the remaining bytes cannot hold, so no huge allocation happens.
    fn count(&mut self, what: &'static str, min_item_bytes: usize) -> Result<usize, ImageError> {
        let n = self.u32(what)? as usize;
        let left = self.bytes.len() - self.pos;
        if n.saturating_mul(min_item_bytes.max(1)) > left {
            return Err(ImageError::Truncated { at: self.pos, what });
        }
        Ok(n)
    }

    fn bytes(&mut self, what: &'static str) -> Result<Vec<u8>, ImageError> {
        let n = self.count(what, 1)?;
        Ok(self.take(n, what)?.to_vec())
    }

    fn str(&mut self, what: &'static str) -> Result<String, ImageError> {
        let at = self.pos;
        let n = self.count(what, 1)?;
        let bytes = self.take(n, what)?;
        // Names are ASCII (qualified Haskell names); `is_ascii` is a short
        // inlined word-at-a-time loop, where `from_utf8` costs a call and
        // its set-up for each of the image's ~17,000 strings.
        if bytes.is_ascii() {
            // SAFETY: ASCII bytes are valid UTF-8.
            return Ok(unsafe { std::str::from_utf8_unchecked(bytes) }.to_owned());
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.to_owned()),
            Err(_) => Err(ImageError::Malformed {
                at,
                message: format!("{what}: not UTF-8"),
            }),
        }
    }

    fn rep(&mut self, what: &'static str) -> Result<Rep, ImageError> {
        let code = self.u8(what)?;
        Rep::from_code(code).ok_or_else(|| ImageError::Malformed {
            at: self.pos - 1,
            message: format!("{what}: bad rep {code}"),
        })
    }

    fn rep_opt(&mut self, what: &'static str) -> Result<Option<Rep>, ImageError> {
        let code = self.u8(what)?;
        if code == 0xff {
            return Ok(None);
        }
        Rep::from_code(code)
            .map(Some)
            .ok_or_else(|| ImageError::Malformed {
                at: self.pos - 1,
                message: format!("{what}: bad rep {code}"),
            })
    }

    fn reps(&mut self, what: &'static str) -> Result<Vec<Rep>, ImageError> {
        let n = self.count(what, 1)?;
        (0..n).map(|_| self.rep(what)).collect()
    }

    fn conv(&mut self) -> Result<CallConv, ImageError> {
        match self.u8("calling convention")? {
            0 => Ok(CallConv::CCall),
            1 => Ok(CallConv::JavaScript),
            v => Err(ImageError::Malformed {
                at: self.pos - 1,
                message: format!("bad calling convention {v}"),
            }),
        }
    }

    fn ffi(&mut self) -> Result<Option<FfiType>, ImageError> {
        let code = self.u8("foreign type")?;
        if code == 0xff {
            return Ok(None);
        }
        FfiType::from_code(code)
            .map(Some)
            .ok_or_else(|| ImageError::Malformed {
                at: self.pos - 1,
                message: format!("bad foreign type {code}"),
            })
    }
}

fn read_section(r: &mut Reader<'_>, id: u32, image: &mut Image) -> Result<(), ImageError> {
    match id {
        section::LITERALS => {
            let n = r.count("literal count", 5)?;
            image.literals.reserve(n);
            for _ in 0..n {
                let at = r.pos;
                let lit = match r.u8("literal kind")? {
                    0 => Literal::Int(r.u64("Int literal")? as i64),
                    1 => Literal::Word(r.u64("Word literal")?),
                    2 => Literal::Double(f64::from_bits(r.u64("Double literal")?)),
                    3 => Literal::Float(f32::from_bits(r.u32("Float literal")?)),
                    4 => Literal::String(r.bytes("String literal")?),
                    5 => Literal::Integer(r.str("Integer literal")?),
                    k => {
                        return Err(ImageError::Malformed {
                            at,
                            message: format!("bad literal kind {k}"),
                        });
                    }
                };
                image.literals.push(lit);
            }
        }
        section::PRIMOPS => {
            let n = r.count("primop count", 4)?;
            image.primops.reserve(n);
            for _ in 0..n {
                image.primops.push(r.str("primop name")?);
            }
        }
        section::CONS => {
            let n = r.count("constructor count", 20)?;
            image.cons.reserve(n);
            for _ in 0..n {
                image.cons.push(ConDesc {
                    name: r.str("constructor name")?,
                    type_name: r.str("type name")?,
                    tag: r.u32("constructor tag")?,
                    family_size: r.u32("family size")?,
                    fields: r.reps("constructor fields")?,
                });
            }
        }
        section::LAYOUTS => {
            let n = r.count("layout count", 8)?;
            image.layouts.reserve(n);
            for _ in 0..n {
                let size = r.u32("layout size")?;
                let words = r.count("bitmap length", 8)?;
                let bitmap = (0..words)
                    .map(|_| r.u64("bitmap word"))
                    .collect::<Result<_, _>>()?;
                image.layouts.push(Layout { size, bitmap });
            }
        }
        section::BCOS => {
            let n = r.count("BCO count", 12)?;
            image.bcos.reserve(n);
            for _ in 0..n {
                let name = r.str("BCO name")?;
                let frame_size = r.u32("frame size")?;
                let units = r.count("code length", 2)?;
                let code = r
                    .take(units * 2, "code unit")?
                    .chunks_exact(2)
                    .map(|b| u16::from_le_bytes([b[0], b[1]]))
                    .collect();
                image.bcos.push(Bco {
                    name,
                    frame_size,
                    code,
                });
            }
        }
        section::INFOS => {
            let n = r.count("info table count", 9)?;
            image.infos.reserve(n);
            for _ in 0..n {
                let name = r.str("info table name")?;
                let at = r.pos;
                let kind = match r.u8("info kind")? {
                    0 => InfoKind::Con {
                        con: r.u32("constructor index")?,
                    },
                    1 => InfoKind::Fun {
                        bco: r.u32("BCO index")?,
                        arg_reps: r.reps("argument reps")?,
                        ptrs: r.u32("pointer words")?,
                        nptrs: r.u32("non-pointer words")?,
                    },
                    2 => InfoKind::Thunk {
                        bco: r.u32("BCO index")?,
                        update: match r.u8("update flag")? {
                            0 => UpdateFlag::Updatable,
                            1 => UpdateFlag::NoUpdate,
                            v => {
                                return Err(ImageError::Malformed {
                                    at: r.pos - 1,
                                    message: format!("bad update flag {v}"),
                                });
                            }
                        },
                        ptrs: r.u32("pointer words")?,
                        nptrs: r.u32("non-pointer words")?,
                    },
                    3 => InfoKind::Ret {
                        bco: r.u32("BCO index")?,
                        offset: r.u32("code offset")?,
                        layout: LayoutIdx(r.u32("layout index")?),
                    },
                    k => {
                        return Err(ImageError::Malformed {
                            at,
                            message: format!("bad info kind {k}"),
                        });
                    }
                };
                image.infos.push(InfoTable { name, kind });
            }
        }
        section::STATICS => {
            let n = r.count("static closure count", 12)?;
            image.statics.reserve(n);
            for _ in 0..n {
                let name = r.str("static closure name")?;
                let info = InfoIdx(r.u32("info index")?);
                let words = r.count("payload length", 5)?;
                let mut payload = Vec::with_capacity(words);
                for _ in 0..words {
                    let at = r.pos;
                    payload.push(match r.u8("payload word kind")? {
                        0 => StaticWord::Static(StaticIdx(r.u32("static index")?)),
                        1 => StaticWord::Lit(LitIdx(r.u32("literal index")?)),
                        k => {
                            return Err(ImageError::Malformed {
                                at,
                                message: format!("bad payload word kind {k}"),
                            });
                        }
                    });
                }
                image.statics.push(StaticClosure {
                    name,
                    info,
                    payload,
                });
            }
        }
        section::FOREIGN_CALLS => {
            let n = r.count("foreign call count", 12)?;
            image.foreign_calls.reserve(n);
            for _ in 0..n {
                let conv = r.conv()?;
                let safe = r.bool("safety")?;
                let entity = r.str("foreign entity")?;
                let arg_reps = r.reps("foreign argument reps")?;
                let result_rep = r.rep_opt("foreign result rep")?;
                let io = r.bool("io flag")?;
                let argc = r.count("foreign argument type count", 1)?;
                let mut arg_types = Vec::with_capacity(argc);
                for _ in 0..argc {
                    let at = r.pos;
                    arg_types.push(r.ffi()?.ok_or(ImageError::Malformed {
                        at,
                        message: "missing foreign argument type".into(),
                    })?);
                }
                let result_type = r.ffi()?;
                let callback = if r.bool("callback flag")? {
                    let n = r.count("callback argument count", 1)?;
                    let mut args = Vec::with_capacity(n);
                    for _ in 0..n {
                        let at = r.pos;
                        args.push(r.ffi()?.ok_or(ImageError::Malformed {
                            at,
                            message: "missing callback argument type".into(),
                        })?);
                    }
                    let result = r.ffi()?;
                    let io = r.bool("callback io flag")?;
                    Some(CallbackSig { args, result, io })
                } else {
                    None
                };
                image.foreign_calls.push(ForeignCallDesc {
                    conv,
                    safe,
                    entity,
                    arg_reps,
                    result_rep,
                    io,
                    arg_types,
                    result_type,
                    callback,
                });
            }
        }
        section::FOREIGN_EXPORTS => {
            let n = r.count("foreign export count", 15)?;
            image.foreign_exports.reserve(n);
            for _ in 0..n {
                let conv = r.conv()?;
                let name = r.str("export name")?;
                let target = StaticIdx(r.u32("export target")?);
                let argc = r.count("export argument count", 1)?;
                let mut arg_types = Vec::with_capacity(argc);
                for _ in 0..argc {
                    let at = r.pos;
                    arg_types.push(r.ffi()?.ok_or(ImageError::Malformed {
                        at,
                        message: "missing export argument type".into(),
                    })?);
                }
                let result_type = r.ffi()?;
                let io = r.bool("io flag")?;
                image.foreign_exports.push(ForeignExport {
                    conv,
                    name,
                    target,
                    arg_types,
                    result_type,
                    io,
                });
            }
        }
        section::SYMBOLS => {
            let n = r.count("symbol count", 9)?;
            image.symbols.reserve(n);
            for _ in 0..n {
                let name = r.str("symbol name")?;
                let at = r.pos;
                let target = match r.u8("symbol kind")? {
                    0 => NamedRef::Static(StaticIdx(r.u32("static index")?)),
                    1 => NamedRef::Info(InfoIdx(r.u32("info index")?)),
                    k => {
                        return Err(ImageError::Malformed {
                            at,
                            message: format!("bad symbol kind {k}"),
                        });
                    }
                };
                image.symbols.push(Symbol { name, target });
            }
        }
        section::ENTRY => {
            image.entry = match r.u8("entry flag")? {
                0 => None,
                1 => Some(StaticIdx(r.u32("entry static")?)),
                v => {
                    return Err(ImageError::Malformed {
                        at: r.pos - 1,
                        message: format!("bad entry flag {v}"),
                    });
                }
            };
        }
        _ => return Err(r.malformed(format!("unknown section {id}"))),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names take the ASCII fast path or `from_utf8` (`Reader::str`): both
    /// read back what was written, and bytes that are not UTF-8 are an
    /// error, not a panic.
    #[test]
    fn names_read_back_and_bad_utf8_is_an_error() {
        let mut image = Image::default();
        image.primops.push("plainAscii#".to_owned());
        image.primops.push("caf\u{e9}\u{3bb}#".to_owned());
        let bytes = image.to_bytes();
        let back = Image::from_bytes(&bytes).expect("reads back");
        assert_eq!(back.primops, image.primops);

        let at = bytes
            .windows(2)
            .position(|w| w == [0xc3, 0xa9])
            .expect("the encoded e-acute");
        let mut bad = bytes.clone();
        bad[at] = 0xff;
        match Image::from_bytes(&bad) {
            Err(ImageError::Malformed { message, .. }) => {
                assert!(message.contains("not UTF-8"), "{message}")
            }
            other => panic!("expected a UTF-8 error, got {other:?}"),
        }
    }
}
