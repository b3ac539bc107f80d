#!/bin/sh
# The whole benchmark suite, on demand (never part of ./mvnw verify): builds the harness, runs
# every benchmark in Java (one JVM per benchmark) and in Python's Trio (/usr/bin/python3 with
# Debian's python3-trio), then prints one table with both figures, their ratio and the target.
#
#   benchmarks/run.sh [--quick] [--no-build] [tasks] [sync]
#
#   --quick      fewer rounds and smaller sizes: a smoke test of the harness, not a measurement
#   --no-build   reuse benchmarks/target/benchmarks.jar
#   tasks, sync  only these sets (default: both): tasks = the core runtime (switch, spawn, heap,
#                cancel, timeouts; ~5 minutes), sync = memory channels against Python and the JDK's
#                queues, lock hand-off, ToThread (~1.5 minutes)
#
# Raw outputs go to benchmarks/target/results/ (java.txt, python.txt, table.txt).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
quick="" build=1 sets=""
for arg in "$@"; do
  case "$arg" in
    --quick) quick=--quick ;;
    --no-build) build=0 ;;
    tasks|sync) sets="$sets $arg" ;;
    *) echo "usage: benchmarks/run.sh [--quick] [--no-build] [tasks] [sync]" >&2; exit 2 ;;
  esac
done
sets=${sets:- tasks sync}
python=/usr/bin/python3
if ! "$python" -c "import trio" 2>/dev/null; then
  echo "run.sh: $python cannot import trio; install Debian's python3-trio (apt-get install python3-trio)" >&2
  exit 1
fi
if [ "$build" = 1 ]; then
  (cd "$root" && ./mvnw -q -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true)
fi
# every Java figure names its scheduling mode (result tags @confined and @shared): confined needs
# java.lang opened to the unnamed module (the harness runs on the class path)
java_opts="${BENCH_JAVA_OPTS:--Xms2g -Xmx8g} --add-opens java.base/java.lang=ALL-UNNAMED"
confined="$java_opts -Dorg.triojava.scheduling=confined -Dbench.tag=confined"
shared="$java_opts -Dorg.triojava.scheduling=shared -Dbench.tag=shared"
out="$here/target/results"
mkdir -p "$out"
: > "$out/java.txt"
echo "# load average before: $(cat /proc/loadavg)" | tee -a "$out/java.txt"

out_py="$out/python.txt"
: > "$out_py"

java_bench() { # JVM-options benchmark... : one JVM
  opts=$1
  shift
  BENCH_JAVA_OPTS="$opts" "$here/bench.sh" $quick "$@" 2>&1 | tee -a "$out/java.txt"
}
python_bench() { # benchmark... : one Python process
  "$python" "$here/python/trio_bench.py" $quick "$@" 2>&1 | tee -a "$out_py"
}
load() { # a line with the load average, in both raw outputs
  echo "# load average: $(cat /proc/loadavg)" | tee -a "$out_py" "$out/java.txt"
}

tasks_set() {
  # pairs whose ratio is reported run interleaved in one JVM (their rounds take turns)
  load
  java_bench "$confined" --interleave switch pingpong pingpong-1thread
  java_bench "$confined" --interleave spawn raw-spawn
  java_bench "$confined" spawn-checkpoint
  java_bench "$confined" --interleave cancel raw-wake
  java_bench "$confined" timeouts
  java_bench "$confined" heap
  java_bench "$confined" heap-forever
  load
  python_bench switch spawn spawn-checkpoint cancel timeouts heap heap-forever
  load
  # the same runtime figures on the JDK's shared carriers (no --add-opens needed for these)
  java_bench "$shared" switch
  java_bench "$shared" spawn
  java_bench "$shared" cancel
  java_bench "$shared" timeouts
}

sync_set() {
  # Java and Python take turns benchmark by benchmark, so that both figures of a ratio are taken
  # within seconds of each other; a channel and the JDK queue doing the same share one JVM and
  # take turns round by round
  load
  java_bench "$confined" --interleave channel-1x1-0 sq-1x1
  python_bench channel-1x1-0
  load
  java_bench "$confined" --interleave channel-1x1-100 abq-1x1
  python_bench channel-1x1-100
  load
  java_bench "$confined" channel-4x4-0
  python_bench channel-4x4-0
  load
  java_bench "$confined" channel-4x4-100
  python_bench channel-4x4-100
  load
  java_bench "$confined" lock
  python_bench lock
  load
  java_bench "$confined" to-thread
  python_bench to-thread
  load
  java_bench "$shared" channel-1x1-0
  java_bench "$shared" channel-1x1-100
  java_bench "$shared" lock
  java_bench "$shared" to-thread
}

for set in $sets; do
  "${set}_set"
done
echo "# load average after: $(cat /proc/loadavg)" | tee -a "$out_py"

"$python" "$here/python/report.py" "$out/java.txt" "$out_py" | tee "$out/table.txt"
