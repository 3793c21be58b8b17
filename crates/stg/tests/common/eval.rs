//! A reference evaluator for images: a slow, direct reading of the
//! semantics in docs/bytecode.md, used to check the code generator.
//!
//! It checks the GC contract as it runs: at every GC point it poisons
//! every slot (in the running frame and in every suspended frame) that
//! holds a pointer but is not marked in that frame's layout; a later read
//! of a poisoned slot as a pointer fails the test. It also fails if a
//! marked slot holds something that is not a pointer.

#![allow(dead_code, reason = "each test binary uses a subset")]

use bytecode::*;

/// Pointers are tagged so they cannot be mistaken for small integers.
const PTR_BASE: u64 = 0x7000_0000_0000;
const POISON: u64 = 0xDEAD_0000_0000_0000;

#[derive(Clone, Debug)]
enum Obj {
    Con { info: u32, payload: Vec<u64> },
    Fun { info: u32, payload: Vec<u64> },
    Thunk { info: u32, payload: Vec<u64> },
    Pap { fun: u64, args: Vec<(Rep, u64)> },
    Ind(u64),
    BlackHole,
}

enum Frame {
    Bco {
        bco: u32,
        slots: Vec<u64>,
        node: Vec<u64>,
        resume: Option<u32>,
        gc_seen: bool,
    },
    Update(u64),
    Apply(Vec<(Rep, u64)>),
    Stop,
}

enum State {
    Run(u32),
    Enter(u64),
    Apply(u64, Vec<(Rep, u64)>),
    Return(Vec<u64>),
}

pub struct Machine<'i> {
    img: &'i Image,
    heap: Vec<Obj>,
    stack: Vec<Frame>,
    pub output: Vec<String>,
    pub steps: u64,
    pub gc_points: u64,
    /// The deepest the stack has been, in frames.
    pub max_stack: usize,
    /// The return registers R0, R1, ...
    returned: Vec<u64>,
}

fn is_ptr(v: u64) -> bool {
    (PTR_BASE..PTR_BASE + (1 << 32)).contains(&v)
}

impl<'i> Machine<'i> {
    pub fn new(img: &'i Image) -> Self {
        img.validate().unwrap();
        let mut m = Machine {
            img,
            heap: vec![],
            stack: vec![],
            output: vec![],
            steps: 0,
            gc_points: 0,
            max_stack: 0,
            returned: vec![],
        };
        for s in &img.statics {
            let payload = s
                .payload
                .iter()
                .map(|w| match w {
                    StaticWord::Static(t) => PTR_BASE + t.0 as u64,
                    StaticWord::Lit(l) => m.lit_value(l.0),
                })
                .collect();
            let obj = match img.infos[s.info.0 as usize].kind {
                InfoKind::Con { .. } => Obj::Con {
                    info: s.info.0,
                    payload,
                },
                InfoKind::Fun { .. } => Obj::Fun {
                    info: s.info.0,
                    payload,
                },
                InfoKind::Thunk { .. } => Obj::Thunk {
                    info: s.info.0,
                    payload,
                },
                InfoKind::Ret { .. } => panic!("static return frame"),
            };
            m.heap.push(obj);
        }
        for l in &img.literals {
            if matches!(l, Literal::Integer(_)) {
                m.heap.push(Obj::Con {
                    info: u32::MAX,
                    payload: vec![],
                });
            }
        }
        m
    }

    fn lit_value(&self, l: u32) -> u64 {
        match &self.img.literals[l as usize] {
            Literal::Int(v) => *v as u64,
            Literal::Word(v) => *v,
            Literal::Double(v) => v.to_bits(),
            Literal::Float(v) => v.to_bits() as u64,
            // Addresses of string bytes are opaque here (not pointers).
            Literal::String(_) => 0x5_0000_0000 + l as u64,
            // Integer literals are opaque evaluated objects after the statics.
            Literal::Integer(_) => {
                let k = self.img.literals[..l as usize]
                    .iter()
                    .filter(|x| matches!(x, Literal::Integer(_)))
                    .count();
                PTR_BASE + (self.img.statics.len() + k) as u64
            }
        }
    }

