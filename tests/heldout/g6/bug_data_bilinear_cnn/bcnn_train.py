# Bilinear CNN (Lin et al. 2015) fine-tuned end-to-end on CUB-200-2011.
import argparse
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision import datasets, transforms


class BCNN(nn.Module):
    def __init__(self, num_classes=200, pretrained=True):
        super().__init__()
        weights = torchvision.models.VGG16_Weights.IMAGENET1K_V1 if pretrained else None
        vgg = torchvision.models.vgg16(weights=weights)
        self.features = nn.Sequential(*list(vgg.features.children())[:-1])  # drop last pool
        self.channels = 512
        self.fc = nn.Linear(self.channels ** 2, num_classes)
        nn.init.kaiming_normal_(self.fc.weight)
        nn.init.zeros_(self.fc.bias)

    def forward(self, x):
        n = x.size(0)
        x = self.features(x)
        x = x.data.view(n, self.channels, -1)  # EXPECT: TL010  # <- TL010
        x = torch.bmm(x, x.transpose(1, 2)) / x.size(-1)
        x = x.view(n, self.channels ** 2)
        x = torch.sign(x) * torch.sqrt(torch.abs(x) + 1e-5)
        x = F.normalize(x)
        return self.fc(x)


def get_loaders(root, batch_size, workers):
    normalize = transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])
    train_tf = transforms.Compose([
        transforms.Resize(448),
        transforms.RandomCrop(448),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        normalize,
    ])
    test_tf = transforms.Compose([
        transforms.Resize(448),
        transforms.CenterCrop(448),
        transforms.ToTensor(),
        normalize,
    ])
    train_set = datasets.ImageFolder(os.path.join(root, "train"), train_tf)
    test_set = datasets.ImageFolder(os.path.join(root, "test"), test_tf)
    train_loader = torch.utils.data.DataLoader(train_set, batch_size=batch_size, shuffle=True,
                                               num_workers=workers, pin_memory=True)
    test_loader = torch.utils.data.DataLoader(test_set, batch_size=batch_size, shuffle=False,
                                              num_workers=workers, pin_memory=True)
    return train_loader, test_loader


def accuracy(model, loader, device):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device)
            correct += (model(images).argmax(dim=1) == labels).sum().item()
            total += labels.size(0)
    return 100.0 * correct / total


def main():
    parser = argparse.ArgumentParser(description="B-CNN fine-tuning")
    parser.add_argument("--root", default="data/CUB_200_2011/split")
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--base-lr", type=float, default=1e-3)
    parser.add_argument("--fc-lr", type=float, default=1e-2)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()

    device = torch.device("cuda")
    train_loader, test_loader = get_loaders(args.root, args.batch_size, args.workers)

    model = BCNN().to(device)
    optimizer = torch.optim.SGD([
        {"params": model.features.parameters(), "lr": args.base_lr},
        {"params": model.fc.parameters(), "lr": args.fc_lr},
    ], momentum=0.9, weight_decay=1e-5)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", factor=0.1,
                                                           patience=3)
    criterion = nn.CrossEntropyLoss()

    best_acc = 0.0
    for epoch in range(args.epochs):
        model.train()
        epoch_loss = []
        for images, labels in train_loader:
            images, labels = images.to(device), labels.to(device)
            optimizer.zero_grad()
            loss = criterion(model(images), labels)
            loss.backward()
            optimizer.step()
            epoch_loss.append(loss.item())
        test_acc = accuracy(model, test_loader, device)
        scheduler.step(test_acc)
        print(f"Epoch {epoch + 1}: loss {sum(epoch_loss) / len(epoch_loss):.4f}, "
              f"test acc {test_acc:.2f}%")
        if test_acc > best_acc:
            best_acc = test_acc
            torch.save(model.state_dict(), "bcnn_best.pth")


if __name__ == "__main__":
    main()
