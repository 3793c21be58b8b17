//! The Core of the boxed Haskell-level wrapper of each primitive.
//!
//! For a primop such as `primIntQuot :: Int -> Int -> Int` the wrapper is
//!
//! ```text
//! \a b -> case a of a1 { I# x -> case b of b1 { I# y ->
//!         case intQuot# x y of r { DEFAULT -> I# r } } }
//! ```
//!
//! IO primops take the token last and return it first:
//! `\h c w -> case h of .. { I# x -> .. case hPutChar# x y w of s { (# w1, r #) -> (# w1, I# r #) } }`.
//! `Bool` results (0/1) become `False`/`True` by a `case` on the literal;
//! tuple results become a boxed tuple. The wrappers are the only place that
//! knows the calling convention of Note [Primop calling convention]; the typer
//! binds each as a top-level binding `Hsrts.Prim.<haskell name>` and library
//! code calls it like any function (the STG pass may inline it).
//!
//! The inline primitives (`primBindIO`, `primSeq`, ...) have no Core primop:
//! [`inline_wrapper`] writes their few lines of Core directly.

use std::fmt;

use super::Primitive;
use super::builtins::BuiltinCons;
use super::signature::{ArgMarshal, ResultMarshal, Signature, SignatureError};
use super::table::{InlineKind, InlinePrim, PrimId, PrimInfo};
use crate::core::{Alt, AltCon, Bind, Expr, Lit, Rep, Var};

/// What the wrappers refer to outside themselves.
#[derive(Clone, Copy, Debug)]
pub struct WrapperEnv<'a> {
    pub cons: &'a BuiltinCons,
    /// The top-level binding of the wired-in `force-string` role
    /// (`GHC.Base.forceString :: String -> ()`), which evaluates a string's
    /// spine and characters. Only wrappers with a `String` argument use it.
    pub force_string: &'a Var,
}

/// Why a wrapper could not be built (a bug in the table, or a Core-only
/// primop asked for).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrimError {
    Signature(SignatureError),
    NotHaskellVisible(&'static str),
}

impl fmt::Display for PrimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrimError::Signature(e) => e.fmt(f),
            PrimError::NotHaskellVisible(name) => {
                write!(f, "primop {name} has no Haskell-level wrapper")
            }
        }
    }
}

impl std::error::Error for PrimError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PrimError::Signature(e) => Some(e),
            PrimError::NotHaskellVisible(_) => None,
        }
    }
}

/// A source of fresh variables: `fresh(hint, rep)` returns a variable with a
/// program-wide unique id.
pub type Fresh<'f> = &'f mut dyn FnMut(&str, Rep) -> Var;

/// The wrapper of any Haskell-level primitive.
pub fn wrapper_for(
    prim: Primitive,
    env: &WrapperEnv<'_>,
    fresh: Fresh<'_>,
) -> Result<Expr, PrimError> {
    match prim {
        Primitive::Op(p) => prim_wrapper(p, env, fresh),
        Primitive::Inline(p) => Ok(inline_wrapper(p, fresh)),
    }
}

