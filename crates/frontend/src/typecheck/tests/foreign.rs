//! Foreign declarations with the real library: every marshalable type of
//! the seed user guide, `javascript` imports and exports, `"dynamic"` and
//! `"wrapper"`, and the rejected forms with their messages.

use super::core_out::any_node;
use crate::StandardBuiltins;
use crate::core::{CallConv, Expr, FfiType, ForeignCall, ForeignSig, Program, Rep};
use crate::driver::compile_source;

fn compile(src: &str) -> Result<Program, String> {
    compile_source("prog.hs", src, &StandardBuiltins).map_err(|e| e.to_string())
}

fn compile_ok(src: &str) -> Program {
    compile(src).unwrap_or_else(|e| panic!("{e}"))
}

/// The foreign call inside the binding `Main.<name>`.
fn call_of(p: &Program, name: &str) -> ForeignCall {
    let qualified = format!("Main.{name}");
    let mut found = None;
    for b in &p.binds {
        let pairs: Vec<(&crate::core::Var, &Expr)> = match b {
            crate::core::Bind::NonRec(v, e) => vec![(v, e)],
            crate::core::Bind::Rec(g) => g.iter().map(|(v, e)| (v, e)).collect(),
        };
        for (v, e) in pairs {
            if v.name == qualified {
                any_node(e, &mut |n| {
                    if let Expr::Foreign(c, _) = n {
                        found = Some(c.clone());
                        true
                    } else {
                        false
                    }
                });
            }
        }
    }
    found.unwrap_or_else(|| panic!("no foreign call in {qualified}"))
}

/// Whether the binding `Main.<name>` applies the primop `op`.
fn uses_prim(p: &Program, name: &str, op: &str) -> bool {
    let qualified = format!("Main.{name}");
    p.binds.iter().any(|b| match b {
        crate::core::Bind::NonRec(v, e) if v.name == qualified => {
            any_node(e, &mut |n| matches!(n, Expr::PrimApp(o, _) if o.0 == op))
        }
        _ => false,
    })
}

const IMPORTS: &str =
    "import Data.Int\nimport Data.Word\nimport Foreign.Ptr\nimport Foreign.StablePtr\n";

#[test]
fn every_marshalable_type_crosses_a_ccall() {
    // (Haskell type, foreign type, rep of the call)
    let table: &[(&str, FfiType, Rep)] = &[
        ("Int", FfiType::Int, Rep::Int),
        ("Int8", FfiType::Int8, Rep::Int),
        ("Int16", FfiType::Int16, Rep::Int),
        ("Int32", FfiType::Int32, Rep::Int),
        ("Int64", FfiType::Int64, Rep::Int),
        ("Word", FfiType::Word, Rep::Word),
        ("Word8", FfiType::Word8, Rep::Word),
        ("Word16", FfiType::Word16, Rep::Word),
        ("Word32", FfiType::Word32, Rep::Word),
        ("Word64", FfiType::Word64, Rep::Word),
        ("Char", FfiType::Char, Rep::Int),
        ("Bool", FfiType::Bool, Rep::Int),
        ("Double", FfiType::Double, Rep::Double),
        ("Float", FfiType::Float, Rep::Float),
        ("(Ptr Int)", FfiType::Ptr, Rep::Addr),
        ("(FunPtr (Int -> IO ()))", FfiType::FunPtr, Rep::Addr),
        ("(StablePtr Int)", FfiType::StablePtr, Rep::Ptr),
        ("Age", FfiType::Int32, Rep::Int),
    ];
    let mut src = format!("{IMPORTS}newtype Age = Age Int32\n");
    for (i, (ty, _, _)) in table.iter().enumerate() {
        src.push_str(&format!(
            "foreign import ccall unsafe \"f{i}\" f{i} :: {ty} -> IO {ty}\n"
        ));
        src.push_str(&format!(
            "foreign import ccall \"g{i}\" g{i} :: Int -> {ty}\n"
        ));
    }
    src.push_str("main = return ()\n");
    let p = compile_ok(&src);
    for (i, (ty, ffi, rep)) in table.iter().enumerate() {
        let c = call_of(&p, &format!("f{i}"));
        assert_eq!(c.entity, format!("f{i}"), "{ty}");
        assert!(!c.safe && c.io && c.conv == CallConv::CCall, "{ty}");
        assert_eq!(c.arg_types, vec![*ffi], "{ty}");
        assert_eq!(c.result_type, Some(*ffi), "{ty}");
        assert_eq!(c.arg_reps, vec![*rep], "{ty}");
        assert_eq!(c.result_rep, Some(*rep), "{ty}");
        let g = call_of(&p, &format!("g{i}"));
        assert!(g.safe && !g.io, "{ty}");
        assert_eq!(
            (g.arg_types.clone(), g.result_type),
            (vec![FfiType::Int], Some(*ffi)),
            "{ty}"
        );
    }
    // Results are re-narrowed and converted back; arguments converted.
    assert!(uses_prim(&p, "g1", "narrow8Int#"));
    assert!(uses_prim(&p, "g7", "narrow16Word#"));
    assert!(
        uses_prim(&p, "g17", "narrow32Int#"),
        "a newtype of Int32 narrows like Int32"
    );
    assert!(!uses_prim(&p, "g4", "narrow32Int#"));
    assert!(uses_prim(&p, "f13", "doubleToFloat#") && uses_prim(&p, "f13", "floatToDouble#"));
    assert!(uses_prim(&p, "f14", "wordToAddr#") && uses_prim(&p, "f14", "addrToWord#"));
}

