os.execute("touch marker2")
