// JSVal collection and freeJSVal, exports that throw, sleeping exports
// awaited concurrently with JavaScript timers (docs/jsffi.md).
import { test } from "node:test";
import assert from "node:assert/strict";
import { instantiate } from "./helpers.mjs";

test("dead JSVals are released after a Haskell GC", async () => {
  const { exports: hs, jsffi } = await instantiate("lifecycle");
  const base = jsffi.__table_size();
  assert.equal(await hs.churn(5000), (4999 * 5000) / 2);
  await hs.collect();
  // A few may still be live (the last ones, the Promises' entries).
  assert.ok(jsffi.__table_size() - base < 20, `table holds ${jsffi.__table_size()} values`);
});

test("freeJSVal releases at once", async () => {
  const { exports: hs, jsffi } = await instantiate("lifecycle");
  const base = jsffi.__table_size();
  assert.equal(await hs.freeOnce(), 7);
  assert.equal(jsffi.__table_size(), base);
});

test("using a JSVal after freeJSVal is a clear error", async () => {
  const { exports: hs } = await instantiate("lifecycle");
  await assert.rejects(hs.useAfterFree(), (e) => {
    assert.ok(e instanceof WebAssembly.RuntimeError, String(e));
    assert.match(e.message, /after freeJSVal/);
    return true;
  });
});

test("an export that throws rejects with a RuntimeError carrying the exception's text", async () => {
  const { exports: hs } = await instantiate("lifecycle");
  await assert.rejects(hs.boom(3), (e) => {
    assert.ok(e instanceof WebAssembly.RuntimeError, String(e));
    assert.equal(e.message, "boom 3");
    return true;
  });
  await assert.rejects(hs.pureBoom(2), /pure boom 2/);
  // The runtime goes on working.
  assert.equal(await hs.pureBoom(0), 0);
  assert.equal(await hs.churn(3), 3);
});

test("sleeping exports are awaited concurrently and JavaScript timers run meanwhile", async () => {
  const { exports: hs } = await instantiate("lifecycle");
  globalThis.hsEvents = [];
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const t0 = Date.now();
  // The sleeps are 120 ms apart: each call times its sleep from when it
  // runs, and a loaded machine may pause between the three calls, so
  // the deadline order needs a margin far above such a pause.
  const results = await Promise.all([hs.sleepy(480), hs.sleepy(240), hs.sleepy(360)]);
  clearInterval(timer);
  const elapsed = Date.now() - t0;
  assert.deepEqual(results, [4800, 2400, 3600]);
  // All three started before any ended, and they ended in deadline order.
  assert.deepEqual(globalThis.hsEvents, [480, 240, 360, -240, -360, -480]);
  // A lower bound (the longest sleep, less the clocks' disagreement) and a
  // bound for liveness only.
  assert.ok(elapsed >= 470 && elapsed < 60_000, `took ${elapsed} ms`);
  assert.ok(ticks >= 5, `the JavaScript timer ran only ${ticks} times`);
});
