//! `hsrts build --emit-c prog.hs -o prog_hs.c`: writes a C file that holds
//! the program image and one C function per `foreign export ccall`, and
//! the header with their prototypes. A C compiler links the file with
//! `libhsrts.a` (natively, or for wasm32-wasi with clang) — how hsrts is
//! linked into compiled output. User guide: docs/capi.md.
//!
//! The interface the `hsrts` command uses is [`generate`]; this module
//! depends only on the image format (crate `bytecode`), so other tools (the
//! C API tests) can include it too.
//!
//! What the C file contains:
//! - the image bytes, and a constructor function that registers them with
//!   `hsrts_set_image` before `main` runs (so `hs_init` loads them);
//! - per export, a function with the declared C types that enters the
//!   runtime: `rts_lock`, the application of the exported closure to the
//!   marshalled arguments (`rts_mk*`, `rts_apply`), `rts_evalIO` (IO) or
//!   `rts_eval` (pure), a status check, `rts_get*`, `rts_unlock`;
//! - unless `no_main`, a `main` that runs the Haskell `main` through
//!   `hsrts_main` (RTS options, exit status as GHC's program);
//! - the link-time table of the C functions the program imports
//!   (`foreign import ccall`), so that `interp-static` builds (wasm) can
//!   call them: Note [Imported C functions].
//!
//! A failing export does not end the program: see Note [Failing exports].

// Note [Imported C functions]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~
// An `interp-static` runtime calls only functions registered in a
// link-time table (rts-features/src/interp/table.rs). For every C symbol
// a static `foreign import ccall` names, the generated file declares the
// function with its HsFFI types, writes a thunk of the uniform
// `void thunk(const uint64_t *args, uint64_t *result)` convention (64-bit
// slots: integers extended, a float in the low 32 bits, a double as its
// bits, pointers zero-extended) and registers the table before `main`.
// The declarations are *weak*: a symbol that the link does not provide
// leaves a null address, and its entry is left out of the table, so
// `interp-libffi` builds still find it at run time with `dlsym` (and
// `interp-static` ones report it as not found) instead of failing to
// link. `malloc`, `calloc` and `free` are left out (the runtime registers
// its own entries; their C types depend on the target). A symbol two
// imports declare with different types is registered with the first.
//
// `"dynamic"` imports (calls through a C function pointer) get a *shim* per
// signature: a thunk whose first slot is the function's address, which it
// calls with the signature's C types (on wasm a `call_indirect` of that
// type), registered as `dynamic:<signature>` (rts-features
// `table::dynamic_shim_name`), so interp-static builds can make them.

// Note [Wrapper trampolines]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~
// interp-static cannot make code at run time, so a `"wrapper"` import
// (a C function pointer for a Haskell closure) takes one from a pool made
// here: for each distinct callback signature of the program's "wrapper"
// imports, `--wrapper-pool N` (default `DEFAULT_WRAPPER_POOL`) trampolines,
// plain C functions of that signature that pack their arguments into
// 64-bit slots and call `hsrts_wrapper_call` with their own address; a
// constructor registers each pool (`hsrts_register_wrapper_pool`;
// rts-features/src/interp/wrapper.rs, Note [Wrapper function pointers]).
// `freeHaskellFunPtr` returns a trampoline to its pool; asking for one
// when all N are in use is an error naming the signature and N. Builds
// with interp-libffi ignore the pools (they make libffi closures).

// Note [Failing exports]
// ~~~~~~~~~~~~~~~~~~~~~~
// GHC ends the program when an exported function raises an exception that
// nothing catches. Here the stub prints `<name>: uncaught exception` (the
// scheduler status if it is not `Killed`), returns zero of its result type
// and lets the program continue; C code that must know calls
// `hsrts_last_status()` after the call (`Success` or the failure).

use std::fmt::{self, Write as _};

use bytecode::{CallConv, FfiType, ForeignExport, Image};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitOptions {
    /// The header's file name as the C file includes it, e.g. `prog_hs.h`.
    pub header_name: String,
    /// `--no-main`: the C side owns `main`; no `main` is generated.
    pub no_main: bool,
    /// `--wrapper-pool N`: trampolines per `"wrapper"` signature for
    /// interp-static builds (Note [Wrapper trampolines]).
    pub wrapper_pool: usize,
}

/// The default `--wrapper-pool`: how many function pointers of one
/// `"wrapper"` signature an interp-static program may hold at once.
pub const DEFAULT_WRAPPER_POOL: usize = 32;

/// Why no C could be generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmitError {
    /// An export's type has no C counterpart (`JSVal` in a ccall export).
    Unmarshalable { export: String, ty: FfiType },
    /// An export's name is not a C identifier.
    BadName(String),
    /// The export's target is not a static closure of the image.
    BadTarget(String),
    /// Two exports with one C name.
    Duplicate(String),
    /// A `main` was asked for but the program has no `Main.main`.
    NoMain,
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmitError::Unmarshalable { export, ty } => write!(
                f,
                "foreign export `{export}`: the type {ty:?} cannot be passed to or from C"
            ),
            EmitError::BadName(n) => write!(f, "foreign export `{n}`: not a valid C identifier"),
            EmitError::BadTarget(n) => {
                write!(f, "foreign export `{n}`: its target is not in the image")
            }
            EmitError::Duplicate(n) => write!(f, "foreign export `{n}` is declared twice"),
            EmitError::NoMain => f.write_str(
                "the program has no `main`: use --no-main to generate a C file without one",
            ),
        }
    }
}

