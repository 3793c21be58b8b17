//! The `hsrts_jsffi` custom section: what the post-linker needs to know
//! about a program's JavaScript imports and exports.
//!
//! Byte format (little-endian; `str` = u32 byte length + UTF-8; a type is
//! a `bytecode::FfiType::code()` byte, `0xff` for "no result"):
//!
//! ```text
//! magic "HSJS"  u32 version (1)
//! u32 import count, then per import:
//!   u32 id          the image's foreign-call index (what the runtime passes to `call`)
//!   u8  kind        0 snippet, 1 "dynamic", 2 "wrapper"
//!   u8  flags       bit 0: safe (asynchronous), bit 1: IO result
//!   u8  argc, argc type bytes, 1 result type byte
//!                   (for a "wrapper": the signature and IO flag of the
//!                   Haskell function, i.e. of the JavaScript function it
//!                   makes; the import itself takes that function and
//!                   returns a JSVal)
//!   str snippet     the JavaScript source (empty for dynamic/wrapper)
//! u32 export count, then per export:
//!   u32 id          the image's foreign-export index
//!   str name        the wasm export's name
//!   u8  flags       bit 1: IO
//!   u8  argc, argc type bytes, 1 result type byte
//! ```

use std::fmt;

use bytecode::FfiType;

use crate::abi::{SECTION_MAGIC, SECTION_VERSION};

/// What kind of `foreign import javascript` an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    /// A code snippet using `$1..$n`.
    Snippet,
    /// `"dynamic"`: call the first argument (a JavaScript function).
    Dynamic,
    /// `"wrapper"`: a JavaScript function calling a Haskell closure.
    Wrapper,
}

/// One `foreign import javascript`.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportSig {
    pub id: u32,
    pub kind: ImportKind,
    /// `safe` (or no annotation): asynchronous.
    pub safe: bool,
    pub io: bool,
    pub args: Vec<FfiType>,
    pub result: Option<FfiType>,
    pub snippet: String,
}

/// One `foreign export javascript`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportSig {
    pub id: u32,
    pub name: String,
    pub io: bool,
    pub args: Vec<FfiType>,
    pub result: Option<FfiType>,
}

/// The whole section.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JsffiSection {
    pub imports: Vec<ImportSig>,
    pub exports: Vec<ExportSig>,
}

/// A malformed section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SectionError {
    BadMagic,
    UnsupportedVersion(u32),
    Truncated,
    BadType(u8),
    BadKind(u8),
    BadUtf8,
    TrailingBytes(usize),
    /// A signature the section cannot hold (more than 255 arguments).
    TooManyArgs(usize),
}

impl fmt::Display for SectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SectionError::BadMagic => write!(f, "missing the HSJS magic"),
            SectionError::UnsupportedVersion(v) => {
                write!(
                    f,
                    "format version {v} (this post-linker reads {SECTION_VERSION})"
                )
            }
            SectionError::Truncated => write!(f, "truncated"),
            SectionError::BadType(b) => write!(f, "unknown foreign type code {b}"),
            SectionError::BadKind(b) => write!(f, "unknown import kind {b}"),
            SectionError::BadUtf8 => write!(f, "a string is not UTF-8"),
            SectionError::TrailingBytes(n) => write!(f, "{n} bytes after the last entry"),
            SectionError::TooManyArgs(n) => write!(f, "{n} arguments (at most 255)"),
        }
    }
}

impl std::error::Error for SectionError {}

const NO_TYPE: u8 = 0xff;
const FLAG_SAFE: u8 = 1;
const FLAG_IO: u8 = 2;

impl ImportKind {
    fn code(self) -> u8 {
        match self {
            ImportKind::Snippet => 0,
            ImportKind::Dynamic => 1,
            ImportKind::Wrapper => 2,
        }
    }
    fn from_code(b: u8) -> Result<Self, SectionError> {
        match b {
            0 => Ok(ImportKind::Snippet),
            1 => Ok(ImportKind::Dynamic),
            2 => Ok(ImportKind::Wrapper),
            b => Err(SectionError::BadKind(b)),
        }
    }

