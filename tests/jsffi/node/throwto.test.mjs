// throwTo to a thread waiting on a Promise (docs/jsffi.md, "Async
// exceptions, C FFI interaction"): the waiting thread gets the exception
// at once (the guide's "ideally" behaviour), the Promise is not
// cancelled, its later settling harms nothing, and a thunk left by the
// killed thread can be forced again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { instantiate } from "./helpers.mjs";

const { exports: hs, jsffi } = await instantiate("throwto");

/** Settles every Promise of js_gated made so far, then lets their handlers run. */
async function openGates() {
  for (const open of (globalThis.hsGates ?? []).splice(0)) open();
  await sleep(0);
}

test("killThread reaches a thread waiting on a Promise at once", async () => {
  assert.equal(await hs.ping(1), 2); // starts the runtime
  // The Promise cannot settle before the gate opens, so the result proves
  // the kill did not wait for it.
  assert.equal(await hs.killWaiter(1), "killed: thread killed");
  // The Promise settles later and wakes nobody; the runtime still works.
  await openGates();
  assert.equal(await hs.ping(41), 42);
});

test("a thunk whose forcing thread was killed can be forced again", async () => {
  const t0 = performance.now();
  assert.equal(await hs.killThenForce(100), "killed: thread killed; then 7");
  // Waited for the 100 ms Promise (without waiting it takes a few ms). Not
  // `>= 100`: libuv times a timer from the loop turn's cached "now", so it
  // can fire early by however long the turn had already run.
  const ms = performance.now() - t0;
  assert.ok(ms >= 60, `the second force waited only ${ms} ms for the Promise`);
});

test("an interrupted wait frees its stable pointer and the ES module's entry for the Promise", async () => {
  assert.equal(await hs.ping(1), 2);
  const ptrs = hs.hsrts_jsffi_stable_ptrs();
  const waits = jsffi.__waits_size();
  for (let i = 0; i < 5; i++) {
    assert.equal(await hs.killWaiter(i), "killed: thread killed");
  }
  assert.equal(hs.hsrts_jsffi_stable_ptrs(), ptrs, "stable pointers leaked");
  // The Promises settle now, for waits nobody has any more.
  await openGates();
  assert.equal(jsffi.__waits_size(), waits, "the ES module kept entries");
  assert.equal(hs.hsrts_jsffi_stable_ptrs(), ptrs);
  assert.equal(await hs.killThenForce(50), "killed: thread killed; then 7");
  assert.equal(jsffi.__waits_size(), waits);
  assert.equal(hs.hsrts_jsffi_stable_ptrs(), ptrs);
  assert.equal(await hs.ping(41), 42);
});