impl std::error::Error for EmitError {}

/// The C source and the header for `image` (see the module comment).
pub fn generate(image: &Image, options: &EmitOptions) -> Result<(String, String), EmitError> {
    let exports: Vec<&ForeignExport> = image
        .foreign_exports
        .iter()
        .filter(|e| e.conv == CallConv::CCall)
        .collect();
    for (i, e) in exports.iter().enumerate() {
        if !is_c_identifier(&e.name) {
            return Err(EmitError::BadName(e.name.clone()));
        }
        if exports[..i].iter().any(|o| o.name == e.name) {
            return Err(EmitError::Duplicate(e.name.clone()));
        }
    }
    if !options.no_main && image.entry.is_none() {
        return Err(EmitError::NoMain);
    }
    let guard = header_guard(&options.header_name);
    let mut header = String::new();
    let mut source = String::new();
    // Writing to a String cannot fail; `let _ =` keeps that visible.
    let _ = writeln!(
        header,
        "/* {} -- generated by `hsrts build --emit-c`; do not edit. */\n\n#ifndef {guard}\n#define {guard}\n\n#include \"HsFFI.h\"\n\n#if defined(__cplusplus)\nextern \"C\" {{\n#endif\n",
        options.header_name
    );
    let _ = writeln!(
        source,
        "/* Generated by `hsrts build --emit-c`; do not edit. Link with libhsrts.a. */\n\n#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n\n#include \"hsrts.h\"\n#include {}\n",
        c_string(&options.header_name)
    );
    write_image(&mut source, &image.to_bytes());
    write_import_table(
        &mut source,
        &imported_functions(image),
        &dynamic_signatures(image),
    );
    write_wrapper_pools(
        &mut source,
        &wrapper_signatures(image),
        options.wrapper_pool,
    );
    for e in &exports {
        let target = image
            .statics
            .get(e.target.0 as usize)
            .ok_or_else(|| EmitError::BadTarget(e.name.clone()))?;
        let proto = prototype(e)?;
        let _ = writeln!(header, "extern {proto};");
        write_stub(&mut source, e, &proto, &target.name)?;
    }
    let _ = writeln!(
        header,
        "\n#if defined(__cplusplus)\n}}\n#endif\n\n#endif /* {guard} */"
    );
    if !options.no_main {
        let _ = writeln!(
            source,
            "int main(int argc, char *argv[])\n{{\n    return hsrts_main(argc, argv);\n}}"
        );
    }
    Ok((source, header))
}

/// The C type of a marshalled value.
fn c_type(export: &str, ty: FfiType) -> Result<&'static str, EmitError> {
    Ok(match ty {
        FfiType::Int => "HsInt",
        FfiType::Int8 => "HsInt8",
        FfiType::Int16 => "HsInt16",
        FfiType::Int32 => "HsInt32",
        FfiType::Int64 => "HsInt64",
        FfiType::Word => "HsWord",
        FfiType::Word8 => "HsWord8",
        FfiType::Word16 => "HsWord16",
        FfiType::Word32 => "HsWord32",
        FfiType::Word64 => "HsWord64",
        FfiType::Char => "HsChar",
        FfiType::Bool => "HsBool",
        FfiType::Double => "HsDouble",
        FfiType::Float => "HsFloat",
        FfiType::Ptr => "HsPtr",
        FfiType::FunPtr => "HsFunPtr",
        FfiType::StablePtr => "HsStablePtr",
        FfiType::JSVal => {
            return Err(EmitError::Unmarshalable {
                export: export.to_owned(),
                ty,
            });
        }
    })
}

/// The `rts_mk*` / `rts_get*` suffix of a type (`Int`, `Word8`, ...).
fn api_suffix(ty: FfiType) -> String {
    format!("{ty:?}")
}

/// `HsInt name(HsInt a1, HsDouble a2)`.
fn prototype(e: &ForeignExport) -> Result<String, EmitError> {
    let result = match e.result_type {
        Some(t) => c_type(&e.name, t)?,
        None => "void",
    };
    let mut args = Vec::new();
    for (i, t) in e.arg_types.iter().enumerate() {
        args.push(format!("{} a{}", c_type(&e.name, *t)?, i + 1));
    }
    Ok(format!("{result} {}({})", e.name, c_param_list(&args)))
}

