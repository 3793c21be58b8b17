// Asynchronous (safe) imports (docs/jsffi.md, "Foreign imports").
import { test } from "node:test";
import assert from "node:assert/strict";
import { instantiate } from "./helpers.mjs";

const { exports: hs } = await instantiate("async");

test("async imports over setTimeout and await; several exports wait at once", async () => {
  assert.equal(await hs.triple(1), 3); // the runtime starts at the first call
  globalThis.hsEvents = [];
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const t0 = Date.now();
  const results = await Promise.all([hs.sleepThenAdd(80), hs.sleepThenAdd(20)]);
  clearInterval(timer);
  assert.deepEqual(results, [161, 41]);
  // Both threads started before either finished; the shorter one ended first.
  assert.deepEqual(globalThis.hsEvents, [80, 20, -20, -80]);
  // The 80 ms sleep really waited. Not `>= 80`: libuv times a timer from
  // the event loop's cached "now", taken at the start of the loop turn, so
  // it can fire early by however long that turn had already run.
  assert.ok(Date.now() - t0 >= 60, `the 80 ms sleep ended after ${Date.now() - t0} ms`);
  assert.ok(ticks >= 1, `the JavaScript timer ran ${ticks} times in ${Date.now() - t0} ms`);
});

test("a rejected Promise is a catchable JSException", async () => {
  assert.equal(await hs.caught(4), "nope 4");
});

test("an uncaught JSException rejects the export's Promise", async () => {
  await assert.rejects(hs.uncaught(), (e) => {
    assert.ok(e instanceof WebAssembly.RuntimeError, String(e));
    assert.match(e.message, /JSException/);
    return true;
  });
});

test("an async import's result is a thunk: not forcing it does not wait", async () => {
  assert.equal(await hs.lazyThunk(), 7);
});

test("JavaScript may call back into Haskell from an async import", async () => {
  assert.equal(await hs.reenter(5), 16);
});
