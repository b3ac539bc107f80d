#!/bin/sh
# Subprocesses (issue 16) side by side in one run: Trio for Java's Processes (confined and shared
# scheduling), the bare JDK (ProcessBuilder.start().waitFor(); a writer and a reader thread on the
# blocking pipe streams) and python3-trio (run_process; open_process with Trio streams): round
# trips of `true`, and 100 MB piped through cat. Not part of verify.
#
#   benchmarks/processes.sh [--no-build]
set -eu
. "$(dirname "$0")/prepare.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "# load average before: $(cat /proc/loadavg)"
java_in_both_modes org.triojava.benchmarks.ProcessBench "$out"
/usr/bin/python3 "$here/python/process_bench.py" | tee "$out/python.txt"
echo "# load average after: $(cat /proc/loadavg)"
echo
grep -h '^RESULT' "$out"/*.txt | awk '
  { value[$2] = $3; unit[$2] = $4 }
  END {
    printf "%-26s %12s %12s %12s %9s %9s\n", "benchmark", "Java", "python3-trio", "bare JDK", "vs py", "vs JDK"
    split("process-true process-cat", names, " ")
    split("confined shared", modes, " ")
    for (i = 1; i <= 2; i++) for (m = 1; m <= 2; m++) {
      n = names[i]; j = value[n "@" modes[m]]; p = value[n]; k = value[n "-jdk"]
      printf "%-26s %12.1f %12.1f %12.1f %8.2fx %8.2fx  %s\n", n " [" modes[m] "]", j, p, k, j / p, j / k, unit[n]
    }
  }'