fn write_stub(
    out: &mut String,
    e: &ForeignExport,
    proto: &str,
    target: &str,
) -> Result<(), EmitError> {
    let _ = writeln!(out, "{proto}\n{{");
    let _ = writeln!(out, "    Capability *cap = rts_lock();");
    let _ = writeln!(
        out,
        "    HaskellObj app = hsrts_closure(cap, {});",
        c_string(target)
    );
    for (i, t) in e.arg_types.iter().enumerate() {
        let _ = writeln!(
            out,
            "    app = rts_apply(cap, app, rts_mk{}(cap, a{}));",
            api_suffix(*t),
            i + 1
        );
    }
    let _ = writeln!(out, "    HaskellObj ret = NULL;");
    let eval = if e.io { "rts_evalIO" } else { "rts_eval" };
    let _ = writeln!(out, "    {eval}(&cap, app, &ret);");
    let _ = writeln!(
        out,
        "    if (rts_getSchedStatus(cap) != Success) {{\n        hsrts_export_failed({}, cap);",
        c_string(&e.name)
    );
    match e.result_type {
        Some(t) => {
            let ty = c_type(&e.name, t)?;
            let _ = writeln!(
                out,
                "        rts_unlock(cap);\n        return ({ty})0;\n    }}\n    {ty} result = rts_get{}(ret);\n    rts_unlock(cap);\n    return result;\n}}\n",
                api_suffix(t)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "        rts_unlock(cap);\n        return;\n    }}\n    (void)ret;\n    rts_unlock(cap);\n}}\n"
            );
        }
    }
    Ok(())
}

/// The image as a byte array and the constructor that registers it.
fn write_image(out: &mut String, bytes: &[u8]) {
    let _ = writeln!(
        out,
        "static const uint8_t hsrts_program_image[{}] = {{",
        bytes.len().max(1)
    );
    for chunk in bytes.chunks(16) {
        out.push_str("   ");
        for b in chunk {
            let _ = write!(out, " 0x{b:02x},");
        }
        out.push('\n');
    }
    if bytes.is_empty() {
        out.push_str("    0\n");
    }
    let _ = writeln!(
        out,
        "}};\n\n/* Registers the image before main runs; hs_init loads it (a bad image\n * is reported by hsrts_set_image). */\n__attribute__((constructor)) static void hsrts_register_program_image(void)\n{{\n    (void)hsrts_set_image(hsrts_program_image, {});\n}}\n",
        bytes.len()
    );
}

/// A C function a static `foreign import ccall` names, with its types.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Import {
    symbol: String,
    args: Vec<FfiType>,
    result: Option<FfiType>,
}

/// Symbols the runtime registers itself (Note [Imported C functions]).
const RUNTIME_REGISTERED: [&str; 3] = ["malloc", "calloc", "free"];

/// The C symbol a static import's entity names, as GHC's user guide
/// writes it (`[static] [header.h] sym`); `None` for `dynamic`,
/// `wrapper` and address (`&sym`) imports.
fn static_symbol(entity: &str) -> Option<&str> {
    let mut words = entity.split_whitespace().peekable();
    match words.peek() {
        Some(&"dynamic") | Some(&"wrapper") => return None,
        Some(&"static") => {
            words.next();
        }
        _ => {}
    }
    let symbol = words.find(|w| !w.ends_with(".h"))?;
    (!symbol.starts_with('&')).then_some(symbol)
}

/// The distinct C functions the image's static ccall imports name
/// (Note [Imported C functions]).
fn imported_functions(image: &Image) -> Vec<Import> {
    let mut out: Vec<Import> = Vec::new();
    for call in &image.foreign_calls {
        if call.conv != CallConv::CCall || call.arg_types.len() != call.arg_reps.len() {
            continue;
        }
        let Some(symbol) = static_symbol(&call.entity) else {
            continue;
        };
        let marshalable = call
            .arg_types
            .iter()
            .chain(call.result_type.iter())
            .all(|t| slot_type(*t).is_some());
        if !is_c_identifier(symbol)
            || RUNTIME_REGISTERED.contains(&symbol)
            || !marshalable
            || out.iter().any(|i| i.symbol == symbol)
        {
            continue;
        }
        out.push(Import {
            symbol: symbol.to_owned(),
            args: call.arg_types.clone(),
            result: call.result_type,
        });
    }
    out
}

/// The distinct signatures (arguments after the function pointer, result)
/// of the image's `"dynamic"` ccall imports (Note [Imported C functions]).
fn dynamic_signatures(image: &Image) -> Vec<(Vec<FfiType>, Option<FfiType>)> {
    let mut out: Vec<(Vec<FfiType>, Option<FfiType>)> = Vec::new();
    for call in &image.foreign_calls {
        let is_dynamic = call.entity.split_whitespace().next() == Some("dynamic");
        if call.conv != CallConv::CCall || !is_dynamic {
            continue;
        }
        let Some((FfiType::FunPtr, args)) = call.arg_types.split_first() else {
            continue;
        };
        let marshalable = args
            .iter()
            .chain(call.result_type.iter())
            .all(|t| slot_type(*t).is_some());
        let letters = signature_text(args, call.result_type);
        if marshalable && !out.iter().any(|(a, r)| signature_text(a, *r) == letters) {
            out.push((args.to_vec(), call.result_type));
        }
    }
    out
}

