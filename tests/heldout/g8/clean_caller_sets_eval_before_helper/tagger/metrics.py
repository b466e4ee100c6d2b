from collections import Counter

import torch


@torch.no_grad()
def token_accuracy_and_f1(model, loader, device, pad_tag=0, o_tag=1):
    """Token accuracy + micro F1 over non-O tags. Expects the caller to set the model mode."""
    tp, fp, fn = Counter(), Counter(), Counter()
    correct = total = 0
    for words, chars, tags, lengths in loader:
        words, chars, tags = words.to(device), chars.to(device), tags.to(device)
        pred = model(words, chars, lengths).argmax(-1)
        mask = tags != pad_tag
        correct += (pred[mask] == tags[mask]).sum().item()
        total += mask.sum().item()
        for p, g in zip(pred[mask].tolist(), tags[mask].tolist()):
            if p == g and g != o_tag:
                tp[g] += 1
            else:
                if p != o_tag:
                    fp[p] += 1
                if g != o_tag:
                    fn[g] += 1
    TP, FP, FN = sum(tp.values()), sum(fp.values()), sum(fn.values())
    precision = TP / max(TP + FP, 1)
    recall = TP / max(TP + FN, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-8)
    return {"acc": correct / max(total, 1), "precision": precision, "recall": recall, "f1": f1}
