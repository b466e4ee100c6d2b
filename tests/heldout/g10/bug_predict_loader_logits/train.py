# Digit Recognizer - simple CNN baseline
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset, random_split

DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")
BATCH_SIZE = 128
EPOCHS = 15
LR = 1e-3


class DigitDataset(Dataset):
    def __init__(self, df, has_labels=True):
        pixels = df.drop(columns=["label"]) if has_labels else df
        self.x = torch.tensor(pixels.values, dtype=torch.float32).view(-1, 1, 28, 28) / 255.0
        self.y = torch.tensor(df["label"].values) if has_labels else None

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        if self.y is None:
            return self.x[i]
        return self.x[i], self.y[i]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(64)
        self.drop = nn.Dropout(0.3)
        self.fc1 = nn.Linear(64 * 7 * 7, 256)
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = self.drop(torch.flatten(x, 1))
        x = self.drop(F.relu(self.fc1(x)))
        return self.fc2(x)


def train_epoch(model, loader, optimizer, criterion):
    model.train()
    total = 0.0
    for x, y in loader:
        x, y = x.to(DEVICE), y.to(DEVICE)
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item() * x.size(0)
    return total / len(loader.dataset)


@torch.no_grad()
def validate(model, loader):
    model.eval()
    correct = 0
    for x, y in loader:
        x, y = x.to(DEVICE), y.to(DEVICE)
        correct += (model(x).argmax(1) == y).sum().item()
    return correct / len(loader.dataset)


def predict(model, loader):  # EXPECT: TL004
    model.eval()
    all_logits = []
    for x in loader:
        x = x.to(DEVICE)
        all_logits.append(model(x))  # <- TL004
    return torch.cat(all_logits)


if __name__ == "__main__":
    train_df = pd.read_csv("../input/digit-recognizer/train.csv")
    test_df = pd.read_csv("../input/digit-recognizer/test.csv")

    full = DigitDataset(train_df)
    n_val = len(full) // 10
    train_ds, val_ds = random_split(full, [len(full) - n_val, n_val],
                                    generator=torch.Generator().manual_seed(0))
    train_loader = DataLoader(train_ds, batch_size=BATCH_SIZE, shuffle=True)
    val_loader = DataLoader(val_ds, batch_size=512)
    test_loader = DataLoader(DigitDataset(test_df, has_labels=False), batch_size=512)

    model = Net().to(DEVICE)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)
    criterion = nn.CrossEntropyLoss()

    for epoch in range(EPOCHS):
        loss = train_epoch(model, train_loader, optimizer, criterion)
        acc = validate(model, val_loader)
        scheduler.step()
        print(f"Epoch {epoch + 1}/{EPOCHS}  loss={loss:.4f}  val_acc={acc:.4f}")

    logits = predict(model, test_loader)
    labels = logits.argmax(dim=1).cpu().numpy()
    submission = pd.DataFrame({"ImageId": np.arange(1, len(labels) + 1), "Label": labels})
    submission.to_csv("submission.csv", index=False)
    print(submission.head())