/// The distinct callback signatures (arguments, result) of the image's
/// `"wrapper"` ccall imports (Note [Wrapper trampolines]).
fn wrapper_signatures(image: &Image) -> Vec<(Vec<FfiType>, Option<FfiType>)> {
    let mut out: Vec<(Vec<FfiType>, Option<FfiType>)> = Vec::new();
    for call in &image.foreign_calls {
        let Some(callback) = &call.callback else {
            continue;
        };
        if call.conv != CallConv::CCall {
            continue;
        }
        let marshalable = callback
            .args
            .iter()
            .chain(callback.result.iter())
            .all(|t| slot_type(*t).is_some());
        let letters = signature_text(&callback.args, callback.result);
        if marshalable && !out.iter().any(|(a, r)| signature_text(a, *r) == letters) {
            out.push((callback.args.clone(), callback.result));
        }
    }
    out
}

/// The C expression packing argument `x` of type `ty` into a slot.
fn arg_slot(ty: FfiType, x: &str) -> String {
    match ty {
        FfiType::Double => format!("hsrts_double_slot({x})"),
        FfiType::Float => format!("hsrts_float_slot({x})"),
        FfiType::Ptr | FfiType::StablePtr | FfiType::FunPtr => {
            format!("(uint64_t)(uintptr_t){x}")
        }
        FfiType::Int
        | FfiType::Int64
        | FfiType::Bool
        | FfiType::Int8
        | FfiType::Int16
        | FfiType::Int32 => format!("(uint64_t)(int64_t){x}"),
        _ => format!("(uint64_t){x}"),
    }
}

/// Trampoline pools for `signatures` and the constructor registering them
/// (Note [Wrapper trampolines]).
fn write_wrapper_pools(
    out: &mut String,
    signatures: &[(Vec<FfiType>, Option<FfiType>)],
    pool: usize,
) {
    if signatures.is_empty() || pool == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "/* Trampolines for \"wrapper\" imports: Note [Wrapper trampolines] in\n * crates/hsrts/src/emit_c.rs. */\n\
         static inline __attribute__((unused)) double hsrts_wslot_double(uint64_t s) {{ double d; memcpy(&d, &s, sizeof d); return d; }}\n\
         static inline __attribute__((unused)) float hsrts_wslot_float(uint64_t s) {{ uint32_t w = (uint32_t)s; float f; memcpy(&f, &w, sizeof f); return f; }}\n\
         static inline __attribute__((unused)) uint64_t hsrts_wdouble_slot(double d) {{ uint64_t s; memcpy(&s, &d, sizeof s); return s; }}\n\
         static inline __attribute__((unused)) uint64_t hsrts_wfloat_slot(float f) {{ uint32_t w; memcpy(&w, &f, sizeof w); return w; }}\n\
         typedef void (*HsrtsTrampoline)(void);\n\
         extern void hsrts_wrapper_call(uintptr_t slot, const uint64_t *args, uint64_t *result);\n\
         extern void hsrts_register_wrapper_pool(const char *signature, const HsrtsTrampoline *slots, size_t count);\n"
    );
    for (n, (args, result)) in signatures.iter().enumerate() {
        let ret = result.and_then(slot_type).map_or("void", |(c, _)| c);
        let params = slot_params(args, true);
        let slots: Vec<String> = args
            .iter()
            .enumerate()
            .map(|(i, t)| arg_slot(*t, &format!("x{i}")))
            .collect();
        let slots = if slots.is_empty() {
            "0".to_owned()
        } else {
            slots.join(", ")
        };
        let give_back = match result {
            None => String::new(),
            Some(t) => {
                let e = from_slot(*t, 0).replace("a[0]", "r");
                format!(" return {e};")
            }
        };
        let give_back = give_back.replace("hsrts_slot_", "hsrts_wslot_");
        let slots = slots
            .replace("hsrts_double_slot", "hsrts_wdouble_slot")
            .replace("hsrts_float_slot", "hsrts_wfloat_slot");
        for i in 0..pool {
            let name = format!("hsrts_wrapper_{n}_{i}");
            let _ = writeln!(
                out,
                "static {ret} {name}({params})\n{{\n    uint64_t a[] = {{ {slots} }};\n    uint64_t r = 0;\n    hsrts_wrapper_call((uintptr_t){name}, a, &r);\n    (void)r;{give_back}\n}}"
            );
        }
        let entries: Vec<String> = (0..pool)
            .map(|i| format!("(HsrtsTrampoline){}", format_args!("hsrts_wrapper_{n}_{i}")))
            .collect();
        let _ = writeln!(
            out,
            "static const HsrtsTrampoline hsrts_wrapper_pool_{n}[{pool}] = {{\n    {}\n}};\n",
            entries.join(",\n    ")
        );
    }
    let _ = writeln!(
        out,
        "__attribute__((constructor)) static void hsrts_register_wrapper_pools(void)\n{{"
    );
    for (n, (args, result)) in signatures.iter().enumerate() {
        let text = signature_text(args, *result);
        let _ = writeln!(
            out,
            "    hsrts_register_wrapper_pool(\"{text}\", hsrts_wrapper_pool_{n}, {pool});"
        );
    }
    let _ = writeln!(out, "}}\n");
}

