import torch
import torch.nn as nn
import torch.nn.functional as F


class TextClassifier(nn.Module):
    """Lightning-style module: holds the model plus its step logic."""

    def __init__(self, vocab_size, num_classes, emb_dim=200, hidden=256, lr=1e-3, pad_idx=0):
        super().__init__()
        self.lr = lr
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=pad_idx)
        self.encoder = nn.GRU(emb_dim, hidden, batch_first=True, bidirectional=True)
        self.attn = nn.Linear(2 * hidden, 1)
        self.classifier = nn.Sequential(nn.Dropout(0.3), nn.Linear(2 * hidden, num_classes))
        self.pad_idx = pad_idx

    def forward(self, tokens):
        mask = tokens != self.pad_idx
        h, _ = self.encoder(self.embedding(tokens))
        scores = self.attn(h).squeeze(-1).masked_fill(~mask, float("-inf"))
        weights = torch.softmax(scores, dim=1).unsqueeze(-1)
        pooled = (weights * h).sum(dim=1)
        return self.classifier(pooled)

    def training_step(self, batch, batch_idx):
        tokens, labels = batch
        logits = self(tokens)
        loss = F.cross_entropy(logits, labels)
        acc = (logits.argmax(-1) == labels).float().mean()
        return {"loss": loss, "acc": acc.detach(), "n": labels.size(0)}

    def validation_step(self, batch, batch_idx):
        tokens, labels = batch
        logits = self(tokens)
        loss = F.cross_entropy(logits, labels, reduction="sum")
        correct = (logits.argmax(-1) == labels).sum()
        return {"loss_sum": loss.item(), "correct": correct.item(), "n": labels.size(0)}

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.lr)
