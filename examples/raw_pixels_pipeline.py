"""A CIFAR-style image classifier using the torchvision v2 transforms.

Bug (TL013): ToImage + ToDtype without scale=True keeps pixel values in 0-255 and nothing
normalizes them; training is slow and unstable.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.transforms import v2

transform = v2.Compose([v2.RandomHorizontalFlip(), v2.ToImage(), v2.ToDtype(torch.float32)])  # <- TL013
train_set = torchvision.datasets.CIFAR10("./data", train=True, download=True, transform=transform)
loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True)

model = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(16 * 32 * 32, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for epoch in range(2):
    for images, labels in loader:
        optimizer.zero_grad()
        F.cross_entropy(model(images), labels).backward()
        optimizer.step()
