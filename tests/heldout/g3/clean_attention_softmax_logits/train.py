import argparse
import math

import torch
from datasets import load_dataset
from torch.utils.data import DataLoader
from transformers import AutoTokenizer

from model import TransformerClassifier


def cosine_with_warmup(optimizer, warmup, total):
    def lr_lambda(step):
        if step < warmup:
            return step / max(1, warmup)
        progress = (step - warmup) / max(1, total - warmup)
        return 0.5 * (1 + math.cos(math.pi * progress))
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-len", type=int, default=256)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--warmup", type=int, default=500)
    args = ap.parse_args()

    tok = AutoTokenizer.from_pretrained("bert-base-uncased")
    ds = load_dataset("imdb")

    def collate(batch):
        enc = tok([b["text"] for b in batch], truncation=True, max_length=args.max_len,
                  padding=True, return_tensors="pt")
        return enc["input_ids"], torch.tensor([b["label"] for b in batch])

    train_dl = DataLoader(ds["train"], batch_size=args.bs, shuffle=True, collate_fn=collate, num_workers=4)
    test_dl = DataLoader(ds["test"], batch_size=args.bs * 2, collate_fn=collate, num_workers=4)

    device = torch.device("cuda")
    model = TransformerClassifier(tok.vocab_size, 2, max_len=args.max_len, pad_id=tok.pad_token_id).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    sched = cosine_with_warmup(opt, args.warmup, args.epochs * len(train_dl))

    step = 0
    for epoch in range(args.epochs):
        model.train()
        for ids, labels in train_dl:
            with torch.autocast("cuda", dtype=torch.bfloat16):
                loss, acc = model.compute_loss((ids.to(device), labels.to(device)))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 100 == 0:
                print(f"step {step} loss {loss.item():.4f} acc {acc.item():.3f} lr {sched.get_last_lr()[0]:.2e}")

        model.eval()
        accs = []
        with torch.no_grad(), torch.autocast("cuda", dtype=torch.bfloat16):
            for ids, labels in test_dl:
                _, acc = model.compute_loss((ids.to(device), labels.to(device)))
                accs.append(acc.item())
        print(f"epoch {epoch}: test acc {sum(accs) / len(accs):.4f}")


if __name__ == "__main__":
    main()
