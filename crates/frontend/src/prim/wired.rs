//! Wired-in names: library bindings that the runtime or the other front-end
//! passes refer to by qualified name.
//!
//! Every entry is `(role, qualified name)`. The runtime looks closures up by
//! name in `core::Program::binds` (`Program::top_level`); the renamer, typer
//! and desugarer use the roles for the sugar they expand. A unit test checks
//! that each name is defined in the library sources. See docs/language.md,
//! "Wired-in names".

/// `(role, qualified name)`; see each role's doc in [`wired_doc`].
pub const WIRED_IN: &[(&str, &str)] = &[
    // -- run-time system --
    ("run-main", "GHC.TopHandler.runMainIO"),
    ("exc-div-zero", "GHC.Exception.divZeroException"),
    ("exc-overflow", "GHC.Exception.overflowException"),
    ("exc-stack-overflow", "GHC.Exception.stackOverflow"),
    ("exc-heap-overflow", "GHC.Exception.heapOverflow"),
    ("exc-non-termination", "GHC.Exception.nonTermination"),
    (
        "exc-blocked-mvar",
        "GHC.Exception.blockedIndefinitelyOnMVar",
    ),
    ("exc-user-interrupt", "GHC.Exception.userInterrupt"),
    ("exc-thread-killed", "GHC.Exception.threadKilled"),
    ("run-finalizer", "GHC.TopHandler.runFinalizerBatch"),
    ("tuple-fst", "GHC.Base.fst"),
    ("tuple-snd", "GHC.Base.snd"),
    ("force-string", "GHC.Base.forceString"),
    // -- compiler: errors it inserts --
    ("pattern-match-fail", "GHC.Exception.patError"),
    ("record-selector-fail", "GHC.Exception.recSelError"),
    ("record-construction-fail", "GHC.Exception.recConError"),
    ("no-method", "GHC.Exception.noMethodBindingError"),
    ("error", "GHC.Base.error"),
    ("undefined", "GHC.Base.undefined"),
    ("error-located", "GHC.Base.errorAt"),
    ("undefined-located", "GHC.Base.undefinedAt"),
    ("exception-class", "GHC.Exception.Exception"),
    ("exception-type-tag", "GHC.Exception.exceptionTypeTag"),
    // -- compiler: sugar --
    ("from-integer", "GHC.Num.fromInteger"),
    ("from-rational", "GHC.Real.fromRational"),
    ("ratio-con", "GHC.Real.:%"),
    ("negate", "GHC.Num.negate"),
    ("eq", "GHC.Base.=="),
    ("bind", "GHC.Base.>>="),
    ("then", "GHC.Base.>>"),
    ("fail", "GHC.Base.fail"),
    ("concat-map", "GHC.Base.concatMap"),
    ("enum-from", "GHC.Enum.enumFrom"),
    ("enum-from-then", "GHC.Enum.enumFromThen"),
    ("enum-from-to", "GHC.Enum.enumFromTo"),
    ("enum-from-then-to", "GHC.Enum.enumFromThenTo"),
    ("bool-type", "GHC.Types.Bool"),
    ("false", "GHC.Types.False"),
    ("true", "GHC.Types.True"),
    ("and", "GHC.Types.&&"),
    ("string-type", "GHC.Base.String"),
    // -- deriving (the desugarer's generated instances) --
    ("class-eq", "GHC.Base.Eq"),
    ("class-ord", "GHC.Base.Ord"),
    ("class-show", "GHC.Show.Show"),
    ("class-enum", "GHC.Enum.Enum"),
    ("class-bounded", "GHC.Enum.Bounded"),
    ("class-num", "GHC.Num.Num"),
    ("class-monad", "GHC.Base.Monad"),
    ("compare", "GHC.Base.compare"),
    ("lt-ordering", "GHC.Types.LT"),
    ("eq-ordering", "GHC.Types.EQ"),
    ("gt-ordering", "GHC.Types.GT"),
    ("shows-prec", "GHC.Show.showsPrec"),
    ("show-string", "GHC.Show.showString"),
    ("show-paren", "GHC.Show.showParen"),
    ("show-space", "GHC.Show.showSpace"),
    ("show-comma-space", "GHC.Show.showCommaSpace"),
    ("compose", "GHC.Base.."),
    ("enum-error", "GHC.Enum.toEnumError"),
    ("succ-error", "GHC.Enum.succError"),
    ("pred-error", "GHC.Enum.predError"),
];

