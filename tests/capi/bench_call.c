/*
 * The cost of one call C -> exported Haskell `Int -> Int` -> C, against a
 * plain C function call in the same run (not part of the tests: timings
 * vary). Built like exports.c (with exports_hs.c); prints ns per call and
 * the ratio. `bench_call [N]`, N calls of each (default 200000).
 */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hsrts.h"
#include "exports_hs.h"

/* The same work as triple, in C; noinline so the call is a real call. */
__attribute__((noinline)) static HsInt c_triple(HsInt x)
{
    __asm__ volatile("" ::: "memory");
    return 3 * x;
}

static double seconds(void)
{
    struct timespec t;
#ifdef __wasi__
    clock_gettime(CLOCK_MONOTONIC, &t); /* WASI has no CPU-time clock */
#else
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); /* CPU time: the machine may be busy */
#endif
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char *argv[])
{
    hs_init(&argc, &argv);
    long n = argc > 1 ? atol(argv[1]) : 200000;
    HsInt check_c = 0, check_hs = 0;

    double t0 = seconds();
    for (long i = 0; i < n; i++) check_c += c_triple(i);
    double t1 = seconds();
    for (long i = 0; i < n; i++) check_hs += triple(i);
    double t2 = seconds();

    if (check_c != check_hs) {
        fprintf(stderr, "results differ: %lld %lld\n", (long long)check_c, (long long)check_hs);
        return 1;
    }
    double c_ns = (t1 - t0) * 1e9 / (double)n, hs_ns = (t2 - t1) * 1e9 / (double)n;
    printf("calls: %ld\nC function:      %10.1f ns/call\nHaskell export:  %10.1f ns/call\nratio:           %10.0f\n",
           n, c_ns, hs_ns, hs_ns / (c_ns > 0 ? c_ns : 1e-9));
    hs_exit();
    return 0;
}
