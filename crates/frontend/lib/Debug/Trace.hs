{-# LANGUAGE NoImplicitPrelude #-}
-- | Tracing to stderr from pure code.
module Debug.Trace
  ( trace, traceShow, traceShowId, traceId, traceM, traceShowM, traceIO
  ) where

import Prelude
import GHC.IO (hPutStrLn, stderr, unsafePerformIO)

traceIO :: String -> IO ()
traceIO msg = hPutStrLn stderr msg

trace :: String -> a -> a
trace msg x = unsafePerformIO (traceIO msg) `seq` x

traceId :: String -> String
traceId a = trace a a

traceShow :: Show a => a -> b -> b
traceShow = trace . show

traceShowId :: Show a => a -> a
traceShowId a = trace (show a) a

traceM :: Applicative f => String -> f ()
traceM string = trace string (pure ())

traceShowM :: (Show a, Applicative f) => a -> f ()
traceShowM = traceM . show
