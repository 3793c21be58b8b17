//! Image round trips, validator rejections and fuzzing of the reader: a
//! malformed or truncated image is an error, never a panic.

use bytecode::*;
use proptest::prelude::*;

/// A small valid image: `id x = x` as a function, a CAF applying it to a
/// static constructor, an IO main that calls a primop and a foreign call.
#[allow(
    clippy::field_reassign_with_default,
    reason = "the sample is built table by table"
)]
fn sample() -> Image {
    let mut img = Image::default();
    img.literals = vec![
        Literal::Int(42),
        Literal::String(b"impossible".to_vec()),
        Literal::Integer("-123456789012345678901234567890".into()),
        Literal::Double(1.5),
    ];
    img.primops = vec!["intAdd#".into()];
    img.cons = vec![
        ConDesc {
            name: "I#".into(),
            type_name: "Int".into(),
            tag: 0,
            family_size: 1,
            fields: vec![Rep::Int],
        },
        ConDesc {
            name: "Pair".into(),
            type_name: "P".into(),
            tag: 0,
            family_size: 1,
            fields: vec![Rep::Int, Rep::Ptr, Rep::Void],
        },
    ];
    img.layouts = vec![Layout::new(2, [0]), Layout::new(3, [])];
    // bco 0: id = \x -> enter x
    let id_code = encode_all(&[Instr::Enter { x: Slot(0) }]);
    // bco 1: caf = case id box of r -> return r   (frame: s0 = id, s1 = box)
    let caf_code = encode_all(&[
        Instr::LoadStatic {
            dst: Slot(0),
            global: StaticIdx(0),
        },
        Instr::LoadStatic {
            dst: Slot(1),
            global: StaticIdx(1),
        },
        Instr::Call {
            ret: InfoIdx(4),
            fun: Slot(0),
            args: Args(vec![Arg {
                rep: Rep::Ptr,
                slot: Slot(1),
            }]),
        },
        Instr::Recv {
            dst: Slot(0),
            index: Imm(0),
        },
        Instr::Return { x: Slot(0) },
    ]);
    // bco 2: main = \w -> case 42 +# 42 of n -> (# w, I# n #)
    let main_code = encode_all(&[
        Instr::LoadLit {
            dst: Slot(0),
            lit: LitIdx(0),
        },
        Instr::Prim {
            prim: PrimIdx(0),
            layout: LayoutIdx(1),
            results: Slots(vec![Slot(1)]),
            args: Args(vec![
                Arg {
                    rep: Rep::Int,
                    slot: Slot(0),
                },
                Arg {
                    rep: Rep::Int,
                    slot: Slot(0),
                },
            ]),
        },
        Instr::JumpIfNeLit {
            x: Slot(1),
            lit: LitIdx(0),
            target: CodeOff(0),
        },
        Instr::HeapCheck {
            words: Words(2),
            layout: LayoutIdx(1),
        },
        Instr::AllocCon {
            dst: Slot(2),
            info: InfoIdx(0),
            fields: Slots(vec![Slot(1)]),
        },
        Instr::ReturnVals {
            vals: Args(vec![
                Arg {
                    rep: Rep::Void,
                    slot: Slot(0),
                },
                Arg {
                    rep: Rep::Ptr,
                    slot: Slot(2),
                },
            ]),
        },
    ]);
    img.bcos = vec![
        Bco {
            name: "id".into(),
            frame_size: 1,
            code: id_code,
        },
        Bco {
            name: "caf".into(),
            frame_size: 2,
            code: caf_code,
        },
        Bco {
            name: "main".into(),
            frame_size: 3,
            code: main_code,
        },
    ];
    let ret_offset = {
        let instrs = decode_all(&img.bcos[1].code).unwrap();
        instrs[3].0 as u32
    };
    img.infos = vec![
        InfoTable {
            name: "I#".into(),
            kind: InfoKind::Con { con: 0 },
        },
        InfoTable {
            name: "id".into(),
            kind: InfoKind::Fun {
                bco: 0,
                arg_reps: vec![Rep::Ptr],
                ptrs: 0,
                nptrs: 0,
            },
        },
        InfoTable {
            name: "caf".into(),
            kind: InfoKind::Thunk {
                bco: 1,
                update: UpdateFlag::Updatable,
                ptrs: 0,
                nptrs: 0,
            },
        },
        InfoTable {
            name: "main".into(),
            kind: InfoKind::Fun {
                bco: 2,
                arg_reps: vec![Rep::Void],
                ptrs: 0,
                nptrs: 0,
            },
        },
        InfoTable {
            name: "caf.ret".into(),
            kind: InfoKind::Ret {
                bco: 1,
                offset: ret_offset,
                layout: LayoutIdx(0),
            },
        },
    ];
    img.statics = vec![
        StaticClosure {
            name: "id".into(),
            info: InfoIdx(1),
            payload: vec![],
        },
        StaticClosure {
            name: "box".into(),
            info: InfoIdx(0),
            payload: vec![StaticWord::Lit(LitIdx(0))],
        },
        StaticClosure {
            name: "caf".into(),
            info: InfoIdx(2),
            payload: vec![],
        },
        StaticClosure {
            name: "main".into(),
            info: InfoIdx(3),
            payload: vec![],
        },
    ];
    img.foreign_calls = vec![ForeignCallDesc {
        conv: CallConv::CCall,
        safe: false,
        entity: "sin".into(),
        arg_reps: vec![Rep::Double],
        result_rep: Some(Rep::Double),
        io: false,
        arg_types: vec![FfiType::Double],
        result_type: Some(FfiType::Double),
        callback: None,
    }];
    img.foreign_exports = vec![ForeignExport {
        conv: CallConv::CCall,
        name: "hs_id".into(),
        target: StaticIdx(0),
        arg_types: vec![FfiType::Int],
        result_type: Some(FfiType::Int),
        io: false,
    }];
    img.symbols = vec![
        Symbol {
            name: "Main.main".into(),
            target: NamedRef::Static(StaticIdx(3)),
        },
        Symbol {
            name: "I#".into(),
            target: NamedRef::Info(InfoIdx(0)),
        },
    ];
    img.entry = Some(StaticIdx(3));
    img
}

