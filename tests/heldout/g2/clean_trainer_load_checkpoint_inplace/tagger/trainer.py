import logging
import os

import torch
import torch.nn as nn

log = logging.getLogger(__name__)


class Trainer:
    def __init__(self, model, train_iter, dev_iter, tag_pad=-100, lr=1e-3, clip=5.0,
                 device="cpu", save_dir="ckpt"):
        self.device = device
        self.model = model.to(device)
        self.train_iter, self.dev_iter = train_iter, dev_iter
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=lr, betas=(0.9, 0.9))
        self.lr_sched = torch.optim.lr_scheduler.ExponentialLR(self.optimizer, gamma=0.9)
        self.loss_fn = nn.CrossEntropyLoss(ignore_index=tag_pad)
        self.tag_pad = tag_pad
        self.clip = clip
        self.save_dir = save_dir
        self.start_epoch = 0
        self.best_f = 0.0
        os.makedirs(save_dir, exist_ok=True)

    def save_checkpoint(self, epoch, fname="last.pt"):
        torch.save({"model": self.model.state_dict(), "optimizer": self.optimizer.state_dict(),
                    "lr_sched": self.lr_sched.state_dict(), "epoch": epoch, "best_f": self.best_f},
                   os.path.join(self.save_dir, fname))

    def load_checkpoint(self, path):
        ckpt = torch.load(path, map_location="cpu")
        self.model.load_state_dict(ckpt["model"])
        self.model = self.model.to(self.device)
        self.optimizer.load_state_dict(ckpt["optimizer"])
        self.lr_sched.load_state_dict(ckpt["lr_sched"])
        self.start_epoch = ckpt["epoch"] + 1
        self.best_f = ckpt["best_f"]
        log.info("restored %s (epoch %d, best F %.4f)", path, ckpt["epoch"], self.best_f)

    def _step(self, batch):
        tokens, lengths, tags = (t.to(self.device) for t in batch)
        logits = self.model(tokens, lengths)
        loss = self.loss_fn(logits.reshape(-1, logits.size(-1)), tags.reshape(-1))
        self.optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(self.model.parameters(), self.clip)
        self.optimizer.step()
        return loss.item()

    @torch.no_grad()
    def token_accuracy(self):
        self.model.eval()
        hit = tot = 0
        for tokens, lengths, tags in self.dev_iter:
            tokens, lengths, tags = tokens.to(self.device), lengths.to(self.device), tags.to(self.device)
            pred = self.model(tokens, lengths).argmax(-1)
            mask = tags != self.tag_pad
            hit += (pred[mask] == tags[mask]).sum().item()
            tot += mask.sum().item()
        return hit / max(tot, 1)

    def train(self, epochs):
        for epoch in range(self.start_epoch, epochs):
            self.model.train()
            losses = [self._step(b) for b in self.train_iter]
            self.lr_sched.step()
            acc = self.token_accuracy()
            log.info("epoch %d loss %.4f dev acc %.4f", epoch, sum(losses) / len(losses), acc)
            if acc > self.best_f:
                self.best_f = acc
                self.save_checkpoint(epoch, "best.pt")
            self.save_checkpoint(epoch)
