/*
 * RtsAPI.h -- building Haskell values from C, calling Haskell functions and
 * holding Haskell values across calls, for programs linked with hsrts
 * (libhsrts.a).
 *
 * Names, types and meaning follow GHC's RtsAPI.h for the subset hsrts
 * provides (docs/capi.md lists it). This file is written for hsrts; it is
 * not GHC's.
 *
 * A session with Haskell looks like this:
 *
 *     Capability *cap = rts_lock();
 *     HaskellObj r;
 *     rts_evalIO(&cap, rts_apply(cap, f, rts_mkInt(cap, 42)), &r);
 *     rts_checkSchedStatus("my_call", cap);
 *     HsInt n = rts_getInt(r);
 *     rts_unlock(cap);
 *
 * Differences from GHC, all on the safe side:
 *  - A HaskellObj is a handle, not the closure's address (C never looks
 *    inside one, so code written for GHC is unaffected). It is valid from
 *    the call that made it until rts_unlock: collections, which may happen
 *    in any rts_mk* or rts_eval* call, do not invalidate it. Using one after
 *    rts_unlock is detected and reported. Use getStablePtr to keep a value
 *    longer.
 *  - Detectable misuse (a call before hs_init or after the last hs_exit,
 *    without rts_lock, rts_lock twice on one thread, a stale HaskellObj,
 *    the wrong type given to rts_get*, an unevaluated value given to
 *    rts_get*, a stable pointer freed twice) prints one line
 *    "hsrts: <function>: <what is wrong>" on stderr and aborts.
 *  - hsrts has one capability; a thread that calls rts_lock while another
 *    holds it waits.
 *
 * Copyright (c) 2026, the hsrts authors. BSD-3-Clause (see LICENSE).
 */

#ifndef HSRTS_RTSAPI_H
#define HSRTS_RTSAPI_H

#include "HsFFI.h"

