"""Times one PBKDF2-HMAC-SHA1 derivation with OpenSSL (through hashlib): median of COUNT runs, in ms."""
import hashlib
import statistics
import sys
import time

iterations, count = int(sys.argv[1]), int(sys.argv[2])
salt = b"6fa94ca0-2b43-4b0b-9d1a-2b4d5f9c1e11"
for i in range(count):
    hashlib.pbkdf2_hmac("sha1", b"password-%d" % i, salt, iterations, 20)
times = []
for i in range(count):
    start = time.perf_counter()
    hashlib.pbkdf2_hmac("sha1", b"password-%d" % i, salt, iterations, 20)
    times.append((time.perf_counter() - start) * 1000)
print("%.4f" % statistics.median(times))
