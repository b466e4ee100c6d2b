import argparse
import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from tqdm import tqdm

from audio_data import KeywordDataset, read_split
from model import AudioCNN, SpecAugment, mixup


def main():
    ap = argparse.ArgumentParser(description="ESC-50 fold-wise training")
    ap.add_argument("--root", default="ESC-50/audio")
    ap.add_argument("--meta", default="ESC-50/meta/esc50.csv")
    ap.add_argument("--test-fold", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--amp", action="store_true")
    ap.add_argument("--ckpt-dir", default="ckpt")
    args = ap.parse_args()

    device = "cuda" if torch.cuda.is_available() else "cpu"
    items = read_split(args.meta)
    train_items = [it for it in items if it[2] != args.test_fold]
    test_items = [it for it in items if it[2] == args.test_fold]
    n_classes = max(it[1] for it in items) + 1

    train_ds = KeywordDataset(args.root, train_items, clip_seconds=5.0, augment=True)
    test_ds = KeywordDataset(args.root, test_items, clip_seconds=5.0)
    train_dl = DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=6, drop_last=True)
    test_dl = DataLoader(test_ds, batch_size=64, num_workers=6)

    model = AudioCNN(n_classes).to(device)
    spec_aug = SpecAugment().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-2)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr,
                                                    total_steps=args.epochs * len(train_dl))
    grad_scaler = torch.cuda.amp.GradScaler(enabled=args.amp)
    soft_ce = nn.CrossEntropyLoss()

    os.makedirs(args.ckpt_dir, exist_ok=True)
    best_acc = 0.0
    for epoch in range(args.epochs):
        model.train()
        spec_aug.train()
        for spec, label in tqdm(train_dl, desc=f"epoch {epoch}", leave=False):
            spec, label = spec.to(device), label.to(device)
            spec, target = mixup(spec_aug(spec), label, n_classes)
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=args.amp):
                loss = soft_ce(model(spec), target)
            grad_scaler.scale(loss).backward()
            grad_scaler.step(optimizer)
            grad_scaler.update()
            scheduler.step()

        model.eval()
        correct = total = 0
        with torch.no_grad():
            for spec, label in test_dl:
                pred = model(spec.to(device)).argmax(1).cpu()
                correct += (pred == label).sum().item()
                total += label.numel()
        acc = correct / total
        print(f"epoch {epoch}: loss {loss.item():.4f} fold-{args.test_fold} acc {acc:.4f}")
        if acc > best_acc:
            best_acc = acc
            torch.save(model.state_dict(), os.path.join(args.ckpt_dir, f"fold{args.test_fold}.pt"))


if __name__ == "__main__":
    main()
