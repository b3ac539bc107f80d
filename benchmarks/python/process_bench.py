"""Subprocesses with python3-trio, the same work as ProcessBench.java: round trips of `true` with
trio.run_process, and 100 MB piped through cat in 1 MiB writes while another task reads.
Prints RESULT <name> <median> <unit> lines."""
import statistics
import subprocess
import time

import trio

ROUNDS = 5
TRUES = 300
PIPED = 100 * 1000 * 1000
WRITE = 1 << 20


async def run_true():
    start = time.perf_counter()
    for _ in range(TRUES):
        await trio.run_process(["true"])
    return TRUES / (time.perf_counter() - start)


async def run_cat():
    start = time.perf_counter()
    total = 0
    proc = await trio.lowlevel.open_process(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    async def feed():
        block = bytes(WRITE)
        sent = 0
        while sent < PIPED:
            await proc.stdin.send_all(block)
            sent += WRITE
        await proc.stdin.aclose()

    async with trio.open_nursery() as nursery:
        nursery.start_soon(feed)
        while True:
            chunk = await proc.stdout.receive_some(65536)
            if not chunk:
                break
            total += len(chunk)
    await proc.wait()
    return total / 1e6 / (time.perf_counter() - start)


def measure(name, unit, fn):
    trio.run(fn)  # warm-up
    figures = []
    for i in range(ROUNDS):
        figures.append(trio.run(fn))
        print("%-24s round %d: %s %s" % (name, i + 1, format(figures[-1], ",.1f"), unit))
    print("RESULT %s %.6g %s" % (name, statistics.median(figures), unit))


print("# process_bench.py: trio %s" % trio.__version__)
measure("process-true", "runs/s", run_true)
measure("process-cat", "MB/s", run_cat)
