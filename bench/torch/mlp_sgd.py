#!/usr/bin/env python3
"""PyTorch CPU timing for the bench's network case (bench/torch-cpu.ts runs it): the same data and
starting weights (read from raw float64 files the bench writes), nn.Sequential of nn.Linear + ReLU,
MSE, plain SGD (zero_grad, backward, step), float32 as PyTorch trains by default, timed by
timing.py (one JSON line: steps per second, the run length, what it ran on)."""
import sys

import numpy as np
import torch
from timing import time_steps


def main(folder, sizes_text, lr):
    sizes = [int(s) for s in sizes_text.split("x")]
    xy = np.fromfile(f"{folder}/data.f64", dtype="<f8").reshape(-1, sizes[0] + 1)
    flat = np.fromfile(f"{folder}/init.f64", dtype="<f8")
    x = torch.from_numpy(xy[:, : sizes[0]].astype(np.float32))
    y = torch.from_numpy(xy[:, sizes[0] :].astype(np.float32))
    layers, offset = [], 0
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        linear = torch.nn.Linear(fan_in, fan_out)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(flat[offset : offset + fan_in * fan_out].reshape(fan_out, fan_in)))
            offset += fan_in * fan_out
            linear.bias.copy_(torch.from_numpy(flat[offset : offset + fan_out]))
            offset += fan_out
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    optimiser = torch.optim.SGD(model.parameters(), lr=lr)
    criterion = torch.nn.MSELoss()

    def steps(k):
        for _ in range(k):
            optimiser.zero_grad()
            criterion(model(x), y).backward()
            optimiser.step()

    time_steps(steps, run_seconds=1.5)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
