-- Data.Char: classification, case conversion, digits, ord/chr, show of special characters.
-- tags: library chars
module Main where

import Data.Char

main :: IO ()
main = do
  let s = "Hello, World! 123 \t\n_x\127"
  print (map isAlpha s)
  print (filter isDigit s, filter isSpace s, filter isUpper s, filter isLower s)
  print (filter isAlphaNum s, filter isPunctuation s, length (filter isControl s))
  print (map toUpper s, map toLower "MiXeD 42")
  print (map digitToInt "0123456789abcdefABCDEF")
  print (map intToDigit [0 .. 15])
  print (map ord "az AZ\0\n", map chr [72, 105, 955, 8364])
  print (isHexDigit 'f', isHexDigit 'g', isOctDigit '7', isOctDigit '8')
  print (isSeparator ' ', isAscii '\200', isLatin1 '\255', isPrint '\n', isPrint 'a')
  print (toUpper '\223', toUpper '\233', toLower '\201', isUpper '\201')
  print (generalCategory 'a', generalCategory '1', generalCategory ' ')
  print "tab\there \"quoted\" back\\slash \1234\&5 \DEL \200 snow\9731"
  print ['\0', '\a', '\SOH', '\DEL', '\'', '"']
  putStrLn (map (\c -> if isAlpha c then chr (ord 'a' + (ord (toLower c) - ord 'a' + 13) `mod` 26) else c) "Why did the chicken cross the road?")
  print (words (map (\c -> if isPunctuation c then ' ' else toLower c) "It's a test, a TEST; of words!"))