/// The wrapper of a Core primop: a lambda over the boxed arguments (and the
/// `World#` token for IO primops) that unboxes, applies the `PrimApp`, and
/// boxes the result.
pub fn prim_wrapper(
    prim: &PrimInfo,
    env: &WrapperEnv<'_>,
    fresh: Fresh<'_>,
) -> Result<Expr, PrimError> {
    if !prim.is_haskell_visible() {
        return Err(PrimError::NotHaskellVisible(prim.core_name));
    }
    let sig = Signature::parse(prim.haskell_type).map_err(PrimError::Signature)?;
    let params: Vec<Var> = (0..sig.args.len())
        .map(|i| fresh(&format!("a{i}"), Rep::Ptr))
        .collect();
    let world = sig.io.then(|| fresh("w", Rep::Void));

    // Unboxing, outermost first; `wraps` is applied innermost-last.
    let mut prim_args = Vec::new();
    let mut wraps: Vec<Box<dyn FnOnce(Expr) -> Expr>> = Vec::new();
    for (param, marshal) in params.iter().zip(&sig.args) {
        match *marshal {
            ArgMarshal::Unbox(kind) => {
                let evaluated = fresh("ev", Rep::Ptr);
                let field = fresh("x", kind.rep());
                prim_args.push(Expr::Var(field.clone()));
                let con = env.cons.box_con(kind);
                let scrut = Expr::Var(param.clone());
                wraps.push(Box::new(move |rhs| {
                    Expr::Case(
                        Box::new(scrut),
                        evaluated,
                        vec![Alt {
                            con: AltCon::Con(con),
                            binders: vec![field],
                            rhs,
                        }],
                    )
                }));
            }
            ArgMarshal::Force => {
                let evaluated = fresh("ev", Rep::Ptr);
                prim_args.push(Expr::Var(evaluated.clone()));
                let scrut = Expr::Var(param.clone());
                wraps.push(Box::new(move |rhs| default_case(scrut, evaluated, rhs)));
            }
            ArgMarshal::String => {
                let unit = fresh("forced", Rep::Ptr);
                prim_args.push(Expr::Var(param.clone()));
                let scrut = Expr::App(
                    Box::new(Expr::Var(env.force_string.clone())),
                    vec![Expr::Var(param.clone())],
                );
                wraps.push(Box::new(move |rhs| default_case(scrut, unit, rhs)));
            }
            ArgMarshal::Lazy => prim_args.push(Expr::Var(param.clone())),
        }
    }
    if let Some(w) = &world {
        prim_args.push(Expr::Var(w.clone()));
    }
    let call = Expr::PrimApp(prim.core_op(), prim_args);
    let mut body = box_result(call, &sig, env.cons, fresh);
    for wrap in wraps.into_iter().rev() {
        body = wrap(body);
    }
    let mut lam_params = params;
    lam_params.extend(world);
    Ok(if lam_params.is_empty() {
        body
    } else {
        Expr::Lam(lam_params, Box::new(body))
    })
}

fn default_case(scrut: Expr, binder: Var, rhs: Expr) -> Expr {
    Expr::Case(
        Box::new(scrut),
        binder,
        vec![Alt {
            con: AltCon::Default,
            binders: vec![],
            rhs,
        }],
    )
}

/// Scrutinises the primop's result(s) and builds the Haskell value.
fn box_result(call: Expr, sig: &Signature, cons: &BuiltinCons, fresh: Fresh<'_>) -> Expr {
    let reps = sig.core_results();
    // The single result of a pure primop that is already a pointer needs no
    // case at all: the call is the wrapper's tail.
    if !sig.io && sig.results == [ResultMarshal::Ptr] {
        return call;
    }
    let vars: Vec<Var> = reps
        .iter()
        .enumerate()
        .map(|(i, &rep)| fresh(if sig.io && i == 0 { "w1" } else { "r" }, rep))
        .collect();
    let (world, components) = if sig.io {
        (vars.first().cloned(), &vars[1..])
    } else {
        (None, &vars[..])
    };
    let parts: Vec<(ResultMarshal, Var)> = sig
        .results
        .iter()
        .copied()
        .zip(components.iter().cloned())
        .collect();
    let finish = |values: Vec<Expr>| -> Expr {
        let value = match values.len() {
            0 => Expr::ConApp(cons.unit, vec![]),
            1 => values
                .into_iter()
                .next()
                .unwrap_or(Expr::ConApp(cons.unit, vec![])),
            n => Expr::ConApp(cons.tuples[n], values),
        };
        match &world {
            Some(w) => Expr::UnboxedTuple(vec![Expr::Var(w.clone()), value]),
            None => value,
        }
    };
    let rhs = build_values(&parts, Vec::new(), cons, &finish, fresh);
    if vars.len() == 1 {
        let only = vars.into_iter().next().expect("one result");
        default_case(call, only, rhs)
    } else {
        let binder = fresh("res", Rep::Void);
        Expr::Case(
            Box::new(call),
            binder,
            vec![Alt {
                con: AltCon::UnboxedTuple,
                binders: vars,
                rhs,
            }],
        )
    }
}

