//! Running Haskell from C: `rts_apply`, the `rts_eval*` family,
//! `rts_getSchedStatus` and `rts_checkSchedStatus`, with GHC's meaning.
//!
//! Each evaluation runs the runtime's one interpreter
//! ([`rts_core::interp::Machine`], Note [One machine for every call] in
//! runtime.rs) to completion on the calling thread, with the capability
//! held; during a callback from C it runs nested inside the interrupted
//! evaluation (Note [Re-entering the machine] in rts-core); the result
//! is a new `HaskellObj` of the current lock window. How it ended is kept
//! as the `SchedulerStatus`: `Success`, `Killed` (an uncaught exception, or
//! a runtime error, which is also printed), `HeapExhausted` (`-M`
//! exceeded). `exitWith` inside an evaluation ends the process with that
//! status, as in GHC. (`Interrupted` needs the scheduler's interrupt
//! delivery and is not produced yet.)

use std::ffi::{CStr, c_char, c_uint, c_void};

use rts_core::ClosurePtr;
use rts_core::interp::{Exit, RunError};

use crate::capability::{Capability, HaskellObj, check_token, handle_of, obj_of};
use crate::lifecycle::report_statistics;
use crate::misuse::{flush_haskell_stdout, flush_stdout};
use crate::runtime::{Runtime, SchedulerStatus, fatal, with_capability};

/// What an evaluation does with its closure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Evaluate to weak head normal form (`rts_eval`).
    Whnf,
    /// Run an IO action; `force`: evaluate its result to WHNF too
    /// (`rts_evalIO`; `rts_evalLazyIO` does not).
    Io { force: bool },
}

/// Runs `p` as `mode` says; `stack_words` overrides `-K` when non-zero.
/// Sets the status and returns the result on success.
pub fn evaluate(
    rt: &mut Runtime,
    site: &str,
    p: ClosurePtr,
    mode: Mode,
    stack_words: usize,
) -> Option<ClosurePtr> {
    rt.program(site);
    flush_stdout();
    let outcome = rt.run_machine(site, |machine| {
        let default_stack = machine.max_stack_words();
        if stack_words > 0 {
            machine.set_max_stack_words(stack_words);
        }
        let outcome = match mode {
            Mode::Whnf => machine.eval(p).map(|v| (Exit::Returned, Some(v))),
            Mode::Io { force } => machine.run_io_value(p).and_then(|(exit, v)| match v {
                Some(v) if force => machine.eval(v).map(|v| (exit, Some(v))),
                _ => Ok((exit, v)),
            }),
        };
        machine.set_max_stack_words(default_stack);
        outcome
    });
    flush_haskell_stdout();
    match outcome {
        Ok((Exit::Returned, value)) => {
            rt.status = SchedulerStatus::Success;
            value
        }
        Ok((Exit::Code(code), _)) => {
            // `exitWith` in Haskell called from C ends the process (GHC).
            report_statistics(rt);
            std::process::exit(code as i32)
        }
        Err(e) => {
            rt.status = status_of(&e);
            if !matches!(e, RunError::Uncaught | RunError::HeapOverflow) {
                eprintln!("{}: {site}: {e}", rt.prog_name);
            }
            None
        }
    }
}

/// The status a failed evaluation reports.
pub fn status_of(e: &RunError) -> SchedulerStatus {
    match e {
        RunError::HeapOverflow => SchedulerStatus::HeapExhausted,
        _ => SchedulerStatus::Killed,
    }
}

/// The shared body of the `HaskellObj`-returning evaluations.
///
/// # Safety
///
/// `cap` points to the token; `ret` is null or valid for writes.
unsafe fn eval_to(
    site: &str,
    cap: *mut *mut Capability,
    obj: HaskellObj,
    mode: Mode,
    stack_words: usize,
    ret: *mut HaskellObj,
) {
    if cap.is_null() {
        fatal(site, "the Capability ** is NULL");
    }
    // SAFETY: non-null and valid for reads (contract).
    check_token(site, unsafe { *cap });
    let result = with_capability(site, |rt| {
        let p = rt.resolve(site, handle_of(obj));
        evaluate(rt, site, p, mode, stack_words).map(|v| obj_of(rt.new_handle(site, v)))
    });
    if !ret.is_null() {
        // SAFETY: valid for writes (contract).
        unsafe { *ret = result.unwrap_or(std::ptr::null_mut()) };
    }
}

