//! The operations compiled code calls: one method of [`Code`] per
//! instruction of the bytecode (docs/bytecode.md), with the same meaning
//! the interpreter's dispatch loop (`Machine::run_bco`) gives it. A
//! generated function opens a [`Code`] on the top frame and calls these in
//! the order the instructions appear; control flow (jumps, switches,
//! resume points) is Rust control flow in the generated function.
//!
//! Note [Two implementations of one instruction set]
//! These methods repeat the bodies of `run_bco`'s match arms rather than
//! sharing them, so the interpreter's hot loop stays as measured. Their
//! agreement is tested by running the same programs both ways (the native
//! program tests in crates/native-tests/tests/native_programs.rs compare
//! with the corpus outputs the interpreter is held to). A change to an
//! instruction's meaning must be made in both places.

use bytecode::{Arg, BinOp, Rep};

use super::super::{Frame, Machine, NO_LAYOUT, Next, PrimOut, deref, internal, is_value};
use super::Jump;
use crate::info::ClosureType;
use crate::interp::RunError;
use crate::loader::LoadedInfo;
use crate::word::{ClosurePtr, WORD_BYTES, Word};

/// Whether an operation that may leave the function did.
#[derive(Debug)]
#[must_use]
pub enum Flow {
    /// Carry on with the next instruction.
    Continue,
    /// Return this from the generated function.
    Leave(Option<Jump>),
}

/// The running activation of a compiled bytecode object: the machine and
/// the base of the top frame's slots.
pub struct Code<'m, 'a> {
    m: &'m mut Machine<'a>,
    base: usize,
}

fn leave(n: Next) -> Result<Option<Jump>, RunError> {
    Ok(Some(Jump(n)))
}

impl<'m, 'a> Code<'m, 'a> {
    /// Opens the top BCO frame (counting the activation against
    /// `InterpConfig::max_steps`, as the interpreter does).
    #[inline]
    pub fn enter(m: &'m mut Machine<'a>) -> Result<Self, RunError> {
        let Some(&Frame::Bco { base, .. }) = m.st.frames.last() else {
            return Err(internal("running without a BCO frame"));
        };
        m.steps += 1;
        if m.steps > m.config.max_steps.unwrap_or(u64::MAX) {
            return Err(RunError::StepLimit);
        }
        Ok(Code {
            m,
            base: base as usize,
        })
    }

    #[inline(always)]
    fn get(&self, s: u16) -> Word {
        self.m.st.slots[self.base + s as usize]
    }

    #[inline(always)]
    fn put(&mut self, s: u16, v: Word) {
        self.m.st.slots[self.base + s as usize] = v;
    }

    fn collect_args(&mut self, args: &[Arg]) {
        self.m.st.args.clear();
        for a in args {
            let w = if a.rep == Rep::Void {
                0
            } else {
                self.get(a.slot.0)
            };
            self.m.st.args.push((a.rep, w));
        }
    }

    /// `move`.
    #[inline(always)]
    pub fn mov(&mut self, dst: u16, src: u16) {
        let v = self.get(src);
        self.put(dst, v);
    }

    /// `load.fv`.
    #[inline(always)]
    pub fn load_fv(&mut self, dst: u16, index: u16) -> Result<(), RunError> {
        let v = *self
            .m
            .node
            .get(index as usize)
            .ok_or_else(|| internal("load.fv past the payload"))?;
        self.put(dst, v);
        Ok(())
    }

    /// `load.lit`.
    #[inline(always)]
    pub fn load_lit(&mut self, dst: u16, lit: u32) {
        let v = self.m.program.literals[lit as usize].word;
        self.put(dst, v);
    }

    /// `load.static`.
    #[inline(always)]
    pub fn load_static(&mut self, dst: u16, global: u32) {
        let v = self.m.program.statics[global as usize].to_word();
        self.put(dst, v);
    }

    /// `load.field`.
    #[inline(always)]
    pub fn load_field(&mut self, dst: u16, obj: u16, index: u16) {
        // SAFETY: slot[obj] is an evaluated constructor (writer's contract);
        // the index is inside its payload.
        let v = unsafe { deref(ClosurePtr::from_word(self.get(obj))).payload(index as usize) };
        self.put(dst, v);
    }

    /// `heap.check` at instruction `pc` (resumed there after a safe point).
    #[inline]
    pub fn heap_check(&mut self, words: u32, layout: u32, pc: u32) -> Result<Flow, RunError> {
        let (hp, lim) = self.m.storage.hp_window();
        if hp + words as usize * WORD_BYTES <= lim {
            return Ok(Flow::Continue);
        }
        self.m.set_layout(layout);
        self.m.heap_check(words as usize)?;
        if self.m.at_safe_point() {
            if let Some(Frame::Bco { resume, .. }) = self.m.st.frames.last_mut() {
                *resume = pc;
            }
            return self
                .m
                .safe_point(Next::Run(pc))
                .map(|n| Flow::Leave(n.map(Jump)));
        }
        self.m.set_layout(NO_LAYOUT);
        Ok(Flow::Continue)
    }

