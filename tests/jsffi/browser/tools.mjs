// Finding and running the `hsrts` command for the browser tests.
//
// $HSRTS names the native `hsrts` binary (`cargo xtask test --only jsffi`
// sets it); without it we look where cargo puts a debug build. `hsrts build
// -o x.wasm` needs the wasm32-wasip1 runner: $HSRTS_RUNNER, or the places
// docs/design/wasm-module.md lists (next to the binary, the target dir).

import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const PROGRAMS = join(REPO, "tests/programs");
export const EXAMPLES = join(REPO, "examples/jsffi");

export function hsrtsPath() {
  const candidates = process.env.HSRTS
    ? [process.env.HSRTS]
    : [process.env.CARGO_TARGET_DIR, join(REPO, "target")]
        .filter(Boolean)
        .map((dir) => join(resolve(REPO, dir), "debug", "hsrts"));
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `no hsrts binary (looked at ${candidates.join(", ")}): build it with ` +
        "`cargo build -p hsrts --bin hsrts` and set HSRTS to its path",
    );
  }
  return found;
}

const run = promisify(execFile);

/** `hsrts ARGS...`; rejects with hsrts's stderr in the message. */
export async function hsrts(...args) {
  try {
    return await run(hsrtsPath(), args, { maxBuffer: 64 << 20 });
  } catch (e) {
    throw new Error(`hsrts ${args.join(" ")} failed: ${e.stderr || e.message}`);
  }
}

/** A fresh directory for built modules (served as /build/). */
export function buildDir() {
  return mkdtempSync(join(tmpdir(), "hsrts-browser-build-"));
}

/** hsrts has no `build --reactor` / `post-link` (the JS FFI's build side). */
export class ReactorUnsupported extends Error {}

/**
 * `hsrts build --reactor --export=E... SRC -o DIR/NAME.wasm` and
 * `hsrts post-link -i DIR/NAME.wasm -o DIR/NAME.js`. Rejects with
 * ReactorUnsupported when this hsrts does not know those commands (so the
 * tests can say "skipped" rather than fail before the JS FFI exists), with
 * an ordinary error on any other failure.
 */
export async function buildReactor(source, exportNames, dir, name) {
  const wasm = join(dir, `${name}.wasm`);
  const glue = join(dir, `${name}.js`);
  const unsupported = /unexpected argument `--reactor`|unknown command `post-link`/;
  try {
    await hsrts("build", "--reactor", ...exportNames.map((e) => `--export=${e}`), source, "-o", wasm);
    await hsrts("post-link", "-i", wasm, "-o", glue);
  } catch (e) {
    if (unsupported.test(e.message)) {
      throw new ReactorUnsupported(`this hsrts (${hsrtsPath()}) has no \`build --reactor\`/\`post-link\` yet`);
    }
    throw e;
  }
  return { wasm, glue };
}
