/*
 * Misuse of the C API that hsrts detects: `misuse CASE` commits one and
 * must die with a clear message on stderr (run by `cargo xtask capi`,
 * which knows the message each case must print; see README.md here).
 * Linked with exports_hs.c (tests/capi/exports.hs) for the values.
 */

#include <stdio.h>
#include <string.h>

#include "hsrts.h"
#include "exports_hs.h"

static Capability *start(int *argc, char ***argv)
{
    hs_init(argc, argv);
    return rts_lock();
}

int main(int argc, char *argv[])
{
    const char *which = argc > 1 ? argv[1] : "";
    Capability *cap;

    if (strcmp(which, "before_init") == 0) {
        rts_lock();
    } else if (strcmp(which, "after_exit") == 0) {
        hs_init(&argc, &argv);
        hs_exit();
        rts_lock();
    } else if (strcmp(which, "double_free") == 0) {
        cap = start(&argc, &argv);
        HsStablePtr sp = getStablePtr(rts_mkInt(cap, 1));
        hs_free_stable_ptr(sp);
        hs_free_stable_ptr(sp);
    } else if (strcmp(which, "never_issued") == 0) {
        start(&argc, &argv);
        freeStablePtr((HsStablePtr)(uintptr_t)4242);
    } else if (strcmp(which, "stale_object") == 0) {
        cap = start(&argc, &argv);
        HaskellObj x = rts_mkInt(cap, 1);
        rts_unlock(cap);
        cap = rts_lock();
        rts_getInt(x);
    } else if (strcmp(which, "wrong_type") == 0) {
        cap = start(&argc, &argv);
        rts_getInt(rts_mkDouble(cap, 1.5));
    } else if (strcmp(which, "unevaluated") == 0) {
        cap = start(&argc, &argv);
        rts_getInt(rts_apply(cap, hsrts_closure(cap, "Main.triple"), rts_mkInt(cap, 1)));
    } else if (strcmp(which, "nested_lock") == 0) {
        start(&argc, &argv);
        rts_lock();
    } else if (strcmp(which, "without_lock") == 0) {
        hs_init(&argc, &argv);
        rts_getInt(NULL);
    } else if (strcmp(which, "wrong_capability") == 0) {
        start(&argc, &argv);
        rts_mkInt((Capability *)&argc, 1);
    } else {
        fprintf(stderr, "misuse: unknown case '%s'\n", which);
        return 2;
    }
    printf("misuse %s: NOT DETECTED\n", which);
    return 0;
}
