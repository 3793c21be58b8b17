// Step 2 of the browser tests: the JavaScript FFI in headless Chromium. The
// page examples/jsffi/browser/jsffi.html loads the reactor module built from
// examples/jsffi/browser/greeting.hs and its post-linked glue with
// loader.mjs (the user guide's instantiate / Object.assign / initialize
// order); clicking its buttons calls Haskell exports, which change the page
// through JS imports; we read the page.
//
// Until `hsrts build --reactor` and `hsrts post-link` exist the tests are
// reported as skipped (with the reason), never as passed.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";

import { startServer } from "../../../examples/jsffi/browser/serve.mjs";
import { launchChromium } from "./chromium.mjs";
import { EXAMPLES, ReactorUnsupported, buildDir, buildReactor } from "./tools.mjs";

const PAGE_TIMEOUT_MS = 60_000;

describe("the JavaScript FFI in headless Chromium", () => {
  let dir, server, browser, skipReason;

  before(async () => {
    dir = buildDir();
    try {
      await buildReactor(join(EXAMPLES, "browser", "greeting.hs"), ["greet", "countdown", "listen"], dir, "greeting");
    } catch (e) {
      if (!(e instanceof ReactorUnsupported)) throw e;
      skipReason = e.message;
      return;
    }
    server = await startServer({ buildDir: dir });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** jsffi.html on the greeting module, loaded (or failed); page errors collected. */
  async function openDemo() {
    const page = await browser.context.newPage();
    const log = [];
    page.on("console", (msg) => log.push(`${msg.type()}: ${msg.text()}`));
    page.on("pageerror", (err) => log.push(`pageerror: ${err.message}`));
    await page.goto(`${server.url}/jsffi.html?wasm=/build/greeting.wasm&glue=/build/greeting.js`);
    await page.waitForSelector("body[data-state=ready], body[data-state=failed]", { timeout: PAGE_TIMEOUT_MS });
    const detail = async () => `#error: ${await page.textContent("#error")}\n${log.join("\n")}`;
    assert.equal(await page.getAttribute("body", "data-state"), "ready", await detail());
    return { page, detail };
  }

  test("a click calls the export greet, which sets #greeting through a JS import", async (t) => {
    if (skipReason) return t.skip(skipReason);
    const { page, detail } = await openDemo();
    try {
      await page.fill("#name", "Chromium");
      await page.click("#greet");
      await page.waitForFunction(() => document.getElementById("greet-result").textContent !== "", null, {
        timeout: PAGE_TIMEOUT_MS,
      });
      const greeting = await page.textContent("#greeting");
      assert.equal(greeting, "Hello, Chromium, from Haskell!", await detail());
      // The Promise greet returned resolved with the message's length.
      assert.equal(await page.textContent("#greet-result"), String(greeting.length));
      // A second call with another argument: the export runs again.
      await page.fill("#name", "λ-calculus");
      await page.click("#greet");
      await page.waitForFunction(
        () => document.getElementById("greeting").textContent.includes("λ"),
        null,
        { timeout: PAGE_TIMEOUT_MS },
      );
      assert.equal(await page.textContent("#greeting"), "Hello, λ-calculus, from Haskell!", await detail());
    } finally {
      await page.close();
    }
  });

  test("countdown waits on setTimeout Promises: the page's event loop runs meanwhile", async (t) => {
    if (skipReason) return t.skip(skipReason);
    const { page, detail } = await openDemo();
    try {
      // Record every value #countdown shows and count event-loop timer ticks
      // while the export runs; then call it as the button does.
      const outcome = await page.evaluate(async () => {
        const seen = [];
        const target = document.getElementById("countdown");
        new MutationObserver(() => seen.push(target.textContent)).observe(target, {
          childList: true,
          characterData: true,
          subtree: true,
        });
        let ticks = 0;
        const timer = setInterval(() => ticks++, 1);
        const steps = await window.hsrtsExports.countdown(5);
        clearInterval(timer);
        await new Promise((r) => setTimeout(r, 0)); // let the observer deliver
        return { steps, ticks, seen, final: target.textContent };
      });
      assert.equal(outcome.final, "liftoff", await detail());
      assert.equal(Number(outcome.steps), 5);
      // Each step is shown between two turns of the event loop, so the
      // observer saw every value in order.
      assert.deepEqual(outcome.seen, ["5", "4", "3", "2", "1", "liftoff"]);
      assert.ok(outcome.ticks >= 3, `only ${outcome.ticks} timer ticks ran during a 50 ms countdown`);
    } finally {
      await page.close();
    }
  });

  test("a Haskell click handler (a \"wrapper\" callback) updates the page on each click", async (t) => {
    if (skipReason) return t.skip(skipReason);
    const { page, detail } = await openDemo();
    try {
      for (let n = 1; n <= 3; n++) {
        await page.click("#counter");
        await page.waitForFunction((want) => document.getElementById("clicks").textContent === want, String(n), {
          timeout: PAGE_TIMEOUT_MS,
        });
      }
      assert.equal(await page.textContent("#clicks"), "3", await detail());
    } finally {
      await page.close();
    }
  });

  test("several exports in flight at once all settle", async (t) => {
    if (skipReason) return t.skip(skipReason);
    const { page, detail } = await openDemo();
    try {
      const results = await page.evaluate(async () => {
        const e = window.hsrtsExports;
        const all = await Promise.all([e.countdown(3), e.greet("one"), e.countdown(2), e.greet("two")]);
        return all.map(Number);
      });
      assert.deepEqual(
        results,
        [3, "Hello, one, from Haskell!".length, 2, "Hello, two, from Haskell!".length],
        await detail(),
      );
    } finally {
      await page.close();
    }
  });
});
