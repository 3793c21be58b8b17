-- Sync imports and exports with every marshalable type (docs/jsffi.md,
-- "Types"); run by tests/jsffi/node/marshal.test.mjs.
import GHC.Wasm.Prim
import Data.Int
import Data.Word

foreign import javascript unsafe "$1 + $2" js_add :: Int -> Int -> Int
foreign import javascript unsafe "let acc = 1; for (let i = 1; i <= $1; ++i) acc *= i; return acc;" js_fac :: Word -> Word
foreign import javascript unsafe "$1 * 2n" js_dbl64 :: Int64 -> Int64
foreign import javascript unsafe "$1 + 1n" js_succ_w64 :: Word64 -> Word64
foreign import javascript unsafe "$1 + 1" js_succ8 :: Int8 -> Int8
foreign import javascript unsafe "$1 + 1" js_succ_w8 :: Word8 -> Word8
foreign import javascript unsafe "$1 + 1" js_succ32 :: Int32 -> Int32
foreign import javascript unsafe "String.fromCodePoint($1).toUpperCase().codePointAt(0)" js_upper :: Char -> Char
foreign import javascript unsafe "$1 === 1" js_is_true :: Bool -> Bool
foreign import javascript unsafe "Math.sqrt($1)" js_sqrt :: Double -> Double
foreign import javascript unsafe "$1 / 4" js_quarter :: Float -> Float
foreign import javascript unsafe "typeof $1 === 'object' && $1 !== null" js_is_obj :: JSVal -> Bool
foreign import javascript unsafe "({answer: $1})" js_mk :: Int -> IO JSVal
foreign import javascript unsafe "$1.answer" js_answer :: JSVal -> IO Int
foreign import javascript unsafe "__exports.memory instanceof WebAssembly.Memory" js_has_memory :: IO Bool
foreign import javascript unsafe "globalThis.hsLog.push($1)" js_log :: JSString -> IO ()

foreign export javascript "add3" add3 :: Int -> Int -> Int -> Int
foreign export javascript "fac" fac :: Word -> Word
foreign export javascript "dbl64" dbl64 :: Int64 -> Int64
foreign export javascript "succW64" succW64 :: Word64 -> Word64
foreign export javascript "wrap8" wrap8 :: Int8 -> Int8
foreign export javascript "wrapW8" wrapW8 :: Word8 -> Word8
foreign export javascript "succ32" succ32 :: Int32 -> Int32
foreign export javascript "upper" upper :: Char -> Char
foreign export javascript "notB" notB :: Bool -> Bool
foreign export javascript "sqrtD" sqrtD :: Double -> Double
foreign export javascript "quarter" quarter :: Float -> Float
foreign export javascript "isObj" isObj :: JSVal -> Bool
foreign export javascript "roundTrip" roundTrip :: Int -> IO Int
foreign export javascript "echo" echo :: JSVal -> IO JSVal
foreign export javascript "greet" greet :: JSString -> IO JSString
foreign export javascript "hasMemory" hasMemory :: IO Bool
foreign export javascript "usesJSFFI" usesJSFFI :: Bool
foreign export javascript "logTwice" logTwice :: JSString -> IO ()

add3 :: Int -> Int -> Int -> Int
add3 a b c = js_add a (js_add b c)

fac :: Word -> Word
fac = js_fac

dbl64 :: Int64 -> Int64
dbl64 = js_dbl64

succW64 :: Word64 -> Word64
succW64 = js_succ_w64

wrap8 :: Int8 -> Int8
wrap8 = js_succ8

wrapW8 :: Word8 -> Word8
wrapW8 = js_succ_w8

succ32 :: Int32 -> Int32
succ32 = js_succ32

upper :: Char -> Char
upper = js_upper

notB :: Bool -> Bool
notB b = not (js_is_true b)

sqrtD :: Double -> Double
sqrtD = js_sqrt

quarter :: Float -> Float
quarter = js_quarter

isObj :: JSVal -> Bool
isObj = js_is_obj

roundTrip :: Int -> IO Int
roundTrip n = js_mk n >>= js_answer

echo :: JSVal -> IO JSVal
echo v = return v

greet :: JSString -> IO JSString
greet s = return (toJSString ("hello, " ++ fromJSString s ++ "!"))

hasMemory :: IO Bool
hasMemory = js_has_memory

usesJSFFI :: Bool
usesJSFFI = isJSFFIUsed

logTwice :: JSString -> IO ()
logTwice s = js_log s >> js_log s

main :: IO ()
main = return ()
