import argparse
import logging

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from models import build, count_parameters
from trainer import DenoiseTrainer


def main():
    parser = argparse.ArgumentParser(description="Denoising autoencoder on FashionMNIST")
    parser.add_argument("--root", default="~/.cache/fmnist")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--noise", type=float, default=0.3)
    parser.add_argument("--latent", type=int, default=32)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s | %(message)s")

    tf = transforms.ToTensor()
    train_set = datasets.FashionMNIST(args.root, train=True, download=True, transform=tf)
    val_set = datasets.FashionMNIST(args.root, train=False, download=True, transform=tf)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True, num_workers=4, drop_last=True)
    val_loader = DataLoader(val_set, batch_size=512, num_workers=4)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = build("conv_ae", latent_ch=args.latent)
    logging.info("params: %.2fM", count_parameters(model) / 1e6)
    trainer = DenoiseTrainer(model, train_loader, val_loader, epochs=args.epochs, lr=args.lr,
                             noise_std=args.noise, device=device)
    best = trainer.fit()
    logging.info("best val PSNR %.2f dB", best)


if __name__ == "__main__":
    main()
