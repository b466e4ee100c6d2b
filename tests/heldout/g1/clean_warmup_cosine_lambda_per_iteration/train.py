import argparse
import time

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T
from torch.utils.data import DataLoader

from schedulers import build_scheduler


class PatchEmbed(nn.Module):
    def __init__(self, img_size=32, patch=4, dim=384):
        super().__init__()
        self.proj = nn.Conv2d(3, dim, patch, stride=patch)
        self.num_patches = (img_size // patch) ** 2

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class ViT(nn.Module):
    def __init__(self, num_classes=100, dim=384, depth=7, heads=6, mlp_ratio=4, drop=0.1):
        super().__init__()
        self.patch = PatchEmbed(dim=dim)
        self.cls = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos = nn.Parameter(torch.randn(1, self.patch.num_patches + 1, dim) * 0.02)
        layer = nn.TransformerEncoderLayer(dim, heads, dim * mlp_ratio, drop, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, depth)
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        x = self.patch(x)
        x = torch.cat([self.cls.expand(x.size(0), -1, -1), x], dim=1) + self.pos
        x = self.norm(self.encoder(x))
        return self.head(x[:, 0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--bs", type=int, default=256)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup-epochs", type=int, default=5)
    ap.add_argument("--schedule", default="cosine")
    ap.add_argument("--data", default="./data")
    args = ap.parse_args()

    device = torch.device("cuda")
    mean, std = (0.5071, 0.4865, 0.4409), (0.2673, 0.2564, 0.2762)
    train_tf = T.Compose([T.RandomCrop(32, padding=4), T.RandomHorizontalFlip(), T.AutoAugment(T.AutoAugmentPolicy.CIFAR10),
                          T.ToTensor(), T.Normalize(mean, std)])
    test_tf = T.Compose([T.ToTensor(), T.Normalize(mean, std)])
    train_loader = DataLoader(torchvision.datasets.CIFAR100(args.data, True, train_tf, download=True),
                              batch_size=args.bs, shuffle=True, num_workers=8, drop_last=True, pin_memory=True)
    test_loader = DataLoader(torchvision.datasets.CIFAR100(args.data, False, test_tf, download=True),
                             batch_size=512, num_workers=8)

    model = ViT().to(device)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.999), weight_decay=0.05)
    steps_per_epoch = len(train_loader)
    scheduler = build_scheduler(args.schedule, optimizer,
                                warmup_steps=args.warmup_epochs * steps_per_epoch,
                                total_steps=args.epochs * steps_per_epoch)

    def train_step(batch):
        images, labels = (t.to(device, non_blocking=True) for t in batch)
        logits = model(images)
        loss = criterion(logits, labels)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        return loss.item()

    @torch.no_grad()
    def evaluate():
        model.eval()
        correct = total = 0
        for images, labels in test_loader:
            images, labels = images.to(device), labels.to(device)
            correct += (model(images).argmax(-1) == labels).sum().item()
            total += labels.numel()
        return correct / total

    global_step = 0
    for epoch in range(args.epochs):
        model.train()
        t0, running = time.time(), 0.0
        for batch in train_loader:
            running += train_step(batch)
            global_step += 1
            if global_step % 100 == 0:
                print(f"step {global_step} lr {scheduler.get_last_lr()[0]:.2e}")
        acc = evaluate()
        print(f"epoch {epoch}: loss {running / steps_per_epoch:.4f} test acc {acc:.4f} ({time.time() - t0:.0f}s)")
    torch.save(model.state_dict(), "vit_cifar100.pt")


if __name__ == "__main__":
    main()
