x = string.dump(print)
