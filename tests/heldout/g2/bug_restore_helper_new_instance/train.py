import logging
from dataclasses import dataclass, field
from typing import List, Optional

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from tqdm.auto import tqdm

from net import KWSNet
from utils.audio import SpeechCommandsMel
from utils.ckpt import restore_model, save_model

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("kws")


@dataclass
class Config:
    root: str = "./speech_commands"
    labels: List[str] = field(default_factory=lambda: [
        "yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go", "_silence_", "_unknown_"])
    n_mels: int = 40
    channels: int = 64
    batch_size: int = 64
    accum_steps: int = 4
    epochs: int = 30
    lr: float = 2e-3
    pretrained: Optional[str] = "pretrained/dscnn_gsc_v1.pt"

    @property
    def n_classes(self):
        return len(self.labels)


def main(cfg: Config):
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_ds = SpeechCommandsMel(cfg.root, "training", cfg.labels, cfg.n_mels)
    val_ds = SpeechCommandsMel(cfg.root, "validation", cfg.labels, cfg.n_mels)
    train_dl = DataLoader(train_ds, cfg.batch_size, shuffle=True, num_workers=4, drop_last=True)
    val_dl = DataLoader(val_ds, 256, num_workers=4)

    model = KWSNet(cfg.n_mels, cfg.n_classes, cfg.channels).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    steps = cfg.epochs * len(train_dl) // cfg.accum_steps
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
    loss_fn = nn.CrossEntropyLoss()

    if cfg.pretrained:
        log.info("warm-starting from %s", cfg.pretrained)
        model = restore_model(cfg.pretrained, cfg).to(device)  # EXPECT: TL001  # <- TL001

    best = 0.0
    for epoch in range(cfg.epochs):
        model.train()
        optimizer.zero_grad()
        for step, (feats, target) in enumerate(tqdm(train_dl, desc=f"ep{epoch}"), 1):
            feats, target = feats.to(device), target.to(device)
            loss = loss_fn(model(feats), target) / cfg.accum_steps
            loss.backward()
            if step % cfg.accum_steps == 0:
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()

        model.eval()
        hits = n = 0
        with torch.no_grad():
            for feats, target in val_dl:
                pred = model(feats.to(device)).argmax(-1).cpu()
                hits += (pred == target).sum().item()
                n += target.numel()
        acc = hits / n
        log.info("epoch %d val acc %.4f", epoch, acc)
        if acc > best:
            best = acc
            save_model("kws_best.pt", model, epoch, acc)


if __name__ == "__main__":
    main(Config())
