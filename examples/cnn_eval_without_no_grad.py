"""A small CNN with a validation pass after every epoch.

Bug (TL004): `validate` runs the model with autograd recording a graph for every batch.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 16 * 16, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv(x)), 2)
        return self.fc(torch.flatten(x, 1))


def train_epoch(model, loader, optimizer):
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()


def validate(model, loader):
    model.eval()
    correct = 0
    for x, y in loader:
        logits = model(x)  # <- TL004
        correct += (logits.argmax(dim=1) == y).sum().item()
    return correct / len(loader.dataset)


def main():
    train = TensorDataset(torch.randn(256, 3, 32, 32), torch.randint(0, 10, (256,)))
    val = TensorDataset(torch.randn(128, 3, 32, 32), torch.randint(0, 10, (128,)))
    train_loader = DataLoader(train, batch_size=32, shuffle=True)
    val_loader = DataLoader(val, batch_size=64)
    model = SmallCNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(2):
        train_epoch(model, train_loader, optimizer)
        print(f"epoch {epoch}: val accuracy {validate(model, val_loader):.3f}")


if __name__ == "__main__":
    main()
