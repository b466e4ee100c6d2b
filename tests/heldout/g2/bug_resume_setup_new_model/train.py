import argparse
import logging
import os

import torch
from torch.utils.data import DataLoader, TensorDataset

from engine import setup_training, train_one_epoch, evaluate
from engine.setup import save_checkpoint

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
log = logging.getLogger("train")


def get_args():
    p = argparse.ArgumentParser("TextCNN sentiment classifier")
    p.add_argument("--data", default="data/sst2_tokenized.pt")
    p.add_argument("--out", default="runs/textcnn")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--lr-step", type=int, default=8)
    p.add_argument("--embed-dim", type=int, default=300)
    p.add_argument("--num-filters", type=int, default=100)
    p.add_argument("--kernel-sizes", type=int, nargs="+", default=[3, 4, 5])
    p.add_argument("--num-classes", type=int, default=2)
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--resume", default="")
    return p.parse_args()


def make_loaders(path, batch_size):
    blob = torch.load(path)
    train_ds = TensorDataset(blob["train_x"], blob["train_y"])
    val_ds = TensorDataset(blob["val_x"], blob["val_y"])
    return (
        DataLoader(train_ds, batch_size=batch_size, shuffle=True, drop_last=True),
        DataLoader(val_ds, batch_size=256),
        blob["vocab_size"],
    )


def main():
    args = get_args()
    os.makedirs(args.out, exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    train_loader, val_loader, vocab_size = make_loaders(args.data, args.batch_size)
    model, optimizer, scheduler, start_epoch, best_acc = setup_training(args, vocab_size, device)

    for epoch in range(start_epoch, args.epochs):
        tr_loss, tr_acc = train_one_epoch(model, train_loader, optimizer, device)
        va_loss, va_acc = evaluate(model, val_loader, device)
        scheduler.step()
        log.info("epoch %d | train %.4f / %.3f | val %.4f / %.3f",
                 epoch, tr_loss, tr_acc, va_loss, va_acc)

        save_checkpoint(os.path.join(args.out, "last.pt"), model, optimizer, scheduler, epoch, best_acc)
        if va_acc > best_acc:
            best_acc = va_acc
            torch.save(model.state_dict(), os.path.join(args.out, "best.pt"))

    log.info("best val acc %.4f", best_acc)


if __name__ == "__main__":
    main()