#if defined(__cplusplus)
extern "C" {
#endif

/* ---- Types ---------------------------------------------------------------- */

/* The runtime's execution context, returned by rts_lock. */
typedef struct Capability_ Capability;

/* A Haskell value held by C (see above). */
typedef struct StgClosure_ *HaskellObj;

/* How the last rts_eval* call ended (GHC's numbering). */
typedef enum {
    NoStatus      = 0,  /* no evaluation yet */
    Success       = 1,  /* it returned a value */
    Killed        = 2,  /* an uncaught exception or a runtime error */
    Interrupted   = 3,  /* a user interrupt (not produced yet) */
    HeapExhausted = 4   /* the heap limit (+RTS -M) was exceeded */
} SchedulerStatus;

/* ---- The capability ------------------------------------------------------- */

/* Take the capability (waits while another thread holds it). */
extern Capability *rts_lock(void);

/* Give it back; the HaskellObj values made since rts_lock become invalid. */
extern void rts_unlock(Capability *cap);

/* ---- Building values (need the capability) ------------------------------- */

extern HaskellObj rts_mkChar      (Capability *cap, HsChar c);
extern HaskellObj rts_mkInt       (Capability *cap, HsInt i);
extern HaskellObj rts_mkInt8      (Capability *cap, HsInt8 i);
extern HaskellObj rts_mkInt16     (Capability *cap, HsInt16 i);
extern HaskellObj rts_mkInt32     (Capability *cap, HsInt32 i);
extern HaskellObj rts_mkInt64     (Capability *cap, HsInt64 i);
extern HaskellObj rts_mkWord      (Capability *cap, HsWord w);
extern HaskellObj rts_mkWord8     (Capability *cap, HsWord8 w);
extern HaskellObj rts_mkWord16    (Capability *cap, HsWord16 w);
extern HaskellObj rts_mkWord32    (Capability *cap, HsWord32 w);
extern HaskellObj rts_mkWord64    (Capability *cap, HsWord64 w);
extern HaskellObj rts_mkPtr       (Capability *cap, HsPtr a);
extern HaskellObj rts_mkFunPtr    (Capability *cap, HsFunPtr a);
extern HaskellObj rts_mkFloat     (Capability *cap, HsFloat f);
extern HaskellObj rts_mkDouble    (Capability *cap, HsDouble f);
extern HaskellObj rts_mkStablePtr (Capability *cap, HsStablePtr s);
extern HaskellObj rts_mkBool      (Capability *cap, HsBool b);
/* One Char per byte of the NUL-terminated s, copied at once. */
extern HaskellObj rts_mkString    (Capability *cap, char *s);

/* The unevaluated application f arg. */
extern HaskellObj rts_apply       (Capability *cap, HaskellObj f, HaskellObj arg);

/* ---- Reading values (evaluated ones; need the capability) ---------------- */

extern HsChar      rts_getChar      (HaskellObj p);
extern HsInt       rts_getInt       (HaskellObj p);
extern HsInt8      rts_getInt8      (HaskellObj p);
extern HsInt16     rts_getInt16     (HaskellObj p);
extern HsInt32     rts_getInt32     (HaskellObj p);
extern HsInt64     rts_getInt64     (HaskellObj p);
extern HsWord      rts_getWord      (HaskellObj p);
extern HsWord8     rts_getWord8     (HaskellObj p);
extern HsWord16    rts_getWord16    (HaskellObj p);
extern HsWord32    rts_getWord32    (HaskellObj p);
extern HsWord64    rts_getWord64    (HaskellObj p);
extern HsPtr       rts_getPtr       (HaskellObj p);
extern HsFunPtr    rts_getFunPtr    (HaskellObj p);
extern HsFloat     rts_getFloat     (HaskellObj p);
extern HsDouble    rts_getDouble    (HaskellObj p);
extern HsStablePtr rts_getStablePtr (HaskellObj p);
extern HsBool      rts_getBool      (HaskellObj p);

/* ---- Evaluating (need the capability) ------------------------------------- */

/*
 * Each sets the status rts_getSchedStatus returns and, when ret is not
 * NULL, *ret to the result (NULL unless the status is Success). The
 * versions ending in '_' take a stack limit in words instead of +RTS -K.
 * An exitWith inside the evaluation ends the process with its status.
 */
extern void rts_eval        (Capability **cap, HaskellObj p, HaskellObj *ret);
extern void rts_eval_       (Capability **cap, HaskellObj p, unsigned int stack_size,
                             HaskellObj *ret);
/* Run an IO action; the result is evaluated to weak head normal form. */
extern void rts_evalIO      (Capability **cap, HaskellObj p, HaskellObj *ret);
/* Run an IO action given by a stable pointer; *ret is a new stable pointer
 * to its result (the caller frees it). */
extern void rts_evalStableIO(Capability **cap, HsStablePtr s, HsStablePtr *ret);
/* Run an IO action without evaluating its result. */
extern void rts_evalLazyIO  (Capability **cap, HaskellObj p, HaskellObj *ret);
extern void rts_evalLazyIO_ (Capability **cap, HaskellObj p, unsigned int stack_size,
                             HaskellObj *ret);

/* Return if the last evaluation succeeded; otherwise print
 * "<prog>: <site>: uncaught exception" (or the status) and exit(1). */
extern void rts_checkSchedStatus(char *site, Capability *cap);

extern SchedulerStatus rts_getSchedStatus(Capability *cap);

/* ---- Stable pointers ------------------------------------------------------ */

/* A stable pointer to p's value, valid until freed (needs the capability). */
extern HsStablePtr getStablePtr(HaskellObj p);
/* The value, as a HaskellObj of the current rts_lock window. */
extern HaskellObj deRefStablePtr(HsStablePtr sp);
/* Free it; freeing twice is reported. */
extern void freeStablePtr(HsStablePtr sp);

#if defined(__cplusplus)
}
#endif

#endif /* HSRTS_RTSAPI_H */