    /// The value (mod 2^64) of an `Integer` literal object (see `lit_value`).
    fn integer_literal(&self, p: u64) -> i64 {
        let k = (p - PTR_BASE) as usize - self.img.statics.len();
        let Some(Literal::Integer(digits)) = self
            .img
            .literals
            .iter()
            .filter(|x| matches!(x, Literal::Integer(_)))
            .nth(k)
        else {
            panic!("integerToInt# of a non-literal Integer {p:#x}")
        };
        let (neg, digits) = match digits.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, digits.as_str()),
        };
        let m = digits.bytes().fold(0i64, |m, c| {
            m.wrapping_mul(10).wrapping_add(i64::from(c - b'0'))
        });
        if neg { m.wrapping_neg() } else { m }
    }

    /// How many heap objects have been allocated so far.
    pub fn allocated(&self) -> usize {
        self.heap.len()
    }

    fn alloc(&mut self, o: Obj) -> u64 {
        self.heap.push(o);
        PTR_BASE + self.heap.len() as u64 - 1
    }

    fn obj(&self, p: u64) -> &Obj {
        assert!(
            is_ptr(p),
            "dereferencing a non-pointer {p:#x} (poisoned: {})",
            p & POISON == POISON
        );
        &self.heap[(p - PTR_BASE) as usize]
    }

    fn deref(&self, mut p: u64) -> u64 {
        while let Obj::Ind(q) = self.obj(p) {
            p = *q;
        }
        p
    }

    pub fn static_ptr(&self, name: &str) -> u64 {
        PTR_BASE + self.img.static_by_name(name).unwrap().0 as u64
    }

    pub fn con_info(&self, name: &str) -> u32 {
        match self.img.symbol(name) {
            Some(NamedRef::Info(i)) => i.0,
            _ => panic!("no constructor {name}"),
        }
    }

    pub fn alloc_con(&mut self, name: &str, payload: Vec<u64>) -> u64 {
        let info = self.con_info(name);
        self.alloc(Obj::Con { info, payload })
    }

    /// The constructor name and payload of an evaluated value.
    pub fn con_of(&self, p: u64) -> (String, Vec<u64>) {
        match self.obj(self.deref(p)) {
            Obj::Con { info, payload } => {
                (self.img.infos[*info as usize].name.clone(), payload.clone())
            }
            o => panic!("not a constructor: {o:?}"),
        }
    }

    /// Evaluates a value to WHNF.
    pub fn eval(&mut self, p: u64) -> u64 {
        self.run(State::Enter(p))[0]
    }

    /// Applies a function to arguments; returns the non-void results.
    pub fn apply(&mut self, f: u64, args: Vec<(Rep, u64)>) -> Vec<u64> {
        self.run(State::Apply(f, args))
    }

    fn top_bco(&mut self) -> (&mut Vec<u64>, u32) {
        match self.stack.last_mut() {
            Some(Frame::Bco { slots, bco, .. }) => (slots, *bco),
            _ => panic!("no running BCO"),
        }
    }

    fn slot(&mut self, s: Slot) -> u64 {
        self.top_bco().0[s.0 as usize]
    }

    fn set(&mut self, s: Slot, v: u64) {
        self.top_bco().0[s.0 as usize] = v;
    }

    fn args(&mut self, a: &Args) -> Vec<(Rep, u64)> {
        a.0.iter()
            .map(|a| {
                (
                    a.rep,
                    if a.rep == Rep::Void {
                        0
                    } else {
                        self.slot(a.slot)
                    },
                )
            })
            .collect()
    }

    /// A GC point: check and poison every frame according to its layout.
    fn gc_point(&mut self, running: Option<LayoutIdx>) {
        self.gc_points += 1;
        let n = self.stack.len();
        for (i, f) in self.stack.iter_mut().enumerate() {
            let Frame::Bco {
                slots,
                resume,
                gc_seen,
                ..
            } = f
            else {
                continue;
            };
            let layout = if i + 1 == n && resume.is_none() {
                *gc_seen = true;
                running.expect("GC point in a running frame without a layout")
            } else {
                let r = resume.expect("suspended frame without a return info");
                match self.img.infos[r as usize].kind {
                    InfoKind::Ret { layout, .. } => layout,
                    _ => unreachable!(),
                }
            };
            let layout = &self.img.layouts[layout.0 as usize];
            assert_eq!(layout.size as usize, slots.len());
            for (s, v) in slots.iter_mut().enumerate() {
                if layout.is_pointer(s as u32) {
                    assert!(
                        is_ptr(*v),
                        "slot {s} is marked as a pointer but holds {v:#x}"
                    );
                } else if is_ptr(*v) {
                    *v |= POISON;
                }
            }
        }
    }

    fn prim(&mut self, name: &str, args: &[(Rep, u64)]) -> Vec<u64> {
        let ints: Vec<i64> = args
            .iter()
            .filter(|(r, _)| *r != Rep::Void)
            .map(|(_, v)| *v as i64)
            .collect();
        match name {
            "+#" => vec![(ints[0].wrapping_add(ints[1])) as u64],
            "-#" => vec![(ints[0].wrapping_sub(ints[1])) as u64],
            "*#" => vec![(ints[0].wrapping_mul(ints[1])) as u64],
            "intAdd#" => vec![(ints[0].wrapping_add(ints[1])) as u64],
            "intSub#" => vec![(ints[0].wrapping_sub(ints[1])) as u64],
            "intMul#" => vec![(ints[0].wrapping_mul(ints[1])) as u64],
            "intLt#" => vec![(ints[0] < ints[1]) as u64],
            "intLe#" => vec![(ints[0] <= ints[1]) as u64],
            "intGt#" => vec![(ints[0] > ints[1]) as u64],
            "intGe#" => vec![(ints[0] >= ints[1]) as u64],
            "intEq#" => vec![(ints[0] == ints[1]) as u64],
            "intNe#" => vec![(ints[0] != ints[1]) as u64],
            "intQuot#" if ints[1] != 0 => vec![(ints[0].wrapping_div(ints[1])) as u64],
            "intRem#" if ints[1] != 0 => vec![(ints[0].wrapping_rem(ints[1])) as u64],
            "intNegate#" => vec![(ints[0].wrapping_neg()) as u64],
            "integerToInt#" => vec![self.integer_literal(args[0].1) as u64],
            "printInt#" => {
                self.output.push(ints[0].to_string());
                vec![]
            }
            _ => panic!("primop {name} not supported by the reference evaluator"),
        }
    }

    fn enter_bco(&mut self, info: u32, payload: Vec<u64>, args: &[(Rep, u64)]) -> State {
        let bco = match &self.img.infos[info as usize].kind {
            InfoKind::Fun { bco, .. } | InfoKind::Thunk { bco, .. } => *bco,
            _ => unreachable!(),
        };
        let size = self.img.bcos[bco as usize].frame_size as usize;
        let words: Vec<u64> = args
            .iter()
            .filter(|(r, _)| *r != Rep::Void)
            .map(|(_, v)| *v)
            .collect();
        // Arguments occupy the highest slots, in order (docs/bytecode.md).
        let mut slots = vec![0u64; size];
        let base = size - words.len();
        slots[base..].copy_from_slice(&words);
        self.stack.push(Frame::Bco {
            bco,
            slots,
            node: payload,
            resume: None,
            gc_seen: false,
        });
        State::Run(0)
    }

    fn run(&mut self, mut state: State) -> Vec<u64> {
        self.stack.push(Frame::Stop);
        loop {
            self.steps += 1;
            self.max_stack = self.max_stack.max(self.stack.len());
            assert!(self.steps < 10_000_000, "evaluation does not terminate");
            state = match state {
                State::Enter(p) => {
                    let p = self.deref(p);
                    match self.obj(p).clone() {
                        Obj::Con { .. } | Obj::Fun { .. } | Obj::Pap { .. } => {
                            State::Return(vec![p])
                        }
                        Obj::BlackHole => panic!("<<loop>>"),
                        Obj::Thunk { info, payload } => {
                            if let InfoKind::Thunk {
                                update: UpdateFlag::Updatable,
                                ..
                            } = self.img.infos[info as usize].kind
                            {
                                self.heap[(p - PTR_BASE) as usize] = Obj::BlackHole;
                                self.stack.push(Frame::Update(p));
                            }
                            self.enter_bco(info, payload, &[])
                        }
                        Obj::Ind(_) => unreachable!(),
                    }
                }
                State::Apply(f, mut args) => {
                    let f = self.deref(f);
                    match self.obj(f).clone() {
                        Obj::Fun { info, payload } => {
                            let InfoKind::Fun { arg_reps, .. } =
                                &self.img.infos[info as usize].kind
                            else {
                                unreachable!()
                            };
                            let arity = arg_reps.len();
                            if args.len() == arity {
                                for ((r, _), want) in args.iter().zip(arg_reps) {
                                    assert_eq!(
                                        r, want,
                                        "argument rep mismatch calling {}",
                                        self.img.infos[info as usize].name
                                    );
                                }
                                self.enter_bco(info, payload, &args)
                            } else if args.len() < arity {
                                let pap = self.alloc(Obj::Pap { fun: f, args });
                                State::Return(vec![pap])
                            } else {
                                let rest = args.split_off(arity);
                                self.stack.push(Frame::Apply(rest));
                                State::Apply(f, args)
                            }
                        }
                        Obj::Pap {
                            fun,
                            args: mut held,
                        } => {
                            held.extend(args);
                            State::Apply(fun, held)
                        }
                        Obj::Thunk { .. } | Obj::BlackHole => {
                            self.stack.push(Frame::Apply(args));
                            State::Enter(f)
                        }
                        o => panic!("applying a non-function {o:?}"),
                    }
                }
                State::Return(vals) => match self.stack.pop().expect("stack underflow") {
                    Frame::Stop => return vals,
                    Frame::Update(p) => {
                        self.heap[(p - PTR_BASE) as usize] = Obj::Ind(vals[0]);
                        State::Return(vals)
                    }
                    Frame::Apply(args) => State::Apply(vals[0], args),
                    Frame::Bco {
                        bco,
                        slots,
                        node,
                        resume,
                        gc_seen,
                    } => {
                        let r = resume.expect("returning to a running frame");
                        let InfoKind::Ret { offset, .. } = self.img.infos[r as usize].kind else {
                            unreachable!()
                        };
                        self.stack.push(Frame::Bco {
                            bco,
                            slots,
                            node,
                            resume: None,
                            gc_seen,
                        });
                        self.returned = vals;
                        State::Run(offset)
                    }
                },
                State::Run(pc) => self.step(pc),
            }
        }
    }

    fn suspend(&mut self, ret: InfoIdx) {
        match self.stack.last_mut() {
            Some(Frame::Bco { resume, .. }) => *resume = Some(ret.0),
            _ => unreachable!(),
        }
    }

    /// Executes the instruction at `pc` of the running frame.
    fn step(&mut self, pc: u32) -> State {
        let (_, bco) = self.top_bco();
        let code = &self.img.bcos[bco as usize].code;
        let (instr, next) = Instr::decode(code, pc as usize).unwrap();
        let next = next as u32;
        match instr {
            Instr::Move { dst, src } => {
                let v = self.slot(src);
                self.set(dst, v);
            }
            Instr::LoadFv { dst, index } => {
                let Some(Frame::Bco { node, gc_seen, .. }) = self.stack.last() else {
                    unreachable!()
                };
                assert!(!gc_seen, "load.fv after a GC point");
                let v = node[index.0 as usize];
                self.set(dst, v);
            }
            Instr::LoadLit { dst, lit } => {
                let v = self.lit_value(lit.0);
                self.set(dst, v);
            }
            Instr::LoadStatic { dst, global } => self.set(dst, PTR_BASE + global.0 as u64),
            Instr::LoadField { dst, obj, index } => {
                let p = self.slot(obj);
                let p = self.deref(p);
                let Obj::Con { payload, .. } = self.obj(p) else {
                    panic!("load.field of a non-constructor")
                };
                let v = payload[index.0 as usize];
                self.set(dst, v);
            }
            Instr::HeapCheck { layout, .. } => self.gc_point(Some(layout)),
            Instr::AllocCon { dst, info, fields } => {
                let payload = fields.0.iter().map(|s| self.slot(*s)).collect();
                let p = self.alloc(Obj::Con {
                    info: info.0,
                    payload,
                });
                self.set(dst, p);
            }
            Instr::AllocClosure { dst, info, fvs } => {
                let payload = fvs.0.iter().map(|s| self.slot(*s)).collect();
                let o = match self.img.infos[info.0 as usize].kind {
                    InfoKind::Fun { .. } => Obj::Fun {
                        info: info.0,
                        payload,
                    },
                    _ => Obj::Thunk {
                        info: info.0,
                        payload,
                    },
                };
                let p = self.alloc(o);
                self.set(dst, p);
            }
            Instr::SetField { obj, index, src } => {
                let p = self.slot(obj);
                let v = self.slot(src);
                match &mut self.heap[(p - PTR_BASE) as usize] {
                    Obj::Con { payload, .. }
                    | Obj::Fun { payload, .. }
                    | Obj::Thunk { payload, .. } => payload[index.0 as usize] = v,
                    _ => panic!("set.field on a non-closure"),
                }
            }
            Instr::Eval { ret, x } => {
                let p = self.slot(x);
                let p = self.deref(p);
                if matches!(
                    self.obj(p),
                    Obj::Con { .. } | Obj::Fun { .. } | Obj::Pap { .. }
                ) {
                    self.returned = vec![p];
                    let InfoKind::Ret { offset, .. } = self.img.infos[ret.0 as usize].kind else {
                        unreachable!()
                    };
                    return State::Run(offset);
                }
                self.suspend(ret);
                self.gc_point(None);
                return State::Enter(p);
            }
            Instr::Call { ret, fun, args } => {
                let f = self.slot(fun);
                let args = self.args(&args);
                self.suspend(ret);
                self.gc_point(None);
                return State::Apply(f, args);
            }
            Instr::TailCall { fun, args } => {
                let f = self.slot(fun);
                let args = self.args(&args);
                self.stack.pop();
                return State::Apply(f, args);
            }
            Instr::Enter { x } => {
                let p = self.slot(x);
                self.stack.pop();
                return State::Enter(p);
            }
            Instr::Return { x } => {
                let p = self.slot(x);
                assert!(
                    matches!(
                        self.obj(self.deref(p)),
                        Obj::Con { .. } | Obj::Fun { .. } | Obj::Pap { .. }
                    ),
                    "return of an unevaluated value"
                );
                self.stack.pop();
                return State::Return(vec![p]);
            }
            Instr::ReturnVals { vals } => {
                let vals: Vec<u64> = self
                    .args(&vals)
                    .into_iter()
                    .filter(|(r, _)| *r != Rep::Void)
                    .map(|(_, v)| v)
                    .collect();
                self.stack.pop();
                return State::Return(vals);
            }
            Instr::Recv { dst, index } => {
                let v = self.returned[index.0 as usize];
                self.set(dst, v);
            }
            Instr::Jump { target } => return State::Run(target.0),
            Instr::SwitchTag { x, targets } => {
                let p = self.slot(x);
                let p = self.deref(p);
                let Obj::Con { info, .. } = self.obj(p) else {
                    panic!("switch on a non-constructor")
                };
                let InfoKind::Con { con } = self.img.infos[*info as usize].kind else {
                    unreachable!()
                };
                let tag = self.img.cons[con as usize].tag as usize;
                return State::Run(targets.0[tag].0);
            }
            Instr::JumpIfNeLit { x, lit, target } => {
                if self.slot(x) != self.lit_value(lit.0) {
                    return State::Run(target.0);
                }
            }
            // The inline operators run through this evaluator's own primop
            // code (by the operator's primop name), so a wrong mapping from
            // primop to operator shows as a wrong result.
            Instr::Arith { op, dst, a, b } => {
                let args = [(Rep::Int, self.slot(a)), (Rep::Int, self.slot(b))];
                let v = self.prim(op.primop_name(), &args)[0];
                self.set(dst, v);
            }
            Instr::ArithLit { op, dst, a, lit } => {
                let args = [(Rep::Int, self.slot(a)), (Rep::Int, self.lit_value(lit.0))];
                let v = self.prim(op.primop_name(), &args)[0];
                self.set(dst, v);
            }
            Instr::JumpUnless { op, a, b, target } => {
                let args = [(Rep::Int, self.slot(a)), (Rep::Int, self.slot(b))];
                if self.prim(op.primop_name(), &args)[0] == 0 {
                    return State::Run(target.0);
                }
            }
            Instr::JumpUnlessLit { op, a, lit, target } => {
                let args = [(Rep::Int, self.slot(a)), (Rep::Int, self.lit_value(lit.0))];
                if self.prim(op.primop_name(), &args)[0] == 0 {
                    return State::Run(target.0);
                }
            }
            Instr::Prim {
                prim,
                layout,
                results,
                args,
            } => {
                self.gc_point(Some(layout));
                let name = self.img.primops[prim.0 as usize].clone();
                let args = self.args(&args);
                let out = self.prim(&name, &args);
                assert_eq!(out.len(), results.0.len(), "result count of {name}");
                for (s, v) in results.0.iter().zip(out) {
                    self.set(*s, v);
                }
            }
            Instr::PrimTail { prim, args } => {
                let name = self.img.primops[prim.0 as usize].clone();
                let args = self.args(&args);
                self.stack.pop();
                return State::Return(self.prim(&name, &args));
            }
            Instr::PrimCall { .. } | Instr::ForeignCall { .. } => {
                panic!("not supported by the reference evaluator")
            }
            Instr::Panic { .. } => panic!("impossible case alternative reached"),
        }
        State::Run(next)
    }
}
