{-# LANGUAGE NoImplicitPrelude #-}
-- | Threads, MVars, Chan, delays, timeouts, and the memory-related
-- runtime objects (stable pointers and names, weak pointers, GC).
module GHC.Conc
  ( ThreadId, MVar, ThreadStatus(..), BlockReason(..)
  , forkIO, forkIOWithUnmask, myThreadId, killThread, throwTo, yield, threadDelay, threadStatus
  , newEmptyMVar, newMVar, takeMVar, putMVar, readMVar, swapMVar
  , tryTakeMVar, tryPutMVar, tryReadMVar, isEmptyMVar
  , withMVar, withMVarMasked, modifyMVar_, modifyMVar, modifyMVarMasked_, modifyMVarMasked
  , Chan, newChan, writeChan, readChan, dupChan, getChanContents, writeList2Chan
  , Timeout, timeout
  , StablePtr, newStablePtr, deRefStablePtr, freeStablePtr, castStablePtrToPtr, castPtrToStablePtr
  , Ptr, nullPtr, castPtr
  , StableName, makeStableName, hashStableName, eqStableName
  , Weak, mkWeak, mkWeakPtr, mkWeakPair, deRefWeak, finalize, addFinalizer
  , performGC, performMajorGC, performMinorGC
  , reportChildException
  ) where

import GHC.Base
import GHC.Num
import GHC.List
import GHC.Show
import GHC.Exception
import GHC.IO
import GHC.Ptr (Ptr(..), nullPtr, castPtr)
import Hsrts.Prim

-- ---------------------------------------------------------------------------
-- Threads

instance Eq ThreadId where
  a == b = primIntEq (primThreadIdToInt a) (primThreadIdToInt b)

instance Ord ThreadId where
  compare a b = compare (primThreadIdToInt a) (primThreadIdToInt b)

instance Show ThreadId where
  showsPrec d t = showParen (primIntGe d 11) (showString "ThreadId " . showsPrec d (primThreadIdToInt t))

-- | What an uncaught exception in a forked thread does, as GHC: nothing for
-- ThreadKilled and BlockedIndefinitelyOnMVar, else `prog: msg` on stderr.
reportChildException :: SomeException -> IO ()
reportChildException se
  | isTag "GHC.Base.BlockedIndefinitelyOnMVar" = return ()
  | isTag "GHC.Base.AsyncException" && isThreadKilled = return ()
  | otherwise = getProgName >>= \name -> withMVar childReportLock (\_ ->
      hFlush stdout >> hPutStr stderr (name ++ ": " ++ show se ++ "\n"))
  where
    isTag t = eqString (exceptionTag se) t
    isThreadKilled = case fromException se of
      Just ThreadKilled -> True
      _ -> False

-- | Serialises the reports above. hPutStr writes a character at a time, so
-- two children failing together would mix their messages; GHC's RTS writes
-- each report with one call, and this lock gives the same result.
childReportLock :: MVar ()
childReportLock = unsafePerformIO (newMVar ())

-- | As GHC's: the child runs the action under a handler that reports an
-- uncaught exception. The child's action is a function of the world, not a
-- thunk (Note [IO actions as arguments] in GHC.IO).
forkIO :: IO () -> IO ThreadId
forkIO action = primForkIO (unitIO >>= \_ -> primCatch action reportChildException)

-- | With a rank-1 unmask (see mask in GHC.IO).
forkIOWithUnmask :: ((IO () -> IO ()) -> IO ()) -> IO ThreadId
forkIOWithUnmask io = forkIO (unitIO >>= \_ -> io primUnmaskAsyncExceptions)

myThreadId :: IO ThreadId
myThreadId = primMyThreadId

throwTo :: Exception e => ThreadId -> e -> IO ()
throwTo t e = primThrowTo t (toException e)

killThread :: ThreadId -> IO ()
killThread t = throwTo t ThreadKilled

yield :: IO ()
yield = primYield

threadDelay :: Int -> IO ()
threadDelay = primThreadDelay

-- | As GHC's: what a thread is doing, and if blocked, on what.
data ThreadStatus = ThreadRunning | ThreadFinished | ThreadBlocked BlockReason | ThreadDied
  deriving (Eq, Ord, Show)

-- | As GHC's. hsrts has no STM and no blocking foreign calls, so its
-- threads are never BlockedOnSTM or BlockedOnForeignCall; a sleeping
-- thread (threadDelay) is BlockedOnOther, as in GHC's non-threaded RTS.
data BlockReason
  = BlockedOnMVar | BlockedOnBlackHole | BlockedOnException | BlockedOnSTM
  | BlockedOnForeignCall | BlockedOnOther
  deriving (Eq, Ord, Show)

-- | threadStatus# answers with GHC's numbers (its BlockedStatus codes, and
-- 16/17 for finished/died); this is GHC's own decoding of them.
threadStatus :: ThreadId -> IO ThreadStatus
threadStatus t = primThreadStatus t >>= \s -> return (case s of
  0 -> ThreadRunning
  1 -> ThreadBlocked BlockedOnMVar
  2 -> ThreadBlocked BlockedOnBlackHole
  6 -> ThreadBlocked BlockedOnSTM
  10 -> ThreadBlocked BlockedOnForeignCall
  11 -> ThreadBlocked BlockedOnForeignCall
  12 -> ThreadBlocked BlockedOnException
  14 -> ThreadBlocked BlockedOnMVar
  16 -> ThreadFinished
  17 -> ThreadDied
  _ -> ThreadBlocked BlockedOnOther)