    /// `alloc.con`.
    #[inline]
    pub fn alloc_con(&mut self, dst: u16, info: u32, fields: &[u16]) -> Result<(), RunError> {
        let LoadedInfo::Con { table } = self.m.program.infos[info as usize] else {
            return Err(internal("alloc.con of a non-constructor"));
        };
        let p = self.m.alloc_checked(1 + fields.len())?;
        // SAFETY: a fresh closure of 1 + fields words, filled.
        unsafe {
            p.set_info(table);
            for (i, s) in fields.iter().enumerate() {
                p.set_payload(i, self.get(*s));
            }
        }
        self.put(dst, p.to_word());
        Ok(())
    }

    /// `alloc.closure`.
    #[inline]
    pub fn alloc_closure(&mut self, dst: u16, info: u32, fvs: &[u16]) -> Result<(), RunError> {
        let table = match self.m.program.infos[info as usize] {
            LoadedInfo::Fun { table, .. } | LoadedInfo::Thunk { table, .. } => table,
            _ => return Err(internal("alloc.closure of a non-closure")),
        };
        let n = fvs.len();
        let min = usize::from(table.closure_type == ClosureType::Thunk);
        let p = self.m.alloc_checked(1 + n.max(min))?;
        // SAFETY: a fresh closure of 1 + max(n, min) words, filled.
        unsafe {
            p.set_info(table);
            if n == 0 && min == 1 {
                p.set_payload(0, 0);
            }
            for (i, s) in fvs.iter().enumerate() {
                p.set_payload(i, self.get(*s));
            }
        }
        self.put(dst, p.to_word());
        Ok(())
    }

    /// `set.field`.
    #[inline]
    pub fn set_field(&mut self, obj: u16, index: u16, src: u16) {
        let p = ClosurePtr::from_word(self.get(obj));
        // SAFETY: a closure allocated since the last GC point (letrec
        // knot), so young: no write barrier needed.
        unsafe { p.set_payload(index as usize, self.get(src)) };
    }

    /// `eval`: `Continue` when slot[x] is already a value (it is in
    /// `rets`; the caller continues at `ret`'s resume point).
    #[inline]
    pub fn eval(&mut self, ret: u32, x: u16) -> Result<Flow, RunError> {
        // SAFETY: slots hold live closures.
        let p = unsafe { deref(ClosurePtr::from_word(self.get(x))) };
        // SAFETY: as above.
        if is_value(unsafe { p.info() }.closure_type) {
            self.m.rets.clear();
            self.m.rets.push(p.to_word());
            Ok(Flow::Continue)
        } else {
            self.m.suspend(ret)?;
            Ok(Flow::Leave(Some(Jump(Next::Enter(p)))))
        }
    }

    /// `call`.
    #[inline]
    pub fn call(&mut self, ret: u32, fun: u16, args: &[Arg]) -> Result<Option<Jump>, RunError> {
        let f = ClosurePtr::from_word(self.get(fun));
        self.collect_args(args);
        self.m.suspend(ret)?;
        leave(Next::Apply(f))
    }

    /// `tailcall`.
    #[inline]
    pub fn tail_call(&mut self, fun: u16, args: &[Arg]) -> Result<Option<Jump>, RunError> {
        let f = ClosurePtr::from_word(self.get(fun));
        self.collect_args(args);
        self.m.pop_bco();
        leave(Next::Apply(f))
    }

    /// `enter`.
    #[inline]
    pub fn enter_slot(&mut self, x: u16) -> Result<Option<Jump>, RunError> {
        let p = ClosurePtr::from_word(self.get(x));
        self.m.pop_bco();
        leave(Next::Enter(p))
    }

    /// `return`.
    #[inline]
    pub fn ret(&mut self, x: u16) -> Result<Option<Jump>, RunError> {
        let v = self.get(x);
        self.m.rets.clear();
        self.m.rets.push(v);
        self.m.pop_bco();
        leave(Next::Return)
    }

    /// `return.vals`.
    #[inline]
    pub fn return_vals(&mut self, vals: &[Arg]) -> Result<Option<Jump>, RunError> {
        self.m.rets.clear();
        for a in vals {
            if a.rep != Rep::Void {
                let v = self.get(a.slot.0);
                self.m.rets.push(v);
            }
        }
        self.m.pop_bco();
        leave(Next::Return)
    }

    /// `recv`.
    #[inline(always)]
    pub fn recv(&mut self, dst: u16, index: u16) -> Result<(), RunError> {
        let v = *self
            .m
            .rets
            .get(index as usize)
            .ok_or_else(|| internal("recv of a missing return value"))?;
        self.put(dst, v);
        Ok(())
    }

    /// `switch.tag`: the constructor tag of the evaluated slot[x].
    #[inline(always)]
    pub fn tag(&self, x: u16) -> u32 {
        // SAFETY: slot[x] is an evaluated constructor.
        unsafe { deref(ClosurePtr::from_word(self.get(x))).info().con_tag }
    }

    /// The error for a tag with no alternative in `switch.tag`.
    pub fn bad_tag(&self) -> RunError {
        internal("constructor tag out of range in switch.tag")
    }

