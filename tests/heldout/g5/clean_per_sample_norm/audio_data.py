import csv
import os

import torch
import torch.nn.functional as F
import torchaudio
from torch.utils.data import Dataset

SAMPLE_RATE = 16000


def read_split(csv_path):
    """Rows of (relative wav path, label) from an ESC-50 style metadata file."""
    with open(csv_path) as f:
        reader = csv.DictReader(f)
        return [(row["filename"], int(row["target"]), int(row["fold"])) for row in reader]


class KeywordDataset(Dataset):
    def __init__(self, root, items, clip_seconds=1.0, n_mels=64, augment=False):
        self.root = root
        self.items = items
        self.n_samples = int(clip_seconds * SAMPLE_RATE)
        self.augment = augment
        self.melspec = torchaudio.transforms.MelSpectrogram(
            sample_rate=SAMPLE_RATE, n_fft=512, hop_length=160, n_mels=n_mels)
        self.to_db = torchaudio.transforms.AmplitudeToDB(top_db=80)

    def __len__(self):
        return len(self.items)

    def _load(self, rel_path):
        wav, sr = torchaudio.load(os.path.join(self.root, rel_path))
        if sr != SAMPLE_RATE:
            wav = torchaudio.functional.resample(wav, sr, SAMPLE_RATE)
        wav = wav.mean(dim=0)
        if wav.numel() < self.n_samples:
            wav = F.pad(wav, (0, self.n_samples - wav.numel()))
        return wav[: self.n_samples]

    def __getitem__(self, idx):
        rel_path, label, _ = self.items[idx]
        wav = self._load(rel_path)
        wav = (wav - wav.mean()) / (wav.std() + 1e-7)
        if self.augment:
            shift = int(torch.randint(-1600, 1600, (1,)))
            wav = torch.roll(wav, shifts=shift)
            wav = wav + 0.005 * torch.randn_like(wav)
        spec = self.to_db(self.melspec(wav))
        spec = (spec - spec.mean(dim=-1, keepdim=True)) / (spec.std(dim=-1, keepdim=True) + 1e-5)
        return spec.unsqueeze(0), label
