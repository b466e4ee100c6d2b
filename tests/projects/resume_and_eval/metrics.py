import torch


def accuracy(model, loader, device):
    model.eval()
    correct = total = 0
    for x, y in loader:
        logits = model(x.to(device))
        correct += (logits.argmax(1) == y.to(device)).sum().item()
        total += y.numel()
    return correct / total


def score_batches(model, loader, device):
    model.eval()
    hits = []
    for x, y in loader:
        out = model(x.to(device))  # <- TL004
        hits.append((out.argmax(1) == y.to(device)).float().mean().item())
    return sum(hits) / len(hits)
