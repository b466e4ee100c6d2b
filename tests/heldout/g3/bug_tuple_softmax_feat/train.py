import argparse
import os

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from losses import CenterLoss
from models import LeNetPP


def parse_args():
    p = argparse.ArgumentParser("Softmax + center loss on MNIST")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr-model", type=float, default=0.001)
    p.add_argument("--lr-cent", type=float, default=0.5)
    p.add_argument("--weight-cent", type=float, default=1.0)
    p.add_argument("--max-epoch", type=int, default=100)
    p.add_argument("--stepsize", type=int, default=20)
    p.add_argument("--gamma", type=float, default=0.5)
    p.add_argument("--save-dir", default="log")
    return p.parse_args()


def train(model, center_loss, opt_model, opt_cent, loader, device, args, epoch):
    model.train()
    correct, total = 0, 0
    for step, (data, labels) in enumerate(loader):
        data, labels = data.to(device), labels.to(device)
        outputs, features = model(data)
        loss_xent = F.cross_entropy(outputs, labels)  # <- TL003
        loss_cent = center_loss(features, labels) * args.weight_cent
        loss = loss_xent + loss_cent

        opt_model.zero_grad()
        opt_cent.zero_grad()
        loss.backward()
        opt_model.step()
        for param in center_loss.parameters():
            param.grad.data *= 1.0 / args.weight_cent
        opt_cent.step()

        correct += (outputs.argmax(1) == labels).sum().item()
        total += labels.size(0)
        if step % 100 == 0:
            print(
                f"epoch {epoch} step {step}/{len(loader)} xent {loss_xent.item():.4f} "
                f"cent {loss_cent.item():.4f}"
            )
    return correct / total


@torch.no_grad()
def test(model, loader, device):
    model.eval()
    correct, total = 0, 0
    for data, labels in loader:
        data, labels = data.to(device), labels.to(device)
        outputs, _ = model(data)
        correct += (outputs.argmax(1) == labels).sum().item()
        total += labels.size(0)
    return correct / total


def main():
    args = parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train_loader = DataLoader(
        datasets.MNIST("data", train=True, download=True, transform=tf),
        batch_size=args.batch_size, shuffle=True, num_workers=2,
    )
    test_loader = DataLoader(
        datasets.MNIST("data", train=False, download=True, transform=tf),
        batch_size=args.batch_size, num_workers=2,
    )

    model = LeNetPP(num_classes=10, feat_dim=2).to(device)
    center_loss = CenterLoss(num_classes=10, feat_dim=2, device=device)
    opt_model = torch.optim.SGD(model.parameters(), lr=args.lr_model, momentum=0.9, weight_decay=5e-4)
    opt_cent = torch.optim.SGD(center_loss.parameters(), lr=args.lr_cent)
    scheduler = torch.optim.lr_scheduler.StepLR(opt_model, step_size=args.stepsize, gamma=args.gamma)

    os.makedirs(args.save_dir, exist_ok=True)
    for epoch in range(args.max_epoch):
        train_acc = train(model, center_loss, opt_model, opt_cent, train_loader, device, args, epoch)
        scheduler.step()
        test_acc = test(model, test_loader, device)
        print(f"==> epoch {epoch}: train acc {train_acc:.4f} test acc {test_acc:.4f}")
    torch.save(model.state_dict(), os.path.join(args.save_dir, "lenetpp.pth"))


if __name__ == "__main__":
    main()
