"""Keyword spotting on precomputed log-mel features (Speech Commands v2, 35 classes)."""
import argparse
import copy
import logging
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

logging.basicConfig(level=logging.INFO, format="%(asctime)s | %(message)s", datefmt="%H:%M:%S")
logger = logging.getLogger(__name__)


class TCResBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv1d(cin, cout, 9, stride=stride, padding=4, bias=False)
        self.bn1 = nn.BatchNorm1d(cout)
        self.conv2 = nn.Conv1d(cout, cout, 9, padding=4, bias=False)
        self.bn2 = nn.BatchNorm1d(cout)
        self.proj = None
        if stride != 1 or cin != cout:
            self.proj = nn.Sequential(nn.Conv1d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm1d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.proj is None else self.proj(x)))


class TCResNet(nn.Module):
    def __init__(self, n_mels=40, n_classes=35, widths=(16, 24, 32, 48)):
        super().__init__()
        self.stem = nn.Conv1d(n_mels, widths[0], 3, padding=1, bias=False)
        blocks, cin = [], widths[0]
        for w in widths[1:]:
            blocks.append(TCResBlock(cin, w, stride=2))
            cin = w
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(cin, n_classes)

    def forward(self, x):  # x: (B, n_mels, T)
        x = self.blocks(self.stem(x))
        return self.fc(x.mean(-1))


class KWSTrainer:
    def __init__(self, model, optimizer, device, ema_decay=0.999, plateau_patience=4, lr_factor=0.3):
        self.model = model
        self.optimizer = optimizer
        self.device = device
        self.ema_decay = ema_decay
        self.plateau_patience = plateau_patience
        self.lr_factor = lr_factor

        self.ema_model = copy.deepcopy(model).eval()
        for p in self.ema_model.parameters():
            p.requires_grad_(False)

        self.best_acc = -math.inf
        self.best_state = None
        self.stale = 0

    @torch.no_grad()
    def _update_ema(self):
        for ema_p, p in zip(self.ema_model.parameters(), self.model.parameters()):
            ema_p.mul_(self.ema_decay).add_(p.detach(), alpha=1 - self.ema_decay)
        for ema_b, b in zip(self.ema_model.buffers(), self.model.buffers()):
            ema_b.copy_(b)

    def train_epoch(self, loader):
        self.model.train()
        running, seen = 0.0, 0
        for feats, labels in loader:
            feats, labels = feats.to(self.device), labels.to(self.device)
            self.optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(self.model(feats), labels, label_smoothing=0.05)
            loss.backward()
            self.optimizer.step()
            self._update_ema()
            running += loss.item() * labels.size(0)
            seen += labels.size(0)
        return running / seen

    @torch.no_grad()
    def evaluate(self, loader, use_ema=True):
        net = self.ema_model if use_ema else self.model
        net.eval()
        correct, total = 0, 0
        for feats, labels in loader:
            feats, labels = feats.to(self.device), labels.to(self.device)
            correct += (net(feats).argmax(1) == labels).sum().item()
            total += labels.size(0)
        return correct / total

    def on_epoch_end(self, val_acc):
        if val_acc > self.best_acc:
            self.best_acc = val_acc
            self.best_state = copy.deepcopy(self.model.state_dict())
            self.stale = 0
            return
        self.stale += 1
        if self.stale >= self.plateau_patience and self.best_state is not None:
            logger.info("plateau: reloading best weights (acc %.4f) and lowering lr", self.best_acc)
            self.model.load_state_dict(self.best_state)
            self.ema_model.load_state_dict(self.best_state)
            for g in self.optimizer.param_groups:
                g["lr"] *= self.lr_factor
            self.stale = 0

    def fit(self, train_loader, val_loader, epochs):
        for ep in range(epochs):
            loss = self.train_epoch(train_loader)
            acc = self.evaluate(val_loader)
            logger.info("ep %02d loss %.4f val_acc(ema) %.4f lr %.1e", ep, loss, acc,
                        self.optimizer.param_groups[0]["lr"])
            self.on_epoch_end(acc)
        if self.best_state is not None:
            self.model.load_state_dict(self.best_state)
        return self.model


def build(args, device):
    model = TCResNet(n_mels=args.n_mels, n_classes=args.n_classes)
    if args.pretrained and os.path.exists(args.pretrained):
        logger.info("loading full model from %s", args.pretrained)
        model = torch.load(args.pretrained, map_location="cpu", weights_only=False)
    model = model.to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.wd)
    return model, optimizer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--features", default="features/speech_commands_logmel.pt")
    ap.add_argument("--n_mels", type=int, default=40)
    ap.add_argument("--n_classes", type=int, default=35)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--bs", type=int, default=256)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--wd", type=float, default=1e-3)
    ap.add_argument("--pretrained", default="")
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    blob = torch.load(args.features)
    train_dl = DataLoader(TensorDataset(blob["train_x"], blob["train_y"]), batch_size=args.bs, shuffle=True)
    val_dl = DataLoader(TensorDataset(blob["val_x"], blob["val_y"]), batch_size=1024)
    test_dl = DataLoader(TensorDataset(blob["test_x"], blob["test_y"]), batch_size=1024)

    model, optimizer = build(args, device)
    trainer = KWSTrainer(model, optimizer, device)
    model = trainer.fit(train_dl, val_dl, args.epochs)

    test_acc = trainer.evaluate(test_dl, use_ema=False)
    logger.info("test acc (best raw weights): %.4f", test_acc)
    torch.save(model.state_dict(), "tcresnet_kws.pt")


if __name__ == "__main__":
    main()
