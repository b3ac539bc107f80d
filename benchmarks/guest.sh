#!/bin/sh
# Guest mode (issue 18) next to Trio.run in the same JVM, in both scheduling modes: task switches,
# and TCP echo round trips to a server in another run; the guest runs are hosted by a plain
# single-thread executor. Not part of verify.
#
#   benchmarks/guest.sh [--no-build]
set -eu
. "$(dirname "$0")/prepare.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "# load average before: $(cat /proc/loadavg)"
java_in_both_modes org.triojava.benchmarks.GuestBench "$out"
echo "# load average after: $(cat /proc/loadavg)"
echo
grep -h '^RESULT' "$out"/*.txt | awk '
  { value[$2] = $3; unit[$2] = $4 " " $5 }
  END {
    printf "%-22s %14s %14s %8s\n", "benchmark", "Trio.run", "guest run", "guest/run"
    split("switch echo", names, " ")
    split("confined shared", modes, " ")
    for (i = 1; i <= 2; i++) for (m = 1; m <= 2; m++) {
      r = value[names[i] "-run@" modes[m]]; g = value[names[i] "-guest@" modes[m]]
      printf "%-22s %14.0f %14.0f %7.2fx  %s\n", names[i] " [" modes[m] "]", r, g, g / r, unit[names[i] "-run@" modes[m]]
    }
  }'
