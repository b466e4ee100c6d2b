import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

CLASSES = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

config = {"batch_size": 128, "epochs": 12, "lr": 2e-3, "dropout": 0.25}
device = "cuda" if torch.cuda.is_available() else "cpu"

tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.2860,), (0.3530,))])
train_ds = datasets.FashionMNIST("data", train=True, download=True, transform=tf)
test_ds = datasets.FashionMNIST("data", train=False, download=True, transform=tf)
train_dl = DataLoader(train_ds, batch_size=config["batch_size"], shuffle=True, num_workers=2)
test_dl = DataLoader(test_ds, batch_size=500, shuffle=False, num_workers=2)


class FashionCNN(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.block1 = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2))
        self.block2 = nn.Sequential(nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2))
        self.drop = nn.Dropout(p)
        self.fc1 = nn.Linear(64 * 7 * 7, 512)
        self.fc2 = nn.Linear(512, 10)

    def forward(self, x):
        x = self.block2(self.block1(x)).flatten(1)
        return self.fc2(self.drop(F.relu(self.fc1(self.drop(x)))))


@torch.no_grad()
def predict(clf, loader):
    clf.eval()
    logits = []
    for xb, _ in loader:
        logits.append(clf(xb.to(device)))
    return torch.cat(logits)


def show_batch_predictions(clf, loader, n=16, path="predictions.png"):
    clf.eval()
    images, labels = next(iter(loader))
    images, labels = images[:n], labels[:n]
    preds = clf(images.to(device)).argmax(dim=1).cpu()
    fig, axes = plt.subplots(2, n // 2, figsize=(2 * n // 2, 5))
    for ax, img, y, p in zip(axes.flat, images, labels, preds):
        ax.imshow(img.squeeze(0).numpy(), cmap="gray")
        color = "green" if y == p else "red"
        ax.set_title(f"{CLASSES[p]}\n({CLASSES[y]})", color=color, fontsize=8)
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


clf = FashionCNN(config["dropout"]).to(device)
opt = torch.optim.Adam(clf.parameters(), lr=config["lr"])
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=config["epochs"])

for epoch in range(config["epochs"]):
    clf.train()
    running = 0.0
    for xb, yb in train_dl:
        xb, yb = xb.to(device), yb.to(device)
        loss = F.cross_entropy(clf(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        running += loss.item() * xb.size(0)
    sched.step()

    test_logits = predict(clf, test_dl)
    acc = (test_logits.argmax(1).cpu() == test_ds.targets).float().mean().item()
    print(f"epoch {epoch + 1}: train loss {running / len(train_ds):.4f}, test acc {acc:.4f}")

torch.save(clf.state_dict(), "fashion_cnn.pt")
show_batch_predictions(clf, test_dl)
