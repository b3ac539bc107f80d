#!/bin/sh
# Async files (issue 17) side by side: Trio for Java's AsyncFile and AsyncPath (confined
# scheduling), blocking Java, and python3-trio's open_file / trio.Path, on the same data made here
# in a temporary directory: copying a 1 GB file in 64 KiB chunks, the attributes (stat) of 10,000
# small files with 1 and with 40 tasks (Trio's default thread limit is 40), and the lines of a
# 200,000-line file. The page cache is warm after the warm-up round. Not part of verify.
#
#   benchmarks/files.sh [--no-build]
set -eu
. "$(dirname "$0")/prepare.sh"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
mkdir "$data/small"
/usr/bin/python3 - "$data" <<'PY'
import os, sys
data = sys.argv[1]
with open(os.path.join(data, "big.txt"), "w", encoding="utf-8") as f:
    for i in range(200_000):
        f.write(("a needle in line %d\n" if i % 1000 == 0 else "just hay in line %d of the big file\n") % i)
block = os.urandom(1 << 20)
with open(os.path.join(data, "copy.bin"), "wb") as f:
    for i in range(1024):
        f.write(block)
for i in range(10_000):
    with open(os.path.join(data, "small", "f%05d.bin" % i), "wb") as f:
        f.write(block[:100])
PY
echo "# load average before: $(cat /proc/loadavg)"
"$JAVA_HOME/bin/java" -Xms1g -Xmx2g --add-opens java.base/java.lang=ALL-UNNAMED -Dorg.triojava.scheduling=confined \
  -cp "$here/target/benchmarks.jar" org.triojava.benchmarks.FilesBench "$data" | tee "$data/java.txt"
/usr/bin/python3 "$here/python/files_bench.py" "$data" | tee "$data/python.txt"
echo "# load average after: $(cat /proc/loadavg)"
echo
grep '^RESULT' "$data/java.txt" "$data/python.txt" | sed 's/^[^:]*://' | awk '
  { value[$2] = $3; unit[$2] = $4 }
  END {
    printf "%-26s %14s %14s %8s\n", "benchmark", "Java", "python3-trio", "ratio"
    split("files-copy files-stat-1 files-stat-40 files-lines", names, " ")
    for (i = 1; i <= 4; i++) {
      n = names[i]; j = value[n "@confined"]; p = value[n]
      printf "%-26s %14.0f %14.0f %7.1fx  %s\n", n " [confined]", j, p, j / p, unit[n]
    }
    split("files-copy files-stat files-lines", plain, " ")
    for (i = 1; i <= 3; i++) {
      n = plain[i] "-blocking"
      printf "%-26s %14.0f %14s %8s  %s (blocking Java, for scale)\n", n, value[n], "-", "-", unit[n]
    }
  }'
