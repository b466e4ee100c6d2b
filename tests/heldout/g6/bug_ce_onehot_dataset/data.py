"""Data loading for the UCI HAR (human activity recognition) csv release."""
import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

LABEL_COL = "Activity"
DROP_COLS = ["subject", "Activity"]


def load_frames(train_csv, test_csv):
    train_df = pd.read_csv(train_csv)
    test_df = pd.read_csv(test_csv)
    train_df = train_df.dropna().reset_index(drop=True)
    test_df = test_df.dropna().reset_index(drop=True)
    classes = sorted(train_df[LABEL_COL].unique().tolist())
    return train_df, test_df, classes


class HARDataset(Dataset):
    """Standardised sensor features with the activity label."""

    def __init__(self, frame, classes, stats=None):
        feats = frame.drop(columns=DROP_COLS, errors="ignore").values.astype(np.float32)
        if stats is None:
            stats = (feats.mean(axis=0), feats.std(axis=0) + 1e-6)
        self.stats = stats
        self.features = (feats - stats[0]) / stats[1]
        class_to_idx = {c: i for i, c in enumerate(classes)}
        self.labels = frame[LABEL_COL].map(class_to_idx).values.astype(np.int64)
        self.num_classes = len(classes)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        x = torch.from_numpy(self.features[idx])
        y = F.one_hot(torch.tensor(self.labels[idx]), num_classes=self.num_classes)
        return x, y


def build_loaders(train_csv, test_csv, batch_size, num_workers=2):
    train_df, test_df, classes = load_frames(train_csv, test_csv)
    train_ds = HARDataset(train_df, classes)
    test_ds = HARDataset(test_df, classes, stats=train_ds.stats)
    train_loader = DataLoader(
        train_ds, batch_size=batch_size, shuffle=True,
        num_workers=num_workers, drop_last=True,
    )
    test_loader = DataLoader(
        test_ds, batch_size=batch_size * 2, shuffle=False, num_workers=num_workers,
    )
    n_features = train_ds.features.shape[1]
    return train_loader, test_loader, classes, n_features
