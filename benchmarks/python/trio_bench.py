#!/usr/bin/python3
"""The Python side of the Trio for Java benchmarks: the same workloads as
benchmarks/src/main/java/org/triojava/benchmarks/Bench.java, on Python's Trio.

Run with Debian's interpreter, which has python3-trio:  /usr/bin/python3 trio_bench.py [--quick] [name...]
Each benchmark prints a line per round and one machine-readable line
``RESULT <name> <median> <unit>`` that benchmarks/run.sh reads.
"""
import ctypes
import gc
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc

import trio
import trio.testing


def per_second(count, seconds):
    return count / seconds


class Section:
    """A timed section: its wall-clock seconds; also keeps the wall-clock and process CPU seconds
    (all threads) of the last section that ended, for the figure per CPU-second."""
    last_wall = 0.0
    last_cpu = 0.0

    def __init__(self):
        self.start_cpu = time.process_time()
        self.start = time.perf_counter()

    def end(self):
        wall = time.perf_counter() - self.start
        Section.last_cpu = time.process_time() - self.start_cpu
        Section.last_wall = wall
        return wall


# ---------------------------------------------------------------- 1. task switches

async def _switch_main(n, out):
    async def worker():
        checkpoint = trio.lowlevel.checkpoint
        for _ in range(n):
            await checkpoint()

    section = Section()
    async with trio.open_nursery() as nursery:
        nursery.start_soon(worker)
        nursery.start_soon(worker)
    out.append(section.end())


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
    section = Section()
    async with trio.open_nursery() as nursery:
        for _ in range(count):
            nursery.start_soon(child)
    out.append(section.end())


def spawn_join(count, checkpoint):
    out = []
    trio.run(_spawn_main, count, _one_checkpoint if checkpoint else _nothing, out)
    return per_second(count, out[0])


# ---------------------------------------------------------------- 3. memory per sleeping task

class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


