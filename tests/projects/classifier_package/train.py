import argparse

import torch
from torch.utils.data import DataLoader, TensorDataset

from engine.trainer import Trainer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--num-classes", type=int, default=10)
    cfg = parser.parse_args()
    data = TensorDataset(torch.randn(64, 3, 32, 32), torch.randint(0, 10, (64,)))
    Trainer(cfg, DataLoader(data, batch_size=16, shuffle=True)).fit(epochs=2)


if __name__ == "__main__":
    main()