/// A signature's text form (`ld>d`; rts-features `interp/types.rs`).
fn signature_text(args: &[FfiType], result: Option<FfiType>) -> String {
    let mut text: String = args
        .iter()
        .filter_map(|t| slot_type(*t).map(|(_, l)| l))
        .collect();
    text.push('>');
    text.push(result.and_then(slot_type).map_or('v', |(_, l)| l));
    text
}

/// A C parameter list: `params` joined by commas, `void` for none.
fn c_param_list(params: &[String]) -> String {
    if params.is_empty() {
        "void".to_owned()
    } else {
        params.join(", ")
    }
}

/// The C parameter list of a function taking `args` as their slot types
/// ([`slot_type`]; a type without one is left out), each named `x{i}` by
/// its position in `args` if `named`.
fn slot_params(args: &[FfiType], named: bool) -> String {
    let params: Vec<String> = args
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let (c, _) = slot_type(*t)?;
            Some(if named {
                format!("{c} x{i}")
            } else {
                c.to_owned()
            })
        })
        .collect();
    c_param_list(&params)
}

/// How a foreign type travels in a thunk slot: its HsFFI C type and its
/// signature letter (rts-features/src/interp/types.rs; the C widths of
/// rts-core's `ffi.rs`).
fn slot_type(ty: FfiType) -> Option<(&'static str, char)> {
    Some(match ty {
        FfiType::Int | FfiType::Int64 => ("HsInt64", 'l'),
        FfiType::Bool => ("HsBool", 'l'),
        FfiType::Int8 => ("HsInt8", 'b'),
        FfiType::Int16 => ("HsInt16", 'h'),
        FfiType::Int32 => ("HsInt32", 'i'),
        FfiType::Word | FfiType::Word64 => ("HsWord64", 'L'),
        FfiType::Word8 => ("HsWord8", 'B'),
        FfiType::Word16 => ("HsWord16", 'H'),
        FfiType::Word32 => ("HsWord32", 'I'),
        FfiType::Char => ("HsChar", 'I'),
        FfiType::Double => ("HsDouble", 'd'),
        FfiType::Float => ("HsFloat", 'f'),
        FfiType::Ptr => ("HsPtr", 'p'),
        FfiType::FunPtr => ("HsFunPtr", 'p'),
        FfiType::StablePtr => ("HsStablePtr", 'p'),
        FfiType::JSVal => return None,
    })
}

/// The C expression reading argument slot `i` as `ty`.
fn from_slot(ty: FfiType, i: usize) -> String {
    match ty {
        FfiType::Double => format!("hsrts_slot_double(a[{i}])"),
        FfiType::Float => format!("hsrts_slot_float(a[{i}])"),
        FfiType::Ptr | FfiType::StablePtr => format!("(void *)(uintptr_t)a[{i}]"),
        FfiType::FunPtr => format!("(HsFunPtr)(uintptr_t)a[{i}]"),
        other => {
            let (c, _) = slot_type(other).unwrap_or(("HsInt64", 'l'));
            format!("({c})a[{i}]")
        }
    }
}

/// The C statement storing a result `v` of type `ty` in `*r`.
fn to_slot(ty: FfiType) -> &'static str {
    match ty {
        FfiType::Double => "*r = hsrts_double_slot(v);",
        FfiType::Float => "*r = hsrts_float_slot(v);",
        FfiType::Ptr | FfiType::StablePtr | FfiType::FunPtr => "*r = (uint64_t)(uintptr_t)v;",
        FfiType::Int
        | FfiType::Int64
        | FfiType::Bool
        | FfiType::Int8
        | FfiType::Int16
        | FfiType::Int32 => "*r = (uint64_t)(int64_t)v;",
        _ => "*r = (uint64_t)v;",
    }
}