/// `load_decoded` hands the loader exactly what decoding each BCO gives,
/// and rejects what `load` rejects, with the same error.
#[test]
fn load_decoded_returns_each_bcos_code() {
    let img = sample();
    let (back, decoded) = Image::load_decoded(&img.to_bytes()).unwrap();
    assert_eq!(back, img);
    assert_eq!(decoded.len(), img.bcos.len());
    for (b, code) in img.bcos.iter().zip(&decoded) {
        assert_eq!(*code, decode_all(&b.code).unwrap());
    }
    let mut bad = sample();
    bad.bcos[2].code.truncate(1);
    let bytes = bad.to_bytes();
    assert!(Image::load(&bytes).is_err());
    assert_eq!(
        Image::load_decoded(&bytes).map(|_| ()),
        Image::load(&bytes).map(|_| ())
    );
}

#[test]
fn sample_validates_and_round_trips() {
    let img = sample();
    img.validate().unwrap();
    let bytes = img.to_bytes();
    assert_eq!(&bytes[..8], &MAGIC);
    let back = Image::load(&bytes).unwrap();
    assert_eq!(back, img);
    assert!(img.is_caf(StaticIdx(2)));
    assert!(!img.is_caf(StaticIdx(0)));
    let text = disasm::image(&img);
    assert!(text.contains("static#2 caf = info#2 [] CAF"), "{text}");
    assert!(text.contains("call info#4, s0, (ptr:s1)"), "{text}");
}

#[test]
fn payload_index_puts_pointers_first() {
    let c = &sample().cons[1];
    assert_eq!(c.payload_index(0), Some(1));
    assert_eq!(c.payload_index(1), Some(0));
    assert_eq!(c.payload_index(2), None);
    assert_eq!((c.ptrs(), c.nptrs()), (1, 1));
}

fn expect_invalid(img: Image, needle: &str) {
    match img.validate() {
        Err(e) => assert!(
            e.to_string().contains(needle),
            "error {e} does not mention {needle}"
        ),
        Ok(()) => panic!("image with {needle} validated"),
    }
}

