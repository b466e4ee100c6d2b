import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, random_split
from torchvision import datasets, transforms

from utils import dump_metrics, evaluate


class FashionCNN(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.layer1 = nn.Sequential(
            nn.Conv2d(1, 32, kernel_size=3, padding=1),
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.layer2 = nn.Sequential(
            nn.Conv2d(32, 64, kernel_size=3),
            nn.BatchNorm2d(64),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.fc1 = nn.Linear(64 * 6 * 6, 600)
        self.drop = nn.Dropout(0.25)
        self.fc2 = nn.Linear(600, 120)
        self.fc3 = nn.Linear(120, num_classes)

    def forward(self, x):
        out = self.layer2(self.layer1(x)).flatten(1)
        out = self.drop(F.relu(self.fc1(out)))
        return self.fc3(F.relu(self.fc2(out)))


def train_epoch(model, loader, optimizer, device):
    model.train()
    running = 0.0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        running += loss.item() * y.size(0)
    return running / len(loader.dataset)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--bs", type=int, default=100)
    ap.add_argument("--metrics", default="logs/metrics.jsonl")
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.2860,), (0.3530,))])
    full_train = datasets.FashionMNIST("data", train=True, download=True, transform=tf)
    test_set = datasets.FashionMNIST("data", train=False, download=True, transform=tf)
    train_set, val_set = random_split(full_train, [55000, 5000], generator=torch.Generator().manual_seed(0))
    train_loader = DataLoader(train_set, batch_size=args.bs, shuffle=True)
    val_loader = DataLoader(val_set, batch_size=500)
    test_loader = DataLoader(test_set, batch_size=500)

    model = FashionCNN().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)

    best_acc = 0.0
    for epoch in range(args.epochs):
        train_loss = train_epoch(model, train_loader, optimizer, device)
        with torch.no_grad():
            val = evaluate(model, val_loader, device, num_classes=10)
        dump_metrics(args.metrics, epoch, {"train_loss": train_loss, **val})
        print(f"[{epoch:02d}] train {train_loss:.4f} | val loss {val['loss']:.4f} acc {val['acc']:.4f}")
        if val["acc"] > best_acc:
            best_acc = val["acc"]
            torch.save(model.state_dict(), "fashion_best.pt")

    model.load_state_dict(torch.load("fashion_best.pt", map_location=device))
    with torch.no_grad():
        test = evaluate(model, test_loader, device, num_classes=10)
    print(f"test acc {test['acc']:.4f} mean recall {test['mean_recall']:.4f}")


if __name__ == "__main__":
    main()
