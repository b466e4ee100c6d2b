import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm

from preprocessing import Standardizer


class Trainer:
    def __init__(self, model, args, device="cpu"):
        self.model = model.to(device)
        self.args = args
        self.device = device
        self.x_scaler = Standardizer()
        self.y_scaler = Standardizer()
        self.optim = torch.optim.Adam(self.model.parameters(), lr=args.lr)
        self.sched = torch.optim.lr_scheduler.CosineAnnealingLR(self.optim, T_max=args.epochs)
        self.loss_fn = nn.MSELoss()
        self.scaler = torch.cuda.amp.GradScaler(enabled=(device == "cuda"))

    def _loader(self, X, y, shuffle):
        ds = TensorDataset(X, y)
        return DataLoader(ds, batch_size=self.args.batch_size, shuffle=shuffle)

    def fit(self, X_train, y_train, X_val, y_val):
        Xt = self.x_scaler.fit_transform(X_train)
        yt = self.y_scaler.fit_transform(y_train.reshape(-1, 1))
        loader = self._loader(Xt, yt, shuffle=True)
        best = float("inf")
        for epoch in range(self.args.epochs):
            self.model.train()
            bar = tqdm(loader, desc=f"epoch {epoch}", leave=False)
            for xb, yb in bar:
                xb, yb = xb.to(self.device), yb.to(self.device)
                self.optim.zero_grad()
                with torch.autocast(device_type="cuda", enabled=(self.device == "cuda")):
                    loss = self.loss_fn(self.model(xb), yb)
                self.scaler.scale(loss).backward()
                self.scaler.step(self.optim)
                self.scaler.update()
                bar.set_postfix(loss=loss.item())
            self.sched.step()
            val_mae = self.evaluate(X_val, y_val)
            print(f"epoch {epoch}: val MAE {val_mae:.4f}")
            if val_mae < best:
                best = val_mae
                self.save(os.path.join(self.args.out_dir, "best.pt"))
        return best

    @torch.no_grad()
    def evaluate(self, X, y):
        self.model.eval()
        self.x_scaler.fit(X)  # EXPECT: TL005  # <- TL005
        Xs = self.x_scaler.transform(X).to(self.device)
        pred = self.y_scaler.inverse_transform(self.model(Xs).cpu()).squeeze(1)
        return torch.mean(torch.abs(pred - torch.as_tensor(y))).item()

    def save(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        torch.save({
            "model": self.model.state_dict(),
            "x_scaler": self.x_scaler.state_dict(),
            "y_scaler": self.y_scaler.state_dict(),
        }, path)
