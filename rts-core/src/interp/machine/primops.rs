//! The primops the dispatch loop runs itself: the ones that allocate
//! (strings, mutable variables, Integers), do IO, collect garbage, or
//! continue elsewhere (catch, raise, mask). Pure word primops are in
//! `interp::prims::pure_op`.
//!
//! Arguments arrive in `st.args` (a GC root): anything that may allocate
//! reads its pointer arguments from there *after* the allocation.

use super::{Frame, Machine, Next, PrimOut, internal};
use crate::builtins;
use crate::interp::RunError;
use crate::interp::prims::{Prim, PrimFail, pure_op, show_digits};
use crate::loader::INTEGER_SMALL;
use crate::word::{ClosurePtr, Word};
use bytecode::Rep;

impl Machine<'_> {
    fn arg(&self, i: usize) -> Word {
        self.st
            .args
            .iter()
            .filter(|(r, _)| *r != Rep::Void)
            .nth(i)
            .map(|(_, w)| *w)
            .unwrap_or(0)
    }

    fn ret1(&mut self, v: Word) -> PrimOut {
        self.rets.clear();
        self.rets.push(v);
        PrimOut::Values
    }

    fn ret0(&mut self) -> PrimOut {
        self.rets.clear();
        PrimOut::Values
    }

    /// Builds a fully evaluated `[Char]` (from the end, one cell at a time;
    /// the partial list is a root across each allocation).
    pub(super) fn make_string(&mut self, s: &str) -> Result<ClosurePtr, RunError> {
        let w = self.program.wired;
        self.st.extra.push(w.nil);
        let top = self.st.extra.len() - 1;
        for c in s.chars().rev() {
            let cell = self.alloc(2 + 3)?;
            let boxed = ClosurePtr::from_addr(cell.addr() + 3 * 8);
            let tail = self.st.extra[top];
            // SAFETY: a fresh 5-word area: a 3-word cons cell then a 2-word C#.
            unsafe {
                cell.set_info(w.cons);
                cell.set_payload(0, boxed.to_word());
                cell.set_payload(1, tail.to_word());
                boxed.set_info(w.char_box);
                boxed.set_payload(0, c as Word);
            }
            self.st.extra[top] = cell;
        }
        Ok(self.st.extra.pop().unwrap_or(w.nil))
    }

    /// Builds a list of strings.
    fn make_string_list(&mut self, items: &[String]) -> Result<ClosurePtr, RunError> {
        let w = self.program.wired;
        self.st.extra.push(w.nil);
        let top = self.st.extra.len() - 1;
        for s in items.iter().rev() {
            let head = self.make_string(s)?;
            self.st.extra.push(head);
            let cell = self.alloc(3)?;
            let head = self.st.extra.pop().unwrap_or(w.nil);
            let tail = self.st.extra[top];
            // SAFETY: a fresh 3-word cons cell.
            unsafe {
                cell.set_info(w.cons);
                cell.set_payload(0, head.to_word());
                cell.set_payload(1, tail.to_word());
            }
            self.st.extra[top] = cell;
        }
        Ok(self.st.extra.pop().unwrap_or(w.nil))
    }

    /// Reads a fully evaluated `[Char]` (the wrapper forces it first).
    fn read_string(&self, p: Word) -> Result<String, RunError> {
        let mut out = String::new();
        // SAFETY: an evaluated list of evaluated `C#` boxes (primop contract).
        unsafe {
            let mut p = super::deref(ClosurePtr::from_word(p));
            while p.info().ptrs == 2 {
                let c = super::deref(p.payload_ptr(0)).payload(0);
                out.push(char::from_u32(c as u32).unwrap_or('\u{FFFD}'));
                p = super::deref(p.payload_ptr(1));
            }
        }
        Ok(out)
    }

    fn small_integer(&self, p: Word) -> Result<i64, RunError> {
        // SAFETY: an evaluated Integer object.
        unsafe {
            let p = super::deref(ClosurePtr::from_word(p));
            if !std::ptr::eq(p.info(), &INTEGER_SMALL) {
                return Err(internal("Integer primop on a non-Integer"));
            }
            Ok(p.payload(0) as i64)
        }
    }

    fn new_integer(&mut self, v: Option<i64>) -> Result<PrimOut, RunError> {
        let p = self.integer_object(v)?;
        Ok(self.ret1(p.to_word()))
    }

    fn integer_object(&mut self, v: Option<i64>) -> Result<ClosurePtr, RunError> {
        let v = v.ok_or_else(|| {
            RunError::Unimplemented("big Integer arithmetic (result outside 64 bits)".to_owned())
        })?;
        let p = self.alloc(2)?;
        // SAFETY: a fresh 2-word constructor.
        unsafe {
            p.set_info(&INTEGER_SMALL);
            p.set_payload(0, v as Word);
        }
        Ok(p)
    }

    /// Two Integer results (quotRem, divMod); the first is a root while
    /// the second is allocated.
    fn integer_pair(&mut self, a: Option<i64>, b: Option<i64>) -> Result<PrimOut, RunError> {
        let x = self.integer_object(a)?;
        self.st.extra.push(x);
        let y = self.integer_object(b)?;
        let x = self.st.extra.pop().unwrap_or(x);
        self.rets.clear();
        self.rets.push(x.to_word());
        self.rets.push(y.to_word());
        Ok(PrimOut::Values)
    }

    fn write_out(&mut self, fd: i64, bytes: &[u8]) -> Result<(), RunError> {
        self.out.write(fd, bytes).map_err(RunError::Io)
    }

    /// Runs primop number `idx` of the image on `st.args`.
    pub(super) fn exec_prim(&mut self, idx: u16) -> Result<PrimOut, RunError> {
        let Some(p) = self.program.prims[idx as usize] else {
            return Err(RunError::Unimplemented(
                self.program.prim_names[idx as usize].clone(),
            ));
        };
        let mut a = [0 as Word; 4];
        let mut n = 0;
        for (r, w) in &self.st.args {
            if *r != Rep::Void {
                if n < 4 {
                    a[n] = *w;
                }
                n += 1;
            }
        }
        match pure_op(p, &a[..n.min(4)]) {
            Ok(Some(v)) => return Ok(self.ret1(v)),
            Ok(None) => {}
            Err(fail) => {
                let exc = match fail {
                    PrimFail::DivZero => self.program.div_zero,
                    PrimFail::Overflow => self.program.overflow,
                };
                let exc = exc.ok_or_else(|| internal("arithmetic exception closure missing"))?;
                return Ok(PrimOut::Next(Next::Raise(exc)));
            }
        }
        use Prim::*;
        let out = match p {
            IntToString => self.string_result(&(a[0] as i64).to_string())?,
            WordToString => self.string_result(&a[0].to_string())?,
            UnpackCString => {
                // SAFETY: a String literal's address: NUL-terminated bytes
                // owned by the loaded program.
                let bytes = unsafe { std::ffi::CStr::from_ptr(a[0] as usize as *const _) };
                let s = String::from_utf8_lossy(bytes.to_bytes()).into_owned();
                self.string_result(&s)?
            }
            CharGeneralCategory => {
                let c = char::from_u32(a[0] as u32).unwrap_or('\u{FFFD}');
                self.ret1(general_category(c))
            }
            HPutChar => {
                let c = char::from_u32(a[1] as u32).unwrap_or('\u{FFFD}');
                let mut buf = [0u8; 4];
                self.write_out(a[0] as i64, c.encode_utf8(&mut buf).as_bytes())?;
                self.ret1(0)
            }
            HFlush => {
                self.out.flush(a[0] as i64).map_err(RunError::Io)?;
                self.ret0()
            }
            HSetBuffering | RealWorld => self.ret0(),
            Exit => {
                let _ = self.out.flush(1);
                let _ = self.out.flush(2);
                PrimOut::Exit(a[0] as i64)
            }
            Catch => {
                let io = ClosurePtr::from_word(a[0]);
                let handler = ClosurePtr::from_word(a[1]);
                self.push_frame(Frame::Catch(handler))?;
                self.st.args.clear();
                self.st.args.push((Rep::Void, 0));
                PrimOut::Next(Next::Apply(io))
            }
            Raise | RaiseIO => PrimOut::Next(Next::Raise(ClosurePtr::from_word(a[0]))),
            MaskAsync | UnmaskAsync | MaskUninterruptible => {
                // No asynchronous exceptions yet: masking is a no-op.
                let io = ClosurePtr::from_word(a[0]);
                self.st.args.clear();
                self.st.args.push((Rep::Void, 0));
                PrimOut::Next(Next::Apply(io))
            }
            GetMaskingState => self.ret1(0),
            NewMutVar => {
                let mv = self.alloc(2)?;
                let v = self.arg(0);
                // SAFETY: a fresh 2-word MUT_VAR.
                unsafe {
                    mv.set_info(&builtins::MUT_VAR_CLEAN);
                    mv.set_payload(0, v);
                }
                self.ret1(mv.to_word())
            }
            ReadMutVar => {
                // SAFETY: a live MUT_VAR.
                let v = unsafe { super::deref(ClosurePtr::from_word(a[0])).payload(0) };
                self.ret1(v)
            }
            WriteMutVar => {
                // SAFETY: a live MUT_VAR; the barrier follows.
                let mv = unsafe { super::deref(ClosurePtr::from_word(a[0])) };
                // SAFETY: payload 0 of a MUT_VAR is its value.
                unsafe { mv.set_payload(0, a[1]) };
                self.storage.record_mutation(mv);
                self.ret0()
            }
            SameMutVar => self.ret1((a[0] == a[1]) as Word),
            AtomicModifyMutVar => {
                // Lazily, as GHC: r = f old (an AP), content := fst r,
                // result snd r; three 4-word APs in one allocation.
                let (Some(fst), Some(snd)) = (self.program.tuple_fst, self.program.tuple_snd)
                else {
                    return Err(internal("GHC.Base.fst/snd missing for atomicModifyMutVar#"));
                };
                let base = self.alloc(12)?;
                // SAFETY: st.args was updated by any GC; a live MUT_VAR.
                let mv = unsafe { super::deref(ClosurePtr::from_word(self.arg(0))) };
                let f = self.arg(1);
                // SAFETY: payload 0 of a MUT_VAR is its value.
                let old = unsafe { mv.payload(0) };
                let desc = crate::closure::PapArgs {
                    n_args: 1,
                    arity: 0,
                    non_pointer_mask: 0,
                }
                .to_word();
                let r = base;
                let first = ClosurePtr::from_addr(base.addr() + 4 * 8);
                let second = ClosurePtr::from_addr(base.addr() + 8 * 8);
                // SAFETY: three fresh 4-word AP closures, filled completely;
                // then the MUT_VAR store with its write barrier.
                unsafe {
                    for (ap, fun, arg) in [
                        (r, f, old),
                        (first, fst.to_word(), r.to_word()),
                        (second, snd.to_word(), r.to_word()),
                    ] {
                        ap.set_info(&builtins::AP);
                        ap.set_payload(0, desc);
                        ap.set_payload(1, fun);
                        ap.set_payload(2, arg);
                    }
                    mv.set_payload(0, first.to_word());
                }
                self.storage.record_mutation(mv);
                self.ret1(second.to_word())
            }
            PerformMajorGC | PerformMinorGC => {
                let mut roots = super::Roots {
                    state: &mut self.st,
                    program: self.program,
                };
                self.storage
                    .collect(&mut roots, p == PerformMajorGC)
                    .map_err(|_| RunError::HeapOverflow)?;
                self.ret0()
            }
            GetArgs => {
                let args = self.config.args.clone();
                let l = self.make_string_list(&args)?;
                self.ret1(l.to_word())
            }
            GetProgName => {
                let name = self.config.prog_name.clone();
                self.string_result(&name)?
            }
            GetMonotonicNSec => {
                let t = std::time::Instant::now()
                    .duration_since(*START.get_or_init(std::time::Instant::now));
                self.ret1(t.as_nanos() as Word)
            }
            ReportStackOverflow => {
                let msg = format!(
                    "{}: Stack space overflow: current size {} bytes.\n{}: Use `+RTS -Ksize -RTS' to increase it.\n",
                    self.config.prog_name,
                    self.config.max_stack_words * 8,
                    self.config.prog_name
                );
                self.write_out(2, msg.as_bytes())?;
                self.ret0()
            }
            ReportHeapOverflow => {
                let msg = format!("{}: Heap exhausted;\n", self.config.prog_name);
                self.write_out(2, msg.as_bytes())?;
                self.ret0()
            }
            DoubleShowDigits => {
                let (ds, e) = show_digits(f64::from_bits(a[0]));
                let l = self.make_string(&ds)?;
                self.rets.clear();
                self.rets.push(l.to_word());
                self.rets.push(e as Word);
                PrimOut::Values
            }
            DoubleFromString => {
                let s = self.read_string(a[0])?;
                let v: f64 = s.parse().unwrap_or(f64::NAN);
                self.ret1(v.to_bits())
            }
            IntToInteger => self.new_integer(Some(a[0] as i64))?,
            WordToInteger => self.new_integer(i64::try_from(a[0]).ok())?,
            IntegerToInt | IntegerToWord => {
                let v = self.small_integer(a[0])?;
                self.ret1(v as Word)
            }
            IntegerToDouble => {
                let v = self.small_integer(a[0])?;
                self.ret1((v as f64).to_bits())
            }
            IntegerToString => {
                let v = self.small_integer(a[0])?;
                self.string_result(&v.to_string())?
            }
            IntegerFromString => {
                let s = self.read_string(a[0])?;
                self.new_integer(s.parse().ok())?
            }
            IntegerNegate | IntegerAbs | IntegerSignum => {
                let x = self.small_integer(a[0])?;
                let r = match p {
                    IntegerNegate => x.checked_neg(),
                    IntegerAbs => x.checked_abs(),
                    _ => Some(x.signum()),
                };
                self.new_integer(r)?
            }
            IntegerAdd | IntegerSub | IntegerMul | IntegerQuot | IntegerRem | IntegerDiv
            | IntegerMod => {
                let (x, y) = (self.small_integer(a[0])?, self.small_integer(a[1])?);
                let r = match p {
                    IntegerAdd => x.checked_add(y),
                    IntegerSub => x.checked_sub(y),
                    IntegerMul => x.checked_mul(y),
                    _ => {
                        let op = match p {
                            IntegerQuot => IntQuot,
                            IntegerRem => IntRem,
                            IntegerDiv => IntDiv,
                            _ => IntMod,
                        };
                        match pure_op(op, &[x as Word, y as Word]) {
                            Ok(v) => v.map(|v| v as i64),
                            Err(PrimFail::DivZero) => {
                                let exc = self
                                    .program
                                    .div_zero
                                    .ok_or_else(|| internal("divZeroException missing"))?;
                                return Ok(PrimOut::Next(Next::Raise(exc)));
                            }
                            Err(PrimFail::Overflow) => None,
                        }
                    }
                };
                self.new_integer(r)?
            }
            IntegerEq | IntegerNe | IntegerLt | IntegerLe | IntegerGt | IntegerGe
            | IntegerCompare => {
                let (x, y) = (self.small_integer(a[0])?, self.small_integer(a[1])?);
                let r = match p {
                    IntegerEq => (x == y) as i64,
                    IntegerNe => (x != y) as i64,
                    IntegerLt => (x < y) as i64,
                    IntegerLe => (x <= y) as i64,
                    IntegerGt => (x > y) as i64,
                    IntegerGe => (x >= y) as i64,
                    _ => x.cmp(&y) as i64,
                };
                self.ret1(r as Word)
            }
            IntegerQuotRem | IntegerDivMod => {
                let (x, y) = (self.small_integer(a[0])?, self.small_integer(a[1])?);
                if y == 0 {
                    let exc = self
                        .program
                        .div_zero
                        .ok_or_else(|| internal("divZeroException missing"))?;
                    return Ok(PrimOut::Next(Next::Raise(exc)));
                }
                let (q, r) = if p == IntegerQuotRem {
                    (IntQuot, IntRem)
                } else {
                    (IntDiv, IntMod)
                };
                let q = pure_op(q, &[x as Word, y as Word])
                    .ok()
                    .flatten()
                    .map(|v| v as i64);
                let r = pure_op(r, &[x as Word, y as Word])
                    .ok()
                    .flatten()
                    .map(|v| v as i64);
                self.integer_pair(q, r)?
            }
            IntegerAnd | IntegerOr | IntegerXor | IntegerGcd | IntegerLcm => {
                let (x, y) = (self.small_integer(a[0])?, self.small_integer(a[1])?);
                let r = match p {
                    IntegerAnd => Some(x & y),
                    IntegerOr => Some(x | y),
                    IntegerXor => Some(x ^ y),
                    _ => {
                        let (mut m, mut n) = (x.unsigned_abs(), y.unsigned_abs());
                        while n != 0 {
                            (m, n) = (n, m % n);
                        }
                        if p == IntegerGcd {
                            i64::try_from(m).ok()
                        } else {
                            match x.unsigned_abs().checked_div(m) {
                                None => Some(0),
                                Some(k) => i64::try_from(k as u128 * y.unsigned_abs() as u128).ok(),
                            }
                        }
                    }
                };
                self.new_integer(r)?
            }
            IntegerComplement => {
                let x = self.small_integer(a[0])?;
                self.new_integer(Some(!x))?
            }
            IntegerShiftL => {
                let (x, n) = (self.small_integer(a[0])?, a[1] as i64);
                let r = if x == 0 {
                    Some(0)
                } else if (0..63).contains(&n) {
                    x.checked_mul(1i64 << n)
                } else {
                    None
                };
                self.new_integer(r)?
            }
            IntegerShiftR => {
                let (x, n) = (self.small_integer(a[0])?, a[1] as i64);
                self.new_integer(Some(x >> n.clamp(0, 63)))?
            }
            IntegerTestBit => {
                let (x, n) = (self.small_integer(a[0])?, a[1] as i64);
                self.ret1(((x >> n.clamp(0, 63)) & 1) as Word)
            }
            IntegerPopCount => {
                let x = self.small_integer(a[0])?;
                let c = if x >= 0 {
                    x.count_ones() as i64
                } else {
                    -(x.unsigned_abs().count_ones() as i64)
                };
                self.ret1(c as Word)
            }
            DoubleDecode => {
                let (m, e) = decode_double(f64::from_bits(a[0]));
                let p = self.integer_object(Some(m))?;
                self.rets.clear();
                self.rets.push(p.to_word());
                self.rets.push(e as Word);
                PrimOut::Values
            }
            DoubleEncode => {
                let m = self.small_integer(a[0])?;
                self.ret1(encode_double(m, a[1] as i64).to_bits())
            }
            other => return Err(RunError::Unimplemented(other.name().to_owned())),
        };
        Ok(out)
    }

    fn string_result(&mut self, s: &str) -> Result<PrimOut, RunError> {
        let l = self.make_string(s)?;
        Ok(self.ret1(l.to_word()))
    }
}

