import argparse
import os
import time

import numpy as np
import torch
import torch.nn as nn

from data_provider.data_factory import check_args, data_provider


class DLinear(nn.Module):
    """Decomposition-linear forecaster (trend via moving average + seasonal residual)."""

    def __init__(self, seq_len, pred_len, kernel=25):
        super().__init__()
        self.avg = nn.AvgPool1d(kernel, stride=1, padding=(kernel - 1) // 2, count_include_pad=False)
        self.linear_trend = nn.Linear(seq_len, pred_len)
        self.linear_season = nn.Linear(seq_len, pred_len)

    def forward(self, x):
        trend = self.avg(x.transpose(1, 2))
        season = x.transpose(1, 2) - trend
        out = self.linear_trend(trend) + self.linear_season(season)
        return out.transpose(1, 2)


def vali(model, loader, criterion, args, device):
    model.eval()
    losses = []
    with torch.no_grad():
        for batch_x, batch_y, _, _ in loader:
            batch_x = batch_x.to(device)
            batch_y = batch_y[:, -args.pred_len:, :].to(device)
            losses.append(criterion(model(batch_x), batch_y).item())
    model.train()
    return float(np.average(losses))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root_path", default="./dataset/electricity/")
    p.add_argument("--data_path", default="electricity.csv")
    p.add_argument("--target", default="OT")
    p.add_argument("--seq_len", type=int, default=336)
    p.add_argument("--label_len", type=int, default=48)
    p.add_argument("--pred_len", type=int, default=96)
    p.add_argument("--batch_size", type=int, default=16)
    p.add_argument("--num_workers", type=int, default=4)
    p.add_argument("--train_epochs", type=int, default=10)
    p.add_argument("--learning_rate", type=float, default=1e-3)
    p.add_argument("--checkpoints", default="./checkpoints/")
    args = check_args(p.parse_args())
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    _, train_loader = data_provider(args, "train")
    _, vali_loader = data_provider(args, "val")
    _, test_loader = data_provider(args, "test")

    model = DLinear(args.seq_len, args.pred_len).to(device)
    model_optim = torch.optim.Adam(model.parameters(), lr=args.learning_rate)
    criterion = nn.MSELoss()
    os.makedirs(args.checkpoints, exist_ok=True)
    path = os.path.join(args.checkpoints, "checkpoint.pth")

    best = np.inf
    for epoch in range(args.train_epochs):
        t0 = time.time()
        train_loss = []
        for batch_x, batch_y, _, _ in train_loader:
            model_optim.zero_grad()
            batch_x = batch_x.to(device)
            batch_y = batch_y[:, -args.pred_len:, :].to(device)
            loss = criterion(model(batch_x), batch_y)
            train_loss.append(loss.item())
            loss.backward()
            model_optim.step()
        vali_loss = vali(model, vali_loader, criterion, args, device)
        print(f"Epoch {epoch + 1} | {time.time() - t0:.1f}s | train {np.average(train_loss):.5f} "
              f"| vali {vali_loss:.5f}")
        if vali_loss < best:
            best = vali_loss
            torch.save(model.state_dict(), path)
        for g in model_optim.param_groups:
            g["lr"] = args.learning_rate * (0.5 ** (epoch + 1))

    model.load_state_dict(torch.load(path))
    print("test mse:", vali(model, test_loader, criterion, args, device))


if __name__ == "__main__":
    main()