-- ---------------------------------------------------------------------------
-- MVars

instance Eq (MVar a) where
  (==) = primEqMVar

newEmptyMVar :: IO (MVar a)
newEmptyMVar = primNewEmptyMVar

newMVar :: a -> IO (MVar a)
newMVar x = newEmptyMVar >>= \m -> putMVar m x >> return m

takeMVar :: MVar a -> IO a
takeMVar = primTakeMVar

putMVar :: MVar a -> a -> IO ()
putMVar = primPutMVar

readMVar :: MVar a -> IO a
readMVar = primReadMVar

tryTakeMVar :: MVar a -> IO (Maybe a)
tryTakeMVar m = primTryTakeMVar m >>= \r -> case r of
  (ok, x) -> return (if ok then Just x else Nothing)

tryReadMVar :: MVar a -> IO (Maybe a)
tryReadMVar m = primTryReadMVar m >>= \r -> case r of
  (ok, x) -> return (if ok then Just x else Nothing)

tryPutMVar :: MVar a -> a -> IO Bool
tryPutMVar = primTryPutMVar

isEmptyMVar :: MVar a -> IO Bool
isEmptyMVar = primIsEmptyMVar

swapMVar :: MVar a -> a -> IO a
swapMVar mvar new = mask_ (takeMVar mvar >>= \old -> putMVar mvar new >> return old)

-- The combinators below are GHC's (mask, takeMVar, the action under
-- restore with the MVar put back if it raises, putMVar), written with the
-- idiom of Note [IO actions as arguments] in GHC.IO so that no thunk is
-- built for the protected action, and with `mask` written out
-- (Note [mask written out]).

-- Note [mask written out]
-- ~~~~~~~~~~~~~~~~~~~~~~~
-- `withMVar`, `modifyMVar_` and `modifyMVar` are `mask (\restore -> ..)`
-- in GHC. Here `mask`'s definition (GHC.IO) is written out in them: when
-- the thread is unmasked (the common case), the body runs under
-- `primMaskAsyncExceptions` and `restore` is `primUnmaskAsyncExceptions`,
-- called directly instead of through the lambda's argument, which saves a
-- closure and two unknown calls per use (docs/performance.md, "Session 7").
-- When the thread is already masked, `mask`'s `restore` re-establishes the
-- state it finds, which changes nothing, so the body is the `..Masked`
-- variant's: the protected action runs in the same masking state as with
-- `mask`, and the exceptions are the same.

withMVar :: MVar a -> (a -> IO b) -> IO b
withMVar m io = primGetMaskingState >>= \st -> case st of
  0 -> primMaskAsyncExceptions (unitIO >>= \_ ->
         takeMVar m >>= \a ->
         primCatch (unitIO >>= \_ -> primUnmaskAsyncExceptions (unitIO >>= \_ -> io a))
                   (\se -> putMVar m a >> rethrowIO se) >>= \b ->
         putMVar m a >> return b)
  _ -> withMVarMasked m io

