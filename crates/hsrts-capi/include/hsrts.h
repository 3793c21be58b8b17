/*
 * hsrts.h -- hsrts's own additions to the C API (everything here is
 * prefixed hsrts_; GHC-compatible names are in HsFFI.h, included here).
 *
 * Copyright (c) 2026, the hsrts authors. BSD-3-Clause (see LICENSE).
 */

#ifndef HSRTS_HSRTS_H
#define HSRTS_HSRTS_H

#include <stddef.h>
#include <stdint.h>

#include "HsFFI.h"
#include "RtsAPI.h"

/*
 * The feature vector of the library this header was shipped with, as
 * macros, when `cargo xtask dist` wrote hsrts_features.h next to it
 * (HSRTS_FEATURE_VECTOR, the string hsrts_feature_vector() returns, and one
 * HSRTS_FEATURE_<AXIS>_<NAME> defined to 1 per axis, e.g.
 * HSRTS_FEATURE_INTR_HOST). Without it (headers used from the source tree)
 * ask hsrts_feature_vector() at run time.
 */
#if defined(__has_include)
#if __has_include("hsrts_features.h")
#include "hsrts_features.h"
#endif
#endif

#if defined(__cplusplus)
extern "C" {
#endif

/*
 * The feature vector this library was built with: one implementation per
 * axis, in axis order, separated by commas, e.g.
 * "addr-mmap,ctx-timer,intr-signal,interp-libffi" (see
 * docs/feature-vector.md). The string is static, NUL-terminated and must not
 * be freed or written; it may be called before hs_init.
 */
extern const char *hsrts_feature_vector(void);

/*
 * Register the program image (the bytes `hsrts build prog.hs -o prog.hsbc`
 * writes; a file made by `hsrts build --emit-c` holds them and calls this
 * for you). Before hs_init the bytes are copied and loaded when the runtime
 * starts; after hs_init they are loaded at once. One image per process.
 * Returns 0, or -1 after printing why on stderr (an invalid image, a
 * second image).
 */
extern int hsrts_set_image(const uint8_t *bytes, size_t len);

/*
 * Load the program image into the running runtime (after hs_init).
 * Returns 0, or -1 after printing why.
 */
extern int hsrts_load_image(const uint8_t *bytes, size_t len);

/*
 * Run the program's Haskell main as `hsrts run` does: start the runtime
 * with argc/argv (RTS options included), run Main.main, stop the runtime,
 * and return the exit status GHC's program would have (0, exitWith's
 * status, 1 for an uncaught exception, 2 for a stack overflow, 251 for an
 * exhausted heap). The image must have been registered first.
 */
extern int hsrts_main(int argc, char *argv[]);

/*
 * The program's top-level binding `name` (qualified: "Main.triple") as a
 * HaskellObj of the current rts_lock window, or NULL if the image has
 * none. Needs the capability.
 */
extern HaskellObj hsrts_closure(Capability *cap, const char *name);

/*
 * How the last evaluation (rts_eval*, or a call of an exported function)
 * ended: Success, or Killed / HeapExhausted. An exported function whose
 * Haskell code fails prints "<prog>: <name>: uncaught exception" on
 * stderr, returns 0 of its result type and the program goes on (GHC would
 * exit); C code that must know calls this after the call.
 */
extern SchedulerStatus hsrts_last_status(void);

/* Called by generated export stubs when an evaluation failed (prints the
 * message above). */
extern void hsrts_export_failed(const char *name, Capability *cap);

/*
 * Ask the runtime to deliver a user interrupt (what ^C does to a GHC
 * program): the main Haskell thread receives UserInterrupt at its next safe
 * point, and a second call before that happened ends the process with exit
 * status 252. This is how an embedder (a JavaScript host, a wasm runtime)
 * raises interrupts. Safe to call from any thread; ignored while no runtime
 * is listening.
 *
 * Only builds with the intr-host feature (the wasm32 default) define this
 * function: in other builds a program that calls it fails to link. (Not
 * yet: hs_init does not start listening for interrupts, so today every call
 * is ignored.)
 */
extern void hsrts_interrupt(void);

#if defined(__cplusplus)
}
#endif

#endif /* HSRTS_HSRTS_H */
