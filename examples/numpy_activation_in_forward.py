"""A network whose hidden activation is computed with NumPy.

Bug (TL010): the forward pass leaves autograd through .numpy(); fc1 gets no gradient and keeps its
random weights while fc2 trains, so the loss moves a little and plateaus.
"""

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(10, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        h = self.fc1(x)
        h = torch.from_numpy(np.maximum(h.detach().numpy(), 0))  # <- TL010
        return self.fc2(h)


torch.manual_seed(0)
x, y = torch.randn(256, 10), torch.randint(0, 2, (256,))
model = Net()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(100):
    optimizer.zero_grad()
    F.cross_entropy(model(x), y).backward()
    optimizer.step()
