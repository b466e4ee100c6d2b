"""Offline signature verification with a Siamese CNN (CEDAR / GPDS-style pairs)."""
import argparse
import logging

import torch
from torch.utils.data import DataLoader

from pairs import SignaturePairs
from siamese import ContrastiveLoss, SiameseNet
from tools.weights import load_weights

logging.basicConfig(level=logging.INFO)


def run(args):
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_dl = DataLoader(SignaturePairs(args.root, "train"), args.bs, shuffle=True, num_workers=4)
    val_dl = DataLoader(SignaturePairs(args.root, "val"), args.bs, num_workers=4)

    model = SiameseNet(args.emb_dim)
    opt = torch.optim.RMSprop(model.parameters(), lr=args.lr, alpha=0.99, eps=1e-8,
                              weight_decay=5e-4, momentum=0.9)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.1)
    crit = ContrastiveLoss(margin=args.margin)

    if args.init:
        model = load_weights(model, args.init, device=device)
    model = model.to(device)

    for epoch in range(args.epochs):
        model.train()
        total = 0.0
        for a, b, same in train_dl:
            a, b, same = a.to(device), b.to(device), same.float().to(device)
            opt.zero_grad()
            ea, eb = model(a, b)
            loss = crit(ea, eb, same)
            loss.backward()
            opt.step()
            total += loss.item()
        sched.step()

        model.eval()
        correct = n = 0
        with torch.no_grad():
            for a, b, same in val_dl:
                ea, eb = model(a.to(device), b.to(device))
                d = (ea - eb).norm(dim=1).cpu()
                correct += ((d < args.margin / 2).long() == same).sum().item()
                n += same.numel()
        logging.info("epoch %d loss %.4f val acc %.4f", epoch, total / len(train_dl), correct / n)

    torch.save(model.state_dict(), args.out)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="data/signatures")
    ap.add_argument("--init", default="")
    ap.add_argument("--out", default="siamese.pth")
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--emb-dim", type=int, default=128)
    ap.add_argument("--margin", type=float, default=1.0)
    run(ap.parse_args())
