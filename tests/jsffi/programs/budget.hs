-- The scheduler's time budget (docs/jsffi.md, "Time budget"): a long
-- pure computation inside an export must not starve JavaScript's timers;
-- run by tests/jsffi/node/budget.test.mjs.
import GHC.Wasm.Prim

foreign export javascript "sumTo" sumTo :: Int -> Int
foreign export javascript "sumToIO" sumToIO :: Int -> IO Int

-- sum [1..n] by a strict loop, so the work is steps, not allocation of a
-- long list.
sumTo :: Int -> Int
sumTo n = go 0 n
  where
    go acc i = if i == 0 then acc else let acc' = acc + i in acc' `seq` go acc' (i - 1)

sumToIO :: Int -> IO Int
sumToIO n = return $! sumTo n

main :: IO ()
main = return ()
