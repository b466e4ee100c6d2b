import argparse
import json

import torch
import torch.nn.functional as F

from data import make_loaders
from models import SparseAE


def run_epoch(model, loader, device, optimizer=None):
    training = optimizer is not None
    model.train(training)
    total, n = 0.0, 0
    with torch.set_grad_enabled(training):
        for noisy, clean in loader:
            noisy, clean = noisy.to(device), clean.to(device)
            recon, code = model(noisy)
            loss = F.mse_loss(recon, clean)
            if training:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            total += loss.item() * noisy.size(0)
            n += noisy.size(0)
    return total / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="tcga_counts.npz")
    ap.add_argument("--config", default=None, help="optional json with hyper-parameters")
    ap.add_argument("--epochs", type=int, default=80)
    args = ap.parse_args()

    hp = {"latent": 64, "lam": 0.05, "lr": 1e-3, "batch_size": 128, "noise_std": 0.1}
    if args.config:
        with open(args.config) as f:
            hp.update(json.load(f))

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader, val_loader, n_genes = make_loaders(
        args.data, batch_size=hp["batch_size"], noise_std=hp["noise_std"]
    )
    model = SparseAE(n_genes, latent=hp["latent"], lam=hp["lam"]).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=hp["lr"])

    for epoch in range(args.epochs):
        tr = run_epoch(model, train_loader, device, optimizer)
        va = run_epoch(model, val_loader, device)
        if epoch % 5 == 0:
            xb, _ = next(iter(val_loader))
            model.eval()
            sp = model.sparsity(xb.to(device))
            print(f"epoch {epoch:3d}  train {tr:.4f}  val {va:.4f}  code sparsity {sp:.2%}")
    torch.save(model.state_dict(), "sparse_ae.pt")


if __name__ == "__main__":
    main()
