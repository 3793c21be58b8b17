//! Checks every generated wrapper with a small representation checker.

use std::collections::HashSet;

use super::*;
use crate::core::{Program, VarId};
use crate::prim::builtins::tests::program_with_builtins;
use crate::prim::{INLINE_PRIMS, PRIMS, haskell_primitives};

struct Checker<'p> {
    program: &'p Program,
    bound: HashSet<VarId>,
    free_ok: VarId,
    prim_apps: usize,
}

impl Checker<'_> {
    /// The reps an expression produces (`None` when the checker cannot tell,
    /// as for an unknown function's result).
    fn reps(&mut self, e: &Expr) -> Option<Vec<Rep>> {
        match e {
            Expr::Var(v) => {
                assert!(
                    self.bound.contains(&v.id) || v.id == self.free_ok,
                    "unbound {v:?}"
                );
                Some(vec![v.rep])
            }
            Expr::Lit(l) => Some(vec![l.rep()]),
            Expr::App(f, args) => {
                self.reps(f);
                for a in args {
                    let r = self.reps(a).expect("argument rep");
                    assert_eq!(r.len(), 1, "argument must be one value");
                }
                None
            }
            Expr::Lam(ps, body) => {
                for p in ps {
                    self.bind(p);
                }
                self.reps(body);
                Some(vec![Rep::Ptr])
            }
            Expr::Let(bind, body) => {
                match &**bind {
                    Bind::NonRec(v, rhs) => {
                        if let Some(r) = self.reps(rhs) {
                            assert_eq!(r, vec![v.rep], "let-bound rep");
                        }
                        self.bind(v);
                    }
                    Bind::Rec(_) => panic!("wrappers are not recursive"),
                }
                self.reps(body)
            }
            Expr::ConApp(con, args) => {
                let fields = self.program.con(*con).fields.clone();
                assert_eq!(
                    fields.len(),
                    args.len(),
                    "saturated {}",
                    self.program.con(*con).name
                );
                for (a, f) in args.iter().zip(fields) {
                    assert_eq!(
                        self.reps(a),
                        Some(vec![f]),
                        "field of {}",
                        self.program.con(*con).name
                    );
                }
                Some(vec![Rep::Ptr])
            }
            Expr::PrimApp(op, args) => {
                self.prim_apps += 1;
                let info = PrimInfo::by_core_name(&op.0).expect("known primop");
                assert_eq!(args.len(), info.args.len(), "{} saturated", op.0);
                for (a, r) in args.iter().zip(info.args) {
                    assert_eq!(self.reps(a), Some(vec![*r]), "argument of {}", op.0);
                }
                Some(info.results.to_vec())
            }
            Expr::Foreign(..) => panic!("no foreign calls in wrappers"),
            Expr::UnboxedTuple(parts) => {
                let mut out = Vec::new();
                for p in parts {
                    out.extend(self.reps(p).expect("component rep"));
                }
                Some(out)
            }
            Expr::Case(scrut, binder, alts) => {
                let scrut_reps = self.reps(scrut);
                self.bind(binder);
                assert!(!alts.is_empty());
                let mut result = None;
                for alt in alts {
                    match &alt.con {
                        AltCon::UnboxedTuple => {
                            assert_eq!(alts.len(), 1);
                            let binder_reps: Vec<Rep> = alt.binders.iter().map(|b| b.rep).collect();
                            if let Some(s) = &scrut_reps {
                                assert_eq!(&binder_reps, s, "unboxed tuple binders");
                            }
                        }
                        AltCon::Con(c) => {
                            assert_eq!(scrut_reps.as_deref(), Some(&[Rep::Ptr][..]));
                            let fields = &self.program.con(*c).fields;
                            let binder_reps: Vec<Rep> = alt.binders.iter().map(|b| b.rep).collect();
                            assert_eq!(&binder_reps, fields);
                        }
                        AltCon::Lit(l) => {
                            assert_eq!(scrut_reps.as_deref(), Some(&[l.rep()][..]));
                        }
                        AltCon::Default => {
                            if let Some(s) = &scrut_reps {
                                assert_eq!(s.len(), 1, "DEFAULT on a single value");
                                assert_eq!(binder.rep, s[0], "case binder rep");
                            }
                        }
                    }
                    for b in &alt.binders {
                        self.bind(b);
                    }
                    let r = self.reps(&alt.rhs);
                    if let (Some(prev), Some(now)) = (&result, &r) {
                        assert_eq!(prev, now, "alternatives agree");
                    }
                    result = result.or(r);
                }
                result
            }
        }
    }

    fn bind(&mut self, v: &Var) {
        assert!(self.bound.insert(v.id), "variable bound twice: {v:?}");
    }
}

