"""Transfer learning tutorial-style script: fine-tune ResNet-50 on an ImageFolder dataset."""
import argparse
import copy
import os
import time

import torch
import torch.nn as nn
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import datasets, models, transforms


class ListDataset(Dataset):
    """Optional extra training images listed in a text file: '<path> <class_idx>' per line."""

    def __init__(self, list_file, transform):
        with open(list_file) as f:
            self.items = [(p, int(c)) for p, c in (line.split() for line in f if line.strip())]
        self.transform = transform

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        path, target = self.items[i]
        img = Image.open(path).convert("RGB")
        return self.transform(img), target


def build_transforms():
    normalize = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    return {
        "train": transforms.Compose([
            transforms.RandomResizedCrop(224),
            transforms.RandomHorizontalFlip(),
            transforms.ColorJitter(0.2, 0.2, 0.2),
            transforms.ToTensor(),
            normalize,
        ]),
        "val": transforms.Compose([
            transforms.Resize(256),
            transforms.CenterCrop(224),
            transforms.ToTensor(),
            normalize,
        ]),
    }


def train_model(model, loaders, criterion, optimizer, scheduler, device, num_epochs):
    since = time.time()
    best_wts, best_acc = copy.deepcopy(model.state_dict()), 0.0
    for epoch in range(num_epochs):
        for phase in ["train", "val"]:
            model.train() if phase == "train" else model.eval()
            running_loss, running_corrects, n = 0.0, 0, 0
            for inputs, labels in loaders[phase]:
                inputs = inputs.to(device)
                labels = labels.to(device)
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == "train"):
                    outputs = model(inputs)
                    loss = criterion(outputs, labels)
                    if phase == "train":
                        loss.backward()
                        optimizer.step()
                running_loss += loss.item() * inputs.size(0)
                running_corrects += (outputs.argmax(1) == labels).sum().item()
                n += inputs.size(0)
            if phase == "train":
                scheduler.step()
            epoch_acc = running_corrects / n
            print(f"Epoch {epoch} {phase} Loss: {running_loss / n:.4f} Acc: {epoch_acc:.4f}")
            if phase == "val" and epoch_acc > best_acc:
                best_acc, best_wts = epoch_acc, copy.deepcopy(model.state_dict())
    print(f"Training complete in {time.time() - since:.0f}s, best val Acc: {best_acc:.4f}")
    model.load_state_dict(best_wts)
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default="data/hymenoptera_data")
    ap.add_argument("--extra-list", default=None)
    ap.add_argument("--epochs", type=int, default=25)
    args = ap.parse_args()

    tfs = build_transforms()
    image_datasets = {x: datasets.ImageFolder(os.path.join(args.data_dir, x), tfs[x])
                      for x in ["train", "val"]}
    train_set = image_datasets["train"]
    if args.extra_list:
        train_set = torch.utils.data.ConcatDataset(
            [train_set, ListDataset(args.extra_list, tfs["train"])])
    loaders = {
        "train": DataLoader(train_set, batch_size=32, shuffle=True, num_workers=4),
        "val": DataLoader(image_datasets["val"], batch_size=32, shuffle=False, num_workers=4),
    }
    device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")

    model_ft = models.resnet50(weights=models.ResNet50_Weights.IMAGENET1K_V2)
    model_ft.fc = nn.Linear(model_ft.fc.in_features, len(image_datasets["train"].classes))
    model_ft = model_ft.to(device)

    criterion = nn.CrossEntropyLoss()
    optimizer_ft = torch.optim.SGD(model_ft.parameters(), lr=0.001, momentum=0.9)
    exp_lr_scheduler = torch.optim.lr_scheduler.StepLR(optimizer_ft, step_size=7, gamma=0.1)
    model_ft = train_model(model_ft, loaders, criterion, optimizer_ft, exp_lr_scheduler,
                           device, args.epochs)
    torch.save(model_ft.state_dict(), "resnet50_ft.pth")


if __name__ == "__main__":
    main()
