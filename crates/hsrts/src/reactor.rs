//! `hsrts build --reactor [--export=NAME ...] prog.hs -o prog.wasm`: a
//! wasm32-wasi *reactor* module for a program using the JavaScript FFI.
//!
//! Starts from the prebuilt reactor runner (crates/hsrts-reactor, a cdylib
//! with `_initialize`), splices the image in as [`wasm_module::splice`]
//! does for the command runner, then with walrus: adds one wasm export per
//! requested `foreign export javascript` (a small synthesised function
//! that passes its parameters to the runner's `hsrts_jsffi_export_*`
//! functions and returns the call's Promise as an `externref`), keeps only
//! those, `memory`, `_initialize` and the runner's `hsrts_jsffi_resume`,
//! `hsrts_jsffi_settled` (which the ES module calls) and
//! `hsrts_jsffi_budget` (the time budget, for the page), and adds the `hsrts_jsffi` custom section
//! the post-linker reads. docs/jsffi.md has the ABI and the parameter
//! types.

use std::fmt;
use std::path::Path;

use bytecode::{FfiType, Image};
use jsffi::abi;
use jsffi::{ExportSig, JsffiSection};
use walrus::ir::UnaryOp;
use walrus::{FunctionBuilder, FunctionId, Module, RawCustomSection, RefType, ValType};

use crate::runner::{REACTOR_RUNNER, RunnerError};
use crate::wasm_module::{self, WasmModuleError};

/// Why a reactor module could not be made.
#[derive(Debug)]
pub enum ReactorError {
    /// The reactor runner ([`REACTOR_RUNNER`]) was not found or could not
    /// be read.
    Runner(RunnerError),
    /// Splicing the image failed (a bad runner).
    Splice(WasmModuleError),
    /// The image does not decode.
    BadImage(String),
    /// The runner lacks one of its `hsrts_jsffi_*` exports.
    MissingRunnerExport(&'static str),
    /// `--export=NAME` names no `foreign export javascript`.
    UnknownExport {
        name: String,
        available: Vec<String>,
    },
    /// An export's name is taken by the module itself.
    ReservedName(String),
    /// walrus refused the result.
    Wasm(String),
}

impl fmt::Display for ReactorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReactorError::Runner(e) => write!(f, "{e}"),
            ReactorError::Splice(e) => write!(f, "{e}"),
            ReactorError::BadImage(e) => write!(f, "bad image: {e}"),
            ReactorError::MissingRunnerExport(name) => write!(
                f,
                "the reactor runner does not export `{name}`; is it a {} of this version?",
                REACTOR_RUNNER.file
            ),
            ReactorError::UnknownExport { name, available } => {
                write!(
                    f,
                    "--export={name}: the program has no `foreign export javascript \"{name}\"`"
                )?;
                if available.is_empty() {
                    write!(f, " (it has none)")
                } else {
                    write!(f, " (it has: {})", available.join(", "))
                }
            }
            ReactorError::ReservedName(name) => write!(
                f,
                "`foreign export javascript \"{name}\"`: the name is taken by the module itself"
            ),
            ReactorError::Wasm(e) => write!(f, "cannot rewrite the reactor module: {e}"),
        }
    }
}

impl std::error::Error for ReactorError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReactorError::Runner(e) => Some(e),
            ReactorError::Splice(e) => Some(e),
            _ => None,
        }
    }
}

/// Exports every reactor module keeps besides the requested ones.
const KEPT_EXPORTS: [&str; 11] = [
    "memory",
    "_initialize",
    abi::EXPORT_RESUME,
    abi::EXPORT_SETTLED,
    abi::EXPORT_BUDGET,
    // "wrapper" callbacks (Note [JavaScript callbacks] in rts-core).
    abi::EXPORT_BEGIN,
    abi::EXPORT_ARG_I64,
    abi::EXPORT_ARG_F64,
    abi::EXPORT_CALLBACK_RUN,
    abi::EXPORT_CALLBACK_FREE,
    abi::EXPORT_STABLE_PTRS,
];

/// Reads the reactor runner ([`REACTOR_RUNNER`]) and makes the module
/// (see [`link`]).
pub fn build_reactor(image: &[u8], exports: &[String]) -> Result<Vec<u8>, ReactorError> {
    let runner = REACTOR_RUNNER.read().map_err(ReactorError::Runner)?;
    link(&runner, image, exports)
}

