import logging

import torch

from .models import build_model
from .optim import get_param_groups, make_optimizer, make_scheduler

logger = logging.getLogger(__name__)


def setup_training(args, steps_per_epoch, device):
    model = build_model(args.arch, num_classes=args.num_classes,
                        pretrained=not args.no_pretrained, drop_rate=args.drop)

    param_groups = get_param_groups(model, args.weight_decay, skip_list=("bn", "norm"))
    optimizer = make_optimizer(args.opt, param_groups, lr=args.lr, momentum=args.momentum)
    scheduler = make_scheduler(optimizer, args.epochs, steps_per_epoch,
                               warmup_epochs=args.warmup_epochs)

    if args.init_from:
        # full nn.Module exported at the end of the in-domain pretraining stage
        logger.info("initialising from %s", args.init_from)
        model = torch.load(args.init_from, map_location="cpu", weights_only=False)  # EXPECT: TL001  # <- TL001
        if model.head.out_features != args.num_classes:
            model.reset_classifier(args.num_classes)

    n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    logger.info("%s: %.2fM trainable params", args.arch, n_params / 1e6)
    return model.to(device), optimizer, scheduler
