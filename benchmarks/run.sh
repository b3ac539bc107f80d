#!/bin/sh
# The whole benchmark suite, on demand (never part of ./mvnw verify): builds the harness, runs
# every benchmark in Java (one JVM per benchmark) and in Python's Trio (/usr/bin/python3 with
# Debian's python3-trio), then prints one table with both figures, their ratio and the target.
#
#   benchmarks/run.sh [--quick] [--no-build]
#
#   --quick      fewer rounds and smaller sizes: a smoke test of the harness, not a measurement
#   --no-build   reuse benchmarks/target/benchmarks.jar
#
# Raw outputs go to benchmarks/target/results/ (java.txt, python.txt, table.txt).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
quick="" build=1
for arg in "$@"; do
  case "$arg" in
    --quick) quick=--quick ;;
    --no-build) build=0 ;;
    *) echo "usage: benchmarks/run.sh [--quick] [--no-build]" >&2; exit 2 ;;
  esac
done
python=/usr/bin/python3
if ! "$python" -c "import trio" 2>/dev/null; then
  echo "run.sh: $python cannot import trio; install Debian's python3-trio (apt-get install python3-trio)" >&2
  exit 1
fi
if [ "$build" = 1 ]; then
  (cd "$root" && ./mvnw -q -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true)
fi
java_opts="${BENCH_JAVA_OPTS:--Xms2g -Xmx8g}"
out="$here/target/results"
mkdir -p "$out"
: > "$out/java.txt"
echo "# load average before: $(cat /proc/loadavg)" | tee -a "$out/java.txt"

java_bench() { # JVM-options benchmark... : one JVM
  opts=$1
  shift
  BENCH_JAVA_OPTS="$opts" "$here/bench.sh" $quick "$@" 2>&1 | tee -a "$out/java.txt"
}
# pairs whose ratio is reported run interleaved in one JVM (their rounds take turns)
java_bench "$java_opts" --interleave switch pingpong
java_bench "$java_opts" --interleave spawn raw-spawn
java_bench "$java_opts" spawn-checkpoint
java_bench "$java_opts" --interleave cancel raw-wake
java_bench "$java_opts" timeouts
# Trio runs one task at a time: on a single carrier thread there are no cross-core hand-offs
java_bench "$java_opts -Djdk.virtualThreadScheduler.parallelism=1 -Dbench.tag=1carrier" --interleave switch pingpong
# the collector matters when many parked virtual threads wake up: Parallel GC for comparison
java_bench "$java_opts -XX:+UseParallelGC -Dbench.tag=parallelgc" cancel timeouts
java_bench "$java_opts" heap
java_bench "$java_opts" heap-forever

"$python" "$here/python/trio_bench.py" $quick 2>&1 | tee "$out/python.txt"
echo "# load average after: $(cat /proc/loadavg)" | tee -a "$out/python.txt"

"$python" "$here/python/report.py" "$out/java.txt" "$out/python.txt" | tee "$out/table.txt"
