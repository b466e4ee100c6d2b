import torch

from utils import evaluation, no_grad_eval, timed


@no_grad_eval
def evaluate(model, loader):
    correct = 0
    for x, y in loader:
        correct += (model(x).argmax(1) == y).sum().item()
    return correct


@evaluation()
def validate(model, loader):
    return sum((model(x).argmax(1) == y).sum().item() for x, y in loader)


@timed
def test(model, loader):
    correct = 0
    for x, y in loader:
        correct += (model(x).argmax(1) == y).sum().item()  # <- TL004
    return correct
