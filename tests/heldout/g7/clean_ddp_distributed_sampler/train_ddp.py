import argparse

import torch
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader
from torch.utils.data.distributed import DistributedSampler
from torchvision import datasets, models, transforms

from utils.distributed import cleanup, init_distributed, is_main_process, reduce_mean


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/data/imagenette2-320")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--batch-size", type=int, default=64, help="per GPU")
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--workers", type=int, default=8)
    return p.parse_args()


def main():
    args = parse()
    rank, world_size, local_rank = init_distributed()
    device = torch.device("cuda", local_rank)

    norm = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    train_ds = datasets.ImageFolder(
        f"{args.data}/train",
        transforms.Compose([transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(), transforms.ToTensor(), norm]),
    )
    val_ds = datasets.ImageFolder(
        f"{args.data}/val",
        transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(), norm]),
    )
    train_sampler = DistributedSampler(train_ds, num_replicas=world_size, rank=rank, shuffle=True)
    val_sampler = DistributedSampler(val_ds, num_replicas=world_size, rank=rank, shuffle=False)
    train_loader = DataLoader(
        train_ds, batch_size=args.batch_size, sampler=train_sampler, num_workers=args.workers, pin_memory=True, drop_last=True
    )
    val_loader = DataLoader(val_ds, batch_size=args.batch_size, sampler=val_sampler, num_workers=args.workers)

    model = models.resnet34(num_classes=len(train_ds.classes)).to(device)
    model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
    model = DDP(model, device_ids=[local_rank])
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr * world_size, momentum=0.9, weight_decay=5e-5)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    criterion = nn.CrossEntropyLoss().to(device)

    for epoch in range(args.epochs):
        train_sampler.set_epoch(epoch)
        model.train()
        for images, target in train_loader:
            images, target = images.to(device, non_blocking=True), target.to(device, non_blocking=True)
            loss = criterion(model(images), target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        scheduler.step()

        model.eval()
        correct = torch.zeros(1, device=device)
        count = torch.zeros(1, device=device)
        with torch.no_grad():
            for images, target in val_loader:
                images, target = images.to(device), target.to(device)
                correct += (model(images).argmax(1) == target).sum()
                count += target.numel()
        acc = reduce_mean(correct / count)
        if is_main_process():
            print(f"epoch {epoch} loss {loss.item():.4f} val acc {acc.item():.4f}")
            torch.save(model.module.state_dict(), "resnet34_ddp.pt")

    cleanup()


if __name__ == "__main__":
    main()
