"""Minimal FixMatch on CIFAR-10 with 4000 labels."""
import argparse

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from torch.utils.data import DataLoader, Dataset, Subset
from torchvision import transforms

MEAN, STD = (0.4914, 0.4822, 0.4465), (0.2471, 0.2435, 0.2616)
weak_tf = transforms.Compose([transforms.RandomHorizontalFlip(), transforms.RandomCrop(32, 4, padding_mode="reflect"),
                              transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
strong_tf = transforms.Compose([transforms.RandomHorizontalFlip(), transforms.RandomCrop(32, 4, padding_mode="reflect"),
                                transforms.RandAugment(2, 10), transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
test_tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(MEAN, STD)])


class TwoViews(Dataset):
    def __init__(self, base):
        self.base = base

    def __len__(self):
        return len(self.base)

    def __getitem__(self, i):
        img, _ = self.base[i]
        return weak_tf(img), strong_tf(img)


def split_labeled(targets, n_labeled, n_classes=10, seed=0):
    rng = np.random.default_rng(seed)
    targets = np.asarray(targets)
    per_class = n_labeled // n_classes
    labeled = np.concatenate([rng.choice(np.where(targets == c)[0], per_class, replace=False) for c in range(n_classes)])
    return labeled


def infinite(loader):
    while True:
        for batch in loader:
            yield batch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n-labeled", type=int, default=4000)
    ap.add_argument("--iters", type=int, default=200000)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--mu", type=int, default=7)
    ap.add_argument("--threshold", type=float, default=0.95)
    ap.add_argument("--lambda-u", type=float, default=1.0)
    ap.add_argument("--lr", type=float, default=0.03)
    args = ap.parse_args()

    raw = torchvision.datasets.CIFAR10("data", train=True, download=True)
    labeled_idx = split_labeled(raw.targets, args.n_labeled)
    labeled_set = Subset(torchvision.datasets.CIFAR10("data", train=True, transform=weak_tf), labeled_idx)
    unlabeled_set = TwoViews(raw)
    test_set = torchvision.datasets.CIFAR10("data", train=False, transform=test_tf)

    lab_loader = DataLoader(labeled_set, batch_size=args.bs, shuffle=True, drop_last=True, num_workers=4)
    unl_loader = DataLoader(unlabeled_set, batch_size=args.bs * args.mu, shuffle=True, drop_last=True, num_workers=8)
    test_loader = DataLoader(test_set, batch_size=512, num_workers=4)

    device = torch.device("cuda")
    model = torchvision.models.resnet18(num_classes=10).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, nesterov=True, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda it: np.cos(7 * np.pi * it / (16 * args.iters)))

    lab_iter, unl_iter = infinite(lab_loader), infinite(unl_loader)
    model.train()
    for it in range(args.iters):
        x_l, y_l = next(lab_iter)
        u_weak, u_strong = next(unl_iter)
        x_l, y_l = x_l.to(device), y_l.to(device)
        u_weak, u_strong = u_weak.to(device), u_strong.to(device)

        logits_l = model(x_l)
        with torch.no_grad():
            pseudo = model(u_weak).softmax(0)  # EXPECT: TL014  # <- TL014
            conf, y_hat = pseudo.max(dim=1)
            mask = conf.ge(args.threshold).float()
        logits_s = model(u_strong)

        loss_x = F.cross_entropy(logits_l, y_l)
        loss_u = (F.cross_entropy(logits_s, y_hat, reduction="none") * mask).mean()
        loss = loss_x + args.lambda_u * loss_u

        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()

        if it % 1024 == 0:
            model.eval()
            correct = 0
            with torch.no_grad():
                for x, y in test_loader:
                    correct += (model(x.to(device)).argmax(1).cpu() == y).sum().item()
            model.train()
            print(f"iter {it} loss_x {loss_x.item():.3f} loss_u {loss_u.item():.3f} "
                  f"mask {mask.mean().item():.2f} test_acc {correct / len(test_set):.4f}")


if __name__ == "__main__":
    main()
