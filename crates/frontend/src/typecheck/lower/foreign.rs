//! `foreign import` and `foreign export` declarations: marshalling between
//! boxed Haskell values and the raw machine values of a foreign call.
//!
//! Supported marshalable types: `Int` (and its synonyms), `Word`, `Double`,
//! `Char`, `Bool` (as 0/1), `StablePtr a` (passed as the runtime object),
//! and `()` / `IO ()` results. Others are a clear error.

use super::Lowerer;
use crate::core::{self, Alt, AltCon, Expr, FfiType, ForeignCall, Lit, Rep, Var};
use crate::diagnostics::Span;
use crate::rename::ir;
use crate::typecheck::types::{Type, tc};

/// How one argument or result crosses the boundary.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Marshal {
    /// A box constructor with one unboxed field.
    Box(&'static str, Rep, FfiType),
    Bool,
    /// A runtime object passed as a pointer (evaluated first).
    Object(FfiType),
    Unit,
}

impl Marshal {
    fn rep(self) -> Option<Rep> {
        match self {
            Marshal::Box(_, r, _) => Some(r),
            Marshal::Bool => Some(Rep::Int),
            Marshal::Object(_) => Some(Rep::Ptr),
            Marshal::Unit => None,
        }
    }
    fn ffi(self) -> Option<FfiType> {
        match self {
            Marshal::Box(_, _, t) | Marshal::Object(t) => Some(t),
            Marshal::Bool => Some(FfiType::Bool),
            Marshal::Unit => None,
        }
    }
}

impl Lowerer<'_> {
    fn marshal_of(&self, t: &Type) -> Option<Marshal> {
        let head = t.head_con()?;
        Some(match head {
            tc::INT => Marshal::Box(tc::I_HASH, Rep::Int, FfiType::Int),
            tc::WORD => Marshal::Box(tc::W_HASH, Rep::Word, FfiType::Word),
            tc::DOUBLE => Marshal::Box(tc::D_HASH, Rep::Double, FfiType::Double),
            tc::CHAR => Marshal::Box(tc::C_HASH, Rep::Int, FfiType::Char),
            tc::UNIT => Marshal::Unit,
            "GHC.Types.StablePtr" => Marshal::Object(FfiType::StablePtr),
            h if h == self.c.g_bool => Marshal::Bool,
            _ => return None,
        })
    }

    /// Splits a foreign type into argument marshals, result marshal, IO.
    fn foreign_shape(&mut self, ty: &Type, span: Span) -> Option<(Vec<Marshal>, Marshal, bool)> {
        let mut args = Vec::new();
        let mut t = self.c.zonk(ty);
        while let Some((a, r)) = t.as_fun().map(|(a, r)| (a.clone(), r.clone())) {
            match self.marshal_of(&a) {
                Some(m) if m != Marshal::Unit => args.push(m),
                _ => {
                    self.error(span, format!("Unacceptable argument type in foreign declaration: ‘{a}’ cannot be marshalled"));
                    return None;
                }
            }
            t = r;
        }
        let (res, io) = match t.split_app() {
            (Type::Con(c), targs) if c == tc::IO && targs.len() == 1 => (targs[0].clone(), true),
            _ => (t.clone(), false),
        };
        match self.marshal_of(&res) {
            Some(m) => Some((args, m, io)),
            None => {
                self.error(span, format!("Unacceptable result type in foreign declaration: ‘{res}’ cannot be marshalled"));
                None
            }
        }
    }

    /// The Core of an imported function: unbox, call, box.
    pub fn foreign_import(&mut self, f: &ir::ForeignImport) -> Expr {
        let Some(scheme) = self.c.g.values.get(&f.name.name).cloned() else {
            return Expr::Lit(Lit::Int(0));
        };
        let Some((args, res, io)) = self.foreign_shape(&scheme.ty, f.span) else {
            return Expr::Lit(Lit::Int(0));
        };
        let params: Vec<Var> = (0..args.len())
            .map(|i| self.fresh(&format!("a{i}"), Rep::Ptr))
            .collect();
        let world = io.then(|| self.fresh("w", Rep::Void));
        let mut raw = Vec::new();
        let mut unwraps: Vec<(Var, Marshal, Var)> = Vec::new();
        for (p, m) in params.iter().zip(&args) {
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
            arg_reps: args.iter().filter_map(|m| m.rep()).collect(),
            result_rep: res.rep(),
            io,
        };
        let call = Expr::Foreign(call, raw);
        let mut body = self.box_foreign_result(call, res, io, f.span);
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

    fn unbox_arg(&mut self, p: Var, m: Marshal, x: Var, body: Expr, span: Span) -> Expr {
        match m {
            Marshal::Box(con, _, _) => {
                let id = self.con_id(con, span);
                let b = self.fresh("ev", Rep::Ptr);
                Expr::Case(
                    Box::new(Expr::Var(p)),
                    b,
                    vec![Alt {
                        con: AltCon::Con(id),
                        binders: vec![x],
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
            (Marshal::Box(con, _, _), Some(r)) => {
                let id = self.con_id(con, span);
                Expr::ConApp(id, vec![Expr::Var(r)])
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
        let (args, res, io) = self.foreign_shape(&scheme.ty, e.span)?;
        Some(core::ForeignExport {
            conv: e.conv,
            name: e.entity.clone(),
            target,
            arg_types: args.iter().filter_map(|m| m.ffi()).collect(),
            result_type: res.ffi(),
            io,
        })
    }
}
