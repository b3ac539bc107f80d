#!/usr/bin/python3
"""Prints the table of benchmarks/run.sh from the outputs of the two harnesses.

Usage: report.py JAVA_OUTPUT PYTHON_OUTPUT

Both harnesses print ``RESULT <name> <median> <unit>`` lines (Java may tag a name, e.g.
``switch@1carrier`` for a run on a single carrier thread).
"""
import sys


def results(path, prefix="RESULT "):
    found = {}
    with open(path) as f:
        for line in f:
            if line.startswith(prefix):
                _, name, value, unit = line.split(maxsplit=3)
                found[name] = (float(value), unit.strip())
    return found


# (label, java result, (reference side, reference result), kind, target, targeted?)
#   kind "faster": ratio = java / reference, pass when ratio >= target
#   kind "bytes":  ratio = java / reference, pass when the Java figure <= target bytes
ROWS = [
    # confined scheduling (the loop thread carries the tasks): the targets of issue 14
    ("1. task switch: 2 tasks x checkpoint() [confined]", "switch@confined", ("python", "switch"), "faster", 12, True),
    ("1. task switch vs VT ping-pong on 1 executor thread", "switch@confined", ("java", "pingpong-1thread@confined"),
     "faster", 0.8, True),
    ("2. spawn+join 100k tasks (empty) [confined]", "spawn@confined", ("python", "spawn"), "faster", 10, True),
    ("3. heap per sleeping task, 1M x sleep(1e9)", "heap@confined", ("python", "heap"), "bytes", 2048, True),
    ("4a. cancel 100k sleeping tasks [confined]", "cancel@confined", ("python", "cancel"), "faster", 20, True),
    ("4b. 100k moveOnAfter(distinct t) firing [confined]", "timeouts@confined", ("python", "timeouts"),
     "faster", 20, True),
    ("5a. channel 1->1, open(0) [confined]", "channel-1x1-0@confined", ("python", "channel-1x1-0"), "faster", 10, True),
    ("5b. channel 1->1, open(100) [confined]", "channel-1x1-100@confined", ("python", "channel-1x1-100"),
     "faster", 10, True),
    ("5c. channel 4->4 (clones), open(0) [confined]", "channel-4x4-0@confined", ("python", "channel-4x4-0"),
     "faster", 10, True),
    ("5d. channel 4->4 (clones), open(100) [confined]", "channel-4x4-100@confined", ("python", "channel-4x4-100"),
     "faster", 10, True),
    ("7. ToThread.runSync round trip [confined]", "to-thread@confined", ("python", "to-thread"), "faster", 3, True),
    # informative rows: no target of their own
    ("   task switch vs VT ping-pong on shared carriers", "switch@confined", ("java", "pingpong@confined"),
     "faster", None, False),
    ("   spawn+join 100k, one checkpoint each [confined]", "spawn-checkpoint@confined", ("python", "spawn-checkpoint"),
     "faster", None, False),
    ("   heap per task, 1M x sleepForever()", "heap-forever@confined", ("python", "heap-forever"), "bytes", None, False),
    ("   spawn vs JDK raw VT start+join", "spawn@confined", ("java", "raw-spawn@confined"), "faster", None, False),
    ("   cancel vs JDK raw VT wake+throw+exit", "cancel@confined", ("java", "raw-wake@confined"), "faster", None, False),
    ("   channel 1->1 open(0) vs JDK SynchronousQueue", "channel-1x1-0@confined", ("java", "sq-1x1@confined"),
     "faster", None, False),
    ("   channel 1->1 open(100) vs JDK ArrayBlockingQueue(100)", "channel-1x1-100@confined",
     ("java", "abq-1x1@confined"), "faster", None, False),
    ("6. lock hand-off, 10 tasks, checkpoint inside [confined]", "lock@confined", ("python", "lock"), "faster", None,
     False),
    # shared carriers (no JVM option): the same work, for comparison with the figures before confined scheduling
    ("   task switch [shared]", "switch@shared", ("python", "switch"), "faster", None, False),
    ("   spawn+join 100k [shared]", "spawn@shared", ("python", "spawn"), "faster", None, False),
    ("   cancel 100k [shared]", "cancel@shared", ("python", "cancel"), "faster", None, False),
    ("   100k timeouts [shared]", "timeouts@shared", ("python", "timeouts"), "faster", None, False),
    ("   channel 1->1 open(0) [shared]", "channel-1x1-0@shared", ("python", "channel-1x1-0"), "faster", None, False),
    ("   channel 1->1 open(100) [shared]", "channel-1x1-100@shared", ("python", "channel-1x1-100"), "faster", None,
     False),
    ("   lock hand-off [shared]", "lock@shared", ("python", "lock"), "faster", None, False),
    ("   ToThread.runSync round trip [shared]", "to-thread@shared", ("python", "to-thread"), "faster", None, False),
]


