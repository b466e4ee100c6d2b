import math

import numpy as np
import torch


def rmse_mae(preds, targets):
    err = preds - targets
    return math.sqrt(float(np.mean(err ** 2))), float(np.mean(np.abs(err)))


def evaluate(model, loader, device, rating_range=(1.0, 5.0)):  # EXPECT: TL004
    """Compute RMSE / MAE of predicted ratings over a whole loader."""
    model.eval()
    lo, hi = rating_range
    all_preds, all_targets = [], []
    for users, items, ratings in loader:
        users = users.to(device)
        items = items.to(device)
        preds = model(users, items).clamp(lo, hi)  # <- TL004
        all_preds.append(preds.detach().cpu().numpy())
        all_targets.append(ratings.numpy())
    preds = np.concatenate(all_preds)
    targets = np.concatenate(all_targets)
    rmse, mae = rmse_mae(preds, targets)
    return {"rmse": rmse, "mae": mae, "n": int(len(targets))}


def hit_rate_at_k(model, user_ids, candidate_items, positives, device, k=10):
    """HR@k for a handful of users (used only in the final report)."""
    hits = 0
    with torch.no_grad():
        model.eval()
        items = torch.as_tensor(candidate_items, device=device)
        for u in user_ids:
            users = torch.full_like(items, u)
            scores = model(users, items)
            top = items[scores.topk(k).indices].tolist()
            hits += int(positives[u] in top)
    return hits / max(len(user_ids), 1)