/// Boxes the result components left to right; a `Bool` component splits the
/// continuation into a `False` and a `True` branch.
fn build_values(
    parts: &[(ResultMarshal, Var)],
    mut done: Vec<Expr>,
    cons: &BuiltinCons,
    finish: &dyn Fn(Vec<Expr>) -> Expr,
    fresh: Fresh<'_>,
) -> Expr {
    let Some(((marshal, var), rest)) = parts.split_first() else {
        return finish(done);
    };
    match *marshal {
        ResultMarshal::Ptr => {
            done.push(Expr::Var(var.clone()));
            build_values(rest, done, cons, finish, fresh)
        }
        ResultMarshal::Box(kind) => {
            done.push(Expr::ConApp(
                cons.box_con(kind),
                vec![Expr::Var(var.clone())],
            ));
            build_values(rest, done, cons, finish, fresh)
        }
        ResultMarshal::Bool => {
            let mut when_false = done.clone();
            when_false.push(Expr::ConApp(cons.false_, vec![]));
            let mut when_true = done;
            when_true.push(Expr::ConApp(cons.true_, vec![]));
            let false_rhs = build_values(rest, when_false, cons, finish, fresh);
            let true_rhs = build_values(rest, when_true, cons, finish, fresh);
            let binder = fresh("flag", Rep::Int);
            Expr::Case(
                Box::new(Expr::Var(var.clone())),
                binder,
                vec![
                    Alt {
                        con: AltCon::Lit(Lit::Int(0)),
                        binders: vec![],
                        rhs: false_rhs,
                    },
                    Alt {
                        con: AltCon::Default,
                        binders: vec![],
                        rhs: true_rhs,
                    },
                ],
            )
        }
    }
}

/// The Core of an inline primitive (see `INLINE_PRIMS` for each one's
/// meaning).
pub fn inline_wrapper(prim: &InlinePrim, fresh: Fresh<'_>) -> Expr {
    let v = |e: &Var| Expr::Var(e.clone());
    let real_world = || Expr::PrimApp(PrimId::RealWorld.info().core_op(), vec![]);
    let lam = |ps: Vec<Var>, body: Expr| Expr::Lam(ps, Box::new(body));
    // `case io of (# w1, r #) -> rhs(w1, r)`
    let run_io = |io: Expr, fresh: Fresh<'_>, rhs: &dyn Fn(&Var, &Var) -> Expr| {
        let binder = fresh("res", Rep::Void);
        let w1 = fresh("w1", Rep::Void);
        let r = fresh("r", Rep::Ptr);
        let body = rhs(&w1, &r);
        Expr::Case(
            Box::new(io),
            binder,
            vec![Alt {
                con: AltCon::UnboxedTuple,
                binders: vec![w1, r],
                rhs: body,
            }],
        )
    };
    match prim.kind {
        InlineKind::ReturnIO => {
            let a = fresh("a", Rep::Ptr);
            let w = fresh("w", Rep::Void);
            let body = Expr::UnboxedTuple(vec![v(&w), v(&a)]);
            lam(vec![a, w], body)
        }
        InlineKind::BindIO => {
            let m = fresh("m", Rep::Ptr);
            let k = fresh("k", Rep::Ptr);
            let w = fresh("w", Rep::Void);
            let body = run_io(Expr::App(Box::new(v(&m)), vec![v(&w)]), fresh, &|w1, r| {
                Expr::App(Box::new(v(&k)), vec![v(r), v(w1)])
            });
            lam(vec![m, k, w], body)
        }
        InlineKind::Seq => {
            let a = fresh("a", Rep::Ptr);
            let b = fresh("b", Rep::Ptr);
            let ev = fresh("ev", Rep::Ptr);
            let body = default_case(v(&a), ev, v(&b));
            lam(vec![a, b], body)
        }
        InlineKind::UnsafeCoerce => {
            let a = fresh("a", Rep::Ptr);
            let body = v(&a);
            lam(vec![a], body)
        }
        InlineKind::UnsafePerformIO => {
            let m = fresh("m", Rep::Ptr);
            let body = run_io(
                Expr::App(Box::new(v(&m)), vec![real_world()]),
                fresh,
                &|_, r| v(r),
            );
            lam(vec![m], body)
        }
        InlineKind::UnsafeInterleaveIO => {
            let m = fresh("m", Rep::Ptr);
            let w = fresh("w", Rep::Void);
            let t = fresh("t", Rep::Ptr);
            let thunk = run_io(
                Expr::App(Box::new(v(&m)), vec![real_world()]),
                fresh,
                &|_, r| v(r),
            );
            let body = Expr::Let(
                Box::new(Bind::NonRec(t.clone(), thunk)),
                Box::new(Expr::UnboxedTuple(vec![v(&w), v(&t)])),
            );
            lam(vec![m, w], body)
        }
        InlineKind::Evaluate => {
            let a = fresh("a", Rep::Ptr);
            let w = fresh("w", Rep::Void);
            let ev = fresh("ev", Rep::Ptr);
            let body = default_case(v(&a), ev.clone(), Expr::UnboxedTuple(vec![v(&w), v(&ev)]));
            lam(vec![a, w], body)
        }
    }
}

#[cfg(test)]
mod tests;
