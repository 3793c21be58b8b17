/*
 * Calls the functions tests/capi/exports.hs exports, as a C program
 * embedding Haskell does (run by `cargo xtask capi`; see README.md here).
 * Built with exports_hs.c from `hsrts build --emit-c --no-main`, natively
 * and for wasm32-wasi. Its stdout must equal exports.stdout.
 */

#include <stdio.h>
#include <string.h>

#include "hsrts.h"
#include "exports_hs.h"

int main(int argc, char *argv[])
{
    hs_init(&argc, &argv);

    printf("triple(14) = %lld\n", (long long)triple(14));
    printf("halveWord(max) = %llu\n", (unsigned long long)halveWord(HS_WORD_MAX));
    printf("norm2(3, 4) = %.1f\n", norm2(3.0, 4.0));
    printf("upper('q') = %c\n", (char)upper('q'));
    printf("isEven(10) = %lld, isEven(7) = %lld\n", (long long)isEven(10), (long long)isEven(7));
    fflush(stdout);
    greet(7);

    /* A stable pointer through Haskell and back. */
    Capability *cap = rts_lock();
    HsStablePtr sp = getStablePtr(rts_mkInt(cap, 99));
    rts_unlock(cap);
    HsStablePtr back = keep(sp);
    cap = rts_lock();
    printf("stable pointer round trip: %s, value %lld\n", back == sp ? "same" : "DIFFERENT",
           (long long)rts_getInt(deRefStablePtr(back)));
    rts_unlock(cap);
    hs_free_stable_ptr(sp);

    /* A String built with rts_mkString, consumed by a non-exported function. */
    cap = rts_lock();
    HaskellObj count = hsrts_closure(cap, "Main.countVowels");
    HaskellObj n;
    rts_eval(&cap, rts_apply(cap, count, rts_mkString(cap, "a foreign export test")), &n);
    rts_checkSchedStatus("countVowels", cap);
    printf("countVowels = %lld\n", (long long)rts_getInt(n));
    rts_unlock(cap);

    /* An export that throws: the failure is reported and we go on. */
    HsInt bad = checked(-1);
    printf("checked(-1) = %lld, status %s\n", (long long)bad,
           hsrts_last_status() == Killed ? "Killed" : "not Killed");
    HsInt good = checked(21);
    printf("checked(21) = %lld, status %s\n", (long long)good,
           hsrts_last_status() == Success ? "Success" : "not Success");

    printf("lengthOfShown(12345) = %lld\n", (long long)lengthOfShown(12345));

    /* Many calls with collections in between. The test runs this program
     * with "+RTS -M8m": a heap that grew with the number of calls would
     * stop it. */
    HsInt total = 0;
    for (HsInt i = 0; i < 100000; i++) {
        total += triple(i);
        if (i % 1000 == 0) {
            hs_perform_gc();
        }
    }
    printf("loop total = %lld\n", (long long)total);

    hs_exit();
    return 0;
}
