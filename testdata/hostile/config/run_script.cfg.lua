RunScript "PWNED.lua"
