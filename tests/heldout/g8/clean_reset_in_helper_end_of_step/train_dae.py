"""Denoising autoencoder on MNIST."""
import logging
from dataclasses import dataclass, field

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

log = logging.getLogger("dae")


@dataclass
class TrainConfig:
    root: str = "./data"
    epochs: int = 20
    batch_size: int = 256
    lr: float = 1e-3
    noise_std: float = 0.3
    latent_dim: int = 32
    betas: tuple = field(default=(0.9, 0.99))
    log_interval: int = 100


class DAE(nn.Module):
    def __init__(self, latent_dim=32):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.1),
            nn.Linear(512, 128), nn.ReLU(), nn.Linear(128, latent_dim),
        )
        self.decoder = nn.Sequential(
            nn.Linear(latent_dim, 128), nn.ReLU(), nn.Linear(128, 512), nn.ReLU(),
            nn.Linear(512, 784),
        )

    def forward(self, x):
        z = self.encoder(x)
        return self.decoder(z).view(-1, 1, 28, 28)


class DAETrainer:
    def __init__(self, cfg: TrainConfig):
        self.cfg = cfg
        self.device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        self.net = DAE(cfg.latent_dim).to(self.device)
        self.opt = torch.optim.Adam(self.net.parameters(), lr=cfg.lr, betas=cfg.betas)
        self.step = 0

    def _reset_grads(self):
        self.net.zero_grad(set_to_none=True)

    def _corrupt(self, x):
        return (x + self.cfg.noise_std * torch.randn_like(x)).clamp(0.0, 1.0)

    def train_step(self, x):
        x = x.to(self.device)
        recon = self.net(self._corrupt(x))
        loss = F.binary_cross_entropy_with_logits(recon, x)
        loss.backward()
        self.opt.step()
        self._reset_grads()
        self.step += 1
        return loss.detach()

    @torch.no_grad()
    def evaluate(self, loader):
        self.net.eval()
        total, n = 0.0, 0
        for x, _ in loader:
            x = x.to(self.device)
            recon = self.net(self._corrupt(x))
            total += F.binary_cross_entropy_with_logits(recon, x, reduction="sum").item()
            n += x.size(0)
        self.net.train()
        return total / n

    def fit(self, train_loader, test_loader):
        self._reset_grads()
        for epoch in range(self.cfg.epochs):
            self.net.train()
            for i, (x, _) in enumerate(train_loader):
                loss = self.train_step(x)
                if i % self.cfg.log_interval == 0:
                    log.info("epoch %d iter %d loss %.4f", epoch, i, loss.item())
            log.info("epoch %d test bce/img %.2f", epoch, self.evaluate(test_loader))


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    cfg = TrainConfig()
    tf = transforms.ToTensor()
    train = datasets.MNIST(cfg.root, train=True, download=True, transform=tf)
    test = datasets.MNIST(cfg.root, train=False, download=True, transform=tf)
    trainer = DAETrainer(cfg)
    trainer.fit(
        DataLoader(train, batch_size=cfg.batch_size, shuffle=True, num_workers=2),
        DataLoader(test, batch_size=1024),
    )
    torch.save(trainer.net.state_dict(), "dae.pt")


if __name__ == "__main__":
    main()