#[test]
fn validator_rejects_bad_references() {
    let mut img = sample();
    img.bcos[0].code = encode_all(&[Instr::Enter { x: Slot(1) }]);
    expect_invalid(img, "slot 1 outside a frame of 1");

    let mut img = sample();
    img.bcos[0].code = encode_all(&[Instr::Move {
        dst: Slot(0),
        src: Slot(0),
    }]);
    expect_invalid(img, "falls off");

    let mut img = sample();
    img.bcos[0].code = vec![0x7777];
    assert!(matches!(
        img.validate(),
        Err(ImageError::Code { bco: 0, .. })
    ));

    let mut img = sample();
    img.bcos[1].code = encode_all(&[Instr::Jump { target: CodeOff(1) }]);
    expect_invalid(img, "not an instruction");

    let mut img = sample();
    img.layouts[0].bitmap[0] = 1 << 5;
    expect_invalid(img, "past the frame");

    let mut img = sample();
    img.infos[4].kind = InfoKind::Ret {
        bco: 1,
        offset: 1,
        layout: LayoutIdx(0),
    };
    expect_invalid(img, "not an instruction");

    let mut img = sample();
    img.infos[4].kind = InfoKind::Ret {
        bco: 1,
        offset: 0,
        layout: LayoutIdx(1),
    };
    expect_invalid(img, "size 3 but the frame has 2");

    let mut img = sample();
    img.statics[1].payload = vec![StaticWord::Static(StaticIdx(0))];
    expect_invalid(img, "wrong kind");

    let mut img = sample();
    img.entry = Some(StaticIdx(99));
    expect_invalid(img, "entry point");

    let mut img = sample();
    img.bcos[2].code = encode_all(&[
        Instr::AllocCon {
            dst: Slot(0),
            info: InfoIdx(1),
            fields: Slots(vec![]),
        },
        Instr::Return { x: Slot(0) },
    ]);
    expect_invalid(img, "not a constructor");

    let mut img = sample();
    img.bcos[2].code = encode_all(&[Instr::Eval {
        ret: InfoIdx(4),
        x: Slot(0),
    }]);
    expect_invalid(img, "not a return frame of this BCO");
}

#[test]
fn validator_checks_foreign_types_against_reps() {
    let mut img = sample();
    img.foreign_calls[0].arg_types = vec![];
    expect_invalid(img, "1 argument reps but 0 foreign types");

    let mut img = sample();
    img.foreign_calls[0].arg_types = vec![FfiType::Int8];
    expect_invalid(img, "argument 0 has rep double but foreign type Int8");

    let mut img = sample();
    img.foreign_calls[0].result_type = None;
    expect_invalid(img, "does not match foreign type");

    // A wrapper's one argument is the Haskell function: no foreign type.
    let mut img = sample();
    img.foreign_calls[0] = ForeignCallDesc {
        conv: CallConv::CCall,
        safe: true,
        entity: "wrapper".into(),
        arg_reps: vec![Rep::Ptr],
        result_rep: Some(Rep::Addr),
        io: true,
        arg_types: vec![],
        result_type: Some(FfiType::FunPtr),
        callback: None,
    };
    expect_invalid(img.clone(), "has no callback signature");
    img.foreign_calls[0].callback = Some(CallbackSig {
        args: vec![FfiType::Ptr, FfiType::Ptr],
        result: Some(FfiType::Int32),
        io: true,
    });
    img.validate().unwrap();
    let back = Image::load(&img.to_bytes()).unwrap();
    assert_eq!(back.foreign_calls, img.foreign_calls);
    // Only a wrapper carries a callback signature.
    let mut img = sample();
    img.foreign_calls[0].callback = Some(CallbackSig {
        args: vec![],
        result: None,
        io: false,
    });
    expect_invalid(img, "only a wrapper has a callback signature");
}

