import yaml
import torch
import torch.nn as nn
from sklearn.metrics import roc_auc_score

from data import NUMERIC, build_loaders
from model import build_model


class Trainer:
    def __init__(self, model, cfg, device):
        self.model = model.to(device)
        self.cfg = cfg
        self.device = device
        self.optim = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=cfg["wd"])
        self.crit = nn.BCEWithLogitsLoss()
        self.history = []

    def train_epoch(self, loader):
        self.model.train()
        total, n = 0.0, 0
        for x_num, x_cat, y in loader:
            x_num, x_cat, y = x_num.to(self.device), x_cat.to(self.device), y.to(self.device)
            self.optim.zero_grad()
            loss = self.crit(self.model(x_num, x_cat), y)
            loss.backward()
            self.optim.step()
            total += loss.item() * len(y)
            n += len(y)
        return total / n

    @torch.no_grad()
    def evaluate(self, loader):
        self.model.eval()
        ys, ps = [], []
        for x_num, x_cat, y in loader:
            logits = self.model(x_num.to(self.device), x_cat.to(self.device))
            ps.append(torch.sigmoid(logits).cpu())
            ys.append(y)
        ys, ps = torch.cat(ys).numpy(), torch.cat(ps).numpy()
        return roc_auc_score(ys, ps), ((ps > 0.5) == ys).mean()

    def fit(self, train_dl, val_dl):
        best = 0.0
        for epoch in range(self.cfg["epochs"]):
            tr_loss = self.train_epoch(train_dl)
            auc, acc = self.evaluate(val_dl)
            self.history.append({"epoch": epoch, "loss": tr_loss, "auc": auc, "acc": acc})
            print(f"epoch {epoch:3d} | loss {tr_loss:.4f} | val auc {auc:.4f} acc {acc:.3f}")
            if auc > best:
                best = auc
                torch.save(self.model.state_dict(), self.cfg["ckpt"])
        return best


def main():
    with open("config.yaml") as f:
        cfg = yaml.safe_load(f)
    torch.manual_seed(cfg["seed"])
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    train_dl, val_dl, cards = build_loaders(cfg)
    model = build_model(len(NUMERIC), cards, cfg)
    trainer = Trainer(model, cfg, device)
    best = trainer.fit(train_dl, val_dl)
    print(f"best val AUC {best:.4f}")


if __name__ == "__main__":
    main()
