import os

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms
from torchvision.utils import save_image

from models import DenseAutoEncoder

CFG = {
    "root": "./data",
    "batch_size": 128,
    "epochs": 30,
    "lr": 1e-3,
    "code_dim": 32,
    "sample_dir": "samples",
    "ckpt": "ae.pt",
}


def train_epoch(model, loader, optimizer, device):
    model.train()
    total = 0.0
    for x, _ in loader:
        x = x.to(device)
        recon, _ = model(x)
        loss = F.binary_cross_entropy(recon, x, reduction="sum") / x.size(0)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * x.size(0)
    return total / len(loader.dataset)


@torch.no_grad()
def reconstruct(model, loader, device, path):
    model.eval()
    x, _ = next(iter(loader))
    x = x[:32].to(device)
    recon, _ = model(x)
    save_image(torch.cat([x, recon]), path, nrow=8)


def main(cfg):
    device = "cuda" if torch.cuda.is_available() else "cpu"
    tfm = transforms.ToTensor()
    train_set = datasets.FashionMNIST(cfg["root"], train=True, download=True, transform=tfm)
    test_set = datasets.FashionMNIST(cfg["root"], train=False, download=True, transform=tfm)
    train_loader = DataLoader(train_set, batch_size=cfg["batch_size"], shuffle=True, num_workers=4)
    test_loader = DataLoader(test_set, batch_size=cfg["batch_size"], num_workers=4)

    model = DenseAutoEncoder(code_dim=cfg["code_dim"]).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    os.makedirs(cfg["sample_dir"], exist_ok=True)

    for epoch in range(cfg["epochs"]):
        loss = train_epoch(model, train_loader, optimizer, device)
        print(f"epoch {epoch + 1}/{cfg['epochs']}  bce/img {loss:.2f}")
        if epoch % 5 == 4:
            reconstruct(model, test_loader, device, os.path.join(cfg["sample_dir"], f"ep{epoch + 1}.png"))

    torch.save(model.state_dict(), cfg["ckpt"])


if __name__ == "__main__":
    main(CFG)
