import torch
import torch.nn.functional as F


def sequence_nll(scores, tags, pad_idx=0):
    """Token-level negative log-likelihood averaged over non-pad positions.

    scores: (batch, seq_len, n_tags), tags: (batch, seq_len)
    """
    n_tags = scores.size(-1)
    return F.nll_loss(scores.view(-1, n_tags), tags.view(-1), ignore_index=pad_idx)


def token_accuracy(scores, tags, pad_idx=0):
    mask = tags.ne(pad_idx)
    pred = scores.argmax(dim=-1)
    return (pred.eq(tags) & mask).sum().float() / mask.sum().clamp(min=1)


@torch.no_grad()
def confusion(scores, tags, n_tags, pad_idx=0):
    mask = tags.ne(pad_idx)
    pred = scores.argmax(dim=-1)[mask]
    gold = tags[mask]
    idx = gold * n_tags + pred
    return torch.bincount(idx, minlength=n_tags * n_tags).view(n_tags, n_tags)


def per_tag_f1(conf, eps=1e-8):
    conf = conf.float()
    tp = conf.diag()
    precision = tp / (conf.sum(dim=0) + eps)
    recall = tp / (conf.sum(dim=1) + eps)
    f1 = 2 * precision * recall / (precision + recall + eps)
    return f1, f1.mean().item()
