//! `foreign import` and `foreign export` declarations: marshalling between
//! boxed Haskell values and the raw machine values of a foreign call.
//!
//! Marshalable types (the seed user guide's list): `Int`, `Int8`..`Int64`,
//! `Word`, `Word8`..`Word64`, `Char`, `Bool` (as 0/1), `Double`, `Float`,
//! `Ptr a`, `FunPtr a`, `StablePtr a`, `JSVal` (javascript only), newtypes
//! of these, and `()` / `IO ()` results. `"dynamic"` and `"wrapper"` imports
//! are checked for their special shapes. Others are a clear error. See
//! Note [Foreign types].

use super::Lowerer;
use crate::core::{
    self, Alt, AltCon, CallConv, Expr, FfiType, ForeignCall, ForeignSig, Lit, PrimOp, Rep, Var,
};
use crate::diagnostics::Span;
use crate::rename::ir;
use crate::typecheck::types::{Type, tc};

// Note [Foreign types]
// ~~~~~~~~~~~~~~~~~~~~
// The library defines the sized integers, Float and Ptr as newtypes over the
// built-in boxes (lib/GHC/Int.hs `newtype Int8 = I8 Int`, lib/GHC/Float.hs
// `newtype Float = F Double`, lib/GHC/Ptr.hs `newtype Ptr a = Ptr Word`), so
// at run time an Int8 is an `I#` box whose field always holds a value in
// Int8's range (every operation re-narrows), a Float is a `D#` box holding a
// binary32 value, a Ptr is a `W#` box holding the address. Only a foreign
// call sees the machine types: the wrapper unboxes the field, converts it
// to the call's rep (`doubleToFloat#` for Float, `wordToAddr#` for
// pointers) and, for a result, converts back and re-narrows
// (`narrow8Int#` ...: a C function's int8_t result is trusted only in its
// low 8 bits). `ForeignCall::arg_types`/`result_type` carry the exact
// foreign types, which the reps alone cannot say.
//
// Any other newtype marshals as its field (as GHC allows when the
// constructor is in scope; we do not check that it is). `JSVal` is a
// runtime object passed by pointer, like `StablePtr`; only `javascript`
// declarations may mention it.

/// A box constructor with one unboxed field, and how its field becomes the
/// value a foreign call passes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Boxed {
    con: &'static str,
    /// The rep of the box's field.
    field: Rep,
    /// The rep the foreign call passes or returns.
    call: Rep,
    ffi: FfiType,
    /// Core primop from `field` to `call` rep (arguments).
    to_call: Option<&'static str>,
    /// Core primop from `call` to `field` rep (results; also re-narrows).
    from_call: Option<&'static str>,
}

const fn boxed(
    con: &'static str,
    field: Rep,
    call: Rep,
    ffi: FfiType,
    to: Option<&'static str>,
    from: Option<&'static str>,
) -> Boxed {
    Boxed {
        con,
        field,
        call,
        ffi,
        to_call: to,
        from_call: from,
    }
}

/// The library's foreign newtypes (see Note [Foreign types]).
const FOREIGN_NEWTYPES: &[(&str, Boxed)] = &[
    (
        "GHC.Int.Int8",
        boxed(
            tc::I_HASH,
            Rep::Int,
            Rep::Int,
            FfiType::Int8,
            None,
            Some("narrow8Int#"),
        ),
    ),
    (
        "GHC.Int.Int16",
        boxed(
            tc::I_HASH,
            Rep::Int,
            Rep::Int,
            FfiType::Int16,
            None,
            Some("narrow16Int#"),
        ),
    ),
    (
        "GHC.Int.Int32",
        boxed(
            tc::I_HASH,
            Rep::Int,
            Rep::Int,
            FfiType::Int32,
            None,
            Some("narrow32Int#"),
        ),
    ),
    (
        "GHC.Int.Int64",
        boxed(tc::I_HASH, Rep::Int, Rep::Int, FfiType::Int64, None, None),
    ),
    (
        "GHC.Word.Word8",
        boxed(
            tc::W_HASH,
            Rep::Word,
            Rep::Word,
            FfiType::Word8,
            None,
            Some("narrow8Word#"),
        ),
    ),
    (
        "GHC.Word.Word16",
        boxed(
            tc::W_HASH,
            Rep::Word,
            Rep::Word,
            FfiType::Word16,
            None,
            Some("narrow16Word#"),
        ),
    ),
    (
        "GHC.Word.Word32",
        boxed(
            tc::W_HASH,
            Rep::Word,
            Rep::Word,
            FfiType::Word32,
            None,
            Some("narrow32Word#"),
        ),
    ),
    (
        "GHC.Word.Word64",
        boxed(
            tc::W_HASH,
            Rep::Word,
            Rep::Word,
            FfiType::Word64,
            None,
            None,
        ),
    ),
    (
        "GHC.Float.Float",
        boxed(
            tc::D_HASH,
            Rep::Double,
            Rep::Float,
            FfiType::Float,
            Some("doubleToFloat#"),
            Some("floatToDouble#"),
        ),
    ),
    (
        "GHC.Ptr.Ptr",
        boxed(
            tc::W_HASH,
            Rep::Word,
            Rep::Addr,
            FfiType::Ptr,
            Some("wordToAddr#"),
            Some("addrToWord#"),
        ),
    ),
    (
        "GHC.Ptr.FunPtr",
        boxed(
            tc::W_HASH,
            Rep::Word,
            Rep::Addr,
            FfiType::FunPtr,
            Some("wordToAddr#"),
            Some("addrToWord#"),
        ),
    ),
];

