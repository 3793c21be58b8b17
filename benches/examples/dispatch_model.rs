//! A small model of the interpreter's dispatch loop, for choosing the
//! instruction encoding (docs/design/dispatch.md). It runs nfib's worker —
//! the same instruction sequence the stg code generator emits for it — in
//! four forms that differ only in encoding and instruction set; calls and
//! returns go through the same frame stack in all four:
//!
//! * `bytes`: the image's compact `u16` stream, decoded while running;
//! * `decoded`: the same instructions pre-decoded into an enum (what
//!   rts-core's loader does), arithmetic as direct instructions;
//! * `generic`: pre-decoded, but every arithmetic primop is one `prim`
//!   whose operator is found by a second dispatch on the primop index, with
//!   arguments and results passed through vectors (the interpreter of
//!   session 2), and literals loaded into slots by `load.lit`;
//! * `super`: pre-decoded with immediate (literal-table) operands and a
//!   compare-and-branch superinstruction (what session 3 adds).
//!
//! ```text
//! cargo run --release -p hsrts-benches --example dispatch_model -- all 27
//! valgrind --tool=callgrind target/release/examples/dispatch_model super 20
//! ```
//!
//! It prints thread CPU time per nfib call and per instruction.

use std::hint::black_box;

/// CPU time of this thread, in seconds.
#[cfg(unix)]
fn cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid timespec to write into.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