def _pymalloc_allocated_bytes():
    """Bytes in pymalloc's allocated blocks (objects up to 512 bytes), from sys._debugmallocstats,
    which writes to the C stderr: capture file descriptor 2."""
    with tempfile.TemporaryFile() as captured:
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            os.dup2(captured.fileno(), 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        captured.seek(0)
        text = captured.read().decode()
    match = re.search(r"# bytes in allocated blocks\s*=\s*([\d,]+)", text)
    return int(match.group(1).replace(",", ""))


def heap_used_bytes():
    """Python's counterpart of Java's heap used after GC: after gc.collect(), the bytes in live
    pymalloc blocks plus the bytes glibc's malloc has handed out (bigger objects, frames' data).
    Unlike the resident set size, this does not count free memory the allocators keep."""
    gc.collect()
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    return _pymalloc_allocated_bytes() + info.uordblks + info.hblkhd


async def _sleep_long():
    await trio.sleep(1e9)


async def _wait_until_all_blocked():
    # Not "checkpoint until current_statistics().tasks_runnable == 0": Trio reverses half of its
    # batches at random, and tasks of the running batch do not count as runnable.
    await trio.testing.wait_all_tasks_blocked()


async def _heap_main(count, sleeper, use_tracemalloc):
    def used():
        if use_tracemalloc:
            gc.collect()
            return tracemalloc.get_traced_memory()[0]
        return heap_used_bytes()

    baseline = used()
    async with trio.open_nursery() as nursery:
        for _ in range(count):
            nursery.start_soon(sleeper)
        await _wait_until_all_blocked()
        living = trio.lowlevel.current_statistics().tasks_living
        assert living >= count, living
        print(f"HEAP {(used() - baseline) / count}", flush=True)
        # tearing a million tasks down takes Python over a minute: the parent does not wait for it
        os._exit(0)


def heap_child(count, forever, use_tracemalloc):
    if use_tracemalloc:
        tracemalloc.start()
    trio.run(_heap_main, count, trio.sleep_forever if forever else _sleep_long, use_tracemalloc)


def heap_per_sleeper(count, forever):
    """Heap bytes per sleeping task (allocator statistics; tracemalloc's count instead with
    TRIO_BENCH_TRACEMALLOC=1, which makes spawning ten times slower), measured in a child process
    that exits right after measuring."""
    args = [sys.executable, os.path.abspath(__file__), "--heap-child", str(count), "forever" if forever else "sleep"]
    if os.environ.get("TRIO_BENCH_TRACEMALLOC") == "1":
        args.append("tracemalloc")
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return float(out.split("HEAP ", 1)[1].split()[0])


# ---------------------------------------------------------------- 4. cancellation

async def _cancel_main(count, out):
    async with trio.open_nursery() as nursery:
        for _ in range(count):
            nursery.start_soon(_sleep_long)
        await _wait_until_all_blocked()
        section = Section()
        nursery.cancel_scope.cancel()
    out.append(section.end())


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
    section = Section()
    async with trio.open_nursery() as nursery:
        for i in range(count):
            nursery.start_soon(_timeout_task, 0.001 * (i + 1) / count, fired)
    out.append(section.end())


def timeouts(count):
    """`count` tasks, each move_on_after(distinct timeout within 1 ms) around sleep_forever;
    timed from the first spawn until the nursery has exited."""
    out = []
    fired = [0]
    trio.run(_timeouts_main, count, out, fired)
    assert fired[0] == count, fired
    return per_second(count, out[0])


# ---------------------------------------------------------------- 5. memory channels (issue 4)

async def _producer(send, first, end):
    async with send:
        for i in range(first, end):
            await send.send(i)


async def _consumer(receive, received):
    async with receive:
        n = 0
        async for _ in receive:
            n += 1
        received[0] += n


async def _channel_main(pairs, buffer, count, out, received):
    send, receive = trio.open_memory_channel(buffer)
    section = Section()
    async with trio.open_nursery() as nursery:
        async with send, receive:
            for p in range(pairs):
                nursery.start_soon(_producer, send.clone(), p * (count // pairs), (p + 1) * (count // pairs))
            for _ in range(pairs):
                nursery.start_soon(_consumer, receive.clone(), received)
    out.append(section.end())


def channel(pairs, buffer, count):
    """`pairs` producers and `pairs` consumers on clones of one open_memory_channel(buffer)'s
    handles; `count` integers in all; timed from opening the nursery until it has exited."""
    out = []
    received = [0]
    trio.run(_channel_main, pairs, buffer, count, out, received)
    sent = pairs * (count // pairs)
    assert received[0] == sent, (received[0], sent)
    return per_second(sent, out[0])


# ---------------------------------------------------------------- 6. lock hand-off (issue 4)

async def _lock_main(tasks, count, out, acquired):
    lock = trio.Lock()
    checkpoint = trio.lowlevel.checkpoint

    async def worker():
        for _ in range(count):
            async with lock:
                acquired[0] += 1
                await checkpoint()

    section = Section()
    async with trio.open_nursery() as nursery:
        for _ in range(tasks):
            nursery.start_soon(worker)
    out.append(section.end())


def lock_handoff(tasks, count):
    """`tasks` tasks each taking one trio.Lock `count` times with a checkpoint inside;
    acquisitions per second."""
    out = []
    acquired = [0]
    trio.run(_lock_main, tasks, count, out, acquired)
    assert acquired[0] == tasks * count, acquired
    return per_second(acquired[0], out[0])


# ---------------------------------------------------------------- 7. to_thread round trip (issue 4)

def _identity(value):
    return value


async def _to_thread_main(count, out, total):
    run_sync = trio.to_thread.run_sync
    section = Section()
    for i in range(count):
        total[0] += await run_sync(_identity, i)
    out.append(section.end())


def to_thread(count):
    """One task calling trio.to_thread.run_sync on a trivial function `count` times in a row."""
    out = []
    total = [0]
    trio.run(_to_thread_main, count, out, total)
    assert total[0] == count * (count - 1) // 2, total
    return per_second(count, out[0])


# ---------------------------------------------------------------- harness

def specs(quick):
    def n(full, small):
        return small if quick else full
    return {
        "switch": ("switches/s", 1, n(5, 2), lambda: task_switch(n(200_000, 20_000))),
        "spawn": ("tasks/s", 1, n(5, 2), lambda: spawn_join(100_000, False)),
        "spawn-checkpoint": ("tasks/s", 1, n(3, 2), lambda: spawn_join(100_000, True)),
        "cancel": ("tasks/s", n(0, 1), 3, lambda: cancel_sleepers(100_000)),
        "timeouts": ("tasks/s", n(0, 1), 3, lambda: timeouts(100_000)),
        "heap": ("bytes/task", 0, 1, lambda: heap_per_sleeper(n(1_000_000, 100_000), False)),
        "heap-forever": ("bytes/task", 0, 1, lambda: heap_per_sleeper(n(1_000_000, 100_000), True)),
        # issue 4: channels, locks, threads
        "channel-1x1-0": ("msgs/s", 1, n(5, 2), lambda: channel(1, 0, n(30_000, 3_000))),
        "channel-1x1-100": ("msgs/s", 1, n(5, 2), lambda: channel(1, 100, n(30_000, 3_000))),
        "channel-4x4-0": ("msgs/s", 1, n(5, 2), lambda: channel(4, 0, n(30_000, 3_000))),
        "channel-4x4-100": ("msgs/s", 1, n(5, 2), lambda: channel(4, 100, n(30_000, 3_000))),
        "lock": ("handoffs/s", 1, n(5, 2), lambda: lock_handoff(10, n(3_000, 300))),
        "to-thread": ("calls/s", 1, n(5, 2), lambda: to_thread(n(3_000, 300))),
    }


def settle():
    gc.collect()
    time.sleep(0.05)


def measure(name, spec):
    unit, warmup, rounds, run = spec
    for i in range(warmup):
        settle()
        print(f"{name:<16} warmup {i + 1}: {run():,.0f} {unit}", flush=True)
    rate = unit.endswith("/s")
    values = []
    cpu_values = []
    for i in range(rounds):
        settle()
        Section.last_wall = 0.0
        values.append(run())
        # the same figure per second of process CPU time, steadier than wall-clock on a shared machine
        cpu_values.append(values[-1] * Section.last_wall / Section.last_cpu
                          if rate and Section.last_wall > 0 and Section.last_cpu > 0 else 0.0)
        per_cpu = f" ({cpu_values[-1]:,.0f} per CPU-second)" if rate else ""
        print(f"{name:<16} round  {i + 1}: {values[-1]:,.0f} {unit}{per_cpu}", flush=True)
    median = statistics.median(values)
    print(f"{name:<16} median {median:,.0f} {unit} (min {min(values):,.0f}, max {max(values):,.0f},"
          f" {len(values)} rounds)")
    print(f"RESULT {name} {median:.6g} {unit}", flush=True)
    if rate:
        print(f"CPURESULT {name} {statistics.median(cpu_values):.6g} {unit}", flush=True)


def main(argv):
    if argv[:1] == ["--heap-child"]:
        heap_child(int(argv[1]), argv[2] == "forever", argv[3:] == ["tracemalloc"])
        return
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
