//! The post-linker's output: an ES module whose default export takes
//! `__exports` (the wasm instance's exports, filled in after
//! instantiation) and returns the `ghc_wasm_jsffi` import object.
//!
//! Each import snippet becomes a JavaScript function here, at post-link
//! time (no `eval` or `new Function` at run time); the generic
//! `call(id, args, ret)` import dispatches to it and marshals the argument
//! and result slots by the signature recorded in the custom section. The
//! module holds the JSVal table and the Promise bookkeeping. It uses only
//! what browsers and node both have (`WebAssembly`, `TextEncoder`,
//! `TextDecoder`, `DataView`, `setTimeout`), so the same file serves both.
//! Marshalling rules: docs/jsffi.md, "Types".

use std::fmt::Write;

use bytecode::FfiType;

use crate::section::{ImportKind, ImportSig, JsffiSection};
use crate::snippet::{SnippetForm, classify};

/// How a slot of type `t` is read into a JavaScript value (`dv`: a
/// DataView of the memory, `p`: the slot's address), as a JS expression.
fn read_slot(t: FfiType) -> &'static str {
    match t {
        // Int/Word are 64-bit in hsrts but JavaScript numbers here, as the
        // guide's 32-bit Int/Word are (docs/jsffi.md, "Int and Word").
        FfiType::Int => "Number(dv.getBigInt64(p, true))",
        FfiType::Word => "Number(dv.getBigUint64(p, true))",
        FfiType::Int64 => "dv.getBigInt64(p, true)",
        FfiType::Word64 => "dv.getBigUint64(p, true)",
        FfiType::Int8 | FfiType::Int16 | FfiType::Int32 => "dv.getInt32(p, true)",
        FfiType::Word8
        | FfiType::Word16
        | FfiType::Word32
        | FfiType::Char
        | FfiType::Bool
        | FfiType::Ptr
        | FfiType::FunPtr
        | FfiType::StablePtr => "dv.getUint32(p, true)",
        FfiType::Double | FfiType::Float => "dv.getFloat64(p, true)",
        FfiType::JSVal => "getVal(dv.getUint32(p, true))",
    }
}

/// How the JavaScript value `v` is written to the slot at `p`.
fn write_slot(t: FfiType) -> &'static str {
    match t {
        FfiType::Int | FfiType::Int64 => "dv.setBigInt64(p, toBig(v), true)",
        FfiType::Word | FfiType::Word64 => "dv.setBigUint64(p, BigInt.asUintN(64, toBig(v)), true)",
        FfiType::Int8 | FfiType::Int16 | FfiType::Int32 => {
            "dv.setBigInt64(p, BigInt(Number(v) | 0), true)"
        }
        FfiType::Word8
        | FfiType::Word16
        | FfiType::Word32
        | FfiType::Char
        | FfiType::Ptr
        | FfiType::FunPtr
        | FfiType::StablePtr => "dv.setBigUint64(p, BigInt(Number(v) >>> 0), true)",
        FfiType::Bool => "dv.setBigUint64(p, v ? 1n : 0n, true)",
        FfiType::Double | FfiType::Float => "dv.setFloat64(p, Number(v), true)",
        FfiType::JSVal => "dv.setBigUint64(p, BigInt(newKey(v)), true)",
    }
}

