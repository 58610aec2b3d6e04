Include "/etc/passwd"
x = FileContents("/etc/hostname")
RunScript "x.lua"
