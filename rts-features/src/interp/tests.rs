//! Contract tests of the interpreter axis, one suite run against every
//! implementation that builds on the host, over functions defined here and
//! registered in a link-time table; plus libffi calling real libc
//! functions, and the signature and value encodings.

use super::{FfiError, FfiType, FfiValue, Signature, StaticEntry, register_static_table};

extern "C" fn mixed(a: i64, b: f64, c: i32, d: f32, e: u8) -> f64 {
    a as f64 * b + f64::from(c) - f64::from(d) + f64::from(e)
}

extern "C" fn negate_i8(x: i8) -> i8 {
    x.wrapping_neg()
}

/// Writes `byte` into `len` bytes at `buf`; returns the end pointer.
///
/// # Safety
/// `buf` is valid for `len` writes.
unsafe extern "C" fn fill(buf: *mut u8, len: u64, byte: u8) -> *mut u8 {
    // SAFETY: the caller's contract.
    unsafe {
        core::ptr::write_bytes(buf, byte, len as usize);
        buf.add(len as usize)
    }
}

static CALLS_OF_TICK: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

extern "C" fn tick() {
    CALLS_OF_TICK.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
}

/// The thunks generated code would contain, written by hand.
mod thunks {
    use core::slice;

    /// # Safety
    /// `args` holds 5 slots; `result` is writable.
    pub unsafe extern "C" fn mixed(args: *const u64, result: *mut u64) {
        // SAFETY: the caller's contract.
        let a = unsafe { slice::from_raw_parts(args, 5) };
        let r = super::mixed(
            a[0] as i64,
            f64::from_bits(a[1]),
            a[2] as i32,
            f32::from_bits(a[3] as u32),
            a[4] as u8,
        );
        // SAFETY: the caller's contract.
        unsafe { *result = r.to_bits() };
    }

    /// # Safety
    /// `args` holds 1 slot; `result` is writable.
    pub unsafe extern "C" fn negate_i8(args: *const u64, result: *mut u64) {
        // SAFETY: the caller's contract.
        unsafe { *result = super::negate_i8(*args as i8) as i64 as u64 };
    }

    /// # Safety
    /// `args` holds 3 slots, the first a pointer valid for the second's
    /// number of writes; `result` is writable.
    pub unsafe extern "C" fn fill(args: *const u64, result: *mut u64) {
        // SAFETY: the caller's contract.
        unsafe {
            let a = slice::from_raw_parts(args, 3);
            *result = super::fill(a[0] as usize as *mut u8, a[1], a[2] as u8) as usize as u64;
        }
    }

    /// # Safety
    /// Takes no arguments; writes nothing.
    pub unsafe extern "C" fn tick(_args: *const u64, _result: *mut u64) {
        super::tick();
    }

    /// # Safety
    /// Never called: its registered signature is malformed.
    pub unsafe extern "C" fn unreachable(_args: *const u64, _result: *mut u64) {}
}

static TEST_TABLE: [StaticEntry; 5] = [
    StaticEntry::new(c"hsrts_test_mixed", c"ldifB>d", thunks::mixed),
    StaticEntry::new(c"hsrts_test_negate_i8", c"b>b", thunks::negate_i8),
    StaticEntry::new(c"hsrts_test_fill", c"pLB>p", thunks::fill),
    StaticEntry::new(c"hsrts_test_tick", c">v", thunks::tick),
    StaticEntry::new(c"hsrts_test_bad_signature", c"lq>d", thunks::unreachable),
];

fn register() {
    register_static_table(&TEST_TABLE);
}

fn sig(text: &str) -> Signature {
    Signature::parse(text).expect("test signature")
}

