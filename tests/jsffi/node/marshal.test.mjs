// Sync imports and exports of every marshalable type (docs/jsffi.md).
import { test } from "node:test";
import assert from "node:assert/strict";
import { instantiate } from "./helpers.mjs";

const { exports: hs } = await instantiate("marshal");

test("exports return Promises of their results", async () => {
  const p = hs.add3(1, 2, 39);
  assert.ok(p instanceof Promise);
  assert.equal(await p, 42);
  assert.equal(await hs.add3(-5, 0, 2), -3);
});

test("Int and Word are JavaScript numbers; a snippet may be a function body", async () => {
  assert.equal(await hs.fac(10), 3628800);
});

test("64-bit integers are BigInts", async () => {
  assert.equal(await hs.dbl64(-(2n ** 40n)), -(2n ** 41n));
  assert.equal(await hs.succW64(2n ** 64n - 2n), 2n ** 64n - 1n);
});

test("sized integers wrap to their width", async () => {
  assert.equal(await hs.wrap8(127), -128);
  assert.equal(await hs.wrapW8(255), 0);
  assert.equal(await hs.succ32(2 ** 31 - 1), -(2 ** 31));
});

test("Char is a code point, Bool is 0/1 to JavaScript and accepts booleans", async () => {
  assert.equal(await hs.upper("é".codePointAt(0)), "É".codePointAt(0));
  assert.equal(await hs.notB(true), 0);
  assert.equal(await hs.notB(false), 1);
});

test("Double and Float", async () => {
  assert.equal(await hs.sqrtD(2), Math.SQRT2);
  assert.equal(await hs.quarter(10), 2.5);
  assert.equal(await hs.quarter(0.1), Math.fround(Math.fround(0.1) / 4));
});

test("JSVals cross both ways and keep their identity", async () => {
  const o = { x: 1 };
  assert.equal(await hs.isObj(o), 1);
  assert.equal(await hs.isObj(7), 0);
  assert.equal(await hs.echo(o), o);
  assert.equal(await hs.roundTrip(1234), 1234);
});

test("JSString conversions", async () => {
  assert.equal(await hs.greet("wörld ✓"), "hello, wörld ✓!");
});

test("snippets see __exports, and isJSFFIUsed is True", async () => {
  assert.equal(await hs.hasMemory(), 1);
  assert.equal(await hs.usesJSFFI(), 1);
});

test("IO () exports resolve to undefined after their effects", async () => {
  globalThis.hsLog = [];
  assert.equal(await hs.logTwice("hi"), undefined);
  assert.deepEqual(globalThis.hsLog, ["hi", "hi"]);
});

test("only the requested exports are in the module", async () => {
  const { exports } = await instantiate("marshal", ["add3", "greet"]);
  const names = Object.keys(exports).sort();
  // The requested exports, and the runtime's own (docs/jsffi.md, "The ABI").
  assert.deepEqual(names, [
    "_initialize", "add3", "greet", "hsrts_jsffi_budget", "hsrts_jsffi_callback_free",
    "hsrts_jsffi_callback_run", "hsrts_jsffi_export_arg_f64", "hsrts_jsffi_export_arg_i64",
    "hsrts_jsffi_export_begin", "hsrts_jsffi_resume", "hsrts_jsffi_settled",
    "hsrts_jsffi_stable_ptrs", "memory",
  ]);
  assert.equal(await exports.add3(1, 1, 1), 3);
});
