"""The timing loop of the bench's PyTorch scripts (formula_sgd.py, mlp_sgd.py): steps(k) makes k
SGD updates; this finds a run length that takes about run_seconds, times three runs of it and
prints one JSON line: steps per second (the median run), the run length, the run count and what
it ran on."""
import json
import time

import torch

# A warm-up step longer than this (256 ReLUs x 1M points): one timed step is the figure; more runs
# would hold the bench up for minutes without making it any more certain than the load allows.
SLOW_STEP_SECONDS = 3


def report(rate, steps, runs):
    print(json.dumps({"stepsPerSec": rate, "steps": steps, "runs": runs, "torch": torch.__version__, "threads": torch.get_num_threads()}))


def time_steps(steps, run_seconds):
    start = time.perf_counter()
    steps(1)  # warm-up
    if time.perf_counter() - start > SLOW_STEP_SECONDS:
        start = time.perf_counter()
        steps(1)
        report(1 / (time.perf_counter() - start), 1, 1)
        return
    # Double k until a run takes a quarter of run_seconds, then scale it to run_seconds.
    k = 1
    while True:
        start = time.perf_counter()
        steps(k)
        took = time.perf_counter() - start
        if took >= run_seconds / 4:
            k = max(1, round(k * run_seconds / took))
            break
        k *= 2
    rates = []
    for _ in range(3):
        start = time.perf_counter()
        steps(k)
        rates.append(k / (time.perf_counter() - start))
    rates.sort()
    report(rates[1], k, 3)
