import argparse
import logging
import os

import numpy as np
import pandas as pd
import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms

from model import build
from trainer import MultiLabelTrainer

CLASS_NAMES = [
    "Atelectasis", "Cardiomegaly", "Effusion", "Infiltration", "Mass", "Nodule", "Pneumonia",
    "Pneumothorax", "Consolidation", "Edema", "Emphysema", "Fibrosis", "Pleural_Thickening", "Hernia",
]


class ChestXrayDataset(Dataset):
    def __init__(self, data_dir, csv_file, transform):
        df = pd.read_csv(csv_file)
        self.paths = [os.path.join(data_dir, f) for f in df["Image Index"]]
        findings = df["Finding Labels"].str.split("|")
        self.labels = np.array([[int(c in f) for c in CLASS_NAMES] for f in findings], dtype=np.float32)
        self.transform = transform

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, idx):
        image = Image.open(self.paths[idx]).convert("RGB")
        return self.transform(image), torch.from_numpy(self.labels[idx])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default="ChestX-ray14/images")
    ap.add_argument("--train-csv", default="labels/train.csv")
    ap.add_argument("--val-csv", default="labels/val.csv")
    ap.add_argument("--arch", default="densenet121")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)

    normalize = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    train_tf = transforms.Compose([
        transforms.RandomResizedCrop(224),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        normalize,
    ])
    val_tf = transforms.Compose([
        transforms.Resize(256),
        transforms.TenCrop(224),
        transforms.Lambda(lambda crops: torch.stack([normalize(transforms.ToTensor()(c)) for c in crops])),
    ])

    train_ds = ChestXrayDataset(args.data_dir, args.train_csv, train_tf)
    val_ds = ChestXrayDataset(args.data_dir, args.val_csv, val_tf)
    train_loader = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True, num_workers=8, pin_memory=True)
    val_loader = DataLoader(val_ds, batch_size=args.batch_size // 2, num_workers=8, pin_memory=True)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = build(args.arch, len(CLASS_NAMES))
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999))
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", patience=1, factor=0.1)

    trainer = MultiLabelTrainer(model, optimizer, device, CLASS_NAMES, scheduler=scheduler)
    trainer.fit(train_loader, val_loader, args.epochs, f"{args.arch}_chexnet.pth.tar")


if __name__ == "__main__":
    main()
