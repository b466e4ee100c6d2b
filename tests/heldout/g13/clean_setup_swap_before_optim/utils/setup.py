import logging

import torch

from models import build_model, count_parameters
from utils.optim import get_param_groups, make_optimizer, make_scheduler

log = logging.getLogger(__name__)


def setup_training(args, steps_per_epoch, device):
    model = build_model(args)

    if args.init_model:
        # whole nn.Module saved by the self-supervised stage (torch.save(model))
        log.info("loading full model from %s", args.init_model)
        model = torch.load(args.init_model, map_location="cpu", weights_only=False)
        model.reset_classifier(args.num_classes)

    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
    model.to(device)
    log.info("%s: %.1fM params", args.model, count_parameters(model))

    param_groups = get_param_groups(model, args.weight_decay, layer_decay=args.layer_decay)
    optimizer = make_optimizer(args, param_groups)
    scheduler = make_scheduler(optimizer, args, steps_per_epoch)

    start_epoch = 0
    if args.resume:
        ckpt = torch.load(args.resume, map_location=device)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        scheduler.load_state_dict(ckpt["scheduler"])
        start_epoch = ckpt["epoch"] + 1
        log.info("resumed from %s (epoch %d)", args.resume, ckpt["epoch"])

    return model, optimizer, scheduler, start_epoch