#[cfg(not(unix))]
fn cpu_seconds() -> f64 {
    std::time::SystemTime::UNIX_EPOCH
        .elapsed()
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Arithmetic operators (the primop table's index in `generic`).
#[derive(Clone, Copy, Debug)]
enum Op {
    Add,
    Sub,
    Lt,
}

/// Stand-in for the interpreter's general pure-primop function: a match
/// over many primops, kept out of line as the real one is.
#[inline(never)]
fn pure_op(op: u16, a: &[u64]) -> Option<u64> {
    let i = |k: usize| a[k] as i64;
    Some(match op {
        0 => i(0).wrapping_add(i(1)) as u64,
        1 => i(0).wrapping_sub(i(1)) as u64,
        2 => (i(0) < i(1)) as u64,
        3 => i(0).wrapping_mul(i(1)) as u64,
        4 => (i(0) == i(1)) as u64,
        5 => (i(0) > i(1)) as u64,
        6 => (i(0) & i(1)) as u64,
        7 => (i(0) | i(1)) as u64,
        _ => return None,
    })
}

#[inline(always)]
fn arith(op: Op, a: u64, b: u64) -> u64 {
    match op {
        Op::Add => a.wrapping_add(b),
        Op::Sub => a.wrapping_sub(b),
        Op::Lt => ((a as i64) < (b as i64)) as u64,
    }
}

/// One pre-decoded instruction. Slots are frame-relative.
#[derive(Clone, Debug)]
enum Instr {
    LoadLit {
        dst: u16,
        lit: u32,
    },
    /// `generic` only: results := primop(args) through vectors.
    Prim {
        op: u16,
        dst: u16,
        args: Vec<u16>,
    },
    Arith {
        op: Op,
        dst: u16,
        a: u16,
        b: u16,
    },
    ArithLit {
        op: Op,
        dst: u16,
        a: u16,
        lit: u32,
    },
    /// `super` only: if !(slot[a] < literal) then pc := target.
    JumpUnlessLtLit {
        a: u16,
        lit: u32,
        target: u32,
    },
    JumpIfNeLit {
        x: u16,
        lit: u32,
        target: u32,
    },
    /// Call nfib with slot[arg]; the result arrives in slot[dst].
    Call {
        arg: u16,
        dst: u16,
    },
    Return {
        x: u16,
    },
}

struct Frame {
    code_pc: u32,
    base: u32,
    dst: u16,
}

const FRAME: usize = 16;

/// nfib's worker in the four instruction sets. Slot 0 is the argument.
fn program(form: &str) -> Vec<Instr> {
    use Instr::*;
    match form {
        "generic" => vec![
            LoadLit { dst: 1, lit: 2 },
            Prim {
                op: 2,
                dst: 2,
                args: vec![0, 1],
            },
            JumpIfNeLit {
                x: 2,
                lit: 1,
                target: 6,
            },
            LoadLit { dst: 3, lit: 1 },
            Return { x: 3 },
            Return { x: 3 },
            LoadLit { dst: 4, lit: 1 },
            Prim {
                op: 1,
                dst: 5,
                args: vec![0, 4],
            },
            Call { arg: 5, dst: 6 },
            LoadLit { dst: 7, lit: 2 },
            Prim {
                op: 1,
                dst: 8,
                args: vec![0, 7],
            },
            Call { arg: 8, dst: 9 },
            Prim {
                op: 0,
                dst: 10,
                args: vec![6, 9],
            },
            LoadLit { dst: 11, lit: 1 },
            Prim {
                op: 0,
                dst: 12,
                args: vec![10, 11],
            },
            Return { x: 12 },
        ],
        "decoded" | "bytes" => vec![
            LoadLit { dst: 1, lit: 2 },
            Arith {
                op: Op::Lt,
                dst: 2,
                a: 0,
                b: 1,
            },
            JumpIfNeLit {
                x: 2,
                lit: 1,
                target: 6,
            },
            LoadLit { dst: 3, lit: 1 },
            Return { x: 3 },
            Return { x: 3 },
            LoadLit { dst: 4, lit: 1 },
            Arith {
                op: Op::Sub,
                dst: 5,
                a: 0,
                b: 4,
            },
            Call { arg: 5, dst: 6 },
            LoadLit { dst: 7, lit: 2 },
            Arith {
                op: Op::Sub,
                dst: 8,
                a: 0,
                b: 7,
            },
            Call { arg: 8, dst: 9 },
            Arith {
                op: Op::Add,
                dst: 10,
                a: 6,
                b: 9,
            },
            LoadLit { dst: 11, lit: 1 },
            Arith {
                op: Op::Add,
                dst: 12,
                a: 10,
                b: 11,
            },
            Return { x: 12 },
        ],
        _ => vec![
            JumpUnlessLtLit {
                a: 0,
                lit: 2,
                target: 3,
            },
            LoadLit { dst: 3, lit: 1 },
            Return { x: 3 },
            ArithLit {
                op: Op::Sub,
                dst: 5,
                a: 0,
                lit: 1,
            },
            Call { arg: 5, dst: 6 },
            ArithLit {
                op: Op::Sub,
                dst: 8,
                a: 0,
                lit: 2,
            },
            Call { arg: 8, dst: 9 },
            Arith {
                op: Op::Add,
                dst: 10,
                a: 6,
                b: 9,
            },
            ArithLit {
                op: Op::Add,
                dst: 12,
                a: 10,
                lit: 1,
            },
            Return { x: 12 },
        ],
    }
}

/// The literal table: index = value here, for simplicity.
static LITERALS: [u64; 3] = [0, 1, 2];

struct Machine {
    slots: Vec<u64>,
    frames: Vec<Frame>,
    args: Vec<u64>,
    rets: Vec<u64>,
    steps: u64,
}

impl Machine {
    fn new() -> Self {
        Machine {
            slots: Vec::with_capacity(1 << 16),
            frames: Vec::with_capacity(1 << 12),
            args: Vec::new(),
            rets: Vec::new(),
            steps: 0,
        }
    }

    fn push(&mut self, arg: u64, ret_pc: u32, dst: u16) -> usize {
        let base = self.slots.len();
        self.slots.resize(base + FRAME, 0);
        self.slots[base] = arg;
        self.frames.push(Frame {
            code_pc: ret_pc,
            base: base as u32,
            dst,
        });
        base
    }

    /// Runs the decoded forms.
    fn run(&mut self, code: &[Instr], n: u64) -> u64 {
        let mut base = self.push(n, u32::MAX, 0);
        let mut pc = 0usize;
        loop {
            self.steps += 1;
            let instr = &code[pc];
            pc += 1;
            match instr {
                Instr::LoadLit { dst, lit } => {
                    self.slots[base + *dst as usize] = LITERALS[*lit as usize];
                }
                Instr::Prim { op, dst, args } => {
                    self.args.clear();
                    for a in args {
                        self.args.push(self.slots[base + *a as usize]);
                    }
                    let v = pure_op(*op, &self.args).unwrap_or(0);
                    self.rets.clear();
                    self.rets.push(v);
                    self.slots[base + *dst as usize] = self.rets[0];
                }
                Instr::Arith { op, dst, a, b } => {
                    let (x, y) = (
                        self.slots[base + *a as usize],
                        self.slots[base + *b as usize],
                    );
                    self.slots[base + *dst as usize] = arith(*op, x, y);
                }
                Instr::ArithLit { op, dst, a, lit } => {
                    let x = self.slots[base + *a as usize];
                    self.slots[base + *dst as usize] = arith(*op, x, LITERALS[*lit as usize]);
                }
                Instr::JumpUnlessLtLit { a, lit, target } => {
                    if (self.slots[base + *a as usize] as i64) >= LITERALS[*lit as usize] as i64 {
                        pc = *target as usize;
                    }
                }
                Instr::JumpIfNeLit { x, lit, target } => {
                    if self.slots[base + *x as usize] != LITERALS[*lit as usize] {
                        pc = *target as usize;
                    }
                }
                Instr::Call { arg, dst } => {
                    let a = self.slots[base + *arg as usize];
                    // The caller's resume point is this call's successor.
                    if let Some(f) = self.frames.last_mut() {
                        f.code_pc = pc as u32;
                        f.dst = *dst;
                    }
                    base = self.push(a, u32::MAX, 0);
                    pc = 0;
                }
                Instr::Return { x } => {
                    let v = self.slots[base + *x as usize];
                    self.frames.pop();
                    self.slots.truncate(base);
                    let Some(f) = self.frames.last() else {
                        return v;
                    };
                    base = f.base as usize;
                    pc = f.code_pc as usize;
                    self.slots[base + f.dst as usize] = v;
                }
            }
        }
    }

    /// Runs the `u16` stream form (`bytes`): opcode unit, then operands
    /// (slots one unit, literal indices and targets two).
    fn run_bytes(&mut self, code: &[u16], n: u64) -> u64 {
        let mut base = self.push(n, u32::MAX, 0);
        let mut pc = 0usize;
        let wide = |code: &[u16], at: usize| code[at] as u32 | (code[at + 1] as u32) << 16;
        loop {
            self.steps += 1;
            let op = code[pc];
            match op {
                1 => {
                    let dst = code[pc + 1] as usize;
                    let lit = wide(code, pc + 2);
                    self.slots[base + dst] = LITERALS[lit as usize];
                    pc += 4;
                }
                2..=4 => {
                    let (dst, a, b) = (
                        code[pc + 1] as usize,
                        code[pc + 2] as usize,
                        code[pc + 3] as usize,
                    );
                    let opr = [Op::Add, Op::Sub, Op::Lt][(op - 2) as usize];
                    self.slots[base + dst] = arith(opr, self.slots[base + a], self.slots[base + b]);
                    pc += 4;
                }
                5 => {
                    let x = code[pc + 1] as usize;
                    let lit = wide(code, pc + 2);
                    let target = wide(code, pc + 4);
                    pc += 6;
                    if self.slots[base + x] != LITERALS[lit as usize] {
                        pc = target as usize;
                    }
                }
                6 => {
                    let (arg, dst) = (code[pc + 1] as usize, code[pc + 2]);
                    pc += 3;
                    let a = self.slots[base + arg];
                    if let Some(f) = self.frames.last_mut() {
                        f.code_pc = pc as u32;
                        f.dst = dst;
                    }
                    base = self.push(a, u32::MAX, 0);
                    pc = 0;
                }
                _ => {
                    let v = self.slots[base + code[pc + 1] as usize];
                    self.frames.pop();
                    self.slots.truncate(base);
                    let Some(f) = self.frames.last() else {
                        return v;
                    };
                    base = f.base as usize;
                    pc = f.code_pc as usize;
                    self.slots[base + f.dst as usize] = v;
                }
            }
        }
    }
}

/// Encodes the `decoded` program as a `u16` stream (jump targets become
/// unit offsets).
fn encode(code: &[Instr]) -> Vec<u16> {
    let size = |i: &Instr| match i {
        Instr::LoadLit { .. } | Instr::Arith { .. } => 4,
        Instr::JumpIfNeLit { .. } => 6,
        Instr::Call { .. } => 3,
        _ => 2,
    };
    let mut offsets = vec![0u32];
    for i in code {
        offsets.push(offsets.last().copied().unwrap_or(0) + size(i));
    }
    let mut out = Vec::new();
    let wide = |out: &mut Vec<u16>, v: u32| {
        out.push(v as u16);
        out.push((v >> 16) as u16);
    };
    for i in code {
        match i {
            Instr::LoadLit { dst, lit } => {
                out.extend([1, *dst]);
                wide(&mut out, *lit);
            }
            Instr::Arith { op, dst, a, b } => {
                out.extend([2 + *op as u16, *dst, *a, *b]);
            }
            Instr::JumpIfNeLit { x, lit, target } => {
                out.extend([5, *x]);
                wide(&mut out, *lit);
                wide(&mut out, offsets[*target as usize]);
            }
            Instr::Call { arg, dst } => out.extend([6, *arg, *dst]),
            Instr::Return { x } => out.extend([7, *x]),
            other => panic!("not in the byte-coded form: {other:?}"),
        }
    }
    out
}

fn nfib(n: u64) -> u64 {
    if n < 2 {
        1
    } else {
        nfib(n - 1) + nfib(n - 2) + 1
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "all".to_string());
    let n: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(25);
    let reps: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let forms: Vec<&str> = if which == "all" {
        vec!["bytes", "decoded", "generic", "super"]
    } else {
        vec![which.as_str()]
    };
    let expected = nfib(n);
    println!("nfib {n} = {expected} calls; best of {reps} runs, thread CPU time");
    println!("form     | ns/call | instrs/call | ns/instr | M instrs/s");
    for form in forms {
        let code = program(form);
        let bytes = encode(&program("decoded"));
        let mut best = f64::INFINITY;
        let mut steps = 0;
        for _ in 0..reps {
            let mut m = Machine::new();
            let t = cpu_seconds();
            let r = if form == "bytes" {
                m.run_bytes(black_box(&bytes), black_box(n))
            } else {
                m.run(black_box(&code), black_box(n))
            };
            let dt = cpu_seconds() - t;
            assert_eq!(r, expected, "{form} computed a wrong nfib");
            best = best.min(dt);
            steps = m.steps;
        }
        let calls = expected as f64;
        println!(
            "{form:8} | {:7.2} | {:11.2} | {:8.2} | {:10.0}",
            best * 1e9 / calls,
            steps as f64 / calls,
            best * 1e9 / steps as f64,
            steps as f64 / best / 1e6
        );
    }
}