/// What each role is for.
pub fn wired_doc(role: &str) -> Option<&'static str> {
    Some(match role {
        "run-main" => {
            "runMainIO :: IO a -> IO (): the runtime runs `runMainIO Main.main` as the main thread; it prints an uncaught exception as GHC does (`prog: msg` on stderr, exit 1; ExitCode exits with its code; StackOverflow/HeapOverflow print the RTS messages, exit 2/251; UserInterrupt dies of SIGINT) and flushes stdout"
        }
        "exc-div-zero" => {
            "SomeException raised by a CanFail primop dividing by zero (`divide by zero`)"
        }
        "exc-overflow" => {
            "SomeException raised by quot/div of minBound by -1 (`arithmetic overflow`)"
        }
        "exc-stack-overflow" => {
            "SomeException thrown (asynchronously) to a thread whose stack passes -K (`stack overflow`; the top handler prints the RTS message)"
        }
        "exc-heap-overflow" => {
            "SomeException thrown when the heap passes -M (`heap overflow`; top handler prints `Heap exhausted`, exit 251)"
        }
        "exc-non-termination" => {
            "SomeException raised in a thread entering its own blackhole (`<<loop>>`)"
        }
        "exc-blocked-mvar" => {
            "SomeException thrown to a thread blocked on an unreachable MVar (`thread blocked indefinitely in an MVar operation`)"
        }
        "exc-user-interrupt" => {
            "SomeException thrown to the main thread on SIGINT / hsrts_interrupt() (`user interrupt`)"
        }
        "exc-thread-killed" => {
            "SomeException of killThread (`thread killed`); the runtime may use it to kill threads at shutdown"
        }
        "run-finalizer" => {
            "runFinalizerBatch :: [IO ()] -> IO (): the runtime runs the weak-pointer finalizers one collection found due as `runFinalizerBatch [fin, ..]` in one new thread, one after another (each one's exceptions are printed and ignored)"
        }
        "tuple-fst" => "fst, for the thunks of atomicModifyMutVar#",
        "tuple-snd" => "snd, for the thunks of atomicModifyMutVar#",
        "force-string" => {
            "forceString :: String -> (): evaluates a string's spine and characters; primop wrappers with a String argument call it"
        }
        "pattern-match-fail" => {
            "patError :: [Char] -> a, argument the whole message, e.g. `t.hs:3:1-13: Non-exhaustive patterns in function f` (also `in case`, `Irrefutable pattern failed for pattern ...`)"
        }
        "record-selector-fail" => {
            "recSelError :: [Char] -> a, the whole message (`No match in record selector fld`)"
        }
        "record-construction-fail" => {
            "recConError :: [Char] -> a, the whole message (`t.hs:4:9-20: Missing field in record construction fld`)"
        }
        "no-method" => {
            "noMethodBindingError :: [Char] -> a, the whole message (`t.hs:5:10-17: No instance nor default method for class operation >>=`)"
        }
        "error" => {
            "error :: [Char] -> a; in the user's module the renamer replaces each occurrence by `errorAt \"<call site>\"` (role error-located)"
        }
        "undefined" => {
            "undefined :: a; in the user's module the renamer replaces each occurrence by `undefinedAt \"<call site>\"` (role undefined-located)"
        }
        "error-located" => {
            "errorAt :: [Char] -> [Char] -> a: `error msg` at a known call site; first argument `t.hs:10:23 in main:Main` so the message ends with GHC's CallStack lines"
        }
        "undefined-located" => {
            "undefinedAt :: [Char] -> a: `undefined` at a known call site (same location format)"
        }
        "exception-class" => {
            "the class Exception; the typer fills `exceptionTypeTag` in instances that do not define it (see below)"
        }
        "exception-type-tag" => {
            "the hidden Exception method `exceptionTypeTag :: e -> [Char]`; in an instance that omits it the typer defines it as `\\_ -> \"<qualified type constructor name>\"` (Note [Exception tags] in lib/GHC/Exception.hs); it must not evaluate its argument"
        }
        "from-integer" => {
            "integer literals at a type other than Int/Integer/Double: fromInteger (Integer literal)"
        }
        "from-rational" => "fractional literals at a type other than Double: fromRational (n :% d)",
        "ratio-con" => "the Ratio constructor, to build a fractional literal's Rational",
        "negate" => "negative literals and prefix minus",
        "eq" => "literal patterns compare with ==",
        "bind" | "then" => "do-notation",
        "fail" => "do-notation pattern binds that can fail (MonadFail's fail)",
        "concat-map" => "list comprehensions",
        "enum-from" | "enum-from-then" | "enum-from-to" | "enum-from-then-to" => {
            "arithmetic sequences"
        }
        "bool-type" | "false" | "true" => "guards, if-then-else, primop wrappers",
        "and" => "guards with several conditions",
        "string-type" => "the type of string literals ([Char])",
        "class-eq" | "class-ord" | "class-show" | "class-enum" | "class-bounded" | "class-num"
        | "class-monad" => "classes of deriving clauses and defaulting",
        "compare" | "lt-ordering" | "eq-ordering" | "gt-ordering" => "derived Ord",
        "shows-prec" | "show-string" | "show-paren" | "show-space" | "show-comma-space"
        | "compose" => "derived Show",
        "enum-error" => {
            "toEnumError :: [Char] -> [Char] -> Int -> (Int, Int) -> a: derived Enum's toEnum out of range; arguments: call site (the deriving clause, `t.hs:2:45 in main:Main`), type name, tag, (0, last tag)"
        }
        "succ-error" => {
            "succError :: [Char] -> [Char] -> a: derived Enum's succ of the last constructor (call site, type name)"
        }
        "pred-error" => {
            "predError :: [Char] -> [Char] -> a: derived Enum's pred of the first constructor (call site, type name)"
        }
        _ => return None,
    })
}

