import argparse
import os
import random
from collections import defaultdict

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms
from torchvision.datasets import ImageFolder

from engine import recall_at_k, train_one_epoch
from models import EmbeddingNet, TripletNet


class TripletDataset(Dataset):
    def __init__(self, folder: ImageFolder):
        self.folder = folder
        self.by_class = defaultdict(list)
        for idx, (_, label) in enumerate(folder.samples):
            self.by_class[label].append(idx)
        self.labels = list(self.by_class)

    def __len__(self):
        return len(self.folder)

    def __getitem__(self, idx):
        anchor, label = self.folder[idx]
        pos_idx = random.choice(self.by_class[label])
        neg_label = random.choice([l for l in self.labels if l != label])
        neg_idx = random.choice(self.by_class[neg_label])
        return anchor, self.folder[pos_idx][0], self.folder[neg_idx][0]


def main():
    ap = argparse.ArgumentParser(description="Triplet metric learning on CUB-200")
    ap.add_argument("--root", default="data/CUB_200_2011/split")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--bs", type=int, default=48)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--margin", type=float, default=0.2)
    ap.add_argument("--step-size", type=int, default=15)
    ap.add_argument("--out", default="runs/triplet")
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    norm = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    train_tf = transforms.Compose([transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(),
                                   transforms.ToTensor(), norm])
    eval_tf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(), norm])
    train_ds = TripletDataset(ImageFolder(os.path.join(args.root, "train"), train_tf))
    eval_ds = ImageFolder(os.path.join(args.root, "test"), eval_tf)
    train_loader = DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=8, drop_last=True)
    eval_loader = DataLoader(eval_ds, batch_size=128, num_workers=8)

    model = TripletNet(EmbeddingNet()).to(device)
    criterion = nn.TripletMarginLoss(margin=args.margin)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=1e-5)
    lr_scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=args.step_size, gamma=0.1)

    os.makedirs(args.out, exist_ok=True)
    best_r1 = 0.0
    for epoch in range(1, args.epochs + 1):
        loss, frac_active = train_one_epoch(model, train_loader, optimizer, criterion, device, epoch,
                                            lr_scheduler=lr_scheduler)
        lr_scheduler.step()
        metrics = recall_at_k(model, eval_loader, device)
        print(f"epoch {epoch}: loss {loss:.4f} active triplets {frac_active:.2%} {metrics}")
        if metrics["R@1"] > best_r1:
            best_r1 = metrics["R@1"]
            torch.save(model.state_dict(), os.path.join(args.out, "best.pt"))


if __name__ == "__main__":
    main()
