"""How much gradient reaches the first layer of an MLP, per hidden activation and depth.

The threshold of TL012 rests on this measurement: `python bench/activation_gradients.py` (needs
torch). It builds `depth` hidden Linear(64)+activation layers with PyTorch's default
initialization, runs one MSE backward pass on random data, and prints the ratio of the first
layer's weight-gradient norm to the last layer's, averaged over seeds.
"""

from __future__ import annotations

import argparse

import torch
from torch import nn


def first_to_last_gradient(activation: type[nn.Module], depth: int, seed: int) -> float:
    torch.manual_seed(seed)
    layers: list[nn.Module] = []
    for index in range(depth):
        layers += [nn.Linear(64 if index else 20, 64), activation()]
    model = nn.Sequential(*layers, nn.Linear(64, 1))
    x, y = torch.randn(256, 20), torch.randn(256, 1)
    nn.functional.mse_loss(model(x), y).backward()
    first, last = model[0], model[-1]
    return (first.weight.grad.norm() / last.weight.grad.norm()).item()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    depths = (2, 3, 4, 5, 8, 10)
    print("activation    " + "".join(f"{d:>10}" for d in depths))
    for activation in (nn.Sigmoid, nn.Hardsigmoid, nn.Tanh, nn.Softsign, nn.ReLU):
        ratios = [
            sum(first_to_last_gradient(activation, d, s) for s in range(args.seeds)) / args.seeds
            for d in depths
        ]
        print(f"{activation.__name__:<14}" + "".join(f"{r:>10.1e}" for r in ratios))


if __name__ == "__main__":
    main()
