import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm

from preprocessing import MinMaxScaler


class Trainer:
    def __init__(self, model, args, device="cpu"):
        self.model = model.to(device)
        self.args = args
        self.device = device
        self.x_scaler = MinMaxScaler()
        self.optim = torch.optim.Adam(self.model.parameters(), lr=args.lr)
        self.sched = torch.optim.lr_scheduler.CosineAnnealingLR(self.optim, T_max=args.epochs)
        self.loss_fn = nn.HuberLoss(delta=1.0)
        self.amp_scaler = torch.cuda.amp.GradScaler(enabled=(device == "cuda"))

    def fit(self, X_train, y_train, X_val, y_val):
        Xt = self.x_scaler.fit(X_train).transform(X_train)
        ds = TensorDataset(Xt, torch.as_tensor(y_train).unsqueeze(1))
        loader = DataLoader(ds, batch_size=self.args.batch_size, shuffle=True)
        best = float("inf")
        for epoch in range(self.args.epochs):
            self.model.train()
            bar = tqdm(loader, desc=f"epoch {epoch}", leave=False)
            for xb, yb in bar:
                xb, yb = xb.to(self.device), yb.to(self.device)
                self.optim.zero_grad()
                with torch.autocast(device_type="cuda", enabled=(self.device == "cuda")):
                    loss = self.loss_fn(self.model(xb), yb)
                self.amp_scaler.scale(loss).backward()
                self.amp_scaler.step(self.optim)
                self.amp_scaler.update()
                bar.set_postfix(loss=loss.item())
            self.sched.step()
            val_mae = self.evaluate(X_val, y_val)
            print(f"epoch {epoch}: val MAE {val_mae:.4f}")
            if val_mae < best:
                best = val_mae
                self.save(os.path.join(self.args.out_dir, "best.pt"))
        return best

    @torch.no_grad()
    def predict(self, X):
        self.model.eval()
        Xs = self.x_scaler.transform(X).to(self.device)
        return self.model(Xs).squeeze(1).cpu()

    def evaluate(self, X, y):
        pred = self.predict(X)
        return torch.mean(torch.abs(pred - torch.as_tensor(y))).item()

    def save(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        torch.save({"model": self.model.state_dict(), "x_scaler": self.x_scaler.state_dict()}, path)