#[test]
fn reader_rejects_bad_headers() {
    let bytes = sample().to_bytes();
    assert_eq!(Image::from_bytes(b"nope"), Err(ImageError::BadMagic));
    let mut v = bytes.clone();
    v[8] = 99;
    assert!(matches!(
        Image::from_bytes(&v),
        Err(ImageError::UnsupportedVersion { found: 99, .. })
    ));
    let mut v = bytes.clone();
    v.push(0);
    assert!(matches!(
        Image::from_bytes(&v),
        Err(ImageError::Malformed { .. })
    ));
    for cut in 0..bytes.len() {
        assert!(
            Image::from_bytes(&bytes[..cut]).is_err(),
            "truncation at {cut} accepted"
        );
    }
}

/// The sample's `main` with its `prim` replaced: primop `name` with
/// `args` and `results` (layout 1: no pointer slots).
fn with_main_prim(name: &str, args: Vec<Arg>, results: Vec<Slot>) -> Image {
    let mut img = sample();
    img.primops = vec![name.into()];
    let mut code = decode_all(&img.bcos[2].code).unwrap();
    code[1].1 = Instr::Prim {
        prim: PrimIdx(0),
        layout: LayoutIdx(1),
        results: Slots(results),
        args: Args(args),
    };
    img.bcos[2].code = encode_all(&code.into_iter().map(|(_, i)| i).collect::<Vec<_>>());
    img
}

fn arg(rep: Rep, slot: u16) -> Arg {
    Arg {
        rep,
        slot: Slot(slot),
    }
}

/// The sample's CAF with its `call` replaced by `prim.call` of `name`
/// (a primop returning its value by return) and a continuation that
/// receives `R[recv]`; the `Ret` info follows the continuation.
fn with_prim_call(name: &str, args: Vec<Arg>, recv: u16) -> Image {
    let mut img = sample();
    img.primops = vec!["intAdd#".into(), name.into()];
    let mut code: Vec<Instr> = decode_all(&img.bcos[1].code)
        .unwrap()
        .into_iter()
        .map(|(_, i)| i)
        .collect();
    code[2] = Instr::PrimCall {
        ret: InfoIdx(4),
        prim: PrimIdx(1),
        args: Args(args),
    };
    code[3] = Instr::Recv {
        dst: Slot(0),
        index: Imm(recv),
    };
    img.bcos[1].code = encode_all(&code);
    let offset = decode_all(&img.bcos[1].code).unwrap()[3].0 as u32;
    if let InfoKind::Ret { offset: o, .. } = &mut img.infos[4].kind {
        *o = offset;
    }
    img
}

#[test]
fn validator_checks_primop_signatures() {
    let two_ints = vec![arg(Rep::Int, 0), arg(Rep::Int, 0)];
    with_main_prim("intAdd#", two_ints.clone(), vec![Slot(1)])
        .validate()
        .unwrap();
    // Too few arguments: the runtime would read a word nobody wrote.
    expect_invalid(
        with_main_prim("intAdd#", vec![arg(Rep::Int, 0)], vec![Slot(1)]),
        "intAdd# takes (int, int), given (int)",
    );
    // Too many, and a void one where a word belongs.
    expect_invalid(
        with_main_prim(
            "intAdd#",
            vec![arg(Rep::Int, 0), arg(Rep::Int, 0), arg(Rep::Int, 0)],
            vec![Slot(1)],
        ),
        "given (int, int, int)",
    );
    expect_invalid(
        with_main_prim(
            "intAdd#",
            vec![arg(Rep::Int, 0), arg(Rep::Void, 0)],
            vec![Slot(1)],
        ),
        "given (int, void)",
    );
    // A wrong rep: a pointer primop given an Int.
    expect_invalid(
        with_main_prim(
            "readMutVar#",
            vec![arg(Rep::Int, 0), arg(Rep::Void, 0)],
            vec![Slot(1)],
        ),
        "readMutVar# takes (ptr, void), given (int, void)",
    );
    // Wrong result counts.
    expect_invalid(
        with_main_prim("intAdd#", two_ints.clone(), vec![]),
        "intAdd# returns 1 result words, 0 result slots given",
    );
    expect_invalid(
        with_main_prim("intAdd#", two_ints, vec![Slot(1), Slot(2)]),
        "2 result slots given",
    );
    // The error names the BCO, the offset and the instruction.
    expect_invalid(
        with_main_prim("intAdd#", vec![], vec![Slot(1)]),
        "BCO 2 (main) at 4 (prim prim#0",
    );
    // A name outside the list has no implementation to feed: unchecked.
    with_main_prim("+#", vec![], vec![]).validate().unwrap();
}

