"""Trains a classifier and keeps a history of the losses for plotting.

Bug (TL006): the history holds the loss tensors themselves, so every iteration's autograd graph
stays in memory; on a GPU the run dies of "CUDA out of memory" after enough steps.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

data = TensorDataset(torch.randn(1024, 32), torch.randint(0, 5, (1024,)))
loader = DataLoader(data, batch_size=64, shuffle=True)
model = nn.Sequential(nn.Linear(32, 128), nn.ReLU(), nn.Linear(128, 5))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

history = []
for epoch in range(3):
    for x, y in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        history.append(loss)  # <- TL006
    print(f"epoch {epoch}: last loss {history[-1].item():.3f}")
