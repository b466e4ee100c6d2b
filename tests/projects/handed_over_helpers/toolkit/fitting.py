"""Update helpers and a fitter that receives its schedule from the caller."""

import torch
import torch.nn.functional as F


def commit_update(opt, net, max_norm=1.0):
    opt.zero_grad()
    torch.nn.utils.clip_grad_norm_(net.parameters(), max_norm)
    opt.step()


def run_epochs(net, opt, sched, batches, epochs):
    for epoch in range(epochs):
        for xb, yb in batches:
            opt.zero_grad()
            F.mse_loss(net(xb), yb).backward()
            opt.step()
        sched.step()


class Fitter:
    def __init__(self, net, opt, sched):
        self.net = net
        self.opt = opt
        self.sched = sched

    def _advance(self, loss):
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()
        self.sched.step()

    def epoch(self, batches):
        for xb, yb in batches:
            self._advance(F.mse_loss(self.net(xb), yb))
