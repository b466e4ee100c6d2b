import argparse
import os
from collections import OrderedDict

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, random_split
from torchvision import datasets, transforms
from tqdm import tqdm


def build_classifier(in_features=784, hidden=(512, 256), num_classes=10, p_drop=0.2):
    layers = OrderedDict()
    layers["flatten"] = nn.Flatten()
    prev = in_features
    for i, h in enumerate(hidden):
        layers[f"fc{i}"] = nn.Linear(prev, h)
        layers[f"relu{i}"] = nn.ReLU()
        layers[f"drop{i}"] = nn.Dropout(p_drop)
        prev = h
    layers["logits"] = nn.Linear(prev, num_classes)
    layers["log_probs"] = nn.LogSoftmax(dim=1)
    return nn.Sequential(layers)


class Trainer:
    def __init__(self, model, lr, device, ckpt_dir):
        self.model = model.to(device)
        self.device = device
        self.criterion = nn.NLLLoss()
        self.optim = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, nesterov=True)
        self.sched = torch.optim.lr_scheduler.ReduceLROnPlateau(self.optim, mode="max", patience=2)
        self.ckpt_dir = ckpt_dir
        os.makedirs(ckpt_dir, exist_ok=True)

    def train_epoch(self, loader):
        self.model.train()
        total = 0.0
        for images, labels in tqdm(loader, leave=False):
            images, labels = images.to(self.device), labels.to(self.device)
            self.optim.zero_grad()
            log_ps = self.model(images)
            loss = self.criterion(log_ps, labels)
            loss.backward()
            self.optim.step()
            total += loss.item()
        return total / len(loader)

    @torch.no_grad()
    def evaluate(self, loader):
        self.model.eval()
        loss, correct = 0.0, 0
        for images, labels in loader:
            images, labels = images.to(self.device), labels.to(self.device)
            log_ps = self.model(images)
            loss += self.criterion(log_ps, labels).item()
            ps = torch.exp(log_ps)
            _, top_class = ps.topk(1, dim=1)
            correct += (top_class.view(-1) == labels).sum().item()
        return loss / len(loader), correct / len(loader.dataset)

    def fit(self, train_loader, valid_loader, epochs):
        best = 0.0
        for e in range(epochs):
            train_loss = self.train_epoch(train_loader)
            valid_loss, valid_acc = self.evaluate(valid_loader)
            self.sched.step(valid_acc)
            print(f"Epoch {e + 1}/{epochs}.. Train loss: {train_loss:.3f}.. "
                  f"Valid loss: {valid_loss:.3f}.. Valid accuracy: {valid_acc:.3f}")
            if valid_acc > best:
                best = valid_acc
                torch.save(self.model.state_dict(), os.path.join(self.ckpt_dir, "best.pth"))
        return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--ckpt-dir", default="checkpoints")
    args = parser.parse_args()

    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    full = datasets.FashionMNIST("~/.pytorch/F_MNIST_data/", download=True, train=True, transform=tf)
    train_set, valid_set = random_split(full, [54000, 6000], generator=torch.Generator().manual_seed(0))
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
    valid_loader = DataLoader(valid_set, batch_size=512)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = build_classifier()
    trainer = Trainer(model, args.lr, device, args.ckpt_dir)
    best = trainer.fit(train_loader, valid_loader, args.epochs)
    print(f"best valid accuracy {best:.4f}")


if __name__ == "__main__":
    main()
