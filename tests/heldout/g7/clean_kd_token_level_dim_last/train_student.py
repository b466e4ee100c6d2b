import argparse
import math

import torch
from datasets import load_dataset
from torch.utils.data import DataLoader
from transformers import AutoModelForCausalLM, AutoTokenizer, get_cosine_schedule_with_warmup

from kd_losses import shift_for_causal_lm, token_kd_loss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--teacher", default="gpt2-medium")
    ap.add_argument("--student", default="distilgpt2")
    ap.add_argument("--dataset", default="wikitext")
    ap.add_argument("--config", default="wikitext-103-raw-v1")
    ap.add_argument("--max-len", type=int, default=256)
    ap.add_argument("--bs", type=int, default=8)
    ap.add_argument("--accum", type=int, default=4)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--T", type=float, default=2.0)
    args = ap.parse_args()

    device = torch.device("cuda")
    tok = AutoTokenizer.from_pretrained(args.teacher)
    tok.pad_token = tok.eos_token
    teacher = AutoModelForCausalLM.from_pretrained(args.teacher, torch_dtype=torch.bfloat16).to(device).eval()
    student = AutoModelForCausalLM.from_pretrained(args.student).to(device)

    raw = load_dataset(args.dataset, args.config, split="train").filter(lambda r: len(r["text"]) > 64)

    def collate(rows):
        return tok([r["text"] for r in rows], padding="max_length", truncation=True, max_length=args.max_len,
                   return_tensors="pt")

    loader = DataLoader(raw, batch_size=args.bs, shuffle=True, collate_fn=collate, num_workers=2)
    optimizer = torch.optim.AdamW(student.parameters(), lr=args.lr, weight_decay=0.01)
    total = math.ceil(len(loader) / args.accum) * args.epochs
    scheduler = get_cosine_schedule_with_warmup(optimizer, int(0.03 * total), total)

    student.train()
    optimizer.zero_grad()
    for epoch in range(args.epochs):
        for step, batch in enumerate(loader):
            ids, attn, labels = shift_for_causal_lm(batch["input_ids"].to(device), batch["attention_mask"].to(device))
            with torch.no_grad():
                t_logits = teacher(input_ids=ids, attention_mask=attn).logits.float()
            s_logits = student(input_ids=ids, attention_mask=attn).logits
            loss, parts = token_kd_loss(s_logits, t_logits, labels, temperature=args.T)
            (loss / args.accum).backward()
            if (step + 1) % args.accum == 0:
                torch.nn.utils.clip_grad_norm_(student.parameters(), 1.0)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
            if step % 200 == 0:
                print(f"epoch {epoch} step {step} loss {loss.item():.4f} kd {parts['kd']:.4f} ce {parts['ce']:.4f}")
        student.save_pretrained(f"student_epoch{epoch}")


if __name__ == "__main__":
    main()
