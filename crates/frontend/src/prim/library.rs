//! The built-in library's Haskell sources (`crates/frontend/lib/**.hs`),
//! embedded in the binary so `hsrts` needs no files at run time.
//!
//! Module `A.B.C` is the file `lib/A/B/C.hs`. The list is in dependency
//! order (every module imports only modules before it, and the pseudo-module
//! `Hsrts.Prim`, which has no source: see `crate::prim::PRIM_MODULE`).

/// `(module name, source)`, in dependency order.
pub static LIBRARY: &[(&str, &str)] = &[
    ("GHC.Types", include_str!("../../lib/GHC/Types.hs")),
    ("GHC.Base", include_str!("../../lib/GHC/Base.hs")),
    ("GHC.Num", include_str!("../../lib/GHC/Num.hs")),
    ("GHC.Enum", include_str!("../../lib/GHC/Enum.hs")),
    ("GHC.List", include_str!("../../lib/GHC/List.hs")),
    ("GHC.Show", include_str!("../../lib/GHC/Show.hs")),
    ("GHC.Real", include_str!("../../lib/GHC/Real.hs")),
    ("GHC.Float", include_str!("../../lib/GHC/Float.hs")),
    ("GHC.Exception", include_str!("../../lib/GHC/Exception.hs")),
    ("GHC.Read", include_str!("../../lib/GHC/Read.hs")),
    ("GHC.IO", include_str!("../../lib/GHC/IO.hs")),
    ("GHC.Ptr", include_str!("../../lib/GHC/Ptr.hs")),
    ("GHC.Conc", include_str!("../../lib/GHC/Conc.hs")),
    (
        "GHC.TopHandler",
        include_str!("../../lib/GHC/TopHandler.hs"),
    ),
    ("Prelude", include_str!("../../lib/Prelude.hs")),
    ("Data.List", include_str!("../../lib/Data/List.hs")),
    ("Data.Char", include_str!("../../lib/Data/Char.hs")),
    ("Data.Bits", include_str!("../../lib/Data/Bits.hs")),
    ("GHC.Int", include_str!("../../lib/GHC/Int.hs")),
    ("GHC.Word", include_str!("../../lib/GHC/Word.hs")),
    ("Data.Maybe", include_str!("../../lib/Data/Maybe.hs")),
    ("Data.Either", include_str!("../../lib/Data/Either.hs")),
    ("Data.Function", include_str!("../../lib/Data/Function.hs")),
    ("Data.Ord", include_str!("../../lib/Data/Ord.hs")),
    ("Data.IORef", include_str!("../../lib/Data/IORef.hs")),
    ("Data.Word", include_str!("../../lib/Data/Word.hs")),
    ("Data.Int", include_str!("../../lib/Data/Int.hs")),
    ("Data.Ratio", include_str!("../../lib/Data/Ratio.hs")),
    ("Control.Monad", include_str!("../../lib/Control/Monad.hs")),
    (
        "Control.Exception",
        include_str!("../../lib/Control/Exception.hs"),
    ),
    ("System.IO", include_str!("../../lib/System/IO.hs")),
    (
        "System.IO.Error",
        include_str!("../../lib/System/IO/Error.hs"),
    ),
    (
        "System.IO.Unsafe",
        include_str!("../../lib/System/IO/Unsafe.hs"),
    ),
    (
        "System.Environment",
        include_str!("../../lib/System/Environment.hs"),
    ),
    ("System.Exit", include_str!("../../lib/System/Exit.hs")),
    (
        "Control.Concurrent.MVar",
        include_str!("../../lib/Control/Concurrent/MVar.hs"),
    ),
    (
        "Control.Concurrent.Chan",
        include_str!("../../lib/Control/Concurrent/Chan.hs"),
    ),
    (
        "Control.Concurrent",
        include_str!("../../lib/Control/Concurrent.hs"),
    ),
    (
        "System.Timeout",
        include_str!("../../lib/System/Timeout.hs"),
    ),
    ("System.Mem", include_str!("../../lib/System/Mem.hs")),
    (
        "System.Mem.Weak",
        include_str!("../../lib/System/Mem/Weak.hs"),
    ),
    (
        "System.Mem.StableName",
        include_str!("../../lib/System/Mem/StableName.hs"),
    ),
    (
        "Foreign.StablePtr",
        include_str!("../../lib/Foreign/StablePtr.hs"),
    ),
    ("Foreign.Ptr", include_str!("../../lib/Foreign/Ptr.hs")),
    (
        "Foreign.Storable",
        include_str!("../../lib/Foreign/Storable.hs"),
    ),
    (
        "Foreign.Marshal.Alloc",
        include_str!("../../lib/Foreign/Marshal/Alloc.hs"),
    ),
    ("GHC.Wasm.Prim", include_str!("../../lib/GHC/Wasm/Prim.hs")),
    ("Text.Read", include_str!("../../lib/Text/Read.hs")),
    ("Numeric", include_str!("../../lib/Numeric.hs")),
    ("Debug.Trace", include_str!("../../lib/Debug/Trace.hs")),
    ("GHC.ST", include_str!("../../lib/GHC/ST.hs")),
    (
        "Control.Monad.ST",
        include_str!("../../lib/Control/Monad/ST.hs"),
    ),
    ("Data.STRef", include_str!("../../lib/Data/STRef.hs")),
    ("Data.Ix", include_str!("../../lib/Data/Ix.hs")),
    (
        "Data.Array.Base",
        include_str!("../../lib/Data/Array/Base.hs"),
    ),
    ("Data.Array", include_str!("../../lib/Data/Array.hs")),
    (
        "Data.Array.IArray",
        include_str!("../../lib/Data/Array/IArray.hs"),
    ),
    (
        "Data.Array.Unboxed",
        include_str!("../../lib/Data/Array/Unboxed.hs"),
    ),
    (
        "Data.Array.MArray",
        include_str!("../../lib/Data/Array/MArray.hs"),
    ),
    ("Data.Array.ST", include_str!("../../lib/Data/Array/ST.hs")),
    ("Data.Array.IO", include_str!("../../lib/Data/Array/IO.hs")),
];

