import torch


def macro_f1(preds, labels, num_labels):
    f1s = []
    for c in range(num_labels):
        tp = ((preds == c) & (labels == c)).sum().item()
        fp = ((preds == c) & (labels != c)).sum().item()
        fn = ((preds != c) & (labels == c)).sum().item()
        denom = 2 * tp + fp + fn
        f1s.append(2 * tp / denom if denom else 0.0)
    return sum(f1s) / num_labels


def forward_with_metrics(model, batch, device, num_labels):
    """One forward pass; returns the loss tensor (for backward when training) and batch metrics."""
    batch = {k: v.to(device) for k, v in batch.items()}
    out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=batch["labels"])
    preds = out.logits.argmax(dim=-1)
    stats = {
        "acc": (preds == batch["labels"]).float().mean().item(),
        "f1": macro_f1(preds, batch["labels"], num_labels),
        "n": batch["labels"].size(0),
    }
    return out.loss, stats


class RunningStats:
    def __init__(self):
        self.totals = {}
        self.count = 0

    def update(self, loss, stats):
        n = stats["n"]
        self.count += n
        self.totals["loss"] = self.totals.get("loss", 0.0) + loss * n
        for k in ("acc", "f1"):
            self.totals[k] = self.totals.get(k, 0.0) + stats[k] * n

    def summary(self):
        return {k: v / max(self.count, 1) for k, v in self.totals.items()}
