import argparse

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from trainer import VAETrainer
from vae import ConvVAE


def main():
    parser = argparse.ArgumentParser(description="Conv-VAE on (Fashion-)MNIST")
    parser.add_argument("--dataset", choices=["mnist", "fashion"], default="fashion")
    parser.add_argument("--latent", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    ds_cls = datasets.MNIST if args.dataset == "mnist" else datasets.FashionMNIST
    tfm = transforms.ToTensor()
    train_set = ds_cls("data", train=True, download=True, transform=tfm)
    test_set = ds_cls("data", train=False, download=True, transform=tfm)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True, num_workers=2)
    test_loader = DataLoader(test_set, batch_size=512, shuffle=False, num_workers=2)

    model = ConvVAE(latent_dim=args.latent).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999))

    trainer = VAETrainer(model, optimizer, device, log_dir=f"runs/vae_{args.dataset}")
    best = trainer.train(train_loader, test_loader, args.epochs)
    print(f"best test loss: {best:.2f}")


if __name__ == "__main__":
    main()
