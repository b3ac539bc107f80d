#!/usr/bin/env bash
# Mutation testing of trio-core and the trio-api primitives its tests exercise (issue 22), on
# demand, never part of verify. PIT runs the core suite once per scheduling mode (confined over
# trio-core and the primitives, shared over trio-core: each mode runs its own carrier's code),
# then the part of the suite that the guest-* test executions run, with every Trio.run turned into
# a guest run, against the loop and the guest driver. The reports are merged: a mutant counts with
# the best result any run gives it. See mutation/README.md.
#
#   mutation/run.sh            all three runs, then the merged summary (over an hour on two cores)
#   mutation/run.sh confined   one run (confined | shared | guest), then the summary of what exists
#   mutation/run.sh summary    only the summary of the reports already in target/mutation
#   mutation/run.sh confined -Dmutation.unitSize=1   further arguments go to Maven: here one JVM
#                              per mutant, the isolation that makes the watchdog's kills count
#
# Reports: target/mutation/<run>.xml, PIT's HTML for the last run in trio-core/target/pit-reports,
# the summary in target/mutation/summary.txt (survivors listed with --survivors, as here).
set -euo pipefail
cd "$(dirname "$0")/.."
. .mvn/select-jdk.sh
out=target/mutation
mkdir -p "$out"

# the classes of the guest-* executions in trio-core/pom.xml, as PIT test selectors
guest_tests=$(sed -n '/<id>guest-confined<\/id>/,/<\/includes>/s|.*<include>\*\*/\(.*\)\.java</include>.*|org.triojava.core.\1|p' \
  trio-core/pom.xml | paste -sd, -)

pit() {
  local name=$1
  shift
  echo "== PIT: $name ($(date -u +%H:%M) UTC, load $(cut -d' ' -f1-3 /proc/loadavg))"
  ./mvnw -B -q -Pmutation -pl trio-core -am verify "$@"
  cp trio-core/target/pit-reports/mutations.xml "$out/$name.xml"
}

runs=${1:-all}
[ $# -gt 0 ] && shift
extra=("$@")
case $runs in
  all|confined) pit confined -Dmutation.scheduling=confined "${extra[@]}" ;;&
  all|shared) pit shared -Dmutation.scheduling=shared -Dmutation.targets='org.triojava.core.*' "${extra[@]}" ;;&
  all|guest) pit guest -Dmutation.scheduling=confined -Dmutation.runtime=guest \
      -Dmutation.targets='org.triojava.core.Runner*,org.triojava.core.GuestDriver*' -Dmutation.tests="$guest_tests" \
      "${extra[@]}" ;;&
  all|confined|shared|guest|summary) ;;
  *) echo "usage: mutation/run.sh [all|confined|shared|guest|summary]" >&2; exit 2 ;;
esac
"$JAVA_HOME/bin/java" mutation/PitSummary.java --survivors "$out"/*.xml | tee "$out/summary.txt"
