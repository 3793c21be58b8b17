// The example server (examples/jsffi/browser/serve.mjs): the content types
// browsers require, its three mounts, and nothing served outside them.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { startServer } from "../../../examples/jsffi/browser/serve.mjs";

let dir, server;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "hsrts-serve-"));
  writeFileSync(join(dir, "m.wasm"), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(dir, "m.js"), "export default () => ({});\n");
  server = await startServer({ buildDir: dir });
});

after(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const get = (path) => fetch(`${server.url}${path}`);

test("built modules, pages and the shim are served with their content types", async () => {
  const wasm = await get("/build/m.wasm");
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get("content-type"), "application/wasm");
  assert.deepEqual([...new Uint8Array(await wasm.arrayBuffer())].slice(0, 4), [0, 0x61, 0x73, 0x6d]);
  assert.match((await get("/build/m.js")).headers.get("content-type"), /^text\/javascript/);
  const index = await get("/");
  assert.equal(index.status, 200);
  assert.match(await index.text(), /runCommand/);
  assert.match((await get("/loader.mjs")).headers.get("content-type"), /^text\/javascript/);
  assert.equal((await get("/vendor/browser_wasi_shim/index.js")).status, 200);
});

test("nothing outside the mounts is served", async () => {
  for (const path of ["/build/..%2f..%2fetc/passwd", "/build/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fCargo.toml", "/build/nope.wasm", "/%E0%A4%A"]) {
    assert.equal((await get(path)).status, 404, path);
  }
});
