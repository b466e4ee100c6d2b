"""Trains on a dataset stored sorted by class, without shuffling.

Bug (TL016): each epoch walks the classes one after another, so every batch holds a single class
and the model is pulled from one class to the next instead of learning all of them.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
labels = torch.arange(4).repeat_interleave(256)  # 0,0,...,1,1,...: sorted by class
features = torch.randn(1024, 8) + labels[:, None].float()
train_set = TensorDataset(features, labels)
train_loader = DataLoader(train_set, batch_size=64)  # <- TL016

model = nn.Linear(8, 4)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(5):
    for x, y in train_loader:
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
