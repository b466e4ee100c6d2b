import logging
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
log = logging.getLogger("har")


@dataclass
class Config:
    data_path: str = "data/har_windows.npz"
    window: int = 128
    channels: int = 9
    num_classes: int = 6
    hidden: int = 300
    batch_size: int = 100
    lr: float = 1e-3
    epochs: int = 40
    device: str = "cuda" if torch.cuda.is_available() else "cpu"


class HARWindows(Dataset):
    def __init__(self, x, y):
        self.x = torch.as_tensor(x, dtype=torch.float32)
        self.y = torch.as_tensor(y, dtype=torch.long)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        return self.x[idx].flatten(), self.y[idx]


class ActivityMLP(nn.Module):
    def __init__(self, in_dim, hidden, num_classes):
        super().__init__()
        self.l1 = nn.Linear(in_dim, hidden)
        self.l2 = nn.Linear(hidden, hidden)
        self.l3 = nn.Linear(hidden, hidden)
        self.cls = nn.Linear(hidden, num_classes)
        self.act = nn.Sigmoid()
        self.dropout = nn.Dropout(0.1)

    def forward(self, x):  # EXPECT: TL012  # <- TL012
        h = self.act(self.l1(x))
        h = self.dropout(h)
        h = self.act(self.l2(h))
        h = self.act(self.l3(h))
        return self.cls(h)


class Trainer:
    def __init__(self, cfg: Config):
        self.cfg = cfg
        arrays = np.load(cfg.data_path)
        self.train_loader = DataLoader(
            HARWindows(arrays["x_train"], arrays["y_train"]),
            batch_size=cfg.batch_size,
            shuffle=True,
        )
        self.val_loader = DataLoader(
            HARWindows(arrays["x_test"], arrays["y_test"]), batch_size=cfg.batch_size * 4
        )
        self.net = ActivityMLP(cfg.window * cfg.channels, cfg.hidden, cfg.num_classes).to(cfg.device)
        self.optim = torch.optim.Adam(self.net.parameters(), lr=cfg.lr)
        self.crit = nn.CrossEntropyLoss()

    def train_epoch(self):
        self.net.train()
        total, n = 0.0, 0
        for xb, yb in self.train_loader:
            xb, yb = xb.to(self.cfg.device), yb.to(self.cfg.device)
            self.optim.zero_grad(set_to_none=True)
            loss = self.crit(self.net(xb), yb)
            loss.backward()
            self.optim.step()
            total += loss.item() * len(yb)
            n += len(yb)
        return total / n

    @torch.no_grad()
    def validate(self):
        self.net.eval()
        hits, n = 0, 0
        for xb, yb in self.val_loader:
            logits = self.net(xb.to(self.cfg.device))
            hits += (logits.argmax(1).cpu() == yb).sum().item()
            n += len(yb)
        return hits / n

    def fit(self):
        for ep in range(self.cfg.epochs):
            tr_loss = self.train_epoch()
            acc = self.validate()
            log.info("epoch %d loss %.4f val_acc %.4f", ep, tr_loss, acc)
        torch.save(self.net.state_dict(), "har_mlp.pt")


if __name__ == "__main__":
    Trainer(Config()).fit()
