"""Writes COUNT hashed account files as Prosody 0.12 writes them (218 bytes each) into DIR."""
import os
import sys
import uuid

folder, count = sys.argv[1], int(sys.argv[2])
os.makedirs(folder, exist_ok=True)
for i in range(count):
    record = (
        'return {\n\t["iteration_count"] = 10000;\n\t["salt"] = "%s";\n'
        '\t["server_key"] = "%s";\n\t["stored_key"] = "%s";\n};\n'
        % (uuid.uuid4(), os.urandom(20).hex(), os.urandom(20).hex())
    )
    with open(os.path.join(folder, "user%d.dat" % i), "w") as f:
        f.write(record)