    /// The kind of an entity string as the front end keeps it.
    pub fn of_entity(entity: &str) -> ImportKind {
        match entity.trim() {
            "dynamic" => ImportKind::Dynamic,
            "wrapper" => ImportKind::Wrapper,
            _ => ImportKind::Snippet,
        }
    }
}

impl JsffiSection {
    /// The section of an image: its javascript foreign calls and exports.
    pub fn of_image(image: &bytecode::Image) -> JsffiSection {
        let imports = image
            .foreign_calls
            .iter()
            .enumerate()
            .filter(|(_, c)| c.conv == bytecode::CallConv::JavaScript)
            .map(|(i, c)| {
                let kind = ImportKind::of_entity(&c.entity);
                // A "wrapper" entry describes the JavaScript function it
                // makes: the wrapped Haskell function's signature.
                let (io, args, result) = match (&c.callback, kind) {
                    (Some(cb), ImportKind::Wrapper) => (cb.io, cb.args.clone(), cb.result),
                    _ => (c.io, c.arg_types.clone(), c.result_type),
                };
                ImportSig {
                    id: i as u32,
                    kind,
                    safe: c.safe,
                    io,
                    args,
                    result,
                    snippet: if kind == ImportKind::Snippet {
                        c.entity.clone()
                    } else {
                        String::new()
                    },
                }
            })
            .collect();
        let exports = image
            .foreign_exports
            .iter()
            .enumerate()
            .filter(|(_, e)| e.conv == bytecode::CallConv::JavaScript)
            .map(|(i, e)| ExportSig {
                id: i as u32,
                name: e.name.clone(),
                io: e.io,
                args: e.arg_types.clone(),
                result: e.result_type,
            })
            .collect();
        JsffiSection { imports, exports }
    }

    /// Whether the program uses the JavaScript FFI at all.
    pub fn is_empty(&self) -> bool {
        self.imports.is_empty() && self.exports.is_empty()
    }

    /// The section's bytes. Panics only on a signature of more than 255
    /// arguments, which the front end cannot produce (use
    /// [`JsffiSection::try_encode`] otherwise).
    pub fn encode(&self) -> Vec<u8> {
        self.try_encode().unwrap_or_default()
    }

    /// The section's bytes, or why the section cannot hold it.
    pub fn try_encode(&self) -> Result<Vec<u8>, SectionError> {
        let mut out = Vec::new();
        out.extend_from_slice(SECTION_MAGIC);
        out.extend_from_slice(&SECTION_VERSION.to_le_bytes());
        out.extend_from_slice(&(self.imports.len() as u32).to_le_bytes());
        for i in &self.imports {
            out.extend_from_slice(&i.id.to_le_bytes());
            out.push(i.kind.code());
            out.push(if i.safe { FLAG_SAFE } else { 0 } | if i.io { FLAG_IO } else { 0 });
            put_sig(&mut out, &i.args, i.result)?;
            put_str(&mut out, &i.snippet);
        }
        out.extend_from_slice(&(self.exports.len() as u32).to_le_bytes());
        for e in &self.exports {
            out.extend_from_slice(&e.id.to_le_bytes());
            put_str(&mut out, &e.name);
            out.push(if e.io { FLAG_IO } else { 0 });
            put_sig(&mut out, &e.args, e.result)?;
        }
        Ok(out)
    }

    /// Reads a section written by [`JsffiSection::encode`].
    pub fn decode(bytes: &[u8]) -> Result<JsffiSection, SectionError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(4)? != SECTION_MAGIC {
            return Err(SectionError::BadMagic);
        }
        let version = r.u32()?;
        if version != SECTION_VERSION {
            return Err(SectionError::UnsupportedVersion(version));
        }
        let mut section = JsffiSection::default();
        for _ in 0..r.u32()? {
            let id = r.u32()?;
            let kind = ImportKind::from_code(r.u8()?)?;
            let flags = r.u8()?;
            let (args, result) = r.sig()?;
            let snippet = r.str()?;
            section.imports.push(ImportSig {
                id,
                kind,
                safe: flags & FLAG_SAFE != 0,
                io: flags & FLAG_IO != 0,
                args,
                result,
                snippet,
            });
        }
        for _ in 0..r.u32()? {
            let id = r.u32()?;
            let name = r.str()?;
            let flags = r.u8()?;
            let (args, result) = r.sig()?;
            section.exports.push(ExportSig {
                id,
                name,
                io: flags & FLAG_IO != 0,
                args,
                result,
            });
        }
        if r.pos != bytes.len() {
            return Err(SectionError::TrailingBytes(bytes.len() - r.pos));
        }
        Ok(section)
    }
}

