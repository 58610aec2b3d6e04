x = ("a"):rep(100):gsub("a", "%0%0")
y = string.format("%q", x) .. tostring(#x)
z = { [1] = {}, n = 0x10, f = 1e308 * 10 }