macro_rules! interp_contract_tests {
    ($imp:ident) => {
        mod $imp {
            use super::*;
            use crate::interp::$imp::{IMPLEMENTATION, INTERPRETER, call, lookup};

            #[test]
            fn it_is_an_interpreter_named_after_its_module() {
                const { assert!(INTERPRETER) };
                assert_eq!(Some(IMPLEMENTATION), stringify!($imp).strip_prefix("imp_"));
            }

            #[test]
            fn calls_a_registered_function_with_mixed_int_and_float_arguments() {
                register();
                let f = lookup("hsrts_test_mixed", &sig("ldifB>d")).expect("lookup");
                assert_eq!(f.name(), "hsrts_test_mixed");
                assert_eq!(f.signature(), &sig("ldifB>d"));
                for (a, b, c, d, e) in [
                    (3i64, 0.5f64, -7i32, 1.25f32, 200u8),
                    (-40, 2.75, 1 << 20, -0.5, 0),
                ] {
                    let args = [
                        FfiValue::I64(a),
                        FfiValue::F64(b),
                        FfiValue::I32(c),
                        FfiValue::F32(d),
                        FfiValue::U8(e),
                    ];
                    // SAFETY: the table's thunk calls `mixed`, which takes these.
                    let got = unsafe { call(&f, &args) }.expect("call");
                    assert_eq!(got, FfiValue::F64(mixed(a, b, c, d, e)));
                }
            }

            #[test]
            fn small_signed_results_keep_their_sign() {
                register();
                let f = lookup("hsrts_test_negate_i8", &sig("b>b")).expect("lookup");
                // SAFETY: `negate_i8` takes one int8.
                let got = unsafe { call(&f, &[FfiValue::I8(5)]) }.expect("call");
                assert_eq!(got, FfiValue::I8(-5));
                // SAFETY: as above.
                let got = unsafe { call(&f, &[FfiValue::I8(i8::MIN)]) }.expect("call");
                assert_eq!(got, FfiValue::I8(i8::MIN));
            }

            #[test]
            fn pointers_go_in_and_come_out() {
                register();
                let f = lookup("hsrts_test_fill", &sig("pLB>p")).expect("lookup");
                let mut buf = [0u8; 16];
                let base = buf.as_mut_ptr() as usize;
                let args = [
                    FfiValue::Ptr(base + 2),
                    FfiValue::U64(10),
                    FfiValue::U8(0xab),
                ];
                // SAFETY: `buf` has room for 10 bytes from offset 2.
                let got = unsafe { call(&f, &args) }.expect("call");
                assert_eq!(got, FfiValue::Ptr(base + 12));
                assert_eq!(buf[..2], [0, 0]);
                assert!(buf[2..12].iter().all(|&b| b == 0xab));
                assert_eq!(buf[12..], [0, 0, 0, 0]);
            }

            #[test]
            fn void_functions_run_and_return_void() {
                register();
                let f = lookup("hsrts_test_tick", &sig(">v")).expect("lookup");
                let before = CALLS_OF_TICK.load(std::sync::atomic::Ordering::SeqCst);
                // SAFETY: `tick` takes nothing.
                let got = unsafe { call(&f, &[]) }.expect("call");
                assert_eq!(got, FfiValue::Void);
                assert!(CALLS_OF_TICK.load(std::sync::atomic::Ordering::SeqCst) > before);
            }

            #[test]
            fn unknown_functions_are_a_clear_error() {
                register();
                let err = lookup("hsrts_test_no_such_function", &sig("l>l")).expect_err("lookup");
                assert!(matches!(err, FfiError::NotFound { .. }), "{err:?}");
                assert!(
                    err.to_string().contains("hsrts_test_no_such_function"),
                    "{err}"
                );
            }

            #[test]
            fn a_signature_differing_from_the_registered_one_is_an_error() {
                register();
                let err = lookup("hsrts_test_mixed", &sig("ldif>d")).expect_err("lookup");
                assert_eq!(
                    err,
                    FfiError::SignatureMismatch {
                        symbol: "hsrts_test_mixed".into(),
                        registered: "ldifB>d".into(),
                        requested: "ldif>d".into(),
                    }
                );
                let err = lookup("hsrts_test_bad_signature", &sig("l>d")).expect_err("lookup");
                assert!(matches!(err, FfiError::BadSignature { .. }), "{err:?}");
            }

            #[test]
            fn wrong_arguments_are_an_error_not_a_call() {
                register();
                let f = lookup("hsrts_test_negate_i8", &sig("b>b")).expect("lookup");
                // SAFETY: rejected before any call is made.
                let err = unsafe { call(&f, &[]) }.expect_err("arity");
                assert!(
                    matches!(
                        err,
                        FfiError::ArityMismatch {
                            expected: 1,
                            got: 0,
                            ..
                        }
                    ),
                    "{err:?}"
                );
                // SAFETY: as above.
                let err = unsafe { call(&f, &[FfiValue::I64(1)]) }.expect_err("type");
                assert_eq!(
                    err,
                    FfiError::ArgumentType {
                        symbol: "hsrts_test_negate_i8".into(),
                        index: 0,
                        expected: FfiType::I8,
                        got: FfiType::I64,
                    }
                );
                assert!(err.to_string().contains("argument 0"), "{err}");
            }
        }
    };
}

