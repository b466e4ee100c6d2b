import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset


class IMUWindows(Dataset):
    """Sliding windows over raw accelerometer/gyro recordings stored as one .npz per subject."""

    def __init__(self, files, window=128, stride=64, jitter=0.0):
        self.windows, self.labels = [], []
        for f in files:
            rec = np.load(f)
            signal, label = rec["imu"].astype(np.float32), rec["label"].astype(np.int64)
            for start in range(0, signal.shape[0] - window + 1, stride):
                seg_labels = label[start:start + window]
                self.windows.append(signal[start:start + window].T)
                self.labels.append(np.bincount(seg_labels).argmax())
        self.jitter = jitter

    def __len__(self):
        return len(self.windows)

    def __getitem__(self, i):
        x = torch.from_numpy(self.windows[i])
        if self.jitter > 0:
            x = x + self.jitter * torch.randn_like(x)
        return x, torch.tensor(self.labels[i])


def subject_split_loaders(files, val_subjects, batch_size=64):
    train_files = [f for f in files if not any(s in f for s in val_subjects)]
    val_files = [f for f in files if any(s in f for s in val_subjects)]
    train_ds = IMUWindows(train_files, jitter=0.01)
    val_ds = IMUWindows(val_files, stride=128)
    return (DataLoader(train_ds, batch_size=batch_size, shuffle=True, drop_last=True),
            DataLoader(val_ds, batch_size=256))
