getmetatable("").__index = function() os.execute("touch PWNED") end
x = ("a").b
