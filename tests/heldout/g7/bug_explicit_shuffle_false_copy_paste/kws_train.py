import os
from types import SimpleNamespace

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchaudio
from torch.utils.data import DataLoader

LABELS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]


class SubsetSC(torchaudio.datasets.SPEECHCOMMANDS):
    def __init__(self, root, subset):
        super().__init__(root, download=True)
        path = os.path.join(self._path, "validation_list.txt" if subset == "val" else "testing_list.txt")

        def load_list(p):
            with open(p) as f:
                return {os.path.normpath(os.path.join(self._path, line.strip())) for line in f}

        if subset == "train":
            excludes = load_list(os.path.join(self._path, "validation_list.txt")) | load_list(
                os.path.join(self._path, "testing_list.txt")
            )
            self._walker = [w for w in self._walker if w not in excludes]
        else:
            keep = load_list(path)
            self._walker = [w for w in self._walker if w in keep]
        self._walker = [w for w in self._walker if os.path.basename(os.path.dirname(w)) in LABELS]


mfcc = torchaudio.transforms.MFCC(sample_rate=16000, n_mfcc=40)


def collate(batch):
    feats, targets = [], []
    for waveform, _, label, *_ in batch:
        waveform = F.pad(waveform, (0, 16000 - waveform.shape[-1]))
        feats.append(mfcc(waveform))
        targets.append(LABELS.index(label))
    return torch.stack(feats), torch.tensor(targets)


class KWSNet(nn.Module):
    def __init__(self, n_classes=len(LABELS)):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
        )
        self.fc = nn.Linear(128, n_classes)

    def forward(self, x):
        return self.fc(self.conv(x).flatten(1))


def build_loaders(cfg):
    train_ds = SubsetSC(cfg.root, "train")
    val_ds = SubsetSC(cfg.root, "val")
    train_loader = DataLoader(train_ds, batch_size=cfg.bs, shuffle=False, collate_fn=collate, num_workers=4)  # EXPECT: TL016  # <- TL016
    val_loader = DataLoader(val_ds, batch_size=cfg.bs, shuffle=False, collate_fn=collate, num_workers=4)
    return train_loader, val_loader


def run(cfg):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader, val_loader = build_loaders(cfg)
    model = KWSNet().to(device)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.3)

    for epoch in range(cfg.epochs):
        model.train()
        for step, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if step % cfg.log_every == 0:
                print(f"epoch {epoch} step {step} loss {loss.item():.4f}")
        sched.step()

        model.eval()
        correct = 0
        with torch.no_grad():
            for x, y in val_loader:
                correct += (model(x.to(device)).argmax(-1).cpu() == y).sum().item()
        print(f"epoch {epoch} val acc {correct / len(val_loader.dataset):.4f}")

    torch.save(model.state_dict(), cfg.ckpt)


if __name__ == "__main__":
    run(SimpleNamespace(root="./data", bs=256, lr=1e-3, epochs=30, log_every=50, ckpt="kws.pt"))