/// `HaskellObj rts_apply(Capability *, HaskellObj f, HaskellObj arg)`: the
/// unevaluated application `f arg`.
///
/// # Safety
///
/// `cap` is the token `rts_lock` returned to this thread; both objects are
/// of the current lock window (checked).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_apply(
    cap: *mut Capability,
    f: HaskellObj,
    arg: HaskellObj,
) -> HaskellObj {
    let site = "rts_apply";
    check_token(site, cap);
    with_capability(site, |rt| {
        let f = rt.resolve(site, handle_of(f));
        let x = rt.resolve(site, handle_of(arg));
        let ap = rt.alloc_ap(site, f, x);
        obj_of(rt.new_handle(site, ap))
    })
}

/// `void rts_eval(Capability **, HaskellObj p, HaskellObj *ret)`: evaluates
/// `p` to weak head normal form; `*ret` is the value (NULL on failure).
///
/// # Safety
///
/// `cap` points to the token `rts_lock` returned to this thread; `ret` is
/// NULL or valid for writes; `p` is of the current lock window (checked).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_eval(cap: *mut *mut Capability, p: HaskellObj, ret: *mut HaskellObj) {
    // SAFETY: the same contract.
    unsafe { eval_to("rts_eval", cap, p, Mode::Whnf, 0, ret) }
}

/// `void rts_eval_(Capability **, HaskellObj p, unsigned int stack_size,
/// HaskellObj *ret)`: [`rts_eval`] with a stack limit of `stack_size`
/// words instead of `-K`.
///
/// # Safety
///
/// As [`rts_eval`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_eval_(
    cap: *mut *mut Capability,
    p: HaskellObj,
    stack_size: c_uint,
    ret: *mut HaskellObj,
) {
    // SAFETY: the same contract.
    unsafe { eval_to("rts_eval_", cap, p, Mode::Whnf, stack_size as usize, ret) }
}

/// `void rts_evalIO(Capability **, HaskellObj p, HaskellObj *ret)`: runs
/// the IO action `p`; `*ret` is its result in WHNF (NULL on failure).
///
/// # Safety
///
/// As [`rts_eval`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_evalIO(
    cap: *mut *mut Capability,
    p: HaskellObj,
    ret: *mut HaskellObj,
) {
    // SAFETY: the same contract.
    unsafe { eval_to("rts_evalIO", cap, p, Mode::Io { force: true }, 0, ret) }
}

/// `void rts_evalLazyIO(Capability **, HaskellObj p, HaskellObj *ret)`: as
/// [`rts_evalIO`] without evaluating the result.
///
/// # Safety
///
/// As [`rts_eval`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_evalLazyIO(
    cap: *mut *mut Capability,
    p: HaskellObj,
    ret: *mut HaskellObj,
) {
    // SAFETY: the same contract.
    unsafe { eval_to("rts_evalLazyIO", cap, p, Mode::Io { force: false }, 0, ret) }
}

/// `void rts_evalLazyIO_(Capability **, HaskellObj, unsigned int stack_size,
/// HaskellObj *ret)`: [`rts_evalLazyIO`] with a stack limit in words.
///
/// # Safety
///
/// As [`rts_eval`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_evalLazyIO_(
    cap: *mut *mut Capability,
    p: HaskellObj,
    stack_size: c_uint,
    ret: *mut HaskellObj,
) {
    let mode = Mode::Io { force: false };
    // SAFETY: the same contract.
    unsafe { eval_to("rts_evalLazyIO_", cap, p, mode, stack_size as usize, ret) }
}

