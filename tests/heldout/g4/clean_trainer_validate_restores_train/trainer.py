import editdistance
import torch
import torch.nn as nn


def greedy_decode(log_probs, alphabet):
    best = log_probs.argmax(2).transpose(0, 1).cpu().tolist()
    texts = []
    for seq in best:
        chars, prev = [], 0
        for idx in seq:
            if idx != prev and idx != 0:
                chars.append(alphabet[idx - 1])
            prev = idx
        texts.append("".join(chars))
    return texts


class OCRTrainer:
    def __init__(self, net, alphabet, train_dl, val_dl, lr=1e-3, device="cuda", val_every=2000):
        self.net = net.to(device)
        self.alphabet = alphabet
        self.train_dl = train_dl
        self.val_dl = val_dl
        self.device = device
        self.val_every = val_every
        self.ctc = nn.CTCLoss(blank=0, zero_infinity=True)
        self.opt = torch.optim.Adam(net.parameters(), lr=lr)
        self.global_step = 0

    def _loss(self, images, targets, target_lengths):
        log_probs = self.net(images.to(self.device))
        input_lengths = torch.full((images.size(0),), log_probs.size(0), dtype=torch.long)
        loss = self.ctc(log_probs, targets.to(self.device), input_lengths, target_lengths)
        return loss, log_probs

    def validate(self):
        self.net.eval()
        total_dist, total_chars, loss_sum, batches = 0, 0, 0.0, 0
        with torch.inference_mode():
            for images, targets, target_lengths, texts in self.val_dl:
                loss, log_probs = self._loss(images, targets, target_lengths)
                loss_sum += loss.item()
                batches += 1
                for pred, gt in zip(greedy_decode(log_probs, self.alphabet), texts):
                    total_dist += editdistance.eval(pred, gt)
                    total_chars += len(gt)
        self.net.train()
        return loss_sum / max(batches, 1), total_dist / max(total_chars, 1)

    def fit(self, epochs, ckpt_path="crnn_best.pth"):
        best_cer = float("inf")
        self.net.train()
        for epoch in range(epochs):
            for images, targets, target_lengths, _ in self.train_dl:
                loss, _ = self._loss(images, targets, target_lengths)
                self.opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.net.parameters(), 5.0)
                self.opt.step()
                self.global_step += 1
                if self.global_step % 100 == 0:
                    print(f"[{epoch}/{self.global_step}] ctc loss {loss.item():.4f}")
                if self.global_step % self.val_every == 0:
                    val_loss, cer = self.validate()
                    print(f"  val loss {val_loss:.4f} CER {cer:.4f}")
                    if cer < best_cer:
                        best_cer = cer
                        torch.save(self.net.state_dict(), ckpt_path)
        return best_cer
