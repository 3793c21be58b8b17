/*
 * HsFFI.h -- the C view of Haskell's FFI types and of the runtime's
 * start/stop functions, for programs linked with hsrts (libhsrts.a).
 *
 * The names, types and meaning follow GHC's HsFFI.h so that C code written
 * for GHC compiles unchanged, for the subset hsrts provides (see
 * docs/capi.md). This file is written for hsrts; it is not GHC's.
 *
 * Word size: HsInt, HsWord and HsBool are 64 bits on EVERY target hsrts
 * supports, wasm32 included (where GHC's would be 32 bits). hsrts uses one
 * heap layout and one image format for all targets, with 64-bit words and
 * pointers stored zero-extended in 64-bit slots, so that programs give the
 * same results as GHC on x86-64. HsPtr, HsFunPtr and HsStablePtr are C
 * pointers and have the target's pointer size.
 *
 * Copyright (c) 2026, the hsrts authors. BSD-3-Clause (see LICENSE).
 */

#ifndef HSRTS_HSFFI_H
#define HSRTS_HSFFI_H

#include <stdint.h>
#include <float.h>

#if defined(__cplusplus)
extern "C" {
#endif

/* ---- Haskell types ------------------------------------------------------ */

typedef uint32_t  HsChar;      /* a Unicode code point */
typedef int64_t   HsInt;       /* 64 bits on every target, see above */
typedef int8_t    HsInt8;
typedef int16_t   HsInt16;
typedef int32_t   HsInt32;
typedef int64_t   HsInt64;
typedef uint64_t  HsWord;      /* 64 bits on every target, see above */
typedef uint8_t   HsWord8;
typedef uint16_t  HsWord16;
typedef uint32_t  HsWord32;
typedef uint64_t  HsWord64;
typedef float     HsFloat;
typedef double    HsDouble;
typedef HsInt     HsBool;      /* HS_BOOL_FALSE or HS_BOOL_TRUE */
typedef void     *HsPtr;
typedef void    (*HsFunPtr)(void);
typedef void     *HsStablePtr;

/* ---- Bounds --------------------------------------------------------------- */

#define HS_CHAR_MIN          0
#define HS_CHAR_MAX          0x10FFFF

#define HS_BOOL_FALSE        0
#define HS_BOOL_TRUE         1
#define HS_BOOL_MIN          HS_BOOL_FALSE
#define HS_BOOL_MAX          HS_BOOL_TRUE

#define HS_INT_MIN           INT64_MIN
#define HS_INT_MAX           INT64_MAX
#define HS_WORD_MAX          UINT64_MAX

#define HS_INT8_MIN          INT8_MIN
#define HS_INT8_MAX          INT8_MAX
#define HS_INT16_MIN         INT16_MIN
#define HS_INT16_MAX         INT16_MAX
#define HS_INT32_MIN         INT32_MIN
#define HS_INT32_MAX         INT32_MAX
#define HS_INT64_MIN         INT64_MIN
#define HS_INT64_MAX         INT64_MAX
#define HS_WORD8_MAX         UINT8_MAX
#define HS_WORD16_MAX        UINT16_MAX
#define HS_WORD32_MAX        UINT32_MAX
#define HS_WORD64_MAX        UINT64_MAX

#define HS_FLOAT_RADIX       FLT_RADIX
#define HS_FLOAT_ROUNDS      FLT_ROUNDS
#define HS_FLOAT_EPSILON     FLT_EPSILON
#define HS_FLOAT_DIG         FLT_DIG
#define HS_FLOAT_MANT_DIG    FLT_MANT_DIG
#define HS_FLOAT_MIN         FLT_MIN
#define HS_FLOAT_MIN_EXP     FLT_MIN_EXP
#define HS_FLOAT_MIN_10_EXP  FLT_MIN_10_EXP
#define HS_FLOAT_MAX         FLT_MAX
#define HS_FLOAT_MAX_EXP     FLT_MAX_EXP
#define HS_FLOAT_MAX_10_EXP  FLT_MAX_10_EXP

#define HS_DOUBLE_RADIX      FLT_RADIX
#define HS_DOUBLE_ROUNDS     FLT_ROUNDS
#define HS_DOUBLE_EPSILON    DBL_EPSILON
#define HS_DOUBLE_DIG        DBL_DIG
#define HS_DOUBLE_MANT_DIG   DBL_MANT_DIG
#define HS_DOUBLE_MIN        DBL_MIN
#define HS_DOUBLE_MIN_EXP    DBL_MIN_EXP
#define HS_DOUBLE_MIN_10_EXP DBL_MIN_10_EXP
#define HS_DOUBLE_MAX        DBL_MAX
#define HS_DOUBLE_MAX_EXP    DBL_MAX_EXP
#define HS_DOUBLE_MAX_10_EXP DBL_MAX_10_EXP

/* ---- Starting and stopping the runtime ---------------------------------- */

/*
 * hs_init: start the runtime. Calls nest: each hs_init must be matched by
 * one hs_exit, and only the last hs_exit stops the runtime. Either argument
 * may be NULL; otherwise argc points to the argument count and argv to an
 * array of *argc NUL-terminated strings (as given to main). The first call
 * reads the RTS options ("+RTS ... -RTS", "--RTS", the GHCRTS environment
 * variable; see docs/rts-options.md) and removes them from argv, updating
 * *argc; bad options print GHC's message and exit, "+RTS -?" prints the
 * usage and "+RTS --info" the runtime's description, then exit. A program
 * image registered with hsrts_set_image (hsrts.h) is loaded now.
 * Starting the runtime again after the last hs_exit is not supported: it
 * prints an error and exits with status 1, as GHC's runtime does.
 */
extern void hs_init(int *argc, char **argv[]);

/*
 * hs_init_with_rtsopts: as hs_init (hsrts always accepts every RTS option;
 * GHC's -rtsopts levels do not apply).
 */
extern void hs_init_with_rtsopts(int *argc, char **argv[]);

/*
 * hs_exit: undo one hs_init; the last one stops the runtime, printing the
 * "+RTS -s" statistics if they were asked for. An hs_exit with no hs_init
 * outstanding prints "warning: too many hs_exit()s" to stderr and does
 * nothing else.
 */
extern void hs_exit(void);

/* ---- Memory ------------------------------------------------------------- */

/*
 * hs_perform_gc: a major garbage collection now. Values C holds (stable
 * pointers, the HaskellObj values of the current rts_lock window) survive.
 */
extern void hs_perform_gc(void);

/*
 * hs_free_stable_ptr: free a stable pointer (the same as freeStablePtr in
 * RtsAPI.h). Freeing one twice, or freeing something that is not a stable
 * pointer, prints an error naming the pointer and aborts.
 */
extern void hs_free_stable_ptr(HsStablePtr sp);

/*
 * hs_free_fun_ptr: free a function pointer made by foreign import "wrapper".
 * hsrts does not make such pointers yet, so every call prints an error and
 * aborts (see docs/capi.md); NULL is ignored.
 */
extern void hs_free_fun_ptr(HsFunPtr fp);

/*
 * hs_try_putmvar: put () into the MVar () that sp refers to, if it is
 * empty, and free sp (GHC's meaning). The capability number is ignored:
 * hsrts has one.
 */
extern void hs_try_putmvar(int capability, HsStablePtr sp);

#if defined(__cplusplus)
}
#endif

#endif /* HSRTS_HSFFI_H */
