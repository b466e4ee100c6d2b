import json
import os

import torch
from tqdm.auto import tqdm


def _to_device(batch, device):
    return tuple(t.to(device, non_blocking=True) for t in batch)


class MiniTrainer:
    def __init__(self, max_epochs=10, device="cuda", grad_clip=1.0, log_dir="logs"):
        self.max_epochs = max_epochs
        self.device = device
        self.grad_clip = grad_clip
        self.log_dir = log_dir
        self.history = []

    def _backward_and_step(self, module, loss):
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if self.grad_clip:
            torch.nn.utils.clip_grad_norm_(module.parameters(), self.grad_clip)
        self.optimizer.step()

    def train_epoch(self, module, loader, epoch):
        module.train()
        outputs = []
        bar = tqdm(loader, desc=f"train {epoch}", leave=False)
        for batch_idx, batch in enumerate(bar):
            batch = _to_device(batch, self.device)
            out = module.training_step(batch, batch_idx)
            self._backward_and_step(module, out["loss"])
            outputs.append(out)  # EXPECT: TL006  # <- TL006
            bar.set_postfix(loss=out["loss"].item())
        return self.on_train_epoch_end(outputs)

    def on_train_epoch_end(self, outputs):
        n = sum(o["n"] for o in outputs)
        loss = sum(o["loss"].item() * o["n"] for o in outputs) / n
        acc = sum(o["acc"].item() * o["n"] for o in outputs) / n
        return {"train_loss": loss, "train_acc": acc}

    @torch.no_grad()
    def validate(self, module, loader):
        module.eval()
        outs = [module.validation_step(_to_device(b, self.device), i) for i, b in enumerate(loader)]
        n = sum(o["n"] for o in outs)
        return {"val_loss": sum(o["loss_sum"] for o in outs) / n,
                "val_acc": sum(o["correct"] for o in outs) / n}

    def fit(self, module, train_loader, val_loader):
        module.to(self.device)
        self.optimizer = module.configure_optimizers()
        os.makedirs(self.log_dir, exist_ok=True)
        best = float("inf")
        for epoch in range(self.max_epochs):
            metrics = {"epoch": epoch}
            metrics.update(self.train_epoch(module, train_loader, epoch))
            metrics.update(self.validate(module, val_loader))
            self.history.append(metrics)
            print(json.dumps(metrics))
            if metrics["val_loss"] < best:
                best = metrics["val_loss"]
                torch.save(module.state_dict(), os.path.join(self.log_dir, "best.ckpt"))
        with open(os.path.join(self.log_dir, "history.json"), "w") as f:
            json.dump(self.history, f, indent=2)
        return best
