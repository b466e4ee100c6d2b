# Plant seedlings classification - baseline CNN
import os
import random

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.model_selection import StratifiedKFold
from torch.utils.data import DataLoader, Subset
from torchvision import transforms
from torchvision.datasets import ImageFolder
from tqdm import tqdm

SEED = 2021
DATA_DIR = "../input/plant-seedlings-classification/train"
IMG_SIZE = 128
BATCH_SIZE = 32
EPOCHS = 25
LR = 3e-4
FOLD = 0


def seed_everything(seed):
    random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed(seed)


seed_everything(SEED)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

train_tfms = transforms.Compose([
    transforms.RandomResizedCrop(IMG_SIZE, scale=(0.7, 1.0)),
    transforms.RandomHorizontalFlip(),
    transforms.RandomVerticalFlip(),
    transforms.RandomRotation(30),
    transforms.ToTensor(),
    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
])
valid_tfms = transforms.Compose([
    transforms.Resize((IMG_SIZE, IMG_SIZE)),
    transforms.ToTensor(),
    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
])

train_full = ImageFolder(DATA_DIR, transform=train_tfms)
valid_full = ImageFolder(DATA_DIR, transform=valid_tfms)
targets = np.array(train_full.targets)
skf = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
trn_idx, val_idx = list(skf.split(np.zeros(len(targets)), targets))[FOLD]
train_loader = DataLoader(Subset(train_full, trn_idx), batch_size=BATCH_SIZE, shuffle=True,
                          num_workers=2)
valid_loader = DataLoader(Subset(valid_full, val_idx), batch_size=BATCH_SIZE * 2, num_workers=2)
num_classes = len(train_full.classes)
print(f"{len(trn_idx)} train / {len(val_idx)} valid images, {num_classes} classes")


class SeedlingNet(nn.Module):
    def __init__(self, n_classes):
        super().__init__()
        chans = [3, 32, 64, 128, 256]
        self.convs = nn.ModuleList()
        for cin, cout in zip(chans[:-1], chans[1:]):
            self.convs.append(nn.Sequential(
                nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
                nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
                nn.MaxPool2d(2),
            ))
        self.dropout = nn.Dropout(0.5)
        self.fc = nn.Linear(256, n_classes)

    def forward(self, x):
        for conv in self.convs:
            x = conv(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc(self.dropout(x))


model = SeedlingNet(num_classes).to(device)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=5, T_mult=1)

best_acc = 0.0
for epoch in range(EPOCHS):
    model.train()
    train_loss = 0.0
    iters = len(train_loader)
    for i, (imgs, labels) in enumerate(tqdm(train_loader, desc=f"Epoch {epoch + 1}")):
        imgs, labels = imgs.to(device), labels.to(device)
        optimizer.zero_grad()
        outputs = model(imgs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        scheduler.step(epoch + i / iters)
        train_loss += loss.item() * imgs.size(0)
    train_loss /= len(trn_idx)

    valid_loss, correct = 0.0, 0
    with torch.no_grad():
        for imgs, labels in valid_loader:  # EXPECT: TL007
            imgs, labels = imgs.to(device), labels.to(device)
            outputs = model(imgs)  # <- TL007
            valid_loss += criterion(outputs, labels).item() * imgs.size(0)
            correct += (outputs.argmax(1) == labels).sum().item()
    valid_loss /= len(val_idx)
    valid_acc = correct / len(val_idx)

    print(f"Epoch {epoch + 1}: train_loss={train_loss:.4f} valid_loss={valid_loss:.4f} "
          f"valid_acc={valid_acc:.4f}")
    if valid_acc > best_acc:
        best_acc = valid_acc
        torch.save(model.state_dict(), f"seedlingnet_fold{FOLD}.pth")
        print("  saved new best model")

print(f"best valid acc: {best_acc:.4f}")
