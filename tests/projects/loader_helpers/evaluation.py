import torch


@torch.no_grad()
def evaluate(model, loader):
    correct = seen = 0
    for x, y in loader:
        correct += (model(x).argmax(1) == y).sum().item()
        seen += len(y)
    return correct / seen
