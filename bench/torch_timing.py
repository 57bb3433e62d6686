"""Shared by the PyTorch references of the benchmarks: timing calls and the one JSON line they print."""
import json
import time

import torch


def time_calls(f, n, warmup=0):
    """Calls f warmup times, then n times; returns the n wall times in ms."""
    for _ in range(warmup):
        f()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def report(times, **extra):
    """Prints the line the TypeScript side reads: torch version, threads, per-step ms, and any extra fields."""
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "ms": times, **extra}))
