import logging

import torch
from torch.cuda.amp import GradScaler, autocast
from tqdm.auto import tqdm

logger = logging.getLogger(__name__)


def train_one_epoch(model, loader, criterion, optimizer, scheduler, scaler: GradScaler,
                    device, accum_steps=4, max_grad_norm=1.0, use_amp=True, log_every=100):
    model.train()
    optimizer.zero_grad(set_to_none=True)
    running, n_batches = 0.0, 0
    num_updates = 0
    pbar = tqdm(loader, desc="train", dynamic_ncols=True)
    for step, batch in enumerate(pbar):
        input_ids = batch["input_ids"].to(device)
        attn = batch["attention_mask"].to(device)
        labels = batch["labels"].to(device)

        with autocast(enabled=use_amp):
            logits = model(input_ids, attn)
            loss = criterion(logits, labels) / accum_steps
        scaler.scale(loss).backward()

        running += loss.item() * accum_steps
        n_batches += 1

        if (step + 1) % accum_steps == 0 or (step + 1) == len(loader):
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_grad_norm)
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad(set_to_none=True)
            scheduler.step()
            num_updates += 1
            if num_updates % log_every == 0:
                logger.info("update %d loss %.4f lr %.2e", num_updates, running / n_batches,
                            scheduler.get_last_lr()[0])
        pbar.set_postfix(loss=running / n_batches)
    return running / max(n_batches, 1)


@torch.inference_mode()
def evaluate(model, loader, criterion, device):
    model.eval()
    total_loss, correct, count = 0.0, 0, 0
    for batch in loader:
        input_ids = batch["input_ids"].to(device)
        attn = batch["attention_mask"].to(device)
        labels = batch["labels"].to(device)
        logits = model(input_ids, attn)
        total_loss += criterion(logits, labels).item() * labels.size(0)
        correct += (logits.argmax(-1) == labels).sum().item()
        count += labels.size(0)
    return total_loss / count, correct / count
