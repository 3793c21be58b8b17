//! `foreign import javascript "wrapper"` (dynamic exports): a Haskell
//! function made into a JavaScript function, its calls from JavaScript,
//! and the end of its life (freeJSVal, or the JavaScript function
//! collected). docs/jsffi.md, "Dynamic exports".

use super::super::{Machine, NO_LAYOUT, internal};
use super::export::{CallSig, CallTarget};
use super::{JsExportCall, with_host};
use crate::heap::stable_ptr::StablePtr;
use crate::interp::RunError;
use crate::word::ClosurePtr;
use bytecode::Slot;

// Note [JavaScript callbacks]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A "wrapper" call site `f :: ft -> IO JSVal` applied to a Haskell
// function `h`:
//
// 1. the runtime makes a stable pointer `sp` to `h` and calls the site's
//    import with the one slot `sp`; the ES module makes a JavaScript
//    function closing over `sp` and the site's number, registers it with
//    a FinalizationRegistry (held value `sp`), and returns it as a table
//    key, which becomes the JSVal (an ordinary one: Note [JSVal objects]);
// 2. calling the JavaScript function starts a Haskell thread exactly as a
//    static export's call does (`hsrts_jsffi_callback_run`: the arguments
//    marshalled by the callback signature the image keeps for the site,
//    the result a Promise) — always asynchronous, as the guide says;
// 3. the Haskell closure stays alive, through `sp`, as long as JavaScript
//    may call the function: when the JSVal dies in Haskell only its table
//    entry is dropped (`release`), the function lives on in JavaScript.
//    `sp` is freed either when the FinalizationRegistry reports the
//    function collected (the ES module calls `hsrts_jsffi_callback_free`)
//    or by `freeJSVal` on the JSVal: the host's `free` drops the entry,
//    marks the function dead (calling it later rejects with a clear
//    error), unregisters it from the registry and hands `sp` back, which
//    the runtime frees here. So `sp` is freed exactly once.

impl Machine<'_> {
    /// `ffi.call` of a javascript "wrapper" site: the JSVal of a new
    /// JavaScript function calling the Haskell function in `args[0]`.
    pub(super) fn js_make_callback(
        &mut self,
        base: usize,
        call: u32,
        layout: u32,
        results: &[Slot],
        args: &[Slot],
    ) -> Result<(), RunError> {
        let desc = self.foreign_call_desc(call)?;
        let ([function], [result], Some(_)) = (args, results, &desc.callback) else {
            return Err(internal(
                "a javascript \"wrapper\" site without its function, result or callback signature",
            ));
        };
        let function = ClosurePtr::from_word(self.slot(base, *function));
        let sp = self.storage.new_stable_ptr(function);
        super::flush_released();
        let key = match with_host(|host| {
            host.call(call, &[sp.0 as u64])
                .map_err(|e| RunError::JavaScript(format!("javascript \"wrapper\": {e}")))
        }) {
            Ok(key) => key as u32,
            Err(e) => {
                let _ = self.storage.free_stable_ptr(sp);
                return Err(e);
            }
        };
        self.set_layout(layout);
        let made = self.new_jsval(key);
        self.set_layout(NO_LAYOUT);
        self.st.slots[base + result.0 as usize] = made?.to_word();
        Ok(())
    }

    /// A call from JavaScript of the function that "wrapper" site `call`
    /// made for stable pointer `sp`, on argument slots `args`: starts its
    /// thread, as [`Machine::js_export_start`] does for static exports.
    pub fn js_callback_start(
        &mut self,
        call: u32,
        sp: usize,
        args: &[u64],
    ) -> Result<JsExportCall, RunError> {
        let program = self.program();
        let callback = program
            .foreign_calls
            .get(call as usize)
            .and_then(|d| d.callback.as_ref())
            .ok_or_else(|| internal(format!("foreign call {call} is not a \"wrapper\" site")))?;
        let sig = CallSig {
            target: CallTarget::Stable(StablePtr(sp)),
            what: "a Haskell callback (foreign import javascript \"wrapper\")",
            io: callback.io,
            arg_types: &callback.args,
            result: callback.result,
        };
        self.js_call_start(&sig, args)
    }

    /// The ES module's FinalizationRegistry found a callback's JavaScript
    /// function collected: free its stable pointer `sp` (Note [JavaScript
    /// callbacks]).
    pub fn js_callback_free(&mut self, sp: usize) -> Result<(), RunError> {
        self.storage
            .free_stable_ptr(StablePtr(sp))
            .map_err(|e| internal(format!("hsrts_jsffi_callback_free({sp}): {e:?}")))
    }
}