#[test]
fn validator_checks_primop_pointer_arguments_against_the_layout() {
    // sizeofByteArray# takes a pointer, but layout 1 marks no slot: a
    // collection inside the primop would not update it.
    expect_invalid(
        with_main_prim("sizeofByteArray#", vec![arg(Rep::Ptr, 0)], vec![Slot(1)]),
        "argument 0 of sizeofByteArray# (rep ptr, slot 0) is not a pointer in layout 1",
    );
    let mut img = with_main_prim("sizeofByteArray#", vec![arg(Rep::Ptr, 0)], vec![Slot(1)]);
    img.layouts.push(Layout::new(3, [0]));
    let mut code = decode_all(&img.bcos[2].code).unwrap();
    if let Instr::Prim { layout, .. } = &mut code[1].1 {
        *layout = LayoutIdx(2);
    }
    let code: Vec<Instr> = code.into_iter().map(|(_, i)| i).collect();
    img.bcos[2].code = encode_all(&code);
    img.validate().unwrap();
    // ... and a word argument in a slot the layout calls a pointer would
    // be traced as one.
    let mut img = with_main_prim(
        "intAdd#",
        vec![arg(Rep::Int, 0), arg(Rep::Int, 0)],
        vec![Slot(1)],
    );
    img.layouts[1] = Layout::new(3, [0]);
    expect_invalid(img, "argument 0 of intAdd# (rep int, slot 0) is a pointer");
}

#[test]
fn validator_checks_what_a_prim_call_continuation_reads() {
    let action = vec![arg(Rep::Ptr, 1), arg(Rep::Void, 0)];
    with_prim_call("maskAsyncExceptions#", action.clone(), 0)
        .validate()
        .unwrap();
    // (# World#, a #): one result word, so R1 was never written.
    expect_invalid(
        with_prim_call("maskAsyncExceptions#", action, 1),
        "maskAsyncExceptions# returns 1 result words, its continuation at",
    );
    expect_invalid(
        with_prim_call("maskAsyncExceptions#", vec![arg(Rep::Ptr, 1)], 0),
        "maskAsyncExceptions# takes (ptr, void), given (ptr)",
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = Image::load(&bytes);
        let mut with_magic = MAGIC.to_vec();
        with_magic.extend_from_slice(&1u32.to_le_bytes());
        with_magic.extend_from_slice(&bytes);
        let _ = Image::load(&with_magic);
    }

    #[test]
    fn flipped_images_never_panic(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8), cut in any::<usize>()) {
        let mut bytes = sample().to_bytes();
        for (at, x) in flips {
            let i = at % bytes.len();
            bytes[i] ^= x | 1;
        }
        let keep = bytes.len() - cut % 16;
        let _ = Image::load(&bytes[..keep]);
        if let Ok(img) = Image::load(&bytes) {
            // Whatever validates must disassemble and re-serialise identically.
            let _ = disasm::image(&img);
            prop_assert_eq!(Image::from_bytes(&img.to_bytes()).unwrap(), img);
        }
    }

    #[test]
    fn random_code_never_panics(code in proptest::collection::vec(any::<u16>(), 0..64)) {
        let mut img = sample();
        img.bcos[2].code = code;
        let _ = img.validate();
        let _ = disasm::image(&img);
    }

    /// Random primop operands: the image validates exactly when the
    /// arguments have the primop's reps and the results its word count.
    #[test]
    fn primop_operands_are_checked(
        name in proptest::sample::select(vec!["intAdd#", "intNegate#", "writeMutVar#", "doubleDecode#", "getMonotonicNSec#"]),
        args in proptest::collection::vec((0..7usize, 0..3u16), 0..4),
        results in 0..3usize,
    ) {
        let args: Vec<Arg> = args.into_iter().map(|(r, s)| arg(Rep::ALL[r], s)).collect();
        let reps: Vec<Rep> = args.iter().map(|a| a.rep).collect();
        let sig = prim_signature(name).unwrap();
        // Layout 1 marks no pointer slot: a pointer argument never fits.
        let well_typed = reps == sig.args
            && !reps.contains(&Rep::Ptr)
            && results == sig.results.iter().filter(|r| r.has_word()).count();
        let result_slots = (0..results as u16).map(|s| Slot(s + 1)).collect();
        let img = with_main_prim(name, args, result_slots);
        prop_assert_eq!(img.validate().is_ok(), well_typed, "{:?}", img.validate());
    }
}

