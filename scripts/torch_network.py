"""The network of src/core/model/mlp.ts in PyTorch: nn.Sequential of nn.Linear layers (with an
activation after each but the last) whose weights and biases are read from the flat parameter list
in mlp.ts's order, W1 (row-major, out x in), b1, W2, b2, ... Used by the golden fixtures
(scripts/golden-mlp.py) and the bench (bench/torch/mlp_sgd.py), so both read the list one way.
The layers take torch's default dtype at the time of the call."""
import torch

ACTIVATIONS = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid, "identity": torch.nn.Identity}


def network(sizes, activations, flat):
    """sizes: inputs, hidden widths..., outputs; activations: a name of ACTIVATIONS per hidden layer."""
    layers = []
    offset = 0
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        linear = torch.nn.Linear(fan_in, fan_out)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(flat[offset : offset + fan_out * fan_in].reshape(fan_out, fan_in)))
            offset += fan_out * fan_in
            linear.bias.copy_(torch.from_numpy(flat[offset : offset + fan_out]))
            offset += fan_out
        layers.append(linear)
        if i < len(activations):
            layers.append(ACTIVATIONS[activations[i]]())
    return torch.nn.Sequential(*layers)
