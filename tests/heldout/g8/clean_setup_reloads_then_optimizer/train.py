import logging
import math
import os

import torch
import torch.nn.functional as F

from factory import setup

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("charlm")

cfg = dict(
    data="data/input.txt",
    out_dir="out-char",
    init_from="scratch",
    ckpt="out-char/ckpt.pt",
    emb_dim=64,
    hidden=512,
    layers=2,
    dropout=0.2,
    lr=2e-3,
    wd=0.0,
    lr_step=2000,
    block=128,
    batch=64,
    max_iters=6000,
    eval_every=500,
    eval_iters=50,
    grad_clip=5.0,
)


def load_text(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    chars = sorted(set(text))
    stoi = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
    n = int(0.9 * len(data))
    return data[:n], data[n:], len(chars)


def get_batch(data, block, batch, device):
    ix = torch.randint(len(data) - block - 1, (batch,))
    x = torch.stack([data[i:i + block] for i in ix])
    y = torch.stack([data[i + 1:i + block + 1] for i in ix])
    return x.to(device), y.to(device)


@torch.no_grad()
def estimate_loss(model, splits, device):
    model.eval()
    out = {}
    for name, data in splits.items():
        losses = torch.zeros(cfg["eval_iters"])
        for k in range(cfg["eval_iters"]):
            x, y = get_batch(data, cfg["block"], cfg["batch"], device)
            logits, _ = model(x)
            losses[k] = F.cross_entropy(logits.flatten(0, 1), y.flatten()).item()
        out[name] = losses.mean().item()
    model.train()
    return out


def main():
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_data, val_data, vocab_size = load_text(cfg["data"])
    model, optimizer, scheduler, start_iter = setup(cfg, vocab_size, device)
    os.makedirs(cfg["out_dir"], exist_ok=True)

    model.train()
    for it in range(start_iter, cfg["max_iters"]):
        if it % cfg["eval_every"] == 0:
            losses = estimate_loss(model, {"train": train_data, "val": val_data}, device)
            log.info("iter %d train %.4f val %.4f (ppl %.2f)", it, losses["train"],
                     losses["val"], math.exp(losses["val"]))
            raw = getattr(model, "_orig_mod", model)
            raw.save(os.path.join(cfg["out_dir"], "ckpt.pt"), iter=it,
                     optimizer=optimizer.state_dict(), scheduler=scheduler.state_dict())

        x, y = get_batch(train_data, cfg["block"], cfg["batch"], device)
        logits, _ = model(x)
        loss = F.cross_entropy(logits.flatten(0, 1), y.flatten())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg["grad_clip"])
        optimizer.step()
        scheduler.step()


if __name__ == "__main__":
    main()
