"""An MLP classifier trained with NLLLoss.

Bug (TL008): the model ends in nn.Linear, so NLLLoss receives raw logits instead of
log-probabilities; the loss is minus the target's score and can fall without bound.
"""

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
loader = DataLoader(TensorDataset(torch.randn(512, 30), torch.randint(0, 5, (512,))), batch_size=64, shuffle=True)
model = nn.Sequential(nn.Linear(30, 64), nn.ReLU(), nn.Linear(64, 5))
criterion = nn.NLLLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

for epoch in range(3):
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)  # <- TL008
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch}: loss {loss.item():.2f}")
