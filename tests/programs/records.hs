-- Records: construction, field access, update, shared fields across constructors.
-- tags: records
module Main where

data Employee = Employee
  { empName :: String
  , empAge :: Int
  , salary :: Double
  , manager :: Maybe Employee
  } deriving (Show, Eq)

data Shape
  = Circle { centre :: (Int, Int), radius :: Int }
  | Square { centre :: (Int, Int), side :: Int }
  deriving Show

data Config = Config { verbose :: Bool, level :: Int, label :: String }
  deriving Show

defaultConfig :: Config
defaultConfig = Config { verbose = False, level = 1, label = "none" }

move :: (Int, Int) -> Shape -> Shape
move (dx, dy) s = s { centre = (fst (centre s) + dx, snd (centre s) + dy) }

raise :: Double -> Employee -> Employee
raise pct e = e { salary = salary e * (1 + pct / 100) }

birthday :: Employee -> Employee
birthday e@Employee { empAge = a } = e { empAge = a + 1 }

greet :: Employee -> String
greet Employee { empName = n, manager = Nothing } = n ++ " is the boss"
greet Employee { empName = n, manager = Just m } = n ++ " reports to " ++ empName m

main :: IO ()
main = do
  let boss = Employee { empName = "Ada", empAge = 50, salary = 1000, manager = Nothing }
      bob = Employee "Bob" 30 500 (Just boss)
  print boss
  putStrLn (greet boss)
  putStrLn (greet bob)
  print (empAge (birthday bob), salary (raise 10 bob))
  print (birthday bob == bob, bob == bob)
  print (map empName [boss, bob])
  let c = Circle { radius = 3, centre = (0, 0) }
  print (move (1, 2) c)
  print (move (-1, -1) (Square (5, 5) 2))
  print (radius c, centre (Square (1, 1) 1))
  print defaultConfig
  print defaultConfig { verbose = True, label = "loud" }
  print (level defaultConfig { level = 7 })
