import argparse

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from model import ConvMoEEncoder


def load_uea(path):
    arr = np.load(path)
    x = torch.tensor(arr["X"], dtype=torch.float32)  # (N, C, T)
    y = torch.tensor(arr["y"], dtype=torch.long)
    x = (x - x.mean(dim=(0, 2), keepdim=True)) / (x.std(dim=(0, 2), keepdim=True) + 1e-6)
    return TensorDataset(x, y)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", default="data/uea/train.npz")
    parser.add_argument("--test", default="data/uea/test.npz")
    parser.add_argument("--experts", type=int, default=4)
    parser.add_argument("--aux-weight", type=float, default=0.01)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    train_ds, test_ds = load_uea(args.train), load_uea(args.test)
    in_ch = train_ds.tensors[0].shape[1]
    n_cls = int(train_ds.tensors[1].max()) + 1
    train_dl = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True)
    test_dl = DataLoader(test_ds, batch_size=256)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    encoder = ConvMoEEncoder(in_ch, n_cls, num_experts=args.experts).to(device)
    crit = nn.CrossEntropyLoss()
    opt = torch.optim.AdamW(encoder.parameters(), lr=args.lr, weight_decay=1e-2)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)

    best = 0.0
    for epoch in range(args.epochs):
        encoder.train()
        for x, y in train_dl:
            x, y = x.to(device), y.to(device)
            logits, aux = encoder(x)
            loss = crit(logits, y) + args.aux_weight * aux
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()

        encoder.eval()
        hits = total = 0
        with torch.no_grad():
            for x, y in test_dl:
                logits, _ = encoder(x.to(device))
                hits += (logits.argmax(-1).cpu() == y).sum().item()
                total += len(y)
        acc = hits / total
        best = max(best, acc)
        if epoch % 10 == 0 or epoch == args.epochs - 1:
            print(f"epoch {epoch:3d} loss {loss.item():.4f} test acc {acc:.4f} (best {best:.4f})")


if __name__ == "__main__":
    main()
