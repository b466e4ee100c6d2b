import copy

import torch
import torch.nn as nn


class EarlyStopping:
    def __init__(self, patience=10):
        self.patience = patience
        self.best = float("inf")
        self.bad_epochs = 0
        self.state = None

    def step(self, metric, model):
        if metric < self.best:
            self.best = metric
            self.bad_epochs = 0
            self.state = copy.deepcopy(model.state_dict())
            return False
        self.bad_epochs += 1
        return self.bad_epochs >= self.patience


class Regressor:
    def __init__(self, net, lr=1e-3, device="cpu"):
        self.net = net.to(device)
        self.device = device
        self.loss_fn = nn.L1Loss()
        self.optim = torch.optim.Adam(self.net.parameters(), lr=lr)
        self.sched = torch.optim.lr_scheduler.ReduceLROnPlateau(self.optim, factor=0.5,
                                                                patience=4)

    def _epoch(self, loader):
        self.net.train()
        total = 0.0
        for xb, yb in loader:
            xb, yb = xb.to(self.device), yb.to(self.device)
            self.optim.zero_grad()
            loss = self.loss_fn(self.net(xb), yb)
            loss.backward()
            self.optim.step()
            total += loss.item() * len(xb)
        return total / len(loader.dataset)

    @torch.no_grad()
    def predict(self, loader):
        self.net.eval()
        preds, trues = [], []
        for xb, yb in loader:
            preds.append(self.net(xb.to(self.device)).cpu())
            trues.append(yb)
        return torch.cat(preds).numpy(), torch.cat(trues).numpy()

    def fit(self, train_loader, val_loader, max_epochs=300, patience=15):
        stopper = EarlyStopping(patience)
        for epoch in range(max_epochs):
            train_mae = self._epoch(train_loader)
            pred, true = self.predict(val_loader)
            val_mae = float(abs(pred - true).mean())
            self.sched.step(val_mae)
            if epoch % 10 == 0:
                print(f"epoch {epoch:3d}  train MAE {train_mae:.4f}  val MAE {val_mae:.4f}")
            if stopper.step(val_mae, self.net):
                print(f"early stop at epoch {epoch}")
                break
        self.net.load_state_dict(stopper.state)
        return stopper.best