def fmt(value, unit):
    if value is None:
        return "-"
    short = {"bytes/task": " B"}.get(unit, "/s" if unit.endswith("/s") else " " + unit)
    return f"{value:,.0f}{short}"


def loads(path):
    with open(path) as f:
        return [line.split(":", 1)[1].strip() for line in f if line.startswith("# load average")]


def main(argv):
    java, python = results(argv[0]), results(argv[1])
    sides = {"java": java, "python": python}
    java_cpu = results(argv[0], "CPURESULT ")
    cpu_sides = {"java": java_cpu, "python": results(argv[1], "CPURESULT ")}
    header = ("benchmark", "Java", "reference", "ratio", "CPU ratio", "target", "result")
    lines = []
    for label, jname, (side, rname), kind, target, targeted in ROWS:
        j = java.get(jname)
        r = sides[side].get(rname)
        if j is None and r is None:
            continue
        unit = (j or r)[1]
        ref_label = ("Py " if side == "python" else "JDK ") + fmt(r[0] if r else None, unit)
        ratio = j[0] / r[0] if j and r and r[0] else None
        # the same ratio of the figures per CPU-second (each side's process CPU time, all threads)
        jc, rc = java_cpu.get(jname), cpu_sides[side].get(rname)
        cpu_ratio = f"{jc[0] / rc[0]:.2f}x" if jc and rc and jc[0] and rc[0] else "-"
        if kind == "faster":
            target_text = f">= {target:g}x" if target is not None else ""
            ok = ratio is not None and target is not None and ratio >= target
        else:
            target_text = f"<= {target:,} B" if target is not None else ""
            ok = j is not None and target is not None and j[0] <= target
        if target is None:
            verdict = "(info)"
        elif ratio is None and kind == "faster":
            verdict = "n/a"
        elif ok:
            verdict = "PASS"
        elif kind == "faster":
            verdict = f"FAIL ({ratio / target:.0%} of target)"
        else:
            verdict = f"FAIL ({j[0] / target:.0%} of limit)"
        lines.append((label, fmt(j[0] if j else None, unit), ref_label,
                      f"{ratio:.2f}x" if ratio is not None else "-", cpu_ratio, target_text, verdict))
    widths = [max(len(str(row[i])) for row in [header] + lines) for i in range(len(header))]
    def show(row):
        return "  ".join(str(cell).ljust(w) if i == 0 or i >= 5 else str(cell).rjust(w)
                         for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
    print()
    print(show(header))
    print("  ".join("-" * w for w in widths))
    for row in lines:
        print(show(row))
    print()
    print("Java: median of the measured rounds (after warmup rounds); Python: Trio "
          "on /usr/bin/python3, same workloads. Ratio = Java / reference; the target applies to it.\n"
          "CPU ratio: the same of the figures per second of process CPU time (all threads of each process),\n"
          "steadier than wall-clock when other work shares the machine.")
    seen = []
    for line in loads(argv[0]) + loads(argv[1]):
        if line not in seen:
            seen.append(line)
    if seen:
        print("Load averages (1, 5, 15 min) during the run: " + "; ".join(" ".join(l.split()[:3]) for l in seen))


if __name__ == "__main__":
    main(sys.argv[1:])
