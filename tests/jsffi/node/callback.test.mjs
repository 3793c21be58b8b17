// Dynamic exports, `foreign import javascript "wrapper"` (docs/jsffi.md,
// "Dynamic exports"): callbacks both ways, freeJSVal freeing the Haskell
// function too, and JavaScript's collector freeing the stable pointers of
// callbacks nobody holds any more.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import v8 from "node:v8";
import vm from "node:vm";
import { instantiate } from "./helpers.mjs";

// A full JavaScript collection, with or without node's --expose-gc.
v8.setFlagsFromString("--expose-gc");
const gc = globalThis.gc ?? vm.runInNewContext("gc");

const { exports: hs, jsffi } = await instantiate("callback");
await hs.collect(); // starts the runtime

test("an async import calls a Haskell callback many times", async () => {
  const n = 50;
  let want = 0;
  for (let i = 0; i < n; i++) want += i * i;
  assert.equal(await hs.sumOfSquares(n), want);
});

test("a sync import calls a Haskell callback (the calls start after it returns)", async () => {
  assert.equal(await hs.syncMap(5), "100,101,102,103,104");
});

test("a JavaScript timer calls a Haskell callback that wakes a waiting thread", async () => {
  assert.equal(await hs.afterTimeout(20), 42);
});

test("strings and doubles cross both ways", async () => {
  assert.equal(await hs.roundTrip(), "héllo/2.5");
});

test("JavaScript calls Haskell closures it got from Haskell; each call is a Promise", async () => {
  const add10 = await hs.makeAdder(10);
  assert.equal(typeof add10, "function");
  const p = add10(5);
  assert.ok(p instanceof Promise);
  assert.equal(await p, 15);
  assert.deepEqual(await Promise.all([add10(1), add10(2), add10(-10)]), [11, 12, 0]);
  const plus = await hs.makePlus(); // a pure Haskell function
  assert.equal(await plus(2, 40), 42);
  const thrower = await hs.makeThrower();
  await assert.rejects(thrower(7), (e) => {
    assert.ok(e instanceof WebAssembly.RuntimeError, String(e));
    assert.equal(e.message, "callback boom 7");
    return true;
  });
  // The runtime keeps working after a callback threw.
  assert.equal(await add10(0), 10);
  await hs.free(add10);
  await hs.free(plus);
  await hs.free(thrower);
});

test("freeJSVal frees the callback's Haskell function; calling it afterwards is a clear error", async () => {
  const base = hs.hsrts_jsffi_stable_ptrs();
  const liveBase = jsffi.__callbacks_live();
  const f = await hs.makeAdder(1);
  assert.equal(hs.hsrts_jsffi_stable_ptrs(), base + 1);
  assert.equal(jsffi.__callbacks_live(), liveBase + 1);
  assert.equal(await f(1), 2);
  await hs.free(f);
  assert.equal(hs.hsrts_jsffi_stable_ptrs(), base);
  assert.equal(jsffi.__callbacks_live(), liveBase);
  await assert.rejects(f(1), /called after freeJSVal/);
  // The runtime is unaffected.
  assert.equal(await hs.sumOfSquares(3), 5);
});

test("dropped callbacks are freed once JavaScript collects their functions", async () => {
  const base = hs.hsrts_jsffi_stable_ptrs();
  const n = 2000;
  await hs.churn(n);
  assert.ok(hs.hsrts_jsffi_stable_ptrs() >= base + n, "the callbacks' stable pointers are held");
  // Haskell's collector drops the JSVals (their table entries go), then
  // JavaScript's drops the functions and its FinalizationRegistry frees
  // the stable pointers; the registry's callbacks run in later tasks.
  await hs.collect();
  for (let i = 0; i < 100 && hs.hsrts_jsffi_stable_ptrs() > base + 10; i++) {
    gc();
    await sleep(10);
  }
  const left = hs.hsrts_jsffi_stable_ptrs() - base;
  assert.ok(left <= 10, `${left} of ${n} stable pointers still held`);
});

test("passing a freed callback to JavaScript is the use-after-free error", async () => {
  const { exports: fresh } = await instantiate("callback");
  await assert.rejects(fresh.freeThenUse(), /after freeJSVal/);
});
