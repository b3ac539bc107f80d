#!/bin/sh
# Runs the Java benchmark harness (benchmarks/target/benchmarks.jar) on the JDK that ./mvnw
# selects (JAVA_HOME if it is 25+, else the newest JDK found; see .mvn/select-jdk.sh).
#
#   benchmarks/bench.sh [--quick] [benchmark...]        e.g. benchmarks/bench.sh switch pingpong
#
# JVM options: BENCH_JAVA_OPTS (default -Xms2g -Xmx8g: the heap benchmark keeps a million tasks
# alive; a fixed initial heap keeps G1 from shrinking and re-growing it around every round).
# Build the jar first: ./mvnw -q -pl benchmarks -am package -DskipTests  (benchmarks/run.sh does).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
. "$root/.mvn/select-jdk.sh"
jar="$here/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  echo "bench.sh: $jar is missing; build it with: ./mvnw -q -pl benchmarks -am package -DskipTests" >&2
  exit 1
fi
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:--Xms2g -Xmx8g} -jar "$jar" "$@"