/// Declarations, thunks, `"dynamic"` shims and the registering constructor
/// for `imports` and `dynamics`.
fn write_import_table(
    out: &mut String,
    imports: &[Import],
    dynamics: &[(Vec<FfiType>, Option<FfiType>)],
) {
    if imports.is_empty() && dynamics.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "/* The C functions the program imports: Note [Imported C functions] in\n * crates/hsrts/src/emit_c.rs. */\n\
         static inline __attribute__((unused)) double hsrts_slot_double(uint64_t s) {{ double d; memcpy(&d, &s, sizeof d); return d; }}\n\
         static inline __attribute__((unused)) float hsrts_slot_float(uint64_t s) {{ uint32_t w = (uint32_t)s; float f; memcpy(&f, &w, sizeof f); return f; }}\n\
         static inline __attribute__((unused)) uint64_t hsrts_double_slot(double d) {{ uint64_t s; memcpy(&s, &d, sizeof s); return s; }}\n\
         static inline __attribute__((unused)) uint64_t hsrts_float_slot(float f) {{ uint32_t w; memcpy(&w, &f, sizeof w); return w; }}\n\
         typedef void (*HsrtsThunk)(const uint64_t *args, uint64_t *result);\n\
         typedef struct {{ const char *name; const char *signature; HsrtsThunk thunk; }} HsrtsStaticEntry;\n\
         extern void hsrts_register_static_table(const HsrtsStaticEntry *entries, size_t count);\n"
    );
    for (n, import) in imports.iter().enumerate() {
        let ret = import.result.and_then(slot_type).map_or("void", |(c, _)| c);
        let params = slot_params(&import.args, false);
        let call_args: Vec<String> = import
            .args
            .iter()
            .enumerate()
            .map(|(i, t)| from_slot(*t, i))
            .collect();
        let call = format!("{}({})", import.symbol, call_args.join(", "));
        let body = match import.result {
            None => format!("{call}; *r = 0;"),
            Some(t) => format!("{ret} v = {call}; {}", to_slot(t)),
        };
        let _ = writeln!(
            out,
            "extern {ret} {sym}({params}) __attribute__((weak));\n\
             static void hsrts_import_thunk_{n}(const uint64_t *a, uint64_t *r)\n{{\n    (void)a;\n    {body}\n}}\n",
            sym = import.symbol
        );
    }
    for (n, (args, result)) in dynamics.iter().enumerate() {
        let ret = result.and_then(slot_type).map_or("void", |(c, _)| c);
        let params = slot_params(args, false);
        let call_args: Vec<String> = args
            .iter()
            .enumerate()
            .map(|(i, t)| from_slot(*t, i + 1))
            .collect();
        let call = format!(
            "(({ret} (*)({params}))(uintptr_t)a[0])({})",
            call_args.join(", ")
        );
        let body = match result {
            None => format!("{call}; *r = 0;"),
            Some(t) => format!("{ret} v = {call}; {}", to_slot(*t)),
        };
        let _ = writeln!(
            out,
            "static void hsrts_dynamic_shim_{n}(const uint64_t *a, uint64_t *r)\n{{\n    {body}\n}}\n"
        );
    }
    let _ = writeln!(
        out,
        "static HsrtsStaticEntry hsrts_imported_functions[{}];\n\n\
         /* Registers the imports the link provides (weak: absent ones are null). */\n\
         __attribute__((constructor)) static void hsrts_register_imported_functions(void)\n{{\n    size_t n = 0;",
        (imports.len() + dynamics.len()).max(1)
    );
    for (n, import) in imports.iter().enumerate() {
        let letters: String = import
            .args
            .iter()
            .filter_map(|t| slot_type(*t).map(|(_, l)| l))
            .collect();
        let result = import.result.and_then(slot_type).map_or('v', |(_, l)| l);
        let _ = writeln!(
            out,
            "    if ((void (*)(void)){sym} != 0) {{\n        hsrts_imported_functions[n].name = {name};\n        hsrts_imported_functions[n].signature = \"{letters}>{result}\";\n        hsrts_imported_functions[n].thunk = hsrts_import_thunk_{n};\n        n++;\n    }}",
            sym = import.symbol,
            name = c_string(&import.symbol),
        );
    }
    for (n, (args, result)) in dynamics.iter().enumerate() {
        let text = signature_text(args, *result);
        let _ = writeln!(
            out,
            "    hsrts_imported_functions[n].name = \"dynamic:{text}\";\n    hsrts_imported_functions[n].signature = \"p{text}\";\n    hsrts_imported_functions[n].thunk = hsrts_dynamic_shim_{n};\n    n++;"
        );
    }
    let _ = writeln!(
        out,
        "    hsrts_register_static_table(hsrts_imported_functions, n);\n}}\n"
    );
}

fn is_c_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `prog_hs.h` -> `PROG_HS_H`.
fn header_guard(header_name: &str) -> String {
    let mut g: String = header_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if g.starts_with(|c: char| c.is_ascii_digit()) || g.is_empty() {
        g.insert_str(0, "HS_");
    }
    g
}

