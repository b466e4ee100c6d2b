"""Score a held-out file with a trained checkpoint.

    python predict.py --ckpt runs/supercond/best.pt --data data/supercond_test.npz
"""
import argparse
import json
import os

import numpy as np
import torch

from models import build_model
from preprocessing import MinMaxScaler, load_npz


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="runs/supercond/best.pt")
    ap.add_argument("--data", default="data/supercond_test.npz")
    ap.add_argument("--out", default="predictions.csv")
    args = ap.parse_args()

    ckpt = torch.load(args.ckpt, map_location="cpu")
    summary_path = os.path.join(os.path.dirname(args.ckpt), "summary.json")
    arch = "mlp"
    if os.path.exists(summary_path):
        with open(summary_path) as f:
            arch = json.load(f).get("arch", "mlp")
    X_test, y_test = load_npz(args.data)

    scaler = MinMaxScaler().load_state_dict(ckpt["x_scaler"])
    X_scaled = scaler.transform(X_test)

    model = build_model(arch, X_test.shape[1])
    model.load_state_dict(ckpt["model"])
    model.eval()
    with torch.no_grad():
        pred = model(X_scaled).squeeze(1).numpy()

    np.savetxt(args.out, pred, delimiter=",", fmt="%.4f")
    if y_test is not None:
        mae = float(np.mean(np.abs(pred - y_test)))
        rmse = float(np.sqrt(np.mean((pred - y_test) ** 2)))
        print(f"test MAE {mae:.3f} K  RMSE {rmse:.3f} K  (n={len(y_test)})")


if __name__ == "__main__":
    main()
