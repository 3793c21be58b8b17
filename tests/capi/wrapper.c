/*
 * "wrapper" imports: C function pointers for Haskell closures (run by
 * `cargo xtask capi`; see README.md here). qsort sorts with a Haskell
 * comparison; more wrappers are made and freed than an interp-static
 * pool holds (wrapper_hs.c is generated with --wrapper-pool 4); C frees
 * some with hs_free_fun_ptr. Its stdout must equal wrapper.stdout.
 */

#include <stdio.h>
#include <stdlib.h>

#include "hsrts.h"
#include "wrapper_hs.h"

typedef int (*Compare)(const void *, const void *);

/* Imported by Haskell as cSort. */
void wrapper_sort(HsPtr xs, HsInt n, HsFunPtr cmp)
{
    qsort(xs, (size_t)n, sizeof(HsInt64), (Compare)cmp);
}

/* Imported by Haskell as cApply. */
HsInt wrapper_apply(HsFunPtr f, HsInt x)
{
    return ((HsInt (*)(HsInt))f)(x);
}

/* Imported by Haskell as cApplyAndFree: C frees the wrapper. */
HsInt wrapper_apply_and_free(HsFunPtr f, HsInt x)
{
    HsInt r = ((HsInt (*)(HsInt))f)(x);
    hs_free_fun_ptr(f);
    return r;
}

/* Imported by Haskell as cScaleTwice. */
HsDouble wrapper_scale_twice(HsFunPtr f, HsDouble x)
{
    HsDouble (*g)(HsDouble) = (HsDouble (*)(HsDouble))f;
    return g(x) + g(2 * x);
}

int main(int argc, char *argv[])
{
    hs_init(&argc, &argv);
    sortDemo();
    /* 50 rounds of 4 wrappers: 200 made and freed, 4 live at a time. */
    HsInt r = reuseDemo(50);
    printf("reuse: %lld\n", (long long)r);
    printf("scale: %g\n", scaleDemo(2.0));
    printf("status %s\n", hsrts_last_status() == Success ? "Success" : "not Success");
    hs_exit();
    return 0;
}