#[cfg(target_os = "linux")]
interp_contract_tests!(imp_libffi);
interp_contract_tests!(imp_static);

#[test]
fn interp_none_says_the_interpreter_is_missing() {
    use super::imp_none::{IMPLEMENTATION, INTERPRETER, dynamic, lookup};
    register();
    const { assert!(!INTERPRETER) };
    assert_eq!(IMPLEMENTATION, "none");
    let err = lookup("hsrts_test_mixed", &sig("ldifB>d")).expect_err("no interpreter");
    assert_eq!(err, FfiError::NoInterpreter);
    assert_eq!(
        err.to_string(),
        "foreign calls need the interpreter, which this build does not include (interp-none)"
    );
    assert_eq!(
        dynamic(0x1000, &sig(">v")).expect_err("no interpreter"),
        FfiError::NoInterpreter
    );
}

#[test]
fn interp_static_does_not_search_the_process() {
    use super::imp_static::{dynamic, lookup};
    // `strlen` is certainly in the process (natively) or in wasi-libc, but
    // not in any registered table.
    let err = lookup("strlen", &sig("p>L")).expect_err("not registered");
    assert!(err.to_string().contains("link-time table"), "{err}");
    let err = dynamic(mixed as *const () as usize, &sig("ldifB>d")).expect_err("no shim");
    assert!(matches!(err, FfiError::NoDynamicShim { .. }), "{err:?}");
    assert!(err.to_string().contains("ldifB>d"), "{err}");
}

/// `"dynamic"` under interp-static: a shim registered for the signature
/// calls the function pointer it is given first.
#[test]
fn interp_static_calls_function_pointers_through_shims() {
    use super::imp_static::{call, dynamic};
    /// The shim for `int8_t (*)(int8_t)`: slot 0 is the address.
    ///
    /// # Safety
    /// `args` points to two slots, the first the address of such a function.
    unsafe extern "C" fn shim_b_b(args: *const u64, result: *mut u64) {
        // SAFETY: by the thunk contract; the address is a function of this
        // type (the caller's promise).
        unsafe {
            let f: extern "C" fn(i8) -> i8 = core::mem::transmute(*args as usize);
            *result = f(*args.add(1) as i8) as i64 as u64;
        }
    }
    extern "C" fn double_i8(x: i8) -> i8 {
        x.wrapping_mul(2)
    }
    static SHIMS: [StaticEntry; 1] = [StaticEntry::new(c"dynamic:b>b", c"pb>b", shim_b_b)];
    register_static_table(&SHIMS);
    assert_eq!(super::dynamic_shim_name(&sig("b>b")), "dynamic:b>b");
    let f = dynamic(double_i8 as *const () as usize, &sig("b>b")).expect("a shim is registered");
    // SAFETY: the address is `double_i8`, of the shim's type.
    let got = unsafe { call(&f, &[FfiValue::I8(-21)]) }.expect("call");
    assert_eq!(got, FfiValue::I8(-42));
    // SAFETY: as above; the wrong argument type is caught before the call.
    let wrong = unsafe { call(&f, &[FfiValue::I32(1)]) };
    assert!(wrong.is_err());
    assert!(dynamic(0, &sig("b>b")).is_err(), "null function pointer");
}

