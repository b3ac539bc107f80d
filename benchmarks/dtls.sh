#!/bin/sh
# DTLS (issue 19) next to TLS over TCP, on loopback, in both scheduling modes: handshakes per
# second (one at a time, and 100 at once) and echo round trips per second with 1 and 100
# associations on one endpoint. Not part of verify.
#
#   benchmarks/dtls.sh [--no-build]
set -eu
. "$(dirname "$0")/prepare.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "# load average before: $(cat /proc/loadavg)"
java_in_both_modes org.triojava.benchmarks.DtlsBench "$out"
echo "# load average after: $(cat /proc/loadavg)"
echo
grep -h '^RESULT' "$out"/*.txt | awk '
  { value[$2] = $3; unit[$2] = $4 " " $5 }
  END {
    printf "%-28s %14s %14s %8s\n", "benchmark", "DTLS", "TLS/TCP", "DTLS/TLS"
    split("handshakes-1 handshakes-100 echo-1 echo-100", names, " ")
    split("confined shared", modes, " ")
    for (i = 1; i <= 4; i++) for (m = 1; m <= 2; m++) {
      d = value["dtls-" names[i] "@" modes[m]]; t = value["tls-" names[i] "@" modes[m]]
      printf "%-28s %14.0f %14.0f %7.2fx  %s\n", names[i] " [" modes[m] "]", d, t, d / t, unit["dtls-" names[i] "@" modes[m]]
    }
  }'
