-- A thunk that depends on itself: GHC's runtime detects it and reports <<loop>>.
-- tags: exceptions laziness blackhole exit
module Main where

main :: IO ()
main = do
  putStrLn "start"
  let x = x + 1 :: Int
  print x
