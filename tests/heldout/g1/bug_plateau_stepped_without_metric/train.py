import argparse
import logging

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchaudio
from torch.utils.data import DataLoader
from torchaudio.datasets import SPEECHCOMMANDS

from trainer import AudioTrainer


class SubsetSC(SPEECHCOMMANDS):
    def __init__(self, root, subset):
        super().__init__(root, download=True)

        def load_list(filename):
            with open(f"{self._path}/{filename}") as f:
                return {f"{self._path}/{line.strip()}" for line in f}

        if subset == "validation":
            self._walker = [w for w in self._walker if w in load_list("validation_list.txt")]
        elif subset == "testing":
            self._walker = [w for w in self._walker if w in load_list("testing_list.txt")]
        else:
            excludes = load_list("validation_list.txt") | load_list("testing_list.txt")
            self._walker = [w for w in self._walker if w not in excludes]


class M5(nn.Module):
    def __init__(self, n_input=1, n_output=35, stride=16, n_channel=32):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv1d(n_input, n_channel, kernel_size=80, stride=stride), nn.BatchNorm1d(n_channel),
            nn.ReLU(), nn.MaxPool1d(4),
            nn.Conv1d(n_channel, n_channel, 3), nn.BatchNorm1d(n_channel), nn.ReLU(), nn.MaxPool1d(4),
            nn.Conv1d(n_channel, 2 * n_channel, 3), nn.BatchNorm1d(2 * n_channel), nn.ReLU(), nn.MaxPool1d(4),
            nn.Conv1d(2 * n_channel, 2 * n_channel, 3), nn.BatchNorm1d(2 * n_channel), nn.ReLU(), nn.MaxPool1d(4),
        )
        self.fc1 = nn.Linear(2 * n_channel, n_output)

    def forward(self, x):
        x = self.features(x)
        x = F.avg_pool1d(x, x.shape[-1]).permute(0, 2, 1)
        return F.log_softmax(self.fc1(x), dim=2)


def make_collate(labels):
    index = {l: i for i, l in enumerate(labels)}

    def collate(batch):
        waves = [w.t() for w, *_ in batch]
        targets = torch.tensor([index[b[2]] for b in batch])
        waves = nn.utils.rnn.pad_sequence(waves, batch_first=True, padding_value=0.0).permute(0, 2, 1)
        return waves, targets
    return collate


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="./data")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--bs", type=int, default=256)
    ap.add_argument("--lr", type=float, default=1e-2)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_set, val_set = SubsetSC(args.root, "training"), SubsetSC(args.root, "validation")
    labels = sorted({d[2] for d in val_set})
    collate = make_collate(labels)
    train_loader = DataLoader(train_set, batch_size=args.bs, shuffle=True, collate_fn=collate,
                              num_workers=4, pin_memory=True)
    val_loader = DataLoader(val_set, batch_size=args.bs, collate_fn=collate, num_workers=4)

    transform = torchaudio.transforms.Resample(orig_freq=16000, new_freq=8000).to(device)
    model = M5(n_output=len(labels)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=3)

    trainer = AudioTrainer(model, optimizer, scheduler, transform, device)  # <- TL011
    best = trainer.fit(train_loader, val_loader, args.epochs)
    logging.info("best val loss %.4f", best)


if __name__ == "__main__":
    main()