fn put_sig(
    out: &mut Vec<u8>,
    args: &[FfiType],
    result: Option<FfiType>,
) -> Result<(), SectionError> {
    let n = u8::try_from(args.len()).map_err(|_| SectionError::TooManyArgs(args.len()))?;
    out.push(n);
    out.extend(args.iter().map(|t| t.code()));
    out.push(result.map_or(NO_TYPE, FfiType::code));
    Ok(())
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'b> {
    bytes: &'b [u8],
    pos: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Result<&'b [u8], SectionError> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or(SectionError::Truncated)?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, SectionError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, SectionError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn str(&mut self) -> Result<String, SectionError> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| SectionError::BadUtf8)
    }
    fn ty(&mut self) -> Result<FfiType, SectionError> {
        let b = self.u8()?;
        FfiType::from_code(b).ok_or(SectionError::BadType(b))
    }
    fn sig(&mut self) -> Result<(Vec<FfiType>, Option<FfiType>), SectionError> {
        let n = self.u8()?;
        let args = (0..n).map(|_| self.ty()).collect::<Result<Vec<_>, _>>()?;
        let result = match self.u8()? {
            NO_TYPE => None,
            b => Some(FfiType::from_code(b).ok_or(SectionError::BadType(b))?),
        };
        Ok((args, result))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> JsffiSection {
        JsffiSection {
            imports: vec![
                ImportSig {
                    id: 0,
                    kind: ImportKind::Snippet,
                    safe: true,
                    io: true,
                    args: vec![FfiType::JSVal, FfiType::Double, FfiType::Int64],
                    result: None,
                    snippet: "const r = await fetch($1); return r.text(); // é".into(),
                },
                ImportSig {
                    id: 7,
                    kind: ImportKind::Dynamic,
                    safe: false,
                    io: false,
                    args: vec![FfiType::JSVal],
                    result: Some(FfiType::Bool),
                    snippet: String::new(),
                },
            ],
            exports: vec![ExportSig {
                id: 2,
                name: "my_fib".into(),
                io: false,
                args: vec![FfiType::Word],
                result: Some(FfiType::Word),
            }],
        }
    }

    #[test]
    fn round_trips() {
        let s = sample();
        assert_eq!(JsffiSection::decode(&s.encode()), Ok(s));
        let empty = JsffiSection::default();
        assert!(empty.is_empty());
        assert_eq!(JsffiSection::decode(&empty.encode()), Ok(empty));
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let bytes = sample().encode();
        for n in 0..bytes.len() {
            assert!(JsffiSection::decode(&bytes[..n]).is_err(), "prefix {n}");
        }
        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(
            JsffiSection::decode(&long),
            Err(SectionError::TrailingBytes(1))
        );
    }

    #[test]
    fn bad_codes_are_reported() {
        let mut bytes = sample().encode();
        bytes[0] = b'X';
        assert_eq!(JsffiSection::decode(&bytes), Err(SectionError::BadMagic));
        let mut bytes = sample().encode();
        bytes[4] = 9;
        assert_eq!(
            JsffiSection::decode(&bytes),
            Err(SectionError::UnsupportedVersion(9))
        );
        let mut bytes = sample().encode();
        // magic, version, count, id: the first import's kind byte.
        bytes[16] = 5;
        assert_eq!(JsffiSection::decode(&bytes), Err(SectionError::BadKind(5)));
        let mut bytes = sample().encode();
        bytes[19] = 200; // the first import's first argument type
        assert_eq!(
            JsffiSection::decode(&bytes),
            Err(SectionError::BadType(200))
        );
    }
}
