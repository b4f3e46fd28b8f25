"""PyTorch's value and gradient of every op of the formula language, on sample inputs including
kinks, ties, zeros and NaN: the reference the op table (src/core/formula/ops.ts) is tested against.

Run with Debian's python3-torch: /usr/bin/python3 scripts/golden-op-rules.py
Writes test/fixtures/op-rules-torch.json (float64; NaN and infinities as strings). Each op's
gradient is taken with an incoming gradient of 1, and again with +inf, -inf and 0 ("upstream"):
where torch multiplies the incoming gradient a zero factor turns inf into NaN, where it selects
(masks) the branch it drops stays an exact 0, and the table must do the same.
"""
import math

import torch
from golden_fixture import encode, write_fixture

torch.set_default_dtype(torch.float64)

UNARY = {
    "neg": lambda a: -a,
    "abs": torch.abs,
    "relu": torch.relu,
    "exp": torch.exp,
    "log": torch.log,
    "sqrt": torch.sqrt,
    "sin": torch.sin,
    "cos": torch.cos,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
}
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a**b,
    "max": torch.maximum,
    "min": torch.minimum,
    "clampMin": lambda a, b: torch.clamp(a, min=b),
    "clampMax": lambda a, b: torch.clamp(a, max=b),
}
UNARY_SAMPLES = [-2.0, -0.5, 0.0, 0.5, 2.0, math.nan, math.inf, -math.inf]
VALUES = [-1.5, 0.0, 1.0, 2.0, math.nan]
PAIRS = [(a, b) for a in VALUES for b in VALUES] + [
    (0.0, 0.0), (0.0, 2.0), (0.0, -1.0), (-2.0, 2.0), (-2.0, 0.5), (2.0, 0.5), (2.0, 3.0), (math.inf, math.inf), (-math.inf, 1.0)
]


UPSTREAM = [math.inf, -math.inf, 0.0]


def unary_grad(fn, g):
    a = torch.tensor(UNARY_SAMPLES, requires_grad=True)
    out = fn(a)
    out.backward(torch.full_like(out, g))
    return out, a.grad


def unary(op, fn):
    out, da = unary_grad(fn, 1.0)
    upstream = {encode(g): {"da": [encode(v) for v in unary_grad(fn, g)[1]]} for g in UPSTREAM}
    return {
        "op": op,
        "a": [encode(v) for v in UNARY_SAMPLES],
        "value": [encode(v) for v in out.detach()],
        "da": [encode(v) for v in da],
        "upstream": upstream,
    }


def binary_grad(fn, g):
    a = torch.tensor([p[0] for p in PAIRS], requires_grad=True)
    b = torch.tensor([p[1] for p in PAIRS], requires_grad=True)
    out = fn(a, b)
    out.backward(torch.full_like(out, g))
    return out, a, b


def binary(op, fn):
    out, a, b = binary_grad(fn, 1.0)
    upstream = {}
    for g in UPSTREAM:
        _, ga, gb = binary_grad(fn, g)
        upstream[encode(g)] = {"da": [encode(v) for v in ga.grad], "db": [encode(v) for v in gb.grad]}
    return {
        "op": op,
        "a": [encode(p[0]) for p in PAIRS],
        "b": [encode(p[1]) for p in PAIRS],
        "value": [encode(v) for v in out.detach()],
        "da": [encode(v) for v in a.grad],
        "db": [encode(v) for v in b.grad],
        "upstream": upstream,
    }


cases = [unary(op, fn) for op, fn in UNARY.items()] + [binary(op, fn) for op, fn in BINARY.items()]
target = write_fixture("op-rules-torch.json", {"torch": torch.__version__, "cases": cases})
print(f"wrote {target} (torch {torch.__version__}, {len(cases)} ops)")
