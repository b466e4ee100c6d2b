import argparse

import torch
import torchvision
from torch.utils.data import DataLoader
from torchvision import transforms
from tqdm import tqdm

from distill import DistillationLoss, agreement


def get_loaders(root, bs):
    norm = transforms.Normalize((0.5071, 0.4865, 0.4409), (0.2673, 0.2564, 0.2762))
    train_tf = transforms.Compose([transforms.RandomCrop(32, padding=4), transforms.RandomHorizontalFlip(),
                                   transforms.ToTensor(), norm])
    test_tf = transforms.Compose([transforms.ToTensor(), norm])
    train = torchvision.datasets.CIFAR100(root, train=True, download=True, transform=train_tf)
    test = torchvision.datasets.CIFAR100(root, train=False, download=True, transform=test_tf)
    return (DataLoader(train, batch_size=bs, shuffle=True, num_workers=4, pin_memory=True),
            DataLoader(test, batch_size=256, num_workers=4))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--teacher-ckpt", default="ckpt/resnet50_cifar100.pt")
    ap.add_argument("--epochs", type=int, default=120)
    ap.add_argument("--bs", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--T", type=float, default=4.0)
    ap.add_argument("--alpha", type=float, default=0.9)
    args = ap.parse_args()

    device = torch.device("cuda")
    train_loader, test_loader = get_loaders("data", args.bs)

    teacher = torchvision.models.resnet50(num_classes=100)
    teacher.load_state_dict(torch.load(args.teacher_ckpt, map_location="cpu"))
    teacher.to(device).eval()
    for p in teacher.parameters():
        p.requires_grad_(False)

    student = torchvision.models.mobilenet_v3_small(num_classes=100).to(device)
    optimizer = torch.optim.SGD(student.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    criterion = DistillationLoss(args.T, args.alpha)

    for epoch in range(args.epochs):
        student.train()
        pbar = tqdm(train_loader, desc=f"kd epoch {epoch}")
        for images, targets in pbar:
            images, targets = images.to(device), targets.to(device)
            with torch.no_grad():
                t_logits = teacher(images)
            s_logits = student(images)
            loss, kd, ce = criterion(s_logits, t_logits, targets)  # <- TL014
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            pbar.set_postfix(kd=f"{kd.item():.3f}", ce=f"{ce.item():.3f}", agree=f"{agreement(s_logits, t_logits):.2f}")
        scheduler.step()

        student.eval()
        correct = 0
        with torch.no_grad():
            for images, targets in test_loader:
                correct += (student(images.to(device)).argmax(1).cpu() == targets).sum().item()
        print(f"epoch {epoch}: student top-1 {correct / len(test_loader.dataset):.4f}")

    torch.save(student.state_dict(), "mbv3s_kd.pt")


if __name__ == "__main__":
    main()