fn fresh_counter() -> impl FnMut(&str, Rep) -> Var {
    let mut next = 1000u32;
    move |hint: &str, rep: Rep| {
        next += 1;
        Var {
            id: VarId(next),
            name: hint.to_string(),
            rep,
        }
    }
}

#[test]
fn every_wrapper_is_well_formed() {
    let program = program_with_builtins();
    let cons = BuiltinCons::from_program(&program).unwrap();
    let force_string = Var {
        id: VarId(1),
        name: "GHC.Base.forceString".into(),
        rep: Rep::Ptr,
    };
    let env = WrapperEnv {
        cons: &cons,
        force_string: &force_string,
    };
    let mut fresh = fresh_counter();
    for prim in haskell_primitives() {
        let expr = wrapper_for(prim, &env, &mut fresh).unwrap_or_else(|e| panic!("{e}"));
        let mut checker = Checker {
            program: &program,
            bound: HashSet::new(),
            free_ok: force_string.id,
            prim_apps: 0,
        };
        let reps = checker.reps(&expr);
        match prim {
            Primitive::Op(info) => {
                let sig = Signature::parse(info.haskell_type).unwrap();
                let arity = sig.args.len() + usize::from(sig.io);
                match &expr {
                    Expr::Lam(ps, _) => assert_eq!(ps.len(), arity, "{}", info.haskell_name),
                    _ => panic!("{} wrapper is not a lambda", info.haskell_name),
                }
                assert_eq!(
                    checker.prim_apps, 1,
                    "{}: one primop call",
                    info.haskell_name
                );
                assert_eq!(reps, Some(vec![Rep::Ptr]));
            }
            Primitive::Inline(_) => assert_eq!(reps, Some(vec![Rep::Ptr])),
        }
    }
}

#[test]
fn bool_results_become_constructors() {
    let program = program_with_builtins();
    let cons = BuiltinCons::from_program(&program).unwrap();
    let force_string = Var {
        id: VarId(1),
        name: "forceString".into(),
        rep: Rep::Ptr,
    };
    let env = WrapperEnv {
        cons: &cons,
        force_string: &force_string,
    };
    let mut fresh = fresh_counter();
    let e = prim_wrapper(PrimId::IntLt.info(), &env, &mut fresh).unwrap();
    let text = format!("{e:?}");
    assert!(
        text.contains(&format!("ConApp(ConId({}), [])", cons.false_.0)),
        "{text}"
    );
    assert!(
        text.contains(&format!("ConApp(ConId({}), [])", cons.true_.0)),
        "{text}"
    );
    assert!(text.contains("Lit(Int(0))"));
    // A String argument goes through forceString.
    let e = prim_wrapper(PrimId::OpenFile.info(), &env, &mut fresh).unwrap();
    assert!(format!("{e:?}").contains("forceString"));
    // Core-only primops have no wrapper.
    assert_eq!(
        prim_wrapper(PrimId::RealWorld.info(), &env, &mut fresh),
        Err(PrimError::NotHaskellVisible("realWorld#"))
    );
    assert_eq!(
        PRIMS.iter().filter(|p| p.is_haskell_visible()).count() + INLINE_PRIMS.len(),
        haskell_primitives().count()
    );
}
