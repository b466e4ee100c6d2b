import os

import numpy as np
import pandas as pd
import torch
from sklearn.preprocessing import StandardScaler
from torch.utils.data import Dataset


class Dataset_Custom(Dataset):
    """Multivariate hourly series; 70/10/20 chronological split by border indices."""

    def __init__(self, root_path, data_path="electricity.csv", flag="train",
                 size=(96, 48, 24), target="OT", scale=True):
        self.seq_len, self.label_len, self.pred_len = size
        assert flag in ("train", "val", "test")
        self.set_type = {"train": 0, "val": 1, "test": 2}[flag]
        self.target = target
        self.scale = scale
        self.root_path = root_path
        self.data_path = data_path
        self.__read_data__()

    def __read_data__(self):
        self.scaler = StandardScaler()
        df_raw = pd.read_csv(os.path.join(self.root_path, self.data_path))
        cols = [c for c in df_raw.columns if c not in ("date", self.target)]
        df_raw = df_raw[["date"] + cols + [self.target]]

        num_train = int(len(df_raw) * 0.7)
        num_test = int(len(df_raw) * 0.2)
        num_vali = len(df_raw) - num_train - num_test
        border1s = [0, num_train - self.seq_len, len(df_raw) - num_test - self.seq_len]
        border2s = [num_train, num_train + num_vali, len(df_raw)]
        border1 = border1s[self.set_type]
        border2 = border2s[self.set_type]

        df_data = df_raw[df_raw.columns[1:]]
        if self.scale:
            train_data = df_data[border1s[0]:border2s[0]]
            self.scaler.fit(train_data.values)
            data = self.scaler.transform(df_data.values)
        else:
            data = df_data.values

        stamps = pd.to_datetime(df_raw["date"][border1:border2])
        self.data_stamp = np.stack([stamps.dt.month, stamps.dt.day, stamps.dt.weekday,
                                    stamps.dt.hour], axis=1).astype(np.float32)
        self.data_x = data[border1:border2].astype(np.float32)
        self.data_y = data[border1:border2].astype(np.float32)

    def __getitem__(self, index):
        s_begin = index
        s_end = s_begin + self.seq_len
        r_begin = s_end - self.label_len
        r_end = r_begin + self.label_len + self.pred_len
        return (torch.from_numpy(self.data_x[s_begin:s_end]),
                torch.from_numpy(self.data_y[r_begin:r_end]),
                torch.from_numpy(self.data_stamp[s_begin:s_end]),
                torch.from_numpy(self.data_stamp[r_begin:r_end]))

    def __len__(self):
        return len(self.data_x) - self.seq_len - self.pred_len + 1

    def inverse_transform(self, data):
        return self.scaler.inverse_transform(data)
