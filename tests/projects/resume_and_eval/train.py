import torch
import torch.nn.functional as F

from metrics import accuracy, score_batches
from setup_utils import setup, setup_same_model


def run(cfg, train_loader, val_loader, device):
    model, optimizer = setup(cfg, device)
    for epoch in range(cfg.epochs):
        model.train()
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            print(epoch, accuracy(model, val_loader, device))
        print(epoch, score_batches(model, val_loader, device))


def run_resumed(cfg, train_loader, device):
    model, optimizer = setup_same_model(cfg, device)
    model.train()
    for x, y in train_loader:
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
