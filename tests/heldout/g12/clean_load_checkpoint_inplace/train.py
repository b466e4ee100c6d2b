import argparse
import logging
import os

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms
from torchvision.utils import save_image

from checkpoint import load_checkpoint, save_checkpoint
from vae import ConvVAE, vae_loss

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("vae")


def run_epoch(model, loader, optimizer, device, beta):
    model.train()
    tot = 0.0
    for x, _ in loader:
        x = x.to(device)
        optimizer.zero_grad()
        recon, mu, logvar = model(x)
        loss, _, _ = vae_loss(recon, x, mu, logvar, beta)
        loss.backward()
        optimizer.step()
        tot += loss.item() * x.size(0)
    return tot / len(loader.dataset)


@torch.no_grad()
def test_epoch(model, loader, device, beta):
    model.eval()
    tot = 0.0
    for x, _ in loader:
        x = x.to(device)
        recon, mu, logvar = model(x)
        loss, _, _ = vae_loss(recon, x, mu, logvar, beta)
        tot += loss.item() * x.size(0)
    return tot / len(loader.dataset)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=50)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--latent", type=int, default=32)
    p.add_argument("--beta", type=float, default=1.0)
    p.add_argument("--resume", default="")
    p.add_argument("--out", default="results/vae")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tf = transforms.ToTensor()
    train_loader = DataLoader(datasets.MNIST("data", train=True, download=True, transform=tf),
                              batch_size=args.batch_size, shuffle=True, num_workers=2)
    test_loader = DataLoader(datasets.MNIST("data", train=False, transform=tf), batch_size=512)

    model = ConvVAE(latent_dim=args.latent)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.98)
    model = model.to(device)

    start_epoch, best = 0, float("inf")
    if args.resume:
        model, optimizer, start_epoch, best = load_checkpoint(args.resume, model, optimizer, scheduler, device)

    fixed_z = torch.randn(64, args.latent, device=device)
    for epoch in range(start_epoch, args.epochs):
        train_loss = run_epoch(model, train_loader, optimizer, device, args.beta)
        test_loss = test_epoch(model, test_loader, device, args.beta)
        scheduler.step()
        log.info("epoch %d: train %.2f test %.2f", epoch, train_loss, test_loss)

        with torch.no_grad():
            model.eval()
            samples = torch.sigmoid(model.decode(fixed_z))
            save_image(samples, os.path.join(args.out, f"sample_{epoch:03d}.png"), nrow=8)

        is_best = test_loss < best
        best = min(best, test_loss)
        save_checkpoint(os.path.join(args.out, "last.pt"), model, optimizer, scheduler, epoch, best)
        if is_best:
            save_checkpoint(os.path.join(args.out, "best.pt"), model, optimizer, scheduler, epoch, best)


if __name__ == "__main__":
    main()