/// Generated C registers its table through the exported C function.
#[test]
fn c_code_can_register_a_table() {
    static C_TABLE: [StaticEntry; 1] = [StaticEntry::new(
        c"hsrts_test_from_c",
        c"b>b",
        thunks::negate_i8,
    )];
    // SAFETY: a static array of valid entries with static strings.
    unsafe { super::table::hsrts_register_static_table(C_TABLE.as_ptr(), C_TABLE.len()) };
    // SAFETY: null/empty registrations are ignored.
    unsafe { super::table::hsrts_register_static_table(core::ptr::null(), 3) };
    let f = super::imp_static::lookup("hsrts_test_from_c", &sig("b>b")).expect("registered from C");
    // SAFETY: the thunk calls `negate_i8`.
    let got = unsafe { super::imp_static::call(&f, &[FfiValue::I8(9)]) }.expect("call");
    assert_eq!(got, FfiValue::I8(-9));
}

/// A function of the test binary found by `dlsym` (the binary is linked
/// with `--export-dynamic`, see build.rs).
#[cfg(target_os = "linux")]
#[unsafe(no_mangle)]
pub extern "C" fn hsrts_features_test_mixed(a: i32, b: f64, c: i64, d: f64) -> f64 {
    f64::from(a) * b - c as f64 / d
}

#[cfg(target_os = "linux")]
mod libffi_native {
    use core::ffi::CStr;

    use super::*;
    use crate::interp::imp_libffi::{call, dynamic, lookup};

    fn c_string_address(s: &CStr) -> usize {
        s.as_ptr() as usize
    }

    #[test]
    fn calls_libc_functions_by_name() {
        let strlen = lookup("strlen", &sig("p>L")).expect("strlen");
        let text = c"hello, hsrts";
        // SAFETY: strlen(const char *) with a NUL-terminated string.
        let got = unsafe { call(&strlen, &[FfiValue::Ptr(c_string_address(text))]) }.expect("call");
        assert_eq!(got, FfiValue::U64(text.to_bytes().len() as u64));

        let labs = lookup("labs", &sig("l>l")).expect("labs");
        // SAFETY: long labs(long); long is 64 bits on Linux x86-64/aarch64.
        let got = unsafe { call(&labs, &[FfiValue::I64(-1 << 40)]) }.expect("call");
        assert_eq!(got, FfiValue::I64(1 << 40));

        let pow = lookup("pow", &sig("dd>d")).expect("pow");
        // SAFETY: double pow(double, double).
        let got = unsafe { call(&pow, &[FfiValue::F64(2.0), FfiValue::F64(0.5)]) }.expect("call");
        assert_eq!(got, FfiValue::F64(2f64.powf(0.5)));

        let abs = lookup("abs", &sig("i>i")).expect("abs");
        // SAFETY: int abs(int).
        let got = unsafe { call(&abs, &[FfiValue::I32(-17)]) }.expect("call");
        assert_eq!(got, FfiValue::I32(17));
    }

    #[test]
    fn calls_an_exported_function_of_the_program_with_mixed_arguments() {
        let f =
            lookup("hsrts_features_test_mixed", &sig("idld>d")).expect("dlsym of our own symbol");
        let args = [
            FfiValue::I32(-3),
            FfiValue::F64(1.5),
            FfiValue::I64(10),
            FfiValue::F64(4.0),
        ];
        // SAFETY: the function has exactly this signature.
        let got = unsafe { call(&f, &args) }.expect("call");
        assert_eq!(
            got,
            FfiValue::F64(hsrts_features_test_mixed(-3, 1.5, 10, 4.0))
        );
    }

