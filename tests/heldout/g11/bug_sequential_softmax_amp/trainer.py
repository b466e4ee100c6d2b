import time

import numpy as np
import torch
from sklearn.metrics import f1_score
from tqdm import tqdm


class Trainer:
    def __init__(self, net, loss_fn, optimizer, cfg, scheduler=None):
        self.device = torch.device(cfg.get("device", "cuda"))
        self.net = net.to(self.device)
        self.loss_fn = loss_fn
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.cfg = cfg
        self.use_amp = cfg.get("amp", True) and self.device.type == "cuda"
        self.scaler = torch.cuda.amp.GradScaler(enabled=self.use_amp)
        self.history = []

    def _to_device(self, batch):
        return [t.to(self.device, non_blocking=True) for t in batch]

    def train_epoch(self, loader):
        self.net.train()
        running = 0.0
        pbar = tqdm(loader, desc="train", leave=False)
        for x_num, x_cat, y in pbar:
            x_num, x_cat, y = self._to_device((x_num, x_cat, y))
            self.optimizer.zero_grad(set_to_none=True)
            with torch.cuda.amp.autocast(enabled=self.use_amp):
                out = self.net(x_num, x_cat)
                loss = self.loss_fn(out, y)
            self.scaler.scale(loss).backward()
            self.scaler.unscale_(self.optimizer)
            torch.nn.utils.clip_grad_norm_(self.net.parameters(), self.cfg.get("clip", 5.0))
            self.scaler.step(self.optimizer)
            self.scaler.update()
            if self.scheduler is not None:
                self.scheduler.step()
            running += loss.item()
            pbar.set_postfix(loss=f"{loss.item():.4f}")
        return running / len(loader)

    @torch.no_grad()
    def validate(self, loader):
        self.net.eval()
        preds, targets = [], []
        for x_num, x_cat, y in loader:
            x_num, x_cat = self._to_device((x_num, x_cat))
            out = self.net(x_num, x_cat)
            preds.append(out.argmax(-1).cpu().numpy())
            targets.append(y.numpy())
        preds, targets = np.concatenate(preds), np.concatenate(targets)
        return f1_score(targets, preds, average="macro")

    def run(self, train_loader, valid_loader):
        best_f1, patience = -1.0, 0
        for epoch in range(self.cfg["epochs"]):
            t0 = time.time()
            tr_loss = self.train_epoch(train_loader)
            f1 = self.validate(valid_loader)
            self.history.append({"epoch": epoch, "loss": tr_loss, "f1": f1})
            print(f"epoch {epoch:02d} | loss {tr_loss:.4f} | macro-F1 {f1:.4f} | {time.time() - t0:.1f}s")
            if f1 > best_f1:
                best_f1, patience = f1, 0
                torch.save(self.net.state_dict(), self.cfg["out_path"])
            else:
                patience += 1
                if patience >= self.cfg.get("patience", 5):
                    print("early stopping")
                    break
        return best_f1
