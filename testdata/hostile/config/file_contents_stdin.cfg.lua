x = FileContents("/proc/self/fd/0")
