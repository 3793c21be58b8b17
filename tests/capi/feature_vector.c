/*
 * The C link test (run by `cargo xtask test`, step capi; see README.md here).
 *
 * Starts the runtime as a C program embedding Haskell would, prints the
 * feature vector the linked libhsrts.a was built with, and stops it. The
 * same file is built natively with gcc and for wasm32-wasi with clang-14.
 * The output must be exactly one line: the feature vector. Define
 * HSRTS_TEST_INTR_HOST when the library has intr-host, to check that
 * hsrts_interrupt links too.
 */

#include <stdio.h>
#include <string.h>

#include "hsrts.h"

int main(int argc, char *argv[])
{
    hs_init(&argc, &argv);
    /* A nested start, as a second library in the same program would do;
     * only the last hs_exit stops the runtime. */
    hs_init(NULL, NULL);

    const char *vector = hsrts_feature_vector();
    if (vector == NULL || strlen(vector) == 0) {
        fprintf(stderr, "hsrts_feature_vector() returned nothing\n");
        return 1;
    }
    /* The header's promise about word sizes, checked where it matters. */
    if (sizeof(HsInt) != 8 || sizeof(HsWord) != 8) {
        fprintf(stderr, "HsInt/HsWord are not 64 bits\n");
        return 1;
    }
#if defined(HSRTS_FEATURE_VECTOR)
    /* Headers from `cargo xtask dist` record the vector at build time. */
    if (strcmp(vector, HSRTS_FEATURE_VECTOR) != 0) {
        fprintf(stderr, "hsrts_features.h says %s, the library %s\n",
                HSRTS_FEATURE_VECTOR, vector);
        return 1;
    }
#endif
    printf("%s\n", vector);

#if defined(HSRTS_TEST_INTR_HOST) || defined(HSRTS_FEATURE_INTR_HOST)
    /* Built with intr-host: the embedder's interrupt entry point must link.
     * Nothing listens for interrupts yet, so the call is ignored. */
    hsrts_interrupt();
#endif

    hs_exit();
    hs_exit();
    return 0;
}
