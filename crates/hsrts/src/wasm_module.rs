//! `hsrts build -o prog.wasm`: a standalone wasm32-wasi command module made
//! of the prebuilt runner (the runtime built for wasm32-wasip1 with a `main`
//! that runs an embedded image) and the program's image.
//!
//! The runner imports two functions from module [`IMPORT_MODULE`]:
//! `image_len() -> i32` and `image_copy(dst: i32)`. [`splice`] adds the image
//! as a passive data segment and replaces both imports with local functions
//! (`i32.const len`; `memory.init` + `data.drop`), so the result imports only
//! WASI. [`crate::runner::COMMAND_RUNNER`] describes the runner and finds it. docs/design/wasm-module.md has
//! the reasoning and the alternatives.

use std::fmt;

use walrus::{DataKind, FunctionId, Module, ValType};

use crate::runner::{COMMAND_RUNNER, RunnerError};

/// The import module the runner's image hooks live in.
pub const IMPORT_MODULE: &str = "hsrts";
/// `() -> i32`: the image's length in bytes.
pub const IMPORT_IMAGE_LEN: &str = "image_len";
/// `(dst: i32) -> ()`: copies the image to linear memory at `dst`.
pub const IMPORT_IMAGE_COPY: &str = "image_copy";

/// Why a module could not be made.
#[derive(Debug)]
pub enum WasmModuleError {
    /// The runner was not found or could not be read.
    Runner(RunnerError),
    /// The runner is not a wasm module walrus can parse.
    BadRunner(String),
    /// The runner lacks an image hook, or has it with the wrong type.
    MissingHook(&'static str),
    /// The image does not fit a wasm32 data segment.
    ImageTooLarge(usize),
}

impl fmt::Display for WasmModuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WasmModuleError::Runner(e) => write!(f, "{e}"),
            WasmModuleError::BadRunner(e) => {
                write!(f, "the runner is not a valid wasm module: {e}")
            }
            WasmModuleError::MissingHook(name) => write!(
                f,
                "the runner does not import `{IMPORT_MODULE}.{name}` with the expected type; \
                 is it an hsrts-runner.wasm of this version?"
            ),
            WasmModuleError::ImageTooLarge(n) => {
                write!(f, "the image ({n} bytes) is too large for a wasm32 module")
            }
        }
    }
}

impl std::error::Error for WasmModuleError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WasmModuleError::Runner(e) => Some(e),
            _ => None,
        }
    }
}

/// The runner module's bytes with `image` embedded (see the module docs).
pub fn splice(runner: &[u8], image: &[u8]) -> Result<Vec<u8>, WasmModuleError> {
    let len =
        i32::try_from(image.len()).map_err(|_| WasmModuleError::ImageTooLarge(image.len()))?;
    let mut module =
        Module::from_buffer(runner).map_err(|e| WasmModuleError::BadRunner(format!("{e:#}")))?;
    let len_fn = hook(&module, IMPORT_IMAGE_LEN, &[], &[ValType::I32])?;
    let copy_fn = hook(&module, IMPORT_IMAGE_COPY, &[ValType::I32], &[])?;
    let memory = module
        .memories
        .iter()
        .next()
        .map(|m| m.id())
        .ok_or(WasmModuleError::MissingHook("memory"))?;
    let data = module.data.add(DataKind::Passive, image.to_vec());
    let replace =
        |module: &mut Module,
         fid: FunctionId,
         build: &dyn Fn(&mut walrus::InstrSeqBuilder, &Vec<walrus::LocalId>)| {
            module
                .replace_imported_func(fid, |(body, args)| build(body, args))
                .map(|_| ())
                .map_err(|e| WasmModuleError::BadRunner(format!("{e:#}")))
        };
    replace(&mut module, len_fn, &|body, _| {
        body.i32_const(len);
    })?;
    replace(&mut module, copy_fn, &|body, args| {
        body.local_get(args[0])
            .i32_const(0)
            .i32_const(len)
            .memory_init(memory, data)
            .data_drop(data);
    })?;
    Ok(module.emit_wasm())
}

