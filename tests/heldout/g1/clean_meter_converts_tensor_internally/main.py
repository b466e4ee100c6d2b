import argparse
import os

import torch
import torchvision
from torch.utils.data import DataLoader
from torchvision import transforms

from engine import evaluate, train_one_epoch


def build_teacher(path, num_classes, device):
    teacher = torchvision.models.resnet50(num_classes=num_classes)
    teacher.load_state_dict(torch.load(path, map_location="cpu"))
    for p in teacher.parameters():
        p.requires_grad_(False)
    return teacher.to(device)


def main():
    ap = argparse.ArgumentParser("KD: resnet50 -> mobilenet_v3_small on CIFAR-100")
    ap.add_argument("--teacher-ckpt", required=True)
    ap.add_argument("--data", default="./data")
    ap.add_argument("--epochs", type=int, default=120)
    ap.add_argument("--bs", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--alpha", type=float, default=0.7)
    ap.add_argument("--T", type=float, default=4.0)
    ap.add_argument("--out", default="kd_out")
    args = ap.parse_args()

    device = torch.device("cuda")
    mean, std = (0.5071, 0.4865, 0.4409), (0.2673, 0.2564, 0.2762)
    train_tf = transforms.Compose([transforms.RandomCrop(32, padding=4), transforms.RandomHorizontalFlip(),
                                   transforms.ToTensor(), transforms.Normalize(mean, std)])
    test_tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(mean, std)])
    train_set = torchvision.datasets.CIFAR100(args.data, train=True, download=True, transform=train_tf)
    test_set = torchvision.datasets.CIFAR100(args.data, train=False, download=True, transform=test_tf)
    train_loader = DataLoader(train_set, batch_size=args.bs, shuffle=True, num_workers=8, pin_memory=True)
    test_loader = DataLoader(test_set, batch_size=256, num_workers=8)

    teacher = build_teacher(args.teacher_ckpt, 100, device)
    student = torchvision.models.mobilenet_v3_small(num_classes=100).to(device)
    optimizer = torch.optim.SGD(student.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4, nesterov=True)
    scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[60, 90, 110], gamma=0.2)

    os.makedirs(args.out, exist_ok=True)
    best = 0.0
    for epoch in range(args.epochs):
        train_loss = train_one_epoch(student, teacher, train_loader, optimizer, device, epoch, args.alpha, args.T)
        scheduler.step()
        acc = evaluate(student, test_loader, device)
        print(f"epoch {epoch}: loss {train_loss:.4f} student acc {acc:.4f}")
        if acc > best:
            best = acc
            torch.save(student.state_dict(), os.path.join(args.out, "student_best.pth"))
    print(f"best student acc {best:.4f}")


if __name__ == "__main__":
    main()
