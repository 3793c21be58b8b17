#!/bin/sh
# GHC cross-check of hsrts's built-in library (crates/frontend/lib).
#
# Copies lib/*.hs next to the shim Hsrts/Prim.hs (every prim* function
# written with GHC's base) and compiles every module with GHC 9.0, so GHC
# type-checks the library exactly as written. The library's modules shadow
# base's modules of the same name (GHC prefers home modules); the shim
# reaches base through PackageImports.
#
# With an argument, also compiles and runs that program (a Main module that
# imports the library's modules) against the library, e.g.
#   tests/ghc-shim/check.sh tests/ghc-shim/selftest.hs
#
# Exit status 0 when everything compiles (and the program, if any, ran and its
# output matched the .stdout file next to it, when there is one).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
orig=$(pwd)
command -v ghc >/dev/null || { echo "check.sh: ghc not found (apt-get install ghc)"; exit 2; }
if [ -n "${HSRTS_SHIM_DIR:-}" ]; then
    work=$HSRTS_SHIM_DIR
else
    work=$(mktemp -d /tmp/hsrts-ghc-shim.XXXXXX)
    trap 'rm -rf "$work"' EXIT
fi
rm -rf "$work/src"; mkdir -p "$work/src"
cp -r "$root/crates/frontend/lib/." "$work/src/"
cp -r "$here/Hsrts" "$here/GHC" "$here/HsrtsShim" "$work/src/"
# Numeric literals must mean the library's fromInteger/fromRational (as in
# hsrts) rather than base's: every module from GHC.Real on is compiled with
# RebindableSyntax (the earlier ones only use literals at Int, Integer,
# Double and Char, where base's meaning is the same). RebindableSyntax
# builds fractional literals with base's Rational, so the library's Ratio is
# replaced by base's (same constructor :% and strict fields).
early="GHC/Types.hs GHC/Base.hs GHC/Num.hs GHC/Enum.hs GHC/List.hs GHC/Show.hs"
for f in $(cd "$work/src" && find . -name '*.hs' | sed 's|^\./||'); do
    case " $early " in *" $f "*) continue;; esac
    case "$f" in Hsrts/*|HsrtsShim/*) continue;; esac
    sed -i '1s/^/{-# LANGUAGE RebindableSyntax, PackageImports #-}\n/' "$work/src/$f"
    sed -i '0,/^import /s//import HsrtsShim.Rebind (ifThenElse)\nimport /' "$work/src/$f"
done
sed -i -e 's/^data Ratio a = !a :% !a$/-- (shim) Ratio is base'"'"'s/' -e 's/^infixl 7 :%$//' "$work/src/GHC/Real.hs"
sed -i '0,/^import Hsrts.Prim$/s//import Hsrts.Prim\nimport "base" GHC.Real (Ratio(..))/' "$work/src/GHC/Real.hs"
modules=$(cd "$work/src" && find . -name '*.hs' | sed 's|^\./||; s|\.hs$||; s|/|.|g' | grep -v "^HsrtsShim.Main$" | sort)
cd "$work/src"
# -Wno-*: the library is plain Haskell 2010; GHC's style warnings are noise here.
ghc --make -v0 -this-unit-id hsrtslib -no-link -O0 -outputdir "$work/out" \
    -Wall -Wno-name-shadowing -Wno-unused-matches -Wno-missing-signatures -Wno-orphans \
    -Wno-unused-do-bind -Wno-type-defaults -Wno-incomplete-uni-patterns -Wno-unused-top-binds \
    -Wno-missing-methods -Wno-duplicate-exports -Wno-dodgy-exports -Wno-unused-imports \
    $modules
echo "check.sh: the library type-checks with GHC $(ghc --numeric-version)"
# With arguments, each program is compiled twice, against this library and
# against GHC's own base, and the two outputs (stdout and exit status) must
# be identical (stdout, stderr and exit status). The library's build runs main
# under the library's own top-level handler (HsrtsShim/Main.hs).
status=0
for arg in "$@"; do
    prog=$(cd "$orig" && cd "$(dirname "$arg")" && pwd)/$(basename "$arg")
    name=$(basename "$prog" .hs)
    mkdir -p "$work/$name/ours" "$work/$name/ghc"
    cp "$prog" "$work/src/Main.hs"
    # Literals, sequences and if in the program mean the library's classes
    # too (Int8, Float... have no base instances): RebindableSyntax, with the
    # implicit Prelude import it turns off written out.
    sed -i '1s/^/{-# LANGUAGE RebindableSyntax #-}\n/' "$work/src/Main.hs"
    if grep -q '^import ' "$work/src/Main.hs"; then
        sed -i '0,/^import /s//import Prelude\nimport HsrtsShim.Rebind (ifThenElse)\nimport /' "$work/src/Main.hs"
    else
        sed -i '0,/^main /s//import Prelude\nimport HsrtsShim.Rebind (ifThenElse)\nmain /' "$work/src/Main.hs"
    fi
    (cd "$work/src" && ghc --make -O0 -outputdir "$work/$name/ours" -main-is HsrtsShim.Main.shimMain \
        -o "$work/$name/ours/prog" Main.hs HsrtsShim/Main.hs >/dev/null)
    rm "$work/src/Main.hs"
    # -i (empty search path) so GHC's base, not the library copy, is used.
    (cd "$work/$name/ghc" && ghc -i -O0 -outputdir "$work/$name/ghc" -o "$work/$name/ghc/prog" "$prog" >/dev/null)
    ours_rc=0; timeout 60 "$work/$name/ours/prog" </dev/null >"$work/$name/ours.out" 2>"$work/$name/ours.err" || ours_rc=$?
    ghc_rc=0; timeout 60 "$work/$name/ghc/prog" </dev/null >"$work/$name/ghc.out" 2>"$work/$name/ghc.err" || ghc_rc=$?
    if diff -u "$work/$name/ghc.out" "$work/$name/ours.out" && diff -u "$work/$name/ghc.err" "$work/$name/ours.err" \
            && [ "$ours_rc" = "$ghc_rc" ]; then
        echo "check.sh: $name: same output as GHC's base ($(wc -l <"$work/$name/ours.out") lines, exit $ours_rc)"
    else
        echo "check.sh: $name: output differs from GHC's base (exit $ours_rc vs $ghc_rc)"
        cat "$work/$name/ours.err"
        status=1
    fi
done
exit $status
