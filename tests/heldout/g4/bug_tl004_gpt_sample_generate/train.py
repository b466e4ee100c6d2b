"""Character-level GPT on tiny shakespeare. Prints a sample every `sample_interval` iters."""
import os
import time

import numpy as np
import torch

from model import CharGPT

# -----------------------------------------------------------------------------
out_dir = "out-shakespeare-char"
data_path = "data/input.txt"
batch_size = 64
block_size = 256
max_iters = 5000
eval_interval = 250
eval_iters = 200
sample_interval = 1000
learning_rate = 1e-3
min_lr = 1e-4
warmup_iters = 100
device = "cuda" if torch.cuda.is_available() else "cpu"
# -----------------------------------------------------------------------------

torch.manual_seed(1337)
os.makedirs(out_dir, exist_ok=True)
text = open(data_path, encoding="utf-8").read()
chars = sorted(set(text))
stoi = {ch: i for i, ch in enumerate(chars)}
itos = {i: ch for ch, i in stoi.items()}
encode = lambda s: [stoi[c] for c in s]
decode = lambda l: "".join(itos[i] for i in l)

data = np.array(encode(text), dtype=np.int64)
n = int(0.9 * len(data))
train_data, val_data = data[:n], data[n:]


def get_batch(split):
    src = train_data if split == "train" else val_data
    ix = np.random.randint(0, len(src) - block_size, size=batch_size)
    x = torch.stack([torch.from_numpy(src[i:i + block_size]) for i in ix])
    y = torch.stack([torch.from_numpy(src[i + 1:i + 1 + block_size]) for i in ix])
    return x.to(device), y.to(device)


def get_lr(it):
    if it < warmup_iters:
        return learning_rate * it / warmup_iters
    ratio = (it - warmup_iters) / (max_iters - warmup_iters)
    return min_lr + 0.5 * (1.0 + np.cos(np.pi * ratio)) * (learning_rate - min_lr)


model = CharGPT(len(chars), block_size=block_size).to(device)
optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, betas=(0.9, 0.99), weight_decay=0.1)
print(f"{sum(p.numel() for p in model.parameters()) / 1e6:.2f}M parameters")


@torch.no_grad()
def estimate_loss():
    out = {}
    model.eval()
    for split in ("train", "val"):
        losses = torch.zeros(eval_iters)
        for k in range(eval_iters):
            X, Y = get_batch(split)
            _, loss = model(X, Y)
            losses[k] = loss.item()
        out[split] = losses.mean().item()
    model.train()
    return out


best_val = float("inf")
t0 = time.time()
for it in range(max_iters + 1):
    for g in optimizer.param_groups:
        g["lr"] = get_lr(it)

    if it % eval_interval == 0:
        losses = estimate_loss()
        print(f"step {it}: train {losses['train']:.4f}, val {losses['val']:.4f}")
        if losses["val"] < best_val:
            best_val = losses["val"]
            torch.save({"model": model.state_dict(), "iter": it, "stoi": stoi}, os.path.join(out_dir, "ckpt.pt"))

    if it > 0 and it % sample_interval == 0:
        model.eval()
        ctx = torch.zeros((1, 1), dtype=torch.long, device=device)
        sample = model.generate(ctx, max_new_tokens=300, temperature=0.8, top_k=40)
        print("-" * 40)
        print(decode(sample[0].tolist()))
        print("-" * 40)
        model.train()

    xb, yb = get_batch("train")
    _, loss = model(xb, yb)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()

    if it % 100 == 0:
        print(f"iter {it}: loss {loss.item():.4f}, {(time.time() - t0) * 1000 / max(it, 1):.1f} ms/iter")
