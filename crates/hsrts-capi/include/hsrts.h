/*
 * hsrts.h -- hsrts's own additions to the C API (everything here is
 * prefixed hsrts_; GHC-compatible names are in HsFFI.h, included here).
 *
 * Copyright (c) 2026, the hsrts authors. BSD-3-Clause (see LICENSE).
 */

#ifndef HSRTS_HSRTS_H
#define HSRTS_HSRTS_H

#include "HsFFI.h"

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
