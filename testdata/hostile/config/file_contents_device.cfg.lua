x = FileContents("/dev/zero")
