// Step 1 of the browser tests: ordinary hsrts programs (wasm32-wasi command
// modules made by `hsrts build prog.hs -o prog.wasm`) run in headless
// Chromium through examples/jsffi/browser/index.html and its WASI shim. The
// page puts fd 1 and fd 2 into the DOM; we read them back and compare with
// the output GHC recorded for the program (tests/programs/NAME.stdout etc.).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";

import { startServer } from "../../../examples/jsffi/browser/serve.mjs";
import { launchChromium } from "./chromium.mjs";
import { readProgram } from "./corpus.mjs";
import { PROGRAMS, buildDir, hsrts } from "./tools.mjs";

// Chosen to exercise the shim: arguments and getProgName, stdin, stderr and a
// non-zero exit status, and the clocks (timeout: a timer thread's
// threadDelay, i.e. WASI poll_oneoff, and preemption of a long computation
// by the ctx-clock context switch, i.e. clock_time_get).
// (staggered_delays would test many sleeping threads but takes about a
// minute, in wasmtime too.)
const CORPUS = ["args_progname", "sort_lines", "exit_code", "timeout_long"];
const PAGE_TIMEOUT_MS = 120_000;

describe("command modules in headless Chromium", () => {
  let dir, server, browser;

  before(async () => {
    dir = buildDir();
    await Promise.all(CORPUS.map((name) => hsrts("build", join(PROGRAMS, `${name}.hs`), "-o", join(dir, `${name}.wasm`))));
    server = await startServer({ buildDir: dir });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens index.html on a module and waits until it has exited or failed. */
  async function runInPage({ wasm, name, args = [], stdin = "" }) {
    const query = new URLSearchParams({ wasm, name });
    for (const arg of args) query.append("arg", arg);
    if (stdin) query.set("stdin", stdin);
    const page = await browser.context.newPage();
    const console = [];
    page.on("console", (msg) => console.push(`${msg.type()}: ${msg.text()}`));
    page.on("pageerror", (err) => console.push(`pageerror: ${err.message}`));
    try {
      await page.goto(`${server.url}/index.html?${query}`);
      await page.waitForSelector("body[data-state=exited], body[data-state=failed]", { timeout: PAGE_TIMEOUT_MS });
      const read = (sel) => page.textContent(sel);
      return {
        state: await page.getAttribute("body", "data-state"),
        stdout: await read("#stdout"),
        stderr: await read("#stderr"),
        status: await read("#status"),
        error: await read("#error"),
        console,
      };
    } finally {
      await page.close();
    }
  }

  for (const name of CORPUS) {
    test(`${name}: output and exit status as GHC's`, async (t) => {
      const program = readProgram(PROGRAMS, name);
      const started = Date.now();
      const got = await runInPage({ wasm: `/build/${name}.wasm`, name, args: program.args, stdin: program.stdin });
      const detail = `page error: ${got.error}\nconsole:\n${got.console.join("\n")}`;
      assert.equal(got.state, "exited", detail);
      assert.equal(got.stdout, program.stdout, detail);
      assert.equal(got.stderr, program.stderr, detail);
      assert.equal(Number(got.status), program.exit, detail);
      t.diagnostic(`${name}: ${Date.now() - started} ms in the page`);
    });
  }

  test("a module that is not there: the page reports the failure", async () => {
    const got = await runInPage({ wasm: "/build/no-such-module.wasm", name: "missing" });
    assert.equal(got.state, "failed");
    assert.match(got.error, /HTTP 404/);
  });
});
