//! A small lazy evaluator of Core, for testing the elaborator's output
//! against expected program output (the real back end is `crates/stg`).
//! Primitives of the test library ([`super::mini`]) are implemented here,
//! by name, instead of by their placeholder wrappers.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::core::{AltCon, Bind, ConId, Expr, Lit, Program, VarId};

#[derive(Clone)]
enum Value<'p> {
    Int(i64),
    Word(u64),
    Double(f64),
    Integer(i128),
    Addr,
    Void,
    Con(ConId, Vec<Thunk<'p>>),
    Fun(&'p [crate::core::Var], &'p Expr, Env<'p>, Vec<Thunk<'p>>),
    Prim(&'p str, Vec<Thunk<'p>>),
    UTuple(Vec<Value<'p>>),
}

enum State<'p> {
    Delayed(&'p Expr, Env<'p>),
    Done(Value<'p>),
    Busy,
}

type Thunk<'p> = Rc<RefCell<State<'p>>>;
type Env<'p> = Rc<HashMap<VarId, Thunk<'p>>>;

struct Machine<'p> {
    p: &'p Program,
    globals: HashMap<VarId, Thunk<'p>>,
    prim_names: HashMap<VarId, &'p str>,
    out: String,
    steps: u64,
}

fn done(v: Value<'_>) -> Thunk<'_> {
    Rc::new(RefCell::new(State::Done(v)))
}

fn prim_arity(name: &str) -> usize {
    match name {
        "primPutStrLn" | "primReturnIO" | "primSeq" => 2,
        "primBindIO" => 3,
        "primIntegerToInt"
        | "primIntegerToDouble"
        | "primShowInt"
        | "primShowInteger"
        | "primShowDouble"
        | "primReadInt"
        | "primError" => 1,
        _ => 2,
    }
}

impl<'p> Machine<'p> {
    fn con(&self, name: &str) -> ConId {
        self.p.con_by_name(name).unwrap_or(ConId(u32::MAX))
    }

    fn force(&mut self, t: &Thunk<'p>) -> Result<Value<'p>, String> {
        let state = std::mem::replace(&mut *t.borrow_mut(), State::Busy);
        match state {
            State::Done(v) => {
                *t.borrow_mut() = State::Done(v.clone());
                Ok(v)
            }
            State::Busy => Err("<<loop>>".into()),
            State::Delayed(e, env) => {
                let v = self.eval(e, &env)?;
                *t.borrow_mut() = State::Done(v.clone());
                Ok(v)
            }
        }
    }

    fn lookup(&mut self, id: VarId, env: &Env<'p>) -> Result<Value<'p>, String> {
        if let Some(name) = self.prim_names.get(&id) {
            return Ok(Value::Prim(name, Vec::new()));
        }
        let t = env
            .get(&id)
            .or_else(|| self.globals.get(&id))
            .cloned()
            .ok_or_else(|| format!("unbound variable {}", id.0))?;
        self.force(&t)
    }

    fn eval(&mut self, e: &'p Expr, env: &Env<'p>) -> Result<Value<'p>, String> {
        self.steps += 1;
        if self.steps > 50_000_000 {
            return Err("step limit".into());
        }
        match e {
            Expr::Var(v) => self.lookup(v.id, env),
            Expr::Lit(l) => Ok(match l {
                Lit::Int(n) => Value::Int(*n),
                Lit::Char(c) => Value::Int(*c as i64),
                Lit::Word(w) => Value::Word(*w),
                Lit::Double(d) => Value::Double(*d),
                Lit::Float(f) => Value::Double(*f as f64),
                Lit::String(_) => Value::Addr,
                Lit::Integer(s) => {
                    Value::Integer(s.parse().map_err(|_| format!("bad Integer {s}"))?)
                }
            }),
            Expr::App(f, args) => {
                let fv = self.eval(f, env)?;
                let ts = args
                    .iter()
                    .map(|a| Rc::new(RefCell::new(State::Delayed(a, env.clone()))))
                    .collect();
                self.apply(fv, ts)
            }
            Expr::Lam(ps, body) => Ok(Value::Fun(ps, body, env.clone(), Vec::new())),
            Expr::Let(b, body) => {
                let mut map = (**env).clone();
                match &**b {
                    Bind::NonRec(v, rhs) => {
                        map.insert(
                            v.id,
                            Rc::new(RefCell::new(State::Delayed(rhs, env.clone()))),
                        );
                    }
                    Bind::Rec(group) => {
                        let cells: Vec<Thunk<'p>> = group
                            .iter()
                            .map(|_| Rc::new(RefCell::new(State::Busy)))
                            .collect();
                        for ((v, _), c) in group.iter().zip(&cells) {
                            map.insert(v.id, c.clone());
                        }
                        let new_env = Rc::new(map.clone());
                        for ((_, rhs), c) in group.iter().zip(&cells) {
                            *c.borrow_mut() = State::Delayed(rhs, new_env.clone());
                        }
                    }
                }
                let new_env = Rc::new(map);
                self.eval(body, &new_env)
            }
            Expr::Case(s, b, alts) => {
                let v = self.eval(s, env)?;
                let mut map = (**env).clone();
                map.insert(b.id, done(v.clone()));
                for alt in alts {
                    let matched = match (&alt.con, &v) {
                        (AltCon::Default, _) => true,
                        (AltCon::Con(c), Value::Con(c2, fields)) if c == c2 => {
                            for (x, t) in alt.binders.iter().zip(fields) {
                                map.insert(x.id, t.clone());
                            }
                            true
                        }
                        (AltCon::Lit(l), _) => match (l, &v) {
                            (Lit::Int(a), Value::Int(b)) => a == b,
                            (Lit::Char(a), Value::Int(b)) => *a as i64 == *b,
                            (Lit::Word(a), Value::Word(b)) => a == b,
                            (Lit::Double(a), Value::Double(b)) => a == b,
                            _ => false,
                        },
                        (AltCon::UnboxedTuple, Value::UTuple(vs)) => {
                            for (x, c) in alt.binders.iter().zip(vs) {
                                map.insert(x.id, done(c.clone()));
                            }
                            true
                        }
                        _ => false,
                    };
                    if matched {
                        return self.eval(&alt.rhs, &Rc::new(map));
                    }
                }
                Err("no case alternative matched".into())
            }
            Expr::ConApp(c, args) => Ok(Value::Con(
                *c,
                args.iter()
                    .map(|a| Rc::new(RefCell::new(State::Delayed(a, env.clone()))))
                    .collect(),
            )),
            Expr::PrimApp(op, args) if op.0 == "unpackCString#" => {
                let Some(Expr::Lit(Lit::String(bytes))) = args.first() else {
                    return Err("bad unpackCString#".into());
                };
                Ok(self.string(&String::from_utf8_lossy(bytes)))
            }
            Expr::PrimApp(op, _) => Err(format!(
                "primop {} not supported by the test evaluator",
                op.0
            )),
            Expr::Foreign(..) => Err("foreign calls not supported by the test evaluator".into()),
            Expr::UnboxedTuple(args) => {
                let mut vs = Vec::new();
                for a in args {
                    vs.push(self.eval(a, env)?);
                }
                Ok(Value::UTuple(vs))
            }
        }
    }

    fn apply(&mut self, f: Value<'p>, mut args: Vec<Thunk<'p>>) -> Result<Value<'p>, String> {
        match f {
            Value::Fun(ps, body, env, mut have) => {
                have.append(&mut args);
                if have.len() < ps.len() {
                    return Ok(Value::Fun(ps, body, env, have));
                }
                let rest = have.split_off(ps.len());
                let mut map = (*env).clone();
                for (p, t) in ps.iter().zip(have) {
                    map.insert(p.id, t);
                }
                let v = self.eval(body, &Rc::new(map))?;
                if rest.is_empty() {
                    Ok(v)
                } else {
                    self.apply(v, rest)
                }
            }
            Value::Prim(name, mut have) => {
                have.append(&mut args);
                let n = prim_arity(name);
                if have.len() < n {
                    return Ok(Value::Prim(name, have));
                }
                let rest = have.split_off(n);
                let v = self.prim(name, have)?;
                if rest.is_empty() {
                    Ok(v)
                } else {
                    self.apply(v, rest)
                }
            }
            _ => Err("applied a non-function".into()),
        }
    }

    fn unbox(&mut self, t: &Thunk<'p>) -> Result<Value<'p>, String> {
        match self.force(t)? {
            Value::Con(_, fields) if fields.len() == 1 => self.force(&fields[0]),
            v => Ok(v),
        }
    }

    fn int(&mut self, t: &Thunk<'p>) -> Result<i64, String> {
        match self.unbox(t)? {
            Value::Int(n) => Ok(n),
            _ => Err("expected an Int".into()),
        }
    }

    fn double(&mut self, t: &Thunk<'p>) -> Result<f64, String> {
        match self.unbox(t)? {
            Value::Double(d) => Ok(d),
            _ => Err("expected a Double".into()),
        }
    }

    fn integer(&mut self, t: &Thunk<'p>) -> Result<i128, String> {
        match self.force(t)? {
            Value::Integer(n) => Ok(n),
            _ => Err("expected an Integer".into()),
        }
    }

    fn boxed(&self, con: &str, v: Value<'p>) -> Value<'p> {
        Value::Con(self.con(con), vec![done(v)])
    }

    fn bool(&self, b: bool) -> Value<'p> {
        Value::Con(
            self.con(if b { "Prelude.True" } else { "Prelude.False" }),
            vec![],
        )
    }

    fn string(&self, s: &str) -> Value<'p> {
        let mut v = Value::Con(self.con("GHC.Types.[]"), vec![]);
        for c in s.chars().rev() {
            let ch = self.boxed("GHC.Types.C#", Value::Int(c as i64));
            v = Value::Con(self.con("GHC.Types.:"), vec![done(ch), done(v)]);
        }
        v
    }

    fn haskell_string(&mut self, t: &Thunk<'p>) -> Result<String, String> {
        let mut out = String::new();
        let mut cur = t.clone();
        loop {
            match self.force(&cur)? {
                Value::Con(_, fields) if fields.len() == 2 => {
                    let c = self.int(&fields[0])?;
                    out.push(char::from_u32(c as u32).unwrap_or('?'));
                    cur = fields[1].clone();
                }
                Value::Con(_, _) => return Ok(out),
                _ => return Err("expected a list".into()),
            }
        }
    }

    fn prim(&mut self, name: &str, a: Vec<Thunk<'p>>) -> Result<Value<'p>, String> {
        Ok(match name {
            "primIntAdd" => {
                let v = Value::Int(self.int(&a[0])?.wrapping_add(self.int(&a[1])?));
                self.boxed("GHC.Types.I#", v)
            }
            "primIntSub" => {
                let v = Value::Int(self.int(&a[0])?.wrapping_sub(self.int(&a[1])?));
                self.boxed("GHC.Types.I#", v)
            }
            "primIntMul" => {
                let v = Value::Int(self.int(&a[0])?.wrapping_mul(self.int(&a[1])?));
                self.boxed("GHC.Types.I#", v)
            }
            "primIntEq" => {
                let b = self.int(&a[0])? == self.int(&a[1])?;
                self.bool(b)
            }
            "primIntLt" => {
                let b = self.int(&a[0])? < self.int(&a[1])?;
                self.bool(b)
            }
            "primCharEq" => {
                let b = self.int(&a[0])? == self.int(&a[1])?;
                self.bool(b)
            }
            "primIntegerAdd" => Value::Integer(self.integer(&a[0])? + self.integer(&a[1])?),
            "primIntegerSub" => Value::Integer(self.integer(&a[0])? - self.integer(&a[1])?),
            "primIntegerMul" => Value::Integer(self.integer(&a[0])? * self.integer(&a[1])?),
            "primIntegerEq" => {
                let b = self.integer(&a[0])? == self.integer(&a[1])?;
                self.bool(b)
            }
            "primIntegerToInt" => {
                let v = Value::Int(self.integer(&a[0])? as i64);
                self.boxed("GHC.Types.I#", v)
            }
            "primIntegerToDouble" => {
                let v = Value::Double(self.integer(&a[0])? as f64);
                self.boxed("GHC.Types.D#", v)
            }
            "primDoubleAdd" => {
                let v = Value::Double(self.double(&a[0])? + self.double(&a[1])?);
                self.boxed("GHC.Types.D#", v)
            }
            "primDoubleSub" => {
                let v = Value::Double(self.double(&a[0])? - self.double(&a[1])?);
                self.boxed("GHC.Types.D#", v)
            }
            "primDoubleMul" => {
                let v = Value::Double(self.double(&a[0])? * self.double(&a[1])?);
                self.boxed("GHC.Types.D#", v)
            }
            "primDoubleDiv" => {
                let v = Value::Double(self.double(&a[0])? / self.double(&a[1])?);
                self.boxed("GHC.Types.D#", v)
            }
            "primDoubleEq" => {
                let b = self.double(&a[0])? == self.double(&a[1])?;
                self.bool(b)
            }
            "primShowInt" => {
                let n = self.int(&a[0])?;
                self.string(&n.to_string())
            }
            "primShowInteger" => {
                let n = self.integer(&a[0])?;
                self.string(&n.to_string())
            }
            "primShowDouble" => {
                let d = self.double(&a[0])?;
                self.string(&format!("{d:?}"))
            }
            "primReadInt" => {
                let s = self.haskell_string(&a[0])?;
                let n: i64 = s.trim().parse().map_err(|_| "Prelude.read: no parse")?;
                self.boxed("GHC.Types.I#", Value::Int(n))
            }
            "primError" => return Err(self.haskell_string(&a[0])?),
            "primSeq" => {
                self.force(&a[0])?;
                self.force(&a[1])?
            }
            "primReturnIO" => Value::UTuple(vec![Value::Void, self.force(&a[0])?]),
            "primPutStrLn" => {
                let s = self.haskell_string(&a[0])?;
                self.out.push_str(&s);
                self.out.push('\n');
                Value::UTuple(vec![
                    Value::Void,
                    Value::Con(self.con("GHC.Tuple.()"), vec![]),
                ])
            }
            "primBindIO" => {
                let m = self.force(&a[0])?;
                let r = self.apply(m, vec![a[2].clone()])?;
                let Value::UTuple(vs) = r else {
                    return Err("IO action did not return (# w, a #)".into());
                };
                let x = vs.get(1).cloned().unwrap_or(Value::Void);
                let k = self.force(&a[1])?;
                self.apply(k, vec![done(x), done(Value::Void)])?
            }
            other => return Err(format!("unknown primitive {other}")),
        })
    }
}

/// Runs `main` and returns its output, or the error (with the output so
/// far, after `|`).
pub fn run(p: &Program) -> Result<String, String> {
    let mut m = Machine {
        p,
        globals: HashMap::new(),
        prim_names: HashMap::new(),
        out: String::new(),
        steps: 0,
    };
    let top = Rc::new(HashMap::new());
    for b in &p.binds {
        let pairs: Vec<_> = match b {
            Bind::NonRec(v, e) => vec![(v, e)],
            Bind::Rec(g) => g.iter().map(|(v, e)| (v, e)).collect(),
        };
        for (v, e) in pairs {
            if let Some(name) = v.name.strip_prefix("Hsrts.Prim.") {
                m.prim_names.insert(v.id, name);
            }
            m.globals
                .insert(v.id, Rc::new(RefCell::new(State::Delayed(e, top.clone()))));
        }
    }
    let main = p.main.as_ref().ok_or("no main")?;
    let result = m
        .lookup(main.id, &top)
        .and_then(|v| m.apply(v, vec![done(Value::Void)]));
    match result {
        Ok(_) => Ok(m.out),
        Err(e) => Err(format!("{e}|{}", m.out)),
    }
}

/// Compiles with the test library and runs; runs in a thread with a big
/// stack (the evaluator is recursive).
pub fn output(src: &str) -> Result<String, String> {
    let src = src.to_string();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let p = super::mini::core(&src)?;
            run(&p)
        })
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| "evaluator panicked".to_string())?
}
