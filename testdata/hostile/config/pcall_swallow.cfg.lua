pcall(function() os.execute("touch PWNED") end)
VirtualHost "a.example"
