"""Transfer learning for ants vs bees (hymenoptera), fine-tuning all layers."""
import argparse
import os

import torch
import torch.nn as nn
from torchvision import datasets, models, transforms

from engine import test_model, train_model


def get_loaders(data_dir, bs):
    tfs = {
        "train": transforms.Compose([transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(),
                                     transforms.ToTensor(),
                                     transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])]),
        "val": transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
                                   transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])]),
    }
    sets = {x: datasets.ImageFolder(os.path.join(data_dir, x), tfs[x]) for x in ["train", "val"]}
    loaders = {x: torch.utils.data.DataLoader(sets[x], batch_size=bs, shuffle=(x == "train"), num_workers=4)
               for x in ["train", "val"]}
    return loaders, sets["train"].classes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data/hymenoptera_data")
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--bs", type=int, default=4)
    ap.add_argument("--export", default="ants_bees_resnet18.ts")
    args = ap.parse_args()

    device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
    dataloaders, class_names = get_loaders(args.data, args.bs)

    model_ft = models.resnet18(weights="IMAGENET1K_V1")
    model_ft.fc = nn.Linear(model_ft.fc.in_features, len(class_names))
    model_ft = model_ft.to(device)

    criterion = nn.CrossEntropyLoss()
    optimizer_ft = torch.optim.SGD(model_ft.parameters(), lr=0.001, momentum=0.9)
    exp_lr_scheduler = torch.optim.lr_scheduler.StepLR(optimizer_ft, step_size=7, gamma=0.1)

    model_ft = train_model(model_ft, criterion, optimizer_ft, exp_lr_scheduler, dataloaders, device,
                           num_epochs=args.epochs)

    acc = test_model(model_ft, dataloaders["val"], device, class_names)
    print(f"final val accuracy: {acc:.4f}")
    model_ft.eval()
    scripted = torch.jit.trace(model_ft.cpu(), torch.randn(1, 3, 224, 224))
    scripted.save(args.export)
    print("exported to", args.export)


if __name__ == "__main__":
    main()