    #[test]
    fn calls_through_a_function_pointer() {
        let f = dynamic(mixed as *const () as usize, &sig("ldifB>d")).expect("dynamic");
        let args = [
            FfiValue::I64(7),
            FfiValue::F64(-0.25),
            FfiValue::I32(3),
            FfiValue::F32(0.5),
            FfiValue::U8(255),
        ];
        // SAFETY: `mixed` has exactly this signature.
        let got = unsafe { call(&f, &args) }.expect("call");
        assert_eq!(got, FfiValue::F64(mixed(7, -0.25, 3, 0.5, 255)));
        let f = dynamic(negate_i8 as *const () as usize, &sig("b>b")).expect("dynamic");
        // SAFETY: `negate_i8` takes one int8.
        let got = unsafe { call(&f, &[FfiValue::I8(100)]) }.expect("call");
        assert_eq!(got, FfiValue::I8(-100));
        assert!(
            dynamic(0, &sig(">v")).is_err(),
            "a null function pointer was accepted"
        );
    }

    #[test]
    fn missing_symbols_and_bad_names_are_errors() {
        let err = lookup("hsrts_certainly_not_a_symbol_42", &sig(">v")).expect_err("missing");
        assert!(
            err.to_string().contains("hsrts_certainly_not_a_symbol_42"),
            "{err}"
        );
        let err = lookup("str\0len", &sig("p>L")).expect_err("NUL in name");
        assert!(matches!(err, FfiError::BadSymbolName { .. }), "{err:?}");
    }
}

mod encoding {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn signatures_round_trip_through_text() {
        for text in [">v", "ldifB>d", "bhilBHIL>p", "fd>f", "pppppppppppppppp>v"] {
            assert_eq!(sig(text).to_string(), text);
        }
    }

    #[test]
    fn malformed_signatures_are_errors() {
        for text in [
            "",
            "l",
            "l>",
            "l>dd",
            "v>l",
            "x>l",
            "l>x",
            "ppppppppppppppppp>v",
        ] {
            let err = Signature::parse(text).expect_err(text);
            assert!(
                matches!(err, FfiError::BadSignature { .. }),
                "{text}: {err:?}"
            );
            assert!(err.to_string().contains("bad foreign signature"), "{err}");
        }
        assert!(Signature::new(&[FfiType::Void], FfiType::I32).is_err());
    }

    fn any_value() -> impl Strategy<Value = FfiValue> {
        prop_oneof![
            any::<i8>().prop_map(FfiValue::I8),
            any::<i16>().prop_map(FfiValue::I16),
            any::<i32>().prop_map(FfiValue::I32),
            any::<i64>().prop_map(FfiValue::I64),
            any::<u8>().prop_map(FfiValue::U8),
            any::<u16>().prop_map(FfiValue::U16),
            any::<u32>().prop_map(FfiValue::U32),
            any::<u64>().prop_map(FfiValue::U64),
            any::<u32>().prop_map(|b| FfiValue::F32(f32::from_bits(b))),
            any::<u64>().prop_map(|b| FfiValue::F64(f64::from_bits(b))),
            any::<usize>().prop_map(FfiValue::Ptr),
        ]
    }

    proptest! {
        /// Every value survives the 64-bit slot of a thunk bit for bit
        /// (NaNs included, hence the comparison of slots).
        #[test]
        fn values_round_trip_through_slots(value in any_value()) {
            let back = FfiValue::from_slot(value.ty(), value.to_slot());
            prop_assert_eq!(back.ty(), value.ty());
            prop_assert_eq!(back.to_slot(), value.to_slot());
        }

        /// Signed integers are sign-extended, unsigned zero-extended.
        #[test]
        fn small_integers_are_extended_by_their_sign(v in any::<i8>()) {
            prop_assert_eq!(FfiValue::I8(v).to_slot() as i64, i64::from(v));
            prop_assert_eq!(FfiValue::U8(v as u8).to_slot(), u64::from(v as u8));
        }
    }
}

/// The wrapper handler of these tests: key * 1000 + the sum of the slots
/// read as signed integers (so a narrow negative argument shows whether it
/// was sign-extended).
fn test_wrapper_handler(key: usize, args: &[u64]) -> u64 {
    let sum: i64 = args.iter().map(|a| *a as i64).sum();
    (key as i64 * 1000 + sum) as u64
}