/// The qualified name playing `role`.
pub fn wired_in(role: &str) -> Option<&'static str> {
    WIRED_IN.iter().find(|(r, _)| *r == role).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prim::builtins::unqualify;
    use crate::prim::library::library_module;

    #[test]
    fn roles_are_unique_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for (role, name) in WIRED_IN {
            assert!(seen.insert(*role), "duplicate role {role}");
            assert!(wired_doc(role).is_some(), "role {role} has no doc");
            assert!(name.contains('.'), "{name} is not qualified");
        }
        assert_eq!(wired_in("run-main"), Some("GHC.TopHandler.runMainIO"));
        assert_eq!(wired_in("no-such-role"), None);
    }

    /// Grep-level: the defining module exists and mentions the name at the
    /// start of a line (a binding, signature, class, data or constructor).
    #[test]
    fn wired_names_are_defined_in_the_library() {
        for (role, name) in WIRED_IN {
            let entity = unqualify(name);
            let module = &name[..name.len() - entity.len() - 1];
            let src =
                library_module(module).unwrap_or_else(|| panic!("{role}: no module {module}"));
            let op = format!("({entity})");
            let found = src.lines().any(|l| {
                let t = l.trim_start();
                let starts = |w: &str| {
                    t.strip_prefix(w).is_some_and(|rest| {
                        rest.starts_with(|c: char| c.is_whitespace()) || rest.is_empty()
                    })
                };
                starts(entity)
                    || starts(&op)
                    || t.starts_with(&format!("data {entity}"))
                    || t.starts_with(&format!("class {entity}"))
                    || t.starts_with(&format!("class ({entity}"))
                    || t.contains(&format!("=> {entity} "))
                    || t.starts_with(&format!("type {entity}"))
                    || t.contains(&format!("= {entity} ")) && t.starts_with("data")
                    || t.contains(&format!("| {entity}"))
                    || t.contains(&format!(" {entity} ::"))
                    || (t.starts_with("data") && t.contains(&format!(" {entity} "))) // infix constructor
            });
            assert!(found, "{role}: {entity} not defined in {module}");
        }
    }
}
