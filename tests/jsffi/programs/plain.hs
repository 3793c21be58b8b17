-- No JavaScript FFI: `hsrts build -o plain.wasm` stays a self-contained
-- wasm32-wasi command module (runs under wasmtime; isJSFFIUsed is False).
import GHC.Wasm.Prim (isJSFFIUsed)

main :: IO ()
main = do
  putStrLn "plain wasi module"
  print isJSFFIUsed
