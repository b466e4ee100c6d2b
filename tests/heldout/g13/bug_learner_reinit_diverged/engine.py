import logging
import math

import torch
import torch.nn as nn
from tqdm.auto import tqdm

from nets import build_model

log = logging.getLogger("engine")


class Learner:
    def __init__(self, net, opt, loss_fn, cfg, device):
        self.net = net
        self.opt = opt
        self.loss_fn = loss_fn
        self.cfg = cfg
        self.device = device
        self.use_amp = cfg.get("amp", True) and device.type == "cuda"
        self.scaler = torch.cuda.amp.GradScaler(enabled=self.use_amp)
        self.restarts = 0
        self.best_f1 = -1.0

    def run_epoch(self, loader, epoch):
        self.net.train()
        total, n_batches = 0.0, 0
        for tokens, labels in tqdm(loader, desc=f"train {epoch}", leave=False):
            tokens, labels = tokens.to(self.device), labels.to(self.device)
            self.opt.zero_grad(set_to_none=True)
            with torch.autocast(device_type=self.device.type, enabled=self.use_amp):
                logits = self.net(tokens)
                loss = self.loss_fn(logits, labels)
            self.scaler.scale(loss).backward()
            self.scaler.unscale_(self.opt)
            nn.utils.clip_grad_norm_(self.net.parameters(), self.cfg["clip"])
            self.scaler.step(self.opt)
            self.scaler.update()
            total += loss.item()
            n_batches += 1
        return total / max(n_batches, 1)

    @torch.no_grad()
    def validate(self, loader):
        self.net.eval()
        tp = torch.zeros(self.cfg["num_classes"])
        fp = torch.zeros_like(tp)
        fn = torch.zeros_like(tp)
        for tokens, labels in loader:
            preds = self.net(tokens.to(self.device)).argmax(-1).cpu()
            for c in range(self.cfg["num_classes"]):
                tp[c] += ((preds == c) & (labels == c)).sum()
                fp[c] += ((preds == c) & (labels != c)).sum()
                fn[c] += ((preds != c) & (labels == c)).sum()
        f1 = 2 * tp / (2 * tp + fp + fn).clamp(min=1)
        return f1.mean().item()

    def fit(self, train_dl, valid_dl):
        epoch = 0
        while epoch < self.cfg["epochs"]:
            epoch += 1
            train_loss = self.run_epoch(train_dl, epoch)

            if not math.isfinite(train_loss):
                self.restarts += 1
                if self.restarts > self.cfg.get("max_restarts", 3):
                    raise RuntimeError("training keeps diverging, giving up")
                log.warning("loss is %s at epoch %d, re-initialising (restart %d)",
                            train_loss, epoch, self.restarts)
                torch.manual_seed(self.cfg["seed"] + self.restarts)
                self.net = build_model(self.cfg).to(self.device)  # EXPECT: TL001  # <- TL001
                self.scaler = torch.cuda.amp.GradScaler(enabled=self.use_amp)
                epoch = 0
                continue

            macro_f1 = self.validate(valid_dl)
            log.info("epoch %d  loss %.4f  macro-F1 %.4f", epoch, train_loss, macro_f1)
            if macro_f1 > self.best_f1:
                self.best_f1 = macro_f1
                torch.save(self.net.state_dict(), self.cfg["ckpt"])
        return self.best_f1
