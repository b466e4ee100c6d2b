import argparse

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from model import TabularNet
from utils import EarlyStopping, evaluate, get_logger, seed_everything

CAT_COLS = ["workclass", "education", "marital_status", "occupation", "relationship", "race", "sex",
            "native_country"]
CONT_COLS = ["age", "fnlwgt", "education_num", "capital_gain", "capital_loss", "hours_per_week"]


def make_tensors(df, cat_maps, mean, std):
    x_cont = torch.tensor(((df[CONT_COLS] - mean) / std).values, dtype=torch.float32)
    x_cat = torch.tensor(np.stack([df[c].map(cat_maps[c]).fillna(0).astype(int).values
                                   for c in CAT_COLS], 1), dtype=torch.long)
    y = torch.tensor(df["label"].values, dtype=torch.float32)
    return TensorDataset(x_cont, x_cat, y)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train-csv", default="data/adult_train.csv")
    ap.add_argument("--valid-csv", default="data/adult_valid.csv")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--bs", type=int, default=256)
    ap.add_argument("--accum", type=int, default=4)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--log", default="train.log")
    args = ap.parse_args()

    seed_everything(0)
    logger = get_logger(args.log)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    tr_df, va_df = pd.read_csv(args.train_csv), pd.read_csv(args.valid_csv)
    cat_maps = {c: {v: i + 1 for i, v in enumerate(sorted(tr_df[c].astype(str).unique()))} for c in CAT_COLS}
    for df in (tr_df, va_df):
        for c in CAT_COLS:
            df[c] = df[c].astype(str)
    mean, std = tr_df[CONT_COLS].mean(), tr_df[CONT_COLS].std() + 1e-6
    train_dl = DataLoader(make_tensors(tr_df, cat_maps, mean, std), batch_size=args.bs, shuffle=True,
                          drop_last=True)
    valid_dl = DataLoader(make_tensors(va_df, cat_maps, mean, std), batch_size=1024)

    model = TabularNet(len(CONT_COLS), [len(cat_maps[c]) for c in CAT_COLS]).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-5)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.3, patience=2)
    loss_fn = nn.BCEWithLogitsLoss()
    stopper = EarlyStopping(patience=6)

    model.train()
    for epoch in range(args.epochs):
        epoch_loss = 0.0
        opt.zero_grad()
        for step, (x_cont, x_cat, y) in enumerate(train_dl):
            x_cont, x_cat, y = x_cont.to(device), x_cat.to(device), y.to(device)
            logits = model(x_cont, x_cat)  # EXPECT: TL007
            loss = loss_fn(logits, y) / args.accum
            loss.backward()
            if (step + 1) % args.accum == 0:
                opt.step()
                opt.zero_grad()
            epoch_loss += loss.item() * args.accum

        metrics = evaluate(model, valid_dl, device)  # <- TL007
        sched.step(metrics["auc"])
        logger.info(f"epoch {epoch:02d} loss {epoch_loss / len(train_dl):.4f} "
                    f"val_auc {metrics['auc']:.4f} val_logloss {metrics['logloss']:.4f}")
        improved, stop = stopper.step(metrics["auc"])
        if improved:
            torch.save(model.state_dict(), "tabnet_best.pt")
        if stop:
            logger.info("early stop")
            break


if __name__ == "__main__":
    main()
