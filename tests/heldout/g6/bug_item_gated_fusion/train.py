import argparse

import torch
import torch.nn as nn
from sklearn.metrics import f1_score
from tqdm.auto import tqdm

from data import LABELS, get_loaders
from models import LateFusionClassifier


@torch.no_grad()
def evaluate(model, loader, device):
    model.eval()
    preds, gold = [], []
    for img, txt, y in loader:
        logits = model(img.to(device), txt.to(device))
        preds.append(logits.argmax(-1).cpu())
        gold.append(y)
    return f1_score(torch.cat(gold).numpy(), torch.cat(preds).numpy(), average="macro")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="memes_embeddings.npz")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--d-model", type=int, default=256)
    args = ap.parse_args()

    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_loader, val_loader, train_ds = get_loaders(args.data)
    d_img, d_txt = train_ds.dims

    model = LateFusionClassifier(d_img, d_txt, args.d_model, n_classes=len(LABELS)).to(device)
    criterion = nn.CrossEntropyLoss(weight=train_ds.class_weights().to(device))
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(
        optimizer, T_max=args.epochs * len(train_loader)
    )

    best_f1 = 0.0
    for epoch in range(args.epochs):
        model.train()
        bar = tqdm(train_loader, desc=f"ep{epoch}")
        for img, txt, y in bar:
            img, txt, y = img.to(device), txt.to(device), y.to(device)
            logits = model(img, txt)
            loss = criterion(logits, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            bar.set_postfix(loss=loss.item(), gate=torch.sigmoid(model.mix_logit).item())
        f1 = evaluate(model, val_loader, device)
        print(f"epoch {epoch}: val macro-F1 {f1:.4f}")
        if f1 > best_f1:
            best_f1 = f1
            torch.save(model.state_dict(), "fusion_best.pt")


if __name__ == "__main__":
    main()