/// The imported function `hsrts.name` if it has type `params -> results`.
fn hook(
    module: &Module,
    name: &'static str,
    params: &[ValType],
    results: &[ValType],
) -> Result<FunctionId, WasmModuleError> {
    let import = module
        .imports
        .iter()
        .find(|i| i.module == IMPORT_MODULE && i.name == name)
        .ok_or(WasmModuleError::MissingHook(name))?;
    let walrus::ImportKind::Function(fid) = import.kind else {
        return Err(WasmModuleError::MissingHook(name));
    };
    let ty = module.types.get(module.funcs.get(fid).ty());
    if ty.params() != params || ty.results() != results {
        return Err(WasmModuleError::MissingHook(name));
    }
    Ok(fid)
}

/// Reads the command runner ([`COMMAND_RUNNER`]) and splices `image` into it.
pub fn build_module(image: &[u8]) -> Result<Vec<u8>, WasmModuleError> {
    let runner = COMMAND_RUNNER.read().map_err(WasmModuleError::Runner)?;
    splice(&runner, image)
}

#[cfg(test)]
mod tests {
    use super::*;
    use walrus::FunctionBuilder;

    /// A tiny stand-in for the runner, built with walrus: it imports the two
    /// hooks and exports `run() -> i32`, which copies the image to address
    /// 16 and returns its length plus 1000 times its first byte.
    fn fake_runner() -> Vec<u8> {
        let mut m = Module::default();
        let memory = m.memories.add_local(false, false, 1, None, None);
        m.exports.add("memory", memory);
        let len_ty = m.types.add(&[], &[ValType::I32]);
        let copy_ty = m.types.add(&[ValType::I32], &[]);
        let (len_fn, _) = m.add_import_func(IMPORT_MODULE, IMPORT_IMAGE_LEN, len_ty);
        let (copy_fn, _) = m.add_import_func(IMPORT_MODULE, IMPORT_IMAGE_COPY, copy_ty);
        let mut run = FunctionBuilder::new(&mut m.types, &[], &[ValType::I32]);
        run.func_body()
            .i32_const(16)
            .call(copy_fn)
            .call(len_fn)
            .i32_const(16)
            .load(
                memory,
                walrus::ir::LoadKind::I32_8 {
                    kind: walrus::ir::ExtendedLoad::ZeroExtend,
                },
                walrus::ir::MemArg {
                    align: 1,
                    offset: 0,
                },
            )
            .i32_const(1000)
            .binop(walrus::ir::BinaryOp::I32Mul)
            .binop(walrus::ir::BinaryOp::I32Add);
        let run = run.finish(vec![], &mut m.funcs);
        m.exports.add("run", run);
        m.emit_wasm()
    }

    #[test]
    fn splice_replaces_both_hooks() {
        let out = splice(&fake_runner(), &[7, 1, 2, 3, 4]).expect("splices");
        let m = Module::from_buffer(&out).expect("valid module");
        assert!(
            m.imports.iter().all(|i| i.module != IMPORT_MODULE),
            "hooks left as imports"
        );
        assert_eq!(m.data.iter().count(), 1);
        let seg = m.data.iter().next().expect("one segment");
        assert!(matches!(seg.kind, DataKind::Passive));
        assert_eq!(seg.value, [7, 1, 2, 3, 4]);
    }

    #[test]
    fn a_module_without_hooks_is_refused() {
        let mut m = Module::default();
        m.memories.add_local(false, false, 1, None, None);
        let err = splice(&m.emit_wasm(), b"x").expect_err("no hooks");
        assert!(err.to_string().contains("image_len"), "{err}");
        let err = splice(b"not wasm", b"x").expect_err("not wasm");
        assert!(matches!(err, WasmModuleError::BadRunner(_)), "{err}");
    }
}
