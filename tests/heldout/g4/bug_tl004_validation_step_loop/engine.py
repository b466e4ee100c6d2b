import time

import torch
from tqdm.auto import tqdm


def move(batch, device):
    return tuple(t.to(device) for t in batch)


class Loop:
    def __init__(self, max_epochs=10, device="cpu", clip=5.0, log_every=100):
        self.max_epochs = max_epochs
        self.device = device
        self.clip = clip
        self.log_every = log_every
        self.history = []

    def run_train(self, module, loader, opt, epoch):
        module.train()
        running = 0.0
        bar = tqdm(loader, desc=f"train {epoch}", leave=False)
        for i, batch in enumerate(bar):
            out = module.training_step(move(batch, self.device))
            opt.zero_grad()
            out["loss"].backward()
            torch.nn.utils.clip_grad_norm_(module.parameters(), self.clip)
            opt.step()
            running += out["loss"].item()
            if (i + 1) % self.log_every == 0:
                bar.set_postfix(loss=running / (i + 1), acc=out["acc"])
        return running / len(loader)

    def run_val(self, module, loader):
        module.eval()
        outputs = [module.validation_step(move(batch, self.device))
                   for batch in tqdm(loader, desc="val", leave=False)]
        return module.validation_epoch_end(outputs)

    def fit(self, module, train_loader, val_loader):
        module.to(self.device)
        opt, sched = module.configure_optimizers()
        best = float("inf")
        for epoch in range(self.max_epochs):
            t0 = time.time()
            train_loss = self.run_train(module, train_loader, opt, epoch)
            metrics = self.run_val(module, val_loader)
            sched.step(metrics["val_loss"])
            metrics.update(epoch=epoch, train_loss=train_loss, time=time.time() - t0)
            self.history.append(metrics)
            print(" | ".join(f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}"
                             for k, v in metrics.items()))
            if metrics["val_loss"] < best:
                best = metrics["val_loss"]
                torch.save(module.state_dict(), "best_sentiment.pt")
        return self.history
