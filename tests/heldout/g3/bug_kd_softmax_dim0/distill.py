"""Knowledge distillation: ResNet-50 teacher -> ResNet-18 student on CIFAR-100."""
import argparse
import logging

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
import torchvision.transforms as T
from torch.utils.data import DataLoader
from tqdm import tqdm

logger = logging.getLogger("kd")


class Distiller:
    def __init__(self, teacher, student, optimizer, scheduler, device, temperature=4.0, alpha=0.9):
        self.teacher = teacher.to(device).eval()
        self.student = student.to(device)
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.device = device
        self.temperature = temperature
        self.alpha = alpha
        self.ce = nn.CrossEntropyLoss()
        for p in self.teacher.parameters():
            p.requires_grad_(False)

    def kd_loss(self, student_logits, teacher_logits):
        T = self.temperature
        soft_targets = F.softmax(teacher_logits / T, dim=0)  # EXPECT: TL014  # <- TL014
        log_student = F.log_softmax(student_logits / T, dim=1)
        return F.kl_div(log_student, soft_targets, reduction="batchmean") * (T * T)

    def train_epoch(self, loader, epoch):
        self.student.train()
        meter = {"loss": 0.0, "kd": 0.0, "ce": 0.0, "n": 0}
        for images, labels in tqdm(loader, desc=f"kd epoch {epoch}"):
            images, labels = images.to(self.device), labels.to(self.device)
            with torch.no_grad():
                t_logits = self.teacher(images)
            s_logits = self.student(images)
            loss_kd = self.kd_loss(s_logits, t_logits)
            loss_ce = self.ce(s_logits, labels)
            loss = self.alpha * loss_kd + (1.0 - self.alpha) * loss_ce

            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()

            bs = labels.size(0)
            meter["loss"] += loss.item() * bs
            meter["kd"] += loss_kd.item() * bs
            meter["ce"] += loss_ce.item() * bs
            meter["n"] += bs
        self.scheduler.step()
        return {k: v / meter["n"] for k, v in meter.items() if k != "n"}

    @torch.no_grad()
    def evaluate(self, loader):
        self.student.eval()
        correct = total = 0
        for images, labels in loader:
            images, labels = images.to(self.device), labels.to(self.device)
            correct += (self.student(images).argmax(1) == labels).sum().item()
            total += labels.size(0)
        return correct / total


def build_loaders(root, batch_size):
    mean, std = (0.5071, 0.4865, 0.4409), (0.2673, 0.2564, 0.2762)
    train_tf = T.Compose([T.RandomCrop(32, 4), T.RandomHorizontalFlip(), T.ToTensor(), T.Normalize(mean, std)])
    test_tf = T.Compose([T.ToTensor(), T.Normalize(mean, std)])
    train = torchvision.datasets.CIFAR100(root, train=True, download=True, transform=train_tf)
    test = torchvision.datasets.CIFAR100(root, train=False, download=True, transform=test_tf)
    return (
        DataLoader(train, batch_size, shuffle=True, num_workers=4, pin_memory=True),
        DataLoader(test, 256, num_workers=4),
    )


def cifar_resnet(arch, num_classes=100):
    net = getattr(torchvision.models, arch)(num_classes=num_classes)
    net.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
    net.maxpool = nn.Identity()
    return net


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--teacher-ckpt", required=True)
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--temperature", type=float, default=4.0)
    ap.add_argument("--alpha", type=float, default=0.9)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)

    device = torch.device("cuda")
    train_loader, test_loader = build_loaders("./data", args.batch_size)
    teacher = cifar_resnet("resnet50")
    teacher.load_state_dict(torch.load(args.teacher_ckpt, map_location="cpu"))
    student = cifar_resnet("resnet18")

    optimizer = torch.optim.SGD(student.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4, nesterov=True)
    scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[100, 150], gamma=0.1)
    distiller = Distiller(teacher, student, optimizer, scheduler, device, args.temperature, args.alpha)

    best = 0.0
    for epoch in range(args.epochs):
        stats = distiller.train_epoch(train_loader, epoch)
        acc = distiller.evaluate(test_loader)
        logger.info("epoch %d %s acc %.4f", epoch, {k: round(v, 4) for k, v in stats.items()}, acc)
        if acc > best:
            best = acc
            torch.save(student.state_dict(), "student_best.pth")
    logger.info("best student acc %.4f", best)


if __name__ == "__main__":
    main()