/// Qualified name of the built-in `JSVal` type.
pub const JSVAL: &str = "GHC.Types.JSVal";

/// How one argument or result crosses the boundary.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Marshal {
    Box(Boxed),
    Bool,
    /// A runtime object passed as a pointer (evaluated first).
    Object(FfiType),
    Unit,
}

impl Marshal {
    fn rep(self) -> Option<Rep> {
        match self {
            Marshal::Box(b) => Some(b.call),
            Marshal::Bool => Some(Rep::Int),
            Marshal::Object(_) => Some(Rep::Ptr),
            Marshal::Unit => None,
        }
    }
    fn ffi(self) -> Option<FfiType> {
        match self {
            Marshal::Box(b) => Some(b.ffi),
            Marshal::Object(t) => Some(t),
            Marshal::Bool => Some(FfiType::Bool),
            Marshal::Unit => None,
        }
    }
}

/// A foreign function type, split and marshalled.
struct Shape {
    args: Vec<Marshal>,
    res: Marshal,
    io: bool,
}

impl Shape {
    fn sig(&self) -> ForeignSig {
        ForeignSig {
            args: self.args.iter().filter_map(|m| m.ffi()).collect(),
            result: self.res.ffi(),
            io: self.io,
        }
    }
}

/// What kind of import the entity string makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ImportKind {
    Static,
    Dynamic,
    Wrapper,
}

fn import_kind(entity: &str) -> ImportKind {
    match entity.trim() {
        "dynamic" => ImportKind::Dynamic,
        "wrapper" => ImportKind::Wrapper,
        _ => ImportKind::Static,
    }
}

