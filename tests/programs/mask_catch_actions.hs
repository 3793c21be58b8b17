-- catch, mask and unmask around actions of every shape (a function of the
-- world, a partial application, a thunk, an action computed at run time),
-- with the masking state read inside and after each, and exceptions raised
-- inside them (synchronous and thrown to the thread itself).
-- tags: exceptions mask concurrency
module Main where

import Control.Concurrent
import Control.Concurrent.MVar
import Control.Exception
import Data.IORef

report :: String -> IO ()
report s = getMaskingState >>= \st -> putStrLn (s ++ ": " ++ show st)

bump :: IORef Int -> Int -> IO ()
bump ref k = modifyIORef ref (+ k) >> report ("bump " ++ show k)

pick :: Int -> IO ()
pick n = if n > 2 then report "pick big" else report "pick small"

onErr :: ErrorCall -> IO ()
onErr e = report ("caught " ++ show e)

main :: IO ()
main = do
  ref <- newIORef 0
  shapes ref
  restores
  raises ref
  mvars
  selfThrow
  killed
  readIORef ref >>= print

-- A partial application and a computed action under catch and the masks.
shapes :: IORef Int -> IO ()
shapes ref = do
  catch (bump ref 1) onErr
  mask_ (bump ref 2)
  let act = pick (length (show (3 :: Int)) + 2)
  mask_ act
  catch act onErr
  uninterruptibleMask_ (bump ref 3)

-- restore under both masks, and nested masks.
restores :: IO ()
restores = do
  mask (\restore -> report "in mask" >> restore (report "restored") >> report "after restore")
  uninterruptibleMask (\restore -> restore (report "restored u") >> mask_ (report "mask_ in u"))
  mask_ (mask_ (report "nested mask_"))

-- Exceptions out of masked and restored regions, caught outside.
raises :: IORef Int -> IO ()
raises ref = do
  catch (mask_ (bump ref 4 >> throwIO (ErrorCall "from mask_"))) onErr
  report "after mask_ raise"
  catch (mask (\restore -> restore (throwIO (ErrorCall "from restore")))) onErr
  report "after restore raise"

-- modifyMVar_ whose action raises: the MVar keeps its value.
mvars :: IO ()
mvars = do
  m <- newMVar (10 :: Int)
  catch (modifyMVar_ m (\v -> if v > 5 then throwIO (ErrorCall "too big") else return (v + 1))) onErr
  readMVar m >>= print
  r <- modifyMVar m (\v -> getMaskingState >>= \st -> return (v * 2, show st))
  putStrLn r
  readMVar m >>= print

-- An asynchronous exception to ourselves inside mask_: throwTo to the
-- calling thread raises at once.
selfThrow :: IO ()
selfThrow = do
  me <- myThreadId
  res <- try (mask_ (throwTo me (ErrorCall "self") >> report "not reached"))
  case res of
    Left e -> putStrLn ("self: " ++ show (e :: ErrorCall))
    Right () -> putStrLn "self: none"
  report "end"

-- A thread killed while it waits inside modifyMVar_'s restored action.
killed :: IO ()
killed = do
  box <- newMVar (0 :: Int)
  inside <- newEmptyMVar
  never <- newEmptyMVar
  done <- newEmptyMVar
  t <- forkIO (catch (modifyMVar_ box (\v -> putMVar inside () >> takeMVar never >> return (v + 1)))
                     (\e -> putMVar done (show (e :: AsyncException))))
  takeMVar inside
  killThread t
  takeMVar done >>= putStrLn
  readMVar box >>= print
