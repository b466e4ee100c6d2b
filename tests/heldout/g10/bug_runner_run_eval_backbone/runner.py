from dataclasses import dataclass

import torch
import torch.nn as nn
from sklearn.metrics import f1_score


@dataclass
class RunnerConfig:
    lr: float = 5e-4
    weight_decay: float = 0.01
    epochs: int = 10
    accum_steps: int = 2
    max_grad_norm: float = 1.0
    log_every: int = 100
    device: str = "cuda"


class Runner:
    def __init__(self, backbone: nn.Module, cfg: RunnerConfig):
        self.cfg = cfg
        self.device = torch.device(cfg.device if torch.cuda.is_available() else "cpu")
        self.backbone = backbone.to(self.device)
        self.loss_fn = nn.CrossEntropyLoss()
        self.optim = torch.optim.AdamW(self.backbone.parameters(), lr=cfg.lr,
                                       weight_decay=cfg.weight_decay)
        self.step = 0

    def _batch_to_device(self, batch):
        return batch["input_ids"].to(self.device), batch["label"].to(self.device)

    def train(self, loader):
        self.backbone.train()
        self.optim.zero_grad()
        total = 0.0
        for i, batch in enumerate(loader):
            tokens, labels = self._batch_to_device(batch)
            loss = self.loss_fn(self.backbone(tokens), labels) / self.cfg.accum_steps
            loss.backward()
            total += loss.item()
            if (i + 1) % self.cfg.accum_steps == 0:
                nn.utils.clip_grad_norm_(self.backbone.parameters(), self.cfg.max_grad_norm)
                self.optim.step()
                self.optim.zero_grad()
                self.step += 1
                if self.step % self.cfg.log_every == 0:
                    print(f"step {self.step}: loss {total / self.cfg.log_every:.4f}")
                    total = 0.0

    def run_eval(self, loader):
        y_true, y_pred = [], []
        with torch.no_grad():
            for batch in loader:
                tokens, labels = self._batch_to_device(batch)
                logits = self.backbone(tokens)  # EXPECT: TL007  # <- TL007
                y_pred.extend(logits.argmax(-1).cpu().tolist())
                y_true.extend(labels.cpu().tolist())
        acc = sum(int(a == b) for a, b in zip(y_true, y_pred)) / max(len(y_true), 1)
        return {"acc": acc, "macro_f1": f1_score(y_true, y_pred, average="macro")}
