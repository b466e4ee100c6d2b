import functools

import torch


def inference_only(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with torch.inference_mode():
            return fn(*args, **kwargs)

    return wrapper


class Loop:
    def __init__(self, epochs):
        self.epochs = epochs

    def validate(self, module, loader):
        module.eval()
        return sum(module.validation_step(batch) for batch in loader) / len(loader)

    @torch.no_grad()
    def test(self, module, loader):
        module.eval()
        return [module.test_step(batch) for batch in loader]

    @inference_only
    def probabilities(self, module, loader):
        return [module.infer(tokens) for tokens, _ in loader]

    def fit(self, module, optimizer, train_loader, val_loader):
        for epoch in range(self.epochs):
            module.train()
            for tokens, targets in train_loader:
                optimizer.zero_grad()
                logits = module(tokens)
                torch.nn.functional.cross_entropy(logits.flatten(0, 1), targets.flatten()).backward()
                optimizer.step()
            print(epoch, self.validate(module, val_loader))
