import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from data import SpeciesDataset, SpeciesIndices, regression_loaders
from model import Regressor


class Trainer:
    def __init__(self, model, loader):
        self.model = model
        self.loader = loader
        self.criterion = nn.MSELoss()
        self.optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def train_step(self, xb, yb):
        self.optimizer.zero_grad()
        loss = self.criterion(self.model(xb), yb)  # <- TL009
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def fit(self, epochs):
        for _ in range(epochs):
            for xb, yb in self.loader:
                self.train_step(xb, yb)


def classify(frame):
    model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    criterion = nn.CrossEntropyLoss()
    one_hot = DataLoader(SpeciesDataset(frame, 3), batch_size=16, shuffle=True)
    indices = DataLoader(SpeciesIndices(frame, 3), batch_size=16, shuffle=True)
    for xb, yb in one_hot:
        optimizer.zero_grad()
        criterion(model(xb), yb).backward()  # <- TL009
        optimizer.step()
    for xb, yb in indices:
        optimizer.zero_grad()
        criterion(model(xb), yb).backward()
        optimizer.step()


if __name__ == "__main__":
    Trainer(Regressor(12), regression_loaders("houses.csv")).fit(10)
    classify(pd.read_csv("iris.csv"))
