import logging

import torch
import torch.nn.functional as F

logger = logging.getLogger(__name__)


class TaggerTrainer:
    def __init__(self, net, loss_fn, optimizer, device, scheduler=None, grad_clip=5.0, pad_tag=-100):
        self.device = device
        self.net = net.to(device)
        self.loss_fn = loss_fn
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.grad_clip = grad_clip
        self.pad_tag = pad_tag

    def _batch_to_device(self, batch):
        return {k: v.to(self.device) for k, v in batch.items()}

    def step(self, batch):
        batch = self._batch_to_device(batch)
        out = self.net(batch["words"], batch["chars"])
        log_probs = F.log_softmax(out, dim=-1)
        loss = self.loss_fn(log_probs.view(-1, log_probs.size(-1)), batch["tags"].view(-1))
        return loss, out, batch["tags"]

    def train_epoch(self, loader, epoch):
        self.net.train()
        total, steps = 0.0, 0
        for i, batch in enumerate(loader):
            self.optimizer.zero_grad()
            loss, _, _ = self.step(batch)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.net.parameters(), self.grad_clip)
            self.optimizer.step()
            total += loss.item()
            steps += 1
            if i % 100 == 0:
                logger.info("epoch %d iter %d loss %.4f", epoch, i, total / steps)
        if self.scheduler is not None:
            self.scheduler.step()
        return total / max(steps, 1)

    @torch.no_grad()
    def evaluate(self, loader):
        self.net.eval()
        correct, total = 0, 0
        for batch in loader:
            _, out, tags = self.step(batch)
            mask = tags.ne(self.pad_tag)
            correct += (out.argmax(-1).eq(tags) & mask).sum().item()
            total += mask.sum().item()
        return correct / max(total, 1)

    def fit(self, train_loader, dev_loader, epochs, save_to):
        best = 0.0
        for epoch in range(1, epochs + 1):
            loss = self.train_epoch(train_loader, epoch)
            acc = self.evaluate(dev_loader)
            logger.info("epoch %d done: loss %.4f dev token acc %.4f", epoch, loss, acc)
            if acc > best:
                best = acc
                torch.save(self.net.state_dict(), save_to)
        return best
