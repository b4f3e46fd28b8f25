#!/usr/bin/env python3
"""PyTorch CPU timing for the bench's network case (bench/torch-cpu.ts runs it): the same data and
starting weights (read from raw float64 files the bench writes), nn.Sequential of nn.Linear + ReLU,
MSE, plain SGD (zero_grad, backward, step), float32 as PyTorch trains by default, timed by
timing.py (one JSON line: steps per second, the run length, what it ran on)."""
import sys
from pathlib import Path

import numpy as np
import torch
from timing import time_steps

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from torch_network import network  # noqa: E402 (scripts/ holds the one network builder)


def main(folder, sizes_text, lr):
    sizes = [int(s) for s in sizes_text.split("x")]
    xy = np.fromfile(f"{folder}/data.f64", dtype="<f8").reshape(-1, sizes[0] + 1)
    flat = np.fromfile(f"{folder}/init.f64", dtype="<f8")
    x = torch.from_numpy(xy[:, : sizes[0]].astype(np.float32))
    y = torch.from_numpy(xy[:, sizes[0] :].astype(np.float32))
    model = network(sizes, ["relu"] * (len(sizes) - 2), flat)
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
