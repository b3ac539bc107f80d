#!/usr/bin/python3
"""The Python side of benchmarks/files.sh: python3-trio's trio.open_file and trio.Path on the data
directory files.sh made. Prints ``RESULT <name> <median> <unit>`` lines, as FilesBench.java does."""
import statistics
import sys
import time
from pathlib import Path

import trio

WARMUP, ROUNDS = 1, 5


async def async_lines(big):
    lines = found = 0
    async with await trio.open_file(big) as f:
        async for line in f:
            lines += 1
            found += "needle" in line
    return lines


async def async_copy(source, target):
    total = 0
    async with await trio.open_file(source, "rb") as src, await trio.open_file(target, "wb") as dst:
        while True:
            chunk = await src.read(65536)
            if not chunk:
                return total
            await dst.write(chunk)
            total += len(chunk)


async def async_stat(files, tasks):
    total = 0

    async def worker(first):
        nonlocal total
        for path in files[first::tasks]:
            total += (await trio.Path(path).stat()).st_size

    async with trio.open_nursery() as nursery:
        for t in range(tasks):
            nursery.start_soon(worker, t)
    return total


def measure(name, unit, count, round_fn, rounds=ROUNDS):
    for _ in range(WARMUP):
        round_fn()
    figures = []
    for i in range(rounds):
        start = time.perf_counter()
        round_fn()
        figures.append(count / (time.perf_counter() - start))
        print(f"{name:24} round {i + 1}: {figures[-1]:,.0f} {unit}")
    print(f"RESULT {name} {statistics.median(figures):.6g} {unit}")


def main():
    data = Path(sys.argv[1])
    big = data / "big.txt"
    small = sorted((data / "small").iterdir())
    lines = sum(1 for _ in open(big, encoding="utf-8"))
    print(f"# files_bench: trio {trio.__version__}")
    source, target = data / "copy.bin", data / "copy-python.bin"
    megabytes = source.stat().st_size / 1e6
    measure("files-copy", "MB/s", megabytes, lambda: trio.run(async_copy, source, target), rounds=3)
    target.unlink()
    measure("files-stat-1", "files/s", len(small), lambda: trio.run(async_stat, small, 1))
    measure("files-stat-40", "files/s", len(small), lambda: trio.run(async_stat, small, 40))
    measure("files-lines", "lines/s", lines, lambda: trio.run(async_lines, big))


if __name__ == "__main__":
    main()
