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
grep -h '^RESULT' "$out"/*.txt | ratio_table "guest run" "%s-guest" "Trio.run" "%s-run" switch echo