/// The JavaScript function of one import (its source text).
fn import_function(i: &ImportSig) -> String {
    let params: Vec<String> = (1..=i.args.len()).map(|k| format!("${k}")).collect();
    let params = params.join(", ");
    let asyncness = if is_async(i) { "async " } else { "" };
    match i.kind {
        ImportKind::Dynamic => {
            let rest: Vec<String> = (2..=i.args.len()).map(|k| format!("${k}")).collect();
            format!("{asyncness}({params}) => $1({})", rest.join(", "))
        }
        // Its slot is the stable pointer of the Haskell function
        // (Note [JavaScript callbacks] in rts-core's jsffi/callback.rs).
        ImportKind::Wrapper => {
            let convs: Vec<String> = i.args.iter().map(|t| arg_conv(*t).to_owned()).collect();
            let read = i.result.map_or_else(
                || "undefined".to_owned(),
                |t| format!("(dv, p) => {}", read_slot(t)),
            );
            format!(
                "(sp) => makeCallback({id}, sp, [{convs}], {read})",
                id = i.id,
                convs = convs.join(", ")
            )
        }
        ImportKind::Snippet => {
            let snippet = i.snippet.trim();
            match classify(snippet) {
                SnippetForm::Body => format!("{asyncness}({params}) => {{ {snippet}\n}}"),
                SnippetForm::Expression => format!("{asyncness}({params}) => ({snippet})"),
            }
        }
    }
}

/// How a JavaScript argument of a "wrapper" callback is passed to the
/// runner (`hsrts_jsffi_export_arg_i64` takes a BigInt, `_arg_f64` a
/// number), as a JS function of the value: the marshalling of static
/// exports' parameters (docs/jsffi.md, "Types").
fn arg_conv(t: FfiType) -> &'static str {
    match t {
        FfiType::Int | FfiType::Word | FfiType::Int64 | FfiType::Word64 => "(v) => argI(toBig(v))",
        FfiType::Int8 | FfiType::Int16 | FfiType::Int32 => "(v) => argI(BigInt(Number(v) | 0))",
        FfiType::Word8
        | FfiType::Word16
        | FfiType::Word32
        | FfiType::Char
        | FfiType::Ptr
        | FfiType::FunPtr
        | FfiType::StablePtr => "(v) => argI(BigInt(Number(v) >>> 0))",
        FfiType::Bool => "(v) => argI(v ? 1n : 0n)",
        FfiType::Double => "(v) => argF(Number(v))",
        FfiType::Float => "(v) => argF(Math.fround(Number(v)))",
        FfiType::JSVal => "(v) => argI(BigInt(newKey(v)))",
    }
}

/// Whether an import is asynchronous: `safe` (or unannotated) with an IO
/// type. A safe import of a pure type is called synchronously.
fn is_async(i: &ImportSig) -> bool {
    i.safe && i.io && i.kind != ImportKind::Wrapper
}

/// The ES module for `section`.
pub fn generate(section: &JsffiSection, wasm_name: &str) -> String {
    let mut js = String::new();
    let _ = writeln!(
        js,
        "// Generated by `hsrts post-link` from {}; do not edit.\n\
         // The default export takes the wasm instance's exports (filled in after\n\
         // instantiation) and returns the `ghc_wasm_jsffi` import object.\n\
         // No host-specific code: works in browsers and in node. See docs/jsffi.md.",
        wasm_name.replace('\n', " ")
    );
    js.push_str("export default (__exports) => {\n");
    js.push_str(RUNTIME);
    js.push_str("  const imports = new Map();\n");
    for i in &section.imports {
        // A "wrapper" import's slots: the stable pointer in, a JSVal out
        // (its recorded signature is the callback's).
        let (arg_types, result) = if i.kind == ImportKind::Wrapper {
            (vec![FfiType::StablePtr], Some(FfiType::JSVal))
        } else {
            (i.args.clone(), i.result)
        };
        let args: Vec<String> = arg_types
            .iter()
            .enumerate()
            .map(|(k, t)| format!("((p) => {})(args + {})", read_slot(*t), 8 * k))
            .collect();
        let write = if is_async(i) {
            // An async import's result is its Promise, kept in the table.
            write_slot(FfiType::JSVal)
        } else {
            result.map_or("undefined", write_slot)
        };
        // An async import starts in a microtask, after the runtime has
        // returned to the event loop, so its code may call exports
        // (re-entrance) even before its first `await`.
        let invoke = if is_async(i) {
            format!(
                "((...a) => Promise.resolve().then(() => f(...a)))({})",
                args.join(", ")
            )
        } else {
            format!("f({})", args.join(", "))
        };
        let _ = writeln!(
            js,
            "  imports.set({id}, ((f) => (args, ret) => {{ let dv = view(); const v = {invoke}; dv = view(); const p = ret; {write}; }})({fun}));",
            id = i.id,
            fun = import_function(i),
        );
    }
    js.push_str("  const exportResults = new Map();\n");
    for e in &section.exports {
        let read = e
            .result
            .map_or_else(|| "undefined".to_owned(), |t| read_slot(t).to_owned());
        let _ = writeln!(
            js,
            "  exportResults.set({id}, (dv, p) => {read}); // {name}",
            id = e.id,
            name = e.name.replace('\n', " ")
        );
    }
    js.push_str(IMPORT_OBJECT);
    js.push_str("};\n");
    js
}

