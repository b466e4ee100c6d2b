import copy

import torch


class EMA:
    """Exponential moving average of model weights, kept on a frozen copy."""

    def __init__(self, model, decay=0.9999, warmup=2000):
        self.shadow = copy.deepcopy(model).eval()
        for p in self.shadow.parameters():
            p.requires_grad_(False)
        self.decay = decay
        self.warmup = warmup
        self.num_updates = 0

    @torch.no_grad()
    def update(self, model):
        self.num_updates += 1
        d = min(self.decay, (1 + self.num_updates) / (10 + self.num_updates))
        if self.num_updates < self.warmup:
            d = 0.0
        msd = model.state_dict()
        for k, v in self.shadow.state_dict().items():
            if v.dtype.is_floating_point:
                v.mul_(d).add_(msd[k].detach(), alpha=1 - d)
            else:
                v.copy_(msd[k])

    def state_dict(self):
        return {"shadow": self.shadow.state_dict(), "num_updates": self.num_updates}
