#!/usr/bin/env python3
"""Writes test/fixtures/torch-linspace.json: torch.linspace(start, end, steps) in float32 on the
CPU, straight from real PyTorch, for the bit-for-bit emulation in src/core/data/linspace.ts.

One thread (torch.set_num_threads(1)): above 32,768 points torch splits the range between
threads, and each thread's chunk restarts the 16-element blocking, so the result would depend on
the machine's thread count. Up to 32,768 points there is one chunk whatever the thread count.

Run from the repository root with Debian's python3-torch:  /usr/bin/python3 scripts/golden-torch-linspace.py
"""
import random
import struct

import torch
from golden_fixture import write_fixture

torch.set_num_threads(1)


def f32_bits(value):
    return struct.unpack('<I', struct.pack('<f', value))[0]


def configs():
    out = []
    for n in range(1, 101):
        out.append((-2.0, 2.0, n))
    for n in range(1, 66):
        out.append((0.0, 1.0, n))
        out.append((-2.1, 2.1, n))
    for n in (17, 20, 21, 31, 32, 33, 47, 48, 49, 63, 64, 65, 100, 101, 255, 256, 257, 1001):
        for start, end in ((-2.0, 2.0), (0.1, 0.7), (3.0, -1.0), (-1e-3, 1e-3), (1e-3, 1e3), (-7.3, 11.9), (-3.4e38, 3.4e38)):
            out.append((start, end, n))
    out += [(-2.0, 2.0, 4097), (0.1, 0.7, 4097), (-2.0, 2.0, 32768)]
    rnd = random.Random(20261201)
    for _ in range(300):
        n = rnd.choice([rnd.randint(2, 40), rnd.randint(2, 100), rnd.randint(2, 300)])
        a = rnd.uniform(-10, 10) * 10 ** rnd.randint(-3, 3)
        b = rnd.uniform(-10, 10) * 10 ** rnd.randint(-3, 3)
        out.append((a, b, n))
    return out


def main():
    cases = []
    for start, end, n in configs():
        values = torch.linspace(start, end, steps=n, dtype=torch.float32)
        # Float32 bit patterns, hex, joined: compact, and exact without any parsing question.
        bits = ''.join('%08x' % f32_bits(float(v)) for v in values.tolist())
        cases.append({'start': start, 'end': end, 'n': n, 'f32_hex': bits})
    data = {'torch_version': torch.__version__, 'cpu_capability': 'AVX2', 'threads': 1, 'cases': cases}
    path = write_fixture('torch-linspace.json', data, indent=0)
    print(f'{path}: {len(cases)} configurations')


if __name__ == '__main__':
    main()
