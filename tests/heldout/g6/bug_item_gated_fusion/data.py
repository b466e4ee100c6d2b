import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

LABELS = ["negative", "neutral", "positive"]


class PairedEmbeddings(Dataset):
    """CLIP image embeddings + sentence-transformer text embeddings, one row per post."""

    def __init__(self, npz_path, split):
        blob = np.load(npz_path, allow_pickle=False)
        mask = blob["split"] == split
        self.img = torch.from_numpy(blob["img_emb"][mask].astype(np.float32))
        self.txt = torch.from_numpy(blob["txt_emb"][mask].astype(np.float32))
        self.y = torch.from_numpy(blob["label"][mask].astype(np.int64))

    def __len__(self):
        return self.y.shape[0]

    def __getitem__(self, i):
        return self.img[i], self.txt[i], self.y[i]

    @property
    def dims(self):
        return self.img.shape[1], self.txt.shape[1]

    def class_weights(self):
        counts = torch.bincount(self.y, minlength=len(LABELS)).float()
        return counts.sum() / (len(LABELS) * counts.clamp_min(1))


def get_loaders(npz_path, batch_size=256):
    train = PairedEmbeddings(npz_path, "train")
    val = PairedEmbeddings(npz_path, "val")
    return (
        DataLoader(train, batch_size=batch_size, shuffle=True, drop_last=True),
        DataLoader(val, batch_size=batch_size),
        train,
    )
