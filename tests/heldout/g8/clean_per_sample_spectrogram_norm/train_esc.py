"""ESC-50 environmental sound classification with log-mel spectrograms."""
import argparse
import os

import pandas as pd
import torch
import torch.nn as nn
import torchaudio
from torch.utils.data import DataLoader, Dataset


def per_sample_normalize(spec, eps=1e-6):
    # spec: (..., n_mels, time); each clip is normalized with its own statistics
    mean = spec.mean(dim=(-2, -1), keepdim=True)
    std = spec.std(dim=(-2, -1), keepdim=True)
    return (spec - mean) / (std + eps)


class ESC50(Dataset):
    def __init__(self, root, folds, sr=22050, n_mels=64, train=True):
        meta = pd.read_csv(os.path.join(root, "meta", "esc50.csv"))
        self.meta = meta[meta["fold"].isin(folds)].reset_index(drop=True)
        self.root, self.sr, self.train = root, sr, train
        self.melspec = torchaudio.transforms.MelSpectrogram(sr, n_fft=1024, hop_length=512,
                                                            n_mels=n_mels)
        self.to_db = torchaudio.transforms.AmplitudeToDB(top_db=80)
        self.freq_mask = torchaudio.transforms.FrequencyMasking(8)
        self.time_mask = torchaudio.transforms.TimeMasking(16)

    def __len__(self):
        return len(self.meta)

    def __getitem__(self, i):
        row = self.meta.iloc[i]
        wav, sr = torchaudio.load(os.path.join(self.root, "audio", row["filename"]))
        if sr != self.sr:
            wav = torchaudio.functional.resample(wav, sr, self.sr)
        spec = self.to_db(self.melspec(wav.mean(0, keepdim=True)))
        if self.train:
            spec = self.time_mask(self.freq_mask(spec))
        return spec, int(row["target"])


class AudioCNN(nn.Module):
    def __init__(self, n_classes=50):
        super().__init__()

        def block(i, o):
            return nn.Sequential(nn.Conv2d(i, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU(),
                                 nn.MaxPool2d(2))

        self.features = nn.Sequential(block(1, 32), block(32, 64), block(64, 128), block(128, 256))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Sequential(nn.Dropout(0.3), nn.Linear(256, n_classes))

    def forward(self, x):
        return self.fc(self.pool(self.features(x)).flatten(1))


@torch.no_grad()
def test(model, loader, device):
    model.eval()
    correct = total = 0
    for spec, y in loader:
        spec = per_sample_normalize(spec.to(device))
        correct += (model(spec).argmax(1) == y.to(device)).sum().item()
        total += y.numel()
    return correct / total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="ESC-50-master")
    ap.add_argument("--test-fold", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_folds = [f for f in range(1, 6) if f != args.test_fold]
    train_loader = DataLoader(ESC50(args.root, train_folds, train=True), batch_size=32,
                              shuffle=True, num_workers=4)
    test_loader = DataLoader(ESC50(args.root, [args.test_fold], train=False), batch_size=64,
                             num_workers=4)

    model = AudioCNN().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-3)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)

    for epoch in range(args.epochs):
        model.train()
        running = 0.0
        for spec, y in train_loader:
            spec, y = per_sample_normalize(spec.to(device)), y.to(device)
            optimizer.zero_grad()
            loss = criterion(model(spec), y)
            loss.backward()
            optimizer.step()
            running += loss.item()
        scheduler.step()
        acc = test(model, test_loader, device)
        print(f"epoch {epoch + 1}/{args.epochs} loss {running / len(train_loader):.4f} "
              f"fold-{args.test_fold} acc {acc:.4f}")

    torch.save(model.state_dict(), f"audiocnn_fold{args.test_fold}.pt")


if __name__ == "__main__":
    main()
