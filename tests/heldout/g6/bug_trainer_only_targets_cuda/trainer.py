import time

import torch
from tqdm import tqdm


class Trainer:
    def __init__(self, model, criterion, optimizer, scheduler, train_loader, val_loader,
                 epochs, ckpt_path="kws_best.pt"):
        self.model = model
        self.criterion = criterion
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.epochs = epochs
        self.ckpt_path = ckpt_path
        self.best_acc = 0.0

    def _train_epoch(self, epoch):
        self.model.train()
        total_loss, correct, seen = 0.0, 0, 0
        pbar = tqdm(self.train_loader, desc=f"train {epoch}", ncols=100)
        for inp, target in pbar:
            target = target.cuda(non_blocking=True)
            output = self.model(inp)  # EXPECT: TL015
            loss = self.criterion(output, target)

            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
            self.scheduler.step()

            total_loss += loss.item() * target.size(0)
            correct += output.argmax(1).eq(target).sum().item()
            seen += target.size(0)
            pbar.set_postfix(loss=f"{total_loss / seen:.3f}", acc=f"{correct / seen:.3f}")
        return total_loss / seen, correct / seen

    @torch.no_grad()
    def _validate(self):
        self.model.eval()
        correct, seen = 0, 0
        for inp, target in self.val_loader:
            inp = inp.cuda(non_blocking=True)
            target = target.cuda(non_blocking=True)
            correct += self.model(inp).argmax(1).eq(target).sum().item()
            seen += target.size(0)
        return correct / seen

    def fit(self):
        for epoch in range(1, self.epochs + 1):
            start = time.time()
            train_loss, train_acc = self._train_epoch(epoch)
            val_acc = self._validate()
            print(f"epoch {epoch}: loss {train_loss:.4f} train acc {train_acc:.4f} "
                  f"val acc {val_acc:.4f} [{time.time() - start:.0f}s]")
            if val_acc > self.best_acc:
                self.best_acc = val_acc
                torch.save(self.model.state_dict(), self.ckpt_path)
        return self.best_acc