#[test]
fn every_opcode_is_documented() {
    let doc = include_str!("../../../docs/bytecode.md");
    for op in Opcode::ALL {
        let row = format!("| {:#04x} | `{}` |", *op as u16, op.mnemonic());
        assert!(
            doc.contains(&row),
            "docs/bytecode.md lacks the row for {op:?}: {row}"
        );
        let names: Vec<&str> = op.operands().iter().map(|(n, _)| *n).collect();
        assert!(
            doc.contains(&format!("{} |", names.join(", "))),
            "operands of {op:?} not documented as {names:?}"
        );
    }
}

#[test]
fn validator_checks_inline_operators() {
    use bytecode::{BinOp, LitIdx};
    let with = |first: Instr| {
        let mut img = sample();
        img.bcos[0].code = encode_all(&[first, Instr::Enter { x: Slot(0) }]);
        img
    };
    let arith_lit = |op, lit| Instr::ArithLit {
        op,
        dst: Slot(0),
        a: Slot(0),
        lit: LitIdx(lit),
    };
    // Literal 0 is Int 42, 1 a String, 3 a Double.
    assert_eq!(with(arith_lit(BinOp::IntAdd, 0)).validate(), Ok(()));
    assert_eq!(with(arith_lit(BinOp::DoubleMul, 3)).validate(), Ok(()));
    expect_invalid(
        with(arith_lit(BinOp::IntAdd, 1)),
        "operator add with literal",
    );
    expect_invalid(
        with(arith_lit(BinOp::DoubleAdd, 0)),
        "operator dadd with literal",
    );
    expect_invalid(with(arith_lit(BinOp::IntAdd, 9)), "literal 9 out of range");
    let unless = |op| Instr::JumpUnless {
        op,
        a: Slot(0),
        b: Slot(0),
        target: CodeOff(0),
    };
    assert_eq!(with(unless(BinOp::IntLt)).validate(), Ok(()));
    expect_invalid(with(unless(BinOp::IntAdd)), "not a comparison");
    // An operator code that names no operator does not decode.
    let mut img = with(arith_lit(BinOp::IntAdd, 0));
    img.bcos[0].code[1] = 999;
    assert!(matches!(
        img.validate(),
        Err(ImageError::Code { bco: 0, .. })
    ));
}

/// The boxes the runtime gives foreign values: every numeric and pointer
/// type has one constructor and keeps its word, a Float becomes the equal
/// Double, and the three types boxed another way have none.
#[test]
fn foreign_values_box_as_the_front_end_represents_them() {
    for t in FfiType::ALL {
        match t {
            FfiType::Bool | FfiType::StablePtr | FfiType::JSVal => {
                assert_eq!(t.boxed(1), None, "{t:?}");
            }
            FfiType::Float => {
                let (con, payload) = t.boxed(u64::from(1.5f32.to_bits())).expect("boxed");
                assert_eq!(con, "GHC.Types.D#");
                assert_eq!(f64::from_bits(payload), 1.5);
            }
            _ => {
                let (con, payload) = t.boxed(0xAB).expect("boxed");
                assert_eq!(payload, 0xAB, "{t:?}");
                let expected = match t.call_rep() {
                    Rep::Int if t == FfiType::Char => "GHC.Types.C#",
                    Rep::Int => "GHC.Types.I#",
                    Rep::Double => "GHC.Types.D#",
                    _ => "GHC.Types.W#",
                };
                assert_eq!(con, expected, "{t:?}");
            }
        }
    }
}
