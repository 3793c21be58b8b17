// A program without JavaScript FFI stays a self-contained wasm32-wasi
// command module: `hsrts build -o plain.wasm` runs under wasmtime, and
// isJSFFIUsed is False there (docs/jsffi.md, "isJSFFIUsed").
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { root, runHsrts } from "./helpers.mjs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

function have(cmd) {
  try {
    execFileSync(cmd, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

test("a program without JS FFI runs under wasmtime", (t) => {
  if (!have("wasmtime")) return t.skip("wasmtime is not installed");
  const out = join(mkdtempSync(join(tmpdir(), "hsrts-plain-")), "plain.wasm");
  try {
    runHsrts(["build", join(root, "tests/jsffi/programs/plain.hs"), "-o", out]);
  } catch (e) {
    if (/hsrts-runner.wasm` was not found/.test(e.message)) {
      return t.skip("the command runner (hsrts-runner.wasm) is not built");
    }
    throw e;
  }
  const imports = execFileSync("node", [
    "-e",
    `const m = new WebAssembly.Module(require("fs").readFileSync(${JSON.stringify(out)}));
     console.log(WebAssembly.Module.imports(m).map((i) => i.module).join(" "))`,
  ], { encoding: "utf8" });
  assert.ok(!/ghc_wasm_jsffi/.test(imports), imports);
  const stdout = execFileSync("wasmtime", ["run", out], { encoding: "utf8" });
  assert.equal(stdout, "plain wasi module\nFalse\n");
});