#[cfg(target_os = "linux")]
#[test]
fn libffi_wrappers_call_the_handler_with_their_key() {
    use crate::interp::imp_libffi::{call, dynamic, make_wrapper};
    super::set_wrapper_handler(test_wrapper_handler);
    let s = sig("ib>i");
    let w7 = make_wrapper(&s, 7).expect("closure");
    let w9 = make_wrapper(&s, 9).expect("closure");
    assert_ne!(w7.address(), w9.address());
    let f7 = dynamic(w7.address(), &s).expect("callable");
    // SAFETY: the wrapper has exactly this signature.
    let got = unsafe { call(&f7, &[FfiValue::I32(5), FfiValue::I8(-3)]) };
    assert_eq!(got, Ok(FfiValue::I32(7002)));
    let f9 = dynamic(w9.address(), &s).expect("callable");
    // SAFETY: as above.
    let got = unsafe { call(&f9, &[FfiValue::I32(1), FfiValue::I8(1)]) };
    assert_eq!(got, Ok(FfiValue::I32(9002)));
    drop(w7);
    drop(w9);
}

/// Two pooled trampolines of signature `l>l`, as generated C writes them.
extern "C" fn pool_slot_0(a: i64) -> i64 {
    let mut r = 0u64;
    // SAFETY: one argument slot, one result slot.
    unsafe {
        super::wrapper::hsrts_wrapper_call(
            pool_slot_0 as extern "C" fn(i64) -> i64 as usize,
            &(a as u64),
            &mut r,
        )
    };
    r as i64
}
extern "C" fn pool_slot_1(a: i64) -> i64 {
    let mut r = 0u64;
    // SAFETY: as above.
    unsafe {
        super::wrapper::hsrts_wrapper_call(
            pool_slot_1 as extern "C" fn(i64) -> i64 as usize,
            &(a as u64),
            &mut r,
        )
    };
    r as i64
}

#[test]
fn pooled_wrappers_run_out_and_are_reused() {
    use super::imp_static::make_wrapper;
    super::set_wrapper_handler(test_wrapper_handler);
    let s = sig("l>l");
    assert!(matches!(
        make_wrapper(&s, 1),
        Err(FfiError::NoWrapperPool { .. })
    ));
    // SAFETY: the transmutes only erase the argument list; both are called
    // through their real type below.
    let slots: [Option<unsafe extern "C" fn()>; 2] = unsafe {
        [
            Some(std::mem::transmute::<
                extern "C" fn(i64) -> i64,
                unsafe extern "C" fn(),
            >(pool_slot_0)),
            Some(std::mem::transmute::<
                extern "C" fn(i64) -> i64,
                unsafe extern "C" fn(),
            >(pool_slot_1)),
        ]
    };
    // SAFETY: a NUL-terminated signature and two trampolines of it.
    unsafe { super::wrapper::hsrts_register_wrapper_pool(c"l>l".as_ptr(), slots.as_ptr(), 2) };
    let a = make_wrapper(&s, 3).expect("slot 0");
    let b = make_wrapper(&s, 4).expect("slot 1");
    let full = make_wrapper(&s, 5);
    assert!(
        matches!(full, Err(FfiError::WrapperPoolExhausted { size: 2, .. })),
        "{full:?}"
    );
    // SAFETY: each address is one of the `i64 -> i64` trampolines above.
    let call = |addr: usize, x: i64| unsafe {
        std::mem::transmute::<usize, extern "C" fn(i64) -> i64>(addr)(x)
    };
    assert_eq!(call(a.address(), 2), 3002);
    assert_eq!(call(b.address(), -1), 3999);
    let freed = a.address();
    drop(a);
    let c = make_wrapper(&s, 6).expect("the freed slot");
    assert_eq!(c.address(), freed);
    assert_eq!(call(c.address(), 0), 6000);
}
