{-# LANGUAGE NoImplicitPrelude, PackageImports, ScopedTypeVariables, ExistentialQuantification, MagicHash, UnboxedTuples #-}
-- | GHC shim of hsrts's pseudo-module Hsrts.Prim: every prim* function of
-- crates/frontend/src/prim/table.rs, written with GHC's base, so GHC 9.0
-- can type-check (and run) the built-in library. See check.sh.
module Hsrts.Prim
  ( Int, Word, Double, Char, Integer, IO, IORef, MVar, ThreadId, StablePtr, StableName, Weak
  , module Hsrts.Prim
  ) where

import "base" Prelude (Int, Word, Double, Char, Integer, IO, String, (.), ($))
import qualified "base" Prelude as P
import qualified "base" Data.Bits as B
import "base" Data.IORef (IORef)
import qualified "base" Data.IORef as R
import "base" Control.Concurrent (ThreadId)
import "base" Control.Concurrent.MVar (MVar)
import qualified "base" Control.Concurrent as C
import qualified "base" Control.Concurrent.MVar as M
import qualified "base" Control.Exception as E
import qualified "base" System.Mem as Mem
import "base" System.Mem.Weak (Weak)
import qualified "base" System.Mem.Weak as W
import "base" System.Mem.StableName (StableName)
import qualified "base" System.Mem.StableName as SN
import "base" Foreign.StablePtr (StablePtr)
import qualified "base" Foreign.StablePtr as SP
import qualified "base" Foreign.Ptr as FP
import qualified "base" Data.Int as DI
import qualified "base" Data.Word as DW
import qualified "base" GHC.Float as GF
import qualified "base" Foreign.Storable as St
import qualified "base" System.IO as IO
import qualified "base" System.IO.Error as IOE
import qualified "base" System.Exit as Exit
import qualified "base" System.Environment as Env
import qualified "base" Numeric as N
import qualified "base" Data.Char as Ch
import qualified "base" GHC.Conc as Conc
import qualified "base" GHC.IO as GIO
import qualified "base" GHC.Clock as Clk
import "base" Unsafe.Coerce (unsafeCoerce)
import "base" System.IO.Unsafe (unsafePerformIO, unsafeInterleaveIO)
import GHC.Types (Bool(..))
import qualified "base" GHC.Exts as X
import "base" GHC.Base (IO(..))

shimB :: P.Bool -> Bool
shimB P.True = True
shimB P.False = False

shimB01 :: Int -> Bool
shimB01 0 = False
shimB01 _ = True

shimSh :: Int -> Int
shimSh n = if n P.>= 64 then 64 else n

-- Int
primIntAdd, primIntSub, primIntMul, primIntQuot, primIntRem, primIntDiv, primIntMod :: Int -> Int -> Int
primIntAdd = (P.+)
primIntSub = (P.-)
primIntMul = (P.*)
primIntQuot = P.quot
primIntRem x y = if y P.== -1 then 0 else P.rem x y
primIntDiv = P.div
primIntMod x y = if y P.== -1 then 0 else P.mod x y
primIntNegate, primIntComplement, primIntPopCount, primIntClz, primIntCtz :: Int -> Int
primIntNegate = P.negate
primIntComplement = B.complement
primIntPopCount = B.popCount
primIntClz = B.countLeadingZeros
primIntCtz = B.countTrailingZeros
primIntEq, primIntNe, primIntLt, primIntLe, primIntGt, primIntGe :: Int -> Int -> Bool
primIntEq x y = shimB (x P.== y)
primIntNe x y = shimB (x P./= y)
primIntLt x y = shimB (x P.< y)
primIntLe x y = shimB (x P.<= y)
primIntGt x y = shimB (x P.> y)
primIntGe x y = shimB (x P.>= y)
primIntAnd, primIntOr, primIntXor, primIntShiftL, primIntShiftRA, primIntShiftRL :: Int -> Int -> Int
primIntAnd = (B..&.)
primIntOr = (B..|.)
primIntXor = B.xor
primIntShiftL x n = B.shiftL x (shimSh n)
primIntShiftRA x n = B.shiftR x (shimSh n)
primIntShiftRL x n = P.fromIntegral (B.shiftR (P.fromIntegral x :: Word) (shimSh n))
primIntToDouble :: Int -> Double
primIntToDouble = P.fromIntegral
primIntToWord :: Int -> Word
primIntToWord = P.fromIntegral
primIntToChar :: Int -> Char
primIntToChar = Ch.chr
primCharToInt :: Char -> Int
primCharToInt = Ch.ord
primIntToString :: Int -> String
primIntToString = P.show
primIntToInteger :: Int -> Integer
primIntToInteger = P.toInteger

-- Word
primWordAdd, primWordSub, primWordMul, primWordQuot, primWordRem, primWordAnd, primWordOr, primWordXor :: Word -> Word -> Word
primWordAdd = (P.+)
primWordSub = (P.-)
primWordMul = (P.*)
primWordQuot = P.quot
primWordRem = P.rem
primWordAnd = (B..&.)
primWordOr = (B..|.)
primWordXor = B.xor
primWordEq, primWordNe, primWordLt, primWordLe, primWordGt, primWordGe :: Word -> Word -> Bool
primWordEq x y = shimB (x P.== y)
primWordNe x y = shimB (x P./= y)
primWordLt x y = shimB (x P.< y)
primWordLe x y = shimB (x P.<= y)
primWordGt x y = shimB (x P.> y)
primWordGe x y = shimB (x P.>= y)
primWordComplement :: Word -> Word
primWordComplement = B.complement
primWordShiftL, primWordShiftR :: Word -> Int -> Word
primWordShiftL x n = B.shiftL x (shimSh n)
primWordShiftR x n = B.shiftR x (shimSh n)
primWordPopCount :: Word -> Int
primWordPopCount = B.popCount
primWordToInt :: Word -> Int
primWordToInt = P.fromIntegral
primWordToDouble :: Word -> Double
primWordToDouble = P.fromIntegral
primWordToInteger :: Word -> Integer
primWordToInteger = P.toInteger
primWordToString :: Word -> String
primWordToString = P.show

-- Char
primCharEq, primCharNe, primCharLt, primCharLe, primCharGt, primCharGe :: Char -> Char -> Bool
primCharEq x y = shimB (x P.== y)
primCharNe x y = shimB (x P./= y)
primCharLt x y = shimB (x P.< y)
primCharLe x y = shimB (x P.<= y)
primCharGt x y = shimB (x P.> y)
primCharGe x y = shimB (x P.>= y)
primCharIsUpper, primCharIsLower, primCharIsAlpha, primCharIsAlphaNum, primCharIsSpace, primCharIsPrint :: Char -> Bool
primCharIsUpper = shimB . Ch.isUpper
primCharIsLower = shimB . Ch.isLower
primCharIsAlpha = shimB . Ch.isAlpha
primCharIsAlphaNum = shimB . Ch.isAlphaNum
primCharIsSpace = shimB . Ch.isSpace
primCharIsPrint = shimB . Ch.isPrint
primCharToUpper, primCharToLower :: Char -> Char
primCharToUpper = Ch.toUpper
primCharToLower = Ch.toLower
primCharGeneralCategory :: Char -> Int
primCharGeneralCategory = P.fromEnum . Ch.generalCategory

-- Double
primDoubleAdd, primDoubleSub, primDoubleMul, primDoubleDiv, primDoublePow, primDoubleAtan2 :: Double -> Double -> Double
primDoubleAdd = (P.+)
primDoubleSub = (P.-)
primDoubleMul = (P.*)
primDoubleDiv = (P./)
primDoublePow = (P.**)
primDoubleAtan2 = P.atan2
primDoubleNegate, primDoubleAbs, primDoubleSqrt, primDoubleExp, primDoubleLog, primDoubleSin, primDoubleCos, primDoubleTan :: Double -> Double
primDoubleNegate = P.negate
primDoubleAbs = P.abs
primDoubleSqrt = P.sqrt
primDoubleExp = P.exp
primDoubleLog = P.log
primDoubleSin = P.sin
primDoubleCos = P.cos
primDoubleTan = P.tan
primDoubleAsin, primDoubleAcos, primDoubleAtan, primDoubleSinh, primDoubleCosh, primDoubleTanh, primDoubleAsinh, primDoubleAcosh, primDoubleAtanh :: Double -> Double
primDoubleAsin = P.asin
primDoubleAcos = P.acos
primDoubleAtan = P.atan
primDoubleSinh = P.sinh
primDoubleCosh = P.cosh
primDoubleTanh = P.tanh
primDoubleAsinh = P.asinh
primDoubleAcosh = P.acosh
primDoubleAtanh = P.atanh
primDoubleEq, primDoubleNe, primDoubleLt, primDoubleLe, primDoubleGt, primDoubleGe :: Double -> Double -> Bool
primDoubleEq x y = shimB (x P.== y)
primDoubleNe x y = shimB (x P./= y)
primDoubleLt x y = shimB (x P.< y)
primDoubleLe x y = shimB (x P.<= y)
primDoubleGt x y = shimB (x P.> y)
primDoubleGe x y = shimB (x P.>= y)
primDoubleTruncateToInt :: Double -> Int
primDoubleTruncateToInt x = if P.isNaN x P.|| P.isInfinite x P.|| P.abs x P.>= 9.223372036854775807e18 then P.minBound else P.truncate x
primDoubleDecode :: Double -> (Integer, Int)
primDoubleDecode = P.decodeFloat
primDoubleEncode :: Integer -> Int -> Double
primDoubleEncode = P.encodeFloat
primDoubleIsNaN, primDoubleIsInfinite, primDoubleIsNegativeZero :: Double -> Bool
primDoubleIsNaN = shimB . P.isNaN
primDoubleIsInfinite = shimB . P.isInfinite
primDoubleIsNegativeZero = shimB . P.isNegativeZero
primDoubleShowDigits :: Double -> (String, Int)
primDoubleShowDigits x = case N.floatToDigits 10 x of (ds, e) -> (P.map Ch.intToDigit ds, e)
primDoubleFromString :: String -> Double
primDoubleFromString s = P.read (fixup s)
  where fixup str = case P.break (P.== '.') str of
          (_, []) -> str
          (a, _ : rest) -> case P.span Ch.isDigit rest of
            ([], exp') -> a P.++ ".0" P.++ exp'
            _ -> str

-- Integer
primIntegerAdd, primIntegerSub, primIntegerMul, primIntegerQuot, primIntegerRem, primIntegerDiv, primIntegerMod, primIntegerAnd, primIntegerOr, primIntegerXor, primIntegerGcd, primIntegerLcm :: Integer -> Integer -> Integer
primIntegerAdd = (P.+)
primIntegerSub = (P.-)
primIntegerMul = (P.*)
primIntegerQuot = P.quot
primIntegerRem = P.rem
primIntegerDiv = P.div
primIntegerMod = P.mod
primIntegerAnd = (B..&.)
primIntegerOr = (B..|.)
primIntegerXor = B.xor
primIntegerGcd = P.gcd
primIntegerLcm = P.lcm
primIntegerNegate, primIntegerAbs, primIntegerSignum, primIntegerComplement :: Integer -> Integer
primIntegerNegate = P.negate
primIntegerAbs = P.abs
primIntegerSignum = P.signum
primIntegerComplement = B.complement
primIntegerQuotRem, primIntegerDivMod :: Integer -> Integer -> (Integer, Integer)
primIntegerQuotRem = P.quotRem
primIntegerDivMod = P.divMod
primIntegerEq, primIntegerNe, primIntegerLt, primIntegerLe, primIntegerGt, primIntegerGe :: Integer -> Integer -> Bool
primIntegerEq x y = shimB (x P.== y)
primIntegerNe x y = shimB (x P./= y)
primIntegerLt x y = shimB (x P.< y)
primIntegerLe x y = shimB (x P.<= y)
primIntegerGt x y = shimB (x P.> y)
primIntegerGe x y = shimB (x P.>= y)
primIntegerCompare :: Integer -> Integer -> Int
primIntegerCompare x y = case P.compare x y of { P.LT -> -1; P.EQ -> 0; P.GT -> 1 }
primIntegerToInt :: Integer -> Int
primIntegerToInt = P.fromInteger
primIntegerToWord :: Integer -> Word
primIntegerToWord = P.fromInteger
primIntegerToDouble :: Integer -> Double
primIntegerToDouble = P.fromInteger
primIntegerToString :: Integer -> String
primIntegerToString = P.show
primIntegerFromString :: String -> Integer
primIntegerFromString = P.read
primIntegerShiftL, primIntegerShiftR :: Integer -> Int -> Integer
primIntegerShiftL = B.shiftL
primIntegerShiftR = B.shiftR
primIntegerTestBit :: Integer -> Int -> Bool
primIntegerTestBit x n = shimB (B.testBit x n)
primIntegerPopCount :: Integer -> Int
primIntegerPopCount = B.popCount

-- Exceptions: the payload is the library's SomeException, carried through
-- GHC's exception machinery in a box.
data Boxed = forall e. Boxed e
instance P.Show Boxed where show _ = "<hsrts exception>"
instance E.Exception Boxed

primRaise :: e -> a
primRaise e = E.throw (Boxed e)
primRaiseIO :: e -> IO a
primRaiseIO e = E.throwIO (Boxed e)
primCatch :: IO a -> (e -> IO a) -> IO a
primCatch act h = act `E.catch` \(Boxed e) -> h (unsafeCoerce e)
primMaskAsyncExceptions, primUnmaskAsyncExceptions, primMaskUninterruptible :: IO a -> IO a
primMaskAsyncExceptions act = E.mask_ act
primUnmaskAsyncExceptions act = GIO.unsafeUnmask act
primMaskUninterruptible act = E.uninterruptibleMask_ act
primGetMaskingState :: IO Int
primGetMaskingState = P.fmap st E.getMaskingState
  where st E.Unmasked = 0
        st E.MaskedInterruptible = 1
        st E.MaskedUninterruptible = 2

-- IORef
primNewIORef :: a -> IO (IORef a)
primNewIORef = R.newIORef
primReadIORef :: IORef a -> IO a
primReadIORef = R.readIORef
primWriteIORef :: IORef a -> a -> IO ()
primWriteIORef = R.writeIORef
primAtomicModifyIORef :: IORef a -> (a -> (a, b)) -> IO b
primAtomicModifyIORef = R.atomicModifyIORef
primEqIORef :: IORef a -> IORef a -> Bool
primEqIORef x y = shimB (x P.== y)

-- MVar
primNewEmptyMVar :: IO (MVar a)
primNewEmptyMVar = M.newEmptyMVar
primTakeMVar, primReadMVar :: MVar a -> IO a
primTakeMVar = M.takeMVar
primReadMVar = M.readMVar
primPutMVar :: MVar a -> a -> IO ()
primPutMVar = M.putMVar
primTryTakeMVar, primTryReadMVar :: MVar a -> IO (Bool, a)
primTryTakeMVar m = P.fmap shimOpt (M.tryTakeMVar m)
primTryReadMVar m = P.fmap shimOpt (M.tryReadMVar m)
shimOpt :: P.Maybe a -> (Bool, a)
shimOpt (P.Just x) = (True, x)
shimOpt P.Nothing = (False, P.error "empty")
primTryPutMVar :: MVar a -> a -> IO Bool
primTryPutMVar m x = P.fmap shimB (M.tryPutMVar m x)
primEqMVar :: MVar a -> MVar a -> Bool
primEqMVar x y = shimB (x P.== y)
primIsEmptyMVar :: MVar a -> IO Bool
primIsEmptyMVar m = P.fmap shimB (M.isEmptyMVar m)

-- threads
primForkIO :: IO () -> IO ThreadId
primForkIO = C.forkIO
primYield :: IO ()
primYield = C.yield
primMyThreadId :: IO ThreadId
primMyThreadId = C.myThreadId
primThrowTo :: ThreadId -> e -> IO ()
primThrowTo t e = E.throwTo t (Boxed e)
primThreadDelay :: Int -> IO ()
primThreadDelay = C.threadDelay
primThreadIdToInt :: ThreadId -> Int
primThreadIdToInt t = P.read (P.drop 9 (P.show t))
primThreadStatus :: ThreadId -> IO Int
primThreadStatus t = P.fmap st (Conc.threadStatus t)
  where st Conc.ThreadRunning = 0
        st Conc.ThreadFinished = 1
        st (Conc.ThreadBlocked _) = 2
        st Conc.ThreadDied = 3

-- memory
primPerformGC, primPerformMinorGC :: IO ()
primPerformGC = Mem.performMajorGC
primPerformMinorGC = Mem.performMinorGC
primMakeStablePtr :: a -> IO (StablePtr a)
primMakeStablePtr = SP.newStablePtr
primDeRefStablePtr :: StablePtr a -> IO a
primDeRefStablePtr = SP.deRefStablePtr
primFreeStablePtr :: StablePtr a -> IO ()
primFreeStablePtr = SP.freeStablePtr
primStablePtrToInt :: StablePtr a -> Int
primStablePtrToInt sp = P.fromIntegral (FP.ptrToIntPtr (SP.castStablePtrToPtr sp))
primIntToStablePtr :: Int -> StablePtr a
primIntToStablePtr n = SP.castPtrToStablePtr (FP.intPtrToPtr (P.fromIntegral n))
primMakeStableName :: a -> IO (StableName a)
primMakeStableName = SN.makeStableName
primStableNameToInt :: StableName a -> Int
primStableNameToInt = SN.hashStableName
primEqStableName :: StableName a -> StableName b -> Bool
primEqStableName x y = shimB (SN.eqStableName x y)
primMkWeak :: k -> v -> IO () -> IO (Weak v)
primMkWeak k v f = W.mkWeak k v (P.Just f)
primMkWeakNoFinalizer :: k -> v -> IO (Weak v)
primMkWeakNoFinalizer k v = W.mkWeak k v P.Nothing
primDeRefWeak :: Weak v -> IO (Bool, v)
primDeRefWeak w = P.fmap shimOpt (W.deRefWeak w)
primFinalizeWeak :: Weak v -> IO (Bool, IO ())
primFinalizeWeak w = W.finalize w P.>> P.return (False, P.return ())

-- handles: 0, 1, 2 are the standard ones; files get numbers from 3 up.
{-# NOINLINE shimHandleTable #-}
shimHandleTable :: IORef [(Int, IO.Handle)]
shimHandleTable = unsafePerformIO (R.newIORef [(0, IO.stdin), (1, IO.stdout), (2, IO.stderr)])

shimHandle :: Int -> IO IO.Handle
shimHandle n = do
  t <- R.readIORef shimHandleTable
  case P.lookup n t of
    P.Just h -> P.return h
    P.Nothing -> P.ioError (IOE.userError "bad shimHandle")

shimStatus :: IO a -> IO Int
shimStatus act = (act P.>> P.return 0) `E.catch` \(e :: E.IOException) ->
  P.return (if IOE.isEOFError e then -1 else -2)

primHPutChar :: Int -> Char -> IO Int
primHPutChar n c = shimHandle n P.>>= \h -> shimStatus (IO.hPutChar h c)
primHGetChar :: Int -> IO Int
primHGetChar n = shimHandle n P.>>= \h -> (P.fmap Ch.ord (IO.hGetChar h)) `E.catch` \(e :: E.IOException) ->
  P.return (if IOE.isEOFError e then -1 else -2)
primHGetLine :: Int -> IO (Int, String)
primHGetLine n = shimHandle n P.>>= \h -> (P.fmap (\l -> (0, l)) (IO.hGetLine h)) `E.catch` \(e :: E.IOException) ->
  P.return (if IOE.isEOFError e then -1 else -2, "")
primHGetChunk :: Int -> IO String
primHGetChunk n = shimHandle n P.>>= \h -> (IO.hGetLine h P.>>= \l -> IO.hIsEOF h P.>>= \eof -> P.return (l P.++ "\n")) `E.catch` \(_ :: E.IOException) -> P.return ""
primHFlush, primHClose :: Int -> IO ()
primHFlush n = shimHandle n P.>>= IO.hFlush
primHClose n = shimHandle n P.>>= IO.hClose
primHIsEOF :: Int -> IO Bool
primHIsEOF n = shimHandle n P.>>= \h -> P.fmap shimB (IO.hIsEOF h)
primHSetBuffering :: Int -> Int -> IO ()
primHSetBuffering n m = shimHandle n P.>>= \h -> IO.hSetBuffering h (case m of { 0 -> IO.NoBuffering; 1 -> IO.LineBuffering; _ -> IO.BlockBuffering P.Nothing })
primOpenFile :: String -> Int -> IO Int
primOpenFile path mode = (do
    h <- IO.openFile path (case mode of { 0 -> IO.ReadMode; 1 -> IO.WriteMode; 2 -> IO.AppendMode; _ -> IO.ReadWriteMode })
    t <- R.readIORef shimHandleTable
    let n = 3 P.+ P.length t
    R.writeIORef shimHandleTable ((n, h) : t)
    P.return n) `E.catch` \(e :: E.IOException) -> P.return (code e)
  where code e | IOE.isDoesNotExistError e = -1
               | IOE.isPermissionError e = -2
               | IOE.isAlreadyInUseError e = -3
               | P.otherwise = -4
primGetArgs :: IO [String]
primGetArgs = Env.getArgs
primGetProgName :: IO String
primGetProgName = Env.getProgName
primLookupEnv :: String -> IO (Bool, String)
primLookupEnv k = P.fmap (\m -> case m of { P.Just v -> (True, v); P.Nothing -> (False, "") }) (Env.lookupEnv k)
primExit :: Int -> IO ()
primExit 0 = IO.hFlush IO.stdout P.>> Exit.exitWith Exit.ExitSuccess
primExit n = IO.hFlush IO.stdout P.>> Exit.exitWith (Exit.ExitFailure n)
primReportStackOverflow, primReportHeapOverflow :: IO ()
primReportStackOverflow = IO.hPutStrLn IO.stderr "Stack space overflow"
primReportHeapOverflow = IO.hPutStrLn IO.stderr "Heap exhausted"
primGetMonotonicNSec :: IO Int
primGetMonotonicNSec = P.fmap P.fromIntegral Clk.getMonotonicTimeNSec

-- inline primitives
primReturnIO :: a -> IO a
primReturnIO = P.return
primBindIO :: IO a -> (a -> IO b) -> IO b
primBindIO = (P.>>=)
primSeq :: a -> b -> b
primSeq = P.seq
primUnsafeCoerce :: a -> b
primUnsafeCoerce = unsafeCoerce
primUnsafePerformIO :: IO a -> a
primUnsafePerformIO = unsafePerformIO
primUnsafeInterleaveIO :: IO a -> IO a
primUnsafeInterleaveIO = unsafeInterleaveIO
primEvaluate :: a -> IO a
primEvaluate = E.evaluate

-- sized integers (Data.Int, Data.Word)
primNarrow8Int :: Int -> Int
primNarrow8Int x = P.fromIntegral (P.fromIntegral x :: DI.Int8)
primNarrow16Int :: Int -> Int
primNarrow16Int x = P.fromIntegral (P.fromIntegral x :: DI.Int16)
primNarrow32Int :: Int -> Int
primNarrow32Int x = P.fromIntegral (P.fromIntegral x :: DI.Int32)
primNarrow8Word :: Word -> Word
primNarrow8Word x = P.fromIntegral (P.fromIntegral x :: DW.Word8)
primNarrow16Word :: Word -> Word
primNarrow16Word x = P.fromIntegral (P.fromIntegral x :: DW.Word16)
primNarrow32Word :: Word -> Word
primNarrow32Word x = P.fromIntegral (P.fromIntegral x :: DW.Word32)

-- Float as a Double holding a binary32 value
primDoubleRoundFloat :: Double -> Double
primDoubleRoundFloat x = GF.float2Double (GF.double2Float x)
primFloatShowDigits :: Double -> (String, Int)
primFloatShowDigits x = case N.floatToDigits 10 (GF.double2Float x) of (ds, e) -> (P.map Ch.intToDigit ds, e)

-- JavaScript FFI: GHC 9.0 has none; JSVal is a placeholder and isJSFFIUsed False.
data JSVal = JSVal
primJSFFIUsed :: IO Bool
primJSFFIUsed = P.return False
primFreeJSVal :: JSVal -> IO ()
primFreeJSVal _ = P.return ()
primToJSString :: String -> JSVal
primToJSString _ = P.error "toJSString: no JavaScript FFI under GHC 9.0"
primFromJSString :: JSVal -> String
primFromJSString _ = P.error "fromJSString: no JavaScript FFI under GHC 9.0"

-- raw memory (Foreign.Storable), through base's Storable
addrPtr :: Word -> FP.Ptr a
addrPtr a = FP.wordPtrToPtr (P.fromIntegral a)
primReadAddr :: Word -> Int -> IO Word
primReadAddr a n = case n of
  1 -> P.fmap P.fromIntegral (St.peek (addrPtr a) :: IO DW.Word8)
  2 -> P.fmap P.fromIntegral (St.peek (addrPtr a) :: IO DW.Word16)
  4 -> P.fmap P.fromIntegral (St.peek (addrPtr a) :: IO DW.Word32)
  _ -> P.fmap P.fromIntegral (St.peek (addrPtr a) :: IO DW.Word64)
primWriteAddr :: Word -> Int -> Word -> IO ()
primWriteAddr a n w = case n of
  1 -> St.poke (addrPtr a) (P.fromIntegral w :: DW.Word8)
  2 -> St.poke (addrPtr a) (P.fromIntegral w :: DW.Word16)
  4 -> St.poke (addrPtr a) (P.fromIntegral w :: DW.Word32)
  _ -> St.poke (addrPtr a) (P.fromIntegral w :: DW.Word64)
primDoubleToBits :: Double -> Word
primDoubleToBits x = P.fromIntegral (GF.castDoubleToWord64 x)
primDoubleFromBits :: Word -> Double
primDoubleFromBits w = GF.castWord64ToDouble (P.fromIntegral w)
primFloatToBits :: Double -> Word
primFloatToBits x = P.fromIntegral (GF.castFloatToWord32 (GF.double2Float x))
primFloatFromBits :: Word -> Double
primFloatFromBits w = GF.float2Double (GF.castWord32ToFloat (P.fromIntegral w))

-- boxed and byte arrays, through GHC's own primops (GHC.Exts)
data PrimMutableArray a = PMA (X.MutableArray# X.RealWorld a)
data PrimArray a = PA (X.Array# a)
data PrimMutableByteArray = PMBA (X.MutableByteArray# X.RealWorld)
data PrimByteArray = PBA X.ByteArray#

primNewArray :: Int -> a -> IO (PrimMutableArray a)
primNewArray (X.I# n) x = IO (\s -> case X.newArray# n x s of (# s1, a #) -> (# s1, PMA a #))
primReadArray :: PrimMutableArray a -> Int -> IO a
primReadArray (PMA a) (X.I# i) = IO (X.readArray# a i)
primWriteArray :: PrimMutableArray a -> Int -> a -> IO ()
primWriteArray (PMA a) (X.I# i) x = IO (\s -> (# X.writeArray# a i x s, () #))
primSizeofMutableArray :: PrimMutableArray a -> Int
primSizeofMutableArray (PMA a) = X.I# (X.sizeofMutableArray# a)
primSizeofArray :: PrimArray a -> Int
primSizeofArray (PA a) = X.I# (X.sizeofArray# a)
primIndexArray :: PrimArray a -> Int -> IO a
primIndexArray (PA a) (X.I# i) = IO (\s -> case X.indexArray# a i of (# x #) -> (# s, x #))
primUnsafeFreezeArray :: PrimMutableArray a -> IO (PrimArray a)
primUnsafeFreezeArray (PMA a) = IO (\s -> case X.unsafeFreezeArray# a s of (# s1, b #) -> (# s1, PA b #))
primUnsafeThawArray :: PrimArray a -> IO (PrimMutableArray a)
primUnsafeThawArray (PA a) = IO (\s -> case X.unsafeThawArray# a s of (# s1, b #) -> (# s1, PMA b #))
primFreezeArray :: PrimMutableArray a -> Int -> Int -> IO (PrimArray a)
primFreezeArray (PMA a) (X.I# o) (X.I# n) = IO (\s -> case X.freezeArray# a o n s of (# s1, b #) -> (# s1, PA b #))
primThawArray :: PrimArray a -> Int -> Int -> IO (PrimMutableArray a)
primThawArray (PA a) (X.I# o) (X.I# n) = IO (\s -> case X.thawArray# a o n s of (# s1, b #) -> (# s1, PMA b #))
primCopyArray :: PrimArray a -> Int -> PrimMutableArray a -> Int -> Int -> IO ()
primCopyArray (PA a) (X.I# o) (PMA b) (X.I# d) (X.I# n) = IO (\s -> (# X.copyArray# a o b d n s, () #))
primCopyMutableArray :: PrimMutableArray a -> Int -> PrimMutableArray a -> Int -> Int -> IO ()
primCopyMutableArray (PMA a) (X.I# o) (PMA b) (X.I# d) (X.I# n) = IO (\s -> (# X.copyMutableArray# a o b d n s, () #))
primSameMutableArray :: PrimMutableArray a -> PrimMutableArray a -> Bool
primSameMutableArray (PMA a) (PMA b) = shimB (X.isTrue# (X.sameMutableArray# a b))

primNewByteArray, primNewPinnedByteArray :: Int -> IO PrimMutableByteArray
primNewByteArray (X.I# n) = IO (\s -> case X.newByteArray# n s of
  (# s1, a #) -> (# X.setByteArray# a 0# n 0# s1, PMBA a #))
primNewPinnedByteArray (X.I# n) = IO (\s -> case X.newPinnedByteArray# n s of
  (# s1, a #) -> (# X.setByteArray# a 0# n 0# s1, PMBA a #))
primByteArrayContents :: PrimByteArray -> Word
primByteArrayContents (PBA a) = X.W# (X.int2Word# (X.addr2Int# (X.byteArrayContents# a)))
primMutableByteArrayContents :: PrimMutableByteArray -> Word
primMutableByteArrayContents (PMBA a) = X.W# (X.int2Word# (X.addr2Int# (X.byteArrayContents# (X.unsafeCoerce# a))))
primSizeofByteArray :: PrimByteArray -> Int
primSizeofByteArray (PBA a) = X.I# (X.sizeofByteArray# a)
primSizeofMutableByteArray :: PrimMutableByteArray -> Int
primSizeofMutableByteArray (PMBA a) = X.I# (X.sizeofMutableByteArray# a)
primUnsafeFreezeByteArray :: PrimMutableByteArray -> IO PrimByteArray
primUnsafeFreezeByteArray (PMBA a) = IO (\s -> case X.unsafeFreezeByteArray# a s of (# s1, b #) -> (# s1, PBA b #))
primUnsafeThawByteArray :: PrimByteArray -> IO PrimMutableByteArray
primUnsafeThawByteArray (PBA a) = IO (\s -> (# s, PMBA (X.unsafeCoerce# a) #))
primCopyByteArray :: PrimByteArray -> Int -> PrimMutableByteArray -> Int -> Int -> IO ()
primCopyByteArray (PBA a) (X.I# o) (PMBA b) (X.I# d) (X.I# n) = IO (\s -> (# X.copyByteArray# a o b d n s, () #))
primCopyMutableByteArray :: PrimMutableByteArray -> Int -> PrimMutableByteArray -> Int -> Int -> IO ()
primCopyMutableByteArray (PMBA a) (X.I# o) (PMBA b) (X.I# d) (X.I# n) = IO (\s -> (# X.copyMutableByteArray# a o b d n s, () #))
primSetByteArray :: PrimMutableByteArray -> Int -> Int -> Int -> IO ()
primSetByteArray (PMBA a) (X.I# o) (X.I# n) (X.I# v) = IO (\s -> (# X.setByteArray# a o n v s, () #))
primReadIntArray :: PrimMutableByteArray -> Int -> IO Int
primReadIntArray (PMBA a) (X.I# i) = IO (\s -> case X.readIntArray# a i s of (# s1, x #) -> (# s1, X.I# (x) #))
primWriteIntArray :: PrimMutableByteArray -> Int -> Int -> IO ()
primWriteIntArray (PMBA a) (X.I# i) (X.I# x) = IO (\s -> (# X.writeIntArray# a i (x) s, () #))
primIndexIntArray :: PrimByteArray -> Int -> Int
primIndexIntArray (PBA a) (X.I# i) = X.I# (X.indexIntArray# a i)
primReadWordArray :: PrimMutableByteArray -> Int -> IO Word
primReadWordArray (PMBA a) (X.I# i) = IO (\s -> case X.readWordArray# a i s of (# s1, x #) -> (# s1, X.W# (x) #))
primWriteWordArray :: PrimMutableByteArray -> Int -> Word -> IO ()
primWriteWordArray (PMBA a) (X.I# i) (X.W# x) = IO (\s -> (# X.writeWordArray# a i (x) s, () #))
primIndexWordArray :: PrimByteArray -> Int -> Word
primIndexWordArray (PBA a) (X.I# i) = X.W# (X.indexWordArray# a i)
primReadInt8Array :: PrimMutableByteArray -> Int -> IO Int
primReadInt8Array (PMBA a) (X.I# i) = IO (\s -> case X.readInt8Array# a i s of (# s1, x #) -> (# s1, X.I# (x) #))
primWriteInt8Array :: PrimMutableByteArray -> Int -> Int -> IO ()
primWriteInt8Array (PMBA a) (X.I# i) (X.I# x) = IO (\s -> (# X.writeInt8Array# a i (x) s, () #))
primIndexInt8Array :: PrimByteArray -> Int -> Int
primIndexInt8Array (PBA a) (X.I# i) = X.I# (X.indexInt8Array# a i)
primReadInt16Array :: PrimMutableByteArray -> Int -> IO Int
primReadInt16Array (PMBA a) (X.I# i) = IO (\s -> case X.readInt16Array# a i s of (# s1, x #) -> (# s1, X.I# (x) #))
primWriteInt16Array :: PrimMutableByteArray -> Int -> Int -> IO ()
primWriteInt16Array (PMBA a) (X.I# i) (X.I# x) = IO (\s -> (# X.writeInt16Array# a i (x) s, () #))
primIndexInt16Array :: PrimByteArray -> Int -> Int
primIndexInt16Array (PBA a) (X.I# i) = X.I# (X.indexInt16Array# a i)
primReadInt32Array :: PrimMutableByteArray -> Int -> IO Int
primReadInt32Array (PMBA a) (X.I# i) = IO (\s -> case X.readInt32Array# a i s of (# s1, x #) -> (# s1, X.I# (x) #))
primWriteInt32Array :: PrimMutableByteArray -> Int -> Int -> IO ()
primWriteInt32Array (PMBA a) (X.I# i) (X.I# x) = IO (\s -> (# X.writeInt32Array# a i (x) s, () #))
primIndexInt32Array :: PrimByteArray -> Int -> Int
primIndexInt32Array (PBA a) (X.I# i) = X.I# (X.indexInt32Array# a i)
primReadWord8Array :: PrimMutableByteArray -> Int -> IO Word
primReadWord8Array (PMBA a) (X.I# i) = IO (\s -> case X.readWord8Array# a i s of (# s1, x #) -> (# s1, X.W# (x) #))
primWriteWord8Array :: PrimMutableByteArray -> Int -> Word -> IO ()
primWriteWord8Array (PMBA a) (X.I# i) (X.W# x) = IO (\s -> (# X.writeWord8Array# a i (x) s, () #))
primIndexWord8Array :: PrimByteArray -> Int -> Word
primIndexWord8Array (PBA a) (X.I# i) = X.W# (X.indexWord8Array# a i)
primReadWord16Array :: PrimMutableByteArray -> Int -> IO Word
primReadWord16Array (PMBA a) (X.I# i) = IO (\s -> case X.readWord16Array# a i s of (# s1, x #) -> (# s1, X.W# (x) #))
primWriteWord16Array :: PrimMutableByteArray -> Int -> Word -> IO ()
primWriteWord16Array (PMBA a) (X.I# i) (X.W# x) = IO (\s -> (# X.writeWord16Array# a i (x) s, () #))
primIndexWord16Array :: PrimByteArray -> Int -> Word
primIndexWord16Array (PBA a) (X.I# i) = X.W# (X.indexWord16Array# a i)
primReadWord32Array :: PrimMutableByteArray -> Int -> IO Word
primReadWord32Array (PMBA a) (X.I# i) = IO (\s -> case X.readWord32Array# a i s of (# s1, x #) -> (# s1, X.W# (x) #))
primWriteWord32Array :: PrimMutableByteArray -> Int -> Word -> IO ()
primWriteWord32Array (PMBA a) (X.I# i) (X.W# x) = IO (\s -> (# X.writeWord32Array# a i (x) s, () #))
primIndexWord32Array :: PrimByteArray -> Int -> Word
primIndexWord32Array (PBA a) (X.I# i) = X.W# (X.indexWord32Array# a i)
primReadDoubleArray :: PrimMutableByteArray -> Int -> IO Double
primReadDoubleArray (PMBA a) (X.I# i) = IO (\s -> case X.readDoubleArray# a i s of (# s1, x #) -> (# s1, X.D# (x) #))
primWriteDoubleArray :: PrimMutableByteArray -> Int -> Double -> IO ()
primWriteDoubleArray (PMBA a) (X.I# i) (X.D# x) = IO (\s -> (# X.writeDoubleArray# a i (x) s, () #))
primIndexDoubleArray :: PrimByteArray -> Int -> Double
primIndexDoubleArray (PBA a) (X.I# i) = X.D# (X.indexDoubleArray# a i)
primReadFloatArray :: PrimMutableByteArray -> Int -> IO Double
primReadFloatArray (PMBA a) (X.I# i) = IO (\s -> case X.readFloatArray# a i s of (# s1, x #) -> (# s1, X.D# (X.float2Double# x) #))
primWriteFloatArray :: PrimMutableByteArray -> Int -> Double -> IO ()
primWriteFloatArray (PMBA a) (X.I# i) (X.D# x) = IO (\s -> (# X.writeFloatArray# a i (X.double2Float# x) s, () #))
primIndexFloatArray :: PrimByteArray -> Int -> Double
primIndexFloatArray (PBA a) (X.I# i) = X.D# (X.float2Double# (X.indexFloatArray# a i))
primReadCharArray :: PrimMutableByteArray -> Int -> IO Char
primReadCharArray (PMBA a) (X.I# i) = IO (\s -> case X.readCharArray# a i s of (# s1, x #) -> (# s1, X.C# (x) #))
primWriteCharArray :: PrimMutableByteArray -> Int -> Char -> IO ()
primWriteCharArray (PMBA a) (X.I# i) (X.C# x) = IO (\s -> (# X.writeCharArray# a i (x) s, () #))
primIndexCharArray :: PrimByteArray -> Int -> Char
primIndexCharArray (PBA a) (X.I# i) = X.C# (X.indexCharArray# a i)
primReadWideCharArray :: PrimMutableByteArray -> Int -> IO Char
primReadWideCharArray (PMBA a) (X.I# i) = IO (\s -> case X.readWideCharArray# a i s of (# s1, x #) -> (# s1, X.C# (x) #))
primWriteWideCharArray :: PrimMutableByteArray -> Int -> Char -> IO ()
primWriteWideCharArray (PMBA a) (X.I# i) (X.C# x) = IO (\s -> (# X.writeWideCharArray# a i (x) s, () #))
primIndexWideCharArray :: PrimByteArray -> Int -> Char
primIndexWideCharArray (PBA a) (X.I# i) = X.C# (X.indexWideCharArray# a i)
