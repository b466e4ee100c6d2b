import argparse
import logging

import torch
import torch.nn.functional as F
import torchaudio
from torch.utils.data import DataLoader

from models import KeywordSpotter
from trainer import Trainer

logging.basicConfig(level=logging.INFO)

SAMPLE_RATE = 16000


class SubsetSC(torchaudio.datasets.SPEECHCOMMANDS):
    def __init__(self, root, subset):
        super().__init__(root, download=True)
        if subset in ("validation", "testing"):
            with open(self._path + f"/{subset}_list.txt") as f:
                keep = set(self._path + "/" + line.strip() for line in f)
            self._walker = [w for w in self._walker if w in keep]


def make_collate(labels, mel):
    index = {l: i for i, l in enumerate(labels)}

    def collate(batch):
        waves, targets = [], []
        for wave, _, label, *_ in batch:
            wave = F.pad(wave, (0, SAMPLE_RATE - wave.size(-1)))
            waves.append(wave)
            targets.append(index[label])
        feats = torch.log(mel(torch.cat(waves)) + 1e-6)
        return feats, torch.tensor(targets)

    return collate


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="./data")
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--bs", type=int, default=256)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    train_set = SubsetSC(args.root, "training")
    val_set = SubsetSC(args.root, "validation")
    labels = sorted({item[2] for item in val_set})
    mel = torchaudio.transforms.MelSpectrogram(SAMPLE_RATE, n_fft=480, hop_length=160, n_mels=40)
    collate = make_collate(labels, mel)

    train_loader = DataLoader(train_set, batch_size=args.bs, shuffle=True, collate_fn=collate, num_workers=4)
    val_loader = DataLoader(val_set, batch_size=args.bs, collate_fn=collate, num_workers=4)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = KeywordSpotter(n_classes=len(labels), dropout=0.3)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-3)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)

    trainer = Trainer(model, optimizer, scheduler, device=device, accum_steps=2)
    best = trainer.fit(train_loader, val_loader, args.epochs)
    print(f"best validation accuracy: {best:.4f}")


if __name__ == "__main__":
    main()
