"""Multi-task face attribute model: landmarks regression + attribute classification + pose."""
import argparse
from collections import defaultdict

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torch.utils.data import DataLoader
from torchvision import transforms
from torchvision.datasets import CelebA


class MultiTaskNet(nn.Module):
    def __init__(self, n_attrs=40, n_landmarks=5):
        super().__init__()
        backbone = torchvision.models.resnet34(weights="IMAGENET1K_V1")
        feat_dim = backbone.fc.in_features
        backbone.fc = nn.Identity()
        self.backbone = backbone
        self.attr_head = nn.Linear(feat_dim, n_attrs)
        self.lmk_head = nn.Sequential(nn.Linear(feat_dim, 256), nn.ReLU(), nn.Linear(256, n_landmarks * 2))

    def forward(self, x):
        f = self.backbone(x)
        return {"attrs": self.attr_head(f), "landmarks": self.lmk_head(f)}


class MultiTaskLoss(nn.Module):
    def __init__(self, w_attr=1.0, w_lmk=10.0):
        super().__init__()
        self.w_attr = w_attr
        self.w_lmk = w_lmk

    def forward(self, outputs, attrs, landmarks):
        return {
            "attr": self.w_attr * F.binary_cross_entropy_with_logits(outputs["attrs"], attrs.float()),
            "lmk": self.w_lmk * F.smooth_l1_loss(outputs["landmarks"], landmarks, beta=0.01),
        }


def get_loader(root, split, batch_size, workers):
    tf = transforms.Compose([
        transforms.CenterCrop(178), transforms.Resize(128), transforms.ToTensor(),
        transforms.Normalize([0.5] * 3, [0.5] * 3),
    ])
    ds = CelebA(root, split=split, target_type=["attr", "landmarks"], transform=tf, download=False)
    return DataLoader(ds, batch_size=batch_size, shuffle=(split == "train"), num_workers=workers,
                      pin_memory=True, drop_last=(split == "train"))


def normalize_landmarks(lmk):
    # raw CelebA aligned landmarks are in a 178x218 frame
    return lmk.float() / torch.tensor([178.0, 218.0], device=lmk.device).repeat(lmk.size(1) // 2)


def train_one_epoch(net, loader, criterion, opt, device, epoch, log_interval=200):
    net.train()
    running = defaultdict(float)
    for step, (images, (attrs, lmks)) in enumerate(loader):
        images = images.to(device, non_blocking=True)
        attrs, lmks = attrs.to(device), normalize_landmarks(lmks.to(device))

        loss_dict = criterion(net(images), attrs, lmks)
        loss = sum(loss_dict.values())

        opt.zero_grad()
        loss.backward()
        opt.step()

        for k, v in loss_dict.items():
            running[k] += v  # EXPECT: TL006  # <- TL006
        running["total"] += loss.item()
        if (step + 1) % log_interval == 0:
            msg = " ".join(f"{k}={float(v) / (step + 1):.4f}" for k, v in running.items())
            print(f"epoch {epoch} step {step + 1}/{len(loader)} {msg}")
    return {k: float(v) / len(loader) for k, v in running.items()}


@torch.no_grad()
def evaluate(net, loader, device):
    net.eval()
    attr_correct, attr_total, lmk_err, n = 0, 0, 0.0, 0
    for images, (attrs, lmks) in loader:
        images, attrs = images.to(device), attrs.to(device)
        lmks = normalize_landmarks(lmks.to(device))
        out = net(images)
        attr_correct += ((out["attrs"] > 0).long() == attrs).sum().item()
        attr_total += attrs.numel()
        lmk_err += (out["landmarks"] - lmks).abs().mean(dim=1).sum().item()
        n += images.size(0)
    return attr_correct / attr_total, lmk_err / n


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default="/data")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()

    device = torch.device("cuda")
    train_loader = get_loader(args.root, "train", args.batch_size, args.workers)
    val_loader = get_loader(args.root, "valid", args.batch_size, args.workers)

    net = MultiTaskNet().to(device)
    criterion = MultiTaskLoss()
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[8, 12], gamma=0.1)

    for epoch in range(args.epochs):
        stats = train_one_epoch(net, train_loader, criterion, opt, device, epoch)
        attr_acc, lmk_mae = evaluate(net, val_loader, device)
        sched.step()
        print(f"[epoch {epoch}] train {stats} | val attr acc {attr_acc:.4f} lmk mae {lmk_mae:.4f}")
        torch.save(net.state_dict(), f"multitask_e{epoch}.pt")


if __name__ == "__main__":
    main()
