import argparse
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, random_split
from torchvision import datasets, transforms
from tqdm import tqdm


class ConvNet(nn.Module):
    def __init__(self, num_classes=10, p=0.25):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Dropout(p), nn.Linear(64 * 7 * 7, 128), nn.ReLU(),
            nn.Dropout(p), nn.Linear(128, num_classes),
        )

    def forward(self, x):
        return self.classifier(self.features(x))


class Trainer:
    def __init__(self, model, train_loader, val_loader, lr=1e-3, epochs=10, device="cpu",
                 ckpt_dir="ckpt"):
        self.model = model.to(device)
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.device = device
        self.epochs = epochs
        self.ckpt_dir = ckpt_dir
        self.optim = torch.optim.Adam(self.model.parameters(), lr=lr)
        self.sched = torch.optim.lr_scheduler.OneCycleLR(
            self.optim, max_lr=lr * 10, total_steps=epochs * len(train_loader)
        )
        self.global_step = 0

    def train_step(self, batch):
        x, y = (t.to(self.device) for t in batch)
        logits = self.model(x)
        loss = F.cross_entropy(logits, y)
        loss.backward()
        nn.utils.clip_grad_norm_(self.model.parameters(), max_norm=1.0)
        self.optim.step()  # EXPECT: TL002
        self.sched.step()
        self.global_step += 1
        return loss.item()

    @torch.no_grad()
    def eval_epoch(self):
        self.model.eval()
        loss_sum, correct, n = 0.0, 0, 0
        for x, y in self.val_loader:
            x, y = x.to(self.device), y.to(self.device)
            logits = self.model(x)
            loss_sum += F.cross_entropy(logits, y, reduction="sum").item()
            correct += (logits.argmax(-1) == y).sum().item()
            n += y.numel()
        return loss_sum / n, correct / n

    def fit(self):
        os.makedirs(self.ckpt_dir, exist_ok=True)
        best_acc = 0.0
        for epoch in range(1, self.epochs + 1):
            self.model.train()
            bar = tqdm(self.train_loader, desc=f"Epoch {epoch}/{self.epochs}")
            avg = 0.0
            for i, batch in enumerate(bar, 1):
                loss = self.train_step(batch)  # <- TL002
                avg += (loss - avg) / i
                bar.set_postfix(loss=f"{avg:.4f}", lr=f"{self.sched.get_last_lr()[0]:.2e}")
            val_loss, val_acc = self.eval_epoch()
            print(f"epoch {epoch}: train {avg:.4f} | val {val_loss:.4f} acc {val_acc:.4f}")
            if val_acc > best_acc:
                best_acc = val_acc
                torch.save(self.model.state_dict(), os.path.join(self.ckpt_dir, "best.pt"))
        return best_acc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="./data")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--bs", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.2860,), (0.3530,))])
    full = datasets.FashionMNIST(args.root, train=True, download=True, transform=tf)
    train_ds, val_ds = random_split(full, [55000, 5000], generator=torch.Generator().manual_seed(0))
    train_loader = DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=2)
    val_loader = DataLoader(val_ds, batch_size=512)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    trainer = Trainer(ConvNet(), train_loader, val_loader, lr=args.lr, epochs=args.epochs,
                      device=device)
    print("best acc", trainer.fit())


if __name__ == "__main__":
    main()
