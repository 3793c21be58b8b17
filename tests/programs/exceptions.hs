-- Exceptions: catch/handle on ErrorCall, ArithException and SomeException, evaluate,
-- user exceptions with throwIO and throw, bracket/finally ordering.
-- tags: exceptions
module Main where

import Control.Exception
import Data.IORef

data BankError = InsufficientFunds Int | UnknownAccount String
  deriving Show

instance Exception BankError

withdraw :: Int -> Int -> IO Int
withdraw balance amount
  | amount > balance = throwIO (InsufficientFunds (amount - balance))
  | otherwise = return (balance - amount)

onError :: ErrorCall -> IO ()
onError (ErrorCall msg) = putStrLn ("ErrorCall: " ++ msg)

onArith :: ArithException -> IO ()
onArith e = putStrLn ("ArithException: " ++ show e)

onBank :: BankError -> IO ()
onBank e = putStrLn ("BankError: " ++ show e)

onAny :: SomeException -> IO ()
onAny e = putStrLn ("SomeException: " ++ show e)

pureFail :: Int -> Int
pureFail n = if n > 3 then throw (UnknownAccount ("acct" ++ show n)) else n * 2

main :: IO ()
main = do
  evaluate (length [1 .. 10 :: Int]) >>= print
  (evaluate (error "boom" :: Int) >>= print) `catch` onError
  handle onError (evaluate (head (words "") `seq` ()) >> putStrLn "unreachable") `catch` onAny
  (evaluate (1 `div` (0 :: Int)) >>= print) `catch` onArith
  (evaluate (5 `mod` (0 :: Integer)) >>= print) `catch` onArith
  (withdraw 10 3 >>= print) `catch` onBank
  (withdraw 10 30 >>= print) `catch` onBank
  (withdraw 10 30 >>= print) `catch` onAny
  (evaluate (sum (map pureFail [1 .. 5])) >>= print) `catch` onBank
  print (sum (map pureFail [1, 2, 3]))
  -- A handler for the wrong type lets the exception through to the outer one.
  ((throwIO (UnknownAccount "x") `catch` onArith) `catch` onBank)
  -- Lazy values escape catch unless evaluated.
  let lazyBad = [1, error "lazy" :: Int]
  r <- return lazyBad `catch` (\e -> onError e >> return [])
  print (length r)
  (print (r !! 1)) `catch` onError
  -- bracket and finally ordering.
  logRef <- newIORef []
  let say s = modifyIORef logRef (s :)
  _ <- bracket (say "acquire" >> return (5 :: Int)) (\_ -> say "release") (\x -> say ("use " ++ show x) >> return x)
  (bracket (say "acquire2") (\_ -> say "release2") (\_ -> say "use2" >> throwIO (InsufficientFunds 1) >> say "never"))
    `catch` (\e -> say ("caught " ++ show (e :: BankError)))
  (say "body" >> return ()) `finally` say "finally1"
  ((say "body2" >> throwIO DivideByZero) `finally` say "finally2") `catch` (\e -> say ("caught " ++ show (e :: ArithException)))
  (bracket_ (say "in") (say "out") (say "middle"))
  readIORef logRef >>= mapM_ putStrLn . reverse
  -- Nested handlers and rethrow.
  (handle (\e -> putStrLn ("inner " ++ show (e :: BankError)) >> throwIO e) (throwIO (UnknownAccount "y")))
    `catch` (\e -> putStrLn ("outer " ++ show (e :: SomeException)))
  -- throw inside a handler replaces the exception.
  ((throwIO Overflow `catch` (\e -> throwIO (UnknownAccount (show (e :: ArithException))))) `catch` onBank)
  r2 <- (evaluate (length (show (2 ^ (10 :: Int) `div` (0 :: Int)))) >> return "no") `catch` (\e -> return (show (e :: ArithException)))
  putStrLn r2
  putStrLn "done"