impl Lowerer<'_> {
    fn marshal_of(&self, t: &Type, conv: CallConv) -> Option<Marshal> {
        self.marshal_depth(t, conv, 0)
    }

    fn marshal_depth(&self, t: &Type, conv: CallConv, depth: u32) -> Option<Marshal> {
        let head = t.head_con()?;
        if let Some((_, b)) = FOREIGN_NEWTYPES.iter().find(|(n, _)| *n == head) {
            return Some(Marshal::Box(*b));
        }
        Some(match head {
            tc::INT => Marshal::Box(boxed(
                tc::I_HASH,
                Rep::Int,
                Rep::Int,
                FfiType::Int,
                None,
                None,
            )),
            tc::WORD => Marshal::Box(boxed(
                tc::W_HASH,
                Rep::Word,
                Rep::Word,
                FfiType::Word,
                None,
                None,
            )),
            tc::DOUBLE => Marshal::Box(boxed(
                tc::D_HASH,
                Rep::Double,
                Rep::Double,
                FfiType::Double,
                None,
                None,
            )),
            tc::CHAR => Marshal::Box(boxed(
                tc::C_HASH,
                Rep::Int,
                Rep::Int,
                FfiType::Char,
                None,
                None,
            )),
            tc::UNIT => Marshal::Unit,
            "GHC.Types.StablePtr" => Marshal::Object(FfiType::StablePtr),
            JSVAL if conv == CallConv::JavaScript => Marshal::Object(FfiType::JSVal),
            h if h == self.c.g_bool => Marshal::Bool,
            h => {
                // A newtype marshals as its field.
                let data = self.c.g.data.get(h)?;
                if !data.newtype || depth > 16 {
                    return None;
                }
                let con = self.c.g.cons.get(data.cons.first()?)?;
                let args: Vec<Type> = t.split_app().1.into_iter().cloned().collect();
                let field = con.scheme.ty.as_fun()?.0.instantiate(&args);
                return self.marshal_depth(&field, conv, depth + 1);
            }
        })
    }

    fn unacceptable(&mut self, span: Span, what: &str, ty: &Type, conv: CallConv) {
        let why = if ty.head_con() == Some(JSVAL) && conv != CallConv::JavaScript {
            "JSVal can only be marshalled by a javascript declaration"
        } else {
            "it cannot be marshalled"
        };
        self.error(
            span,
            format!("Unacceptable {what} type in foreign declaration: ‘{ty}’: {why}"),
        );
    }

    /// Splits a foreign type into argument marshals, result marshal, IO.
    fn foreign_shape(&mut self, ty: &Type, conv: CallConv, span: Span) -> Option<Shape> {
        let mut args = Vec::new();
        let mut t = self.c.zonk(ty);
        while let Some((a, r)) = t.as_fun().map(|(a, r)| (a.clone(), r.clone())) {
            match self.marshal_of(&a, conv) {
                Some(m) if m != Marshal::Unit => args.push(m),
                _ => {
                    self.unacceptable(span, "argument", &a, conv);
                    return None;
                }
            }
            t = r;
        }
        let (res, io) = match t.split_app() {
            (Type::Con(c), targs) if c == tc::IO && targs.len() == 1 => (targs[0].clone(), true),
            _ => (t.clone(), false),
        };
        match self.marshal_of(&res, conv) {
            Some(m) => Some(Shape { args, res: m, io }),
            None => {
                self.unacceptable(span, "result", &res, conv);
                None
            }
        }
    }

    /// Checks a `"dynamic"` import: its first argument is the function to
    /// call (`FunPtr ft` for ccall, `JSVal` for javascript).
    fn check_dynamic(&mut self, shape: &Shape, conv: CallConv, span: Span) -> bool {
        let want = if conv == CallConv::JavaScript {
            FfiType::JSVal
        } else {
            FfiType::FunPtr
        };
        let ok = shape.args.first().and_then(|m| m.ffi()) == Some(want);
        if !ok {
            let t = if want == FfiType::JSVal {
                "JSVal"
            } else {
                "FunPtr"
            };
            self.error(span, format!("Unacceptable type in foreign declaration: the first argument of a \"dynamic\" import must be a {t}"));
        }
        ok
    }

    /// Checks a `"wrapper"` import, `ft -> IO (FunPtr ft)` (ccall) or
    /// `ft -> IO JSVal` (javascript), and returns the marshalled `ft`.
    fn wrapper_shape(&mut self, ty: &Type, conv: CallConv, span: Span) -> Option<Shape> {
        let t = self.c.zonk(ty);
        let bad = |l: &mut Self| {
            let want = if conv == CallConv::JavaScript {
                "ft -> IO JSVal"
            } else {
                "ft -> IO (FunPtr ft)"
            };
            l.error(span, format!("Unacceptable type in foreign declaration: a \"wrapper\" import must have type ‘{want}’ for a function type ft"));
            None
        };
        let Some((ft, r)) = t.as_fun().map(|(a, r)| (a.clone(), r.clone())) else {
            return bad(self);
        };
        if ft.as_fun().is_none() && ft.head_con() != Some(tc::IO) {
            return bad(self);
        }
        let inner = match r.split_app() {
            (Type::Con(c), targs) if c == tc::IO && targs.len() == 1 => targs[0].clone(),
            _ => return bad(self),
        };
        let ok = if conv == CallConv::JavaScript {
            inner.head_con() == Some(JSVAL)
        } else {
            matches!(inner.split_app(), (Type::Con(c), a) if c == "GHC.Ptr.FunPtr" && a.len() == 1 && *a[0] == ft)
        };
        if !ok {
            return bad(self);
        }
        self.foreign_shape(&ft, conv, span)
    }

    /// The Core of an imported function: unbox, call, box.
    pub fn foreign_import(&mut self, f: &ir::ForeignImport) -> Expr {
        let Some(scheme) = self.c.g.values.get(&f.name.name).cloned() else {
            return Expr::Lit(Lit::Int(0));
        };
        let kind = if f.conv == CallConv::JavaScript || f.conv == CallConv::CCall {
            import_kind(&f.entity)
        } else {
            ImportKind::Static
        };
        let mut callback = None;
        let shape = if kind == ImportKind::Wrapper {
            let Some(inner) = self.wrapper_shape(&scheme.ty, f.conv, f.span) else {
                return Expr::Lit(Lit::Int(0));
            };
            callback = Some(inner.sig());
            // The one argument is the Haskell function, passed as it is.
            let res = if f.conv == CallConv::JavaScript {
                Marshal::Object(FfiType::JSVal)
            } else {
                Marshal::Box(
                    FOREIGN_NEWTYPES
                        .iter()
                        .find(|(n, _)| *n == "GHC.Ptr.FunPtr")
                        .map(|(_, b)| *b)
                        .expect("FunPtr is in the table"),
                )
            };
            Shape {
                args: vec![Marshal::Unit],
                res,
                io: true,
            }
        } else {
            let Some(shape) = self.foreign_shape(&scheme.ty, f.conv, f.span) else {
                return Expr::Lit(Lit::Int(0));
            };
            if kind == ImportKind::Dynamic && !self.check_dynamic(&shape, f.conv, f.span) {
                return Expr::Lit(Lit::Int(0));
            }
            shape
        };
        let Shape { args, res, io } = shape;
        let params: Vec<Var> = (0..args.len())
            .map(|i| self.fresh(&format!("a{i}"), Rep::Ptr))
            .collect();
        let world = io.then(|| self.fresh("w", Rep::Void));
        let mut raw = Vec::new();
        let mut unwraps: Vec<(Var, Marshal, Var)> = Vec::new();
        for (p, m) in params.iter().zip(&args) {
            if *m == Marshal::Unit {
                // The wrapper's function argument: passed untouched.
                raw.push(Expr::Var(p.clone()));
                continue;
            }
            let x = self.fresh("x", m.rep().unwrap_or(Rep::Ptr));
            raw.push(Expr::Var(x.clone()));
            unwraps.push((p.clone(), *m, x));
        }
        if let Some(w) = &world {
            raw.push(Expr::Var(w.clone()));
        }
        let call = ForeignCall {
            conv: f.conv,
            safe: f.safe,
            entity: f.entity.clone(),
            arg_reps: args.iter().map(|m| m.rep().unwrap_or(Rep::Ptr)).collect(),
            result_rep: res.rep(),
            io,
            arg_types: args.iter().filter_map(|m| m.ffi()).collect(),
            result_type: res.ffi(),
            callback,
        };
        // Note [Asynchronous javascript imports]
        let is_async =
            f.conv == CallConv::JavaScript && f.safe && io && kind != ImportKind::Wrapper;
        let mut body = if is_async {
            self.async_js_call(call, raw, res, f.span)
        } else {
            let call = Expr::Foreign(call, raw);
            self.box_foreign_result(call, res, io, f.span)
        };
        for (p, m, x) in unwraps.into_iter().rev() {
            body = self.unbox_arg(p, m, x, body, f.span);
        }
        let mut lam = params;
        lam.extend(world);
        if lam.is_empty() {
            body
        } else {
            Expr::Lam(lam, Box::new(body))
        }
    }

    // Note [Asynchronous javascript imports]
    // ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    // A `safe` (or unannotated) `foreign import javascript` of an IO type
    // returns at once with a thunk (the guide's semantics). The call itself
    // returns the JavaScript Promise as a JSVal (the ES module runs the
    // snippet as an async function); the result is
    //   let c = \v w -> <sync call "$1" :: JSVal -> IO r, boxed> in
    //   let t = GHC.Wasm.Prim.jsffiAwaitWith promise c in (# w1, t #)
    // Forcing `t` blocks the thread until the Promise settles, then
    // converts the settled value with the same marshalling as any result
    // (docs/jsffi.md).
    fn async_js_call(
        &mut self,
        mut call: ForeignCall,
        raw: Vec<Expr>,
        res: Marshal,
        span: Span,
    ) -> Expr {
        const AWAIT: &str = "GHC.Wasm.Prim.jsffiAwaitWith";
        let Some(await_fn) = self.globals.get(AWAIT).cloned() else {
            self.error(
                span,
                "an asynchronous (safe) foreign import javascript needs `import GHC.Wasm.Prim` \
                 in the program (its runtime support lives there)",
            );
            return Expr::Lit(Lit::Int(0));
        };
        let convert_call = ForeignCall {
            conv: CallConv::JavaScript,
            safe: false,
            entity: "$1".to_owned(),
            arg_reps: vec![Rep::Ptr],
            result_rep: res.rep(),
            io: true,
            arg_types: vec![FfiType::JSVal],
            result_type: res.ffi(),
            callback: None,
        };
        call.result_rep = Some(Rep::Ptr);
        call.result_type = Some(FfiType::JSVal);
        let v = self.fresh("v", Rep::Ptr);
        let ve = self.fresh("ve", Rep::Ptr);
        let w2 = self.fresh("w", Rep::Void);
        let converted = self.box_foreign_result(
            Expr::Foreign(
                convert_call,
                vec![Expr::Var(ve.clone()), Expr::Var(w2.clone())],
            ),
            res,
            true,
            span,
        );
        let convert = Expr::Lam(
            vec![v.clone(), w2],
            Box::new(default_case(Expr::Var(v), ve, converted)),
        );
        let c = self.fresh("convert", Rep::Ptr);
        let p = self.fresh("promise", Rep::Ptr);
        let t = self.fresh("awaited", Rep::Ptr);
        let w1 = self.fresh("w1", Rep::Void);
        let b = self.fresh("res", Rep::Void);
        let thunk = Expr::App(
            Box::new(Expr::Var(await_fn)),
            vec![Expr::Var(p.clone()), Expr::Var(c.clone())],
        );
        let result = Expr::Let(
            Box::new(core::Bind::NonRec(c, convert)),
            Box::new(Expr::Let(
                Box::new(core::Bind::NonRec(t.clone(), thunk)),
                Box::new(Expr::UnboxedTuple(vec![
                    Expr::Var(w1.clone()),
                    Expr::Var(t),
                ])),
            )),
        );
        Expr::Case(
            Box::new(Expr::Foreign(call, raw)),
            b,
            vec![Alt {
                con: AltCon::UnboxedTuple,
                binders: vec![w1, p],
                rhs: result,
            }],
        )
    }

    fn unbox_arg(&mut self, p: Var, m: Marshal, x: Var, body: Expr, span: Span) -> Expr {
        match m {
            Marshal::Box(bx) => {
                let id = self.con_id(bx.con, span);
                let b = self.fresh("ev", Rep::Ptr);
                let (field, body) = match bx.to_call {
                    None => (x, body),
                    Some(op) => {
                        let y = self.fresh("y", bx.field);
                        let conv =
                            Expr::PrimApp(PrimOp(op.to_string()), vec![Expr::Var(y.clone())]);
                        (y, default_case(conv, x, body))
                    }
                };
                Expr::Case(
                    Box::new(Expr::Var(p)),
                    b,
                    vec![Alt {
                        con: AltCon::Con(id),
                        binders: vec![field],
                        rhs: body,
                    }],
                )
            }
            Marshal::Object(_) => Expr::Case(
                Box::new(Expr::Var(p)),
                x,
                vec![Alt {
                    con: AltCon::Default,
                    binders: vec![],
                    rhs: body,
                }],
            ),
            Marshal::Bool => {
                let t = self.wired.true_con.clone();
                let tid = self.con_id(&t, span);
                let b = self.fresh("ev", Rep::Ptr);
                let flag = Expr::Case(
                    Box::new(Expr::Var(p)),
                    b,
                    vec![
                        Alt {
                            con: AltCon::Con(tid),
                            binders: vec![],
                            rhs: Expr::Lit(Lit::Int(1)),
                        },
                        Alt {
                            con: AltCon::Default,
                            binders: vec![],
                            rhs: Expr::Lit(Lit::Int(0)),
                        },
                    ],
                );
                Expr::Case(
                    Box::new(flag),
                    x,
                    vec![Alt {
                        con: AltCon::Default,
                        binders: vec![],
                        rhs: body,
                    }],
                )
            }
            Marshal::Unit => body,
        }
    }

    fn box_value(&mut self, m: Marshal, r: Option<Var>, span: Span) -> Expr {
        match (m, r) {
            (Marshal::Box(bx), Some(r)) => {
                let id = self.con_id(bx.con, span);
                match bx.from_call {
                    None => Expr::ConApp(id, vec![Expr::Var(r)]),
                    Some(op) => {
                        let y = self.fresh("y", bx.field);
                        let conv = Expr::PrimApp(PrimOp(op.to_string()), vec![Expr::Var(r)]);
                        default_case(conv, y.clone(), Expr::ConApp(id, vec![Expr::Var(y)]))
                    }
                }
            }
            (Marshal::Object(_), Some(r)) => Expr::Var(r),
            (Marshal::Bool, Some(r)) => {
                let (t, f) = (self.wired.true_con.clone(), self.wired.false_con.clone());
                let (tid, fid) = (self.con_id(&t, span), self.con_id(&f, span));
                let b = self.fresh("flag", Rep::Int);
                Expr::Case(
                    Box::new(Expr::Var(r)),
                    b,
                    vec![
                        Alt {
                            con: AltCon::Lit(Lit::Int(0)),
                            binders: vec![],
                            rhs: Expr::ConApp(fid, vec![]),
                        },
                        Alt {
                            con: AltCon::Default,
                            binders: vec![],
                            rhs: Expr::ConApp(tid, vec![]),
                        },
                    ],
                )
            }
            _ => {
                let id = self.con_id(tc::UNIT, span);
                Expr::ConApp(id, vec![])
            }
        }
    }

    fn box_foreign_result(&mut self, call: Expr, res: Marshal, io: bool, span: Span) -> Expr {
        match (io, res.rep()) {
            (false, Some(rep)) => {
                let r = self.fresh("r", rep);
                let v = self.box_value(res, Some(r.clone()), span);
                Expr::Case(
                    Box::new(call),
                    r,
                    vec![Alt {
                        con: AltCon::Default,
                        binders: vec![],
                        rhs: v,
                    }],
                )
            }
            (false, None) => {
                let w = self.fresh("r", Rep::Void);
                let v = self.box_value(res, None, span);
                Expr::Case(
                    Box::new(call),
                    w,
                    vec![Alt {
                        con: AltCon::Default,
                        binders: vec![],
                        rhs: v,
                    }],
                )
            }
            (true, Some(rep)) => {
                let w1 = self.fresh("w1", Rep::Void);
                let r = self.fresh("r", rep);
                let v = self.box_value(res, Some(r.clone()), span);
                let b = self.fresh("res", Rep::Void);
                Expr::Case(
                    Box::new(call),
                    b,
                    vec![Alt {
                        con: AltCon::UnboxedTuple,
                        binders: vec![w1.clone(), r],
                        rhs: Expr::UnboxedTuple(vec![Expr::Var(w1), v]),
                    }],
                )
            }
            (true, None) => {
                let w1 = self.fresh("w1", Rep::Void);
                let v = self.box_value(res, None, span);
                Expr::Case(
                    Box::new(call),
                    w1.clone(),
                    vec![Alt {
                        con: AltCon::Default,
                        binders: vec![],
                        rhs: Expr::UnboxedTuple(vec![Expr::Var(w1), v]),
                    }],
                )
            }
        }
    }

    /// The description of a `foreign export` for the stub writers.
    pub fn foreign_export(&mut self, e: &ir::ForeignExport) -> Option<core::ForeignExport> {
        let target = self.globals.get(&e.target)?.clone();
        let scheme = self.c.g.values.get(&e.target)?.clone();
        // The declared type (the target may be more polymorphic).
        let mut names = Vec::new();
        crate::typecheck::env::stype_vars(&e.sig.ty, &mut names);
        let mut vars: Vec<(String, Type)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), Type::Gen(i as u32)))
            .collect();
        let declared = crate::typecheck::env::TypeConv {
            globals: &self.c.g,
            vars: &mut vars,
            on_new_var: None,
        }
        .convert(&e.sig.ty);
        let shape = self.foreign_shape(declared.as_ref().unwrap_or(&scheme.ty), e.conv, e.span)?;
        Some(core::ForeignExport {
            conv: e.conv,
            name: e.entity.clone(),
            target,
            arg_types: shape.args.iter().filter_map(|m| m.ffi()).collect(),
            result_type: shape.res.ffi(),
            io: shape.io,
        })
    }
}

/// `case scrut of b { DEFAULT -> rhs }`.
fn default_case(scrut: Expr, b: Var, rhs: Expr) -> Expr {
    Expr::Case(
        Box::new(scrut),
        b,
        vec![Alt {
            con: AltCon::Default,
            binders: vec![],
            rhs,
        }],
    )
}
