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
use crate::interp::prims::{Prim, PrimFail, pure_op, show_digits, show_digits_f32};
use crate::word::{ClosurePtr, Word};
use bytecode::Rep;

impl Machine<'_> {
    /// The `i`-th non-void argument of the running primop.
    #[inline]
    pub(super) fn arg(&self, i: usize) -> Word {
        let mut left = i;
        for &(r, w) in &self.st.args {
            if r != Rep::Void {
                if left == 0 {
                    return w;
                }
                left -= 1;
            }
        }
        0
    }

    /// The first four non-void arguments of the running primop, and how
    /// many of them there are (at most four).
    #[inline]
    pub(super) fn word_args(&self) -> ([Word; 4], usize) {
        first_words(self.st.args.iter().copied())
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
    pub(super) fn read_string(&self, p: Word) -> Result<String, RunError> {
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
        let (a, n) = self.word_args();
        match pure_op(p, &a[..n]) {
            Ok(Some(v)) => return Ok(self.ret1(v)),
            Ok(None) => {}
            Err(fail) => {
                let exc = match fail {
                    PrimFail::DivZero => self.program.div_zero,
                    PrimFail::Overflow | PrimFail::NotInteger => self.program.overflow,
                };
                let exc = exc.ok_or_else(|| internal("arithmetic exception closure missing"))?;
                return Ok(PrimOut::Next(Next::Raise(exc)));
            }
        }
        if let Some(out) = self.exec_stdio(p, &a[..n])? {
            return Ok(out);
        }
        if let Some(out) = self.exec_memory(p, &a[..n])? {
            return Ok(out);
        }
        if let Some(out) = self.exec_arrays(p)? {
            return Ok(out);
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
            Catch | Raise | RaiseIO => self.exec_control(p, &a[..n])?,
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
                self.collect_garbage(p == PerformMajorGC)?;
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
            ReadAddr => {
                let (addr, width) = foreign_memory(self.arg(0), self.arg(1))?;
                let mut bytes = [0u8; 8];
                // SAFETY: `readAddr#` is `peek`: the program promises, as a C
                // program would, that `width` bytes at `addr` are readable
                // memory of this process (foreign_memory rejects null and
                // widths other than 1, 2, 4, 8). The copy is unaligned-safe.
                unsafe {
                    std::ptr::copy_nonoverlapping(addr as *const u8, bytes.as_mut_ptr(), width);
                }
                self.ret1(u64::from_le_bytes(bytes))
            }
            WriteAddr => {
                let (addr, width) = foreign_memory(self.arg(0), self.arg(1))?;
                let bytes = self.arg(2).to_le_bytes();
                // SAFETY: `writeAddr#` is `poke`: the program promises that
                // `width` bytes at `addr` are writable memory it owns (memory
                // from malloc/alloca, never the Haskell heap, which it cannot
                // name); foreign_memory rejects null and bad widths.
                unsafe {
                    std::ptr::copy_nonoverlapping(bytes.as_ptr(), addr as *mut u8, width);
                }
                self.ret0()
            }
            // `isJSFFIUsed` and the JSVal primops: interp/machine/jsffi.rs.
            JsffiUsed => {
                let used = self.js_ffi_used();
                self.ret1(Word::from(used))
            }
            FreeJSVal => {
                self.free_jsval(a[0])?;
                self.ret0()
            }
            ToJSString => {
                let v = self.js_string_of_list(a[0])?;
                self.ret1(v.to_word())
            }
            FromJSString => {
                let s = self.list_of_js_string(a[0])?;
                self.ret1(s.to_word())
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
                let prog = &self.config.prog_name;
                let mut msg = format!("{prog}: Heap exhausted;\n");
                if let Some(max) = self.storage.config().max_heap_bytes {
                    msg.push_str(&format!(
                        "{prog}: Current maximum heap size is {max} bytes ({} MB).\n{prog}: Use `+RTS -M<size>' to increase it.\n",
                        max >> 20
                    ));
                }
                self.write_out(2, msg.as_bytes())?;
                self.ret0()
            }
            DoubleShowDigits | FloatShowDigits => {
                let x = f64::from_bits(a[0]);
                let (ds, e) = if p == FloatShowDigits {
                    show_digits_f32(x as f32)
                } else {
                    show_digits(x)
                };
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
            IntToInteger => {
                let o = self.small_integer_object(a[0] as i64)?;
                self.ret1(o.to_word())
            }
            WordToInteger => {
                let o = self.integer_value(&num_bigint::BigInt::from(a[0]))?;
                self.ret1(o.to_word())
            }
            IntegerFromString => {
                let s = self.read_string(a[0])?;
                let v: num_bigint::BigInt = s
                    .trim()
                    .parse()
                    .map_err(|_| internal(format!("integerFromString# of {s:?}")))?;
                let o = self.integer_value(&v)?;
                self.ret1(o.to_word())
            }
            IntegerAdd | IntegerSub | IntegerMul | IntegerNegate | IntegerAbs | IntegerSignum
            | IntegerQuot | IntegerRem | IntegerDiv | IntegerMod | IntegerQuotRem
            | IntegerDivMod | IntegerEq | IntegerNe | IntegerLt | IntegerLe | IntegerGt
            | IntegerGe | IntegerCompare | IntegerToInt | IntegerToWord | IntegerToDouble
            | IntegerToString | IntegerAnd | IntegerOr | IntegerXor | IntegerComplement
            | IntegerShiftL | IntegerShiftR | IntegerTestBit | IntegerPopCount | IntegerGcd
            | IntegerLcm | DoubleEncode => self.exec_integer(p, &a[..n])?,
            DoubleDecode => {
                let (m, e) = decode_double(f64::from_bits(a[0]));
                let p = self.small_integer_object(m)?;
                self.rets.clear();
                self.rets.push(p.to_word());
                self.rets.push(e as Word);
                PrimOut::Values
            }
            other => return Err(RunError::Unimplemented(other.name().to_owned())),
        };
        Ok(out)
    }

    /// `catch#`, `raise#` and `raiseIO#`: the primops that continue
    /// elsewhere (routed here directly: Note [Primop routes] in
    /// concurrency.rs).
    pub(super) fn exec_control(&mut self, p: Prim, a: &[Word]) -> Result<PrimOut, RunError> {
        let arg = |i: usize| ClosurePtr::from_word(a.get(i).copied().unwrap_or(0));
        Ok(match p {
            Prim::Catch => {
                let (io, handler) = (arg(0), arg(1));
                self.push_frame(Frame::Catch(handler))?;
                self.st.args.clear();
                self.st.args.push((Rep::Void, 0));
                PrimOut::Next(Next::Apply(io))
            }
            Prim::Raise | Prim::RaiseIO => PrimOut::Next(Next::Raise(arg(0))),
            other => {
                return Err(internal(format!(
                    "{} is not a control primop",
                    other.name()
                )));
            }
        })
    }

    fn string_result(&mut self, s: &str) -> Result<PrimOut, RunError> {
        let l = self.make_string(s)?;
        Ok(self.ret1(l.to_word()))
    }
}

/// The first four non-void words of `args` (the rest read as 0), and how
/// many there are: a primop's word arguments, from `st.args`
/// (`word_args`) or straight from the slots (`slot_words`).
#[inline]
pub(super) fn first_words(args: impl Iterator<Item = (Rep, Word)>) -> ([Word; 4], usize) {
    let mut a = [0 as Word; 4];
    let mut n = 0;
    for (r, w) in args {
        if r != Rep::Void && n < a.len() {
            a[n] = w;
            n += 1;
        }
    }
    (a, n)
}

/// Whether `exec_control` runs `p` (Note [Primop routes] in concurrency.rs).
pub(super) fn is_control_prim(p: Prim) -> bool {
    matches!(p, Prim::Catch | Prim::Raise | Prim::RaiseIO)
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

/// Checks the address and width of `readAddr#`/`writeAddr#` (`peek`/`poke`):
/// a null pointer or an address this target cannot hold is an error, as is
/// a width other than 1, 2, 4 or 8 bytes.
fn foreign_memory(addr: Word, width: Word) -> Result<(usize, usize), RunError> {
    let bad = |what: String| Err(RunError::BadMemoryAccess(what));
    let width = match width {
        1 | 2 | 4 | 8 => width as usize,
        _ => return bad(format!("peek/poke of {width} bytes")),
    };
    match usize::try_from(addr) {
        Ok(0) => bad("peek/poke of the null pointer".to_owned()),
        Ok(a) => Ok((a, width)),
        Err(_) => bad(format!("address {addr:#x} does not fit this target")),
    }
}
