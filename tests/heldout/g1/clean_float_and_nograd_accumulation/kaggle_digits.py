# Digit Recognizer - CNN baseline (exported from notebook)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.optim as optim
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm

BATCH_SIZE = 128
EPOCHS = 25
LR = 1e-3
DEVICE = "cuda" if torch.cuda.is_available() else "cpu"

train_df = pd.read_csv("../input/digit-recognizer/train.csv")
test_df = pd.read_csv("../input/digit-recognizer/test.csv")

X = train_df.drop("label", axis=1).values.reshape(-1, 1, 28, 28).astype(np.float32) / 255.0
y = train_df["label"].values
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.1, random_state=2024, stratify=y)

train_loader = DataLoader(TensorDataset(torch.tensor(X_train), torch.tensor(y_train)),
                          batch_size=BATCH_SIZE, shuffle=True)
val_loader = DataLoader(TensorDataset(torch.tensor(X_val), torch.tensor(y_val)), batch_size=512)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
            nn.Conv2d(64, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        )
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(64 * 7 * 7, 256), nn.ReLU(),
                                        nn.Dropout(0.5), nn.Linear(256, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


model = Net().to(DEVICE)
criterion = nn.CrossEntropyLoss()
optimizer = optim.Adam(model.parameters(), lr=LR)
scheduler = optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", factor=0.5, patience=2)


def train_epoch(epoch):
    model.train()
    train_loss = 0.0
    batch_losses = []
    for xb, yb in tqdm(train_loader, desc=f"Epoch {epoch}"):
        xb, yb = xb.to(DEVICE), yb.to(DEVICE)
        optimizer.zero_grad()
        out = model(xb)
        loss = criterion(out, yb)
        loss.backward()
        optimizer.step()
        train_loss = train_loss + float(loss) * xb.size(0)
        batch_losses.append(loss.detach().cpu())
    return train_loss / len(train_loader.dataset), torch.stack(batch_losses)


def validate():
    model.eval()
    val_loss = torch.zeros((), device=DEVICE)
    correct = 0
    with torch.no_grad():
        for xb, yb in val_loader:
            xb, yb = xb.to(DEVICE), yb.to(DEVICE)
            out = model(xb)
            val_loss += criterion(out, yb) * xb.size(0)
            correct += (out.argmax(1) == yb).sum().item()
    return val_loss.item() / len(val_loader.dataset), correct / len(val_loader.dataset)


history = []
best_acc = 0.0
for epoch in range(1, EPOCHS + 1):
    tr_loss, batch_losses = train_epoch(epoch)
    va_loss, va_acc = validate()
    scheduler.step(va_acc)
    history.append({"epoch": epoch, "train_loss": tr_loss, "val_loss": va_loss, "val_acc": va_acc,
                    "loss_std": batch_losses.std().item()})
    print(f"Epoch {epoch}: train {tr_loss:.4f} | val {va_loss:.4f} acc {va_acc:.4f}")
    if va_acc > best_acc:
        best_acc = va_acc
        torch.save(model.state_dict(), "best_cnn.pth")

pd.DataFrame(history).to_csv("history.csv", index=False)

model.load_state_dict(torch.load("best_cnn.pth"))
model.eval()
X_test = torch.tensor(test_df.values.reshape(-1, 1, 28, 28).astype(np.float32) / 255.0)
preds = []
with torch.no_grad():
    for i in range(0, len(X_test), 1024):
        preds.append(model(X_test[i:i + 1024].to(DEVICE)).argmax(1).cpu().numpy())
submission = pd.DataFrame({"ImageId": np.arange(1, len(X_test) + 1), "Label": np.concatenate(preds)})
submission.to_csv("submission.csv", index=False)
