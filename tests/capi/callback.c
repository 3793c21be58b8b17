/*
 * Callbacks: C -> Haskell -> C -> Haskell ... through the foreign imports
 * and exports of callback.hs (run by `cargo xtask capi`; see README.md
 * here). Its stdout must equal callback.stdout; run with a small nursery
 * so the callbacks collect while Haskell code is interrupted.
 */

#include <stdio.h>

#include "hsrts.h"
#include "callback_hs.h"

/* Imported by Haskell as cDown: calls back into Haskell's hsDown after a
 * major collection. */
HsInt callback_down(HsInt n)
{
    printf("C: down(%lld)\n", (long long)n);
    fflush(stdout);
    hs_perform_gc();
    HsInt r = hsDown(n);
    printf("C: hsDown(%lld) = %lld\n", (long long)n, (long long)r);
    fflush(stdout);
    return r;
}

/* Set while the loop at the end runs (no output per call). */
static int quiet = 0;

/* Imported by Haskell as cTryFail: an export that throws inside a
 * callback reports its failure here, and the Haskell code that called us
 * goes on. */
HsInt callback_try_fail(HsInt n)
{
    HsInt r = hsFail(n);
    int killed = hsrts_last_status() == Killed;
    if (!quiet) {
        printf("C: hsFail(%lld) = %lld, %s\n", (long long)n, (long long)r,
               killed ? "Killed" : "Success");
        fflush(stdout);
    }
    return killed ? 1 : 2;
}

static HsInt square(HsInt x) { return x * x; }
static HsInt negate(HsInt x) { return -x; }

/* Imported by Haskell as cPick: a function pointer Haskell then calls
 * through a "dynamic" import. */
HsFunPtr callback_pick(HsInt which)
{
    return which == 0 ? (HsFunPtr)square : (HsFunPtr)negate;
}

int main(int argc, char *argv[])
{
    hs_init(&argc, &argv);
    HsInt r = hsDown(3);
    printf("hsDown(3) = %lld, status %s\n", (long long)r,
           hsrts_last_status() == Success ? "Success" : "not Success");
    fflush(stdout);
    printf("hsTryFail(1) = %lld\n", (long long)hsTryFail(1));
    fflush(stdout);
    printf("hsTryFail(0) = %lld\n", (long long)hsTryFail(0));
    fflush(stdout);
    printf("hsDynamic(0, 7) = %lld, hsDynamic(1, 7) = %lld\n", (long long)hsDynamic(0, 7),
           (long long)hsDynamic(1, 7));
    fflush(stdout);
    /* Many callbacks: memory stays flat (run with +RTS -M8m). */
    HsInt total = 0;
    quiet = 1;
    for (int i = 0; i < 2000; i++) {
        total += hsTryFail(0);
    }
    printf("2000 callbacks: %lld\n", (long long)total);
    hs_exit();
    return 0;
}