/// The table, the string helpers and the Promise bookkeeping.
const RUNTIME: &str = r#"  const table = new Map();
  let nextKey = 1;
  const newKey = (v) => { const k = nextKey++; table.set(k, v); return k; };
  const getVal = (k) => {
    if (!table.has(k)) throw new Error(`hsrts: JSVal ${k} was freed (freeJSVal) or never existed`);
    return table.get(k);
  };
  const view = () => new DataView(__exports.memory.buffer);
  const toBig = (v) => {
    if (typeof v === "bigint") return BigInt.asIntN(64, v);
    const n = Math.trunc(Number(v));
    return Number.isFinite(n) ? BigInt.asIntN(64, BigInt(n)) : 0n;
  };
  const pending = new Map();
  let encoded = new Uint8Array(0);
  // The runtime library's helpers (GHC.Wasm.Prim's async imports). A
  // wait is a token: `forget` (the waiting thread got an asynchronous
  // exception and freed its stable pointer) kills it, and a Promise
  // settling later for a dead token is ignored (its stable pointer may
  // have been reused).
  const settled = new Map();
  const waits = new Map();
  const __hsrts = {
    await(p, sp) {
      const token = { live: true };
      waits.set(p, token);
      const done = (ok, v) => {
        if (!token.live) return;
        token.live = false;
        waits.delete(p);
        settled.set(p, [ok, v]);
        __exports.hsrts_jsffi_settled(sp);
      };
      Promise.resolve(p).then((v) => done(true, v), (e) => done(false, e));
      return true;
    },
    failed(p) { return !settled.get(p)[0]; },
    take(p) { const r = settled.get(p); settled.delete(p); return r[1]; },
    forget(p) {
      const token = waits.get(p);
      if (token !== undefined) token.live = false;
      waits.delete(p);
      settled.delete(p);
    },
  };
  // "wrapper" callbacks (Note [JavaScript callbacks] in rts-core's
  // jsffi/callback.rs): each JavaScript function holds the stable pointer
  // of its Haskell function until it is collected (the registry frees the
  // pointer) or freeJSVal frees both (`free` below).
  const newPending = (read) => {
    let resolve, reject;
    const promise = new Promise((a, b) => { resolve = a; reject = b; });
    const key = nextKey++;
    pending.set(key, { resolve, reject, read });
    return [key, promise];
  };
  const argI = (v) => __exports.hsrts_jsffi_export_arg_i64(v);
  const argF = (v) => __exports.hsrts_jsffi_export_arg_f64(v);
  let inWasm = 0; // depth of synchronous imports running now
  const callbacks = new WeakMap(); // function -> its state
  let callbacksLive = 0;
  const dropCallback = (state) => {
    if (!state.live) return false;
    state.live = false;
    callbacksLive--;
    return true;
  };
  const registry = typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry((state) => {
        if (dropCallback(state)) __exports.hsrts_jsffi_callback_free(state.sp);
      })
    : null;
  const makeCallback = (id, sp, convs, read) => {
    const state = { sp, live: true };
    const start = (xs) => {
      if (!state.live) {
        return Promise.reject(new Error(
          "hsrts: a Haskell callback (foreign import javascript \"wrapper\") was called after freeJSVal"));
      }
      const [key, promise] = newPending(read);
      __exports.hsrts_jsffi_export_begin(0);
      convs.forEach((c, k) => c(xs[k]));
      __exports.hsrts_jsffi_callback_run(id, state.sp, key);
      return promise;
    };
    // Called from a synchronous import (the runtime is busy): start in a
    // microtask, once the runtime has returned to the event loop.
    const fn = (...xs) => inWasm > 0 ? Promise.resolve().then(() => start(xs)) : start(xs);
    callbacks.set(fn, state);
    callbacksLive++;
    if (registry !== null) registry.register(fn, state, state);
    return fn;
  };
  let timer = null;
  let timerAt = Infinity;
  let continuing = false;
