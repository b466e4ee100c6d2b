"""House-price regression with a single-output network.

Bug (TL009): the prediction is [N, 1] and the target [N]; MSELoss broadcasts them to [N, N], so
the network learns to predict the mean price.
"""

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
features, prices = torch.randn(1024, 13), torch.randn(1024, 1)
loader = DataLoader(TensorDataset(features, prices), batch_size=64, shuffle=True)
model = nn.Sequential(nn.Linear(13, 64), nn.ReLU(), nn.Linear(64, 1))
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(5):
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y.view(-1))  # <- TL009
        loss.backward()
        optimizer.step()
