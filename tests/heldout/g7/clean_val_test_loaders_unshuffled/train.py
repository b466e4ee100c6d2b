import argparse

import pandas as pd
import torch
from sklearn.metrics import f1_score
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

from data.loaders import get_loaders


def run_eval(model, loader, device):
    model.eval()
    preds, labels = [], []
    with torch.no_grad():
        for batch in loader:
            batch = {k: v.to(device) for k, v in batch.items()}
            logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
            preds.append(logits.argmax(-1).cpu())
            labels.append(batch["labels"].cpu())
    return torch.cat(preds), torch.cat(labels)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="distilbert-base-uncased")
    ap.add_argument("--train-csv", default="nlp-disaster/train.csv")
    ap.add_argument("--test-csv", default="nlp-disaster/test.csv")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--bs", type=int, default=32)
    args = ap.parse_args()

    device = "cuda" if torch.cuda.is_available() else "cpu"
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    train_loader, val_loader, test_loader = get_loaders(args.train_csv, args.test_csv, tokenizer, args.bs)

    model = AutoModelForSequenceClassification.from_pretrained(args.model, num_labels=2).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    total = len(train_loader) * args.epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, int(0.1 * total), total)

    for epoch in range(args.epochs):
        model.train()
        for step, batch in enumerate(train_loader):
            batch = {k: v.to(device) for k, v in batch.items()}
            out = model(**batch)
            out.loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            if step % 50 == 0:
                print(f"epoch {epoch} step {step} loss {out.loss.item():.4f}")
        p, y = run_eval(model, val_loader, device)
        print(f"epoch {epoch} val F1 {f1_score(y.numpy(), p.numpy()):.4f}")

    test_pred, _ = run_eval(model, test_loader, device)
    ids = pd.read_csv(args.test_csv)["id"]
    pd.DataFrame({"id": ids, "target": test_pred.numpy()}).to_csv("submission.csv", index=False)


if __name__ == "__main__":
    main()
