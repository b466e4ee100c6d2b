import torch
import torch.nn.functional as F
from torch.optim import lr_scheduler

from toolkit import Fitter, RunningMean, SafeMean, commit_update, run_epochs


def clears_before_update(net, batches):
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    for xb, yb in batches:
        F.mse_loss(net(xb), yb).backward()
        commit_update(opt, net)  # <- TL002


def meters(net, batches):
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    kept, converted = RunningMean(), SafeMean()
    for xb, yb in batches:
        opt.zero_grad()
        loss = F.mse_loss(net(xb), yb)
        loss.backward()
        opt.step()
        kept.add(loss, xb.size(0))  # <- TL006
        converted.add(loss, xb.size(0))


def plateau_without_metric(net, batches):
    opt = torch.optim.Adam(net.parameters())
    plateau = lr_scheduler.ReduceLROnPlateau(opt, patience=2)
    run_epochs(net, opt, plateau, batches, 10)  # <- TL011


def decay_every_batch(net, batches, epochs):
    opt = torch.optim.Adam(net.parameters())
    decay = lr_scheduler.ExponentialLR(opt, gamma=0.95)
    fitter = Fitter(net, opt, decay)  # <- TL011
    for _ in range(epochs):
        fitter.epoch(batches)


def cycle_every_batch(net, batches, epochs):
    opt = torch.optim.Adam(net.parameters())
    cycle = lr_scheduler.OneCycleLR(opt, max_lr=0.01, total_steps=epochs * len(batches))
    fitter = Fitter(net, opt, cycle)
    for _ in range(epochs):
        fitter.epoch(batches)


def decay_each_epoch(net, batches):
    opt = torch.optim.Adam(net.parameters())
    run_epochs(net, opt, lr_scheduler.StepLR(opt, step_size=5), batches, 20)
