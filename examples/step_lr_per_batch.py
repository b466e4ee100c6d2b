"""Trains with a step decay meant for every 10 epochs.

Bug (TL011): StepLR is stepped inside the batch loop, so the learning rate is divided by 10 every
10 batches; after one epoch it is 1e-8 of its start value and the model stops learning.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
loader = DataLoader(TensorDataset(torch.randn(2048, 20), torch.randint(0, 3, (2048,))), batch_size=32, shuffle=True)
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.1)

for epoch in range(30):
    for x, y in loader:
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
        scheduler.step()  # <- TL011
    print(f"epoch {epoch}: lr {scheduler.get_last_lr()[0]:.2e}")
