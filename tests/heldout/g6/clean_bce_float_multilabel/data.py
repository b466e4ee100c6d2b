import numpy as np
import pandas as pd
import torch
from torch.utils.data import DataLoader, Dataset

LABEL_COLS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


class CommentEmbeddings(Dataset):
    """Sentence embeddings (precomputed, one row per comment id) with the 6 toxicity flags."""

    def __init__(self, frame, emb_path):
        emb = np.load(emb_path, mmap_mode="r")
        self.rows = frame["emb_row"].values
        self.emb = emb
        self.targets = frame[LABEL_COLS].values.astype(np.float32)

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, i):
        x = torch.from_numpy(np.asarray(self.emb[self.rows[i]], dtype=np.float32))
        y = torch.from_numpy(self.targets[i])
        return x, y

    def pos_weight(self):
        pos = self.targets.sum(axis=0)
        neg = len(self.targets) - pos
        return torch.tensor(np.clip(neg / np.maximum(pos, 1.0), 1.0, 50.0), dtype=torch.float32)


def get_loaders(csv_path, emb_path, batch_size=256, val_frac=0.1, seed=0):
    df = pd.read_csv(csv_path)
    df = df.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    n_val = int(len(df) * val_frac)
    train_ds = CommentEmbeddings(df.iloc[n_val:], emb_path)
    val_ds = CommentEmbeddings(df.iloc[:n_val], emb_path)
    train_loader = DataLoader(train_ds, batch_size=batch_size, shuffle=True, num_workers=2)
    val_loader = DataLoader(val_ds, batch_size=batch_size * 4, num_workers=2)
    return train_loader, val_loader, train_ds
