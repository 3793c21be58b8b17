{-# LANGUAGE NoImplicitPrelude #-}
-- | Foreign.Ptr: typed machine addresses and function pointers
-- (lib/GHC/Ptr.hs). freeHaskellFunPtr releases a "wrapper" import's
-- function pointer through the C API's hs_free_fun_ptr.
module Foreign.Ptr
  ( Ptr, FunPtr
  , nullPtr, castPtr, plusPtr, minusPtr, alignPtr
  , nullFunPtr, castFunPtr, castFunPtrToPtr, castPtrToFunPtr
  , freeHaskellFunPtr
  ) where

import Prelude
import GHC.Ptr

foreign import ccall unsafe "hs_free_fun_ptr" freeHaskellFunPtr :: FunPtr a -> IO ()
