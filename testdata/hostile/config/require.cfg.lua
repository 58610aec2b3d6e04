require("os").execute("touch PWNED")
