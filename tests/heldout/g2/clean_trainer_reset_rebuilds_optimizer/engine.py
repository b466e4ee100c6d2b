import random

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics import roc_auc_score


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


class Engine:
    def __init__(self, build_model, cfg, device="cpu"):
        self.build_model = build_model
        self.cfg = cfg
        self.device = device
        self.model = build_model().to(device)
        self.optimizer, self.scheduler = self._configure_optimizers()

    def _configure_optimizers(self):
        opt = torch.optim.AdamW(self.model.parameters(), lr=self.cfg["lr"],
                                weight_decay=self.cfg["weight_decay"])
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=self.cfg["epochs"])
        return opt, sched

    def reset(self, seed):
        seed_everything(seed)
        self.model = self.build_model().to(self.device)
        self.optimizer, self.scheduler = self._configure_optimizers()

    def _epoch(self, loader):
        self.model.train()
        total = 0.0
        for x_num, x_cat, y in loader:
            x_num, x_cat, y = x_num.to(self.device), x_cat.to(self.device), y.to(self.device)
            logits = self.model(x_num, x_cat)
            loss = F.binary_cross_entropy_with_logits(logits, y, pos_weight=self.cfg.get("pos_weight"))
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
            total += loss.item() * y.size(0)
        self.scheduler.step()
        return total / len(loader.dataset)

    @torch.no_grad()
    def score(self, loader):
        self.model.eval()
        ps, ys = [], []
        for x_num, x_cat, y in loader:
            ps.append(torch.sigmoid(self.model(x_num.to(self.device), x_cat.to(self.device))).cpu())
            ys.append(y)
        return roc_auc_score(torch.cat(ys).numpy(), torch.cat(ps).numpy())

    def fit(self, train_loader, val_loader):
        best = 0.0
        for epoch in range(self.cfg["epochs"]):
            loss = self._epoch(train_loader)
            auc = self.score(val_loader)
            best = max(best, auc)
            print(f"  epoch {epoch:02d} loss {loss:.4f} val AUC {auc:.4f}")
        return best
