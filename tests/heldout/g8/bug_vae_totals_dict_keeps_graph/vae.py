import argparse
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms
from torchvision.utils import save_image


class ConvVAE(nn.Module):
    def __init__(self, z_dim=16):
        super().__init__()
        self.enc = nn.Sequential(
            nn.Conv2d(1, 32, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(32, 64, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 256), nn.LeakyReLU(0.2),
        )
        self.mu = nn.Linear(256, z_dim)
        self.logvar = nn.Linear(256, z_dim)
        self.dec = nn.Sequential(
            nn.Linear(z_dim, 256), nn.ReLU(), nn.Linear(256, 64 * 7 * 7), nn.ReLU(),
            nn.Unflatten(1, (64, 7, 7)),
            nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(32, 1, 4, 2, 1),
        )

    def encode(self, x):
        h = self.enc(x)
        return self.mu(h), self.logvar(h)

    def reparameterize(self, mu, logvar):
        return mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)

    def forward(self, x):
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar)
        return self.dec(z), mu, logvar


def elbo_loss(logits, x, mu, logvar, beta=1.0):
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / x.size(0)
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / x.size(0)
    return bce + beta * kld


def train_epoch(model, loader, optimizer, device, beta, epoch, log_interval=100):
    model.train()
    totals = {"loss": 0.0, "n": 0}
    for batch_idx, (x, _) in enumerate(loader):
        x = x.to(device)
        optimizer.zero_grad()
        logits, mu, logvar = model(x)
        loss = elbo_loss(logits, x, mu, logvar, beta)
        loss.backward()
        optimizer.step()
        totals["loss"] += loss * x.size(0)  # EXPECT: TL006  # <- TL006
        totals["n"] += x.size(0)
        if batch_idx % log_interval == 0:
            print(f"epoch {epoch} [{batch_idx * len(x)}/{len(loader.dataset)}] "
                  f"loss {loss.item():.3f}")
    return totals["loss"] / totals["n"]


@torch.no_grad()
def test_epoch(model, loader, device, beta, epoch, out_dir):
    model.eval()
    total, n = 0.0, 0
    for i, (x, _) in enumerate(loader):
        x = x.to(device)
        logits, mu, logvar = model(x)
        total += elbo_loss(logits, x, mu, logvar, beta).item() * x.size(0)
        n += x.size(0)
        if i == 0:
            comparison = torch.cat([x[:8], torch.sigmoid(logits[:8])])
            save_image(comparison.cpu(), os.path.join(out_dir, f"recon_{epoch}.png"), nrow=8)
    return total / n


def main():
    parser = argparse.ArgumentParser(description="ConvVAE MNIST")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--z-dim", type=int, default=16)
    parser.add_argument("--beta", type=float, default=1.0)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--out", default="results")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tf = transforms.ToTensor()
    train_loader = DataLoader(datasets.MNIST("data", train=True, download=True, transform=tf),
                              batch_size=args.batch_size, shuffle=True)
    test_loader = DataLoader(datasets.MNIST("data", train=False, transform=tf),
                             batch_size=args.batch_size)

    model = ConvVAE(args.z_dim).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    for epoch in range(1, args.epochs + 1):
        train_loss = train_epoch(model, train_loader, optimizer, device, args.beta, epoch)
        test_loss = test_epoch(model, test_loader, device, args.beta, epoch, args.out)
        print(f"====> epoch {epoch} train ELBO {train_loss:.4f} test ELBO {test_loss:.4f}")
        with torch.no_grad():
            sample = model.dec(torch.randn(64, args.z_dim, device=device))
            save_image(torch.sigmoid(sample).cpu(), os.path.join(args.out, f"sample_{epoch}.png"))
    torch.save(model.state_dict(), os.path.join(args.out, "vae.pt"))


if __name__ == "__main__":
    main()
