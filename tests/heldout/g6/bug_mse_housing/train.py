import argparse
import logging

import torch
import torch.nn as nn

from data import make_loaders
from models import HousingMLP
from trainer import Trainer


def main():
    parser = argparse.ArgumentParser(description="California housing regression")
    parser.add_argument("--csv", default="housing.csv")
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    train_loader, val_loader, n_features = make_loaders(args.csv, args.batch_size, args.seed)
    model = HousingMLP(n_features, hidden=args.hidden, depth=args.depth).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=20, gamma=0.3)

    trainer = Trainer(model, nn.MSELoss(), optimizer, scheduler, device=device)
    best = trainer.fit(train_loader, val_loader, args.epochs)
    logging.info("best val rmse (x100k$): %.4f", best)


if __name__ == "__main__":
    main()
