import torch

from lib.grad_modes import inference, stopwatch


@inference()
def score(model, loader):
    model.eval()
    hits = 0
    for images, labels in loader:
        hits += (model(images).argmax(1) == labels).sum().item()
    return hits / len(loader.dataset)


@stopwatch
def score_timed(model, loader):
    model.eval()
    hits = 0
    for images, labels in loader:
        hits += (model(images).argmax(1) == labels).sum().item()  # <- TL004
    return hits / len(loader.dataset)