/// `decodeFloat`: `x = m × 2^e` with `|m|` below 2^53.
fn decode_double(x: f64) -> (i64, i64) {
    if x == 0.0 || !x.is_finite() {
        return (0, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = (bits & ((1 << 52) - 1)) as i64;
    let (mut m, mut e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    };
    // GHC normalises the mantissa of subnormals to 53 bits.
    while m < (1 << 52) {
        m <<= 1;
        e -= 1;
    }
    (if x < 0.0 { -m } else { m }, e)
}

/// `encodeFloat m e` = m × 2^e (scaled in steps so intermediate powers
/// neither overflow nor underflow early).
fn encode_double(m: i64, e: i64) -> f64 {
    let mut x = m as f64;
    let mut e = e;
    while e > 0 {
        let k = e.min(1000);
        x *= 2f64.powi(k as i32);
        e -= k;
    }
    while e < 0 {
        let k = (-e).min(1000);
        x /= 2f64.powi(k as i32);
        e += k;
    }
    x
}

static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// The index of `c`'s Unicode general category in
/// `Data.Char.GeneralCategory` — approximated from Rust's `char`
/// predicates (ASCII exact; other scripts: letters, digits, spaces,
/// controls; everything else `OtherPunctuation`).
fn general_category(c: char) -> Word {
    // Data.Char order: Lu Ll Lt Lm Lo Mn Mc Me Nd Nl No Pc Pd Ps Pe Pi Pf Po
    // Sm Sc Sk So Zs Zl Zp Cc Cf Cs Co Cn.
    let k = if c.is_uppercase() {
        0
    } else if c.is_lowercase() {
        1
    } else if c.is_alphabetic() {
        4
    } else if c.is_ascii_digit() || c.is_numeric() {
        8
    } else if c == ' ' || c == '\u{a0}' {
        22
    } else if c.is_control() {
        25
    } else {
        match c {
            '_' => 11,
            '-' => 12,
            '(' | '[' | '{' => 13,
            ')' | ']' | '}' => 14,
            '+' | '<' | '=' | '>' | '|' | '~' => 18,
            '$' => 19,
            '^' | '`' => 20,
            _ => 17,
        }
    };
    k as Word
}