    /// `jump.ne.lit`'s test: whether slot[x] differs from literal `lit`.
    #[inline(always)]
    pub fn ne_lit(&self, x: u16, lit: u32) -> bool {
        let l = self.m.program.literals[lit as usize];
        let v = self.get(x);
        if l.is_double {
            f64::from_bits(v) != f64::from_bits(l.word)
        } else if l.is_float {
            f32::from_bits(v as u32) != f32::from_bits(l.word as u32)
        } else {
            v != l.word
        }
    }

    /// `arith`.
    #[inline(always)]
    pub fn arith(&mut self, op: BinOp, dst: u16, a: u16, b: u16) {
        let v = op.eval(self.get(a), self.get(b));
        self.put(dst, v);
    }

    /// `arith.lit`.
    #[inline(always)]
    pub fn arith_lit(&mut self, op: BinOp, dst: u16, a: u16, lit: u32) {
        let l = self.m.program.literals[lit as usize].word;
        let v = op.eval(self.get(a), l);
        self.put(dst, v);
    }

    /// `jump.unless`'s test: whether `slot[a] op slot[b]` is false.
    #[inline(always)]
    pub fn unless(&self, op: BinOp, a: u16, b: u16) -> bool {
        op.eval(self.get(a), self.get(b)) == 0
    }

    /// `jump.unless.lit`'s test: whether `slot[a] op literal` is false.
    #[inline(always)]
    pub fn unless_lit(&self, op: BinOp, a: u16, lit: u32) -> bool {
        let l = self.m.program.literals[lit as usize].word;
        op.eval(self.get(a), l) == 0
    }

    /// `prim` at instruction index `pc` (a blocked primop resumes at
    /// `pc + 1` after its results are stored).
    #[inline]
    pub fn prim(
        &mut self,
        prim: u16,
        layout: u32,
        results: &[u16],
        args: &[Arg],
        pc: u32,
    ) -> Result<Flow, RunError> {
        self.collect_args(args);
        self.m.set_layout(layout);
        let out = self.m.dispatch_prim(prim)?;
        self.m.set_layout(NO_LAYOUT);
        match out {
            PrimOut::Block(on) => {
                if let Some(Frame::Bco {
                    layout: l, resume, ..
                }) = self.m.st.frames.last_mut()
                {
                    *l = layout;
                    *resume = pc + 1;
                }
                self.m.st.frames.push(Frame::PrimResults);
                self.m.block_current(on).map(|n| Flow::Leave(Some(Jump(n))))
            }
            PrimOut::Values => {
                self.m.st.args.clear();
                if self.m.rets.len() < results.len() {
                    return Err(internal("primop returned too few results"));
                }
                for (i, s) in results.iter().enumerate() {
                    let v = self.m.rets[i];
                    self.put(*s, v);
                }
                Ok(Flow::Continue)
            }
            PrimOut::Next(n) => Ok(Flow::Leave(Some(Jump(n)))),
            PrimOut::Exit(c) => {
                self.m.exit_code = Some(c);
                Ok(Flow::Leave(None))
            }
        }
    }

    fn finish_prim(&mut self, out: PrimOut) -> Result<Option<Jump>, RunError> {
        match out {
            PrimOut::Values => {
                self.m.st.args.clear();
                leave(Next::Return)
            }
            PrimOut::Block(on) => self.m.block_current(on).map(|n| Some(Jump(n))),
            PrimOut::Next(n) => leave(n),
            PrimOut::Exit(c) => {
                self.m.exit_code = Some(c);
                Ok(None)
            }
        }
    }

    /// `prim.call`.
    #[inline]
    pub fn prim_call(
        &mut self,
        ret: u32,
        prim: u16,
        args: &[Arg],
    ) -> Result<Option<Jump>, RunError> {
        self.collect_args(args);
        self.m.suspend(ret)?;
        let out = self.m.dispatch_prim(prim)?;
        self.finish_prim(out)
    }

    /// `prim.tail`.
    #[inline]
    pub fn prim_tail(&mut self, prim: u16, args: &[Arg]) -> Result<Option<Jump>, RunError> {
        self.collect_args(args);
        self.m.pop_bco();
        let out = self.m.dispatch_prim(prim)?;
        self.finish_prim(out)
    }

    /// `ffi.call`.
    #[inline]
    pub fn foreign_call(
        &mut self,
        call: u32,
        layout: u32,
        results: &[u16],
        args: &[u16],
    ) -> Result<(), RunError> {
        let results: Vec<bytecode::Slot> = results.iter().map(|s| bytecode::Slot(*s)).collect();
        let args: Vec<bytecode::Slot> = args.iter().map(|s| bytecode::Slot(*s)).collect();
        self.m
            .foreign_call(self.base, call, layout, &results, &args)
    }

    /// The error for a resume index that is not a block of the function
    /// (a generated function entered at a point it does not have).
    pub fn bad_resume(&self, pc: u32) -> RunError {
        internal(format!(
            "compiled code resumed at {pc}, which is not a block start"
        ))
    }

    /// `panic`: an impossible case alternative in bytecode object `name`.
    pub fn panic(&self, name: &str) -> RunError {
        internal(format!("impossible case alternative reached in {name}"))
    }
}
