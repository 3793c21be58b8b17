//! Hand-built Core programs shared by the stg tests.

#![allow(dead_code, reason = "each test binary uses a subset")]

use frontend::core::*;

pub mod eval;

/// The few primops the test programs use.
pub struct TestPrims;

impl stg::PrimTable for TestPrims {
    fn result_reps(&self, name: &str) -> Option<Vec<Rep>> {
        match name {
            "+#" | "-#" | "*#" => Some(vec![Rep::Int]),
            "printInt#" => Some(vec![Rep::Void]),
            _ => None,
        }
    }
    fn arg_reps(&self, name: &str) -> Option<Vec<Rep>> {
        match name {
            "+#" | "-#" | "*#" => Some(vec![Rep::Int, Rep::Int]),
            "printInt#" => Some(vec![Rep::Int, Rep::Void]),
            _ => None,
        }
    }
    fn enters_code(&self, _name: &str) -> bool {
        false
    }
}

pub struct Builder {
    next: u32,
    pub prog: Program,
}

impl Builder {
    pub fn new() -> Self {
        let mut b = Builder {
            next: 1,
            prog: Program::default(),
        };
        b.con("GHC.Types.I#", "GHC.Types.Int", 0, 1, vec![Rep::Int]);
        b.con("GHC.Types.[]", "GHC.Types.List", 0, 2, vec![]);
        b.con(
            "GHC.Types.:",
            "GHC.Types.List",
            1,
            2,
            vec![Rep::Ptr, Rep::Ptr],
        );
        b.con("GHC.Tuple.()", "GHC.Tuple.Unit", 0, 1, vec![]);
        b
    }

    pub fn var(&mut self, name: &str, rep: Rep) -> Var {
        self.next += 1;
        Var {
            id: VarId(self.next),
            name: name.to_string(),
            rep,
        }
    }

    pub fn con(&mut self, name: &str, ty: &str, tag: u32, family: u32, fields: Vec<Rep>) -> ConId {
        self.prog.cons.push(DataCon {
            name: name.into(),
            type_name: ty.into(),
            tag,
            family_size: family,
            fields,
        });
        ConId(self.prog.cons.len() as u32 - 1)
    }

    pub fn top(&mut self, v: &Var, e: Expr) {
        self.prog.binds.push(Bind::NonRec(v.clone(), e));
    }
}

pub const INT: ConId = ConId(0);
pub const NIL: ConId = ConId(1);
pub const CONS: ConId = ConId(2);
pub const UNIT: ConId = ConId(3);

pub fn v(x: &Var) -> Expr {
    Expr::Var(x.clone())
}
pub fn int(n: i64) -> Expr {
    Expr::Lit(Lit::Int(n))
}
pub fn app(f: Expr, args: Vec<Expr>) -> Expr {
    Expr::App(Box::new(f), args)
}
pub fn lam(ps: &[&Var], body: Expr) -> Expr {
    Expr::Lam(ps.iter().map(|p| (*p).clone()).collect(), Box::new(body))
}
pub fn case(s: Expr, b: &Var, alts: Vec<Alt>) -> Expr {
    Expr::Case(Box::new(s), b.clone(), alts)
}
pub fn let1(x: &Var, rhs: Expr, body: Expr) -> Expr {
    Expr::Let(Box::new(Bind::NonRec(x.clone(), rhs)), Box::new(body))
}
pub fn letrec(group: Vec<(&Var, Expr)>, body: Expr) -> Expr {
    Expr::Let(
        Box::new(Bind::Rec(
            group.into_iter().map(|(x, e)| (x.clone(), e)).collect(),
        )),
        Box::new(body),
    )
}
pub fn con(c: ConId, args: Vec<Expr>) -> Expr {
    Expr::ConApp(c, args)
}
pub fn prim(name: &str, args: Vec<Expr>) -> Expr {
    Expr::PrimApp(PrimOp(name.into()), args)
}
pub fn alt_con(c: ConId, bs: &[&Var], rhs: Expr) -> Alt {
    Alt {
        con: AltCon::Con(c),
        binders: bs.iter().map(|b| (*b).clone()).collect(),
        rhs,
    }
}
pub fn alt_lit(l: Lit, rhs: Expr) -> Alt {
    Alt {
        con: AltCon::Lit(l),
        binders: vec![],
        rhs,
    }
}
pub fn alt_default(rhs: Expr) -> Alt {
    Alt {
        con: AltCon::Default,
        binders: vec![],
        rhs,
    }
}
pub fn alt_tuple(bs: &[&Var], rhs: Expr) -> Alt {
    Alt {
        con: AltCon::UnboxedTuple,
        binders: bs.iter().map(|b| (*b).clone()).collect(),
        rhs,
    }
}

