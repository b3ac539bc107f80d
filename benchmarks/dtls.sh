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
grep -h '^RESULT' "$out"/*.txt | ratio_table DTLS "dtls-%s" "TLS/TCP" "tls-%s" handshakes-1 handshakes-100 echo-1 echo-100
