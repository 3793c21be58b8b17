{-# LANGUAGE NoImplicitPrelude #-}
-- | Handles and text I/O, files, the environment, exit, and the IO side of
-- exceptions (catch, throwIO, bracket, mask, ...).
module GHC.IO
  ( IO, Handle, FilePath, IOMode(..), BufferMode(..), MaskingState(..)
  , stdin, stdout, stderr
  , hPutChar, hPutStr, hPutStrLn, hPrint, putChar, putStr, putStrLn, print
  , hGetChar, hGetLine, hGetContents, hIsEOF, hFlush, hClose, hSetBuffering
  , getChar, getLine, getContents, isEOF, interact, readIO, readLn
  , openFile, withFile, readFile, writeFile, appendFile
  , catch, catchException, handle, try, throwIO, evaluate, onException, bracket, bracket_, finally
  , mask, mask_, uninterruptibleMask, uninterruptibleMask_, getMaskingState, interruptible
  , unitIO, rethrowIO
  , ioError, userError, isDoesNotExistError, isAlreadyInUseError, isPermissionError, isEOFError
  , isUserError, isAlreadyExistsError, isIllegalOperation, ioeGetErrorString, ioeGetFileName
  , catchIOError
  , getArgs, getProgName, lookupEnv, getEnv
  , exitWith, exitFailure, exitSuccess
  , unsafePerformIO, unsafeInterleaveIO
  ) where

import GHC.Base
import GHC.Num
import GHC.List
import GHC.Show
import GHC.Read
import GHC.Exception
import Hsrts.Prim

type FilePath = String

-- | A handle: the runtime's handle number and the name GHC shows.
data Handle = Handle Int String

instance Eq Handle where
  Handle a _ == Handle b _ = primIntEq a b

instance Show Handle where
  showsPrec _ (Handle _ name) = showString "{handle: " . showString name . showString "}"

data IOMode = ReadMode | WriteMode | AppendMode | ReadWriteMode

data BufferMode = NoBuffering | LineBuffering | BlockBuffering (Maybe Int)

stdin, stdout, stderr :: Handle
stdin = Handle 0 "<stdin>"
stdout = Handle 1 "<stdout>"
stderr = Handle 2 "<stderr>"

handleError :: Handle -> IOErrorType -> String -> String -> IO a
handleError (Handle _ name) kind loc desc = ioException (IOError (Just name) kind loc desc (Just name))

-- ---------------------------------------------------------------------------
-- Output

hPutChar :: Handle -> Char -> IO ()
hPutChar h@(Handle fd _) c = primHPutChar fd c >>= \st ->
  if primIntLt st 0 then notWritable h "hPutChar" else return ()

notWritable :: Handle -> String -> IO a
notWritable h loc = handleError h IllegalOperation loc "handle is not open for writing"

-- One primop call per character; the runtime buffers per the handle's
-- buffering mode, so output interleaves with exceptions exactly as GHC's.
hPutStr :: Handle -> String -> IO ()
hPutStr h@(Handle fd _) = go
  where
    go [] = return ()
    go (c:cs) = primHPutChar fd c >>= \st ->
      if primIntLt st 0 then notWritable h "hPutStr" else go cs

hPutStrLn :: Handle -> String -> IO ()
hPutStrLn h s = hPutStr h s >> hPutChar h '\n'

hPrint :: Show a => Handle -> a -> IO ()
hPrint h x = hPutStrLn h (show x)

putChar :: Char -> IO ()
putChar = hPutChar stdout

putStr :: String -> IO ()
putStr = hPutStr stdout

putStrLn :: String -> IO ()
putStrLn = hPutStrLn stdout

print :: Show a => a -> IO ()
print x = putStrLn (show x)

hFlush :: Handle -> IO ()
hFlush (Handle fd _) = primHFlush fd

hClose :: Handle -> IO ()
hClose (Handle fd _) = primHClose fd

hSetBuffering :: Handle -> BufferMode -> IO ()
hSetBuffering (Handle fd _) mode = primHSetBuffering fd (case mode of
  NoBuffering -> 0
  LineBuffering -> 1
  BlockBuffering _ -> 2)

-- ---------------------------------------------------------------------------
-- Input

readFailure :: Handle -> String -> Int -> IO a
readFailure h loc code
  | primIntEq code (primIntNegate 1) = handleError h EOF loc ""
  | otherwise = handleError h IllegalOperation loc "handle is not open for reading"

hGetChar :: Handle -> IO Char
hGetChar h@(Handle fd _) = primHGetChar fd >>= \c ->
  if primIntLt c 0 then readFailure h "hGetChar" c else return (primIntToChar c)

hGetLine :: Handle -> IO String
hGetLine h@(Handle fd _) = primHGetLine fd >>= \r -> case r of
  (code, line) -> if primIntLt code 0 then readFailure h "hGetLine" code else return line

-- | Lazy: the characters are read as the list is consumed.
hGetContents :: Handle -> IO String
hGetContents (Handle fd _) = lazyRead
  where
    lazyRead = primUnsafeInterleaveIO (primHGetChunk fd >>= \chunk ->
      if null chunk then primHClose fd >> return [] else lazyRead >>= \rest -> return (chunk ++ rest))

hIsEOF :: Handle -> IO Bool
hIsEOF (Handle fd _) = primHIsEOF fd

getChar :: IO Char
getChar = hGetChar stdin

getLine :: IO String
getLine = hGetLine stdin

getContents :: IO String
getContents = hGetContents stdin

isEOF :: IO Bool
isEOF = hIsEOF stdin

interact :: (String -> String) -> IO ()
interact f = getContents >>= \s -> putStr (f s)

readIO :: Read a => String -> IO a
readIO s = case [x | (x, t) <- reads s, ("", "") <- lex t] of
  [x] -> return x
  [] -> ioError (userError "Prelude.readIO: no parse")
  _ -> ioError (userError "Prelude.readIO: ambiguous parse")

readLn :: Read a => IO a
readLn = getLine >>= readIO

-- ---------------------------------------------------------------------------
-- Files

openFile :: FilePath -> IOMode -> IO Handle
openFile path mode = primOpenFile path code >>= \r ->
  if primIntGe r 0 then return (Handle r path) else ioException (failure r)
  where
    code = case mode of
      ReadMode -> 0
      WriteMode -> 1
      AppendMode -> 2
      ReadWriteMode -> 3
    failure r
      | primIntEq r (primIntNegate 1) = IOError Nothing NoSuchThing "openFile" "No such file or directory" (Just path)
      | primIntEq r (primIntNegate 2) = IOError Nothing PermissionDenied "openFile" "Permission denied" (Just path)
      | primIntEq r (primIntNegate 3) = IOError Nothing ResourceBusy "openFile" "file is locked" (Just path)
      | otherwise = IOError Nothing OtherError "openFile" "" (Just path)

withFile :: FilePath -> IOMode -> (Handle -> IO r) -> IO r
withFile path mode = bracket (openFile path mode) hClose

readFile :: FilePath -> IO String
readFile path = openFile path ReadMode >>= hGetContents

writeFile :: FilePath -> String -> IO ()
writeFile path s = withFile path WriteMode (\h -> hPutStr h s)

appendFile :: FilePath -> String -> IO ()
appendFile path s = withFile path AppendMode (\h -> hPutStr h s)

-- ---------------------------------------------------------------------------
-- Exceptions in IO

-- | Catches exceptions of the handler's type; others propagate unchanged.
catch :: Exception e => IO a -> (e -> IO a) -> IO a
catch act h = primCatch act (\se -> case fromException se of
  Just e -> h e
  Nothing -> primRaiseIO se)

catchException :: Exception e => IO a -> (e -> IO a) -> IO a
catchException = catch

handle :: Exception e => (e -> IO a) -> IO a -> IO a
handle h act = catch act h

try :: Exception e => IO a -> IO (Either e a)
try act = catch (act >>= \v -> return (Right v)) (\e -> return (Left e))

throwIO :: Exception e => e -> IO a
throwIO e = primRaiseIO (toException e)

evaluate :: a -> IO a
evaluate = primEvaluate

-- Note [IO actions as arguments]
-- ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
-- An IO action that is an application, passed as an argument
-- (`primCatch (restore (io a)) h`), becomes a lazy thunk: it is allocated,
-- entered under an update frame, returns a partial application, is updated,
-- and only then applied to the world. Written as `unitIO >>= \_ -> act`
-- the same action is a function closure of the world (the bind is inlined,
-- so `\w -> act w`), which the primop calls directly. The two are the same
-- action (GHC -O gets this by eta-expanding IO, the "state hack"); mask,
-- catch and fork run their argument at once, so nothing observable changes.
-- The same holds for the first action of a bind: in `after a >> return r`
-- the application `after a` becomes a thunk, in
-- `(unitIO >>= \_ -> after a) >> return r` a function closure called at
-- once. This is what makes modifyMVar_, bracket and friends cheap in the
-- interpreter (docs/performance.md, "Session 5: library"). An action that is
-- a variable (`mask_ io`) is passed as it is: wrapping it would only add a
-- closure and a call.

-- | `return ()`, for the idiom of Note [IO actions as arguments].
unitIO :: IO ()
unitIO = primReturnIO ()

-- | Re-raises a caught exception unchanged (fixes the handler's type).
rethrowIO :: SomeException -> IO a
rethrowIO = primRaiseIO

-- | As GHC: runs the second action if the first raises, then re-raises.
onException :: IO a -> IO b -> IO a
onException io what = primCatch io (\se -> what >> rethrowIO se)

data MaskingState = Unmasked | MaskedInterruptible | MaskedUninterruptible

instance Eq MaskingState where
  a == b = primIntEq (maskTag a) (maskTag b)

instance Show MaskingState where
  showsPrec _ Unmasked = showString "Unmasked"
  showsPrec _ MaskedInterruptible = showString "MaskedInterruptible"
  showsPrec _ MaskedUninterruptible = showString "MaskedUninterruptible"

maskTag :: MaskingState -> Int
maskTag Unmasked = 0
maskTag MaskedInterruptible = 1
maskTag MaskedUninterruptible = 2

-- | The state is read and decoded at once (no thunk for the result).
getMaskingState :: IO MaskingState
getMaskingState = primGetMaskingState >>= \s -> case s of
  0 -> return Unmasked
  1 -> return MaskedInterruptible
  _ -> return MaskedUninterruptible

-- | GHC's mask, with a rank-1 type: the restore function works at the
-- result type of the masked action (the subset has no rank-2 types). As
-- GHC's, it reads the masking state once and changes it only when
-- unmasked; when already masked it just runs the action with a restore
-- that keeps the current state. The runtime's code for the state
-- (0 unmasked, 1 interruptible, 2 uninterruptible) is matched directly.
mask :: ((IO a -> IO a) -> IO b) -> IO b
mask io = primGetMaskingState >>= \b -> case b of
  0 -> primMaskAsyncExceptions (unitIO >>= \_ -> io primUnmaskAsyncExceptions)
  1 -> io primMaskAsyncExceptions
  _ -> io primMaskUninterruptible

mask_ :: IO a -> IO a
mask_ io = primGetMaskingState >>= \b -> case b of
  0 -> primMaskAsyncExceptions io
  _ -> io

uninterruptibleMask :: ((IO a -> IO a) -> IO b) -> IO b
uninterruptibleMask io = primGetMaskingState >>= \b -> case b of
  0 -> primMaskUninterruptible (unitIO >>= \_ -> io primUnmaskAsyncExceptions)
  1 -> primMaskUninterruptible (unitIO >>= \_ -> io primMaskAsyncExceptions)
  _ -> io primMaskUninterruptible

uninterruptibleMask_ :: IO a -> IO a
uninterruptibleMask_ io = primGetMaskingState >>= \b -> case b of
  2 -> io
  _ -> primMaskUninterruptible io

interruptible :: IO a -> IO a
interruptible act = primGetMaskingState >>= \st -> case st of
  1 -> primUnmaskAsyncExceptions act
  _ -> act

bracket :: IO a -> (a -> IO b) -> (a -> IO c) -> IO c
bracket before after thing = mask (\restore ->
  before >>= \a ->
  primCatch (unitIO >>= \_ -> restore (unitIO >>= \_ -> thing a))
            (\se -> (unitIO >>= \_ -> after a) >> rethrowIO se) >>= \r ->
  (unitIO >>= \_ -> after a) >> return r)

bracket_ :: IO a -> IO b -> IO c -> IO c
bracket_ before after thing = bracket before (const after) (const thing)

finally :: IO a -> IO b -> IO a
finally a sequel = mask (\restore ->
  primCatch (unitIO >>= \_ -> restore a) (\se -> sequel >> rethrowIO se) >>= \r ->
  sequel >> return r)

-- ---------------------------------------------------------------------------
-- IOError queries

ioeType :: IOError -> IOErrorType
ioeType (IOError _ t _ _ _) = t

isDoesNotExistError, isAlreadyInUseError, isPermissionError, isEOFError, isUserError :: IOError -> Bool
isAlreadyExistsError, isIllegalOperation :: IOError -> Bool
isDoesNotExistError e = case ioeType e of { NoSuchThing -> True; _ -> False }
isAlreadyInUseError e = case ioeType e of { ResourceBusy -> True; _ -> False }
isPermissionError e = case ioeType e of { PermissionDenied -> True; _ -> False }
isEOFError e = case ioeType e of { EOF -> True; _ -> False }
isUserError e = case ioeType e of { UserError -> True; _ -> False }
isAlreadyExistsError e = case ioeType e of { AlreadyExists -> True; _ -> False }
isIllegalOperation e = case ioeType e of { IllegalOperation -> True; _ -> False }

ioeGetErrorString :: IOError -> String
ioeGetErrorString e@(IOError _ t _ desc _) = case t of
  UserError -> desc
  _ -> show e

ioeGetFileName :: IOError -> Maybe FilePath
ioeGetFileName (IOError _ _ _ _ fn) = fn

catchIOError :: IO a -> (IOError -> IO a) -> IO a
catchIOError = catch

-- ---------------------------------------------------------------------------
-- Environment and exit

getArgs :: IO [String]
getArgs = primGetArgs

getProgName :: IO String
getProgName = primGetProgName

lookupEnv :: String -> IO (Maybe String)
lookupEnv name = primLookupEnv name >>= \r -> case r of
  (found, value) -> return (if found then Just value else Nothing)

getEnv :: String -> IO String
getEnv name = lookupEnv name >>= \r -> case r of
  Just v -> return v
  Nothing -> ioException (IOError Nothing NoSuchThing "getEnv" "no environment variable" (Just name))

exitWith :: ExitCode -> IO a
exitWith code = throwIO code

exitFailure :: IO a
exitFailure = exitWith (ExitFailure 1)

exitSuccess :: IO a
exitSuccess = exitWith ExitSuccess

unsafePerformIO :: IO a -> a
unsafePerformIO = primUnsafePerformIO

unsafeInterleaveIO :: IO a -> IO a
unsafeInterleaveIO = primUnsafeInterleaveIO
