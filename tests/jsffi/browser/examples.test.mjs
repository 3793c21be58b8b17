// The node loader example (examples/jsffi/node/loader.mjs) as a user runs it:
// its command line on command modules made by `hsrts build -o x.wasm`, with
// arguments, stdin, stderr and exit status compared with GHC's recorded
// output (tests/programs), plus its usage errors; and `--glue` on the
// reactor examples/jsffi/node/fib.hs (skipped until `hsrts build --reactor`
// and `hsrts post-link` exist).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";

import { readProgram } from "./corpus.mjs";
import { EXAMPLES, PROGRAMS, ReactorUnsupported, buildDir, buildReactor, hsrts } from "./tools.mjs";

const NODE_LOADER = join(EXAMPLES, "node", "loader.mjs");
const CORPUS = ["args_progname", "sort_lines", "exit_code"];
// --no-warnings: node:wasi prints an ExperimentalWarning on stderr.
// --single-threaded-gc, --no-liftoff: see Note [node 20 needs
// --single-threaded-gc] in the loader.
const NODE_FLAGS = ["--no-warnings", "--single-threaded-gc", "--no-liftoff"];

/** Runs `node loader.mjs ARGS` with `stdin`; resolves with what it did. */
function runLoader(args, stdin = "") {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_FLAGS, NODE_LOADER, ...args], { stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("the node loader example", () => {
  let dir;

  before(async () => {
    dir = buildDir();
    await Promise.all(CORPUS.map((name) => hsrts("build", join(PROGRAMS, `${name}.hs`), "-o", join(dir, `${name}.wasm`))));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const name of CORPUS) {
    test(`${name}: a command module runs as under wasmtime`, async () => {
      const program = readProgram(PROGRAMS, name);
      const got = await runLoader([join(dir, `${name}.wasm`), ...program.args], program.stdin);
      assert.equal(got.stdout, program.stdout);
      assert.equal(got.stderr, program.stderr);
      assert.equal(got.status, program.exit);
    });
  }

  test("GHCRTS reaches the program (the RTS rejects an unknown option)", async () => {
    const child = await new Promise((resolve, reject) => {
      const p = spawn(process.execPath, [...NODE_FLAGS, NODE_LOADER, join(dir, "exit_code.wasm")], {
        env: { ...process.env, GHCRTS: "--no-such-rts-option" },
      });
      let stderr = "";
      p.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
      p.on("error", reject);
      p.on("close", (status) => resolve({ status, stderr }));
    });
    assert.notEqual(child.status, 0);
    assert.match(child.stderr, /no-such-rts-option/);
  });

  test("--glue: a reactor's export is awaited and its result printed", async (t) => {
    let built;
    try {
      built = await buildReactor(join(EXAMPLES, "node", "fib.hs"), ["fib"], dir, "fib");
    } catch (e) {
      if (e instanceof ReactorUnsupported) return t.skip(e.message);
      throw e;
    }
    // fib 30 = 832040 (after the export's asynchronous import resolved).
    const got = await runLoader(["--glue", built.glue, built.wasm, "fib", "30"]);
    assert.equal(got.stderr, "");
    assert.equal(got.stdout, "832040\n");
    assert.equal(got.status, 0);
    const missing = await runLoader(["--glue", built.glue, built.wasm, "nope"]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /exports no function `nope` \(it has: .*fib/);
  });

  test("usage errors are messages, not stack traces", async () => {
    const none = await runLoader([]);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /^usage: node loader\.mjs/);
    const missingExport = await runLoader(["--glue"]);
    assert.equal(missingExport.status, 1);
    assert.match(missingExport.stderr, /^usage:/);
  });
});