#[test]
fn exports_list_their_foreign_types() {
    let src = format!(
        "{IMPORTS}\
         f :: Int8 -> Word16 -> Float -> Ptr () -> IO Word64\n\
         f _ _ _ _ = return 7\n\
         g :: Num a => a -> a\ng x = x + 1\n\
         foreign export ccall \"hs_f\" f :: Int8 -> Word16 -> Float -> Ptr () -> IO Word64\n\
         foreign export ccall \"hs_g\" g :: Int32 -> Int32\n\
         main = return ()\n"
    );
    let p = compile_ok(&src);
    let f = p
        .foreign_exports
        .iter()
        .find(|e| e.name == "hs_f")
        .expect("hs_f");
    assert_eq!(
        f.arg_types,
        vec![FfiType::Int8, FfiType::Word16, FfiType::Float, FfiType::Ptr]
    );
    assert_eq!((f.result_type, f.io), (Some(FfiType::Word64), true));
    // The declared type, not the target's more general one.
    let g = p
        .foreign_exports
        .iter()
        .find(|e| e.name == "hs_g")
        .expect("hs_g");
    assert_eq!(
        (g.arg_types.clone(), g.result_type, g.io),
        (vec![FfiType::Int32], Some(FfiType::Int32), false)
    );
}

#[test]
fn javascript_imports_carry_their_snippets() {
    let src = "import GHC.Wasm.Prim\nimport Data.Int\n\
        newtype Elem = Elem JSVal\n\
        foreign import javascript unsafe \"$1 + $2\" js_add :: Int -> Int -> Int\n\
        foreign import javascript safe \"const r = await fetch($1); return r.text();\" js_fetch :: JSString -> IO JSString\n\
        foreign import javascript \"document.getElementById($1)\" js_elem :: JSString -> IO Elem\n\
        foreign import javascript unsafe \"console.log($1)\" js_log :: Int64 -> IO ()\n\
        foreign import javascript \"dynamic\" js_call :: JSVal -> Int -> IO Bool\n\
        foreign import javascript \"wrapper\" js_wrap :: (Int -> IO Int) -> IO JSVal\n\
        foreign import javascript unsafe \"wrapper\" js_wrap2 :: (JSVal -> Double -> IO ()) -> IO JSVal\n\
        step :: Int -> IO Int\nstep x = return (x + 1)\n\
        foreign export javascript \"step\" step :: Int -> IO Int\n\
        main = print (js_add 1 2, isJSFFIUsed)\n";
    let p = compile_ok(src);
    let add = call_of(&p, "js_add");
    assert_eq!(
        (add.conv, add.safe, add.io),
        (CallConv::JavaScript, false, false)
    );
    assert_eq!(add.entity, "$1 + $2");
    let fetch = call_of(&p, "js_fetch");
    assert!(fetch.safe && fetch.io);
    assert_eq!(fetch.entity, "const r = await fetch($1); return r.text();");
    assert_eq!(
        (fetch.arg_types.clone(), fetch.result_type),
        (vec![FfiType::JSVal], Some(FfiType::JSVal))
    );
    assert_eq!(fetch.arg_reps, vec![Rep::Ptr]);
    let el = call_of(&p, "js_elem");
    assert!(el.safe, "no annotation means safe");
    assert_eq!(el.result_type, Some(FfiType::JSVal), "a newtype of JSVal");
    let log = call_of(&p, "js_log");
    assert_eq!(
        (log.arg_types.clone(), log.result_type),
        (vec![FfiType::Int64], None)
    );
    let dynamic = call_of(&p, "js_call");
    assert_eq!(dynamic.entity, "dynamic");
    assert_eq!(dynamic.arg_types, vec![FfiType::JSVal, FfiType::Int]);
    // Unannotated = safe = asynchronous: the call returns the Promise; the
    // Bool comes from a second (sync) call when the result thunk is forced
    // (Note [Asynchronous javascript imports] in lower/foreign.rs).
    assert!(dynamic.safe && dynamic.io);
    assert_eq!(dynamic.result_type, Some(FfiType::JSVal));
    let wrap = call_of(&p, "js_wrap");
    assert_eq!(wrap.entity, "wrapper");
    assert_eq!(wrap.arg_reps, vec![Rep::Ptr], "the Haskell function itself");
    assert!(wrap.arg_types.is_empty());
    assert_eq!(wrap.result_type, Some(FfiType::JSVal));
    assert_eq!(
        wrap.callback,
        Some(ForeignSig {
            args: vec![FfiType::Int],
            result: Some(FfiType::Int),
            io: true
        })
    );
    let wrap2 = call_of(&p, "js_wrap2");
    assert_eq!(
        wrap2.callback,
        Some(ForeignSig {
            args: vec![FfiType::JSVal, FfiType::Double],
            result: None,
            io: true
        })
    );
    let ex = p
        .foreign_exports
        .iter()
        .find(|e| e.name == "step")
        .expect("step");
    assert_eq!(
        (ex.conv, ex.arg_types.clone(), ex.result_type),
        (CallConv::JavaScript, vec![FfiType::Int], Some(FfiType::Int))
    );
}

