#!/usr/bin/env python3
"""Writes test/fixtures/lesson-golden.json: the lesson's gradient-descent loop computed in
NumPy float64 with hand-derived gradients, independent of the TypeScript engine.

The data is the lesson's (seed 42, linspace(-2, 2, 20) in float32, f in float32,
add_noise(f(x), 0.15, 0.5)), read from test/fixtures/numpy-golden.json.
Run from the repository root: python3 scripts/golden-lesson.py
"""
import json
import os

import numpy as np
from golden_fixture import write_fixture


def lesson_data():
    """The lesson's x and y as scripts/golden-numpy.py made them with NumPy (run that first)."""
    with open(os.path.join("test", "fixtures", "numpy-golden.json")) as f:
        lesson = json.load(f)["lesson"]
    return np.array(lesson["x"]), np.array(lesson["y"])


def quad_mae_and_grad(abc, x, y):
    a, b, c = abc
    pred = a * x ** 2 + b * x + c
    s = np.sign(pred - y)  # d|d|/dd with sign(0) = 0, as PyTorch's abs backward
    n = len(x)
    return np.abs(pred - y).mean(), np.array([(s * x ** 2).sum() / n, (s * x).sum() / n, s.sum() / n])


def quad_mse_and_grad(abc, x, y):
    a, b, c = abc
    d = a * x ** 2 + b * x + c - y
    n = len(x)
    return (d ** 2).mean(), np.array([(2 * d * x ** 2).sum() / n, (2 * d * x).sum() / n, (2 * d).sum() / n])


def run(loss_and_grad, x, y, lr, steps, accumulate):
    abc = np.array([1.1, 1.1, 1.1])
    grad_sum = np.zeros(3)
    rows = []
    for k in range(steps + 1):
        loss, grad = loss_and_grad(abc, x, y)
        rows.append({"step": k, "loss": loss, "params": abc.tolist(), "grad": grad.tolist()})
        grad_sum = grad_sum + grad if accumulate else grad
        abc = abc - lr * grad_sum
    return rows


def main():
    x, y = lesson_data()
    golden = {
        "x": x.tolist(),
        "y": y.tolist(),
        "mae_accumulate": run(quad_mae_and_grad, x, y, 0.01, 10, True),
        "mae_plain": run(quad_mae_and_grad, x, y, 0.01, 30, False),
        "mse_plain": run(quad_mse_and_grad, x, y, 0.01, 30, False),
    }
    path = write_fixture("lesson-golden.json", golden)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
