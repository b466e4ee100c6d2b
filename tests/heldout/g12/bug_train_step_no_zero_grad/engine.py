"""Training / evaluation steps shared by train.py and finetune.py."""
import torch
import torch.nn.functional as F


def move_batch(batch, device):
    return {k: v.to(device, non_blocking=True) for k, v in batch.items()}


def compute_loss(model, batch, label_smoothing=0.0):
    logits = model(batch["input_ids"])
    loss = F.cross_entropy(logits, batch["labels"], label_smoothing=label_smoothing)
    return loss, logits


def train_step(model, batch, optimizer, scheduler=None, max_grad_norm=1.0, label_smoothing=0.0):
    model.train()
    loss, logits = compute_loss(model, batch, label_smoothing)
    loss.backward()
    if max_grad_norm is not None and max_grad_norm > 0:
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_grad_norm)
    optimizer.step()  # EXPECT: TL002
    if scheduler is not None:
        scheduler.step()
    acc = (logits.argmax(-1) == batch["labels"]).float().mean()
    return {"loss": loss.item(), "acc": acc.item()}


@torch.no_grad()
def eval_step(model, batch):
    model.eval()
    loss, logits = compute_loss(model, batch)
    correct = (logits.argmax(-1) == batch["labels"]).sum()
    return loss.item() * batch["labels"].size(0), correct.item()


def evaluate(model, loader, device):
    total_loss, total_correct, total = 0.0, 0, 0
    for batch in loader:
        batch = move_batch(batch, device)
        l, c = eval_step(model, batch)
        total_loss += l
        total_correct += c
        total += batch["labels"].size(0)
    return total_loss / total, total_correct / total
