"""Fine-tunes a small classifier, optionally resuming from a checkpoint.

Bug (TL001): when resuming, the model is rebuilt after the optimizer was created, so the optimizer
keeps updating the parameters of the model that is no longer used.
"""

import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


class Classifier(nn.Module):
    def __init__(self, features=20, classes=4):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(features, 64), nn.ReLU(), nn.Linear(64, classes))

    def forward(self, x):
        return self.body(x)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--resume", default=None)
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()

    data = TensorDataset(torch.randn(512, 20), torch.randint(0, 4, (512,)))
    loader = DataLoader(data, batch_size=32, shuffle=True)

    model = Classifier()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    if args.resume:
        model = Classifier()  # <- TL001
        model.load_state_dict(torch.load(args.resume))

    for epoch in range(args.epochs):
        model.train()
        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch}: loss {loss.item():.3f}")


if __name__ == "__main__":
    main()
