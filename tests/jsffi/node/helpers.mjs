// Shared by the node tests of the JavaScript FFI: build a program of
// tests/jsffi/programs with `hsrts build --reactor` and `hsrts post-link`
// into a temporary directory, and instantiate it the way docs/jsffi.md's
// node loader does (node:wasi, the knot-tied `__exports`).
//
// HSRTS names the native hsrts binary (the xtask step sets it); unset, the
// workspace's target/debug/hsrts is used.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { WASI } from "node:wasi";

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, "../../..");
export const hsrts = process.env.HSRTS || join(root, "target/debug/hsrts");
const work = mkdtempSync(join(tmpdir(), "hsrts-jsffi-"));
const built = new Map();

/** Runs hsrts; on failure throws with its stderr. */
export function runHsrts(args) {
  try {
    return execFileSync(hsrts, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    throw new Error(`hsrts ${args.join(" ")} failed (${e.status}):\n${e.stderr}`);
  }
}

/** Builds tests/jsffi/programs/NAME.hs once; returns {wasm, js} paths. */
export function build(name, exports = []) {
  const key = `${name}:${exports.join(",")}`;
  if (built.has(key)) return built.get(key);
  const src = join(root, "tests/jsffi/programs", `${name}.hs`);
  const wasm = join(work, `${name}${built.size}.wasm`);
  const js = join(work, `${name}${built.size}.js`);
  runHsrts(["build", "--reactor", ...exports.map((e) => `--export=${e}`), src, "-o", wasm]);
  runHsrts(["post-link", "-i", wasm, "-o", js]);
  const out = { wasm, js, dir: work };
  built.set(key, out);
  return out;
}

/** A fresh instance of program NAME: {exports, jsffi (the import object)}. */
export async function instantiate(name, exports = []) {
  const { wasm, js } = build(name, exports);
  const wasi = new WASI({ version: "preview1", args: [name], env: {} });
  const __exports = {};
  const jsffi = (await import(pathToFileURL(js).href)).default(__exports);
  const { instance } = await WebAssembly.instantiate(readFileSync(wasm), {
    ghc_wasm_jsffi: jsffi,
    wasi_snapshot_preview1: wasi.wasiImport,
  });
  Object.assign(__exports, instance.exports);
  wasi.initialize(instance);
  return { exports: instance.exports, jsffi };
}
