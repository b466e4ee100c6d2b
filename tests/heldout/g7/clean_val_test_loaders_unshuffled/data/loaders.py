import numpy as np
import pandas as pd
import torch
from torch.utils.data import DataLoader, Dataset


class TweetDataset(Dataset):
    def __init__(self, frame, tokenizer, max_len=64):
        self.enc = tokenizer(
            frame["text"].tolist(), padding="max_length", truncation=True, max_length=max_len, return_tensors="pt"
        )
        self.labels = torch.tensor(frame["target"].values if "target" in frame else np.zeros(len(frame)), dtype=torch.long)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return {
            "input_ids": self.enc["input_ids"][i],
            "attention_mask": self.enc["attention_mask"][i],
            "labels": self.labels[i],
        }


def split_frame(df, val_frac, seed):
    rng = np.random.default_rng(seed)
    mask = rng.random(len(df)) < val_frac
    return df[~mask].reset_index(drop=True), df[mask].reset_index(drop=True)


def get_loaders(train_csv, test_csv, tokenizer, batch_size=32, val_frac=0.1, seed=42):
    df = pd.read_csv(train_csv)
    train_df, val_df = split_frame(df, val_frac, seed)
    test_df = pd.read_csv(test_csv)

    train_ds = TweetDataset(train_df, tokenizer)
    val_ds = TweetDataset(val_df, tokenizer)
    test_ds = TweetDataset(test_df, tokenizer)

    train_loader = DataLoader(train_ds, batch_size=batch_size, shuffle=True, num_workers=2, drop_last=True)
    val_loader = DataLoader(val_ds, batch_size=batch_size * 2, num_workers=2)
    test_loader = DataLoader(test_ds, batch_size=batch_size * 2, shuffle=False, num_workers=2)
    return train_loader, val_loader, test_loader
