"""Keyword spotting on Speech Commands v2 with a small CNN over log-mel features."""
import logging
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchaudio
from torch.utils.data import DataLoader
from tqdm.auto import tqdm

log = logging.getLogger("kws")


@dataclass
class Config:
    root: str = "./speech_commands"
    sample_rate: int = 16000
    n_mels: int = 64
    n_classes: int = 35
    channels: int = 96
    batch_size: int = 256
    epochs: int = 40
    lr: float = 3e-3
    weight_decay: float = 1e-2
    label_smoothing: float = 0.1
    device: str = "cuda"


class KWSNet(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.cfg = cfg
        self.melspec = torchaudio.transforms.MelSpectrogram(
            sample_rate=cfg.sample_rate, n_fft=480, hop_length=160, n_mels=cfg.n_mels
        )
        self.to_db = torchaudio.transforms.AmplitudeToDB()
        c = cfg.channels
        self.features = nn.Sequential(
            nn.Conv2d(1, c, 3, padding=1), nn.BatchNorm2d(c), nn.ReLU(),
            nn.Conv2d(c, c, 3, padding=1, groups=c), nn.Conv2d(c, c, 1), nn.BatchNorm2d(c), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(c, 2 * c, 3, padding=1, groups=c), nn.Conv2d(2 * c, 2 * c, 1),
            nn.BatchNorm2d(2 * c), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
        )
        self.head = nn.Linear(2 * c, cfg.n_classes)
        self.criterion = nn.CrossEntropyLoss(label_smoothing=cfg.label_smoothing)

    def embed(self, wave):
        spec = self.to_db(self.melspec(wave)).unsqueeze(1)
        return self.features(spec).flatten(1)

    def forward(self, wave):
        emb = self.embed(wave)
        return torch.softmax(self.head(emb), dim=-1)  # EXPECT: TL003

    def compute_loss(self, batch):
        wave, target = batch
        preds = self(wave)
        loss = self.criterion(preds, target)  # <- TL003
        acc = (preds.argmax(-1) == target).float().mean()
        return loss, acc


def pad_collate(batch, labels, length=16000):
    waves, targets = [], []
    for wave, _, label, *_ in batch:
        wave = wave.squeeze(0)
        wave = F.pad(wave, (0, max(0, length - wave.numel())))[:length]
        waves.append(wave)
        targets.append(labels.index(label))
    return torch.stack(waves), torch.tensor(targets)


def main(cfg: Config):
    logging.basicConfig(level=logging.INFO)
    device = torch.device(cfg.device if torch.cuda.is_available() else "cpu")

    train_set = torchaudio.datasets.SPEECHCOMMANDS(cfg.root, download=True, subset="training")
    valid_set = torchaudio.datasets.SPEECHCOMMANDS(cfg.root, download=True, subset="validation")
    labels = sorted({item[2] for item in valid_set})
    collate = lambda b: pad_collate(b, labels)
    train_dl = DataLoader(train_set, cfg.batch_size, shuffle=True, collate_fn=collate, num_workers=8)
    valid_dl = DataLoader(valid_set, cfg.batch_size, collate_fn=collate, num_workers=8)

    model = KWSNet(cfg).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=cfg.lr, total_steps=cfg.epochs * len(train_dl), pct_start=0.1
    )

    for epoch in range(cfg.epochs):
        model.train()
        for wave, target in tqdm(train_dl, desc=f"train {epoch}"):
            loss, acc = model.compute_loss((wave.to(device), target.to(device)))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()

        model.eval()
        accs = []
        with torch.no_grad():
            for wave, target in valid_dl:
                _, acc = model.compute_loss((wave.to(device), target.to(device)))
                accs.append(acc.item())
        log.info("epoch %d  last train loss %.4f  valid acc %.4f", epoch, loss.item(), sum(accs) / len(accs))

    torch.save(model.state_dict(), "kwsnet.pt")


if __name__ == "__main__":
    main(Config())
