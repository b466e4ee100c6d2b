"""Trains on the GPU when there is one.

Bug (TL015): the model goes to `device`, but the batches stay on the CPU; on a GPU machine the
first forward pass fails with "Expected all tensors to be on the same device".
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
dataset = TensorDataset(torch.randn(512, 16), torch.randint(0, 2, (512,)))
loader = DataLoader(dataset, batch_size=32, shuffle=True)
model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 2)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(3):
    for features, labels in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(features), labels)  # <- TL015
        loss.backward()
        optimizer.step()
