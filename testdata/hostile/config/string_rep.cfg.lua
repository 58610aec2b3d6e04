x = string.rep("x", 2^40)
