# Flowers-102 transfer learning with EfficientNet-B0 (torchvision weights)
import argparse
import time

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms
from tqdm import tqdm


def get_dataloaders(root, img_size, batch_size, workers):
    weights = models.EfficientNet_B0_Weights.IMAGENET1K_V1
    mean, std = weights.transforms().mean, weights.transforms().std
    train_tf = transforms.Compose([
        transforms.RandomResizedCrop(img_size, scale=(0.6, 1.0)),
        transforms.RandomHorizontalFlip(),
        transforms.ColorJitter(0.2, 0.2, 0.2),
        transforms.ToTensor(),
        transforms.Normalize(mean, std),
    ])
    eval_tf = transforms.Compose([
        transforms.Resize(int(img_size * 1.14)),
        transforms.CenterCrop(img_size),
        transforms.ToTensor(),
        transforms.Normalize(mean, std),
    ])
    splits = {
        "train": datasets.Flowers102(root, split="train", transform=train_tf, download=True),
        "val": datasets.Flowers102(root, split="val", transform=eval_tf, download=True),
        "test": datasets.Flowers102(root, split="test", transform=eval_tf, download=True),
    }
    return {
        name: DataLoader(ds, batch_size=batch_size, shuffle=(name == "train"),
                         num_workers=workers, pin_memory=True)
        for name, ds in splits.items()
    }


def build_model(num_classes, freeze_backbone):
    net = models.efficientnet_b0(weights=models.EfficientNet_B0_Weights.IMAGENET1K_V1)
    if freeze_backbone:
        for p in net.features.parameters():
            p.requires_grad = False
    in_features = net.classifier[1].in_features
    net.classifier = nn.Sequential(nn.Dropout(0.3), nn.Linear(in_features, num_classes))
    return net


def train_one_epoch(net, loader, crit, opt, device, epoch):
    net.train()
    loss_sum, correct, seen = 0.0, 0, 0
    pbar = tqdm(loader, desc=f"train {epoch}", ncols=100)
    for x, y in pbar:
        x, y = x.to(device), y.to(device)
        opt.zero_grad(set_to_none=True)
        out = net(x)
        loss = crit(out, y)
        loss.backward()
        opt.step()

        loss_sum += loss.item() * y.size(0)
        correct += (out.argmax(1) == y).sum().item()
        seen += y.size(0)
        pbar.set_postfix(loss=loss_sum / seen, acc=correct / seen)
    return loss_sum / seen, correct / seen


def validate(net, loader, crit, device):
    net.eval()
    loss_sum, correct, seen = 0.0, 0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        out = net(x)
        loss_sum += crit(out, y).item() * y.size(0)
        correct += (out.argmax(1) == y).sum().item()
        seen += y.size(0)
    return loss_sum / seen, correct / seen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="./data")
    ap.add_argument("--img-size", type=int, default=224)
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--bs", type=int, default=48)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--freeze", action="store_true")
    ap.add_argument("--workers", type=int, default=4)
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    loaders = get_dataloaders(args.root, args.img_size, args.bs, args.workers)
    net = build_model(102, args.freeze).to(device)

    crit = nn.CrossEntropyLoss(label_smoothing=0.1)
    opt = torch.optim.AdamW([p for p in net.parameters() if p.requires_grad], lr=args.lr, weight_decay=1e-2)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)

    best_acc, best_path = 0.0, "effnet_flowers_best.pt"
    for epoch in range(1, args.epochs + 1):
        t0 = time.time()
        tr_loss, tr_acc = train_one_epoch(net, loaders["train"], crit, opt, device, epoch)
        with torch.no_grad():
            va_loss, va_acc = validate(net, loaders["val"], crit, device)
        sched.step()
        print(f"[{epoch:02d}] train {tr_loss:.3f}/{tr_acc:.3f}  val {va_loss:.3f}/{va_acc:.3f}  "
              f"({time.time() - t0:.0f}s)")
        if va_acc > best_acc:
            best_acc = va_acc
            torch.save(net.state_dict(), best_path)

    net.load_state_dict(torch.load(best_path, map_location=device))
    with torch.no_grad():
        te_loss, te_acc = validate(net, loaders["test"], crit, device)
    print(f"best val acc {best_acc:.4f} | test loss {te_loss:.4f} test acc {te_acc:.4f}")


if __name__ == "__main__":
    main()
