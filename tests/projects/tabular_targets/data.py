import pandas as pd
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset, TensorDataset


def regression_loaders(csv_path, batch_size=64):
    frame = pd.read_csv(csv_path).dropna()
    features = torch.tensor(frame.drop(columns=["target"]).values, dtype=torch.float32)
    targets = torch.tensor(frame["target"].values, dtype=torch.float32)
    split = int(0.8 * len(frame))
    train = TensorDataset(features[:split], targets[:split])
    return DataLoader(train, batch_size=batch_size, shuffle=True)


class SpeciesDataset(Dataset):
    def __init__(self, frame, num_classes):
        self.x = torch.tensor(frame.drop(columns=["species"]).values, dtype=torch.float32)
        self.y = F.one_hot(torch.tensor(frame["species"].values), num_classes)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


class SpeciesIndices(SpeciesDataset):
    def __getitem__(self, index):
        return self.x[index], self.y[index].argmax()