"#;

/// The import object (the generic imports of docs/jsffi.md, "The ABI").
const IMPORT_OBJECT: &str = r#"  return {
    call(id, args, ret) {
      const f = imports.get(id);
      if (f === undefined) throw new Error(`hsrts: no JavaScript import number ${id}`);
      inWasm++;
      try { f(args, ret); } finally { inWasm--; }
    },
    release(key) { table.delete(key); },
    free(key) {
      const v = table.get(key);
      table.delete(key);
      const state = typeof v === "function" ? callbacks.get(v) : undefined;
      if (state === undefined || !dropCallback(state)) return 0;
      if (registry !== null) registry.unregister(state);
      return state.sp;
    },
    string_new(ptr, len) {
      return newKey(new TextDecoder().decode(new Uint8Array(__exports.memory.buffer, ptr, len)));
    },
    string_encode(key) {
      encoded = new TextEncoder().encode(String(getVal(key)));
      return encoded.length;
    },
    string_copy(ptr) {
      new Uint8Array(__exports.memory.buffer, ptr, encoded.length).set(encoded);
      encoded = new Uint8Array(0);
    },
    new_key(v) { return newKey(v); },
    promise_new(exportId) {
      const [key, promise] = newPending(exportResults.get(exportId));
      table.set(key, promise);
      return key;
    },
    promise_take(key) {
      const p = getVal(key);
      table.delete(key);
      return p;
    },
    promise_resolve(key, ret) {
      const e = pending.get(key);
      pending.delete(key);
      if (e !== undefined) e.resolve(e.read ? e.read(view(), ret) : undefined);
    },
    promise_reject(key, msg) {
      const e = pending.get(key);
      pending.delete(key);
      const text = String(getVal(msg));
      table.delete(msg);
      if (e !== undefined) e.reject(new WebAssembly.RuntimeError(text));
    },
    schedule(ms) {
      if (ms <= 0) {
        // The time budget ran out: continue on the next turn, after the
        // timers and events waiting now. A MessageChannel message is not
        // clamped as nested zero-delay timers are (4 ms in browsers); a
        // fresh channel per turn, closed when used, so an idle runtime
        // keeps no port open (node would not exit).
        if (continuing) return;
        continuing = true;
        const go = () => { continuing = false; __exports.hsrts_jsffi_resume(); };
        if (typeof MessageChannel === "function") {
          const c = new MessageChannel();
          c.port1.onmessage = () => { c.port1.close(); go(); };
          c.port2.postMessage(null);
        } else {
          setTimeout(go, 0);
        }
        return;
      }
      // One timer, for the earliest time asked for.
      const at = Date.now() + ms;
      if (timer !== null && timerAt <= at) return;
      if (timer !== null) clearTimeout(timer);
      timerAt = at;
      timer = setTimeout(() => {
        timer = null;
        timerAt = Infinity;
        __exports.hsrts_jsffi_resume();
      }, ms);
    },
    // Not wasm imports: introspection for tests and debugging.
    __table_size: () => table.size,
    __waits_size: () => waits.size + settled.size,
    __callbacks_live: () => callbacksLive,
  };
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet(s: &str, n: usize, safe: bool) -> ImportSig {
        ImportSig {
            id: 0,
            kind: ImportKind::Snippet,
            safe,
            io: true,
            args: vec![FfiType::Int; n],
            result: Some(FfiType::Int),
            snippet: s.into(),
        }
    }

    #[test]
    fn expressions_and_bodies() {
        assert_eq!(
            import_function(&snippet("$1 + $2", 2, false)),
            "($1, $2) => ($1 + $2)"
        );
        // GHC's rule: `(console.log($1);)` is no expression, so a body.
        assert_eq!(
            import_function(&snippet("console.log($1);", 1, false)),
            "($1) => { console.log($1);\n}"
        );
        // A `;` inside an inner function leaves an expression one.
        assert_eq!(
            import_function(&snippet(
                "[$1].map(x => { const y = x; return y; })[0]",
                1,
                false
            )),
            "($1) => ([$1].map(x => { const y = x; return y; })[0])"
        );
        assert_eq!(
            import_function(&snippet("let a = 1; return a + $1;", 1, false)),
            "($1) => { let a = 1; return a + $1;\n}"
        );
        assert_eq!(
            import_function(&snippet("new Promise(res => setTimeout(res, $1))", 1, true)),
            "async ($1) => (new Promise(res => setTimeout(res, $1)))"
        );
        assert_eq!(
            import_function(&snippet("throw new Error($1)", 1, true)),
            "async ($1) => { throw new Error($1)\n}"
        );
        assert_eq!(
            import_function(&snippet("console.log($1); console.log($1)", 1, false)),
            "($1) => { console.log($1); console.log($1)\n}"
        );
        // `returned` is not `return`.
        assert_eq!(
            import_function(&snippet("$1.returned", 1, false)),
            "($1) => ($1.returned)"
        );
    }

    #[test]
    fn dynamic_calls_its_first_argument() {
        let mut i = snippet("", 3, false);
        i.kind = ImportKind::Dynamic;
        assert_eq!(import_function(&i), "($1, $2, $3) => $1($2, $3)");
    }

    #[test]
    fn wrappers_make_callbacks_of_the_callback_signature() {
        let i = ImportSig {
            id: 3,
            kind: ImportKind::Wrapper,
            safe: true,
            io: true,
            args: vec![FfiType::Int, FfiType::JSVal],
            result: Some(FfiType::Double),
            snippet: String::new(),
        };
        assert_eq!(
            import_function(&i),
            "(sp) => makeCallback(3, sp, [(v) => argI(toBig(v)), (v) => argI(BigInt(newKey(v)))], \
             (dv, p) => dv.getFloat64(p, true))"
        );
        assert!(
            !is_async(&i),
            "a wrapper import returns its JSVal synchronously"
        );
        // The import itself reads one slot (the stable pointer) and writes
        // a JSVal, whatever the callback's signature.
        let js = generate(
            &JsffiSection {
                imports: vec![i],
                exports: vec![],
            },
            "w.wasm",
        );
        let line = js
            .lines()
            .find(|l| l.contains("imports.set(3, "))
            .expect("the import");
        assert!(line.contains("dv.getUint32(p, true))(args + 0)"), "{line}");
        assert!(!line.contains("args + 8"), "{line}");
        assert!(line.contains("BigInt(newKey(v))"), "{line}");
    }

    #[test]
    fn module_shape() {
        let s = JsffiSection {
            imports: vec![snippet("$1 * 2", 1, false)],
            exports: vec![crate::section::ExportSig {
                id: 0,
                name: "f".into(),
                io: false,
                args: vec![],
                result: Some(FfiType::Int64),
            }],
        };
        let js = generate(&s, "p.wasm");
        assert!(js.starts_with("// Generated by `hsrts post-link` from p.wasm"));
        assert!(js.contains("export default (__exports) => {"));
        assert!(js.contains("imports.set(0, "));
        assert!(js.contains("exportResults.set(0, (dv, p) => dv.getBigInt64(p, true)); // f"));
        for forbidden in ["require(", "process.", "node:", "eval(", "new Function"] {
            assert!(!js.contains(forbidden), "{forbidden}");
        }
    }
}