/// A C string literal with the text escaped.
fn c_string(text: &str) -> String {
    let mut s = String::from("\"");
    for b in text.bytes() {
        match b {
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            0x20..=0x7e => s.push(b as char),
            _ => {
                let _ = write!(s, "\\{b:03o}");
            }
        }
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytecode::{StaticClosure, StaticIdx};

    fn export(name: &str, args: &[FfiType], result: Option<FfiType>, io: bool) -> ForeignExport {
        ForeignExport {
            conv: CallConv::CCall,
            name: name.to_owned(),
            target: StaticIdx(0),
            arg_types: args.to_vec(),
            result_type: result,
            io,
        }
    }

    fn options(no_main: bool) -> EmitOptions {
        EmitOptions {
            header_name: "prog_hs.h".to_owned(),
            no_main,
            wrapper_pool: 3,
        }
    }

    fn image_with(exports: Vec<ForeignExport>) -> Image {
        let mut image = Image::default();
        image.statics.push(StaticClosure {
            name: "Main.f'".to_owned(),
            info: bytecode::InfoIdx(0),
            payload: Vec::new(),
        });
        image.foreign_exports = exports;
        image
    }

    #[test]
    fn prototypes_use_the_hsffi_types() {
        let e = export(
            "f",
            &[FfiType::Int, FfiType::Double, FfiType::Word8],
            Some(FfiType::Bool),
            false,
        );
        assert_eq!(
            prototype(&e),
            Ok("HsBool f(HsInt a1, HsDouble a2, HsWord8 a3)".to_owned())
        );
        let e = export("g", &[], None, true);
        assert_eq!(prototype(&e), Ok("void g(void)".to_owned()));
    }

    #[test]
    fn stubs_apply_evaluate_and_unmarshal() {
        let image = image_with(vec![
            export(
                "f",
                &[FfiType::Int, FfiType::Char],
                Some(FfiType::Int),
                false,
            ),
            export("g", &[FfiType::StablePtr], None, true),
        ]);
        let (c, h) = generate(&image, &options(true)).expect("generate");
        assert!(h.contains("extern HsInt f(HsInt a1, HsChar a2);"));
        assert!(h.contains("extern void g(HsStablePtr a1);"));
        assert!(h.contains("#ifndef PROG_HS_H"));
        assert!(c.contains("#include \"prog_hs.h\""));
        assert!(c.contains("hsrts_closure(cap, \"Main.f'\")"));
        assert!(c.contains("rts_mkInt(cap, a1)") && c.contains("rts_mkChar(cap, a2)"));
        assert!(c.contains("rts_eval(&cap, app, &ret);"));
        assert!(c.contains("rts_evalIO(&cap, app, &ret);"));
        assert!(c.contains("HsInt result = rts_getInt(ret);"));
        assert!(c.contains("rts_mkStablePtr(cap, a1)"));
        assert!(!c.contains("int main("), "--no-main");
    }

    #[test]
    fn the_image_bytes_are_embedded_exactly() {
        let image = image_with(Vec::new());
        let bytes = image.to_bytes();
        let mut image = image;
        image.entry = Some(StaticIdx(0));
        let (c, _) = generate(&image, &options(false)).expect("generate");
        assert!(c.contains("return hsrts_main(argc, argv);"));
        let bytes_with_entry = image.to_bytes();
        assert_ne!(bytes, bytes_with_entry);
        let start = c.find("= {").expect("array") + 3;
        let end = c[start..].find("};").expect("end") + start;
        let parsed: Vec<u8> = c[start..end]
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| u8::from_str_radix(s.trim_start_matches("0x"), 16).expect("hex byte"))
            .collect();
        assert_eq!(parsed, bytes_with_entry);
    }

    #[test]
    fn bad_exports_are_errors() {
        let image = image_with(vec![export("f", &[FfiType::JSVal], None, true)]);
        assert!(matches!(
            generate(&image, &options(true)),
            Err(EmitError::Unmarshalable { .. })
        ));
        let image = image_with(vec![export("not-c", &[], None, true)]);
        assert_eq!(
            generate(&image, &options(true)),
            Err(EmitError::BadName("not-c".to_owned()))
        );
        let image = image_with(vec![
            export("f", &[], None, true),
            export("f", &[], None, true),
        ]);
        assert_eq!(
            generate(&image, &options(true)),
            Err(EmitError::Duplicate("f".to_owned()))
        );
        let image = image_with(Vec::new());
        assert_eq!(generate(&image, &options(false)), Err(EmitError::NoMain));
    }

    #[test]
    fn static_imports_get_thunks_in_a_weak_table() {
        let mut image = image_with(Vec::new());
        let site =
            |entity: &str, args: &[FfiType], result: Option<FfiType>| bytecode::ForeignCallDesc {
                conv: CallConv::CCall,
                safe: true,
                entity: entity.to_owned(),
                arg_reps: args.iter().map(|_| bytecode::Rep::Int).collect(),
                result_rep: result.map(|_| bytecode::Rep::Int),
                io: true,
                arg_types: args.to_vec(),
                result_type: result,
                callback: None,
            };
        image.foreign_calls = vec![
            site(
                "static cb.h twice",
                &[FfiType::Int, FfiType::Double],
                Some(FfiType::Double),
            ),
            site("twice", &[FfiType::Int], None),
            site("malloc", &[FfiType::Word], Some(FfiType::Ptr)),
            site("dynamic", &[FfiType::FunPtr], None),
            site("&errno", &[], Some(FfiType::Ptr)),
            site(
                "poke8",
                &[FfiType::Ptr, FfiType::Word8],
                Some(FfiType::Int32),
            ),
        ];
        let imports = imported_functions(&image);
        let names: Vec<&str> = imports.iter().map(|i| i.symbol.as_str()).collect();
        assert_eq!(
            names,
            ["twice", "poke8"],
            "deduplicated; runtime, dynamic and & imports left out"
        );
        let (c, _) = generate(&image, &options(true)).expect("generate");
        assert!(c.contains("extern HsDouble twice(HsInt64, HsDouble) __attribute__((weak));"));
        assert!(c.contains(
            "HsDouble v = twice((HsInt64)a[0], hsrts_slot_double(a[1])); *r = hsrts_double_slot(v);"
        ));
        assert!(c.contains("extern HsInt32 poke8(HsPtr, HsWord8) __attribute__((weak));"));
        assert!(c.contains("*r = (uint64_t)(int64_t)v;"));
        assert!(c.contains("signature = \"ld>d\""));
        assert!(c.contains("signature = \"pB>i\""));
        assert!(c.contains("if ((void (*)(void))twice != 0)"));
        assert!(c.contains("hsrts_register_static_table(hsrts_imported_functions, n);"));
        assert!(!c.contains("malloc("));
        assert!(
            c.contains("name = \"dynamic:>v\";"),
            "a shim for the dynamic import"
        );

        image.foreign_calls.push(site(
            "dynamic",
            &[FfiType::FunPtr, FfiType::Int, FfiType::Float],
            Some(FfiType::Int),
        ));
        image.foreign_calls.push(site(
            "dynamic",
            &[FfiType::FunPtr, FfiType::Int, FfiType::Float],
            Some(FfiType::Int),
        ));
        image
            .foreign_calls
            .push(site("dynamic", &[FfiType::FunPtr], None));
        assert_eq!(
            dynamic_signatures(&image).len(),
            2,
            "one shim per signature"
        );
        let (c, _) = generate(&image, &options(true)).expect("generate");
        assert!(c.contains("HsInt64 v = ((HsInt64 (*)(HsInt64, HsFloat))(uintptr_t)a[0])((HsInt64)a[1], hsrts_slot_float(a[2]));"));
        assert!(c.contains("name = \"dynamic:lf>l\";") && c.contains("signature = \"plf>l\";"));
        assert!(c.contains("((void (*)(void))(uintptr_t)a[0])(); *r = 0;"));
        assert!(c.contains("name = \"dynamic:>v\";"));
    }

    #[test]
    fn wrapper_imports_get_a_pool_of_trampolines_per_signature() {
        let mut image = image_with(Vec::new());
        let wrapper = |args: &[FfiType], result: Option<FfiType>| bytecode::ForeignCallDesc {
            conv: CallConv::CCall,
            safe: true,
            entity: "wrapper".to_owned(),
            arg_reps: vec![bytecode::Rep::Ptr],
            result_rep: Some(bytecode::Rep::Addr),
            io: true,
            arg_types: vec![],
            result_type: Some(FfiType::FunPtr),
            callback: Some(bytecode::CallbackSig {
                args: args.to_vec(),
                result,
                io: true,
            }),
        };
        let (c, _) = generate(&image, &options(true)).expect("generate");
        assert!(
            !c.contains("hsrts_register_wrapper_pool"),
            "no wrappers, no pools"
        );
        image.foreign_calls = vec![
            wrapper(&[FfiType::Ptr, FfiType::Ptr], Some(FfiType::Int32)),
            wrapper(&[FfiType::Ptr, FfiType::Ptr], Some(FfiType::Int32)),
            wrapper(&[FfiType::Double], Some(FfiType::Float)),
            wrapper(&[], None),
        ];
        assert_eq!(
            wrapper_signatures(&image).len(),
            3,
            "one pool per signature"
        );
        let (c, _) = generate(&image, &options(true)).expect("generate");
        // options() asks for pools of 3.
        assert!(c.contains("static HsInt32 hsrts_wrapper_0_2(HsPtr x0, HsPtr x1)"));
        assert!(!c.contains("hsrts_wrapper_0_3("));
        assert!(c.contains("uint64_t a[] = { (uint64_t)(uintptr_t)x0, (uint64_t)(uintptr_t)x1 };"));
        assert!(c.contains("hsrts_wrapper_call((uintptr_t)hsrts_wrapper_0_1, a, &r);"));
        assert!(c.contains("return (HsInt32)r;"));
        assert!(c.contains("static HsFloat hsrts_wrapper_1_0(HsDouble x0)"));
        assert!(
            c.contains("{ hsrts_wdouble_slot(x0) }") && c.contains("return hsrts_wslot_float(r);")
        );
        assert!(c.contains("static void hsrts_wrapper_2_0(void)"));
        assert!(c.contains("hsrts_register_wrapper_pool(\"pp>i\", hsrts_wrapper_pool_0, 3);"));
        assert!(c.contains("hsrts_register_wrapper_pool(\"d>f\", hsrts_wrapper_pool_1, 3);"));
        assert!(c.contains("hsrts_register_wrapper_pool(\">v\", hsrts_wrapper_pool_2, 3);"));
    }

    #[test]
    fn c_strings_are_escaped() {
        assert_eq!(c_string("Main.f'"), "\"Main.f'\"");
        assert_eq!(c_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(c_string("é"), "\"\\303\\251\"");
    }
}