/// The JavaScript exports to build: those named (all of them if none is).
fn chosen_exports(
    section: &JsffiSection,
    names: &[String],
) -> Result<Vec<ExportSig>, ReactorError> {
    if names.is_empty() {
        return Ok(section.exports.clone());
    }
    names
        .iter()
        .map(|n| {
            section
                .exports
                .iter()
                .find(|e| &e.name == n)
                .cloned()
                .ok_or_else(|| ReactorError::UnknownExport {
                    name: n.clone(),
                    available: section.exports.iter().map(|e| e.name.clone()).collect(),
                })
        })
        .collect()
}

/// The reactor module of `runner` with `image` and the requested exports.
pub fn link(runner: &[u8], image: &[u8], exports: &[String]) -> Result<Vec<u8>, ReactorError> {
    let decoded = Image::from_bytes(image).map_err(|e| ReactorError::BadImage(e.to_string()))?;
    let mut section = JsffiSection::of_image(&decoded);
    let chosen = chosen_exports(&section, exports)?;
    section.exports = chosen.clone();
    let spliced = wasm_module::splice(runner, image).map_err(ReactorError::Splice)?;
    let mut module =
        Module::from_buffer(&spliced).map_err(|e| ReactorError::Wasm(format!("{e:#}")))?;
    let runner_fn = |m: &Module, name: &'static str| -> Result<FunctionId, ReactorError> {
        m.exports
            .iter()
            .find(|e| e.name == name)
            .and_then(|e| match e.item {
                walrus::ExportItem::Function(f) => Some(f),
                _ => None,
            })
            .ok_or(ReactorError::MissingRunnerExport(name))
    };
    let hooks = Hooks {
        begin: runner_fn(&module, abi::EXPORT_BEGIN)?,
        arg_i64: runner_fn(&module, abi::EXPORT_ARG_I64)?,
        arg_f64: runner_fn(&module, abi::EXPORT_ARG_F64)?,
        run: runner_fn(&module, abi::EXPORT_RUN)?,
        promise_take: {
            let ty = module.types.add(&[ValType::I32], &[EXTERNREF]);
            module
                .add_import_func(abi::IMPORT_MODULE, abi::IMPORT_PROMISE_TAKE, ty)
                .0
        },
        new_key: None,
    };
    let mut hooks = hooks;
    if chosen.iter().any(|e| e.args.contains(&FfiType::JSVal)) {
        let ty = module.types.add(&[EXTERNREF], &[ValType::I32]);
        hooks.new_key = Some(
            module
                .add_import_func(abi::IMPORT_MODULE, abi::IMPORT_NEW_KEY, ty)
                .0,
        );
    }
    // Drop every export but the kept ones.
    let drop: Vec<_> = module
        .exports
        .iter()
        .filter(|e| !KEPT_EXPORTS.contains(&e.name.as_str()))
        .map(|e| e.id())
        .collect();
    for id in drop {
        module.exports.delete(id);
    }
    add_initialize(&mut module);
    for e in &chosen {
        if KEPT_EXPORTS.contains(&e.name.as_str()) || e.name.starts_with("hsrts_jsffi_") {
            return Err(ReactorError::ReservedName(e.name.clone()));
        }
        let f = wrapper(&mut module, &hooks, e);
        module.exports.add(&e.name, f);
    }
    let data = section
        .try_encode()
        .map_err(|e| ReactorError::Wasm(format!("custom section: {e}")))?;
    module.customs.add(RawCustomSection {
        name: abi::SECTION_NAME.to_owned(),
        data,
    });
    Ok(module.emit_wasm())
}

/// Gives the module the reactor ABI's `_initialize` if the runner lacks
/// one: a Rust cdylib for wasm32-wasip1 is linked without crt1-reactor, so
/// there is no `_initialize`; ours runs the static constructors
/// (`__wasm_call_ctors`) if the module has any (the runner has none today:
/// wasi-libc sets up the environment and preopens lazily) and is
/// otherwise empty. Hosts call it once, as the ABI says.
fn add_initialize(module: &mut Module) {
    if module.exports.iter().any(|e| e.name == "_initialize") {
        return;
    }
    let ctors = module.funcs.by_name("__wasm_call_ctors");
    let mut b = FunctionBuilder::new(&mut module.types, &[], &[]);
    if let Some(c) = ctors {
        b.func_body().call(c);
    }
    let f = b.finish(vec![], &mut module.funcs);
    module.exports.add("_initialize", f);
}

