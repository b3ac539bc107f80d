#!/usr/bin/python3
"""Summarises the CPU samples (jdk.ExecutionSample) of a JFR recording made of the benchmarks.

Usage: jfr_top.py RECORDING.jfr [--top N] [--measured [BENCHMARK]] [--filter SUBSTRING]

  --measured   keep only samples (and GC pauses, deoptimizations) inside the timed sections of
               the harness (its org.triojava.benchmarks.Measured events), optionally of one
               benchmark only
  --filter     keep only samples with a frame containing SUBSTRING

Prints the top frames by self samples (the frame on top of the stack; time spent inside the JVM,
e.g. deoptimizing, unwinding an exception or thawing a virtual thread's stack, is billed to the
Java frame on top) and by total samples (the frame anywhere on the stack).
Needs the `jfr` tool of a JDK (JAVA_HOME/bin/jfr, else jfr on PATH).
"""
import collections
import json
import os
import re
import subprocess
import sys


def ns(stamp):
    """'2026-11-22T01:28:37.688863597Z' -> integer nanoseconds (same day arithmetic is enough)."""
    m = re.match(r"(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)(?:\.(\d+))?Z", stamp)
    y, mo, d, h, mi, s, frac = m.groups()
    frac = (frac or "0").ljust(9, "0")[:9]
    days = (int(y) * 372 + int(mo) * 31 + int(d))
    return ((days * 24 + int(h)) * 60 + int(mi)) * 60 * 10**9 + int(s) * 10**9 + int(frac)


def duration_ns(text):
    m = re.match(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", text)
    h, mi, s = m.groups()
    return int(((int(h or 0) * 60 + int(mi or 0)) * 60 + float(s or 0)) * 1e9)


def frame_name(frame):
    method = frame["method"]
    cls = method["type"]["name"].replace("/", ".")
    return f"{cls}.{method['name']}:{frame.get('lineNumber', -1)}"


def main(argv):
    if not argv:
        sys.exit(__doc__)
    path = argv[0]
    top = 25
    measured = None
    filt = None
    i = 1
    while i < len(argv):
        if argv[i] == "--top":
            top = int(argv[i + 1]); i += 2
        elif argv[i] == "--filter":
            filt = argv[i + 1]; i += 2
        elif argv[i] == "--measured":
            measured = ""
            if i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                measured = argv[i + 1]; i += 1
            i += 1
        else:
            sys.exit(f"unknown argument {argv[i]}")
    jfr = os.path.join(os.environ["JAVA_HOME"], "bin", "jfr") if "JAVA_HOME" in os.environ else "jfr"
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events",
                          "jdk.ExecutionSample,jdk.GCPhasePause,jdk.Deoptimization,org.triojava.benchmarks.Measured", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    windows = []
    for e in events:
        if e["type"] == "org.triojava.benchmarks.Measured":
            if measured and e["values"].get("benchmark") != measured:
                continue
            start = ns(e["values"]["startTime"])
            windows.append((start, start + duration_ns(e["values"]["duration"])))
    def inside(stamp):
        return measured is None or any(a <= stamp <= b for a, b in windows)

    gc_ns = sum(duration_ns(e["values"]["duration"]) for e in events
                if e["type"] == "jdk.GCPhasePause" and inside(ns(e["values"]["startTime"])))
    deopts = sum(1 for e in events if e["type"] == "jdk.Deoptimization" and inside(ns(e["values"]["startTime"])))
    measured_ns = sum(b - a for a, b in windows)
    selfc = collections.Counter()
    total = collections.Counter()
    n = 0
    for e in events:
        if e["type"] != "jdk.ExecutionSample":
            continue
        v = e["values"]
        if measured is not None:
            t = ns(v["startTime"])
            if not any(a <= t <= b for a, b in windows):
                continue
        frames = [frame_name(f) for f in (v.get("stackTrace") or {}).get("frames", [])]
        if not frames or (filt and not any(filt in f for f in frames)):
            continue
        n += 1
        selfc[frames[0]] += 1
        for f in set(frames):
            total[f] += 1
    print(f"{n} samples" + (f" in {len(windows)} measured sections ({measured_ns / 1e9:.2f} s)"
                            if measured is not None else ""))
    print(f"GC pauses: {gc_ns / 1e9:.3f} s" + (f" ({100.0 * gc_ns / measured_ns:.1f}% of the measured time)"
                                               if measured_ns else "")
          + f"; deoptimizations: {deopts}")
    if not n:
        return
    print("--- self (top frame)")
    for f, c in selfc.most_common(top):
        print(f"{100.0 * c / n:5.1f}% {c:6d}  {f}")
    print("--- total (frame anywhere on the stack)")
    for f, c in total.most_common(top):
        print(f"{100.0 * c / n:5.1f}% {c:6d}  {f}")


if __name__ == "__main__":
    main(sys.argv[1:])