/// `fac :: Int# -> Int#` (unboxed worker), `facI :: Int -> Int` (wrapper),
/// `main = \w -> case fac 10# of r -> case printInt# r w of (# w1 #) -> (# w1, () #)`.
pub fn factorial() -> Program {
    let mut b = Builder::new();
    let fac = b.var("Main.fac", Rep::Ptr);
    let n = b.var("n", Rep::Int);
    let n1 = b.var("n1", Rep::Int);
    let m = b.var("m", Rep::Int);
    let r = b.var("r", Rep::Int);
    let body = case(
        v(&n),
        &n1,
        vec![
            alt_lit(Lit::Int(0), int(1)),
            alt_default(case(
                prim("-#", vec![v(&n1), int(1)]),
                &m,
                vec![alt_default(case(
                    app(v(&fac), vec![v(&m)]),
                    &r,
                    vec![alt_default(prim("*#", vec![v(&n1), v(&r)]))],
                ))],
            )),
        ],
    );
    b.prog
        .binds
        .push(Bind::Rec(vec![(fac.clone(), lam(&[&n], body))]));

    let fac_i = b.var("Main.facI", Rep::Ptr);
    let x = b.var("x", Rep::Ptr);
    let xb = b.var("xb", Rep::Ptr);
    let k = b.var("k", Rep::Int);
    let kr = b.var("kr", Rep::Int);
    let wrapper = lam(
        &[&x],
        case(
            v(&x),
            &xb,
            vec![alt_con(
                INT,
                &[&k],
                case(
                    app(v(&fac), vec![v(&k)]),
                    &kr,
                    vec![alt_default(con(INT, vec![v(&kr)]))],
                ),
            )],
        ),
    );
    b.top(&fac_i, wrapper);

    let main = b.var("Main.main", Rep::Ptr);
    let w = b.var("w", Rep::Void);
    let res = b.var("res", Rep::Int);
    let body = case(
        app(v(&fac), vec![int(10)]),
        &res,
        vec![alt_default(print_int(&mut b, &res, &w))],
    );
    b.top(&main, lam(&[&w], body));
    b.prog.main = Some(main);
    b.prog
}

/// `case printInt# n w of _ { (# w1 #) -> (# w1, () #) }`: the end of an
/// IO `main` that prints an Int.
pub fn print_int(b: &mut Builder, n: &Var, w: &Var) -> Expr {
    let w1 = b.var("w1", Rep::Void);
    let sb = b.var("sb", Rep::Void);
    case(
        prim("printInt#", vec![v(n), v(w)]),
        &sb,
        vec![alt_tuple(
            &[&w1],
            Expr::UnboxedTuple(vec![v(&w1), con(UNIT, vec![])]),
        )],
    )
}

/// Compiles a program to an image (default options), checks that it
/// validates and survives a byte round trip.
pub fn image_of(p: &Program, prims: &dyn stg::PrimTable) -> bytecode::Image {
    let img = stg::compile(p, prims).unwrap_or_else(|e| panic!("{e}"));
    img.validate().unwrap_or_else(|e| panic!("{e}"));
    let bytes = img.to_bytes();
    assert_eq!(
        bytecode::Image::load(&bytes).unwrap(),
        img,
        "byte round trip"
    );
    img
}