#[test]
fn ccall_dynamic_and_wrapper() {
    let src = "import Foreign.Ptr\n\
        type Callback = Int -> IO Int\n\
        foreign import ccall \"dynamic\" callIt :: FunPtr Callback -> Callback\n\
        foreign import ccall \"wrapper\" mkCallback :: Callback -> IO (FunPtr Callback)\n\
        main = do { f <- mkCallback (\\x -> return (x * 2)); r <- callIt f 21; print r; freeHaskellFunPtr f }\n";
    let p = compile_ok(src);
    let d = call_of(&p, "callIt");
    assert_eq!(d.arg_types, vec![FfiType::FunPtr, FfiType::Int]);
    assert_eq!(d.arg_reps, vec![Rep::Addr, Rep::Int]);
    let w = call_of(&p, "mkCallback");
    assert_eq!(w.result_type, Some(FfiType::FunPtr));
    assert_eq!(
        w.callback,
        Some(ForeignSig {
            args: vec![FfiType::Int],
            result: Some(FfiType::Int),
            io: true
        })
    );
}

#[test]
fn unmarshalable_foreign_types_are_rejected() {
    let cases: &[(&str, &str)] = &[
        (
            "foreign import ccall \"f\" f :: Maybe Int -> Int\n",
            "prog.hs:1:1: error:\n    Unacceptable argument type in foreign declaration: ‘Maybe Int’: it cannot be marshalled",
        ),
        (
            "import GHC.Wasm.Prim\nforeign import ccall \"f\" f :: Int -> IO JSVal\n",
            "Unacceptable result type in foreign declaration: ‘JSVal’: JSVal can only be marshalled by a javascript declaration",
        ),
        (
            "foreign import ccall \"dynamic\" f :: Int -> IO ()\n",
            "the first argument of a \"dynamic\" import must be a FunPtr",
        ),
        (
            "import GHC.Wasm.Prim\nforeign import javascript \"dynamic\" f :: Int -> IO ()\n",
            "the first argument of a \"dynamic\" import must be a JSVal",
        ),
        (
            "import Foreign.Ptr\nforeign import ccall \"wrapper\" f :: (Int -> IO ()) -> IO (FunPtr (Int -> IO Int))\n",
            "a \"wrapper\" import must have type ‘ft -> IO (FunPtr ft)’",
        ),
        (
            "foreign import javascript \"wrapper\" f :: (Int -> IO ()) -> IO Int\n",
            "a \"wrapper\" import must have type ‘ft -> IO JSVal’",
        ),
        (
            "import Foreign.Ptr\nforeign import ccall \"wrapper\" f :: (Maybe Int -> IO ()) -> IO (FunPtr (Maybe Int -> IO ()))\n",
            "Unacceptable argument type in foreign declaration: ‘Maybe Int’",
        ),
        (
            "foreign import ccall \"f\" f :: Integer -> IO ()\n",
            "‘Integer’: it cannot be marshalled",
        ),
    ];
    for (decls, want) in cases {
        let src = format!("{decls}main = return ()\n");
        let e = compile(&src).expect_err(decls);
        assert!(e.contains(want), "{decls}\n--- got:\n{e}");
    }
}

