#!/usr/bin/env python3
"""PyTorch CPU timing for the bench's formula cases (bench/torch-cpu.ts runs it): the lesson's
quadratic a*x**2 + b*x + c, and the sum of N ReLUs relu(x[:, None]*m + b).sum(1) as the notebook
writes it with broadcasting. The same data and starting values (raw float64 files the bench
writes), MAE, plain SGD (zero_grad, backward, step), float32 as PyTorch trains by default, timed
by timing.py (one JSON line: steps per second, the run length, what it ran on)."""
import sys

import numpy as np
import torch
from timing import time_steps


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

    time_steps(steps, run_seconds=0.8)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
