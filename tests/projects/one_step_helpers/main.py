import torch
from torch import nn

import engine


def fit(model, loader, epochs, device):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    for epoch in range(epochs):
        running = 0.0
        for batch in loader:
            loss = engine.train_step(model, optimizer, batch, device)  # <- TL002
            running += loss.item()
        print(epoch, running)


def fit_clean(model, loader, epochs, device):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    history = []
    for epoch in range(epochs):
        total = 0.0
        for batch in loader:
            loss = engine.clean_step(model, optimizer, batch, device)
            total += loss  # <- TL006
        history.append(total)


if __name__ == "__main__":
    fit(nn.Linear(4, 2), [], 1, "cpu")