#[test]
fn sized_types_and_float_have_their_instances() {
    let ts = crate::driver::infer_types(
        "prog.hs",
        "import Data.Int\nimport Data.Word\nimport Data.Bits\n\
         f x = x + (1 :: Int8)\ng = shiftL (3 :: Word16) 2 .|. 1\nh = sqrt (2 :: Float) / 3\n\
         k = (maxBound :: Word32, fromIntegral (7 :: Int64) :: Float)\nmain = print (f 1, g, h, k)\n",
        &StandardBuiltins,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ts[0], "f :: Int8 -> Int8");
    assert_eq!(ts[1], "g :: Word16");
    assert_eq!(ts[2], "h :: Float");
    assert_eq!(ts[3], "k :: (Word32, Float)");
}

#[test]
fn the_sized_ints_corpus_program_compiles() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs/sized_ints.hs");
    let text = std::fs::read_to_string(path).expect("tests/programs/sized_ints.hs");
    let p =
        compile_source("sized_ints.hs", &text, &StandardBuiltins).unwrap_or_else(|e| panic!("{e}"));
    assert!(p.main.is_some());
}

#[test]
fn storable_and_alloc_programs_compile() {
    // The GHC cross-check program of Foreign.Storable (tests/ghc-shim runs
    // it against the library and against base).
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/ghc-shim/selftest-storable.hs");
    let text = std::fs::read_to_string(path).expect("tests/ghc-shim/selftest-storable.hs");
    let p = compile_source("selftest-storable.hs", &text, &StandardBuiltins)
        .unwrap_or_else(|e| panic!("{e}"));
    // malloc and free are ordinary C imports of the library.
    let mut entities = Vec::new();
    for b in &p.binds {
        let es: Vec<&Expr> = match b {
            crate::core::Bind::NonRec(_, e) => vec![e],
            crate::core::Bind::Rec(g) => g.iter().map(|(_, e)| e).collect(),
        };
        for e in es {
            any_node(e, &mut |n| {
                if let Expr::Foreign(c, _) = n {
                    entities.push((c.entity.clone(), c.arg_types.clone(), c.result_type));
                }
                false
            });
        }
    }
    assert!(
        entities.contains(&(
            "malloc".to_string(),
            vec![FfiType::Word],
            Some(FfiType::Ptr)
        )),
        "{entities:?}"
    );
    assert!(
        entities.contains(&("free".to_string(), vec![FfiType::Ptr], None)),
        "{entities:?}"
    );
}
