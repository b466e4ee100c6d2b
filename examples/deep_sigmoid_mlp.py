"""A deep MLP in the style of early neural-network textbooks.

Bug (TL012): four hidden sigmoid layers without normalization; the first layers receive almost no
gradient and the network trains like a much shallower one.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
loader = DataLoader(TensorDataset(torch.rand(1024, 64), torch.randint(0, 10, (1024,))), batch_size=64, shuffle=True)
model = nn.Sequential(  # <- TL012
    nn.Linear(64, 64), nn.Sigmoid(),
    nn.Linear(64, 64), nn.Sigmoid(),
    nn.Linear(64, 64), nn.Sigmoid(),
    nn.Linear(64, 64), nn.Sigmoid(),
    nn.Linear(64, 10),
)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

for epoch in range(3):
    for x, y in loader:
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
