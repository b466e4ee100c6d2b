import copy
import logging

import torch
import torch.nn.functional as F
from tqdm import tqdm

logger = logging.getLogger(__name__)


def _accuracy(model, loader, device):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in loader:
            pred = model(x.to(device)).argmax(1)
            correct += (pred.cpu() == y).sum().item()
            total += y.numel()
    return correct / max(total, 1)


def run_stage(model, optimizer, scheduler, train_loader, val_loader, epochs, device,
              mixup_alpha=0.0, tag=""):
    """Train for `epochs` epochs and return the best-validating weights of this stage."""
    best_acc, best_model = -1.0, None
    for ep in range(epochs):
        model.train()
        bar = tqdm(train_loader, desc=f"{tag} ep{ep}", leave=False)
        for x, y in bar:
            x, y = x.to(device), y.to(device)
            if mixup_alpha > 0:
                lam = float(torch.distributions.Beta(mixup_alpha, mixup_alpha).sample())
                perm = torch.randperm(x.size(0), device=device)
                x = lam * x + (1 - lam) * x[perm]
                out = model(x)
                loss = lam * F.cross_entropy(out, y) + (1 - lam) * F.cross_entropy(out, y[perm])
            else:
                loss = F.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            bar.set_postfix(loss=f"{loss.item():.3f}")

        acc = _accuracy(model, val_loader, device)
        logger.info("%s epoch %d val_acc %.4f", tag, ep, acc)
        if acc > best_acc:
            best_acc = acc
            best_model = copy.deepcopy(model)
    return best_model, best_acc
