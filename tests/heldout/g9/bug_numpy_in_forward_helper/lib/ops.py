"""Heatmap utilities shared by the keypoint models."""
import cv2
import numpy as np
import torch
import torch.nn.functional as F


def gaussian_smooth(heatmaps, kernel=5, sigma=0):
    """Blur every heatmap channel while keeping its peak value (DARK-style modulation)."""
    device, dtype = heatmaps.device, heatmaps.dtype
    hm = heatmaps.detach().cpu().numpy()  # EXPECT: TL010
    batch, joints, h, w = hm.shape
    border = (kernel - 1) // 2
    out = np.empty_like(hm)
    for b in range(batch):
        for k in range(joints):
            peak = hm[b, k].max()
            padded = np.zeros((h + 2 * border, w + 2 * border), dtype=np.float32)
            padded[border:-border, border:-border] = hm[b, k]
            padded = cv2.GaussianBlur(padded, (kernel, kernel), sigma)
            blurred = padded[border:-border, border:-border]
            out[b, k] = blurred * (peak / (blurred.max() + 1e-12))
    return torch.from_numpy(out).to(device=device, dtype=dtype)


def soft_argmax(heatmaps, beta=50.0):
    """Differentiable peak location, returns normalised (x, y) in [0, 1]."""
    b, k, h, w = heatmaps.shape
    probs = F.softmax(heatmaps.reshape(b, k, -1) * beta, dim=-1).reshape(b, k, h, w)
    xs = torch.linspace(0.0, 1.0, w, device=heatmaps.device, dtype=heatmaps.dtype)
    ys = torch.linspace(0.0, 1.0, h, device=heatmaps.device, dtype=heatmaps.dtype)
    x = (probs.sum(dim=2) * xs).sum(dim=-1)
    y = (probs.sum(dim=3) * ys).sum(dim=-1)
    return torch.stack([x, y], dim=-1)


def render_gaussian_targets(keypoints, visible, size, sigma=2.0):
    """keypoints: [K, 2] in pixel coords of the heatmap grid (numpy)."""
    h, w = size
    yy, xx = np.mgrid[0:h, 0:w]
    maps = np.zeros((len(keypoints), h, w), dtype=np.float32)
    for k, ((x, y), v) in enumerate(zip(keypoints, visible)):
        if v > 0:
            maps[k] = np.exp(-((xx - x) ** 2 + (yy - y) ** 2) / (2 * sigma ** 2))
    return maps