const EXTERNREF: ValType = ValType::Ref(RefType::EXTERNREF);

struct Hooks {
    begin: FunctionId,
    arg_i64: FunctionId,
    arg_f64: FunctionId,
    run: FunctionId,
    promise_take: FunctionId,
    new_key: Option<FunctionId>,
}

/// The wasm parameter type of an export argument (docs/jsffi.md, "Types"):
/// Int/Word take a JavaScript number, the 64-bit sized types a BigInt,
/// JSVal any value.
fn param_type(t: FfiType) -> ValType {
    match t {
        FfiType::Int | FfiType::Word | FfiType::Double => ValType::F64,
        FfiType::Int64 | FfiType::Word64 => ValType::I64,
        FfiType::Float => ValType::F32,
        FfiType::JSVal => EXTERNREF,
        FfiType::Int8
        | FfiType::Int16
        | FfiType::Int32
        | FfiType::Word8
        | FfiType::Word16
        | FfiType::Word32
        | FfiType::Char
        | FfiType::Bool
        | FfiType::Ptr
        | FfiType::FunPtr
        | FfiType::StablePtr => ValType::I32,
    }
}

/// `name(params) -> externref`: begin, push each argument, run, take the
/// Promise.
fn wrapper(module: &mut Module, hooks: &Hooks, e: &ExportSig) -> FunctionId {
    let params: Vec<ValType> = e.args.iter().map(|t| param_type(*t)).collect();
    let locals: Vec<_> = params.iter().map(|t| module.locals.add(*t)).collect();
    let mut b = FunctionBuilder::new(&mut module.types, &params, &[EXTERNREF]);
    let mut body = b.func_body();
    body.i32_const(e.id as i32).call(hooks.begin);
    for (t, local) in e.args.iter().zip(&locals) {
        body.local_get(*local);
        match t {
            FfiType::Int | FfiType::Double => {
                if *t == FfiType::Int {
                    body.unop(UnaryOp::I64TruncSSatF64).call(hooks.arg_i64);
                } else {
                    body.call(hooks.arg_f64);
                }
            }
            FfiType::Word => {
                body.unop(UnaryOp::I64TruncUSatF64).call(hooks.arg_i64);
            }
            FfiType::Int64 | FfiType::Word64 => {
                body.call(hooks.arg_i64);
            }
            FfiType::Float => {
                body.unop(UnaryOp::F64PromoteF32).call(hooks.arg_f64);
            }
            FfiType::JSVal => {
                if let Some(new_key) = hooks.new_key {
                    body.call(new_key);
                }
                body.unop(UnaryOp::I64ExtendUI32).call(hooks.arg_i64);
            }
            FfiType::Int8 | FfiType::Int16 | FfiType::Int32 => {
                body.unop(UnaryOp::I64ExtendSI32).call(hooks.arg_i64);
            }
            _ => {
                body.unop(UnaryOp::I64ExtendUI32).call(hooks.arg_i64);
            }
        }
    }
    body.call(hooks.run).call(hooks.promise_take);
    b.finish(locals, &mut module.funcs)
}

/// `hsrts post-link -i prog.wasm -o prog.js`.
pub fn post_link_file(input: &Path, output: &Path) -> Result<(), String> {
    let wasm = std::fs::read(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let name = input.file_name().map_or_else(
        || input.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let js = jsffi::post_link(&wasm, &name).map_err(|e| format!("{}: {e}", input.display()))?;
    std::fs::write(output, js).map_err(|e| format!("cannot write {}: {e}", output.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_types_follow_the_marshalling_rules() {
        assert_eq!(param_type(FfiType::Int), ValType::F64);
        assert_eq!(param_type(FfiType::Word64), ValType::I64);
        assert_eq!(param_type(FfiType::Bool), ValType::I32);
        assert_eq!(param_type(FfiType::JSVal), EXTERNREF);
    }

    #[test]
    fn unknown_exports_are_named_in_the_error() {
        let section = JsffiSection {
            imports: vec![],
            exports: vec![ExportSig {
                id: 0,
                name: "fib".into(),
                io: false,
                args: vec![],
                result: None,
            }],
        };
        let err = chosen_exports(&section, &["fub".to_owned()]).unwrap_err();
        assert!(
            err.to_string().contains("fub") && err.to_string().contains("fib"),
            "{err}"
        );
        assert_eq!(chosen_exports(&section, &[]).unwrap().len(), 1);
    }
}
