"""WGAN-GP on MNIST; optionally restarts the critic from scratch every few epochs."""
import argparse
import os

import torch
import torch.nn as nn
from torch import autograd
from torchvision import datasets, transforms
from torchvision.utils import save_image

LATENT = 128


class G(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(LATENT, 4 * 4 * 256), nn.ReLU(True))
        self.net = nn.Sequential(
            nn.ConvTranspose2d(256, 128, 4, 2, 1), nn.BatchNorm2d(128), nn.ReLU(True),  # 8
            nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(True),    # 16
            nn.ConvTranspose2d(64, 1, 4, 2, 3), nn.Tanh(),                              # 28
        )

    def forward(self, z):
        return self.net(self.fc(z).view(-1, 256, 4, 4))


class Critic(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 64, 4, 2, 1), nn.LeakyReLU(0.2, True),
            nn.Conv2d(64, 128, 4, 2, 1), nn.LeakyReLU(0.2, True),
            nn.Conv2d(128, 256, 3, 2, 1), nn.LeakyReLU(0.2, True),
            nn.Flatten(), nn.Linear(256 * 4 * 4, 1),
        )

    def forward(self, x):
        return self.net(x).view(-1)


def gradient_penalty(critic, real, fake):
    eps = torch.rand(real.size(0), 1, 1, 1, device=real.device)
    mix = (eps * real + (1 - eps) * fake).requires_grad_(True)
    grads = autograd.grad(critic(mix).sum(), mix, create_graph=True)[0]
    return ((grads.view(grads.size(0), -1).norm(2, dim=1) - 1) ** 2).mean()


def make_critic(args, device):
    critic = Critic().to(device)
    opt_c = torch.optim.Adam(critic.parameters(), lr=args.lr, betas=(0.0, 0.9))
    return critic, opt_c


def train(args):
    device = "cuda" if torch.cuda.is_available() else "cpu"
    os.makedirs(args.out, exist_ok=True)
    loader = torch.utils.data.DataLoader(
        datasets.MNIST("data", train=True, download=True,
                       transform=transforms.Compose([transforms.ToTensor(), transforms.Normalize([0.5], [0.5])])),
        batch_size=args.bs, shuffle=True, drop_last=True, num_workers=2)

    gen = G().to(device)
    opt_g = torch.optim.Adam(gen.parameters(), lr=args.lr, betas=(0.0, 0.9))
    critic, opt_c = make_critic(args, device)
    fixed_z = torch.randn(100, LATENT, device=device)

    for epoch in range(args.epochs):
        if args.critic_restart and epoch > 0 and epoch % args.critic_restart == 0:
            print(f"epoch {epoch}: restarting critic")
            critic, opt_c = make_critic(args, device)

        for i, (real, _) in enumerate(loader):
            real = real.to(device)
            z = torch.randn(real.size(0), LATENT, device=device)
            fake = gen(z).detach()
            loss_c = critic(fake).mean() - critic(real).mean() + args.gp * gradient_penalty(critic, real, fake)
            opt_c.zero_grad()
            loss_c.backward()
            opt_c.step()

            if i % args.n_critic == 0:
                z = torch.randn(real.size(0), LATENT, device=device)
                loss_g = -critic(gen(z)).mean()
                opt_g.zero_grad()
                loss_g.backward()
                opt_g.step()

            if i % 200 == 0:
                print(f"[{epoch}/{args.epochs}] [{i}/{len(loader)}] C: {loss_c.item():.3f} G: {loss_g.item():.3f}")

        gen.eval()
        with torch.no_grad():
            save_image(gen(fixed_z) * 0.5 + 0.5, f"{args.out}/epoch_{epoch:03d}.png", nrow=10)
        gen.train()
        torch.save(gen.state_dict(), f"{args.out}/gen.pt")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--gp", type=float, default=10.0)
    ap.add_argument("--n_critic", type=int, default=5)
    ap.add_argument("--critic_restart", type=int, default=0)
    ap.add_argument("--out", default="wgan_samples")
    train(ap.parse_args())
