import numpy as np
import torch


@torch.no_grad()
def predict(model, images, device, tta=False):
    """Return class probabilities [N, C] for a batch of images."""
    model.eval()
    images = images.to(device)
    logits = model(images)
    if tta:
        logits = 0.5 * (logits + model(torch.flip(images, dims=[3])))
    return torch.softmax(logits, dim=0)  # EXPECT: TL014  # <- TL014


@torch.no_grad()
def predict_loader(model, loader, device, tta=False):
    all_probs, all_targets = [], []
    for images, targets in loader:
        all_probs.append(predict(model, images, device, tta).cpu())
        all_targets.append(targets)
    return torch.cat(all_probs).numpy(), torch.cat(all_targets).numpy()


def expected_calibration_error(probs, targets, n_bins=15):
    conf = probs.max(1)
    pred = probs.argmax(1)
    acc = (pred == targets).astype(np.float64)
    bins = np.linspace(0, 1, n_bins + 1)
    ece = 0.0
    for lo, hi in zip(bins[:-1], bins[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            ece += m.mean() * abs(acc[m].mean() - conf[m].mean())
    return ece
