import argparse
import logging
import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from utils.setup import setup_training

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
log = logging.getLogger("finetune")


def get_args():
    p = argparse.ArgumentParser("ViT fine-tuning")
    p.add_argument("--data-path", required=True)
    p.add_argument("--output-dir", default="./output_dir")
    p.add_argument("--model", default="vit_small_patch16_224")
    p.add_argument("--pretrained", action="store_true")
    p.add_argument("--init-model", default="")
    p.add_argument("--resume", default="")
    p.add_argument("--num-classes", type=int, default=100)
    p.add_argument("--drop", type=float, default=0.0)
    p.add_argument("--drop-path", type=float, default=0.1)
    p.add_argument("--channels-last", action="store_true")
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--weight-decay", type=float, default=0.05)
    p.add_argument("--layer-decay", type=float, default=0.75)
    p.add_argument("--epochs", type=int, default=50)
    p.add_argument("--warmup-epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--accum-steps", type=int, default=2)
    return p.parse_args()


def main():
    args = get_args()
    device = torch.device("cuda")
    os.makedirs(args.output_dir, exist_ok=True)

    norm = transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))
    train_set = datasets.ImageFolder(os.path.join(args.data_path, "train"), transforms.Compose([
        transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(),
        transforms.ToTensor(), norm]))
    val_set = datasets.ImageFolder(os.path.join(args.data_path, "val"), transforms.Compose([
        transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(), norm]))
    train_loader = DataLoader(train_set, args.batch_size, shuffle=True, num_workers=8,
                              pin_memory=True, drop_last=True)
    val_loader = DataLoader(val_set, args.batch_size, shuffle=False, num_workers=8)

    steps_per_epoch = len(train_loader) // args.accum_steps
    model, optimizer, scheduler, start_epoch = setup_training(args, steps_per_epoch, device)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
    scaler = torch.cuda.amp.GradScaler()

    for epoch in range(start_epoch, args.epochs):
        model.train()
        optimizer.zero_grad(set_to_none=True)
        for it, (images, target) in enumerate(train_loader):
            images = images.to(device, non_blocking=True)
            target = target.to(device, non_blocking=True)
            if args.channels_last:
                images = images.contiguous(memory_format=torch.channels_last)
            with torch.autocast("cuda", dtype=torch.float16):
                loss = criterion(model(images), target) / args.accum_steps
            scaler.scale(loss).backward()
            if (it + 1) % args.accum_steps == 0:
                scaler.step(optimizer)
                scaler.update()
                optimizer.zero_grad(set_to_none=True)
                scheduler.step()

        model.eval()
        correct = total = 0
        with torch.no_grad():
            for images, target in val_loader:
                images, target = images.to(device), target.to(device)
                with torch.autocast("cuda", dtype=torch.float16):
                    out = model(images)
                correct += (out.argmax(-1) == target).sum().item()
                total += target.numel()
        log.info("epoch %d acc@1 %.2f", epoch, 100.0 * correct / total)
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epoch": epoch},
                   os.path.join(args.output_dir, "checkpoint.pth"))


if __name__ == "__main__":
    main()
