#!/usr/bin/env python3
"""Writes test/fixtures/numpy-golden.json: reference draws from NumPy's legacy RandomState
real torch.linspace (float32) and the lesson's noisy data, for the TypeScript port in src/core/data/rng.ts and src/core/data/generate.ts.

Run from the repository root with Debian's python3-numpy and python3-torch:
  /usr/bin/python3 scripts/golden-numpy.py
"""

import numpy as np
import torch
from golden_fixture import write_fixture

torch.set_num_threads(1)

SEEDS = [0, 1, 42, 5489, 123456789, 4294967295]
LINSPACES = [(-2.1, 2.1, 100), (-0.5, 0.5, 11), (0, 1, 7), (3, -1, 6), (0.001, 1000, 5), (-2, 2, 1)]


def mt19937_outputs(key, pos, count):
    """Plain-Python MT19937 from a state vector: an independent check of random_raw."""
    mt = [int(v) for v in key]
    out = []
    for _ in range(count):
        if pos >= 624:
            for k in range(624):
                y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7FFFFFFF)
                mt[k] = mt[(k + 397) % 624] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
            pos = 0
        y = mt[pos]
        pos += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        out.append(y & 0xFFFFFFFF)
    return out


def raw_uint32(seed, count):
    rs = np.random.RandomState(seed)
    _, key, pos, _, _ = rs.get_state()
    expected = mt19937_outputs(key, pos, count)
    # The legacy generator's bit generator is MT19937; random_raw returns its raw 32-bit outputs.
    raw = [int(v) for v in rs._bit_generator.random_raw(count)]
    assert raw == expected, f"random_raw disagrees with the reference MT19937 for seed {seed}"
    return raw


def torch_linspace(start, end, steps):
    """The lesson's x: real torch.linspace, float32 on the CPU (one thread, see golden-torch-linspace.py)."""
    return torch.linspace(start, end, steps=steps, dtype=torch.float32)


def lesson_data():
    # The lesson's code as it stands (notebook chapter 2): a float32 torch tensor, NumPy noise;
    # tensor * float64 array promotes to float64.
    def f(x):
        return 3 * x**2 + 2 * x + 1

    def noise(x, scale):
        return np.random.normal(scale=scale, size=x.shape)

    def add_noise(x, mult, add):
        return x * (1 + noise(x, mult)) + noise(x, add)

    np.random.seed(42)
    x = torch_linspace(-2, 2, 20)[:, None]
    fx = f(x)
    assert fx.dtype == torch.float32
    y = add_noise(fx, 0.15, 0.5)
    assert y.dtype == torch.float64
    return {"x": [float(v) for v in x[:, 0]], "fx": [float(v) for v in fx[:, 0]], "y": [float(v) for v in y[:, 0]]}


def main():
    seeds = []
    for seed in SEEDS:
        entry = {"seed": seed, "uint32": raw_uint32(seed, 10)}
        rs = np.random.RandomState(seed)
        entry["random_sample"] = [float(v) for v in rs.random_sample(10)]
        rs = np.random.RandomState(seed)
        entry["standard_normal"] = [float(v) for v in rs.standard_normal(11)]
        rs = np.random.RandomState(seed)
        entry["normal_3_0.5"] = [float(v) for v in rs.normal(3, 0.5, 7)]
        rs = np.random.RandomState(seed)
        entry["uniform_-1_2"] = [float(v) for v in rs.uniform(-1, 2, 5)]
        seeds.append(entry)

    golden = {
        "numpy_version": np.__version__,
        "torch_version": torch.__version__,
        "seeds": seeds,
        "linspace_f32": [{"start": a, "end": b, "steps": n, "values": [float(v) for v in torch_linspace(a, b, n)]}
                         for a, b, n in LINSPACES],
        "lesson": {"seed": 42, "fn": "3*x**2 + 2*x + 1", "min": -2, "max": 2, "n": 20,
                   "mult": 0.15, "add": 0.5, **lesson_data()},
    }
    path = write_fixture("numpy-golden.json", golden)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
