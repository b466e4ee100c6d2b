"""Minimal MNIST logistic-regression / MLP comparison that runs on a laptop CPU.

Loads the raw tensors once (no PIL transforms) to keep epochs fast on CPU.
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
from torchvision.datasets import MNIST


def load_mnist_tensors(root):
    train = MNIST(root, train=True, download=True)
    test = MNIST(root, train=False, download=True)
    x_train = train.data.float().div(255.0).unsqueeze(1)
    x_test = test.data.float().div(255.0).unsqueeze(1)
    mean, std = x_train.mean(), x_train.std()
    x_train = (x_train - mean) / std
    x_test = (x_test - mean) / std
    return (TensorDataset(x_train, train.targets.clone()),
            TensorDataset(x_test, test.targets.clone()))


class LogReg(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(784, 10)

    def forward(self, xb):
        return self.lin(xb.view(xb.size(0), -1))


class MLP(nn.Module):
    def __init__(self, hidden=256):
        super().__init__()
        self.fc1 = nn.Linear(784, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.fc3 = nn.Linear(hidden, 10)

    def forward(self, xb):
        xb = xb.view(xb.size(0), -1)
        xb = F.relu(self.fc1(xb))
        xb = F.relu(self.fc2(xb))
        return self.fc3(xb)


def loss_batch(model, loss_func, xb, yb, opt=None):
    loss = loss_func(model(xb), yb)
    if opt is not None:
        loss.backward()
        opt.step()
        opt.zero_grad()
    return loss.item(), len(xb)


def fit(epochs, model, loss_func, opt, train_dl, valid_dl):
    for epoch in range(epochs):
        t0 = time.time()
        model.train()
        for xb, yb in train_dl:
            loss_batch(model, loss_func, xb, yb, opt)

        model.eval()
        with torch.no_grad():
            losses, nums = zip(*[loss_batch(model, loss_func, xb, yb) for xb, yb in valid_dl])
            correct = sum((model(xb).argmax(1) == yb).sum().item() for xb, yb in valid_dl)
        val_loss = sum(l * n for l, n in zip(losses, nums)) / sum(nums)
        print(f"epoch {epoch}: val loss {val_loss:.4f} val acc {correct / sum(nums):.4f} "
              f"({time.time() - t0:.1f}s)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="data")
    ap.add_argument("--model", choices=["logreg", "mlp"], default="mlp")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    train_ds, valid_ds = load_mnist_tensors(args.root)
    train_dl = DataLoader(train_ds, batch_size=args.bs, shuffle=True)
    valid_dl = DataLoader(valid_ds, batch_size=args.bs * 2)

    model = MLP() if args.model == "mlp" else LogReg()
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    fit(args.epochs, model, F.cross_entropy, opt, train_dl, valid_dl)
    torch.save(model.state_dict(), f"mnist_{args.model}.pt")


if __name__ == "__main__":
    main()
