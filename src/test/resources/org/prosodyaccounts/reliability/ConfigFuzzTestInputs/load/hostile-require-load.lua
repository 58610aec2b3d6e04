require("os").execute("id")
load("x=1")()
