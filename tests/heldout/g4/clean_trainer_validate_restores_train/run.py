import argparse
import os

import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms

from nets import CRNN
from trainer import OCRTrainer

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


class WordImages(Dataset):
    """Reads `<root>/labels.txt` lines of the form `relative/path.png<TAB>word`."""

    def __init__(self, root, img_h=32, img_w=128):
        with open(os.path.join(root, "labels.txt")) as f:
            rows = [l.rstrip("\n").split("\t") for l in f if l.strip()]
        self.items = [(os.path.join(root, p), w.lower()) for p, w in rows
                      if w and all(c in ALPHABET for c in w.lower())]
        self.tf = transforms.Compose([
            transforms.Grayscale(),
            transforms.Resize((img_h, img_w)),
            transforms.ToTensor(),
            transforms.Normalize((0.5,), (0.5,)),
        ])

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        path, word = self.items[i]
        return self.tf(Image.open(path)), word


def collate(batch):
    images, words = zip(*batch)
    targets = torch.tensor([ALPHABET.index(c) + 1 for w in words for c in w], dtype=torch.long)
    lengths = torch.tensor([len(w) for w in words], dtype=torch.long)
    return torch.stack(images), targets, lengths, list(words)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--train-root", default="data/synth90k_subset/train")
    ap.add_argument("--val-root", default="data/synth90k_subset/val")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--bs", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()

    train_dl = DataLoader(WordImages(args.train_root), batch_size=args.bs, shuffle=True,
                          num_workers=6, collate_fn=collate, drop_last=True)
    val_dl = DataLoader(WordImages(args.val_root), batch_size=256, num_workers=6, collate_fn=collate)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    trainer = OCRTrainer(CRNN(len(ALPHABET)), ALPHABET, train_dl, val_dl, lr=args.lr, device=device)
    print("best CER:", trainer.fit(args.epochs))
