import argparse
import os

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

from engine import TinyGPT, estimate_loss, train_step


class TokenBlocks(Dataset):
    def __init__(self, bin_path, block_size):
        self.data = np.memmap(bin_path, dtype=np.uint16, mode="r")
        self.block_size = block_size

    def __len__(self):
        return (len(self.data) - 1) // self.block_size

    def __getitem__(self, i):
        s = i * self.block_size
        chunk = torch.from_numpy(self.data[s:s + self.block_size + 1].astype(np.int64))
        return chunk[:-1], chunk[1:]


def get_args():
    p = argparse.ArgumentParser()
    p.add_argument("--data-dir", default="data/openwebtext_small")
    p.add_argument("--vocab-size", type=int, default=50304)
    p.add_argument("--block-size", type=int, default=256)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--lr", type=float, default=6e-4)
    p.add_argument("--eval-every", type=int, default=500)
    p.add_argument("--out", default="ckpt/tinygpt.pt")
    return p.parse_args()


def main():
    args = get_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_ds = TokenBlocks(os.path.join(args.data_dir, "train.bin"), args.block_size)
    val_ds = TokenBlocks(os.path.join(args.data_dir, "val.bin"), args.block_size)
    train_loader = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True, drop_last=True, num_workers=2)
    val_loader = DataLoader(val_ds, batch_size=args.batch_size, shuffle=True, num_workers=2)

    model = TinyGPT(args.vocab_size, block_size=args.block_size).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=0.1)

    step = 0
    best_val = float("inf")
    for epoch in range(args.epochs):
        model.train()
        epoch_loss, window = 0.0, []
        for batch in train_loader:
            loss = train_step(model, batch, optimizer, device)
            epoch_loss += loss
            window.append(loss)
            step += 1
            if step % args.eval_every == 0:
                val_loss, val_ppl = estimate_loss(model, val_loader, device)
                print(f"step {step}: train {sum(window) / len(window):.4f} val {val_loss:.4f} ppl {val_ppl:.1f}")
                window.clear()
                if val_loss < best_val:
                    best_val = val_loss
                    os.makedirs(os.path.dirname(args.out), exist_ok=True)
                    torch.save({"model": model.state_dict(), "step": step}, args.out)
        print(f"epoch {epoch} mean train loss {epoch_loss / len(train_loader):.4f}")


if __name__ == "__main__":
    main()
