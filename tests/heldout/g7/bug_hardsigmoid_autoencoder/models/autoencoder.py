import torch
import torch.nn as nn


def _init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)


class DenseAutoEncoder(nn.Module):
    """Fully connected autoencoder for 28x28 images (quantization-friendly activations)."""

    def __init__(self, in_dim=784, code_dim=32, widths=(512, 256, 128)):
        super().__init__()
        w1, w2, w3 = widths
        self.encoder = nn.Sequential(  # EXPECT: TL012  # <- TL012
            nn.Linear(in_dim, w1),
            nn.Hardsigmoid(),
            nn.Linear(w1, w2),
            nn.Hardsigmoid(),
            nn.Linear(w2, w3),
            nn.Hardsigmoid(),
            nn.Linear(w3, code_dim),
        )
        self.decoder = nn.Sequential(
            nn.Linear(code_dim, w3),
            nn.ReLU(inplace=True),
            nn.Linear(w3, w2),
            nn.ReLU(inplace=True),
            nn.Linear(w2, w1),
            nn.ReLU(inplace=True),
            nn.Linear(w1, in_dim),
            nn.Sigmoid(),
        )
        self.apply(_init_weights)

    def encode(self, x):
        return self.encoder(x.flatten(1))

    def forward(self, x):
        z = self.encode(x)
        recon = self.decoder(z)
        return recon.view_as(x), z
