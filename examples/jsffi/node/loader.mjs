#!/usr/bin/env -S node --single-threaded-gc --no-liftoff --no-warnings
// The node loader for hsrts wasm modules, with WASI from `node:wasi`.
//
// - A command module (`hsrts build prog.hs -o prog.wasm`):
//     node --single-threaded-gc --no-liftoff examples/jsffi/node/loader.mjs prog.wasm [ARGS...]
//   runs it like `wasmtime run prog.wasm ARGS` (stdin/stdout/stderr are the
//   process's; the exit status is the program's).
// - A reactor module with JS FFI (`hsrts build --reactor --export=f prog.hs
//   -o prog.wasm`, then `hsrts post-link -i prog.wasm -o prog.js`):
//     node --single-threaded-gc --no-liftoff examples/jsffi/node/loader.mjs --glue prog.js prog.wasm f [ARGS...]
//   loads it in the user guide's order (glue(__exports) -> instantiate ->
//   Object.assign(__exports, exports) -> wasi.initialize), then prints the
//   awaited result of `__exports.f(...ARGS)`; ARGS that parse as JSON are
//   passed as such (numbers, strings in quotes, true/false), others as strings.
//
// As a library: `runCommand(path, options)` and `loadReactor(wasmPath,
// gluePath, options)`; `options` are `args` (argv, [0] is the program name),
// `env` (an object), `stdin`/`stdout`/`stderr` (file descriptors).
// On node 20 run with `--single-threaded-gc --no-liftoff`: see the Note below.

import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { WASI } from "node:wasi";

// Note [node 20 needs --single-threaded-gc]: node 20.20 (V8 11.3) crashes
// at random (SIGSEGV, SIGTRAP with a corrupted heap: a `this` that is
// FreeSpace) while or right after running an hsrts command module, and
// always when the module exits with a non-zero status under `returnOnExit`
// (short reactor runs have not crashed so far, 0 in 6); with
// `--single-threaded-gc` (no concurrent marking/sweeping threads) none of
// this happens, so the crash is a V8 concurrent-GC bug that our modules (a
// 256 MiB linear memory, large interpreter functions) trigger. Chromium 156
// runs the same modules fine. Run node with that flag (it cannot be set after
// start-up, nor through NODE_OPTIONS); `node --test` passes it on to the
// test processes. Since session 7's changes (not bisected: the interpreter
// loop and the loader were reshaped), node 20 also crashes (SIGSEGV) at the
// exit of about half the runs of a command module with that flag, unless
// V8's baseline compiler is off: with `--no-liftoff` (everything compiled by
// TurboFan at once) 0 crashes in 20 runs, against 11 in 20 without.
function makeWasi({ args, env = {}, stdin = 0, stdout = 1, stderr = 2 }) {
  return new WASI({ version: "preview1", args, env, stdin, stdout, stderr, returnOnExit: true });
}

async function compile(path) {
  return WebAssembly.compile(await readFile(path));
}

/** Runs a command module; resolves with its exit status. */
export async function runCommand(path, options = {}) {
  const wasi = makeWasi({ args: [basename(path)], ...options });
  const module = await compile(path);
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  return wasi.start(instance);
}

/**
 * Loads a reactor module; `gluePath` is the post-linker's ES module (omit it
 * for a module without JS FFI). Resolves with `__exports`: `await
 * exports.f(...)` calls the Haskell export `f`.
 */
export async function loadReactor(wasmPath, gluePath, options = {}) {
  const __exports = {};
  const wasi = makeWasi({ args: [basename(wasmPath)], ...options });
  const imports = wasi.getImportObject();
  if (gluePath) {
    const glue = (await import(pathToFileURL(resolve(gluePath)).href)).default;
    imports.ghc_wasm_jsffi = glue(__exports);
  }
  const instance = await WebAssembly.instantiate(await compile(wasmPath), imports);
  Object.assign(__exports, instance.exports);
  wasi.initialize(instance);
  return __exports;
}

function parseArgument(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const USAGE = `usage: node loader.mjs MODULE.wasm [ARGS...]                 (a command module)
       node loader.mjs --glue GLUE.js MODULE.wasm EXPORT [ARGS...]  (a reactor: print EXPORT(ARGS))`;

async function main(argv) {
  if (argv[0] === "--glue") {
    const [, glue, wasm, name, ...rest] = argv;
    if (!glue || !wasm || !name) throw new Error(USAGE);
    const exports = await loadReactor(wasm, glue);
    if (typeof exports[name] !== "function") {
      const available = Object.keys(exports).filter((k) => typeof exports[k] === "function");
      throw new Error(`${wasm} exports no function \`${name}\` (it has: ${available.join(", ")})`);
    }
    const result = await exports[name](...rest.map(parseArgument));
    if (result !== undefined) console.log(typeof result === "bigint" ? `${result}` : result);
    return 0;
  }
  const [wasm, ...args] = argv;
  if (!wasm || wasm === "-h" || wasm === "--help") throw new Error(USAGE);
  // Like `wasmtime run`, the program sees no environment but GHCRTS.
  const env = process.env.GHCRTS === undefined ? {} : { GHCRTS: process.env.GHCRTS };
  return runCommand(wasm, { args: [basename(wasm), ...args], env });
}

if (process.argv[1] && resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (e) => {
      console.error(e?.message ?? e);
      process.exitCode = 1;
    },
  );
}
