import numpy as np
import torch
from scipy.ndimage import gaussian_filter


def blur_peaks(maps, sigma=1.5):
    arr = maps.detach().cpu().numpy()
    blurred = gaussian_filter(arr, sigma=(0, 0, sigma, sigma))
    return torch.from_numpy(blurred).to(maps.device)


def rescale(maps):
    peak = maps.amax(dim=(2, 3), keepdim=True)
    return maps / peak.clamp(min=1e-6)


def blur_and_rescale(maps):
    return rescale(blur_peaks(maps))


def log_compress(counts):
    return torch.from_numpy(np.log1p(counts.numpy()))


def reweight(scores, weights):
    w = torch.tensor(weights.tolist(), device=scores.device)
    return scores * w


def peaks_for_display(maps):
    return maps.detach().cpu().numpy().argmax(axis=-1)
