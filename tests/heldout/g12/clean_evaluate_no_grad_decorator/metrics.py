from collections import Counter

import torch
import torch.nn.functional as F


def extract_spans(tags):
    """BIO tags -> set of (type, start, end)."""
    spans, start, kind = set(), None, None
    for i, tag in enumerate(tags + ["O"]):
        if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and tag[2:] != kind):
            if kind is not None:
                spans.add((kind, start, i))
            kind, start = (tag[2:], i) if tag != "O" else (None, None)
    return spans


def span_f1(gold_seqs, pred_seqs):
    counts = Counter()
    for gold, pred in zip(gold_seqs, pred_seqs):
        g, p = extract_spans(gold), extract_spans(pred)
        counts["tp"] += len(g & p)
        counts["fp"] += len(p - g)
        counts["fn"] += len(g - p)
    prec = counts["tp"] / max(counts["tp"] + counts["fp"], 1)
    rec = counts["tp"] / max(counts["tp"] + counts["fn"], 1)
    f1 = 2 * prec * rec / max(prec + rec, 1e-12)
    return {"precision": prec, "recall": rec, "f1": f1}


@torch.no_grad()
def evaluate(model, loader, id2tag, device, pad_tag_id=-100):
    model.eval()
    total_loss, n_tokens = 0.0, 0
    gold_all, pred_all = [], []
    for batch in loader:
        words = batch["words"].to(device)
        chars = batch["chars"].to(device)
        tags = batch["tags"].to(device)
        lengths = batch["lengths"]

        logits = model(words, chars, lengths)
        loss = F.cross_entropy(logits.flatten(0, 1), tags.flatten(), ignore_index=pad_tag_id, reduction="sum")
        total_loss += loss.item()
        n_tokens += (tags != pad_tag_id).sum().item()

        preds = logits.argmax(-1).cpu()
        for i, L in enumerate(lengths.tolist()):
            gold_all.append([id2tag[t] for t in tags[i, :L].tolist()])
            pred_all.append([id2tag[t] for t in preds[i, :L].tolist()])

    scores = span_f1(gold_all, pred_all)
    scores["loss"] = total_loss / max(n_tokens, 1)
    return scores


def predict(model, words, chars, lengths, id2tag):
    model.eval()
    with torch.inference_mode():
        preds = model(words, chars, lengths).argmax(-1).cpu()
    return [[id2tag[t] for t in preds[i, :L].tolist()] for i, L in enumerate(lengths.tolist())]
