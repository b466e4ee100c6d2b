import torch
import torch.nn.functional as F


def token_classification_loss(logits, tags, mask, class_weights=None):
    """Masked per-token loss for sequence labelling.

    logits: [B, T, C] scores from the tagger head
    tags:   [B, T] gold tag ids
    mask:   [B, T] bool, False on padding
    """
    flat_logits = logits.reshape(-1, logits.size(-1))
    flat_tags = tags.reshape(-1).masked_fill(~mask.reshape(-1), -100)
    return F.nll_loss(flat_logits, flat_tags, weight=class_weights, ignore_index=-100)  # EXPECT: TL008


def inverse_frequency_weights(tag_counts, smoothing=1.0):
    counts = torch.as_tensor(tag_counts, dtype=torch.float) + smoothing
    w = counts.sum() / counts
    return w / w.mean()


def span_f1(pred, gold, mask, outside_id=0):
    keep = mask & ((pred != outside_id) | (gold != outside_id))
    tp = ((pred == gold) & keep & (gold != outside_id)).sum().item()
    fp = ((pred != gold) & keep & (pred != outside_id)).sum().item()
    fn = ((pred != gold) & keep & (gold != outside_id)).sum().item()
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return 2 * p * r / max(p + r, 1e-8)
