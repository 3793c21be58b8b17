// The browser loader for hsrts wasm modules: WASI comes from the npm package
// `@bjorn3/browser_wasi_shim` (pinned in tests/jsffi/browser/package.json; a
// page maps the bare name to wherever it is served with an import map, see
// index.html).
//
// Two kinds of module:
// - a *command* module (`hsrts build prog.hs -o prog.wasm`): `runCommand`
//   instantiates it and calls `_start` once, like `wasmtime run prog.wasm`;
// - a *reactor* module (`hsrts build --reactor --export=f prog.hs -o
//   prog.wasm` plus `hsrts post-link -i prog.wasm -o prog.js`):
//   `loadReactor` follows the user guide's order — the post-linker's glue
//   gets an empty `__exports` object, the module is instantiated with the
//   `ghc_wasm_jsffi` imports the glue returns, `__exports` is filled in from
//   the instance (knot-tying by mutation), then WASI's `initialize` calls
//   `_initialize` exactly once. After that `await exports.f(...)` calls the
//   Haskell export.
//
// Nothing here is specific to one program; the pages (index.html,
// jsffi.html) choose the module from their query string.

import { WASI, WASIProcExit, File, OpenFile, ConsoleStdout } from "@bjorn3/browser_wasi_shim";

/** Turns a stream of byte chunks into text chunks (UTF-8 split anywhere). */
function textSink(onText) {
  const decoder = new TextDecoder("utf-8");
  return (bytes) => onText(decoder.decode(bytes, { stream: true }));
}

/**
 * A WASI instance with fd 0 reading `stdin` (a string), fds 1 and 2 calling
 * `stdout`/`stderr` with decoded text. `args[0]` is the program's name
 * (hsrts uses its file stem as getProgName).
 */
export function makeWasi({ args = ["main"], env = [], stdin = "", stdout, stderr } = {}) {
  const write = (sink, fallback) => textSink(sink ?? fallback);
  const fds = [
    new OpenFile(new File(new TextEncoder().encode(stdin))),
    new ConsoleStdout(write(stdout, (t) => console.log(t))),
    new ConsoleStdout(write(stderr, (t) => console.error(t))),
  ];
  return new WASI(args, env, fds);
}

/** Compiles a module from a URL; streaming needs `application/wasm`. */
async function instantiate(url, imports) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`fetching ${url}: HTTP ${response.status}`);
  }
  const { instance } = await WebAssembly.instantiateStreaming(response, imports);
  return instance;
}

/**
 * Runs a command module to completion; resolves with its exit status
 * (0 when `_start` returns, the code given to `proc_exit` otherwise).
 * `options` are those of `makeWasi`.
 */
export async function runCommand(url, options = {}) {
  const wasi = makeWasi(options);
  const instance = await instantiate(url, { wasi_snapshot_preview1: wasi.wasiImport });
  // `start` catches WASIProcExit itself and returns its code.
  return wasi.start(instance);
}

/**
 * Loads a reactor module and its post-linked glue (`glueUrl`, the ES module
 * `hsrts post-link` wrote; omit it for a module without JS FFI, which then
 * has no `ghc_wasm_jsffi` imports). Resolves with the `__exports` object the
 * glue closes over: `await exports.f(...)` calls a Haskell export.
 */
export async function loadReactor(wasmUrl, glueUrl, options = {}) {
  const __exports = {};
  const wasi = makeWasi(options);
  const imports = { wasi_snapshot_preview1: wasi.wasiImport };
  if (glueUrl) {
    const glue = (await import(new URL(glueUrl, globalThis.location.href).href)).default;
    imports.ghc_wasm_jsffi = glue(__exports);
  }
  const instance = await instantiate(wasmUrl, imports);
  Object.assign(__exports, instance.exports);
  try {
    wasi.initialize(instance);
  } catch (e) {
    if (e instanceof WASIProcExit) {
      throw new Error(`_initialize exited with status ${e.code}`);
    }
    throw e;
  }
  return __exports;
}
