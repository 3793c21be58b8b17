// The scheduler's time budget (docs/jsffi.md, "Time budget"): an export
// running a long pure computation hands the event loop back to
// JavaScript every budget (10 ms by default), so a `setInterval` keeps
// ticking while the export's Promise is pending; with the budget off the
// same call holds the event loop until it is done.
import { test } from "node:test";
import assert from "node:assert/strict";
import { instantiate } from "./helpers.mjs";

const { exports: hs } = await instantiate("budget");
const sum = (n) => (n * (n + 1)) / 2;

// The first size `longRun` tries (tens of milliseconds in the interpreter
// today); `N / 4` also serves the budget-off test, whose checks hold at
// any speed.
const N = 500_000;

/** Calls `f()` (an export call) with a 5 ms interval timer running;
 * returns the result, the ticks seen before the Promise resolved, how
 * long the synchronous export call took and how long the whole call took. */
async function withTimer(f) {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    const t0 = performance.now();
    const promise = f();
    const callMs = performance.now() - t0;
    const value = await promise;
    const r = { value, ticks, callMs, totalMs: performance.now() - t0 };
    console.log(`# ticks ${r.ticks}, export call ${r.callMs.toFixed(1)} ms, total ${r.totalMs.toFixed(0)} ms`);
    return r;
  } finally {
    clearInterval(timer);
  }
}

/** Runs `call(n)` under `withTimer`, doubling `n` from `N` until the run
 * takes over 200 ms: how much work outlasts many budgets depends on the
 * machine and on the interpreter's speed (a faster interpreter must not
 * fail these tests). Returns `n` and the last run. */
async function longRun(call) {
  let n = N;
  let r = await withTimer(() => call(n));
  while (r.totalMs <= 200 && n < 64 * N) {
    n *= 2;
    r = await withTimer(() => call(n));
  }
  assert.ok(r.totalMs > 200, `the work with n = ${n} took only ${r.totalMs} ms`);
  return { n, r };
}

/** One tick per ~5 ms would be ideal; asks for far fewer, robustly. */
function assertTicked(r) {
  const expected = Math.max(5, Math.floor(r.totalMs / 50));
  assert.ok(
    r.ticks >= expected,
    `the timer ticked ${r.ticks} times in ${r.totalMs.toFixed(0)} ms (want >= ${expected})`,
  );
}

test("a long pure export does not starve a JavaScript timer", async () => {
  assert.equal(await hs.sumTo(10), 55); // starts the runtime
  const { n, r } = await longRun((n) => hs.sumTo(n));
  assert.equal(r.value, sum(n));
  assertTicked(r);
  // The export itself returned after about one budget, not after the work.
  assert.ok(r.callMs < r.totalMs / 2, `the export call took ${r.callMs} of ${r.totalMs} ms`);
});

test("two long exports and a timer share the event loop", async () => {
  const { n, r } = await longRun((n) => Promise.all([hs.sumToIO(n / 2), hs.sumTo(n / 4)]));
  assert.deepEqual(r.value, [sum(n / 2), sum(n / 4)]);
  assertTicked(r);
});

test("with the budget off the export holds the event loop", async () => {
  hs.hsrts_jsffi_budget(0);
  try {
    const r = await withTimer(() => hs.sumTo(N / 4));
    assert.equal(r.value, sum(N / 4));
    assert.equal(r.ticks, 0, "no timer can run while the export runs to completion");
    assert.ok(r.callMs > r.totalMs / 2, `the export call took ${r.callMs} of ${r.totalMs} ms`);
  } finally {
    hs.hsrts_jsffi_budget(10);
  }
});

test("a budget can be set smaller", async () => {
  hs.hsrts_jsffi_budget(1);
  try {
    const { n, r } = await longRun((n) => hs.sumTo(n));
    assert.equal(r.value, sum(n));
    assertTicked(r);
  } finally {
    hs.hsrts_jsffi_budget(10);
  }
});
