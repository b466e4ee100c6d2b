import argparse
import math

import torch
import torchvision
import torchvision.transforms as T
from torch.utils.data import DataLoader

from losses import collapse_stats, symmetric_byol_loss
from models import BYOL


class TwoViews:
    def __init__(self, size=96):
        self.tf = T.Compose([
            T.RandomResizedCrop(size, scale=(0.2, 1.0)),
            T.RandomHorizontalFlip(),
            T.RandomApply([T.ColorJitter(0.4, 0.4, 0.2, 0.1)], p=0.8),
            T.RandomGrayscale(p=0.2),
            T.RandomApply([T.GaussianBlur(9, sigma=(0.1, 2.0))], p=0.5),
            T.ToTensor(),
            T.Normalize((0.4467, 0.4398, 0.4066), (0.2603, 0.2566, 0.2713)),
        ])

    def __call__(self, img):
        return self.tf(img), self.tf(img)


def cosine_tau(step, total, base=0.996):
    return 1 - (1 - base) * (math.cos(math.pi * step / total) + 1) / 2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="./data")
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--wd", type=float, default=1e-6)
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    ds = torchvision.datasets.STL10(args.data, split="unlabeled", download=True, transform=TwoViews())
    loader = DataLoader(ds, batch_size=args.batch_size, shuffle=True, num_workers=8,
                        drop_last=True, pin_memory=True)

    model = BYOL().to(device)
    optimizer = torch.optim.AdamW(model.online_parameters(), lr=args.lr, weight_decay=args.wd)
    total_steps = args.epochs * len(loader)
    step = 0
    for epoch in range(args.epochs):
        model.train()
        running = 0.0
        for (v1, v2), _ in loader:
            v1 = v1.to(device, non_blocking=True)
            v2 = v2.to(device, non_blocking=True)
            p1, p2, t1, t2 = model(v1, v2)
            loss = symmetric_byol_loss(p1, p2, t1, t2)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            model.update_target(cosine_tau(step, total_steps))
            step += 1
            running += loss.item()
            if step % 200 == 0:
                stats = collapse_stats(p1)
                print(f"step {step}/{total_steps} loss {loss.item():.4f} "
                      f"emb_std {stats['emb_std']:.4f} center_norm {model.center.center.norm().item():.3f}")
        print(f"epoch {epoch}: mean loss {running / len(loader):.4f}")
        torch.save(model.online_encoder.state_dict(), "byol_resnet18_encoder.pt")


if __name__ == "__main__":
    main()
