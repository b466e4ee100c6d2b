import argparse
import os

import torch
import torch.nn as nn
import torchvision
from torchvision import transforms

from engine import evaluate, train_one_epoch


def get_args_parser():
    parser = argparse.ArgumentParser(description="ImageNet-100 classification training")
    parser.add_argument("--data-path", default="/datasets/imagenet100", type=str)
    parser.add_argument("--model", default="resnet50", type=str)
    parser.add_argument("-b", "--batch-size", default=64, type=int)
    parser.add_argument("--epochs", default=90, type=int)
    parser.add_argument("-j", "--workers", default=16, type=int)
    parser.add_argument("--lr", default=0.1, type=float)
    parser.add_argument("--momentum", default=0.9, type=float)
    parser.add_argument("--wd", "--weight-decay", default=1e-4, type=float, dest="weight_decay")
    parser.add_argument("--lr-milestones", default=[30, 60, 80], nargs="+", type=int)
    parser.add_argument("--lr-gamma", default=0.1, type=float)
    parser.add_argument("--label-smoothing", default=0.0, type=float)
    parser.add_argument("--clip-grad-norm", default=None, type=float)
    parser.add_argument("--amp", action="store_true")
    parser.add_argument("--output-dir", default="./output", type=str)
    return parser


def load_data(traindir, valdir):
    normalize = transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])
    dataset = torchvision.datasets.ImageFolder(traindir, transforms.Compose([
        transforms.RandomResizedCrop(224),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        normalize,
    ]))
    dataset_test = torchvision.datasets.ImageFolder(valdir, transforms.Compose([
        transforms.Resize(256),
        transforms.CenterCrop(224),
        transforms.ToTensor(),
        normalize,
    ]))
    return dataset, dataset_test


def main(args):
    os.makedirs(args.output_dir, exist_ok=True)
    device = torch.device("cuda")
    torch.backends.cudnn.benchmark = True

    dataset, dataset_test = load_data(os.path.join(args.data_path, "train"),
                                      os.path.join(args.data_path, "val"))
    data_loader = torch.utils.data.DataLoader(dataset, batch_size=args.batch_size, shuffle=True,
                                              num_workers=args.workers, pin_memory=True, drop_last=True)
    data_loader_test = torch.utils.data.DataLoader(dataset_test, batch_size=args.batch_size,
                                                   shuffle=False, num_workers=args.workers, pin_memory=True)

    model = torchvision.models.get_model(args.model, num_classes=len(dataset.classes))
    model.to(device)
    criterion = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum,
                                weight_decay=args.weight_decay)
    lr_scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=args.lr_milestones,
                                                        gamma=args.lr_gamma)
    scaler = torch.cuda.amp.GradScaler() if args.amp else None

    best_acc1 = 0.0
    for epoch in range(args.epochs):
        train_one_epoch(model, criterion, optimizer, lr_scheduler, data_loader, device, epoch,  # <- TL011
                        scaler=scaler, clip_grad_norm=args.clip_grad_norm)
        acc1 = evaluate(model, criterion, data_loader_test, device)
        checkpoint = {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "lr_scheduler": lr_scheduler.state_dict(),
            "epoch": epoch,
            "args": args,
        }
        torch.save(checkpoint, os.path.join(args.output_dir, "checkpoint.pth"))
        if acc1 > best_acc1:
            best_acc1 = acc1
            torch.save(checkpoint, os.path.join(args.output_dir, "model_best.pth"))


if __name__ == "__main__":
    main(get_args_parser().parse_args())
