"""5-fold CV for a small 1D-CNN on ECG beats (MIT-BIH, 5 classes)."""
import argparse

import numpy as np
import torch
import torch.nn as nn
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from torch.utils.data import DataLoader, Subset, TensorDataset


class ECGNet(nn.Module):
    def __init__(self, n_classes=5, width=32):
        super().__init__()

        def block(cin, cout):
            return nn.Sequential(nn.Conv1d(cin, cout, 5, padding=2), nn.BatchNorm1d(cout),
                                 nn.ReLU(), nn.MaxPool1d(2))

        self.features = nn.Sequential(block(1, width), block(width, width * 2),
                                      block(width * 2, width * 4), nn.AdaptiveAvgPool1d(1))
        self.classifier = nn.Linear(width * 4, n_classes)

    def forward(self, x):
        return self.classifier(self.features(x).squeeze(-1))


class CVTrainer:
    def __init__(self, model_fn, lr=1e-3, epochs=15, device="cpu"):
        self.model_fn = model_fn
        self.lr = lr
        self.epochs = epochs
        self.device = device
        self.model = model_fn().to(device)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=lr)
        self.criterion = nn.CrossEntropyLoss()

    def reset(self):
        """Fresh weights for a new fold."""
        self.model = self.model_fn().to(self.device)  # EXPECT: TL001  # <- TL001
        for group in self.optimizer.param_groups:
            group["lr"] = self.lr
        self.optimizer.state.clear()

    def train_epoch(self, loader):
        self.model.train()
        losses = []
        for x, y in loader:
            x, y = x.to(self.device), y.to(self.device)
            self.optimizer.zero_grad()
            loss = self.criterion(self.model(x), y)
            loss.backward()
            self.optimizer.step()
            losses.append(loss.item())
        return float(np.mean(losses))

    @torch.no_grad()
    def predict(self, loader):
        self.model.eval()
        preds, targets = [], []
        for x, y in loader:
            preds.append(self.model(x.to(self.device)).argmax(1).cpu())
            targets.append(y)
        return torch.cat(preds).numpy(), torch.cat(targets).numpy()

    def fit(self, train_loader, val_loader):
        best_f1 = 0.0
        for ep in range(self.epochs):
            loss = self.train_epoch(train_loader)
            p, t = self.predict(val_loader)
            f1 = f1_score(t, p, average="macro")
            best_f1 = max(best_f1, f1)
            print(f"    ep {ep:02d} loss {loss:.4f} macro-F1 {f1:.4f}")
        return best_f1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="mitbih_train.csv")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--bs", type=int, default=256)
    args = ap.parse_args()

    raw = np.loadtxt(args.csv, delimiter=",", dtype=np.float32)
    X = torch.from_numpy(raw[:, :-1]).unsqueeze(1)
    y = torch.from_numpy(raw[:, -1].astype(np.int64))
    ds = TensorDataset(X, y)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    trainer = CVTrainer(lambda: ECGNet(n_classes=5), epochs=args.epochs, device=device)
    skf = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=0)

    scores = []
    for fold, (tr_idx, va_idx) in enumerate(skf.split(np.zeros(len(y)), y.numpy())):
        print(f"fold {fold}")
        if fold > 0:
            trainer.reset()
        tr = DataLoader(Subset(ds, tr_idx), batch_size=args.bs, shuffle=True)
        va = DataLoader(Subset(ds, va_idx), batch_size=1024)
        scores.append(trainer.fit(tr, va))
        torch.save(trainer.model.state_dict(), f"ecgnet_fold{fold}.pt")

    print("CV macro-F1: %.4f +- %.4f" % (np.mean(scores), np.std(scores)))


if __name__ == "__main__":
    main()
