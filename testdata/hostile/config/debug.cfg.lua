debug.sethook(function() end, "l")
x = debug.getregistry()
