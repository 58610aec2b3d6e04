io.open("PWNED", "w"):write("x")