/// `void rts_evalStableIO(Capability **, HsStablePtr s, HsStablePtr *ret)`:
/// runs the IO action `s` refers to; on success `*ret` is a new stable
/// pointer to its result (in WHNF), which the caller frees.
///
/// # Safety
///
/// `cap` points to the token; `s` is a live stable pointer (checked);
/// `ret` is NULL or valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_evalStableIO(
    cap: *mut *mut Capability,
    s: *mut c_void,
    ret: *mut *mut c_void,
) {
    let site = "rts_evalStableIO";
    if cap.is_null() {
        fatal(site, "the Capability ** is NULL");
    }
    // SAFETY: non-null and valid for reads (contract).
    check_token(site, unsafe { *cap });
    let result = with_capability(site, |rt| {
        let p = rt.deref_stable_ptr(site, s.addr());
        evaluate(rt, site, p, Mode::Io { force: true }, 0).map(|v| rt.issue_stable_ptr(v))
    });
    if let Some(sp) = result
        && !ret.is_null()
    {
        // SAFETY: valid for writes (contract).
        unsafe { *ret = std::ptr::without_provenance_mut(sp) };
    }
}

/// `SchedulerStatus rts_getSchedStatus(Capability *)`: how the last
/// evaluation ended.
///
/// # Safety
///
/// `cap` is the token `rts_lock` returned to this thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_getSchedStatus(cap: *mut Capability) -> SchedulerStatus {
    let site = "rts_getSchedStatus";
    check_token(site, cap);
    with_capability(site, |rt| rt.status)
}

/// `void rts_checkSchedStatus(char *site, Capability *)`: returns if the
/// last evaluation succeeded; otherwise prints GHC's message naming `site`
/// and exits with status 1.
///
/// # Safety
///
/// `site` is NULL or a NUL-terminated string; `cap` is the token.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rts_checkSchedStatus(site: *const c_char, cap: *mut Capability) {
    let own = "rts_checkSchedStatus";
    check_token(own, cap);
    let (status, prog) = with_capability(own, |rt| (rt.status, rt.prog_name.clone()));
    let site = if site.is_null() {
        own.to_owned()
    } else {
        // SAFETY: a NUL-terminated string (contract).
        unsafe { CStr::from_ptr(site) }
            .to_string_lossy()
            .into_owned()
    };
    let message = match status {
        SchedulerStatus::Success => return,
        SchedulerStatus::Killed => format!("{site}: uncaught exception"),
        SchedulerStatus::Interrupted => format!("{site}: interrupted"),
        other => format!("{site}: Return code ({}) not ok", other as i32),
    };
    flush_stdout();
    eprintln!("{prog}: {message}");
    std::process::exit(1);
}

/// `void hsrts_export_failed(const char *name, Capability *cap)`: what a
/// generated export stub calls when its evaluation failed (Note [Failing
/// exports] in crates/hsrts/src/emit_c.rs): prints
/// `<prog>: <name>: uncaught exception` (or the status) on stderr. The
/// status stays readable with `hsrts_last_status`.
///
/// # Safety
///
/// `name` is a NUL-terminated string; `cap` is the token.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hsrts_export_failed(name: *const c_char, cap: *mut Capability) {
    let site = "hsrts_export_failed";
    check_token(site, cap);
    let name = if name.is_null() {
        "foreign export".to_owned()
    } else {
        // SAFETY: NUL-terminated (contract).
        unsafe { CStr::from_ptr(name) }
            .to_string_lossy()
            .into_owned()
    };
    let (status, prog) = with_capability(site, |rt| (rt.status, rt.prog_name.clone()));
    let what = match status {
        SchedulerStatus::Killed => "uncaught exception".to_owned(),
        SchedulerStatus::HeapExhausted => "heap exhausted".to_owned(),
        SchedulerStatus::Interrupted => "interrupted".to_owned(),
        other => format!("Return code ({}) not ok", other as i32),
    };
    flush_stdout();
    eprintln!("{prog}: {name}: {what}");
}

/// `SchedulerStatus hsrts_last_status(void)`: how the last evaluation
/// ended (`rts_getSchedStatus` without the capability; what C code checks
/// after calling an export).
#[unsafe(no_mangle)]
pub extern "C" fn hsrts_last_status() -> SchedulerStatus {
    crate::runtime::with_runtime("hsrts_last_status", |rt| rt.status)
}
