import argparse
import os

import pandas as pd
import pytorch_lightning as pl
import timm
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchmetrics.classification import MulticlassAccuracy
from torchvision import transforms


class PlantDataset(Dataset):
    def __init__(self, df, img_dir, tf, with_labels=True):
        self.df = df.reset_index(drop=True)
        self.img_dir = img_dir
        self.tf = tf
        self.with_labels = with_labels

    def __len__(self):
        return len(self.df)

    def __getitem__(self, i):
        row = self.df.iloc[i]
        img = self.tf(Image.open(os.path.join(self.img_dir, row["image"])).convert("RGB"))
        if self.with_labels:
            return img, int(row["label"])
        return img


class PlantClassifier(pl.LightningModule):
    def __init__(self, arch="convnext_tiny", num_classes=12, lr=2e-4, weight_decay=0.05, epochs=15):
        super().__init__()
        self.save_hyperparameters()
        self.backbone = timm.create_model(arch, pretrained=True, num_classes=0)
        self.classifier = nn.Linear(self.backbone.num_features, num_classes)
        self.train_acc = MulticlassAccuracy(num_classes=num_classes)
        self.val_acc = MulticlassAccuracy(num_classes=num_classes)

    def forward(self, x):
        return self.classifier(self.backbone(x))

    @torch.no_grad()
    def inference(self, x, tta=True):
        probs = torch.softmax(self(x), dim=1)
        if tta:
            probs = (probs + torch.softmax(self(x.flip(-1)), dim=1)) / 2
        return probs

    def training_step(self, batch, batch_idx):
        x, y = batch
        logits = self(x)
        loss = F.cross_entropy(logits, y, label_smoothing=0.1)
        self.train_acc(logits, y)
        self.log("train/loss", loss, prog_bar=True)
        self.log("train/acc", self.train_acc, on_step=False, on_epoch=True)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        logits = self(x)
        self.log("val/loss", F.cross_entropy(logits, y), prog_bar=True)
        self.val_acc(logits, y)
        self.log("val/acc", self.val_acc, prog_bar=True)

    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.parameters(), lr=self.hparams.lr, weight_decay=self.hparams.weight_decay)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=self.hparams.epochs)
        return [opt], [sched]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="data/plant-seedlings")
    ap.add_argument("--arch", default="convnext_tiny")
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--bs", type=int, default=32)
    args = ap.parse_args()

    norm = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    train_tf = transforms.Compose([transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(),
                                   transforms.RandomVerticalFlip(), transforms.ToTensor(), norm])
    eval_tf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(), norm])

    df = pd.read_csv(os.path.join(args.root, "train.csv"))
    val_df = df.sample(frac=0.15, random_state=0)
    trn_df = df.drop(val_df.index)
    img_dir = os.path.join(args.root, "images")
    train_dl = DataLoader(PlantDataset(trn_df, img_dir, train_tf), args.bs, shuffle=True, num_workers=6)
    val_dl = DataLoader(PlantDataset(val_df, img_dir, eval_tf), args.bs * 2, num_workers=6)

    model = PlantClassifier(args.arch, num_classes=df["label"].nunique(), epochs=args.epochs)
    trainer = pl.Trainer(max_epochs=args.epochs, accelerator="auto", precision="16-mixed",
                         callbacks=[pl.callbacks.ModelCheckpoint(monitor="val/acc", mode="max")])
    trainer.fit(model, train_dl, val_dl)

    test_df = pd.read_csv(os.path.join(args.root, "test.csv"))
    test_dl = DataLoader(PlantDataset(test_df, os.path.join(args.root, "test"), eval_tf, with_labels=False),
                         args.bs * 2)
    model.eval()
    preds = []
    for x in test_dl:
        preds.append(model.inference(x.to(model.device)).argmax(1).cpu())
    test_df["label"] = torch.cat(preds).numpy()
    test_df.to_csv("submission.csv", index=False)


if __name__ == "__main__":
    main()
