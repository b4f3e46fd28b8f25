#!/usr/bin/env python3
"""Writes test/fixtures/mlp-golden.json: 50-step SGD trajectories of small MLPs computed by real
PyTorch (torch.nn.Sequential of nn.Linear and activations, float64, torch.optim.SGD), to check the
TypeScript tensor autodiff, the MLP model and every training backend against.

The starting weights follow the rule stated in src/core/model/mlp.ts: PyTorch's nn.Linear default
distribution, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias, drawn from NumPy's legacy
RandomState(seed) in the order W1 (row-major, out x in), b1, W2, b2, ...; the TypeScript generator
must produce exactly these (the test checks it), so both sides start from the same weights.

Run from the repository root with Debian's Python: /usr/bin/python3 scripts/golden-mlp.py
"""

import numpy as np
import torch
from golden_fixture import write_fixture
from torch_network import network

torch.set_default_dtype(torch.float64)


CASES = [
    # name, sizes input -> output, hidden activations, loss, lr, points, data seed, init seed
    ("one_input_relu_mse", [1, 8, 8, 1], ["relu", "relu"], "mse", 0.01, 30, 1, 0),
    ("one_input_tanh_sigmoid_mae", [1, 6, 5, 1], ["tanh", "sigmoid"], "mae", 0.1, 25, 2, 7),
    ("two_inputs_relu_mse", [2, 16, 8, 1], ["relu", "relu"], "mse", 0.02, 40, 3, 1),
    ("two_inputs_mixed_mae", [2, 8, 8, 8, 1], ["sigmoid", "relu", "tanh"], "mae", 0.05, 36, 4, 2),
    ("one_input_four_layers_mse", [1, 4, 5, 3, 4, 1], ["relu", "identity", "tanh", "sigmoid"], "mse", 0.02, 20, 5, 3),
]
STEPS = 50


def init_weights(sizes, seed):
    """Flat parameters in layout order (see the module docstring)."""
    rng = np.random.RandomState(seed)
    flat = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1 / np.sqrt(fan_in)
        flat.append(rng.uniform(-bound, bound, fan_out * fan_in))
        flat.append(rng.uniform(-bound, bound, fan_out))
    return np.concatenate(flat)


def make_data(inputs, n, seed):
    rng = np.random.RandomState(seed)
    if inputs == 1:
        x = np.linspace(-2, 2, n).reshape(n, 1)
        y = 3 * x[:, 0] ** 2 + 2 * x[:, 0] + 1
    else:
        x = rng.uniform(-2, 2, (n, 2))
        y = 3 * x[:, 0] ** 2 + 2 * x[:, 1] + 1
    y = y + rng.normal(0, 0.5, n)
    return x, y


def flat_of(tensors):
    return np.concatenate([t.detach().numpy().reshape(-1) for t in tensors]).tolist()


def run(case):
    name, sizes, activations, loss_name, lr, n, data_seed, init_seed = case
    x, y = make_data(sizes[0], n, data_seed)
    init = init_weights(sizes, init_seed)
    model = network(sizes, activations, init)
    criterion = torch.nn.MSELoss() if loss_name == "mse" else torch.nn.L1Loss()
    optimiser = torch.optim.SGD(model.parameters(), lr=lr)
    xt = torch.from_numpy(x)
    yt = torch.from_numpy(y).reshape(n, 1)
    losses, grad0 = [], None
    for step in range(STEPS):
        optimiser.zero_grad()
        loss = criterion(model(xt), yt)
        loss.backward()
        if step == 0:
            grad0 = flat_of(p.grad for p in model.parameters())
        losses.append(loss.item())
        optimiser.step()
    with torch.no_grad():
        final_loss = criterion(model(xt), yt).item()
    return {
        "name": name,
        "sizes": sizes,
        "activations": activations,
        "loss": loss_name,
        "lr": lr,
        "seed": init_seed,
        "x": x.T.tolist(),
        "y": y.tolist(),
        "init": init.tolist(),
        "grad0": grad0,
        "losses": losses,
        "finalLoss": final_loss,
        "finalParams": flat_of(model.parameters()),
    }


def main():
    out = {"torch": torch.__version__, "steps": STEPS, "cases": [run(c) for c in CASES]}
    path = write_fixture("mlp-golden.json", out)
    print(f"wrote {path}: {len(CASES)} cases, torch {torch.__version__}")


if __name__ == "__main__":
    main()
