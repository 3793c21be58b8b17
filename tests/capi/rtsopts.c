/*
 * hs_init_with_rtsopts reads "+RTS ... -RTS" from argv and removes it; with
 * -s the statistics appear on stderr at the last hs_exit (run by `cargo
 * xtask capi` as `rtsopts one +RTS -s -A64k -RTS two`; see README.md). Its
 * stdout must be the arguments left, then a line from Haskell.
 */

#include <stdio.h>

#include "hsrts.h"
#include "exports_hs.h"

int main(int argc, char *argv[])
{
    hs_init_with_rtsopts(&argc, &argv);
    hs_init(NULL, NULL); /* nested: counted, arguments untouched */
    printf("argc = %d:", argc);
    for (int i = 1; i < argc; i++) {
        printf(" %s", argv[i]);
    }
    printf("%s\n", argv[argc] == NULL ? "" : " (argv not NULL-terminated)");
    fflush(stdout);
    greet(argc);
    hs_exit(); /* nested: the runtime keeps running */
    printf("still running: triple(5) = %lld\n", (long long)triple(5));
    hs_exit(); /* the last: statistics on stderr */
    return 0;
}
