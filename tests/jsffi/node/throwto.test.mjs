// throwTo to a thread waiting on a Promise (docs/jsffi.md, "Async
// exceptions, C FFI interaction"): the waiting thread gets the exception
// at once (the guide's "ideally" behaviour), the Promise is not
// cancelled, its later settling harms nothing, and a thunk left by the
// killed thread can be forced again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { instantiate } from "./helpers.mjs";

const { exports: hs } = await instantiate("throwto");

test("killThread reaches a thread waiting on a Promise at once", async () => {
  assert.equal(await hs.ping(1), 2); // starts the runtime
  const t0 = performance.now();
  assert.equal(await hs.killWaiter(400), "killed: thread killed");
  const ms = performance.now() - t0;
  assert.ok(ms < 300, `took ${ms} ms: the thread waited for the Promise`);
  // The Promise settles later and wakes nobody; the runtime still works.
  await sleep(450);
  assert.equal(await hs.ping(41), 42);
});

test("a thunk whose forcing thread was killed can be forced again", async () => {
  const t0 = performance.now();
  assert.equal(await hs.killThenForce(100), "killed: thread killed; then 7");
  assert.ok(performance.now() - t0 >= 90, "the second force waited for the Promise");
});
