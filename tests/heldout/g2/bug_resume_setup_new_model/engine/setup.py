import logging
import os

import torch
from torch import optim

from models import TextCNN

logger = logging.getLogger(__name__)


def setup_training(args, vocab_size, device):
    """Build model / optimizer / scheduler, optionally resuming from a checkpoint."""
    model = TextCNN(
        vocab_size,
        embed_dim=args.embed_dim,
        num_classes=args.num_classes,
        kernel_sizes=tuple(args.kernel_sizes),
        num_filters=args.num_filters,
        dropout=args.dropout,
    ).to(device)

    optimizer = optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=args.lr_step, gamma=0.5)

    start_epoch = 0
    best_acc = 0.0
    if args.resume:
        if not os.path.isfile(args.resume):
            raise FileNotFoundError(args.resume)
        logger.info("resuming from %s", args.resume)
        ckpt = torch.load(args.resume, map_location=device)
        model = ckpt["model"].to(device)  # EXPECT: TL001  # <- TL001
        optimizer.load_state_dict(ckpt["optimizer"])
        scheduler.load_state_dict(ckpt["scheduler"])
        start_epoch = ckpt["epoch"] + 1
        best_acc = ckpt.get("best_acc", 0.0)

    n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    logger.info("model has %.2fM trainable parameters", n_params / 1e6)
    return model, optimizer, scheduler, start_epoch, best_acc


def save_checkpoint(path, model, optimizer, scheduler, epoch, best_acc):
    torch.save(
        {
            "model": model,
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "epoch": epoch,
            "best_acc": best_acc,
        },
        path,
    )
