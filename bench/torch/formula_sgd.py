#!/usr/bin/env python3
"""PyTorch CPU timing for the bench's formula cases (bench/torch-cpu.ts runs it): the lesson's
quadratic a*x**2 + b*x + c, and the sum of N ReLUs relu(x[:, None]*m + b).sum(1) as the notebook
writes it with broadcasting. The same data and starting values (raw float64 files the bench
writes), MAE, plain SGD (zero_grad, backward, step), float32 as PyTorch trains by default. Prints
one JSON line: steps per second (median of timed runs), the run length, and what it ran on."""
import json
import sys
import time

import numpy as np
import torch


def main(folder, kind, lr):
    xy = np.fromfile(f"{folder}/data.f64", dtype="<f8").reshape(-1, 2)
    init = np.fromfile(f"{folder}/init.f64", dtype="<f8")
    x = torch.from_numpy(xy[:, 0].astype(np.float32))
    y = torch.from_numpy(xy[:, 1].astype(np.float32))
    if kind == "quadratic":
        params = [torch.tensor(float(v), dtype=torch.float32, requires_grad=True) for v in init]
        a, b, c = params

        def predict():
            return a * x**2 + b * x + c

    elif kind == "relus":
        units = init.size // 2
        m = torch.tensor(init[:units].astype(np.float32), requires_grad=True)
        b = torch.tensor(init[units:].astype(np.float32), requires_grad=True)
        params = [m, b]
        column = x[:, None]

        def predict():
            return torch.relu(column * m + b).sum(1)

    else:
        raise SystemExit(f"unknown kind {kind}")
    optimiser = torch.optim.SGD(params, lr=lr)

    def steps(k):
        for _ in range(k):
            optimiser.zero_grad()
            (predict() - y).abs().mean().backward()
            optimiser.step()

    start = time.perf_counter()
    steps(1)  # warm-up
    if time.perf_counter() - start > 3:
        # A step of several seconds (256 ReLUs x 1M points): one timed step is the figure; more would
        # hold the bench up for minutes without making it any more certain than the load allows.
        start = time.perf_counter()
        steps(1)
        rate = 1 / (time.perf_counter() - start)
        print(json.dumps({"stepsPerSec": rate, "steps": 1, "runs": 1, "torch": torch.__version__, "threads": torch.get_num_threads()}))
        return
    k = 1
    while True:
        start = time.perf_counter()
        steps(k)
        took = time.perf_counter() - start
        if took >= 0.2:
            k = max(1, round(k * 0.8 / took))
            break
        k *= 2
    rates = []
    for _ in range(3):
        start = time.perf_counter()
        steps(k)
        rates.append(k / (time.perf_counter() - start))
    rates.sort()
    print(json.dumps({"stepsPerSec": rates[1], "steps": k, "runs": 3, "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
