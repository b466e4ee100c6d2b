import logging
import math
import os

import numpy as np
import torch

from core import build_everything, save_state

logging.basicConfig(level=logging.INFO)

cfg = {
    "data_dir": "data/shakespeare_char",
    "out_dir": "out-shakespeare-char",
    "init_from": "resume",  # or "scratch"
    "block_size": 256, "n_layer": 6, "n_head": 6, "d_model": 384, "dropout": 0.2,
    "batch_size": 64, "lr": 1e-3, "min_lr": 1e-4, "weight_decay": 0.1,
    "max_iters": 5000, "warmup_iters": 100, "eval_interval": 250, "eval_iters": 200,
}


def get_batch(data, bs, block, device):
    ix = torch.randint(len(data) - block, (bs,))
    x = torch.stack([torch.from_numpy(data[i:i + block].astype(np.int64)) for i in ix])
    y = torch.stack([torch.from_numpy(data[i + 1:i + 1 + block].astype(np.int64)) for i in ix])
    return x.to(device), y.to(device)


def lr_at(it):
    if it < cfg["warmup_iters"]:
        return cfg["lr"] * it / cfg["warmup_iters"]
    ratio = (it - cfg["warmup_iters"]) / (cfg["max_iters"] - cfg["warmup_iters"])
    return cfg["min_lr"] + 0.5 * (1 + math.cos(math.pi * min(ratio, 1.0))) * (cfg["lr"] - cfg["min_lr"])


@torch.no_grad()
def estimate_loss(model, splits, device):
    model.eval()
    out = {}
    for name, data in splits.items():
        losses = [model(*get_batch(data, cfg["batch_size"], cfg["block_size"], device))[1].item()
                  for _ in range(cfg["eval_iters"])]
        out[name] = sum(losses) / len(losses)
    model.train()
    return out


def main():
    os.makedirs(cfg["out_dir"], exist_ok=True)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_data = np.memmap(os.path.join(cfg["data_dir"], "train.bin"), dtype=np.uint16, mode="r")
    val_data = np.memmap(os.path.join(cfg["data_dir"], "val.bin"), dtype=np.uint16, mode="r")
    vocab_size = 65

    model, optimizer, model_args, it, best_val = build_everything(cfg, vocab_size, device)
    model.train()
    while it < cfg["max_iters"]:
        for g in optimizer.param_groups:
            g["lr"] = lr_at(it)
        if it % cfg["eval_interval"] == 0:
            losses = estimate_loss(model, {"train": train_data, "val": val_data}, device)
            logging.info("iter %d: train %.4f val %.4f", it, losses["train"], losses["val"])
            if losses["val"] < best_val:
                best_val = losses["val"]
                save_state(cfg, model, optimizer, model_args, it, best_val)
        x, y = get_batch(train_data, cfg["batch_size"], cfg["block_size"], device)
        _, loss = model(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        it += 1


if __name__ == "__main__":
    main()
