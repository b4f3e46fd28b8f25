"""PyTorch's loss and gradient of whole formulas where an infinite local derivative meets a zero
factor or a masked branch (sqrt of |a - b| at a = b, sqrt of max(a, b) at 0, log|a| at 0, ...):
torch multiplies through products (inf · 0 = NaN) and leaves masked branches at exactly 0, and
every engine of ours must give the same (test/unit/core/formula/op-chains.test.ts).

Each formula is written once in the formula language, which is also valid Python over the names
below, so torch evaluates the very text the engines compile.

Run with Debian's python3-torch: /usr/bin/python3 scripts/golden-op-chains.py
Writes test/fixtures/op-chains-torch.json (float64; NaN and infinities as strings).
"""

import torch
from golden_fixture import encode, write_fixture

torch.set_default_dtype(torch.float64)

NAMES = {
    "sqrt": torch.sqrt,
    "abs": torch.abs,
    "log": torch.log,
    "exp": torch.exp,
    "relu": torch.relu,
    "tanh": torch.tanh,
    "max": torch.maximum,
    "min": torch.minimum,
    "clip": lambda v, min=None, max=None: torch.clamp(v, min=min, max=max),
}

CASES = [
    ("sqrt(abs(a - b)) + c*x", {"a": 1.0, "b": 1.0, "c": 1.0}),
    ("sqrt(abs(a - b)) + c*x", {"a": 1.5, "b": 1.0, "c": 1.0}),
    ("sqrt(max(a, b)) + c*x", {"a": 0.0, "b": -1.0, "c": 1.0}),
    ("sqrt(max(a, b)) + c*x", {"a": 0.0, "b": 0.0, "c": 1.0}),
    ("sqrt(min(a, b)) + c*x", {"a": 0.0, "b": 1.0, "c": 1.0}),
    ("sqrt(relu(a)) + c*x", {"a": 0.0, "c": 1.0}),
    ("sqrt(relu(a)) + c*x", {"a": -1.0, "c": 1.0}),
    ("sqrt(clip(a, min=b)) + c*x", {"a": -1.0, "b": 0.0, "c": 1.0}),
    ("sqrt(clip(a, max=b)) + c*x", {"a": 1.0, "b": 0.0, "c": 1.0}),
    ("log(abs(a)) + c*x", {"a": 0.0, "c": 1.0}),
    ("sqrt(a*b) + c*x", {"a": 0.0, "b": 0.0, "c": 1.0}),
    ("sqrt(a*b) + c*x", {"a": 0.0, "b": 2.0, "c": 1.0}),
    ("sqrt(a**2) + c*x", {"a": 0.0, "c": 1.0}),
    ("sqrt(a - b) + c*x", {"a": 1.0, "b": 1.0, "c": 1.0}),
    ("1/a + c*x", {"a": 0.0, "c": 1.0}),
    ("a*sqrt(abs(x - b)) + c", {"a": 1.0, "b": 2.0, "c": 1.0}),
    ("sqrt(abs(a*x)) + b", {"a": 0.0, "b": 1.0}),
    ("sqrt(relu(a*x + b)) + c", {"a": 1.0, "b": 0.0, "c": 1.0}),
    ("a*abs(x) + b*x + c", {"a": 1.0, "b": 1.0, "c": 1.0}),
    ("tanh(a/b) + c*x", {"a": 1.0, "b": 0.0, "c": 1.0}),
    ("exp(-abs(a)) * x + sqrt(abs(b - c))", {"a": 0.0, "b": 2.0, "c": 2.0}),
]


# 21 points on [-2, 2] in float64, so x = 0 and x = 2 are data points (kinks land on them).
x = torch.linspace(-2.0, 2.0, 21)
y = 3 * x**2 + 2 * x + 1
out = []
for loss_name in ("mae", "mse"):
    for formula, init in CASES:
        params = {k: torch.tensor(v, requires_grad=True) for k, v in init.items()}
        pred = eval(formula, {"__builtins__": {}}, {**NAMES, **params, "x": x})
        residual = pred - y
        loss = residual.abs().mean() if loss_name == "mae" else (residual**2).mean()
        loss.backward()
        out.append(
            {
                "formula": formula,
                "loss": loss_name,
                "params": init,
                "value": encode(loss.detach()),
                "grad": {k: encode(p.grad) for k, p in params.items()},
            }
        )

fixture = {"torch": torch.__version__, "x": [float(v) for v in x], "y": [float(v) for v in y], "cases": out}
target = write_fixture("op-chains-torch.json", fixture)
print(f"wrote {target} (torch {torch.__version__}, {len(out)} cases)")
