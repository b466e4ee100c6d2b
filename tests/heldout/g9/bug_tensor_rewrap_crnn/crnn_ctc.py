"""CRNN + CTC for captcha recognition."""
import glob
import os
import string

import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from torch.utils.data import DataLoader, Dataset, random_split
from torchvision import transforms

CHARSET = string.digits + string.ascii_lowercase
BLANK = 0
CHAR2IDX = {c: i + 1 for i, c in enumerate(CHARSET)}
IDX2CHAR = {i: c for c, i in CHAR2IDX.items()}


class CaptchaDataset(Dataset):
    def __init__(self, root, height=32, width=128):
        self.paths = sorted(glob.glob(os.path.join(root, "*.png")))
        self.tf = transforms.Compose([
            transforms.Grayscale(),
            transforms.Resize((height, width)),
            transforms.ToTensor(),
            transforms.Normalize((0.5,), (0.5,)),
        ])

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, idx):
        path = self.paths[idx]
        text = os.path.splitext(os.path.basename(path))[0].split("_")[0].lower()
        target = torch.tensor([CHAR2IDX[c] for c in text], dtype=torch.long)
        return self.tf(Image.open(path)), target


def collate(batch):
    images, targets = zip(*batch)
    lengths = torch.tensor([len(t) for t in targets], dtype=torch.long)
    return torch.stack(images), torch.cat(targets), lengths


class CRNN(nn.Module):
    def __init__(self, num_classes=len(CHARSET) + 1, hidden=256):
        super().__init__()

        def block(i, o, pool):
            return [nn.Conv2d(i, o, 3, 1, 1), nn.BatchNorm2d(o), nn.ReLU(True), nn.MaxPool2d(pool)]

        self.cnn = nn.Sequential(
            *block(1, 64, (2, 2)),
            *block(64, 128, (2, 2)),
            *block(128, 256, (2, 1)),
            *block(256, 256, (2, 1)),
            *block(256, 512, (2, 1)),
        )
        self.rnn = nn.LSTM(512, hidden, num_layers=2, bidirectional=True, batch_first=False)
        self.fc = nn.Linear(2 * hidden, num_classes)

    def forward(self, x):
        conv = self.cnn(x)
        conv = conv.squeeze(2).permute(2, 0, 1)
        seq = torch.tensor(conv, dtype=torch.float32, device=x.device)  # EXPECT: TL010  # <- TL010
        out, _ = self.rnn(seq)
        return F.log_softmax(self.fc(out), dim=2)


def greedy_decode(log_probs):
    best = log_probs.argmax(2).transpose(0, 1).cpu().tolist()
    texts = []
    for seq in best:
        chars, prev = [], BLANK
        for idx in seq:
            if idx != prev and idx != BLANK:
                chars.append(IDX2CHAR[idx])
            prev = idx
        texts.append("".join(chars))
    return texts


def main():
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    dataset = CaptchaDataset("data/captcha_images_v2")
    n_val = int(0.1 * len(dataset))
    train_set, val_set = random_split(dataset, [len(dataset) - n_val, n_val],
                                      generator=torch.Generator().manual_seed(0))
    train_loader = DataLoader(train_set, batch_size=64, shuffle=True, collate_fn=collate, num_workers=4)
    val_loader = DataLoader(val_set, batch_size=64, collate_fn=collate)

    model = CRNN().to(device)
    ctc = nn.CTCLoss(blank=BLANK, zero_infinity=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)

    for epoch in range(60):
        model.train()
        total = 0.0
        for images, targets, target_lengths in train_loader:
            images, targets = images.to(device), targets.to(device)
            log_probs = model(images)
            input_lengths = torch.full((images.size(0),), log_probs.size(0), dtype=torch.long)
            loss = ctc(log_probs, targets, input_lengths, target_lengths)
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            total += loss.item()

        model.eval()
        hits, count = 0, 0
        with torch.no_grad():
            for images, targets, target_lengths in val_loader:
                preds = greedy_decode(model(images.to(device)))
                gts, offset = [], 0
                for n in target_lengths.tolist():
                    gts.append("".join(IDX2CHAR[i] for i in targets[offset:offset + n].tolist()))
                    offset += n
                hits += sum(p == g for p, g in zip(preds, gts))
                count += len(gts)
        print(f"epoch {epoch}: ctc {total / len(train_loader):.4f} seq_acc {hits / count:.3f}")

    torch.save(model.state_dict(), "crnn_captcha.pth")


if __name__ == "__main__":
    main()
