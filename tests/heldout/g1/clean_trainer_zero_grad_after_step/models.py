import torch
import torch.nn as nn


class ConvAutoencoder(nn.Module):
    def __init__(self, latent_ch=32):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 32, 3, stride=2, padding=1), nn.BatchNorm2d(32), nn.LeakyReLU(0.2),
            nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.BatchNorm2d(64), nn.LeakyReLU(0.2),
            nn.Conv2d(64, latent_ch, 3, padding=1),
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(latent_ch, 64, 4, stride=2, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
            nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 1, 3, padding=1), nn.Sigmoid(),
        )

    def forward(self, x):
        return self.decoder(self.encoder(x))


def count_parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


class GaussianNoise:
    def __init__(self, std=0.3):
        self.std = std

    def __call__(self, x):
        return (x + self.std * torch.randn_like(x)).clamp(0.0, 1.0)


def psnr(pred, target, max_val=1.0):
    mse = torch.mean((pred - target) ** 2, dim=(1, 2, 3))
    return (10 * torch.log10(max_val ** 2 / mse)).mean()


def build(name="conv_ae", **kw):
    if name == "conv_ae":
        return ConvAutoencoder(**kw)
    raise KeyError(name)


__all__ = ["ConvAutoencoder", "GaussianNoise", "build", "count_parameters", "psnr"]
