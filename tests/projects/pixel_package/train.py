import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from nets import PlainNet, ScaledNet
from tiles import TileSet


def fit(model, loader):
    opt = torch.optim.Adam(model.parameters())
    for tiles, labels in loader:
        opt.zero_grad()
        F.cross_entropy(model(tiles), labels).backward()
        opt.step()


def main(paths, labels):
    loader = DataLoader(TileSet(paths, labels), batch_size=32, shuffle=True)
    fit(ScaledNet(10), loader)
    plain = PlainNet(10)
    opt = torch.optim.Adam(plain.parameters())
    for tiles, labels in loader:
        opt.zero_grad()
        F.cross_entropy(plain(tiles), labels).backward()  # <- TL013
        opt.step()
