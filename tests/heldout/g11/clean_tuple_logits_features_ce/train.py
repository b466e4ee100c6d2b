import logging
from dataclasses import dataclass

import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from data import Market1501, RandomIdentitySampler, build_transforms
from engine import TripletLoss, extract, rank1_and_map, train_one_epoch
from models import ReIDNet


@dataclass
class Opts:
    root: str = "datasets/market1501"
    height: int = 256
    width: int = 128
    batch_size: int = 64
    num_instances: int = 4
    lr: float = 3.5e-4
    weight_decay: float = 5e-4
    epochs: int = 120
    milestones: tuple = (40, 70)
    margin: float = 0.3
    eval_every: int = 10


def main(opts: Opts):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    device = torch.device("cuda")
    ds = Market1501(opts.root)
    train_tf, test_tf = build_transforms(opts.height, opts.width)
    train_loader = DataLoader(
        ds.train_set(train_tf),
        batch_size=opts.batch_size,
        sampler=RandomIdentitySampler(ds.train, opts.batch_size, opts.num_instances),
        num_workers=8,
        drop_last=True,
    )
    query_loader = DataLoader(ds.query_set(test_tf), batch_size=256, num_workers=8)
    gallery_loader = DataLoader(ds.gallery_set(test_tf), batch_size=256, num_workers=8)

    model = ReIDNet(ds.num_train_pids).to(device)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
    triplet = TripletLoss(margin=opts.margin)
    optimizer = torch.optim.Adam(model.parameters(), lr=opts.lr, weight_decay=opts.weight_decay)
    scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=list(opts.milestones), gamma=0.1)

    for epoch in range(1, opts.epochs + 1):
        stats = train_one_epoch(model, criterion, triplet, optimizer, train_loader, device, epoch)
        scheduler.step()
        logging.info("epoch %d: %s", epoch, {k: round(v, 4) for k, v in stats.items()})
        if epoch % opts.eval_every == 0:
            r1, mAP = rank1_and_map(extract(model, query_loader, device), extract(model, gallery_loader, device))
            logging.info("Rank-1 %.2f%%  mAP %.2f%%", 100 * r1, 100 * mAP)
            torch.save(model.state_dict(), f"reid_r50_ep{epoch}.pth")


if __name__ == "__main__":
    main(Opts())
