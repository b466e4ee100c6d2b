"""Fast CIFAR-10 baseline: keep the whole dataset as GPU-friendly tensors, skip PIL."""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torch.utils.data import DataLoader, TensorDataset


def to_tensor_dataset(ds):
    x = torch.from_numpy(ds.data).permute(0, 3, 1, 2).contiguous().float()  # EXPECT: TL013
    y = torch.tensor(ds.targets, dtype=torch.long)
    return TensorDataset(x, y)


def random_flip_crop(x, pad=4):
    n, _, h, w = x.shape
    flip = torch.rand(n, device=x.device) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    x = F.pad(x, (pad, pad, pad, pad), mode="reflect")
    i, j = torch.randint(0, 2 * pad + 1, (2,)).tolist()
    return x[:, :, i:i + h, j:j + w]


def conv_bn(c_in, c_out):
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, 3, padding=1, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(inplace=True),
    )


class Residual(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.res = nn.Sequential(conv_bn(c, c), conv_bn(c, c))

    def forward(self, x):
        return x + self.res(x)


def make_net(num_classes=10):
    return nn.Sequential(
        conv_bn(3, 64),
        conv_bn(64, 128), nn.MaxPool2d(2), Residual(128),
        conv_bn(128, 256), nn.MaxPool2d(2),
        conv_bn(256, 512), nn.MaxPool2d(2), Residual(512),
        nn.AdaptiveMaxPool2d(1), nn.Flatten(),
        nn.Linear(512, num_classes),
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="./data")
    parser.add_argument("--epochs", type=int, default=24)
    parser.add_argument("--batch-size", type=int, default=512)
    parser.add_argument("--lr", type=float, default=0.4)
    args = parser.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_raw = torchvision.datasets.CIFAR10(args.data_dir, train=True, download=True)
    test_raw = torchvision.datasets.CIFAR10(args.data_dir, train=False, download=True)
    train_loader = DataLoader(to_tensor_dataset(train_raw), batch_size=args.batch_size,
                              shuffle=True, drop_last=True, num_workers=2)
    test_loader = DataLoader(to_tensor_dataset(test_raw), batch_size=1000, num_workers=2)

    model = make_net().to(device).to(memory_format=torch.channels_last)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, nesterov=True,
                          weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, epochs=args.epochs,
                                                steps_per_epoch=len(train_loader))
    crit = nn.CrossEntropyLoss(label_smoothing=0.1)
    scaler = torch.cuda.amp.GradScaler(enabled=device.type == "cuda")

    for epoch in range(args.epochs):
        t0 = time.time()
        model.train()
        train_loss = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device, non_blocking=True), yb.to(device, non_blocking=True)
            xb = random_flip_crop(xb)
            with torch.autocast(device_type=device.type, enabled=device.type == "cuda"):
                loss = crit(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()
            sched.step()
            train_loss += loss.item()

        model.eval()
        correct = 0
        with torch.no_grad():
            for xb, yb in test_loader:
                xb, yb = xb.to(device), yb.to(device)
                correct += (model(xb).argmax(1) == yb).sum().item()
        print(f"epoch {epoch + 1:2d}  loss {train_loss / len(train_loader):.3f}  "
              f"test acc {correct / len(test_loader.dataset):.4f}  ({time.time() - t0:.1f}s)")


if __name__ == "__main__":
    main()
