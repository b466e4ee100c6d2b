"""Keyword spotting on Speech Commands v2 with a small 1D conv net."""
import argparse
import logging
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchaudio
from torch.utils.data import DataLoader
from torchaudio.datasets import SPEECHCOMMANDS

logger = logging.getLogger("kws")


class M5(nn.Module):
    def __init__(self, n_input=1, n_output=35, stride=16, n_channel=32, p_drop=0.2):
        super().__init__()
        self.conv1 = nn.Conv1d(n_input, n_channel, kernel_size=80, stride=stride)
        self.bn1 = nn.BatchNorm1d(n_channel)
        self.conv2 = nn.Conv1d(n_channel, n_channel, kernel_size=3)
        self.bn2 = nn.BatchNorm1d(n_channel)
        self.conv3 = nn.Conv1d(n_channel, 2 * n_channel, kernel_size=3)
        self.bn3 = nn.BatchNorm1d(2 * n_channel)
        self.drop = nn.Dropout(p_drop)
        self.fc1 = nn.Linear(2 * n_channel, n_output)

    def forward(self, x):
        x = F.max_pool1d(F.relu(self.bn1(self.conv1(x))), 4)
        x = F.max_pool1d(F.relu(self.bn2(self.conv2(x))), 4)
        x = F.max_pool1d(F.relu(self.bn3(self.conv3(x))), 4)
        x = F.avg_pool1d(x, x.shape[-1]).squeeze(-1)
        return self.fc1(self.drop(x))


class KWSTrainer:
    def __init__(self, model, labels, lr=1e-2, epochs=30, device="cpu", sample_rate=8000):
        self.model = model.to(device)
        self.labels = labels
        self.epochs = epochs
        self.device = device
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=1e-4)
        self.scheduler = torch.optim.lr_scheduler.StepLR(self.optimizer, step_size=10, gamma=0.1)
        self.resample = torchaudio.transforms.Resample(orig_freq=16000, new_freq=sample_rate).to(device)

    def _prep(self, batch):
        waveform, target = batch
        return self.resample(waveform.to(self.device)), target.to(self.device)

    def training_step(self, batch):
        x, y = self._prep(batch)
        logits = self.model(x)
        return F.cross_entropy(logits, y)

    def validation_step(self, batch):
        x, y = self._prep(batch)
        logits = self.model(x)
        return F.cross_entropy(logits, y, reduction="sum").item(), (logits.argmax(-1) == y).sum().item(), y.numel()

    def _train_epoch(self, loader, epoch):
        self.model.train()
        for i, batch in enumerate(loader):
            loss = self.training_step(batch)
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
            if i % 100 == 0:
                logger.info("epoch %d [%d/%d] loss %.4f", epoch, i, len(loader), loss.item())

    @torch.no_grad()
    def _val_loop(self, loader):
        self.model.eval()
        loss_sum, correct, total = 0.0, 0, 0
        for batch in loader:
            l, c, n = self.validation_step(batch)
            loss_sum += l
            correct += c
            total += n
        return loss_sum / total, correct / total

    def fit(self, train_loader, val_loader, ckpt="m5_kws.pt"):
        best = 0.0
        for epoch in range(1, self.epochs + 1):
            self._train_epoch(train_loader, epoch)
            val_loss, val_acc = self._val_loop(val_loader)
            self.scheduler.step()
            logger.info("epoch %d val_loss %.4f val_acc %.4f", epoch, val_loss, val_acc)
            if val_acc > best:
                best = val_acc
                torch.save(self.model.state_dict(), ckpt)
        return best


class SubsetSC(SPEECHCOMMANDS):
    def __init__(self, root, subset):
        super().__init__(root, download=True)

        def load_list(filename):
            with open(os.path.join(self._path, filename)) as f:
                return {os.path.normpath(os.path.join(self._path, line.strip())) for line in f}

        if subset == "validation":
            self._walker = [w for w in self._walker if os.path.normpath(w) in load_list("validation_list.txt")]
        elif subset == "training":
            excludes = load_list("validation_list.txt") | load_list("testing_list.txt")
            self._walker = [w for w in self._walker if os.path.normpath(w) not in excludes]


def make_collate(labels):
    index = {l: i for i, l in enumerate(labels)}

    def collate(batch):
        waves = [b[0].t() for b in batch]
        waves = nn.utils.rnn.pad_sequence(waves, batch_first=True, padding_value=0.0).permute(0, 2, 1)
        targets = torch.tensor([index[b[2]] for b in batch])
        return waves, targets

    return collate


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="./data")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--bs", type=int, default=256)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)

    train_set = SubsetSC(args.root, "training")
    val_set = SubsetSC(args.root, "validation")
    labels = sorted({d[2] for d in val_set})
    collate = make_collate(labels)
    train_loader = DataLoader(train_set, batch_size=args.bs, shuffle=True, collate_fn=collate, num_workers=4)
    val_loader = DataLoader(val_set, batch_size=args.bs, collate_fn=collate, num_workers=4)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    trainer = KWSTrainer(M5(n_output=len(labels)), labels, epochs=args.epochs, device=device)
    print("best val acc:", trainer.fit(train_loader, val_loader))
