#!/usr/bin/python3
"""The Python side of the Trio for Java benchmarks: the same workloads as
benchmarks/src/main/java/org/triojava/benchmarks/Bench.java, on Python's Trio.

Run with Debian's interpreter, which has python3-trio:  /usr/bin/python3 trio_bench.py [--quick] [name...]
Each benchmark prints a line per round and one machine-readable line
``RESULT <name> <median> <unit>`` that benchmarks/run.sh reads.
"""
import gc
import statistics
import sys
import time
import tracemalloc

import trio


def per_second(count, seconds):
    return count / seconds


# ---------------------------------------------------------------- 1. task switches

async def _switch_main(n, out):
    async def worker():
        checkpoint = trio.lowlevel.checkpoint
        for _ in range(n):
            await checkpoint()

    start = time.perf_counter()
    async with trio.open_nursery() as nursery:
        nursery.start_soon(worker)
        nursery.start_soon(worker)
    out.append(time.perf_counter() - start)


def task_switch(n):
    """Two tasks alternate at checkpoints, n each: 2n switches."""
    out = []
    trio.run(_switch_main, n, out)
    return per_second(2 * n, out[0])


# ---------------------------------------------------------------- 2. spawn + join

async def _nothing():
    pass


async def _one_checkpoint():
    await trio.lowlevel.checkpoint()


async def _spawn_main(count, child, out):
    start = time.perf_counter()
    async with trio.open_nursery() as nursery:
        for _ in range(count):
            nursery.start_soon(child)
    out.append(time.perf_counter() - start)


def spawn_join(count, checkpoint):
    out = []
    trio.run(_spawn_main, count, _one_checkpoint if checkpoint else _nothing, out)
    return per_second(count, out[0])


# ---------------------------------------------------------------- 3. heap per sleeping task

async def _sleep_long():
    await trio.sleep(1e9)


async def _wait_until_all_blocked():
    while True:
        await trio.lowlevel.checkpoint()
        if trio.lowlevel.current_statistics().tasks_runnable == 0:
            return


async def _heap_main(count, sleeper, out):
    gc.collect()
    baseline = tracemalloc.get_traced_memory()[0]
    async with trio.open_nursery() as nursery:
        for _ in range(count):
            nursery.start_soon(sleeper)
        await _wait_until_all_blocked()
        living = trio.lowlevel.current_statistics().tasks_living
        assert living >= count, living
        gc.collect()
        used = tracemalloc.get_traced_memory()[0]
        out.append((used - baseline) / count)
        nursery.cancel_scope.cancel()


def heap_per_sleeper(count, forever):
    """tracemalloc's count of the bytes Python allocated and still holds, per sleeping task."""
    out = []
    tracemalloc.start()
    try:
        trio.run(_heap_main, count, trio.sleep_forever if forever else _sleep_long, out)
    finally:
        tracemalloc.stop()
    return out[0]


# ---------------------------------------------------------------- 4. cancellation

async def _cancel_main(count, out):
    async with trio.open_nursery() as nursery:
        for _ in range(count):
            nursery.start_soon(_sleep_long)
        await _wait_until_all_blocked()
        start = time.perf_counter()
        nursery.cancel_scope.cancel()
    out.append(time.perf_counter() - start)


def cancel_sleepers(count):
    """Timed from cancelling the nursery of `count` sleepers until it has exited."""
    out = []
    trio.run(_cancel_main, count, out)
    return per_second(count, out[0])


async def _timeout_task(timeout, fired):
    with trio.move_on_after(timeout) as scope:
        await trio.sleep_forever()
    if scope.cancelled_caught:
        fired[0] += 1


async def _timeouts_main(count, out, fired):
    start = time.perf_counter()
    async with trio.open_nursery() as nursery:
        for i in range(count):
            nursery.start_soon(_timeout_task, 0.001 * (i + 1) / count, fired)
    out.append(time.perf_counter() - start)


def timeouts(count):
    """`count` tasks, each move_on_after(distinct timeout within 1 ms) around sleep_forever;
    timed from the first spawn until the nursery has exited."""
    out = []
    fired = [0]
    trio.run(_timeouts_main, count, out, fired)
    assert fired[0] == count, fired
    return per_second(count, out[0])


# ---------------------------------------------------------------- harness

def specs(quick):
    def n(full, small):
        return small if quick else full
    return {
        "switch": ("switches/s", n(1, 1), n(5, 2), lambda: task_switch(n(200_000, 20_000))),
        "spawn": ("tasks/s", n(1, 1), n(5, 2), lambda: spawn_join(100_000, False)),
        "spawn-checkpoint": ("tasks/s", n(1, 1), n(5, 2), lambda: spawn_join(100_000, True)),
        "cancel": ("tasks/s", n(1, 1), n(5, 2), lambda: cancel_sleepers(100_000)),
        "timeouts": ("tasks/s", n(1, 1), n(5, 2), lambda: timeouts(100_000)),
        "heap": ("bytes/task", 0, 1, lambda: heap_per_sleeper(n(1_000_000, 100_000), False)),
        "heap-forever": ("bytes/task", 0, 1, lambda: heap_per_sleeper(n(1_000_000, 100_000), True)),
    }


def settle():
    gc.collect()
    time.sleep(0.05)


def measure(name, spec):
    unit, warmup, rounds, run = spec
    for i in range(warmup):
        settle()
        print(f"{name:<16} warmup {i + 1}: {run():,.0f} {unit}", flush=True)
    values = []
    for i in range(rounds):
        settle()
        values.append(run())
        print(f"{name:<16} round  {i + 1}: {values[-1]:,.0f} {unit}", flush=True)
    median = statistics.median(values)
    print(f"{name:<16} median {median:,.0f} {unit} (min {min(values):,.0f}, max {max(values):,.0f},"
          f" {len(values)} rounds)")
    print(f"RESULT {name} {median:.6g} {unit}", flush=True)


def main(argv):
    quick = "--quick" in argv
    names = [a for a in argv if not a.startswith("-")]
    table = specs(quick)
    unknown = [n for n in names if n not in table]
    if unknown:
        sys.exit(f"unknown benchmark(s) {unknown}; known: {list(table)}")
    print(f"# Python Trio benchmarks: Python {sys.version.split()[0]}, trio {trio.__version__}"
          f"{' (quick)' if quick else ''}", flush=True)
    for name in names or list(table):
        measure(name, table[name])


if __name__ == "__main__":
    main(sys.argv[1:])
