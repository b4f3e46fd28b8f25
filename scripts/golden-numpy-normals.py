#!/usr/bin/env python3
"""Writes test/fixtures/numpy-normals.json: a compact fingerprint of 10^6 standard normal draws
from NumPy's legacy RandomState, for the test of src/core/data/rng.ts.

NumPy's legacy normal is the polar Box-Muller method; its one transcendental step is the C
library's log. glibc's log is not correctly rounded in a few cases in 10,000; the TypeScript
port uses a correctly rounded log (src/core/data/correct-log.ts). So this script
  1. takes NumPy's own 10^6 draws (real NumPy),
  2. replays the polar method in Python on NumPy's uniform doubles with math.log (the same C
     log) and checks that it reproduces NumPy's draws exactly (so the replay is faithful),
  3. replays it again with a correctly rounded log (decimal, 40 digits), and
  4. writes the SHA-256 of both sequences and every draw where they differ.

Run from the repository root with Debian's python3-numpy:  /usr/bin/python3 scripts/golden-numpy-normals.py
"""
import hashlib
import math
import struct
from decimal import Decimal, getcontext

import numpy as np
from golden_fixture import write_fixture

getcontext().prec = 40
COUNT = 1_000_000
SEEDS = [42, 2026]


def correct_log(v):
    return float(Decimal(v).ln())


def replay(seed, count, log):
    uniforms = np.random.RandomState(seed).random_sample(3 * count)  # enough: acceptance is pi/4
    out = []
    k = 0
    while len(out) < count:
        while True:
            x1 = 2.0 * float(uniforms[k]) - 1.0
            x2 = 2.0 * float(uniforms[k + 1]) - 1.0
            k += 2
            r2 = x1 * x1 + x2 * x2
            if r2 < 1.0 and r2 != 0.0:
                break
        f = math.sqrt(-2.0 * log(r2) / r2)
        out.append(f * x2)
        out.append(f * x1)
    return out[:count]


def sha256(values):
    return hashlib.sha256(struct.pack('<%dd' % len(values), *values)).hexdigest()


def main():
    entries = []
    for seed in SEEDS:
        numpy_draws = [float(v) for v in np.random.RandomState(seed).standard_normal(COUNT)]
        assert replay(seed, COUNT, math.log) == numpy_draws, 'the replay does not reproduce NumPy'
        correct = replay(seed, COUNT, correct_log)
        differ = [{'index': i, 'numpy': numpy_draws[i], 'correct_log': correct[i]} for i in range(COUNT) if numpy_draws[i] != correct[i]]
        entries.append({
            'seed': seed,
            'count': COUNT,
            'sha256_numpy': sha256(numpy_draws),
            'sha256_correct_log': sha256(correct),
            'first': numpy_draws[:8],
            'differ': differ,
        })
        print(f'seed {seed}: {COUNT - len(differ)} of {COUNT} draws equal with a correctly rounded log')
    path = write_fixture('numpy-normals.json', {'numpy_version': np.__version__, 'seeds': entries})
    print(f'wrote {path}')


if __name__ == '__main__':
    main()
