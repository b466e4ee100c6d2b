import json

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Dataset
from transformers import AutoTokenizer, get_linear_schedule_with_warmup

from engine import evaluate, train_one_epoch
from models import TransformerClassifier

config = {
    "train_file": "data/train.json",
    "valid_file": "data/valid.json",
    "tokenizer": "bert-base-uncased",
    "num_classes": 20,
    "max_len": 256,
    "d_model": 256,
    "layers": 4,
    "batch_size": 64,
    "lr": 5e-4,
    "epochs": 15,
    "warmup_ratio": 0.06,
    "label_smoothing": 0.1,
}


class NewsDataset(Dataset):
    def __init__(self, path, tokenizer, max_len):
        with open(path) as f:
            self.items = json.load(f)
        self.tok = tokenizer
        self.max_len = max_len

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        item = self.items[i]
        ids = self.tok.encode(item["text"], truncation=True, max_length=self.max_len)
        return torch.tensor(ids), item["label"]


def collate_fn(batch, pad_id=0):
    ids, labels = zip(*batch)
    return pad_sequence(ids, batch_first=True, padding_value=pad_id), torch.tensor(labels)


def main():
    device = torch.device("cuda")
    tokenizer = AutoTokenizer.from_pretrained(config["tokenizer"])
    train_ds = NewsDataset(config["train_file"], tokenizer, config["max_len"])
    valid_ds = NewsDataset(config["valid_file"], tokenizer, config["max_len"])
    train_dl = DataLoader(train_ds, batch_size=config["batch_size"], shuffle=True, collate_fn=collate_fn, num_workers=4)
    valid_dl = DataLoader(valid_ds, batch_size=config["batch_size"] * 2, collate_fn=collate_fn, num_workers=4)

    model = TransformerClassifier(
        tokenizer.vocab_size, config["num_classes"], d_model=config["d_model"], num_layers=config["layers"]
    ).to(device)
    criterion = nn.CrossEntropyLoss(label_smoothing=config["label_smoothing"])
    optimizer = torch.optim.AdamW(model.parameters(), lr=config["lr"], weight_decay=0.01)
    total_steps = len(train_dl) * config["epochs"]
    scheduler = get_linear_schedule_with_warmup(optimizer, int(config["warmup_ratio"] * total_steps), total_steps)
    scaler = torch.cuda.amp.GradScaler()

    best_auc = 0.0
    for epoch in range(config["epochs"]):
        train_loss = train_one_epoch(model, criterion, optimizer, train_dl, scaler, device, scheduler)
        metrics = evaluate(model, criterion, valid_dl, device, config["num_classes"])
        print(f"epoch {epoch + 1}: train_loss={train_loss:.4f} " + " ".join(f"{k}={v:.4f}" for k, v in metrics.items()))
        if metrics["auc"] > best_auc:
            best_auc = metrics["auc"]
            torch.save(model.state_dict(), "transformer_news.pt")
    print(f"best AUC {best_auc:.4f}")


if __name__ == "__main__":
    main()
