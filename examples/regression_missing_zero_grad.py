"""Trains a small regression network on synthetic data.

Bug (TL002): gradients are never reset, so every step applies the sum of all earlier gradients.
"""

import torch
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

x = torch.randn(1024, 8)
y = x @ torch.randn(8, 1) + 0.1 * torch.randn(1024, 1)
loader = DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True)

net = nn.Sequential(nn.Linear(8, 32), nn.Tanh(), nn.Linear(32, 1))
opt = optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.MSELoss()

for epoch in range(5):
    total = 0.0
    for inputs, targets in loader:
        loss = loss_fn(net(inputs), targets)
        loss.backward()
        opt.step()  # <- TL002
        total += loss.item()
    print(f"epoch {epoch}: mse {total / len(loader):.4f}")