/// `map`, a CAF `nums = map inc [1, 2, 3]`, a cyclic `ones` (letrec), local
/// mutually recursive functions, and a case on Int literals with a default.
pub fn lists() -> Program {
    let mut b = Builder::new();
    // map = \f xs -> case xs of ys { [] -> []; (h : t) -> f h : map f t }
    let map = b.var("Main.map", Rep::Ptr);
    let f = b.var("f", Rep::Ptr);
    let xs = b.var("xs", Rep::Ptr);
    let ys = b.var("ys", Rep::Ptr);
    let h = b.var("h", Rep::Ptr);
    let t = b.var("t", Rep::Ptr);
    let body = case(
        v(&xs),
        &ys,
        vec![
            alt_con(NIL, &[], con(NIL, vec![])),
            alt_con(
                CONS,
                &[&h, &t],
                con(
                    CONS,
                    vec![app(v(&f), vec![v(&h)]), app(v(&map), vec![v(&f), v(&t)])],
                ),
            ),
        ],
    );
    b.prog
        .binds
        .push(Bind::Rec(vec![(map.clone(), lam(&[&f, &xs], body))]));

    // inc = \a -> case a of I# n -> I# (n +# 1#)
    let inc = b.var("Main.inc", Rep::Ptr);
    let a = b.var("a", Rep::Ptr);
    let ab = b.var("ab", Rep::Ptr);
    let n = b.var("n", Rep::Int);
    b.top(
        &inc,
        lam(
            &[&a],
            case(
                v(&a),
                &ab,
                vec![alt_con(
                    INT,
                    &[&n],
                    con(INT, vec![prim("+#", vec![v(&n), int(1)])]),
                )],
            ),
        ),
    );

    // nums = map inc [1, 2, 3]  (a CAF)
    let nums = b.var("Main.nums", Rep::Ptr);
    let list = con(
        CONS,
        vec![
            con(INT, vec![int(1)]),
            con(
                CONS,
                vec![
                    con(INT, vec![int(2)]),
                    con(CONS, vec![con(INT, vec![int(3)]), con(NIL, vec![])]),
                ],
            ),
        ],
    );
    b.top(&nums, app(v(&map), vec![v(&inc), list]));

    // ones = let xs1 = 1 : xs1 in xs1
    let ones = b.var("Main.ones", Rep::Ptr);
    let xs1 = b.var("xs1", Rep::Ptr);
    b.top(
        &ones,
        letrec(
            vec![(&xs1, con(CONS, vec![con(INT, vec![int(1)]), v(&xs1)]))],
            v(&xs1),
        ),
    );

    // classify = \i -> case i of I# k -> case k of { 0# -> 10; 1# -> 20; _ -> k *# 2# } boxed
    let classify = b.var("Main.classify", Rep::Ptr);
    let i = b.var("i", Rep::Ptr);
    let ib = b.var("ib", Rep::Ptr);
    let k = b.var("k", Rep::Int);
    let kb = b.var("kb", Rep::Int);
    let r = b.var("r", Rep::Int);
    let inner = case(
        v(&k),
        &kb,
        vec![
            alt_lit(Lit::Int(0), int(10)),
            alt_lit(Lit::Int(1), int(20)),
            alt_default(prim("*#", vec![v(&kb), int(2)])),
        ],
    );
    b.top(
        &classify,
        lam(
            &[&i],
            case(
                v(&i),
                &ib,
                vec![alt_con(
                    INT,
                    &[&k],
                    case(inner, &r, vec![alt_default(con(INT, vec![v(&r)]))]),
                )],
            ),
        ),
    );

    // evenOdd = \z -> letrec ev = \p -> case p of {0# -> 1#; _ -> od (p -# 1#)}
    //                        od = \q -> case q of {0# -> 0#; _ -> ev (q -# 1#)}
    //                 in case z of I# zz -> case ev zz of e -> I# (e +# base)
    //   with `base` a free variable of both closures (zz).
    let even_odd = b.var("Main.evenOdd", Rep::Ptr);
    let z = b.var("z", Rep::Ptr);
    let zb = b.var("zb", Rep::Ptr);
    let zz = b.var("zz", Rep::Int);
    let ev = b.var("ev", Rep::Ptr);
    let od = b.var("od", Rep::Ptr);
    let p = b.var("p", Rep::Int);
    let pb = b.var("pb", Rep::Int);
    let q = b.var("q", Rep::Int);
    let qb = b.var("qb", Rep::Int);
    let e = b.var("e", Rep::Int);
    let ev_rhs = lam(
        &[&p],
        case(
            v(&p),
            &pb,
            vec![
                alt_lit(Lit::Int(0), v(&zz)),
                alt_default(app(v(&od), vec![prim("-#", vec![v(&pb), int(1)])])),
            ],
        ),
    );
    let od_rhs = lam(
        &[&q],
        case(
            v(&q),
            &qb,
            vec![
                alt_lit(Lit::Int(0), int(0)),
                alt_default(app(v(&ev), vec![prim("-#", vec![v(&qb), int(1)])])),
            ],
        ),
    );
    let body = letrec(
        vec![(&ev, ev_rhs), (&od, od_rhs)],
        case(
            app(v(&ev), vec![int(7)]),
            &e,
            vec![alt_default(con(INT, vec![prim("+#", vec![v(&e), v(&zz)])]))],
        ),
    );
    b.top(
        &even_odd,
        lam(&[&z], case(v(&z), &zb, vec![alt_con(INT, &[&zz], body)])),
    );

    // sumList = \acc l -> case l of { [] -> acc; (x : r) -> case acc of I# s -> case x of I# y -> sumList (I# (s +# y)) r }
    let sum = b.var("Main.sumList", Rep::Ptr);
    let acc = b.var("acc", Rep::Ptr);
    let l = b.var("l", Rep::Ptr);
    let lb = b.var("lb", Rep::Ptr);
    let x = b.var("x", Rep::Ptr);
    let rest = b.var("rest", Rep::Ptr);
    let accb = b.var("accb", Rep::Ptr);
    let s = b.var("s", Rep::Int);
    let xb = b.var("xb", Rep::Ptr);
    let y = b.var("y", Rep::Int);
    let body = case(
        v(&l),
        &lb,
        vec![
            alt_con(NIL, &[], v(&acc)),
            alt_con(
                CONS,
                &[&x, &rest],
                case(
                    v(&acc),
                    &accb,
                    vec![alt_con(
                        INT,
                        &[&s],
                        case(
                            v(&x),
                            &xb,
                            vec![alt_con(
                                INT,
                                &[&y],
                                app(
                                    v(&sum),
                                    vec![con(INT, vec![prim("+#", vec![v(&s), v(&y)])]), v(&rest)],
                                ),
                            )],
                        ),
                    )],
                ),
            ),
        ],
    );
    b.prog
        .binds
        .push(Bind::Rec(vec![(sum.clone(), lam(&[&acc, &l], body))]));

    // main = \w -> case sumList (I# 0#) nums of r -> case r of I# n -> case printInt# n w of (# w1 #) -> (# w1, () #)
    let main = b.var("Main.main", Rep::Ptr);
    let w = b.var("w", Rep::Void);
    let tot = b.var("tot", Rep::Ptr);
    let tn = b.var("tn", Rep::Int);
    let print = print_int(&mut b, &tn, &w);
    let body = case(
        app(v(&sum), vec![con(INT, vec![int(0)]), v(&nums)]),
        &tot,
        vec![alt_con(INT, &[&tn], print)],
    );
    b.top(&main, lam(&[&w], body));
    b.prog.main = Some(main);
    b.prog
}