/// The names of every library module, in dependency order.
pub static LIBRARY_MODULES: &[&str] = &[
    "GHC.Types",
    "GHC.Base",
    "GHC.Num",
    "GHC.Enum",
    "GHC.List",
    "GHC.Show",
    "GHC.Real",
    "GHC.Float",
    "GHC.Exception",
    "GHC.Read",
    "GHC.IO",
    "GHC.Ptr",
    "GHC.Conc",
    "GHC.TopHandler",
    "Prelude",
    "Data.List",
    "Data.Char",
    "Data.Bits",
    "GHC.Int",
    "GHC.Word",
    "Data.Maybe",
    "Data.Either",
    "Data.Function",
    "Data.Ord",
    "Data.IORef",
    "Data.Word",
    "Data.Int",
    "Data.Ratio",
    "Control.Monad",
    "Control.Exception",
    "System.IO",
    "System.IO.Error",
    "System.IO.Unsafe",
    "System.Environment",
    "System.Exit",
    "Control.Concurrent.MVar",
    "Control.Concurrent.Chan",
    "Control.Concurrent",
    "System.Timeout",
    "System.Mem",
    "System.Mem.Weak",
    "System.Mem.StableName",
    "Foreign.StablePtr",
    "Foreign.Ptr",
    "Foreign.Storable",
    "Foreign.Marshal.Alloc",
    "GHC.Wasm.Prim",
    "Text.Read",
    "Numeric",
    "Debug.Trace",
    "GHC.ST",
    "Control.Monad.ST",
    "Data.STRef",
    "Data.Ix",
    "Data.Array.Base",
    "Data.Array",
    "Data.Array.IArray",
    "Data.Array.Unboxed",
    "Data.Array.MArray",
    "Data.Array.ST",
    "Data.Array.IO",
];

/// The source of a library module, by module name.
pub fn library_module(name: &str) -> Option<&'static str> {
    LIBRARY
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, src)| *src)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_module_is_embedded_and_listed() {
        assert_eq!(LIBRARY.len(), LIBRARY_MODULES.len());
        for ((name, src), listed) in LIBRARY.iter().zip(LIBRARY_MODULES) {
            assert_eq!(name, listed);
            assert!(
                src.contains(&format!("module {name}")),
                "{name}: wrong header"
            );
            assert_eq!(library_module(name), Some(*src));
        }
        assert!(library_module("Data.Nope").is_none());
    }

    /// Every .hs file under lib/ is embedded (no file is forgotten).
    #[test]
    fn no_library_file_is_left_out() {
        fn walk(dir: &std::path::Path, prefix: &str, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("lib dir") {
                let entry = entry.expect("entry");
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.path().is_dir() {
                    walk(&entry.path(), &format!("{prefix}{name}."), out);
                } else if let Some(stem) = name.strip_suffix(".hs") {
                    out.push(format!("{prefix}{stem}"));
                }
            }
        }
        let mut found = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lib"),
            "",
            &mut found,
        );
        for m in &found {
            assert!(library_module(m).is_some(), "lib/{m} is not embedded");
        }
    }

    /// Imports only refer to earlier modules or the prim pseudo-module.
    #[test]
    fn modules_are_in_dependency_order() {
        for (i, (name, src)) in LIBRARY.iter().enumerate() {
            for line in src.lines() {
                let Some(rest) = line.strip_prefix("import ") else {
                    continue;
                };
                let rest = rest
                    .trim_start()
                    .strip_prefix("qualified ")
                    .unwrap_or(rest)
                    .trim_start();
                let imported: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '.' || *c == '_')
                    .collect();
                if imported == crate::prim::PRIM_MODULE {
                    continue;
                }
                let pos = LIBRARY_MODULES.iter().position(|m| *m == imported);
                assert!(
                    pos.is_some_and(|p| p < i),
                    "{name} imports {imported}, not an earlier module"
                );
            }
        }
    }
}

#[cfg(test)]
mod shim_tests {
    use crate::prim::haskell_primitives;

    /// The GHC cross-check's shim (tests/ghc-shim/Hsrts/Prim.hs) defines
    /// every Haskell-level primitive with a type signature, so check.sh
    /// really checks the library against the whole table.
    #[test]
    fn ghc_shim_defines_every_primitive() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/ghc-shim/Hsrts/Prim.hs");
        let Ok(shim) = std::fs::read_to_string(&path) else {
            eprintln!("note: {} not found; skipping", path.display());
            return;
        };
        let normal = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut signed = std::collections::HashMap::new();
        for line in shim
            .lines()
            .filter(|l| l.starts_with("prim") && l.contains("::"))
        {
            let (names, ty) = line.split_once("::").unwrap_or_default();
            for name in names.split(',') {
                signed.insert(name.trim().to_string(), normal(ty));
            }
        }
        for p in haskell_primitives() {
            let ty = signed
                .get(p.haskell_name())
                .unwrap_or_else(|| panic!("shim lacks {}", p.haskell_name()));
            assert_eq!(
                ty,
                &normal(p.haskell_type()),
                "shim type of {}",
                p.haskell_name()
            );
        }
    }
}
