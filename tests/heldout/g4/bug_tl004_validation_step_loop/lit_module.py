import torch
import torch.nn as nn
import torch.nn.functional as F


class SentimentModule(nn.Module):
    """Lightning-style module without the Lightning dependency (the cluster image has no PL)."""

    def __init__(self, vocab_size, emb_dim=200, hidden=256, num_classes=2, dropout=0.4, lr=1e-3):
        super().__init__()
        self.lr = lr
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.rnn = nn.GRU(emb_dim, hidden, batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(hidden * 2, num_classes)

    def forward(self, tokens, lengths):
        emb = self.dropout(self.embedding(tokens))
        packed = nn.utils.rnn.pack_padded_sequence(emb, lengths.cpu(), batch_first=True,
                                                   enforce_sorted=False)
        _, h = self.rnn(packed)
        h = torch.cat([h[-2], h[-1]], dim=1)
        return self.out(self.dropout(h))

    def training_step(self, batch):
        tokens, lengths, labels = batch
        logits = self(tokens, lengths)
        loss = F.cross_entropy(logits, labels)
        return {"loss": loss, "acc": (logits.argmax(-1) == labels).float().mean().item()}

    def validation_step(self, batch):
        tokens, lengths, labels = batch
        logits = self(tokens, lengths)  # EXPECT: TL004  # <- TL004
        loss = F.cross_entropy(logits, labels, reduction="sum")
        correct = (logits.argmax(-1) == labels).sum()
        return {"loss_sum": loss.item(), "correct": correct.item(), "n": labels.size(0)}

    def validation_epoch_end(self, outputs):
        n = sum(o["n"] for o in outputs)
        return {
            "val_loss": sum(o["loss_sum"] for o in outputs) / n,
            "val_acc": sum(o["correct"] for o in outputs) / n,
        }

    def configure_optimizers(self):
        opt = torch.optim.Adam(self.parameters(), lr=self.lr)
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=1)
        return opt, sched
