import torch
import torch.nn as nn

from modules import TransformerBlock


class TransformerClassifier(nn.Module):
    def __init__(self, vocab_size, num_classes, dim=256, depth=4, heads=8, max_len=512,
                 pad_id=0, label_smoothing=0.1):
        super().__init__()
        self.pad_id = pad_id
        self.tok_emb = nn.Embedding(vocab_size, dim, padding_idx=pad_id)
        self.pos_emb = nn.Parameter(torch.zeros(1, max_len + 1, dim))
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.blocks = nn.ModuleList([TransformerBlock(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, num_classes)
        self.criterion = nn.CrossEntropyLoss(label_smoothing=label_smoothing)
        nn.init.trunc_normal_(self.pos_emb, std=0.02)
        nn.init.trunc_normal_(self.cls_token, std=0.02)

    def forward(self, ids):
        B, N = ids.shape
        pad_mask = ids.eq(self.pad_id)
        x = torch.cat([self.cls_token.expand(B, -1, -1), self.tok_emb(ids)], dim=1)
        x = x + self.pos_emb[:, : N + 1]
        pad_mask = torch.cat([pad_mask.new_zeros(B, 1), pad_mask], dim=1)
        for blk in self.blocks:
            x = blk(x, pad_mask)
        return self.head(self.norm(x[:, 0]))

    def compute_loss(self, batch):
        ids, labels = batch
        logits = self(ids)
        loss = self.criterion(logits, labels)
        acc = (logits.argmax(-1) == labels).float().mean()
        return loss, acc
