"""Sparse autoencoder for bulk RNA-seq expression profiles."""
import numpy as np
import torch
import torch.nn as nn


def mlp(dims, act=nn.ReLU, last_act=False, dropout=0.0):
    layers = []
    for i, (d_in, d_out) in enumerate(zip(dims[:-1], dims[1:])):
        layers.append(nn.Linear(d_in, d_out))
        if i < len(dims) - 2 or last_act:
            layers.append(nn.BatchNorm1d(d_out))
            layers.append(act())
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers)


class SparseAE(nn.Module):
    """Encoder -> soft-thresholded code -> decoder.

    The shrinkage operator (as in ISTA) pushes small code entries to exactly zero so the
    learned programs stay interpretable.
    """

    def __init__(self, n_genes, hidden=(1024, 256), latent=64, lam=0.05, dropout=0.1):
        super().__init__()
        self.lam = lam
        self.encoder = mlp([n_genes, *hidden, latent], dropout=dropout)
        self.decoder = mlp([latent, *reversed(hidden), n_genes], dropout=dropout)

    def _soft_threshold(self, z):
        z_np = z.detach().cpu().numpy()  # EXPECT: TL010  # <- TL010
        z_np = np.sign(z_np) * np.maximum(np.abs(z_np) - self.lam, 0.0)
        return torch.from_numpy(z_np).to(z.device)

    def encode(self, x):
        z = self.encoder(x)
        return self._soft_threshold(z)

    def forward(self, x):
        code = self.encode(x)
        recon = self.decoder(code)
        return recon, code

    @torch.no_grad()
    def sparsity(self, x):
        code = self.encode(x)
        return (code == 0).float().mean().item()
