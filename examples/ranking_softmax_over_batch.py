"""Scores a batch of documents into 4 topics and reports the model's confidence.

Bug (TL014): softmax is taken over dim 0 of the [batch, topics] scores, so the "probabilities"
of each document depend on the other documents in the batch and do not sum to 1.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
features, topics = torch.randn(256, 16), torch.randint(0, 4, (256,))
model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

for step in range(50):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(features), topics)
    loss.backward()
    optimizer.step()

with torch.no_grad():
    scores = model(features)
    probabilities = F.softmax(scores, dim=0)  # <- TL014
    print("mean confidence", probabilities.max(dim=1).values.mean().item())