withMVarMasked :: MVar a -> (a -> IO b) -> IO b
withMVarMasked m io = mask_ (
  takeMVar m >>= \a ->
  primCatch (unitIO >>= \_ -> io a) (\se -> putMVar m a >> rethrowIO se) >>= \b ->
  putMVar m a >> return b)

modifyMVar_ :: MVar a -> (a -> IO a) -> IO ()
modifyMVar_ m io = primGetMaskingState >>= \st -> case st of
  0 -> primMaskAsyncExceptions (unitIO >>= \_ ->
         takeMVar m >>= \a ->
         primCatch (unitIO >>= \_ -> primUnmaskAsyncExceptions (unitIO >>= \_ -> io a))
                   (\se -> putMVar m a >> rethrowIO se) >>= \a' ->
         putMVar m a')
  _ -> modifyMVarMasked_ m io

modifyMVar :: MVar a -> (a -> IO (a, b)) -> IO b
modifyMVar m io = primGetMaskingState >>= \st -> case st of
  0 -> primMaskAsyncExceptions (unitIO >>= \_ ->
         takeMVar m >>= \a ->
         primCatch (unitIO >>= \_ -> primUnmaskAsyncExceptions
                      (unitIO >>= \_ -> (unitIO >>= \_ -> io a) >>= evaluate))
                   (\se -> putMVar m a >> rethrowIO se) >>= \r -> case r of
           (a', b) -> putMVar m a' >> return b)
  _ -> modifyMVarMasked m io

modifyMVarMasked_ :: MVar a -> (a -> IO a) -> IO ()
modifyMVarMasked_ m io = mask_ (
  takeMVar m >>= \a ->
  primCatch (unitIO >>= \_ -> io a) (\se -> putMVar m a >> rethrowIO se) >>= \a' ->
  putMVar m a')

modifyMVarMasked :: MVar a -> (a -> IO (a, b)) -> IO b
modifyMVarMasked m io = mask_ (
  takeMVar m >>= \a ->
  primCatch (unitIO >>= \_ -> (unitIO >>= \_ -> io a) >>= evaluate)
            (\se -> putMVar m a >> rethrowIO se) >>= \r -> case r of
    (a', b) -> putMVar m a' >> return b)

-- ---------------------------------------------------------------------------
-- Chan: an unbounded FIFO channel (two MVars over a linked list of MVars)

data ChItem a = ChItem a (MVar (ChItem a))

data Chan a = Chan (MVar (MVar (ChItem a))) (MVar (MVar (ChItem a)))

instance Eq (Chan a) where
  Chan r1 _ == Chan r2 _ = r1 == r2

newChan :: IO (Chan a)
newChan = newEmptyMVar >>= \hole ->
  newMVar hole >>= \readVar ->
  newMVar hole >>= \writeVar ->
  return (Chan readVar writeVar)

writeChan :: Chan a -> a -> IO ()
writeChan (Chan _ writeVar) val = newEmptyMVar >>= \newHole -> mask_ (
  takeMVar writeVar >>= \oldHole ->
  putMVar oldHole (ChItem val newHole) >>
  putMVar writeVar newHole)

readChan :: Chan a -> IO a
readChan (Chan readVar _) = modifyMVar readVar (\readEnd ->
  readMVar readEnd >>= \item -> case item of
    ChItem val newReadEnd -> return (newReadEnd, val))

-- | A new channel that starts empty and then receives every value written
-- to either channel afterwards (readers share the list of holes; readChan
-- only reads the MVars of items, so both read ends see every item).
dupChan :: Chan a -> IO (Chan a)
dupChan (Chan _ writeVar) =
  readMVar writeVar >>= \hole ->
  newMVar hole >>= \newReadVar ->
  return (Chan newReadVar writeVar)

getChanContents :: Chan a -> IO [a]
getChanContents ch = unsafeInterleaveIO (
  readChan ch >>= \x ->
  getChanContents ch >>= \xs ->
  return (x : xs))

writeList2Chan :: Chan a -> [a] -> IO ()
writeList2Chan ch ls = mapM_ (writeChan ch) ls

-- ---------------------------------------------------------------------------
-- timeout

-- | The exception timeout throws; the number tells nested timeouts apart.
data Timeout = Timeout Int

instance Eq Timeout where
  Timeout a == Timeout b = primIntEq a b

instance Show Timeout where
  showsPrec _ _ = showString "<<timeout>>"

instance Exception Timeout where
  exceptionTypeTag _ = "GHC.Conc.Timeout"

timeoutCounter :: IORef Int
timeoutCounter = unsafePerformIO (primNewIORef 0)

newTimeoutKey :: IO Int
newTimeoutKey = primAtomicModifyIORef timeoutCounter (\n -> (primIntAdd n 1, n))

-- | Nothing if the action did not finish within n microseconds (n < 0: no
-- limit, n == 0: Nothing at once), as System.Timeout.timeout.
timeout :: Int -> IO a -> IO (Maybe a)
timeout n f
  | primIntLt n 0 = fmap Just f
  | primIntEq n 0 = return Nothing
  | otherwise =
      myThreadId >>= \pid ->
      newTimeoutKey >>= \key ->
      let ex = Timeout key in
      handleJust (\e -> if e == ex then Just () else Nothing)
                 (\_ -> return Nothing)
                 (bracket (forkIOWithUnmask (\unmask -> unmask (threadDelay n >> throwTo pid ex)))
                          (\t -> uninterruptibleMask_ (killThread t))
                          (\_ -> fmap Just f))

handleJust :: Exception e => (e -> Maybe b) -> (b -> IO a) -> IO a -> IO a
handleJust p handler a = catch a (\e -> case p e of
  Nothing -> throwIO e
  Just y -> handler y)

-- ---------------------------------------------------------------------------
-- Stable pointers, stable names, weak pointers, GC

newStablePtr :: a -> IO (StablePtr a)
newStablePtr = primMakeStablePtr

deRefStablePtr :: StablePtr a -> IO a
deRefStablePtr = primDeRefStablePtr

freeStablePtr :: StablePtr a -> IO ()
freeStablePtr = primFreeStablePtr

instance Eq (StablePtr a) where
  a == b = primIntEq (primStablePtrToInt a) (primStablePtrToInt b)

castStablePtrToPtr :: StablePtr a -> Ptr ()
castStablePtrToPtr sp = Ptr (primIntToWord (primStablePtrToInt sp))

castPtrToStablePtr :: Ptr () -> StablePtr a
castPtrToStablePtr (Ptr a) = primIntToStablePtr (primWordToInt a)

instance Eq (StableName a) where
  (==) = primEqStableName

makeStableName :: a -> IO (StableName a)
makeStableName = primMakeStableName

hashStableName :: StableName a -> Int
hashStableName = primStableNameToInt

eqStableName :: StableName a -> StableName b -> Bool
eqStableName = primEqStableName

mkWeak :: k -> v -> Maybe (IO ()) -> IO (Weak v)
mkWeak key val (Just finalizer) = primMkWeak key val finalizer
mkWeak key val Nothing = primMkWeakNoFinalizer key val

mkWeakPtr :: k -> Maybe (IO ()) -> IO (Weak k)
mkWeakPtr key finalizer = mkWeak key key finalizer

mkWeakPair :: k -> v -> Maybe (IO ()) -> IO (Weak (k, v))
mkWeakPair key val finalizer = mkWeak key (key, val) finalizer

addFinalizer :: key -> IO () -> IO ()
addFinalizer key finalizer = mkWeakPtr key (Just finalizer) >> return ()

deRefWeak :: Weak v -> IO (Maybe v)
deRefWeak w = primDeRefWeak w >>= \r -> case r of
  (alive, v) -> return (if alive then Just v else Nothing)

finalize :: Weak v -> IO ()
finalize w = primFinalizeWeak w >>= \r -> case r of
  (has, fin) -> if has then fin else return ()

performGC, performMajorGC, performMinorGC :: IO ()
performGC = primPerformGC
performMajorGC = primPerformGC
performMinorGC = primPerformMinorGC
