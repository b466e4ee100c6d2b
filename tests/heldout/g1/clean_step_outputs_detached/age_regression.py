"""UTKFace age regression, Lightning-2.0-style module with a hand-rolled loop."""
import argparse
import glob
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from PIL import Image
from torch.utils.data import DataLoader, Dataset, random_split
from torchvision import transforms as T


class UTKFace(Dataset):
    def __init__(self, root, transform):
        self.files = sorted(glob.glob(os.path.join(root, "*.jpg")))
        self.transform = transform

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        path = self.files[i]
        age = float(os.path.basename(path).split("_")[0])
        img = Image.open(path).convert("RGB")
        return self.transform(img), torch.tensor([age / 100.0], dtype=torch.float32)


class AgeRegressor(nn.Module):
    def __init__(self, lr=3e-4):
        super().__init__()
        self.lr = lr
        self.backbone = torchvision.models.convnext_tiny(weights="DEFAULT")
        self.backbone.classifier[2] = nn.Linear(self.backbone.classifier[2].in_features, 1)
        self.training_step_outputs = []
        self.validation_step_outputs = []

    def forward(self, x):
        return self.backbone(x)

    def training_step(self, batch):
        x, y = batch
        pred = self(x)
        loss = F.smooth_l1_loss(pred, y, beta=0.05)
        mae = (pred.detach() - y).abs().mean() * 100
        self.training_step_outputs.append({"loss": loss.detach(), "mae": mae})
        return loss

    def validation_step(self, batch):
        x, y = batch
        pred = self(x)
        self.validation_step_outputs.append((pred - y).abs().mean() * 100)

    def on_train_epoch_end(self):
        loss = torch.stack([o["loss"] for o in self.training_step_outputs]).mean().item()
        mae = torch.stack([o["mae"] for o in self.training_step_outputs]).mean().item()
        self.training_step_outputs.clear()
        return {"train_loss": loss, "train_mae": mae}

    def on_validation_epoch_end(self):
        mae = torch.stack(self.validation_step_outputs).mean().item()
        self.validation_step_outputs.clear()
        return {"val_mae": mae}

    def configure_optimizers(self, steps_per_epoch, epochs):
        opt = torch.optim.AdamW(self.parameters(), lr=self.lr, weight_decay=0.05)
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=self.lr, total_steps=steps_per_epoch * epochs)
        return opt, sched


def fit(module, train_loader, val_loader, epochs, device):
    module.to(device)
    opt, sched = module.configure_optimizers(len(train_loader), epochs)
    best = float("inf")
    for epoch in range(epochs):
        module.train()
        for batch in train_loader:
            batch = [t.to(device, non_blocking=True) for t in batch]
            loss = module.training_step(batch)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
        logs = module.on_train_epoch_end()

        module.eval()
        with torch.no_grad():
            for batch in val_loader:
                module.validation_step([t.to(device) for t in batch])
        logs.update(module.on_validation_epoch_end())
        print(f"epoch {epoch}: {logs}")
        if logs["val_mae"] < best:
            best = logs["val_mae"]
            torch.save(module.state_dict(), "age_best.pt")
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="data/UTKFace")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--lr", type=float, default=3e-4)
    args = ap.parse_args()

    tf = T.Compose([T.Resize((224, 224)), T.RandomHorizontalFlip(), T.ToTensor(),
                    T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    ds = UTKFace(args.root, tf)
    n_val = len(ds) // 10
    train_ds, val_ds = random_split(ds, [len(ds) - n_val, n_val], generator=torch.Generator().manual_seed(42))
    train_loader = DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=6, drop_last=True)
    val_loader = DataLoader(val_ds, batch_size=128, num_workers=6)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    best = fit(AgeRegressor(lr=args.lr), train_loader, val_loader, args.epochs, device)
    print(f"best val MAE: {best:.2f} years")


if __name__ == "__main__":
    main()
