io.open("marker2","w"):write("x")
