//! The JavaScript FFI's build-time half: the `hsrts_jsffi` custom section
//! that `hsrts build --reactor` writes into a wasm module ([`section`]), and
//! the post-linker that reads it back and writes the ES module a host
//! loads next to the wasm module ([`post_link`], [`esm`]). The runtime half
//! is rts-core `interp/machine/jsffi.rs`; the ABI between the two (the
//! `ghc_wasm_jsffi` imports and the `hsrts_jsffi_*` exports) is written
//! down in docs/jsffi.md and as constants in [`abi`].

pub mod abi;
pub mod esm;
pub mod section;
pub mod snippet;

pub use section::{ExportSig, ImportKind, ImportSig, JsffiSection, SectionError};

use std::fmt;

/// Why the post-linker could not produce an ES module.
#[derive(Debug)]
pub enum PostLinkError {
    /// The input is not a wasm module (bad magic/version or truncated).
    NotWasm(String),
    /// The module has no `hsrts_jsffi` custom section: it does not use the
    /// JavaScript FFI (or was not built with `hsrts build --reactor`).
    NoSection,
    /// The custom section is malformed.
    Section(SectionError),
}

impl fmt::Display for PostLinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PostLinkError::NotWasm(why) => write!(f, "not a wasm module: {why}"),
            PostLinkError::NoSection => write!(
                f,
                "the module has no `{}` custom section; build it with `hsrts build --reactor`",
                abi::SECTION_NAME
            ),
            PostLinkError::Section(e) => write!(f, "bad `{}` section: {e}", abi::SECTION_NAME),
        }
    }
}

impl std::error::Error for PostLinkError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PostLinkError::Section(e) => Some(e),
            _ => None,
        }
    }
}

/// The payload of the first custom section called `name` in the wasm
/// module `wasm`, if any. Walks the section headers only.
pub fn custom_section<'w>(wasm: &'w [u8], name: &str) -> Result<Option<&'w [u8]>, PostLinkError> {
    let bad = |why: &str| PostLinkError::NotWasm(why.to_owned());
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err(bad("missing the \\0asm magic"));
    }
    if wasm[4..8] != [1, 0, 0, 0] {
        return Err(bad("unsupported version"));
    }
    let mut pos = 8;
    while pos < wasm.len() {
        let id = wasm[pos];
        pos += 1;
        let (size, n) = read_leb_u32(&wasm[pos..]).ok_or_else(|| bad("bad section size"))?;
        pos += n;
        let end = pos
            .checked_add(size as usize)
            .filter(|e| *e <= wasm.len())
            .ok_or_else(|| bad("a section runs past the end"))?;
        if id == 0 {
            let body = &wasm[pos..end];
            let (len, n) = read_leb_u32(body).ok_or_else(|| bad("bad custom section name"))?;
            let name_end = n
                .checked_add(len as usize)
                .filter(|e| *e <= body.len())
                .ok_or_else(|| bad("bad custom section name"))?;
            if &body[n..name_end] == name.as_bytes() {
                return Ok(Some(&body[name_end..]));
            }
        }
        pos = end;
    }
    Ok(None)
}

fn read_leb_u32(bytes: &[u8]) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    for (i, b) in bytes.iter().take(5).enumerate() {
        value |= u32::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// `hsrts post-link`: the ES module for the wasm module `wasm`.
/// `wasm_name` is only used in the generated file's header comment.
pub fn post_link(wasm: &[u8], wasm_name: &str) -> Result<String, PostLinkError> {
    let payload = custom_section(wasm, abi::SECTION_NAME)?.ok_or(PostLinkError::NoSection)?;
    let section = JsffiSection::decode(payload).map_err(PostLinkError::Section)?;
    Ok(esm::generate(&section, wasm_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal module: header plus the given custom sections.
    fn module_with(sections: &[(&str, &[u8])]) -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        for (name, payload) in sections {
            let mut body = vec![name.len() as u8];
            body.extend_from_slice(name.as_bytes());
            body.extend_from_slice(payload);
            m.push(0);
            m.push(body.len() as u8);
            m.extend(body);
        }
        m
    }

    #[test]
    fn finds_the_named_custom_section() {
        let m = module_with(&[("name", b"xx"), ("hsrts_jsffi", b"abc")]);
        assert_eq!(
            custom_section(&m, "hsrts_jsffi").unwrap(),
            Some(&b"abc"[..])
        );
        assert_eq!(custom_section(&m, "other").unwrap(), None);
    }

    #[test]
    fn bad_modules_are_errors() {
        assert!(matches!(
            custom_section(b"nope", "x"),
            Err(PostLinkError::NotWasm(_))
        ));
        let mut m = module_with(&[("hsrts_jsffi", b"abc")]);
        m.truncate(m.len() - 1);
        assert!(matches!(
            custom_section(&m, "x"),
            Err(PostLinkError::NotWasm(_))
        ));
        let plain = module_with(&[]);
        let err = post_link(&plain, "p.wasm").unwrap_err();
        assert!(err.to_string().contains("--reactor"), "{err}");
    }

    #[test]
    fn post_link_decodes_and_generates() {
        let s = JsffiSection {
            imports: vec![ImportSig {
                id: 3,
                kind: ImportKind::Snippet,
                safe: false,
                io: false,
                args: vec![bytecode::FfiType::Int, bytecode::FfiType::Int],
                result: Some(bytecode::FfiType::Int),
                snippet: "$1 + $2".into(),
            }],
            exports: vec![],
        };
        let m = module_with(&[(abi::SECTION_NAME, &s.encode())]);
        let js = post_link(&m, "p.wasm").unwrap();
        assert!(js.contains("($1, $2) => ($1 + $2)"), "{js}");
    }
}
